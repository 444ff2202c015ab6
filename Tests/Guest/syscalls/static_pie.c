/* Guest test: a static position-independent executable (ET_DYN without PT_INTERP) is loaded at a
 * base of the loader's choosing, and its auxiliary vector agrees with where it landed (System V gABI
 * "Program Loading"; fs/binfmt_elf.c). Freestanding: the toolchain has no rcrt1.o for glibc static-pie,
 * so this reads the initial stack itself. Build: -ffreestanding -fPIE -static-pie -nostdlib
 * -Wl,--no-dynamic-linker. */
#include <elf.h>

static long system_call(long number, long a0, long a1, long a2) {
    register long x10 __asm__("a0") = a0;
    register long x11 __asm__("a1") = a1;
    register long x12 __asm__("a2") = a2;
    register long x17 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(x10) : "r"(x11), "r"(x12), "r"(x17) : "memory");
    return x10;
}

static void say(const char *text) {
    long length = 0;
    while (text[length]) length++;
    system_call(64, 1, (long)text, length);
}

static void check(const char *what, int ok) {
    say(what);
    say(ok ? ": ok\n" : ": FAILED\n");
}

void start(long *stack);

__attribute__((naked)) void _start(void) {
    __asm__("mv a0, sp\n\tcall start\n");
}

void start(long *stack) {
    long argc = stack[0];
    char **argv = (char **)(stack + 1);
    char **environment = argv + argc + 1;
    while (*environment) environment++;
    Elf64_auxv_t *auxv = (Elf64_auxv_t *)(environment + 1);
    unsigned long entry = 0, headers = 0, count = 0, size = 0, base = 1;
    for (; auxv->a_type != AT_NULL; auxv++) {
        if (auxv->a_type == AT_ENTRY) entry = auxv->a_un.a_val;
        if (auxv->a_type == AT_PHDR) headers = auxv->a_un.a_val;
        if (auxv->a_type == AT_PHNUM) count = auxv->a_un.a_val;
        if (auxv->a_type == AT_PHENT) size = auxv->a_un.a_val;
        if (auxv->a_type == AT_BASE) base = auxv->a_un.a_val;
    }
    check("stack pointer is 16-byte aligned", ((unsigned long)stack & 15) == 0);
    check("argc is 1 and argv[0] is set", argc == 1 && argv[0] != 0 && argv[0][0] != 0);
    check("AT_ENTRY is this _start", entry == (unsigned long)_start);
    check("AT_BASE is 0 (no interpreter)", base == 0);
    check("AT_PHENT is 56", size == sizeof(Elf64_Phdr));
    /* The first PT_LOAD maps file offset 0, so the ELF header sits at the load base. */
    const Elf64_Phdr *phdr = (const Elf64_Phdr *)headers;
    unsigned long bias = 0;
    int found = 0;
    for (unsigned long i = 0; i < count; i++) {
        if (phdr[i].p_type == PT_LOAD && phdr[i].p_offset == 0) {
            bias = headers - 64 - phdr[i].p_vaddr;
            found = 1;
            break;
        }
    }
    const Elf64_Ehdr *image = (const Elf64_Ehdr *)bias;
    check("AT_PHDR points at the program headers", found && image->e_ident[0] == 0x7f && image->e_ident[1] == 'E'
          && image->e_phnum == count && image->e_type == ET_DYN);
    check("loaded at a nonzero base", bias != 0 && bias % 4096 == 0);
    check("entry = base + e_entry", entry == bias + image->e_entry);
    system_call(94, 0, 0, 0);
}
