/* RV64I: integer arithmetic, shifts, comparisons, *W sign extension, lui/auipc, branches, jal/jalr,
   loads and stores with sign/zero extension, misaligned accesses, x0.
   The RISC-V Instruction Set Manual, Volume I (20191213), chapters 2 "RV32I Base Integer
   Instruction Set" and 5 "RV64I Base Integer Instruction Set". */
#include "isa.h"

test_main:
    /* ---- add/sub wrap modulo 2^64 ---- */
    li a0, 0x7fffffffffffffff
    li a1, 1
    add a2, a0, a1
    CHECK(1, a2, 0x8000000000000000)
    sub a2, zero, a1
    CHECK(2, a2, -1)
    li a0, 5
    addi a2, a0, -2048
    CHECK(3, a2, -2043)
    addi a2, a0, 2047
    CHECK(4, a2, 2052)
    li a0, 0x8000000000000000
    sub a2, a0, a1
    CHECK(5, a2, 0x7fffffffffffffff)

    /* ---- *W: 32-bit results, sign-extended; upper source bits ignored ---- */
    li a0, 0x7fffffff
    addw a2, a0, a1
    CHECK(6, a2, 0xffffffff80000000)
    li a0, 0xdeadbeef00000001
    li a1, 0x1234567800000002
    addw a2, a0, a1
    CHECK(7, a2, 3)
    li a0, 0x7fffffff
    addiw a2, a0, 1
    CHECK(8, a2, 0xffffffff80000000)
    li a0, 0x0000000180000000
    addiw a2, a0, 0                     /* sext.w */
    CHECK(9, a2, 0xffffffff80000000)
    li a0, 0xffffffff80000000
    li a1, 1
    subw a2, a0, a1
    CHECK(10, a2, 0x7fffffff)
    li a0, 1
    li a1, 0x12345678
    subw a2, a0, a1
    CHECK(11, a2, 1 - 0x12345678)
    addiw a2, zero, -1
    CHECK(12, a2, -1)

    /* ---- comparisons ---- */
    li a0, -1
    li a1, 1
    slt a2, a0, a1
    CHECK(13, a2, 1)
    sltu a2, a0, a1
    CHECK(14, a2, 0)
    slt a2, a1, a0
    CHECK(15, a2, 0)
    sltu a2, a1, a0
    CHECK(16, a2, 1)
    slti a2, a0, 0
    CHECK(17, a2, 1)
    li a0, 5
    sltiu a2, a0, -1                    /* the immediate is sign-extended, then compared unsigned */
    CHECK(18, a2, 1)
    sltiu a2, a0, -2048
    CHECK(19, a2, 1)
    slti a2, a0, -2048
    CHECK(20, a2, 0)
    sltiu a2, zero, 1                   /* seqz */
    CHECK(21, a2, 1)
    sltiu a2, a0, 1
    CHECK(22, a2, 0)
    slt a2, a0, a0
    CHECK(23, a2, 0)
    li a0, 0x8000000000000000
    li a1, 0x7fffffffffffffff
    slt a2, a0, a1
    CHECK(24, a2, 1)
    sltu a2, a0, a1
    CHECK(25, a2, 0)

    /* ---- logic with sign-extended immediates ---- */
    li a0, 0x00ff00ff00ff00ff
    li a1, 0x0f0f0f0f0f0f0f0f
    and a2, a0, a1
    CHECK(26, a2, 0x000f000f000f000f)
    or a2, a0, a1
    CHECK(27, a2, 0x0fff0fff0fff0fff)
    xor a2, a0, a1
    CHECK(28, a2, 0x0ff00ff00ff00ff0)
    xori a2, a0, -1                     /* not */
    CHECK(29, a2, 0xff00ff00ff00ff00)
    andi a2, a0, -16
    CHECK(30, a2, 0x00ff00ff00ff00f0)
    ori a2, a0, -2048
    CHECK(31, a2, 0xfffffffffffff8ff)
    andi a2, a0, 0x7ff
    CHECK(32, a2, 0x0ff)

    /* ---- shifts: RV64 uses the low 6 bits of rs2, *W the low 5 bits ---- */
    li a0, 1
    li a1, 63
    sll a2, a0, a1
    CHECK(33, a2, 0x8000000000000000)
    li a1, 65
    sll a2, a0, a1
    CHECK(34, a2, 2)
    li a0, 0x8000000000000000
    li a1, 63
    srl a2, a0, a1
    CHECK(35, a2, 1)
    sra a2, a0, a1
    CHECK(36, a2, -1)
    li a1, 64 + 4
    sra a2, a0, a1
    CHECK(37, a2, 0xf800000000000000)
    slli a2, a0, 0
    CHECK(38, a2, 0x8000000000000000)
    srli a2, a0, 60
    CHECK(39, a2, 8)
    srai a2, a0, 60
    CHECK(40, a2, -8)
    li a0, 3
    slli a2, a0, 62
    CHECK(41, a2, 0xc000000000000000)
    li a0, 1
    li a1, 31
    sllw a2, a0, a1
    CHECK(42, a2, 0xffffffff80000000)
    li a1, 33
    sllw a2, a0, a1
    CHECK(43, a2, 2)
    li a0, 0xffffffff80000000
    srlw a2, a0, zero                   /* shift by 0 still sign-extends bit 31 */
    CHECK(44, a2, 0xffffffff80000000)
    li a1, 1
    srlw a2, a0, a1
    CHECK(45, a2, 0x40000000)
    li a1, 4
    sraw a2, a0, a1
    CHECK(46, a2, 0xfffffffff8000000)
    li a0, 0xffffffff00000010
    srlw a2, a0, a1                     /* upper bits of rs1 ignored */
    CHECK(47, a2, 1)
    li a0, 0x0000000080000000
    sraiw a2, a0, 31
    CHECK(48, a2, -1)
    srliw a2, a0, 31
    CHECK(49, a2, 1)
    li a0, 0x00000000ffffffff
    srliw a2, a0, 0
    CHECK(50, a2, -1)
    li a0, 0x12345678
    slliw a2, a0, 4
    CHECK(51, a2, 0x23456780)
    slliw a2, a0, 8
    CHECK(52, a2, 0x34567800)
    li a0, 0x0000000100000001
    slliw a2, a0, 31
    CHECK(53, a2, 0xffffffff80000000)
    li a0, 0x7fffffff00000000
    sraiw a2, a0, 0
    CHECK(54, a2, 0)

    /* ---- lui / auipc ---- */
    lui a2, 0x80000
    CHECK(55, a2, 0xffffffff80000000)
    lui a2, 0x12345
    CHECK(56, a2, 0x12345000)
    lui a2, 0xfffff
    CHECK(57, a2, 0xfffffffffffff000)
1:  auipc a2, 0
    CHECK_ADDRESS(58, a2, 1b)
2:  auipc a2, 0x80000                   /* pc - 2^31 */
    lla a3, 2b
    li a4, 0x80000000
    sub a3, a3, a4
    CHECK_SAME(59, a2, a3)
3:  auipc a2, 1
    lla a3, 3b + 0x1000
    CHECK_SAME(60, a2, a3)

    /* ---- branches: signed/unsigned, taken/not taken, forward/backward ---- */
    li a0, -1
    li a1, 1
    li a2, 0
    blt a0, a1, 1f
    li a2, 1
1:  CHECK(61, a2, 0)
    bltu a0, a1, 1f
    li a2, 2
1:  CHECK(62, a2, 2)
    li a2, 0
    bge a1, a0, 1f
    li a2, 3
1:  CHECK(63, a2, 0)
    bgeu a0, a1, 1f
    li a2, 4
1:  CHECK(64, a2, 0)
    bge a0, a0, 1f                      /* equal: taken */
    li a2, 5
1:  CHECK(65, a2, 0)
    beq a0, a1, 1f
    li a2, 6
1:  CHECK(66, a2, 6)
    li a2, 0
    bne a0, a1, 1f
    li a2, 7
1:  CHECK(67, a2, 0)
    bgeu a1, a0, 1f
    li a2, 8
1:  CHECK(68, a2, 8)
    /* A backward loop: 10 iterations. */
    li a0, 10
    li a1, 0
1:  addi a1, a1, 3
    addi a0, a0, -1
    bnez a0, 1b
    CHECK(69, a1, 30)
    /* A backward branch to far code. */
    li a1, 0
    j 2f
1:  li a1, 77
    j 3f
2:  beqz zero, 1b
3:  CHECK(70, a1, 77)

    /* ---- jal / jalr: link = pc + 4, jalr clears bit 0 of the target ---- */
    jal a2, 1f
2:  j fail
1:  CHECK_ADDRESS(71, a2, 2b)
    lla a1, 1f
    addi a1, a1, 1                      /* odd target: bit 0 is cleared */
    jalr a2, 0(a1)
2:  j fail
1:  CHECK_ADDRESS(72, a2, 2b)
    lla a1, 1f + 8
    jalr a2, -8(a1)                     /* negative offset */
2:  j fail
1:  CHECK_ADDRESS(73, a2, 2b)
    lla a1, 1f - 3
    jalr a1, 3(a1)                      /* rd = rs1: target from the old value, then the link */
2:  j fail
1:  CHECK_ADDRESS(74, a1, 2b)
    lla a1, 1f
    jalr zero, 0(a1)                    /* no link */
    j fail
1:

    /* ---- loads: sign and zero extension ---- */
    lla s0, data
    lb a2, 0(s0)
    CHECK(76, a2, 0xffffffffffffff80)
    lbu a2, 0(s0)
    CHECK(77, a2, 0x80)
    lb a2, 1(s0)
    CHECK(78, a2, 0x7f)
    lh a2, 2(s0)
    CHECK(79, a2, 0xffffffffffff8001)
    lhu a2, 2(s0)
    CHECK(80, a2, 0x8001)
    lw a2, 4(s0)
    CHECK(81, a2, 0xffffffff80000002)
    lwu a2, 4(s0)
    CHECK(82, a2, 0x80000002)
    ld a2, 8(s0)
    CHECK(83, a2, 0x8877665544332211)
    addi s1, s0, 16
    lw a2, -12(s1)                      /* negative offset */
    CHECK(84, a2, 0xffffffff80000002)
    lh a2, 6(s0)
    CHECK(85, a2, 0xffffffffffff8000)

    /* ---- stores write only their width ---- */
    lla s0, scratch
    li a0, -1
    sd a0, 0(s0)
    sd a0, 8(s0)
    sb zero, 1(s0)
    ld a2, 0(s0)
    CHECK(86, a2, 0xffffffffffff00ff)
    li a0, 0x1234
    sh a0, 4(s0)
    ld a2, 0(s0)
    CHECK(87, a2, 0xffff1234ffff00ff)
    li a0, 0x0123456789abcdef
    sw a0, 8(s0)
    ld a2, 8(s0)
    CHECK(88, a2, 0xffffffff89abcdef)
    sd a0, 0(s0)
    ld a2, 0(s0)
    CHECK(89, a2, 0x0123456789abcdef)

    /* ---- misaligned loads and stores give the little-endian value ---- */
    lla s0, bytes                       /* 00 01 02 ... 0f 10 ... */
    lh a2, 1(s0)
    CHECK(90, a2, 0x0201)
    lw a2, 1(s0)
    CHECK(91, a2, 0x04030201)
    lw a2, 3(s0)
    CHECK(92, a2, 0x06050403)
    ld a2, 1(s0)
    CHECK(93, a2, 0x0807060504030201)
    ld a2, 7(s0)
    CHECK(94, a2, 0x0e0d0c0b0a090807)
    lla s1, bytes_high                  /* f8 f9 ... ff */
    lh a2, 3(s1)
    CHECK(95, a2, 0xfffffffffffffcfb)
    lhu a2, 3(s1)
    CHECK(96, a2, 0xfcfb)
    lw a2, 1(s1)
    CHECK(97, a2, 0xfffffffffcfbfaf9)
    lwu a2, 1(s1)
    CHECK(98, a2, 0xfcfbfaf9)
    lla s0, scratch
    sd zero, 0(s0)
    sd zero, 8(s0)
    li a0, 0x1122334455667788
    sd a0, 3(s0)
    ld a2, 0(s0)
    CHECK(99, a2, 0x4455667788000000)
    ld a2, 8(s0)
    CHECK(100, a2, 0x0000000000112233)
    li a0, 0xaabbccdd
    sw a0, 6(s0)
    ld a2, 0(s0)
    CHECK(101, a2, 0xccdd667788000000)
    ld a2, 8(s0)
    CHECK(102, a2, 0x000000000011aabb)
    li a0, 0xeeff
    sh a0, 9(s0)
    ld a2, 8(s0)
    CHECK(103, a2, 0x0000000000eeffbb)
    /* Across a 4 KiB page boundary. */
    lla s0, page_end
    li a0, 0x0102030405060708
    sd a0, -3(s0)
    ld a2, -3(s0)
    CHECK(104, a2, 0x0102030405060708)
    lw a2, -2(s0)
    CHECK(105, a2, 0x04050607)
    lbu a2, 0(s0)
    CHECK(106, a2, 0x05)

    /* ---- x0 ignores writes ---- */
    addi zero, zero, 5
    CHECK(107, zero, 0)
    lla s0, data
    ld zero, 8(s0)
    CHECK(108, zero, 0)
    lui zero, 0x12345
    CHECK(109, zero, 0)
    jal zero, 1f
1:  CHECK(110, zero, 0)
    add a2, zero, zero
    CHECK(111, a2, 0)

    /* ---- fence executes ---- */
    fence
    fence rw, rw
    fence.tso
    PASS

    .data
    .balign 8
data:
    .byte 0x80, 0x7f
    .half 0x8001
    .half 0x0002, 0x8000
    .dword 0x8877665544332211
bytes:
    .byte 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
bytes_high:
    .byte 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff
    .balign 8
scratch:
    .dword 0, 0, 0
    .balign 4096
    .skip 4096 - 8
    .dword 0
page_end:
    .dword 0
