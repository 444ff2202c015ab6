// Devices' direct memory access to the machine's RAM (Devices/DirectMemoryAccess.swift): copies in and
// out of the RAM window, bounds-checked by GuestMemory. Before a device writes RAM the engine is told
// (`ExecutionEngine.prepareForHostWrite`), so that a translator that write-protects pages holding
// translated code lifts the protection and drops that code, as for any write of the environment; the
// guest still runs fence.i before executing what a device wrote (The RISC-V Instruction Set Manual,
// Volume I, "Zifencei").
import Devices
import MorphCore

/// Guest physical RAM for devices.
final class GuestMemoryAccess: DirectMemoryAccess {
    /// RAM.
    let memory: GuestMemory
    /// The engine running over it, told of device writes.
    let engine: (any ExecutionEngine)?

    /// Access to `memory`, telling `engine` of writes.
    init(memory: GuestMemory, engine: (any ExecutionEngine)?) {
        self.memory = memory
        self.engine = engine
    }

    /// Whether the bytes lie in RAM.
    func contains(_ address: UInt64, length: UInt64) -> Bool {
        memory.contains(address, length: length)
    }

    /// Copies out of RAM.
    func read(_ address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        guard let offset = memory.offset(of: address, length: UInt64(buffer.count)) else { return false }
        if let base = buffer.baseAddress, buffer.count > 0 {
            base.copyMemory(from: memory.hostBase + Int(offset), byteCount: buffer.count)
        }
        return true
    }

    /// Copies into RAM after the engine has made the pages writable.
    func write(_ address: UInt64, from buffer: UnsafeRawBufferPointer) -> Bool {
        guard memory.contains(address, length: UInt64(buffer.count)) else { return false }
        if buffer.isEmpty { return true }
        engine?.prepareForHostWrite(from: address, to: address + UInt64(buffer.count))
        return memory.write(buffer, at: address)
    }
}
