/*
 * alu: integer ALU work in tight loops, the kind found in number-theory and hashing code.
 *
 * For every n in [1, scale]: the Collatz chain length of n (data-dependent branches, shifts,
 * adds), Euclid's gcd of n and a hash of n (64-bit division and remainder), an integer square
 * root by the bit-by-bit method, a population count, and signed 32-bit arithmetic whose
 * results depend on C's truncating division. Exercises add/sub/shift/mul/div/rem in both
 * 64-bit and 32-bit ("w") forms and loop branches, with almost no memory traffic.
 *
 * Scale: how many numbers are examined (default 4,000,000).
 */
#include "bench.h"

static uint32_t collatz_length(uint64_t n) {
    uint32_t steps = 0;
    while (n != 1) {
        n = (n & 1) ? 3 * n + 1 : n >> 1;
        steps++;
    }
    return steps;
}

static uint64_t greatest_common_divisor(uint64_t a, uint64_t b) {
    while (b != 0) {
        uint64_t remainder = a % b;
        a = b;
        b = remainder;
    }
    return a;
}

static uint32_t integer_square_root(uint64_t x) {
    uint64_t result = 0;
    uint64_t bit = 1ULL << 62;
    while (bit > x) bit >>= 2;
    while (bit != 0) {
        if (x >= result + bit) {
            x -= result + bit;
            result = (result >> 1) + bit;
        } else {
            result >>= 1;
        }
        bit >>= 2;
    }
    return (uint32_t)result;
}

static uint32_t population_count(uint64_t x) {
    uint32_t count = 0;
    while (x != 0) {
        x &= x - 1;
        count++;
    }
    return count;
}

/* A 32-bit integer hash (multiply and xor-shift rounds). */
static uint32_t hash32(uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

/* Signed 32-bit arithmetic: truncating division, remainder of negative numbers, arithmetic shift. */
static int32_t signed_mix(int32_t a, int32_t b) {
    int32_t divisor = (b % 97) - 48;
    if (divisor == 0 || divisor == -1) divisor = 7; /* no division by zero, no INT32_MIN / -1 */
    int32_t quotient = a / divisor;
    int32_t remainder = a % divisor;
    /* Wrapping multiply in unsigned arithmetic: signed overflow would be undefined. */
    return (int32_t)((uint32_t)quotient * 3u - (uint32_t)remainder) ^ (a >> 5);
}

int main(int argc, char **argv) {
    uint64_t count = bench_scale(argc, argv, 4000000);
    uint64_t checksum = 0;
    uint64_t longest = 0, longest_at = 0;
    int32_t signed_accumulator = 1;
    for (uint64_t n = 1; n <= count; n++) {
        uint32_t length = collatz_length(n);
        if (length > longest) {
            longest = length;
            longest_at = n;
        }
        uint32_t hashed = hash32((uint32_t)n);
        uint64_t divisor = greatest_common_divisor(n * 0x9e3779b1ULL, (uint64_t)hashed | 1);
        uint32_t root = integer_square_root(n * n + hashed);
        uint32_t bits = population_count(n ^ ((uint64_t)hashed << 17));
        signed_accumulator = signed_mix((int32_t)(hashed ^ (uint32_t)signed_accumulator), (int32_t)n);
        checksum = bench_mix(checksum, length + (divisor << 8) + ((uint64_t)root << 20) + bits);
    }
    checksum = bench_mix(checksum, (uint64_t)(uint32_t)signed_accumulator);
    printf("numbers: %" PRIu64 ", longest Collatz chain: %" PRIu64 " steps at %" PRIu64 "\n",
           count, longest, longest_at);
    bench_print_checksum(checksum);
    return 0;
}
