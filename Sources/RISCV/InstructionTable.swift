// The shapes of Morph's instruction table (Scripts/instructions.txt). The RISC-V Instruction Set Manual,
// Volume I: chapter 2.2-2.3 (base formats and immediates), chapter 16.2-16.5 (compressed formats).

/// The instruction table: every RV64GC encoding, generated from `Scripts/instructions.txt`.
public enum InstructionTable {}

/// The ISA extension an instruction belongs to.
public enum InstructionExtension: String, Sendable {
    /// Base integer instructions.
    case rv64i
    /// Integer multiplication and division.
    case rv64m
    /// Atomic instructions.
    case rv64a
    /// Single-precision floating point.
    case rv64f
    /// Double-precision floating point.
    case rv64d
    /// Compressed instructions.
    case rv64c
    /// Control and status register instructions.
    case zicsr
    /// Instruction-fetch fence.
    case zifencei
    /// Privileged instructions (Volume II).
    case privileged
}

/// How the immediate of a 32-bit instruction is encoded.
public enum ImmediateFormat: Sendable {
    /// No immediate.
    case none
    /// I-type: `imm[11:0]` in bits 31..20, sign-extended.
    case i
    /// S-type: `imm[11:5]` in 31..25, `imm[4:0]` in 11..7, sign-extended.
    case s
    /// B-type: a signed multiple of 2 in 31, 7, 30..25, 11..8.
    case b
    /// U-type: bits 31..12 in place, low 12 bits zero.
    case u
    /// J-type: a signed multiple of 2 in 31, 19..12, 20, 30..21.
    case j
    /// A 6-bit shift amount in 25..20.
    case shift6
    /// A 5-bit shift amount in 24..20.
    case shift5
    /// A 12-bit CSR number in 31..20, unsigned.
    case csr
    /// The `fm`, `pred` and `succ` fields of `fence` in 31..20, unsigned.
    case fence
}

/// The operand fields a 32-bit instruction uses; the decoder reads only these.
public struct OperandFields: OptionSet, Sendable {
    /// The raw bits.
    public let rawValue: UInt8
    /// Creates a set from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// rd (bits 11..7).
    public static let rd = OperandFields(rawValue: 1)
    /// rs1 (bits 19..15), also `zimm`.
    public static let rs1 = OperandFields(rawValue: 2)
    /// rs2 (bits 24..20).
    public static let rs2 = OperandFields(rawValue: 4)
    /// rs3 (bits 31..27).
    public static let rs3 = OperandFields(rawValue: 8)
    /// The rounding mode `rm` (bits 14..12).
    public static let roundingMode = OperandFields(rawValue: 16)
    /// The atomic ordering bits `aq` (26) and `rl` (25).
    public static let ordering = OperandFields(rawValue: 32)
}

/// One 32-bit encoding: a word `w` is this instruction when `w & mask == match`.
public struct InstructionEncoding: Sendable {
    /// The operation.
    public let operation: Operation
    /// The manual's mnemonic.
    public let mnemonic: String
    /// The operands in assembly order, as in the table (`rd,imm12(rs1)`; empty when none).
    public let operands: String
    /// Bits fixed by the encoding.
    public let mask: UInt32
    /// Their values.
    public let match: UInt32
    /// The register and modifier fields the instruction uses.
    public let fields: OperandFields
    /// How the immediate is encoded.
    public let immediate: ImmediateFormat
    /// The extension the instruction belongs to.
    public let instructionExtension: InstructionExtension

    /// Whether `word` is this instruction.
    @inlinable public func matches(_ word: UInt32) -> Bool { word & mask == match }
}

/// A reserved value of one field that a compressed encoding excludes: `word & mask != forbidden`.
public struct EncodingConstraint: Sendable {
    /// The bits of the field.
    public let mask: UInt16
    /// The value the field must not have.
    public let forbidden: UInt16
}

/// The operand layout of a compressed instruction (chapter 16.2, table 16.1).
public enum CompressedFormat: Sendable {
    /// `c.addi4spn`: rd' and a scaled unsigned immediate.
    case ciw
    /// Word load: rd', rs1', offset scaled by 4.
    case clWord
    /// Doubleword load: rd', rs1', offset scaled by 8.
    case clDouble
    /// Word store: rs1', rs2', offset scaled by 4.
    case csWord
    /// Doubleword store: rs1', rs2', offset scaled by 8.
    case csDouble
    /// rd and a signed 6-bit immediate.
    case ci
    /// `c.addi16sp`: a signed multiple of 16.
    case ciStackAdjust
    /// `c.lui`: a signed 6-bit immediate placed at bits 17..12.
    case ciUpper
    /// `c.slli`: rd and a 6-bit shift amount.
    case ciShift
    /// `c.lwsp`: rd and an sp offset scaled by 4.
    case ciLoadWordStack
    /// `c.ldsp`/`c.fldsp`: rd and an sp offset scaled by 8.
    case ciLoadDoubleStack
    /// `c.srli`/`c.srai`: rs1' and a 6-bit shift amount.
    case cbShift
    /// `c.andi`: rs1' and a signed 6-bit immediate.
    case cbImmediate
    /// `c.beqz`/`c.bnez`: rs1' and a signed branch offset.
    case cbBranch
    /// Register-register on rs1'/rs2'.
    case ca
    /// `c.j`: a signed jump offset.
    case cj
    /// Register forms: rd/rs1 in 11..7, rs2 in 6..2.
    case cr
    /// Word store to sp: rs2 and an offset scaled by 4.
    case cssWord
    /// Doubleword store to sp: rs2 and an offset scaled by 8.
    case cssDouble
}

/// Where an expanded compressed instruction takes one register operand from.
public enum RegisterSource: Sendable, Equatable {
    /// The operand is unused.
    case none
    /// A fixed register (`zero`, `ra` or `sp`).
    case fixed(UInt8)
    /// The format's rd field (bits 11..7, or rd' in 4..2).
    case rdField
    /// The format's rs1 field (bits 11..7 in CR, or rs1' in 9..7).
    case rs1Field
    /// The format's rs2 field (bits 6..2, or rs2' in 4..2).
    case rs2Field
}

/// One 16-bit encoding and the base instruction it expands to.
public struct CompressedEncoding: Sendable {
    /// The compressed operation.
    public let operation: CompressedOperation
    /// The manual's mnemonic (`c.addi`).
    public let mnemonic: String
    /// Bits fixed by the encoding.
    public let mask: UInt16
    /// Their values.
    public let match: UInt16
    /// Reserved field values this encoding excludes.
    public let constraints: [EncodingConstraint]
    /// The operand layout.
    public let format: CompressedFormat
    /// The base operation it means.
    public let expandsTo: Operation
    /// Where the expanded rd comes from.
    public let rd: RegisterSource
    /// Where the expanded rs1 comes from.
    public let rs1: RegisterSource
    /// Where the expanded rs2 comes from.
    public let rs2: RegisterSource

    /// Whether `halfword` is this instruction.
    public func matches(_ halfword: UInt16) -> Bool {
        guard halfword & mask == match else { return false }
        for constraint in constraints where halfword & constraint.mask == constraint.forbidden {
            return false
        }
        return true
    }
}
