/* Guest test: heavy use of the glibc allocator (brk heap and mmap'd chunks).
 * Reference: ISO C11 7.22.3 (memory management functions), glibc malloc, Linux brk(2)/mmap(2).
 * Many sizes, random free order (fragmentation), realloc growth/shrink, calloc zeroing,
 * large blocks above the mmap threshold, aligned_alloc/posix_memalign. Prints only
 * deterministic facts (contents, alignment, usable sizes, counters), never addresses. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <malloc.h>
#include <errno.h>

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t next_random(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* The byte expected at offset i of a block tagged `tag`; periodic with period 256 in i. */
static unsigned char pattern_byte(unsigned tag, size_t i) {
    return (unsigned char)(tag * 7u + i * 13u);
}

/* Builds the 256-byte period of a tag's pattern, starting at offset `start`. */
static void pattern_period(unsigned char period[256], unsigned tag, size_t start) {
    for (size_t k = 0; k < 256; k++) period[k] = pattern_byte(tag, start + k);
}

/* Fills bytes [start, start+n) of a block with its pattern (memcpy of whole periods). */
static void fill_range(unsigned char *p, size_t start, size_t n, unsigned tag) {
    unsigned char period[256];
    pattern_period(period, tag, start);
    size_t done = 0;
    while (done < n) {
        size_t chunk = n - done < 256 ? n - done : 256;
        memcpy(p + start + done, period, chunk);
        done += chunk;
    }
}

/* Fills a whole block with its pattern. */
static void fill(unsigned char *p, size_t n, unsigned tag) {
    fill_range(p, 0, n, tag);
}

/* Checks the pattern of bytes [start, start+n); returns the number of wrong 256-byte periods. */
static size_t verify_range(const unsigned char *p, size_t start, size_t n, unsigned tag) {
    unsigned char period[256];
    pattern_period(period, tag, start);
    size_t bad = 0, done = 0;
    while (done < n) {
        size_t chunk = n - done < 256 ? n - done : 256;
        bad += memcmp(p + start + done, period, chunk) != 0;
        done += chunk;
    }
    return bad;
}

/* Checks the pattern of a whole block; returns the number of wrong 256-byte periods. */
static size_t verify(const unsigned char *p, size_t n, unsigned tag) {
    return verify_range(p, 0, n, tag);
}

#define SLOTS 512

int main(void) {
    static unsigned char *blocks[SLOTS];
    static size_t sizes[SLOTS];
    size_t errors = 0, misaligned = 0, allocations = 0, frees = 0;

    /* Phase 1: many small/medium blocks, random frees and reallocations. */
    for (int round = 0; round < 5000; round++) {
        int slot = (int)(next_random() % SLOTS);
        if (blocks[slot]) {
            errors += verify(blocks[slot], sizes[slot], (unsigned)slot);
            if (next_random() % 3 == 0) {
                size_t newsize = 1 + next_random() % 3000;
                unsigned char *q = realloc(blocks[slot], newsize);
                size_t keep = newsize < sizes[slot] ? newsize : sizes[slot];
                errors += verify(q, keep, (unsigned)slot);
                fill(q, newsize, (unsigned)slot);
                blocks[slot] = q;
                sizes[slot] = newsize;
            } else {
                free(blocks[slot]);
                blocks[slot] = NULL;
                frees++;
            }
        } else {
            unsigned kind = (unsigned)(next_random() % 10);
            size_t size = kind < 6 ? 1 + next_random() % 64 : kind < 9 ? 65 + next_random() % 2048 : 2049 + next_random() % 30000;
            blocks[slot] = malloc(size);
            if (!blocks[slot]) { printf("malloc(%zu) failed\n", size); return 1; }
            misaligned += ((uintptr_t)blocks[slot] & 15u) != 0;
            sizes[slot] = size;
            fill(blocks[slot], size, (unsigned)slot);
            allocations++;
        }
    }
    size_t live = 0, live_bytes = 0;
    for (int i = 0; i < SLOTS; i++) {
        if (blocks[i]) {
            errors += verify(blocks[i], sizes[i], (unsigned)i);
            live++;
            live_bytes += sizes[i];
            free(blocks[i]);
            blocks[i] = NULL;
        }
    }
    printf("phase1 allocations=%zu frees=%zu live=%zu live_bytes=%zu errors=%zu misaligned=%zu\n", allocations, frees,
           live, live_bytes, errors, misaligned);

    /* Phase 2: usable sizes are a deterministic function of the request. */
    size_t requests[] = {0, 1, 8, 24, 25, 40, 100, 1000, 4096, 100000};
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
        void *p = malloc(requests[i]);
        printf("malloc(%zu): %s usable=%zu aligned16=%d\n", requests[i], p ? "ok" : "NULL", malloc_usable_size(p),
               ((uintptr_t)p & 15u) == 0);
        free(p);
    }

    /* Phase 3: calloc returns zeroed memory even after the heap held garbage. */
    for (int i = 0; i < 20; i++) {
        size_t n = 100 + (size_t)i * 731;
        unsigned char *dirty = malloc(n);
        memset(dirty, 0xAB, n);
        free(dirty);
        unsigned char *z = calloc(n, 1);
        size_t nonzero = 0;
        for (size_t k = 0; k < n; k++) nonzero += z[k] != 0;
        if (i % 5 == 0 || nonzero) printf("calloc(%zu,1) nonzero=%zu\n", n, nonzero);
        free(z);
    }
    errno = 0;
    volatile size_t huge_count = SIZE_MAX / 2;
    void *overflow = calloc(huge_count, 4);
    printf("calloc overflow -> %s errno=%s\n", overflow ? "non-NULL" : "NULL", errno == ENOMEM ? "ENOMEM" : "other");
    errno = 0;
    void *too_big = malloc(huge_count);
    printf("malloc(SIZE_MAX/2) -> %s errno=%s\n", too_big ? "non-NULL" : "NULL", errno == ENOMEM ? "ENOMEM" : "other");

    /* Phase 4: large blocks served by mmap; realloc between sizes. */
    size_t large[] = {128 * 1024, 200000, 1 << 20, 3 << 20, 8 << 20};
    for (size_t i = 0; i < sizeof large / sizeof large[0]; i++) {
        unsigned char *p = malloc(large[i]);
        /* Fill the first 64 KiB and the last page, and one byte in every page between. */
        fill(p, 65536, (unsigned)i);
        for (size_t k = 65536; k < large[i] - 4096; k += 4096) p[k] = pattern_byte((unsigned)i, k);
        fill_range(p, large[i] - 4096, 4096, (unsigned)i);
        size_t bad = verify(p, 65536, (unsigned)i) + verify_range(p, large[i] - 4096, 4096, (unsigned)i);
        for (size_t k = 65536; k < large[i] - 4096; k += 4096) bad += p[k] != pattern_byte((unsigned)i, k);
        struct mallinfo2 mi = mallinfo2();
        printf("large malloc(%zu): bad=%zu aligned16=%d mmapped_chunks=%zu usable>=req=%d\n", large[i], bad,
               ((uintptr_t)p & 15u) == 0, mi.hblks, malloc_usable_size(p) >= large[i]);
        unsigned char *q = realloc(p, large[i] * 2);
        bad = 0;
        bad += verify(q, 65536, (unsigned)i) + verify_range(q, large[i] - 4096, 4096, (unsigned)i);
        for (size_t k = 65536; k < large[i] - 4096; k += 4096) bad += q[k] != pattern_byte((unsigned)i, k);
        unsigned char *r = realloc(q, 1000);
        bad += verify(r, 1000, (unsigned)i);
        printf("  grown and shrunk: bad=%zu\n", bad);
        free(r);
    }
    struct mallinfo2 mi = mallinfo2();
    printf("after frees: mmapped_chunks=%zu mmapped_bytes=%zu\n", mi.hblks, mi.hblkhd);

    /* Phase 5: aligned allocation. */
    size_t aligns[] = {16, 32, 64, 256, 4096, 65536};
    for (size_t i = 0; i < sizeof aligns / sizeof aligns[0]; i++) {
        void *a = aligned_alloc(aligns[i], aligns[i] * 3);
        void *b = NULL;
        int rc = posix_memalign(&b, aligns[i], 100);
        void *c = memalign(aligns[i], 10);
        printf("align %zu: aligned_alloc=%d posix_memalign rc=%d ok=%d memalign=%d\n", aligns[i],
               ((uintptr_t)a % aligns[i]) == 0, rc, ((uintptr_t)b % aligns[i]) == 0, ((uintptr_t)c % aligns[i]) == 0);
        free(a);
        free(b);
        free(c);
    }
    void *bad_align = NULL;
    printf("posix_memalign(3) rc=%d (EINVAL=%d)\n", posix_memalign(&bad_align, 3, 10), EINVAL);

    /* Phase 6: a long linked chain of small nodes, then free every other, then the rest. */
    struct node { struct node *next; unsigned value; char pad[20]; };
    struct node *head = NULL;
    for (unsigned i = 0; i < 20000; i++) {
        struct node *nd = malloc(sizeof *nd);
        nd->value = i * 2654435761u;
        nd->next = head;
        head = nd;
    }
    unsigned long sum = 0;
    for (struct node *nd = head; nd; nd = nd->next) sum += nd->value;
    struct node *nd = head;
    while (nd && nd->next) {
        struct node *victim = nd->next;
        nd->next = victim->next;
        free(victim);
        nd = nd->next;
    }
    unsigned long sum_half = 0, count = 0;
    while (head) {
        struct node *next = head->next;
        sum_half += head->value;
        count++;
        free(head);
        head = next;
    }
    printf("chain sum=%lu remaining=%lu sum_half=%lu\n", sum, count, sum_half);
    int status = (int)(errors + misaligned);
    printf("status=%d\n", status);
    return status;
}
