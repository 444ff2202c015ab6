// The interpreter run by the translator (cold blocks, single instructions) under the host fault guard of
// CMorphSupport/MorphFaultHandler.c, nested inside the environment's: a host fault in it comes back to
// the translator, which can count what ran and tell a write to protected code from a guest fault.
import CMorphSupport
import Interpreter
import MorphCore

/// What the guarded body needs: the interpreter (not retained), the instruction count, and where its
/// stop reason goes. Lives at a fixed address for the translator's lifetime.
struct GuardedInterpreterRun {
    /// The interpreter, not retained: the body must not own references a fault would leave behind.
    unowned(unsafe) var interpreter: Interpreter
    /// Instructions to run.
    var limit: UInt64
    /// Why the run stopped (valid only when the guard reports no fault).
    var reason: StopReason
}

/// The C-callable body of the guard.
enum InterpreterGuard {
    /// Runs the interpreter for `limit` instructions; a fault abandons this frame with a siglongjmp, so it
    /// holds nothing that needs releasing.
    static let body: @convention(c) (UnsafeMutableRawPointer?) -> Void = { context in
        let run = context.unsafelyUnwrapped.assumingMemoryBound(to: GuardedInterpreterRun.self)
        run.pointee.reason = run.pointee.interpreter.run(limit: run.pointee.limit)
    }
}
