// `morph run`: Linux user mode (see ../shared/guide/ARCHITECTURE.md, "The command line"). Loads a
// riscv64 ELF program (static, or dynamically linked: its interpreter comes from the sysroot), runs it
// with the process's own standard streams, and exits with its status: the guest's exit status, 128 +
// signal for a fatal guest signal, 124 when --max-instructions runs out, 126 when the program cannot be
// executed, 127 when it or its interpreter does not exist, and 70 when --verify finds a translated block
// that disagrees with the interpreter.
import ArgumentParser
import Glibc
import LinuxUser
import MorphCore

/// The `run` subcommand.
struct RunCommand: ParsableCommand {
    /// Command-line metadata.
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a riscv64 Linux program.",
        discussion: """
            A dynamically linked program runs with its interpreter (PT_INTERP) from the sysroot, which \
            also serves its libraries: absolute paths the program opens or inspects are looked up under \
            the sysroot first, then on the host (qemu-riscv64's -L).

            Exit status: the program's own; 128 + N when signal N ends it (a one-line report on standard \
            error names the pc, the faulting address and the instruction); 124 when --max-instructions runs \
            out; 126 when the file cannot be executed; 127 when it or its interpreter does not exist; 70 \
            when --verify finds a translated block that disagrees with the interpreter.
            """)

    /// `--engine` and `--code-cache`.
    @OptionGroup var engineOptions: EngineOptions

    /// Whether to trace system calls (`--strace`).
    @Flag(help: "Print each system call to standard error, as strace does.")
    var strace = false

    /// Whether to print statistics (`--stats`).
    @Flag(help: "Print execution statistics to standard error at exit.")
    var stats = false

    /// The instruction budget (`--max-instructions`).
    @Option(help: "Stop with exit status 124 after this many guest instructions.")
    var maxInstructions: UInt64?

    @Option(help: ArgumentHelp("The most memory the program may map at once (e.g. 512M, 4G); beyond it "
                               + "mmap and brk fail with ENOMEM. Default: the host's physical memory.",
                               valueName: "size"))
    /// The mapping limit (`--memory-limit`).
    var memoryLimit: ByteSize?

    /// The sysroot (`--sysroot`).
    @Option(help: ArgumentHelp("The riscv64 sysroot: the interpreter of a dynamically linked program and the "
                               + "absolute paths it opens are looked up here first. Default: "
                               + "$\(SysrootPathResolver.environmentVariable), else "
                               + "\(SysrootPathResolver.debianCrossSysroot) when it exists.",
                               valueName: "dir"))
    var sysroot: String?

    /// argv[0] of the program (`--argv0`).
    @Option(help: ArgumentHelp("argv[0] of the program (default: PROGRAM as given), as qemu-riscv64's -0; "
                               + "execve(2) in a guest uses it.", valueName: "name"))
    var argv0: String?

    /// The program to run.
    @Argument(help: "The program (a riscv64 ELF executable, static or dynamically linked).")
    var program: String

    /// The program's arguments.
    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the program.")
    var arguments: [String] = []

    /// Loads and runs the program, then exits with its status.
    func run() throws {
        var options = ProcessOptions()
        options.traceSystemCalls = strace
        options.mappingLimit = memoryLimit?.bytes
        options.sysroot = sysroot ?? SysrootPathResolver.defaultSysroot(
            environmentValue: getenv(SysrootPathResolver.environmentVariable).map { String(cString: $0) })
        options.catchesHostSignals = true
        options.executionArguments = executionArguments(sysroot: options.sysroot)
        let process: LinuxProcess
        do {
            process = try LinuxProcess(path: program, arguments: [argv0 ?? program] + arguments,
                                       environment: RunCommand.hostEnvironment(), options: options,
                                       engine: engineOptions.factory)
        } catch {
            throw failure(error.description, status: error.exitStatus)
        }
        let start = monotonicSeconds()
        let termination = process.run(maxInstructions: maxInstructions)
        let elapsed = monotonicSeconds() - start
        if let report = termination.report(instructionLimit: maxInstructions ?? 0) {
            writeStandardError(report + "\n")
        }
        if stats {
            writeStandardError(statisticsReport(engine: process.engine, kind: engineOptions.kind, seconds: elapsed,
                                                allThreads: process.allThreads))
        }
        // A guest killed by a signal kills Morph with it, so a parent sees a signal death (WIFSIGNALED).
        if case .signaled = termination { termination.endHostProcess() }
        throw ExitCode(termination.exitStatus)
    }

    /// The options a program the guest starts with execve(2) runs with: the same engine and settings.
    /// Each new program gets the whole `--max-instructions` budget again.
    func executionArguments(sysroot: String?) -> [String] {
        var result = ["--engine", engineOptions.kind.rawValue, "--jit-threshold", String(engineOptions.jitThreshold),
                      "--code-cache", String(engineOptions.codeCacheBytes), "--sysroot", sysroot ?? ""]
        if engineOptions.verify { result.append("--verify") }
        if strace { result.append("--strace") }
        if stats { result.append("--stats") }
        if let maxInstructions { result += ["--max-instructions", String(maxInstructions)] }
        if let memoryLimit { result += ["--memory-limit", String(memoryLimit.bytes)] }
        return result
    }

    /// `value` rounded to `decimals` places, without Foundation.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 9e18 else { return String(value) }
        let integer = Int64(scaled)
        let magnitude = integer.magnitude
        let whole = magnitude / UInt64(scale)
        let fraction = String(magnitude % UInt64(scale))
        let padded = String(repeating: "0", count: decimals - fraction.count) + fraction
        return (integer < 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + padded : "")
    }

    /// The host environment as `NAME=value` strings, passed to the guest unchanged (as qemu-user does).
    static func hostEnvironment() -> [String] {
        var result: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            result.append(String(cString: entry))
            cursor += 1
        }
        return result
    }
}
