// Processes: fork, vfork, execve, wait4, waitid, process groups and sessions, prctl, with the guest
// programs of Tests/Guest/process run under `morph run` by both engines and compared with qemu-riscv64
// (same stdout, same exit status). execve of a riscv64 program cannot be compared: qemu-riscv64 hands
// it to the host kernel, which cannot run it without binfmt_misc, so exec_program's expectation is
// Linux's, kept in exec_program.expected.
import Foundation
import Testing
import TestSupport

@Suite("Linux processes (guest programs)")
struct ProcessProgramTests {
    /// Compiles `Tests/Guest/process/<name>.c`.
    static func processProgram(_ name: String) throws -> String {
        try GuestPrograms.build(["Tests/Guest/process/\(name).c"], output: "process-\(name)",
                                flags: ["-O2", "-static", "-pthread"])
    }

    /// Runs `name` under Morph (`engine`) and qemu-riscv64 and expects the same output and status 0.
    private func expectSameAsQemu(_ name: String, engine: TestEngine,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let program = try Self.processProgram(name)
        let morph = try GuestPrograms.run(engine: engine, program)
        let qemu = try GuestPrograms.qemu(program)
        #expect(morph.status == 0, "\(morph.errorOutput)", sourceLocation: sourceLocation)
        #expect(morph.status == qemu.status, sourceLocation: sourceLocation)
        #expect(morph.output == qemu.output, sourceLocation: sourceLocation)
        return morph.output
    }

    @Test("fork and wait4: exit statuses, children killed by signals, WNOHANG, copied and shared memory",
          arguments: TestEngine.allCases)
    func forkAndWait(engine: TestEngine) throws {
        let output = try expectSameAsQemu("fork_wait", engine: engine)
        #expect(output.contains("exit(300), waited right pid 1: exited 44\n"))
        #expect(output.contains("kill(child, 9): killed by signal 9\n"))
        #expect(output.contains("child writes through NULL: killed by signal 11\n"))
        #expect(output.contains("child raises SIGTERM: killed by signal 15\n"))
        #expect(output.contains("after the child wrote 42: shared 42, private 1, heap 1\n"))
    }

    @Test("a parent and its child over pipes and a socketpair; vfork", arguments: TestEngine.allCases)
    func pipesBetweenProcesses(engine: TestEngine) throws {
        let output = try expectSameAsQemu("fork_pipe", engine: engine)
        #expect(output.contains("pipe answer: [HELLO CHILD, PIPES BETWEEN PROCESSES] (36 bytes)\n"))
        #expect(output.contains("socketpair answer: [OVER A SOCKETPAIR] (17 bytes)\n"))
        #expect(output.contains("child line on the shared stdout\nparent line after the child's\n"))
        #expect(output.contains("vfork child wrote 1 byte 'v' and exited 6\n"))
    }

    @Test("waitid and stopped or continued children", arguments: TestEngine.allCases)
    func waitForStoppedChildren(engine: TestEngine) throws {
        let output = try expectSameAsQemu("waitid_stop", engine: engine)
        #expect(output.contains("P_ALL after SIGINT: signo 17 pid-right 1 code CLD_KILLED status 2\n"))
        #expect(output.contains("WUNTRACED: right pid 1, stopped 1 by signal 19\n"))
        #expect(output.contains("waitid WCONTINUED: signo 17 pid-right 1 code CLD_CONTINUED status 18\n"))
    }

    @Test("process groups and sessions: setpgid, getpgid, setsid, getsid, kill of a group", arguments: TestEngine.allCases)
    func processGroups(engine: TestEngine) throws {
        let output = try expectSameAsQemu("process_groups", engine: engine)
        #expect(output.contains("grandchild: setsid made session and group 1, setpgid across sessions EPERM 1\n"))
        #expect(output.contains("children killed by SIGTERM: 3\n"))
    }

    @Test("prctl thread names and the parent-death signal", arguments: TestEngine.allCases)
    func threadNames(engine: TestEngine) throws {
        let output = try expectSameAsQemu("prctl_name", engine: engine)
        #expect(output.contains("truncated [a-name-longer-t] length 15\n"))
        #expect(output.contains("new thread starts as [main]\nthread renamed itself [worker]\nmain still [main]\n"))
        #expect(output.contains("fork child inherits [main]\n"))
    }

    @Test("execve of a riscv64 program, of #! scripts, of an x86-64 program (ENOEXEC); posix_spawn",
          arguments: TestEngine.allCases)
    func execute(engine: TestEngine) throws {
        let program = try Self.processProgram("exec_program")
        let morph = try GuestPrograms.run(engine: engine, program)
        #expect(morph.status == 0, "\(morph.errorOutput)")
        let expected = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(
            "Tests/Guest/process/exec_program.expected"), encoding: .utf8)
        #expect(morph.output == expected)
    }

    @Test("kill to self, alarm and setitimer, sigsuspend, sigtimedwait, SA_RESTART, SIGCHLD", arguments: TestEngine.allCases)
    func signalWaits(engine: TestEngine) throws {
        let output = try expectSameAsQemu("signal_waits", engine: engine)
        #expect(output.contains("alarm: pause returned -1 EINTR 1, SIGALRM handled 1\n"))
        #expect(output.contains("sigsuspend returned -1 EINTR 1, handled SIGUSR2 1, still blocked after 1\n"))
        #expect(output.contains("sigtimedwait for a child's signal: 12, from the child 1, SI_USER 1\n"))
        #expect(output.contains("read with SA_RESTART 1: 4 late\nread with SA_RESTART 0: -1 EINTR\n"))
    }

    /// Starts the program as a background job of a non-interactive shell (SIGINT ignored), sends the host
    /// process SIGINT once the guest's handler is installed, then SIGTERM; prints the shell's status.
    private func externalSignals(runner: [String]) throws -> String {
        let program = try Self.processProgram("signal_external")
        let script = """
            directory=$(mktemp -d) || exit 1
            program=$1; shift
            "$@" "$program" "$directory/ready" "$directory/handled" > "$directory/out" &
            guest=$!
            for attempt in $(seq 1200); do [ -f "$directory/ready" ] && break; sleep 0.05; done
            kill -INT $guest
            for attempt in $(seq 1200); do [ -f "$directory/handled" ] && break; sleep 0.05; done
            kill -TERM $guest
            wait $guest
            echo "status $?"
            cat "$directory/out"
            rm -rf "$directory"
            """
        return try GuestPrograms.launch("/bin/bash", ["-c", script, "external", program] + runner, input: Data(),
                                        environment: nil, currentDirectory: nil).output
    }

    @Test("SIGINT from outside reaches the guest's handler though the job started with it ignored; SIGTERM ends it with 143",
          arguments: TestEngine.allCases)
    func signalsFromOutside(engine: TestEngine) throws {
        let morph = try externalSignals(runner: [TestPaths.morph, "run"] + engine.options)
        try GuestToolchain.ensureInstalled()
        let qemu = try externalSignals(runner: [GuestToolchain.qemu])
        #expect(morph == qemu)
        #expect(morph == "status 143\nSIGINT ignored at start: 1\nSIGINT reached the handler: 1\n")
    }
}
