// ELF-64 section headers (System V gABI, "Sections"; RISC-V ELF psABI, "Sections").

/// One entry of the section header table.
public struct SectionHeader: Hashable, Sendable {
    /// The position of this header in the section header table (what symbols' `sectionIndex` refers to).
    public let index: Int
    /// The name, resolved from the section header string table (`.text`).
    public let name: String
    /// `sh_name`: the offset of the name in the section header string table.
    public let nameOffset: UInt32
    /// `sh_type`: what the section holds (`SectionHeader.typeProgramBits`, ...).
    public let type: UInt32
    /// `sh_flags`: `flagWrite | flagAllocate | flagExecute ...` bits.
    public let flags: UInt64
    /// `sh_addr`: the address of the first byte in memory, or 0 if not allocated.
    public let address: UInt64
    /// `sh_offset`: where the bytes start in the file.
    public let offset: UInt64
    /// `sh_size`: the size in bytes (in memory, for `SHT_NOBITS`).
    public let size: UInt64
    /// `sh_link`: a related section's index, meaning depends on `type`.
    public let link: UInt32
    /// `sh_info`: extra information, meaning depends on `type`.
    public let info: UInt32
    /// `sh_addralign`: the required alignment of `address`.
    public let addressAlignment: UInt64
    /// `sh_entsize`: the size of one entry for table sections, else 0.
    public let entrySize: UInt64

    /// Creates a section header from its fields.
    public init(index: Int, name: String, nameOffset: UInt32, type: UInt32, flags: UInt64, address: UInt64,
                offset: UInt64, size: UInt64, link: UInt32, info: UInt32, addressAlignment: UInt64,
                entrySize: UInt64) {
        self.index = index
        self.name = name
        self.nameOffset = nameOffset
        self.type = type
        self.flags = flags
        self.address = address
        self.offset = offset
        self.size = size
        self.link = link
        self.info = info
        self.addressAlignment = addressAlignment
        self.entrySize = entrySize
    }

    /// The size of one ELF-64 section header in the file.
    public static let headerSize = 64

    /// `SHT_NULL`: an unused entry.
    public static let typeNull: UInt32 = 0
    /// `SHT_PROGBITS`: bytes defined by the program.
    public static let typeProgramBits: UInt32 = 1
    /// `SHT_SYMTAB`: the full symbol table.
    public static let typeSymbolTable: UInt32 = 2
    /// `SHT_STRTAB`: a string table.
    public static let typeStringTable: UInt32 = 3
    /// `SHT_RELA`: relocations with addends.
    public static let typeRelocationsWithAddends: UInt32 = 4
    /// `SHT_HASH`: a symbol hash table.
    public static let typeHash: UInt32 = 5
    /// `SHT_DYNAMIC`: dynamic linking information.
    public static let typeDynamic: UInt32 = 6
    /// `SHT_NOTE`: notes.
    public static let typeNote: UInt32 = 7
    /// `SHT_NOBITS`: occupies no file space (`.bss`).
    public static let typeNoBits: UInt32 = 8
    /// `SHT_REL`: relocations without addends.
    public static let typeRelocations: UInt32 = 9
    /// `SHT_DYNSYM`: the dynamic linking symbol table.
    public static let typeDynamicSymbolTable: UInt32 = 11
    /// `SHT_INIT_ARRAY`: constructor pointers.
    public static let typeInitializerArray: UInt32 = 14
    /// `SHT_FINI_ARRAY`: destructor pointers.
    public static let typeFinalizerArray: UInt32 = 15
    /// `SHT_PREINIT_ARRAY`: pre-initialiser pointers.
    public static let typePreinitializerArray: UInt32 = 16
    /// `SHT_GROUP`: a section group.
    public static let typeGroup: UInt32 = 17
    /// `SHT_SYMTAB_SHNDX`: extended section indexes of a symbol table.
    public static let typeSymbolTableSectionIndexes: UInt32 = 18
    /// `SHT_RISCV_ATTRIBUTES`: RISC-V build attributes (psABI).
    public static let typeRISCVAttributes: UInt32 = 0x7000_0003

    /// `SHF_WRITE`: writable at run time.
    public static let flagWrite: UInt64 = 0x1
    /// `SHF_ALLOC`: occupies memory at run time.
    public static let flagAllocate: UInt64 = 0x2
    /// `SHF_EXECINSTR`: holds executable instructions.
    public static let flagExecute: UInt64 = 0x4
    /// `SHF_MERGE`: may be merged to remove duplicates.
    public static let flagMerge: UInt64 = 0x10
    /// `SHF_STRINGS`: holds NUL-terminated strings.
    public static let flagStrings: UInt64 = 0x20
    /// `SHF_INFO_LINK`: `info` holds a section index.
    public static let flagInfoLink: UInt64 = 0x40
    /// `SHF_TLS`: thread-local storage.
    public static let flagThreadLocalStorage: UInt64 = 0x400

    /// Whether `SHF_EXECINSTR` is set.
    public var isExecutable: Bool { flags & SectionHeader.flagExecute != 0 }
    /// Whether `SHF_ALLOC` is set.
    public var isAllocated: Bool { flags & SectionHeader.flagAllocate != 0 }
    /// Whether `SHF_WRITE` is set.
    public var isWritable: Bool { flags & SectionHeader.flagWrite != 0 }
    /// Whether the section occupies bytes in the file (every type but `SHT_NOBITS` and `SHT_NULL`).
    public var hasFileContents: Bool {
        type != SectionHeader.typeNoBits && type != SectionHeader.typeNull
    }
}
