/* Guest test: mmap, munmap, mprotect, mremap, madvise and brk at their edges (Linux man-pages mmap(2),
 * munmap(2), mprotect(2), mremap(2), madvise(2), brk(2)): argument errors, requests larger than the
 * address space, MAP_FIXED and MAP_FIXED_NOREPLACE, file mappings (private and shared), contents kept
 * across mremap moves, zero pages after MADV_DONTNEED and after a munmap/mmap cycle, the program break.
 * Prints only facts that do not depend on where things are placed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static void check(const char *what, int ok) { printf("%-44s %s\n", what, ok ? "ok" : "FAILED"); }

static const char *error_name(long result) { return result == -1 ? strerrorname_np(errno) : "success"; }

static void expect_error(const char *what, long result, int expected) {
    printf("%-44s %s%s\n", what, error_name(result), result == -1 && errno == expected ? "" : "  <- unexpected");
}

int main(void) {
    const long page = sysconf(_SC_PAGESIZE);
    printf("page size %ld\n", page);

    /* Argument errors. */
    expect_error("mmap length 0", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    expect_error("mmap neither shared nor private", (long)mmap(NULL, page, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
    expect_error("mmap unaligned offset", (long)mmap(NULL, page, PROT_READ, MAP_PRIVATE, 0, 123), EINVAL);
    expect_error("mmap 1 TiB", (long)mmap(NULL, 1ul << 40, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
    expect_error("mmap 2^63 bytes", (long)mmap(NULL, 1ul << 63, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
    expect_error("mmap fixed unaligned", (long)mmap((void *)0x10001000123ul, page, PROT_READ,
                                                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
    expect_error("mmap fixed beyond the address space", (long)mmap((void *)0x7f0000000000ul, page, PROT_READ,
                                                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
    expect_error("mmap bad descriptor", (long)mmap(NULL, page, PROT_READ, MAP_PRIVATE, 987, 0), EBADF);
    expect_error("munmap unaligned", munmap((void *)0x10001, page), EINVAL);
    expect_error("munmap length 0", munmap((void *)0x100000, 0), EINVAL);
    expect_error("mprotect unaligned", mprotect((void *)0x10001, page, PROT_READ), EINVAL);

    /* A region with a hole: mprotect over the hole fails with ENOMEM, munmap over it succeeds. */
    char *three = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("mmap three pages", three != MAP_FAILED);
    check("munmap middle page", munmap(three + page, page) == 0);
    expect_error("mprotect across the hole", mprotect(three, 3 * page, PROT_READ), ENOMEM);
    expect_error("madvise across the hole", madvise(three, 3 * page, MADV_DONTNEED), ENOMEM);
    check("munmap across the hole", munmap(three, 3 * page) == 0);

    /* MAP_FIXED replaces, MAP_FIXED_NOREPLACE refuses. */
    char *area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(area, 'x', 2 * page);
    char *fixed = mmap(area + page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check("MAP_FIXED lands at the address", fixed == area + page);
    check("MAP_FIXED pages are zero, the others kept", fixed[0] == 0 && fixed[page - 1] == 0 && area[0] == 'x');
    expect_error("MAP_FIXED_NOREPLACE over a mapping",
                 (long)mmap(area, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);

    /* MADV_DONTNEED zeroes private anonymous pages; unmapping then mapping again gives zero pages. */
    memset(area, 'y', 2 * page);
    check("madvise DONTNEED", madvise(area, page, MADV_DONTNEED) == 0);
    check("DONTNEED page reads as zero", area[0] == 0 && area[page - 1] == 0 && area[page] == 'y');
    munmap(area, 2 * page);
    char *again = mmap(area, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check("remapped pages are zero", again == area && again[0] == 0 && again[page] == 0);

    /* mremap: grow (in place or moved) keeps the contents; shrink keeps the start. */
    size_t size = 5 * page;
    unsigned char *block = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < size; i++) block[i] = (unsigned char)(i * 7);
    unsigned char *grown = mremap(block, size, 64 * page, MREMAP_MAYMOVE);
    int same = grown != MAP_FAILED;
    for (size_t i = 0; same && i < size; i++) same = grown[i] == (unsigned char)(i * 7);
    check("mremap grow keeps contents", same);
    check("mremap grown tail is zero", grown[64 * page - 1] == 0 && grown[size] == 0);
    unsigned char *shrunk = mremap(grown, 64 * page, page, 0);
    check("mremap shrink in place", shrunk == grown && shrunk[5] == 35);
    expect_error("mremap unaligned", (long)mremap((void *)0x10001, page, page, 0), EINVAL);

    /* A private file mapping shows the file; writes stay private. A shared one writes through. */
    char path[] = "/tmp/morph-mmap-XXXXXX";
    int fd = mkstemp(path);
    char text[8192];
    for (int i = 0; i < 8192; i++) text[i] = (char)('a' + i % 26);
    write(fd, text, sizeof text);
    char *file = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    check("file mapping shows the file", file != MAP_FAILED && memcmp(file, text, 8192) == 0);
    file[0] = 'Z';
    char first;
    pread(fd, &first, 1, 0);
    check("private mapping writes stay private", first == 'a' && file[0] == 'Z');
    char *offset = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
    check("file mapping at an offset", offset != MAP_FAILED && offset[0] == text[4096]);
    char *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    shared[1] = 'Q';
    msync(shared, 8192, MS_SYNC);
    char second;
    pread(fd, &second, 1, 1);
    check("shared mapping writes reach the file", second == 'Q');
    int readonly_fd = open(path, O_RDONLY);
    expect_error("shared writable map of a read-only fd",
                 (long)mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, readonly_fd, 0), EACCES);
    close(readonly_fd);
    close(fd);
    unlink(path);
    check("mapping outlives its descriptor", file[2] == 'c' && shared[1] == 'Q');

    /* The program break: grows, shrinks, refuses absurd requests. */
    void *start = sbrk(0);
    check("brk grows by 1 MiB", sbrk(1 << 20) == start && (char *)sbrk(0) == (char *)start + (1 << 20));
    memset(start, 1, 1 << 20);
    check("brk shrinks", brk(start) == 0 && sbrk(0) == start);
    check("brk regrown memory is zero", sbrk(page) == start && ((char *)start)[0] == 0 && ((char *)start)[page - 1] == 0);
    long unchanged = syscall(SYS_brk, (char *)start + (1ul << 45));
    check("brk to 32 TiB is refused (break unchanged)", (void *)unchanged == (char *)start + page);
    long below = syscall(SYS_brk, 4096);
    check("brk below the heap start is refused", (void *)below == (char *)start + page);
    return 0;
}
