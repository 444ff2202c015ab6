// The interpreter run by the translator (cold blocks, single instructions, and `--verify`'s reference
// runs) under the host fault guard of CMorphSupport/MorphFaultHandler.c, nested inside the
// environment's: a host fault in it comes back to the translator, which can count what ran and tell a
// write to protected code from a guest fault.
import CMorphSupport
import Interpreter
import MorphCore

/// An interpreter run under the fault guard, its parameters kept at a fixed address for the C guard.
final class GuardedInterpreter {
    /// What the guarded body needs. Nothing is retained: a fault abandons the body's frame with a
    /// siglongjmp, so it must hold nothing that needs releasing.
    private struct Run {
        /// The interpreter.
        unowned(unsafe) var interpreter: Interpreter
        /// Where stores are recorded, if anywhere.
        unowned(unsafe) var log: StoreLog?
        /// Instructions to run.
        var limit: UInt64
        /// Why it stopped (valid only when the guard reports no fault).
        var reason: StopReason
    }

    /// How a guarded run ended.
    struct Outcome {
        /// The interpreter's stop reason (meaningless after a fault).
        var reason: StopReason
        /// 0, or the host signal of a fault inside the window's guarded range.
        var signal: Int32
        /// The faulting host address when `signal` is not 0.
        var faultAddress: UInt64
    }

    private let run: UnsafeMutablePointer<Run>
    private let memory: GuestMemory

    /// Runs `interpreter` over `memory`, recording its stores in `log` when given.
    init(_ interpreter: Interpreter, memory: GuestMemory, log: StoreLog? = nil) {
        self.memory = memory
        run = .allocate(capacity: 1)
        run.initialize(to: Run(interpreter: interpreter, log: log, limit: 0, reason: .instructionLimit))
    }

    deinit {
        run.deinitialize(count: 1)
        run.deallocate()
    }

    /// Runs `limit` instructions under the guard.
    func callAsFunction(limit: UInt64) -> Outcome {
        run.pointee.limit = limit
        var faultAddress: UInt64 = 0
        let range = memory.guardedHostRange
        let signal = morph_run_guarded(GuardedInterpreter.body, run, range.low, range.high, &faultAddress)
        return Outcome(reason: run.pointee.reason, signal: signal, faultAddress: faultAddress)
    }

    /// The C-callable body.
    private static let body: @convention(c) (UnsafeMutableRawPointer?) -> Void = { context in
        let run = context.unsafelyUnwrapped.assumingMemoryBound(to: Run.self)
        let limit = run.pointee.limit
        if let log = run.pointee.log {
            run.pointee.reason = run.pointee.interpreter.run(limit: limit, recordingStoresIn: log)
        } else {
            run.pointee.reason = run.pointee.interpreter.run(limit: limit)
        }
    }
}
