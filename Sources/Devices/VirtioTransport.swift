// The virtio-mmio transport, version 2 (Virtual I/O Device (VIRTIO) Version 1.2, section 4.2 "Virtio
// Over MMIO"; 4.2.2 "MMIO Device Register Layout", 4.2.3 "MMIO-specific Initialization And Device
// Operation"), with the device status field of 2.1 (DEVICE_NEEDS_RESET: 2.1.2), feature bits of 2.2 and
// 6 (VIRTIO_F_VERSION_1 is always offered: Linux refuses a version 2 device without it), the
// notifications of 2.3 and split virtqueues (2.7, VirtioQueue.swift). The registers below 0x100 are 32
// bits wide and only 32-bit aligned accesses reach them; any other access reads 0 and writes nothing.
// The device-specific configuration space starts at 0x100 and may be read 1, 2, 4 or 8 bytes at a time.
// A queue the driver broke (VirtqueueError) makes the device set DEVICE_NEEDS_RESET and send a
// configuration change notification; it then ignores notifications until the driver resets it.

/// What a virtio device type (block, entropy) supplies behind the transport.
package protocol VirtioDevice: AnyObject {
    /// The virtio device ID (chapter 5: 2 for a block device, 4 for an entropy source).
    var deviceID: UInt32 { get }
    /// The device-type feature bits offered (bits 0-23); the transport adds its own (VIRTIO_F_VERSION_1).
    var deviceFeatures: UInt64 { get }
    /// The number of virtqueues.
    var queueCount: Int { get }
    /// The largest size of each queue (QueueNumMax).
    var maximumQueueSize: UInt16 { get }
    /// The device configuration space (little-endian fields).
    var configuration: [UInt8] { get }
    /// Serves one chain from `queue`; returns how many bytes it wrote into the chain's writable part.
    /// Throws when the chain cannot be served at all (no room for a status), which needs a reset.
    func serve(_ chain: VirtioChain, queue: Int, memory: any DirectMemoryAccess) throws(VirtqueueError) -> UInt32
    /// Forgets per-driver state (the driver reset the device); feature negotiation starts over.
    func reset()
}

extension VirtioDevice {
    /// Nothing to forget.
    package func reset() {}
}

/// A virtio-mmio slot with a device behind it.
package final class VirtioTransport: MemoryMappedDevice {
    /// Device status bits (2.1).
    package static let acknowledge: UInt32 = 1, driver: UInt32 = 2, driverOK: UInt32 = 4, featuresOK: UInt32 = 8,
                       deviceNeedsReset: UInt32 = 0x40, failed: UInt32 = 0x80
    /// VIRTIO_F_VERSION_1 (6: "compliance with this specification").
    package static let versionOne: UInt64 = 1 << 32
    /// InterruptStatus bits: a used buffer notification, a configuration change notification.
    package static let usedBufferInterrupt: UInt32 = 1, configurationChangeInterrupt: UInt32 = 2
    /// The offset of the configuration space.
    package static let configurationOffset: UInt64 = 0x100

    /// Register offsets (4.2.2).
    package enum Register {
        /// Read-only identification.
        package static let magicValue: UInt64 = 0x000, version: UInt64 = 0x004, deviceID: UInt64 = 0x008,
                           vendorID: UInt64 = 0x00c
        /// Feature negotiation.
        package static let deviceFeatures: UInt64 = 0x010, deviceFeaturesSelect: UInt64 = 0x014,
                           driverFeatures: UInt64 = 0x020, driverFeaturesSelect: UInt64 = 0x024
        /// Queue configuration.
        package static let queueSelect: UInt64 = 0x030, queueSizeMaximum: UInt64 = 0x034, queueSize: UInt64 = 0x038,
                           queueReady: UInt64 = 0x044, queueNotify: UInt64 = 0x050
        /// Interrupts and status.
        package static let interruptStatus: UInt64 = 0x060, interruptAcknowledge: UInt64 = 0x064,
                           status: UInt64 = 0x070
        /// Queue addresses.
        package static let queueDescriptorLow: UInt64 = 0x080, queueDescriptorHigh: UInt64 = 0x084,
                           queueDriverLow: UInt64 = 0x090, queueDriverHigh: UInt64 = 0x094,
                           queueDeviceLow: UInt64 = 0x0a0, queueDeviceHigh: UInt64 = 0x0a4
        /// Shared memory regions (none: their length reads as -1).
        package static let sharedMemorySelect: UInt64 = 0x0ac, sharedMemoryLengthLow: UInt64 = 0x0b0,
                           sharedMemoryLengthHigh: UInt64 = 0x0b4, sharedMemoryBaseLow: UInt64 = 0x0b8,
                           sharedMemoryBaseHigh: UInt64 = 0x0bc
        /// The configuration generation counter.
        package static let configurationGeneration: UInt64 = 0x0fc
    }

    /// The device's name.
    package let name = "virtio_mmio"
    /// The register window size.
    package let size = VirtioMemoryMappedSlot.windowSize
    /// The device behind the transport.
    package let device: any VirtioDevice
    /// Guest RAM, where the queues are.
    package let memory: any DirectMemoryAccess
    /// The wire to the interrupt controller, if connected.
    package var interrupt: InterruptLine? {
        didSet { updateInterrupt() }
    }

    /// The device status (2.1).
    package private(set) var status: UInt32 = 0
    /// InterruptStatus: pending notifications until the driver acknowledges them.
    package private(set) var interruptStatus: UInt32 = 0
    /// The features the driver accepted.
    package private(set) var driverFeatures: UInt64 = 0
    /// The queues.
    package private(set) var queues: [VirtioQueue]
    /// Why the device last needed a reset, for diagnostics.
    package private(set) var lastQueueError: VirtqueueError?

    private var deviceFeaturesSelect: UInt32 = 0
    private var driverFeaturesSelect: UInt32 = 0
    private var queueSelect: UInt32 = 0

    /// A transport for `device` whose queues live in `memory`.
    package init(device: any VirtioDevice, memory: any DirectMemoryAccess) {
        self.device = device
        self.memory = memory
        queues = Array(repeating: VirtioQueue(maximumSize: device.maximumQueueSize), count: device.queueCount)
    }

    /// Every feature offered: the device's and VIRTIO_F_VERSION_1.
    package var offeredFeatures: UInt64 { device.deviceFeatures | VirtioTransport.versionOne }

    /// The selected queue's index, if it exists.
    private var selectedQueue: Int? { Int(queueSelect) < queues.count ? Int(queueSelect) : nil }

    /// Reads a register (32-bit accesses) or the configuration space.
    package func read(offset: UInt64, width: Int) -> UInt64 {
        if offset >= VirtioTransport.configurationOffset { return readConfiguration(offset - VirtioTransport.configurationOffset, width: width) }
        guard width == 4, offset % 4 == 0 else { return 0 }
        let queue = selectedQueue.map { queues[$0] }
        switch offset {
        case Register.magicValue: return VirtioMemoryMappedSlot.magicValue
        case Register.version: return 2
        case Register.deviceID: return UInt64(device.deviceID)
        case Register.vendorID: return VirtioMemoryMappedSlot.vendor
        case Register.deviceFeatures:
            return deviceFeaturesSelect < 2 ? (offeredFeatures >> (32 * UInt64(deviceFeaturesSelect))) & 0xffff_ffff : 0
        case Register.queueSizeMaximum: return UInt64(queue?.maximumSize ?? 0)
        case Register.queueSize: return UInt64(queue?.size ?? 0)
        case Register.queueReady: return queue?.ready == true ? 1 : 0
        case Register.interruptStatus: return UInt64(interruptStatus)
        case Register.status: return UInt64(status)
        case Register.queueDescriptorLow: return (queue?.descriptorTable ?? 0) & 0xffff_ffff
        case Register.queueDescriptorHigh: return (queue?.descriptorTable ?? 0) >> 32
        case Register.queueDriverLow: return (queue?.driverArea ?? 0) & 0xffff_ffff
        case Register.queueDriverHigh: return (queue?.driverArea ?? 0) >> 32
        case Register.queueDeviceLow: return (queue?.deviceArea ?? 0) & 0xffff_ffff
        case Register.queueDeviceHigh: return (queue?.deviceArea ?? 0) >> 32
        case Register.sharedMemoryLengthLow, Register.sharedMemoryLengthHigh,
             Register.sharedMemoryBaseLow, Register.sharedMemoryBaseHigh: return 0xffff_ffff
        case Register.configurationGeneration: return 0
        default: return 0
        }
    }

    /// Reads `width` bytes of the configuration space at `offset` (bytes past its end read as 0).
    private func readConfiguration(_ offset: UInt64, width: Int) -> UInt64 {
        guard [1, 2, 4, 8].contains(width) else { return 0 }
        let configuration = device.configuration
        var value: UInt64 = 0
        for byte in 0..<UInt64(width) where offset + byte < UInt64(configuration.count) {
            value |= UInt64(configuration[Int(offset + byte)]) << (8 * byte)
        }
        return value
    }

    /// Writes a register (32-bit accesses); writes to the configuration space are ignored (no device here
    /// has a writable field).
    package func write(offset: UInt64, width: Int, value: UInt64) {
        guard offset < VirtioTransport.configurationOffset, width == 4, offset % 4 == 0 else { return }
        let word = UInt32(truncatingIfNeeded: value)
        switch offset {
        case Register.deviceFeaturesSelect: deviceFeaturesSelect = word
        case Register.driverFeatures:
            // Features are fixed once FEATURES_OK is set (3.1.1).
            guard status & VirtioTransport.featuresOK == 0, driverFeaturesSelect < 2 else { return }
            let shift = 32 * UInt64(driverFeaturesSelect)
            driverFeatures = (driverFeatures & ~(0xffff_ffff << shift)) | UInt64(word) << shift
        case Register.driverFeaturesSelect: driverFeaturesSelect = word
        case Register.queueSelect: queueSelect = word
        case Register.queueSize:
            configureSelectedQueue { queue in
                if word >= 1, word <= UInt32(queue.maximumSize) { queue.size = UInt16(word) }
            }
        case Register.queueReady:
            guard let index = selectedQueue else { return }
            if word & 1 == 1, !queues[index].ready {
                queues[index].lastAvailableIndex = 0
                queues[index].usedIndex = 0
            }
            queues[index].ready = word & 1 == 1
        case Register.queueNotify: notify(queue: Int(word))
        case Register.interruptAcknowledge:
            interruptStatus &= ~word
            updateInterrupt()
        case Register.status: writeStatus(word)
        case Register.queueDescriptorLow: configureSelectedQueue { $0.descriptorTable = low($0.descriptorTable, word) }
        case Register.queueDescriptorHigh: configureSelectedQueue { $0.descriptorTable = high($0.descriptorTable, word) }
        case Register.queueDriverLow: configureSelectedQueue { $0.driverArea = low($0.driverArea, word) }
        case Register.queueDriverHigh: configureSelectedQueue { $0.driverArea = high($0.driverArea, word) }
        case Register.queueDeviceLow: configureSelectedQueue { $0.deviceArea = low($0.deviceArea, word) }
        case Register.queueDeviceHigh: configureSelectedQueue { $0.deviceArea = high($0.deviceArea, word) }
        default: break
        }
    }

    private func low(_ old: UInt64, _ word: UInt32) -> UInt64 { (old & ~0xffff_ffff) | UInt64(word) }
    private func high(_ old: UInt64, _ word: UInt32) -> UInt64 { (old & 0xffff_ffff) | UInt64(word) << 32 }

    /// Changes the selected queue's configuration, which only a queue that is not ready allows (4.2.3.2).
    private func configureSelectedQueue(_ change: (inout VirtioQueue) -> Void) {
        guard let index = selectedQueue, !queues[index].ready else { return }
        change(&queues[index])
    }

    /// A write of the device status: 0 resets the device; FEATURES_OK stays set only if the accepted
    /// features are a subset of the offered ones and include VIRTIO_F_VERSION_1 (3.1.1, 6.1).
    private func writeStatus(_ word: UInt32) {
        if word == 0 {
            reset()
            return
        }
        var new = (word & 0xff & ~VirtioTransport.deviceNeedsReset) | (status & VirtioTransport.deviceNeedsReset)
        if new & VirtioTransport.featuresOK != 0, status & VirtioTransport.featuresOK == 0,
           driverFeatures & ~offeredFeatures != 0 || driverFeatures & VirtioTransport.versionOne == 0 {
            new &= ~VirtioTransport.featuresOK
        }
        status = new
    }

    /// Returns the device to its state at power-on (4.2.3.1: "writing 0 into this field").
    package func reset() {
        status = 0
        interruptStatus = 0
        driverFeatures = 0
        deviceFeaturesSelect = 0
        driverFeaturesSelect = 0
        queueSelect = 0
        queues = Array(repeating: VirtioQueue(maximumSize: device.maximumQueueSize), count: device.queueCount)
        lastQueueError = nil
        device.reset()
        updateInterrupt()
    }

    /// Serves every chain made available on `queue`, then sends a used buffer notification unless the
    /// driver suppressed it. Ignored before DRIVER_OK, after DEVICE_NEEDS_RESET and for unknown queues.
    package func notify(queue index: Int) {
        guard index < queues.count, queues[index].ready, status & VirtioTransport.driverOK != 0,
              status & VirtioTransport.deviceNeedsReset == 0 else { return }
        var served = false
        do throws(VirtqueueError) {
            while let chain = try queues[index].nextChain(memory: memory) {
                let written = try device.serve(chain, queue: index, memory: memory)
                try queues[index].complete(head: chain.head, length: written, memory: memory)
                served = true
            }
        } catch {
            needsReset(error)
        }
        if served, !queues[index].interruptSuppressed(memory: memory) {
            interruptStatus |= VirtioTransport.usedBufferInterrupt
        }
        updateInterrupt()
    }

    /// Sets DEVICE_NEEDS_RESET and notifies the driver of a configuration change (2.1.2).
    private func needsReset(_ error: VirtqueueError) {
        lastQueueError = error
        status |= VirtioTransport.deviceNeedsReset
        interruptStatus |= VirtioTransport.configurationChangeInterrupt
    }

    /// The line is high while a notification is unacknowledged.
    private func updateInterrupt() {
        interrupt?.set(interruptStatus != 0)
    }
}
