// Running an engine under the host fault guard of CMorphSupport/MorphFaultHandler.c: a guest
// access to a PROT_NONE or read-only page of the reservation faults in the host, and the guard turns
// that fault into a return value instead of a crash (see ../shared/guide/ARCHITECTURE.md,
// "User-mode memory").
import CMorphSupport
import MorphCore

/// What the guarded body needs: the engine (unretained), the slice length, and where its stop
/// reason goes. Lives at a fixed address for the lifetime of the process.
struct GuardedRun {
    /// The engine, not retained: the body must not own references (see `FaultGuard.body`).
    unowned(unsafe) var engine: any ExecutionEngine
    /// Instructions to run.
    var limit: UInt64
    /// Why the run stopped (valid only when the guard reports no fault).
    var reason: StopReason
}

/// Runs engine slices with host faults inside the guest window caught.
enum FaultGuard {
    /// The body the C guard calls. When a guest access faults, the guard abandons this frame and the
    /// engine's frames with a siglongjmp, so none of them may hold an ARC reference that would need
    /// releasing: the engine is held `unowned(unsafe)` and its run loop touches guest memory and
    /// registers only through unsafe pointers.
    private static let body: @convention(c) (UnsafeMutableRawPointer?) -> Void = { context in
        let run = context.unsafelyUnwrapped.assumingMemoryBound(to: GuardedRun.self)
        let limit = run.pointee.limit
        run.pointee.reason = run.pointee.engine.run(limit: limit)
    }

    /// Runs one slice. Returns 0, or the host signal (SIGSEGV, SIGBUS) of a fault inside `window`'s
    /// reservation, whose host address is stored in `faultAddress`. The hart's pc then names the faulting
    /// instruction (engines store it before every guest memory access).
    static func run(_ run: UnsafeMutablePointer<GuardedRun>, window: GuestMemory,
                    faultAddress: inout UInt64) -> Int32 {
        let range = window.guardedHostRange
        return morph_run_guarded(body, run, range.low, range.high, &faultAddress)
    }
}
