// The virtio-mmio transport, split virtqueues, virtio-blk and virtio-rng on their own, driven through
// their registers as a driver does, with the queues laid out in a RAM window (Virtual I/O Device
// (VIRTIO) Version 1.2: 4.2 "Virtio Over MMIO", 2.7 "Split Virtqueues", 5.2 "Block Device", 5.4 "Entropy
// Device", 2.1.2 for DEVICE_NEEDS_RESET).
import Devices
import Foundation
import MorphCore
import Testing
import TestSupport
@testable import SystemMode

/// Records the level of each interrupt source.
private final class InterruptRecorder: InterruptSink {
    var levels: [Int: Bool] = [:]
    func setLevel(source: Int, high: Bool) { levels[source] = high }
}

/// A driver for one transport over 1 MiB of RAM at 0x80000000: the descriptor table at +0x1000, the
/// available ring at +0x2000, the used ring at +0x3000, buffers from +0x10000.
private final class TestDriver {
    static let base: UInt64 = 0x8000_0000
    static let descriptors = base + 0x1000, available = base + 0x2000, used = base + 0x3000, buffers = base + 0x10000
    static let queueSize: UInt32 = 16

    let memory: GuestMemory
    let transport: VirtioTransport
    let interrupts = InterruptRecorder()
    var availableIndex: UInt16 = 0

    init(device: any VirtioDevice) throws {
        memory = try GuestMemory(guestBase: TestDriver.base, size: 1 << 20, accessible: true)
        transport = VirtioTransport(device: device, memory: GuestMemoryAccess(memory: memory, engine: nil))
        transport.interrupt = InterruptLine(sink: interrupts, source: 8)
    }

    func read(_ offset: UInt64) -> UInt64 { transport.read(offset: offset, width: 4) }
    func write(_ offset: UInt64, _ value: UInt64) { transport.write(offset: offset, width: 4, value: value) }

    /// The features offered (both halves).
    var offeredFeatures: UInt64 {
        write(VirtioTransport.Register.deviceFeaturesSelect, 0)
        let low = read(VirtioTransport.Register.deviceFeatures)
        write(VirtioTransport.Register.deviceFeaturesSelect, 1)
        return low | read(VirtioTransport.Register.deviceFeatures) << 32
    }

    /// Accepts `features` and sets FEATURES_OK; returns the status read back.
    func negotiate(_ features: UInt64) -> UInt64 {
        write(VirtioTransport.Register.status, 0)
        write(VirtioTransport.Register.status, UInt64(VirtioTransport.acknowledge))
        write(VirtioTransport.Register.status, UInt64(VirtioTransport.acknowledge | VirtioTransport.driver))
        write(VirtioTransport.Register.driverFeaturesSelect, 0)
        write(VirtioTransport.Register.driverFeatures, features & 0xffff_ffff)
        write(VirtioTransport.Register.driverFeaturesSelect, 1)
        write(VirtioTransport.Register.driverFeatures, features >> 32)
        write(VirtioTransport.Register.status, UInt64(VirtioTransport.acknowledge | VirtioTransport.driver
                                                      | VirtioTransport.featuresOK))
        return read(VirtioTransport.Register.status)
    }

    /// Negotiates VIRTIO_F_VERSION_1 and what the device offers, sets up queue 0 and DRIVER_OK.
    func start() {
        _ = negotiate(offeredFeatures)
        availableIndex = 0
        write(VirtioTransport.Register.queueSelect, 0)
        write(VirtioTransport.Register.queueSize, UInt64(TestDriver.queueSize))
        for (register, address) in [(VirtioTransport.Register.queueDescriptorLow, TestDriver.descriptors),
                                    (VirtioTransport.Register.queueDriverLow, TestDriver.available),
                                    (VirtioTransport.Register.queueDeviceLow, TestDriver.used)] {
            write(register, address & 0xffff_ffff)
            write(register + 4, address >> 32)
        }
        memory.store(UInt16(0), at: TestDriver.available)
        memory.store(UInt16(0), at: TestDriver.available + 2)
        memory.store(UInt16(0), at: TestDriver.used + 2)
        write(VirtioTransport.Register.queueReady, 1)
        write(VirtioTransport.Register.status, read(VirtioTransport.Register.status) | UInt64(VirtioTransport.driverOK))
    }

    /// Writes descriptor `index`.
    func describe(_ index: UInt16, address: UInt64, length: UInt32, flags: UInt16, next: UInt16) {
        let entry = TestDriver.descriptors + 16 * UInt64(index)
        memory.store(address, at: entry)
        memory.store(length, at: entry + 8)
        memory.store(flags, at: entry + 12)
        memory.store(next, at: entry + 14)
    }

    /// Chains `buffers` (address, length, device-writable) as descriptors 0, 1, ..., makes the chain
    /// available and notifies queue 0.
    func submit(_ buffers: [(UInt64, UInt32, Bool)]) {
        for (index, (address, length, writable)) in buffers.enumerated() {
            let last = index == buffers.count - 1
            describe(UInt16(index), address: address, length: length,
                     flags: (last ? 0 : VirtioQueue.next) | (writable ? VirtioQueue.deviceWritable : 0),
                     next: UInt16(index + 1))
        }
        makeAvailable(head: 0)
    }

    /// Puts `head` into the available ring and notifies queue 0.
    func makeAvailable(head: UInt16) {
        memory.store(head, at: TestDriver.available + 4 + 2 * UInt64(availableIndex % UInt16(TestDriver.queueSize)))
        availableIndex &+= 1
        memory.store(availableIndex, at: TestDriver.available + 2)
        write(VirtioTransport.Register.queueNotify, 0)
    }

    /// The used ring's index and its entry for the latest request.
    var lastUsed: (index: UInt16, id: UInt32, length: UInt32) {
        let index = memory.load(TestDriver.used + 2, as: UInt16.self) ?? 0
        let entry = TestDriver.used + 4 + 8 * UInt64((index &- 1) % UInt16(TestDriver.queueSize))
        return (index, memory.load(entry, as: UInt32.self) ?? 0, memory.load(entry + 4, as: UInt32.self) ?? 0)
    }

    /// Sends a block request: header (type, sector), then `data` (device-writable for reads), then the
    /// status byte; returns the status.
    func blockRequest(type: UInt32, sector: UInt64, data: (address: UInt64, length: UInt32)?, dataWritable: Bool) -> UInt8 {
        let header = TestDriver.buffers, status = TestDriver.buffers + 0x100
        memory.store(type, at: header)
        memory.store(UInt32(0), at: header + 4)
        memory.store(sector, at: header + 8)
        memory.store(UInt8(0xff), at: status)
        var buffers: [(UInt64, UInt32, Bool)] = [(header, 16, false)]
        if let data { buffers.append((data.address, data.length, dataWritable)) }
        buffers.append((status, 1, true))
        submit(buffers)
        return memory.load(status, as: UInt8.self) ?? 0xee
    }
}

/// A temporary disk image of `sectors` sectors, sector n filled with byte n.
private func diskImage(sectors: Int) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("morph-virtio-\(getpid())-\(UUID().uuidString).img")
    var bytes = [UInt8]()
    for sector in 0..<sectors { bytes += [UInt8](repeating: UInt8(truncatingIfNeeded: sector), count: 512) }
    try Data(bytes).write(to: url)
    return url
}

@Suite struct VirtioTests {
    let dataAddress = TestDriver.buffers + 0x1000

    @Test func registersIdentifyABlockDeviceAndIgnoreWrongAccesses() throws {
        let image = try diskImage(sectors: 8)
        defer { try? FileManager.default.removeItem(at: image) }
        let driver = try TestDriver(device: try VirtioBlockDevice(path: image.path, readOnly: false))
        #expect(driver.read(0x000) == 0x7472_6976)
        #expect(driver.read(0x004) == 2)
        #expect(driver.read(0x008) == 2)
        #expect(driver.read(0x00c) == 0x554d_4551)
        let features = driver.offeredFeatures
        #expect(features & VirtioTransport.versionOne != 0)
        #expect(features & VirtioBlockDevice.flushFeature != 0)
        #expect(features & VirtioBlockDevice.readOnlyFeature == 0)
        #expect(features & (1 << 28) == 0)  // VIRTIO_F_INDIRECT_DESC is not offered.
        #expect(driver.read(VirtioTransport.Register.queueSizeMaximum) == 256)
        // Capacity in sectors at config offset 0, read whole, in halves and bytewise.
        #expect(driver.transport.read(offset: 0x100, width: 8) == 8)
        #expect(driver.read(0x100) == 8 && driver.read(0x104) == 0)
        #expect(driver.transport.read(offset: 0x100, width: 1) == 8)
        #expect(driver.read(0x10c) == 254)  // seg_max
        #expect(driver.read(0xffc) == 0)  // past the configuration space
        // Wrong widths and misaligned offsets: zero reads, ignored writes.
        #expect(driver.transport.read(offset: 0x000, width: 1) == 0)
        #expect(driver.transport.read(offset: 0x000, width: 8) == 0)
        #expect(driver.transport.read(offset: 0x002, width: 4) == 0)
        driver.transport.write(offset: 0x070, width: 1, value: 1)
        driver.transport.write(offset: 0x070, width: 8, value: 1)
        driver.transport.write(offset: 0x072, width: 2, value: 1)
        #expect(driver.read(VirtioTransport.Register.status) == 0)
        driver.write(VirtioTransport.Register.status, 1)
        #expect(driver.read(VirtioTransport.Register.status) == 1)
        // A queue that does not exist reads as size 0 and takes no configuration.
        driver.write(VirtioTransport.Register.queueSelect, 5)
        #expect(driver.read(VirtioTransport.Register.queueSizeMaximum) == 0)
        driver.write(VirtioTransport.Register.queueReady, 1)
        #expect(driver.read(VirtioTransport.Register.queueReady) == 0)
        driver.write(VirtioTransport.Register.queueNotify, 0x1_0000)  // no such queue: nothing happens
    }

    @Test func featureNegotiationRefusesUnofferedFeaturesAndLegacyDrivers() throws {
        let driver = try TestDriver(device: VirtioEntropyDevice())
        let featuresOK = UInt64(VirtioTransport.featuresOK)
        #expect(driver.negotiate(0) & featuresOK == 0)  // without VIRTIO_F_VERSION_1
        #expect(driver.negotiate(VirtioTransport.versionOne | 1 << 28) & featuresOK == 0)  // not offered
        #expect(driver.negotiate(VirtioTransport.versionOne) & featuresOK != 0)
        #expect(driver.transport.driverFeatures == VirtioTransport.versionOne)
        // Once FEATURES_OK is set the features stay.
        driver.write(VirtioTransport.Register.driverFeaturesSelect, 0)
        driver.write(VirtioTransport.Register.driverFeatures, 0xffff)
        #expect(driver.transport.driverFeatures == VirtioTransport.versionOne)
        // Writing 0 resets.
        driver.write(VirtioTransport.Register.status, 0)
        #expect(driver.read(VirtioTransport.Register.status) == 0)
        #expect(driver.transport.driverFeatures == 0)
    }

    @Test func writeThenReadBackASectorWithUsedBufferInterrupts() throws {
        let image = try diskImage(sectors: 8)
        defer { try? FileManager.default.removeItem(at: image) }
        let driver = try TestDriver(device: try VirtioBlockDevice(path: image.path, readOnly: false))
        driver.start()
        #expect(driver.read(VirtioTransport.Register.status) == 0xf)
        let pattern = (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        driver.memory.write(pattern, at: dataAddress)
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeOut, sector: 3, data: (dataAddress, 1024),
                                    dataWritable: false) == VirtioBlockDevice.statusOK)
        #expect(driver.lastUsed.index == 1 && driver.lastUsed.id == 0 && driver.lastUsed.length == 1)
        #expect(driver.read(VirtioTransport.Register.interruptStatus) == 1)
        #expect(driver.interrupts.levels[8] == true)
        driver.write(VirtioTransport.Register.interruptAcknowledge, 1)
        #expect(driver.read(VirtioTransport.Register.interruptStatus) == 0)
        #expect(driver.interrupts.levels[8] == false)
        let file = [UInt8](try Data(contentsOf: image))
        #expect(Array(file[3 * 512..<5 * 512]) == pattern)
        #expect(file[2 * 512 + 511] == 2 && file[5 * 512] == 5)  // the neighbours are untouched

        driver.memory.write([UInt8](repeating: 0, count: 1536), at: dataAddress)
        // Read sectors 2-4 through two writable descriptors (1000 + 536 bytes).
        let header = TestDriver.buffers, status = TestDriver.buffers + 0x100
        driver.memory.store(VirtioBlockDevice.typeIn, at: header)
        driver.memory.store(UInt64(2), at: header + 8)
        driver.submit([(header, 16, false), (dataAddress, 1000, true), (dataAddress + 1000, 536, true), (status, 1, true)])
        #expect(driver.memory.load(status, as: UInt8.self) == VirtioBlockDevice.statusOK)
        #expect(driver.lastUsed.index == 2 && driver.lastUsed.length == 1537)
        #expect(driver.memory.read(dataAddress, length: 1536) == [UInt8](repeating: 2, count: 512) + pattern)
    }

    @Test func flushReachesTheFile() throws {
        let image = try diskImage(sectors: 4)
        defer { try? FileManager.default.removeItem(at: image) }
        let device = try VirtioBlockDevice(path: image.path, readOnly: false)
        let driver = try TestDriver(device: device)
        driver.start()
        driver.memory.write([UInt8](repeating: 0x5a, count: 512), at: dataAddress)
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeOut, sector: 0, data: (dataAddress, 512),
                                    dataWritable: false) == VirtioBlockDevice.statusOK)
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeFlush, sector: 0, data: nil, dataWritable: false)
                == VirtioBlockDevice.statusOK)
        #expect(driver.lastUsed.length == 1)
        #expect([UInt8](try Data(contentsOf: image).prefix(512)) == [UInt8](repeating: 0x5a, count: 512))
    }

    @Test func readOnlyDriveRefusesWritesAndStillReads() throws {
        let image = try diskImage(sectors: 4)
        defer { try? FileManager.default.removeItem(at: image) }
        let driver = try TestDriver(device: try VirtioBlockDevice(path: image.path, readOnly: true))
        #expect(driver.offeredFeatures & VirtioBlockDevice.readOnlyFeature != 0)
        driver.start()
        driver.memory.write([UInt8](repeating: 0x77, count: 512), at: dataAddress)
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeOut, sector: 1, data: (dataAddress, 512),
                                    dataWritable: false) == VirtioBlockDevice.statusIOError)
        #expect([UInt8](try Data(contentsOf: image))[512..<1024].allSatisfy { $0 == 1 })
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeIn, sector: 1, data: (dataAddress, 512),
                                    dataWritable: true) == VirtioBlockDevice.statusOK)
        #expect(driver.memory.read(dataAddress, length: 512) == [UInt8](repeating: 1, count: 512))
    }

    @Test func getIdentifierUnsupportedTypesAndOutOfRangeSectors() throws {
        let image = try diskImage(sectors: 4)
        defer { try? FileManager.default.removeItem(at: image) }
        let driver = try TestDriver(device: try VirtioBlockDevice(path: image.path, readOnly: false))
        driver.start()
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeGetID, sector: 0, data: (dataAddress, 20),
                                    dataWritable: true) == VirtioBlockDevice.statusOK)
        #expect(driver.lastUsed.length == 21)
        let name = Array(image.lastPathComponent.utf8.prefix(20))
        #expect(driver.memory.read(dataAddress, length: 20) == name + [UInt8](repeating: 0, count: 20 - name.count))
        // VIRTIO_BLK_T_DISCARD (11) is not offered.
        #expect(driver.blockRequest(type: 11, sector: 0, data: (dataAddress, 16), dataWritable: false)
                == VirtioBlockDevice.statusUnsupported)
        // Past the end, straddling the end, and a length that is not whole sectors.
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeIn, sector: 4, data: (dataAddress, 512),
                                    dataWritable: true) == VirtioBlockDevice.statusIOError)
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeIn, sector: 3, data: (dataAddress, 1024),
                                    dataWritable: true) == VirtioBlockDevice.statusIOError)
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeOut, sector: UInt64.max, data: (dataAddress, 512),
                                    dataWritable: false) == VirtioBlockDevice.statusIOError)
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeIn, sector: 0, data: (dataAddress, 100),
                                    dataWritable: true) == VirtioBlockDevice.statusIOError)
        #expect(driver.lastUsed.index == 6)
        #expect(driver.read(VirtioTransport.Register.status) & UInt64(VirtioTransport.deviceNeedsReset) == 0)
    }

    @Test func entropyDeviceFillsBuffers() throws {
        let driver = try TestDriver(device: VirtioEntropyDevice())
        #expect(driver.read(0x008) == 4)
        driver.start()
        #expect(driver.read(VirtioTransport.Register.status) == 0xf)
        driver.memory.write([UInt8](repeating: 0, count: 128), at: dataAddress)
        driver.submit([(dataAddress, 64, true)])
        #expect(driver.lastUsed.index == 1 && driver.lastUsed.length == 64)
        let first = driver.memory.read(dataAddress, length: 64) ?? []
        driver.submit([(dataAddress + 64, 64, true)])
        let second = driver.memory.read(dataAddress + 64, length: 64) ?? []
        #expect(first.contains { $0 != 0 } && second.contains { $0 != 0 } && first != second)
        #expect(driver.read(VirtioTransport.Register.interruptStatus) == 1)
    }

    @Test func notificationsBeforeDriverOKAreIgnored() throws {
        let driver = try TestDriver(device: VirtioEntropyDevice())
        driver.start()
        driver.write(VirtioTransport.Register.status, 0xb)  // DRIVER_OK cleared
        driver.submit([(dataAddress, 64, true)])
        #expect(driver.memory.load(TestDriver.used + 2, as: UInt16.self) == 0)
        // Queue configuration is fixed while the queue is ready.
        driver.write(VirtioTransport.Register.queueDescriptorLow, 0x1234)
        #expect(driver.read(VirtioTransport.Register.queueDescriptorLow) == TestDriver.descriptors & 0xffff_ffff)
    }

    /// Ways a driver can break a queue.
    enum Corruption: String, CaseIterable, Sendable {
        case descriptorLoop, selfLoop, descriptorOutsideRAM, bufferPastEndOfRAM, bufferWrapsAround,
             descriptorIndexBeyondSize, availableIndexTooFarAhead, ringsOutsideRAM, indirectDescriptor,
             readableAfterWritable, noStatusByte
    }

    @Test(arguments: Corruption.allCases)
    func brokenQueuesNeedAReset(corruption: Corruption) throws {
        let image = try diskImage(sectors: 4)
        defer { try? FileManager.default.removeItem(at: image) }
        let driver = try TestDriver(device: try VirtioBlockDevice(path: image.path, readOnly: false))
        driver.start()
        let header = TestDriver.buffers, status = TestDriver.buffers + 0x100
        driver.memory.store(VirtioBlockDevice.typeIn, at: header)
        let next = VirtioQueue.next, writable = VirtioQueue.deviceWritable
        switch corruption {
        case .descriptorLoop:
            driver.describe(0, address: header, length: 16, flags: next, next: 1)
            driver.describe(1, address: dataAddress, length: 512, flags: next | writable, next: 2)
            driver.describe(2, address: status, length: 1, flags: next | writable, next: 1)
            driver.makeAvailable(head: 0)
        case .selfLoop:
            driver.describe(0, address: header, length: 16, flags: next, next: 0)
            driver.makeAvailable(head: 0)
        case .descriptorOutsideRAM:
            driver.submit([(header, 16, false), (0x1000, 512, true), (status, 1, true)])
        case .bufferPastEndOfRAM:
            driver.submit([(header, 16, false), (TestDriver.base + (1 << 20) - 256, 512, true), (status, 1, true)])
        case .bufferWrapsAround:
            driver.submit([(header, 16, false), (UInt64.max - 100, 512, true), (status, 1, true)])
        case .descriptorIndexBeyondSize:
            driver.describe(0, address: header, length: 16, flags: next, next: 16)
            driver.makeAvailable(head: 0)
        case .availableIndexTooFarAhead:
            driver.submit([(header, 16, false), (dataAddress, 512, true), (status, 1, true)])
            driver.memory.store(UInt16(1000), at: TestDriver.available + 2)
            driver.write(VirtioTransport.Register.queueNotify, 0)
        case .ringsOutsideRAM:
            driver.write(VirtioTransport.Register.queueReady, 0)
            driver.write(VirtioTransport.Register.queueDriverLow, 0x10)
            driver.write(VirtioTransport.Register.queueDriverHigh, 0)
            driver.write(VirtioTransport.Register.queueReady, 1)
            driver.write(VirtioTransport.Register.queueNotify, 0)
        case .indirectDescriptor:
            driver.describe(0, address: header, length: 16, flags: VirtioQueue.indirect, next: 0)
            driver.makeAvailable(head: 0)
        case .readableAfterWritable:
            driver.submit([(header, 16, false), (status, 1, true), (dataAddress, 512, false)])
        case .noStatusByte:
            driver.submit([(header, 16, false), (dataAddress, 512, false)])
        }
        #expect(driver.read(VirtioTransport.Register.status) & UInt64(VirtioTransport.deviceNeedsReset) != 0,
                "\(String(describing: driver.transport.lastQueueError))")
        #expect(driver.read(VirtioTransport.Register.interruptStatus) & 2 != 0)
        #expect(driver.interrupts.levels[8] == true)
        #expect(driver.transport.lastQueueError != nil)
        // Further notifications are ignored until the driver resets the device; then it works again.
        driver.submit([(header, 16, false), (dataAddress, 512, true), (status, 1, true)])
        driver.write(VirtioTransport.Register.status, 0)
        #expect(driver.read(VirtioTransport.Register.status) == 0)
        #expect(driver.interrupts.levels[8] == false)
        driver.start()
        #expect(driver.blockRequest(type: VirtioBlockDevice.typeIn, sector: 2, data: (dataAddress, 512),
                                    dataWritable: true) == VirtioBlockDevice.statusOK)
        #expect(driver.memory.read(dataAddress, length: 512) == [UInt8](repeating: 2, count: 512))
    }

    @Test func drivesGoToTheHighestSlotsFirst() throws {
        let image = try diskImage(sectors: 1)
        defer { try? FileManager.default.removeItem(at: image) }
        let memory = try GuestMemory(guestBase: TestDriver.base, size: 1 << 20, accessible: true)
        let board = VirtBoard(virtioDevices: [try VirtioBlockDevice(path: image.path, readOnly: true), VirtioEntropyDevice()],
                              memory: GuestMemoryAccess(memory: memory, engine: nil))
        func deviceID(at address: UInt64) -> UInt64? {
            board.bus.device(at: address + 8, width: 4).map { $0.device.read(offset: $0.offset, width: 4) }
        }
        #expect(deviceID(at: 0x1000_8000) == 2)
        #expect(deviceID(at: 0x1000_7000) == 4)
        #expect(deviceID(at: 0x1000_6000) == 0)
        #expect(deviceID(at: 0x1000_1000) == 0)
    }
}

/// Bare-metal drivers on the virt board (Tests/Guest/virt/virtio_*.S) against disk images on the host.
@Suite struct VirtioMachineTests {
    /// A disk image of 16 sectors in a fresh folder: text in sector 1, the instructions `li a0, 42; ret`
    /// at the start of sector 3, every other sector n filled with byte n (what virtio_block.S expects).
    static func testDisk() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-virtio-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var bytes = [UInt8]()
        for sector in 0..<16 {
            var content = [UInt8](repeating: UInt8(sector), count: 512)
            let start: [UInt8] = switch sector {
            case 1: Array("hello from the disk\n".utf8) + [0]
            case 3: [0x13, 0x05, 0xa0, 0x02, 0x67, 0x80, 0x00, 0x00]
            default: []
            }
            content.replaceSubrange(0..<start.count, with: start)
            if sector == 1 { content.replaceSubrange(start.count..<512, with: [UInt8](repeating: 0, count: 512 - start.count)) }
            bytes += content
        }
        let image = folder.appendingPathComponent("disk.img")
        try Data(bytes).write(to: image)
        return image
    }

    /// `--drive` spellings: Morph's short one and qemu's `file=` and `readonly=on|off`.
    @Test(arguments: TestEngine.allCases, ["FILE", "FILE,readonly", "file=FILE,readonly=on", "file=FILE,readonly=off"])
    func guestReadsWritesAndFlushesTheDrive(engine: TestEngine, spelling: String) throws {
        let image = try VirtioMachineTests.testDisk()
        defer { try? FileManager.default.removeItem(at: image.deletingLastPathComponent()) }
        let before = try Data(contentsOf: image)
        let readOnly = spelling.hasSuffix("readonly") || spelling.hasSuffix("readonly=on")
        let program = VirtProgram(name: "virtio_block", definitions: ["READONLY=\(readOnly ? 1 : 0)"])
        let result = try program.boot(engine: engine, ["--max-instructions", "50000000", "--drive",
                                                       spelling.replacingOccurrences(of: "FILE", with: image.path)])
        #expect(result.status == 0, "\(result.report)")
        #expect(result.output == "hello from the disk\nid: disk.img\n", "\(result.report)")
        let after = try Data(contentsOf: image)
        if readOnly {
            #expect(after == before)
        } else {
            let text = Array("written by the guest".utf8)
            #expect(Array(after[1024..<1024 + text.count]) == text)
            #expect(after[1024 + text.count..<1536].allSatisfy { $0 == 0 })
            #expect(after[..<1024] == before[..<1024] && after[1536...] == before[1536...])
        }
    }

    /// A guest that makes a descriptor loop available finds the device in DEVICE_NEEDS_RESET with a
    /// configuration change interrupt, and resets it; Morph neither hangs nor crashes.
    @Test(arguments: TestEngine.allCases)
    func descriptorLoopFromTheGuestNeedsAReset(engine: TestEngine) throws {
        let image = try VirtioMachineTests.testDisk()
        defer { try? FileManager.default.removeItem(at: image.deletingLastPathComponent()) }
        let program = VirtProgram(name: "virtio_block", definitions: ["READONLY=0", "LOOP"])
        let result = try program.boot(engine: engine, ["--max-instructions", "50000000", "--drive", image.path])
        #expect(result.status == 0, "\(result.report)")
        #expect(result.output == "hello from the disk\nid: disk.img\n", "\(result.report)")
    }

    /// The entropy device is there by default, after the drives (0x10008000 alone, 0x10007000 after
    /// one drive), and absent with --no-rng; its used buffer interrupt wakes wfi through the PLIC.
    @Test(arguments: TestEngine.allCases, ["default", "after a drive", "--no-rng"])
    func guestReceivesEntropyThroughAnInterrupt(engine: TestEngine, setup: String) throws {
        let image = try VirtioMachineTests.testDisk()
        defer { try? FileManager.default.removeItem(at: image.deletingLastPathComponent()) }
        let options: [String] = switch setup {
        case "after a drive": ["--drive", image.path]
        case "--no-rng": ["--no-rng"]
        default: []
        }
        let result = try VirtProgram(name: "virtio_entropy").boot(engine: engine, ["--max-instructions", "50000000"] + options)
        if setup == "--no-rng" {
            #expect(result.status == 3, "\(result.report)")
            #expect(result.output == "no entropy device\n", "\(result.report)")
        } else {
            #expect(result.status == 0, "\(result.report)")
            #expect(result.output == "entropy received\n", "\(result.report)")
        }
    }
}
