/* mtval of an access that straddles the end of RAM (128 MiB: 0x80000000-0x88000000). "If mtval is
   written with a nonzero value when a misaligned load or store causes an access-fault or page-fault
   exception, then mtval will contain the virtual address of the portion of the access that caused
   the fault." The RISC-V Instruction Set Manual, Volume II (20211203), 3.1.16 "Machine Trap Value
   Register". */
#include "isa.h"

test_main:
    li s0, 0x87fffffc
    EXPECT_TRAP(1f)
    ld a1, 0(s0)                        /* bytes 0x87fffffc-0x88000003: the upper half faults */
1:  CHECK_TRAP(1, CAUSE_LOAD_ACCESS)
    ld a0, trap_value
    CHECK(2, a0, 0x88000000)
    li s0, 0x87fffffe
    EXPECT_TRAP(1f)
    sw a1, 0(s0)
1:  CHECK_TRAP(3, CAUSE_STORE_ACCESS)
    ld a0, trap_value
    CHECK(4, a0, 0x88000000)
    PASS
