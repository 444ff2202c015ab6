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
func statisticsReport(engine: any ExecutionEngine, kind: EngineKind, seconds: Double) -> String {
    let instructions = engine.executedInstructions
    let mips = seconds > 0 ? Double(instructions) / seconds / 1e6 : 0
    var report = """
        --- morph statistics ---
        engine: \(kind)
        guest instructions: \(instructions)
        wall time: \(RunCommand.fixed(seconds, decimals: 3)) s
        guest MIPS: \(RunCommand.fixed(mips, decimals: 1))

        """
    for statistic in engine.statistics { report += "\(statistic.name): \(statistic.value)\n" }
    return report
}
