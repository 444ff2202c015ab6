// Thread system calls (Linux man-pages: clone(2), exit(2), exit_group(2), set_tid_address(2),
// set_robust_list(2) / get_robust_list(2); kernel/fork.c copy_process for what a CLONE_THREAD child gets,
// kernel/exit.c and kernel/futex/core.c exit_robust_list for what a dying thread leaves). glibc's
// pthread_create calls clone with CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
// CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID; clone3 has no handler
// (ENOSYS), so glibc falls back to clone. A child that is a process (fork, vfork: clone without
// CLONE_THREAD) is a host fork (ForkExecSyscalls.swift).
//
// riscv64 passes clone's arguments as (flags, newsp, parent_tidptr, tls, child_tidptr).
import CMorphSupport
import Glibc
import MorphCore

/// clone(2) flags (include/uapi/linux/sched.h).
enum CloneFlags {
    /// `CLONE_VM`.
    static let virtualMemory: UInt64 = 0x100
    /// `CLONE_FS`.
    static let fileSystem: UInt64 = 0x200
    /// `CLONE_FILES`.
    static let files: UInt64 = 0x400
    /// `CLONE_SIGHAND`.
    static let signalHandlers: UInt64 = 0x800
    /// `CLONE_PIDFD`.
    static let processDescriptor: UInt64 = 0x1000
    /// `CLONE_PTRACE`.
    static let trace: UInt64 = 0x2000
    /// `CLONE_VFORK`.
    static let virtualFork: UInt64 = 0x4000
    /// `CLONE_PARENT`.
    static let parent: UInt64 = 0x8000
    /// `CLONE_THREAD`.
    static let thread: UInt64 = 0x10000
    /// `CLONE_SYSVSEM`.
    static let systemVSemaphores: UInt64 = 0x40000
    /// `CLONE_SETTLS`.
    static let setThreadPointer: UInt64 = 0x80000
    /// `CLONE_PARENT_SETTID`.
    static let parentSetThreadID: UInt64 = 0x100000
    /// `CLONE_CHILD_CLEARTID`.
    static let childClearThreadID: UInt64 = 0x200000
    /// `CLONE_DETACHED` (ignored by Linux).
    static let detached: UInt64 = 0x400000
    /// `CLONE_CHILD_SETTID`.
    static let childSetThreadID: UInt64 = 0x1000000
    /// The flags a thread may be created with here (the namespace and other flags fail with EINVAL).
    static let supportedForThreads: UInt64 = virtualMemory | fileSystem | files | signalHandlers | thread
        | systemVSemaphores | setThreadPointer | parentSetThreadID | childClearThreadID | detached | childSetThreadID
}

/// What a new thread's host thread starts from, and how it reports its thread id to the parent.
final class ThreadStart: @unchecked Sendable {
    /// The process (held strongly while the host thread runs).
    let process: LinuxProcess
    /// The child's hart, registers already set.
    let hart: Hart
    /// The child's signal mask (the parent's) and no alternate stack.
    let signals: SignalState
    /// CLONE_CHILD_CLEARTID's address, or 0.
    let clearChildThreadID: UInt64
    /// CLONE_PARENT_SETTID's address, or 0.
    let parentThreadIDAddress: UInt64
    /// CLONE_CHILD_SETTID's address, or 0.
    let childThreadIDAddress: UInt64
    /// The creator's name (prctl PR_GET_NAME), which the new thread starts with.
    var name: [UInt8] = []
    /// Guards `threadID`.
    let lock = HostLock()
    /// Signalled when `threadID` is set.
    let started = HostCondition()
    /// The child's thread id once it runs.
    var threadID: Int32 = 0

    /// The start of a thread; see the properties.
    init(process: LinuxProcess, hart: Hart, signals: SignalState, clearChildThreadID: UInt64,
         parentThreadIDAddress: UInt64, childThreadIDAddress: UInt64) {
        self.process = process
        self.hart = hart
        self.signals = signals
        self.clearChildThreadID = clearChildThreadID
        self.parentThreadIDAddress = parentThreadIDAddress
        self.childThreadIDAddress = childThreadIDAddress
    }
}

extension LinuxThread {
    /// Host stack of a guest thread's host thread: the engines' own frames (the guest's stack is guest
    /// memory).
    static let hostStackSize = 8 << 20

    /// clone(flags, newsp, parent_tidptr, tls, child_tidptr) for a new thread of this process: a host
    /// thread with a copy of the caller's registers (a0 = 0, sp = newsp, tp = tls with CLONE_SETTLS), the
    /// caller's signal mask, and its own engine. Returns the child's thread id once the child has stored
    /// it where CLONE_PARENT_SETTID and CLONE_CHILD_SETTID ask, before it runs any guest instruction.
    func cloneThread(_ a: SyscallArguments) -> SyscallResult {
        let flags = a[0] & ~0xff  // the low byte is the exit signal, which a thread does not send
        guard flags & CloneFlags.thread != 0 else { return forkProcess(a) }  // fork and vfork
        // "CLONE_THREAD requires CLONE_SIGHAND, which requires CLONE_VM" (clone(2), EINVAL).
        guard flags & CloneFlags.signalHandlers != 0, flags & CloneFlags.virtualMemory != 0,
              flags & ~CloneFlags.supportedForThreads == 0 else { return .failure(.EINVAL) }
        // Host threads share the descriptor table and the working directory: a thread with its own cannot
        // be made.
        guard flags & CloneFlags.files != 0, flags & CloneFlags.fileSystem != 0 else { return .failure(.EINVAL) }

        let child = Hart()
        child.state.pointee = hart.state.pointee
        child.state.pointee.translatorScratch = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        child.state.pointee.reservation = HartState.noReservation
        child.state.pointee.instructionsRetired = 0
        child.pc = hart.pc &+ 4
        child[x: 10] = 0
        if a[1] != 0 { child[x: 2] = a[1] }
        if flags & CloneFlags.setThreadPointer != 0 { child[x: 4] = a[3] }
        var childSignals = SignalState()
        childSignals.blocked = signals.blocked
        let start = ThreadStart(
            process: process, hart: child, signals: childSignals,
            clearChildThreadID: flags & CloneFlags.childClearThreadID != 0 ? a[4] : 0,
            parentThreadIDAddress: flags & CloneFlags.parentSetThreadID != 0 ? a[2] : 0,
            childThreadIDAddress: flags & CloneFlags.childSetThreadID != 0 ? a[4] : 0)
        start.name = name

        process.isMultithreaded.store(true, ordering: .releasing)
        process.tracer?.followThreads()
        process.stateLock.withLock { process.runningHostThreads += 1 }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, LinuxThread.hostStackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var host = pthread_t()
        let context = Unmanaged.passRetained(start).toOpaque()
        let error = pthread_create(&host, &attributes, { context in
            LinuxThread.hostThreadMain(Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue())
            return nil
        }, context)
        guard error == 0 else {
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            process.stateLock.withLock {
                process.runningHostThreads -= 1
                process.stateChanged.broadcast()
            }
            return .failure(.EAGAIN)
        }
        let threadID = start.lock.withLock {
            while start.threadID == 0 { start.started.wait(start.lock) }
            return start.threadID
        }
        return .success(UInt64(UInt32(bitPattern: threadID)))
    }

    /// The body of a guest thread's host thread: makes the engine (on this thread, the only one that will
    /// call it), registers the thread, stores its id, reports to the parent and runs.
    private static func hostThreadMain(_ start: ThreadStart) {
        let process = start.process
        let threadID = HostFunctions.shared.gettid()
        let engine = process.makeEngine(EngineConfiguration(hart: start.hart, memory: process.memory, mode: .user,
                                                            codeAccess: process.space))
        let thread = LinuxThread(process: process, hart: start.hart, engine: engine, signals: start.signals)
        thread.threadID = threadID
        thread.clearChildThreadID = start.clearChildThreadID
        thread.name = start.name
        process.stateLock.withLock { process.threads[threadID] = thread }
        if start.parentThreadIDAddress != 0 { process.space.store(UInt32(bitPattern: threadID), at: start.parentThreadIDAddress) }
        if start.childThreadIDAddress != 0 { process.space.store(UInt32(bitPattern: threadID), at: start.childThreadIDAddress) }
        start.lock.withLock {
            start.threadID = threadID
            start.started.signal()
        }
        thread.runOnCurrentHostThread()
        // In the child of a fork(2) this thread made, it is the process's only host thread: it ends the
        // host process as `morph run` would (ForkExecSyscalls.swift).
        if thread === process.mainThread { process.endForkedChild() }
        process.stateLock.withLock {
            if !thread.hasExited { process.threads[threadID] = nil }
            if thread !== process.mainThread {
                process.finishedThreadInstructions &+= thread.engine.executedInstructions
                process.finishedThreads += 1
            }
            process.runningHostThreads -= 1
            process.stateChanged.broadcast()
        }
    }

    /// exit(2): ends the calling thread only. Its robust futexes are marked as their owner's death, its
    /// clear-child-tid word is zeroed and futex-woken (what pthread_join waits for); the last thread to
    /// leave ends the process with its status (as qemu-riscv64 reports it).
    func exitThread(_ a: SyscallArguments) -> SyscallResult {
        let status = a.int32(0) & 0xff
        releaseOnExit()
        hasExited = true
        let last = process.stateLock.withLock {
            process.threads[threadID] = nil
            return process.threads.isEmpty
        }
        if last, process.terminate(.exited(status)) { tracer?.traceExited(status: status) }
        return .success(0)
    }

    /// exit_group(2): ends every thread of the process with the low 8 bits of the status.
    func exitGroup(_ a: SyscallArguments) -> SyscallResult {
        let status = a.int32(0) & 0xff
        if process.terminate(.exited(status)) { tracer?.traceExited(status: status) }
        return .success(0)
    }

    /// What Linux's mm_release and exit_robust_list do for a thread that exits.
    private func releaseOnExit() {
        walkRobustList()
        guard clearChildThreadID != 0, space.store(UInt32(0), at: clearChildThreadID) else { return }
        let futexes = process.futexes
        _ = futexes.lock.withLock { futexes.wake(clearChildThreadID, count: 1, bitset: FutexOperation.matchAny) }
    }

    /// set_tid_address(2): the clear-child-tid word; returns the thread id.
    func setThreadIDAddress(_ a: SyscallArguments) -> SyscallResult {
        clearChildThreadID = a[0]
        return .success(UInt64(UInt32(bitPattern: threadID)))
    }

    /// set_robust_list(2): the length must be sizeof(struct robust_list_head), 24.
    func setRobustList(_ a: SyscallArguments) -> SyscallResult {
        guard a[1] == 24 else { return .failure(.EINVAL) }
        robustList = (a[0], a[1])
        return .success(0)
    }

    /// get_robust_list(pid, head_ptr, len_ptr): the head and length of thread `pid` (0: the caller).
    func getRobustList(_ a: SyscallArguments) -> SyscallResult {
        let threadID = a.int32(0)
        let target: LinuxThread? = threadID == 0 || threadID == self.threadID
            ? self : process.stateLock.withLock { process.threads[threadID] }
        guard let target else { return .failure(.ESRCH) }
        guard space.store(target.robustList.head, at: a[1]), space.store(target.robustList.length, at: a[2]) else {
            return .failure(.EFAULT)
        }
        return .success(0)
    }

    /// Marks each robust futex the thread still holds as FUTEX_OWNER_DIED and wakes one waiter of it
    /// (kernel/futex/core.c exit_robust_list; `struct robust_list_head` is { next, futex_offset,
    /// list_op_pending }). At most 2048 entries (ROBUST_LIST_LIMIT), as Linux.
    private func walkRobustList() {
        let head = robustList.head
        guard head != 0, let first = space.load(head, as: UInt64.self),
              let offset = space.load(head + 8, as: Int64.self),
              let pending = space.load(head + 16, as: UInt64.self) else { return }
        var entry = first & ~1
        var remaining = 2048
        while entry != head, entry != 0, remaining > 0 {
            guard let next = space.load(entry, as: UInt64.self) else { return }
            if entry != pending & ~1 { releaseRobustFutex(entry &+ UInt64(bitPattern: offset)) }
            entry = next & ~1
            remaining -= 1
        }
        if pending & ~1 != 0 { releaseRobustFutex((pending & ~1) &+ UInt64(bitPattern: offset)) }
    }

    /// One robust futex word: if this thread owns it (FUTEX_TID_MASK), set FUTEX_OWNER_DIED keeping
    /// FUTEX_WAITERS, and wake a waiter when there is one.
    private func releaseRobustFutex(_ address: UInt64) {
        let waiters: UInt32 = 0x8000_0000, ownerDied: UInt32 = 0x4000_0000, threadMask: UInt32 = 0x3fff_ffff
        guard address % 4 == 0, space.isAccessible(address, length: 4, write: true) else { return }
        let host = memory.hostAddress(address)
        var value: UInt32
        repeat {
            value = morph_atomic_load_32(host)
            guard value & threadMask == UInt32(bitPattern: threadID) else { return }
        } while !morph_atomic_compare_exchange_32(host, value, (value & waiters) | ownerDied)
        if value & waiters != 0 {
            let futexes = process.futexes
            _ = futexes.lock.withLock { futexes.wake(address, count: 1, bitset: FutexOperation.matchAny) }
        }
    }
}
