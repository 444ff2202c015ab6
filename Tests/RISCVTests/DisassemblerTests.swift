// Unit tests of the disassembler: literal objdump 2.40 `-M no-aliases` text for the tricky cases
// (each expected string was printed by riscv64-linux-gnu-objdump for the same word at the same address).
import Testing
@testable import RISCV

@Suite struct DisassemblerTests {
    /// (word, pc, objdump's text).
    static let cases: [(UInt32, UInt64, String)] = [
        // Base integer: decimal I/S immediates, hexadecimal U immediates and shift amounts.
        (0x00a5_0513, 0x10000, "addi\ta0,a0,10"),
        (0x0001_2537, 0x10000, "lui\ta0,0x12"),
        (0x0207_9793, 0x10000, "slli\ta5,a5,0x20"),
        (0x0000_8067, 0x10000, "jalr\tzero,0(ra)"),
        // Jumps and branches print absolute targets, forwards and backwards.
        (0x6ea0_00ef, 0x10002, "jal\tra,0x106ec"),
        (0x6c10_00ef, 0x1006a, "jal\tra,0x10f2a"),
        (0xfeb5_0ce3, 0x10006, "beq\ta0,a1,0xfffe"),
        (0xfe05_0ee3, 0x10034, "beq\ta0,zero,0x10030"),
        (0x0005_1663, 0x10038, "bne\ta0,zero,0x10044"),
        // Zicsr: named CSRs, unknown CSRs in hexadecimal, zimm in decimal.
        (0x0010_2573, 0, "csrrs\ta0,fflags,zero"),
        (0x0030_27f3, 0, "csrrs\ta5,fcsr,zero"),
        (0xc000_2573, 0, "csrrs\ta0,cycle,zero"),
        (0x7c00_2573, 0, "csrrs\ta0,0x7c0,zero"),
        (0x0022_d573, 0, "csrrwi\ta0,frm,5"),
        // Fences.
        (0x0ff0_000f, 0, "fence\tiorw,iorw"),
        (0x0100_000f, 0, "fence\tw,unknown"),
        (0x0000_000f, 0, "fence\tunknown,unknown"),
        (0x8330_000f, 0, "fence.tso"),
        (0x0000_100f, 0, "fence.i"),
        // Atomics: ordering suffixes, and `(rs1)` without an offset.
        (0x06b6_252f, 0, "amoadd.w.aqrl\ta0,a1,(a2)"),
        (0x0c05_b52f, 0, "amoswap.d.aq\ta0,zero,(a1)"),
        (0x1a05_b52f, 0, "sc.d.rl\ta0,zero,(a1)"),
        (0x1005_252f, 0, "lr.w\ta0,(a0)"),
        (0x1605_352f, 0, "lr.d.aqrl\ta0,(a0)"),
        // Floating point: the dynamic rounding mode is omitted, others are named, 5 and 6 are "unknown".
        (0x02b5_7553, 0, "fadd.d\tfa0,fa0,fa1"),
        (0x02b5_0553, 0, "fadd.d\tfa0,fa0,fa1,rne"),
        (0x02b5_1553, 0, "fadd.d\tfa0,fa0,fa1,rtz"),
        (0x02b5_5553, 0, "fadd.d\tfa0,fa0,fa1,unknown"),
        (0xc005_1553, 0, "fcvt.w.s\ta0,fa0,rtz"),
        (0xd005_7553, 0, "fcvt.s.w\tfa0,a0"),
        (0xa0b5_1553, 0, "flt.s\ta0,fa0,fa1"),
        (0xe005_1553, 0, "fclass.s\ta0,fa0"),
        (0xe005_0553, 0, "fmv.x.w\ta0,fa0"),
        (0xf205_0553, 0, "fmv.d.x\tfa0,a0"),
        // fcvt.d.s / fcvt.d.w / fcvt.d.wu: objdump knows them only with rm = 0, and prints no rm.
        (0x4205_8553, 0, "fcvt.d.s\tfa0,fa1"),
        (0xd205_8553, 0, "fcvt.d.w\tfa0,a1"),
        (0x4205_9553, 0, ".4byte\t0x42059553"),
        // System.
        (0x0000_0073, 0, "ecall"),
        (0x0010_0073, 0, "ebreak"),
        (0x1200_0073, 0, "sfence.vma\tzero,zero"),
        (0x12b5_0073, 0, "sfence.vma\ta0,a1"),
        (0x1050_0073, 0, "wfi"),
        (0x3020_0073, 0, "mret"),
        // Not instructions.
        (0xfe00_0053, 0, ".4byte\t0xfe000053"),
        (0x0000_000b, 0, ".4byte\t0xb"),
        (0x50e0_c553, 0, ".4byte\t0x50e0c553"),
        (0x0ff0_008f, 0, ".4byte\t0xff0008f"),  // fence with rd != 0
        (0x0000_108f, 0, ".4byte\t0x108f"),  // fence.i with rd != 0
        // Compressed: the c.* name with the operands objdump shows for it.
        (0x0405, 0, "c.addi\ts0,1"),
        (0x0001, 0, "c.addi\tzero,0"),  // c.nop is an alias objdump does not use with no-aliases
        (0x0011, 0, "c.addi\tzero,4"),
        (0x1141, 0, "c.addi\tsp,-16"),
        (0x6105, 0, "c.addi16sp\tsp,32"),
        (0x0808, 0, "c.addi4spn\ta0,sp,16"),
        (0x60a2, 0, "c.ldsp\tra,8(sp)"),
        (0xe42a, 0, "c.sdsp\ta0,8(sp)"),
        (0x2a0a, 0, "c.fldsp\tfs4,128(sp)"),
        (0xb006, 0, "c.fsdsp\tft1,32(sp)"),
        (0x4108, 0, "c.lw\ta0,0(a0)"),
        (0xc10c, 0, "c.sw\ta1,0(a0)"),
        (0x6505, 0, "c.lui\ta0,0x1"),
        (0x757d, 0, "c.lui\ta0,0xfffff"),
        (0x4781, 0, "c.li\ta5,0"),
        (0x0506, 0, "c.slli\ta0,0x1"),
        (0x0402, 0, "c.slli64\ts0"),
        (0x8c0d, 0, "c.sub\ts0,a1"),
        (0x9c2d, 0, "c.addw\ts0,a1"),
        (0x8082, 0, "c.jr\tra"),
        (0x9082, 0, "c.jalr\tra"),
        (0x9002, 0, "c.ebreak"),
        (0xa001, 0x10032, "c.j\t0x10032"),
        (0xfd0d, 0x1003e, "c.bnez\ta0,0xff78"),
        (0xc111, 0xa, "c.beqz\ta0,0xe"),
        (0x0000, 0, "c.unimp"),
        (0x6101, 0, "c.addi16sp\tsp,0"),  // reserved (nzimm = 0), but objdump prints it
        (0x0004, 0, ".2byte\t0x4"),  // c.addi4spn with nzuimm = 0 is reserved
    ]

    @Test(arguments: DisassemblerTests.cases.indices)
    func literalText(_ index: Int) {
        let (word, pc, expected) = DisassemblerTests.cases[index]
        #expect(Disassembler.text(ofWord: word, at: pc) == expected)
        // The byte-stream entry point agrees and reports the length.
        let length = word & 3 == 3 ? 4 : 2
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
        let result = Disassembler.text(ofBytes: bytes, at: pc)
        #expect(result?.text == expected)
        #expect(result?.length == length)
    }

    @Test func decodedInstructionsUseTheCompressedForm() {
        let instruction = Decoder.decode(0x0405)
        #expect(instruction.operation == .addi)
        #expect(Disassembler.text(of: instruction, at: 0) == "c.addi\ts0,1")
        // The same operation built without a compressed form prints the base instruction.
        let base = Instruction(.addi, rd: 8, rs1: 8, immediate: 1)
        #expect(Disassembler.text(of: base, at: 0) == "addi\ts0,s0,1")
    }

    @Test func targetsCanBeFormattedLikeASymbolizedListing() {
        let text = Disassembler.text(of: Decoder.decode(0x6ea0_00ef), at: 0x10002) { "\(String($0, radix: 16)) <f>" }
        #expect(text == "jal\tra,106ec <f>")
        // Targets wrap around the 64-bit address space like pc arithmetic does.
        #expect(Disassembler.text(ofWord: 0xfe05_0ee3, at: 0) == "beq\ta0,zero,0xfffffffffffffffc")
    }

    @Test func longEncodingsAreMeasuredAndPrintedAsData() {
        #expect(Disassembler.encodingLength(firstHalfword: 0x0001) == 2)
        #expect(Disassembler.encodingLength(firstHalfword: 0x0013) == 4)
        #expect(Disassembler.encodingLength(firstHalfword: 0x001f) == 6)
        #expect(Disassembler.encodingLength(firstHalfword: 0x003f) == 8)
        #expect(Disassembler.encodingLength(firstHalfword: 0x007f) == 10)
        #expect(Disassembler.encodingLength(firstHalfword: 0x607f) == 22)
        #expect(Disassembler.encodingLength(firstHalfword: 0x707f) == 2)
        let sixBytes: [UInt8] = [0x1f, 0x00, 0x34, 0x12, 0x78, 0x56]
        #expect(Disassembler.text(ofBytes: sixBytes, at: 0)?.text == ".byte\t0x1f, 0x00, 0x34, 0x12, 0x78, 0x56")
        let eightBytes: [UInt8] = [0x3f, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00]
        #expect(Disassembler.text(ofBytes: eightBytes, at: 0)?.text == ".8byte\t0x300020001003f")
        #expect(Disassembler.text(ofBytes: [0xff, 0xff], at: 0)?.text == ".2byte\t0xffff")
        // Too few bytes for the encoding.
        #expect(Disassembler.text(ofBytes: [0x13, 0x05, 0xa5], at: 0) == nil)
        #expect(Disassembler.text(ofBytes: [0x13], at: 0) == nil)
        #expect(Disassembler.text(ofBytes: sixBytes.prefix(5), at: 0) == nil)
    }

    @Test func controlStatusRegisterNames() {
        #expect(ControlStatusRegisterNames.name(of: 0x001) == "fflags")
        #expect(ControlStatusRegisterNames.name(of: 0xc03) == "hpmcounter3")
        #expect(ControlStatusRegisterNames.name(of: 0xc9f) == "hpmcounter31h")
        #expect(ControlStatusRegisterNames.name(of: 0x3ef) == "pmpaddr63")
        #expect(ControlStatusRegisterNames.name(of: 0x7b2) == "dscratch0")
        #expect(ControlStatusRegisterNames.name(of: 0x7c0) == "0x7c0")
        #expect(ControlStatusRegisterNames.number(named: "satp") == 0x180)
        #expect(ControlStatusRegisterNames.number(named: "mhartid") == 0xf14)
        #expect(ControlStatusRegisterNames.number(named: "nonsense") == nil)
        let all = ControlStatusRegisterNames.all
        #expect(Set(all.map(\.name)).count == all.count)
        #expect(all.allSatisfy { ControlStatusRegisterNames.number(named: $0.name) == $0.number })
    }
}
