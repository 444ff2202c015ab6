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
    /// An `output` of the form `folder/name` goes into its own folder (a library and the programs that
    /// find it next to themselves through `$ORIGIN`).
    static func build(_ sources: [String], output: String, flags: [String] = ["-O2", "-static"],
                      libraries: [String] = []) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        let key = output + "|" + (flags + libraries).joined(separator: " ")
        if let path = built[key] { return path }
        let name = "linux-user-" + output
        if let slash = name.lastIndex(of: "/") {
            try FileManager.default.createDirectory(
                at: TestPaths.guestBuildDirectory.appendingPathComponent(String(name[..<slash])),
                withIntermediateDirectories: true)
        }
        let path = try GuestToolchain.compile(sources, output: name, flags: flags, libraries: libraries)
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

    /// Runs `executable` the way a shell would: Foundation's Process starts children with almost every
    /// signal blocked, and a signal mask survives execve, so the guest (under Morph or qemu) would inherit
    /// it. Perl (Essential in Debian) clears the mask and execs the real program.
    static func launch(_ executable: String, _ arguments: [String], input: Data, environment: [String: String]?,
                       currentDirectory: String?) throws -> ProcessResult {
        let perl = "/usr/bin/perl"
        guard FileManager.default.isExecutableFile(atPath: perl) else {
            return try ProcessRunner.run(executable, arguments, input: input, environment: environment,
                                         currentDirectory: currentDirectory)
        }
        // Descriptors above 2 are closed too: a child spawned while other tests spawn theirs can inherit
        // stray pipe ends, and a guest that checks which numbers open(2) hands out would see holes.
        let script = "use POSIX; sigprocmask(SIG_SETMASK, POSIX::SigSet->new) or die; POSIX::close($_) for 3..1023; "
            + "exec {$ARGV[0]} @ARGV or die"
        return try ProcessRunner.run(perl, ["-e", script, executable] + arguments, input: input,
                                     environment: environment, currentDirectory: currentDirectory)
    }

    /// Runs `morph` with `arguments`.
    static func morph(_ arguments: [String], input: Data = Data(), environment: [String: String]? = nil,
                      currentDirectory: String? = nil) throws -> ProcessResult {
        try launch(TestPaths.morph, arguments, input: input, environment: environment,
                   currentDirectory: currentDirectory)
    }

    /// Runs `morph run [options] program arguments`.
    static func run(engine: TestEngine, _ program: String, _ arguments: [String] = [], options: [String] = [],
                    input: Data = Data(), environment: [String: String]? = nil,
                    currentDirectory: String? = nil) throws -> ProcessResult {
        try morph(["run"] + engine.options + options + [program] + arguments, input: input,
                  environment: environment,
                  currentDirectory: currentDirectory)
    }

    /// Runs `body` with the path of a fresh empty directory named after `label`, removed afterwards (each
    /// guest run gets its own working directory).
    static func inFreshDirectory(_ label: String, _ body: (String) throws -> ProcessResult) throws -> ProcessResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("morph-guest-\(label)-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory.path)
    }

    /// Runs `program` under qemu-riscv64 (`sysroot`: with `-L sysroot`, for dynamically linked programs).
    static func qemu(_ program: String, _ arguments: [String] = [], sysroot: String? = nil, input: Data = Data(),
                     environment: [String: String]? = nil, currentDirectory: String? = nil) throws -> ProcessResult {
        try GuestToolchain.ensureInstalled()
        let options = sysroot.map { ["-L", $0] } ?? []
        return try launch(GuestToolchain.qemu, options + [program] + arguments, input: input,
                          environment: environment, currentDirectory: currentDirectory)
    }
}
