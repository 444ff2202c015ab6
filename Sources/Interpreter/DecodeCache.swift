// The pre-decoded instruction cache (see ../shared/guide/PERFORMANCE.md, technique 7: decode each
// instruction once into a compact record; libriscv measured 2x over decoding on the fly).
import MorphCore
import RISCV

/// Decoded instructions per 4 KiB guest code page: one 16-byte `Instruction` per halfword slot, since
/// with the C extension an instruction may start at any even address.
///
/// A slot starts as `.illegal` with length 0 ("not decoded yet") and is decoded the first time it
/// runs, so a page costs nothing until its instructions execute.
final class DecodeCache {
    /// Slots per page (4096 / 2).
    static let slotsPerPage = 2048
    /// Slots allocated per page: two sentinels follow the page's own slots, so that running off the
    /// end of the page (after a 2- or 4-byte instruction in the last slots) lands on an "undecoded"
    /// slot whose handler finds the next page. No instruction pays for a page check.
    static let allocatedSlots = slotsPerPage + 2

    private var pages: [UInt64: UnsafeMutablePointer<Instruction>] = [:]
    /// A direct-mapped front cache of recently used pages (page address, slots), to keep the hash
    /// lookup off the path of calls and returns between pages.
    private var recentAddresses: UnsafeMutablePointer<UInt64>
    private var recentSlots: UnsafeMutablePointer<UnsafeMutablePointer<Instruction>?>
    private static let recentCount = 256

    /// Pages decoded since creation.
    private(set) var decodedPages = 0

    init() {
        recentAddresses = .allocate(capacity: DecodeCache.recentCount)
        recentAddresses.initialize(repeating: UInt64.max, count: DecodeCache.recentCount)
        recentSlots = .allocate(capacity: DecodeCache.recentCount)
        recentSlots.initialize(repeating: nil, count: DecodeCache.recentCount)
    }

    deinit {
        invalidateAll()
        recentAddresses.deallocate()
        recentSlots.deallocate()
    }

    /// The slots of the page at `pageAddress`, creating an empty page if `create` allows it.
    @inline(__always)
    func slots(forPage pageAddress: UInt64, create: () -> Bool) -> UnsafeMutablePointer<Instruction>? {
        let index = Int(truncatingIfNeeded: (pageAddress >> 12) & UInt64(DecodeCache.recentCount - 1))
        if recentAddresses[index] == pageAddress { return recentSlots[index] }
        return slowLookup(pageAddress, index: index, create: create)
    }

    private func slowLookup(_ pageAddress: UInt64, index: Int,
                            create: () -> Bool) -> UnsafeMutablePointer<Instruction>? {
        // Runs inside an interpreter run: keep the guest's floating-point flags out of reach of the
        // Dictionary's own floating-point arithmetic (GuestFloatingPointEnvironment).
        let floatingPointState = GuestFloatingPointEnvironment.suspend()
        defer { GuestFloatingPointEnvironment.resume(floatingPointState) }
        let slots: UnsafeMutablePointer<Instruction>
        if let existing = pages[pageAddress] {
            slots = existing
        } else {
            guard create() else { return nil }
            slots = .allocate(capacity: DecodeCache.allocatedSlots)
            slots.initialize(repeating: .illegal(length: 0), count: DecodeCache.allocatedSlots)
            pages[pageAddress] = slots
            decodedPages += 1
        }
        recentAddresses[index] = pageAddress
        recentSlots[index] = slots
        return slots
    }

    /// Drops the decoded pages overlapping `[start, end)`.
    func invalidate(from start: UInt64, to end: UInt64) {
        let first = start & ~0xfff
        let pageCount = ((end &- 1) >> 12) &- (start >> 12) &+ 1
        // A range wider than the cache is cheaper to drop whole.
        if pageCount > UInt64(pages.count) {
            invalidateAll()
            return
        }
        let floatingPointState = GuestFloatingPointEnvironment.suspend()
        defer { GuestFloatingPointEnvironment.resume(floatingPointState) }
        for index in 0..<pageCount {
            let page = first &+ index << 12
            guard let slots = pages.removeValue(forKey: page) else { continue }
            slots.deinitialize(count: DecodeCache.allocatedSlots)
            slots.deallocate()
            let recent = Int(truncatingIfNeeded: (page >> 12) & UInt64(DecodeCache.recentCount - 1))
            if recentAddresses[recent] == page {
                recentAddresses[recent] = UInt64.max
                recentSlots[recent] = nil
            }
        }
    }

    /// Drops every decoded page.
    func invalidateAll() {
        // fence.i runs this inside a run: keep the guest's flags apart, as in `slowLookup`.
        let floatingPointState = GuestFloatingPointEnvironment.suspend()
        defer { GuestFloatingPointEnvironment.resume(floatingPointState) }
        for slots in pages.values {
            slots.deinitialize(count: DecodeCache.allocatedSlots)
            slots.deallocate()
        }
        pages.removeAll(keepingCapacity: true)
        recentAddresses.update(repeating: UInt64.max, count: DecodeCache.recentCount)
        recentSlots.update(repeating: nil, count: DecodeCache.recentCount)
    }
}
