// Time system calls (Linux man-pages: clock_gettime(2), clock_getres(2), gettimeofday(2), nanosleep(2),
// clock_nanosleep(2)). `struct timespec` and `struct timeval` are two 64-bit fields on riscv64, as on
// x86-64; clock ids are the same numbers.
import Glibc

extension LinuxProcess {
    /// Writes a (seconds, fraction) pair as two 64-bit words.
    private func storePair(_ seconds: Int, _ fraction: Int, at address: UInt64) -> Bool {
        space.write([UInt8](pair: (UInt64(bitPattern: Int64(seconds)), UInt64(bitPattern: Int64(fraction)))),
                    at: address)
    }

    /// Reads a guest `struct timespec`, checking it as nanosleep does (EINVAL for a negative second
    /// count or nanoseconds outside 0...999999999).
    private func loadTimespec(_ address: UInt64) -> Result<timespec, LinuxError> {
        guard let seconds = space.load(address, as: Int64.self),
              let nanoseconds = space.load(address + 8, as: Int64.self) else { return .failure(.EFAULT) }
        guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .failure(.EINVAL) }
        return .success(timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds)))
    }

    /// clock_gettime(clockid, tp).
    func clockTime(_ a: SyscallArguments) -> SyscallResult {
        var time = timespec()
        guard Glibc.clock_gettime(clockid_t(a.int32(0)), &time) == 0 else { return .failure(LinuxError(errno)) }
        return storePair(time.tv_sec, time.tv_nsec, at: a[1]) ? .success(0) : .failure(.EFAULT)
    }

    /// clock_getres(clockid, res); res may be NULL.
    func clockResolution(_ a: SyscallArguments) -> SyscallResult {
        var resolution = timespec()
        guard Glibc.clock_getres(clockid_t(a.int32(0)), &resolution) == 0 else { return .failure(LinuxError(errno)) }
        if a[1] != 0, !storePair(resolution.tv_sec, resolution.tv_nsec, at: a[1]) { return .failure(.EFAULT) }
        return .success(0)
    }

    /// gettimeofday(tv, tz); either may be NULL.
    func timeOfDay(_ a: SyscallArguments) -> SyscallResult {
        var time = timeval()
        guard Glibc.gettimeofday(&time, nil) == 0 else { return .failure(LinuxError(errno)) }
        if a[0] != 0, !storePair(time.tv_sec, Int(time.tv_usec), at: a[0]) { return .failure(.EFAULT) }
        // The time zone is obsolete; Linux reports minuteswest 0, dsttime 0 unless set.
        if a[1] != 0, !space.write([UInt8](repeating: 0, count: 8), at: a[1]) { return .failure(.EFAULT) }
        return .success(0)
    }

    /// nanosleep(req, rem): the remaining time is written when interrupted.
    func sleep(_ a: SyscallArguments) -> SyscallResult {
        let request: timespec
        switch loadTimespec(a[0]) {
        case .failure(let error): return .failure(error)
        case .success(let value): request = value
        }
        var remaining = timespec()
        var copy = request
        guard Glibc.nanosleep(&copy, &remaining) == 0 else {
            let error = LinuxError(errno)
            if error == .EINTR, a[1] != 0 { _ = storePair(remaining.tv_sec, remaining.tv_nsec, at: a[1]) }
            return .failure(error)
        }
        return .success(0)
    }

    /// clock_nanosleep(2) returns the error number itself rather than setting errno.
    func clockSleep(_ a: SyscallArguments) -> SyscallResult {
        let request: timespec
        switch loadTimespec(a[2]) {
        case .failure(let error): return .failure(error)
        case .success(let value): request = value
        }
        var remaining = timespec()
        var copy = request
        let error = Glibc.clock_nanosleep(clockid_t(a.int32(0)), a.int32(1), &copy, &remaining)
        guard error == 0 else {
            // TIMER_ABSTIME (1) sleeps report no remaining time.
            if error == EINTR, a[3] != 0, a.int32(1) & 1 == 0 {
                _ = storePair(remaining.tv_sec, remaining.tv_nsec, at: a[3])
            }
            return .failure(LinuxError(error))
        }
        return .success(0)
    }
}

extension [UInt8] {
    /// Two little-endian 64-bit words.
    init(pair: (UInt64, UInt64)) {
        self.init(repeating: 0, count: 16)
        putLittleEndian(pair.0, at: 0)
        putLittleEndian(pair.1, at: 8)
    }
}
