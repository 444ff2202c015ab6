// `--engine` and `--code-cache`, shared by `morph run` and `morph boot` (see
// ../shared/guide/ARCHITECTURE.md, "The command line"). This is the one place that names the concrete
// engines: environments receive an `EngineFactory`.
import ArgumentParser
import Interpreter
import MorphCore
import Translator

extension EngineKind: ExpressibleByArgument {}

/// The engine options of a subcommand.
struct EngineOptions: ParsableArguments {
    /// The engine (`--engine`); nil means `MORPH_ENGINE`, else the default.
    @Option(help: ArgumentHelp("The execution engine: interp (the interpreter) or jit (the dynamic binary "
                               + "translator). Default: $MORPH_ENGINE, else jit.", valueName: "engine"))
    var engine: EngineKind?

    /// The translator's code-cache size (`--code-cache`).
    @Option(help: ArgumentHelp("The translator's code cache (e.g. 16M); when full it is flushed and refilled.",
                               valueName: "size"))
    var codeCache: ByteSize?

    /// The translator's tiering threshold (`--jit-threshold`).
    @Option(help: ArgumentHelp("Visits after which the translator translates a block; colder code runs in the "
                               + "interpreter (1: translate everything at once).", valueName: "count"))
    var jitThreshold: UInt32 = EngineConfiguration.defaultTranslationThreshold

    /// `--verify`: the translator checks every block against the interpreter.
    @Flag(help: ArgumentHelp("Run every translated block against the interpreter on a copy of the state and stop "
                             + "at the first difference (slow; for finding translator bugs)."))
    var verify = false

    /// The engine that runs: `--engine`, else `MORPH_ENGINE`, else the default.
    var kind: EngineKind { engine ?? EngineKind.fromEnvironment(default: Engines.defaultKind) }

    /// The code-cache size in bytes.
    var codeCacheBytes: Int {
        guard let codeCache else { return EngineConfiguration.defaultCodeCacheSize }
        return Int(clamping: codeCache.bytes)
    }

    /// The factory of the chosen engine, with these options applied to every configuration.
    var factory: EngineFactory {
        let make = Engines.factory(kind)
        let cacheSize = codeCacheBytes, threshold = jitThreshold, verify = verify
        return { configuration in
            var configuration = configuration
            configuration.codeCacheSize = cacheSize
            configuration.translationThreshold = max(threshold, 1)
            configuration.verify = verify
            return make(configuration)
        }
    }
}

/// The concrete engines behind `EngineKind`.
enum Engines {
    /// The engine when neither `--engine` nor `MORPH_ENGINE` names one.
    static let defaultKind = EngineKind.translator

    /// The factory for an engine kind.
    static func factory(_ kind: EngineKind) -> EngineFactory {
        switch kind {
        case .interpreter: { Interpreter($0) }
        case .translator: { configuration in
            do {
                return try DynamicTranslator(configuration)
            } catch {
                writeStandardError("morph: warning: \(error); running the interpreter instead\n")
                return Interpreter(configuration)
            }
        }
        }
    }
}
