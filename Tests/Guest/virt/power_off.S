/* Power-off with a failure code through the SiFive test device: 0x3333 | code << 16 (code from the
   preprocessor symbol CODE), after a line on the UART. */
#include "virt.h"

main:
    lla a0, text
    call puts
    li t0, 0x3333 | (CODE << 16)
    li t1, TEST_BASE
    sw t0, 0(t1)
1:  j 1b

    .section .rodata
text: .asciz "powering off\n"
