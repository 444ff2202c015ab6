// Runs GNU as (binutils, `as --64` with `.intel_syntax noprefix`) as the reference encoder for the tests:
// each line is assembled after a symbol of its own, so that `nm` gives where its bytes begin and end in the
// `.text` section that `objcopy -O binary` extracts.
import Foundation
import TestSupport

/// GNU as, objcopy and nm from binutils.
enum GNUAssembler {
    /// The assembler.
    static let assembler = "/usr/bin/as"
    /// Extracts the `.text` section.
    static let objcopy = "/usr/bin/objcopy"
    /// Lists the symbols.
    static let nm = "/usr/bin/nm"

    /// Throws a clear error when binutils is not installed, instead of letting the test pass vacuously.
    static func checkInstalled() throws {
        for tool in [assembler, objcopy, nm] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw TestSupportError("\(tool) not found: the x86-64 encodings are compared with GNU binutils; "
                + "install it with `apt-get install binutils`")
        }
    }

    /// Assembles `source` (Intel syntax, without the directive) and returns the `.text` bytes.
    static func assemble(source: String) throws -> [UInt8] {
        try assembleSections(source: source).text
    }

    /// Assembles every line separately placed in one file, and returns the bytes each line produced.
    static func assemble(lines: [String]) throws -> [[UInt8]] {
        var source = ""
        for (index, line) in lines.enumerated() { source += "line\(index):\n\(line)\n" }
        source += "line\(lines.count):\n"
        let (text, symbols) = try assembleSections(source: source)
        return (0..<lines.count).map { index in
            guard let start = symbols["line\(index)"], let end = symbols["line\(index + 1)"] else { return [] }
            return Array(text[start..<end])
        }
    }

    /// Assembles `source` and returns the `.text` bytes and the offset of every symbol.
    private static func assembleSections(source: String) throws -> (text: [UInt8], symbols: [String: Int]) {
        try checkInstalled()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-x86-tests-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sourcePath = directory.appendingPathComponent("input.s").path
        let objectPath = directory.appendingPathComponent("input.o").path
        let binaryPath = directory.appendingPathComponent("input.bin").path
        try (".intel_syntax noprefix\n.text\n" + source).write(toFile: sourcePath, atomically: true, encoding: .utf8)

        let assembled = try ProcessRunner.run(assembler, ["--64", "-o", objectPath, sourcePath])
        guard assembled.status == 0 else { throw TestSupportError("as failed:\n\(assembled.errorOutput)") }
        let copied = try ProcessRunner.run(objcopy, ["-O", "binary", "-j", ".text", objectPath, binaryPath])
        guard copied.status == 0 else { throw TestSupportError("objcopy failed:\n\(copied.errorOutput)") }
        let listed = try ProcessRunner.run(nm, [objectPath])
        guard listed.status == 0 else { throw TestSupportError("nm failed:\n\(listed.errorOutput)") }

        var symbols: [String: Int] = [:]
        for line in listed.output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 3, let address = Int(fields[0], radix: 16) { symbols[String(fields[2])] = address }
        }
        let text = FileManager.default.contents(atPath: binaryPath).map { [UInt8]($0) } ?? []
        return (text, symbols)
    }
}
