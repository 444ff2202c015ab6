// Which emitter translates each RV64GC instruction, and which instructions end a block or stay with the
// interpreter (see ../shared/guide/ARCHITECTURE.md, "Engines": the translator exits to the dispatcher
// only for what it does not translate).
import Interpreter
import MorphCore
import RISCV

/// How the translator treats an instruction.
enum TranslationKind {
    /// Translated inline; the block goes on after it.
    case straightLine
    /// Translated inline and ends the block (a jump or branch).
    case transfer
    /// Left to the interpreter: ends the block before it (ecall, ebreak, CSRs other than fflags, frm
    /// and fcsr in user mode, fence.i, AMO min/max with rs2 in the hart state, privileged and illegal
    /// instructions, floating point in system mode).
    case interpreter
}

extension BlockEmitter {
    /// How `instruction` is translated in `mode`.
    static func kind(of instruction: Instruction, mode: ExecutionMode) -> TranslationKind {
        switch instruction.operation {
        case .jal, .jalr, .beq, .bne, .blt, .bge, .bltu, .bgeu:
            return .transfer
        case .lui, .auipc, .addi, .slti, .sltiu, .xori, .ori, .andi, .slli, .srli, .srai, .add, .sub, .sll, .slt,
             .sltu, .xor, .srl, .sra, .or, .and, .addiw, .slliw, .srliw, .sraiw, .addw, .subw, .sllw, .srlw, .sraw,
             .mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu, .mulw, .divw, .divuw, .remw, .remuw,
             .lb, .lh, .lw, .ld, .lbu, .lhu, .lwu, .sb, .sh, .sw, .sd, .fence:
            return .straightLine
        case .flw, .fld, .fsw, .fsd:
            return mode == .user ? .straightLine : .interpreter
        case .lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW,
             .amomaxuW, .lrD, .scD, .amoswapD, .amoaddD, .amoxorD, .amoandD, .amoorD, .amominD, .amomaxD,
             .amominuD, .amomaxuD:
            return translatesAtomic(instruction) ? .straightLine : .interpreter
        default:
            if mode == .user, TranslatorHelpers.isFloatingPointComputation(instruction.operation)
                || TranslatorHelpers.isFloatingPointControl(instruction) {
                return .straightLine
            }
            return .interpreter
        }
    }

    /// Emits the current instruction (one the `kind` says is translated).
    mutating func emit(_ i: Instruction) {
        switch i.operation {
        case .lui: store(constant: UInt64(bitPattern: Int64(i.immediate)), to: i.rd)
        case .auipc: store(constant: pc &+ UInt64(bitPattern: Int64(i.immediate)), to: i.rd)
        case .addi: immediateOperation(.add, i)
        case .xori: immediateOperation(.xor, i)
        case .ori: immediateOperation(.or, i)
        case .andi: immediateOperation(.and, i)
        case .addiw: immediateOperation(.add, i, word: true)
        case .slti: setLessThan(i, immediate: true, signed: true)
        case .sltiu: setLessThan(i, immediate: true, signed: false)
        case .slt: setLessThan(i, immediate: false, signed: true)
        case .sltu: setLessThan(i, immediate: false, signed: false)
        case .slli, .srli, .srai, .slliw, .srliw, .sraiw: shiftImmediate(i.operation, i)
        case .sll, .srl, .sra, .sllw, .srlw, .sraw: shiftRegister(i.operation, i)
        case .add: registerOperation(.add, i)
        case .sub: registerOperation(.sub, i)
        case .xor: registerOperation(.xor, i)
        case .or: registerOperation(.or, i)
        case .and: registerOperation(.and, i)
        case .addw: registerOperation(.add, i, word: true)
        case .subw: registerOperation(.sub, i, word: true)
        case .mul: multiply(i, word: false)
        case .mulw: multiply(i, word: true)
        case .mulh, .mulhu, .mulhsu: multiplyHigh(i.operation, i)
        case .div: divide(i, signed: true, remainder: false, word: false)
        case .divu: divide(i, signed: false, remainder: false, word: false)
        case .rem: divide(i, signed: true, remainder: true, word: false)
        case .remu: divide(i, signed: false, remainder: true, word: false)
        case .divw: divide(i, signed: true, remainder: false, word: true)
        case .divuw: divide(i, signed: false, remainder: false, word: true)
        case .remw: divide(i, signed: true, remainder: true, word: true)
        case .remuw: divide(i, signed: false, remainder: true, word: true)
        case .lb, .lh, .lw, .ld, .lbu, .lhu, .lwu: load(i.operation, i)
        case .sb, .sh, .sw, .sd: store(i.operation, i)
        case .flw: floatingPointLoad(i, double: false)
        case .fld: floatingPointLoad(i, double: true)
        case .fsw: floatingPointStore(i, double: false)
        case .fsd: floatingPointStore(i, double: true)
        case .fence:
            // x86 keeps every order but store -> load (Intel SDM Vol. 3A, 9.2.2): only a fence ordering
            // earlier writes before later reads needs mfence; fence.tso (fm = 1000) orders exactly what
            // x86 already does.
            let fields = UInt32(bitPattern: i.immediate) & 0xfff
            let predecessorWrites = (fields >> 4) & 1 != 0, successorReads = fields & 2 != 0
            if predecessorWrites, successorReads, fields >> 8 != 0b1000 { assembler.mfence() }
        case .lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW,
             .amomaxuW, .lrD, .scD, .amoswapD, .amoaddD, .amoxorD, .amoandD, .amoorD, .amominD, .amomaxD,
             .amominuD, .amomaxuD:
            atomic(i)
        case .jal: jumpAndLink(i)
        case .jalr: jumpAndLinkRegister(i)
        case .beq: branch(i, .equal)
        case .bne: branch(i, .notEqual)
        case .blt: branch(i, .less)
        case .bge: branch(i, .greaterOrEqual)
        case .bltu: branch(i, .below)
        case .bgeu: branch(i, .aboveOrEqual)
        default:
            if TranslatorHelpers.isFloatingPointComputation(i.operation) {
                floatingPointComputation(i)
            } else if TranslatorHelpers.isFloatingPointControl(i) {
                floatingPointControl(i)
            } else {
                fallback()
            }
        }
    }
}
