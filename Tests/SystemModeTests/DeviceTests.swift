// The devices of the virt board on their own, through their registers (RISC-V PLIC Specification 1.0.0;
// RISC-V ACLINT Specification 1.0; the PC16550D data sheet; the Devicetree Specification v0.4, chapter 5
// for the blob layout).
import Devices
import Testing
@testable import SystemMode

@Suite struct DeviceTests {
    @Test func plicClaimsTheHighestPriorityAndHonoursThresholds() {
        let plic = PlatformLevelInterruptController()
        let context = PlatformLevelInterruptController.contextOffset
        plic.write(offset: 4 * 3, width: 4, value: 2)      // priority of source 3
        plic.write(offset: 4 * 10, width: 4, value: 5)     // priority of source 10
        plic.write(offset: 4 * 10, width: 4, value: 0xff)  // WARL: 3 bits
        #expect(plic.read(offset: 4 * 10, width: 4) == 7)
        plic.setLevel(source: 3, high: true)
        plic.setLevel(source: 10, high: true)
        #expect(plic.read(offset: PlatformLevelInterruptController.pendingOffset, width: 4) == 1 << 3 | 1 << 10)
        #expect(!plic.interruptPending(context: 0))  // nothing enabled
        plic.write(offset: PlatformLevelInterruptController.enableOffset, width: 4, value: 1 << 3 | 1 << 10 | 1)
        #expect(plic.read(offset: PlatformLevelInterruptController.enableOffset, width: 4) == 1 << 3 | 1 << 10)
        #expect(plic.interruptPending(context: 0))
        #expect(!plic.interruptPending(context: 1))  // context 1 has its own enables
        plic.write(offset: context, width: 4, value: 7)  // threshold 7 masks everything
        #expect(!plic.interruptPending(context: 0))
        #expect(plic.read(offset: context + 4, width: 4) == 0)
        plic.write(offset: context, width: 4, value: 1)
        #expect(plic.read(offset: context + 4, width: 4) == 10)  // highest priority first
        #expect(plic.read(offset: context + 4, width: 4) == 3)
        #expect(plic.read(offset: context + 4, width: 4) == 0)  // both in service
        // Completion with the level still high makes the source pending again; a low level does not.
        plic.write(offset: context + 4, width: 4, value: 10)
        plic.setLevel(source: 3, high: false)
        plic.write(offset: context + 4, width: 4, value: 3)
        #expect(plic.read(offset: PlatformLevelInterruptController.pendingOffset, width: 4) == 1 << 10)
        // A completion for a source not enabled in the context is ignored.
        #expect(plic.read(offset: context + 4, width: 4) == 10)
        plic.write(offset: PlatformLevelInterruptController.enableOffset, width: 4, value: 0)
        plic.write(offset: context + 4, width: 4, value: 10)
        plic.write(offset: PlatformLevelInterruptController.enableOffset, width: 4, value: 1 << 10)
        #expect(plic.read(offset: context + 4, width: 4) == 0)
    }

    @Test func clintRegistersInPartsAndTheTimerCondition() {
        let clock = MachineClock()
        let clint = CoreLocalInterruptor(clock: clock)
        #expect(!clint.timerInterruptPending())  // mtimecmp resets to the far future
        clint.write(offset: CoreLocalInterruptor.timerCompareOffset, width: 4, value: 0x1234_5678)
        clint.write(offset: CoreLocalInterruptor.timerCompareOffset + 4, width: 4, value: 0)
        #expect(clint.read(offset: CoreLocalInterruptor.timerCompareOffset, width: 8) == 0x1234_5678)
        #expect(clint.read(offset: CoreLocalInterruptor.timerCompareOffset + 2, width: 2) == 0x1234)
        clint.write(offset: CoreLocalInterruptor.timerOffset, width: 8, value: 0x1234_0000)
        let now = clint.read(offset: CoreLocalInterruptor.timerOffset, width: 8)
        #expect(now >= 0x1234_0000 && now < 0x1234_0000 + 10_000_000)
        clint.write(offset: CoreLocalInterruptor.timerCompareOffset, width: 8, value: 0)
        #expect(clint.timerInterruptPending())
        clint.write(offset: 0, width: 4, value: 3)
        #expect(clint.read(offset: 0, width: 4) == 1)  // only bit 0 of msip
        #expect(clint.softwareInterruptPending())
    }

    @Test func serialPortInterruptIdentification() {
        let console = Console()
        var written: [UInt8] = []
        console.write = { written.append($0) }
        let serial = SerialPort16550(console: console)
        let plic = PlatformLevelInterruptController()
        serial.interrupt = InterruptLine(sink: plic, source: 10)
        plic.write(offset: 40, width: 4, value: 1)
        plic.write(offset: PlatformLevelInterruptController.enableOffset, width: 4, value: 1 << 10)
        #expect(serial.read(offset: 2, width: 1) & 1 == 1)  // no interrupt
        #expect(serial.read(offset: 5, width: 1) == 0x60)  // THR empty, transmitter empty, no data
        serial.write(offset: 1, width: 1, value: 2)  // THR-empty interrupt
        #expect(plic.interruptPending(context: 0))
        #expect(serial.read(offset: 2, width: 1) == 0x02)  // reading IIR clears it
        #expect(serial.read(offset: 2, width: 1) == 0x01)
        #expect(!plic.interruptPending(context: 0))
        serial.write(offset: 0, width: 1, value: UInt64(UInt8(ascii: "A")))
        #expect(written == [UInt8(ascii: "A")])
        #expect(serial.read(offset: 2, width: 1) == 0x02)
        serial.write(offset: 1, width: 1, value: 1)  // received-data interrupt only
        console.receive([0x41, 0x42])
        serial.poll()
        #expect(serial.read(offset: 5, width: 1) & 1 == 1)
        #expect(serial.read(offset: 2, width: 1) == 0x04)
        #expect(serial.read(offset: 0, width: 1) == 0x41)
        #expect(serial.read(offset: 0, width: 1) == 0x42)
        #expect(serial.read(offset: 2, width: 1) == 0x01)
        // The divisor latch.
        serial.write(offset: 3, width: 1, value: 0x83)
        serial.write(offset: 0, width: 1, value: 0x01)
        serial.write(offset: 1, width: 1, value: 0x02)
        #expect(serial.read(offset: 0, width: 1) == 0x01 && serial.read(offset: 1, width: 1) == 0x02)
        serial.write(offset: 3, width: 1, value: 0x03)
        #expect(serial.read(offset: 1, width: 1) == 1)  // IER again
    }

    @Test func testDeviceRequests() {
        let device = TestDevice()
        device.write(offset: 0, width: 4, value: 0x1234)
        #expect(device.request == nil)
        device.write(offset: 0, width: 4, value: 0x5555)
        #expect(device.request == .powerOff(code: 0))
        device.write(offset: 0, width: 4, value: 7 << 16 | 0x3333)
        #expect(device.request == .powerOff(code: 7))
        device.write(offset: 0, width: 4, value: 0x7777)
        #expect(device.request == .reset)
    }

    @Test func flattenedDeviceTreeLayout() {
        var root = DeviceTreeNode("")
        root.set("#address-cells", cells: [2])
        var child = DeviceTreeNode("child@10")
        child.set("compatible", strings: ["a", "bc"])
        child.set("empty")
        root.add(child)
        let blob = FlattenedDeviceTree.blob(root: root, reservations: [(0x8000_0000, 0x1000)])
        func word(_ offset: Int) -> UInt32 { blob[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        #expect(word(0) == 0xd00d_feed)
        #expect(Int(word(4)) == blob.count)
        #expect(word(20) == 17 && word(24) == 16)
        let reservations = Int(word(16)), structure = Int(word(8)), strings = Int(word(12))
        #expect(reservations % 8 == 0)
        #expect(word(reservations) == 0 && word(reservations + 4) == 0x8000_0000 && word(reservations + 12) == 0x1000)
        #expect(word(reservations + 16) == 0 && word(reservations + 28) == 0)  // the terminating entry
        #expect(word(structure) == 1 && word(structure + 4) == 0)  // FDT_BEGIN_NODE "" (padded)
        #expect(word(structure + Int(word(36)) - 4) == 9)  // FDT_END
        let stringBlock = blob[strings..<strings + Int(word(32))]
        #expect(String(decoding: stringBlock, as: UTF8.self) == "#address-cells\0compatible\0empty\0")
    }
}
