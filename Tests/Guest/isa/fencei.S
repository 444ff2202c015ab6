/* Zifencei: self-modifying code. "FENCE.I ... ensures that a subsequent instruction fetch on a RISC-V
   hart will see any previous data stores already visible to the same RISC-V hart."
   The RISC-V Instruction Set Manual, Volume I (20191213), chapter 3 "Zifencei". Each patched location has run
   before (so an engine that caches decoded or translated code holds the old instruction). */
#include "isa.h"

test_main:
    /* ---- patch a function that has already run ---- */
    jal ra, patchable
    CHECK(1, a0, 1)
    lla a3, patchable
    lwu a2, template_42
    sw a2, 0(a3)
    fence.i
    jal ra, patchable
    CHECK(2, a0, 42)
    lwu a2, template_7
    sw a2, 0(a3)
    fence.i
    jal ra, patchable
    CHECK(3, a0, 7)

    /* ---- patch straight-line code just ahead, on the page being executed ---- */
    li s1, 2                            /* run the block twice: first as written, then patched */
    li s2, 0
1:  lla a3, 2f
    bnez s2, 3f                         /* second round: patch before executing */
    j 4f
3:  lwu a2, template_99
    sw a2, 0(a3)
    fence.i
4:
    .option push
    .option norvc
2:  addi a0, zero, 5
    .option pop
    add s2, s2, a0                      /* first round: s2 = 5; second: s2 = 5 + 99 */
    addi s1, s1, -1
    bnez s1, 1b
    CHECK(4, s2, 104)

    /* ---- a 16-bit instruction replaced by another 16-bit instruction ---- */
    jal ra, compressed
    CHECK(5, a0, 3)
    lla a3, compressed
    lhu a2, template_c_li
    sh a2, 0(a3)
    fence.i
    jal ra, compressed
    CHECK(6, a0, -9)

    /* ---- code written into data memory, run, rewritten, run again ---- */
    lla a3, code_buffer
    lwu a2, template_123
    sw a2, 0(a3)
    lwu a2, template_ret
    sw a2, 4(a3)
    fence.i
    jalr ra, 0(a3)
    CHECK(7, a0, 123)
    lwu a2, template_42
    sw a2, 0(a3)
    fence.i
    jalr ra, 0(a3)
    CHECK(8, a0, 42)
    /* A jump patched into a different target. */
    lwu a2, template_jump
    sw a2, 0(a3)
    fence.i
    lla a4, jump_target
    jalr ra, 0(a3)
    CHECK(9, a0, 55)
    PASS

    .option push
    .option norvc
patchable:
    addi a0, zero, 1
    ret
compressed:
    .option rvc
    c.li a0, 3
    ret
    .option norvc
jump_target:
    addi a0, zero, 55
    ret

/* Templates, never executed in place. */
template_42:  addi a0, zero, 42
template_7:   addi a0, zero, 7
template_99:  addi a0, zero, 99
template_123: addi a0, zero, 123
template_ret: jalr zero, 0(ra)
template_jump: jalr zero, 0(a4)
    .option rvc
template_c_li: c.li a0, -9
    .option pop

    .data
    .balign 8
    .balign 64
code_buffer:
    .skip 64
