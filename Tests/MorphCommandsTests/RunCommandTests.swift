// `morph run` as a command: argument passing, standard streams, exit statuses, --stats, and refusing
// what it cannot run (a dynamically linked program without its interpreter, a file that is not a riscv64
// executable).
import Foundation
import Testing
import TestSupport

@Suite("morph run")
struct RunCommandTests {
    private static let lock = NSLock()

    /// Compiles a small C program for the guest (serialised: parallel tests share the build folder).
    func guest(_ name: String, _ source: String, flags: [String] = ["-O2", "-static"]) throws -> String {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let directory = TestPaths.guestBuildDirectory.appendingPathComponent("run-command-sources")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name + ".c")
        if (try? String(contentsOf: file, encoding: .utf8)) != source {
            try source.write(to: file, atomically: true, encoding: .utf8)
        }
        return try GuestToolchain.compile([file.path], output: "run-command-" + name, flags: flags)
    }

    func morph(_ arguments: [String], input: Data = Data()) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.morph, arguments, input: input)
    }

    static let echo = """
        #include <stdio.h>
        #include <string.h>
        int main(int argc, char **argv) {
            char line[256];
            for (int i = 1; i < argc; i++) printf("[%s]", argv[i]);
            printf("\\n");
            while (fgets(line, sizeof line, stdin)) { for (char *p = line; *p; p++) if (*p >= 'a' && *p <= 'z') *p -= 32; fputs(line, stdout); }
            fprintf(stderr, "to stderr\\n");
            return argc == 1 ? 0 : (int)strlen(argv[argc - 1]);
        }
        """

    @Test("arguments (including ones that look like options) reach the guest; stdin, stdout, stderr are the process's")
    func argumentsAndStreams() throws {
        let program = try guest("echo", Self.echo)
        let result = try morph(["run", program, "-x", "--strace", "two words", "12345"],
                               input: Data("hello\nworld\n".utf8))
        #expect(result.output == "[-x][--strace][two words][12345]\nHELLO\nWORLD\n")
        #expect(result.errorOutput == "to stderr\n")
        #expect(result.status == 5)
    }

    @Test("the guest's exit status is morph's", arguments: [0, 1, 42, 255])
    func exitStatus(status: Int) throws {
        let program = try guest("exit_status", """
            #include <stdlib.h>
            int main(int argc, char **argv) { exit(atoi(argv[1])); }
            """)
        #expect(try morph(["run", program, String(status)]).status == Int32(status))
    }

    @Test("the raw exit system call (93) ends the program with its status, like exit_group (94)")
    func rawExitSystemCall() throws {
        let program = try guest("raw_exit", """
            #include <stdio.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            int main(void) { printf("unflushed"); syscall(SYS_exit, 300); return 1; }
            """)
        let result = try morph(["run", program])
        #expect(result.status == 300 & 0xff)
        #expect(result.output.isEmpty)  // exit does not flush stdio buffers
    }

    @Test("--stats prints the statistics block to stderr")
    func statistics() throws {
        let program = try guest("exit_status", """
            #include <stdlib.h>
            int main(int argc, char **argv) { exit(atoi(argv[1])); }
            """)
        let result = try morph(["run", "--stats", "--engine", "interp", program, "3"])
        #expect(result.status == 3)
        let pattern = /--- morph statistics ---\nengine: interpreter\nguest instructions: (\d+)\nwall time: \d+\.\d{3} s\nguest MIPS: \d+\.\d\ndecoded pages: (\d+)\ndecode-cache invalidations: (\d+)\n/
        let match = try #require(result.errorOutput.wholeMatch(of: pattern), "\(result.errorOutput)")
        #expect(Int(match.1)! > 1000)
        #expect(Int(match.2)! > 0)
    }

    /// Each thread has its own engine: the instruction count covers them all, and the block says how
    /// many threads ran and what the main thread's engine did alone.
    @Test("--stats counts the instructions of every thread", arguments: ["interp", "jit"])
    func statisticsOfThreads(engine: String) throws {
        let program = try guest("four_threads", """
            #include <pthread.h>
            static volatile long sink;
            static void *work(void *argument) { for (long i = 0; i < 200000; i++) sink += i; return argument; }
            int main(void) {
                pthread_t threads[4];
                for (int i = 0; i < 4; i++) pthread_create(&threads[i], 0, work, 0);
                for (int i = 0; i < 4; i++) pthread_join(threads[i], 0);
                return 0;
            }
            """, flags: ["-O2", "-static", "-pthread"])
        let result = try morph(["run", "--stats", "--engine", engine, program])
        #expect(result.status == 0, "\(result.errorOutput)")
        let total = try #require(result.errorOutput.firstMatch(of: /\nguest instructions: (\d+)\n/), "\(result.errorOutput)")
        let main = try #require(result.errorOutput.firstMatch(of: /\nmain thread's guest instructions: (\d+)\n/),
                                "\(result.errorOutput)")
        #expect(result.errorOutput.contains("\nthreads: 5 (the engine counters below are the main thread's)\n"),
                "\(result.errorOutput)")
        // Four loops of 200,000 iterations ran outside the main thread.
        #expect(Int(total.1)! >= Int(main.1)! + 4 * 200_000, "\(result.errorOutput)")
    }

    @Test("a dynamically linked program runs with its interpreter from --sysroot")
    func dynamicallyLinked() throws {
        let program = try guest("dynamic", "#include <stdio.h>\nint main(void) { puts(\"dynamic\"); return 4; }",
                                flags: ["-O2"])
        let result = try morph(["run", "--sysroot", GuestToolchain.sysroot, program])
        #expect(result.status == 4, "\(result.errorOutput)")
        #expect(result.output == "dynamic\n")
    }

    @Test("a dynamically linked program whose interpreter is missing exits 127 with a clear message",
          .enabled(if: !FileManager.default.fileExists(atPath: "/lib/ld-linux-riscv64-lp64d.so.1")))
    func missingInterpreter() throws {
        let program = try guest("dynamic", "#include <stdio.h>\nint main(void) { puts(\"dynamic\"); return 4; }",
                                flags: ["-O2"])
        let result = try morph(["run", "--sysroot", "/nonexistent-sysroot", program])
        #expect(result.status == 127)
        #expect(result.errorOutput.hasPrefix("morph: error: \(program): cannot execute: its interpreter "
                                             + "/lib/ld-linux-riscv64-lp64d.so.1 was not found (tried "
                                             + "/nonexistent-sysroot/lib/ld-linux-riscv64-lp64d.so.1, "))
        #expect(result.errorOutput.contains("--sysroot"))
        #expect(result.errorOutput.split(separator: "\n").count == 1)
        #expect(result.output.isEmpty)
    }

    @Test("files that are not riscv64 executables are refused", arguments: ["text", "x86-64", "object", "no-exec"])
    func notExecutable(kind: String) throws {
        let directory = TestPaths.guestBuildDirectory.appendingPathComponent("run-command-inputs")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path: String
        let expected: String
        switch kind {
        case "text":
            path = directory.appendingPathComponent("script.txt").path
            try "echo hello\n".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
            expected = "not a riscv64 ELF program"
        case "x86-64":
            path = "/bin/true"
            expected = "for x86-64, not RISC-V"
        case "object":
            let output = directory.appendingPathComponent("object.o").path
            let source = directory.appendingPathComponent("object.c").path
            try "int f(void) { return 1; }\n".write(toFile: source, atomically: true, encoding: .utf8)
            try GuestToolchain.ensureInstalled()
            let compiled = try ProcessRunner.run(GuestToolchain.cc, ["-c", source, "-o", output])
            #expect(compiled.status == 0)
            chmod(output, 0o755)
            path = output
            expected = "relocatable object"
        default:
            let program = try guest("exit_status", """
                #include <stdlib.h>
                int main(int argc, char **argv) { exit(atoi(argv[1])); }
                """)
            path = directory.appendingPathComponent("not-executable").path
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: program, toPath: path)
            chmod(path, 0o644)
            expected = "Permission denied"
        }
        let result = try morph(["run", path])
        #expect(result.status == 126)
        #expect(result.errorOutput.hasPrefix("morph: error: \(path): cannot execute"))
        #expect(result.errorOutput.contains(expected), "\(result.errorOutput)")
        #expect(result.errorOutput.split(separator: "\n").count == 1)
    }

    @Test("a missing program exits 127")
    func missingProgram() throws {
        let result = try morph(["run", "/nonexistent/program"])
        #expect(result.status == 127)
        #expect(result.errorOutput == "morph: error: /nonexistent/program: no such file\n")
    }

    @Test("an unknown engine is an argument error")
    func unknownEngine() throws {
        let result = try morph(["run", "--engine", "warp", "/bin/true"])
        #expect(result.status == 64)
        #expect(result.errorOutput.contains("warp"))
    }
}
