/* Guest test: sieve of Eratosthenes (tight loops over a byte array and a bit array).
 * Reference: classic algorithm; exercises byte/word loads and stores, shifts and branches.
 * Counts primes below 1,000,000 with a byte sieve and a bit sieve, prints pi(10^k), the last
 * primes, twin-prime counts and prime gaps. Exit status: pi(1000) % 256 = 168. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define LIMIT 1000000

int main(void) {
    unsigned char *composite = calloc(LIMIT, 1);
    for (uint32_t i = 2; (uint64_t)i * i < LIMIT; i++)
        if (!composite[i])
            for (uint32_t j = i * i; j < LIMIT; j += i) composite[j] = 1;
    uint32_t count = 0, last = 0, twins = 0, max_gap = 0, gap_start = 0, pi1000 = 0;
    uint64_t sum = 0;
    uint32_t power = 10;
    for (uint32_t i = 2; i < LIMIT; i++) {
        if (i == power) {
            printf("pi(%u) = %u\n", power, count);
            if (power == 1000) pi1000 = count;
            power *= 10;
        }
        if (composite[i]) continue;
        count++;
        sum += i;
        if (last && i - last == 2) twins++;
        if (last && i - last > max_gap) { max_gap = i - last; gap_start = last; }
        last = i;
    }
    printf("primes below %d: %u, sum=%llu, twin pairs=%u, largest gap=%u after %u, last prime=%u\n", LIMIT, count,
           (unsigned long long)sum, twins, max_gap, gap_start, last);

    /* Odd-only bit sieve must agree. */
    uint32_t nbits = LIMIT / 2;
    uint64_t *bits = calloc((nbits + 63) / 64, sizeof *bits);
    for (uint32_t i = 1; (2 * i + 1) * (2 * i + 1) < LIMIT; i++)
        if (!(bits[i >> 6] >> (i & 63) & 1))
            for (uint32_t j = (2 * i + 1) * (2 * i + 1) / 2; j < nbits; j += 2 * i + 1) bits[j >> 6] |= 1ull << (j & 63);
    uint32_t bit_count = 1; /* the prime 2 */
    for (uint32_t i = 1; i < nbits; i++) bit_count += !(bits[i >> 6] >> (i & 63) & 1);
    printf("bit sieve count=%u agrees=%d\n", bit_count, bit_count == count);
    printf("last ten primes:");
    int shown = 0;
    for (uint32_t i = LIMIT - 1; shown < 10; i--)
        if (!composite[i]) { printf(" %u", i); shown++; }
    printf("\n");
    free(composite);
    free(bits);
    return (int)(pi1000 % 256);
}
