// The code cache's memory: one host mapping that generated x86-64 code is written into and run from
// (see ../shared/guide/ARCHITECTURE.md, "Translator/": executable memory, translation cache).
import Glibc

/// A readable, writable and executable host region with a bump allocator. The first `permanentSize`
/// bytes (the trampolines) survive `reset`; everything after them is the translation cache's.
final class ExecutableMemory {
    /// The region's first byte.
    let base: UnsafeMutableRawPointer
    /// The region's size in bytes.
    let size: Int
    /// Bytes in use from `base`.
    private(set) var used = 0
    /// Bytes that `reset` keeps.
    private(set) var permanentSize = 0

    /// Maps `size` bytes, or returns nil when the host refuses.
    init?(size: Int) {
        let address = mmap(nil, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                           -1, 0)
        guard let address, address != MAP_FAILED else { return nil }
        base = address
        self.size = size
    }

    deinit { munmap(base, size) }

    /// The host address of offset `offset`.
    func address(_ offset: Int) -> UnsafeMutableRawPointer { base + offset }

    /// The bytes still free.
    var free: Int { size - used }

    /// Copies `bytes` to the end of the used part (aligned to 16) and returns its offset, or nil when it
    /// does not fit.
    func append(_ bytes: [UInt8]) -> Int? {
        let start = (used + 15) & ~15
        guard start + bytes.count <= size else { return nil }
        bytes.withUnsafeBytes { (base + start).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        used = start + bytes.count
        return start
    }

    /// The offset the next `append` will use.
    var nextOffset: Int { (used + 15) & ~15 }

    /// Marks everything appended so far as permanent.
    func makePermanent() { permanentSize = used }

    /// Forgets everything after the permanent part.
    func reset() { used = permanentSize }
}
