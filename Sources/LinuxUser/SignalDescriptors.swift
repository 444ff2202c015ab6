// Signal descriptors (Linux man-pages: signalfd(2); fs/signalfd.c for the checks and for how
// `struct signalfd_siginfo` is filled from a siginfo, signalfd_copyinfo).
//
// Guest signals are Morph's own, so the host's signalfd cannot see them. A guest signalfd is a host
// eventfd (so poll, select and epoll on it work as for any host descriptor) whose counter Morph keeps
// non-zero exactly while a signal of the descriptor's mask is pending for the process or one of its
// threads: `signalDescriptorsChanged` runs after every signal raised or taken. read(2) on it takes
// the pending signals of the mask (the calling thread's first, then the process's) and returns one
// 128-byte `struct signalfd_siginfo` each, blocking unless the descriptor is non-blocking.
//
// Known limits: the descriptor is recognised by number, so a dup(2) of it reads as an eventfd; a
// signalfd does not survive execve(2) as one (the new Morph sees an eventfd).
import CMorphSupport
import Glibc
import MorphCore
import Synchronization

/// The process's signal descriptors: host eventfd number to signal mask.
final class SignalDescriptorTable {
    /// Guards `masks`.
    let lock = HostLock()
    /// Each signal descriptor's mask (bit n - 1 for signal n).
    var masks: [Int32: UInt64] = [:]
    /// Whether `masks` has entries (read without the lock on every signal raised).
    let inUse = Atomic<Bool>(false)

    /// The mask of `descriptor` if it is a signal descriptor.
    func mask(of descriptor: Int32) -> UInt64? {
        guard inUse.load(ordering: .acquiring) else { return nil }
        return lock.withLock { masks[descriptor] }
    }

    /// Forgets `descriptor` (closed, or replaced by dup3).
    func forget(_ descriptor: Int32) {
        guard inUse.load(ordering: .acquiring) else { return }
        lock.withLock { masks[descriptor] = nil }
    }

    /// In a fork(2) child: the lock may have been held by another thread of the parent.
    func reinitializeAfterFork() { lock.reinitializeAfterFork() }
}

extension LinuxProcess {
    /// signalfd4(fd, mask, sizemask, flags): a new signal descriptor (fd -1) or a new mask for one.
    func signalDescriptor(_ a: SyscallArguments) -> SyscallResult {
        let flags = a.int32(3)
        guard flags & ~(O_NONBLOCK | O_CLOEXEC) == 0, a[2] == 8 else { return .failure(.EINVAL) }
        guard let requested = space.load(a[1], as: UInt64.self) else { return .failure(.EFAULT) }
        let mask = requested & ~SignalState.unblockable
        let descriptor = a.int32(0)
        if descriptor != -1 {
            let known = signalDescriptors.lock.withLock {
                guard signalDescriptors.masks[descriptor] != nil else { return false }
                signalDescriptors.masks[descriptor] = mask
                return true
            }
            guard known else { return .failure(fcntl(descriptor, F_GETFD) < 0 ? .EBADF : .EINVAL) }
        } else {
            let host = DescriptorHostFunctions.shared.eventDescriptor(0, flags)  // EFD_NONBLOCK and EFD_CLOEXEC are SFD_NONBLOCK and SFD_CLOEXEC
            guard host >= 0 else { return .failure(LinuxError(errno)) }
            signalDescriptors.lock.withLock {
                signalDescriptors.masks[host] = mask
                signalDescriptors.inUse.store(true, ordering: .releasing)
            }
            if options.catchesHostSignals {
                // Signals from outside (a child's SIGCHLD, kill from a shell) must be recorded to be read.
                for signal in Int32(1)...64 where mask & SignalState.bit(signal) != 0 && HostSignals.isRecordable(signal) {
                    morph_host_signal_catch(signal)
                }
            }
            signalDescriptorsChanged()
            return .success(UInt64(host))
        }
        signalDescriptorsChanged()
        return .success(UInt64(descriptor))
    }

    /// Makes each signal descriptor readable exactly when a signal of its mask is pending (after a
    /// signal was raised or taken, or a mask changed).
    func signalDescriptorsChanged() {
        guard signalDescriptors.inUse.load(ordering: .acquiring) else { return }
        signalDescriptors.lock.withLock {
            let pending = stateLock.withLock {
                threads.values.reduce(processPending.set) { $0 | $1.threadPending.set }
            }
            for (descriptor, mask) in signalDescriptors.masks {
                var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let readable = Glibc.poll(&entry, 1, 0) == 1 && entry.revents & Int16(POLLIN) != 0
                if pending & mask != 0, !readable {
                    var one: UInt64 = 1
                    _ = Glibc.write(descriptor, &one, 8)
                } else if pending & mask == 0, readable {
                    var counter: UInt64 = 0
                    _ = Glibc.read(descriptor, &counter, 8)
                }
            }
        }
    }

    /// close(fd): a signal descriptor is forgotten first.
    func closeDescriptor(_ a: SyscallArguments) -> SyscallResult {
        signalDescriptors.forget(a.int32(0))
        return hostResult(Glibc.close(a.int32(0)))
    }

    /// The riscv64 `struct signalfd_siginfo` (128 bytes) for a signal's `siginfo_t`, as
    /// signalfd_copyinfo fills it: signo, errno, code, then the fields of the siginfo's kind.
    static func signalDescriptorInformation(_ information: [UInt8], signal: Int32) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: 128)
        let source = information.count >= 128 ? information : LinuxProcess.signalInformation(signal, code: 0, address: nil)
        func word32(_ offset: Int) -> UInt32 { UInt32(truncatingIfNeeded: source.littleEndianWord(at: offset)) }
        result.putLittleEndian(UInt32(bitPattern: signal), at: 0)
        result.putLittleEndian(word32(4), at: 4)  // ssi_errno
        let code = Int32(bitPattern: word32(8))
        result.putLittleEndian(UInt32(bitPattern: code), at: 8)
        if code == LinuxProcess.timerSignalCode {
            result.putLittleEndian(word32(16), at: 24)  // ssi_tid (the timer id)
            result.putLittleEndian(word32(20), at: 32)  // ssi_overrun
            result.putLittleEndian(source.littleEndianWord(at: 24), at: 48)  // ssi_ptr
            result.putLittleEndian(word32(24), at: 44)  // ssi_int
        } else if signal == SIGCHLD, code > 0 {
            result.putLittleEndian(word32(16), at: 12)  // ssi_pid
            result.putLittleEndian(word32(20), at: 16)  // ssi_uid
            result.putLittleEndian(word32(24), at: 40)  // ssi_status
            result.putLittleEndian(source.littleEndianWord(at: 32), at: 56)  // ssi_utime
            result.putLittleEndian(source.littleEndianWord(at: 40), at: 64)  // ssi_stime
        } else if code > 0, [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP].contains(signal) {
            result.putLittleEndian(source.littleEndianWord(at: 16), at: 72)  // ssi_addr
        } else {
            // kill, tgkill, sigqueue: the sender, and the value of a sigqueue.
            result.putLittleEndian(word32(16), at: 12)
            result.putLittleEndian(word32(20), at: 16)
            result.putLittleEndian(source.littleEndianWord(at: 24), at: 48)
            result.putLittleEndian(word32(24), at: 44)
        }
        return result
    }
}

extension LinuxThread {
    /// read(fd, buf, count) on a signal descriptor: at least one `struct signalfd_siginfo` fits (else
    /// EINVAL); takes as many pending signals of the mask as fit, waiting for one unless the descriptor
    /// is non-blocking (EAGAIN). A signal the thread takes with its handler interrupts the wait (EINTR,
    /// restarted after an SA_RESTART handler).
    func readSignalDescriptor(_ a: SyscallArguments, mask: UInt64) -> SyscallResult {
        let descriptor = a.int32(0)
        let capacity = Int(min(a[2] / 128, 1024))
        guard capacity > 0 else { return .failure(.EINVAL) }
        while !process.exitRequested.load(ordering: .acquiring) {
            process.collectHostSignals()
            let currentMask = process.signalDescriptors.mask(of: descriptor) ?? mask
            var records: [UInt8] = []
            while records.count / 128 < capacity {
                let taken = process.stateLock.withLock {
                    threadPending.takeLowest(among: currentMask) ?? process.processPending.takeLowest(among: currentMask)
                }
                guard case (let signal, var information)? = taken else { break }
                process.completeTimerSignal(&information)
                records += LinuxProcess.signalDescriptorInformation(information, signal: signal)
            }
            if !records.isEmpty {
                process.signalDescriptorsChanged()
                return space.write(records, at: a[1]) ? .success(UInt64(records.count)) : .failure(.EFAULT)
            }
            if fcntl(descriptor, F_GETFL) & O_NONBLOCK != 0 { return .failure(.EAGAIN) }
            if hasDeliverableSignal() { return .failure(.EINTR) }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = Glibc.poll(&entry, 1, 5)
        }
        return .failure(.EINTR)
    }
}
