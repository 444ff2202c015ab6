// Linux system call numbers for riscv64: the generic table of include/uapi/asm-generic/unistd.h with
// __ARCH_WANT_NEW_STAT and __ARCH_WANT_SET_GET_RLIMIT, plus riscv_flush_icache
// (arch/riscv/include/uapi/asm/unistd.h). Generated from the riscv64-linux-gnu kernel headers.

/// A riscv64 Linux system call number (the value in a7 at `ecall`). Cases are the kernel's names in
/// lower camel case; `name` gives the kernel's spelling.
public enum SyscallNumber: UInt64, CaseIterable, Sendable {
    /// `io_setup`.
    case ioSetup = 0
    /// `io_destroy`.
    case ioDestroy = 1
    /// `io_submit`.
    case ioSubmit = 2
    /// `io_cancel`.
    case ioCancel = 3
    /// `io_getevents`.
    case ioGetevents = 4
    /// `setxattr`.
    case setxattr = 5
    /// `lsetxattr`.
    case lsetxattr = 6
    /// `fsetxattr`.
    case fsetxattr = 7
    /// `getxattr`.
    case getxattr = 8
    /// `lgetxattr`.
    case lgetxattr = 9
    /// `fgetxattr`.
    case fgetxattr = 10
    /// `listxattr`.
    case listxattr = 11
    /// `llistxattr`.
    case llistxattr = 12
    /// `flistxattr`.
    case flistxattr = 13
    /// `removexattr`.
    case removexattr = 14
    /// `lremovexattr`.
    case lremovexattr = 15
    /// `fremovexattr`.
    case fremovexattr = 16
    /// `getcwd`.
    case getcwd = 17
    /// `lookup_dcookie`.
    case lookupDcookie = 18
    /// `eventfd2`.
    case eventfd2 = 19
    /// `epoll_create1`.
    case epollCreate1 = 20
    /// `epoll_ctl`.
    case epollCtl = 21
    /// `epoll_pwait`.
    case epollPwait = 22
    /// `dup`.
    case dup = 23
    /// `dup3`.
    case dup3 = 24
    /// `fcntl`.
    case fcntl = 25
    /// `inotify_init1`.
    case inotifyInit1 = 26
    /// `inotify_add_watch`.
    case inotifyAddWatch = 27
    /// `inotify_rm_watch`.
    case inotifyRmWatch = 28
    /// `ioctl`.
    case ioctl = 29
    /// `ioprio_set`.
    case ioprioSet = 30
    /// `ioprio_get`.
    case ioprioGet = 31
    /// `flock`.
    case flock = 32
    /// `mknodat`.
    case mknodat = 33
    /// `mkdirat`.
    case mkdirat = 34
    /// `unlinkat`.
    case unlinkat = 35
    /// `symlinkat`.
    case symlinkat = 36
    /// `linkat`.
    case linkat = 37
    /// `umount2`.
    case umount2 = 39
    /// `mount`.
    case mount = 40
    /// `pivot_root`.
    case pivotRoot = 41
    /// `nfsservctl`.
    case nfsservctl = 42
    /// `statfs`.
    case statfs = 43
    /// `fstatfs`.
    case fstatfs = 44
    /// `truncate`.
    case truncate = 45
    /// `ftruncate`.
    case ftruncate = 46
    /// `fallocate`.
    case fallocate = 47
    /// `faccessat`.
    case faccessat = 48
    /// `chdir`.
    case chdir = 49
    /// `fchdir`.
    case fchdir = 50
    /// `chroot`.
    case chroot = 51
    /// `fchmod`.
    case fchmod = 52
    /// `fchmodat`.
    case fchmodat = 53
    /// `fchownat`.
    case fchownat = 54
    /// `fchown`.
    case fchown = 55
    /// `openat`.
    case openat = 56
    /// `close`.
    case close = 57
    /// `vhangup`.
    case vhangup = 58
    /// `pipe2`.
    case pipe2 = 59
    /// `quotactl`.
    case quotactl = 60
    /// `getdents64`.
    case getdents64 = 61
    /// `lseek`.
    case lseek = 62
    /// `read`.
    case read = 63
    /// `write`.
    case write = 64
    /// `readv`.
    case readv = 65
    /// `writev`.
    case writev = 66
    /// `pread64`.
    case pread64 = 67
    /// `pwrite64`.
    case pwrite64 = 68
    /// `preadv`.
    case preadv = 69
    /// `pwritev`.
    case pwritev = 70
    /// `sendfile`.
    case sendfile = 71
    /// `pselect6`.
    case pselect6 = 72
    /// `ppoll`.
    case ppoll = 73
    /// `signalfd4`.
    case signalfd4 = 74
    /// `vmsplice`.
    case vmsplice = 75
    /// `splice`.
    case splice = 76
    /// `tee`.
    case tee = 77
    /// `readlinkat`.
    case readlinkat = 78
    /// `newfstatat`.
    case newfstatat = 79
    /// `fstat`.
    case fstat = 80
    /// `sync`.
    case sync = 81
    /// `fsync`.
    case fsync = 82
    /// `fdatasync`.
    case fdatasync = 83
    /// `sync_file_range`.
    case syncFileRange = 84
    /// `timerfd_create`.
    case timerfdCreate = 85
    /// `timerfd_settime`.
    case timerfdSettime = 86
    /// `timerfd_gettime`.
    case timerfdGettime = 87
    /// `utimensat`.
    case utimensat = 88
    /// `acct`.
    case acct = 89
    /// `capget`.
    case capget = 90
    /// `capset`.
    case capset = 91
    /// `personality`.
    case personality = 92
    /// `exit`.
    case exit = 93
    /// `exit_group`.
    case exitGroup = 94
    /// `waitid`.
    case waitid = 95
    /// `set_tid_address`.
    case setTidAddress = 96
    /// `unshare`.
    case unshare = 97
    /// `futex`.
    case futex = 98
    /// `set_robust_list`.
    case setRobustList = 99
    /// `get_robust_list`.
    case getRobustList = 100
    /// `nanosleep`.
    case nanosleep = 101
    /// `getitimer`.
    case getitimer = 102
    /// `setitimer`.
    case setitimer = 103
    /// `kexec_load`.
    case kexecLoad = 104
    /// `init_module`.
    case initModule = 105
    /// `delete_module`.
    case deleteModule = 106
    /// `timer_create`.
    case timerCreate = 107
    /// `timer_gettime`.
    case timerGettime = 108
    /// `timer_getoverrun`.
    case timerGetoverrun = 109
    /// `timer_settime`.
    case timerSettime = 110
    /// `timer_delete`.
    case timerDelete = 111
    /// `clock_settime`.
    case clockSettime = 112
    /// `clock_gettime`.
    case clockGettime = 113
    /// `clock_getres`.
    case clockGetres = 114
    /// `clock_nanosleep`.
    case clockNanosleep = 115
    /// `syslog`.
    case syslog = 116
    /// `ptrace`.
    case ptrace = 117
    /// `sched_setparam`.
    case schedSetparam = 118
    /// `sched_setscheduler`.
    case schedSetscheduler = 119
    /// `sched_getscheduler`.
    case schedGetscheduler = 120
    /// `sched_getparam`.
    case schedGetparam = 121
    /// `sched_setaffinity`.
    case schedSetaffinity = 122
    /// `sched_getaffinity`.
    case schedGetaffinity = 123
    /// `sched_yield`.
    case schedYield = 124
    /// `sched_get_priority_max`.
    case schedGetPriorityMax = 125
    /// `sched_get_priority_min`.
    case schedGetPriorityMin = 126
    /// `sched_rr_get_interval`.
    case schedRrGetInterval = 127
    /// `restart_syscall`.
    case restartSyscall = 128
    /// `kill`.
    case kill = 129
    /// `tkill`.
    case tkill = 130
    /// `tgkill`.
    case tgkill = 131
    /// `sigaltstack`.
    case sigaltstack = 132
    /// `rt_sigsuspend`.
    case rtSigsuspend = 133
    /// `rt_sigaction`.
    case rtSigaction = 134
    /// `rt_sigprocmask`.
    case rtSigprocmask = 135
    /// `rt_sigpending`.
    case rtSigpending = 136
    /// `rt_sigtimedwait`.
    case rtSigtimedwait = 137
    /// `rt_sigqueueinfo`.
    case rtSigqueueinfo = 138
    /// `rt_sigreturn`.
    case rtSigreturn = 139
    /// `setpriority`.
    case setpriority = 140
    /// `getpriority`.
    case getpriority = 141
    /// `reboot`.
    case reboot = 142
    /// `setregid`.
    case setregid = 143
    /// `setgid`.
    case setgid = 144
    /// `setreuid`.
    case setreuid = 145
    /// `setuid`.
    case setuid = 146
    /// `setresuid`.
    case setresuid = 147
    /// `getresuid`.
    case getresuid = 148
    /// `setresgid`.
    case setresgid = 149
    /// `getresgid`.
    case getresgid = 150
    /// `setfsuid`.
    case setfsuid = 151
    /// `setfsgid`.
    case setfsgid = 152
    /// `times`.
    case times = 153
    /// `setpgid`.
    case setpgid = 154
    /// `getpgid`.
    case getpgid = 155
    /// `getsid`.
    case getsid = 156
    /// `setsid`.
    case setsid = 157
    /// `getgroups`.
    case getgroups = 158
    /// `setgroups`.
    case setgroups = 159
    /// `uname`.
    case uname = 160
    /// `sethostname`.
    case sethostname = 161
    /// `setdomainname`.
    case setdomainname = 162
    /// `getrlimit`.
    case getrlimit = 163
    /// `setrlimit`.
    case setrlimit = 164
    /// `getrusage`.
    case getrusage = 165
    /// `umask`.
    case umask = 166
    /// `prctl`.
    case prctl = 167
    /// `getcpu`.
    case getcpu = 168
    /// `gettimeofday`.
    case gettimeofday = 169
    /// `settimeofday`.
    case settimeofday = 170
    /// `adjtimex`.
    case adjtimex = 171
    /// `getpid`.
    case getpid = 172
    /// `getppid`.
    case getppid = 173
    /// `getuid`.
    case getuid = 174
    /// `geteuid`.
    case geteuid = 175
    /// `getgid`.
    case getgid = 176
    /// `getegid`.
    case getegid = 177
    /// `gettid`.
    case gettid = 178
    /// `sysinfo`.
    case sysinfo = 179
    /// `mq_open`.
    case mqOpen = 180
    /// `mq_unlink`.
    case mqUnlink = 181
    /// `mq_timedsend`.
    case mqTimedsend = 182
    /// `mq_timedreceive`.
    case mqTimedreceive = 183
    /// `mq_notify`.
    case mqNotify = 184
    /// `mq_getsetattr`.
    case mqGetsetattr = 185
    /// `msgget`.
    case msgget = 186
    /// `msgctl`.
    case msgctl = 187
    /// `msgrcv`.
    case msgrcv = 188
    /// `msgsnd`.
    case msgsnd = 189
    /// `semget`.
    case semget = 190
    /// `semctl`.
    case semctl = 191
    /// `semtimedop`.
    case semtimedop = 192
    /// `semop`.
    case semop = 193
    /// `shmget`.
    case shmget = 194
    /// `shmctl`.
    case shmctl = 195
    /// `shmat`.
    case shmat = 196
    /// `shmdt`.
    case shmdt = 197
    /// `socket`.
    case socket = 198
    /// `socketpair`.
    case socketpair = 199
    /// `bind`.
    case bind = 200
    /// `listen`.
    case listen = 201
    /// `accept`.
    case accept = 202
    /// `connect`.
    case connect = 203
    /// `getsockname`.
    case getsockname = 204
    /// `getpeername`.
    case getpeername = 205
    /// `sendto`.
    case sendto = 206
    /// `recvfrom`.
    case recvfrom = 207
    /// `setsockopt`.
    case setsockopt = 208
    /// `getsockopt`.
    case getsockopt = 209
    /// `shutdown`.
    case shutdown = 210
    /// `sendmsg`.
    case sendmsg = 211
    /// `recvmsg`.
    case recvmsg = 212
    /// `readahead`.
    case readahead = 213
    /// `brk`.
    case brk = 214
    /// `munmap`.
    case munmap = 215
    /// `mremap`.
    case mremap = 216
    /// `add_key`.
    case addKey = 217
    /// `request_key`.
    case requestKey = 218
    /// `keyctl`.
    case keyctl = 219
    /// `clone`.
    case clone = 220
    /// `execve`.
    case execve = 221
    /// `mmap`.
    case mmap = 222
    /// `fadvise64`.
    case fadvise64 = 223
    /// `swapon`.
    case swapon = 224
    /// `swapoff`.
    case swapoff = 225
    /// `mprotect`.
    case mprotect = 226
    /// `msync`.
    case msync = 227
    /// `mlock`.
    case mlock = 228
    /// `munlock`.
    case munlock = 229
    /// `mlockall`.
    case mlockall = 230
    /// `munlockall`.
    case munlockall = 231
    /// `mincore`.
    case mincore = 232
    /// `madvise`.
    case madvise = 233
    /// `remap_file_pages`.
    case remapFilePages = 234
    /// `mbind`.
    case mbind = 235
    /// `get_mempolicy`.
    case getMempolicy = 236
    /// `set_mempolicy`.
    case setMempolicy = 237
    /// `migrate_pages`.
    case migratePages = 238
    /// `move_pages`.
    case movePages = 239
    /// `rt_tgsigqueueinfo`.
    case rtTgsigqueueinfo = 240
    /// `perf_event_open`.
    case perfEventOpen = 241
    /// `accept4`.
    case accept4 = 242
    /// `recvmmsg`.
    case recvmmsg = 243
    /// `riscv_flush_icache`.
    case riscvFlushIcache = 259
    /// `wait4`.
    case wait4 = 260
    /// `prlimit64`.
    case prlimit64 = 261
    /// `fanotify_init`.
    case fanotifyInit = 262
    /// `fanotify_mark`.
    case fanotifyMark = 263
    /// `name_to_handle_at`.
    case nameToHandleAt = 264
    /// `open_by_handle_at`.
    case openByHandleAt = 265
    /// `clock_adjtime`.
    case clockAdjtime = 266
    /// `syncfs`.
    case syncfs = 267
    /// `setns`.
    case setns = 268
    /// `sendmmsg`.
    case sendmmsg = 269
    /// `process_vm_readv`.
    case processVmReadv = 270
    /// `process_vm_writev`.
    case processVmWritev = 271
    /// `kcmp`.
    case kcmp = 272
    /// `finit_module`.
    case finitModule = 273
    /// `sched_setattr`.
    case schedSetattr = 274
    /// `sched_getattr`.
    case schedGetattr = 275
    /// `renameat2`.
    case renameat2 = 276
    /// `seccomp`.
    case seccomp = 277
    /// `getrandom`.
    case getrandom = 278
    /// `memfd_create`.
    case memfdCreate = 279
    /// `bpf`.
    case bpf = 280
    /// `execveat`.
    case execveat = 281
    /// `userfaultfd`.
    case userfaultfd = 282
    /// `membarrier`.
    case membarrier = 283
    /// `mlock2`.
    case mlock2 = 284
    /// `copy_file_range`.
    case copyFileRange = 285
    /// `preadv2`.
    case preadv2 = 286
    /// `pwritev2`.
    case pwritev2 = 287
    /// `pkey_mprotect`.
    case pkeyMprotect = 288
    /// `pkey_alloc`.
    case pkeyAlloc = 289
    /// `pkey_free`.
    case pkeyFree = 290
    /// `statx`.
    case statx = 291
    /// `io_pgetevents`.
    case ioPgetevents = 292
    /// `rseq`.
    case rseq = 293
    /// `kexec_file_load`.
    case kexecFileLoad = 294
    /// `pidfd_send_signal`.
    case pidfdSendSignal = 424
    /// `io_uring_setup`.
    case ioUringSetup = 425
    /// `io_uring_enter`.
    case ioUringEnter = 426
    /// `io_uring_register`.
    case ioUringRegister = 427
    /// `open_tree`.
    case openTree = 428
    /// `move_mount`.
    case moveMount = 429
    /// `fsopen`.
    case fsopen = 430
    /// `fsconfig`.
    case fsconfig = 431
    /// `fsmount`.
    case fsmount = 432
    /// `fspick`.
    case fspick = 433
    /// `pidfd_open`.
    case pidfdOpen = 434
    /// `clone3`.
    case clone3 = 435
    /// `close_range`.
    case closeRange = 436
    /// `openat2`.
    case openat2 = 437
    /// `pidfd_getfd`.
    case pidfdGetfd = 438
    /// `faccessat2`.
    case faccessat2 = 439
    /// `process_madvise`.
    case processMadvise = 440
    /// `epoll_pwait2`.
    case epollPwait2 = 441
    /// `mount_setattr`.
    case mountSetattr = 442
    /// `quotactl_fd`.
    case quotactlFd = 443
    /// `landlock_create_ruleset`.
    case landlockCreateRuleset = 444
    /// `landlock_add_rule`.
    case landlockAddRule = 445
    /// `landlock_restrict_self`.
    case landlockRestrictSelf = 446
    /// `memfd_secret`.
    case memfdSecret = 447
    /// `process_mrelease`.
    case processMrelease = 448
    /// `futex_waitv`.
    case futexWaitv = 449
    /// `set_mempolicy_home_node`.
    case setMempolicyHomeNode = 450

    /// The kernel's name (`exit_group`), as strace prints it.
    public var name: String { SyscallNumber.names[self] ?? "\(self)" }

    private static let names: [SyscallNumber: String] = [
        .ioSetup: "io_setup",
        .ioDestroy: "io_destroy",
        .ioSubmit: "io_submit",
        .ioCancel: "io_cancel",
        .ioGetevents: "io_getevents",
        .lookupDcookie: "lookup_dcookie",
        .epollCreate1: "epoll_create1",
        .epollCtl: "epoll_ctl",
        .epollPwait: "epoll_pwait",
        .inotifyInit1: "inotify_init1",
        .inotifyAddWatch: "inotify_add_watch",
        .inotifyRmWatch: "inotify_rm_watch",
        .ioprioSet: "ioprio_set",
        .ioprioGet: "ioprio_get",
        .pivotRoot: "pivot_root",
        .syncFileRange: "sync_file_range",
        .timerfdCreate: "timerfd_create",
        .timerfdSettime: "timerfd_settime",
        .timerfdGettime: "timerfd_gettime",
        .exitGroup: "exit_group",
        .setTidAddress: "set_tid_address",
        .setRobustList: "set_robust_list",
        .getRobustList: "get_robust_list",
        .kexecLoad: "kexec_load",
        .initModule: "init_module",
        .deleteModule: "delete_module",
        .timerCreate: "timer_create",
        .timerGettime: "timer_gettime",
        .timerGetoverrun: "timer_getoverrun",
        .timerSettime: "timer_settime",
        .timerDelete: "timer_delete",
        .clockSettime: "clock_settime",
        .clockGettime: "clock_gettime",
        .clockGetres: "clock_getres",
        .clockNanosleep: "clock_nanosleep",
        .schedSetparam: "sched_setparam",
        .schedSetscheduler: "sched_setscheduler",
        .schedGetscheduler: "sched_getscheduler",
        .schedGetparam: "sched_getparam",
        .schedSetaffinity: "sched_setaffinity",
        .schedGetaffinity: "sched_getaffinity",
        .schedYield: "sched_yield",
        .schedGetPriorityMax: "sched_get_priority_max",
        .schedGetPriorityMin: "sched_get_priority_min",
        .schedRrGetInterval: "sched_rr_get_interval",
        .restartSyscall: "restart_syscall",
        .rtSigsuspend: "rt_sigsuspend",
        .rtSigaction: "rt_sigaction",
        .rtSigprocmask: "rt_sigprocmask",
        .rtSigpending: "rt_sigpending",
        .rtSigtimedwait: "rt_sigtimedwait",
        .rtSigqueueinfo: "rt_sigqueueinfo",
        .rtSigreturn: "rt_sigreturn",
        .mqOpen: "mq_open",
        .mqUnlink: "mq_unlink",
        .mqTimedsend: "mq_timedsend",
        .mqTimedreceive: "mq_timedreceive",
        .mqNotify: "mq_notify",
        .mqGetsetattr: "mq_getsetattr",
        .addKey: "add_key",
        .requestKey: "request_key",
        .remapFilePages: "remap_file_pages",
        .getMempolicy: "get_mempolicy",
        .setMempolicy: "set_mempolicy",
        .migratePages: "migrate_pages",
        .movePages: "move_pages",
        .rtTgsigqueueinfo: "rt_tgsigqueueinfo",
        .perfEventOpen: "perf_event_open",
        .riscvFlushIcache: "riscv_flush_icache",
        .fanotifyInit: "fanotify_init",
        .fanotifyMark: "fanotify_mark",
        .nameToHandleAt: "name_to_handle_at",
        .openByHandleAt: "open_by_handle_at",
        .clockAdjtime: "clock_adjtime",
        .processVmReadv: "process_vm_readv",
        .processVmWritev: "process_vm_writev",
        .finitModule: "finit_module",
        .schedSetattr: "sched_setattr",
        .schedGetattr: "sched_getattr",
        .memfdCreate: "memfd_create",
        .copyFileRange: "copy_file_range",
        .pkeyMprotect: "pkey_mprotect",
        .pkeyAlloc: "pkey_alloc",
        .pkeyFree: "pkey_free",
        .ioPgetevents: "io_pgetevents",
        .kexecFileLoad: "kexec_file_load",
        .pidfdSendSignal: "pidfd_send_signal",
        .ioUringSetup: "io_uring_setup",
        .ioUringEnter: "io_uring_enter",
        .ioUringRegister: "io_uring_register",
        .openTree: "open_tree",
        .moveMount: "move_mount",
        .pidfdOpen: "pidfd_open",
        .closeRange: "close_range",
        .pidfdGetfd: "pidfd_getfd",
        .processMadvise: "process_madvise",
        .epollPwait2: "epoll_pwait2",
        .mountSetattr: "mount_setattr",
        .quotactlFd: "quotactl_fd",
        .landlockCreateRuleset: "landlock_create_ruleset",
        .landlockAddRule: "landlock_add_rule",
        .landlockRestrictSelf: "landlock_restrict_self",
        .memfdSecret: "memfd_secret",
        .processMrelease: "process_mrelease",
        .futexWaitv: "futex_waitv",
        .setMempolicyHomeNode: "set_mempolicy_home_node",
    ]
}
