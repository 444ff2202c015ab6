// ELF-64 program headers (System V gABI, "Program Header"; RISC-V ELF psABI, "Program Header Table").

/// One entry of the program header table: a segment, as the loader sees the file.
public struct ProgramHeader: Hashable, Sendable {
    /// `p_type`: what the segment is (`ProgramHeader.typeLoad`, ...).
    public let type: UInt32
    /// `p_flags`: `flagRead | flagWrite | flagExecute` bits.
    public let flags: UInt32
    /// `p_offset`: where the segment's bytes start in the file.
    public let offset: UInt64
    /// `p_vaddr`: the virtual address of the first byte in memory.
    public let virtualAddress: UInt64
    /// `p_paddr`: the physical address (used by bare-metal loaders).
    public let physicalAddress: UInt64
    /// `p_filesz`: bytes taken from the file.
    public let fileSize: UInt64
    /// `p_memsz`: bytes in memory; those past `fileSize` are zero.
    public let memorySize: UInt64
    /// `p_align`: the required alignment of `offset` and `virtualAddress`.
    public let alignment: UInt64

    /// Creates a program header from its fields.
    public init(type: UInt32, flags: UInt32, offset: UInt64, virtualAddress: UInt64, physicalAddress: UInt64,
                fileSize: UInt64, memorySize: UInt64, alignment: UInt64) {
        self.type = type
        self.flags = flags
        self.offset = offset
        self.virtualAddress = virtualAddress
        self.physicalAddress = physicalAddress
        self.fileSize = fileSize
        self.memorySize = memorySize
        self.alignment = alignment
    }

    /// The size of one ELF-64 program header in the file.
    public static let entrySize = 56

    /// `PT_NULL`: an unused entry.
    public static let typeNull: UInt32 = 0
    /// `PT_LOAD`: a loadable segment.
    public static let typeLoad: UInt32 = 1
    /// `PT_DYNAMIC`: dynamic linking information.
    public static let typeDynamic: UInt32 = 2
    /// `PT_INTERP`: the path of the program interpreter (dynamic linker).
    public static let typeInterpreter: UInt32 = 3
    /// `PT_NOTE`: auxiliary notes.
    public static let typeNote: UInt32 = 4
    /// `PT_SHLIB`: reserved.
    public static let typeSharedLibrary: UInt32 = 5
    /// `PT_PHDR`: the program header table itself.
    public static let typeProgramHeaderTable: UInt32 = 6
    /// `PT_TLS`: the thread-local storage template.
    public static let typeThreadLocalStorage: UInt32 = 7
    /// `PT_GNU_EH_FRAME`: the exception-handling frame header.
    public static let typeGNUExceptionFrame: UInt32 = 0x6474_e550
    /// `PT_GNU_STACK`: the stack's permissions.
    public static let typeGNUStack: UInt32 = 0x6474_e551
    /// `PT_GNU_RELRO`: read-only after relocation.
    public static let typeGNURelocationReadOnly: UInt32 = 0x6474_e552
    /// `PT_RISCV_ATTRIBUTES`: the RISC-V attributes section (psABI).
    public static let typeRISCVAttributes: UInt32 = 0x7000_0003

    /// `PF_X`: executable.
    public static let flagExecute: UInt32 = 0x1
    /// `PF_W`: writable.
    public static let flagWrite: UInt32 = 0x2
    /// `PF_R`: readable.
    public static let flagRead: UInt32 = 0x4

    /// Whether this is a `PT_LOAD` segment.
    public var isLoadable: Bool { type == ProgramHeader.typeLoad }
    /// Whether `PF_X` is set.
    public var isExecutable: Bool { flags & ProgramHeader.flagExecute != 0 }
    /// Whether `PF_W` is set.
    public var isWritable: Bool { flags & ProgramHeader.flagWrite != 0 }
    /// Whether `PF_R` is set.
    public var isReadable: Bool { flags & ProgramHeader.flagRead != 0 }

    /// Whether `address` lies in `[virtualAddress, virtualAddress + memorySize)`.
    public func contains(virtualAddress address: UInt64) -> Bool {
        address >= virtualAddress && address - virtualAddress < memorySize
    }
}
