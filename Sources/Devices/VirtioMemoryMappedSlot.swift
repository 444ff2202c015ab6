// A virtio-mmio transport slot (Virtual I/O Device (VIRTIO) Version 1.2, section 4.2 "Virtio Over
// MMIO", 4.2.2 "MMIO Device Register Layout") with no device behind it: QEMU's virt board lists eight
// slots in its device tree whether or not devices are plugged in, and a driver reads DeviceID 0 ("an
// invalid device ID", 4.2.2) from an empty one and leaves it alone.

/// An empty virtio-mmio slot: MagicValue, Version 2, DeviceID 0, VendorID.
package final class VirtioMemoryMappedSlot: MemoryMappedDevice {
    /// The window size on QEMU's virt board.
    package static let windowSize: UInt64 = 0x1000
    /// "virt" in little-endian ASCII.
    package static let magicValue: UInt64 = 0x7472_6976
    /// The vendor ID QEMU reports ("QEMU").
    package static let vendor: UInt64 = 0x554d_4551

    /// The device's name.
    package let name = "virtio_mmio"
    /// The register window size.
    package let size = VirtioMemoryMappedSlot.windowSize

    /// An empty slot.
    package init() {}

    /// MagicValue (0x000), Version (0x004), DeviceID (0x008), VendorID (0x00c); everything else 0.
    package func read(offset: UInt64, width: Int) -> UInt64 {
        guard width == 4 else { return 0 }
        switch offset {
        case 0x000: return VirtioMemoryMappedSlot.magicValue
        case 0x004: return 2
        case 0x00c: return VirtioMemoryMappedSlot.vendor
        default: return 0
        }
    }

    /// Writes are ignored.
    package func write(offset: UInt64, width: Int, value: UInt64) {}
}
