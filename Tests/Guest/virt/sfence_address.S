/* sfence.vma with an address (The RISC-V Instruction Set Manual, Volume II, 12.2.1 "Supervisor
   Memory-Management Fence Instruction"): after S-mode changes a leaf PTE and runs sfence.vma naming
   an address the leaf maps, accesses through that leaf see the new mapping. Two cases: a 4 KiB code
   page remapped from `code_one` to `code_two` (the next call runs the new code, so decoded code of the
   old page must go), and a 2 MiB megapage remapped while the fence names a different 4 KiB part of it
   than the one read afterwards (a TLB that keeps superpages in 4 KiB pieces must drop them all).
   Passes on qemu-system-riscv64 -machine virt -bios none too. */
#include "virt.h"

#define PTE_V 0x1
#define PTE_VRWXAD 0xcf
#define PTE_VRXAD 0xcb
#define PTE_VRWAD 0xc7
#define MEGA_ONE 0x80400000
#define MEGA_TWO 0x80600000
/* t0 = a PTE pointing at physical address `reg` with `flags`. */
#define MAKE_PTE(reg, flags) srli t0, reg, 12; slli t0, t0, 10; ori t0, t0, flags

main:
    PMP_ALLOW_ALL                   /* PMP: everything for S-mode */
    lla t0, machine_handler
    csrw mtvec, t0
    /* Page tables: root[0] devices, root[2] RAM (identity gigapages), root[1] -> level1 -> level0. */
    lla s0, root
    li t0, ((0x00000000 >> 12) << 10) | PTE_VRWXAD
    sd t0, 0(s0)
    li t0, ((0x80000000 >> 12) << 10) | PTE_VRWXAD
    sd t0, 16(s0)
    lla t1, level1
    MAKE_PTE(t1, PTE_V)
    sd t0, 8(s0)                    /* root[1]: 0x40000000-0x7fffffff */
    lla t1, level0
    MAKE_PTE(t1, PTE_V)
    lla t2, level1
    sd t0, 0(t2)                    /* level1[0]: 0x40000000-0x401fffff through level0 */
    li t1, MEGA_ONE
    MAKE_PTE(t1, PTE_VRWAD)
    sd t0, 8(t2)                    /* level1[1]: the megapage 0x40200000 -> MEGA_ONE */
    lla t1, code_one
    MAKE_PTE(t1, PTE_VRXAD)
    lla t2, level0
    sd t0, 0(t2)                    /* level0[0]: 0x40000000 -> code_one */
    li t1, MEGA_ONE + 0x1000        /* the megapages' second 4 KiB: 0x11, then 0x22 */
    li t0, 0x11
    sd t0, 0(t1)
    li t1, MEGA_TWO + 0x1000
    li t0, 0x22
    sd t0, 0(t1)
    srli t0, s0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    MRET_TO_SUPERVISOR(supervisor)

supervisor:
    li s1, 0x40000000
    jalr ra, 0(s1)                  /* code_one: a0 = 1 */
    CHECK(1, a0, 1)
    lla t1, code_two
    MAKE_PTE(t1, PTE_VRXAD)
    lla t2, level0
    sd t0, 0(t2)                    /* level0[0] -> code_two */
    sfence.vma s1
    jalr ra, 0(s1)                  /* code_two: a0 = 2 */
    CHECK(2, a0, 2)

    li s2, 0x40200000
    li s3, 0x40201000
    ld t1, 0(s2)                    /* both 4 KiB parts of the megapage through the TLB */
    ld t1, 0(s3)
    CHECK(3, t1, 0x11)
    li t1, MEGA_TWO
    MAKE_PTE(t1, PTE_VRWAD)
    lla t2, level1
    sd t0, 8(t2)                    /* level1[1] -> MEGA_TWO */
    sfence.vma s2                   /* names the first part only */
    ld t1, 0(s3)
    CHECK(4, t1, 0x22)
    PASS

    .balign 4
machine_handler:
    csrr t0, mcause
    addi gp, t0, 100                /* an unexpected trap: FAIL(100 + mcause) */
    j fail

    .data
    .balign 4096
root: .zero 4096
level1: .zero 4096
level0: .zero 4096
code_one:
    li a0, 1
    ret
    .balign 4096
code_two:
    li a0, 2
    ret
    .balign 4096
