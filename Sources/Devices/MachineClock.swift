// The machine's time base: the `mtime` counter of the RISC-V privileged architecture (The RISC-V
// Instruction Set Manual, Volume II, 3.2.1 "Machine Timer Registers (mtime and mtimecmp)": "mtime must
// increment at constant frequency, and the platform must provide a mechanism for determining the period
// of an mtime tick"; the device tree's `timebase-frequency` states it) and the signal that wakes a
// waiting hart (3.3.3 "Wait for Interrupt").
import Glibc
import MorphCore

/// A counter at a fixed frequency, from the host's CLOCK_MONOTONIC.
package final class MachineClock: @unchecked Sendable {
    /// Ticks per second (QEMU's virt board: 10 MHz).
    package let frequency: UInt64
    /// The host time of tick 0, in nanoseconds.
    private let startNanoseconds: UInt64
    /// Added to the host-derived count (a write to mtime moves the counter).
    private var offset: UInt64 = 0

    /// The frequency of QEMU's virt board, which its device tree states as `timebase-frequency`.
    package static let virtFrequency: UInt64 = 10_000_000

    /// A clock at `frequency` ticks per second, starting at 0 now.
    package init(frequency: UInt64 = MachineClock.virtFrequency) {
        precondition(frequency > 0 && frequency <= 1_000_000_000, "the clock runs at 1 Hz to 1 GHz")
        self.frequency = frequency
        startNanoseconds = MachineClock.hostNanoseconds()
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    package static func hostNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Nanoseconds per tick, as a ratio (exact for frequencies dividing 10^9).
    private func ticks(fromNanoseconds nanoseconds: UInt64) -> UInt64 {
        nanoseconds.multipliedFullWidth(by: frequency).high == 0
            ? nanoseconds &* frequency / 1_000_000_000
            : nanoseconds / 1_000_000_000 &* frequency
    }

    /// The current count.
    package var ticks: UInt64 {
        ticks(fromNanoseconds: MachineClock.hostNanoseconds() &- startNanoseconds) &+ offset
    }

    /// Sets the current count to `value` (a write to mtime).
    package func setTicks(_ value: UInt64) {
        offset = value &- ticks(fromNanoseconds: MachineClock.hostNanoseconds() &- startNanoseconds)
    }

    /// The host CLOCK_MONOTONIC time, in nanoseconds, at which the count reaches `deadline` (now or in
    /// the past when it already has; far in the future, saturated, for a deadline that never comes).
    package func hostNanoseconds(atTick deadline: UInt64) -> UInt64 {
        let now = MachineClock.hostNanoseconds()
        let current = ticks
        guard deadline > current else { return now }
        let remaining = deadline - current
        let (product, overflow) = remaining.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let nanoseconds = (product + frequency - 1) / frequency
        let (sum, sumOverflow) = now.addingReportingOverflow(nanoseconds)
        return sumOverflow ? .max : sum
    }
}

/// Wakes the machine's thread from a wait (`wfi`) when a device has news (console input arrived).
package final class DeviceEvents: @unchecked Sendable {
    private let lock = HostLock()
    private let condition = HostCondition()
    /// Set by `signal`, cleared by the wait that sees it.
    private var signalled = false

    /// A signal nobody has raised.
    package init() {}

    /// Raises the signal (from any thread).
    package func signal() {
        lock.withLock {
            signalled = true
            condition.signal()
        }
    }

    /// Sleeps until the signal is raised or CLOCK_MONOTONIC reaches `deadline` nanoseconds; returns
    /// whether the signal was raised (and clears it).
    @discardableResult
    package func wait(untilHostNanoseconds deadline: UInt64) -> Bool {
        lock.withLock {
            let time = timespec(tv_sec: Int(min(deadline / 1_000_000_000, UInt64(Int.max))),
                                tv_nsec: Int(deadline % 1_000_000_000))
            while !signalled {
                if MachineClock.hostNanoseconds() >= deadline { break }
                if !condition.wait(lock, until: time) { break }
            }
            let raised = signalled
            signalled = false
            return raised
        }
    }
}
