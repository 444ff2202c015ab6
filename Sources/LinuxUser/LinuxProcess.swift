// A Linux user-mode process: one guest address space, one hart, its execution engine, and the system call
// layer (see ../shared/guide/ARCHITECTURE.md, "User-mode memory" and "The command line"; Linux
// execve(2) for the process image, signal(7) for how faults end a program).
//
// Reading guide: `init` loads the program (ProgramLoader) into a fresh AddressSpace; `run` executes
// slices of guest instructions under the host fault guard (FaultGuard) and handles each stop: an
// `ecall` goes to `handleSystemCall` (SyscallDispatch.swift, which routes to FileSyscalls.swift,
// MemorySyscalls.swift, ProcessSyscalls.swift, TimeSyscalls.swift, FutexSyscalls.swift and
// SignalSyscalls.swift); an exception or a host fault becomes the signal Linux would send, delivered
// to the guest's handler or ending the program (SignalDelivery.swift).
import ELF
import Glibc
import MorphCore
import RISCV

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

    /// Default options.
    public init() {}
}

/// One guest process.
public final class LinuxProcess {
    /// The guest address space (and its host reservation).
    public let space: AddressSpace
    /// The guest memory window.
    public var memory: GuestMemory { space.memory }
    /// The one hart (thread) of the process.
    public let hart: Hart
    /// The engine that runs the hart.
    public let engine: any ExecutionEngine
    /// The path the program was started as.
    public let programPath: String
    /// Where the program was loaded.
    public let program: LoadedProgram
    /// The options it runs with.
    public let options: ProcessOptions
    /// Where absolute guest paths are looked up first (`options.sysroot`, made absolute at start).
    let sysrootResolver: SysrootPathResolver

    /// Set by `exit`/`exit_group` or a fatal signal raised by a system call.
    var termination: Termination?
    /// Signal dispositions and mask (SignalSyscalls.swift).
    var signals = SignalState.inherited()
    /// `set_tid_address` and `set_robust_list` pointers (kept, unused: one thread).
    var clearChildThreadID: UInt64 = 0
    /// The `set_robust_list` head and length.
    var robustList: (head: UInt64, length: UInt64) = (0, 0)
    /// Resource limits the guest set that must not apply to the emulator itself (RLIMIT_AS, DATA, STACK).
    var emulatedLimits: [Int32: (current: UInt64, maximum: UInt64)] = [:]
    /// Formats `--strace` lines.
    let tracer: SyscallTracer?
    /// Where signal handlers return to (the rt_sigreturn trampoline page).
    let signalTrampoline: UInt64

    /// Guest addresses span `1 << 38` bytes (256 GiB), the user half of Sv39.
    public static let windowSize: UInt64 = 1 << 38

    /// The guarded run's parameters and result, kept at a fixed address for the C fault guard.
    private let guardedRun: UnsafeMutablePointer<GuardedRun>

    /// Loads `path` with `arguments` (argv, including argv[0]) and `environment` (`NAME=value`).
    /// `engine` makes the execution engine (the environment does not choose one).
    public init(path: String, arguments: [String], environment: [String],
                options: ProcessOptions = ProcessOptions(), engine makeEngine: EngineFactory) throws(LoadError) {
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
        hart = Hart()
        hart.pc = program.entry
        hart[x: 2] = program.stackPointer
        let engine = makeEngine(EngineConfiguration(hart: hart, memory: memory, mode: .user, codeAccess: space))
        self.engine = engine
        space.beforeHostWrite = { [unowned engine] start, end in engine.prepareForHostWrite(from: start, to: end) }
        programPath = path
        self.options = options
        tracer = options.traceSystemCalls ? SyscallTracer(descriptor: options.traceDescriptor) : nil
        guardedRun = .allocate(capacity: 1)
        guardedRun.initialize(to: GuardedRun(engine: engine, limit: 0, reason: .instructionLimit))
    }

    deinit {
        guardedRun.deinitialize(count: 1)
        guardedRun.deallocate()
    }

    /// Guest instructions per engine run between checks (a run also ends at every system call).
    static let sliceLength: UInt64 = 1 << 24

    /// Runs the program until it exits, is killed, or has executed `maxInstructions` instructions.
    public func run(maxInstructions: UInt64? = nil) -> Termination {
        let result = runSlices(maxInstructions: maxInstructions)
        if let tracer, case .signaled(let signal, _) = result { tracer.traceKilled(signal: signal) }
        return result
    }

    private func runSlices(maxInstructions: UInt64?) -> Termination {
        if let termination { return termination }
        // A broken pipe must reach the guest as EPIPE plus its own SIGPIPE disposition, not kill Morph.
        Glibc.signal(SIGPIPE, SIG_IGN)
        let budget = maxInstructions ?? UInt64.max
        while true {
            let executed = engine.executedInstructions
            guard executed < budget else {
                termination = .instructionLimit(pc: hart.pc)
                return termination!
            }
            guardedRun.pointee.limit = min(budget - executed, LinuxProcess.sliceLength)
            var faultAddress: UInt64 = 0
            let signal = FaultGuard.run(guardedRun, window: memory, faultAddress: &faultAddress)
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
                if let termination { return termination }
                if advance { hart.pc &+= 4 }
                engine.retire(1)  // the ecall is complete
                if signals.pending != 0 {
                    deliverPendingSignals()
                    if let termination { return termination }
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

    private func finish(_ end: Termination) -> Termination {
        termination = end
        return end
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
        let pc = hart.pc
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
