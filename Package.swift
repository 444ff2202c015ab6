// swift-tools-version: 6.0
// Morph: a RISC-V virtual machine and binary translator.
// Layers (lower never import higher): RISCV, ELF, X86 -> MorphCore -> Interpreter -> Translator;
// MorphCore -> Devices -> SystemMode; MorphCore -> LinuxUser (engine-neutral)
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
        .target(name: "Interpreter", dependencies: ["RISCV", "MorphCore", "CMorphSupport"]),
        // Memory-mapped devices (CLINT, PLIC, 16550A UART, test device, RTC, virtio-mmio): registers,
        // interrupt lines and a clock; they know nothing of harts or engines.
        .target(name: "Devices", dependencies: ["MorphCore", "CMorphSupport"]),
        // Bare-metal / full-system machine: privileged architecture, HTIF, the virt board.
        .target(name: "SystemMode", dependencies: ["RISCV", "ELF", "MorphCore", "Devices"]),
        // Linux user mode: process image, syscalls.
        .target(name: "LinuxUser", dependencies: ["RISCV", "ELF", "MorphCore"]),
        // The command-line subcommands as a testable library.
        .target(name: "MorphCommands", dependencies: [
            "RISCV", "ELF", "MorphCore", "Interpreter", "Translator", "Devices", "SystemMode", "LinuxUser",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "morph", dependencies: ["MorphCommands"]),
        // x86-64 assembler: registers, memory operands, labels, one method per instruction. No RISC-V.
        // x86-64 assembler: knows nothing of RISC-V.
        .target(name: "X86"),
        // The dynamic binary translator: RISC-V blocks to x86-64 at run time.
        .target(name: "Translator", dependencies: ["RISCV", "MorphCore", "Interpreter", "X86", "CMorphSupport"]),

        // Helpers shared by the test targets (processes, paths, the guest cross compiler).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "RISCVTests", dependencies: ["RISCV", "ELF", "TestSupport"]),
        .testTarget(name: "ELFTests", dependencies: ["ELF", "TestSupport"]),
        .testTarget(name: "MorphCoreTests", dependencies: ["MorphCore", "RISCV", "TestSupport"]),
        .testTarget(name: "InterpreterTests", dependencies: ["Interpreter", "MorphCore", "RISCV", "TestSupport"]),
        .testTarget(name: "SystemModeTests", dependencies: ["SystemMode", "Devices", "MorphCore", "RISCV", "ELF", "Interpreter", "morph", "TestSupport"]),
        .testTarget(name: "LinuxUserTests", dependencies: ["LinuxUser", "Interpreter", "MorphCore", "RISCV", "ELF", "morph", "TestSupport"]),
        .testTarget(name: "MorphCommandsTests", dependencies: ["MorphCommands", "morph", "TestSupport"]),
        .testTarget(name: "X86Tests", dependencies: ["X86", "TestSupport"]),
        .testTarget(name: "TranslatorTests", dependencies: ["Translator", "Interpreter", "MorphCore", "RISCV", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
