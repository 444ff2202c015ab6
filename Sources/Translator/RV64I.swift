// RV64I translated to x86-64 (The RISC-V Instruction Set Manual, Volume I, chapter 2 "RV32I Base
// Integer Instruction Set" and chapter 4 "RV64I"): one emitter per instruction group, mirroring
// Interpreter/RV64I.swift.
import MorphCore
import RISCV
import X86

extension BlockEmitter {
    /// `op dest, source` for a source that is a register, a hart-state slot or zero.
    mutating func apply(_ operation: ArithmeticOperation, _ dest: Register, _ source: Source, _ size: OperandSize) {
        switch source {
        case .register(let register): assembler.arithmetic(operation, dest, register, size)
        case .memory(let memory): assembler.arithmetic(operation, dest, memory, size)
        case .zero: assembler.arithmetic(operation, dest, immediate: 0, size)
        }
    }

    /// `op dest, immediate`.
    mutating func apply(_ operation: ArithmeticOperation, _ dest: Register, immediate: Int32, _ size: OperandSize) {
        assembler.arithmetic(operation, dest, immediate: immediate, size)
    }

    /// rd = rs1 op rs2 (`word`: on the low 32 bits, result sign-extended).
    mutating func registerOperation(_ operation: ArithmeticOperation, _ i: Instruction, word: Bool = false) {
        guard i.rd != 0 else { return }
        // Moves: `c.mv` is add rd, x0, rs2; x op x0 is x for add, sub, or, xor.
        if !word, operation != .and, i.rs2 == 0 || (i.rs1 == 0 && operation != .sub) {
            let value = i.rs2 == 0 ? i.rs1 : i.rs2
            if let host = pinned(i.rd) {
                load(value, into: host)
            } else {
                store(register(value, scratch: .rax), to: i.rd)
            }
            return
        }
        if !word, i.rd == i.rs1, pinned(i.rd) == nil {
            // rd op= rs2 with rd in the hart state: one read-modify-write of its slot.
            let value = registerFirst(i.rs2, scratch: .rax)
            updateSlot(operation, i.rd, value)
            return
        }
        var dest = destination(i.rd)
        // Computing into rs2's register would destroy rs2 before it is used.
        if case .register(let second) = source(i.rs2), second == dest, i.rd != i.rs1 { dest = .rax }
        loadFirst(i.rs1, into: dest)
        apply(operation, dest, source(i.rs2), word ? .dword : .qword)
        if word { assembler.movsx(dest, dest, from: .dword) }
        store(dest, to: i.rd)
    }

    /// `op [slot of rd], value` (rd lives in the hart state).
    private mutating func updateSlot(_ operation: ArithmeticOperation, _ rd: UInt8, _ value: Register) {
        let slot = GuestRegisterMap.slot(Int(rd))
        switch operation {
        case .add: assembler.add(slot, value)
        case .sub: assembler.sub(slot, value)
        case .and: assembler.and(slot, value)
        case .or: assembler.or(slot, value)
        case .xor: assembler.xor(slot, value)
        default: preconditionFailure("no read-modify-write for \(operation)")
        }
    }

    /// `op [slot of rd], immediate` (rd lives in the hart state).
    private mutating func updateSlot(_ operation: ArithmeticOperation, _ rd: UInt8, immediate: Int32) {
        let slot = GuestRegisterMap.slot(Int(rd))
        switch operation {
        case .add: assembler.add(slot, immediate: immediate)
        case .and: assembler.and(slot, immediate: immediate)
        case .or: assembler.or(slot, immediate: immediate)
        case .xor: assembler.xor(slot, immediate: immediate)
        default: preconditionFailure("no read-modify-write for \(operation)")
        }
    }

    /// rd = rs1 op immediate (`word`: on the low 32 bits, result sign-extended).
    mutating func immediateOperation(_ operation: ArithmeticOperation, _ i: Instruction, word: Bool = false) {
        guard i.rd != 0 else { return }
        if !word, i.rd == i.rs1, pinned(i.rd) == nil {
            if i.immediate != 0 || operation == .and { updateSlot(operation, i.rd, immediate: i.immediate) }
            return
        }
        let dest = destination(i.rd)
        if operation == .add, !word, let base = pinned(i.rs1), dest != base {
            assembler.lea(dest, .base(base, i.immediate))
        } else if i.rs1 == 0, !word {
            // li: the constant itself.
            let value: Int64 = operation == .and ? 0 : Int64(i.immediate)  // add, or, xor with x0
            assembler.mov(dest, immediate: UInt64(bitPattern: value))
        } else {
            loadFirst(i.rs1, into: dest)
            if i.immediate != 0 || operation == .and {
                apply(operation, dest, immediate: i.immediate, word ? .dword : .qword)
            }
            if word { assembler.movsx(dest, dest, from: .dword) }
        }
        store(dest, to: i.rd)
    }

    /// rd = rs1 shifted by the immediate amount.
    mutating func shiftImmediate(_ operation: Operation, _ i: Instruction) {
        guard i.rd != 0 else { return }
        let dest = destination(i.rd)
        loadFirst(i.rs1, into: dest)
        let amount = UInt8(i.immediate & 63)
        switch operation {
        case .slli: assembler.shl(dest, immediate: amount)
        case .srli: assembler.shr(dest, immediate: amount)
        case .srai: assembler.sar(dest, immediate: amount)
        case .slliw: assembler.shl(dest, immediate: amount & 31, .dword)
        case .srliw: assembler.shr(dest, immediate: amount & 31, .dword)
        case .sraiw: assembler.sar(dest, immediate: amount & 31, .dword)
        default: preconditionFailure("not a shift")
        }
        if operation == .slliw || operation == .srliw || operation == .sraiw {
            assembler.movsx(dest, dest, from: .dword)
        }
        store(dest, to: i.rd)
    }

    /// rd = rs1 shifted by rs2 (x86 masks the count in cl as RISC-V masks rs2: 6 bits, 5 for words).
    mutating func shiftRegister(_ operation: Operation, _ i: Instruction) {
        guard i.rd != 0 else { return }
        load(i.rs2, into: .rcx)
        let dest = destination(i.rd)
        load(i.rs1, into: dest)
        switch operation {
        case .sll: assembler.shlCL(dest)
        case .srl: assembler.shrCL(dest)
        case .sra: assembler.sarCL(dest)
        case .sllw: assembler.shlCL(dest, .dword)
        case .srlw: assembler.shrCL(dest, .dword)
        case .sraw: assembler.sarCL(dest, .dword)
        default: preconditionFailure("not a shift")
        }
        if operation == .sllw || operation == .srlw || operation == .sraw { assembler.movsx(dest, dest, from: .dword) }
        store(dest, to: i.rd)
    }

    /// rd = (rs1 < rs2 or immediate) ? 1 : 0, signed or unsigned.
    mutating func setLessThan(_ i: Instruction, immediate: Bool, signed: Bool) {
        guard i.rd != 0 else { return }
        let first = register(i.rs1, scratch: .rcx)
        if immediate {
            assembler.cmp(first, immediate: i.immediate)
        } else {
            switch source(i.rs2) {
            case .register(let register): assembler.cmp(first, register)
            case .memory(let memory): assembler.cmp(first, memory)
            case .zero: assembler.cmp(first, immediate: 0)
            }
        }
        assembler.setcc(signed ? .less : .below, .rax)
        assembler.movzx(.rax, .rax, from: .byte)
        store(.rax, to: i.rd)
    }

    /// Compares rs1 with rs2 for a branch (flags set as `cmp rs1, rs2`).
    mutating func compare(_ i: Instruction) {
        // rs1 is loaded into rcx, not rax, so that rax can still stand in for rs2.
        let first = registerFirst(i.rs1, scratch: .rcx)
        let second: Source = i.rs2 != 0 && forwardedInRAX == i.rs2 ? .register(.rax) : source(i.rs2)
        switch second {
        case .register(let register): assembler.cmp(first, register)
        case .memory(let memory): assembler.cmp(first, memory)
        case .zero: assembler.test(first, first)
        }
    }

    /// A conditional branch: a taken exit and a fall-through exit, both chained once linked.
    mutating func branch(_ i: Instruction, _ condition: Condition) {
        compare(i)
        exitTo(pc &+ UInt64(bitPattern: Int64(i.immediate)), if: condition)
        exitTo(pc &+ UInt64(i.length))
    }

    /// Loads: sign or zero extension by width, straight into rd's register when it is pinned.
    mutating func load(_ operation: Operation, _ i: Instruction) {
        guestAddress(base: i.rs1, offset: i.immediate, store: false)
        let dest = i.rd == 0 ? Register.rcx : destination(i.rd)
        markFaultSite()
        switch operation {
        case .lb: assembler.movsx(dest, access, from: .byte)
        case .lbu: assembler.movzx(dest, access, from: .byte)
        case .lh: assembler.movsx(dest, access, from: .word)
        case .lhu: assembler.movzx(dest, access, from: .word)
        case .lw: assembler.movsx(dest, access, from: .dword)
        case .lwu: assembler.mov(dest, access, .dword)
        case .ld: assembler.mov(dest, access)
        default: preconditionFailure("not a load")
        }
        store(dest, to: i.rd)
    }

    /// Stores of 1, 2, 4 or 8 bytes of rs2.
    mutating func store(_ operation: Operation, _ i: Instruction) {
        let size: OperandSize = switch operation {
        case .sb: .byte
        case .sh: .word
        case .sw: .dword
        default: .qword
        }
        let value: Register? = i.rs2 == 0 ? nil : register(i.rs2, scratch: .rdx)
        guestAddress(base: i.rs1, offset: i.immediate, store: true)
        markFaultSite()
        if let value {
            assembler.mov(access, value, size)
        } else {
            assembler.mov(access, immediate: 0, size)
        }
    }

    /// fence: mfence where x86's order needs it (HostMemoryOrder.needsHostFence).
    mutating func fence(_ i: Instruction) {
        if HostMemoryOrder.needsHostFence(i) { assembler.mfence() }
    }

    /// jal: rd = return address; a direct exit to the target.
    mutating func jumpAndLink(_ i: Instruction) {
        let returnPC = pc &+ UInt64(i.length), target = pc &+ UInt64(bitPattern: Int64(i.immediate))
        // A jump the block followed (DynamicTranslator.decodeBlock): the block goes on at the target.
        if i.rd == 0, index + 1 < count, instructions[index + 1].pc == target { return }
        store(constant: returnPC, to: i.rd)
        if i.rd == BlockEmitter.returnAddressRegister {
            pushReturnFrame(returning: returnPC) { $0.exitTo(target) }
        } else {
            exitTo(target)
        }
    }

    /// jalr: target = (rs1 + immediate) & ~1 (read before rd is written), then the lookup table.
    mutating func jumpAndLinkRegister(_ i: Instruction) {
        load(i.rs1, into: .rax)
        if i.immediate != 0 { assembler.add(.rax, immediate: i.immediate) }
        assembler.and(.rax, immediate: -2)
        if i.rd != 0 {
            assembler.mov(.rcx, immediate: pc &+ UInt64(i.length))
            store(.rcx, to: i.rd)
        }
        // The return-address hints of the manual's jalr table: rd = ra pushes, rd = x0 with rs1 = ra pops.
        if i.rd == BlockEmitter.returnAddressRegister {
            pushReturnFrame(returning: pc &+ UInt64(i.length)) { $0.exitIndirect() }
        } else if i.rd == 0, i.rs1 == BlockEmitter.returnAddressRegister {
            returnThroughFrame()
        } else {
            exitIndirect()
        }
    }
}
