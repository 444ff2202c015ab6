// `--bios builtin`: Morph serves the RISC-V Supervisor Binary Interface itself, so that a kernel boots in
// S-mode with no firmware (RISC-V Supervisor Binary Interface Specification, version 2.0: chapter 3
// "Binary Encoding", chapter 4 "Base Extension", 5 "Legacy Extensions", 6 "Timer Extension", 7 "IPI
// Extension", 8 "RFENCE Extension", 9 "Hart State Management Extension", 10 "System Reset Extension",
// 12 "Debug Console Extension"). An ecall from S-mode carries the extension in a7, the function in a6 and
// arguments in a0-a5; the error comes back in a0 and the value in a1.
import Devices
import MorphCore

/// Extension IDs and error codes of the SBI.
enum SupervisorCall {
    /// Extension IDs.
    static let base: UInt64 = 0x10, timer: UInt64 = 0x5449_4d45, interProcessorInterrupt: UInt64 = 0x73_5049
    /// Remote fences, hart state management, system reset, debug console.
    static let remoteFence: UInt64 = 0x5246_4e43, hartStateManagement: UInt64 = 0x48_534d
    /// System reset and the debug console.
    static let systemReset: UInt64 = 0x5352_5354, debugConsole: UInt64 = 0x4442_434e
    /// The legacy extensions 0x00-0x08.
    static let legacySetTimer: UInt64 = 0, legacyConsolePutchar: UInt64 = 1, legacyConsoleGetchar: UInt64 = 2
    /// More legacy extensions.
    static let legacyClearInterProcessorInterrupt: UInt64 = 3, legacySendInterProcessorInterrupt: UInt64 = 4
    /// Legacy fences and shutdown.
    static let legacyRemoteFenceInstruction: UInt64 = 5, legacyRemoteFenceVirtualMemory: UInt64 = 6
    /// Legacy address-space fence and shutdown.
    static let legacyRemoteFenceVirtualMemoryAddressSpace: UInt64 = 7, legacyShutdown: UInt64 = 8

    /// Errors (table 1 of chapter 3).
    static let success: Int64 = 0, failed: Int64 = -1, notSupported: Int64 = -2, invalidParameter: Int64 = -3
    /// More errors.
    static let alreadyAvailable: Int64 = -6

    /// SBI specification version 2.0 (major in bits 30..24).
    static let specificationVersion: UInt64 = 2 << 24
    /// The implementation ID Morph reports ("MRPH"; not one of the registered IDs).
    static let implementationID: UInt64 = 0x4d52_5048
    /// The extensions `probe_extension` reports as available.
    static let supported: Set<UInt64> = [base, timer, interProcessorInterrupt, remoteFence, hartStateManagement,
                                         systemReset, debugConsole, legacySetTimer, legacyConsolePutchar,
                                         legacyConsoleGetchar, legacyClearInterProcessorInterrupt,
                                         legacySendInterProcessorInterrupt, legacyRemoteFenceInstruction,
                                         legacyRemoteFenceVirtualMemory, legacyRemoteFenceVirtualMemoryAddressSpace,
                                         legacyShutdown]
}

extension BareMetalMachine {
    /// Sets the hart up as OpenSBI leaves it for the kernel: supervisor interrupts and the exceptions an
    /// operating system handles delegated to S-mode, counters readable from S and U, and S-mode at `entry`.
    func enterSupervisorMode(at entry: UInt64) {
        registers.machineInterruptDelegation = ControlStatusRegisters.supervisorInterrupts
        // Every exception but the ecalls from S and M: misaligned and faulting accesses, illegal
        // instructions, breakpoints, ecalls from U, page faults.
        registers.machineExceptionDelegation = ControlStatusRegisters.delegableExceptions
            & ~(1 << ExceptionCause.environmentCallFromSupervisor.rawValue)
        registers.machineCounterEnable = 0xffff_ffff
        // PMP entry 0 gives S- and U-mode the whole address space, as OpenSBI's last entry does (there
        // is no firmware in RAM to protect).
        registers.protectionAddresses[0] = (1 << 54) - 1
        registers.protectionConfiguration[0] = 0x1f  // NAPOT, R, W, X
        registers.protectionGeneration += 1
        // Sstc on, as OpenSBI does when the hart has it: the kernel programs stimecmp itself.
        registers.machineEnvironment |= 1 << 63
        registers.privilege = .supervisor
        hart.pc = entry
    }

    /// Serves the SBI call of an ecall from S-mode and returns past it; an exit when it was a system
    /// reset.
    func serveSupervisorCall(on board: VirtBoard) -> MachineExit? {
        let extensionID = hart[x: 17], function = hart[x: 16]
        let arguments = (0..<6).map { hart[x: 10 + $0] }
        var error = SupervisorCall.success
        var value: UInt64? = nil  // nil: a1 is left alone (legacy calls return in a0 only)
        var legacyResult: Int64? = nil
        switch extensionID {
        case SupervisorCall.base:
            switch function {
            case 0: value = SupervisorCall.specificationVersion
            case 1: value = SupervisorCall.implementationID
            case 2: value = 1
            case 3: value = SupervisorCall.supported.contains(arguments[0]) ? 1 : 0
            case 4, 5, 6: value = 0  // mvendorid, marchid, mimpid
            default: error = SupervisorCall.notSupported
            }
        case SupervisorCall.timer where function == 0, SupervisorCall.legacySetTimer:
            // "Clear the pending timer interrupt bit" and program the next event.
            board.supervisorTimerDeadline = arguments[0]
            registers.interruptPending &= ~VirtBoard.supervisorTimer
            if extensionID == SupervisorCall.legacySetTimer { legacyResult = 0 } else { value = 0 }
        case SupervisorCall.interProcessorInterrupt where function == 0:
            // send_ipi(hart_mask, hart_mask_base): hart 0 is the only hart.
            if sendsToHartZero(mask: arguments[0], base: arguments[1]) { registers.interruptPending |= 1 << 1 }
            value = 0
        case SupervisorCall.legacySendInterProcessorInterrupt:
            registers.interruptPending |= 1 << 1
            legacyResult = 0
        case SupervisorCall.legacyClearInterProcessorInterrupt:
            registers.interruptPending &= ~(1 << 1)
            legacyResult = 0
        case SupervisorCall.remoteFence where function <= 2,
             SupervisorCall.legacyRemoteFenceInstruction, SupervisorCall.legacyRemoteFenceVirtualMemory,
             SupervisorCall.legacyRemoteFenceVirtualMemoryAddressSpace:
            let instructionFence = extensionID == SupervisorCall.remoteFence ? function == 0
                : extensionID == SupervisorCall.legacyRemoteFenceInstruction
            if instructionFence {
                engine.invalidateAllCode()
            } else {
                translator.flush()
                engine.invalidateVirtualCode()
            }
            if extensionID == SupervisorCall.remoteFence { value = 0 } else { legacyResult = 0 }
        case SupervisorCall.hartStateManagement:
            switch function {
            case 0: error = arguments[0] == 0 ? SupervisorCall.alreadyAvailable : SupervisorCall.invalidParameter
            case 2:
                // hart_get_status: hart 0 is STARTED (0).
                if arguments[0] == 0 { value = 0 } else { error = SupervisorCall.invalidParameter }
            default: error = SupervisorCall.notSupported
            }
        case SupervisorCall.systemReset where function == 0:
            // system_reset(type, reason): shutdown (0) ends the run, with status 1 for reason 1 ("system
            // failure"); a cold (1) or warm (2) reboot resets the machine.
            guard arguments[0] <= 2, arguments[1] <= 1 || arguments[1] >= 0xe000_0000 else {
                error = SupervisorCall.invalidParameter
                break
            }
            board.console.flush()
            if arguments[0] != 0 { return .reset }
            return .exited(code: arguments[1] == 1 ? 1 : 0)
        case SupervisorCall.legacyShutdown:
            board.console.flush()
            return .exited(code: 0)
        case SupervisorCall.debugConsole:
            switch function {
            case 0, 1:
                // console_write / console_read(num_bytes, base_addr_lo, base_addr_hi): physical memory.
                let address = arguments[1] | arguments[2] << 32
                let count = Int(min(arguments[0], 1 << 20))
                guard memory.contains(address, length: UInt64(max(count, 1))) else {
                    error = SupervisorCall.invalidParameter
                    break
                }
                if function == 0 {
                    memory.read(address, length: count)?.forEach(board.console.output)
                    value = UInt64(count)
                } else {
                    var read = 0
                    while read < count, let byte = board.console.nextInput() {
                        engine.prepareForHostWrite(from: address &+ UInt64(read), to: address &+ UInt64(read) + 1)
                        memory.store(byte, at: address &+ UInt64(read))
                        read += 1
                    }
                    value = UInt64(read)
                }
            case 2:
                board.console.output(UInt8(truncatingIfNeeded: arguments[0]))
                value = 0
            default: error = SupervisorCall.notSupported
            }
        case SupervisorCall.legacyConsolePutchar:
            board.console.output(UInt8(truncatingIfNeeded: arguments[0]))
            legacyResult = 0
        case SupervisorCall.legacyConsoleGetchar:
            legacyResult = board.console.nextInput().map { Int64($0) } ?? -1
        default:
            error = SupervisorCall.notSupported
        }
        if let legacyResult {
            hart[x: 10] = UInt64(bitPattern: legacyResult)
        } else {
            hart[x: 10] = UInt64(bitPattern: error)
            if let value { hart[x: 11] = value }
        }
        hart.pc &+= 4
        engine.retire(1)
        updateInterruptSignals(board)
        return takePendingInterrupt()
    }

    /// Whether an SBI hart mask names hart 0 ("hart_mask_base ... -1 means all available harts").
    private func sendsToHartZero(mask: UInt64, base: UInt64) -> Bool {
        base == UInt64.max || (base == 0 && mask & 1 != 0)
    }
}
