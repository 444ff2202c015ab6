/* Guest test: deep and branchy recursion (stack growth, call/return, return-address prediction).
 * Reference: System V psABI for RISC-V (calling convention: ra, sp, s0-s11 preserved).
 * A 100000-deep non-tail recursion (a few MiB of stack), mutual recursion, Ackermann,
 * naive Fibonacci and a recursive permutation generator. Exit status: ackermann(3,5) = 253. */
#include <stdio.h>
#include <stdint.h>

/* Non-tail recursion: the addition happens after the call returns. */
static uint64_t __attribute__((noinline)) deep_sum(uint64_t n, volatile uint64_t *witness) {
    if (n == 0) return 0;
    uint64_t below = deep_sum(n - 1, witness);
    *witness += n & 1;
    return below + n * n;
}

static int __attribute__((noinline)) is_odd(unsigned n);

static int __attribute__((noinline)) is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static int __attribute__((noinline)) is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static unsigned long ackermann_calls = 0;

static unsigned __attribute__((noinline)) ackermann(unsigned m, unsigned n) {
    ackermann_calls++;
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static unsigned __attribute__((noinline)) fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static unsigned long permutation_count = 0;
static unsigned long permutation_hash = 0;

static void permute(int *items, int k, int n) {
    if (k == n) {
        permutation_count++;
        unsigned long h = 0;
        for (int i = 0; i < n; i++) h = h * 10 + (unsigned long)items[i];
        permutation_hash = permutation_hash * 31 + h;
        return;
    }
    for (int i = k; i < n; i++) {
        int t = items[k]; items[k] = items[i]; items[i] = t;
        permute(items, k + 1, n);
        t = items[k]; items[k] = items[i]; items[i] = t;
    }
}

/* Recursion with a large frame: 200 levels of 4 KiB buffers. */
static unsigned __attribute__((noinline)) big_frames(int level) {
    volatile unsigned char frame[4096];
    for (int i = 0; i < 4096; i += 512) frame[i] = (unsigned char)(level + i);
    unsigned below = level ? big_frames(level - 1) : 0;
    unsigned sum = 0;
    for (int i = 0; i < 4096; i += 512) sum += frame[i];
    return below + sum;
}

int main(void) {
    volatile uint64_t witness = 0;
    uint64_t s = deep_sum(100000, &witness);
    printf("deep_sum(100000) = %llu witness=%llu\n", (unsigned long long)s, (unsigned long long)witness);
    printf("is_even(50001)=%d is_odd(77777)=%d\n", is_even(50001), is_odd(77777));
    for (unsigned m = 0; m <= 3; m++) {
        printf("ackermann(%u, n):", m);
        for (unsigned n = 0; n <= 4; n++) printf(" %u", ackermann(m, n));
        printf("\n");
    }
    ackermann_calls = 0;
    unsigned a = ackermann(3, 5);
    printf("ackermann(3,5) = %u calls=%lu\n", a, ackermann_calls);
    printf("fib(24) = %u\n", fib(24));
    int items[] = {1, 2, 3, 4, 5, 6, 7};
    permute(items, 0, 7);
    printf("permutations of 7: count=%lu hash=%lu\n", permutation_count, permutation_hash);
    printf("big_frames(200) = %u\n", big_frames(200));
    return (int)a;
}
