// Page-based virtual memory: Sv39 and Sv48 translation with a software TLB (The RISC-V Instruction Set
// Manual, Volume II: Privileged Architecture, chapter 12 "Supervisor-Level ISA": 12.1.11 satp,
// 12.3 "Sv32" for the translation process, 12.4 "Sv39", 12.5 "Sv48"; 3.1.6.3 for MPRV, MXR and SUM).
//
// It lives beside GuestMemory rather than in SystemMode because engines call it on their memory paths
// without an existential: the environment owns the CSRs and keeps this object's inputs current.

/// A privilege level, encoded as the `mstatus.MPP` field encodes it.
public enum PrivilegeLevel: UInt64, Sendable, Comparable {
    /// User mode.
    case user = 0
    /// Supervisor mode.
    case supervisor = 1
    /// Machine mode.
    case machine = 3

    /// Orders levels by privilege.
    public static func < (a: PrivilegeLevel, b: PrivilegeLevel) -> Bool { a.rawValue < b.rawValue }
}

/// The kind of memory access being translated.
public enum MemoryAccessKind: Sendable {
    /// An instruction fetch.
    case fetch
    /// A load (or LR).
    case load
    /// A store, SC or AMO.
    case store

    /// The page fault this access raises.
    public var pageFault: ExceptionCause {
        switch self {
        case .fetch: .instructionPageFault
        case .load: .loadPageFault
        case .store: .storePageFault
        }
    }

    /// The access fault this access raises.
    public var accessFault: ExceptionCause {
        switch self {
        case .fetch: .instructionAccessFault
        case .load: .loadAccessFault
        case .store: .storeAccessFault
        }
    }
}

/// Translates virtual addresses to physical addresses for one hart, through page tables in `memory`.
///
/// Accessed and dirty bits follow the Svade rule the manual allows: a leaf PTE with A = 0, or with
/// D = 0 on a store, raises a page fault and software sets the bit. The TLB therefore only caches what
/// the page tables said; `flush()` (sfence.vma, a satp write) drops it.
///
/// Physical memory protection (`protection`) applies to every S- and U-mode access: with translation
/// on, to the walk's page-table reads and to the page reached (a TLB entry keeps only the permissions
/// both grant); in Bare mode the translator still runs for S and U whenever PMP restricts anything, and
/// maps each page to itself with the permissions PMP grants.
public final class AddressTranslator {
    /// Physical memory, where the page tables and the translated pages live.
    public let memory: GuestMemory

    /// satp: MODE (bits 63..60), ASID (59..44), PPN (43..0). Only Bare (0), Sv39 (8) and Sv48 (9) occur.
    public private(set) var addressTranslation: UInt64 = 0
    /// What the permission check of every translated access reads: kept behind a pointer, so that the
    /// hot path loads it without the dynamic exclusivity checks of a class's stored properties
    /// (measured: a tenth of the interpreter's time booting Linux went to those checks).
    private struct Regime {
        var fetchPrivilege: PrivilegeLevel = .machine
        var dataPrivilege: PrivilegeLevel = .machine
        var supervisorUserMemoryAccess = false
        var makeExecutableReadable = false
    }

    /// The current regime (allocated for the translator's lifetime).
    private let regime: UnsafeMutablePointer<Regime>

    /// The privilege level of instruction fetches (the current privilege).
    public var fetchPrivilege: PrivilegeLevel {
        get { regime.pointee.fetchPrivilege }
        set { regime.pointee.fetchPrivilege = newValue }
    }
    /// The privilege level of loads and stores (`mstatus.MPP` when `MPRV` = 1 in M-mode).
    public var dataPrivilege: PrivilegeLevel {
        get { regime.pointee.dataPrivilege }
        set { regime.pointee.dataPrivilege = newValue }
    }
    /// mstatus.SUM: S-mode loads and stores may touch U pages.
    public var supervisorUserMemoryAccess: Bool {
        get { regime.pointee.supervisorUserMemoryAccess }
        set { regime.pointee.supervisorUserMemoryAccess = newValue }
    }
    /// mstatus.MXR: loads from executable pages succeed.
    public var makeExecutableReadable: Bool {
        get { regime.pointee.makeExecutableReadable }
        set { regime.pointee.makeExecutableReadable = newValue }
    }

    /// The cause of the last failed translation.
    public private(set) var faultCause: ExceptionCause = .loadPageFault
    /// The virtual address of the last failed translation (its `tval`).
    public private(set) var faultAddress: UInt64 = 0

    /// Page-table walks performed (TLB misses).
    public private(set) var walks = 0
    /// TLB flushes.
    public private(set) var flushes = 0

    /// satp MODE values.
    public static let modeBare: UInt64 = 0, modeSv39: UInt64 = 8, modeSv48: UInt64 = 9

    private static let entryCount = 256
    /// Per TLB entry: the virtual page number + 1 (0 = empty).
    private let tags: UnsafeMutablePointer<UInt64>
    /// Per TLB entry: the physical address of the 4 KiB page.
    private let physicalPages: UnsafeMutablePointer<UInt64>
    /// Per TLB entry: the leaf PTE's flag bits (V R W X U G A D).
    private let flags: UnsafeMutablePointer<UInt64>

    /// Creates a translator over `memory`, in Bare mode.
    public init(memory: GuestMemory) {
        self.memory = memory
        tags = .allocate(capacity: AddressTranslator.entryCount)
        tags.initialize(repeating: 0, count: AddressTranslator.entryCount)
        physicalPages = .allocate(capacity: AddressTranslator.entryCount)
        physicalPages.initialize(repeating: 0, count: AddressTranslator.entryCount)
        flags = .allocate(capacity: AddressTranslator.entryCount)
        flags.initialize(repeating: 0, count: AddressTranslator.entryCount)
        regime = .allocate(capacity: 1)
        regime.initialize(to: Regime())
    }

    deinit {
        tags.deallocate()
        physicalPages.deallocate()
        flags.deallocate()
        regime.deallocate()
    }

    /// The satp MODE field.
    public var mode: UInt64 { addressTranslation >> 60 }

    /// Whether satp `value` names a mode this translator implements.
    public static func supportsMode(of value: UInt64) -> Bool {
        let mode = value >> 60
        return mode == modeBare || mode == modeSv39 || mode == modeSv48
    }

    /// Sets satp (the caller has checked the mode) and drops cached translations.
    public func setAddressTranslation(_ value: UInt64) {
        addressTranslation = value
        flush()
    }

    /// Whether instruction fetches go through `translate` now ("when running in M-mode ... the satp
    /// register has no effect"; below M-mode, PMP checks them even in Bare mode).
    public var translatesFetches: Bool {
        fetchPrivilege != .machine && (mode != AddressTranslator.modeBare || protectionRestricts)
    }

    /// Whether loads and stores go through `translate` now.
    public var translatesData: Bool {
        dataPrivilege != .machine && (mode != AddressTranslator.modeBare || protectionRestricts)
    }

    /// Physical memory protection for S- and U-mode accesses (see the type's description); none until
    /// the machine sets its configuration.
    public private(set) var protection = PhysicalMemoryProtection.unrestricted
    /// Whether `protection` forbids anything.
    private var protectionRestricts = false

    /// Sets the PMP configuration and drops cached translations.
    public func setProtection(_ newValue: PhysicalMemoryProtection) {
        protection = newValue
        protectionRestricts = !newValue.allowsEverything
        flush()
    }

    /// Drops every cached translation (sfence.vma).
    public func flush() {
        tags.update(repeating: 0, count: AddressTranslator.entryCount)
        superpages.removeAll(keepingCapacity: true)
        flushes += 1
    }

    /// The virtual ranges of the superpages translated since the last full flush (at most
    /// `superpageLimit`; once full, every flush of one address flushes everything). The TLB and the engines' decoded code hold
    /// 4 KiB pieces of superpages, which a flush of one address would not find.
    private var superpages: [ClosedRange<UInt64>] = []
    /// How many superpage ranges are tracked.
    private static let superpageLimit = 64

    /// Drops the cached translation of the page holding virtual address `address` (sfence.vma with rs1
    /// naming it: "the fence ... invalidates all address-translation cache entries that contain leaf
    /// page table entries corresponding to the virtual address in rs1", 12.2.1). Returns false when the
    /// address lies in a superpage translated since the last full flush: then everything was flushed,
    /// since pieces of that superpage may be cached for other pages.
    public func flush(virtualAddress address: UInt64) -> Bool {
        if superpages.count >= AddressTranslator.superpageLimit || superpages.contains(where: { $0.contains(address) }) {
            flush()
            return false
        }
        let pageNumber = address >> 12
        let entry = Int(truncatingIfNeeded: pageNumber) & (AddressTranslator.entryCount - 1)
        if tags[entry] == pageNumber &+ 1 { tags[entry] = 0 }
        return true
    }

    /// PTE bits.
    private static let valid: UInt64 = 1 << 0, readable: UInt64 = 1 << 1, writable: UInt64 = 1 << 2
    private static let executable: UInt64 = 1 << 3, user: UInt64 = 1 << 4
    private static let accessed: UInt64 = 1 << 6, dirty: UInt64 = 1 << 7
    /// A TLB entry's own flag (a PTE's first software bit, never cached from a PTE): a Bare-mode page,
    /// reachable from S- and U-mode alike.
    private static let bare: UInt64 = 1 << 8

    /// The physical address of `address` for an access of `kind`, or nil after recording the fault in
    /// `faultCause` and `faultAddress`. Callers translate only when `translatesFetches`/`translatesData`.
    @inline(__always)
    public func translate(_ address: UInt64, for kind: MemoryAccessKind) -> UInt64? {
        let pageNumber = address >> 12
        let index = Int(truncatingIfNeeded: pageNumber) & (AddressTranslator.entryCount - 1)
        if tags[index] == pageNumber &+ 1, permits(flags[index], kind) {
            return physicalPages[index] | (address & 0xfff)
        }
        return walk(address, for: kind)
    }

    /// Whether a leaf PTE's flags allow the access at the current privilege (12.3.2 step 5 and 7).
    @inline(__always)
    private func permits(_ pte: UInt64, _ kind: MemoryAccessKind) -> Bool {
        let privilege = kind == .fetch ? fetchPrivilege : dataPrivilege
        if pte & AddressTranslator.bare != 0 {
            // PMP alone decides (its permissions are in R, W and X).
        } else if pte & AddressTranslator.user != 0 {
            // "Supervisor mode ... may not execute code on a page accessible in user mode"; loads and
            // stores need SUM.
            if privilege == .supervisor, kind == .fetch || !supervisorUserMemoryAccess { return false }
        } else if privilege == .user {
            return false
        }
        if pte & AddressTranslator.accessed == 0 { return false }
        switch kind {
        case .fetch: return pte & AddressTranslator.executable != 0
        case .load:
            return pte & AddressTranslator.readable != 0
                || (makeExecutableReadable && pte & AddressTranslator.executable != 0)
        case .store: return pte & (AddressTranslator.writable | AddressTranslator.dirty)
            == AddressTranslator.writable | AddressTranslator.dirty
        }
    }

    /// The page-table walk of 12.3.2 ("Virtual Address Translation Process"), for Sv39 and Sv48.
    @inline(never)
    private func walk(_ address: UInt64, for kind: MemoryAccessKind) -> UInt64? {
        walks += 1
        if mode == AddressTranslator.modeBare { return protectedPage(address, physical: address, for: kind, flags: AddressTranslator.bare) }
        let levels = mode == AddressTranslator.modeSv48 ? 4 : 3
        let virtualBits = UInt64(12 + 9 * levels)
        // "Instruction fetch addresses and load and store effective addresses ... must have bits 63–39
        // all equal to bit 38, or else a page-fault exception will occur."
        let upper = Int64(bitPattern: address) >> Int64(virtualBits - 1)
        guard upper == 0 || upper == -1 else { return fault(address, kind.pageFault) }
        var tableAddress = (addressTranslation & 0xfff_ffff_ffff) << 12
        var level = levels - 1
        while true {
            let index = (address >> UInt64(12 + 9 * level)) & 0x1ff
            // A PTE outside physical memory is an access fault of the original access type.
            let pteAddress = tableAddress &+ index &* 8
            // "If accessing pte violates a PMA or PMP check, raise an access-fault exception corresponding
            // to the original access type" (12.3.2 step 2): walks read as S-mode.
            guard !protectionRestricts || protection.permissions(at: pteAddress) & PhysicalMemoryProtection.read != 0,
                  let pte = memory.load(pteAddress, as: UInt64.self) else {
                return fault(address, kind.accessFault)
            }
            // "If pte.v = 0, or if pte.r = 0 and pte.w = 1, or if any bits or encodings that are reserved
            // for future standard use are set within pte, stop and raise a page-fault exception."
            // Bits 63..54 (N, PBMT, reserved) are reserved here: Svnapot and Svpbmt are not implemented.
            if pte & AddressTranslator.valid == 0
                || pte & (AddressTranslator.readable | AddressTranslator.writable) == AddressTranslator.writable
                || pte >> 54 != 0 {
                return fault(address, kind.pageFault)
            }
            let physicalPageNumber = (pte >> 10) & 0xfff_ffff_ffff
            if pte & (AddressTranslator.readable | AddressTranslator.executable) == 0 {
                // A pointer to the next level. "For non-leaf PTEs, the D, A, and U bits are reserved."
                guard level > 0, pte & (AddressTranslator.accessed | AddressTranslator.dirty
                                        | AddressTranslator.user) == 0 else {
                    return fault(address, kind.pageFault)
                }
                level -= 1
                tableAddress = physicalPageNumber << 12
                continue
            }
            // A leaf. "If i > 0 and pte.ppn[i−1:0] ≠ 0, this is a misaligned superpage."
            let superpageMask: UInt64 = (1 << UInt64(9 * level)) - 1
            guard physicalPageNumber & superpageMask == 0 else { return fault(address, kind.pageFault) }
            guard permits(pte, kind) else { return fault(address, kind.pageFault) }
            let physicalPage = (physicalPageNumber | (pageNumberBits(address) & superpageMask)) << 12
            if level > 0 {
                let size = UInt64(1) << UInt64(12 + 9 * level)
                let first = address & ~(size - 1)
                // Past the limit, the array stops growing and every address flush is a full one.
                if superpages.count < AddressTranslator.superpageLimit, !superpages.contains(where: { $0.contains(address) }) {
                    superpages.append(first...(first | (size - 1)))
                }
            }
            return protectedPage(address, physical: physicalPage | (address & 0xfff), for: kind, flags: pte & 0xff)
        }
    }

    /// Finishes a translation of `address` to `physical` whose page-table (or Bare-mode) permissions are
    /// `flags` and allow the access: checks PMP, and caches the page with the permissions both grant when
    /// one PMP entry decides for all of it.
    private func protectedPage(_ address: UInt64, physical: UInt64, for kind: MemoryAccessKind,
                               flags pageFlags: UInt64) -> UInt64? {
        var cachedFlags = pageFlags
        if protectionRestricts {
            let granted = UInt64(protection.permissions(at: physical))
            let needed: UInt64 = switch kind {
            case .fetch: UInt64(PhysicalMemoryProtection.execute)
            case .load: UInt64(PhysicalMemoryProtection.read)
            case .store: UInt64(PhysicalMemoryProtection.write)
            }
            guard granted & needed != 0 else { return fault(address, kind.accessFault) }
            // An entry boundary inside the page: check every access of it afresh (not cached).
            guard let pagePermissions = protection.permissions(ofPage: physical & ~0xfff) else { return physical }
            // PMP's R, W and X sit one bit below the PTE's. A Bare page has PMP's; a mapped page keeps
            // what both grant.
            let protectionBits = UInt64(pagePermissions) << 1
            if pageFlags & AddressTranslator.bare != 0 {
                cachedFlags |= protectionBits
            } else {
                cachedFlags &= ~(AddressTranslator.readable | AddressTranslator.writable | AddressTranslator.executable)
                    | protectionBits
            }
        } else if pageFlags & AddressTranslator.bare != 0 {
            cachedFlags |= AddressTranslator.readable | AddressTranslator.writable | AddressTranslator.executable
        }
        if pageFlags & AddressTranslator.bare != 0 {
            cachedFlags |= AddressTranslator.valid | AddressTranslator.accessed | AddressTranslator.dirty
        }
        let pageNumber = address >> 12
        let entry = Int(truncatingIfNeeded: pageNumber) & (AddressTranslator.entryCount - 1)
        tags[entry] = pageNumber &+ 1
        physicalPages[entry] = physical & ~0xfff
        flags[entry] = cachedFlags
        return physical
    }

    /// The virtual page number bits of an address (without sign extension).
    @inline(__always)
    private func pageNumberBits(_ address: UInt64) -> UInt64 { (address >> 12) & 0xf_ffff_ffff }

    private func fault(_ address: UInt64, _ cause: ExceptionCause) -> UInt64? {
        faultCause = cause
        faultAddress = address
        return nil
    }

    /// Records a fault found outside a translation (an access outside physical memory) for the engine
    /// to report like a translation fault.
    public func recordFault(_ cause: ExceptionCause, at address: UInt64) {
        faultCause = cause
        faultAddress = address
    }
}
