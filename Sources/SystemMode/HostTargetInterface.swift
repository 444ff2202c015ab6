// HTIF, the Berkeley host-target interface of Spike and the riscv-tests environment: the target
// writes a command to the 64-bit `tohost` word and the host answers in `fromhost`. Command layout:
// device (bits 63..56), command (55..48), payload (47..0). Device 0 command 0 is the "syscall" device:
// an odd payload is an exit (code = payload >> 1); an even one points to a proxied syscall
// (`magic_mem`: number, then arguments). Device 1 command 1 is the console: write one character.
import MorphCore

/// The `tohost`/`fromhost` mailbox of a loaded program.
public struct HostTargetInterface: Sendable {
    /// Address of `tohost`.
    public let toHost: UInt64
    /// Address of `fromhost`, if the program has one.
    public let fromHost: UInt64?

    /// Proxied syscall numbers (riscv-pk's, the Linux generic ones).
    private static let systemCallWrite: UInt64 = 64
    private static let systemCallExit: UInt64 = 93

    /// Handles a pending command, if any. Returns the exit code when the program asked to exit.
    func poll(memory: GuestMemory, output: (UInt8) -> Void) -> Int32? {
        guard let command = memory.load(toHost, as: UInt64.self), command != 0 else { return nil }
        memory.store(UInt64(0), at: toHost)
        let device = command >> 56, code = (command >> 48) & 0xff, payload = command & 0xffff_ffff_ffff
        var reply: UInt64 = 1
        switch (device, code) {
        case (0, 0) where payload & 1 == 1:
            return Int32(truncatingIfNeeded: payload >> 1)
        case (0, 0):
            // A proxied syscall: eight 64-bit words at `payload`.
            guard let number = memory.load(payload, as: UInt64.self) else { break }
            let argument = { (index: UInt64) in memory.load(payload + 8 * (index + 1), as: UInt64.self) ?? 0 }
            switch number {
            case HostTargetInterface.systemCallExit:
                return Int32(truncatingIfNeeded: argument(0))
            case HostTargetInterface.systemCallWrite:
                let length = argument(2)
                if let bytes = memory.read(argument(1), length: Int(min(length, 1 << 20))) {
                    bytes.forEach(output)
                    reply = UInt64(bytes.count)
                }
            default:
                reply = UInt64(bitPattern: -38)  // ENOSYS
            }
            memory.store(reply, at: payload)
            reply = 1
        case (1, 1):
            output(UInt8(truncatingIfNeeded: payload))
            reply = 1 << 56 | 1 << 48
        default:
            break
        }
        if let fromHost { memory.store(reply, at: fromHost) }
        return nil
    }
}
