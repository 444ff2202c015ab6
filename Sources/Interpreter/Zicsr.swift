// The unprivileged CSRs a user-mode program touches (The RISC-V Instruction Set Manual, Volume I,
// chapter 9 "Zicsr", chapter 10 "Counters" and 11.2 "Floating-Point Control and Status Register").
// In system mode every CSR instruction goes to the environment's CSR file instead.
import Glibc
import MorphCore
import RISCV

/// The outcome of a CSR instruction the interpreter tried to perform itself.
enum ControlStatusRegisterOutcome {
    /// Performed.
    case done
    /// Not a CSR this interpreter knows: the environment decides.
    case notHandled
    /// An illegal access (a write to a read-only counter).
    case illegal
}

extension ExecutionContext {
    /// Performs a CSR instruction on fflags, frm, fcsr, cycle, time or instret.
    @inline(__always)
    func executeUserControlStatusRegister(_ i: Instruction, retired: UInt64) -> ControlStatusRegisterOutcome {
        let access = ControlStatusRegisterAccess(i, rs1Value: x[Int(i.rs1)])
        let writes = access.writes
        let old: UInt64
        if access.number == 0x001 || access.number == 0x003 {
            // Flags of RNE operations wait in the host MXCSR (GuestFloatingPointEnvironment).
            state.pointee.floatingPointFlags |= UInt64(GuestFloatingPointEnvironment.flags.rawValue)
        }
        switch access.number {
        case 0x001: old = state.pointee.floatingPointFlags
        case 0x002: old = state.pointee.floatingPointRoundingMode
        case 0x003: old = state.pointee.floatingPointControlAndStatus
        case 0xc00, 0xc02:
            if writes { return .illegal }
            old = retired
        case 0xc01:
            if writes { return .illegal }
            old = ExecutionContext.timeCounter()
        default: return .notHandled
        }
        if writes {
            let new = access.newValue(from: old)
            switch access.number {
            case 0x001: state.pointee.floatingPointFlags = new & 0x1f
            case 0x002: state.pointee.floatingPointRoundingMode = new & 7
            default: state.pointee.floatingPointControlAndStatus = new & 0xff
            }
            // The host MXCSR holds flags already collected, which the guest may just have cleared.
            if access.number != 0x002 { GuestFloatingPointEnvironment.enter() }
        }
        x[Int(i.rd)] = old
        return .done
    }

    /// The `time` CSR: the host's monotonic clock at 10 MHz (the timebase of QEMU's virt machine).
    static func timeCounter() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 10_000_000 &+ UInt64(now.tv_nsec) / 100
    }
}
