// Guest memory as one flat host reservation (see ../shared/guide/ARCHITECTURE.md, "User-mode memory").
// Host address = host base + (guest address - guest base). Every engine access checks the offset
// against the window size with one unsigned compare; what lies past the window is never touched.
import Glibc

/// A window of guest physical or virtual addresses backed by one host reservation.
///
/// `offset = address &- guestBase` is valid when `offset <= size - accessSize`: one compare, no lookup.
/// In user mode the window starts at guest address 0 and pages inside it carry the guest's protections
/// as host protections; in system mode it is RAM at its physical base.
public final class GuestMemory: @unchecked Sendable {
    /// Host address of guest address `guestBase`.
    public let hostBase: UnsafeMutableRawPointer
    /// The first guest address of the window.
    public let guestBase: UInt64
    /// The window size in bytes (a multiple of the page size).
    public let size: UInt64
    /// The reservation's total length, including the trailing guard region.
    private let reservedLength: Int
    /// What the engines running over this memory share (see `sharedEngineState`), and its lock.
    private var engineState: AnyObject?
    private let engineStateLock = HostLock()

    /// Guest page size (4 KiB, as RISC-V Linux and Sv39 use).
    public static let pageSize: UInt64 = 4096
    /// A guard region before and after the window, so that an access straddling an end, or a few KiB
    /// past one (a register checked once plus a 12-bit offset), can never reach host memory.
    public static let guardSize: UInt64 = 1 << 16

    /// The host range the window and its guard regions occupy: a host fault inside it is a guest access.
    public var guardedHostRange: (low: UInt64, high: UInt64) {
        let base = UInt64(UInt(bitPattern: hostBase))
        return (base &- GuestMemory.guardSize, base &+ size &+ GuestMemory.guardSize)
    }

    /// Why a window could not be created.
    public enum Failure: Error, CustomStringConvertible {
        /// The host refused the reservation.
        case reservationFailed(size: UInt64, errno: Int32)

        /// A one-line description.
        public var description: String {
            switch self {
            case .reservationFailed(let size, let error):
                "cannot reserve \(size >> 20) MiB of guest memory: \(String(cString: strerror(error)))"
            }
        }
    }

    /// Reserves a window of `size` bytes at guest address `guestBase`.
    ///
    /// - Parameter accessible: map the whole window readable and writable (system-mode RAM); otherwise
    ///   it starts inaccessible and the owner maps pages with `protect`.
    public init(guestBase: UInt64, size: UInt64, accessible: Bool) throws(Failure) {
        precondition(size % GuestMemory.pageSize == 0, "window size must be page aligned")
        let guardLength = Int(GuestMemory.guardSize)
        let length = Int(size) + 2 * guardLength
        let address = mmap(nil, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let address, address != MAP_FAILED else { throw .reservationFailed(size: size, errno: errno) }
        if accessible {
            // The guard regions stay inaccessible even when the window itself is RAM.
            mprotect(address + guardLength, Int(size), PROT_READ | PROT_WRITE)
        }
        self.hostBase = address + guardLength
        self.guestBase = guestBase
        self.size = size
        self.reservedLength = length
    }

    deinit {
        munmap(hostBase - Int(GuestMemory.guardSize), reservedLength)
    }

    /// The window offset of `address` if `length` bytes starting there lie inside the window.
    @inlinable @inline(__always)
    public func offset(of address: UInt64, length: UInt64) -> UInt64? {
        let offset = address &- guestBase
        // `length <= size` first, so that `size - length` cannot wrap around.
        return length <= size && offset <= size - length ? offset : nil
    }

    /// Whether `length` bytes at `address` lie inside the window.
    public func contains(_ address: UInt64, length: UInt64 = 1) -> Bool {
        offset(of: address, length: length) != nil
    }

    /// The host pointer for a guest address inside the window (no check).
    @inline(__always)
    public func hostAddress(_ address: UInt64) -> UnsafeMutableRawPointer {
        hostBase + Int(truncatingIfNeeded: address &- guestBase)
    }

    /// The object every engine over this memory shares (one per address space, however many threads run
    /// in it): made by the first caller's `make`, then returned to every caller. The translator keeps the
    /// write protection of pages holding translated code there, since any thread may write such a page.
    package func sharedEngineState<State: AnyObject>(_ make: () -> State) -> State {
        engineStateLock.withLock {
            if let state = engineState as? State { return state }
            let state = make()
            engineState = state
            return state
        }
    }

    /// Sets the host protection of the pages covering `[address, address + length)`, which must be
    /// page aligned and inside the window. Returns false if the host refused.
    @discardableResult
    public func protect(_ address: UInt64, length: UInt64, readable: Bool, writable: Bool) -> Bool {
        guard length > 0, let offset = offset(of: address, length: length) else { return false }
        let protection = (readable ? PROT_READ : 0) | (writable ? PROT_WRITE | PROT_READ : 0)
        return mprotect(hostBase + Int(offset), Int(length), protection) == 0
    }

    /// Copies bytes into the window; false if any byte lies outside it.
    /// The pages must be writable by the host (the loader makes them writable before copying).
    ///
    /// Collections with contiguous storage (arrays, array slices, buffer pointers, `Data`-like types) are
    /// copied with one `memcpy`; any other collection byte by byte.
    @discardableResult
    public func write<Bytes: Collection>(_ bytes: Bytes, at address: UInt64) -> Bool where Bytes.Element == UInt8 {
        let count = bytes.count
        guard let offset = offset(of: address, length: UInt64(count)) else { return false }
        let destination = hostBase + Int(offset)
        let copied: Int? = bytes.withContiguousStorageIfAvailable { source in
            if let base = source.baseAddress, source.count > 0 { memcpy(destination, base, source.count) }
            return source.count
        }
        guard copied == nil else { return true }
        let typed = destination.assumingMemoryBound(to: UInt8.self)
        var index = 0
        for byte in bytes {
            typed[index] = byte
            index &+= 1
        }
        return true
    }

    /// Copies the bytes of a buffer into the window with one `memcpy`; false if any byte lies outside it.
    /// The pages must be writable by the host.
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer, at address: UInt64) -> Bool {
        guard let offset = offset(of: address, length: UInt64(bytes.count)) else { return false }
        if let base = bytes.baseAddress, bytes.count > 0 { memcpy(hostBase + Int(offset), base, bytes.count) }
        return true
    }

    /// Copies an array's bytes into the window with one `memcpy`; false if any byte lies outside it.
    /// The pages must be writable by the host.
    @discardableResult
    public func write(_ bytes: [UInt8], at address: UInt64) -> Bool {
        bytes.withUnsafeBytes { write($0, at: address) }
    }

    /// Copies an array slice's bytes into the window with one `memcpy`; false if any byte lies outside it.
    /// The pages must be writable by the host.
    @discardableResult
    public func write(_ bytes: ArraySlice<UInt8>, at address: UInt64) -> Bool {
        bytes.withUnsafeBytes { write($0, at: address) }
    }

    /// Copies `length` bytes out of the window; nil if any byte lies outside it.
    public func read(_ address: UInt64, length: Int) -> [UInt8]? {
        guard length >= 0, let offset = offset(of: address, length: UInt64(length)) else { return nil }
        return [UInt8](UnsafeRawBufferPointer(start: hostBase + Int(offset), count: length))
    }

    /// Loads a little-endian value; nil outside the window.
    ///
    /// Inlinable so that callers in other modules get it specialized for their `T` (the interpreter's
    /// instruction fetch calls it for every decoded slot).
    @inlinable
    public func load<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        guard let offset = offset(of: address, length: UInt64(MemoryLayout<T>.size)) else { return nil }
        return T(littleEndian: (hostBase + Int(offset)).loadUnaligned(as: T.self))
    }

    /// Stores a little-endian value; false outside the window.
    ///
    /// Inlinable so that callers in other modules get it specialized for their `T`.
    @inlinable @discardableResult
    public func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool {
        guard let offset = offset(of: address, length: UInt64(MemoryLayout<T>.size)) else { return false }
        (hostBase + Int(offset)).storeBytes(of: value.littleEndian, as: T.self)
        return true
    }
}
