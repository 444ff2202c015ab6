// Running the interpreter under the host fault guard of CMorphSupport/MorphFaultHandler.c: a guest
// access to a PROT_NONE or read-only page of the reservation faults in the host, and the guard turns
// that fault into a return value instead of a crash (see ../shared/guide/ARCHITECTURE.md,
// "User-mode memory").
import CMorphSupport
import Interpreter
import MorphCore

/// What the guarded body needs: the interpreter (unretained), the slice length, and where its stop
/// reason goes. Lives at a fixed address for the lifetime of the process.
struct GuardedRun {
    /// The interpreter, not retained: the body must not own references (see `FaultGuard.body`).
    var interpreter: Unmanaged<Interpreter>
    /// Instructions to run.
    var limit: UInt64
    /// Why the run stopped (valid only when the guard reports no fault).
    var reason: StopReason
}

/// Runs interpreter slices with host faults inside the guest window caught.
enum FaultGuard {
    /// The body the C guard calls. When a guest access faults, the guard abandons this frame and the
    /// interpreter's frames with a siglongjmp, so none of them may hold an ARC reference that would need
    /// releasing: the interpreter is borrowed without a retain (`_withUnsafeGuaranteedRef`) and its run
    /// loop touches guest memory and registers only through unsafe pointers.
    private static let body: @convention(c) (UnsafeMutableRawPointer?) -> Void = { context in
        let run = context.unsafelyUnwrapped.assumingMemoryBound(to: GuardedRun.self)
        let limit = run.pointee.limit
        run.pointee.reason = run.pointee.interpreter._withUnsafeGuaranteedRef { $0.run(limit: limit) }
    }

    /// Runs one slice. Returns 0, or the host signal (SIGSEGV, SIGBUS) of a fault inside `window`'s
    /// reservation, whose host address is stored in `faultAddress`. The hart's pc then names the faulting
    /// instruction (the interpreter stores it before every guest memory access).
    static func run(_ run: UnsafeMutablePointer<GuardedRun>, window: GuestMemory,
                    faultAddress: inout UInt64) -> Int32 {
        let low = UInt64(UInt(bitPattern: window.hostBase))
        let high = low + window.size + GuestMemory.guardSize
        return morph_run_guarded(body, run, low, high, &faultAddress)
    }
}
