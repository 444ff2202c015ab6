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
}
