// Processes (Linux man-pages: fork(2), vfork(2), clone(2) without CLONE_THREAD, execve(2) and execveat(2)
// with "Interpreter scripts", wait4(2), waitid(2), prctl(2) PR_SET_NAME / PR_GET_NAME / PR_SET_PDEATHSIG;
// kernel/fork.c, fs/exec.c, fs/binfmt_script.c).
//
// A guest process is a host process: fork is a host fork(2) of the Morph process made by the calling
// guest thread, so guest pids are host pids and wait4/waitid are the host's (their `int` status,
// `struct rusage` and `siginfo_t` have the same layout on riscv64 and x86-64). Guest memory is a private
// host mapping, copied by the fork; MAP_SHARED guest mappings are shared host mappings and stay shared.
// In the child only the calling thread exists, as in Linux: the process forgets the other threads, makes
// its locks usable again (they may have been held by threads that do not exist in the child) and the
// thread goes on with a0 = 0. While a thread forks, the others finish their engine slice and wait, so
// the copy is taken with only the calling thread doing guest work.
//
// vfork (CLONE_VM | CLONE_VFORK) is a fork too (as under qemu-riscv64): the child has its own copy of
// memory, but the parent waits, as Linux's does, until the child has called execve or exited (a
// close-on-exec pipe whose end the child holds).
//
// execve runs the new program under Morph in the same host process: Morph executes itself
// (/proc/self/exe) with `run`, the same options, the guest's argv and envp, so the host kernel closes
// the close-on-exec descriptors and resets signal handlers. The guest's signal mask and ignored signals
// become the host's first, so the new program starts with them, as execve(2) keeps them. The path is
// resolved as the guest sees it (/proc/self/exe is the program, absolute paths under the sysroot first).
// A `#!` script runs its interpreter (resolved the same way) with the script's path as argument. An ELF
// file for another machine fails with ENOEXEC, as on a riscv64 Linux (qemu-riscv64 would run an x86-64
// program natively through the host kernel; Linux's behaviour is the one kept).
import CMorphSupport
import Glibc
import MorphCore

// MARK: fork

extension LinuxProcess {
    /// Called by a thread before it enters an engine slice (once the process has several threads): waits
    /// while another thread forks.
    func enterSlice() {
        while true {
            threadsInSlices.add(1, ordering: .sequentiallyConsistent)
            guard forkPending.load(ordering: .sequentiallyConsistent) else { return }
            threadsInSlices.subtract(1, ordering: .sequentiallyConsistent)
            stateLock.withLock {
                while forkPending.load(ordering: .sequentiallyConsistent), !exitRequested.load(ordering: .acquiring) {
                    stateChanged.wait(stateLock, until: HostClock.adding(10_000_000, to: HostClock.now()))
                }
            }
        }
    }

    /// Called by a thread when its engine slice has ended.
    func leaveSlice() {
        threadsInSlices.subtract(1, ordering: .sequentiallyConsistent)
    }

    /// fork(2) of the host process by `caller`'s thread, with no other thread in an engine slice and the
    /// process's locks held, so that the child's copy of every structure is consistent. Returns the host
    /// result: the child's pid in the parent, 0 in the child (whose process then has `caller` as its only
    /// thread), -1 with errno on failure.
    func forkHost(caller: LinuxThread) -> pid_t {
        forkLock.lock()
        let threaded = isMultithreaded.load(ordering: .acquiring)
        if threaded {
            forkPending.store(true, ordering: .sequentiallyConsistent)
            while threadsInSlices.load(ordering: .sequentiallyConsistent) > 0 { usleep(50) }
        }
        futexes.lock.lock()
        space.lockForFork()
        stateLock.lock()
        let pid = Glibc.fork()
        if pid == 0 {
            becomeForkChild(caller)
            return 0
        }
        stateLock.unlock()
        space.unlockAfterFork()
        futexes.lock.unlock()
        if threaded {
            forkPending.store(false, ordering: .sequentiallyConsistent)
            stateLock.withLock { stateChanged.broadcast() }
        }
        forkLock.unlock()
        return pid
    }

    /// The child's side of `forkHost`: `caller` is the only thread (and the main one); nothing is pending
    /// (fork(2): "The child's set of pending signals is initially empty"); every lock is usable.
    private func becomeForkChild(_ caller: LinuxThread) {
        for lock in [stateLock, forkLock] { lock.reinitializeAfterFork() }
        stateChanged.reinitializeAfterFork()
        space.reinitializeLockAfterFork()
        futexes.forgetWaitersAfterFork()
        posixTimers.forgetAfterFork()
        signalDescriptors.reinitializeAfterFork()
        caller.reinitializeAfterFork()
        forkPending.store(false, ordering: .sequentiallyConsistent)
        threadsInSlices.store(0, ordering: .sequentiallyConsistent)
        isMultithreaded.store(false, ordering: .releasing)
        caller.threadID = HostFunctions.shared.gettid()
        threads = [caller.threadID: caller]
        runningHostThreads = 0
        processPending = PendingSignals()
        caller.threadPending = PendingSignals()
        mainThread = caller
        // Timers are not inherited by fork(2): the thread's interruption timer is made again.
        if options.catchesHostSignals { morph_interrupt_timer_prepare(ThreadInterruption.signal) }
    }

    /// The end of a forked child whose calling thread was not the host's main thread (so no `morph run`
    /// waits for it): waits for the process to end and ends the host process the same way.
    func endForkedChild() -> Never {
        let end = waitForEnd()
        if let tracer, case .signaled(let signal, _) = end { tracer.traceKilled(signal: signal) }
        if let line = end.report(instructionLimit: budget) {
            let text = line + "\n"
            _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
        }
        end.endHostProcess()
    }
}

extension LinuxThread {
    /// The clone(2) flags a process child may have (fork: SIGCHLD in the low byte and, from glibc, the
    /// child-tid flags; vfork and posix_spawn: CLONE_VM | CLONE_VFORK, with a new stack).
    static let supportedForProcesses: UInt64 = 0xff | CloneFlags.virtualMemory | CloneFlags.virtualFork
        | CloneFlags.setThreadPointer | CloneFlags.parentSetThreadID | CloneFlags.childClearThreadID
        | CloneFlags.childSetThreadID | CloneFlags.detached | CloneFlags.fileSystem | CloneFlags.systemVSemaphores

    /// clone(flags, newsp, parent_tidptr, tls, child_tidptr) without CLONE_THREAD: a new process (fork,
    /// vfork). The exit signal in the low byte is SIGCHLD whatever it says (the host's fork sends that).
    /// CLONE_VM without CLONE_VFORK cannot be given (the child would share the parent's memory): EINVAL.
    func forkProcess(_ a: SyscallArguments) -> SyscallResult {
        let flags = a[0]
        guard flags & ~LinuxThread.supportedForProcesses == 0 else { return .failure(.EINVAL) }
        let virtualFork = flags & CloneFlags.virtualFork != 0
        guard flags & CloneFlags.virtualMemory == 0 || virtualFork else { return .failure(.EINVAL) }
        // vfork: the parent waits for end-of-file on a pipe whose write end only the child holds (close on
        // exec, closed at exit). Both ends above the descriptors a program usually counts on.
        var ends: [Int32] = [-1, -1]
        if virtualFork {
            guard HostFunctions.shared.pipe2(&ends, O_CLOEXEC) == 0 else { return .failure(LinuxError(errno)) }
            for index in 0..<2 {
                let high = fcntl(ends[index], F_DUPFD_CLOEXEC, Int32(512))
                if high >= 0 {
                    Glibc.close(ends[index])
                    ends[index] = high
                }
            }
        }
        let pid = process.forkHost(caller: self)
        if pid < 0 {
            let error = LinuxError(errno)
            if virtualFork { Glibc.close(ends[0]); Glibc.close(ends[1]) }
            return .failure(error)
        }
        if pid == 0 {
            if virtualFork { Glibc.close(ends[0]) }
            if a[1] != 0 { hart[x: 2] = a[1] }
            if flags & CloneFlags.setThreadPointer != 0 { hart[x: 4] = a[3] }
            if flags & CloneFlags.childSetThreadID != 0 { space.store(UInt32(bitPattern: threadID), at: a[4]) }
            clearChildThreadID = flags & CloneFlags.childClearThreadID != 0 ? a[4] : 0
            robustList = (0, 0)
            return .success(0)
        }
        if flags & CloneFlags.parentSetThreadID != 0 { space.store(UInt32(bitPattern: pid), at: a[2]) }
        if virtualFork {
            Glibc.close(ends[1])
            var byte: UInt8 = 0
            while Glibc.read(ends[0], &byte, 1) < 0, errno == EINTR,
                  !process.exitRequested.load(ordering: .acquiring) {}
            Glibc.close(ends[0])
        }
        return .success(UInt64(UInt32(bitPattern: pid)))
    }
}

// MARK: wait4, waitid

extension LinuxProcess {
    /// wait4(pid, wstatus, options, rusage): the host's, the status an `int` and the usage 144 bytes.
    func waitForChild(_ a: SyscallArguments) -> SyscallResult {
        // As Linux's kernel_wait4: the child is reaped first, and an unwritable status or rusage then
        // makes the call fail with EFAULT (with no child to wait for, the pointers are not looked at).
        var status: Int32 = 0
        var usage = rusage()
        let pid = Glibc.wait4(a.int32(0), &status, a.int32(2), &usage)
        guard pid >= 0 else { return .failure(LinuxError(errno)) }
        if pid > 0 {
            if a[3] != 0, !space.write(withUnsafeBytes(of: &usage) { Array($0.prefix(144)) }, at: a[3]) {
                return .failure(.EFAULT)
            }
            if a[1] != 0, !space.store(UInt32(bitPattern: status), at: a[1]) { return .failure(.EFAULT) }
        }
        return .success(UInt64(pid))
    }

    /// waitid(idtype, id, infop, options, rusage): the host's raw call (a 128-byte `siginfo_t`).
    func waitForChildInformation(_ a: SyscallArguments) -> SyscallResult {
        if a[2] != 0, !space.isAccessible(a[2], length: 128, write: true) { return .failure(.EFAULT) }
        if a[4] != 0, !space.isAccessible(a[4], length: 144, write: true) { return .failure(.EFAULT) }
        var information = [UInt8](repeating: 0, count: 128)
        var usage = [UInt8](repeating: 0, count: 144)
        let result = information.withUnsafeMutableBytes { info in
            usage.withUnsafeMutableBytes { use in
                morph_waitid(a.int32(0), a.int32(1), a[2] == 0 ? nil : info.baseAddress, a.int32(3),
                             a[4] == 0 ? nil : use.baseAddress)
            }
        }
        guard result >= 0 else { return .failure(LinuxError(errno)) }
        if a[2] != 0 { space.write(information, at: a[2]) }
        if a[4] != 0 { space.write(usage, at: a[4]) }
        return .success(0)
    }
}

// MARK: prctl

extension LinuxThread {
    /// prctl(2): PR_SET_NAME / PR_GET_NAME (the calling thread's name, 16 bytes with the NUL; the host
    /// thread is renamed too, so ps shows it), PR_SET_PDEATHSIG / PR_GET_PDEATHSIG (the host's, whose
    /// signal reaches the guest as any host signal), and a few integer options passed to the host
    /// (PR_GET/SET_DUMPABLE, PR_SET/GET_CHILD_SUBREAPER, PR_SET/GET_NO_NEW_PRIVS). Others: EINVAL.
    func processControl(_ a: SyscallArguments) -> SyscallResult {
        let option = a.int32(0)
        switch option {
        case 15:  // PR_SET_NAME
            guard space.load(a[1], as: UInt8.self) != nil else { return .failure(.EFAULT) }
            var name: [UInt8] = []
            while name.count < 15, let byte = space.load(a[1] + UInt64(name.count), as: UInt8.self), byte != 0 {
                name.append(byte)
            }
            self.name = name
            _ = (name + [0]).withUnsafeBufferPointer { morph_prctl(15, UInt64(UInt(bitPattern: $0.baseAddress)), 0, 0, 0) }
            return .success(0)
        case 16:  // PR_GET_NAME
            let bytes = Array(name.prefix(15)) + [UInt8](repeating: 0, count: 16 - min(name.count, 15))
            return space.write(bytes, at: a[1]) ? .success(0) : .failure(.EFAULT)
        case 1:  // PR_SET_PDEATHSIG
            guard a[1] <= 64 else { return .failure(.EINVAL) }
            return hostResult(morph_prctl(1, a[1], 0, 0, 0))
        case 2, 37:  // PR_GET_PDEATHSIG, PR_GET_CHILD_SUBREAPER
            var value: Int32 = 0
            guard morph_prctl(option, UInt64(UInt(bitPattern: withUnsafeMutablePointer(to: &value) { $0 })), 0, 0, 0) == 0
            else { return .failure(LinuxError(errno)) }
            return space.store(UInt32(bitPattern: value), at: a[1]) ? .success(0) : .failure(.EFAULT)
        case 3, 4, 36, 38, 39:  // PR_GET/SET_DUMPABLE, PR_SET_CHILD_SUBREAPER, PR_SET/GET_NO_NEW_PRIVS
            return hostResult(morph_prctl(option, a[1], a[2], a[3], a[4]))
        default:
            return .failure(.EINVAL)
        }
    }
}

// MARK: execve

extension LinuxThread {
    /// execve(pathname, argv, envp).
    func execute(_ a: SyscallArguments) -> SyscallResult {
        guard case .success(let path) = space.readString(a[0]) else { return .failure(.EFAULT) }
        return execute(path: String(decoding: path, as: UTF8.self), argumentsAddress: a[1], environmentAddress: a[2])
    }

    /// execveat(dirfd, pathname, argv, envp, flags): a path relative to a descriptor, or the descriptor's
    /// own file with AT_EMPTY_PATH, through /proc/self/fd.
    func executeAt(_ a: SyscallArguments) -> SyscallResult {
        guard case .success(let bytes) = space.readString(a[1]) else { return .failure(.EFAULT) }
        var path = String(decoding: bytes, as: UTF8.self)
        let directory = a.int32(0), flags = a.int32(4)
        let emptyPath: Int32 = 0x1000, noFollow: Int32 = 0x100  // AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW
        guard flags & ~(emptyPath | noFollow) == 0 else { return .failure(.EINVAL) }
        if path.isEmpty {
            guard flags & emptyPath != 0 else { return .failure(.ENOENT) }
            path = "/proc/self/fd/\(directory)"
        } else if !path.hasPrefix("/"), directory != AT_FDCWD {
            path = "/proc/self/fd/\(directory)/" + path
        }
        return execute(path: path, argumentsAddress: a[2], environmentAddress: a[3])
    }

    /// Reads a NULL-terminated array of guest string pointers (argv, envp); nil on a bad pointer.
    private func stringArray(at address: UInt64) -> [String]? {
        var result: [String] = []
        guard address != 0 else { return result }
        while result.count < 1 << 17 {
            guard let pointer = space.load(address + UInt64(result.count) * 8, as: UInt64.self) else { return nil }
            if pointer == 0 { return result }
            guard case .success(let bytes) = space.readString(pointer, limit: 1 << 17) else { return nil }
            result.append(String(decoding: bytes, as: UTF8.self))
        }
        return nil
    }

    private func execute(path: String, argumentsAddress: UInt64, environmentAddress: UInt64) -> SyscallResult {
        guard let arguments = stringArray(at: argumentsAddress),
              let environment = stringArray(at: environmentAddress) else { return .failure(.EFAULT) }
        let program: (hostPath: String, arguments: [String])
        switch process.resolveProgram(path, arguments: arguments) {
        case .failure(let error): return .failure(error)
        case .success(let resolved): program = resolved
        }
        var hostArguments = ["morph", "run"] + process.options.executionArguments
        hostArguments += ["--argv0", program.arguments.first ?? ""]
        hostArguments.append(program.hostPath.hasPrefix("-") ? "./" + program.hostPath : program.hostPath)
        hostArguments += program.arguments.dropFirst()
        return executeHost(hostArguments, environment: environment)
    }

    /// Replaces the host process image with `arguments` (Morph itself) after giving the host thread the
    /// guest's signal mask and ignored signals; on failure puts Morph's own back and returns the error.
    private func executeHost(_ arguments: [String], environment: [String]) -> SyscallResult {
        let actions = process.stateLock.withLock { process.signalActions }
        var saved: [Int32: sigaction] = [:]
        for signal in Int32(1)...64 where signal != SIGKILL && signal != SIGSTOP && signal != SIGSEGV
            && signal != SIGBUS && signal != 32 && signal != 33 && signal != ThreadInterruption.signal {
            var old = sigaction()
            guard sigaction(signal, nil, &old) == 0 else { continue }
            saved[signal] = old
            morph_host_signal_reset(signal, actions.handler(of: signal) == 1 ? 1 : 0)
        }
        var mask = sigset_t(), oldMask = sigset_t()
        sigemptyset(&mask)
        for signal in Int32(1)...64 where signals.blocked & SignalState.bit(signal) != 0 { sigaddset(&mask, signal) }
        pthread_sigmask(SIG_SETMASK, &mask, &oldMask)

        let argumentPointers = arguments.map { strdup($0) } + [nil]
        let environmentPointers = environment.map { strdup($0) } + [nil]
        Glibc.execve("/proc/self/exe", argumentPointers, environmentPointers)
        let error = LinuxError(errno)
        for pointer in argumentPointers + environmentPointers { free(pointer) }
        pthread_sigmask(SIG_SETMASK, &oldMask, nil)
        for (signal, var action) in saved { sigaction(signal, &action, nil) }
        return .failure(error)
    }
}

extension LinuxProcess {
    /// The host file and argv that executing guest `path` with `arguments` runs, as Linux's execve
    /// finds them: a riscv64 ELF executable directly; a `#!` script through its interpreter (up to 4
    /// levels, then ELOOP); anything else ENOEXEC. ENOENT, EACCES as execve(2) says.
    func resolveProgram(_ path: String, arguments: [String]) -> Result<(hostPath: String, arguments: [String]), LinuxError> {
        var path = path, arguments = arguments
        for _ in 0..<5 {
            guard !path.isEmpty else { return .failure(.ENOENT) }
            let hostPath = path.withCString { procSelfExecutable($0) ?? sysrootPath($0) } ?? path
            var status = stat()
            guard stat(hostPath, &status) == 0 else { return .failure(LinuxError(errno)) }
            guard status.st_mode & S_IFMT == S_IFREG else { return .failure(.EACCES) }
            guard access(hostPath, X_OK) == 0 else { return .failure(LinuxError(errno)) }
            let descriptor = open(hostPath, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return .failure(LinuxError(errno)) }
            var header = [UInt8](repeating: 0, count: 256)  // BINPRM_BUF_SIZE
            let count = header.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, 256) }
            Glibc.close(descriptor)
            guard count >= 0 else { return .failure(LinuxError(errno)) }
            header.removeLast(256 - count)
            if header.starts(with: [0x7f, 0x45, 0x4c, 0x46]) {
                // ELFCLASS64, little-endian, EM_RISCV (243), ET_EXEC or ET_DYN.
                guard header.count >= 20, header[4] == 2, header[5] == 1,
                      UInt16(header[18]) | UInt16(header[19]) << 8 == 243,
                      header[16] == 2 || header[16] == 3, header[17] == 0 else { return .failure(.ENOEXEC) }
                return .success((hostPath, arguments))
            }
            guard header.starts(with: [0x23, 0x21]) else { return .failure(.ENOEXEC) }  // "#!"
            // fs/binfmt_script.c: the interpreter is the first word after "#!" (blanks skipped), the
            // optional argument the rest of the line with surrounding blanks removed.
            var line = header.dropFirst(2).prefix { $0 != 0x0a }
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            while let last = line.last, isBlank(last) || last == 0x0d || last == 0 { line.removeLast() }
            line = line.drop(while: isBlank)
            let interpreter = line.prefix { !isBlank($0) }
            guard !interpreter.isEmpty else { return .failure(.ENOEXEC) }
            let optional = line.dropFirst(interpreter.count).drop(while: isBlank)
            let interpreterPath = String(decoding: interpreter, as: UTF8.self)
            arguments = [interpreterPath] + (optional.isEmpty ? [] : [String(decoding: optional, as: UTF8.self)])
                + [path] + arguments.dropFirst()
            path = interpreterPath
        }
        return .failure(.ELOOP)
    }
}
