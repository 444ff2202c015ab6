/* Guest test: accesses far outside anything mapped: argv[1] selects one. "far" is beyond the 256 GiB
 * user address space (caught in software), "hole" is inside it but unmapped (a host fault),
 * "code" writes to the program's own text (read+execute), "jump" calls an unmapped address (an
 * instruction fetch fault: the pc is the address). A second argument "quiet" suppresses the output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *which = argc > 1 ? argv[1] : "far";
    int quiet = argc > 2 && strcmp(argv[2], "quiet") == 0;
    volatile unsigned long *target;
    if (strcmp(which, "far") == 0) target = (unsigned long *)0xdead00000008ul;
    else if (strcmp(which, "hole") == 0) target = (unsigned long *)0x2000000000ul;
    else if (strcmp(which, "code") == 0) target = (unsigned long *)(void *)main;
    else {
        void (*function)(void) = (void (*)(void))0x3000000000ul;
        if (!quiet) printf("jumping to %p\n", (void *)function);
        fflush(stdout);
        function();
        return 1;
    }
    if (!quiet) printf("touching %p\n", (void *)target);
    fflush(stdout);
    if (strcmp(which, "code") == 0) *target = 0;
    else return (int)*target;
    return 1;
}
