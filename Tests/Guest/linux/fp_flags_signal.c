/* Guest test: floating-point exception flags (fflags, RISC-V Unprivileged ISA 11.2) raised by
 * round-to-nearest operations survive everything that can happen between them and the read of fflags:
 * a long run of arithmetic, a clear in the middle, other rounding modes, and a memory fault delivered to a
 * SIGSEGV handler (signal(7): the handler sees the interrupted code's fcsr). Morph keeps these flags in
 * the host MXCSR while it runs, so each case is a place where they could be lost or left stale. */
#define _GNU_SOURCE
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile double one = 1.0, three = 3.0, huge = 1e308, tiny = 1e-308, zero = 0.0;
static volatile float onef = 1.0f, threef = 3.0f;
static sigjmp_buf recovery;
static volatile int seen_in_handler;

static const char *names(int flags) {
    static char text[64];
    text[0] = 0;
    if (flags & FE_INVALID) strcat(text, "NV ");
    if (flags & FE_DIVBYZERO) strcat(text, "DZ ");
    if (flags & FE_OVERFLOW) strcat(text, "OF ");
    if (flags & FE_UNDERFLOW) strcat(text, "UF ");
    if (flags & FE_INEXACT) strcat(text, "NX ");
    if (!text[0]) strcat(text, "none ");
    return text;
}

static void on_fault(int signal_number) {
    (void)signal_number;
    seen_in_handler = fetestexcept(FE_ALL_EXCEPT);
    siglongjmp(recovery, 1);
}

int main(void) {
    volatile double r;
    volatile float s;

    feclearexcept(FE_ALL_EXCEPT);
    r = one / three;
    printf("1/3: %s\n", names(fetestexcept(FE_ALL_EXCEPT)));

    feclearexcept(FE_ALL_EXCEPT);
    printf("after clear: %s\n", names(fetestexcept(FE_ALL_EXCEPT)));
    r = one + one;
    printf("exact 1+1: %s\n", names(fetestexcept(FE_ALL_EXCEPT)));

    feclearexcept(FE_ALL_EXCEPT);
    double sum = 0;
    for (int i = 0; i < 100000; i++) sum += (double)i * 0.5;
    printf("100000 exact sums %.1f: %s\n", sum, names(fetestexcept(FE_ALL_EXCEPT)));
    r = huge * 10.0;
    r = tiny / 1e10;
    r = one / zero;
    r = zero / zero;
    s = onef / threef;
    printf("overflow, underflow, 1/0, 0/0, 1f/3f: %s\n", names(fetestexcept(FE_ALL_EXCEPT)));

    /* A directed mode in between (Morph's exact path) must not lose the earlier flags. */
    feclearexcept(FE_ALL_EXCEPT);
    r = one / three;
    fesetround(FE_UPWARD);
    r = one + one;
    fesetround(FE_TONEAREST);
    printf("1/3 then an exact sum rounding up: %s\n", names(fetestexcept(FE_ALL_EXCEPT)));

    /* Clear only some flags: the others stay. */
    r = one / zero;
    feclearexcept(FE_INEXACT);
    printf("after clearing NX only: %s\n", names(fetestexcept(FE_ALL_EXCEPT)));

    /* A fault right after an inexact operation, handled by the guest. */
    signal(SIGSEGV, on_fault);
    feclearexcept(FE_ALL_EXCEPT);
    if (sigsetjmp(recovery, 1) == 0) {
        r = one / three;
        *(volatile int *)16 = 1;
    }
    printf("in the SIGSEGV handler: %s\n", names(seen_in_handler));
    printf("after the handler: %s\n", names(fetestexcept(FE_ALL_EXCEPT)));
    (void)r;
    (void)s;
    return 0;
}
