// Labels, rel32 branches, RIP-relative operands (Intel 64 and IA-32 Architectures Software Developer's
// Manual, Volume 2, section 2.2.1.6: the displacement is relative to the end of the instruction, after any
// immediate), patchRelative32 and align. The displacements are worked out by hand in the comments and the
// programs are also assembled with GNU as (`{disp32}` forces the rel32 forms that Assembler always uses).
import Testing
import TestSupport
import X86

@Suite struct LabelTests {
    @Test func forwardAndBackwardJumps() throws {
        var assembler = Assembler()
        let top = assembler.newLabel(), end = assembler.newLabel()
        assembler.bind(top)                   // 0
        assembler.jmp(end)                    // 0: E9, rel32 = 12 - 5 = 7
        #expect(assembler.unresolvedLabels)
        assembler.jcc(.notEqual, top)         // 5: 0F 85, rel32 = 0 - 11 = -11
        assembler.nop()                       // 11
        assembler.bind(end)                   // 12
        #expect(!assembler.unresolvedLabels)
        assembler.jmp(top)                    // 12: E9, rel32 = 0 - 17 = -17
        let expected: [UInt8] = [0xe9, 0x07, 0x00, 0x00, 0x00,
                                 0x0f, 0x85, 0xf5, 0xff, 0xff, 0xff,
                                 0x90,
                                 0xe9, 0xef, 0xff, 0xff, 0xff]
        #expect(assembler.bytes == expected, "\(hex(assembler.bytes))")
        #expect(assembler.offset(of: top) == 0)
        #expect(assembler.offset(of: end) == 12)
        #expect(assembler.offset == 17)

        let reference = try GNUAssembler.assemble(source: """
            top:
            {disp32} jmp end
            {disp32} jne top
            nop
            end:
            {disp32} jmp top
            """)
        #expect(reference == expected, "as: \(hex(reference))")
    }

    @Test func callsToLabels() throws {
        var assembler = Assembler()
        let function = assembler.newLabel(), back = assembler.newLabel()
        assembler.bind(back)                  // 0
        assembler.call(function)              // 0: E8, rel32 = 6 - 5 = 1
        assembler.nop()                       // 5
        assembler.bind(function)              // 6
        assembler.call(back)                  // 6: E8, rel32 = 0 - 11 = -11
        let expected: [UInt8] = [0xe8, 0x01, 0x00, 0x00, 0x00, 0x90, 0xe8, 0xf5, 0xff, 0xff, 0xff]
        #expect(assembler.bytes == expected, "\(hex(assembler.bytes))")
        let reference = try GNUAssembler.assemble(source: """
            back:
            call function
            nop
            function:
            call back
            """)
        #expect(reference == expected, "as: \(hex(reference))")
    }

    @Test func everyConditionForwardAndBackward() throws {
        var assembler = Assembler()
        let back = assembler.newLabel(), forward = assembler.newLabel()
        assembler.bind(back)
        var source = "back:\n"
        var expected: [UInt8] = []
        for condition in Condition.allCases {
            // Backward: each jcc is 6 bytes and ends at 6 * (n + 1); the label is at 0.
            let start = assembler.offset
            assembler.jcc(condition, back)
            source += "{disp32} j\(condition.suffix) back\n"
            expected += [0x0f, 0x80 | condition.rawValue]
            expected += littleEndian(Int32(-(start + 6)))
        }
        for condition in Condition.allCases {
            // Forward: the label is bound after the 16 forward jumps, at 6 * 32 = 192.
            let start = assembler.offset
            assembler.jcc(condition, forward)
            source += "{disp32} j\(condition.suffix) forward\n"
            expected += [0x0f, 0x80 | condition.rawValue]
            expected += littleEndian(Int32(192 - (start + 6)))
        }
        #expect(assembler.unresolvedLabels)
        assembler.bind(forward)
        source += "forward:\n"
        #expect(!assembler.unresolvedLabels)
        #expect(assembler.bytes == expected)
        #expect(try GNUAssembler.assemble(source: source) == expected)
    }

    @Test func conditionsInvertInPairs() {
        for condition in Condition.allCases {
            #expect(condition.inverted != condition)
            #expect(condition.inverted.inverted == condition)
        }
        #expect(Condition.equal.inverted == .notEqual)
        #expect(Condition.below.inverted == .aboveOrEqual)
        #expect(Condition.less.inverted == .greaterOrEqual)
        #expect(Condition.parity.inverted == .noParity)
    }

    @Test func ripRelativeOperandsBeforeAndAfterTheBind() throws {
        var assembler = Assembler()
        let data = assembler.newLabel()
        assembler.mov(.rax, .ripRelative(data))                        // 0: 48 8B 05, ends at 7: 32 - 7 = 25
        assembler.cmp(.ripRelative(data, 4), immediate: 0x1000, .dword) // 7: 81 3D disp32 imm32, ends at 17: 36 - 17 = 19
        assembler.add(.ripRelative(data, 8), immediate: 1, .byte)       // 17: 80 05 disp32 imm8, ends at 24: 40 - 24 = 16
        assembler.movsd(.xmm1, .ripRelative(data))                     // 24: F2 0F 10 0D, ends at 32: 32 - 32 = 0
        #expect(assembler.unresolvedLabels)
        assembler.bind(data)                                           // 32
        assembler.emitQuadword(0x1122_3344_5566_7788)                  // 32-39
        assembler.lea(.rcx, .ripRelative(data))                        // 40: 48 8D 0D, ends at 47: 32 - 47 = -15
        assembler.mov(.ripRelative(data, -8), immediate: -1, .qword)  // 47: 48 C7 05 disp32 imm32, ends at 58: 24 - 58 = -34
        #expect(!assembler.unresolvedLabels)
        let expected: [UInt8] = [
            0x48, 0x8b, 0x05, 0x19, 0x00, 0x00, 0x00,
            0x81, 0x3d, 0x13, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00,
            0x80, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01,
            0xf2, 0x0f, 0x10, 0x0d, 0x00, 0x00, 0x00, 0x00,
            0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
            0x48, 0x8d, 0x0d, 0xf1, 0xff, 0xff, 0xff,
            0x48, 0xc7, 0x05, 0xde, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        ]
        #expect(assembler.bytes == expected, "\(hex(assembler.bytes))")
        let reference = try GNUAssembler.assemble(source: """
            mov rax, qword ptr [rip + data]
            cmp dword ptr [rip + data + 4], 0x1000
            add byte ptr [rip + data + 8], 1
            movsd xmm1, qword ptr [rip + data]
            data:
            .quad 0x1122334455667788
            lea rcx, [rip + data]
            mov qword ptr [rip + data - 8], -1
            """)
        #expect(reference == expected, "as: \(hex(reference))")
    }

    @Test func ripRelativeFromHighRegistersAndImmediates() throws {
        var assembler = Assembler()
        let constant = assembler.newLabel()
        assembler.movsd(.xmm12, .ripRelative(constant))  // 0: F2 44 0F 10 25 disp32, ends at 9: 16 - 9 = 7
        assembler.mov(.r9, .ripRelative(constant))       // 9: 4C 8B 0D disp32, ends at 16: 0
        assembler.bind(constant)
        let expected: [UInt8] = [0xf2, 0x44, 0x0f, 0x10, 0x25, 0x07, 0x00, 0x00, 0x00,
                                 0x4c, 0x8b, 0x0d, 0x00, 0x00, 0x00, 0x00]
        #expect(assembler.bytes == expected, "\(hex(assembler.bytes))")
        let reference = try GNUAssembler.assemble(source: """
            movsd xmm12, qword ptr [rip + constant]
            mov r9, qword ptr [rip + constant]
            constant:
            """)
        #expect(reference == expected, "as: \(hex(reference))")
    }

    @Test func relativeJumpsToOffsets() {
        var assembler = Assembler()
        let jumpField = assembler.jmpRelative32(toOffset: 100)               // 0: E9, field 1, 100 - 5 = 95
        let branchField = assembler.jccRelative32(.below, toOffset: 0)      // 5: 0F 82, field 7, 0 - 11 = -11
        #expect(jumpField == 1)
        #expect(branchField == 7)
        #expect(assembler.bytes == [0xe9, 0x5f, 0x00, 0x00, 0x00, 0x0f, 0x82, 0xf5, 0xff, 0xff, 0xff])
    }

    @Test func patchRelative32WritesTheDistanceFromTheEndOfTheField() {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0xcc, count: 64)
        var assembler = Assembler()
        let field = assembler.jmpRelative32(toOffset: 0)
        assembler.bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }

        Assembler.patchRelative32(field: buffer + field, target: buffer + 40)  // 40 - 5 = 35
        #expect(bytes(buffer, count: 6) == [0xe9, 0x23, 0x00, 0x00, 0x00, 0xcc])
        Assembler.patchRelative32(field: buffer + field, target: buffer)       // 0 - 5 = -5
        #expect(bytes(buffer, count: 6) == [0xe9, 0xfb, 0xff, 0xff, 0xff, 0xcc])
        Assembler.patchRelative32(field: buffer + 20, target: buffer + 24)     // unaligned field, 0
        #expect(bytes(buffer + 20, count: 4) == [0x00, 0x00, 0x00, 0x00])
    }

    @Test func alignPadsWithNops() {
        for start in 0..<16 {
            var assembler = Assembler()
            for _ in 0..<start { assembler.int3() }
            assembler.align(16)
            #expect(assembler.offset == (start == 0 ? 0 : 16))
            var decoded = start
            // The padding is a sequence of the recommended NOPs of 1 to 9 bytes.
            while decoded < assembler.offset {
                let length = nopLength(Array(assembler.bytes[decoded...]))
                #expect(length > 0, "not a NOP at \(decoded): \(hex(assembler.bytes))")
                if length == 0 { break }
                decoded += length
            }
        }
        var assembler = Assembler()
        assembler.ret()
        assembler.align(8, withInt3: true)
        #expect(assembler.bytes == [0xc3, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc])
        assembler.align(8)
        #expect(assembler.offset == 8)
        assembler.nop()
        assembler.align(32)  // 23 bytes of padding: 9 + 9 + 5
        #expect(Array(assembler.bytes[9...]) == nops[8] + nops[8] + nops[4])
    }

    @Test func labelsAreIndependent() {
        var assembler = Assembler()
        let first = assembler.newLabel(), second = assembler.newLabel()
        #expect(first != second)
        #expect(assembler.offset(of: first) == nil)
        assembler.jmp(first)
        assembler.jmp(second)
        assembler.bind(first)   // patches only the first jump: 10 - 5 = 5
        #expect(assembler.unresolvedLabels)
        #expect(Array(assembler.bytes[1..<5]) == [0x05, 0, 0, 0])
        #expect(Array(assembler.bytes[6..<10]) == [0, 0, 0, 0])
        assembler.emit(0x90, 0x90)
        assembler.bind(second)  // 12 - 10 = 2
        #expect(Array(assembler.bytes[6..<10]) == [0x02, 0, 0, 0])
        #expect(!assembler.unresolvedLabels)
    }
}

/// The recommended NOPs of 1 to 9 bytes (Volume 2, NOP, table 4-12).
private let nops: [[UInt8]] = [
    [0x90], [0x66, 0x90], [0x0f, 0x1f, 0x00], [0x0f, 0x1f, 0x40, 0x00], [0x0f, 0x1f, 0x44, 0x00, 0x00],
    [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00], [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
    [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00], [0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
]

/// The length of the recommended NOP that `bytes` starts with, or 0.
private func nopLength(_ bytes: [UInt8]) -> Int {
    for nop in nops.reversed() where bytes.starts(with: nop) { return nop.count }
    return 0
}

/// `count` bytes at `pointer`.
private func bytes(_ pointer: UnsafeRawPointer, count: Int) -> [UInt8] {
    Array(UnsafeRawBufferPointer(start: pointer, count: count))
}

/// The four little-endian bytes of `value`.
private func littleEndian(_ value: Int32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> (8 * $0)) }
}
