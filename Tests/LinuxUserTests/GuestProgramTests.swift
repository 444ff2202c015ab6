// The project's guest programs (Tests/Guest/linux, listed in manifest.tsv) run under `morph run` and under
// qemu-riscv64 (Debian's qemu-user, the oracle): standard output and exit status must be identical.
import Foundation
import Testing
import TestSupport

/// One line of Tests/Guest/linux/manifest.tsv: `name <TAB> args <TAB> exit <TAB> note`.
struct GuestProgram: Sendable, CustomTestStringConvertible {
    /// The program's name: its source is linux/NAME.c or linux/NAME.cc.
    let name: String
    /// Arguments after argv[0].
    let arguments: [String]
    /// The exit status the manifest records (as observed under qemu-riscv64).
    let expectedStatus: Int32
    /// What the program covers.
    let note: String

    var testDescription: String { name }
}

/// Reads the manifest and builds the programs with Tests/Guest/build-guests.sh.
enum GuestManifest {
    static let directory = "Tests/Guest/linux"

    /// The manifest's programs, or the reason it cannot be read.
    static let programs: Result<[GuestProgram], TestSupportError> = {
        let url = TestPaths.packageRoot.appendingPathComponent(directory + "/manifest.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return .failure(TestSupportError("\(url.path) is missing"))
        }
        return parse(text)
    }()

    /// The programs for the parameterized test (a broken manifest fails the `manifest` test instead).
    static var arguments: [GuestProgram] { (try? programs.get()) ?? [] }

    /// Parses the manifest: '#' lines are comments; fields are separated by one TAB.
    static func parse(_ text: String) -> Result<[GuestProgram], TestSupportError> {
        var programs: [GuestProgram] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, !fields[0].isEmpty, let status = Int32(fields[2]) else {
                return .failure(TestSupportError("malformed manifest line: \(line)"))
            }
            programs.append(GuestProgram(name: fields[0], arguments: splitArguments(fields[1]), expectedStatus: status,
                                         note: fields.count > 3 ? fields[3] : ""))
        }
        return .success(programs)
    }

    /// The manifest's argument syntax: words separated by single spaces; a double-quoted group is one
    /// argument, quotes removed; no other escapes.
    static func splitArguments(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false, quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
                inWord = true
            } else if character == " " && !quoted {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// Where build-guests.sh puts the executables.
    static let buildDirectory = TestPaths.guestBuildDirectory.appendingPathComponent("linux-guests")

    /// Builds every program once per test process (the script skips up-to-date ones).
    static let built: Result<Void, TestSupportError> = {
        do {
            try GuestToolchain.ensureInstalled()
            let script = TestPaths.packageRoot.appendingPathComponent("Tests/Guest/build-guests.sh").path
            let result = try ProcessRunner.run("/bin/bash", [script, buildDirectory.path])
            guard result.status == 0 else {
                return .failure(TestSupportError("build-guests.sh failed:\n\(result.errorOutput)"))
            }
            return .success(())
        } catch {
            return .failure(TestSupportError("build-guests.sh could not run: \(error)"))
        }
    }()
}

@Suite("Guest programs: morph run vs qemu-riscv64")
struct GuestProgramTests {
    @Test("the manifest lists at least 30 programs, each with its source")
    func manifest() throws {
        let programs = try GuestManifest.programs.get()
        #expect(programs.count >= 30)
        #expect(Set(programs.map(\.name)).count == programs.count)
        let root = TestPaths.packageRoot.appendingPathComponent(GuestManifest.directory)
        for program in programs {
            let exists = [".c", ".cc"].contains {
                FileManager.default.fileExists(atPath: root.appendingPathComponent(program.name + $0).path)
            }
            #expect(exists, "\(program.name): no source")
        }
    }

    @Test("same standard output and exit status as qemu-riscv64", arguments: GuestManifest.arguments,
          TestEngine.allCases)
    func sameAsQemu(program: GuestProgram, engine: TestEngine) throws {
        try GuestManifest.built.get()
        let binary = GuestManifest.buildDirectory.appendingPathComponent(program.name).path
        // As the manifest says: the host environment plus MORPH_TEST=hello, stdin empty, stdout captured.
        // Each run gets its own empty working directory.
        var environment = ProcessInfo.processInfo.environment
        environment["MORPH_TEST"] = "hello"
        func inFreshDirectory(_ runner: String, _ body: (String) throws -> ProcessResult) throws -> ProcessResult {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("morph-guest-\(program.name)-\(runner)-\(engine)-\(getpid())")
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            return try body(directory.path)
        }
        let morph = try inFreshDirectory("morph") {
            try GuestPrograms.run(engine: engine, binary, program.arguments, environment: environment, currentDirectory: $0)
        }
        let qemu = try inFreshDirectory("qemu") {
            try GuestPrograms.qemu(binary, program.arguments, environment: environment, currentDirectory: $0)
        }
        let check = {
            #expect(morph.output == qemu.output, "standard output differs; morph stderr: \(morph.errorOutput)")
            #expect(morph.status == qemu.status, "morph stderr: \(morph.errorOutput)")
            #expect(morph.status == program.expectedStatus)
        }
        if let reason = KnownThreadIssues.reason(program: program.name, engine: engine) {
            withKnownIssue(Comment(rawValue: reason), isIntermittent: true) { check() }
        } else {
            check()
        }
        #expect(!morph.output.isEmpty)
    }
}
