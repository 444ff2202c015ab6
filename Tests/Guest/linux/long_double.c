/* Guest test: long double (IEEE binary128 in software on riscv64).
 * Reference: RISC-V psABI (long double is 128-bit IEEE quad, passed in integer registers),
 * libgcc soft-fp (__addtf3, __multf3, __divtf3, __extenddftf2, __trunctfdf2, __fixtfdi,
 * __floatditf), glibc printf %Lf/%La and strtold, libm sqrtl/expl/logl.
 * The arithmetic is pure integer code, so it must match bit for bit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <float.h>
#include <stdint.h>

static void bits(const char *label, long double v) {
    uint64_t w[2];
    memcpy(w, &v, sizeof w);
    printf("%-14s %016llx%016llx  %.36Lg\n", label, (unsigned long long)w[1], (unsigned long long)w[0], v);
}

int main(void) {
    printf("sizeof(long double)=%zu LDBL_MANT_DIG=%d LDBL_MAX_EXP=%d LDBL_DIG=%d\n", sizeof(long double), LDBL_MANT_DIG,
           LDBL_MAX_EXP, LDBL_DIG);
    volatile long double one = 1.0L, three = 3.0L, ten = 10.0L, two = 2.0L;
    bits("1/3", one / three);
    bits("2/3", two / three);
    bits("sqrtl(2)", sqrtl(two));
    bits("1/10", one / ten);
    bits("LDBL_MAX", LDBL_MAX);
    bits("LDBL_MIN", LDBL_MIN);
    bits("LDBL_EPSILON", LDBL_EPSILON);
    bits("denorm_min", LDBL_TRUE_MIN);
    bits("-0", -0.0L * one);
    bits("inf", one / (one - one));
    bits("max*2", LDBL_MAX * two);

    /* Series: e = sum 1/n!, pi by Machin's formula; both accurate to ~33 digits. */
    long double e = 0, term = 1;
    for (int n = 0; n < 40; n++) {
        e += term;
        term /= (long double)(n + 1);
    }
    bits("e (series)", e);
    long double pi = 0;
    for (int pass = 0; pass < 2; pass++) {
        long double x = pass == 0 ? 1.0L / 5 : 1.0L / 239, power = x, sum = 0;
        for (int k = 0; k < 60; k++) {
            long double t = power / (2 * k + 1);
            sum += (k & 1) ? -t : t;
            power *= x * x;
        }
        pi += pass == 0 ? 16 * sum : -4 * sum;
    }
    bits("pi (Machin)", pi);
    printf("pi %%.30Lf = %.30Lf\n", pi);
    printf("pi %%La = %La\n", pi);
    printf("e  %%.5Le = %.5Le %%Lg = %Lg\n", e, e);

    /* Conversions between double, float, integers and long double. */
    double d = 0.1;
    long double from_d = d;
    bits("(ld)0.1", from_d);
    printf("(double)(1/3 ld) = %.17g (float) = %.9g\n", (double)(one / three), (double)(float)(one / three));
    long long big = 9007199254740993LL;
    long double from_ll = (long double)big;
    printf("(ld)(2^53+1) exact = %.0Lf back = %lld\n", from_ll, (long long)from_ll);
    unsigned long long umax = UINT64_MAX;
    printf("(ld)UINT64_MAX = %.0Lf (ull)(ld) = %llu\n", (long double)umax, (unsigned long long)(long double)umax);
    printf("(long)-2.75L = %ld (long)1e18L exact: %d\n", (long)(-2.75L * one), (long)(1e18L * one) == 1000000000000000000L);
    __int128 wide = (__int128)(1e35L * one);
    printf("(int128)1e35L high=%llx low=%llx\n", (unsigned long long)(wide >> 64), (unsigned long long)wide);

    /* Comparisons, including NaN. */
    long double nan = nanl("");
    printf("nan==nan %d nan<1 %d 1<2 %d -0==0 %d isnan %d isinf %d\n", nan == nan, nan < one, one < two,
           -0.0L * one == 0.0L, isnan(nan), isinf(one / (one - one)));

    /* strtold round trip and libm. */
    const char *texts[] = {"3.14159265358979323846264338327950288", "1e4932", "1e4933", "1e-4950", "0x1.23456789abcdef0123456789abcdp+100"};
    for (int i = 0; i < 5; i++) {
        long double v = strtold(texts[i], NULL);
        bits(texts[i] + (strlen(texts[i]) > 14 ? strlen(texts[i]) - 14 : 0), v);
    }
    bits("expl(1)", expl(one));
    bits("logl(10)", logl(ten));
    bits("powl(2,0.5)", powl(two, 0.5L));
    bits("sinl(1)", sinl(one));
    bits("fmal", fmal(one / three, three, -one));
    /* A sum that loses everything in double but not in quad. */
    long double acc = 1e20L;
    for (int i = 0; i < 1000; i++) acc += 0.001L;
    acc -= 1e20L;
    printf("1e20 + 1000*0.001 - 1e20 = %.20Lg (double would give %.20g)\n", acc, (1e20 + 1.0) - 1e20);
    return 0;
}
