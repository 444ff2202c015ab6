// x86-64 registers, operand sizes and condition codes. Intel 64 and IA-32 Architectures Software
// Developer's Manual, Volume 2, section 2.1.5 (table 2-2, "32-Bit Addressing Forms with the ModR/M Byte":
// register numbers), section 2.2.1.2 (REX.R/X/B extend them to 0-15; "REX prefix is required to access
// SPL, BPL, SIL, DIL") and appendix B.1.4.7 (table B-10, the condition-code field `tttn`).

/// A general-purpose register, by its 4-bit hardware number.
public struct Register: Hashable, Sendable {
    /// The hardware number, 0...15 (rax = 0, ..., r15 = 15); bit 3 goes into a REX prefix.
    public let number: UInt8

    /// The register numbered `number` (0...15).
    public init(number: UInt8) {
        precondition(number < 16, "x86-64 has 16 general-purpose registers")
        self.number = number
    }

    /// Register 0.
    public static let rax = Register(number: 0)
    /// Register 1.
    public static let rcx = Register(number: 1)
    /// Register 2.
    public static let rdx = Register(number: 2)
    /// Register 3.
    public static let rbx = Register(number: 3)
    /// Register 4, the stack pointer.
    public static let rsp = Register(number: 4)
    /// Register 5, the frame pointer.
    public static let rbp = Register(number: 5)
    /// Register 6.
    public static let rsi = Register(number: 6)
    /// Register 7.
    public static let rdi = Register(number: 7)
    /// Register 8.
    public static let r8 = Register(number: 8)
    /// Register 9.
    public static let r9 = Register(number: 9)
    /// Register 10.
    public static let r10 = Register(number: 10)
    /// Register 11.
    public static let r11 = Register(number: 11)
    /// Register 12.
    public static let r12 = Register(number: 12)
    /// Register 13.
    public static let r13 = Register(number: 13)
    /// Register 14.
    public static let r14 = Register(number: 14)
    /// Register 15.
    public static let r15 = Register(number: 15)

    /// All sixteen registers in hardware-number order.
    public static let all: [Register] = (0..<16).map { Register(number: $0) }

    /// The assembler name of this register's low `size` part ("rax", "eax", "ax", "al"; "sil", "r8b").
    /// The byte names are the REX forms: number 4 is `spl`, never `ah`.
    public func name(_ size: OperandSize = .qword) -> String {
        let legacy = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"]
        if number >= 8 {
            switch size {
            case .byte: return "r\(number)b"
            case .word: return "r\(number)w"
            case .dword: return "r\(number)d"
            case .qword: return "r\(number)"
            }
        }
        let base = legacy[Int(number)]
        switch size {
        case .byte: return number < 4 ? String(base.prefix(1)) + "l" : base + "l"
        case .word: return base
        case .dword: return "e" + base
        case .qword: return "r" + base
        }
    }

    /// The low three bits, for a ModRM, SIB or opcode register field.
    var low: UInt8 { number & 7 }
    /// Bit 3, for REX.R, REX.X or REX.B.
    var high: UInt8 { number >> 3 }
    /// Whether the byte form of this register needs a REX prefix: without one, numbers 4-7 would mean
    /// ah, ch, dh and bh instead of spl, bpl, sil and dil.
    var byteFormNeedsREX: Bool { (4...7).contains(number) }
}

/// An SSE register, by its 4-bit hardware number.
public struct XMMRegister: Hashable, Sendable {
    /// The hardware number, 0...15; bit 3 goes into a REX prefix.
    public let number: UInt8

    /// The register numbered `number` (0...15).
    public init(number: UInt8) {
        precondition(number < 16, "x86-64 has 16 XMM registers")
        self.number = number
    }

    /// xmm0.
    public static let xmm0 = XMMRegister(number: 0)
    /// xmm1.
    public static let xmm1 = XMMRegister(number: 1)
    /// xmm2.
    public static let xmm2 = XMMRegister(number: 2)
    /// xmm3.
    public static let xmm3 = XMMRegister(number: 3)
    /// xmm4.
    public static let xmm4 = XMMRegister(number: 4)
    /// xmm5.
    public static let xmm5 = XMMRegister(number: 5)
    /// xmm6.
    public static let xmm6 = XMMRegister(number: 6)
    /// xmm7.
    public static let xmm7 = XMMRegister(number: 7)
    /// xmm8.
    public static let xmm8 = XMMRegister(number: 8)
    /// xmm9.
    public static let xmm9 = XMMRegister(number: 9)
    /// xmm10.
    public static let xmm10 = XMMRegister(number: 10)
    /// xmm11.
    public static let xmm11 = XMMRegister(number: 11)
    /// xmm12.
    public static let xmm12 = XMMRegister(number: 12)
    /// xmm13.
    public static let xmm13 = XMMRegister(number: 13)
    /// xmm14.
    public static let xmm14 = XMMRegister(number: 14)
    /// xmm15.
    public static let xmm15 = XMMRegister(number: 15)

    /// All sixteen registers in hardware-number order.
    public static let all: [XMMRegister] = (0..<16).map { XMMRegister(number: $0) }

    /// The assembler name ("xmm3").
    public var name: String { "xmm\(number)" }
}

/// The width of an integer operation: selects the 66 prefix (word), REX.W (qword) or the byte opcode.
public enum OperandSize: Sendable {
    /// 8 bits.
    case byte
    /// 16 bits: operand-size prefix 66.
    case word
    /// 32 bits: the default in 64-bit mode; writing a 32-bit register zero-extends into 64 bits.
    case dword
    /// 64 bits: REX.W.
    case qword

    /// The number of bytes an operand of this size occupies.
    public var byteCount: Int {
        switch self {
        case .byte: 1
        case .word: 2
        case .dword: 4
        case .qword: 8
        }
    }

    /// The Intel-syntax memory size keyword ("qword ptr" without the " ptr").
    public var name: String {
        switch self {
        case .byte: "byte"
        case .word: "word"
        case .dword: "dword"
        case .qword: "qword"
        }
    }
}

/// A condition code: the low four bits (`tttn`) of Jcc (0F 80+cc), SETcc (0F 90+cc) and CMOVcc (0F 40+cc).
public enum Condition: UInt8, Sendable, CaseIterable {
    /// O: OF = 1.
    case overflow = 0
    /// NO: OF = 0.
    case noOverflow
    /// B / C / NAE: CF = 1 (unsigned less than).
    case below
    /// AE / NC / NB: CF = 0 (unsigned greater or equal).
    case aboveOrEqual
    /// E / Z: ZF = 1.
    case equal
    /// NE / NZ: ZF = 0.
    case notEqual
    /// BE / NA: CF = 1 or ZF = 1 (unsigned less or equal).
    case belowOrEqual
    /// A / NBE: CF = 0 and ZF = 0 (unsigned greater than).
    case above
    /// S: SF = 1.
    case sign
    /// NS: SF = 0.
    case notSign
    /// P / PE: PF = 1 (also: an unordered floating-point comparison).
    case parity
    /// NP / PO: PF = 0.
    case noParity
    /// L / NGE: SF != OF (signed less than).
    case less
    /// GE / NL: SF = OF (signed greater or equal).
    case greaterOrEqual
    /// LE / NG: ZF = 1 or SF != OF (signed less or equal).
    case lessOrEqual
    /// G / NLE: ZF = 0 and SF = OF (signed greater than).
    case greater

    /// The opposite condition: the encodings come in pairs that differ only in bit 0 (`n`).
    public var inverted: Condition { Condition(rawValue: rawValue ^ 1)! }

    /// The mnemonic suffix GNU objdump prints ("e", "ne", "ae", ...).
    public var suffix: String {
        ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"][Int(rawValue)]
    }
}
