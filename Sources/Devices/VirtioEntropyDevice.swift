// The virtio entropy device (Virtual I/O Device (VIRTIO) Version 1.2, section 5.4 "Entropy Device"):
// device ID 4, one request queue, no feature bits and no configuration space. The driver makes
// device-writable buffers available; the device fills them with random bytes from the host's
// getrandom(2) (5.4.6.1: "The device MUST place one or more random bytes into the buffer, but it MAY use
// less than the entire buffer length").
import Glibc

/// A virtio-rng device over the host's getrandom(2).
package final class VirtioEntropyDevice: VirtioDevice {
    /// The most bytes one request receives.
    package static let requestLimit = 1 << 16
    /// The queue size.
    package static let queueSize: UInt16 = 256

    /// The device ID of an entropy source.
    package let deviceID: UInt32 = 4
    /// No feature bits.
    package let deviceFeatures: UInt64 = 0
    /// One request queue.
    package let queueCount = 1
    /// The queue size.
    package let maximumQueueSize = VirtioEntropyDevice.queueSize
    /// No configuration space.
    package let configuration: [UInt8] = []

    /// getrandom(2), which Swift's Glibc module does not import (glibc declares it only under _GNU_SOURCE).
    private static let getrandom: (@convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int)? = {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "getrandom").map {
            unsafeBitCast($0, to: (@convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int).self)
        }
    }()

    /// A device.
    package init() {}

    /// Fills the writable part, up to `requestLimit` bytes; returns how many were written.
    package func serve(_ chain: VirtioChain, queue: Int, memory: any DirectMemoryAccess) throws(VirtqueueError) -> UInt32 {
        let count = Int(min(chain.writableLength, UInt64(VirtioEntropyDevice.requestLimit)))
        guard count > 0 else { return 0 }
        var bytes = [UInt8](repeating: 0, count: count)
        let filled = bytes.withUnsafeMutableBytes { buffer -> Int in
            guard let getrandom = VirtioEntropyDevice.getrandom, let base = buffer.baseAddress else { return 0 }
            var done = 0
            while done < count {
                let result = getrandom(base + done, count - done, 0)
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { break }
                done += result
            }
            return done
        }
        guard filled > 0, bytes.withUnsafeBytes({ chain.write(at: 0, from: UnsafeRawBufferPointer(rebasing: $0[..<filled]),
                                                              memory: memory) }) else { return 0 }
        return UInt32(filled)
    }
}
