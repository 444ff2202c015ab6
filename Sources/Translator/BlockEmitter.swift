// Translation of one guest block into x86-64 (see ../shared/guide/ARCHITECTURE.md, "Translator/"):
// the block's entry (budget check), its exits (chained direct exits, the indirect-branch lookup,
// exceptions, fallbacks to the interpreter) and the operand plumbing the per-instruction emitters share.
// The emitters themselves mirror the interpreter's files: RV64I.swift, RV64M.swift, RV64F.swift.
import Interpreter
import MorphCore
import RISCV
import X86

/// One decoded guest instruction of a block.
struct GuestInstruction {
    /// Its address.
    var pc: UInt64
    /// The decoded instruction (rd = 0 writes already dropped by the emitters).
    var instruction: Instruction
}

/// A direct exit of a translated block: the rel32 field to patch once the target is translated.
struct ChainSite {
    /// Host address of the rel32 field of the exit's jmp or jcc.
    var field: UnsafeMutableRawPointer
    /// Host address of the exit's stub (what the field points to while unlinked).
    var stub: UnsafeRawPointer
    /// The guest pc the exit goes to.
    var target: UInt64
}

/// What the emitters need from the engine about the place code will run.
struct EmitterEnvironment {
    /// The environment (system mode leaves floating point to the interpreter, which checks mstatus.FS).
    var mode: ExecutionMode
    /// The window's first guest address (0 in user mode).
    var windowBase: UInt64
    /// Host address of the shared exit (reason in eax).
    var commonExit: UnsafeRawPointer
    /// Host address of the floating-point helper (`TranslatorHelpers.floatingPoint`).
    var floatingPointHelper: UnsafeRawPointer
    /// Host address of the fault exit (where fault landing pads go once they restored the convention).
    var faultExit: UnsafeRawPointer
    /// Whether calls push return frames on the host stack and returns use them (`pushReturnFrame`); off
    /// with `MORPH_RETURN_STACK=0`, to measure what the prediction gains.
    var predictsReturns = true
    /// Whether blocks move guest registers between host registers (RegisterCache.swift); off with
    /// `MORPH_REGISTER_CACHE=0`, to measure what it gains.
    var allocatesRegisters = true
}

/// Emits one block. Offsets are relative to the block's start, whose host address is known in advance
/// (`blockAddress`), so exits can jump straight to the shared exit code.
struct BlockEmitter {
    /// The code being built.
    var assembler = Assembler()
    /// Where the block will live.
    let blockAddress: UnsafeRawPointer
    /// The run environment.
    let environment: EmitterEnvironment
    /// The instructions, in order.
    let instructions: [GuestInstruction]
    /// Guest accesses that may fault in the host: (block offset of the access, pc, instructions not
    /// executed when it faults, the landing pad that restores the register convention first, if needed).
    private(set) var faultSites: [(offset: Int, pc: UInt64, notExecuted: UInt64, landing: Label?)] = []
    /// The integer registers each instruction reads and writes (nil: it runs under the convention).
    let registerUses: [RegisterUse?]
    /// Where the guest registers are at this point of the block (RegisterCache.swift).
    var registerCache = RegisterCache.convention
    /// Direct exits: (block offset of the rel32 field, block offset of the stub, target pc).
    private(set) var chainSites: [(field: Int, stub: Int, target: UInt64)] = []
    /// Instruction records the helpers are passed; the cache owns them once the block is installed.
    private(set) var helperRecords: [UnsafeMutablePointer<Instruction>] = []
    /// Cold code emitted after the body: exits and fault stubs.
    private var coldCode: [(label: Label, emit: (inout BlockEmitter) -> Void)] = []
    /// The index of the instruction being emitted.
    var index = 0
    /// f registers known to hold a NaN-boxed single at this point of the block (bit per register):
    /// written by an earlier single-precision instruction of the block.
    var boxedSingles: UInt32 = 0
    /// Integer registers (bit per register) whose value this block has checked against the window as
    /// the base of an access and not written since.
    var checkedBases: UInt32 = 0
    /// Whether the block has checked at this point that frm is round-to-nearest-even (it stays so until
    /// the block writes frm or fcsr).
    var nearestEvenChecked = false

    /// Checks once per block that frm is round-to-nearest-even before inline arithmetic with the dynamic
    /// rounding mode; otherwise the interpreter runs the rest of the block from this instruction.
    mutating func requireNearestEven() {
        guard !nearestEvenChecked else { return }
        nearestEvenChecked = true
        let other = assembler.newLabel()
        assembler.cmp(GuestRegisterMap.field(HartState.floatingPointRoundingModeOffset), immediate: 0)
        assembler.jcc(.notEqual, other)
        let here = pc, remaining = Int32(notExecuted)
        cold(other) { emitter in
            emitter.assembler.add(GuestRegisterMap.budget, immediate: remaining)
            emitter.assembler.mov(GuestRegisterMap.scratch(.exitValue), immediate: remaining)
            emitter.exit(.interpret, pc: here)
        }
    }

    /// Prepares a block of `instructions` at `blockAddress`.
    init(instructions: [GuestInstruction], at blockAddress: UnsafeRawPointer, environment: EmitterEnvironment) {
        self.instructions = instructions
        registerUses = instructions.map { BlockEmitter.registerUse(of: $0.instruction) }
        self.blockAddress = blockAddress
        self.environment = environment
    }

    /// The current instruction's pc.
    var pc: UInt64 { instructions[index].pc }
    /// The number of instructions the block counts on entry.
    var count: Int { instructions.count }
    /// Instructions not yet retired when the current instruction faults or exits.
    var notExecuted: Int { count - index }

    // MARK: Whole blocks

    /// The guest code bytes a checked block compares on entry, from guest address `low` (nil: the page
    /// is write-protected or never writable).
    var checkedCode: (low: UInt64, bytes: [UInt8])?

    /// Compares the guest code of the block with `code` (its bytes from `low` when translated); a
    /// difference leaves with `codeChanged` at `start` before anything ran.
    private mutating func emitCodeCheck(_ code: [UInt8], low: UInt64, start: UInt64, blockLength: Int32) {
        let changed = assembler.newLabel()
        assembler.mov(.rcx, immediate: low &- environment.windowBase)
        var offset = 0
        while offset < code.count {
            let remaining = code.count - offset
            let width = remaining >= 8 ? 8 : remaining >= 4 ? 4 : 2
            var value: UInt64 = 0
            for byte in 0..<width { value |= UInt64(code[offset + byte]) << (8 * UInt64(byte)) }
            let memory = MemoryOperand.baseIndex(GuestRegisterMap.memory, .rcx, Int32(offset))
            switch width {
            case 8:
                assembler.mov(.rax, immediate: value)
                assembler.cmp(.rax, memory)
            case 4:
                assembler.cmp(memory, immediate: Int32(bitPattern: UInt32(truncatingIfNeeded: value)), .dword)
            default:
                assembler.cmp(memory, immediate: Int32(Int16(bitPattern: UInt16(truncatingIfNeeded: value))), .word)
            }
            assembler.jcc(.notEqual, changed)
            offset += width
        }
        cold(changed) { emitter in
            emitter.assembler.add(GuestRegisterMap.budget, immediate: blockLength)
            emitter.exit(.codeChanged, pc: start)
        }
    }

    /// Emits the block: entry, every instruction, a fall-through exit when the last instruction does
    /// not end it, then the cold stubs.
    mutating func emitBlock(endsWithTransfer: Bool) {
        let startPC = instructions[0].pc
        let blockLength = Int32(count)
        let budgetStub = assembler.newLabel()
        // Entry: the budget pays for the whole block up front; a fault or an early exit gives back what
        // did not run.
        assembler.sub(GuestRegisterMap.budget, immediate: blockLength)
        assembler.jcc(.below, budgetStub)
        cold(budgetStub) { emitter in
            emitter.assembler.add(GuestRegisterMap.budget, immediate: blockLength)
            emitter.exit(.budget, pc: startPC)
        }
        if let checkedCode {
            emitCodeCheck(checkedCode.bytes, low: checkedCode.low, start: startPC, blockLength: blockLength)
        }
        for position in instructions.indices {
            index = position
            let instruction = instructions[position].instruction
            forwardedInRAX = storedInRAX
            storedInRAX = nil
            if endsWithTransfer && position == count - 1 || !environment.allocatesRegisters {
                // The block's jump or branch: its exits may be chained straight into the next block.
                restoreConvention()
            } else {
                allocateRegisters(for: registerUses[position], instruction)
            }
            emit(instruction)
            if let use = registerUses[position], use.writes != 0 { markWritten(instruction.rd) }
            if instruction.rd != 0, instruction.rd < 32,
               Interpreter.writesIntegerRegister[Int(instruction.operation.rawValue)] {
                checkedBases &= ~(1 << UInt32(instruction.rd))
            }
            if FloatingPointResult.isSingle(instruction.operation) {
                boxedSingles |= 1 << UInt32(instruction.rd)
            } else if FloatingPointResult.isDouble(instruction.operation) {
                boxedSingles &= ~(1 << UInt32(instruction.rd))
            }
        }
        if !endsWithTransfer {
            index = count - 1
            restoreConvention()
            let last = instructions[count - 1]
            exitTo(last.pc &+ UInt64(last.instruction.length))
        }
        // Cold code may add more cold code; drain until none is left.
        var drained = 0
        while drained < coldCode.count {
            let (label, body) = coldCode[drained]
            drained += 1
            assembler.bind(label)
            body(&self)
        }
    }

    /// Registers `body` to be emitted after the block's body, at `label`.
    /// The cold code starts from the register cache of the point it is registered at, so that an exit
    /// there restores the convention from the right state.
    mutating func cold(_ label: Label, _ body: @escaping (inout BlockEmitter) -> Void) {
        let cache = registerCache
        coldCode.append((label, { emitter in
            emitter.registerCache = cache
            body(&emitter)
        }))
    }

    // MARK: Exits

    /// Stores `value` into the hart's pc.
    mutating func storePC(_ value: UInt64) {
        assembler.mov(.rax, immediate: value)
        assembler.mov(GuestRegisterMap.field(HartState.pcOffset), .rax)
    }

    /// Leaves generated code with `reason`, the guest pc set to `pc` (the registers back to the
    /// convention first).
    mutating func exit(_ reason: ExitReason, pc: UInt64) {
        restoreConvention()
        storePC(pc)
        assembler.mov(.rax, immediate: UInt64(reason.rawValue))
        jumpToCommonExit()
    }

    /// A jmp to the shared exit code.
    mutating func jumpToCommonExit() {
        assembler.jmpRelative32(toOffset: blockAddress.distance(to: environment.commonExit))
    }

    /// A direct exit to `target`: a jmp that starts out at a stub asking the dispatcher to link it.
    mutating func exitTo(_ target: UInt64) {
        let stub = assembler.newLabel()
        assembler.jmp(stub)
        linkStub(stub, field: assembler.offset - 4, target: target)
    }

    /// A conditional direct exit to `target` taken when `condition` holds.
    mutating func exitTo(_ target: UInt64, if condition: Condition) {
        let stub = assembler.newLabel()
        assembler.jcc(condition, stub)
        linkStub(stub, field: assembler.offset - 4, target: target)
    }

    /// The stub of a direct exit: pc = target, exitValue = the field's host address, reason chain. The
    /// instructions after the branch did not run: the budget gets them back.
    private mutating func linkStub(_ stub: Label, field: Int, target: UInt64) {
        let giveBack = Int32(notExecuted - 1)
        cold(stub) { emitter in
            emitter.chainSites.append((field, emitter.assembler.offset, target))
            if giveBack > 0 { emitter.assembler.add(GuestRegisterMap.budget, immediate: giveBack) }
            emitter.assembler.mov(.rax, immediate: UInt64(UInt(bitPattern: emitter.blockAddress + field)))
            emitter.assembler.mov(GuestRegisterMap.scratch(.exitValue), .rax)
            emitter.exit(.chain, pc: target)
        }
    }

    /// An exit through the indirect-branch lookup table to the guest address in rax: a hit jumps
    /// straight to the target's code; a miss asks the dispatcher.
    mutating func exitIndirect() {
        let giveBack = Int32(notExecuted - 1)
        if giveBack > 0 { assembler.add(GuestRegisterMap.budget, immediate: giveBack) }
        let miss = assembler.newLabel()
        // Entry (pc >> 1) & 4095 of 16-byte entries: byte offset (pc & 0x1ffe) * 8.
        assembler.mov(.rcx, .rax, .dword)
        assembler.and(.rcx, immediate: 0x1ffe, .dword)
        assembler.mov(.rdx, GuestRegisterMap.scratch(.lookupTable))
        assembler.cmp(.rax, .baseIndex(.rdx, .rcx, scale: 8))
        assembler.jcc(.notEqual, miss)
        assembler.jmp(.baseIndex(.rdx, .rcx, scale: 8, 8))
        cold(miss) { emitter in
            emitter.assembler.mov(GuestRegisterMap.field(HartState.pcOffset), .rax)
            emitter.assembler.mov(.rax, immediate: UInt64(ExitReason.indirect.rawValue))
            emitter.jumpToCommonExit()
        }
    }

    // MARK: Return-address prediction

    /// ra, x1: the link register of calls and returns.
    static let returnAddressRegister: UInt8 = 1

    /// Return frames the host stack holds at most (16 bytes each); a deeper call starts over from empty.
    static let returnStackCapacity = 1024

    /// A call (jal or jalr writing ra, the current and last instruction of the block): pushes a return
    /// frame, the guest return address and then, with a host `call`, the host address of a continuation,
    /// and `enterCallee` emits the jump to the callee. The guest return that comes back to `returnPC`
    /// (`returnThroughFrame`) uses the host `ret`, which the processor's return stack buffer predicts,
    /// instead of an indirect jump through the lookup table; the continuation then goes on to the block
    /// at `returnPC` through a chained exit.
    ///
    /// The frames live between `returnStackBase` (the stack pointer when generated code was entered) and
    /// the current stack pointer; every exit to the dispatcher resets the stack to the base, so a frame
    /// never outlives the code its continuation lies in (translations are only dropped outside generated
    /// code). Frames are 16 bytes, so helper calls keep their alignment.
    mutating func pushReturnFrame(returning returnPC: UInt64, _ enterCallee: (inout BlockEmitter) -> Void) {
        guard environment.predictsReturns else { return enterCallee(&self) }
        let push = assembler.newLabel(), callee = assembler.newLabel()
        assembler.cmp(.rsp, GuestRegisterMap.scratch(.returnStackLimit))
        assembler.jcc(.above, push)
        assembler.mov(.rsp, GuestRegisterMap.scratch(.returnStackBase))  // full: start over
        assembler.bind(push)
        if let small = Int32(exactly: Int64(bitPattern: returnPC)) {
            assembler.push(immediate: small)
        } else {
            assembler.mov(.rcx, immediate: returnPC)
            assembler.push(.rcx)
        }
        assembler.call(callee)
        // The continuation: the return checked the frame's pc before its `ret`; drop the pc and go on.
        assembler.lea(.rsp, .base(.rsp, 8))
        exitTo(returnPC)
        assembler.bind(callee)
        enterCallee(&self)
    }

    /// A return (jalr x0, 0(ra) or c.jr ra, the last instruction of the block) to the guest address in
    /// rax: if the newest return frame is for that address, `ret` to its continuation; otherwise (no
    /// frame, or a frame for another address after a longjmp or a thread switch of the guest's own) the
    /// frames are dropped and the lookup table finds the target.
    mutating func returnThroughFrame() {
        guard environment.predictsReturns else { return exitIndirect() }
        let lookup = assembler.newLabel(), mismatch = assembler.newLabel()
        assembler.cmp(.rsp, GuestRegisterMap.scratch(.returnStackBase))
        assembler.jcc(.aboveOrEqual, lookup)
        assembler.cmp(.rax, .base(.rsp, 8))
        assembler.jcc(.notEqual, mismatch)
        assembler.ret()
        cold(mismatch) { emitter in
            emitter.assembler.mov(.rsp, GuestRegisterMap.scratch(.returnStackBase))
            emitter.assembler.jmp(lookup)
        }
        assembler.bind(lookup)
        exitIndirect()
    }

    /// An exception at the current instruction: `cause`, with `tval` in `valueRegister` (or `value`).
    mutating func raise(_ cause: ExceptionCause, valueRegister: Register? = nil, value: UInt64 = 0) {
        let giveBack = Int32(notExecuted)
        let here = pc
        if let valueRegister {
            assembler.mov(GuestRegisterMap.scratch(.exitValue), valueRegister)
        } else {
            assembler.mov(.rax, immediate: value)
            assembler.mov(GuestRegisterMap.scratch(.exitValue), .rax)
        }
        assembler.mov(GuestRegisterMap.scratch(.exitCause), immediate: Int32(cause.rawValue))
        assembler.add(GuestRegisterMap.budget, immediate: giveBack)
        exit(.exception, pc: here)
    }

    /// Ends the block before the current instruction and hands it to the interpreter.
    mutating func fallback() {
        let giveBack = Int32(notExecuted)
        assembler.add(GuestRegisterMap.budget, immediate: giveBack)
        exit(.fallback, pc: pc)
    }

    // MARK: Operands

    /// Where guest register `index` can be read from.
    enum Source {
        /// A pinned host register.
        case register(Register)
        /// Its hart-state slot.
        case memory(MemoryOperand)
        /// x0.
        case zero
    }

    /// Where to read guest register `index`.
    func source(_ index: UInt8) -> Source {
        if index == 0 { return .zero }
        if let host = registerCache.host(of: index) { return .register(host) }
        return .memory(GuestRegisterMap.slot(Int(index)))
    }

    /// The host register holding guest register `index` at this point of the block, if any (its pinned
    /// register, or one the block-local allocation gave it).
    func pinned(_ index: UInt8) -> Register? {
        registerCache.host(of: index)
    }

    /// Copies guest register `index` into `target`.
    mutating func load(_ index: UInt8, into target: Register) {
        switch source(index) {
        case .register(let host): if host != target { assembler.mov(target, host) }
        case .memory(let slot): assembler.mov(target, slot)
        case .zero: assembler.mov(target, immediate: 0)
        }
    }

    /// A host register holding guest register `index`: its pinned register, or `scratch` loaded.
    mutating func register(_ index: UInt8, scratch: Register) -> Register {
        if let host = pinned(index) { return host }
        load(index, into: scratch)
        return scratch
    }

    /// Writes `value` to guest register `index` (nothing for x0).
    mutating func store(_ value: Register, to index: UInt8) {
        guard index != 0, index < 32 else { return }
        if let host = registerCache.host(of: index) {
            if host != value { assembler.mov(host, value) }
            markWritten(index)
        } else {
            assembler.mov(GuestRegisterMap.slot(Int(index)), value)
            if value == .rax { storedInRAX = index }
        }
    }

    /// The hart-state register whose new value the instruction just emitted left in rax (set by
    /// `store`, moved to `forwardedInRAX` when the next instruction starts).
    var storedInRAX: UInt8?
    /// The register whose value rax still holds as the current instruction starts: its first operand
    /// read may take rax instead of reloading the slot just written (a store-to-load round trip on the
    /// critical path). Only reads made before the instruction writes rax may use it.
    var forwardedInRAX: UInt8?

    /// Like `load(_:into:)`, for an instruction's first emitted operand read: rax may stand in for a
    /// register the previous instruction just stored.
    mutating func loadFirst(_ index: UInt8, into target: Register) {
        if index != 0, forwardedInRAX == index {
            if target != .rax { assembler.mov(target, .rax) }
        } else {
            load(index, into: target)
        }
    }

    /// Like `register(_:scratch:)`, for an instruction's first emitted operand read.
    mutating func registerFirst(_ index: UInt8, scratch: Register) -> Register {
        if index != 0, forwardedInRAX == index { return .rax }
        return register(index, scratch: scratch)
    }

    /// Writes a constant to guest register `index`.
    mutating func store(constant: UInt64, to index: UInt8) {
        guard index != 0, index < 32 else { return }
        if let host = registerCache.host(of: index) {
            assembler.mov(host, immediate: constant)
            markWritten(index)
        } else if Int64(bitPattern: constant) == Int64(Int32(truncatingIfNeeded: constant)) {
            assembler.mov(GuestRegisterMap.slot(Int(index)), immediate: Int32(truncatingIfNeeded: constant))
        } else {
            assembler.mov(.rax, immediate: constant)
            assembler.mov(GuestRegisterMap.slot(Int(index)), .rax)
        }
    }

    /// The register to compute rd's value in: its pinned register, or rax.
    func destination(_ index: UInt8) -> Register { pinned(index) ?? .rax }

    // MARK: Memory

    /// Computes `rs1 + immediate` into rax and checks it against the window: afterwards rax is the
    /// window offset and `[memory + rax]` the access. An address outside the window raises an access
    /// fault with the guest address as `tval`. Accesses straddling the window's end reach the guard
    /// region and fault in the host.
    ///
    /// In user mode (window at guest address 0) the check is left out where it cannot matter: for x0 as
    /// the base, and for a base register already checked in this block and not written since. Such an
    /// address lies within 4 KiB of the window (12-bit offsets), inside the guard regions on either side,
    /// so a bad one faults in the host and becomes the same SIGSEGV.
    mutating func guestAddress(base rs1: UInt8, offset immediate: Int32, store: Bool) {
        computeAddress(base: rs1, offset: immediate)
        let elidable = environment.windowBase == 0 && (rs1 == 0 || checkedBases & (1 << UInt32(rs1)) != 0)
        if !elidable { checkWindow(store: store) }
        if rs1 != 0, rs1 < 32 { checkedBases |= 1 << UInt32(rs1) }
    }

    /// Computes the guest address `rs1 + immediate` into rax.
    mutating func computeAddress(base rs1: UInt8, offset immediate: Int32) {
        switch source(rs1) {
        case .zero: assembler.mov(.rax, immediate: UInt64(bitPattern: Int64(immediate)))
        case .register(let host): assembler.lea(.rax, .base(host, immediate))
        case .memory(let slot):
            // Every emitter computes the address before it writes rax: rax may stand in for rs1.
            if forwardedInRAX != rs1 { assembler.mov(.rax, slot) }
            if immediate != 0 { assembler.add(.rax, immediate: immediate) }
        }
    }

    /// Checks the guest address in rax against the window and turns it into the window offset.
    mutating func checkWindow(store: Bool) {
        let outside = assembler.newLabel()
        let rebased = environment.windowBase != 0
        if rebased { assembler.sub(.rax, GuestRegisterMap.scratch(.windowBase)) }
        assembler.cmp(.rax, GuestRegisterMap.scratch(.windowSize))
        assembler.jcc(.aboveOrEqual, outside)
        let cause: ExceptionCause = store ? .storeAccessFault : .loadAccessFault
        let faultIndex = index
        cold(outside) { emitter in
            let saved = emitter.index
            emitter.index = faultIndex
            if rebased { emitter.assembler.add(.rax, GuestRegisterMap.scratch(.windowBase)) }
            emitter.raise(cause, valueRegister: .rax)
            emitter.index = saved
        }
    }

    /// The memory operand of the checked access (after `guestAddress`).
    var access: MemoryOperand { .baseIndex(GuestRegisterMap.memory, .rax) }

    /// Records that the next emitted instruction touches guest memory (a host fault there is the
    /// current guest instruction's).
    mutating func markFaultSite() {
        var landing: Label?
        if !registerCache.isConvention {
            // A fault here resumes at a pad that restores the convention before the fault exit.
            let pad = assembler.newLabel()
            landing = pad
            cold(pad) { emitter in
                emitter.restoreConvention()
                emitter.assembler.jmpRelative32(toOffset: emitter.blockAddress.distance(to: emitter.environment.faultExit))
            }
        }
        faultSites.append((assembler.offset, pc, UInt64(notExecuted), landing))
    }

    // MARK: Helper calls

    /// Calls `helper(state, instruction record)` (`TranslatorHelpers.floatingPoint`) for the current
    /// instruction: the caller-saved pinned registers (and any pinned integer operand) and the pinned
    /// f registers go to the hart state around the call and come back after it; a non-zero result
    /// raises an illegal-instruction exception.
    mutating func callHelper(_ helper: UnsafeRawPointer, _ instruction: Instruction, bits: UInt32) {
        precondition(registerCache.isConvention, "helper calls run under the register convention: \(instruction)")
        let spilled = GuestRegisterMap.pinned.filter { entry in
            GuestRegisterMap.callerSaved.contains { $0.host == entry.host }
                || Int(instruction.rs1) == entry.guest || Int(instruction.rd) == entry.guest
        }
        for (guest, host) in spilled { assembler.mov(GuestRegisterMap.slot(guest), host) }
        // Every xmm register is caller-saved, and the helpers read and write f registers in the state.
        for (guest, host) in GuestRegisterMap.floatPinned { assembler.movq(GuestRegisterMap.floatSlot(guest), host) }
        assembler.lea(.rdi, GuestRegisterMap.field(0))
        let record = UnsafeMutablePointer<Instruction>.allocate(capacity: 1)
        record.initialize(to: instruction)
        helperRecords.append(record)
        assembler.mov(.rsi, immediate: UInt64(UInt(bitPattern: record)))
        assembler.mov(.rax, immediate: UInt64(UInt(bitPattern: helper)))
        assembler.call(.rax)
        for (guest, host) in spilled { assembler.mov(host, GuestRegisterMap.slot(guest)) }
        for (guest, host) in GuestRegisterMap.floatPinned { assembler.movq(host, GuestRegisterMap.floatSlot(guest)) }
        let illegal = assembler.newLabel()
        assembler.test(.rax, .rax)
        assembler.jcc(.notEqual, illegal)
        let faultIndex = index
        cold(illegal) { emitter in
            let saved = emitter.index
            emitter.index = faultIndex
            emitter.raise(.illegalInstruction, value: UInt64(bits))
            emitter.index = saved
        }
    }
}
