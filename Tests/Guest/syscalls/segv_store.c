/* Guest test: a store to a read-only page (PROT_READ after mprotect) is a SIGSEGV at the store's pc
 * with the page's address (Linux: "SIGSEGV ... SEGV_ACCERR: invalid permissions for mapped object").
 * The address is printed first so the test can check the report names it. */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    volatile long *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    page[3] = 7;
    mprotect((void *)page, 4096, PROT_READ);
    printf("address %p value %ld\n", (void *)(page + 3), page[3]);
    fflush(stdout);
    page[3] = 8;  /* faults */
    printf("not reached\n");
    return 0;
}
