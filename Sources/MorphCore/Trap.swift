// Why an engine stops, and the exception causes of the privileged architecture (The RISC-V Instruction
// Set Manual, Volume II, section 3.1.15 "Machine Cause Register (mcause)", table 3.6).
import RISCV

/// Synchronous exception causes, numbered as `mcause` reports them.
public enum ExceptionCause: UInt64, Sendable, CustomStringConvertible {
    /// Instruction address misaligned.
    case instructionAddressMisaligned = 0
    /// Instruction access fault.
    case instructionAccessFault = 1
    /// Illegal instruction.
    case illegalInstruction = 2
    /// Breakpoint (`ebreak`).
    case breakpoint = 3
    /// Load address misaligned.
    case loadAddressMisaligned = 4
    /// Load access fault.
    case loadAccessFault = 5
    /// Store/AMO address misaligned.
    case storeAddressMisaligned = 6
    /// Store/AMO access fault.
    case storeAccessFault = 7
    /// Environment call from U-mode.
    case environmentCallFromUser = 8
    /// Environment call from S-mode.
    case environmentCallFromSupervisor = 9
    /// Environment call from M-mode.
    case environmentCallFromMachine = 11
    /// Instruction page fault.
    case instructionPageFault = 12
    /// Load page fault.
    case loadPageFault = 13
    /// Store/AMO page fault.
    case storePageFault = 15

    /// The manual's name for the cause.
    public var description: String {
        switch self {
        case .instructionAddressMisaligned: "instruction address misaligned"
        case .instructionAccessFault: "instruction access fault"
        case .illegalInstruction: "illegal instruction"
        case .breakpoint: "breakpoint"
        case .loadAddressMisaligned: "load address misaligned"
        case .loadAccessFault: "load access fault"
        case .storeAddressMisaligned: "store address misaligned"
        case .storeAccessFault: "store access fault"
        case .environmentCallFromUser: "environment call from U-mode"
        case .environmentCallFromSupervisor: "environment call from S-mode"
        case .environmentCallFromMachine: "environment call from M-mode"
        case .instructionPageFault: "instruction page fault"
        case .loadPageFault: "load page fault"
        case .storePageFault: "store page fault"
        }
    }
}

/// Why an engine returned control to its environment. The hart's `pc` names the instruction concerned
/// (not yet executed, except for `.instructionLimit` where it is the next one to run).
public enum StopReason: Sendable, Equatable {
    /// `ecall`: the environment performs the call and advances `pc` by 4.
    case environmentCall
    /// A synchronous exception with its `tval` (faulting address or instruction bits).
    case exception(ExceptionCause, value: UInt64)
    /// An instruction the engine leaves to the environment (CSR access, `mret`, `sret`, `wfi`,
    /// `sfence.vma`); the environment executes it and advances `pc`.
    case systemInstruction(Instruction)
    /// The instruction budget of this run is used up.
    case instructionLimit
    /// A host fault (SIGSEGV or SIGBUS) on a guest access inside the memory window's reservation,
    /// caught by the engine itself: `address` is the guest address, `pc` the faulting instruction.
    case hostFault(signal: Int32, address: UInt64)
    /// The engine cannot go on (the translator's `--verify` found a block that disagrees with the
    /// interpreter): `message` says where and how.
    case engineFailure(message: String)
}
