// A record of the stores an interpreter run makes, so that they can be undone: the translator's
// `--verify` mode runs each block in the interpreter first, takes the stores back, runs the translated
// block, and compares (see ../shared/guide/PERFORMANCE.md, technique 10, "Verification built in").
import MorphCore

/// Stores in the order they happened: address, size and the bytes before and after (at most 8).
public final class StoreLog {
    /// One store.
    public struct Entry: Sendable {
        /// The guest address.
        public var address: UInt64
        /// The size in bytes (1, 2, 4 or 8).
        public var size: Int
        /// The little-endian bytes before the store.
        public var old: UInt64
        /// The little-endian bytes after it.
        public var new: UInt64
    }

    /// The entries, oldest first.
    public private(set) var entries: [Entry] = []

    /// An empty log.
    public init() {}

    /// Forgets every entry.
    public func clear() { entries.removeAll(keepingCapacity: true) }

    /// Records a store.
    func append(_ entry: Entry) { entries.append(entry) }
}

/// The flat window with every store recorded in a `StoreLog` first.
struct LoggedDataMemory: DataMemory {
    /// The window.
    let flat: FlatDataMemory
    /// Where stores are recorded (alive for the run).
    unowned(unsafe) let log: StoreLog

    /// Loads from the window.
    func load<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? { flat.load(address, as: type) }

    /// Loads for an AMO from the window.
    func loadForUpdate<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        flat.loadForUpdate(address, as: type)
    }

    /// Stores, then records the store: a store that faults in the host (and abandons the run) is never
    /// in the log, so taking the log back never writes where the guest could not.
    func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool {
        guard let old = flat.load(address, as: T.self), flat.store(value, at: address) else { return false }
        log.append(StoreLog.Entry(address: address, size: MemoryLayout<T>.size,
                                  old: UInt64(truncatingIfNeeded: old), new: UInt64(truncatingIfNeeded: value)))
        return true
    }

    /// The window's fault for an access outside it.
    func fault(at address: UInt64, kind: MemoryAccessKind) -> (ExceptionCause, UInt64) {
        flat.fault(at: address, kind: kind)
    }
}

extension Interpreter {
    /// Runs like `run(limit:)` over flat memory, recording every store in `log` (for `--verify`).
    public func run(limit: UInt64, recordingStoresIn log: StoreLog) -> StopReason {
        runLogged(limit: limit, data: LoggedDataMemory(flat: flatData, log: log))
    }
}
