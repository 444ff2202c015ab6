// The `morph` command line (see ../shared/guide/ARCHITECTURE.md, "The command line").
import ArgumentParser

/// The root `morph` command; each subcommand lives in its own file.
public struct MorphCommand: ParsableCommand {
    /// Command-line metadata.
    public static let configuration = CommandConfiguration(
        commandName: "morph",
        abstract: "A RISC-V (RV64GC) virtual machine and binary translator.",
        subcommands: MorphCommand.subcommandTypes)

    /// Creates the command (for argument parsing).
    public init() {}

    /// All subcommands, in help order.
    static let subcommandTypes: [any ParsableCommand.Type] = [
        BootCommand.self,
        RunCommand.self,
        DisassembleCommand.self,
    ]
}
