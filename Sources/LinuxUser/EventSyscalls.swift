// Waiting for descriptors and event descriptors (Linux man-pages section 2: poll/ppoll, select/pselect6,
// epoll_create1, epoll_ctl, epoll_wait/epoll_pwait/epoll_pwait2, eventfd2, timerfd_create,
// timerfd_settime, timerfd_gettime, inotify_init1, inotify_add_watch, inotify_rm_watch, memfd_create,
// membarrier). The descriptors are host descriptors; a wait blocks the host thread in the host call.
//
// Layouts: `struct pollfd` (8 bytes), `fd_set` (bit arrays of 64-bit words), `struct timespec` and
// `struct itimerspec` (64-bit words), `struct inotify_event` and the eventfd/timerfd counters are the same
// on riscv64 and x86-64. `struct epoll_event` is not: x86-64 packs it into 12 bytes (events, then the
// 64-bit data at offset 4), riscv64 has 16 (data aligned at offset 8), so epoll events are converted.
//
// The signal masks of ppoll, pselect6 and epoll_pwait replace the thread's for the wait (`withCallMask`):
// a signal the mask lets through interrupts the wait (EINTR) and its handler runs with that mask, its
// frame keeping the caller's, as with rt_sigsuspend; otherwise the caller's mask comes back at once.
import Glibc

extension LinuxProcess {
    /// A guest `struct timespec` timeout, checked as `poll_select_set_timeout` does: EFAULT if unreadable,
    /// EINVAL for a negative second count or nanoseconds outside 0...999999999.
    private func guestTimeout(_ address: UInt64) -> Result<timespec, LinuxError> {
        guard let seconds = space.load(address, as: Int64.self),
              let nanoseconds = space.load(address + 8, as: Int64.self) else { return .failure(.EFAULT) }
        guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .failure(.EINVAL) }
        return .success(timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds)))
    }

    /// Checks a `sigset_t` argument as `set_user_sigmask` does: none (0) is fine; otherwise the size must
    /// be 8 (EINVAL) and the set readable (EFAULT).
    private func checkSignalMask(_ address: UInt64, size: UInt64) -> LinuxError? {
        guard address != 0 else { return nil }
        guard size == 8 else { return .EINVAL }
        return space.read(address, length: 8) == nil ? .EFAULT : nil
    }

    /// The monotonic clock in nanoseconds.
    private static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Writes the time left of a `timeout` that started at `start` back to the guest, as ppoll and
    /// pselect6 do (`poll_select_finish`): not for a zero timeout, and a failed write is ignored.
    private func storeRemainingTime(_ timeout: timespec, start: Int64, at address: UInt64) {
        let total = Int64(timeout.tv_sec) * 1_000_000_000 + Int64(timeout.tv_nsec)
        guard total != 0 else { return }
        let left = max(0, total - (LinuxProcess.monotonicNanoseconds() - start))
        space.write([UInt8](pair: (UInt64(left / 1_000_000_000), UInt64(left % 1_000_000_000))), at: address)
    }

    /// The host's soft RLIMIT_NOFILE (ppoll refuses more descriptors than that with EINVAL).
    private static func descriptorLimit() -> UInt64 {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        return UInt64(limit.rlim_cur)
    }

    // MARK: poll and select

    /// ppoll(fds, nfds, tmo_p, sigmask, sigsetsize): the host fills `revents` in the guest's array.
    func pollDescriptors(_ a: SyscallArguments) -> SyscallResult {
        var timeout: timespec? = nil
        if a[2] != 0 {
            switch guestTimeout(a[2]) {
            case .failure(let error): return .failure(error)
            case .success(let value): timeout = value
            }
        }
        if let error = checkSignalMask(a[3], size: a[4]) { return .failure(error) }
        let count = UInt64(a.uint32(1))  // nfds is an unsigned int
        guard count <= LinuxProcess.descriptorLimit() else { return .failure(.EINVAL) }
        guard let descriptors = space.hostBuffer(a[0], length: count * 8) else { return .failure(.EFAULT) }
        let start = LinuxProcess.monotonicNanoseconds()
        let result: SyscallResult
        if var limit = timeout {
            result = hostResult(DescriptorHostFunctions.shared.ppoll(descriptors, UInt(count), &limit, nil))
            storeRemainingTime(timeout!, start: start, at: a[2])
        } else {
            result = hostResult(DescriptorHostFunctions.shared.ppoll(descriptors, UInt(count), nil, nil))
        }
        return result
    }

    /// pselect6(nfds, readfds, writefds, exceptfds, timeout, sig): `sig` points to `{ const sigset_t *ss;
    /// size_t ss_len; }`. The host reads and writes the guest's descriptor sets.
    func selectDescriptors(_ a: SyscallArguments) -> SyscallResult {
        if a[5] != 0 {
            guard let pack = space.read(a[5], length: 16) else { return .failure(.EFAULT) }
            if let error = checkSignalMask(pack.littleEndianWord(at: 0), size: pack.littleEndianWord(at: 8)) {
                return .failure(error)
            }
        }
        var timeout: timespec? = nil
        if a[4] != 0 {
            switch guestTimeout(a[4]) {
            case .failure(let error): return .failure(error)
            case .success(let value): timeout = value
            }
        }
        let count = a.int32(0)
        guard count >= 0 else { return .failure(.EINVAL) }
        // The kernel reads at most its descriptor table's size of bits; a set must lie in the window.
        let bytes = UInt64((min(Int(count), 1 << 20) + 63) / 64 * 8)
        var sets: [UnsafeMutablePointer<fd_set>?] = []
        for address in [a[1], a[2], a[3]] {
            if address == 0 { sets.append(nil); continue }
            guard let pointer = space.hostBuffer(address, length: bytes) else { return .failure(.EFAULT) }
            sets.append(pointer.assumingMemoryBound(to: fd_set.self))
        }
        let start = LinuxProcess.monotonicNanoseconds()
        if var limit = timeout {
            let result = hostResult(Glibc.pselect(count, sets[0], sets[1], sets[2], &limit, nil))
            storeRemainingTime(timeout!, start: start, at: a[4])
            return result
        }
        return hostResult(Glibc.pselect(count, sets[0], sets[1], sets[2], nil, nil))
    }

    // MARK: epoll

    /// epoll_create1(flags).
    func epollCreate(_ a: SyscallArguments) -> SyscallResult {
        hostResult(DescriptorHostFunctions.shared.epollCreate1(a.int32(0)))
    }

    /// epoll_ctl(epfd, op, fd, event): the guest's 16-byte event becomes the host's packed 12 bytes.
    /// EPOLL_CTL_DEL (2) reads no event.
    func epollControl(_ a: SyscallArguments) -> SyscallResult {
        var event = [UInt8](repeating: 0, count: 12)
        if a.int32(1) != 2 {
            guard let guest = space.read(a[3], length: 16) else { return .failure(.EFAULT) }
            event.replaceSubrange(0..<4, with: guest[0..<4])
            event.replaceSubrange(4..<12, with: guest[8..<16])
        }
        return event.withUnsafeMutableBytes { buffer in
            hostResult(DescriptorHostFunctions.shared.epollControl(a.int32(0), a.int32(1), a.int32(2),
                                                                   buffer.baseAddress))
        }
    }

    /// The most events one host wait collects (a guest asking for more gets them over several calls).
    static let epollBatch = 1024

    /// epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize) with `timeout` in milliseconds
    /// (negative: none); epoll_pwait2 passes a timespec instead (`timespecTimeout`).
    func epollWait(_ a: SyscallArguments, timespecTimeout: Bool) -> SyscallResult {
        var milliseconds = a.int32(3)
        if timespecTimeout {
            if a[3] == 0 {
                milliseconds = -1
            } else {
                switch guestTimeout(a[3]) {
                case .failure(let error): return .failure(error)
                case .success(let value):
                    let total = Int64(value.tv_sec) * 1000 + (Int64(value.tv_nsec) + 999_999) / 1_000_000
                    milliseconds = Int32(clamping: total)
                }
            }
        }
        if let error = checkSignalMask(a[4], size: a[5]) { return .failure(error) }
        let maximum = a.int32(2)
        guard maximum > 0, maximum <= Int32.max / 16 else { return .failure(.EINVAL) }  // EP_MAX_EVENTS
        guard space.inWindow(a[1], length: UInt64(maximum) * 16) else { return .failure(.EFAULT) }
        let batch = min(Int(maximum), LinuxProcess.epollBatch)
        var events = [UInt8](repeating: 0, count: batch * 12)
        let count = events.withUnsafeMutableBytes { buffer in
            DescriptorHostFunctions.shared.epollWait(a.int32(0), buffer.baseAddress, Int32(batch), milliseconds, nil)
        }
        guard count >= 0 else { return .failure(LinuxError(errno)) }
        // ep_send_events: the events written so far, or EFAULT if not even the first could be.
        for index in 0..<Int(count) {
            var guest = [UInt8](repeating: 0, count: 16)
            guest.replaceSubrange(0..<4, with: events[index * 12..<index * 12 + 4])
            guest.replaceSubrange(8..<16, with: events[index * 12 + 4..<index * 12 + 12])
            guard space.write(guest, at: a[1] + UInt64(index) * 16) else {
                return index == 0 ? .failure(.EFAULT) : .success(UInt64(index))
            }
        }
        return .success(UInt64(count))
    }

    // MARK: eventfd and timerfd

    /// eventfd2(initval, flags).
    func eventDescriptor(_ a: SyscallArguments) -> SyscallResult {
        hostResult(DescriptorHostFunctions.shared.eventDescriptor(a.uint32(0), a.int32(1)))
    }

    /// timerfd_create(clockid, flags).
    func timerCreate(_ a: SyscallArguments) -> SyscallResult {
        hostResult(DescriptorHostFunctions.shared.timerCreate(a.int32(0), a.int32(1)))
    }

    /// timerfd_settime(fd, flags, new_value, old_value): `struct itimerspec` is 32 bytes on both sides.
    /// The old value is written after the timer is set (EFAULT then, as Linux reports it).
    func timerSetTime(_ a: SyscallArguments) -> SyscallResult {
        guard var new = space.read(a[2], length: 32) else { return .failure(.EFAULT) }
        var old = [UInt8](repeating: 0, count: 32)
        let result = new.withUnsafeMutableBytes { newBuffer in
            old.withUnsafeMutableBytes { oldBuffer in
                hostResult(DescriptorHostFunctions.shared.timerSetTime(a.int32(0), a.int32(1), newBuffer.baseAddress,
                                                                       oldBuffer.baseAddress))
            }
        }
        guard case .success = result else { return result }
        if a[3] != 0, !space.write(old, at: a[3]) { return .failure(.EFAULT) }
        return result
    }

    /// timerfd_gettime(fd, curr_value).
    func timerGetTime(_ a: SyscallArguments) -> SyscallResult {
        var current = [UInt8](repeating: 0, count: 32)
        let result = current.withUnsafeMutableBytes {
            hostResult(DescriptorHostFunctions.shared.timerGetTime(a.int32(0), $0.baseAddress))
        }
        guard case .success = result else { return result }
        return space.write(current, at: a[1]) ? result : .failure(.EFAULT)
    }

    // MARK: inotify

    /// inotify_init1(flags).
    func inotifyCreate(_ a: SyscallArguments) -> SyscallResult {
        hostResult(Glibc.inotify_init1(a.int32(0)))
    }

    /// inotify_add_watch(fd, pathname, mask): the path is a host path (as for sockets, not the sysroot's).
    func inotifyAddWatch(_ a: SyscallArguments) -> SyscallResult {
        withPath(a[1]) { hostResult(Glibc.inotify_add_watch(a.int32(0), $0, a.uint32(2))) }
    }

    /// inotify_rm_watch(fd, wd).
    func inotifyRemoveWatch(_ a: SyscallArguments) -> SyscallResult {
        hostResult(Glibc.inotify_rm_watch(a.int32(0), a.int32(1)))
    }

    // MARK: memfd and membarrier

    /// memfd_create(name, flags): unknown flags are EINVAL before the name is read; a name longer than
    /// 249 bytes (NAME_MAX minus "memfd:") is EINVAL, an unreadable one EFAULT.
    func memoryFileCreate(_ a: SyscallArguments) -> SyscallResult {
        // MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_HUGETLB, MFD_NOEXEC_SEAL, MFD_EXEC, and the huge page size.
        let flags = a.uint32(1)
        guard flags & ~(0x1f | 0xfc00_0000) == 0 else { return .failure(.EINVAL) }
        guard flags & 0xfc00_0000 == 0 || flags & 4 != 0 else { return .failure(.EINVAL) }
        switch space.readString(a[0], limit: 249) {
        case .failure(let error): return .failure(error == .ENAMETOOLONG ? .EINVAL : error)
        case .success(let name):
            return (name + [0]).withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    hostResult(DescriptorHostFunctions.shared.memoryFileCreate($0.baseAddress, flags))
                }
            }
        }
    }

    /// The membarrier(2) commands Morph offers: MEMBARRIER_CMD_GLOBAL (1), MEMBARRIER_CMD_PRIVATE_EXPEDITED
    /// (8) and MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED (16).
    static let membarrierCommands: UInt32 = 1 | 8 | 16

    /// membarrier(cmd, flags, cpu_id). Every guest thread runs on a host thread and enters the host
    /// kernel for this call, which orders its memory accesses; so a barrier needs nothing more.
    /// MEMBARRIER_CMD_QUERY (0) lists the commands; others fail with EINVAL, as does any flag.
    func memoryBarrier(_ a: SyscallArguments) -> SyscallResult {
        let command = a.uint32(0)
        guard a.uint32(1) == 0 else { return .failure(.EINVAL) }
        if command == 0 { return .success(UInt64(LinuxProcess.membarrierCommands)) }
        guard command.nonzeroBitCount == 1, LinuxProcess.membarrierCommands & command != 0 else {
            return .failure(.EINVAL)
        }
        return .success(0)
    }
}

extension LinuxThread {
    /// Runs a wait with the guest `sigset_t` at `address` (when there is a valid one) as the thread's
    /// mask, as Linux's set_user_sigmask / restore_saved_sigmask_unless do: if the wait ends with EINTR
    /// and a signal is deliverable, the mask stays for its delivery and the handler's frame restores the
    /// caller's; otherwise the caller's mask is restored now. A signal already deliverable under the
    /// mask interrupts the call before it waits. The checks of the mask are the call's own.
    func withCallMask(_ address: UInt64, size: UInt64, _ wait: () -> SyscallResult) -> SyscallResult {
        guard address != 0, size == 8, let mask = space.load(address, as: UInt64.self) else { return wait() }
        let previous = signals.blocked
        signals.blocked = mask & ~SignalState.unblockable
        process.collectHostSignals()
        if hasDeliverableSignal() {
            signals.maskAfterHandler = previous
            return .failure(.EINTR)
        }
        let result = wait()
        if case .failure(.EINTR) = result {
            process.collectHostSignals()
            if hasDeliverableSignal() {
                signals.maskAfterHandler = previous
                return result
            }
        }
        signals.blocked = previous
        return result
    }

    /// pselect6's mask: `{ const sigset_t *ss; size_t ss_len; }` at argument 5.
    func withSelectMask(_ a: SyscallArguments, _ wait: () -> SyscallResult) -> SyscallResult {
        guard a[5] != 0, let pack = space.read(a[5], length: 16) else { return wait() }
        return withCallMask(pack.littleEndianWord(at: 0), size: pack.littleEndianWord(at: 8), wait)
    }
}
