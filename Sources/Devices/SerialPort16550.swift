// The 16550A UART of QEMU's virt board (compatible "ns16550a", registers one byte apart), after the
// National Semiconductor / Texas Instruments "PC16550D Universal Asynchronous Receiver/Transmitter with
// FIFOs" data sheet, section 8 "Registers": RBR/THR, IER, IIR/FCR, LCR, MCR, LSR, MSR, SCR, and the
// divisor latch DLL/DLM while LCR.DLAB is set. Transmission is instantaneous (the transmitter is always
// empty); received bytes come from the console. The interrupt line is high while an enabled condition
// holds: received data available (IER bit 0) or transmitter holding register empty (IER bit 1, cleared
// by reading IIR when it reports it or by writing THR, as the data sheet's table 4 says).

/// A 16550A serial port on the console.
package final class SerialPort16550: MemoryMappedDevice {
    /// The window size on QEMU's virt board.
    package static let windowSize: UInt64 = 0x100
    /// The input clock the device tree states (`clock-frequency`), as on QEMU's virt board.
    package static let clockFrequency: UInt32 = 3_686_400

    /// The device's name.
    package let name = "serial"
    /// The register window size.
    package let size = SerialPort16550.windowSize
    /// Where bytes go and come from.
    package let console: Console
    /// The wire to the interrupt controller, if connected.
    package var interrupt: InterruptLine?

    /// Register numbers (offsets).
    private enum Register {
        static let data: UInt64 = 0, interruptEnable: UInt64 = 1, interruptIdentification: UInt64 = 2
        static let lineControl: UInt64 = 3, modemControl: UInt64 = 4, lineStatus: UInt64 = 5
        static let modemStatus: UInt64 = 6, scratch: UInt64 = 7
    }

    /// IER bits.
    private static let receivedDataInterrupt: UInt8 = 1 << 0, transmitterEmptyInterrupt: UInt8 = 1 << 1
    /// LCR.DLAB: registers 0 and 1 are the divisor latch.
    private static let divisorLatchAccess: UInt8 = 1 << 7
    /// LSR bits: data ready, transmitter holding register empty, transmitter empty.
    private static let dataReady: UInt8 = 1 << 0, holdingEmpty: UInt8 = 1 << 5, transmitterEmpty: UInt8 = 1 << 6
    /// MCR loopback.
    private static let loopback: UInt8 = 1 << 4

    private var interruptEnable: UInt8 = 0
    private var lineControl: UInt8 = 0
    private var modemControl: UInt8 = 0
    private var scratch: UInt8 = 0
    private var divisor: UInt16 = 0
    private var fifoControl: UInt8 = 0
    /// The THR-empty interrupt condition (set when THR empties with the interrupt enabled).
    private var transmitterInterruptPending = false
    /// A byte looped back while MCR.LOOP is set.
    private var loopedBack: [UInt8] = []

    /// A serial port on `console`.
    package init(console: Console) {
        self.console = console
    }

    private var dataAvailable: Bool { !loopedBack.isEmpty || console.hasInput }

    /// IIR: the highest-priority pending interrupt (bit 0 clear) or "none" (bit 0 set); bits 7..6 set
    /// while the FIFOs are enabled.
    private var identification: UInt8 {
        let fifos: UInt8 = fifoControl & 1 != 0 ? 0xc0 : 0
        if interruptEnable & SerialPort16550.receivedDataInterrupt != 0, dataAvailable { return fifos | 0x04 }
        if interruptEnable & SerialPort16550.transmitterEmptyInterrupt != 0, transmitterInterruptPending {
            return fifos | 0x02
        }
        return fifos | 0x01
    }

    /// Drives the interrupt line from the current state.
    private func updateInterrupt() {
        interrupt?.set(identification & 1 == 0)
    }

    /// Looks for console input.
    package func poll() { updateInterrupt() }

    /// Reads a register (one byte; wider reads see the byte in their low bits).
    package func read(offset: UInt64, width: Int) -> UInt64 {
        defer { updateInterrupt() }
        let dlab = lineControl & SerialPort16550.divisorLatchAccess != 0
        switch offset {
        case Register.data:
            if dlab { return UInt64(divisor & 0xff) }
            if !loopedBack.isEmpty { return UInt64(loopedBack.removeFirst()) }
            return UInt64(console.nextInput() ?? 0)
        case Register.interruptEnable:
            return dlab ? UInt64(divisor >> 8) : UInt64(interruptEnable)
        case Register.interruptIdentification:
            let value = identification
            // "Reading the IIR ... if the source of the interrupt is the THR empty" clears it.
            if value & 0x0f == 0x02 { transmitterInterruptPending = false }
            return UInt64(value)
        case Register.lineControl: return UInt64(lineControl)
        case Register.modemControl: return UInt64(modemControl)
        case Register.lineStatus:
            return UInt64(SerialPort16550.holdingEmpty | SerialPort16550.transmitterEmpty
                          | (dataAvailable ? SerialPort16550.dataReady : 0))
        case Register.modemStatus:
            if modemControl & SerialPort16550.loopback != 0 {
                // Loopback: DTR -> DSR, RTS -> CTS, OUT1 -> RI, OUT2 -> DCD.
                let control = UInt64(modemControl)
                return (control & 1) << 5 | (control & 2) << 3 | (control & 4) << 4 | (control & 8) << 4
            }
            return 0xb0  // Data carrier detect, data set ready, clear to send.
        case Register.scratch: return UInt64(scratch)
        default: return 0
        }
    }

    /// Writes a register (the low byte of the value).
    package func write(offset: UInt64, width: Int, value: UInt64) {
        defer { updateInterrupt() }
        let byte = UInt8(truncatingIfNeeded: value)
        let dlab = lineControl & SerialPort16550.divisorLatchAccess != 0
        switch offset {
        case Register.data:
            if dlab {
                divisor = (divisor & 0xff00) | UInt16(byte)
            } else {
                if modemControl & SerialPort16550.loopback != 0 { loopedBack.append(byte) } else { console.output(byte) }
                // The byte leaves at once, and THR is empty again.
                transmitterInterruptPending = true
            }
        case Register.interruptEnable:
            if dlab {
                divisor = (divisor & 0x00ff) | UInt16(byte) << 8
            } else {
                let enabling = byte & ~interruptEnable & SerialPort16550.transmitterEmptyInterrupt != 0
                interruptEnable = byte & 0x0f
                // Enabling the THR-empty interrupt while THR is empty raises it.
                if enabling { transmitterInterruptPending = true }
            }
        case Register.interruptIdentification:
            fifoControl = byte & 0xc9
            if byte & 2 != 0 { loopedBack.removeAll() }  // Receiver FIFO reset.
        case Register.lineControl: lineControl = byte
        case Register.modemControl: modemControl = byte & 0x1f
        case Register.scratch: scratch = byte
        default: break  // LSR and MSR are read-only.
        }
    }
}
