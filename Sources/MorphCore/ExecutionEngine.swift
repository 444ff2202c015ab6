// The contract every execution engine fulfils (see ../shared/guide/ARCHITECTURE.md, "Engines"): the
// interpreter and the dynamic binary translator run a hart until a `StopReason`, count what they retire,
// and drop what they derived from guest code when the environment says it changed. Environments (Linux
// user mode, system mode) hold an `ExecutionEngine` and never name a concrete engine.
import Glibc

/// Which environment an engine serves.
public enum ExecutionMode: Sendable {
    /// Linux user mode: the engine performs the unprivileged CSRs (fflags, frm, fcsr, cycle, time,
    /// instret) itself.
    case user
    /// System mode: every CSR and privileged instruction goes to the environment.
    case system
}

/// Decides whether guest code may be fetched from a page (asked once per page, before decoding it).
public protocol CodeAccessPolicy: AnyObject {
    /// Whether the 4 KiB page at `pageAddress` may be executed.
    func isExecutable(pageAddress: UInt64) -> Bool
    /// Whether the guest may write the 4 KiB page at `pageAddress` (an engine that write-protects pages
    /// holding translated code restores this when it lifts the protection).
    func isWritable(pageAddress: UInt64) -> Bool
}

/// The engines Morph has, by their command-line names (`--engine`, `MORPH_ENGINE`).
public enum EngineKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The pre-decoding interpreter, the reference.
    case interpreter = "interp"
    /// The dynamic binary translator (RISC-V to x86-64 at run time).
    case translator = "jit"

    /// The engine's name in reports.
    public var description: String {
        switch self {
        case .interpreter: "interpreter"
        case .translator: "translator"
        }
    }

    /// The engine `MORPH_ENGINE` names, or `fallback` when it is unset or names no engine.
    public static func fromEnvironment(default fallback: EngineKind) -> EngineKind {
        guard let value = getEnvironment("MORPH_ENGINE") else { return fallback }
        return EngineKind(rawValue: value) ?? fallback
    }
}

/// What an engine runs: one hart over one memory window, for one environment.
public struct EngineConfiguration {
    /// The hart.
    public var hart: Hart
    /// The guest memory window (user mode: the address space; system mode: RAM).
    public var memory: GuestMemory
    /// The environment.
    public var mode: ExecutionMode
    /// Who says which pages hold code; nil means every page inside the window.
    public weak var codeAccess: CodeAccessPolicy?
    /// Virtual-memory translation (system mode); nil means addresses are physical.
    public var addressTranslator: AddressTranslator?
    /// The translator's code-cache size in bytes (other engines ignore it).
    public var codeCacheSize: Int
    /// Visits after which the translator translates a block (before that the interpreter runs it);
    /// 1 translates every block on its first visit. Other engines ignore it.
    public var translationThreshold: UInt32

    /// Run every translated block against the interpreter on a copy of the state and stop at the first
    /// difference (the translator's `--verify`; other engines ignore it).
    public var verify = false

    /// The default translation threshold.
    public static let defaultTranslationThreshold: UInt32 = 16

    /// The default code-cache size: 64 MiB.
    public static let defaultCodeCacheSize = 64 << 20

    /// A configuration; see the properties.
    public init(hart: Hart, memory: GuestMemory, mode: ExecutionMode, codeAccess: CodeAccessPolicy? = nil,
                addressTranslator: AddressTranslator? = nil,
                codeCacheSize: Int = EngineConfiguration.defaultCodeCacheSize,
                translationThreshold: UInt32 = EngineConfiguration.defaultTranslationThreshold) {
        self.hart = hart
        self.memory = memory
        self.mode = mode
        self.codeAccess = codeAccess
        self.addressTranslator = addressTranslator
        self.codeCacheSize = codeCacheSize
        self.translationThreshold = max(translationThreshold, 1)
    }
}

/// One counter of an engine, for `--stats` ("name: value").
public struct EngineStatistic: Sendable, Equatable {
    /// The counter's name.
    public var name: String
    /// Its value, formatted.
    public var value: String

    /// A counter.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An execution engine: runs one hart until something needs its environment.
///
/// `run` may be abandoned by a host fault inside guest memory (the environment's fault guard jumps out
/// of it), so an engine's run loop must not hold references or locks that need releasing.
public protocol ExecutionEngine: AnyObject {
    /// The hart it runs.
    var hart: Hart { get }
    /// Runs until an instruction needs the environment, an exception occurs, or `limit` instructions
    /// have retired. `hart.pc` is then the instruction the stop reason concerns.
    func run(limit: UInt64) -> StopReason
    /// Instructions retired by this engine across all runs (including those the environment retired
    /// for it through `retire`).
    var executedInstructions: UInt64 { get }
    /// Counts `count` instructions the environment completed for the engine (a served `ecall`, a CSR or
    /// privileged instruction in system mode).
    func retire(_ count: UInt64)
    /// Drops everything derived from guest code in `[start, end)` (guest addresses as fetched: virtual in
    /// user mode, physical in system mode).
    func invalidateCode(from start: UInt64, to end: UInt64)
    /// Drops everything derived from guest code.
    func invalidateAllCode()
    /// Drops code fetched through virtual addresses (after `sfence.vma` or a satp write).
    func invalidateVirtualCode()
    /// Drops code fetched through the virtual page at `page` (after `sfence.vma` with that address).
    func invalidateVirtualCode(page: UInt64)
    /// Folds floating-point flags still held in the host into `fflags` (after a run a host fault
    /// abandoned).
    func collectFloatingPointFlags()
    /// The environment is about to write guest memory `[start, end)` itself (a system call's output): an
    /// engine that write-protects pages holding translated code drops those translations and lifts the
    /// protection first.
    func prepareForHostWrite(from start: UInt64, to end: UInt64)
    /// The engine's counters for `--stats`.
    var statistics: [EngineStatistic] { get }
}

/// Makes the engine for a configuration: environments receive one and never name an engine.
public typealias EngineFactory = (EngineConfiguration) -> any ExecutionEngine

/// `getenv` as a Swift string.
package func getEnvironment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}

extension ExecutionEngine {
    /// Engines that do not track virtual pages one by one drop all virtually fetched code.
    public func invalidateVirtualCode(page: UInt64) { invalidateVirtualCode() }
}
