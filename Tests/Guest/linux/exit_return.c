/* Guest test: returning from main.
 * Reference: ISO C11 5.1.2.2.3 (program termination: return from main is exit(value)),
 * Linux wait status keeps the low 8 bits. main returns 300, so the exit status is 300 & 255 = 44. */
#include <stdio.h>

static int compute(void) {
    volatile int x = 0;
    for (int i = 1; i <= 24; i++) x += i; /* 300 */
    return x;
}

int main(void) {
    int status = compute();
    printf("main returns %d; the host sees %d\n", status, status & 255);
    return status;
}
