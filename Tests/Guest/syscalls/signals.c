/* Guest test: signal delivery to handlers (signal(7), sigaction(2), sigprocmask(2), sigpending(2),
 * sigaltstack(2), sigreturn(2)): the siginfo a handler receives, the mask while it runs, pending
 * signals delivered when unblocked, SA_RESETHAND, SA_NODEFER, nesting, an alternate stack, registers
 * and floating-point state restored after the handler, faults caught with siglongjmp (SIGSEGV) or
 * skipped by editing the saved pc in the ucontext (SIGILL). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t count, last_signal, last_code, sender_is_self, blocked_inside, nested_seen;
static volatile uintptr_t last_address, handler_stack;
static sigjmp_buf recovery;

static void counting(int signal, siginfo_t *info, void *context) {
    (void)context;
    count++;
    last_signal = signal;
    last_code = info->si_code;
    sender_is_self = info->si_pid == getpid();
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    blocked_inside = sigismember(&now, signal);
    int local;
    handler_stack = (uintptr_t)&local;
    /* Clobber floating-point registers: the interrupted code must not notice. */
    volatile double x = 1.5;
    for (int i = 0; i < 10; i++) x = x * 3.25 - 0.5;
    (void)x;
}

static void nesting(int signal) {
    (void)signal;
    raise(SIGUSR2);  /* a different, unblocked signal: its handler runs inside this one */
    nested_seen = count;
}

static void catch_fault(int signal, siginfo_t *info, void *context) {
    (void)context;
    last_signal = signal;
    last_code = info->si_code;
    last_address = (uintptr_t)info->si_addr;
    siglongjmp(recovery, 1);
}

static void skip_instruction(int signal, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    last_signal = signal;
    last_address = (uintptr_t)info->si_addr;
    last_code = uc->uc_mcontext.__gregs[REG_PC] == (unsigned long)info->si_addr;
    uc->uc_mcontext.__gregs[REG_PC] += 4;  /* resume after the illegal instruction */
}

static void install(int signal, void (*handler)(int, siginfo_t *, void *), int flags) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&action.sa_mask);
    sigaction(signal, &action, NULL);
}

int main(void) {
    /* 1. raise: SI_TKILL from this process, the signal blocked inside its handler. */
    install(SIGUSR1, counting, 0);
    volatile double seed = 0.1;
    double before = seed, kept = seed * 3;  /* kept lives in a register across the handler */
    for (int i = 0; i < 5; i++) before = before * 1.75 + 0.25;
    raise(SIGUSR1);
    double after = seed;
    for (int i = 0; i < 5; i++) after = after * 1.75 + 0.25;
    after += kept - seed * 3;
    printf("raise: count %d, signal %s, code SI_TKILL %d, from self %d, blocked inside %d, fp intact %d\n",
           count, sigabbrev_np(last_signal), last_code == SI_TKILL, sender_is_self, blocked_inside, before == after);

    /* 2. kill(getpid()): SI_USER. */
    kill(getpid(), SIGUSR1);
    printf("kill: count %d, code SI_USER %d\n", count, last_code == SI_USER);

    /* 3. Blocked: pending until unblocked, then delivered before sigprocmask returns. */
    sigset_t block, pending;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR1);
    sigpending(&pending);
    printf("blocked: count %d, pending %d\n", count, sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    sigpending(&pending);
    printf("unblocked: count %d, pending %d\n", count, sigismember(&pending, SIGUSR1));

    /* 4. SA_NODEFER: the signal is not blocked inside; SA_RESETHAND: the action resets to SIG_DFL. */
    install(SIGUSR1, counting, SA_NODEFER | SA_RESETHAND);
    raise(SIGUSR1);
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    printf("nodefer+resethand: count %d, blocked inside %d, reset to default %d\n", count, blocked_inside,
           now.sa_handler == SIG_DFL);

    /* 5. Nesting: a handler raising another signal. */
    install(SIGUSR2, counting, 0);
    signal(SIGTERM, nesting);
    raise(SIGTERM);
    printf("nested: inner handler ran inside the outer one %d, count %d\n", nested_seen == count, count);

    /* 6. Ignored signals vanish; SIGCHLD's default is to ignore. */
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    raise(SIGCHLD);
    printf("ignored: count %d\n", count);

    /* 7. An alternate signal stack. */
    static char alternate[64 * 1024];
    stack_t stack = { .ss_sp = alternate, .ss_size = sizeof alternate, .ss_flags = 0 };
    sigaltstack(&stack, NULL);
    install(SIGUSR1, counting, SA_ONSTACK);
    raise(SIGUSR1);
    printf("sigaltstack: handler ran on it %d\n",
           handler_stack >= (uintptr_t)alternate && handler_stack < (uintptr_t)alternate + sizeof alternate);
    stack_t current;
    sigaltstack(NULL, &current);
    printf("sigaltstack: still set, not on it now %d\n", current.ss_sp == alternate && current.ss_flags == 0);

    /* 8. SIGSEGV caught with siglongjmp: unmapped (MAPERR) and read-only (ACCERR). */
    install(SIGSEGV, catch_fault, 0);
    if (sigsetjmp(recovery, 1) == 0) {
        *(volatile int *)16 = 1;
        printf("not reached\n");
    }
    printf("SIGSEGV: caught %d, address 16 %d, SEGV_MAPERR %d\n", last_signal == SIGSEGV, last_address == 16,
           last_code == SEGV_MAPERR);
    char *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(recovery, 1) == 0) {
        page[8] = 1;
        printf("not reached\n");
    }
    printf("SIGSEGV: read-only page, address right %d, SEGV_ACCERR %d\n", last_address == (uintptr_t)(page + 8),
           last_code == SEGV_ACCERR);
    sigset_t mask;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    printf("SIGSEGV: siglongjmp restored the mask %d\n", !sigismember(&mask, SIGSEGV));

    /* 9. SIGILL: the handler moves the saved pc past the instruction; sigreturn resumes there. */
    install(SIGILL, skip_instruction, 0);
    __asm__ volatile(".4byte 0xffffffff");
    printf("SIGILL: skipped, signal %s, saved pc was the instruction %d\n", sigabbrev_np(last_signal), last_code);
    return 0;
}
