// RV64F and RV64D translated to x86-64 (The RISC-V Instruction Set Manual, Volume I, chapters 11 and 12):
// loads and stores inline (flw NaN-boxes its value, 11.2), computations through the interpreter's own
// semantics (`TranslatorHelpers.floatingPoint`, exact flags, rounding modes and NaN rules), mirroring
// Interpreter/RV64F.swift and RV64D.swift.
import Interpreter
import MorphCore
import RISCV
import X86

extension BlockEmitter {
    /// The xmm register f[index] lives in, if it is pinned.
    func floatRegister(_ index: UInt8) -> XMMRegister? { GuestRegisterMap.floatHostRegister[Int(index)] }

    /// Copies f[index] into `target`.
    mutating func loadFloat(_ index: UInt8, into target: XMMRegister) {
        if let host = floatRegister(index) {
            if host != target { assembler.movapd(target, host) }
        } else {
            assembler.movq(target, GuestRegisterMap.floatSlot(Int(index)))
        }
    }

    /// Writes the low 64 bits of `value` to f[index].
    mutating func storeFloat(_ value: XMMRegister, to index: UInt8) {
        if let host = floatRegister(index) {
            if host != value { assembler.movapd(host, value) }
        } else {
            assembler.movq(GuestRegisterMap.floatSlot(Int(index)), value)
        }
    }

    /// Copies the bits of f[index] into a general register.
    mutating func loadFloatBits(_ index: UInt8, into target: Register) {
        if let host = floatRegister(index) {
            assembler.movq(target, host)
        } else {
            assembler.mov(target, GuestRegisterMap.floatSlot(Int(index)))
        }
    }

    /// Writes the bits in `value` to f[index].
    mutating func storeFloatBits(_ value: Register, to index: UInt8) {
        if let host = floatRegister(index) {
            assembler.movq(host, value)
        } else {
            assembler.mov(GuestRegisterMap.floatSlot(Int(index)), value)
        }
    }

    /// flw and fld: the value goes to f[rd] (flw's NaN-boxed).
    mutating func floatingPointLoad(_ i: Instruction, double: Bool) {
        guestAddress(base: i.rs1, offset: i.immediate, store: false)
        markFaultSite()
        if double, let host = floatRegister(i.rd) {
            assembler.movq(host, access)
            return
        }
        if double {
            assembler.mov(.rcx, access)
        } else {
            assembler.mov(.rcx, access, .dword)
            assembler.mov(.rdx, immediate: 0xffff_ffff_0000_0000)
            assembler.or(.rcx, .rdx)
        }
        storeFloatBits(.rcx, to: i.rd)
    }

    /// fsw and fsd: the low 32 or all 64 bits of f[rs2].
    mutating func floatingPointStore(_ i: Instruction, double: Bool) {
        let pinned = floatRegister(i.rs2)
        if pinned == nil { assembler.mov(.rdx, GuestRegisterMap.floatSlot(Int(i.rs2))) }
        guestAddress(base: i.rs1, offset: i.immediate, store: true)
        markFaultSite()
        if let pinned {
            if double { assembler.movq(access, pinned) } else { assembler.movss(access, pinned) }
        } else {
            assembler.mov(access, .rdx, double ? .qword : .dword)
        }
    }
}

/// Which F and D instructions write an f register, and whether with a (NaN-boxed) single.
enum FloatingPointResult {
    /// Single-precision results, always NaN-boxed (11.2).
    static func isSingle(_ operation: Operation) -> Bool {
        switch operation {
        case .flw, .fmaddS, .fmsubS, .fnmsubS, .fnmaddS, .faddS, .fsubS, .fmulS, .fdivS, .fsqrtS, .fsgnjS, .fsgnjnS,
             .fsgnjxS, .fminS, .fmaxS, .fcvtSW, .fcvtSWU, .fcvtSL, .fcvtSLU, .fcvtSD, .fmvWX: true
        default: false
        }
    }

    /// Double-precision results.
    static func isDouble(_ operation: Operation) -> Bool {
        switch operation {
        case .fld, .fmaddD, .fmsubD, .fnmsubD, .fnmaddD, .faddD, .fsubD, .fmulD, .fdivD, .fsqrtD, .fsgnjD, .fsgnjnD,
             .fsgnjxD, .fminD, .fmaxD, .fcvtDS, .fcvtDW, .fcvtDWU, .fcvtDL, .fcvtDLU, .fmvDX: true
        default: false
        }
    }
}

/// The F and D operations translated to inline SSE: round-to-nearest-even arithmetic (the guest
/// floating-point environment keeps the MXCSR in RNE with its flags collected at the end of a run, as the
/// interpreter's fast path does), sign injection, moves and comparisons.
enum InlineFloatingPoint {
    /// add, sub, mul, div, sqrt.
    enum Arithmetic { case add, sub, mul, div, sqrt }

    /// The inline arithmetic of `operation`, and whether it is double precision.
    static func arithmetic(_ operation: Operation) -> (Arithmetic, double: Bool)? {
        switch operation {
        case .faddD: (.add, true)
        case .fsubD: (.sub, true)
        case .fmulD: (.mul, true)
        case .fdivD: (.div, true)
        case .fsqrtD: (.sqrt, true)
        case .faddS: (.add, false)
        case .fsubS: (.sub, false)
        case .fmulS: (.mul, false)
        case .fdivS: (.div, false)
        case .fsqrtS: (.sqrt, false)
        default: nil
        }
    }
}

extension BlockEmitter {
    /// Translates an F or D computation: inline when it can, else through the interpreter's semantics.
    mutating func floatingPointComputation(_ i: Instruction) {
        let bits = (try? Encoder.encode(i)) ?? 0
        if let (operation, double) = InlineFloatingPoint.arithmetic(i.operation), i.roundingMode == 0 || i.roundingMode == 7 {
            inlineArithmetic(i, operation, double: double, bits: bits)
            return
        }
        switch i.operation {
        case .fsgnjD, .fsgnjnD, .fsgnjxD: signInjectionD(i)
        case .fmvXD:
            guard i.rd != 0 else { return }
            loadFloatBits(i.rs1, into: .rax)
            store(.rax, to: i.rd)
        case .fmvDX:
            load(i.rs1, into: .rax)
            storeFloatBits(.rax, to: i.rd)
        case .fmvXW:
            guard i.rd != 0 else { return }
            loadFloatBits(i.rs1, into: .rax)
            assembler.movsx(.rax, .rax, from: .dword)
            store(.rax, to: i.rd)
        case .fmvWX:
            load(i.rs1, into: .rax)
            assembler.mov(.rax, .rax, .dword)
            assembler.mov(.rcx, immediate: 0xffff_ffff_0000_0000)
            assembler.or(.rax, .rcx)
            storeFloatBits(.rax, to: i.rd)
        case .feqD, .fltD, .fleD: compare(i, double: true, bits: bits)
        case .feqS, .fltS, .fleS: compare(i, double: false, bits: bits)
        case .fsgnjS, .fsgnjnS, .fsgnjxS: signInjectionS(i, bits: bits)
        default: helperCall(i, bits: bits)
        }
    }

    /// The interpreter's semantics for `i` (rd = x0 redirected to the write sink).
    mutating func helperCall(_ i: Instruction, bits: UInt32) {
        var record = i
        if record.rd == 0, Interpreter.writesIntegerRegister[Int(record.operation.rawValue)] { record.rd = 32 }
        callHelper(environment.floatingPointHelper, record, bits: bits)
    }

    /// fadd, fsub, fmul, fdiv, fsqrt in round-to-nearest-even: the SSE instruction, a canonical NaN for a
    /// NaN result (11.3), NaN-boxing for singles. A dynamic rounding mode other than RNE, and single
    /// operands that are not properly NaN-boxed, take the interpreter's path.
    private mutating func inlineArithmetic(_ i: Instruction, _ operation: InlineFloatingPoint.Arithmetic,
                                           double: Bool, bits: UInt32) {
        let slow = assembler.newLabel(), done = assembler.newLabel(), nan = assembler.newLabel()
        if i.roundingMode == 7 { requireNearestEven() }
        if !double {
            for operand in operation == .sqrt ? [i.rs1] : [i.rs1, i.rs2] { requireNaNBoxed(operand, else: slow) }
        }
        loadFloat(i.rs1, into: .xmm0)
        let second = floatRegister(i.rs2)
        let secondSlot = GuestRegisterMap.floatSlot(Int(i.rs2))
        switch (operation, double) {
        case (.add, true): if let second { assembler.addsd(.xmm0, second) } else { assembler.addsd(.xmm0, secondSlot) }
        case (.sub, true): if let second { assembler.subsd(.xmm0, second) } else { assembler.subsd(.xmm0, secondSlot) }
        case (.mul, true): if let second { assembler.mulsd(.xmm0, second) } else { assembler.mulsd(.xmm0, secondSlot) }
        case (.div, true): if let second { assembler.divsd(.xmm0, second) } else { assembler.divsd(.xmm0, secondSlot) }
        case (.sqrt, true): assembler.sqrtsd(.xmm0, .xmm0)
        case (.add, false): if let second { assembler.addss(.xmm0, second) } else { assembler.addss(.xmm0, secondSlot) }
        case (.sub, false): if let second { assembler.subss(.xmm0, second) } else { assembler.subss(.xmm0, secondSlot) }
        case (.mul, false): if let second { assembler.mulss(.xmm0, second) } else { assembler.mulss(.xmm0, secondSlot) }
        case (.div, false): if let second { assembler.divss(.xmm0, second) } else { assembler.divss(.xmm0, secondSlot) }
        case (.sqrt, false): assembler.sqrtss(.xmm0, .xmm0)
        }
        if double {
            assembler.ucomisd(.xmm0, .xmm0)
            assembler.jcc(.parity, nan)
            storeFloat(.xmm0, to: i.rd)
        } else {
            // The scalar single operations write bits 0-31 only: bits 32-63 are still rs1's, all ones
            // since it is NaN-boxed, so the result is boxed already.
            assembler.ucomiss(.xmm0, .xmm0)
            assembler.jcc(.parity, nan)
            storeFloat(.xmm0, to: i.rd)
        }
        assembler.bind(done)
        cold(nan) { emitter in
            emitter.assembler.mov(.rax, immediate: double ? 0x7ff8_0000_0000_0000 : 0xffff_ffff_7fc0_0000)
            emitter.storeFloatBits(.rax, to: i.rd)
            emitter.assembler.jmp(done)
        }
        coldHelperCall(i, bits: bits, at: slow, then: done)
    }

    /// Jumps to `slow` unless f[index] holds a NaN-boxed single (upper 32 bits all ones): an improperly
    /// boxed operand reads as the canonical NaN (11.2), which the interpreter's path handles.
    private mutating func requireNaNBoxed(_ index: UInt8, else slow: Label) {
        // Written earlier in this block with a single-precision result: boxed.
        if boxedSingles & (1 << UInt32(index)) != 0 { return }
        if floatRegister(index) != nil {
            loadFloatBits(index, into: .rax)
            assembler.shr(.rax, immediate: 32)
            assembler.cmp(.rax, immediate: -1, .dword)
        } else {
            assembler.cmp(GuestRegisterMap.floatSlotUpperHalf(Int(index)), immediate: -1, .dword)
        }
        assembler.jcc(.notEqual, slow)
    }

    /// Runs `i` through the interpreter's semantics at `slow` (cold), then goes on at `done`.
    private mutating func coldHelperCall(_ i: Instruction, bits: UInt32, at slow: Label, then done: Label) {
        let index = self.index
        cold(slow) { emitter in
            let saved = emitter.index
            emitter.index = index
            emitter.helperCall(i, bits: bits)
            emitter.assembler.jmp(done)
            emitter.index = saved
        }
    }

    /// fsgnj.s, fsgnjn.s, fsgnjx.s on NaN-boxed operands: bit 31 only, so the result stays boxed.
    private mutating func signInjectionS(_ i: Instruction, bits: UInt32) {
        let slow = assembler.newLabel(), done = assembler.newLabel()
        requireNaNBoxed(i.rs1, else: slow)
        requireNaNBoxed(i.rs2, else: slow)
        loadFloatBits(i.rs1, into: .rax)
        if !(i.rs1 == i.rs2 && i.operation == .fsgnjS) {
            loadFloatBits(i.rs2, into: .rcx)
            switch i.operation {
            case .fsgnjS:
                assembler.and(.rcx, immediate: Int32(bitPattern: 0x8000_0000), .dword)
                assembler.mov(.rdx, immediate: 0xffff_ffff_7fff_ffff)
                assembler.and(.rax, .rdx)
                assembler.or(.rax, .rcx)
            case .fsgnjnS:
                assembler.not(.rcx, .dword)
                assembler.and(.rcx, immediate: Int32(bitPattern: 0x8000_0000), .dword)
                assembler.mov(.rdx, immediate: 0xffff_ffff_7fff_ffff)
                assembler.and(.rax, .rdx)
                assembler.or(.rax, .rcx)
            default:
                assembler.and(.rcx, immediate: Int32(bitPattern: 0x8000_0000), .dword)
                assembler.xor(.rax, .rcx)
            }
        }
        storeFloatBits(.rax, to: i.rd)
        assembler.bind(done)
        coldHelperCall(i, bits: bits, at: slow, then: done)
    }

    /// fsgnj.d, fsgnjn.d, fsgnjx.d: rs1 with a sign from rs2 (11.6); `fmv.d` and `fneg.d` are the
    /// common cases.
    private mutating func signInjectionD(_ i: Instruction) {
        let sign: UInt64 = 1 << 63
        if i.rs1 == i.rs2, i.operation == .fsgnjD {
            // fmv.d
            loadFloat(i.rs1, into: .xmm0)
            storeFloat(.xmm0, to: i.rd)
            return
        }
        loadFloatBits(i.rs1, into: .rax)
        do {
            loadFloatBits(i.rs2, into: .rcx)
            assembler.mov(.rdx, immediate: sign)
            switch i.operation {
            case .fsgnjD:
                assembler.and(.rcx, .rdx)
                assembler.not(.rdx)
                assembler.and(.rax, .rdx)
                assembler.or(.rax, .rcx)
            case .fsgnjnD:
                assembler.not(.rcx)
                assembler.and(.rcx, .rdx)
                assembler.not(.rdx)
                assembler.and(.rax, .rdx)
                assembler.or(.rax, .rcx)
            default:
                assembler.and(.rcx, .rdx)
                assembler.xor(.rax, .rcx)
            }
        }
        storeFloatBits(.rax, to: i.rd)
    }

    /// feq (quiet: ucomis* raises invalid for signalling NaNs only), flt and fle (signalling: comis*
    /// raises invalid for any NaN), 11.8; unordered compares false. Singles must be NaN-boxed, or the
    /// interpreter's path handles them.
    private mutating func compare(_ i: Instruction, double: Bool, bits: UInt32) {
        let slow = assembler.newLabel(), done = assembler.newLabel()
        if !double {
            requireNaNBoxed(i.rs1, else: slow)
            requireNaNBoxed(i.rs2, else: slow)
        }
        loadFloat(i.rs1, into: .xmm0)
        loadFloat(i.rs2, into: .xmm1)
        switch i.operation {
        case .feqD, .feqS:
            if double { assembler.ucomisd(.xmm0, .xmm1) } else { assembler.ucomiss(.xmm0, .xmm1) }
            assembler.setcc(.equal, .rax)
            assembler.setcc(.noParity, .rcx)
            assembler.and(.rax, .rcx, .dword)
        case .fltD, .fltS:
            // rs1 < rs2  <=>  rs2 > rs1 (above: CF = 0 and ZF = 0, false when unordered).
            if double { assembler.comisd(.xmm1, .xmm0) } else { assembler.comiss(.xmm1, .xmm0) }
            assembler.setcc(.above, .rax)
        default:
            if double { assembler.comisd(.xmm1, .xmm0) } else { assembler.comiss(.xmm1, .xmm0) }
            assembler.setcc(.aboveOrEqual, .rax)
        }
        assembler.movzx(.rax, .rax, from: .byte)
        store(.rax, to: i.rd)
        assembler.bind(done)
        storedInRAX = nil  // the interpreter's path joins here without the result in rax
        if !double { coldHelperCall(i, bits: bits, at: slow, then: done) }
    }
}
