// Signal system calls (Linux man-pages: signal(7), rt_sigaction(2), rt_sigprocmask(2), sigpending(2),
// sigaltstack(2), kill(2), tgkill(2), sigreturn(2)). Delivery itself, the frame a handler runs on and
// rt_sigreturn are in SignalDelivery.swift.
//
// The riscv64 `struct sigaction` (asm-generic, no SA_RESTORER): handler, flags, mask: 24 bytes.
import CMorphSupport
import Glibc

/// Signals raised but not yet delivered (blocked, or waiting for the current system call to finish),
/// with the `siginfo_t` of each: a standard signal is pending at most once per set, it does not queue.
struct PendingSignals {
    /// Bit n - 1 for signal n.
    var set: UInt64 = 0
    /// The 128-byte `siginfo_t` of each pending signal.
    var information: [Int32: [UInt8]] = [:]

    /// Adds `signal` unless it is already pending (then the new one is lost, as for Linux's
    /// standard signals).
    mutating func add(_ signal: Int32, information: [UInt8]) {
        guard set & SignalState.bit(signal) == 0 else { return }
        set |= SignalState.bit(signal)
        self.information[signal] = information
    }

    /// Removes and returns the lowest-numbered signal of `candidates` that is pending.
    mutating func takeLowest(among candidates: UInt64) -> (Int32, [UInt8])? {
        let deliverable = set & candidates
        guard deliverable != 0 else { return nil }
        let signal = Int32(deliverable.trailingZeroBitCount + 1)
        set &= ~SignalState.bit(signal)
        return (signal, information.removeValue(forKey: signal) ?? [])
    }

    /// Forgets `signal`.
    mutating func discard(_ signal: Int32) {
        set &= ~SignalState.bit(signal)
        information[signal] = nil
    }
}

/// What each thread keeps of the signal state that only the thread itself changes (clone(2): a new
/// thread inherits the mask and starts with no alternate stack): the blocked set and the alternate stack.
/// Signals pending for the thread are `LinuxThread.threadPending`; dispositions and process-directed
/// pending signals are the process's (`SignalActions`, `LinuxProcess.processPending`).
struct SignalState {
    /// Blocked signals: bit n - 1 for signal n.
    var blocked: UInt64 = 0
    /// The alternate signal stack (sigaltstack(2)): base, size, and whether one is set.
    var alternateStack: (base: UInt64, size: UInt64, enabled: Bool) = (0, 0, false)
    /// The mask rt_sigsuspend replaced: the next handler's frame keeps it (so rt_sigreturn restores it),
    /// or it comes back once the pending signals are delivered without a handler.
    var maskAfterHandler: UInt64? = nil

    /// `SA_*` flags of `struct sigaction` (asm-generic/signal-defs.h).
    static let flagSignalInformation: UInt64 = 0x4
    /// `SA_RESTART`.
    static let flagRestart: UInt64 = 0x1000_0000
    /// `SA_ONSTACK`.
    static let flagOnStack: UInt64 = 0x0800_0000
    /// `SA_NODEFER`.
    static let flagNoDefer: UInt64 = 0x4000_0000
    /// `SA_RESETHAND`.
    static let flagResetHandler: UInt64 = 0x8000_0000

    /// The bit of `signal` in a 64-bit signal set.
    static func bit(_ signal: Int32) -> UInt64 { 1 << UInt64(signal - 1) }
    /// SIGKILL and SIGSTOP, which can be neither blocked nor caught.
    static let unblockable = bit(SIGKILL) | bit(SIGSTOP)

    /// A fresh process's main-thread state, as execve(2) leaves it: "the signal mask is preserved"
    /// (Morph's own mask when it started), nothing is pending, no alternate stack.
    static func inherited() -> SignalState {
        var state = SignalState()
        state.blocked = inheritedBlockedSignals & ~unblockable
        return state
    }

    /// The signals blocked when Morph started.
    private static let inheritedBlockedSignals: UInt64 = {
        var set = sigset_t()
        guard sigprocmask(SIG_SETMASK, nil, &set) == 0 else { return 0 }
        var mask: UInt64 = 0
        for signal in Int32(1)...64 where sigismember(&set, signal) == 1 { mask |= bit(signal) }
        return mask
    }()

    /// The signals ignored when Morph started (read once, before Morph ignores SIGPIPE for itself).
    static let inheritedIgnoredSignals: UInt64 = {
        var mask: UInt64 = 0
        for signal in Int32(1)...64 where signal != SIGKILL && signal != SIGSTOP {
            var action = sigaction()
            guard sigaction(signal, nil, &action) == 0 else { continue }
            if unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 1 {  // SIG_IGN
                mask |= bit(signal)
            }
        }
        return mask
    }()

    /// Signals whose default action is to do nothing (signal(7): "Ign" and "Cont").
    static let ignoredByDefault: Set<Int32> = [SIGCHLD, SIGCONT, SIGURG, SIGWINCH]
    /// Signals whose default action is to stop the process (signal(7): "Stop").
    static let stopByDefault: Set<Int32> = [SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU]

    /// `SIGSEGV`, `SIGABRT`, ... (or `SIG<n>`).
    static func name(of signal: Int32) -> String {
        let names = [
            1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
            8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM",
            15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP",
            21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM",
            27: "SIGPROF", 28: "SIGWINCH", 29: "SIGIO", 30: "SIGPWR", 31: "SIGSYS",
        ]
        if let name = names[Int(signal)] { return name }
        if signal == 32 { return "SIGRTMIN" }
        return signal > 32 && signal <= 64 ? "SIGRT_\(signal - 32)" : "SIG\(signal)"
    }
}

/// The signal dispositions of a process, which all its threads share (CLONE_SIGHAND).
struct SignalActions {
    /// The raw 24-byte `struct sigaction` of each signal that has been set, by number.
    var actions: [Int32: [UInt8]] = [:]

    /// A fresh process's dispositions, as execve(2) leaves them: every signal the host process ignores
    /// stays ignored ("the dispositions of ignored signals are left unchanged"), everything else is SIG_DFL.
    static func inherited() -> SignalActions {
        var state = SignalActions()
        for signal in Int32(1)...64 where SignalState.inheritedIgnoredSignals & SignalState.bit(signal) != 0 {
            var ignore = [UInt8](repeating: 0, count: 24)
            ignore[0] = 1  // SIG_IGN
            state.actions[signal] = ignore
        }
        return state
    }

    /// The handler address of `signal` (0 = SIG_DFL, 1 = SIG_IGN).
    func handler(of signal: Int32) -> UInt64 { actions[signal]?.littleEndianWord(at: 0) ?? 0 }
    /// The `sa_flags` of `signal`.
    func flags(of signal: Int32) -> UInt64 { actions[signal]?.littleEndianWord(at: 8) ?? 0 }
    /// The `sa_mask` of `signal`.
    func mask(of signal: Int32) -> UInt64 { actions[signal]?.littleEndianWord(at: 16) ?? 0 }
}

extension LinuxThread {
    /// rt_sigaction(signum, act, oldact, sigsetsize): the disposition is the process's.
    func signalAction(_ a: SyscallArguments) -> SyscallResult {
        let signal = a.int32(0)
        guard a[3] == 8, signal >= 1, signal <= 64 else { return .failure(.EINVAL) }
        var newAction: [UInt8]? = nil
        if a[1] != 0 {
            guard signal != SIGKILL, signal != SIGSTOP else { return .failure(.EINVAL) }
            guard let bytes = space.read(a[1], length: 24) else { return .failure(.EFAULT) }
            newAction = bytes
        }
        if a[2] != 0 {
            let old = process.stateLock.withLock { process.signalActions.actions[signal] }
                ?? [UInt8](repeating: 0, count: 24)
            guard space.write(old, at: a[2]) else { return .failure(.EFAULT) }
        }
        if let newAction {
            if process.options.catchesHostSignals {
                HostSignals.mirror(signal, handler: newAction.littleEndianWord(at: 0))
            }
            process.stateLock.withLock {
                process.signalActions.actions[signal] = newAction
                // "Setting a signal action to SIG_IGN for a signal that is pending shall cause the pending
                // signal to be discarded" (POSIX), and the same for a default action that ignores.
                let handler = newAction.littleEndianWord(at: 0)
                if handler == 1 || (handler == 0 && SignalState.ignoredByDefault.contains(signal)) {
                    for thread in process.threads.values { thread.threadPending.discard(signal) }
                    threadPending.discard(signal)
                    process.processPending.discard(signal)
                }
            }
        }
        return .success(0)
    }

    /// rt_sigprocmask(how, set, oldset, sigsetsize): the calling thread's mask. SIGKILL and SIGSTOP cannot
    /// be blocked. Signals this unblocks are delivered when the call returns.
    func signalMask(_ a: SyscallArguments) -> SyscallResult {
        guard a[3] == 8 else { return .failure(.EINVAL) }
        var newSet: UInt64? = nil
        if a[1] != 0 {
            guard let set = space.load(a[1], as: UInt64.self) else { return .failure(.EFAULT) }
            guard a[0] <= 2 else { return .failure(.EINVAL) }
            newSet = set
        }
        if a[2] != 0, !space.store(signals.blocked, at: a[2]) { return .failure(.EFAULT) }
        if let newSet {
            switch a[0] {
            case 0: signals.blocked |= newSet      // SIG_BLOCK
            case 1: signals.blocked &= ~newSet     // SIG_UNBLOCK
            default: signals.blocked = newSet      // SIG_SETMASK
            }
            signals.blocked &= ~SignalState.unblockable
        }
        return .success(0)
    }

    /// rt_sigpending(set, sigsetsize): the signals pending for the thread or the process that it blocks.
    func pendingSignals(_ a: SyscallArguments) -> SyscallResult {
        // Linux copies sigsetsize bytes: any size up to sizeof(sigset_t) is fine, a larger one is EINVAL.
        guard a[1] <= 8 else { return .failure(.EINVAL) }
        let pending = process.stateLock.withLock { threadPending.set | process.processPending.set }
        var bytes = [UInt8](repeating: 0, count: 8)
        bytes.putLittleEndian(pending & signals.blocked, at: 0)
        return space.write(Array(bytes.prefix(Int(a[1]))), at: a[0]) ? .success(0) : .failure(.EFAULT)
    }

    /// sigaltstack(ss, old_ss): `stack_t` is { ss_sp, ss_flags (int), ss_size }, 24 bytes.
    func alternateSignalStack(_ a: SyscallArguments) -> SyscallResult {
        let onStack: Int32 = 1, disable: Int32 = 2, minimumSize: UInt64 = 2048  // SS_ONSTACK, SS_DISABLE, MINSIGSTKSZ
        let current = signals.alternateStack
        let executingOnIt = current.enabled && isOnAlternateStack(hart[x: 2])
        var replacement: (base: UInt64, size: UInt64, enabled: Bool)? = nil
        if a[0] != 0 {
            guard let base = space.load(a[0], as: UInt64.self), let flags = space.load(a[0] + 8, as: Int32.self),
                  let size = space.load(a[0] + 16, as: UInt64.self) else { return .failure(.EFAULT) }
            guard !executingOnIt else { return .failure(.EPERM) }
            let autoDisarm = Int32(bitPattern: 0x8000_0000)  // SS_AUTODISARM
            guard flags & ~(disable | autoDisarm) == 0 else { return .failure(.EINVAL) }
            if flags & disable != 0 {
                replacement = (0, 0, false)
            } else {
                guard size >= minimumSize else { return .failure(.ENOMEM) }
                replacement = (base, size, true)
            }
        }
        if a[1] != 0 {
            var bytes = [UInt8](repeating: 0, count: 24)
            bytes.putLittleEndian(current.base, at: 0)
            bytes.putLittleEndian(current.enabled ? (executingOnIt ? onStack : 0) : disable, at: 8)
            bytes.putLittleEndian(current.size, at: 16)
            guard space.write(bytes, at: a[1]) else { return .failure(.EFAULT) }
        }
        if let replacement { signals.alternateStack = replacement }
        return .success(0)
    }

    /// Whether `address` lies on the alternate signal stack.
    func isOnAlternateStack(_ address: UInt64) -> Bool {
        let stack = signals.alternateStack
        return stack.enabled && address > stack.base && address - stack.base <= stack.size
    }

    /// kill(pid, sig): to this process, the signal is pending for the process; to another, the host
    /// sends it.
    func kill(_ a: SyscallArguments) -> SyscallResult {
        let pid = a.int32(0), signal = a.int32(1)
        guard signal >= 0, signal <= 64 else { return .failure(.EINVAL) }
        if pid == Glibc.getpid() || pid == 0 {
            return sendToSelf(signal, code: 0, to: nil)  // SI_USER
        }
        return hostResult(Glibc.kill(pid, signal))
    }

    /// tkill(tid, sig) / tgkill(tgid, tid, sig): to one of this process's threads.
    func threadKill(_ a: SyscallArguments, threadArgument: Int, signalArgument: Int) -> SyscallResult {
        let threadID = a.int32(threadArgument), signal = a.int32(signalArgument)
        guard threadID > 0, signal >= 0, signal <= 64 else { return .failure(.EINVAL) }
        if threadArgument == 1, a.int32(0) != Glibc.getpid() { return .failure(.ESRCH) }
        let target: LinuxThread? = threadID == self.threadID
            ? self : process.stateLock.withLock { process.threads[threadID] }
        guard let target else { return .failure(.ESRCH) }
        return sendToSelf(signal, code: -6, to: target)  // SI_TKILL
    }

    /// rt_sigqueueinfo(tgid, sig, info) and rt_tgsigqueueinfo(tgid, tid, sig, info): a signal with the
    /// caller's siginfo (sigqueue(3)). As Linux's do_rt_sigqueueinfo, a process may not pass itself off
    /// as the kernel or as kill to another (si_code >= 0 or SI_TKILL: EPERM); si_signo is the argument.
    func queueSignal(_ a: SyscallArguments, toThread: Bool) -> SyscallResult {
        let process = a.int32(0), threadID = toThread ? a.int32(1) : 0
        let signal = a.int32(toThread ? 2 : 1), address = a[toThread ? 3 : 2]
        guard var information = space.read(address, length: 128) else { return .failure(.EFAULT) }
        guard signal >= 0, signal <= 64, !toThread || (process > 0 && threadID > 0) else { return .failure(.EINVAL) }
        let code = Int32(bitPattern: UInt32(truncatingIfNeeded: information.littleEndianWord(at: 8)))
        let own = process == Glibc.getpid()
        if (code >= 0 || code == -6), !own || (toThread && threadID != self.threadID) { return .failure(.EPERM) }
        information.putLittleEndian(UInt32(bitPattern: signal), at: 0)
        guard own else {
            return information.withUnsafeBytes { bytes in
                let pointer = Int(bitPattern: bytes.baseAddress)
                return toThread  // x86-64 rt_tgsigqueueinfo (297) and rt_sigqueueinfo (129)
                    ? hostResult(morph_host_syscall(297, Int(process), Int(threadID), Int(signal), pointer, 0))
                    : hostResult(morph_host_syscall(129, Int(process), Int(signal), pointer, 0, 0))
            }
        }
        var target: LinuxThread? = nil
        if toThread {
            target = threadID == self.threadID ? self : self.process.stateLock.withLock { self.process.threads[threadID] }
            guard target != nil else { return .failure(.ESRCH) }
        }
        if signal == 0 { return .success(0) }
        self.process.raise(signal, information: information, to: target)
        return .success(0)
    }

    /// A signal sent by the program to itself (`thread` nil: to the process), with the sender's
    /// `siginfo_t` (si_code, si_pid, si_uid).
    private func sendToSelf(_ signal: Int32, code: Int32, to thread: LinuxThread?) -> SyscallResult {
        if signal == 0 { return .success(0) }  // only a permission check
        process.raise(signal, information: LinuxProcess.senderInformation(signal, code: code), to: thread)
        return .success(0)
    }
}

extension LinuxProcess {
    /// A `siginfo_t` for a signal sent by a process (this one): si_code (SI_USER 0, SI_TKILL -6), si_pid,
    /// si_uid.
    static func senderInformation(_ signal: Int32, code: Int32) -> [UInt8] {
        var information = signalInformation(signal, code: code, address: nil)
        information.putLittleEndian(UInt32(bitPattern: Glibc.getpid()), at: 16)
        information.putLittleEndian(UInt32(Glibc.getuid()), at: 20)
        return information
    }
}
