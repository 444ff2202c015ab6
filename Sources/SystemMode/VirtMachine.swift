// Booting QEMU virt's way: the device tree the board describes (Devicetree Specification v0.4; the
// bindings of Linux Documentation/devicetree/bindings: riscv/cpus.yaml, riscv/extensions.yaml,
// timer/sifive,clint.yaml, interrupt-controller/sifive,plic-1.0.0.yaml, serial/8250.yaml,
// power/reset/syscon-poweroff.yaml, chosen.yaml), the images in RAM, and the registers of the RISC-V
// boot protocols: a0 = hart ID and a1 = the device tree's physical address (Linux
// Documentation/arch/riscv/boot.rst), a2 = `struct fw_dynamic_info` for OpenSBI's fw_dynamic firmware
// (OpenSBI docs/firmware/fw_dynamic.md: magic, version 2, next_addr, next_mode, options, boot_hart).
import Devices
import ELF
import Glibc
import MorphCore

/// What to boot on the virt board (`morph boot --machine virt`).
public struct VirtConfiguration: Sendable {
    /// What runs first in M-mode.
    public enum Firmware: Sendable, Equatable {
        /// Nothing: the kernel starts at the start of RAM in M-mode (`--bios none`).
        case none
        /// Morph serves the SBI and the kernel starts in S-mode (`--bios builtin`).
        case builtin
        /// A firmware image (ELF or raw binary, loaded at the start of RAM) gets fw_dynamic's arguments.
        case file(String)
    }

    /// RAM size.
    public var memorySize: UInt64 = BareMetalMachine.defaultMemorySize
    /// The firmware.
    public var firmware: Firmware = .builtin
    /// The kernel image (ELF or raw), if any.
    public var kernel: String?
    /// The initial RAM disk, if any.
    public var initrd: String?
    /// The kernel command line (`/chosen/bootargs`); empty: none.
    public var commandLine = ""
    /// Disk images behind virtio-blk devices (`--drive`), in the slots from 0x10008000 down.
    public var drives: [Drive] = []
    /// Whether a virtio-rng device follows the drives (on by default: Linux draws entropy from it).
    public var entropyDevice = true

    /// A disk image behind a virtio-blk device.
    public struct Drive: Sendable, Equatable {
        /// The image file (or block device).
        public var path: String
        /// Whether the guest may not write it.
        public var readOnly: Bool

        /// A drive for `path`.
        public init(path: String, readOnly: Bool = false) {
            self.path = path
            self.readOnly = readOnly
        }
    }

    /// OpenSBI's generic fw_dynamic firmware from Debian's `opensbi` package, the default `--bios`.
    public static let debianOpenSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"

    /// A configuration with the defaults.
    public init() {}
}

/// Reads a whole file.
private func readFile(_ path: String, what: String) throws(MachineError) -> [UInt8] {
    guard let file = fopen(path, "rb") else {
        throw .bootImage("cannot read \(what) \(path): \(String(cString: strerror(errno)).lowercased())")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count == 0 { break }
        bytes += chunk[0..<count]
    }
    if ferror(file) != 0 { throw .bootImage("cannot read \(what) \(path): read error (is it a directory?)") }
    return bytes
}

extension BareMetalMachine {
    /// The largest device tree the virt board hands over (QEMU's FDT_MAX_SIZE).
    static let maximumDeviceTreeSize = 1 << 20

    /// The `fw_dynamic_info` magic ("OSBI").
    static let firmwareDynamicMagic: UInt64 = 0x4942_534f

    /// A virt board booting `configuration`, its console on `console`.
    package static func virt(_ configuration: VirtConfiguration, console: Console = Console(),
                             engine makeEngine: EngineFactory) throws(MachineError) -> BareMetalMachine {
        let machine = try BareMetalMachine(memorySize: configuration.memorySize, engine: makeEngine)
        var virtioDevices: [any VirtioDevice] = []
        for drive in configuration.drives {
            do {
                virtioDevices.append(try VirtioBlockDevice(path: drive.path, readOnly: drive.readOnly))
            } catch {
                throw .bootImage(error.description)
            }
        }
        if configuration.entropyDevice { virtioDevices.append(VirtioEntropyDevice()) }
        guard virtioDevices.count <= VirtBoard.virtioSlotCount else {
            throw .bootImage("\(virtioDevices.count) virtio devices, but the virt board has \(VirtBoard.virtioSlotCount) slots")
        }
        let board = VirtBoard(console: console, virtioDevices: virtioDevices,
                              memory: GuestMemoryAccess(memory: machine.memory, engine: machine.engine))
        machine.board = board
        machine.registers.timer = board.clock
        let base = BareMetalMachine.memoryBase

        var firmwareEntry: UInt64?
        if case .file(let path) = configuration.firmware {
            firmwareEntry = try machine.loadImage(path, what: "firmware", at: base).entry
        }
        var kernelEntry = firmwareEntry == nil && configuration.firmware == .none ? base : VirtBoard.kernelBase
        var kernelEnd = kernelEntry
        if let kernel = configuration.kernel {
            (kernelEntry, kernelEnd) = try machine.loadImage(kernel, what: "kernel", at: kernelEntry)
        } else if firmwareEntry == nil {
            throw .bootImage("nothing to boot: give --kernel, or firmware with --bios FILE")
        }

        // The initrd goes "far enough into RAM that when the kernel is uncompressed it will not clobber
        // it" (QEMU: half of RAM, at most 128 MiB, past the kernel's entry).
        var initrdRange: (start: UInt64, end: UInt64)?
        if let initrd = configuration.initrd {
            let bytes = try readFile(initrd, what: "initrd")
            let start = max((kernelEntry + min(configuration.memorySize / 2, 128 << 20) + 0xfff) & ~0xfff,
                            (kernelEnd + 0xfff) & ~0xfff)
            guard machine.memory.write(bytes, at: start) else {
                throw .bootImage("initrd \(initrd) (\(bytes.count) bytes) does not fit in RAM at 0x\(hex(start))")
            }
            initrdRange = (start, start + UInt64(bytes.count))
        }

        let tree = virtDeviceTree(memorySize: configuration.memorySize, commandLine: configuration.commandLine,
                                  initrd: initrdRange)
        let blob = FlattenedDeviceTree.blob(root: tree, padding: 4096)
        // QEMU builds the tree in a buffer of FDT_MAX_SIZE (1 MiB) and refuses to boot past it.
        guard blob.count <= BareMetalMachine.maximumDeviceTreeSize else {
            throw .bootImage("the device tree (\(blob.count) bytes) exceeds \(BareMetalMachine.maximumDeviceTreeSize >> 20) MiB, "
                             + "as QEMU's does; shorten the kernel command line")
        }
        // QEMU: "put fdt as far as possible ... at an 2MB aligned address that less than fdt size from the
        // end of dram or 3GB whichever is lesser".
        let ramEnd = base + configuration.memorySize
        let top = min(ramEnd, 0xc000_0000)
        let deviceTreeAddress = (top - UInt64(blob.count)) & ~((2 << 20) - 1)
        guard deviceTreeAddress >= base + 0x1000, initrdRange.map({ $0.end <= deviceTreeAddress - 0x1000 }) ?? true,
              machine.memory.write(blob, at: deviceTreeAddress) else {
            throw .bootImage("RAM of \(configuration.memorySize >> 20) MiB is too small for the images and the device tree")
        }
        board.deviceTree = blob

        machine.hart[x: 10] = 0  // a0: the hart ID
        machine.hart[x: 11] = deviceTreeAddress
        switch configuration.firmware {
        case .none:
            machine.hart.pc = kernelEntry
        case .builtin:
            board.servesSupervisorCalls = true
            machine.enterSupervisorMode(at: kernelEntry)
        case .file:
            // fw_dynamic_info just below the device tree.
            let information = deviceTreeAddress - 0x1000
            let fields: [UInt64] = [firmwareDynamicMagic, 2, kernelEntry, 1, 0, UInt64.max]
            for (index, field) in fields.enumerated() { machine.memory.store(field, at: information + 8 * UInt64(index)) }
            machine.hart[x: 12] = information
            machine.hart.pc = firmwareEntry!
        }
        return machine
    }

    /// Loads an ELF at its physical addresses or a raw image at `address`; returns the entry point and
    /// the end of what was loaded.
    func loadImage(_ path: String, what: String, at address: UInt64) throws(MachineError) -> (entry: UInt64, end: UInt64) {
        let bytes = try readFile(path, what: what)
        if bytes.starts(with: [0x7f, 0x45, 0x4c, 0x46]) {
            let elf: ELFFile
            do { elf = try ELFFile(bytes: bytes) } catch {
                throw .bootImage("\(what) \(path): \(error.description(for: path))")
            }
            try load(elf)
            guard memory.contains(elf.entry, length: 2) else { throw .entryOutsideMemory(elf.entry) }
            let end = elf.segments.filter { $0.type == ProgramHeader.typeLoad }
                .map { $0.physicalAddress + $0.memorySize }.max() ?? elf.entry
            return (elf.entry, end)
        }
        guard !bytes.isEmpty, memory.write(bytes, at: address) else {
            throw .bootImage("\(what) \(path) (\(bytes.count) bytes) does not fit in RAM at 0x\(hex(address))")
        }
        // A Linux Image says how much memory it occupies (image_size at offset 16, BSS included).
        var end = address + UInt64(bytes.count)
        if bytes.count >= 64, bytes[0x38..<0x3c].elementsEqual([0x52, 0x53, 0x43, 0x05]) {
            let size = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[16 + $1]) << (8 * UInt64($1)) }
            end = max(end, address + size)
        }
        return (address, end)
    }

    /// The device tree of the virt board with `memorySize` bytes of RAM.
    static func virtDeviceTree(memorySize: UInt64, commandLine: String,
                               initrd: (start: UInt64, end: UInt64)?) -> DeviceTreeNode {
        let cpuHandle: UInt32 = 1, interruptControllerHandle: UInt32 = 2, plicHandle: UInt32 = 3, testHandle: UInt32 = 4
        var root = DeviceTreeNode("")
        root.set("#address-cells", cells: [2])
        root.set("#size-cells", cells: [2])
        root.set("compatible", "riscv-virtio")
        root.set("model", "riscv-virtio,qemu")

        var chosen = DeviceTreeNode("chosen")
        if !commandLine.isEmpty { chosen.set("bootargs", commandLine) }
        chosen.set("stdout-path", "/soc/serial@\(hex(VirtBoard.serialBase))")
        if let initrd {
            chosen.set("linux,initrd-start", doubleCells: [initrd.start])
            chosen.set("linux,initrd-end", doubleCells: [initrd.end])
        }
        root.add(chosen)

        var memoryNode = DeviceTreeNode("memory@\(hex(BareMetalMachine.memoryBase))")
        memoryNode.set("device_type", "memory")
        memoryNode.set("reg", doubleCells: [BareMetalMachine.memoryBase, memorySize])
        root.add(memoryNode)

        var cpus = DeviceTreeNode("cpus")
        cpus.set("#address-cells", cells: [1])
        cpus.set("#size-cells", cells: [0])
        cpus.set("timebase-frequency", cells: [UInt32(MachineClock.virtFrequency)])
        var cpu = DeviceTreeNode("cpu@0")
        cpu.set("phandle", cells: [cpuHandle])
        cpu.set("device_type", "cpu")
        cpu.set("reg", cells: [0])
        cpu.set("status", "okay")
        cpu.set("compatible", "riscv")
        cpu.set("riscv,isa", "rv64imafdc_zicntr_zicsr_zifencei_sstc_svade")
        cpu.set("riscv,isa-base", "rv64i")
        cpu.set("riscv,isa-extensions", strings: ["i", "m", "a", "f", "d", "c", "zicntr", "zicsr", "zifencei", "sstc",
                                                 "svade"])
        cpu.set("mmu-type", "riscv,sv48")
        var interruptController = DeviceTreeNode("interrupt-controller")
        interruptController.set("#address-cells", cells: [0])
        interruptController.set("#interrupt-cells", cells: [1])
        interruptController.set("interrupt-controller")
        interruptController.set("compatible", "riscv,cpu-intc")
        interruptController.set("phandle", cells: [interruptControllerHandle])
        cpu.add(interruptController)
        cpus.add(cpu)
        var cluster = DeviceTreeNode("cluster0")
        var core = DeviceTreeNode("core0")
        core.set("cpu", cells: [cpuHandle])
        cluster.add(core)
        var cpuMap = DeviceTreeNode("cpu-map")
        cpuMap.add(cluster)
        cpus.add(cpuMap)
        root.add(cpus)

        var soc = DeviceTreeNode("soc")
        soc.set("#address-cells", cells: [2])
        soc.set("#size-cells", cells: [2])
        soc.set("compatible", "simple-bus")
        soc.set("ranges")

        var realTimeClock = DeviceTreeNode("rtc@\(hex(VirtBoard.realTimeClockBase))")
        realTimeClock.set("interrupts", cells: [UInt32(VirtBoard.realTimeClockInterrupt)])
        realTimeClock.set("interrupt-parent", cells: [plicHandle])
        realTimeClock.set("reg", doubleCells: [VirtBoard.realTimeClockBase, GoldfishRealTimeClock.windowSize])
        realTimeClock.set("compatible", "google,goldfish-rtc")
        soc.add(realTimeClock)

        var serial = DeviceTreeNode("serial@\(hex(VirtBoard.serialBase))")
        serial.set("interrupts", cells: [UInt32(VirtBoard.serialInterrupt)])
        serial.set("interrupt-parent", cells: [plicHandle])
        serial.set("clock-frequency", cells: [SerialPort16550.clockFrequency])
        serial.set("reg", doubleCells: [VirtBoard.serialBase, SerialPort16550.windowSize])
        serial.set("compatible", "ns16550a")
        soc.add(serial)

        var test = DeviceTreeNode("test@\(hex(VirtBoard.testBase))")
        test.set("phandle", cells: [testHandle])
        test.set("reg", doubleCells: [VirtBoard.testBase, TestDevice.windowSize])
        test.set("compatible", strings: ["sifive,test1", "sifive,test0", "syscon"])
        soc.add(test)

        for slot in (0..<VirtBoard.virtioSlotCount).reversed() {
            let address = VirtBoard.virtioBase + 0x1000 * UInt64(slot)
            var virtio = DeviceTreeNode("virtio_mmio@\(hex(address))")
            virtio.set("interrupts", cells: [UInt32(VirtBoard.virtioInterrupt + slot)])
            virtio.set("interrupt-parent", cells: [plicHandle])
            virtio.set("reg", doubleCells: [address, VirtioMemoryMappedSlot.windowSize])
            virtio.set("compatible", "virtio,mmio")
            soc.add(virtio)
        }

        var plic = DeviceTreeNode("plic@\(hex(VirtBoard.plicBase))")
        plic.set("phandle", cells: [plicHandle])
        plic.set("riscv,ndev", cells: [UInt32(PlatformLevelInterruptController.virtSourceCount - 1)])
        plic.set("reg", doubleCells: [VirtBoard.plicBase, PlatformLevelInterruptController.windowSize])
        // Context 0: M-mode external interrupt (11), context 1: S-mode external interrupt (9).
        plic.set("interrupts-extended", cells: [interruptControllerHandle, 11, interruptControllerHandle, 9])
        plic.set("interrupt-controller")
        plic.set("compatible", strings: ["sifive,plic-1.0.0", "riscv,plic0"])
        plic.set("#address-cells", cells: [0])
        plic.set("#interrupt-cells", cells: [1])
        soc.add(plic)

        var clint = DeviceTreeNode("clint@\(hex(VirtBoard.clintBase))")
        // Machine software interrupt (3) and machine timer interrupt (7).
        clint.set("interrupts-extended", cells: [interruptControllerHandle, 3, interruptControllerHandle, 7])
        clint.set("reg", doubleCells: [VirtBoard.clintBase, CoreLocalInterruptor.windowSize])
        clint.set("compatible", strings: ["sifive,clint0", "riscv,clint0"])
        soc.add(clint)
        root.add(soc)

        var powerOff = DeviceTreeNode("poweroff")
        powerOff.set("value", cells: [UInt32(TestDevice.pass)])
        powerOff.set("offset", cells: [0])
        powerOff.set("regmap", cells: [testHandle])
        powerOff.set("compatible", "syscon-poweroff")
        root.add(powerOff)
        var reboot = DeviceTreeNode("reboot")
        reboot.set("value", cells: [UInt32(TestDevice.reset)])
        reboot.set("offset", cells: [0])
        reboot.set("regmap", cells: [testHandle])
        reboot.set("compatible", "syscon-reboot")
        root.add(reboot)
        return root
    }
}
