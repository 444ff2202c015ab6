// Instruction decoding for RV64GC. The RISC-V Instruction Set Manual, Volume I: chapter 2.2 (base
// formats), chapter 16 (RVC: "each RVC instruction expands into a single 32-bit instruction"), and the
// opcode maps of chapter 24.

/// Decodes instruction words into `Instruction` values using `InstructionTable`.
public enum Decoder {
    /// Decodes the instruction whose first bytes are `word` (little-endian). A word whose low two bits
    /// are not `11` is a compressed instruction and only its low 16 bits are used. An illegal word decodes
    /// to `.illegal` with its raw bits in `immediate`.
    public static func decode(_ word: UInt32) -> Instruction {
        if word & 3 != 3 { return decodeCompressed(UInt16(truncatingIfNeeded: word)) }
        let bucket = majorOpcodeBuckets[Int((word >> 2) & 0x1f)]
        for index in bucket {
            let encoding = InstructionTable.encodings[index]
            if encoding.matches(word) { return decode(word, as: encoding) }
        }
        return .illegal(length: 4, bits: word)
    }

    /// Decodes a 16-bit compressed instruction into its base-instruction expansion.
    public static func decodeCompressed(_ halfword: UInt16) -> Instruction {
        let slot = compressedIndex[Int(halfword)]
        guard slot != 0 else { return .illegal(length: 2, bits: UInt32(halfword)) }
        let encoding = InstructionTable.compressedEncodings[Int(slot) - 1]
        let word = UInt32(halfword)
        let fields = encoding.format.registerFields
        func field(_ location: (Int, Bool)?) -> UInt8 {
            guard let (low, isPrime) = location else { return 0 }
            return isPrime ? UInt8((word >> UInt32(low)) & 7) + 8 : UInt8((word >> UInt32(low)) & 31)
        }
        func register(_ source: RegisterSource) -> UInt8 {
            switch source {
            case .none: 0
            case .fixed(let number): number
            case .rdField: field(fields.rd)
            case .rs1Field: field(fields.rs1)
            case .rs2Field: field(fields.rs2)
            }
        }
        return Instruction(encoding.expandsTo, rd: register(encoding.rd), rs1: register(encoding.rs1),
                           rs2: register(encoding.rs2), immediate: encoding.format.layout?.extract(word) ?? 0,
                           roundingMode: 0, ordering: 0, compressed: encoding.operation)
    }

    private static func decode(_ word: UInt32, as encoding: InstructionEncoding) -> Instruction {
        let fields = encoding.fields
        return Instruction(
            encoding.operation,
            rd: fields.contains(.rd) ? UInt8((word >> 7) & 31) : 0,
            rs1: fields.contains(.rs1) ? UInt8((word >> 15) & 31) : 0,
            rs2: fields.contains(.rs2) ? UInt8((word >> 20) & 31) : 0,
            rs3: fields.contains(.rs3) ? UInt8((word >> 27) & 31) : 0,
            immediate: encoding.immediate.layout?.extract(word) ?? 0,
            roundingMode: fields.contains(.roundingMode) ? UInt8((word >> 12) & 7) : 0,
            ordering: fields.contains(.ordering) ? UInt8((word >> 25) & 3) : 0)
    }

    /// Table indices of the 32-bit encodings, grouped by major opcode (bits 6..2).
    private static let majorOpcodeBuckets: [[Int]] = {
        var buckets = [[Int]](repeating: [], count: 32)
        for (index, encoding) in InstructionTable.encodings.enumerated() {
            // Every table entry fixes bits 6..0, so it belongs to exactly one bucket.
            precondition(encoding.mask & 0x7f == 0x7f, "\(encoding.mnemonic) must fix its major opcode")
            buckets[Int((encoding.match >> 2) & 0x1f)].append(index)
        }
        return buckets
    }()

    /// For every 16-bit value, 1 + the index of its compressed encoding, or 0 if it is not one.
    private static let compressedIndex: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 1 << 16)
        for halfword in 0...UInt16.max where halfword & 3 != 3 {
            for (index, encoding) in InstructionTable.compressedEncodings.enumerated()
            where encoding.matches(halfword) {
                table[Int(halfword)] = UInt8(index + 1)
                break
            }
        }
        return table
    }()
}
