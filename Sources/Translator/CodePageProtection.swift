// Self-modifying code (see ../shared/guide/PERFORMANCE.md, technique 9): guest pages that hold
// translated code and that the guest may write are write-protected in the host. A guest store to one
// faults; the translator drops that page's translations, lifts the protection and runs the store again.
// A page that is written and executed over and over stops being protected: its blocks check their own
// code bytes on entry instead (BlockEmitter.emitCodeCheck).

/// The write-protected code pages of one address space, and the pages that switched to checked blocks.
struct CodePageProtection {
    /// Pages write-protected because translated code came from them.
    private(set) var protectedPages: Set<UInt64> = []
    /// How many times each page's protection was lifted by a write.
    private var writes: [UInt64: Int] = [:]
    /// Pages written too often to protect: their blocks check their code on entry.
    private(set) var checkedPages: Set<UInt64> = []
    /// Writes to protected code pages so far.
    private(set) var writeFaults = 0

    /// Protection lifts after which a page's blocks check their code instead.
    static let checkedAfter = 8

    /// Whether blocks from `page` must check their code bytes on entry.
    func isChecked(_ page: UInt64) -> Bool { checkedPages.contains(page) }

    /// Whether `page` is write-protected for translated code.
    func isProtected(_ page: UInt64) -> Bool { protectedPages.contains(page) }

    /// Records that `page` is now write-protected.
    mutating func didProtect(_ page: UInt64) { protectedPages.insert(page) }

    /// Records that the protection of `page` was lifted (`byWrite`: a guest or host write hit it).
    mutating func didUnprotect(_ page: UInt64, byWrite: Bool) {
        protectedPages.remove(page)
        guard byWrite else { return }
        writeFaults += 1
        let count = writes[page, default: 0] + 1
        writes[page] = count
        if count >= CodePageProtection.checkedAfter { checkedPages.insert(page) }
    }

    /// The protected pages overlapping `[start, end)`.
    func protectedPages(from start: UInt64, to end: UInt64) -> [UInt64] {
        guard end > start, !protectedPages.isEmpty else { return [] }
        let first = start & ~0xfff
        let count = ((end &- 1) >> 12) &- (start >> 12) &+ 1
        if count > UInt64(protectedPages.count) {
            return protectedPages.filter { $0 >= first && $0 < end }
        }
        return (0..<count).map { first &+ $0 << 12 }.filter { protectedPages.contains($0) }
    }

    /// Forgets the write history of `[start, end)` (its pages were unmapped or remapped).
    mutating func forget(from start: UInt64, to end: UInt64) {
        let first = start & ~0xfff
        writes = writes.filter { $0.key < first || $0.key >= end }
        checkedPages = checkedPages.filter { $0 < first || $0 >= end }
    }
}
