/* Error behaviour: an S-mode trap handler that cannot itself be fetched. Sv39 maps RAM (a gigapage at
   0x80000000, S-only), page faults and illegal instructions are delegated to S-mode, and stvec points at
   an unmapped virtual address. The illegal instruction traps to stvec, whose fetch faults, which traps to
   stvec again: a loop that retires nothing, so an instruction limit would never end it. Morph must stop
   with an error naming the handler address. */
#define PTE_FLAGS 0xcf                      /* V R W X A D */
    .section .text.init, "ax", @progbits
    .global _start
_start:
    .option norvc
    li t0, -1                              /* PMP: everything for S-mode */
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    lla t0, page_table
    li t1, ((0x80000000 >> 12) << 10) | PTE_FLAGS
    sd t1, 16(t0)                          /* level-2 index 2: 0x80000000-0xbfffffff */
    srli t0, t0, 12
    li t1, 8 << 60                         /* MODE = Sv39 */
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    li t0, (1 << 12) | (1 << 2)            /* instruction page fault, illegal instruction */
    csrw medeleg, t0
    li t0, 0x40000000
    csrw stvec, t0
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, 1 << 11                         /* MPP = S */
    csrs mstatus, t0
    lla t0, supervisor
    csrw mepc, t0
    mret
supervisor:
    .insn r CUSTOM_0, 0, 0, a0, a1, a2     /* illegal: traps to the unfetchable handler */

    .data
    .balign 4096
page_table:
    .zero 4096
