// Split virtqueues (Virtual I/O Device (VIRTIO) Version 1.2, section 2.7 "Split Virtqueues"): the
// descriptor table (2.7.5: addr, len, flags, next; VIRTQ_DESC_F_NEXT and VIRTQ_DESC_F_WRITE), the
// available ring the driver fills (2.7.6: flags, idx, ring) and the used ring the device fills (2.7.8:
// flags, idx, ring of id and len). Indirect descriptors (2.7.5.3) are not offered, so a descriptor with
// VIRTQ_DESC_F_INDIRECT is an error. Everything the guest wrote is checked before use: descriptor
// indices against the queue size, buffers against RAM, chains against a length of the queue size
// (2.7.5.2: a longer chain loops), the available index against the number of entries the ring holds.
// A violation is a `VirtqueueError`, after which the transport marks the device DEVICE_NEEDS_RESET.

/// The driver broke a rule of 2.7 on a virtqueue; the device needs a reset (2.1.2).
package struct VirtqueueError: Error, CustomStringConvertible, Equatable {
    /// What was wrong, for diagnostics.
    package let description: String

    /// An error saying `description`.
    package init(_ description: String) { self.description = description }
}

/// One buffer of a descriptor chain: guest physical address and length, checked to lie in RAM.
package struct VirtioBuffer: Equatable, Sendable {
    /// The first physical address.
    package var address: UInt64
    /// The length in bytes.
    package var length: UInt64

    /// A buffer of `length` bytes at `address`.
    package init(address: UInt64, length: UInt64) {
        self.address = address
        self.length = length
    }
}

/// A descriptor chain the driver made available: its head index, and its device-readable buffers
/// followed by its device-writable ones, in chain order.
package struct VirtioChain: Sendable {
    /// The index of the chain's first descriptor (what goes into the used ring).
    package let head: UInt16
    /// The device-readable buffers.
    package var readable: [VirtioBuffer] = []
    /// The device-writable buffers.
    package var writable: [VirtioBuffer] = []

    /// A chain starting at descriptor `head`, with no buffers yet.
    package init(head: UInt16) { self.head = head }

    /// The total length of the readable buffers.
    package var readableLength: UInt64 { readable.reduce(0) { $0 + $1.length } }
    /// The total length of the writable buffers.
    package var writableLength: UInt64 { writable.reduce(0) { $0 + $1.length } }

    /// Calls `body` with the address and length of every piece of `buffers` that lies in the byte range
    /// `[offset, offset + count)` of their concatenation, in order; false if the range is not covered.
    private static func pieces(of buffers: [VirtioBuffer], offset: UInt64, count: UInt64,
                               _ body: (UInt64, UInt64, UInt64) -> Bool) -> Bool {
        var start = offset, remaining = count, done: UInt64 = 0
        for buffer in buffers where remaining > 0 {
            if start >= buffer.length {
                start -= buffer.length
                continue
            }
            let length = min(buffer.length - start, remaining)
            guard body(buffer.address + start, length, done) else { return false }
            done += length
            remaining -= length
            start = 0
        }
        return remaining == 0
    }

    /// Copies bytes at `offset` of the readable part into `buffer`; false if the part is too short or the
    /// memory refused.
    package func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer,
                      memory: any DirectMemoryAccess) -> Bool {
        VirtioChain.pieces(of: readable, offset: offset, count: UInt64(buffer.count)) { address, length, done in
            memory.read(address, into: UnsafeMutableRawBufferPointer(rebasing: buffer[Int(done)..<Int(done + length)]))
        }
    }

    /// Copies `buffer` to `offset` of the writable part; false if the part is too short or the memory
    /// refused.
    package func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer, memory: any DirectMemoryAccess) -> Bool {
        VirtioChain.pieces(of: writable, offset: offset, count: UInt64(buffer.count)) { address, length, done in
            memory.write(address, from: UnsafeRawBufferPointer(rebasing: buffer[Int(done)..<Int(done + length)]))
        }
    }
}

/// The state of one split virtqueue: what the driver configured through the transport and how far the
/// device has consumed the available ring.
package struct VirtioQueue: Sendable {
    /// Descriptor flags (2.7.5).
    package static let next: UInt16 = 1, deviceWritable: UInt16 = 2, indirect: UInt16 = 4
    /// VIRTQ_AVAIL_F_NO_INTERRUPT: the driver asks not to be interrupted (2.7.7).
    package static let noInterrupt: UInt16 = 1
    /// The size of a descriptor in bytes.
    package static let descriptorSize: UInt64 = 16

    /// The largest size the device accepts (QueueNumMax).
    package let maximumSize: UInt16
    /// The number of descriptors and ring entries (QueueNum).
    package var size: UInt16
    /// Whether the driver enabled the queue (QueueReady).
    package var ready = false
    /// The physical addresses of the descriptor table, the available ring (driver area) and the used
    /// ring (device area).
    package var descriptorTable: UInt64 = 0, driverArea: UInt64 = 0, deviceArea: UInt64 = 0
    /// The free-running index of the next available-ring entry the device will take.
    package var lastAvailableIndex: UInt16 = 0
    /// The free-running index of the next used-ring entry the device will fill.
    package var usedIndex: UInt16 = 0

    /// A queue as after reset: not ready, at its maximum size, no rings.
    package init(maximumSize: UInt16) {
        self.maximumSize = maximumSize
        size = maximumSize
    }

    /// Takes the next chain the driver made available; nil when the device has caught up.
    package mutating func nextChain(memory: any DirectMemoryAccess) throws(VirtqueueError) -> VirtioChain? {
        guard size > 0 else { throw VirtqueueError("queue size 0") }
        guard let available = memory.load(driverArea &+ 2, as: UInt16.self) else {
            throw VirtqueueError("available ring at 0x\(String(driverArea, radix: 16)) lies outside RAM")
        }
        let waiting = available &- lastAvailableIndex
        if waiting == 0 { return nil }
        guard waiting <= size else {
            throw VirtqueueError("available index \(available) is \(waiting) entries ahead of the device in a ring of \(size)")
        }
        let slot = driverArea &+ 4 &+ 2 * UInt64(lastAvailableIndex % size)
        guard let head = memory.load(slot, as: UInt16.self) else {
            throw VirtqueueError("available ring entry at 0x\(String(slot, radix: 16)) lies outside RAM")
        }
        let chain = try readChain(head: head, memory: memory)
        lastAvailableIndex &+= 1
        return chain
    }

    /// Follows the descriptors of the chain starting at `head`.
    private func readChain(head: UInt16, memory: any DirectMemoryAccess) throws(VirtqueueError) -> VirtioChain {
        var chain = VirtioChain(head: head)
        var index = head
        var count = 0
        while true {
            guard index < size else { throw VirtqueueError("descriptor index \(index) beyond queue size \(size)") }
            count += 1
            guard count <= Int(size) else { throw VirtqueueError("descriptor chain from \(head) is longer than the queue (a loop)") }
            let entry = descriptorTable &+ VirtioQueue.descriptorSize * UInt64(index)
            guard memory.contains(entry, length: VirtioQueue.descriptorSize),
                  let address = memory.load(entry, as: UInt64.self), let length = memory.load(entry &+ 8, as: UInt32.self),
                  let flags = memory.load(entry &+ 12, as: UInt16.self), let next = memory.load(entry &+ 14, as: UInt16.self) else {
                throw VirtqueueError("descriptor table entry at 0x\(String(entry, radix: 16)) lies outside RAM")
            }
            guard flags & VirtioQueue.indirect == 0 else {
                throw VirtqueueError("indirect descriptor \(index), but VIRTIO_F_INDIRECT_DESC was not offered")
            }
            guard memory.contains(address, length: UInt64(length)) else {
                throw VirtqueueError("descriptor \(index) buffer 0x\(String(address, radix: 16)) (\(length) bytes) lies outside RAM")
            }
            let buffer = VirtioBuffer(address: address, length: UInt64(length))
            if flags & VirtioQueue.deviceWritable != 0 {
                chain.writable.append(buffer)
            } else {
                // "The driver MUST place any device-writable descriptor elements after any device-readable
                // descriptor elements" (2.7.4.2).
                guard chain.writable.isEmpty else {
                    throw VirtqueueError("device-readable descriptor \(index) after a device-writable one")
                }
                chain.readable.append(buffer)
            }
            if flags & VirtioQueue.next == 0 { return chain }
            index = next
        }
    }

    /// Puts the chain `head` into the used ring with `length` bytes written to its writable part.
    package mutating func complete(head: UInt16, length: UInt32, memory: any DirectMemoryAccess) throws(VirtqueueError) {
        guard size > 0 else { throw VirtqueueError("queue size 0") }
        let entry = deviceArea &+ 4 &+ 8 * UInt64(usedIndex % size)
        guard memory.store(UInt32(head), at: entry), memory.store(length, at: entry &+ 4) else {
            throw VirtqueueError("used ring entry at 0x\(String(entry, radix: 16)) lies outside RAM")
        }
        usedIndex &+= 1
        guard memory.store(usedIndex, at: deviceArea &+ 2) else {
            throw VirtqueueError("used ring at 0x\(String(deviceArea, radix: 16)) lies outside RAM")
        }
    }

    /// Whether the driver asked not to be interrupted for used buffers (VIRTQ_AVAIL_F_NO_INTERRUPT).
    package func interruptSuppressed(memory: any DirectMemoryAccess) -> Bool {
        (memory.load(driverArea, as: UInt16.self) ?? 0) & VirtioQueue.noInterrupt != 0
    }
}
