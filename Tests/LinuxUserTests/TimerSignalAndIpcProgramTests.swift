// POSIX timers, signal descriptors, System V IPC between forked processes, --strace lines of calls that
// block, and bad arguments to a broad set of system calls: guest programs of Tests/Guest/syscalls and
// Tests/Guest/process run under `morph run` by both engines and compared with qemu-riscv64 (same stdout,
// same exit status). Where qemu 7.2 differs from Linux (noted per test), the expectation is Linux's.
import Foundation
import Testing
import TestSupport

@Suite("Linux timers, signal descriptors, System V IPC and bad arguments (guest programs)")
struct TimerSignalAndIpcProgramTests {
    /// Runs `program` under Morph (`engine`) and qemu-riscv64; expects status 0 from both and the same
    /// output once each of `linuxLines` (qemu's line, Linux's line) is applied to qemu's.
    private func expectLinuxOutput(_ program: String, engine: TestEngine, arguments: [String] = [],
                                   linuxLines: [(qemu: String, linux: String)] = [],
                                   sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let morph = try GuestPrograms.run(engine: engine, program, arguments)
        let qemu = try GuestPrograms.qemu(program, arguments)
        #expect(morph.status == 0, "\(morph.errorOutput)", sourceLocation: sourceLocation)
        #expect(qemu.status == 0, sourceLocation: sourceLocation)
        var expected = qemu.output
        for (qemuLine, linuxLine) in linuxLines {
            #expect(expected.contains(qemuLine + "\n"), "qemu no longer prints \(qemuLine)", sourceLocation: sourceLocation)
            expected = expected.replacingOccurrences(of: qemuLine + "\n", with: linuxLine + "\n")
        }
        #expect(morph.output == expected, sourceLocation: sourceLocation)
        return morph.output
    }

    /// qemu 7.2 hands out its own timer ids (0x0caf0000 | n) while the siginfo carries the host's, so a
    /// timer created without a sigevent does not find its id in si_value there; on Linux it does.
    @Test("timer_create and friends: SIGEV_SIGNAL, SIGEV_THREAD_ID, SIGEV_NONE, SIGEV_THREAD, clocks, overruns",
          arguments: TestEngine.allCases)
    func posixTimers(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("posix_timers", flags: ["-O2", "-static", "-pthread"])
        let output = try expectLinuxOutput(program, engine: engine, linuxLines: [
            ("  SIGALRM with SI_TIMER: 1, si_value is the id: 0, si_timerid too: 0",
             "  SIGALRM with SI_TIMER: 1, si_value is the id: 1, si_timerid too: 1"),
        ])
        #expect(output.contains("  handler ran 1 time(s), SI_TIMER 1, si_value 1234\n"))
        #expect(output.contains("  ran in another thread: 1, value 4242\n"))
        #expect(output.contains("  overrun after 60 ms blocked >= 5: 1, si_overrun matches: 1\n"))
    }

    /// qemu 7.2 accepts a signalfd4 sizemask other than 8 (and returns a descriptor); Linux says EINVAL.
    @Test("signalfd: reads, poll and epoll, a new mask, blocking reads, SIGCHLD, bad arguments",
          arguments: TestEngine.allCases)
    func signalDescriptors(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("signalfd", flags: ["-O2", "-static", "-pthread"])
        let output = try expectLinuxOutput(program, engine: engine, linuxLines: [
            ("signalfd4 sizemask 4                         -> 4",
             "signalfd4 sizemask 4                         -> -1 EINVAL"),
        ])
        #expect(output.contains("  first SIGUSR1 1, second SIGUSR2 1, SI_QUEUE 1, ssi_int 4321\n"))
        #expect(output.contains("  SIGCHLD 1, CLD_EXITED 1, pid 1, status 7\n"))
    }

    @Test("System V IPC: a forked parent and child share a counter in shm under a semaphore and talk over a message queue",
          arguments: TestEngine.allCases)
    func systemVInterprocessCommunication(engine: TestEngine) throws {
        let program = try ProcessProgramTests.processProgram("sysv_ipc")
        let output = try expectLinuxOutput(program, engine: engine)
        #expect(output.contains("child exited 0; counter 4000 (expected 4000)\n"))
        #expect(output.contains("child: got 24 bytes of type 3: from the parent, type 3\n"))
        #expect(output.contains("  in /proc/self/maps as /SYSV..., shared: 1\n"))
        #expect(output.contains("shmdt after munmap                           -> -1 EINVAL\n  shm_nattch 1\n"))
        #expect(output.contains("semop after IPC_RMID                         -> -1 EINVAL\n"))
    }

    /// The reader's line is always cut: the main thread writes lines (the sleep, the write) while the
    /// read waits.
    @Test("--strace: a blocking call another thread interrupts prints <unfinished ...> and <... resumed>",
          arguments: TestEngine.allCases)
    func straceUnfinishedAndResumed(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("strace_blocking", flags: ["-O2", "-static", "-pthread"])
        let result = try GuestPrograms.run(engine: engine, program, options: ["--strace"])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output == (try GuestPrograms.qemu(program)).output)
        let lines = result.errorOutput.split(separator: "\n").map(String.init)
        let start = lines.firstIndex { $0.hasSuffix("] read(3,  <unfinished ...>") }
        #expect(start != nil, "\(result.errorOutput)")
        guard let start else { return }
        let thread = lines[start].prefix { $0 != "]" } + "]"
        let end = lines.firstIndex { $0.hasPrefix(thread + " <... read resumed>\"x\", 1)") && $0.hasSuffix(" = 1") }
        #expect(end != nil && end! > start, "\(result.errorOutput)")
        // Every line is whole: a cut line never has another's text after it.
        #expect(!lines.contains { $0.contains("<unfinished ...>") && !$0.hasSuffix("<unfinished ...>") })
    }

    /// Where qemu 7.2 differs from Linux, Linux's answer is expected: qemu answers ENOSYS for ioctl
    /// requests it does not know (Linux: ENOTTY) and for set_robust_list (Linux checks the size: EINVAL),
    /// ignores madvise's advice (Linux: EINVAL for an unknown one), answers EINVAL for nanosleep's
    /// unreadable request (Linux: EFAULT), checks epoll_pwait's events buffer before anything is ready
    /// (Linux only checks that it is a user address: 0 events), and answers ENOPROTOOPT for an
    /// unknown setsockopt level (Linux asks the protocol, and AF_UNIX has none: EOPNOTSUPP).
    @Test("bad pointers, descriptors, flags and options to a broad set of system calls get Linux's errno",
          arguments: TestEngine.allCases)
    func badArguments(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("bad_arguments")
        let output = try GuestPrograms.inFreshDirectory("bad-arguments-\(engine)") { directory in
            let morph = try GuestPrograms.run(engine: engine, program, currentDirectory: directory)
            let qemu = try GuestPrograms.qemu(program, currentDirectory: directory)
            #expect(morph.status == 0, "\(morph.errorOutput)")
            #expect(qemu.status == 0)
            var expected = qemu.output
            for (qemuLine, linuxLine) in [
                ("ioctl unknown request on a pipe: ENOSYS", "ioctl unknown request on a pipe: ENOTTY"),
                ("madvise bad advice: ok 0", "madvise bad advice: EINVAL"),
                ("nanosleep (void*)1: EINVAL", "nanosleep (void*)1: EFAULT"),
                ("epoll_pwait (void*)1 events: EFAULT", "epoll_pwait (void*)1 events: ok 0"),
                ("setsockopt bad level: ENOPROTOOPT", "setsockopt bad level: EOPNOTSUPP"),
                ("set_robust_list bad size: ENOSYS", "set_robust_list bad size: EINVAL"),
            ] {
                #expect(expected.contains(qemuLine + "\n"), "qemu no longer prints \(qemuLine)")
                expected = expected.replacingOccurrences(of: qemuLine + "\n", with: linuxLine + "\n")
            }
            #expect(morph.output == expected)
            return morph
        }.output
        #expect(output.hasSuffix("still running\n"))
        #expect(output.contains("wait4 (void*)1 status: ECHILD\n"))
        #expect(output.contains("rt_sigpending size 4: ok 0\n"))
    }

    /// A fixed-seed slice of Scripts/syscall-fuzz: 12 batches of 50 random calls, each batch in a forked
    /// child. Children the calls kill are fine; Morph must end with the guest parent's status 0, and
    /// every line it writes to standard error must be about the guest.
    @Test("a fixed-seed slice of the random system call campaign: no Morph failure, hang or stray message",
          arguments: TestEngine.allCases)
    func randomSystemCallSlice(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("random_syscalls")
        let result = try GuestPrograms.inFreshDirectory("random-syscalls-\(engine)") { directory in
            try GuestPrograms.run(engine: engine, program, ["12", "20261207", "50"], currentDirectory: directory)
        }
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.hasPrefix("batches 12: exited "))
        let strays = result.errorOutput.split(separator: "\n").filter { !$0.hasPrefix("morph: guest ") }
        #expect(strays.isEmpty, "\(strays)")
    }
}
