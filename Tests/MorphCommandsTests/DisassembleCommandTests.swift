// Tests of `morph disasm` (ARCHITECTURE.md, "The command line"): whole listings compared byte for byte
// with `riscv64-linux-gnu-objdump -d -M no-aliases` (binutils 2.40), and one-line errors for bad input.
import Foundation
import Testing
import TestSupport

private let objdump = "/usr/bin/riscv64-linux-gnu-objdump"

/// Runs `morph disasm` with `arguments`.
private func disasm(_ arguments: [String]) throws -> ProcessResult {
    try ProcessRunner.run(TestPaths.morph, ["disasm"] + arguments)
}

/// A file in the guest build directory holding `bytes`.
private func scratchFile(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = TestPaths.guestBuildDirectory.appendingPathComponent("disasm-cli-\(name)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

/// The first line where two listings differ, for a readable failure.
private func firstDifference(_ expected: String, _ actual: String) -> String {
    let left = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let right = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for index in 0..<max(left.count, right.count) {
        let a = index < left.count ? String(left[index]) : "<end>"
        let b = index < right.count ? String(right[index]) : "<end>"
        if a != b { return "line \(index + 1): objdump \"\(a)\", morph \"\(b)\"" }
    }
    return "none"
}

@Suite struct DisassembleCommandTests {
    /// Static programs: with symbols, compiled for -O2 and -Os rv64gc, with the symbols stripped, the
    /// assembly program of layout edge cases, and a relocatable object file.
    @Test(arguments: ["isa-mix", "elf-sample-Os", "stripped", "listing-edges", "object-file"])
    func listingIsObjdumpsByteForByte(_ variant: String) throws {
        var path: String
        switch variant {
        case "isa-mix":
            path = try GuestToolchain.compile(["Tests/Guest/disasm/isa_mix.c"], output: "disasm-isa-mix-O2",
                                              flags: ["-O2", "-static", "-fno-math-errno"])
        case "elf-sample-Os":
            path = try GuestToolchain.compile(["Tests/Guest/disasm/elf_sample.c"], output: "disasm-elf-sample-Os",
                                              flags: ["-march=rv64gc", "-Os", "-static"])
        case "object-file":
            path = try GuestToolchain.compile(["Tests/Guest/disasm/isa_mix.c"], output: "disasm-isa-mix.o",
                                              flags: ["-O2", "-c", "-fno-math-errno"])
        case "listing-edges":
            path = try GuestToolchain.compile(["Tests/Guest/disasm/listing_edges.S"], output: "disasm-listing-edges",
                                              flags: ["-nostdlib", "-static"])
        default:
            let unstripped = try GuestToolchain.compile(["Tests/Guest/disasm/elf_sample.c"],
                                                        output: "disasm-elf-sample")
            path = TestPaths.guestBuildDirectory.appendingPathComponent("disasm-cli-stripped").path
            let strip = try ProcessRunner.run("/usr/bin/riscv64-linux-gnu-strip", ["-o", path, unstripped])
            #expect(strip.status == 0)
        }
        let expected = try ProcessRunner.run(objdump, ["-d", "-M", "no-aliases", path])
        #expect(expected.status == 0)
        let result = try disasm([path])
        #expect(result.status == 0)
        #expect(result.errorOutput.isEmpty)
        let small = variant == "listing-edges" || variant == "object-file"
        #expect(result.output.utf8.count > (small ? 1_000 : 1_000_000))
        #expect(result.output == expected.output, "first difference: \(firstDifference(expected.output, result.output))")
    }

    @Test func mainIsListedWithObjdumpsText() throws {
        let path = try GuestToolchain.compile(["Tests/Guest/disasm/elf_sample.c"], output: "disasm-elf-sample")
        let reference = try ProcessRunner.run(objdump, ["-d", "-M", "no-aliases", "--disassemble=main", path])
        let referenceLines = reference.output.split(separator: "\n").filter { $0.contains(":\t") }
        #expect(referenceLines.count > 10)
        let output = try disasm([path]).output
        #expect(output.contains("\n0000000000010"), "a 16-digit label address")
        guard let start = output.range(of: " <main>:\n") else {
            Issue.record("no <main> label in the listing")
            return
        }
        let lines = output[start.upperBound...].split(separator: "\n").prefix(referenceLines.count)
        #expect(lines.map(String.init) == referenceLines.map(String.init))
    }

    @Test func badInputsFailWithOneLine() throws {
        let sample = try GuestToolchain.compile(["Tests/Guest/disasm/elf_sample.c"], output: "disasm-elf-sample")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sample)))
        var thirtyTwoBit = bytes
        thirtyTwoBit[4] = 1
        let cases: [(path: String, message: String)] = [
            ("/nonexistent/morph-disasm-input", "no such file"),
            (NSTemporaryDirectory(), "is a directory"),
            (try scratchFile("text", Array("not a program\n".utf8)), "not an ELF file"),
            (try scratchFile("empty", []), "not an ELF file"),
            (try scratchFile("truncated", Array(bytes.prefix(300))), "truncated ELF"),
            (try scratchFile("cut-sections", Array(bytes.dropLast(100))), "truncated ELF"),
            (try scratchFile("elf32", thirtyTwoBit), "32-bit ELF files are not supported"),
            (TestPaths.morph, "not a RISC-V ELF file"),  // an x86-64 executable
        ]
        for (path, message) in cases {
            let result = try disasm([path])
            #expect(result.status == 1, "\(path)")
            #expect(result.output.isEmpty, "\(path)")
            let lines = result.errorOutput.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty, "one line for \(path): \(result.errorOutput)")
            #expect(result.errorOutput.hasPrefix("morph: error: "), "\(path): \(result.errorOutput)")
            #expect(result.errorOutput.contains(message), "\(path): \(result.errorOutput)")
            // The path is named exactly once.
            #expect(result.errorOutput.components(separatedBy: path).count == 2, "\(result.errorOutput)")
        }
        // A missing argument is a usage error.
        let usage = try disasm([])
        #expect(usage.status != 0)
        #expect(usage.output.isEmpty)
    }
}
