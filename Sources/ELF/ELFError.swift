// Errors of the ELF64 reader (System V ABI, "Object Files", chapter 4 of the generic ABI).

/// Why an ELF file could not be read. Every malformed input ends in one of these; the reader never traps.
public enum ELFError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path does not exist.
    case fileNotFound(String)
    /// The path names a directory.
    case isDirectory(String)
    /// The file exists but could not be read: the path and the system's reason.
    case unreadable(String, String)
    /// The file does not start with the ELF magic number `\x7fELF`.
    case notELF
    /// A header or table extends past the end of the file; the payload says which.
    case truncated(String)
    /// An ELFCLASS32 file: Morph runs only 64-bit programs.
    case unsupportedClass
    /// A big-endian (ELFDATA2MSB) file: RISC-V is little-endian.
    case unsupportedByteOrder
    /// A field holds an impossible value; the payload says which.
    case corrupt(String)

    /// One line naming `path` once: the description, prefixed with `path: ` unless it already names the
    /// file (the file-system errors do).
    public func description(for path: String) -> String {
        switch self {
        case .fileNotFound, .isDirectory, .unreadable: description
        default: "\(path): \(description)"
        }
    }

    /// One line, suitable after `morph: error: `.
    public var description: String {
        switch self {
        case .fileNotFound(let path): "\(path): no such file"
        case .isDirectory(let path): "\(path): is a directory"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .notELF: "not an ELF file"
        case .truncated(let what): "truncated ELF: \(what)"
        case .unsupportedClass: "32-bit ELF files are not supported (Morph runs RV64 programs)"
        case .unsupportedByteOrder: "big-endian ELF files are not supported (RISC-V is little-endian)"
        case .corrupt(let what): "corrupt ELF: \(what)"
        }
    }
}
