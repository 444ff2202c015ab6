// ELF-64 symbol table entries (System V gABI, "Symbol Table").

/// `STT_*`: what a symbol names (the low four bits of `st_info`).
public struct SymbolType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The raw `STT_*` value.
    public let rawValue: UInt8
    /// Wraps a raw `STT_*` value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `STT_NOTYPE`.
    public static let noType = SymbolType(rawValue: 0)
    /// `STT_OBJECT`: a data object.
    public static let object = SymbolType(rawValue: 1)
    /// `STT_FUNC`: a function or other executable code.
    public static let function = SymbolType(rawValue: 2)
    /// `STT_SECTION`: a section.
    public static let section = SymbolType(rawValue: 3)
    /// `STT_FILE`: a source file name.
    public static let file = SymbolType(rawValue: 4)
    /// `STT_COMMON`: an uninitialised common block.
    public static let common = SymbolType(rawValue: 5)
    /// `STT_TLS`: a thread-local storage entity.
    public static let threadLocalStorage = SymbolType(rawValue: 6)
    /// `STT_GNU_IFUNC`: an indirect function.
    public static let indirectFunction = SymbolType(rawValue: 10)

    /// The name `readelf` prints (`FUNC`).
    public var description: String {
        switch rawValue {
        case 0: "NOTYPE"
        case 1: "OBJECT"
        case 2: "FUNC"
        case 3: "SECTION"
        case 4: "FILE"
        case 5: "COMMON"
        case 6: "TLS"
        case 10: "IFUNC"
        default: "<\(rawValue)>"
        }
    }
}

/// `STB_*`: a symbol's linkage visibility (the high four bits of `st_info`).
public struct SymbolBinding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The raw `STB_*` value.
    public let rawValue: UInt8
    /// Wraps a raw `STB_*` value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `STB_LOCAL`.
    public static let local = SymbolBinding(rawValue: 0)
    /// `STB_GLOBAL`.
    public static let global = SymbolBinding(rawValue: 1)
    /// `STB_WEAK`.
    public static let weak = SymbolBinding(rawValue: 2)
    /// `STB_GNU_UNIQUE`.
    public static let unique = SymbolBinding(rawValue: 10)

    /// The name `readelf` prints (`GLOBAL`).
    public var description: String {
        switch rawValue {
        case 0: "LOCAL"
        case 1: "GLOBAL"
        case 2: "WEAK"
        case 10: "UNIQUE"
        default: "<\(rawValue)>"
        }
    }
}

/// One symbol table entry.
public struct Symbol: Hashable, Sendable {
    /// The name, resolved from the linked string table (empty for unnamed symbols).
    public let name: String
    /// `st_value`: the address (executables) or section offset (relocatable files).
    public let value: UInt64
    /// `st_size`: the size of the object or function in bytes, 0 if unknown.
    public let size: UInt64
    /// The type from `st_info`.
    public let type: SymbolType
    /// The binding from `st_info`.
    public let binding: SymbolBinding
    /// `st_other`: the visibility (low two bits).
    public let other: UInt8
    /// `st_shndx`: the index of the section the symbol is defined in, or a `Symbol.sectionIndex*` value.
    public let sectionIndex: UInt16

    /// Creates a symbol from its fields.
    public init(name: String, value: UInt64, size: UInt64, type: SymbolType, binding: SymbolBinding,
                other: UInt8, sectionIndex: UInt16) {
        self.name = name
        self.value = value
        self.size = size
        self.type = type
        self.binding = binding
        self.other = other
        self.sectionIndex = sectionIndex
    }

    /// The size of one ELF-64 symbol table entry in the file.
    public static let entrySize = 24

    /// `SHN_UNDEF`: the symbol is not defined in this file.
    public static let sectionIndexUndefined: UInt16 = 0
    /// `SHN_ABS`: an absolute value, not relative to a section.
    public static let sectionIndexAbsolute: UInt16 = 0xfff1
    /// `SHN_COMMON`: a common block not yet allocated.
    public static let sectionIndexCommon: UInt16 = 0xfff2
    /// `SHN_XINDEX`: the real index is in the `SHT_SYMTAB_SHNDX` section.
    public static let sectionIndexExtended: UInt16 = 0xffff

    /// Whether the symbol is defined in this file (not `SHN_UNDEF`).
    public var isDefined: Bool { sectionIndex != Symbol.sectionIndexUndefined }
}
