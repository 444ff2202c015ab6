/* HTIF console output: device 1 command 1 writes one character (isa.h's htif_putchar), and the
   proxied write system call of device 0 (an even tohost value pointing at eight 64-bit words:
   number 64, then fd, buffer, length); the host answers in fromhost. */
#include "isa.h"

test_main:
    lla s3, hello
1:  lbu a0, 0(s3)
    beqz a0, 2f
    jal htif_putchar
    addi s3, s3, 1
    j 1b
2:
    /* write(1, proxied, 12) through the syscall device. */
    lla s3, syscall_block
    li a0, 64
    sd a0, 0(s3)
    li a0, 1
    sd a0, 8(s3)
    lla a0, proxied
    sd a0, 16(s3)
    li a0, 12                           /* strlen("via syscall\n") */
    sd a0, 24(s3)
    lla t5, tohost
    sd s3, 0(t5)
    lla t5, fromhost
3:  ld a0, 0(t5)                        /* wait for the answer */
    beqz a0, 3b
    sd zero, 0(t5)
    ld a0, 0(s3)                        /* the result replaces the number: bytes written */
    CHECK(1, a0, 12)
    PASS

    .section .rodata
hello: .asciz "hello, morph\n"
proxied: .ascii "via syscall\n"

    .data
    .balign 64
syscall_block: .dword 0, 0, 0, 0, 0, 0, 0, 0
