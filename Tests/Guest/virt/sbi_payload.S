/* An S-mode payload for real firmware (OpenSBI's fw_dynamic, `--bios FILE`) as well as `--bios builtin`:
   prints through the legacy console_putchar, checks the base extension (spec version 0.2 or later, the
   TIME extension present), takes an S-mode timer interrupt set with sbi_set_timer (OpenSBI programs the
   CLINT's mtimecmp and forwards MTIP as STIP), and shuts down with SRST. */
#include "virt.h"

#define SBI_BASE 0x10
#define SBI_TIME 0x54494D45
#define SBI_SRST 0x53525354

#define SBI_CALL(eid, fid) li a7, eid; li a6, fid; ecall

main:
    csrr t0, sstatus                /* S-mode: sstatus is accessible */
    lla s0, text
1:  lbu a0, 0(s0)
    beqz a0, 2f
    SBI_CALL(1, 0)
    addi s0, s0, 1
    j 1b
2:  SBI_CALL(SBI_BASE, 0)           /* get_spec_version */
    CHECK(1, a0, 0)
    CHECK_AT_LEAST(2, a1, 2)        /* 0.2 */
    li a0, SBI_TIME
    SBI_CALL(SBI_BASE, 3)           /* probe_extension(TIME) */
    CHECK_AT_LEAST(3, a1, 1)
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
    CHECK(4, s1, 1)
    li a0, 0                        /* shutdown, no reason */
    li a1, 0
    SBI_CALL(SBI_SRST, 0)
    FAIL(5)

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
text: .asciz "payload in S-mode\n"
