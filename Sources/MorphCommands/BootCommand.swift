// `morph boot`: system mode. With only an ELF, a bare-metal machine that loads it at its physical
// addresses, starts in M-mode at its entry and exits with the HTIF `tohost` code.
import ArgumentParser
import ELF
import Glibc
import SystemMode

/// The `boot` subcommand.
struct BootCommand: ParsableCommand {
    /// Command-line metadata.
    static let configuration = CommandConfiguration(
        commandName: "boot",
        abstract: "Run a bare-metal RV64GC program (RAM at 0x80000000, M-mode, HTIF tohost exit).")

    /// RAM size.
    @Option(help: "RAM size (e.g. 128M, 1G).")
    var memory = ByteSize(argument: "128M")!

    /// The instruction budget.
    @Option(help: "Stop with an error after this many instructions.")
    var maxInstructions: UInt64?

    /// `--engine` and `--code-cache`.
    @OptionGroup var engineOptions: EngineOptions

    /// Whether to print statistics.
    @Flag(help: "Print instruction counts and speed to standard error at exit.")
    var stats = false

    /// The ELF file.
    @Argument(help: "The ELF program to boot.")
    var program: String

    /// Boots the program and exits with its status.
    func run() throws {
        let elf: ELFFile
        do {
            elf = try ELFFile(path: program)
        } catch {
            throw failure(error.description(for: program))
        }
        let machine: BareMetalMachine
        do {
            machine = try BareMetalMachine(elf: elf, memorySize: memory.bytes,
                                           engine: engineOptions.factory)
        } catch {
            throw failure("\(program): \(error.description)")
        }
        let start = monotonicSeconds()
        let exit = machine.run(maxInstructions: maxInstructions)
        fflush(nil)  // Flush console output before exiting.
        if stats {
            writeStandardError(statisticsReport(engine: machine.engine, kind: engineOptions.kind,
                                                seconds: monotonicSeconds() - start))
        }
        switch exit {
        case .exited(let code):
            throw ExitCode(code)
        case .instructionLimit(let pc):
            throw failure("instruction limit of \(maxInstructions ?? 0) reached at pc 0x\(String(pc, radix: 16))",
                          status: 124)
        case .fatal(let message):
            throw failure(message)
        }
    }
}
