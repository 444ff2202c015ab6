// RV64A translated to x86-64 (The RISC-V Instruction Set Manual, Volume I, chapter 8 "A Standard
// Extension for Atomic Instructions"), mirroring Interpreter/RV64A.swift: AMOs as host atomic
// instructions (xchg, lock xadd, lock cmpxchg loops), so they stay atomic once guest threads run on
// host threads; LR/SC through the hart's reservation, as the interpreter keeps it.
import MorphCore
import RISCV
import X86

extension BlockEmitter {
    /// Whether the atomic `instruction` is translated (AMO min/max need rs2 in a host register: the
    /// compare-and-swap loop has no scratch register left for it).
    static func translatesAtomic(_ instruction: Instruction) -> Bool {
        switch instruction.operation {
        case .amominW, .amomaxW, .amominuW, .amomaxuW, .amominD, .amomaxD, .amominuD, .amomaxuD:
            instruction.rs2 != 0 && GuestRegisterMap.hostRegister[Int(instruction.rs2)] != nil
        default:
            true
        }
    }

    /// The address of an atomic access in rax (as a window offset), after the alignment check the A
    /// extension requires (a misaligned LR raises a load exception, SC and AMOs a store/AMO exception,
    /// before any access check), then the window check.
    private mutating func atomicAddress(_ i: Instruction, size: Int, load: Bool) {
        computeAddress(base: i.rs1, offset: 0)
        let misaligned = assembler.newLabel()
        assembler.test(.rax, immediate: Int32(size - 1))
        assembler.jcc(.notEqual, misaligned)
        let faultIndex = index
        cold(misaligned) { emitter in
            let saved = emitter.index
            emitter.index = faultIndex
            emitter.raise(load ? .loadAddressMisaligned : .storeAddressMisaligned, valueRegister: .rax)
            emitter.index = saved
        }
        checkWindow(store: !load)
    }

    /// Writes the old value in `register` (sign-extended for words) to rd.
    private mutating func storeOld(_ register: Register, word: Bool, _ i: Instruction) {
        guard i.rd != 0 else { return }
        if word { assembler.movsx(register, register, from: .dword) }
        store(register, to: i.rd)
    }

    /// LR, SC and the AMOs.
    mutating func atomic(_ i: Instruction) {
        let word: Bool = switch i.operation {
        case .lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW,
             .amomaxuW: true
        default: false
        }
        let size: OperandSize = word ? .dword : .qword
        let reservation = GuestRegisterMap.field(HartState.reservationOffset)
        switch i.operation {
        case .lrW, .lrD:
            atomicAddress(i, size: word ? 4 : 8, load: true)
            markFaultSite()
            if word { assembler.movsx(.rcx, access, from: .dword) } else { assembler.mov(.rcx, access) }
            // The reservation holds the guest address and the value loaded.
            if environment.windowBase != 0 { assembler.add(.rax, GuestRegisterMap.scratch(.windowBase)) }
            assembler.mov(reservation, .rax)
            assembler.mov(GuestRegisterMap.field(HartState.reservationValueOffset), .rcx)
            store(.rcx, to: i.rd)
        case .scW, .scD:
            // rs2 in a register other than rax (the comparand) and rcx (the address).
            let value: Register = i.rs2 == 0 ? .rdx : register(i.rs2, scratch: .rdx)
            if i.rs2 == 0 { assembler.xor(.rdx, .rdx, .dword) }
            atomicAddress(i, size: word ? 4 : 8, load: false)
            let failed = assembler.newLabel(), done = assembler.newLabel()
            // "Regardless of success or failure, executing an SC instruction invalidates any reservation
            // held by this hart."
            assembler.mov(.rcx, reservation)
            assembler.mov(reservation, immediate: -1)
            if environment.windowBase != 0 { assembler.sub(.rcx, GuestRegisterMap.scratch(.windowBase)) }
            assembler.cmp(.rcx, .rax)
            assembler.jcc(.notEqual, failed)
            // Succeeds only if memory still holds what lr loaded: a store by another thread since then
            // (other than one of the same value) makes it fail, as the reservation's loss would.
            assembler.mov(.rax, GuestRegisterMap.field(HartState.reservationValueOffset))
            markFaultSite()
            assembler.lockCmpxchg(.baseIndex(GuestRegisterMap.memory, .rcx), value, size)
            assembler.jcc(.notEqual, failed)
            assembler.mov(.rcx, immediate: 0)
            assembler.jmp(done)
            assembler.bind(failed)
            assembler.mov(.rcx, immediate: 1)
            assembler.bind(done)
            store(.rcx, to: i.rd)
        case .amoswapW, .amoswapD, .amoaddW, .amoaddD:
            load(i.rs2, into: .rdx)
            atomicAddress(i, size: word ? 4 : 8, load: false)
            markFaultSite()
            if i.operation == .amoswapW || i.operation == .amoswapD {
                assembler.xchg(access, .rdx, size)
            } else {
                assembler.lockXadd(access, .rdx, size)
            }
            storeOld(.rdx, word: word, i)
        default:
            compareAndSwapLoop(i, word: word)
        }
    }

    /// The AMOs without a single x86 instruction: old = [address]; new = old op rs2; lock cmpxchg until
    /// no other writer came between.
    private mutating func compareAndSwapLoop(_ i: Instruction, word: Bool) {
        let size: OperandSize = word ? .dword : .qword
        atomicAddress(i, size: word ? 4 : 8, load: false)
        assembler.mov(.rcx, .rax)
        let memory = MemoryOperand.baseIndex(GuestRegisterMap.memory, .rcx)
        markFaultSite()
        assembler.mov(.rax, memory, size)
        let retry = assembler.newLabel()
        assembler.bind(retry)
        assembler.mov(.rdx, .rax)
        let operand = source(i.rs2)
        switch i.operation {
        case .amoxorW, .amoxorD: apply(.xor, .rdx, operand, size)
        case .amoandW, .amoandD: apply(.and, .rdx, operand, size)
        case .amoorW, .amoorD: apply(.or, .rdx, operand, size)
        default:
            guard case .register(let value) = operand else { preconditionFailure("AMO min/max needs rs2 pinned") }
            assembler.cmp(.rax, value, size)
            // new = old when old is already the minimum (maximum), else rs2.
            let keepValue: Condition = switch i.operation {
            case .amominW, .amominD: .greaterOrEqual
            case .amomaxW, .amomaxD: .lessOrEqual
            case .amominuW, .amominuD: .aboveOrEqual
            default: .belowOrEqual
            }
            assembler.cmov(keepValue, .rdx, value, .qword)
        }
        markFaultSite()
        assembler.lockCmpxchg(memory, .rdx, size)
        assembler.jcc(.notEqual, retry)
        storeOld(.rax, word: word, i)
    }
}
