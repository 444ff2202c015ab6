/* Counter control: mcountinhibit stops mcycle/minstret, and mcounteren gates the hpmcounters like
   cycle/time/instret. The RISC-V Instruction Set Manual, Volume II (20211203): 3.1.13 "Machine
   Counter-Inhibit CSR": "When the CY, IR, or HPMn bit is set, the corresponding counter does not
   increment"; 3.1.11 "Machine Counter-Enable Register": "When the CY, TM, IR, or HPMn bit in the
   mcounteren register is clear, attempts to read the cycle, time, instret, or hpmcountern register
   while executing in S-mode or U-mode will cause an illegal instruction exception." */
#include "isa.h"

test_main:
    PMP_ALLOW_ALL
    /* ---- mcountinhibit.IR: minstret stops (if the bit is implemented, i.e. reads back set) ---- */
    li a1, 1 << 2
    csrw mcountinhibit, a1
    csrr a2, mcountinhibit
    andi a2, a2, 1 << 2
    beqz a2, 1f
    csrr s1, minstret
    nop
    nop
    csrr s2, minstret
    sub a0, s2, s1
    CHECK(1, a0, 0)
1:  /* ---- mcountinhibit.CY: mcycle stops ---- */
    li a1, 1 << 0
    csrw mcountinhibit, a1
    csrr a2, mcountinhibit
    andi a2, a2, 1 << 0
    beqz a2, 1f
    csrr s1, mcycle
    nop
    nop
    csrr s2, mcycle
    sub a0, s2, s1
    CHECK(2, a0, 0)
1:  csrw mcountinhibit, zero
    csrr s1, minstret
    csrr s2, minstret
    sub a0, s2, s1
    CHECK(3, a0, 1)                     /* counting again */

    /* ---- hpmcounter3 from S and U needs mcounteren.HPM3 (and scounteren.HPM3 for U) ---- */
    csrw mcounteren, zero
    csrw scounteren, zero
    ENTER_MODE(MODE_S)
    EXPECT_TRAP(1f)
    csrr a0, hpmcounter3
1:  CHECK_TRAP(4, CAUSE_ILLEGAL)
    GO_MACHINE
    ENTER_MODE(MODE_U)
    EXPECT_TRAP(1f)
    csrr a0, hpmcounter31
1:  CHECK_TRAP(5, CAUSE_ILLEGAL)
    GO_MACHINE
    li a1, 1 << 3
    csrw mcounteren, a1
    ENTER_MODE(MODE_S)
    csrr a0, hpmcounter3                /* enabled for S */
    GO_MACHINE
    ENTER_MODE(MODE_U)
    EXPECT_TRAP(1f)
    csrr a0, hpmcounter3                /* scounteren.HPM3 still clear */
1:  CHECK_TRAP(6, CAUSE_ILLEGAL)
    GO_MACHINE
    PASS
