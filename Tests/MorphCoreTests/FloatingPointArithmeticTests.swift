// RISC-V "F" and "D" extensions (RISC-V Unprivileged ISA): add, sub, mul, div, sqrt and the fused
// multiply-adds, in every rounding mode, with their exception flags. Expected values come from IEEE 754
// reasoning written beside each case (every literal is exactly representable) and from the official
// riscv-tests vectors (isa/rv64uf and isa/rv64ud).
import MorphCore
import Testing

private typealias FPU = FloatingPointUnit
private typealias T = FloatingPointTesting

@Suite("FloatingPoint arithmetic")
struct FloatingPointArithmeticTests {
    // MARK: riscv-tests vectors (RNE, the tests' default frm)

    @Test func riscvTestsDoubleVectors() {
        let nx = T.nx, none = T.none
        func op2(_ f: (UInt64, UInt64, RoundingMode, inout FloatingPointFlags) -> UInt64,
                 _ flags: FloatingPointFlags, _ expected: Double, _ a: Double, _ b: Double,
                 sourceLocation: SourceLocation = #_sourceLocation) {
            T.expectResult(expected.bitPattern, flags, sourceLocation: sourceLocation) {
                f(a.bitPattern, b.bitPattern, .nearestEven, &$0)
            }
        }
        func op3(_ f: (UInt64, UInt64, UInt64, RoundingMode, inout FloatingPointFlags) -> UInt64,
                 _ flags: FloatingPointFlags, _ expected: Double, _ a: Double, _ b: Double, _ c: Double,
                 sourceLocation: SourceLocation = #_sourceLocation) {
            T.expectResult(expected.bitPattern, flags, sourceLocation: sourceLocation) {
                f(a.bitPattern, b.bitPattern, c.bitPattern, .nearestEven, &$0)
            }
        }
        // isa/rv64ud/fadd.S
        op2(FPU.faddD, none, 3.5, 2.5, 1.0)
        op2(FPU.faddD, nx, -1234, -1235.1, 1.1)
        op2(FPU.faddD, nx, 3.14159266, 3.14159265, 0.00000001)
        op2(FPU.fsubD, none, 1.5, 2.5, 1.0)
        op2(FPU.fsubD, nx, -1234, -1235.1, -1.1)
        op2(FPU.fsubD, nx, 3.1415926400000001, 3.14159265, 0.00000001)
        op2(FPU.fmulD, none, 2.5, 2.5, 1.0)
        op2(FPU.fmulD, nx, 1358.61, -1235.1, -1.1)
        op2(FPU.fmulD, nx, 3.14159265e-8, 3.14159265, 0.00000001)
        T.expectResult(T.canonicalD, T.nv) { FPU.fsubD(T.infinityD, T.infinityD, .nearestEven, &$0) }
        // isa/rv64ud/fdiv.S
        op2(FPU.fdivD, nx, 1.1557273520668288, 3.14159265, 2.71828182)
        op2(FPU.fdivD, nx, -0.9991093838555584, -1234, 1235.1)
        op2(FPU.fdivD, none, 3.14159265, 3.14159265, 1.0)
        for (expected, a, flags) in [(1.7724538498928541, 3.14159265, nx), (100, 10000, none),
                                     (13.076696830622021, 171.0, nx),
                                     (0.00040099251863345283320230749702, 1.60795e-7, nx)] {
            T.expectResult(expected.bitPattern, flags) { FPU.fsqrtD(a.bitPattern, .nearestEven, &$0) }
        }
        T.expectResult(T.canonicalD, T.nv) { FPU.fsqrtD(T.d(-1.0), .nearestEven, &$0) }
        // isa/rv64ud/fmadd.S
        op3(FPU.fmaddD, none, 3.5, 1.0, 2.5, 1.0)
        op3(FPU.fmaddD, nx, 1236.1999999999999, -1.0, -1235.1, 1.1)
        op3(FPU.fmaddD, none, -12.0, 2.0, -5.0, -2.0)
        op3(FPU.fnmaddD, none, -3.5, 1.0, 2.5, 1.0)
        op3(FPU.fnmaddD, nx, -1236.1999999999999, -1.0, -1235.1, 1.1)
        op3(FPU.fnmaddD, none, 12.0, 2.0, -5.0, -2.0)
        op3(FPU.fmsubD, none, 1.5, 1.0, 2.5, 1.0)
        op3(FPU.fmsubD, nx, 1234, -1.0, -1235.1, 1.1)
        op3(FPU.fmsubD, none, -8.0, 2.0, -5.0, -2.0)
        op3(FPU.fnmsubD, none, -1.5, 1.0, 2.5, 1.0)
        op3(FPU.fnmsubD, nx, -1234, -1.0, -1235.1, 1.1)
        op3(FPU.fnmsubD, none, 8.0, 2.0, -5.0, -2.0)
    }

    @Test func riscvTestsSingleVectors() {
        let nx = T.nx, none = T.none
        func op2(_ f: (UInt32, UInt32, RoundingMode, inout FloatingPointFlags) -> UInt32,
                 _ flags: FloatingPointFlags, _ expected: Float, _ a: Float, _ b: Float,
                 sourceLocation: SourceLocation = #_sourceLocation) {
            T.expectResult(expected.bitPattern, flags, sourceLocation: sourceLocation) {
                f(a.bitPattern, b.bitPattern, .nearestEven, &$0)
            }
        }
        func op3(_ f: (UInt32, UInt32, UInt32, RoundingMode, inout FloatingPointFlags) -> UInt32,
                 _ flags: FloatingPointFlags, _ expected: Float, _ a: Float, _ b: Float, _ c: Float,
                 sourceLocation: SourceLocation = #_sourceLocation) {
            T.expectResult(expected.bitPattern, flags, sourceLocation: sourceLocation) {
                f(a.bitPattern, b.bitPattern, c.bitPattern, .nearestEven, &$0)
            }
        }
        // isa/rv64uf/fadd.S
        op2(FPU.faddS, none, 3.5, 2.5, 1.0)
        op2(FPU.faddS, nx, -1234, -1235.1, 1.1)
        op2(FPU.faddS, nx, 3.14159265, 3.14159265, 0.00000001)
        op2(FPU.fsubS, none, 1.5, 2.5, 1.0)
        op2(FPU.fsubS, nx, -1234, -1235.1, -1.1)
        op2(FPU.fsubS, nx, 3.14159265, 3.14159265, 0.00000001)
        op2(FPU.fmulS, none, 2.5, 2.5, 1.0)
        op2(FPU.fmulS, nx, 1358.61, -1235.1, -1.1)
        op2(FPU.fmulS, nx, 3.14159265e-8, 3.14159265, 0.00000001)
        T.expectResult(T.canonicalS, T.nv) { FPU.fsubS(T.infinityS, T.infinityS, .nearestEven, &$0) }
        // isa/rv64uf/fdiv.S
        op2(FPU.fdivS, nx, 1.1557273520668288, 3.14159265, 2.71828182)
        op2(FPU.fdivS, nx, -0.9991093838555584, -1234, 1235.1)
        op2(FPU.fdivS, none, 3.14159265, 3.14159265, 1.0)
        for (expected, a, flags) in [(Float(1.7724538498928541), Float(3.14159265), nx), (100, 10000, none),
                                     (13.076696, 171.0, nx)] {
            T.expectResult(expected.bitPattern, flags) { FPU.fsqrtS(a.bitPattern, .nearestEven, &$0) }
        }
        T.expectResult(T.canonicalS, T.nv) { FPU.fsqrtS(T.s(-1.0), .nearestEven, &$0) }
        // isa/rv64uf/fmadd.S
        op3(FPU.fmaddS, none, 3.5, 1.0, 2.5, 1.0)
        op3(FPU.fmaddS, nx, 1236.2, -1.0, -1235.1, 1.1)
        op3(FPU.fmaddS, none, -12.0, 2.0, -5.0, -2.0)
        op3(FPU.fnmaddS, none, -3.5, 1.0, 2.5, 1.0)
        op3(FPU.fnmaddS, nx, -1236.2, -1.0, -1235.1, 1.1)
        op3(FPU.fnmaddS, none, 12.0, 2.0, -5.0, -2.0)
        op3(FPU.fmsubS, none, 1.5, 1.0, 2.5, 1.0)
        op3(FPU.fmsubS, nx, 1234, -1.0, -1235.1, 1.1)
        op3(FPU.fmsubS, none, -8.0, 2.0, -5.0, -2.0)
        op3(FPU.fnmsubS, none, -1.5, 1.0, 2.5, 1.0)
        op3(FPU.fnmsubS, nx, -1234, -1.0, -1235.1, 1.1)
        op3(FPU.fnmsubS, none, 8.0, 2.0, -5.0, -2.0)
    }

    // MARK: Rounding modes on inexact sums (mode order: RNE, RTZ, RDN, RUP, RMM)

    @Test func additionRoundsInEachModeIncludingTies() {
        let one = T.d(1), onePlusUlp = T.d(1 + 0x1p-52), onePlusTwoUlps = T.d(1 + 0x1p-51)
        // 1 + 2^-53 is exactly halfway between 1 (even) and 1 + 2^-52: RNE keeps 1, RMM goes away.
        T.expectEachMode([one, one, one, onePlusUlp, onePlusUlp], T.nx) {
            FPU.faddD(T.d(1), T.d(0x1p-53), $0, &$1)
        }
        // The negative mirror: RDN and RMM go away from zero, RUP and RTZ towards it.
        T.expectEachMode([one, one, onePlusUlp, one, onePlusUlp].map { $0 | 1 << 63 }, T.nx) {
            FPU.faddD(T.d(-1), T.d(-0x1p-53), $0, &$1)
        }
        // (1 + 2^-52) + 2^-53: a tie whose even neighbour is the larger one: RNE and RMM agree.
        T.expectEachMode([onePlusTwoUlps, onePlusUlp, onePlusUlp, onePlusTwoUlps, onePlusTwoUlps], T.nx) {
            FPU.faddD(onePlusUlp, T.d(0x1p-53), $0, &$1)
        }
        // 1 + 2^-54: a quarter of an ulp, below the tie: only RUP moves.
        T.expectEachMode([one, one, one, onePlusUlp, one], T.nx) { FPU.faddD(one, T.d(0x1p-54), $0, &$1) }
        // 1 + 3 * 2^-54: three quarters of an ulp: every nearest mode rounds up.
        T.expectEachMode([onePlusUlp, one, one, onePlusUlp, onePlusUlp], T.nx) {
            FPU.faddD(one, T.d(0x3p-54), $0, &$1)
        }
        // 1 - 2^-54 is halfway between 1 - 2^-53 (odd, the largest below 1) and 1 (even).
        let belowOne = T.d(1 - 0x1p-53)
        T.expectEachMode([one, belowOne, belowOne, one, one], T.nx) { FPU.fsubD(one, T.d(0x1p-54), $0, &$1) }
        // Exact sums raise nothing in any mode.
        T.expectAllModes(T.d(0x1.8p0), T.none) { FPU.faddD(one, T.d(0.5), $0, &$1) }
    }

    @Test func singleAdditionRoundsInEachModeIncludingTies() {
        let one = T.s(1), onePlusUlp = T.s(1 + 0x1p-23)
        T.expectEachMode([one, one, one, onePlusUlp, onePlusUlp], T.nx) {
            FPU.faddS(one, T.s(0x1p-24), $0, &$1)
        }
        T.expectEachMode([one, one, onePlusUlp, one, onePlusUlp].map { $0 | 1 << 31 }, T.nx) {
            FPU.fsubS(T.s(-1), T.s(0x1p-24), $0, &$1)
        }
        T.expectEachMode([T.s(1 + 0x1p-22), onePlusUlp, onePlusUlp, T.s(1 + 0x1p-22), T.s(1 + 0x1p-22)], T.nx) {
            FPU.faddS(onePlusUlp, T.s(0x1p-24), $0, &$1)
        }
        T.expectEachMode([one, one, one, onePlusUlp, one], T.nx) { FPU.faddS(one, T.s(0x1p-25), $0, &$1) }
    }

    // MARK: Products, quotients and fused results

    @Test func multiplicationTiesDifferBetweenNearestModes() {
        // (1 + 2^-27)(1 + 2^-26) = 1 + 3*2^-27 + 2^-53 exactly: halfway between 1 + 3*2^-27 (even last bit)
        // and 1 + 3*2^-27 + 2^-52.
        let lower = T.d(1 + 0x3p-27), upper = T.d(1 + 0x3p-27 + 0x1p-52)
        T.expectEachMode([lower, lower, lower, upper, upper], T.nx) {
            FPU.fmulD(T.d(1 + 0x1p-27), T.d(1 + 0x1p-26), $0, &$1)
        }
        T.expectEachMode([lower, lower, upper, lower, upper].map { $0 | 1 << 63 }, T.nx) {
            FPU.fmulD(T.d(-1 - 0x1p-27), T.d(1 + 0x1p-26), $0, &$1)
        }
        // Single: (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24, halfway between 1 + 2^-11 and 1 + 2^-11 + 2^-23.
        let lowerS = T.s(1 + 0x1p-11), upperS = T.s(1 + 0x1p-11 + 0x1p-23)
        T.expectEachMode([lowerS, lowerS, lowerS, upperS, upperS], T.nx) {
            FPU.fmulS(T.s(1 + 0x1p-12), T.s(1 + 0x1p-12), $0, &$1)
        }
        T.expectEachMode([lowerS, lowerS, upperS, lowerS, upperS].map { $0 | 1 << 31 }, T.nx) {
            FPU.fmulS(T.s(1 + 0x1p-12), T.s(-1 - 0x1p-12), $0, &$1)
        }
    }

    @Test func fusedMultiplyAddRoundsOnceInEachMode() {
        // a*b + c = 1 + 3*2^-27 + 2^-51 + 2^-53: a tie above an even neighbour.
        let a = T.d(1 + 0x1p-27), b = T.d(1 + 0x1p-26), c = T.d(0x1p-51)
        let lower = T.d(1 + 0x3p-27 + 0x1p-51), upper = T.d(1 + 0x3p-27 + 0x3p-52)
        T.expectEachMode([lower, lower, lower, upper, upper], T.nx) { FPU.fmaddD(a, b, c, $0, &$1) }
        // fnmadd = -(a*b) - c: the exact negation, so the mirror image.
        T.expectEachMode([lower, lower, upper, lower, upper].map { $0 | 1 << 63 }, T.nx) {
            FPU.fnmaddD(a, b, c, $0, &$1)
        }
        // fmsub = a*b - (-c) and fnmsub = -(a*b) + (-c) give the same two values.
        T.expectEachMode([lower, lower, lower, upper, upper], T.nx) {
            FPU.fmsubD(a, b, c | 1 << 63, $0, &$1)
        }
        T.expectEachMode([lower, lower, upper, lower, upper].map { $0 | 1 << 63 }, T.nx) {
            FPU.fnmsubD(a, b, c | 1 << 63, $0, &$1)
        }
        // One rounding: (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly; a separate product would round to 1.
        T.expectAllModes(T.d(-0x1p-104), T.none) {
            FPU.fmaddD(T.d(1 + 0x1p-52), T.d(1 - 0x1p-52), T.d(-1), $0, &$1)
        }
        // Single: (1 + 2^-12)^2 + 2^-22 = 1 + 2^-11 + 2^-22 + 2^-24: a tie above an even neighbour.
        let lowerS = T.s(1 + 0x1p-11 + 0x1p-22), upperS = T.s(1 + 0x1p-11 + 0x3p-23)
        T.expectEachMode([lowerS, lowerS, lowerS, upperS, upperS], T.nx) {
            FPU.fmaddS(T.s(1 + 0x1p-12), T.s(1 + 0x1p-12), T.s(0x1p-22), $0, &$1)
        }
        T.expectEachMode([lowerS, lowerS, upperS, lowerS, upperS].map { $0 | 1 << 31 }, T.nx) {
            FPU.fnmaddS(T.s(1 + 0x1p-12), T.s(1 + 0x1p-12), T.s(0x1p-22), $0, &$1)
        }
        T.expectAllModes(T.s(-0x1p-46), T.none) {
            FPU.fmaddS(T.s(1 + 0x1p-23), T.s(1 - 0x1p-23), T.s(-1), $0, &$1)
        }
    }

    @Test func divisionAndSquareRootRoundInEachMode() {
        // 1/3 = 1.0101...b * 2^-2: the kept fraction is 0x5555555555555 and the dropped bits 0101... are below
        // half an ulp, so nearest rounds down and only the directed mode away from zero rounds up.
        let third = UInt64(0x3fd5_5555_5555_5555)
        T.expectEachMode([third, third, third, third + 1, third], T.nx) { FPU.fdivD(T.d(1), T.d(3), $0, &$1) }
        T.expectEachMode([third, third, third + 1, third, third].map { $0 | 1 << 63 }, T.nx) {
            FPU.fdivD(T.d(-1), T.d(3), $0, &$1)
        }
        // 2/3 = 2 * (1/3) exactly: the same significand one binade up, the same rounding.
        let twoThirdsDown = UInt64(0x3fe5_5555_5555_5555)
        T.expectEachMode([twoThirdsDown, twoThirdsDown, twoThirdsDown, twoThirdsDown + 1, twoThirdsDown], T.nx) {
            FPU.fdivD(T.d(2), T.d(3), $0, &$1)
        }
        // sqrt(2): the nearest double 0x3FF6A09E667F3BCD lies above it (checked with exact integer
        // square roots), so RTZ and RDN give the one below.
        let root = UInt64(0x3ff6_a09e_667f_3bcd)
        T.expectEachMode([root, root - 1, root - 1, root, root], T.nx) { FPU.fsqrtD(T.d(2), $0, &$1) }
        // Single sqrt(2): the nearest 0x3FB504F3 lies below it.
        let rootS = UInt32(0x3fb5_04f3)
        T.expectEachMode([rootS, rootS, rootS, rootS + 1, rootS], T.nx) { FPU.fsqrtS(T.s(2), $0, &$1) }
        T.expectAllModes(T.d(-0.0), T.none) { FPU.fsqrtD(T.d(-0.0), $0, &$1) }
        T.expectAllModes(T.d(0x1p-537), T.none) { FPU.fsqrtD(1, $0, &$1) }   // sqrt(2^-1074) is exact
    }

    // MARK: Overflow, underflow

    @Test func overflowGivesInfinityOrLargestFiniteByMode() {
        let inf = T.infinityD, max = T.maximumD, sign: UInt64 = 1 << 63
        let ofnx = T.of.union(T.nx)
        T.expectEachMode([inf, max, max, inf, inf], ofnx) { FPU.faddD(max, max, $0, &$1) }
        T.expectEachMode([inf, max, inf, max, inf].map { $0 | sign }, ofnx) {
            FPU.faddD(max | sign, max | sign, $0, &$1)
        }
        T.expectEachMode([inf, max, inf, max, inf].map { $0 | sign }, ofnx) { FPU.fmulD(max, T.d(-2), $0, &$1) }
        // MAX + half an ulp (2^970) is the overflow threshold of the nearest modes: RNE and RMM overflow;
        // RTZ and RDN round to MAX without overflowing (the unbounded rounding is MAX).
        T.expectEachMode([inf, max, max, inf, inf], [ofnx, T.nx, T.nx, ofnx, ofnx]) {
            FPU.faddD(max, T.d(0x1p970), $0, &$1)
        }
        // Below the threshold only RUP overflows.
        T.expectEachMode([max, max, max, inf, max], [T.nx, T.nx, T.nx, ofnx, T.nx]) {
            FPU.faddD(max, T.d(0x1p969), $0, &$1)
        }
        // Division overflow.
        T.expectEachMode([inf, max, max, inf, inf], ofnx) { FPU.fdivD(max, T.d(0.5), $0, &$1) }
        // Single precision.
        let infS = T.infinityS, maxS = T.maximumS, signS: UInt32 = 1 << 31
        T.expectEachMode([infS, maxS, maxS, infS, infS], ofnx) { FPU.fmulS(maxS, T.s(2), $0, &$1) }
        T.expectEachMode([infS, maxS, infS, maxS, infS].map { $0 | signS }, ofnx) {
            FPU.faddS(maxS | signS, maxS | signS, $0, &$1)
        }
        T.expectEachMode([infS, maxS, maxS, infS, infS], [ofnx, T.nx, T.nx, ofnx, ofnx]) {
            FPU.faddS(maxS, T.s(0x1p103), $0, &$1)
        }
        T.expectEachMode([infS, maxS, maxS, infS, infS], ofnx) {
            FPU.fmaddS(maxS, T.s(2), T.s(-1), $0, &$1)
        }
        // Infinite operands are exact: no overflow.
        T.expectAllModes(inf, T.none) { FPU.faddD(inf, T.d(1), $0, &$1) }
    }

    @Test func underflowIsDetectedAfterRounding() {
        let ufnx = T.uf.union(T.nx)
        // (2^-1022 - 2^-1074)(1 + 2^-52) = 2^-1022 - 2^-1126. Rounded to 53 bits with an unbounded exponent
        // it is 2^-1022 in RNE, RUP and RMM: not tiny, so no UF although the result is inexact.
        // In RTZ and RDN it stays below 2^-1022: tiny and inexact, UF.
        let largestSubnormal: UInt64 = 0x000f_ffff_ffff_ffff, smallestNormal: UInt64 = 0x0010_0000_0000_0000
        T.expectEachMode([smallestNormal, largestSubnormal, largestSubnormal, smallestNormal, smallestNormal],
                         [T.nx, ufnx, ufnx, T.nx, T.nx]) {
            FPU.fmulD(largestSubnormal, T.d(1 + 0x1p-52), $0, &$1)
        }
        // Single: (2^-126 - 2^-149)(1 + 2^-23) = 2^-126 - 2^-172.
        T.expectEachMode([0x0080_0000, 0x007f_ffff, 0x007f_ffff, 0x0080_0000, 0x0080_0000] as [UInt32],
                         [T.nx, ufnx, ufnx, T.nx, T.nx]) {
            FPU.fmulS(0x007f_ffff, T.s(1 + 0x1p-23), $0, &$1)
        }
        // An exact subnormal result raises nothing.
        T.expectAllModes(UInt64(0x0008_0000_0000_0000), T.none) { FPU.fmulD(smallestNormal, T.d(0.5), $0, &$1) }
        T.expectAllModes(UInt64(3), T.none) { FPU.fsubD(5, 2, $0, &$1) }
        // 2^-1074 / 2 = 2^-1075: halfway between 0 (even) and 2^-1074.
        T.expectEachMode([0, 0, 0, 1, 1] as [UInt64], ufnx) { FPU.fdivD(1, T.d(2), $0, &$1) }
        T.expectEachMode(([0, 0, 1, 0, 1] as [UInt64]).map { $0 | 1 << 63 }, ufnx) {
            FPU.fmulD(1, T.d(-0.5), $0, &$1)
        }
        // 5 * 2^-1074 / 2 = 2.5 * 2^-1074: RNE picks 2 (even), RMM 3.
        T.expectEachMode([2, 2, 2, 3, 3] as [UInt64], ufnx) { FPU.fmulD(5, T.d(0.5), $0, &$1) }
        // 3 * 2^-1074 / 2 = 1.5 * 2^-1074: RNE and RMM both pick 2.
        T.expectEachMode([2, 1, 1, 2, 2] as [UInt64], ufnx) { FPU.fmulD(3, T.d(0.5), $0, &$1) }
        // 0.75 * 2^-1074 (a subnormal tie-free case) and a fused result landing in the subnormals.
        T.expectEachMode([1, 0, 0, 1, 1] as [UInt64], ufnx) { FPU.fmulD(1, T.d(0.75), $0, &$1) }
        T.expectEachMode([0, 0, 0, 1, 1] as [UInt64], ufnx) { FPU.fmaddD(1, T.d(0.5), 0, $0, &$1) }
        // Single-precision subnormal ties: 2^-149 / 2 and 5 * 2^-149 / 2.
        T.expectEachMode([0, 0, 0, 1, 1] as [UInt32], ufnx) { FPU.fdivS(1, T.s(2), $0, &$1) }
        T.expectEachMode([2, 2, 2, 3, 3] as [UInt32], ufnx) { FPU.fmulS(5, T.s(0.5), $0, &$1) }
        T.expectEachMode([0, 0, 0, 1, 1] as [UInt32], ufnx) { FPU.fmaddS(1, T.s(0.5), 0, $0, &$1) }
    }

    // MARK: Signed zeros

    @Test func exactZeroSumsArePositiveExceptRoundingDown() {
        let plus: UInt64 = 0, minus: UInt64 = 1 << 63
        // "x - x = +0 in all rounding modes except roundTowardNegative, where it is -0".
        T.expectEachMode([plus, plus, minus, plus, plus], T.none) { FPU.fsubD(T.d(1.5), T.d(1.5), $0, &$1) }
        T.expectEachMode([plus, plus, minus, plus, plus], T.none) { FPU.faddD(T.d(-3), T.d(3), $0, &$1) }
        T.expectEachMode([plus, plus, minus, plus, plus], T.none) { FPU.faddD(plus, minus, $0, &$1) }
        T.expectAllModes(minus, T.none) { FPU.faddD(minus, minus, $0, &$1) }
        T.expectAllModes(plus, T.none) { FPU.fsubD(plus, minus, $0, &$1) }
        T.expectAllModes(minus, T.none) { FPU.fmulD(minus, T.d(5), $0, &$1) }
        T.expectAllModes(minus, T.none) { FPU.fdivD(plus, T.d(-5), $0, &$1) }
        // Fused: the product's sign takes part. (+0) + (-0) and -(+0) + (+0) follow the sum rule;
        // -(+0) - (+0) = (-0) + (-0) = -0.
        T.expectEachMode([plus, plus, minus, plus, plus], T.none) { FPU.fmaddD(T.d(1), plus, minus, $0, &$1) }
        T.expectEachMode([plus, plus, minus, plus, plus], T.none) { FPU.fnmsubD(T.d(1), plus, plus, $0, &$1) }
        T.expectAllModes(minus, T.none) { FPU.fnmaddD(T.d(1), plus, plus, $0, &$1) }
        T.expectEachMode([plus, plus, minus, plus, plus], T.none) { FPU.fmsubD(plus, T.d(1), plus, $0, &$1) }
        // A cancelling fused result: 2 * 3 - 6.
        T.expectEachMode([plus, plus, minus, plus, plus], T.none) { FPU.fmsubD(T.d(2), T.d(3), T.d(6), $0, &$1) }
        // Single precision.
        T.expectEachMode([0, 0, 1 << 31, 0, 0] as [UInt32], T.none) { FPU.fsubS(T.s(1.5), T.s(1.5), $0, &$1) }
        T.expectEachMode([0, 0, 1 << 31, 0, 0] as [UInt32], T.none) {
            FPU.fmaddS(T.s(2), T.s(3), T.s(-6), $0, &$1)
        }
        T.expectAllModes(UInt32(1 << 31), T.none) { FPU.fnmaddS(T.s(1), 0, 0, $0, &$1) }
    }

    // MARK: NaNs, invalid operations, division by zero

    @Test func nanResultsAreCanonicalAndSignalingInputsRaiseInvalid() {
        let nan = T.canonicalD, nv = T.nv, none = T.none
        T.expectAllModes(nan, nv) { FPU.faddD(T.signalingD, T.d(1), $0, &$1) }
        T.expectAllModes(nan, none) { FPU.faddD(T.quietPayloadD, T.d(1), $0, &$1) }
        T.expectAllModes(nan, none) { FPU.fmulD(T.d(2), 0xfff8_0000_0000_0001, $0, &$1) }   // negative qNaN
        T.expectAllModes(nan, nv) { FPU.fdivD(T.quietPayloadD, T.signalingD, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fsqrtD(T.signalingD, $0, &$1) }
        T.expectAllModes(nan, none) { FPU.fsqrtD(T.quietPayloadD, $0, &$1) }
        T.expectAllModes(T.canonicalS, nv) { FPU.faddS(T.signalingS, T.s(1), $0, &$1) }
        T.expectAllModes(T.canonicalS, none) { FPU.fmulS(T.quietPayloadS, T.s(1), $0, &$1) }
        T.expectAllModes(T.canonicalS, nv) { FPU.fsqrtS(T.signalingS, $0, &$1) }
    }

    @Test func invalidOperations() {
        let nan = T.canonicalD, inf = T.infinityD, nv = T.nv, sign: UInt64 = 1 << 63
        T.expectAllModes(nan, nv) { FPU.faddD(inf, inf | sign, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fsubD(inf | sign, inf | sign, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fmulD(0, inf, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fmulD(inf | sign, sign, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fdivD(0, sign, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fdivD(inf, inf | sign, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fsqrtD(T.d(-1), $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fsqrtD(inf | sign, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fsqrtD(1 | sign, $0, &$1) }   // a negative subnormal
        T.expectAllModes(inf, T.none) { FPU.fsqrtD(inf, $0, &$1) }
        T.expectAllModes(inf, T.none) { FPU.faddD(inf, inf, $0, &$1) }
        let nanS = T.canonicalS, infS = T.infinityS
        T.expectAllModes(nanS, nv) { FPU.faddS(infS, infS | 1 << 31, $0, &$1) }
        T.expectAllModes(nanS, nv) { FPU.fmulS(infS, 0, $0, &$1) }
        T.expectAllModes(nanS, nv) { FPU.fdivS(0, 0, $0, &$1) }
        T.expectAllModes(nanS, nv) { FPU.fdivS(infS, infS, $0, &$1) }
        T.expectAllModes(nanS, nv) { FPU.fsqrtS(T.s(-2), $0, &$1) }
        T.expectAllModes(UInt32(1 << 31), T.none) { FPU.fsqrtS(1 << 31, $0, &$1) }
    }

    @Test func fusedMultiplyAddInvalidCases() {
        let nan = T.canonicalD, inf = T.infinityD, nv = T.nv, sign: UInt64 = 1 << 63
        // "The fused multiply-add instructions must set the invalid operation exception flag when the
        // multiplicands are inf and zero, even when the addend is a quiet NaN." (x86 does not.)
        T.expectAllModes(nan, nv) { FPU.fmaddD(0, inf, T.quietPayloadD, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fmaddD(inf, sign, T.canonicalD, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fnmaddD(inf | sign, 0, T.quietPayloadD, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fmsubD(0, inf, T.canonicalD, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fnmsubD(0, inf, T.d(1), $0, &$1) }
        // inf - inf inside the fused operation.
        T.expectAllModes(nan, nv) { FPU.fmaddD(inf, T.d(1), inf | sign, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fmsubD(inf, T.d(2), inf, $0, &$1) }
        T.expectAllModes(inf | sign, T.none) { FPU.fnmaddD(inf, T.d(2), inf, $0, &$1) }
        // Signalling NaNs anywhere; quiet NaNs with nothing invalid raise nothing.
        T.expectAllModes(nan, nv) { FPU.fmaddD(T.d(1), T.d(1), T.signalingD, $0, &$1) }
        T.expectAllModes(nan, nv) { FPU.fmaddD(T.signalingD, T.d(1), T.d(1), $0, &$1) }
        T.expectAllModes(nan, T.none) { FPU.fmaddD(T.quietPayloadD, 0, T.d(1), $0, &$1) }
        T.expectAllModes(nan, T.none) { FPU.fmaddD(T.d(1), T.d(2), T.quietPayloadD, $0, &$1) }
        // Single precision.
        let infS = T.infinityS
        T.expectAllModes(T.canonicalS, nv) { FPU.fmaddS(0, infS, T.quietPayloadS, $0, &$1) }
        T.expectAllModes(T.canonicalS, nv) { FPU.fnmsubS(infS, 1 << 31, T.canonicalS, $0, &$1) }
        T.expectAllModes(T.canonicalS, nv) { FPU.fmaddS(infS, T.s(1), infS | 1 << 31, $0, &$1) }
        T.expectAllModes(T.canonicalS, T.none) { FPU.fmaddS(T.quietPayloadS, 0, T.s(1), $0, &$1) }
    }

    @Test func divisionByZero() {
        let inf = T.infinityD, sign: UInt64 = 1 << 63
        T.expectAllModes(inf, T.dz) { FPU.fdivD(T.d(1), 0, $0, &$1) }
        T.expectAllModes(inf | sign, T.dz) { FPU.fdivD(T.d(-1), 0, $0, &$1) }
        T.expectAllModes(inf | sign, T.dz) { FPU.fdivD(1, sign, $0, &$1) }   // subnormal / -0
        T.expectAllModes(inf, T.none) { FPU.fdivD(inf, 0, $0, &$1) }       // infinity is exact, not DZ
        T.expectAllModes(T.canonicalD, T.none) { FPU.fdivD(T.quietPayloadD, 0, $0, &$1) }
        T.expectAllModes(UInt64(0), T.none) { FPU.fdivD(T.d(1), inf, $0, &$1) }
        T.expectAllModes(T.infinityS | 1 << 31, T.dz) { FPU.fdivS(T.s(3), 1 << 31, $0, &$1) }
        T.expectAllModes(T.infinityS, T.dz) { FPU.fdivS(T.s(-3), 1 << 31, $0, &$1) }
    }
}
