// Delivering signals to the guest (Linux arch/riscv/kernel/signal.c setup_rt_frame / sys_rt_sigreturn,
// kernel/signal.c for dispositions; signal(7)). A signal is delivered at a system call's return (the
// ones the program sends itself, or unblocks) or at the faulting instruction (SIGSEGV, SIGBUS, SIGILL,
// SIGTRAP). With a handler, Morph builds the riscv64 `struct rt_sigframe` on the stack (or the
// alternate stack) and enters the handler; the handler returns into a two-instruction trampoline page
// (`li a7, 139; ecall`: rt_sigreturn), which plays the part of the kernel's vDSO.
//
// The frame: `siginfo_t` (128 bytes), then `struct ucontext` (960 bytes): uc_flags, uc_link, uc_stack
// (24 bytes at 16), uc_sigmask (at 40, padded to 128 bytes), and at 176 the `struct sigcontext`:
// 32 registers (pc, then x1..x31) and the F/D state (f0..f31 as 64-bit words, then fcsr).
import Glibc
import MorphCore

extension LinuxProcess {
    /// Size of the riscv64 `struct rt_sigframe`: siginfo (128) + ucontext (960).
    static let signalFrameSize: UInt64 = 1088
    /// Offset of the `struct ucontext` inside the frame.
    static let contextOffset = 128
    /// Offset of the saved pc and x1..x31 (`uc_mcontext`'s general registers).
    static let registersOffset = 128 + 176
    /// Offset of the saved f0..f31 and fcsr.
    static let floatingPointOffset = 128 + 432

    /// The trampoline handlers return into: `addi a7, zero, 139` (rt_sigreturn) then `ecall`.
    static let signalReturnCode: [UInt8] = [0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00]

    /// Maps the one-page signal-return trampoline (read + execute), returning its address.
    static func mapSignalTrampoline(in space: AddressSpace) -> UInt64 {
        guard let page = space.findFreeRange(length: AddressSpace.pageSize),
              space.mapAnonymous(page, length: AddressSpace.pageSize, protection: .readWrite, kind: .anonymous) == 0
        else { return 0 }
        space.memory.write(signalReturnCode, at: page)
        _ = space.protect(page, length: AddressSpace.pageSize, protection: [.read, .execute])
        return page
    }

    // MARK: Raising

    /// Raises an asynchronous signal (sent by kill/tgkill, a timer, or SIGPIPE) for `thread`, or for the
    /// process when nil: discarded if it would be ignored (a blocked signal is never ignored, as Linux's
    /// sig_ignored says, so a signalfd or sigwaitinfo can take a blocked SIGCHLD), otherwise pending
    /// until a thread that does not block it returns from a system call or finishes an engine slice.
    /// Threads waiting on a futex are woken to take it (their wait fails with EINTR), and so is the
    /// blocking host call of a thread that takes it. Returns whether the signal was kept.
    @discardableResult
    func raise(_ signal: Int32, information: [UInt8], to thread: LinuxThread?) -> Bool {
        let taker: LinuxThread? = stateLock.withLock {
            let handler = signalActions.handler(of: signal)
            if signal != SIGKILL, signal != SIGSTOP {
                let blocked = (thread ?? mainThread).blockedSignals.load(ordering: .acquiring) & SignalState.bit(signal) != 0
                if handler == 1 { return nil }  // SIG_IGN
                if handler == 0, SignalState.ignoredByDefault.contains(signal), !blocked { return nil }
            }
            if let thread {
                thread.threadPending.add(signal, information: information)
                return thread
            }
            processPending.add(signal, information: information)
            return threads.values.first { $0.blockedSignals.load(ordering: .acquiring) & SignalState.bit(signal) == 0 }
                ?? mainThread
        }
        guard let taker else { return false }
        futexes.interruptWaiters()
        signalDescriptorsChanged()
        if taker.blockedSignals.load(ordering: .acquiring) & SignalState.bit(signal) == 0 { taker.interruptHostCall() }
        return true
    }
}

extension LinuxThread {
    /// Whether a signal pending for this thread or for the process is not blocked by this thread.
    func hasDeliverableSignal() -> Bool {
        process.stateLock.withLock {
            (threadPending.set | process.processPending.set) & ~signals.blocked != 0
        }
    }

    /// Delivers the pending signals that are not blocked (called when a system call has returned, with pc
    /// after the `ecall`, or between engine slices): the thread's first, then the process's, lowest
    /// number first, as Linux's dequeue_signal does.
    func deliverPendingSignals() {
        while !process.exitRequested.load(ordering: .acquiring) {
            let unblocked = ~signals.blocked
            let taken = process.stateLock.withLock {
                threadPending.takeLowest(among: unblocked) ?? process.processPending.takeLowest(among: unblocked)
            }
            guard case (let signal, var information)? = taken else {
                // After rt_sigsuspend, when no handler ran: the mask of before the call comes back.
                if let mask = signals.maskAfterHandler {
                    signals.blocked = mask
                    signals.maskAfterHandler = nil
                }
                return
            }
            process.completeTimerSignal(&information)
            process.signalDescriptorsChanged()
            tracer?.traceSignal(signal, information: information)
            let handler = process.stateLock.withLock { process.signalActions.handler(of: signal) }
            if signal == SIGKILL || handler == 0 {
                takeDefaultAction(signal, report: "morph: guest terminated by \(SignalState.name(of: signal))")
            } else if handler != 1, !enterHandler(signal, information: information) {
                process.terminate(.signaled(signal: SIGSEGV, message: "morph: guest SIGSEGV: no room for the "
                    + "\(SignalState.name(of: signal)) frame at sp 0x\(String(hart[x: 2], radix: 16))"))
            }
        }
    }

    /// The default action: nothing, stop (the host process stops, so job control works), or termination
    /// of the whole process.
    private func takeDefaultAction(_ signal: Int32, report: String) {
        if SignalState.ignoredByDefault.contains(signal) { return }
        if SignalState.stopByDefault.contains(signal) {
            Glibc.raise(SIGSTOP)
            return
        }
        // Shells say nothing when a pipeline member dies of SIGPIPE; neither does Morph.
        process.terminate(.signaled(signal: signal, message: signal == SIGPIPE ? "" : report))
    }

    /// A synchronous fault at the current pc (the faulting instruction): delivered to the guest's
    /// handler if it has one and does not block the signal; otherwise, as Linux's force_sig does, the
    /// default action ends the program with `report`. Returns the termination, or nil if a handler runs.
    func fault(_ signal: Int32, code: Int32, address: UInt64, report: String) -> Termination? {
        let information = LinuxProcess.signalInformation(signal, code: code, address: address)
        tracer?.traceSignal(signal, information: information)
        let handler = process.stateLock.withLock { process.signalActions.handler(of: signal) }
        let blocked = signals.blocked & SignalState.bit(signal) != 0
        if handler > 1, !blocked, enterHandler(signal, information: information) { return nil }
        return .signaled(signal: signal, message: report)
    }
}

extension LinuxProcess {
    /// A `siginfo_t`: si_signo, si_errno (0), si_code, and si_addr for faults.
    static func signalInformation(_ signal: Int32, code: Int32, address: UInt64?) -> [UInt8] {
        var information = [UInt8](repeating: 0, count: 128)
        information.putLittleEndian(UInt32(bitPattern: signal), at: 0)
        information.putLittleEndian(UInt32(bitPattern: code), at: 8)
        if let address { information.putLittleEndian(address, at: 16) }
        return information
    }

}

extension LinuxThread {
    // MARK: Frames

    /// Builds the signal frame and points the hart at the handler. False if the frame cannot be written.
    private func enterHandler(_ signal: Int32, information: [UInt8]) -> Bool {
        let action = process.stateLock.withLock { process.signalActions }
        let handler = action.handler(of: signal)
        let flags = action.flags(of: signal)
        var stackPointer = hart[x: 2]
        let wasOnAlternateStack = isOnAlternateStack(stackPointer)
        if flags & SignalState.flagOnStack != 0, signals.alternateStack.enabled, !wasOnAlternateStack {
            stackPointer = signals.alternateStack.base &+ signals.alternateStack.size
        }
        let frame = (stackPointer &- LinuxProcess.signalFrameSize) & ~15
        let signalTrampoline = process.signalTrampoline
        guard signalTrampoline != 0,
              space.isAccessible(frame, length: LinuxProcess.signalFrameSize, write: true) else { return false }

        var bytes = [UInt8](repeating: 0, count: Int(LinuxProcess.signalFrameSize))
        bytes.replaceSubrange(0..<128, with: information)
        let context = LinuxProcess.contextOffset
        let stack = signals.alternateStack
        bytes.putLittleEndian(stack.base, at: context + 16)
        let stackFlags: Int32 = stack.enabled ? (isOnAlternateStack(frame) ? 1 : 0) : 2  // SS_ONSTACK, SS_DISABLE
        bytes.putLittleEndian(stackFlags, at: context + 24)
        bytes.putLittleEndian(stack.size, at: context + 32)
        bytes.putLittleEndian(signals.maskAfterHandler ?? signals.blocked, at: context + 40)
        signals.maskAfterHandler = nil
        bytes.putLittleEndian(hart.pc, at: LinuxProcess.registersOffset)
        for index in 1..<32 { bytes.putLittleEndian(hart[x: index], at: LinuxProcess.registersOffset + 8 * index) }
        for index in 0..<32 { bytes.putLittleEndian(hart[f: index], at: LinuxProcess.floatingPointOffset + 8 * index) }
        bytes.putLittleEndian(UInt32(truncatingIfNeeded: hart.state.pointee.floatingPointControlAndStatus),
                              at: LinuxProcess.floatingPointOffset + 256)
        guard space.write(bytes, at: frame) else { return false }

        var blocked = signals.blocked | action.mask(of: signal)
        if flags & SignalState.flagNoDefer == 0 { blocked |= SignalState.bit(signal) }
        signals.blocked = blocked & ~SignalState.unblockable
        if flags & SignalState.flagResetHandler != 0 {
            process.stateLock.withLock { process.signalActions.actions[signal] = nil }
        }

        hart[x: 1] = signalTrampoline
        hart[x: 2] = frame
        hart[x: 10] = UInt64(signal)
        hart[x: 11] = frame
        hart[x: 12] = frame + UInt64(LinuxProcess.contextOffset)
        hart.pc = handler
        hart.state.pointee.reservation = HartState.noReservation
        return true
    }

    /// rt_sigreturn: restores the registers, the floating-point state and the signal mask saved in the
    /// frame at sp. Returns false (after ending the program with SIGSEGV) if the frame is unreadable.
    func signalReturn() -> Bool {
        let frame = hart[x: 2]
        guard let bytes = space.read(frame, length: Int(LinuxProcess.signalFrameSize)) else {
            process.terminate(.signaled(signal: SIGSEGV, message: "morph: guest SIGSEGV: rt_sigreturn with no "
                + "signal frame at sp 0x\(String(frame, radix: 16))"))
            return false
        }
        signals.blocked = bytes.littleEndianWord(at: LinuxProcess.contextOffset + 40) & ~SignalState.unblockable
        hart.pc = bytes.littleEndianWord(at: LinuxProcess.registersOffset)
        for index in 1..<32 { hart[x: index] = bytes.littleEndianWord(at: LinuxProcess.registersOffset + 8 * index) }
        for index in 0..<32 {
            hart[f: index] = bytes.littleEndianWord(at: LinuxProcess.floatingPointOffset + 8 * index)
        }
        let fcsr = bytes.littleEndianWord(at: LinuxProcess.floatingPointOffset + 256) & 0xff
        hart.state.pointee.floatingPointControlAndStatus = fcsr
        hart.state.pointee.reservation = HartState.noReservation
        return true
    }
}
