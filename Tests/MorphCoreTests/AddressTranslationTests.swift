// Sv39/Sv48 translation (The RISC-V Instruction Set Manual, Volume II, chapter 12.3-12.5) on page tables
// built in a small physical memory: leaves at every level, the permission rules, Svade accessed/dirty
// faults, reserved encodings, and the TLB's flush.
import MorphCore
import Testing

/// Builds page tables in RAM at 0x8000_0000.
private final class PageTables {
    static let ram: UInt64 = 0x8000_0000
    let memory: GuestMemory
    let translator: AddressTranslator
    /// Next free page for tables and data.
    private var nextPage: UInt64 = PageTables.ram
    /// The root table.
    let root: UInt64
    let levels: Int

    static let v: UInt64 = 1, r: UInt64 = 2, w: UInt64 = 4, x: UInt64 = 8, u: UInt64 = 16
    static let a: UInt64 = 64, d: UInt64 = 128

    init(levels: Int = 3) throws {
        memory = try GuestMemory(guestBase: PageTables.ram, size: 16 << 20, accessible: true)
        translator = AddressTranslator(memory: memory)
        self.levels = levels
        root = PageTables.ram
        nextPage = PageTables.ram + 0x1000
        let mode = levels == 4 ? AddressTranslator.modeSv48 : AddressTranslator.modeSv39
        translator.setAddressTranslation(mode << 60 | root >> 12)
        translator.fetchPrivilege = .supervisor
        translator.dataPrivilege = .supervisor
    }

    func allocatePage() -> UInt64 {
        defer { nextPage += 0x1000 }
        return nextPage
    }

    /// Maps `virtualAddress` with a leaf at `level` (0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB) holding `pte`'s
    /// flags and the physical page number of `physical`; returns the leaf PTE's address.
    @discardableResult
    func map(_ virtualAddress: UInt64, to physical: UInt64, flags: UInt64, level: Int = 0) -> UInt64 {
        var table = root
        var current = levels - 1
        while current > level {
            let slot = table + ((virtualAddress >> UInt64(12 + 9 * current)) & 0x1ff) * 8
            var entry = memory.load(slot, as: UInt64.self)!
            if entry & PageTables.v == 0 {
                entry = (allocatePage() >> 12) << 10 | PageTables.v
                memory.store(entry, at: slot)
            }
            table = (entry >> 10) << 12
            current -= 1
        }
        let slot = table + ((virtualAddress >> UInt64(12 + 9 * level)) & 0x1ff) * 8
        memory.store((physical >> 12) << 10 | flags, at: slot)
        return slot
    }
}

@Suite("Sv39 and Sv48 address translation")
struct AddressTranslationTests {
    private typealias P = PageTables
    private static let all = P.v | P.r | P.w | P.x | P.a | P.d

    @Test("a 4 KiB leaf maps the page and keeps the offset; other pages fault with their cause and tval")
    func basePage() throws {
        let tables = try PageTables()
        let page = tables.allocatePage()
        tables.map(0x4000_1000, to: page, flags: Self.all)
        let t = tables.translator
        #expect(t.translate(0x4000_1abc, for: .load) == page + 0xabc)
        #expect(t.translate(0x4000_1ff8, for: .store) == page + 0xff8)
        #expect(t.translate(0x4000_1000, for: .fetch) == page)
        #expect(t.translate(0x4000_2000, for: .store) == nil)
        #expect(t.faultCause == .storePageFault && t.faultAddress == 0x4000_2000)
        #expect(t.translate(0x4000_0ffc, for: .fetch) == nil)
        #expect(t.faultCause == .instructionPageFault && t.faultAddress == 0x4000_0ffc)
        #expect(t.translate(0x4000_0ffc, for: .load) == nil)
        #expect(t.faultCause == .loadPageFault)
    }

    @Test("megapages and gigapages take the low page-number bits from the virtual address")
    func superpages() throws {
        let tables = try PageTables()
        tables.map(0x0020_0000, to: 0x8040_0000, flags: Self.all, level: 1)
        tables.map(0xc000_0000, to: 0x8000_0000, flags: Self.all, level: 2)
        let t = tables.translator
        #expect(t.translate(0x0023_4567, for: .load) == 0x8043_4567)
        #expect(t.translate(0xc012_3458, for: .store) == 0x8012_3458)
        // "If i > 0 and pte.ppn[i−1:0] ≠ 0, this is a misaligned superpage."
        tables.map(0x0040_0000, to: 0x8040_1000, flags: Self.all, level: 1)
        #expect(t.translate(0x0040_0000, for: .load) == nil)
        #expect(t.faultCause == .loadPageFault && t.faultAddress == 0x0040_0000)
    }

    @Test("reserved encodings fault: V = 0, W without R, bits 63..54, A/D/U on a pointer, no leaf at level 0")
    func reservedEncodings() throws {
        let tables = try PageTables()
        let page = tables.allocatePage()
        let t = tables.translator
        let leaf = tables.map(0x1000, to: page, flags: Self.all & ~P.v)
        #expect(t.translate(0x1000, for: .load) == nil)
        tables.memory.store((page >> 12) << 10 | (Self.all & ~P.r), at: leaf)
        #expect(t.translate(0x1000, for: .store) == nil)
        tables.memory.store((page >> 12) << 10 | Self.all | 1 << 54, at: leaf)
        #expect(t.translate(0x1000, for: .load) == nil)
        tables.memory.store((page >> 12) << 10 | Self.all, at: leaf)
        #expect(t.translate(0x1000, for: .load) == page)
        // The root entry is a pointer; marking it accessed makes it reserved.
        let rootEntry = tables.memory.load(tables.root, as: UInt64.self)!
        tables.memory.store(rootEntry | P.a, at: tables.root)
        t.flush()
        #expect(t.translate(0x1000, for: .load) == nil)
        #expect(t.faultCause == .loadPageFault)
        // A pointer at the last level.
        tables.memory.store(rootEntry, at: tables.root)
        tables.memory.store((page >> 12) << 10 | P.v, at: leaf)
        t.flush()
        #expect(t.translate(0x1000, for: .fetch) == nil)
        #expect(t.faultCause == .instructionPageFault)
    }

    @Test("addresses whose bits 63..39 do not all equal bit 38 fault (Sv39); Sv48 checks from bit 47")
    func canonicalAddresses() throws {
        let sv39 = try PageTables()
        sv39.map(0xffff_ffff_c000_0000, to: 0x8000_0000, flags: Self.all, level: 2)
        #expect(sv39.translator.translate(0xffff_ffff_c000_0010, for: .load) == 0x8000_0010)
        #expect(sv39.translator.translate(0x0000_007f_c000_0010, for: .load) == nil)
        #expect(sv39.translator.faultAddress == 0x0000_007f_c000_0010)
        #expect(sv39.translator.translate(0x0000_0080_0000_0000, for: .load) == nil)

        let sv48 = try PageTables(levels: 4)
        let page = sv48.allocatePage()
        sv48.map(0x0000_7fff_ffff_f000, to: page, flags: Self.all)
        #expect(sv48.translator.translate(0x0000_7fff_ffff_f008, for: .store) == page + 8)
        #expect(sv48.translator.translate(0x0000_8000_0000_0000, for: .load) == nil)
    }

    @Test("U pages: never for S fetches, for S loads and stores only with SUM; S pages never for U")
    func userAndSupervisor() throws {
        let tables = try PageTables()
        let userPage = tables.allocatePage(), supervisorPage = tables.allocatePage()
        tables.map(0x1000, to: userPage, flags: Self.all | P.u)
        tables.map(0x2000, to: supervisorPage, flags: Self.all)
        let t = tables.translator
        #expect(t.translate(0x1000, for: .load) == nil)
        #expect(t.translate(0x1000, for: .store) == nil)
        #expect(t.translate(0x1000, for: .fetch) == nil)
        t.supervisorUserMemoryAccess = true
        #expect(t.translate(0x1000, for: .load) == userPage)
        #expect(t.translate(0x1000, for: .store) == userPage)
        #expect(t.translate(0x1000, for: .fetch) == nil)
        t.fetchPrivilege = .user
        t.dataPrivilege = .user
        #expect(t.translate(0x1000, for: .fetch) == userPage)
        #expect(t.translate(0x2000, for: .load) == nil)
        #expect(t.translate(0x2000, for: .fetch) == nil)
    }

    @Test("R, W and X are checked per access; MXR makes executable pages readable")
    func permissions() throws {
        let tables = try PageTables()
        let page = tables.allocatePage()
        tables.map(0x1000, to: page, flags: P.v | P.x | P.a | P.d)
        tables.map(0x2000, to: page, flags: P.v | P.r | P.a | P.d)
        let t = tables.translator
        #expect(t.translate(0x1000, for: .fetch) == page)
        #expect(t.translate(0x1000, for: .load) == nil)
        t.makeExecutableReadable = true
        #expect(t.translate(0x1000, for: .load) == page)
        #expect(t.translate(0x1000, for: .store) == nil)
        #expect(t.translate(0x2000, for: .load) == page)
        #expect(t.translate(0x2000, for: .store) == nil)
        #expect(t.faultCause == .storePageFault)
        #expect(t.translate(0x2000, for: .fetch) == nil)
    }

    @Test("Svade: A = 0 faults every access, D = 0 faults stores; nothing in the PTE changes")
    func accessedAndDirty() throws {
        let tables = try PageTables()
        let page = tables.allocatePage()
        let leaf = tables.map(0x1000, to: page, flags: P.v | P.r | P.w)
        let t = tables.translator
        #expect(t.translate(0x1000, for: .load) == nil)
        #expect(t.faultCause == .loadPageFault)
        #expect(tables.memory.load(leaf, as: UInt64.self)! & (P.a | P.d) == 0)
        tables.memory.store((page >> 12) << 10 | P.v | P.r | P.w | P.a, at: leaf)
        t.flush()
        #expect(t.translate(0x1000, for: .load) == page)
        #expect(t.translate(0x1000, for: .store) == nil)
        #expect(t.faultCause == .storePageFault)
        #expect(tables.memory.load(leaf, as: UInt64.self)! & P.d == 0)
        tables.memory.store((page >> 12) << 10 | P.v | P.r | P.w | P.a | P.d, at: leaf)
        #expect(t.translate(0x1000, for: .store) == page)
    }

    @Test("a page-table entry outside RAM is an access fault of the original access type")
    func tableOutsideMemory() throws {
        let tables = try PageTables()
        tables.memory.store((0x1000_0000 >> 12) << 10 | P.v, at: tables.root)
        let t = tables.translator
        #expect(t.translate(0x1000, for: .fetch) == nil)
        #expect(t.faultCause == .instructionAccessFault)
        #expect(t.translate(0x1000, for: .store) == nil)
        #expect(t.faultCause == .storeAccessFault)
    }

    @Test("the TLB answers repeated translations without a walk until it is flushed")
    func translationCache() throws {
        let tables = try PageTables()
        let first = tables.allocatePage(), second = tables.allocatePage()
        let leaf = tables.map(0x5000, to: first, flags: Self.all)
        let t = tables.translator
        #expect(t.translate(0x5008, for: .load) == first + 8)
        let walks = t.walks
        #expect(t.translate(0x5010, for: .store) == first + 0x10)
        #expect(t.walks == walks)
        tables.memory.store((second >> 12) << 10 | Self.all, at: leaf)
        t.flush()
        #expect(t.translate(0x5008, for: .load) == second + 8)
        #expect(t.walks == walks + 1)
        // The cached entry keeps its flags: a change of privilege is checked against them.
        t.dataPrivilege = .user
        #expect(t.translate(0x5008, for: .load) == nil)
    }

    @Test("only Bare, Sv39 and Sv48 are supported satp modes")
    func supportedModes() {
        #expect(AddressTranslator.supportsMode(of: 0))
        #expect(AddressTranslator.supportsMode(of: 8 << 60 | 0x1234))
        #expect(AddressTranslator.supportsMode(of: 9 << 60))
        #expect(!AddressTranslator.supportsMode(of: 10 << 60))
        #expect(!AddressTranslator.supportsMode(of: 1 << 60))
    }
}
