/* Guest test: JIT code on the same 4 KiB page as frequently written data.
 * A static page-aligned struct in .data holds a counter, a data array and a code array; the page
 * is made RWX with mprotect. Checks:
 *   - C writes the counter/data between calls, with and without re-flushing (data writes need no
 *     fence.i; the code must still run and see the new data through auipc+ld from its own page);
 *   - generated code that itself stores to its own page (sd of the counter) on every call;
 *   - the code rewritten in place (addi immediate, then a whole new function), flushed, re-run,
 *     and 1,000 alternations of rewriting the addi immediate, flushing and calling;
 *   - N iterations (argv[1], default 100,000; the manifest uses 3,000 because under qemu-riscv64
 *     every iteration costs a host fault and a retranslation, ~20 us) alternating a data write to
 *     the page and a call into code on the page (a translator that write-protects code pages must
 *     make progress, not fault forever).
 * Prints results and checksums compared with the same computation in C; exit 0 when all match. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include "riscv_encode.h"

/* One page: data first, code after it. */
static struct page {
    volatile uint64_t counter;
    volatile uint64_t data[255];
    uint32_t code[256];
} __attribute__((aligned(4096))) pg = { .counter = 1 };
_Static_assert(sizeof(struct page) == 4096, "one page");

typedef uint64_t (*fn_t)(uint64_t);
#define FN ((fn_t)(uintptr_t)pg.code)

static void flush(void) {
    __builtin___clear_cache((char *)pg.code, (char *)(pg.code + 256));
}

/* f(x) = x + counter + data[7] + K, loading both through auipc from the code's own page. */
static int addk_index; /* index of the addi that holds K */
static void gen_reader(int k) {
    int n = 0;
    int32_t off_counter = -(int32_t)offsetof(struct page, code);       /* pc-relative, auipc at code[0] */
    pg.code[n++] = auipc(T0, 0);
    pg.code[n++] = ld(T1, T0, off_counter);
    pg.code[n++] = ld(T2, T0, off_counter + 8 * 8);                     /* data[7] */
    pg.code[n++] = add(A0, A0, T1);
    pg.code[n++] = add(A0, A0, T2);
    addk_index = n;
    pg.code[n++] = addi(A0, A0, k);
    pg.code[n++] = ret_();
}
/* g(x): counter = counter + x; returns (counter ^ data[3]) + 1. The store hits its own page. */
static void gen_writer(void) {
    int32_t off = -(int32_t)offsetof(struct page, code);
    uint16_t *h = (uint16_t *)pg.code;
    uint32_t w[] = { auipc(T0, 0), ld(T1, T0, off), add(T1, T1, A0), sd(T1, T0, off),
                     ld(T2, T0, off + 4 * 8), xor_(A0, T1, T2) };
    for (unsigned i = 0; i < sizeof w / sizeof w[0]; i++) { *h++ = w[i] & 0xffff; *h++ = w[i] >> 16; }
    *h++ = c_addi(A0, 1);       /* compressed tail: a0 += 1; c.jr ra */
    *h++ = c_jr(RA);
}

static int bad;
static void expect(const char *what, uint64_t got, uint64_t want) {
    if (got != want) {
        bad++;
        printf("MISMATCH %s: got %llu want %llu\n", what, (unsigned long long)got, (unsigned long long)want);
    } else
        printf("%-34s %llu\n", what, (unsigned long long)got);
}

int main(int argc, char **argv) {
    long alternations = argc > 1 ? atol(argv[1]) : 100000;
    if (mprotect(&pg, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) { perror("mprotect"); return 2; }
    memset((void *)pg.data, 0, sizeof pg.data);

    /* 1: reader code; data writes between calls, with and without flush */
    gen_reader(5);
    flush();
    expect("reader first call", FN(100), 100 + 1 + 0 + 5);
    pg.counter = 40; pg.data[7] = 2;
    expect("after data write, no flush", FN(100), 100 + 40 + 2 + 5);
    pg.data[7] = 9;
    flush();
    expect("after data write, flushed", FN(100), 100 + 40 + 9 + 5);
    for (int i = 0; i < 10; i++) pg.data[i] = 1000 + i;
    expect("after 10 data writes", FN(0), 40 + 1007 + 5);

    /* 2: rewrite the addi immediate in place, then rewrite again */
    pg.code[addk_index] = addi(A0, A0, -300);
    flush();
    expect("addi patched to -300", FN(1000), 1000 + 40 + 1007 - 300);
    pg.counter = 7;
    pg.code[addk_index] = addi(A0, A0, 2047);
    flush();
    expect("addi patched to 2047", FN(1), 1 + 7 + 1007 + 2047);

    /* 3: a whole new function on the page that stores to its own page */
    gen_writer();
    flush();
    pg.counter = 10; pg.data[3] = 0xff;
    expect("writer call 1", FN(5), ((10 + 5) ^ 0xff) + 1);
    expect("counter after writer", pg.counter, 15);
    uint64_t ref = 15, x = 0;
    for (int i = 0; i < 500; i++) x += FN(i);
    for (int i = 0; i < 500; i++) { ref += i; }
    expect("counter after 500 self-writes", pg.counter, ref);
    uint64_t rx = 0, rc = 15;
    for (int i = 0; i < 500; i++) { rc += i; rx += (rc ^ 0xff) + 1; }
    expect("writer results match model", x, rx);

    /* 4: alternate a data write and a call N times, with a flush now and then */
    gen_reader(3);
    flush();
    uint64_t sum = 0, model = 0;
    for (long i = 0; i < alternations; i++) {
        pg.data[7] = (uint64_t)i * 3;
        pg.counter = (uint64_t)i & 15;
        if (i % 1000 == 0) flush();
        sum = sum * 7 + FN((uint64_t)i);
        model = model * 7 + ((uint64_t)i + ((uint64_t)i & 15) + (uint64_t)i * 3 + 3);
    }
    printf("%ld alternations\n", alternations);
    expect("alternations, checksum", sum, model);

    /* 5: alternate a code rewrite and a call (the K immediate changes every call) */
    sum = model = 0;
    pg.counter = 0; pg.data[7] = 0;
    for (int i = 0; i < 1000; i++) {
        int k = (i * 37) % 4096 - 2048;
        pg.code[addk_index] = addi(A0, A0, k);
        flush();
        sum += FN((uint64_t)i) * (uint64_t)(i + 1);
        model += ((uint64_t)i + (uint64_t)(int64_t)k) * (uint64_t)(i + 1);
    }
    expect("1000 code rewrites, checksum", sum, model);

    if (mprotect(&pg, 4096, PROT_READ | PROT_WRITE) != 0) { perror("mprotect back"); return 2; }
    pg.counter = 99;
    expect("page writable after mprotect RW", pg.counter, 99);
    printf("mismatches %d\n", bad);
    return bad ? 1 : 0;
}
