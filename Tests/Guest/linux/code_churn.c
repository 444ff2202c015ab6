/* Guest test: code-cache pressure from many generated functions.
 * Generates N distinct small functions (argv[1], default 10,000; qemu-riscv64 needs ~0.1-0.15 s for
 * that, 20,000 come near the 0.3 s limit of verify-with-qemu.sh) with different constants and
 * shapes (32-bit and compressed returns, an inner conditional branch in every 5th, a tail jump
 * to the next function in every 4th) at a 512-byte stride in one RWX mmap region (about 5 MiB
 * for 10,000), flushes once, then calls every function (pass 1 in address order, pass 2 in a
 * permuted order, pass 3 in address order again) and prints checksums compared with the same
 * computation in C.
 * Stresses a translator's code cache size, block count and lookup structures.
 * Exit 0 when every checksum matches. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "riscv_encode.h"

#define STRIDE 512
static int NFUNC = 10000;

static uint16_t *cur;
static void e16(uint16_t h) { *cur++ = h; }
static void e32(uint32_t w) { e16(w & 0xffff); e16(w >> 16); }

/* Per-function constants from a fixed hash of the index. */
static uint32_t hash(uint32_t x) {
    x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16;
    return x;
}
static int32_t konst(int i) { return (int32_t)(hash(i) | 1); }
static int imm12(int i) { return (int)(hash(i + 77777) & 0xfff) - 2048; }
static int shift(int i) { return 7 + (int)(hash(i + 99991) % 40); }
static int tail_jumps(int i) { return i % 4 == 3 && i + 1 < NFUNC; }

/* f_i(x): x = x * K_i + imm_i; x ^= x >> sh_i; [every 5th: if x is odd, x += 9 (c.addi)];
 * then return (c.jr ra for odd i, jalr for even i) or tail-jump into f_{i+1}. */
static void gen(uint16_t *at, int i) {
    cur = at;
    int32_t k = konst(i);
    int32_t lo = (int32_t)((uint32_t)k << 20) >> 20;
    e32(lui(T0, (uint32_t)k - (uint32_t)lo));
    e32(addiw(T0, T0, lo));
    e32(mul(A0, A0, T0));
    e32(addi(A0, A0, imm12(i)));
    e32(srli(T1, A0, shift(i)));
    e32(xor_(A0, A0, T1));
    if (i % 5 == 0) {
        e32(andi(T2, A0, 1));
        e32(beq(T2, ZERO, 6));        /* skip the 2-byte c.addi */
        e16(c_addi(A0, 9));
    }
    if (tail_jumps(i)) {
        int off = (int)((char *)(at + STRIDE / 2) - (char *)cur);
        e32(jal(ZERO, off));
    } else if (i & 1) {
        e16(c_jr(RA));
    } else {
        e32(ret_());
    }
}

static uint64_t model_one(int i, uint64_t x) {
    x = x * (uint64_t)(int64_t)konst(i) + (uint64_t)(int64_t)imm12(i);
    x ^= x >> shift(i);
    if (i % 5 == 0 && (x & 1)) x += 9;
    return tail_jumps(i) ? model_one(i + 1, x) : x;
}

typedef uint64_t (*fn_t)(uint64_t);

int main(int argc, char **argv) {
    if (argc > 1) NFUNC = atoi(argv[1]);
    if (NFUNC < 1 || NFUNC > 1000000) { printf("bad count\n"); return 2; }
    size_t size = (size_t)NFUNC * STRIDE;
    char *region = mmap(0, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) { perror("mmap"); return 2; }
    for (int i = 0; i < NFUNC; i++) gen((uint16_t *)(region + (size_t)i * STRIDE), i);
    __builtin___clear_cache(region, region + size);
    printf("generated %d functions in a %zu KiB region\n", NFUNC, size / 1024);

    int bad = 0;
    for (int pass = 1; pass <= 3; pass++) {
        uint64_t acc = 0x243f6a8885a308d3ull, want = acc;
        uint64_t sum = 0, wsum = 0;
        for (int n = 0; n < NFUNC; n++) {
            int i = pass == 2 ? (int)(((long)n * 7919) % NFUNC) : n;
            fn_t f = (fn_t)(uintptr_t)(region + (size_t)i * STRIDE);
            acc = f(acc ^ (uint64_t)n);
            want = model_one(i, want ^ (uint64_t)n);
            sum += acc;
            wsum += want;
            if (acc != want && bad++ < 5) printf("MISMATCH pass %d function %d\n", pass, i);
        }
        printf("pass %d: final %016llx sum %016llx %s\n", pass, (unsigned long long)acc,
               (unsigned long long)sum, sum == wsum ? "matches C" : "DIFFERS from C");
        if (sum != wsum) bad++;
    }
    munmap(region, size);
    printf("mismatches %d\n", bad);
    return bad ? 1 : 0;
}
