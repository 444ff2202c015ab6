/* Guest test: pipes within one process.
 * Reference: POSIX.1-2017 pipe/read/write/readv/writev/close, Linux pipe2(2) (O_CLOEXEC,
 * O_NONBLOCK), fcntl F_GETFL/F_SETFL/F_GETPIPE_SZ. Single-threaded: every write stays
 * within the pipe's capacity or uses O_NONBLOCK, so nothing ever blocks. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/uio.h>

static void report(const char *what, long result) {
    if (result < 0)
        printf("%s -> -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s -> %ld\n", what, result);
}

int main(void) {
    int p[2];
    report("pipe", pipe(p));
    printf("read end < write end: %d, both >= 3: %d\n", p[0] < p[1], p[0] >= 3 && p[1] >= 3);
    report("write", write(p[1], "hello pipe", 10));
    char buf[256] = {0};
    report("read 5", read(p[0], buf, 5));
    printf("got [%s]\n", buf);
    memset(buf, 0, sizeof buf);
    report("read rest (asks 100)", read(p[0], buf, 100));
    printf("got [%s]\n", buf);
    report("write to read end", write(p[0], "x", 1));
    report("read from write end", read(p[1], buf, 1));

    /* Many small messages, read back in different chunking. */
    unsigned long wsum = 0, rsum = 0;
    long written = 0, readn = 0;
    for (int i = 0; i < 200; i++) {
        char msg[64];
        int len = snprintf(msg, sizeof msg, "message %d of 200;", i);
        for (int k = 0; k < len; k++) wsum += (unsigned char)msg[k] * (unsigned long)(written + k + 1);
        written += write(p[1], msg, (size_t)len);
    }
    while (readn < written) {
        ssize_t n = read(p[0], buf, 37);
        if (n <= 0) break;
        for (ssize_t k = 0; k < n; k++) rsum += (unsigned char)buf[k] * (unsigned long)(readn + k + 1);
        readn += n;
    }
    printf("messages: written=%ld read=%ld checksums equal=%d\n", written, readn, wsum == rsum);

    /* writev / readv */
    struct iovec out[3] = {{"abc", 3}, {"", 0}, {"defghij", 7}};
    report("writev", writev(p[1], out, 3));
    char x[4] = {0}, y[2] = {0}, z[8] = {0};
    struct iovec in[3] = {{x, 2}, {y, 1}, {z, 7}};
    report("readv", readv(p[0], in, 3));
    printf("readv pieces [%s] [%s] [%s]\n", x, y, z);

    /* EOF after closing the write end. */
    report("write final", write(p[1], "end", 3));
    report("close write end", close(p[1]));
    memset(buf, 0, sizeof buf);
    report("read final", read(p[0], buf, sizeof buf));
    report("read at EOF", read(p[0], buf, sizeof buf));
    report("close read end", close(p[0]));

    /* pipe2 flags */
    int q[2];
    report("pipe2 O_CLOEXEC|O_NONBLOCK", pipe2(q, O_CLOEXEC | O_NONBLOCK));
    report("F_GETFD cloexec", fcntl(q[0], F_GETFD) & FD_CLOEXEC);
    report("F_GETFL nonblock", (fcntl(q[1], F_GETFL) & O_NONBLOCK) != 0);
    report("read empty nonblocking", read(q[0], buf, 1));
    long capacity = fcntl(q[0], F_GETPIPE_SZ);
    printf("F_GETPIPE_SZ >= 4096: %d\n", capacity >= 4096);
    /* Fill until EAGAIN: total equals the capacity. */
    static char chunk[1024];
    memset(chunk, 'z', sizeof chunk);
    long total = 0;
    for (;;) {
        ssize_t n = write(q[1], chunk, sizeof chunk);
        if (n < 0) {
            printf("fill stopped with %s\n", strerrorname_np(errno));
            break;
        }
        total += n;
    }
    printf("filled bytes == capacity: %d\n", total == capacity);
    long drained = 0;
    for (;;) {
        ssize_t n = read(q[0], chunk, sizeof chunk);
        if (n <= 0) break;
        drained += n;
    }
    printf("drained == filled: %d, last errno %s\n", drained == total, strerrorname_np(errno));
    report("clear O_NONBLOCK", fcntl(q[0], F_SETFL, 0));
    report("F_GETFL nonblock now", (fcntl(q[0], F_GETFL) & O_NONBLOCK) != 0);
    close(q[0]);
    close(q[1]);

    /* Redirect stdout into a pipe with dup/dup2, then restore. */
    fflush(stdout);
    int r[2];
    pipe(r);
    int saved = dup(1);
    dup2(r[1], 1);
    printf("this line went through a pipe (%d)\n", 12345);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(r[1]);
    memset(buf, 0, sizeof buf);
    ssize_t n = read(r[0], buf, sizeof buf - 1);
    close(r[0]);
    printf("captured %zd bytes: %s", n, buf);

    /* A chain of pipes: pass a value through 20 pipes. */
    int chain[20][2];
    for (int i = 0; i < 20; i++) pipe(chain[i]);
    long value = 1;
    write(chain[0][1], &value, sizeof value);
    for (int i = 0; i < 20; i++) {
        read(chain[i][0], &value, sizeof value);
        value = value * 3 + i;
        if (i < 19) write(chain[i + 1][1], &value, sizeof value);
    }
    for (int i = 0; i < 20; i++) { close(chain[i][0]); close(chain[i][1]); }
    printf("chain value %ld\n", value);
    return (int)(value % 100);
}
