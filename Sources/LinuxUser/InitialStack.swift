// The initial process stack as Linux builds it for an ELF program (fs/exec.c copy_strings,
// fs/binfmt_elf.c create_elf_tables; System V ABI RISC-V psABI, "Process Initialization").
//
// From the top of the stack downward:
//   8 zero bytes (end marker), the execfn string, the environment strings, the argument strings
//   (argv[0] lowest), 16 bytes for AT_RANDOM (16-byte aligned), then at sp (16-byte aligned):
//   argc, argv[0..argc-1], NULL, envp[0..], NULL, auxv pairs (type, value), AT_NULL pair.

import Glibc

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
        // The strings, from the lowest address up: argv[0...], envp[0...], the file name, each with its
        // NUL (copy_strings copies the last string first, so earlier strings end up lower), then the 8-byte
        // end marker at the very top.
        var stringBytes = executableFileName.utf8.count &+ 1
        for argument in arguments { stringBytes &+= argument.utf8.count &+ 1 }
        for variable in environment { stringBytes &+= variable.utf8.count &+ 1 }
        let stringsStart = top - 8 - UInt64(stringBytes)

        let randomAddress = (stringsStart & ~15) &- 16
        // argc, argv, NULL, envp, NULL, the given auxv pairs, AT_RANDOM, AT_EXECFN and AT_NULL.
        let auxiliaryCount = auxiliaryVector.count &+ 3
        let words = 1 &+ arguments.count &+ 1 &+ environment.count &+ 1 &+ 2 &* auxiliaryCount
        let stackPointer = (randomAddress - UInt64(words * 8)) & ~15

        let length = Int(top &- stackPointer)
        let stringsOffset = Int(stringsStart &- stackPointer)
        let randomOffset = Int(randomAddress &- stackPointer)
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            memset(base, 0, length)
            var wordOffset = 0
            func putWord(_ value: UInt64) {
                base.storeBytes(of: value.littleEndian, toByteOffset: wordOffset, as: UInt64.self)
                wordOffset &+= 8
            }
            var stringOffset = stringsOffset
            func putString(_ string: String) -> UInt64 {
                let address = stackPointer &+ UInt64(stringOffset)
                var string = string
                string.withUTF8 { utf8 in
                    if let source = utf8.baseAddress, utf8.count > 0 {
                        memcpy(base + stringOffset, source, utf8.count)
                    }
                    stringOffset &+= utf8.count &+ 1  // the NUL is already there
                }
                return address
            }

            putWord(UInt64(arguments.count))
            for argument in arguments { putWord(putString(argument)) }
            putWord(0)
            for variable in environment { putWord(putString(variable)) }
            putWord(0)
            let executableFileNameAddress = putString(executableFileName)
            for (type, value) in auxiliaryVector {
                putWord(type.rawValue)
                putWord(value)
            }
            putWord(AuxiliaryVectorType.random.rawValue)
            putWord(randomAddress)
            putWord(AuxiliaryVectorType.executableFileName.rawValue)
            putWord(executableFileNameAddress)
            putWord(AuxiliaryVectorType.null.rawValue)
            putWord(0)
            randomBytes.withUnsafeBytes { random in
                (base + randomOffset).copyMemory(from: random.baseAddress!, byteCount: 16)
            }
            initialized = length
        }

        self.stackPointer = stackPointer
        self.bytes = bytes
        self.randomAddress = randomAddress
    }
}
