// futex(2) for guest threads (Linux man-pages futex(2); kernel/futex/waitwake.c and requeue.c for what
// the operations return, the FUTEX_WAKE_OP encoding and the order of the checks). Morph keeps its own
// wait queues keyed by guest address: a waiting guest thread sleeps on its host condition variable, so
// a wake, a signal sent to the process or the end of the process (exit_group, a fatal signal) reaches it.
// Every futex is private to the process (a MAP_SHARED futex shared with another process is not
// supported), so FUTEX_PRIVATE_FLAG changes nothing.
import CMorphSupport
import Glibc
import MorphCore

/// futex(2) operations and flags (include/uapi/linux/futex.h).
enum FutexOperation {
    /// `FUTEX_WAIT`.
    static let wait: Int32 = 0
    /// `FUTEX_WAKE`.
    static let wake: Int32 = 1
    /// `FUTEX_REQUEUE`.
    static let requeue: Int32 = 3
    /// `FUTEX_CMP_REQUEUE`.
    static let compareRequeue: Int32 = 4
    /// `FUTEX_WAKE_OP`.
    static let wakeOperation: Int32 = 5
    /// `FUTEX_WAIT_BITSET`.
    static let waitBitset: Int32 = 9
    /// `FUTEX_WAKE_BITSET`.
    static let wakeBitset: Int32 = 10
    /// `FUTEX_PRIVATE_FLAG`.
    static let privateFlag: Int32 = 128
    /// `FUTEX_CLOCK_REALTIME`.
    static let clockRealtime: Int32 = 256
    /// `FUTEX_BITSET_MATCH_ANY`: the bitset of FUTEX_WAIT and FUTEX_WAKE.
    static let matchAny: UInt32 = 0xffff_ffff
}

/// One thread's futex wait; every field is guarded by the process's `FutexTable` lock.
final class FutexWaiter {
    /// Signalled when the waiter is woken, requeued, interrupted, or the process ends.
    let condition = HostCondition()
    /// The guest address it waits on (changed by a requeue).
    var address: UInt64 = 0
    /// The FUTEX_WAIT_BITSET bits (all ones for FUTEX_WAIT).
    var bitset: UInt32 = FutexOperation.matchAny
    /// Set by the wake that chose it.
    var woken = false
}

/// The futex wait queues of a process: FIFO lists of waiters by guest address, under one lock (taken
/// before the address-space and state locks when nested).
final class FutexTable {
    /// Guards the queues and every waiter's fields.
    let lock = HostLock()
    /// Waiters by the address they wait on, oldest first.
    private var queues: [UInt64: [FutexWaiter]] = [:]

    /// Adds `waiter` to the queue of `address` (lock held).
    func enqueue(_ waiter: FutexWaiter, at address: UInt64, bitset: UInt32) {
        waiter.address = address
        waiter.bitset = bitset
        waiter.woken = false
        queues[address, default: []].append(waiter)
    }

    /// Takes `waiter` out of its queue if it is still in one (lock held).
    func remove(_ waiter: FutexWaiter) {
        guard var queue = queues[waiter.address], let index = queue.firstIndex(where: { $0 === waiter }) else {
            return
        }
        queue.remove(at: index)
        queues[waiter.address] = queue.isEmpty ? nil : queue
    }

    /// Wakes waiters on `address` whose bitset shares a bit with `bitset`, oldest first: at least one and
    /// at most `count` (as the kernel's futex_wake counts). Returns how many (lock held).
    func wake(_ address: UInt64, count: Int32, bitset: UInt32) -> Int32 {
        guard var queue = queues[address] else { return 0 }
        var woken: Int32 = 0
        var index = 0
        while index < queue.count {
            let waiter = queue[index]
            guard waiter.bitset & bitset != 0 else {
                index += 1
                continue
            }
            queue.remove(at: index)
            waiter.woken = true
            waiter.condition.signal()
            woken += 1
            if woken >= count { break }
        }
        queues[address] = queue.isEmpty ? nil : queue
        return woken
    }

    /// Wakes up to `wakeCount` waiters on `address` and moves up to `requeueCount` of the others to
    /// `target`. Returns both counts together (lock held).
    func requeue(_ address: UInt64, to target: UInt64, wakeCount: Int32, requeueCount: Int32) -> Int32 {
        var total = wakeCount > 0 ? wake(address, count: wakeCount, bitset: FutexOperation.matchAny) : 0
        guard requeueCount > 0, address != target, var queue = queues[address] else { return total }
        let moved = queue.prefix(Int(requeueCount))
        queue.removeFirst(moved.count)
        queues[address] = queue.isEmpty ? nil : queue
        for waiter in moved {
            waiter.address = target
            queues[target, default: []].append(waiter)
        }
        total += Int32(moved.count)
        return total
    }

    /// Wakes every waiter so it looks again at why it waits (a signal was raised, or the process ended).
    func interruptWaiters() {
        lock.withLock {
            for queue in queues.values { for waiter in queue { waiter.condition.signal() } }
        }
    }

    /// Wakes every waiter: the process has ended.
    func wakeEveryone() { interruptWaiters() }

    /// In the child of fork(2): the waiters were other threads of the parent, which the child does not
    /// have; forgets them and makes the lock usable.
    func forgetWaitersAfterFork() {
        lock.reinitializeAfterFork()
        queues = [:]
    }
}

extension LinuxThread {
    /// futex(uaddr, futex_op, val, timeout or val2, uaddr2, val3).
    func futex(_ a: SyscallArguments) -> SyscallResult {
        let address = a[0]
        let command = a.int32(1)
        let operation = command & ~(FutexOperation.privateFlag | FutexOperation.clockRealtime)
        let realtime = command & FutexOperation.clockRealtime != 0
        // FUTEX_CLOCK_REALTIME is only for the waits (kernel/futex/syscalls.c: futex_cmd_has_timeout).
        if realtime, operation != FutexOperation.wait, operation != FutexOperation.waitBitset {
            return .failure(.ENOSYS)
        }
        switch operation {
        case FutexOperation.wait, FutexOperation.waitBitset:
            let bitset = operation == FutexOperation.wait ? FutexOperation.matchAny : a.uint32(5)
            guard bitset != 0 else { return .failure(.EINVAL) }
            var deadline: timespec? = nil
            if a[3] != 0 {
                switch waitDeadline(a[3], absolute: operation == FutexOperation.waitBitset, realtime: realtime) {
                case .failure(let error): return .failure(error)
                case .success(let value): deadline = value
                }
            }
            guard address % 4 == 0 else { return .failure(.EINVAL) }
            return wait(on: address, expected: a.uint32(2), bitset: bitset, deadline: deadline)
        case FutexOperation.wake, FutexOperation.wakeBitset:
            let bitset = operation == FutexOperation.wake ? FutexOperation.matchAny : a.uint32(5)
            guard bitset != 0 else { return .failure(.EINVAL) }
            guard address % 4 == 0 else { return .failure(.EINVAL) }
            let futexes = process.futexes
            return .success(UInt64(futexes.lock.withLock { futexes.wake(address, count: a.int32(2), bitset: bitset) }))
        case FutexOperation.requeue, FutexOperation.compareRequeue:
            let wakeCount = a.int32(2), requeueCount = Int32(truncatingIfNeeded: a.int64(3)), target = a[4]
            guard wakeCount >= 0, requeueCount >= 0 else { return .failure(.EINVAL) }
            guard address % 4 == 0, target % 4 == 0 else { return .failure(.EINVAL) }
            let futexes = process.futexes
            return futexes.lock.withLock {
                if operation == FutexOperation.compareRequeue {
                    guard let current = space.load(address, as: UInt32.self) else { return .failure(.EFAULT) }
                    guard current == a.uint32(5) else { return .failure(.EAGAIN) }
                }
                return .success(UInt64(futexes.requeue(address, to: target, wakeCount: wakeCount,
                                                       requeueCount: requeueCount)))
            }
        case FutexOperation.wakeOperation:
            return wakeOperation(a)
        default:
            return .failure(.ENOSYS)  // priority-inheritance futexes and the rest
        }
    }

    /// The CLOCK_MONOTONIC deadline of a wait's timeout: FUTEX_WAIT's is relative, FUTEX_WAIT_BITSET's
    /// absolute on CLOCK_MONOTONIC or (FUTEX_CLOCK_REALTIME) CLOCK_REALTIME.
    private func waitDeadline(_ address: UInt64, absolute: Bool, realtime: Bool) -> Result<timespec, LinuxError> {
        guard let seconds = space.load(address, as: Int64.self),
              let nanoseconds = space.load(address + 8, as: Int64.self) else { return .failure(.EFAULT) }
        guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .failure(.EINVAL) }
        let timeout = timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds))
        let now = HostClock.now()
        guard absolute else { return .success(HostClock.adding(HostClock.difference(timeout, timespec()), to: now)) }
        guard realtime else { return .success(timeout) }
        return .success(HostClock.adding(HostClock.difference(timeout, HostClock.now(CLOCK_REALTIME)), to: now))
    }

    /// FUTEX_WAIT / FUTEX_WAIT_BITSET: sleeps while `address` holds `expected` until a wake that matches
    /// `bitset` (0), the deadline (ETIMEDOUT), a signal this thread can take (EINTR), or the end of the
    /// process. EAGAIN at once if the word holds something else.
    private func wait(on address: UInt64, expected: UInt32, bitset: UInt32, deadline: timespec?) -> SyscallResult {
        let futexes = process.futexes
        let waiter = futexWait
        futexes.lock.lock()
        defer { futexes.lock.unlock() }
        // Checked under the futex lock: a waker changes the word first and then takes the lock to wake,
        // so it cannot slip between this check and the sleep.
        guard let current = space.load(address, as: UInt32.self) else { return .failure(.EFAULT) }
        guard current == expected else { return .failure(.EAGAIN) }
        futexes.enqueue(waiter, at: address, bitset: bitset)
        while true {
            if waiter.woken { return .success(0) }
            if process.exitRequested.load(ordering: .acquiring) || hasDeliverableSignal() {
                futexes.remove(waiter)
                return .failure(.EINTR)
            }
            if let deadline, HostClock.isAtOrAfter(HostClock.now(), deadline) {
                futexes.remove(waiter)
                return .failure(.ETIMEDOUT)
            }
            waiter.condition.wait(futexes.lock, until: deadline)
        }
    }

    /// FUTEX_WAKE_OP: `oldval = *uaddr2; *uaddr2 = oldval OP oparg` atomically, then wake up to val
    /// waiters on uaddr and, if `oldval CMP cmparg` holds, up to val2 on uaddr2. Returns how many woke.
    private func wakeOperation(_ a: SyscallArguments) -> SyscallResult {
        let address = a[0], second = a[4], encoded = a.uint32(5)
        guard address % 4 == 0, second % 4 == 0 else { return .failure(.EINVAL) }
        let operation = (encoded >> 28) & 7
        var argument = UInt32(bitPattern: Int32(bitPattern: encoded << 8) >> 20)  // sign-extended 12 bits
        let comparison = (encoded >> 24) & 15
        let comparand = Int32(bitPattern: encoded << 20) >> 20
        if (encoded >> 28) & 8 != 0 {  // FUTEX_OP_OPARG_SHIFT
            guard argument < 32 else { return .failure(.EINVAL) }
            argument = 1 << argument
        }
        guard operation <= 4 else { return .failure(.ENOSYS) }
        let futexes = process.futexes
        return futexes.lock.withLock {
            guard space.isAccessible(second, length: 4, write: true) else { return .failure(.EFAULT) }
            space.beforeHostWrite?(second, second + 4)
            let host = memory.hostAddress(second)
            var old: UInt32
            repeat {
                old = morph_atomic_load_32(host)
                let new: UInt32 = switch operation {
                case 0: argument             // FUTEX_OP_SET
                case 1: old &+ argument      // FUTEX_OP_ADD
                case 2: old | argument       // FUTEX_OP_OR
                case 3: old & ~argument      // FUTEX_OP_ANDN
                default: old ^ argument      // FUTEX_OP_XOR
                }
                if morph_atomic_compare_exchange_32(host, old, new) { break }
            } while true
            var woken = futexes.wake(address, count: a.int32(2), bitset: FutexOperation.matchAny)
            let signedOld = Int32(bitPattern: old)
            let holds = switch comparison {
            case 0: signedOld == comparand   // FUTEX_OP_CMP_EQ
            case 1: signedOld != comparand   // FUTEX_OP_CMP_NE
            case 2: signedOld < comparand    // FUTEX_OP_CMP_LT
            case 3: signedOld <= comparand   // FUTEX_OP_CMP_LE
            case 4: signedOld > comparand    // FUTEX_OP_CMP_GT
            case 5: signedOld >= comparand   // FUTEX_OP_CMP_GE
            default: false
            }
            if holds { woken += futexes.wake(second, count: Int32(truncatingIfNeeded: a.int64(3)), bitset: FutexOperation.matchAny) }
            return .success(UInt64(woken))
        }
    }
}
