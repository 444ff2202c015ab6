/* Helpers of the floating-point test programs (rv64f.S, rv64d.S), on top of isa.h.
   Operands go in f1, f2, f4, the result in f3 (or a0 for integer results); each helper checks the
   result bits and then the accrued flags (and clears them) under one check number. */

/* Single precision (results checked NaN-boxed). */
#define FP1_S(n, result, flags, a, ...) \
    LOAD_S(f1, a); __VA_ARGS__; CHECK_S(n, f3, result); CHECK_FLAGS(n, flags)
#define FP2_S(n, result, flags, a, b, ...) \
    LOAD_S(f1, a); LOAD_S(f2, b); __VA_ARGS__; CHECK_S(n, f3, result); CHECK_FLAGS(n, flags)
#define FP3_S(n, result, flags, a, b, c, ...) \
    LOAD_S(f1, a); LOAD_S(f2, b); LOAD_S(f4, c); __VA_ARGS__; CHECK_S(n, f3, result); CHECK_FLAGS(n, flags)
/* Single operand(s) -> integer a0 (conversions, comparisons, fclass). */
#define FPX1_S(n, result, flags, a, ...) \
    LOAD_S(f1, a); __VA_ARGS__; CHECK(n, a0, result); CHECK_FLAGS(n, flags)
#define FPX2_S(n, result, flags, a, b, ...) \
    LOAD_S(f1, a); LOAD_S(f2, b); __VA_ARGS__; CHECK(n, a0, result); CHECK_FLAGS(n, flags)
/* Integer a0 -> single f3. */
#define FPI_S(n, result, flags, value, ...) \
    li a0, value; __VA_ARGS__; CHECK_S(n, f3, result); CHECK_FLAGS(n, flags)

/* Double precision. */
#define FP1_D(n, result, flags, a, ...) \
    LOAD_D(f1, a); __VA_ARGS__; CHECK_D(n, f3, result); CHECK_FLAGS(n, flags)
#define FP2_D(n, result, flags, a, b, ...) \
    LOAD_D(f1, a); LOAD_D(f2, b); __VA_ARGS__; CHECK_D(n, f3, result); CHECK_FLAGS(n, flags)
#define FP3_D(n, result, flags, a, b, c, ...) \
    LOAD_D(f1, a); LOAD_D(f2, b); LOAD_D(f4, c); __VA_ARGS__; CHECK_D(n, f3, result); CHECK_FLAGS(n, flags)
#define FPX1_D(n, result, flags, a, ...) \
    LOAD_D(f1, a); __VA_ARGS__; CHECK(n, a0, result); CHECK_FLAGS(n, flags)
#define FPX2_D(n, result, flags, a, b, ...) \
    LOAD_D(f1, a); LOAD_D(f2, b); __VA_ARGS__; CHECK(n, a0, result); CHECK_FLAGS(n, flags)
#define FPI_D(n, result, flags, value, ...) \
    li a0, value; __VA_ARGS__; CHECK_D(n, f3, result); CHECK_FLAGS(n, flags)

/* Expects `...` (one instruction) to raise an illegal-instruction trap with mtval = its own bits,
   `bits`, leaving f3 untouched. */
#define ILLEGAL_FP(n, bits, ...) \
    LOAD_D(f3, 0x0123456789abcdef); EXPECT_TRAP(77777f); \
    .option push; .option norvc; 77776: __VA_ARGS__; 77777: .option pop; \
    CHECK_TRAP(n, CAUSE_ILLEGAL); ld a0, trap_value; CHECK(n, a0, bits); \
    lla a1, 77776b; lwu a1, 0(a1); CHECK(n, a1, bits); CHECK_D(n, f3, 0x0123456789abcdef)

/* Single-precision bit patterns. */
#define S_ZERO      0x00000000
#define S_NEG_ZERO  0x80000000
#define S_ONE       0x3f800000
#define S_NEG_ONE   0xbf800000
#define S_HALF      0x3f000000
#define S_TWO       0x40000000
#define S_NEG_TWO   0xc0000000
#define S_THREE     0x40400000
#define S_FIVE      0x40a00000
#define S_INF       0x7f800000
#define S_NEG_INF   0xff800000
#define S_QNAN      0x7fc00000
#define S_SNAN      0x7f800001
#define S_MAX       0x7f7fffff
#define S_MIN_NORMAL 0x00800000
#define S_MIN_SUBNORMAL 0x00000001

/* Double-precision bit patterns. */
#define D_ZERO      0x0000000000000000
#define D_NEG_ZERO  0x8000000000000000
#define D_ONE       0x3ff0000000000000
#define D_NEG_ONE   0xbff0000000000000
#define D_HALF      0x3fe0000000000000
#define D_TWO       0x4000000000000000
#define D_THREE     0x4008000000000000
#define D_FIVE      0x4014000000000000
#define D_INF       0x7ff0000000000000
#define D_NEG_INF   0xfff0000000000000
#define D_QNAN      0x7ff8000000000000
#define D_SNAN      0x7ff0000000000001
#define D_MAX       0x7fefffffffffffff
#define D_MIN_NORMAL 0x0010000000000000
#define D_MIN_SUBNORMAL 0x0000000000000001
