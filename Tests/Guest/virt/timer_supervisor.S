/* A timer interrupt taken in S-mode through delegation, the way OpenSBI forwards it: mideleg.STIP is
   set; the M-mode handler of the CLINT's MTIP disables MTIE and sets mip.STIP; the S-mode handler (stvec)
   sees scause = interrupt 5, asks M-mode (ecall) to clear STIP, and S-mode carries on. */
#include "virt.h"

main:
    lla t0, machine_handler
    csrw mtvec, t0
    lla t0, supervisor_handler
    csrw stvec, t0
    li t0, MIP_STIP
    csrw mideleg, t0
    PMP_ALLOW_ALL                   /* PMP: everything for S-mode */
    li s1, 0                        /* S-mode timer interrupts taken */
    li s0, CLINT_BASE
    li t0, CLINT_MTIMECMP           /* no deadline yet (mtimecmp may reset to 0) */
    add t0, s0, t0
    li t1, -1
    sd t1, 0(t0)
    /* Enter S-mode with SIE set, STIE and MTIE enabled. */
    li t0, MIP_STIP | MIP_MTIP
    csrw mie, t0
    csrsi mstatus, MSTATUS_SIE
    MRET_TO_SUPERVISOR(supervisor)

supervisor:
    li t0, CLINT_MTIME
    add t0, s0, t0
    ld t1, 0(t0)                    /* S-mode reads mtime (the CLINT is not protected here) */
    li t2, 20000
    add t1, t1, t2
    li t0, CLINT_MTIMECMP
    add t0, s0, t0
    sd t1, 0(t0)
1:  wfi
    beqz s1, 1b
    CHECK(1, s1, 1)
    csrr t0, scause
    li t1, INTERRUPT | 5
    CHECK(2, t0, INTERRUPT | 5)
    csrr t0, sip
    andi t0, t0, MIP_STIP
    CHECK(3, t0, 0)
    PASS

    .balign 4
machine_handler:
    csrr t0, mcause
    li t1, INTERRUPT | 7
    beq t0, t1, machine_timer
    li t1, 9                        /* ecall from S: clear STIP */
    beq t0, t1, clear_supervisor_timer
    FAIL(20)
machine_timer:
    li t0, MIP_MTIP
    csrc mie, t0
    li t0, MIP_STIP
    csrs mip, t0
    mret
clear_supervisor_timer:
    li t0, MIP_STIP
    csrc mip, t0
    csrr t0, mepc
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
    ecall
    sret
