// Signals, as far as a single-threaded program without signal delivery needs them (Linux man-pages:
// signal(7), rt_sigaction(2), rt_sigprocmask(2), kill(2), tgkill(2)). Dispositions and the mask are
// recorded so that a program can set and read them; a signal a program sends itself takes its default
// action (abort() ends with SIGABRT as under Linux). Running guest signal handlers needs signal frames,
// which Morph does not build yet: such a signal ends the program with a message saying so.
//
// The riscv64 `struct sigaction` (asm-generic, no SA_RESTORER): handler, flags, mask: 24 bytes.
import Glibc

/// Signal dispositions and the blocked mask of the process.
struct SignalState {
    /// The raw 24-byte `struct sigaction` of each signal that has been set, by number.
    var actions: [Int32: [UInt8]] = [:]
    /// Blocked signals: bit n - 1 for signal n.
    var blocked: UInt64 = 0

    /// A fresh process's dispositions: like execve(2), every signal the host process ignores stays ignored
    /// ("the dispositions of ignored signals are left unchanged"), everything else is SIG_DFL.
    static func inherited() -> SignalState {
        var state = SignalState()
        for signal in 1...64 where inheritedIgnoredSignals & (1 << UInt64(signal - 1)) != 0 {
            var ignore = [UInt8](repeating: 0, count: 24)
            ignore[0] = 1  // SIG_IGN
            state.actions[Int32(signal)] = ignore
        }
        return state
    }

    /// The signals ignored when Morph started (read once, before Morph ignores SIGPIPE for itself).
    private static let inheritedIgnoredSignals: UInt64 = {
        var mask: UInt64 = 0
        for signal in Int32(1)...64 where signal != SIGKILL && signal != SIGSTOP {
            var action = sigaction()
            guard sigaction(signal, nil, &action) == 0 else { continue }
            if unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == 1 {  // SIG_IGN
                mask |= 1 << UInt64(signal - 1)
            }
        }
        return mask
    }()

    /// Signals whose default action is to do nothing (signal(7): "Ign" and "Cont").
    static let ignoredByDefault: Set<Int32> = [SIGCHLD, SIGCONT, SIGURG, SIGWINCH]

    /// The handler address of `signal` (0 = SIG_DFL, 1 = SIG_IGN).
    func handler(of signal: Int32) -> UInt64 {
        actions[signal]?.littleEndianWord(at: 0) ?? 0
    }

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
        return signal >= 34 && signal <= 64 ? "SIGRT\(signal - 34)" : "SIG\(signal)"
    }
}

extension LinuxProcess {
    /// rt_sigaction(signum, act, oldact, sigsetsize).
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
            let old = signals.actions[signal] ?? [UInt8](repeating: 0, count: 24)
            guard space.write(old, at: a[2]) else { return .failure(.EFAULT) }
        }
        if let newAction { signals.actions[signal] = newAction }
        return .success(0)
    }

    /// rt_sigprocmask(how, set, oldset, sigsetsize). SIGKILL and SIGSTOP cannot be blocked.
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
            signals.blocked &= ~(1 << UInt64(SIGKILL - 1) | 1 << UInt64(SIGSTOP - 1))
        }
        return .success(0)
    }

    /// kill(pid, sig): to this process, the signal takes effect here; to another, the host sends it.
    func kill(_ a: SyscallArguments) -> SyscallResult {
        let pid = a.int32(0), signal = a.int32(1)
        if pid == Glibc.getpid() || pid == 0 { return deliverSignalToSelf(signal) }
        return hostResult(Glibc.kill(pid, signal))
    }

    /// tkill(tid, sig) / tgkill(tgid, tid, sig): only this process's one thread exists.
    func threadKill(_ a: SyscallArguments, threadArgument: Int, signalArgument: Int) -> SyscallResult {
        let thread = a.int32(threadArgument), signal = a.int32(signalArgument)
        guard thread > 0 else { return .failure(.EINVAL) }
        if threadArgument == 1, a.int32(0) != Glibc.getpid() { return .failure(.ESRCH) }
        guard thread == HostFunctions.shared.gettid() else { return .failure(.ESRCH) }
        return deliverSignalToSelf(signal)
    }

    /// A signal raised for the program itself (by kill/tgkill, or SIGPIPE after a write to a broken pipe):
    /// ignored, or its default action ends the program.
    func deliverSignalToSelf(_ signal: Int32) -> SyscallResult {
        guard signal >= 0, signal <= 64 else { return .failure(.EINVAL) }
        if signal == 0 { return .success(0) }  // only a permission check
        let handler = signals.handler(of: signal)
        let blocked = signals.blocked & (1 << UInt64(signal - 1)) != 0
        if signal != SIGKILL, signal != SIGSTOP {
            if handler == 1 { return .success(0) }                      // SIG_IGN
            if blocked { return .success(0) }                           // stays pending, never delivered
            if handler == 0, SignalState.ignoredByDefault.contains(signal) { return .success(0) }
        }
        var message = "morph: guest terminated by \(SignalState.name(of: signal))"
        if handler > 1, signal != SIGKILL, signal != SIGSTOP {
            message += " (it has a handler, but Morph does not deliver signals to guest handlers yet)"
        } else if signal == SIGPIPE {
            message = ""  // shells say nothing when a pipeline member dies of SIGPIPE; neither does Morph
        }
        termination = .signaled(signal: signal, message: message)
        return .success(0)
    }
}
