/* RVC on RV64: every compressed instruction of RV64GC, written as explicit c.* mnemonics so that each
   is the 16-bit form, reserved encodings, and 32-bit instructions at 2-byte aligned addresses and
   across a page boundary.
   The RISC-V Instruction Set Manual, Volume I (20191213), chapter 16 "C Standard Extension for
   Compressed Instructions". */
#include "isa.h"

    .option rvc
test_main:
    /* ---- constants and immediates ---- */
    c.li a0, -32
    CHECK(1, a0, -32)
    c.li a0, 31
    CHECK(2, a0, 31)
    c.lui a0, 0xfffe0                   /* nzimm = -32: 0xfffe0 << 12, sign-extended */
    CHECK(3, a0, 0xfffffffffffe0000)
    c.lui a0, 1
    CHECK(4, a0, 0x1000)
    c.lui a0, 0x1f
    CHECK(5, a0, 0x1f000)
    li a0, 10
    c.addi a0, -32
    CHECK(6, a0, -22)
    c.addi a0, 31
    CHECK(7, a0, 9)
    li a0, 0x7fffffff
    c.addiw a0, 1                       /* 32-bit add, sign-extended */
    CHECK(8, a0, 0xffffffff80000000)
    li a0, 0x0000000180000000
    c.addiw a0, 0                       /* sext.w */
    CHECK(9, a0, 0xffffffff80000000)
    c.nop

    /* ---- stack-pointer forms ---- */
    mv s1, sp
    c.addi16sp sp, -512
    sub a0, s1, sp
    CHECK(10, a0, 512)
    c.addi16sp sp, 496
    sub a0, s1, sp
    CHECK(11, a0, 16)
    c.addi4spn a0, sp, 1020
    sub a0, a0, sp
    CHECK(12, a0, 1020)
    c.addi4spn a0, sp, 4
    sub a0, a0, sp
    CHECK(13, a0, 4)
    mv sp, s1
    addi sp, sp, -512
    li a0, 0x1122334455667788
    c.sdsp a0, 504(sp)
    ld a1, 504(sp)
    CHECK(14, a1, 0x1122334455667788)
    c.ldsp a2, 504(sp)
    CHECK(15, a2, 0x1122334455667788)
    li a0, 0x0000000087654321
    c.swsp a0, 252(sp)
    c.lwsp a2, 252(sp)                  /* sign-extended */
    CHECK(16, a2, 0xffffffff87654321)
    li a0, 0x400921fb54442d18           /* pi */
    fmv.d.x fa0, a0
    c.fsdsp fa0, 8(sp)
    ld a1, 8(sp)
    CHECK(17, a1, 0x400921fb54442d18)
    c.fldsp fa1, 8(sp)
    fmv.x.d a1, fa1
    CHECK(18, a1, 0x400921fb54442d18)
    mv sp, s1

    /* ---- register-based loads and stores (x8-x15, f8-f15) ---- */
    lla s0, memory
    li a0, 0xfedcba9876543210
    c.sd a0, 248(s0)
    c.ld a1, 248(s0)
    CHECK(19, a1, 0xfedcba9876543210)
    li a0, 0x00000000f0000001
    c.sw a0, 124(s0)
    c.lw a1, 124(s0)
    CHECK(20, a1, 0xfffffffff0000001)
    lwu a1, 124(s0)
    CHECK(21, a1, 0xf0000001)
    c.fsd fa0, 0(s0)
    c.fld fa2, 0(s0)
    fmv.x.d a1, fa2
    CHECK(22, a1, 0x400921fb54442d18)

    /* ---- shifts and logic ---- */
    li a0, 1
    c.slli a0, 63
    CHECK(23, a0, 0x8000000000000000)
    c.srli a0, 63                       /* logical */
    CHECK(24, a0, 1)
    li a0, 0x8000000000000000
    c.srai a0, 63
    CHECK(25, a0, -1)
    li a0, 0x8000000000000000
    c.srai a0, 32
    CHECK(26, a0, 0xffffffff80000000)
    li a0, 0x8000000000000000
    c.srli a0, 32
    CHECK(27, a0, 0x80000000)
    li a0, 0x123456789abcdef0
    c.andi a0, -32                      /* sign-extended immediate */
    CHECK(28, a0, 0x123456789abcdee0)
    c.andi a0, 31
    CHECK(29, a0, 0)
    li a0, 0x00ff00ff00ff00ff
    li a1, 0x0f0f0f0f0f0f0f0f
    mv a2, a0
    c.and a2, a1
    CHECK(30, a2, 0x000f000f000f000f)
    mv a2, a0
    c.or a2, a1
    CHECK(31, a2, 0x0fff0fff0fff0fff)
    mv a2, a0
    c.xor a2, a1
    CHECK(32, a2, 0x0ff00ff00ff00ff0)
    mv a2, a0
    c.sub a2, a1
    CHECK(33, a2, 0xf1eff1eff1eff1f0)
    li a2, 0x7fffffff
    li a3, 1
    c.addw a2, a3
    CHECK(34, a2, 0xffffffff80000000)
    li a2, 0x0000000080000000
    c.subw a2, a3
    CHECK(35, a2, 0x7fffffff)
    li a2, 0x1234567800000005
    li a3, 0x7fffffff00000003
    c.subw a2, a3
    CHECK(36, a2, 2)
    c.mv a4, a0
    CHECK(37, a4, 0x00ff00ff00ff00ff)
    li a4, 5
    li a5, -7
    c.add a4, a5
    CHECK(38, a4, -2)

    /* ---- branches and jumps ---- */
    li a0, 0
    li a1, 0
    c.beqz a0, 1f
    li a1, 1
1:  CHECK(39, a1, 0)
    c.bnez a0, 1f
    li a1, 2
1:  CHECK(40, a1, 2)
    li a0, 5                            /* backward c.bnez loop */
    li a1, 0
1:  c.addi a1, 2
    c.addi a0, -1
    c.bnez a0, 1b
    CHECK(41, a1, 10)
    li a0, -1
    li a1, 0
    c.beqz a0, 1f                       /* not taken for a nonzero (negative) value */
    li a1, 3
1:  CHECK(42, a1, 3)
    c.j 1f
    j fail
2:  li a1, 4
    c.j 3f
1:  c.j 2b                              /* backward */
3:  CHECK(43, a1, 4)
    lla a1, 1f
    c.jr a1
    j fail
1:  lla a1, 2f
    c.jalr a1                           /* link = pc + 2 */
3:  j fail
2:  CHECK_ADDRESS(44, ra, 3b)
    lla a1, 2f
    c.jalr a1
3:  c.nop
    j 4f
2:  CHECK_ADDRESS(45, ra, 3b)
    jr ra                               /* returns to the c.nop after the c.jalr */
4:

    /* ---- 32-bit instructions at addresses 2 mod 4 ---- */
    .option push
    .option norvc
    .balign 4
    .option pop
    c.nop
    .option push
    .option norvc
    addi a0, zero, 7                    /* at an address 2 mod 4 */
    .option pop
    CHECK(47, a0, 7)
    .option push
    .option norvc
    .balign 4
    .option pop
    c.nop
    jal ra, 1f                          /* link = pc + 4 */
2:  j 3f
1:  CHECK_ADDRESS(48, ra, 2b)
3:

    /* ---- a 32-bit instruction that straddles a 4 KiB page boundary ---- */
    j straddle
straddle_return:
    CHECK(49, a0, 12)

    /* ---- c.ebreak: breakpoint, mepc = its address ---- */
    EXPECT_TRAP(2f)
1:  c.ebreak
2:  CHECK_TRAP(50, CAUSE_BREAKPOINT)
    ld a0, trap_pc
    CHECK_ADDRESS(51, a0, 1b)

    /* ---- reserved and illegal 16-bit encodings: mtval holds the 16 instruction bits ---- */
    EXPECT_TRAP(2f)
1:  .half 0x0000                        /* the defined illegal instruction */
2:  CHECK_TRAP(52, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(53, a0, 0)
    ld a0, trap_pc
    CHECK_ADDRESS(54, a0, 1b)
    EXPECT_TRAP(2f)
    .half 0x0004                        /* c.addi4spn with nzuimm = 0 */
2:  CHECK_TRAP(55, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(56, a0, 0x0004)
    EXPECT_TRAP(2f)
    .half 0x6501                        /* c.lui a0, 0 */
2:  CHECK_TRAP(57, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(58, a0, 0x6501)
    EXPECT_TRAP(2f)
    .half 0x6101                        /* c.addi16sp with nzimm = 0 */
2:  CHECK_TRAP(59, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(60, a0, 0x6101)
    EXPECT_TRAP(2f)
    .half 0x8002                        /* c.jr x0 */
2:  CHECK_TRAP(61, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(62, a0, 0x8002)
    EXPECT_TRAP(2f)
    .half 0x4002                        /* c.lwsp x0 */
2:  CHECK_TRAP(63, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(64, a0, 0x4002)
    EXPECT_TRAP(2f)
    .half 0x6002                        /* c.ldsp x0 */
2:  CHECK_TRAP(65, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(66, a0, 0x6002)
    EXPECT_TRAP(2f)
    .half 0x2001                        /* c.addiw x0 */
2:  CHECK_TRAP(67, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(68, a0, 0x2001)
    PASS

    /* The straddling instruction: c.li at page offset 0xffc, addi at 0xffe..0x1001. */
    .balign 4096
    .skip 4096 - 4
straddle:
    c.li a0, 5
    .option push
    .option norvc
    addi a0, a0, 7
    .option pop
    j straddle_return

    .data
    .balign 8
memory:
    .skip 256
