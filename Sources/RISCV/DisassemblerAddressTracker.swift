// The ` # address` comments objdump prints after multi-instruction address sequences (an `auipc` or `lui`
// followed by an instruction that adds a 12-bit offset to the same register, or an access relative to
// `gp`, `tp` or `zero`): The RISC-V Instruction Set Manual, Volume I, chapter 2.4 (`auipc` + `jalr`/load
// pairs) and the RISC-V psABI "Relocations" chapter (`gp`-relative addressing). The rules follow binutils
// 2.40's disassembler, checked against it by the golden test.

/// Follows `lui`/`auipc` results through a listing to compute the addresses objdump shows in comments.
///
/// Feed every instruction in listing order. objdump does not forget a pending upper value when another
/// instruction overwrites the register, and neither does this tracker: the comments match objdump's, even
/// where objdump's guess is wrong.
public struct DisassemblerAddressTracker: Sendable {
    /// The value of `gp` (the `__global_pointer$` symbol), if the program has one.
    public let globalPointer: UInt64?
    /// The pending upper value of each register, `UInt64.max` for none.
    private var upper: [UInt64]

    /// Creates a tracker with no pending upper values.
    public init(globalPointer: UInt64?) {
        self.globalPointer = globalPointer
        upper = [UInt64](repeating: .max, count: 32)
    }

    /// Consumes `instruction` at `pc`; returns the address objdump prints in its ` # …` comment, if any.
    public mutating func comment(for instruction: Instruction, at pc: UInt64) -> UInt64? {
        var address: UInt64?
        let immediate = Int64(instruction.immediate)
        let rd = Int(instruction.rd & 31), rs1 = Int(instruction.rs1 & 31)
        if let compressed = instruction.compressed.encoding {
            switch compressed.expandsTo {
            case .lui:
                upper[rd] = UInt64(bitPattern: immediate)
            case .addi where compressed.format == .ci && compressed.rs1 == .rdField && rd != 0:
                // c.addi (not c.li or c.nop, whose source is zero).
                offset(from: rd, by: immediate, wide: false, into: &address)
            case .addiw where rd != 0:
                offset(from: rd, by: immediate, wide: true, into: &address)
            default:
                break
            }
            return address
        }
        switch instruction.operation {
        case .auipc:
            upper[rd] = pc &+ UInt64(bitPattern: immediate)
        case .lui:
            upper[rd] = UInt64(bitPattern: immediate)
        case .jalr:
            // objdump looks at jalr's base three times (offset, immediate and register operands); only
            // the first can consume a pending upper value, the others matter for gp, tp and zero.
            offset(from: rs1, by: immediate, wide: false, into: &address)
            offset(from: rs1, by: immediate, wide: false, into: &address)
            offset(from: rs1, by: immediate, wide: false, into: &address)
        case .lb, .lh, .lw, .ld, .lbu, .lhu, .lwu, .flw, .fld, .sb, .sh, .sw, .sd, .fsw, .fsd:
            offset(from: rs1, by: immediate, wide: false, into: &address)
        case .addi where rs1 != 0:
            offset(from: rs1, by: immediate, wide: false, into: &address)
        case .addiw where rs1 != 0:
            offset(from: rs1, by: immediate, wide: true, into: &address)
        default:
            break
        }
        return address
    }

    /// objdump's `maybe_print_address`: a pending upper value of `base` (consumed), else gp, tp or zero.
    private mutating func offset(from base: Int, by offset: Int64, wide: Bool, into address: inout UInt64?) {
        var result: UInt64
        if upper[base] != .max {
            result = (base != 0 ? upper[base] : 0) &+ UInt64(bitPattern: offset)
            upper[base] = .max
        } else if base == 3, let globalPointer {
            result = globalPointer &+ UInt64(bitPattern: offset)
        } else if base == 4 || base == 0 {
            result = UInt64(bitPattern: offset)
        } else {
            return
        }
        if wide { result = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: result))) }
        address = result
    }
}
