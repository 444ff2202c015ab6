/* Guest test: numeric conversions between text and binary.
 * Reference: ISO C11 7.22.1 (strtol, strtoul, strtoll, strtod, strtof, strtold, atoi),
 * 7.21.6.2/7.21.6.7 (fscanf/sscanf), 7.21.6.5 (snprintf). Prints value, end offset and errno name. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <math.h>

static const char *errno_name(int e) {
    return e == 0 ? "0" : e == ERANGE ? "ERANGE" : e == EINVAL ? "EINVAL" : "other";
}

int main(void) {
    static const char *ints[] = {
        "0", "42", "-42", "+17", "   123abc", "0x1F", "0X7fffffff", "077", "09", "z", "", "  -0x10",
        "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "-1", "0x", "1e5", "  \t\n+99 ", "0b101", "-", "0xffffffffffffffff", "zzzz", "123456789012345678901234567890",
    };
    static const int bases[] = {0, 10, 16, 8, 2, 36};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        const char *s = ints[i];
        char *end;
        printf("\"%s\":", s);
        for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
            errno = 0;
            long v = strtol(s, &end, bases[b]);
            printf(" b%d=%ld/%ld/%s", bases[b], v, (long)(end - s), errno_name(errno));
        }
        errno = 0;
        unsigned long u = strtoul(s, &end, 0);
        printf(" ul=%lu/%ld/%s", u, (long)(end - s), errno_name(errno));
        errno = 0;
        long long ll = strtoll(s, &end, 0);
        printf(" ll=%lld/%s", ll, errno_name(errno));
        errno = 0;
        unsigned long long ull = strtoull(s, &end, 0);
        printf(" ull=%llu/%s atoi=%d\n", ull, errno_name(errno), atoi(s));
    }
    errno = 0;
    long bad = strtol("10", NULL, 1);
    printf("strtol base 1: %ld errno=%s\n", bad, errno_name(errno));
    errno = 0;
    bad = strtol("10", NULL, 37);
    printf("strtol base 37: %ld errno=%s\n", bad, errno_name(errno));

    static const char *floats[] = {
        "0", "-0", "1", "3.14159", "  -2.5e-3xyz", "1e308", "1e309", "-1e309", "1e-320", "1e-400",
        "2.2250738585072011e-308", "0x1.8p1", "0x.8p-3", "0X1P-1074", "inf", "-Infinity", "nan", "NAN(123)",
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", ".5", "5.", ".", "e5",
        "123456789012345678901234567890", "0.1", "0.30000000000000004", "4.9406564584124654e-324",
        "2.4703282292062328e-324", "2.4703282292062327e-324", "9007199254740993", "1e23", "8.589973e9",
    };
    for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
        const char *s = floats[i];
        char *end;
        errno = 0;
        double d = strtod(s, &end);
        int e = errno;
        long consumed = (long)(end - s);
        errno = 0;
        float f = strtof(s, NULL);
        int ef = errno;
        errno = 0;
        long double ld = strtold(s, NULL);
        printf("\"%s\": d=%.17g %a end=%ld errno=%s f=%.9g %a errno=%s ld=%.21Lg\n", s, d, d, consumed, errno_name(e),
               (double)f, (double)f, errno_name(ef), ld);
    }
    printf("atof=%g atol=%ld atoll=%lld\n", atof("6.25e1"), atol("-123456789"), atoll("-9000000000000000000"));

    /* Round trip: %.17g must reproduce the exact double. */
    unsigned long long state = 88172645463325252ull, mismatches = 0;
    for (int i = 0; i < 2000; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        double d;
        unsigned long long bits = state & 0x7FEFFFFFFFFFFFFFull; /* finite */
        memcpy(&d, &bits, sizeof d);
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", d);
        double back = strtod(buf, NULL);
        mismatches += memcmp(&back, &d, sizeof d) != 0;
        snprintf(buf, sizeof buf, "%a", d);
        back = strtod(buf, NULL);
        mismatches += memcmp(&back, &d, sizeof d) != 0;
        if (i % 400 == 0) printf("roundtrip sample %s\n", buf);
    }
    printf("roundtrip mismatches=%llu\n", mismatches);

    /* sscanf. */
    int a = 0, b = 0, n = 0;
    unsigned x = 0;
    long long q = 0;
    double dv = 0;
    float fv = 0;
    char word[32] = "", rest[32] = "", set[32] = "";
    char ch = 0;
    int r = sscanf("  12 -34 ff 0777 3.5e2 2.25 token [abc]def x", "%d %i %x %llo %lf %f %31s [%31[a-z]]%31s %c", &a, &b,
                   &x, &q, &dv, &fv, word, set, rest, &ch);
    printf("sscanf r=%d a=%d b=%d x=%u q=%lld dv=%g fv=%g word=%s set=%s rest=%s ch=%c\n", r, a, b, x, q, dv, (double)fv,
           word, set, rest, ch);
    r = sscanf("0x1A 010 -0", "%i %i %i%n", &a, &b, (int *)&x, &n);
    printf("sscanf %%i r=%d %d %d %d n=%d\n", r, a, b, (int)x, n);
    r = sscanf("abc", "%d", &a);
    printf("sscanf mismatch r=%d\n", r);
    r = sscanf("", "%d", &a);
    printf("sscanf empty r=%d (EOF=%d)\n", r, EOF);
    r = sscanf("key=value;other", "%31[^=]=%31[^;];%31s", word, rest, set);
    printf("sscanf scanset r=%d [%s] [%s] [%s]\n", r, word, rest, set);
    r = sscanf("12345678", "%3d%2d%*d%n", &a, &b, &n);
    printf("sscanf widths r=%d a=%d b=%d n=%d\n", r, a, b, n);
    r = sscanf("inf nan -0x1p-2", "%lf %f %lf", &dv, &fv, (double *)&q);
    double third;
    memcpy(&third, &q, sizeof third);
    printf("sscanf special r=%d %g %g %g\n", r, dv, (double)fv, third);
    unsigned char hh = 0;
    short h = 0;
    r = sscanf("300 70000", "%hhu %hd", &hh, &h);
    printf("sscanf hh/h r=%d hh=%u h=%d\n", r, hh, h);
    return 0;
}
