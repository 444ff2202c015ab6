// RV64F and RV64D translated to x86-64 (The RISC-V Instruction Set Manual, Volume I, chapters 11 and 12):
// loads and stores inline (flw NaN-boxes its value, 11.2), computations through the interpreter's own
// semantics (`TranslatorHelpers.floatingPoint`, exact flags, rounding modes and NaN rules), mirroring
// Interpreter/RV64F.swift and RV64D.swift.
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
