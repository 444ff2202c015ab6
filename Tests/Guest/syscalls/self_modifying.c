/* Guest test: code generated at run time (a tiny JIT). Instructions are written into a mapping,
 * made executable with mprotect, run, then rewritten and run again after __builtin___clear_cache
 * (on Linux/RISC-V: the riscv_flush_icache system call) or a fence.i. Also: a page made executable
 * and then unmapped can no longer be run (SIGSEGV when argv[1] is "unmapped"). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* addi a0, zero, value ; jalr zero, 0(ra) */
static void emit_return(uint32_t *code, int value) {
    code[0] = ((uint32_t)(value & 0xfff) << 20) | (10u << 7) | 0x13u;
    code[1] = 0x00008067u;
}

int main(int argc, char **argv) {
    long page = sysconf(_SC_PAGESIZE);
    uint32_t *code = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int (*function)(void) = (int (*)(void))code;

    emit_return(code, 11);
    mprotect(code, page, PROT_READ | PROT_EXEC);
    printf("first: %d\n", function());

    mprotect(code, page, PROT_READ | PROT_WRITE | PROT_EXEC);
    emit_return(code, 22);
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    printf("after rewrite and clear_cache: %d\n", function());

    emit_return(code, 33);
    __asm__ volatile("fence.i" ::: "memory");
    printf("after rewrite and fence.i: %d\n", function());

    /* Many functions on one page, each rewritten in turn. */
    int total = 0;
    for (int i = 0; i < 64; i++) {
        emit_return(code + 2 * i, i);
        __builtin___clear_cache((char *)(code + 2 * i), (char *)(code + 2 * i + 2));
        total += ((int (*)(void))(code + 2 * i))();
    }
    printf("64 generated functions sum to %d\n", total);
    fflush(stdout);

    if (argc > 1 && strcmp(argv[1], "unmapped") == 0) {
        munmap(code, page);
        printf("calling unmapped code\n");
        fflush(stdout);
        return function();
    }
    return 0;
}
