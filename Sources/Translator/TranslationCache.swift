// The translation cache (see ../shared/guide/PERFORMANCE.md, techniques 1 and 6): translated blocks by
// guest pc, their code in `ExecutableMemory`, the links between them (patched jumps), the
// direct-mapped indirect-branch lookup table generated code reads, and the fault-site table the host
// fault handler reads.
import CMorphSupport
import MorphCore
import RISCV
import X86

/// One translated block.
struct TranslatedBlock {
    /// Its first guest instruction.
    var start: UInt64
    /// One past its last guest byte.
    var end: UInt64
    /// Host address of its code.
    var code: UnsafeRawPointer
    /// The instruction the interpreter runs when the block is only a fallback (its code exits at once).
    var fallback: Instruction?
    /// Exits of other blocks linked to this one, to unlink when it is dropped.
    var incoming: [ChainSite] = []
    /// Whether it was dropped (its code is never entered again).
    var dropped = false
    /// Its guest instructions (0 for a fallback block).
    var length = 0
}

/// Blocks, their code and the tables generated code reads.
final class TranslationCache {
    /// The code memory.
    let memory: ExecutableMemory
    /// Blocks by index; dropped ones stay until the next flush.
    private(set) var blocks: [TranslatedBlock] = []
    /// Live blocks by start pc.
    private var byStart: [UInt64: Int] = [:]
    /// Live blocks by the guest pages they cover.
    private var byPage: [UInt64: [Int]] = [:]
    /// The indirect-branch lookup table: `lookupEntries` pairs of (guest pc, host code address).
    let lookupTable: UnsafeMutablePointer<UInt64>
    /// Entries of the lookup table.
    static let lookupEntries = 4096
    /// Guest accesses in generated code, sorted by host offset (read by the fault handler).
    private(set) var faultSites: UnsafeMutablePointer<morph_fault_site>
    /// Entries in use in `faultSites`.
    private(set) var faultSiteCount = 0
    private var faultSiteCapacity = 1024
    /// Instruction records helper calls are passed, kept until the next flush.
    private var records: [UnsafeMutablePointer<Instruction>] = []

    /// Blocks translated since creation.
    private(set) var translatedBlocks = 0
    /// Exits linked to their target.
    private(set) var linkedExits = 0
    /// Times the whole cache was flushed (full, or fence.i).
    private(set) var flushes = 0
    /// Blocks dropped by range invalidation.
    private(set) var droppedBlocks = 0

    /// A cache over `memory`, whose permanent part holds the trampolines.
    init(memory: ExecutableMemory) {
        self.memory = memory
        lookupTable = .allocate(capacity: 2 * TranslationCache.lookupEntries)
        faultSites = .allocate(capacity: faultSiteCapacity)
        clearLookupTable()
    }

    deinit {
        lookupTable.deallocate()
        faultSites.deallocate()
        for record in records { record.deallocate() }
    }

    private func clearLookupTable() {
        for entry in 0..<TranslationCache.lookupEntries {
            lookupTable[2 * entry] = UInt64.max  // odd: matches no target
            lookupTable[2 * entry + 1] = 0
        }
    }

    /// The live block starting at `pc`.
    func block(at pc: UInt64) -> Int? { byStart[pc] }

    /// Enters the block for `pc` in the lookup table.
    func remember(_ index: Int) {
        let block = blocks[index]
        let entry = Int(truncatingIfNeeded: (block.start >> 1) & UInt64(TranslationCache.lookupEntries - 1))
        lookupTable[2 * entry] = block.start
        lookupTable[2 * entry + 1] = UInt64(UInt(bitPattern: block.code))
    }

    /// Installs an emitted block. Returns nil when the code memory is full (the caller flushes).
    func install(_ emitter: BlockEmitter, start: UInt64, end: UInt64, fallback: Instruction?) -> Int? {
        // The helper records are the cache's from now on (freed at the next flush, installed or not).
        records.append(contentsOf: emitter.helperRecords)
        let bytes = emitter.assembler.bytes
        guard memory.nextOffset == Int(bitPattern: UInt(bitPattern: emitter.blockAddress) &- UInt(bitPattern: memory.base)),
              let offset = memory.append(bytes) else { return nil }
        let code = UnsafeRawPointer(memory.address(offset))
        for site in emitter.faultSites {
            let landing = site.landing.map { UInt64(offset + emitter.assembler.offset(of: $0)!) } ?? 0
            appendFaultSite(morph_fault_site(host_offset: UInt64(offset + site.offset), guest_pc: site.pc,
                                             not_executed: site.notExecuted, landing_offset: landing))
        }
        let index = blocks.count
        blocks.append(TranslatedBlock(start: start, end: end, code: code, fallback: fallback,
                                      length: fallback == nil ? emitter.count : 0))
        byStart[start] = index
        var page = start & ~0xfff
        while page < end {
            byPage[page, default: []].append(index)
            page &+= 0x1000
        }
        translatedBlocks += 1
        return index
    }

    private func appendFaultSite(_ site: morph_fault_site) {
        if faultSiteCount == faultSiteCapacity {
            let larger = UnsafeMutablePointer<morph_fault_site>.allocate(capacity: faultSiteCapacity * 2)
            larger.update(from: faultSites, count: faultSiteCount)
            faultSites.deallocate()
            faultSites = larger
            faultSiteCapacity *= 2
        }
        faultSites[faultSiteCount] = site
        faultSiteCount += 1
    }

    /// Links the exit whose rel32 field is at `field` (its stub at `stub`) to block `target`.
    func link(field: UnsafeMutableRawPointer, stub: UnsafeRawPointer, to target: Int) {
        Assembler.patchRelative32(field: field, target: blocks[target].code)
        blocks[target].incoming.append(ChainSite(field: field, stub: stub, target: blocks[target].start))
        linkedExits += 1
    }

    /// Drops the blocks overlapping `[start, end)`: unlinks the exits into them and forgets them.
    /// Returns the number dropped.
    @discardableResult
    func drop(from start: UInt64, to end: UInt64) -> Int {
        guard end > start else { return 0 }
        var dropped = 0
        var page = start & ~0xfff
        let pageCount = ((end &- 1) >> 12) &- (start >> 12) &+ 1
        if pageCount > UInt64(byPage.count) {
            // Wider than what is cached: look at every cached page instead.
            for (cachedPage, indices) in byPage where cachedPage &+ 0x1000 > start && cachedPage < end {
                for index in indices { dropped += dropBlock(index) }
                byPage[cachedPage] = nil
            }
            droppedBlocks += dropped
            return dropped
        }
        for _ in 0..<pageCount {
            if let indices = byPage.removeValue(forKey: page) {
                for index in indices { dropped += dropBlock(index) }
            }
            page &+= 0x1000
        }
        droppedBlocks += dropped
        return dropped
    }

    private func dropBlock(_ index: Int) -> Int {
        guard !blocks[index].dropped else { return 0 }
        blocks[index].dropped = true
        for site in blocks[index].incoming { Assembler.patchRelative32(field: site.field, target: site.stub) }
        blocks[index].incoming = []
        let start = blocks[index].start
        if byStart[start] == index { byStart[start] = nil }
        let entry = Int(truncatingIfNeeded: (start >> 1) & UInt64(TranslationCache.lookupEntries - 1))
        if lookupTable[2 * entry] == start { lookupTable[2 * entry] = UInt64.max }
        return 1
    }

    /// Forgets every block and its code.
    func flush() {
        blocks.removeAll(keepingCapacity: true)
        byStart.removeAll(keepingCapacity: true)
        byPage.removeAll(keepingCapacity: true)
        clearLookupTable()
        faultSiteCount = 0
        for record in records { record.deallocate() }
        records.removeAll(keepingCapacity: true)
        memory.reset()
        flushes += 1
    }
}
