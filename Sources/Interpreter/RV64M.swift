// RV64M semantics (The RISC-V Instruction Set Manual, Volume I, chapter 7 "M Standard Extension for
// Integer Multiplication and Division"), one function per instruction. The division edge cases of
// table 7.1 live in MorphCore's IntegerArithmetic, shared with every engine.
import MorphCore
import RISCV

extension ExecutionContext {
    @inline(__always) private func apply(_ i: Instruction, _ operation: (UInt64, UInt64) -> UInt64) {
        x[Int(i.rd)] = operation(x[Int(i.rs1)], x[Int(i.rs2)])
    }

    /// `mul`.
    @inline(__always) func mul(_ i: Instruction) { apply(i) { $0 &* $1 } }
    /// `mulh`.
    @inline(__always) func mulh(_ i: Instruction) { apply(i, IntegerArithmetic.mulh) }
    /// `mulhsu`.
    @inline(__always) func mulhsu(_ i: Instruction) { apply(i, IntegerArithmetic.mulhsu) }
    /// `mulhu`.
    @inline(__always) func mulhu(_ i: Instruction) { apply(i, IntegerArithmetic.mulhu) }
    /// `div`.
    @inline(__always) func div(_ i: Instruction) { apply(i, IntegerArithmetic.div) }
    /// `divu`.
    @inline(__always) func divu(_ i: Instruction) { apply(i, IntegerArithmetic.divu) }
    /// `rem`.
    @inline(__always) func rem(_ i: Instruction) { apply(i, IntegerArithmetic.rem) }
    /// `remu`.
    @inline(__always) func remu(_ i: Instruction) { apply(i, IntegerArithmetic.remu) }
    /// `mulw`.
    @inline(__always) func mulw(_ i: Instruction) { apply(i) { IntegerArithmetic.signExtendWord($0 &* $1) } }
    /// `divw`.
    @inline(__always) func divw(_ i: Instruction) { apply(i, IntegerArithmetic.divw) }
    /// `divuw`.
    @inline(__always) func divuw(_ i: Instruction) { apply(i, IntegerArithmetic.divuw) }
    /// `remw`.
    @inline(__always) func remw(_ i: Instruction) { apply(i, IntegerArithmetic.remw) }
    /// `remuw`.
    @inline(__always) func remuw(_ i: Instruction) { apply(i, IntegerArithmetic.remuw) }
}
