/* RV64F: single precision. Exception flags, the five static rounding modes and dynamic rounding via
   frm, invalid rounding modes, NaN boxing in 64-bit registers, canonical NaNs, fmin/fmax, comparisons,
   fcvt saturation, fclass, sign injection, fused multiply-add.
   The RISC-V Instruction Set Manual, Volume I (20191213), chapter 11 "F Standard Extension" (11.2 fcsr,
   11.3 NaN generation and propagation, 11.6 computational instructions incl. FMIN/FMAX, 11.7
   conversions and table 11.4 "Domains of float-to-integer conversions", 11.9 classify) and 12.2
   "NaN Boxing of Narrower Values". */
#include "isa.h"
#include "fp.h"

test_main:
    csrwi fcsr, 0

    /* ---- exact arithmetic sets no flags ---- */
    FP2_S(1, 0x40700000, 0, 0x3fc00000, 0x40100000, fadd.s f3, f1, f2)      /* 1.5 + 2.25 = 3.75 */
    FP2_S(2, 0xbf400000, 0, 0x3fc00000, 0x40100000, fsub.s f3, f1, f2)      /* 1.5 - 2.25 = -0.75 */
    FP2_S(3, 0x40580000, 0, 0x3fc00000, 0x40100000, fmul.s f3, f1, f2)      /* 3.375 */
    FP2_S(4, 0x3f400000, 0, 0x3fc00000, S_TWO, fdiv.s f3, f1, f2)           /* 0.75 */
    FP2_S(5, S_NEG_ZERO, 0, S_NEG_ONE, S_ZERO, fmul.s f3, f1, f2)

    /* ---- each exception flag ---- */
    FP2_S(6, 0x3eaaaaab, NX, S_ONE, S_THREE, fdiv.s f3, f1, f2)             /* 1/3: inexact */
    FP2_S(7, S_INF, DZ, S_ONE, S_ZERO, fdiv.s f3, f1, f2)                   /* 1/0 */
    FP2_S(8, S_NEG_INF, DZ, S_NEG_ONE, S_ZERO, fdiv.s f3, f1, f2)
    FP2_S(9, S_NEG_INF, DZ, S_ONE, S_NEG_ZERO, fdiv.s f3, f1, f2)
    FP2_S(10, S_QNAN, NV, S_ZERO, S_ZERO, fdiv.s f3, f1, f2)                /* 0/0: invalid, not DZ */
    FP2_S(11, S_QNAN, NV, S_INF, S_INF, fsub.s f3, f1, f2)                  /* inf - inf */
    FP2_S(12, S_QNAN, NV, S_INF, S_ZERO, fmul.s f3, f1, f2)                 /* inf * 0 */
    FP2_S(13, S_QNAN, NV, S_INF, S_INF, fdiv.s f3, f1, f2)
    FP1_S(14, S_QNAN, NV, S_NEG_ONE, fsqrt.s f3, f1)
    FP2_S(15, S_INF, OF | NX, S_MAX, S_TWO, fmul.s f3, f1, f2)              /* overflow */
    FP2_S(16, S_INF, OF | NX, S_MAX, S_MAX, fadd.s f3, f1, f2)
    FP2_S(17, S_ZERO, UF | NX, S_MIN_SUBNORMAL, S_HALF, fmul.s f3, f1, f2)  /* 2^-150: tie to even 0 */
    FP2_S(18, 0x00400000, 0, S_MIN_NORMAL, S_HALF, fmul.s f3, f1, f2)       /* exact subnormal: no UF */
    /* Tininess is detected after rounding: (1 - 2^-23) * 2^-126 (1 + 2^-23) = 2^-126 (1 - 2^-46)
       rounds to 2^-126 with an unbounded exponent, so it is not tiny: NX only. Under RTZ it rounds to
       2^-126 - 2^-149, which is tiny: UF and NX. */
    FP2_S(19, S_MIN_NORMAL, NX, 0x3f7ffffe, 0x00800001, fmul.s f3, f1, f2)
    FP2_S(20, 0x007fffff, UF | NX, 0x3f7ffffe, 0x00800001, fmul.s f3, f1, f2, rtz)
    FP2_S(21, 0x00000001, UF | NX, S_MIN_SUBNORMAL, S_HALF, fmul.s f3, f1, f2, rup)
    FP2_S(22, S_MAX, OF | NX, S_MAX, S_TWO, fmul.s f3, f1, f2, rtz)         /* overflow: rounding decides */
    FP2_S(23, S_MAX, OF | NX, S_MAX, S_TWO, fmul.s f3, f1, f2, rdn)
    FP2_S(24, S_INF, OF | NX, S_MAX, S_TWO, fmul.s f3, f1, f2, rup)
    FP2_S(25, S_NEG_INF, OF | NX, S_MAX, S_NEG_TWO, fmul.s f3, f1, f2, rdn)
    FP2_S(26, 0xff7fffff, OF | NX, S_MAX, S_NEG_TWO, fmul.s f3, f1, f2, rup)
    FP2_S(27, S_INF, OF | NX, S_MAX, S_TWO, fmul.s f3, f1, f2, rmm)
    /* Flags accrue until cleared. */
    LOAD_S(f1, S_ONE)
    LOAD_S(f2, S_THREE)
    fdiv.s f3, f1, f2
    LOAD_S(f2, S_ZERO)
    fdiv.s f3, f1, f2
    CHECK_FLAGS(28, NX | DZ)
    CHECK_FLAGS(29, 0)

    /* ---- static rounding modes: 1/3, -1/3, 5/3, and exact ties 1 + 2^-24, 1 + 3*2^-24, -(1 + 2^-24) ---- */
    FP2_S(30, 0x3eaaaaab, NX, S_ONE, S_THREE, fdiv.s f3, f1, f2, rne)
    FP2_S(31, 0x3eaaaaaa, NX, S_ONE, S_THREE, fdiv.s f3, f1, f2, rtz)
    FP2_S(32, 0x3eaaaaaa, NX, S_ONE, S_THREE, fdiv.s f3, f1, f2, rdn)
    FP2_S(33, 0x3eaaaaab, NX, S_ONE, S_THREE, fdiv.s f3, f1, f2, rup)
    FP2_S(34, 0x3eaaaaab, NX, S_ONE, S_THREE, fdiv.s f3, f1, f2, rmm)
    FP2_S(35, 0xbeaaaaab, NX, S_NEG_ONE, S_THREE, fdiv.s f3, f1, f2, rne)
    FP2_S(36, 0xbeaaaaaa, NX, S_NEG_ONE, S_THREE, fdiv.s f3, f1, f2, rtz)
    FP2_S(37, 0xbeaaaaab, NX, S_NEG_ONE, S_THREE, fdiv.s f3, f1, f2, rdn)
    FP2_S(38, 0xbeaaaaaa, NX, S_NEG_ONE, S_THREE, fdiv.s f3, f1, f2, rup)
    FP2_S(39, 0xbeaaaaab, NX, S_NEG_ONE, S_THREE, fdiv.s f3, f1, f2, rmm)
    FP2_S(40, 0x3fd55555, NX, S_FIVE, S_THREE, fdiv.s f3, f1, f2, rne)
    FP2_S(41, 0x3fd55555, NX, S_FIVE, S_THREE, fdiv.s f3, f1, f2, rtz)
    FP2_S(42, 0x3fd55555, NX, S_FIVE, S_THREE, fdiv.s f3, f1, f2, rdn)
    FP2_S(43, 0x3fd55556, NX, S_FIVE, S_THREE, fdiv.s f3, f1, f2, rup)
    FP2_S(44, 0x3fd55555, NX, S_FIVE, S_THREE, fdiv.s f3, f1, f2, rmm)
    FP2_S(45, 0x3f800000, NX, S_ONE, 0x33800000, fadd.s f3, f1, f2, rne)   /* tie: to even */
    FP2_S(46, 0x3f800000, NX, S_ONE, 0x33800000, fadd.s f3, f1, f2, rtz)
    FP2_S(47, 0x3f800000, NX, S_ONE, 0x33800000, fadd.s f3, f1, f2, rdn)
    FP2_S(48, 0x3f800001, NX, S_ONE, 0x33800000, fadd.s f3, f1, f2, rup)
    FP2_S(49, 0x3f800001, NX, S_ONE, 0x33800000, fadd.s f3, f1, f2, rmm)   /* tie: away from zero */
    FP2_S(50, 0x3f800002, NX, 0x3f800001, 0x33800000, fadd.s f3, f1, f2, rne)
    FP2_S(51, 0x3f800001, NX, 0x3f800001, 0x33800000, fadd.s f3, f1, f2, rtz)
    FP2_S(52, 0x3f800001, NX, 0x3f800001, 0x33800000, fadd.s f3, f1, f2, rdn)
    FP2_S(53, 0x3f800002, NX, 0x3f800001, 0x33800000, fadd.s f3, f1, f2, rup)
    FP2_S(54, 0x3f800002, NX, 0x3f800001, 0x33800000, fadd.s f3, f1, f2, rmm)
    FP2_S(55, 0xbf800000, NX, S_NEG_ONE, 0xb3800000, fadd.s f3, f1, f2, rne)
    FP2_S(56, 0xbf800000, NX, S_NEG_ONE, 0xb3800000, fadd.s f3, f1, f2, rtz)
    FP2_S(57, 0xbf800001, NX, S_NEG_ONE, 0xb3800000, fadd.s f3, f1, f2, rdn)
    FP2_S(58, 0xbf800000, NX, S_NEG_ONE, 0xb3800000, fadd.s f3, f1, f2, rup)
    FP2_S(59, 0xbf800001, NX, S_NEG_ONE, 0xb3800000, fadd.s f3, f1, f2, rmm)
    /* The sign of an exact zero sum depends on the mode: -0 only when rounding down. */
    FP2_S(60, S_ZERO, 0, S_ZERO, S_NEG_ZERO, fadd.s f3, f1, f2, rne)
    FP2_S(61, S_NEG_ZERO, 0, S_ZERO, S_NEG_ZERO, fadd.s f3, f1, f2, rdn)
    FP2_S(62, S_ZERO, 0, S_ONE, S_ONE, fsub.s f3, f1, f2, rup)
    FP2_S(63, S_NEG_ZERO, 0, S_ONE, S_ONE, fsub.s f3, f1, f2, rdn)
    FP1_S(64, 0x3fb504f3, NX, S_TWO, fsqrt.s f3, f1, rne)                   /* sqrt(2) */
    FP1_S(65, 0x3fb504f4, NX, S_TWO, fsqrt.s f3, f1, rup)

    /* ---- dynamic rounding mode from frm; fcsr = frm << 5 | fflags ---- */
    fsrmi 1                             /* RTZ */
    FP2_S(66, 0xbeaaaaaa, NX, S_NEG_ONE, S_THREE, fdiv.s f3, f1, f2)
    fsrmi 2                             /* RDN */
    FP2_S(67, 0xbeaaaaab, NX, S_NEG_ONE, S_THREE, fdiv.s f3, f1, f2)
    fsrmi 3                             /* RUP */
    FP2_S(68, 0x3f800001, NX, S_ONE, 0x33800000, fadd.s f3, f1, f2)
    fsrmi 4                             /* RMM */
    FP2_S(69, 0x3f800001, NX, S_ONE, 0x33800000, fadd.s f3, f1, f2)
    fsrmi 0                             /* RNE */
    FP2_S(70, 0x3f800000, NX, S_ONE, 0x33800000, fadd.s f3, f1, f2)
    /* A static mode overrides frm. */
    fsrmi 3
    FP2_S(71, 0x3f800000, NX, S_ONE, 0x33800000, fadd.s f3, f1, f2, rtz)
    li a1, (2 << 5) | 0x1f
    csrw fcsr, a1
    frrm a0
    CHECK(72, a0, 2)
    frflags a0
    CHECK(73, a0, 0x1f)
    li a1, 4
    fsrm a0, a1                         /* swaps: returns the old mode */
    CHECK(74, a0, 2)
    frcsr a0
    CHECK(75, a0, (4 << 5) | 0x1f)
    fsflagsi a0, 0x3
    CHECK(76, a0, 0x1f)
    frcsr a0
    CHECK(77, a0, (4 << 5) | 0x3)
    li a1, 0xffffffff
    csrw fcsr, a1                       /* only 8 bits exist */
    frcsr a0
    CHECK(78, a0, 0xff)
    csrwi fcsr, 0

    /* ---- invalid rounding modes: illegal instruction, mtval = the instruction ---- */
    LOAD_S(f1, S_ONE)
    LOAD_S(f2, S_ONE)
    ILLEGAL_FP(79, 0x0020d1d3, .insn r OP_FP, 5, 0, f3, f1, f2)    /* fadd.s f3, f1, f2 with rm = 5 */
    ILLEGAL_FP(80, 0x0020e1d3, .insn r OP_FP, 6, 0, f3, f1, f2)    /* rm = 6 */
    fsrmi 5
    ILLEGAL_FP(81, 0x0020f1d3, fadd.s f3, f1, f2, dyn)             /* frm = 5 */
    fsrmi 6
    ILLEGAL_FP(82, 0x0020f1d3, fadd.s f3, f1, f2, dyn)
    fsrmi 7
    ILLEGAL_FP(83, 0x0020f1d3, fadd.s f3, f1, f2, dyn)
    ILLEGAL_FP(84, 0x0000f1d3 | (0x2c << 25) | (0 << 20), fsqrt.s f3, f1, dyn)
    /* With an invalid frm, static modes and instructions without rounding still work. */
    FP2_S(85, S_TWO, 0, S_ONE, S_ONE, fadd.s f3, f1, f2, rne)
    FP2_S(86, S_NEG_ONE, 0, S_ONE, S_NEG_TWO, fsgnj.s f3, f1, f2)
    FP2_S(87, S_ONE, 0, S_ONE, S_TWO, fmin.s f3, f1, f2)
    FPX2_S(88, 1, 0, S_ONE, S_ONE, feq.s a0, f1, f2)
    csrwi fcsr, 0

    /* ---- NaN boxing ---- */
    lla s0, memory
    flw f3, 0(s0)                       /* flw boxes: upper 32 bits all ones */
    CHECK_S(89, f3, 0x40490fdb)
    li a0, 0xdeadbeef3f800000
    fmv.w.x f3, a0                      /* fmv.w.x takes the low 32 bits and boxes */
    CHECK_S(90, f3, S_ONE)
    FPI_S(91, S_ONE, 0, 1, fcvt.s.w f3, a0)
    /* An improperly boxed input reads as the canonical NaN. */
    LOAD_D(f1, 0x000000003f800000)      /* 1.0f without the box */
    LOAD_S(f2, S_ONE)
    fadd.s f3, f1, f2
    CHECK_S(92, f3, S_QNAN)
    CHECK_FLAGS(93, 0)                  /* a quiet NaN: no NV */
    LOAD_D(f1, 0xfffffffe3f800000)      /* one upper bit clear */
    fadd.s f3, f1, f2
    CHECK_S(94, f3, S_QNAN)
    LOAD_D(f1, 0xffffffff3f800000)      /* properly boxed */
    fadd.s f3, f1, f2
    CHECK_S(95, f3, S_TWO)
    LOAD_D(f1, 0x000000003f800000)
    fsgnjn.s f3, f1, f1                 /* canonical NaN (sign 0) with the sign inverted */
    CHECK_S(96, f3, 0xffc00000)
    fsgnj.s f3, f2, f1                  /* 1.0 with the canonical NaN's sign */
    CHECK_S(97, f3, S_ONE)
    fclass.s a0, f1
    CHECK(98, a0, 0x200)                /* quiet NaN */
    fmax.s f3, f1, f2
    CHECK_S(99, f3, S_ONE)
    CHECK_FLAGS(100, 0)
    feq.s a0, f1, f1
    CHECK(101, a0, 0)
    CHECK_FLAGS(102, 0)
    fcvt.d.s f3, f1
    CHECK_D(103, f3, D_QNAN)
    fcvt.w.s a0, f1
    CHECK(104, a0, 0x7fffffff)
    CHECK_FLAGS(105, NV)
    /* Transfers out of the register take the low 32 bits, boxed or not. */
    fmv.x.w a0, f1
    CHECK(106, a0, 0x3f800000)
    LOAD_D(f1, 0x123456789abcdef0)
    fmv.x.w a0, f1                      /* sign-extended */
    CHECK(107, a0, 0xffffffff9abcdef0)
    li a0, -1
    sd a0, 8(s0)
    fsw f1, 8(s0)                       /* stores 4 bytes only */
    ld a0, 8(s0)
    CHECK(108, a0, 0xffffffff9abcdef0)
    LOAD_S(f1, S_NEG_ONE)
    fmv.x.w a0, f1
    CHECK(109, a0, 0xffffffffbf800000)

    /* ---- canonical NaN: NaN results never carry payloads or signs ---- */
    FP2_S(110, S_QNAN, 0, 0x7fc12345, S_ONE, fadd.s f3, f1, f2)
    FP2_S(111, S_QNAN, 0, 0xffc00000, S_ONE, fmul.s f3, f1, f2)
    FP2_S(112, S_QNAN, NV, 0x7f812345, S_ONE, fsub.s f3, f1, f2)            /* sNaN input */
    FP2_S(113, S_QNAN, NV, S_ONE, 0xff800001, fdiv.s f3, f1, f2)
    FP1_S(114, S_QNAN, 0, 0xffc12345, fsqrt.s f3, f1)
    FP1_S(115, S_QNAN, NV, S_NEG_INF, fsqrt.s f3, f1)

    /* ---- fmin/fmax: a NaN operand yields the other; sNaN raises NV; -0 < +0 ---- */
    FP2_S(116, S_ONE, 0, S_ONE, S_QNAN, fmin.s f3, f1, f2)
    FP2_S(117, S_ONE, 0, S_QNAN, S_ONE, fmin.s f3, f1, f2)
    FP2_S(118, S_ONE, 0, S_QNAN, S_ONE, fmax.s f3, f1, f2)
    FP2_S(119, S_QNAN, 0, 0x7fc12345, 0xffc00000, fmax.s f3, f1, f2)        /* both NaN: canonical */
    FP2_S(120, S_ONE, NV, S_SNAN, S_ONE, fmin.s f3, f1, f2)
    FP2_S(121, S_ONE, NV, S_ONE, S_SNAN, fmax.s f3, f1, f2)
    FP2_S(122, S_QNAN, NV, S_SNAN, S_QNAN, fmin.s f3, f1, f2)
    FP2_S(123, S_QNAN, NV, S_SNAN, S_SNAN, fmax.s f3, f1, f2)
    FP2_S(124, S_NEG_ZERO, 0, S_NEG_ZERO, S_ZERO, fmin.s f3, f1, f2)
    FP2_S(125, S_NEG_ZERO, 0, S_ZERO, S_NEG_ZERO, fmin.s f3, f1, f2)
    FP2_S(126, S_ZERO, 0, S_NEG_ZERO, S_ZERO, fmax.s f3, f1, f2)
    FP2_S(127, S_ZERO, 0, S_ZERO, S_NEG_ZERO, fmax.s f3, f1, f2)
    FP2_S(128, S_NEG_INF, 0, S_NEG_INF, S_QNAN, fmax.s f3, f1, f2)
    FP2_S(129, S_NEG_TWO, 0, S_NEG_ONE, S_NEG_TWO, fmin.s f3, f1, f2)
    FP2_S(130, S_NEG_ONE, 0, S_NEG_ONE, S_NEG_TWO, fmax.s f3, f1, f2)

    /* ---- comparisons: feq is quiet, flt/fle signal on any NaN ---- */
    FPX2_S(131, 1, 0, S_NEG_ZERO, S_ZERO, feq.s a0, f1, f2)
    FPX2_S(132, 0, 0, S_NEG_ZERO, S_ZERO, flt.s a0, f1, f2)
    FPX2_S(133, 1, 0, S_NEG_ZERO, S_ZERO, fle.s a0, f1, f2)
    FPX2_S(134, 1, 0, S_NEG_INF, S_INF, flt.s a0, f1, f2)
    FPX2_S(135, 0, 0, S_TWO, S_ONE, fle.s a0, f1, f2)
    FPX2_S(136, 0, 0, S_QNAN, S_ONE, feq.s a0, f1, f2)
    FPX2_S(137, 0, 0, S_QNAN, S_QNAN, feq.s a0, f1, f2)
    FPX2_S(138, 0, NV, S_SNAN, S_ONE, feq.s a0, f1, f2)
    FPX2_S(139, 0, NV, S_QNAN, S_ONE, flt.s a0, f1, f2)
    FPX2_S(140, 0, NV, S_ONE, S_QNAN, fle.s a0, f1, f2)

    /* ---- float -> integer: rounding, and saturation with NV for NaN, infinities, out of range ---- */
    FPX1_S(141, 1, NX, 0x3fc00000, fcvt.w.s a0, f1, rtz)                   /* 1.5 */
    FPX1_S(142, 2, NX, 0x3fc00000, fcvt.w.s a0, f1, rne)
    FPX1_S(143, 2, NX, 0x40200000, fcvt.w.s a0, f1, rne)                   /* 2.5: tie to even */
    FPX1_S(144, 3, NX, 0x40200000, fcvt.w.s a0, f1, rmm)
    FPX1_S(145, 3, NX, 0x40200000, fcvt.w.s a0, f1, rup)
    FPX1_S(146, 2, NX, 0x40200000, fcvt.w.s a0, f1, rdn)
    FPX1_S(147, -3, NX, 0xc0200000, fcvt.w.s a0, f1, rmm)                  /* -2.5 */
    FPX1_S(148, -3, NX, 0xc0200000, fcvt.w.s a0, f1, rdn)
    FPX1_S(149, -2, NX, 0xc0200000, fcvt.w.s a0, f1, rup)
    FPX1_S(150, -2, NX, 0xc0200000, fcvt.w.s a0, f1, rtz)
    FPX1_S(151, 0, NX, 0xbf666666, fcvt.w.s a0, f1, rtz)                   /* -0.9 */
    FPX1_S(152, 0x7fffffff, NV, S_QNAN, fcvt.w.s a0, f1, rtz)
    FPX1_S(153, 0x7fffffff, NV, 0xffc00000, fcvt.w.s a0, f1, rtz)          /* negative NaN too */
    FPX1_S(154, 0x7fffffff, NV, S_SNAN, fcvt.w.s a0, f1, rtz)
    FPX1_S(155, 0x7fffffff, NV, S_INF, fcvt.w.s a0, f1, rtz)
    FPX1_S(156, 0xffffffff80000000, NV, S_NEG_INF, fcvt.w.s a0, f1, rtz)
    FPX1_S(157, 0x7fffffff, NV, 0x4f32d05e, fcvt.w.s a0, f1, rtz)          /* 3e9 */
    FPX1_S(158, 0xffffffff80000000, NV, 0xcf32d05e, fcvt.w.s a0, f1, rtz)  /* -3e9 */
    FPX1_S(159, 0x7fffffff, NV, 0x4f000000, fcvt.w.s a0, f1, rtz)          /* 2^31 */
    FPX1_S(160, 0xffffffff80000000, 0, 0xcf000000, fcvt.w.s a0, f1, rtz)   /* -2^31: exact */
    FPX1_S(161, 0xffffffffffffffff, NV, S_QNAN, fcvt.wu.s a0, f1, rtz)     /* results sign-extended */
    FPX1_S(162, 0xffffffffffffffff, NV, S_INF, fcvt.wu.s a0, f1, rtz)
    FPX1_S(163, 0, NV, S_NEG_INF, fcvt.wu.s a0, f1, rtz)
    FPX1_S(164, 0, NV, S_NEG_ONE, fcvt.wu.s a0, f1, rtz)
    FPX1_S(165, 0xffffffffb2d05e00, 0, 0x4f32d05e, fcvt.wu.s a0, f1, rtz)  /* 3e9 fits */
    FPX1_S(166, 0xffffffffffffffff, NV, 0x4f800000, fcvt.wu.s a0, f1, rtz) /* 2^32 */
    FPX1_S(167, 0, NX, 0xbf000000, fcvt.wu.s a0, f1, rtz)                  /* -0.5 rounds to 0 */
    FPX1_S(168, 0, NV, 0xbf000000, fcvt.wu.s a0, f1, rdn)                  /* -0.5 rounds to -1 */
    FPX1_S(169, 0, 0, S_NEG_ZERO, fcvt.wu.s a0, f1, rtz)
    FPX1_S(170, 0x7fffffffffffffff, NV, S_QNAN, fcvt.l.s a0, f1, rtz)
    FPX1_S(171, 0x7fffffffffffffff, NV, S_INF, fcvt.l.s a0, f1, rtz)
    FPX1_S(172, 0x8000000000000000, NV, S_NEG_INF, fcvt.l.s a0, f1, rtz)
    FPX1_S(173, 0x7fffffffffffffff, NV, 0x5f000000, fcvt.l.s a0, f1, rtz)  /* 2^63 */
    FPX1_S(174, 0x8000000000000000, 0, 0xdf000000, fcvt.l.s a0, f1, rtz)   /* -2^63: exact */
    FPX1_S(175, 3000000000, 0, 0x4f32d05e, fcvt.l.s a0, f1, rtz)
    FPX1_S(176, 1, NX, 0x3fc00000, fcvt.l.s a0, f1, rdn)
    FPX1_S(177, -2, NX, 0xbfc00000, fcvt.l.s a0, f1, rdn)
    FPX1_S(178, 0xffffffffffffffff, NV, S_QNAN, fcvt.lu.s a0, f1, rtz)
    FPX1_S(179, 0xffffffffffffffff, NV, S_INF, fcvt.lu.s a0, f1, rtz)
    FPX1_S(180, 0, NV, S_NEG_INF, fcvt.lu.s a0, f1, rtz)
    FPX1_S(181, 0, NV, S_NEG_ONE, fcvt.lu.s a0, f1, rtz)
    FPX1_S(182, 0xffffffffffffffff, NV, 0x5f800000, fcvt.lu.s a0, f1, rtz) /* 2^64 */
    FPX1_S(183, 0x8000000000000000, 0, 0x5f000000, fcvt.lu.s a0, f1, rtz)  /* 2^63 */
    FPX1_S(184, 0xffffff0000000000, 0, 0x5f7fffff, fcvt.lu.s a0, f1, rtz)  /* largest below 2^64 */

    /* ---- integer -> float: only the low 32 bits for .w/.wu; rounding ---- */
    FPI_S(185, 0x4f000000, NX, 0x7fffffff, fcvt.s.w f3, a0, rne)
    FPI_S(186, 0x4effffff, NX, 0x7fffffff, fcvt.s.w f3, a0, rtz)
    FPI_S(187, S_ONE, 0, 0x1234567800000001, fcvt.s.w f3, a0)
    FPI_S(188, 0xcf000000, 0, 0x0000000080000000, fcvt.s.w f3, a0)
    FPI_S(189, S_NEG_ONE, 0, -1, fcvt.s.w f3, a0)
    FPI_S(190, 0x4f800000, NX, 0xffffffff, fcvt.s.wu f3, a0, rne)
    FPI_S(191, S_TWO, 0, 0xffffffff00000002, fcvt.s.wu f3, a0)
    FPI_S(192, S_NEG_ONE, 0, -1, fcvt.s.l f3, a0)
    FPI_S(193, 0x5f000000, NX, 0x7fffffffffffffff, fcvt.s.l f3, a0, rne)
    FPI_S(194, 0x5f800000, NX, 0xffffffffffffffff, fcvt.s.lu f3, a0, rne)
    FPI_S(195, 0x5f7fffff, NX, 0xffffffffffffffff, fcvt.s.lu f3, a0, rtz)
    FPI_S(196, S_ZERO, 0, 0, fcvt.s.l f3, a0)                              /* +0, never -0 */

    /* ---- fclass: one bit for each of the ten classes ---- */
    FPX1_S(197, 0x001, 0, S_NEG_INF, fclass.s a0, f1)
    FPX1_S(198, 0x002, 0, S_NEG_ONE, fclass.s a0, f1)
    FPX1_S(199, 0x004, 0, 0x807fffff, fclass.s a0, f1)
    FPX1_S(200, 0x008, 0, S_NEG_ZERO, fclass.s a0, f1)
    FPX1_S(201, 0x010, 0, S_ZERO, fclass.s a0, f1)
    FPX1_S(202, 0x020, 0, S_MIN_SUBNORMAL, fclass.s a0, f1)
    FPX1_S(203, 0x040, 0, S_MAX, fclass.s a0, f1)
    FPX1_S(204, 0x080, 0, S_INF, fclass.s a0, f1)
    FPX1_S(205, 0x100, 0, S_SNAN, fclass.s a0, f1)
    FPX1_S(206, 0x200, 0, S_QNAN, fclass.s a0, f1)
    FPX1_S(207, 0x100, 0, 0xffbfffff, fclass.s a0, f1)                     /* negative sNaN */
    FPX1_S(208, 0x040, 0, S_MIN_NORMAL, fclass.s a0, f1)

    /* ---- sign injection: bit operations, no NaN canonicalisation, no flags ---- */
    FP2_S(209, S_NEG_ONE, 0, S_ONE, S_NEG_TWO, fsgnj.s f3, f1, f2)
    FP2_S(210, S_ONE, 0, S_ONE, S_NEG_TWO, fsgnjn.s f3, f1, f2)
    FP2_S(211, S_ONE, 0, S_NEG_ONE, S_NEG_TWO, fsgnjx.s f3, f1, f2)
    FP2_S(212, S_NEG_ONE, 0, S_NEG_ONE, S_TWO, fsgnjx.s f3, f1, f2)
    FP1_S(213, 0xff800001, 0, S_SNAN, fneg.s f3, f1)
    FP1_S(214, S_ZERO, 0, S_NEG_ZERO, fabs.s f3, f1)
    FP1_S(215, 0x7fc12345, 0, 0x7fc12345, fmv.s f3, f1)
    FP1_S(216, 0x7f800001, 0, 0xff800001, fabs.s f3, f1)

    /* ---- fused multiply-add: one rounding ---- */
    FP3_S(217, 0x40e00000, 0, S_TWO, S_THREE, S_ONE, fmadd.s f3, f1, f2, f4)   /* 7 */
    FP3_S(218, S_FIVE, 0, S_TWO, S_THREE, S_ONE, fmsub.s f3, f1, f2, f4)       /* 5 */
    FP3_S(219, 0xc0a00000, 0, S_TWO, S_THREE, S_ONE, fnmsub.s f3, f1, f2, f4)  /* -5 */
    FP3_S(220, 0xc0e00000, 0, S_TWO, S_THREE, S_ONE, fnmadd.s f3, f1, f2, f4)  /* -7 */
    /* (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly (a separate multiply would round to 0). */
    FP3_S(221, 0xa8800000, 0, 0x3f800001, 0x3f7ffffe, S_ONE, fmsub.s f3, f1, f2, f4)
    /* "The fused multiply-add instructions must set the invalid operation exception flag when the
       multiplicands are inf and zero, even when the addend is a quiet NaN." */
    FP3_S(222, S_QNAN, NV, S_INF, S_ZERO, S_QNAN, fmadd.s f3, f1, f2, f4)
    FP3_S(223, S_QNAN, NV, S_INF, S_ZERO, S_ONE, fmadd.s f3, f1, f2, f4)
    FP3_S(224, S_QNAN, 0, S_ONE, S_ONE, 0x7fc12345, fmadd.s f3, f1, f2, f4)
    FP3_S(225, S_QNAN, NV, S_INF, S_ONE, S_NEG_INF, fmadd.s f3, f1, f2, f4)
    FP3_S(226, S_QNAN, NV, S_ONE, S_ONE, S_SNAN, fnmadd.s f3, f1, f2, f4)
    FP3_S(227, S_ZERO, 0, S_ZERO, S_ONE, S_NEG_ZERO, fmadd.s f3, f1, f2, f4, rne)
    FP3_S(228, S_NEG_ZERO, 0, S_ZERO, S_ONE, S_NEG_ZERO, fmadd.s f3, f1, f2, f4, rdn)
    FP3_S(229, S_NEG_ZERO, 0, S_ZERO, S_ONE, S_ZERO, fnmadd.s f3, f1, f2, f4)
    FP3_S(230, S_ZERO, 0, S_ZERO, S_ONE, S_ZERO, fnmsub.s f3, f1, f2, f4)
    FP3_S(231, S_INF, OF | NX, S_MAX, S_TWO, S_ONE, fmadd.s f3, f1, f2, f4)
    FP3_S(232, 0x3f800001, NX, S_ONE, S_ONE, 0x33800000, fmadd.s f3, f1, f2, f4, rmm)

    /* ---- loads and stores ---- */
    lla s0, memory
    LOAD_S(f1, 0xc0490fdb)
    li a0, 0x1111111111111111
    sd a0, 16(s0)
    fsw f1, 20(s0)
    ld a0, 16(s0)
    CHECK(233, a0, 0xc0490fdb11111111)
    flw f3, 20(s0)
    CHECK_S(234, f3, 0xc0490fdb)
    flw f3, 1(s0)                       /* misaligned */
    CHECK_S(235, f3, 0x0040490f)

    /* ---- flags only come from the guest's own operations ----
       An exact round-to-nearest sum, then a walk through 48 code pages not run before (an engine does
       host work to find or decode each one) before fflags is read: no flag may appear. Morph keeps RNE
       flags in the host MXCSR during a run, where host code must not leave any behind. */
    csrwi fflags, 0
    LOAD_S(f1, S_ONE)
    fadd.s f3, f1, f1
    j page_walk
page_walk_done:
    CHECK_S(236, f3, S_TWO)
    CHECK_FLAGS(237, 0)
    PASS

    .balign 4096
page_walk:
    .rept 47
    j 1f
    .balign 4096
1:
    .endr
    j page_walk_done

    .data
    .balign 8
memory:
    .word 0x40490fdb                    /* pi */
    .word 0
    .dword 0, 0, 0
