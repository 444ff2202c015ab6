/* RV64A: LR/SC reservation rules, every AMO in .w and .d form, misaligned and out-of-RAM atomics.
   The RISC-V Instruction Set Manual, Volume I (20191213), chapter 8 "A Standard Extension for Atomic
   Instructions": "If the SC.W fails, the instruction does not write to memory, and it writes a
   nonzero value to rd" (failure code 1: "unspecified failure"); "Regardless of success or failure,
   executing an SC.W instruction invalidates any reservation held by this hart"; "For RV64, 32-bit
   AMOs always sign-extend the value placed in rd, and ignore the upper 32 bits of the original value
   of rs2"; misaligned LR is a load, SC and AMOs store/AMO exceptions (Volume II, table 3.6). */
#include "isa.h"

/* Sets the doubleword at s0 to `value`, runs `op rd, rs2, (s0)` with rs2 = `operand`, and checks the
   old value in a2 and the new doubleword in memory. */
#define AMO_D(n, op, value, operand, old, new) \
    li a0, value; sd a0, 0(s0); li a1, operand; op a2, a1, (s0); \
    CHECK(n, a2, old); ld a3, 0(s0); CHECK(n, a3, new)

/* The same for a word at s0 whose neighbouring word (s0 + 4) must stay untouched. */
#define AMO_W(n, op, value, operand, old, new) \
    li a0, 0x5a5a5a5a00000000 | ((value) & 0xffffffff); sd a0, 0(s0); li a1, operand; op a2, a1, (s0); \
    CHECK(n, a2, old); ld a3, 0(s0); CHECK(n, a3, 0x5a5a5a5a00000000 | ((new) & 0xffffffff))

test_main:
    lla s0, cell
    /* ---- LR/SC: success ---- */
    li a0, 111
    sd a0, 0(s0)
    lr.d a1, (s0)
    CHECK(1, a1, 111)
    li a2, 222
    sc.d a3, a2, (s0)
    CHECK(2, a3, 0)
    ld a4, 0(s0)
    CHECK(3, a4, 222)
    /* A second SC without a new LR fails (the first one invalidated the reservation), writes nothing. */
    li a2, 333
    sc.d a3, a2, (s0)
    CHECK(4, a3, 1)
    ld a4, 0(s0)
    CHECK(5, a4, 222)
    /* SC with no LR at all since the last SC fails. */
    sc.w a3, a2, (s0)
    CHECK(6, a3, 1)
    ld a4, 0(s0)
    CHECK(7, a4, 222)
    /* lr.w sign-extends; sc.w writes only the word. */
    li a0, 0x1234567880000001
    sd a0, 0(s0)
    lr.w a1, (s0)
    CHECK(8, a1, 0xffffffff80000001)
    li a2, 0x7777777700000042
    sc.w a3, a2, (s0)
    CHECK(9, a3, 0)
    ld a4, 0(s0)
    CHECK(10, a4, 0x1234567800000042)
    /* lr.w on the upper word of a doubleword. */
    addi s1, s0, 4
    lr.w a1, (s1)
    CHECK(11, a1, 0x12345678)
    /* A new LR replaces the reservation; its SC succeeds once. */
    lr.d a1, (s0)
    lr.d a1, (s0)
    li a2, 5
    sc.d a3, a2, (s0)
    CHECK(12, a3, 0)
    sc.d a3, a2, (s0)
    CHECK(13, a3, 1)
    /* An SC that fails with rd = rs2 still reports failure in rd. */
    li a2, 9
    sc.d a2, a2, (s0)
    CHECK(14, a2, 1)
    ld a4, 0(s0)
    CHECK(15, a4, 5)

    /* ---- every AMO, doubleword ---- */
    AMO_D(16, amoswap.d, 0x1111111111111111, 0x2222222222222222, 0x1111111111111111, 0x2222222222222222)
    AMO_D(17, amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000)
    AMO_D(18, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
    AMO_D(19, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
    AMO_D(20, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
    AMO_D(21, amomin.d, -1, 1, -1, -1)
    AMO_D(22, amominu.d, -1, 1, -1, 1)
    AMO_D(23, amomax.d, -1, 1, -1, 1)
    AMO_D(24, amomaxu.d, -1, 1, -1, -1)
    AMO_D(25, amomin.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000)
    AMO_D(26, amomax.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
    AMO_D(27, amominu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
    AMO_D(28, amomaxu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000)

    /* ---- every AMO, word: old value sign-extended, only the word written, rs2's upper half ignored ---- */
    AMO_W(29, amoswap.w, 0x80000000, 0xffffffff00000007, 0xffffffff80000000, 7)
    AMO_W(30, amoadd.w, 0x7fffffff, 1, 0x7fffffff, 0x80000000)
    AMO_W(31, amoadd.w, 0xffffffff, 0x0000000100000001, 0xffffffffffffffff, 0)
    AMO_W(32, amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0xf0f0f0f0)
    AMO_W(33, amoand.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0x0f000f00)
    AMO_W(34, amoor.w, 0x8f00ff00, 0x0ff00ff0, 0xffffffff8f00ff00, 0x8ff0fff0)
    AMO_W(35, amomin.w, 0xffffffff, 1, -1, 0xffffffff)
    AMO_W(36, amominu.w, 0xffffffff, 1, -1, 1)
    AMO_W(37, amomax.w, 0xffffffff, 1, -1, 1)
    AMO_W(38, amomaxu.w, 0xffffffff, 1, -1, 0xffffffff)
    /* The comparison uses the low 32 bits of rs2 only: 0x1_00000000 is 0 as a word. */
    AMO_W(39, amomin.w, 5, 0x0000000100000000, 5, 0)
    AMO_W(40, amomaxu.w, 5, 0xffffffff00000003, 5, 5)
    AMO_W(41, amomin.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x80000000)
    AMO_W(42, amomax.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x7fffffff)
    AMO_W(43, amominu.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x7fffffff)
    AMO_W(44, amomaxu.w, 0x80000000, 0x7fffffff, 0xffffffff80000000, 0x80000000)
    /* A word AMO on the upper half of a doubleword. */
    li a0, 0x0000000100000002
    sd a0, 0(s0)
    li a1, 0x7fffffff
    addi s1, s0, 4
    amoadd.w a2, a1, (s1)
    CHECK(45, a2, 1)
    ld a3, 0(s0)
    CHECK(46, a3, 0x8000000000000002)

    /* ---- register overlaps: rd = rs2 and rd = rs1 ---- */
    li a0, 40
    sd a0, 0(s0)
    li a1, 2
    amoswap.d a1, a1, (s0)
    CHECK(47, a1, 40)
    ld a3, 0(s0)
    CHECK(48, a3, 2)
    mv a4, s0
    li a1, 3
    amoadd.d a4, a1, (a4)
    CHECK(49, a4, 2)
    ld a3, 0(s0)
    CHECK(50, a3, 5)
    /* rd = x0: memory still updated. */
    amoadd.d zero, a1, (s0)
    ld a3, 0(s0)
    CHECK(51, a3, 8)
    /* aq/rl variants execute the same. */
    amoor.d.aqrl a2, a1, (s0)
    CHECK(52, a2, 8)
    lr.d.aq a2, (s0)
    sc.d.rl a3, a1, (s0)
    CHECK(53, a3, 0)

    /* ---- misaligned atomics trap: store/AMO address misaligned (6), LR load address misaligned (4),
       mtval = the address; nothing is written ---- */
    li a0, 0x0102030405060708
    sd a0, 0(s0)
    addi s1, s0, 2
    EXPECT_TRAP(1f)
    li a2, 99
    amoadd.w a2, a1, (s1)
1:  CHECK_TRAP(54, CAUSE_STORE_MISALIGNED)
    ld a3, trap_value
    CHECK_SAME(55, a3, s1)
    CHECK(56, a2, 99)                   /* rd not written */
    ld a3, 0(s0)
    CHECK(57, a3, 0x0102030405060708)
    addi s1, s0, 4
    EXPECT_TRAP(1f)
    amoswap.d a2, a1, (s1)
1:  CHECK_TRAP(58, CAUSE_STORE_MISALIGNED)
    ld a3, trap_value
    CHECK_SAME(59, a3, s1)
    ld a3, trap_pc
    CHECK_ADDRESS(60, a3, 1b - 4)
    addi s1, s0, 1
    EXPECT_TRAP(1f)
    lr.w a2, (s1)
1:  CHECK_TRAP(61, CAUSE_LOAD_MISALIGNED)
    ld a3, trap_value
    CHECK_SAME(62, a3, s1)
    addi s1, s0, 4
    EXPECT_TRAP(1f)
    lr.d a2, (s1)
1:  CHECK_TRAP(63, CAUSE_LOAD_MISALIGNED)
    addi s1, s0, 6
    EXPECT_TRAP(1f)
    sc.w a2, a1, (s1)
1:  CHECK_TRAP(64, CAUSE_STORE_MISALIGNED)
    ld a3, trap_value
    CHECK_SAME(65, a3, s1)
    ld a3, 0(s0)
    CHECK(66, a3, 0x0102030405060708)
    addi s1, s0, 4
    EXPECT_TRAP(1f)
    amomaxu.d a2, a1, (s1)
1:  CHECK_TRAP(67, CAUSE_STORE_MISALIGNED)
    addi s1, s0, 2
    EXPECT_TRAP(1f)
    amominu.w a2, a1, (s1)
1:  CHECK_TRAP(68, CAUSE_STORE_MISALIGNED)

    /* ---- atomics outside RAM: access faults (LR: load, AMO/SC: store/AMO) ---- */
    li s1, 0x40000000
    EXPECT_TRAP(1f)
    amoadd.d a2, a1, (s1)
1:  CHECK_TRAP(69, CAUSE_STORE_ACCESS)
    ld a3, trap_value
    CHECK(70, a3, 0x40000000)
    EXPECT_TRAP(1f)
    lr.w a2, (s1)
1:  CHECK_TRAP(71, CAUSE_LOAD_ACCESS)
    ld a3, trap_value
    CHECK(72, a3, 0x40000000)
    PASS

    .data
    .balign 16
cell:
    .dword 0, 0
