/* Guest program for the disassembler golden test: exercises every RV64GC instruction family the compiler
 * emits (integer, M, A, F, D) plus the forms it never chooses by itself, written with inline assembly:
 * explicit rounding modes, fused multiply-adds, sign injection, classification, CSR reads and writes,
 * fences and atomics with every ordering. Linked statically with glibc, so the binary also carries tens of
 * thousands of library instructions. Build with -fno-math-errno (sqrt, fma, lrint inline, no libm).
 * It is only disassembled, never run by the tests. */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double fp_double(double a, double b, double c) {
    double r;
    __asm__ volatile("fmadd.d %0, %1, %2, %3, rtz" : "=f"(r) : "f"(a), "f"(b), "f"(c));
    __asm__ volatile("fmsub.d %0, %1, %2, %3, rne" : "=f"(r) : "f"(r), "f"(b), "f"(c));
    __asm__ volatile("fnmadd.d %0, %1, %2, %3, rdn" : "=f"(r) : "f"(r), "f"(b), "f"(c));
    __asm__ volatile("fnmsub.d %0, %1, %2, %3, rup" : "=f"(r) : "f"(r), "f"(b), "f"(c));
    __asm__ volatile("fadd.d %0, %1, %2, rmm" : "=f"(r) : "f"(r), "f"(a));
    __asm__ volatile("fsub.d %0, %1, %2, rtz" : "=f"(r) : "f"(r), "f"(a));
    __asm__ volatile("fmul.d %0, %1, %2, rdn" : "=f"(r) : "f"(r), "f"(a));
    __asm__ volatile("fdiv.d %0, %1, %2, rup" : "=f"(r) : "f"(r), "f"(b));
    __asm__ volatile("fsqrt.d %0, %1, rne" : "=f"(r) : "f"(r));
    __asm__ volatile("fsgnjn.d %0, %1, %2" : "=f"(r) : "f"(r), "f"(a));
    __asm__ volatile("fsgnjx.d %0, %1, %2" : "=f"(r) : "f"(r), "f"(b));
    __asm__ volatile("fmin.d %0, %1, %2" : "=f"(r) : "f"(r), "f"(b));
    __asm__ volatile("fmax.d %0, %1, %2" : "=f"(r) : "f"(r), "f"(c));
    return r + fma(a, b, c) + sqrt(fabs(c)) + copysign(a, b);
}

static float fp_single(float a, float b, float c) {
    float r;
    __asm__ volatile("fmadd.s %0, %1, %2, %3, rmm" : "=f"(r) : "f"(a), "f"(b), "f"(c));
    __asm__ volatile("fmsub.s %0, %1, %2, %3" : "=f"(r) : "f"(r), "f"(b), "f"(c));
    __asm__ volatile("fnmadd.s %0, %1, %2, %3, rtz" : "=f"(r) : "f"(r), "f"(b), "f"(c));
    __asm__ volatile("fnmsub.s %0, %1, %2, %3, rne" : "=f"(r) : "f"(r), "f"(b), "f"(c));
    __asm__ volatile("fadd.s %0, %1, %2, rdn" : "=f"(r) : "f"(r), "f"(a));
    __asm__ volatile("fsqrt.s %0, %1, rup" : "=f"(r) : "f"(r));
    __asm__ volatile("fsgnj.s %0, %1, %2" : "=f"(r) : "f"(r), "f"(a));
    return r + fmaf(a, b, c) + sqrtf(fabsf(c)) + (a < b ? a : b);
}

static long conversions(double d, float f, long l, unsigned long u, int i, unsigned w) {
    long sum = 0, t;
    double dd;
    float ff;
    __asm__ volatile("fcvt.w.d %0, %1, rtz" : "=r"(t) : "f"(d)); sum += t;
    __asm__ volatile("fcvt.wu.d %0, %1, rne" : "=r"(t) : "f"(d)); sum += t;
    __asm__ volatile("fcvt.l.d %0, %1, rdn" : "=r"(t) : "f"(d)); sum += t;
    __asm__ volatile("fcvt.lu.d %0, %1, rup" : "=r"(t) : "f"(d)); sum += t;
    __asm__ volatile("fcvt.w.s %0, %1, rmm" : "=r"(t) : "f"(f)); sum += t;
    __asm__ volatile("fcvt.wu.s %0, %1" : "=r"(t) : "f"(f)); sum += t;
    __asm__ volatile("fcvt.l.s %0, %1, rtz" : "=r"(t) : "f"(f)); sum += t;
    __asm__ volatile("fcvt.lu.s %0, %1, rne" : "=r"(t) : "f"(f)); sum += t;
    __asm__ volatile("fcvt.s.l %0, %1, rdn" : "=f"(ff) : "r"(l)); sum += (long)ff;
    __asm__ volatile("fcvt.s.lu %0, %1, rup" : "=f"(ff) : "r"(u)); sum += (long)ff;
    __asm__ volatile("fcvt.s.w %0, %1, rmm" : "=f"(ff) : "r"(i)); sum += (long)ff;
    __asm__ volatile("fcvt.s.wu %0, %1, rtz" : "=f"(ff) : "r"(w)); sum += (long)ff;
    __asm__ volatile("fcvt.d.l %0, %1, rne" : "=f"(dd) : "r"(l)); sum += (long)dd;
    __asm__ volatile("fcvt.d.lu %0, %1, rdn" : "=f"(dd) : "r"(u)); sum += (long)dd;
    __asm__ volatile("fcvt.d.w %0, %1" : "=f"(dd) : "r"(i)); sum += (long)dd;
    __asm__ volatile("fcvt.d.wu %0, %1" : "=f"(dd) : "r"(w)); sum += (long)dd;
    __asm__ volatile("fcvt.s.d %0, %1, rup" : "=f"(ff) : "f"(d)); sum += (long)ff;
    __asm__ volatile("fcvt.d.s %0, %1" : "=f"(dd) : "f"(f)); sum += (long)dd;
    __asm__ volatile("fclass.d %0, %1" : "=r"(t) : "f"(d)); sum += t;
    __asm__ volatile("fclass.s %0, %1" : "=r"(t) : "f"(f)); sum += t;
    __asm__ volatile("fmv.x.d %0, %1" : "=r"(t) : "f"(d)); sum += t;
    __asm__ volatile("fmv.x.w %0, %1" : "=r"(t) : "f"(f)); sum += t;
    __asm__ volatile("fmv.d.x %0, %1" : "=f"(dd) : "r"(l)); sum += (long)dd;
    __asm__ volatile("fmv.w.x %0, %1" : "=f"(ff) : "r"(l)); sum += (long)ff;
    /* With -fno-math-errno these builtins become single instructions (no libm needed). */
    return sum + (long)lrint(d) + (long)llroundf(f);
}

static unsigned long control_status_registers(void) {
    unsigned long sum = 0, t;
    __asm__ volatile("frrm %0" : "=r"(t)); sum += t;
    __asm__ volatile("frflags %0" : "=r"(t)); sum += t;
    __asm__ volatile("frcsr %0" : "=r"(t)); sum += t;
    __asm__ volatile("fsrm %0, %1" : "=r"(t) : "r"(sum & 3)); sum += t;
    __asm__ volatile("fsrmi %0, 2" : "=r"(t)); sum += t;
    __asm__ volatile("fsflags %0, %1" : "=r"(t) : "r"(0)); sum += t;
    __asm__ volatile("fsflagsi %0, 1" : "=r"(t)); sum += t;
    __asm__ volatile("csrrci %0, fflags, 31" : "=r"(t)); sum += t;
    __asm__ volatile("csrrc %0, fcsr, %1" : "=r"(t) : "r"(sum)); sum += t;
    __asm__ volatile("csrr %0, cycle" : "=r"(t)); sum += t;
    __asm__ volatile("csrr %0, time" : "=r"(t)); sum += t;
    __asm__ volatile("csrr %0, instret" : "=r"(t)); sum += t;
    __asm__ volatile("csrr %0, hpmcounter3" : "=r"(t)); sum += t;
    __asm__ volatile("csrr %0, hpmcounter31" : "=r"(t)); sum += t;
    __asm__ volatile("csrr %0, 0x7c0" : "=r"(t)); sum += t;
    return sum;
}

static long atomics(long *p, int *q, long v) {
    long r = 0, t;
    __asm__ volatile("amoswap.d %0, %2, (%1)" : "=r"(t) : "r"(p), "r"(v) : "memory"); r += t;
    __asm__ volatile("amoadd.d.aq %0, %2, (%1)" : "=r"(t) : "r"(p), "r"(v) : "memory"); r += t;
    __asm__ volatile("amoxor.d.rl %0, %2, (%1)" : "=r"(t) : "r"(p), "r"(v) : "memory"); r += t;
    __asm__ volatile("amoand.d.aqrl %0, %2, (%1)" : "=r"(t) : "r"(p), "r"(v) : "memory"); r += t;
    __asm__ volatile("amoor.w %0, %2, (%1)" : "=r"(t) : "r"(q), "r"(v) : "memory"); r += t;
    __asm__ volatile("amomin.w.aq %0, %2, (%1)" : "=r"(t) : "r"(q), "r"(v) : "memory"); r += t;
    __asm__ volatile("amomax.w.rl %0, %2, (%1)" : "=r"(t) : "r"(q), "r"(v) : "memory"); r += t;
    __asm__ volatile("amominu.d.aqrl %0, %2, (%1)" : "=r"(t) : "r"(p), "r"(v) : "memory"); r += t;
    __asm__ volatile("amomaxu.w %0, %2, (%1)" : "=r"(t) : "r"(q), "r"(v) : "memory"); r += t;
    __asm__ volatile("lr.d.aqrl %0, (%1)" : "=r"(t) : "r"(p) : "memory"); r += t;
    __asm__ volatile("sc.d.rl %0, %2, (%1)" : "=r"(t) : "r"(p), "r"(v) : "memory"); r += t;
    __asm__ volatile("lr.w.aq %0, (%1)" : "=r"(t) : "r"(q) : "memory"); r += t;
    __asm__ volatile("sc.w %0, %2, (%1)" : "=r"(t) : "r"(q), "r"(v) : "memory"); r += t;
    __asm__ volatile("fence rw, w" ::: "memory");
    __asm__ volatile("fence r, rw" ::: "memory");
    __asm__ volatile("fence.tso" ::: "memory");
    __asm__ volatile("fence.i" ::: "memory");
    _Atomic long counter = v;
    atomic_fetch_add(&counter, 3);
    atomic_fetch_sub_explicit(&counter, 1, memory_order_relaxed);
    long expected = 5;
    atomic_compare_exchange_strong(&counter, &expected, 9);
    return r + atomic_load(&counter);
}

static uint64_t integer(uint64_t a, uint64_t b, int64_t c, uint32_t d) {
    uint64_t r = a * b + (a / (b | 1)) + (a % (b | 3)) + (uint64_t)(c / 7) + (uint64_t)(c % 5);
    r += (uint64_t)((__int128)a * b >> 64) + (uint64_t)((unsigned __int128)a * b >> 64);
    r += (uint64_t)(d * 3u / (d | 1u)) + (uint64_t)((int32_t)d >> 3) + (d << 5) + (a >> (b & 63));
    r += (uint64_t)(c >> (a & 63)) + (uint64_t)((int32_t)d / 3) + (uint64_t)((int32_t)d % 9);
    r ^= (a < b) + (c < 0) + (d > 17u) + (uint64_t)(c < -5);
    r += 0x123456789abcdefULL;
    return r;
}

int main(int argc, char **argv) {
    long cells[4] = {1, 2, 3, 4};
    int words[4] = {5, 6, 7, 8};
    double d = argc > 1 ? atof(argv[1]) : 2.5;
    float f = (float)d * 1.5f;
    long total = (long)fp_double(d, d + 1, d - 1) + (long)fp_single(f, f + 2, f - 3);
    total += conversions(d, f, argc, (unsigned long)argc * 7, -argc, (unsigned)argc);
    total += (long)control_status_registers();
    total += atomics(cells, words, argc);
    total += (long)integer((uint64_t)argc * 1234567, (uint64_t)total, -argc, (uint32_t)argc);
    char buffer[64];
    snprintf(buffer, sizeof buffer, "%ld %g %s", total, d, argc > 2 ? argv[2] : "none");
    puts(buffer);
    return (int)(strlen(buffer) & 1);
}
