// One guest thread of a Linux user-mode process: a hart, the engine that runs it, and what Linux keeps
// per thread (clone(2), pthreads(7), signal(7): the signal mask, thread-directed pending signals and the
// alternate signal stack; set_tid_address(2) and set_robust_list(2) pointers; the thread id). Each guest
// thread is one host thread, and only that host thread ever calls its engine (engines are not
// thread-safe): code invalidation another thread causes is queued here and applied before the next run.
//
// Reading guide: `runOnCurrentHostThread` runs slices of guest instructions under the host fault guard
// (FaultGuard) and handles each stop: an `ecall` goes to `handleSystemCall` (SyscallDispatch.swift); an
// exception or a host fault becomes the signal Linux would send, delivered to the guest's handler or
// ending the process (SignalDelivery.swift). Between slices it checks whether the process has ended and,
// once the process has several threads, for signals other threads sent.
import CMorphSupport
import Glibc
import MorphCore
import Synchronization

/// One guest thread.
public final class LinuxThread {
    /// The process the thread belongs to (which outlives it: its host thread holds the process).
    unowned let process: LinuxProcess
    /// The thread's hart.
    public let hart: Hart
    /// The engine that runs the hart (called only from this thread's host thread).
    public let engine: any ExecutionEngine
    /// The thread id (gettid): the host thread's own id.
    var threadID: Int32 = 0
    /// The signal mask and the alternate stack (changed only by the thread itself).
    var signals: SignalState {
        didSet { blockedSignals.store(signals.blocked, ordering: .releasing) }
    }
    /// A copy of `signals.blocked` that other threads may read (to choose the thread that takes a
    /// process-directed signal, and whether a blocked signal is kept rather than ignored).
    let blockedSignals = Atomic<UInt64>(0)
    /// Signals pending for this thread (tkill, tgkill, SIGPIPE), delivered before the process's. Other
    /// threads add to it, so it is read and changed under the process's `stateLock`.
    var threadPending = PendingSignals()
    /// The `set_tid_address` / CLONE_CHILD_CLEARTID word: zeroed and futex-woken when the thread exits.
    var clearChildThreadID: UInt64 = 0
    /// The `set_robust_list` head and length.
    var robustList: (head: UInt64, length: UInt64) = (0, 0)
    /// Set when the thread itself has ended with exit(2).
    var hasExited = false
    /// The thread's name (prctl PR_SET_NAME / PR_GET_NAME, at most 15 bytes): the program file's name
    /// for the first thread, the creator's for the others (ForkExecSyscalls.swift).
    var name: [UInt8] = []
    /// The host thread running it (for interrupting a blocking host call when the process ends).
    private var hostThread: pthread_t?

    /// Code ranges other threads changed (munmap, mprotect, riscv_flush_icache), applied to this thread's
    /// engine before its next run; nil bounds mean everything.
    private var pendingInvalidations: [(start: UInt64, end: UInt64)?] = []
    /// Guards `pendingInvalidations`.
    private let invalidationLock = HostLock()
    /// Whether `pendingInvalidations` may be non-empty (checked without the lock).
    private let hasPendingInvalidations = Atomic<Bool>(false)

    /// Futex wait state, under the process's futex lock (FutexSyscalls.swift).
    let futexWait = FutexWaiter()

    /// The guarded run's parameters and result, kept at a fixed address for the C fault guard.
    private let guardedRun: UnsafeMutablePointer<GuardedRun>

    /// Guest instructions per engine run while the process has one thread (a run also ends at every
    /// system call).
    static let sliceLength: UInt64 = 1 << 24
    /// Guest instructions per engine run once the process has had several threads: short enough that
    /// every thread notices exit_group or a signal within about a millisecond.
    static let threadedSliceLength: UInt64 = 1 << 18

    /// A thread of `process` running `hart` on `engine`.
    init(process: LinuxProcess, hart: Hart, engine: any ExecutionEngine, signals: SignalState) {
        self.process = process
        self.hart = hart
        self.engine = engine
        self.signals = signals
        blockedSignals.store(signals.blocked, ordering: .releasing)
        guardedRun = .allocate(capacity: 1)
        guardedRun.initialize(to: GuardedRun(engine: engine, limit: 0, reason: .instructionLimit))
    }

    deinit {
        guardedRun.deinitialize(count: 1)
        guardedRun.deallocate()
    }

    /// The address space (the process's).
    var space: AddressSpace { process.space }
    /// The guest memory window.
    var memory: GuestMemory { process.space.memory }
    /// Formats `--strace` lines (the process's).
    var tracer: SyscallTracer? { process.tracer }

    // MARK: The current thread

    private static let currentKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The guest thread the calling host thread runs, if any.
    static var current: LinuxThread? {
        guard let pointer = pthread_getspecific(currentKey) else { return nil }
        return Unmanaged<LinuxThread>.fromOpaque(pointer).takeUnretainedValue()
    }

    // MARK: Code invalidation

    /// Queues `[start, end)` (nil: all code) to be dropped by this thread's engine before its next run.
    func queueInvalidation(_ range: (start: UInt64, end: UInt64)?) {
        invalidationLock.withLock {
            pendingInvalidations.append(range)
            hasPendingInvalidations.store(true, ordering: .releasing)
        }
    }

    /// In the child of fork(2): the invalidation lock may have been held by another thread of the parent.
    func reinitializeAfterFork() {
        invalidationLock.reinitializeAfterFork()
        futexWait.condition.reinitializeAfterFork()
    }

    /// Applies the invalidations other threads queued (on this thread, between runs).
    private func applyPendingInvalidations() {
        guard hasPendingInvalidations.load(ordering: .acquiring) else { return }
        let ranges = invalidationLock.withLock {
            let taken = pendingInvalidations
            pendingInvalidations.removeAll()
            hasPendingInvalidations.store(false, ordering: .releasing)
            return taken
        }
        for range in ranges {
            if let range { engine.invalidateCode(from: range.start, to: range.end) } else { engine.invalidateAllCode() }
        }
    }

    // MARK: Running

    /// Runs the thread on the calling host thread until it exits or the process ends.
    func runOnCurrentHostThread() {
        hostThread = pthread_self()
        pthread_setspecific(LinuxThread.currentKey, Unmanaged.passUnretained(self).toOpaque())
        if process.options.catchesHostSignals { morph_interrupt_timer_prepare(ThreadInterruption.signal) }
        defer { pthread_setspecific(LinuxThread.currentKey, nil) }
        runSlices()
    }

    /// Interrupts the host call the thread may be blocked in (the process has ended, or a signal the
    /// thread takes was raised by another host thread). Nothing when called on the thread itself.
    func interruptHostCall() {
        if let hostThread, pthread_equal(hostThread, pthread_self()) == 0 { ThreadInterruption.interrupt(hostThread) }
    }

    private func runSlices() {
        let budget = process.budget
        while true {
            guard !process.exitRequested.load(ordering: .acquiring) else { return }
            applyPendingInvalidations()
            let threaded = process.isMultithreaded.load(ordering: .relaxed)
            let fromHost = process.collectHostSignals()
            if threaded || fromHost, hasDeliverableSignal() {
                deliverPendingSignals()
                if process.exitRequested.load(ordering: .acquiring) { return }
            }
            let executed = engine.executedInstructions
            guard executed < budget else {
                process.terminate(.instructionLimit(pc: hart.pc))
                return
            }
            guardedRun.pointee.limit = min(budget - executed,
                                           threaded ? LinuxThread.threadedSliceLength : LinuxThread.sliceLength)
            var faultAddress: UInt64 = 0
            // With several threads, fork(2) waits until no other thread is inside a slice.
            if threaded { process.enterSlice() }
            let signal = FaultGuard.run(guardedRun, window: memory, faultAddress: &faultAddress)
            if threaded { process.leaveSlice() }
            if signal != 0 {
                engine.collectFloatingPointFlags()
                let address = faultAddress &- UInt64(UInt(bitPattern: memory.hostBase))
                if let end = memoryFault(signal, address: address) { return finish(end) }
                continue
            }
            switch guardedRun.pointee.reason {
            case .instructionLimit:
                continue
            case .environmentCall:
                let advance = handleSystemCall()
                if hasExited || process.exitRequested.load(ordering: .acquiring) { return }
                if advance { hart.pc &+= 4 }
                engine.retire(1)  // the ecall is complete
                process.collectHostSignals()
                if hasDeliverableSignal() {
                    deliverPendingSignals()
                    if process.exitRequested.load(ordering: .acquiring) { return }
                }
            case .exception(let cause, let value):
                if let end = exception(cause, value: value) { return finish(end) }
            case .systemInstruction:
                if let end = exception(.illegalInstruction, value: 0) { return finish(end) }
            case .hostFault(let signal, let address):
                if let end = memoryFault(signal, address: address) { return finish(end) }
            case .engineFailure(let message):
                return finish(.engineFailure(message: message))
            }
        }
    }

    /// Ends the process with `end` (a fatal fault, an engine failure).
    private func finish(_ end: Termination) {
        process.terminate(end)
    }

    /// A host fault inside the window (SIGSEGV or SIGBUS) at the current pc, as the guest's signal.
    private func memoryFault(_ signal: Int32, address: UInt64) -> Termination? {
        // si_code: SEGV_MAPERR (1) for an unmapped address, SEGV_ACCERR (2) for a protected one; BUS_ADRERR (2).
        let code: Int32 = signal == SIGBUS ? 2 : (space.region(containing: address) == nil ? 1 : 2)
        return fault(signal, code: code, address: address, report: report(signal, address: address))
    }

    /// The signal Linux sends for an exception, delivered or ending the program.
    private func exception(_ cause: ExceptionCause, value: UInt64) -> Termination? {
        let pc = hart.pc
        switch cause {
        case .illegalInstruction:  // ILL_ILLOPC
            return fault(SIGILL, code: 1, address: pc, report: report(SIGILL, address: pc))
        case .breakpoint:  // TRAP_BRKPT
            return fault(SIGTRAP, code: 1, address: pc, report: report(SIGTRAP, address: pc))
        case .instructionAddressMisaligned, .loadAddressMisaligned, .storeAddressMisaligned:  // BUS_ADRALN
            return fault(SIGBUS, code: 1, address: value, report: report(SIGBUS, address: value))
        default:
            let code: Int32 = space.region(containing: value) == nil ? 1 : 2
            return fault(SIGSEGV, code: code, address: value, report: report(SIGSEGV, address: value))
        }
    }

    /// The one-line report of a fatal `signal` at the current pc.
    func report(_ signal: Int32, address: UInt64) -> String {
        process.report(signal, address: address, pc: hart.pc)
    }
}

/// Interrupting a host thread blocked in a host call (read(2) on a pipe, nanosleep(2)) when the process
/// ends: a real-time signal whose handler does nothing, installed without SA_RESTART, so the call returns
/// EINTR and the thread sees that the process has ended (signal(7), "Interruption of system calls").
enum ThreadInterruption {
    /// The host signal used: one below SIGRTMAX, which neither glibc nor Morph uses otherwise.
    static let signal: Int32 = 63

    private static let installation: Void = {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(ThreadInterruption.signal, &action, nil)
    }()

    /// Installs the handler (once per host process).
    static func install() { _ = installation }

    /// Sends the signal to `thread`.
    static func interrupt(_ thread: pthread_t) { pthread_kill(thread, signal) }
}
