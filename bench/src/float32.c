/*
 * float32: single-precision numeric kernels, as in graphics, audio and machine learning.
 *
 * Each round: a 64x64 matrix multiply in float (multiply-add chains, i-k-j order), a 32-tap
 * FIR filter over 4096 audio samples, and a 64x48 Mandelbrot image iterated in float
 * (compares and data-dependent loop exits), plus float<->int conversions.
 *
 * Bit-identical on riscv64 and x86-64: both evaluate float in IEEE single precision
 * (FLT_EVAL_METHOD 0) and bench/run compiles with -ffp-contract=off (no fused multiply-add).
 *
 * Scale: number of rounds (default 1000).
 */
#include "bench.h"
#include <string.h>

enum { MATRIX = 64, TAPS = 32, SAMPLES = 4096, IMAGE_WIDTH = 64, IMAGE_HEIGHT = 48,
       MAX_ITERATIONS = 128 };

static uint32_t bits_of(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

static float random_unit(BenchRandom *random) {
    /* 24 random bits scaled into [-1, 1): exact in float. */
    return (float)(int32_t)(bench_random_next(random) >> 40) / 8388608.0f - 1.0f;
}

static void matrix_multiply(float c[MATRIX][MATRIX], const float a[MATRIX][MATRIX],
                            const float b[MATRIX][MATRIX]) {
    for (int i = 0; i < MATRIX; i++) {
        for (int j = 0; j < MATRIX; j++) c[i][j] = 0.0f;
        for (int k = 0; k < MATRIX; k++) {
            float scale = a[i][k];
            for (int j = 0; j < MATRIX; j++) c[i][j] += scale * b[k][j];
        }
    }
}

static void fir_filter(float *output, const float *input, const float *taps) {
    for (int n = TAPS - 1; n < SAMPLES; n++) {
        float sum = 0.0f;
        for (int k = 0; k < TAPS; k++) sum += taps[k] * input[n - k];
        output[n] = sum;
    }
}

static uint32_t mandelbrot(float center_x, float center_y, float width) {
    uint32_t total = 0;
    float step = width / IMAGE_WIDTH;
    for (int row = 0; row < IMAGE_HEIGHT; row++) {
        float ci = center_y + (float)(row - IMAGE_HEIGHT / 2) * step;
        for (int column = 0; column < IMAGE_WIDTH; column++) {
            float cr = center_x + (float)(column - IMAGE_WIDTH / 2) * step;
            float zr = 0.0f, zi = 0.0f;
            int iteration = 0;
            while (iteration < MAX_ITERATIONS && zr * zr + zi * zi <= 4.0f) {
                float next_zr = zr * zr - zi * zi + cr;
                zi = 2.0f * zr * zi + ci;
                zr = next_zr;
                iteration++;
            }
            total = total * 33 + (uint32_t)iteration;
        }
    }
    return total;
}

int main(int argc, char **argv) {
    uint64_t rounds = bench_scale(argc, argv, 1000);
    static float a[MATRIX][MATRIX], b[MATRIX][MATRIX], c[MATRIX][MATRIX];
    static float input[SAMPLES], output[SAMPLES], taps[TAPS];
    BenchRandom random = {0x5eed0009};
    for (int i = 0; i < MATRIX; i++) {
        for (int j = 0; j < MATRIX; j++) {
            a[i][j] = random_unit(&random);
            b[i][j] = random_unit(&random) * 0.125f;
        }
    }
    for (int i = 0; i < SAMPLES; i++) input[i] = random_unit(&random);
    for (int k = 0; k < TAPS; k++) taps[k] = random_unit(&random) / TAPS;

    uint64_t checksum = 0;
    for (uint64_t round = 0; round < rounds; round++) {
        matrix_multiply(c, a, b);
        /* Feed the product back so rounds differ; keep values bounded. */
        int i = (int)(round % MATRIX);
        for (int j = 0; j < MATRIX; j++) a[i][j] = c[i][j] * 0.5f + a[i][j] * 0.5f;
        checksum = bench_mix(checksum, bits_of(c[i][(round * 7) % MATRIX]));

        fir_filter(output, input, taps);
        int32_t quantised = 0;
        for (int n = TAPS - 1; n < SAMPLES; n += 16) quantised += (int32_t)(output[n] * 32767.0f);
        input[round % SAMPLES] = output[SAMPLES - 1] * 4.0f;
        checksum = bench_mix(checksum, (uint64_t)(uint32_t)quantised);
        checksum = bench_mix(checksum, bits_of(output[(round * 13) % (SAMPLES - TAPS) + TAPS]));

        float zoom = 3.0f / (float)(1 + round % 16);
        checksum = bench_mix(checksum, mandelbrot(-0.743643f, 0.131825f, zoom));
    }
    float trace = 0.0f;
    for (int i = 0; i < MATRIX; i++) trace += c[i][i];
    printf("rounds: %" PRIu64 ", trace: %.6f\n", rounds, (double)trace);
    bench_print_checksum(checksum);
    return 0;
}
