// `--stats`: what an engine did, printed to standard error at exit in one fixed format that
// bench/run parses ("key: value" lines under a header).
import Glibc
import Interpreter

/// `value` with exactly `digits` decimals (no Foundation needed).
func fixed(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled) - whole * Int(scale)
    let text = String(fraction)
    return digits == 0 ? String(whole) : "\(whole).\(String(repeating: "0", count: digits - text.count))\(text)"
}

/// Measures wall time and reports engine counters.
struct RunStatistics {
    private let start = RunStatistics.now()

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The statistics block for an interpreter run.
    func report(_ interpreter: Interpreter) -> String {
        let seconds = RunStatistics.now() - start
        let instructions = interpreter.executedInstructions
        let mips = seconds > 0 ? Double(instructions) / seconds / 1e6 : 0
        return """
            --- morph statistics ---
            engine: interpreter
            guest instructions: \(instructions)
            wall time: \(fixed(seconds, digits: 3)) s
            guest MIPS: \(fixed(mips, digits: 1))
            decoded pages: \(interpreter.decodedPages)
            decode-cache invalidations: \(interpreter.invalidations)
            \(translationLines(interpreter))
            """
    }

    /// The address translator's counters (system mode), one line each, or nothing.
    private func translationLines(_ interpreter: Interpreter) -> String {
        guard let translator = interpreter.translator else { return "" }
        return "page-table walks: \(translator.walks)\nTLB flushes: \(translator.flushes)\n"
    }
}
