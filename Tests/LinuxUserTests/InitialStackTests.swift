// The initial stack layout (fs/binfmt_elf.c create_elf_tables; RISC-V psABI "Process Initialization"),
// and the fault guard in-process: a guest fault becomes the guest's SIGSEGV, not the test's crash.
import Foundation
import Interpreter
@testable import LinuxUser
import Testing
import TestSupport

@Suite("Initial stack")
struct InitialStackTests {
    let top: UInt64 = 0x40_0000
    let random: [UInt8] = Array(1...16)

    func word(_ stack: InitialStack, at address: UInt64) -> UInt64 {
        stack.bytes.littleEndianWord(at: Int(address - stack.stackPointer))
    }

    func string(_ stack: InitialStack, at address: UInt64) -> String {
        let start = Int(address - stack.stackPointer)
        let end = stack.bytes[start...].firstIndex(of: 0)!
        return String(decoding: stack.bytes[start..<end], as: UTF8.self)
    }

    @Test("argc, argv, envp and auxv follow each other from sp, strings above, 16-byte aligned")
    func layout() {
        let stack = InitialStack(top: top, arguments: ["prog", "a b", ""], environment: ["X=1", "LONGER=value"],
                                 executableFileName: "./prog", auxiliaryVector: [(.pageSize, 4096), (.entry, 0x10000)],
                                 randomBytes: random)
        let sp = stack.stackPointer
        #expect(sp % 16 == 0)
        #expect(sp + UInt64(stack.bytes.count) == top)
        #expect(word(stack, at: sp) == 3)
        let argv = (0..<3).map { word(stack, at: sp + 8 + UInt64($0) * 8) }
        #expect(argv.map { string(stack, at: $0) } == ["prog", "a b", ""])
        #expect(word(stack, at: sp + 32) == 0)
        let envp = (0..<2).map { word(stack, at: sp + 40 + UInt64($0) * 8) }
        #expect(envp.map { string(stack, at: $0) } == ["X=1", "LONGER=value"])
        #expect(word(stack, at: sp + 56) == 0)

        var auxiliary: [(UInt64, UInt64)] = []
        var cursor = sp + 64
        while true {
            let pair = (word(stack, at: cursor), word(stack, at: cursor + 8))
            auxiliary.append(pair)
            cursor += 16
            if pair.0 == 0 { break }
        }
        #expect(auxiliary.map(\.0) == [6, 9, 25, 31, 0])  // AT_PAGESZ, AT_ENTRY, AT_RANDOM, AT_EXECFN, AT_NULL
        #expect(auxiliary[0].1 == 4096 && auxiliary[1].1 == 0x10000)
        #expect(auxiliary[2].1 == stack.randomAddress)
        let randomOffset = Int(stack.randomAddress - sp)
        #expect(Array(stack.bytes[randomOffset..<randomOffset + 16]) == random)
        #expect(string(stack, at: auxiliary[3].1) == "./prog")

        // Strings in Linux's order: argv[0] lowest, then the environment, then the file name, then 8 zero bytes.
        #expect(argv[1] == argv[0] + 5 && argv[2] == argv[1] + 4 && envp[0] == argv[2] + 1)
        #expect(envp[1] == envp[0] + 4 && auxiliary[3].1 == envp[1] + 13)
        #expect(auxiliary[3].1 + 7 == top - 8)
        #expect(stack.bytes.suffix(8) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(stack.randomAddress % 16 == 0 && stack.randomAddress + 16 <= argv[0])
        #expect(cursor <= stack.randomAddress)
    }

    @Test("the stack pointer stays 16-byte aligned whatever the string lengths", arguments: 0..<8)
    func alignment(extra: Int) {
        let stack = InitialStack(top: top, arguments: ["p" + String(repeating: "x", count: extra)],
                                 environment: Array(repeating: "E", count: extra), executableFileName: "p",
                                 auxiliaryVector: [], randomBytes: random)
        #expect(stack.stackPointer % 16 == 0)
        #expect(word(stack, at: stack.stackPointer) == 1)
    }
}

@Suite("Loaded process (in-process)")
struct LoadedProcessTests {
    @Test("a guest fault inside the window ends the guest with SIGSEGV and leaves the host running")
    func faultGuardInProcess() throws {
        let program = try GuestPrograms.syscallProgram("segv_wild")
        // Twice: the handler stays installed and the recovery point is per run.
        for kind in ["hole", "code"] {
            let process = try LinuxProcess(path: program, arguments: [program, kind, "quiet"], environment: [],
                                           options: ProcessOptions(), engine: { Interpreter($0) })
            let termination = process.run()
            guard case .signaled(let signal, let message) = termination else {
                Issue.record("expected a signal, got \(termination)")
                continue
            }
            #expect(signal == SIGSEGV)
            #expect(termination.exitStatus == 139)
            #expect(message.hasPrefix("morph: guest SIGSEGV at pc 0x"))
        }
    }

    @Test("loading reports the layout: entry inside the image, stack pointer near the top")
    func loadedLayout() throws {
        let program = try GuestPrograms.syscallProgram("enosys")
        let process = try LinuxProcess(path: program, arguments: [program], environment: ["A=b"], engine: { Interpreter($0) })
        #expect(process.program.imageRange.contains(process.program.entry))
        #expect(process.program.loadBias == 0)
        #expect(process.hart.pc == process.program.entry)
        #expect(process.hart[x: 2] == process.program.stackPointer)
        #expect(process.program.stackPointer > LinuxProcess.windowSize - ProgramLoader.stackSize)
        #expect(process.space.isExecutable(pageAddress: process.program.entry & ~0xfff))
        #expect(!process.space.isExecutable(pageAddress: process.program.stackPointer & ~0xfff))
    }
}
