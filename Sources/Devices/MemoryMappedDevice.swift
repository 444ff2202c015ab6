// What every memory-mapped device of the machine is to the bus: a window of registers read and written
// 1, 2, 4 or 8 bytes at a time, an interrupt line into the interrupt controller, and the machine's
// clock. Devices know nothing of the hart or of execution engines: the machine routes physical accesses
// to them and asks them, between runs of guest code, what changed (The RISC-V Instruction Set Manual,
// Volume II, chapter 3.6 "Physical Memory Attributes": I/O regions and their access widths).

/// A device the machine maps at a physical address.
///
/// All methods run on the machine's thread. A device that receives data from another thread (the
/// console reader) keeps it behind its own lock and publishes it in `poll()`.
package protocol MemoryMappedDevice: AnyObject {
    /// The device's name in error messages and in the device tree (`serial`, `clint`).
    var name: String { get }
    /// The size of its register window in bytes.
    var size: UInt64 { get }
    /// Reads `width` (1, 2, 4 or 8) bytes at `offset` into the window, zero-extended.
    func read(offset: UInt64, width: Int) -> UInt64
    /// Writes the low `width` bytes of `value` at `offset` into the window.
    func write(offset: UInt64, width: Int, value: UInt64)
    /// Brings the device up to date with what happened outside the machine's thread (input arrived,
    /// time passed) and updates its interrupt line. Called between runs of guest code.
    func poll()
}

extension MemoryMappedDevice {
    /// Nothing to do for a device that only reacts to accesses.
    package func poll() {}
}

/// Whatever receives interrupt requests from devices (the PLIC): level-sensitive inputs by number.
package protocol InterruptSink: AnyObject {
    /// Sets the level of input `source` (true: the device requests service).
    func setLevel(source: Int, high: Bool)
}

/// One device's interrupt wire into an interrupt controller.
package struct InterruptLine {
    /// The controller.
    package let sink: any InterruptSink
    /// The input number (the `interrupts` property of the device-tree node).
    package let source: Int

    /// A wire to input `source` of `sink`.
    package init(sink: any InterruptSink, source: Int) {
        self.sink = sink
        self.source = source
    }

    /// Drives the line to `high`.
    package func set(_ high: Bool) { sink.setLevel(source: source, high: high) }
}

/// Reads `width` bytes at `offset` out of a register bank of 64-bit little-endian registers, for
/// devices whose registers are 64 bits wide but may be accessed in parts (mtime, mtimecmp).
/// `register` returns the register holding byte `offset` (its 8-byte aligned offset is passed).
package func readPart(offset: UInt64, width: Int, of register: (UInt64) -> UInt64) -> UInt64 {
    let aligned = offset & ~7
    let shift = (offset & 7) * 8
    let value = register(aligned) >> shift
    return width >= 8 ? value : value & ((1 << UInt64(width * 8)) - 1)
}

/// The new value of a 64-bit register of which `width` bytes at `offset` are written with `value`.
package func mergePart(_ old: UInt64, offset: UInt64, width: Int, value: UInt64) -> UInt64 {
    let shift = (offset & 7) * 8
    let mask: UInt64 = width >= 8 ? .max : ((1 << UInt64(width * 8)) - 1) << shift
    return (old & ~mask) | ((value << shift) & mask)
}
