// What the interpreter's instruction semantics operate on: raw pointers into the hart state and a way
// into guest memory, copied into a value once per run so that no ARC or exclusivity check runs per
// instruction.
import MorphCore
import RISCV

/// Pointers to the register files and the hart state, and the guest data memory.
struct ExecutionContext<Memory: DataMemory> {
    /// x0..x31 and the x0 write sink (x[32]).
    let x: UnsafeMutablePointer<UInt64>
    /// f0..f31, raw bits.
    let f: UnsafeMutablePointer<UInt64>
    /// The whole hart state (pc, fcsr, reservation).
    let state: UnsafeMutablePointer<HartState>
    /// Guest data memory.
    let data: Memory

    /// The effective address `rs1 + imm` of a load, store or AMO (AMOs have immediate 0).
    @inline(__always)
    func effectiveAddress(_ instruction: Instruction) -> UInt64 {
        x[Int(instruction.rs1)] &+ UInt64(bitPattern: Int64(instruction.immediate))
    }

    /// The exception of a load that failed.
    func loadFault(_ instruction: Instruction) -> StopReason {
        let (cause, value) = data.fault(at: effectiveAddress(instruction), kind: .load)
        return .exception(cause, value: value)
    }

    /// The exception of a store that failed.
    func storeFault(_ instruction: Instruction) -> StopReason {
        let (cause, value) = data.fault(at: effectiveAddress(instruction), kind: .store)
        return .exception(cause, value: value)
    }

    /// Loads a `T` at a guest address; nil when the access faults.
    @inline(__always)
    func load<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        data.load(address, as: type)
    }

    /// Stores a `T` at a guest address; false when the access faults.
    @inline(__always)
    func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool {
        data.store(value, at: address)
    }
}
