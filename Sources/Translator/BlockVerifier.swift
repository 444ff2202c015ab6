// `--verify` (see ../shared/guide/PERFORMANCE.md, technique 10, "Verification built in"): every
// translated block runs first in a second interpreter on a copy of the hart state, its stores recorded and
// then taken back; the translated block runs on the real state; then registers, pc, fflags, the
// reservation, the retired count and the bytes the interpreter stored are compared. The first
// difference stops the run with a message naming the block, the register and the instruction that last
// wrote it, disassembled.
import Interpreter
import MorphCore
import RISCV

/// The reference side of `--verify`: its own hart, interpreter and store log over the same memory.
final class BlockVerifier {
    /// The copy of the state the reference runs on.
    let hart = Hart()
    /// The reference interpreter.
    let interpreter: Interpreter
    /// The reference run's stores.
    let log = StoreLog()
    /// The guest memory (shared with the translator).
    let memory: GuestMemory
    /// The reference interpreter under the fault guard, recording its stores.
    private let guarded: GuardedInterpreter
    /// Blocks verified.
    private(set) var verifiedBlocks = 0

    /// What the reference computed for one block.
    struct Expectation {
        /// The state after the interpreter ran the block.
        var state: HartState
        /// The bytes it stored, by address (the last store wins).
        var stored: [UInt64: UInt8]
    }

    /// A verifier over `configuration`'s memory.
    init(_ configuration: EngineConfiguration) {
        memory = configuration.memory
        var copy = configuration
        copy.hart = hart
        interpreter = Interpreter(copy)
        guarded = GuardedInterpreter(interpreter, memory: memory, log: log)
    }

    /// Runs `count` instructions from `state` in the reference interpreter and takes its stores back.
    /// Nil when the reference faulted in the host (the block is then not verified: the translated code
    /// meets the same fault and reports it).
    func expect(from state: HartState, count: UInt64) -> Expectation? {
        hart.state.pointee = state
        log.clear()
        let signal = guarded(limit: count).signal
        var stored: [UInt64: UInt8] = [:]
        for entry in log.entries {
            for byte in 0..<entry.size { stored[entry.address &+ UInt64(byte)] = UInt8(truncatingIfNeeded: entry.new >> (8 * UInt64(byte))) }
        }
        for entry in log.entries.reversed() {
            for byte in 0..<entry.size {
                memory.store(UInt8(truncatingIfNeeded: entry.old >> (8 * UInt64(byte))), at: entry.address &+ UInt64(byte))
            }
        }
        guard signal == 0 else { return nil }
        verifiedBlocks += 1
        return Expectation(state: hart.state.pointee, stored: stored)
    }

    /// The first difference between the translated result `state` (and memory) and `expected`, described
    /// for the block of `instructions` at `start`; nil when they agree.
    func difference(_ state: HartState, _ expected: Expectation, start: UInt64,
                    instructions: [GuestInstruction]) -> String? {
        let header = "verify: the translated block at 0x\(hex(start)) (\(instructions.count) instructions) differs "
            + "from the interpreter: "
        func lastWriter(_ register: Int, float: Bool) -> String {
            guard let writer = instructions.last(where: { Int($0.instruction.rd) == register && writesFloat($0.instruction) == float })
            else { return "not written by the block" }
            return "last written by 0x\(hex(writer.pc)): \(text(writer))"
        }
        var mine = state, theirs = expected.state
        if mine.pc != theirs.pc {
            return header + "pc is 0x\(hex(mine.pc)) translated, 0x\(hex(theirs.pc)) interpreted"
        }
        let integer = withUnsafeBytes(of: &mine.x) { Array($0.bindMemory(to: UInt64.self)) }
        let expectedInteger = withUnsafeBytes(of: &theirs.x) { Array($0.bindMemory(to: UInt64.self)) }
        for register in 1..<32 where integer[register] != expectedInteger[register] {
            return header + "x\(register) (\(RegisterNames.integer[register])) is 0x\(hex(integer[register])) translated, "
                + "0x\(hex(expectedInteger[register])) interpreted; \(lastWriter(register, float: false))"
        }
        let float = withUnsafeBytes(of: &mine.f) { Array($0.bindMemory(to: UInt64.self)) }
        let expectedFloat = withUnsafeBytes(of: &theirs.f) { Array($0.bindMemory(to: UInt64.self)) }
        for register in 0..<32 where float[register] != expectedFloat[register] {
            return header + "f\(register) is 0x\(hex(float[register])) translated, 0x\(hex(expectedFloat[register])) "
                + "interpreted; \(lastWriter(register, float: true))"
        }
        if mine.floatingPointFlags != theirs.floatingPointFlags {
            return header + "fflags is 0x\(hex(mine.floatingPointFlags)) translated, 0x\(hex(theirs.floatingPointFlags)) interpreted"
        }
        if mine.reservation != theirs.reservation {
            return header + "the LR reservation is 0x\(hex(mine.reservation)) translated, 0x\(hex(theirs.reservation)) interpreted"
        }
        if mine.instructionsRetired != theirs.instructionsRetired {
            return header + "\(mine.instructionsRetired) instructions retired translated, \(theirs.instructionsRetired) interpreted"
        }
        for (address, byte) in expected.stored.sorted(by: { $0.key < $1.key }) {
            guard let actual = memory.load(address, as: UInt8.self), actual != byte else { continue }
            return header + "the byte at 0x\(hex(address)) is 0x\(hex(UInt64(actual))) translated, 0x\(hex(UInt64(byte))) interpreted"
        }
        return nil
    }

    private func writesFloat(_ instruction: Instruction) -> Bool {
        switch instruction.operation {
        case .flw, .fld: return true
        default:
            guard TranslatorHelpers.isFloatingPointComputation(instruction.operation) else { return false }
            return !Interpreter.writesIntegerRegister[Int(instruction.operation.rawValue)]
        }
    }

    private func text(_ instruction: GuestInstruction) -> String {
        guard let word = memory.load(instruction.pc, as: UInt32.self) else { return "?" }
        let bits = instruction.instruction.length == 2 ? word & 0xffff : word
        return Disassembler.text(ofWord: bits, at: instruction.pc).split(separator: "\t").joined(separator: " ")
    }

    private func hex(_ value: UInt64) -> String { String(value, radix: 16) }
}
