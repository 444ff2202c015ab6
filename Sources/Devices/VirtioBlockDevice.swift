// The virtio block device (Virtual I/O Device (VIRTIO) Version 1.2, section 5.2 "Block Device"), backed
// by a disk image file on the host: device ID 2, one request queue, the capacity in 512-byte sectors at
// offset 0 of the configuration space and seg_max at offset 12 (5.2.4). Requests (5.2.6) are a
// device-readable header (type, reserved, sector), data, and a device-writable status byte: VIRTIO_BLK_T_IN
// reads with pread(2), VIRTIO_BLK_T_OUT writes with pwrite(2), VIRTIO_BLK_T_FLUSH calls fsync(2),
// VIRTIO_BLK_T_GET_ID returns the image's file name (at most 20 bytes); any other type completes with
// VIRTIO_BLK_S_UNSUPP. A read-only drive offers VIRTIO_BLK_F_RO and fails writes with VIRTIO_BLK_S_IOERR
// (5.2.6.2: "A device MUST set the status byte to VIRTIO_BLK_S_IOERR for a write request if the
// VIRTIO_BLK_F_RO feature if offered"), as it does requests past the end of the disk.
import Glibc

/// A virtio-blk device over a disk image file.
package final class VirtioBlockDevice: VirtioDevice {
    /// Why a disk image cannot be opened.
    package struct OpenError: Error, CustomStringConvertible {
        /// One line for the user.
        package let description: String
    }

    /// Feature bits (5.2.3).
    package static let segmentMaximumFeature: UInt64 = 1 << 2, readOnlyFeature: UInt64 = 1 << 5,
                       flushFeature: UInt64 = 1 << 9
    /// Request types (5.2.6).
    package static let typeIn: UInt32 = 0, typeOut: UInt32 = 1, typeFlush: UInt32 = 4, typeGetID: UInt32 = 8
    /// Status values (5.2.6).
    package static let statusOK: UInt8 = 0, statusIOError: UInt8 = 1, statusUnsupported: UInt8 = 2
    /// The sector size of the protocol.
    package static let sectorSize: UInt64 = 512
    /// The size of the request header.
    package static let headerSize: UInt64 = 16
    /// The length of a device ID (VIRTIO_BLK_ID_BYTES).
    package static let identifierLength = 20
    /// The queue size (QEMU's default for virtio-blk).
    package static let queueSize: UInt16 = 256
    /// How much of a request moves through the host at once.
    private static let chunkSize = 1 << 20

    /// The device ID of a block device.
    package let deviceID: UInt32 = 2
    /// One request queue.
    package let queueCount = 1
    /// The queue size.
    package let maximumQueueSize = VirtioBlockDevice.queueSize
    /// The image's path.
    package let path: String
    /// Whether the guest may not write.
    package let readOnly: Bool
    /// The capacity in 512-byte sectors (the image's size rounded down).
    package let capacity: UInt64
    /// The answer to VIRTIO_BLK_T_GET_ID: the image's file name, NUL-padded to 20 bytes.
    package let identifier: [UInt8]

    private var descriptor: Int32

    /// Opens the image at `path` for reading, and writing unless `readOnly`.
    package init(path: String, readOnly: Bool) throws(OpenError) {
        self.path = path
        self.readOnly = readOnly
        let descriptor = open(path, (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw OpenError(description: "cannot open drive \(path): \(String(cString: strerror(errno)).lowercased())")
        }
        var information = stat()
        guard fstat(descriptor, &information) == 0 else {
            let message = String(cString: strerror(errno)).lowercased()
            close(descriptor)
            throw OpenError(description: "cannot open drive \(path): \(message)")
        }
        var bytes = UInt64(max(information.st_size, 0))
        switch information.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFBLK:
            let end = lseek(descriptor, 0, SEEK_END)
            bytes = UInt64(max(end, 0))
        default:
            close(descriptor)
            throw OpenError(description: "cannot open drive \(path): not a regular file or block device")
        }
        self.descriptor = descriptor
        capacity = bytes / VirtioBlockDevice.sectorSize
        let name = path.split(separator: "/").last.map { Array($0.utf8) } ?? []
        identifier = Array((name + [UInt8](repeating: 0, count: VirtioBlockDevice.identifierLength))
            .prefix(VirtioBlockDevice.identifierLength))
    }

    deinit {
        synchronize()
        close(descriptor)
    }

    /// VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_FLUSH, and VIRTIO_BLK_F_RO when read-only.
    package var deviceFeatures: UInt64 {
        VirtioBlockDevice.segmentMaximumFeature | VirtioBlockDevice.flushFeature
            | (readOnly ? VirtioBlockDevice.readOnlyFeature : 0)
    }

    /// `struct virtio_blk_config` up to seg_max: capacity (le64), size_max (le32, unused), seg_max
    /// (le32: the queue size less the header and status descriptors).
    package var configuration: [UInt8] {
        let segments = UInt32(VirtioBlockDevice.queueSize) - 2
        return (0..<8).map { UInt8(truncatingIfNeeded: capacity >> (8 * UInt64($0))) } + [0, 0, 0, 0]
            + (0..<4).map { UInt8(truncatingIfNeeded: segments >> (8 * UInt32($0))) }
    }

    /// Writes what the host still buffers for the image to its storage (fsync(2)); false on failure.
    @discardableResult
    package func synchronize() -> Bool {
        readOnly || fsync(descriptor) == 0
    }

    /// Serves one request: header, data, status byte (the last byte of the writable part).
    package func serve(_ chain: VirtioChain, queue: Int, memory: any DirectMemoryAccess) throws(VirtqueueError) -> UInt32 {
        let writableLength = chain.writableLength
        guard writableLength >= 1 else { throw VirtqueueError("block request \(chain.head) has no status byte") }
        let statusOffset = writableLength - 1
        var header = [UInt8](repeating: 0, count: Int(VirtioBlockDevice.headerSize))
        let status: UInt8
        var written: UInt64 = 0
        if header.withUnsafeMutableBytes({ chain.read(at: 0, into: $0, memory: memory) }) {
            let type = header.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) }
            let sector = header.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
            switch type {
            case VirtioBlockDevice.typeIn:
                (status, written) = transferIn(chain, sector: sector, length: statusOffset, memory: memory)
            case VirtioBlockDevice.typeOut:
                status = transferOut(chain, sector: sector, length: chain.readableLength - VirtioBlockDevice.headerSize,
                                     memory: memory)
            case VirtioBlockDevice.typeFlush:
                status = synchronize() ? VirtioBlockDevice.statusOK : VirtioBlockDevice.statusIOError
            case VirtioBlockDevice.typeGetID:
                let count = min(UInt64(identifier.count), statusOffset)
                if identifier.withUnsafeBytes({ chain.write(at: 0, from: UnsafeRawBufferPointer(rebasing: $0[..<Int(count)]),
                                                            memory: memory) }) {
                    (status, written) = (VirtioBlockDevice.statusOK, count)
                } else {
                    status = VirtioBlockDevice.statusIOError
                }
            default:
                status = VirtioBlockDevice.statusUnsupported
            }
        } else {
            status = VirtioBlockDevice.statusIOError  // The header is shorter than 16 bytes.
        }
        guard withUnsafeBytes(of: status, { chain.write(at: statusOffset, from: $0, memory: memory) }) else {
            throw VirtqueueError("block request \(chain.head): the status byte cannot be written")
        }
        return UInt32(truncatingIfNeeded: min(written + 1, UInt64(UInt32.max)))
    }

    /// The byte offset in the image of `length` bytes at `sector`, if they lie inside the disk and are
    /// whole sectors.
    private func imageOffset(sector: UInt64, length: UInt64) -> UInt64? {
        guard length % VirtioBlockDevice.sectorSize == 0, sector <= capacity,
              length / VirtioBlockDevice.sectorSize <= capacity - sector else { return nil }
        return sector * VirtioBlockDevice.sectorSize
    }

    /// VIRTIO_BLK_T_IN: reads `length` bytes at `sector` into the writable part; the status and the bytes
    /// written.
    private func transferIn(_ chain: VirtioChain, sector: UInt64, length: UInt64,
                            memory: any DirectMemoryAccess) -> (UInt8, UInt64) {
        guard let start = imageOffset(sector: sector, length: length) else { return (VirtioBlockDevice.statusIOError, 0) }
        let (complete, done) = inChunks(of: length) { part, done in
            readFully(into: part, at: start + done) && chain.write(at: done, from: UnsafeRawBufferPointer(part), memory: memory)
        }
        return (complete ? VirtioBlockDevice.statusOK : VirtioBlockDevice.statusIOError, done)
    }

    /// VIRTIO_BLK_T_OUT: writes the `length` bytes after the header at `sector`; the status.
    private func transferOut(_ chain: VirtioChain, sector: UInt64, length: UInt64,
                             memory: any DirectMemoryAccess) -> UInt8 {
        guard !readOnly, let start = imageOffset(sector: sector, length: length) else { return VirtioBlockDevice.statusIOError }
        let (complete, _) = inChunks(of: length) { part, done in
            chain.read(at: VirtioBlockDevice.headerSize + done, into: part, memory: memory)
                && writeFully(UnsafeRawBufferPointer(part), at: start + done)
        }
        return complete ? VirtioBlockDevice.statusOK : VirtioBlockDevice.statusIOError
    }

    /// Moves `length` bytes through one buffer of at most `chunkSize` bytes: `step` gets each chunk's
    /// part of the buffer and its offset into the transfer, and returns false to stop. Whether every
    /// step succeeded, and the bytes moved by the steps that did.
    private func inChunks(of length: UInt64,
                          _ step: (UnsafeMutableRawBufferPointer, UInt64) -> Bool) -> (complete: Bool, done: UInt64) {
        var buffer = [UInt8](repeating: 0, count: min(VirtioBlockDevice.chunkSize, Int(clamping: length)))
        var done: UInt64 = 0
        while done < length {
            let count = Int(min(UInt64(buffer.count), length - done))
            let moved = buffer.withUnsafeMutableBytes { step(UnsafeMutableRawBufferPointer(rebasing: $0[..<count]), done) }
            guard moved else { return (false, done) }
            done += UInt64(count)
        }
        return (true, done)
    }

    /// pread(2) until `buffer` is full; false on an error or the end of the file.
    private func readFully(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Bool {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        return true
    }

    /// pwrite(2) all of `buffer`; false on an error.
    private func writeFully(_ buffer: UnsafeRawBufferPointer, at offset: UInt64) -> Bool {
        var done = 0
        while done < buffer.count {
            let count = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        return true
    }
}
