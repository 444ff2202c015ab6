// How a device reaches guest RAM by physical address, as a bus master does (Virtual I/O Device (VIRTIO)
// Version 1.2, section 2.7 "Split Virtqueues": the rings and buffers live in guest memory, which the
// device reads and writes itself). Every access is bounds-checked: an address the guest gave that lies
// outside RAM is refused, never followed. The machine implements the protocol over its RAM and tells
// the execution engines about device writes; devices see nothing of the engines.

/// Guest physical RAM as a device sees it: bounds-checked copies in and out.
package protocol DirectMemoryAccess: AnyObject {
    /// Whether all `length` bytes at physical `address` lie in RAM.
    func contains(_ address: UInt64, length: UInt64) -> Bool
    /// Copies `buffer.count` bytes at physical `address` into `buffer`; false, and nothing copied, if any
    /// byte lies outside RAM.
    func read(_ address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Bool
    /// Copies `buffer` to physical `address`; false, and nothing written, if any byte lies outside RAM.
    func write(_ address: UInt64, from buffer: UnsafeRawBufferPointer) -> Bool
}

extension DirectMemoryAccess {
    /// Loads a little-endian value; nil outside RAM.
    package func load<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        var value = T.zero
        let copied = withUnsafeMutableBytes(of: &value) { read(address, into: $0) }
        return copied ? T(littleEndian: value) : nil
    }

    /// Stores a little-endian value; false outside RAM.
    @discardableResult
    package func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool {
        withUnsafeBytes(of: value.littleEndian) { write(address, from: $0) }
    }
}
