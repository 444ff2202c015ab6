// The guest's console on the host terminal: output to standard output, input from standard input read
// by a thread of its own, in raw mode when standard input is a terminal (POSIX.1-2017, "General Terminal
// Interface": termios, non-canonical input) and restored at exit, also when a signal ends the process. Ctrl-A x quits and Ctrl-A Ctrl-A sends
// Ctrl-A, as on QEMU's stdio console. The serial port and the SBI debug console both use it.
import CMorphSupport
import Glibc

/// The terminal state to restore at exit, when the console made standard input raw.
nonisolated(unsafe) private var savedTerminal: termios?

/// Restores the terminal (registered with atexit).
private func restoreTerminal() {
    if var saved = savedTerminal {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        savedTerminal = nil
    }
}

/// The console: bytes out, bytes in.
package final class Console: @unchecked Sendable {
    /// The escape character (Ctrl-A).
    package static let escape: UInt8 = 0x01

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Input received and not yet read (guarded by `mutex`).
    private var input: [UInt8] = []
    private var inputStart = 0
    /// Whether `startReading` has started the reader (a machine booted again after a reset keeps it).
    package private(set) var isReading = false
    /// Whether the user asked to quit (guarded by `mutex`).
    private var quit = false
    /// Whether output was written since the last `flush`.
    private var unflushed = false
    /// Wakes the machine when input arrives or the user quits.
    package var events: DeviceEvents?
    /// Where output goes; standard output by default (tests collect it).
    package var write: (UInt8) -> Void = { byte in putchar(Int32(byte)) }

    /// A console with no input yet.
    package init() {
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Writes one byte of guest output.
    package func output(_ byte: UInt8) {
        write(byte)
        unflushed = true
    }

    /// Pushes buffered output to the terminal (between runs of guest code and before waiting).
    package func flush() {
        if unflushed {
            fflush(nil)
            unflushed = false
        }
    }

    /// Appends bytes to the input, as if typed (the reader thread and tests).
    package func receive<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        pthread_mutex_lock(mutex)
        input.append(contentsOf: bytes)
        pthread_mutex_unlock(mutex)
        events?.signal()
    }

    /// Whether input is waiting.
    package var hasInput: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return inputStart < input.count
    }

    /// Takes the next input byte, if any.
    package func nextInput() -> UInt8? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard inputStart < input.count else { return nil }
        let byte = input[inputStart]
        inputStart += 1
        if inputStart == input.count {
            input.removeAll(keepingCapacity: true)
            inputStart = 0
        }
        return byte
    }

    /// Whether the user typed Ctrl-A x.
    package var quitRequested: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return quit
    }

    /// Starts reading `fileDescriptor` on a thread of its own. When it is a terminal it is put in raw
    /// mode (no echo, no line editing, no signals from Ctrl-C; output processing stays on) and restored
    /// at exit.
    package func startReading(fileDescriptor: Int32 = STDIN_FILENO) {
        isReading = true
        if isatty(fileDescriptor) == 1, savedTerminal == nil {
            var terminal = termios()
            if tcgetattr(fileDescriptor, &terminal) == 0 {
                savedTerminal = terminal
                atexit { restoreTerminal() }
                // A signal that ends the process skips atexit: restore from its handler too.
                morph_terminal_restore_on_fatal_signals(&terminal)
                terminal.c_iflag &= ~tcflag_t(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON)
                terminal.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG | IEXTEN)
                terminal.c_cflag &= ~tcflag_t(CSIZE | PARENB)
                terminal.c_cflag |= tcflag_t(CS8)
                withUnsafeMutablePointer(to: &terminal.c_cc) { pointer in
                    pointer.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { characters in
                        characters[Int(VMIN)] = 1
                        characters[Int(VTIME)] = 0
                    }
                }
                tcsetattr(fileDescriptor, TCSANOW, &terminal)
            }
        }
        let context = Unmanaged.passRetained(ReaderContext(console: self, fileDescriptor: fileDescriptor))
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            let context = Unmanaged<ReaderContext>.fromOpaque(argument!).takeRetainedValue()
            context.console.readLoop(fileDescriptor: context.fileDescriptor)
            return nil
        }, context.toOpaque())
        if created == 0 { pthread_detach(thread) } else { context.release() }
    }

    /// What the reader thread needs.
    private final class ReaderContext {
        let console: Console
        let fileDescriptor: Int32
        init(console: Console, fileDescriptor: Int32) {
            self.console = console
            self.fileDescriptor = fileDescriptor
        }
    }

    /// Reads until end of file, turning the Ctrl-A escapes into actions.
    private func readLoop(fileDescriptor: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256)
        var escaped = false
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            var bytes: [UInt8] = []
            for byte in buffer[0..<count] {
                if escaped {
                    escaped = false
                    switch byte {
                    case UInt8(ascii: "x"), UInt8(ascii: "X"):
                        pthread_mutex_lock(mutex)
                        quit = true
                        pthread_mutex_unlock(mutex)
                        if !bytes.isEmpty { receive(bytes) }
                        events?.signal()
                        return
                    case Console.escape: bytes.append(byte)
                    default: break
                    }
                } else if byte == Console.escape {
                    escaped = true
                } else {
                    bytes.append(byte)
                }
            }
            if !bytes.isEmpty { receive(bytes) }
        }
    }
}
