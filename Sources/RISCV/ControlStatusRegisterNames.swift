// CSR names as disassemblers print them. The RISC-V Instruction Set Manual, Volume II (Privileged),
// chapter 2.2 "CSR Listing" (tables 2.2-2.6: unprivileged, supervisor, hypervisor and VS, machine and debug
// CSRs), plus the CSRs of the extensions binutils 2.40 names: V (vector state), Zkr (`seed`), Sstc
// (`stimecmp`), Smstateen/Ssstateen, Smaia/Ssaia (advanced interrupts), Smepmp (`mseccfg`), Sscofpmf
// (`scountovf`) and Sdtrig (`tcontrol`, `mscontext`). The `…h` upper halves exist only on RV32, but objdump
// names them whatever the XLEN, so this table does too.

/// The standard name of every CSR number that objdump knows.
public enum ControlStatusRegisterNames {
    /// The name of CSR `number` (`fcsr`), or `0x…` in hexadecimal for a number without a standard name.
    public static func name(of number: UInt16) -> String {
        let index = Int(number & 0xfff)
        return names[index] ?? "0x" + String(index, radix: 16)
    }

    /// The number of the CSR called `name`, if it is a standard one.
    public static func number(named name: String) -> UInt16? {
        numbers[name]
    }

    /// All named CSRs: (number, name), in number order.
    public static var all: [(number: UInt16, name: String)] {
        names.enumerated().compactMap { index, name in name.map { (UInt16(index), $0) } }
    }

    /// Names indexed by CSR number (4096 entries).
    private static let names: [String?] = {
        var table = [String?](repeating: nil, count: 4096)
        func name(_ number: Int, _ text: String) {
            precondition(table[number] == nil, "CSR 0x\(String(number, radix: 16)) named twice")
            table[number] = text
        }
        /// `prefix` + n + `suffix` for n in `range`, at `base + n`.
        func family(_ prefix: String, _ range: ClosedRange<Int>, base: Int, suffix: String = "") {
            for n in range { name(base + n, "\(prefix)\(n)\(suffix)") }
        }

        // Unprivileged: floating point (F), vector (V), entropy source (Zkr), counters (Zicntr, Zihpm).
        name(0x001, "fflags"); name(0x002, "frm"); name(0x003, "fcsr")
        name(0x008, "vstart"); name(0x009, "vxsat"); name(0x00a, "vxrm"); name(0x00f, "vcsr")
        name(0x015, "seed")
        name(0xc00, "cycle"); name(0xc01, "time"); name(0xc02, "instret")
        family("hpmcounter", 3...31, base: 0xc00)
        name(0xc20, "vl"); name(0xc21, "vtype"); name(0xc22, "vlenb")
        name(0xc80, "cycleh"); name(0xc81, "timeh"); name(0xc82, "instreth")
        family("hpmcounter", 3...31, base: 0xc80, suffix: "h")

        // Supervisor.
        name(0x100, "sstatus"); name(0x104, "sie"); name(0x105, "stvec"); name(0x106, "scounteren")
        name(0x10a, "senvcfg")
        family("sstateen", 0...3, base: 0x10c)
        name(0x114, "sieh")
        name(0x140, "sscratch"); name(0x141, "sepc"); name(0x142, "scause"); name(0x143, "stval")
        name(0x144, "sip"); name(0x14d, "stimecmp"); name(0x150, "siselect"); name(0x151, "sireg")
        name(0x154, "siph"); name(0x15c, "stopei"); name(0x15d, "stimecmph")
        name(0x180, "satp")
        name(0x5a8, "scontext")
        name(0xda0, "scountovf"); name(0xdb0, "stopi")

        // Hypervisor and virtual supervisor.
        name(0x600, "hstatus"); name(0x602, "hedeleg"); name(0x603, "hideleg"); name(0x604, "hie")
        name(0x605, "htimedelta"); name(0x606, "hcounteren"); name(0x607, "hgeie"); name(0x608, "hvien")
        name(0x609, "hvictl"); name(0x60a, "henvcfg")
        family("hstateen", 0...3, base: 0x60c)
        name(0x613, "hidelegh"); name(0x615, "htimedeltah"); name(0x618, "hvienh"); name(0x61a, "henvcfgh")
        family("hstateen", 0...3, base: 0x61c, suffix: "h")
        name(0x643, "htval"); name(0x644, "hip"); name(0x645, "hvip"); name(0x646, "hviprio1")
        name(0x647, "hviprio2"); name(0x64a, "htinst"); name(0x655, "hviph"); name(0x656, "hviprio1h")
        name(0x657, "hviprio2h")
        name(0x680, "hgatp"); name(0x6a8, "hcontext"); name(0xe12, "hgeip")
        name(0x200, "vsstatus"); name(0x204, "vsie"); name(0x205, "vstvec"); name(0x214, "vsieh")
        name(0x240, "vsscratch"); name(0x241, "vsepc"); name(0x242, "vscause"); name(0x243, "vstval")
        name(0x244, "vsip"); name(0x24d, "vstimecmp"); name(0x250, "vsiselect"); name(0x251, "vsireg")
        name(0x254, "vsiph"); name(0x25c, "vstopei"); name(0x25d, "vstimecmph")
        name(0x280, "vsatp"); name(0xeb0, "vstopi")

        // Machine: trap setup, configuration, trap handling, protection, counters, information.
        name(0x300, "mstatus"); name(0x301, "misa"); name(0x302, "medeleg"); name(0x303, "mideleg")
        name(0x304, "mie"); name(0x305, "mtvec"); name(0x306, "mcounteren"); name(0x308, "mvien")
        name(0x309, "mvip"); name(0x30a, "menvcfg")
        family("mstateen", 0...3, base: 0x30c)
        name(0x310, "mstatush"); name(0x313, "midelegh"); name(0x314, "mieh"); name(0x318, "mvienh")
        name(0x319, "mviph"); name(0x31a, "menvcfgh")
        family("mstateen", 0...3, base: 0x31c, suffix: "h")
        name(0x320, "mcountinhibit")
        family("mhpmevent", 3...31, base: 0x320)
        name(0x340, "mscratch"); name(0x341, "mepc"); name(0x342, "mcause"); name(0x343, "mtval")
        name(0x344, "mip"); name(0x34a, "mtinst"); name(0x34b, "mtval2"); name(0x350, "miselect")
        name(0x351, "mireg"); name(0x354, "miph"); name(0x35c, "mtopei")
        family("pmpcfg", 0...15, base: 0x3a0)
        family("pmpaddr", 0...63, base: 0x3b0)
        family("mhpmevent", 3...31, base: 0x720, suffix: "h")
        name(0x747, "mseccfg"); name(0x757, "mseccfgh")
        name(0xb00, "mcycle"); name(0xb02, "minstret")
        family("mhpmcounter", 3...31, base: 0xb00)
        name(0xb80, "mcycleh"); name(0xb82, "minstreth")
        family("mhpmcounter", 3...31, base: 0xb80, suffix: "h")
        name(0xf11, "mvendorid"); name(0xf12, "marchid"); name(0xf13, "mimpid"); name(0xf14, "mhartid")
        name(0xf15, "mconfigptr"); name(0xfb0, "mtopi")

        // Debug and trigger module (debug specification 0.13 / 1.0).
        name(0x7a0, "tselect"); name(0x7a1, "tdata1"); name(0x7a2, "tdata2"); name(0x7a3, "tdata3")
        name(0x7a4, "tinfo"); name(0x7a5, "tcontrol"); name(0x7a8, "mcontext"); name(0x7aa, "mscontext")
        name(0x7b0, "dcsr"); name(0x7b1, "dpc"); name(0x7b2, "dscratch0"); name(0x7b3, "dscratch1")
        return table
    }()

    private static let numbers: [String: UInt16] = {
        var map: [String: UInt16] = [:]
        for (index, name) in names.enumerated() {
            if let name { map[name] = UInt16(index) }
        }
        return map
    }()
}
