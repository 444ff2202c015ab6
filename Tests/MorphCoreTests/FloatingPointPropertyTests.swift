// Randomized properties of the RISC-V "F" and "D" extensions (RISC-V Unprivileged ISA) on thousands of
// seeded inputs: the hardware path against the exact software path, round-to-nearest-even against Swift's
// own IEEE arithmetic, the directed modes bracketing the exact result, RMM differing from RNE exactly on
// ties (found independently with error-free transformations), float-to-integer conversions against
// Swift's `rounded(_:)`, and the host's MXCSR left alone.
import MorphCore
import Testing

private typealias FPU = FloatingPointUnit
private typealias Reference = FloatingPointReference
private typealias T = FloatingPointTesting

/// Keeps the optimizer from folding a value at compile time (so native arithmetic runs at run time).
@inline(never) private func opaque(_ value: Double) -> Double { value }

@Suite("FloatingPoint properties")
struct FloatingPointPropertyTests {
    static let iterations = 20_000

    // MARK: Hardware against the exact software path

    @Test func hardwareMatchesExactSoftwareInEveryMode() {
        var random = FloatingPointRandom(seed: 0x5eed_0001)
        var mismatches = 0
        func check<V: FixedWidthInteger>(_ name: String, _ inputs: [UInt64], _ mode: RoundingMode,
                                         _ hardware: (inout FloatingPointFlags) -> V,
                                         _ software: (inout FloatingPointFlags) -> V) {
            var hardwareFlags = FloatingPointFlags(), softwareFlags = FloatingPointFlags()
            let fromHardware = hardware(&hardwareFlags), fromSoftware = software(&softwareFlags)
            if fromHardware != fromSoftware || hardwareFlags != softwareFlags {
                mismatches += 1
                if mismatches <= 10 {
                    Issue.record("""
                        \(name) \(mode) \(inputs.map(T.hex)): hardware \(T.hex(fromHardware)) \
                        \(T.describe(hardwareFlags)), software \(T.hex(fromSoftware)) \(T.describe(softwareFlags))
                        """)
                }
            }
        }
        for _ in 0..<Self.iterations {
            let mode = T.modes[Int(random.below(5))]
            let a = random.finiteDouble(), b = random.finiteDouble(), c = random.finiteDouble()
            check("fadd.d", [a, b], mode, { FPU.faddD(a, b, mode, &$0) }, { Reference.faddD(a, b, mode, &$0) })
            check("fsub.d", [a, b], mode, { FPU.fsubD(a, b, mode, &$0) },
                  { Reference.faddD(a, b ^ 1 << 63, mode, &$0) })
            check("fmul.d", [a, b], mode, { FPU.fmulD(a, b, mode, &$0) }, { Reference.fmulD(a, b, mode, &$0) })
            if b << 1 != 0 {
                check("fdiv.d", [a, b], mode, { FPU.fdivD(a, b, mode, &$0) }, { Reference.fdivD(a, b, mode, &$0) })
            }
            check("fmadd.d", [a, b, c], mode, { FPU.fmaddD(a, b, c, mode, &$0) },
                  { Reference.fmaddD(a, b, c, mode, &$0) })
            check("fnmsub.d", [a, b, c], mode, { FPU.fnmsubD(a, b, c, mode, &$0) },
                  { Reference.fmaddD(a ^ 1 << 63, b, c, mode, &$0) })
            // A cancelling addend: c is minus the rounded product, so a*b + c is the product's error.
            var ignored = FloatingPointFlags()
            let product = FPU.fmulD(a, b, .nearestEven, &ignored)
            if !FPU.isNaND(product) && product & 0x7ff0_0000_0000_0000 != 0x7ff0_0000_0000_0000 {
                check("fmsub.d", [a, b, product], mode, { FPU.fmsubD(a, b, product, mode, &$0) },
                      { Reference.fmaddD(a, b, product ^ 1 << 63, mode, &$0) })
            }
            check("fcvt.s.d", [a], mode, { FPU.fcvtSD(a, mode, &$0) }, { Reference.fcvtSD(a, mode, &$0) })
            // Float to integer, with magnitudes near the integer ranges half of the time.
            let integral = random.below(2) == 0 ? a : (a & 0x800f_ffff_ffff_ffff) | (1023 + random.below(68)) << 52
            check("fcvt.w.d", [integral], mode, { FPU.fcvtWD(integral, mode, &$0) },
                  { Reference.fcvtIntegerD(integral, .w, mode, &$0) })
            check("fcvt.wu.d", [integral], mode, { FPU.fcvtWUD(integral, mode, &$0) },
                  { Reference.fcvtIntegerD(integral, .wu, mode, &$0) })
            check("fcvt.l.d", [integral], mode, { FPU.fcvtLD(integral, mode, &$0) },
                  { Reference.fcvtIntegerD(integral, .l, mode, &$0) })
            check("fcvt.lu.d", [integral], mode, { FPU.fcvtLUD(integral, mode, &$0) },
                  { Reference.fcvtIntegerD(integral, .lu, mode, &$0) })
            // Integer to float.
            var x = random.next() >> random.below(64)
            if random.below(2) == 0 { x = 0 &- x }
            check("fcvt.d.l", [x], mode, { FPU.fcvtDL(x, mode, &$0) }, { Reference.fcvtDInteger(x, .l, mode, &$0) })
            check("fcvt.d.lu", [x], mode, { FPU.fcvtDLU(x, mode, &$0) },
                  { Reference.fcvtDInteger(x, .lu, mode, &$0) })
            check("fcvt.d.w", [x], mode, { FPU.fcvtDW(x, mode, &$0) }, { Reference.fcvtDInteger(x, .w, mode, &$0) })
            check("fcvt.d.wu", [x], mode, { FPU.fcvtDWU(x, mode, &$0) },
                  { Reference.fcvtDInteger(x, .wu, mode, &$0) })
            check("fcvt.s.w", [x], mode, { FPU.fcvtSW(x, mode, &$0) }, { Reference.fcvtSInteger(x, .w, mode, &$0) })
            check("fcvt.s.wu", [x], mode, { FPU.fcvtSWU(x, mode, &$0) },
                  { Reference.fcvtSInteger(x, .wu, mode, &$0) })
            check("fcvt.s.l", [x], mode, { FPU.fcvtSL(x, mode, &$0) }, { Reference.fcvtSInteger(x, .l, mode, &$0) })
            check("fcvt.s.lu", [x], mode, { FPU.fcvtSLU(x, mode, &$0) },
                  { Reference.fcvtSInteger(x, .lu, mode, &$0) })
            // Single precision.
            let p = random.finiteSingle(), q = random.finiteSingle(), r = random.finiteSingle()
            let inputs = [UInt64(p), UInt64(q), UInt64(r)]
            check("fadd.s", inputs, mode, { FPU.faddS(p, q, mode, &$0) }, { Reference.faddS(p, q, mode, &$0) })
            check("fsub.s", inputs, mode, { FPU.fsubS(p, q, mode, &$0) },
                  { Reference.faddS(p, q ^ 1 << 31, mode, &$0) })
            check("fsub.s x-x", inputs, mode, { FPU.fsubS(p, p, mode, &$0) },
                  { Reference.faddS(p, p ^ 1 << 31, mode, &$0) })
            check("fmul.s", inputs, mode, { FPU.fmulS(p, q, mode, &$0) }, { Reference.fmulS(p, q, mode, &$0) })
            if q << 1 != 0 {
                check("fdiv.s", inputs, mode, { FPU.fdivS(p, q, mode, &$0) }, { Reference.fdivS(p, q, mode, &$0) })
            }
            check("fmadd.s", inputs, mode, { FPU.fmaddS(p, q, r, mode, &$0) },
                  { Reference.fmaddS(p, q, r, mode, &$0) })
            check("fnmadd.s", inputs, mode, { FPU.fnmaddS(p, q, r, mode, &$0) },
                  { Reference.fmaddS(p ^ 1 << 31, q, r ^ 1 << 31, mode, &$0) })
            let integralS = random.below(2) == 0 ? p : (p & 0x807f_ffff) | UInt32(127 + random.below(68)) << 23
            for kind in FloatingPointIntegerKind.allCases {
                check("fcvt.\(kind).s", [UInt64(integralS)], mode,
                      { T.fcvtIntegerS(integralS, Int(kind.rawValue), mode, &$0) },
                      { Reference.fcvtIntegerS(integralS, kind, mode, &$0) })
            }
        }
        #expect(mismatches == 0)
    }

    // MARK: Round to nearest even against Swift

    @Test func nearestEvenMatchesSwiftArithmetic() {
        var random = FloatingPointRandom(seed: 0x5eed_0002)
        var mismatches = 0
        func same(_ name: String, _ unit: UInt64, _ native: Double) {
            let expected = native.isNaN ? T.canonicalD : native.bitPattern
            if unit != expected {
                mismatches += 1
                if mismatches <= 10 { Issue.record("\(name): unit \(T.hex(unit)), Swift \(T.hex(expected))") }
            }
        }
        func same(_ name: String, _ unit: UInt32, _ native: Float) {
            let expected = native.isNaN ? T.canonicalS : native.bitPattern
            if unit != expected {
                mismatches += 1
                if mismatches <= 10 { Issue.record("\(name): unit \(T.hex(unit)), Swift \(T.hex(expected))") }
            }
        }
        for _ in 0..<Self.iterations {
            var flags = FloatingPointFlags()
            let a = random.anyDouble(), b = random.anyDouble(), c = random.anyDouble()
            let x = Double(bitPattern: a), y = Double(bitPattern: b), z = Double(bitPattern: c)
            same("fadd.d", FPU.faddD(a, b, .nearestEven, &flags), x + y)
            same("fsub.d", FPU.fsubD(a, b, .nearestEven, &flags), x - y)
            same("fmul.d", FPU.fmulD(a, b, .nearestEven, &flags), x * y)
            same("fdiv.d", FPU.fdivD(a, b, .nearestEven, &flags), x / y)
            same("fsqrt.d", FPU.fsqrtD(a, .nearestEven, &flags), x.squareRoot())
            same("fmadd.d", FPU.fmaddD(a, b, c, .nearestEven, &flags), z.addingProduct(x, y))
            same("fmsub.d", FPU.fmsubD(a, b, c, .nearestEven, &flags), (-z).addingProduct(x, y))
            same("fnmsub.d", FPU.fnmsubD(a, b, c, .nearestEven, &flags), z.addingProduct(-x, y))
            same("fnmadd.d", FPU.fnmaddD(a, b, c, .nearestEven, &flags), (-z).addingProduct(-x, y))
            let p = random.anySingle(), q = random.anySingle(), r = random.anySingle()
            let u = Float(bitPattern: p), v = Float(bitPattern: q), w = Float(bitPattern: r)
            same("fadd.s", FPU.faddS(p, q, .nearestEven, &flags), u + v)
            same("fsub.s", FPU.fsubS(p, q, .nearestEven, &flags), u - v)
            same("fmul.s", FPU.fmulS(p, q, .nearestEven, &flags), u * v)
            same("fdiv.s", FPU.fdivS(p, q, .nearestEven, &flags), u / v)
            same("fsqrt.s", FPU.fsqrtS(p, .nearestEven, &flags), u.squareRoot())
            same("fmadd.s", FPU.fmaddS(p, q, r, .nearestEven, &flags), w.addingProduct(u, v))
            same("fnmadd.s", FPU.fnmaddS(p, q, r, .nearestEven, &flags), (-w).addingProduct(-u, v))
            same("fcvt.s.d", FPU.fcvtSD(a, .nearestEven, &flags), Float(x))
            same("fcvt.d.s", FPU.fcvtDS(p, .nearestEven, &flags), Double(u))
            let integer = random.next() >> random.below(64)
            same("fcvt.d.l", FPU.fcvtDL(integer, .nearestEven, &flags), Double(Int64(bitPattern: integer)))
            same("fcvt.d.lu", FPU.fcvtDLU(integer, .nearestEven, &flags), Double(integer))
            same("fcvt.s.l", FPU.fcvtSL(integer, .nearestEven, &flags), Float(Int64(bitPattern: integer)))
            same("fcvt.s.lu", FPU.fcvtSLU(integer, .nearestEven, &flags), Float(integer))
            same("fcvt.s.w", FPU.fcvtSW(integer, .nearestEven, &flags), Float(Int32(truncatingIfNeeded: integer)))
            same("fcvt.s.wu", FPU.fcvtSWU(integer, .nearestEven, &flags), Float(UInt32(truncatingIfNeeded: integer)))
        }
        #expect(mismatches == 0)
    }

    // MARK: The directed modes bracket the exact result

    @Test func directedModesBracketTheExactResult() {
        var random = FloatingPointRandom(seed: 0x5eed_0003)
        var violations = 0, inexactSeen = 0
        func bracket<F: BinaryFloatingPoint>(_ name: String, _ operation: (RoundingMode, inout FloatingPointFlags) -> F) {
            var flags = [FloatingPointFlags](repeating: [], count: 5)
            let results = (0..<5).map { operation(T.modes[$0], &flags[$0]) }
            let (nearest, towardZero, down, up, maxMagnitude) = (results[0], results[1], results[2], results[3], results[4])
            if results.contains(where: \.isNaN) { return }
            let inexact = flags.map { $0.contains(.inexact) }
            var ok: Bool
            if !inexact[0] {
                // Exact in one mode means exact in all: every mode gives the same value (zeros aside, whose
                // sign may depend on the mode).
                ok = !inexact.contains(true) && results.allSatisfy { $0 == nearest }
            } else {
                // Inexact: RDN and RUP are adjacent around the exact value, the nearest modes pick one of
                // them, and RTZ is the one nearer zero (with its sign).
                inexactSeen += 1
                let expectedTowardZero = down.sign == .plus && up.sign == .plus ? down : up
                ok = !inexact.contains(false) && down < up && down.nextUp == up
                    && (nearest == down || nearest == up) && (maxMagnitude == down || maxMagnitude == up)
                    && towardZero == expectedTowardZero && towardZero.sign == expectedTowardZero.sign
            }
            if !ok {
                violations += 1
                if violations <= 10 { Issue.record("\(name): \(results) flags \(flags.map(T.describe))") }
            }
        }
        for _ in 0..<Self.iterations {
            let a = random.finiteDouble(), b = random.finiteDouble(), c = random.finiteDouble()
            func double(_ bits: UInt64) -> Double { Double(bitPattern: bits) }
            func single(_ bits: UInt32) -> Float { Float(bitPattern: bits) }
            bracket("fadd.d \(T.hex(a)) \(T.hex(b))") { double(FPU.faddD(a, b, $0, &$1)) }
            bracket("fmul.d \(T.hex(a)) \(T.hex(b))") { double(FPU.fmulD(a, b, $0, &$1)) }
            bracket("fdiv.d \(T.hex(a)) \(T.hex(b))") { double(FPU.fdivD(a, b, $0, &$1)) }
            bracket("fsqrt.d \(T.hex(a))") { double(FPU.fsqrtD(a, $0, &$1)) }
            bracket("fmadd.d \(T.hex(a)) \(T.hex(b)) \(T.hex(c))") { double(FPU.fmaddD(a, b, c, $0, &$1)) }
            bracket("fcvt.d.lu \(T.hex(a))") { double(FPU.fcvtDLU(a, $0, &$1)) }
            bracket("fcvt.d.l \(T.hex(a))") { double(FPU.fcvtDL(a, $0, &$1)) }
            let p = random.finiteSingle(), q = random.finiteSingle(), r = random.finiteSingle()
            bracket("fadd.s \(T.hex(p)) \(T.hex(q))") { single(FPU.faddS(p, q, $0, &$1)) }
            bracket("fmul.s \(T.hex(p)) \(T.hex(q))") { single(FPU.fmulS(p, q, $0, &$1)) }
            bracket("fdiv.s \(T.hex(p)) \(T.hex(q))") { single(FPU.fdivS(p, q, $0, &$1)) }
            bracket("fsqrt.s \(T.hex(p))") { single(FPU.fsqrtS(p, $0, &$1)) }
            bracket("fmadd.s \(T.hex(p)) \(T.hex(q)) \(T.hex(r))") { single(FPU.fmaddS(p, q, r, $0, &$1)) }
            bracket("fcvt.s.d \(T.hex(a))") { single(FPU.fcvtSD(a, $0, &$1)) }
            bracket("fcvt.s.lu \(T.hex(a))") { single(FPU.fcvtSLU(a, $0, &$1)) }
            bracket("fcvt.s.l \(T.hex(a))") { single(FPU.fcvtSL(a, $0, &$1)) }
        }
        #expect(violations == 0)
        #expect(inexactSeen > Self.iterations)
    }

    // MARK: RMM differs from RNE exactly on ties

    /// A value with a short significand (1 to 27 bits), so that sums and products are often exactly
    /// halfway between two floating-point numbers.
    static func shortSignificand(_ random: inout FloatingPointRandom, bits: UInt64, exponents: Int) -> Double {
        let significand = Double((random.next() >> (64 - (1 + random.below(bits)))) | 1)
        let exponent = Int(random.below(UInt64(2 * exponents))) - exponents
        return Double(sign: random.below(2) == 0 ? .plus : .minus, exponent: exponent, significand: significand)
    }

    @Test func maxMagnitudeDiffersFromNearestEvenExactlyOnTies() {
        var random = FloatingPointRandom(seed: 0x5eed_0004)
        var ties = 0, violations = 0
        // The error of a sum (TwoSum) or of a product (a fused multiply-add residual) is exact in binary
        // floating point, away from overflow and underflow. The exact result is a tie that RNE rounded
        // towards zero exactly when that error has the result's sign and is half an ulp of it; then RMM
        // must be the neighbour away from zero, and otherwise RMM must equal RNE.
        func check(_ name: String, nearest: Double, error: Double, maxMagnitude: Double) {
            let isTie = error != 0 && error.sign == nearest.sign && error.magnitude == nearest.ulp / 2
            let expected = isTie ? (nearest.sign == .plus ? nearest.nextUp : nearest.nextDown) : nearest
            if isTie { ties += 1 }
            if maxMagnitude.bitPattern != expected.bitPattern {
                violations += 1
                if violations <= 10 { Issue.record("\(name): RNE \(nearest) error \(error) RMM \(maxMagnitude)") }
            }
        }
        func check(_ name: String, nearest: Float, error: Double, maxMagnitude: Float) {
            let isTie = error != 0 && error.sign == nearest.sign && error.magnitude == Double(nearest.ulp) / 2
            let expected = isTie ? (nearest.sign == .plus ? nearest.nextUp : nearest.nextDown) : nearest
            if isTie { ties += 1 }
            if maxMagnitude.bitPattern != expected.bitPattern {
                violations += 1
                if violations <= 10 { Issue.record("\(name): RNE \(nearest) error \(error) RMM \(maxMagnitude)") }
            }
        }
        for _ in 0..<Self.iterations {
            var flags = FloatingPointFlags()
            let x = Self.shortSignificand(&random, bits: 27, exponents: 60)
            // Half of the time a small odd multiple of a power of two near half of x's ulp: a likely tie.
            let y = random.below(2) == 0 ? Self.shortSignificand(&random, bits: 27, exponents: 60)
                : Double(sign: random.below(2) == 0 ? .plus : .minus, exponent: Int(x.exponent) - 53 + Int(random.below(3)),
                         significand: Double(1 + 2 * random.below(4)))
            let sum = x + y, bPrime = sum - x
            let sumError = (x - (sum - bPrime)) + (y - bPrime)   // TwoSum (Knuth)
            check("fadd.d \(x) \(y)", nearest: sum, error: sumError,
                  maxMagnitude: Double(bitPattern: FPU.faddD(x.bitPattern, y.bitPattern, .nearestMaxMagnitude, &flags)))
            let product = x * y, productError = (-product).addingProduct(x, y)
            check("fmul.d \(x) \(y)", nearest: product, error: productError,
                  maxMagnitude: Double(bitPattern: FPU.fmulD(x.bitPattern, y.bitPattern, .nearestMaxMagnitude, &flags)))
            let u = Float(Self.shortSignificand(&random, bits: 13, exponents: 30))
            let v = Float(Self.shortSignificand(&random, bits: 13, exponents: 30))
            let sumS = u + v, vPrime = sumS - u
            check("fadd.s \(u) \(v)", nearest: sumS, error: Double((u - (sumS - vPrime)) + (v - vPrime)),
                  maxMagnitude: Float(bitPattern: FPU.faddS(u.bitPattern, v.bitPattern, .nearestMaxMagnitude, &flags)))
            let productS = u * v
            check("fmul.s \(u) \(v)", nearest: productS, error: Double((-productS).addingProduct(u, v)),
                  maxMagnitude: Float(bitPattern: FPU.fmulS(u.bitPattern, v.bitPattern, .nearestMaxMagnitude, &flags)))
            // Integer to float: the error of an integer's conversion is exact in 128-bit integers.
            let integer = Int64(bitPattern: random.next() >> random.below(12))
            let nearestD = Double(integer)
            let integerError = Double(Int128(integer) - Int128(nearestD))
            check("fcvt.d.l \(integer)", nearest: nearestD, error: integerError,
                  maxMagnitude: Double(bitPattern: FPU.fcvtDL(UInt64(bitPattern: integer), .nearestMaxMagnitude, &flags)))
            let nearestS = Float(integer)
            check("fcvt.s.l \(integer)", nearest: nearestS, error: Double(Int128(integer) - Int128(nearestS)),
                  maxMagnitude: Float(bitPattern: FPU.fcvtSL(UInt64(bitPattern: integer), .nearestMaxMagnitude, &flags)))
        }
        #expect(violations == 0)
        #expect(ties > Self.iterations / 20, "too few ties exercised: \(ties)")
    }

    // MARK: Float to integer against Swift's rounded(_:)

    @Test func floatToIntegerMatchesSwiftRounding() {
        var random = FloatingPointRandom(seed: 0x5eed_0005)
        let rules: [FloatingPointRoundingRule] = [.toNearestOrEven, .towardZero, .down, .up, .toNearestOrAwayFromZero]
        var violations = 0
        // (lowest valid, one above the highest valid) per kind, as doubles: every bound is a power of two.
        let bounds: [(Double, Double)] = [(-0x1p31, 0x1p31), (0, 0x1p32), (-0x1p63, 0x1p63), (0, 0x1p64)]
        let maxima: [UInt64] = [0x7fff_ffff, 0xffff_ffff_ffff_ffff, 0x7fff_ffff_ffff_ffff, 0xffff_ffff_ffff_ffff]
        let minima: [UInt64] = [0xffff_ffff_8000_0000, 0, 0x8000_0000_0000_0000, 0]
        func expected(_ value: Double, _ kind: Int, _ rule: FloatingPointRoundingRule) -> (UInt64, FloatingPointFlags) {
            if value.isNaN { return (maxima[kind], .invalid) }
            let rounded = value.rounded(rule)
            if rounded < bounds[kind].0 { return (minima[kind], .invalid) }
            if rounded >= bounds[kind].1 { return (maxima[kind], .invalid) }
            let flags: FloatingPointFlags = rounded == value ? [] : .inexact
            let register: UInt64
            switch kind {
            case 0: register = UInt64(bitPattern: Int64(Int32(rounded)))
            case 1: register = UInt64(bitPattern: Int64(Int32(bitPattern: UInt32(rounded))))
            case 2: register = UInt64(bitPattern: Int64(rounded))
            default: register = UInt64(rounded)
            }
            return (register, flags)
        }
        for _ in 0..<Self.iterations {
            // Values near the integer ranges, half-integers, and anything.
            var a = random.anyDouble()
            switch random.below(3) {
            case 0: a = (a & 0x800f_ffff_ffff_ffff) | (1023 + random.below(68)) << 52
            case 1: a = (Double(Int64(bitPattern: random.next()) >> random.below(64)) + 0.5).bitPattern
            default: break
            }
            var ignored = FloatingPointFlags()
            let single = FPU.fcvtSD(a, .towardZero, &ignored)
            for (index, mode) in T.modes.enumerated() {
                for kind in 0..<4 {
                    var flags = FloatingPointFlags()
                    let result = T.fcvtIntegerD(a, kind, mode, &flags)
                    let (value, expectedFlags) = expected(Double(bitPattern: a), kind, rules[index])
                    var singleFlags = FloatingPointFlags()
                    let singleResult = T.fcvtIntegerS(single, kind, mode, &singleFlags)
                    let (singleValue, singleExpectedFlags) =
                        expected(Double(Float(bitPattern: single)), kind, rules[index])
                    if result != value || flags != expectedFlags || singleResult != singleValue
                        || singleFlags != singleExpectedFlags {
                        violations += 1
                        if violations <= 10 {
                            Issue.record("kind \(kind) \(mode) \(T.hex(a)) / \(T.hex(single)): \(T.hex(result)) \(T.describe(flags)) vs \(T.hex(value)) \(T.describe(expectedFlags)); \(T.hex(singleResult)) \(T.describe(singleFlags)) vs \(T.hex(singleValue)) \(T.describe(singleExpectedFlags))")
                        }
                    }
                }
            }
        }
        #expect(violations == 0)
    }

    // MARK: The host's floating-point state

    @Test func hostControlRegisterIsLeftUnchanged() {
        let before = Reference.hostControlRegister()
        var flags = FloatingPointFlags()
        for mode in T.modes {
            // Operations that raise every flag, in every mode.
            _ = FPU.fdivD(T.d(1), 0, mode, &flags)
            _ = FPU.fmulD(T.maximumD, T.maximumD, mode, &flags)
            _ = FPU.fmulD(1, T.d(0.5), mode, &flags)
            _ = FPU.fsqrtD(T.d(-1), mode, &flags)
            _ = FPU.fmaddS(T.maximumS, T.s(3), T.s(1), mode, &flags)
            _ = FPU.fcvtWD(T.d(1e300), mode, &flags)
            _ = FPU.fcvtDLU(UInt64.max, mode, &flags)
            _ = FPU.fcvtSD(T.d(1e-300), mode, &flags)
        }
        #expect(flags.rawValue == 0x1f)
        #expect(Reference.hostControlRegister() == before)
        #expect(before & 0x6000 == 0, "the process rounds to nearest")
        // And native arithmetic still rounds to nearest even: 1 + 2^-53 is a tie that stays at 1.
        #expect(opaque(1) + opaque(0x1p-53) == 1)
        #expect(opaque(1) + opaque(0x3p-54) == 1 + 0x1p-52)
    }
}
