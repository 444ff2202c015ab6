/* Guest test: an all-zero instruction word is illegal in every RISC-V encoding ("the all-zero
 * instruction ... is defined as illegal", Volume I, 16.8 / 2.2): SIGILL at its pc. */
#include <stdio.h>

int main(void) {
    printf("about to execute an illegal instruction\n");
    fflush(stdout);
    __asm__ volatile(".4byte 0x00000000");
    printf("not reached\n");
    return 0;
}
