// The floating-point CSRs translated to x86-64 (The RISC-V Instruction Set Manual, Volume I, chapter 9
// "Zicsr" and 11.2 "Floating-Point Control and Status Register"), mirroring Interpreter/Zicsr.swift:
// fflags, frm and fcsr in user mode. Flags of round-to-nearest-even operations wait in the host MXCSR
// (GuestFloatingPointEnvironment): a read ORs them into fflags first, and a write of fflags clears them.
// The other CSRs (counters, and every CSR in system mode) go to the interpreter.
import MorphCore
import RISCV
import X86

/// RISC-V fflags for each value of the MXCSR's six status bits (IE DE ZE OE UE PE).
enum MXCSRFlags {
    /// 64 bytes: entry `status` is the fflags value (NV=16 DZ=8 OF=4 UF=2 NX=1; DE has none).
    /// Written once when first used, read-only afterwards.
    nonisolated(unsafe) static let table: UnsafeMutablePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
        for status in 0..<64 {
            var flags = 0
            if status & 0x01 != 0 { flags |= 16 }  // IE -> NV
            if status & 0x04 != 0 { flags |= 8 }   // ZE -> DZ
            if status & 0x08 != 0 { flags |= 4 }   // OE -> OF
            if status & 0x10 != 0 { flags |= 2 }   // UE -> UF
            if status & 0x20 != 0 { flags |= 1 }   // PE -> NX
            table[status] = UInt8(flags)
        }
        return table
    }()

    /// The MXCSR of the guest environment: round to nearest even, exceptions masked, status clear.
    static let guestEnvironment: Int32 = 0x1f80
}

extension BlockEmitter {
    /// csrrw, csrrs, csrrc and their immediate forms on fflags (1), frm (2) or fcsr (3).
    mutating func floatingPointControl(_ i: Instruction) {
        let number = i.immediate
        let flags = GuestRegisterMap.field(HartState.floatingPointFlagsOffset)
        let mode = GuestRegisterMap.field(HartState.floatingPointRoundingModeOffset)
        let mxcsr = GuestRegisterMap.scratch(.mxcsr)
        if number != 2 {
            // Collect the flags waiting in the MXCSR into fflags.
            assembler.stmxcsr(mxcsr)
            assembler.mov(.rax, mxcsr, .dword)
            assembler.and(.rax, immediate: 0x3f, .dword)
            assembler.mov(.rcx, immediate: UInt64(UInt(bitPattern: MXCSRFlags.table)))
            assembler.movzx(.rax, .baseIndex(.rcx, .rax), from: .byte)
            assembler.or(flags, .rax)
        }
        // The old value, in rax.
        switch number {
        case 1: assembler.mov(.rax, flags)
        case 2: assembler.mov(.rax, mode)
        default:
            assembler.mov(.rax, mode)
            assembler.shl(.rax, immediate: 5)
            assembler.or(.rax, flags)
        }
        let immediateForm = i.operation == .csrrwi || i.operation == .csrrsi || i.operation == .csrrci
        let writes = i.operation == .csrrw || i.operation == .csrrwi || i.rs1 != 0
        if writes {
            // The new value, in rcx.
            if immediateForm { assembler.mov(.rcx, immediate: UInt64(i.rs1)) } else { load(i.rs1, into: .rcx) }
            switch i.operation {
            case .csrrs, .csrrsi: assembler.or(.rcx, .rax)
            case .csrrc, .csrrci:
                assembler.not(.rcx)
                assembler.and(.rcx, .rax)
            default: break
            }
            switch number {
            case 1:
                assembler.and(.rcx, immediate: 0x1f)
                assembler.mov(flags, .rcx)
            case 2:
                assembler.and(.rcx, immediate: 7)
                assembler.mov(mode, .rcx)
            default:
                assembler.mov(.rdx, .rcx)
                assembler.and(.rdx, immediate: 0x1f)
                assembler.mov(flags, .rdx)
                assembler.shr(.rcx, immediate: 5)
                assembler.and(.rcx, immediate: 7)
                assembler.mov(mode, .rcx)
            }
            if number != 1 { nearestEvenChecked = false }  // frm may have changed
            if number != 2 {
                // fflags now holds every flag: the MXCSR starts collecting afresh.
                assembler.mov(mxcsr, immediate: MXCSRFlags.guestEnvironment, .dword)
                assembler.ldmxcsr(mxcsr)
            }
        }
        store(.rax, to: i.rd)
    }
}
