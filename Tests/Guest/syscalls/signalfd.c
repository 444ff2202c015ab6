/* Guest test: signal descriptors (Linux man-pages: signalfd(2)). Blocked signals are read as
 * struct signalfd_siginfo (kill: ssi_pid and ssi_uid; sigqueue: ssi_int and ssi_ptr; a POSIX timer:
 * SI_TIMER and its value), several at once in one read, a non-blocking empty read is EAGAIN, a blocking
 * read waits for a signal sent by another thread, poll and epoll see the descriptor become readable,
 * signalfd4 with an existing descriptor changes its mask, a forked child's SIGCHLD is read with its exit
 * status, and bad arguments fail as on Linux. Only deterministic facts are printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, long result) {
    if (result < 0) printf("%-44s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-44s -> %ld\n", what, result);
}

static void *send_later(void *argument) {
    (void)argument;
    struct timespec wait = {0, 30 * 1000 * 1000};
    nanosleep(&wait, NULL);
    kill(getpid(), SIGUSR2);
    return NULL;
}

int main(void) {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGUSR2);
    sigaddset(&mask, SIGRTMIN + 2);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, NULL);

    int descriptor = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    report("signalfd(NONBLOCK|CLOEXEC)", descriptor >= 0);
    printf("  cloexec %d, nonblock %d\n", (fcntl(descriptor, F_GETFD) & FD_CLOEXEC) != 0,
           (fcntl(descriptor, F_GETFL) & O_NONBLOCK) != 0);
    struct signalfd_siginfo records[4];
    report("read with nothing pending", read(descriptor, records, sizeof records));
    report("read 100 bytes", read(descriptor, records, 100));
    struct pollfd watch = {descriptor, POLLIN, 0};
    report("poll, nothing pending", poll(&watch, 1, 0));

    kill(getpid(), SIGUSR1);
    report("poll after kill", poll(&watch, 1, 0));
    printf("  revents POLLIN %d\n", (watch.revents & POLLIN) != 0);
    report("read", read(descriptor, records, sizeof records));
    printf("  signo SIGUSR1 %d, code SI_USER %d, pid ours %d, uid ours %d\n", records[0].ssi_signo == SIGUSR1,
           records[0].ssi_code == SI_USER, records[0].ssi_pid == (uint32_t)getpid(), records[0].ssi_uid == getuid());
    sigset_t pending;
    sigpending(&pending);
    printf("  no longer pending: %d\n", !sigismember(&pending, SIGUSR1));
    report("poll after read", poll(&watch, 1, 0));

    /* Two at once, the lower number first; sigqueue's value. */
    union sigval value = {.sival_int = 4321};
    sigqueue(getpid(), SIGUSR2, value);
    kill(getpid(), SIGUSR1);
    report("read two", read(descriptor, records, sizeof records));
    printf("  first SIGUSR1 %d, second SIGUSR2 %d, SI_QUEUE %d, ssi_int %d\n", records[0].ssi_signo == SIGUSR1,
           records[1].ssi_signo == SIGUSR2, records[1].ssi_code == SI_QUEUE, records[1].ssi_int);

    /* A POSIX timer's signal. */
    struct sigevent event = {0};
    event.sigev_notify = SIGEV_SIGNAL;
    event.sigev_signo = SIGRTMIN + 2;
    event.sigev_value.sival_int = 88;
    timer_t timer;
    timer_create(CLOCK_MONOTONIC, &event, &timer);
    struct itimerspec spec = {{0, 0}, {0, 5 * 1000 * 1000}};
    timer_settime(timer, 0, &spec, NULL);
    report("poll until the timer expires", poll(&watch, 1, 5000));
    report("read", read(descriptor, records, sizeof records));
    printf("  SI_TIMER %d, ssi_int %d, overrun %u\n", records[0].ssi_code == SI_TIMER, records[0].ssi_int,
           records[0].ssi_overrun);
    timer_delete(timer);

    /* epoll. */
    int epoll = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event interest = {.events = EPOLLIN, .data.u64 = 0x1234};
    report("epoll_ctl ADD", epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &interest));
    struct epoll_event ready[2];
    report("epoll_wait, nothing pending", epoll_wait(epoll, ready, 2, 0));
    kill(getpid(), SIGUSR2);
    report("epoll_wait after kill", epoll_wait(epoll, ready, 2, 1000));
    printf("  data %#llx\n", (unsigned long long)ready[0].data.u64);
    report("read", read(descriptor, records, sizeof records));
    close(epoll);

    /* A new mask for the same descriptor: SIGUSR1 only. */
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, SIGUSR1);
    report("signalfd(fd, SIGUSR1 only) returns fd", signalfd(descriptor, &only, 0) == descriptor);
    kill(getpid(), SIGUSR2);
    report("read: SIGUSR2 not in the mask", read(descriptor, records, sizeof records));
    int taken;
    sigwait(&mask, &taken);
    printf("  SIGUSR2 still pending for sigwait: %d\n", taken == SIGUSR2);

    /* Blocking read: another thread sends the signal. */
    int blocking = signalfd(-1, &mask, 0);
    pthread_t thread;
    pthread_create(&thread, NULL, send_later, NULL);
    report("blocking read", read(blocking, records, sizeof records));
    printf("  SIGUSR2 %d\n", records[0].ssi_signo == SIGUSR2);
    pthread_join(thread, NULL);

    /* A child's SIGCHLD, default disposition but blocked: kept, and read with the status. */
    pid_t child = fork();
    if (child == 0) _exit(7);
    report("blocking read of SIGCHLD", read(blocking, records, sizeof records));
    printf("  SIGCHLD %d, CLD_EXITED %d, pid %d, status %d\n", records[0].ssi_signo == SIGCHLD,
           records[0].ssi_code == CLD_EXITED, records[0].ssi_pid == (uint32_t)child, records[0].ssi_status);
    int status;
    waitpid(child, &status, 0);
    close(blocking);

    /* Bad arguments (raw system calls). */
    report("signalfd4 bad flags", syscall(SYS_signalfd4, -1, &mask, 8, 0x4));
    report("signalfd4 sizemask 4", syscall(SYS_signalfd4, -1, &mask, 4, 0));
    report("signalfd4 mask (void*)1", syscall(SYS_signalfd4, -1, (void *)1, 8, 0));
    report("signalfd4 mask NULL", syscall(SYS_signalfd4, -1, NULL, 8, 0));
    report("signalfd4 on a pipe", syscall(SYS_signalfd4, 0, &mask, 8, 0));
    report("signalfd4 on a closed descriptor", syscall(SYS_signalfd4, 999, &mask, 8, 0));
    kill(getpid(), SIGUSR1);
    report("read into (void*)1", read(descriptor, (void *)1, sizeof records));
    close(descriptor);
    return 0;
}
