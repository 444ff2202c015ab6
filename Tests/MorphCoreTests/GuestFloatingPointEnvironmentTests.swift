// The round-to-nearest-even fast path (GuestFloatingPointEnvironment, "The guest environment" in
// MorphFloatingPoint.h) against the exact FloatingPointUnit: same results, and the flags left in the
// MXCSR are exactly the flags the exact functions report, per operation and accumulated over a run.
import MorphCore
import Testing

@Suite("Guest floating-point environment (RNE fast path)")
struct GuestFloatingPointEnvironmentTests {
    private typealias Guest = GuestFloatingPointEnvironment
    private typealias FPU = FloatingPointUnit

    /// One RNE operation both ways: the fast result and flags (MXCSR status plus what the function added
    /// itself), and the exact ones. Operation `kind` 0-12: add, sub, mul, div, sqrt, the four fmas (double),
    /// then add, mul, sqrt, fnmadd (single).
    private static func both(_ kind: Int, _ random: inout FloatingPointRandom)
        -> (fast: UInt64, fastFlags: FloatingPointFlags, exact: UInt64, exactFlags: FloatingPointFlags) {
        var fast: UInt64 = 0, exact: UInt64 = 0
        var added = FloatingPointFlags(), exactFlags = FloatingPointFlags()
        if kind < 9 {
            let a = special(&random), b = special(&random), c = special(&random)
            let negateProduct = kind == 7 || kind == 8, negateAddend = kind == 6 || kind == 8
            switch kind {
            case 0: fast = Guest.faddD(a, b); exact = FPU.faddD(a, b, .nearestEven, &exactFlags)
            case 1: fast = Guest.fsubD(a, b); exact = FPU.fsubD(a, b, .nearestEven, &exactFlags)
            case 2: fast = Guest.fmulD(a, b); exact = FPU.fmulD(a, b, .nearestEven, &exactFlags)
            case 3: fast = Guest.fdivD(a, b); exact = FPU.fdivD(a, b, .nearestEven, &exactFlags)
            case 4: fast = Guest.fsqrtD(a); exact = FPU.fsqrtD(a, .nearestEven, &exactFlags)
            default:
                fast = Guest.fusedMultiplyAddD(a, b, c, negateProduct: negateProduct, negateAddend: negateAddend,
                                               &added)
                switch kind {
                case 5: exact = FPU.fmaddD(a, b, c, .nearestEven, &exactFlags)
                case 6: exact = FPU.fmsubD(a, b, c, .nearestEven, &exactFlags)
                case 7: exact = FPU.fnmsubD(a, b, c, .nearestEven, &exactFlags)
                default: exact = FPU.fnmaddD(a, b, c, .nearestEven, &exactFlags)
                }
            }
        } else {
            let a = specialSingle(&random), b = specialSingle(&random), c = specialSingle(&random)
            switch kind {
            case 9: fast = UInt64(Guest.faddS(a, b)); exact = UInt64(FPU.faddS(a, b, .nearestEven, &exactFlags))
            case 10: fast = UInt64(Guest.fmulS(a, b)); exact = UInt64(FPU.fmulS(a, b, .nearestEven, &exactFlags))
            case 11: fast = UInt64(Guest.fsqrtS(a)); exact = UInt64(FPU.fsqrtS(a, .nearestEven, &exactFlags))
            default:
                fast = UInt64(Guest.fusedMultiplyAddS(a, b, c, negateProduct: true, negateAddend: true, &added))
                exact = UInt64(FPU.fnmaddS(a, b, c, .nearestEven, &exactFlags))
            }
        }
        return (fast, Guest.flags.union(added), exact, exactFlags)
    }

    /// Half the time one of the values where x86 and RISC-V differ most (zeros, infinities, quiet and
    /// signalling NaNs with payloads, the smallest subnormal, the largest finite value, one).
    private static func special(_ random: inout FloatingPointRandom) -> UInt64 {
        let values: [UInt64] = [0, 0x8000_0000_0000_0000, 0x7ff0_0000_0000_0000, 0xfff0_0000_0000_0000,
                                0x7ff8_0000_0000_0000, 0xfff8_0000_0000_beef, 0x7ff0_0000_0000_0001,
                                1, 0x7fef_ffff_ffff_ffff, 0x3ff0_0000_0000_0000]
        return random.below(2) == 0 ? values[Int(random.below(UInt64(values.count)))] : random.anyDouble()
    }

    /// The single-precision counterpart of ``special(_:)``.
    private static func specialSingle(_ random: inout FloatingPointRandom) -> UInt32 {
        let values: [UInt32] = [0, 0x8000_0000, 0x7f80_0000, 0xff80_0000, 0x7fc0_0000, 0xffc0_beef, 0x7f80_0001,
                                1, 0x7f7f_ffff, 0x3f80_0000]
        return random.below(2) == 0 ? values[Int(random.below(UInt64(values.count)))] : random.anySingle()
    }

    @Test("each operation entered afresh: the exact result and exactly the exact flags")
    func perOperation() {
        var random = FloatingPointRandom(seed: 0x5eed_f1a6)
        var mismatches = 0
        var first = ""
        for index in 0..<130_000 {
            let kind = index % 13
            Guest.enter()
            let (fast, fastFlags, exact, exactFlags) = Self.both(kind, &random)
            if fast != exact || fastFlags != exactFlags {
                if mismatches == 0 {
                    first = "kind \(kind): \(String(fast, radix: 16)) \(fastFlags.rawValue) vs "
                        + "\(String(exact, radix: 16)) \(exactFlags.rawValue)"
                }
                mismatches += 1
            }
        }
        #expect(mismatches == 0, "\(first)")
    }

    @Test("flags accumulate in the MXCSR over a run, untouched by the exact functions, until entered again")
    func accumulation() {
        var random = FloatingPointRandom(seed: 0xacc0_0001)
        for round in 0..<200 {
            Guest.enter()
            var expected = FloatingPointFlags(), added = FloatingPointFlags()
            var resultsAgree = true
            // Few operations per round, so that rounds end with different subsets of the five flags.
            for _ in 0..<(1 + round % 7) {
                let (fast, fastFlags, exact, exactFlags) = Self.both(Int(random.below(13)), &random)
                resultsAgree = resultsAgree && fast == exact
                expected.formUnion(exactFlags)
                added.formUnion(fastFlags.subtracting(Guest.flags))
            }
            let collected = Guest.flags.union(added)
            #expect(resultsAgree)
            #expect(collected == expected, "round \(round): \(collected.rawValue) vs \(expected.rawValue)")
        }
        Guest.enter()
        #expect(Guest.flags.isEmpty)
    }
}
