// Process, identity and resource system calls (Linux man-pages: getrlimit(2)/prlimit(2), uname(2),
// sysinfo(2), sched_getaffinity(2), getrandom(2), getrusage(2)). Structure layouts: `struct rlimit64`
// (two u64), `struct utsname` (six 65-byte fields), `struct sysinfo` (112 bytes) and `struct rusage`
// (144 bytes) are the same on riscv64 and x86-64.
import Glibc

extension LinuxProcess {
    /// getresuid(2) / getresgid(2): three `uid_t`/`gid_t` (32-bit) results.
    func realEffectiveSavedIDs(_ a: SyscallArguments, groups: Bool) -> SyscallResult {
        var real: UInt32 = 0, effective: UInt32 = 0, saved: UInt32 = 0
        let result = groups
            ? HostFunctions.shared.getresgid(&real, &effective, &saved)
            : HostFunctions.shared.getresuid(&real, &effective, &saved)
        guard result == 0 else { return .failure(LinuxError(errno)) }
        let ids = [real, effective, saved]
        for index in 0..<3 where !space.store(ids[index], at: a[index]) { return .failure(.EFAULT) }
        return .success(0)
    }

    /// getgroups(2): with size 0, only the count; otherwise the list (32-bit `gid_t`s), EINVAL if too small.
    func supplementaryGroups(_ a: SyscallArguments) -> SyscallResult {
        let count = Glibc.getgroups(0, nil)
        guard count >= 0 else { return .failure(LinuxError(errno)) }
        let size = a.int32(0)
        guard size >= 0 else { return .failure(.EINVAL) }
        if size == 0 { return .success(UInt64(count)) }
        guard size >= count else { return .failure(.EINVAL) }
        var groups = [gid_t](repeating: 0, count: Int(max(count, 1)))
        let got = Glibc.getgroups(count, &groups)
        guard got >= 0 else { return .failure(LinuxError(errno)) }
        var bytes = [UInt8](repeating: 0, count: Int(got) * 4)
        for index in 0..<Int(got) { bytes.putLittleEndian(UInt32(groups[index]), at: index * 4) }
        return space.write(bytes, at: a[1]) ? .success(UInt64(got)) : .failure(.EFAULT)
    }

    /// times(2): `struct tms` is four `clock_t` (64-bit) on riscv64 and x86-64; the result is clock ticks.
    func processTimes(_ a: SyscallArguments) -> SyscallResult {
        var times = tms()
        let ticks = Glibc.times(&times)
        if a[0] != 0 {
            let values = [times.tms_utime, times.tms_stime, times.tms_cutime, times.tms_cstime]
            var bytes = [UInt8](repeating: 0, count: 32)
            for (index, value) in values.enumerated() {
                bytes.putLittleEndian(UInt64(bitPattern: Int64(value)), at: index * 8)
            }
            guard space.write(bytes, at: a[0]) else { return .failure(.EFAULT) }
        }
        return .success(UInt64(bitPattern: Int64(ticks)))
    }

    /// Resources whose limits would constrain the emulator rather than the guest: a guest may set them,
    /// and reads them back, but the host process keeps its own (RLIMIT_DATA 2, RLIMIT_STACK 3, RLIMIT_AS 9).
    static let emulatedResources: Set<Int32> = [2, 3, 9]

    /// prlimit64(pid, resource, new_limit, old_limit).
    func resourceLimit(_ a: SyscallArguments) -> SyscallResult {
        let pid = a.int32(0)
        guard pid == 0 || pid == Glibc.getpid() else {
            // Another process: the host answers for it.
            return limits(resource: a.int32(1), newAddress: a[2], oldAddress: a[3], hostPID: pid)
        }
        return limits(resource: a.int32(1), newAddress: a[2], oldAddress: a[3], hostPID: 0)
    }

    /// getrlimit(resource, rlim).
    func getResourceLimit(_ a: SyscallArguments) -> SyscallResult {
        guard a[1] != 0 else { return .failure(.EFAULT) }
        return limits(resource: a.int32(0), newAddress: 0, oldAddress: a[1], hostPID: 0)
    }

    /// setrlimit(resource, rlim).
    func setResourceLimit(_ a: SyscallArguments) -> SyscallResult {
        guard a[1] != 0 else { return .failure(.EFAULT) }
        return limits(resource: a.int32(0), newAddress: a[1], oldAddress: 0, hostPID: 0)
    }

    private func limits(resource: Int32, newAddress: UInt64, oldAddress: UInt64, hostPID: Int32) -> SyscallResult {
        guard resource >= 0, resource < 16 else { return .failure(.EINVAL) }  // RLIM_NLIMITS
        var newLimit: (current: UInt64, maximum: UInt64)? = nil
        if newAddress != 0 {
            guard let current = space.load(newAddress, as: UInt64.self),
                  let maximum = space.load(newAddress + 8, as: UInt64.self) else { return .failure(.EFAULT) }
            guard current <= maximum else { return .failure(.EINVAL) }
            newLimit = (current, maximum)
        }
        if oldAddress != 0, !space.isAccessible(oldAddress, length: 16, write: true) { return .failure(.EFAULT) }

        var hostOld = [UInt64](repeating: 0, count: 2)
        let emulated = hostPID == 0 && LinuxProcess.emulatedResources.contains(resource)
        if emulated {
            if let saved = emulatedLimits[resource] {
                hostOld = [saved.current, saved.maximum]
            } else if HostFunctions.shared.prlimit(0, resource, nil, &hostOld) != 0 {
                return .failure(LinuxError(errno))
            }
            if let newLimit {
                // Raising the hard limit needs privilege, as for a real process.
                if newLimit.maximum > hostOld[1], Glibc.geteuid() != 0 { return .failure(.EPERM) }
                emulatedLimits[resource] = newLimit
            }
        } else {
            var hostNew = [newLimit?.current ?? 0, newLimit?.maximum ?? 0]
            let result = hostNew.withUnsafeMutableBytes { newBytes in
                let new = newLimit == nil ? nil : UnsafeRawPointer(newBytes.baseAddress)
                return HostFunctions.shared.prlimit(hostPID, resource, new, &hostOld)
            }
            guard result == 0 else { return .failure(LinuxError(errno)) }
        }
        if oldAddress != 0 {
            space.store(hostOld[0], at: oldAddress)
            space.store(hostOld[1], at: oldAddress + 8)
        }
        return .success(0)
    }

    /// uname(2): the host's answers, except that the machine is "riscv64" (as under qemu-user).
    func systemName(_ a: SyscallArguments) -> SyscallResult {
        guard space.isAccessible(a[0], length: 390, write: true) else { return .failure(.EFAULT) }
        var name = utsname()
        guard Glibc.uname(&name) == 0 else { return .failure(LinuxError(errno)) }
        var bytes = withUnsafeBytes(of: &name) { Array($0.prefix(390)) }
        let machine = Array("riscv64".utf8) + [UInt8](repeating: 0, count: 65 - 7)
        bytes.replaceSubrange(4 * 65..<5 * 65, with: machine)
        space.write(bytes, at: a[0])
        return .success(0)
    }

    /// sysinfo(2): the host's `struct sysinfo`, which has the riscv64 layout already.
    func systemInformation(_ a: SyscallArguments) -> SyscallResult {
        guard space.isAccessible(a[0], length: 112, write: true) else { return .failure(.EFAULT) }
        var buffer = [UInt8](repeating: 0, count: 112)
        guard buffer.withUnsafeMutableBytes({ HostFunctions.shared.sysinfo($0.baseAddress) }) == 0 else {
            return .failure(LinuxError(errno))
        }
        space.write(buffer, at: a[0])
        return .success(0)
    }

    /// sched_getaffinity(2): the raw call returns the number of mask bytes it wrote (a multiple of 8
    /// covering the possible CPUs); glibc's wrapper hides that, so it is computed here.
    func schedulerAffinity(_ a: SyscallArguments) -> SyscallResult {
        let length = a[1]
        let possible = UInt64(max(sysconf(Int32(_SC_NPROCESSORS_CONF)), 1))
        let maskBytes = (possible + 63) / 64 * 8
        guard length % 8 == 0, length >= maskBytes, length <= 1 << 20 else { return .failure(.EINVAL) }
        var mask = [UInt8](repeating: 0, count: Int(maskBytes))
        guard mask.withUnsafeMutableBytes({
            HostFunctions.shared.schedGetaffinity(a.int32(0), Int(maskBytes), $0.baseAddress)
        }) == 0 else { return .failure(LinuxError(errno)) }
        return space.write(mask, at: a[2]) ? .success(maskBytes) : .failure(.EFAULT)
    }

    /// getrandom(2): the host fills the guest buffer.
    func randomBytes(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[1], 1 << 25)  // getrandom returns at most 32 MiB - 1 per call
        guard a.uint32(2) & ~7 == 0 else { return .failure(.EINVAL) }
        guard let buffer = space.hostBuffer(a[0], length: count) else { return .failure(.EFAULT) }
        return hostResult(HostFunctions.shared.getrandom(buffer, Int(count), a.uint32(2)))
    }

    /// getrusage(2) for RUSAGE_SELF (0), RUSAGE_CHILDREN (-1) and RUSAGE_THREAD (1).
    func resourceUsage(_ a: SyscallArguments) -> SyscallResult {
        guard space.isAccessible(a[1], length: 144, write: true) else { return .failure(.EFAULT) }
        var usage = rusage()
        guard Glibc.getrusage(__rusage_who_t(a.int32(0)), &usage) == 0 else { return .failure(LinuxError(errno)) }
        space.write(withUnsafeBytes(of: &usage) { Array($0.prefix(144)) }, at: a[1])
        return .success(0)
    }
}
