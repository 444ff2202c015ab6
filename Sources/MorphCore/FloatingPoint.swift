// RISC-V floating point: the "F" (single-precision) and "D" (double-precision) standard extensions of the
// RISC-V Unprivileged ISA: rounding modes, accrued exception flags, NaN boxing, and the double-precision
// operations. Single precision is in FloatingPointSingle.swift.
//
// The arithmetic runs on the host's SSE/FMA3 through CMorphSupport (C with inline assembly), because Swift
// and LLVM do not honour a floating-point environment: they may move or fold a floating-point operation
// across a change of the MXCSR rounding mode and never read its flags. See MorphFloatingPoint.h for every
// place where x86 and RISC-V differ and how each is fixed. Operations that are pure bit manipulation
// (sign injection, classification, NaN boxing) and the comparisons live here in Swift.
import CMorphSupport

/// A RISC-V rounding mode, encoded as in the `rm` instruction field and the `frm` CSR.
///
/// The reserved encodings (5 and 6) and DYN (7) are not cases: the caller resolves DYN from `frm` and
/// treats a reserved mode as an illegal instruction.
public enum RoundingMode: UInt8, Sendable {
    /// RNE: round to nearest, ties to even.
    case nearestEven = 0
    /// RTZ: round towards zero.
    case towardZero = 1
    /// RDN: round down (towards negative infinity).
    case down = 2
    /// RUP: round up (towards positive infinity).
    case up = 3
    /// RMM: round to nearest, ties to max magnitude (away from zero).
    case nearestMaxMagnitude = 4
}

/// The RISC-V accrued exception flags, laid out as the `fflags` CSR (bits 4-0 of `fcsr`).
public struct FloatingPointFlags: OptionSet, Sendable, Hashable {
    /// The `fflags` bits.
    public var rawValue: UInt8

    /// Creates flags from `fflags` bits.
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// NX: the rounded result differs from the exact result.
    public static let inexact = FloatingPointFlags(rawValue: 1)
    /// UF: the result is tiny (detected after rounding) and inexact.
    public static let underflow = FloatingPointFlags(rawValue: 2)
    /// OF: the rounded result's magnitude exceeds the largest finite number.
    public static let overflow = FloatingPointFlags(rawValue: 4)
    /// DZ: a finite nonzero number divided by zero.
    public static let divideByZero = FloatingPointFlags(rawValue: 8)
    /// NV: invalid operation (signalling NaN input, inf - inf, 0 * inf, 0 / 0, sqrt of a negative number,
    /// an unrepresentable float-to-integer conversion, an ordered comparison with a NaN).
    public static let invalid = FloatingPointFlags(rawValue: 16)
}

/// The RISC-V floating-point unit: every F and D instruction's exact semantics, as static functions on raw
/// IEEE 754 bit patterns.
///
/// Double-precision operands and results are `UInt64` bits; single-precision ones are `UInt32` bits,
/// already unboxed (see ``unboxS(_:)``; the caller boxes results with ``boxS(_:)``). Integer operands and
/// results are integer register values (`UInt64`). Exception flags raised by an operation are OR-ed into
/// `flags`, as into `fflags`. Every NaN result is the canonical NaN.
public enum FloatingPointUnit {
    /// The canonical double-precision NaN: positive, only the quiet bit set.
    public static let canonicalNaND: UInt64 = 0x7ff8_0000_0000_0000
    /// The canonical single-precision NaN.
    public static let canonicalNaNS: UInt32 = 0x7fc0_0000

    @usableFromInline static let signD: UInt64 = 0x8000_0000_0000_0000

    // MARK: NaN boxing

    /// NaN-boxes a single-precision value for a 64-bit `f` register: the upper 32 bits all ones.
    @inlinable public static func boxS(_ value: UInt32) -> UInt64 {
        0xffff_ffff_0000_0000 | UInt64(value)
    }

    /// Reads a single-precision operand from a 64-bit `f` register: "if a narrower n-bit value is not a
    /// legal NaN-boxed value, it is treated as the canonical NaN" (upper 32 bits not all ones).
    @inlinable public static func unboxS(_ register: UInt64) -> UInt32 {
        register >> 32 == 0xffff_ffff ? UInt32(truncatingIfNeeded: register) : canonicalNaNS
    }

    // MARK: Classification helpers

    /// Whether the double-precision bits are a NaN.
    @inlinable public static func isNaND(_ a: UInt64) -> Bool {
        a & 0x7fff_ffff_ffff_ffff > 0x7ff0_0000_0000_0000
    }

    /// Whether the double-precision bits are a signalling NaN (quiet bit, fraction bit 51, clear).
    @inlinable public static func isSignalingNaND(_ a: UInt64) -> Bool {
        isNaND(a) && a & 0x0008_0000_0000_0000 == 0
    }

    // MARK: Arithmetic

    /// fadd.d: a + b.
    @inlinable public static func faddD(_ a: UInt64, _ b: UInt64, _ mode: RoundingMode,
                                        _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fadd_d(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fsub.d: a - b.
    @inlinable public static func fsubD(_ a: UInt64, _ b: UInt64, _ mode: RoundingMode,
                                        _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fsub_d(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fmul.d: a * b.
    @inlinable public static func fmulD(_ a: UInt64, _ b: UInt64, _ mode: RoundingMode,
                                        _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fmul_d(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fdiv.d: a / b.
    @inlinable public static func fdivD(_ a: UInt64, _ b: UInt64, _ mode: RoundingMode,
                                        _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fdiv_d(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fsqrt.d: the square root of a.
    @inlinable public static func fsqrtD(_ a: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fsqrt_d(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fmadd.d: (a * b) + c, rounded once.
    @inlinable public static func fmaddD(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fma_d(a, b, c, 0, 0, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fmsub.d: (a * b) - c, rounded once.
    @inlinable public static func fmsubD(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fma_d(a, b, c, 0, 1, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fnmsub.d: -(a * b) + c, rounded once.
    @inlinable public static func fnmsubD(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fma_d(a, b, c, 1, 0, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fnmadd.d: -(a * b) - c, rounded once.
    @inlinable public static func fnmaddD(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fma_d(a, b, c, 1, 1, UInt32(mode.rawValue), &flags.rawValue)
    }

    // MARK: Minimum and maximum

    /// fmin.d: IEEE 754-2019 minimumNumber. -0 is less than +0; one NaN operand gives the other operand,
    /// two give the canonical NaN; "signaling NaN inputs set the invalid operation exception flag, even
    /// when the result is not NaN".
    @inlinable public static func fminD(_ a: UInt64, _ b: UInt64, _ flags: inout FloatingPointFlags) -> UInt64 {
        if isSignalingNaND(a) || isSignalingNaND(b) { flags.insert(.invalid) }
        if isNaND(a) { return isNaND(b) ? canonicalNaND : b }
        if isNaND(b) { return a }
        let x = Double(bitPattern: a), y = Double(bitPattern: b)
        if x < y { return a }
        if y < x { return b }
        return a | b   // equal: the same bits, or zeros of which -0 is the smaller
    }

    /// fmax.d: IEEE 754-2019 maximumNumber; see ``fminD(_:_:_:)``.
    @inlinable public static func fmaxD(_ a: UInt64, _ b: UInt64, _ flags: inout FloatingPointFlags) -> UInt64 {
        if isSignalingNaND(a) || isSignalingNaND(b) { flags.insert(.invalid) }
        if isNaND(a) { return isNaND(b) ? canonicalNaND : b }
        if isNaND(b) { return a }
        let x = Double(bitPattern: a), y = Double(bitPattern: b)
        if x > y { return a }
        if y > x { return b }
        return a & b   // equal: the same bits, or zeros of which +0 is the larger
    }

    // MARK: Comparisons

    /// feq.d: 1 if a = b (-0 = +0), else 0. A quiet comparison: NV only for a signalling NaN operand.
    @inlinable public static func feqD(_ a: UInt64, _ b: UInt64, _ flags: inout FloatingPointFlags) -> UInt64 {
        if isNaND(a) || isNaND(b) {
            if isSignalingNaND(a) || isSignalingNaND(b) { flags.insert(.invalid) }
            return 0
        }
        return Double(bitPattern: a) == Double(bitPattern: b) ? 1 : 0
    }

    /// flt.d: 1 if a < b, else 0. A signalling comparison: NV for any NaN operand.
    @inlinable public static func fltD(_ a: UInt64, _ b: UInt64, _ flags: inout FloatingPointFlags) -> UInt64 {
        if isNaND(a) || isNaND(b) {
            flags.insert(.invalid)
            return 0
        }
        return Double(bitPattern: a) < Double(bitPattern: b) ? 1 : 0
    }

    /// fle.d: 1 if a <= b, else 0. A signalling comparison: NV for any NaN operand.
    @inlinable public static func fleD(_ a: UInt64, _ b: UInt64, _ flags: inout FloatingPointFlags) -> UInt64 {
        if isNaND(a) || isNaND(b) {
            flags.insert(.invalid)
            return 0
        }
        return Double(bitPattern: a) <= Double(bitPattern: b) ? 1 : 0
    }

    // MARK: Classification and sign injection

    /// fclass.d: a 10-bit mask with exactly one bit set: 0 -inf, 1 negative normal, 2 negative subnormal,
    /// 3 -0, 4 +0, 5 positive subnormal, 6 positive normal, 7 +inf, 8 signalling NaN, 9 quiet NaN.
    @inlinable public static func fclassD(_ a: UInt64) -> UInt64 {
        let negative = a >> 63 != 0
        let exponent = (a >> 52) & 0x7ff
        let fraction = a & 0x000f_ffff_ffff_ffff
        if exponent == 0x7ff {
            if fraction == 0 { return negative ? 1 << 0 : 1 << 7 }
            return fraction & 0x0008_0000_0000_0000 != 0 ? 1 << 9 : 1 << 8
        }
        if exponent == 0 {
            if fraction == 0 { return negative ? 1 << 3 : 1 << 4 }
            return negative ? 1 << 2 : 1 << 5
        }
        return negative ? 1 << 1 : 1 << 6
    }

    /// fsgnj.d: a's magnitude with b's sign. No flags, NaNs are not canonicalized.
    @inlinable public static func fsgnjD(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (a & ~signD) | (b & signD)
    }

    /// fsgnjn.d: a's magnitude with the opposite of b's sign.
    @inlinable public static func fsgnjnD(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (a & ~signD) | (~b & signD)
    }

    /// fsgnjx.d: a with its sign XOR-ed with b's sign.
    @inlinable public static func fsgnjxD(_ a: UInt64, _ b: UInt64) -> UInt64 {
        a ^ (b & signD)
    }

    // MARK: Conversions to integers

    /// fcvt.w.d: to a signed 32-bit integer, sign-extended. Saturates with NV (NaN gives 2^31-1).
    @inlinable public static func fcvtWD(_ a: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_w_d(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.wu.d: to an unsigned 32-bit integer, sign-extended from bit 31 (2^32-1 reads as all ones).
    @inlinable public static func fcvtWUD(_ a: UInt64, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_wu_d(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.l.d: to a signed 64-bit integer. Saturates with NV (NaN gives 2^63-1).
    @inlinable public static func fcvtLD(_ a: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_l_d(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.lu.d: to an unsigned 64-bit integer. Saturates with NV (NaN gives 2^64-1, negatives 0).
    @inlinable public static func fcvtLUD(_ a: UInt64, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_lu_d(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    // MARK: Conversions from integers

    /// fcvt.d.w: from the low 32 bits of `x` as a signed integer. Always exact.
    @inlinable public static func fcvtDW(_ x: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_d_w(x)
    }

    /// fcvt.d.wu: from the low 32 bits of `x` as an unsigned integer. Always exact.
    @inlinable public static func fcvtDWU(_ x: UInt64, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_d_wu(x)
    }

    /// fcvt.d.l: from `x` as a signed 64-bit integer, rounded.
    @inlinable public static func fcvtDL(_ x: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_d_l(x, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.d.lu: from `x` as an unsigned 64-bit integer, rounded.
    @inlinable public static func fcvtDLU(_ x: UInt64, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_d_lu(x, UInt32(mode.rawValue), &flags.rawValue)
    }

    // MARK: Conversions between formats

    /// fcvt.s.d: double to single, rounded (may overflow, underflow, be inexact; NV for a signalling NaN).
    @inlinable public static func fcvtSD(_ a: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fcvt_s_d(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.d.s: single to double, exact (NV for a signalling NaN; NaNs become the canonical NaN).
    @inlinable public static func fcvtDS(_ a: UInt32, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_d_s(a, &flags.rawValue)
    }
}
