/* Guest test: POSIX per-process timers (Linux man-pages: timer_create(2), timer_settime(2),
 * timer_getoverrun(2), timer_delete(2), sigevent(7)). SIGEV_SIGNAL with a handler (si_code SI_TIMER,
 * si_value), a periodic CLOCK_MONOTONIC timer taken with sigwaitinfo, an absolute CLOCK_REALTIME expiry
 * (TIMER_ABSTIME), overruns while the signal stays blocked, SIGEV_THREAD_ID to one thread, SIGEV_NONE
 * read back with timer_gettime, CLOCK_PROCESS_CPUTIME_ID, glibc's SIGEV_THREAD (a new thread runs the
 * function), a default sigevent (SIGALRM, si_value the timer id) and bad arguments. Only deterministic
 * facts are printed (counts and comparisons, never times or timer ids). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled, handled_code, handled_value;

static void on_timer(int signal, siginfo_t *information, void *context) {
    (void)context;
    handled++;
    handled_code = information->si_code == SI_TIMER && signal == SIGRTMIN + 1;
    handled_value = information->si_value.sival_int;
}

static void report(const char *what, long result) {
    if (result < 0) printf("%-44s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-44s -> %ld\n", what, result);
}

static long raw(long number, long a, long b, long c, long d) {
    long result = syscall(number, a, b, c, d);
    return result;
}

static pid_t target_thread_id;
static atomic_int thread_got, thread_ready, thread_done;

static void *waiting_thread(void *argument) {
    (void)argument;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    target_thread_id = gettid();
    atomic_store(&thread_ready, 1);
    siginfo_t information;
    int signal = sigwaitinfo(&set, &information);
    atomic_store(&thread_got, signal == SIGUSR2 && information.si_code == SI_TIMER
                                  && information.si_value.sival_int == 77);
    atomic_store(&thread_done, 1);
    return NULL;
}

static atomic_int notified, notified_value;
static pthread_t main_thread;

static void on_notify(union sigval value) {
    atomic_store(&notified_value, value.sival_int);
    atomic_store(&notified, pthread_equal(pthread_self(), main_thread) ? -1 : 1);
}

int main(void) {
    main_thread = pthread_self();
    struct sigaction action = {0};
    action.sa_sigaction = on_timer;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 1, &action, NULL);

    /* One shot, relative, SIGEV_SIGNAL with a handler. */
    struct sigevent event = {0};
    event.sigev_notify = SIGEV_SIGNAL;
    event.sigev_signo = SIGRTMIN + 1;
    event.sigev_value.sival_int = 1234;
    timer_t timer;
    report("timer_create MONOTONIC SIGEV_SIGNAL", timer_create(CLOCK_MONOTONIC, &event, &timer));
    struct itimerspec spec = {{0, 0}, {0, 20 * 1000 * 1000}};
    report("timer_settime 20 ms", timer_settime(timer, 0, &spec, NULL));
    struct itimerspec current;
    report("timer_gettime", timer_gettime(timer, &current));
    printf("  armed: %d, no interval: %d\n", current.it_value.tv_sec == 0 && current.it_value.tv_nsec > 0,
           current.it_interval.tv_sec == 0 && current.it_interval.tv_nsec == 0);
    struct timespec sleep_time = {2, 0};
    int slept = nanosleep(&sleep_time, &sleep_time);
    printf("  nanosleep interrupted: %d (%s)\n", slept == -1, slept == -1 ? strerrorname_np(errno) : "-");
    printf("  handler ran %d time(s), SI_TIMER %d, si_value %d\n", (int)handled, (int)handled_code,
           (int)handled_value);
    report("timer_gettime after expiry", timer_gettime(timer, &current));
    printf("  disarmed: %d\n", current.it_value.tv_sec == 0 && current.it_value.tv_nsec == 0);
    report("timer_delete", timer_delete(timer));
    report("timer_delete again", timer_delete(timer));

    /* Periodic, taken with sigwaitinfo while blocked. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    event.sigev_signo = SIGUSR1;
    event.sigev_value.sival_int = 55;
    report("timer_create MONOTONIC SIGUSR1", timer_create(CLOCK_MONOTONIC, &event, &timer));
    spec = (struct itimerspec){{0, 5 * 1000 * 1000}, {0, 5 * 1000 * 1000}};
    report("timer_settime every 5 ms", timer_settime(timer, 0, &spec, NULL));
    int good = 0;
    for (int i = 0; i < 4; i++) {
        siginfo_t information;
        int signal = sigwaitinfo(&set, &information);
        good += signal == SIGUSR1 && information.si_code == SI_TIMER && information.si_value.sival_int == 55;
    }
    printf("  four periodic signals with SI_TIMER and si_value: %d\n", good == 4);
    /* Blocked for 60 ms: the expiries that find the signal pending are overruns. */
    struct timespec pause_time = {0, 60 * 1000 * 1000};
    nanosleep(&pause_time, NULL);
    siginfo_t information;
    sigwaitinfo(&set, &information);
    int overrun = timer_getoverrun(timer);
    printf("  overrun after 60 ms blocked >= 5: %d, si_overrun matches: %d\n", overrun >= 5,
           information.si_overrun == overrun);
    struct itimerspec old;
    spec = (struct itimerspec){{0, 0}, {0, 0}};
    report("timer_settime disarm (old value)", timer_settime(timer, 0, &spec, &old));
    printf("  old interval 5 ms: %d\n", old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 5000000);
    timer_delete(timer);
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    /* Absolute CLOCK_REALTIME expiry. */
    event.sigev_signo = SIGRTMIN + 1;
    event.sigev_value.sival_int = 99;
    handled = 0;
    report("timer_create REALTIME", timer_create(CLOCK_REALTIME, &event, &timer));
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    now.tv_nsec += 30 * 1000 * 1000;
    if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
    spec = (struct itimerspec){{0, 0}, now};
    report("timer_settime TIMER_ABSTIME +30 ms", timer_settime(timer, TIMER_ABSTIME, &spec, NULL));
    while (!handled) pause();
    printf("  handler ran: %d, si_value %d\n", (int)handled, (int)handled_value);
    /* An absolute time in the past expires at once. */
    handled = 0;
    spec.it_value.tv_sec -= 100;
    report("timer_settime TIMER_ABSTIME in the past", timer_settime(timer, TIMER_ABSTIME, &spec, NULL));
    while (!handled) pause();
    printf("  expired at once: %d\n", (int)handled);
    timer_delete(timer);

    /* SIGEV_THREAD_ID: to one thread, which waits for it with sigwaitinfo. */
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    pthread_t thread;
    pthread_create(&thread, NULL, waiting_thread, NULL);
    while (!atomic_load(&thread_ready)) sched_yield();
    struct sigevent to_thread = {0};
    to_thread.sigev_notify = SIGEV_THREAD_ID;
    to_thread.sigev_signo = SIGUSR2;
    to_thread.sigev_value.sival_int = 77;
    to_thread._sigev_un._tid = target_thread_id;
    report("timer_create SIGEV_THREAD_ID", timer_create(CLOCK_MONOTONIC, &to_thread, &timer));
    spec = (struct itimerspec){{0, 0}, {0, 10 * 1000 * 1000}};
    report("timer_settime 10 ms", timer_settime(timer, 0, &spec, NULL));
    pthread_join(thread, NULL);
    printf("  the thread took it: %d\n", atomic_load(&thread_got));
    sigset_t pending;
    sigpending(&pending);
    printf("  nothing left pending: %d\n", !sigismember(&pending, SIGUSR2));
    timer_delete(timer);
    to_thread._sigev_un._tid = 999999;
    report("timer_create SIGEV_THREAD_ID, no such thread", timer_create(CLOCK_MONOTONIC, &to_thread, &timer));

    /* SIGEV_NONE: no signal, the time left counts down. */
    struct sigevent none = {0};
    none.sigev_notify = SIGEV_NONE;
    report("timer_create SIGEV_NONE", timer_create(CLOCK_MONOTONIC, &none, &timer));
    spec = (struct itimerspec){{0, 0}, {10, 0}};
    timer_settime(timer, 0, &spec, NULL);
    report("timer_gettime", timer_gettime(timer, &current));
    printf("  between 9 and 10 s left: %d\n", current.it_value.tv_sec == 9 || (current.it_value.tv_sec == 10 && current.it_value.tv_nsec == 0));
    timer_delete(timer);

    /* CLOCK_PROCESS_CPUTIME_ID: expires after the process has used 20 ms of CPU time. */
    handled = 0;
    event.sigev_signo = SIGRTMIN + 1;
    event.sigev_value.sival_int = 7;
    report("timer_create PROCESS_CPUTIME_ID", timer_create(CLOCK_PROCESS_CPUTIME_ID, &event, &timer));
    struct timespec start, used;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
    spec = (struct itimerspec){{0, 0}, {0, 20 * 1000 * 1000}};
    timer_settime(timer, 0, &spec, NULL);
    volatile unsigned long spin = 0;
    while (!handled) spin++;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used);
    long elapsed = (used.tv_sec - start.tv_sec) * 1000000000L + used.tv_nsec - start.tv_nsec;
    printf("  expired after at least 20 ms of CPU time: %d, si_value %d\n", elapsed >= 20000000, (int)handled_value);
    timer_delete(timer);

    /* glibc's SIGEV_THREAD: the function runs in a new thread. */
    struct sigevent threaded = {0};
    threaded.sigev_notify = SIGEV_THREAD;
    threaded.sigev_notify_function = on_notify;
    threaded.sigev_value.sival_int = 4242;
    report("timer_create SIGEV_THREAD", timer_create(CLOCK_MONOTONIC, &threaded, &timer));
    spec = (struct itimerspec){{0, 0}, {0, 10 * 1000 * 1000}};
    report("timer_settime 10 ms", timer_settime(timer, 0, &spec, NULL));
    while (!atomic_load(&notified)) {
        struct timespec little = {0, 1000000};
        nanosleep(&little, NULL);
    }
    printf("  ran in another thread: %d, value %d\n", atomic_load(&notified), atomic_load(&notified_value));
    timer_delete(timer);

    /* ppoll with a mask that lets the blocked timer signal through: the wait ends with EINTR, the
     * handler runs, and the caller's mask (which blocks the signal) comes back. */
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    handled = 0;
    event.sigev_notify = SIGEV_SIGNAL;
    event.sigev_signo = SIGRTMIN + 1;
    event.sigev_value.sival_int = 5;
    timer_create(CLOCK_MONOTONIC, &event, &timer);
    spec = (struct itimerspec){{0, 0}, {0, 20 * 1000 * 1000}};
    timer_settime(timer, 0, &spec, NULL);
    sigset_t let_through;
    sigemptyset(&let_through);
    struct timespec limit = {5, 0};
    int polled = ppoll(NULL, 0, &limit, &let_through);
    printf("  ppoll with the signal let through: %d %s, handler ran %d, si_value %d\n", polled,
           polled < 0 ? strerrorname_np(errno) : "-", (int)handled, (int)handled_value);
    sigset_t after;
    sigprocmask(SIG_BLOCK, NULL, &after);
    printf("  blocked again after: %d\n", sigismember(&after, SIGRTMIN + 1));
    timer_delete(timer);
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    /* No sigevent: SIGALRM with si_value the timer id (raw system calls, the kernel's int ids). */
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int kernel_timer = -1;
    report("timer_create(NULL sigevent)", raw(SYS_timer_create, CLOCK_MONOTONIC, 0, (long)&kernel_timer, 0));
    spec = (struct itimerspec){{0, 0}, {0, 1000000}};
    report("timer_settime 1 ms", raw(SYS_timer_settime, kernel_timer, 0, (long)&spec, 0));
    sigwaitinfo(&set, &information);
    printf("  SIGALRM with SI_TIMER: %d, si_value is the id: %d, si_timerid too: %d\n",
           information.si_signo == SIGALRM && information.si_code == SI_TIMER,
           information.si_value.sival_int == kernel_timer, information._sifields._timer.si_tid == kernel_timer);
    report("timer_getoverrun", raw(SYS_timer_getoverrun, kernel_timer, 0, 0, 0));
    raw(SYS_timer_delete, kernel_timer, 0, 0, 0);

    /* Bad arguments. */
    report("timer_create bad clock", raw(SYS_timer_create, 12345, 0, (long)&kernel_timer, 0));
    event.sigev_signo = 0;
    report("timer_create signal 0", raw(SYS_timer_create, CLOCK_MONOTONIC, (long)&event, (long)&kernel_timer, 0));
    event.sigev_signo = 65;
    report("timer_create signal 65", raw(SYS_timer_create, CLOCK_MONOTONIC, (long)&event, (long)&kernel_timer, 0));
    event.sigev_signo = SIGUSR1;
    event.sigev_notify = 77;
    report("timer_create bad sigev_notify", raw(SYS_timer_create, CLOCK_MONOTONIC, (long)&event, (long)&kernel_timer, 0));
    report("timer_create sigevent (void*)1", raw(SYS_timer_create, CLOCK_MONOTONIC, 1, (long)&kernel_timer, 0));
    report("timer_create timerid (void*)1", raw(SYS_timer_create, CLOCK_MONOTONIC, 0, 1, 0));
    raw(SYS_timer_create, CLOCK_MONOTONIC, 0, (long)&kernel_timer, 0);
    report("timer_settime NULL value", raw(SYS_timer_settime, kernel_timer, 0, 0, 0));
    report("timer_settime value (void*)1", raw(SYS_timer_settime, kernel_timer, 0, 1, 0));
    spec = (struct itimerspec){{0, 0}, {0, 1000000000}};
    report("timer_settime nsec 1e9", raw(SYS_timer_settime, kernel_timer, 0, (long)&spec, 0));
    spec = (struct itimerspec){{0, 0}, {-1, 0}};
    report("timer_settime negative seconds", raw(SYS_timer_settime, kernel_timer, 0, (long)&spec, 0));
    report("timer_settime unknown timer", raw(SYS_timer_settime, 4321, 0, (long)&spec, 0));
    report("timer_gettime unknown timer", raw(SYS_timer_gettime, 4321, (long)&current, 0, 0));
    report("timer_gettime (void*)1", raw(SYS_timer_gettime, kernel_timer, 1, 0, 0));
    report("timer_getoverrun unknown timer", raw(SYS_timer_getoverrun, 4321, 0, 0, 0));
    report("timer_delete unknown timer", raw(SYS_timer_delete, 4321, 0, 0, 0));
    report("timer_delete", raw(SYS_timer_delete, kernel_timer, 0, 0, 0));
    return 0;
}
