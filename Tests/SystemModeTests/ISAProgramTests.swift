// The bare-metal ISA test programs of Tests/Guest/isa under `morph boot`: one program per instruction
// group, each a series of numbered checks of exact architectural results (The RISC-V Instruction Set
// Manual, Volume I for rv64i/m/a/f/d, rvc, zicsr, fencei; Volume II for zicsr's machine CSRs and
// traps). A program exits with status 0 when every check passes, or with the number of the first
// failed check.
import Foundation
import Testing
import TestSupport

@Suite struct ISAProgramTests {
    @Test("ISA program passes every check", arguments: ISAProgram.conformance, TestEngine.allCases)
    func programPasses(_ program: ISAProgram, engine: TestEngine) throws {
        let result = try program.boot(engine: engine)
        #expect(result.status == 0, "\(program.name): \(result.report)")
        #expect(result.errorOutput.isEmpty, "\(program.name): \(result.report)")
    }

    @Test(arguments: TestEngine.allCases) func consoleOutputReachesStandardOutput(engine: TestEngine) throws {
        let result = try ISAProgram(name: "console").boot(engine: engine)
        #expect(result.status == 0, "\(result.report)")
        // Device 1 (console) character by character, then the proxied write system call.
        #expect(result.output == "hello, morph\nvia syscall\n")
    }

    /// mstatus.FS must become Dirty when an instruction changes the floating-point state while FS is
    /// Initial or Clean (Volume II, 3.1.6.6, "FS and XS state transitions"). Morph leaves FS as
    /// written: after `fmv.d.x` with FS = Initial, mstatus.FS still reads Initial and SD reads 0, so
    /// an operating system that saves FP registers only when FS is Dirty loses them.
    @Test(arguments: TestEngine.allCases)
    func floatingPointStateBecomesDirty(engine: TestEngine) throws {
        let result = try ISAProgram(name: "fs_state").boot(engine: engine)
        #expect(result.status == 0, "\(result.report)")
    }

    /// "If mtval is written with a nonzero value when a misaligned load or store causes an access-fault
    /// or page-fault exception, then mtval will contain the virtual address of the portion of the
    /// access that caused the fault" (Volume II, 3.1.16). Morph reports the start of the access
    /// (0x87fffffc for an ld there) instead of the faulting portion (0x88000000, the end of RAM).
    @Test(arguments: TestEngine.allCases)
    func straddlingAccessFaultNamesTheFaultingPart(engine: TestEngine) throws {
        let result = try ISAProgram(name: "fault_address").boot(engine: engine)
        #expect(result.status == 0, "\(result.report)")
    }

    /// mcountinhibit.IR/CY read back set but minstret and mcycle keep counting (Volume II, 3.1.13:
    /// "When the CY, IR, or HPMn bit is set, the corresponding counter does not increment"), and
    /// hpmcounter3-31 read as 0 from S and U whatever mcounteren says (3.1.11: with the HPMn bit clear,
    /// reading hpmcountern in S-mode or U-mode "will cause an illegal instruction exception").
    @Test(arguments: TestEngine.allCases)
    func counterInhibitAndEnable(engine: TestEngine) throws {
        let result = try ISAProgram(name: "counter_control").boot(engine: engine)
        #expect(result.status == 0, "\(result.report)")
    }

    /// The harness itself: a wrong expected value is reported with its check number, and an
    /// unexpected trap with status 255, so that no program can pass by accident.
    @Test func failedCheckReportsItsNumber() throws {
        let source = try temporarySource(named: "wrong_check", """
            #include "isa.h"
            test_main:
                li a0, 5
                CHECK(1, a0, 5)
                CHECK(37, a0, 6)
                PASS
            """)
        let elf = try ISAProgram.build(source: source, name: "wrong_check")
        let result = try ProcessRunner.run(TestPaths.morph, ["boot", elf])
        #expect(result.status == 37)
        #expect(result.output == "FAIL: check 37\n")
    }

    @Test func unexpectedTrapIsReported() throws {
        let source = try temporarySource(named: "unexpected_trap", """
            #include "isa.h"
            test_main:
                li a0, 5
                CHECK(3, a0, 5)
                ecall
                PASS
            """)
        let elf = try ISAProgram.build(source: source, name: "unexpected_trap")
        let result = try ProcessRunner.run(TestPaths.morph, ["boot", elf])
        #expect(result.status == 255)
        #expect(result.output.hasPrefix("unexpected trap: mcause 0x000000000000000b pc 0x"))
        #expect(result.output.hasSuffix(" after check 3\n"))
    }

    @Test func checkPassesOnlyOnItsExactValue() throws {
        // Every bit of the 64-bit comparison counts: the expected value differs only in bit 63.
        let source = try temporarySource(named: "high_bit", """
            #include "isa.h"
            test_main:
                li a0, 0x0000000000000001
                CHECK(9, a0, 0x8000000000000001)
                PASS
            """)
        let elf = try ISAProgram.build(source: source, name: "high_bit")
        let result = try ProcessRunner.run(TestPaths.morph, ["boot", elf])
        #expect(result.status == 9)
    }

    /// Writes an assembly source to a fresh temporary folder.
    private func temporarySource(named name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-isa-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("\(name).S").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
