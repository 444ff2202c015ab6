// RV64M semantics (The RISC-V Instruction Set Manual, Volume I, chapter 7 "M Standard Extension for
// Integer Multiplication and Division"). The division edge cases of table 7.1 live in MorphCore's
// IntegerArithmetic, shared with every engine.
import MorphCore
import RISCV

extension ExecutionContext {
    /// Performs the multiply or divide `i`.
    @inline(__always)
    func executeMultiplyDivide(_ i: Instruction) {
        let a = x[Int(i.rs1)], b = x[Int(i.rs2)]
        let result: UInt64
        switch i.operation {
        case .mul: result = a &* b
        case .mulh: result = IntegerArithmetic.mulh(a, b)
        case .mulhsu: result = IntegerArithmetic.mulhsu(a, b)
        case .mulhu: result = IntegerArithmetic.mulhu(a, b)
        case .div: result = IntegerArithmetic.div(a, b)
        case .divu: result = IntegerArithmetic.divu(a, b)
        case .rem: result = IntegerArithmetic.rem(a, b)
        case .remu: result = IntegerArithmetic.remu(a, b)
        case .mulw: result = IntegerArithmetic.signExtendWord(a &* b)
        case .divw: result = IntegerArithmetic.divw(a, b)
        case .divuw: result = IntegerArithmetic.divuw(a, b)
        case .remw: result = IntegerArithmetic.remw(a, b)
        default: result = IntegerArithmetic.remuw(a, b)  // remuw
        }
        x[Int(i.rd)] = result
    }
}
