// Physical memory protection for S- and U-mode accesses (The RISC-V Instruction Set Manual, Volume II,
// 3.7 "Physical Memory Protection": 3.7.1 the pmpcfg and pmpaddr CSRs, address matching with TOR, NA4
// and NAPOT, and 3.7.1.3 "Priority and Matching Logic").
//
// The address translator applies it: every S- or U-mode access, and every page-table access of a walk,
// is checked. Locked entries (L = 1) are not enforced against M-mode accesses: M-mode runs untranslated,
// and neither OpenSBI nor Linux lock entries on QEMU's virt board.

/// The PMP configuration of a hart, as regions in priority order.
public struct PhysicalMemoryProtection: Equatable, Sendable {
    /// The permission bits of a pmpcfg entry.
    public static let read: UInt8 = 1, write: UInt8 = 2, execute: UInt8 = 4
    /// All three permissions.
    public static let all: UInt8 = 7

    /// One active entry: the bytes `first...last` with `permissions`.
    struct Region: Equatable, Sendable {
        var first: UInt64
        var last: UInt64
        var permissions: UInt8
    }

    /// The active entries, lowest-numbered (highest priority) first.
    private var regions: [Region] = []

    /// No entry active: "If no PMP entry matches an S-mode or U-mode access, but at least one PMP entry
    /// is implemented, the access fails" (3.7.1.3), so S- and U-mode can reach nothing.
    public init() {}

    /// One entry granting everything everywhere (what a hart without PMP behaves like).
    public static let unrestricted = PhysicalMemoryProtection(configuration: [0x1f], addresses: [(1 << 54) - 1])

    /// The regions of the entries in `configuration` (pmpcfg0, pmpcfg2, ...: eight 8-bit entries each)
    /// and `addresses` (pmpaddr0..63, bits 55:2 of an address).
    public init(configuration: [UInt64], addresses: [UInt64]) {
        for index in addresses.indices {
            let register = (index / 8) * 2
            guard register < configuration.count else { break }
            let entry = UInt8(truncatingIfNeeded: configuration[register] >> UInt64(8 * (index % 8)))
            let permissions = entry & PhysicalMemoryProtection.all
            let address = addresses[index]
            switch (entry >> 3) & 3 {
            case 1:  // TOR: pmpaddr[i-1] <= y < pmpaddr[i]; entry 0 starts at 0.
                let start = index == 0 ? 0 : addresses[index - 1] << 2
                let end = address << 2
                if start < end { regions.append(Region(first: start, last: end - 1, permissions: permissions)) }
            case 2:  // NA4: four bytes.
                regions.append(Region(first: address << 2, last: (address << 2) + 3, permissions: permissions))
            case 3:  // NAPOT: the trailing ones of pmpaddr give the size, 2^(ones + 3) bytes.
                let ones = UInt64((~address).trailingZeroBitCount)
                let size = ones + 3 >= 64 ? UInt64.max : (UInt64(1) << (ones + 3)) - 1
                let first = (address << 2) & ~size
                regions.append(Region(first: first, last: first | size, permissions: permissions))
            default:  // OFF.
                break
            }
        }
    }

    /// Whether S- and U-mode may make every access everywhere (the first active entry covers the whole
    /// 56-bit physical address space with R, W and X): then nothing needs checking.
    public var allowsEverything: Bool {
        guard let first = regions.first else { return false }
        return first.first == 0 && first.last >= (1 << 56) - 1 && first.permissions == PhysicalMemoryProtection.all
    }

    /// The permissions S- and U-mode have at `address` (none where no entry matches).
    public func permissions(at address: UInt64) -> UInt8 {
        for region in regions where region.first <= address && address <= region.last { return region.permissions }
        return 0
    }

    /// The permissions S- and U-mode have on the 4 KiB page at `page`, if they are the same for all its
    /// bytes (one entry decides for the whole page); nil when entries split the page.
    public func permissions(ofPage page: UInt64) -> UInt8? {
        let last = page | 0xfff
        for region in regions where region.first <= last && page <= region.last {
            // The highest-priority entry touching the page: it decides for the page only if it covers it.
            return region.first <= page && last <= region.last ? region.permissions : nil
        }
        return 0
    }
}
