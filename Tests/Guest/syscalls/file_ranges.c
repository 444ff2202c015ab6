/* Guest test: locks, space and copies between descriptors, and small file-descriptor calls (Linux
 * man-pages: flock(2), fallocate(2), sendfile(2), copy_file_range(2), fchmod(2), fchown(2),
 * utimensat(2), getrandom(2), membarrier(2)). Works in its own mkdtemp directory. Prints results and
 * errno names; random bytes are never printed, only how many came. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long result) {
    if (result < 0) printf("%-40s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-40s -> %ld\n", what, result);
}

int main(void) {
    char directory[] = "/tmp/morph-ranges-XXXXXX";
    if (!mkdtemp(directory)) return 1;
    chdir(directory);
    int source = open("source", O_RDWR | O_CREAT | O_TRUNC, 0644);
    const char *text = "0123456789abcdefghijklmnopqrstuvwxyz";
    write(source, text, strlen(text));

    /* flock: a second open file description conflicts; the same one converts its lock. */
    int again = open("source", O_RDONLY);
    report("flock LOCK_EX", flock(source, LOCK_EX));
    report("flock LOCK_SH|LOCK_NB (other open)", flock(again, LOCK_SH | LOCK_NB));
    report("flock LOCK_SH (same open, converts)", flock(source, LOCK_SH));
    report("flock LOCK_SH|LOCK_NB (other open)", flock(again, LOCK_SH | LOCK_NB));
    report("flock LOCK_UN", flock(source, LOCK_UN));
    report("flock LOCK_UN (other)", flock(again, LOCK_UN));
    report("flock bad operation", flock(source, 0));
    report("flock closed descriptor", flock(999, LOCK_EX));

    /* fallocate: grows the file, or reserves without changing its size. */
    int spare = open("spare", O_RDWR | O_CREAT | O_TRUNC, 0644);
    struct stat status;
    report("fallocate 0..8192", fallocate(spare, 0, 0, 8192));
    fstat(spare, &status);
    printf("  size %lld\n", (long long)status.st_size);
    report("fallocate KEEP_SIZE to 16384", fallocate(spare, FALLOC_FL_KEEP_SIZE, 8192, 8192));
    fstat(spare, &status);
    printf("  size %lld, blocks cover 16 KiB: %d\n", (long long)status.st_size, status.st_blocks * 512 >= 16384);
    report("fallocate length 0", fallocate(spare, 0, 0, 0));
    report("fallocate offset -1", fallocate(spare, 0, -1, 10));
    report("fallocate PUNCH_HOLE alone", fallocate(spare, FALLOC_FL_PUNCH_HOLE, 0, 4096));
    report("fallocate read-only descriptor", fallocate(again, 0, 0, 4096));

    /* sendfile: from the file position, or from an offset that moves instead of the position. */
    int target = open("target", O_RDWR | O_CREAT | O_TRUNC, 0644);
    lseek(source, 10, SEEK_SET);
    report("sendfile 5 from position 10", sendfile(target, source, NULL, 5));
    printf("  source position now %ld\n", (long)lseek(source, 0, SEEK_CUR));
    off_t offset = 30;
    report("sendfile 100 from offset 30", sendfile(target, source, &offset, 100));
    printf("  offset now %ld, source position still %ld\n", (long)offset, (long)lseek(source, 0, SEEK_CUR));
    report("sendfile offset far", syscall(SYS_sendfile, target, source, (void *)0xdead00000000ul, 4));
    report("sendfile from a directory", sendfile(target, open(".", O_RDONLY), NULL, 4));

    /* copy_file_range: with and without offsets. */
    loff_t in = 0, out = 11;
    report("copy_file_range 4 at offsets 0 -> 11", copy_file_range(source, &in, target, &out, 4, 0));
    printf("  offsets now %lld %lld\n", (long long)in, (long long)out);
    lseek(source, 20, SEEK_SET);
    lseek(target, 0, SEEK_END);
    report("copy_file_range 3 at the positions", copy_file_range(source, NULL, target, NULL, 3, 0));
    report("copy_file_range flags 1", copy_file_range(source, NULL, target, NULL, 3, 1));
    report("copy_file_range off_in far", syscall(SYS_copy_file_range, source, (void *)0xdead00000000ul, target,
                                                 NULL, 3, 0));
    char buffer[64] = {0};
    pread(target, buffer, sizeof buffer - 1, 0);
    printf("target: [%s]\n", buffer);

    /* fchmod, fchown (to ourselves), utimensat on the descriptor and by name. */
    report("fchmod 0600", fchmod(target, 0600));
    fstat(target, &status);
    printf("  mode %o\n", status.st_mode & 07777);
    report("fchown to our own ids", fchown(target, getuid(), getgid()));
    report("fchown -1 -1", fchown(target, -1, -1));
    struct timespec times[2] = {{1000000000, 5}, {1234567890, 123456789}};
    report("futimens", futimens(target, times));
    fstat(target, &status);
    printf("  mtime %ld.%09ld, atime %ld\n", (long)status.st_mtim.tv_sec, status.st_mtim.tv_nsec,
           (long)status.st_atim.tv_sec);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {42, 0}};
    report("utimensat by name, atime omitted", utimensat(AT_FDCWD, "target", omit, 0));
    stat("target", &status);
    printf("  mtime %ld, atime %ld\n", (long)status.st_mtim.tv_sec, (long)status.st_atim.tv_sec);
    struct timespec invalid[2] = {{0, 1000000000}, {0, 0}};
    report("utimensat tv_nsec 1e9", utimensat(AT_FDCWD, "target", invalid, 0));
    report("utimensat times far", syscall(SYS_utimensat, AT_FDCWD, "target", (void *)0xdead00000000ul, 0));

    /* getrandom: how many bytes, never which. */
    unsigned char random[300];
    report("getrandom 300", getrandom(random, sizeof random, 0));
    report("getrandom GRND_NONBLOCK 16", getrandom(random, 16, GRND_NONBLOCK));
    report("getrandom bad flags", getrandom(random, 16, 0x100));
    report("getrandom far", syscall(SYS_getrandom, (void *)0xdead00000000ul, 16, 0));

    /* membarrier: the query succeeds; unknown commands and flags are EINVAL. */
    long commands = syscall(SYS_membarrier, 0, 0, 0);
    printf("membarrier query succeeds: %d\n", commands >= 0);
    report("membarrier bad command", syscall(SYS_membarrier, 1 << 20, 0, 0));
    report("membarrier query with flags", syscall(SYS_membarrier, 0, 4, 0));

    close(source);
    close(again);
    close(spare);
    close(target);
    unlink("source");
    unlink("spare");
    unlink("target");
    chdir("/");
    rmdir(directory);
    return 0;
}
