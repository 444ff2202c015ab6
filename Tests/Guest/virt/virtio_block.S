/* A virtio-blk driver in M-mode (Virtual I/O Device (VIRTIO) Version 1.2: 4.2.3 "MMIO-specific
   Initialization And Device Operation", 3.1.1 "Driver Requirements: Device Initialization", 2.7 "Split
   Virtqueues", 5.2.6 "Device Operation" of the block device). The drive is in the virtio-mmio slot at
   0x10008000 (the first device plugged) and the entropy device below it at 0x10007000. The program
   negotiates VIRTIO_F_VERSION_1 and VIRTIO_BLK_F_FLUSH, sets up queue 0 with 8 entries, prints the text in
   sector 1, writes "written by the guest" to sector 2, flushes, reads sector 2 back, checks that a read
   past the end fails with VIRTIO_BLK_S_IOERR and an unknown request type with VIRTIO_BLK_S_UNSUPP, and
   prints the device ID. With READONLY=1 the drive must offer VIRTIO_BLK_F_RO and fail the write.
   With LOOP defined it finally makes a descriptor loop available and expects DEVICE_NEEDS_RESET.
   It also reads code from sector 3 over code it has run (DMA into translated code), and runs it after
   fence.i. The disk has SECTORS sectors; sector 1 holds text, sector 3 the instructions `li a0, 42; ret`,
   and every other sector n is filled with byte n.
   qemu-system-riscv64 -machine virt -bios none -kernel PROGRAM -drive file=IMAGE,if=none,format=raw,id=d
   -device virtio-blk-device,drive=d -device virtio-rng-device runs it too. */
#include "virt.h"

#ifndef READONLY
#define READONLY 0
#endif
#define SECTORS 16
#define VIRTIO_BLOCK 0x10008000
#define VIRTIO_ENTROPY 0x10007000
#define QUEUE_SIZE 8
#define AVAILABLE 0x100             /* the rings' offsets from the descriptor table */
#define USED 0x200

main:
    li s0, VIRTIO_BLOCK
    lla s1, queue
    li s2, 0                        /* the available index */
    lw t0, 0x000(s0)
    CHECK(1, t0, 0x74726976)        /* "virt" */
    lw t0, 0x004(s0)
    CHECK(2, t0, 2)
    lw t0, 0x008(s0)
    CHECK(3, t0, 2)                 /* block device */
    li t1, VIRTIO_ENTROPY
    lw t0, 0x008(t1)
    CHECK(4, t0, 4)                 /* entropy source */
    /* Reset, ACKNOWLEDGE, DRIVER. */
    sw zero, 0x070(s0)
    li t0, 1
    sw t0, 0x070(s0)
    li t0, 3
    sw t0, 0x070(s0)
    /* Features: VIRTIO_F_VERSION_1 is bit 0 of the high word. */
    li t0, 1
    sw t0, 0x014(s0)
    lw t1, 0x010(s0)
    andi t1, t1, 1
    CHECK(5, t1, 1)
    sw zero, 0x014(s0)
    lw s4, 0x010(s0)
    srli t1, s4, 9
    andi t1, t1, 1
    CHECK(6, t1, 1)                 /* VIRTIO_BLK_F_FLUSH */
    srli t1, s4, 5
    andi t1, t1, 1
    CHECK(7, t1, READONLY)          /* VIRTIO_BLK_F_RO */
    li t0, 1
    sw t0, 0x024(s0)
    sw t0, 0x020(s0)                /* VIRTIO_F_VERSION_1 */
    sw zero, 0x024(s0)
    li t0, (1 << 9) | (1 << 5)
    and t0, t0, s4
    sw t0, 0x020(s0)                /* FLUSH, and RO when offered */
    li t0, 0xb
    sw t0, 0x070(s0)                /* FEATURES_OK */
    lw t1, 0x070(s0)
    CHECK(8, t1, 0xb)
    /* Queue 0. */
    sw zero, 0x030(s0)
    lw t1, 0x044(s0)
    CHECK(9, t1, 0)                 /* not ready yet */
    lw t1, 0x034(s0)
    CHECK_AT_LEAST(10, t1, QUEUE_SIZE)
    VIRTIO_SET_UP_QUEUE(QUEUE_SIZE, AVAILABLE, USED)
    li t0, 0xf
    sw t0, 0x070(s0)                /* DRIVER_OK */
    /* Capacity (configuration space, two 32-bit halves). */
    lw t1, 0x100(s0)
    CHECK(11, t1, SECTORS)
    lw t1, 0x104(s0)
    CHECK(12, t1, 0)
    /* Registers below the configuration space take 32-bit accesses only: others read 0, write nothing. */
    lbu t1, 0x000(s0)
    CHECK(13, t1, 0)
    lhu t1, 0x004(s0)
    CHECK(14, t1, 0)
    li t0, 0xff
    sb t0, 0x070(s0)
    sh t0, 0x070(s0)
    lw t1, 0x070(s0)
    CHECK(15, t1, 0xf)

    /* Read sector 1 and print it. */
    li a0, 0
    li a1, 1
    li a2, 512
    li a3, 2
    call block_request
    CHECK(20, a0, 0)
    CHECK(21, a1, 513)
    lw t1, 0x060(s0)
    CHECK(22, t1, 1)                /* used buffer notification */
    li t0, PLIC_BASE + PLIC_PENDING
    lw t1, 0(t0)
    li t2, 1 << 8
    and t1, t1, t2
    CHECK(23, t1, 1 << 8)           /* slot 7's interrupt is PLIC source 8 */
    li t0, 1
    sw t0, 0x064(s0)                /* InterruptACK */
    lw t1, 0x060(s0)
    CHECK(24, t1, 0)
    lla a0, data
    call puts

    /* Write sector 2. */
    lla t0, data
    lla t1, written
    li t2, 512
1:  lbu t3, 0(t1)
    sb t3, 0(t0)
    beqz t3, 2f
    addi t1, t1, 1
2:  addi t0, t0, 1
    addi t2, t2, -1
    bnez t2, 1b
    li a0, 1
    li a1, 2
    li a2, 512
    li a3, 0
    call block_request
    CHECK(30, a0, READONLY)         /* VIRTIO_BLK_S_OK, or VIRTIO_BLK_S_IOERR on a read-only drive */
    CHECK(31, a1, 1)
    /* Flush. */
    li a0, 4
    li a1, 0
    li a2, 0
    call block_request
    CHECK(40, a0, 0)
    /* Read sector 2 back. */
    lla t0, data
    sd zero, 0(t0)
    li a0, 0
    li a1, 2
    li a2, 512
    li a3, 2
    call block_request
    CHECK(50, a0, 0)
    lla t0, data
    lbu t1, 0(t0)
#if READONLY
    CHECK(51, t1, 2)
#else
    CHECK(51, t1, 'w')
    lbu t1, 511(t0)
    CHECK(52, t1, 0)
#endif
    /* A read past the end fails; so does an unknown request type. */
    li a0, 0
    li a1, SECTORS
    li a2, 512
    li a3, 2
    call block_request
    CHECK(60, a0, 1)
    li a0, 99
    li a1, 0
    li a2, 0
    call block_request
    CHECK(61, a0, 2)
    /* The device ID (20 bytes, NUL-padded). */
    lla t0, data
    sb zero, 20(t0)
    li a0, 8
    li a1, 0
    li a2, 20
    li a3, 2
    call block_request
    CHECK(70, a0, 0)
    CHECK(71, a1, 21)
    lla a0, identifier
    call puts
    lla a0, data
    call puts
    li a0, '\n'
    call putchar
    /* Code by DMA: `patch` runs (and is translated) first, then sector 3 (li a0, 42; ret) is read over
       it; after fence.i the new code runs. */
    call patch
    CHECK(75, a0, 1)
    li a0, 0
    li a1, 3
    li a2, 512
    li a3, 2
    lla a4, patch
    call block_request_to
    CHECK(76, a0, 0)
    fence.i
    call patch
    CHECK(77, a0, 42)
    lw t1, 0x070(s0)
    CHECK(80, t1, 0xf)              /* no DEVICE_NEEDS_RESET */
#ifdef LOOP
    /* A descriptor loop (0 -> 1 -> 0): the device sets DEVICE_NEEDS_RESET and sends a configuration
       change notification; after a reset it is back at status 0. */
    lla t0, header
    sd t0, 0(s1)
    li t1, 16
    sw t1, 8(s1)
    li t1, 3                        /* NEXT | WRITE */
    sh t1, 12(s1)
    li t1, 1
    sh t1, 14(s1)                   /* next: 1 */
    lla t0, status
    sd t0, 16(s1)
    li t1, 1
    sw t1, 24(s1)
    li t1, 3                        /* NEXT | WRITE */
    sh t1, 28(s1)
    sh zero, 30(s1)                 /* next: 0 */
    addi t4, s1, AVAILABLE
    andi t5, s2, QUEUE_SIZE - 1
    slli t5, t5, 1
    add t5, t5, t4
    sh zero, 4(t5)
    addi s2, s2, 1
    fence w, w
    sh s2, 2(t4)
    fence ow, ow
    sw zero, 0x050(s0)
    li t2, 1000000
1:  lw t1, 0x070(s0)
    andi t1, t1, 0x40
    bnez t1, 2f
    addi t2, t2, -1
    bnez t2, 1b
    FAIL(81)
2:  lw t1, 0x060(s0)
    andi t1, t1, 2
    CHECK(82, t1, 2)
    sw zero, 0x070(s0)              /* reset */
    lw t1, 0x070(s0)
    CHECK(83, t1, 0)
#endif
    PASS

    .balign 512
patch:
    li a0, 1
    ret
    .balign 512

/* Sends a request of type a0 for sector a1 with a2 bytes of data at `data` (none when 0; device-writable
   when a3 = 2) and a status byte, waits for it in the used ring, and returns the status in a0 and the
   used length in a1. Descriptors 0 (header), 1 (data) and 2 or 1 (status). block_request_to takes the
   data's address in a4. */
block_request:
    lla a4, data
block_request_to:
    lla t0, header
    sw a0, 0(t0)
    sw zero, 4(t0)
    sd a1, 8(t0)
    lla t1, status
    li t2, 0xff
    sb t2, 0(t1)
    mv t3, s1
    sd t0, 0(t3)
    li t2, 16
    sw t2, 8(t3)
    li t2, 1                        /* VIRTQ_DESC_F_NEXT */
    sh t2, 12(t3)
    sh t2, 14(t3)
    addi t3, t3, 16
    beqz a2, 1f
    sd a4, 0(t3)
    sw a2, 8(t3)
    ori t2, a3, 1                   /* NEXT, and WRITE when a3 = 2 */
    sh t2, 12(t3)
    li t2, 2
    sh t2, 14(t3)
    addi t3, t3, 16
1:  sd t1, 0(t3)
    li t2, 1
    sw t2, 8(t3)
    li t2, 2                        /* VIRTQ_DESC_F_WRITE */
    sh t2, 12(t3)
    sh zero, 14(t3)
    addi t4, s1, AVAILABLE
    andi t5, s2, QUEUE_SIZE - 1
    slli t5, t5, 1
    add t5, t5, t4
    sh zero, 4(t5)                  /* ring[idx % size] = descriptor 0 */
    addi s2, s2, 1
    slli s2, s2, 48
    srli s2, s2, 48
    fence w, w
    sh s2, 2(t4)                    /* idx */
    fence ow, ow
    sw zero, 0x050(s0)              /* QueueNotify: queue 0 */
    addi t4, s1, USED
2:  fence ir, ir
    lhu t5, 2(t4)
    bne t5, s2, 2b
    addi t5, s2, -1
    andi t5, t5, QUEUE_SIZE - 1
    slli t5, t5, 3
    add t5, t5, t4
    lw t2, 4(t5)
    li gp, 90
    bnez t2, fail                   /* the used entry names descriptor 0 */
    lwu a1, 8(t5)
    lla t1, status
    lbu a0, 0(t1)
    ret

    .section .rodata
written: .asciz "written by the guest"
identifier: .asciz "id: "

    .bss
    .balign 4096
queue: .skip 4096
header: .skip 16
status: .skip 8
data: .skip 1024
