// Shared pieces of the subcommands: one-line errors and size parsing.
import ArgumentParser
import Glibc

/// Prints `morph: error: <message>` to standard error and returns the exit code to throw.
func failure(_ message: String, status: Int32 = 1) -> ExitCode {
    writeStandardError("morph: error: \(message)\n")
    return ExitCode(status)
}

/// Writes a string to standard error, unbuffered.
func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
}

/// A byte count given as `128M`, `1G`, `64MiB`, `4096` or `16k`.
struct ByteSize: ExpressibleByArgument, Sendable {
    /// The number of bytes.
    let bytes: UInt64

    /// Parses an argument.
    init?(argument: String) {
        var text = argument.lowercased()
        for suffix in ["ib", "b"] where text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        var shift: UInt64 = 0
        if let last = text.last, let power = ["k": 10, "m": 20, "g": 30][String(last)] {
            shift = UInt64(power)
            text.removeLast()
        }
        guard let value = UInt64(text), value > 0, value.leadingZeroBitCount > shift else { return nil }
        bytes = value << shift
    }
}
