// The benchmark workloads (bench/workloads.tsv) run correctly under every engine: each is built for
// riscv64 and natively, run once at its small test scale under the native build and under `morph run`,
// and the checksums must agree. Nothing here is timed: speed is measured by bench/run only.
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct BenchmarkChecksumTests {
    /// Workload names from bench/workloads.tsv.
    static let workloads: [String] = {
        let table = TestPaths.packageRoot.appendingPathComponent("bench/workloads.tsv")
        guard let text = try? String(contentsOf: table, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).first.map(String.init)
        }.filter { !$0.isEmpty }
    }()

    @Test func theWorkloadListIsThere() {
        #expect(BenchmarkChecksumTests.workloads.count >= 11)
    }

    @Test(arguments: BenchmarkChecksumTests.workloads, TestEngine.allCases)
    func checksumMatchesNative(workload: String, engine: TestEngine) throws {
        try GuestToolchain.ensureInstalled()
        var environment = ProcessInfo.processInfo.environment
        environment["MORPH"] = TestPaths.morph
        let script = TestPaths.packageRoot.appendingPathComponent("bench/run").path
        let result = try ProcessRunner.run(
            "/usr/bin/env", ["python3", script, "--check-only", "--scale", "test", "--engines", "native,\(engine)",
                             "--no-save", "--only", workload],
            environment: environment)
        // bench/run reports on standard error.
        let lines = result.errorOutput.split(separator: "\n").filter { $0.hasPrefix("check \(workload) ") }
        #expect(result.status == 0, "\(result.output)\n\(result.errorOutput)")
        // One line per engine, each ending in "ok" after the checksum.
        #expect(lines.count == 2, "\(result.errorOutput)")
        for line in lines {
            #expect(line.contains(" ok"), "\(line)")
        }
    }
}
