/* A virtio-rng driver in M-mode with interrupts (Virtual I/O Device (VIRTIO) Version 1.2: 4.2.3
   "MMIO-specific Initialization And Device Operation", 2.7 "Split Virtqueues", 5.4 "Entropy Device";
   RISC-V PLIC Specification 1.0.0). It looks for device ID 4 in the eight virtio-mmio slots from
   0x10008000 down (exit status 3 and "no entropy device" when there is none), negotiates
   VIRTIO_F_VERSION_1, makes a zeroed 64-byte buffer available on queue 0, and waits in wfi for the
   used buffer interrupt through the PLIC (slot n is source n + 1). The handler claims the source,
   acknowledges InterruptStatus and completes. The buffer must come back with 64 bytes, not all zero.
   qemu-system-riscv64 -machine virt -bios none -kernel PROGRAM -global virtio-mmio.force-legacy=false
   -device virtio-rng-device runs it too. */
#include "virt.h"

#define QUEUE_SIZE 4
#define AVAILABLE 0x100
#define USED 0x200

main:
    lla t0, handler
    csrw mtvec, t0
    /* Find the device: s0 = its window, s5 = its PLIC source. */
    li s0, 0x10008000
    li s5, 8
    li t2, 0x10001000
1:  lw t0, 0x008(s0)
    li t1, 4
    beq t0, t1, 2f
    addi s5, s5, -1
    li t0, 0x1000
    sub s0, s0, t0
    bgeu s0, t2, 1b
    lla a0, missing
    call puts
    li gp, 3
    j exit_with_code
2:  lla s1, queue
    li s6, 0                        /* the source claimed by the handler */
    sw zero, 0x070(s0)
    li t0, 3
    sw t0, 0x070(s0)                /* ACKNOWLEDGE, DRIVER */
    li t0, 1
    sw t0, 0x024(s0)
    sw t0, 0x020(s0)                /* VIRTIO_F_VERSION_1 */
    sw zero, 0x024(s0)
    sw zero, 0x020(s0)
    li t0, 0xb
    sw t0, 0x070(s0)
    lw t1, 0x070(s0)
    CHECK(1, t1, 0xb)
    sw zero, 0x030(s0)
    VIRTIO_SET_UP_QUEUE(QUEUE_SIZE, AVAILABLE, USED)
    li t0, 0xf
    sw t0, 0x070(s0)                /* DRIVER_OK */
    /* PLIC: priority 1 for the source, enabled for context 0 at threshold 0; MEIE and MIE. */
    li s3, PLIC_BASE
    slli t0, s5, 2
    add t0, t0, s3
    li t1, 1
    sw t1, 0(t0)
    li t0, PLIC_ENABLE
    add t0, t0, s3
    li t1, 1
    sll t1, t1, s5
    sw t1, 0(t0)
    li t0, PLIC_CONTEXT
    add s3, s3, t0
    sw zero, 0(s3)
    li t0, MIP_MEIP
    csrw mie, t0
    /* Descriptor 0: the 64-byte buffer, device-writable. */
    lla t0, buffer
    sd t0, 0(s1)
    li t1, 64
    sw t1, 8(s1)
    li t1, 2
    sh t1, 12(s1)
    sh zero, 14(s1)
    sh zero, AVAILABLE + 4(s1)      /* ring[0] = descriptor 0 */
    li t0, 1
    fence w, w
    sh t0, AVAILABLE + 2(s1)        /* idx = 1 */
    fence ow, ow
    csrsi mstatus, MSTATUS_MIE
    sw zero, 0x050(s0)              /* QueueNotify */
3:  wfi
    beqz s6, 3b
    csrci mstatus, MSTATUS_MIE
    li gp, 2
    bne s6, s5, fail                /* the slot's source was claimed */
    lhu t0, USED + 2(s1)
    CHECK(3, t0, 1)
    lw t0, USED + 4(s1)
    CHECK(4, t0, 0)                 /* descriptor 0 */
    lw t0, USED + 8(s1)
    CHECK(5, t0, 64)                /* 64 bytes written */
    lla t0, buffer
    ld t1, 0(t0)
    ld t2, 8(t0)
    or t1, t1, t2
    ld t2, 56(t0)
    or t1, t1, t2
    li gp, 6
    beqz t1, fail                   /* 1 in 2^192 */
    lw t0, 0x060(s0)
    CHECK(7, t0, 0)                 /* acknowledged */
    lla a0, done
    call puts
    PASS

exit_with_code:
    slli t5, gp, 16
    li t6, 0x3333
    or t5, t5, t6
    li t6, TEST_BASE
    sw t5, 0(t6)
1:  j 1b

    .balign 4
handler:
    csrr t0, mcause
    li t1, INTERRUPT | 11
    beq t0, t1, 1f
    FAIL(20)
1:  lw s6, 4(s3)                    /* claim */
    lw t0, 0x060(s0)
    sw t0, 0x064(s0)                /* InterruptACK: the line goes low */
    sw s6, 4(s3)                    /* complete */
    mret

    .section .rodata
missing: .asciz "no entropy device\n"
done: .asciz "entropy received\n"

    .bss
    .balign 4096
queue: .skip 4096
buffer: .skip 64
