// The initial process stack as Linux builds it for an ELF program (fs/exec.c copy_strings,
// fs/binfmt_elf.c create_elf_tables; System V ABI RISC-V psABI, "Process Initialization").
//
// From the top of the stack downward:
//   8 zero bytes (end marker), the execfn string, the environment strings, the argument strings
//   (argv[0] lowest), 16 bytes for AT_RANDOM (16-byte aligned), then at sp (16-byte aligned):
//   argc, argv[0..argc-1], NULL, envp[0..], NULL, auxv pairs (type, value), AT_NULL pair.

/// Auxiliary vector entry types (include/uapi/linux/auxvec.h).
public enum AuxiliaryVectorType: UInt64, Sendable {
    /// End of the vector.
    case null = 0
    /// Address of the program headers in memory.
    case programHeaders = 3
    /// Size of one program header.
    case programHeaderEntrySize = 4
    /// Number of program headers.
    case programHeaderCount = 5
    /// The page size.
    case pageSize = 6
    /// Base address of the interpreter (0 for static programs).
    case base = 7
    /// Flags (0).
    case flags = 8
    /// The program's entry point.
    case entry = 9
    /// Real user id.
    case userID = 11
    /// Effective user id.
    case effectiveUserID = 12
    /// Real group id.
    case groupID = 13
    /// Effective group id.
    case effectiveGroupID = 14
    /// Hardware capabilities (for RISC-V, one bit per single-letter extension).
    case hardwareCapabilities = 16
    /// The frequency `times()` counts in.
    case clockTicks = 17
    /// Whether the program runs set-uid/set-gid.
    case secure = 23
    /// Address of 16 random bytes.
    case random = 25
    /// Address of the file name the program was executed as.
    case executableFileName = 31
}

/// The bytes and pointers of an initial stack, built for a given stack top.
public struct InitialStack: Sendable {
    /// The stack pointer the program starts with (points at argc; 16-byte aligned).
    public let stackPointer: UInt64
    /// The bytes from `stackPointer` to the stack top.
    public let bytes: [UInt8]
    /// Where the 16 AT_RANDOM bytes are.
    public let randomAddress: UInt64
    /// Where the argv pointer array starts (`stackPointer + 8`).
    public var argumentPointers: UInt64 { stackPointer + 8 }

    /// Lays out the stack ending at `top` (exclusive).
    ///
    /// - Parameters:
    ///   - auxiliaryVector: the entries other than AT_RANDOM, AT_EXECFN and AT_NULL, in order; those
    ///     three are appended here because only the layout knows their addresses.
    public init(top: UInt64, arguments: [String], environment: [String], executableFileName: String,
                auxiliaryVector: [(AuxiliaryVectorType, UInt64)], randomBytes: [UInt8]) {
        precondition(randomBytes.count == 16, "AT_RANDOM points at 16 bytes")
        var strings: [UInt8] = []  // grows downward: prepend by building in reverse order below
        var cursor = top - 8       // the end marker: 8 zero bytes at the very top

        func place(_ string: String) -> UInt64 {
            let utf8 = Array(string.utf8) + [0]
            cursor -= UInt64(utf8.count)
            strings = utf8 + strings
            return cursor
        }
        let executableFileNameAddress = place(executableFileName)
        // copy_strings copies the last string first, so earlier strings end up lower.
        let environmentAddresses = environment.reversed().map(place).reversed() as [UInt64]
        let argumentAddresses = arguments.reversed().map(place).reversed() as [UInt64]
        let stringsStart = cursor

        cursor &= ~15
        cursor -= 16
        let randomAddress = cursor

        var auxiliary = auxiliaryVector
        auxiliary.append((.random, randomAddress))
        auxiliary.append((.executableFileName, executableFileNameAddress))
        auxiliary.append((.null, 0))
        let words = 1 + arguments.count + 1 + environment.count + 1 + 2 * auxiliary.count
        let stackPointer = (cursor - UInt64(words * 8)) & ~15

        var table: [UInt64] = [UInt64(arguments.count)]
        table += argumentAddresses + [0]
        table += environmentAddresses + [0]
        for (type, value) in auxiliary { table += [type.rawValue, value] }

        var bytes = [UInt8](repeating: 0, count: Int(top - stackPointer))
        func put(_ value: UInt64, at address: UInt64) {
            let offset = Int(address - stackPointer)
            for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
        }
        for (index, word) in table.enumerated() { put(word, at: stackPointer + UInt64(index * 8)) }
        let randomOffset = Int(randomAddress - stackPointer)
        bytes.replaceSubrange(randomOffset..<randomOffset + 16, with: randomBytes)
        let stringsOffset = Int(stringsStart - stackPointer)
        bytes.replaceSubrange(stringsOffset..<stringsOffset + strings.count, with: strings)

        self.stackPointer = stackPointer
        self.bytes = bytes
        self.randomAddress = randomAddress
    }
}
