/* Error behaviour (issue 9, item 6): runs that retire nothing but traps. The trap vector holds an illegal
 * `csrw mhartid` (mhartid is read-only), so every trap traps again at the vector; before that, a0 != 0
 * selects an ecall storm instead: the handler returns to the ecall with mret, forever. Only traps and
 * machine-executed instructions (mret) happen; `--max-instructions` must still stop both. */
    .section .text.init, "ax", @progbits
    .global _start
_start:
    .option norvc
    la t0, storm_handler
    csrw mtvec, t0
    li a0, STORM
    bnez a0, 1f
    la t0, trapping_handler
    csrw mtvec, t0
1:  ecall
    j 1b

    .align 2
trapping_handler:
    csrw mhartid, zero
    j trapping_handler

    .align 2
storm_handler:
    mret
