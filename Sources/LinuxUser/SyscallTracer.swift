// `--strace`: one line per system call in strace(1)'s format: `name(arguments) = result`, the result
// at column 40, errors as `-1 ENOENT (No such file or directory)`, strings quoted and escaped with at
// most 32 bytes shown (strace's default -s 32) except paths, flags by name, calls that do not return
// as `= ?`, and `+++ exited with N +++` / `+++ killed by SIGSEGV +++` at the end.
//
// Calls that block: once the process has a second thread (the lines then carry `[pid N]`), a call that
// may block (futex waits, reads, receives, accept, connect, waits for children, polls, sleeps, signal
// waits, System V waits, flock; `SyscallTracer.mayBlock`) writes `name(arguments known at entry` when
// it starts, without ending the line, as strace -f does: if no other line comes before it returns the
// line is finished in place (so it reads as one line); otherwise the other thread's line first ends it
// with ` <unfinished ...>` and the call ends as `<... name resumed>filled arguments) = result`. A
// single-threaded process prints each call as one line when it returns, as before: nothing can come
// between. Writes are not split (a guest writing to the trace's descriptor would land inside the line).
import Glibc
import MorphCore
import Synchronization

/// How one argument is printed.
enum TraceArgument: Equatable {
    /// Signed decimal (`int`, `long`, `off_t`).
    case decimal
    /// Unsigned decimal (`size_t`).
    case unsigned
    /// Hexadecimal `0x…`.
    case hex
    /// A pointer: `NULL` or `0x…`.
    case pointer
    /// A directory descriptor: `AT_FDCWD` or the number.
    case directory
    /// A NUL-terminated path, shown in full.
    case path
    /// A buffer the call reads, of the length in argument `n`.
    case input(lengthArgument: Int)
    /// A buffer the call fills: the result says how many bytes (shown after a success).
    case output
    /// Like `.output`, printed in hexadecimal escapes (getrandom).
    case outputHex
    /// `open` flags (`O_RDONLY|O_CLOEXEC`).
    case openFlags
    /// An octal mode (`0644`).
    case mode
    /// `PROT_*` flags.
    case protection
    /// `MAP_*` flags.
    case mapFlags
    /// `SEEK_*`.
    case whence
    /// `CLOCK_*`.
    case clock
    /// `AT_*` flags.
    case atFlags
    /// `RLIMIT_*`.
    case resource
    /// A signal number (`SIGABRT`).
    case signal
    /// A `struct timespec` the call fills.
    case timespecOutput
    /// A `struct timespec` the call reads.
    case timespecInput
    /// A `struct stat` the call fills.
    case statOutput
    /// A `struct rlimit64`, read (before the call) or filled.
    case rlimit
    /// An `ioctl` request (`TCGETS`).
    case ioctlRequest
    /// An `fcntl` command (`F_GETFL`).
    case fcntlCommand
    /// `GRND_*` flags.
    case randomFlags
    /// A futex operation (`FUTEX_WAKE_PRIVATE`).
    case futexOperation
}

/// Prints system calls as strace does.
final class SyscallTracer {
    /// The host descriptor the lines go to.
    let descriptor: Int32
    /// Whether the process has had more than one thread: from then on every line starts with the
    /// calling thread's id, as `strace -f` prefixes `[pid N]` once it traces more than one task.
    private let showsThreadIDs = Atomic<Bool>(false)

    /// Starts prefixing lines with the thread id (a second thread is about to run).
    func followThreads() { showsThreadIDs.store(true, ordering: .releasing) }

    /// Whether lines carry thread ids (the process has had a second thread).
    var followsThreads: Bool { showsThreadIDs.load(ordering: .acquiring) }

    /// Serialises writes, and guards `openLine` and `interruptedThreads`.
    private let outputLock = HostLock()
    /// The thread whose blocking call's start was written without its end (the last bytes written),
    /// and that line's length so far (for the result column).
    private var openLine: (threadID: Int32, width: Int)? = nil
    /// Threads whose open line another line cut with `<unfinished ...>`: their end comes as
    /// `<... name resumed>`.
    private var interruptedThreads: Set<Int32> = []

    /// Creates a tracer writing to the host descriptor `descriptor`.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The argument formats of the calls Morph knows, keyed by number; others print six hex arguments.
    static let formats: [SyscallNumber: [TraceArgument]] = [
        .read: [.decimal, .output, .unsigned],
        .write: [.decimal, .input(lengthArgument: 2), .unsigned],
        .readv: [.decimal, .pointer, .unsigned],
        .writev: [.decimal, .pointer, .unsigned],
        .pread64: [.decimal, .output, .unsigned, .decimal],
        .pwrite64: [.decimal, .input(lengthArgument: 2), .unsigned, .decimal],
        .openat: [.directory, .path, .openFlags, .mode],
        .close: [.decimal],
        .lseek: [.decimal, .decimal, .whence],
        .fstat: [.decimal, .statOutput],
        .newfstatat: [.directory, .path, .statOutput, .atFlags],
        .statx: [.directory, .path, .atFlags, .hex, .pointer],
        .getdents64: [.decimal, .pointer, .unsigned],
        .readlinkat: [.directory, .path, .output, .unsigned],
        .faccessat: [.directory, .path, .decimal],
        .faccessat2: [.directory, .path, .decimal, .atFlags],
        .getcwd: [.output, .unsigned],
        .chdir: [.path],
        .fchdir: [.decimal],
        .mkdirat: [.directory, .path, .mode],
        .unlinkat: [.directory, .path, .atFlags],
        .renameat2: [.directory, .path, .directory, .path, .hex],
        .symlinkat: [.path, .directory, .path],
        .linkat: [.directory, .path, .directory, .path, .atFlags],
        .ftruncate: [.decimal, .decimal],
        .truncate: [.path, .decimal],
        .fsync: [.decimal],
        .fdatasync: [.decimal],
        .dup: [.decimal],
        .dup3: [.decimal, .decimal, .openFlags],
        .fcntl: [.decimal, .fcntlCommand, .hex],
        .ioctl: [.decimal, .ioctlRequest, .pointer],
        .pipe2: [.pointer, .openFlags],
        .fchmod: [.decimal, .mode],
        .fchmodat: [.directory, .path, .mode],
        .utimensat: [.directory, .path, .pointer, .atFlags],
        .fchown: [.decimal, .decimal, .decimal],
        .fchownat: [.directory, .path, .decimal, .decimal, .atFlags],
        .statfs: [.path, .pointer],
        .fstatfs: [.decimal, .pointer],
        .brk: [.pointer],
        .mmap: [.pointer, .unsigned, .protection, .mapFlags, .decimal, .hex],
        .munmap: [.pointer, .unsigned],
        .mprotect: [.pointer, .unsigned, .protection],
        .mremap: [.pointer, .unsigned, .unsigned, .hex, .pointer],
        .madvise: [.pointer, .unsigned, .decimal],
        .msync: [.pointer, .unsigned, .hex],
        .mlock: [.pointer, .unsigned],
        .munlock: [.pointer, .unsigned],
        .mlockall: [.hex],
        .munlockall: [],
        .exit: [.decimal],
        .exitGroup: [.decimal],
        .getpid: [], .getppid: [], .gettid: [], .getuid: [], .geteuid: [], .getgid: [], .getegid: [],
        .schedYield: [], .setsid: [],
        .getresuid: [.pointer, .pointer, .pointer],
        .getresgid: [.pointer, .pointer, .pointer],
        .getgroups: [.decimal, .pointer],
        .getpgid: [.decimal],
        .getsid: [.decimal],
        .setpgid: [.decimal, .decimal],
        .times: [.pointer],
        .setTidAddress: [.pointer],
        .setRobustList: [.pointer, .unsigned],
        .prlimit64: [.decimal, .resource, .rlimit, .rlimit],
        .getrlimit: [.resource, .rlimit],
        .setrlimit: [.resource, .rlimit],
        .uname: [.pointer],
        .sysinfo: [.pointer],
        .umask: [.mode],
        .schedGetaffinity: [.decimal, .unsigned, .pointer],
        .getrandom: [.outputHex, .unsigned, .randomFlags],
        .getrusage: [.decimal, .pointer],
        .clockGettime: [.clock, .timespecOutput],
        .timerCreate: [.clock, .pointer, .pointer],
        .timerSettime: [.decimal, .hex, .pointer, .pointer],
        .timerGettime: [.decimal, .pointer],
        .timerGetoverrun: [.decimal],
        .timerDelete: [.decimal],
        .signalfd4: [.decimal, .pointer, .unsigned, .openFlags],
        .shmget: [.hex, .unsigned, .hex],
        .shmat: [.decimal, .pointer, .hex],
        .shmdt: [.pointer],
        .shmctl: [.decimal, .decimal, .pointer],
        .semget: [.hex, .decimal, .hex],
        .semop: [.decimal, .pointer, .unsigned],
        .semtimedop: [.decimal, .pointer, .unsigned, .timespecInput],
        .semctl: [.decimal, .decimal, .decimal, .hex],
        .msgget: [.hex, .hex],
        .msgsnd: [.decimal, .pointer, .unsigned, .hex],
        .msgrcv: [.decimal, .pointer, .unsigned, .decimal, .hex],
        .msgctl: [.decimal, .decimal, .pointer],
        .clockGetres: [.clock, .timespecOutput],
        .gettimeofday: [.pointer, .pointer],
        .nanosleep: [.timespecInput, .pointer],
        .clockNanosleep: [.clock, .hex, .timespecInput, .pointer],
        .rtSigaction: [.signal, .pointer, .pointer, .unsigned],
        .rtSigprocmask: [.decimal, .pointer, .pointer, .unsigned],
        .rtSigpending: [.pointer, .unsigned],
        .sigaltstack: [.pointer, .pointer],
        .kill: [.decimal, .signal],
        .tkill: [.decimal, .signal],
        .tgkill: [.decimal, .decimal, .signal],
        .riscvFlushIcache: [.pointer, .pointer, .hex],
        .rseq: [.pointer, .hex, .hex, .hex],
        .futex: [.pointer, .futexOperation, .decimal, .timespecInput, .pointer, .hex],
        .socket: [.decimal, .hex, .decimal],
        .socketpair: [.decimal, .hex, .decimal, .pointer],
        .bind: [.decimal, .pointer, .unsigned],
        .connect: [.decimal, .pointer, .unsigned],
        .listen: [.decimal, .decimal],
        .accept: [.decimal, .pointer, .pointer],
        .accept4: [.decimal, .pointer, .pointer, .openFlags],
        .getsockname: [.decimal, .pointer, .pointer],
        .getpeername: [.decimal, .pointer, .pointer],
        .setsockopt: [.decimal, .decimal, .decimal, .pointer, .unsigned],
        .getsockopt: [.decimal, .decimal, .decimal, .pointer, .pointer],
        .sendto: [.decimal, .input(lengthArgument: 2), .unsigned, .hex, .pointer, .unsigned],
        .recvfrom: [.decimal, .output, .unsigned, .hex, .pointer, .pointer],
        .sendmsg: [.decimal, .pointer, .hex],
        .recvmsg: [.decimal, .pointer, .hex],
        .shutdown: [.decimal, .decimal],
        .ppoll: [.pointer, .unsigned, .timespecInput, .pointer, .unsigned],
        .pselect6: [.decimal, .pointer, .pointer, .pointer, .timespecInput, .pointer],
        .epollCreate1: [.openFlags],
        .epollCtl: [.decimal, .decimal, .decimal, .pointer],
        .epollPwait: [.decimal, .pointer, .decimal, .decimal, .pointer, .unsigned],
        .epollPwait2: [.decimal, .pointer, .decimal, .timespecInput, .pointer, .unsigned],
        .eventfd2: [.unsigned, .openFlags],
        .timerfdCreate: [.clock, .openFlags],
        .timerfdSettime: [.decimal, .hex, .pointer, .pointer],
        .timerfdGettime: [.decimal, .pointer],
        .inotifyInit1: [.openFlags],
        .inotifyAddWatch: [.decimal, .path, .hex],
        .inotifyRmWatch: [.decimal, .decimal],
        .memfdCreate: [.path, .hex],
        .membarrier: [.hex, .hex, .decimal],
        .flock: [.decimal, .hex],
        .fallocate: [.decimal, .hex, .decimal, .decimal],
        .sendfile: [.decimal, .decimal, .pointer, .unsigned],
        .copyFileRange: [.decimal, .pointer, .decimal, .pointer, .unsigned, .hex],
    ]

    /// Calls whose result is an address (printed in hex).
    static let addressResults: Set<SyscallNumber> = [.brk, .mmap, .mremap, .shmat]

    // MARK: Lines

    /// Prints a finished call.
    func trace(number: UInt64, arguments: SyscallArguments, result: SyscallResult, process: LinuxProcess) {
        let syscall = SyscallNumber(rawValue: number)
        var line = callText(syscall: syscall, number: number, arguments: arguments, result: result,
                            space: process.space)
        line += ") "
        SyscallTracer.padToResultColumn(&line)
        line += "= "
        switch result {
        case .success(let value):
            line += syscall.map { SyscallTracer.addressResults.contains($0) } == true
                ? "0x" + String(value, radix: 16) : String(Int64(bitPattern: value))
        case .failure(let error):
            line += "-1 \(error.name) (\(String(cString: strerror(error.rawValue))))"
        }
        emit(line)
    }

    /// Prints `exit_group(N) = ?` (before the call: it does not return).
    func traceExit(_ syscall: SyscallNumber, arguments: SyscallArguments) {
        var line = "\(syscall.name)(\(arguments.int32(0))) "
        SyscallTracer.padToResultColumn(&line)
        emit(line + "= ?")
    }

    /// Prints a signal as it is delivered: `--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---`.
    func traceSignal(_ signal: Int32, information: [UInt8]) {
        let name = SignalState.name(of: signal)
        let code = Int32(bitPattern: UInt32(truncatingIfNeeded: information.littleEndianWord(at: 8)))
        var fields = "si_signo=\(name), si_code="
        switch (signal, code) {
        case (_, 0), (_, -6):
            let pid = UInt32(truncatingIfNeeded: information.littleEndianWord(at: 16))
            let uid = UInt32(truncatingIfNeeded: information.littleEndianWord(at: 16) >> 32)
            fields += (code == 0 ? "SI_USER" : "SI_TKILL") + ", si_pid=\(pid), si_uid=\(uid)"
        default:
            let names: [Int32: [Int32: String]] = [
                SIGSEGV: [1: "SEGV_MAPERR", 2: "SEGV_ACCERR"], SIGBUS: [1: "BUS_ADRALN", 2: "BUS_ADRERR"],
                SIGILL: [1: "ILL_ILLOPC"], SIGTRAP: [1: "TRAP_BRKPT"],
            ]
            fields += (names[signal]?[code] ?? String(code))
                + ", si_addr=" + SyscallTracer.pointer(information.littleEndianWord(at: 16))
        }
        emit("--- \(name) {\(fields)} ---")
    }

    /// Prints `rt_sigreturn({mask=[USR1]}) = <a0>` after the registers were restored.
    func traceSignalReturn(thread: LinuxThread) {
        let mask = thread.signals.blocked
        let names = (1...64).filter { mask & SignalState.bit(Int32($0)) != 0 }
            .map { String(SignalState.name(of: Int32($0)).dropFirst(3)) }
        var line = "rt_sigreturn({mask=[\(names.joined(separator: " "))]}) "
        SyscallTracer.padToResultColumn(&line)
        emit(line + "= " + String(Int64(bitPattern: thread.hart[x: 10])))
    }

    /// Prints `+++ exited with N +++`.
    func traceExited(status: Int32) {
        emit("+++ exited with \(status) +++")
    }

    /// Prints `+++ killed by SIGxxx +++`.
    func traceKilled(signal: Int32) {
        emit("+++ killed by \(SignalState.name(of: signal)) +++")
    }

    /// strace's result column: " = " starts at column 40 when the call text is shorter.
    static func padToResultColumn(_ line: inout String) {
        let width = line.unicodeScalars.count
        if width < 40 { line += String(repeating: " ", count: 40 - width) }
    }

    private func emit(_ line: String) {
        let prefix = showsThreadIDs.load(ordering: .acquiring) ? "[pid \(HostFunctions.shared.gettid())] " : ""
        outputLock.withLock {
            closeOpenLine()
            write(prefix + line + "\n")
        }
    }

    /// Writes `text` whole (with `outputLock` held).
    private func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// Ends another thread's open line with ` <unfinished ...>` before a line is written (with
    /// `outputLock` held).
    private func closeOpenLine() {
        guard let open = openLine else { return }
        write(" <unfinished ...>\n")
        interruptedThreads.insert(open.threadID)
        openLine = nil
    }

    // MARK: Calls that block

    /// Whether a call may block for long: its start is written when it starts once the process has
    /// several threads (`beginBlockingCall`). Writes are left out (a guest writing to the trace's own
    /// descriptor would land inside the line).
    static func mayBlock(_ syscall: SyscallNumber, _ arguments: SyscallArguments) -> Bool {
        switch syscall {
        case .futex: [0, 6, 9, 11, 13].contains(arguments[1] & 127)  // WAIT, LOCK_PI, WAIT_BITSET, WAIT_REQUEUE_PI, LOCK_PI2
        case .read, .readv, .pread64, .recvfrom, .recvmsg, .accept, .accept4, .connect, .wait4, .waitid, .ppoll,
             .pselect6, .epollPwait, .epollPwait2, .nanosleep, .clockNanosleep, .rtSigsuspend, .rtSigtimedwait,
             .semop, .semtimedop, .msgrcv, .msgsnd, .flock: true
        default: false
        }
    }

    /// The index of the first argument the call fills (printed when it returns), or the count.
    private static func firstOutputArgument(_ formats: [TraceArgument]) -> Int {
        formats.firstIndex { format in
            switch format {
            case .output, .outputHex, .timespecOutput, .statOutput: true
            default: false
            }
        } ?? formats.count
    }

    /// Writes the start of a blocking call (`name(arguments known at entry`) without ending the line, as
    /// strace -f does: if another thread writes before the call returns, the line ends with
    /// `<unfinished ...>` and the call's end comes as `<... name resumed>`.
    func beginBlockingCall(_ syscall: SyscallNumber, number: UInt64, arguments: SyscallArguments, process: LinuxProcess) {
        let parts = callParts(syscall: syscall, number: number, arguments: arguments, result: .success(0), space: process.space)
        let inputs = parts.arguments.prefix(parts.outputStart)
        var text = parts.name + "(" + inputs.joined(separator: ", ")
        if parts.outputStart < parts.arguments.count, !inputs.isEmpty { text += ", " }
        let threadID = HostFunctions.shared.gettid()
        let prefix = "[pid \(threadID)] "
        outputLock.withLock {
            closeOpenLine()
            interruptedThreads.remove(threadID)
            write(prefix + text)
            openLine = (threadID, (prefix + text).unicodeScalars.count)
        }
    }

    /// Writes the end of a call `beginBlockingCall` started: the arguments it filled and the result,
    /// on the open line or as `<... name resumed>`. `restarted`: the call runs again (a signal
    /// interrupted it and it restarts), shown as strace shows ERESTARTSYS.
    func endBlockingCall(_ syscall: SyscallNumber, number: UInt64, arguments: SyscallArguments, result: SyscallResult,
                         process: LinuxProcess, restarted: Bool = false) {
        let parts = callParts(syscall: syscall, number: number, arguments: arguments, result: result, space: process.space)
        let rest = parts.arguments.suffix(from: parts.outputStart).joined(separator: ", ") + ") "
        let resultText = restarted ? "= ? ERESTARTSYS (To be restarted if SA_RESTART is set)" : SyscallTracer.resultText(syscall, result)
        let threadID = HostFunctions.shared.gettid()
        outputLock.withLock {
            if let open = openLine, open.threadID == threadID {
                let width = open.width + rest.unicodeScalars.count
                write(rest + String(repeating: " ", count: max(0, 40 + "[pid \(threadID)] ".count - width)) + resultText + "\n")
                openLine = nil
            } else {
                closeOpenLine()
                var line = "[pid \(threadID)] <... \(parts.name) resumed>" + rest
                let prefixWidth = "[pid \(threadID)] ".count
                let width = line.unicodeScalars.count - prefixWidth
                if width < 40 { line += String(repeating: " ", count: 40 - width) }
                write(line + resultText + "\n")
            }
            interruptedThreads.remove(threadID)
        }
    }

    /// `= value` or `= -1 ENAME (message)`.
    private static func resultText(_ syscall: SyscallNumber?, _ result: SyscallResult) -> String {
        switch result {
        case .success(let value):
            "= " + (syscall.map { addressResults.contains($0) } == true ? "0x" + String(value, radix: 16) : String(Int64(bitPattern: value)))
        case .failure(let error):
            "= -1 \(error.name) (\(String(cString: strerror(error.rawValue))))"
        }
    }

    /// `name(arg, arg, ...` (without the closing parenthesis).
    func callText(syscall: SyscallNumber?, number: UInt64, arguments: SyscallArguments, result: SyscallResult,
                  space: AddressSpace) -> String {
        let parts = callParts(syscall: syscall, number: number, arguments: arguments, result: result, space: space)
        return parts.name + "(" + parts.arguments.joined(separator: ", ")
    }

    /// The call's name, its arguments as printed, and the index of the first one the call fills.
    func callParts(syscall: SyscallNumber?, number: UInt64, arguments: SyscallArguments, result: SyscallResult,
                   space: AddressSpace) -> (name: String, arguments: [String], outputStart: Int) {
        guard let syscall, let table = SyscallTracer.formats[syscall] else {
            let name = syscall?.name ?? "syscall_0x" + String(number, radix: 16)
            return (name, (0..<6).map { SyscallTracer.hex(arguments[$0]) }, 6)
        }
        var parts: [String] = []
        var formats = table
        if syscall == .futex {
            // strace shows the arguments an operation uses: three for a wake, four for a wait.
            let operation = arguments[1] & 127
            formats = Array(formats.prefix(operation == 1 ? 3 : operation == 0 ? 4 : 6))
        }
        for (index, format) in formats.enumerated() {
            // openat prints its mode only when the flags create a file (O_CREAT or O_TMPFILE).
            if syscall == .openat, index == 3, arguments[2] & 0o2_0100_100 == 0 { continue }
            parts.append(argumentText(format, index: index, arguments: arguments, result: result, space: space))
        }
        let outputStart = min(SyscallTracer.firstOutputArgument(formats), parts.count)
        return (syscall.name, parts, syscall == .openat ? parts.count : outputStart)
    }

    // MARK: Arguments

    private func argumentText(_ format: TraceArgument, index: Int, arguments: SyscallArguments,
                              result: SyscallResult, space: AddressSpace) -> String {
        let value = arguments[index]
        let succeeded: UInt64? = if case .success(let count) = result { count } else { nil }
        switch format {
        case .decimal: return String(Int64(bitPattern: value))
        case .unsigned: return String(value)
        case .hex: return SyscallTracer.hex(value)
        case .pointer: return SyscallTracer.pointer(value)
        case .directory: return arguments.int32(index) == -100 ? "AT_FDCWD" : String(arguments.int32(index))
        case .path:
            guard value != 0 else { return "NULL" }
            guard case .success(let bytes) = space.readString(value) else { return SyscallTracer.pointer(value) }
            return SyscallTracer.quote(bytes, limit: Int.max)
        case .input(let lengthArgument):
            return bufferText(value, length: arguments[lengthArgument], hex: false, space: space)
        case .output, .outputHex:
            guard let count = succeeded else { return SyscallTracer.pointer(value) }
            return bufferText(value, length: count, hex: format == .outputHex, space: space)
        case .openFlags: return SyscallTracer.openFlagsText(value)
        case .mode: return SyscallTracer.octal(value & 0o7777)
        case .protection: return SyscallTracer.protectionText(value)
        case .mapFlags: return SyscallTracer.mapFlagsText(value)
        case .whence:
            let names = ["SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"]
            return names[safe: Int(truncatingIfNeeded: value)] ?? String(value)
        case .clock:
            return ["CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
                    "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE",
                    "CLOCK_BOOTTIME"][safe: Int(truncatingIfNeeded: value)] ?? String(arguments.int32(index))
        case .atFlags: return SyscallTracer.atFlagsText(value)
        case .resource:
            return ["RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
                    "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
                    "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO",
                    "RLIMIT_RTTIME"][safe: Int(truncatingIfNeeded: value)] ?? String(value)
        case .signal: return SignalState.name(of: arguments.int32(index))
        case .timespecOutput:
            guard succeeded != nil else { return SyscallTracer.pointer(value) }
            return timespecText(value, space: space)
        case .timespecInput: return timespecText(value, space: space)
        case .statOutput:
            guard succeeded != nil, let bytes = space.read(value, length: 128) else {
                return SyscallTracer.pointer(value)
            }
            return SyscallTracer.statText(bytes)
        case .rlimit:
            // prlimit64's third argument is read; the last is written (shown after a success).
            guard value != 0 else { return "NULL" }
            guard index != 3 || succeeded != nil, let current = space.load(value, as: UInt64.self),
                  let maximum = space.load(value + 8, as: UInt64.self) else { return SyscallTracer.pointer(value) }
            return "{rlim_cur=\(SyscallTracer.limitText(current)), rlim_max=\(SyscallTracer.limitText(maximum))}"
        case .ioctlRequest:
            let names: [UInt64: String] = [0x5401: "TCGETS", 0x5402: "TCSETS", 0x5403: "TCSETSW", 0x5404: "TCSETSF",
                                           0x5413: "TIOCGWINSZ", 0x5414: "TIOCSWINSZ", 0x540f: "TIOCGPGRP",
                                           0x541b: "FIONREAD", 0x5421: "FIONBIO", 0x5450: "FIONCLEX",
                                           0x5451: "FIOCLEX"]
            return names[value & 0xffff_ffff] ?? SyscallTracer.hex(value)
        case .fcntlCommand:
            let names: [Int32: String] = [0: "F_DUPFD", 1: "F_GETFD", 2: "F_SETFD", 3: "F_GETFL", 4: "F_SETFL",
                                          5: "F_GETLK", 6: "F_SETLK", 7: "F_SETLKW", 8: "F_SETOWN", 9: "F_GETOWN",
                                          1030: "F_DUPFD_CLOEXEC"]
            return names[arguments.int32(index)] ?? String(arguments.int32(index))
        case .futexOperation:
            let names = [0: "FUTEX_WAIT", 1: "FUTEX_WAKE", 2: "FUTEX_FD", 3: "FUTEX_REQUEUE", 4: "FUTEX_CMP_REQUEUE",
                         5: "FUTEX_WAKE_OP", 6: "FUTEX_LOCK_PI", 7: "FUTEX_UNLOCK_PI", 8: "FUTEX_TRYLOCK_PI",
                         9: "FUTEX_WAIT_BITSET", 10: "FUTEX_WAKE_BITSET"]
            let operation = Int(value & 127)
            var text = names[operation] ?? String(operation)
            if value & 128 != 0 { text += "_PRIVATE" }
            if value & 256 != 0 { text += "|FUTEX_CLOCK_REALTIME" }
            return text
        case .randomFlags:
            var parts: [String] = []
            for (bit, name) in [(UInt64(1), "GRND_NONBLOCK"), (2, "GRND_RANDOM"), (4, "GRND_INSECURE")]
            where value & bit != 0 {
                parts.append(name)
            }
            if value & ~7 != 0 { parts.append(SyscallTracer.hex(value & ~7)) }
            return parts.isEmpty ? "0" : parts.joined(separator: "|")
        }
    }

    private func bufferText(_ address: UInt64, length: UInt64, hex: Bool, space: AddressSpace) -> String {
        let shown = Int(min(length, 32))
        guard let bytes = space.read(address, length: shown) else { return SyscallTracer.pointer(address) }
        return SyscallTracer.quote(bytes, limit: 32, hex: hex) + (length > 32 ? "..." : "")
    }

    private func timespecText(_ address: UInt64, space: AddressSpace) -> String {
        guard address != 0 else { return "NULL" }
        guard let seconds = space.load(address, as: Int64.self),
              let nanoseconds = space.load(address + 8, as: Int64.self) else { return SyscallTracer.pointer(address) }
        return "{tv_sec=\(seconds), tv_nsec=\(nanoseconds)}"
    }

    // MARK: Formatting pieces

    /// `NULL` or `0x…`.
    static func pointer(_ value: UInt64) -> String { value == 0 ? "NULL" : "0x" + String(value, radix: 16) }

    /// C's `%#lx`: `0x…`, or `0` for zero.
    static func hex(_ value: UInt64) -> String { value == 0 ? "0" : "0x" + String(value, radix: 16) }

    /// C's `%#o`: `0…` (a mode), `0` for zero.
    static func octal(_ value: UInt64) -> String { "0" + (value == 0 ? "" : String(value, radix: 8)) }

    /// A C string literal as strace prints it: `\n`, `\t`, `\"`, `\\` and friends, other unprintable
    /// bytes in octal (three digits when a digit follows), or everything as `\xNN` when `hex`.
    static func quote(_ bytes: [UInt8], limit: Int, hex: Bool = false) -> String {
        var text = "\""
        let shown = bytes.prefix(limit)
        for (offset, byte) in shown.enumerated() {
            if hex {
                text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
                continue
            }
            switch byte {
            case 0x22: text += "\\\""
            case 0x5c: text += "\\\\"
            case 0x0a: text += "\\n"
            case 0x09: text += "\\t"
            case 0x0d: text += "\\r"
            case 0x0c: text += "\\f"
            case 0x0b: text += "\\v"
            case 0x20...0x7e: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let next = offset + 1 < shown.count ? shown[shown.startIndex + offset + 1] : 0
                let octal = String(byte, radix: 8)
                let digitFollows = next >= 0x30 && next <= 0x37
                text += "\\" + (digitFollows ? String(repeating: "0", count: 3 - octal.count) : "") + octal
            }
        }
        return text + "\""
    }

    /// `O_RDONLY|O_CREAT|...` (asm-generic/fcntl.h numbering).
    static func openFlagsText(_ value: UInt64) -> String {
        var parts = [["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"][Int(value & 3)]]
        let names: [(UInt64, String)] = [
            (0o100, "O_CREAT"), (0o200, "O_EXCL"), (0o400, "O_NOCTTY"), (0o1000, "O_TRUNC"), (0o2000, "O_APPEND"),
            (0o4000, "O_NONBLOCK"), (0o4010000, "O_SYNC"), (0o10000, "O_DSYNC"), (0o20000, "O_ASYNC"),
            (0o40000, "O_DIRECT"), (0o100000, "O_LARGEFILE"), (0o200000, "O_DIRECTORY"), (0o400000, "O_NOFOLLOW"),
            (0o1000000, "O_NOATIME"), (0o2000000, "O_CLOEXEC"), (0o10000000, "O_PATH"),
            (0o20200000, "O_TMPFILE"),
        ]
        var rest = value & ~3
        for (bit, name) in names where rest & bit == bit && bit != 0 {
            parts.append(name)
            rest &= ~bit
        }
        if rest != 0 { parts.append(SyscallTracer.hex(rest)) }
        return parts.joined(separator: "|")
    }

    /// `PROT_READ|PROT_WRITE` or `PROT_NONE`.
    static func protectionText(_ value: UInt64) -> String {
        var parts: [String] = []
        if value & 1 != 0 { parts.append("PROT_READ") }
        if value & 2 != 0 { parts.append("PROT_WRITE") }
        if value & 4 != 0 { parts.append("PROT_EXEC") }
        if value & ~7 != 0 { parts.append(SyscallTracer.hex(value & ~7)) }
        return parts.isEmpty ? "PROT_NONE" : parts.joined(separator: "|")
    }

    /// `MAP_PRIVATE|MAP_ANONYMOUS|...`.
    static func mapFlagsText(_ value: UInt64) -> String {
        var parts = [["0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"][Int(value & 3)]]
        let names: [(UInt64, String)] = [
            (0x10, "MAP_FIXED"), (0x20, "MAP_ANONYMOUS"), (0x100, "MAP_GROWSDOWN"), (0x800, "MAP_DENYWRITE"),
            (0x1000, "MAP_EXECUTABLE"), (0x2000, "MAP_LOCKED"), (0x4000, "MAP_NORESERVE"), (0x8000, "MAP_POPULATE"),
            (0x10000, "MAP_NONBLOCK"), (0x20000, "MAP_STACK"), (0x40000, "MAP_HUGETLB"), (0x80000, "MAP_SYNC"),
            (0x100000, "MAP_FIXED_NOREPLACE"),
        ]
        var rest = value & ~3
        for (bit, name) in names where rest & bit != 0 {
            parts.append(name)
            rest &= ~bit
        }
        if rest != 0 { parts.append(SyscallTracer.hex(rest)) }
        return parts.joined(separator: "|")
    }

    /// `AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH` or `0`.
    static func atFlagsText(_ value: UInt64) -> String {
        let names: [(UInt64, String)] = [
            (0x100, "AT_SYMLINK_NOFOLLOW"), (0x200, "AT_REMOVEDIR"), (0x400, "AT_SYMLINK_FOLLOW"),
            (0x800, "AT_NO_AUTOMOUNT"), (0x1000, "AT_EMPTY_PATH"),
        ]
        var parts: [String] = []
        var rest = value
        for (bit, name) in names where rest & bit != 0 {
            parts.append(name)
            rest &= ~bit
        }
        if rest != 0 { parts.append(SyscallTracer.hex(rest)) }
        return parts.isEmpty ? "0" : parts.joined(separator: "|")
    }

    /// `RLIM64_INFINITY`, `8192*1024` (strace prints multiples of 1024 that way) or the number.
    static func limitText(_ value: UInt64) -> String {
        if value == UInt64.max { return "RLIM64_INFINITY" }
        if value != 0, value % 1024 == 0 { return "\(value / 1024)*1024" }
        return String(value)
    }

    /// `{st_mode=S_IFREG|0644, st_size=123, ...}` from a riscv64 `struct stat`.
    static func statText(_ bytes: [UInt8]) -> String {
        let mode = UInt32(truncatingIfNeeded: bytes.littleEndianWord(at: 16))
        let types: [UInt32: String] = [0o140000: "S_IFSOCK", 0o120000: "S_IFLNK", 0o100000: "S_IFREG",
                                       0o60000: "S_IFBLK", 0o40000: "S_IFDIR", 0o20000: "S_IFCHR",
                                       0o10000: "S_IFIFO"]
        let type = types[mode & 0o170000] ?? "0" + String(mode & 0o170000, radix: 8)
        let permissions = SyscallTracer.octal(UInt64(mode & 0o7777))
        var text = "{st_mode=\(type)|\(permissions), "
        if mode & 0o170000 == 0o20000 || mode & 0o170000 == 0o60000 {
            let device = bytes.littleEndianWord(at: 32)
            let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff)
            let minor = (device & 0xff) | ((device >> 12) & ~0xff)
            text += "st_rdev=makedev(\(SyscallTracer.hex(major)), \(SyscallTracer.hex(minor))), ...}"
        } else {
            text += "st_size=\(Int64(bitPattern: bytes.littleEndianWord(at: 48))), ...}"
        }
        return text
    }
}

extension Array {
    /// The element at `index`, or nil outside the array.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

