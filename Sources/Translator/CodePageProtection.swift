// Self-modifying code (see ../shared/guide/PERFORMANCE.md, technique 9): guest pages that hold
// translated code and that the guest may write are write-protected in the host. A guest store to one
// faults; every translator holding code from that page drops it, the protection is lifted and the store
// runs again. A page that is written and executed over and over stops being protected: its blocks check
// their own code bytes on entry instead (BlockEmitter.emitCodeCheck).
//
// One address space may run several threads, each with its own translator and translation cache, while
// the host protection of a page is one per address space: the protection lives in one object all the
// translators over a `GuestMemory` share (`GuestMemory.sharedEngineState`). A translator only ever drops
// its own blocks; what another thread's write made stale reaches it as a pending drop it applies before
// it next enters generated code. Until then it may still run the old code, which RISC-V allows: another
// hart's store becomes visible to instruction fetch only after this hart's fence.i, and fence.i (and the
// environment's invalidations) go through the dispatcher.
import Glibc
import MorphCore
import Synchronization

/// The write-protected code pages of one address space, shared by the translators running in it.
final class CodePageProtection: @unchecked Sendable {
    /// Page drops waiting for one translator (another thread wrote code it had translated).
    final class Mailbox: @unchecked Sendable {
        /// Whether drops are waiting: read without the lock by the owner's dispatcher before each entry.
        var hasPending: Bool { pending.load(ordering: .acquiring) }
        private let pending = Atomic<Bool>(false)
        private var pages: [UInt64] = []

        /// Takes the pending pages (under the registry's lock).
        fileprivate func take() -> [UInt64] {
            defer {
                pages.removeAll()
                pending.store(false, ordering: .releasing)
            }
            return pages
        }

        /// Adds a page to drop (under the registry's lock).
        fileprivate func post(_ page: UInt64) {
            pages.append(page)
            pending.store(true, ordering: .releasing)
        }
    }

    private let memory: GuestMemory
    private let lock = HostLock()
    /// Pages write-protected because translated code came from them, with the translators (by
    /// identifier) holding blocks from each.
    private var holders: [UInt64: Set<Int>] = [:]
    /// How many times each page's protection was lifted by a write.
    private var writes: [UInt64: Int] = [:]
    /// Pages written too often to protect: their blocks check their code on entry.
    private var checkedPages: Set<UInt64> = []
    /// The registered translators' mailboxes.
    private var mailboxes: [Int: Mailbox] = [:]
    private var nextIdentifier = 0
    /// Writes to protected code pages so far.
    private var writeFaults = 0

    /// Protection lifts after which a page's blocks check their code instead.
    static let checkedAfter = 8

    /// The registry shared by every translator over `memory`.
    static func shared(by memory: GuestMemory) -> CodePageProtection {
        memory.sharedEngineState { CodePageProtection(memory: memory) }
    }

    private init(memory: GuestMemory) {
        self.memory = memory
    }

    /// Registers a translator: its identifier and the mailbox of drops other threads' writes cause.
    func register() -> (identifier: Int, mailbox: Mailbox) {
        lock.withLock {
            nextIdentifier += 1
            let mailbox = Mailbox()
            mailboxes[nextIdentifier] = mailbox
            return (nextIdentifier, mailbox)
        }
    }

    /// Forgets a translator (its thread ended): it holds no page any more.
    func unregister(_ identifier: Int) {
        lock.withLock {
            mailboxes[identifier] = nil
            for page in holders.keys { holders[page]?.remove(identifier) }
        }
    }

    /// Takes the pages a translator must drop.
    func takePending(_ mailbox: Mailbox) -> [UInt64] { lock.withLock { mailbox.take() } }

    /// Whether blocks from `page` must check their code bytes on entry.
    func isChecked(_ page: UInt64) -> Bool { lock.withLock { checkedPages.contains(page) } }

    /// Records that translator `identifier` translated code from the guest-writable `page`: write-protects
    /// it unless it is already protected. Returns false when the page is a checked page (or could not be
    /// protected): the block must check its code on entry instead.
    func hold(_ page: UInt64, by identifier: Int) -> Bool {
        lock.withLock {
            if checkedPages.contains(page) { return false }
            if holders[page] == nil {
                guard memory.protect(page, length: 0x1000, readable: true, writable: false) else { return false }
                holders[page] = []
            }
            holders[page]?.insert(identifier)
            return true
        }
    }

    /// A write (by the guest, or by the environment for it) reached `page`: if it is protected for
    /// translated code, lifts the protection (to `writable`), tells every other holder to drop the page
    /// and returns true; the caller drops its own blocks from it. False: not a protected code page.
    func releaseForWrite(_ page: UInt64, by identifier: Int, writable: Bool) -> Bool {
        lock.withLock {
            guard let pageHolders = holders.removeValue(forKey: page) else { return false }
            memory.protect(page, length: 0x1000, readable: true, writable: writable)
            for holder in pageHolders where holder != identifier { mailboxes[holder]?.post(page) }
            writeFaults += 1
            let count = writes[page, default: 0] + 1
            writes[page] = count
            if count >= CodePageProtection.checkedAfter { checkedPages.insert(page) }
            return true
        }
    }

    /// Translator `identifier` dropped its blocks from the pages in `[start, end)` (the environment
    /// changes their mapping, or fence.i / the flush-icache call): pages no translator holds any more get
    /// the guest's protection back (`writable(page)`).
    func release(from start: UInt64, to end: UInt64, by identifier: Int, writable: (UInt64) -> Bool) {
        lock.withLock {
            for page in pages(from: start, to: end) {
                holders[page]?.remove(identifier)
                if let remaining = holders[page], remaining.isEmpty {
                    holders[page] = nil
                    memory.protect(page, length: 0x1000, readable: true, writable: writable(page))
                }
            }
        }
    }

    /// Counters for `--stats` over the whole address space: pages protected, pages checked, and writes
    /// that lifted a protection.
    var counts: (protected: Int, checked: Int, writes: Int) { lock.withLock { (holders.count, checkedPages.count, writeFaults) } }

    /// The protected pages overlapping `[start, end)` (under the lock).
    private func pages(from start: UInt64, to end: UInt64) -> [UInt64] {
        guard end > start, !holders.isEmpty else { return [] }
        let first = start & ~0xfff
        let count = ((end &- 1) >> 12) &- (start >> 12) &+ 1
        if count > UInt64(holders.count) {
            return holders.keys.filter { $0 >= first && $0 < end }.sorted()
        }
        return (0..<count).map { first &+ $0 << 12 }.filter { holders[$0] != nil }
    }
}
