// Focused system-call behaviour with the guest programs of Tests/Guest/syscalls, run under `morph run`:
// bad pointers (EFAULT), unknown calls (ENOSYS), mmap/brk edges and memory exhaustion, fatal-signal
// reports, --strace lines, the process image (auxiliary vector, static-pie). Where qemu-riscv64 agrees
// with Linux it is the oracle; where it does not (noted per test), the expectation is Linux's, written
// down in an .expected file beside the program.
import Foundation
import Testing
import TestSupport

@Suite("Linux system calls (guest programs)")
struct SyscallProgramTests {
    @Test("bad pointers give EFAULT and the program goes on", arguments: TestEngine.allCases)
    func badPointersGiveEFAULT(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("efault")
        let result = try GuestPrograms.run(engine: engine, program)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.errorOutput.isEmpty)
        // qemu 7.2 differs from Linux on two lines (nanosleep(NULL): EINVAL, sysinfo(NULL): success), so the
        // expectation is a file; every other line is what qemu-riscv64 prints too.
        #expect(result.output == (try GuestPrograms.expectedOutput("efault.expected")))
    }

    @Test("unknown system calls return ENOSYS, as under qemu-riscv64", arguments: TestEngine.allCases)
    func unknownSystemCallsReturnENOSYS(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("enosys")
        let morph = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(morph.status == 0)
        #expect(morph.output.contains("still running: all ENOSYS"))
        #expect(morph.output == qemu.output)
        #expect(morph.status == qemu.status)
    }

    @Test("mmap, munmap, mprotect, mremap, madvise and brk at their edges", arguments: TestEngine.allCases)
    func memoryCallEdges(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("mmap_limits")
        let result = try GuestPrograms.run(engine: engine, program)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(!result.output.contains("FAILED"))
        #expect(!result.output.contains("unexpected"))
        // qemu 7.2 maps beyond the Sv39 user address space and ignores MAP_FIXED_NOREPLACE, so the
        // expectation is Linux's on a 256 GiB (Sv39) address space, kept in a file.
        #expect(result.output == (try GuestPrograms.expectedOutput("mmap_limits.expected")))
    }

    @Test("a guest that exhausts memory gets ENOMEM", arguments: [
        (["huge"], [String]()),
        (["brk"], [String]()),
        (["touch"], ["--memory-limit", "64M"]),
    ], TestEngine.allCases)
    func memoryExhaustion(case: ([String], [String]), engine: TestEngine) throws {
        let (arguments, options) = `case`
        let program = try GuestPrograms.syscallProgram("memory_exhaust")
        let result = try GuestPrograms.run(engine: engine, program, arguments, options: options)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.errorOutput.isEmpty)
        if arguments == ["brk"] {
            #expect(result.output == "brk refused after some growth: yes, errno ENOMEM\n")
        } else {
            #expect(result.output == "malloc failed after some blocks: yes, errno ENOMEM\n"
                    + "after freeing, malloc works again: yes\n")
        }
    }

    /// objdump's `-M no-aliases` text of the instruction at `pc` in `program`, tabs as spaces.
    private func objdumpText(of program: String, at pc: UInt64) throws -> String? {
        let dump = try ProcessRunner.run(GuestToolchain.objdump, ["-d", "-M", "no-aliases", program])
        let prefix = String(pc, radix: 16) + ":"
        for line in dump.output.split(separator: "\n") {
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix(prefix) else { continue }
            // "   1059a:\tf01c                \tc.sd\ta5,24(s0)"
            let fields = trimmed.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3 else { return nil }
            return fields[2...].joined(separator: " ").trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Splits `morph: guest SIGSEGV at pc 0x…: <instruction> (address 0x…)`.
    private func parseReport(_ line: String) -> (signal: String, pc: UInt64, instruction: String, detail: String)? {
        let pattern = /^morph: guest (SIG[A-Z]+) at pc 0x([0-9a-f]+): (.+) \((.+)\)$/
        guard let match = line.wholeMatch(of: pattern), let pc = UInt64(match.2, radix: 16) else { return nil }
        return (String(match.1), pc, String(match.3), String(match.4))
    }

    @Test("a store to a read-only page reports SIGSEGV with pc, address and instruction; exit 139", arguments: TestEngine.allCases)
    func storeToReadOnlyPage(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("segv_store")
        let result = try GuestPrograms.run(engine: engine, program)
        #expect(result.status == 139)
        #expect(try GuestPrograms.qemu(program).status == 139)
        let address = try #require(result.output.firstMatch(of: /address 0x([0-9a-f]+) value 7/)?.1)
        let lines = result.errorOutput.split(separator: "\n")
        #expect(lines.count == 1)
        let report = try #require(parseReport(String(lines[0])))
        #expect(report.signal == "SIGSEGV")
        #expect(report.detail == "address 0x\(address)")
        #expect(report.instruction == (try objdumpText(of: program, at: report.pc)))
        #expect(report.instruction.contains("sd"))
        #expect(!result.output.contains("not reached"))
    }

    @Test("a load through NULL reports SIGSEGV at address 0; earlier output is kept", arguments: TestEngine.allCases)
    func nullPointerLoad(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("segv_null")
        let result = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(result.status == 139)
        #expect(result.status == qemu.status)
        #expect(result.output == "before the fault\n")
        #expect(result.output == qemu.output)
        let report = try #require(parseReport(result.errorOutput.trimmingCharacters(in: .newlines)))
        #expect(report.signal == "SIGSEGV")
        #expect(report.detail == "address 0x0")
        #expect(report.instruction == (try objdumpText(of: program, at: report.pc)))
    }

    @Test("wild accesses: beyond the address space, into a hole, onto code, a jump to nowhere",
          arguments: ["far", "hole", "code", "jump"], TestEngine.allCases)
    func wildAccesses(kind: String, engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("segv_wild")
        let result = try GuestPrograms.run(engine: engine, program, [kind])
        #expect(result.status == 139)
        #expect(try GuestPrograms.qemu(program, [kind]).status == 139)
        let target = try #require(result.output.firstMatch(of: /(touching|jumping to) 0x([0-9a-f]+)/)?.2)
        let report = try #require(parseReport(result.errorOutput.trimmingCharacters(in: .newlines)))
        #expect(report.signal == "SIGSEGV")
        #expect(report.detail == "address 0x\(target)")
        if kind == "jump" {
            #expect(report.pc == UInt64(target, radix: 16))  // an instruction fetch fault: pc is the address
        } else {
            #expect(report.instruction == (try objdumpText(of: program, at: report.pc)))
        }
    }

    /// The translator leaves out the window check for a base register it already checked in the block;
    /// an offset from it past the end of the address space must still fault as under the interpreter.
    /// (qemu-riscv64 puts the stack elsewhere in a larger address space, with memory above it, so it is
    /// no oracle here: the two engines are compared with each other.)
    @Test("a load past the top of the address space through an already checked base register")
    func loadPastTheTop() throws {
        let program = try GuestPrograms.syscallProgram("segv_edge")
        let interpreted = try GuestPrograms.run(engine: .interp, program)
        let translated = try GuestPrograms.run(engine: .jit, program)
        #expect(interpreted.status == 139)
        #expect(translated.status == 139)
        #expect(translated.output == interpreted.output)
        #expect(translated.errorOutput == interpreted.errorOutput)
        let report = try #require(parseReport(translated.errorOutput.trimmingCharacters(in: .newlines)))
        #expect(report.signal == "SIGSEGV")
        #expect(report.instruction.contains("ld "))
        #expect(report.detail == "address 0x4000000008")  // 8 bytes past the 256 GiB address space
    }

    /// The translator may have moved guest registers between host registers where a block faults: the
    /// signal frame must still hold every register's guest value, as under qemu-riscv64.
    @Test("a SIGSEGV handler sees the registers of the faulting instruction", arguments: TestEngine.allCases)
    func faultRegisters(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("segv_registers")
        let result = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(result.status == 0)
        #expect(result.status == qemu.status)
        #expect(result.output == qemu.output)
        #expect(result.output.components(separatedBy: "x31 = ").count == 4, "three faults, each with its registers")
    }

    @Test("an illegal instruction reports SIGILL; exit 132 as under qemu-riscv64", arguments: TestEngine.allCases)
    func illegalInstruction(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("sigill")
        let result = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(result.status == 132)
        #expect(qemu.status == 132)
        #expect(result.output == qemu.output)
        let report = try #require(parseReport(result.errorOutput.trimmingCharacters(in: .newlines)))
        #expect(report.signal == "SIGILL")
        #expect(report.instruction == "c.unimp")
        #expect(report.detail == "illegal instruction")
    }

    @Test("--strace prints each call as strace does", arguments: TestEngine.allCases)
    func straceLines(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("strace_demo")
        let result = try GuestPrograms.run(engine: engine, program, options: ["--strace"])
        #expect(result.status == 3)
        #expect(result.output == "hi\ntab\there \"quoted\" back\\slash\u{1}\u{0}2\n"
                + "a long line of output that is longer than thirty-two bytes\n")
        let lines = result.errorOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = [
            #"write(1, "hi\n", 3)                     = 3"#,
            #"write(1, "tab\there \"quoted\" back\\slash\1\0002\n", 32) = 32"#,
            #"openat(AT_FDCWD, "/nonexistent/morph-strace", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)"#,
            #"openat(AT_FDCWD, "/nonexistent/new", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 ENOENT (No such file or directory)"#,
            #"close(-1)                               = -1 EBADF (Bad file descriptor)"#,
            #"lseek(-1, 0, SEEK_CUR)                  = -1 EBADF (Bad file descriptor)"#,
            #"syscall_0x3e8(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)"#,
            #"mprotect(0x10000, 0, PROT_READ|PROT_EXEC) = 0"#,
            #"nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0"#,
            #"write(1, "a long line of output that is lo"..., 59) = 59"#,
            #"exit_group(3)                           = ?"#,
            #"+++ exited with 3 +++"#,
            "",
        ]
        let start = try #require(lines.firstIndex(of: expected[0]), "\(result.errorOutput)")
        #expect(Array(lines[start...]) == expected)
        // glibc's start-up calls come first, each as one strace line.
        #expect(lines[..<start].contains { $0.hasPrefix("set_tid_address(0x") })
        #expect(lines[..<start].contains { $0.hasPrefix("brk(NULL)") && $0.contains(" = 0x") })
        #expect(lines[..<start].contains { $0.hasPrefix("prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=") })
        #expect(lines[..<start].contains { $0.hasPrefix("getrandom(\"\\x") && $0.hasSuffix(", 8, GRND_NONBLOCK) = 8") })
    }

    @Test("the auxiliary vector and string layout match qemu-riscv64", arguments: TestEngine.allCases)
    func processImage(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("auxv")
        let environment = ["A": "1", "BB": "two words"]
        let arguments = ["x y", "", "-z", "--flag=1"]
        let morph = try GuestPrograms.run(engine: engine, program, arguments, environment: environment)
        let qemu = try GuestPrograms.qemu(program, arguments, environment: environment)
        #expect(morph.status == 0, "\(morph.errorOutput)")
        #expect(morph.output == qemu.output)
        #expect(morph.output.contains("AT_HWCAP 0x112d\n"))
        #expect(morph.output.contains("strings contiguous in order 1\n"))
        #expect(morph.output.contains(" PT_LOAD, 1 PT_TLS\n"))
        #expect(morph.output.contains("argv[3] = [-z]\nargv[4] = [--flag=1]\n"))
        #expect(morph.output.contains("environment entries 2\n"))
    }

    @Test("a static-pie (ET_DYN) program loads at a base and sees consistent AT_ENTRY / AT_PHDR", arguments: TestEngine.allCases)
    func staticPositionIndependentExecutable(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram(
            "static_pie", flags: ["-O2", "-ffreestanding", "-fPIE", "-static-pie", "-nostdlib", "-Wl,--no-dynamic-linker"])
        let header = try #require(FileManager.default.contents(atPath: program))
        #expect(header[16] == 3)  // e_type ET_DYN
        let morph = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(morph.status == 0)
        #expect(morph.output == qemu.output)
        #expect(morph.output.split(separator: "\n").count == 8)
        #expect(!morph.output.contains("FAILED"))
    }

    @Test("process, resource, time, statx and terminal calls behave as on Linux", arguments: TestEngine.allCases)
    func processAndTimeCalls(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("process_time")
        let morph = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(morph.status == 0, "\(morph.errorOutput)")
        #expect(morph.output == (try GuestPrograms.expectedOutput("process_time.expected")))
        // qemu 7.2 lacks set_robust_list, ignores RLIMIT_STACK changes and answers unknown ioctls with
        // ENOSYS; on every other line it is the oracle.
        let qemuDiffers = ["set_robust_list", "prlimit64 reads it back", "unknown ioctl"]
        let morphLines = morph.output.split(separator: "\n").filter { line in !qemuDiffers.contains { line.hasPrefix($0) } }
        let qemuLines = qemu.output.split(separator: "\n").filter { line in !qemuDiffers.contains { line.hasPrefix($0) } }
        #expect(morphLines == qemuLines)
        #expect(morphLines.count == 34)
    }

    @Test("terminal ioctls pass through to a pseudo-terminal", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")), arguments: TestEngine.allCases)
    func terminalControl(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("terminal")
        let command = "stty rows 33 cols 91; '\(TestPaths.morph)' run \(engine.shellOptions) '\(program)'"
        let result = try ProcessRunner.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.replacingOccurrences(of: "\r\n", with: "\n") == """
            isatty 1, tcgetattr 0, TIOCGWINSZ 0: rows 33 cols 91
            canonical mode 1, echo 1
            tcsetattr 0, echo now 0

            """)
    }

    @Test("a write to a broken pipe raises SIGPIPE, or fails with EPIPE when it is ignored",
          arguments: ["default", "ignore"], TestEngine.allCases)
    func brokenPipe(mode: String, engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("broken_pipe")
        // Ignored signals stay ignored across exec (the test runner ignores SIGPIPE): start from SIG_DFL.
        func pipeline(_ command: String) throws -> ProcessResult {
            try ProcessRunner.run("/bin/bash", [
                "-c", "env --default-signal=PIPE " + command + " | head -c 20 >/dev/null; echo ${PIPESTATUS[0]}",
            ])
        }
        let morph = try pipeline("'\(TestPaths.morph)' run \(engine.shellOptions) '\(program)' \(mode)")
        let qemu = try pipeline("'\(GuestToolchain.qemu)' '\(program)' \(mode)")
        #expect(morph.output == (mode == "default" ? "141\n" : "3\n"))
        #expect(morph.output == qemu.output)
        #expect(morph.errorOutput == (mode == "default" ? "" : "write failed: Broken pipe\n"))
    }

    @Test("a SIGPIPE ignored by whoever starts morph stays ignored in the guest, as across execve", arguments: TestEngine.allCases)
    func inheritedIgnoredSignal(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("broken_pipe")
        let result = try ProcessRunner.run("/bin/bash", [
            "-c", "trap '' PIPE; '\(TestPaths.morph)' run \(engine.shellOptions) '\(program)' | head -c 20 >/dev/null; echo ${PIPESTATUS[0]}",
        ])
        #expect(result.output == "3\n")
        #expect(result.errorOutput == "write failed: Broken pipe\n")
    }

    @Test("futexes in a single-threaded process behave as under qemu-riscv64 (the host's futexes)", arguments: TestEngine.allCases)
    func futexes(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("futex")
        let morph = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(morph.status == 0, "\(morph.errorOutput)")
        #expect(morph.output == qemu.output)
        #expect(morph.output.contains("wake_op add: 0, second word 0x13\n"))
        #expect(morph.output.contains("wait 30 ms: ETIMEDOUT\n  took at least 30 ms: 1\n"))
        #expect(morph.output.hasSuffix("misaligned: EINVAL\nunmapped: EFAULT\n"))
    }

    @Test("code generated at run time runs, and runs again after a rewrite and a cache flush", arguments: TestEngine.allCases)
    func selfModifyingCode(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("self_modifying")
        let morph = try GuestPrograms.run(engine: engine, program, options: ["--stats"])
        let qemu = try GuestPrograms.qemu(program)
        #expect(morph.status == 0)
        #expect(morph.output == qemu.output)
        #expect(morph.output == "first: 11\nafter rewrite and clear_cache: 22\nafter rewrite and fence.i: 33\n"
                + "64 generated functions sum to 2016\n")
        // mprotect of code, riscv_flush_icache and fence.i each dropped the decoded code.
        let invalidations = try #require(morph.errorOutput.firstMatch(of: /decode-cache invalidations: (\d+)/)?.1)
        #expect(Int(invalidations)! >= 66)
    }

    /// The translator write-protects writable pages that hold translated code: a write there drops the
    /// page's translations and lets the write proceed, and a page written over and over switches to
    /// blocks that check their code on entry instead of faulting forever. jit_same_page keeps code and
    /// written data on one page (and stores into it from that code), jit_heap rewrites its code buffers.
    @Test("writes to pages of translated code are caught, and a page written often is checked instead",
          arguments: ["jit_same_page", "jit_heap"])
    func writesToTranslatedCode(name: String) throws {
        try GuestManifest.built.get()
        let program = GuestManifest.buildDirectory.appendingPathComponent(name).path
        let morph = try GuestPrograms.run(engine: .jit, program, ["2000"], options: ["--stats"])
        let qemu = try GuestPrograms.qemu(program, ["2000"])
        #expect(morph.status == 0, "\(morph.errorOutput)")
        #expect(morph.output == qemu.output)
        let writes = try #require(morph.errorOutput.firstMatch(of: /writes to translated code: (\d+)/)?.1)
        let checked = try #require(morph.errorOutput.firstMatch(of: /code pages checked on entry: (\d+)/)?.1)
        #expect(Int(writes)! >= 8)
        #expect(Int(checked)! >= 1)
    }

    /// `--verify` runs every translated block against the interpreter on a copy of the state: programs
    /// with floating point, atomics and code written at run time pass it, with the same results.
    @Test("--verify checks every block against the interpreter", arguments: ["fp_instructions", "atomics", "jit_heap"])
    func verifyMode(name: String) throws {
        try GuestManifest.built.get()
        let program = GuestManifest.buildDirectory.appendingPathComponent(name).path
        let morph = try GuestPrograms.run(engine: .jit, program, options: ["--verify", "--stats"])
        let qemu = try GuestPrograms.qemu(program)
        #expect(morph.status == qemu.status, "\(morph.errorOutput)")
        #expect(morph.output == qemu.output)
        let verified = try #require(morph.errorOutput.firstMatch(of: /blocks verified: (\d+)/)?.1)
        #expect(Int(verified)! > 1000)
    }

    /// A code cache far too small for the program (code_churn calls thousands of generated functions):
    /// the translator flushes it and refills it again and again, and the results stay the same.
    @Test("a full code cache is flushed and refilled")
    func codeCacheOverflow() throws {
        try GuestManifest.built.get()
        let program = GuestManifest.buildDirectory.appendingPathComponent("code_churn").path
        let morph = try GuestPrograms.run(engine: .jit, program, ["3000"], options: ["--stats", "--code-cache", "64K"])
        let qemu = try GuestPrograms.qemu(program, ["3000"])
        #expect(morph.status == 0, "\(morph.errorOutput)")
        #expect(morph.output == qemu.output)
        let flushes = try #require(morph.errorOutput.firstMatch(of: /code-cache flushes: (\d+)/)?.1)
        #expect(Int(flushes)! >= 10)
    }

    @Test("calling code that was unmapped is a SIGSEGV at that address", arguments: TestEngine.allCases)
    func unmappedCode(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("self_modifying")
        let morph = try GuestPrograms.run(engine: engine, program, ["unmapped"])
        #expect(morph.status == 139)
        #expect(try GuestPrograms.qemu(program, ["unmapped"]).status == 139)
        let report = try #require(parseReport(morph.errorOutput.trimmingCharacters(in: .newlines)))
        #expect(report.signal == "SIGSEGV")
        #expect(report.detail == "address 0x\(String(report.pc, radix: 16))")
    }

    @Test("a file mapping touched beyond the end of the file is a SIGBUS; exit 135", arguments: TestEngine.allCases)
    func busErrorBeyondEndOfFile(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("sigbus")
        let morph = try GuestPrograms.run(engine: engine, program)
        #expect(morph.status == 135)
        #expect(try GuestPrograms.qemu(program).status == 135)
        #expect(morph.output.hasPrefix("first byte s, byte 100 is 0\n"))
        let beyond = try #require(morph.output.firstMatch(of: /beyond: 0x([0-9a-f]+)/)?.1)
        let report = try #require(parseReport(morph.errorOutput.trimmingCharacters(in: .newlines)))
        #expect(report.signal == "SIGBUS")
        #expect(report.detail == "address 0x\(beyond)")
        #expect(report.instruction == (try objdumpText(of: program, at: report.pc)))
    }

    @Test("hostile arguments to every system call number never crash Morph (with and without --strace)",
          arguments: [false, true], TestEngine.allCases)
    func hostileArguments(strace: Bool, engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("syscall_fuzz")
        // A fresh working directory: relative paths the guest might produce land there.
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-fuzz-\(getpid())-\(strace)-\(engine)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try GuestPrograms.run(engine: engine, program, options: strace ? ["--strace"] : [],
                                           currentDirectory: directory.path)
        #expect(result.status == 0)
        #expect(result.output == "survived 3130 calls (most failed, as expected)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        if strace {
            let lines = result.errorOutput.split(separator: "\n")
            #expect(lines.count > 3130)
            #expect(lines.last == "+++ exited with 0 +++")
            #expect(lines.contains("syscall_0x1ff(0x3e8, 0x1000, 0xffffffff, 0xffffffffffffffff, 0x8000000000000000, "
                                   + "0xfffffffffffff000) = -1 ENOSYS (Function not implemented)"))
        } else {
            #expect(result.errorOutput.isEmpty)
        }
    }

    @Test("signal handlers: siginfo, masks, pending signals, nesting, sigaltstack, faults caught, sigreturn", arguments: TestEngine.allCases)
    func signalHandlers(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("signals")
        let morph = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(morph.status == 0, "\(morph.errorOutput)")
        #expect(morph.output == qemu.output)
        #expect(morph.output == """
            raise: count 1, signal USR1, code SI_TKILL 1, from self 1, blocked inside 1, fp intact 1
            kill: count 2, code SI_USER 1
            blocked: count 2, pending 1
            unblocked: count 3, pending 0
            nodefer+resethand: count 4, blocked inside 0, reset to default 1
            nested: inner handler ran inside the outer one 1, count 5
            ignored: count 5
            sigaltstack: handler ran on it 1
            sigaltstack: still set, not on it now 1
            SIGSEGV: caught 1, address 16 1, SEGV_MAPERR 1
            SIGSEGV: read-only page, address right 1, SEGV_ACCERR 1
            SIGSEGV: siglongjmp restored the mask 1
            SIGILL: skipped, signal ILL, saved pc was the instruction 1

            """)
    }

    @Test("a signal mask set before morph starts is the guest's initial mask, as across execve", arguments: TestEngine.allCases)
    func inheritedSignalMask(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("signals")
        let script = "use POSIX; sigprocmask(SIG_SETMASK, POSIX::SigSet->new(SIGUSR1)) or die; exec {$ARGV[0]} @ARGV"
        let morph = try ProcessRunner.run("/usr/bin/perl", ["-e", script, TestPaths.morph, "run"] + engine.options + [program])
        let qemu = try ProcessRunner.run("/usr/bin/perl", ["-e", script, GuestToolchain.qemu, program])
        #expect(morph.status == 0)
        #expect(morph.output == qemu.output)
        // SIGUSR1 stays blocked until the program unblocks it in step 3. Then it arrives twice: pending for
        // the thread (raise, twice: standard signals do not queue) and for the process (kill), two sets.
        #expect(morph.output.hasPrefix("raise: count 0, signal (null), code SI_TKILL 0"))
        #expect(morph.output.contains("blocked: count 0, pending 1\nunblocked: count 2, pending 0\n"))
    }

    @Test("--strace shows signals as they are delivered and rt_sigreturn", arguments: TestEngine.allCases)
    func straceSignals(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("signals")
        let result = try GuestPrograms.run(engine: engine, program, options: ["--strace"])
        #expect(result.status == 0)
        let lines = result.errorOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=") })
        #expect(lines.contains { $0.hasPrefix("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=") })
        #expect(lines.contains("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---"))
        #expect(lines.contains { $0.hasPrefix("--- SIGILL {si_signo=SIGILL, si_code=ILL_ILLOPC, si_addr=0x") })
        #expect(lines.contains("rt_sigreturn({mask=[]})                 = 0"))
        #expect(lines.last == "+++ exited with 0 +++")
    }

    @Test("abort() and a failed assert end the program with SIGABRT (134), as under qemu-riscv64", arguments: TestEngine.allCases)
    func abortEndsWithSIGABRT(engine: TestEngine) throws {
        let program = try GuestPrograms.build(["Tests/Guest/syscalls/abort.c"], output: "syscalls-abort")
        for mode in ["abort", "assert", "handler-returns"] {
            let morph = try GuestPrograms.run(engine: engine, program, [mode])
            let qemu = try GuestPrograms.qemu(program, [mode])
            #expect(morph.status == 134)
            #expect(morph.status == qemu.status)
            #expect(morph.output == qemu.output)
            #expect(morph.errorOutput.hasSuffix("morph: guest terminated by SIGABRT\n"))
        }
    }

    @Test("--max-instructions stops the program with status 124", arguments: TestEngine.allCases)
    func instructionLimit(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("enosys")
        let result = try GuestPrograms.run(engine: engine, program, options: ["--max-instructions", "1000"])
        #expect(result.status == 124)
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.hasPrefix("morph: error: instruction limit of 1000 reached at pc 0x"))
    }
}
