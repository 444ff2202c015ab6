/* mstatus.FS tracks floating-point state: an instruction that changes an f register or fcsr while FS
   is Initial or Clean makes FS Dirty (and SD set). The RISC-V Instruction Set Manual, Volume II (20211203),
   3.1.6.6 "Extension Context Status in mstatus", table "FS and XS state transitions" (Initial or Clean
   -> Dirty when an instruction modifies state); an implementation that does not track dirtiness
   must instead turn any write of Initial or Clean into Dirty ("the valid FS states are Off and
   Dirty"). Either way FS reads back as Dirty after the instructions below. */
#include "isa.h"

#define FS_INITIAL (1 << 13)
#define FS_CLEAN (2 << 13)

/* Sets FS to `state` (with FP enabled in between so the f registers can be prepared). */
#define SET_FS(state) li a1, MSTATUS_FS; csrc mstatus, a1; li a1, state; csrs mstatus, a1

/* a0 = mstatus.FS, a1 = mstatus.SD. */
#define READ_FS csrr a1, mstatus; srli a0, a1, 13; andi a0, a0, 3; srli a1, a1, 63

test_main:
    fmv.d.x f1, zero
    fmv.d.x f2, zero
    li s1, 0x3ff0000000000000
    SET_FS(FS_INITIAL)
    fmv.d.x f1, s1                      /* f1: 0 -> 1.0 */
    READ_FS
    CHECK(1, a0, 3)
    CHECK(2, a1, 1)
    SET_FS(FS_CLEAN)
    fadd.d f2, f1, f1                   /* f2: 0 -> 2.0 */
    READ_FS
    CHECK(3, a0, 3)
    CHECK(4, a1, 1)
    lla s0, value
    SET_FS(FS_INITIAL)
    fld f2, 0(s0)                       /* f2: 2.0 -> 3.0 */
    READ_FS
    CHECK(5, a0, 3)
    SET_FS(FS_CLEAN)
    li a2, 1
    fdiv.d f2, f1, f2                   /* 1/3: inexact, fflags 0 -> NX */
    READ_FS
    CHECK(6, a0, 3)
    SET_FS(FS_CLEAN)
    csrwi fflags, 0                     /* NX -> 0 */
    READ_FS
    CHECK(7, a0, 3)
    PASS

    .data
    .balign 8
value: .dword 0x4008000000000000
