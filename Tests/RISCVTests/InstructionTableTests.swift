// Tests of the instruction table, decoder and encoder (Volume I, chapters 2, 16 and 24).
import Testing
import TestSupport
@testable import RISCV

@Suite struct InstructionTableTests {
    @Test func noTwo32BitEncodingsOverlap() {
        let encodings = InstructionTable.encodings
        var overlaps: [String] = []
        for a in encodings.indices {
            for b in encodings.indices where b > a {
                let shared = encodings[a].mask & encodings[b].mask
                if (encodings[a].match ^ encodings[b].match) & shared == 0 {
                    overlaps.append("\(encodings[a].mnemonic) ~ \(encodings[b].mnemonic)")
                }
            }
        }
        #expect(overlaps.isEmpty)
    }

    @Test func everyCompressedWordMatchesAtMostOneEncoding() {
        var overlaps: [String] = []
        var decodable = 0
        for halfword in 0...UInt16.max where halfword & 3 != 3 {
            let matching = InstructionTable.compressedEncodings.filter { $0.matches(halfword) }
            if matching.count > 1 {
                overlaps.append(matching.map(\.mnemonic).joined(separator: " ~ "))
            }
            if matching.count == 1 { decodable += 1 }
        }
        #expect(overlaps.isEmpty)
        // Sanity: most of the 49,152 compressed words are RV64C instructions.
        #expect(decodable > 40_000)
    }

    /// The decoder as the table describes it, one linear first match with the generic `ImmediateLayout`:
    /// the reference the bucketed decoder must agree with.
    static func referenceDecode(_ word: UInt32) -> Instruction {
        if word & 3 != 3 {
            let halfword = UInt16(truncatingIfNeeded: word)
            guard let encoding = InstructionTable.compressedEncodings.first(where: { $0.matches(halfword) }) else {
                return .illegal(length: 2, bits: UInt32(halfword))
            }
            let fields = encoding.format.registerFields
            func field(_ location: (Int, Bool)?) -> UInt8 {
                guard let (low, isPrime) = location else { return 0 }
                let bits = UInt32(halfword)
                return isPrime ? UInt8((bits >> UInt32(low)) & 7) + 8 : UInt8((bits >> UInt32(low)) & 31)
            }
            func register(_ source: RegisterSource) -> UInt8 {
                switch source {
                case .none: 0
                case .fixed(let number): number
                case .rdField: field(fields.rd)
                case .rs1Field: field(fields.rs1)
                case .rs2Field: field(fields.rs2)
                }
            }
            return Instruction(encoding.expandsTo, rd: register(encoding.rd), rs1: register(encoding.rs1),
                               rs2: register(encoding.rs2),
                               immediate: encoding.format.layout?.extract(UInt32(halfword)) ?? 0,
                               compressed: encoding.operation)
        }
        guard let encoding = InstructionTable.encodings.first(where: { $0.matches(word) }) else {
            return .illegal(length: 4, bits: word)
        }
        let fields = encoding.fields
        return Instruction(
            encoding.operation,
            rd: fields.contains(.rd) ? UInt8((word >> 7) & 31) : 0,
            rs1: fields.contains(.rs1) ? UInt8((word >> 15) & 31) : 0,
            rs2: fields.contains(.rs2) ? UInt8((word >> 20) & 31) : 0,
            rs3: fields.contains(.rs3) ? UInt8((word >> 27) & 31) : 0,
            immediate: encoding.immediate.layout?.extract(word) ?? 0,
            roundingMode: fields.contains(.roundingMode) ? UInt8((word >> 12) & 7) : 0,
            ordering: fields.contains(.ordering) ? UInt8((word >> 25) & 3) : 0)
    }

    @Test func compressedDecodeAgreesWithTheTableForEveryHalfword() {
        // All 49,152 words whose low bits are not 11, against a linear first match over the whole table.
        var mismatches: [UInt16] = []
        for halfword in 0...UInt16.max where halfword & 3 != 3 {
            let word = UInt32(halfword)
            if Decoder.decode(word) != Self.referenceDecode(word) || Decoder.decodeCompressed(halfword)
                != Self.referenceDecode(word) {
                mismatches.append(halfword)
            }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.prefix(8).map { String($0, radix: 16) })")
    }

    @Test func baseDecodeAgreesWithTheTable() {
        // Every encoding's match word with random operand bits, and random words.
        var generator = SystemRandomNumberGenerator()
        var mismatches: [UInt32] = []
        for encoding in InstructionTable.encodings {
            for _ in 0..<2_000 {
                let word = encoding.match | (UInt32.random(in: 0...UInt32.max, using: &generator) & ~encoding.mask)
                if Decoder.decode(word) != Self.referenceDecode(word) { mismatches.append(word) }
            }
        }
        for _ in 0..<200_000 {
            let word = UInt32.random(in: 0...UInt32.max, using: &generator) | 3
            if Decoder.decode(word) != Self.referenceDecode(word) { mismatches.append(word) }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.prefix(8).map { String($0, radix: 16) })")
    }

    @Test func immediatesAgreeWithTheirLayouts() {
        let baseFormats: [ImmediateFormat] = [.none, .i, .s, .b, .u, .j, .shift6, .shift5, .csr, .fence]
        let compressedFormats: [CompressedFormat] = [
            .ciw, .clWord, .clDouble, .csWord, .csDouble, .ci, .ciStackAdjust, .ciUpper, .ciShift,
            .ciLoadWordStack, .ciLoadDoubleStack, .cbShift, .cbImmediate, .cbBranch, .ca, .cj, .cr, .cssWord,
            .cssDouble,
        ]
        var mismatches: [String] = []
        for format in compressedFormats {
            for halfword in 0...UInt16.max
            where Decoder.immediate(of: halfword, format: format) != format.layout?.extract(UInt32(halfword)) ?? 0 {
                mismatches.append("\(format) \(String(halfword, radix: 16))")
            }
        }
        var generator = SystemRandomNumberGenerator()
        let words: [UInt32] = [0, .max, 0x8000_0000, 0x7fff_ffff]
            + (0..<100_000).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) }
        for format in baseFormats {
            for word in words where Decoder.immediate(of: word, format: format) != format.layout?.extract(word) ?? 0 {
                mismatches.append("\(format) \(String(word, radix: 16))")
            }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.prefix(8))")
    }

    @Test func everyOperationHasExactlyOneEncoding() {
        let operations = InstructionTable.encodings.map(\.operation)
        #expect(Set(operations).count == operations.count)
        #expect(operations.count == Operation.allCases.count - 1)
        for encoding in InstructionTable.encodings {
            #expect(encoding.operation.mnemonic == encoding.mnemonic)
        }
        for encoding in InstructionTable.compressedEncodings {
            #expect(encoding.operation.mnemonic == encoding.mnemonic)
        }
    }

    @Test func reservedCompressedEncodingsAreIllegal() {
        #expect(Decoder.decode(0x0000) == .illegal(length: 2))          // all zeros: c.addi4spn, imm 0
        #expect(Decoder.decode(0x6101).operation == .illegal)            // c.addi16sp with imm 0
        #expect(Decoder.decode(0x6001).operation == .illegal)            // c.lui x0.. imm 0
        #expect(Decoder.decode(0x8002).operation == .illegal)            // c.jr x0
        #expect(Decoder.decode(0x4002).operation == .illegal)            // c.lwsp x0
        #expect(Decoder.decode(0x2001).operation == .illegal)            // c.addiw x0
        #expect(Decoder.decode(0x9c41).operation == .illegal)            // reserved CA (funct 1 0 0 1 1 1, 10)
        #expect(Decoder.decode(0xffff_ffff).operation == .illegal)
    }
}

@Suite struct DecoderTests {
    @Test func decodesBaseInstructions() {
        #expect(Decoder.decode(0x0015_0513) == Instruction(.addi, rd: 10, rs1: 10, immediate: 1))
        #expect(Decoder.decode(0xfff5_0513) == Instruction(.addi, rd: 10, rs1: 10, immediate: -1))
        #expect(Decoder.decode(0x1234_5537) == Instruction(.lui, rd: 10, immediate: 0x1234_5000))
        #expect(Decoder.decode(0x8000_0537) == Instruction(.lui, rd: 10, immediate: Int32.min))
        #expect(Decoder.decode(0x00b5_3023) == Instruction(.sd, rs1: 10, rs2: 11, immediate: 0))
        #expect(Decoder.decode(0xfeb5_3c23) == Instruction(.sd, rs1: 10, rs2: 11, immediate: -8))
        #expect(Decoder.decode(0xfe05_8ee3) == Instruction(.beq, rs1: 11, rs2: 0, immediate: -4))
        #expect(Decoder.decode(0xffdf_f0ef) == Instruction(.jal, rd: 1, immediate: -4))
        #expect(Decoder.decode(0x4205_5513) == Instruction(.srai, rd: 10, rs1: 10, immediate: 32))
        #expect(Decoder.decode(0x0010_0073) == Instruction(.ebreak))
        #expect(Decoder.decode(0x3020_0073) == Instruction(.mret))
        #expect(Decoder.decode(0x0030_1573) == Instruction(.csrrw, rd: 10, rs1: 0, immediate: 3))
        #expect(Decoder.decode(0x1c05_252f) == Instruction(.scW, rd: 10, rs1: 10, rs2: 0, ordering: 2))
        #expect(Decoder.decode(0x02b5_7553) == Instruction(.faddD, rd: 10, rs1: 10, rs2: 11, roundingMode: 7))
        #expect(Decoder.decode(0xc001_1553) == Instruction(.fcvtWS, rd: 10, rs1: 2, roundingMode: 1))
    }

    @Test func expandsCompressedInstructions() {
        #expect(Decoder.decode(0x0505) == Instruction(.addi, rd: 10, rs1: 10, immediate: 1, compressed: .cAddi))
        #expect(Decoder.decode(0x0001) == Instruction(.addi, compressed: .cNop))
        #expect(Decoder.decode(0x557d) == Instruction(.addi, rd: 10, rs1: 0, immediate: -1, compressed: .cLi))
        #expect(Decoder.decode(0x8082) == Instruction(.jalr, rd: 0, rs1: 1, compressed: .cJr))
        #expect(Decoder.decode(0x9002) == Instruction(.ebreak, compressed: .cEbreak))
        #expect(Decoder.decode(0x852e) == Instruction(.add, rd: 10, rs1: 0, rs2: 11, compressed: .cMv))
        #expect(Decoder.decode(0x1141) == Instruction(.addi, rd: 2, rs1: 2, immediate: -16, compressed: .cAddi))
        #expect(Decoder.decode(0x7139) == Instruction(.addi, rd: 2, rs1: 2, immediate: -64, compressed: .cAddi16sp))
        #expect(Decoder.decode(0xe406) == Instruction(.sd, rs1: 2, rs2: 1, immediate: 8, compressed: .cSdsp))
        #expect(Decoder.decode(0x60a2) == Instruction(.ld, rd: 1, rs1: 2, immediate: 8, compressed: .cLdsp))
        #expect(Decoder.decode(0xa001) == Instruction(.jal, rd: 0, immediate: 0, compressed: .cJ))
        #expect(Decoder.decode(0x0800) == Instruction(.addi, rd: 8, rs1: 2, immediate: 16, compressed: .cAddi4spn))
        #expect(Decoder.decode(0x6505) == Instruction(.lui, rd: 10, immediate: 0x1000, compressed: .cLui))
        #expect(Decoder.decode(0x0505).length == 2)
    }
}

@Suite struct EncoderTests {
    @Test func roundTripsEveryBaseInstruction() throws {
        var random = SplitMix64(seed: 2024)
        for encoding in InstructionTable.encodings {
            for _ in 0..<200 {
                let fields = encoding.fields
                let raw = UInt32.random(in: 0...UInt32.max, using: &random)
                let instruction = Instruction(
                    encoding.operation,
                    rd: fields.contains(.rd) ? UInt8.random(in: 0...31, using: &random) : 0,
                    rs1: fields.contains(.rs1) ? UInt8.random(in: 0...31, using: &random) : 0,
                    rs2: fields.contains(.rs2) ? UInt8.random(in: 0...31, using: &random) : 0,
                    rs3: fields.contains(.rs3) ? UInt8.random(in: 0...31, using: &random) : 0,
                    immediate: encoding.immediate.layout?.extract(raw) ?? 0,
                    roundingMode: fields.contains(.roundingMode) ? UInt8.random(in: 0...7, using: &random) : 0,
                    ordering: fields.contains(.ordering) ? UInt8.random(in: 0...3, using: &random) : 0)
                let word = try Encoder.encode(instruction)
                #expect(encoding.matches(word), "\(encoding.mnemonic)")
                #expect(Decoder.decode(word) == instruction, "\(encoding.mnemonic) \(word)")
            }
        }
    }

    @Test func roundTripsEveryCompressedWord() throws {
        var count = 0
        for halfword in 0...UInt16.max where halfword & 3 != 3 {
            let instruction = Decoder.decodeCompressed(halfword)
            guard instruction.isLegal else { continue }
            let encoded = try Encoder.encode(instruction)
            if encoded != UInt32(halfword) {
                Issue.record("\(instruction.compressed.mnemonic) \(halfword) re-encodes as \(encoded)")
                return
            }
            count += 1
        }
        #expect(count > 40_000)
    }

    @Test func rejectsUnencodableOperands() {
        #expect(throws: Encoder.Failure.immediateOutOfRange(4096)) {
            try Encoder.encode(Instruction(.addi, rd: 1, rs1: 1, immediate: 4096))
        }
        #expect(throws: Encoder.Failure.immediateOutOfRange(3)) {
            try Encoder.encode(Instruction(.beq, rs1: 1, rs2: 2, immediate: 3))
        }
        #expect(throws: Encoder.Failure.registerOutOfRange(1)) {
            try Encoder.encode(Instruction(.lw, rd: 1, rs1: 9, immediate: 4, compressed: .cLw))
        }
        #expect(throws: Encoder.Failure.illegalOperation) { try Encoder.encode(Instruction(.illegal)) }
    }
}
