// The reference engine: a pre-decoding interpreter with one dispatch loop (see
// ../shared/guide/ARCHITECTURE.md, "Engines"). Semantics live in one file per extension
// (RV64I, RV64M, RV64A, RV64F, RV64D, Zicsr); this file fetches, dispatches and transfers control.
import CMorphSupport
import MorphCore
import RISCV

/// Executes guest instructions on one hart over one memory window.
public final class Interpreter: ExecutionEngine {
    /// The hart it runs.
    public let hart: Hart
    /// The guest memory window.
    public let memory: GuestMemory
    /// The environment it serves.
    public let mode: ExecutionMode
    /// Who says which pages hold code; nil means every page inside the window.
    public weak var codeAccess: CodeAccessPolicy?
    /// Virtual-memory translation (system mode); nil or Bare means addresses are physical.
    public let translator: AddressTranslator?

    /// Decoded code by physical address (fetches not translated).
    private let physicalCode = DecodeCache()
    /// Decoded code by virtual address, one cache per fetch privilege (S may not run U pages).
    private let supervisorCode = DecodeCache(), userCode = DecodeCache()
    /// Whether this run's fetches are translated.
    private var translatesFetches = false
    private let context: ExecutionContext<FlatDataMemory>

    /// Instructions executed by this interpreter across all runs.
    public private(set) var executedInstructions: UInt64 = 0
    /// Code pages decoded so far.
    public var decodedPages: Int { physicalCode.decodedPages + supervisorCode.decodedPages + userCode.decodedPages }
    /// Times decoded code was dropped (all of it, or the code decoded by virtual address).
    public private(set) var invalidations = 0

    /// Creates an interpreter for `hart` over `memory`; `translator` (system mode) translates virtual
    /// addresses whenever its satp mode and the privilege level call for it.
    public init(hart: Hart, memory: GuestMemory, mode: ExecutionMode, codeAccess: CodeAccessPolicy? = nil,
                translator: AddressTranslator? = nil) {
        self.hart = hart
        self.memory = memory
        self.mode = mode
        self.codeAccess = codeAccess
        self.translator = translator
        context = ExecutionContext(x: hart.integerRegisters, f: hart.floatRegisters, state: hart.state,
                                   data: FlatDataMemory(memory: memory.hostBase, guestBase: memory.guestBase,
                                                        size: memory.size))
    }

    /// An interpreter for an engine configuration.
    public convenience init(_ configuration: EngineConfiguration) {
        self.init(hart: configuration.hart, memory: configuration.memory, mode: configuration.mode,
                  codeAccess: configuration.codeAccess, translator: configuration.addressTranslator)
    }

    /// Counts `count` instructions the environment completed for the interpreter: a Linux system call
    /// (`ecall` retires once the call is served) or a CSR or privileged instruction in system mode.
    public func retire(_ count: UInt64) {
        context.state.pointee.instructionsRetired &+= count
        executedInstructions &+= count
    }

    /// Drops all pre-decoded code (after `fence.i`, or when the environment unmaps, reprotects or
    /// rewrites code pages).
    public func invalidateAllCode() {
        physicalCode.invalidateAll()
        supervisorCode.invalidateAll()
        userCode.invalidateAll()
        invalidations += 1
    }

    /// Drops the pre-decoded pages that overlap `[start, end)` (fetch addresses: virtual pages of the
    /// user and supervisor caches are dropped whole, since their physical pages are not known here).
    public func invalidateCode(from start: UInt64, to end: UInt64) {
        guard end > start else { return }
        physicalCode.invalidate(from: start, to: end)
        userCode.invalidate(from: start, to: end)
        supervisorCode.invalidate(from: start, to: end)
        invalidations += 1
    }

    /// Nothing to do: the interpreter protects no pages (it sees code changes at `fence.i`).
    public func prepareForHostWrite(from start: UInt64, to end: UInt64) {}

    /// The interpreter's counters for `--stats`.
    public var statistics: [EngineStatistic] {
        var result = [EngineStatistic("decoded pages", "\(decodedPages)"),
                      EngineStatistic("decode-cache invalidations", "\(invalidations)")]
        if let translator {
            result.append(EngineStatistic("page-table walks", "\(translator.walks)"))
            result.append(EngineStatistic("TLB flushes", "\(translator.flushes)"))
        }
        return result
    }

    /// Drops the code decoded by virtual address (after `sfence.vma` or a satp write: the mappings it
    /// was fetched through may have changed).
    public func invalidateVirtualCode() {
        supervisorCode.invalidateAll()
        userCode.invalidateAll()
        invalidations += 1
    }

    /// Drops the code decoded from the virtual page at `page` (after `sfence.vma` with its address).
    public func invalidateVirtualCode(page: UInt64) {
        let start = page & ~0xfff
        supervisorCode.invalidate(from: start, to: start &+ 0x1000)
        userCode.invalidate(from: start, to: start &+ 0x1000)
        invalidations += 1
    }

    /// Whether an operation writes an integer rd (so rd = x0 is redirected to the write sink).
    package static let writesIntegerRegister: [Bool] = {
        var table = [Bool](repeating: false, count: Operation.allCases.count)
        for encoding in InstructionTable.encodings {
            table[Int(encoding.operation.rawValue)] = encoding.operands.hasPrefix("rd")
        }
        return table
    }()

    /// The instruction as the architecture sees it (undoing the x0 write-sink redirection).
    private static func architectural(_ instruction: Instruction) -> Instruction {
        var result = instruction
        if result.rd == 32 { result.rd = 0 }
        return result
    }

    /// The raw bits of an instruction, for an illegal-instruction trap's `tval`.
    private static func bits(of instruction: Instruction) -> UInt64 {
        if instruction.operation == .illegal { return UInt64(UInt32(bitPattern: instruction.immediate)) }
        return UInt64((try? Encoder.encode(architectural(instruction))) ?? 0)
    }

    /// Decodes the instruction at `pc` into its slot. Returns false if its second half lies in a page
    /// that cannot be fetched.
    private func decode(at pc: UInt64, into slot: UnsafeMutablePointer<Instruction>) -> Bool {
        guard let physical = physicalFetchAddress(pc), let low = memory.load(physical, as: UInt16.self) else {
            return false
        }
        var word = UInt32(low)
        if low & 3 == 3 {
            let second = pc &+ 2
            var secondPhysical = physical &+ 2
            if second & 0xfff == 0 {
                guard let next = fetchablePage(second) else { return false }
                secondPhysical = next
            }
            guard let high = memory.load(secondPhysical, as: UInt16.self) else { return false }
            word |= UInt32(high) << 16
        }
        var instruction = Decoder.decode(word)
        if instruction.rd == 0, Interpreter.writesIntegerRegister[Int(instruction.operation.rawValue)] {
            instruction.rd = 32
        }
        slot.pointee = instruction
        return true
    }

    /// The decoded slots of a code page in this run's cache, or nil if the page cannot be fetched.
    /// The cache is an argument, not a stored `var`: reading a class reference from a `var` on every
    /// jump to another page cost a retain and release each (measured: 8% of the bytecode benchmark).
    @inline(never)
    private func decodedSlots(forPage page: UInt64, in code: DecodeCache) -> UnsafeMutablePointer<Instruction>? {
        code.slots(forPage: page, create: { fetchablePage(page) != nil })
    }

    /// The physical address of the code page at `page`, or nil if it cannot be fetched (the translator,
    /// if any, records why).
    private func fetchablePage(_ page: UInt64) -> UInt64? {
        guard let physical = physicalFetchAddress(page) else { return nil }
        guard memory.contains(physical & ~0xfff, length: GuestMemory.pageSize) else {
            translator?.recordFault(.instructionAccessFault, at: page)
            return nil
        }
        return codeAccess?.isExecutable(pageAddress: page) ?? true ? physical : nil
    }

    /// The physical address an instruction at `address` is fetched from, or nil after a page fault.
    private func physicalFetchAddress(_ address: UInt64) -> UInt64? {
        guard translatesFetches, let translator else { return address }
        return translator.translate(address, for: .fetch)
    }

    /// The exception of a fetch at `address` that failed.
    private func fetchFault(at address: UInt64) -> StopReason {
        if translatesFetches, let translator { return .exception(translator.faultCause, value: address) }
        return .exception(codeAccess == nil ? .instructionAccessFault : .instructionPageFault, value: address)
    }

    /// Runs until an instruction needs the environment, an exception occurs, or `limit` instructions
    /// have executed. `hart.pc` is then the instruction the stop reason concerns.
    ///
    /// The loop body holds no references that need releasing, only raw pointers, so an environment
    /// that recovers from a host fault inside it may abandon its frame.
    public func run(limit: UInt64) -> StopReason {
        guard let translator else { return execute(limit: limit, context: context, code: physicalCode) }
        // Privilege and satp change only between runs (through the environment), so one run has one
        // translation regime.
        translatesFetches = translator.translatesFetches
        let code = !translatesFetches ? physicalCode : translator.fetchPrivilege == .user ? userCode : supervisorCode
        guard translator.translatesData else { return execute(limit: limit, context: context, code: code) }
        return execute(limit: limit, context: ExecutionContext(
            x: context.x, f: context.f, state: context.state,
            data: TranslatedDataMemory(physical: context.data, translator: translator)), code: code)
    }

    /// The flat data memory of this interpreter's window.
    var flatData: FlatDataMemory { context.data }

    /// A run over `data` with physical fetches (StoreLog.swift).
    func runLogged(limit: UInt64, data: LoggedDataMemory) -> StopReason {
        execute(limit: limit, context: ExecutionContext(x: context.x, f: context.f, state: context.state, data: data),
                code: physicalCode)
    }

    /// The dispatch loop, specialized for each kind of data memory, over the decoded `code` of this
    /// run's fetch regime.
    private func execute<Memory: DataMemory>(limit: UInt64, context c: ExecutionContext<Memory>,
                                             code: DecodeCache) -> StopReason {
        // Round-to-nearest-even F/D operations run in the guest environment: RNE, exceptions masked, their
        // flags collected into fflags by `stop` (nothing else in the loop leaves host flags behind).
        GuestFloatingPointEnvironment.enter()
        var remaining = limit
        let retiredBefore = c.state.pointee.instructionsRetired
        let reason: StopReason
        // The loop walks a pointer through the decoded slots of the current page; the pc is derived
        // from it only where an instruction needs it (pc = pageAddress + 2 * slot index).
        var pageAddress = c.state.pointee.pc & ~0xfff
        guard var slots = decodedSlots(forPage: pageAddress, in: code) else {
            return stop(fetchFault(at: c.state.pointee.pc), at: c.state.pointee.pc, executed: 0)
        }
        var slot = slots + Int(truncatingIfNeeded: (c.state.pointee.pc & 0xfff) >> 1)
        var pc: UInt64 {
            pageAddress &+ (UInt64(UInt(bitPattern: slot) &- UInt(bitPattern: slots)) >> 3)
        }

        execution: while true {
            // Read fields from the slot where they are used, rather than copying all 16 bytes and
            // unpacking them before every dispatch (measured: 31 -> fewer host instructions each).
            var i: Instruction { slot.pointee }
            if remaining == 0 {
                reason = .instructionLimit
                break execution
            }
            remaining &-= 1
            var target: UInt64

            switch i.operation {
            // Control transfer (chapter 2.5): compute the target and leave the switch to `transfer`.
            case .jal:
                let here = pc
                c.x[Int(i.rd)] = here &+ UInt64(i.length)
                target = here &+ UInt64(bitPattern: Int64(i.immediate))
            case .jalr:
                // "The target address is obtained by adding the sign-extended 12-bit I-immediate to the
                // register rs1, then setting the least-significant bit of the result to zero."
                target = (c.x[Int(i.rs1)] &+ UInt64(bitPattern: Int64(i.immediate))) & ~1
                c.x[Int(i.rd)] = pc &+ UInt64(i.length)
            case .beq: guard c.beq(i) else { slot += Int(i.length >> 1); continue execution }
                target = pc &+ UInt64(bitPattern: Int64(i.immediate))
            case .bne: guard c.bne(i) else { slot += Int(i.length >> 1); continue execution }
                target = pc &+ UInt64(bitPattern: Int64(i.immediate))
            case .blt: guard c.blt(i) else { slot += Int(i.length >> 1); continue execution }
                target = pc &+ UInt64(bitPattern: Int64(i.immediate))
            case .bge: guard c.bge(i) else { slot += Int(i.length >> 1); continue execution }
                target = pc &+ UInt64(bitPattern: Int64(i.immediate))
            case .bltu: guard c.bltu(i) else { slot += Int(i.length >> 1); continue execution }
                target = pc &+ UInt64(bitPattern: Int64(i.immediate))
            case .bgeu: guard c.bgeu(i) else { slot += Int(i.length >> 1); continue execution }
                target = pc &+ UInt64(bitPattern: Int64(i.immediate))

            // Integer computation (RV64I.swift, RV64M.swift): one case per instruction, so each
            // instruction costs one dispatch.
            case .lui: c.lui(i); slot += Int(i.length >> 1); continue execution
            case .auipc: c.auipc(i, pc: pc); slot += Int(i.length >> 1); continue execution
            case .addi: c.addi(i); slot += Int(i.length >> 1); continue execution
            case .slti: c.slti(i); slot += Int(i.length >> 1); continue execution
            case .sltiu: c.sltiu(i); slot += Int(i.length >> 1); continue execution
            case .xori: c.xori(i); slot += Int(i.length >> 1); continue execution
            case .ori: c.ori(i); slot += Int(i.length >> 1); continue execution
            case .andi: c.andi(i); slot += Int(i.length >> 1); continue execution
            case .slli: c.slli(i); slot += Int(i.length >> 1); continue execution
            case .srli: c.srli(i); slot += Int(i.length >> 1); continue execution
            case .srai: c.srai(i); slot += Int(i.length >> 1); continue execution
            case .add: c.add(i); slot += Int(i.length >> 1); continue execution
            case .sub: c.sub(i); slot += Int(i.length >> 1); continue execution
            case .sll: c.sll(i); slot += Int(i.length >> 1); continue execution
            case .slt: c.slt(i); slot += Int(i.length >> 1); continue execution
            case .sltu: c.sltu(i); slot += Int(i.length >> 1); continue execution
            case .xor: c.xor(i); slot += Int(i.length >> 1); continue execution
            case .srl: c.srl(i); slot += Int(i.length >> 1); continue execution
            case .sra: c.sra(i); slot += Int(i.length >> 1); continue execution
            case .or: c.or(i); slot += Int(i.length >> 1); continue execution
            case .and: c.and(i); slot += Int(i.length >> 1); continue execution
            case .addiw: c.addiw(i); slot += Int(i.length >> 1); continue execution
            case .slliw: c.slliw(i); slot += Int(i.length >> 1); continue execution
            case .srliw: c.srliw(i); slot += Int(i.length >> 1); continue execution
            case .sraiw: c.sraiw(i); slot += Int(i.length >> 1); continue execution
            case .addw: c.addw(i); slot += Int(i.length >> 1); continue execution
            case .subw: c.subw(i); slot += Int(i.length >> 1); continue execution
            case .sllw: c.sllw(i); slot += Int(i.length >> 1); continue execution
            case .srlw: c.srlw(i); slot += Int(i.length >> 1); continue execution
            case .sraw: c.sraw(i); slot += Int(i.length >> 1); continue execution
            case .mul: c.mul(i); slot += Int(i.length >> 1); continue execution
            case .mulh: c.mulh(i); slot += Int(i.length >> 1); continue execution
            case .mulhsu: c.mulhsu(i); slot += Int(i.length >> 1); continue execution
            case .mulhu: c.mulhu(i); slot += Int(i.length >> 1); continue execution
            case .div: c.div(i); slot += Int(i.length >> 1); continue execution
            case .divu: c.divu(i); slot += Int(i.length >> 1); continue execution
            case .rem: c.rem(i); slot += Int(i.length >> 1); continue execution
            case .remu: c.remu(i); slot += Int(i.length >> 1); continue execution
            case .mulw: c.mulw(i); slot += Int(i.length >> 1); continue execution
            case .divw: c.divw(i); slot += Int(i.length >> 1); continue execution
            case .divuw: c.divuw(i); slot += Int(i.length >> 1); continue execution
            case .remw: c.remw(i); slot += Int(i.length >> 1); continue execution
            case .remuw: c.remuw(i); slot += Int(i.length >> 1); continue execution

            // Memory (pc is stored first so that a host fault names the faulting instruction).
            case .lb: c.state.pointee.pc = pc; if !c.lb(i) { reason = c.loadFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .lh: c.state.pointee.pc = pc; if !c.lh(i) { reason = c.loadFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .lw: c.state.pointee.pc = pc; if !c.lw(i) { reason = c.loadFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .ld: c.state.pointee.pc = pc; if !c.ld(i) { reason = c.loadFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .lbu: c.state.pointee.pc = pc; if !c.lbu(i) { reason = c.loadFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .lhu: c.state.pointee.pc = pc; if !c.lhu(i) { reason = c.loadFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .lwu: c.state.pointee.pc = pc; if !c.lwu(i) { reason = c.loadFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .sb: c.state.pointee.pc = pc; if !c.sb(i) { reason = c.storeFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .sh: c.state.pointee.pc = pc; if !c.sh(i) { reason = c.storeFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .sw: c.state.pointee.pc = pc; if !c.sw(i) { reason = c.storeFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .sd: c.state.pointee.pc = pc; if !c.sd(i) { reason = c.storeFault(i); break execution }
                slot += Int(i.length >> 1); continue execution
            case .flw, .fld, .fsw, .fsd:
                // "If the FS field is set to Off, any instruction that attempts to read or write the
                // floating-point state will cause an illegal instruction exception."
                guard c.state.pointee.floatingPointDisabled == 0 else {
                    reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                    remaining &+= 1  // An illegal instruction does not retire.
                    break execution
                }
                c.state.pointee.pc = pc
                guard c.executeFloatingPointMemory(i) else {
                    reason = i.operation == .flw || i.operation == .fld ? c.loadFault(i) : c.storeFault(i)
                    break execution
                }
                slot += Int(i.length >> 1); continue execution
            case .lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW,
                 .amomaxuW, .lrD, .scD, .amoswapD, .amoaddD, .amoxorD, .amoandD, .amoorD, .amominD, .amomaxD,
                 .amominuD, .amomaxuD:
                c.state.pointee.pc = pc
                if let (cause, value) = c.executeAtomic(i) {
                    reason = .exception(cause, value: value)
                    break execution
                }
                slot += Int(i.length >> 1); continue execution
            case .fence:
                // A host fence where x86's order needs one, as the translator emits (RV64I.swift).
                if HostMemoryOrder.needsHostFence(i) { morph_host_fence() }
                slot += Int(i.length >> 1); continue execution
            case .fenceI:
                // "FENCE.I ... ensures that a subsequent instruction fetch on a RISC-V hart will see any
                // previous data stores already visible to the same RISC-V hart."
                target = pc &+ UInt64(i.length)
                invalidateAllCode()
                pageAddress = 1  // The page's slots are gone: `transfer` looks the page up again.

            // Floating point (F, D).
            case .fmaddS, .fmsubS, .fnmsubS, .fnmaddS, .faddS, .fsubS, .fmulS, .fdivS, .fsqrtS, .fsgnjS, .fsgnjnS,
                 .fsgnjxS, .fminS, .fmaxS, .fcvtWS, .fcvtWUS, .fcvtLS, .fcvtLUS, .fmvXW, .fclassS, .feqS, .fltS,
                 .fleS, .fcvtSW, .fcvtSWU, .fcvtSL, .fcvtSLU, .fmvWX:
                guard c.state.pointee.floatingPointDisabled == 0, c.executeSingle(i) else {
                    reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                    remaining &+= 1  // An illegal instruction does not retire.
                    break execution
                }
                slot += Int(i.length >> 1); continue execution
            case .fmaddD, .fmsubD, .fnmsubD, .fnmaddD, .faddD, .fsubD, .fmulD, .fdivD, .fsqrtD, .fsgnjD, .fsgnjnD,
                 .fsgnjxD, .fminD, .fmaxD, .fcvtSD, .fcvtDS, .feqD, .fltD, .fleD, .fclassD, .fcvtWD, .fcvtWUD,
                 .fcvtLD, .fcvtLUD, .fmvXD, .fcvtDW, .fcvtDWU, .fcvtDL, .fcvtDLU, .fmvDX:
                guard c.state.pointee.floatingPointDisabled == 0, c.executeDouble(i) else {
                    reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                    remaining &+= 1  // An illegal instruction does not retire.
                    break execution
                }
                slot += Int(i.length >> 1); continue execution

            // The environment's business.
            case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
                if mode == .user {
                    // Instructions retired before this one (its own count is already taken).
                    let retired = retiredBefore &+ (limit &- remaining &- 1)
                    switch c.executeUserControlStatusRegister(i, retired: retired) {
                    case .done:
                        slot += Int(i.length >> 1)
                        continue execution
                    case .illegal:
                        reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                    case .notHandled:
                        reason = .systemInstruction(Interpreter.architectural(i))
                    }
                } else {
                    reason = .systemInstruction(Interpreter.architectural(i))
                }
                remaining &+= 1
                break execution
            case .ecall:
                reason = .environmentCall
                remaining &+= 1
                break execution
            case .ebreak:
                reason = .exception(.breakpoint, value: pc)
                remaining &+= 1
                break execution
            case .mret, .sret, .wfi, .sfenceVma:
                reason = .systemInstruction(i)
                remaining &+= 1
                break execution
            case .illegal:
                if i.length == 0 {
                    // Not decoded yet, or a sentinel past the end of the page.
                    remaining &+= 1
                    let here = pc
                    if here &- pageAddress >= 4096 {
                        target = here
                    } else {
                        guard decode(at: here, into: slot) else {
                            // This page is fetchable, so a failure in its last halfword is the second half
                            // of a 32-bit instruction on the next page; the translator knows exactly.
                            let failed = translatesFetches ? translator?.faultAddress ?? here
                                : (here & 0xfff) == 0xffe ? here &+ 2 : here
                            reason = fetchFault(at: failed)
                            break execution
                        }
                        continue execution
                    }
                } else {
                    reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                    remaining &+= 1
                    break execution
                }
            }
            // A control transfer to `target`: stay on this page if we can.
            let offset = target &- pageAddress
            if offset < 4096 {
                slot = slots + Int(truncatingIfNeeded: offset >> 1)
                continue execution
            }
            guard let found = decodedSlots(forPage: target & ~0xfff, in: code) else {
                // Report the fault at the target: the pc is the instruction that cannot be fetched.
                return stop(fetchFault(at: target), at: target, executed: limit &- remaining)
            }
            pageAddress = target & ~0xfff
            slots = found
            slot = slots + Int(truncatingIfNeeded: (target & 0xfff) >> 1)
        }
        // Exceptions and environment stops do not retire their instruction.
        if case .exception(let cause, _) = reason, remaining < limit, cause != .illegalInstruction,
           cause != .breakpoint {
            remaining &+= 1
        }
        return stop(reason, at: pc, executed: limit &- remaining)
    }

    /// ORs the exception flags the run's round-to-nearest-even F/D operations left in the host MXCSR
    /// into `fflags`. A run does this when it stops; an environment calls it after a run that a host
    /// fault abandoned (the fault guard carries the MXCSR over its jump).
    public func collectFloatingPointFlags() {
        context.state.pointee.floatingPointFlags |= UInt64(GuestFloatingPointEnvironment.flags.rawValue)
    }

    /// Records where a run stopped and what it executed.
    private func stop(_ reason: StopReason, at pc: UInt64, executed: UInt64) -> StopReason {
        collectFloatingPointFlags()
        context.state.pointee.pc = pc
        context.state.pointee.instructionsRetired &+= executed
        executedInstructions &+= executed
        return reason
    }
}
