// Building and booting the bare-metal ISA test programs of Tests/Guest/isa (see isa.h there for their
// conventions: a failed check exits with its number through HTIF `tohost` and prints "FAIL: check n").
import Foundation
import Testing
import TestSupport

/// One assembly program of Tests/Guest/isa.
struct ISAProgram: Sendable, CustomTestStringConvertible {
    /// The source file name without `.S` (e.g. `rv64i`).
    let name: String
    /// The linker script in Tests/Guest/isa.
    var linkScript = "link.ld"

    /// How the test report names the argument.
    var testDescription: String { name }

    /// The folder of the programs, their headers and linker scripts.
    static let directory = TestPaths.packageRoot.appendingPathComponent("Tests/Guest/isa")

    /// The programs that must pass, one per instruction group.
    static let conformance: [ISAProgram] = [
        "rv64i", "rv64m", "rv64a", "rv64f", "rv64d", "rvc", "zicsr", "traps", "fencei", "console", "paging",
    ].map { ISAProgram(name: $0) }

    /// Compiles the program (cached under a name derived from the contents of the source, the shared
    /// headers, the linker script and the flags) and returns the ELF path.
    func build() throws -> String {
        try ISAProgram.build(source: ISAProgram.directory.appendingPathComponent("\(name).S").path,
                             linkScript: linkScript, name: name)
    }

    /// Serialises builds: parallel tests may ask for the same program, and GuestToolchain.compile names
    /// its temporary file after the process.
    private static let buildLock = NSLock()

    /// Compiles an assembly source with the ISA programs' flags.
    static func build(source: String, linkScript: String = "link.ld", name: String) throws -> String {
        buildLock.lock()
        defer { buildLock.unlock() }
        let script = directory.appendingPathComponent(linkScript).path
        let flags = ["-march=rv64gc", "-mabi=lp64d", "-nostdlib", "-nostartfiles", "-static",
                     "-Wl,--build-id=none", "-I", directory.path, "-T", script]
        var hash = FowlerNollVo()
        for path in [source, script, directory.appendingPathComponent("isa.h").path,
                     directory.appendingPathComponent("fp.h").path] {
            hash.add(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        hash.add(Data(flags.joined(separator: " ").utf8))
        let output = "isa-\(name)-\(String(hash.value, radix: 16)).elf"
        return try GuestToolchain.compile([source], output: output, flags: flags)
    }

    /// Builds the program and runs `morph boot` on it, bounded so that a hang fails instead of stalling.
    func boot(engine: TestEngine, _ options: [String] = ["--max-instructions", "50000000"]) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.morph, ["boot"] + engine.options + options + [try build()])
    }
}

/// FNV-1a, 64 bits: names cached builds after their inputs.
struct FowlerNollVo {
    /// The hash of everything added so far.
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Hashes `data` in.
    mutating func add(_ data: Data) {
        for byte in data {
            value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
        }
    }
}

extension ProcessResult {
    /// What a failed program run says about itself: its status, the check it reports and its output.
    var report: String {
        var text = "exit status \(status)"
        if output.contains("FAIL: check \(status)") { text += " = number of the failed check" }
        if status == 255, output.contains("unexpected trap") { text += " = an unexpected trap" }
        return text + "\nstdout: \(output)\nstderr: \(errorOutput)"
    }
}
