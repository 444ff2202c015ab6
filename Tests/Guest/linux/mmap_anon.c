/* Guest test: anonymous memory management.
 * Reference: Linux mmap(2) (MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED,
 * MAP_FIXED), munmap(2), mprotect(2), mremap(2) (MREMAP_MAYMOVE, MREMAP_FIXED),
 * madvise(2) MADV_DONTNEED, brk(2) via sbrk. No access ever faults; only return values,
 * errno names and memory contents are printed. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>

#define PAGE 4096

static void report(const char *what, long result) {
    if (result < 0)
        printf("%s -> -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s -> %ld\n", what, result);
}

static long failed(void *p) { return p == MAP_FAILED ? -1 : 0; }

static unsigned long sum_bytes(const unsigned char *p, size_t n) {
    unsigned long s = 0;
    for (size_t i = 0; i < n; i++) s += p[i];
    return s;
}

int main(void) {
    /* Fresh anonymous memory is zero. */
    unsigned char *a = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    report("mmap 16 pages", failed(a));
    printf("aligned=%d zero-sum=%lu\n", ((uintptr_t)a % PAGE) == 0, sum_bytes(a, 16 * PAGE));
    for (size_t i = 0; i < 16 * PAGE; i++) a[i] = (unsigned char)(i / PAGE + 1);
    printf("after fill sum=%lu\n", sum_bytes(a, 16 * PAGE));

    /* Unmap a hole in the middle, then map it again with MAP_FIXED: zero again. */
    report("munmap middle 2 pages", munmap(a + 4 * PAGE, 2 * PAGE));
    unsigned char *fixed = mmap(a + 4 * PAGE, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    report("mmap MAP_FIXED into hole", failed(fixed));
    printf("fixed at requested address: %d hole sum=%lu neighbours=%u,%u\n", fixed == a + 4 * PAGE,
           sum_bytes(fixed, 2 * PAGE), a[4 * PAGE - 1], a[6 * PAGE]);

    /* mprotect: read-only then back to read-write; data preserved. */
    report("mprotect PROT_READ", mprotect(a, 2 * PAGE, PROT_READ));
    printf("readable after mprotect: %u\n", a[PAGE + 5]);
    report("mprotect PROT_READ|PROT_WRITE", mprotect(a, 2 * PAGE, PROT_READ | PROT_WRITE));
    a[0] = 99;
    printf("writable again: %u\n", a[0]);
    report("mprotect unaligned", mprotect(a + 1, PAGE, PROT_READ));
    report("mprotect PROT_NONE", mprotect(a + 15 * PAGE, PAGE, PROT_NONE));
    report("mprotect restore", mprotect(a + 15 * PAGE, PAGE, PROT_READ | PROT_WRITE));
    printf("page 15 content kept: %u\n", a[15 * PAGE + 7]);

    /* madvise(MADV_DONTNEED) on private anonymous memory zero-fills on next touch. */
    report("madvise DONTNEED", madvise(a + 8 * PAGE, 2 * PAGE, MADV_DONTNEED));
    printf("after DONTNEED sum=%lu next page=%u\n", sum_bytes(a + 8 * PAGE, 2 * PAGE), a[10 * PAGE]);

    /* mremap grow in place or move; contents preserved; new tail zero. */
    unsigned char *b = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < 4 * PAGE; i++) b[i] = (unsigned char)(i * 7);
    unsigned long before = sum_bytes(b, 4 * PAGE);
    unsigned char *c = mremap(b, 4 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
    report("mremap grow MAYMOVE", failed(c));
    printf("grown: old part preserved=%d new part sum=%lu\n", sum_bytes(c, 4 * PAGE) == before, sum_bytes(c + 4 * PAGE, 60 * PAGE));
    c[64 * PAGE - 1] = 1;
    unsigned char *d = mremap(c, 64 * PAGE, 2 * PAGE, 0);
    report("mremap shrink", failed(d));
    printf("shrunk in place: %d sum=%lu\n", d == c, sum_bytes(d, 2 * PAGE));
    /* Block growth in place with a neighbour, then growth without MAYMOVE must fail. */
    unsigned char *e = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *guard = mmap(e + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    report("map neighbour", failed(guard));
    report("munmap tail", munmap(e + 2 * PAGE, PAGE));
    e[0] = 42;
    report("mremap grow blocked without MAYMOVE", failed(mremap(e, PAGE, 2 * PAGE, 0)));
    unsigned char *moved = mremap(e, PAGE, 8 * PAGE, MREMAP_MAYMOVE);
    report("mremap grow must move", failed(moved));
    printf("moved=%d first byte=%u\n", moved != e, moved[0]);
    unsigned char *target = mmap(NULL, 8 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *fixed_move = mremap(moved, 8 * PAGE, 8 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    report("mremap MREMAP_FIXED", failed(fixed_move));
    printf("at target=%d first byte=%u\n", fixed_move == target, fixed_move[0]);
    report("mremap bad address", failed(mremap((void *)0x1000, PAGE, 2 * PAGE, MREMAP_MAYMOVE)));

    /* Shared anonymous mapping behaves like memory too. */
    unsigned char *s = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    report("mmap shared anonymous", failed(s));
    memset(s, 3, 2 * PAGE);
    printf("shared anon sum=%lu\n", sum_bytes(s, 2 * PAGE));

    /* Error cases. */
    report("munmap unaligned", munmap(a + 1, PAGE));
    report("munmap length 0", munmap(a, 0));
    unsigned char *gone = mmap(NULL, 4 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    report("munmap once", munmap(gone, 4 * PAGE));
    report("munmap already unmapped range", munmap(gone, 4 * PAGE));
    report("mmap bad flags", failed(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0)));
    report("mmap huge", failed(mmap(NULL, (size_t)1 << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)));

    /* A large mapping touched sparsely. */
    size_t big = 256ul << 20;
    unsigned char *huge = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    report("mmap 256 MiB", failed(huge));
    unsigned long touched = 0;
    for (size_t off = 0; off < big; off += 1 << 20) {
        huge[off] = (unsigned char)(off >> 20);
        touched += huge[off];
    }
    printf("touched sum=%lu\n", touched);
    report("munmap 256 MiB", munmap(huge, big));

    /* brk through sbrk */
    void *brk0 = sbrk(0);
    void *grown = sbrk(3 * PAGE);
    report("sbrk grow", grown == (void *)-1 ? -1 : 0);
    printf("sbrk returned old break: %d\n", grown == brk0);
    memset(grown, 9, 3 * PAGE);
    printf("brk area sum=%lu\n", sum_bytes(grown, 3 * PAGE));
    printf("break moved by: %ld\n", (long)((char *)sbrk(0) - (char *)brk0));
    sbrk(-(intptr_t)(3 * PAGE));
    printf("break restored: %d\n", sbrk(0) == brk0);

    munmap(a, 16 * PAGE);
    munmap(d, 2 * PAGE);
    munmap(s, 2 * PAGE);
    return 0;
}
