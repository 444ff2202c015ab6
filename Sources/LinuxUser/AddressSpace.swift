// The guest's virtual address space in user mode: mappings with page permissions inside one host
// reservation (see ../shared/guide/ARCHITECTURE.md, "User-mode memory"; Linux mmap(2), munmap(2),
// mprotect(2), mremap(2), brk(2); layout after the kernel's fs/binfmt_elf.c and mm/mmap.c).
//
// Every guest page that is mapped is a host page of the reservation with the guest's protection
// (read, or read+write: x86-64 has no write-only pages, and RISC-V Linux makes PROT_WRITE imply read);
// every other page of the reservation stays PROT_NONE, so a guest access to it faults in the host and
// becomes the guest's SIGSEGV. Execute permission is kept here only and enforced by the engines
// through `CodeAccessPolicy` (code is fetched by reading host memory, so executable pages are readable).
import Glibc
import MorphCore

/// Guest page protection bits, numbered as Linux's `PROT_*` (the same on riscv64 and x86-64).
public struct MemoryProtection: OptionSet, Sendable, Hashable {
    /// The raw `PROT_*` bits.
    public let rawValue: UInt64
    /// Creates a protection from `PROT_*` bits.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `PROT_READ`.
    public static let read = MemoryProtection(rawValue: 1)
    /// `PROT_WRITE`.
    public static let write = MemoryProtection(rawValue: 2)
    /// `PROT_EXEC`.
    public static let execute = MemoryProtection(rawValue: 4)
    /// Read and write.
    public static let readWrite: MemoryProtection = [.read, .write]

    /// The host `PROT_*` value that backs it: reads are allowed whenever any access is.
    var hostProtection: Int32 {
        if contains(.write) { return PROT_READ | PROT_WRITE }
        return isEmpty ? PROT_NONE : PROT_READ
    }
}

/// One contiguous run of mapped guest pages with the same attributes.
public struct MemoryRegion: Sendable, Equatable {
    /// What created the mapping (for `/proc`-like descriptions and for `mremap`).
    public enum Kind: Sendable, Equatable {
        /// A segment of the program image.
        case image
        /// The `brk` heap.
        case heap
        /// The main thread's stack.
        case stack
        /// An anonymous `mmap`.
        case anonymous
        /// A file `mmap` (`shared`: `MAP_SHARED`).
        case file(shared: Bool)
        /// An attached System V shared memory segment (shmat), with its key and identifier.
        case sharedMemory(key: Int32, identifier: Int32)
    }

    /// The first guest address (page aligned).
    public var start: UInt64
    /// One past the last guest address (page aligned).
    public var end: UInt64
    /// The guest's protection.
    public var protection: MemoryProtection
    /// What created it.
    public var kind: Kind

    /// Its length in bytes.
    public var length: UInt64 { end - start }
}

/// The guest address space: a sorted list of mapped regions over a `GuestMemory` window, the `brk`
/// heap, and the top-down `mmap` allocator.
///
/// Layout (addresses grow upward; the window is `1 << 38` bytes like Sv39 user space):
/// program image, then the heap growing up from the page after it; `mmap` regions allocated top-down
/// from `mmapTop`; a gap; the stack ending at the top of the window.
public final class AddressSpace: CodeAccessPolicy {
    /// The host reservation.
    public let memory: GuestMemory
    /// Mapped regions, sorted by address, never overlapping.
    public private(set) var regions: [MemoryRegion] = []
    /// Bytes currently mapped (the sum of region lengths).
    public private(set) var mappedBytes: UInt64 = 0
    /// The most the guest may have mapped at once; a request beyond it fails with ENOMEM.
    public let mappingLimit: UInt64

    /// The start of the heap (page aligned, just past the program image).
    public private(set) var heapStart: UInt64 = 0
    /// The current program break (`brk(0)`), not necessarily page aligned.
    public private(set) var programBreak: UInt64 = 0
    /// `mmap` without a usable hint allocates below this address.
    public private(set) var mmapTop: UInt64 = 0

    /// The page size.
    public static let pageSize: UInt64 = GuestMemory.pageSize

    /// Serialises every query and change of the region list: guest threads map, unmap and fault at the
    /// same time. Recursive, so that a system call can hold it across several calls (`withLock`).
    private let lock = HostLock(recursive: true)

    /// Runs `body` with the address space locked: what `body` finds (a free range, say) stays true until
    /// it returns, whatever other threads do.
    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        try lock.withLock(body)
    }

    /// Takes the lock for fork(2) (ForkExecSyscalls.swift): no other thread is changing the region list
    /// while the host process is copied.
    func lockForFork() { lock.lock() }
    /// Releases the lock in the parent after fork(2).
    func unlockAfterFork() { lock.unlock() }
    /// Makes the lock unlocked in the child of fork(2) (its owner was the parent's thread).
    func reinitializeLockAfterFork() { lock.reinitializeAfterFork() }

    /// Creates an address space over `memory` (which must start inaccessible at guest address 0).
    public init(memory: GuestMemory, mappingLimit: UInt64) {
        self.memory = memory
        self.mappingLimit = mappingLimit
    }

    // MARK: Queries

    /// Page-aligns `value` downward.
    public static func pageDown(_ value: UInt64) -> UInt64 { value & ~(pageSize - 1) }
    /// Page-aligns `value` upward; nil on overflow.
    public static func pageUp(_ value: UInt64) -> UInt64? {
        let (sum, overflow) = value.addingReportingOverflow(pageSize - 1)
        return overflow ? nil : sum & ~(pageSize - 1)
    }

    /// Whether `[address, address + length)` lies inside the window, for any length.
    public func inWindow(_ address: UInt64, length: UInt64) -> Bool {
        memory.contains(address, length: length)
    }

    /// The index of the first region whose end lies above `address`.
    private func firstIndex(endingAbove address: UInt64) -> Int {
        var low = 0, high = regions.count
        while low < high {
            let middle = (low + high) / 2
            if regions[middle].end <= address { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The region containing `address`, if any.
    public func region(containing address: UInt64) -> MemoryRegion? {
        return lock.withLock {
            let index = firstIndex(endingAbove: address)
            guard index < regions.count, regions[index].start <= address else { return nil }
            return regions[index]
        }
    }

    /// Whether no page of `[start, end)` is mapped.
    public func isFree(_ start: UInt64, _ end: UInt64) -> Bool {
        return lock.withLock {
            let index = firstIndex(endingAbove: start)
            return index == regions.count || regions[index].start >= end
        }
    }

    /// Whether every byte of `[address, address + length)` is mapped with a host protection that allows
    /// the access (`write`: stores; otherwise loads). Length 0 is always accessible.
    public func isAccessible(_ address: UInt64, length: UInt64, write: Bool) -> Bool {
        return lock.withLock {
            if length == 0 { return true }
            guard inWindow(address, length: length) else { return false }
            let end = address + length
            var cursor = address
            var index = firstIndex(endingAbove: address)
            while cursor < end {
                guard index < regions.count else { return false }
                let region = regions[index]
                guard region.start <= cursor else { return false }
                let host = region.protection.hostProtection
                guard write ? host & PROT_WRITE != 0 : host & PROT_READ != 0 else { return false }
                cursor = region.end
                index += 1
            }
            return true
        }
    }

    /// `CodeAccessPolicy`: whether the guest may write the page.
    public func isWritable(pageAddress: UInt64) -> Bool {
        return lock.withLock {
            region(containing: pageAddress)?.protection.contains(.write) ?? false
        }
    }

    /// Called before the environment writes guest memory `[start, end)` on the guest's behalf (the
    /// engine may have write-protected pages that hold translated code).
    public var beforeHostWrite: ((UInt64, UInt64) -> Void)?

    /// `CodeAccessPolicy`: whether the page may be fetched from.
    public func isExecutable(pageAddress: UInt64) -> Bool {
        return lock.withLock {
            region(containing: pageAddress)?.protection.contains(.execute) ?? false
        }
    }

    /// Whether any page of `[start, end)` is executable (its decoded code must be dropped if it changes).
    public func containsCode(_ start: UInt64, _ end: UInt64) -> Bool {
        return lock.withLock {
            var index = firstIndex(endingAbove: start)
            while index < regions.count, regions[index].start < end {
                if regions[index].protection.contains(.execute) { return true }
                index += 1
            }
            return false
        }
    }

    // MARK: Region bookkeeping

    /// Removes `[start, end)` from the region list (splitting regions that straddle its ends).
    private func removeRegions(_ start: UInt64, _ end: UInt64) {
        let first = firstIndex(endingAbove: start)
        var last = first
        var remainders: [MemoryRegion] = []
        while last < regions.count, regions[last].start < end {
            let region = regions[last]
            if region.start < start {
                var left = region
                left.end = start
                remainders.append(left)
            }
            if region.end > end {
                var right = region
                right.start = end
                remainders.append(right)
            }
            mappedBytes -= min(region.end, end) - max(region.start, start)
            last += 1
        }
        if first < last { regions.replaceSubrange(first..<last, with: remainders) }
    }

    /// Records `region` (whose range must be free in the list) and merges it with equal neighbours.
    private func insertRegion(_ region: MemoryRegion) {
        var index = firstIndex(endingAbove: region.start)
        regions.insert(region, at: index)
        mappedBytes += region.length
        if index + 1 < regions.count, canMerge(regions[index], regions[index + 1]) {
            regions[index].end = regions[index + 1].end
            regions.remove(at: index + 1)
        }
        if index > 0, canMerge(regions[index - 1], regions[index]) {
            regions[index - 1].end = regions[index].end
            regions.remove(at: index)
            index -= 1
        }
    }

    private func canMerge(_ left: MemoryRegion, _ right: MemoryRegion) -> Bool {
        left.end == right.start && left.protection == right.protection && left.kind == right.kind
            && left.kind != .file(shared: true) && left.kind != .file(shared: false) && !left.kind.isSharedMemory
    }

    // MARK: Host mappings

    private func hostPointer(_ address: UInt64) -> UnsafeMutableRawPointer { memory.hostAddress(address) }

    /// Puts `[start, end)` back to reserved-and-inaccessible, discarding its contents. This must not
    /// fail: a hole in the reservation could let the host place its own memory where the guest reaches.
    private func hostRelease(_ start: UInt64, _ end: UInt64) {
        let result = mmap(hostPointer(start), Int(end - start), PROT_NONE,
                          MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        if result == MAP_FAILED {
            fatalError("morph: cannot keep guest memory reserved (mmap: \(String(cString: strerror(errno))))")
        }
    }

    /// Maps fresh zeroed pages at `[start, end)` with `protection`. Returns 0 or a Linux errno.
    private func hostMapAnonymous(_ start: UInt64, _ end: UInt64, _ protection: MemoryProtection,
                                  shared: Bool) -> Int32 {
        let flags = MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | (shared ? MAP_SHARED : MAP_PRIVATE)
        let result = mmap(hostPointer(start), Int(end - start), protection.hostProtection, flags, -1, 0)
        if result == MAP_FAILED {
            let error = errno
            hostRelease(start, end)
            return error
        }
        return 0
    }

    /// Maps `end - start` bytes of file `descriptor` from `offset` at `[start, end)`. Returns 0 or a
    /// Linux errno, and whether the window changed (it does not when the error shows up in the probe).
    ///
    /// The mapping is first tried at an address of the host's choosing: every error a file, a device or
    /// the flags can cause shows up there, before anything inside the window changes. Only then is the
    /// same mapping placed into the window.
    private func hostMapFile(_ start: UInt64, _ end: UInt64, _ protection: MemoryProtection, shared: Bool,
                             descriptor: Int32, offset: Int64) -> (error: Int32, windowChanged: Bool) {
        let length = Int(end - start)
        let flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_NORESERVE
        let probe = mmap(nil, length, protection.hostProtection, flags, descriptor, off_t(offset))
        if probe == MAP_FAILED { return (errno, false) }
        munmap(probe, length)
        let result = mmap(hostPointer(start), length, protection.hostProtection, flags | MAP_FIXED,
                          descriptor, off_t(offset))
        if result == MAP_FAILED {
            let error = errno
            hostRelease(start, end)
            return (error, true)
        }
        return (0, true)
    }

    // MARK: Mapping operations (page-aligned ranges inside the window)

    /// Maps zeroed pages at `[start, start + length)`, replacing what was there.
    /// Returns 0 or a Linux errno (ENOMEM beyond the mapping limit).
    public func mapAnonymous(_ start: UInt64, length: UInt64, protection: MemoryProtection,
                             kind: MemoryRegion.Kind, shared: Bool = false) -> Int32 {
        return lock.withLock {
            let end = start + length
            guard inWindow(start, length: length) else { return ENOMEM }
            guard mappedBytes - overlap(start, end) + length <= mappingLimit else { return ENOMEM }
            let error = hostMapAnonymous(start, end, protection, shared: shared)
            removeRegions(start, end)
            if error == 0 {
                insertRegion(MemoryRegion(start: start, end: end, protection: protection, kind: kind))
            }
            return error
        }
    }

    /// Maps a file at `[start, start + length)`, replacing what was there. Returns 0 or a Linux errno;
    /// on error the old mapping is left as it was.
    public func mapFile(_ start: UInt64, length: UInt64, protection: MemoryProtection, shared: Bool,
                        descriptor: Int32, offset: Int64) -> Int32 {
        return lock.withLock {
            let end = start + length
            guard inWindow(start, length: length) else { return ENOMEM }
            guard mappedBytes - overlap(start, end) + length <= mappingLimit else { return ENOMEM }
            let (error, windowChanged) = hostMapFile(start, end, protection, shared: shared, descriptor: descriptor,
                                                     offset: offset)
            guard windowChanged else { return error }
            removeRegions(start, end)
            if error == 0 {
                insertRegion(MemoryRegion(start: start, end: end, protection: protection, kind: .file(shared: shared)))
            }
            return error
        }
    }

    /// Attaches System V shared memory segment `identifier` (host shmat(2) with SHM_REMAP) at
    /// `[start, start + length)`, replacing what was there. Returns 0 or a Linux errno (then nothing
    /// changed).
    public func attachSharedMemory(_ identifier: Int32, key: Int32, at start: UInt64, length: UInt64,
                                   protection: MemoryProtection) -> Int32 {
        return lock.withLock {
            let end = start + length
            guard inWindow(start, length: length) else { return EINVAL }
            guard mappedBytes - overlap(start, end) + length <= mappingLimit else { return ENOMEM }
            let flags = (protection.contains(.write) ? 0 : SHM_RDONLY) | SHM_REMAP
            guard shmat(identifier, hostPointer(start), flags) != UnsafeMutableRawPointer(bitPattern: -1) else { return errno }
            removeRegions(start, end)
            insertRegion(MemoryRegion(start: start, end: end, protection: protection,
                                      kind: .sharedMemory(key: key, identifier: identifier)))
            return 0
        }
    }

    /// Detaches the System V segment attached at `start` (shmdt(2)): every region of it that
    /// starts there or continues it. Returns 0, or EINVAL if no segment is attached at `start`.
    public func detachSharedMemory(at start: UInt64) -> Int32 {
        return lock.withLock {
            let index = firstIndex(endingAbove: start)
            guard index < regions.count, regions[index].start == start, regions[index].kind.isSharedMemory else {
                return EINVAL
            }
            let kind = regions[index].kind
            var end = regions[index].end
            var next = index + 1
            while next < regions.count, regions[next].start == end, regions[next].kind == kind {
                end = regions[next].end
                next += 1
            }
            shmdt(hostPointer(start))
            hostRelease(start, end)
            removeRegions(start, end)
            return 0
        }
    }

    /// Unmaps `[start, start + length)`; unmapped pages inside it are fine (as munmap(2) allows).
    public func unmap(_ start: UInt64, length: UInt64) {
        lock.withLock {
            let end = start + length
            guard length > 0, inWindow(start, length: length) else { return }
            var index = firstIndex(endingAbove: start)
            while index < regions.count, regions[index].start < end {
                hostRelease(max(regions[index].start, start), min(regions[index].end, end))
                index += 1
            }
            removeRegions(start, end)
        }
    }

    /// Changes the protection of `[start, start + length)`. Returns 0, or ENOMEM if a page in it is not
    /// mapped (nothing is changed then), as mprotect(2) does.
    public func protect(_ start: UInt64, length: UInt64, protection: MemoryProtection) -> Int32 {
        return lock.withLock {
            let end = start + length
            guard length > 0 else { return 0 }
            guard inWindow(start, length: length) else { return ENOMEM }
            var pieces: [MemoryRegion] = []
            var cursor = start
            var index = firstIndex(endingAbove: start)
            while cursor < end {
                guard index < regions.count, regions[index].start <= cursor else { return ENOMEM }
                var piece = regions[index]
                piece.start = max(piece.start, start)
                piece.end = min(piece.end, end)
                piece.protection = protection
                pieces.append(piece)
                cursor = regions[index].end
                index += 1
            }
            guard mprotect(hostPointer(start), Int(length), protection.hostProtection) == 0 else { return errno }
            removeRegions(start, end)
            for piece in pieces { insertRegion(piece) }
            return 0
        }
    }

    /// The number of mapped bytes inside `[start, end)`.
    private func overlap(_ start: UInt64, _ end: UInt64) -> UInt64 {
        var total: UInt64 = 0
        var index = firstIndex(endingAbove: start)
        while index < regions.count, regions[index].start < end {
            total += min(regions[index].end, end) - max(regions[index].start, start)
            index += 1
        }
        return total
    }

    // MARK: Placement

    /// Sets the heap start and the top of the `mmap` area (called once by the loader).
    func configureLayout(heapStart: UInt64, mmapTop: UInt64) {
        lock.withLock {
            self.heapStart = heapStart
            programBreak = heapStart
            self.mmapTop = mmapTop
        }
    }

    /// The highest free, page-aligned range of `length` bytes below `mmapTop` and above the heap.
    public func findFreeRange(length: UInt64) -> UInt64? {
        return lock.withLock {
            let floor = AddressSpace.pageUp(programBreak) ?? programBreak
            guard length > 0 else { return nil }
            var ceiling = mmapTop
            var index = firstIndex(endingAbove: mmapTop)
            if index < regions.count, regions[index].start < ceiling { ceiling = regions[index].start }
            // Walk the gaps between regions downward from mmapTop.
            while ceiling > floor {
                let gapStart = max(index > 0 ? regions[index - 1].end : 0, floor)
                if ceiling >= gapStart, ceiling - gapStart >= length { return ceiling - length }
                guard index > 0 else { return nil }
                index -= 1
                ceiling = regions[index].start
            }
            return nil
        }
    }

    // MARK: The program break

    /// `brk(2)`: moves the program break to `requested` if the pages can be mapped; returns the new
    /// (or, on failure or for `requested` below the heap start, the unchanged) break.
    public func setBreak(_ requested: UInt64) -> UInt64 {
        return lock.withLock {
            guard requested >= heapStart, let newEnd = AddressSpace.pageUp(requested),
                  let oldEnd = AddressSpace.pageUp(programBreak) else { return programBreak }
            if newEnd > oldEnd {
                guard newEnd <= mmapTop, isFree(oldEnd, newEnd),
                      mapAnonymous(oldEnd, length: newEnd - oldEnd, protection: .readWrite, kind: .heap) == 0
                else { return programBreak }
            } else if newEnd < oldEnd {
                unmap(newEnd, length: oldEnd - newEnd)
            }
            programBreak = requested
            return programBreak
        }
    }

    // MARK: Copying (software-checked: these never fault in the host)

    /// Reads `length` bytes the guest could read at `address`; nil if any is not readable.
    public func read(_ address: UInt64, length: Int) -> [UInt8]? {
        return lock.withLock {
            guard length >= 0, isAccessible(address, length: UInt64(length), write: false) else { return nil }
            if length == 0 { return [] }
            return memory.read(address, length: length)
        }
    }

    /// Writes `bytes` where the guest could write at `address`; false if any byte is not writable.
    @discardableResult
    public func write(_ bytes: [UInt8], at address: UInt64) -> Bool {
        return lock.withLock {
            guard isAccessible(address, length: UInt64(bytes.count), write: true) else { return false }
            beforeHostWrite?(address, address &+ UInt64(bytes.count))
            return memory.write(bytes, at: address)
        }
    }

    /// Reads a NUL-terminated string of at most `limit` bytes (the NUL excluded); `.failure(EFAULT)` for
    /// an unreadable byte, `.failure(ENAMETOOLONG)` when no NUL comes within the limit.
    public func readString(_ address: UInt64, limit: Int = 4096) -> Result<[UInt8], LinuxError> {
        return lock.withLock {
            var bytes: [UInt8] = []
            var cursor = address
            while bytes.count <= limit {
                let pageEnd = AddressSpace.pageDown(cursor) &+ AddressSpace.pageSize
                let chunk = Int(min(pageEnd &- cursor, UInt64(limit + 1 - bytes.count)))
                guard chunk > 0, isAccessible(cursor, length: UInt64(chunk), write: false) else {
                    return .failure(.EFAULT)
                }
                let start = memory.hostAddress(cursor).assumingMemoryBound(to: UInt8.self)
                for index in 0..<chunk {
                    if start[index] == 0 { return .success(bytes) }
                    bytes.append(start[index])
                }
                cursor &+= UInt64(chunk)
            }
            return .failure(.ENAMETOOLONG)
        }
    }

    /// Loads a little-endian integer the guest could read; nil otherwise.
    public func load<T: FixedWidthInteger>(_ address: UInt64, as type: T.Type) -> T? {
        return lock.withLock {
            guard isAccessible(address, length: UInt64(MemoryLayout<T>.size), write: false) else { return nil }
            return memory.load(address, as: type)
        }
    }

    /// Stores a little-endian integer where the guest could write; false otherwise.
    @discardableResult
    public func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool {
        return lock.withLock {
            guard isAccessible(address, length: UInt64(MemoryLayout<T>.size), write: true) else { return false }
            beforeHostWrite?(address, address &+ UInt64(MemoryLayout<T>.size))
            return memory.store(value, at: address)
        }
    }

    /// The host pointer of a guest buffer that lies inside the window (the host kernel then checks the
    /// page protections itself and answers EFAULT); nil if any byte lies outside the window. The engine
    /// is told first, since the host may write there.
    public func hostBuffer(_ address: UInt64, length: UInt64) -> UnsafeMutableRawPointer? {
        return lock.withLock {
            if length == 0 { return memory.hostAddress(0) }
            guard inWindow(address, length: length) else { return nil }
            beforeHostWrite?(address, address &+ length)
            return memory.hostAddress(address)
        }
    }
}

extension MemoryRegion.Kind {
    /// Whether this is an attached System V shared memory segment.
    public var isSharedMemory: Bool {
        if case .sharedMemory = self { return true }
        return false
    }
}
