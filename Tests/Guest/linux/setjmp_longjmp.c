/* Guest test: non-local jumps.
 * Reference: ISO C11 7.13 (setjmp.h), POSIX sigsetjmp/siglongjmp, glibc riscv __longjmp
 * (restores ra, sp, s0-s11 and fs0-fs11). Checks return values, callee-saved integer and
 * floating-point registers surviving a jump, jumps out of deep recursion, and nesting. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
#include <stdio.h>
#include <setjmp.h>
#include <signal.h>

static jmp_buf env;
static int depth_reached = 0;

static void __attribute__((noinline)) dive(int depth, int target) {
    volatile char pad[64];
    pad[depth % 64] = (char)depth;
    depth_reached = depth + pad[depth % 64] * 0;
    if (depth == target) longjmp(env, depth);
    dive(depth + 1, target);
    pad[0]++;
}

static void __attribute__((noinline)) jump_with(jmp_buf where, int value) { longjmp(where, value); }

/* Keeps many values live in callee-saved registers across setjmp/longjmp. */
static long __attribute__((noinline)) registers_survive(long seed) {
    jmp_buf local;
    volatile int pass = 0;
    long a = seed * 3, b = seed * 5, c = seed * 7, d = seed * 11, e = seed * 13, f = seed * 17;
    double x = (double)seed * 0.5, y = (double)seed * 0.25, z = (double)seed * 0.125;
    if (setjmp(local) == 0) {
        pass = 1;
        jump_with(local, 1);
    }
    /* setjmp returned 1: locals that were not modified after setjmp keep their values. */
    return pass + a + b + c + d + e + f + (long)(x * 8 + y * 16 + z * 32);
}

static int counter;

static int __attribute__((noinline)) nested(int level) {
    jmp_buf inner;
    int r = setjmp(inner);
    if (r == 0) {
        if (level < 5) {
            int got = nested(level + 1);
            counter += got;
            jump_with(inner, level * 10 + 1);
        }
        jump_with(inner, level * 100);
    }
    return r;
}

int main(void) {
    volatile int rounds = 0;
    int r = setjmp(env);
    rounds++;
    printf("setjmp returned %d on round %d\n", r, rounds);
    if (rounds == 1) longjmp(env, 0); /* longjmp with 0 makes setjmp return 1 */
    if (rounds == 2) longjmp(env, 17);
    if (rounds == 3) jump_with(env, -5);

    int targets[] = {1, 10, 1000, 20000};
    for (volatile int i = 0; i < 4; i++) {
        int v = setjmp(env);
        if (v == 0) {
            dive(1, targets[i]);
            printf("not reached\n");
        } else {
            printf("jumped out of recursion depth %d (value %d)\n", depth_reached, v);
        }
    }

    long expect = 0;
    for (long seed = 1; seed <= 3; seed++) {
        long got = registers_survive(seed);
        expect = 1 + seed * (3 + 5 + 7 + 11 + 13 + 17) + (long)((double)seed * 4 * 3);
        printf("registers_survive(%ld) = %ld expected %ld\n", seed, got, expect);
    }

    int top = nested(1);
    printf("nested returned %d counter=%d\n", top, counter);

    sigjmp_buf senv;
    volatile int sj = 0;
    if (sigsetjmp(senv, 1) < 3) {
        sj++;
        if (sj < 4) siglongjmp(senv, sj);
    }
    printf("sigsetjmp loops=%d\n", sj);
    return rounds + 20;
}
