/* Guest test: the process image execve(2) builds (fs/binfmt_elf.c create_elf_tables; getauxval(3)):
 * auxiliary vector values, where they point, and the layout of the strings above the stack pointer
 * (argv strings, then environment strings, then the executable name, contiguous and in order). */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;
extern char _start[];

int main(int argc, char **argv) {
    printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
    printf("AT_CLKTCK %lu\n", getauxval(AT_CLKTCK));
    printf("AT_HWCAP %#lx\n", getauxval(AT_HWCAP));
    printf("AT_PHENT %lu\n", getauxval(AT_PHENT));
    printf("AT_BASE %#lx\n", getauxval(AT_BASE));
    printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
    printf("AT_UID matches getuid %d\n", getauxval(AT_UID) == getuid());
    printf("AT_EUID matches geteuid %d\n", getauxval(AT_EUID) == geteuid());
    printf("AT_GID matches getgid %d\n", getauxval(AT_GID) == getgid());
    printf("AT_EGID matches getegid %d\n", getauxval(AT_EGID) == getegid());
    printf("AT_ENTRY is _start %d\n", getauxval(AT_ENTRY) == (unsigned long)_start);
    const Elf64_Phdr *headers = (const Elf64_Phdr *)getauxval(AT_PHDR);
    unsigned long count = getauxval(AT_PHNUM);
    int loads = 0, tls = 0;
    for (unsigned long i = 0; i < count; i++) {
        loads += headers[i].p_type == PT_LOAD;
        tls += headers[i].p_type == PT_TLS;
    }
    printf("AT_PHDR/AT_PHNUM: %lu headers, %d PT_LOAD, %d PT_TLS\n", count, loads, tls);
    const char *name = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN %s (argv[0] %s)\n", name, argv[0]);
    const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    int nonzero = 0;
    for (int i = 0; i < 16; i++) nonzero += random[i] != 0;
    printf("AT_RANDOM readable, some bytes nonzero %d\n", nonzero > 0);

    /* Strings: argv[i+1] follows argv[i]; the environment follows argv; AT_EXECFN follows the environment. */
    int contiguous = 1;
    for (int i = 0; i + 1 < argc; i++) contiguous &= argv[i + 1] == argv[i] + strlen(argv[i]) + 1;
    char *after = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    int environment_count = 0;
    for (char **e = environ; *e; e++, environment_count++) {
        contiguous &= *e == after;
        after = *e + strlen(*e) + 1;
    }
    contiguous &= name == after;
    printf("argc %d, strings contiguous in order %d\n", argc, contiguous);
    for (int i = 1; i < argc; i++) printf("argv[%d] = [%s]\n", i, argv[i]);
    printf("argv[argc] is NULL %d, environment entries %d\n", argv[argc] == NULL, environment_count);
    printf("stack pointer area above the strings: %d\n", (uintptr_t)argv > (uintptr_t)&argc);
    return 0;
}
