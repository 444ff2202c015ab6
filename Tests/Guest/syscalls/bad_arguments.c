/* Guest test: bad arguments to a broad set of system calls (issue 8, item 10). Each call gets a NULL,
 * unmapped ((void *)1), kernel-half (0xffffffffffff0000) or misaligned pointer, a bad descriptor, bad
 * flags or an unknown option, and `name: ERRNO` is printed (or `name: ok N` on success), so the result
 * can be compared with Linux's (qemu-riscv64 where it agrees). Raw system calls: glibc does not check
 * anything first. Nothing here changes anything outside the program's own working directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ipc.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ONE ((long)1)
#define KERNEL ((long)0xffffffffffff0000UL)
#define CLOSED 987

static void check(const char *name, long result) {
    if (result == -1) printf("%s: %s\n", name, strerrorname_np(errno));
    else printf("%s: ok %ld\n", name, result >= 0 && result < 4096 ? result : 4096);
}

#define CALL(name, ...) check(name, syscall(__VA_ARGS__))

int main(void) {
    char buffer[256];
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) return 1;
    write(pipe_ends[1], "data", 4);

    /* Files and descriptors. */
    CALL("read bad fd", SYS_read, CLOSED, buffer, 4);
    CALL("read NULL buffer", SYS_read, pipe_ends[0], 0, 4);
    CALL("read (void*)1", SYS_read, pipe_ends[0], ONE, 4);
    CALL("read kernel pointer", SYS_read, pipe_ends[0], KERNEL, 4);
    CALL("read -1 fd", SYS_read, -1, buffer, 4);
    CALL("write bad fd", SYS_write, CLOSED, buffer, 4);
    CALL("write (void*)1", SYS_write, pipe_ends[1], ONE, 4);
    CALL("write kernel pointer", SYS_write, pipe_ends[1], KERNEL, 4);
    CALL("write read end", SYS_write, pipe_ends[0], buffer, 4);
    CALL("readv (void*)1 iov", SYS_readv, pipe_ends[0], ONE, 1);
    CALL("readv iovcnt -1", SYS_readv, pipe_ends[0], buffer, -1);
    CALL("readv iovcnt 1025", SYS_readv, pipe_ends[0], buffer, 1025);
    CALL("openat NULL path", SYS_openat, AT_FDCWD, 0, O_RDONLY);
    CALL("openat (void*)1 path", SYS_openat, AT_FDCWD, ONE, O_RDONLY);
    CALL("openat kernel path", SYS_openat, AT_FDCWD, KERNEL, O_RDONLY);
    CALL("openat bad dirfd", SYS_openat, CLOSED, "relative", O_RDONLY);
    CALL("openat empty path", SYS_openat, AT_FDCWD, "", O_RDONLY);
    CALL("openat O_DIRECTORY on a file", SYS_openat, AT_FDCWD, "/proc/self/status", O_RDONLY | O_DIRECTORY);
    CALL("openat O_TMPFILE without write", SYS_openat, AT_FDCWD, ".", O_TMPFILE | O_RDONLY, 0600);
    CALL("newfstatat NULL path", SYS_newfstatat, AT_FDCWD, 0, buffer, 0);
    CALL("newfstatat (void*)1 buffer", SYS_newfstatat, AT_FDCWD, "/", ONE, 0);
    CALL("newfstatat bad flags", SYS_newfstatat, AT_FDCWD, "/", buffer, 0x12345678);
    CALL("fstat bad fd", SYS_fstat, CLOSED, buffer);
    CALL("fstat (void*)1", SYS_fstat, 0, ONE);
    CALL("fstat kernel pointer", SYS_fstat, 0, KERNEL);
    CALL("statx (void*)1 buffer", SYS_statx, AT_FDCWD, "/", 0, 0x7ff, ONE);
    CALL("statx bad flags", SYS_statx, AT_FDCWD, "/", 0x12345678, 0x7ff, buffer);
    CALL("getdents64 bad fd", SYS_getdents64, CLOSED, buffer, sizeof buffer);
    CALL("getdents64 on a pipe", SYS_getdents64, pipe_ends[0], buffer, sizeof buffer);
    int directory = open(".", O_RDONLY | O_DIRECTORY);
    CALL("getdents64 count 1", SYS_getdents64, directory, buffer, 1);
    /* After the short buffer: qemu reads into a buffer of its own first, so the entries a fault loses
     * would change what a later call sees. */
    CALL("getdents64 (void*)1", SYS_getdents64, directory, ONE, sizeof buffer);
    CALL("readlinkat NULL path", SYS_readlinkat, AT_FDCWD, 0, buffer, sizeof buffer);
    CALL("readlinkat (void*)1 buffer", SYS_readlinkat, AT_FDCWD, "/proc/self/cwd", ONE, sizeof buffer);
    CALL("readlinkat size 0", SYS_readlinkat, AT_FDCWD, "/proc/self/cwd", buffer, 0);
    CALL("readlinkat not a link", SYS_readlinkat, AT_FDCWD, "/", buffer, sizeof buffer);
    CALL("getcwd (void*)1", SYS_getcwd, ONE, sizeof buffer);
    CALL("getcwd size 1", SYS_getcwd, buffer, 1);
    CALL("lseek bad whence", SYS_lseek, directory, 0, 77);
    CALL("lseek on a pipe", SYS_lseek, pipe_ends[0], 0, SEEK_SET);
    CALL("pipe2 (void*)1", SYS_pipe2, ONE, 0);
    CALL("pipe2 bad flags", SYS_pipe2, pipe_ends, 0x12345678);
    CALL("dup3 same fd", SYS_dup3, 0, 0, 0);
    CALL("dup3 bad flags", SYS_dup3, 0, 50, 0x1234);
    CALL("dup3 bad old fd", SYS_dup3, CLOSED, 50, 0);
    CALL("dup3 new fd too large", SYS_dup3, 0, 1 << 30, 0);
    CALL("fcntl bad command", SYS_fcntl, 0, 0x7777);
    CALL("fcntl bad fd", SYS_fcntl, CLOSED, F_GETFL);
    CALL("fcntl F_GETLK (void*)1", SYS_fcntl, directory, F_GETLK, ONE);
    CALL("fcntl F_SETFD bad fd", SYS_fcntl, CLOSED, F_SETFD, 1);
    CALL("fcntl F_DUPFD too large", SYS_fcntl, 0, F_DUPFD, 1 << 30);
    CALL("ioctl bad fd", SYS_ioctl, CLOSED, 0x5401, buffer);
    CALL("ioctl unknown request on a pipe", SYS_ioctl, pipe_ends[0], 0x12345678, buffer);
    CALL("ioctl FIONREAD (void*)1", SYS_ioctl, pipe_ends[0], 0x541b, ONE);
    CALL("ioctl TCGETS on a pipe", SYS_ioctl, pipe_ends[0], 0x5401, buffer);
    CALL("close bad fd", SYS_close, CLOSED);
    CALL("close -1", SYS_close, -1);
    CALL("ftruncate on a pipe", SYS_ftruncate, pipe_ends[0], 0);
    CALL("ftruncate negative", SYS_ftruncate, directory, -1);
    CALL("fsync bad fd", SYS_fsync, CLOSED);
    CALL("unlinkat bad flags", SYS_unlinkat, AT_FDCWD, "nothing-here", 0x1234);
    CALL("mkdirat (void*)1", SYS_mkdirat, AT_FDCWD, ONE, 0700);
    CALL("renameat2 bad flags", SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "b", 0x1234);
    CALL("faccessat2 bad flags", SYS_faccessat2, AT_FDCWD, "/", R_OK, 0x1234);
    CALL("faccessat bad mode", SYS_faccessat, AT_FDCWD, "/", 0x1234);
    CALL("utimensat (void*)1 times", SYS_utimensat, AT_FDCWD, "/", ONE, 0);
    CALL("chdir NULL", SYS_chdir, 0);
    CALL("chdir a file", SYS_chdir, "/proc/self/status");
    CALL("fchdir a pipe", SYS_fchdir, pipe_ends[0]);

    /* Memory. */
    CALL("mmap length 0", SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CALL("mmap no MAP_PRIVATE or SHARED", SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
    CALL("mmap bad fd", SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, CLOSED, 0);
    CALL("mmap unaligned offset", SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, directory, 1);
    CALL("mmap MAP_FIXED unaligned", SYS_mmap, 0x10001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CALL("mmap huge length", SYS_mmap, 0, -4096L, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CALL("mmap a pipe", SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, pipe_ends[0], 0);
    CALL("mprotect unaligned", SYS_mprotect, 0x10001, 4096, PROT_READ);
    CALL("mprotect unmapped", SYS_mprotect, 0x2000, 4096, PROT_READ);
    CALL("mprotect bad protection", SYS_mprotect, (long)buffer & ~4095L, 4096, 0x1234);
    CALL("mprotect kernel half", SYS_mprotect, KERNEL, 4096, PROT_READ);
    CALL("munmap unaligned", SYS_munmap, 0x10001, 4096);
    CALL("munmap length 0", SYS_munmap, 0x2000, 0);
    CALL("munmap kernel half", SYS_munmap, KERNEL, 4096);
    CALL("madvise bad advice", SYS_madvise, (long)buffer & ~4095L, 4096, 12345);
    CALL("madvise unaligned", SYS_madvise, 0x10001, 4096, MADV_NORMAL);
    CALL("mremap unaligned", SYS_mremap, 0x10001, 4096, 8192, 0);
    CALL("mremap bad flags", SYS_mremap, (long)buffer & ~4095L, 4096, 8192, 0x1234);
    CALL("msync unaligned", SYS_msync, 0x10001, 4096, MS_SYNC);
    CALL("msync bad flags", SYS_msync, (long)buffer & ~4095L, 4096, 0x1234);
    CALL("mlock kernel half", SYS_mlock, KERNEL, 4096);

    /* Signals. */
    CALL("rt_sigaction signal 0", SYS_rt_sigaction, 0, 0, buffer, 8);
    CALL("rt_sigaction signal 65", SYS_rt_sigaction, 65, 0, buffer, 8);
    CALL("rt_sigaction SIGKILL", SYS_rt_sigaction, SIGKILL, buffer, 0, 8);
    CALL("rt_sigaction size 4", SYS_rt_sigaction, SIGUSR1, 0, buffer, 4);
    CALL("rt_sigaction (void*)1 act", SYS_rt_sigaction, SIGUSR1, ONE, 0, 8);
    CALL("rt_sigaction (void*)1 oldact", SYS_rt_sigaction, SIGUSR1, 0, ONE, 8);
    CALL("rt_sigprocmask bad how", SYS_rt_sigprocmask, 7, buffer, 0, 8);
    CALL("rt_sigprocmask size 16", SYS_rt_sigprocmask, SIG_BLOCK, buffer, 0, 16);
    CALL("rt_sigprocmask (void*)1 set", SYS_rt_sigprocmask, SIG_BLOCK, ONE, 0, 8);
    CALL("rt_sigprocmask kernel oldset", SYS_rt_sigprocmask, SIG_BLOCK, 0, KERNEL, 8);
    CALL("rt_sigpending (void*)1", SYS_rt_sigpending, ONE, 8);
    CALL("rt_sigpending size 4", SYS_rt_sigpending, buffer, 4);
    CALL("rt_sigtimedwait (void*)1 set", SYS_rt_sigtimedwait, ONE, 0, 0, 8);
    CALL("rt_sigsuspend (void*)1", SYS_rt_sigsuspend, ONE, 8);
    CALL("rt_sigsuspend size 4", SYS_rt_sigsuspend, buffer, 4);
    CALL("sigaltstack (void*)1", SYS_sigaltstack, ONE, 0);
    CALL("kill signal 65", SYS_kill, getpid(), 65);
    CALL("kill no such process", SYS_kill, 0x3fffffff, 0);
    CALL("tgkill bad tid", SYS_tgkill, getpid(), -5, 0);
    CALL("tgkill other process", SYS_tgkill, 0x3fffffff, gettid(), 0);
    CALL("rt_sigqueueinfo (void*)1", SYS_rt_sigqueueinfo, getpid(), SIGUSR1, ONE);
    CALL("signalfd4 (void*)1 mask", SYS_signalfd4, -1, ONE, 8, 0);
    CALL("signalfd4 bad flags", SYS_signalfd4, -1, buffer, 8, 0x1234);

    /* Futexes, clocks, sleeps, randomness. */
    CALL("futex (void*)1 wait", SYS_futex, ONE, FUTEX_WAIT, 0, 0, 0, 0);
    CALL("futex misaligned wait", SYS_futex, buffer + 1, FUTEX_WAIT, 0, 0, 0, 0);
    CALL("futex unknown operation", SYS_futex, buffer, 99, 0, 0, 0, 0);
    CALL("futex wait wrong value", SYS_futex, (long)buffer & ~3L, FUTEX_WAIT_PRIVATE, 0x7a7a7a7a, 0, 0, 0);
    CALL("futex bitset 0", SYS_futex, (long)buffer & ~3L, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, 0, 0);
    CALL("futex wake (void*)1", SYS_futex, ONE, FUTEX_WAKE, 1, 0, 0, 0);
    CALL("clock_gettime bad clock", SYS_clock_gettime, 12345, buffer);
    CALL("clock_gettime (void*)1", SYS_clock_gettime, CLOCK_MONOTONIC, ONE);
    CALL("clock_gettime kernel pointer", SYS_clock_gettime, CLOCK_MONOTONIC, KERNEL);
    CALL("clock_getres bad clock", SYS_clock_getres, 12345, buffer);
    struct timespec bad_time = {0, 1000000000};
    CALL("nanosleep (void*)1", SYS_nanosleep, ONE, 0);
    CALL("nanosleep nsec 1e9", SYS_nanosleep, &bad_time, 0);
    CALL("clock_nanosleep bad clock", SYS_clock_nanosleep, 12345, 0, &bad_time, 0);
    CALL("getrandom (void*)1", SYS_getrandom, ONE, 16, 0);
    CALL("getrandom bad flags", SYS_getrandom, buffer, 16, 0x1234);
    CALL("gettimeofday (void*)1", SYS_gettimeofday, ONE, 0);
    CALL("timer_create (void*)1", SYS_timer_create, CLOCK_MONOTONIC, ONE, buffer);
    CALL("timer_settime no timer", SYS_timer_settime, 77, 0, buffer, 0);
    CALL("timerfd_create bad clock", SYS_timerfd_create, 12345, 0);
    CALL("timerfd_create bad flags", SYS_timerfd_create, CLOCK_MONOTONIC, 0x1234);
    CALL("eventfd2 bad flags", SYS_eventfd2, 0, 0x1234);

    /* Waiting for descriptors. */
    CALL("ppoll (void*)1", SYS_ppoll, ONE, 1, 0, 0, 8);
    CALL("ppoll too many", SYS_ppoll, buffer, 1 << 30, 0, 0, 8);
    CALL("ppoll bad sigsetsize", SYS_ppoll, 0, 0, &bad_time, buffer, 4);
    CALL("pselect6 (void*)1 set", SYS_pselect6, 1, ONE, 0, 0, 0, 0);
    CALL("pselect6 negative n", SYS_pselect6, -1, 0, 0, 0, 0, 0);
    CALL("epoll_create1 bad flags", SYS_epoll_create1, 0x1234);
    int epoll = epoll_create1(0);
    CALL("epoll_ctl (void*)1 event", SYS_epoll_ctl, epoll, EPOLL_CTL_ADD, pipe_ends[0], ONE);
    CALL("epoll_ctl bad op", SYS_epoll_ctl, epoll, 77, pipe_ends[0], buffer);
    CALL("epoll_ctl on itself", SYS_epoll_ctl, epoll, EPOLL_CTL_ADD, epoll, buffer);
    CALL("epoll_ctl bad fd", SYS_epoll_ctl, epoll, EPOLL_CTL_ADD, CLOSED, buffer);
    CALL("epoll_ctl not an epoll", SYS_epoll_ctl, pipe_ends[0], EPOLL_CTL_ADD, pipe_ends[1], buffer);
    CALL("epoll_pwait maxevents 0", SYS_epoll_pwait, epoll, buffer, 0, 0, 0, 8);
    CALL("epoll_pwait (void*)1 events", SYS_epoll_pwait, epoll, ONE, 1, 0, 0, 8);

    /* Sockets. */
    CALL("socket bad family", SYS_socket, 12345, SOCK_STREAM, 0);
    CALL("socket bad type", SYS_socket, AF_UNIX, 77, 0);
    CALL("socket bad protocol", SYS_socket, AF_INET, SOCK_STREAM, 77);
    int sock = socket(AF_UNIX, SOCK_DGRAM, 0);
    CALL("bind (void*)1", SYS_bind, sock, ONE, 16);
    CALL("bind length -1", SYS_bind, sock, buffer, -1);
    CALL("bind not a socket", SYS_bind, pipe_ends[0], buffer, 16);
    CALL("connect (void*)1", SYS_connect, sock, ONE, 16);
    CALL("connect bad fd", SYS_connect, CLOSED, buffer, 16);
    CALL("sendmsg (void*)1", SYS_sendmsg, sock, ONE, 0);
    CALL("recvmsg (void*)1", SYS_recvmsg, sock, ONE, MSG_DONTWAIT);
    CALL("sendto not a socket", SYS_sendto, pipe_ends[1], buffer, 4, 0, 0, 0);
    CALL("getsockopt (void*)1 length", SYS_getsockopt, sock, SOL_SOCKET, SO_TYPE, buffer, ONE);
    CALL("setsockopt bad level", SYS_setsockopt, sock, 12345, 1, buffer, 4);
    CALL("accept4 bad flags", SYS_accept4, sock, 0, 0, 0x1234);
    CALL("listen on a datagram socket", SYS_listen, sock, 5);
    CALL("socketpair (void*)1", SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, ONE);

    /* Processes and resources. */
    CALL("wait4 (void*)1 status", SYS_wait4, -1, ONE, 0, 0);
    CALL("wait4 bad options", SYS_wait4, -1, 0, 0x12345678, 0);
    CALL("wait4 no child", SYS_wait4, -1, 0, WNOHANG, 0);
    CALL("waitid bad idtype", SYS_waitid, 77, 0, buffer, WEXITED, 0);
    CALL("waitid no options", SYS_waitid, P_ALL, 0, buffer, 0, 0);
    CALL("clone bad flags (CLONE_SIGHAND without VM)", SYS_clone, CLONE_SIGHAND, 0, 0, 0, 0);
    CALL("clone CLONE_THREAD without SIGHAND", SYS_clone, CLONE_THREAD | CLONE_VM, 0, 0, 0, 0);
    CALL("execve NULL path", SYS_execve, 0, 0, 0);
    CALL("execve (void*)1 argv", SYS_execve, "/nonexistent", ONE, 0);
    CALL("prlimit64 bad resource", SYS_prlimit64, 0, 77, 0, buffer);
    CALL("prlimit64 (void*)1 old", SYS_prlimit64, 0, RLIMIT_NOFILE, 0, ONE);
    CALL("prlimit64 (void*)1 new", SYS_prlimit64, 0, RLIMIT_NOFILE, ONE, 0);
    CALL("prlimit64 no such process", SYS_prlimit64, 0x3fffffff, RLIMIT_NOFILE, 0, buffer);
    CALL("getrlimit (void*)1", SYS_getrlimit, RLIMIT_NOFILE, ONE);
    CALL("sched_getaffinity (void*)1", SYS_sched_getaffinity, 0, 128, ONE);
    CALL("sched_getaffinity size 3", SYS_sched_getaffinity, 0, 3, buffer);
    CALL("sched_getaffinity no such process", SYS_sched_getaffinity, 0x3fffffff, 128, buffer);
    CALL("uname (void*)1", SYS_uname, ONE);
    CALL("uname kernel pointer", SYS_uname, KERNEL);
    CALL("sysinfo (void*)1", SYS_sysinfo, ONE);
    CALL("times (void*)1", SYS_times, ONE);
    CALL("getrusage bad who", SYS_getrusage, 77, buffer);
    CALL("getrusage (void*)1", SYS_getrusage, RUSAGE_SELF, ONE);
    CALL("getresuid (void*)1", SYS_getresuid, ONE, buffer, buffer);
    CALL("getgroups negative", SYS_getgroups, -1, buffer);
    CALL("prctl unknown option", SYS_prctl, 0x7777, 0, 0, 0, 0);
    CALL("prctl PR_SET_NAME (void*)1", SYS_prctl, PR_SET_NAME, ONE, 0, 0, 0);
    CALL("set_robust_list bad size", SYS_set_robust_list, buffer, 7);
    CALL("getpgid no such process", SYS_getpgid, 0x3fffffff);
    CALL("setpgid negative", SYS_setpgid, 0, -1);

    /* System V IPC. */
    CALL("shmat bad id", SYS_shmat, -1, 0, 0);
    CALL("shmdt not attached", SYS_shmdt, 0x2000);
    CALL("shmget size 0, no key", SYS_shmget, 0x7a6b5c4e, 0, 0);
    CALL("shmctl bad command", SYS_shmctl, 0, 0x7777, buffer);
    CALL("semget nsems -1", SYS_semget, IPC_PRIVATE, -1, 0600);
    CALL("semop bad id", SYS_semop, -1, buffer, 1);
    CALL("msgget no such key", SYS_msgget, 0x7a6b5c4e, 0);
    CALL("msgrcv bad id", SYS_msgrcv, -1, buffer, 16, 0, IPC_NOWAIT);

    /* Unknown numbers. */
    CALL("system call 999", 999);
    CALL("system call -1", -1);
    printf("still running\n");
    return 0;
}
