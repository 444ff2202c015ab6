// The guest address space: region bookkeeping, host protections, the mmap allocator, the program
// break and the mapping limit (Linux mmap(2), munmap(2), mprotect(2), brk(2) semantics).
import Glibc
@testable import LinuxUser
import MorphCore
import Testing

@Suite("Address space")
struct AddressSpaceTests {
    static let page = AddressSpace.pageSize

    /// A fresh 256 GiB address space with the heap at 1 MiB and mmap below 200 GiB.
    func makeSpace(limit: UInt64 = 1 << 34) throws -> AddressSpace {
        let memory = try GuestMemory(guestBase: 0, size: 1 << 38, accessible: false)
        let space = AddressSpace(memory: memory, mappingLimit: limit)
        space.configureLayout(heapStart: 1 << 20, mmapTop: 200 << 30)
        return space
    }

    /// What the host kernel says about a guest page: readable / writable, probed with a pipe so that a
    /// protected page gives EFAULT instead of a fault in the test process.
    func hostAccess(_ space: AddressSpace, _ address: UInt64) -> (readable: Bool, writable: Bool) {
        var pipes: [Int32] = [0, 0]
        pipe(&pipes)
        defer { close(pipes[0]); close(pipes[1]) }
        let pointer = space.memory.hostAddress(address)
        // Read probe: the kernel copies from the page into the pipe. Write probe: it copies the same byte
        // back, so the page keeps its contents.
        var original: UInt8 = 0
        let readable = write(pipes[1], pointer, 1) == 1
        if readable { _ = read(pipes[0], &original, 1) }
        _ = write(pipes[1], &original, 1)
        let writable = read(pipes[0], pointer, 1) == 1
        return (readable, writable)
    }

    @Test("mapping, protecting and unmapping keep the region list and host protections in step")
    func regionsFollowOperations() throws {
        let space = try makeSpace()
        let base: UInt64 = 0x100_0000
        #expect(space.mapAnonymous(base, length: 4 * Self.page, protection: .readWrite, kind: .anonymous) == 0)
        #expect(space.regions.count == 1)
        #expect(space.mappedBytes == 4 * Self.page)
        #expect(hostAccess(space, base) == (true, true))

        #expect(space.protect(base + Self.page, length: Self.page, protection: .read) == 0)
        #expect(space.regions.map(\.start) == [base, base + Self.page, base + 2 * Self.page])
        #expect(hostAccess(space, base + Self.page) == (true, false))
        #expect(space.isAccessible(base + Self.page, length: 8, write: false))
        #expect(!space.isAccessible(base + Self.page, length: 8, write: true))
        #expect(!space.isAccessible(base + Self.page - 4, length: 8, write: true))  // straddles

        // Protecting back merges the three pieces into one region again.
        #expect(space.protect(base + Self.page, length: Self.page, protection: .readWrite) == 0)
        #expect(space.regions.count == 1)

        space.unmap(base + Self.page, length: 2 * Self.page)
        #expect(space.regions.map(\.start) == [base, base + 3 * Self.page])
        #expect(space.mappedBytes == 2 * Self.page)
        #expect(hostAccess(space, base + Self.page) == (false, false))
        #expect(space.region(containing: base + Self.page) == nil)

        // mprotect over the hole fails without changing anything.
        #expect(space.protect(base, length: 4 * Self.page, protection: .read) == ENOMEM)
        #expect(hostAccess(space, base) == (true, true))
    }

    @Test("unmapped pages read back as zero after a new mapping")
    func freshMappingsAreZero() throws {
        let space = try makeSpace()
        let base: UInt64 = 0x200_0000
        #expect(space.mapAnonymous(base, length: Self.page, protection: .readWrite, kind: .anonymous) == 0)
        #expect(space.write([1, 2, 3], at: base + 100))
        space.unmap(base, length: Self.page)
        #expect(space.read(base + 100, length: 3) == nil)
        #expect(space.mapAnonymous(base, length: Self.page, protection: .readWrite, kind: .anonymous) == 0)
        #expect(space.read(base + 100, length: 3) == [0, 0, 0])
    }

    @Test("execute permission is what the interpreter asks about")
    func executePermission() throws {
        let space = try makeSpace()
        let base: UInt64 = 0x300_0000
        #expect(space.mapAnonymous(base, length: 2 * Self.page, protection: [.read, .execute], kind: .image) == 0)
        #expect(space.isExecutable(pageAddress: base))
        #expect(space.protect(base + Self.page, length: Self.page, protection: .read) == 0)
        #expect(!space.isExecutable(pageAddress: base + Self.page))
        #expect(space.containsCode(base, base + Self.page))
        #expect(!space.containsCode(base + Self.page, base + 2 * Self.page))
        #expect(!space.isExecutable(pageAddress: 0x400_0000))
    }

    @Test("mmap allocates top-down below mmapTop, skipping used ranges")
    func topDownAllocation() throws {
        let space = try makeSpace()
        let top: UInt64 = 200 << 30
        #expect(space.findFreeRange(length: 2 * Self.page) == top - 2 * Self.page)
        #expect(space.mapAnonymous(top - Self.page, length: Self.page, protection: .read, kind: .anonymous) == 0)
        #expect(space.findFreeRange(length: Self.page) == top - 2 * Self.page)
        // A one-page gap between two mappings fits one page but not two.
        #expect(space.mapAnonymous(top - 3 * Self.page, length: Self.page, protection: .read, kind: .anonymous) == 0)
        #expect(space.findFreeRange(length: Self.page) == top - 2 * Self.page)
        #expect(space.findFreeRange(length: 2 * Self.page) == top - 5 * Self.page)
        // Nothing larger than the space between the heap and mmapTop.
        #expect(space.findFreeRange(length: top) == nil)
    }

    @Test("the program break grows, shrinks, zeroes, and stops at mappings")
    func programBreak() throws {
        let space = try makeSpace()
        let start: UInt64 = 1 << 20
        #expect(space.setBreak(0) == start)
        #expect(space.setBreak(start + 100) == start + 100)
        #expect(space.write([9], at: start + 99))
        #expect(!space.isAccessible(start + Self.page, length: 1, write: false))
        #expect(space.setBreak(start + 3 * Self.page) == start + 3 * Self.page)
        #expect(space.isAccessible(start + 3 * Self.page - 1, length: 1, write: true))
        #expect(space.setBreak(start) == start)
        #expect(space.setBreak(start + 1) == start + 1)
        #expect(space.read(start + 99, length: 1) == [0])  // shrunk pages come back zeroed
        // A mapping right above the heap stops it.
        #expect(space.mapAnonymous(start + 4 * Self.page, length: Self.page, protection: .read, kind: .anonymous) == 0)
        #expect(space.setBreak(start + 8 * Self.page) == start + 1)
        #expect(space.setBreak(start - 1) == start + 1)  // below the heap: unchanged
    }

    @Test("requests beyond the mapping limit fail with ENOMEM and change nothing")
    func mappingLimit() throws {
        let space = try makeSpace(limit: 16 * Self.page)
        #expect(space.mapAnonymous(0x100_0000, length: 12 * Self.page, protection: .readWrite, kind: .anonymous) == 0)
        #expect(space.mapAnonymous(0x200_0000, length: 8 * Self.page, protection: .readWrite, kind: .anonymous) == ENOMEM)
        #expect(space.mappedBytes == 12 * Self.page)
        // Replacing mapped pages does not count them twice.
        #expect(space.mapAnonymous(0x100_0000, length: 16 * Self.page, protection: .read, kind: .anonymous) == 0)
        #expect(space.mappedBytes == 16 * Self.page)
        #expect(space.setBreak((1 << 20) + Self.page) == 1 << 20)
    }

    @Test("guest strings are read page by page, with EFAULT and ENAMETOOLONG")
    func strings() throws {
        let space = try makeSpace()
        let base: UInt64 = 0x500_0000
        #expect(space.mapAnonymous(base, length: Self.page, protection: .readWrite, kind: .anonymous) == 0)
        #expect(space.write(Array("/tmp/x".utf8) + [0], at: base))
        #expect(try space.readString(base).get() == Array("/tmp/x".utf8))
        // A string running into an unmapped page.
        #expect(space.write([UInt8](repeating: 0x41, count: 8), at: base + Self.page - 8))
        #expect(throws: LinuxError.EFAULT) { try space.readString(base + Self.page - 8).get() }
        #expect(throws: LinuxError.ENAMETOOLONG) { try space.readString(base + Self.page - 8, limit: 4).get() }
        #expect(throws: LinuxError.EFAULT) { try space.readString(0).get() }
        #expect(throws: LinuxError.EFAULT) { try space.readString(1 << 40).get() }
    }
}
