// swift-tools-version: 6.0
// Morph: a RISC-V virtual machine and binary translator.
// Layers (lower never import higher): RISCV, ELF -> MorphCore -> Interpreter -> SystemMode, LinuxUser
// -> MorphCommands -> morph. See ../shared/guide/ARCHITECTURE.md and README.md.
import PackageDescription

let package = Package(
    name: "Morph",
    products: [
        .executable(name: "morph", targets: ["morph"]),
        .library(name: "MorphCommands", targets: ["MorphCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // ISA layer: instruction table, decoder, encoder, disassembler. No execution state.
        .target(name: "RISCV"),
        // ELF64 reader.
        .target(name: "ELF"),
        // The only C: x86-64 SSE floating point with exact rounding-mode and flag control.
        .target(name: "CMorphSupport"),
        // State every engine shares: hart state, guest memory, floating-point semantics.
        .target(name: "MorphCore", dependencies: ["RISCV", "CMorphSupport"]),
        // The reference engine: pre-decoded instruction cache and one dispatch loop.
        .target(name: "Interpreter", dependencies: ["RISCV", "MorphCore"]),
        // Bare-metal / full-system machine: privileged architecture, HTIF.
        .target(name: "SystemMode", dependencies: ["RISCV", "ELF", "MorphCore", "Interpreter"]),
        // Linux user mode: process image, syscalls.
        .target(name: "LinuxUser", dependencies: ["RISCV", "ELF", "MorphCore", "Interpreter"]),
        // The command-line subcommands as a testable library.
        .target(name: "MorphCommands", dependencies: [
            "RISCV", "ELF", "MorphCore", "Interpreter", "SystemMode", "LinuxUser",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "morph", dependencies: ["MorphCommands"]),

        .testTarget(name: "RISCVTests", dependencies: ["RISCV", "ELF"]),
        .testTarget(name: "ELFTests", dependencies: ["ELF"]),
        .testTarget(name: "MorphCoreTests", dependencies: ["MorphCore", "RISCV"]),
        .testTarget(name: "InterpreterTests", dependencies: ["Interpreter", "MorphCore", "RISCV"]),
        .testTarget(name: "SystemModeTests", dependencies: ["SystemMode", "MorphCore", "RISCV", "ELF", "morph"]),
        .testTarget(name: "LinuxUserTests", dependencies: ["LinuxUser", "MorphCore", "RISCV", "ELF", "morph"]),
        .testTarget(name: "MorphCommandsTests", dependencies: ["MorphCommands", "morph"]),
    ],
    swiftLanguageModes: [.v6]
)
