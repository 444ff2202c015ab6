// RV64I semantics (The RISC-V Instruction Set Manual, Volume I, chapter 2 "RV32I Base Integer
// Instruction Set" and chapter 5 "RV64I"). Control transfers live in the dispatch loop.
import MorphCore
import RISCV

extension ExecutionContext {
    @inline(__always) private func immediate(_ i: Instruction) -> UInt64 {
        UInt64(bitPattern: Int64(i.immediate))
    }

    /// Performs the integer register-immediate or register-register computation `i`.
    @inline(__always)
    func executeIntegerComputation(_ i: Instruction, pc: UInt64) {
        let a = x[Int(i.rs1)], b = x[Int(i.rs2)], imm = immediate(i)
        let result: UInt64
        switch i.operation {
        case .lui: result = imm
        case .auipc: result = pc &+ imm
        case .addi: result = a &+ imm
        case .slti: result = Int64(bitPattern: a) < Int64(bitPattern: imm) ? 1 : 0
        case .sltiu: result = a < imm ? 1 : 0
        case .xori: result = a ^ imm
        case .ori: result = a | imm
        case .andi: result = a & imm
        case .slli: result = a << (imm & 63)
        case .srli: result = a >> (imm & 63)
        case .srai: result = UInt64(bitPattern: Int64(bitPattern: a) >> Int64(imm & 63))
        case .add: result = a &+ b
        case .sub: result = a &- b
        case .sll: result = a << (b & 63)
        case .slt: result = Int64(bitPattern: a) < Int64(bitPattern: b) ? 1 : 0
        case .sltu: result = a < b ? 1 : 0
        case .xor: result = a ^ b
        case .srl: result = a >> (b & 63)
        case .sra: result = UInt64(bitPattern: Int64(bitPattern: a) >> Int64(b & 63))
        case .or: result = a | b
        case .and: result = a & b
        // "ADDIW ... the result is sign-extended to 64 bits"; shifts operate on the low 32 bits.
        case .addiw: result = IntegerArithmetic.signExtendWord(a &+ imm)
        case .slliw: result = IntegerArithmetic.signExtendWord(a << (imm & 31))
        case .srliw: result = IntegerArithmetic.signExtend(Int32(bitPattern: UInt32(truncatingIfNeeded: a) >> UInt32(imm & 31)))
        case .sraiw: result = IntegerArithmetic.signExtend(Int32(truncatingIfNeeded: a) >> Int32(imm & 31))
        case .addw: result = IntegerArithmetic.signExtendWord(a &+ b)
        case .subw: result = IntegerArithmetic.signExtendWord(a &- b)
        case .sllw: result = IntegerArithmetic.signExtendWord(a << (b & 31))
        case .srlw: result = IntegerArithmetic.signExtend(Int32(bitPattern: UInt32(truncatingIfNeeded: a) >> UInt32(b & 31)))
        case .sraw: result = IntegerArithmetic.signExtend(Int32(truncatingIfNeeded: a) >> Int32(b & 31))
        default: return
        }
        x[Int(i.rd)] = result
    }

    /// Whether the conditional branch `i` is taken.
    @inline(__always)
    func branchTaken(_ i: Instruction) -> Bool {
        let a = x[Int(i.rs1)], b = x[Int(i.rs2)]
        switch i.operation {
        case .beq: return a == b
        case .bne: return a != b
        case .blt: return Int64(bitPattern: a) < Int64(bitPattern: b)
        case .bge: return Int64(bitPattern: a) >= Int64(bitPattern: b)
        case .bltu: return a < b
        default: return a >= b  // bgeu
        }
    }

    /// Performs the load `i`; returns false (nothing written) if the address is outside guest memory.
    @inline(__always)
    func executeLoad(_ i: Instruction) -> Bool {
        let address = effectiveAddress(i)
        let value: UInt64
        switch i.operation {
        case .lb: guard let v = load(address, as: Int8.self) else { return false }; value = UInt64(bitPattern: Int64(v))
        case .lh: guard let v = load(address, as: Int16.self) else { return false }; value = UInt64(bitPattern: Int64(v))
        case .lw: guard let v = load(address, as: Int32.self) else { return false }; value = UInt64(bitPattern: Int64(v))
        case .ld: guard let v = load(address, as: UInt64.self) else { return false }; value = v
        case .lbu: guard let v = load(address, as: UInt8.self) else { return false }; value = UInt64(v)
        case .lhu: guard let v = load(address, as: UInt16.self) else { return false }; value = UInt64(v)
        default: guard let v = load(address, as: UInt32.self) else { return false }; value = UInt64(v)  // lwu
        }
        x[Int(i.rd)] = value
        return true
    }

    /// Performs the store `i`; returns false if the address is outside guest memory.
    @inline(__always)
    func executeStore(_ i: Instruction) -> Bool {
        let address = effectiveAddress(i), value = x[Int(i.rs2)]
        switch i.operation {
        case .sb: return store(UInt8(truncatingIfNeeded: value), at: address)
        case .sh: return store(UInt16(truncatingIfNeeded: value), at: address)
        case .sw: return store(UInt32(truncatingIfNeeded: value), at: address)
        default: return store(value, at: address)  // sd
        }
    }
}
