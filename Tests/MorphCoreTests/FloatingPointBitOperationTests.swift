// RISC-V "F" and "D" extensions (RISC-V Unprivileged ISA): fmin/fmax (IEEE 754-2019 minimumNumber and
// maximumNumber), feq/flt/fle, fclass, sign injection and NaN boxing. Vectors from riscv-tests
// (rv64uf/rv64ud fmin.S, fcmp.S, fclass.S) plus the spec's rules written beside each case.
import MorphCore
import Testing

private typealias FPU = FloatingPointUnit
private typealias T = FloatingPointTesting

@Suite("FloatingPoint bit operations")
struct FloatingPointBitOperationTests {
    @Test func minimumAndMaximumFollowMinimumNumber() {
        let nv = T.nv, none = T.none
        func minD(_ a: Double, _ b: Double) -> UInt64 {
            var flags = FloatingPointFlags()
            defer { #expect(flags == none) }
            return FPU.fminD(a.bitPattern, b.bitPattern, &flags)
        }
        func maxD(_ a: Double, _ b: Double) -> UInt64 {
            var flags = FloatingPointFlags()
            defer { #expect(flags == none) }
            return FPU.fmaxD(a.bitPattern, b.bitPattern, &flags)
        }
        // isa/rv64ud/fmin.S
        #expect(minD(2.5, 1.0) == T.d(1.0))
        #expect(minD(-1235.1, 1.1) == T.d(-1235.1))
        #expect(minD(1.1, -1235.1) == T.d(-1235.1))
        #expect(minD(.nan, -1235.1) == T.d(-1235.1))
        #expect(minD(3.14159265, 0.00000001) == T.d(0.00000001))
        #expect(minD(-1.0, -2.0) == T.d(-2.0))
        #expect(maxD(2.5, 1.0) == T.d(2.5))
        #expect(maxD(-1235.1, 1.1) == T.d(1.1))
        #expect(maxD(1.1, -1235.1) == T.d(1.1))
        #expect(maxD(.nan, -1235.1) == T.d(-1235.1))
        #expect(maxD(3.14159265, 0.00000001) == T.d(3.14159265))
        #expect(maxD(-1.0, -2.0) == T.d(-1.0))
        T.expectResult(T.d(1), nv) { FPU.fmaxD(T.signalingD, T.d(1), &$0) }
        T.expectResult(T.canonicalD, none) { FPU.fmaxD(0x7fff_ffff_ffff_ffff, 0x7fff_ffff_ffff_ffff, &$0) }
        // -0.0 is less than +0.0, in either operand order.
        #expect(minD(-0.0, 0.0) == T.d(-0.0))
        #expect(minD(0.0, -0.0) == T.d(-0.0))
        #expect(maxD(-0.0, 0.0) == T.d(0.0))
        #expect(maxD(0.0, -0.0) == T.d(0.0))
        // One NaN gives the other operand unchanged; a signalling NaN still raises NV; two NaNs give the
        // canonical NaN.
        T.expectResult(T.d(1), nv) { FPU.fminD(T.d(1), T.signalingD, &$0) }
        T.expectResult(T.d(-0.0), none) { FPU.fminD(0xfff8_0000_0000_0001, T.d(-0.0), &$0) }
        T.expectResult(T.canonicalD, nv) { FPU.fminD(T.signalingD, T.quietPayloadD, &$0) }
        T.expectResult(T.canonicalD, none) { FPU.fminD(T.quietPayloadD, T.quietPayloadD, &$0) }
        T.expectResult(T.canonicalD, nv) { FPU.fmaxD(T.quietPayloadD, T.signalingD, &$0) }
        T.expectResult(T.infinityD | 1 << 63, none) { FPU.fminD(T.infinityD | 1 << 63, T.d(-1e300), &$0) }
        T.expectResult(T.infinityD, none) { FPU.fmaxD(T.d(1e300), T.infinityD, &$0) }
        // Single precision (isa/rv64uf/fmin.S and the same rules).
        T.expectResult(T.s(1.0), none) { FPU.fminS(T.s(2.5), T.s(1.0), &$0) }
        T.expectResult(T.s(-1235.1), none) { FPU.fminS(T.canonicalS, T.s(-1235.1), &$0) }
        T.expectResult(T.s(-1.0), none) { FPU.fmaxS(T.s(-1.0), T.s(-2.0), &$0) }
        T.expectResult(T.s(1.0), nv) { FPU.fmaxS(T.signalingS, T.s(1.0), &$0) }
        T.expectResult(T.canonicalS, none) { FPU.fmaxS(0x7fff_ffff, 0x7fff_ffff, &$0) }
        T.expectResult(T.canonicalS, nv) { FPU.fminS(T.signalingS, T.signalingS, &$0) }
        T.expectResult(T.s(-0.0), none) { FPU.fminS(T.s(0.0), T.s(-0.0), &$0) }
        T.expectResult(T.s(0.0), none) { FPU.fmaxS(T.s(-0.0), T.s(0.0), &$0) }
        T.expectResult(T.s(3), nv) { FPU.fminS(T.s(3), 0xff80_0001, &$0) }   // negative signalling NaN
    }

    @Test func comparisonsSignalAsSpecified() {
        let nv = T.nv, none = T.none
        // isa/rv64ud/fcmp.S and isa/rv64uf/fcmp.S.
        let cases: [(String, FloatingPointFlags, UInt64, Double, Double)] = [
            ("feq", none, 1, -1.36, -1.36), ("fle", none, 1, -1.36, -1.36), ("flt", none, 0, -1.36, -1.36),
            ("feq", none, 0, -1.37, -1.36), ("fle", none, 1, -1.37, -1.36), ("flt", none, 1, -1.37, -1.36),
            ("feq", none, 0, .nan, 0), ("feq", none, 0, .nan, .nan),
            ("flt", nv, 0, .nan, 0), ("flt", nv, 0, .nan, .nan),
            ("fle", nv, 0, .nan, 0), ("fle", nv, 0, .nan, .nan),
            // Zeros compare equal; infinities are ordered.
            ("feq", none, 1, -0.0, 0.0), ("flt", none, 0, -0.0, 0.0), ("fle", none, 1, -0.0, 0.0),
            ("flt", none, 1, -.infinity, .infinity), ("fle", none, 0, .infinity, 1e30),
        ]
        for (name, flags, expected, a, b) in cases {
            let (x, y) = (a.bitPattern, b.bitPattern), (u, v) = (Float(a).bitPattern, Float(b).bitPattern)
            switch name {
            case "feq":
                T.expectResult(expected, flags) { FPU.feqD(x, y, &$0) }
                T.expectResult(expected, flags) { FPU.feqS(u, v, &$0) }
            case "flt":
                T.expectResult(expected, flags) { FPU.fltD(x, y, &$0) }
                T.expectResult(expected, flags) { FPU.fltS(u, v, &$0) }
            default:
                T.expectResult(expected, flags) { FPU.fleD(x, y, &$0) }
                T.expectResult(expected, flags) { FPU.fleS(u, v, &$0) }
            }
        }
        // Only a signalling NaN makes feq raise NV.
        T.expectResult(UInt64(0), nv) { FPU.feqD(T.signalingD, 0, &$0) }
        T.expectResult(UInt64(0), nv) { FPU.feqD(T.d(1), T.signalingD, &$0) }
        T.expectResult(UInt64(0), nv) { FPU.fltD(T.signalingD, 0, &$0) }
        T.expectResult(UInt64(0), nv) { FPU.fleD(T.signalingD, 0, &$0) }
        T.expectResult(UInt64(0), nv) { FPU.feqS(T.signalingS, 0, &$0) }
        T.expectResult(UInt64(0), nv) { FPU.fltS(T.signalingS, 0, &$0) }
        T.expectResult(UInt64(0), nv) { FPU.fleS(0, T.signalingS, &$0) }
        T.expectResult(UInt64(0), none) { FPU.feqS(T.quietPayloadS, T.quietPayloadS, &$0) }
        T.expectResult(UInt64(1), none) { FPU.feqD(1, 1, &$0) }   // subnormals compare exactly
        T.expectResult(UInt64(1), none) { FPU.fltD(1, 2, &$0) }
    }

    @Test func classifyGivesExactlyOneBit() {
        // isa/rv64ud/fclass.S
        let doubles: [(UInt64, UInt64)] = [
            (1 << 0, 0xfff0_0000_0000_0000), (1 << 1, 0xbff0_0000_0000_0000), (1 << 2, 0x800f_ffff_ffff_ffff),
            (1 << 3, 0x8000_0000_0000_0000), (1 << 4, 0x0000_0000_0000_0000), (1 << 5, 0x000f_ffff_ffff_ffff),
            (1 << 6, 0x3ff0_0000_0000_0000), (1 << 7, 0x7ff0_0000_0000_0000), (1 << 8, 0x7ff4_0000_0000_0000),
            (1 << 9, 0x7ff8_0000_0000_0000),
            // Beyond the vectors: NaN class ignores the sign; boundary encodings.
            (1 << 8, 0xfff0_0000_0000_0001), (1 << 9, 0xffff_ffff_ffff_ffff), (1 << 5, 0x0000_0000_0000_0001),
            (1 << 6, 0x0010_0000_0000_0000), (1 << 6, 0x7fef_ffff_ffff_ffff), (1 << 1, 0x8010_0000_0000_0000),
        ]
        for (expected, value) in doubles {
            #expect(FPU.fclassD(value) == expected, "fclass.d \(T.hex(value))")
        }
        // isa/rv64uf/fclass.S
        let singles: [(UInt64, UInt32)] = [
            (1 << 0, 0xff80_0000), (1 << 1, 0xbf80_0000), (1 << 2, 0x807f_ffff), (1 << 3, 0x8000_0000),
            (1 << 4, 0x0000_0000), (1 << 5, 0x007f_ffff), (1 << 6, 0x3f80_0000), (1 << 7, 0x7f80_0000),
            (1 << 8, 0x7fa0_0000), (1 << 9, 0x7fc0_0000),
            (1 << 8, 0xff80_0001), (1 << 9, 0xffc0_0000), (1 << 5, 0x0000_0001), (1 << 6, 0x0080_0000),
        ]
        for (expected, value) in singles {
            #expect(FPU.fclassS(value) == expected, "fclass.s \(T.hex(value))")
        }
        // An improperly boxed single reads as the canonical NaN: a quiet NaN.
        #expect(FPU.fclassS(FPU.unboxS(0x0000_0000_3f80_0000)) == 1 << 9)
    }

    @Test func signInjectionIsPureBitManipulation() {
        #expect(FPU.fsgnjD(T.d(1), T.d(-2)) == T.d(-1))
        #expect(FPU.fsgnjD(T.d(-1), T.d(2)) == T.d(1))
        #expect(FPU.fsgnjnD(T.d(1), T.d(-2)) == T.d(1))
        #expect(FPU.fsgnjnD(T.d(1), T.d(2)) == T.d(-1))
        #expect(FPU.fsgnjxD(T.d(-1), T.d(-2)) == T.d(1))
        #expect(FPU.fsgnjxD(T.d(-1), T.d(2)) == T.d(-1))
        // NaNs keep their payload and signalling bit; no canonicalization.
        #expect(FPU.fsgnjD(T.signalingD, T.d(-1)) == 0xfff0_0000_0000_0001)
        #expect(FPU.fsgnjnD(T.quietPayloadD, T.quietPayloadD) == 0xfff8_0000_0000_dead)
        #expect(FPU.fsgnjxD(0xfff8_0000_0000_dead, T.d(-0.0)) == T.quietPayloadD)
        #expect(FPU.fsgnjS(T.s(1), T.s(-2)) == T.s(-1))
        #expect(FPU.fsgnjnS(T.s(-1), T.s(-2)) == T.s(1))
        #expect(FPU.fsgnjxS(T.s(-3), T.s(-2)) == T.s(3))
        #expect(FPU.fsgnjnS(T.signalingS, T.signalingS) == 0xff80_0001)
        #expect(FPU.fsgnjxS(T.quietPayloadS, 0x8000_0000) == 0xffc0_dead)
    }

    @Test func nanBoxing() {
        #expect(FPU.boxS(0x3f80_0000) == 0xffff_ffff_3f80_0000)
        #expect(FPU.boxS(0x7fa0_0000) == 0xffff_ffff_7fa0_0000)
        #expect(FPU.unboxS(0xffff_ffff_3f80_0000) == 0x3f80_0000)
        #expect(FPU.unboxS(0xffff_ffff_ffff_ffff) == 0xffff_ffff)   // a legal box holding a negative NaN
        // "If a narrower n-bit value is not a legal NaN-boxed value, it is treated as the canonical NaN":
        // any upper half other than all ones.
        #expect(FPU.unboxS(0x0000_0000_3f80_0000) == T.canonicalS)
        #expect(FPU.unboxS(0xffff_fffe_3f80_0000) == T.canonicalS)
        #expect(FPU.unboxS(0x7fff_ffff_3f80_0000) == T.canonicalS)
        #expect(FPU.unboxS(T.d(1.0)) == T.canonicalS)
        // An improperly boxed operand behaves as a quiet NaN in arithmetic: canonical result, no flags.
        var flags = FloatingPointFlags()
        #expect(FPU.faddS(FPU.unboxS(0x0000_0000_3f80_0000), T.s(1), .nearestEven, &flags) == T.canonicalS)
        #expect(flags == T.none)
        #expect(FPU.fminS(FPU.unboxS(0x1234_5678_4000_0000), T.s(1), &flags) == T.s(1))
        #expect(flags == T.none)
        // The round trip of a boxed result.
        #expect(FPU.unboxS(FPU.boxS(FPU.faddS(T.s(1), T.s(2), .nearestEven, &flags))) == T.s(3))
    }
}
