// What a Zicsr instruction asks of a CSR (The RISC-V Instruction Set Manual, Volume I, chapter 9
// "Zicsr", 9.1 "CSR Instructions"), shared by every engine and environment that performs one.
import RISCV

/// The CSR number, operand and write rule of one `csrrw`/`csrrs`/`csrrc` (or `…i`) instruction.
public struct ControlStatusRegisterAccess {
    /// How the new value is formed.
    private enum Kind { case write, set, clear }

    /// The CSR number (12 bits).
    public let number: UInt32
    /// The operand: the value of rs1, or the 5-bit `uimm` of the immediate forms.
    public let operand: UInt64
    /// Whether the instruction writes the CSR: CSRRW/CSRRWI always do; "if rs1=x0, then CSRRS/CSRRC
    /// shall not write to the CSR at all", and likewise CSRRSI/CSRRCI with uimm=0.
    public let writes: Bool
    private let kind: Kind

    /// Decodes the access of a CSR instruction, given the current value of its rs1 register.
    @inlinable
    public init(_ instruction: Instruction, rs1Value: UInt64) {
        self.init(instruction.operation, number: UInt32(bitPattern: instruction.immediate) & 0xfff,
                  rs1: instruction.rs1, rs1Value: rs1Value)
    }

    @usableFromInline
    init(_ operation: Operation, number: UInt32, rs1: UInt8, rs1Value: UInt64) {
        self.number = number
        switch operation {
        case .csrrw: kind = .write; operand = rs1Value
        case .csrrs: kind = .set; operand = rs1Value
        case .csrrc: kind = .clear; operand = rs1Value
        case .csrrwi: kind = .write; operand = UInt64(rs1)
        case .csrrsi: kind = .set; operand = UInt64(rs1)
        default: kind = .clear; operand = UInt64(rs1)  // csrrci
        }
        writes = kind == .write || rs1 != 0
    }

    /// The value the CSR takes when it was `old` (meaningful when `writes`).
    public func newValue(from old: UInt64) -> UInt64 {
        switch kind {
        case .write: operand
        case .set: old | operand
        case .clear: old & ~operand
        }
    }
}
