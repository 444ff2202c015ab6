// The ELF-64 object file format (System V gABI, "ELF Header", "Sections", "Program Header", "Symbol Table";
// the RISC-V ELF psABI, "ELF Object Files", for the e_flags bits). Only ELFCLASS64 / ELFDATA2LSB files are
// accepted; which machine they are for is the caller's question (`machine`).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed ELF-64 little-endian file: its header, segments, sections and symbols.
///
/// Every offset and size is checked against the file before it is used, with overflow-checked arithmetic,
/// so any byte string either parses or throws an `ELFError`; nothing traps.
public struct ELFFile: Sendable {
    /// The whole file.
    public let bytes: [UInt8]
    /// `EI_OSABI`: the OS/ABI identification (0 = System V, 3 = Linux).
    public let osABI: UInt8
    /// `EI_ABIVERSION`.
    public let abiVersion: UInt8
    /// `e_type`: `ELFFile.typeExecutable`, `ELFFile.typeSharedObject`, ...
    public let fileType: UInt16
    /// `e_machine`: `ELFFile.machineRISCV` for RISC-V.
    public let machine: UInt16
    /// `e_version`.
    public let version: UInt32
    /// `e_flags`: for RISC-V, `flagRVC` and the `flagFloatABIMask` bits.
    public let flags: UInt32
    /// `e_entry`: the virtual address where execution starts.
    public let entry: UInt64
    /// `e_phoff`: where the program header table starts in the file (0 if none).
    public let programHeaderOffset: UInt64
    /// `e_shoff`: where the section header table starts in the file (0 if none).
    public let sectionHeaderOffset: UInt64
    /// `e_shstrndx` (after extended numbering): the index of the section name string table.
    public let sectionNameTableIndex: Int
    /// The program header table.
    public let segments: [ProgramHeader]
    /// `e_phentsize`: the size of one program header entry (56 in every ELF-64 file Linux loads).
    public let programHeaderEntrySize: UInt16
    /// The section header table, including the null entry at index 0 (so `sections[symbol.sectionIndex]`
    /// works).
    public let sections: [SectionHeader]
    /// The symbols of `.symtab`, or of `.dynsym` if there is no `.symtab`; the null symbol 0 is left out.
    public let symbols: [Symbol]

    // MARK: Constants

    /// The size of the ELF-64 file header.
    public static let headerSize = 64
    /// `ET_NONE`.
    public static let typeNone: UInt16 = 0
    /// `ET_REL`: a relocatable object file.
    public static let typeRelocatable: UInt16 = 1
    /// `ET_EXEC`: an executable at fixed addresses.
    public static let typeExecutable: UInt16 = 2
    /// `ET_DYN`: a shared object or position-independent executable.
    public static let typeSharedObject: UInt16 = 3
    /// `ET_CORE`: a core dump.
    public static let typeCore: UInt16 = 4
    /// `EM_X86_64`.
    public static let machineX86_64: UInt16 = 62
    /// `EM_RISCV`.
    public static let machineRISCV: UInt16 = 243
    /// `EF_RISCV_RVC`: the file uses compressed instructions.
    public static let flagRVC: UInt32 = 0x1
    /// `EF_RISCV_FLOAT_ABI`: the mask of the floating-point ABI bits.
    public static let flagFloatABIMask: UInt32 = 0x6
    /// `EF_RISCV_FLOAT_ABI_SOFT`.
    public static let flagFloatABISoft: UInt32 = 0x0
    /// `EF_RISCV_FLOAT_ABI_SINGLE`.
    public static let flagFloatABISingle: UInt32 = 0x2
    /// `EF_RISCV_FLOAT_ABI_DOUBLE` (lp64d, what riscv64-linux-gnu uses).
    public static let flagFloatABIDouble: UInt32 = 0x4
    /// `EF_RISCV_FLOAT_ABI_QUAD`.
    public static let flagFloatABIQuad: UInt32 = 0x6
    /// `EF_RISCV_RVE`: the RV32E/RV64E base.
    public static let flagRVE: UInt32 = 0x8
    /// `EF_RISCV_TSO`: requires the RVTSO memory model.
    public static let flagTSO: UInt32 = 0x10

    /// `SHN_XINDEX` / `PN_XNUM`-style escape values of the header (gABI "Extended Section Header Numbering").
    private static let escapeIndex: UInt16 = 0xffff
    private static let sectionIndexLowReserve: UInt16 = 0xff00

    // MARK: Reading

    /// Reads and parses the file at `path` (see `init(bytes:readingSections:)`).
    public init(path: String, readingSections: Bool = true) throws(ELFError) {
        self = try ELFFile(bytes: ELFFile.readFile(path), readingSections: readingSections)
    }

    /// Parses `bytes` as an ELF-64 little-endian file.
    ///
    /// - Parameter readingSections: parse the section headers and the symbol table (a disassembler needs
    ///   them). Without them only the ELF header and the program headers are read, as Linux's loader
    ///   does (binfmt_elf.c): a program whose section headers are missing, cut short or nonsense still
    ///   loads, and `sections` and `symbols` are empty.
    public init(bytes: [UInt8], readingSections: Bool = true) throws(ELFError) {
        self.bytes = bytes
        let reader = ByteReader(bytes: bytes)
        guard bytes.count >= 4, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            throw .notELF
        }
        guard bytes.count > 4 else { throw .truncated("the ELF identification is cut short") }
        switch bytes[4] {  // EI_CLASS
        case 1: throw .unsupportedClass
        case 2: break
        default: throw .corrupt("invalid ELF class \(bytes[4]) (expected 2, ELFCLASS64)")
        }
        guard bytes.count > 5 else { throw .truncated("the ELF identification is cut short") }
        switch bytes[5] {  // EI_DATA
        case 1: break
        case 2: throw .unsupportedByteOrder
        default: throw .corrupt("invalid data encoding \(bytes[5]) (expected 1, little-endian)")
        }
        guard bytes.count >= ELFFile.headerSize else {
            throw .truncated("the 64-byte ELF header extends past the end of the file (\(bytes.count) bytes)")
        }
        osABI = bytes[7]
        abiVersion = bytes[8]
        fileType = reader.u16(16)
        machine = reader.u16(18)
        version = reader.u32(20)
        entry = reader.u64(24)
        programHeaderOffset = reader.u64(32)
        sectionHeaderOffset = reader.u64(40)
        flags = reader.u32(48)
        let programHeaderEntrySize = reader.u16(54)
        let headerProgramHeaderCount = reader.u16(56)
        self.programHeaderEntrySize = programHeaderEntrySize
        let sectionHeaderEntrySize = reader.u16(58)
        let headerSectionCount = reader.u16(60)
        let headerNameTableIndex = reader.u16(62)

        // Extended numbering: when the counts do not fit 16 bits, section header 0 holds them.
        var sectionCount = UInt64(headerSectionCount)
        var nameTableIndex = UInt64(headerNameTableIndex)
        var programHeaderCount = UInt64(headerProgramHeaderCount)
        let usesExtendedNumbering = readingSections
            ? headerSectionCount == 0 || headerNameTableIndex == ELFFile.escapeIndex
                || headerProgramHeaderCount == ELFFile.escapeIndex
            : headerProgramHeaderCount == ELFFile.escapeIndex
        if sectionHeaderOffset != 0, readingSections || usesExtendedNumbering {
            guard Int(sectionHeaderEntrySize) >= SectionHeader.headerSize else {
                throw .corrupt("section header entry size \(sectionHeaderEntrySize) is smaller than 64")
            }
        }
        if sectionHeaderOffset != 0 && usesExtendedNumbering {
            guard let first = reader.range(sectionHeaderOffset, UInt64(SectionHeader.headerSize)) else {
                throw .truncated("the section header table starts past the end of the file")
            }
            if headerSectionCount == 0 { sectionCount = reader.u64(first.lowerBound + 32) }
            if headerNameTableIndex == ELFFile.escapeIndex {
                nameTableIndex = UInt64(reader.u32(first.lowerBound + 40))
            }
            if headerProgramHeaderCount == ELFFile.escapeIndex {
                programHeaderCount = UInt64(reader.u32(first.lowerBound + 44))
            }
        } else if sectionHeaderOffset == 0 {
            sectionCount = 0
        }
        if !readingSections { sectionCount = 0 }

        // Program headers.
        var segments: [ProgramHeader] = []
        if programHeaderCount > 0 {
            guard Int(programHeaderEntrySize) >= ProgramHeader.entrySize else {
                throw .corrupt("program header entry size \(programHeaderEntrySize) is smaller than 56")
            }
            guard let table = reader.range(programHeaderOffset, programHeaderCount, UInt64(programHeaderEntrySize))
            else { throw .truncated("program headers extend past the end of the file") }
            segments.reserveCapacity(Int(programHeaderCount))
            for start in stride(from: table.lowerBound, to: table.upperBound, by: Int(programHeaderEntrySize)) {
                let segment = ProgramHeader(
                    type: reader.u32(start), flags: reader.u32(start + 4), offset: reader.u64(start + 8),
                    virtualAddress: reader.u64(start + 16), physicalAddress: reader.u64(start + 24),
                    fileSize: reader.u64(start + 32), memorySize: reader.u64(start + 40),
                    alignment: reader.u64(start + 48))
                let number = segments.count
                guard reader.range(segment.offset, segment.fileSize) != nil else {
                    throw .truncated("segment \(number) (offset 0x\(hex(segment.offset)), "
                        + "0x\(hex(segment.fileSize)) bytes) extends past the end of the file")
                }
                if segment.isLoadable {
                    guard segment.memorySize >= segment.fileSize else {
                        throw .corrupt("segment \(number) has a memory size smaller than its file size")
                    }
                    guard segment.virtualAddress.addingReportingOverflow(segment.memorySize).overflow == false
                    else { throw .corrupt("segment \(number) wraps around the end of the address space") }
                }
                segments.append(segment)
            }
        }
        self.segments = segments

        // Section headers.
        var rawSections: [(nameOffset: UInt32, type: UInt32, flags: UInt64, address: UInt64, offset: UInt64,
                           size: UInt64, link: UInt32, info: UInt32, alignment: UInt64, entrySize: UInt64)] = []
        if sectionCount > 0 {
            guard let table = reader.range(sectionHeaderOffset, sectionCount, UInt64(sectionHeaderEntrySize))
            else { throw .truncated("section headers extend past the end of the file") }
            rawSections.reserveCapacity(Int(sectionCount))
            for start in stride(from: table.lowerBound, to: table.upperBound, by: Int(sectionHeaderEntrySize)) {
                let raw = (nameOffset: reader.u32(start), type: reader.u32(start + 4), flags: reader.u64(start + 8),
                           address: reader.u64(start + 16), offset: reader.u64(start + 24),
                           size: reader.u64(start + 32), link: reader.u32(start + 40),
                           info: reader.u32(start + 44), alignment: reader.u64(start + 48),
                           entrySize: reader.u64(start + 56))
                let number = rawSections.count
                if raw.type != SectionHeader.typeNoBits && raw.type != SectionHeader.typeNull {
                    guard reader.range(raw.offset, raw.size) != nil else {
                        throw .truncated("section \(number) (offset 0x\(hex(raw.offset)), "
                            + "0x\(hex(raw.size)) bytes) extends past the end of the file")
                    }
                }
                rawSections.append(raw)
            }
        }
        var sections: [SectionHeader] = []
        sections.reserveCapacity(rawSections.count)
        if !rawSections.isEmpty {
            var names: Range<Int>? = nil
            if nameTableIndex != 0 {  // SHN_UNDEF: the file has no section names
                guard nameTableIndex < UInt64(rawSections.count) else {
                    throw .corrupt("section name table index \(nameTableIndex) is out of range "
                        + "(\(rawSections.count) sections)")
                }
                let table = rawSections[Int(nameTableIndex)]
                guard table.type == SectionHeader.typeStringTable else {
                    throw .corrupt("section name table \(nameTableIndex) is not a string table")
                }
                names = reader.range(table.offset, table.size)
            }
            for (index, raw) in rawSections.enumerated() {
                var name = ""
                if let names {
                    guard let resolved = reader.string(in: names, at: raw.nameOffset) else {
                        throw .corrupt("the name of section \(index) lies outside the section name table")
                    }
                    name = resolved
                }
                sections.append(SectionHeader(
                    index: index, name: name, nameOffset: raw.nameOffset, type: raw.type, flags: raw.flags,
                    address: raw.address, offset: raw.offset, size: raw.size, link: raw.link, info: raw.info,
                    addressAlignment: raw.alignment, entrySize: raw.entrySize))
            }
        }
        self.sections = sections
        self.sectionNameTableIndex = sections.isEmpty ? 0 : Int(nameTableIndex)
        self.symbols = try ELFFile.readSymbols(reader: reader, sections: sections)
    }

    /// The symbols of the first `SHT_SYMTAB` section, or else of the first `SHT_DYNSYM` section.
    private static func readSymbols(reader: ByteReader, sections: [SectionHeader]) throws(ELFError) -> [Symbol] {
        guard let table = sections.first(where: { $0.type == SectionHeader.typeSymbolTable })
            ?? sections.first(where: { $0.type == SectionHeader.typeDynamicSymbolTable }) else { return [] }
        let entrySize = table.entrySize == 0 ? UInt64(Symbol.entrySize) : table.entrySize
        guard entrySize >= UInt64(Symbol.entrySize), entrySize <= UInt64(Int32.max) else {
            throw .corrupt("symbol table \(table.name) has entry size \(table.entrySize) (expected 24)")
        }
        guard Int(table.link) < sections.count, sections[Int(table.link)].type == SectionHeader.typeStringTable
        else { throw .corrupt("symbol table \(table.name) links to section \(table.link), not a string table") }
        let strings = sections[Int(table.link)]
        guard let stringRange = reader.range(strings.offset, strings.size),
              let tableRange = reader.range(table.offset, table.size) else {
            throw .truncated("symbol table \(table.name) extends past the end of the file")
        }
        let count = table.size / entrySize
        var symbols: [Symbol] = []
        symbols.reserveCapacity(Int(count))
        // Entry 0 is the reserved null symbol.
        var start = tableRange.lowerBound
        for index in 0..<Int(count) {
            defer { start += Int(entrySize) }
            if index == 0 { continue }
            let nameOffset = reader.u32(start)
            guard let name = reader.string(in: stringRange, at: nameOffset) else {
                throw .corrupt("the name of symbol \(index) in \(table.name) lies outside its string table")
            }
            let info = reader.bytes[start + 4]
            symbols.append(Symbol(
                name: name, value: reader.u64(start + 8), size: reader.u64(start + 16),
                type: SymbolType(rawValue: info & 0xf), binding: SymbolBinding(rawValue: info >> 4),
                other: reader.bytes[start + 5], sectionIndex: reader.u16(start + 6)))
        }
        return symbols
    }

    /// Reads a whole file with POSIX calls, mapping failures to `ELFError`.
    private static func readFile(_ path: String) throws(ELFError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .fileNotFound(path) }
            if code == EISDIR { throw .isDirectory(path) }
            throw .unreadable(path, String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .unreadable(path, String(cString: strerror(errno)))
        }
        if status.st_mode & S_IFMT == S_IFDIR { throw .isDirectory(path) }
        // One read of the size fstat reports, into the array's own storage; a loop only for short reads
        // and for a file that is longer than it said (a pipe-like file reports 0).
        let expected = status.st_size > 0 ? Int(status.st_size) : 0
        var failure: Int32 = 0
        var result = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            while initialized < expected {
                let count = read(descriptor, buffer.baseAddress! + initialized, expected - initialized)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { return }
                initialized += count
            }
        }
        if failure != 0 { throw .unreadable(path, String(cString: strerror(failure))) }
        if result.count < expected { return result }  // the file shrank: what was there
        // Usually at the end now: one byte read to be sure, without allocating a chunk.
        var probe: UInt8 = 0
        while true {
            let count = read(descriptor, &probe, 1)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path, String(cString: strerror(errno)))
            }
            if count == 0 { return result }
            result.append(probe)
            break
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path, String(cString: strerror(errno)))
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    // MARK: Queries

    /// The file bytes of `segment` (`fileSize` bytes from `offset`); empty if they lie outside the file.
    public func contents(of segment: ProgramHeader) -> ArraySlice<UInt8> {
        guard let range = ByteReader(bytes: bytes).range(segment.offset, segment.fileSize) else { return [] }
        return bytes[range]
    }

    /// The file bytes of `section`; empty for `SHT_NOBITS` sections or if they lie outside the file.
    public func contents(of section: SectionHeader) -> ArraySlice<UInt8> {
        guard section.hasFileContents,
              let range = ByteReader(bytes: bytes).range(section.offset, section.size) else { return [] }
        return bytes[range]
    }

    /// The first section called `name`.
    public func section(named name: String) -> SectionHeader? {
        sections.first { $0.name == name }
    }

    /// The first defined symbol called `name` (an undefined one if no defined one exists).
    public func symbol(named name: String) -> Symbol? {
        symbols.first { $0.name == name && $0.isDefined } ?? symbols.first { $0.name == name }
    }

    /// The program interpreter path from `PT_INTERP` (`/lib/ld-linux-riscv64-lp64d.so.1`), if any.
    public var interpreterPath: String? {
        guard let segment = segments.first(where: { $0.type == ProgramHeader.typeInterpreter }) else { return nil }
        let contents = contents(of: segment)
        let text = contents.prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether the file has a `PT_INTERP` or `PT_DYNAMIC` segment (needs a dynamic linker or is a shared
    /// object).
    public var isDynamicallyLinked: Bool {
        segments.contains { $0.type == ProgramHeader.typeInterpreter || $0.type == ProgramHeader.typeDynamic }
    }

    /// Whether `e_flags` says the file uses the C extension.
    public var usesCompressedInstructions: Bool { flags & ELFFile.flagRVC != 0 }

    /// The segment that contains `address` in memory.
    public func segment(containing address: UInt64) -> ProgramHeader? {
        segments.first { $0.isLoadable && $0.contains(virtualAddress: address) }
    }
}

/// Little-endian reads at offsets that the caller has already checked with `range`.
private struct ByteReader {
    let bytes: [UInt8]

    /// `offset ..< offset + size` as an index range if it lies within the file, checked for overflow.
    func range(_ offset: UInt64, _ size: UInt64) -> Range<Int>? {
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard !overflow, end <= UInt64(bytes.count) else { return nil }
        return Int(offset)..<Int(end)
    }

    /// The range of a table of `count` entries of `entrySize` bytes at `offset`, checked for overflow.
    func range(_ offset: UInt64, _ count: UInt64, _ entrySize: UInt64) -> Range<Int>? {
        let (size, overflow) = count.multipliedReportingOverflow(by: entrySize)
        guard !overflow else { return nil }
        return range(offset, size)
    }

    func u16(_ offset: Int) -> UInt16 { load(offset, as: UInt16.self) }

    func u32(_ offset: Int) -> UInt32 { load(offset, as: UInt32.self) }

    func u64(_ offset: Int) -> UInt64 { load(offset, as: UInt64.self) }

    /// A little-endian integer at `offset`, which must lie inside the file (checked: a bad offset traps,
    /// as an out-of-range array index would, instead of reading past the array).
    @inline(__always)
    private func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) -> T {
        precondition(offset >= 0 && offset <= bytes.count &- MemoryLayout<T>.size, "read past the end of the file")
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// The NUL-terminated string at `offset` within `table`, or nil if it is not terminated inside it.
    func string(in table: Range<Int>, at offset: UInt32) -> String? {
        guard UInt64(offset) < UInt64(table.count) else { return nil }
        let start = table.lowerBound + Int(offset)
        precondition(start >= 0 && table.upperBound <= bytes.count, "string table outside the file")
        return bytes.withUnsafeBufferPointer { buffer -> String? in
            let base = buffer.baseAddress! + start
            guard let terminator = memchr(base, 0, table.upperBound - start) else { return nil }
            let length = UnsafeRawPointer(terminator) - UnsafeRawPointer(base)
            return String(decoding: UnsafeBufferPointer(start: base, count: length), as: UTF8.self)
        }
    }
}

/// Lower-case hexadecimal without a prefix.
private func hex(_ value: UInt64) -> String {
    String(value, radix: 16)
}
