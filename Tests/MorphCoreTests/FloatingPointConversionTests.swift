// RISC-V "F" and "D" extensions (RISC-V Unprivileged ISA), "Floating-Point Conversion and Move
// Instructions": float-to-integer saturation (the table "Domains of float-to-integer conversions and
// behavior for invalid inputs"), integer-to-float rounding, fcvt.s.d and fcvt.d.s. Expected values come
// from the spec's table, IEEE 754 reasoning written beside each case, and riscv-tests (rv64uf/rv64ud
// fcvt.S and fcvt_w.S).
import MorphCore
import Testing

private typealias FPU = FloatingPointUnit
private typealias T = FloatingPointTesting

@Suite("FloatingPoint conversions")
struct FloatingPointConversionTests {
    static let int32Maximum: UInt64 = 0x7fff_ffff
    static let int32Minimum: UInt64 = 0xffff_ffff_8000_0000   // -2^31 sign-extended
    static let int64Maximum: UInt64 = 0x7fff_ffff_ffff_ffff
    static let int64Minimum: UInt64 = 0x8000_0000_0000_0000
    static let allOnes: UInt64 = 0xffff_ffff_ffff_ffff      // 2^32-1 sign-extended, and 2^64-1

    /// Signed integers as register values.
    static func r(_ values: [Int64]) -> [UInt64] { values.map { UInt64(bitPattern: $0) } }

    // MARK: Double to integer

    @Test func fcvtWDSaturatesAtEveryBoundary() {
        let nx = T.nx, nv = T.nv, none = T.none
        let max = Self.int32Maximum, min = Self.int32Minimum
        T.expectAllModes(max, none) { FPU.fcvtWD(T.d(2147483647), $0, &$1) }
        // 2^31 - 0.5 is a tie: RNE (to the even 2^31), RUP and RMM leave the range; RTZ and RDN do not.
        T.expectAllModes(max, nv) { FPU.fcvtWD(T.d(2147483648), $0, &$1) }
        T.expectEachMode([max, max, max, max, max], [nv, nx, nx, nv, nv]) { FPU.fcvtWD(T.d(2147483647.5), $0, &$1) }
        T.expectAllModes(min, none) { FPU.fcvtWD(T.d(-2147483648), $0, &$1) }
        // -2^31 - 0.5: RNE rounds to the even -2^31 (valid); RDN and RMM go to -2^31 - 1: invalid.
        T.expectEachMode([min, min, min, min, min], [nx, nx, nv, nx, nv]) {
            FPU.fcvtWD(T.d(-2147483648.5), $0, &$1)
        }
        T.expectAllModes(min, nv) { FPU.fcvtWD(T.d(-2147483649), $0, &$1) }
        T.expectAllModes(max, nv) { FPU.fcvtWD(T.d(1e300), $0, &$1) }
        T.expectAllModes(min, nv) { FPU.fcvtWD(T.d(-1e300), $0, &$1) }
        // NaN of either sign gives the maximum; infinities saturate by sign.
        T.expectAllModes(max, nv) { FPU.fcvtWD(T.canonicalD, $0, &$1) }
        T.expectAllModes(max, nv) { FPU.fcvtWD(0xffff_ffff_ffff_ffff, $0, &$1) }
        T.expectAllModes(max, nv) { FPU.fcvtWD(T.signalingD, $0, &$1) }
        T.expectAllModes(max, nv) { FPU.fcvtWD(T.infinityD, $0, &$1) }
        T.expectAllModes(min, nv) { FPU.fcvtWD(T.infinityD | 1 << 63, $0, &$1) }
        // Rounding of in-range values, ties in particular (mode order RNE, RTZ, RDN, RUP, RMM).
        T.expectEachMode(Self.r([2, 2, 2, 3, 3]), nx) { FPU.fcvtWD(T.d(2.5), $0, &$1) }
        T.expectEachMode(Self.r([-2, -2, -3, -2, -3]), nx) { FPU.fcvtWD(T.d(-2.5), $0, &$1) }
        T.expectEachMode(Self.r([2, 1, 1, 2, 2]), nx) { FPU.fcvtWD(T.d(1.5), $0, &$1) }
        T.expectEachMode(Self.r([-2, -1, -2, -1, -2]), nx) { FPU.fcvtWD(T.d(-1.5), $0, &$1) }
        T.expectEachMode(Self.r([0, 0, 0, 1, 1]), nx) { FPU.fcvtWD(T.d(0.5), $0, &$1) }
        T.expectEachMode(Self.r([0, 0, -1, 0, -1]), nx) { FPU.fcvtWD(T.d(-0.5), $0, &$1) }
        T.expectEachMode(Self.r([1, 0, 0, 1, 1]), nx) { FPU.fcvtWD(T.d(0.75), $0, &$1) }
        T.expectEachMode(Self.r([0, 0, 0, 1, 0]), nx) { FPU.fcvtWD(1, $0, &$1) }                 // 2^-1074
        T.expectEachMode(Self.r([0, 0, -1, 0, 0]), nx) { FPU.fcvtWD(1 | 1 << 63, $0, &$1) }      // -2^-1074
        T.expectAllModes(UInt64(0), none) { FPU.fcvtWD(T.d(-0.0), $0, &$1) }
        T.expectAllModes(UInt64(bitPattern: -7), none) { FPU.fcvtWD(T.d(-7), $0, &$1) }
    }

    @Test func fcvtWUDSaturatesAndSignExtends() {
        let nx = T.nx, nv = T.nv, none = T.none, ones = Self.allOnes
        T.expectAllModes(ones, none) { FPU.fcvtWUD(T.d(4294967295), $0, &$1) }   // 2^32-1 reads as -1
        T.expectEachMode([ones, ones, ones, ones, ones], [nv, nx, nx, nv, nv]) {
            FPU.fcvtWUD(T.d(4294967295.5), $0, &$1)
        }
        T.expectAllModes(ones, nv) { FPU.fcvtWUD(T.d(4294967296), $0, &$1) }
        T.expectAllModes(UInt64(0xffff_ffff_b2d0_5e00), none) { FPU.fcvtWUD(T.d(3e9), $0, &$1) }   // riscv-tests
        T.expectAllModes(UInt64(0xffff_ffff_8000_0000), none) { FPU.fcvtWUD(T.d(2147483648), $0, &$1) }
        T.expectAllModes(UInt64(0x7fff_ffff), none) { FPU.fcvtWUD(T.d(2147483647), $0, &$1) }
        // Negative values: invalid once they round below zero; -0.5 rounds to 0 except in RDN and RMM.
        T.expectAllModes(UInt64(0), nv) { FPU.fcvtWUD(T.d(-1), $0, &$1) }
        T.expectAllModes(UInt64(0), nv) { FPU.fcvtWUD(T.d(-3e9), $0, &$1) }
        T.expectEachMode([0, 0, 0, 0, 0] as [UInt64], [nx, nx, nv, nx, nv]) { FPU.fcvtWUD(T.d(-0.5), $0, &$1) }
        T.expectEachMode([0, 0, 0, 0, 0] as [UInt64], [nx, nx, nv, nx, nx]) { FPU.fcvtWUD(T.d(-0.25), $0, &$1) }
        T.expectAllModes(UInt64(0), none) { FPU.fcvtWUD(T.d(-0.0), $0, &$1) }
        T.expectEachMode([0, 0, 0, 1, 1] as [UInt64], nx) { FPU.fcvtWUD(T.d(0.5), $0, &$1) }
        T.expectEachMode([2, 2, 2, 3, 3] as [UInt64], nx) { FPU.fcvtWUD(T.d(2.5), $0, &$1) }
        T.expectAllModes(ones, nv) { FPU.fcvtWUD(0xfff8_0000_0000_0000, $0, &$1) }   // negative NaN
        T.expectAllModes(ones, nv) { FPU.fcvtWUD(T.infinityD, $0, &$1) }
        T.expectAllModes(UInt64(0), nv) { FPU.fcvtWUD(T.infinityD | 1 << 63, $0, &$1) }
    }

    @Test func fcvtLDSaturatesAtEveryBoundary() {
        let nx = T.nx, nv = T.nv, none = T.none
        let max = Self.int64Maximum, min = Self.int64Minimum
        // The largest double below 2^63 is 2^63 - 1024; 2^63 itself is out of range.
        T.expectAllModes(UInt64(0x7fff_ffff_ffff_fc00), none) { FPU.fcvtLD(0x43df_ffff_ffff_ffff, $0, &$1) }
        T.expectAllModes(max, nv) { FPU.fcvtLD(T.d(0x1p63), $0, &$1) }
        T.expectAllModes(min, none) { FPU.fcvtLD(T.d(-0x1p63), $0, &$1) }
        T.expectAllModes(min, nv) { FPU.fcvtLD(0xc3e0_0000_0000_0001, $0, &$1) }   // -(2^63 + 2048)
        T.expectAllModes(min, nv) { FPU.fcvtLD(T.d(-3e19), $0, &$1) }
        T.expectAllModes(max, nv) { FPU.fcvtLD(T.d(3e19), $0, &$1) }
        T.expectAllModes(max, nv) { FPU.fcvtLD(T.canonicalD | 1 << 63, $0, &$1) }
        T.expectAllModes(min, nv) { FPU.fcvtLD(T.infinityD | 1 << 63, $0, &$1) }
        T.expectAllModes(max, nv) { FPU.fcvtLD(T.infinityD, $0, &$1) }
        // 2^52 - 0.5 and 2^52 - 1.5 are ties with opposite parities.
        T.expectEachMode(Self.r([4503599627370496, 4503599627370495, 4503599627370495, 4503599627370496,
                                 4503599627370496]), nx) { FPU.fcvtLD(T.d(4503599627370495.5), $0, &$1) }
        T.expectEachMode(Self.r([4503599627370494, 4503599627370494, 4503599627370494, 4503599627370495,
                                 4503599627370495]), nx) { FPU.fcvtLD(T.d(4503599627370494.5), $0, &$1) }
        T.expectEachMode(Self.r([-2, -2, -3, -2, -3]), nx) { FPU.fcvtLD(T.d(-2.5), $0, &$1) }
        T.expectAllModes(UInt64(bitPattern: -3_000_000_000), none) { FPU.fcvtLD(T.d(-3e9), $0, &$1) }
    }

    @Test func fcvtLUDSaturatesAtEveryBoundary() {
        let nx = T.nx, nv = T.nv, none = T.none, ones = Self.allOnes
        // 2^64 - 2048 is the largest double below 2^64.
        T.expectAllModes(UInt64(0xffff_ffff_ffff_f800), none) { FPU.fcvtLUD(0x43ef_ffff_ffff_ffff, $0, &$1) }
        T.expectAllModes(ones, nv) { FPU.fcvtLUD(T.d(0x1p64), $0, &$1) }
        T.expectAllModes(UInt64(1) << 63, none) { FPU.fcvtLUD(T.d(0x1p63), $0, &$1) }
        T.expectAllModes(UInt64(0x8000_0000_0000_0800), none) { FPU.fcvtLUD(0x43e0_0000_0000_0001, $0, &$1) }
        T.expectAllModes(UInt64(0x7fff_ffff_ffff_fc00), none) { FPU.fcvtLUD(0x43df_ffff_ffff_ffff, $0, &$1) }
        T.expectAllModes(ones, nv) { FPU.fcvtLUD(T.canonicalD, $0, &$1) }
        T.expectAllModes(ones, nv) { FPU.fcvtLUD(T.infinityD, $0, &$1) }
        T.expectAllModes(UInt64(0), nv) { FPU.fcvtLUD(T.infinityD | 1 << 63, $0, &$1) }
        T.expectAllModes(UInt64(0), nv) { FPU.fcvtLUD(T.d(-1), $0, &$1) }
        T.expectAllModes(UInt64(0), nv) { FPU.fcvtLUD(T.d(-0x1p63), $0, &$1) }
        T.expectAllModes(UInt64(0), nv) { FPU.fcvtLUD(T.d(-1e300), $0, &$1) }
        T.expectEachMode([0, 0, 0, 0, 0] as [UInt64], [nx, nx, nv, nx, nv]) { FPU.fcvtLUD(T.d(-0.5), $0, &$1) }
        T.expectAllModes(UInt64(0), none) { FPU.fcvtLUD(T.d(-0.0), $0, &$1) }
        T.expectEachMode([2, 2, 2, 3, 3] as [UInt64], nx) { FPU.fcvtLUD(T.d(2.5), $0, &$1) }
        T.expectEachMode([4503599627370496, 4503599627370495, 4503599627370495, 4503599627370496,
                          4503599627370496] as [UInt64], nx) { FPU.fcvtLUD(T.d(4503599627370495.5), $0, &$1) }
        T.expectAllModes(UInt64(3_000_000_000), none) { FPU.fcvtLUD(T.d(3e9), $0, &$1) }
    }

    // MARK: Single to integer

    @Test func singleToIntegerSaturatesAtEveryBoundary() {
        let nx = T.nx, nv = T.nv, none = T.none, ones = Self.allOnes
        // fcvt.w.s: 0x4EFFFFFF = 2^31 - 128 is the largest single below 2^31.
        T.expectAllModes(UInt64(0x7fff_ff80), none) { FPU.fcvtWS(0x4eff_ffff, $0, &$1) }
        T.expectAllModes(Self.int32Maximum, nv) { FPU.fcvtWS(0x4f00_0000, $0, &$1) }
        T.expectAllModes(Self.int32Minimum, none) { FPU.fcvtWS(0xcf00_0000, $0, &$1) }
        T.expectAllModes(Self.int32Minimum, nv) { FPU.fcvtWS(0xcf00_0001, $0, &$1) }
        T.expectEachMode(Self.r([2, 2, 2, 3, 3]), nx) { FPU.fcvtWS(T.s(2.5), $0, &$1) }
        T.expectEachMode(Self.r([0, 0, -1, 0, -1]), nx) { FPU.fcvtWS(T.s(-0.5), $0, &$1) }
        // 2^23 - 0.5 and 2^23 - 1.5: ties with opposite parities.
        T.expectEachMode(Self.r([8388608, 8388607, 8388607, 8388608, 8388608]), nx) {
            FPU.fcvtWS(T.s(8388607.5), $0, &$1)
        }
        T.expectEachMode(Self.r([8388606, 8388606, 8388606, 8388607, 8388607]), nx) {
            FPU.fcvtWS(T.s(8388606.5), $0, &$1)
        }
        // fcvt.wu.s: 0x4F7FFFFF = 2^32 - 256, sign-extended.
        T.expectAllModes(UInt64(0xffff_ffff_ffff_ff00), none) { FPU.fcvtWUS(0x4f7f_ffff, $0, &$1) }
        T.expectAllModes(ones, nv) { FPU.fcvtWUS(0x4f80_0000, $0, &$1) }
        T.expectAllModes(UInt64(0), nv) { FPU.fcvtWUS(T.s(-1), $0, &$1) }
        T.expectEachMode([0, 0, 0, 0, 0] as [UInt64], [nx, nx, nv, nx, nv]) { FPU.fcvtWUS(T.s(-0.5), $0, &$1) }
        // fcvt.l.s: 0x5EFFFFFF = 2^63 - 2^39.
        T.expectAllModes(UInt64(0x7fff_ff80_0000_0000), none) { FPU.fcvtLS(0x5eff_ffff, $0, &$1) }
        T.expectAllModes(Self.int64Maximum, nv) { FPU.fcvtLS(0x5f00_0000, $0, &$1) }
        T.expectAllModes(Self.int64Minimum, none) { FPU.fcvtLS(0xdf00_0000, $0, &$1) }
        T.expectAllModes(Self.int64Minimum, nv) { FPU.fcvtLS(0xdf00_0001, $0, &$1) }
        T.expectEachMode(Self.r([-2, -2, -3, -2, -3]), nx) { FPU.fcvtLS(T.s(-2.5), $0, &$1) }
        // fcvt.lu.s: 0x5F7FFFFF = 2^64 - 2^40.
        T.expectAllModes(UInt64(0xffff_ff00_0000_0000), none) { FPU.fcvtLUS(0x5f7f_ffff, $0, &$1) }
        T.expectAllModes(UInt64(1) << 63, none) { FPU.fcvtLUS(0x5f00_0000, $0, &$1) }
        T.expectAllModes(ones, nv) { FPU.fcvtLUS(0x5f80_0000, $0, &$1) }
        T.expectAllModes(UInt64(0), nv) { FPU.fcvtLUS(T.s(-3e9), $0, &$1) }
        T.expectEachMode([0, 0, 0, 0, 0] as [UInt64], [nx, nx, nv, nx, nv]) { FPU.fcvtLUS(T.s(-0.5), $0, &$1) }
        T.expectEachMode([2, 2, 2, 3, 3] as [UInt64], nx) { FPU.fcvtLUS(T.s(2.5), $0, &$1) }
    }

    @Test func riscvTestsFloatToIntegerVectors() {
        // isa/rv64uf/fcvt_w.S and isa/rv64ud/fcvt_w.S, all in RTZ: (flags, expected, input).
        let nx = T.nx, nv = T.nv, none = T.none
        let signed: [(FloatingPointFlags, Int64, Double)] = [
            (nx, -1, -1.1), (none, -1, -1.0), (nx, 0, -0.9), (nx, 0, 0.9), (none, 1, 1.0), (nx, 1, 1.1),
        ]
        let unsigned: [(FloatingPointFlags, UInt64, Double)] = [
            (nv, 0, -3.0), (nv, 0, -1.0), (nx, 0, -0.9), (nx, 0, 0.9), (none, 1, 1.0), (nx, 1, 1.1),
            (nv, 0, -3e9),
        ]
        for (flags, expected, input) in signed {
            let value = UInt64(bitPattern: expected)
            T.expectResult(value, flags) { FPU.fcvtWD(input.bitPattern, .towardZero, &$0) }
            T.expectResult(value, flags) { FPU.fcvtLD(input.bitPattern, .towardZero, &$0) }
            T.expectResult(value, flags) { FPU.fcvtWS(Float(input).bitPattern, .towardZero, &$0) }
            T.expectResult(value, flags) { FPU.fcvtLS(Float(input).bitPattern, .towardZero, &$0) }
        }
        for (flags, expected, input) in unsigned {
            T.expectResult(expected, flags) { FPU.fcvtWUD(input.bitPattern, .towardZero, &$0) }
            T.expectResult(expected, flags) { FPU.fcvtLUD(input.bitPattern, .towardZero, &$0) }
            T.expectResult(expected, flags) { FPU.fcvtWUS(Float(input).bitPattern, .towardZero, &$0) }
            T.expectResult(expected, flags) { FPU.fcvtLUS(Float(input).bitPattern, .towardZero, &$0) }
        }
        T.expectResult(Self.int32Minimum, nv) { FPU.fcvtWD(T.d(-3e9), .towardZero, &$0) }
        T.expectResult(Self.int32Maximum, nv) { FPU.fcvtWD(T.d(3e9), .towardZero, &$0) }
        T.expectResult(Self.int32Minimum, nv) { FPU.fcvtWS(T.s(-3e9), .towardZero, &$0) }
        T.expectResult(Self.int32Maximum, nv) { FPU.fcvtWS(T.s(3e9), .towardZero, &$0) }
        // rv64uf loads the expected word with lw: the 32-bit result is sign-extended, for wu too.
        T.expectResult(UInt64(0xffff_ffff_b2d0_5e00), none) { FPU.fcvtWUS(T.s(3e9), .towardZero, &$0) }
        T.expectResult(UInt64(3_000_000_000), none) { FPU.fcvtLUD(T.d(3e9), .towardZero, &$0) }
        T.expectResult(Self.int64Minimum, nv) { FPU.fcvtLD(T.d(-3e19), .towardZero, &$0) }
        T.expectResult(Self.int64Maximum, nv) { FPU.fcvtLD(T.d(3e19), .towardZero, &$0) }
        // The data tables: -NaN, NaN, -inf, +inf.
        let singles: [UInt32] = [0xffff_ffff, 0x7fff_ffff, 0xff80_0000, 0x7f80_0000]
        let doubles: [UInt64] = [0xffff_ffff_ffff_ffff, 0x7fff_ffff_ffff_ffff, 0xfff0_0000_0000_0000,
                                 0x7ff0_0000_0000_0000]
        let w: [UInt64] = [0x7fff_ffff, 0x7fff_ffff, 0xffff_ffff_8000_0000, 0x7fff_ffff]
        let l: [UInt64] = [0x7fff_ffff_ffff_ffff, 0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000,
                           0x7fff_ffff_ffff_ffff]
        let unsignedResults: [UInt64] = [Self.allOnes, Self.allOnes, 0, Self.allOnes]
        for index in 0..<4 {
            T.expectResult(w[index], nv) { FPU.fcvtWS(singles[index], .nearestEven, &$0) }
            T.expectResult(l[index], nv) { FPU.fcvtLS(singles[index], .nearestEven, &$0) }
            T.expectResult(unsignedResults[index], nv) { FPU.fcvtWUS(singles[index], .nearestEven, &$0) }
            T.expectResult(unsignedResults[index], nv) { FPU.fcvtLUS(singles[index], .nearestEven, &$0) }
            T.expectResult(w[index], nv) { FPU.fcvtWD(doubles[index], .nearestEven, &$0) }
            T.expectResult(l[index], nv) { FPU.fcvtLD(doubles[index], .nearestEven, &$0) }
            T.expectResult(unsignedResults[index], nv) { FPU.fcvtWUD(doubles[index], .nearestEven, &$0) }
            T.expectResult(unsignedResults[index], nv) { FPU.fcvtLUD(doubles[index], .nearestEven, &$0) }
        }
    }

    // MARK: Integer to float

    @Test func integerToDoubleRoundsInEachMode() {
        let nx = T.nx, none = T.none, sign: UInt64 = 1 << 63
        let p53 = T.d(0x1p53), p53plus2 = T.d(0x1p53 + 2), p53plus4 = T.d(0x1p53 + 4)
        // 2^53 + 1: halfway between 2^53 (even) and 2^53 + 2.
        T.expectEachMode([p53, p53, p53, p53plus2, p53plus2], nx) { FPU.fcvtDL(1 << 53 + 1, $0, &$1) }
        T.expectEachMode([p53, p53, p53plus2, p53, p53plus2].map { $0 | sign }, nx) {
            FPU.fcvtDL(UInt64(bitPattern: -(1 << 53 + 1)), $0, &$1)
        }
        // 2^53 + 3: halfway between 2^53 + 2 (odd significand) and 2^53 + 4 (even).
        T.expectEachMode([p53plus4, p53plus2, p53plus2, p53plus4, p53plus4], nx) {
            FPU.fcvtDL(1 << 53 + 3, $0, &$1)
        }
        T.expectAllModes(T.d(-0x1p63), none) { FPU.fcvtDL(1 << 63, $0, &$1) }
        let belowP63: UInt64 = 0x43df_ffff_ffff_ffff   // 2^63 - 1024
        T.expectEachMode([T.d(0x1p63), belowP63, belowP63, T.d(0x1p63), T.d(0x1p63)], nx) {
            FPU.fcvtDL(UInt64(Int64.max), $0, &$1)
        }
        T.expectAllModes(UInt64(0), none) { FPU.fcvtDL(0, $0, &$1) }   // +0 even in RDN
        // Unsigned above 2^63, where the spacing is 2048: the halve-with-sticky path.
        let p63 = T.d(0x1p63), next = T.d(0x1p63 + 2048), nextNext = T.d(0x1p63 + 4096)
        let p64 = T.d(0x1p64), belowP64: UInt64 = 0x43ef_ffff_ffff_ffff
        T.expectEachMode([p64, belowP64, belowP64, p64, p64], nx) { FPU.fcvtDLU(UInt64.max, $0, &$1) }
        T.expectEachMode([p63, p63, p63, next, next], nx) { FPU.fcvtDLU(1 << 63 + 1024, $0, &$1) }
        T.expectEachMode([p63, p63, p63, next, p63], nx) { FPU.fcvtDLU(1 << 63 + 1023, $0, &$1) }
        T.expectEachMode([next, p63, p63, next, next], nx) { FPU.fcvtDLU(1 << 63 + 1025, $0, &$1) }
        T.expectEachMode([p63, p63, p63, next, p63], nx) { FPU.fcvtDLU(1 << 63 + 1, $0, &$1) }
        T.expectEachMode([nextNext, next, next, nextNext, nextNext], nx) {
            FPU.fcvtDLU(1 << 63 + 3072, $0, &$1)
        }
        T.expectAllModes(p63, none) { FPU.fcvtDLU(1 << 63, $0, &$1) }
        T.expectAllModes(T.d(0x1p63 + 2048), none) { FPU.fcvtDLU(1 << 63 + 2048, $0, &$1) }
        // Below 2^63 the unsigned conversion is the signed one.
        T.expectEachMode([p53, p53, p53, p53plus2, p53plus2], nx) { FPU.fcvtDLU(1 << 53 + 1, $0, &$1) }
        // riscv-tests fcvt.S: fcvt.d.lu of -2 is 2^64 - 2, which rounds to 2^64.
        T.expectResult(T.d(1.8446744073709552e19), nx) { FPU.fcvtDLU(UInt64(bitPattern: -2), .nearestEven, &$0) }
        // 32-bit sources read only the low 32 bits; both are exact in double.
        T.expectAllModes(T.d(-1), none) { FPU.fcvtDW(0xffff_ffff, $0, &$1) }
        T.expectAllModes(T.d(-2147483648), none) { FPU.fcvtDW(0x1234_5678_8000_0000, $0, &$1) }
        T.expectAllModes(T.d(2), none) { FPU.fcvtDW(0xffff_ffff_0000_0002, $0, &$1) }
        T.expectAllModes(T.d(4294967295), none) { FPU.fcvtDWU(0x1234_5678_ffff_ffff, $0, &$1) }
        T.expectAllModes(T.d(4294967294), none) { FPU.fcvtDWU(UInt64(bitPattern: -2), $0, &$1) }
        T.expectAllModes(UInt64(0), none) { FPU.fcvtDWU(0xffff_ffff_0000_0000, $0, &$1) }
    }

    @Test func integerToSingleRoundsInEachMode() {
        let nx = T.nx, none = T.none, sign: UInt32 = 1 << 31
        let p24 = T.s(0x1p24), p24plus2 = T.s(0x1p24 + 2), p24plus4 = T.s(0x1p24 + 4)
        T.expectEachMode([p24, p24, p24, p24plus2, p24plus2], nx) { FPU.fcvtSW(1 << 24 + 1, $0, &$1) }
        T.expectEachMode([p24, p24, p24plus2, p24, p24plus2].map { $0 | sign }, nx) {
            FPU.fcvtSW(UInt64(bitPattern: -(1 << 24 + 1)), $0, &$1)
        }
        T.expectEachMode([p24plus4, p24plus2, p24plus2, p24plus4, p24plus4], nx) {
            FPU.fcvtSL(1 << 24 + 3, $0, &$1)
        }
        T.expectEachMode([p24, p24, p24plus2, p24, p24plus2].map { $0 | sign }, nx) {
            FPU.fcvtSL(UInt64(bitPattern: -(1 << 24 + 1)), $0, &$1)
        }
        T.expectAllModes(T.s(-0x1p31), none) { FPU.fcvtSW(0x8000_0000, $0, &$1) }
        let p31 = T.s(0x1p31), belowP31: UInt32 = 0x4eff_ffff
        T.expectEachMode([p31, belowP31, belowP31, p31, p31], nx) { FPU.fcvtSW(0x7fff_ffff, $0, &$1) }
        let p32 = T.s(0x1p32), belowP32: UInt32 = 0x4f7f_ffff
        T.expectEachMode([p32, belowP32, belowP32, p32, p32], nx) { FPU.fcvtSWU(0xffff_ffff, $0, &$1) }
        // riscv-tests fcvt.S: fcvt.s.wu of -2 (2^32 - 2) and fcvt.s.lu of -2 (2^64 - 2).
        T.expectResult(T.s(4.2949673e9), nx) { FPU.fcvtSWU(UInt64(bitPattern: -2), .nearestEven, &$0) }
        T.expectResult(T.s(1.8446744e19), nx) { FPU.fcvtSLU(UInt64(bitPattern: -2), .nearestEven, &$0) }
        T.expectResult(T.s(2), none) { FPU.fcvtSW(2, .nearestEven, &$0) }
        T.expectResult(T.s(-2), none) { FPU.fcvtSL(UInt64(bitPattern: -2), .nearestEven, &$0) }
        // Unsigned 64-bit above 2^63, where the spacing is 2^40.
        let p63 = T.s(0x1p63), next = T.s(0x1p63 + 0x1p40), p64 = T.s(0x1p64), belowP64: UInt32 = 0x5f7f_ffff
        T.expectEachMode([p64, belowP64, belowP64, p64, p64], nx) { FPU.fcvtSLU(UInt64.max, $0, &$1) }
        T.expectEachMode([p63, p63, p63, next, next], nx) { FPU.fcvtSLU(1 << 63 + 1 << 39, $0, &$1) }
        T.expectEachMode([p63, p63, p63, next, p63], nx) { FPU.fcvtSLU(1 << 63 + 1, $0, &$1) }
        T.expectAllModes(p63, none) { FPU.fcvtSLU(1 << 63, $0, &$1) }
        T.expectAllModes(UInt32(0), none) { FPU.fcvtSLU(0, $0, &$1) }
        T.expectAllModes(UInt32(0), none) { FPU.fcvtSW(0xffff_ffff_0000_0000, $0, &$1) }
    }

    // MARK: Between formats

    @Test func doubleToSingleRoundsWithFlags() {
        let nx = T.nx, none = T.none, ufnx = T.uf.union(T.nx), ofnx = T.of.union(T.nx), sign: UInt32 = 1 << 31
        let one = T.s(1), onePlusUlp = T.s(1 + 0x1p-23)
        T.expectEachMode([one, one, one, onePlusUlp, onePlusUlp], nx) { FPU.fcvtSD(T.d(1 + 0x1p-24), $0, &$1) }
        T.expectEachMode([one, one, onePlusUlp, one, onePlusUlp].map { $0 | sign }, nx) {
            FPU.fcvtSD(T.d(-1 - 0x1p-24), $0, &$1)
        }
        T.expectEachMode([onePlusUlp, one, one, onePlusUlp, onePlusUlp], nx) {
            FPU.fcvtSD(T.d(1 + 0x1p-24 + 0x1p-52), $0, &$1)
        }
        // Subnormal ties: 2^-150 (between 0 and 2^-149) and 2.5 * 2^-149.
        T.expectEachMode([0, 0, 0, 1, 1] as [UInt32], ufnx) { FPU.fcvtSD(T.d(0x1p-150), $0, &$1) }
        T.expectEachMode([2, 2, 2, 3, 3] as [UInt32], ufnx) { FPU.fcvtSD(T.d(0x5p-150), $0, &$1) }
        T.expectEachMode(([0, 0, 1, 0, 1] as [UInt32]).map { $0 | sign }, ufnx) {
            FPU.fcvtSD(T.d(-0x1p-150), $0, &$1)
        }
        // 2^-126 - 2^-151 rounds to 2^-126 at full precision in RNE, RUP and RMM: not tiny, no UF.
        T.expectEachMode([0x0080_0000, 0x007f_ffff, 0x007f_ffff, 0x0080_0000, 0x0080_0000] as [UInt32],
                         [nx, ufnx, ufnx, nx, nx]) { FPU.fcvtSD(0x380f_ffff_f000_0000, $0, &$1) }
        // Exact subnormal: no flags.
        T.expectAllModes(UInt32(1), none) { FPU.fcvtSD(T.d(0x1p-149), $0, &$1) }
        // Overflow, and the threshold 2^128 - 2^103 (largest single plus half an ulp).
        T.expectEachMode([T.infinityS, T.maximumS, T.maximumS, T.infinityS, T.infinityS], ofnx) {
            FPU.fcvtSD(T.d(1e300), $0, &$1)
        }
        T.expectEachMode([T.infinityS, T.maximumS, T.infinityS, T.maximumS, T.infinityS].map { $0 | sign }, ofnx) {
            FPU.fcvtSD(T.d(-1e300), $0, &$1)
        }
        T.expectEachMode([T.infinityS, T.maximumS, T.maximumS, T.infinityS, T.infinityS], [ofnx, nx, nx, ofnx, ofnx]) {
            FPU.fcvtSD(0x47ef_ffff_f000_0000, $0, &$1)
        }
        // Exact values, infinities, zeros, NaNs.
        T.expectAllModes(T.s(-1.5), none) { FPU.fcvtSD(T.d(-1.5), $0, &$1) }
        T.expectAllModes(T.infinityS | sign, none) { FPU.fcvtSD(T.infinityD | 1 << 63, $0, &$1) }
        T.expectAllModes(sign, none) { FPU.fcvtSD(1 << 63, $0, &$1) }
        T.expectAllModes(T.canonicalS, T.nv) { FPU.fcvtSD(T.signalingD, $0, &$1) }
        T.expectAllModes(T.canonicalS, none) { FPU.fcvtSD(0x7ffc_ffff_ffff_8004, $0, &$1) }   // riscv-tests
    }

    @Test func singleToDoubleIsExact() {
        let none = T.none
        T.expectAllModes(T.d(-1.5), none) { FPU.fcvtDS(T.s(-1.5), $0, &$1) }
        T.expectAllModes(T.d(0x1p-149), none) { FPU.fcvtDS(1, $0, &$1) }   // the smallest subnormal
        // -(2^23 - 1) * 2^-149 = -2^-127 * 1.11...1 (22 ones): a normal double.
        T.expectAllModes(UInt64(0xb80f_ffff_c000_0000), none) { FPU.fcvtDS(0x807f_ffff, $0, &$1) }
        T.expectAllModes(T.d(0x1p-126), none) { FPU.fcvtDS(0x0080_0000, $0, &$1) }
        T.expectAllModes(T.d(Double(Float.greatestFiniteMagnitude)), none) { FPU.fcvtDS(T.maximumS, $0, &$1) }
        T.expectAllModes(T.infinityD | 1 << 63, none) { FPU.fcvtDS(T.infinityS | 1 << 31, $0, &$1) }
        T.expectAllModes(UInt64(1) << 63, none) { FPU.fcvtDS(1 << 31, $0, &$1) }
        T.expectAllModes(T.canonicalD, T.nv) { FPU.fcvtDS(T.signalingS, $0, &$1) }
        T.expectAllModes(T.canonicalD, none) { FPU.fcvtDS(0xffc0_0001, $0, &$1) }
        // riscv-tests fcvt.S: a quiet double NaN through fcvt.s.d then fcvt.d.s is the canonical NaN.
        var flags = FloatingPointFlags()
        let roundTrip = FPU.fcvtDS(FPU.fcvtSD(0x7ffc_ffff_ffff_8004, .nearestEven, &flags), .nearestEven, &flags)
        #expect(roundTrip == T.canonicalD)
        #expect(flags == none)
    }
}
