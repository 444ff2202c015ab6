// SiFive's test device ("sifive,test0", "sifive,test1"; QEMU hw/misc/sifive_test.c) at 0x100000 on
// QEMU's virt board, which the device tree also offers as the syscon of the "syscon-poweroff" and
// "syscon-reboot" nodes (Linux Documentation/devicetree/bindings/power/reset/syscon-poweroff.yaml): a
// write of 0x5555 powers off with success, 0x3333 | code << 16 fails with `code`, 0x7777 resets.

/// The test and power-off device.
package final class TestDevice: MemoryMappedDevice {
    /// What software asked for.
    package enum Request: Equatable, Sendable {
        /// Power off; `code` 0 is success.
        case powerOff(code: Int32)
        /// Reset the machine.
        case reset
    }

    /// The window size on QEMU's virt board.
    package static let windowSize: UInt64 = 0x1000
    /// The status values of the low 16 bits.
    package static let fail: UInt64 = 0x3333, pass: UInt64 = 0x5555, reset: UInt64 = 0x7777

    /// The device's name.
    package let name = "test"
    /// The register window size.
    package let size = TestDevice.windowSize
    /// The last request, until the machine acts on it.
    package var request: Request?

    /// A device with no request.
    package init() {}

    /// Reads as zero.
    package func read(offset: UInt64, width: Int) -> UInt64 { 0 }

    /// A write of a status to offset 0 records the request. A 16-bit write counts as a 32-bit one with
    /// the upper half zero, as on QEMU (OpenSBI's sifive_test driver powers off with `writew`).
    package func write(offset: UInt64, width: Int, value: UInt64) {
        guard offset == 0, width >= 2 else { return }
        switch value & 0xffff {
        case TestDevice.pass: request = .powerOff(code: 0)
        case TestDevice.fail: request = .powerOff(code: Int32(truncatingIfNeeded: (value >> 16) & 0xffff))
        case TestDevice.reset: request = .reset
        default: break
        }
    }
}
