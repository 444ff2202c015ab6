// The edge cases of RV64M arithmetic (The RISC-V Instruction Set Manual, Volume I, chapter 7,
// table 7.1 "Semantics for division by zero and division overflow"), shared by every engine.

/// Integer operations whose RISC-V results differ from a naive host operation.
public enum IntegerArithmetic {
    /// `div`: x/0 = -1; INT64_MIN / -1 = INT64_MIN (overflow).
    @inline(__always)
    public static func div(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let dividend = Int64(bitPattern: a), divisor = Int64(bitPattern: b)
        if divisor == 0 { return UInt64.max }
        if divisor == -1 { return UInt64(bitPattern: 0 &- dividend) }
        return UInt64(bitPattern: dividend / divisor)
    }

    /// `divu`: x/0 = 2^64 - 1.
    @inline(__always)
    public static func divu(_ a: UInt64, _ b: UInt64) -> UInt64 {
        b == 0 ? UInt64.max : a / b
    }

    /// `rem`: x%0 = x; INT64_MIN % -1 = 0.
    @inline(__always)
    public static func rem(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let dividend = Int64(bitPattern: a), divisor = Int64(bitPattern: b)
        if divisor == 0 { return a }
        if divisor == -1 { return 0 }
        return UInt64(bitPattern: dividend % divisor)
    }

    /// `remu`: x%0 = x.
    @inline(__always)
    public static func remu(_ a: UInt64, _ b: UInt64) -> UInt64 {
        b == 0 ? a : a % b
    }

    /// `divw`: 32-bit signed division, result sign-extended.
    @inline(__always)
    public static func divw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let dividend = Int32(truncatingIfNeeded: a), divisor = Int32(truncatingIfNeeded: b)
        if divisor == 0 { return UInt64.max }
        if divisor == -1 { return signExtend(0 &- dividend) }
        return signExtend(dividend / divisor)
    }

    /// `divuw`: 32-bit unsigned division, result sign-extended.
    @inline(__always)
    public static func divuw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let dividend = UInt32(truncatingIfNeeded: a), divisor = UInt32(truncatingIfNeeded: b)
        return signExtend(Int32(bitPattern: divisor == 0 ? UInt32.max : dividend / divisor))
    }

    /// `remw`: 32-bit signed remainder, sign-extended.
    @inline(__always)
    public static func remw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let dividend = Int32(truncatingIfNeeded: a), divisor = Int32(truncatingIfNeeded: b)
        if divisor == 0 { return signExtend(dividend) }
        if divisor == -1 { return 0 }
        return signExtend(dividend % divisor)
    }

    /// `remuw`: 32-bit unsigned remainder, sign-extended.
    @inline(__always)
    public static func remuw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let dividend = UInt32(truncatingIfNeeded: a), divisor = UInt32(truncatingIfNeeded: b)
        return signExtend(Int32(bitPattern: divisor == 0 ? dividend : dividend % divisor))
    }

    /// `mulh`: high 64 bits of the signed 128-bit product.
    @inline(__always)
    public static func mulh(_ a: UInt64, _ b: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(bitPattern: a).multipliedFullWidth(by: Int64(bitPattern: b)).high)
    }

    /// `mulhu`: high 64 bits of the unsigned product.
    @inline(__always)
    public static func mulhu(_ a: UInt64, _ b: UInt64) -> UInt64 {
        a.multipliedFullWidth(by: b).high
    }

    /// `mulhsu`: high 64 bits of signed `a` times unsigned `b`.
    @inline(__always)
    public static func mulhsu(_ a: UInt64, _ b: UInt64) -> UInt64 {
        // Signed a = unsigned a - 2^64 when negative, so the high part loses b.
        let high = a.multipliedFullWidth(by: b).high
        return Int64(bitPattern: a) < 0 ? high &- b : high
    }

    /// Sign-extends a 32-bit value to 64 bits (the rule for every `*w` result).
    @inline(__always)
    public static func signExtend(_ value: Int32) -> UInt64 {
        UInt64(bitPattern: Int64(value))
    }

    /// Sign-extends the low 32 bits of `value`.
    @inline(__always)
    public static func signExtendWord(_ value: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: value)))
    }
}
