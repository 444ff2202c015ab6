// Instruction semantics the dynamic binary translator calls from generated code instead of repeating
// them: F and D computations (The RISC-V Instruction Set Manual, Volume I, chapters 11 and 12), with the
// interpreter's exact rounding, flags and NaN rules, so the two engines cannot drift apart.
import MorphCore
import RISCV

/// Entry points generated code calls with the C calling convention.
package enum TranslatorHelpers {
    /// Performs one F or D computation (not a load or store) on the hart state `state`; returns 0, or 1
    /// when the instruction is illegal (a reserved rounding mode). Valid inside a run, whose guest
    /// floating-point environment is entered (see `GuestFloatingPointEnvironment`).
    package static let floatingPoint: @convention(c) (UnsafeMutableRawPointer, UnsafeRawPointer) -> UInt64 = {
        state, instruction in
        let hart = state.assumingMemoryBound(to: HartState.self)
        let context = ExecutionContext(
            x: (state + HartState.integerRegistersOffset).assumingMemoryBound(to: UInt64.self),
            f: (state + HartState.floatRegistersOffset).assumingMemoryBound(to: UInt64.self),
            state: hart, data: FlatDataMemory(memory: state, guestBase: 0, size: 0))
        let decoded = instruction.load(as: Instruction.self)
        switch decoded.operation {
        case .fmaddS, .fmsubS, .fnmsubS, .fnmaddS, .faddS, .fsubS, .fmulS, .fdivS, .fsqrtS, .fsgnjS, .fsgnjnS,
             .fsgnjxS, .fminS, .fmaxS, .fcvtWS, .fcvtWUS, .fcvtLS, .fcvtLUS, .fmvXW, .fclassS, .feqS, .fltS,
             .fleS, .fcvtSW, .fcvtSWU, .fcvtSL, .fcvtSLU, .fmvWX:
            return context.executeSingle(decoded) ? 0 : 1
        default:
            return context.executeDouble(decoded) ? 0 : 1
        }
    }

    /// Whether `instruction` is a CSR instruction on fflags, frm or fcsr (which the translator performs
    /// inline in user mode).
    package static func isFloatingPointControl(_ instruction: Instruction) -> Bool {
        switch instruction.operation {
        case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
            return (1...3).contains(instruction.immediate)
        default:
            return false
        }
    }

    /// Whether the translator may hand `operation` to `floatingPoint`.
    package static func isFloatingPointComputation(_ operation: Operation) -> Bool {
        switch operation {
        case .fmaddS, .fmsubS, .fnmsubS, .fnmaddS, .faddS, .fsubS, .fmulS, .fdivS, .fsqrtS, .fsgnjS, .fsgnjnS,
             .fsgnjxS, .fminS, .fmaxS, .fcvtWS, .fcvtWUS, .fcvtLS, .fcvtLUS, .fmvXW, .fclassS, .feqS, .fltS,
             .fleS, .fcvtSW, .fcvtSWU, .fcvtSL, .fcvtSLU, .fmvWX,
             .fmaddD, .fmsubD, .fnmsubD, .fnmaddD, .faddD, .fsubD, .fmulD, .fdivD, .fsqrtD, .fsgnjD, .fsgnjnD,
             .fsgnjxD, .fminD, .fmaxD, .fcvtSD, .fcvtDS, .feqD, .fltD, .fleD, .fclassD, .fcvtWD, .fcvtWUD,
             .fcvtLD, .fcvtLUD, .fmvXD, .fcvtDW, .fcvtDWU, .fcvtDL, .fcvtDLU, .fmvDX:
            true
        default:
            false
        }
    }
}
