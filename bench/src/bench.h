/*
 * bench.h: helpers shared by Morph's benchmark workloads (bench/README.md).
 *
 * Every workload is built twice from the same source, for riscv64 and for x86-64, and must
 * print the same "checksum: " line on both. So everything here is fixed-width and
 * deterministic: a seeded PRNG of our own (never rand() or the clock), a 64-bit checksum
 * mixer, and one parser for the optional scale argument.
 */
#ifndef MORPH_BENCH_H
#define MORPH_BENCH_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Returns argv[1] as a positive integer, or `fallback` when there is no argument. */
static inline uint64_t bench_scale(int argc, char **argv, uint64_t fallback) {
    if (argc < 2) return fallback;
    char *end = NULL;
    unsigned long long value = strtoull(argv[1], &end, 10);
    if (end == argv[1] || *end != '\0' || value == 0) {
        fprintf(stderr, "usage: %s [scale]   (scale: positive integer, default %" PRIu64 ")\n",
                argv[0], fallback);
        exit(2);
    }
    return (uint64_t)value;
}

/* SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every target. */
typedef struct { uint64_t state; } BenchRandom;

static inline uint64_t bench_random_next(BenchRandom *random) {
    uint64_t z = (random->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A value in [0, bound); bound must be positive. The tiny modulo bias does not matter here. */
static inline uint64_t bench_random_below(BenchRandom *random, uint64_t bound) {
    return bench_random_next(random) % bound;
}

/* Folds `value` into a running 64-bit checksum (order-sensitive). */
static inline uint64_t bench_mix(uint64_t checksum, uint64_t value) {
    checksum ^= value + 0x9e3779b97f4a7c15ULL + (checksum << 6) + (checksum >> 2);
    checksum *= 0xff51afd7ed558ccdULL;
    return checksum ^ (checksum >> 32);
}

/* The line bench/run compares between engines. */
static inline void bench_print_checksum(uint64_t checksum) {
    printf("checksum: %016" PRIx64 "\n", checksum);
}

#endif
