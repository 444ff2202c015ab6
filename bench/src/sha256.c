/*
 * sha256: the SHA-256 hash (FIPS 180-4) over a stream of generated data.
 *
 * 32-bit additions, rotates, shifts and boolean functions in long unrolled rounds, the core of
 * every TLS stack and content-addressed store. Hashes `scale` 4 KiB chunks, each derived from
 * the previous digest so nothing can be hoisted, and checks the implementation first against
 * the standard's own test vector for "abc".
 *
 * Scale: number of 4 KiB chunks hashed (default 80,000, i.e. about 320 MiB).
 */
#include "bench.h"
#include <string.h>

typedef struct {
    uint32_t state[8];
    uint8_t block[64];
    uint32_t block_length;
    uint64_t total_length;
} Sha256;

/* FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes. */
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotate_right(uint32_t x, uint32_t n) { return (x >> n) | (x << (32 - n)); }

/* FIPS 180-4 section 6.2.2: the compression function on one 512-bit block. */
static void compress(uint32_t state[8], const uint8_t block[64]) {
    uint32_t w[64];
    for (int t = 0; t < 16; t++) {
        w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
               (uint32_t)block[4 * t + 2] << 8 | (uint32_t)block[4 * t + 3];
    }
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotate_right(w[t - 15], 7) ^ rotate_right(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotate_right(w[t - 2], 17) ^ rotate_right(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; t++) {
        uint32_t sigma1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
        uint32_t choose = (e & f) ^ (~e & g);
        uint32_t temporary1 = h + sigma1 + choose + round_constants[t] + w[t];
        uint32_t sigma0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
        uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
        uint32_t temporary2 = sigma0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + temporary1;
        d = c;
        c = b;
        b = a;
        a = temporary1 + temporary2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

static void sha256_begin(Sha256 *context) {
    /* Section 5.3.3: the first 32 bits of the fractional parts of the square roots of the
     * first 8 primes. */
    static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(context->state, initial, sizeof initial);
    context->block_length = 0;
    context->total_length = 0;
}

static void sha256_update(Sha256 *context, const uint8_t *data, size_t length) {
    context->total_length += length;
    while (length > 0) {
        if (context->block_length == 0 && length >= 64) {
            compress(context->state, data);
            data += 64;
            length -= 64;
            continue;
        }
        size_t take = 64 - context->block_length;
        if (take > length) take = length;
        memcpy(context->block + context->block_length, data, take);
        context->block_length += (uint32_t)take;
        data += take;
        length -= take;
        if (context->block_length == 64) {
            compress(context->state, context->block);
            context->block_length = 0;
        }
    }
}

/* Section 5.1.1: append 0x80, zeros, and the 64-bit big-endian bit length. */
static void sha256_end(Sha256 *context, uint8_t digest[32]) {
    uint64_t bit_length = context->total_length * 8;
    uint8_t padding[72] = {0x80};
    size_t padding_length = (context->block_length < 56 ? 56 : 120) - context->block_length;
    sha256_update(context, padding, padding_length);
    uint8_t length_bytes[8];
    for (int i = 0; i < 8; i++) length_bytes[i] = (uint8_t)(bit_length >> (56 - 8 * i));
    sha256_update(context, length_bytes, 8);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(context->state[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(context->state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(context->state[i] >> 8);
        digest[4 * i + 3] = (uint8_t)context->state[i];
    }
}

static void to_hex(const uint8_t digest[32], char text[65]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        text[2 * i] = digits[digest[i] >> 4];
        text[2 * i + 1] = digits[digest[i] & 15];
    }
    text[64] = '\0';
}

int main(int argc, char **argv) {
    uint64_t chunks = bench_scale(argc, argv, 80000);
    Sha256 context;
    uint8_t digest[32];
    char hex[65];

    /* FIPS 180-4 example (Appendix B.1 of the older FIPS 180-2): SHA-256("abc"). */
    sha256_begin(&context);
    sha256_update(&context, (const uint8_t *)"abc", 3);
    sha256_end(&context, digest);
    to_hex(digest, hex);
    if (strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") != 0) {
        fprintf(stderr, "sha256: self-test failed: %s\n", hex);
        return 1;
    }

    static uint8_t chunk[4096];
    BenchRandom random = {0x5eed0006};
    for (size_t i = 0; i < sizeof chunk; i += 8) {
        uint64_t value = bench_random_next(&random);
        memcpy(chunk + i, &value, 8); /* the same bytes on both targets: both are little-endian */
    }
    sha256_begin(&context);
    uint8_t running[32] = {0};
    for (uint64_t i = 0; i < chunks; i++) {
        /* Each chunk starts with the digest of everything so far, so no work can be skipped. */
        memcpy(chunk, running, 32);
        sha256_update(&context, chunk, sizeof chunk);
        Sha256 snapshot = context;
        if ((i & 63) == 63 || i + 1 == chunks) sha256_end(&snapshot, running);
        else memcpy(running, snapshot.state, 32);
    }
    sha256_end(&context, digest);
    to_hex(digest, hex);
    uint64_t checksum = 0;
    for (int i = 0; i < 32; i++) checksum = (checksum << 8 | checksum >> 56) ^ digest[i];
    printf("bytes hashed: %" PRIu64 ", digest: %s\n", chunks * (uint64_t)sizeof chunk, hex);
    bench_print_checksum(checksum);
    return 0;
}
