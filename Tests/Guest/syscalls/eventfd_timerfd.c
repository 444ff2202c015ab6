/* Guest test: event and timer descriptors (Linux man-pages: eventfd(2), timerfd_create(2)). eventfd
 * counters add up, EFD_SEMAPHORE hands out one at a time, a non-blocking empty read is EAGAIN, a short
 * read buffer is EINVAL. A periodic 10 ms timerfd is read until it has expired at least 5 times; a
 * one-shot timer expires once; timerfd_gettime reads the interval back; bad arguments give EINVAL and
 * EFAULT. Only deterministic facts are printed (counts, never times). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, long result) {
    if (result < 0) printf("%-40s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-40s -> %ld\n", what, result);
}

int main(void) {
    int counter = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
    report("eventfd(3)", counter >= 0);
    uint64_t value = 4;
    report("write 4", write(counter, &value, sizeof value));
    value = 0;
    report("read", read(counter, &value, sizeof value));
    printf("  value %llu\n", (unsigned long long)value);
    report("read empty (non-blocking)", read(counter, &value, sizeof value));
    report("read 4 bytes", read(counter, &value, 4));
    value = UINT64_MAX;
    report("write UINT64_MAX", write(counter, &value, sizeof value));
    value = UINT64_MAX - 1;
    report("write UINT64_MAX - 1", write(counter, &value, sizeof value));
    report("write again (would overflow)", write(counter, &value, sizeof value));
    struct pollfd watch = {counter, POLLIN | POLLOUT, 0};
    report("poll: full counter", poll(&watch, 1, 0));
    printf("  revents %#x\n", watch.revents);
    close(counter);
    int semaphore = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
    for (int i = 0; i < 3; i++) {
        value = 0;
        long got = read(semaphore, &value, sizeof value);
        if (got < 0) printf("semaphore read %d -> -1 %s\n", i, strerrorname_np(errno));
        else printf("semaphore read %d -> %llu\n", i, (unsigned long long)value);
    }
    report("eventfd2 bad flags", syscall(SYS_eventfd2, 0, 0x10));

    int timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    report("timerfd_create", timer >= 0);
    struct itimerspec setting = {{0, 10 * 1000000}, {0, 10 * 1000000}}, old, current;
    report("timerfd_settime 10 ms periodic", timerfd_settime(timer, 0, &setting, &old));
    printf("  old value was disarmed: %d\n", old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);
    uint64_t total = 0;
    int reads = 0;
    while (total < 5) {
        uint64_t expirations = 0;
        if (read(timer, &expirations, sizeof expirations) != 8 || expirations == 0) break;
        total += expirations;
        reads++;
    }
    printf("expired at least 5 times: %d, in at most 5 reads: %d\n", total >= 5, reads <= 5);
    report("timerfd_gettime", timerfd_gettime(timer, &current));
    printf("  interval %ld.%09ld, value running: %d\n", (long)current.it_interval.tv_sec,
           current.it_interval.tv_nsec, current.it_value.tv_sec == 0 && current.it_value.tv_nsec > 0);
    struct itimerspec off = {{0, 0}, {0, 0}};
    report("disarm", timerfd_settime(timer, 0, &off, &old));
    printf("  old interval %ld.%09ld\n", (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
    report("timerfd_gettime after disarm", timerfd_gettime(timer, &current));
    printf("  all zero: %d\n", current.it_value.tv_sec == 0 && current.it_value.tv_nsec == 0
           && current.it_interval.tv_nsec == 0);
    struct itimerspec once = {{0, 0}, {0, 20 * 1000000}};
    timerfd_settime(timer, 0, &once, NULL);
    uint64_t expirations = 0;
    report("one-shot read", read(timer, &expirations, sizeof expirations));
    printf("  expirations %llu\n", (unsigned long long)expirations);
    int quick = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
    struct itimerspec later = {{0, 0}, {100, 0}};
    timerfd_settime(quick, 0, &later, NULL);
    report("non-blocking read before expiry", read(quick, &expirations, sizeof expirations));
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct itimerspec absolute = {{0, 0}, {now.tv_sec - 1, 0}};
    report("TFD_TIMER_ABSTIME in the past", timerfd_settime(quick, TFD_TIMER_ABSTIME, &absolute, NULL));
    report("read: expired at once", read(quick, &expirations, sizeof expirations));
    printf("  expirations %llu\n", (unsigned long long)expirations);

    report("timerfd_create bad clock", timerfd_create(99, 0));
    report("timerfd_create bad flags", timerfd_create(CLOCK_MONOTONIC, 1));
    struct itimerspec bad = {{0, 0}, {0, 1000000000}};
    report("settime tv_nsec 1e9", timerfd_settime(timer, 0, &bad, NULL));
    report("settime bad flags", timerfd_settime(timer, 8, &once, NULL));
    report("settime new far", syscall(SYS_timerfd_settime, timer, 0, (void *)0xdead00000000ul, NULL));
    report("settime old far", syscall(SYS_timerfd_settime, timer, 0, &off, (void *)0xdead00000000ul));
    report("gettime far", syscall(SYS_timerfd_gettime, timer, (void *)0xdead00000000ul));
    report("gettime on a pipe", timerfd_gettime(0 * semaphore + semaphore, &current));
    report("read 4 bytes from a timerfd", read(timer, &expirations, 4));
    return 0;
}
