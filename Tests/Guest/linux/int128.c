/* Guest test: 128-bit integer arithmetic.
 * Reference: GCC __int128 / unsigned __int128 (libgcc __multi3, __divti3, __udivti3, __modti3,
 * __umodti3), RISC-V M extension mul/mulhu/mulh used for 64x64->128 products.
 * Computes factorials, powers, Fibonacci numbers, modular exponentiation and division
 * identities, printing full 128-bit values in decimal and hex. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

static char *u128_to_string(u128 v, char *buf) {
    char tmp[48];
    int n = 0;
    do { tmp[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return buf;
}

static char *s128_to_string(s128 v, char *buf) {
    if (v < 0) {
        buf[0] = '-';
        u128_to_string(-(u128)v, buf + 1);
        return buf;
    }
    return u128_to_string((u128)v, buf);
}

static void print_hex(const char *label, u128 v) {
    printf("%s=%016llx%016llx\n", label, (unsigned long long)(v >> 64), (unsigned long long)v);
}

static u128 mulmod(u128 a, u128 b, u128 m) { /* m < 2^64, so a*b fits */
    return (a % m) * (b % m) % m;
}

static u128 powmod(u128 base, u128 exp, u128 m) {
    u128 result = 1;
    base %= m;
    while (exp) {
        if (exp & 1) result = mulmod(result, base, m);
        base = mulmod(base, base, m);
        exp >>= 1;
    }
    return result;
}

int main(void) {
    char a[64], b[64], c[64], d4[64];
    u128 f = 1;
    for (int i = 1; i <= 34; i++) {
        f *= (u128)i;
        if (i >= 20 && i % 2 == 0) printf("%d! = %s\n", i, u128_to_string(f, a));
    }
    u128 x = 0, y = 1;
    for (int i = 0; i < 185; i++) { u128 t = x + y; x = y; y = t; }
    printf("fib(185) = %s\n", u128_to_string(x, a));
    u128 p = 1;
    for (int i = 0; i < 127; i++) p *= 2;
    printf("2^127 = %s\n", u128_to_string(p, a));
    u128 max = ~(u128)0;
    printf("u128 max = %s\n", u128_to_string(max, a));
    s128 smin = (s128)p; /* wraps to the most negative value */
    printf("s128 min = %s\n", s128_to_string(smin, a));
    print_hex("max", max);

    /* Division identities with mixed signs: q*d + r == n, |r| < |d|, sign(r) == sign(n). */
    volatile s128 values[] = {
        (s128)12345678901234567ll * 1000000007, -(s128)98765432109876543ll * 99991, 7, -7, (s128)1 << 100,
        -((s128)1 << 100) + 3, (s128)INT64_MAX * 3, (s128)INT64_MIN * 5,
    };
    volatile s128 divisors[] = {3, -3, 1000000007, -((s128)1 << 70), (s128)UINT64_MAX, 2, -1, (s128)123456789 << 40};
    int identity_failures = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            s128 n = values[i], d = divisors[j];
            s128 q = n / d, r = n % d;
            identity_failures += q * d + r != n;
            identity_failures += (r < 0 ? -r : r) >= (d < 0 ? -d : d);
            identity_failures += r != 0 && (r < 0) != (n < 0);
            if (j == 2 || j == 3) printf("%s / %s = %s rem %s\n", s128_to_string(n, a), s128_to_string(d, b),
                                         s128_to_string(q, c), s128_to_string(r, d4));
        }
    printf("identity failures=%d\n", identity_failures);

    /* Unsigned division by large divisors and shifts across the 64-bit boundary. */
    volatile u128 big = max - 12345;
    volatile u128 dv = ((u128)1 << 64) + 99;
    print_hex("big/dv", big / dv);
    print_hex("big%dv", big % dv);
    print_hex("big>>63", big >> 63);
    print_hex("big<<65", big << 65);
    s128 neg = -(s128)big;
    print_hex("(-big)>>3 arithmetic", (u128)(neg >> 3));

    /* 64x64 -> 128 products agree with mulhu. */
    uint64_t s = 0x9E3779B97F4A7C15ull;
    u128 accumulate = 0;
    for (int i = 0; i < 1000; i++) {
        s ^= s << 7; s ^= s >> 9;
        uint64_t t = s * 0xD1B54A32D192ED03ull;
        u128 prod = (u128)s * t;
        accumulate += prod ^ (accumulate >> 17);
    }
    print_hex("product accumulator", accumulate);

    /* Modular exponentiation: Fermat test for a few 61-bit numbers. */
    u128 mersenne61 = ((u128)1 << 61) - 1;
    printf("3^(M61-1) mod M61 = %s (prime => 1)\n", u128_to_string(powmod(3, mersenne61 - 1, mersenne61), a));
    u128 composite = (u128)2147483647 * 2147483629ull;
    printf("2^(n-1) mod n for n=%s: %s\n", u128_to_string(composite, a), u128_to_string(powmod(2, composite - 1, composite), b));
    /* Conversions to and from double. */
    double dd = (double)max;
    u128 from_double = (u128)1.5e30;
    printf("(double)max=%.17g (u128)1.5e30=%s (s128)-2.5e20=%s\n", dd, u128_to_string(from_double, a),
           s128_to_string((s128)-2.5e20, b));
    return identity_failures;
}
