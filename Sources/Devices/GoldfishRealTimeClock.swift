// The Goldfish real-time clock of Android's emulator and QEMU's virt board ("google,goldfish-rtc";
// Android emulator docs "GOLDFISH-VIRTUAL-HARDWARE.TXT", section "III. Goldfish real-time clock"):
// nanoseconds since the Unix epoch in TIME_LOW (0x00, reading it latches TIME_HIGH) and TIME_HIGH
// (0x04), an alarm at ALARM_LOW/ALARM_HIGH (0x08/0x0c, writing ALARM_LOW arms it), IRQ_ENABLED (0x10),
// CLEAR_ALARM (0x14), ALARM_STATUS (0x18) and CLEAR_INTERRUPT (0x1c).
import Glibc

/// The Goldfish RTC over the host's CLOCK_REALTIME.
package final class GoldfishRealTimeClock: MemoryMappedDevice {
    /// The window size on QEMU's virt board.
    package static let windowSize: UInt64 = 0x1000

    /// The device's name.
    package let name = "rtc"
    /// The register window size.
    package let size = GoldfishRealTimeClock.windowSize
    /// The wire to the interrupt controller, if connected.
    package var interrupt: InterruptLine?

    /// Added to the host time (a write to TIME_LOW/TIME_HIGH sets the clock).
    private var offset: Int64 = 0
    private var latchedHigh: UInt32 = 0
    private var alarm: UInt64 = 0
    private var alarmArmed = false
    private var interruptEnabled = false
    private var interruptPending = false

    /// A clock at the host's time.
    package init() {}

    /// The guest's time in nanoseconds since the epoch.
    private var now: UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(bitPattern: Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec) &+ offset)
    }

    /// Fires the alarm when its time has come.
    package func poll() {
        if alarmArmed, now >= alarm {
            alarmArmed = false
            interruptPending = true
        }
        interrupt?.set(interruptPending && interruptEnabled)
    }

    /// Reads a 32-bit register.
    package func read(offset: UInt64, width: Int) -> UInt64 {
        switch offset {
        case 0x00:
            let time = now
            latchedHigh = UInt32(truncatingIfNeeded: time >> 32)
            return time & 0xffff_ffff
        case 0x04: return UInt64(latchedHigh)
        case 0x08: return alarm & 0xffff_ffff
        case 0x0c: return alarm >> 32
        case 0x10: return interruptEnabled ? 1 : 0
        case 0x18: return alarmArmed ? 1 : 0
        default: return 0
        }
    }

    /// Writes a 32-bit register.
    package func write(offset: UInt64, width: Int, value: UInt64) {
        let word = value & 0xffff_ffff
        switch offset {
        case 0x00:
            let time = (UInt64(latchedHigh) << 32) | word
            self.offset = self.offset &+ Int64(bitPattern: time &- now)
        case 0x04: latchedHigh = UInt32(word)
        case 0x08:
            alarm = (alarm & ~0xffff_ffff) | word
            alarmArmed = true
        case 0x0c: alarm = (alarm & 0xffff_ffff) | word << 32
        case 0x10: interruptEnabled = word & 1 != 0
        case 0x14: alarmArmed = false
        case 0x1c: interruptPending = false
        default: break
        }
        poll()
    }
}
