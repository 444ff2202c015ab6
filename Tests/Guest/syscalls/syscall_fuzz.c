/* Guest test: every system call number from 0 to 511 with hostile arguments (NULL, -1, addresses
 * outside the address space, misaligned and huge values) must come back with a result, never crash
 * the emulator. Left out: calls that would end or damage this very test (exit, signals to self,
 * sigreturn, memory-map changes that could unmap this code, blocking waits, sleeps and reads, changes
 * to descriptors, directories or limits), and every call that could change the host if an emulator
 * passed it through with a lucky argument (the tests may run as root): file creation and
 * modification, ownership and modes, mounts, modules, clocks, host names, accounting, swap.
 * A first argument whose low 32 bits could name descriptor 0..15 is moved to a closed descriptor. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static int skipped(long number) {
    static const long numbers[] = {
        SYS_exit, SYS_exit_group, SYS_kill, SYS_tkill, SYS_tgkill, SYS_rt_sigreturn, SYS_rt_sigsuspend,
        SYS_rt_sigtimedwait, SYS_futex, SYS_nanosleep, SYS_clock_nanosleep, SYS_munmap, SYS_mremap, SYS_mmap,
        SYS_mprotect, SYS_madvise, SYS_brk, SYS_close, SYS_dup3, SYS_read, SYS_readv, SYS_pread64, SYS_preadv,
        SYS_setsid, SYS_setpgid, SYS_chdir, SYS_fchdir, SYS_chroot, SYS_prlimit64, SYS_setrlimit, SYS_umask,
        SYS_wait4, SYS_waitid, SYS_ppoll, SYS_pselect6, SYS_epoll_pwait, SYS_clone, SYS_clone3, SYS_execve,
        SYS_execveat, SYS_reboot, SYS_pidfd_send_signal, SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo,
        SYS_ptrace, SYS_close_range, SYS_io_uring_enter, SYS_setuid, SYS_setgid, SYS_setreuid, SYS_setregid,
        SYS_setresuid, SYS_setresgid, SYS_setfsuid, SYS_setfsgid, SYS_setgroups, SYS_unshare, SYS_setns,
        SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_sigaltstack, SYS_set_tid_address, SYS_set_robust_list,
        SYS_personality, SYS_prctl, SYS_seccomp, SYS_sched_setaffinity, SYS_sched_setscheduler,
        SYS_setpriority, SYS_mlockall, SYS_munmap, SYS_shmat, SYS_shmdt, SYS_msgrcv, SYS_semop,
        SYS_semtimedop, SYS_mq_timedreceive, SYS_recvfrom, SYS_recvmsg, SYS_recvmmsg, SYS_accept,
        SYS_accept4, SYS_getitimer, SYS_setitimer, SYS_timer_create, SYS_timer_settime, SYS_timerfd_settime,
        SYS_process_madvise, SYS_userfaultfd, SYS_remap_file_pages, SYS_mbind, SYS_set_mempolicy,
        SYS_migrate_pages, SYS_move_pages, SYS_memfd_secret, SYS_pkey_mprotect, SYS_vhangup, SYS_sync,
        SYS_syncfs, SYS_splice, SYS_tee, SYS_vmsplice, SYS_sendfile, SYS_copy_file_range, SYS_ioctl,
        SYS_fcntl, SYS_flock,
        /* Could change the host. */
        SYS_write, SYS_writev, SYS_pwrite64, SYS_pwritev, SYS_pwritev2, SYS_openat, SYS_openat2, SYS_mkdirat,
        SYS_mknodat, SYS_unlinkat, SYS_renameat2, SYS_symlinkat, SYS_linkat, SYS_truncate, SYS_ftruncate,
        SYS_fallocate, SYS_fchmod, SYS_fchmodat, SYS_fchown, SYS_fchownat, SYS_utimensat, SYS_setxattr,
        SYS_lsetxattr, SYS_fsetxattr, SYS_removexattr, SYS_lremovexattr, SYS_fremovexattr, SYS_acct,
        SYS_swapon, SYS_swapoff, SYS_mount, SYS_umount2, SYS_pivot_root, SYS_kexec_load, SYS_kexec_file_load,
        SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_sethostname, SYS_setdomainname,
        SYS_settimeofday, SYS_clock_settime, SYS_adjtimex, SYS_clock_adjtime, SYS_syslog, SYS_quotactl,
        SYS_quotactl_fd, SYS_bpf, SYS_perf_event_open, SYS_capset, SYS_add_key, SYS_request_key, SYS_keyctl,
        SYS_mount_setattr, SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick, SYS_move_mount, SYS_open_tree,
        SYS_name_to_handle_at, SYS_open_by_handle_at, SYS_process_vm_writev, SYS_process_vm_readv,
        SYS_landlock_create_ruleset, SYS_landlock_add_rule, SYS_landlock_restrict_self, SYS_fanotify_init,
        SYS_fanotify_mark, SYS_socket, SYS_socketpair, SYS_bind, SYS_connect, SYS_sendto, SYS_sendmsg,
        SYS_sendmmsg, SYS_shmget, SYS_shmctl, SYS_msgget, SYS_msgctl, SYS_msgsnd, SYS_semget, SYS_semctl,
        SYS_mq_open, SYS_mq_unlink, SYS_mq_timedsend, SYS_sync_file_range, SYS_fsync, SYS_fdatasync,
        SYS_ioprio_set, SYS_sched_setparam, SYS_sched_setattr, SYS_set_mempolicy_home_node,
    };
    for (unsigned i = 0; i < sizeof numbers / sizeof numbers[0]; i++) if (numbers[i] == number) return 1;
    return 0;
}

int main(void) {
    static const long hostile[] = {
        0, -1, 1, 0x1000, 0xdead00000000l, (long)(1ul << 63), 0x7fffffff, 0xffffffffl, 0x10001, -4096,
    };
    const unsigned count = sizeof hostile / sizeof hostile[0];
    long calls = 0, errors = 0;
    for (long number = 0; number < 512; number++) {
        if (skipped(number)) continue;
        for (unsigned k = 0; k < count; k++) {
            long a = hostile[k], b = hostile[(k + 3) % count], c = hostile[(k + 7) % count];
            /* The kernel reads descriptors as 32-bit ints: keep 0..15 (stdin and friends) out of reach. */
            if ((unsigned int)a < 16) a += 1000;
            long result = syscall(number, a, b, c, hostile[(k + 1) % count], hostile[(k + 5) % count],
                                  hostile[(k + 9) % count]);
            calls++;
            errors += result == -1;
        }
    }
    printf("survived %ld calls (%s)\n", calls, errors > calls / 2 ? "most failed, as expected" : "many succeeded");
    return 0;
}
