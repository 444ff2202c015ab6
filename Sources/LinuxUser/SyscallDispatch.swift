// The riscv64 Linux system call convention and the dispatch table (RISC-V ELF psABI / Linux
// Documentation: "ecall with the number in a7, arguments in a0-a5, the result in a0"; a result in
// [-4095, -1] is -errno). Handlers live in files by topic.
import CMorphSupport
import Glibc
import MorphCore

/// The six argument registers a0..a5 of a system call.
struct SyscallArguments {
    /// The raw register values.
    let values: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Argument `index` (0...5) as the raw 64-bit register value.
    subscript(index: Int) -> UInt64 {
        switch index {
        case 0: values.0
        case 1: values.1
        case 2: values.2
        case 3: values.3
        case 4: values.4
        default: values.5
        }
    }

    /// Argument `index` as a C `int` (the low 32 bits, as the kernel reads `int` parameters).
    func int32(_ index: Int) -> Int32 { Int32(truncatingIfNeeded: self[index]) }
    /// Argument `index` as a C `unsigned int`.
    func uint32(_ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: self[index]) }
    /// Argument `index` as a signed `long`.
    func int64(_ index: Int) -> Int64 { Int64(bitPattern: self[index]) }
}

/// A system call's result: a value, or an error returned as -errno.
typealias SyscallResult = Result<UInt64, LinuxError>

/// The result of a host C library call that returns -1 and sets `errno` on failure.
@inline(__always)
func hostResult<T: BinaryInteger>(_ value: T) -> SyscallResult {
    value < 0 ? .failure(LinuxError(errno)) : .success(UInt64(truncatingIfNeeded: Int64(value)))
}

extension LinuxThread {
    /// Performs the system call the hart stopped at (`pc` at the `ecall`) and puts the result in a0.
    /// Returns whether pc must move past the `ecall` (not after rt_sigreturn, which sets every register,
    /// nor when the thread or the process has ended).
    func handleSystemCall() -> Bool {
        // Another thread ended the process: this one stops before doing anything more.
        if process.exitRequested.load(ordering: .acquiring) { return false }
        let number = hart[x: 17]
        let arguments = SyscallArguments(values: (hart[x: 10], hart[x: 11], hart[x: 12], hart[x: 13],
                                                  hart[x: 14], hart[x: 15]))
        let syscall = SyscallNumber(rawValue: number)
        morph_system_call_window(1)
        defer { morph_system_call_window(0) }
        // A host signal that arrived since the last system call is taken before this one runs (as if it
        // had come just before the `ecall`), so a call that would block does not wait for it. A signal
        // arriving between this check and a blocking host call would leave the call blocked until
        // another one comes, unless the thread's interruption timer, which the host handler arms while a
        // system call is served, interrupts it 2 ms later (qemu closes the window with safe_syscall).
        if syscall != .rtSigreturn, process.collectHostSignals(), hasDeliverableSignal() { return false }
        if syscall == .rtSigreturn {
            if signalReturn() { tracer?.traceSignalReturn(thread: self) }
            return false
        }
        if let tracer, syscall == .exit || syscall == .exitGroup {
            // strace prints these before they happen: they do not return.
            tracer.traceExit(syscall!, arguments: arguments)
        }
        // Once the process has several threads, a call that may block shows its start now (SyscallTracer).
        let tracesBlocking = if let tracer, let syscall, tracer.followsThreads, SyscallTracer.mayBlock(syscall, arguments) {
            true
        } else {
            false
        }
        if tracesBlocking { tracer!.beginBlockingCall(syscall!, number: number, arguments: arguments, process: process) }
        let result = syscall.map { dispatch($0, arguments) } ?? .failure(.ENOSYS)
        // A write to a pipe nobody reads: Linux sends SIGPIPE too (the host's is ignored, see `run`).
        if case .failure(.EPIPE) = result, syscall == .write || syscall == .writev || syscall == .pwrite64 {
            process.raise(SIGPIPE, information: LinuxProcess.senderInformation(SIGPIPE, code: 0), to: self)
        }
        if hasExited || process.exitRequested.load(ordering: .acquiring) { return false }
        // A host call a host signal interrupted runs again when the guest would not see EINTR
        // (AsynchronousSignals.swift): pc stays at the `ecall`, a0 keeps its argument.
        if case .failure(.EINTR) = result, let syscall, shouldRestart(syscall) {
            if tracesBlocking {
                tracer!.endBlockingCall(syscall, number: number, arguments: arguments, result: result, process: process,
                                        restarted: true)
            }
            return false
        }
        hart[x: 10] = switch result {
        case .success(let value): value
        case .failure(let error): error.syscallResult
        }
        if tracesBlocking {
            tracer!.endBlockingCall(syscall!, number: number, arguments: arguments, result: result, process: process)
        } else {
            tracer?.trace(number: number, arguments: arguments, result: result, process: process)
        }
        return true
    }

    /// Routes the system calls that concern the calling thread (its registers, signal mask, engine, or
    /// the other threads) to their handlers, and the rest to the process's.
    private func dispatch(_ syscall: SyscallNumber, _ a: SyscallArguments) -> SyscallResult {
        switch syscall {
        // Threads (ThreadSyscalls.swift).
        case .exit: exitThread(a)
        case .exitGroup: exitGroup(a)
        case .clone: cloneThread(a)
        case .gettid: .success(UInt64(UInt32(bitPattern: threadID)))
        case .setTidAddress: setThreadIDAddress(a)
        case .setRobustList: setRobustList(a)
        case .getRobustList: getRobustList(a)

        // Processes (ForkExecSyscalls.swift); clone without CLONE_THREAD forks.
        case .execve: execute(a)
        case .execveat: executeAt(a)
        case .prctl: processControl(a)  // partial: names, PDEATHSIG and a few integer options; others EINVAL

        // Futexes (FutexSyscalls.swift).
        case .futex: futex(a)

        // Memory that may hold code every thread's engine must forget (MemorySyscalls.swift).
        case .mmap: mapMemory(a)
        case .munmap: unmapMemory(a)
        case .mprotect: protectMemory(a)
        case .mremap: remapMemory(a)  // partial: only private anonymous mappings grow or move
        case .riscvFlushIcache: flushInstructionCache(a)

        // Signals (SignalSyscalls.swift).
        case .rtSigaction: signalAction(a)
        case .rtSigprocmask: signalMask(a)
        case .rtSigpending: pendingSignals(a)
        case .sigaltstack: alternateSignalStack(a)
        case .rtSigsuspend: suspend(a)
        case .rtSigtimedwait: timedWait(a)
        case .kill: kill(a)
        case .tkill: threadKill(a, threadArgument: 0, signalArgument: 1)
        case .tgkill: threadKill(a, threadArgument: 1, signalArgument: 2)
        case .rtSigqueueinfo: queueSignal(a, toThread: false)
        case .rtTgsigqueueinfo: queueSignal(a, toThread: true)

        // Waits for descriptors with the caller's signal mask for the wait (EventSyscalls.swift).
        case .ppoll: withCallMask(a[3], size: a[4]) { process.pollDescriptors(a) }
        case .pselect6: withSelectMask(a) { process.selectDescriptors(a) }
        case .epollPwait: withCallMask(a[4], size: a[5]) { process.epollWait(a, timespecTimeout: false) }
        case .epollPwait2: withCallMask(a[4], size: a[5]) { process.epollWait(a, timespecTimeout: true) }

        // System V shared memory attaches, which may replace code (IpcSyscalls.swift).
        case .shmat: process.sharedMemoryAttach(a, caller: self)
        case .shmdt: process.sharedMemoryDetach(a, caller: self)

        // Signal descriptors (SignalDescriptors.swift): a read takes the calling thread's signals too.
        case .read:
            if let mask = process.signalDescriptors.mask(of: a.int32(0)) {
                readSignalDescriptor(a, mask: mask)
            } else {
                process.read(a)
            }

        default: process.dispatch(syscall, a)
        }
    }
}

extension LinuxProcess {
    /// Routes a system call that concerns the process as a whole to its handler; every call without one
    /// fails with ENOSYS.
    func dispatch(_ syscall: SyscallNumber, _ a: SyscallArguments) -> SyscallResult {
        switch syscall {
        // Files and descriptors (FileSyscalls.swift).
        case .write: write(a)
        case .readv: readVector(a)
        case .writev: writeVector(a)
        case .pread64: positionalRead(a)
        case .pwrite64: positionalWrite(a)
        case .openat: openProcFile(a) ?? openAt(a)
        case .close: closeDescriptor(a)
        case .lseek: hostResult(Glibc.lseek(a.int32(0), off_t(a.int64(1)), a.int32(2)))
        case .fstat: fileStatus(a)
        case .newfstatat: fileStatusAt(a)
        case .statx: extendedStatus(a)
        case .getdents64: directoryEntries(a)
        case .readlinkat: readLinkAt(a)
        case .faccessat: accessAt(a, flags: 0)
        case .faccessat2: accessAt(a, flags: a.int32(3))
        case .getcwd: currentDirectory(a)
        case .chdir: withPath(a[0]) { hostResult(Glibc.chdir($0)) }
        case .fchdir: hostResult(Glibc.fchdir(a.int32(0)))
        case .mkdirat: withPath(a[1]) { hostResult(Glibc.mkdirat(a.int32(0), $0, mode_t(a.uint32(2)))) }
        case .unlinkat: withPath(a[1]) { hostResult(Glibc.unlinkat(a.int32(0), $0, a.int32(2))) }
        case .renameat2: renameAt(a)
        case .symlinkat: symbolicLinkAt(a)
        case .linkat: linkAt(a)
        case .ftruncate: hostResult(Glibc.ftruncate(a.int32(0), off_t(a.int64(1))))
        case .truncate: withPath(a[0]) { hostResult(Glibc.truncate($0, off_t(a.int64(1)))) }
        case .fsync: hostResult(Glibc.fsync(a.int32(0)))
        case .fdatasync: hostResult(Glibc.fdatasync(a.int32(0)))
        case .dup: hostResult(Glibc.dup(a.int32(0)))
        case .dup3: duplicate(a)
        case .fcntl: fileControl(a)
        case .ioctl: inputOutputControl(a)  // partial: terminal attributes and size, process groups, FIONREAD, FIONBIO, FIOCLEX
        case .pipe2: pipe(a)
        case .fchmod: hostResult(Glibc.fchmod(a.int32(0), mode_t(a.uint32(1))))
        case .fchmodat: withPath(a[1]) { hostResult(Glibc.fchmodat(a.int32(0), $0, mode_t(a.uint32(2)), 0)) }
        case .utimensat: updateTimesAt(a)
        case .fchown: hostResult(Glibc.fchown(a.int32(0), a.uint32(1), a.uint32(2)))
        case .fchownat:
            withPath(a[1]) { hostResult(Glibc.fchownat(a.int32(0), $0, a.uint32(2), a.uint32(3), a.int32(4))) }
        case .statfs: fileSystemStatus(a, descriptor: false)
        case .fstatfs: fileSystemStatus(a, descriptor: true)

        // Locks, space and copies between descriptors (FileRangeSyscalls.swift).
        case .flock: fileLock(a)
        case .fallocate: fileAllocate(a)
        case .sendfile: sendFile(a)
        case .copyFileRange: copyFileRange(a)

        // Sockets (SocketSyscalls.swift).
        case .socket: socket(a)
        case .socketpair: socketPair(a)
        case .bind: bind(a)
        case .listen: listen(a)
        case .accept: accept(a, flags: 0)
        case .accept4: accept(a, flags: a.int32(3))
        case .connect: connect(a)
        case .getsockname: socketName(a, peer: false)
        case .getpeername: socketName(a, peer: true)
        case .setsockopt: setSocketOption(a)
        case .getsockopt: getSocketOption(a)
        case .sendto: sendTo(a)
        case .recvfrom: receiveFrom(a)
        case .sendmsg: sendMessage(a)
        case .recvmsg: receiveMessage(a)
        case .shutdown: shutdown(a)

        // Waiting and event descriptors (EventSyscalls.swift).
        case .epollCreate1: epollCreate(a)
        case .epollCtl: epollControl(a)
        case .eventfd2: eventDescriptor(a)
        case .timerfdCreate: timerCreate(a)
        case .timerfdSettime: timerSetTime(a)
        case .timerfdGettime: timerGetTime(a)
        case .inotifyInit1: inotifyCreate(a)
        case .inotifyAddWatch: inotifyAddWatch(a)
        case .inotifyRmWatch: inotifyRemoveWatch(a)
        case .signalfd4: signalDescriptor(a)
        case .memfdCreate: memoryFileCreate(a)
        case .membarrier: memoryBarrier(a)

        // Memory (MemorySyscalls.swift).
        case .brk: .success(space.setBreak(a[0]))
        case .madvise: adviseMemory(a)
        case .msync: synchronizeMemory(a)
        case .mlock, .munlock: lockMemory(a)
        case .mlockall: a[0] == 0 || a[0] & ~7 != 0 ? .failure(.EINVAL) : .success(0)  // MCL_CURRENT|FUTURE|ONFAULT
        case .munlockall: .success(0)

        // Waiting for children (ForkExecSyscalls.swift).
        case .wait4: waitForChild(a)
        case .waitid: waitForChildInformation(a)

        // Process, identity, resources (ProcessSyscalls.swift).
        case .getpid: .success(UInt64(Glibc.getpid()))
        case .getppid: .success(UInt64(Glibc.getppid()))
        case .getuid: .success(UInt64(Glibc.getuid()))
        case .geteuid: .success(UInt64(Glibc.geteuid()))
        case .getgid: .success(UInt64(Glibc.getgid()))
        case .getegid: .success(UInt64(Glibc.getegid()))
        case .getresuid: realEffectiveSavedIDs(a, groups: false)
        case .getresgid: realEffectiveSavedIDs(a, groups: true)
        case .getgroups: supplementaryGroups(a)
        case .getpgid: hostResult(Glibc.getpgid(a.int32(0)))
        case .getsid: hostResult(Glibc.getsid(a.int32(0)))
        case .setpgid: hostResult(Glibc.setpgid(a.int32(0), a.int32(1)))
        case .setsid: hostResult(Glibc.setsid())
        case .times: processTimes(a)
        case .prlimit64: resourceLimit(a)
        case .getrlimit: getResourceLimit(a)
        case .setrlimit: setResourceLimit(a)
        case .uname: systemName(a)
        case .sysinfo: systemInformation(a)
        case .umask: .success(UInt64(Glibc.umask(mode_t(a.uint32(0) & 0o777))))
        case .schedGetaffinity: schedulerAffinity(a)
        case .schedYield: hostResult(Glibc.sched_yield())
        case .getrandom: randomBytes(a)
        case .getrusage: resourceUsage(a)

        // System V IPC through the host's own objects (IpcSyscalls.swift).
        case .shmget: sharedMemoryGet(a)
        case .shmctl: sharedMemoryControl(a)
        case .semget: semaphoreGet(a)
        case .semop: semaphoreOperate(a, timed: false)
        case .semtimedop: semaphoreOperate(a, timed: true)
        case .semctl: semaphoreControl(a)
        case .msgget: messageQueueGet(a)
        case .msgsnd: messageSend(a)
        case .msgrcv: messageReceive(a)
        case .msgctl: messageQueueControl(a)

        // Interval timers (AsynchronousSignals.swift) and POSIX timers (PosixTimers.swift).
        case .setitimer: setIntervalTimer(a)
        case .getitimer: getIntervalTimer(a)
        case .timerCreate: posixTimerCreate(a)  // partial: CLOCK_REALTIME, MONOTONIC, BOOTTIME and PROCESS_CPUTIME_ID
        case .timerSettime: posixTimerSetTime(a)
        case .timerGettime: posixTimerGetTime(a)
        case .timerGetoverrun: posixTimerGetOverrun(a)
        case .timerDelete: posixTimerDelete(a)

        // Time (TimeSyscalls.swift).
        case .clockGettime: clockTime(a)
        case .clockGetres: clockResolution(a)
        case .gettimeofday: timeOfDay(a)
        case .nanosleep: sleep(a)
        case .clockNanosleep: clockSleep(a)

        default: .failure(.ENOSYS)
        }
    }

    /// Reads the NUL-terminated guest path at `address` and passes it to `body` as a C string.
    func withPath(_ address: UInt64, _ body: (UnsafePointer<CChar>) -> SyscallResult) -> SyscallResult {
        switch space.readString(address) {
        case .failure(let error): return .failure(error)
        case .success(let bytes):
            return (bytes + [0]).withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
            }
        }
    }
}
