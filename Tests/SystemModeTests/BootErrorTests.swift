// `morph boot` on programs it cannot run, or that go wrong: each ends with a non-zero status below 128
// (no crash), nothing on standard output, and exactly one line `morph: error: ...` on standard error.
import Foundation
import Interpreter
import SystemMode
import Testing
import TestSupport

@Suite struct BootErrorTests {
    /// Runs `morph boot` with `arguments`.
    private func boot(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.morph, ["boot"] + arguments)
    }

    /// Checks the shape of an error: `status`, one line on stderr mentioning every piece of `mentions`.
    private func expectOneLineError(_ result: ProcessResult, status: Int32 = 1, mentions: [String],
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result.report)", sourceLocation: sourceLocation)
        #expect(result.status > 0 && result.status < 128, sourceLocation: sourceLocation)
        #expect(result.output.isEmpty, "stdout: \(result.output)", sourceLocation: sourceLocation)
        let lines = result.errorOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "not one line: \(result.errorOutput)",
                sourceLocation: sourceLocation)
        #expect(result.errorOutput.hasPrefix("morph: error: "), "\(result.errorOutput)",
                sourceLocation: sourceLocation)
        for text in mentions {
            #expect(result.errorOutput.contains(text), "\(result.errorOutput) lacks \(text)",
                    sourceLocation: sourceLocation)
        }
    }

    /// A fresh temporary folder.
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-boot-errors-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func missingFile() throws {
        let path = try temporaryFolder().appendingPathComponent("absent.elf").path
        expectOneLineError(try boot([path]), mentions: [path, "no such file"])
    }

    @Test func directory() throws {
        let path = try temporaryFolder().path
        expectOneLineError(try boot([path]), mentions: [path, "directory"])
    }

    @Test("truncated ELF", arguments: [0, 10, 63, 100, 4200])
    func truncatedFile(length: Int) throws {
        let elf = try Data(contentsOf: URL(fileURLWithPath: try ISAProgram(name: "rv64i").build()))
        #expect(elf.count > length)
        let path = try temporaryFolder().appendingPathComponent("truncated.elf").path
        try elf.prefix(length).write(to: URL(fileURLWithPath: path))
        expectOneLineError(try boot([path]), mentions: [path])
    }

    @Test func hostExecutable() throws {
        // An x86-64 ELF.
        let path = "/bin/true"
        try #require(FileManager.default.fileExists(atPath: path))
        expectOneLineError(try boot([path]), mentions: [path, "not a RISC-V ELF"])
    }

    @Test func thirtyTwoBitELF() throws {
        // A copy of an RV64 program with EI_CLASS set to ELFCLASS32.
        var elf = try Data(contentsOf: URL(fileURLWithPath: try ISAProgram(name: "rv64i").build()))
        #expect(elf[4] == 2)
        elf[4] = 1
        let path = try temporaryFolder().appendingPathComponent("class32.elf").path
        try elf.write(to: URL(fileURLWithPath: path))
        expectOneLineError(try boot([path]), mentions: [path, "32-bit"])
    }

    @Test func segmentOutsideRAM() throws {
        let elf = try ISAProgram(name: "low_address", linkScript: "link_low.ld").build()
        expectOneLineError(try boot([elf]), mentions: ["segment at 0x1000", "outside RAM"])
    }

    /// GuestMemory.offset(of:length:) computes `size &- length`, which wraps when a segment is larger
    /// than all of RAM, so the segment "fits" and the loader writes past the mapping (SIGSEGV).
    @Test
    func programLargerThanMemory() throws {
        // rv64i's data reaches past 0x80001000: with 4 KiB of RAM it does not fit.
        let elf = try ISAProgram(name: "rv64i").build()
        expectOneLineError(try boot(["--memory", "4k", elf]),
                           mentions: ["outside RAM", "0x80000000-0x80001000"])
    }

    /// `--memory 1000` reaches GuestMemory's "window size must be page aligned" precondition.
    @Test
    func memorySizeNotPageAligned() throws {
        let elf = try ISAProgram(name: "rv64i").build()
        expectOneLineError(try boot(["--memory", "1000", elf]), mentions: ["1000"])
    }

    @Test func illegalInstructionWithoutTrapHandler() throws {
        let elf = try ISAProgram(name: "no_handler").build()
        expectOneLineError(try boot([elf]), mentions: ["illegal instruction", "pc 0x80000004", "0x00c5850b",
                                                       "no trap handler"])
    }

    @Test func trapHandlerThatCannotBeFetched() throws {
        // A trap loop retires no instructions, so only this check ends it.
        let elf = try ISAProgram(name: "unfetchable_handler").build()
        expectOneLineError(try boot(["--max-instructions", "1000000", elf]),
                           mentions: ["instruction page fault", "trap handler 0x40000000"])
    }

    @Test func instructionLimit() throws {
        let elf = try ISAProgram(name: "endless").build()
        let result = try boot(["--max-instructions", "1000", elf])
        expectOneLineError(result, status: 124, mentions: ["instruction limit of 1000"])
    }

    /// A trap handler that traps again (an illegal `csrw mhartid` at the vector), and an ecall storm whose
    /// handler returns to the ecall with mret: neither retires an instruction of its own in the engine,
    /// and both must stop at the limit (traps and machine-executed instructions count).
    @Test("a trap loop stops at the instruction limit", arguments: ["0", "1"], TestEngine.allCases)
    func trapLoopsStopAtTheLimit(storm: String, engine: TestEngine) throws {
        let source = ISAProgram.directory.appendingPathComponent("trap_storm.S").path
        let elf = try GuestToolchain.compile([source], output: "isa-trap-storm-\(storm)",
                                             flags: ["-march=rv64gc", "-mabi=lp64d", "-nostdlib", "-nostartfiles",
                                                     "-static", "-Wl,--build-id=none", "-DSTORM=\(storm)", "-T",
                                                     ISAProgram.directory.appendingPathComponent("link.ld").path])
        let result = try boot(engine.options + ["--max-instructions", "1000", elf])
        expectOneLineError(result, status: 124, mentions: ["instruction limit of 1000"])
    }

    /// A disk image that cannot be opened stops `morph boot --machine virt` before the guest runs.
    @Test("a drive that cannot be opened", arguments: ["missing", "directory", "readonly-missing"])
    func driveThatCannotBeOpened(kind: String) throws {
        let folder = try temporaryFolder()
        let program = try VirtProgram(name: "uart_hello").build()
        let (path, option, reason) = switch kind {
        case "missing": (folder.appendingPathComponent("absent.img").path, "", "no such file")
        case "directory": (folder.path, "", "directory")
        default: (folder.appendingPathComponent("absent.img").path, ",readonly", "no such file")
        }
        let result = try boot(["--machine", "virt", "--bios", "none", "--drive", path + option, "--kernel", program])
        expectOneLineError(result, mentions: ["cannot open drive", path, reason])
    }

    /// A FIFO is neither a regular file nor a block device (and opening it for reading and writing does
    /// not block).
    @Test func driveThatIsNotADisk() throws {
        let path = try temporaryFolder().appendingPathComponent("fifo").path
        try #require(mkfifo(path, 0o600) == 0)
        let program = try VirtProgram(name: "uart_hello").build()
        let result = try boot(["--machine", "virt", "--bios", "none", "--drive", path, "--kernel", program])
        expectOneLineError(result, mentions: ["cannot open drive", path, "not a regular file or block device"])
    }

    @Test func driveOptionsAreChecked() throws {
        let program = try VirtProgram(name: "uart_hello").build()
        let unknown = try boot(["--machine", "virt", "--bios", "none", "--drive", "disk.img,cache=none", "--kernel", program])
        #expect(unknown.status == 64, "\(unknown.report)")
        #expect(unknown.errorOutput.contains("unknown option 'cache=none'"), "\(unknown.report)")
        let bare = try boot(["--drive", "disk.img", program])
        #expect(bare.status == 64, "\(bare.report)")
        #expect(bare.errorOutput.contains("--drive needs --machine virt"), "\(bare.report)")
    }

    @Test func instructionLimitIsNotHitByAFinishingProgram() throws {
        // The same limit mechanism must not stop a program that finishes within it.
        let elf = try ISAProgram(name: "rv64m").build()
        let result = try boot(["--max-instructions", "100000", elf])
        #expect(result.status == 0, "\(result.report)")
    }
}

/// The virt board's limits that the command line cannot reach (one argument is at most 128 KiB) but an
/// embedder of the library can.
@Suite struct VirtConfigurationLimitTests {
    /// A device tree over 1 MiB (QEMU's FDT_MAX_SIZE) is refused with a clear error, not placed in RAM.
    @Test func deviceTreeOverTheLimitIsRefused() throws {
        let kernel = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-dt-limit-\(getpid())-\(UUID().uuidString).bin")
        try Data([0x73, 0x00, 0x50, 0x10]).write(to: kernel)  // wfi
        defer { try? FileManager.default.removeItem(at: kernel) }
        var configuration = VirtConfiguration()
        configuration.kernel = kernel.path
        configuration.firmware = .builtin
        configuration.commandLine = String(repeating: "a", count: 1_100_000)
        do {
            _ = try BareMetalMachine.virt(configuration, engine: { Interpreter($0) })
            Issue.record("a 1.1 MB command line was accepted")
        } catch {
            #expect(error.description.contains("exceeds 1 MiB"), "\(error.description)")
        }
        configuration.commandLine = String(repeating: "a", count: 100_000)
        #expect(throws: Never.self) { try BareMetalMachine.virt(configuration, engine: { Interpreter($0) }) }
    }
}
