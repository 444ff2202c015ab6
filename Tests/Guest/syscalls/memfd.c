/* Guest test: anonymous memory files (Linux man-pages: memfd_create(2), fcntl(2) file seals, mmap(2)).
 * A memfd is written, mapped shared twice, changed through one mapping and read through the other and
 * through read(2); seals stop shrinking, growing and writing; bad names and flags fail as on Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long result) {
    if (result < 0) printf("%-40s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-40s -> %ld\n", what, result);
}

int main(void) {
    int memory = memfd_create("morph-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    report("memfd_create", memory >= 0);
    printf("  cloexec %d\n", (fcntl(memory, F_GETFD) & FD_CLOEXEC) != 0);
    char link[128] = {0};
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", memory);
    readlink(path, link, sizeof link - 1);
    printf("  link [%s]\n", link);
    report("ftruncate 8192", ftruncate(memory, 8192));
    report("write", write(memory, "memfd contents", 14));
    char *first = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, memory, 0);
    char *second = mmap(NULL, 8192, PROT_READ, MAP_SHARED, memory, 0);
    printf("mapped: %d, first reads [%.14s]\n", first != MAP_FAILED && second != MAP_FAILED, first);
    memcpy(first + 4096, "page two", 8);
    printf("second mapping sees [%.8s]\n", second + 4096);
    char buffer[16] = {0};
    pread(memory, buffer, 8, 4096);
    printf("pread sees [%s]\n", buffer);
    struct stat status;
    fstat(memory, &status);
    printf("size %lld, regular file %d\n", (long long)status.st_size, S_ISREG(status.st_mode));

    report("F_GET_SEALS", fcntl(memory, F_GET_SEALS));
    report("F_ADD_SEALS SHRINK|GROW", fcntl(memory, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW));
    report("ftruncate 4096 (sealed)", ftruncate(memory, 4096));
    report("ftruncate 16384 (sealed)", ftruncate(memory, 16384));
    report("F_ADD_SEALS WRITE while mapped", fcntl(memory, F_ADD_SEALS, F_SEAL_WRITE));
    munmap(first, 8192);
    report("F_ADD_SEALS WRITE after munmap", fcntl(memory, F_ADD_SEALS, F_SEAL_WRITE));
    report("pwrite (sealed)", pwrite(memory, "x", 1, 0));
    report("F_GET_SEALS", fcntl(memory, F_GET_SEALS));
    int unsealable = memfd_create("plain", 0);
    report("F_ADD_SEALS without ALLOW_SEALING", fcntl(unsealable, F_ADD_SEALS, F_SEAL_WRITE));

    char long_name[300];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = 0;
    report("memfd_create 299-byte name", memfd_create(long_name, 0));
    long_name[249] = 0;
    report("memfd_create 249-byte name", memfd_create(long_name, 0) >= 0);
    long_name[249] = 'n';
    long_name[250] = 0;
    report("memfd_create 250-byte name", memfd_create(long_name, 0));
    report("memfd_create name NULL", syscall(SYS_memfd_create, NULL, 0));
    report("memfd_create name far", syscall(SYS_memfd_create, (void *)0xdead00000000ul, 0));
    report("memfd_create bad flags", syscall(SYS_memfd_create, "x", 0x100));
    return 0;
}
