/* Guest program for the `morph disasm` listing test: the layout cases real C programs rarely reach.
 * An auipc/addi and a lui/addi address sequence and a gp-relative address (the " # address" comments),
 * 48- and 64-bit encodings (printed as data), runs of zero bytes (printed as "..."), an object symbol
 * inside .text (dumped as bytes with their characters), data between instructions, and labels after
 * each. Linked with -nostdlib; it is only disassembled, never run. */
    .text
    .globl _start
    .type _start, @function
_start:
    addi sp, sp, -16
    lla a0, table
    ld a1, 8(a0)
    lui a2, %hi(table)
    addi a2, a2, %lo(table)
    addi a3, gp, 16
    jal ra, helper
    .insn 6, 0x56781234001f
    .insn 8, 0x003000200010003f
    j _start
    .size _start, .-_start
    .skip 12
    .globl helper
    .type helper, @function
helper:
    ret
    .skip 2
    .type table, @object
table:
    .dword 1, 2, 3
    .size table, 24
    .type after, @function
after:
    ret
    .size after, 2
    /* Data between instructions ($d mapping symbols): printed as .word/.short/.byte. */
    .globl with_data
    .type with_data, @function
with_data:
    addi a0, a0, 1
    beq a0, a1, data_done
    .word 0x12345678
    .half 0x9abc
    .byte 0x11, 0x22
data_done:
    ret
    .dword 0x1122334455667788
    .byte 1, 2, 3
    .size with_data, .-with_data
