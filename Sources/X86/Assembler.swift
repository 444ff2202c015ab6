// The x86-64 instruction encoder: the buffer, labels and the shared encoding of prefixes, REX, opcode,
// ModR/M, SIB, displacement and immediate. Intel 64 and IA-32 Architectures Software Developer's Manual,
// Volume 2, chapter 2 ("Instruction Format"): figure 2-1 (prefixes, opcode, ModR/M, SIB, displacement,
// immediate, in that order), section 2.1.5 (tables 2-2 and 2-3), section 2.2.1 (REX prefixes: "Only one
// REX prefix is allowed per instruction. If used, the REX prefix byte must immediately precede the opcode
// byte or the escape opcode byte (0FH)"), section 2.2.1.6 (RIP-relative addressing) and, for `align`, the
// recommended multi-byte NOP sequences under "NOP—No Operation" (table 4-12).
// The mnemonic methods are in Assembler+Integer.swift, Assembler+Control.swift and Assembler+SSE.swift.

/// Encodes x86-64 instructions into a byte buffer.
///
/// Where there is a choice of encoding, the assembler picks the one GNU as (without `-O`) picks for the
/// same Intel-syntax line, so that its output can be compared with `as` byte for byte.
public struct Assembler: Sendable {
    /// The encoded bytes.
    public private(set) var bytes: [UInt8] = []

    /// The offset of each label, or nil while it is unbound; indexed by `Label.identifier`.
    private var labelOffsets: [Int?] = []

    /// A 32-bit field that holds `label + addend - end` once the label is bound.
    private struct Fixup {
        /// The label the field refers to.
        let label: Label
        /// Where the four bytes of the field are.
        let field: Int
        /// The offset the distance is measured from: the end of the instruction.
        let end: Int
        /// A constant added to the label's offset.
        let addend: Int
    }

    /// Fields referring to labels that were not bound when the field was emitted.
    private var pendingFixups: [Fixup] = []

    /// An empty assembler.
    public init() {}

    /// The current end of the buffer: where the next instruction goes.
    public var offset: Int { bytes.count }

    // MARK: Labels

    /// A new, unbound label.
    public mutating func newLabel() -> Label {
        labelOffsets.append(nil)
        return Label(identifier: labelOffsets.count - 1)
    }

    /// Binds `label` to the current offset and patches every earlier reference to it.
    public mutating func bind(_ label: Label) {
        precondition(label.identifier < labelOffsets.count, "label of another assembler")
        precondition(labelOffsets[label.identifier] == nil, "label bound twice")
        labelOffsets[label.identifier] = offset
        var remaining: [Fixup] = []
        for fixup in pendingFixups {
            if fixup.label == label {
                patch(fixup, target: offset)
            } else {
                remaining.append(fixup)
            }
        }
        pendingFixups = remaining
    }

    /// The offset `label` is bound to, or nil if it is unbound.
    public func offset(of label: Label) -> Int? {
        label.identifier < labelOffsets.count ? labelOffsets[label.identifier] : nil
    }

    /// Whether some instruction refers to a label that is not bound yet.
    public var unresolvedLabels: Bool { !pendingFixups.isEmpty }

    /// Emits a 32-bit field holding `label + addend - end`, now if the label is bound, else when it is.
    mutating func emitLabelField(_ label: Label, addend: Int, end: Int) {
        let fixup = Fixup(label: label, field: offset, end: end, addend: addend)
        emitDoubleword(0)
        if let target = offset(of: label) {
            patch(fixup, target: target)
        } else {
            pendingFixups.append(fixup)
        }
    }

    /// Writes the distance of a fixup whose label is at `target`.
    private mutating func patch(_ fixup: Fixup, target: Int) {
        let distance = target + fixup.addend - fixup.end
        guard let value = Int32(exactly: distance) else {
            preconditionFailure("label distance \(distance) does not fit in 32 bits")
        }
        write(UInt32(bitPattern: value), at: fixup.field)
    }

    /// Overwrites the four bytes at `position` with `value`, little-endian.
    mutating func write(_ value: UInt32, at position: Int) {
        for index in 0..<4 { bytes[position + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    // MARK: Raw bytes

    /// Appends raw bytes.
    public mutating func emit(_ bytes: UInt8...) {
        self.bytes.append(contentsOf: bytes)
    }

    /// Appends raw bytes from an array.
    public mutating func emit(contentsOf bytes: [UInt8]) {
        self.bytes.append(contentsOf: bytes)
    }

    /// Appends a 16-bit value, little-endian.
    public mutating func emitWord(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    /// Appends a 32-bit value, little-endian.
    public mutating func emitDoubleword(_ value: UInt32) {
        for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    /// Appends a 64-bit value, little-endian.
    public mutating func emitQuadword(_ value: UInt64) {
        for index in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    /// Appends an immediate of `size` bytes (1, 2, 4 or 8): the low bytes of `value`.
    mutating func emitImmediate(_ value: Int64, size: Int) {
        for index in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    /// The recommended multi-byte NOPs of lengths 1 to 9 (the NOP entry of Volume 2, table 4-12).
    private static let nops: [[UInt8]] = [
        [0x90],
        [0x66, 0x90],
        [0x0f, 0x1f, 0x00],
        [0x0f, 0x1f, 0x40, 0x00],
        [0x0f, 0x1f, 0x44, 0x00, 0x00],
        [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
        [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
        [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        [0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
    ]

    /// Pads with as few multi-byte NOPs as possible (at most 9 bytes each) up to a multiple of
    /// `boundary`, a power of two.
    public mutating func align(_ boundary: Int) {
        align(boundary, withInt3: false)
    }

    /// Pads up to a multiple of `boundary` (a power of two) with int3 (CC) if `withInt3`, else with NOPs:
    /// int3 for padding that is never executed, so that a stray jump into it traps.
    public mutating func align(_ boundary: Int, withInt3: Bool) {
        precondition(boundary > 0 && boundary & (boundary - 1) == 0, "alignment must be a power of two")
        var padding = (boundary - offset % boundary) % boundary
        if withInt3 {
            bytes.append(contentsOf: repeatElement(0xcc, count: padding))
            return
        }
        while padding > 0 {
            let length = min(padding, Self.nops.count)
            bytes.append(contentsOf: Self.nops[length - 1])
            padding -= length
        }
    }

    // MARK: Encoding

    /// The r/m operand of a ModR/M byte: a register number (mod = 11) or a memory operand.
    enum RegisterOrMemory {
        /// A register (general-purpose or XMM) by number.
        case register(UInt8)
        /// A memory operand.
        case memory(MemoryOperand)
    }

    /// Emits one instruction: [66] [F2/F3 or a mandatory 66] [F0] [REX] opcode ModR/M [SIB] [disp] and
    /// leaves room for an immediate of `immediateSize` bytes, which the caller appends at once (a
    /// RIP-relative displacement is measured from the end of the immediate).
    ///
    /// The prefix order is the one GNU as uses (operand size, repeat/mandatory, lock); a REX prefix is
    /// emitted when any of W, R, X, B is needed or `forceREX` is set (byte registers spl, bpl, sil, dil).
    mutating func emitInstruction(operandSizePrefix: Bool = false, mandatoryPrefix: UInt8? = nil,
                                  lock: Bool = false, rexW: Bool = false, forceREX: Bool = false,
                                  opcode: [UInt8], reg: UInt8, rm: RegisterOrMemory, immediateSize: Int = 0) {
        if operandSizePrefix { bytes.append(0x66) }
        if let mandatoryPrefix { bytes.append(mandatoryPrefix) }
        if lock { bytes.append(0xf0) }
        var rex: UInt8 = (rexW ? 8 : 0) | (reg >> 3) << 2
        switch rm {
        case .register(let number):
            rex |= number >> 3
        case .memory(let memory):
            if case .registers(let base, let index, _) = memory.address {
                rex |= base.high | (index?.high ?? 0) << 1
            }
        }
        if rex != 0 || forceREX { bytes.append(0x40 | rex) }
        bytes.append(contentsOf: opcode)
        emitModRM(reg: reg & 7, rm: rm, immediateSize: immediateSize)
    }

    /// Emits ModR/M, SIB and displacement (tables 2-2 and 2-3), with the REX bits already emitted.
    ///
    /// - r/m = 100 (rsp, r12) as a base needs a SIB byte; SIB index = 100 means no index.
    /// - mod = 00 with r/m = 101 (rbp, r13) means RIP-relative (or, in a SIB base, no base), so those
    ///   bases with no displacement take mod = 01 and a zero disp8.
    private mutating func emitModRM(reg: UInt8, rm: RegisterOrMemory, immediateSize: Int) {
        switch rm {
        case .register(let number):
            bytes.append(0xc0 | reg << 3 | number & 7)
        case .memory(let memory):
            switch memory.address {
            case .ripRelative(let label):
                bytes.append(reg << 3 | 0b101)
                emitLabelField(label, addend: Int(memory.displacement), end: offset + 4 + immediateSize)
            case .registers(let base, let index, let scale):
                let displacement = memory.displacement
                let mode: UInt8
                if displacement == 0 && base.low != 5 {
                    mode = 0b00
                } else if Int8(exactly: displacement) != nil {
                    mode = 0b01
                } else {
                    mode = 0b10
                }
                if index != nil || base.low == 4 {
                    bytes.append(mode << 6 | reg << 3 | 0b100)
                    let scaleBits: UInt8 = switch scale { case 1: 0; case 2: 1; case 4: 2; default: 3 }
                    bytes.append(scaleBits << 6 | (index?.low ?? 0b100) << 3 | base.low)
                } else {
                    bytes.append(mode << 6 | reg << 3 | base.low)
                }
                if mode == 0b01 {
                    bytes.append(UInt8(bitPattern: Int8(displacement)))
                } else if mode == 0b10 {
                    emitDoubleword(UInt32(bitPattern: displacement))
                }
            }
        }
    }

    /// Emits an integer instruction of `size`: the 66 prefix for word, REX.W for qword, and for byte
    /// size `byteOpcode` instead of `opcode` and a REX prefix when a byte register is 4-7.
    /// `regIsRegister` says whether the ModR/M reg field names a register (rather than an opcode extension).
    mutating func emitInteger(_ size: OperandSize, lock: Bool = false, opcode: [UInt8], byteOpcode: [UInt8]? = nil,
                              reg: UInt8, regIsRegister: Bool, rm: RegisterOrMemory, immediateSize: Int = 0) {
        var forceREX = false
        if size == .byte {
            precondition(byteOpcode != nil, "this instruction has no byte form")
            if regIsRegister && (4...7).contains(reg) { forceREX = true }
            if case .register(let number) = rm, (4...7).contains(number) { forceREX = true }
        }
        emitInstruction(operandSizePrefix: size == .word, lock: lock, rexW: size == .qword, forceREX: forceREX,
                        opcode: size == .byte ? byteOpcode! : opcode, reg: reg, rm: rm,
                        immediateSize: immediateSize)
    }

    /// Emits [REX] `escape` and an opcode byte with the register in its low three bits (`+rd`): push, pop,
    /// bswap (0F C8+rd), mov r, imm.
    mutating func emitOpcodeWithRegister(rexW: Bool, escape: [UInt8] = [], opcode: UInt8, register: Register) {
        let rex: UInt8 = (rexW ? 8 : 0) | register.high
        if rex != 0 { bytes.append(0x40 | rex) }
        bytes.append(contentsOf: escape)
        bytes.append(opcode | register.low)
    }
}
