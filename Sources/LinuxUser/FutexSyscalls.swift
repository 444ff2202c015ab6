// futex(2) for a process with one thread (Linux man-pages futex(2); kernel/futex/waitwake.c for the
// FUTEX_WAKE_OP encoding). glibc and libstdc++ use futexes even without threads (call_once, static
// initialisation guards, locks released with a wake): with nobody else to wake or be woken, a wake
// wakes nobody, a wait either fails at once (the value changed) or sleeps out its timeout, and
// FUTEX_WAKE_OP still performs its operation on the second word.
import Glibc

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
}

extension LinuxProcess {
    /// futex(uaddr, futex_op, val, timeout or val2, uaddr2, val3).
    func futex(_ a: SyscallArguments) -> SyscallResult {
        let address = a[0]
        let operation = a.int32(1) & ~(FutexOperation.privateFlag | FutexOperation.clockRealtime)
        guard address % 4 == 0 else { return .failure(.EINVAL) }
        guard let current = space.load(address, as: UInt32.self) else { return .failure(.EFAULT) }
        switch operation {
        case FutexOperation.wait, FutexOperation.waitBitset:
            if operation == FutexOperation.waitBitset, a.uint32(5) == 0 { return .failure(.EINVAL) }
            guard current == a.uint32(2) else { return .failure(.EAGAIN) }
            return waitAlone(timeout: a[3], absolute: operation == FutexOperation.waitBitset,
                             realtime: a.int32(1) & FutexOperation.clockRealtime != 0)
        case FutexOperation.wake, FutexOperation.wakeBitset:
            if operation == FutexOperation.wakeBitset, a.uint32(5) == 0 { return .failure(.EINVAL) }
            return .success(0)  // no other thread waits
        case FutexOperation.requeue:
            return .success(0)
        case FutexOperation.compareRequeue:
            return current == a.uint32(5) ? .success(0) : .failure(.EAGAIN)
        case FutexOperation.wakeOperation:
            return wakeOperation(on: a[4], encoded: a.uint32(5))
        default:
            return .failure(.ENOSYS)  // priority-inheritance futexes and the rest
        }
    }

    /// A FUTEX_WAIT that nobody can end early: it sleeps out its timeout (ETIMEDOUT), or forever without
    /// one, as the same program would on Linux.
    private func waitAlone(timeout address: UInt64, absolute: Bool, realtime: Bool) -> SyscallResult {
        guard address != 0 else {
            while true { Glibc.pause() }
        }
        guard let seconds = space.load(address, as: Int64.self),
              let nanoseconds = space.load(address + 8, as: Int64.self) else { return .failure(.EFAULT) }
        guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .failure(.EINVAL) }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds))
        // FUTEX_WAIT's timeout is relative (on CLOCK_MONOTONIC); FUTEX_WAIT_BITSET's is absolute.
        let clock = realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC
        while true {
            let wanted = request
            let error = withUnsafePointer(to: wanted) {
                Glibc.clock_nanosleep(clock, absolute ? TIMER_ABSTIME : 0, $0, &request)
            }
            if error == 0 { return .failure(.ETIMEDOUT) }
            if error != EINTR { return .failure(LinuxError(error)) }
        }
    }

    /// FUTEX_WAKE_OP: `oldval = *uaddr2; *uaddr2 = oldval OP oparg`, then wake (nobody) on either word.
    private func wakeOperation(on address: UInt64, encoded: UInt32) -> SyscallResult {
        guard address % 4 == 0 else { return .failure(.EINVAL) }
        guard let old = space.load(address, as: UInt32.self) else { return .failure(.EFAULT) }
        let operation = (encoded >> 28) & 7
        var argument = UInt32(bitPattern: Int32(bitPattern: encoded << 8) >> 20)  // sign-extended 12 bits
        if (encoded >> 28) & 8 != 0 {  // FUTEX_OP_OPARG_SHIFT
            guard argument < 32 else { return .failure(.EINVAL) }
            argument = 1 << argument
        }
        let new: UInt32
        switch operation {
        case 0: new = argument             // FUTEX_OP_SET
        case 1: new = old &+ argument      // FUTEX_OP_ADD
        case 2: new = old | argument       // FUTEX_OP_OR
        case 3: new = old & ~argument      // FUTEX_OP_ANDN
        case 4: new = old ^ argument       // FUTEX_OP_XOR
        default: return .failure(.ENOSYS)
        }
        guard space.store(new, at: address) else { return .failure(.EFAULT) }
        return .success(0)
    }
}
