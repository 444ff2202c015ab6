/* Error behaviour: an illegal instruction with no trap handler (mtvec is 0 at reset, outside RAM). */
    .section .text.init, "ax", @progbits
    .global _start
_start:
    .option norvc
    addi a0, zero, 1
    .insn r CUSTOM_0, 0, 0, a0, a1, a2  /* 0x00c5850b at 0x80000004 */
