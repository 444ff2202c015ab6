/* Guest test: exit(42) from a nested call.
 * Reference: ISO C11 7.22.4.4 (exit: flushes streams, status to the host), Linux exit_group(2).
 * Output written with printf is still buffered when exit is called (stdout is a pipe or file),
 * so it appears only if exit flushes stdio. Exit status: 42. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
#include <stdio.h>
#include <stdlib.h>

static void __attribute__((noinline)) leave(int depth, int status) {
    if (depth > 0) {
        leave(depth - 1, status);
        printf("not reached\n");
    }
    printf("calling exit(%d) at depth 0\n", status);
    exit(status);
}

int main(void) {
    for (int i = 0; i < 3; i++) printf("buffered line %d\n", i);
    leave(10, 42);
    return 1;
}
