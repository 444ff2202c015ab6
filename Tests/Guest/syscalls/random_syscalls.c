/* Guest program of Scripts/syscall-fuzz (and of a fixed-seed slice in the tests): BATCHES batches of
 * random system calls with random arguments, each batch in a forked child, so that a child the calls
 * kill (they may unmap its code, return through a random signal frame, exhaust memory) is fine and
 * the parent goes on. Usage: random_syscalls BATCHES SEED [CALLS_PER_BATCH].
 *
 * Arguments come from a set of interesting values: 0, 1, -1, small integers, page and sign-bit
 * values, pointers into the child's own scratch buffer (filled with random bytes in which '/' is
 * replaced, so every path it holds is a relative one, inside the working directory, which the script
 * makes a fresh temporary one), its end, a pointer to an unmapped page, a kernel-half address.
 * A first argument 0, 1 or 2 becomes 3, 4 or 5 (descriptors the child opened) so that the calls do not
 * write into the emulator's own standard streams.
 *
 * Left out (`excluded`), because they could harm the host or other processes, or make a campaign
 * meaningless: signals to other processes (kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo,
 * pidfd_send_signal, pidfd_getfd, process_vm_readv/writev, ptrace, kcmp), reboot, kexec, modules,
 * mounts and namespaces (mount, umount2, pivot_root, chroot, setns, unshare, fsopen and friends,
 * open_tree, move_mount, mount_setattr), host identity and clocks (sethostname, setdomainname,
 * settimeofday, clock_settime, adjtimex, clock_adjtime, syslog, acct, swapon, swapoff, quotactl,
 * quotactl_fd, capset, setuid and the other set*id calls, setgroups, setpriority, sched_setscheduler,
 * sched_setparam, sched_setattr, ioprio_set), kernel objects that outlive the process or reach the
 * network (shmget, semget, msgget with their ctl calls, mq_open, mq_unlink, add_key, request_key,
 * keyctl, bpf, perf_event_open, fanotify_init, userfaultfd, io_uring_setup/enter/register, socket
 * calls that send or connect: connect, sendto, sendmsg, sendmmsg, bind, listen), calls that change
 * files by path or descriptor (unlinkat, renameat2, mkdirat, mknodat, symlinkat, linkat, truncate,
 * ftruncate, fallocate, fchmod, fchmodat, fchown, fchownat, utimensat, the xattr setters, removers),
 * name_to_handle_at/open_by_handle_at, calls that take descriptors in other positions and could write
 * to the standard streams (dup3, splice, tee, vmsplice, copy_file_range, close_range), execve and
 * execveat (they would run a random program), exit and exit_group (they end the batch early: fine,
 * but useless), clone and clone3 (a random clone could start threads that outlive the batch), and
 * the waits and sleeps a batch cannot be interrupted in cheaply (nanosleep, clock_nanosleep,
 * rt_sigsuspend, pause-like ppoll/pselect6/epoll_pwait with long timeouts are kept: the parent kills
 * a batch that takes more than 3 s). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const long excluded[] = {
    SYS_kill, SYS_tkill, SYS_tgkill, SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo, SYS_pidfd_send_signal,
    SYS_pidfd_getfd, SYS_process_vm_readv, SYS_process_vm_writev, SYS_ptrace, SYS_kcmp, SYS_reboot,
    SYS_kexec_load, SYS_kexec_file_load, SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_mount,
    SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_setns, SYS_unshare, SYS_fsopen, SYS_fsconfig, SYS_fsmount,
    SYS_fspick, SYS_open_tree, SYS_move_mount, SYS_mount_setattr, SYS_sethostname, SYS_setdomainname,
    SYS_settimeofday, SYS_clock_settime, SYS_adjtimex, SYS_clock_adjtime, SYS_syslog, SYS_acct, SYS_swapon,
    SYS_swapoff, SYS_quotactl, SYS_quotactl_fd, SYS_capset, SYS_setuid, SYS_setgid, SYS_setreuid,
    SYS_setregid, SYS_setresuid, SYS_setresgid, SYS_setfsuid, SYS_setfsgid, SYS_setgroups, SYS_setpriority,
    SYS_sched_setscheduler, SYS_sched_setparam, SYS_sched_setattr, SYS_ioprio_set, SYS_shmget, SYS_shmctl,
    SYS_semget, SYS_semctl, SYS_msgget, SYS_msgctl, SYS_mq_open, SYS_mq_unlink, SYS_add_key,
    SYS_request_key, SYS_keyctl, SYS_bpf, SYS_perf_event_open, SYS_fanotify_init, SYS_userfaultfd,
    SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register, SYS_connect, SYS_sendto, SYS_sendmsg,
    SYS_sendmmsg, SYS_bind, SYS_listen, SYS_unlinkat, SYS_renameat2, SYS_mkdirat, SYS_mknodat,
    SYS_symlinkat, SYS_linkat, SYS_truncate, SYS_ftruncate, SYS_fallocate, SYS_fchmod, SYS_fchmodat,
    SYS_fchown, SYS_fchownat, SYS_utimensat, SYS_setxattr, SYS_lsetxattr, SYS_fsetxattr, SYS_removexattr,
    SYS_lremovexattr, SYS_fremovexattr, SYS_name_to_handle_at, SYS_open_by_handle_at, SYS_dup3,
    SYS_splice, SYS_tee, SYS_vmsplice, SYS_copy_file_range, SYS_close_range, SYS_execve, SYS_execveat,
    SYS_exit, SYS_exit_group, SYS_clone, SYS_clone3, SYS_nanosleep, SYS_clock_nanosleep, SYS_rt_sigsuspend,
};

static int is_excluded(long number) {
    for (unsigned i = 0; i < sizeof excluded / sizeof excluded[0]; i++) if (excluded[i] == number) return 1;
    return 0;
}

static uint64_t state;

static uint64_t next_random(void) {  /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ull;
}

enum { scratch_size = 65536 };

static long argument(unsigned char *scratch) {
    switch (next_random() % 16) {
    case 0: return 0;
    case 1: return 1;
    case 2: return -1;
    case 3: return (long)(next_random() % 16);
    case 4: return 4096;
    case 5: return 0x7fffffff;
    case 6: return (long)(1ul << 63);
    case 7: return -4096;
    case 8: case 9: case 10: return (long)(scratch + next_random() % scratch_size);
    case 11: return (long)(scratch + scratch_size - 8);
    case 12: return 0x1000;  /* below mmap_min_addr: never mapped */
    case 13: return (long)0xffffffffffff0000ul;
    case 14: return (long)(next_random() & 0xffffffff);
    default: return (long)next_random();
    }
}

static void run_batch(unsigned calls) {
    /* Descriptors 3.. for the calls to use: a file, a pipe, a socket pair, an eventfd, a directory. */
    open("fuzz-file", O_RDWR | O_CREAT, 0600);
    int ends[2];
    pipe(ends);
    socketpair(AF_UNIX, SOCK_STREAM, 0, ends);
    eventfd(0, EFD_NONBLOCK);
    open(".", O_RDONLY | O_DIRECTORY);
    unsigned char *scratch = mmap(NULL, scratch_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (scratch == MAP_FAILED) _exit(2);
    for (unsigned i = 0; i < scratch_size; i++) {
        scratch[i] = (unsigned char)next_random();
        if (scratch[i] == '/') scratch[i] = 'x';
    }
    for (unsigned i = 0; i < calls; i++) {
        long number;
        do number = (long)(next_random() % 460); while (is_excluded(number));
        long a[6];
        for (int k = 0; k < 6; k++) a[k] = argument(scratch);
        if ((unsigned long)a[0] <= 2) a[0] += 3;
        syscall(number, a[0], a[1], a[2], a[3], a[4], a[5]);
        /* A call may have written '/' into the scratch buffer (getcwd): wipe them again. */
        if (number == SYS_getcwd || number == SYS_readlinkat || number == SYS_read || number == SYS_pread64)
            for (unsigned j = 0; j < scratch_size; j++) if (scratch[j] == '/') scratch[j] = 'x';
    }
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s BATCHES SEED [CALLS_PER_BATCH]\n", argv[0]);
        return 2;
    }
    long batches = atol(argv[1]);
    uint64_t seed = strtoull(argv[2], NULL, 0);
    unsigned calls = argc > 3 ? (unsigned)atoi(argv[3]) : 50;
    long exited = 0, signaled = 0, timed_out = 0, by_signal[65] = {0};
    for (long batch = 0; batch < batches; batch++) {
        state = (seed + 1) * 0x9e3779b97f4a7c15ull + (uint64_t)batch * 0xbf58476d1ce4e5b9ull;
        if (state == 0) state = 1;
        pid_t child = fork();
        if (child < 0) { perror("fork"); return 1; }
        if (child == 0) run_batch(calls);
        int status = 0;
        struct timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
            pid_t done = waitpid(child, &status, WNOHANG);
            if (done == child) break;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec - start.tv_sec >= 3) {
                kill(child, SIGKILL);
                waitpid(child, &status, 0);
                timed_out++;
                status = -1;
                break;
            }
            struct timespec little = {0, 2 * 1000 * 1000};
            nanosleep(&little, NULL);
        }
        if (status == -1) continue;
        if (WIFEXITED(status)) exited++;
        else if (WIFSIGNALED(status)) { signaled++; by_signal[WTERMSIG(status) & 63]++; }
    }
    printf("batches %ld: exited %ld, killed by a signal %ld, stopped after 3 s %ld\n", batches, exited, signaled,
           timed_out);
    for (int s = 1; s < 65; s++) if (by_signal[s]) printf("  signal %d: %ld\n", s, by_signal[s]);
    return 0;
}
