// Which instructions the translator translates, which end a block and which stay with the interpreter
// (see ../shared/guide/ARCHITECTURE.md, "Engines": the translator exits to the dispatcher only for what it
// does not translate). The per-instruction table, `kind(of:mode:)`, `emit(_:)` and `registerUse(of:)`,
// is generated from Scripts/instructions.txt into InstructionDispatch.generated.swift.
import Interpreter
import MorphCore
import RISCV

/// How the translator treats an instruction.
enum TranslationKind {
    /// Translated inline; the block goes on after it.
    case straightLine
    /// Translated inline and ends the block (a jump or branch).
    case transfer
    /// Left to the interpreter: ends the block before it (ecall, ebreak, CSRs other than fflags, frm
    /// and fcsr in user mode, fence.i, AMO min/max with rs2 in the hart state, privileged and illegal
    /// instructions, floating point in system mode).
    case interpreter
}
