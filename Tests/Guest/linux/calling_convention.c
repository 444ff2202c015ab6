/* Guest test: the RISC-V calling convention through ordinary C calls.
 * Reference: RISC-V ELF psABI, "Integer Calling Convention" and "Hardware Floating-point
 * Calling Convention" (a0-a7, fa0-fa7, stack spill beyond 8 arguments, small structs in
 * register pairs, float+int structs split across fa/a registers, large structs by reference,
 * variadic arguments passed in integer registers), ISO C11 7.16 (stdarg.h).
 * Exit status: 0. */
#include <stdio.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

struct pair { int64_t a, b; };
struct mixed { double d; int32_t i; };
struct two_floats { float x, y; };
struct big { int64_t v[6]; };
struct tiny { uint8_t a, b, c; };

static int64_t __attribute__((noinline)) many_ints(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f,
                                                   int64_t g, int64_t h, int64_t i, int64_t j, int64_t k, int32_t l) {
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j + 11 * k + 12 * (int64_t)l;
}

static double __attribute__((noinline)) many_doubles(double a, double b, double c, double d, double e, double f, double g,
                                                     double h, double i, double j, float k, double l) {
    return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10 + (double)k * 11 + l * 12;
}

static double __attribute__((noinline)) interleaved(int a, double b, int c, float d, long e, double f, char g, double h,
                                                    short i, double j, int k, double l, int m, double n, int o, double p,
                                                    int q, double r) {
    return a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r;
}

static struct pair __attribute__((noinline)) swap_pair(struct pair p) {
    struct pair r = {p.b * 10, p.a * 10};
    return r;
}

static struct mixed __attribute__((noinline)) scale_mixed(struct mixed m, double factor) {
    struct mixed r = {m.d * factor, m.i * 3};
    return r;
}

static struct two_floats __attribute__((noinline)) rotate(struct two_floats p) {
    struct two_floats r = {-p.y, p.x};
    return r;
}

static struct big __attribute__((noinline)) big_double(struct big b) {
    for (int i = 0; i < 6; i++) b.v[i] *= 2;
    return b;
}

static uint32_t __attribute__((noinline)) tiny_sum(struct tiny t, struct tiny u) {
    return (uint32_t)(t.a + t.b + t.c) * 1000u + u.a + u.b + u.c;
}

static long double __attribute__((noinline)) quad_args(int a, long double x, long double y, int b) {
    return (x - y) * a + b;
}

static double sum_variadic(int count, ...) {
    va_list ap;
    va_start(ap, count);
    double total = 0;
    for (int i = 0; i < count; i++) {
        int kind = va_arg(ap, int);
        if (kind == 0) total += va_arg(ap, int);
        else if (kind == 1) total += va_arg(ap, double);
        else if (kind == 2) total += (double)va_arg(ap, long long);
        else if (kind == 3) total += (double)va_arg(ap, long double);
        else total += (double)va_arg(ap, struct pair).b;
    }
    va_end(ap);
    return total;
}

static void forward(char *out, size_t n, const char *fmt, ...) {
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int needed = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    int written = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    if (needed != written) strcpy(out, "va_copy mismatch");
}

typedef int64_t (*binary_op)(int64_t, int64_t);
static int64_t op_add(int64_t a, int64_t b) { return a + b; }
static int64_t op_mul(int64_t a, int64_t b) { return a * b; }
static int64_t op_sub(int64_t a, int64_t b) { return a - b; }

int main(void) {
    volatile int64_t seed = 3;
    printf("many_ints=%lld\n", (long long)many_ints(seed, seed + 1, seed + 2, seed + 3, seed + 4, seed + 5, seed + 6,
                                                    seed + 7, seed + 8, seed + 9, seed + 10, -(int32_t)seed));
    volatile double ds = 0.5;
    printf("many_doubles=%.17g\n", many_doubles(ds, ds + 1, ds + 2, ds + 3, ds + 4, ds + 5, ds + 6, ds + 7, ds + 8, ds + 9,
                                                (float)(ds + 10), ds + 11));
    printf("interleaved=%.17g\n", interleaved(1, ds, 2, (float)ds, 3, ds, 4, ds, 5, ds, 6, ds, 7, ds, 8, ds, 9, ds));
    struct pair p = swap_pair((struct pair){(int64_t)seed, -(int64_t)seed * 7});
    printf("swap_pair=%lld,%lld\n", (long long)p.a, (long long)p.b);
    struct mixed m = scale_mixed((struct mixed){ds * 3, -5}, ds * 4);
    printf("scale_mixed=%.17g,%d\n", m.d, m.i);
    struct two_floats r = rotate((struct two_floats){1.5f, (float)ds});
    printf("rotate=%g,%g\n", (double)r.x, (double)r.y);
    struct big b = {{1, 2, 3, 4, 5, (int64_t)seed}};
    struct big b2 = big_double(b);
    printf("big_double=%lld %lld %lld (original unchanged: %lld)\n", (long long)b2.v[0], (long long)b2.v[3],
           (long long)b2.v[5], (long long)b.v[5]);
    printf("tiny_sum=%u\n", tiny_sum((struct tiny){1, 2, 3}, (struct tiny){40, 50, (uint8_t)seed}));
    printf("quad_args=%.30Lg\n", quad_args((int)seed, 1.0L / 3, 1.0L / 7, 100));
    struct pair vp = {1, 1000};
    printf("variadic=%.17g\n", sum_variadic(6, 0, -7, 1, 2.25, 2, 1LL << 40, 3, 0.125L, 4, vp, 1, (double)(float)ds));
    char buf[128];
    forward(buf, sizeof buf, "%s|%d|%.3f|%lld|%c|%Lg", "fwd", 42, 3.14159, -1LL, 'z', 2.5L);
    printf("forward=%s\n", buf);
    binary_op ops[] = {op_add, op_mul, op_sub};
    int64_t acc = 1;
    for (int i = 0; i < 30; i++) acc = ops[i % 3](acc, i + 2);
    printf("function pointers acc=%lld\n", (long long)acc);
    return 0;
}
