/* A CLINT timer interrupt in M-mode: mtimecmp = mtime + 1 ms (10,000 ticks at 10 MHz), MTIE and MIE set,
   the hart waits in wfi; the handler sees mcause = interrupt 7 and mip.MTIP, moves mtimecmp to the far
   future (MTIP clears) and returns. Also checks msip: a software interrupt (cause 3) from the CLINT. */
#include "virt.h"

main:
    lla t0, handler
    csrw mtvec, t0
    li s1, 0                        /* timer interrupts taken */
    li s2, 0                        /* software interrupts taken */
    li s0, CLINT_BASE
    li t0, CLINT_MTIME
    add t0, s0, t0
    ld s3, 0(t0)                    /* mtime now */
    li t1, 10000
    add t1, s3, t1
    li t0, CLINT_MTIMECMP
    add t0, s0, t0
    sd t1, 0(t0)
    li t0, MIP_MTIP
    csrw mie, t0
    csrsi mstatus, MSTATUS_MIE
1:  wfi
    beqz s1, 1b
    CHECK(1, s1, 1)
    /* mtime has passed the deadline. */
    li t0, CLINT_MTIME
    add t0, s0, t0
    ld t1, 0(t0)
    sub t1, t1, s3
    CHECK_AT_LEAST(2, t1, 10000)
    csrr t1, mip
    andi t1, t1, MIP_MTIP
    CHECK(3, t1, 0)
    /* The time CSR reads mtime. */
    rdtime t1
    sub t1, t1, s3
    CHECK_AT_LEAST(4, t1, 10000)
    /* Software interrupt: msip = 1. */
    li t0, MIP_MSIP
    csrw mie, t0
    li t0, 1
    sw t0, CLINT_MSIP(s0)
    li t2, 100000                   /* the interrupt arrives soon after the store */
1:  bnez s2, 2f
    addi t2, t2, -1
    bnez t2, 1b
2:  CHECK(5, s2, 1)
    PASS

    .balign 4
handler:
    csrr t0, mcause
    li t1, INTERRUPT | 7
    beq t0, t1, timer
    li t1, INTERRUPT | 3
    beq t0, t1, software
    FAIL(20)
timer:
    csrr t1, mip
    andi t1, t1, MIP_MTIP
    CHECK(21, t1, MIP_MTIP)
    li t0, CLINT_MTIMECMP
    add t0, s0, t0
    li t1, -1
    sd t1, 0(t0)
    addi s1, s1, 1
    mret
software:
    sw zero, CLINT_MSIP(s0)
    addi s2, s2, 1
    mret
