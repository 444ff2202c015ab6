/* Guest test: printf floating-point conversions.
 * Reference: ISO C11 7.21.6.1 (fprintf: %e %E %f %F %g %G %a %A), IEEE 754-2008 binary64.
 * Prints many doubles (normal, subnormal, huge, tiny, signed zero, inf, nan) with every
 * floating conversion, flags, widths and precisions, plus float->double promotion. */
#pragma GCC diagnostic ignored "-Wformat-truncation"
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <string.h>

static unsigned checksum = 0;

static void emit(const char *line) {
    for (const char *p = line; *p; p++) checksum = checksum * 131u + (unsigned char)*p;
    puts(line);
}

int main(void) {
    static const double values[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.0 / 3.0, 2.0 / 3.0, 3.14159265358979323846, 2.718281828459045,
        100.0, 123456.789, 1e-5, 1e-300, 1e300, 9.999999e9, 0.000123456, 1.5e-10, 5e-324,
        2.2250738585072014e-308, 2.2250738585072009e-308, DBL_MAX, DBL_MIN, DBL_EPSILON,
        1e15, 1e16, 1e17, 123456789012345678.0, 0.95, 0.05, 2.5, 3.5, -2.5, 1e21, 1e22, 1e23,
        4503599627370496.5, 0.30000000000000004, 1.7976931348623157e308 / 3.0,
    };
    char buf[512];
    size_t n = sizeof values / sizeof values[0];
    for (size_t i = 0; i < n; i++) {
        double v = values[i];
        snprintf(buf, sizeof buf, "%zu: [%e] [%E] [%f] [%F] [%g] [%G] [%a] [%A]", i, v, v, v, v, v, v, v, v);
        emit(buf);
        snprintf(buf, sizeof buf, "   [%.0e] [%.3e] [%.17e] [%.0f] [%.2f] [%.10f] [%.0g] [%.3g] [%.17g] [%.20g]",
                 v, v, v, v, v, v, v, v, v, v);
        emit(buf);
        if (i % 2 != 0) continue;
        snprintf(buf, sizeof buf, "   [%#.0e] [%#.0f] [%#g] [%#.3g] [%.0a] [%.3a] [%.13a] [%#a] [%.1A]",
                 v, v, v, v, v, v, v, v, v);
        emit(buf);
        if (i % 3 != 0) continue;
        snprintf(buf, sizeof buf, "   [%15.4e] [%-15.4e|] [%+e] [% e] [%015.4e] [%+015.4f] [%-+15.2f|] [%15g] [%015g]",
                 v, v, v, v, v, v, v, v, v);
        emit(buf);
    }
    /* Huge %f output (DBL_MAX has 309 digits) measured by length and a prefix. */
    snprintf(buf, sizeof buf, "%f", DBL_MAX);
    printf("DBL_MAX %%f len=%zu head=%.40s tail=%s\n", strlen(buf), buf, buf + strlen(buf) - 20);
    snprintf(buf, sizeof buf, "%.60f", 5e-324);
    printf("denorm_min %%.60f=%s\n", buf);
    snprintf(buf, sizeof buf, "%.400e", 5e-324);
    printf("denorm_min %%.400e len=%zu head=%.60s\n", strlen(buf), buf);
    /* Non-finite values. */
    double specials[] = {INFINITY, -INFINITY, NAN, -NAN};
    for (int i = 0; i < 4; i++) {
        double v = specials[i];
        snprintf(buf, sizeof buf, "special %d: [%e] [%E] [%f] [%F] [%g] [%G] [%a] [%A] [%10f] [%-10F|] [%+f] [% f] [%010f]",
                 i, v, v, v, v, v, v, v, v, v, v, v, v, v);
        emit(buf);
    }
    /* Values computed at run time (so the compiler cannot fold them). */
    volatile double acc = 1.0;
    for (int i = 0; i < 12; i++) {
        acc = acc * 7.0 / 3.0 - 0.125;
        snprintf(buf, sizeof buf, "acc[%d] %.17g %a %.6e", i, acc, acc, acc);
        emit(buf);
    }
    volatile double tiny = 1.0;
    for (int i = 0; i < 1080; i++) {
        tiny /= 2.0;
        if (i % 150 == 0 || i > 1071) {
            snprintf(buf, sizeof buf, "2^-%d = %.17g %a", i + 1, tiny, tiny);
            emit(buf);
        }
    }
    volatile double big = 1.0;
    for (int i = 0; i < 1025; i++) {
        big *= 2.0;
        if (i % 200 == 0 || i > 1020) {
            snprintf(buf, sizeof buf, "2^%d = %.17g %a", i + 1, big, big);
            emit(buf);
        }
    }
    /* float arguments are promoted to double. */
    float fvals[] = {0.1f, 1.0f / 3.0f, 16777217.0f, FLT_MAX, FLT_MIN, 1e-45f, -2.5f};
    for (int i = 0; i < 7; i++) {
        snprintf(buf, sizeof buf, "float %d: %.9g %a %e", i, fvals[i], fvals[i], fvals[i]);
        emit(buf);
    }
    /* Rounding of halfway cases in decimal output (glibc rounds exactly, ties-to-even in current mode). */
    double halves[] = {0.125, 0.375, 2.5, 1.5, 0.5, 1.25, 1.35, 1.45, 1000000.5};
    for (int i = 0; i < 9; i++) {
        snprintf(buf, sizeof buf, "half %g: %.0f %.1f %.2f %.1e", halves[i], halves[i], halves[i], halves[i], halves[i]);
        emit(buf);
    }
    printf("checksum=%08x\n", checksum);
    return 0;
}
