/* Guest test: a load through a NULL pointer is a SIGSEGV with address 0 (page zero is never mapped:
 * Linux vm.mmap_min_addr). Output written before the fault must still appear. */
#include <stdio.h>

int main(int argc, char **argv) {
    volatile int *pointer = (volatile int *)(long)(argc - 1);  /* NULL, but unknown to the compiler */
    printf("before the fault\n");
    fflush(stdout);
    return *pointer;
}
