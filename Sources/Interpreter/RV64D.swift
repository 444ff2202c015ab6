// RV64D semantics (The RISC-V Instruction Set Manual, Volume I, chapter 12 "D Standard Extension for
// Double-Precision Floating-Point"). The arithmetic is MorphCore's FloatingPointUnit, and its
// GuestFloatingPointEnvironment for round to nearest even.
import MorphCore
import RISCV

extension ExecutionContext {
    /// Performs a double-precision computation; false if its rounding mode is reserved.
    @inline(__always)
    func executeDouble(_ i: Instruction) -> Bool {
        guard let mode = roundingMode(i.roundingMode) else { return false }
        var flags = FloatingPointFlags()
        let a = f[Int(i.rs1)], b = f[Int(i.rs2)], rd = Int(i.rd)
        // Round to nearest even runs in the guest environment the run loop entered (no MXCSR switch).
        let rne = mode == .nearestEven
        switch i.operation {
        case .faddD: f[rd] = rne ? Guest.faddD(a, b) : FPU.faddD(a, b, mode, &flags)
        case .fsubD: f[rd] = rne ? Guest.fsubD(a, b) : FPU.fsubD(a, b, mode, &flags)
        case .fmulD: f[rd] = rne ? Guest.fmulD(a, b) : FPU.fmulD(a, b, mode, &flags)
        case .fdivD: f[rd] = rne ? Guest.fdivD(a, b) : FPU.fdivD(a, b, mode, &flags)
        case .fsqrtD: f[rd] = rne ? Guest.fsqrtD(a) : FPU.fsqrtD(a, mode, &flags)
        case .fmaddD: f[rd] = rne ? Guest.fusedMultiplyAddD(a, b, f[Int(i.rs3)], negateProduct: false, negateAddend: false, &flags)
            : FPU.fmaddD(a, b, f[Int(i.rs3)], mode, &flags)
        case .fmsubD: f[rd] = rne ? Guest.fusedMultiplyAddD(a, b, f[Int(i.rs3)], negateProduct: false, negateAddend: true, &flags)
            : FPU.fmsubD(a, b, f[Int(i.rs3)], mode, &flags)
        case .fnmsubD: f[rd] = rne ? Guest.fusedMultiplyAddD(a, b, f[Int(i.rs3)], negateProduct: true, negateAddend: false, &flags)
            : FPU.fnmsubD(a, b, f[Int(i.rs3)], mode, &flags)
        case .fnmaddD: f[rd] = rne ? Guest.fusedMultiplyAddD(a, b, f[Int(i.rs3)], negateProduct: true, negateAddend: true, &flags)
            : FPU.fnmaddD(a, b, f[Int(i.rs3)], mode, &flags)
        case .fsgnjD: f[rd] = FPU.fsgnjD(a, b)
        case .fsgnjnD: f[rd] = FPU.fsgnjnD(a, b)
        case .fsgnjxD: f[rd] = FPU.fsgnjxD(a, b)
        case .fminD: f[rd] = FPU.fminD(a, b, &flags)
        case .fmaxD: f[rd] = FPU.fmaxD(a, b, &flags)
        case .fcvtSD: f[rd] = FPU.boxS(FPU.fcvtSD(a, mode, &flags))
        case .fcvtDS: f[rd] = FPU.fcvtDS(single(i.rs1), mode, &flags)
        case .feqD: x[rd] = FPU.feqD(a, b, &flags)
        case .fltD: x[rd] = FPU.fltD(a, b, &flags)
        case .fleD: x[rd] = FPU.fleD(a, b, &flags)
        case .fclassD: x[rd] = FPU.fclassD(a)
        case .fcvtWD: x[rd] = FPU.fcvtWD(a, mode, &flags)
        case .fcvtWUD: x[rd] = FPU.fcvtWUD(a, mode, &flags)
        case .fcvtLD: x[rd] = FPU.fcvtLD(a, mode, &flags)
        case .fcvtLUD: x[rd] = FPU.fcvtLUD(a, mode, &flags)
        case .fmvXD: x[rd] = a
        case .fcvtDW: f[rd] = FPU.fcvtDW(x[Int(i.rs1)], mode, &flags)
        case .fcvtDWU: f[rd] = FPU.fcvtDWU(x[Int(i.rs1)], mode, &flags)
        case .fcvtDL: f[rd] = FPU.fcvtDL(x[Int(i.rs1)], mode, &flags)
        case .fcvtDLU: f[rd] = FPU.fcvtDLU(x[Int(i.rs1)], mode, &flags)
        default: f[rd] = x[Int(i.rs1)]  // fmv.d.x
        }
        accrue(flags)
        return true
    }
}
