// The machinery of the differential tests: one machine per engine (64 KiB of RAM at 0x1000_0000 in user
// mode, as in InterpreterTests' TestMachine), the architectural state both engines must agree on after a
// run (stop reason, pc, x and f registers bit for bit, fflags, frm, instret, the engine's retired count
// and every byte of RAM), and the report that makes a disagreement actionable: seed, group, the first
// instruction count at which the engines part, the first differing item and the program's disassembly.
import Interpreter
import MorphCore
import RISCV
import Translator

/// Which engine a machine runs.
enum DifferentialEngine: String, Sendable {
    /// The reference interpreter.
    case interpreter
    /// The dynamic binary translator.
    case translator
}

/// One machine: hart, RAM and an engine, loaded with a program and an initial state.
final class DifferentialMachine {
    /// The hart.
    let hart = Hart()
    /// The RAM.
    let memory: GuestMemory
    /// The engine under test.
    let engine: any ExecutionEngine

    /// A machine running `engine`, loaded with `program` and `state`.
    init(_ engine: DifferentialEngine, program: [UInt8], state: InitialState) throws {
        memory = try GuestMemory(guestBase: Layout.ramBase, size: Layout.ramSize, accessible: true)
        // Every block translated on its first visit: the program runs once, and tiering would leave it to
        // the interpreter.
        let configuration = EngineConfiguration(hart: hart, memory: memory, mode: .user, codeCacheSize: 256 << 10,
                                                translationThreshold: 1)
        switch engine {
        case .interpreter: self.engine = Interpreter(configuration)
        case .translator: self.engine = try DynamicTranslator(configuration)
        }
        _ = memory.write(program, at: Layout.ramBase)
        _ = memory.write(state.data, at: Layout.dataStart)
        for index in 1..<32 { hart[x: index] = state.x[index] }
        for index in 0..<32 { hart[f: index] = state.f[index] }
        hart.state.pointee.floatingPointRoundingMode = state.frm
        hart.pc = Layout.ramBase
    }

    /// The architectural state now, after a run that stopped for `reason`.
    func snapshot(_ reason: StopReason) -> MachineSnapshot {
        let state = hart.state.pointee
        return MachineSnapshot(
            reason: reason, pc: hart.pc, x: (0..<32).map { hart[x: $0] }, f: (0..<32).map { hart[f: $0] },
            fflags: state.floatingPointFlags, frm: state.floatingPointRoundingMode,
            instructionsRetired: state.instructionsRetired, executedInstructions: engine.executedInstructions,
            ram: memory.read(Layout.ramBase, length: Int(Layout.ramSize)) ?? [])
    }
}

/// The state two engines must agree on.
struct MachineSnapshot {
    /// Why the run stopped.
    var reason: StopReason
    /// The pc.
    var pc: UInt64
    /// x0..x31.
    var x: [UInt64]
    /// f0..f31 as raw bits.
    var f: [UInt64]
    /// fflags.
    var fflags: UInt64
    /// frm.
    var frm: UInt64
    /// The instret counter in the hart state.
    var instructionsRetired: UInt64
    /// The engine's own count.
    var executedInstructions: UInt64
    /// All of RAM (program and data area).
    var ram: [UInt8]

    /// The first difference from `other` (this is the interpreter's), or nil when they agree.
    func firstDifference(from other: MachineSnapshot) -> String? {
        func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
        if reason != other.reason { return "stop reason: interpreter \(reason), translator \(other.reason)" }
        if pc != other.pc { return "pc: interpreter \(hex(pc)), translator \(hex(other.pc))" }
        for index in 0..<32 where x[index] != other.x[index] {
            return "x\(index) (\(RegisterName.integer(index))): interpreter \(hex(x[index])), translator \(hex(other.x[index]))"
        }
        for index in 0..<32 where f[index] != other.f[index] {
            return "f\(index): interpreter \(hex(f[index])), translator \(hex(other.f[index]))"
        }
        if fflags != other.fflags { return "fflags: interpreter \(hex(fflags)), translator \(hex(other.fflags))" }
        if frm != other.frm { return "frm: interpreter \(frm), translator \(other.frm)" }
        if instructionsRetired != other.instructionsRetired {
            return "instret: interpreter \(instructionsRetired), translator \(other.instructionsRetired)"
        }
        if executedInstructions != other.executedInstructions {
            return "executedInstructions: interpreter \(executedInstructions), translator \(other.executedInstructions)"
        }
        if ram != other.ram, let offset = ram.indices.first(where: { ram[$0] != other.ram[$0] }) {
            return "RAM byte at \(hex(Layout.ramBase + UInt64(offset))): interpreter \(hex(UInt64(ram[offset]))), "
                + "translator \(hex(UInt64(other.ram[offset])))"
        }
        return nil
    }
}

/// ABI names of the integer registers, for reports.
enum RegisterName {
    /// The ABI name of x`index`.
    static func integer(_ index: Int) -> String {
        ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
         "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"][index]
    }
}

/// One differential run: a program and initial state, both engines, the comparisons.
struct DifferentialCase {
    /// The program.
    let program: GeneratedProgram
    /// The initial state.
    let state: InitialState
    /// The program's bytes.
    let bytes: [UInt8]

    /// The instruction budget of a full run: far more than any generated program retires.
    static let generousLimit: UInt64 = 100_000

    /// The case for `group` and `seed`, programs of about `length` instructions.
    init(group: InstructionGroup, seed: UInt64, length: Int) throws {
        var generator = ProgramGenerator(group: group, seed: seed)
        state = generator.initialState()
        program = generator.program(length: length, seed: seed)
        bytes = try program.bytes()
    }

    /// The case for an explicit program (a regression test) and initial state.
    init(instructions: [Instruction], state: InitialState, group: InstructionGroup = .mixed, seed: UInt64 = 0) throws {
        self.state = state
        program = GeneratedProgram(group: group, seed: seed, instructions: instructions)
        bytes = try program.bytes()
    }

    /// Both engines run with each budget of `limits` in turn (the last run resumes where the others left
    /// off); returns the snapshots after every run, interpreter first.
    func run(limits: [UInt64]) throws -> [(MachineSnapshot, MachineSnapshot)] {
        let reference = try DifferentialMachine(.interpreter, program: bytes, state: state)
        let translated = try DifferentialMachine(.translator, program: bytes, state: state)
        return limits.map { limit in
            (reference.snapshot(reference.engine.run(limit: limit)), translated.snapshot(translated.engine.run(limit: limit)))
        }
    }

    /// Runs both engines to the end and compares; nil when they agree, otherwise the failure report.
    func compare() throws -> String? {
        let (reference, translated) = try run(limits: [DifferentialCase.generousLimit])[0]
        guard let difference = reference.firstDifference(from: translated) else { return nil }
        return try report(difference, reference: reference, retired: reference.executedInstructions)
    }

    /// Runs both engines with a small budget `limit`, compares, then lets both finish and compares again;
    /// nil when they agree, otherwise the failure report.
    func compare(budget limit: UInt64) throws -> String? {
        let runs = try run(limits: [limit, DifferentialCase.generousLimit])
        for (run, (reference, translated)) in runs.enumerated() {
            if let difference = reference.firstDifference(from: translated) {
                let phase = run == 0 ? "after run(limit: \(limit))" : "after run(limit: \(limit)) and resuming to the end"
                return try report("\(phase): \(difference)", reference: reference, retired: reference.executedInstructions)
            }
        }
        return nil
    }

    /// The smallest budget after which the engines disagree (searching 1...`retired`), or nil.
    func firstDivergence(retired: UInt64) throws -> (limit: UInt64, pc: UInt64, difference: String)? {
        guard retired > 0 else { return nil }
        for limit in 1...retired {
            let (reference, translated) = try run(limits: [limit])[0]
            if let difference = reference.firstDifference(from: translated) {
                // The instruction that made the difference is the one the budget let retire last: the pc
                // before it is the interpreter's pc after limit - 1 instructions.
                let previous = limit > 1 ? try run(limits: [limit - 1])[0].0.pc : Layout.ramBase
                return (limit, previous, difference)
            }
        }
        return nil
    }

    /// The failure report: seed, group, first divergence, difference and listing.
    func report(_ difference: String, reference: MachineSnapshot, retired: UInt64) throws -> String {
        var lines = ["engines disagree: group \(program.group), seed \(program.seed) "
                     + "(reproduce: MORPH_DIFFERENTIAL_GROUP=\(program.group) MORPH_DIFFERENTIAL_SEEDS=\(program.seed):1 "
                     + "Scripts/differential-campaign)",
                     "  \(difference)"]
        if let divergence = try firstDivergence(retired: retired + 1) {
            let index = program.index(at: divergence.pc).map { "\($0)" } ?? "?"
            lines.append("  first divergence after \(divergence.limit) instruction(s): the last one retired was "
                         + "instruction [\(index)] at 0x\(String(divergence.pc, radix: 16)); \(divergence.difference)")
        } else {
            lines.append("  no budget of 1...\(retired + 1) instructions shows the difference: only a complete run does")
        }
        lines.append("  initial x: " + state.x.enumerated().map { "x\($0.offset)=0x\(String($0.element, radix: 16))" }.joined(separator: " "))
        lines.append("  initial f: " + state.f.enumerated().map { "f\($0.offset)=0x\(String($0.element, radix: 16))" }.joined(separator: " "))
        lines.append("  initial frm: \(state.frm)")
        lines.append("program:")
        lines.append(program.listing())
        return lines.joined(separator: "\n")
    }
}
