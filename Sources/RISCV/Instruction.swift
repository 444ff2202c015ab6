// The decoded form of one RV64GC instruction (The RISC-V Instruction Set Manual, Volume I, chapter 2.3,
// "Immediate Encoding Variants": immediates here are already assembled, shifted and sign-extended).

/// One decoded instruction: the operation and its operands, decoded once so nothing downstream touches
/// raw instruction bits.
///
/// Compressed instructions are expanded to their base operation (`c.addi a0,1` is `addi a0,a0,1`);
/// `compressed` remembers the `c.*` form and `length` is 2 for them.
/// The layout is 16 bytes, so that pre-decoded pages index it with a shift.
public struct Instruction: Hashable, Sendable {
    /// The base operation.
    public var operation: Operation
    /// Destination register number (integer or floating point, as the operation says).
    public var rd: UInt8
    /// First source register number; the 5-bit `zimm` of `csrr*i` instructions.
    public var rs1: UInt8
    /// Second source register number.
    public var rs2: UInt8
    /// Third source register number (fused multiply-add).
    public var rs3: UInt8
    /// The floating-point rounding-mode field `rm` (7 means dynamic: use `frm`).
    public var roundingMode: UInt8
    /// Atomic ordering bits: `aq` is bit 1, `rl` is bit 0.
    public var ordering: UInt8
    /// The compressed form this instruction was decoded from, or `.none`.
    public var compressed: CompressedOperation
    /// Length in bytes: 2 for compressed instructions, 4 otherwise.
    public var length: UInt8
    /// The immediate: sign-extended value, byte offset for branches and jumps, shift amount, CSR number
    /// (unsigned) for Zicsr, `fm|pred|succ` bits for `fence`, and the full upper value (`imm << 12`) for
    /// `lui`/`auipc`.
    public var immediate: Int32

    /// Creates an instruction from its parts; unused operands are zero.
    public init(_ operation: Operation, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, rs3: UInt8 = 0,
                immediate: Int32 = 0, roundingMode: UInt8 = 0, ordering: UInt8 = 0,
                compressed: CompressedOperation = .none) {
        self.operation = operation
        self.rd = rd
        self.rs1 = rs1
        self.rs2 = rs2
        self.rs3 = rs3
        self.roundingMode = roundingMode
        self.ordering = ordering
        self.compressed = compressed
        self.length = compressed == .none ? 4 : 2
        self.immediate = immediate
    }

    /// An illegal instruction of the given length; `immediate` holds its raw bits (a trap's `tval`).
    public static func illegal(length: UInt8, bits: UInt32 = 0) -> Instruction {
        var instruction = Instruction(.illegal, immediate: Int32(bitPattern: bits))
        instruction.length = length
        return instruction
    }

    /// Whether this is a valid instruction.
    public var isLegal: Bool { operation != .illegal }
}

extension Operation {
    /// The assembly mnemonic as the manual spells it (`fcvt.w.s`).
    public var mnemonic: String {
        self == .illegal ? "illegal" : InstructionTable.encodings[Int(rawValue) - 1].mnemonic
    }

    /// The table entry of this operation (`nil` for `.illegal`).
    public var encoding: InstructionEncoding? {
        self == .illegal ? nil : InstructionTable.encodings[Int(rawValue) - 1]
    }
}

extension CompressedOperation {
    /// The assembly mnemonic (`c.addi4spn`), or the empty string for `.none`.
    public var mnemonic: String {
        self == .none ? "" : InstructionTable.compressedEncodings[Int(rawValue) - 1].mnemonic
    }

    /// The table entry of this compressed form (`nil` for `.none`).
    public var encoding: CompressedEncoding? {
        self == .none ? nil : InstructionTable.compressedEncodings[Int(rawValue) - 1]
    }
}
