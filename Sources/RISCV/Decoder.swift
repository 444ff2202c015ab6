// Instruction decoding for RV64GC. The RISC-V Instruction Set Manual, Volume I: chapter 2.2 (base
// formats), chapter 16 (RVC: "each RVC instruction expands into a single 32-bit instruction"), and the
// opcode maps of chapter 24.
//
// `InstructionTable` is the source of truth; the decoder works from flat copies of it that hold only
// plain values (no strings, no arrays), grouped in buckets, so that decoding one word allocates nothing,
// retains nothing and looks at a handful of candidates. The buckets are built on first use from a few
// hundred table entries (microseconds), and the immediates are assembled with fixed shifts that
// `ImmediateLayout` describes (the tests check the two agree on every compressed word and on random
// 32-bit words).

/// Decodes instruction words into `Instruction` values using `InstructionTable`.
public enum Decoder {
    /// Decodes the instruction whose first bytes are `word` (little-endian). A word whose low two bits
    /// are not `11` is a compressed instruction and only its low 16 bits are used. An illegal word decodes
    /// to `.illegal` with its raw bits in `immediate`.
    public static func decode(_ word: UInt32) -> Instruction {
        if word & 3 != 3 { return decodeCompressed(UInt16(truncatingIfNeeded: word)) }
        let table = baseTable
        let bucket = Int((word >> 2) & 0x1f)
        var position = Int(table.starts[bucket])
        let end = Int(table.starts[bucket &+ 1])
        while position < end {
            let slot = table.slots[position]
            if word & slot.mask == slot.match { return decode(word, as: slot) }
            position &+= 1
        }
        return .illegal(length: 4, bits: word)
    }

    /// Decodes a 16-bit compressed instruction into its base-instruction expansion.
    public static func decodeCompressed(_ halfword: UInt16) -> Instruction {
        let table = compressedTable
        let bucket = compressedBucket(of: halfword)
        var position = Int(table.starts[bucket])
        let end = Int(table.starts[bucket &+ 1])
        while position < end {
            let slot = table.slots[position]
            if slot.matches(halfword) { return expand(halfword, as: slot) }
            position &+= 1
        }
        return .illegal(length: 2, bits: UInt32(halfword))
    }

    // MARK: 32-bit instructions

    /// What the decoder needs of one `InstructionEncoding`, as plain values.
    private struct BaseSlot {
        let mask: UInt32
        let match: UInt32
        let operation: Operation
        let fields: OperandFields
        let immediate: ImmediateFormat
    }

    @inline(__always)
    private static func decode(_ word: UInt32, as slot: BaseSlot) -> Instruction {
        let fields = slot.fields
        return Instruction(
            slot.operation,
            rd: fields.contains(.rd) ? UInt8((word >> 7) & 31) : 0,
            rs1: fields.contains(.rs1) ? UInt8((word >> 15) & 31) : 0,
            rs2: fields.contains(.rs2) ? UInt8((word >> 20) & 31) : 0,
            rs3: fields.contains(.rs3) ? UInt8((word >> 27) & 31) : 0,
            immediate: immediate(of: word, format: slot.immediate),
            roundingMode: fields.contains(.roundingMode) ? UInt8((word >> 12) & 7) : 0,
            ordering: fields.contains(.ordering) ? UInt8((word >> 25) & 3) : 0)
    }

    /// The immediate of a 32-bit `word` in `format`: what `format.layout?.extract(word) ?? 0` gives.
    @inline(__always)
    static func immediate(of word: UInt32, format: ImmediateFormat) -> Int32 {
        let signed = Int32(bitPattern: word)
        switch format {
        case .none:
            return 0
        case .i:
            return signed >> 20
        case .s:
            return (signed >> 25) << 5 | Int32(bitPattern: bits(word, 11, 7, to: 0))
        case .b:
            return (signed >> 31) << 12
                | Int32(bitPattern: bits(word, 30, 25, to: 5) | bits(word, 11, 8, to: 1) | bits(word, 7, 7, to: 11))
        case .u:
            return Int32(bitPattern: word & 0xffff_f000)
        case .j:
            return (signed >> 31) << 20
                | Int32(bitPattern: bits(word, 30, 21, to: 1) | bits(word, 20, 20, to: 11) | bits(word, 19, 12, to: 12))
        case .shift6:
            return Int32(bitPattern: bits(word, 25, 20, to: 0))
        case .shift5:
            return Int32(bitPattern: bits(word, 24, 20, to: 0))
        case .csr, .fence:
            return Int32(bitPattern: word >> 20)
        }
    }

    /// The 32-bit encodings grouped by major opcode (bits 6..2): bucket `b` is
    /// `slots[starts[b] ..< starts[b + 1]]`, in table order.
    private static let baseTable: (starts: [UInt16], slots: [BaseSlot]) = {
        let encodings = InstructionTable.encodings
        var starts = [UInt16](repeating: 0, count: 33)
        var slots: [BaseSlot] = []
        slots.reserveCapacity(encodings.count)
        for bucket in 0..<32 {
            starts[bucket] = UInt16(slots.count)
            for encoding in encodings where Int((encoding.match >> 2) & 0x1f) == bucket {
                // Every table entry fixes bits 6..0, so it belongs to exactly one bucket.
                precondition(encoding.mask & 0x7f == 0x7f, "\(encoding.mnemonic) must fix its major opcode")
                slots.append(BaseSlot(mask: encoding.mask, match: encoding.match, operation: encoding.operation,
                                      fields: encoding.fields, immediate: encoding.immediate))
            }
        }
        starts[32] = UInt16(slots.count)
        return (starts, slots)
    }()

    // MARK: Compressed instructions

    /// Where an expanded register operand comes from, as plain values: `kind` 0 is the fixed register
    /// `value`, 1 the 5-bit field at bit `value`, 2 the 3-bit prime field (x8..x15) at bit `value`.
    private struct RegisterPick {
        let kind: UInt8
        let value: UInt8

        @inline(__always)
        func register(in halfword: UInt16) -> UInt8 {
            switch kind {
            case 1: UInt8(truncatingIfNeeded: halfword >> UInt16(value)) & 31
            case 2: (UInt8(truncatingIfNeeded: halfword >> UInt16(value)) & 7) &+ 8
            default: value
            }
        }

        init(_ source: RegisterSource, format: CompressedFormat) {
            let fields = format.registerFields
            func pick(_ location: (Int, Bool)?) -> (UInt8, UInt8) {
                guard let (low, isPrime) = location else { return (0, 0) }
                return (isPrime ? 2 : 1, UInt8(low))
            }
            switch source {
            case .none: (kind, value) = (0, 0)
            case .fixed(let number): (kind, value) = (0, number)
            case .rdField: (kind, value) = pick(fields.rd)
            case .rs1Field: (kind, value) = pick(fields.rs1)
            case .rs2Field: (kind, value) = pick(fields.rs2)
            }
        }
    }

    /// What the decoder needs of one `CompressedEncoding`, as plain values. Up to two constraints; an
    /// unused one has mask 0 and an unreachable forbidden value.
    private struct CompressedSlot {
        let mask: UInt16
        let match: UInt16
        let constraintMask0: UInt16
        let forbidden0: UInt16
        let constraintMask1: UInt16
        let forbidden1: UInt16
        let operation: CompressedOperation
        let expandsTo: Operation
        let format: CompressedFormat
        let rd: RegisterPick
        let rs1: RegisterPick
        let rs2: RegisterPick

        /// `CompressedEncoding.matches`.
        @inline(__always)
        func matches(_ halfword: UInt16) -> Bool {
            halfword & mask == match && halfword & constraintMask0 != forbidden0
                && halfword & constraintMask1 != forbidden1
        }

        init(_ encoding: CompressedEncoding) {
            precondition(encoding.constraints.count <= 2, "\(encoding.mnemonic): at most two constraints")
            mask = encoding.mask
            match = encoding.match
            let constraints = encoding.constraints
            // A masked value is never 0xffff when the mask is 0, so an absent constraint never excludes.
            constraintMask0 = constraints.count > 0 ? constraints[0].mask : 0
            forbidden0 = constraints.count > 0 ? constraints[0].forbidden : 0xffff
            constraintMask1 = constraints.count > 1 ? constraints[1].mask : 0
            forbidden1 = constraints.count > 1 ? constraints[1].forbidden : 0xffff
            operation = encoding.operation
            expandsTo = encoding.expandsTo
            format = encoding.format
            rd = RegisterPick(encoding.rd, format: encoding.format)
            rs1 = RegisterPick(encoding.rs1, format: encoding.format)
            rs2 = RegisterPick(encoding.rs2, format: encoding.format)
        }
    }

    @inline(__always)
    private static func expand(_ halfword: UInt16, as slot: CompressedSlot) -> Instruction {
        Instruction(slot.expandsTo, rd: slot.rd.register(in: halfword), rs1: slot.rs1.register(in: halfword),
                    rs2: slot.rs2.register(in: halfword),
                    immediate: immediate(of: halfword, format: slot.format),
                    roundingMode: 0, ordering: 0, compressed: slot.operation)
    }

    /// The immediate of a compressed `halfword` in `format`: what `format.layout?.extract(word) ?? 0` gives.
    @inline(__always)
    static func immediate(of halfword: UInt16, format: CompressedFormat) -> Int32 {
        let word = UInt32(halfword)
        switch format {
        case .ciw:
            return unsigned(bits(word, 12, 11, to: 4) | bits(word, 10, 7, to: 6) | bits(word, 6, 6, to: 2)
                            | bits(word, 5, 5, to: 3))
        case .clWord, .csWord:
            return unsigned(bits(word, 12, 10, to: 3) | bits(word, 6, 6, to: 2) | bits(word, 5, 5, to: 6))
        case .clDouble, .csDouble:
            return unsigned(bits(word, 12, 10, to: 3) | bits(word, 6, 5, to: 6))
        case .ci, .cbImmediate:
            return signExtend(bits(word, 12, 12, to: 5) | bits(word, 6, 2, to: 0), signBit: 5)
        case .ciShift, .cbShift:
            return unsigned(bits(word, 12, 12, to: 5) | bits(word, 6, 2, to: 0))
        case .ciUpper:
            return signExtend(bits(word, 12, 12, to: 17) | bits(word, 6, 2, to: 12), signBit: 17)
        case .ciStackAdjust:
            return signExtend(bits(word, 12, 12, to: 9) | bits(word, 6, 6, to: 4) | bits(word, 5, 5, to: 6)
                              | bits(word, 4, 3, to: 7) | bits(word, 2, 2, to: 5), signBit: 9)
        case .ciLoadWordStack:
            return unsigned(bits(word, 12, 12, to: 5) | bits(word, 6, 4, to: 2) | bits(word, 3, 2, to: 6))
        case .ciLoadDoubleStack:
            return unsigned(bits(word, 12, 12, to: 5) | bits(word, 6, 5, to: 3) | bits(word, 4, 2, to: 6))
        case .cssWord:
            return unsigned(bits(word, 12, 9, to: 2) | bits(word, 8, 7, to: 6))
        case .cssDouble:
            return unsigned(bits(word, 12, 10, to: 3) | bits(word, 9, 7, to: 6))
        case .cj:
            return signExtend(bits(word, 12, 12, to: 11) | bits(word, 11, 11, to: 4) | bits(word, 10, 9, to: 8)
                              | bits(word, 8, 8, to: 10) | bits(word, 7, 7, to: 6) | bits(word, 6, 6, to: 7)
                              | bits(word, 5, 3, to: 1) | bits(word, 2, 2, to: 5), signBit: 11)
        case .cbBranch:
            return signExtend(bits(word, 12, 12, to: 8) | bits(word, 11, 10, to: 3) | bits(word, 6, 5, to: 6)
                              | bits(word, 4, 3, to: 1) | bits(word, 2, 2, to: 5), signBit: 8)
        case .ca, .cr:
            return 0
        }
    }

    /// The bits a compressed bucket is chosen by: the quadrant (1..0) and bits 15..10, which hold funct3
    /// and, in quadrants 1 and 2, the bits that separate the arithmetic and register forms.
    private static let compressedBucketBits: UInt16 = 0xfc03

    /// The bucket of `halfword`: bits 15..10 and 1..0 packed into 0..<256.
    @inline(__always)
    private static func compressedBucket(of halfword: UInt16) -> Int {
        Int((halfword >> 10) << 2 | halfword & 3)
    }

    /// Compressed encodings grouped by `compressedBucket`: bucket `b` is `slots[starts[b] ..< starts[b + 1]]`,
    /// in table order, every encoding that can match a halfword in that bucket (an encoding that leaves
    /// some bucket bits open is in several buckets). At most four per bucket.
    private static let compressedTable: (starts: [UInt16], slots: [CompressedSlot]) = {
        let encodings = InstructionTable.compressedEncodings.map(CompressedSlot.init)
        var starts = [UInt16](repeating: 0, count: 257)
        var slots: [CompressedSlot] = []
        slots.reserveCapacity(encodings.count * 8)
        for bucket in 0..<256 {
            starts[bucket] = UInt16(slots.count)
            let quadrant = UInt16(bucket & 3)
            guard quadrant != 3 else { continue }  // 32-bit instructions
            let bits = UInt16(bucket >> 2) << 10 | quadrant
            for encoding in encodings {
                let common = encoding.mask & compressedBucketBits
                if bits & common == encoding.match & common { slots.append(encoding) }
            }
        }
        starts[256] = UInt16(slots.count)
        return (starts, slots)
    }()

    // MARK: Bit helpers

    /// Instruction bits `high...low` of `word`, moved to start at bit `destination`.
    @inline(__always)
    private static func bits(_ word: UInt32, _ high: UInt32, _ low: UInt32, to destination: UInt32) -> UInt32 {
        ((word >> low) & ((1 << (high &- low &+ 1)) &- 1)) << destination
    }

    @inline(__always)
    private static func unsigned(_ value: UInt32) -> Int32 { Int32(bitPattern: value) }

    /// `value` with bit `signBit` copied into every higher bit.
    @inline(__always)
    private static func signExtend(_ value: UInt32, signBit: UInt32) -> Int32 {
        let shift = 31 &- signBit
        return Int32(bitPattern: value << shift) >> Int32(shift)
    }
}
