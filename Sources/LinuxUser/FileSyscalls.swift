// File and descriptor system calls (Linux man-pages section 2: read, write, readv, pread, open, stat,
// statx, getdents64, readlink, access, getcwd, chdir, mkdir, unlink, rename, symlink, link, dup, fcntl,
// ioctl_tty, pipe). Guest descriptors are host descriptors and guest paths are host paths (except that
// the calls that open or inspect a file look an absolute path up under the sysroot first, and
// /proc/self/exe is the program), so these mostly check the guest pointers and call the host.
// Structures are written in the riscv64 layout.
import CMorphSupport
import Glibc

/// Guest buffers passed to the host: the range must lie inside the guest window (else EFAULT); inside
/// it the host kernel checks the page protections itself and fails with EFAULT as Linux would.
extension LinuxProcess {
    /// The largest transfer Linux performs in one call (MAX_RW_COUNT: INT_MAX rounded down to a page).
    static let maximumTransfer: UInt64 = 0x7fff_f000

    /// read(fd, buf, count): the host reads into the guest buffer.
    func read(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], LinuxProcess.maximumTransfer)
        guard let buffer = space.hostBuffer(a[1], length: count) else { return .failure(.EFAULT) }
        return hostResult(Glibc.read(a.int32(0), buffer, Int(count)))
    }

    /// write(fd, buf, count): the host writes from the guest buffer.
    func write(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], LinuxProcess.maximumTransfer)
        guard let buffer = space.hostBuffer(a[1], length: count) else { return .failure(.EFAULT) }
        return hostResult(Glibc.write(a.int32(0), buffer, Int(count)))
    }

    /// pread64(fd, buf, count, offset).
    func positionalRead(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], LinuxProcess.maximumTransfer)
        guard a.int64(3) >= 0 else { return .failure(.EINVAL) }
        guard let buffer = space.hostBuffer(a[1], length: count) else { return .failure(.EFAULT) }
        return hostResult(Glibc.pread(a.int32(0), buffer, Int(count), off_t(a.int64(3))))
    }

    /// pwrite64(fd, buf, count, offset).
    func positionalWrite(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], LinuxProcess.maximumTransfer)
        guard a.int64(3) >= 0 else { return .failure(.EINVAL) }
        guard let buffer = space.hostBuffer(a[1], length: count) else { return .failure(.EFAULT) }
        return hostResult(Glibc.pwrite(a.int32(0), buffer, Int(count), off_t(a.int64(3))))
    }

    /// The host `iovec` array for a guest `struct iovec[count]` at `address` (16 bytes each: base, length).
    func hostVectors(_ address: UInt64, count: UInt64) -> Result<[iovec], LinuxError> {
        guard count <= 1024 else { return .failure(.EINVAL) }  // UIO_MAXIOV
        guard let raw = space.read(address, length: Int(count) * 16) else { return .failure(.EFAULT) }
        var vectors: [iovec] = []
        var total: UInt64 = 0
        for index in 0..<Int(count) {
            let base = raw.littleEndianWord(at: index * 16)
            let length = raw.littleEndianWord(at: index * 16 + 8)
            guard Int64(bitPattern: length) >= 0 else { return .failure(.EINVAL) }
            total &+= length
            guard Int64(bitPattern: total) >= 0 else { return .failure(.EINVAL) }
            guard let buffer = space.hostBuffer(base, length: length) else { return .failure(.EFAULT) }
            vectors.append(iovec(iov_base: buffer, iov_len: Int(length)))
        }
        return .success(vectors)
    }

    /// readv(fd, iov, iovcnt).
    func readVector(_ a: SyscallArguments) -> SyscallResult {
        switch hostVectors(a[1], count: a[2]) {
        case .failure(let error): .failure(error)
        case .success(let vectors): hostResult(Glibc.readv(a.int32(0), vectors, Int32(vectors.count)))
        }
    }

    /// writev(fd, iov, iovcnt).
    func writeVector(_ a: SyscallArguments) -> SyscallResult {
        switch hostVectors(a[1], count: a[2]) {
        case .failure(let error): .failure(error)
        case .success(let vectors): hostResult(Glibc.writev(a.int32(0), vectors, Int32(vectors.count)))
        }
    }

    /// openat(dirfd, path, flags, mode): the flags are the same numbers on riscv64 and x86-64. An
    /// absolute path is looked up under the sysroot first (SysrootPathResolver.swift).
    func openAt(_ a: SyscallArguments) -> SyscallResult {
        withHostPath(a[1]) { path in
            hostResult(Glibc.openat(a.int32(0), path, a.int32(2), mode_t(a.uint32(3))))
        }
    }

    /// `/proc/self/exe` names the emulator on the host; for the guest it is the program (as qemu-user
    /// also arranges).
    func procSelfExecutable(_ path: UnsafePointer<CChar>) -> String? {
        let text = String(cString: path)
        guard text == "/proc/self/exe" || text == "/proc/\(Glibc.getpid())/exe" else { return nil }
        guard let resolved = realpath(programPath, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: stat

    /// `struct stat` of the generic Linux ABI (asm-generic/stat.h), which riscv64 uses: 128 bytes.
    static func genericStat(_ status: stat) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 128)
        bytes.putLittleEndian(UInt64(status.st_dev), at: 0)
        bytes.putLittleEndian(UInt64(status.st_ino), at: 8)
        bytes.putLittleEndian(UInt32(status.st_mode), at: 16)
        bytes.putLittleEndian(UInt32(truncatingIfNeeded: status.st_nlink), at: 20)
        bytes.putLittleEndian(UInt32(status.st_uid), at: 24)
        bytes.putLittleEndian(UInt32(status.st_gid), at: 28)
        bytes.putLittleEndian(UInt64(status.st_rdev), at: 32)
        bytes.putLittleEndian(UInt64(bitPattern: Int64(status.st_size)), at: 48)
        bytes.putLittleEndian(UInt32(truncatingIfNeeded: status.st_blksize), at: 56)
        bytes.putLittleEndian(UInt64(bitPattern: Int64(status.st_blocks)), at: 64)
        bytes.putLittleEndian(UInt64(bitPattern: Int64(status.st_atim.tv_sec)), at: 72)
        bytes.putLittleEndian(UInt64(status.st_atim.tv_nsec), at: 80)
        bytes.putLittleEndian(UInt64(bitPattern: Int64(status.st_mtim.tv_sec)), at: 88)
        bytes.putLittleEndian(UInt64(status.st_mtim.tv_nsec), at: 96)
        bytes.putLittleEndian(UInt64(bitPattern: Int64(status.st_ctim.tv_sec)), at: 104)
        bytes.putLittleEndian(UInt64(status.st_ctim.tv_nsec), at: 112)
        return bytes
    }

    /// Writes a converted `struct stat` to the guest.
    private func storeStat(_ status: stat, at address: UInt64) -> SyscallResult {
        space.write(LinuxProcess.genericStat(status), at: address) ? .success(0) : .failure(.EFAULT)
    }

    /// fstat(fd, statbuf), converted to the riscv64 `struct stat`.
    func fileStatus(_ a: SyscallArguments) -> SyscallResult {
        guard space.isAccessible(a[1], length: 128, write: true) else { return .failure(.EFAULT) }
        var status = stat()
        guard Glibc.fstat(a.int32(0), &status) == 0 else { return .failure(LinuxError(errno)) }
        return storeStat(status, at: a[1])
    }

    /// newfstatat(dirfd, path, statbuf, flags), converted to the riscv64 `struct stat`.
    func fileStatusAt(_ a: SyscallArguments) -> SyscallResult {
        guard space.isAccessible(a[2], length: 128, write: true) else { return .failure(.EFAULT) }
        return withHostPath(a[1]) { path in
            var status = stat()
            guard Glibc.fstatat(a.int32(0), path, &status, a.int32(3)) == 0 else { return .failure(LinuxError(errno)) }
            return storeStat(status, at: a[2])
        }
    }

    /// statfs(2) / fstatfs(2): `struct statfs` is 120 bytes of 64-bit words (and two ints for f_fsid)
    /// in the same order on riscv64 (asm-generic/statfs.h) and x86-64.
    func fileSystemStatus(_ a: SyscallArguments, descriptor: Bool) -> SyscallResult {
        guard space.isAccessible(a[1], length: 120, write: true) else { return .failure(.EFAULT) }
        var buffer = [UInt8](repeating: 0, count: 120)
        let result: SyscallResult
        if descriptor {
            result = hostResult(buffer.withUnsafeMutableBytes {
                HostFunctions.shared.fstatfs(a.int32(0), $0.baseAddress)
            })
        } else {
            result = withHostPath(a[0]) { path in
                hostResult(buffer.withUnsafeMutableBytes { HostFunctions.shared.statfs(path, $0.baseAddress) })
            }
        }
        guard case .success = result else { return result }
        return space.write(buffer, at: a[1]) ? .success(0) : .failure(.EFAULT)
    }

    /// statx(2): `struct statx` is 256 bytes with the same layout on every architecture.
    func extendedStatus(_ a: SyscallArguments) -> SyscallResult {
        guard space.isAccessible(a[4], length: 256, write: true) else { return .failure(.EFAULT) }
        return withHostPath(a[1]) { path in
            var buffer = [UInt8](repeating: 0, count: 256)
            let result = buffer.withUnsafeMutableBytes {
                HostFunctions.shared.statx(a.int32(0), path, a.int32(2), a.uint32(3), $0.baseAddress)
            }
            guard result == 0 else { return .failure(LinuxError(errno)) }
            return space.write(buffer, at: a[4]) ? .success(0) : .failure(.EFAULT)
        }
    }

    /// getdents64(2): `struct linux_dirent64` is the same on every architecture, so the host fills the
    /// guest buffer directly.
    func directoryEntries(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], LinuxProcess.maximumTransfer)
        guard let buffer = space.hostBuffer(a[1], length: count) else { return .failure(.EFAULT) }
        return hostResult(HostFunctions.shared.getdents64(a.int32(0), buffer, Int(count)))
    }

    /// readlinkat(dirfd, path, buf, size): the length read, without a NUL.
    func readLinkAt(_ a: SyscallArguments) -> SyscallResult {
        guard Int64(bitPattern: a[3]) > 0 else { return .failure(.EINVAL) }
        let size = min(a[3], LinuxProcess.maximumTransfer)
        guard let buffer = space.hostBuffer(a[2], length: size) else { return .failure(.EFAULT) }
        return withPath(a[1]) { path in
            if let target = procSelfExecutable(path) {
                let bytes = Array(target.utf8.prefix(Int(size)))
                return space.write(bytes, at: a[2]) ? .success(UInt64(bytes.count)) : .failure(.EFAULT)
            }
            let target = buffer.assumingMemoryBound(to: CChar.self)
            if let hostPath = sysrootPath(path) {
                return hostResult(Glibc.readlinkat(a.int32(0), hostPath, target, Int(size)))
            }
            return hostResult(Glibc.readlinkat(a.int32(0), path, target, Int(size)))
        }
    }

    /// faccessat(dirfd, path, mode) and faccessat2(dirfd, path, mode, flags).
    func accessAt(_ a: SyscallArguments, flags: Int32) -> SyscallResult {
        withHostPath(a[1]) { hostResult(Glibc.faccessat(a.int32(0), $0, a.int32(2), flags)) }
    }

    /// getcwd(2): the kernel call returns the length including the NUL (glibc's wrapper returns the
    /// pointer instead).
    func currentDirectory(_ a: SyscallArguments) -> SyscallResult {
        var buffer = [CChar](repeating: 0, count: 4097)
        guard Glibc.getcwd(&buffer, buffer.count) != nil else { return .failure(LinuxError(errno)) }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) } + [0]
        guard UInt64(bytes.count) <= a[1] else { return .failure(.ERANGE) }
        return space.write(bytes, at: a[0]) ? .success(UInt64(bytes.count)) : .failure(.EFAULT)
    }

    /// renameat2(olddirfd, oldpath, newdirfd, newpath, flags) (riscv64 has no renameat).
    func renameAt(_ a: SyscallArguments) -> SyscallResult {
        withPath(a[1]) { old in
            withPath(a[3]) { new in
                hostResult(HostFunctions.shared.renameat2(a.int32(0), old, a.int32(2), new, a.uint32(4)))
            }
        }
    }

    /// symlinkat(target, newdirfd, linkpath).
    func symbolicLinkAt(_ a: SyscallArguments) -> SyscallResult {
        withPath(a[0]) { target in
            withPath(a[2]) { link in hostResult(Glibc.symlinkat(target, a.int32(1), link)) }
        }
    }

    /// linkat(olddirfd, oldpath, newdirfd, newpath, flags).
    func linkAt(_ a: SyscallArguments) -> SyscallResult {
        withPath(a[1]) { old in
            withPath(a[3]) { new in hostResult(Glibc.linkat(a.int32(0), old, a.int32(2), new, a.int32(4))) }
        }
    }

    /// utimensat(2): `struct timespec[2]` (16 bytes each) is the same on riscv64 and x86-64. A NULL path
    /// means the descriptor itself.
    func updateTimesAt(_ a: SyscallArguments) -> SyscallResult {
        var times: [timespec]? = nil
        if a[2] != 0 {
            guard let raw = space.read(a[2], length: 32) else { return .failure(.EFAULT) }
            times = [timespec(tv_sec: Int(bitPattern: UInt(raw.littleEndianWord(at: 0))),
                              tv_nsec: Int(bitPattern: UInt(raw.littleEndianWord(at: 8)))),
                     timespec(tv_sec: Int(bitPattern: UInt(raw.littleEndianWord(at: 16))),
                              tv_nsec: Int(bitPattern: UInt(raw.littleEndianWord(at: 24))))]
        }
        if a[1] == 0 {
            guard a.int32(3) == 0 else { return .failure(.EINVAL) }
            return hostResult(times.map { Glibc.futimens(a.int32(0), $0) } ?? Glibc.futimens(a.int32(0), nil))
        }
        return withPath(a[1]) { path in
            hostResult(times.map { Glibc.utimensat(a.int32(0), path, $0, a.int32(3)) }
                ?? Glibc.utimensat(a.int32(0), path, nil, a.int32(3)))
        }
    }

    // MARK: Descriptors

    /// dup3(oldfd, newfd, flags).
    func duplicate(_ a: SyscallArguments) -> SyscallResult {
        // dup3(2): "EINVAL: oldfd was equal to newfd" and flags other than O_CLOEXEC.
        guard a.int32(0) != a.int32(1), a.int32(2) & ~O_CLOEXEC == 0 else { return .failure(.EINVAL) }
        if fcntl(a.int32(0), F_GETFD) >= 0 { signalDescriptors.forget(a.int32(1)) }
        return hostResult(HostFunctions.shared.dup3(a.int32(0), a.int32(1), a.int32(2)))
    }

    /// pipe2(pipefd, flags): two 32-bit descriptors written to the guest.
    func pipe(_ a: SyscallArguments) -> SyscallResult {
        guard space.isAccessible(a[0], length: 8, write: true) else { return .failure(.EFAULT) }
        var descriptors: [Int32] = [-1, -1]
        guard HostFunctions.shared.pipe2(&descriptors, a.int32(1)) == 0 else { return .failure(LinuxError(errno)) }
        space.store(UInt32(bitPattern: descriptors[0]), at: a[0])
        space.store(UInt32(bitPattern: descriptors[1]), at: a[0] + 4)
        return .success(0)
    }

    /// fcntl(2). The command numbers (asm-generic/fcntl.h, linux/fcntl.h) and `struct flock` (32 bytes)
    /// are the same on riscv64 and x86-64, so each command passes through with its argument checked.
    func fileControl(_ a: SyscallArguments) -> SyscallResult {
        let descriptor = a.int32(0), command = a.int32(1)
        switch command {
        case 1, 3, 9, 11, 1025, 1032, 1034:
            // F_GETFD, F_GETFL, F_GETOWN, F_GETSIG, F_GETLEASE, F_GETPIPE_SZ, F_GET_SEALS
            return hostResult(Glibc.fcntl(descriptor, command))
        case 0, 2, 4, 8, 10, 1024, 1026, 1030, 1031, 1033:
            // F_DUPFD, F_SETFD, F_SETFL, F_SETOWN, F_SETSIG, F_SETLEASE, F_NOTIFY, F_DUPFD_CLOEXEC,
            // F_SETPIPE_SZ, F_ADD_SEALS
            return hostResult(Glibc.fcntl(descriptor, command, a.int32(2)))
        case 5, 6, 7, 36, 37, 38:
            // F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW: struct flock
            let fills = command == 5 || command == 36
            guard space.isAccessible(a[2], length: 32, write: fills),
                  let pointer = space.hostBuffer(a[2], length: 32) else { return .failure(.EFAULT) }
            return hostResult(Glibc.fcntl(descriptor, command, pointer))
        case 15, 16:
            // F_SETOWN_EX, F_GETOWN_EX: struct f_owner_ex
            guard space.isAccessible(a[2], length: 8, write: command == 16),
                  let pointer = space.hostBuffer(a[2], length: 8) else { return .failure(.EFAULT) }
            return hostResult(Glibc.fcntl(descriptor, command, pointer))
        default:
            return .failure(.EINVAL)
        }
    }

    /// ioctl(2) for terminals (ioctl_tty(2)): the requests and their structures (`struct termios` of 36
    /// bytes, `struct winsize` of 8) are the asm-generic ones on both riscv64 and x86-64, so they pass
    /// through. Any other request fails with ENOTTY, as for a descriptor that does not support it.
    func inputOutputControl(_ a: SyscallArguments) -> SyscallResult {
        let descriptor = a.int32(0), request = a[1] & 0xffff_ffff
        let argument: (length: UInt64, write: Bool)
        switch request {
        case 0x5401: argument = (36, true)                   // TCGETS
        case 0x5402, 0x5403, 0x5404: argument = (36, false)  // TCSETS, TCSETSW, TCSETSF
        case 0x5413: argument = (8, true)                    // TIOCGWINSZ
        case 0x5414: argument = (8, false)                   // TIOCSWINSZ
        case 0x540f, 0x541b, 0x5429: argument = (4, true)    // TIOCGPGRP, FIONREAD, TIOCGSID
        case 0x5410: argument = (4, false)                   // TIOCSPGRP (tcsetpgrp)
        case 0x540e, 0x5422:                                  // TIOCSCTTY (argument: steal), TIOCNOTTY
            return hostResult(morph_ioctl_integer(descriptor, UInt(request), a[2]))
        case 0x5421: argument = (4, false)                   // FIONBIO
        case 0x5450, 0x5451:                                  // FIONCLEX, FIOCLEX
            return hostResult(Glibc.ioctl(descriptor, UInt(request)))
        default:
            return .failure(.ENOTTY)
        }
        guard space.isAccessible(a[2], length: argument.length, write: argument.write),
              let pointer = space.hostBuffer(a[2], length: argument.length) else { return .failure(.EFAULT) }
        return hostResult(Glibc.ioctl(descriptor, UInt(request), pointer))
    }
}

extension [UInt8] {
    /// The little-endian 64-bit word at `offset`.
    func littleEndianWord(at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(self[offset + index]) << (8 * UInt64(index)) }
        return value
    }

    /// Stores `value` little-endian at `offset`.
    mutating func putLittleEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        for index in 0..<MemoryLayout<T>.size {
            self[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
        }
    }
}
