/* Error behaviour: a program linked at 0x1000, outside RAM (linked with link_low.ld). */
    .text
    .global _start
_start:
    j _start
