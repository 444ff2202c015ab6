// Golden test of the disassembler: every instruction of real statically linked riscv64 programs, compared
// line by line with `riscv64-linux-gnu-objdump -d -M no-aliases` (GNU binutils 2.40).
//
// What is compared: the instruction text after the raw-bytes column. objdump's annotations are removed
// first (the ` <symbol+0x…>` after branch targets and the ` # …` comment after multi-instruction address
// sequences); branch targets are printed the way objdump prints them in a file with symbols (`10434`, no
// `0x`). The addresses of the ` # …` comments are compared separately (DisassemblerAddressTracker), and
// Tests/MorphCommandsTests compares whole `morph disasm` listings, annotations included, byte for byte.
// Exceptions: none; the test fails on any difference.
import Foundation
import Testing
import TestSupport
import ELF
@testable import RISCV

/// The guest programs of this test: (sources, output name, compiler flags).
private let goldenPrograms: [(sources: [String], output: String, flags: [String])] = [
    (["Tests/Guest/disasm/isa_mix.c"], "disasm-isa-mix-O2", ["-O2", "-static", "-fno-math-errno"]),
    (["Tests/Guest/disasm/isa_mix.c"], "disasm-isa-mix-rv64gc-Os",
     ["-march=rv64gc", "-mabi=lp64d", "-Os", "-static", "-fno-math-errno"]),
]

/// The bytes at `address` from the executable section containing it.
private func bytes(of file: ELFFile, at address: UInt64, sections: [SectionHeader]) -> ArraySlice<UInt8>? {
    guard let section = sections.first(where: { address >= $0.address && address - $0.address < $0.size })
    else { return nil }
    let contents = file.contents(of: section)
    let start = contents.startIndex + Int(address - section.address)
    return contents[start...]
}

/// The address in objdump's ` # 1234 <symbol>` comment, if the line has one.
private func commentAddress(_ fullText: String) -> UInt64? {
    guard let comment = fullText.range(of: " # ") else { return nil }
    let rest = fullText[comment.upperBound...]
    let digits = rest.hasPrefix("0x") ? rest.dropFirst(2) : rest
    return UInt64(digits.prefix { $0.isHexDigit }, radix: 16)
}

/// The comparison of one program: mismatching lines, instruction count, the distinct instruction words,
/// the mnemonics seen, and the number of address comments compared.
private func compare(program path: String) throws -> (mismatches: [String], count: Int, words: Set<UInt64>,
                                                        mnemonics: Set<String>, comments: Int) {
    let file = try ELFFile(path: path)
    let executable = file.sections.filter { $0.isExecutable && $0.hasFileContents }
    let lines = try Objdump.disassemble(elf: path)
    var mismatches: [String] = []
    var words = Set<UInt64>()
    var mnemonics = Set<String>()
    // The ` # address` comments: the tracker must see the instructions in listing order, as objdump does.
    var tracker = DisassemblerAddressTracker(globalPointer: file.symbol(named: "__global_pointer$")?.value)
    var comments = 0
    for line in lines {
        guard let code = bytes(of: file, at: line.address, sections: executable),
              let (text, length) = Disassembler.text(ofBytes: code, at: line.address,
                                                     formatAddress: objdumpSymbolicAddress) else {
            mismatches.append("\(String(line.address, radix: 16)): no bytes for \(line.fullText)")
            continue
        }
        let word = code.prefix(min(length, 8)).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        words.insert(word | UInt64(length) << 60)
        mnemonics.insert(String(text.prefix { $0 != "\t" }))
        if text != line.text {
            mismatches.append("\(String(line.address, radix: 16)): \(line.raw): objdump \"\(line.text)\", "
                + "Morph \"\(text)\"")
        }
        if length == 2 || length == 4 {
            let instruction = Decoder.decode(UInt32(truncatingIfNeeded: word))
            let comment = Disassembler.isDataToObjdump(UInt32(truncatingIfNeeded: word)) ? nil
                : tracker.comment(for: instruction, at: line.address)
            let expected = commentAddress(line.fullText)
            if comment != expected {
                mismatches.append("\(String(line.address, radix: 16)): comment: objdump \"\(line.fullText)\", "
                    + "Morph \(comment.map { String($0, radix: 16) } ?? "none")")
            }
            if expected != nil { comments += 1 }
        }
    }
    return (mismatches, lines.count, words, mnemonics, comments)
}

@Suite struct DisassemblerGoldenTests {
    @Test func staticGlibcProgramsMatchObjdumpLineByLine() throws {
        var allWords = Set<UInt64>()
        var allMnemonics = Set<String>()
        var total = 0
        for program in goldenPrograms {
            let path = try GuestToolchain.compile(program.sources, output: program.output, flags: program.flags)
            let result = try compare(program: path)
            print("disasm golden: \(program.output): \(result.count) instructions, "
                + "\(result.words.count) distinct words, \(result.comments) address comments, "
                + "\(result.mismatches.count) mismatches")
            #expect(result.comments > 1_000)
            #expect(result.mismatches.isEmpty,
                    "\(program.output): \(result.mismatches.count) lines differ; first: \(result.mismatches.prefix(20))")
            #expect(result.count > 50_000)
            total += result.count
            allWords.formUnion(result.words)
            allMnemonics.formUnion(result.mnemonics)
        }
        print("disasm golden: total \(total) instructions, \(allWords.count) distinct words, "
            + "\(allMnemonics.count) distinct mnemonics")
        #expect(allWords.count > 20_000)
        // The inline assembly of isa_mix.c reaches every F, D and A operation and CSR form.
        for mnemonic in ["fmadd.d", "fnmsub.s", "fsqrt.d", "fcvt.lu.s", "fcvt.d.wu", "fclass.d", "fmv.w.x",
                         "amominu.d.aqrl", "lr.d.aqrl", "sc.w", "fence.tso", "fence.i", "csrrci", "csrrs",
                         "c.fldsp", "c.addi4spn", "c.subw"] {
            #expect(allMnemonics.contains(mnemonic), "no \(mnemonic) in the golden programs")
        }
    }
}
