// The reference engine: a pre-decoding interpreter with one dispatch loop (see
// ../shared/guide/ARCHITECTURE.md, "Engines"). Semantics live in one file per extension
// (RV64I, RV64M, RV64A, RV64F, RV64D, Zicsr); this file fetches, dispatches and transfers control.
import MorphCore
import RISCV

/// Which environment the interpreter serves.
public enum ExecutionMode: Sendable {
    /// Linux user mode: the interpreter performs the unprivileged CSRs (fflags, frm, fcsr, cycle,
    /// time, instret) itself.
    case user
    /// System mode: every CSR and privileged instruction goes to the environment.
    case system
}

/// Decides whether guest code may be fetched from a page (asked once per page, before decoding it).
public protocol CodeAccessPolicy: AnyObject {
    /// Whether the 4 KiB page at `pageAddress` may be executed.
    func isExecutable(pageAddress: UInt64) -> Bool
}

/// Executes guest instructions on one hart over one memory window.
public final class Interpreter {
    /// The hart it runs.
    public let hart: Hart
    /// The guest memory window.
    public let memory: GuestMemory
    /// The environment it serves.
    public let mode: ExecutionMode
    /// Who says which pages hold code; nil means every page inside the window.
    public weak var codeAccess: CodeAccessPolicy?

    private let cache = DecodeCache()
    private let context: ExecutionContext
    /// Set by `invalidateDecodedCode` so a running loop drops its current page pointer.
    private var cacheGeneration = 0

    /// Instructions executed by this interpreter across all runs.
    public private(set) var executedInstructions: UInt64 = 0
    /// Code pages decoded so far.
    public var decodedPages: Int { cache.decodedPages }
    /// Times the decoded code was dropped.
    public var invalidations: Int { cache.invalidations }

    /// Creates an interpreter for `hart` over `memory`.
    public init(hart: Hart, memory: GuestMemory, mode: ExecutionMode, codeAccess: CodeAccessPolicy? = nil) {
        self.hart = hart
        self.memory = memory
        self.mode = mode
        self.codeAccess = codeAccess
        context = ExecutionContext(x: hart.integerRegisters, f: hart.floatRegisters, state: hart.state,
                                   memory: memory.hostBase, guestBase: memory.guestBase, size: memory.size)
    }

    /// Drops all pre-decoded code (after `fence.i`, or when the environment unmaps, reprotects or
    /// rewrites code pages).
    public func invalidateDecodedCode() {
        cache.invalidateAll()
        cacheGeneration &+= 1
    }

    /// Whether an operation writes an integer rd (so rd = x0 is redirected to the write sink).
    private static let writesIntegerRegister: [Bool] = {
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
        guard let low = memory.load(pc, as: UInt16.self) else { return false }
        var word = UInt32(low)
        if low & 3 == 3 {
            let second = pc &+ 2
            if second & 0xfff == 0, !isFetchable(page: second) { return false }
            guard let high = memory.load(second, as: UInt16.self) else { return false }
            word |= UInt32(high) << 16
        }
        var instruction = Decoder.decode(word)
        if instruction.rd == 0, Interpreter.writesIntegerRegister[Int(instruction.operation.rawValue)] {
            instruction.rd = 32
        }
        slot.pointee = instruction
        return true
    }

    private func isFetchable(page: UInt64) -> Bool {
        guard memory.contains(page, length: GuestMemory.pageSize) else { return false }
        return codeAccess?.isExecutable(pageAddress: page) ?? true
    }

    /// Runs until an instruction needs the environment, an exception occurs, or `limit` instructions
    /// have executed. `hart.pc` is then the instruction the stop reason concerns.
    ///
    /// The loop body holds no references that need releasing, only raw pointers, so an environment
    /// that recovers from a host fault inside it may abandon its frame.
    public func run(limit: UInt64) -> StopReason {
        let c = context
        var pc = c.state.pointee.pc
        var remaining = limit
        var pageAddress: UInt64 = 1  // never a page address: forces the first lookup
        var slots = UnsafeMutablePointer<Instruction>(bitPattern: 16)!
        var generation = cacheGeneration
        let retiredBefore = c.state.pointee.instructionsRetired
        let reason: StopReason

        execution: while true {
            if pc &- pageAddress >= 4096 || generation != cacheGeneration {
                let page = pc & ~0xfff
                guard let found = cache.slots(forPage: page, create: { isFetchable(page: page) }) else {
                    reason = .exception(codeAccess == nil ? .instructionAccessFault : .instructionPageFault,
                                        value: pc)
                    break execution
                }
                pageAddress = page
                slots = found
                generation = cacheGeneration
            }
            if remaining == 0 {
                reason = .instructionLimit
                break execution
            }
            let slot = slots + Int(truncatingIfNeeded: (pc & 0xfff) >> 1)
            let i = slot.pointee
            remaining &-= 1
            var next = pc &+ UInt64(i.length)

            switch i.operation {
            // Control transfer (chapter 2.5).
            case .jal:
                c.x[Int(i.rd)] = next
                next = pc &+ UInt64(bitPattern: Int64(i.immediate))
            case .jalr:
                // "The target address is obtained by adding the sign-extended 12-bit I-immediate to the
                // register rs1, then setting the least-significant bit of the result to zero."
                let target = (c.x[Int(i.rs1)] &+ UInt64(bitPattern: Int64(i.immediate))) & ~1
                c.x[Int(i.rd)] = next
                next = target
            case .beq, .bne, .blt, .bge, .bltu, .bgeu:
                if c.branchTaken(i) { next = pc &+ UInt64(bitPattern: Int64(i.immediate)) }

            // Integer computation (RV64I, RV64M).
            case .lui, .auipc, .addi, .slti, .sltiu, .xori, .ori, .andi, .slli, .srli, .srai, .add, .sub, .sll,
                 .slt, .sltu, .xor, .srl, .sra, .or, .and, .addiw, .slliw, .srliw, .sraiw, .addw, .subw, .sllw,
                 .srlw, .sraw:
                c.executeIntegerComputation(i, pc: pc)
            case .mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu, .mulw, .divw, .divuw, .remw, .remuw:
                c.executeMultiplyDivide(i)

            // Memory (pc is stored first so that a host fault names the faulting instruction).
            case .lb, .lh, .lw, .ld, .lbu, .lhu, .lwu:
                c.state.pointee.pc = pc
                guard c.executeLoad(i) else {
                    reason = .exception(.loadAccessFault, value: c.effectiveAddress(i))
                    break execution
                }
            case .sb, .sh, .sw, .sd:
                c.state.pointee.pc = pc
                guard c.executeStore(i) else {
                    reason = .exception(.storeAccessFault, value: c.effectiveAddress(i))
                    break execution
                }
            case .flw, .fld, .fsw, .fsd:
                // "If the FS field is set to Off, any instruction that attempts to read or write the
                // floating-point state will cause an illegal instruction exception."
                guard c.state.pointee.floatingPointDisabled == 0 else {
                    reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                    break execution
                }
                c.state.pointee.pc = pc
                guard c.executeFloatingPointMemory(i) else {
                    let isLoad = i.operation == .flw || i.operation == .fld
                    reason = .exception(isLoad ? .loadAccessFault : .storeAccessFault, value: c.effectiveAddress(i))
                    break execution
                }
            case .lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW,
                 .amomaxuW, .lrD, .scD, .amoswapD, .amoaddD, .amoxorD, .amoandD, .amoorD, .amominD, .amomaxD,
                 .amominuD, .amomaxuD:
                c.state.pointee.pc = pc
                if let (cause, value) = c.executeAtomic(i) {
                    reason = .exception(cause, value: value)
                    break execution
                }
            case .fence:
                break  // One hart and host-ordered memory: nothing to order.
            case .fenceI:
                // "FENCE.I ... ensures that a subsequent instruction fetch on a RISC-V hart will see any
                // previous data stores already visible to the same RISC-V hart."
                invalidateDecodedCode()

            // Floating point (F, D).
            case .fmaddS, .fmsubS, .fnmsubS, .fnmaddS, .faddS, .fsubS, .fmulS, .fdivS, .fsqrtS, .fsgnjS, .fsgnjnS,
                 .fsgnjxS, .fminS, .fmaxS, .fcvtWS, .fcvtWUS, .fcvtLS, .fcvtLUS, .fmvXW, .fclassS, .feqS, .fltS,
                 .fleS, .fcvtSW, .fcvtSWU, .fcvtSL, .fcvtSLU, .fmvWX:
                guard c.state.pointee.floatingPointDisabled == 0, c.executeSingle(i) else {
                    reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                    break execution
                }
            case .fmaddD, .fmsubD, .fnmsubD, .fnmaddD, .faddD, .fsubD, .fmulD, .fdivD, .fsqrtD, .fsgnjD, .fsgnjnD,
                 .fsgnjxD, .fminD, .fmaxD, .fcvtSD, .fcvtDS, .feqD, .fltD, .fleD, .fclassD, .fcvtWD, .fcvtWUD,
                 .fcvtLD, .fcvtLUD, .fmvXD, .fcvtDW, .fcvtDWU, .fcvtDL, .fcvtDLU, .fmvDX:
                guard c.state.pointee.floatingPointDisabled == 0, c.executeDouble(i) else {
                    reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                    break execution
                }

            // The environment's business.
            case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
                if mode == .user {
                    let retired = retiredBefore &+ (limit &- remaining)
                    switch c.executeUserControlStatusRegister(i, retired: retired) {
                    case .done: break
                    case .illegal:
                        reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                        remaining &+= 1
                        break execution
                    case .notHandled:
                        reason = .systemInstruction(Interpreter.architectural(i))
                        remaining &+= 1
                        break execution
                    }
                } else {
                    reason = .systemInstruction(Interpreter.architectural(i))
                    remaining &+= 1
                    break execution
                }
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
                    // Not decoded yet: decode it and run it.
                    remaining &+= 1
                    guard decode(at: pc, into: slot) else {
                        reason = .exception(codeAccess == nil ? .instructionAccessFault : .instructionPageFault,
                                            value: (pc & 0xfff) == 0xffe ? pc &+ 2 : pc)
                        break execution
                    }
                    continue execution
                }
                reason = .exception(.illegalInstruction, value: Interpreter.bits(of: i))
                remaining &+= 1
                break execution
            }
            pc = next
        }
        // Exceptions and environment stops do not retire their instruction (counted back above).
        if case .exception = reason, remaining < limit, case .exception(let cause, _) = reason,
           cause != .illegalInstruction, cause != .breakpoint {
            remaining &+= 1
        }
        c.state.pointee.pc = pc
        let executed = limit &- remaining
        c.state.pointee.instructionsRetired &+= executed
        executedInstructions &+= executed
        return reason
    }
}
