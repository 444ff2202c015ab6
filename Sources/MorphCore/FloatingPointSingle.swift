// RISC-V "F" standard extension for single-precision floating point (RISC-V Unprivileged ISA): the
// single-precision operations of FloatingPointUnit. Operands and results are unboxed UInt32 bits; see
// FloatingPoint.swift for the types, NaN boxing and the reasons the arithmetic is done in C.
import CMorphSupport

extension FloatingPointUnit {
    @usableFromInline static let signS: UInt32 = 0x8000_0000

    /// Whether the single-precision bits are a NaN.
    @inlinable public static func isNaNS(_ a: UInt32) -> Bool {
        a & 0x7fff_ffff > 0x7f80_0000
    }

    /// Whether the single-precision bits are a signalling NaN (quiet bit, fraction bit 22, clear).
    @inlinable public static func isSignalingNaNS(_ a: UInt32) -> Bool {
        isNaNS(a) && a & 0x0040_0000 == 0
    }

    // MARK: Arithmetic

    /// fadd.s: a + b.
    @inlinable public static func faddS(_ a: UInt32, _ b: UInt32, _ mode: RoundingMode,
                                        _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fadd_s(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fsub.s: a - b.
    @inlinable public static func fsubS(_ a: UInt32, _ b: UInt32, _ mode: RoundingMode,
                                        _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fsub_s(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fmul.s: a * b.
    @inlinable public static func fmulS(_ a: UInt32, _ b: UInt32, _ mode: RoundingMode,
                                        _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fmul_s(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fdiv.s: a / b.
    @inlinable public static func fdivS(_ a: UInt32, _ b: UInt32, _ mode: RoundingMode,
                                        _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fdiv_s(a, b, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fsqrt.s: the square root of a.
    @inlinable public static func fsqrtS(_ a: UInt32, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fsqrt_s(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fmadd.s: (a * b) + c, rounded once.
    @inlinable public static func fmaddS(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fma_s(a, b, c, 0, 0, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fmsub.s: (a * b) - c, rounded once.
    @inlinable public static func fmsubS(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fma_s(a, b, c, 0, 1, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fnmsub.s: -(a * b) + c, rounded once.
    @inlinable public static func fnmsubS(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fma_s(a, b, c, 1, 0, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fnmadd.s: -(a * b) - c, rounded once.
    @inlinable public static func fnmaddS(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fma_s(a, b, c, 1, 1, UInt32(mode.rawValue), &flags.rawValue)
    }

    // MARK: Minimum and maximum

    /// fmin.s: IEEE 754-2019 minimumNumber; see ``fminD(_:_:_:)``.
    @inlinable public static func fminS(_ a: UInt32, _ b: UInt32, _ flags: inout FloatingPointFlags) -> UInt32 {
        if isSignalingNaNS(a) || isSignalingNaNS(b) { flags.insert(.invalid) }
        if isNaNS(a) { return isNaNS(b) ? canonicalNaNS : b }
        if isNaNS(b) { return a }
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x < y { return a }
        if y < x { return b }
        return a | b   // equal: the same bits, or zeros of which -0 is the smaller
    }

    /// fmax.s: IEEE 754-2019 maximumNumber; see ``fminD(_:_:_:)``.
    @inlinable public static func fmaxS(_ a: UInt32, _ b: UInt32, _ flags: inout FloatingPointFlags) -> UInt32 {
        if isSignalingNaNS(a) || isSignalingNaNS(b) { flags.insert(.invalid) }
        if isNaNS(a) { return isNaNS(b) ? canonicalNaNS : b }
        if isNaNS(b) { return a }
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x > y { return a }
        if y > x { return b }
        return a & b   // equal: the same bits, or zeros of which +0 is the larger
    }

    // MARK: Comparisons

    /// feq.s: 1 if a = b (-0 = +0), else 0. A quiet comparison: NV only for a signalling NaN operand.
    @inlinable public static func feqS(_ a: UInt32, _ b: UInt32, _ flags: inout FloatingPointFlags) -> UInt64 {
        if isNaNS(a) || isNaNS(b) {
            if isSignalingNaNS(a) || isSignalingNaNS(b) { flags.insert(.invalid) }
            return 0
        }
        return Float(bitPattern: a) == Float(bitPattern: b) ? 1 : 0
    }

    /// flt.s: 1 if a < b, else 0. A signalling comparison: NV for any NaN operand.
    @inlinable public static func fltS(_ a: UInt32, _ b: UInt32, _ flags: inout FloatingPointFlags) -> UInt64 {
        if isNaNS(a) || isNaNS(b) {
            flags.insert(.invalid)
            return 0
        }
        return Float(bitPattern: a) < Float(bitPattern: b) ? 1 : 0
    }

    /// fle.s: 1 if a <= b, else 0. A signalling comparison: NV for any NaN operand.
    @inlinable public static func fleS(_ a: UInt32, _ b: UInt32, _ flags: inout FloatingPointFlags) -> UInt64 {
        if isNaNS(a) || isNaNS(b) {
            flags.insert(.invalid)
            return 0
        }
        return Float(bitPattern: a) <= Float(bitPattern: b) ? 1 : 0
    }

    // MARK: Classification and sign injection

    /// fclass.s: the 10-bit class mask; see ``fclassD(_:)``.
    @inlinable public static func fclassS(_ a: UInt32) -> UInt64 {
        let negative = a >> 31 != 0
        let exponent = (a >> 23) & 0xff
        let fraction = a & 0x007f_ffff
        if exponent == 0xff {
            if fraction == 0 { return negative ? 1 << 0 : 1 << 7 }
            return fraction & 0x0040_0000 != 0 ? 1 << 9 : 1 << 8
        }
        if exponent == 0 {
            if fraction == 0 { return negative ? 1 << 3 : 1 << 4 }
            return negative ? 1 << 2 : 1 << 5
        }
        return negative ? 1 << 1 : 1 << 6
    }

    /// fsgnj.s: a's magnitude with b's sign. No flags, NaNs are not canonicalized.
    @inlinable public static func fsgnjS(_ a: UInt32, _ b: UInt32) -> UInt32 {
        (a & ~signS) | (b & signS)
    }

    /// fsgnjn.s: a's magnitude with the opposite of b's sign.
    @inlinable public static func fsgnjnS(_ a: UInt32, _ b: UInt32) -> UInt32 {
        (a & ~signS) | (~b & signS)
    }

    /// fsgnjx.s: a with its sign XOR-ed with b's sign.
    @inlinable public static func fsgnjxS(_ a: UInt32, _ b: UInt32) -> UInt32 {
        a ^ (b & signS)
    }

    // MARK: Conversions to integers

    /// fcvt.w.s: to a signed 32-bit integer, sign-extended. Saturates with NV (NaN gives 2^31-1).
    @inlinable public static func fcvtWS(_ a: UInt32, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_w_s(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.wu.s: to an unsigned 32-bit integer, sign-extended from bit 31 (2^32-1 reads as all ones).
    @inlinable public static func fcvtWUS(_ a: UInt32, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_wu_s(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.l.s: to a signed 64-bit integer. Saturates with NV (NaN gives 2^63-1).
    @inlinable public static func fcvtLS(_ a: UInt32, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_l_s(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.lu.s: to an unsigned 64-bit integer. Saturates with NV (NaN gives 2^64-1, negatives 0).
    @inlinable public static func fcvtLUS(_ a: UInt32, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_fcvt_lu_s(a, UInt32(mode.rawValue), &flags.rawValue)
    }

    // MARK: Conversions from integers

    /// fcvt.s.w: from the low 32 bits of `x` as a signed integer, rounded.
    @inlinable public static func fcvtSW(_ x: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fcvt_s_int(x, UInt32(MORPH_INT_W), UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.s.wu: from the low 32 bits of `x` as an unsigned integer, rounded.
    @inlinable public static func fcvtSWU(_ x: UInt64, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fcvt_s_int(x, UInt32(MORPH_INT_WU), UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.s.l: from `x` as a signed 64-bit integer, rounded.
    @inlinable public static func fcvtSL(_ x: UInt64, _ mode: RoundingMode,
                                         _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fcvt_s_int(x, UInt32(MORPH_INT_L), UInt32(mode.rawValue), &flags.rawValue)
    }

    /// fcvt.s.lu: from `x` as an unsigned 64-bit integer, rounded.
    @inlinable public static func fcvtSLU(_ x: UInt64, _ mode: RoundingMode,
                                          _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_fcvt_s_int(x, UInt32(MORPH_INT_LU), UInt32(mode.rawValue), &flags.rawValue)
    }
}
