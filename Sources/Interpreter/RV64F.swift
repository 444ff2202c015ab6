// RV64F semantics (The RISC-V Instruction Set Manual, Volume I, chapter 11 "F Standard Extension for
// Single-Precision Floating-Point"). The arithmetic itself, with exact flags, rounding and NaN rules,
// is MorphCore's FloatingPointUnit; this file moves operands and NaN-boxes results (11.2).
import MorphCore
import RISCV

/// Short name for MorphCore's floating-point unit in the semantics files.
typealias FPU = FloatingPointUnit
/// Short name for its round-to-nearest-even fast path (valid inside a run, see `Interpreter.execute`).
typealias Guest = GuestFloatingPointEnvironment

extension ExecutionContext {
    /// The rounding mode an instruction's `rm` field selects, or nil for a reserved one: "If frm is
    /// set to an invalid value (101-111), any subsequent attempt to execute a floating-point operation
    /// with a dynamic rounding mode will raise an illegal instruction exception."
    @inline(__always)
    func roundingMode(_ field: UInt8) -> RoundingMode? {
        RoundingMode(rawValue: field == 7 ? UInt8(truncatingIfNeeded: state.pointee.floatingPointRoundingMode) : field)
    }

    /// ORs exception flags into `fflags`.
    @inline(__always)
    func accrue(_ flags: FloatingPointFlags) {
        state.pointee.floatingPointFlags |= UInt64(flags.rawValue)
    }

    /// The single-precision value of f[index], NaN-boxing checked.
    @inline(__always)
    func single(_ index: UInt8) -> UInt32 { FPU.unboxS(f[Int(index)]) }

    /// Performs a single-precision computation; false if its rounding mode is reserved.
    @inline(__always)
    func executeSingle(_ i: Instruction) -> Bool {
        guard let mode = roundingMode(i.roundingMode) else { return false }
        var flags = FloatingPointFlags()
        let a = single(i.rs1), b = single(i.rs2), rd = Int(i.rd)
        // Round to nearest even runs in the guest environment the run loop entered (no MXCSR switch).
        let rne = mode == .nearestEven
        switch i.operation {
        case .faddS: f[rd] = FPU.boxS(rne ? Guest.faddS(a, b) : FPU.faddS(a, b, mode, &flags))
        case .fsubS: f[rd] = FPU.boxS(rne ? Guest.fsubS(a, b) : FPU.fsubS(a, b, mode, &flags))
        case .fmulS: f[rd] = FPU.boxS(rne ? Guest.fmulS(a, b) : FPU.fmulS(a, b, mode, &flags))
        case .fdivS: f[rd] = FPU.boxS(rne ? Guest.fdivS(a, b) : FPU.fdivS(a, b, mode, &flags))
        case .fsqrtS: f[rd] = FPU.boxS(rne ? Guest.fsqrtS(a) : FPU.fsqrtS(a, mode, &flags))
        case .fmaddS: f[rd] = FPU.boxS(rne
            ? Guest.fusedMultiplyAddS(a, b, single(i.rs3), negateProduct: false, negateAddend: false, &flags)
            : FPU.fmaddS(a, b, single(i.rs3), mode, &flags))
        case .fmsubS: f[rd] = FPU.boxS(rne
            ? Guest.fusedMultiplyAddS(a, b, single(i.rs3), negateProduct: false, negateAddend: true, &flags)
            : FPU.fmsubS(a, b, single(i.rs3), mode, &flags))
        case .fnmsubS: f[rd] = FPU.boxS(rne
            ? Guest.fusedMultiplyAddS(a, b, single(i.rs3), negateProduct: true, negateAddend: false, &flags)
            : FPU.fnmsubS(a, b, single(i.rs3), mode, &flags))
        case .fnmaddS: f[rd] = FPU.boxS(rne
            ? Guest.fusedMultiplyAddS(a, b, single(i.rs3), negateProduct: true, negateAddend: true, &flags)
            : FPU.fnmaddS(a, b, single(i.rs3), mode, &flags))
        case .fsgnjS: f[rd] = FPU.boxS(FPU.fsgnjS(a, b))
        case .fsgnjnS: f[rd] = FPU.boxS(FPU.fsgnjnS(a, b))
        case .fsgnjxS: f[rd] = FPU.boxS(FPU.fsgnjxS(a, b))
        case .fminS: f[rd] = FPU.boxS(FPU.fminS(a, b, &flags))
        case .fmaxS: f[rd] = FPU.boxS(FPU.fmaxS(a, b, &flags))
        case .fcvtWS: x[rd] = FPU.fcvtWS(a, mode, &flags)
        case .fcvtWUS: x[rd] = FPU.fcvtWUS(a, mode, &flags)
        case .fcvtLS: x[rd] = FPU.fcvtLS(a, mode, &flags)
        case .fcvtLUS: x[rd] = FPU.fcvtLUS(a, mode, &flags)
        // "FMV.X.W moves the single-precision value in floating-point register rs1 ... to the lower
        // 32 bits of integer register rd"; the bits are moved unchanged, not unboxed.
        case .fmvXW: x[rd] = IntegerArithmetic.signExtendWord(f[Int(i.rs1)])
        case .fclassS: x[rd] = FPU.fclassS(a)
        case .feqS: x[rd] = FPU.feqS(a, b, &flags)
        case .fltS: x[rd] = FPU.fltS(a, b, &flags)
        case .fleS: x[rd] = FPU.fleS(a, b, &flags)
        case .fcvtSW: f[rd] = FPU.boxS(FPU.fcvtSW(x[Int(i.rs1)], mode, &flags))
        case .fcvtSWU: f[rd] = FPU.boxS(FPU.fcvtSWU(x[Int(i.rs1)], mode, &flags))
        case .fcvtSL: f[rd] = FPU.boxS(FPU.fcvtSL(x[Int(i.rs1)], mode, &flags))
        case .fcvtSLU: f[rd] = FPU.boxS(FPU.fcvtSLU(x[Int(i.rs1)], mode, &flags))
        default: f[rd] = FPU.boxS(UInt32(truncatingIfNeeded: x[Int(i.rs1)]))  // fmv.w.x
        }
        accrue(flags)
        return true
    }

    /// Performs `flw`/`fsw`/`fld`/`fsd`; false if the address is outside guest memory.
    /// Stores write the register's bits unchanged ("FSW ... stores the bits without modification").
    @inline(__always)
    func executeFloatingPointMemory(_ i: Instruction) -> Bool {
        let address = effectiveAddress(i)
        switch i.operation {
        case .flw:
            guard let value = load(address, as: UInt32.self) else { return false }
            f[Int(i.rd)] = FPU.boxS(value)
        case .fld:
            guard let value = load(address, as: UInt64.self) else { return false }
            f[Int(i.rd)] = value
        case .fsw: return store(UInt32(truncatingIfNeeded: f[Int(i.rs2)]), at: address)
        default: return store(f[Int(i.rs2)], at: address)  // fsd
        }
        return true
    }
}
