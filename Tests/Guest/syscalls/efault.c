/* Guest test: system calls given bad pointers fail with EFAULT and the process survives (Linux
 * man-pages, "EFAULT: ... points outside your accessible address space"). Pointers tried: NULL, a
 * low unmapped page, an address far beyond the 256 GiB user address space, a kernel-half address,
 * a PROT_NONE page, a read-only page (for calls that write), and a buffer that runs off the end of
 * a mapping. Raw syscall() is used so that glibc wrappers cannot check or reroute anything. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long result) {
    if (result < 0) printf("%-28s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-28s -> %ld\n", what, result);
}

int main(void) {
    char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *readonly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(two + 4096, 4096);               /* two: one page, then a hole */
    char *edge = two + 4096 - 8;            /* 8 valid bytes, then unmapped */
    void *far = (void *)0xdead00000000ul;   /* beyond the user address space */
    void *kernel = (void *)0xffffffff80000000ul;
    int pipes[2];
    pipe(pipes);
    write(pipes[1], "0123456789abcdef0123456789abcdef", 32);

    report("write(NULL)", syscall(SYS_write, 1, NULL, 5));
    report("write(0x1000)", syscall(SYS_write, 1, (void *)0x1000, 5));
    report("write(far)", syscall(SYS_write, 1, far, 5));
    report("write(kernel)", syscall(SYS_write, 1, kernel, 5));
    report("write(PROT_NONE)", syscall(SYS_write, 1, none, 5));
    report("read(NULL)", syscall(SYS_read, pipes[0], NULL, 4));
    report("read(far)", syscall(SYS_read, pipes[0], far, 4));
    report("read(read-only)", syscall(SYS_read, pipes[0], readonly, 4));
    report("read(PROT_NONE)", syscall(SYS_read, pipes[0], none, 4));
    report("read(edge, 4)", syscall(SYS_read, pipes[0], edge, 4));
    report("read(edge, 16)", syscall(SYS_read, pipes[0], edge, 16));
    report("openat(NULL)", syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY));
    report("openat(far)", syscall(SYS_openat, AT_FDCWD, far, O_RDONLY));
    report("openat(PROT_NONE)", syscall(SYS_openat, AT_FDCWD, none, O_RDONLY));
    report("fstat(1, NULL)", syscall(SYS_fstat, 1, NULL));
    report("fstat(1, read-only)", syscall(SYS_fstat, 1, readonly));
    report("fstat(1, far)", syscall(SYS_fstat, 1, far));
    report("newfstatat(path NULL)", syscall(SYS_newfstatat, AT_FDCWD, NULL, two, 0));
    report("statx(buffer far)", syscall(SYS_statx, AT_FDCWD, "/", 0, 0x7ff, far));
    report("uname(NULL)", syscall(SYS_uname, NULL));
    report("uname(read-only)", syscall(SYS_uname, readonly));
    report("clock_gettime(NULL)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, NULL));
    report("clock_gettime(kernel)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, kernel));
    report("gettimeofday(far)", syscall(SYS_gettimeofday, far, NULL));
    report("nanosleep(NULL)", syscall(SYS_nanosleep, NULL, NULL));
    report("pipe2(NULL)", syscall(SYS_pipe2, NULL, 0));
    report("pipe2(read-only)", syscall(SYS_pipe2, readonly, 0));
    report("getcwd(far)", syscall(SYS_getcwd, far, 4096));
    report("readv(iov NULL)", syscall(SYS_readv, pipes[0], NULL, 1));
    report("writev(iov far)", syscall(SYS_writev, 1, far, 2));
    report("getrandom(far)", syscall(SYS_getrandom, far, 8, 0));
    report("getrandom(read-only)", syscall(SYS_getrandom, readonly, 8, 0));
    report("prlimit64(old far)", syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, far));
    report("sysinfo(NULL)", syscall(SYS_sysinfo, NULL));
    report("rt_sigaction(act far)", syscall(SYS_rt_sigaction, SIGUSR1, far, NULL, 8));
    report("readlinkat(buf far)", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", far, 64));
    int directory = open("/", O_RDONLY | O_DIRECTORY);
    report("getdents64(buf far)", syscall(SYS_getdents64, directory, far, 4096));
    report("getdents64(buf read-only)", syscall(SYS_getdents64, directory, readonly, 4096));
    /* The pipe still holds its data: nothing above consumed it (edge's read took 4 bytes into the
     * valid part only if the host accepted it; either way the process is alive). */
    char buffer[64];
    long left = read(pipes[0], buffer, sizeof buffer);
    printf("still alive, pipe had %s\n", left > 0 ? "data" : "none");
    return 0;
}
