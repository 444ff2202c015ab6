// Assembly text of RV64GC instructions in the form GNU objdump prints with `-M no-aliases` (binutils 2.40):
// The RISC-V Instruction Set Manual, Volume I, chapter 25 ("RISC-V Assembly Programmer's Handbook") for the
// operand order and register names, chapter 16 for the `c.*` forms, and binutils' opcodes/riscv-dis.c
// behaviour (checked by Tests/RISCVTests/Disassembler*Tests.swift against the installed objdump) for the
// details the manual leaves open: hexadecimal `lui` and shift immediates, an omitted dynamic rounding mode,
// `fence` sets, and `.4byte`/`.2byte` for words that are not instructions.

/// Turns decoded instructions into objdump-compatible assembly text (`mnemonic<TAB>operands`).
///
/// Branch and jump targets are absolute addresses; by default they print as `0x10434`, the way objdump
/// prints them for code without symbols. Pass `formatAddress` to print them another way (objdump prints
/// `10434` followed by ` <symbol+0x8>` when the file has symbols).
public enum Disassembler {
    /// The text of `instruction` located at `pc`, with targets printed as `0x…`.
    public static func text(of instruction: Instruction, at pc: UInt64) -> String {
        text(of: instruction, at: pc, formatAddress: hexadecimalAddress)
    }

    /// The text of the instruction whose first bytes are `word` (little-endian), located at `pc`.
    ///
    /// A word whose low two bits are not `11` is a compressed instruction and only its low 16 bits are
    /// used. Longer encodings (48 bits and more) do not fit a `UInt32`: use `text(ofBytes:at:)`.
    public static func text(ofWord word: UInt32, at pc: UInt64) -> String {
        text(ofWord: word, at: pc, formatAddress: hexadecimalAddress)
    }

    /// The text of the instruction whose first bytes are `word`, printing targets with `formatAddress`.
    public static func text(ofWord word: UInt32, at pc: UInt64, formatAddress: (UInt64) -> String) -> String {
        if word & 3 == 3 && isDataToObjdump(word) { return unknownText(bits: word, length: 4) }
        return text(of: Decoder.decode(word), at: pc, formatAddress: formatAddress)
    }

    /// Whether objdump 2.40 prints `word` as data although Morph's decoder accepts it: `fence` and `fence.i`
    /// words whose fields the instruction ignores are not zero. The manual reserves them for future use
    /// ("implementations shall ignore" them, so Morph executes them), but binutils matches `fence` only with
    /// `fm`, `rs1` and `rd` zero (or exactly `fence.tso`), and `fence.i` only as `0x0000100f`. The decoded
    /// `Instruction` no longer has those bits, so only the word-based entry points can apply this rule.
    public static func isDataToObjdump(_ word: UInt32) -> Bool {
        switch word & 0x707f {
        case 0x000f: (word & 0xf00f_ff80) != 0 && word != 0x8330_000f  // fence
        case 0x100f: word != 0x0000_100f  // fence.i
        default: false
        }
    }

    /// The text of `instruction` at `pc`, printing branch and jump targets with `formatAddress`.
    public static func text(of instruction: Instruction, at pc: UInt64,
                            formatAddress: (UInt64) -> String) -> String {
        if instruction.compressed != .none {
            return compressedText(of: instruction, at: pc, formatAddress: formatAddress)
        }
        guard let encoding = instruction.operation.encoding else {
            return unknownText(bits: UInt32(bitPattern: instruction.immediate), length: Int(instruction.length))
        }
        if instruction.operation == .fence && instruction.immediate & 0xf00 != 0 {
            // fm = 1000 with pred = succ = rw is `fence.tso`; binutils knows no other nonzero fm.
            if instruction.immediate == 0x833 { return "fence.tso" }
            return unknownText(bits: reencoded(instruction), length: 4)
        }
        var operands = operandTokens[Int(instruction.operation.rawValue)]
        if roundingModeZeroOnly.contains(instruction.operation) {
            // binutils 2.40 knows these exact conversions only with rm = 000 (what assemblers emit), and
            // then prints no rounding mode.
            if instruction.roundingMode != 0 { return unknownText(bits: reencoded(instruction), length: 4) }
            operands.removeAll { if case .roundingMode = $0 { true } else { false } }
        }
        var mnemonic = encoding.mnemonic
        if encoding.fields.contains(.ordering) { mnemonic += orderingSuffixes[Int(instruction.ordering & 3)] }
        if operands.isEmpty { return mnemonic }
        var text = mnemonic + "\t"
        for token in operands {
            append(token, of: instruction, at: pc, formatAddress: formatAddress, to: &text)
        }
        return text
    }

    /// The length in bytes of the instruction whose first 16-bit parcel is `halfword`, as objdump measures
    /// it (Volume I, chapter 1.5, "Base Instruction-Length Encoding"): 2, 4, 6, 8, or 10 + 2·nnn for the
    /// 80..176-bit formats; the reserved ≥192-bit prefix counts as 2.
    public static func encodingLength(firstHalfword halfword: UInt16) -> Int {
        if halfword & 0x3 != 0x3 { return 2 }
        if halfword & 0x1f != 0x1f { return 4 }
        if halfword & 0x3f == 0x1f { return 6 }
        if halfword & 0x7f == 0x3f { return 8 }
        let lengthField = Int((halfword >> 12) & 0x7)
        if lengthField != 0x7 { return 10 + 2 * lengthField }
        return 2
    }

    /// Disassembles the instruction at the start of `bytes` (located at `pc`): its text and length.
    /// Returns `nil` when `bytes` is shorter than the instruction's encoding.
    public static func text(ofBytes bytes: some Collection<UInt8>, at pc: UInt64,
                            formatAddress: (UInt64) -> String = hexadecimalAddress) -> (text: String, length: Int)? {
        var iterator = bytes.makeIterator()
        guard let low = iterator.next(), let high = iterator.next() else { return nil }
        let halfword = UInt16(low) | UInt16(high) << 8
        let length = encodingLength(firstHalfword: halfword)
        switch length {
        case 2:
            return (text(of: Decoder.decodeCompressed(halfword), at: pc, formatAddress: formatAddress), 2)
        case 4:
            guard let third = iterator.next(), let fourth = iterator.next() else { return nil }
            let word = UInt32(halfword) | UInt32(third) << 16 | UInt32(fourth) << 24
            return (text(ofWord: word, at: pc, formatAddress: formatAddress), 4)
        default:
            var all = [low, high]
            while all.count < length, let next = iterator.next() { all.append(next) }
            guard all.count == length else { return nil }
            if length == 8 {
                let value = all.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                return (".8byte\t0x" + String(value, radix: 16), 8)
            }
            return (".byte\t" + all.map { "0x" + hex2($0) }.joined(separator: ", "), length)
        }
    }

    /// Prints an address as objdump does for code without symbols: `0x` and lower-case hexadecimal.
    public static func hexadecimalAddress(_ address: UInt64) -> String {
        "0x" + String(address, radix: 16)
    }

    /// The name objdump gives a rounding-mode field value (`rtz`), `unknown` for the reserved 5 and 6.
    public static func roundingModeName(_ roundingMode: UInt8) -> String {
        roundingModeNames[Int(roundingMode & 7)]
    }

    /// The `fence` predecessor/successor set name for a 4-bit `iorw` field (`unknown` for 0).
    public static func fenceSetName(_ bits: Int32) -> String {
        fenceSetNames[Int(bits & 0xf)]
    }

    // MARK: Operand tokens of 32-bit instructions

    /// One printable piece of an operand list, parsed once from the table's operand strings.
    private enum Token {
        case text(String)
        case integer(Field)
        case floatingPoint(Field)
        /// A signed decimal immediate (I and S formats).
        case decimal
        /// `imm[31:12]` in hexadecimal (`lui`, `auipc`).
        case upper
        /// A shift amount in hexadecimal.
        case shift
        /// A pc-relative target (B and J formats).
        case target
        case csr
        /// The 5-bit unsigned immediate of `csrr*i`, kept in rs1.
        case zimm
        case predecessor
        case successor
        /// `,rm` unless the rounding mode is dynamic.
        case roundingMode
    }

    private enum Field { case rd, rs1, rs2, rs3 }

    /// Conversions that cannot round, which binutils 2.40 accepts only with `rm = 000`.
    private static let roundingModeZeroOnly: Set<Operation> = Set(
        InstructionTable.encodings.filter { ["fcvt.d.s", "fcvt.d.w", "fcvt.d.wu"].contains($0.mnemonic) }
            .map(\.operation))

    private static let orderingSuffixes = ["", ".rl", ".aq", ".aqrl"]
    private static let roundingModeNames = ["rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn"]
    private static let fenceSetNames = ["unknown", "w", "r", "rw", "o", "ow", "or", "orw",
                                        "i", "iw", "ir", "irw", "io", "iow", "ior", "iorw"]

    /// Tokens for every operation, indexed by `Operation.rawValue`, from `InstructionEncoding.operands`.
    private static let operandTokens: [[Token]] = {
        var table = [[Token]](repeating: [], count: Operation.allCases.count)
        for encoding in InstructionTable.encodings {
            table[Int(encoding.operation.rawValue)] = tokens(of: encoding.operands)
        }
        return table
    }()

    /// Parses a table operand string such as `rd,imm12(rs1)` or `fd,fs1,fs2,rm`.
    private static func tokens(of operands: String) -> [Token] {
        if operands.isEmpty || operands == "-" { return [] }
        var tokens: [Token] = []
        var name = ""
        func flush() {
            guard !name.isEmpty else { return }
            switch name {
            case "rd": tokens.append(.integer(.rd))
            case "rs1": tokens.append(.integer(.rs1))
            case "rs2": tokens.append(.integer(.rs2))
            case "fd": tokens.append(.floatingPoint(.rd))
            case "fs1": tokens.append(.floatingPoint(.rs1))
            case "fs2": tokens.append(.floatingPoint(.rs2))
            case "fs3": tokens.append(.floatingPoint(.rs3))
            case "imm12", "simm12": tokens.append(.decimal)
            case "imm20": tokens.append(.upper)
            case "bimm12", "jimm20": tokens.append(.target)
            case "shamt6", "shamt5": tokens.append(.shift)
            case "csr": tokens.append(.csr)
            case "zimm": tokens.append(.zimm)
            case "pred": tokens.append(.predecessor)
            case "succ": tokens.append(.successor)
            case "rm": tokens.append(.roundingMode)
            case "aqrl": break  // printed as a mnemonic suffix
            default: preconditionFailure("unknown operand \(name) in the instruction table")
            }
            name = ""
        }
        for character in operands {
            switch character {
            case ",", "(", ")":
                flush()
                // `,rm` and `,aqrl` print their own comma (or nothing).
                tokens.append(.text(String(character)))
            default:
                name.append(character)
            }
        }
        flush()
        // Drop the comma before the optional rounding mode and before the aqrl suffix.
        var result: [Token] = []
        for token in tokens {
            if case .roundingMode = token, case .text(",")? = result.last { result.removeLast() }
            result.append(token)
        }
        if case .text(",")? = result.last { result.removeLast() }
        return result
    }

    private static func append(_ token: Token, of instruction: Instruction, at pc: UInt64,
                               formatAddress: (UInt64) -> String, to text: inout String) {
        switch token {
        case .text(let string): text += string
        case .integer(let field): text += RegisterNames.integer[Int(register(field, of: instruction) & 31)]
        case .floatingPoint(let field): text += RegisterNames.floatingPoint[Int(register(field, of: instruction) & 31)]
        case .decimal: text += String(instruction.immediate)
        case .upper: text += "0x" + String(UInt32(bitPattern: instruction.immediate) >> 12, radix: 16)
        case .shift: text += "0x" + String(instruction.immediate, radix: 16)
        case .target: text += formatAddress(target(of: instruction, at: pc))
        case .csr: text += ControlStatusRegisterNames.name(of: UInt16(truncatingIfNeeded: instruction.immediate))
        case .zimm: text += String(instruction.rs1)
        case .predecessor: text += fenceSetName(instruction.immediate >> 4)
        case .successor: text += fenceSetName(instruction.immediate)
        case .roundingMode:
            if instruction.roundingMode != 7 { text += "," + roundingModeName(instruction.roundingMode) }
        }
    }

    private static func register(_ field: Field, of instruction: Instruction) -> UInt8 {
        switch field {
        case .rd: instruction.rd
        case .rs1: instruction.rs1
        case .rs2: instruction.rs2
        case .rs3: instruction.rs3
        }
    }

    /// `pc + offset` with 64-bit wrap-around.
    private static func target(of instruction: Instruction, at pc: UInt64) -> UInt64 {
        pc &+ UInt64(bitPattern: Int64(instruction.immediate))
    }

    // MARK: Compressed instructions

    /// The `c.*` text. Operands come from the expansion (`c.add a0,a1` is `add a0,a0,a1`), laid out by
    /// the compressed format (Volume I, chapter 16.2, table 16.1).
    private static func compressedText(of instruction: Instruction, at pc: UInt64,
                                       formatAddress: (UInt64) -> String) -> String {
        guard let encoding = instruction.compressed.encoding else { return "" }
        let x = RegisterNames.integer
        let rd = Int(instruction.rd & 31), rs1 = Int(instruction.rs1 & 31), rs2 = Int(instruction.rs2 & 31)
        let immediate = instruction.immediate
        let mnemonic = encoding.mnemonic
        // The loads and stores of `fld`/`fsd` name floating-point data registers.
        let isFloatingPoint = encoding.expandsTo == .fld || encoding.expandsTo == .fsd
        let data = isFloatingPoint ? RegisterNames.floatingPoint : x
        switch encoding.format {
        case .ciw:
            return "\(mnemonic)\t\(x[rd]),sp,\(immediate)"
        case .clWord, .clDouble:
            return "\(mnemonic)\t\(data[rd]),\(immediate)(\(x[rs1]))"
        case .csWord, .csDouble:
            return "\(mnemonic)\t\(data[rs2]),\(immediate)(\(x[rs1]))"
        case .ciLoadWordStack, .ciLoadDoubleStack:
            return "\(mnemonic)\t\(data[rd]),\(immediate)(sp)"
        case .cssWord, .cssDouble:
            return "\(mnemonic)\t\(data[rs2]),\(immediate)(sp)"
        case .ci, .cbImmediate:
            // objdump treats `c.nop` (rd = zero) as an alias of `c.addi zero,imm`.
            return (encoding.rd == .fixed(0) ? "c.addi" : mnemonic) + "\t\(x[rd]),\(immediate)"
        case .ciStackAdjust:
            return "\(mnemonic)\tsp,\(immediate)"
        case .ciUpper:
            return "\(mnemonic)\t\(x[rd]),0x" + String((UInt32(bitPattern: immediate) >> 12) & 0xfffff, radix: 16)
        case .ciShift, .cbShift:
            // A zero shift amount is the RV128 `c.*64` form.
            if immediate == 0 { return "\(mnemonic)64\t\(x[rd])" }
            return "\(mnemonic)\t\(x[rd]),0x" + String(immediate, radix: 16)
        case .ca:
            return "\(mnemonic)\t\(x[rd]),\(x[rs2])"
        case .cj:
            return "\(mnemonic)\t" + formatAddress(target(of: instruction, at: pc))
        case .cbBranch:
            return "\(mnemonic)\t\(x[rs1])," + formatAddress(target(of: instruction, at: pc))
        case .cr:
            switch encoding.expandsTo {
            case .jalr: return "\(mnemonic)\t\(x[rs1])"  // c.jr, c.jalr
            case .add: return "\(mnemonic)\t\(x[rd]),\(x[rs2])"  // c.mv, c.add
            default: return mnemonic  // c.ebreak
            }
        }
    }

    // MARK: Words that are not instructions

    /// objdump's text for an encoding it does not know: `c.unimp` for the all-zero parcel (defined to be
    /// illegal), else the bits as an assembler data directive.
    private static func unknownText(bits: UInt32, length: Int) -> String {
        if length == 2 {
            switch bits & 0xffff {
            case 0: return "c.unimp"
            // `c.addi16sp` with nzimm = 0 is reserved (Volume I, 16.5), but binutils 2.40 still prints it.
            case 0x6101: return "c.addi16sp\tsp,0"
            default: return ".2byte\t0x" + String(bits & 0xffff, radix: 16)
            }
        }
        return ".4byte\t0x" + String(bits, radix: 16)
    }

    /// The word of a 32-bit instruction, rebuilt from its fields.
    private static func reencoded(_ instruction: Instruction) -> UInt32 {
        (try? Encoder.encode(instruction)) ?? 0
    }

    private static func hex2(_ byte: UInt8) -> String {
        byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
    }
}
