/* Traps and privilege modes: ecall/ebreak/illegal/access-fault causes and trap values, mret/sret to
   U and S, mstatus stacking (MPP/MPIE/MIE, SPP/SPIE/SIE), privilege violations, medeleg delegation to
   S-mode, software interrupts (mip.SSIP) with mideleg, and vectored mtvec/stvec.
   The RISC-V Instruction Set Manual, Volume II (20211203): 3.1.6 (mstatus), 3.1.7 (mtvec: "When
   MODE=Vectored, all synchronous exceptions into machine mode cause the pc to be set to the address in
   the BASE field, whereas interrupts cause the pc to be set to the address in the BASE field plus four
   times the interrupt cause number"), 3.1.8 (medeleg/mideleg), 3.1.9 (mip/mie: an interrupt traps to
   M-mode if "either the current privilege mode is M and the MIE bit in the mstatus register is set, or
   the current privilege mode has less privilege than M-mode"), 3.1.15-16 (mcause, mtval), 3.3.2 (mret,
   sret), 4.1.1 (sstatus: "When a trap is taken into S-mode, SPIE is set to SIE, and SIE is set to 0"). */
#include "isa.h"

#define ILLEGAL_INSTRUCTION .insn r CUSTOM_0, 0, 0, a0, a1, a2     /* 0x00c5850b */

/* A reserved 32-bit encoding traps as illegal with mtval = its bits. */
#define ILLEGAL_WORD(n, bits) \
    EXPECT_TRAP(77777f); .word bits; 77777: CHECK_TRAP(n, CAUSE_ILLEGAL); ld a0, trap_value; CHECK(n, a0, bits)

/* a0 = the mstatus field at `shift` of width `mask` in the recorded trap status. */
#define STATUS_FIELD(record, shift, mask) ld a0, record; srli a0, a0, shift; andi a0, a0, mask

test_main:
    PMP_ALLOW_ALL

    /* ---- ecall from M: cause 11, mepc = the ecall, mtval = 0, MPP = M ---- */
    li a1, 0x1234
    csrw mtval, a1
    EXPECT_TRAP(2f)
1:  ecall
2:  CHECK_TRAP(1, CAUSE_ECALL_M)
    ld a0, trap_pc
    CHECK_ADDRESS(2, a0, 1b)
    ld a0, trap_value
    CHECK(3, a0, 0)
    STATUS_FIELD(trap_status, 11, 3)
    CHECK(4, a0, MODE_M)

    /* ---- ebreak: cause 3, mtval = 0 or the pc ---- */
    EXPECT_TRAP(2f)
    .option push
    .option norvc
1:  ebreak
    .option pop
2:  CHECK_TRAP(5, CAUSE_BREAKPOINT)
    ld a0, trap_pc
    CHECK_ADDRESS(6, a0, 1b)
    ld a0, trap_value
    beqz a0, 3f
    CHECK_ADDRESS(7, a0, 1b)
3:

    /* ---- illegal instruction: cause 2, mtval = the instruction bits ---- */
    EXPECT_TRAP(2f)
1:  ILLEGAL_INSTRUCTION
2:  CHECK_TRAP(8, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(9, a0, 0x00c5850b)
    ld a0, trap_pc
    CHECK_ADDRESS(10, a0, 1b)
    EXPECT_TRAP(2f)
    .word 0xffffffff                    /* not a 32-bit encoding of RV64GC */
2:  CHECK_TRAP(11, CAUSE_ILLEGAL)
    ILLEGAL_WORD(90, 0x0205151b)        /* slliw a0, a0, 32: shamt[5] set is reserved */
    ILLEGAL_WORD(91, 0x4205559b)        /* sraiw a1, a0, 32 */
    ILLEGAL_WORD(92, 0x0000007f)        /* a reserved major opcode */
    ILLEGAL_WORD(93, 0xc0009073)        /* csrw cycle, ra: a read-only CSR */
    ILLEGAL_WORD(94, 0x00200073)        /* uret: not in RV64GC with S and U */

    /* ---- access faults outside RAM: load 5, store 7, fetch 1; mtval = the address ---- */
    li s0, 0x40000000
    EXPECT_TRAP(2f)
1:  ld a1, 8(s0)
2:  CHECK_TRAP(12, CAUSE_LOAD_ACCESS)
    ld a0, trap_value
    CHECK(13, a0, 0x40000008)
    ld a0, trap_pc
    CHECK_ADDRESS(14, a0, 1b)
    EXPECT_TRAP(2f)
    sw a1, -4(s0)
2:  CHECK_TRAP(15, CAUSE_STORE_ACCESS)
    ld a0, trap_value
    CHECK(16, a0, 0x3ffffffc)
    EXPECT_TRAP(2f)
    lbu a1, 0(zero)
2:  CHECK_TRAP(17, CAUSE_LOAD_ACCESS)
    ld a0, trap_value
    CHECK(18, a0, 0)
    EXPECT_TRAP(2f)
    jalr ra, 0(s0)
2:  CHECK_TRAP(19, CAUSE_INSTRUCTION_ACCESS)
    ld a0, trap_pc
    CHECK(20, a0, 0x40000000)           /* mepc = the target */
    ld a0, trap_value
    CHECK(21, a0, 0x40000000)
    /* A 32-bit instruction whose second half lies past the end of RAM (128 MiB): mepc points at the
       instruction, mtval at the portion that faulted. */
    li s0, 0x87fffffe
    li a1, 0x0013                       /* low half of nop */
    sh a1, 0(s0)
    fence.i
    EXPECT_TRAP(2f)
    jalr ra, 0(s0)
2:  CHECK_TRAP(22, CAUSE_INSTRUCTION_ACCESS)
    ld a0, trap_pc
    CHECK(23, a0, 0x87fffffe)
    ld a0, trap_value
    CHECK(24, a0, 0x88000000)

    /* ---- mret stacking: MIE <- MPIE, MPIE <- 1, MPP <- U ---- */
    li a1, MSTATUS_MPP | MSTATUS_MPIE
    csrs mstatus, a1                    /* MPP = M, MPIE = 1 */
    li a1, MSTATUS_MIE
    csrc mstatus, a1
    lla a1, 1f
    csrw mepc, a1
    mret
    j fail
1:  csrr a1, mstatus
    andi a0, a1, MSTATUS_MIE
    CHECK(25, a0, MSTATUS_MIE)
    andi a0, a1, MSTATUS_MPIE
    CHECK(26, a0, MSTATUS_MPIE)
    srli a0, a1, 11
    andi a0, a0, 3
    CHECK(27, a0, MODE_U)
    /* Trap entry: MPIE <- MIE, MIE <- 0, MPP <- the previous mode. */
    EXPECT_TRAP(1f)
    ecall
1:  STATUS_FIELD(trap_status, 3, 1)      /* MIE */
    CHECK(28, a0, 0)
    STATUS_FIELD(trap_status, 7, 1)      /* MPIE */
    CHECK(29, a0, 1)
    li a1, MSTATUS_MIE | MSTATUS_MPIE
    csrc mstatus, a1

    /* ---- U-mode: ecall cause 8, M-level CSRs and mret/sret are illegal, MPP = U ---- */
    ENTER_MODE(MODE_U)
    EXPECT_TRAP(2f)
1:  ecall
2:  CHECK_TRAP(30, CAUSE_ECALL_U)
    ld a0, trap_pc
    CHECK_ADDRESS(31, a0, 1b)
    STATUS_FIELD(trap_status, 11, 3)
    CHECK(32, a0, MODE_U)
    EXPECT_TRAP(2f)
1:  csrr a1, mstatus
2:  CHECK_TRAP(33, CAUSE_ILLEGAL)
    ld a0, trap_value
    lla a1, 1b
    lwu a1, 0(a1)
    CHECK_SAME(34, a0, a1)
    EXPECT_TRAP(2f)
    csrw sscratch, zero
2:  CHECK_TRAP(35, CAUSE_ILLEGAL)
    EXPECT_TRAP(2f)
    mret
2:  CHECK_TRAP(36, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(37, a0, 0x30200073)
    EXPECT_TRAP(2f)
    sret
2:  CHECK_TRAP(38, CAUSE_ILLEGAL)
    ld a0, trap_value
    CHECK(39, a0, 0x10200073)
    EXPECT_TRAP(2f)
    sfence.vma
2:  CHECK_TRAP(40, CAUSE_ILLEGAL)
    GO_MACHINE

    /* ---- S-mode: ecall cause 9, MPP = S; M-level CSRs and mret illegal; TVM and TSR ---- */
    ENTER_MODE(MODE_S)
    EXPECT_TRAP(2f)
1:  ecall
2:  CHECK_TRAP(41, CAUSE_ECALL_S)
    STATUS_FIELD(trap_status, 11, 3)
    CHECK(42, a0, MODE_S)
    csrr a1, sstatus
    csrw sscratch, a1
    csrr a1, satp
    sfence.vma
    EXPECT_TRAP(2f)
    csrr a1, mscratch
2:  CHECK_TRAP(43, CAUSE_ILLEGAL)
    EXPECT_TRAP(2f)
    mret
2:  CHECK_TRAP(44, CAUSE_ILLEGAL)
    GO_MACHINE
    li a1, MSTATUS_TVM | MSTATUS_TSR
    csrs mstatus, a1
    ENTER_MODE(MODE_S)
    EXPECT_TRAP(2f)
    csrr a1, satp
2:  CHECK_TRAP(45, CAUSE_ILLEGAL)
    EXPECT_TRAP(2f)
    sfence.vma
2:  CHECK_TRAP(46, CAUSE_ILLEGAL)
    EXPECT_TRAP(2f)
    sret
2:  CHECK_TRAP(47, CAUSE_ILLEGAL)
    GO_MACHINE
    li a1, MSTATUS_TVM | MSTATUS_TSR
    csrc mstatus, a1

    /* ---- sret: from M to S, then S to U; SIE <- SPIE, SPIE <- 1, SPP <- U ---- */
    li a1, MSTATUS_SPP | MSTATUS_SPIE
    csrs mstatus, a1
    li a1, MSTATUS_SIE
    csrc mstatus, a1
    lla a1, 1f
    csrw sepc, a1
    sret                                /* allowed in M-mode */
    j fail
1:  csrr a1, sstatus                    /* now in S */
    andi a0, a1, MSTATUS_SIE
    CHECK(48, a0, MSTATUS_SIE)
    andi a0, a1, MSTATUS_SPIE
    CHECK(49, a0, MSTATUS_SPIE)
    andi a0, a1, MSTATUS_SPP
    CHECK(50, a0, 0)
    lla a1, 1f
    csrw sepc, a1
    sret                                /* SPP = U */
    j fail
1:  EXPECT_TRAP(2f)
    ecall
2:  CHECK_TRAP(51, CAUSE_ECALL_U)
    GO_MACHINE
    li a1, MSTATUS_SIE
    csrc mstatus, a1

    /* ---- medeleg: delegated exceptions from U and S go to stvec; from M they do not ---- */
    li a1, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_LOAD_ACCESS)
    csrw medeleg, a1
    li a1, MSTATUS_SIE
    csrs mstatus, a1
    ENTER_MODE(MODE_U)
    EXPECT_TRAP(2f)
1:  ecall
2:  CHECK_STRAP(52, CAUSE_ECALL_U)
    ld a0, strap_pc
    CHECK_ADDRESS(53, a0, 1b)
    ld a0, strap_value
    CHECK(54, a0, 0)
    STATUS_FIELD(strap_status, 8, 1)     /* SPP = U */
    CHECK(55, a0, 0)
    STATUS_FIELD(strap_status, 5, 1)     /* SPIE = the SIE before the trap */
    CHECK(56, a0, 1)
    STATUS_FIELD(strap_status, 1, 1)     /* SIE cleared */
    CHECK(57, a0, 0)
    EXPECT_TRAP(2f)
1:  ILLEGAL_INSTRUCTION
2:  CHECK_STRAP(58, CAUSE_ILLEGAL)
    ld a0, strap_value
    CHECK(59, a0, 0x00c5850b)
    li s0, 0x40000000
    EXPECT_TRAP(2f)
    lw a1, 16(s0)
2:  CHECK_STRAP(60, CAUSE_LOAD_ACCESS)
    ld a0, strap_value
    CHECK(61, a0, 0x40000010)
    GO_MACHINE                          /* ecall from U (delegated) is passed on from S */
    ENTER_MODE(MODE_S)
    EXPECT_TRAP(2f)
1:  ebreak
2:  CHECK_STRAP(62, CAUSE_BREAKPOINT)
    ld a0, strap_pc
    CHECK_ADDRESS(63, a0, 1b)
    STATUS_FIELD(strap_status, 8, 1)     /* SPP = S */
    CHECK(64, a0, 1)
    EXPECT_TRAP(2f)
    ecall                               /* ecall from S is not delegated */
2:  CHECK_TRAP(65, CAUSE_ECALL_S)
    GO_MACHINE
    sd zero, strap_cause, t5
    EXPECT_TRAP(2f)
    ILLEGAL_INSTRUCTION                 /* in M-mode: never delegated */
2:  CHECK_TRAP(66, CAUSE_ILLEGAL)
    ld a0, strap_cause
    CHECK(67, a0, 0)
    csrw medeleg, zero
    li a1, MSTATUS_SIE
    csrc mstatus, a1

    /* ---- interrupts: supervisor software interrupt (SSIP), not delegated: taken in M ---- */
    csrci mstatus, MSTATUS_MIE          /* (every mret sets MPIE, so earlier returns may have set MIE) */
    li a1, 2
    csrw mie, a1
    csrs mip, a1                        /* pending and enabled, but MIE = 0 in M-mode */
    nop
    wfi                                 /* an enabled interrupt is pending: wfi returns */
    csrr a0, mcause
    EXPECT_TRAP(2f)
    li a1, MSTATUS_MIE
    csrs mstatus, a1
1:  nop                                 /* the interrupt is taken before this instruction */
    j fail
2:  CHECK_TRAP(68, INTERRUPT | 1)
    ld a0, trap_pc
    CHECK_ADDRESS(69, a0, 1b)
    ld a0, trap_value
    CHECK(70, a0, 0)
    STATUS_FIELD(trap_status, 7, 1)      /* MPIE = 1 */
    CHECK(71, a0, 1)
    csrr a0, mie                        /* the handler disabled it */
    CHECK(72, a0, 0)
    li a1, MSTATUS_MIE
    csrc mstatus, a1
    /* Below M-mode, M-level interrupts are enabled whatever MIE says. */
    li a1, 2
    csrw mie, a1
    EXPECT_TRAP(2f)
    ENTER_MODE(MODE_S)
    j fail
2:  CHECK_TRAP(73, INTERRUPT | 1)
    STATUS_FIELD(trap_status, 11, 3)
    CHECK(74, a0, MODE_S)
    GO_MACHINE
    li a1, 2
    csrc mip, a1

    /* ---- delegated SSI: never taken in M; in S only with SIE; in U always ---- */
    li a1, 2
    csrw mideleg, a1
    csrw mie, a1
    csrs mip, a1
    li a1, MSTATUS_MIE
    csrs mstatus, a1                    /* M-mode with MIE: still not taken (delegated) */
    nop
    nop
    csrc mstatus, a1
    ENTER_MODE(MODE_S)                  /* SIE = 0: not taken */
    nop
    nop
    EXPECT_TRAP(2f)
    csrsi sstatus, MSTATUS_SIE
1:  j fail
2:  CHECK_STRAP(75, INTERRUPT | 1)
    ld a0, strap_pc
    CHECK_ADDRESS(76, a0, 1b)
    STATUS_FIELD(strap_status, 5, 1)     /* SPIE = 1 */
    CHECK(77, a0, 1)
    csrr a0, sie                        /* the S handler disabled it */
    CHECK(78, a0, 0)
    csrci sstatus, MSTATUS_SIE
    li a1, 2
    csrw sie, a1                        /* still pending: SIE = 0 keeps it off in S */
    nop
    GO_MACHINE
    EXPECT_TRAP(2f)
    ENTER_MODE(MODE_U)                  /* in U it is taken although SIE = 0 */
    j fail
2:  CHECK_STRAP(79, INTERRUPT | 1)
    STATUS_FIELD(strap_status, 8, 1)     /* SPP = U */
    CHECK(80, a0, 0)
    GO_MACHINE
    csrw sip, zero
    csrw mideleg, zero
    csrw mie, zero

    /* ---- vectored mtvec: exceptions to BASE, interrupt i to BASE + 4i ---- */
    lla a1, machine_vectors + 1
    csrw mtvec, a1
    li s10, 0
    EXPECT_TRAP(2f)
    ecall
2:  CHECK_TRAP(81, CAUSE_ECALL_M)
    CHECK(82, s10, 100)                 /* came through entry 0 */
    li s10, 0
    csrci mstatus, MSTATUS_MIE
    li a1, 2
    csrw mie, a1
    csrs mip, a1
    EXPECT_TRAP(2f)
    csrsi mstatus, MSTATUS_MIE
    j fail
2:  CHECK_TRAP(83, INTERRUPT | 1)
    CHECK(84, s10, 1)                   /* came through entry 1 */
    csrci mstatus, MSTATUS_MIE
    li a1, 2
    csrc mip, a1
    lla a1, trap_vector
    csrw mtvec, a1
    /* Vectored stvec, with a delegated SSI taken in U-mode. */
    lla a1, supervisor_vectors + 1
    csrw stvec, a1
    li s10, 0
    li a1, 2
    csrw mideleg, a1
    csrw mie, a1
    csrs mip, a1
    EXPECT_TRAP(2f)
    ENTER_MODE(MODE_U)
    j fail
2:  CHECK_STRAP(85, INTERRUPT | 1)
    CHECK(86, s10, 2)
    GO_MACHINE
    csrw mip, zero
    csrw mideleg, zero
    lla a1, strap_vector
    csrw stvec, a1

    /* ---- priority: "MEI, MSI, MTI, SEI, SSI, STI" (3.1.9); M-mode may set SEIP and STIP too ---- */
    csrci mstatus, MSTATUS_MIE
    li a1, 0x222
    csrs mip, a1                        /* SEIP, STIP, SSIP pending */
    csrw mie, a1
    EXPECT_TRAP(1f)
    csrsi mstatus, MSTATUS_MIE
1:  CHECK_TRAP(87, INTERRUPT | 9)
    csrci mstatus, MSTATUS_MIE
    li a1, 1 << 9
    csrc mip, a1
    li a1, 0x222
    csrw mie, a1
    EXPECT_TRAP(1f)
    csrsi mstatus, MSTATUS_MIE
1:  CHECK_TRAP(88, INTERRUPT | 1)
    csrci mstatus, MSTATUS_MIE
    li a1, 1 << 1
    csrc mip, a1
    /* The remaining STI, delegated, taken in S-mode from U-mode. */
    li a1, 1 << 5
    csrw mideleg, a1
    csrw mie, a1
    EXPECT_TRAP(1f)
    ENTER_MODE(MODE_U)
1:  CHECK_STRAP(89, INTERRUPT | 5)
    GO_MACHINE
    csrw mip, zero
    csrw mideleg, zero
    csrw mie, zero

    /* ---- "If y≠M, xRET also sets MPRV=0" (3.3.2) ---- */
    li a1, 1 << 17
    csrs mstatus, a1
    ENTER_MODE(MODE_U)
    GO_MACHINE
    STATUS_FIELD(trap_status, 17, 1)     /* MPRV as the trap from U saw it */
    CHECK(95, a0, 0)
    li a1, 1 << 17 | MSTATUS_SPP
    csrs mstatus, a1
    lla a1, 1f
    csrw sepc, a1
    sret
1:  GO_MACHINE
    STATUS_FIELD(trap_status, 17, 1)
    CHECK(96, a0, 0)
    csrr a1, sstatus
    srli a0, a1, 32
    andi a0, a0, 3
    CHECK(97, a0, 2)                    /* sstatus.UXL = 64-bit */
    PASS

    .option push
    .option norvc
    .balign 256
machine_vectors:
    j machine_exception_entry           /* 0: all exceptions */
    j machine_ssi_entry                 /* 1: supervisor software interrupt */
    .rept 14
    j fail
    .endr
machine_exception_entry:
    li s10, 100
    j trap_vector
machine_ssi_entry:
    li s10, 1
    j trap_vector

    .balign 256
supervisor_vectors:
    j strap_vector
    j supervisor_ssi_entry
    .rept 14
    j fail
    .endr
supervisor_ssi_entry:
    li s10, 2
    j strap_vector
    .option pop
