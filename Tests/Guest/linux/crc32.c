/* Guest test: CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) three ways, plus Adler-32
 * and CRC-32C. Reference: ISO/IEC 8802-3 CRC, RFC 1950 (Adler-32), RFC 3720 (CRC-32C).
 * Bitwise, table-driven and slicing-by-4 implementations must agree on many buffers,
 * including the standard check value crc32("123456789") = cbf43926. Exit status: 0. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

static uint32_t table[4][256];
static uint32_t table_c[256];

static void init_tables(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i, d = i;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            d = d & 1 ? 0x82F63B78u ^ (d >> 1) : d >> 1;
        }
        table[0][i] = c;
        table_c[i] = d;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 4; t++) table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xFF];
}

static uint32_t crc_bitwise(const unsigned char *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static uint32_t crc_table(uint32_t c, const unsigned char *p, size_t n) {
    c = ~c;
    for (size_t i = 0; i < n; i++) c = table[0][(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return ~c;
}

static uint32_t crc_slice4(const unsigned char *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    while (n >= 4) {
        uint32_t w;
        memcpy(&w, p, 4); /* little-endian load, any alignment */
        c ^= w;
        c = table[3][c & 0xFF] ^ table[2][(c >> 8) & 0xFF] ^ table[1][(c >> 16) & 0xFF] ^ table[0][c >> 24];
        p += 4;
        n -= 4;
    }
    while (n--) c = table[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}

static uint32_t crc32c(const unsigned char *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = table_c[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return ~c;
}

static uint32_t adler32(const unsigned char *p, size_t n) {
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

int main(void) {
    init_tables();
    const char *check = "123456789";
    printf("crc32(\"123456789\") bitwise=%08x table=%08x slice4=%08x crc32c=%08x adler32=%08x\n",
           crc_bitwise((const unsigned char *)check, 9), crc_table(0, (const unsigned char *)check, 9),
           crc_slice4((const unsigned char *)check, 9), crc32c((const unsigned char *)check, 9),
           adler32((const unsigned char *)check, 9));
    const char *texts[] = {"", "a", "abc", "message digest", "The quick brown fox jumps over the lazy dog",
                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"};
    for (int i = 0; i < 6; i++) {
        const unsigned char *t = (const unsigned char *)texts[i];
        size_t n = strlen(texts[i]);
        printf("crc32=%08x crc32c=%08x adler32=%08x  \"%s\"\n", crc_table(0, t, n), crc32c(t, n), adler32(t, n), texts[i]);
    }
    /* Many buffers at every alignment; all implementations and incremental updates agree. */
    size_t size = 70000;
    unsigned char *buf = malloc(size + 8);
    uint32_t s = 1;
    for (size_t i = 0; i < size + 8; i++) {
        s = s * 1664525u + 1013904223u;
        buf[i] = (unsigned char)(s >> 24);
    }
    int disagreements = 0;
    uint32_t combined = 0;
    for (size_t offset = 0; offset < 8; offset++)
        for (size_t len = 0; len < 300; len += 37) {
            uint32_t a = crc_bitwise(buf + offset, len), b = crc_table(0, buf + offset, len), c = crc_slice4(buf + offset, len);
            uint32_t inc = crc_table(crc_table(0, buf + offset, len / 3), buf + offset + len / 3, len - len / 3);
            disagreements += a != b || b != c || c != inc;
            combined ^= a + (uint32_t)offset;
        }
    uint32_t whole = crc_slice4(buf, size), whole_table = crc_table(0, buf, size);
    printf("70000-byte buffer: crc32=%08x (table agrees=%d) crc32c=%08x adler32=%08x\n", whole, whole == whole_table,
           crc32c(buf, size), adler32(buf, size));
    printf("disagreements=%d combined=%08x\n", disagreements, combined);
    /* Appending the little-endian CRC yields the magic residue. */
    uint32_t crc = crc_table(0, buf, 1000);
    memcpy(buf + 1000, &crc, 4);
    printf("residue=%08x (expect 2144df1c)\n", crc_table(0, buf, 1004));
    free(buf);
    return disagreements;
}
