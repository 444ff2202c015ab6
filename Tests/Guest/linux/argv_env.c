/* Guest test: the initial process stack: argc, argv, envp and the auxiliary vector.
 * Reference: System V ABI (RISC-V psABI) process initialization, Linux execve(2) stack layout,
 * getauxval(3), ISO C11 7.22.4.6 getenv, POSIX setenv/unsetenv/putenv.
 * Run with the arguments: arg1 "two words" 3   and the environment variable MORPH_TEST=hello.
 * The whole environment is never printed (it differs between hosts).
 * Exit status: argc * 10 + strlen(argv[2]) (49 with the arguments above). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>

extern char **environ;
extern char _start[];

int main(int argc, char **argv, char **envp) {
    printf("argc=%d\n", argc);
    const char *slash = strrchr(argv[0], '/');
    printf("argv[0] basename=%s\n", slash ? slash + 1 : argv[0]);
    for (int i = 1; i < argc; i++) printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
    /* argv strings are contiguous on the initial stack. */
    int contiguous = 1;
    for (int i = 0; i + 1 < argc; i++) contiguous &= argv[i] + strlen(argv[i]) + 1 == argv[i + 1];
    printf("argv strings contiguous: %d\n", contiguous);
    printf("envp == argv + argc + 1: %d\n", envp == argv + argc + 1);
    printf("environ == envp: %d\n", environ == envp);

    int envc = 0, morph_entries = 0;
    for (char **e = envp; *e; e++) {
        envc++;
        if (strncmp(*e, "MORPH_TEST=", 11) == 0) morph_entries++;
    }
    printf("environment has entries: %d, MORPH_TEST entries: %d\n", envc > 0, morph_entries);
    const char *v = getenv("MORPH_TEST");
    printf("getenv(MORPH_TEST)=%s\n", v ? v : "(null)");
    printf("getenv(MORPH_SURELY_UNSET)=%s\n", getenv("MORPH_SURELY_UNSET") ? "set" : "(null)");
    printf("setenv new: %d -> %s\n", setenv("MORPH_NEW", "value1", 0), getenv("MORPH_NEW"));
    printf("setenv no-overwrite: %d -> %s\n", setenv("MORPH_NEW", "value2", 0), getenv("MORPH_NEW"));
    printf("setenv overwrite: %d -> %s\n", setenv("MORPH_NEW", "value3", 1), getenv("MORPH_NEW"));
    printf("setenv bad name: %d\n", setenv("BAD=NAME", "x", 1));
    static char put[] = "MORPH_PUT=from-putenv";
    printf("putenv: %d -> %s\n", putenv(put), getenv("MORPH_PUT"));
    put[10] = 'F'; /* putenv keeps the caller's string */
    printf("after modifying the string: %s\n", getenv("MORPH_PUT"));
    printf("unsetenv: %d -> %s\n", unsetenv("MORPH_NEW"), getenv("MORPH_NEW") ? "still set" : "(null)");
    printf("unsetenv MORPH_TEST: %d -> %s\n", unsetenv("MORPH_TEST"), getenv("MORPH_TEST") ? "still set" : "(null)");

    /* Auxiliary vector facts that every correct loader provides. */
    printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
    printf("AT_UID==getuid: %d AT_EUID==geteuid: %d AT_GID==getgid: %d AT_EGID==getegid: %d\n",
           getauxval(AT_UID) == getuid(), getauxval(AT_EUID) == geteuid(), getauxval(AT_GID) == getgid(),
           getauxval(AT_EGID) == getegid());
    printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
    printf("AT_ENTRY==_start: %d\n", getauxval(AT_ENTRY) == (unsigned long)_start);
    printf("AT_PHDR nonzero: %d AT_PHENT=%lu AT_PHNUM>0: %d\n", getauxval(AT_PHDR) != 0, getauxval(AT_PHENT),
           getauxval(AT_PHNUM) > 0);
    const unsigned char *random_bytes = (const unsigned char *)getauxval(AT_RANDOM);
    int any = 0;
    if (random_bytes)
        for (int i = 0; i < 16; i++) any |= random_bytes[i];
    printf("AT_RANDOM present: %d, not all zero: %d\n", random_bytes != NULL, any != 0);
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    if (execfn) {
        const char *b = strrchr(execfn, '/');
        printf("AT_EXECFN basename=%s\n", b ? b + 1 : execfn);
    } else {
        printf("AT_EXECFN missing\n");
    }
    printf("sysconf(_SC_PAGESIZE)=%ld\n", sysconf(_SC_PAGESIZE));
    /* The stack pointer handed to _start is 16-byte aligned, so locals here are too. */
    long double aligned_local = 1.0L;
    printf("long double local 16-aligned: %d\n", ((unsigned long)&aligned_local & 15) == 0);
    return argc * 10 + (argc > 2 ? (int)strlen(argv[2]) : 0);
}
