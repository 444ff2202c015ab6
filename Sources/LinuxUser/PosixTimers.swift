// POSIX per-process timers (Linux man-pages: timer_create(2), timer_settime(2), timer_getoverrun(2),
// timer_delete(2), sigevent(7); kernel/time/posix-timers.c for the checks and the siginfo of SI_TIMER).
//
// The timers are Morph's own: one host service thread per process (started with the first timer)
// sleeps on a condition variable until the earliest expiry and then raises the timer's guest signal
// the way tgkill and kill do (`LinuxProcess.raise`), with si_code SI_TIMER, si_timerid, si_overrun and
// si_value, and interrupts the blocking host call of the thread that will take it. Host timers cannot
// be used: their signal would be a host signal, and glibc's SIGEV_THREAD signal (32) is the host
// glibc's own. SIGEV_THREAD needs nothing more: the guest's glibc runs it on SIGEV_THREAD_ID.
//
// Clocks: CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME (as monotonic) and CLOCK_PROCESS_CPUTIME_ID
// (Morph's own CPU time, which is the guest process's, checked at least every millisecond while such
// a timer runs). An absolute CLOCK_REALTIME expiry is converted to the monotonic clock when it is set
// (a later change of the wall clock does not move it). Others, CLOCK_THREAD_CPUTIME_ID included, are
// EINVAL. Timers are not inherited by fork(2) children, and end with execve(2) (a new Morph).
//
// Layouts (riscv64, the same as x86-64): `struct sigevent` is sigev_value (8 bytes), sigev_signo (4),
// sigev_notify (4), then the union whose first int is sigev_notify_thread_id; `struct itimerspec` is
// four 64-bit words (interval, then value); the kernel's timer id is an int.
import Glibc
import MorphCore

/// One timer_create timer.
struct PosixTimer {
    /// The clock it measures (CLOCK_*).
    var clock: clockid_t
    /// SIGEV_SIGNAL (0), SIGEV_NONE (1) or SIGEV_THREAD_ID (4).
    var notification: Int32
    /// The signal sent at each expiry.
    var signal: Int32
    /// sigev_value, passed in si_value.
    var value: UInt64
    /// The thread that takes the signal (SIGEV_THREAD_ID), 0 for the process.
    var targetThread: Int32
    /// The next expiry in nanoseconds of the timer's base clock (`PosixTimerTable.baseNow`), nil when
    /// disarmed.
    var expiry: Int64? = nil
    /// The period in nanoseconds (0: one shot).
    var interval: Int64 = 0
    /// Expiries since the signal was last queued that found it still pending (or missed periods).
    var overrun: Int64 = 0
    /// The overrun count of the last delivered signal (timer_getoverrun).
    var lastOverrun: Int64 = 0

    /// Whether the timer measures process CPU time rather than elapsed time.
    var measuresProcessTime: Bool { clock == CLOCK_PROCESS_CPUTIME_ID }
}

/// The process's timers and the service thread that fires them.
final class PosixTimerTable {
    /// Guards everything below.
    let lock = HostLock()
    /// Signalled when a timer is set or deleted (the service thread recomputes its wait).
    let changed = HostCondition()
    /// The timers by id (a new timer takes the lowest free id, from 0).
    var timers: [Int32: PosixTimer] = [:]
    /// Whether the service thread runs (in this host process).
    var serviceRunning = false

    /// Linux's per-process limit is RLIMIT_SIGPENDING; this keeps a runaway guest bounded.
    static let maximumTimers = 4096

    /// The timer's base clock now, in nanoseconds: process CPU time or CLOCK_MONOTONIC.
    static func baseNow(processTime: Bool) -> Int64 {
        let time = HostClock.now(processTime ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// In a fork(2) child: no timers, no service thread, usable locks.
    func forgetAfterFork() {
        lock.reinitializeAfterFork()
        changed.reinitializeAfterFork()
        timers = [:]
        serviceRunning = false
    }
}

extension LinuxProcess {
    /// si_code of a timer's signal.
    static let timerSignalCode: Int32 = -2

    /// The clock a timer_create clock id means, nil when not supported: the fixed clocks, and the
    /// process CPU clock id of this process (clock_getcpuclockid(3): pid 0 or our own in the bits above
    /// the low three, CPUCLOCK_SCHED, as glibc passes for CLOCK_PROCESS_CPUTIME_ID).
    private static func timerClock(_ clock: clockid_t) -> clockid_t? {
        if clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC || clock == CLOCK_BOOTTIME
            || clock == CLOCK_PROCESS_CPUTIME_ID { return clock }
        guard clock < 0, clock & 7 == 2 else { return nil }  // a process (not thread) clock, CPUCLOCK_SCHED
        let pid = ~(clock >> 3)
        return pid == 0 || pid == Glibc.getpid() ? CLOCK_PROCESS_CPUTIME_ID : nil
    }

    /// timer_create(clockid, sevp, timerid).
    func posixTimerCreate(_ a: SyscallArguments) -> SyscallResult {
        guard let clock = LinuxProcess.timerClock(clockid_t(a.int32(0))) else { return .failure(.EINVAL) }
        var timer = PosixTimer(clock: clock, notification: 0, signal: SIGALRM, value: 0, targetThread: 0)
        var valueGiven = false
        if a[1] != 0 {
            guard let bytes = space.read(a[1], length: 20) else { return .failure(.EFAULT) }
            timer.value = bytes.littleEndianWord(at: 0)
            timer.signal = Int32(bitPattern: UInt32(truncatingIfNeeded: bytes.littleEndianWord(at: 8)))
            timer.notification = Int32(bitPattern: UInt32(truncatingIfNeeded: bytes.littleEndianWord(at: 8) >> 32))
            let threadID = Int32(bitPattern: UInt32(truncatingIfNeeded: bytes.littleEndianWord(at: 12) >> 32))
            valueGiven = true
            // SIGEV_THREAD (2) is glibc's own: the kernel refuses it (glibc passes SIGEV_THREAD_ID).
            switch timer.notification {
            case 1: break  // SIGEV_NONE
            case 0, 4:  // SIGEV_SIGNAL, SIGEV_THREAD_ID
                guard timer.signal >= 1, timer.signal <= 64 else { return .failure(.EINVAL) }
                if timer.notification == 4 {
                    let known = stateLock.withLock { threads[threadID] != nil }
                    guard known else { return .failure(.EINVAL) }
                    timer.targetThread = threadID
                }
            default: return .failure(.EINVAL)
            }
        }
        let identifier: Int32? = posixTimers.lock.withLock {
            guard posixTimers.timers.count < PosixTimerTable.maximumTimers else { return nil }
            var candidate: Int32 = 0
            while posixTimers.timers[candidate] != nil { candidate += 1 }
            if !valueGiven { timer.value = UInt64(candidate) }  // no sigevent: si_value is the timer id
            posixTimers.timers[candidate] = timer
            return candidate
        }
        guard let identifier else { return .failure(.EAGAIN) }
        guard space.store(UInt32(bitPattern: identifier), at: a[2]) else {
            posixTimers.lock.withLock { posixTimers.timers[identifier] = nil }
            return .failure(.EFAULT)
        }
        return .success(0)
    }

    /// Reads a guest `struct itimerspec` as (interval, value) in nanoseconds, checked as
    /// `timespec64_valid` does (EINVAL for negative seconds or nanoseconds out of range).
    private func guestTimerSpecification(_ address: UInt64) -> Result<(Int64, Int64), LinuxError> {
        guard let bytes = space.read(address, length: 32) else { return .failure(.EFAULT) }
        let words = (0..<4).map { Int64(bitPattern: bytes.littleEndianWord(at: $0 * 8)) }
        for index in [0, 2] where words[index] < 0 || words[index + 1] < 0 || words[index + 1] >= 1_000_000_000 {
            return .failure(.EINVAL)
        }
        func nanoseconds(_ seconds: Int64, _ fraction: Int64) -> Int64 {
            seconds > Int64.max / 1_000_000_000 - 1 ? Int64.max / 2 : seconds * 1_000_000_000 + fraction
        }
        return .success((nanoseconds(words[0], words[1]), nanoseconds(words[2], words[3])))
    }

    /// The guest `struct itimerspec` of `timer` now: interval and time left.
    private static func timerSpecification(_ timer: PosixTimer) -> [UInt8] {
        var left: Int64 = 0
        if let expiry = timer.expiry {
            left = max(1, expiry - PosixTimerTable.baseNow(processTime: timer.measuresProcessTime))
        }
        return [UInt8](pair: (UInt64(timer.interval / 1_000_000_000), UInt64(timer.interval % 1_000_000_000)))
            + [UInt8](pair: (UInt64(left / 1_000_000_000), UInt64(left % 1_000_000_000)))
    }

    /// timer_settime(timerid, flags, new_value, old_value): TIMER_ABSTIME (1) makes the value a time of
    /// the timer's clock; a zero value disarms.
    func posixTimerSetTime(_ a: SyscallArguments) -> SyscallResult {
        let identifier = a.int32(0)
        guard a[2] != 0 else { return .failure(.EINVAL) }
        let specification: (interval: Int64, value: Int64)
        switch guestTimerSpecification(a[2]) {
        case .failure(let error): return .failure(error)
        case .success(let value): specification = value
        }
        let absolute = a.int32(1) & 1 != 0
        let old: [UInt8]? = posixTimers.lock.withLock {
            guard var timer = posixTimers.timers[identifier] else { return nil }
            let previous = LinuxProcess.timerSpecification(timer)
            timer.interval = specification.value == 0 ? 0 : specification.interval
            timer.overrun = 0
            if specification.value == 0 {
                timer.expiry = nil
            } else {
                let now = PosixTimerTable.baseNow(processTime: timer.measuresProcessTime)
                var delay = specification.value
                if absolute {
                    let clockNow = HostClock.now(timer.clock)
                    delay = specification.value - (Int64(clockNow.tv_sec) * 1_000_000_000 + Int64(clockNow.tv_nsec))
                }
                timer.expiry = now + max(delay, 0)
            }
            // Under the timers' lock, so the service thread cannot fire the new setting before this.
            discardTimerSignal(identifier)
            posixTimers.timers[identifier] = timer
            if timer.expiry != nil { startTimerService() }
            posixTimers.changed.broadcast()
            return previous
        }
        guard let old else { return .failure(.EINVAL) }
        signalDescriptorsChanged()
        if a[3] != 0, !space.write(old, at: a[3]) { return .failure(.EFAULT) }
        return .success(0)
    }

    /// timer_gettime(timerid, curr_value).
    func posixTimerGetTime(_ a: SyscallArguments) -> SyscallResult {
        let current = posixTimers.lock.withLock {
            posixTimers.timers[a.int32(0)].map(LinuxProcess.timerSpecification)
        }
        guard let current else { return .failure(.EINVAL) }
        return space.write(current, at: a[1]) ? .success(0) : .failure(.EFAULT)
    }

    /// timer_getoverrun(timerid): the overrun count of the last signal delivered, at most INT_MAX.
    func posixTimerGetOverrun(_ a: SyscallArguments) -> SyscallResult {
        let overrun = posixTimers.lock.withLock { posixTimers.timers[a.int32(0)]?.lastOverrun }
        guard let overrun else { return .failure(.EINVAL) }
        return .success(UInt64(min(overrun, Int64(Int32.max))))
    }

    /// timer_delete(timerid).
    func posixTimerDelete(_ a: SyscallArguments) -> SyscallResult {
        let removed = posixTimers.lock.withLock {
            let removed = posixTimers.timers.removeValue(forKey: a.int32(0)) != nil
            if removed { discardTimerSignal(a.int32(0)) }
            posixTimers.changed.broadcast()
            return removed
        }
        guard removed else { return .failure(.EINVAL) }
        signalDescriptorsChanged()
        return .success(0)
    }

    /// Whether `information` is the siginfo of timer `identifier`'s signal.
    private static func isSignal(of identifier: Int32, _ information: [UInt8]?) -> Bool {
        guard let information, information.count >= 20 else { return false }
        return Int32(bitPattern: UInt32(truncatingIfNeeded: information.littleEndianWord(at: 8))) == timerSignalCode
            && Int32(bitPattern: UInt32(truncatingIfNeeded: information.littleEndianWord(at: 16))) == identifier
    }

    /// Drops the pending signal of timer `identifier` (set again or deleted), as Linux 6.13 and later
    /// do (posixtimer_deliver_signal ignores a signal whose timer changed since it was queued); older
    /// kernels may still deliver it, so a program cannot rely on either. With `posixTimers.lock` held.
    private func discardTimerSignal(_ identifier: Int32) {
        stateLock.withLock {
            for signal in Int32(1)...64 where LinuxProcess.isSignal(of: identifier, processPending.information[signal]) {
                processPending.discard(signal)
            }
            for thread in threads.values {
                for signal in Int32(1)...64 where LinuxProcess.isSignal(of: identifier, thread.threadPending.information[signal]) {
                    thread.threadPending.discard(signal)
                }
            }
        }
    }

    /// Completes the siginfo of a timer signal being delivered (or read from a signalfd): si_overrun
    /// is the count gathered since it was queued, which timer_getoverrun then reports.
    func completeTimerSignal(_ information: inout [UInt8]) {
        guard information.count >= 32,
              Int32(bitPattern: UInt32(truncatingIfNeeded: information.littleEndianWord(at: 8))) == LinuxProcess.timerSignalCode
        else { return }
        let identifier = Int32(bitPattern: UInt32(truncatingIfNeeded: information.littleEndianWord(at: 16)))
        let overrun: Int64 = posixTimers.lock.withLock {
            guard var timer = posixTimers.timers[identifier] else { return 0 }
            timer.lastOverrun = timer.overrun
            timer.overrun = 0
            posixTimers.timers[identifier] = timer
            return timer.lastOverrun
        }
        information.putLittleEndian(UInt32(min(overrun, Int64(Int32.max))), at: 20)
    }

    // MARK: The service thread

    /// Starts the service thread if it does not run yet (with `posixTimers.lock` held).
    private func startTimerService() {
        guard !posixTimers.serviceRunning else { return }
        posixTimers.serviceRunning = true
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        // The service thread must never take a guest's host signal: it blocks them all.
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var host = pthread_t()
        let context = Unmanaged.passUnretained(self).toOpaque()
        let error = pthread_create(&host, &attributes, { context in
            Unmanaged<LinuxProcess>.fromOpaque(context!).takeUnretainedValue().serveTimers()
            return nil
        }, context)
        if error != 0 { posixTimers.serviceRunning = false }
    }

    /// The service thread: fires every timer whose expiry has come, then sleeps until the next one.
    private func serveTimers() {
        // Signals raised and not yet taken: the interruption that wakes the taker can come just before
        // it enters its blocking host call, so it is repeated until the signal is gone.
        var nudges: [(signal: Int32, thread: Int32)] = []
        posixTimers.lock.lock()
        while !exitRequested.load(ordering: .acquiring) {
            let monotonic = PosixTimerTable.baseNow(processTime: false)
            var processTime: Int64? = nil
            var wait = Int64.max
            var fired: [(identifier: Int32, timer: PosixTimer)] = []
            for (identifier, var timer) in posixTimers.timers {
                guard let expiry = timer.expiry else { continue }
                let now: Int64
                if timer.measuresProcessTime {
                    if processTime == nil { processTime = PosixTimerTable.baseNow(processTime: true) }
                    now = processTime!
                } else {
                    now = monotonic
                }
                if now >= expiry {
                    if timer.interval > 0 {
                        let missed = (now - expiry) / timer.interval
                        timer.overrun += missed
                        timer.expiry = expiry + (missed + 1) * timer.interval
                    } else {
                        timer.expiry = nil
                    }
                    posixTimers.timers[identifier] = timer
                    if timer.notification != 1 { fired.append((identifier, timer)) }
                }
                if let next = timer.expiry {
                    // Process time runs at most as fast as the host's cores together; look again soon.
                    wait = min(wait, timer.measuresProcessTime ? min(next - now, 1_000_000) : next - now)
                }
            }
            if !fired.isEmpty {
                posixTimers.lock.unlock()
                for (identifier, timer) in fired {
                    let alreadyPending = raiseTimerSignal(identifier, timer)
                    if alreadyPending {
                        posixTimers.lock.withLock { posixTimers.timers[identifier]?.overrun += 1 }
                    } else {
                        nudges.append((timer.signal, timer.targetThread))
                    }
                }
                posixTimers.lock.lock()
                continue
            }
            if !nudges.isEmpty {
                posixTimers.lock.unlock()
                nudges = nudges.filter { nudgeTaker(signal: $0.signal, thread: $0.thread) }
                posixTimers.lock.lock()
                wait = min(wait, LinuxProcess.nudgeInterval)
            }
            if wait == Int64.max {
                posixTimers.changed.wait(posixTimers.lock)
            } else {
                posixTimers.changed.wait(posixTimers.lock, until: HostClock.adding(max(wait, 0), to: HostClock.now()))
            }
        }
        posixTimers.serviceRunning = false
        posixTimers.lock.unlock()
    }

    /// How often a raised timer signal's taker is interrupted again until it takes the signal (2 ms).
    static let nudgeInterval: Int64 = 2_000_000

    /// Interrupts the blocking host call of the thread that would take `signal` (raised for `thread`, or
    /// for the process when 0) if it is still pending and a thread does not block it. Returns whether
    /// it is still pending.
    private func nudgeTaker(signal: Int32, thread: Int32) -> Bool {
        let taker: LinuxThread? = stateLock.withLock {
            if thread != 0 {
                guard let target = threads[thread], target.threadPending.set & SignalState.bit(signal) != 0 else { return nil }
                return target
            }
            guard processPending.set & SignalState.bit(signal) != 0 else { return nil }
            return threads.values.first { $0.blockedSignals.load(ordering: .acquiring) & SignalState.bit(signal) == 0 }
        }
        guard let taker, taker.blockedSignals.load(ordering: .acquiring) & SignalState.bit(signal) == 0 else { return false }
        taker.interruptHostCall()
        return true
    }

    /// Raises the signal of timer `identifier` for its thread or the process, and wakes the thread
    /// that will take it. Returns true when the timer's previous signal is still pending (an overrun).
    private func raiseTimerSignal(_ identifier: Int32, _ timer: PosixTimer) -> Bool {
        var information = LinuxProcess.signalInformation(timer.signal, code: LinuxProcess.timerSignalCode, address: nil)
        information.putLittleEndian(UInt32(bitPattern: identifier), at: 16)
        information.putLittleEndian(timer.value, at: 24)
        let target: LinuxThread? = timer.targetThread == 0 ? nil : stateLock.withLock { threads[timer.targetThread] }
        let stillPending = stateLock.withLock {
            let pending = target?.threadPending ?? processPending
            return pending.set & SignalState.bit(timer.signal) != 0
                && LinuxProcess.isSignal(of: identifier, pending.information[timer.signal])
        }
        if stillPending { return true }
        raise(timer.signal, information: information, to: target)
        return false
    }
}
