// A fault in the middle of a block that keeps many registers busy: the SIGSEGV handler prints the
// registers the kernel saved in the signal frame (ucontext), which must be the guest's values at the
// faulting load, not wherever the translator had moved them (its block-local register allocation gives
// such blocks landing pads that put the registers back before the fault exit). Linux signal(7),
// sigaction(2); the riscv64 ucontext's __gregs are pc, ra, sp, gp, tp, t0-t2, s0-s1, a0-a7, s2-s11, t3-t6.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

static sigjmp_buf recovery;

static void handler(int signal_number, siginfo_t *info, void *context) {
    ucontext_t *user = context;
    const unsigned long *registers = user->uc_mcontext.__gregs;
    printf("signal %d at address %#lx\n", signal_number, (unsigned long)info->si_addr);
    // t0-t2 (5-7), a6-a7 (16-17), s2-s11 (18-27), t3-t6 (28-31): set by the assembly below.
    static const int shown[] = {5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
    for (unsigned index = 0; index < sizeof shown / sizeof shown[0]; index++) {
        printf("x%d = %#lx\n", shown[index], registers[shown[index]]);
    }
    siglongjmp(recovery, 1);
}

int main(void) {
    struct sigaction action = {0};
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, NULL);
    for (int round = 0; round < 3; round++) {
        if (sigsetjmp(recovery, 1) == 0) {
            // One straight-line block: registers used again and again, then a load through a wild
            // pointer (t6 + round * 8), then more uses (never reached).
            __asm__ volatile(
                "li t0, 0x1001\n"
                "li t1, 0x2002\n"
                "add t2, t0, t1\n"
                "add s2, t2, t0\n"
                "add s3, s2, t1\n"
                "xor s4, s3, t2\n"
                "add s5, s4, s2\n"
                "add s6, s5, s3\n"
                "add s7, s6, t0\n"
                "add s8, s7, t1\n"
                "xor s9, s8, s2\n"
                "add s10, s9, s3\n"
                "add s11, s10, s4\n"
                "add t3, s11, s5\n"
                "add t4, t3, s6\n"
                "xor t5, t4, s7\n"
                "add a6, t5, s8\n"
                "add a7, a6, s9\n"
                "add t0, t0, s10\n"
                "add t1, t1, s11\n"
                "add t2, t2, t3\n"
                "add s2, s2, t4\n"
                "li t6, 0x40\n"
                "slli t6, t6, 4\n"
                "add t6, t6, %0\n"
                "ld s1, 0(t6)\n"
                "add s3, s3, s1\n"
                "add s4, s4, s3\n"
                "add t0, t0, s4\n"
                :
                : "r"((long)round * 8)
                : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8",
                  "s9", "s10", "s11", "a6", "a7", "memory");
            puts("not reached");
            return 1;
        }
    }
    puts("done");
    return 0;
}
