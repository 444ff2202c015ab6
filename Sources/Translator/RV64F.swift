// RV64F and RV64D translated to x86-64 (The RISC-V Instruction Set Manual, Volume I, chapters 11 and 12):
// loads and stores inline (flw NaN-boxes its value, 11.2), computations through the interpreter's own
// semantics (`TranslatorHelpers.floatingPoint`, exact flags, rounding modes and NaN rules), mirroring
// Interpreter/RV64F.swift and RV64D.swift.
import Interpreter
import MorphCore
import RISCV
import X86

extension BlockEmitter {
    /// flw and fld: the value goes to f[rd] (flw's NaN-boxed).
    mutating func floatingPointLoad(_ i: Instruction, double: Bool) {
        guestAddress(base: i.rs1, offset: i.immediate, store: false)
        markFaultSite()
        if double {
            assembler.mov(.rcx, access)
        } else {
            assembler.mov(.rcx, access, .dword)
            assembler.mov(.rdx, immediate: 0xffff_ffff_0000_0000)
            assembler.or(.rcx, .rdx)
        }
        assembler.mov(GuestRegisterMap.floatSlot(Int(i.rd)), .rcx)
    }

    /// fsw and fsd: the low 32 or all 64 bits of f[rs2].
    mutating func floatingPointStore(_ i: Instruction, double: Bool) {
        assembler.mov(.rdx, GuestRegisterMap.floatSlot(Int(i.rs2)))
        guestAddress(base: i.rs1, offset: i.immediate, store: true)
        markFaultSite()
        assembler.mov(access, .rdx, double ? .qword : .dword)
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
            assembler.mov(.rax, GuestRegisterMap.floatSlot(Int(i.rs1)))
            store(.rax, to: i.rd)
        case .fmvDX:
            load(i.rs1, into: .rax)
            assembler.mov(GuestRegisterMap.floatSlot(Int(i.rd)), .rax)
        case .fmvXW:
            guard i.rd != 0 else { return }
            assembler.movsx(.rax, GuestRegisterMap.floatSlot(Int(i.rs1)), from: .dword)
            store(.rax, to: i.rd)
        case .fmvWX:
            load(i.rs1, into: .rax)
            assembler.mov(.rax, .rax, .dword)
            assembler.mov(.rcx, immediate: 0xffff_ffff_0000_0000)
            assembler.or(.rax, .rcx)
            assembler.mov(GuestRegisterMap.floatSlot(Int(i.rd)), .rax)
        case .feqD, .fltD, .fleD: compareD(i)
        default: helperCall(i, bits: bits)
        }
    }

    /// The interpreter's semantics for `i` (rd = x0 redirected to the write sink).
    mutating func helperCall(_ i: Instruction, bits: UInt32) {
        var record = i
        if record.rd == 0, Interpreter.writesIntegerRegister[Int(record.operation.rawValue)] { record.rd = 32 }
        callFloatingPointHelper(record, bits: bits)
    }

    /// fadd, fsub, fmul, fdiv, fsqrt in round-to-nearest-even: the SSE instruction, a canonical NaN for a
    /// NaN result (11.3), NaN-boxing for singles. A dynamic rounding mode other than RNE, and single
    /// operands that are not properly NaN-boxed, take the interpreter's path.
    private mutating func inlineArithmetic(_ i: Instruction, _ operation: InlineFloatingPoint.Arithmetic,
                                           double: Bool, bits: UInt32) {
        let slow = assembler.newLabel(), done = assembler.newLabel(), nan = assembler.newLabel()
        let first = GuestRegisterMap.floatSlot(Int(i.rs1)), second = GuestRegisterMap.floatSlot(Int(i.rs2))
        let result = GuestRegisterMap.floatSlot(Int(i.rd))
        if i.roundingMode == 7 {
            assembler.cmp(GuestRegisterMap.field(HartState.floatingPointRoundingModeOffset), immediate: 0)
            assembler.jcc(.notEqual, slow)
        }
        if double {
            assembler.movq(.xmm0, first)
            switch operation {
            case .add: assembler.addsd(.xmm0, second)
            case .sub: assembler.subsd(.xmm0, second)
            case .mul: assembler.mulsd(.xmm0, second)
            case .div: assembler.divsd(.xmm0, second)
            case .sqrt: assembler.sqrtsd(.xmm0, .xmm0)
            }
            assembler.ucomisd(.xmm0, .xmm0)
            assembler.jcc(.parity, nan)
            assembler.movq(result, .xmm0)
        } else {
            // Operands must be NaN-boxed (upper 32 bits all ones); otherwise they read as the canonical NaN.
            assembler.cmp(GuestRegisterMap.floatSlotUpperHalf(Int(i.rs1)), immediate: -1, .dword)
            assembler.jcc(.notEqual, slow)
            if operation != .sqrt {
                assembler.cmp(GuestRegisterMap.floatSlotUpperHalf(Int(i.rs2)), immediate: -1, .dword)
                assembler.jcc(.notEqual, slow)
            }
            assembler.movss(.xmm0, first)
            switch operation {
            case .add: assembler.addss(.xmm0, second)
            case .sub: assembler.subss(.xmm0, second)
            case .mul: assembler.mulss(.xmm0, second)
            case .div: assembler.divss(.xmm0, second)
            case .sqrt: assembler.sqrtss(.xmm0, .xmm0)
            }
            assembler.ucomiss(.xmm0, .xmm0)
            assembler.jcc(.parity, nan)
            assembler.movd(.rax, .xmm0)
            assembler.mov(.rcx, immediate: 0xffff_ffff_0000_0000)
            assembler.or(.rax, .rcx)
            assembler.mov(result, .rax)
        }
        assembler.bind(done)
        let index = self.index
        cold(nan) { emitter in
            emitter.assembler.mov(.rax, immediate: double ? 0x7ff8_0000_0000_0000 : 0xffff_ffff_7fc0_0000)
            emitter.assembler.mov(result, .rax)
            emitter.assembler.jmp(done)
        }
        cold(slow) { emitter in
            let saved = emitter.index
            emitter.index = index
            emitter.helperCall(i, bits: bits)
            emitter.assembler.jmp(done)
            emitter.index = saved
        }
    }

    /// fsgnj.d, fsgnjn.d, fsgnjx.d: rs1 with a sign from rs2 (11.6); `fmv.d` and `fneg.d` are the
    /// common cases.
    private mutating func signInjectionD(_ i: Instruction) {
        let sign: UInt64 = 1 << 63
        assembler.mov(.rax, GuestRegisterMap.floatSlot(Int(i.rs1)))
        if i.rs1 == i.rs2, i.operation == .fsgnjD {
            // fmv.d
        } else {
            assembler.mov(.rcx, GuestRegisterMap.floatSlot(Int(i.rs2)))
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
        assembler.mov(GuestRegisterMap.floatSlot(Int(i.rd)), .rax)
    }

    /// feq.d (quiet: ucomisd raises invalid for signalling NaNs only), flt.d and fle.d (signalling:
    /// comisd raises invalid for any NaN), 11.8; unordered compares false.
    private mutating func compareD(_ i: Instruction) {
        assembler.movq(.xmm0, GuestRegisterMap.floatSlot(Int(i.rs1)))
        assembler.movq(.xmm1, GuestRegisterMap.floatSlot(Int(i.rs2)))
        switch i.operation {
        case .feqD:
            assembler.ucomisd(.xmm0, .xmm1)
            assembler.setcc(.equal, .rax)
            assembler.setcc(.noParity, .rcx)
            assembler.and(.rax, .rcx, .dword)
        case .fltD:
            // rs1 < rs2  <=>  rs2 > rs1 (above: CF = 0 and ZF = 0, false when unordered).
            assembler.comisd(.xmm1, .xmm0)
            assembler.setcc(.above, .rax)
        default:
            assembler.comisd(.xmm1, .xmm0)
            assembler.setcc(.aboveOrEqual, .rax)
        }
        assembler.movzx(.rax, .rax, from: .byte)
        store(.rax, to: i.rd)
    }
}
