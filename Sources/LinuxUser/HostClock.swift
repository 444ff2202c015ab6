// Host clocks for guest threads' timed waits (POSIX.1-2017 clock_gettime(3)). The mutex and condition
// variable they wait with (HostLock, HostCondition) are MorphCore's, shared with the engines. Each guest
// thread is one host thread (see ../shared/guide/ARCHITECTURE.md, "Threads").
import Glibc

/// Times on CLOCK_MONOTONIC and CLOCK_REALTIME as `timespec` values.
enum HostClock {
    /// The current time of `clock`.
    static func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> timespec {
        var time = timespec()
        clock_gettime(clock, &time)
        return time
    }

    /// `time` plus `nanoseconds` (which may be negative), normalised.
    static func adding(_ nanoseconds: Int64, to time: timespec) -> timespec {
        let total = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) + nanoseconds
        let seconds = total >= 0 ? total / 1_000_000_000 : (total - 999_999_999) / 1_000_000_000
        return timespec(tv_sec: Int(seconds), tv_nsec: Int(total - seconds * 1_000_000_000))
    }

    /// `a - b` in nanoseconds.
    static func difference(_ a: timespec, _ b: timespec) -> Int64 {
        (Int64(a.tv_sec) - Int64(b.tv_sec)) * 1_000_000_000 + Int64(a.tv_nsec) - Int64(b.tv_nsec)
    }

    /// Whether `a` is at or after `b`.
    static func isAtOrAfter(_ a: timespec, _ b: timespec) -> Bool { difference(a, b) >= 0 }
}
