/* Console output through the 16550A UART (polling LSR.THRE, writing THR), then power-off with success
   through the SiFive test device. */
#include "virt.h"

main:
    lla a0, hello
    call puts
    /* The scratch register keeps what is written; LSR says the transmitter is empty. */
    li s0, UART_BASE
    li t0, 0x5a
    sb t0, 7(s0)
    lbu t1, 7(s0)
    CHECK(1, t1, 0x5a)
    lbu t1, UART_LSR(s0)
    andi t1, t1, 0x60
    CHECK(2, t1, 0x60)
    /* No interrupt is pending while none is enabled (IIR bit 0 set). */
    lbu t1, UART_IIR(s0)
    andi t1, t1, 1
    CHECK(3, t1, 1)
    PASS

    .section .rodata
hello: .asciz "hello from the uart\n"
