// The exact software path of RISC-V floating point (RISC-V Unprivileged ISA, chapters "F" and "D"),
// for what x86 SSE cannot do itself: results rounded to nearest, ties to max magnitude (RMM), and
// float-to-integer and integer-to-float conversions in RMM. Every function here works in all five
// rounding modes, so tests compare it with the hardware in the other four.
//
// Method: compute the exact result as an integer significand with at least two bits below the rounding
// position and a sticky bit (the OR of every lower bit) in the least significant place: the result
// "rounded to odd", which rounds to the destination exactly as the infinitely precise result would.
// Then round once, in software (morph_round_pack), detecting tininess after rounding as RISC-V does.
#include "MorphFloatingPoint.h"

typedef unsigned __int128 morph_u128;

// MARK: - Rounding

/// Whether to add one unit in the last place: `inexact` says some bits were dropped, `halfway` compares
/// the dropped bits with half a unit (-1 below, 0 equal, 1 above), `odd` is the kept last bit.
static inline int morph_round_up(unsigned rm, unsigned sign, int odd, int inexact, int halfway) {
    switch (rm) {
    case MORPH_RM_RNE: return halfway > 0 || (halfway == 0 && odd);
    case MORPH_RM_RTZ: return 0;
    case MORPH_RM_RDN: return inexact && sign;
    case MORPH_RM_RUP: return inexact && !sign;
    default: return halfway >= 0;   // RMM: ties away from zero
    }
}

static inline int morph_compare(uint64_t x, uint64_t y) { return (x > y) - (x < y); }

/// Rounds sign * significand * 2^exponent to the binary format with `fractionBits` fraction bits and
/// `exponentBits` exponent bits, and returns its encoding. `significand` has bit 63 set; its bit 0 holds
/// the sticky bit of anything below. Sets NX, UF (tiny after rounding and inexact) and OF.
static uint64_t morph_round_pack(unsigned sign, int32_t exponent, uint64_t significand, unsigned rm,
                                 unsigned fractionBits, unsigned exponentBits, uint8_t *flags) {
    const int32_t bias = (1 << (exponentBits - 1)) - 1;
    const int32_t maximumBiased = (1 << exponentBits) - 1;   // the infinity exponent
    const unsigned shift = 63 - fractionBits;                // bits below the kept fractionBits + 1
    const uint64_t signBit = (uint64_t)sign << (fractionBits + exponentBits);
    int32_t biased = exponent + 63 + bias;                   // of the leading bit

    uint64_t kept = significand >> shift;
    uint64_t dropped = significand & ((1ull << shift) - 1);
    int halfway = morph_compare(dropped, 1ull << (shift - 1));
    int roundUp = morph_round_up(rm, sign, (int)(kept & 1), dropped != 0, halfway);

    if (biased >= 1) {   // normal unless rounding overflows
        kept += (uint64_t)roundUp;
        if (kept >> (fractionBits + 1)) {
            kept >>= 1;
            biased += 1;
        }
        if (biased >= maximumBiased) {
            // Overflow: infinity when rounding toward it, else the largest finite number.
            *flags |= MORPH_FLAG_OF | MORPH_FLAG_NX;
            int infinite = rm == MORPH_RM_RNE || rm == MORPH_RM_RMM || (rm == MORPH_RM_RDN && sign)
                || (rm == MORPH_RM_RUP && !sign);
            uint64_t infinity = (uint64_t)maximumBiased << fractionBits;
            return signBit | (infinite ? infinity : infinity - 1);
        }
        if (dropped) *flags |= MORPH_FLAG_NX;
        return signBit | ((uint64_t)biased << fractionBits) | (kept & ((1ull << fractionBits) - 1));
    }

    // "Tininess is detected after rounding": the result is tiny when the value rounded to full precision
    // with an unbounded exponent is below the smallest normal number. Only biased == 0 can round up to it.
    int tiny = biased < 0 || ((kept + (uint64_t)roundUp) >> (fractionBits + 1)) == 0;

    // Subnormal: round at the fixed position of the smallest subnormal instead.
    unsigned total = shift + (unsigned)(1 - biased);
    int inexact;
    if (total < 64) {
        kept = significand >> total;
        dropped = significand & ((1ull << total) - 1);
        halfway = morph_compare(dropped, 1ull << (total - 1));
        inexact = dropped != 0;
    } else {   // everything is dropped; the value is at most half the smallest subnormal
        kept = 0;
        halfway = total == 64 ? morph_compare(significand, 1ull << 63) : -1;
        inexact = 1;
    }
    kept += (uint64_t)morph_round_up(rm, sign, (int)(kept & 1), inexact, halfway);
    if (inexact) *flags |= MORPH_FLAG_NX | (tiny ? MORPH_FLAG_UF : 0);
    // A carry into bit fractionBits makes the smallest normal number, which this encoding gives for free.
    return signBit | kept;
}

static inline int morph_clz128(morph_u128 x) {
    uint64_t high = (uint64_t)(x >> 64);
    return high ? __builtin_clzll(high) : 64 + __builtin_clzll((uint64_t)x);
}

/// Shifts right, OR-ing every bit shifted out into bit 0.
static inline morph_u128 morph_shift_right_jam(morph_u128 x, int32_t count) {
    if (count <= 0) return x;
    if (count >= 128) return x != 0;
    return (x >> count) | ((x << (128 - count)) != 0);
}

/// Rounds sign * x * 2^exponent (x not zero) to double or single.
static uint64_t morph_pack_wide(unsigned sign, int32_t exponent, morph_u128 x, unsigned rm,
                                unsigned fractionBits, unsigned exponentBits, uint8_t *flags) {
    int leading = morph_clz128(x);
    x <<= leading;
    uint64_t significand = (uint64_t)(x >> 64) | ((uint64_t)x != 0);
    return morph_round_pack(sign, exponent - leading + 64, significand, rm, fractionBits, exponentBits, flags);
}

/// Splits a finite double into sign, exponent and a significand with bit 63 set (value = significand *
/// 2^exponent). Returns 0 for a zero.
static inline int morph_unpack_d(uint64_t a, unsigned *sign, int32_t *exponent, uint64_t *significand) {
    *sign = (unsigned)(a >> 63);
    uint32_t biased = (uint32_t)(a >> 52) & 0x7ffu;
    uint64_t fraction = a & 0x000fffffffffffffull;
    uint64_t m;
    int32_t e;
    if (biased == 0) {
        if (fraction == 0) return 0;
        m = fraction;
        e = -1074;
    } else {
        m = fraction | 0x0010000000000000ull;
        e = (int32_t)biased - 1075;
    }
    int leading = __builtin_clzll(m);
    *significand = m << leading;
    *exponent = e - leading;
    return 1;
}

/// The sign of an exact zero sum of operands with signs x and y: "x + (-x) = +0 in all rounding modes
/// except roundTowardNegative, where it is -0"; equal signs keep theirs (IEEE 754-2008 section 6.3).
static inline unsigned morph_zero_sum_sign(unsigned x, unsigned y, unsigned rm) {
    return x == y ? x : (rm == MORPH_RM_RDN);
}

// MARK: - Double precision

uint64_t morph_soft_fadd_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags) {
    unsigned signA, signB;
    int32_t exponentA, exponentB;
    uint64_t significandA, significandB;
    int nonzeroA = morph_unpack_d(a, &signA, &exponentA, &significandA);
    int nonzeroB = morph_unpack_d(b, &signB, &exponentB, &significandB);
    if (!nonzeroA && !nonzeroB) return (uint64_t)morph_zero_sum_sign(signA, signB, rm) << 63;
    if (!nonzeroA) return b;
    if (!nonzeroB) return a;
    if (exponentA < exponentB || (exponentA == exponentB && significandA < significandB)) {
        unsigned s = signA; signA = signB; signB = s;
        int32_t e = exponentA; exponentA = exponentB; exponentB = e;
        uint64_t m = significandA; significandA = significandB; significandB = m;
    }
    // |a| >= |b|. Leading bits at 125 leave room for the carry; b is aligned to a with a sticky bit.
    morph_u128 x = (morph_u128)significandA << 62;
    morph_u128 y = morph_shift_right_jam((morph_u128)significandB << 62, exponentA - exponentB);
    morph_u128 sum = signA == signB ? x + y : x - y;
    if (sum == 0) return (uint64_t)morph_zero_sum_sign(0, 1, rm) << 63;
    return morph_pack_wide(signA, exponentA - 62, sum, rm, 52, 11, flags);
}

uint64_t morph_soft_fmul_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags) {
    unsigned signA, signB;
    int32_t exponentA, exponentB;
    uint64_t significandA, significandB;
    int nonzeroA = morph_unpack_d(a, &signA, &exponentA, &significandA);
    int nonzeroB = morph_unpack_d(b, &signB, &exponentB, &significandB);
    unsigned sign = signA ^ signB;
    if (!nonzeroA || !nonzeroB) return (uint64_t)sign << 63;
    morph_u128 product = (morph_u128)significandA * significandB;   // exact
    return morph_pack_wide(sign, exponentA + exponentB, product, rm, 52, 11, flags);
}

uint64_t morph_soft_fdiv_d(uint64_t a, uint64_t b, unsigned rm, uint8_t *flags) {
    unsigned signA, signB;
    int32_t exponentA, exponentB;
    uint64_t significandA, significandB;
    int nonzeroA = morph_unpack_d(a, &signA, &exponentA, &significandA);
    morph_unpack_d(b, &signB, &exponentB, &significandB);
    unsigned sign = signA ^ signB;
    if (!nonzeroA) return (uint64_t)sign << 63;
    // significandA * 2^63 / significandB lies in (2^62, 2^64): one `divq` gives quotient and remainder.
    uint64_t quotient, remainder;
    __asm__("divq %[divisor]"
            : "=a"(quotient), "=d"(remainder)
            : "a"(significandA << 63), "d"(significandA >> 1), [divisor] "r"(significandB)
            : "cc");
    uint64_t significand = quotient | (remainder != 0);   // 62+ bits and a sticky bit
    int leading = __builtin_clzll(significand);
    return morph_round_pack(sign, exponentA - exponentB - 63 - leading, significand << leading, rm, 52, 11,
                            flags);
}

uint64_t morph_soft_fma_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint8_t *flags) {
    unsigned signA, signB, signC;
    int32_t exponentA, exponentB, exponentC;
    uint64_t significandA, significandB, significandC;
    int nonzeroA = morph_unpack_d(a, &signA, &exponentA, &significandA);
    int nonzeroB = morph_unpack_d(b, &signB, &exponentB, &significandB);
    int nonzeroC = morph_unpack_d(c, &signC, &exponentC, &significandC);
    unsigned signProduct = signA ^ signB;
    if (!nonzeroA || !nonzeroB) {   // an exact zero product
        if (!nonzeroC) return (uint64_t)morph_zero_sum_sign(signProduct, signC, rm) << 63;
        return c;
    }
    // The product is exact in 128 bits; its 22 low bits are zero (two 53-bit significands), so shifting
    // it down by 2 loses nothing and leaves room for the carry.
    morph_u128 product = ((morph_u128)significandA * significandB) >> 2;
    int32_t exponentProduct = exponentA + exponentB + 2;
    if (!nonzeroC) return morph_pack_wide(signProduct, exponentProduct, product, rm, 52, 11, flags);
    morph_u128 addend = (morph_u128)significandC << 61;
    int32_t exponentAddend = exponentC - 61;
    // Align to the coarser grid. The finer one loses bits only when it is far smaller than the other,
    // and then into the sticky bit: at most one bit of cancellation can follow.
    int32_t exponent;
    if (exponentProduct >= exponentAddend) {
        addend = morph_shift_right_jam(addend, exponentProduct - exponentAddend);
        exponent = exponentProduct;
    } else {
        product = morph_shift_right_jam(product, exponentAddend - exponentProduct);
        exponent = exponentAddend;
    }
    morph_u128 sum;
    unsigned sign;
    if (signProduct == signC) {
        sum = product + addend;
        sign = signProduct;
    } else if (product >= addend) {
        sum = product - addend;
        sign = signProduct;
    } else {
        sum = addend - product;
        sign = signC;
    }
    if (sum == 0) return (uint64_t)morph_zero_sum_sign(0, 1, rm) << 63;
    return morph_pack_wide(sign, exponent, sum, rm, 52, 11, flags);
}

// MARK: - Single precision

uint32_t morph_soft_fcvt_s_d(uint64_t a, unsigned rm, uint8_t *flags) {
    unsigned sign;
    int32_t exponent;
    uint64_t significand;
    if (!morph_unpack_d(a, &sign, &exponent, &significand)) return (uint32_t)sign << 31;
    return (uint32_t)morph_round_pack(sign, exponent, significand, rm, 23, 8, flags);
}

enum { MORPH_OP_ADD, MORPH_OP_MUL, MORPH_OP_DIV, MORPH_OP_FMA };

/// The single-precision operation computed in double precision and rounded to odd: in round-toward-zero,
/// with the inexact bit OR-ed into the last place. Products of singles are exact in double; sums,
/// quotients and fused results keep 53 >= 24 + 2 bits with a sticky bit, never near the double
/// exponent limits. Exact zeros keep the sign the rounding mode `rm` gives them.
static uint32_t morph_soft_single(unsigned op, uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint8_t *flags) {
    double x = morph_double(morph_widen_s(a)), y = morph_double(morph_widen_s(b)), z = morph_double(morph_widen_s(c));
    uint32_t control = morph_mxcsr_control(MORPH_RM_RTZ);
    for (;;) {
        uint32_t st;
        double r;
        switch (op) {
        case MORPH_OP_ADD: r = morph_sse_add_d(x, y, control, &st); break;
        case MORPH_OP_MUL: r = morph_sse_mul_d(x, y, control, &st); break;
        case MORPH_OP_DIV: r = morph_sse_div_d(x, y, control, &st); break;
        default: r = morph_sse_fma_d(x, y, z, control, &st); break;
        }
        uint64_t bits = morph_bits_d(r);
        if (morph_is_zero_d(bits)) {   // exact: only the sign depends on the mode (x - x = -0 in RDN)
            if (rm == MORPH_RM_RDN && control != morph_mxcsr_control(MORPH_RM_RDN)) {
                control = morph_mxcsr_control(MORPH_RM_RDN);
                continue;
            }
            return (uint32_t)(bits >> 32);
        }
        if (st & MORPH_X86_PE) bits |= 1;
        return morph_soft_fcvt_s_d(bits, rm, flags);
    }
}

uint32_t morph_soft_fadd_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags) {
    return morph_soft_single(MORPH_OP_ADD, a, b, 0, rm, flags);
}

uint32_t morph_soft_fmul_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags) {
    return morph_soft_single(MORPH_OP_MUL, a, b, 0, rm, flags);
}

uint32_t morph_soft_fdiv_s(uint32_t a, uint32_t b, unsigned rm, uint8_t *flags) {
    return morph_soft_single(MORPH_OP_DIV, a, b, 0, rm, flags);
}

uint32_t morph_soft_fma_s(uint32_t a, uint32_t b, uint32_t c, unsigned rm, uint8_t *flags) {
    return morph_soft_single(MORPH_OP_FMA, a, b, c, rm, flags);
}

// MARK: - Conversions

uint64_t morph_soft_fcvt_int_d(uint64_t a, unsigned kind, unsigned rm, uint8_t *flags) {
    static const uint64_t maximum[4] = {
        0x7fffffffull, 0xffffffffffffffffull, 0x7fffffffffffffffull, 0xffffffffffffffffull,
    };   // register values: WU's 2^32-1 is sign-extended
    static const uint64_t minimum[4] = { 0xffffffff80000000ull, 0, 0x8000000000000000ull, 0 };
    if (morph_is_nan_d(a)) {
        *flags |= MORPH_FLAG_NV;
        return maximum[kind];
    }
    unsigned sign = (unsigned)(a >> 63);
    uint32_t biased = (uint32_t)(a >> 52) & 0x7ffu;
    uint64_t fraction = a & 0x000fffffffffffffull;
    // value = significand * 2^exponent; round it to an integer magnitude.
    uint64_t significand = biased ? fraction | 0x0010000000000000ull : fraction;
    int32_t exponent = (biased ? (int32_t)biased : 1) - 1075;
    uint64_t magnitude = 0;
    int inexact = 0, tooLarge = 0;
    if (biased == 0x7ffu || exponent >= 12) {   // infinity, or at least 2^64
        tooLarge = 1;
    } else if (exponent >= 0) {
        magnitude = significand << exponent;
    } else if (significand != 0) {
        int32_t count = -exponent;
        uint64_t kept = count >= 64 ? 0 : significand >> count;
        uint64_t dropped = count >= 64 ? significand : significand & ((1ull << count) - 1);
        int halfway = count > 64 ? -1 : morph_compare(dropped, 1ull << (count - 1));
        inexact = dropped != 0;
        magnitude = kept + (uint64_t)morph_round_up(rm, sign, (int)(kept & 1), inexact, halfway);
    }
    // The range check is on the rounded value.
    uint64_t limit;
    switch (kind) {
    case MORPH_INT_W: limit = sign ? 0x80000000ull : 0x7fffffffull; break;
    case MORPH_INT_WU: limit = sign ? 0 : 0xffffffffull; break;
    case MORPH_INT_L: limit = sign ? 0x8000000000000000ull : 0x7fffffffffffffffull; break;
    default: limit = sign ? 0 : 0xffffffffffffffffull; break;
    }
    if (tooLarge || magnitude > limit) {
        *flags |= MORPH_FLAG_NV;
        return sign ? minimum[kind] : maximum[kind];
    }
    if (inexact) *flags |= MORPH_FLAG_NX;
    uint64_t value = sign ? 0 - magnitude : magnitude;
    if (kind == MORPH_INT_W || kind == MORPH_INT_WU) value = (uint64_t)(int64_t)(int32_t)(uint32_t)value;
    return value;
}

/// Sign and magnitude of an integer register value read as `kind`.
static inline uint64_t morph_integer_magnitude(uint64_t x, unsigned kind, unsigned *sign) {
    int64_t value;
    switch (kind) {
    case MORPH_INT_W: value = (int32_t)(uint32_t)x; break;
    case MORPH_INT_WU: *sign = 0; return (uint32_t)x;
    case MORPH_INT_L: value = (int64_t)x; break;
    default: *sign = 0; return x;
    }
    *sign = value < 0;
    return value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
}

uint64_t morph_soft_fcvt_d_int(uint64_t x, unsigned kind, unsigned rm, uint8_t *flags) {
    unsigned sign;
    uint64_t magnitude = morph_integer_magnitude(x, kind, &sign);
    if (magnitude == 0) return 0;   // fcvt of zero is +0 in every mode
    int leading = __builtin_clzll(magnitude);
    return morph_round_pack(sign, -leading, magnitude << leading, rm, 52, 11, flags);
}

uint32_t morph_soft_fcvt_s_int(uint64_t x, unsigned kind, unsigned rm, uint8_t *flags) {
    unsigned sign;
    uint64_t magnitude = morph_integer_magnitude(x, kind, &sign);
    if (magnitude == 0) return 0;
    int leading = __builtin_clzll(magnitude);
    return (uint32_t)morph_round_pack(sign, -leading, magnitude << leading, rm, 23, 8, flags);
}
