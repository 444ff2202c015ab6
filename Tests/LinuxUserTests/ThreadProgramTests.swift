// Guest threads (clone(2), futex(2), pthreads(7)): the thread programs of Tests/Guest/linux (listed in
// manifest.tsv, so each also runs once per engine against qemu-riscv64 in GuestProgramTests) run again
// here where one run proves little: the eight-thread stress program must print the same result every
// time (Scripts/thread-stress runs it as often as asked).
import Foundation
import Testing
import TestSupport

/// Guest programs whose result under an engine is not yet what qemu-riscv64 gives, with the reason.
enum KnownThreadIssues {
    /// The programs that hammer lr/sc from several threads at once.
    static let lrscHeavy: Set<String> = ["thread_stress"]

    /// Why `program` may differ under `engine`, or nil when it must not.
    static func reason(program: String, engine: TestEngine) -> String? {
        // known: the translator's sc.w/sc.d is a plain store once the reservation address matches (not a
        // compare-and-swap against the value lr loaded), so two threads' lr/sc loops can both succeed and
        // an update or a mutex hand-over is lost (glibc's lll_lock asserts, counters come out short).
        // Reproduction: 8 threads each incrementing one word 1,000,000 times with lr.w/addiw/sc.w print
        // 8000000 under qemu-riscv64 and the interpreter, 1.6M-6.4M under --engine jit.
        guard engine == .jit, lrscHeavy.contains(program) else { return nil }
        return "the translator's sc is not atomic across threads"
    }
}

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
        let check = {
            #expect(failures.isEmpty, "\(failures.count) of \(ThreadProgramTests.stressRuns) runs differ; first: \(failures.first ?? "")")
        }
        if let reason = KnownThreadIssues.reason(program: "thread_stress", engine: engine) {
            withKnownIssue(Comment(rawValue: reason), isIntermittent: true) { check() }
        } else {
            check()
        }
    }
}
