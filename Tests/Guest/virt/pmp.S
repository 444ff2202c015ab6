/* Physical memory protection (The RISC-V Instruction Set Manual, Volume II, 3.7): M-mode programs four
   entries: 0 OFF (its address starts entry 1's range), 1 TOR over the page `secret` with no permissions,
   2 NAPOT over the page `readonly` with R only, 3 NAPOT over everything with R, W and X. S-mode then
   finds, in Bare mode: loads from `secret`, stores to `readonly` and fetches from `readonly` fail with
   access faults naming the address, while loads from `readonly` and everything else work; with Sv39 on,
   a mapped `secret` still faults (access fault, not page fault), and a walk that reads a page table
   inside `secret` ends in an access fault of the original access type. M-mode is not restricted (no entry is
   locked). The M-mode handler records mcause and mtval and resumes at ra for fetch faults, past the
   instruction otherwise. Passes on qemu-system-riscv64 -machine virt -bios none too. */
#include "virt.h"

#define PTE_VRWXAD 0xcf
/* Fails with check n unless the recorded mtval (s4) equals `reg`. */
#define CHECK_MTVAL(n, reg) li gp, n; beq s4, reg, 88888f; j fail; 88888:

main:
    lla t0, machine_handler
    csrw mtvec, t0
    lla s5, secret
    lla s6, readonly
    li t0, 0x5ec7e7
    sw t0, 0(s5)                    /* M-mode writes both pages */
    li t0, 0x7ead
    sw t0, 0(s6)
    li t0, 0x00008067               /* ret, to be fetched from `readonly` */
    sw t0, 8(s6)
    srli t0, s5, 2                  /* entry 0: OFF, the start of entry 1's TOR range */
    csrw pmpaddr0, t0
    li t1, 4096
    add t0, s5, t1
    srli t0, t0, 2                  /* entry 1: TOR up to the end of `secret` */
    csrw pmpaddr1, t0
    srli t0, s6, 2                  /* entry 2: NAPOT, the 4 KiB page `readonly` */
    ori t0, t0, 0x1ff
    csrw pmpaddr2, t0
    li t0, -1                       /* entry 3: NAPOT, everything */
    csrw pmpaddr3, t0
    li t0, 0x1f190800               /* cfg3 = NAPOT RWX, cfg2 = NAPOT R, cfg1 = TOR none, cfg0 = OFF */
    csrw pmpcfg0, t0
    csrr t1, pmpcfg0
    CHECK(1, t1, 0x1f190800)
    lw t1, 0(s5)                    /* M-mode is not restricted */
    CHECK(2, t1, 0x5ec7e7)
    MRET_TO_SUPERVISOR(supervisor)

supervisor:
    li s3, 0                        /* mcause of the last trap (0: none) */
    lw t1, 0(s5)                    /* load from `secret`: load access fault */
    CHECK(10, s3, 5)
    CHECK_MTVAL(11, s5)
    li s3, 0
    lw t1, 0(s6)                    /* load from `readonly`: fine */
    CHECK(12, s3, 0)
    CHECK(13, t1, 0x7ead)
    sw t1, 4(s6)                    /* store to `readonly`: store access fault */
    CHECK(14, s3, 7)
    addi t0, s6, 4
    CHECK_MTVAL(15, t0)
    li s3, 0
    addi t0, s6, 8
    jalr ra, 0(t0)                  /* fetch from `readonly` (R only): instruction access fault */
    CHECK(16, s3, 1)
    addi t0, s6, 8
    CHECK_MTVAL(17, t0)
    li s3, 0
    lla t0, scratch                 /* everything else is read, write and execute */
    sw t1, 0(t0)
    lw t2, 0(t0)
    CHECK(18, s3, 0)
    CHECK(19, t2, 0x7ead)

    /* Sv39: a gigapage maps 0x80000000 to itself; PMP still applies to the physical addresses. */
    ecall                           /* M-mode turns paging on */
    li s3, 0
    lw t1, 0(s5)
    CHECK(20, s3, 5)                /* an access fault, not a load page fault (13) */
    li s3, 0
    lw t1, 0(s6)
    CHECK(21, s3, 0)
    CHECK(22, t1, 0x7ead)
    li s3, 0
    li t0, 0xc0000000
    sw t1, 0(t0)                    /* the walk reads a level-1 PTE in `secret`: store access fault */
    CHECK(23, s3, 7)
    CHECK_MTVAL(24, t0)
    PASS

    .balign 4
machine_handler:
    csrr s3, mcause
    csrr s4, mtval
    li t6, 9                        /* ecall from S: the next paging step */
    beq s3, t6, paging_step
    li t6, 1                        /* instruction access fault: resume at ra */
    bne s3, t6, 1f
    csrw mepc, ra
    mret
1:  csrr t6, mepc
    addi t6, t6, 4
    csrw mepc, t6
    mret

paging_step:                        /* Sv39, the root in `page_table` */
    lla t5, page_table
    li t4, ((0x80000000 >> 12) << 10) | PTE_VRWXAD
    sd t4, 16(t5)                   /* level-2 index 2: 0x80000000-0xbfffffff to itself */
    li t4, ((0x00000000 >> 12) << 10) | PTE_VRWXAD
    sd t4, 0(t5)                    /* index 0: the devices (UART, test device) */
    lla t4, secret                  /* index 3: 0xc0000000-, through a level-1 table in `secret` */
    srli t4, t4, 12
    slli t4, t4, 10
    ori t4, t4, 1
    sd t4, 24(t5)
    srli t5, t5, 12
    li t4, 8 << 60
    or t5, t5, t4
    csrw satp, t5
    sfence.vma
    li s3, 0
    csrr t6, mepc
    addi t6, t6, 4
    csrw mepc, t6
    mret

    .data
    .balign 4096
secret: .zero 4096
readonly: .zero 4096
page_table: .zero 4096
scratch: .zero 16
