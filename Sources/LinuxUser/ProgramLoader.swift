// Loading a static riscv64 ELF program the way Linux's execve does (fs/binfmt_elf.c load_elf_binary;
// System V gABI "Program Loading"; RISC-V ELF psABI). Static ET_EXEC programs load at their link
// addresses; static-pie ET_DYN programs load at a fixed bias, like the kernel's ELF_ET_DYN_BASE.
import ELF
import Glibc
import MorphCore

/// Why a program cannot be started. Each has a one-line description and the exit status a shell would
/// give (127: not found, 126: found but cannot be executed).
public enum LoadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file does not exist.
    case notFound(String)
    /// The file is a directory, not executable by the user, or unreadable.
    case permissionDenied(String, String)
    /// Not an ELF file, or a malformed one: the path and the reader's reason.
    case notELF(String, String)
    /// An ELF file for another machine: the path and `e_machine`.
    case wrongMachine(String, UInt16)
    /// An ELF file that is not a program (relocatable object, core dump): the path and `e_type`.
    case notAnExecutable(String, UInt16)
    /// A dynamically linked program: the path and its interpreter.
    case dynamicallyLinked(String, String)
    /// The program's layout does not fit the guest address space or memory limit.
    case layout(String, String)

    /// One line, suitable after `morph: `.
    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no such file"
        case .permissionDenied(let path, let reason):
            "\(path): cannot execute: \(reason)"
        case .notELF(let path, let reason):
            "\(path): cannot execute: not a riscv64 ELF program (\(reason))"
        case .wrongMachine(let path, let machine):
            "\(path): cannot execute: an ELF program for \(LoadError.machineName(machine)), not RISC-V"
        case .notAnExecutable(let path, let type):
            "\(path): cannot execute: an ELF \(LoadError.typeName(type)), not an executable program"
        case .dynamicallyLinked(let path, let interpreter):
            "\(path): cannot execute: dynamically linked (interpreter \(interpreter)); Morph runs static "
                + "programs only until dynamic linking lands (it will need a riscv64 sysroot); "
                + "link with -static"
        case .layout(let path, let reason):
            "\(path): cannot execute: \(reason)"
        }
    }

    /// The exit status a shell uses: 127 when the program is not found, 126 when it cannot run.
    public var exitStatus: Int32 {
        if case .notFound = self { return 127 }
        return 126
    }

    private static func machineName(_ machine: UInt16) -> String {
        switch machine {
        case 3: "i386"
        case 8: "MIPS"
        case 20: "PowerPC"
        case 21: "PowerPC64"
        case 22: "S/390"
        case 40: "ARM"
        case 62: "x86-64"
        case 183: "AArch64"
        case 258: "LoongArch"
        default: "machine \(machine)"
        }
    }

    private static func typeName(_ type: UInt16) -> String {
        switch type {
        case ELFFile.typeRelocatable: "relocatable object"
        case ELFFile.typeCore: "core dump"
        default: "file of type \(type)"
        }
    }
}

/// Where a loaded program starts.
public struct LoadedProgram: Sendable {
    /// The entry point (with the load bias applied).
    public let entry: UInt64
    /// The initial stack pointer.
    public let stackPointer: UInt64
    /// The load bias (0 for ET_EXEC).
    public let loadBias: UInt64
    /// AT_PHDR: where the program headers are in guest memory.
    public let programHeaderAddress: UInt64
    /// The lowest and highest (exclusive) addresses of the image.
    public let imageRange: Range<UInt64>
}

/// Builds a process image in an `AddressSpace`.
public enum ProgramLoader {
    /// Where a static-pie program is loaded: two thirds of the way up the address space, as the
    /// kernel's ELF_ET_DYN_BASE for RISC-V.
    public static func dynamicBase(windowSize: UInt64) -> UInt64 { (windowSize / 3 * 2) & ~(UInt64(1 << 21) - 1) }
    /// The main thread's stack size (Linux's default RLIMIT_STACK, 8 MiB).
    public static let stackSize: UInt64 = 8 << 20
    /// The unmapped gap between the stack and the `mmap` area (Linux keeps at least 128 MiB).
    public static let stackGap: UInt64 = 128 << 20
    /// AT_HWCAP for RV64GC: the bits of the single-letter extensions I, M, A, F, D and C.
    public static let hardwareCapabilities: UInt64 = {
        "IMAFDC".utf8.reduce(0) { $0 | (1 << UInt64($1 - UInt8(ascii: "A"))) }
    }()

    /// Checks that `path` names a static riscv64 program and returns it parsed.
    public static func open(_ path: String) throws(LoadError) -> ELFFile {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let error = errno
            if error == ENOENT || error == ENOTDIR { throw .notFound(path) }
            throw .permissionDenied(path, String(cString: strerror(error)))
        }
        if status.st_mode & S_IFMT == S_IFDIR { throw .permissionDenied(path, "is a directory") }
        // execve(2): "EACCES: Execute permission is denied for the file".
        guard access(path, X_OK) == 0 else { throw .permissionDenied(path, String(cString: strerror(errno))) }
        let file: ELFFile
        do {
            file = try ELFFile(path: path)
        } catch {
            switch error {
            case .fileNotFound: throw .notFound(path)
            case .isDirectory: throw .permissionDenied(path, "is a directory")
            case .unreadable(_, let reason): throw .permissionDenied(path, reason)
            default: throw .notELF(path, error.description)
            }
        }
        guard file.machine == ELFFile.machineRISCV else { throw .wrongMachine(path, file.machine) }
        guard file.fileType == ELFFile.typeExecutable || file.fileType == ELFFile.typeSharedObject else {
            throw .notAnExecutable(path, file.fileType)
        }
        if let interpreter = file.interpreterPath { throw .dynamicallyLinked(path, interpreter) }
        if file.fileType == ELFFile.typeSharedObject,
           file.segments.contains(where: { $0.type == ProgramHeader.typeDynamic }),
           file.entry == 0 {
            throw .notAnExecutable(path, file.fileType)  // a shared library, not a static-pie program
        }
        guard file.segments.contains(where: \.isLoadable) else {
            throw .notELF(path, "no loadable segments")
        }
        return file
    }

    /// Maps `file`'s segments, sets up the heap, the `mmap` area and the stack, and writes the initial
    /// stack for `arguments` and `environment`.
    public static func load(_ file: ELFFile, path: String, arguments: [String], environment: [String],
                            into space: AddressSpace) throws(LoadError) -> LoadedProgram {
        let windowSize = space.memory.size
        let loadable = file.segments.filter(\.isLoadable)
        let bias = file.fileType == ELFFile.typeSharedObject ? dynamicBase(windowSize: windowSize) : 0
        let stackTop = windowSize
        let stackBottom = stackTop - stackSize
        let mmapTop = stackBottom - stackGap

        // Page ranges with the union of the permissions of every segment touching them.
        var pieces: [(start: UInt64, end: UInt64, protection: MemoryProtection)] = []
        var imageLow = UInt64.max, imageHigh: UInt64 = 0
        for segment in loadable where segment.memorySize > 0 {
            let (low, lowOverflow) = segment.virtualAddress.addingReportingOverflow(bias)
            let (high, highOverflow) = low.addingReportingOverflow(segment.memorySize)
            guard !lowOverflow, !highOverflow, let end = AddressSpace.pageUp(high), end <= mmapTop,
                  AddressSpace.pageDown(low) >= AddressSpace.pageSize else {
                throw .layout(path, "segment at 0x\(String(segment.virtualAddress, radix: 16)) lies outside the "
                              + "\(windowSize >> 30) GiB guest address space")
            }
            var protection: MemoryProtection = []
            if segment.isReadable { protection.insert(.read) }
            if segment.isWritable { protection.insert(.write) }
            if segment.isExecutable { protection.insert(.execute) }
            pieces.append((AddressSpace.pageDown(low), end, protection))
            imageLow = min(imageLow, AddressSpace.pageDown(low))
            imageHigh = max(imageHigh, end)
        }
        guard imageLow < imageHigh else { throw .notELF(path, "its loadable segments are empty") }

        // Map every page writable, copy the file bytes, then apply the final protections.
        for piece in pieces {
            let error = space.mapAnonymous(piece.start, length: piece.end - piece.start, protection: .readWrite,
                                           kind: .image)
            guard error == 0 else { throw .layout(path, "cannot map its segments (\(LinuxError(error)))") }
        }
        for segment in loadable where segment.fileSize > 0 {
            space.memory.write(file.contents(of: segment), at: segment.virtualAddress + bias)
        }
        // Every piece boundary, sorted and without repeats (an array: a handful of values, and no Set
        // whose generic metadata the runtime would have to look up at start-up).
        var boundaries: [UInt64] = []
        boundaries.reserveCapacity(pieces.count * 2)
        for piece in pieces { boundaries.append(piece.start); boundaries.append(piece.end) }
        boundaries.sort()
        var previous: UInt64? = nil
        for end in boundaries {
            defer { previous = end }
            guard let start = previous, start != end else { continue }
            var protection = MemoryProtection()
            var covered = false
            for piece in pieces where piece.start < end && piece.end > start {
                protection.formUnion(piece.protection)
                covered = true
            }
            guard covered else { continue }
            _ = space.protect(start, length: end - start, protection: protection)
        }

        // The heap starts on the page after the image; mmap allocates below the stack gap.
        space.configureLayout(heapStart: imageHigh, mmapTop: mmapTop)

        // The stack: executable only if PT_GNU_STACK asks for it.
        var stackProtection = MemoryProtection.readWrite
        if let gnuStack = file.segments.first(where: { $0.type == ProgramHeader.typeGNUStack }), gnuStack.isExecutable {
            stackProtection.insert(.execute)
        }
        guard space.mapAnonymous(stackBottom, length: stackSize, protection: stackProtection, kind: .stack) == 0 else {
            throw .layout(path, "cannot map its stack")
        }

        let programHeaderAddress = programHeaders(of: file, bias: bias)
        var random = [UInt8](repeating: 0, count: 16)
        if HostFunctions.shared.getrandom(&random, 16, 0) != 16 {
            for index in random.indices { random[index] = UInt8.random(in: 0...255) }
        }
        let auxiliaryVector: [(AuxiliaryVectorType, UInt64)] = [
            (.hardwareCapabilities, hardwareCapabilities),
            (.pageSize, AddressSpace.pageSize),
            (.clockTicks, 100),
            (.programHeaders, programHeaderAddress),
            (.programHeaderEntrySize, UInt64(ProgramHeader.entrySize)),
            (.programHeaderCount, UInt64(file.segments.count)),
            (.base, 0),
            (.flags, 0),
            (.entry, file.entry &+ bias),
            (.userID, UInt64(getuid())),
            (.effectiveUserID, UInt64(geteuid())),
            (.groupID, UInt64(getgid())),
            (.effectiveGroupID, UInt64(getegid())),
            (.secure, 0),
        ]
        let stack = InitialStack(top: stackTop, arguments: arguments, environment: environment,
                                 executableFileName: path, auxiliaryVector: auxiliaryVector, randomBytes: random)
        guard UInt64(stack.bytes.count) <= stackSize / 4 else {
            throw .layout(path, "its arguments and environment do not fit the stack (E2BIG)")
        }
        space.memory.write(stack.bytes, at: stack.stackPointer)

        return LoadedProgram(entry: file.entry &+ bias, stackPointer: stack.stackPointer, loadBias: bias,
                             programHeaderAddress: programHeaderAddress, imageRange: imageLow..<imageHigh)
    }

    /// AT_PHDR: the PT_PHDR address, or where the loadable segment holding the header table puts it.
    private static func programHeaders(of file: ELFFile, bias: UInt64) -> UInt64 {
        if let table = file.segments.first(where: { $0.type == ProgramHeader.typeProgramHeaderTable }) {
            return table.virtualAddress &+ bias
        }
        for segment in file.segments where segment.isLoadable {
            if segment.offset <= file.programHeaderOffset,
               file.programHeaderOffset < segment.offset + segment.fileSize {
                return file.programHeaderOffset - segment.offset + segment.virtualAddress + bias
            }
        }
        return 0
    }
}
