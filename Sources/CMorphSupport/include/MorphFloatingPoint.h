// RISC-V floating point, exact, on x86-64 SSE.
// Implements the RISC-V Unprivileged ISA, chapter "F" Extension for Single-Precision Floating-Point and
// chapter "D" Extension for Double-Precision Floating-Point (rounding modes, accrued exception flags,
// canonical NaN, conversions, fused multiply-add), on top of IEEE 754-2008 as SSE/FMA3 implement it.
//
// Why this is C with inline assembly, and not Swift:
//   Swift and LLVM assume the default floating-point environment (round to nearest, flags nobody reads).
//   They may constant-fold, reorder, hoist or duplicate floating-point operations across a change of
//   MXCSR, and they never read the exception flags. So every operation here is ONE `asm volatile`
//   statement that saves the caller's MXCSR, loads the rounding mode with all flags clear, performs the
//   operation, stores the resulting flags and restores the caller's MXCSR. Nothing the compiler does can
//   move a floating-point instruction into or out of that window, and the rest of the process keeps
//   round-to-nearest with every exception masked.
//
// Where x86 differs from RISC-V, and what this file does about it:
//   - NaN results: x86 propagates payloads; RISC-V returns the canonical NaN (0x7ff8000000000000 and
//     0x7fc00000). Every NaN result is replaced.
//   - fma(0, inf, qNaN): x86 raises no invalid flag; RISC-V must ("The fused multiply-add instructions
//     must set the invalid operation exception flag when the multiplicands are inf and zero, even when
//     the addend is a quiet NaN"). Added by hand.
//   - Float-to-integer conversions: x86 returns the "integer indefinite" value; RISC-V saturates (NaN to
//     the maximum) and raises only NV. Fixed up from the x86 invalid flag.
//   - Unsigned conversions: x86-64 without AVX-512 has none; built from signed ones (see each function).
//   - Round to nearest, ties to max magnitude (RMM): x86 has no such mode. Every operation first runs in
//     round-to-nearest-even; a result can only differ from RMM when it is inexact (an exact result, an
//     infinity, a NaN or an exact zero is the same in both modes), so only an inexact RMM result takes
//     the exact software path (MorphFloatingPoint.c): the exact result with enough extra bits and a
//     sticky bit (round to odd) is computed with integer arithmetic and rounded in software, with
//     tininess detected after rounding. Single precision uses the hardware instead: a double-precision
//     operation in round-toward-zero with the inexact bit OR-ed into its last bit is the single result
//     rounded to odd with 53 >= 24 + 2 bits, which rounds correctly to single precision in any mode.
//     Square roots never need it: a square root is never exactly halfway between two floating-point
//     numbers, so RMM and RNE agree.
//   - Tininess: SSE, like RISC-V, detects tininess after rounding, and raises underflow only when the
//     result is also inexact (with the exception masked), so UF maps directly.
//   - x86 flags map IE->NV, ZE->DZ, OE->OF, UE->UF, PE->NX; DE (denormal operand) has no RISC-V meaning.
//
// Values are passed as raw IEEE bit patterns (uint64_t for double, uint32_t for single; singles are
// already unboxed). Flags are OR-ed into *flags using the fflags bit layout (NX=1 UF=2 OF=4 DZ=8 NV=16).
// Rounding modes use the RISC-V encoding (RNE=0 RTZ=1 RDN=2 RUP=3 RMM=4); the caller resolves DYN and
// rejects the reserved encodings.
#ifndef MORPH_FLOATING_POINT_H
#define MORPH_FLOATING_POINT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Constants

/// RISC-V rounding modes (the `rm` field encoding).
enum {
    MORPH_RM_RNE = 0, MORPH_RM_RTZ = 1, MORPH_RM_RDN = 2, MORPH_RM_RUP = 3, MORPH_RM_RMM = 4,
};

/// RISC-V accrued exception flags (the `fflags` layout).
enum {
    MORPH_FLAG_NX = 1, MORPH_FLAG_UF = 2, MORPH_FLAG_OF = 4, MORPH_FLAG_DZ = 8, MORPH_FLAG_NV = 16,
};

/// Integer kinds of the fcvt instructions: 32-bit signed, 32-bit unsigned, 64-bit signed, 64-bit unsigned.
enum {
    MORPH_INT_W = 0, MORPH_INT_WU = 1, MORPH_INT_L = 2, MORPH_INT_LU = 3,
};

#define MORPH_CANONICAL_NAN_D 0x7ff8000000000000ull
#define MORPH_CANONICAL_NAN_S 0x7fc00000u

/// MXCSR exception flag bits (status) and the control word base: all exceptions masked (bits 7-12),
/// flags clear, DAZ (bit 6) and FTZ (bit 15) off; the rounding control goes in bits 13-14.
#define MORPH_X86_IE 0x01u
#define MORPH_X86_PE 0x20u
#define MORPH_MXCSR_MASKED 0x1f80u

// MARK: - MXCSR plumbing

/// The MXCSR control word for a RISC-V rounding mode. x86 rounding control: 00 nearest-even, 01 down,
/// 10 up, 11 toward zero. RMM runs as nearest-even here (see the top comment).
static inline uint32_t morph_mxcsr_control(unsigned rm) {
    // Two bits per RISC-V mode: RNE->00, RTZ->11, RDN->01, RUP->10, RMM->00.
    return MORPH_MXCSR_MASKED | (((0x9cu >> (2u * rm)) & 3u) << 13);
}

/// Maps MXCSR status bits (IE=1 DE=2 ZE=4 OE=8 UE=16 PE=32) to RISC-V fflags (NX=1 UF=2 OF=4 DZ=8 NV=16).
static inline uint8_t morph_flags_from_x86(uint32_t status) {
    return (uint8_t)(((status & 0x01u) << 4)       // IE -> NV
                     | ((status & 0x04u) << 1)     // ZE -> DZ
                     | ((status >> 1) & 0x04u)     // OE -> OF
                     | ((status >> 3) & 0x02u)     // UE -> UF
                     | ((status >> 5) & 0x01u));   // PE -> NX
}

/// The calling thread's MXCSR (for tests: every operation here must leave it unchanged).
static inline uint32_t morph_read_mxcsr(void) {
    uint32_t value;
    __asm__ volatile("stmxcsr %0" : "=m"(value));
    return value;
}

static inline double morph_double(uint64_t bits) { double d; __builtin_memcpy(&d, &bits, 8); return d; }
static inline uint64_t morph_bits_d(double d) { uint64_t b; __builtin_memcpy(&b, &d, 8); return b; }
static inline float morph_float(uint32_t bits) { float f; __builtin_memcpy(&f, &bits, 4); return f; }
static inline uint32_t morph_bits_s(float f) { uint32_t b; __builtin_memcpy(&b, &f, 4); return b; }

static inline int morph_is_nan_d(uint64_t a) { return (a & 0x7fffffffffffffffull) > 0x7ff0000000000000ull; }
static inline int morph_is_nan_s(uint32_t a) { return (a & 0x7fffffffu) > 0x7f800000u; }
static inline int morph_is_snan_d(uint64_t a) { return morph_is_nan_d(a) && !(a & 0x0008000000000000ull); }
static inline int morph_is_snan_s(uint32_t a) { return morph_is_nan_s(a) && !(a & 0x00400000u); }
static inline int morph_is_inf_d(uint64_t a) { return (a & 0x7fffffffffffffffull) == 0x7ff0000000000000ull; }
static inline int morph_is_inf_s(uint32_t a) { return (a & 0x7fffffffu) == 0x7f800000u; }
static inline int morph_is_zero_d(uint64_t a) { return (a << 1) == 0; }
static inline int morph_is_zero_s(uint32_t a) { return (a << 1) == 0; }

/// Any NaN becomes the canonical NaN; every other value is returned unchanged.
static inline uint64_t morph_canonicalize_d(uint64_t r) { return morph_is_nan_d(r) ? MORPH_CANONICAL_NAN_D : r; }
static inline uint32_t morph_canonicalize_s(uint32_t r) { return morph_is_nan_s(r) ? MORPH_CANONICAL_NAN_S : r; }

/// The RISC-V result of a fused multiply-add whose (already negated) multiplicands are a and b and whose
/// hardware result is r: a NaN becomes the canonical NaN, and inf * 0 raises NV even when the addend is
/// a quiet NaN ("The fused multiply-add instructions must set the invalid operation exception flag when
/// the multiplicands are inf and zero, even when the addend is a quiet NaN"), which x86 does not.
static inline uint64_t morph_fma_result_d(uint64_t a, uint64_t b, uint64_t r, uint8_t *flags) {
    if (__builtin_expect(!morph_is_nan_d(r), 1)) return r;
    if ((morph_is_inf_d(a) && morph_is_zero_d(b)) || (morph_is_zero_d(a) && morph_is_inf_d(b))) *flags |= MORPH_FLAG_NV;
    return MORPH_CANONICAL_NAN_D;
}
static inline uint32_t morph_fma_result_s(uint32_t a, uint32_t b, uint32_t r, uint8_t *flags) {
    if (__builtin_expect(!morph_is_nan_s(r), 1)) return r;
    if ((morph_is_inf_s(a) && morph_is_zero_s(b)) || (morph_is_zero_s(a) && morph_is_inf_s(b))) *flags |= MORPH_FLAG_NV;
    return MORPH_CANONICAL_NAN_S;
}

// Each morph_sse_* function is one asm statement: save MXCSR, load `control`, run the instruction,
// store the status into *status, restore the caller's MXCSR.
#define MORPH_SSE_ENTER "stmxcsr %[saved]\n\tldmxcsr %[control]\n\t"
#define MORPH_SSE_LEAVE "\n\tstmxcsr %[status]\n\tldmxcsr %[saved]"
#define MORPH_SSE_STATE [saved] "=m"(saved), [status] "=m"(st)

#define MORPH_SSE_BINARY(name, type, instruction)                                                         \
    static inline type name(type x, type y, uint32_t control, uint32_t *status) {                         \
        uint32_t saved, st;                                                                               \
        __asm__ volatile(MORPH_SSE_ENTER instruction " %[y], %[x]" MORPH_SSE_LEAVE                         \
                         : [x] "+x"(x), MORPH_SSE_STATE                                                   \
                         : [y] "x"(y), [control] "m"(control));                                           \
        *status = st;                                                                                     \
        return x;                                                                                         \
    }
MORPH_SSE_BINARY(morph_sse_add_d, double, "addsd")
MORPH_SSE_BINARY(morph_sse_sub_d, double, "subsd")
MORPH_SSE_BINARY(morph_sse_mul_d, double, "mulsd")
MORPH_SSE_BINARY(morph_sse_div_d, double, "divsd")
MORPH_SSE_BINARY(morph_sse_add_s, float, "addss")
MORPH_SSE_BINARY(morph_sse_sub_s, float, "subss")
MORPH_SSE_BINARY(morph_sse_mul_s, float, "mulss")
MORPH_SSE_BINARY(morph_sse_div_s, float, "divss")
#undef MORPH_SSE_BINARY

/// Square root: `sqrtsd x, x`.
static inline double morph_sse_sqrt_d(double x, uint32_t control, uint32_t *status) {
    uint32_t saved, st;
    __asm__ volatile(MORPH_SSE_ENTER "sqrtsd %[x], %[x]" MORPH_SSE_LEAVE
                     : [x] "+x"(x), MORPH_SSE_STATE : [control] "m"(control));
    *status = st;
    return x;
}
static inline float morph_sse_sqrt_s(float x, uint32_t control, uint32_t *status) {
    uint32_t saved, st;
    __asm__ volatile(MORPH_SSE_ENTER "sqrtss %[x], %[x]" MORPH_SSE_LEAVE
                     : [x] "+x"(x), MORPH_SSE_STATE : [control] "m"(control));
    *status = st;
    return x;
}

/// Fused multiply-add x * y + z with one rounding (FMA3 `vfmadd231`: z = x * y + z).
static inline double morph_sse_fma_d(double x, double y, double z, uint32_t control, uint32_t *status) {
    uint32_t saved, st;
    __asm__ volatile(MORPH_SSE_ENTER "vfmadd231sd %[y], %[x], %[z]" MORPH_SSE_LEAVE
                     : [z] "+x"(z), MORPH_SSE_STATE : [x] "x"(x), [y] "x"(y), [control] "m"(control));
    *status = st;
    return z;
}
static inline float morph_sse_fma_s(float x, float y, float z, uint32_t control, uint32_t *status) {
    uint32_t saved, st;
    __asm__ volatile(MORPH_SSE_ENTER "vfmadd231ss %[y], %[x], %[z]" MORPH_SSE_LEAVE
                     : [z] "+x"(z), MORPH_SSE_STATE : [x] "x"(x), [y] "x"(y), [control] "m"(control));
    *status = st;
    return z;
}

/// Double to single with rounding (`cvtsd2ss`).
static inline float morph_sse_cvt_d_to_s(double x, uint32_t control, uint32_t *status) {
    uint32_t saved, st;
    float r;
    __asm__ volatile("xorps %[r], %[r]\n\t" MORPH_SSE_ENTER "cvtsd2ss %[x], %[r]" MORPH_SSE_LEAVE
                     : [r] "=&x"(r), MORPH_SSE_STATE : [x] "x"(x), [control] "m"(control));
    *status = st;
    return r;
}

/// Float to signed integer in the MXCSR rounding mode (`cvtsd2si`/`cvtss2si`, 32- and 64-bit forms).
/// Out of range or NaN: the integer indefinite value (the minimum) and IE.
#define MORPH_SSE_TO_INT(name, type, itype, instruction)                                                  \
    static inline itype name(type x, uint32_t control, uint32_t *status) {                                \
        uint32_t saved, st;                                                                               \
        itype r;                                                                                          \
        __asm__ volatile(MORPH_SSE_ENTER instruction " %[x], %[r]" MORPH_SSE_LEAVE                         \
                         : [r] "=r"(r), MORPH_SSE_STATE : [x] "x"(x), [control] "m"(control));             \
        *status = st;                                                                                     \
        return r;                                                                                         \
    }
MORPH_SSE_TO_INT(morph_sse_cvt_d_to_i32, double, int32_t, "cvtsd2si")
MORPH_SSE_TO_INT(morph_sse_cvt_d_to_i64, double, int64_t, "cvtsd2si")
MORPH_SSE_TO_INT(morph_sse_cvt_s_to_i32, float, int32_t, "cvtss2si")
MORPH_SSE_TO_INT(morph_sse_cvt_s_to_i64, float, int64_t, "cvtss2si")
#undef MORPH_SSE_TO_INT

/// Signed 64-bit integer to float in the MXCSR rounding mode (`cvtsi2sdq`/`cvtsi2ssq`). With `twice`,
/// the rounded result is doubled (exactly) inside the same window: the unsigned conversion trick.
#define MORPH_SSE_FROM_INT(name, type, instruction, addInstruction)                                       \
    static inline type name(int64_t x, int twice, uint32_t control, uint32_t *status) {                   \
        uint32_t saved, st;                                                                               \
        type r;                                                                                           \
        if (twice) {                                                                                      \
            __asm__ volatile("xorps %[r], %[r]\n\t" MORPH_SSE_ENTER instruction " %[x], %[r]\n\t"         \
                             addInstruction " %[r], %[r]" MORPH_SSE_LEAVE                                 \
                             : [r] "=&x"(r), MORPH_SSE_STATE : [x] "r"(x), [control] "m"(control));       \
        } else {                                                                                          \
            __asm__ volatile("xorps %[r], %[r]\n\t" MORPH_SSE_ENTER instruction " %[x], %[r]"             \
                             MORPH_SSE_LEAVE                                                              \
                             : [r] "=&x"(r), MORPH_SSE_STATE : [x] "r"(x), [control] "m"(control));       \
        }                                                                                                 \
        *status = st;                                                                                     \
        return r;                                                                                         \
    }
MORPH_SSE_FROM_INT(morph_sse_cvt_i64_to_d, double, "cvtsi2sdq", "addsd")
MORPH_SSE_FROM_INT(morph_sse_cvt_i64_to_s, float, "cvtsi2ssq", "addss")
#undef MORPH_SSE_FROM_INT

#undef MORPH_SSE_ENTER
#undef MORPH_SSE_LEAVE
#undef MORPH_SSE_STATE

// MARK: - The exact software path (MorphFloatingPoint.c)
// Correct in every rounding mode. Used for RMM results the hardware cannot produce, and exposed so that
// tests (and a translator's differential mode) can check the hardware path against it.
// Preconditions: arithmetic inputs are finite (no NaN, no infinity); a divisor is not zero.

/// a + b, exact rounding, double. Finite inputs.
uint64_t morph_soft_fadd_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags);
/// a * b, exact rounding, double. Finite inputs.
uint64_t morph_soft_fmul_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags);
/// a / b, exact rounding, double. Finite inputs, b not zero.
uint64_t morph_soft_fdiv_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags);
/// a * b + c with one rounding, double. Finite inputs.
uint64_t morph_soft_fma_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint8_t *flags);
/// a + b, single. Finite inputs.
uint32_t morph_soft_fadd_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags);
/// a * b, single. Finite inputs.
uint32_t morph_soft_fmul_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags);
/// a / b, single. Finite inputs, b not zero.
uint32_t morph_soft_fdiv_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags);
/// a * b + c with one rounding, single. Finite inputs.
uint32_t morph_soft_fma_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint8_t *flags);
/// Double to single (fcvt.s.d). Finite input.
uint32_t morph_soft_fcvt_s_d(uint64_t a, unsigned rm, uint8_t *flags);
/// Double to integer register value (fcvt.{w,wu,l,lu}.d, by `kind`), saturating. Any input.
uint64_t morph_soft_fcvt_int_d(uint64_t a, unsigned kind, unsigned rm, uint8_t *flags);
/// Integer register value to double (fcvt.d.{w,wu,l,lu}, by `kind`). Any input.
uint64_t morph_soft_fcvt_d_int(uint64_t x, unsigned kind, unsigned rm, uint8_t *flags);
/// Integer register value to single (fcvt.s.{w,wu,l,lu}, by `kind`). Any input.
uint32_t morph_soft_fcvt_s_int(uint64_t x, unsigned kind, unsigned rm, uint8_t *flags);

/// Single to double, exactly, by bit manipulation (NaNs stay NaNs, quiet bit preserved).
static inline uint64_t morph_widen_s(uint32_t a) {
    uint64_t sign = (uint64_t)(a >> 31) << 63;
    uint32_t exponent = (a >> 23) & 0xffu, fraction = a & 0x7fffffu;
    if (exponent == 0xffu) return sign | 0x7ff0000000000000ull | ((uint64_t)fraction << 29);
    if (exponent == 0) {
        if (fraction == 0) return sign;
        int shift = __builtin_clz(fraction) - 8;   // bring the leading one to bit 23
        fraction = (fraction << shift) & 0x7fffffu;
        return sign | ((uint64_t)(1 - shift + 896) << 52) | ((uint64_t)fraction << 29);
    }
    return sign | ((uint64_t)(exponent + 896) << 52) | ((uint64_t)fraction << 29);
}

// MARK: - Double precision (RISC-V "D")

// The arithmetic shape: run in hardware (RMM as RNE); an inexact RMM result is redone in software;
// otherwise map the flags and canonicalize a NaN result.

/// fadd.d
static inline uint64_t morph_fadd_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint64_t r = morph_bits_d(morph_sse_add_d(morph_double(a), morph_double(b), morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0)) return morph_soft_fadd_d(a, b, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_d(r);
}

/// fsub.d
static inline uint64_t morph_fsub_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint64_t r = morph_bits_d(morph_sse_sub_d(morph_double(a), morph_double(b), morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0))
        return morph_soft_fadd_d(a, b ^ 0x8000000000000000ull, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_d(r);
}

/// fmul.d
static inline uint64_t morph_fmul_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint64_t r = morph_bits_d(morph_sse_mul_d(morph_double(a), morph_double(b), morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0)) return morph_soft_fmul_d(a, b, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_d(r);
}

/// fdiv.d
static inline uint64_t morph_fdiv_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint64_t r = morph_bits_d(morph_sse_div_d(morph_double(a), morph_double(b), morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0)) return morph_soft_fdiv_d(a, b, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_d(r);
}

/// fsqrt.d. RMM needs no software path: a square root is never a tie.
static inline uint64_t morph_fsqrt_d(uint64_t a, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint64_t r = morph_bits_d(morph_sse_sqrt_d(morph_double(a), morph_mxcsr_control(rm), &st));
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_d(r);
}

/// The four fused multiply-adds: (a * b) + c with the product and/or the addend negated first.
/// fmadd: a*b+c; fmsub: a*b-c = fma(a, b, -c); fnmsub: -(a*b)+c = fma(-a, b, c);
/// fnmadd: -(a*b)-c = fma(-a, b, -c). Negating an input is exact and matches the spec's signed zeros.
static inline uint64_t morph_fma_d(uint64_t a, uint64_t b, uint64_t c, unsigned negateProduct,
                                   unsigned negateAddend, unsigned rm, uint8_t *flags) {
    a ^= (uint64_t)negateProduct << 63;
    c ^= (uint64_t)negateAddend << 63;
    uint32_t st;
    uint64_t r = morph_bits_d(morph_sse_fma_d(morph_double(a), morph_double(b), morph_double(c),
                                              morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0)) return morph_soft_fma_d(a, b, c, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_fma_result_d(a, b, r, flags);
}

/// fcvt.s.d: rounds.
static inline uint32_t morph_fcvt_s_d(uint64_t a, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint32_t r = morph_bits_s(morph_sse_cvt_d_to_s(morph_double(a), morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0)) return morph_soft_fcvt_s_d(a, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_s(r);
}

/// fcvt.d.s: exact; NV only for a signalling NaN.
static inline uint64_t morph_fcvt_d_s(uint32_t a, uint8_t *flags) {
    if (__builtin_expect(morph_is_nan_s(a), 0)) {
        if (morph_is_snan_s(a)) *flags |= MORPH_FLAG_NV;
        return MORPH_CANONICAL_NAN_D;
    }
    return morph_widen_s(a);
}

// Float-to-integer conversions. "If the rounded result is not representable in the destination format,
// it is clipped to the nearest value and the invalid flag is set"; NaN gives the maximum; NX only when
// NV is not set. 32-bit results are sign-extended to 64 bits, for the unsigned forms too.

/// fcvt.w.d
static inline uint64_t morph_fcvt_w_d(uint64_t a, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_int_d(a, MORPH_INT_W, rm, flags);
    uint32_t st;
    int32_t r = morph_sse_cvt_d_to_i32(morph_double(a), morph_mxcsr_control(rm), &st);
    if (__builtin_expect(st & MORPH_X86_IE, 0)) {   // NaN or out of range
        *flags |= MORPH_FLAG_NV;
        r = (morph_is_nan_d(a) || !(a >> 63)) ? INT32_MAX : INT32_MIN;
    } else {
        *flags |= morph_flags_from_x86(st);
    }
    return (uint64_t)(int64_t)r;
}

/// fcvt.wu.d: through the 64-bit signed conversion, then a range check.
static inline uint64_t morph_fcvt_wu_d(uint64_t a, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_int_d(a, MORPH_INT_WU, rm, flags);
    uint32_t st;
    int64_t r = morph_sse_cvt_d_to_i64(morph_double(a), morph_mxcsr_control(rm), &st);
    uint32_t result;
    if (__builtin_expect(st & MORPH_X86_IE, 0)) {
        *flags |= MORPH_FLAG_NV;
        result = (morph_is_nan_d(a) || !(a >> 63)) ? UINT32_MAX : 0;
    } else if (__builtin_expect(r < 0 || r > (int64_t)UINT32_MAX, 0)) {
        *flags |= MORPH_FLAG_NV;
        result = r < 0 ? 0 : UINT32_MAX;
    } else {
        *flags |= morph_flags_from_x86(st);
        result = (uint32_t)r;
    }
    return (uint64_t)(int64_t)(int32_t)result;
}

/// fcvt.l.d
static inline uint64_t morph_fcvt_l_d(uint64_t a, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_int_d(a, MORPH_INT_L, rm, flags);
    uint32_t st;
    int64_t r = morph_sse_cvt_d_to_i64(morph_double(a), morph_mxcsr_control(rm), &st);
    if (__builtin_expect(st & MORPH_X86_IE, 0)) {
        *flags |= MORPH_FLAG_NV;
        r = (morph_is_nan_d(a) || !(a >> 63)) ? INT64_MAX : INT64_MIN;
    } else {
        *flags |= morph_flags_from_x86(st);
    }
    return (uint64_t)r;
}

/// fcvt.lu.d: values in [2^63, 2^64) are integers (their ulp is 2^11) and convert exactly from their
/// bits; everything below 2^63 goes through the signed conversion and a sign check.
static inline uint64_t morph_fcvt_lu_d(uint64_t a, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_int_d(a, MORPH_INT_LU, rm, flags);
    if (__builtin_expect(morph_is_nan_d(a), 0)) {
        *flags |= MORPH_FLAG_NV;
        return UINT64_MAX;
    }
    if (a >= 0x43e0000000000000ull && !(a >> 63)) {   // +2^63 or more
        if (a >= 0x43f0000000000000ull) {              // +2^64 or more, +inf
            *flags |= MORPH_FLAG_NV;
            return UINT64_MAX;
        }
        return ((a & 0x000fffffffffffffull) | 0x0010000000000000ull) << 11;
    }
    uint32_t st;
    int64_t r = morph_sse_cvt_d_to_i64(morph_double(a), morph_mxcsr_control(rm), &st);
    if (__builtin_expect((st & MORPH_X86_IE) || r < 0, 0)) {   // negative after rounding
        *flags |= MORPH_FLAG_NV;
        return 0;
    }
    *flags |= morph_flags_from_x86(st);
    return (uint64_t)r;
}

// Integer-to-float conversions ("round according to the rm field"). 32-bit sources use the low 32 bits of
// the register.

/// fcvt.d.w: always exact.
static inline uint64_t morph_fcvt_d_w(uint64_t x) { return morph_bits_d((double)(int32_t)(uint32_t)x); }

/// fcvt.d.wu: always exact.
static inline uint64_t morph_fcvt_d_wu(uint64_t x) { return morph_bits_d((double)(uint32_t)x); }

/// fcvt.d.l
static inline uint64_t morph_fcvt_d_l(uint64_t x, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_d_int(x, MORPH_INT_L, rm, flags);
    uint32_t st;
    uint64_t r = morph_bits_d(morph_sse_cvt_i64_to_d((int64_t)x, 0, morph_mxcsr_control(rm), &st));
    *flags |= morph_flags_from_x86(st);
    return r;
}

/// fcvt.d.lu: below 2^63 the signed conversion; above, halve with the lost bit kept as a sticky bit
/// ((x >> 1) | (x & 1): the value rounded to odd at 63 bits, two more than the 53 kept), convert, and
/// double exactly.
static inline uint64_t morph_fcvt_d_lu(uint64_t x, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_d_int(x, MORPH_INT_LU, rm, flags);
    uint32_t st;
    int big = (int64_t)x < 0;
    int64_t y = big ? (int64_t)((x >> 1) | (x & 1)) : (int64_t)x;
    uint64_t r = morph_bits_d(morph_sse_cvt_i64_to_d(y, big, morph_mxcsr_control(rm), &st));
    *flags |= morph_flags_from_x86(st);
    return r;
}

// MARK: - Single precision (RISC-V "F")

/// fadd.s
static inline uint32_t morph_fadd_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint32_t r = morph_bits_s(morph_sse_add_s(morph_float(a), morph_float(b), morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0)) return morph_soft_fadd_s(a, b, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_s(r);
}

/// fsub.s
static inline uint32_t morph_fsub_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint32_t r = morph_bits_s(morph_sse_sub_s(morph_float(a), morph_float(b), morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0))
        return morph_soft_fadd_s(a, b ^ 0x80000000u, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_s(r);
}

/// fmul.s
static inline uint32_t morph_fmul_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint32_t r = morph_bits_s(morph_sse_mul_s(morph_float(a), morph_float(b), morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0)) return morph_soft_fmul_s(a, b, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_s(r);
}

/// fdiv.s
static inline uint32_t morph_fdiv_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint32_t r = morph_bits_s(morph_sse_div_s(morph_float(a), morph_float(b), morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0)) return morph_soft_fdiv_s(a, b, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_s(r);
}

/// fsqrt.s. RMM needs no software path: a square root is never a tie.
static inline uint32_t morph_fsqrt_s(uint32_t a, unsigned rm, uint8_t *flags) {
    uint32_t st;
    uint32_t r = morph_bits_s(morph_sse_sqrt_s(morph_float(a), morph_mxcsr_control(rm), &st));
    *flags |= morph_flags_from_x86(st);
    return morph_canonicalize_s(r);
}

/// The four single-precision fused multiply-adds; see morph_fma_d.
static inline uint32_t morph_fma_s(uint32_t a, uint32_t b, uint32_t c, unsigned negateProduct,
                                   unsigned negateAddend, unsigned rm, uint8_t *flags) {
    a ^= (uint32_t)negateProduct << 31;
    c ^= (uint32_t)negateAddend << 31;
    uint32_t st;
    uint32_t r = morph_bits_s(morph_sse_fma_s(morph_float(a), morph_float(b), morph_float(c),
                                              morph_mxcsr_control(rm), &st));
    if (__builtin_expect(rm == MORPH_RM_RMM && (st & MORPH_X86_PE), 0)) return morph_soft_fma_s(a, b, c, rm, flags);
    *flags |= morph_flags_from_x86(st);
    return morph_fma_result_s(a, b, r, flags);
}

/// fcvt.w.s
static inline uint64_t morph_fcvt_w_s(uint32_t a, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_int_d(morph_widen_s(a), MORPH_INT_W, rm, flags);
    uint32_t st;
    int32_t r = morph_sse_cvt_s_to_i32(morph_float(a), morph_mxcsr_control(rm), &st);
    if (__builtin_expect(st & MORPH_X86_IE, 0)) {
        *flags |= MORPH_FLAG_NV;
        r = (morph_is_nan_s(a) || !(a >> 31)) ? INT32_MAX : INT32_MIN;
    } else {
        *flags |= morph_flags_from_x86(st);
    }
    return (uint64_t)(int64_t)r;
}

/// fcvt.wu.s
static inline uint64_t morph_fcvt_wu_s(uint32_t a, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_int_d(morph_widen_s(a), MORPH_INT_WU, rm, flags);
    uint32_t st;
    int64_t r = morph_sse_cvt_s_to_i64(morph_float(a), morph_mxcsr_control(rm), &st);
    uint32_t result;
    if (__builtin_expect(st & MORPH_X86_IE, 0)) {
        *flags |= MORPH_FLAG_NV;
        result = (morph_is_nan_s(a) || !(a >> 31)) ? UINT32_MAX : 0;
    } else if (__builtin_expect(r < 0 || r > (int64_t)UINT32_MAX, 0)) {
        *flags |= MORPH_FLAG_NV;
        result = r < 0 ? 0 : UINT32_MAX;
    } else {
        *flags |= morph_flags_from_x86(st);
        result = (uint32_t)r;
    }
    return (uint64_t)(int64_t)(int32_t)result;
}

/// fcvt.l.s
static inline uint64_t morph_fcvt_l_s(uint32_t a, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_int_d(morph_widen_s(a), MORPH_INT_L, rm, flags);
    uint32_t st;
    int64_t r = morph_sse_cvt_s_to_i64(morph_float(a), morph_mxcsr_control(rm), &st);
    if (__builtin_expect(st & MORPH_X86_IE, 0)) {
        *flags |= MORPH_FLAG_NV;
        r = (morph_is_nan_s(a) || !(a >> 31)) ? INT64_MAX : INT64_MIN;
    } else {
        *flags |= morph_flags_from_x86(st);
    }
    return (uint64_t)r;
}

/// fcvt.lu.s: values in [2^63, 2^64) are integers and convert exactly from their bits.
static inline uint64_t morph_fcvt_lu_s(uint32_t a, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_int_d(morph_widen_s(a), MORPH_INT_LU, rm, flags);
    if (__builtin_expect(morph_is_nan_s(a), 0)) {
        *flags |= MORPH_FLAG_NV;
        return UINT64_MAX;
    }
    if (a >= 0x5f000000u && !(a >> 31)) {   // +2^63 or more
        if (a >= 0x5f800000u) {              // +2^64 or more, +inf
            *flags |= MORPH_FLAG_NV;
            return UINT64_MAX;
        }
        return (uint64_t)((a & 0x7fffffu) | 0x800000u) << 40;
    }
    uint32_t st;
    int64_t r = morph_sse_cvt_s_to_i64(morph_float(a), morph_mxcsr_control(rm), &st);
    if (__builtin_expect((st & MORPH_X86_IE) || r < 0, 0)) {
        *flags |= MORPH_FLAG_NV;
        return 0;
    }
    *flags |= morph_flags_from_x86(st);
    return (uint64_t)r;
}

/// fcvt.s.w, fcvt.s.wu, fcvt.s.l (by `kind`): the value as a signed 64-bit integer, converted once.
static inline uint32_t morph_fcvt_s_int(uint64_t x, unsigned kind, unsigned rm, uint8_t *flags) {
    if (__builtin_expect(rm == MORPH_RM_RMM, 0)) return morph_soft_fcvt_s_int(x, kind, rm, flags);
    int64_t value;
    int twice = 0;
    switch (kind) {
    case MORPH_INT_W: value = (int32_t)(uint32_t)x; break;
    case MORPH_INT_WU: value = (uint32_t)x; break;
    case MORPH_INT_L: value = (int64_t)x; break;
    default:   // LU: halve with a sticky bit above 2^63, as in morph_fcvt_d_lu
        twice = (int64_t)x < 0;
        value = twice ? (int64_t)((x >> 1) | (x & 1)) : (int64_t)x;
        break;
    }
    uint32_t st;
    uint32_t r = morph_bits_s(morph_sse_cvt_i64_to_s(value, twice, morph_mxcsr_control(rm), &st));
    *flags |= morph_flags_from_x86(st);
    return r;
}

// MARK: - The guest environment: round to nearest even without touching the MXCSR (engines only)
// Every function above switches the MXCSR twice, and ldmxcsr is slow (about 60% of an fmul.d, measured
// with perf on the nbody benchmark). An engine running guest code avoids that for the overwhelmingly
// common RNE case by holding the host MXCSR in one known state for the whole run:
//   - control: round to nearest even, all exceptions masked, DAZ/FTZ off (the host default);
//   - status: flags raised by the guest's RNE operations since the run started, not yet in fflags.
// The engine enters it (morph_guest_environment_enter: status clear) when a run starts and after the
// guest writes fflags or fcsr, and collects the status into fflags (morph_guest_environment_flags)
// when the run stops and before the guest reads fflags or fcsr. Host code that runs inside a run and may
// compute in floating point itself (Swift's Dictionary sizes its storage with Double arithmetic, which
// raised a stray inexact flag in a test; the interpreter's decode cache is where it runs) is bracketed
// by morph_read_mxcsr/morph_write_mxcsr. Inside the
// environment an RNE operation is the bare
// SSE instruction: its flags stay in the MXCSR until collected, so accruing them is exact and costs
// nothing per operation. The exact functions above keep the state (they restore the caller's MXCSR,
// status included) and return their own flags. The fault handler carries the MXCSR across its jump
// (MorphFaultHandler.c). Only operations whose result does not depend on the status can run here (not
// the float-to-integer conversions, which test IE, nor RMM).
//
// Each operation is one `asm volatile` statement, so the compiler never moves it across the ldmxcsr of
// an exact function.

/// Enters the guest environment: MXCSR = round to nearest even, exceptions masked, status clear.
static inline void morph_guest_environment_enter(void) {
    uint32_t control = MORPH_MXCSR_MASKED;
    __asm__ volatile("ldmxcsr %[control]" : : [control] "m"(control));
}

/// Sets the MXCSR (to restore a value read with morph_read_mxcsr around host code inside a run).
static inline void morph_write_mxcsr(uint32_t value) {
    __asm__ volatile("ldmxcsr %[value]" : : [value] "m"(value));
}

/// The RISC-V flags the MXCSR status holds (to OR into fflags).
static inline uint8_t morph_guest_environment_flags(void) {
    return morph_flags_from_x86(morph_read_mxcsr());
}

/// The bare SSE instructions of the guest environment: no MXCSR switch, flags left in the MXCSR.
#define MORPH_GUEST_BINARY(name, type, instruction)                                                       \
    static inline type name(type x, type y) {                                                             \
        __asm__ volatile(instruction " %[y], %[x]" : [x] "+x"(x) : [y] "x"(y));                           \
        return x;                                                                                         \
    }
MORPH_GUEST_BINARY(morph_guest_sse_add_d, double, "addsd")
MORPH_GUEST_BINARY(morph_guest_sse_sub_d, double, "subsd")
MORPH_GUEST_BINARY(morph_guest_sse_mul_d, double, "mulsd")
MORPH_GUEST_BINARY(morph_guest_sse_div_d, double, "divsd")
MORPH_GUEST_BINARY(morph_guest_sse_add_s, float, "addss")
MORPH_GUEST_BINARY(morph_guest_sse_sub_s, float, "subss")
MORPH_GUEST_BINARY(morph_guest_sse_mul_s, float, "mulss")
MORPH_GUEST_BINARY(morph_guest_sse_div_s, float, "divss")
#undef MORPH_GUEST_BINARY

/// Square roots, in place.
static inline double morph_guest_sse_sqrt_d(double x) {
    __asm__ volatile("sqrtsd %[x], %[x]" : [x] "+x"(x));
    return x;
}
static inline float morph_guest_sse_sqrt_s(float x) {
    __asm__ volatile("sqrtss %[x], %[x]" : [x] "+x"(x));
    return x;
}
/// Fused multiply-add x * y + z with one rounding (FMA3 `vfmadd231`).
static inline double morph_guest_sse_fma_d(double x, double y, double z) {
    __asm__ volatile("vfmadd231sd %[y], %[x], %[z]" : [z] "+x"(z) : [x] "x"(x), [y] "x"(y));
    return z;
}
static inline float morph_guest_sse_fma_s(float x, float y, float z) {
    __asm__ volatile("vfmadd231ss %[y], %[x], %[z]" : [z] "+x"(z) : [x] "x"(x), [y] "x"(y));
    return z;
}

/// fadd.d, fsub.d, fmul.d, fdiv.d in RNE inside the guest environment (`op`: 0 add, 1 sub, 2 mul, 3 div).
static inline uint64_t morph_guest_arith_d(unsigned op, uint64_t a, uint64_t b) {
    double x = morph_double(a), y = morph_double(b), r;
    switch (op) {
    case 0: r = morph_guest_sse_add_d(x, y); break;
    case 1: r = morph_guest_sse_sub_d(x, y); break;
    case 2: r = morph_guest_sse_mul_d(x, y); break;
    default: r = morph_guest_sse_div_d(x, y); break;
    }
    return morph_canonicalize_d(morph_bits_d(r));
}

/// fsqrt.d in RNE inside the guest environment.
static inline uint64_t morph_guest_fsqrt_d(uint64_t a) {
    return morph_canonicalize_d(morph_bits_d(morph_guest_sse_sqrt_d(morph_double(a))));
}

/// The four fused multiply-adds in RNE inside the guest environment; see morph_fma_d. The one flag the
/// hardware misses (inf * 0 + qNaN) goes straight into *flags.
static inline uint64_t morph_guest_fma_d(uint64_t a, uint64_t b, uint64_t c, unsigned negateProduct,
                                         unsigned negateAddend, uint8_t *flags) {
    a ^= (uint64_t)negateProduct << 63;
    c ^= (uint64_t)negateAddend << 63;
    return morph_fma_result_d(a, b, morph_bits_d(morph_guest_sse_fma_d(morph_double(a), morph_double(b),
                                                                        morph_double(c))), flags);
}

/// fadd.s, fsub.s, fmul.s, fdiv.s in RNE inside the guest environment (`op` as for double).
static inline uint32_t morph_guest_arith_s(unsigned op, uint32_t a, uint32_t b) {
    float x = morph_float(a), y = morph_float(b), r;
    switch (op) {
    case 0: r = morph_guest_sse_add_s(x, y); break;
    case 1: r = morph_guest_sse_sub_s(x, y); break;
    case 2: r = morph_guest_sse_mul_s(x, y); break;
    default: r = morph_guest_sse_div_s(x, y); break;
    }
    return morph_canonicalize_s(morph_bits_s(r));
}

/// fsqrt.s in RNE inside the guest environment.
static inline uint32_t morph_guest_fsqrt_s(uint32_t a) {
    return morph_canonicalize_s(morph_bits_s(morph_guest_sse_sqrt_s(morph_float(a))));
}

/// The four single-precision fused multiply-adds in RNE inside the guest environment.
static inline uint32_t morph_guest_fma_s(uint32_t a, uint32_t b, uint32_t c, unsigned negateProduct,
                                         unsigned negateAddend, uint8_t *flags) {
    a ^= (uint32_t)negateProduct << 31;
    c ^= (uint32_t)negateAddend << 31;
    return morph_fma_result_s(a, b, morph_bits_s(morph_guest_sse_fma_s(morph_float(a), morph_float(b),
                                                                        morph_float(c))), flags);
}

#ifdef __cplusplus
}
#endif

#endif
