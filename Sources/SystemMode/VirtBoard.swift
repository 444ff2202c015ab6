// The devices and physical memory map of QEMU's `virt` board (QEMU hw/riscv/virt.c, `virt_memmap`), so
// that firmware and kernels built for it run unchanged: the SiFive test device at 0x100000, the Goldfish
// RTC at 0x101000, the CLINT at 0x2000000, the PLIC at 0xc000000, the 16550A UART at 0x10000000 and
// eight virtio-mmio slots from 0x10001000, RAM at 0x80000000. Interrupt sources of the PLIC: virtio
// slots 1-8, UART 10, RTC 11 (The RISC-V Instruction Set Manual, Volume II, 3.1.9 for the mip bits the
// CLINT and PLIC drive).
import Devices

/// The physical address map beyond RAM: devices by address.
package final class SystemBus {
    /// One device at its base address.
    package struct Mapping {
        /// The first physical address of the device's window.
        package let base: UInt64
        /// The device.
        package let device: any MemoryMappedDevice
    }

    /// The mappings, by base address.
    package private(set) var mappings: [Mapping] = []

    /// An empty bus.
    package init() {}

    /// Maps `device` at `base` (its window must not overlap another's).
    package func map(_ device: any MemoryMappedDevice, at base: UInt64) {
        precondition(!mappings.contains { base < $0.base + $0.device.size && $0.base < base + device.size },
                     "device windows overlap")
        mappings.append(Mapping(base: base, device: device))
        mappings.sort { $0.base < $1.base }
    }

    /// The device whose window holds all `width` bytes at `address`, and the offset into it. Accesses
    /// must be naturally aligned (Volume II, 3.6.3: I/O regions may refuse misaligned accesses).
    package func device(at address: UInt64, width: Int) -> (device: any MemoryMappedDevice, offset: UInt64)? {
        guard address % UInt64(width) == 0 else { return nil }
        for mapping in mappings where address >= mapping.base {
            let offset = address - mapping.base
            if offset < mapping.device.size, mapping.device.size - offset >= UInt64(width) {
                return (mapping.device, offset)
            }
        }
        return nil
    }

    /// Lets every device catch up (see `MemoryMappedDevice.poll`).
    package func pollAll() {
        for mapping in mappings { mapping.device.poll() }
    }
}

/// QEMU virt's devices, wired to one hart.
public final class VirtBoard {
    /// Physical addresses of QEMU's virt board.
    public static let testBase: UInt64 = 0x10_0000, realTimeClockBase: UInt64 = 0x10_1000
    /// The CLINT.
    public static let clintBase: UInt64 = 0x200_0000
    /// The PLIC.
    public static let plicBase: UInt64 = 0xc00_0000
    /// The UART.
    public static let serialBase: UInt64 = 0x1000_0000
    /// The first virtio-mmio slot; slot n is at `virtioBase + 0x1000 * n`.
    public static let virtioBase: UInt64 = 0x1000_1000
    /// The number of virtio-mmio slots.
    public static let virtioSlotCount = 8
    /// PLIC sources: virtio slot n (0-based) is source `virtioInterrupt + n`.
    public static let virtioInterrupt = 1, serialInterrupt = 10, realTimeClockInterrupt = 11
    /// Where a kernel goes when firmware runs first (QEMU: the start of RAM plus 2 MiB on RV64).
    public static let kernelBase: UInt64 = 0x8020_0000

    /// The physical address map.
    package let bus = SystemBus()
    /// mtime and the SBI timer.
    package let clock: MachineClock
    /// The CLINT.
    package let clint: CoreLocalInterruptor
    /// The PLIC.
    package let plic: PlatformLevelInterruptController
    /// The UART.
    package let serial: SerialPort16550
    /// The test / power-off device.
    package let test = TestDevice()
    /// The RTC.
    package let realTimeClock = GoldfishRealTimeClock()
    /// The guest's console (the UART's and the SBI debug console's).
    package let console: Console
    /// Wakes a waiting hart when input arrives.
    package let events = DeviceEvents()

    /// Whether Morph serves the SBI itself (`--bios builtin`): S-mode ecalls are SBI calls.
    package var servesSupervisorCalls = false
    /// The deadline of the SBI timer (`sbi_set_timer`), in mtime ticks; STIP is pending from then on.
    package var supervisorTimerDeadline: UInt64?
    /// The PLIC's outputs to the hart (MEIP, SEIP) as last computed.
    private var externalInterrupts: UInt64 = 0

    /// The blob handed to software in a1.
    public internal(set) var deviceTree: [UInt8] = []

    /// The virtio devices plugged in, by slot (nil: empty).
    package private(set) var virtioTransports: [VirtioTransport?] = Array(repeating: nil, count: VirtBoard.virtioSlotCount)

    /// The slot the `index`th plugged virtio device goes to. As on QEMU, the first device takes the
    /// highest-addressed slot, 0x10008000, the next one 0x10007000, and so on: QEMU creates the
    /// virtio-mmio transports in increasing address order but each new bus is prepended to the list a
    /// `-device` looks for a free bus in (hw/riscv/virt.c, as the comment in hw/arm/virt.c explains), and
    /// the device tree lists the slots from the highest address, so Linux finds the first drive first
    /// (/dev/vda).
    package static func virtioSlot(ofDevice index: Int) -> Int { VirtBoard.virtioSlotCount - 1 - index }

    /// The devices of the virt board, wired to `console`, with `virtioDevices` (at most eight) in the
    /// virtio-mmio slots from the highest down (see `virtioSlot(ofDevice:)`), their queues in `memory`.
    package init(console: Console = Console(), virtioDevices: [any VirtioDevice] = [],
                 memory: (any DirectMemoryAccess)? = nil) {
        precondition(virtioDevices.count <= VirtBoard.virtioSlotCount, "too many virtio devices")
        precondition(virtioDevices.isEmpty || memory != nil, "virtio devices need guest memory")
        self.console = console
        clock = MachineClock()
        clint = CoreLocalInterruptor(clock: clock)
        plic = PlatformLevelInterruptController()
        serial = SerialPort16550(console: console)
        console.events = events
        serial.interrupt = InterruptLine(sink: plic, source: VirtBoard.serialInterrupt)
        realTimeClock.interrupt = InterruptLine(sink: plic, source: VirtBoard.realTimeClockInterrupt)
        bus.map(test, at: VirtBoard.testBase)
        bus.map(realTimeClock, at: VirtBoard.realTimeClockBase)
        bus.map(clint, at: VirtBoard.clintBase)
        bus.map(plic, at: VirtBoard.plicBase)
        bus.map(serial, at: VirtBoard.serialBase)
        for (index, device) in virtioDevices.enumerated() {
            guard let memory else { break }
            let slot = VirtBoard.virtioSlot(ofDevice: index)
            let transport = VirtioTransport(device: device, memory: memory)
            transport.interrupt = InterruptLine(sink: plic, source: VirtBoard.virtioInterrupt + slot)
            virtioTransports[slot] = transport
        }
        for slot in 0..<VirtBoard.virtioSlotCount {
            bus.map(virtioTransports[slot] ?? VirtioMemoryMappedSlot(), at: VirtBoard.virtioBase + 0x1000 * UInt64(slot))
        }
    }

    /// Writes what the block devices' images still have buffered in the host to storage (at exit).
    package func synchronizeStorage() {
        for case let transport? in virtioTransports {
            (transport.device as? VirtioBlockDevice)?.synchronize()
        }
    }

    /// mip bits.
    static let machineSoftware: UInt64 = 1 << 3, machineTimer: UInt64 = 1 << 7, machineExternal: UInt64 = 1 << 11
    /// Supervisor mip bits.
    static let supervisorTimer: UInt64 = 1 << 5, supervisorExternal: UInt64 = 1 << 9

    /// The mip bits the devices drive now (MSIP, MTIP, MEIP, SEIP, and STIP from the SBI timer), after
    /// letting every device catch up.
    func interruptSignals() -> UInt64 {
        bus.pollAll()
        if plic.takeChanged() {
            externalInterrupts = (plic.interruptPending(context: 0) ? VirtBoard.machineExternal : 0)
                | (plic.interruptPending(context: 1) ? VirtBoard.supervisorExternal : 0)
        }
        let now = clock.ticks
        var signals = externalInterrupts
        if clint.softwareInterruptPending() { signals |= VirtBoard.machineSoftware }
        if now >= clint.timerCompare[0] { signals |= VirtBoard.machineTimer }
        if let deadline = supervisorTimerDeadline, now >= deadline { signals |= VirtBoard.supervisorTimer }
        return signals
    }

    /// The earliest timer deadline, in ticks, among the timer interrupts enabled in `enabled` (mie).
    func nextDeadline(enabled: UInt64) -> UInt64 {
        var deadline = UInt64.max
        if enabled & VirtBoard.machineTimer != 0 { deadline = min(deadline, clint.timerCompare[0]) }
        if enabled & VirtBoard.supervisorTimer != 0, let supervisor = supervisorTimerDeadline {
            deadline = min(deadline, supervisor)
        }
        return deadline
    }
}
