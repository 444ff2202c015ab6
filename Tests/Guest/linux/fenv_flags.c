/* Guest test: floating-point exception flags (fflags) through fenv.h.
 * Reference: ISO C11 7.6.2 (feclearexcept, fetestexcept, feraiseexcept, fegetexceptflag,
 * fesetexceptflag), 7.6.4 (fegetenv, fesetenv, feholdexcept, feupdateenv), RISC-V Unprivileged
 * ISA chapter "F" (fflags: NV DZ OF UF NX accrue; never trap), IEEE 754-2008 chapter 7.
 * For each operation the flags are cleared, the operation is done on volatile operands,
 * and the full set of raised flags is printed. */
#include <stdio.h>
#include <fenv.h>
#include <math.h>
#include <float.h>
#include <stdint.h>
#include <string.h>

static volatile double zero = 0.0, one = 1.0, three = 3.0, minus_one = -1.0, dmax = DBL_MAX, dmin = DBL_MIN;
static volatile double two = 2.0, four = 4.0, quiet_nan = NAN, inf = INFINITY, big = 1e20, half = 2.5;
static volatile float fzero = 0.0f, fone = 1.0f, fthree = 3.0f, fmax_ = FLT_MAX, fmin_ = FLT_MIN;
static volatile double dsink;
static volatile float fsink;
static volatile long lsink;
static volatile int isink;
static volatile unsigned usink;

static void show(const char *what) {
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("%-28s flags:%s%s%s%s%s%s\n", what, f & FE_INVALID ? " NV" : "", f & FE_DIVBYZERO ? " DZ" : "",
           f & FE_OVERFLOW ? " OF" : "", f & FE_UNDERFLOW ? " UF" : "", f & FE_INEXACT ? " NX" : "",
           f ? "" : " none");
}

#define CASE(label, statement) \
    do {                       \
        feclearexcept(FE_ALL_EXCEPT); \
        statement;             \
        show(label);           \
    } while (0)

int main(void) {
    feclearexcept(FE_ALL_EXCEPT);
    show("after clear");
    CASE("1.0 + 1.0 (exact)", dsink = one + one);
    CASE("1.0 / 3.0", dsink = one / three);
    CASE("1.0 / 0.0", dsink = one / zero);
    CASE("-1.0 / 0.0", dsink = minus_one / zero);
    CASE("0.0 / 0.0", dsink = zero / zero);
    CASE("inf - inf", dsink = inf - inf);
    CASE("inf * 0", dsink = inf * zero);
    CASE("inf / inf", dsink = inf / inf);
    CASE("inf + 1 (exact)", dsink = inf + one);
    CASE("sqrt(-1)", dsink = sqrt(minus_one));
    CASE("sqrt(4) (exact)", dsink = sqrt(four));
    CASE("sqrt(2)", dsink = sqrt(two));
    CASE("DBL_MAX * 2", dsink = dmax * two);
    CASE("DBL_MAX + DBL_MAX", dsink = dmax + dmax);
    CASE("DBL_MIN / 3", dsink = dmin / three);
    CASE("DBL_MIN / 2 (exact subnormal)", dsink = dmin / two);
    CASE("DBL_MIN * DBL_MIN", dsink = dmin * dmin);
    CASE("nan + 1 (quiet)", dsink = quiet_nan + one);
    CASE("nan == nan (feq quiet)", isink = quiet_nan == quiet_nan);
    CASE("nan < 1 (flt signaling)", isink = quiet_nan < one);
    CASE("isless(nan, 1) (quiet)", isink = isless(quiet_nan, one));
    CASE("fma(inf, 0, nan)", dsink = fma(inf, zero, quiet_nan));
    CASE("fma(1/3, 3, -1)", dsink = fma(one / three, three, minus_one));
    CASE("float 1/0", fsink = fone / fzero);
    CASE("float 0/0", fsink = fzero / fzero);
    CASE("float 1/3", fsink = fone / fthree);
    CASE("float MAX * 2", fsink = fmax_ * 2.0f);
    CASE("float MIN / 3", fsink = fmin_ / fthree);
    CASE("(float)DBL_MAX", fsink = (float)dmax);
    CASE("(float)1/3 double", fsink = (float)(one / three));
    CASE("(float)1e-300", fsink = (float)(dmin * 1e8));
    CASE("(long)2.5 (truncate)", lsink = (long)half);
    CASE("(long)2.0 (exact)", lsink = (long)two);
    CASE("(int)1e20 (out of range)", isink = (int)big);
    CASE("(long)1e20 (out of range)", lsink = (long)big);
    CASE("(unsigned)-1.0 (out of range)", usink = (unsigned)minus_one);
    CASE("lrint(2.5)", lsink = lrint(half));
    CASE("lrint(nan)", lsink = lrint(quiet_nan));
    CASE("(double)(1L<<60 | 1)", dsink = (double)((1L << 60) | (long)one));
    CASE("rint(2.5)", dsink = rint(half));
    CASE("nearbyint(2.5) (no NX)", dsink = nearbyint(half));
    CASE("floor(2.5)", dsink = floor(half));
    CASE("fmin(nan, 1)", dsink = fmin(quiet_nan, one));
    CASE("exp(1000)", dsink = exp(1000.0 * one));
    CASE("exp(-1000)", dsink = exp(-1000.0 * one));
    CASE("log(0)", dsink = log(zero));
    CASE("log(-1)", dsink = log(minus_one));
    CASE("pow(0, -1)", dsink = pow(zero, minus_one));

    /* feraiseexcept and individual clearing */
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_OVERFLOW | FE_INVALID);
    show("feraiseexcept(OF|NV)");
    feclearexcept(FE_INVALID);
    show("then feclearexcept(NV)");
    printf("fetestexcept(OF|DZ) == OF: %d\n", fetestexcept(FE_OVERFLOW | FE_DIVBYZERO) == FE_OVERFLOW);

    /* flags accumulate (sticky) */
    feclearexcept(FE_ALL_EXCEPT);
    dsink = one / zero;
    dsink = one / three;
    dsink = zero / zero;
    show("sticky DZ then NX then NV");

    /* fegetexceptflag / fesetexceptflag */
    fexcept_t saved;
    feclearexcept(FE_ALL_EXCEPT);
    dsink = one / zero;
    fegetexceptflag(&saved, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    show("cleared after save");
    fesetexceptflag(&saved, FE_ALL_EXCEPT);
    show("fesetexceptflag restored");

    /* fegetenv / fesetenv / feholdexcept / feupdateenv including the rounding mode */
    fenv_t env;
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(FE_UPWARD);
    dsink = one / three;
    fegetenv(&env);
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    fesetenv(&env);
    printf("fesetenv restored upward: %d\n", fegetround() == FE_UPWARD);
    show("fesetenv restored flags");
    fenv_t held;
    feholdexcept(&held);
    show("after feholdexcept");
    printf("feholdexcept kept mode: %d\n", fegetround() == FE_UPWARD);
    dsink = zero / zero;
    feupdateenv(&held);
    show("after feupdateenv (NX + NV)");
    fesetenv(FE_DFL_ENV);
    printf("FE_DFL_ENV: nearest=%d\n", fegetround() == FE_TONEAREST);
    show("FE_DFL_ENV flags");

    /* Canonical NaN: RISC-V arithmetic returns the positive quiet NaN 0x7ff8000000000000. */
    double nan_result = zero / zero;
    float fnan_result = fzero / fzero;
    uint64_t bits;
    uint32_t fbits;
    memcpy(&bits, &nan_result, 8);
    memcpy(&fbits, &fnan_result, 4);
    printf("0/0 bits=%016llx float 0/0 bits=%08x signbit=%d\n", (unsigned long long)bits, fbits, signbit(nan_result) != 0);
    double neg_nan = -quiet_nan;
    memcpy(&bits, &neg_nan, 8);
    printf("-nan bits (sign injection keeps payload)=%016llx\n", (unsigned long long)bits);
    double sum_nan = neg_nan + one;
    memcpy(&bits, &sum_nan, 8);
    printf("(-nan)+1 bits (canonicalized)=%016llx\n", (unsigned long long)bits);
    return 0;
}
