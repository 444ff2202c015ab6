// RV64M translated to x86-64 (The RISC-V Instruction Set Manual, Volume I, chapter 13 "M Extension for
// Integer Multiplication and Division"), mirroring Interpreter/RV64M.swift. x86 division traps where
// RISC-V defines results (division by zero, overflow), so those cases are tested for first (13.2).
import RISCV
import X86

extension BlockEmitter {
    /// mul and mulw: the low bits of the product.
    mutating func multiply(_ i: Instruction, word: Bool) {
        guard i.rd != 0 else { return }
        load(i.rs1, into: .rax)
        let second = register(i.rs2, scratch: .rcx)
        assembler.imul(.rax, second, word ? .dword : .qword)
        if word { assembler.movsx(.rax, .rax, from: .dword) }
        store(.rax, to: i.rd)
    }

    /// mulh, mulhu, mulhsu: the high 64 bits of the 128-bit product.
    mutating func multiplyHigh(_ operation: Operation, _ i: Instruction) {
        guard i.rd != 0 else { return }
        load(i.rs1, into: .rax)
        load(i.rs2, into: .rcx)
        switch operation {
        case .mulh:
            assembler.imulWide(.rcx)
        case .mulhu:
            assembler.mulWide(.rcx)
        default:
            // Signed times unsigned: the unsigned high part, less rs2 when rs1 is negative.
            assembler.mulWide(.rcx)
            load(i.rs1, into: .rax)
            assembler.sar(.rax, immediate: 63)
            assembler.and(.rax, .rcx)
            assembler.sub(.rdx, .rax)
        }
        store(.rdx, to: i.rd)
    }

    /// div, divu, rem, remu and their word forms, with the results RISC-V defines for a zero divisor
    /// (quotient all ones, remainder the dividend) and for signed overflow (quotient the dividend,
    /// remainder 0).
    mutating func divide(_ i: Instruction, signed: Bool, remainder: Bool, word: Bool) {
        guard i.rd != 0 else { return }
        let size: OperandSize = word ? .dword : .qword
        load(i.rs1, into: .rax)
        load(i.rs2, into: .rcx)
        let zero = assembler.newLabel(), done = assembler.newLabel(), divide = assembler.newLabel()
        assembler.test(.rcx, .rcx, size)
        assembler.jcc(.equal, zero)
        if signed {
            assembler.cmp(.rcx, immediate: -1, size)
            assembler.jcc(.notEqual, divide)
            // x / -1: the negation (which wraps for the most negative value), remainder 0.
            if remainder { assembler.mov(.rdx, immediate: 0) } else { assembler.neg(.rax, size) }
            assembler.jmp(done)
            assembler.bind(divide)
            if word { assembler.cdq() } else { assembler.cqo() }
            assembler.idiv(.rcx, size)
        } else {
            assembler.mov(.rdx, immediate: 0)
            assembler.div(.rcx, size)
        }
        assembler.jmp(done)
        assembler.bind(zero)
        // Quotient all ones; remainder the dividend (already in rax).
        if remainder { assembler.mov(.rdx, .rax) } else { assembler.mov(.rax, immediate: UInt64.max) }
        assembler.bind(done)
        let result: Register = remainder ? .rdx : .rax
        if word { assembler.movsx(result, result, from: .dword) }
        store(result, to: i.rd)
    }
}
