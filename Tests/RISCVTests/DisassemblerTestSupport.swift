// Helpers for the disassembler tests: running the reference objdump (GNU binutils, `-M no-aliases`) and
// reading its listing.
import Foundation
import TestSupport

/// One instruction line of an objdump listing.
struct ObjdumpLine {
    /// The address.
    let address: UInt64
    /// The raw-bytes column as objdump prints it (`02b57553`, `c.addi`'s `0405`).
    let raw: String
    /// The instruction text with the ` <symbol+0x…>` annotations and the ` # …` address comment removed.
    let text: String
    /// The instruction text exactly as printed.
    let fullText: String
}

enum Objdump {
    /// The path of the reference disassembler.
    static let path = "/usr/bin/riscv64-linux-gnu-objdump"

    /// `objdump -d -M no-aliases` of an ELF file (executable sections only).
    static func disassemble(elf path: String) throws -> [ObjdumpLine] {
        try GuestToolchain.ensureInstalled()
        let result = try ProcessRunner.run(Objdump.path, ["-d", "-M", "no-aliases", path])
        guard result.status == 0 else { throw TestSupportError("objdump failed: \(result.errorOutput)") }
        return parse(result.output)
    }

    /// `objdump -D -b binary -m riscv:rv64 -M no-aliases` of raw bytes placed at address 0.
    static func disassemble(rawBytes bytes: [UInt8], name: String) throws -> [ObjdumpLine] {
        try GuestToolchain.ensureInstalled()
        let file = TestPaths.guestBuildDirectory.appendingPathComponent("disasm-\(name)-\(getpid()).bin")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ProcessRunner.run(Objdump.path,
                                           ["-D", "-b", "binary", "-m", "riscv:rv64", "-M", "no-aliases", file.path])
        guard result.status == 0 else { throw TestSupportError("objdump failed: \(result.errorOutput)") }
        return parse(result.output)
    }

    /// Parses the lines `   addr:\traw\ttext` of a listing; headers, labels and continuation lines are
    /// skipped.
    static func parse(_ listing: String) -> [ObjdumpLine] {
        var lines: [ObjdumpLine] = []
        lines.reserveCapacity(listing.utf8.count / 40)
        for line in listing.split(separator: "\n") {
            let columns = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard columns.count == 3, columns[0].hasSuffix(":"),
                  let address = UInt64(columns[0].dropLast().trimmingCharacters(in: .whitespaces), radix: 16)
            else { continue }
            let full = String(columns[2])
            lines.append(ObjdumpLine(address: address, raw: columns[1].trimmingCharacters(in: .whitespaces),
                                     text: stripAnnotations(full), fullText: full))
        }
        return lines
    }

    /// Removes what objdump adds around the instruction text: the ` # 0x…` / ` # 1234 <sym>` comment of
    /// multi-instruction address sequences, and the ` <symbol+0x…>` after branch targets.
    static func stripAnnotations(_ text: String) -> String {
        var result = text
        if let comment = result.range(of: " # ") { result = String(result[..<comment.lowerBound]) }
        if let symbol = result.range(of: " <") { result = String(result[..<symbol.lowerBound]) }
        return result
    }
}

/// objdump's address form when the file has symbols: lower-case hexadecimal without `0x`.
func objdumpSymbolicAddress(_ address: UInt64) -> String {
    String(address, radix: 16)
}
