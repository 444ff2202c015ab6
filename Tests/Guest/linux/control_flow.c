/* Guest test: control flow shapes a translator must handle.
 * Reference: RISC-V Unprivileged ISA RV64I control transfer (jal, jalr, beq/bne/blt/bge/
 * bltu/bgeu) and the C extension (c.j, c.jr, c.jalr, c.beqz, c.bnez). Dense switch statements
 * (jump tables through jalr), GCC computed goto (labels as values), indirect calls through a
 * table, sibling calls, a state machine and a small bytecode interpreter.
 * Exit status: the longest Collatz length below 20000 (278) modulo 256 = 22. */
#include <stdio.h>
#include <stdint.h>

static int __attribute__((noinline)) dense_switch(int x) {
    switch (x) {
        case 0: return 11;
        case 1: return 23;
        case 2: return 35;
        case 3: return 47;
        case 4: return 59;
        case 5: return 61;
        case 6: return 73;
        case 7: return 85;
        case 8: return 97;
        case 9: return 109;
        case 10: return 121;
        case 11: return 133;
        case 12: return 145;
        case 13: return 157;
        case 14: return 169;
        case 15: return 171;
        default: return -1;
    }
}

static int __attribute__((noinline)) sparse_switch(long x) {
    switch (x) {
        case -1000000: return 1;
        case -7: return 2;
        case 0: return 3;
        case 99: return 4;
        case 4096: return 5;
        case 1L << 40: return 6;
        default: return 0;
    }
}

/* A bytecode interpreter dispatching with computed goto. */
enum { OP_PUSH, OP_ADD, OP_MUL, OP_DUP, OP_SWAP, OP_JNZ, OP_DEC, OP_DROP, OP_HALT, OP_OVER };

static int64_t run(const int *code) {
    static const void *dispatch[] = {&&push, &&add, &&mul, &&dup, &&swap, &&jnz, &&dec, &&drop, &&halt, &&over};
    int64_t stack[64];
    int sp = 0, pc = 0;
    long steps = 0;
#define NEXT do { steps++; goto *dispatch[code[pc++]]; } while (0)
    NEXT;
push:
    stack[sp++] = code[pc++];
    NEXT;
add:
    sp--; stack[sp - 1] += stack[sp];
    NEXT;
mul:
    sp--; stack[sp - 1] *= stack[sp];
    NEXT;
dup:
    stack[sp] = stack[sp - 1]; sp++;
    NEXT;
over:
    stack[sp] = stack[sp - 2]; sp++;
    NEXT;
swap: {
    int64_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t;
    NEXT;
}
jnz: {
    int target = code[pc++];
    if (stack[--sp]) pc = target;
    NEXT;
}
dec:
    stack[sp - 1]--;
    NEXT;
drop:
    sp--;
    NEXT;
halt:
    printf("interpreter: %ld steps, stack depth %d\n", steps, sp);
    return stack[sp - 1];
#undef NEXT
}

/* Mutually recursive state machine with sibling calls. */
static unsigned long __attribute__((noinline)) state_b(unsigned long n, unsigned long acc);
static unsigned long __attribute__((noinline)) state_a(unsigned long n, unsigned long acc) {
    if (n == 0) return acc;
    return (n & 1) ? state_b(n - 1, acc * 3 + 1) : state_a(n - 1, acc + 7);
}
static unsigned long __attribute__((noinline)) state_b(unsigned long n, unsigned long acc) {
    if (n == 0) return acc ^ 0x5555;
    return (n % 3) ? state_a(n - 1, acc ^ (acc >> 3)) : state_b(n - 1, acc + n);
}

typedef int (*handler)(int);
static int h0(int x) { return x + 1; }
static int h1(int x) { return x * 2; }
static int h2(int x) { return x - 3; }
static int h3(int x) { return x ^ 0x55; }

int main(void) {
    long total = 0;
    for (int i = -2; i < 20; i++) total = total * 3 + dense_switch(i);
    printf("dense switch total=%ld\n", total);
    long keys[] = {-1000000, -7, 0, 99, 4096, 1L << 40, 5, -8, 1L << 41};
    printf("sparse switch:");
    for (int i = 0; i < 9; i++) printf(" %d", sparse_switch(keys[i]));
    printf("\n");

    /* 20! computed by a bytecode loop (jnz back to offset 4). */
    static const int program[] = {
        OP_PUSH, 1,  /* acc */
        OP_PUSH, 20, /* n */
        /* loop at 4: acc n -> acc*n n-1 */
        OP_DUP,      /* acc n n */
        OP_PUSH, 0, OP_ADD, /* no-op add to exercise dispatch */
        OP_SWAP,     /* acc n n -> acc n n (swap equal values) */
        OP_DROP,     /* acc n */
        OP_SWAP,     /* n acc */
        OP_OVER,     /* n acc n */
        OP_MUL,      /* n acc*n */
        OP_SWAP,     /* acc*n n */
        OP_DEC,      /* acc*n n-1 */
        OP_DUP,      /* acc*n n-1 n-1 */
        OP_JNZ, 4,   /* loop while n-1 != 0 */
        OP_DROP,     /* acc */
        OP_HALT,
    };
    int64_t result = run(program);
    printf("interpreter result (20!) = %lld\n", (long long)result);

    printf("state machine=%lu\n", state_a(100000, 1));
    handler table[] = {h0, h1, h2, h3};
    int v = 1;
    for (int i = 0; i < 1000; i++) v = table[(i * 7 + v) & 3](v) & 0xFFFF;
    printf("handler table v=%d\n", v);

    /* Branch-heavy loop: collatz lengths. */
    unsigned best = 0, best_n = 0;
    for (unsigned n = 1; n < 20000; n++) {
        unsigned long x = n;
        unsigned len = 0;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : x >> 1;
            len++;
        }
        if (len > best) { best = len; best_n = n; }
    }
    printf("longest collatz below 20000: n=%u length=%u\n", best_n, best);
    return (int)(best % 256);
}
