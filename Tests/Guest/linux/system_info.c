/* Guest test: process identity and system information syscalls.
 * Reference: Linux getrandom(2), uname(2), getpid(2)/gettid(2)/getppid(2), getuid(2) family,
 * sysinfo(2), getrlimit(2)/prlimit64, sched_getaffinity(2) via sysconf, umask(2).
 * Prints only host-independent facts: machine is riscv64, ids are positive and consistent,
 * random bytes have the requested length and differ between calls. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <sys/sysinfo.h>
#include <sys/resource.h>
#include <sys/stat.h>

int main(void) {
    struct utsname u;
    printf("uname rc=%d machine=%s\n", uname(&u), u.machine);
    printf("sysname=%s nodename non-empty=%d release non-empty=%d\n", u.sysname, u.nodename[0] != 0, u.release[0] != 0);

    pid_t pid = getpid(), tid = gettid(), ppid = getppid();
    printf("getpid>0: %d gettid==getpid: %d getppid>0: %d ppid!=pid: %d\n", pid > 0, tid == pid, ppid > 0, ppid != pid);
    printf("getpid stable: %d\n", getpid() == pid);
    printf("getuid==geteuid: %d getgid==getegid: %d\n", getuid() == geteuid(), getgid() == getegid());
    uid_t ruid, euid, suid;
    gid_t rgid, egid, sgid;
    printf("getresuid rc=%d consistent=%d\n", getresuid(&ruid, &euid, &suid), ruid == getuid() && euid == geteuid());
    printf("getresgid rc=%d consistent=%d\n", getresgid(&rgid, &egid, &sgid), rgid == getgid() && egid == getegid());
    int ngroups = getgroups(0, NULL);
    printf("getgroups count>=0: %d\n", ngroups >= 0);
    printf("getpgrp>0: %d getsid>0: %d\n", getpgrp() > 0, getsid(0) > 0);

    /* getrandom */
    unsigned char a[32], b[32];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    ssize_t ra = getrandom(a, sizeof a, 0), rb = getrandom(b, sizeof b, GRND_NONBLOCK);
    printf("getrandom returned %zd and %zd, buffers differ: %d\n", ra, rb, memcmp(a, b, sizeof a) != 0);
    unsigned char big[4096];
    ssize_t rbig = getrandom(big, sizeof big, 0);
    int distinct[256] = {0}, seen = 0;
    for (int i = 0; i < 4096; i++)
        if (!distinct[big[i]]++) seen++;
    printf("getrandom 4096 -> %zd, distinct byte values > 200: %d\n", rbig, seen > 200);
    errno = 0;
    ssize_t rbad = getrandom(a, sizeof a, 0x1000);
    printf("getrandom bad flags rc=%zd errno=%s\n", rbad, errno == EINVAL ? "EINVAL" : "other");
    printf("getentropy rc=%d\n", getentropy(a, sizeof a));

    /* sysinfo */
    struct sysinfo si;
    printf("sysinfo rc=%d\n", sysinfo(&si));
    printf("uptime>0: %d totalram>0: %d freeram<=totalram: %d mem_unit>0: %d procs>0: %d\n", si.uptime > 0,
           si.totalram > 0, si.freeram <= si.totalram, si.mem_unit > 0, si.procs > 0);

    /* resource limits */
    struct rlimit rl;
    printf("getrlimit NOFILE rc=%d cur>=64: %d cur<=max: %d\n", getrlimit(RLIMIT_NOFILE, &rl), rl.rlim_cur >= 64,
           rl.rlim_cur <= rl.rlim_max);
    printf("getrlimit STACK rc=%d\n", getrlimit(RLIMIT_STACK, &rl));
    struct rlimit check;
    getrlimit(RLIMIT_CORE, &rl);
    printf("setrlimit CORE rc=%d ", setrlimit(RLIMIT_CORE, &(struct rlimit){0, rl.rlim_max}));
    getrlimit(RLIMIT_CORE, &check);
    printf("reads back 0: %d\n", check.rlim_cur == 0);

    /* misc */
    printf("sysconf NPROCESSORS_ONLN>0: %d PAGESIZE=%ld CLK_TCK=%ld\n", sysconf(_SC_NPROCESSORS_ONLN) > 0,
           sysconf(_SC_PAGESIZE), sysconf(_SC_CLK_TCK));
    mode_t old = umask(027);
    mode_t now = umask(old);
    printf("umask set/get: %03o\n", (unsigned)now);
    char host[256];
    printf("gethostname rc=%d matches uname: %d\n", gethostname(host, sizeof host), strcmp(host, u.nodename) == 0);
    printf("stdout is not a terminal (tests capture it): %d\n", isatty(1) == 0);
    return 0;
}
