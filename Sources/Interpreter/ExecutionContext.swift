// What the interpreter's instruction semantics operate on: raw pointers into the hart state and guest
// memory, copied into a value once per run so that no ARC or exclusivity check runs per instruction.
import MorphCore
import RISCV

/// Pointers to the register files, the hart state and the guest memory window.
struct ExecutionContext {
    /// x0..x31 and the x0 write sink (x[32]).
    let x: UnsafeMutablePointer<UInt64>
    /// f0..f31, raw bits.
    let f: UnsafeMutablePointer<UInt64>
    /// The whole hart state (pc, fcsr, reservation).
    let state: UnsafeMutablePointer<HartState>
    /// Host address of the window's first guest address.
    let memory: UnsafeMutableRawPointer
    /// The window's first guest address.
    let guestBase: UInt64
    /// The window size.
    let size: UInt64

    /// The effective address `rs1 + imm` of a load, store or AMO (AMOs have immediate 0).
    @inline(__always)
    func effectiveAddress(_ instruction: Instruction) -> UInt64 {
        x[Int(instruction.rs1)] &+ UInt64(bitPattern: Int64(instruction.immediate))
    }

    /// The access fault of a load outside guest memory.
    func loadFault(_ instruction: Instruction) -> StopReason {
        .exception(.loadAccessFault, value: faultingAddress(instruction))
    }

    /// The access fault of a store outside guest memory.
    func storeFault(_ instruction: Instruction) -> StopReason {
        .exception(.storeAccessFault, value: faultingAddress(instruction))
    }

    /// The address `tval` reports: "the virtual address of the portion of the access that caused the
    /// fault" (Volume II, 3.1.16), so the first byte past the window for an access that straddles its end.
    private func faultingAddress(_ instruction: Instruction) -> UInt64 {
        let address = effectiveAddress(instruction)
        return address &- guestBase < size ? guestBase &+ size : address
    }

    /// Loads a `T` at a guest address; nil when any byte lies outside the window.
    /// Misaligned accesses are performed (the host allows them), as Linux user mode does.
    @inline(__always)
    func load<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        let offset = address &- guestBase
        guard offset <= size &- UInt64(MemoryLayout<T>.size) else { return nil }
        return (memory + Int(truncatingIfNeeded: offset)).loadUnaligned(as: T.self)
    }

    /// Stores a `T` at a guest address; false when any byte lies outside the window.
    @inline(__always)
    func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool {
        let offset = address &- guestBase
        guard offset <= size &- UInt64(MemoryLayout<T>.size) else { return false }
        (memory + Int(truncatingIfNeeded: offset)).storeBytes(of: value, as: T.self)
        return true
    }
}
