/* RV64M: multiplication high parts, division by zero and overflow, *W forms.
   The RISC-V Instruction Set Manual, Volume I (20191213), chapter 7 "M Standard Extension for Integer
   Multiplication and Division", table 7.1 "Semantics for division by zero and division overflow". */
#include "isa.h"

#define INT64_MIN 0x8000000000000000
#define INT64_MAX 0x7fffffffffffffff

test_main:
    /* ---- mul: the low 64 bits ---- */
    li a0, INT64_MAX
    li a1, 2
    mul a2, a0, a1
    CHECK(1, a2, 0xfffffffffffffffe)
    li a0, -3
    li a1, 5
    mul a2, a0, a1
    CHECK(2, a2, -15)
    li a0, 0x123456789abcdef1
    li a1, 0x0fedcba987654321
    mul a2, a0, a1
    CHECK(3, a2, 0x3224a4396cc6d011)

    /* ---- mulh (signed x signed) ---- */
    li a0, INT64_MIN
    mulh a2, a0, a0
    CHECK(4, a2, 0x4000000000000000)
    li a0, -1
    mulh a2, a0, a0
    CHECK(5, a2, 0)
    li a1, 1
    mulh a2, a0, a1
    CHECK(6, a2, -1)
    li a0, INT64_MAX
    mulh a2, a0, a0
    CHECK(7, a2, 0x3fffffffffffffff)
    li a0, INT64_MIN
    li a1, INT64_MAX
    mulh a2, a0, a1                     /* -2^126 + 2^63 */
    CHECK(8, a2, 0xc000000000000000)
    li a0, 0x123456789abcdef1
    li a1, 0x0fedcba987654321
    mulh a2, a0, a1
    CHECK(9, a2, 0x0121fa00ad77d742)

    /* ---- mulhu (unsigned x unsigned) ---- */
    li a0, -1
    mulhu a2, a0, a0
    CHECK(10, a2, 0xfffffffffffffffe)
    li a0, INT64_MIN
    li a1, 2
    mulhu a2, a0, a1
    CHECK(11, a2, 1)
    li a0, -1
    li a1, 1
    mulhu a2, a0, a1
    CHECK(12, a2, 0)

    /* ---- mulhsu (signed rs1 x unsigned rs2) ---- */
    li a0, -1
    li a1, -1
    mulhsu a2, a0, a1                   /* -(2^64 - 1) */
    CHECK(13, a2, -1)
    li a0, -2
    mulhsu a2, a0, a1                   /* -2^65 + 2 */
    CHECK(14, a2, -2)
    li a0, 2
    mulhsu a2, a0, a1                   /* 2^65 - 2 */
    CHECK(15, a2, 1)
    li a0, INT64_MIN
    mulhsu a2, a0, a1                   /* -2^127 + 2^63 */
    CHECK(16, a2, INT64_MIN)
    li a0, -1
    li a1, 1
    mulhsu a2, a0, a1
    CHECK(17, a2, -1)
    mulhsu a2, a1, a0                   /* 1 x (2^64 - 1) */
    CHECK(18, a2, 0)

    /* ---- mulw: low 32 bits, sign-extended; upper source bits ignored ---- */
    li a0, 0x7fffffff
    li a1, 2
    mulw a2, a0, a1
    CHECK(19, a2, 0xfffffffffffffffe)
    li a0, 0x0000000100000003
    li a1, 0x0000000500000005
    mulw a2, a0, a1
    CHECK(20, a2, 15)
    li a0, 0x10000
    mulw a2, a0, a0
    CHECK(21, a2, 0)
    li a0, 0x8000
    li a1, 0x10000
    mulw a2, a0, a1
    CHECK(22, a2, 0xffffffff80000000)

    /* ---- div/divu/rem/remu: rounding toward zero, sign of the remainder = sign of the dividend ---- */
    li a0, -7
    li a1, 2
    div a2, a0, a1
    CHECK(23, a2, -3)
    rem a2, a0, a1
    CHECK(24, a2, -1)
    li a0, 7
    li a1, -2
    div a2, a0, a1
    CHECK(25, a2, -3)
    rem a2, a0, a1
    CHECK(26, a2, 1)
    li a0, -1
    li a1, 2
    divu a2, a0, a1
    CHECK(27, a2, INT64_MAX)
    remu a2, a0, a1
    CHECK(28, a2, 1)
    li a0, -7
    li a1, -2
    div a2, a0, a1
    CHECK(29, a2, 3)
    rem a2, a0, a1
    CHECK(30, a2, -1)

    /* ---- division by zero: quotient all ones, remainder = dividend; no trap ---- */
    li a0, 12345
    div a2, a0, zero
    CHECK(31, a2, -1)
    divu a2, a0, zero
    CHECK(32, a2, 0xffffffffffffffff)
    rem a2, a0, zero
    CHECK(33, a2, 12345)
    remu a2, a0, zero
    CHECK(34, a2, 12345)
    li a0, INT64_MIN
    rem a2, a0, zero
    CHECK(35, a2, INT64_MIN)
    li a0, -5
    div a2, a0, zero
    CHECK(36, a2, -1)

    /* ---- signed overflow: INT64_MIN / -1 = INT64_MIN, remainder 0 ---- */
    li a0, INT64_MIN
    li a1, -1
    div a2, a0, a1
    CHECK(37, a2, INT64_MIN)
    rem a2, a0, a1
    CHECK(38, a2, 0)
    divu a2, a0, a1
    CHECK(39, a2, 0)
    remu a2, a0, a1
    CHECK(40, a2, INT64_MIN)

    /* ---- *W division: 32-bit operands, results sign-extended ---- */
    li a0, 0xffffffff80000000
    li a1, -1
    divw a2, a0, a1
    CHECK(41, a2, 0xffffffff80000000)
    remw a2, a0, a1
    CHECK(42, a2, 0)
    li a0, 0x0000000180000000            /* low word INT32_MIN */
    li a1, 0x00000000ffffffff            /* low word -1 */
    divw a2, a0, a1
    CHECK(43, a2, 0xffffffff80000000)
    li a0, 12345
    divw a2, a0, zero
    CHECK(44, a2, -1)
    divuw a2, a0, zero
    CHECK(45, a2, 0xffffffffffffffff)
    li a0, 0x0000000180000000
    remw a2, a0, zero
    CHECK(46, a2, 0xffffffff80000000)
    remuw a2, a0, zero
    CHECK(47, a2, 0xffffffff80000000)
    li a1, 0x0000000500000000            /* low word 0: division by zero */
    remw a2, a0, a1
    CHECK(48, a2, 0xffffffff80000000)
    li a0, 0x0000000080000000
    li a1, 1
    divuw a2, a0, a1
    CHECK(49, a2, 0xffffffff80000000)
    li a0, 0xabcd000000000010
    li a1, 0x000000ff00000004
    divw a2, a0, a1
    CHECK(50, a2, 4)
    li a0, -7
    li a1, 2
    divw a2, a0, a1
    CHECK(51, a2, -3)
    remw a2, a0, a1
    CHECK(52, a2, -1)
    li a0, 0x00000000fffffff9            /* low word -7, unsigned 4294967289 */
    divuw a2, a0, a1
    CHECK(53, a2, 0x7ffffffc)
    remuw a2, a0, a1
    CHECK(54, a2, 1)
    li a0, 0x00000000ffffffff
    li a1, 0x0000000000000001
    divuw a2, a0, a1
    CHECK(55, a2, -1)
    li a0, 0x0000000012345678
    remuw a2, a0, zero
    CHECK(56, a2, 0x12345678)

    /* ---- rd = rs1 = rs2 ---- */
    li a0, 9
    mul a0, a0, a0
    CHECK(57, a0, 81)
    div a0, a0, a0
    CHECK(58, a0, 1)
    PASS
