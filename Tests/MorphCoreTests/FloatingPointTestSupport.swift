// Helpers for the RISC-V "F" and "D" extension tests (RISC-V Unprivileged ISA): expected results per
// rounding mode, flag shorthands, and a seeded random generator for the property tests.
import MorphCore
import Testing
import TestSupport

/// Shared helpers of the floating-point tests.
enum FloatingPointTesting {
    /// The five rounding modes, in the order every per-mode expectation table uses: RNE, RTZ, RDN, RUP, RMM.
    static let modes: [RoundingMode] = [.nearestEven, .towardZero, .down, .up, .nearestMaxMagnitude]

    static let none = FloatingPointFlags()
    static let nx = FloatingPointFlags.inexact
    static let uf = FloatingPointFlags.underflow
    static let of = FloatingPointFlags.overflow
    static let dz = FloatingPointFlags.divideByZero
    static let nv = FloatingPointFlags.invalid

    /// Double-precision bits of an exactly representable value (hex-float literals keep them exact).
    static func d(_ value: Double) -> UInt64 { value.bitPattern }
    /// Single-precision bits of an exactly representable value.
    static func s(_ value: Float) -> UInt32 { value.bitPattern }

    static let canonicalD: UInt64 = 0x7ff8_0000_0000_0000
    static let canonicalS: UInt32 = 0x7fc0_0000
    static let infinityD: UInt64 = 0x7ff0_0000_0000_0000
    static let maximumD: UInt64 = 0x7fef_ffff_ffff_ffff
    static let infinityS: UInt32 = 0x7f80_0000
    static let maximumS: UInt32 = 0x7f7f_ffff
    static let signalingD: UInt64 = 0x7ff0_0000_0000_0001
    static let quietPayloadD: UInt64 = 0x7ff8_0000_0000_dead
    static let signalingS: UInt32 = 0x7f80_0001
    static let quietPayloadS: UInt32 = 0x7fc0_dead

    /// fcvt.{w,wu,l,lu}.d by index 0-3.
    static func fcvtIntegerD(_ a: UInt64, _ kind: Int, _ mode: RoundingMode,
                             _ flags: inout FloatingPointFlags) -> UInt64 {
        switch kind {
        case 0: FloatingPointUnit.fcvtWD(a, mode, &flags)
        case 1: FloatingPointUnit.fcvtWUD(a, mode, &flags)
        case 2: FloatingPointUnit.fcvtLD(a, mode, &flags)
        default: FloatingPointUnit.fcvtLUD(a, mode, &flags)
        }
    }

    /// fcvt.{w,wu,l,lu}.s by index 0-3.
    static func fcvtIntegerS(_ a: UInt32, _ kind: Int, _ mode: RoundingMode,
                             _ flags: inout FloatingPointFlags) -> UInt64 {
        switch kind {
        case 0: FloatingPointUnit.fcvtWS(a, mode, &flags)
        case 1: FloatingPointUnit.fcvtWUS(a, mode, &flags)
        case 2: FloatingPointUnit.fcvtLS(a, mode, &flags)
        default: FloatingPointUnit.fcvtLUS(a, mode, &flags)
        }
    }

    static func hex<T: FixedWidthInteger>(_ value: T) -> String {
        "0x" + String(value, radix: 16)
    }

    static func describe(_ flags: FloatingPointFlags) -> String {
        let names = ["NX", "UF", "OF", "DZ", "NV"]
        let set = names.indices.filter { flags.rawValue & (1 << $0) != 0 }.map { names[$0] }
        return set.isEmpty ? "none" : set.joined(separator: "|")
    }

    /// Checks one operation in every rounding mode: `expected` and `flags` are in the order of ``modes``.
    static func expectEachMode<T: FixedWidthInteger>(
        _ expected: [T], _ flags: [FloatingPointFlags],
        sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: (RoundingMode, inout FloatingPointFlags) -> T
    ) {
        precondition(expected.count == 5 && flags.count == 5)
        for (index, mode) in modes.enumerated() {
            var raised = FloatingPointFlags()
            let result = operation(mode, &raised)
            #expect(result == expected[index],
                    "\(mode): got \(hex(result)), expected \(hex(expected[index]))", sourceLocation: sourceLocation)
            #expect(raised == flags[index],
                    "\(mode): flags \(describe(raised)), expected \(describe(flags[index]))",
                    sourceLocation: sourceLocation)
        }
    }

    /// Checks one operation in every rounding mode, with the same flags in each.
    static func expectEachMode<T: FixedWidthInteger>(
        _ expected: [T], _ flags: FloatingPointFlags,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: (RoundingMode, inout FloatingPointFlags) -> T
    ) {
        expectEachMode(expected, Array(repeating: flags, count: 5), sourceLocation: sourceLocation, operation)
    }

    /// Checks one operation that must give the same result and flags in every rounding mode.
    static func expectAllModes<T: FixedWidthInteger>(
        _ expected: T, _ flags: FloatingPointFlags,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: (RoundingMode, inout FloatingPointFlags) -> T
    ) {
        expectEachMode(Array(repeating: expected, count: 5), Array(repeating: flags, count: 5),
                       sourceLocation: sourceLocation, operation)
    }

    /// Checks one operation in one rounding mode.
    static func expectResult<T: FixedWidthInteger>(
        _ expected: T, _ flags: FloatingPointFlags,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: (inout FloatingPointFlags) -> T
    ) {
        var raised = FloatingPointFlags()
        let result = operation(&raised)
        #expect(result == expected, "got \(hex(result)), expected \(hex(expected))", sourceLocation: sourceLocation)
        #expect(raised == flags, "flags \(describe(raised)), expected \(describe(flags))",
                sourceLocation: sourceLocation)
    }
}

/// SplitMix64: a small, seeded, reproducible generator for the property tests.
struct FloatingPointRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    mutating func below(_ bound: UInt64) -> UInt64 { next() % bound }

    /// A finite double, biased towards the interesting places: short significands (many exact results
    /// and ties), exponents near 1, near the subnormal range and near overflow.
    mutating func finiteDouble() -> UInt64 {
        let sign = next() & 0x8000_0000_0000_0000
        var fraction = next() & 0x000f_ffff_ffff_ffff
        if below(2) == 0 { fraction &= ~((1 << below(53)) - 1) }   // a short significand
        let exponent: UInt64
        switch below(6) {
        case 0: exponent = below(0x7ff)
        case 1: exponent = below(64)
        case 2: exponent = 0x7fe - below(64)
        default: exponent = 1023 + below(128) - 64
        }
        return sign | exponent << 52 | fraction
    }

    /// A finite single, biased like ``finiteDouble()``.
    mutating func finiteSingle() -> UInt32 {
        let sign = UInt32(truncatingIfNeeded: next()) & 0x8000_0000
        var fraction = UInt32(truncatingIfNeeded: next()) & 0x007f_ffff
        if below(2) == 0 { fraction &= ~((1 << UInt32(below(24))) - 1) }
        let exponent: UInt32
        switch below(6) {
        case 0: exponent = UInt32(below(0xff))
        case 1: exponent = UInt32(below(32))
        case 2: exponent = 0xfe - UInt32(below(32))
        default: exponent = 127 + UInt32(below(64)) - 32
        }
        return sign | exponent << 23 | fraction
    }

    /// Any double bit pattern, with NaNs, infinities and zeros mixed in often.
    mutating func anyDouble() -> UInt64 {
        switch below(10) {
        case 0: return [0x7ff8_0000_0000_0000, 0x7ff0_0000_0000_0001, 0xfff4_0000_0000_0000,
                        0x7ff0_0000_0000_0000, 0xfff0_0000_0000_0000, 0, 0x8000_0000_0000_0000][Int(below(7))]
        default: return finiteDouble()
        }
    }

    /// Any single bit pattern, with NaNs, infinities and zeros mixed in often.
    mutating func anySingle() -> UInt32 {
        switch below(10) {
        case 0: return [0x7fc0_0000, 0x7f80_0001, 0xffa0_0000, 0x7f80_0000, 0xff80_0000, 0,
                        0x8000_0000][Int(below(7))]
        default: return finiteSingle()
        }
    }
}
