// How the interpreter's loads, stores and AMOs reach guest memory: straight into the flat window (Linux
// user mode, and system mode while translation is off), or through Sv39/Sv48 translation (The RISC-V
// Instruction Set Manual, Volume II, chapter 12.3). The run loop is generic over this protocol, so each
// kind gets its own specialized loop and the flat one pays nothing for paging.
import MorphCore

/// A way to reach guest data memory.
protocol DataMemory {
    /// Loads a `T` at a guest address; nil when the access faults (see `fault`).
    func load<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T?
    /// Loads a `T` that the same instruction will store back (an AMO): the access must be writable.
    func loadForUpdate<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T?
    /// Stores a `T` at a guest address; false when the access faults, writing nothing.
    func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool
    /// The exception and `tval` of the access of `kind` at `address` that just failed.
    func fault(at address: UInt64, kind: MemoryAccessKind) -> (ExceptionCause, UInt64)
}

/// The flat window: `offset = address - guestBase`, one unsigned compare per access.
struct FlatDataMemory: DataMemory {
    /// Host address of the window's first guest address.
    let memory: UnsafeMutableRawPointer
    /// The window's first guest address.
    let guestBase: UInt64
    /// The window size.
    let size: UInt64

    /// Loads a `T`; nil when any byte lies outside the window. Misaligned accesses are performed (the
    /// host allows them), as Linux user mode does.
    @inline(__always)
    func load<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        let offset = address &- guestBase
        guard offset <= size &- UInt64(MemoryLayout<T>.size) else { return nil }
        return (memory + Int(truncatingIfNeeded: offset)).loadUnaligned(as: T.self)
    }

    /// The same as `load`: the window's pages are writable when they are readable, or the host faults.
    @inline(__always)
    func loadForUpdate<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        load(address, as: type)
    }

    /// Stores a `T`; false when any byte lies outside the window.
    @inline(__always)
    func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool {
        let offset = address &- guestBase
        guard offset <= size &- UInt64(MemoryLayout<T>.size) else { return false }
        (memory + Int(truncatingIfNeeded: offset)).storeBytes(of: value, as: T.self)
        return true
    }

    /// An access fault whose `tval` is "the virtual address of the portion of the access that caused
    /// the fault" (Volume II, 3.1.16): the first byte past the window for an access straddling its end.
    func fault(at address: UInt64, kind: MemoryAccessKind) -> (ExceptionCause, UInt64) {
        (kind.accessFault, address &- guestBase < size ? guestBase &+ size : address)
    }
}

/// Virtual addresses translated by an `AddressTranslator`, then accessed in the flat physical window.
struct TranslatedDataMemory: DataMemory {
    /// Physical memory.
    let physical: FlatDataMemory
    /// The translator (owned by the environment, alive for the whole run). Held unmanaged and used
    /// through `_withUnsafeGuaranteedRef`: an `unowned(unsafe)` reference is retained and released
    /// around every use (measured: an eighth of the time booting Linux under the interpreter).
    let unmanagedTranslator: Unmanaged<AddressTranslator>

    /// A view of `physical` through `translator`.
    init(physical: FlatDataMemory, translator: AddressTranslator) {
        self.physical = physical
        unmanagedTranslator = Unmanaged.passUnretained(translator)
    }

    @inline(__always)
    private func physicalAddress(_ address: UInt64, length: UInt64, kind: MemoryAccessKind) -> UInt64? {
        guard let physicalAddress = unmanagedTranslator._withUnsafeGuaranteedRef({ $0.translate(address, for: kind) })
        else { return nil }
        guard physical.size >= length, physicalAddress &- physical.guestBase <= physical.size &- length else {
            unmanagedTranslator._withUnsafeGuaranteedRef { $0.recordFault(kind.accessFault, at: address) }
            return nil
        }
        return physicalAddress
    }

    /// An access within one page: translate once. One that crosses into the next page: translate both
    /// pages first (so a fault has no partial effect), then move the bytes one by one.
    @inline(__always)
    private func access<T: FixedWidthInteger>(_ address: UInt64, _ type: T.Type, kind: MemoryAccessKind)
        -> (first: UInt64, second: UInt64, firstLength: Int)? {
        let length = MemoryLayout<T>.size
        let inPage = 0x1000 - Int(address & 0xfff)
        guard let first = physicalAddress(address, length: UInt64(min(length, inPage)), kind: kind) else {
            return nil
        }
        if length <= inPage { return (first, 0, length) }
        let next = (address | 0xfff) &+ 1
        guard let second = physicalAddress(next, length: UInt64(length - inPage), kind: kind) else { return nil }
        return (first, second, inPage)
    }

    /// The physical address of byte `index` of an access split over two pages.
    private func byteAddress(_ parts: (first: UInt64, second: UInt64, firstLength: Int), _ index: Int) -> UInt64 {
        index < parts.firstLength ? parts.first &+ UInt64(index) : parts.second &+ UInt64(index - parts.firstLength)
    }

    private func gather<T: FixedWidthInteger>(_ parts: (first: UInt64, second: UInt64, firstLength: Int),
                                              as type: T.Type) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size {
            value |= T(truncatingIfNeeded: physical.load(byteAddress(parts, index), as: UInt8.self)!) << (8 * index)
        }
        return value
    }

    @inline(__always)
    private func read<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type, kind: MemoryAccessKind) -> T? {
        guard let parts = access(address, type, kind: kind) else { return nil }
        if parts.firstLength == MemoryLayout<T>.size { return physical.load(parts.first, as: T.self) }
        return gather(parts, as: type)
    }

    /// Loads through translation.
    @inline(__always)
    func load<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        read(address, as: type, kind: .load)
    }

    /// Loads through a translation for writing (store/AMO permission and faults).
    @inline(__always)
    func loadForUpdate<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        read(address, as: type, kind: .store)
    }

    /// Stores through translation.
    @inline(__always)
    func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool {
        guard let parts = access(address, T.self, kind: .store) else { return false }
        if parts.firstLength == MemoryLayout<T>.size { return physical.store(value, at: parts.first) }
        for index in 0..<MemoryLayout<T>.size {
            _ = physical.store(UInt8(truncatingIfNeeded: value >> (8 * index)), at: byteAddress(parts, index))
        }
        return true
    }

    /// The fault the translator recorded.
    func fault(at address: UInt64, kind: MemoryAccessKind) -> (ExceptionCause, UInt64) {
        unmanagedTranslator._withUnsafeGuaranteedRef { ($0.faultCause, $0.faultAddress) }
    }
}
