// The CLINT (core-local interruptor) of SiFive and QEMU's virt board, as the RISC-V ACLINT
// specification describes it (RISC-V Advanced Core Local Interruptor Specification, version 1.0:
// chapter 2 "Machine-level Timer Device (MTIMER)", chapter 3 "Machine-level Software Interrupt Device
// (MSWI)"; The RISC-V Instruction Set Manual, Volume II, 3.2.1 "Machine Timer Registers"). Layout:
// msip per hart at 0x0000 (4 bytes each), mtimecmp per hart at 0x4000 (8 bytes each), mtime at 0xbff8.

/// The CLINT of a machine with `hartCount` harts.
package final class CoreLocalInterruptor: MemoryMappedDevice {
    /// Offsets of the register banks.
    package static let softwareInterruptOffset: UInt64 = 0x0000
    /// mtimecmp of hart 0.
    package static let timerCompareOffset: UInt64 = 0x4000
    /// mtime.
    package static let timerOffset: UInt64 = 0xbff8
    /// The window size on QEMU's virt board.
    package static let windowSize: UInt64 = 0x10000

    /// The device's name.
    package let name = "clint"
    /// The register window size.
    package let size = CoreLocalInterruptor.windowSize
    /// mtime's source.
    package let clock: MachineClock
    /// msip of each hart (bit 0 only).
    package private(set) var softwareInterrupt: [UInt32]
    /// mtimecmp of each hart; all ones at reset, so that no timer interrupt is pending before software
    /// sets a deadline.
    package private(set) var timerCompare: [UInt64]

    /// A CLINT for `hartCount` harts over `clock`.
    package init(clock: MachineClock, hartCount: Int = 1) {
        self.clock = clock
        softwareInterrupt = Array(repeating: 0, count: hartCount)
        timerCompare = Array(repeating: .max, count: hartCount)
    }

    /// Whether hart `hart`'s machine timer interrupt is pending (mip.MTIP): "A machine timer interrupt
    /// becomes pending whenever mtime contains a value greater than or equal to mtimecmp".
    package func timerInterruptPending(hart: Int = 0) -> Bool { clock.ticks >= timerCompare[hart] }

    /// Whether hart `hart`'s machine software interrupt is pending (mip.MSIP).
    package func softwareInterruptPending(hart: Int = 0) -> Bool { softwareInterrupt[hart] & 1 != 0 }

    /// Reads a register.
    package func read(offset: UInt64, width: Int) -> UInt64 {
        let harts = UInt64(softwareInterrupt.count)
        switch offset {
        case ..<(4 * harts):
            return readPart(offset: offset, width: width) { aligned in
                let index = Int(aligned / 4)
                let low = UInt64(softwareInterrupt[index])
                let high = index + 1 < softwareInterrupt.count ? UInt64(softwareInterrupt[index + 1]) : 0
                return low | high << 32
            }
        case CoreLocalInterruptor.timerCompareOffset..<(CoreLocalInterruptor.timerCompareOffset + 8 * harts):
            return readPart(offset: offset, width: width) { timerCompare[Int(($0 - CoreLocalInterruptor.timerCompareOffset) / 8)] }
        case CoreLocalInterruptor.timerOffset..<(CoreLocalInterruptor.timerOffset + 8):
            return readPart(offset: offset, width: width) { _ in clock.ticks }
        default:
            return 0
        }
    }

    /// Writes a register.
    package func write(offset: UInt64, width: Int, value: UInt64) {
        let harts = UInt64(softwareInterrupt.count)
        switch offset {
        case ..<(4 * harts):
            // Each msip is 32 bits wide with only bit 0 writable; an 8-byte write covers two harts.
            for byte in 0..<UInt64(width) where (offset + byte) % 4 == 0 && (offset + byte) / 4 < harts {
                softwareInterrupt[Int((offset + byte) / 4)] = UInt32((value >> (8 * byte)) & 1)
            }
        case CoreLocalInterruptor.timerCompareOffset..<(CoreLocalInterruptor.timerCompareOffset + 8 * harts):
            let index = Int((offset - CoreLocalInterruptor.timerCompareOffset) / 8)
            timerCompare[index] = mergePart(timerCompare[index], offset: offset, width: width, value: value)
        case CoreLocalInterruptor.timerOffset..<(CoreLocalInterruptor.timerOffset + 8):
            clock.setTicks(mergePart(clock.ticks, offset: offset, width: width, value: value))
        default:
            break
        }
    }
}
