/* Guest test: unaligned memory access and packed structures.
 * Reference: RISC-V Unprivileged ISA (misaligned loads/stores "may" be supported or trap;
 * user-mode Linux emulates them), GCC packed attribute and memcpy idioms, little-endian
 * byte order. Reads and writes 2-, 4- and 8-byte values (integer and floating-point) at every
 * offset through memcpy, packed structs and may_alias types, and checks byte order. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

struct __attribute__((packed)) header {
    uint8_t tag;
    uint32_t length;
    uint16_t flags;
    uint64_t offset;
    double ratio;
    float scale;
    int16_t delta;
};

struct __attribute__((packed)) bitfields {
    unsigned a : 3;
    unsigned b : 9;
    signed c : 7;
    unsigned long long d : 37;
    uint8_t tail;
};

typedef uint64_t __attribute__((may_alias, aligned(1))) unaligned_u64;
typedef uint32_t __attribute__((may_alias, aligned(1))) unaligned_u32;
typedef uint16_t __attribute__((may_alias, aligned(1))) unaligned_u16;
typedef double __attribute__((may_alias, aligned(1))) unaligned_f64;
typedef float __attribute__((may_alias, aligned(1))) unaligned_f32;

int main(void) {
    printf("sizeof(packed header)=%zu offsetof ratio=%zu sizeof(bitfields)=%zu\n", sizeof(struct header),
           __builtin_offsetof(struct header, ratio), sizeof(struct bitfields));
    static unsigned char buf[64];
    for (int i = 0; i < 64; i++) buf[i] = (unsigned char)(i * 17 + 3);

    /* Loads at every offset through memcpy and through aligned(1) types must agree. */
    uint64_t h = 0;
    int mismatches = 0;
    for (int off = 0; off < 16; off++) {
        uint64_t a;
        uint32_t b;
        uint16_t c;
        memcpy(&a, buf + off, 8);
        memcpy(&b, buf + off, 4);
        memcpy(&c, buf + off, 2);
        volatile unaligned_u64 *pa = (unaligned_u64 *)(buf + off);
        volatile unaligned_u32 *pb = (unaligned_u32 *)(buf + off);
        volatile unaligned_u16 *pc = (unaligned_u16 *)(buf + off);
        mismatches += a != *pa || b != *pb || c != *pc;
        uint64_t bytes = 0;
        for (int k = 7; k >= 0; k--) bytes = bytes << 8 | buf[off + k];
        mismatches += a != bytes; /* little-endian */
        h = h * 31 + a + b + c;
        if (off < 4) printf("offset %d: u64=%016llx u32=%08x u16=%04x\n", off, (unsigned long long)a, b, c);
    }
    printf("load mismatches=%d hash=%016llx\n", mismatches, (unsigned long long)h);

    /* Stores at every offset. */
    for (int off = 0; off < 16; off++) {
        unsigned char area[32];
        memset(area, 0xAA, sizeof area);
        volatile unaligned_u64 *p = (unaligned_u64 *)(area + off);
        *p = 0x0102030405060708ull;
        volatile unaligned_u32 *q = (unaligned_u32 *)(area + off + 9);
        *q = 0xA1B2C3D4u;
        int ok = area[off] == 8 && area[off + 7] == 1 && area[off + 8] == 0xAA && area[off + 9] == 0xD4 &&
                 area[off + 12] == 0xA1 && (off == 0 || area[off - 1] == 0xAA) && area[off + 13] == 0xAA;
        mismatches += !ok;
    }
    printf("store mismatches=%d\n", mismatches);

    /* Floating-point values at odd addresses (fld/fsd on misaligned addresses). */
    unsigned char fbuf[40];
    memset(fbuf, 0, sizeof fbuf);
    for (int off = 1; off < 8; off += 2) {
        volatile unaligned_f64 *pd = (unaligned_f64 *)(fbuf + off);
        volatile unaligned_f32 *pf = (unaligned_f32 *)(fbuf + off + 16);
        *pd = 1.0 / (off + 2);
        *pf = (float)(off * 1.25);
        double d;
        float f;
        memcpy(&d, fbuf + off, 8);
        memcpy(&f, fbuf + off + 16, 4);
        printf("misaligned fp at %d: %.17g %.9g sum=%.17g\n", off, d, (double)f, *pd + *pf);
    }

    /* Packed struct fields. */
    unsigned char raw[sizeof(struct header) + 3];
    memset(raw, 0, sizeof raw);
    struct header *hp = (struct header *)(raw + 1); /* deliberately misaligned base as well */
    hp->tag = 0x7E;
    hp->length = 0xDEADBEEF;
    hp->flags = 0x8001;
    hp->offset = 0x1122334455667788ull;
    hp->ratio = -2.75;
    hp->scale = 0.5f;
    hp->delta = -1234;
    printf("raw bytes:");
    for (size_t i = 0; i < sizeof raw; i++) printf(" %02x", raw[i]);
    printf("\nfields: tag=%x length=%x flags=%x offset=%llx ratio=%g scale=%g delta=%d\n", hp->tag, hp->length, hp->flags,
           (unsigned long long)hp->offset, hp->ratio, (double)hp->scale, hp->delta);
    hp->length += 0x11111111u;
    hp->offset >>= 4;
    hp->delta *= 3;
    printf("updated: length=%x offset=%llx delta=%d\n", hp->length, (unsigned long long)hp->offset, hp->delta);

    /* Bitfields in a packed struct. */
    struct bitfields bf;
    memset(&bf, 0, sizeof bf);
    bf.a = 5;
    bf.b = 300;
    bf.c = -20;
    bf.d = 0x1ABCDEF012ull;
    bf.tail = 0x99;
    unsigned char bfraw[sizeof bf];
    memcpy(bfraw, &bf, sizeof bf);
    printf("bitfields: a=%u b=%u c=%d d=%llx tail=%x raw:", bf.a, bf.b, bf.c, (unsigned long long)bf.d, bf.tail);
    for (size_t i = 0; i < sizeof bf; i++) printf(" %02x", bfraw[i]);
    printf("\n");
    bf.c += 100;
    bf.d += 0xFFFFFFFFFull;
    printf("bitfields wrap: c=%d d=%llx\n", bf.c, (unsigned long long)bf.d);

    /* Real misaligned load/store instructions (the compiler splits the accesses above into
       bytes; Linux user space guarantees misaligned accesses work, emulated if need be). */
    unsigned char area[48];
    for (int i = 0; i < 48; i++) area[i] = (unsigned char)(0xF0 ^ (i * 29));
    uint64_t asm_hash = 0;
    for (int off = 1; off < 8; off++) {
        int64_t ld, lw, lh;
        uint64_t lwu, lhu;
        double fd;
        float fw;
        unsigned char *p = area + off;
        __asm__ volatile("ld %0, 0(%1)" : "=r"(ld) : "r"(p) : "memory");
        __asm__ volatile("lw %0, 0(%1)" : "=r"(lw) : "r"(p) : "memory");
        __asm__ volatile("lwu %0, 0(%1)" : "=r"(lwu) : "r"(p) : "memory");
        __asm__ volatile("lh %0, 0(%1)" : "=r"(lh) : "r"(p) : "memory");
        __asm__ volatile("lhu %0, 0(%1)" : "=r"(lhu) : "r"(p) : "memory");
        __asm__ volatile("fld %0, 0(%1)" : "=f"(fd) : "r"(p) : "memory");
        __asm__ volatile("flw %0, 0(%1)" : "=f"(fw) : "r"(p) : "memory");
        uint64_t fdbits;
        uint32_t fwbits;
        memcpy(&fdbits, &fd, 8);
        memcpy(&fwbits, &fw, 4);
        if (off <= 3)
            printf("asm misaligned at %d: ld=%016llx lw=%lld lwu=%llx lh=%lld lhu=%llx fld=%016llx flw=%08x\n", off,
                   (unsigned long long)ld, (long long)lw, (unsigned long long)lwu, (long long)lh, (unsigned long long)lhu,
                   (unsigned long long)fdbits, fwbits);
        asm_hash = asm_hash * 131 + (uint64_t)ld + (uint64_t)lw + lwu + (uint64_t)lh + lhu + fdbits + fwbits;
        uint64_t sv = 0x8877665544332211ull ^ (uint64_t)off;
        __asm__ volatile("sd %0, 0(%1)" : : "r"(sv), "r"(area + 16 + off) : "memory");
        __asm__ volatile("sw %0, 0(%1)" : : "r"(sv >> 8), "r"(area + 32 + off) : "memory");
        __asm__ volatile("sh %0, 0(%1)" : : "r"(sv >> 16), "r"(area + 40 + off) : "memory");
        __asm__ volatile("fsd %0, 0(%1)" : : "f"(fd), "r"(area + 24 + off) : "memory");
    }
    printf("asm misaligned hash=%016llx area after stores:", (unsigned long long)asm_hash);
    for (int i = 16; i < 48; i++) printf(" %02x", area[i]);
    printf("\n");

    /* Serialize / deserialize big-endian manually. */
    uint64_t value = 0xCAFEBABE8BADF00Dull;
    unsigned char be[8];
    for (int i = 0; i < 8; i++) be[i] = (unsigned char)(value >> (56 - 8 * i));
    uint64_t le;
    memcpy(&le, be, 8);
    printf("big-endian bytes read little-endian=%016llx bswap=%016llx\n", (unsigned long long)le,
           (unsigned long long)__builtin_bswap64(le));
    return mismatches;
}
