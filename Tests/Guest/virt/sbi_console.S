/* An S-mode program for `--bios builtin`: prints through the SBI debug console (DBCN write and
   write_byte) and the legacy console_putchar, checks the base extension (spec version 2.0, DBCN present),
   takes an S-mode timer interrupt set with sbi_set_timer, and shuts down with SRST (reason in the
   preprocessor symbol REASON: 0 = none, exit status 0; 1 = system failure, exit status 1). */
#include "virt.h"

#define SBI_BASE 0x10
#define SBI_TIME 0x54494D45
#define SBI_SRST 0x53525354
#define SBI_DBCN 0x4442434E

#define SBI_CALL(eid, fid) li a7, eid; li a6, fid; ecall

main:
    csrr t0, sstatus                /* S-mode: sstatus is accessible */
    /* DBCN console_write(length, address low, address high). */
    li a0, 15
    lla a1, dbcn_text
    li a2, 0
    SBI_CALL(SBI_DBCN, 0)
    CHECK(1, a0, 0)
    CHECK(2, a1, 15)
    li a0, '!'
    SBI_CALL(SBI_DBCN, 2)
    li a0, '\n'
    SBI_CALL(SBI_DBCN, 2)
    /* Legacy console_putchar. */
    lla s0, legacy_text
1:  lbu a0, 0(s0)
    beqz a0, 2f
    SBI_CALL(1, 0)
    addi s0, s0, 1
    j 1b
2:  SBI_CALL(SBI_BASE, 0)           /* get_spec_version */
    CHECK(3, a0, 0)
    CHECK(4, a1, 2 << 24)
    li a0, SBI_DBCN
    SBI_CALL(SBI_BASE, 3)           /* probe_extension(DBCN) */
    CHECK(5, a1, 1)
    li a0, 0x12345
    SBI_CALL(SBI_BASE, 3)
    CHECK(6, a1, 0)
    li a0, 0
    SBI_CALL(0x999, 0)              /* an unknown extension */
    CHECK(7, a0, -2)
    /* A timer interrupt 1 ms from now. */
    lla t0, supervisor_handler
    csrw stvec, t0
    li s1, 0
    rdtime a0
    li t0, 10000
    add a0, a0, t0
    SBI_CALL(SBI_TIME, 0)
    li t0, MIP_STIP
    csrw sie, t0
    csrsi sstatus, MSTATUS_SIE
3:  wfi
    beqz s1, 3b
    CHECK(8, s1, 1)
    li a0, 0                        /* shutdown */
    li a1, REASON
    SBI_CALL(SBI_SRST, 0)
    FAIL(9)

    .balign 4
supervisor_handler:
    csrr t0, scause
    li t1, INTERRUPT | 5
    beq t0, t1, 1f
    FAIL(20)
1:  addi s1, s1, 1
    li a0, -1                       /* no next event: clears STIP */
    SBI_CALL(SBI_TIME, 0)
    sret

    .section .rodata
dbcn_text: .ascii "hello via dbcn\n"
legacy_text: .asciz "legacy putchar\n"
