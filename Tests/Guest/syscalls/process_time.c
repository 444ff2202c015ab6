/* Guest test: process, identity, resource, time and terminal system calls that the shared programs
 * do not exercise (Linux man-pages: getpid(2), gettid(2), set_tid_address(2), set_robust_list(2),
 * getrlimit(2)/prlimit(2), sched_getaffinity(2), sched_yield(2), umask(2), uname(2), sysinfo(2),
 * getrandom(2), clock_gettime(2), clock_getres(2), gettimeofday(2), nanosleep(2),
 * clock_nanosleep(2), statx(2), statfs(2), fchown(2), getresuid(2), getgroups(2), times(2),
 * ioctl_tty(2)). Prints properties, not values that change per run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static long nanoseconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1000000000l + t.tv_nsec;
}

static const char *error_name(long result) { return result < 0 ? strerrorname_np(errno) : "ok"; }

int main(int argc, char **argv) {
    /* Identity. */
    pid_t pid = getpid();
    /* getppid and getsid answer 0 when the parent or session leader is outside this pid namespace. */
    printf("getpid positive %d, gettid == getpid %d, getppid not negative and different %d\n", pid > 0,
           (pid_t)syscall(SYS_gettid) == pid, getppid() >= 0 && getppid() != pid);
    int dummy;
    printf("set_tid_address returns the tid %d\n", (pid_t)syscall(SYS_set_tid_address, &dummy) == pid);
    long robust[3] = { 0, 0, 0 };
    printf("set_robust_list(24) %s, (23) %s\n", error_name(syscall(SYS_set_robust_list, robust, 24)),
           error_name(syscall(SYS_set_robust_list, robust, 23)));
    printf("uid/gid consistent %d\n", getuid() == geteuid() && getgid() == getegid());
    uid_t ruid, euid, suid;
    gid_t rgid, egid, sgid;
    printf("getresuid %s, agrees %d; getresgid %s, agrees %d\n", error_name(getresuid(&ruid, &euid, &suid)),
           ruid == getuid() && euid == geteuid(), error_name(getresgid(&rgid, &egid, &sgid)),
           rgid == getgid() && egid == getegid());
    int groups = getgroups(0, NULL);
    gid_t list[256];
    printf("getgroups count and list agree %d\n", groups >= 0 && getgroups(256, list) == groups);
    printf("getpgid(0) == getpgrp() %d, getsid(0) not negative %d\n", getpgid(0) == getpgrp(), getsid(0) >= 0);

    /* Resources. */
    struct rlimit limit;
    printf("getrlimit(RLIMIT_NOFILE) %s, soft <= hard %d\n", error_name(getrlimit(RLIMIT_NOFILE, &limit)),
           limit.rlim_cur <= limit.rlim_max);
    struct rlimit stack;
    getrlimit(RLIMIT_STACK, &stack);
    struct rlimit smaller = { 4 << 20, stack.rlim_max };
    printf("setrlimit(RLIMIT_STACK, 4 MiB) %s\n", error_name(setrlimit(RLIMIT_STACK, &smaller)));
    struct rlimit back;
    syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &back);
    printf("prlimit64 reads it back %d\n", back.rlim_cur == 4 << 20);
    struct rlimit bad = { 10, 5 };
    printf("setrlimit soft > hard %s\n", error_name(setrlimit(RLIMIT_NOFILE, &bad)));
    printf("getrlimit(99) %s\n", error_name(syscall(SYS_getrlimit, 99, &limit)));
    cpu_set_t set;
    CPU_ZERO(&set);
    /* A process may be pinned (taskset, cpusets) to fewer CPUs than are online. */
    printf("sched_getaffinity %s, CPUs %d, at most online %d\n", error_name(sched_getaffinity(0, sizeof set, &set)),
           CPU_COUNT(&set) > 0, CPU_COUNT(&set) <= sysconf(_SC_NPROCESSORS_ONLN));
    long raw = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    printf("raw sched_getaffinity returns a multiple of 8: %d\n", raw > 0 && raw % 8 == 0);
    printf("sched_getaffinity(size 3) %s\n", error_name(syscall(SYS_sched_getaffinity, 0, 3, &set)));
    printf("sched_yield %s\n", error_name(sched_yield()));
    mode_t old = umask(027);
    printf("umask returns the old mask, keeps the new: %d\n", umask(old) == 027);

    /* The system. */
    struct utsname name;
    uname(&name);
    printf("uname: sysname %s, machine %s, release non-empty %d\n", name.sysname, name.machine, name.release[0] != 0);
    struct sysinfo info;
    printf("sysinfo %s, memory and uptime plausible %d\n", error_name(sysinfo(&info)),
           info.totalram > 0 && info.mem_unit > 0 && info.uptime >= 0);
    unsigned char random1[32], random2[32];
    long got1 = getrandom(random1, sizeof random1, 0), got2 = getrandom(random2, sizeof random2, GRND_NONBLOCK);
    printf("getrandom %ld %ld, differ %d\n", got1, got2, memcmp(random1, random2, 32) != 0);
    printf("getrandom bad flags %s\n", error_name(syscall(SYS_getrandom, random1, 8, 0x100)));

    /* Time. */
    long before = nanoseconds(CLOCK_MONOTONIC);
    struct timespec request = { 0, 20 * 1000 * 1000 }, remaining;
    printf("nanosleep(20 ms) %s\n", error_name(nanosleep(&request, &remaining)));
    long slept = nanoseconds(CLOCK_MONOTONIC) - before;
    printf("monotonic clock advanced by at least 20 ms %d\n", slept >= 20 * 1000 * 1000);
    struct timespec invalid = { 0, 1000000000 };
    printf("nanosleep(tv_nsec = 1e9) %s\n", error_name(nanosleep(&invalid, NULL)));
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_nsec += 5 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
    int absolute = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
    printf("clock_nanosleep(absolute) %d, reached the deadline %d\n", absolute,
           nanoseconds(CLOCK_MONOTONIC) >= deadline.tv_sec * 1000000000l + deadline.tv_nsec);
    printf("clock_nanosleep(bad clock) %s\n", strerrorname_np(clock_nanosleep(12345, 0, &request, NULL)));
    struct timespec resolution;
    printf("clock_getres(MONOTONIC) %s, at most 1 ms %d\n", error_name(clock_getres(CLOCK_MONOTONIC, &resolution)),
           resolution.tv_sec == 0 && resolution.tv_nsec <= 1000000);
    printf("clock_getres(bad clock) %s\n", error_name(clock_getres(12345, &resolution)));
    struct timeval now;
    struct timespec real;
    gettimeofday(&now, NULL);
    clock_gettime(CLOCK_REALTIME, &real);
    printf("gettimeofday agrees with CLOCK_REALTIME %d\n", labs(real.tv_sec - now.tv_sec) <= 1 && now.tv_sec > 1600000000);
    printf("process CPU clock advances %d\n", nanoseconds(CLOCK_PROCESS_CPUTIME_ID) > 0);
    printf("clock_gettime(bad clock) %s\n", error_name(clock_gettime(12345, &real)));

    /* Files: statx, and terminal ioctls on a non-terminal. */
    struct statx extended;
    int fd = open(argv[0], O_RDONLY);
    struct stat plain;
    fstat(fd, &plain);
    printf("statx %s, size agrees with fstat %d, is regular %d\n",
           error_name(statx(AT_FDCWD, argv[0], 0, STATX_BASIC_STATS, &extended)),
           extended.stx_size == (unsigned long)plain.st_size, S_ISREG(extended.stx_mode));
    printf("statx(AT_EMPTY_PATH on fd) %s, same inode %d\n",
           error_name(statx(fd, "", AT_EMPTY_PATH, STATX_INO, &extended)), extended.stx_ino == plain.st_ino);
    struct termios terminal;
    struct winsize window;
    printf("isatty(regular file) %d, TCGETS %s, TIOCGWINSZ %s\n", isatty(fd),
           error_name(tcgetattr(fd, &terminal)), error_name(ioctl(fd, TIOCGWINSZ, &window)));
    printf("unknown ioctl %s\n", error_name(ioctl(fd, 0x12345678, &window)));
    struct statfs by_path, by_descriptor;
    printf("statfs %s, fstatfs %s, agree %d\n", error_name(statfs(argv[0], &by_path)),
           error_name(fstatfs(fd, &by_descriptor)), by_path.f_type == by_descriptor.f_type
           && by_path.f_bsize == by_descriptor.f_bsize && by_path.f_blocks == by_descriptor.f_blocks);
    close(fd);
    /* A file of our own: the program file may belong to another user. */
    char own[] = "/tmp/morph-process-time-XXXXXX";
    int mine = mkstemp(own);
    struct stat created;
    fstat(mine, &created);
    printf("fchown to the owner %s\n", error_name(fchown(mine, created.st_uid, created.st_gid)));
    close(mine);
    unlink(own);
    return 0;
}
