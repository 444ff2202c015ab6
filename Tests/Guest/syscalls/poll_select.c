/* Guest test: waiting for descriptors (Linux man-pages: poll(2), ppoll(2), select(2), pselect(2)). Pipes
 * become readable, writable, hung up; closed descriptors give POLLNVAL / EBADF; timeouts expire after
 * at least their time and return 0; bad timeouts are EINVAL, bad pointers EFAULT; ppoll's raw system
 * call writes the time left back. Only deterministic facts are printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, long result) {
    if (result < 0) printf("%-36s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-36s -> %ld\n", what, result);
}

static long milliseconds_since(struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

int main(void) {
    int p[2], q[2];
    pipe(p);
    pipe(q);
    struct pollfd fds[3] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}, {q[0], POLLIN, 0}};
    report("poll (only p[1] writable)", poll(fds, 3, 0));
    printf("  revents %#x %#x %#x\n", fds[0].revents, fds[1].revents, fds[2].revents);
    write(p[1], "x", 1);
    report("poll after a write", poll(fds, 3, 0));
    printf("  revents %#x %#x %#x\n", fds[0].revents, fds[1].revents, fds[2].revents);
    close(q[1]);
    report("poll after closing q's writer", poll(fds, 3, 0));
    printf("  q[0] revents %#x (POLLHUP %#x)\n", fds[2].revents, POLLHUP);
    struct pollfd closed = {999, POLLIN, 0};
    report("poll of a closed descriptor", poll(&closed, 1, 0));
    printf("  revents %#x (POLLNVAL %#x)\n", closed.revents, POLLNVAL);
    struct pollfd ignored = {-1, POLLIN, 7};
    report("poll of fd -1", poll(&ignored, 1, 0));
    printf("  revents %d\n", ignored.revents);

    struct timespec start;
    struct pollfd empty = {q[1] = p[0], POLLIN, 0};
    char drain;
    read(p[0], &drain, 1);
    clock_gettime(CLOCK_MONOTONIC, &start);
    report("poll 60 ms timeout", poll(&empty, 1, 60));
    printf("  took at least 60 ms: %d\n", milliseconds_since(&start) >= 60);
    struct timespec timeout = {0, 40 * 1000000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    report("ppoll 40 ms timeout", syscall(SYS_ppoll, &empty, 1, &timeout, NULL, 8));
    printf("  took at least 40 ms: %d, time left written back: %ld.%09ld\n", milliseconds_since(&start) >= 40,
           (long)timeout.tv_sec, timeout.tv_nsec);
    timeout.tv_sec = 5;
    timeout.tv_nsec = 0;
    write(p[1], "y", 1);
    report("ppoll 5 s, readable at once", syscall(SYS_ppoll, &empty, 1, &timeout, NULL, 8));
    printf("  time left more than 4 s: %d\n", timeout.tv_sec >= 4);
    sigset_t mask;
    sigemptyset(&mask);
    timeout.tv_sec = 0;
    report("ppoll with a signal mask", ppoll(&empty, 1, &timeout, &mask));
    report("ppoll sigsetsize 4", syscall(SYS_ppoll, &empty, 1, &timeout, &mask, 4));
    report("ppoll sigmask far", syscall(SYS_ppoll, &empty, 1, &timeout, (void *)0xdead00000000ul, 8));
    timeout.tv_nsec = 1000000000;
    report("ppoll tv_nsec 1e9", syscall(SYS_ppoll, &empty, 1, &timeout, NULL, 8));
    timeout.tv_sec = -1;
    timeout.tv_nsec = 0;
    report("ppoll tv_sec -1", syscall(SYS_ppoll, &empty, 1, &timeout, NULL, 8));
    report("ppoll timeout far", syscall(SYS_ppoll, &empty, 1, (void *)0xdead00000000ul, NULL, 8));
    report("ppoll fds NULL, 1", syscall(SYS_ppoll, NULL, 1, NULL, NULL, 8));
    report("ppoll fds NULL, 0, zero timeout", syscall(SYS_ppoll, NULL, 0, &(struct timespec){0, 0}, NULL, 8));
    report("ppoll nfds 0x7fffffff", syscall(SYS_ppoll, &empty, 0x7ffffffful, NULL, NULL, 8));

    /* select and pselect. */
    fd_set readable, writable;
    FD_ZERO(&readable);
    FD_ZERO(&writable);
    FD_SET(p[0], &readable);
    FD_SET(p[1], &writable);
    int highest = p[0] > p[1] ? p[0] : p[1];
    struct timeval zero = {0, 0};
    report("select (p readable and writable)", select(highest + 1, &readable, &writable, NULL, &zero));
    printf("  readable %d, writable %d\n", FD_ISSET(p[0], &readable) != 0, FD_ISSET(p[1], &writable) != 0);
    read(p[0], &drain, 1);
    FD_ZERO(&readable);
    FD_SET(p[0], &readable);
    struct timespec wait = {0, 50 * 1000000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    report("pselect 50 ms timeout", pselect(p[0] + 1, &readable, NULL, NULL, &wait, &mask));
    printf("  took at least 50 ms: %d, readable cleared %d\n", milliseconds_since(&start) >= 50,
           FD_ISSET(p[0], &readable) == 0);
    FD_ZERO(&readable);
    FD_SET(999 % FD_SETSIZE, &readable);
    report("select of a closed descriptor", select(1000 % FD_SETSIZE, &readable, NULL, NULL, &zero));
    report("select nfds -1", select(-1, NULL, NULL, NULL, &zero));
    struct timespec bad = {0, -1};
    report("pselect6 tv_nsec -1", syscall(SYS_pselect6, 1, NULL, NULL, NULL, &bad, NULL));
    report("pselect6 readfds far", syscall(SYS_pselect6, 4, (void *)0xdead00000000ul, NULL, NULL, &wait, NULL));
    struct { void *set; size_t size; } pack = {&mask, 4};
    report("pselect6 sigsetsize 4", syscall(SYS_pselect6, 1, NULL, NULL, NULL, &wait, &pack));
    report("pselect6 sig far", syscall(SYS_pselect6, 1, NULL, NULL, NULL, &wait, (void *)0xdead00000000ul));
    return 0;
}
