/* Guest test: dynamic rounding modes (frm) through fenv.h.
 * Reference: ISO C11 7.6 (fenv.h: fesetround/fegetround), 7.12.9 (rint, nearbyint, lrint,
 * llrint, lround), RISC-V Unprivileged ISA chapter "F" (frm field of fcsr, dynamic rounding),
 * IEEE 754-2008 section 4.3. Each operation is computed under each of the four modes on
 * float and double, and printed exactly with %a. Operands are volatile so nothing is folded. */
#include <stdio.h>
#include <fenv.h>
#include <math.h>
#include <float.h>

static volatile double dv[] = {1.0, 3.0, -1.0, 2.5, -2.5, 0.1, 1e16, 1.5, -0.5, 7.0, DBL_MAX, 1e-310};
static volatile float fv[] = {1.0f, 3.0f, -1.0f, 2.5f, -2.5f, 0.1f, 16777216.0f, 1.5f, -0.5f, 7.0f, FLT_MAX, 1e-40f};
static volatile double dsink;
static volatile float fsink;
static volatile long lsink;

static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
static const char *const mode_names[] = {"nearest", "upward", "downward", "towardzero"};

int main(void) {
    printf("default mode is FE_TONEAREST: %d\n", fegetround() == FE_TONEAREST);
    for (int m = 0; m < 4; m++) {
        int rc = fesetround(modes[m]);
        printf("== mode %s (fesetround rc=%d, fegetround matches=%d)\n", mode_names[m], rc, fegetround() == modes[m]);
        /* double arithmetic */
        printf("d 1/3=%a -1/3=%a 2/3=%a\n", dv[0] / dv[1], dv[2] / dv[1], (dv[0] + dv[0]) / dv[1]);
        printf("d 0.1+0.1*3=%a 1e16+1.5=%a 1e16-1.5=%a\n", dv[5] + dv[5] * dv[1], dv[6] + dv[7], dv[6] - dv[7]);
        printf("d 0.1*0.1=%a 7/0.1=%a sqrt(2)=%a sqrt(3)=%a sqrt(0.1)=%a\n", dv[5] * dv[5], dv[9] / dv[5],
               sqrt(dv[0] + dv[0]), sqrt(dv[1]), sqrt(dv[5]));
        printf("d fma(0.1,3,-0.3)=%a fma(1/3,3,-1)=%a\n", fma(dv[5], dv[1], -0.3), fma(dv[0] / dv[1], dv[1], dv[2]));
        printf("d MAX*1.5=%a -MAX*1.5=%a tiny/3=%a -tiny/3=%a\n", dv[10] * dv[7], -dv[10] * dv[7], dv[11] / dv[1],
               -dv[11] / dv[1]);
        /* float arithmetic */
        printf("f 1/3=%a -1/3=%a 0.1*3=%a 2^24+1.5=%a sqrtf(2)=%a\n", (double)(fv[0] / fv[1]), (double)(fv[2] / fv[1]),
               (double)(fv[5] * fv[1]), (double)(fv[6] + fv[7]), (double)sqrtf(fv[0] + fv[0]));
        printf("f fmaf(0.1,3,-0.3)=%a MAX*1.5=%a tiny/3=%a\n", (double)fmaf(fv[5], fv[1], -0.3f),
               (double)(fv[10] * fv[7]), (double)(fv[11] / fv[1]));
        /* conversions double<->float */
        printf("conv (float)0.1=%a (float)(1/3)=%a (float)-1/3=%a (float)1e-310=%a (float)DBL_MAX=%a\n",
               (double)(float)dv[5], (double)(float)(dv[0] / dv[1]), (double)(float)(dv[2] / dv[1]),
               (double)(float)dv[11], (double)(float)dv[10]);
        /* integer <-> float conversions */
        volatile long big = 9007199254740993L; /* 2^53 + 1 */
        volatile long bigf = 16777217L;
        printf("conv (double)(2^53+1)=%a (float)(2^24+1)=%a (double)-(2^53+1)=%a\n", (double)big, (double)(float)bigf,
               (double)-big);
        printf("rounding functions:\n");
        for (int i = 0; i < 10; i++) {
            double x = dv[i] * 1.0;
            if (i == 6) x = 4503599627370497.5; /* not representable: check exact value used */
            if (i == 5) x = -3.5;
            lsink = (long)x;
            printf("  x=%-8g rint=%-6g nearbyint=%-6g lrint=%-5ld llrint=%-5lld lround=%-5ld (long)=%-4ld lrintf=%ld floor=%g ceil=%g trunc=%g round=%g\n",
                   x, rint(x), nearbyint(x), lrint(x), llrint(x), lround(x), lsink, lrintf((float)x), floor(x),
                   ceil(x), trunc(x), round(x));
        }
        double halfway[] = {0.5, 1.5, 2.5, -0.5, -1.5, 1e15 + 0.5};
        printf("  halfway lrint:");
        for (int i = 0; i < 6; i++) {
            dsink = halfway[i];
            printf(" %ld", lrint(dsink));
        }
        printf("\n  printf follows the mode: %.2f %.2f %.0f %.0f %.1e\n", 0.125, -0.125, dv[3], dv[4], dv[5] * 1.0);
        /* accumulate: sum 0.1 1000 times */
        double acc = 0;
        float facc = 0;
        for (int i = 0; i < 1000; i++) {
            acc += dv[5];
            facc += fv[5];
        }
        printf("  sum of 1000 x 0.1: %a %a\n", acc, (double)facc);
    }
    fesetround(FE_TONEAREST);
    printf("fesetround(bogus)=%d mode still nearest=%d\n", fesetround(12345) != 0, fegetround() == FE_TONEAREST);
    return 0;
}
