// Helpers for the Linux user-mode tests: building the project's riscv64 guest programs once per test
// process, and running them under `morph run` and under qemu-riscv64 (the oracle).
import Foundation
import TestSupport

/// Builds and runs guest programs.
enum GuestPrograms {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: [String: String] = [:]

    /// Compiles `sources` (package-relative) into a program named `output`, once per test process.
    /// Serialised: parallel tests that need the same program must not compile it side by side.
    static func build(_ sources: [String], output: String, flags: [String] = ["-O2", "-static"]) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        let key = output + "|" + flags.joined(separator: " ")
        if let path = built[key] { return path }
        let path = try GuestToolchain.compile(sources, output: "linux-user-" + output, flags: flags)
        built[key] = path
        return path
    }

    /// Compiles `Tests/Guest/syscalls/<name>.c`.
    static func syscallProgram(_ name: String, flags: [String] = ["-O2", "-static"]) throws -> String {
        try build(["Tests/Guest/syscalls/\(name).c"], output: "syscalls-\(name)", flags: flags)
    }

    /// The contents of a file under `Tests/Guest/syscalls`.
    static func expectedOutput(_ name: String) throws -> String {
        let url = TestPaths.packageRoot.appendingPathComponent("Tests/Guest/syscalls/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Runs `morph` with `arguments`.
    static func morph(_ arguments: [String], input: Data = Data(), environment: [String: String]? = nil,
                      currentDirectory: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.morph, arguments, input: input, environment: environment,
                              currentDirectory: currentDirectory)
    }

    /// Runs `morph run [options] program arguments`.
    static func run(_ program: String, _ arguments: [String] = [], options: [String] = [], input: Data = Data(),
                    environment: [String: String]? = nil, currentDirectory: String? = nil) throws -> ProcessResult {
        try morph(["run"] + options + [program] + arguments, input: input, environment: environment,
                  currentDirectory: currentDirectory)
    }

    /// Runs `program` under qemu-riscv64.
    static func qemu(_ program: String, _ arguments: [String] = [], input: Data = Data(),
                     environment: [String: String]? = nil, currentDirectory: String? = nil) throws -> ProcessResult {
        try GuestToolchain.ensureInstalled()
        return try ProcessRunner.run(GuestToolchain.qemu, [program] + arguments, input: input, environment: environment,
                                     currentDirectory: currentDirectory)
    }
}
