// `--stats`: what an engine did, printed to standard error at exit in one fixed format that
// bench/run parses ("key: value" lines under a header).
import Glibc
import MorphCore

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The statistics block of a run: engine, guest instructions, wall time, guest MIPS, then the engine's
/// own counters.
func statisticsReport(engine: any ExecutionEngine, kind: EngineKind, seconds: Double,
                      allThreads: (instructions: UInt64, threads: Int)? = nil) -> String {
    let instructions = allThreads?.instructions ?? engine.executedInstructions
    let mips = seconds > 0 ? Double(instructions) / seconds / 1e6 : 0
    var report = """
        --- morph statistics ---
        engine: \(kind)
        guest instructions: \(instructions)
        wall time: \(RunCommand.fixed(seconds, decimals: 3)) s
        guest MIPS: \(RunCommand.fixed(mips, decimals: 1))

        """
    // With several threads, the counters below are the main thread's engine's (each thread has its own).
    if let allThreads, allThreads.threads > 1 {
        report += "threads: \(allThreads.threads) (the engine counters below are the main thread's)\n"
        report += "main thread's guest instructions: \(engine.executedInstructions)\n"
    }
    for statistic in engine.statistics { report += "\(statistic.name): \(statistic.value)\n" }
    return report
}
