// The translator's per-instruction table is generated from Scripts/instructions.txt
// (InstructionDispatch.generated.swift): it must be current and agree with the interpreter's own lists.
import Foundation
import Interpreter
import MorphCore
import RISCV
import TestSupport
@testable import Translator
import Testing

@Suite struct InstructionTableTests {
    /// Running the generator again changes nothing: the committed outputs are the table's.
    @Test func generatedFilesAreCurrent() throws {
        let root = TestPaths.packageRoot
        let outputs = ["Sources/RISCV/InstructionTable.generated.swift",
                       "Sources/Translator/InstructionDispatch.generated.swift"]
        let before = try outputs.map { try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("morph-table-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A copy of the package's Scripts and output folders, so the check never rewrites the checkout.
        for folder in ["Scripts", "Sources/RISCV", "Sources/Translator"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(folder),
                                                    withIntermediateDirectories: true)
        }
        for file in ["Scripts/generate-instruction-table.py", "Scripts/instructions.txt"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(file), to: directory.appendingPathComponent(file))
        }
        let result = try ProcessRunner.run("/usr/bin/python3", [directory.appendingPathComponent("Scripts/generate-instruction-table.py").path])
        #expect(result.status == 0, "\(result.errorOutput)")
        for (output, committed) in zip(outputs, before) {
            let generated = try String(contentsOf: directory.appendingPathComponent(output), encoding: .utf8)
            #expect(generated == committed, "\(output) is not what Scripts/instructions.txt generates")
        }
    }

    /// The instructions the translator hands to the floating-point helper are exactly those the helper
    /// implements, and they run under the register convention.
    @Test func floatingPointComputationsAgreeWithTheHelper() {
        for operation in Operation.allCases where operation != .illegal {
            let instruction = Instruction(operation, rd: 1, rs1: 2, rs2: 3)
            let translatedAsComputation = BlockEmitter.kind(of: instruction, mode: .system) == .interpreter
                && BlockEmitter.kind(of: instruction, mode: .user) == .straightLine
                && BlockEmitter.registerUse(of: instruction) == nil
                && ![.flw, .fld, .fsw, .fsd].contains(operation)
            #expect(translatedAsComputation == TranslatorHelpers.isFloatingPointComputation(operation), "\(operation)")
        }
    }
}
