/* Guest test: file descriptors and stdio on regular files.
 * Reference: POSIX.1-2017 open/read/write/lseek/pread/pwrite/fstat/stat/ftruncate/fsync/
 * access/rename/unlink/dup/dup2/fcntl; ISO C11 7.21 (stdio). Linux syscalls openat, fstatat,
 * renameat2, unlinkat, faccessat, dup3, fcntl. Works inside a mkdtemp directory under /tmp
 * and prints only deterministic facts (sizes, contents, flags, errno names). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

static char dir[64];

static const char *path(const char *name) {
    static char buf[2][128];
    static int which = 0;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", dir, name);
    return buf[which];
}

static void report(const char *what, long result) {
    if (result < 0)
        printf("%s -> -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s -> %ld\n", what, result);
}

static void show_stat(const char *label, const struct stat *st) {
    printf("%s: size=%lld reg=%d dir=%d lnk=%d nlink=%lu mode=%04o\n", label, (long long)st->st_size,
           S_ISREG(st->st_mode), S_ISDIR(st->st_mode), S_ISLNK(st->st_mode), (unsigned long)st->st_nlink,
           (unsigned)(st->st_mode & 07777));
}

int main(void) {
    umask(022);
    strcpy(dir, "/tmp/morph-file-io-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }

    /* create + write */
    int fd = open(path("data.bin"), O_CREAT | O_EXCL | O_RDWR, 0640);
    report("open O_CREAT|O_EXCL", fd >= 0 ? 3 : -1); /* descriptor numbers: expect the lowest free, 3 */
    printf("fd is lowest free (3): %d\n", fd == 3);
    report("open again O_EXCL", open(path("data.bin"), O_CREAT | O_EXCL | O_RDWR, 0640));
    const char *msg = "Hello, Morph! 0123456789abcdefghijklmnopqrstuvwxyz\n";
    report("write", write(fd, msg, strlen(msg)));
    char block[4096];
    for (int i = 0; i < 4096; i++) block[i] = (char)('A' + i % 26);
    for (int i = 0; i < 5; i++) report("write block", write(fd, block, sizeof block));
    report("lseek cur", lseek(fd, 0, SEEK_CUR));
    report("lseek end", lseek(fd, 0, SEEK_END));
    report("lseek set 7", lseek(fd, 7, SEEK_SET));
    char rbuf[64] = {0};
    report("read 5", read(fd, rbuf, 5));
    printf("read text: [%s]\n", rbuf);
    report("lseek cur -3", lseek(fd, -3, SEEK_CUR));
    memset(rbuf, 0, sizeof rbuf);
    report("read 6", read(fd, rbuf, 6));
    printf("read text: [%s]\n", rbuf);
    report("lseek negative", lseek(fd, -100, SEEK_SET));
    report("lseek whence 99", lseek(fd, 0, 99));

    /* pread/pwrite do not move the offset. */
    off_t before = lseek(fd, 0, SEEK_CUR);
    report("pwrite at 100", pwrite(fd, "PWRITE", 6, 100));
    memset(rbuf, 0, sizeof rbuf);
    report("pread at 98", pread(fd, rbuf, 10, 98));
    printf("pread text: [%s] offset unchanged=%d\n", rbuf, lseek(fd, 0, SEEK_CUR) == before);
    report("pread past end", pread(fd, rbuf, 10, 1000000));

    /* fstat / stat / ftruncate / sparse extension */
    struct stat st;
    report("fstat", fstat(fd, &st));
    show_stat("fstat", &st);
    report("ftruncate 1000", ftruncate(fd, 1000));
    report("stat", stat(path("data.bin"), &st));
    show_stat("stat after truncate", &st);
    report("ftruncate 10000 (grow)", ftruncate(fd, 10000));
    memset(rbuf, 1, sizeof rbuf);
    report("pread hole", pread(fd, rbuf, 16, 5000));
    int zeros = 1;
    for (int i = 0; i < 16; i++) zeros &= rbuf[i] == 0;
    printf("hole reads zeros: %d\n", zeros);
    report("fsync", fsync(fd));
    report("fdatasync", fdatasync(fd));

    /* O_APPEND */
    int afd = open(path("data.bin"), O_WRONLY | O_APPEND);
    report("lseek append fd to 0", lseek(afd, 0, SEEK_SET));
    report("append write", write(afd, "TAIL", 4));
    report("append offset", lseek(afd, 0, SEEK_CUR));
    close(afd);
    memset(rbuf, 0, sizeof rbuf);
    report("pread tail", pread(fd, rbuf, 8, 9998));
    printf("tail bytes: %d %d [%.4s]\n", rbuf[0], rbuf[1], rbuf + 2);

    /* dup / dup2 / dup3 / fcntl */
    int d1 = dup(fd);
    printf("dup gives lowest free: %d\n", d1 == 4);
    report("lseek via dup", lseek(d1, 3, SEEK_SET));
    report("offset shared with original", lseek(fd, 0, SEEK_CUR));
    report("dup2 to 10", dup2(fd, 10));
    report("dup2 same fd", dup2(10, 10));
    report("dup3 O_CLOEXEC", dup3(fd, 11, O_CLOEXEC));
    report("fcntl F_GETFD 10", fcntl(10, F_GETFD));
    report("fcntl F_GETFD 11", fcntl(11, F_GETFD));
    report("fcntl F_SETFD", fcntl(10, F_SETFD, FD_CLOEXEC));
    report("fcntl F_GETFD 10 after", fcntl(10, F_GETFD));
    report("fcntl F_GETFL accmode", fcntl(fd, F_GETFL) & O_ACCMODE);
    report("fcntl F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND));
    report("fcntl F_GETFL has O_APPEND", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    report("fcntl F_DUPFD >= 20", fcntl(fd, F_DUPFD, 20));
    report("fcntl F_DUPFD_CLOEXEC >= 20", fcntl(fd, F_DUPFD_CLOEXEC, 20));
    report("close 10", close(10));
    report("close 10 again", close(10));
    report("read closed fd", read(10, rbuf, 1));
    report("write bad fd", write(999, "x", 1));
    close(11); close(20); close(21); close(d1);

    /* access / rename / unlink / O_RDONLY errors */
    report("access R_OK|W_OK", access(path("data.bin"), R_OK | W_OK));
    report("access X_OK", access(path("data.bin"), X_OK) == 0 ? 0 : -1);
    report("access missing", access(path("nope"), F_OK));
    report("open missing", open(path("nope"), O_RDONLY));
    report("open dir for write", open(dir, O_WRONLY));
    report("rename", rename(path("data.bin"), path("renamed.bin")));
    report("stat old name", stat(path("data.bin"), &st));
    report("stat new name", stat(path("renamed.bin"), &st));
    printf("renamed size=%lld\n", (long long)st.st_size);
    int rfd = open(path("renamed.bin"), O_RDONLY);
    report("write to O_RDONLY", write(rfd, "x", 1));
    close(rfd);
    close(fd);

    /* stdio on files */
    FILE *f = fopen(path("text.txt"), "w+");
    for (int i = 0; i < 50; i++) fprintf(f, "line %02d: %d squared is %d\n", i, i, i * i);
    printf("ftell after writes: %ld\n", ftell(f));
    rewind(f);
    char line[128];
    int count = 0;
    long total = 0;
    while (fgets(line, sizeof line, f)) {
        count++;
        total += (long)strlen(line);
        if (count == 1 || count == 50) printf("fgets: %s", line);
    }
    printf("lines=%d bytes=%ld feof=%d\n", count, total, feof(f));
    fseek(f, -12, SEEK_END);
    size_t got = fread(line, 1, 20, f);
    line[got] = 0;
    printf("fread tail %zu: [%s]\n", got, line);
    fseek(f, 8, SEEK_SET);
    int c = fgetc(f);
    ungetc('#', f);
    printf("fgetc=%c after ungetc=%c ftell=%ld\n", c, fgetc(f), ftell(f));
    fclose(f);
    f = fopen(path("text.txt"), "a");
    fputs("appended\n", f);
    fclose(f);
    report("stat text", stat(path("text.txt"), &st));
    printf("text size=%lld\n", (long long)st.st_size);
    f = fopen(path("missing/x"), "r");
    printf("fopen missing: %s %s\n", f ? "non-NULL" : "NULL", strerrorname_np(errno));

    /* many descriptors */
    int fds[50], opened = 0;
    for (int i = 0; i < 50; i++) {
        fds[i] = open(path("text.txt"), O_RDONLY);
        opened += fds[i] >= 0;
    }
    int ascending = 1;
    for (int i = 1; i < 50; i++) ascending &= fds[i] == fds[i - 1] + 1;
    printf("opened=%d ascending=%d\n", opened, ascending);
    for (int i = 0; i < 50; i++) close(fds[i]);

    /* cleanup */
    report("unlink renamed", unlink(path("renamed.bin")));
    report("unlink text", unlink(path("text.txt")));
    report("unlink again", unlink(path("text.txt")));
    report("rmdir tempdir", rmdir(dir));
    return 0;
}
