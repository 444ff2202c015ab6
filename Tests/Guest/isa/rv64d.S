/* RV64D: double precision, and conversions between single and double. Exception flags, static and
   dynamic rounding modes, invalid rounding modes, canonical NaNs, fmin/fmax, comparisons, fcvt
   saturation, fclass, sign injection, fused multiply-add, fcvt.s.d / fcvt.d.s.
   The RISC-V Instruction Set Manual, Volume I (20191213), chapter 12 "D Standard Extension" (with the
   rules of chapter 11 it refers to: 11.2 fcsr, 11.3 NaN generation, 11.6 FMIN/FMAX, 11.7 conversions,
   11.9 classify). */
#include "isa.h"
#include "fp.h"

test_main:
    csrwi fcsr, 0

    /* ---- exact arithmetic ---- */
    FP2_D(1, 0x400e000000000000, 0, 0x3ff8000000000000, 0x4002000000000000, fadd.d f3, f1, f2) /* 1.5+2.25 */
    FP2_D(2, 0xbfe8000000000000, 0, 0x3ff8000000000000, 0x4002000000000000, fsub.d f3, f1, f2)
    FP2_D(3, 0x400b000000000000, 0, 0x3ff8000000000000, 0x4002000000000000, fmul.d f3, f1, f2)
    FP2_D(4, 0x3fe8000000000000, 0, 0x3ff8000000000000, D_TWO, fdiv.d f3, f1, f2)
    FP1_D(5, D_TWO, 0, 0x4010000000000000, fsqrt.d f3, f1)

    /* ---- each exception flag ---- */
    FP2_D(6, 0x3fd5555555555555, NX, D_ONE, D_THREE, fdiv.d f3, f1, f2)
    FP2_D(7, D_INF, DZ, D_ONE, D_ZERO, fdiv.d f3, f1, f2)
    FP2_D(8, D_NEG_INF, DZ, D_ONE, D_NEG_ZERO, fdiv.d f3, f1, f2)
    FP2_D(9, D_QNAN, NV, D_ZERO, D_ZERO, fdiv.d f3, f1, f2)
    FP2_D(10, D_QNAN, NV, D_INF, D_INF, fsub.d f3, f1, f2)
    FP2_D(11, D_QNAN, NV, D_ZERO, D_NEG_INF, fmul.d f3, f1, f2)
    FP1_D(12, D_QNAN, NV, D_NEG_ONE, fsqrt.d f3, f1)
    FP1_D(13, D_NEG_ZERO, 0, D_NEG_ZERO, fsqrt.d f3, f1)                    /* sqrt(-0) = -0 */
    FP2_D(14, D_INF, OF | NX, D_MAX, D_TWO, fmul.d f3, f1, f2)
    FP2_D(15, D_MAX, OF | NX, D_MAX, D_TWO, fmul.d f3, f1, f2, rtz)
    FP2_D(16, 0xffefffffffffffff, OF | NX, D_MAX, 0xc000000000000000, fmul.d f3, f1, f2, rup)
    FP2_D(17, D_ZERO, UF | NX, D_MIN_SUBNORMAL, D_HALF, fmul.d f3, f1, f2)
    FP2_D(18, D_MIN_SUBNORMAL, UF | NX, D_MIN_SUBNORMAL, D_HALF, fmul.d f3, f1, f2, rup)
    FP2_D(19, 0x0008000000000000, 0, D_MIN_NORMAL, D_HALF, fmul.d f3, f1, f2)
    /* Tininess after rounding: (1 - 2^-52) * 2^-1022 (1 + 2^-52) = 2^-1022 (1 - 2^-104). */
    FP2_D(20, D_MIN_NORMAL, NX, 0x3feffffffffffffe, 0x0010000000000001, fmul.d f3, f1, f2)
    FP2_D(21, 0x000fffffffffffff, UF | NX, 0x3feffffffffffffe, 0x0010000000000001, fmul.d f3, f1, f2, rtz)

    /* ---- static rounding modes ---- */
    FP2_D(22, 0x3fd5555555555555, NX, D_ONE, D_THREE, fdiv.d f3, f1, f2, rne)
    FP2_D(23, 0x3fd5555555555555, NX, D_ONE, D_THREE, fdiv.d f3, f1, f2, rtz)
    FP2_D(24, 0x3fd5555555555555, NX, D_ONE, D_THREE, fdiv.d f3, f1, f2, rdn)
    FP2_D(25, 0x3fd5555555555556, NX, D_ONE, D_THREE, fdiv.d f3, f1, f2, rup)
    FP2_D(26, 0x3fd5555555555555, NX, D_ONE, D_THREE, fdiv.d f3, f1, f2, rmm)
    FP2_D(27, 0xbfd5555555555555, NX, D_NEG_ONE, D_THREE, fdiv.d f3, f1, f2, rne)
    FP2_D(28, 0xbfd5555555555555, NX, D_NEG_ONE, D_THREE, fdiv.d f3, f1, f2, rtz)
    FP2_D(29, 0xbfd5555555555556, NX, D_NEG_ONE, D_THREE, fdiv.d f3, f1, f2, rdn)
    FP2_D(30, 0xbfd5555555555555, NX, D_NEG_ONE, D_THREE, fdiv.d f3, f1, f2, rup)
    FP2_D(31, 0xbfd5555555555555, NX, D_NEG_ONE, D_THREE, fdiv.d f3, f1, f2, rmm)
    FP2_D(32, 0x3ff0000000000000, NX, D_ONE, 0x3ca0000000000000, fadd.d f3, f1, f2, rne) /* 1 + 2^-53 */
    FP2_D(33, 0x3ff0000000000000, NX, D_ONE, 0x3ca0000000000000, fadd.d f3, f1, f2, rtz)
    FP2_D(34, 0x3ff0000000000000, NX, D_ONE, 0x3ca0000000000000, fadd.d f3, f1, f2, rdn)
    FP2_D(35, 0x3ff0000000000001, NX, D_ONE, 0x3ca0000000000000, fadd.d f3, f1, f2, rup)
    FP2_D(36, 0x3ff0000000000001, NX, D_ONE, 0x3ca0000000000000, fadd.d f3, f1, f2, rmm)
    FP2_D(37, 0x3ff0000000000002, NX, 0x3ff0000000000001, 0x3ca0000000000000, fadd.d f3, f1, f2, rne)
    FP2_D(38, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000, fadd.d f3, f1, f2, rtz)
    FP2_D(39, 0x3ff0000000000002, NX, 0x3ff0000000000001, 0x3ca0000000000000, fadd.d f3, f1, f2, rmm)
    FP2_D(40, 0xbff0000000000000, NX, D_NEG_ONE, 0xbca0000000000000, fadd.d f3, f1, f2, rne)
    FP2_D(41, 0xbff0000000000001, NX, D_NEG_ONE, 0xbca0000000000000, fadd.d f3, f1, f2, rdn)
    FP2_D(42, 0xbff0000000000000, NX, D_NEG_ONE, 0xbca0000000000000, fadd.d f3, f1, f2, rup)
    FP2_D(43, 0xbff0000000000001, NX, D_NEG_ONE, 0xbca0000000000000, fadd.d f3, f1, f2, rmm)
    FP1_D(44, 0x3ff6a09e667f3bcd, NX, D_TWO, fsqrt.d f3, f1, rne)
    FP1_D(45, 0x3ff6a09e667f3bcc, NX, D_TWO, fsqrt.d f3, f1, rtz)
    FP2_D(46, D_NEG_ZERO, 0, D_ONE, D_ONE, fsub.d f3, f1, f2, rdn)

    /* ---- dynamic rounding ---- */
    fsrmi 2
    FP2_D(47, 0xbfd5555555555556, NX, D_NEG_ONE, D_THREE, fdiv.d f3, f1, f2)
    fsrmi 4
    FP2_D(48, 0xbff0000000000001, NX, D_NEG_ONE, 0xbca0000000000000, fadd.d f3, f1, f2)
    fsrmi 3
    FP2_D(49, 0x3fd5555555555556, NX, D_ONE, D_THREE, fdiv.d f3, f1, f2)
    fsrmi 1
    FP2_D(50, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000, fadd.d f3, f1, f2)
    fsrmi 0
    FP2_D(51, 0x3ff0000000000000, NX, D_ONE, 0x3ca0000000000000, fadd.d f3, f1, f2)

    /* ---- invalid rounding modes ---- */
    LOAD_D(f1, D_ONE)
    LOAD_D(f2, D_ONE)
    ILLEGAL_FP(52, 0x0220d1d3, .insn r OP_FP, 5, 1, f3, f1, f2)    /* fadd.d f3, f1, f2 with rm = 5 */
    ILLEGAL_FP(53, 0x4010e1d3, .insn r OP_FP, 6, 0x20, f3, f1, f1) /* fcvt.s.d f3, f1 with rm = 6 */
    fsrmi 5
    ILLEGAL_FP(54, 0xc200f553, fcvt.w.d a0, f1, dyn)
    fsrmi 7
    ILLEGAL_FP(55, 0x0220f1d3, fadd.d f3, f1, f2, dyn)
    csrwi fcsr, 0

    /* ---- canonical NaN ---- */
    FP2_D(56, D_QNAN, 0, 0x7ff8000012345678, D_ONE, fadd.d f3, f1, f2)
    FP2_D(57, D_QNAN, 0, 0xfff8000000000000, D_ONE, fmul.d f3, f1, f2)
    FP2_D(58, D_QNAN, NV, 0x7ff0000012345678, D_ONE, fsub.d f3, f1, f2)
    FP2_D(59, D_QNAN, 0, 0xffffffff3f800000, D_ONE, fadd.d f3, f1, f2)     /* a boxed single is a NaN */

    /* ---- fmin/fmax ---- */
    FP2_D(60, D_ONE, 0, D_ONE, D_QNAN, fmin.d f3, f1, f2)
    FP2_D(61, D_ONE, 0, D_QNAN, D_ONE, fmax.d f3, f1, f2)
    FP2_D(62, D_QNAN, 0, 0x7ff8000012345678, D_QNAN, fmin.d f3, f1, f2)
    FP2_D(63, D_ONE, NV, D_SNAN, D_ONE, fmin.d f3, f1, f2)
    FP2_D(64, D_ONE, NV, D_ONE, D_SNAN, fmax.d f3, f1, f2)
    FP2_D(65, D_QNAN, NV, D_SNAN, D_SNAN, fmin.d f3, f1, f2)
    FP2_D(66, D_NEG_ZERO, 0, D_ZERO, D_NEG_ZERO, fmin.d f3, f1, f2)
    FP2_D(67, D_NEG_ZERO, 0, D_NEG_ZERO, D_ZERO, fmin.d f3, f1, f2)
    FP2_D(68, D_ZERO, 0, D_NEG_ZERO, D_ZERO, fmax.d f3, f1, f2)
    FP2_D(69, D_ZERO, 0, D_ZERO, D_NEG_ZERO, fmax.d f3, f1, f2)
    FP2_D(70, D_NEG_INF, 0, D_NEG_INF, D_ONE, fmin.d f3, f1, f2)

    /* ---- comparisons ---- */
    FPX2_D(71, 1, 0, D_NEG_ZERO, D_ZERO, feq.d a0, f1, f2)
    FPX2_D(72, 0, 0, D_NEG_ZERO, D_ZERO, flt.d a0, f1, f2)
    FPX2_D(73, 1, 0, D_ZERO, D_NEG_ZERO, fle.d a0, f1, f2)
    FPX2_D(74, 0, 0, D_QNAN, D_QNAN, feq.d a0, f1, f2)
    FPX2_D(75, 0, NV, D_SNAN, D_ONE, feq.d a0, f1, f2)
    FPX2_D(76, 0, NV, D_QNAN, D_ONE, flt.d a0, f1, f2)
    FPX2_D(77, 0, NV, D_ONE, D_QNAN, fle.d a0, f1, f2)
    FPX2_D(78, 1, 0, D_ONE, D_TWO, flt.d a0, f1, f2)

    /* ---- double -> integer ---- */
    FPX1_D(79, 0x7fffffff, NV, D_QNAN, fcvt.w.d a0, f1, rtz)
    FPX1_D(80, 0x7fffffff, NV, D_INF, fcvt.w.d a0, f1, rtz)
    FPX1_D(81, 0xffffffff80000000, NV, D_NEG_INF, fcvt.w.d a0, f1, rtz)
    FPX1_D(82, 0x7fffffff, NX, 0x41dfffffffe00000, fcvt.w.d a0, f1, rtz)   /* 2^31 - 0.5 */
    FPX1_D(83, 0x7fffffff, NV, 0x41dfffffffe00000, fcvt.w.d a0, f1, rne)   /* rounds to 2^31 */
    FPX1_D(84, 0xffffffff80000000, NX, 0xc1e0000000100000, fcvt.w.d a0, f1, rtz) /* -2^31 - 0.5 */
    FPX1_D(85, 0xffffffff80000000, NX, 0xc1e0000000100000, fcvt.w.d a0, f1, rne)
    FPX1_D(86, 0xffffffff80000000, NV, 0xc1e0000000100000, fcvt.w.d a0, f1, rdn)
    FPX1_D(87, -3, NX, 0xc004000000000000, fcvt.w.d a0, f1, rmm)           /* -2.5 */
    FPX1_D(88, -2, NX, 0xc004000000000000, fcvt.w.d a0, f1, rne)
    FPX1_D(89, 0xffffffffffffffff, NV, D_QNAN, fcvt.wu.d a0, f1, rtz)
    FPX1_D(90, 0, NV, D_NEG_ONE, fcvt.wu.d a0, f1, rtz)
    FPX1_D(91, 0xffffffffffffffff, 0, 0x41efffffffe00000, fcvt.wu.d a0, f1, rtz) /* 2^32 - 1 */
    FPX1_D(92, 0xffffffffffffffff, NV, 0x41f0000000000000, fcvt.wu.d a0, f1, rtz) /* 2^32 */
    FPX1_D(93, 0, NX, 0xbfe0000000000000, fcvt.wu.d a0, f1, rtz)           /* -0.5 */
    FPX1_D(94, 0x7fffffffffffffff, NV, D_QNAN, fcvt.l.d a0, f1, rtz)
    FPX1_D(95, 0x7fffffffffffffff, NV, 0x43e0000000000000, fcvt.l.d a0, f1, rtz) /* 2^63 */
    FPX1_D(96, 0x8000000000000000, 0, 0xc3e0000000000000, fcvt.l.d a0, f1, rtz)  /* -2^63 */
    FPX1_D(97, 0x8000000000000000, NV, D_NEG_INF, fcvt.l.d a0, f1, rtz)
    FPX1_D(98, 0x7ffffffffffffc00, 0, 0x43dfffffffffffff, fcvt.l.d a0, f1, rtz)
    FPX1_D(99, 0xffffffffffffffff, NV, D_QNAN, fcvt.lu.d a0, f1, rtz)
    FPX1_D(100, 0xffffffffffffffff, NV, 0x43f0000000000000, fcvt.lu.d a0, f1, rtz) /* 2^64 */
    FPX1_D(101, 0xfffffffffffff800, 0, 0x43efffffffffffff, fcvt.lu.d a0, f1, rtz)
    FPX1_D(102, 0, NV, D_NEG_INF, fcvt.lu.d a0, f1, rtz)
    FPX1_D(103, 0, NV, 0xbff8000000000000, fcvt.lu.d a0, f1, rtz)          /* -1.5 */

    /* ---- integer -> double ---- */
    FPI_D(104, D_NEG_ONE, 0, -1, fcvt.d.w f3, a0)
    FPI_D(105, 0xc1e0000000000000, 0, 0xffffffff80000000, fcvt.d.w f3, a0)
    FPI_D(106, 0x41efffffffe00000, 0, 0x12345678ffffffff, fcvt.d.wu f3, a0)
    FPI_D(107, D_ONE, 0, 0xffffffff00000001, fcvt.d.w f3, a0)
    FPI_D(108, 0x43e0000000000000, NX, 0x7fffffffffffffff, fcvt.d.l f3, a0, rne)
    FPI_D(109, 0x43dfffffffffffff, NX, 0x7fffffffffffffff, fcvt.d.l f3, a0, rtz)
    FPI_D(110, 0x43f0000000000000, NX, 0xffffffffffffffff, fcvt.d.lu f3, a0, rne)
    FPI_D(111, 0xc3e0000000000000, 0, 0x8000000000000000, fcvt.d.l f3, a0)
    FPI_D(112, 0x4340000000000000, NX, 0x0020000000000001, fcvt.d.l f3, a0, rne) /* 2^53 + 1: tie to even */
    FPI_D(113, 0x4340000000000001, NX, 0x0020000000000001, fcvt.d.l f3, a0, rmm)

    /* ---- fclass ---- */
    FPX1_D(114, 0x001, 0, D_NEG_INF, fclass.d a0, f1)
    FPX1_D(115, 0x002, 0, D_NEG_ONE, fclass.d a0, f1)
    FPX1_D(116, 0x004, 0, 0x800fffffffffffff, fclass.d a0, f1)
    FPX1_D(117, 0x008, 0, D_NEG_ZERO, fclass.d a0, f1)
    FPX1_D(118, 0x010, 0, D_ZERO, fclass.d a0, f1)
    FPX1_D(119, 0x020, 0, D_MIN_SUBNORMAL, fclass.d a0, f1)
    FPX1_D(120, 0x040, 0, D_MAX, fclass.d a0, f1)
    FPX1_D(121, 0x080, 0, D_INF, fclass.d a0, f1)
    FPX1_D(122, 0x100, 0, D_SNAN, fclass.d a0, f1)
    FPX1_D(123, 0x200, 0, D_QNAN, fclass.d a0, f1)
    FPX1_D(124, 0x200, 0, 0xffffffff3f800000, fclass.d a0, f1)             /* a boxed single */

    /* ---- sign injection ---- */
    FP2_D(125, D_NEG_ONE, 0, D_ONE, 0xc000000000000000, fsgnj.d f3, f1, f2)
    FP2_D(126, D_ONE, 0, D_ONE, 0xc000000000000000, fsgnjn.d f3, f1, f2)
    FP2_D(127, D_ONE, 0, D_NEG_ONE, 0xc000000000000000, fsgnjx.d f3, f1, f2)
    FP1_D(128, 0xfff0000000000001, 0, D_SNAN, fneg.d f3, f1)
    FP1_D(129, D_ZERO, 0, D_NEG_ZERO, fabs.d f3, f1)

    /* ---- fused multiply-add ---- */
    FP3_D(130, 0x401c000000000000, 0, D_TWO, D_THREE, D_ONE, fmadd.d f3, f1, f2, f4)    /* 7 */
    FP3_D(131, D_FIVE, 0, D_TWO, D_THREE, D_ONE, fmsub.d f3, f1, f2, f4)
    FP3_D(132, 0xc014000000000000, 0, D_TWO, D_THREE, D_ONE, fnmsub.d f3, f1, f2, f4)
    FP3_D(133, 0xc01c000000000000, 0, D_TWO, D_THREE, D_ONE, fnmadd.d f3, f1, f2, f4)
    FP3_D(134, 0xb970000000000000, 0, 0x3ff0000000000001, 0x3feffffffffffffe, D_ONE, fmsub.d f3, f1, f2, f4)
    FP3_D(135, D_QNAN, NV, D_ZERO, D_INF, D_QNAN, fmadd.d f3, f1, f2, f4)
    FP3_D(136, D_QNAN, 0, D_ONE, D_ONE, 0x7ff8000012345678, fmadd.d f3, f1, f2, f4)
    FP3_D(137, D_NEG_ZERO, 0, D_ZERO, D_ONE, D_NEG_ZERO, fmadd.d f3, f1, f2, f4, rdn)

    /* ---- double -> single: rounding, overflow, underflow, NaN ---- */
    FP1_D(138, 0xffffffff3eaaaaab, NX, 0x3fd5555555555555, fcvt.s.d f3, f1, rne)
    FP1_D(139, 0xffffffff3eaaaaaa, NX, 0x3fd5555555555555, fcvt.s.d f3, f1, rtz)
    FP1_D(140, 0xffffffff3fc00000, 0, 0x3ff8000000000000, fcvt.s.d f3, f1)
    FP1_D(141, 0xffffffff7f800000, OF | NX, D_MAX, fcvt.s.d f3, f1, rne)
    FP1_D(142, 0xffffffff7f7fffff, OF | NX, D_MAX, fcvt.s.d f3, f1, rtz)
    FP1_D(143, 0xffffffff00000000, UF | NX, D_MIN_SUBNORMAL, fcvt.s.d f3, f1, rne)
    FP1_D(144, 0xffffffff00000001, UF | NX, D_MIN_SUBNORMAL, fcvt.s.d f3, f1, rup)
    FP1_D(145, 0xffffffff80000001, UF | NX, 0x8000000000000001, fcvt.s.d f3, f1, rdn)
    FP1_D(146, 0xffffffff00000001, 0, 0x36a0000000000000, fcvt.s.d f3, f1)  /* 2^-149: exact */
    FP1_D(147, 0xffffffff00000000, UF | NX, 0x3690000000000000, fcvt.s.d f3, f1, rne) /* 2^-150 */
    FP1_D(148, 0xffffffff00000001, UF | NX, 0x3690000000000000, fcvt.s.d f3, f1, rmm)
    FP1_D(149, 0xffffffff3f800000, NX, 0x3ff0000010000000, fcvt.s.d f3, f1, rne) /* 1 + 2^-24 */
    FP1_D(150, 0xffffffff3f800001, NX, 0x3ff0000010000000, fcvt.s.d f3, f1, rmm)
    FP1_D(151, 0xffffffff7fc00000, 0, 0xfff8000012345678, fcvt.s.d f3, f1)
    FP1_D(152, 0xffffffff7fc00000, NV, D_SNAN, fcvt.s.d f3, f1)
    FP1_D(153, 0xffffffffff800000, 0, D_NEG_INF, fcvt.s.d f3, f1)
    FP1_D(154, 0xffffffff80000000, 0, D_NEG_ZERO, fcvt.s.d f3, f1)

    /* ---- single -> double: exact ---- */
    FP1_D(155, 0x3fd5555560000000, 0, 0xffffffff3eaaaaab, fcvt.d.s f3, f1)
    FP1_D(156, 0x36a0000000000000, 0, 0xffffffff00000001, fcvt.d.s f3, f1)  /* subnormal single */
    FP1_D(157, D_QNAN, NV, 0xffffffff7f800001, fcvt.d.s f3, f1)
    FP1_D(158, D_QNAN, 0, 0xffffffffffc12345, fcvt.d.s f3, f1)
    FP1_D(159, D_NEG_INF, 0, 0xffffffffff800000, fcvt.d.s f3, f1)
    FP1_D(160, D_NEG_ZERO, 0, 0xffffffff80000000, fcvt.d.s f3, f1)
    FP1_D(161, 0x47efffffe0000000, 0, 0xffffffff7f7fffff, fcvt.d.s f3, f1)

    /* ---- moves, loads and stores ---- */
    li a0, 0x7ff0000000000001
    fmv.d.x f3, a0                      /* raw bits, no quieting */
    fmv.x.d a1, f3
    CHECK(162, a1, 0x7ff0000000000001)
    CHECK_FLAGS(163, 0)
    lla s0, memory
    LOAD_D(f1, 0x0123456789abcdef)
    fsd f1, 8(s0)
    ld a0, 8(s0)
    CHECK(164, a0, 0x0123456789abcdef)
    fld f3, 8(s0)
    CHECK_D(165, f3, 0x0123456789abcdef)
    fsd f1, 3(s0)                       /* misaligned */
    fld f3, 3(s0)
    CHECK_D(166, f3, 0x0123456789abcdef)
    ld a0, 0(s0)
    CHECK(167, a0, 0x6789abcdef000000)
    PASS

    .data
    .balign 8
memory:
    .dword 0, 0, 0
