/* Guest test: floating-point heavy kernels.
 * Reference: IEEE 754-2008 binary32/binary64 arithmetic as specified by the RISC-V F and D
 * extensions (fadd/fsub/fmul/fdiv/fsqrt, fmadd contraction by GCC at -O2, fcvt).
 * Matrix multiply and LU solve, an N-body integration, a radix-2 FFT, Newton iterations and a
 * Kahan-compensated sum; every result is printed with %.17g or as bits. */
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define N 24

static double a[N][N], b[N][N], c[N][N];

static uint64_t bits_of(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

static void matrix_tests(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = 1.0 / (i + j + 1) + (i == j ? 2.0 : 0.0);
            b[i][j] = sin(i * 0.5 + j * 0.25);
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
    double trace = 0, norm = 0;
    for (int i = 0; i < N; i++) trace += c[i][i];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) norm += c[i][j] * c[i][j];
    printf("matmul trace=%.17g frobenius=%.17g c[3][17]=%.17g\n", trace, sqrt(norm), c[3][17]);
    /* Solve a x = rhs by Gaussian elimination with partial pivoting. */
    double m[N][N + 1];
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) m[i][j] = a[i][j];
        m[i][N] = i + 1.0;
    }
    for (int col = 0; col < N; col++) {
        int pivot = col;
        for (int r = col + 1; r < N; r++)
            if (fabs(m[r][col]) > fabs(m[pivot][col])) pivot = r;
        if (pivot != col)
            for (int j = 0; j <= N; j++) { double t = m[col][j]; m[col][j] = m[pivot][j]; m[pivot][j] = t; }
        for (int r = col + 1; r < N; r++) {
            double f = m[r][col] / m[col][col];
            for (int j = col; j <= N; j++) m[r][j] -= f * m[col][j];
        }
    }
    double x[N];
    for (int i = N - 1; i >= 0; i--) {
        double s = m[i][N];
        for (int j = i + 1; j < N; j++) s -= m[i][j] * x[j];
        x[i] = s / m[i][i];
    }
    double residual = 0;
    for (int i = 0; i < N; i++) {
        double s = -(i + 1.0);
        for (int j = 0; j < N; j++) s += a[i][j] * x[j];
        residual = fmax(residual, fabs(s));
    }
    printf("solve x[0]=%.17g x[%d]=%.17g residual<1e-12: %d bits(x[5])=%016llx\n", x[0], N - 1, x[N - 1], residual < 1e-12,
           (unsigned long long)bits_of(x[5]));
}

static void nbody(void) {
    double px[5] = {0, 4.84, 8.34, 12.89, 15.37}, py[5] = {0, -1.16, 4.12, -15.11, -25.91}, pz[5] = {0, -0.10, -0.40, -0.22, 0.17};
    double vx[5] = {0, 0.606, -1.010, 1.082, 0.979}, vy[5] = {0, 2.81, 1.825, 0.868, 0.594}, vz[5] = {0, -0.025, 0.008, -0.010, -0.034};
    double mass[5] = {39.47, 0.0377, 0.0113, 0.0017, 0.0020};
    const double dt = 0.01;
    for (int step = 0; step < 2000; step++) {
        for (int i = 0; i < 5; i++)
            for (int j = i + 1; j < 5; j++) {
                double dx = px[i] - px[j], dy = py[i] - py[j], dz = pz[i] - pz[j];
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * sqrt(d2));
                vx[i] -= dx * mass[j] * mag; vy[i] -= dy * mass[j] * mag; vz[i] -= dz * mass[j] * mag;
                vx[j] += dx * mass[i] * mag; vy[j] += dy * mass[i] * mag; vz[j] += dz * mass[i] * mag;
            }
        for (int i = 0; i < 5; i++) { px[i] += dt * vx[i]; py[i] += dt * vy[i]; pz[i] += dt * vz[i]; }
    }
    double e = 0;
    for (int i = 0; i < 5; i++) {
        e += 0.5 * mass[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
        for (int j = i + 1; j < 5; j++) {
            double dx = px[i] - px[j], dy = py[i] - py[j], dz = pz[i] - pz[j];
            e -= mass[i] * mass[j] / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    printf("nbody energy=%.17g p1=(%.17g, %.17g)\n", e, px[1], py[1]);
}

static void fft(void) {
    enum { M = 256 };
    double re[M], im[M];
    for (int i = 0; i < M; i++) {
        re[i] = cos(2 * M_PI * 5 * i / M) + 0.5 * sin(2 * M_PI * 17 * i / M) + (i % 7) * 0.01;
        im[i] = 0;
    }
    for (int i = 1, j = 0; i < M; i++) { /* bit reversal */
        int bit = M >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) { double t = re[i]; re[i] = re[j]; re[j] = t; t = im[i]; im[i] = im[j]; im[j] = t; }
    }
    for (int len = 2; len <= M; len <<= 1) {
        double ang = -2 * M_PI / len, wr = cos(ang), wi = sin(ang);
        for (int i = 0; i < M; i += len) {
            double cr = 1, ci = 0;
            for (int k = 0; k < len / 2; k++) {
                double ur = re[i + k], ui = im[i + k];
                double vr = re[i + k + len / 2] * cr - im[i + k + len / 2] * ci;
                double vi = re[i + k + len / 2] * ci + im[i + k + len / 2] * cr;
                re[i + k] = ur + vr; im[i + k] = ui + vi;
                re[i + k + len / 2] = ur - vr; im[i + k + len / 2] = ui - vi;
                double nr = cr * wr - ci * wi;
                ci = cr * wi + ci * wr;
                cr = nr;
            }
        }
    }
    printf("fft magnitudes: bin0=%.12f bin5=%.12f bin17=%.12f bin100=%.12f\n", hypot(re[0], im[0]), hypot(re[5], im[5]),
           hypot(re[17], im[17]), hypot(re[100], im[100]));
    printf("fft bits bin5.re=%016llx bin17.im=%016llx\n", (unsigned long long)bits_of(re[5]), (unsigned long long)bits_of(im[17]));
}

int main(void) {
    matrix_tests();
    nbody();
    fft();
    /* Newton's method for square roots vs sqrt, in float and double. */
    int exact = 0;
    for (int i = 1; i <= 200; i++) {
        double x = i * 1.37, g = x;
        for (int k = 0; k < 30; k++) g = 0.5 * (g + x / g);
        exact += g == sqrt(x);
    }
    float fg = 2.0f;
    for (int k = 0; k < 10; k++) fg = 0.5f * (fg + 2.0f / fg);
    printf("newton == sqrt for %d of 200; float newton sqrt(2)=%a sqrtf=%a\n", exact, (double)fg, (double)sqrtf(2.0f));
    /* Naive vs Kahan summation of 0.1 (one million additions would be slow; use 100000). */
    double naive = 0, kahan = 0, comp = 0;
    for (int i = 0; i < 100000; i++) {
        naive += 0.1;
        double y = 0.1 - comp, t = kahan + y;
        comp = (t - kahan) - y;
        kahan = t;
    }
    float fnaive = 0;
    for (int i = 0; i < 100000; i++) fnaive += 0.1f;
    printf("sum 0.1 x 100000: naive=%.17g kahan=%.17g float=%.9g\n", naive, kahan, (double)fnaive);
    return 0;
}
