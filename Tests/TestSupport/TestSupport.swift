// Shared helpers for Morph's test targets: running processes, finding the package and the built `morph`
// executable, and compiling guest programs with the riscv64 cross compiler (installed on demand).
import Foundation

/// The result of running a process to completion.
public struct ProcessResult: Sendable {
    /// The exit status, or 128 + signal number if it was killed by a signal.
    public let status: Int32
    /// Everything it wrote to standard output.
    public let standardOutput: Data
    /// Everything it wrote to standard error.
    public let standardError: Data

    /// Standard output decoded as UTF-8 (lossy).
    public var output: String { String(decoding: standardOutput, as: UTF8.self) }
    /// Standard error decoded as UTF-8 (lossy).
    public var errorOutput: String { String(decoding: standardError, as: UTF8.self) }
}

/// Errors of the test helpers.
public struct TestSupportError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// Runs external programs.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, feeding `input` on standard input, and waits for it.
    public static func run(_ executable: String, _ arguments: [String] = [], input: Data = Data(),
                           environment: [String: String]? = nil,
                           currentDirectory: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        // Read both pipes concurrently so that neither can fill up and block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = stderrPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if !input.isEmpty { stdinPipe.fileHandleForWriting.write(input) }
        try? stdinPipe.fileHandleForWriting.close()
        let outputData = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(status: status, standardOutput: outputData, standardError: errorData)
    }

    /// Runs a shell command line with `/bin/sh -c`.
    public static func shell(_ command: String) throws -> ProcessResult {
        try run("/bin/sh", ["-c", command])
    }
}

/// Well-known locations.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The build products folder of this test run (where `morph` is built next to the test bundle).
    public static let productsDirectory: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var url = testBinary.deletingLastPathComponent()
        // Linux: .build/debug/MorphPackageTests.xctest; the products sit in .build/debug.
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("morph").path) { return url }
            url.deleteLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    /// The `morph` executable built for this test run.
    public static var morph: String { productsDirectory.appendingPathComponent("morph").path }

    /// A folder for guest programs compiled by the tests (outside the package, shared across runs).
    public static let guestBuildDirectory: URL = {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("morph-test-guests")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()
}

/// The riscv64 Linux cross toolchain and the qemu-riscv64 oracle, installed with apt-get when missing.
public enum GuestToolchain {
    /// The C compiler.
    public static let cc = "/usr/bin/riscv64-linux-gnu-gcc"
    /// The C++ compiler.
    public static let cxx = "/usr/bin/riscv64-linux-gnu-g++"
    /// The oracle emulator.
    public static let qemu = "/usr/bin/qemu-riscv64"
    /// The reference disassembler.
    public static let objdump = "/usr/bin/riscv64-linux-gnu-objdump"
    /// The riscv64 sysroot of Debian's cross packages (libc6-riscv64-cross, which gcc-riscv64-linux-gnu
    /// pulls in, and libstdc++6-riscv64-cross): the dynamic linker and the shared libraries.
    public static let sysroot = "/usr/riscv64-linux-gnu"

    private static let installation: Result<Void, TestSupportError> = {
        let tools = [cc, cxx, qemu, objdump]
        if tools.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) { return .success(()) }
        let command = "(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "
            + "gcc-riscv64-linux-gnu g++-riscv64-linux-gnu binutils-riscv64-linux-gnu libc6-riscv64-cross "
            + "libstdc++6-riscv64-cross qemu-user) >/dev/null 2>&1"
        let sudo = getuid() == 0 ? "" : "sudo "
        _ = try? ProcessRunner.shell(sudo + command)
        if tools.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) { return .success(()) }
        return .failure(TestSupportError("could not install the riscv64 cross toolchain and qemu-user"))
    }()

    /// Makes sure the toolchain is installed (once per test process).
    public static func ensureInstalled() throws {
        try installation.get()
    }

    /// Compiles `sources` (paths relative to the package root or absolute) into `output` under the guest
    /// build directory, unless it is newer than all sources. `libraries` (`-lm`) follow the sources on
    /// the command line, where the linker needs them. Returns the output path.
    @discardableResult
    public static func compile(_ sources: [String], output: String, flags: [String] = ["-O2", "-static"],
                               libraries: [String] = []) throws -> String {
        try ensureInstalled()
        let root = TestPaths.packageRoot
        let paths = sources.map { $0.hasPrefix("/") ? $0 : root.appendingPathComponent($0).path }
        let outputPath = TestPaths.guestBuildDirectory.appendingPathComponent(output).path
        let fileManager = FileManager.default
        func modified(_ path: String) -> Date {
            (try? fileManager.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
        }
        if fileManager.fileExists(atPath: outputPath),
           paths.allSatisfy({ modified($0) < modified(outputPath) }) {
            return outputPath
        }
        let isCxx = paths.contains { $0.hasSuffix(".cc") || $0.hasSuffix(".cpp") }
        // Tests run concurrently in one process and may build the same guest at once: each build writes
        // its own file and rename(2) replaces the output atomically, so no reader sees a partial file.
        let temporary = outputPath + ".tmp\(getpid())-\(UUID().uuidString)"
        let result = try ProcessRunner.run(isCxx ? cxx : cc, flags + paths + libraries + ["-o", temporary])
        guard result.status == 0 else {
            throw TestSupportError("compiling \(sources) failed:\n\(result.errorOutput)")
        }
        guard rename(temporary, outputPath) == 0 else {
            let error = errno
            _ = try? fileManager.removeItem(atPath: temporary)
            throw TestSupportError("renaming \(temporary) to \(outputPath) failed: errno \(error)")
        }
        return outputPath
    }
}

/// SplitMix64: a small seeded generator, so that randomized tests are reproducible and a failure names
/// the input that caused it.
public struct SplitMix64: RandomNumberGenerator {
    /// The generator's state; the seed.
    public var state: UInt64

    /// Creates a generator with `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// The engines every conformance, guest-program and workload test runs under, by their `--engine` names.
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The interpreter (the reference).
    case interp
    /// The dynamic binary translator.
    case jit

    /// The `--engine` name.
    public var description: String { rawValue }

    /// The options that select the engine. The translator translates every block on its first visit
    /// (`--jit-threshold 1`), so that short test programs run translated code, not the interpreter that
    /// tiering would leave cold code to.
    public var options: [String] {
        switch self {
        case .interp: ["--engine", "interp"]
        case .jit: ["--engine", "jit", "--jit-threshold", "1"]
        }
    }

    /// `options` as shell words.
    public var shellOptions: String { options.joined(separator: " ") }
}
