// Locks, space and copies between descriptors (Linux man-pages section 2: flock, fallocate, sendfile,
// copy_file_range). The descriptors are host descriptors and `loff_t` is 64 bits on both sides; the
// guest's offset words are read before the call (EFAULT) and written back after it.
import Glibc

extension LinuxProcess {
    /// flock(fd, operation): the host checks the operation (EINVAL) and blocks for LOCK_SH / LOCK_EX.
    func fileLock(_ a: SyscallArguments) -> SyscallResult {
        hostResult(DescriptorHostFunctions.shared.fileLock(a.int32(0), a.int32(1)))
    }

    /// fallocate(fd, mode, offset, len).
    func fileAllocate(_ a: SyscallArguments) -> SyscallResult {
        hostResult(DescriptorHostFunctions.shared.fallocate(a.int32(0), a.int32(1), a.int64(2), a.int64(3)))
    }

    /// Reads the optional guest `loff_t` at `address` (0: none): EFAULT if unreadable.
    private func guestOffset(_ address: UInt64) -> Result<Int64?, LinuxError> {
        guard address != 0 else { return .success(nil) }
        guard let value = space.load(address, as: Int64.self) else { return .failure(.EFAULT) }
        return .success(value)
    }

    /// sendfile(out_fd, in_fd, offset, count): with an offset, the input's file position is left alone
    /// and the offset moves instead.
    func sendFile(_ a: SyscallArguments) -> SyscallResult {
        let count = Int(min(a[3], LinuxProcess.maximumTransfer))
        switch guestOffset(a[2]) {
        case .failure(let error):
            return .failure(error)
        case .success(nil):
            return hostResult(Glibc.sendfile(a.int32(0), a.int32(1), nil, count))
        case .success(let start?):
            var offset = off_t(start)
            let result = hostResult(Glibc.sendfile(a.int32(0), a.int32(1), &offset, count))
            guard space.store(Int64(offset), at: a[2]) else { return .failure(.EFAULT) }
            return result
        }
    }

    /// copy_file_range(fd_in, off_in, fd_out, off_out, len, flags): flags must be 0 (EINVAL).
    func copyFileRange(_ a: SyscallArguments) -> SyscallResult {
        guard a.uint32(5) == 0 else { return .failure(.EINVAL) }
        var input: Int64?, output: Int64?
        switch guestOffset(a[1]) {
        case .failure(let error): return .failure(error)
        case .success(let value): input = value
        }
        switch guestOffset(a[3]) {
        case .failure(let error): return .failure(error)
        case .success(let value): output = value
        }
        let count = Int(min(a[4], LinuxProcess.maximumTransfer))
        let copy = DescriptorHostFunctions.shared.copyFileRange
        let result: SyscallResult
        switch (input, output) {
        case (nil, nil): result = hostResult(copy(a.int32(0), nil, a.int32(2), nil, count, 0))
        case (var start?, nil): result = hostResult(copy(a.int32(0), &start, a.int32(2), nil, count, 0)); input = start
        case (nil, var end?): result = hostResult(copy(a.int32(0), nil, a.int32(2), &end, count, 0)); output = end
        case (var start?, var end?):
            result = hostResult(copy(a.int32(0), &start, a.int32(2), &end, count, 0))
            input = start
            output = end
        }
        guard case .success = result else { return result }
        if let input, !space.store(input, at: a[1]) { return .failure(.EFAULT) }
        if let output, !space.store(output, at: a[3]) { return .failure(.EFAULT) }
        return result
    }
}
