// How the machine reaches its devices: loads and stores whose physical address lies in a device window
// end the engine's run with an access fault (the engines know RAM only); the machine decodes the
// instruction, performs the access on the device, writes rd and retires it, as it completes CSR
// instructions. Between runs it brings mip up to date from the CLINT, the PLIC and the SBI timer, and
// `wfi` sleeps the host thread until the next timer deadline or a device event (The RISC-V Instruction
// Set Manual, Volume II, 3.1.9 "Machine Interrupt Registers", 3.3.3 "Wait for Interrupt": "the hart
// ... may be stalled until an interrupt might need servicing").
import Devices
import MorphCore
import RISCV

extension BareMetalMachine {
    /// What became of an access fault that might be a device access.
    enum DeviceAccessOutcome {
        /// The access went to a device; the instruction has retired.
        case completed
        /// No device is there: the fault stands.
        case notDevice
        /// The access ended the machine (the test device powered it off).
        case exit(MachineExit)
    }

    /// The instruction at virtual address `pc`, fetched as the hart would (nil if it cannot be).
    func fetchInstruction(at pc: UInt64) -> Instruction? {
        func physical(_ address: UInt64) -> UInt64? {
            translator.translatesFetches ? translator.translate(address, for: .fetch) : address
        }
        guard let low = physical(pc).flatMap({ memory.load($0, as: UInt16.self) }) else { return nil }
        if low & 3 != 3 { return Decoder.decodeCompressed(low) }
        guard let high = physical(pc &+ 2).flatMap({ memory.load($0, as: UInt16.self) }) else { return nil }
        return Decoder.decode(UInt32(low) | UInt32(high) << 16)
    }

    /// Completes the load or store at pc on a device, if its address lies in a device window.
    func completeDeviceAccess(on board: VirtBoard) -> DeviceAccessOutcome {
        let pc = hart.pc
        guard let instruction = fetchInstruction(at: pc) else { return .notDevice }
        let width: Int, store: Bool, signed: Bool
        switch instruction.operation {
        case .lb: (width, store, signed) = (1, false, true)
        case .lh: (width, store, signed) = (2, false, true)
        case .lw: (width, store, signed) = (4, false, true)
        case .ld: (width, store, signed) = (8, false, true)
        case .lbu: (width, store, signed) = (1, false, false)
        case .lhu: (width, store, signed) = (2, false, false)
        case .lwu: (width, store, signed) = (4, false, false)
        case .sb: (width, store, signed) = (1, true, false)
        case .sh: (width, store, signed) = (2, true, false)
        case .sw: (width, store, signed) = (4, true, false)
        case .sd: (width, store, signed) = (8, true, false)
        default: return .notDevice  // Floating-point accesses and AMOs to devices stay access faults.
        }
        let address = hart[x: Int(instruction.rs1)] &+ UInt64(bitPattern: Int64(instruction.immediate))
        var physical = address
        if translator.translatesData {
            guard let translated = translator.translate(address, for: store ? .store : .load) else { return .notDevice }
            physical = translated
        }
        guard let (device, offset) = board.bus.device(at: physical, width: width) else { return .notDevice }
        if store {
            device.write(offset: offset, width: width, value: hart[x: Int(instruction.rs2)])
        } else {
            var value = device.read(offset: offset, width: width)
            if signed, width < 8 {
                let shift = UInt64(64 - 8 * width)
                value = UInt64(bitPattern: Int64(bitPattern: value << shift) >> shift)
            }
            hart[x: Int(instruction.rd)] = value
        }
        hart.pc = pc &+ UInt64(instruction.length)
        engine.retire(1)
        if let request = board.test.request {
            board.test.request = nil
            board.console.flush()
            switch request {
            case .powerOff(let code): return .exit(.exited(code: code))
            case .reset: return .exit(.reset)
            }
        }
        updateInterruptSignals(board)
        return .completed
    }

    /// Sets the device-driven bits of mip from the board, and STIP from stimecmp when Sstc is enabled.
    func updateInterruptSignals(_ board: VirtBoard) {
        var signals = board.interruptSignals()
        if registers.supervisorTimerCompareEnabled, board.clock.ticks >= registers.supervisorTimerCompare {
            signals |= VirtBoard.supervisorTimer
        }
        registers.externalInterruptPending = signals
    }

    /// Between runs: devices catch up, mip follows them, console output is flushed, and Ctrl-A x ends
    /// the run.
    func serviceDevices(_ board: VirtBoard) -> MachineExit? {
        board.console.flush()
        if board.console.quitRequested { return .exited(code: 0) }
        updateInterruptSignals(board)
        return nil
    }

    /// The longest a `wfi` sleeps without news (it then retires, as a spurious wake-up may).
    static let longestWait: UInt64 = 100_000_000

    /// `wfi` on the virt board: returns at once when an interrupt enabled in mie is pending, else sleeps
    /// until the earliest enabled timer deadline or a device event.
    func waitForInterrupt(on board: VirtBoard) {
        updateInterruptSignals(board)
        if registers.pendingInterrupts & registers.interruptEnable != 0 { return }
        board.console.flush()
        var deadline = board.nextDeadline(enabled: registers.interruptEnable)
        if registers.supervisorTimerCompareEnabled, registers.interruptEnable & VirtBoard.supervisorTimer != 0 {
            deadline = min(deadline, registers.supervisorTimerCompare)
        }
        let now = MachineClock.hostNanoseconds()
        let limit = now &+ BareMetalMachine.longestWait
        board.events.wait(untilHostNanoseconds: min(board.clock.hostNanoseconds(atTick: deadline), limit))
        updateInterruptSignals(board)
    }
}
