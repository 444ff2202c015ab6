/* The Sstc extension (The RISC-V Instruction Set Manual, Volume II, chapter "Sstc" Extension for
   Supervisor-mode Timer Interrupts): S-mode programs its own timer through stimecmp. While menvcfg.STCE
   is 0, an S-mode access to stimecmp is an illegal instruction (the M-mode handler then sets STCE and
   mcounteren.TM and skips it); with STCE set, STIP follows time >= stimecmp, a write to mip.STIP has no
   effect, and the S-mode handler clears the interrupt by moving stimecmp. Passes on
   qemu-system-riscv64 -machine virt -bios none too. */
#include "virt.h"

#define CSR_STIMECMP 0x14d
#define CSR_MENVCFG 0x30a

main:
    lla t0, machine_handler
    csrw mtvec, t0
    lla t0, supervisor_handler
    csrw stvec, t0
    li t0, MIP_STIP
    csrw mideleg, t0
    PMP_ALLOW_ALL                   /* PMP: everything for S-mode */
    li t0, -1
    csrw CSR_STIMECMP, t0           /* M-mode may always access stimecmp */
    csrr t1, CSR_STIMECMP
    CHECK(1, t1, -1)
    li s1, 0                        /* S-mode timer interrupts taken */
    li s2, 0                        /* illegal stimecmp accesses seen by M-mode */
    li t0, MIP_STIP
    csrw mie, t0
    csrsi mstatus, MSTATUS_SIE
    MRET_TO_SUPERVISOR(supervisor)

supervisor:
    csrr t0, CSR_STIMECMP           /* STCE = 0: illegal, M-mode turns Sstc on */
    CHECK(2, s2, 1)
    csrr t1, time
    li t2, 20000                    /* 2 ms at 10 MHz */
    add t1, t1, t2
    csrw CSR_STIMECMP, t1
    csrr t0, sip
    andi t0, t0, MIP_STIP
    CHECK(3, t0, 0)                 /* not yet */
1:  wfi
    beqz s1, 1b
    CHECK(4, s1, 1)
    csrr t0, scause
    CHECK(5, t0, INTERRUPT | 5)
    csrr t0, sip
    andi t0, t0, MIP_STIP
    CHECK(6, t0, 0)                 /* the handler moved stimecmp: STIP is low again */
    csrci sstatus, MSTATUS_SIE      /* interrupts off: look at STIP without taking it */
    csrr t0, time                   /* a deadline in the past raises STIP at once */
    csrw CSR_STIMECMP, t0
    csrr t0, sip
    andi t0, t0, MIP_STIP
    CHECK(7, t0, MIP_STIP)
    PASS

    .balign 4
machine_handler:
    csrr t0, mcause
    li t1, 2                        /* illegal instruction: the stimecmp access */
    beq t0, t1, enable_sstc
    FAIL(20)
enable_sstc:
    addi s2, s2, 1
    li t0, 1
    slli t0, t0, 63
    csrs CSR_MENVCFG, t0
    csrsi mcounteren, 2             /* TM */
    li t0, MIP_STIP                 /* no effect while STCE is set */
    csrs mip, t0
    csrr t0, mip
    andi t0, t0, MIP_STIP
    beqz t0, 1f
    FAIL(21)
1:  csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    mret

    .balign 4
supervisor_handler:
    csrr t0, scause
    li t1, INTERRUPT | 5
    beq t0, t1, 1f
    FAIL(30)
1:  addi s1, s1, 1
    li t0, -1
    csrw CSR_STIMECMP, t0
    csrr t0, sip                    /* sstatus.SIE is off in the handler: sret re-enables it */
    andi t0, t0, MIP_STIP
    beqz t0, 2f
    FAIL(31)
2:  sret
