/* Guest test: a load just past the top of the address space's last mapped page, through a base
 * register that the same block used for a load that succeeded. The translator checks a base register
 * against the address space once per block and relies on guard pages for small offsets from it: the
 * second load must still end with the same SIGSEGV (pc, address, instruction) as under the interpreter. */
#include <stdio.h>
#include <sys/auxv.h>

int main(void) {
    /* The file name string lies on the highest page of the initial stack. */
    unsigned long top = (getauxval(AT_EXECFN) | 0xfff) + 1;
    unsigned long base = top - 8, first, second;
    printf("loading through the last doubleword of the stack, then 8 bytes past it\n");
    fflush(stdout);
    __asm__ volatile("ld %0, 0(%2)\n\tld %1, 16(%2)" : "=&r"(first), "=&r"(second) : "r"(base) : "memory");
    printf("survived: %lx %lx\n", first, second);
    return 1;
}
