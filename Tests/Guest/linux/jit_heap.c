/* Guest test: a tiny JIT inside the guest (self-modifying code in heap and mmap memory).
 * Emits RISC-V machine code words (32-bit base encodings and 16-bit compressed ones) for
 * f(x, n) = n times { x = x * K + C }, flushes with __builtin___clear_cache (glibc:
 * riscv_flush_icache) and/or fence.i, calls it through a function pointer and compares every
 * result with the same computation done in C. Checks:
 *   - one buffer (mmap RW, then mprotect RWX) overwritten with different code 200 times, 32-bit
 *     and compressed layouts alternating, so instruction boundaries move at the same addresses;
 *   - one instruction patched in the middle of an already-executed function (32-bit: add->sub,
 *     mul->xor; compressed: c.add->c.slli), flushed, re-run;
 *   - an addi straddling two pages of a directly-mapped RWX region, patched half by half;
 *   - malloc'ed memory whose page is mprotect'ed RWX, 20 rounds of new code.
 * Prints a sample of results and checksums; exit 0 when every result matched. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "riscv_encode.h"

/* --- emitter: halfword stream, so 32-bit instructions may sit at any even address --- */
static uint16_t *cur;
static int pos(uint16_t *base) { return (int)((char *)cur - (char *)base); }
static void e16(uint16_t h) { *cur++ = h; }
static void e32(uint32_t w) { e16(w & 0xffff); e16(w >> 16); }
static void put32(uint16_t *at, uint32_t w) { at[0] = w & 0xffff; at[1] = w >> 16; }
static void li(int rd, int32_t v) { /* lui+addiw, or addi when v fits 12 bits */
    int32_t lo = (int32_t)((uint32_t)v << 20) >> 20;
    if (v == lo) { e32(addi(rd, ZERO, v)); return; }
    e32(lui(rd, (uint32_t)v - (uint32_t)lo));
    e32(addiw(rd, rd, lo));
}

typedef uint64_t (*fn_t)(uint64_t x, uint64_t n);
enum { OP_ADD, OP_SUB, OP_SHL1 };
static uint64_t model(uint64_t x, uint64_t n, int64_t k, int64_t c, int mulxor, int op) {
    for (; n; n--) {
        x = mulxor ? x ^ (uint64_t)k : x * (uint64_t)k;
        x = op == OP_ADD ? x + (uint64_t)c : op == OP_SUB ? x - (uint64_t)c : x << 1;
    }
    return x;
}

/* 32-bit layout: li t0,K; li t1,C; loop: beq a1,0,done; mul; add; addi a1,-1; jal loop; done: ret.
 * *mid gets the address of the add, *mulat of the mul. */
static void gen32(uint16_t *b, int32_t k, int32_t c, uint16_t **mid, uint16_t **mulat) {
    cur = b;
    li(T0, k);
    li(T1, c);
    int loop = pos(b);
    e32(beq(A1, ZERO, 20));
    *mulat = cur; e32(mul(A0, A0, T0));
    *mid = cur; e32(add(A0, A0, T1));
    e32(addi(A1, A1, -1));
    e32(jal(ZERO, loop - pos(b)));
    e32(ret_());
}
/* compressed layout: c.li t1,C; li t0,K; beq a1,0,done; loop: mul; c.add; c.addi; c.bnez; done: c.jr ra */
static void gen16(uint16_t *b, int32_t k, int32_t c, uint16_t **mid) {
    cur = b;
    e16(c_li(T1, c));
    li(T0, k);
    e32(beq(A1, ZERO, 14));
    int loop = pos(b);
    e32(mul(A0, A0, T0));
    *mid = cur; e16(c_add(A0, T1));
    e16(c_addi(A1, -1));
    e16(c_bnez(A1, loop - pos(b)));
    e16(c_jr(RA));
}

static void flush(void *start, void *end, int how) {
    if (how != 1) __builtin___clear_cache(start, end);
    if (how != 0) asm volatile("fence.i" ::: "memory");
}

static int bad;
static uint64_t sum;
static void check(const char *what, int round, fn_t f, uint64_t x, uint64_t n, uint64_t want, int show) {
    uint64_t got = f(x, n);
    sum = sum * 31 + got;
    typedef unsigned long long ull;
    if (got != want) {
        bad++;
        printf("MISMATCH %s round %d: got %016llx want %016llx\n", what, round, (ull)got, (ull)want);
    } else if (show) {
        printf("%-10s round %3d: x=%llu n=%llu -> %016llx\n", what, round, (ull)x, (ull)n, (ull)got);
    }
}

static int32_t pick_k(int r) { return r % 5 == 0 ? 0x12345 + r * 1000 : (r % 5 == 1 ? -(3 + r) : 3 + r * 37); }

int main(void) {
    /* 1: mmap RW, mprotect RWX; the same buffer rewritten 200 times */
    uint16_t *buf = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED || mprotect(buf, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) { perror("mmap/mprotect"); return 2; }
    fn_t f = (fn_t)(uintptr_t)buf;
    uint16_t *mid, *mulat;
    for (int r = 0; r < 200; r++) {
        int32_t k = pick_k(r);
        int comp = r & 1;
        int32_t c = comp ? (r % 64) - 32 : r * 13 - 1000;
        memset(buf, 0, 64);
        if (comp) gen16(buf, k, c, &mid); else gen32(buf, k, c, &mid, &mulat);
        flush(buf, cur, r % 3);
        uint64_t x = (uint64_t)r + 1, n = r % 8;
        check(comp ? "rewrite16" : "rewrite32", r, f, x, n, model(x, n, k, c, 0, OP_ADD), r % 25 == 0 || r % 25 == 1);
    }
    printf("200 rewrites of one buffer: checksum %016llx\n", (unsigned long long)sum);

    /* 2: patch one instruction in the middle of an already-executed function */
    gen32(buf, 1000003, 77, &mid, &mulat);
    flush(buf, cur, 2);
    check("patch32", 0, f, 5, 6, model(5, 6, 1000003, 77, 0, OP_ADD), 1);
    put32(mid, sub(A0, A0, T1));              /* add -> sub */
    flush(mid, mid + 2, 0);
    check("patch32", 1, f, 5, 6, model(5, 6, 1000003, 77, 0, OP_SUB), 1);
    put32(mulat, xor_(A0, A0, T0));           /* mul -> xor, the sub stays */
    flush(mulat, mulat + 2, 1);
    check("patch32", 2, f, 5, 6, model(5, 6, 1000003, 77, 1, OP_SUB), 1);
    put32(mid, add(A0, A0, T1));              /* sub -> add again */
    flush(buf, buf + 32, 2);
    check("patch32", 3, f, 5, 6, model(5, 6, 1000003, 77, 1, OP_ADD), 1);
    gen16(buf, -7, 9, &mid);
    flush(buf, cur, 0);
    check("patch16", 0, f, 3, 5, model(3, 5, -7, 9, 0, OP_ADD), 1);
    *mid = c_slli(A0, 1);                     /* c.add a0,t1 -> c.slli a0,1 */
    flush(mid, mid + 1, 0);
    check("patch16", 1, f, 3, 5, model(3, 5, -7, 9, 0, OP_SHL1), 1);
    *mid = c_add(A0, T1);
    flush(mid, mid + 1, 1);
    check("patch16", 2, f, 3, 5, model(3, 5, -7, 9, 0, OP_ADD), 1);

    /* 3: mmap RWX directly; an addi a0,a0,imm straddles the page boundary */
    char *two = mmap(0, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (two == MAP_FAILED) { perror("mmap rwx"); return 2; }
    uint16_t *s = (uint16_t *)(two + 4096 - 4);
    cur = s;
    e16(c_li(T1, 3));                         /* page 1, bytes 4092..4093 */
    uint16_t *straddle = cur;
    e32(addi(A0, A0, 1));                     /* bytes 4094..4097 */
    e32(mul(A0, A0, T1));                     /* page 2 */
    e16(c_jr(RA));
    flush(s, cur, 0);
    for (int r = 0; r < 6; r++) {
        int imm = r * 300 - 700;
        straddle[0] = addi(A0, A0, imm) & 0xffff;   /* low half on page 1 */
        straddle[1] = addi(A0, A0, imm) >> 16;      /* high half (the immediate) on page 2 */
        flush(straddle, straddle + 2, r % 3);
        uint64_t x = 1000 + r;
        check("straddle", r, (fn_t)(uintptr_t)s, x, 0, (x + imm) * 3, 1);
    }

    /* 4: malloc'ed memory, its page made RWX with mprotect */
    char *heap = malloc(3 * 4096);
    uint16_t *h = (uint16_t *)(((uintptr_t)heap + 4095) & ~(uintptr_t)4095);
    if (!heap || mprotect(h, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) { perror("malloc/mprotect"); return 2; }
    uint64_t before = sum;
    for (int r = 0; r < 20; r++) {
        int32_t k = pick_k(r + 7), c = (r * 5) % 64 - 32;
        if (r & 1) gen32(h, k, c, &mid, &mulat); else gen16(h, k, c, &mid);
        flush(h, cur, r % 3);
        check("heap", r, (fn_t)(uintptr_t)h, r * 11, r % 6, model(r * 11, r % 6, k, c, 0, OP_ADD), r % 5 == 0);
    }
    printf("heap rounds: checksum %016llx\n", (unsigned long long)(sum - before));
    mprotect(h, 4096, PROT_READ | PROT_WRITE);
    free(heap);
    munmap(two, 8192);
    munmap(buf, 4096);
    printf("total checksum %016llx, mismatches %d\n", (unsigned long long)sum, bad);
    return bad ? 1 : 0;
}
