// The /proc files that describe the guest rather than Morph (Linux man-pages: proc(5) for
// /proc/[pid]/maps, /proc/[pid]/auxv, /proc/[pid]/exe and /proc/cpuinfo; openat(2)). Opening one of them
// returns a read-only descriptor to contents generated at that moment (a host memfd, reopened read-only);
// /proc/self/exe itself is resolved to the program by the path lookup (procSelfExecutable). Every other
// /proc file is the host's.
//
// Formats follow the kernel: maps lines as fs/proc/task_mmu.c's show_map_vma prints them, cpuinfo as
// arch/riscv/kernel/cpu.c's show_cpuinfo does (one block per host processor the guest may run on).
import Glibc

extension LinuxProcess {
    /// The generated /proc files, by the name after `/proc/self/` (or `/proc/<pid>/`), plus `cpuinfo`.
    enum ProcFile {
        /// `/proc/self/maps`.
        case maps
        /// `/proc/self/auxv`.
        case auxiliaryVector
        /// `/proc/cpuinfo`.
        case processorInformation
    }

    /// Which generated file `path` names, if any: `/proc/self/maps`, `/proc/<our pid>/maps`,
    /// `/proc/thread-self/maps` (and the same for `auxv`), or `/proc/cpuinfo`.
    static func procFile(_ path: String) -> ProcFile? {
        if path == "/proc/cpuinfo" { return .processorInformation }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard path.hasPrefix("/"), parts.count == 3, parts[0] == "proc" else { return nil }
        guard parts[1] == "self" || parts[1] == "thread-self" || parts[1] == Substring(String(Glibc.getpid()))
        else { return nil }
        switch parts[2] {
        case "maps": return .maps
        case "auxv": return .auxiliaryVector
        default: return nil
        }
    }

    /// openat(2) of a generated /proc file: nil when `a[1]` names none of them (or cannot be read: the
    /// ordinary openat then reports it). Opening one for writing is EACCES (the files are 0444) unless
    /// the caller is root, whom Linux lets open them (the descriptor is read-only all the same); as a
    /// directory, ENOTDIR.
    func openProcFile(_ a: SyscallArguments) -> SyscallResult? {
        guard case .success(let bytes) = space.readString(a[1]),
              let file = LinuxProcess.procFile(String(decoding: bytes, as: UTF8.self)) else { return nil }
        let flags = a.int32(2)
        guard flags & O_ACCMODE == O_RDONLY || Glibc.geteuid() == 0 else { return .failure(.EACCES) }
        guard flags & O_DIRECTORY == 0 else { return .failure(.ENOTDIR) }
        let contents: [UInt8]
        switch file {
        case .maps: contents = Array(memoryMapsText().utf8)
        case .auxiliaryVector: contents = program.auxiliaryVector
        case .processorInformation: contents = Array(LinuxProcess.processorInformationText().utf8)
        }
        return LinuxProcess.readOnlyDescriptor(contents, closeOnExec: flags & O_CLOEXEC != 0)
    }

    /// A descriptor open for reading on a fresh anonymous file holding `contents`, at offset 0.
    static func readOnlyDescriptor(_ contents: [UInt8], closeOnExec: Bool) -> SyscallResult {
        let memory = "morph-proc".withCString { DescriptorHostFunctions.shared.memoryFileCreate($0, 1) }  // MFD_CLOEXEC
        guard memory >= 0 else { return .failure(LinuxError(errno)) }
        defer { Glibc.close(memory) }
        var written = 0
        while written < contents.count {
            let count = contents.withUnsafeBytes { Glibc.write(memory, $0.baseAddress! + written, contents.count - written) }
            guard count > 0 else { return .failure(LinuxError(errno)) }
            written += count
        }
        // Reopened through /proc so that the guest's descriptor is read-only with its own offset.
        return hostResult(Glibc.open("/proc/self/fd/\(memory)", O_RDONLY | (closeOnExec ? O_CLOEXEC : 0)))
    }

    // MARK: Contents

    /// `/proc/cpuinfo` as riscv64 Linux prints it for an RV64GC hart with Sv39, one block per processor.
    static func processorInformationText() -> String {
        let count = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var text = ""
        for processor in 0..<count {
            text += "processor\t: \(processor)\nhart\t\t: \(processor)\nisa\t\t: rv64imafdc_zicsr_zifencei\n"
                + "mmu\t\t: sv39\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n"
        }
        return text
    }

    /// A file's device (as `major:minor` in two hex digits each) and inode, or zeros.
    private static func fileIdentity(_ path: String?) -> (device: String, inode: UInt64) {
        var status = stat()
        guard let path, stat(path, &status) == 0 else { return ("00:00", 0) }
        let device = UInt64(status.st_dev)
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff)
        let minor = (device & 0xff) | ((device >> 12) & ~0xff)
        return (hexadecimal(major, digits: 2) + ":" + hexadecimal(minor, digits: 2), UInt64(status.st_ino))
    }

    /// `value` in lowercase hexadecimal, zero-padded to at least `digits` digits.
    private static func hexadecimal(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The absolute host path of `path`, or `path` itself when it cannot be resolved.
    private static func absolutePath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `/proc/self/maps`: one line per region of the guest address space: `start-end perms offset
    /// major:minor inode`, then the name from column 74 (the program or its interpreter for image
    /// segments, `[heap]`, `[stack]`; anonymous and file mappings have none, since the address space
    /// does not record which file a mapping came from).
    func memoryMapsText() -> String {
        let programFile = LinuxProcess.absolutePath(programPath)
        let programIdentity = LinuxProcess.fileIdentity(programFile)
        let interpreterFile = program.interpreterPath.map(LinuxProcess.absolutePath)
        let interpreterIdentity = LinuxProcess.fileIdentity(interpreterFile)
        var text = ""
        for region in space.regions {
            var name: String? = nil
            var identity = (device: "00:00", inode: UInt64(0))
            var offset: UInt64 = 0
            switch region.kind {
            case .image:
                if program.imageRange.contains(region.start) {
                    name = programFile
                    identity = programIdentity
                    offset = region.start - program.imageRange.lowerBound
                } else if let interpreterFile {
                    name = interpreterFile
                    identity = interpreterIdentity
                    offset = region.start &- program.interpreterBase
                }
            case .heap: name = "[heap]"
            case .stack: name = "[stack]"
            case .anonymous, .file: break
            case .sharedMemory(let key, let identifier):
                // As Linux shows a segment: the shm file of its key, which has no name in a file system.
                name = "/SYSV" + LinuxProcess.hexadecimal(UInt64(UInt32(bitPattern: key)), digits: 8) + " (deleted)"
                identity.inode = UInt64(UInt32(bitPattern: identifier))
            }
            var line = LinuxProcess.hexadecimal(region.start, digits: 8) + "-"
                + LinuxProcess.hexadecimal(region.end, digits: 8) + " "
            line += region.protection.contains(.read) ? "r" : "-"
            line += region.protection.contains(.write) ? "w" : "-"
            line += region.protection.contains(.execute) ? "x" : "-"
            line += region.kind == .file(shared: true) || region.kind.isSharedMemory ? "s" : "p"
            line += " " + LinuxProcess.hexadecimal(offset, digits: 8) + " " + identity.device + " "
                + String(identity.inode) + " "
            if let name {
                // seq_pad: the name starts after column 73 (25 + 6 * sizeof(void *) - 1, then a space).
                let width = line.utf8.count
                if width < 72 { line += String(repeating: " ", count: 72 - width) }
                line += " " + name
            }
            text += line + "\n"
        }
        return text
    }
}
