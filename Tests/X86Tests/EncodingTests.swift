// The encoding table (EncodingRows.swift) checked two ways: the assembler produces each row's bytes, and
// GNU as produces the same bytes for each row's Intel-syntax text.
import Testing
import TestSupport
import X86

/// One instruction: its GNU as Intel-syntax text, its encoding, and the assembler call that emits it.
struct Row {
    /// The line as GNU as reads it (`.intel_syntax noprefix`).
    let text: String
    /// The expected bytes.
    let expected: [UInt8]
    /// Where the row is written, for failure messages.
    let sourceLocation: SourceLocation
    /// The call under test.
    let emit: (inout Assembler) -> Void

    /// A row; `expected` is the bytes in hexadecimal as objdump prints them ("48 89 d8").
    init(_ text: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation,
         _ emit: @escaping (inout Assembler) -> Void) {
        self.text = text
        self.expected = expected.split(separator: " ").map { UInt8($0, radix: 16)! }
        self.sourceLocation = sourceLocation
        self.emit = emit
    }

    /// The bytes the assembler produces for the row.
    var assembled: [UInt8] {
        var assembler = Assembler()
        emit(&assembler)
        return assembler.bytes
    }
}

/// Bytes as "48 89 d8".
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
}

@Suite struct EncodingTests {
    @Test func theTableIsLargeAndItsTextsAreDistinct() {
        let rows = EncodingRows.all
        #expect(rows.count >= 250)
        #expect(Set(rows.map(\.text)).count == rows.count)
    }

    @Test func everyRowEncodesToItsBytes() {
        for row in EncodingRows.all {
            let bytes = row.assembled
            #expect(bytes == row.expected,
                    "\(row.text): expected \(hex(row.expected)), assembled \(hex(bytes))",
                    sourceLocation: row.sourceLocation)
        }
    }

    @Test func everyRowMatchesGNUAs() throws {
        let rows = EncodingRows.all
        let reference = try GNUAssembler.assemble(lines: rows.map(\.text))
        try #require(reference.count == rows.count)
        for (row, bytes) in zip(rows, reference) {
            #expect(row.expected == bytes, "\(row.text): the table says \(hex(row.expected)), as \(hex(bytes))",
                    sourceLocation: row.sourceLocation)
            let assembled = row.assembled
            #expect(assembled == bytes, "\(row.text): assembled \(hex(assembled)), as \(hex(bytes))",
                    sourceLocation: row.sourceLocation)
        }
    }
}
