// General-purpose integer instructions. Intel 64 and IA-32 Architectures Software Developer's Manual,
// Volume 2: MOV, MOVZX, MOVSX/MOVSXD, LEA, XCHG, PUSH, POP; ADD, OR, ADC, SBB, AND, SUB, XOR, CMP (the
// "immediate group 1" 80/81/83 /digit, the r/m,reg and reg,r/m forms, and the AL/AX/EAX/RAX short forms that
// GNU as picks for an immediate that does not fit in 8 bits); TEST; SAL/SAR/SHL/SHR, ROL/ROR (C0/C1 /digit
// ib, D0/D1 /digit for a count of 1 as GNU as picks, D2/D3 /digit for CL); IMUL, MUL, DIV, IDIV, NEG, NOT;
// CWD/CDQ/CQO; SETcc; CMOVcc; BSF, BSR, TZCNT, LZCNT, POPCNT; BSWAP.

/// The eight "immediate group 1" operations, by their /digit: also bits 3-5 of their one-byte opcodes.
public enum ArithmeticOperation: UInt8, Sendable {
    /// /0: add.
    case add = 0
    /// /1: bitwise or.
    case or
    /// /2: add with carry.
    case adc
    /// /3: subtract with borrow.
    case sbb
    /// /4: bitwise and.
    case and
    /// /5: subtract.
    case sub
    /// /6: bitwise exclusive or.
    case xor
    /// /7: subtract for the flags only.
    case cmp
}

/// The shift and rotate group 2 operations, by their /digit.
private enum ShiftOperation: UInt8 {
    /// /0: rotate left.
    case rol = 0
    /// /1: rotate right.
    case ror = 1
    /// /4: shift left (also called sal).
    case shl = 4
    /// /5: logical shift right.
    case shr = 5
    /// /7: arithmetic shift right.
    case sar = 7
}

extension Assembler {
    // MARK: Helpers

    /// `value` as the immediate of an operation of `size`: a byte immediate is any of -128...255 and a
    /// word immediate any of -32768...65535, taken modulo 2^8 or 2^16 and then sign-extended.
    static func immediate(_ value: Int32, _ size: OperandSize) -> Int64 {
        switch size {
        case .byte:
            precondition((-128...255).contains(value), "byte immediate \(value) out of range")
            return Int64(Int8(truncatingIfNeeded: value))
        case .word:
            precondition((-32768...65535).contains(value), "word immediate \(value) out of range")
            return Int64(Int16(truncatingIfNeeded: value))
        case .dword, .qword:
            return Int64(value)
        }
    }

    /// The size in bytes of a full-size immediate (imm8, imm16 or imm32; qword operations take a
    /// sign-extended imm32).
    static func immediateSize(_ size: OperandSize) -> Int { min(size.byteCount, 4) }

    /// Emits an operand-size prefix and REX.W for a ModR/M-less instruction of `size` on rax.
    private mutating func emitAccumulatorPrefixes(_ size: OperandSize) {
        if size == .word { emit(0x66) }
        if size == .qword { emit(0x48) }
    }

    // MARK: Moves

    /// `mov destination, source` (89 /r; 88 /r for bytes).
    public mutating func mov(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        emitInteger(size, opcode: [0x89], byteOpcode: [0x88], reg: source.number, regIsRegister: true,
                    rm: .register(destination.number))
    }

    /// Loads `immediate` into the whole 64-bit register with the shortest encoding and without touching
    /// the flags: `mov r32, imm32` (B8+rd, zero-extends) below 2^32, `mov r/m64, imm32` (REX.W C7 /0,
    /// sign-extends) for values that sign-extend from 32 bits, else `movabs r64, imm64` (REX.W B8+rd).
    public mutating func mov(_ destination: Register, immediate: UInt64) {
        if immediate <= UInt64(UInt32.max) {
            emitOpcodeWithRegister(rexW: false, opcode: 0xb8, register: destination)
            emitDoubleword(UInt32(immediate))
        } else if let value = Int32(exactly: Int64(bitPattern: immediate)) {
            emitInstruction(rexW: true, opcode: [0xc7], reg: 0, rm: .register(destination.number), immediateSize: 4)
            emitDoubleword(UInt32(bitPattern: value))
        } else {
            emitOpcodeWithRegister(rexW: true, opcode: 0xb8, register: destination)
            emitQuadword(immediate)
        }
    }

    /// Load: `mov destination, size ptr [source]` (8B /r; 8A /r for bytes). A dword load zero-extends
    /// into 64 bits; byte and word loads leave the upper bits alone (see `movzx` for zero-extension).
    public mutating func mov(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        emitInteger(size, opcode: [0x8b], byteOpcode: [0x8a], reg: destination.number, regIsRegister: true,
                    rm: .memory(source))
    }

    /// Store: `mov size ptr [destination], source` (89 /r; 88 /r for bytes, with a REX prefix for sil, dil,
    /// spl and bpl).
    public mutating func mov(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        emitInteger(size, opcode: [0x89], byteOpcode: [0x88], reg: source.number, regIsRegister: true,
                    rm: .memory(destination))
    }

    /// Store of an immediate: `mov size ptr [destination], immediate` (C7 /0 id, sign-extended for qword;
    /// 66 C7 /0 iw; C6 /0 ib).
    public mutating func mov(_ destination: MemoryOperand, immediate: Int32, _ size: OperandSize = .qword) {
        let value = Self.immediate(immediate, size)
        let immediateSize = Self.immediateSize(size)
        emitInteger(size, opcode: [0xc7], byteOpcode: [0xc6], reg: 0, regIsRegister: false,
                    rm: .memory(destination), immediateSize: immediateSize)
        emitImmediate(value, size: immediateSize)
    }

    /// `movzx r32, byte/word ptr [source]` (0F B6 /r, 0F B7 /r): zero-extends into all 64 bits.
    public mutating func movzx(_ destination: Register, _ source: MemoryOperand, from: OperandSize) {
        precondition(from == .byte || from == .word, "movzx extends a byte or a word")
        emitInstruction(opcode: [0x0f, from == .byte ? 0xb6 : 0xb7], reg: destination.number, rm: .memory(source))
    }

    /// `movzx r32, r8/r16` (0F B6 /r, 0F B7 /r): zero-extends into all 64 bits. The byte source may be
    /// spl, bpl, sil or dil (REX prefix), never ah-bh.
    public mutating func movzx(_ destination: Register, _ source: Register, from: OperandSize) {
        precondition(from == .byte || from == .word, "movzx extends a byte or a word")
        emitInstruction(forceREX: from == .byte && source.byteFormNeedsREX,
                        opcode: [0x0f, from == .byte ? 0xb6 : 0xb7], reg: destination.number,
                        rm: .register(source.number))
    }

    /// The opcode of a sign extension from `from` to `to`: 0F BE, 0F BF, or 63 (movsxd).
    private static func signExtensionOpcode(from: OperandSize, to: OperandSize) -> [UInt8] {
        precondition(from.byteCount < to.byteCount, "movsx extends to a wider size")
        switch from {
        case .byte: return [0x0f, 0xbe]
        case .word: return [0x0f, 0xbf]
        case .dword:
            precondition(to == .qword, "movsxd extends a dword to a qword")
            return [0x63]
        case .qword: preconditionFailure("movsx cannot extend a qword")
        }
    }

    /// `movsx to, from ptr [source]` (0F BE /r, 0F BF /r; `movsxd`, REX.W 63 /r, for a dword).
    public mutating func movsx(_ destination: Register, _ source: MemoryOperand, from: OperandSize,
                               to: OperandSize = .qword) {
        emitInstruction(operandSizePrefix: to == .word, rexW: to == .qword,
                        opcode: Self.signExtensionOpcode(from: from, to: to), reg: destination.number,
                        rm: .memory(source))
    }

    /// `movsx r, r8/r16` or `movsxd r64, r32` from register `source`.
    public mutating func movsx(_ destination: Register, _ source: Register, from: OperandSize,
                               to: OperandSize = .qword) {
        emitInstruction(operandSizePrefix: to == .word, rexW: to == .qword,
                        forceREX: from == .byte && source.byteFormNeedsREX,
                        opcode: Self.signExtensionOpcode(from: from, to: to), reg: destination.number,
                        rm: .register(source.number))
    }

    /// `lea destination, [source]` (8D /r): the address, truncated to `size` (not byte).
    public mutating func lea(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        precondition(size != .byte, "lea has no byte form")
        emitInteger(size, opcode: [0x8d], reg: destination.number, regIsRegister: true, rm: .memory(source))
    }

    /// `xchg size ptr [destination], source` (87 /r; 86 /r): with a memory operand the processor locks the
    /// bus whether or not there is a LOCK prefix, so it is an atomic swap.
    public mutating func xchg(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        emitInteger(size, opcode: [0x87], byteOpcode: [0x86], reg: source.number, regIsRegister: true,
                    rm: .memory(destination))
    }

    /// `push register` (50+rd).
    public mutating func push(_ register: Register) {
        emitOpcodeWithRegister(rexW: false, opcode: 0x50, register: register)
    }

    /// `push immediate` (68 id, always the 32-bit form): pushes the immediate sign-extended to 64 bits.
    public mutating func push(immediate: Int32) {
        emit(0x68)
        emitDoubleword(UInt32(bitPattern: immediate))
    }

    /// `pop register` (58+rd).
    public mutating func pop(_ register: Register) {
        emitOpcodeWithRegister(rexW: false, opcode: 0x58, register: register)
    }

    // MARK: Group 1 arithmetic

    /// `operation destination, source` on registers: the r/m,reg form (00+8n /r, 01+8n /r) as GNU as.
    public mutating func arithmetic(_ operation: ArithmeticOperation, _ destination: Register,
                                    _ source: Register, _ size: OperandSize) {
        let base = operation.rawValue << 3
        emitInteger(size, opcode: [base | 1], byteOpcode: [base], reg: source.number, regIsRegister: true,
                    rm: .register(destination.number))
    }

    /// `operation destination, immediate`: 83 /n ib when the immediate fits in a sign-extended byte, else
    /// the accumulator short form (04+8n ib, 05+8n iw/id) for al/ax/eax/rax, else 81 /n iw/id; bytes: 80 /n ib.
    public mutating func arithmetic(_ operation: ArithmeticOperation, _ destination: Register,
                                    immediate: Int32, _ size: OperandSize) {
        let value = Self.immediate(immediate, size)
        let fitsInByte = size == .byte || Int8(exactly: value) != nil
        if destination == .rax && (size == .byte || !fitsInByte) {
            emitAccumulatorPrefixes(size)
            emit(operation.rawValue << 3 | (size == .byte ? 4 : 5))
            emitImmediate(value, size: Self.immediateSize(size))
            return
        }
        let immediateSize = fitsInByte ? 1 : Self.immediateSize(size)
        emitInteger(size, opcode: [fitsInByte ? 0x83 : 0x81], byteOpcode: [0x80], reg: operation.rawValue,
                    regIsRegister: false, rm: .register(destination.number), immediateSize: immediateSize)
        emitImmediate(value, size: immediateSize)
    }

    /// `operation destination, size ptr [source]` (02+8n /r, 03+8n /r).
    public mutating func arithmetic(_ operation: ArithmeticOperation, _ destination: Register,
                                    _ source: MemoryOperand, _ size: OperandSize) {
        let base = operation.rawValue << 3
        emitInteger(size, opcode: [base | 3], byteOpcode: [base | 2], reg: destination.number, regIsRegister: true,
                    rm: .memory(source))
    }

    /// `operation size ptr [destination], source` (00+8n /r, 01+8n /r).
    private mutating func arithmetic(_ operation: ArithmeticOperation, _ destination: MemoryOperand,
                                     _ source: Register, _ size: OperandSize, lock: Bool = false) {
        let base = operation.rawValue << 3
        emitInteger(size, lock: lock, opcode: [base | 1], byteOpcode: [base], reg: source.number,
                    regIsRegister: true, rm: .memory(destination))
    }

    /// `operation size ptr [destination], immediate` (83 /n ib, 81 /n iw/id, 80 /n ib).
    private mutating func arithmetic(_ operation: ArithmeticOperation, _ destination: MemoryOperand,
                                     immediate: Int32, _ size: OperandSize) {
        let value = Self.immediate(immediate, size)
        let fitsInByte = size == .byte || Int8(exactly: value) != nil
        let immediateSize = fitsInByte ? 1 : Self.immediateSize(size)
        emitInteger(size, opcode: [fitsInByte ? 0x83 : 0x81], byteOpcode: [0x80], reg: operation.rawValue,
                    regIsRegister: false, rm: .memory(destination), immediateSize: immediateSize)
        emitImmediate(value, size: immediateSize)
    }

    /// `add destination, source`.
    public mutating func add(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.add, destination, source, size)
    }
    /// `add destination, immediate` (imm8 form when it fits).
    public mutating func add(_ destination: Register, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.add, destination, immediate: immediate, size)
    }
    /// `add destination, [source]`.
    public mutating func add(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        arithmetic(.add, destination, source, size)
    }
    /// `add [destination], source`.
    public mutating func add(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.add, destination, source, size)
    }
    /// `add [destination], immediate`.
    public mutating func add(_ destination: MemoryOperand, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.add, destination, immediate: immediate, size)
    }

    /// `or destination, source`.
    public mutating func or(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.or, destination, source, size)
    }
    /// `or destination, immediate` (imm8 form when it fits).
    public mutating func or(_ destination: Register, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.or, destination, immediate: immediate, size)
    }
    /// `or destination, [source]`.
    public mutating func or(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        arithmetic(.or, destination, source, size)
    }
    /// `or [destination], source`.
    public mutating func or(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.or, destination, source, size)
    }
    /// `or [destination], immediate`.
    public mutating func or(_ destination: MemoryOperand, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.or, destination, immediate: immediate, size)
    }

    /// `adc destination, source`.
    public mutating func adc(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.adc, destination, source, size)
    }
    /// `adc destination, immediate` (imm8 form when it fits).
    public mutating func adc(_ destination: Register, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.adc, destination, immediate: immediate, size)
    }
    /// `adc destination, [source]`.
    public mutating func adc(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        arithmetic(.adc, destination, source, size)
    }
    /// `adc [destination], source`.
    public mutating func adc(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.adc, destination, source, size)
    }
    /// `adc [destination], immediate`.
    public mutating func adc(_ destination: MemoryOperand, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.adc, destination, immediate: immediate, size)
    }

    /// `sbb destination, source`.
    public mutating func sbb(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.sbb, destination, source, size)
    }
    /// `sbb destination, immediate` (imm8 form when it fits).
    public mutating func sbb(_ destination: Register, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.sbb, destination, immediate: immediate, size)
    }
    /// `sbb destination, [source]`.
    public mutating func sbb(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        arithmetic(.sbb, destination, source, size)
    }
    /// `sbb [destination], source`.
    public mutating func sbb(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.sbb, destination, source, size)
    }
    /// `sbb [destination], immediate`.
    public mutating func sbb(_ destination: MemoryOperand, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.sbb, destination, immediate: immediate, size)
    }

    /// `and destination, source`.
    public mutating func and(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.and, destination, source, size)
    }
    /// `and destination, immediate` (imm8 form when it fits).
    public mutating func and(_ destination: Register, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.and, destination, immediate: immediate, size)
    }
    /// `and destination, [source]`.
    public mutating func and(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        arithmetic(.and, destination, source, size)
    }
    /// `and [destination], source`.
    public mutating func and(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.and, destination, source, size)
    }
    /// `and [destination], immediate`.
    public mutating func and(_ destination: MemoryOperand, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.and, destination, immediate: immediate, size)
    }

    /// `sub destination, source`.
    public mutating func sub(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.sub, destination, source, size)
    }
    /// `sub destination, immediate` (imm8 form when it fits).
    public mutating func sub(_ destination: Register, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.sub, destination, immediate: immediate, size)
    }
    /// `sub destination, [source]`.
    public mutating func sub(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        arithmetic(.sub, destination, source, size)
    }
    /// `sub [destination], source`.
    public mutating func sub(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.sub, destination, source, size)
    }
    /// `sub [destination], immediate`.
    public mutating func sub(_ destination: MemoryOperand, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.sub, destination, immediate: immediate, size)
    }

    /// `xor destination, source`.
    public mutating func xor(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.xor, destination, source, size)
    }
    /// `xor destination, immediate` (imm8 form when it fits).
    public mutating func xor(_ destination: Register, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.xor, destination, immediate: immediate, size)
    }
    /// `xor destination, [source]`.
    public mutating func xor(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        arithmetic(.xor, destination, source, size)
    }
    /// `xor [destination], source`.
    public mutating func xor(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.xor, destination, source, size)
    }
    /// `xor [destination], immediate`.
    public mutating func xor(_ destination: MemoryOperand, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.xor, destination, immediate: immediate, size)
    }

    /// `cmp destination, source`: the flags of destination - source.
    public mutating func cmp(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.cmp, destination, source, size)
    }
    /// `cmp destination, immediate` (imm8 form when it fits).
    public mutating func cmp(_ destination: Register, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.cmp, destination, immediate: immediate, size)
    }
    /// `cmp destination, [source]`.
    public mutating func cmp(_ destination: Register, _ source: MemoryOperand, _ size: OperandSize = .qword) {
        arithmetic(.cmp, destination, source, size)
    }
    /// `cmp [destination], source`.
    public mutating func cmp(_ destination: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        arithmetic(.cmp, destination, source, size)
    }
    /// `cmp [destination], immediate`.
    public mutating func cmp(_ destination: MemoryOperand, immediate: Int32, _ size: OperandSize = .qword) {
        arithmetic(.cmp, destination, immediate: immediate, size)
    }

    /// `lock operation size ptr [destination], source`, for the atomic methods.
    mutating func lockedArithmetic(_ operation: ArithmeticOperation, _ destination: MemoryOperand,
                                   _ source: Register, _ size: OperandSize) {
        arithmetic(operation, destination, source, size, lock: true)
    }

    // MARK: TEST

    /// `test a, b` (85 /r; 84 /r): the flags of a AND b.
    public mutating func test(_ a: Register, _ b: Register, _ size: OperandSize = .qword) {
        emitInteger(size, opcode: [0x85], byteOpcode: [0x84], reg: b.number, regIsRegister: true,
                    rm: .register(a.number))
    }

    /// `test a, immediate` (F7 /0 iw/id, F6 /0 ib; A8 ib, A9 iw/id for the accumulator, as GNU as).
    public mutating func test(_ a: Register, immediate: Int32, _ size: OperandSize = .qword) {
        let value = Self.immediate(immediate, size)
        let immediateSize = Self.immediateSize(size)
        if a == .rax {
            emitAccumulatorPrefixes(size)
            emit(size == .byte ? 0xa8 : 0xa9)
        } else {
            emitInteger(size, opcode: [0xf7], byteOpcode: [0xf6], reg: 0, regIsRegister: false,
                        rm: .register(a.number), immediateSize: immediateSize)
        }
        emitImmediate(value, size: immediateSize)
    }

    // MARK: Shifts and rotates

    /// `operation destination, count`: D1 /n (D0 for bytes) for a count of 1, as GNU as, else C1 /n ib
    /// (C0 /n ib).
    private mutating func shift(_ operation: ShiftOperation, _ destination: Register, count: UInt8,
                                _ size: OperandSize) {
        if count == 1 {
            emitInteger(size, opcode: [0xd1], byteOpcode: [0xd0], reg: operation.rawValue, regIsRegister: false,
                        rm: .register(destination.number))
        } else {
            emitInteger(size, opcode: [0xc1], byteOpcode: [0xc0], reg: operation.rawValue, regIsRegister: false,
                        rm: .register(destination.number), immediateSize: 1)
            emit(count)
        }
    }

    /// `operation destination, cl` (D3 /n; D2 /n for bytes).
    private mutating func shiftByCL(_ operation: ShiftOperation, _ destination: Register, _ size: OperandSize) {
        emitInteger(size, opcode: [0xd3], byteOpcode: [0xd2], reg: operation.rawValue, regIsRegister: false,
                    rm: .register(destination.number))
    }

    /// `shl destination, immediate`. The processor masks the count to 5 bits (6 for qword).
    public mutating func shl(_ destination: Register, immediate: UInt8, _ size: OperandSize = .qword) {
        shift(.shl, destination, count: immediate, size)
    }
    /// `shr destination, immediate` (logical).
    public mutating func shr(_ destination: Register, immediate: UInt8, _ size: OperandSize = .qword) {
        shift(.shr, destination, count: immediate, size)
    }
    /// `sar destination, immediate` (arithmetic).
    public mutating func sar(_ destination: Register, immediate: UInt8, _ size: OperandSize = .qword) {
        shift(.sar, destination, count: immediate, size)
    }
    /// `rol destination, immediate`.
    public mutating func rol(_ destination: Register, immediate: UInt8, _ size: OperandSize = .qword) {
        shift(.rol, destination, count: immediate, size)
    }
    /// `ror destination, immediate`.
    public mutating func ror(_ destination: Register, immediate: UInt8, _ size: OperandSize = .qword) {
        shift(.ror, destination, count: immediate, size)
    }
    /// `shl destination, cl`.
    public mutating func shlCL(_ destination: Register, _ size: OperandSize = .qword) {
        shiftByCL(.shl, destination, size)
    }
    /// `shr destination, cl`.
    public mutating func shrCL(_ destination: Register, _ size: OperandSize = .qword) {
        shiftByCL(.shr, destination, size)
    }
    /// `sar destination, cl`.
    public mutating func sarCL(_ destination: Register, _ size: OperandSize = .qword) {
        shiftByCL(.sar, destination, size)
    }
    /// `rol destination, cl`.
    public mutating func rolCL(_ destination: Register, _ size: OperandSize = .qword) {
        shiftByCL(.rol, destination, size)
    }
    /// `ror destination, cl`.
    public mutating func rorCL(_ destination: Register, _ size: OperandSize = .qword) {
        shiftByCL(.ror, destination, size)
    }

    // MARK: Multiplication and division

    /// `imul destination, source` (0F AF /r): the low half of the signed product.
    public mutating func imul(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        emitInteger(size, opcode: [0x0f, 0xaf], reg: destination.number, regIsRegister: true,
                    rm: .register(source.number))
    }

    /// `imul destination, source, immediate` (6B /r ib when it fits in a byte, else 69 /r iw/id).
    public mutating func imul(_ destination: Register, _ source: Register, immediate: Int32,
                              _ size: OperandSize = .qword) {
        let value = Self.immediate(immediate, size)
        let immediateSize = Int8(exactly: value) != nil ? 1 : Self.immediateSize(size)
        emitInteger(size, opcode: [immediateSize == 1 ? 0x6b : 0x69], reg: destination.number, regIsRegister: true,
                    rm: .register(source.number), immediateSize: immediateSize)
        emitImmediate(value, size: immediateSize)
    }

    /// Group 3 (F7 /n; F6 /n for bytes) on a register.
    private mutating func group3(_ digit: UInt8, _ operand: Register, _ size: OperandSize) {
        emitInteger(size, opcode: [0xf7], byteOpcode: [0xf6], reg: digit, regIsRegister: false,
                    rm: .register(operand.number))
    }

    /// One-operand `mul source` (F7 /4): rdx:rax = rax * source, unsigned (ax = al * source for bytes).
    public mutating func mulWide(_ source: Register, _ size: OperandSize = .qword) { group3(4, source, size) }

    /// One-operand `imul source` (F7 /5): rdx:rax = rax * source, signed.
    public mutating func imulWide(_ source: Register, _ size: OperandSize = .qword) { group3(5, source, size) }

    /// `div source` (F7 /6): rax = rdx:rax / source, rdx = remainder, unsigned; #DE on zero or overflow.
    public mutating func div(_ source: Register, _ size: OperandSize = .qword) { group3(6, source, size) }

    /// `idiv source` (F7 /7): signed division of rdx:rax; #DE on zero or overflow.
    public mutating func idiv(_ source: Register, _ size: OperandSize = .qword) { group3(7, source, size) }

    /// `neg destination` (F7 /3): two's-complement negation.
    public mutating func neg(_ destination: Register, _ size: OperandSize = .qword) { group3(3, destination, size) }

    /// `not destination` (F7 /2): one's complement; flags unchanged.
    public mutating func not(_ destination: Register, _ size: OperandSize = .qword) { group3(2, destination, size) }

    /// `cqo` (REX.W 99): rdx = the sign of rax, before a 64-bit idiv.
    public mutating func cqo() { emit(0x48, 0x99) }

    /// `cdq` (99): edx = the sign of eax, before a 32-bit idiv.
    public mutating func cdq() { emit(0x99) }

    // MARK: Conditions

    /// `setcc destination` (0F 90+cc /0): the low byte of `destination` = 1 if the condition holds, else 0;
    /// a REX prefix makes 4-7 spl, bpl, sil, dil rather than ah-bh.
    public mutating func setcc(_ condition: Condition, _ destination: Register) {
        emitInstruction(forceREX: destination.byteFormNeedsREX, opcode: [0x0f, 0x90 | condition.rawValue], reg: 0,
                        rm: .register(destination.number))
    }

    /// `cmovcc destination, source` (0F 40+cc /r). A dword cmov zero-extends the destination even when the
    /// condition is false.
    public mutating func cmov(_ condition: Condition, _ destination: Register, _ source: Register,
                              _ size: OperandSize = .qword) {
        emitInteger(size, opcode: [0x0f, 0x40 | condition.rawValue], reg: destination.number, regIsRegister: true,
                    rm: .register(source.number))
    }

    // MARK: Bit scans and counts

    /// A 0F-escaped reg, r/m bit instruction with an optional F3 mandatory prefix.
    private mutating func bitInstruction(_ mandatoryPrefix: UInt8?, _ opcode: UInt8, _ destination: Register,
                                         _ source: Register, _ size: OperandSize) {
        precondition(size != .byte, "bit scans and counts have no byte form")
        emitInstruction(operandSizePrefix: size == .word, mandatoryPrefix: mandatoryPrefix, rexW: size == .qword,
                        opcode: [0x0f, opcode], reg: destination.number, rm: .register(source.number))
    }

    /// `bsf destination, source` (0F BC /r): index of the lowest set bit; destination undefined if zero.
    public mutating func bsf(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        bitInstruction(nil, 0xbc, destination, source, size)
    }

    /// `bsr destination, source` (0F BD /r): index of the highest set bit; destination undefined if zero.
    public mutating func bsr(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        bitInstruction(nil, 0xbd, destination, source, size)
    }

    /// `tzcnt destination, source` (F3 0F BC /r, BMI1): trailing zeros; the operand size if zero.
    public mutating func tzcnt(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        bitInstruction(0xf3, 0xbc, destination, source, size)
    }

    /// `lzcnt destination, source` (F3 0F BD /r, LZCNT): leading zeros; the operand size if zero.
    public mutating func lzcnt(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        bitInstruction(0xf3, 0xbd, destination, source, size)
    }

    /// `popcnt destination, source` (F3 0F B8 /r, POPCNT).
    public mutating func popcnt(_ destination: Register, _ source: Register, _ size: OperandSize = .qword) {
        bitInstruction(0xf3, 0xb8, destination, source, size)
    }

    /// `bswap register` (0F C8+rd): reverses the byte order of a dword or qword (the word form is undefined).
    public mutating func bswap(_ register: Register, _ size: OperandSize = .qword) {
        precondition(size == .dword || size == .qword, "bswap swaps a dword or a qword")
        emitOpcodeWithRegister(rexW: size == .qword, escape: [0x0f], opcode: 0xc8, register: register)
    }
}
