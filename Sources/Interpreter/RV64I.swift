// RV64I semantics (The RISC-V Instruction Set Manual, Volume I, chapter 2 "RV32I Base Integer
// Instruction Set" and chapter 5 "RV64I"), one function per instruction in the manual's order.
// Control transfers (jal, jalr, branches) live in the dispatch loop, which owns the pc.
import MorphCore
import RISCV

extension ExecutionContext {
    @inline(__always) private func rs1(_ i: Instruction) -> UInt64 { x[Int(i.rs1)] }
    @inline(__always) private func rs2(_ i: Instruction) -> UInt64 { x[Int(i.rs2)] }
    @inline(__always) private func imm(_ i: Instruction) -> UInt64 { UInt64(bitPattern: Int64(i.immediate)) }
    @inline(__always) private func set(_ i: Instruction, _ value: UInt64) { x[Int(i.rd)] = value }
    @inline(__always) private func setWord(_ i: Instruction, _ value: UInt64) {
        // "*W instructions ... produce 32-bit results sign-extended to 64 bits."
        x[Int(i.rd)] = IntegerArithmetic.signExtendWord(value)
    }

    /// `lui`: the immediate already holds `imm << 12`, sign-extended.
    @inline(__always) func lui(_ i: Instruction) { set(i, imm(i)) }
    /// `auipc`.
    @inline(__always) func auipc(_ i: Instruction, pc: UInt64) { set(i, pc &+ imm(i)) }
    /// `addi`.
    @inline(__always) func addi(_ i: Instruction) { set(i, rs1(i) &+ imm(i)) }
    /// `slti`.
    @inline(__always) func slti(_ i: Instruction) { set(i, Int64(bitPattern: rs1(i)) < Int64(i.immediate) ? 1 : 0) }
    /// `sltiu`: the immediate is sign-extended, then compared unsigned.
    @inline(__always) func sltiu(_ i: Instruction) { set(i, rs1(i) < imm(i) ? 1 : 0) }
    /// `xori`.
    @inline(__always) func xori(_ i: Instruction) { set(i, rs1(i) ^ imm(i)) }
    /// `ori`.
    @inline(__always) func ori(_ i: Instruction) { set(i, rs1(i) | imm(i)) }
    /// `andi`.
    @inline(__always) func andi(_ i: Instruction) { set(i, rs1(i) & imm(i)) }
    /// `slli`.
    @inline(__always) func slli(_ i: Instruction) { set(i, rs1(i) << (imm(i) & 63)) }
    /// `srli`.
    @inline(__always) func srli(_ i: Instruction) { set(i, rs1(i) >> (imm(i) & 63)) }
    /// `srai`.
    @inline(__always) func srai(_ i: Instruction) {
        set(i, UInt64(bitPattern: Int64(bitPattern: rs1(i)) >> Int64(imm(i) & 63)))
    }
    /// `add`.
    @inline(__always) func add(_ i: Instruction) { set(i, rs1(i) &+ rs2(i)) }
    /// `sub`.
    @inline(__always) func sub(_ i: Instruction) { set(i, rs1(i) &- rs2(i)) }
    /// `sll`: "shift amount held in the lower 6 bits of register rs2".
    @inline(__always) func sll(_ i: Instruction) { set(i, rs1(i) << (rs2(i) & 63)) }
    /// `slt`.
    @inline(__always) func slt(_ i: Instruction) {
        set(i, Int64(bitPattern: rs1(i)) < Int64(bitPattern: rs2(i)) ? 1 : 0)
    }
    /// `sltu`.
    @inline(__always) func sltu(_ i: Instruction) { set(i, rs1(i) < rs2(i) ? 1 : 0) }
    /// `xor`.
    @inline(__always) func xor(_ i: Instruction) { set(i, rs1(i) ^ rs2(i)) }
    /// `srl`.
    @inline(__always) func srl(_ i: Instruction) { set(i, rs1(i) >> (rs2(i) & 63)) }
    /// `sra`.
    @inline(__always) func sra(_ i: Instruction) {
        set(i, UInt64(bitPattern: Int64(bitPattern: rs1(i)) >> Int64(rs2(i) & 63)))
    }
    /// `or`.
    @inline(__always) func or(_ i: Instruction) { set(i, rs1(i) | rs2(i)) }
    /// `and`.
    @inline(__always) func and(_ i: Instruction) { set(i, rs1(i) & rs2(i)) }
    /// `addiw`.
    @inline(__always) func addiw(_ i: Instruction) { setWord(i, rs1(i) &+ imm(i)) }
    /// `slliw`.
    @inline(__always) func slliw(_ i: Instruction) { setWord(i, rs1(i) << (imm(i) & 31)) }
    /// `srliw`: shifts the zero-extended low word.
    @inline(__always) func srliw(_ i: Instruction) {
        setWord(i, UInt64(UInt32(truncatingIfNeeded: rs1(i)) >> UInt32(imm(i) & 31)))
    }
    /// `sraiw`.
    @inline(__always) func sraiw(_ i: Instruction) {
        set(i, IntegerArithmetic.signExtend(Int32(truncatingIfNeeded: rs1(i)) >> Int32(imm(i) & 31)))
    }
    /// `addw`.
    @inline(__always) func addw(_ i: Instruction) { setWord(i, rs1(i) &+ rs2(i)) }
    /// `subw`.
    @inline(__always) func subw(_ i: Instruction) { setWord(i, rs1(i) &- rs2(i)) }
    /// `sllw`.
    @inline(__always) func sllw(_ i: Instruction) { setWord(i, rs1(i) << (rs2(i) & 31)) }
    /// `srlw`.
    @inline(__always) func srlw(_ i: Instruction) {
        setWord(i, UInt64(UInt32(truncatingIfNeeded: rs1(i)) >> UInt32(rs2(i) & 31)))
    }
    /// `sraw`.
    @inline(__always) func sraw(_ i: Instruction) {
        set(i, IntegerArithmetic.signExtend(Int32(truncatingIfNeeded: rs1(i)) >> Int32(rs2(i) & 31)))
    }

    /// Whether the conditional branch `i` is taken.
    @inline(__always) func beq(_ i: Instruction) -> Bool { rs1(i) == rs2(i) }
    /// `bne`.
    @inline(__always) func bne(_ i: Instruction) -> Bool { rs1(i) != rs2(i) }
    /// `blt`.
    @inline(__always) func blt(_ i: Instruction) -> Bool { Int64(bitPattern: rs1(i)) < Int64(bitPattern: rs2(i)) }
    /// `bge`.
    @inline(__always) func bge(_ i: Instruction) -> Bool { Int64(bitPattern: rs1(i)) >= Int64(bitPattern: rs2(i)) }
    /// `bltu`.
    @inline(__always) func bltu(_ i: Instruction) -> Bool { rs1(i) < rs2(i) }
    /// `bgeu`.
    @inline(__always) func bgeu(_ i: Instruction) -> Bool { rs1(i) >= rs2(i) }

    // Loads and stores return false, writing nothing, when the address is outside guest memory.

    /// `lb`.
    @inline(__always) func lb(_ i: Instruction) -> Bool {
        guard let v = load(effectiveAddress(i), as: Int8.self) else { return false }
        set(i, UInt64(bitPattern: Int64(v)))
        return true
    }
    /// `lh`.
    @inline(__always) func lh(_ i: Instruction) -> Bool {
        guard let v = load(effectiveAddress(i), as: Int16.self) else { return false }
        set(i, UInt64(bitPattern: Int64(v)))
        return true
    }
    /// `lw`.
    @inline(__always) func lw(_ i: Instruction) -> Bool {
        guard let v = load(effectiveAddress(i), as: Int32.self) else { return false }
        set(i, UInt64(bitPattern: Int64(v)))
        return true
    }
    /// `ld`.
    @inline(__always) func ld(_ i: Instruction) -> Bool {
        guard let v = load(effectiveAddress(i), as: UInt64.self) else { return false }
        set(i, v)
        return true
    }
    /// `lbu`.
    @inline(__always) func lbu(_ i: Instruction) -> Bool {
        guard let v = load(effectiveAddress(i), as: UInt8.self) else { return false }
        set(i, UInt64(v))
        return true
    }
    /// `lhu`.
    @inline(__always) func lhu(_ i: Instruction) -> Bool {
        guard let v = load(effectiveAddress(i), as: UInt16.self) else { return false }
        set(i, UInt64(v))
        return true
    }
    /// `lwu`.
    @inline(__always) func lwu(_ i: Instruction) -> Bool {
        guard let v = load(effectiveAddress(i), as: UInt32.self) else { return false }
        set(i, UInt64(v))
        return true
    }
    /// `sb`.
    @inline(__always) func sb(_ i: Instruction) -> Bool {
        store(UInt8(truncatingIfNeeded: rs2(i)), at: effectiveAddress(i))
    }
    /// `sh`.
    @inline(__always) func sh(_ i: Instruction) -> Bool {
        store(UInt16(truncatingIfNeeded: rs2(i)), at: effectiveAddress(i))
    }
    /// `sw`.
    @inline(__always) func sw(_ i: Instruction) -> Bool {
        store(UInt32(truncatingIfNeeded: rs2(i)), at: effectiveAddress(i))
    }
    /// `sd`.
    @inline(__always) func sd(_ i: Instruction) -> Bool { store(rs2(i), at: effectiveAddress(i)) }
}
