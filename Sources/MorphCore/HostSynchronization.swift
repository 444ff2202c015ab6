// Host synchronization (POSIX.1-2017 pthread_mutex_init(3), pthread_cond_init(3),
// pthread_condattr_setclock(3)): a mutex and a condition variable that waits against CLOCK_MONOTONIC,
// at fixed addresses. Guest threads are host threads (see ../shared/guide/ARCHITECTURE.md, "Threads"):
// Linux user mode guards its process state with these, and the engines what the threads of one address
// space share (GuestMemory.sharedEngineState, the translator's code-page protection); and which RISC-V
// fences need a host fence (The RISC-V Instruction Set Manual, Volume I, 2.7 "Memory Ordering
// Instructions"; Intel SDM Vol. 3A, 8.2.2).
import Glibc
import RISCV

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

/// How a RISC-V `fence` maps onto x86-64's memory order.
package enum HostMemoryOrder {
    /// Whether `fence` needs a host fence (mfence): x86 keeps every order but store -> load, so only a
    /// fence ordering earlier writes (pred W) before later reads (succ R) does; fence.tso (fm = 1000)
    /// orders exactly what x86 already keeps. Both engines ask this.
    package static func needsHostFence(_ fence: Instruction) -> Bool {
        let fields = UInt32(bitPattern: fence.immediate) & 0xfff
        let predecessorWrites = (fields >> 4) & 1 != 0, successorReads = fields & 2 != 0
        return predecessorWrites && successorReads && fields >> 8 != 0b1000
    }
}
