// The exact software path of RISC-V floating point (RISC-V Unprivileged ISA, chapters "F" and "D"), as
// implemented in CMorphSupport's MorphFloatingPoint.c. FloatingPointUnit uses it for results rounded to
// nearest with ties to max magnitude (RMM), which x86 cannot produce; it is correct in every rounding mode,
// so tests, and an engine's differential mode, can check the hardware path against it.
import CMorphSupport

/// The integer formats of the fcvt instructions.
package enum FloatingPointIntegerKind: UInt32, Sendable, CaseIterable {
    /// Signed 32-bit (`w`); results are sign-extended to 64 bits.
    case w = 0
    /// Unsigned 32-bit (`wu`); results are sign-extended from bit 31 too.
    case wu = 1
    /// Signed 64-bit (`l`).
    case l = 2
    /// Unsigned 64-bit (`lu`).
    case lu = 3
}

/// Exact software floating point, in every rounding mode. Arithmetic operands must be finite (no NaN, no
/// infinity) and a divisor must not be zero; conversions from and to integers accept anything.
package enum FloatingPointReference {
    /// a + b in double precision.
    package static func faddD(_ a: UInt64, _ b: UInt64, _ mode: RoundingMode,
                              _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_soft_fadd_d(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// a * b in double precision.
    package static func fmulD(_ a: UInt64, _ b: UInt64, _ mode: RoundingMode,
                              _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_soft_fmul_d(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// a / b in double precision.
    package static func fdivD(_ a: UInt64, _ b: UInt64, _ mode: RoundingMode,
                              _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_soft_fdiv_d(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// a * b + c in double precision, rounded once.
    package static func fmaddD(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ mode: RoundingMode,
                               _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_soft_fma_d(a, b, c, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// a + b in single precision.
    package static func faddS(_ a: UInt32, _ b: UInt32, _ mode: RoundingMode,
                              _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_soft_fadd_s(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// a * b in single precision.
    package static func fmulS(_ a: UInt32, _ b: UInt32, _ mode: RoundingMode,
                              _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_soft_fmul_s(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// a / b in single precision.
    package static func fdivS(_ a: UInt32, _ b: UInt32, _ mode: RoundingMode,
                              _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_soft_fdiv_s(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// a * b + c in single precision, rounded once.
    package static func fmaddS(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ mode: RoundingMode,
                               _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_soft_fma_s(a, b, c, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.s.d: double to single.
    package static func fcvtSD(_ a: UInt64, _ mode: RoundingMode, _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_soft_fcvt_s_d(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.{w,wu,l,lu}.d: double to an integer register value, saturating.
    package static func fcvtIntegerD(_ a: UInt64, _ kind: FloatingPointIntegerKind, _ mode: RoundingMode,
                                     _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_soft_fcvt_int_d(a, kind.rawValue, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.{w,wu,l,lu}.s: single to an integer register value, saturating.
    package static func fcvtIntegerS(_ a: UInt32, _ kind: FloatingPointIntegerKind, _ mode: RoundingMode,
                                     _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_soft_fcvt_int_d(morph_widen_s(a), kind.rawValue, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.d.{w,wu,l,lu}: an integer register value to double.
    package static func fcvtDInteger(_ x: UInt64, _ kind: FloatingPointIntegerKind, _ mode: RoundingMode,
                                     _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_soft_fcvt_d_int(x, kind.rawValue, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.s.{w,wu,l,lu}: an integer register value to single.
    package static func fcvtSInteger(_ x: UInt64, _ kind: FloatingPointIntegerKind, _ mode: RoundingMode,
                                     _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_soft_fcvt_s_int(x, kind.rawValue, UInt32(mode.rawValue), &flags.rawValue)
    }
}

extension FloatingPointReference {
    /// The calling thread's x86 MXCSR register. Every FloatingPointUnit operation must leave it unchanged
    /// (round to nearest, exceptions masked, and the caller's own sticky flags).
    package static func hostControlRegister() -> UInt32 {
        morph_read_mxcsr()
    }
}
