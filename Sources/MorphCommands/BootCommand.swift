// `morph boot`: system mode. With only an ELF, a bare-metal machine that loads it at its physical
// addresses, starts in M-mode at its entry and exits with the HTIF `tohost` code. With `--machine virt`,
// QEMU's virt board (its memory map, devices and device tree) booting firmware and a kernel with
// QEMU's options (`--bios`, `--kernel`, `--initrd`, `--append`, `--drive`), its console on the terminal.
import ArgumentParser
import Devices
import ELF
import Glibc
import SystemMode

/// The `boot` subcommand.
struct BootCommand: ParsableCommand {
    /// Command-line metadata.
    static let configuration = CommandConfiguration(
        commandName: "boot",
        abstract: "Run a bare-metal RV64GC program (RAM at 0x80000000, M-mode, HTIF tohost exit), "
            + "or boot firmware and a kernel on QEMU's virt board (--machine virt).")

    /// The machines `--machine` names.
    enum Machine: String, ExpressibleByArgument {
        /// The bare-metal machine of the ISA tests (HTIF, no devices).
        case bare
        /// QEMU's virt board.
        case virt
    }

    /// The machine.
    @Option(help: "The machine: bare (RAM and HTIF, the default) or virt (QEMU's virt board).")
    var machine: Machine = .bare

    /// RAM size.
    @Option(help: "RAM size (e.g. 128M, 1G).")
    var memory = ByteSize(argument: "128M")!

    /// The firmware of the virt board.
    @Option(help: ArgumentHelp("virt: the M-mode firmware: a file (ELF or raw, at 0x80000000, started with "
                               + "fw_dynamic's arguments), builtin (Morph serves the SBI; the kernel starts in "
                               + "S-mode) or none (the kernel starts in M-mode at 0x80000000). Default: "
                               + "Debian's OpenSBI fw_dynamic when installed, else builtin.", valueName: "file|builtin|none"))
    var bios: String?

    /// The kernel.
    @Option(help: ArgumentHelp("virt: the kernel (ELF, or a raw image at 0x80200000).", valueName: "file"))
    var kernel: String?

    /// The initial RAM disk.
    @Option(help: ArgumentHelp("virt: the initial RAM disk.", valueName: "file"))
    var initrd: String?

    /// The kernel command line.
    @Option(name: .customLong("append"), help: ArgumentHelp("virt: the kernel command line.", valueName: "text"))
    var commandLine: String?

    /// Disk images for virtio-blk devices.
    @Option(help: ArgumentHelp("virt: a disk image for a virtio-blk device (repeatable; the first goes to the "
                               + "virtio-mmio slot at 0x10008000, the next below it). `FILE,readonly` refuses "
                               + "the guest's writes.", valueName: "file[,readonly]"))
    var drive: [String] = []

    /// Whether the virt board has a virtio-rng device.
    @Flag(inversion: .prefixedNo, help: ArgumentHelp("virt: a virtio-rng device after the drives, filled from "
                                                      + "the host's getrandom (default: on)."))
    var rng = true

    /// Where to write the device tree.
    @Option(help: ArgumentHelp("virt: write the generated device tree blob to this file.", valueName: "file"))
    var dtbOut: String?

    /// The instruction budget.
    @Option(help: "Stop with an error after this many instructions.")
    var maxInstructions: UInt64?

    /// `--engine` and `--code-cache`.
    @OptionGroup var engineOptions: EngineOptions

    /// Whether to print statistics.
    @Flag(help: "Print instruction counts and speed to standard error at exit.")
    var stats = false

    /// The ELF file.
    @Argument(help: "The ELF program to boot (the bare machine; with --machine virt, the kernel).")
    var program: String?

    /// Checks option combinations.
    func validate() throws {
        if machine == .bare {
            guard program != nil else { throw ValidationError("Missing expected argument '<program>'") }
            for (name, value) in [("--bios", bios), ("--kernel", kernel), ("--initrd", initrd),
                                  ("--append", commandLine), ("--dtb-out", dtbOut), ("--drive", drive.first)]
                where value != nil {
                throw ValidationError("\(name) needs --machine virt")
            }
        } else if kernel != nil, program != nil {
            throw ValidationError("give the kernel either with --kernel or as the argument, not both")
        }
        for text in drive { _ = try BootCommand.parseDrive(text) }
    }

    /// A `--drive` value: `FILE`, `file=FILE`, followed by `,readonly` or `,readonly=on|off` (qemu's
    /// spelling; a path containing a comma cannot be given).
    static func parseDrive(_ text: String) throws -> VirtConfiguration.Drive {
        var parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var path = parts.removeFirst()
        if path.hasPrefix("file=") { path.removeFirst(5) }
        guard !path.isEmpty else { throw ValidationError("--drive \(text): no file") }
        var drive = VirtConfiguration.Drive(path: path)
        for part in parts {
            switch part {
            case "readonly", "readonly=on": drive.readOnly = true
            case "readonly=off": drive.readOnly = false
            default: throw ValidationError("--drive \(text): unknown option '\(part)' (known: readonly)")
            }
        }
        return drive
    }

    /// Boots the program and exits with its status. On the virt board a reset boots the machine again
    /// from the same images (RAM cleared, devices new, drives reopened), within what is left of
    /// `--max-instructions`, as QEMU does.
    func run() throws {
        let console = Console()
        var remaining = maxInstructions
        while true {
            let machine = machine == .virt ? try makeVirtMachine(console: console) : try makeBareMachine()
            let start = monotonicSeconds()
            let exit = machine.run(maxInstructions: remaining)
            machine.board?.synchronizeStorage()  // Disk images reach storage however the run ended.
            fflush(nil)  // Flush console output before exiting.
            if stats {
                writeStandardError(statisticsReport(engine: machine.engine, kind: engineOptions.kind,
                                                    seconds: monotonicSeconds() - start))
            }
            if exit == .reset, self.machine == .virt {
                remaining = remaining.map { $0 - min($0, machine.engine.executedInstructions) }
                if remaining == 0 {
                    throw failure("instruction limit of \(maxInstructions ?? 0) reached at a reset", status: 124)
                }
                continue
            }
            try finish(exit)
        }
    }

    /// Exits with the status `exit` calls for.
    private func finish(_ exit: MachineExit) throws {
        switch exit {
        case .exited(let code):
            throw ExitCode(code)
        case .reset:
            throw ExitCode(0)  // The bare machine has nothing to boot again.
        case .instructionLimit(let pc):
            throw failure("instruction limit of \(maxInstructions ?? 0) reached at pc 0x\(String(pc, radix: 16))",
                          status: 124)
        case .fatal(let message):
            throw failure(message)
        }
    }

    /// The bare-metal machine with the ELF loaded.
    private func makeBareMachine() throws -> BareMetalMachine {
        let program = program!
        let elf: ELFFile
        do {
            elf = try ELFFile(path: program)
        } catch {
            throw failure(error.description(for: program))
        }
        do {
            return try BareMetalMachine(elf: elf, memorySize: memory.bytes, engine: engineOptions.factory)
        } catch {
            throw failure("\(program): \(error.description)")
        }
    }

    /// The virt board with firmware, kernel, initrd and device tree in RAM, its console (on the terminal)
    /// `console`.
    private func makeVirtMachine(console: Console) throws -> BareMetalMachine {
        var configuration = VirtConfiguration()
        configuration.memorySize = memory.bytes
        configuration.kernel = kernel ?? program
        configuration.initrd = initrd
        configuration.commandLine = commandLine ?? ""
        configuration.drives = try drive.map(BootCommand.parseDrive)
        configuration.entropyDevice = rng
        switch bios {
        case "none": configuration.firmware = .none
        case "builtin": configuration.firmware = .builtin
        case let path?: configuration.firmware = .file(path)
        case nil:
            configuration.firmware = access(VirtConfiguration.debianOpenSBI, R_OK) == 0
                ? .file(VirtConfiguration.debianOpenSBI) : .builtin
        }
        let machine: BareMetalMachine
        do {
            machine = try BareMetalMachine.virt(configuration, console: console, engine: engineOptions.factory)
        } catch {
            throw failure(error.description)
        }
        if let dtbOut, let board = machine.board {
            guard let file = fopen(dtbOut, "wb") else {
                throw failure("cannot write \(dtbOut): \(String(cString: strerror(errno)).lowercased())")
            }
            let written = board.deviceTree.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            fclose(file)
            guard written == board.deviceTree.count else { throw failure("cannot write \(dtbOut)") }
        }
        if !console.isReading { console.startReading() }
        return machine
    }
}
