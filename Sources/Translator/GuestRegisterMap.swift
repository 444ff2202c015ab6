// Where each guest register lives while generated code runs (see ../shared/guide/PERFORMANCE.md,
// technique 3): the most used integer registers in host registers, the rest in the hart state.
import MorphCore
import X86

/// The fixed assignment of guest integer registers to host registers, and the host registers generated
/// code reserves.
///
/// Pinned: ra, sp, s0 and a0-a5. rax, rcx and rdx are scratch; r13 holds the instruction budget (a
/// register, not a memory word: a block's entry check `sub r13, n; jb` would otherwise chain every block
/// through a store-to-load dependency), r14 the guest memory base and r15 the hart state (biased by 128
/// so every x register is a one-byte displacement away). rsp stays the host stack.
enum GuestRegisterMap {
    /// The host register holding the hart state address plus `stateBias`.
    static let state = Register.r15
    /// The host register holding the host address of guest address 0 (the window's host base minus its
    /// guest base).
    static let memory = Register.r14
    /// The host register holding the instruction budget while generated code runs (the budget word of
    /// the hart state holds it outside).
    static let budget = Register.r13
    /// `state` points this many bytes past the start of `HartState`.
    static let stateBias = 128

    /// Guest register index -> pinned host register.
    static let pinned: [(guest: Int, host: Register)] = [
        (1, .rbx), (2, .rbp), (8, .r12), (10, .rdi), (11, .rsi),
        (12, .r8), (13, .r9), (14, .r10), (15, .r11),
    ]

    /// Floating-point register index -> pinned xmm register (xmm0 and xmm1 stay scratch): the argument
    /// and saved registers fa0-fa7, fs0-fs3 and ft0-ft1, by static frequency in the benchmark binaries.
    static let floatPinned: [(guest: Int, host: XMMRegister)] = [
        (10, .xmm2), (11, .xmm3), (12, .xmm4), (13, .xmm5), (14, .xmm6), (15, .xmm7), (16, .xmm8), (17, .xmm9),
        (8, .xmm10), (9, .xmm11), (18, .xmm12), (19, .xmm13), (0, .xmm14), (1, .xmm15),
    ]

    /// The xmm register of each floating-point register, nil when it lives in memory.
    static let floatHostRegister: [XMMRegister?] = {
        var table = [XMMRegister?](repeating: nil, count: 32)
        for (guest, host) in floatPinned { table[guest] = host }
        return table
    }()

    /// Host register of each guest register 0...32, nil when it lives in memory.
    static let hostRegister: [Register?] = {
        var table = [Register?](repeating: nil, count: 33)
        for (guest, host) in pinned { table[guest] = host }
        return table
    }()

    /// Pinned host registers the C calling convention lets a callee clobber.
    static let callerSaved: [(guest: Int, host: Register)] = pinned.filter {
        [Register.rsi, .rdi, .r8, .r9, .r10, .r11].contains($0.host)
    }

    /// The memory operand of integer register `index` in the hart state.
    static func slot(_ index: Int) -> MemoryOperand {
        .base(state, Int32(HartState.integerRegistersOffset + 8 * index - stateBias))
    }

    /// The memory operand of floating-point register `index`.
    static func floatSlot(_ index: Int) -> MemoryOperand {
        .base(state, Int32(HartState.floatRegistersOffset + 8 * index - stateBias))
    }

    /// The upper 32 bits of floating-point register `index` (all ones when it holds a NaN-boxed single).
    static func floatSlotUpperHalf(_ index: Int) -> MemoryOperand {
        .base(state, Int32(HartState.floatRegistersOffset + 8 * index + 4 - stateBias))
    }

    /// The memory operand of a `HartState` field at byte offset `offset`.
    static func field(_ offset: Int) -> MemoryOperand {
        .base(state, Int32(offset - stateBias))
    }

    /// The memory operand of translator scratch word `index`.
    static func scratch(_ index: ScratchWord) -> MemoryOperand {
        field(HartState.translatorScratchOffset + 8 * index.rawValue)
    }
}

/// The translator's words in `HartState.translatorScratch`.
enum ScratchWord: Int {
    /// Instructions the current run may still retire (in `GuestRegisterMap.budget` while generated code
    /// runs); blocks subtract their length on entry.
    case budget = 0
    /// An exit's value: the exception's `tval`, the host fault's guest address, or the chain site.
    case exitValue = 1
    /// An exit's cause: the exception cause or the host signal.
    case exitCause = 2
    /// The host address of the indirect-branch lookup table.
    case lookupTable = 3
    /// The guest memory window's size.
    case windowSize = 4
    /// The guest memory window's first guest address.
    case windowBase = 5
    /// Room for `stmxcsr`/`ldmxcsr` (fflags accesses).
    case mxcsr = 6
    /// The host stack pointer when generated code was entered: the bottom of the return stack, to which
    /// every exit resets it.
    case returnStackBase = 7
    /// The lowest host stack pointer the return stack may reach (`returnStackBase` less its capacity).
    case returnStackLimit = 8
}

/// Why generated code returned to the dispatcher (the value in eax).
enum ExitReason: UInt32 {
    /// A direct exit whose target block is not linked yet: pc is the target, `exitValue` the rel32 field
    /// to patch.
    case chain = 0
    /// An indirect jump whose target missed the lookup table: pc is the target.
    case indirect = 1
    /// The budget cannot pay for the block at pc.
    case budget = 2
    /// The instruction at pc is left to the interpreter.
    case fallback = 3
    /// An exception at pc (`exitCause`, `exitValue`).
    case exception = 4
    /// A host fault at pc (`exitCause` = signal, `exitValue` = guest address).
    case hostFault = 5
    /// The block at pc found its guest code changed (a checked block of a page written too often to
    /// protect).
    case codeChanged = 6
    /// The interpreter runs the rest of the block from pc (`exitValue` instructions): a dynamic rounding
    /// mode other than round-to-nearest-even, which the block's inline arithmetic assumes.
    case interpret = 7
}
