/* Shared pieces of Morph's bare-metal ISA test programs (written for Morph, not taken from riscv-tests).
 *
 * A program includes this header, defines `test_main`, runs its checks and ends with PASS. The entry
 * `_start` enables the FPU (mstatus.FS = Dirty), installs the machine trap handler, sets up a stack and
 * jumps to `test_main` in M-mode.
 *
 * Reporting goes through HTIF (the `tohost` word): 1 = pass, (n << 1) | 1 = exit status n. A failed
 * check prints "FAIL: check n" on the HTIF console and exits with status n; an unexpected trap prints
 * its cause, pc and value and exits with status 255.
 *
 * Registers reserved for the macros and handlers (test code must not use them):
 *   gp (x3)  number of the check in progress
 *   tp (x4)  resume address of an expected trap (0 = a trap now is unexpected)
 *   t5, t6   scratch of the macros and handlers
 *   s11      nonzero: the next trap taken by the M-mode handler returns in M-mode (GO_MACHINE)
 */

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TSR   (1 << 22)

#define MODE_U 0
#define MODE_S 1
#define MODE_M 3

#define CAUSE_INSTRUCTION_ACCESS 1
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11
#define INTERRUPT (1 << 63)

/* fflags bits. */
#define NX 0x01
#define UF 0x02
#define OF 0x04
#define DZ 0x08
#define NV 0x10

/* Fails with check number n unless register `reg` holds `expected` (a 64-bit constant). */
#define CHECK(n, reg, expected) \
    .if (n) < 1 || (n) > 254; .error "check numbers run from 1 to 254"; .endif; \
    li gp, n; li t6, expected; beq reg, t6, 88888f; j fail; 88888:

/* Fails with check number n unless register `reg` holds the address of `label`. */
#define CHECK_ADDRESS(n, reg, label) \
    li gp, n; lla t6, label; beq reg, t6, 88888f; j fail; 88888:

/* Fails with check number n unless the two registers are equal. */
#define CHECK_SAME(n, reg, other) \
    li gp, n; beq reg, other, 88888f; j fail; 88888:

/* Fails with check number n unless double register `freg` holds the bit pattern `bits`. */
#define CHECK_D(n, freg, bits) \
    fmv.x.d t5, freg; CHECK(n, t5, bits)

/* Fails with check number n unless `freg` holds the single `bits`, NaN-boxed (upper 32 bits all ones). */
#define CHECK_S(n, freg, bits) \
    fmv.x.d t5, freg; CHECK(n, t5, 0xffffffff00000000 | (bits))

/* Fails with check number n unless fflags equals `flags`; clears fflags. */
#define CHECK_FLAGS(n, flags) \
    csrrw t5, fflags, zero; CHECK(n, t5, flags)

/* Loads a bit pattern into a floating-point register (single: NaN-boxed by fmv.w.x). */
#define LOAD_D(freg, bits) li t6, bits; fmv.d.x freg, t6
#define LOAD_S(freg, bits) li t6, bits; fmv.w.x freg, t6

/* The next trap is expected: its handler records it and resumes at `label`. */
#define EXPECT_TRAP(label) lla tp, label

/* Fails with check n unless an expected trap was taken (by the M-mode handler) with cause `cause`. */
#define CHECK_TRAP(n, cause) \
    li gp, n; beqz tp, 88888f; j fail; 88888: ld t5, trap_cause; CHECK(n, t5, cause)

/* The same for a trap taken by the S-mode handler. */
#define CHECK_STRAP(n, cause) \
    li gp, n; beqz tp, 88888f; j fail; 88888: ld t5, strap_cause; CHECK(n, t5, cause)

/* Leaves M-mode for `mode` (MODE_S or MODE_U) with mret, continuing at the next instruction. */
#define ENTER_MODE(mode) \
    li t6, MSTATUS_MPP; csrc mstatus, t6; li t6, (mode) << 11; csrs mstatus, t6; \
    lla t6, 88888f; csrw mepc, t6; mret; 88888:

/* From any mode, returns to M-mode at the next instruction (an ecall the handlers turn around). */
#define GO_MACHINE \
    li s11, 1; lla tp, 88888f; ecall; 88888:

/* One PMP entry covering all addresses with RWX, so that S and U can run on machines that check PMP. */
#define PMP_ALLOW_ALL \
    li t6, -1; csrw pmpaddr0, t6; li t6, 0x1f; csrw pmpcfg0, t6

#define PASS j pass

    .section .text.init, "ax", @progbits
    .global _start
_start:
    lla t6, trap_vector
    csrw mtvec, t6
    lla t6, strap_vector
    csrw stvec, t6
    li t6, MSTATUS_FS
    csrs mstatus, t6
    csrwi fcsr, 0
    lla sp, stack_top
    li gp, 0
    li tp, 0
    li s11, 0
    j test_main

    .text
/* ---- Exits ---------------------------------------------------------------------------------------- */
pass:
    li t6, 1
    j htif_exit

/* gp = number of the failed check. */
fail:
    lla a0, message_fail
    jal print_string
    mv a0, gp
    jal print_decimal
    li a0, '\n'
    jal htif_putchar
    andi t6, gp, 0xff
    slli t6, t6, 1
    ori t6, t6, 1
    j htif_exit

/* t6 = the tohost exit command. */
htif_exit:
    lla t5, tohost
    sd t6, 0(t5)
1:  j 1b

/* ---- HTIF console: a0 = character. Clobbers t5, t6. ---------------------------------------------- */
htif_putchar:
    lla t5, tohost
1:  ld t6, 0(t5)            /* Wait until the host has taken the previous command. */
    bnez t6, 1b
    li t6, (1 << 56) | (1 << 48)
    or t6, t6, a0
    sd t6, 0(t5)
    lla t5, fromhost
2:  ld t6, 0(t5)            /* Wait for the answer, then acknowledge it. */
    beqz t6, 2b
    sd zero, 0(t5)
    ret

/* a0 = NUL-terminated string. Clobbers a0, s0, s1, t5, t6. */
print_string:
    mv s1, ra
    mv s0, a0
1:  lbu a0, 0(s0)
    beqz a0, 2f
    jal htif_putchar
    addi s0, s0, 1
    j 1b
2:  mv ra, s1
    ret

/* a0 = unsigned value, printed in decimal. Clobbers a0-a2, s0-s2, t5, t6. */
print_decimal:
    mv s2, ra
    lla s0, number_buffer + 24
    sb zero, 0(s0)
    li a1, 10
1:  remu a2, a0, a1
    divu a0, a0, a1
    addi a2, a2, '0'
    addi s0, s0, -1
    sb a2, 0(s0)
    bnez a0, 1b
    mv a0, s0
    jal print_string
    mv ra, s2
    ret

/* a0 = value, printed as 0x and 16 hex digits. Clobbers a0-a2, s0-s2, t5, t6. */
print_hex:
    mv s2, ra
    lla s0, number_buffer
    li a1, '0'
    sb a1, 0(s0)
    li a1, 'x'
    sb a1, 1(s0)
    li s1, 60
1:  srl a1, a0, s1
    andi a1, a1, 15
    li a2, 10
    blt a1, a2, 2f
    addi a1, a1, 'a' - '0' - 10
2:  addi a1, a1, '0'
    sb a1, 2(s0)
    addi s0, s0, 1
    addi s1, s1, -4
    bgez s1, 1b
    sb zero, 2(s0)
    lla a0, number_buffer
    jal print_string
    mv ra, s2
    ret

/* ---- Trap handlers -------------------------------------------------------------------------------- */
/* M-mode: an expected trap (tp != 0) is recorded in trap_cause/value/pc/status and resumes at tp in
   the mode it came from (in M-mode when s11 != 0). An interrupt also clears mie so it is not retaken. */
    .balign 4
trap_vector:
    beqz tp, unexpected_machine_trap
    lla t5, trap_cause
    csrr t6, mcause
    sd t6, 0(t5)
    csrr t6, mtval
    sd t6, 8(t5)
    csrr t6, mepc
    sd t6, 16(t5)
    csrr t6, mstatus
    sd t6, 24(t5)
    csrr t6, mcause
    bgez t6, 1f
    csrw mie, zero
1:  csrw mepc, tp
    li tp, 0
    beqz s11, 2f
    li s11, 0
    li t6, MSTATUS_MPP
    csrs mstatus, t6
2:  mret

unexpected_machine_trap:
    lla a0, message_unexpected
    jal print_string
    csrr a0, mcause
    jal print_hex
    lla a0, message_pc
    jal print_string
    csrr a0, mepc
    jal print_hex
    lla a0, message_value
    jal print_string
    csrr a0, mtval
    jal print_hex
    j unexpected_end

/* S-mode: the same with scause/stval/sepc/sstatus and sret. A GO_MACHINE request (s11 != 0) is passed
   on to M-mode with an ecall from S. */
    .balign 4
strap_vector:
    beqz tp, unexpected_supervisor_trap
    bnez s11, 3f
    lla t5, strap_cause
    csrr t6, scause
    sd t6, 0(t5)
    csrr t6, stval
    sd t6, 8(t5)
    csrr t6, sepc
    sd t6, 16(t5)
    csrr t6, sstatus
    sd t6, 24(t5)
    csrr t6, scause
    bgez t6, 1f
    csrw sie, zero
1:  csrw sepc, tp
    li tp, 0
    sret
3:  ecall

unexpected_supervisor_trap:
    lla a0, message_unexpected_supervisor
    jal print_string
    csrr a0, scause
    jal print_hex
    lla a0, message_pc
    jal print_string
    csrr a0, sepc
    jal print_hex
    lla a0, message_value
    jal print_string
    csrr a0, stval
    jal print_hex

unexpected_end:
    lla a0, message_after
    jal print_string
    mv a0, gp
    jal print_decimal
    li a0, '\n'
    jal htif_putchar
    li t6, (255 << 1) | 1
    j htif_exit

    .section .rodata
message_fail: .asciz "FAIL: check "
message_unexpected: .asciz "unexpected trap: mcause "
message_unexpected_supervisor: .asciz "unexpected trap in S-mode: scause "
message_pc: .asciz " pc "
message_value: .asciz " tval "
message_after: .asciz " after check "

    .section .tohost, "aw", @progbits
    .balign 8
    .global tohost
    .type tohost, @object
    .size tohost, 8
tohost: .dword 0
    .global fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost: .dword 0

    .bss
    .balign 16
number_buffer: .skip 32
    .balign 8
    .global trap_cause, trap_value, trap_pc, trap_status
trap_cause: .dword 0
trap_value: .dword 0
trap_pc: .dword 0
trap_status: .dword 0
strap_cause: .dword 0
strap_value: .dword 0
strap_pc: .dword 0
strap_status: .dword 0
    .balign 16
stack: .skip 4096
stack_top:

    .text
