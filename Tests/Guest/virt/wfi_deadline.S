/* wfi sleeps until the timer deadline: mtimecmp = mtime + 200 ms with MTIE set and MIE clear (the
   interrupt is never taken, but it wakes the hart: Volume II, 3.3.3). The loop re-executes wfi until
   mip.MTIP is set; a hart that spins instead of sleeping runs out of the instruction budget the test
   gives. */
#include "virt.h"

main:
    li s0, CLINT_BASE
    li t0, CLINT_MTIME
    add s1, s0, t0
    ld s2, 0(s1)
    li t0, 2000000
    add s3, s2, t0                  /* the deadline */
    li t0, CLINT_MTIMECMP
    add t0, s0, t0
    sd s3, 0(t0)
    li t0, MIP_MTIP
    csrw mie, t0
1:  wfi
    csrr t0, mip
    andi t0, t0, MIP_MTIP
    beqz t0, 1b
    ld t1, 0(s1)
    sub t1, t1, s2
    CHECK_AT_LEAST(1, t1, 2000000)
    PASS
