/* Guest test: bit manipulation through compiler builtins (software sequences on RV64GC).
 * Reference: GCC builtins __builtin_popcount/clz/ctz/ffs/parity/bswap and their ll forms,
 * RISC-V Unprivileged ISA RV64I shifts and logic. Compares each builtin with a plain loop
 * reference over many values, and prints samples plus a checksum. */
#include <stdio.h>
#include <stdint.h>

static int ref_popcount(uint64_t x) {
    int n = 0;
    while (x) { n += (int)(x & 1); x >>= 1; }
    return n;
}

static int ref_clz(uint64_t x) {
    int n = 0;
    for (int b = 63; b >= 0 && !((x >> b) & 1); b--) n++;
    return n;
}

static int ref_ctz(uint64_t x) {
    int n = 0;
    while (n < 64 && !((x >> n) & 1)) n++;
    return n;
}

static uint64_t ref_bswap(uint64_t x) {
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) r |= ((x >> (8 * i)) & 0xFF) << (8 * (7 - i));
    return r;
}

static uint64_t ref_reverse(uint64_t x) {
    uint64_t r = 0;
    for (int i = 0; i < 64; i++) r |= ((x >> i) & 1) << (63 - i);
    return r;
}

static uint64_t rotl(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> ((64 - r) & 63)); }

int main(void) {
    uint64_t state = 0x243F6A8885A308D3ull, checksum = 0;
    int mismatches = 0;
    for (int i = 0; i < 3000; i++) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        uint64_t x = state >> (i % 61); /* vary the number of leading zeros */
        if (i % 7 == 0) x &= ~((1ull << (i % 64)) - 1); /* vary trailing zeros */
        if (x == 0) x = 1;
        uint32_t w = (uint32_t)x;
        mismatches += __builtin_popcountll(x) != ref_popcount(x);
        mismatches += __builtin_popcount(w) != ref_popcount(w);
        mismatches += __builtin_clzll(x) != ref_clz(x);
        mismatches += w && __builtin_clz(w) != ref_clz(w) - 32;
        mismatches += __builtin_ctzll(x) != ref_ctz(x);
        mismatches += w && __builtin_ctz(w) != ref_ctz(w);
        mismatches += __builtin_ffsll((long long)x) != ref_ctz(x) + 1;
        mismatches += __builtin_parityll(x) != (ref_popcount(x) & 1);
        mismatches += __builtin_bswap64(x) != ref_bswap(x);
        mismatches += __builtin_bswap32(w) != (uint32_t)(ref_bswap(w) >> 32);
        mismatches += __builtin_bswap16((uint16_t)w) != (uint16_t)(ref_bswap((uint16_t)w) >> 48);
        mismatches += __builtin_clrsbll((long long)x) != (int)(x >> 63 ? ref_clz(~x) : ref_clz(x)) - 1;
        checksum = rotl(checksum, 5) ^ (uint64_t)__builtin_popcountll(x) ^ ((uint64_t)__builtin_clzll(x) << 8) ^
                   ((uint64_t)__builtin_ctzll(x) << 16) ^ __builtin_bswap64(x) ^ ref_reverse(x);
    }
    printf("builtin mismatches=%d checksum=%016llx\n", mismatches, (unsigned long long)checksum);
    uint64_t samples[] = {1, 0x80000000ull, 0xFFFFFFFFull, 0x8000000000000000ull, 0x0123456789ABCDEFull,
                          0xFFFFFFFFFFFFFFFFull, 0x00F0000000000F00ull};
    for (int i = 0; i < 7; i++) {
        uint64_t x = samples[i];
        printf("x=%016llx popcount=%d clz=%d ctz=%d ffs=%d parity=%d clrsb=%d bswap=%016llx rev=%016llx rotl13=%016llx\n",
               (unsigned long long)x, __builtin_popcountll(x), __builtin_clzll(x), __builtin_ctzll(x),
               __builtin_ffsll((long long)x), __builtin_parityll(x), __builtin_clrsbll((long long)x),
               (unsigned long long)__builtin_bswap64(x), (unsigned long long)ref_reverse(x),
               (unsigned long long)rotl(x, 13));
    }
    printf("ffs(0)=%d ffsll(0)=%d popcount(0)=%d\n", __builtin_ffs(0), __builtin_ffsll(0), __builtin_popcount(0));

    /* Classic bit tricks. */
    unsigned long long v = 0x0F0F00F0ull;
    printf("lowest set bit=%llx clear lowest=%llx next pow2 of 1000=%llu is_pow2(4096)=%d\n", v & -v, v & (v - 1),
           1ull << (64 - __builtin_clzll(1000 - 1)), (4096 & 4095) == 0);
    /* Gray code round trip and bit-interleaving (Morton order). */
    int gray_ok = 1;
    for (uint32_t n = 0; n < 4096; n++) {
        uint32_t g = n ^ (n >> 1), back = g;
        for (uint32_t s = 1; s < 32; s <<= 1) back ^= back >> s;
        gray_ok &= back == n;
    }
    uint64_t morton = 0;
    uint32_t mx = 0xABCD, my = 0x1234;
    for (int b = 0; b < 16; b++) morton |= ((uint64_t)((mx >> b) & 1) << (2 * b)) | ((uint64_t)((my >> b) & 1) << (2 * b + 1));
    printf("gray round trip ok=%d morton(0xABCD,0x1234)=%llx\n", gray_ok, (unsigned long long)morton);
    /* Signed shifts and sign extension of narrow types. */
    volatile int8_t c = -100;
    volatile int16_t s = -30000;
    volatile int32_t i32 = -2000000000;
    printf("sext: %lld %lld %lld  zext: %llu %llu %llu  asr: %d %d\n", (long long)c, (long long)s, (long long)i32,
           (unsigned long long)(uint8_t)c, (unsigned long long)(uint16_t)s, (unsigned long long)(uint32_t)i32, c >> 3,
           i32 >> 31);
    return mismatches;
}
