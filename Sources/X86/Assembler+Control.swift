// Control transfer, atomics and miscellaneous instructions. Intel 64 and IA-32 Architectures Software
// Developer's Manual, Volume 2: JMP (E9 cd, FF /4), Jcc (0F 80+cc cd), CALL (FF /2), RET (C3), UD2 (0F 0B),
// INT3 (CC), NOP (90), CALL rel32 (E8); LOCK (F0: "valid only with ADD, ADC, AND, BTC, BTR, BTS, CMPXCHG, CMPXCH8B,
// CMPXCHG16B, DEC, INC, NEG, NOT, OR, SBB, SUB, XOR, XADD, and XCHG" with a memory destination), CMPXCHG
// (0F B1 /r), XADD (0F C1 /r) and MFENCE (0F AE F0). A rel32 is relative to the end of the instruction.

extension Assembler {
    // MARK: Branches

    /// `jmp label` (E9 rel32, always the 32-bit form so the length does not depend on the distance).
    public mutating func jmp(_ label: Label) {
        emit(0xe9)
        emitLabelField(label, addend: 0, end: offset + 4)
    }

    /// `call label` (E8 rel32): pushes the address after it and jumps to the label.
    public mutating func call(_ label: Label) {
        emit(0xe8)
        emitLabelField(label, addend: 0, end: offset + 4)
    }

    /// `jcc label` (0F 80+cc rel32, always the 32-bit form).
    public mutating func jcc(_ condition: Condition, _ label: Label) {
        emit(0x0f, 0x80 | condition.rawValue)
        emitLabelField(label, addend: 0, end: offset + 4)
    }

    /// The rel32 that reaches `target` from a field at `field`, which ends its instruction.
    private static func relative32(from field: Int, to target: Int) -> UInt32 {
        guard let distance = Int32(exactly: target - (field + 4)) else {
            preconditionFailure("jump distance \(target - (field + 4)) does not fit in 32 bits")
        }
        return UInt32(bitPattern: distance)
    }

    /// `jmp` (E9 rel32) to `target`, an offset in this buffer (it may lie beyond the current end). Returns
    /// the offset of the rel32 field, for later patching.
    @discardableResult
    public mutating func jmpRelative32(toOffset target: Int) -> Int {
        emit(0xe9)
        let field = offset
        emitDoubleword(Self.relative32(from: field, to: target))
        return field
    }

    /// `jcc` (0F 80+cc rel32) to `target`, an offset in this buffer. Returns the offset of the rel32 field.
    @discardableResult
    public mutating func jccRelative32(_ condition: Condition, toOffset target: Int) -> Int {
        emit(0x0f, 0x80 | condition.rawValue)
        let field = offset
        emitDoubleword(Self.relative32(from: field, to: target))
        return field
    }

    /// Rewrites the rel32 field at `field` (in executable memory, say) so that its instruction, which ends
    /// with the field, jumps to `target`: writes `target - (field + 4)` little-endian. The distance must fit
    /// in 32 bits. The write is not atomic with respect to a processor executing the instruction.
    public static func patchRelative32(field: UnsafeMutableRawPointer, target: UnsafeRawPointer) {
        let distance = Int(bitPattern: target) - (Int(bitPattern: field) + 4)
        guard let value = Int32(exactly: distance) else {
            preconditionFailure("jump distance \(distance) does not fit in 32 bits")
        }
        field.storeBytes(of: value.littleEndian, as: Int32.self)
    }

    /// `jmp register` (FF /4).
    public mutating func jmp(_ register: Register) {
        emitInstruction(opcode: [0xff], reg: 4, rm: .register(register.number))
    }

    /// `jmp qword ptr [memory]` (FF /4).
    public mutating func jmp(_ memory: MemoryOperand) {
        emitInstruction(opcode: [0xff], reg: 4, rm: .memory(memory))
    }

    /// `call register` (FF /2).
    public mutating func call(_ register: Register) {
        emitInstruction(opcode: [0xff], reg: 2, rm: .register(register.number))
    }

    /// `call qword ptr [memory]` (FF /2).
    public mutating func call(_ memory: MemoryOperand) {
        emitInstruction(opcode: [0xff], reg: 2, rm: .memory(memory))
    }

    /// `ret` (C3).
    public mutating func ret() { emit(0xc3) }

    /// `ud2` (0F 0B): raises #UD (SIGILL).
    public mutating func ud2() { emit(0x0f, 0x0b) }

    /// `int3` (CC): raises #BP (SIGTRAP).
    public mutating func int3() { emit(0xcc) }

    /// `nop` (90).
    public mutating func nop() { emit(0x90) }

    // MARK: Atomics

    /// `lock cmpxchg size ptr [memory], source` (F0 0F B1 /r; 0F B0 for bytes): if rax equals the memory
    /// operand, stores `source` and sets ZF; else loads the memory operand into rax and clears ZF.
    public mutating func lockCmpxchg(_ memory: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        emitInteger(size, lock: true, opcode: [0x0f, 0xb1], byteOpcode: [0x0f, 0xb0], reg: source.number,
                    regIsRegister: true, rm: .memory(memory))
    }

    /// `lock xadd size ptr [memory], source` (F0 0F C1 /r; 0F C0 for bytes): adds `source` to memory and
    /// leaves the old memory value in `source`.
    public mutating func lockXadd(_ memory: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        emitInteger(size, lock: true, opcode: [0x0f, 0xc1], byteOpcode: [0x0f, 0xc0], reg: source.number,
                    regIsRegister: true, rm: .memory(memory))
    }

    /// `lock and size ptr [memory], source` (F0 21 /r).
    public mutating func lockAnd(_ memory: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        lockedArithmetic(.and, memory, source, size)
    }

    /// `lock or size ptr [memory], source` (F0 09 /r).
    public mutating func lockOr(_ memory: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        lockedArithmetic(.or, memory, source, size)
    }

    /// `lock xor size ptr [memory], source` (F0 31 /r).
    public mutating func lockXor(_ memory: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        lockedArithmetic(.xor, memory, source, size)
    }

    /// `lock add size ptr [memory], source` (F0 01 /r).
    public mutating func lockAdd(_ memory: MemoryOperand, _ source: Register, _ size: OperandSize = .qword) {
        lockedArithmetic(.add, memory, source, size)
    }

    /// `mfence` (0F AE F0): orders every earlier load and store before every later one.
    public mutating func mfence() { emit(0x0f, 0xae, 0xf0) }
}
