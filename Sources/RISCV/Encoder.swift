// Instruction encoding for RV64GC, the inverse of `Decoder` (The RISC-V Instruction Set Manual,
// Volume I, chapters 2.2 and 16). Used by tests and fixtures to build programs.

/// Encodes `Instruction` values back into instruction words.
public enum Encoder {
    /// Why an instruction cannot be encoded.
    public enum Failure: Error, Equatable {
        /// `.illegal` has no encoding.
        case illegalOperation
        /// The immediate does not fit the format.
        case immediateOutOfRange(Int32)
        /// A register operand does not fit the (compressed) format.
        case registerOutOfRange(UInt8)
        /// The operands differ from what the compressed form implies.
        case notExpressibleCompressed
    }

    /// Encodes `instruction`: a 32-bit word, or for a compressed form a 16-bit value in the low half.
    public static func encode(_ instruction: Instruction) throws(Failure) -> UInt32 {
        if let compressed = instruction.compressed.encoding {
            return UInt32(try encodeCompressed(instruction, as: compressed))
        }
        guard let encoding = instruction.operation.encoding else { throw .illegalOperation }
        let fields = encoding.fields
        var word = encoding.match
        for (field, value, shift) in [(OperandFields.rd, instruction.rd, 7), (.rs1, instruction.rs1, 15),
                                      (.rs2, instruction.rs2, 20), (.rs3, instruction.rs3, 27)]
        where fields.contains(field) {
            guard value < 32 else { throw .registerOutOfRange(value) }
            word |= UInt32(value) << UInt32(shift)
        }
        if fields.contains(.roundingMode) { word |= UInt32(instruction.roundingMode & 7) << 12 }
        if fields.contains(.ordering) { word |= UInt32(instruction.ordering & 3) << 25 }
        if let layout = encoding.immediate.layout {
            guard layout.canEncode(instruction.immediate) else {
                throw .immediateOutOfRange(instruction.immediate)
            }
            word |= layout.insert(instruction.immediate)
        }
        return word
    }

    private static func encodeCompressed(_ instruction: Instruction,
                                         as encoding: CompressedEncoding) throws(Failure) -> UInt16 {
        guard instruction.operation == encoding.expandsTo else { throw .notExpressibleCompressed }
        var word = UInt32(encoding.match)
        let fields = encoding.format.registerFields
        var placed: [Int: UInt8] = [:]
        func place(_ value: UInt8, source: RegisterSource) throws(Failure) {
            let location: (Int, Bool)?
            switch source {
            case .none:
                guard value == 0 else { throw .notExpressibleCompressed }
                return
            case .fixed(let number):
                guard value == number else { throw .notExpressibleCompressed }
                return
            case .rdField: location = fields.rd
            case .rs1Field: location = fields.rs1
            case .rs2Field: location = fields.rs2
            }
            guard let (low, isPrime) = location else { throw .notExpressibleCompressed }
            if isPrime { guard (8...15).contains(value) else { throw .registerOutOfRange(value) } }
            let bits = isPrime ? UInt32(value - 8) : UInt32(value)
            // Two operands may share one field (c.addi's rd and rs1); they must then agree.
            if let previous = placed[low] {
                guard previous == value else { throw .notExpressibleCompressed }
            }
            placed[low] = value
            word |= bits << UInt32(low)
        }
        try place(instruction.rd, source: encoding.rd)
        try place(instruction.rs1, source: encoding.rs1)
        try place(instruction.rs2, source: encoding.rs2)
        if let layout = encoding.format.layout {
            guard layout.canEncode(instruction.immediate) else {
                throw .immediateOutOfRange(instruction.immediate)
            }
            word |= layout.insert(instruction.immediate)
        } else if instruction.immediate != 0 {
            throw .immediateOutOfRange(instruction.immediate)
        }
        let halfword = UInt16(word)
        guard encoding.matches(halfword) else { throw .notExpressibleCompressed }
        return halfword
    }
}
