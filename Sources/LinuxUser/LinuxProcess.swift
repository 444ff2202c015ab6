// A Linux user-mode process: one guest address space, its threads (each with a hart and an execution
// engine), and the system call layer (see ../shared/guide/ARCHITECTURE.md, "User-mode memory",
// "Threads" and "The command line"; Linux execve(2) for the process image, clone(2) and pthreads(7) for
// what threads share, signal(7) for how faults end a program).
//
// Reading guide: `init` loads the program (ProgramLoader) into a fresh AddressSpace and makes the main
// thread; `run` runs it (LinuxThread.swift: slices of guest instructions under the host fault guard,
// FaultGuard, and each stop handled: an `ecall` goes to `handleSystemCall` in SyscallDispatch.swift,
// which routes to FileSyscalls.swift, MemorySyscalls.swift, ProcessSyscalls.swift, ThreadSyscalls.swift,
// TimeSyscalls.swift, FutexSyscalls.swift and SignalSyscalls.swift; an exception or a host fault becomes
// the signal Linux would send, delivered to the guest's handler or ending the program,
// SignalDelivery.swift). clone(2) starts more threads (ThreadSyscalls.swift), each on its own host thread.
import ELF
import Glibc
import MorphCore
import RISCV
import Synchronization

/// How a guest program ended.
public enum Termination: Sendable, Equatable {
    /// It called `exit` or `exit_group` with this status (0...255).
    case exited(Int32)
    /// It was killed by a signal; `message` is the one-line report (pc, address, instruction), or empty
    /// when there is nothing to say (SIGPIPE).
    case signaled(signal: Int32, message: String)
    /// The instruction budget ran out; pc is the next instruction.
    case instructionLimit(pc: UInt64)
    /// The engine could not go on (`--verify` found a difference); `message` says why.
    case engineFailure(message: String)

    /// The exit status a shell would report: the status, 128 + signal, 124 for the instruction limit
    /// (the convention of timeout(1)), or 70 (sysexits' EX_SOFTWARE) when the engine failed.
    public var exitStatus: Int32 {
        switch self {
        case .exited(let status): status
        case .signaled(let signal, _): 128 + signal
        case .instructionLimit: 124
        case .engineFailure: 70  // EX_SOFTWARE: an internal error, not the guest's doing
        }
    }
}

extension Termination {
    /// The line `morph run` prints on standard error for this end, or nil (a normal exit, or a signal
    /// that ends a program silently). `instructionLimit` is the budget that ran out.
    public func report(instructionLimit: UInt64) -> String? {
        switch self {
        case .exited: nil
        case .signaled(_, let message): message.isEmpty ? nil : message
        case .instructionLimit(let pc):
            "morph: error: instruction limit of \(instructionLimit) reached at pc 0x\(String(pc, radix: 16))"
        case .engineFailure(let message): "morph: error: \(message)"
        }
    }

    /// Ends the host process as the guest ended, so that its parent (a shell, or a guest process under
    /// Morph waiting in wait4) sees the same: a guest killed by a signal kills the host process with the
    /// same signal (its default action, without a core file), anything else exits with `exitStatus`.
    public func endHostProcess() -> Never {
        if case .signaled(let signal, _) = self {
            var limit = rlimit()
            if getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0 {
                limit.rlim_cur = 0
                setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
            }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, signal)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
            Glibc.raise(signal)
        }
        exit(exitStatus)
    }
}

/// Options of a process run.
public struct ProcessOptions: Sendable {
    /// Print each system call to standard error as strace does.
    public var traceSystemCalls = false
    /// The most guest memory the program may have mapped at once; nil means the host's physical memory.
    public var mappingLimit: UInt64? = nil
    /// Where `--strace` lines go (a host file descriptor).
    public var traceDescriptor: Int32 = 2
    /// The riscv64 sysroot (`--sysroot`, qemu's `-L`): a dynamically linked program's interpreter is loaded
    /// from it, and absolute guest paths are looked up under it first when files are opened or inspected.
    /// nil: guest paths are host paths.
    public var sysroot: String? = nil

    /// The `morph run` options a program started by execve(2) runs with (`--engine jit`, `--sysroot DIR`,
    /// ...): Morph runs it by executing itself with these, `run` and the program (ForkExecSyscalls.swift).
    public var executionArguments: [String] = []
    /// Whether asynchronous host signals (kill from another process, terminal keys, timers) are caught and
    /// delivered to the guest (`morph run`); tests that run a process inside their own host process leave
    /// the host's dispositions alone.
    public var catchesHostSignals = false

    /// Default options.
    public init() {}
}

/// One guest process: what its threads share. The address space (whose region list has its own lock),
/// the loaded program, signal dispositions and process-directed pending signals, the futex wait queues,
/// and the live threads. File descriptors, the working directory and credentials are the host process's
/// own, shared by every host thread already. Each guest thread (`LinuxThread`) is one host thread with its
/// own hart and engine.
///
/// Locks, always taken in this order when nested: `futexes` (FutexSyscalls.swift), then the address
/// space's, then `stateLock`. `stateLock` guards `termination`, `threads`, `signalActions`, `processPending` and
/// every thread's `threadPending`.
public final class LinuxProcess {
    /// The guest address space (and its host reservation).
    public let space: AddressSpace
    /// The guest memory window.
    public var memory: GuestMemory { space.memory }
    /// The thread that runs the program's entry point (the process's first thread; set by `init`).
    public internal(set) var mainThread: LinuxThread!
    /// The main thread's hart.
    public var hart: Hart { mainThread.hart }
    /// The main thread's engine (the one `--stats` reports).
    public var engine: any ExecutionEngine { mainThread.engine }
    /// The path the program was started as.
    public let programPath: String
    /// Where the program was loaded.
    public let program: LoadedProgram
    /// The options it runs with.
    public let options: ProcessOptions
    /// Where absolute guest paths are looked up first (`options.sysroot`, made absolute at start).
    let sysrootResolver: SysrootPathResolver
    /// Makes each thread's engine (called once per thread, on that thread).
    let makeEngine: EngineFactory

    /// Guards the process-wide state below (see the type's documentation).
    let stateLock = HostLock()
    /// Signalled when a thread leaves or the process ends.
    let stateChanged = HostCondition()
    /// How the process ended, once it has (under `stateLock`).
    private var endedAs: Termination?
    /// Set once the process has ended: every thread stops at its next check (read without the lock).
    let exitRequested = Atomic<Bool>(false)
    /// The live threads by thread id (under `stateLock`).
    var threads: [Int32: LinuxThread] = [:]
    /// Host threads started for guest threads that have not finished yet (under `stateLock`).
    var runningHostThreads = 0
    /// Instructions retired by the guest threads other than the main one whose host threads have
    /// finished, and how many they were (under `stateLock`; for `--stats`).
    var finishedThreadInstructions: UInt64 = 0, finishedThreads = 0

    /// Instructions retired by every thread the process ran, and the number of threads (for `--stats`;
    /// threads still running are counted as far as they got).
    public var allThreads: (instructions: UInt64, threads: Int) {
        stateLock.withLock {
            let others = threads.values.filter { $0 !== mainThread }
            return (others.reduce(mainThread.engine.executedInstructions &+ finishedThreadInstructions) {
                $0 &+ $1.engine.executedInstructions
            }, 1 + finishedThreads + others.count)
        }
    }
    /// Whether a second thread was ever created (then engines run in shorter slices and check for
    /// signals between them).
    let isMultithreaded = Atomic<Bool>(false)
    /// Serialises fork(2) calls of different threads (ForkExecSyscalls.swift).
    let forkLock = HostLock()
    /// Set while a thread forks: the others do not start an engine slice (read without the lock).
    let forkPending = Atomic<Bool>(false)
    /// Threads inside an engine slice, counted once the process has several threads.
    let threadsInSlices = Atomic<Int>(0)
    /// Signal dispositions (under `stateLock`).
    var signalActions = SignalActions.inherited()
    /// Signals pending for the process as a whole (kill): any thread that does not block one takes it
    /// (under `stateLock`).
    var processPending = PendingSignals()
    /// The futex wait queues (FutexSyscalls.swift).
    let futexes = FutexTable()
    /// The timer_create timers (PosixTimers.swift).
    let posixTimers = PosixTimerTable()
    /// The signalfd descriptors (SignalDescriptors.swift).
    let signalDescriptors = SignalDescriptorTable()
    /// Resource limits the guest set that must not apply to the emulator itself (RLIMIT_AS, DATA, STACK).
    var emulatedLimits: [Int32: (current: UInt64, maximum: UInt64)] = [:]
    /// Formats `--strace` lines.
    let tracer: SyscallTracer?
    /// Where signal handlers return to (the rt_sigreturn trampoline page).
    let signalTrampoline: UInt64

    /// Guest addresses span `1 << 38` bytes (256 GiB), the user half of Sv39.
    public static let windowSize: UInt64 = 1 << 38

    /// Loads `path` with `arguments` (argv, including argv[0]) and `environment` (`NAME=value`).
    /// `engine` makes the execution engine of each thread (the environment does not choose one).
    public init(path: String, arguments: [String], environment: [String],
                options: ProcessOptions = ProcessOptions(), engine makeEngine: @escaping EngineFactory) throws(LoadError) {
        let file = try ProgramLoader.open(path)
        let memory: GuestMemory
        do {
            memory = try GuestMemory(guestBase: 0, size: LinuxProcess.windowSize, accessible: false)
        } catch {
            throw .layout(path, error.description)
        }
        let physical = UInt64(max(sysconf(Int32(_SC_PHYS_PAGES)), 1)) * UInt64(max(sysconf(Int32(_SC_PAGESIZE)), 1))
        space = AddressSpace(memory: memory, mappingLimit: options.mappingLimit ?? physical)
        sysrootResolver = SysrootPathResolver(sysroot: options.sysroot)
        program = try ProgramLoader.load(file, path: path, arguments: arguments, environment: environment,
                                         sysroot: sysrootResolver.sysroot, into: space)
        signalTrampoline = LinuxProcess.mapSignalTrampoline(in: space)
        let hart = Hart()
        hart.pc = program.entry
        hart[x: 2] = program.stackPointer
        programPath = path
        self.options = options
        self.makeEngine = makeEngine
        tracer = options.traceSystemCalls ? SyscallTracer(descriptor: options.traceDescriptor) : nil
        let engine = makeEngine(EngineConfiguration(hart: hart, memory: memory, mode: .user, codeAccess: space))
        mainThread = LinuxThread(process: self, hart: hart, engine: engine, signals: SignalState.inherited())
        // The thread name Linux gives a new program: the file name without its directory, 15 bytes at most.
        mainThread.name = Array(path.split(separator: "/").last.map { Array($0.utf8) }?.prefix(15) ?? [])
        // A system call's own writes to guest memory: the calling thread's engine is told first.
        space.beforeHostWrite = { start, end in
            LinuxThread.current?.engine.prepareForHostWrite(from: start, to: end)
        }
    }

    /// Runs the program until it exits, is killed, or a thread has executed `maxInstructions` instructions.
    /// The main thread runs on the calling host thread; when it ends before the process does (it called
    /// exit(2), as pthread_exit does), this waits for the other threads.
    public func run(maxInstructions: UInt64? = nil) -> Termination {
        if let termination { return termination }
        // A broken pipe must reach the guest as EPIPE plus its own SIGPIPE disposition, not kill Morph.
        Glibc.signal(SIGPIPE, SIG_IGN)
        ThreadInterruption.install()
        installHostSignalHandlers()
        budget = maxInstructions ?? UInt64.max
        stateLock.withLock {
            mainThread.threadID = HostFunctions.shared.gettid()
            threads[mainThread.threadID] = mainThread
        }
        mainThread.runOnCurrentHostThread()
        let result = waitForEnd()
        if let tracer, case .signaled(let signal, _) = result { tracer.traceKilled(signal: signal) }
        return result
    }

    /// The instruction budget of each thread (`maxInstructions`).
    private(set) var budget = UInt64.max

    /// How the process ended, or nil while it runs.
    var termination: Termination? { stateLock.withLock { endedAs } }

    /// Ends the process (exit_group, a fatal signal, the last thread's exit, the instruction limit):
    /// the first end wins. Every thread stops at its next check; threads waiting on futexes are woken,
    /// those blocked in host calls interrupted. Returns whether this call ended it.
    @discardableResult
    func terminate(_ end: Termination) -> Bool {
        let first = stateLock.withLock {
            guard endedAs == nil else { return false }
            endedAs = end
            exitRequested.store(true, ordering: .releasing)
            stateChanged.broadcast()
            return true
        }
        if first { futexes.wakeEveryone() }
        return first
    }

    /// Waits until the process has ended and every other thread has stopped (threads blocked in a host
    /// call are interrupted again every 10 ms; after a second the rest are left to the host's exit).
    func waitForEnd() -> Termination {
        stateLock.lock()
        defer { stateLock.unlock() }
        while endedAs == nil { stateChanged.wait(stateLock) }
        var attempts = 0
        while runningHostThreads > 0, attempts < 100 {
            for thread in threads.values where thread !== mainThread { thread.interruptHostCall() }
            stateChanged.wait(stateLock, until: HostClock.adding(10_000_000, to: HostClock.now()))
            attempts += 1
        }
        return endedAs!
    }

    /// The one-line report of a fatal `signal` at `pc`.
    func report(_ signal: Int32, address: UInt64, pc: UInt64) -> String {
        var message = "morph: guest \(SignalState.name(of: signal)) at pc 0x\(String(pc, radix: 16)): "
            + instructionText(at: pc)
        switch signal {
        case SIGSEGV, SIGBUS: message += " (address 0x\(String(address, radix: 16)))"
        case SIGILL: message += " (illegal instruction)"
        case SIGTRAP: message += " (breakpoint)"
        default: break
        }
        return message
    }

    /// The instruction at `pc` disassembled, or a note that it cannot be read.
    func instructionText(at pc: UInt64) -> String {
        guard let low = space.load(pc, as: UInt16.self) else { return "<unreadable instruction>" }
        var word = UInt32(low)
        if low & 3 == 3 {
            guard let high = space.load(pc &+ 2, as: UInt16.self) else { return "<unreadable instruction>" }
            word |= UInt32(high) << 16
        }
        return Disassembler.text(ofWord: word, at: pc).replacingOccurrences(of: "\t", with: " ")
    }
}

extension String {
    /// `self` with every `target` replaced (without Foundation).
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
