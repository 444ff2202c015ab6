// The round-to-nearest-even fast path of the F and D extensions (The RISC-V Instruction Set Manual,
// Volume I, chapters 11 and 12) for engines: the host MXCSR stays in one state for a whole run, so an RNE
// operation is the bare SSE instruction and its flags wait in the MXCSR. See "The guest environment" in
// MorphFloatingPoint.h for the rules.
import CMorphSupport

/// RNE arithmetic whose exception flags accumulate in the host MXCSR.
///
/// An engine calls ``enter()`` when a run starts and after the guest writes `fflags` or `fcsr`, and ORs
/// ``flags`` into `fflags` when the run stops and before the guest reads `fflags` or `fcsr`. In between,
/// no host code may leave floating-point flags behind (the exact ``FloatingPointUnit`` functions restore
/// the MXCSR, so they are fine). The functions here return results only; the fused multiply-adds add the
/// one flag the hardware misses to `flags` directly.
public enum GuestFloatingPointEnvironment {
    /// Enters the environment: round to nearest even, exceptions masked, status flags clear.
    @inlinable public static func enter() { morph_guest_environment_enter() }

    /// Saves the host floating-point state before host code inside a run that may compute in floating
    /// point (such as growing a Dictionary); ``resume(_:)`` puts it back with the guest's flags.
    @inlinable public static func suspend() -> UInt32 { morph_read_mxcsr() }

    /// Restores the state ``suspend()`` saved.
    @inlinable public static func resume(_ saved: UInt32) { morph_write_mxcsr(saved) }

    /// The flags the environment's operations raised since ``enter()``, as `fflags` bits.
    @inlinable public static var flags: FloatingPointFlags {
        FloatingPointFlags(rawValue: morph_guest_environment_flags())
    }

    /// fadd.d in RNE.
    @inlinable public static func faddD(_ a: UInt64, _ b: UInt64) -> UInt64 {
        morph_guest_arith_d(0, a, b)
    }
    /// fsub.d in RNE.
    @inlinable public static func fsubD(_ a: UInt64, _ b: UInt64) -> UInt64 {
        morph_guest_arith_d(1, a, b)
    }
    /// fmul.d in RNE.
    @inlinable public static func fmulD(_ a: UInt64, _ b: UInt64) -> UInt64 {
        morph_guest_arith_d(2, a, b)
    }
    /// fdiv.d in RNE.
    @inlinable public static func fdivD(_ a: UInt64, _ b: UInt64) -> UInt64 {
        morph_guest_arith_d(3, a, b)
    }
    /// fsqrt.d in RNE.
    @inlinable public static func fsqrtD(_ a: UInt64) -> UInt64 {
        morph_guest_fsqrt_d(a)
    }
    /// fmadd.d, fmsub.d, fnmsub.d, fnmadd.d in RNE: `(±a * b) ± c`, negating the product and/or the addend.
    @inlinable public static func fusedMultiplyAddD(_ a: UInt64, _ b: UInt64, _ c: UInt64, negateProduct: Bool,
                                                    negateAddend: Bool,
                                                    _ flags: inout FloatingPointFlags) -> UInt64 {
        morph_guest_fma_d(a, b, c, negateProduct ? 1 : 0, negateAddend ? 1 : 0, &flags.rawValue)
    }

    /// fadd.s in RNE (unboxed operands and result).
    @inlinable public static func faddS(_ a: UInt32, _ b: UInt32) -> UInt32 {
        morph_guest_arith_s(0, a, b)
    }
    /// fsub.s in RNE.
    @inlinable public static func fsubS(_ a: UInt32, _ b: UInt32) -> UInt32 {
        morph_guest_arith_s(1, a, b)
    }
    /// fmul.s in RNE.
    @inlinable public static func fmulS(_ a: UInt32, _ b: UInt32) -> UInt32 {
        morph_guest_arith_s(2, a, b)
    }
    /// fdiv.s in RNE.
    @inlinable public static func fdivS(_ a: UInt32, _ b: UInt32) -> UInt32 {
        morph_guest_arith_s(3, a, b)
    }
    /// fsqrt.s in RNE.
    @inlinable public static func fsqrtS(_ a: UInt32) -> UInt32 {
        morph_guest_fsqrt_s(a)
    }
    /// fmadd.s, fmsub.s, fnmsub.s, fnmadd.s in RNE.
    @inlinable public static func fusedMultiplyAddS(_ a: UInt32, _ b: UInt32, _ c: UInt32, negateProduct: Bool,
                                                    negateAddend: Bool,
                                                    _ flags: inout FloatingPointFlags) -> UInt32 {
        morph_guest_fma_s(a, b, c, negateProduct ? 1 : 0, negateAddend ? 1 : 0, &flags.rawValue)
    }
}
