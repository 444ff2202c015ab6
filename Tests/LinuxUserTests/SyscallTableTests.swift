// The README's table of system calls is generated from the dispatch code (Scripts/generate-syscall-table.py):
// it must say what the code does.
import Foundation
import Testing
import TestSupport

@Suite struct SyscallTableTests {
    @Test func theReadmeTableIsCurrent() throws {
        let script = TestPaths.packageRoot.appendingPathComponent("Scripts/generate-syscall-table.py").path
        let result = try ProcessRunner.run("/usr/bin/python3", [script, "--check"])
        #expect(result.status == 0, "\(result.errorOutput)")
    }
}
