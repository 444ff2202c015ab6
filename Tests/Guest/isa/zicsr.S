/* Zicsr and the counters, and the machine CSRs' fixed and WARL values.
   The RISC-V Instruction Set Manual, Volume I (20191213), chapter 9 "Zicsr": "For both CSRRS and
   CSRRC, if rs1=x0, then the instruction will not write to the CSR at all ... nor raise illegal
   instruction exceptions on accesses to read-only CSRs"; "if rs1 specifies a register holding a zero
   value other than x0, the instruction will still attempt to write the unmodified value back to the
   CSR"; chapter 10 "Counters". Volume II (20211203), chapter 3.1 (misa, mhartid, mstatus, mtvec,
   medeleg/mideleg, mip/mie, mcounteren, minstret: "Any CSR write takes effect after the writing
   instruction has otherwise completed"), 3.7 (PMP CSRs), 4.1 (sstatus, sie/sip, satp). */
#include "isa.h"

/* Checks that the instruction `...` (assembled uncompressed) raises an illegal-instruction trap with
   mtval = its bits. */
#define ILLEGAL(n, ...) \
    EXPECT_TRAP(77777f); .option push; .option norvc; 77776: __VA_ARGS__; 77777: .option pop; \
    CHECK_TRAP(n, CAUSE_ILLEGAL); \
    ld a6, trap_value; lla a7, 77776b; lwu a7, 0(a7); CHECK_SAME(n, a6, a7)

test_main:
    /* ---- csrrw / csrrs / csrrc on mscratch ---- */
    li a0, 0x0123456789abcdef
    csrw mscratch, a0
    li a1, 0xfedcba9876543210
    csrrw a2, mscratch, a1              /* swap */
    CHECK(1, a2, 0x0123456789abcdef)
    csrr a2, mscratch
    CHECK(2, a2, 0xfedcba9876543210)
    li a1, 0xff
    csrrs a2, mscratch, a1              /* returns the old value, sets bits */
    CHECK(3, a2, 0xfedcba9876543210)
    csrr a2, mscratch
    CHECK(4, a2, 0xfedcba98765432ff)
    li a1, 0xff000000000000f0
    csrrc a2, mscratch, a1
    CHECK(5, a2, 0xfedcba98765432ff)
    csrr a2, mscratch
    CHECK(6, a2, 0x00dcba987654320f)
    /* Immediate forms: a 5-bit zero-extended immediate. */
    csrrwi a2, mscratch, 31
    CHECK(7, a2, 0x00dcba987654320f)
    csrr a2, mscratch
    CHECK(8, a2, 31)
    csrrci a2, mscratch, 0x11
    CHECK(9, a2, 31)
    csrr a2, mscratch
    CHECK(10, a2, 0x0e)
    csrrsi a2, mscratch, 0x10
    CHECK(11, a2, 0x0e)
    csrr a2, mscratch
    CHECK(12, a2, 0x1e)
    /* rd = x0 still writes; rs1 = x0 / uimm = 0 for csrrs/csrrc do not write. */
    li a1, 0x55
    csrrw zero, mscratch, a1
    csrr a2, mscratch
    CHECK(13, a2, 0x55)
    csrrs a2, mscratch, zero
    CHECK(14, a2, 0x55)
    csrrc a2, mscratch, zero
    CHECK(15, a2, 0x55)
    csrrsi a2, mscratch, 0
    CHECK(16, a2, 0x55)
    csrrw a2, mscratch, zero            /* csrrw with rs1 = x0 writes zero */
    csrr a2, mscratch
    CHECK(17, a2, 0)
    li a1, 7
    csrrw a1, mscratch, a1              /* rd = rs1: old value out, new value in */
    CHECK(18, a1, 0)
    csrr a2, mscratch
    CHECK(19, a2, 7)

    /* ---- read-only CSRs: reads are fine, attempted writes are illegal ---- */
    csrr a2, mhartid
    CHECK(20, a2, 0)
    csrrs a2, mhartid, zero
    CHECK(21, a2, 0)
    csrrci a2, mhartid, 0
    CHECK(22, a2, 0)
    li a3, 0
    ILLEGAL(23, csrrs a2, mhartid, a3)   /* a register holding zero is still a write */
    ILLEGAL(24, csrrw zero, mhartid, zero)
    ILLEGAL(25, csrrwi a2, mvendorid, 0)
    ILLEGAL(26, csrw cycle, a3)
    ILLEGAL(27, csrw instret, a3)
    ILLEGAL(28, csrr a2, 0x0ff)          /* an unimplemented CSR */
    ILLEGAL(29, csrr a2, pmpcfg1)        /* odd pmpcfg registers do not exist on RV64 */
    csrr a2, mvendorid
    csrr a2, marchid
    csrr a2, mimpid

    /* ---- misa: RV64 (MXL = 2) with I, M, A, F, D, C, S, U ---- */
    csrr a2, misa
    srli a3, a2, 62
    CHECK(30, a3, 2)
    li a4, (1 << 8) | (1 << 12) | (1 << 0) | (1 << 5) | (1 << 3) | (1 << 2) | (1 << 18) | (1 << 20)
    and a3, a2, a4
    CHECK_SAME(31, a3, a4)

    /* ---- minstret / instret count retired instructions exactly ---- */
    csrr a2, minstret
    nop
    nop
    csrr a3, minstret
    sub a4, a3, a2
    CHECK(32, a4, 3)                    /* the first csrr and two nops */
    csrr a2, minstret
    csrr a3, instret
    sub a4, a3, a2
    CHECK(33, a4, 1)
    li a1, 1000
    csrw minstret, a1
    csrr a2, minstret                   /* the write takes precedence over the writer's own increment */
    csrr a3, minstret
    CHECK(34, a2, 1000)
    CHECK(35, a3, 1001)
    li a1, 10                           /* a loop of 3 * 10 instructions */
    csrr a2, instret
1:  addi a1, a1, -1
    nop
    bnez a1, 1b
    csrr a3, instret
    sub a4, a3, a2
    CHECK(36, a4, 31)

    /* ---- mcycle / cycle / time: readable, advancing ---- */
    li a1, 5000
    csrw mcycle, a1
    csrr a2, mcycle
    li a4, 5000
    li gp, 37
    bltu a2, a4, fail
    li a4, 5100
    bgeu a2, a4, fail
    rdcycle a2
    li a1, 100
1:  addi a1, a1, -1
    bnez a1, 1b
    rdcycle a3
    li gp, 38
    bleu a3, a2, fail
    rdtime a2
    rdtime a3
    li gp, 39
    bltu a3, a2, fail
    csrr a2, mhpmcounter3               /* exists, counts no events */

    /* ---- mstatus: XLEN fields, MPP WARL, sstatus view, FS/SD ---- */
    csrr a2, mstatus
    srli a3, a2, 32
    andi a3, a3, 0xf
    CHECK(40, a3, 0xa)                  /* UXL = SXL = 2 */
    li a1, MSTATUS_MPP
    csrc mstatus, a1
    li a1, 2 << 11                      /* MPP = 2 is reserved */
    csrs mstatus, a1
    csrr a2, mstatus
    srli a3, a2, 11
    andi a3, a3, 3
    li gp, 41
    li a4, 2
    beq a3, a4, fail
    li a1, MSTATUS_MPP
    csrc mstatus, a1
    li a1, MSTATUS_MPP | MSTATUS_SIE
    csrs mstatus, a1                    /* MPP = M and SIE through mstatus */
    csrr a2, sstatus
    li a3, MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPIE
    and a3, a2, a3
    CHECK(42, a3, 0)                    /* sstatus hides the M-mode fields */
    andi a3, a2, MSTATUS_SIE
    CHECK(43, a3, MSTATUS_SIE)
    li a1, MSTATUS_SIE | MSTATUS_MIE
    csrc sstatus, a1
    csrr a2, mstatus
    andi a3, a2, MSTATUS_SIE
    CHECK(44, a3, 0)
    li a1, MSTATUS_MIE
    csrs sstatus, a1                    /* MIE is not writable through sstatus */
    csrr a2, mstatus
    andi a3, a2, MSTATUS_MIE
    CHECK(45, a3, 0)
    li a1, MSTATUS_FS
    csrs mstatus, a1
    csrr a2, mstatus
    srli a3, a2, 63
    CHECK(46, a3, 1)                    /* SD: FS is Dirty */
    csrr a2, sstatus
    srli a3, a2, 63
    CHECK(47, a3, 1)

    /* ---- FS = Off: floating-point instructions and fcsr are illegal ---- */
    li a1, MSTATUS_FS
    csrc mstatus, a1
    ILLEGAL(48, fadd.d f1, f2, f3)
    ILLEGAL(49, csrr a2, fcsr)
    ILLEGAL(50, fld f1, 0(sp))
    ILLEGAL(51, fmv.x.d a2, f1)
    csrr a2, mstatus
    srli a3, a2, 63
    CHECK(52, a3, 0)                    /* SD clear */

    /* ---- mtvec: WARL mode; mepc: bit 0 is always zero ---- */
    csrr s0, mtvec
    lla a1, aligned_vector
    ori a1, a1, 1
    csrw mtvec, a1
    csrr a2, mtvec
    CHECK_SAME(53, a2, a1)              /* vectored mode is supported */
    lla a1, aligned_vector
    ori a1, a1, 2                       /* mode 2 is reserved */
    csrw mtvec, a1
    csrr a2, mtvec
    andi a3, a2, 3
    li gp, 54
    li a4, 2
    bgeu a3, a4, fail
    csrw mtvec, s0
    csrr a2, mtvec
    CHECK_SAME(55, a2, s0)
    li a1, 0x80000003
    csrw mepc, a1
    csrr a2, mepc
    CHECK(56, a2, 0x80000002)
    csrw sepc, a1
    csrr a2, sepc
    CHECK(57, a2, 0x80000002)

    /* ---- medeleg / mideleg / mie / mip ---- */
    li a1, -1
    csrw medeleg, a1
    csrr a2, medeleg
    li a3, 1 << 11
    and a4, a2, a3
    CHECK(58, a4, 0)                    /* ecall from M cannot be delegated */
    li a3, (1 << 8) | (1 << 2) | (1 << 3)
    and a4, a2, a3
    CHECK_SAME(59, a4, a3)
    csrw medeleg, zero
    csrw mideleg, a1
    csrr a2, mideleg
    andi a4, a2, 0x222
    CHECK(60, a4, 0x222)                /* the supervisor interrupts can be delegated */
    csrw mie, a1
    csrr a2, mie
    CHECK(61, a2, 0xaaa)                /* SSIE MSIE STIE MTIE SEIE MEIE */
    csrr a2, sie                        /* sie shows the delegated bits of mie */
    CHECK(62, a2, 0x222)
    csrw mie, zero
    li a1, 0x222
    csrw sie, a1                        /* writes only delegated bits */
    csrr a2, mie
    CHECK(63, a2, 0x222)
    csrw mie, zero
    csrw mideleg, zero
    csrr a2, sie
    CHECK(64, a2, 0)
    li a1, 0x222
    csrs mip, a1                        /* M-mode software may set SSIP, STIP, SEIP */
    csrr a2, mip
    andi a3, a2, 0x222
    CHECK(65, a3, 0x222)
    csrc mip, a1
    csrr a2, mip
    andi a3, a2, 0x222
    CHECK(66, a3, 0)
    csrwi mideleg, 2
    csrwi sip, 2                        /* SSIP through sip when delegated */
    csrr a2, mip
    andi a3, a2, 2
    CHECK(67, a3, 2)
    csrr a2, sip
    CHECK(68, a2, 2)
    csrwi sip, 0
    csrw mideleg, zero

    /* ---- satp bare, PMP registers ---- */
    csrw satp, zero
    csrr a2, satp
    CHECK(69, a2, 0)
    li a1, 0x1f                         /* NAPOT, R W X */
    csrw pmpcfg0, a1
    csrr a2, pmpcfg0
    CHECK(70, a2, 0x1f)
    li a1, -1
    csrw pmpaddr0, a1
    csrr a2, pmpaddr0
    CHECK(71, a2, 0x003fffffffffffff)   /* pmpaddr holds address bits 55:2 */
    li a1, 0x12345
    csrw pmpaddr15, a1
    csrr a2, pmpaddr15
    CHECK(72, a2, 0x12345)
    csrw pmpaddr15, zero
    csrw pmpcfg2, zero
    csrr a2, pmpcfg2
    CHECK(73, a2, 0)

    /* ---- counter access from S and U: mcounteren and scounteren ---- */
    csrw mcounteren, zero
    csrw scounteren, zero
    ENTER_MODE(MODE_S)
    ILLEGAL(74, rdcycle a2)
    ILLEGAL(75, rdinstret a2)
    ILLEGAL(76, csrr a2, mscratch)       /* M-level CSR from S */
    csrr a2, sscratch                   /* S-level CSRs are fine */
    GO_MACHINE
    li a1, 7
    csrw mcounteren, a1
    ENTER_MODE(MODE_S)
    rdcycle a2
    rdtime a2
    rdinstret a2
    GO_MACHINE
    ENTER_MODE(MODE_U)
    ILLEGAL(77, rdcycle a2)              /* scounteren = 0 */
    ILLEGAL(78, csrr a2, sscratch)       /* S-level CSR from U */
    GO_MACHINE
    li a1, 4
    csrw scounteren, a1                 /* IR only */
    ENTER_MODE(MODE_U)
    rdinstret a2
    ILLEGAL(79, rdcycle a2)
    ILLEGAL(80, rdtime a2)
    GO_MACHINE
    li a1, 7
    csrw scounteren, a1
    ENTER_MODE(MODE_U)
    rdcycle a2
    rdtime a2
    rdinstret a2
    csrr a3, instret                    /* exact from U too */
    sub a4, a3, a2
    CHECK(81, a4, 1)
    GO_MACHINE
    csrr a2, mstatus                    /* back in M: mstatus is readable */
    PASS

    .balign 256
aligned_vector:
    j fail
