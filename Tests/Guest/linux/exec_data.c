/* Guest test: executing memory without PROT_EXEC must raise SIGSEGV; the last attempt is fatal.
 * Each buffer holds valid code (li a0,123; ret), so a VM that wrongly runs it prints "ran".
 * With a SA_SIGINFO SIGSEGV handler (recovering by siglongjmp), jumps into:
 *   .data array, malloc'ed heap, stack array, mmap RW page, mmap read-only page -> SEGV_ACCERR;
 *   an RWX page that ran fine, then mprotect'ed to RW (a translator must drop or recheck its
 *   translation) -> SEGV_ACCERR, and after mprotect RX it runs again;
 *   a page that ran fine, then munmap'ed -> SEGV_MAPERR.
 * The handler prints si_signo, si_code and whether si_addr and the interrupted pc equal the
 * jump target (no addresses printed). Finally, with the default action and RLIMIT_CORE 0, a jump
 * into a .bss buffer that was never executable kills the program: exit status 139 (128 + 11)
 * as seen under qemu-riscv64. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <ucontext.h>
#include "riscv_encode.h"

typedef long (*fn_t)(void);
static uint32_t data_buf[16] = { 1 };      /* .data */
static uint32_t bss_buf[16];               /* .bss */

static sigjmp_buf env;
static volatile uintptr_t target;
static volatile int faults;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    uintptr_t pc = uc->uc_mcontext.__gregs[REG_PC];
    printf("  SIGSEGV: signo=%d code=%s si_addr==target:%s pc==target:%s\n", si->si_signo,
           si->si_code == SEGV_ACCERR ? "SEGV_ACCERR" : si->si_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other",
           (uintptr_t)si->si_addr == target ? "yes" : "no", pc == target ? "yes" : "no");
    (void)sig;
    faults++;
    siglongjmp(env, 1);
}

static void emit(uint32_t *p, int value) {
    p[0] = addi(A0, ZERO, value);
    p[1] = ret_();
    __builtin___clear_cache((char *)p, (char *)(p + 2));
}

static void try_call(const char *what, uint32_t *p) {
    printf("%s:\n", what);
    fflush(stdout);
    target = (uintptr_t)p;
    if (sigsetjmp(env, 1) == 0) {
        long r = ((fn_t)(uintptr_t)p)();
        printf("  ran, returned %ld\n", r);
    } else {
        printf("  recovered\n");
    }
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, 0);

    emit(data_buf, 123);
    try_call(".data array", data_buf);

    uint32_t *heap = malloc(64);
    emit(heap, 123);
    try_call("malloc'ed heap", heap);
    free(heap);

    uint32_t stack_buf[16];
    emit(stack_buf, 123);
    try_call("stack array", stack_buf);

    uint32_t *rw = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    emit(rw, 123);
    try_call("mmap PROT_READ|PROT_WRITE", rw);
    mprotect(rw, 4096, PROT_READ);
    try_call("same page, mprotect PROT_READ", rw);
    munmap(rw, 4096);

    uint32_t *rwx = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    emit(rwx, 7);
    try_call("mmap RWX (runs)", rwx);
    try_call("mmap RWX again (runs)", rwx);
    mprotect(rwx, 4096, PROT_READ | PROT_WRITE);
    try_call("after mprotect RW", rwx);
    mprotect(rwx, 4096, PROT_READ | PROT_EXEC);
    try_call("after mprotect RX (runs)", rwx);
    munmap(rwx, 4096);
    try_call("after munmap", rwx);

    printf("recovered faults: %d\n", faults);

    /* Fatal: default action, no core file. */
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    signal(SIGSEGV, SIG_DFL);
    emit(bss_buf, 123);
    printf("jumping into .bss with the default SIGSEGV action; expect death by signal 11\n");
    fflush(stdout);
    long r = ((fn_t)(uintptr_t)bss_buf)();
    printf("still alive, returned %ld\n", r);
    return 0;
}
