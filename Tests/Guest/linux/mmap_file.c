/* Guest test: file-backed memory mappings.
 * Reference: POSIX.1-2017 mmap/munmap/msync, Linux mmap(2) (MAP_SHARED, MAP_PRIVATE, offsets,
 * mapping past end of file), msync(2). Writes through a MAP_SHARED mapping must reach the
 * file (seen by read/pread), MAP_PRIVATE writes must not, and file writes must be visible in
 * a shared mapping. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

static void report(const char *what, long result) {
    if (result < 0)
        printf("%s -> -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s -> %ld\n", what, result);
}

int main(void) {
    char dir[] = "/tmp/morph-mmap-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char file[128];
    snprintf(file, sizeof file, "%s/mapped.bin", dir);
    long page = sysconf(_SC_PAGESIZE);
    printf("page size %ld\n", page);

    int fd = open(file, O_CREAT | O_RDWR | O_TRUNC, 0600);
    const size_t size = 3 * 4096 + 100;
    unsigned char *content = malloc(size);
    for (size_t i = 0; i < size; i++) content[i] = (unsigned char)(i % 251);
    report("write", write(fd, content, size));

    /* MAP_SHARED read/write */
    unsigned char *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    report("mmap shared", shared == MAP_FAILED ? -1 : 0);
    printf("page aligned: %d\n", ((unsigned long)shared & 4095) == 0);
    printf("mapped bytes equal file: %d\n", memcmp(shared, content, size) == 0);
    /* Bytes past EOF up to the page end read as zero. */
    int tail_zero = 1;
    for (size_t i = size; i < 4 * 4096; i++) tail_zero &= shared[i] == 0;
    printf("tail of last page is zero: %d\n", tail_zero);
    memcpy(shared + 10, "SHARED-WRITE", 12);
    shared[size - 1] = 0xEE;
    report("msync MS_SYNC", msync(shared, size, MS_SYNC));
    unsigned char buf[32] = {0};
    report("pread after shared write", pread(fd, buf, 12, 10));
    printf("file now has: [%.12s] last=%#x\n", buf, (pread(fd, buf + 20, 1, (off_t)size - 1), buf[20]));
    report("pwrite into file", pwrite(fd, "FROM-FILE", 9, 5000));
    printf("mapping sees file write: [%.9s]\n", shared + 5000);

    /* MAP_PRIVATE: copy-on-write, invisible to the file and to the shared mapping */
    unsigned char *priv = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    report("mmap private", priv == MAP_FAILED ? -1 : 0);
    printf("private sees shared write: [%.12s]\n", priv + 10);
    memcpy(priv + 10, "private-data", 12);
    printf("private now: [%.12s] shared still: [%.12s]\n", priv + 10, shared + 10);
    memset(buf, 0, sizeof buf);
    pread(fd, buf, 12, 10);
    printf("file still: [%.12s]\n", buf);
    report("munmap private", munmap(priv, size));

    /* Mapping at a page offset */
    unsigned char *off = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 8192);
    report("mmap offset 8192", off == MAP_FAILED ? -1 : 0);
    printf("offset mapping first bytes: %u %u %u (expect %u %u %u)\n", off[0], off[1], off[2], (8192 % 251),
           (8193 % 251), (8194 % 251));
    report("munmap offset", munmap(off, 4096));
    report("mmap unaligned offset", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 100) == MAP_FAILED ? -1 : 0);

    /* Read-only mapping of a file opened read-only; MAP_SHARED+PROT_WRITE must fail with EACCES */
    int rfd = open(file, O_RDONLY);
    report("mmap shared writable on O_RDONLY fd",
           mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0) == MAP_FAILED ? -1 : 0);
    unsigned char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, rfd, 0);
    report("mmap read-only private", ro == MAP_FAILED ? -1 : 0);
    printf("ro[10..21]: [%.12s]\n", ro + 10);
    munmap(ro, 4096);
    close(rfd);
    report("mmap bad fd", mmap(NULL, 4096, PROT_READ, MAP_SHARED, 999, 0) == MAP_FAILED ? -1 : 0);
    report("mmap length 0", mmap(NULL, 0, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0);

    /* Grow the file with ftruncate and remap larger; sum all bytes. */
    report("ftruncate 64 KiB", ftruncate(fd, 65536));
    unsigned char *big = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    unsigned long sum = 0;
    for (size_t i = 0; i < 65536; i++) sum += big[i];
    printf("sum of 64 KiB = %lu\n", sum);
    for (size_t i = 16384; i < 65536; i += 4096) big[i] = (unsigned char)(i >> 12);
    report("msync MS_ASYNC", msync(big, 65536, MS_ASYNC));
    report("msync unaligned", msync(big + 1, 100, MS_SYNC));
    report("munmap big", munmap(big, 65536));
    report("munmap shared", munmap(shared, size));
    struct stat st;
    fstat(fd, &st);
    unsigned char *again = malloc(65536);
    report("pread whole", pread(fd, again, 65536, 0));
    sum = 0;
    for (size_t i = 0; i < 65536; i++) sum += again[i];
    printf("size=%lld sum after unmap = %lu\n", (long long)st.st_size, sum);

    close(fd);
    unlink(file);
    rmdir(dir);
    free(content);
    free(again);
    return 0;
}
