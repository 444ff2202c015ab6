// The dynamic binary translator as an execution engine (see ../shared/guide/ARCHITECTURE.md, "Engines"):
// the dispatcher that finds or translates the block at pc, enters generated code, and handles what it
// returns with: links direct exits, fills the indirect-branch table, hands single instructions to the
// interpreter, and reports stops to the environment like the interpreter does.
//
// Reading guide: `init` emits the trampolines (enter, shared exit, fault exit) into the permanent part of
// the code memory; `run` is the dispatch loop; `translate` decodes a block (BlockEmitter.kind says what
// ends it) and installs its code (TranslationCache).
import CMorphSupport
import Glibc
import Interpreter
import MorphCore
import RISCV
import X86

/// RISC-V to x86-64 translation at run time, with the interpreter as reference and fallback.
public final class DynamicTranslator: ExecutionEngine {
    /// The hart it runs.
    public let hart: Hart
    private let memory: GuestMemory
    private let mode: ExecutionMode
    private weak var codeAccess: CodeAccessPolicy?
    private let addressTranslator: AddressTranslator?
    /// The interpreter: runs what is not translated and the last instructions of a budget.
    private let interpreter: Interpreter
    private let cache: TranslationCache
    private let code: ExecutableMemory
    /// The fault handler's view of the code (C struct at a fixed address).
    private let handlerView: UnsafeMutablePointer<morph_translated_code>
    private let enter: @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UnsafeRawPointer) -> UInt32
    private let environment: EmitterEnvironment

    /// Instructions retired by generated code (the interpreter counts its own).
    private var translatedInstructions: UInt64 = 0
    /// Entries into generated code from the dispatcher.
    private var entries = 0
    /// Indirect jumps that missed the lookup table.
    private var indirectMisses = 0
    /// Instructions handed to the interpreter one at a time.
    private var fallbacks = 0
    /// Blocks the interpreter ran because they had not run often enough to be translated.
    private var interpretedBlocks = 0
    /// `--verify`: the reference each block is checked against (nil: not verifying).
    private let verifier: BlockVerifier?
    /// Write-protected code pages and checked pages (user mode), shared with the translators of the
    /// other threads of the address space.
    private let protection: CodePageProtection
    /// This translator's identifier in `protection`, and the page drops other threads' writes leave it.
    private let protectionIdentifier: Int
    private let protectionMailbox: CodePageProtection.Mailbox
    /// The guest address of the last write fault retried on a page no translator held (another thread
    /// had just lifted its protection); the same fault twice in a row is the guest's.
    private var retriedWrite: UInt64?
    /// The interpreter under the translator's own fault guard.
    private let guardedInterpreter: GuardedInterpreter
    /// Visits of blocks not translated yet, and their length in instructions.
    private var coldBlocks: [UInt64: (visits: UInt32, length: UInt64)] = [:]
    /// Visits after which a block is translated (tiering: short runs stay in the interpreter, whose
    /// start costs nothing, and only code that runs repeatedly pays for translation); 1 translates every
    /// block on its first visit.
    private let tieringThreshold: UInt32
    /// Nanoseconds spent translating.
    private var translationNanoseconds: UInt64 = 0
    /// `/tmp/perf-PID.map` when `MORPH_PERF_MAP` is set: perf(1) then names translated blocks by guest pc.
    private let perfMap: UnsafeMutablePointer<FILE>? = getenv("MORPH_PERF_MAP") == nil ? nil
        : fopen("/tmp/perf-\(getpid()).map", "a")

    /// Whether blocks go on across plain jumps within their page (off with `MORPH_FOLLOW_JUMPS=0`, to
    /// measure what it gains).
    private let followsJumps = getEnvironment("MORPH_FOLLOW_JUMPS") != "0"

    /// The most instructions in one block.
    static let maximumBlockLength = 128

    /// Why the translator cannot start.
    public enum Failure: Error, CustomStringConvertible {
        /// The host refused executable memory.
        case executableMemory(size: Int)

        /// A one-line description.
        public var description: String {
            switch self {
            case .executableMemory(let size): "cannot map \(size >> 20) MiB of executable memory for the code cache"
            }
        }
    }

    /// A translator for an engine configuration (the code cache is `configuration.codeCacheSize` bytes,
    /// at least 64 KiB).
    public init(_ configuration: EngineConfiguration) throws(Failure) {
        hart = configuration.hart
        memory = configuration.memory
        mode = configuration.mode
        codeAccess = configuration.codeAccess
        addressTranslator = configuration.addressTranslator
        interpreter = Interpreter(configuration)
        tieringThreshold = configuration.translationThreshold
        verifier = configuration.verify ? BlockVerifier(configuration) : nil
        let size = max(configuration.codeCacheSize, 64 << 10)
        guard let code = ExecutableMemory(size: size) else { throw .executableMemory(size: size) }
        self.code = code
        cache = TranslationCache(memory: code)
        let trampolines = DynamicTranslator.emitTrampolines(into: code)
        enter = unsafeBitCast(trampolines.enter, to: (@convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer,
                                                                       UnsafeRawPointer) -> UInt32).self)
        environment = EmitterEnvironment(
            mode: configuration.mode, windowBase: configuration.memory.guestBase, commonExit: trampolines.exit,
            floatingPointHelper: unsafeBitCast(TranslatorHelpers.floatingPoint, to: UnsafeRawPointer.self),
            faultExit: trampolines.faultExit,
            predictsReturns: getEnvironment("MORPH_RETURN_STACK") != "0",
            allocatesRegisters: getEnvironment("MORPH_REGISTER_CACHE") != "0")
        guardedInterpreter = GuardedInterpreter(interpreter, memory: configuration.memory)
        handlerView = .allocate(capacity: 1)
        handlerView.initialize(to: morph_translated_code(
            code_low: UInt64(UInt(bitPattern: code.base)), code_high: UInt64(UInt(bitPattern: code.base)) + UInt64(size),
            sites: nil, site_count: 0, fault_exit: UInt64(UInt(bitPattern: trampolines.faultExit)),
            state_register: UInt32(GuestRegisterMap.state.number), memory_register: UInt32(GuestRegisterMap.memory.number),
            state_bias: Int64(GuestRegisterMap.stateBias), pc_offset: UInt64(HartState.pcOffset),
            budget_register: UInt32(GuestRegisterMap.budget.number),
            signal_offset: UInt64(HartState.translatorScratchOffset + 8 * ScratchWord.exitCause.rawValue),
            address_offset: UInt64(HartState.translatorScratchOffset + 8 * ScratchWord.exitValue.rawValue)))
        protection = CodePageProtection.shared(by: configuration.memory)
        (protectionIdentifier, protectionMailbox) = protection.register()
        setScratch(.lookupTable, UInt64(UInt(bitPattern: cache.lookupTable)))
        setScratch(.windowSize, memory.size)
        setScratch(.windowBase, memory.guestBase)
    }

    deinit {
        protection.unregister(protectionIdentifier)
        morph_set_translated_code(nil)
        handlerView.deallocate()
    }

    // MARK: Trampolines

    /// Emits `enter(state + bias, memory base, code) -> reason`, the shared exit (reason in eax) and the
    /// fault exit the host fault handler resumes at.
    private static func emitTrampolines(into code: ExecutableMemory)
        -> (enter: UnsafeRawPointer, exit: UnsafeRawPointer, faultExit: UnsafeRawPointer) {
        var assembler = Assembler()
        let callee: [Register] = [.rbx, .rbp, .r12, .r13, .r14, .r15]
        // enter: save the callee-saved registers, keep the stack 16-byte aligned for helper calls.
        for register in callee { assembler.push(register) }
        assembler.sub(.rsp, immediate: 8)
        assembler.mov(GuestRegisterMap.state, .rdi)
        assembler.mov(GuestRegisterMap.memory, .rsi)
        assembler.mov(.rax, .rdx)
        for (guest, host) in GuestRegisterMap.pinned { assembler.mov(host, GuestRegisterMap.slot(guest)) }
        for (guest, host) in GuestRegisterMap.floatPinned { assembler.movq(host, GuestRegisterMap.floatSlot(guest)) }
        assembler.mov(GuestRegisterMap.budget, GuestRegisterMap.scratch(.budget))
        // The return stack (BlockEmitter.pushReturnFrame) starts empty here, 16-byte aligned.
        assembler.mov(GuestRegisterMap.scratch(.returnStackBase), .rsp)
        assembler.lea(.rcx, .base(.rsp, -Int32(16 * BlockEmitter.returnStackCapacity)))
        assembler.mov(GuestRegisterMap.scratch(.returnStackLimit), .rcx)
        assembler.jmp(.rax)
        // The shared exit: pinned registers back to the hart state, host registers restored.
        assembler.align(16)
        let exitOffset = assembler.offset
        for (guest, host) in GuestRegisterMap.pinned { assembler.mov(GuestRegisterMap.slot(guest), host) }
        for (guest, host) in GuestRegisterMap.floatPinned { assembler.movq(GuestRegisterMap.floatSlot(guest), host) }
        assembler.mov(GuestRegisterMap.scratch(.budget), GuestRegisterMap.budget)
        assembler.mov(.rsp, GuestRegisterMap.scratch(.returnStackBase))
        assembler.add(.rsp, immediate: 8)
        for register in callee.reversed() { assembler.pop(register) }
        assembler.ret()
        // The fault exit: the handler has recorded pc, signal and address.
        assembler.align(16)
        let faultOffset = assembler.offset
        assembler.mov(.rax, immediate: UInt64(ExitReason.hostFault.rawValue))
        assembler.jmpRelative32(toOffset: exitOffset)
        guard let base = code.append(assembler.bytes) else { preconditionFailure("code memory smaller than its trampolines") }
        code.makePermanent()
        let start = UnsafeRawPointer(code.address(base))
        return (start, start + exitOffset, start + faultOffset)
    }

    // MARK: State words

    private var scratch: UnsafeMutablePointer<UInt64> {
        (UnsafeMutableRawPointer(hart.state) + HartState.translatorScratchOffset).assumingMemoryBound(to: UInt64.self)
    }

    private func setScratch(_ word: ScratchWord, _ value: UInt64) { scratch[word.rawValue] = value }
    private func getScratch(_ word: ScratchWord) -> UInt64 { scratch[word.rawValue] }

    // MARK: ExecutionEngine

    /// Instructions retired by generated code and by the interpreter.
    public var executedInstructions: UInt64 { translatedInstructions &+ interpreter.executedInstructions }

    /// Counts instructions the environment completed.
    public func retire(_ count: UInt64) { interpreter.retire(count) }

    /// Drops translations and decoded code in `[start, end)`.
    public func invalidateCode(from start: UInt64, to end: UInt64) {
        protection.release(from: start, to: end, by: protectionIdentifier, writable: guestWritable)
        dropCode(from: start, to: end)
    }

    /// Drops every translation and all decoded code.
    public func invalidateAllCode() {
        invalidateTranslations()
        interpreter.invalidateAllCode()
    }

    /// Lifts the write protection of translated code pages in `[start, end)` before the environment
    /// writes there, dropping their translations.
    public func prepareForHostWrite(from start: UInt64, to end: UInt64) {
        guard end > start else { return }
        var page = start & ~0xfff
        while page < end {
            if protection.releaseForWrite(page, by: protectionIdentifier, writable: guestWritable(page)) {
                dropCode(from: page, to: page &+ 0x1000)
            }
            page &+= 0x1000
        }
    }

    /// Whether the guest may write `page` (the protection a code page gets back).
    private func guestWritable(_ page: UInt64) -> Bool { codeAccess?.isWritable(pageAddress: page) ?? true }

    /// Drops this translator's blocks, decoded code and cold-block counts from `[start, end)`.
    private func dropCode(from start: UInt64, to end: UInt64) {
        let floatingPointState = GuestFloatingPointEnvironment.suspend()
        defer { GuestFloatingPointEnvironment.resume(floatingPointState) }
        cache.drop(from: start, to: end)
        verifier?.interpreter.invalidateCode(from: start, to: end)
        coldBlocks = coldBlocks.filter { $0.key < start & ~0xfff || $0.key >= end }
        interpreter.invalidateCode(from: start, to: end)
    }

    /// Drops the pages other threads' writes made stale (before entering generated code).
    private func takePendingDrops() {
        for page in protection.takePending(protectionMailbox) { dropCode(from: page, to: page &+ 0x1000) }
    }

    /// Whether a host fault at guest `address` was a write to a page protected for translated code (now
    /// unprotected: the faulting instruction can run again).
    private func resolveCodeWrite(_ signal: Int32, at address: UInt64) -> Bool {
        let page = address & ~0xfff
        guard signal == SIGSEGV, mode == .user else { return false }
        if protection.releaseForWrite(page, by: protectionIdentifier, writable: guestWritable(page)) {
            dropCode(from: page, to: page &+ 0x1000)
            retriedWrite = nil
            return true
        }
        // Another thread may have lifted the protection between this fault and now: a page the guest may
        // write is tried once more; the same fault again is the guest's own.
        if retriedWrite != address, codeAccess?.isWritable(pageAddress: page) == true {
            retriedWrite = address
            return true
        }
        retriedWrite = nil
        return false
    }

    /// Drops code fetched through virtual addresses (generated code only runs untranslated fetches).
    public func invalidateVirtualCode() { interpreter.invalidateVirtualCode() }

    /// Drops the code decoded from one virtual page (translations exist for physical code only).
    public func invalidateVirtualCode(page: UInt64) { interpreter.invalidateVirtualCode(page: page) }

    /// Folds host floating-point flags into `fflags`.
    public func collectFloatingPointFlags() { interpreter.collectFloatingPointFlags() }

    /// The translator's counters for `--stats`.
    public var statistics: [EngineStatistic] {
        [EngineStatistic("instructions in translated code", "\(translatedInstructions)"),
         EngineStatistic("instructions interpreted", "\(interpreter.executedInstructions)"),
         EngineStatistic("blocks translated", "\(cache.translatedBlocks)"),
         EngineStatistic("translation time", "\(translationNanoseconds / 1_000_000) ms"),
         EngineStatistic("linked exits", "\(cache.linkedExits)"),
         EngineStatistic("dispatcher entries", "\(entries)"),
         EngineStatistic("indirect-lookup misses", "\(indirectMisses)"),
         EngineStatistic("single-instruction fallbacks", "\(fallbacks)"),
         EngineStatistic("cold blocks interpreted", "\(interpretedBlocks)"),
         EngineStatistic("code-cache bytes", "\(code.used - code.permanentSize)"),
         EngineStatistic("code-cache flushes", "\(cache.flushes)"),
         EngineStatistic("blocks invalidated", "\(cache.droppedBlocks)"),
         EngineStatistic("writes to translated code", "\(protection.counts.writes)"),
         EngineStatistic("code pages write-protected", "\(protection.counts.protected)"),
         EngineStatistic("code pages checked on entry", "\(protection.counts.checked)"),
         EngineStatistic("host faults in translated code", "\(morph_translated_faults())")]
            + (verifier.map { [EngineStatistic("blocks verified", "\($0.verifiedBlocks)")] } ?? [])
            + interpreter.statistics
    }

    /// Runs until a stop, an exception or `limit` instructions.
    public func run(limit: UInt64) -> StopReason {
        // Generated code runs untranslated addresses only; paging stays with the interpreter.
        if let addressTranslator, addressTranslator.translatesFetches || addressTranslator.translatesData {
            return interpreter.run(limit: limit)
        }
        guard limit > 0 else { return interpreter.run(limit: 0) }
        GuestFloatingPointEnvironment.enter()
        setScratch(.budget, limit)
        var folded: UInt64 = 0  // budget already counted as retired
        let state = UnsafeMutableRawPointer(hart.state) + GuestRegisterMap.stateBias
        let memoryBase = memory.hostBase
        morph_set_translated_code(handlerView)  // its fault sites are published before each entry
        defer { morph_set_translated_code(nil) }

        /// Counts what generated code retired since the last fold (limit - budget - folded).
        func fold() {
            let used = limit &- getScratch(.budget)
            let retired = used &- folded
            folded = used
            translatedInstructions &+= retired
            hart.state.pointee.instructionsRetired &+= retired
        }

        /// Runs `count` instructions (straight-line: one block, or one instruction) in the interpreter,
        /// their budget taken from generated code's, under the translator's own fault guard: a host fault
        /// counts what ran before it and becomes `hostFault`, or nil when it was a write to protected code
        /// (then resolved: the dispatcher runs the faulting instruction again).
        func interpret(_ count: UInt64) -> StopReason? {
            fold()
            interpreter.collectFloatingPointFlags()
            let start = hart.pc
            let before = interpreter.executedInstructions
            let outcome = guardedInterpreter(limit: count)
            let signal = outcome.signal
            var reason = outcome.reason
            if signal != 0 {
                // The interpreter stored the pc of the faulting access; what ran before it retires.
                interpreter.collectFloatingPointFlags()
                interpreter.retire(straightLineCount(from: start, to: hart.pc, limit: count))
            }
            let executed = interpreter.executedInstructions &- before
            setScratch(.budget, getScratch(.budget) &- executed)
            folded &+= executed
            GuestFloatingPointEnvironment.enter()
            if signal != 0 {
                let address = outcome.faultAddress &- UInt64(UInt(bitPattern: memory.hostBase)) &+ memory.guestBase
                if resolveCodeWrite(signal, at: address) { return nil }
                reason = .hostFault(signal: signal, address: address)
            }
            return reason
        }

        /// What follows an interpreter slice: nil to go on dispatching, or the stop to return (the
        /// slice's own stop, or the instruction limit once the budget is spent).
        func stopAfter(_ reason: StopReason?) -> StopReason? {
            guard let reason else { return nil }  // a write to protected code, resolved: run it again
            guard case .instructionLimit = reason else { return stop(reason, fold) }
            return getScratch(.budget) == 0 ? stop(.instructionLimit, fold) : nil
        }

        while true {
            if protectionMailbox.hasPending { takePendingDrops() }
            let pc = hart.pc
            if tieringThreshold > 1, cache.block(at: pc) == nil, let length = coldBlockLength(at: pc) {
                // A block not yet worth translating: the interpreter runs exactly its instructions.
                interpretedBlocks += 1
                if let stop = stopAfter(interpret(min(length, getScratch(.budget)))) { return stop }
                continue
            }
            guard let index = blockIndex(at: pc) else {
                // Nothing could be translated here: the interpreter reports why (a fetch fault).
                if let stop = stopAfter(interpret(1)) { return stop }
                continue
            }
            if let instruction = cache.blocks[index].fallback {
                fallbacks += 1
                let reason = interpret(1)
                if reason != nil, instruction.operation == .fenceI { invalidateTranslations() }
                if let stop = stopAfter(reason) { return stop }
                continue
            }
            entries += 1
            // --verify: the interpreter runs the block first on a copy of the state (stores taken back).
            var expectation: BlockVerifier.Expectation?
            if let verifier, UInt64(cache.blocks[index].length) <= getScratch(.budget) {
                fold()
                interpreter.collectFloatingPointFlags()
                expectation = verifier.expect(from: hart.state.pointee, count: UInt64(cache.blocks[index].length))
                GuestFloatingPointEnvironment.enter()
            }
            handlerView.pointee.sites = UnsafePointer(cache.faultSites)
            handlerView.pointee.site_count = UInt64(cache.faultSiteCount)
            let exit = enter(state, memoryBase, cache.blocks[index].code)
            if let verifier, let expectation, ExitReason(rawValue: exit) != .budget,
               ExitReason(rawValue: exit) != .codeChanged, ExitReason(rawValue: exit) != .interpret {
                fold()
                interpreter.collectFloatingPointFlags()
                GuestFloatingPointEnvironment.enter()
                let actual = hart.state.pointee
                let block = cache.blocks[index]
                if let message = verifier.difference(actual, expectation, start: block.start,
                                                     instructions: decodeBlock(at: block.start).instructions) {
                    return stop(.engineFailure(message: message), fold)
                }
            }
            switch ExitReason(rawValue: exit) {
            case .chain:
                guard getScratch(.budget) > 0 else { return stop(.instructionLimit, fold) }
                let field = UnsafeMutableRawPointer(bitPattern: UInt(getScratch(.exitValue)))!
                if let target = linkTarget(at: hart.pc), let stub = stubAddress(of: field) {
                    cache.link(field: field, stub: stub, to: target)
                }
            case .indirect:
                indirectMisses += 1
                guard getScratch(.budget) > 0 else { return stop(.instructionLimit, fold) }
                if let target = linkTarget(at: hart.pc) { cache.remember(target) }
            case .budget:
                // Fewer instructions left than the block at pc has: the interpreter runs exactly those.
                let remaining = getScratch(.budget)
                if remaining == 0 { return stop(.instructionLimit, fold) }
                if let stop = stopAfter(interpret(remaining)) { return stop }
            case .fallback:
                continue
            case .exception:
                let cause = ExceptionCause(rawValue: getScratch(.exitCause)) ?? .illegalInstruction
                return stop(.exception(cause, value: getScratch(.exitValue)), fold)
            case .hostFault:
                let address = getScratch(.exitValue) &+ memory.guestBase
                let signal = Int32(truncatingIfNeeded: getScratch(.exitCause))
                if resolveCodeWrite(signal, at: address) { continue }
                return stop(.hostFault(signal: signal, address: address), fold)
            case .interpret:
                // The rest of the block in the interpreter (frm is not round-to-nearest-even).
                if let stop = stopAfter(interpret(min(getScratch(.exitValue), getScratch(.budget)))) { return stop }
            case .codeChanged:
                // A checked block's code changed under it: translate it again from the new bytes.
                invalidateCode(from: hart.pc & ~0xfff, to: (hart.pc & ~0xfff) &+ 0x1000)
                if getScratch(.budget) == 0 { return stop(.instructionLimit, fold) }
            case nil:
                preconditionFailure("generated code returned an unknown exit \(exit)")
            }
        }
    }

    /// Folds the retired count and collects floating-point flags before returning `reason`.
    private func stop(_ reason: StopReason, _ fold: () -> Void) -> StopReason {
        fold()
        interpreter.collectFloatingPointFlags()
        return reason
    }

    /// The translated block at `pc` that exits may be linked to, if there is one: a cold target stays
    /// with the interpreter until it is hot (it is translated now only without tiering), a fallback
    /// block must return to the dispatcher, and `--verify` links nothing, so that every block returns.
    private func linkTarget(at pc: UInt64) -> Int? {
        guard verifier == nil,
              let target = tieringThreshold > 1 ? cache.block(at: pc) : blockIndex(at: pc),
              cache.blocks[target].fallback == nil else { return nil }
        return target
    }

    /// The stub a direct exit's rel32 field points to while unlinked.
    private func stubAddress(of field: UnsafeMutableRawPointer) -> UnsafeRawPointer? {
        let displacement = field.loadUnaligned(as: Int32.self)
        return UnsafeRawPointer(field + 4 + Int(displacement))
    }

    /// Drops every translation, protection and cold-block count (fence.i calls it directly: the
    /// interpreter has dropped its decoded code already).
    private func invalidateTranslations() {
        protection.release(from: 0, to: .max, by: protectionIdentifier, writable: guestWritable)
        verifier?.interpreter.invalidateAllCode()
        cache.flush()
        coldBlocks.removeAll()
    }

    // MARK: Translation

    /// The block at `pc`, translated now if needed; nil when no instruction can be fetched there.
    private func blockIndex(at pc: UInt64) -> Int? {
        if let index = cache.block(at: pc) { return index }
        let floatingPointState = GuestFloatingPointEnvironment.suspend()
        defer { GuestFloatingPointEnvironment.resume(floatingPointState) }
        let started = DynamicTranslator.nanoseconds()
        defer { translationNanoseconds &+= DynamicTranslator.nanoseconds() &- started }
        if let index = translate(at: pc) { return index }
        // The code memory is full: start over.
        cache.flush()
        return translate(at: pc)
    }

    /// Whether the page at `page` may be fetched from.
    private func fetchable(_ page: UInt64) -> Bool {
        guard memory.contains(page, length: GuestMemory.pageSize) else { return false }
        guard mode == .user else { return true }
        return codeAccess?.isExecutable(pageAddress: page) ?? true
    }

    /// The length of the block at `pc` while it is still cold (counting this visit), or nil once it has
    /// been visited `tieringThreshold` times or starts with an instruction left to the interpreter.
    private func coldBlockLength(at pc: UInt64) -> UInt64? {
        let floatingPointState = GuestFloatingPointEnvironment.suspend()
        defer { GuestFloatingPointEnvironment.resume(floatingPointState) }
        if let entry = coldBlocks[pc] {
            if entry.visits + 1 >= tieringThreshold {
                coldBlocks[pc] = nil
                return nil
            }
            coldBlocks[pc] = (entry.visits + 1, entry.length)
            return entry.length
        }
        let decoded = decodeBlock(at: pc)
        guard !decoded.instructions.isEmpty else { return nil }
        let length = UInt64(decoded.instructions.count)
        coldBlocks[pc] = (1, length)
        return length
    }

    /// The instructions of the block at `pc`, whether the last one is a jump or branch, and, when the
    /// block is empty, the instruction the interpreter must run instead.
    private func decodeBlock(at pc: UInt64) -> (instructions: [GuestInstruction], endsWithTransfer: Bool,
                                                 fallback: Instruction?) {
        let page = pc & ~0xfff
        var instructions: [GuestInstruction] = []
        var endsWithTransfer = false
        var fallback: Instruction?
        if fetchable(page) {
            var address = pc
            // Jumps are followed within the page (not in a checked page, whose blocks compare one
            // contiguous range of code bytes on entry).
            let followsJumps = followsJumps && !(mode == .user && codeAccess?.isWritable(pageAddress: page) == true
                                                && protection.isChecked(page))
            while instructions.count < DynamicTranslator.maximumBlockLength {
                guard let low = memory.load(address, as: UInt16.self) else { break }
                var word = UInt32(low)
                if low & 3 == 3 {
                    // A 32-bit instruction straddling the page end stays with the interpreter.
                    guard address & 0xfff != 0xffe, let high = memory.load(address &+ 2, as: UInt16.self) else {
                        if instructions.isEmpty { fallback = .illegal(length: 4) }
                        break
                    }
                    word |= UInt32(high) << 16
                }
                let instruction = Decoder.decode(word)
                let kind = BlockEmitter.kind(of: instruction, mode: mode)
                if kind == .interpreter {
                    if instructions.isEmpty { fallback = instruction }
                    break
                }
                instructions.append(GuestInstruction(pc: address, instruction: instruction))
                if kind == .transfer {
                    // A plain jump (jal x0) to a place in this page the block has not reached yet: the
                    // block goes on there, and the jump emits nothing (RV64I.jumpAndLink).
                    let target = address &+ UInt64(bitPattern: Int64(instruction.immediate))
                    if followsJumps, instruction.operation == .jal, instruction.rd == 0, target & ~0xfff == page,
                       !instructions.contains(where: { $0.pc == target }),
                       instructions.count < DynamicTranslator.maximumBlockLength {
                        address = target
                        continue
                    }
                    endsWithTransfer = true
                    break
                }
                address &+= UInt64(instruction.length)
                if address & 0xfff == 0 { break }
            }
        } else {
            fallback = .illegal(length: 2)
        }
        return (instructions, endsWithTransfer, fallback)
    }

    /// Decodes and installs the block at `pc`. Returns nil when the code memory is full; a pc that cannot
    /// be fetched gets a fallback block (the interpreter reports the fault).
    private func translate(at pc: UInt64) -> Int? {
        let (instructions, endsWithTransfer, fallback) = decodeBlock(at: pc)
        if instructions.isEmpty {
            // One exit stub: generated code jumping here returns to the dispatcher, which interprets.
            let address = UnsafeRawPointer(code.address(code.nextOffset))
            var emitter = BlockEmitter(instructions: [GuestInstruction(pc: pc, instruction: fallback ?? .illegal(length: 2))],
                                       at: address, environment: environment)
            emitter.exit(.fallback, pc: pc)
            return cache.install(emitter, start: pc, end: pc &+ 2, fallback: fallback ?? .illegal(length: 2))
        }
        let address = UnsafeRawPointer(code.address(code.nextOffset))
        var emitter = BlockEmitter(instructions: instructions, at: address, environment: environment)
        // One past the highest guest byte (a block that followed a jump backwards ends before its last
        // instruction's end); every instruction lies in pc's page.
        let end = instructions.map { $0.pc &+ UInt64($0.instruction.length) }.max()!
        let page = pc & ~0xfff
        if mode == .user, codeAccess?.isWritable(pageAddress: page) ?? false {
            // Code the guest may overwrite: write-protect its page, or, for a page written too often,
            // let the block check its own bytes.
            if !protection.hold(page, by: protectionIdentifier) {
                let low = instructions.map(\.pc).min()!
                if let bytes = memory.read(low, length: Int(end &- low)) { emitter.checkedCode = (low, bytes) }
            }
        }
        emitter.emitBlock(endsWithTransfer: endsWithTransfer)
        let index = cache.install(emitter, start: pc, end: end, fallback: nil)
        if let perfMap, let index {
            let start = UInt(bitPattern: cache.blocks[index].code)
            fputs("\(String(start, radix: 16)) \(String(emitter.assembler.bytes.count, radix: 16)) guest_\(String(pc, radix: 16))\n", perfMap)
            fflush(perfMap)
            // With MORPH_PERF_MAP=dump, each block's bytes also go to /tmp/morph-block-PC.bin (for objdump).
            if String(cString: getenv("MORPH_PERF_MAP")) == "dump",
               let file = fopen("/tmp/morph-block-\(String(pc, radix: 16)).bin", "w") {
                let bytes = emitter.assembler.bytes
                bytes.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
                fclose(file)
            }
        }
        return index
    }

    /// The number of instructions from `start` to `pc` in straight-line code (at most `limit`).
    private func straightLineCount(from start: UInt64, to pc: UInt64, limit: UInt64) -> UInt64 {
        // The block at start, as decoded (jumps it follows included).
        if let position = decodeBlock(at: start).instructions.prefix(Int(min(limit, UInt64(Int.max))))
            .firstIndex(where: { $0.pc == pc }) {
            return UInt64(position)
        }
        var address = start, count: UInt64 = 0
        while address != pc, count < limit, let low = memory.load(address, as: UInt16.self) {
            address &+= low & 3 == 3 ? 4 : 2
            count += 1
        }
        return address == pc ? count : 0
    }

    private static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
