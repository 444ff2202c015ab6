// SSE2 and SSE4.1 scalar floating-point instructions. Intel 64 and IA-32 Architectures Software Developer's
// Manual, Volume 2: MOVD/MOVQ (66 0F 6E /r, 66 0F 7E /r, F3 0F 7E /r, 66 0F D6 /r), MOVSD (F2 0F 10/11),
// MOVSS (F3 0F 10/11), MOVAPD (66 0F 28); ADDSD/SS (58), MULSD/SS (59), SUBSD/SS (5C), MINSD/SS (5D),
// DIVSD/SS (5E), MAXSD/SS (5F), SQRTSD/SS (51); UCOMISD/SS (2E), COMISD/SS (2F); CVTSI2SD/SS (2A),
// CVTTSD2SI/SS2SI (2C), CVTSD2SI/SS2SI (2D), CVTSD2SS/CVTSS2SD (5A); ROUNDSD/SS (66 0F 3A 0B/0A ib);
// ANDPD/ANDPS (54), ANDNPD/ANDNPS (55), ORPD/ORPS (56), XORPD/XORPS (57), PXOR (66 0F EF); LDMXCSR and
// STMXCSR (0F AE /2, /3). Section 2.2.1.2: the mandatory prefix (66, F2, F3) precedes the REX prefix.

extension Assembler {
    /// Emits an SSE instruction: [mandatory prefix] [REX] 0F `opcode` ModR/M.
    private mutating func sse(_ mandatoryPrefix: UInt8?, _ opcode: [UInt8], reg: UInt8, rm: RegisterOrMemory,
                              rexW: Bool = false, immediateSize: Int = 0) {
        emitInstruction(mandatoryPrefix: mandatoryPrefix, rexW: rexW, opcode: [0x0f] + opcode, reg: reg, rm: rm,
                        immediateSize: immediateSize)
    }

    // MARK: Moves

    /// `movq destination, source` (66 REX.W 0F 6E /r): the 64-bit register into the low quadword, upper
    /// quadword zeroed.
    public mutating func movq(_ destination: XMMRegister, _ source: Register) {
        sse(0x66, [0x6e], reg: destination.number, rm: .register(source.number), rexW: true)
    }

    /// `movq destination, source` (66 REX.W 0F 7E /r): the low quadword into a 64-bit register.
    public mutating func movq(_ destination: Register, _ source: XMMRegister) {
        sse(0x66, [0x7e], reg: source.number, rm: .register(destination.number), rexW: true)
    }

    /// `movd destination, source` (66 0F 6E /r): the 32-bit register into the low doubleword, the rest zeroed.
    public mutating func movd(_ destination: XMMRegister, _ source: Register) {
        sse(0x66, [0x6e], reg: destination.number, rm: .register(source.number))
    }

    /// `movd destination, source` (66 0F 7E /r): the low doubleword into a 32-bit register (zero-extended).
    public mutating func movd(_ destination: Register, _ source: XMMRegister) {
        sse(0x66, [0x7e], reg: source.number, rm: .register(destination.number))
    }

    /// `movsd destination, qword ptr [source]` (F2 0F 10 /r): the upper quadword is zeroed.
    public mutating func movsd(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf2, [0x10], reg: destination.number, rm: .memory(source))
    }

    /// `movsd qword ptr [destination], source` (F2 0F 11 /r).
    public mutating func movsd(_ destination: MemoryOperand, _ source: XMMRegister) {
        sse(0xf2, [0x11], reg: source.number, rm: .memory(destination))
    }

    /// `movss destination, dword ptr [source]` (F3 0F 10 /r): the upper 96 bits are zeroed.
    public mutating func movss(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf3, [0x10], reg: destination.number, rm: .memory(source))
    }

    /// `movss dword ptr [destination], source` (F3 0F 11 /r).
    public mutating func movss(_ destination: MemoryOperand, _ source: XMMRegister) {
        sse(0xf3, [0x11], reg: source.number, rm: .memory(destination))
    }

    /// `movq destination, qword ptr [source]` (F3 0F 7E /r): the upper quadword is zeroed.
    public mutating func movq(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf3, [0x7e], reg: destination.number, rm: .memory(source))
    }

    /// `movq qword ptr [destination], source` (66 0F D6 /r).
    public mutating func movq(_ destination: MemoryOperand, _ source: XMMRegister) {
        sse(0x66, [0xd6], reg: source.number, rm: .memory(destination))
    }

    /// `movapd destination, source` (66 0F 28 /r): copies all 128 bits.
    public mutating func movapd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, [0x28], reg: destination.number, rm: .register(source.number))
    }

    // MARK: Arithmetic

    /// `addsd destination, source` (F2 0F 58 /r).
    public mutating func addsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf2, [0x58], reg: destination.number, rm: .register(source.number))
    }
    /// `addsd destination, qword ptr [source]`.
    public mutating func addsd(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf2, [0x58], reg: destination.number, rm: .memory(source))
    }
    /// `subsd destination, source` (F2 0F 5C /r).
    public mutating func subsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf2, [0x5c], reg: destination.number, rm: .register(source.number))
    }
    /// `subsd destination, qword ptr [source]`.
    public mutating func subsd(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf2, [0x5c], reg: destination.number, rm: .memory(source))
    }
    /// `mulsd destination, source` (F2 0F 59 /r).
    public mutating func mulsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf2, [0x59], reg: destination.number, rm: .register(source.number))
    }
    /// `mulsd destination, qword ptr [source]`.
    public mutating func mulsd(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf2, [0x59], reg: destination.number, rm: .memory(source))
    }
    /// `divsd destination, source` (F2 0F 5E /r).
    public mutating func divsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf2, [0x5e], reg: destination.number, rm: .register(source.number))
    }
    /// `divsd destination, qword ptr [source]`.
    public mutating func divsd(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf2, [0x5e], reg: destination.number, rm: .memory(source))
    }
    /// `sqrtsd destination, source` (F2 0F 51 /r).
    public mutating func sqrtsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf2, [0x51], reg: destination.number, rm: .register(source.number))
    }
    /// `sqrtsd destination, qword ptr [source]`.
    public mutating func sqrtsd(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf2, [0x51], reg: destination.number, rm: .memory(source))
    }
    /// `minsd destination, source` (F2 0F 5D /r): the source if either is NaN or both are zeros.
    public mutating func minsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf2, [0x5d], reg: destination.number, rm: .register(source.number))
    }
    /// `minsd destination, qword ptr [source]`.
    public mutating func minsd(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf2, [0x5d], reg: destination.number, rm: .memory(source))
    }
    /// `maxsd destination, source` (F2 0F 5F /r): the source if either is NaN or both are zeros.
    public mutating func maxsd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf2, [0x5f], reg: destination.number, rm: .register(source.number))
    }
    /// `maxsd destination, qword ptr [source]`.
    public mutating func maxsd(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf2, [0x5f], reg: destination.number, rm: .memory(source))
    }

    /// `addss destination, source` (F3 0F 58 /r).
    public mutating func addss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf3, [0x58], reg: destination.number, rm: .register(source.number))
    }
    /// `addss destination, dword ptr [source]`.
    public mutating func addss(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf3, [0x58], reg: destination.number, rm: .memory(source))
    }
    /// `subss destination, source` (F3 0F 5C /r).
    public mutating func subss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf3, [0x5c], reg: destination.number, rm: .register(source.number))
    }
    /// `subss destination, dword ptr [source]`.
    public mutating func subss(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf3, [0x5c], reg: destination.number, rm: .memory(source))
    }
    /// `mulss destination, source` (F3 0F 59 /r).
    public mutating func mulss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf3, [0x59], reg: destination.number, rm: .register(source.number))
    }
    /// `mulss destination, dword ptr [source]`.
    public mutating func mulss(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf3, [0x59], reg: destination.number, rm: .memory(source))
    }
    /// `divss destination, source` (F3 0F 5E /r).
    public mutating func divss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf3, [0x5e], reg: destination.number, rm: .register(source.number))
    }
    /// `divss destination, dword ptr [source]`.
    public mutating func divss(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf3, [0x5e], reg: destination.number, rm: .memory(source))
    }
    /// `sqrtss destination, source` (F3 0F 51 /r).
    public mutating func sqrtss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf3, [0x51], reg: destination.number, rm: .register(source.number))
    }
    /// `sqrtss destination, dword ptr [source]`.
    public mutating func sqrtss(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf3, [0x51], reg: destination.number, rm: .memory(source))
    }
    /// `minss destination, source` (F3 0F 5D /r): the source if either is NaN or both are zeros.
    public mutating func minss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf3, [0x5d], reg: destination.number, rm: .register(source.number))
    }
    /// `minss destination, dword ptr [source]`.
    public mutating func minss(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf3, [0x5d], reg: destination.number, rm: .memory(source))
    }
    /// `maxss destination, source` (F3 0F 5F /r): the source if either is NaN or both are zeros.
    public mutating func maxss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf3, [0x5f], reg: destination.number, rm: .register(source.number))
    }
    /// `maxss destination, dword ptr [source]`.
    public mutating func maxss(_ destination: XMMRegister, _ source: MemoryOperand) {
        sse(0xf3, [0x5f], reg: destination.number, rm: .memory(source))
    }

    // MARK: Comparisons

    /// `ucomisd a, b` (66 0F 2E /r): ZF, PF, CF from an unordered comparison; #IA only for signalling NaNs.
    public mutating func ucomisd(_ a: XMMRegister, _ b: XMMRegister) {
        sse(0x66, [0x2e], reg: a.number, rm: .register(b.number))
    }
    /// `ucomiss a, b` (0F 2E /r).
    public mutating func ucomiss(_ a: XMMRegister, _ b: XMMRegister) {
        sse(nil, [0x2e], reg: a.number, rm: .register(b.number))
    }
    /// `comisd a, b` (66 0F 2F /r): like ucomisd, but #IA for any NaN.
    public mutating func comisd(_ a: XMMRegister, _ b: XMMRegister) {
        sse(0x66, [0x2f], reg: a.number, rm: .register(b.number))
    }
    /// `comiss a, b` (0F 2F /r).
    public mutating func comiss(_ a: XMMRegister, _ b: XMMRegister) {
        sse(nil, [0x2f], reg: a.number, rm: .register(b.number))
    }

    // MARK: Conversions

    /// `cvtsi2sd destination, source` (F2 [REX.W] 0F 2A /r): a signed dword or qword to double.
    public mutating func cvtsi2sd(_ destination: XMMRegister, _ source: Register, _ size: OperandSize = .qword) {
        precondition(size == .dword || size == .qword, "cvtsi2sd converts a dword or a qword")
        sse(0xf2, [0x2a], reg: destination.number, rm: .register(source.number), rexW: size == .qword)
    }
    /// `cvtsi2ss destination, source` (F3 [REX.W] 0F 2A /r): a signed dword or qword to single.
    public mutating func cvtsi2ss(_ destination: XMMRegister, _ source: Register, _ size: OperandSize = .qword) {
        precondition(size == .dword || size == .qword, "cvtsi2ss converts a dword or a qword")
        sse(0xf3, [0x2a], reg: destination.number, rm: .register(source.number), rexW: size == .qword)
    }
    /// `cvttsd2si destination, source` (F2 [REX.W] 0F 2C /r): double to signed integer, truncating; the
    /// "integer indefinite" value (the most negative integer) when out of range or NaN.
    public mutating func cvttsd2si(_ destination: Register, _ source: XMMRegister, _ size: OperandSize = .qword) {
        precondition(size == .dword || size == .qword, "cvttsd2si produces a dword or a qword")
        sse(0xf2, [0x2c], reg: destination.number, rm: .register(source.number), rexW: size == .qword)
    }
    /// `cvttss2si destination, source` (F3 [REX.W] 0F 2C /r): single to signed integer, truncating.
    public mutating func cvttss2si(_ destination: Register, _ source: XMMRegister, _ size: OperandSize = .qword) {
        precondition(size == .dword || size == .qword, "cvttss2si produces a dword or a qword")
        sse(0xf3, [0x2c], reg: destination.number, rm: .register(source.number), rexW: size == .qword)
    }
    /// `cvtsd2si destination, source` (F2 [REX.W] 0F 2D /r): double to signed integer, rounding as MXCSR.RC.
    public mutating func cvtsd2si(_ destination: Register, _ source: XMMRegister, _ size: OperandSize = .qword) {
        precondition(size == .dword || size == .qword, "cvtsd2si produces a dword or a qword")
        sse(0xf2, [0x2d], reg: destination.number, rm: .register(source.number), rexW: size == .qword)
    }
    /// `cvtss2si destination, source` (F3 [REX.W] 0F 2D /r): single to signed integer, rounding as MXCSR.RC.
    public mutating func cvtss2si(_ destination: Register, _ source: XMMRegister, _ size: OperandSize = .qword) {
        precondition(size == .dword || size == .qword, "cvtss2si produces a dword or a qword")
        sse(0xf3, [0x2d], reg: destination.number, rm: .register(source.number), rexW: size == .qword)
    }
    /// `cvtsd2ss destination, source` (F2 0F 5A /r): double to single.
    public mutating func cvtsd2ss(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf2, [0x5a], reg: destination.number, rm: .register(source.number))
    }
    /// `cvtss2sd destination, source` (F3 0F 5A /r): single to double (exact).
    public mutating func cvtss2sd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0xf3, [0x5a], reg: destination.number, rm: .register(source.number))
    }

    /// `roundsd destination, source, mode` (66 0F 3A 0B /r ib, SSE4.1). Mode bits 1:0 are the rounding
    /// (0 nearest even, 1 down, 2 up, 3 toward zero), bit 2 selects MXCSR.RC instead, bit 3 suppresses
    /// the inexact exception.
    public mutating func roundsd(_ destination: XMMRegister, _ source: XMMRegister, mode: UInt8) {
        sse(0x66, [0x3a, 0x0b], reg: destination.number, rm: .register(source.number), immediateSize: 1)
        emit(mode)
    }
    /// `roundss destination, source, mode` (66 0F 3A 0A /r ib, SSE4.1); `mode` as for `roundsd`.
    public mutating func roundss(_ destination: XMMRegister, _ source: XMMRegister, mode: UInt8) {
        sse(0x66, [0x3a, 0x0a], reg: destination.number, rm: .register(source.number), immediateSize: 1)
        emit(mode)
    }

    // MARK: Bitwise

    /// `andpd destination, source` (66 0F 54 /r).
    public mutating func andpd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, [0x54], reg: destination.number, rm: .register(source.number))
    }
    /// `andnpd destination, source` (66 0F 55 /r): destination = NOT destination AND source.
    public mutating func andnpd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, [0x55], reg: destination.number, rm: .register(source.number))
    }
    /// `orpd destination, source` (66 0F 56 /r).
    public mutating func orpd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, [0x56], reg: destination.number, rm: .register(source.number))
    }
    /// `xorpd destination, source` (66 0F 57 /r).
    public mutating func xorpd(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, [0x57], reg: destination.number, rm: .register(source.number))
    }
    /// `andps destination, source` (0F 54 /r).
    public mutating func andps(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(nil, [0x54], reg: destination.number, rm: .register(source.number))
    }
    /// `andnps destination, source` (0F 55 /r): destination = NOT destination AND source.
    public mutating func andnps(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(nil, [0x55], reg: destination.number, rm: .register(source.number))
    }
    /// `orps destination, source` (0F 56 /r).
    public mutating func orps(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(nil, [0x56], reg: destination.number, rm: .register(source.number))
    }
    /// `xorps destination, source` (0F 57 /r).
    public mutating func xorps(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(nil, [0x57], reg: destination.number, rm: .register(source.number))
    }
    /// `pxor destination, source` (66 0F EF /r).
    public mutating func pxor(_ destination: XMMRegister, _ source: XMMRegister) {
        sse(0x66, [0xef], reg: destination.number, rm: .register(source.number))
    }

    // MARK: Control and status

    /// `ldmxcsr dword ptr [memory]` (0F AE /2): loads MXCSR.
    public mutating func ldmxcsr(_ memory: MemoryOperand) {
        sse(nil, [0xae], reg: 2, rm: .memory(memory))
    }
    /// `stmxcsr dword ptr [memory]` (0F AE /3): stores MXCSR.
    public mutating func stmxcsr(_ memory: MemoryOperand) {
        sse(nil, [0xae], reg: 3, rm: .memory(memory))
    }
}
