// The loader reads what Linux's does (fs/binfmt_elf.c): the ELF header and the program headers. A
// program whose section headers are missing, cut short or nonsense runs, under Linux and qemu-riscv64
// alike; what Linux refuses in the program headers is refused (issue 8, item 8, found by fuzzing mutated
// ELF files against qemu).
import Foundation
import TestSupport
import Testing

@Suite("ELF files with damaged section headers") struct LoaderLeniencyTests {
    /// A copy of a static guest program with `change` applied to its bytes, made executable.
    static func variant(_ name: String, _ change: (inout Data) -> Void) throws -> String {
        let original = try GuestPrograms.build(["Tests/Guest/linux/exit_code.c"], output: "leniency-exit-code")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: original))
        change(&bytes)
        let path = TestPaths.guestBuildDirectory.appendingPathComponent("leniency-\(name)").path
        // Both engines' cases of one variant make it at the same moment, and one may already be running
        // it: write a file of its own and rename(2) it over the path, so no reader sees a partial file
        // (qemu once read one and exited 1).
        let temporary = path + ".tmp\(getpid())-\(UUID().uuidString)"
        try bytes.write(to: URL(fileURLWithPath: temporary))
        chmod(temporary, 0o755)
        guard rename(temporary, path) == 0 else {
            let error = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw TestSupportError("renaming \(temporary) to \(path) failed: errno \(error)")
        }
        return path
    }

    /// Writes a little-endian `value` of `size` bytes at `offset`.
    static func put(_ bytes: inout Data, _ offset: Int, _ value: UInt64, size: Int) {
        for index in 0..<size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    /// Little-endian read of `size` bytes at `offset`.
    static func get(_ bytes: Data, _ offset: Int, size: Int) -> UInt64 {
        (0..<size).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    /// The damaged variants: e_shoff past the end, e_shentsize too small, e_shstrndx out of range, and
    /// no section header table at all (e_shoff, e_shnum and e_shstrndx zero, as sstrip leaves them).
    static let damages: [String] = ["offset-past-end", "entry-size-10", "name-table-999", "no-sections"]

    static func damaged(_ damage: String) throws -> String {
        try variant(damage) { bytes in
            switch damage {
            case "offset-past-end": put(&bytes, 40, UInt64(bytes.count) + 4096, size: 8)
            case "entry-size-10": put(&bytes, 58, 10, size: 2)
            case "name-table-999": put(&bytes, 62, 999, size: 2)
            default:
                put(&bytes, 40, 0, size: 8)
                put(&bytes, 60, 0, size: 2)
                put(&bytes, 62, 0, size: 2)
            }
        }
    }

    @Test("a program with damaged section headers runs as under qemu-riscv64",
          arguments: damages, TestEngine.allCases)
    func damagedSectionHeadersRun(damage: String, engine: TestEngine) throws {
        let program = try LoaderLeniencyTests.damaged(damage)
        let result = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(result.status == 42)
        #expect(result.status == qemu.status)
        #expect(result.output == qemu.output)
    }

    /// Linux cannot map a loadable segment whose virtual address and file offset differ modulo the page
    /// size (elf_map's mmap fails with EINVAL; qemu-riscv64 says "Error mapping file" and exits 255).
    /// Morph refuses it before running anything, as it refuses other files Linux will not execute: exit
    /// 126, the status a shell gives for a file it cannot execute.
    @Test func aSegmentMisalignedWithItsFileOffsetIsRefused() throws {
        let program = try LoaderLeniencyTests.variant("misaligned-segment") { bytes in
            let programHeaders = Int(Self.get(bytes, 32, size: 8)), count = Int(Self.get(bytes, 56, size: 2))
            for index in 0..<count where Self.get(bytes, programHeaders + 56 * index, size: 4) == 1 {  // PT_LOAD
                let offset = programHeaders + 56 * index + 8
                Self.put(&bytes, offset, Self.get(bytes, offset, size: 8) + 8, size: 8)
                break
            }
        }
        let result = try GuestPrograms.run(engine: .interp, program)
        #expect(result.status == 126)
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.contains("differ modulo the page size"), "\(result.errorOutput)")
        let qemu = try GuestPrograms.qemu(program)
        #expect(qemu.status != 0, "qemu-riscv64 refuses it too")
    }

    /// e_phentsize other than 56 is refused by Linux (load_elf_phdrs); here the table read with 64-byte
    /// entries is also nonsense, which is what the report names.
    @Test func aProgramHeaderEntrySizeOtherThan56IsRefused() throws {
        let program = try LoaderLeniencyTests.variant("entry-size-64") { Self.put(&$0, 54, 64, size: 2) }
        let result = try GuestPrograms.run(engine: .interp, program)
        #expect(result.status == 126)
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.contains("cannot execute"), "\(result.errorOutput)")
    }
}
