// The `--verify` machinery (Translator/BlockVerifier.swift): the reference run takes its stores back, and
// a difference is reported with the register, both values and the instruction that last wrote it.
import Interpreter
import MorphCore
import RISCV
@testable import Translator
import Testing

@Suite struct VerifierTests {
    /// 64 KiB of RAM at 0x1000_0000 holding `program`, and a verifier over it.
    private func machine(_ program: [Instruction]) throws -> (GuestMemory, BlockVerifier, [GuestInstruction]) {
        let memory = try GuestMemory(guestBase: 0x1000_0000, size: 64 << 10, accessible: true)
        var address: UInt64 = 0x1000_0000
        var decoded: [GuestInstruction] = []
        for instruction in program {
            memory.store(try Encoder.encode(instruction), at: address)
            decoded.append(GuestInstruction(pc: address, instruction: instruction))
            address += 4
        }
        let verifier = BlockVerifier(EngineConfiguration(hart: Hart(), memory: memory, mode: .user))
        return (memory, verifier, decoded)
    }

    private func state(pc: UInt64, a0: UInt64, sp: UInt64 = 0x1000_8000) -> HartState {
        var state = HartState()
        state.pc = pc
        withUnsafeMutableBytes(of: &state.x) { raw in
            let x = raw.bindMemory(to: UInt64.self)
            x[10] = a0
            x[2] = sp
        }
        return state
    }

    @Test("the reference run computes the block and takes its stores back")
    func referenceRunUndoesItsStores() throws {
        let (memory, verifier, _) = try machine([
            Instruction(.addi, rd: 10, rs1: 10, immediate: 1),
            Instruction(.sd, rs1: 2, rs2: 10, immediate: 8),
        ])
        memory.store(UInt64(0x1122_3344), at: 0x1000_8008)
        let expectation = try #require(verifier.expect(from: state(pc: 0x1000_0000, a0: 41), count: 2))
        #expect(expectation.state.pc == 0x1000_0008)
        #expect(memory.load(0x1000_8008, as: UInt64.self) == 0x1122_3344)  // taken back
        #expect(expectation.stored[0x1000_8008] == 42)
        #expect(expectation.stored[0x1000_800f] == 0)
    }

    @Test("agreement is no difference; a register difference names the register and its last writer")
    func registerDifference() throws {
        let (_, verifier, instructions) = try machine([
            Instruction(.addi, rd: 10, rs1: 10, immediate: 1),
            Instruction(.add, rd: 11, rs1: 10, rs2: 10),
        ])
        let expectation = try #require(verifier.expect(from: state(pc: 0x1000_0000, a0: 5), count: 2))
        #expect(verifier.difference(expectation.state, expectation, start: 0x1000_0000, instructions: instructions) == nil)
        var wrong = expectation.state
        withUnsafeMutableBytes(of: &wrong.x) { $0.bindMemory(to: UInt64.self)[10] = 7 }
        let message = try #require(verifier.difference(wrong, expectation, start: 0x1000_0000,
                                                       instructions: instructions))
        #expect(message.contains("block at 0x10000000 (2 instructions)"))
        #expect(message.contains("x10 (a0) is 0x7 translated, 0x6 interpreted"))
        #expect(message.contains("last written by 0x10000000: addi a0,a0,1"))
    }

    @Test("a stored byte the translated block got wrong is named by its address")
    func memoryDifference() throws {
        let (memory, verifier, instructions) = try machine([Instruction(.sb, rs1: 2, rs2: 10, immediate: 3)])
        let expectation = try #require(verifier.expect(from: state(pc: 0x1000_0000, a0: 9), count: 1))
        memory.store(UInt8(8), at: 0x1000_8003)
        let message = try #require(verifier.difference(expectation.state, expectation, start: 0x1000_0000,
                                                       instructions: instructions))
        #expect(message.contains("the byte at 0x10008003 is 0x8 translated, 0x9 interpreted"))
    }
}
