// Regression tests of the differential tests: fixed programs, each a minimal form of a disagreement
// between the interpreter and the translator that a random program once showed (the seed is named), so
// that it stays fixed whatever the generator draws in the future.
import Interpreter
import MorphCore
import RISCV
import Testing

extension InitialState {
    /// A plain state: registers zero except the base registers (at the data area's centre) and a0..a2,
    /// f registers 1.0, 2.5 and -0.0, frm `frm`, a zeroed data area.
    static func plain(frm: UInt64 = 0) -> InitialState {
        var x = [UInt64](repeating: 0, count: 32)
        for register in Layout.baseRegisters { x[Int(register)] = Layout.dataCentre }
        x[10] = 1
        x[11] = 0xffff_ffff_8000_0000
        x[12] = UInt64.max
        var f = [UInt64](repeating: 0x3ff0_0000_0000_0000, count: 32)
        f[2] = 0x4004_0000_0000_0000
        f[3] = 0x8000_0000_0000_0000
        return InitialState(x: x, f: f, frm: frm,
                            data: [UInt8](repeating: 0, count: Int(Layout.ramBase + Layout.ramSize - Layout.dataStart)))
    }
}

/// Fixed programs from past disagreements.
@Suite struct RegressionTests {
    /// Runs `instructions` (an `ecall` is appended) from `state` on both engines, completely and with each
    /// budget in `budgets`, and records the first disagreement.
    func expectAgreement(_ instructions: [Instruction], state: InitialState = .plain(), budgets: [UInt64] = [1, 2, 3],
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        let differential = try DifferentialCase(instructions: instructions + [Instruction(.ecall)], state: state)
        if let report = try differential.compare() {
            Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
            return
        }
        for budget in budgets {
            if let report = try differential.compare(budget: budget) {
                Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
                return
            }
        }
    }

    /// Seed 9015 (group csr): `csrrw s7, frm, s4` wrote the reserved frm 5, and the next instruction,
    /// `fmadd.d` with dynamic rounding, trapped. The translator reports 7 retired instructions (right: the
    /// trapping instruction does not retire); the interpreter 8. The interpreter's F/D cases (reserved
    /// rounding mode, FS off) stop with an illegal-instruction exception without giving back the budget
    /// unit they took, while its final adjustment leaves illegal-instruction stops to the case itself.
    /// Fixed in the interpreter; both engines must now agree.
    @Test("an F/D instruction with a reserved rounding mode does not retire")
    func reservedRoundingModeDoesNotRetire() throws {
        let program = [Instruction(.addi, rd: 10, rs1: 10, immediate: 1),
                       Instruction(.faddD, rd: 1, rs1: 2, rs2: 3, roundingMode: 7)]
        try expectAgreement(program, state: .plain(frm: 5))
        // The architectural answer, checked on the translator alone: one instruction retired.
        let differential = try DifferentialCase(instructions: program + [Instruction(.ecall)], state: .plain(frm: 5))
        let (_, translated) = try differential.run(limits: [100])[0]
        #expect(translated.reason == .exception(.illegalInstruction, value: UInt64(try Encoder.encode(program[1]))))
        #expect(translated.instructionsRetired == 1)
        #expect(translated.pc == Layout.ramBase + 4)
    }

    /// Seed 60110 (group memory, found by the campaign): block-local register allocation lent a0's host
    /// register to a busier register; `lbu a0` brought a0 home without loading it (it only writes a0) and
    /// then faulted, so the exit stored the borrower's value as a0. A pinned register now always comes
    /// home with its value. The minimal form: t0 takes a0's place (a0 being the only pinned register used
    /// at most once more), then a faulting load into a0.
    @Test("a pinned register brought home for a faulting load keeps its value")
    func pinnedRegisterComesHomeWithItsValue() throws {
        var program = [Instruction(.lui, rd: 4, immediate: Int32(bitPattern: 0x8000_0000))]  // tp: outside RAM
        program += Array(repeating: Instruction(.addi, rd: 5, rs1: 5, immediate: 1), count: 4)
        for pinned: UInt8 in [1, 2, 8, 11, 12, 13, 14, 15] {
            program += Array(repeating: Instruction(.add, rd: pinned, rs1: pinned, rs2: pinned), count: 2)
        }
        program.append(Instruction(.lbu, rd: 10, rs1: 4, immediate: 0))
        try expectAgreement(program)
        let differential = try DifferentialCase(instructions: program + [Instruction(.ecall)], state: .plain())
        let (_, translated) = try differential.run(limits: [100])[0]
        #expect(translated.x[10] == 1, "a0 keeps its value when the load faults")
    }
}
