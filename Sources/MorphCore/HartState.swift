// The architectural state of one hart (The RISC-V Instruction Set Manual, Volume I, chapter 2.1
// "Programmers' Model for Base Integer ISA", chapter 11.1-11.2 for f registers and fcsr).

/// The state every engine reads and writes, in a fixed layout behind an `UnsafeMutablePointer` so that
/// generated code can address each field by offset and no ARC or exclusivity check touches it.
///
/// `x` has 33 slots: x0..x31 and a write sink at index 32. Engines redirect writes to x0 into the sink
/// (the interpreter at pre-decode time), so x0 always reads as zero without a check per instruction.
public struct HartState {
    /// Integer registers x0..x31 and the x0 write sink (index 32).
    public var x: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    /// Floating-point registers f0..f31 as raw bits (single-precision values NaN-boxed).
    public var f: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    /// The program counter.
    public var pc: UInt64
    /// Accrued floating-point exception flags (`fflags`, the low 5 bits of `fcsr`).
    public var floatingPointFlags: UInt64
    /// The dynamic rounding mode (`frm`, bits 7..5 of `fcsr`).
    public var floatingPointRoundingMode: UInt64
    /// Instructions retired before the current engine run (engines add their own count on exit).
    public var instructionsRetired: UInt64
    /// The address reserved by the last `lr`, or `HartState.noReservation`.
    public var reservation: UInt64
    /// The value the last `lr` loaded (sign-extended for `lr.w`): `sc` stores only if memory still holds
    /// it, with a host compare-and-swap, so that a store by another thread between the two fails the `sc`.
    public var reservationValue: UInt64
    /// The size in bytes (4 or 8) of the last `lr`.
    public var reservationSize: UInt64
    /// Non-zero while floating-point instructions are illegal (system mode with `mstatus.FS` = Off).
    public var floatingPointDisabled: UInt64
    /// Words the translator's generated code keeps beside the registers (instruction budget, exit
    /// values, lookup-table and window addresses); other engines ignore them.
    public var translatorScratch: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The `reservation` value meaning "no reservation held".
    public static let noReservation = UInt64.max

    /// Byte offset of the integer register file.
    public static let integerRegistersOffset = MemoryLayout<HartState>.offset(of: \.x)!
    /// Byte offset of the floating-point register file.
    public static let floatRegistersOffset = MemoryLayout<HartState>.offset(of: \.f)!
    /// Byte offset of `pc`.
    public static let pcOffset = MemoryLayout<HartState>.offset(of: \.pc)!
    /// Byte offset of `floatingPointFlags`.
    public static let floatingPointFlagsOffset = MemoryLayout<HartState>.offset(of: \.floatingPointFlags)!
    /// Byte offset of `floatingPointRoundingMode`.
    public static let floatingPointRoundingModeOffset = MemoryLayout<HartState>.offset(of: \.floatingPointRoundingMode)!
    /// Byte offset of `reservation`.
    public static let reservationOffset = MemoryLayout<HartState>.offset(of: \.reservation)!
    /// Byte offset of `reservationValue`.
    public static let reservationValueOffset = MemoryLayout<HartState>.offset(of: \.reservationValue)!
    /// Byte offset of `translatorScratch`.
    public static let translatorScratchOffset = MemoryLayout<HartState>.offset(of: \.translatorScratch)!

    /// A hart with every register zero.
    public init() {
        x = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        f = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        pc = 0
        floatingPointFlags = 0
        floatingPointRoundingMode = 0
        instructionsRetired = 0
        reservation = HartState.noReservation
        reservationValue = 0
        reservationSize = 0
        floatingPointDisabled = 0
        translatorScratch = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    }

    /// The `fcsr` register: `frm << 5 | fflags`.
    public var floatingPointControlAndStatus: UInt64 {
        get { floatingPointRoundingMode << 5 | floatingPointFlags }
        set {
            floatingPointFlags = newValue & 0x1f
            floatingPointRoundingMode = (newValue >> 5) & 7
        }
    }
}

/// Owns one `HartState` allocation and gives typed access to its register files.
public final class Hart: @unchecked Sendable {
    /// The state; valid for the lifetime of this object.
    public let state: UnsafeMutablePointer<HartState>

    /// Allocates a zeroed hart.
    public init() {
        state = .allocate(capacity: 1)
        state.initialize(to: HartState())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// x0..x31 (and the sink at 32) as a pointer.
    public var integerRegisters: UnsafeMutablePointer<UInt64> {
        (UnsafeMutableRawPointer(state) + HartState.integerRegistersOffset).assumingMemoryBound(to: UInt64.self)
    }

    /// f0..f31 as a pointer.
    public var floatRegisters: UnsafeMutablePointer<UInt64> {
        (UnsafeMutableRawPointer(state) + HartState.floatRegistersOffset).assumingMemoryBound(to: UInt64.self)
    }

    /// Reads integer register `index` (x0 reads as zero).
    public subscript(x index: Int) -> UInt64 {
        get { index == 0 ? 0 : integerRegisters[index] }
        set { if index != 0 { integerRegisters[index] = newValue } }
    }

    /// Reads or writes floating-point register `index` as raw bits.
    public subscript(f index: Int) -> UInt64 {
        get { floatRegisters[index] }
        set { floatRegisters[index] = newValue }
    }

    /// The program counter.
    public var pc: UInt64 {
        get { state.pointee.pc }
        set { state.pointee.pc = newValue }
    }
}
