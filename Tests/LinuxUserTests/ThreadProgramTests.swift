// Guest threads (clone(2), futex(2), pthreads(7)): the thread programs of Tests/Guest/linux (listed in
// manifest.tsv, so each also runs once per engine against qemu-riscv64 in GuestProgramTests) run again
// here where one run proves little: the eight-thread stress program must print the same result every
// time (Scripts/thread-stress runs it as often as asked).
import Foundation
import Testing
import TestSupport

@Suite("Guest threads (repeated runs)")
struct ThreadProgramTests {
    /// Runs of the stress program per engine in `swift test`.
    static let stressRuns = 20

    @Test("the 8-thread stress program prints the same result as qemu-riscv64 on every run",
          arguments: TestEngine.allCases)
    func stressIsDeterministic(engine: TestEngine) throws {
        try GuestManifest.built.get()
        let binary = GuestManifest.buildDirectory.appendingPathComponent("thread_stress").path
        let expected = try GuestPrograms.qemu(binary)
        #expect(expected.status == 0)
        var failures: [String] = []
        for run in 1...ThreadProgramTests.stressRuns {
            let result = try GuestPrograms.run(engine: engine, binary)
            if result.status != expected.status || result.output != expected.output {
                failures.append("run \(run): status \(result.status), output:\n\(result.output)\(result.errorOutput)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(ThreadProgramTests.stressRuns) runs differ; first: \(failures.first ?? "")")
    }

    /// `--strace` of a threaded program: once a second thread exists every line names its thread, as
    /// `strace -f` prefixes `[pid N]`; a thread's lines carry the id clone returned for it.
    @Test("--strace names the thread of each line once there are several", arguments: TestEngine.allCases)
    func straceNamesThreads(engine: TestEngine) throws {
        try GuestManifest.built.get()
        let binary = GuestManifest.buildDirectory.appendingPathComponent("thread_create_join").path
        let result = try GuestPrograms.run(engine: engine, binary, options: ["--strace"])
        #expect(result.status == 0)
        let lines = result.errorOutput.split(separator: "\n").map(String.init)
        let firstClone = try #require(lines.firstIndex { $0.contains("clone(") }, "no clone in the trace")
        let firstPrefixed = try #require(lines.firstIndex { $0.hasPrefix("[pid ") }, "no line names its thread")
        // Single-threaded, lines are plain; the prefixes start with the first clone (the new thread's
        // first line may come before the clone line that reports it).
        #expect(firstPrefixed > 0 && firstPrefixed <= firstClone, "first prefixed line \(firstPrefixed), first clone \(firstClone)")
        let threadIDs = Set(lines.compactMap { line -> String? in
            guard line.hasPrefix("[pid "), let end = line.firstIndex(of: "]") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 5)..<end])
        })
        #expect(threadIDs.count >= 2, "lines from at least two threads")
        let cloned = lines.compactMap { line -> String? in
            guard line.contains("clone("), let equals = line.range(of: "= ", options: .backwards) else { return nil }
            return String(line[equals.upperBound...])
        }
        #expect(!cloned.isEmpty && cloned.allSatisfy { threadIDs.contains($0) }, "each new thread's own lines")
    }
}
