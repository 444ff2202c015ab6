// Tests of the interpreter's machinery: dispatch, the pre-decoded page cache and its sentinels,
// instruction accounting, and stop reasons. Architectural edge cases are covered by the ISA programs
// (Tests/Guest/isa) and the official riscv-tests; these check what those cannot see.
import Testing
import Interpreter
import MorphCore
import RISCV

/// A small machine: 64 KiB of RAM at 0x1000_0000, programs assembled with the Encoder.
final class TestMachine {
    static let base: UInt64 = 0x1000_0000
    let hart = Hart()
    let memory: GuestMemory
    let interpreter: Interpreter

    init(mode: ExecutionMode = .user) throws {
        memory = try GuestMemory(guestBase: TestMachine.base, size: 64 << 10, accessible: true)
        interpreter = Interpreter(hart: hart, memory: memory, mode: mode)
        hart.pc = TestMachine.base
    }

    /// Writes `program` at `address` (compressed instructions take 2 bytes).
    func load(_ program: [Instruction], at address: UInt64 = TestMachine.base) throws {
        var cursor = address
        for instruction in program {
            let word = try Encoder.encode(instruction)
            if instruction.compressed == .none {
                memory.store(word, at: cursor)
                cursor += 4
            } else {
                memory.store(UInt16(truncatingIfNeeded: word), at: cursor)
                cursor += 2
            }
        }
    }
}

@Suite struct InterpreterTests {
    @Test func executesStraightLineCodeAndStopsAtEcall() throws {
        let machine = try TestMachine()
        try machine.load([
            Instruction(.addi, rd: 10, rs1: 0, immediate: 40),
            Instruction(.addi, rd: 11, rs1: 0, immediate: 2),
            Instruction(.add, rd: 10, rs1: 10, rs2: 11),
            Instruction(.ecall),
        ])
        let reason = machine.interpreter.run(limit: 100)
        #expect(reason == .environmentCall)
        #expect(machine.hart[x: 10] == 42)
        #expect(machine.hart.pc == TestMachine.base + 12)
        #expect(machine.interpreter.executedInstructions == 3)  // The ecall has not retired.
    }

    @Test func writesToX0AreDiscarded() throws {
        let machine = try TestMachine()
        try machine.load([
            Instruction(.addi, rd: 0, rs1: 0, immediate: 5),
            Instruction(.add, rd: 10, rs1: 0, rs2: 0),
            Instruction(.jal, rd: 0, immediate: 4),  // jal x0 links nowhere
            Instruction(.lui, rd: 0, immediate: 0x1000),
            Instruction(.addi, rd: 11, rs1: 0, immediate: 0),
            Instruction(.ecall),
        ])
        #expect(machine.interpreter.run(limit: 100) == .environmentCall)
        #expect(machine.hart[x: 10] == 0)
        #expect(machine.hart[x: 0] == 0)
        #expect(machine.hart.integerRegisters[0] == 0)  // The architectural slot itself stays zero.
    }

    @Test func instructionLimitIsExact() throws {
        let machine = try TestMachine()
        // A loop: addi a0, a0, 1 ; jal x0, -4
        try machine.load([Instruction(.addi, rd: 10, rs1: 10, immediate: 1), Instruction(.jal, rd: 0, immediate: -4)])
        #expect(machine.interpreter.run(limit: 1001) == .instructionLimit)
        #expect(machine.hart[x: 10] == 501)
        #expect(machine.hart.pc == TestMachine.base + 4)
        #expect(machine.interpreter.run(limit: 1) == .instructionLimit)
        #expect(machine.hart.pc == TestMachine.base)
        #expect(machine.hart.state.pointee.instructionsRetired == 1002)
    }

    @Test func fallsThroughIntoTheNextPageAndAcrossAPageBoundary() throws {
        let machine = try TestMachine()
        // A compressed instruction in the last halfword of a page, then a 4-byte instruction that
        // straddles the next page boundary, then code in the following page.
        let start = TestMachine.base + 0x1000 - 2
        try machine.load([Instruction(.addi, rd: 10, rs1: 10, immediate: 1, compressed: .cAddi)], at: start)
        try machine.load([Instruction(.addi, rd: 10, rs1: 10, immediate: 2)], at: start + 2)
        try machine.load([Instruction(.addi, rd: 10, rs1: 10, immediate: 4),
                          Instruction(.addi, rd: 10, rs1: 10, immediate: 8),
                          Instruction(.ecall)], at: TestMachine.base + 0x1000 + 4)
        // Shift the straddling case: put a 4-byte instruction at 0x1ffe so it crosses into page 2.
        try machine.load([Instruction(.addi, rd: 11, rs1: 11, immediate: 16),
                          Instruction(.ecall)], at: TestMachine.base + 0x2000 - 2)
        machine.hart.pc = start
        #expect(machine.interpreter.run(limit: 100) == .environmentCall)
        #expect(machine.hart[x: 10] == 15)
        machine.hart.pc = TestMachine.base + 0x2000 - 2
        #expect(machine.interpreter.run(limit: 100) == .environmentCall)
        #expect(machine.hart[x: 11] == 16)
        #expect(machine.hart.pc == TestMachine.base + 0x2000 + 2)
    }

    @Test func fenceIMakesStoredInstructionsVisible() throws {
        let machine = try TestMachine()
        let patched = try Encoder.encode(Instruction(.addi, rd: 10, rs1: 0, immediate: 99))
        // Run the old instruction once, patch it, fence.i, and run it again.
        try machine.load([
            Instruction(.addi, rd: 10, rs1: 0, immediate: 1),  // +0: the instruction to patch
            Instruction(.ecall),                                // +4
        ])
        #expect(machine.interpreter.run(limit: 10) == .environmentCall)
        #expect(machine.hart[x: 10] == 1)
        // The program stores the new word over +0 and executes fence.i, then jumps back.
        try machine.load([
            Instruction(.lui, rd: 5, immediate: Int32(bitPattern: UInt32(TestMachine.base))),
            Instruction(.sw, rs1: 5, rs2: 6),
            Instruction(.fenceI),
            Instruction(.jalr, rd: 0, rs1: 5, immediate: 0),
        ], at: TestMachine.base + 0x100)
        machine.hart[x: 6] = UInt64(patched)
        machine.hart.pc = TestMachine.base + 0x100
        let invalidationsBefore = machine.interpreter.invalidations
        #expect(machine.interpreter.run(limit: 10) == .environmentCall)
        #expect(machine.hart[x: 10] == 99)
        #expect(machine.interpreter.invalidations == invalidationsBefore + 1)
    }

    @Test func reportsFaultsWithTheirAddress() throws {
        let machine = try TestMachine()
        try machine.load([
            Instruction(.ld, rd: 10, rs1: 5, immediate: 0),
        ])
        machine.hart[x: 5] = 0xdead_0000
        #expect(machine.interpreter.run(limit: 10) == .exception(.loadAccessFault, value: 0xdead_0000))
        #expect(machine.hart.pc == TestMachine.base)
        #expect(machine.interpreter.executedInstructions == 0)
        // A load that straddles the end of the window faults too, and tval names "the portion of the
        // access that caused the fault" (Volume II, 3.1.16): the first byte past the window.
        machine.hart[x: 5] = TestMachine.base + (64 << 10) - 4
        #expect(machine.interpreter.run(limit: 10) == .exception(.loadAccessFault, value: TestMachine.base + (64 << 10)))
        // A jump out of the window is an instruction access fault at the target. (New code needs a
        // decode-cache invalidation, as fence.i would do.)
        try machine.load([Instruction(.jalr, rd: 0, rs1: 5, immediate: 0)])
        machine.interpreter.invalidateAllCode()
        machine.hart[x: 5] = 0x40
        #expect(machine.interpreter.run(limit: 10) == .exception(.instructionAccessFault, value: 0x40))
        #expect(machine.hart.pc == 0x40)
    }

    @Test func illegalInstructionsReportTheirBits() throws {
        let machine = try TestMachine()
        machine.memory.store(UInt32(0xffff_ffff), at: TestMachine.base)
        #expect(machine.interpreter.run(limit: 10) == .exception(.illegalInstruction, value: 0xffff_ffff))
        machine.memory.store(UInt16(0), at: TestMachine.base)  // c.addi4spn with imm 0 is reserved
        machine.interpreter.invalidateAllCode()
        #expect(machine.interpreter.run(limit: 10) == .exception(.illegalInstruction, value: 0))
    }

    @Test func reservedRoundingModeIsIllegal() throws {
        let machine = try TestMachine()
        // fadd.d with rm = 5 is reserved; with rm = 7 (dynamic) and frm = 5 too.
        try machine.load([Instruction(.faddD, rd: 1, rs1: 2, rs2: 3, roundingMode: 5)])
        let bits = UInt64(try Encoder.encode(Instruction(.faddD, rd: 1, rs1: 2, rs2: 3, roundingMode: 5)))
        #expect(machine.interpreter.run(limit: 10) == .exception(.illegalInstruction, value: bits))
        try machine.load([Instruction(.faddD, rd: 1, rs1: 2, rs2: 3, roundingMode: 7)], at: TestMachine.base + 0x100)
        machine.hart.pc = TestMachine.base + 0x100
        machine.hart.state.pointee.floatingPointRoundingMode = 5
        #expect(machine.interpreter.run(limit: 10).isIllegalInstruction)
        machine.hart.state.pointee.floatingPointRoundingMode = 0
        #expect(machine.interpreter.run(limit: 1) == .instructionLimit)
    }

    @Test func userModeHandlesFloatingPointCSRsAndLeavesOthersToTheEnvironment() throws {
        let machine = try TestMachine(mode: .user)
        try machine.load([
            Instruction(.csrrwi, rd: 0, rs1: 0b101, immediate: 0x001),  // fflags = NV|OF
            Instruction(.csrrs, rd: 10, rs1: 0, immediate: 0x003),      // a0 = fcsr
            Instruction(.csrrs, rd: 11, rs1: 0, immediate: 0xc02),      // a1 = instret
            Instruction(.csrrs, rd: 12, rs1: 0, immediate: 0x300),      // mstatus: not user mode's
        ])
        let reason = machine.interpreter.run(limit: 10)
        #expect(reason == .systemInstruction(Instruction(.csrrs, rd: 12, rs1: 0, immediate: 0x300)))
        #expect(machine.hart[x: 10] == 0b101)
        #expect(machine.hart[x: 11] == 2)
        #expect(machine.hart.pc == TestMachine.base + 12)
        // Writing a read-only counter is illegal.
        try machine.load([Instruction(.csrrw, rd: 0, rs1: 10, immediate: 0xc00)], at: TestMachine.base + 0x200)
        machine.hart.pc = TestMachine.base + 0x200
        #expect(machine.interpreter.run(limit: 10).isIllegalInstruction)
    }
}

extension StopReason {
    var isIllegalInstruction: Bool {
        if case .exception(.illegalInstruction, _) = self { return true }
        return false
    }
}

@Suite struct GuestMemoryTests {
    @Test func windowChecksHoldForAnyLength() throws {
        let memory = try GuestMemory(guestBase: 0x1000_0000, size: 0x1_0000, accessible: true)
        #expect(memory.offset(of: 0x1000_0000, length: 0x1_0000) == 0)
        #expect(memory.offset(of: 0x1000_0001, length: 0x1_0000) == nil)
        #expect(memory.offset(of: 0x1000_0000, length: 0x1_0001) == nil)
        #expect(memory.offset(of: 0x1000_0000, length: UInt64.max) == nil)
        #expect(memory.offset(of: 0x0fff_ffff, length: 2) == nil)
        #expect(memory.offset(of: 0x1000_fff8, length: 8) == 0xfff8)
        #expect(memory.read(0x1000_0000, length: 0x2_0000) == nil)
        #expect(!memory.store(UInt64(1), at: 0x1000_fffc))
    }
}
