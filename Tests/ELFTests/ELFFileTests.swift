// Tests of the ELF-64 reader (System V gABI "Object Files"; RISC-V ELF psABI) against
// riscv64-linux-gnu-readelf on a real static executable, and against every kind of malformed input.
import Foundation
import Testing
import TestSupport
@testable import ELF

/// The sample program compiled once per test process.
private let sampleProgram: Result<String, TestSupportError> = {
    do {
        return .success(try GuestToolchain.compile(["Tests/Guest/disasm/elf_sample.c"],
                                                   output: "disasm-elf-sample"))
    } catch let error as TestSupportError {
        return .failure(error)
    } catch {
        return .failure(TestSupportError("\(error)"))
    }
}()

private func samplePath() throws -> String { try sampleProgram.get() }

private func sampleBytes() throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: samplePath())))
}

/// Runs riscv64-linux-gnu-readelf with `options` on `path` and returns its output.
private func readelf(_ options: [String], _ path: String) throws -> String {
    let result = try ProcessRunner.run("/usr/bin/riscv64-linux-gnu-readelf", options + [path])
    guard result.status == 0 else { throw TestSupportError("readelf failed: \(result.errorOutput)") }
    return result.output
}

private func hexValue(_ text: Substring) -> UInt64? {
    UInt64(text.hasPrefix("0x") ? text.dropFirst(2) : text, radix: 16)
}

/// Parses a readelf number that is decimal unless it starts with 0x.
private func readelfNumber(_ text: Substring) -> UInt64? {
    text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
}

/// A little-endian store into a byte array (for patching headers).
private func store<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8], at offset: Int) {
    for index in 0..<(T.bitWidth / 8) { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (index * 8)) }
}

/// Parses `bytes`, returning the error (or nil on success). The test fails if anything else happens.
private func parseError(_ bytes: [UInt8]) -> ELFError? {
    do {
        _ = try ELFFile(bytes: bytes)
        return nil
    } catch {
        return error
    }
}

private func isTruncated(_ error: ELFError?) -> Bool {
    if case .truncated = error { return true }
    return false
}

private func isCorrupt(_ error: ELFError?) -> Bool {
    if case .corrupt = error { return true }
    return false
}

@Suite struct ELFFileRealProgramTests {
    @Test func headerMatchesReadelf() throws {
        let path = try samplePath()
        let file = try ELFFile(path: path)
        let header = try readelf(["-hW"], path)
        func field(_ name: String) -> Substring? {
            header.split(separator: "\n").first { $0.contains(name) }?
                .split(separator: ":", maxSplits: 1).last?.split(whereSeparator: { $0 == " " || $0 == "," }).first
        }
        #expect(file.entry == field("Entry point address").flatMap(hexValue))
        #expect(UInt64(file.flags) == field("Flags:").flatMap(hexValue))
        #expect(file.programHeaderOffset == field("Start of program headers").flatMap { UInt64($0) })
        #expect(file.sectionHeaderOffset == field("Start of section headers").flatMap { UInt64($0) })
        #expect(file.fileType == ELFFile.typeExecutable)
        #expect(file.machine == ELFFile.machineRISCV)
        #expect(file.usesCompressedInstructions)
        #expect(file.flags & ELFFile.flagFloatABIMask == ELFFile.flagFloatABIDouble)
        #expect(file.interpreterPath == nil)
        #expect(!file.isDynamicallyLinked)
    }

    @Test func segmentsMatchReadelf() throws {
        let path = try samplePath()
        let file = try ELFFile(path: path)
        let lines = try readelf(["-lW"], path).split(separator: "\n")
        guard let start = lines.firstIndex(where: { $0.contains("Type") && $0.contains("Offset") }) else {
            Issue.record("no program header table in readelf output")
            return
        }
        var expected: [(type: Substring, values: [UInt64], flags: String, align: UInt64)] = []
        for line in lines[(start + 1)...] {
            let words = line.split(separator: " ")
            guard words.count >= 7, words[1].hasPrefix("0x") else { break }
            let values = words[1...5].compactMap(hexValue)
            let flags = words[6..<(words.count - 1)].joined()
            expected.append((words[0], values, flags, hexValue(words[words.count - 1]) ?? 0))
        }
        #expect(expected.count == file.segments.count)
        #expect(expected.count >= 4)
        for (segment, row) in zip(file.segments, expected) {
            #expect([segment.offset, segment.virtualAddress, segment.physicalAddress, segment.fileSize,
                     segment.memorySize] == row.values)
            #expect(segment.alignment == row.align)
            let flags = (segment.isReadable ? "R" : "") + (segment.isWritable ? "W" : "")
                + (segment.isExecutable ? "E" : "")
            #expect(flags == row.flags)
            #expect((row.type == "LOAD") == segment.isLoadable)
            if row.type == "TLS" { #expect(segment.type == ProgramHeader.typeThreadLocalStorage) }
            if row.type == "GNU_STACK" { #expect(segment.type == ProgramHeader.typeGNUStack) }
        }
        let loads = file.segments.filter(\.isLoadable)
        #expect(loads.count == 2)
        #expect(loads.contains { $0.isExecutable && !$0.isWritable })
        #expect(loads.contains { $0.isWritable && $0.memorySize > $0.fileSize })  // .bss
        for segment in file.segments {
            #expect(file.contents(of: segment).count == Int(segment.fileSize))
        }
    }

    @Test func sectionsMatchReadelf() throws {
        let path = try samplePath()
        let file = try ELFFile(path: path)
        let bytes = try sampleBytes()
        var rows: [[Substring]] = []
        for line in try readelf(["-SW"], path).split(separator: "\n") {
            guard line.hasPrefix("  ["), let close = line.firstIndex(of: "]"),
                  !line.contains("[Nr]") else { continue }
            rows.append(line[line.index(after: close)...].split(separator: " "))
        }
        #expect(rows.count == file.sections.count)
        #expect(file.sections.first?.type == SectionHeader.typeNull)
        for (section, words) in zip(file.sections, rows).dropFirst() {
            // Name Type Address Off Size ES [Flg] Lk Inf Al
            #expect(section.name == String(words[0]))
            #expect(section.address == hexValue(words[2]))
            #expect(section.offset == hexValue(words[3]))
            #expect(section.size == hexValue(words[4]))
            #expect(section.entrySize == hexValue(words[5]))
            let flags = words.count == 10 ? words[6] : ""
            #expect(section.isExecutable == flags.contains("X"))
            #expect(section.isAllocated == flags.contains("A"))
            #expect(section.isWritable == flags.contains("W"))
            #expect(UInt64(section.link) == UInt64(words[words.count - 3]))
            #expect(UInt64(section.info) == UInt64(words[words.count - 2]))
            #expect(section.addressAlignment == UInt64(words[words.count - 1]))
        }
        let text = try #require(file.section(named: ".text"))
        #expect(text.isExecutable)
        #expect(Array(file.contents(of: text)) == Array(bytes[Int(text.offset)..<Int(text.offset + text.size)]))
        let bss = try #require(file.section(named: ".bss"))
        #expect(bss.type == SectionHeader.typeNoBits)
        #expect(bss.size >= 4096)
        #expect(file.contents(of: bss).isEmpty)
        #expect(file.sections[file.sectionNameTableIndex].name == ".shstrtab")
    }

    @Test func symbolsMatchReadelf() throws {
        let path = try samplePath()
        let file = try ELFFile(path: path)
        var rows: [[Substring]] = []
        var inSymbolTable = false
        for line in try readelf(["-sW"], path).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Symbol table '.symtab'") { inSymbolTable = true; continue }
            guard inSymbolTable else { continue }
            if line.isEmpty { break }
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 7, words[0].hasSuffix(":"), words[0] != "0:", words[0] != "Num:" else { continue }
            rows.append(words)
        }
        #expect(rows.count == file.symbols.count)
        #expect(rows.count > 1000)
        var mismatches: [String] = []
        for (symbol, words) in zip(file.symbols, rows) {
            // Num: Value Size Type Bind Vis Ndx [Name]
            let index: String
            switch symbol.sectionIndex {
            case Symbol.sectionIndexUndefined: index = "UND"
            case Symbol.sectionIndexAbsolute: index = "ABS"
            case Symbol.sectionIndexCommon: index = "COM"
            default: index = String(symbol.sectionIndex)
            }
            var name = words.count > 7 ? String(words[7]) : ""
            // readelf shows an unnamed STT_SECTION symbol under its section's name.
            if symbol.type == .section && symbol.name.isEmpty && Int(symbol.sectionIndex) < file.sections.count
                && name == file.sections[Int(symbol.sectionIndex)].name { name = "" }
            let matches = symbol.value == hexValue(words[1]) && symbol.size == readelfNumber(words[2])
                && symbol.type.description == words[3] && symbol.binding.description == words[4]
                && index == words[6] && symbol.name == name
            if !matches { mismatches.append("\(symbol) vs \(words.joined(separator: " "))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")

        let main = try #require(file.symbol(named: "main"))
        #expect(main.type == .function)
        #expect(main.binding == .global)
        #expect(main.size > 0)
        let segment = try #require(file.segment(containing: main.value))
        #expect(segment.isExecutable)
        #expect(file.sections[Int(main.sectionIndex)].name == ".text")
        #expect(file.symbol(named: "checksum")?.type == .function)
        #expect(file.symbol(named: "initialised_table")?.type == .object)
        #expect(file.symbol(named: "initialised_table")?.size == 64)
        #expect(file.symbol(named: "per_thread_counter")?.type == .threadLocalStorage)
        #expect(file.symbol(named: "no_such_symbol_here") == nil)
    }

    @Test func dynamicExecutableReportsItsInterpreter() throws {
        let path = try GuestToolchain.compile(["Tests/Guest/disasm/elf_sample.c"],
                                              output: "disasm-elf-sample-dynamic", flags: ["-O2"])
        let file = try ELFFile(path: path)
        let program = try readelf(["-lW"], path)
        let expected = program.split(separator: "\n")
            .first { $0.contains("Requesting program interpreter") }?
            .split(separator: ":").last?.dropLast().trimmingCharacters(in: .whitespaces)
        #expect(file.interpreterPath != nil)
        #expect(file.interpreterPath == expected)
        #expect(file.isDynamicallyLinked)
        // Unstripped, .symtab wins; a stripped copy falls back to .dynsym.
        let stripped = TestPaths.guestBuildDirectory.appendingPathComponent("disasm-elf-sample-stripped").path
        let strip = try ProcessRunner.run("/usr/bin/riscv64-linux-gnu-strip", ["-o", stripped, path])
        #expect(strip.status == 0)
        let strippedFile = try ELFFile(path: stripped)
        #expect(strippedFile.section(named: ".symtab") == nil)
        #expect(strippedFile.symbol(named: "printf") != nil)
        #expect(strippedFile.symbol(named: "printf")?.isDefined == false)
    }
}

@Suite struct ELFFileErrorTests {
    @Test func emptyAndNonELFInputs() {
        #expect(parseError([]) == .notELF)
        #expect(parseError([0x7f]) == .notELF)
        #expect(parseError([0x7f, 0x45, 0x4c]) == .notELF)
        #expect(parseError(Array("#!/bin/sh\necho hello\n".utf8)) == .notELF)
        #expect(parseError([0x7f, 0x45, 0x4c, 0x46]) == .truncated("the ELF identification is cut short"))
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix64(seed: 0x5eed)
        for length in [1, 3, 4, 16, 63, 64, 65, 200, 4096] {
            for _ in 0..<200 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                #expect(parseError(bytes) == .notELF || bytes.starts(with: [0x7f, 0x45, 0x4c, 0x46]))
                // The same noise behind a valid identification must be rejected cleanly too.
                if length >= 16 {
                    bytes.replaceSubrange(0..<6, with: [0x7f, 0x45, 0x4c, 0x46, 2, 1])
                    _ = parseError(bytes)
                }
            }
        }
    }

    @Test func everyPrefixOfTheHeadersIsRejected() throws {
        let bytes = try sampleBytes()
        let file = try ELFFile(bytes: bytes)
        let headersEnd = Int(file.programHeaderOffset) + file.segments.count * ProgramHeader.entrySize
        for length in 0..<headersEnd {
            let error = parseError(Array(bytes[0..<length]))
            if length < 4 {
                #expect(error == .notELF, "prefix \(length)")
            } else {
                #expect(isTruncated(error), "prefix \(length): \(String(describing: error))")
            }
        }
    }

    @Test func cutsAnywhereInTheFileAreRejected() throws {
        let bytes = try sampleBytes()
        let file = try ELFFile(bytes: bytes)
        let sectionTable = Int(file.sectionHeaderOffset)
        // Every cut inside the section header table (it is at the end of the file), and a spread of cuts
        // through the segments' bytes.
        var cuts = Array(sectionTable..<bytes.count)
        cuts += stride(from: 64, to: sectionTable, by: 997)
        for length in cuts {
            let error = parseError(Array(bytes[0..<length]))
            #expect(isTruncated(error), "cut at \(length): \(String(describing: error))")
        }
        #expect(parseError(bytes) == nil)
        #expect(ELFError.truncated("x").description.hasPrefix("truncated ELF: "))
    }

    @Test func thirtyTwoBitAndBigEndianFilesAreRejected() throws {
        var bytes = try sampleBytes()
        bytes[4] = 1  // EI_CLASS = ELFCLASS32
        #expect(parseError(bytes) == .unsupportedClass)
        #expect(parseError(Array(bytes[0..<5])) == .unsupportedClass)
        bytes[4] = 2
        bytes[5] = 2  // EI_DATA = ELFDATA2MSB
        #expect(parseError(bytes) == .unsupportedByteOrder)
        bytes[5] = 0
        #expect(isCorrupt(parseError(bytes)))
        bytes[5] = 1
        bytes[4] = 3
        #expect(isCorrupt(parseError(bytes)))
        #expect(ELFError.unsupportedClass.description
            == "32-bit ELF files are not supported (Morph runs RV64 programs)")
    }

    @Test func corruptOffsetsAndSizesAreRejected() throws {
        let original = try sampleBytes()
        let file = try ELFFile(bytes: original)
        let huge: [UInt64] = [UInt64.max, UInt64.max - 8, 1 << 63, UInt64(original.count),
                              UInt64(original.count) - 1, 0xffff_ffff]
        func patched(_ body: (inout [UInt8]) -> Void) -> [UInt8] {
            var bytes = original
            body(&bytes)
            return bytes
        }
        for value in huge {
            // e_phoff and e_shoff far away (the offset + size must not overflow and trap).
            #expect(isTruncated(parseError(patched { store(value, into: &$0, at: 32) })), "e_phoff \(value)")
            #expect(isTruncated(parseError(patched { store(value, into: &$0, at: 40) })), "e_shoff \(value)")
            // Segment 1's offset and file size, section 4's offset and size.
            let segment = Int(file.programHeaderOffset) + ProgramHeader.entrySize
            #expect(isTruncated(parseError(patched { store(value, into: &$0, at: segment + 8) })))
            #expect(parseError(patched { store(value, into: &$0, at: segment + 32) }) != nil)
            let section = Int(file.sectionHeaderOffset) + 4 * SectionHeader.headerSize
            #expect(isTruncated(parseError(patched { store(value, into: &$0, at: section + 24) })))
            #expect(isTruncated(parseError(patched { store(value, into: &$0, at: section + 32) })))
        }
        // A section count that overflows count * entry size, and huge entry counts.
        #expect(isTruncated(parseError(patched { store(UInt16(0xffff), into: &$0, at: 60) })))
        #expect(isTruncated(parseError(patched { store(UInt16(0xfff0), into: &$0, at: 56) })))
        // Entry sizes smaller than the structures.
        #expect(isCorrupt(parseError(patched { store(UInt16(8), into: &$0, at: 54) })))
        #expect(isCorrupt(parseError(patched { store(UInt16(8), into: &$0, at: 58) })))
        // Section name table index out of range, or not a string table.
        #expect(isCorrupt(parseError(patched { store(UInt16(file.sections.count), into: &$0, at: 62) })))
        #expect(isCorrupt(parseError(patched { store(UInt16(4), into: &$0, at: 62) })))
        // A section name offset beyond the name table.
        let section4 = Int(file.sectionHeaderOffset) + 4 * SectionHeader.headerSize
        #expect(isCorrupt(parseError(patched { store(UInt32.max, into: &$0, at: section4) })))
        // A loadable segment whose memory size is smaller than its file size.
        let load = try #require(file.segments.firstIndex { $0.isLoadable })
        let loadHeader = Int(file.programHeaderOffset) + load * ProgramHeader.entrySize
        #expect(isCorrupt(parseError(patched { store(UInt64(1), into: &$0, at: loadHeader + 40) })))
        // A symbol table linked to a section that is not a string table, or out of range.
        let symtab = try #require(file.section(named: ".symtab"))
        let symtabHeader = Int(file.sectionHeaderOffset) + symtab.index * SectionHeader.headerSize
        #expect(isCorrupt(parseError(patched { store(UInt32(4), into: &$0, at: symtabHeader + 40) })))
        #expect(isCorrupt(parseError(patched { store(UInt32.max, into: &$0, at: symtabHeader + 40) })))
        // A symbol name offset beyond its string table.
        let firstSymbol = Int(symtab.offset) + Symbol.entrySize
        #expect(isCorrupt(parseError(patched { store(UInt32.max, into: &$0, at: firstSymbol) })))
    }

    @Test func extendedSectionNumberingIsFollowed() throws {
        // gABI "Extended Section Header Numbering": e_shnum = 0 and e_shstrndx = SHN_XINDEX move the real
        // values into section header 0's sh_size and sh_link.
        var bytes = try sampleBytes()
        let original = try ELFFile(bytes: bytes)
        let first = Int(original.sectionHeaderOffset)
        store(UInt64(original.sections.count), into: &bytes, at: first + 32)
        store(UInt32(original.sectionNameTableIndex), into: &bytes, at: first + 40)
        store(UInt16(0), into: &bytes, at: 60)
        store(UInt16(0xffff), into: &bytes, at: 62)
        let extended = try ELFFile(bytes: bytes)
        #expect(extended.sections.count == original.sections.count)
        #expect(extended.sectionNameTableIndex == original.sectionNameTableIndex)
        #expect(extended.sections.map(\.name) == original.sections.map(\.name))
        #expect(extended.symbols.count == original.symbols.count)
        // A huge count in section 0 must be rejected, not trusted.
        store(UInt64.max / 2, into: &bytes, at: first + 32)
        #expect(isTruncated(parseError(bytes)))
    }

    @Test func randomMutationsOfARealFileNeverCrash() throws {
        let original = try sampleBytes()
        let file = try ELFFile(bytes: original)
        let headerEnd = Int(file.programHeaderOffset) + file.segments.count * ProgramHeader.entrySize
        let sectionTable = Int(file.sectionHeaderOffset)
        var generator = SplitMix64(seed: 42)
        var outcomes = [0, 0]
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                // Mutate the header, the program headers or the section headers.
                let region = Int.random(in: 0..<3, using: &generator)
                let offset = region < 2 ? Int.random(in: 0..<headerEnd, using: &generator)
                    : Int.random(in: sectionTable..<bytes.count, using: &generator)
                bytes[offset] = UInt8.random(in: 0...255, using: &generator)
            }
            outcomes[parseError(bytes) == nil ? 0 : 1] += 1
        }
        #expect(outcomes[0] + outcomes[1] == 300)
        #expect(outcomes[1] > 0)
    }

    @Test func readingFromDiskGivesEveryByte() throws {
        // One read of the size fstat reports; a FIFO reports 0 and is read in chunks to its end.
        let path = try samplePath()
        let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try ELFFile(path: path).bytes == expected)
        let fifo = TestPaths.guestBuildDirectory.appendingPathComponent("elf-read-fifo-\(getpid())").path
        unlink(fifo)
        guard mkfifo(fifo, 0o600) == 0 else { return }
        defer { unlink(fifo) }
        let writer = Thread {
            let descriptor = open(fifo, O_WRONLY)
            guard descriptor >= 0 else { return }
            expected.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let count = write(descriptor, buffer.baseAddress! + offset, min(4096, buffer.count - offset))
                    if count <= 0 { break }
                    offset += count
                }
            }
            close(descriptor)
        }
        writer.start()
        #expect(try ELFFile(path: fifo).bytes == expected)
    }

    @Test func fileSystemErrors() throws {
        let missing = "/nonexistent/morph-no-such-file"
        #expect(throws: ELFError.fileNotFound(missing)) { try ELFFile(path: missing) }
        #expect(throws: ELFError.isDirectory("/tmp")) { try ELFFile(path: "/tmp") }
        let notELF = TestPaths.guestBuildDirectory.appendingPathComponent("disasm-not-elf.txt").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: notELF))
        #expect(throws: ELFError.notELF) { try ELFFile(path: notELF) }
        if getuid() != 0 {
            let unreadable = TestPaths.guestBuildDirectory.appendingPathComponent("disasm-unreadable").path
            try Data([1]).write(to: URL(fileURLWithPath: unreadable))
            chmod(unreadable, 0)
            defer { chmod(unreadable, 0o644) }
            #expect(throws: ELFError.unreadable(unreadable, "Permission denied")) {
                try ELFFile(path: unreadable)
            }
        }
        #expect(ELFError.fileNotFound("x").description == "x: no such file")
        #expect(ELFError.fileNotFound("x").description(for: "x") == "x: no such file")
        #expect(ELFError.notELF.description(for: "y") == "y: not an ELF file")
        for error in [ELFError.fileNotFound("a"), .isDirectory("a"), .unreadable("a", "b"), .notELF,
                      .truncated("c"), .unsupportedClass, .unsupportedByteOrder, .corrupt("d")] {
            #expect(!error.description.contains("\n"))
            #expect(!error.description.isEmpty)
        }
    }
}

