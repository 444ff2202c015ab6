// Registers, operand sizes, conditions and memory operands as values: the names the tests give to GNU as
// (Intel 64 and IA-32 Architectures Software Developer's Manual, Volume 1, section 3.4.1.1: with a REX
// prefix, byte registers 4-7 are spl, bpl, sil, dil) and the preconditions of memory operands.
import Testing
import X86

@Suite struct OperandTests {
    @Test func registerNames() {
        #expect(Register.all.map { $0.name() } == ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                                   "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"])
        #expect(Register.all.map { $0.name(.byte) } == ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
                                                        "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"])
        #expect(Register.rsi.name(.word) == "si")
        #expect(Register.r12.name(.word) == "r12w")
        #expect(Register.rbp.name(.dword) == "ebp")
        #expect(Register.r9.name(.dword) == "r9d")
        #expect(Register.all.map(\.number) == Array(0..<16))
        #expect(XMMRegister.all.map(\.name) == (0..<16).map { "xmm\($0)" })
        #expect(XMMRegister.xmm15.number == 15)
    }

    @Test func operandSizes() {
        #expect([OperandSize.byte, .word, .dword, .qword].map(\.byteCount) == [1, 2, 4, 8])
        #expect([OperandSize.byte, .word, .dword, .qword].map(\.name) == ["byte", "word", "dword", "qword"])
    }

    @Test func conditionNumbersAndSuffixes() {
        #expect(Condition.allCases.map(\.rawValue) == Array(0..<16))
        #expect(Condition.allCases.map(\.suffix) == ["o", "no", "b", "ae", "e", "ne", "be", "a",
                                                     "s", "ns", "p", "np", "l", "ge", "le", "g"])
    }

    @Test func memoryOperandRegisters() {
        #expect(MemoryOperand.base(.r12, 8).registers == [.r12])
        #expect(MemoryOperand.baseIndex(.rbp, .r12, scale: 8).registers == [.rbp, .r12])
        var assembler = Assembler()
        #expect(MemoryOperand.ripRelative(assembler.newLabel()).registers.isEmpty)
    }

    @Test func rspCannotBeAnIndex() async {
        await #expect(processExitsWith: .failure) {
            _ = MemoryOperand.baseIndex(.rax, .rsp)
        }
    }

    @Test func theScaleIsOneTwoFourOrEight() async {
        await #expect(processExitsWith: .failure) {
            _ = MemoryOperand.baseIndex(.rax, .rbx, scale: 3)
        }
    }

    @Test func anUnfittingLabelDistanceTraps() async {
        await #expect(processExitsWith: .failure) {
            var assembler = Assembler()
            _ = assembler.jmpRelative32(toOffset: 1 << 32)
        }
    }
}
