// Host synchronization for guest threads (POSIX.1-2017 pthread_mutex_init(3), pthread_cond_init(3),
// pthread_condattr_setclock(3), pthread_key_create(3)): a mutex, a condition variable that waits against
// CLOCK_MONOTONIC, and the key that tells a host thread which guest thread it runs. Each guest thread is
// one host thread (see ../shared/guide/ARCHITECTURE.md, "Threads").
import Glibc

/// A host mutex (`pthread_mutex_t` at a fixed address), optionally recursive.
package final class HostLock: @unchecked Sendable {
    /// The mutex, allocated once and never moved.
    fileprivate let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// A mutex; a `recursive` one may be locked again by the thread that holds it.
    package init(recursive: Bool = false) {
        mutex = .allocate(capacity: 1)
        isRecursive = recursive
        HostLock.initialize(mutex, recursive: recursive)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Whether the mutex is recursive.
    private let isRecursive: Bool

    /// Makes the mutex unlocked again in a child of fork(2), whatever state another host thread of the
    /// parent left it in (that thread does not exist in the child).
    package func reinitializeAfterFork() { HostLock.initialize(mutex, recursive: isRecursive) }

    private static func initialize(_ mutex: UnsafeMutablePointer<pthread_mutex_t>, recursive: Bool) {
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        if recursive { pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE)) }
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    /// Takes the mutex.
    package func lock() { pthread_mutex_lock(mutex) }
    /// Releases the mutex.
    package func unlock() { pthread_mutex_unlock(mutex) }

    /// Runs `body` with the mutex held.
    @inline(__always)
    package func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// A host condition variable whose timed waits use CLOCK_MONOTONIC.
package final class HostCondition: @unchecked Sendable {
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// A condition variable.
    package init() {
        condition = .allocate(capacity: 1)
        HostCondition.initialize(condition)
    }

    /// Forgets the waiters of the parent in a child of fork(2): they were other host threads, which do
    /// not exist in the child, and signalling a condition they still appear to wait on could block.
    package func reinitializeAfterFork() { HostCondition.initialize(condition) }

    private static func initialize(_ condition: UnsafeMutablePointer<pthread_cond_t>) {
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
    }

    /// Waits (with `lock` held) until signalled or until the CLOCK_MONOTONIC time `deadline` (nil: no
    /// limit). Returns false when the deadline passed. Spurious wake-ups return true: callers re-check.
    @discardableResult
    package func wait(_ lock: HostLock, until deadline: timespec? = nil) -> Bool {
        guard var deadline else {
            pthread_cond_wait(condition, lock.mutex)
            return true
        }
        return pthread_cond_timedwait(condition, lock.mutex, &deadline) != ETIMEDOUT
    }

    /// Wakes one waiter.
    package func signal() { pthread_cond_signal(condition) }
    /// Wakes every waiter.
    package func broadcast() { pthread_cond_broadcast(condition) }
}

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
