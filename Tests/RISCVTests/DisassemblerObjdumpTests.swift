// Generated-word comparison of the disassembler with `riscv64-linux-gnu-objdump -D -b binary -M no-aliases`
// (binutils 2.40): every 16-bit compressed parcel, random words of every 32-bit encoding in the table
// (Scripts/instructions.txt), every CSR number and every rounding mode. Targets print as `0x…` here, as
// objdump prints them for raw bytes without symbols; the ` # …` address comments are removed.
import Testing
import TestSupport
@testable import RISCV

/// Little-endian bytes of a sequence of instructions.
private func bytes(of words: [UInt32]) -> [UInt8] {
    var bytes: [UInt8] = []
    for word in words {
        let length = word & 3 == 3 ? 4 : 2
        for index in 0..<length { bytes.append(UInt8(truncatingIfNeeded: word >> (index * 8))) }
    }
    return bytes
}

/// Disassembles `bytes` with objdump and with Morph; returns the differing lines and the number compared.
private func compareWithObjdump(_ bytes: [UInt8], name: String) throws -> (mismatches: [String], count: Int) {
    let lines = try Objdump.disassemble(rawBytes: bytes, name: name)
    var mismatches: [String] = []
    for line in lines {
        let text = Disassembler.text(ofBytes: bytes[Int(line.address)...], at: line.address)?.text
        if text != line.text {
            mismatches.append("\(line.raw): objdump \"\(line.text)\", Morph \"\(text ?? "nil")\"")
        }
    }
    return (mismatches, lines.count)
}


@Suite struct DisassemblerObjdumpTests {
    @Test func everyCompressedParcel() throws {
        let words = (0...UInt32(0xffff)).filter { $0 & 3 != 3 }
        let result = try compareWithObjdump(bytes(of: words), name: "compressed")
        #expect(result.count == 49_152)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.count): \(result.mismatches.prefix(20))")
    }

    @Test func randomWordsOfEvery32BitEncoding() throws {
        var generator = SplitMix64(seed: 2024)
        var words: [UInt32] = []
        for encoding in InstructionTable.encodings {
            for _ in 0..<200 { words.append(UInt32.random(in: 0...UInt32.max, using: &generator) & ~encoding.mask | encoding.match) }
        }
        // And arbitrary 32-bit words, most of them not instructions (keeping them 32-bit long).
        for _ in 0..<50_000 {
            var word = UInt32.random(in: 0...UInt32.max, using: &generator) | 3
            if word & 0x1f == 0x1f { word &= ~4 }
            words.append(word)
        }
        let result = try compareWithObjdump(bytes(of: words), name: "random32")
        #expect(result.count == words.count)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.count): \(result.mismatches.prefix(20))")
    }

    @Test func everyControlStatusRegisterNumber() throws {
        // csrrs a0, csr, zero for all 4096 CSR numbers.
        let words = (0..<UInt32(4096)).map { $0 << 20 | 2 << 12 | 10 << 7 | 0x73 }
        let result = try compareWithObjdump(bytes(of: words), name: "csr")
        #expect(result.count == 4096)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.count): \(result.mismatches.prefix(20))")
        #expect(ControlStatusRegisterNames.all.count == 407)
    }

    @Test func everyRoundingModeOfEveryFloatingPointOperation() throws {
        var words: [UInt32] = []
        for encoding in InstructionTable.encodings where encoding.fields.contains(.roundingMode) {
            // fa0/a0, fa2/a2, fa1 and fa3 in whichever register fields the encoding leaves free.
            let registers: UInt32 = (13 << 27 | 11 << 20 | 12 << 15 | 10 << 7) & ~encoding.mask
            for roundingMode in UInt32(0)...7 {
                words.append(encoding.match | registers | roundingMode << 12)
            }
        }
        let result = try compareWithObjdump(bytes(of: words), name: "rounding")
        #expect(result.count == words.count)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.count): \(result.mismatches.prefix(20))")
    }

    @Test func longerEncodingsAndOddTails() throws {
        // 48-, 64- and 80-bit parcels, the reserved 192-bit prefix, then instructions after them.
        let stream: [UInt8] = [0x1f, 0x00, 0x34, 0x12, 0x78, 0x56,
                               0x3f, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00,
                               0x7f, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00,
                               0xff, 0xff, 0x13, 0x05, 0xa5, 0x00, 0x05, 0x04]
        let lines = try Objdump.disassemble(rawBytes: stream, name: "long")
        var offset = 0
        var compared = 0
        while offset < stream.count, let (text, length) = Disassembler.text(ofBytes: stream[offset...],
                                                                            at: UInt64(offset)) {
            let line = lines.first { $0.address == UInt64(offset) }
            #expect(line?.text == text, "at \(offset)")
            offset += length
            compared += 1
        }
        #expect(offset == stream.count)
        #expect(compared == 6)
    }
}
