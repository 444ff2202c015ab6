/* Guest test: libm elementary functions on many arguments.
 * Reference: ISO C11 7.12 (math.h), glibc libm double and float implementations (which use
 * fmadd/fmsub, fsqrt, fcvt and integer bit manipulation), IEEE 754-2008 chapter 9.
 * Each result is printed with %.17g (double) or %.9g (float), so any difference in a
 * floating-point instruction shows. Special values (0, -0, inf, nan, huge, tiny) included. */
#include <stdio.h>
#include <math.h>
#include <float.h>
#include <stdint.h>
#include <string.h>

static uint64_t checksum = 0;

static void fold(double v) {
    uint64_t b;
    memcpy(&b, &v, 8);
    checksum = (checksum ^ b) * 0x100000001B3ull;
}

int main(void) {
    static volatile double xs[] = {0.0, -0.0, 1e-300, 1e-10, 0.1, 0.5, 0.7853981633974483, 1.0, 1.5, 2.0,
                                3.141592653589793, 10.0, 100.5, 1e5, 1e22, -0.3, -1.0, -2.5, -1e3, 710.0,
                                -745.5, INFINITY, -INFINITY, NAN};
    size_t n = sizeof xs / sizeof xs[0];
    for (size_t i = 0; i < n; i++) {
        double x = xs[i];
        printf("x=%-22.17g sin=%.17g cos=%.17g tan=%.17g\n", x, sin(x), cos(x), tan(x));
        printf("   exp=%.17g expm1=%.17g exp2=%.17g log=%.17g log1p=%.17g\n", exp(x), expm1(x), exp2(x), log(x), log1p(x));
        printf("   log2=%.17g log10=%.17g sqrt=%.17g cbrt=%.17g atan=%.17g\n", log2(x), log10(x), sqrt(x), cbrt(x), atan(x));
        printf("   floor=%.17g ceil=%.17g trunc=%.17g round=%.17g sinh=%.17g tanh=%.17g\n", floor(x), ceil(x), trunc(x),
               round(x), sinh(x), tanh(x));
        fold(sin(x)); fold(cos(x)); fold(exp(x)); fold(log(x)); fold(atan(x)); fold(asinh(x)); fold(erf(x));
        fold(lgamma(x)); fold(tgamma(x)); fold(j0(x)); fold(asin(x)); fold(acos(x)); fold(cosh(x)); fold(atanh(x));
    }
    /* Binary functions. */
    static volatile double ys[] = {0.0, 0.5, 2.0, -1.0, 3.0, -0.5, 1e-3, 1e3, INFINITY, NAN};
    for (size_t i = 0; i < n; i += 3)
        for (size_t j = 0; j < sizeof ys / sizeof ys[0]; j++) {
            double x = xs[i], y = ys[j];
            printf("pow(%g,%g)=%.17g fmod=%.17g remainder=%.17g atan2=%.17g hypot=%.17g\n", x, y, pow(x, y), fmod(x, y),
                   remainder(x, y), atan2(x, y), hypot(x, y));
            fold(fmin(x, y)); fold(fmax(x, y)); fold(fdim(x, y)); fold(copysign(x, y)); fold(nextafter(x, y));
        }
    /* frexp/ldexp/modf/ilogb/logb/scalbn. */
    for (size_t i = 2; i < 21; i += 2) {
        int e;
        double ip, m = frexp(xs[i], &e), f = modf(xs[i], &ip);
        printf("frexp(%g)=%.17g*2^%d modf=%.17g+%.17g ilogb=%d logb=%g ldexp(x,-1074)=%.17g scalbn(x,1000)=%.17g\n",
               xs[i], m, e, ip, f, ilogb(xs[i]), logb(xs[i]), ldexp(xs[i], -1074), scalbn(xs[i], 1000));
    }
    /* Float versions. */
    static volatile float fs[] = {0.1f, 0.5f, 1.0f, 2.0f, 3.14159265f, 10.0f, 88.0f, -0.3f, -5.5f, 1e-30f};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
        float x = fs[i];
        printf("f x=%.9g sinf=%.9g cosf=%.9g expf=%.9g logf=%.9g powf(x,1.5)=%.9g sqrtf=%.9g atan2f=%.9g\n", (double)x,
               (double)sinf(x), (double)cosf(x), (double)expf(x), (double)logf(x), (double)powf(x, 1.5f),
               (double)sqrtf(x), (double)atan2f(x, 0.75f));
        fold(tanf(x)); fold(exp2f(x)); fold(log2f(x)); fold(cbrtf(x)); fold(tanhf(x));
    }
    /* A dense sweep folded into a checksum (covers argument reduction paths). */
    for (int k = -2000; k <= 2000; k++) {
        double x = k * 0.37;
        fold(sin(x)); fold(cos(x)); fold(exp(x * 0.1)); fold(log(fabs(x) + 1e-9)); fold(pow(fabs(x) + 0.5, 1.3));
    }
    static volatile double big_args[] = {1e6, 1e10, 1e15, 1e20, 1e100, 1e300, 6.2831853071795862, 1.5707963267948966 * 1e9};
    for (int i = 0; i < 8; i++) printf("sin(%g)=%.17g cos=%.17g\n", big_args[i], sin(big_args[i]), cos(big_args[i]));
    printf("checksum=%016llx\n", (unsigned long long)checksum);
    return 0;
}
