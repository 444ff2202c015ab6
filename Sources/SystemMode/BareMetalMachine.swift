// A bare-metal RV64GC machine: RAM at 0x8000_0000, one hart starting in M-mode at the ELF entry, trap
// entry and return, and the HTIF `tohost`/`fromhost` interface of Spike and the official ISA tests.
// The RISC-V Instruction Set Manual, Volume II, chapter 3.1.6 (mstatus), 3.1.7-3.1.9 (mtvec, medeleg,
// mideleg, mip/mie), 3.3.2 (mret/sret), 3.3.3 (wfi), and chapter 4.1.
import Devices
import ELF
import Glibc
import MorphCore
import RISCV

/// How a machine run ended.
public enum MachineExit: Equatable, Sendable {
    /// The program wrote an exit code to `tohost` (0 = pass).
    case exited(code: Int32)
    /// The instruction budget ran out at `pc`.
    case instructionLimit(pc: UInt64)
    /// The machine cannot go on (a trap with no handler); the message names the pc and instruction.
    case fatal(String)
    /// The guest asked for a system reset (the test device's reset command, an SBI reboot): whoever
    /// runs the machine may boot it again from its images, as QEMU does.
    case reset
}

/// Why a program cannot be booted.
public enum MachineError: Error, CustomStringConvertible, Equatable {
    /// The ELF is not a RISC-V ELF.
    case notRISCV(machine: UInt16)
    /// A loadable segment does not fit in RAM.
    case segmentOutsideMemory(address: UInt64, size: UInt64, memoryBase: UInt64, memorySize: UInt64)
    /// The entry point is not in RAM.
    case entryOutsideMemory(UInt64)
    /// The host refused the RAM reservation.
    case memory(String)
    /// A firmware, kernel or initrd image cannot be read or placed, or a disk image cannot be opened.
    case bootImage(String)

    /// One line for the user.
    public var description: String {
        switch self {
        case .notRISCV(let machine):
            "not a RISC-V ELF file (e_machine \(machine)); Morph runs RV64 programs"
        case .segmentOutsideMemory(let address, let size, let base, let memorySize):
            "segment at 0x\(hex(address)) (\(size) bytes) lies outside RAM 0x\(hex(base))-0x\(hex(base + memorySize))"
        case .entryOutsideMemory(let entry):
            "entry point 0x\(hex(entry)) lies outside RAM"
        case .memory(let message), .bootImage(let message): message
        }
    }
}

/// Lower-case hexadecimal without a prefix, for messages.
func hex(_ value: UInt64) -> String { String(value, radix: 16) }

/// A single-hart bare-metal machine that runs an ELF at its physical addresses.
public final class BareMetalMachine {
    /// Where RAM starts, as on Spike and QEMU's virt board.
    public static let memoryBase: UInt64 = 0x8000_0000
    /// The largest RAM this machine accepts.
    public static let maximumMemorySize: UInt64 = 64 << 30
    /// RAM size when none is given.
    public static let defaultMemorySize: UInt64 = 128 << 20

    /// The hart.
    public let hart = Hart()
    /// RAM.
    public let memory: GuestMemory
    /// The engine that runs the hart.
    public let engine: any ExecutionEngine
    /// Sv39/Sv48 translation, fed from satp, the privilege level and mstatus before every run.
    public let translator: AddressTranslator
    /// The CSR file and privilege level.
    public var registers = ControlStatusRegisters()
    /// The HTIF mailbox addresses, when the ELF defines `tohost` (and `fromhost`).
    public private(set) var hostInterface: HostTargetInterface?
    /// The devices of the virt board, when the machine is one (`BareMetalMachine.virt`).
    public internal(set) var board: VirtBoard?
    /// Receives console output (HTIF console and proxied `write`).
    public var output: (UInt8) -> Void = { byte in putchar(Int32(byte)) }

    /// A machine with `memorySize` bytes of zeroed RAM, the hart at the start of RAM in M-mode, and no
    /// program or devices yet. `engine` makes the execution engine (the machine does not choose one).
    init(memorySize: UInt64, engine makeEngine: EngineFactory) throws(MachineError) {
        let base = BareMetalMachine.memoryBase
        guard memorySize % GuestMemory.pageSize == 0, memorySize > 0,
              memorySize <= BareMetalMachine.maximumMemorySize else {
            throw .memory("RAM size \(memorySize) must be a multiple of 4 KiB and at most 64 GiB")
        }
        do {
            memory = try GuestMemory(guestBase: base, size: memorySize, accessible: true)
        } catch {
            throw .memory(error.description)
        }
        hart.pc = base
        // mstatus.FS resets to Off: floating point is illegal until software enables it.
        hart.state.pointee.floatingPointDisabled = 1
        translator = AddressTranslator(memory: memory)
        engine = makeEngine(EngineConfiguration(hart: hart, memory: memory, mode: .system,
                                                addressTranslator: translator))
    }

    /// Loads `elf` into a new machine with `memorySize` bytes of RAM.
    /// `engine` makes the execution engine (the machine does not choose one).
    public convenience init(elf: ELFFile, memorySize: UInt64 = BareMetalMachine.defaultMemorySize,
                            engine makeEngine: EngineFactory) throws(MachineError) {
        guard elf.machine == ELFFile.machineRISCV else { throw .notRISCV(machine: elf.machine) }
        try self.init(memorySize: memorySize, engine: makeEngine)
        try load(elf)
        guard memory.contains(elf.entry, length: 2) else { throw .entryOutsideMemory(elf.entry) }
        hart.pc = elf.entry
        if let tohost = elf.symbol(named: "tohost") {
            hostInterface = HostTargetInterface(toHost: tohost.value, fromHost: elf.symbol(named: "fromhost")?.value)
        }
    }

    /// Copies the loadable segments of `elf` to their physical addresses.
    func load(_ elf: ELFFile) throws(MachineError) {
        guard elf.machine == ELFFile.machineRISCV else { throw .notRISCV(machine: elf.machine) }
        for segment in elf.segments where segment.type == ProgramHeader.typeLoad && segment.memorySize > 0 {
            let address = segment.physicalAddress
            guard memory.contains(address, length: segment.memorySize) else {
                throw .segmentOutsideMemory(address: address, size: segment.memorySize,
                                            memoryBase: memory.guestBase, memorySize: memory.size)
            }
            memory.write(elf.contents(of: segment), at: address)
        }
    }

    /// Runs until the program exits through HTIF, a fatal condition, or `maxInstructions`.
    ///
    /// The limit bounds every run: instructions the engine retires, instructions the machine completes
    /// for it (CSR and privileged instructions) and traps taken (which retire nothing) all use it up, so
    /// a trap handler that traps again, or an ecall, CSR or mret loop, stops too.
    public func run(maxInstructions: UInt64? = nil) -> MachineExit {
        // HTIF writes are noticed between slices; the ISA tests spin on `tohost` after writing it. On the
        // virt board, interrupts are taken between slices, so slices are short enough for timer
        // interrupts to arrive in time (some tens of microseconds of guest code).
        let slice: UInt64 = hostInterface != nil ? 1 << 12 : board != nil ? 1 << 14 : 1 << 20
        let limit = maxInstructions ?? UInt64.max
        let start = engine.executedInstructions, trapsBefore = trapsTaken
        while true {
            let used = (engine.executedInstructions &- start) &+ (trapsTaken &- trapsBefore)
            if used >= limit { return .instructionLimit(pc: hart.pc) }
            if let board {
                if let exit = serviceDevices(board) { return exit }
                if let fatal = takePendingInterrupt() { return fatal }
            }
            synchronizeTranslation()
            let before = engine.executedInstructions
            let reason = engine.run(limit: min(slice, limit - used))
            let executed = engine.executedInstructions - before
            if executed > 0 { trapVectorEntered = nil }
            if case .exception(let cause, _) = reason, cause == .instructionPageFault || cause == .instructionAccessFault,
               let vector = trapVectorEntered, vector == hart.pc {
                // The handler itself cannot be fetched: every further trap would land here again.
                return .fatal("\(cause) at the trap handler 0x\(hex(vector)) itself: the machine cannot go on")
            }
            switch reason {
            case .instructionLimit: break
            case .environmentCall where registers.privilege == .supervisor && board?.servesSupervisorCalls == true:
                if let exit = serveSupervisorCall(on: board!) { return exit }
            case .environmentCall:
                let cause: ExceptionCause = switch registers.privilege {
                case .user: .environmentCallFromUser
                case .supervisor: .environmentCallFromSupervisor
                case .machine: .environmentCallFromMachine
                }
                if let fatal = takeTrap(cause: cause.rawValue, value: 0, isInterrupt: false) { return fatal }
            case .exception(let cause, let value):
                if cause == .loadAccessFault || cause == .storeAccessFault, let board {
                    switch completeDeviceAccess(on: board) {
                    case .completed: continue
                    case .exit(let exit): return exit
                    case .notDevice: break
                    }
                }
                if let fatal = takeTrap(cause: cause.rawValue, value: value, isInterrupt: false) { return fatal }
            case .systemInstruction(let instruction):
                if let fatal = execute(instruction) { return fatal }
                if let fatal = takePendingInterrupt() { return fatal }
            case .engineFailure(let message):
                return .fatal(message)
            case .hostFault(_, let address):
                // Only the guard region past RAM faults in the host: an access straddling the end of RAM,
                // whose faulting part lies past it.
                let cause: ExceptionCause = isStore(at: hart.pc) ? .storeAccessFault : .loadAccessFault
                if let fatal = takeTrap(cause: cause.rawValue, value: max(address, memory.guestBase &+ memory.size),
                                        isInterrupt: false) { return fatal }
            }
            if let hostInterface, let exit = hostInterface.poll(memory: memory, output: output) {
                return .exited(code: exit)
            }
        }
    }

    /// Traps taken so far (they count against `run`'s instruction limit).
    private(set) var trapsTaken: UInt64 = 0

    /// The PMP configuration the translator has (`ControlStatusRegisters.protectionGeneration`).
    private var protectionGeneration = -1

    /// The trap vector last entered, until an instruction there executes (to catch trap loops).
    private var trapVectorEntered: UInt64?

    /// Feeds the translator the state it depends on: satp, the privilege of fetches and of data
    /// accesses ("When MPRV=1, load and store memory addresses are translated and protected ... as though
    /// the current privilege mode were set to MPP", Volume II, 3.1.6.3), SUM and MXR.
    func synchronizeTranslation() {
        if translator.addressTranslation != registers.addressTranslation {
            translator.setAddressTranslation(registers.addressTranslation)
            engine.invalidateVirtualCode()
        }
        if protectionGeneration != registers.protectionGeneration {
            protectionGeneration = registers.protectionGeneration
            translator.setProtection(registers.protection)
            engine.invalidateVirtualCode()
        }
        let status = registers.status
        translator.fetchPrivilege = registers.privilege
        translator.dataPrivilege = registers.privilege == .machine && status & Status.mprv != 0
            ? PrivilegeLevel(rawValue: (status & Status.mpp) >> Status.mppShift) ?? .user : registers.privilege
        translator.supervisorUserMemoryAccess = status & Status.sum != 0
        translator.makeExecutableReadable = status & Status.mxr != 0
    }

    // MARK: - Traps

    /// Enters the trap handler for `cause` (Volume II, 3.1.7-3.1.9 and 4.1.1): delegated traps taken in
    /// S- or U-mode go to S-mode, the rest to M-mode. Returns a fatal exit when there is no handler.
    func takeTrap(cause: UInt64, value: UInt64, isInterrupt: Bool) -> MachineExit? {
        trapsTaken &+= 1
        let pc = hart.pc
        let delegation = isInterrupt ? registers.machineInterruptDelegation : registers.machineExceptionDelegation
        let causeValue = isInterrupt ? cause | 1 << 63 : cause
        let vector: UInt64
        if registers.privilege <= .supervisor, (delegation >> cause) & 1 != 0 {
            registers.supervisorCause = causeValue
            registers.supervisorExceptionPC = pc
            registers.supervisorTrapValue = value
            var status = registers.status & ~(Status.spp | Status.spie | Status.sie)
            if registers.privilege == .supervisor { status |= Status.spp }
            if registers.status & Status.sie != 0 { status |= Status.spie }
            registers.status = status
            registers.privilege = .supervisor
            vector = registers.supervisorTrapVector
        } else {
            registers.machineCause = causeValue
            registers.machineExceptionPC = pc
            registers.machineTrapValue = value
            var status = registers.status & ~(Status.mpp | Status.mpie | Status.mie)
            status |= registers.privilege.rawValue << Status.mppShift
            if registers.status & Status.mie != 0 { status |= Status.mpie }
            registers.status = status
            registers.privilege = .machine
            vector = registers.machineTrapVector
        }
        // "When MODE=Vectored, all synchronous exceptions into machine mode cause the pc to be set to
        // the address in the BASE field, whereas interrupts cause the pc to be set to BASE+4×cause."
        let target = (vector & ~3) &+ (vector & 3 == 1 && isInterrupt ? 4 * cause : 0)
        // A vector is physical when the handler runs in M-mode or translation is off; a virtual one is
        // checked by fetching it (see `trapVectorEntered`).
        let physicalVector = registers.privilege == .machine || registers.addressTranslation >> 60 == 0
        guard !physicalVector || memory.contains(target, length: 2) else {
            return .fatal(describeUnhandledTrap(cause: cause, value: value, isInterrupt: isInterrupt, pc: pc,
                                                vector: vector))
        }
        hart.pc = target
        trapVectorEntered = target
        return nil
    }

    private func describeUnhandledTrap(cause: UInt64, value: UInt64, isInterrupt: Bool, pc: UInt64,
                                       vector: UInt64) -> String {
        let name = isInterrupt ? "interrupt \(cause)"
            : ExceptionCause(rawValue: cause)?.description ?? "exception \(cause)"
        var text = "\(name) at pc 0x\(hex(pc))"
        if !isInterrupt, cause == ExceptionCause.illegalInstruction.rawValue {
            let word = UInt32(truncatingIfNeeded: value)
            let width = word & 3 == 3 ? 8 : 4
            let digits = String(word, radix: 16)
            text += ": instruction 0x\(String(repeating: "0", count: max(0, width - digits.count)) + digits)"
        } else if !isInterrupt, cause != ExceptionCause.breakpoint.rawValue, value != 0 {
            text += " (address 0x\(hex(value)))"
        }
        return text + " with no trap handler (trap vector 0x\(hex(vector)) is outside RAM)"
    }

    /// Takes the highest-priority pending and enabled interrupt, if any (Volume II, 3.1.9).
    func takePendingInterrupt() -> MachineExit? {
        let pending = registers.pendingInterrupts & registers.interruptEnable
        guard pending != 0 else { return nil }
        let machineEnabled = registers.privilege < .machine || registers.status & Status.mie != 0
        let supervisorEnabled = registers.privilege < .supervisor
            || (registers.privilege == .supervisor && registers.status & Status.sie != 0)
        // Priority: MEI, MSI, MTI, SEI, SSI, STI.
        for cause: UInt64 in [11, 3, 7, 9, 1, 5] where (pending >> cause) & 1 != 0 {
            let delegated = (registers.machineInterruptDelegation >> cause) & 1 != 0
            if delegated ? supervisorEnabled && registers.privilege <= .supervisor : machineEnabled {
                return takeTrap(cause: cause, value: 0, isInterrupt: true)
            }
        }
        return nil
    }

    // MARK: - System instructions

    /// Whether the instruction at physical address `pc` writes memory (a store or an AMO).
    func isStore(at pc: UInt64) -> Bool {
        guard let low = memory.load(pc, as: UInt16.self) else { return false }
        var word = UInt32(low)
        if low & 3 == 3, let high = memory.load(pc &+ 2, as: UInt16.self) { word |= UInt32(high) << 16 }
        switch Decoder.decode(word).operation {
        case .sb, .sh, .sw, .sd, .fsw, .fsd, .scW, .scD, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW,
             .amominW, .amomaxW, .amominuW, .amomaxuW, .amoswapD, .amoaddD, .amoxorD, .amoandD, .amoorD,
             .amominD, .amomaxD, .amominuD, .amomaxuD: return true
        default: return false
        }
    }

    /// Executes a CSR or privileged instruction the engine handed over (pc is at it).
    func execute(_ instruction: Instruction) -> MachineExit? {
        let pc = hart.pc
        let illegal = { [self] () -> MachineExit? in
            let bits = (try? Encoder.encode(instruction)) ?? 0
            return takeTrap(cause: ExceptionCause.illegalInstruction.rawValue, value: UInt64(bits), isInterrupt: false)
        }
        switch instruction.operation {
        case .mret:
            guard registers.privilege == .machine else { return illegal() }
            let status = registers.status
            let previous = PrivilegeLevel(rawValue: (status & Status.mpp) >> Status.mppShift) ?? .user
            var new = status & ~(Status.mpp | Status.mie)
            if status & Status.mpie != 0 { new |= Status.mie }
            new |= Status.mpie
            if previous != .machine { new &= ~Status.mprv }
            registers.status = new
            registers.privilege = previous
            hart.pc = registers.machineExceptionPC
        case .sret:
            guard registers.privilege == .machine
                || (registers.privilege == .supervisor && registers.status & Status.tsr == 0) else { return illegal() }
            let status = registers.status
            let previous: PrivilegeLevel = status & Status.spp != 0 ? .supervisor : .user
            var new = status & ~(Status.spp | Status.sie)
            if status & Status.spie != 0 { new |= Status.sie }
            new |= Status.spie
            new &= ~Status.mprv
            registers.status = new
            registers.privilege = previous
            hart.pc = registers.supervisorExceptionPC
        case .wfi:
            // "When TW=1, then if WFI is executed in any less-privileged mode ... an illegal
            // instruction exception"; in U-mode WFI is illegal unless... we treat it as such.
            if registers.privilege == .user
                || (registers.privilege == .supervisor && registers.status & Status.tw != 0) { return illegal() }
            if let board { waitForInterrupt(on: board) }
            hart.pc = pc &+ 4
        case .sfenceVma:
            if registers.privilege == .user
                || (registers.privilege == .supervisor && registers.status & Status.tvm != 0) { return illegal() }
            // With an address (rs1 != x0), only that page's translation and decoded code go, unless it
            // lies in a superpage; every ASID is flushed (the TLB is not tagged with ASIDs, and a satp
            // write flushes it), which is always correct.
            if instruction.rs1 != 0, translator.flush(virtualAddress: hart[x: Int(instruction.rs1)]) {
                engine.invalidateVirtualCode(page: hart[x: Int(instruction.rs1)])
            } else {
                translator.flush()
                engine.invalidateVirtualCode()
            }
            hart.pc = pc &+ 4
        case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
            let access = ControlStatusRegisterAccess(instruction, rs1Value: hart[x: Int(instruction.rs1)])
            let number = access.number
            let retired = hart.state.pointee.instructionsRetired
            // "If rd=x0, then the instruction shall not read the CSR" for CSRRW; reading has no side
            // effects here, but access rights still apply to the write.
            if let board, number == CSR.mip || number == CSR.sip || number == CSR.time { updateInterruptSignals(board) }
            guard case .value(let old) = registers.read(number, hart: hart.state, retired: retired) else {
                return illegal()
            }
            if access.writes {
                // A read-modify-write of mip or sip modifies the software-writable bits only ("the value
                // used ... is the software-writable SEIP bit, ignoring the interrupt value from the
                // external interrupt controller", Volume II, 3.1.9).
                var base = old
                if number == CSR.mip { base = registers.interruptPending }
                if number == CSR.sip { base = registers.interruptPending & registers.machineInterruptDelegation }
                guard registers.write(number, access.newValue(from: base), hart: hart.state, retired: retired) else {
                    return illegal()
                }
            }
            hart[x: Int(instruction.rd)] = old
            // A new timer deadline or enable may raise or lower STIP at once.
            if let board, access.writes, number == CSR.stimecmp || number == CSR.menvcfg { updateInterruptSignals(board) }
            hart.pc = pc &+ UInt64(instruction.length)
        default:
            return illegal()
        }
        engine.retire(1)
        return nil
    }
}
