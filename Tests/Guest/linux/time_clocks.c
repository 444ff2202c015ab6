/* Guest test: clocks and sleeping.
 * Reference: POSIX.1-2017 clock_gettime/clock_getres/gettimeofday/time/nanosleep/
 * clock_nanosleep, Linux clock_gettime(2) (CLOCK_REALTIME, CLOCK_MONOTONIC,
 * CLOCK_PROCESS_CPUTIME_ID, CLOCK_BOOTTIME), times(2). Prints only relations that hold on any
 * correct system (non-zero, monotonic, slept at least as long as asked), never the values. */
#include <stdio.h>
#include <time.h>
#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
    struct timespec rt, mono, cpu, boot;
    printf("clock_gettime REALTIME rc=%d\n", clock_gettime(CLOCK_REALTIME, &rt));
    printf("clock_gettime MONOTONIC rc=%d\n", clock_gettime(CLOCK_MONOTONIC, &mono));
    printf("clock_gettime PROCESS_CPUTIME rc=%d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu));
    printf("clock_gettime BOOTTIME rc=%d\n", clock_gettime(CLOCK_BOOTTIME, &boot));
    printf("realtime after 2020: %d nsec in range: %d\n", rt.tv_sec > 1577836800, rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000);
    printf("monotonic non-zero: %d nsec in range: %d\n", ns(mono) > 0, mono.tv_nsec >= 0 && mono.tv_nsec < 1000000000);
    struct timespec bad;
    errno = 0;
    int rc = clock_gettime((clockid_t)12345, &bad);
    printf("clock_gettime invalid clock rc=%d errno=%s\n", rc, errno == EINVAL ? "EINVAL" : "other");

    struct timespec res;
    printf("clock_getres MONOTONIC rc=%d positive: %d\n", clock_getres(CLOCK_MONOTONIC, &res), ns(res) > 0);

    /* Monotonic never goes backwards over many reads. */
    struct timespec prev = mono, now;
    int backwards = 0;
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (ns(now) < ns(prev)) backwards++;
        prev = now;
    }
    printf("monotonic backwards steps in 1000 reads: %d\n", backwards);

    /* gettimeofday agrees with CLOCK_REALTIME to within a few seconds. */
    struct timeval tv;
    printf("gettimeofday rc=%d usec in range: %d\n", gettimeofday(&tv, NULL), tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    long long diff = (long long)tv.tv_sec - (long long)rt.tv_sec;
    printf("gettimeofday close to realtime: %d\n", diff >= 0 && diff < 5);
    time_t t = time(NULL);
    time_t t2;
    time(&t2);
    printf("time() close to realtime: %d, time(&t) agrees: %d\n", t - rt.tv_sec >= 0 && t - rt.tv_sec < 5, t2 - t >= 0 && t2 - t < 2);

    /* nanosleep for 20 ms: elapsed monotonic time is at least 20 ms and below 5 s. */
    struct timespec before, after, req = {0, 20 * 1000 * 1000}, rem = {99, 99};
    clock_gettime(CLOCK_MONOTONIC, &before);
    rc = nanosleep(&req, &rem);
    clock_gettime(CLOCK_MONOTONIC, &after);
    long long slept = ns(after) - ns(before);
    printf("nanosleep rc=%d slept>=20ms: %d slept<5s: %d\n", rc, slept >= 20000000LL, slept < 5000000000LL);
    struct timespec badreq = {0, 1000000000L};
    errno = 0;
    rc = nanosleep(&badreq, NULL);
    printf("nanosleep tv_nsec=1e9 rc=%d errno=%s\n", rc, errno == EINVAL ? "EINVAL" : "other");

    /* clock_nanosleep relative and absolute. */
    clock_gettime(CLOCK_MONOTONIC, &before);
    struct timespec rel = {0, 5 * 1000 * 1000};
    rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &rel, NULL);
    struct timespec deadline = before;
    deadline.tv_nsec += 15 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
    int rc2 = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
    clock_gettime(CLOCK_MONOTONIC, &after);
    printf("clock_nanosleep rel rc=%d abs rc=%d reached deadline: %d\n", rc, rc2, ns(after) >= ns(deadline));
    usleep(1000);
    printf("usleep returned\n");

    /* CPU time advances with work and stays below wall time. */
    struct timespec cpu1, cpu2, wall1, wall2;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    clock_gettime(CLOCK_MONOTONIC, &wall1);
    volatile unsigned long spin = 0;
    for (unsigned long i = 0; i < 300000; i++) spin += i;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu2);
    clock_gettime(CLOCK_MONOTONIC, &wall2);
    printf("cpu time non-decreasing: %d\n", ns(cpu2) >= ns(cpu1));
    struct tms tm;
    clock_t ticks = times(&tm);
    printf("times() returned a value: %d clock() non-negative: %d\n", ticks != (clock_t)-1, clock() >= 0);

    /* Calendar conversion of a fixed instant is pure computation (UTC). */
    time_t fixed = 1700000000;
    struct tm utc;
    gmtime_r(&fixed, &utc);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A day %j", &utc);
    printf("gmtime(1700000000) = %s\n", buf);
    utc.tm_mday += 100;
    time_t back = timegm(&utc);
    printf("timegm(+100 days) = %lld\n", (long long)back);
    return 0;
}
