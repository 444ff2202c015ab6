// Loading a riscv64 ELF program the way Linux's execve does (fs/binfmt_elf.c load_elf_binary;
// System V gABI "Program Loading"; RISC-V ELF psABI). ET_EXEC programs load at their link addresses;
// ET_DYN programs (static-pie and PIE) at a fixed bias, like the kernel's ELF_ET_DYN_BASE. A dynamically
// linked program's PT_INTERP (the dynamic linker, ld-linux-riscv64-lp64d.so.1) is loaded from the sysroot
// at the top of the mmap area, as the kernel maps it, and runs first: the auxiliary vector tells it where
// the program is (AT_PHDR, AT_ENTRY) and where it was loaded itself (AT_BASE), and it does the rest.
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
    /// A dynamically linked program whose interpreter does not exist: the path, its PT_INTERP, and the
    /// host paths tried (under the sysroot, then as it is).
    case interpreterNotFound(String, String, [String])
    /// A dynamically linked program whose interpreter cannot be loaded: the path, the interpreter's host
    /// path and the reason.
    case badInterpreter(String, String, String)
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
        case .interpreterNotFound(let path, let interpreter, let tried):
            "\(path): cannot execute: its interpreter \(interpreter) was not found (tried "
                + tried.joined(separator: ", ") + "); give a riscv64 sysroot with --sysroot DIR or "
                + "\(SysrootPathResolver.environmentVariable) (Debian's libc6-riscv64-cross installs one at "
                + "\(SysrootPathResolver.debianCrossSysroot))"
        case .badInterpreter(let path, let interpreter, let reason):
            "\(path): cannot execute: its interpreter \(interpreter) \(reason)"
        case .layout(let path, let reason):
            "\(path): cannot execute: \(reason)"
        }
    }

    /// The exit status a shell uses: 127 when the program or its interpreter is not found (execve(2)
    /// fails with ENOENT for both), 126 when it cannot run.
    public var exitStatus: Int32 {
        switch self {
        case .notFound, .interpreterNotFound: 127
        default: 126
        }
    }

    static func machineName(_ machine: UInt16) -> String {
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
    /// Where execution starts (with the load bias applied): the interpreter's entry point for a
    /// dynamically linked program, else the program's.
    public let entry: UInt64
    /// The program's own entry point (AT_ENTRY, with the load bias applied).
    public let programEntry: UInt64
    /// Where the interpreter was loaded (AT_BASE: its load bias); 0 for a static program.
    public let interpreterBase: UInt64
    /// The host path the interpreter was loaded from; nil for a static program.
    public let interpreterPath: String?
    /// The initial stack pointer.
    public let stackPointer: UInt64
    /// The load bias (0 for ET_EXEC).
    public let loadBias: UInt64
    /// AT_PHDR: where the program headers are in guest memory.
    public let programHeaderAddress: UInt64
    /// The lowest and highest (exclusive) addresses of the image.
    public let imageRange: Range<UInt64>
    /// The auxiliary vector as written on the initial stack (type/value pairs up to and including
    /// AT_NULL): the contents of `/proc/self/auxv`.
    public let auxiliaryVector: [UInt8]
}

/// Builds a process image in an `AddressSpace`.
public enum ProgramLoader {
    /// Where an ET_DYN program (static-pie or PIE) is loaded: two thirds of the way up the address
    /// space, as the kernel's ELF_ET_DYN_BASE for RISC-V.
    public static func dynamicBase(windowSize: UInt64) -> UInt64 { (windowSize / 3 * 2) & ~(UInt64(1 << 21) - 1) }
    /// The main thread's stack size (Linux's default RLIMIT_STACK, 8 MiB).
    public static let stackSize: UInt64 = 8 << 20
    /// The unmapped gap between the stack and the `mmap` area (Linux keeps at least 128 MiB).
    public static let stackGap: UInt64 = 128 << 20
    /// AT_HWCAP for RV64GC: the bits of the single-letter extensions I, M, A, F, D and C.
    public static let hardwareCapabilities: UInt64 = {
        "IMAFDC".utf8.reduce(0) { $0 | (1 << UInt64($1 - UInt8(ascii: "A"))) }
    }()

    /// Checks that `path` names a riscv64 program (static, or dynamically linked with a PT_INTERP) and
    /// returns it parsed.
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
            // Only the ELF header and the program headers matter, as to Linux's loader: damaged or
            // missing section headers do not keep a program from running.
            file = try ELFFile(path: path, readingSections: false)
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
        if file.interpreterPath == nil, file.fileType == ELFFile.typeSharedObject,
           file.segments.contains(where: { $0.type == ProgramHeader.typeDynamic }),
           file.entry == 0 {
            throw .notAnExecutable(path, file.fileType)  // a shared library, not a static-pie program
        }
        guard file.segments.contains(where: \.isLoadable) else {
            throw .notELF(path, "no loadable segments")
        }
        if let problem = segmentProblem(file) { throw .notELF(path, problem) }
        return file
    }

    /// What Linux's loader (fs/binfmt_elf.c, load_elf_phdrs and elf_map) refuses in the program headers,
    /// or nil: an entry size other than 56, more than 64 KiB of program headers, and a loadable segment
    /// whose virtual address and file offset differ modulo the page size (it cannot be mapped).
    static func segmentProblem(_ file: ELFFile) -> String? {
        guard Int(file.programHeaderEntrySize) == ProgramHeader.entrySize else {
            return "program header entry size \(file.programHeaderEntrySize) is not 56"
        }
        guard file.segments.count * ProgramHeader.entrySize <= 65536 else {
            return "\(file.segments.count) program headers are more than Linux reads (64 KiB)"
        }
        for (number, segment) in file.segments.enumerated() where segment.isLoadable {
            if (segment.virtualAddress &- segment.offset) % AddressSpace.pageSize != 0 {
                return "segment \(number): virtual address 0x\(String(segment.virtualAddress, radix: 16)) and file "
                    + "offset 0x\(String(segment.offset, radix: 16)) differ modulo the page size"
            }
        }
        return nil
    }

    /// Maps `file`'s segments (and its interpreter's, for a dynamically linked program: PT_INTERP looked
    /// up under `sysroot` first, see SysrootPathResolver), sets up the heap, the `mmap` area and the
    /// stack, and writes the initial stack for `arguments` and `environment`.
    public static func load(_ file: ELFFile, path: String, arguments: [String], environment: [String],
                            sysroot: String? = nil, into space: AddressSpace) throws(LoadError) -> LoadedProgram {
        let windowSize = space.memory.size
        let bias = file.fileType == ELFFile.typeSharedObject ? dynamicBase(windowSize: windowSize) : 0
        let stackTop = windowSize
        let stackBottom = stackTop - stackSize
        let mmapTop = stackBottom - stackGap

        // The interpreter is opened before anything is mapped, so that a missing one leaves no trace.
        var interpreter: (file: ELFFile, path: String)? = nil
        if let interpreterPath = file.interpreterPath {
            interpreter = try openInterpreter(interpreterPath, of: path, sysroot: SysrootPathResolver(sysroot: sysroot))
        }

        let image = try mapSegments(of: file, bias: bias, path: path, below: mmapTop, into: space)
        // The heap starts on the page after the image; mmap allocates below the stack gap.
        space.configureLayout(heapStart: image.upperBound, mmapTop: mmapTop)

        // The interpreter goes where the kernel's mmap puts it: the highest free range below the stack gap.
        var interpreterBias: UInt64 = 0
        var start = file.entry &+ bias
        if let interpreter {
            interpreterBias = try placeInterpreter(interpreter.file, path: interpreter.path, of: path, in: space)
            _ = try mapSegments(of: interpreter.file, bias: interpreterBias, path: interpreter.path, below: mmapTop,
                                into: space)
            start = interpreter.file.entry &+ interpreterBias
        }

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
            (.base, interpreterBias),
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
        // argc, argv and its NULL, envp and its NULL come first; then the pairs, three of them added by the layout.
        let auxiliaryStart = 8 * (arguments.count + environment.count + 3)
        let auxiliaryBytes = Array(stack.bytes[auxiliaryStart..<auxiliaryStart + 16 * (auxiliaryVector.count + 3)])

        return LoadedProgram(entry: start, programEntry: file.entry &+ bias, interpreterBase: interpreterBias,
                             interpreterPath: interpreter?.path, stackPointer: stack.stackPointer, loadBias: bias,
                             programHeaderAddress: programHeaderAddress, imageRange: image,
                             auxiliaryVector: auxiliaryBytes)
    }

    /// Finds `interpreter` (a PT_INTERP path) under `sysroot`, then on the host, and checks that it is a
    /// riscv64 ELF file that can be loaded without an interpreter of its own.
    static func openInterpreter(_ interpreter: String, of path: String,
                                sysroot: SysrootPathResolver) throws(LoadError) -> (file: ELFFile, path: String) {
        let hostPath = sysroot.hostPath(for: interpreter)
        var status = stat()
        guard stat(hostPath, &status) == 0 else {
            let error = errno
            if error == ENOENT || error == ENOTDIR {
                let tried = [sysroot.candidate(for: interpreter), interpreter].compactMap { $0 }
                throw .interpreterNotFound(path, interpreter, tried)
            }
            throw .badInterpreter(path, hostPath, "cannot be read: \(String(cString: strerror(error)))")
        }
        if status.st_mode & S_IFMT == S_IFDIR { throw .badInterpreter(path, hostPath, "is a directory") }
        let file: ELFFile
        do {
            file = try ELFFile(path: hostPath, readingSections: false)
        } catch {
            throw .badInterpreter(path, hostPath, "is not a riscv64 ELF file (\(error.description))")
        }
        guard file.machine == ELFFile.machineRISCV else {
            throw .badInterpreter(path, hostPath, "is an ELF file for \(LoadError.machineName(file.machine)), "
                                  + "not RISC-V")
        }
        guard file.fileType == ELFFile.typeSharedObject || file.fileType == ELFFile.typeExecutable,
              file.interpreterPath == nil, file.segments.contains(where: \.isLoadable) else {
            // The kernel refuses an interpreter that needs an interpreter itself (ELIBBAD).
            throw .badInterpreter(path, hostPath, "is not a self-contained ELF program (ELIBBAD)")
        }
        if let problem = segmentProblem(file) { throw .badInterpreter(path, hostPath, "cannot be loaded: \(problem)") }
        return (file, hostPath)
    }

    /// The load bias of `interpreter` (read from host `path`, for `program`): 0 for an ET_EXEC file, else
    /// the highest free range below the mmap area's top that holds its whole image at its segments'
    /// alignment.
    private static func placeInterpreter(_ interpreter: ELFFile, path: String, of program: String,
                                         in space: AddressSpace) throws(LoadError) -> UInt64 {
        guard interpreter.fileType == ELFFile.typeSharedObject else { return 0 }
        let loadable = interpreter.segments.filter { $0.isLoadable && $0.memorySize > 0 }
        var low = UInt64.max, high: UInt64 = 0
        var alignment = AddressSpace.pageSize
        for segment in loadable {
            let (end, overflow) = segment.virtualAddress.addingReportingOverflow(segment.memorySize)
            guard !overflow, let pageEnd = AddressSpace.pageUp(end) else {
                throw .badInterpreter(program, path, "has a segment beyond the 64-bit address space")
            }
            low = min(low, AddressSpace.pageDown(segment.virtualAddress))
            high = max(high, pageEnd)
            // p_align is a power of two; anything above 64 KiB is not worth the address space here.
            if segment.alignment > alignment, segment.alignment.nonzeroBitCount == 1 {
                alignment = min(segment.alignment, 1 << 16)
            }
        }
        guard low < high, high - low < space.memory.size else {
            throw .badInterpreter(program, path, "has no loadable segments that fit the address space")
        }
        guard let free = space.findFreeRange(length: high - low + alignment - AddressSpace.pageSize) else {
            throw .layout(program, "no room for its interpreter \(path) below the stack")
        }
        let aligned = (free + alignment - 1) & ~(alignment - 1)
        return aligned &- low
    }

    /// Maps `file`'s loadable segments at `bias` (every page they touch, with the union of their
    /// permissions), copies their file bytes, and returns the page range of the image.
    private static func mapSegments(of file: ELFFile, bias: UInt64, path: String, below limit: UInt64,
                                    into space: AddressSpace) throws(LoadError) -> Range<UInt64> {
        let windowSize = space.memory.size
        let loadable = file.segments.filter(\.isLoadable)
        // Page ranges with the union of the permissions of every segment touching them.
        var pieces: [(start: UInt64, end: UInt64, protection: MemoryProtection)] = []
        var imageLow = UInt64.max, imageHigh: UInt64 = 0
        for segment in loadable where segment.memorySize > 0 {
            let (low, lowOverflow) = segment.virtualAddress.addingReportingOverflow(bias)
            let (high, highOverflow) = low.addingReportingOverflow(segment.memorySize)
            guard !lowOverflow, !highOverflow, let end = AddressSpace.pageUp(high), end <= limit,
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
        return imageLow..<imageHigh
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
