/* Guest test: glibc's optimized memory and string functions.
 * Reference: ISO C11 7.24 (string handling), POSIX strtok_r/stpcpy/strnlen/memmem.
 * Every function is exercised at many alignments and lengths (including overlapping
 * memmove and unaligned memcpy) and compared against simple byte-loop references. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static unsigned long failures = 0;
static unsigned long checks = 0;

static void check(int ok, const char *what, size_t a, size_t b) {
    checks++;
    if (!ok) {
        failures++;
        if (failures < 20) printf("FAIL %s (%zu, %zu)\n", what, a, b);
    }
}

static int sign(int x) { return (x > 0) - (x < 0); }

/* Reference implementations. */
static int ref_memcmp(const unsigned char *a, const unsigned char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* Hides a pointer's value from the compiler so that calls on literals reach glibc. */
static const char *opaque(const char *s) {
    __asm__("" : "+r"(s));
    return s;
}

int main(void) {
    static unsigned char src[1024], dst[1024], ref[1024];
    for (int i = 0; i < 1024; i++) src[i] = (unsigned char)(i * 37 + 11);

    /* memcpy: every source/destination alignment 0..15, lengths 0..300 (sampled). */
    for (size_t sa = 0; sa < 16; sa++)
        for (size_t da = 0; da < 16; da += 3)
            for (size_t len = 0; len < 300; len += (len < 40 ? 1 : 23)) {
                memset(dst, 0xEE, 400);
                memcpy(dst + da, src + sa, len);
                int ok = ref_memcmp(dst + da, src + sa, len) == 0 && (da == 0 || dst[da - 1] == 0xEE) &&
                         dst[da + len] == 0xEE;
                check(ok, "memcpy", sa * 16 + da, len);
            }
    printf("memcpy done checks=%lu failures=%lu\n", checks, failures);

    /* memmove: overlapping in both directions. */
    for (size_t off = 0; off < 40; off++)
        for (size_t len = 0; len < 260; len += 11) {
            for (int i = 0; i < 360; i++) dst[i] = ref[i] = (unsigned char)(i ^ 0x5A);
            memmove(dst + 50 + off, dst + 50, len); /* forward overlap */
            for (size_t i = len; i-- > 0;) ref[50 + off + i] = ref[50 + i];
            check(ref_memcmp(dst, ref, 360) == 0, "memmove fwd", off, len);
            for (int i = 0; i < 360; i++) dst[i] = ref[i] = (unsigned char)(i ^ 0xA5);
            memmove(dst + 50, dst + 50 + off, len); /* backward overlap */
            for (size_t i = 0; i < len; i++) ref[50 + i] = ref[50 + off + i];
            check(ref_memcmp(dst, ref, 360) == 0, "memmove back", off, len);
        }
    printf("memmove done checks=%lu failures=%lu\n", checks, failures);

    /* memset: alignments, lengths, values. */
    for (size_t a = 0; a < 16; a++)
        for (size_t len = 0; len < 200; len += 3) {
            memset(dst, 1, 300);
            memset(dst + a, (int)(a * 17 + len), len);
            int ok = dst[a + len] == 1 && (a == 0 || dst[a - 1] == 1);
            for (size_t i = 0; i < len; i++) ok &= dst[a + i] == (unsigned char)(a * 17 + len);
            check(ok, "memset", a, len);
        }
    printf("memset done checks=%lu failures=%lu\n", checks, failures);

    /* memcmp: a single difference at every position, signedness (bytes compare unsigned). */
    for (size_t a = 0; a < 8; a++)
        for (size_t len = 1; len < 100; len += 5)
            for (size_t pos = 0; pos < len; pos += 3) {
                memcpy(dst + a, src, len);
                dst[a + pos] = (unsigned char)(src[pos] + 0x80);
                int r = memcmp(dst + a, src, len);
                check(sign(r) == ref_memcmp(dst + a, src, len), "memcmp", len, pos);
                check(memcmp(src, src, len) == 0, "memcmp eq", len, 0);
            }
    printf("memcmp(\"\\x80\", \"\\x01\") sign=%d bcmp-equal=%d\n", sign(memcmp(opaque("\x80"), opaque("\x01"), 1)),
           bcmp(opaque("ab"), opaque("ab"), 2) == 0);

    /* strlen at all alignments and lengths (exercises word-at-a-time scanning). */
    char sbuf[512];
    for (size_t a = 0; a < 16; a++)
        for (size_t len = 0; len < 200; len++) {
            memset(sbuf, 'x', a + len + 16);
            sbuf[a + len] = 0;
            check(strlen(sbuf + a) == len, "strlen", a, len);
            check(strnlen(sbuf + a, len / 2) == len / 2, "strnlen", a, len);
        }
    sbuf[0] = (char)0x80;
    sbuf[1] = (char)0xFF;
    sbuf[2] = 0;
    printf("strlen high bytes=%zu strnlen(\"abc\",10)=%zu\n", strlen(sbuf), strnlen(opaque("abc"), 10));

    /* strcmp/strncmp with differences at every position and high-bit bytes. */
    char s1[300], s2[300];
    for (size_t a = 0; a < 8; a++)
        for (size_t len = 0; len < 120; len += 3)
            for (size_t pos = 0; pos <= len; pos += 4) {
                for (size_t i = 0; i < len; i++) s1[i] = s2[a + i] = (char)('A' + (i % 50));
                s1[len] = 0;
                s2[a + len] = 0;
                if (pos < len) s2[a + pos] = (char)0xC3;
                int expect = pos < len ? -1 : 0;
                check(sign(strcmp(s1, s2 + a)) == expect, "strcmp", len, pos);
                check(sign(strncmp(s1, s2 + a, pos)) == 0, "strncmp prefix", len, pos);
                check(sign(strncmp(s2 + a, s1, len + 5)) == -expect, "strncmp", len, pos);
            }
    printf("strcmp(\"abc\",\"abd\")=%d strcmp(\"abc\",\"ab\")=%d strncmp(\"abcX\",\"abcY\",3)=%d strcasecmp=%d strncasecmp=%d\n",
           sign(strcmp(opaque("abc"), opaque("abd"))), sign(strcmp(opaque("abc"), opaque("ab"))),
           strncmp(opaque("abcX"), opaque("abcY"), 3), strcasecmp(opaque("HeLLo"), opaque("hello")),
           sign(strncasecmp(opaque("ABCd"), opaque("abce"), 4)));

    /* strchr/strrchr/memchr/memrchr/strchrnul. */
    const char *text = opaque("the quick brown fox jumps over the lazy dog; THE END");
    for (int c = 0; c < 128; c += 1) {
        const char *f = strchr(text, c), *l = strrchr(text, c);
        const void *m = memchr(text, c, strlen(text));
        const void *mr = memrchr(text, c, strlen(text));
        long fi = f ? f - text : -1, li = l ? l - text : -1;
        long mi = m ? (const char *)m - text : -1, mri = mr ? (const char *)mr - text : -1;
        if (f || c == 0) printf("chr %3d: strchr=%ld strrchr=%ld memchr=%ld memrchr=%ld strchrnul=%ld\n", c, fi, li, mi, mri,
                    strchrnul(text, c) - text);
    }
    /* strchr across alignments. */
    for (size_t a = 0; a < 16; a++)
        for (size_t pos = 0; pos < 100; pos++) {
            memset(sbuf, 'a', 200);
            sbuf[a + pos] = 'Z';
            sbuf[a + 150] = 0;
            check(strchr(sbuf + a, 'Z') == sbuf + a + pos, "strchr", a, pos);
            check(strrchr(sbuf + a, 'a') == sbuf + a + 149, "strrchr", a, pos);
            check(memchr(sbuf + a, 'Z', 150) == sbuf + a + pos, "memchr", a, pos);
            check(rawmemchr(sbuf + a, 0) == sbuf + a + 150, "rawmemchr", a, pos);
        }

    /* strstr / memmem / strspn / strcspn / strpbrk. */
    const char *hay = opaque("abababcabcabcdabcdeabcdefxyzaaaaaaaaab");
    const char *needles[] = {"", "a", "abc", "abcd", "abcdef", "abcdefg", "aab", "aaaaaaab", "xyz", "zz", "b", hay};
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++) {
        const char *r = strstr(hay, needles[i]);
        const void *m = memmem(hay, strlen(hay), needles[i], strlen(needles[i]));
        printf("strstr(\"%s\")=%ld memmem=%ld strcasestr=%ld\n", needles[i], r ? r - hay : -1L,
               m ? (const char *)m - hay : -1L, strcasestr("ABABABCABCABCD", needles[i]) ? 1L : 0L);
    }
    printf("strspn=%zu strcspn=%zu strpbrk=%s\n", strspn(opaque("aabbccdd"), opaque("ab")),
           strcspn(opaque("hello, world"), opaque(" ,")), strpbrk(opaque("hello, world"), opaque("ow")));

    /* strcpy/stpcpy/strncpy/strcat/strncat. */
    char out[128];
    memset(out, '#', sizeof out);
    strcpy(out, opaque("hello"));
    printf("strcpy: [%s] after=%c\n", out, out[6]);
    char *end = stpcpy(out, opaque("stp"));
    printf("stpcpy: [%s] end-offset=%ld\n", out, (long)(end - out));
    memset(out, '#', sizeof out);
    strncpy(out, opaque("abc"), 8); /* pads with NULs to 8 */
    int nul_padding = 1;
    for (int i = 3; i < 8; i++) nul_padding &= out[i] == 0;
    printf("strncpy pad: [%s] padded=%d next=%c\n", out, nul_padding, out[8]);
    memset(out, '#', sizeof out);
    strncpy(out, opaque("abcdefghij"), 4); /* no terminator */
    printf("strncpy trunc: [%.6s]\n", out);
    strcpy(out, opaque("one"));
    strcat(out, opaque(", two"));
    strcat(out, opaque(", three"));
    strncat(out, opaque(", four-five-six"), 6);
    printf("strcat: [%s] len=%zu\n", out, strlen(out));
    char *dup = strdup(out), *ndup = strndup(out, 5);
    printf("strdup: [%s] strndup: [%s]\n", dup, ndup);
    free(dup);
    free(ndup);

    /* strtok and strtok_r. */
    char tokbuf[] = "  alpha, beta;;gamma ,delta;  epsilon  ";
    int ntok = 0;
    for (char *t = strtok(tokbuf, " ,;"); t; t = strtok(NULL, " ,;")) printf("tok %d: [%s]\n", ntok++, t);
    char nested[] = "a=1&b=2&c=3";
    char *save1, *save2;
    for (char *pair = strtok_r(nested, "&", &save1); pair; pair = strtok_r(NULL, "&", &save1)) {
        char *k = strtok_r(pair, "=", &save2), *v = strtok_r(NULL, "=", &save2);
        printf("pair %s -> %s\n", k, v);
    }
    char sepbuf[] = "x::y:z", *cursor = sepbuf, *piece;
    while ((piece = strsep(&cursor, ":"))) printf("strsep [%s]\n", piece);

    /* A bigger memcpy/memmove/memset/memcmp on 64 KiB buffers. */
    unsigned char *big1 = malloc(65536 + 64), *big2 = malloc(65536 + 64);
    for (int i = 0; i < 65536 + 64; i++) big1[i] = (unsigned char)(i * 131 + (i >> 8));
    memcpy(big2 + 3, big1 + 5, 65536);
    check(memcmp(big2 + 3, big1 + 5, 65536) == 0, "big memcpy", 0, 0);
    memmove(big2 + 1, big2 + 3, 65536);
    check(memcmp(big2 + 1, big1 + 5, 65536) == 0, "big memmove", 0, 0);
    memset(big2, 0x77, 65536);
    unsigned long sum = 0;
    for (int i = 0; i < 65536 + 64; i++) sum += big2[i];
    printf("big sum=%lu\n", sum);
    free(big1);
    free(big2);

    printf("checks=%lu failures=%lu\n", checks, failures);
    return failures ? 1 : 0;
}
