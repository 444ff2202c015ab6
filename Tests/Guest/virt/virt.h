/* Shared pieces of Morph's bare-metal programs for the virt board (`morph boot --machine virt`), written
 * for Morph. The board is QEMU's virt: 16550A UART at 0x10000000, SiFive test device at 0x100000, CLINT at
 * 0x2000000, PLIC at 0xc000000. A program defines `main` and ends with PASS (power off, exit status 0) or
 * FAIL(n) (prints "FAIL n" on the UART and powers off with exit status n). The same programs run under
 * `qemu-system-riscv64 -machine virt -bios none -kernel PROGRAM`.
 *
 * Registers reserved: gp (check number), t6 (scratch of the macros).
 */
#define UART_BASE   0x10000000
#define UART_THR    0
#define UART_RBR    0
#define UART_IER    1
#define UART_IIR    2
#define UART_LSR    5
#define TEST_BASE   0x100000
#define CLINT_BASE  0x2000000
#define CLINT_MSIP  0x0
#define CLINT_MTIMECMP 0x4000
#define CLINT_MTIME 0xbff8
#define PLIC_BASE   0xc000000
#define PLIC_PENDING 0x1000
#define PLIC_ENABLE 0x2000
#define PLIC_CONTEXT 0x200000

#define MIP_SSIP (1 << 1)
#define MIP_MSIP (1 << 3)
#define MIP_STIP (1 << 5)
#define MIP_MTIP (1 << 7)
#define MIP_SEIP (1 << 9)
#define MIP_MEIP (1 << 11)
#define MSTATUS_SIE (1 << 1)
#define MSTATUS_MIE (1 << 3)
#define MSTATUS_MPP (3 << 11)
#define INTERRUPT (1 << 63)

/* Fails with check n unless register `reg` holds `expected`. */
#define CHECK(n, reg, expected) li gp, n; li t6, expected; beq reg, t6, 88888f; j fail; 88888:
/* Fails with check n unless `reg` is not below `bound` (unsigned). */
#define CHECK_AT_LEAST(n, reg, bound) li gp, n; li t6, bound; bgeu reg, t6, 88888f; j fail; 88888:

/* PMP entry 0 lets S- and U-mode reach everything (NAPOT over the whole address space, R, W, X). */
#define PMP_ALLOW_ALL li t0, -1; csrw pmpaddr0, t0; li t0, 0x1f; csrw pmpcfg0, t0
/* Returns from M-mode to `label` in S-mode (MPP = S). Clobbers t0. */
#define MRET_TO_SUPERVISOR(label) li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, 1 << 11; csrs mstatus, t0; \
    lla t0, label; csrw mepc, t0; mret

/* Queue 0 of the virtio-mmio transport at s0 (QueueSel already 0): `size` entries, the descriptor
   table at s1, the available ring at s1 + `available`, the used ring at s1 + `used`; then QueueReady.
   Clobbers t0. */
#define VIRTIO_SET_UP_QUEUE(size, available, used) \
    li t0, size; sw t0, 0x038(s0); sw s1, 0x080(s0); srli t0, s1, 32; sw t0, 0x084(s0); \
    addi t0, s1, available; sw t0, 0x090(s0); srli t0, t0, 32; sw t0, 0x094(s0); \
    addi t0, s1, used; sw t0, 0x0a0(s0); srli t0, t0, 32; sw t0, 0x0a4(s0); li t0, 1; sw t0, 0x044(s0)

#define PASS j pass
#define FAIL(n) li gp, n; j fail

    .section .text.init, "ax", @progbits
    .global _start
_start:
    lla sp, stack_top
    li gp, 0
    j main

/* Writes the byte in a0 to the UART once its transmitter holding register is empty. */
putchar:
    li t6, UART_BASE
1:  lbu t5, UART_LSR(t6)
    andi t5, t5, 0x20
    beqz t5, 1b
    sb a0, UART_THR(t6)
    ret

/* Writes the NUL-terminated string at a0. */
puts:
    addi sp, sp, -16
    sd ra, 0(sp)
    sd s0, 8(sp)
    mv s0, a0
1:  lbu a0, 0(s0)
    beqz a0, 2f
    call putchar
    addi s0, s0, 1
    j 1b
2:  ld ra, 0(sp)
    ld s0, 8(sp)
    addi sp, sp, 16
    ret

pass:
    li t6, TEST_BASE
    li t5, 0x5555
    sw t5, 0(t6)
1:  j 1b

/* Prints "FAIL n" and powers off with exit status n (the check number in gp). */
fail:
    lla a0, fail_text
    call puts
    li t0, 100
    divu a0, gp, t0
    addi a0, a0, '0'
    call putchar
    li t0, 100
    remu t1, gp, t0
    li t0, 10
    divu a0, t1, t0
    addi a0, a0, '0'
    call putchar
    li t0, 10
    remu a0, gp, t0
    addi a0, a0, '0'
    call putchar
    li a0, '\n'
    call putchar
    slli t5, gp, 16
    li t6, 0x3333
    or t5, t5, t6
    li t6, TEST_BASE
    sw t5, 0(t6)
1:  j 1b

    .section .rodata
fail_text: .asciz "FAIL "

    .bss
    .balign 16
stack: .skip 4096
stack_top:

    .text
