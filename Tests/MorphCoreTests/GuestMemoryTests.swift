// GuestMemory's copies: the memcpy paths for contiguous bytes and the element-by-element path for any
// other collection write the same bytes and refuse the same out-of-window ranges.
import MorphCore
import Testing

@Suite("Guest memory copies")
struct GuestMemoryTests {
    static let base: UInt64 = 0x1_0000
    static let size: UInt64 = 64 << 10

    func makeMemory() throws -> GuestMemory {
        try GuestMemory(guestBase: GuestMemoryTests.base, size: GuestMemoryTests.size, accessible: true)
    }

    @Test("arrays, slices, buffers and lazy collections copy the same bytes")
    func everyKindOfCollection() throws {
        let memory = try makeMemory()
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let address = GuestMemoryTests.base + 123

        #expect(memory.write(bytes, at: address))
        #expect(memory.read(address, length: bytes.count) == bytes)

        let slice = bytes[100..<4000]
        #expect(memory.write(slice, at: address + 1))
        #expect(memory.read(address + 1, length: slice.count) == Array(slice))

        let reversed = bytes.reversed().map { $0 }
        #expect(reversed.withUnsafeBytes { memory.write($0, at: address + 2) })
        #expect(memory.read(address + 2, length: reversed.count) == reversed)

        // Not contiguous: the generic path, byte by byte.
        let lazy = bytes.lazy.map { $0 ^ 0x5a }
        #expect(memory.write(lazy, at: address + 3))
        #expect(memory.read(address + 3, length: bytes.count) == Array(lazy))
        let range = UInt8(0)...UInt8(255)
        #expect(memory.write(range, at: address + 4))
        #expect(memory.read(address + 4, length: 256) == Array(range))

        // A contiguous collection seen only as a generic Collection still copies in one go.
        func writeGeneric<C: Collection>(_ collection: C, at address: UInt64) -> Bool where C.Element == UInt8 {
            memory.write(collection, at: address)
        }
        #expect(writeGeneric(slice, at: address + 5))
        #expect(memory.read(address + 5, length: slice.count) == Array(slice))

        // Empty writes succeed and change nothing.
        let before = memory.read(address, length: 16)
        #expect(memory.write([UInt8](), at: address))
        #expect(memory.write(bytes[0..<0], at: address))
        #expect(memory.write(UnsafeRawBufferPointer(start: nil, count: 0), at: address))
        #expect(memory.read(address, length: 16) == before)
    }

    @Test("a write that does not fit the window copies nothing")
    func outsideTheWindow() throws {
        let memory = try makeMemory()
        let end = GuestMemoryTests.base + GuestMemoryTests.size
        let bytes = [UInt8](repeating: 0xee, count: 32)
        #expect(memory.write(bytes, at: end - 32))
        #expect(!memory.write(bytes, at: end - 31))
        #expect(!memory.write(bytes[0..<32], at: end - 31))
        #expect(!memory.write(bytes.lazy.map { $0 }, at: end - 31))
        #expect(!bytes.withUnsafeBytes { memory.write($0, at: end - 31) })
        #expect(!memory.write(bytes, at: GuestMemoryTests.base - 1))
        #expect(!memory.write(bytes, at: UInt64.max - 8))
        #expect(memory.read(end - 64, length: 32) == [UInt8](repeating: 0, count: 32))
    }

    @Test("loads and stores are little-endian and checked against the window")
    func loadsAndStores() throws {
        let memory = try makeMemory()
        let address = GuestMemoryTests.base + 0x101  // unaligned
        #expect(memory.store(UInt64(0x0102_0304_0506_0708), at: address))
        #expect(memory.read(address, length: 8) == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect(memory.load(address, as: UInt32.self) == 0x0506_0708)
        #expect(memory.load(address + 6, as: UInt16.self) == 0x0102)
        #expect(memory.load(GuestMemoryTests.base + GuestMemoryTests.size - 1, as: UInt16.self) == nil)
        #expect(!memory.store(UInt32(1), at: GuestMemoryTests.base + GuestMemoryTests.size - 3))
    }
}
