// Dynamically linked guest programs (Tests/Guest/dynamic) under `morph run --sysroot` and under
// `qemu-riscv64 -L` (the oracle) with Debian's riscv64 cross sysroot: standard output and exit status
// must be identical, under every engine. Also: libc.so.6 run as a program, the default sysroot and the
// error for a missing interpreter, absolute paths looked up under a sysroot (a static program against a
// sysroot the test makes), and the process image the loader builds for a dynamic program.
import Foundation
import LinuxUser
import Interpreter
import Testing
import TestSupport

/// The project's dynamically linked guest programs.
enum DynamicProgram: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// C with libc.so.6 and libm.so.6.
    case c
    /// The same, linked at a fixed address (-no-pie: ET_EXEC with an interpreter).
    case cFixedAddress
    /// C++ with libstdc++.so.6 and libgcc_s.so.1 (exceptions across the library boundary).
    case cxx
    /// dlopen/dlsym/dlclose of the project's own library, with dynamic TLS; then of a second build of it
    /// that ld.so maps where the first one was (the engines must drop the old code).
    case dlopen
    /// TLS of a library the program links against (static TLS set up by ld.so).
    case tls

    var testDescription: String { rawValue }

    /// The sources' folder.
    static let directory = "Tests/Guest/dynamic"

    /// The exit status each program ends with (as under qemu-riscv64 -L).
    var expectedStatus: Int32 {
        switch self {
        case .c, .cFixedAddress: 7
        case .cxx: 10
        case .dlopen: 23
        case .tls: 37
        }
    }

    /// Builds the program (and the library it needs) and returns the executable and its arguments.
    /// Everything goes into one folder, where RUNPATH `$ORIGIN` finds a library next to its program.
    func build() throws -> (program: String, arguments: [String]) {
        let folder = "dynamic/"
        let directory = DynamicProgram.directory
        let library = ["-O2", "-shared", "-fPIC"]
        switch self {
        case .c:
            return (try GuestPrograms.build(["\(directory)/dynamic_c.c"], output: folder + "dynamic_c",
                                            flags: ["-O2"], libraries: ["-lm"]), [])
        case .cFixedAddress:
            return (try GuestPrograms.build(["\(directory)/dynamic_c.c"], output: folder + "dynamic_c_no_pie",
                                            flags: ["-O2", "-no-pie"], libraries: ["-lm"]), [])
        case .cxx:
            return (try GuestPrograms.build(["\(directory)/dynamic_cxx.cc"], output: folder + "dynamic_cxx",
                                            flags: ["-O2"]), [])
        case .dlopen:
            let plugin = try GuestPrograms.build(["\(directory)/morph_plugin.c"], output: folder + "libmorph_plugin.so",
                                                 flags: library + ["-Wl,-soname,libmorph_plugin.so"], libraries: ["-lm"])
            // The second build: the same code with other constants, loaded where the first one was.
            let second = try GuestPrograms.build(["\(directory)/morph_plugin.c"], output: folder + "libmorph_plugin2.so",
                                                 flags: library + ["-DPLUGIN_VARIANT=2", "-Wl,-soname,libmorph_plugin2.so"],
                                                 libraries: ["-lm"])
            let program = try GuestPrograms.build(["\(directory)/dlopen_main.c"], output: folder + "dlopen_main",
                                                  flags: ["-O2"])
            return (program, [plugin, second])
        case .tls:
            let tls = try GuestPrograms.build(["\(directory)/morph_tls.c"], output: folder + "libmorph_tls.so",
                                              flags: library + ["-Wl,-soname,libmorph_tls.so"])
            let program = try GuestPrograms.build(["\(directory)/tls_main.c", tls], output: folder + "tls_main",
                                                  flags: ["-O2", "-Wl,-rpath,$ORIGIN"])
            return (program, [])
        }
    }
}

@Suite("Dynamic linking: morph run --sysroot vs qemu-riscv64 -L")
struct DynamicLinkingTests {
    static let sysroot = GuestToolchain.sysroot
    static let interpreter = "/lib/ld-linux-riscv64-lp64d.so.1"

    /// The host environment plus MORPH_TEST=hello, without MORPH_SYSROOT (the tests choose the sysroot).
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["MORPH_TEST"] = "hello"
        environment["MORPH_SYSROOT"] = nil
        return environment
    }

    @Test("the sysroot holds the dynamic linker, libc, libm and libstdc++")
    func sysrootInstalled() throws {
        try GuestToolchain.ensureInstalled()
        for file in [Self.interpreter, "/lib/libc.so.6", "/lib/libm.so.6", "/lib/libstdc++.so.6", "/lib/libgcc_s.so.1"] {
            #expect(FileManager.default.fileExists(atPath: Self.sysroot + file), "\(Self.sysroot + file) is missing")
        }
    }

    @Test("same standard output and exit status as qemu-riscv64 -L", arguments: DynamicProgram.allCases,
          TestEngine.allCases)
    func sameAsQemu(program: DynamicProgram, engine: TestEngine) throws {
        let (binary, arguments) = try program.build()
        let morph = try GuestPrograms.inFreshDirectory("dynamic-\(program)-morph-\(engine)") {
            try GuestPrograms.run(engine: engine, binary, arguments, options: ["--sysroot", Self.sysroot],
                                  environment: Self.environment, currentDirectory: $0)
        }
        let qemu = try GuestPrograms.inFreshDirectory("dynamic-\(program)-qemu-\(engine)") {
            try GuestPrograms.qemu(binary, arguments, sysroot: Self.sysroot, environment: Self.environment,
                                   currentDirectory: $0)
        }
        #expect(morph.output == qemu.output, "standard output differs; morph stderr: \(morph.errorOutput)")
        #expect(morph.status == qemu.status, "morph stderr: \(morph.errorOutput)")
        #expect(morph.status == program.expectedStatus)
        #expect(morph.output.split(separator: "\n").count >= 8)
    }

    @Test("libc.so.6 run directly prints its version banner as under qemu-riscv64", arguments: TestEngine.allCases)
    func libcBanner(engine: TestEngine) throws {
        let libc = Self.sysroot + "/lib/libc.so.6"
        let morph = try GuestPrograms.run(engine: engine, libc, options: ["--sysroot", Self.sysroot],
                                          environment: Self.environment)
        let qemu = try GuestPrograms.qemu(libc, sysroot: Self.sysroot, environment: Self.environment)
        #expect(morph.status == 0, "\(morph.errorOutput)")
        #expect(morph.status == qemu.status)
        #expect(morph.output == qemu.output)
        #expect(morph.output.hasPrefix("GNU C Library"))
        #expect(morph.errorOutput.isEmpty)
    }

    @Test("without --sysroot: $MORPH_SYSROOT, else Debian's cross sysroot; a missing interpreter exits 127",
          arguments: TestEngine.allCases)
    func defaultSysroot(engine: TestEngine) throws {
        let (binary, _) = try DynamicProgram.c.build()
        let expected = try GuestPrograms.qemu(binary, sysroot: Self.sysroot, environment: Self.environment)

        // No option, no variable: /usr/riscv64-linux-gnu.
        let byDefault = try GuestPrograms.run(engine: engine, binary, environment: Self.environment)
        #expect(byDefault.status == DynamicProgram.c.expectedStatus, "\(byDefault.errorOutput)")
        #expect(byDefault.output == expected.output)

        // A variable naming a folder without the interpreter: the paths tried are named.
        let missing = "/nonexistent-morph-sysroot"
        var environment = Self.environment
        environment["MORPH_SYSROOT"] = missing
        let withVariable = try GuestPrograms.run(engine: engine, binary, environment: environment)
        if !FileManager.default.fileExists(atPath: Self.interpreter) {  // else the host's own is found
            #expect(withVariable.status == 127)
            #expect(withVariable.output.isEmpty)
            #expect(withVariable.errorOutput == "morph: error: \(binary): cannot execute: its interpreter "
                    + "\(Self.interpreter) was not found (tried \(missing)\(Self.interpreter), \(Self.interpreter)); "
                    + "give a riscv64 sysroot with --sysroot DIR or MORPH_SYSROOT (Debian's libc6-riscv64-cross "
                    + "installs one at /usr/riscv64-linux-gnu)\n")
        }

        // --sysroot wins over the variable.
        let withOption = try GuestPrograms.run(engine: engine, binary, options: ["--sysroot", Self.sysroot],
                                               environment: environment)
        #expect(withOption.status == DynamicProgram.c.expectedStatus, "\(withOption.errorOutput)")
        #expect(withOption.output == expected.output)
    }

    /// A sysroot with etc/morph-sysroot-probe.txt, a relative symbolic link to it and a directory.
    static func makeProbeSysroot() throws -> URL {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-sysroot-probe-\(getpid())-\(UUID().uuidString)")
        let etc = root.appendingPathComponent("etc")
        try FileManager.default.createDirectory(at: etc.appendingPathComponent("morph-sysroot-directory"),
                                                withIntermediateDirectories: true)
        try "from the sysroot\n".write(to: etc.appendingPathComponent("morph-sysroot-probe.txt"), atomically: true,
                                       encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: etc.appendingPathComponent("morph-sysroot-link").path,
                                                   withDestinationPath: "morph-sysroot-probe.txt")
        return root
    }

    @Test("absolute paths are opened and inspected under the sysroot first, as under qemu-riscv64 -L",
          arguments: TestEngine.allCases)
    func pathsUnderTheSysroot(engine: TestEngine) throws {
        let program = try GuestPrograms.syscallProgram("sysroot_paths")
        let sysroot = try Self.makeProbeSysroot()
        defer { try? FileManager.default.removeItem(at: sysroot) }
        let morph = try GuestPrograms.inFreshDirectory("sysroot-paths-morph-\(engine)") {
            try GuestPrograms.run(engine: engine, program, [$0], options: ["--sysroot", sysroot.path],
                                  environment: Self.environment, currentDirectory: $0)
        }
        let qemu = try GuestPrograms.inFreshDirectory("sysroot-paths-qemu-\(engine)") {
            try GuestPrograms.qemu(program, [$0], sysroot: sysroot.path, environment: Self.environment,
                                   currentDirectory: $0)
        }
        #expect(morph.status == 0, "\(morph.errorOutput)")
        #expect(morph.status == qemu.status)
        // qemu 7.2 passes access(2) paths to the host unchanged; Morph looks them up like stat(2).
        let access = "access /etc/morph-sysroot-probe.txt R_OK: "
        let morphLines = morph.output.split(separator: "\n").filter { !$0.hasPrefix(access) }
        let qemuLines = qemu.output.split(separator: "\n").filter { !$0.hasPrefix(access) }
        #expect(morphLines == qemuLines)
        #expect(morph.output.contains(access + "0\n"))
        #expect(morph.output.contains("sysroot file: open /etc/morph-sysroot-probe.txt reads 17 bytes: [from the sysroot]\n"))
        #expect(morph.output.contains("relative path: open host-file.txt reads 12 bytes: [on the host]\n"))
        #expect(morph.output.contains("/proc/self/exe: linux-user-syscalls-sysroot_paths\n"))
        #expect(morphLines.count == 17)
    }

    @Test("a dynamic program starts in its interpreter, loaded below the stack gap; AT_ENTRY is the program's")
    func processImage() throws {
        let (binary, _) = try DynamicProgram.c.build()
        var options = ProcessOptions()
        options.sysroot = Self.sysroot
        let process = try LinuxProcess(path: binary, arguments: [binary], environment: [], options: options,
                                       engine: { Interpreter($0) })
        let program = process.program
        #expect(program.interpreterPath == Self.sysroot + Self.interpreter)
        #expect(program.interpreterBase != 0)
        #expect(program.interpreterBase % 4096 == 0)
        #expect(program.loadBias == ProgramLoader.dynamicBase(windowSize: LinuxProcess.windowSize))
        #expect(program.imageRange.contains(program.programEntry))
        #expect(!program.imageRange.contains(program.entry))
        #expect(process.hart.pc == program.entry)
        #expect(program.entry > program.interpreterBase)
        #expect(process.space.isExecutable(pageAddress: program.entry & ~0xfff))
        #expect(program.entry < LinuxProcess.windowSize - ProgramLoader.stackSize - ProgramLoader.stackGap)
        // The brk heap follows the program, not the interpreter.
        #expect(process.space.heapStart == program.imageRange.upperBound)
    }

    @Test("a missing interpreter is a load error that names the paths tried (exit status 127)",
          .enabled(if: !FileManager.default.fileExists(atPath: interpreter), "the host has its own \(interpreter)"))
    func missingInterpreter() throws {
        let (binary, _) = try DynamicProgram.c.build()
        var options = ProcessOptions()
        options.sysroot = "/nonexistent-morph-sysroot/"
        let expected = LoadError.interpreterNotFound(binary, Self.interpreter,
                                                     ["/nonexistent-morph-sysroot" + Self.interpreter, Self.interpreter])
        #expect(throws: expected) {
            _ = try LinuxProcess(path: binary, arguments: [binary], environment: [], options: options,
                                 engine: { Interpreter($0) })
        }
        #expect(expected.exitStatus == 127)
    }
}

@Suite("Sysroot path resolver")
struct SysrootPathResolverTests {
    @Test("no sysroot: empty, nil or /")
    func noSysroot() {
        for sysroot in [nil, "", "/", "//"] as [String?] {
            let resolver = SysrootPathResolver(sysroot: sysroot)
            #expect(resolver.sysroot == nil)
            #expect(resolver.hostPath(for: "/etc/passwd") == "/etc/passwd")
            #expect(resolver.candidate(for: "/etc/passwd") == nil)
        }
    }

    @Test("trailing slashes go; a relative sysroot is taken from the current directory")
    func normalization() {
        #expect(SysrootPathResolver(sysroot: "/usr/riscv64-linux-gnu///").sysroot == "/usr/riscv64-linux-gnu")
        let relative = SysrootPathResolver(sysroot: "some/folder")
        let current = FileManager.default.currentDirectoryPath
        #expect(relative.sysroot == (current == "/" ? "" : current) + "/some/folder")
    }

    @Test("an absolute path that exists under the sysroot is the sysroot's; others are unchanged")
    func lookup() throws {
        let sysroot = try DynamicLinkingTests.makeProbeSysroot()
        defer { try? FileManager.default.removeItem(at: sysroot) }
        let resolver = SysrootPathResolver(sysroot: sysroot.path)
        #expect(resolver.hostPath(for: "/etc/morph-sysroot-probe.txt") == sysroot.path + "/etc/morph-sysroot-probe.txt")
        #expect(resolver.hostPath(for: "/etc/morph-sysroot-link") == sysroot.path + "/etc/morph-sysroot-link")
        #expect(resolver.hostPath(for: "/etc/morph-sysroot-absent") == "/etc/morph-sysroot-absent")
        #expect(resolver.hostPath(for: "etc/morph-sysroot-probe.txt") == "etc/morph-sysroot-probe.txt")
        #expect(resolver.candidate(for: "/etc/morph-sysroot-absent") == sysroot.path + "/etc/morph-sysroot-absent")
        #expect(resolver.candidate(for: "relative") == nil)
    }

    @Test("the default: the variable (empty: none), else Debian's cross sysroot when it exists")
    func defaultSysroot() {
        #expect(SysrootPathResolver.defaultSysroot(environmentValue: "/opt/sysroot") == "/opt/sysroot")
        #expect(SysrootPathResolver.defaultSysroot(environmentValue: "") == nil)
        let debian = FileManager.default.fileExists(atPath: SysrootPathResolver.debianCrossSysroot)
        #expect(SysrootPathResolver.defaultSysroot(environmentValue: nil) == (debian ? "/usr/riscv64-linux-gnu" : nil))
    }
}
