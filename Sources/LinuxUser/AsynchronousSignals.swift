// Asynchronous signals from outside the guest, waiting for signals and interval timers (Linux man-pages:
// signal(7) "Signal dispositions", "Interruption of system calls and library functions by signal
// handlers"; sigsuspend(2), sigtimedwait(2), setitimer(2) / getitimer(2), alarm(2)).
//
// A host signal sent to Morph (kill from another process, a terminal key, a timer, a child's SIGCHLD)
// is recorded by a C handler (CMorphSupport/MorphProcessSupport.c) and becomes a signal pending for the
// guest process; a thread picks it up between engine slices or when a system call returns, and
// delivers it as it delivers the guest's own (SignalDelivery.swift): to the guest's handler, or with the
// default action (a terminating one ends Morph with the same signal, `Termination.endHostProcess`).
// The host disposition of each signal mirrors the guest's: ignored when the guest ignores it (so a
// background job's ignored SIGINT stays ignored until the guest installs a handler), the host default
// when the guest's default is to ignore or to stop (job control works as for any program), recorded
// otherwise. A blocking host call the handler interrupts returns EINTR: it is restarted when the guest
// would not have seen the signal (it blocks it) or when the handler has SA_RESTART and the call is one
// Linux restarts; otherwise the guest sees EINTR after its handler ran.
import CMorphSupport
import Glibc

/// Which host signals Morph records for the guest.
enum HostSignals {
    /// Signals that are never recorded: SIGKILL and SIGSTOP (not catchable), SIGSEGV and SIGBUS (the
    /// fault guard's), SIGPIPE (Morph raises the guest's own on EPIPE), glibc's 32 and 33 and Morph's
    /// thread interruption (63).
    static func isRecordable(_ signal: Int32) -> Bool {
        signal >= 1 && signal <= 64 && signal != SIGKILL && signal != SIGSTOP && signal != SIGSEGV
            && signal != SIGBUS && signal != SIGPIPE && signal != 32 && signal != 33
            && signal != ThreadInterruption.signal
    }

    /// Makes the host disposition of `signal` follow the guest's `handler` (0 SIG_DFL, 1 SIG_IGN, else a
    /// handler address).
    static func mirror(_ signal: Int32, handler: UInt64) {
        guard isRecordable(signal) else { return }
        if handler == 1 {
            morph_host_signal_reset(signal, 1)
        } else if handler == 0,
                  SignalState.ignoredByDefault.contains(signal) || SignalState.stopByDefault.contains(signal) {
            morph_host_signal_reset(signal, 0)
        } else {
            morph_host_signal_catch(signal)
        }
    }
}

extension LinuxProcess {
    /// Installs the host dispositions that mirror the guest's (at start, with `catchesHostSignals`).
    func installHostSignalHandlers() {
        guard options.catchesHostSignals else { return }
        let actions = stateLock.withLock { signalActions }
        for signal in Int32(1)...64 { HostSignals.mirror(signal, handler: actions.handler(of: signal)) }
    }

    /// Moves the recorded host signals into the process's pending set. Returns whether there were any.
    @discardableResult
    func collectHostSignals() -> Bool {
        guard morph_host_signals_pending() != 0 else { return false }
        let taken = morph_host_signals_take(UInt64.max)
        var remaining = taken
        while remaining != 0 {
            let signal = Int32(remaining.trailingZeroBitCount + 1)
            remaining &= remaining - 1
            var information = [UInt8](repeating: 0, count: 128)
            information.withUnsafeMutableBytes { morph_host_signal_information(signal, $0.baseAddress) }
            raise(signal, information: information, to: nil)
        }
        return taken != 0
    }
}

extension LinuxThread {
    /// The system calls Linux restarts after a handler with SA_RESTART (signal(7)); others fail with
    /// EINTR.
    static let restartableCalls: Set<SyscallNumber> = [
        .read, .write, .readv, .writev, .pread64, .pwrite64, .ioctl, .openat, .wait4, .waitid, .flock, .fcntl,
        .accept, .accept4, .connect, .recvfrom, .sendto, .recvmsg, .sendmsg, .futex,
    ]

    /// Decides what a host EINTR means for the guest: true if the call must run again (pc stays at the
    /// `ecall`): no signal the guest would take is pending (a signal it blocks interrupts nothing on
    /// Linux, whatever the call), or the one it takes has SA_RESTART and the call is restartable.
    func shouldRestart(_ syscall: SyscallNumber) -> Bool {
        process.collectHostSignals()
        let (deliverable, flags): (UInt64, UInt64) = process.stateLock.withLock {
            let set = (threadPending.set | process.processPending.set) & ~signals.blocked
            guard set != 0 else { return (0, 0) }
            let signal = Int32(set.trailingZeroBitCount + 1)
            return (set, process.signalActions.flags(of: signal) | (process.signalActions.handler(of: signal) <= 1 ? SignalState.flagRestart : 0))
        }
        if deliverable == 0 { return true }
        return LinuxThread.restartableCalls.contains(syscall) && flags & SignalState.flagRestart != 0
    }

    /// rt_sigsuspend(mask, sigsetsize): waits with `mask` blocked until a signal is delivered; the
    /// handler's frame keeps the mask of before the call, which rt_sigreturn puts back. Always EINTR.
    func suspend(_ a: SyscallArguments) -> SyscallResult {
        guard a[1] == 8 else { return .failure(.EINVAL) }
        guard let mask = space.load(a[0], as: UInt64.self) else { return .failure(.EFAULT) }
        let previous = signals.blocked
        signals.blocked = mask & ~SignalState.unblockable
        while !process.exitRequested.load(ordering: .acquiring) {
            process.collectHostSignals()
            if hasDeliverableSignal() { break }
            waitBriefly()
        }
        signals.maskAfterHandler = previous
        return .failure(.EINTR)
    }

    /// rt_sigtimedwait(set, info, timeout, sigsetsize): takes a pending signal of `set` (the thread's
    /// first) without running its handler; EAGAIN when `timeout` passes first. Host signals of the set
    /// are recorded while it waits, whatever their disposition.
    func timedWait(_ a: SyscallArguments) -> SyscallResult {
        guard a[3] == 8 else { return .failure(.EINVAL) }
        guard let requested = space.load(a[0], as: UInt64.self) else { return .failure(.EFAULT) }
        let set = requested & ~SignalState.unblockable
        var deadline: timespec? = nil
        if a[2] != 0 {
            guard let seconds = space.load(a[2], as: Int64.self), let nanoseconds = space.load(a[2] + 8, as: Int64.self)
            else { return .failure(.EFAULT) }
            guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .failure(.EINVAL) }
            deadline = HostClock.adding(seconds &* 1_000_000_000 &+ nanoseconds, to: HostClock.now())
        }
        if process.options.catchesHostSignals {
            for signal in Int32(1)...64 where set & SignalState.bit(signal) != 0 && HostSignals.isRecordable(signal) {
                morph_host_signal_catch(signal)
            }
        }
        defer {
            if process.options.catchesHostSignals {
                let actions = process.stateLock.withLock { process.signalActions }
                for signal in Int32(1)...64 where set & SignalState.bit(signal) != 0 {
                    HostSignals.mirror(signal, handler: actions.handler(of: signal))
                }
            }
        }
        while !process.exitRequested.load(ordering: .acquiring) {
            process.collectHostSignals()
            let taken = process.stateLock.withLock {
                threadPending.takeLowest(among: set) ?? process.processPending.takeLowest(among: set)
            }
            if case (let signal, var information)? = taken {
                process.completeTimerSignal(&information)
                process.signalDescriptorsChanged()
                if a[1] != 0, !space.write(information.isEmpty ? LinuxProcess.signalInformation(signal, code: 0, address: nil)
                                                                 : information, at: a[1]) {
                    return .failure(.EFAULT)
                }
                return .success(UInt64(signal))
            }
            // A signal outside the set that the thread does not block interrupts the wait.
            if hasDeliverableSignal() { return .failure(.EINTR) }
            if let deadline, HostClock.isAtOrAfter(HostClock.now(), deadline) { return .failure(.EAGAIN) }
            waitBriefly()
        }
        return .failure(.EINTR)
    }

    /// Sleeps up to a millisecond, or less when a host signal arrives (poll(2) with no descriptors).
    private func waitBriefly() {
        _ = Glibc.poll(nil, 0, 1)
    }
}

extension LinuxProcess {
    /// setitimer(which, new_value, old_value): the host's (ITIMER_REAL's SIGALRM, ITIMER_VIRTUAL's
    /// SIGVTALRM and ITIMER_PROF's SIGPROF reach the guest as host signals); `struct itimerval` is four
    /// 64-bit words on riscv64 and x86-64. alarm(2) is glibc's setitimer.
    func setIntervalTimer(_ a: SyscallArguments) -> SyscallResult {
        var newValue = itimerval(), oldValue = itimerval()
        if a[1] != 0 {
            guard let bytes = space.read(a[1], length: 32) else { return .failure(.EFAULT) }
            newValue.it_interval = timeval(tv_sec: Int(Int64(bitPattern: bytes.littleEndianWord(at: 0))),
                                           tv_usec: Int(Int64(bitPattern: bytes.littleEndianWord(at: 8))))
            newValue.it_value = timeval(tv_sec: Int(Int64(bitPattern: bytes.littleEndianWord(at: 16))),
                                        tv_usec: Int(Int64(bitPattern: bytes.littleEndianWord(at: 24))))
        }
        guard Glibc.setitimer(__itimer_which_t(a.int32(0)), &newValue, &oldValue) == 0 else {
            return .failure(LinuxError(errno))
        }
        if a[2] != 0, !space.write(withUnsafeBytes(of: &oldValue) { Array($0) }, at: a[2]) { return .failure(.EFAULT) }
        return .success(0)
    }

    /// getitimer(which, curr_value).
    func getIntervalTimer(_ a: SyscallArguments) -> SyscallResult {
        var value = itimerval()
        guard Glibc.getitimer(__itimer_which_t(a.int32(0)), &value) == 0 else { return .failure(LinuxError(errno)) }
        return space.write(withUnsafeBytes(of: &value) { Array($0) }, at: a[1]) ? .success(0) : .failure(.EFAULT)
    }
}
