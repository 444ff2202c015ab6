/* A PLIC interrupt from the UART: received-data interrupts enabled (IER bit 0), UART source 10 with
   priority 1 enabled for context 0 (hart 0 M-mode) at threshold 0, MEIE and MIE set. The hart waits in
   wfi until a byte arrives on the console; the handler claims (10), reads the byte, completes, and the
   program echoes it as "got X". Also checks the pending bit and that a threshold at the source's
   priority masks it. */
#include "virt.h"

main:
    lla t0, handler
    csrw mtvec, t0
    li s0, PLIC_BASE
    li s1, UART_BASE
    li s2, 0                        /* the byte received, 0 until then */
    li t0, 1
    sw t0, 10 * 4(s0)               /* priority of source 10 */
    li t0, PLIC_ENABLE
    add t0, s0, t0
    li t1, 1 << 10
    sw t1, 0(t0)                    /* enable source 10 for context 0 */
    li t0, PLIC_CONTEXT
    add s3, s0, t0                  /* context 0: threshold at +0, claim at +4 */
    sw zero, 0(s3)
    li t0, 1
    sb t0, UART_IER(s1)
    li t0, MIP_MEIP
    csrw mie, t0
    csrsi mstatus, MSTATUS_MIE
1:  wfi
    beqz s2, 1b
    csrci mstatus, MSTATUS_MIE
    lla a0, got
    call puts
    mv a0, s2
    call putchar
    li a0, '\n'
    call putchar
    CHECK(1, s4, 10)                /* the claimed source */
    /* Nothing is claimable once the byte was read. */
    lw t0, 4(s3)
    CHECK(2, t0, 0)
    PASS

    .balign 4
handler:
    csrr t0, mcause
    li t1, INTERRUPT | 11
    beq t0, t1, 1f
    FAIL(20)
1:  li t0, PLIC_PENDING
    add t0, s0, t0
    lw t1, 0(t0)
    li t2, 1 << 10
    and t1, t1, t2
    CHECK(21, t1, 1 << 10)          /* source 10 pending */
    li t0, 1
    sw t0, 0(s3)                    /* threshold 1 masks priority 1 */
    csrr t1, mip
    li t2, MIP_MEIP
    and t1, t1, t2
    CHECK(22, t1, 0)
    sw zero, 0(s3)
    lw s4, 4(s3)                    /* claim */
    lbu s2, UART_RBR(s1)            /* the byte clears the UART's request */
    sw s4, 4(s3)                    /* complete */
    mret

    .section .rodata
got: .asciz "got "
