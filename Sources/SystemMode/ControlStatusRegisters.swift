// The machine- and supervisor-level CSRs of an RV64 hart (The RISC-V
// Instruction Set Manual, Volume II: Privileged Architecture, chapter 3 "Machine-Level ISA" and
// chapter 4.1 "Supervisor CSRs"; unprivileged counters and fcsr from Volume I, chapters 10 and 11.2;
// stimecmp from chapter 16 "Sstc" Extension for Supervisor-mode Timer Interrupts").
import Devices
import MorphCore
import RISCV

/// The CSR numbers this machine implements.
enum CSR {
    /// Floating-point accrued flags, rounding mode, and both together (Volume I, 11.2).
    static let fflags: UInt32 = 0x001, frm: UInt32 = 0x002, fcsr: UInt32 = 0x003
    /// Supervisor status, interrupt enable, trap vector, counter enable (Volume II, 4.1).
    static let sstatus: UInt32 = 0x100, sie: UInt32 = 0x104, stvec: UInt32 = 0x105, scounteren: UInt32 = 0x106
    /// Supervisor environment configuration, scratch, exception pc, cause.
    static let senvcfg: UInt32 = 0x10a, sscratch: UInt32 = 0x140, sepc: UInt32 = 0x141, scause: UInt32 = 0x142
    /// Supervisor trap value, interrupt pending, timer compare (Sstc), address translation.
    static let stval: UInt32 = 0x143, sip: UInt32 = 0x144, stimecmp: UInt32 = 0x14d, satp: UInt32 = 0x180
    /// Machine status, ISA, exception and interrupt delegation (Volume II, 3.1).
    static let mstatus: UInt32 = 0x300, misa: UInt32 = 0x301, medeleg: UInt32 = 0x302, mideleg: UInt32 = 0x303
    /// Machine interrupt enable, trap vector, counter enable, environment configuration.
    static let mie: UInt32 = 0x304, mtvec: UInt32 = 0x305, mcounteren: UInt32 = 0x306, menvcfg: UInt32 = 0x30a
    /// Machine counter inhibit, scratch, exception pc.
    static let mcountinhibit: UInt32 = 0x320, mscratch: UInt32 = 0x340, mepc: UInt32 = 0x341
    /// Machine cause, trap value, interrupt pending.
    static let mcause: UInt32 = 0x342, mtval: UInt32 = 0x343, mip: UInt32 = 0x344
    /// Debug trigger registers (no triggers are implemented).
    static let tselect: UInt32 = 0x7a0, tdata1: UInt32 = 0x7a1, tdata2: UInt32 = 0x7a2, tdata3: UInt32 = 0x7a3
    /// Machine cycle and retired-instruction counters.
    static let mcycle: UInt32 = 0xb00, minstret: UInt32 = 0xb02
    /// The unprivileged counters (Volume I, chapter 10).
    static let cycle: UInt32 = 0xc00, time: UInt32 = 0xc01, instret: UInt32 = 0xc02
    /// Machine information registers (read-only zero).
    static let mvendorid: UInt32 = 0xf11, marchid: UInt32 = 0xf12, mimpid: UInt32 = 0xf13
    /// Hart id and configuration pointer (zero).
    static let mhartid: UInt32 = 0xf14, mconfigptr: UInt32 = 0xf15
}

/// Bits of `mstatus` (Volume II, figure 3.7).
enum Status {
    /// Interrupt-enable bits and their previous values.
    static let sie: UInt64 = 1 << 1, mie: UInt64 = 1 << 3, spie: UInt64 = 1 << 5, mpie: UInt64 = 1 << 7
    /// Previous privilege fields and the floating-point state field.
    static let spp: UInt64 = 1 << 8, mppShift: UInt64 = 11, mpp: UInt64 = 3 << 11, fs: UInt64 = 3 << 13
    /// Extension state and memory-privilege bits.
    static let xs: UInt64 = 3 << 15, mprv: UInt64 = 1 << 17, sum: UInt64 = 1 << 18, mxr: UInt64 = 1 << 19
    /// Trap virtual memory, timeout wait, trap sret.
    static let tvm: UInt64 = 1 << 20, tw: UInt64 = 1 << 21, tsr: UInt64 = 1 << 22
    /// UXL = SXL = 2 (64-bit), read-only.
    static let xlen: UInt64 = 2 << 32 | 2 << 34
    /// State dirty (FS or XS is Dirty).
    static let sd: UInt64 = 1 << 63
    /// The mstatus bits M-mode software can write.
    static let machineWritable = sie | mie | spie | mpie | spp | mpp | fs | mprv | sum | mxr | tvm | tw | tsr
    /// The mstatus bits sstatus shows.
    static let supervisorVisible = sie | spie | spp | fs | xs | sum | mxr | (3 << 32) | sd
    /// The sstatus bits S-mode software can write.
    static let supervisorWritable = sie | spie | spp | fs | sum | mxr
}

/// The CSR file and privilege state of one hart.
public struct ControlStatusRegisters {
    /// The current privilege level.
    public var privilege: PrivilegeLevel = .machine
    /// mstatus (SD computed on read).
    var status: UInt64 = Status.xlen
    /// medeleg.
    var machineExceptionDelegation: UInt64 = 0
    /// mideleg.
    var machineInterruptDelegation: UInt64 = 0
    /// mie (sie is its delegated view).
    var interruptEnable: UInt64 = 0
    /// The bits of mip software writes (SSIP, STIP, SEIP; sip is the delegated view).
    var interruptPending: UInt64 = 0
    /// The bits of mip devices drive: MSIP and MTIP from the CLINT, MEIP and SEIP from the PLIC, STIP
    /// from the SBI timer (Volume II, 3.1.9: "SEIP ... is the logical-OR of the software-writable bit and
    /// the signal from the external interrupt controller").
    var externalInterruptPending: UInt64 = 0
    /// mip as the hart sees it: software bits and device signals. With menvcfg.STCE set, STIP is
    /// "read-only ... and reflects the supervisor-level timer interrupt signal" of stimecmp (Sstc), which
    /// the machine puts in `externalInterruptPending`.
    var pendingInterrupts: UInt64 {
        let software = supervisorTimerCompareEnabled ? interruptPending & ~ControlStatusRegisters.supervisorTimer
            : interruptPending
        return software | externalInterruptPending
    }
    /// stimecmp (Sstc): STIP is pending while `time` >= it, when menvcfg.STCE is set.
    var supervisorTimerCompare: UInt64 = .max
    /// menvcfg.STCE: stimecmp is enabled (bit 63).
    var supervisorTimerCompareEnabled: Bool { machineEnvironment >> 63 != 0 }
    /// mip.STIP.
    static let supervisorTimer: UInt64 = 1 << 5
    /// The source of the `time` CSR (mtime); without one, `time` counts retired instructions.
    var timer: MachineClock?
    /// mtvec.
    var machineTrapVector: UInt64 = 0
    /// mcounteren.
    var machineCounterEnable: UInt64 = 0
    /// menvcfg.
    var machineEnvironment: UInt64 = 0
    /// mcountinhibit.
    var counterInhibit: UInt64 = 0
    /// mscratch.
    var machineScratch: UInt64 = 0
    /// mepc.
    var machineExceptionPC: UInt64 = 0
    /// mcause.
    var machineCause: UInt64 = 0
    /// mtval.
    var machineTrapValue: UInt64 = 0
    /// stvec.
    var supervisorTrapVector: UInt64 = 0
    /// scounteren.
    var supervisorCounterEnable: UInt64 = 0
    /// senvcfg.
    var supervisorEnvironment: UInt64 = 0
    /// sscratch.
    var supervisorScratch: UInt64 = 0
    /// sepc.
    var supervisorExceptionPC: UInt64 = 0
    /// scause.
    var supervisorCause: UInt64 = 0
    /// stval.
    var supervisorTrapValue: UInt64 = 0
    /// satp (Bare, Sv39 or Sv48).
    var addressTranslation: UInt64 = 0
    /// pmpcfg0..15 (only the even-numbered ones exist on RV64), enforced through `protection`.
    var protectionConfiguration = [UInt64](repeating: 0, count: 16)
    /// pmpaddr0..63.
    var protectionAddresses = [UInt64](repeating: 0, count: 64)
    /// Counts changes to the PMP CSRs, so the machine hands the translator a new configuration.
    var protectionGeneration = 0
    /// The PMP configuration the CSRs describe.
    var protection: PhysicalMemoryProtection {
        PhysicalMemoryProtection(configuration: protectionConfiguration, addresses: protectionAddresses)
    }
    /// Added to the retired-instruction count to give mcycle (set when `mcycle` is written).
    var cycleOffset: UInt64 = 0
    /// Added to the retired-instruction count to give minstret (set when `minstret` is written).
    var retiredOffset: UInt64 = 0

    /// The value of mcycle while mcountinhibit.CY freezes it (nil while counting).
    var frozenCycle: UInt64?
    /// The value of minstret while mcountinhibit.IR freezes it (nil while counting).
    var frozenRetired: UInt64?

    /// mcycle: one cycle per retired instruction.
    func cycleValue(_ retired: UInt64) -> UInt64 { frozenCycle ?? retired &+ cycleOffset }
    /// minstret.
    func retiredValue(_ retired: UInt64) -> UInt64 { frozenRetired ?? retired &+ retiredOffset }

    /// misa: RV64 (MXL=2) with A, C, D, F, I, M, S, U.
    static let machineISA: UInt64 = 2 << 62 | 1 << 0 | 1 << 2 | 1 << 3 | 1 << 5 | 1 << 8 | 1 << 12 | 1 << 18 | 1 << 20
    /// Delegable synchronous exceptions: causes 0-9, 12, 13, 15 (ecall from M cannot be delegated).
    static let delegableExceptions: UInt64 = 0xb3ff
    /// Supervisor interrupts (SSI, STI, SEI) may be delegated and set by M-mode software.
    static let supervisorInterrupts: UInt64 = 0x222
    /// All standard interrupt enable bits (SSI, MSI, STI, MTI, SEI, MEI).
    static let allInterrupts: UInt64 = 0xaaa

    /// Creates the reset state (M-mode, everything zero).
    public init() {}

    /// The outcome of a CSR access.
    enum Access {
        /// The CSR's value.
        case value(UInt64)
        /// The access raises an illegal-instruction exception.
        case illegal
    }

    /// Reads CSR `number` at the current privilege, `retired` being the instret count.
    func read(_ number: UInt32, hart: UnsafeMutablePointer<HartState>, retired: UInt64) -> Access {
        // "The next two bits (csr[9:8]) encode the lowest privilege level that can access the CSR."
        guard UInt64((number >> 8) & 3) <= privilege.rawValue else { return .illegal }
        if number <= CSR.fcsr, status & Status.fs == 0 { return .illegal }  // FP state is Off.
        switch number {
        case CSR.fflags: return .value(hart.pointee.floatingPointFlags)
        case CSR.frm: return .value(hart.pointee.floatingPointRoundingMode)
        case CSR.fcsr: return .value(hart.pointee.floatingPointControlAndStatus)
        case CSR.cycle...0xc1f:
            // cycle, time, instret, hpmcounter3..31: "When the CY, TM, IR, or HPMn bit in the mcounteren
            // register is clear, attempts to read the cycle, time, instret, or hpmcountern register while
            // executing in S-mode or U-mode will cause an illegal instruction exception" (3.1.11).
            let bit = UInt64(1) << UInt64(number - CSR.cycle)
            if privilege < .machine, machineCounterEnable & bit == 0 { return .illegal }
            if privilege == .user, supervisorCounterEnable & bit == 0 { return .illegal }
            switch number {
            case CSR.instret: return .value(retiredValue(retired))
            case CSR.time: return .value(timer?.ticks ?? cycleValue(retired))
            case CSR.cycle: return .value(cycleValue(retired))
            default: return .value(0)  // No events are counted.
            }
        case CSR.sstatus: return .value(statusValue & Status.supervisorVisible)
        case CSR.sie: return .value(interruptEnable & machineInterruptDelegation)
        case CSR.stvec: return .value(supervisorTrapVector)
        case CSR.scounteren: return .value(supervisorCounterEnable)
        case CSR.senvcfg: return .value(supervisorEnvironment)
        case CSR.sscratch: return .value(supervisorScratch)
        case CSR.sepc: return .value(supervisorExceptionPC)
        case CSR.scause: return .value(supervisorCause)
        case CSR.stval: return .value(supervisorTrapValue)
        case CSR.sip: return .value(pendingInterrupts & machineInterruptDelegation)
        case CSR.stimecmp:
            guard timerCompareAccessible else { return .illegal }
            return .value(supervisorTimerCompare)
        case CSR.satp:
            if privilege == .supervisor, status & Status.tvm != 0 { return .illegal }
            return .value(addressTranslation)
        case CSR.mstatus: return .value(statusValue)
        case CSR.misa: return .value(ControlStatusRegisters.machineISA)
        case CSR.medeleg: return .value(machineExceptionDelegation)
        case CSR.mideleg: return .value(machineInterruptDelegation)
        case CSR.mie: return .value(interruptEnable)
        case CSR.mtvec: return .value(machineTrapVector)
        case CSR.mcounteren: return .value(machineCounterEnable)
        case CSR.menvcfg: return .value(machineEnvironment)
        case CSR.mcountinhibit: return .value(counterInhibit)
        case CSR.mscratch: return .value(machineScratch)
        case CSR.mepc: return .value(machineExceptionPC)
        case CSR.mcause: return .value(machineCause)
        case CSR.mtval: return .value(machineTrapValue)
        case CSR.mip: return .value(pendingInterrupts)
        case 0x3a0...0x3af:
            // pmpcfg0..15: on RV64 only the even-numbered registers exist.
            return number & 1 == 0 ? .value(protectionConfiguration[Int(number - 0x3a0)]) : .illegal
        case 0x3b0...0x3ef: return .value(protectionAddresses[Int(number - 0x3b0)])
        case CSR.tselect, CSR.tdata1, CSR.tdata2, CSR.tdata3: return .value(0)  // No triggers.
        case CSR.mcycle: return .value(cycleValue(retired))
        case CSR.minstret: return .value(retiredValue(retired))
        case 0xb03...0xb1f, 0x323...0x33f: return .value(0)  // mhpmcounter3..31, mhpmevent3..31.
        case CSR.mvendorid, CSR.marchid, CSR.mimpid, CSR.mhartid, CSR.mconfigptr: return .value(0)
        default: return .illegal
        }
    }

    /// Writes CSR `number`; false if the write is illegal (read-only CSR or too little privilege).
    mutating func write(_ number: UInt32, _ value: UInt64, hart: UnsafeMutablePointer<HartState>,
                        retired: UInt64) -> Bool {
        // "The top two bits (csr[11:10]) indicate whether the register is read/write (00, 01, or 10)
        // or read-only (11)."
        guard number >> 10 != 3, UInt64((number >> 8) & 3) <= privilege.rawValue else { return false }
        if number <= CSR.fcsr, status & Status.fs == 0 { return false }
        defer { hart.pointee.floatingPointDisabled = status & Status.fs == 0 ? 1 : 0 }
        switch number {
        case CSR.fflags: hart.pointee.floatingPointFlags = value & 0x1f
        case CSR.frm: hart.pointee.floatingPointRoundingMode = value & 7
        case CSR.fcsr: hart.pointee.floatingPointControlAndStatus = value & 0xff
        case CSR.sstatus:
            status = legalStatus((status & ~Status.supervisorWritable) | (value & Status.supervisorWritable))
        case CSR.sie:
            let mask = machineInterruptDelegation
            interruptEnable = (interruptEnable & ~mask) | (value & mask)
        case CSR.stvec: supervisorTrapVector = legalTrapVector(value, old: supervisorTrapVector)
        case CSR.scounteren: supervisorCounterEnable = value & 0xffff_ffff
        case CSR.senvcfg: supervisorEnvironment = value & 1  // FIOM only.
        case CSR.sscratch: supervisorScratch = value
        case CSR.sepc: supervisorExceptionPC = value & ~1
        case CSR.scause: supervisorCause = value
        case CSR.stval: supervisorTrapValue = value
        case CSR.sip:
            let mask = machineInterruptDelegation & 0x2  // Only SSIP is writable through sip.
            interruptPending = (interruptPending & ~mask) | (value & mask)
        case CSR.stimecmp:
            guard timerCompareAccessible else { return false }
            supervisorTimerCompare = value
        case CSR.satp:
            if privilege == .supervisor, status & Status.tvm != 0 { return false }
            // Bare, Sv39 and Sv48: "If satp is written with an unsupported MODE, the entire write has no
            // effect; no fields in satp are modified."
            if AddressTranslator.supportsMode(of: value) { addressTranslation = value }
        case CSR.mstatus:
            var new = (status & ~Status.machineWritable) | (value & Status.machineWritable)
            if (new & Status.mpp) >> Status.mppShift == 2 { new &= ~Status.mpp }  // MPP is WARL: 2 is reserved.
            status = legalStatus(new)
        case CSR.misa: break  // WARL, fixed.
        case CSR.medeleg: machineExceptionDelegation = value & ControlStatusRegisters.delegableExceptions
        case CSR.mideleg: machineInterruptDelegation = value & ControlStatusRegisters.supervisorInterrupts
        case CSR.mie: interruptEnable = value & ControlStatusRegisters.allInterrupts
        case CSR.mtvec: machineTrapVector = legalTrapVector(value, old: machineTrapVector)
        case CSR.mcounteren: machineCounterEnable = value & 0xffff_ffff
        // FIOM (bit 0) and STCE (bit 63, Sstc); PBMTE and the cache-block bits stay 0 (not implemented).
        case CSR.menvcfg: machineEnvironment = value & (1 | 1 << 63)
        case CSR.mcountinhibit:
            // "When the CY, IR, or HPMn bit is set, the corresponding counter does not increment"
            // (3.1.13): an inhibited counter is frozen at its value and resumes from there.
            let new = value & 0xffff_fffd
            if new & 1 != counterInhibit & 1 {
                if new & 1 != 0 { frozenCycle = cycleValue(retired) } else {
                    cycleOffset = (frozenCycle ?? 0) &- retired
                    frozenCycle = nil
                }
            }
            if new & 4 != counterInhibit & 4 {
                if new & 4 != 0 { frozenRetired = retiredValue(retired) } else {
                    // This instruction retires after the write and counts.
                    retiredOffset = (frozenRetired ?? 0) &- retired &- 1
                    frozenRetired = nil
                }
            }
            counterInhibit = new
        case CSR.mscratch: machineScratch = value
        case CSR.mepc: machineExceptionPC = value & ~1
        case CSR.mcause: machineCause = value
        case CSR.mtval: machineTrapValue = value
        case CSR.mip:
            let mask = ControlStatusRegisters.supervisorInterrupts
            interruptPending = (interruptPending & ~mask) | (value & mask)
        case 0x3a0...0x3af:
            guard number & 1 == 0 else { return false }
            // "Locked PMP entries remain locked ... writes to the configuration register and associated
            // address registers are ignored" (3.7.1.2): a locked entry's byte keeps its value.
            let register = Int(number - 0x3a0)
            let old = protectionConfiguration[register]
            var new: UInt64 = 0
            for byte in 0..<8 {
                let shift = UInt64(8 * byte)
                var entry = (old >> shift) & 0xff
                if entry & 0x80 == 0 {
                    entry = (value >> shift) & 0x9f  // bits 6:5 are reserved (zero)
                    // "The R=0, W=1 combination is reserved": keep the entry as it was, as QEMU does.
                    if entry & 3 == 2 { entry = (old >> shift) & 0xff }
                }
                new |= entry << shift
            }
            protectionConfiguration[register] = new
            protectionGeneration += 1
        case 0x3b0...0x3ef:
            let index = Int(number - 0x3b0)
            guard !protectionAddressLocked(index) else { break }
            protectionAddresses[index] = value & ((1 << 54) - 1)
            protectionGeneration += 1
        case CSR.tselect, CSR.tdata1, CSR.tdata2, CSR.tdata3: break  // No triggers: writes are ignored.
        case CSR.mcycle:
            if frozenCycle != nil { frozenCycle = value } else { cycleOffset = value &- retired }
        // The instruction writing minstret retires too, after the write.
        case CSR.minstret:
            if frozenRetired != nil { frozenRetired = value } else { retiredOffset = value &- retired &- 1 }
        case 0xb03...0xb1f, 0x323...0x33f: break
        default: return false
        }
        return true
    }

    /// Whether the current privilege may access stimecmp: "If the STCE bit in menvcfg is 0, then an attempt
    /// to access stimecmp ... in a mode other than M-mode raises an illegal instruction exception"; with
    /// STCE set, S-mode also needs mcounteren.TM (Sstc, 16.1.1).
    private var timerCompareAccessible: Bool {
        privilege == .machine || (supervisorTimerCompareEnabled && machineCounterEnable & 2 != 0)
    }

    /// The pmpcfg byte of PMP entry `index`.
    private func protectionEntry(_ index: Int) -> UInt64 {
        (protectionConfiguration[(index / 8) * 2] >> UInt64(8 * (index % 8))) & 0xff
    }

    /// Whether pmpaddr`index` ignores writes: its entry is locked, or the next entry is a locked TOR
    /// entry, whose range starts at this address (3.7.1.2).
    private func protectionAddressLocked(_ index: Int) -> Bool {
        if protectionEntry(index) & 0x80 != 0 { return true }
        guard index + 1 < 64 else { return false }
        let next = protectionEntry(index + 1)
        return next & 0x80 != 0 && (next >> 3) & 3 == 1
    }

    /// mstatus with SD computed from FS and XS.
    var statusValue: UInt64 {
        let dirty = status & Status.fs == Status.fs || status & Status.xs == Status.xs
        return status | (dirty ? Status.sd : 0)
    }

    /// FS as this hart keeps it: it does not track whether FP state changed, and "if dirtiness is not
    /// tracked, the valid FS states are Off and Dirty, and an attempt to set FS to Initial or Clean
    /// causes it to be set to Dirty" (Volume II, 3.1.6.6).
    private func legalStatus(_ value: UInt64) -> UInt64 {
        value & Status.fs != 0 ? value | Status.fs : value
    }

    /// mtvec/stvec are WARL: modes 0 (direct) and 1 (vectored) only.
    private func legalTrapVector(_ value: UInt64, old: UInt64) -> UInt64 {
        value & 3 < 2 ? value : (value & ~3) | (old & 3)
    }
}
