/* Guest test: epoll (Linux man-pages: epoll(7), epoll_create1(2), epoll_ctl(2), epoll_wait(2)). The
 * 64-bit data word comes back intact (riscv64's struct epoll_event is 16 bytes, x86-64's packed 12:
 * an emulator must convert), level- and edge-triggered readiness, EPOLLONESHOT, MOD and DEL, timeouts,
 * maxevents smaller than the ready set, and the errors: EEXIST, ENOENT, EINVAL, EBADF, EFAULT. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, long result) {
    if (result < 0) printf("%-36s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-36s -> %ld\n", what, result);
}

static void show(struct epoll_event *events, int count) {
    for (int i = 0; i < count; i++)
        printf("  event %#x data %#llx\n", events[i].events, (unsigned long long)events[i].data.u64);
}

int main(void) {
    int epoll = epoll_create1(EPOLL_CLOEXEC);
    report("epoll_create1(EPOLL_CLOEXEC)", epoll);
    report("epoll_create1(bad flags)", epoll_create1(1));
    int a[2], b[2];
    pipe(a);
    pipe(b);
    struct epoll_event event = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull};
    report("ctl ADD a[0]", epoll_ctl(epoll, EPOLL_CTL_ADD, a[0], &event));
    report("ctl ADD a[0] again", epoll_ctl(epoll, EPOLL_CTL_ADD, a[0], &event));
    event.events = EPOLLIN | EPOLLET;
    event.data.u64 = 0xfedcba9876543210ull;
    report("ctl ADD b[0] edge-triggered", epoll_ctl(epoll, EPOLL_CTL_ADD, b[0], &event));
    event.events = EPOLLOUT;
    event.data.u64 = 0xffffffff00000001ull;
    report("ctl ADD a[1] for writing", epoll_ctl(epoll, EPOLL_CTL_ADD, a[1], &event));

    struct epoll_event events[8];
    report("wait: a[1] writable", epoll_wait(epoll, events, 8, 0));
    show(events, 1);
    report("ctl DEL a[1]", epoll_ctl(epoll, EPOLL_CTL_DEL, a[1], NULL));
    report("ctl DEL a[1] again", epoll_ctl(epoll, EPOLL_CTL_DEL, a[1], NULL));
    report("ctl MOD a[1] (absent)", epoll_ctl(epoll, EPOLL_CTL_MOD, a[1], &event));
    write(a[1], "x", 1);
    write(b[1], "y", 1);
    int count = epoll_wait(epoll, events, 8, 0);
    report("wait: both readable", count);
    /* The order of ready events is the kernel's; print them sorted by data. */
    if (count == 2 && events[0].data.u64 > events[1].data.u64) {
        struct epoll_event swap = events[0];
        events[0] = events[1];
        events[1] = swap;
    }
    show(events, count);
    report("wait again: only level-triggered a", epoll_wait(epoll, events, 8, 0));
    show(events, 1);
    report("wait with maxevents 1", epoll_wait(epoll, events, 1, 0));
    write(b[1], "z", 1);
    report("wait after a new write to b", epoll_wait(epoll, events, 8, 0));
    char buffer[8];
    read(a[0], buffer, sizeof buffer);
    read(b[0], buffer, sizeof buffer);
    event.events = EPOLLIN | EPOLLONESHOT;
    event.data.u64 = 42;
    report("ctl MOD a[0] oneshot", epoll_ctl(epoll, EPOLL_CTL_MOD, a[0], &event));
    write(a[1], "x", 1);
    report("wait: oneshot fires", epoll_wait(epoll, events, 8, 0));
    show(events, 1);
    report("wait: oneshot disarmed", epoll_wait(epoll, events, 8, 0));

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    read(a[0], buffer, sizeof buffer);
    report("wait 50 ms, nothing ready", epoll_wait(epoll, events, 8, 50));
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("  took at least 50 ms: %d\n",
           (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000 >= 50);
    report("wait maxevents 0", epoll_wait(epoll, events, 0, 0));
    report("wait maxevents -1", syscall(SYS_epoll_pwait, epoll, events, -1, 0, NULL, 8));
    report("wait on a pipe", epoll_wait(a[0], events, 8, 0));
    report("wait on a closed descriptor", epoll_wait(999, events, 8, 0));
    report("wait events far", syscall(SYS_epoll_pwait, epoll, (void *)0xdead00000000ul, 8, 0, NULL, 8));
    report("pwait sigsetsize 4", syscall(SYS_epoll_pwait, epoll, events, 8, 0, &(long){0}, 4));
    report("ctl event NULL", epoll_ctl(epoll, EPOLL_CTL_ADD, b[1], NULL));
    report("ctl event far", syscall(SYS_epoll_ctl, epoll, EPOLL_CTL_ADD, b[1], (void *)0xdead00000000ul));
    report("ctl bad op", epoll_ctl(epoll, 9, b[1], &event));
    report("ctl epoll on itself", epoll_ctl(epoll, EPOLL_CTL_ADD, epoll, &event));
    report("ctl on a regular file", epoll_ctl(epoll, EPOLL_CTL_ADD, open("/proc/self/exe", O_RDONLY), &event));
    /* Nested epoll: an inner instance with a ready pipe makes the outer one readable. */
    int inner = epoll_create1(0);
    write(a[1], "x", 1);
    event.events = EPOLLIN;
    event.data.u64 = 7;
    epoll_ctl(inner, EPOLL_CTL_ADD, a[0], &event);
    event.data.u64 = 0x8000000000000000ull;
    report("ctl ADD inner epoll", epoll_ctl(epoll, EPOLL_CTL_ADD, inner, &event));
    report("wait: the inner epoll is ready", epoll_wait(epoll, events, 8, 0));
    show(events, 1);
    return 0;
}
