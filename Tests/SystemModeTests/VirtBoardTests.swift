// `morph boot --machine virt`: QEMU's virt board (QEMU hw/riscv/virt.c) with its devices, its device
// tree and its boot protocols. The bare-metal programs of Tests/Guest/virt drive the 16550A UART, the
// SiFive test device, the CLINT (The RISC-V Instruction Set Manual, Volume II, 3.2.1; ACLINT
// specification), the PLIC (RISC-V PLIC Specification 1.0.0) and wfi (Volume II, 3.3.3); they pass under
// `qemu-system-riscv64 -machine virt -bios none -kernel PROGRAM` too. The S-mode program for
// `--bios builtin` calls the SBI (RISC-V SBI Specification 2.0). The device tree is checked with dtc
// (Devicetree Specification v0.4).
import Foundation
import Testing
import TestSupport

/// One assembly program of Tests/Guest/virt.
struct VirtProgram: Sendable, CustomTestStringConvertible {
    /// The source file name without `.S`.
    let name: String
    /// Preprocessor definitions (`CODE=42`).
    var definitions: [String] = []
    /// The linker script: `link.ld` (RAM start, M-mode) or `link_kernel.ld` (0x80200000, S-mode).
    var linkScript = "link.ld"

    /// How the test report names the argument.
    var testDescription: String { ([name] + definitions).joined(separator: " ") }

    /// The folder of the programs.
    static let directory = TestPaths.packageRoot.appendingPathComponent("Tests/Guest/virt")

    /// Serialises builds (see ISAProgram).
    private static let buildLock = NSLock()

    /// Compiles the program (cached under a name derived from its inputs) and returns the ELF path.
    func build() throws -> String {
        VirtProgram.buildLock.lock()
        defer { VirtProgram.buildLock.unlock() }
        let source = VirtProgram.directory.appendingPathComponent("\(name).S").path
        let script = VirtProgram.directory.appendingPathComponent(linkScript).path
        let flags = ["-march=rv64gc", "-mabi=lp64d", "-nostdlib", "-nostartfiles", "-static",
                     "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments", "-I", VirtProgram.directory.path,
                     "-T", script] + definitions.map { "-D\($0)" }
        var hash = FowlerNollVo()
        for path in [source, script, VirtProgram.directory.appendingPathComponent("virt.h").path] {
            hash.add(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        hash.add(Data(flags.joined(separator: " ").utf8))
        return try GuestToolchain.compile([source], output: "virt-\(name)-\(String(hash.value, radix: 16)).elf",
                                          flags: flags)
    }

    /// Boots the program on the virt board with `bios` (bounded so that a hang fails).
    func boot(engine: TestEngine, bios: String = "none", input: String = "",
              _ options: [String] = ["--max-instructions", "50000000"]) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.morph, ["boot", "--machine", "virt", "--bios", bios] + engine.options
                              + options + ["--kernel", try build()], input: Data(input.utf8))
    }
}

@Suite struct VirtBoardTests {
    /// Where dtc is (Debian's device-tree-compiler, which Scripts/test installs).
    static let deviceTreeCompiler = "/usr/bin/dtc"

    /// The device tree `morph boot --machine virt` generates, decompiled by dtc.
    private func decompiledDeviceTree(_ extraOptions: [String]) throws -> String {
        if !FileManager.default.isExecutableFile(atPath: VirtBoardTests.deviceTreeCompiler) {
            let sudo = getuid() == 0 ? "" : "sudo "
            _ = try? ProcessRunner.shell(sudo + "env DEBIAN_FRONTEND=noninteractive apt-get install -y "
                                         + "device-tree-compiler >/dev/null 2>&1")
        }
        guard FileManager.default.isExecutableFile(atPath: VirtBoardTests.deviceTreeCompiler) else {
            throw TestSupportError("dtc is missing: install device-tree-compiler (Scripts/test does)")
        }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-virt-\(getpid())-\(UUID().uuidString).dtb").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let program = try VirtProgram(name: "uart_hello").build()
        let boot = try ProcessRunner.run(TestPaths.morph, ["boot", "--machine", "virt", "--bios", "none",
                                                           "--dtb-out", path, "--kernel", program] + extraOptions)
        #expect(boot.status == 0, "\(boot.report)")
        let result = try ProcessRunner.run(VirtBoardTests.deviceTreeCompiler, ["-I", "dtb", "-O", "dts", path])
        #expect(result.status == 0, "dtc: \(result.errorOutput)")
        #expect(!result.errorOutput.contains("ERROR"), "dtc: \(result.errorOutput)")
        return result.output
    }

    @Test func deviceTreeDescribesTheBoard() throws {
        let source = try decompiledDeviceTree(["--memory", "256M", "--append", "console=ttyS0 earlycon"])
        for expected in [
            "compatible = \"riscv-virtio\";",
            "bootargs = \"console=ttyS0 earlycon\";",
            "stdout-path = \"/soc/serial@10000000\";",
            "memory@80000000 {", "device_type = \"memory\";", "reg = <0x00 0x80000000 0x00 0x10000000>;",
            "timebase-frequency = <0x989680>;",  // 10 MHz
            "cpu@0 {", "riscv,isa = \"rv64imafdc", "mmu-type = \"riscv,sv48\";",
            "compatible = \"riscv,cpu-intc\";", "interrupt-controller;",
            "clint@2000000 {", "compatible = \"sifive,clint0\\0riscv,clint0\";", "reg = <0x00 0x2000000 0x00 0x10000>;",
            "plic@c000000 {", "riscv,ndev = <0x5f>;", "reg = <0x00 0xc000000 0x00 0x600000>;",
            "serial@10000000 {", "compatible = \"ns16550a\";", "interrupts = <0x0a>;",
            "test@100000 {", "compatible = \"sifive,test1\\0sifive,test0\\0syscon\";",
            "rtc@101000 {", "compatible = \"google,goldfish-rtc\";",
            "virtio_mmio@10001000 {", "virtio_mmio@10008000 {", "compatible = \"virtio,mmio\";",
            "poweroff {", "compatible = \"syscon-poweroff\";", "value = <0x5555>;",
            "reboot {", "compatible = \"syscon-reboot\";", "value = <0x7777>;",
        ] {
            #expect(source.contains(expected), "missing \(expected) in\n\(source)")
        }
    }

    @Test func deviceTreeNamesTheInitialRamDisk() throws {
        let initrd = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-virt-initrd-\(getpid())-\(UUID().uuidString)")
        try Data(repeating: 0xa5, count: 5000).write(to: initrd)
        defer { try? FileManager.default.removeItem(at: initrd) }
        let source = try decompiledDeviceTree(["--initrd", initrd.path])
        // 128 MiB of RAM: the initrd goes half of RAM past the kernel's entry (0x80000000 with -bios none).
        #expect(source.contains("linux,initrd-start = <0x00 0x84000000>;"), "\(source)")
        #expect(source.contains("linux,initrd-end = <0x00 0x84001388>;"), "\(source)")
        #expect(!source.contains("bootargs"))
    }

    @Test(arguments: TestEngine.allCases) func serialPortOutputReachesStandardOutput(engine: TestEngine) throws {
        let result = try VirtProgram(name: "uart_hello").boot(engine: engine)
        #expect(result.status == 0, "\(result.report)")
        #expect(result.output == "hello from the uart\n")
        #expect(result.errorOutput.isEmpty)
    }

    @Test(arguments: TestEngine.allCases, [0, 1, 42, 255])
    func testDevicePowersOffWithTheFailureCode(engine: TestEngine, code: Int) throws {
        let result = try VirtProgram(name: "power_off", definitions: ["CODE=\(code)"]).boot(engine: engine)
        #expect(result.status == Int32(code), "\(result.report)")
        #expect(result.output == "powering off\n")
    }

    /// The privileged-architecture programs, each a series of checks that powers off with 0 or with the
    /// number of the check that failed: timer_machine (CLINT timer and software interrupts in M-mode),
    /// timer_supervisor (a timer interrupt delegated to S-mode the way OpenSBI forwards it),
    /// timer_sstc (stimecmp is illegal in S-mode until M-mode sets menvcfg.STCE, then drives STIP),
    /// pmp (TOR, NAPOT and OFF entries restrict S-mode loads, stores and fetches in Bare mode and under
    /// Sv39, page-table reads included, with access faults; M-mode is not restricted), sfence_address
    /// (sfence.vma naming an address drops that page's translation and decoded code, and every piece of
    /// a superpage the address lies in).
    @Test(arguments: ["timer_machine", "timer_supervisor", "timer_sstc", "pmp", "sfence_address"], TestEngine.allCases)
    func privilegedArchitectureProgramPasses(name: String, engine: TestEngine) throws {
        let result = try VirtProgram(name: name).boot(engine: engine)
        #expect(result.status == 0, "\(name): \(result.report)")
    }

    @Test(arguments: TestEngine.allCases) func uartInterruptClaimedAndCompletedAtThePLIC(engine: TestEngine) throws {
        let result = try VirtProgram(name: "plic_uart").boot(engine: engine, input: "Z")
        #expect(result.status == 0, "\(result.report)")
        #expect(result.output == "got Z\n", "\(result.report)")
    }

    /// The program waits 200 ms in a wfi loop within a budget of 2,000 instructions: a wfi that spun
    /// instead of sleeping would use the budget up (exit 124) long before the deadline.
    @Test(arguments: TestEngine.allCases) func waitForInterruptSleepsUntilTheDeadline(engine: TestEngine) throws {
        let start = Date()
        let result = try VirtProgram(name: "wfi_deadline").boot(engine: engine, ["--max-instructions", "2000"])
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.status == 0, "\(result.report)")
        #expect(elapsed >= 0.19 && elapsed < 5, "took \(elapsed) s")
    }

    @Test(arguments: TestEngine.allCases, [0, 1])
    func builtinFirmwareServesTheSupervisorBinaryInterface(engine: TestEngine, reason: Int) throws {
        let program = VirtProgram(name: "sbi_console", definitions: ["REASON=\(reason)"], linkScript: "link_kernel.ld")
        let result = try program.boot(engine: engine, bios: "builtin")
        // SRST system_reset(shutdown, reason): "system failure" (1) exits with status 1.
        #expect(result.status == Int32(reason), "\(result.report)")
        #expect(result.output == "hello via dbcn\n!\nlegacy putchar\n", "\(result.report)")
    }

    /// Debian's OpenSBI (fw_dynamic, as `--bios` defaults to) boots with the fw_dynamic_info handed over
    /// in a2, programs PMP, delegates, and starts the payload in S-mode; the payload's SBI calls (legacy
    /// console, base, TIME through the CLINT with MTIP forwarded as STIP, SRST through the test device)
    /// work there as on `--bios builtin`.
    @Test(arguments: TestEngine.allCases, ["default", "builtin"])
    func supervisorPayloadRunsOnOpenSBIAndOnTheBuiltinFirmware(engine: TestEngine, firmware: String) throws {
        let firmwarePath = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
        if firmware == "default", !FileManager.default.fileExists(atPath: firmwarePath) {
            let sudo = getuid() == 0 ? "" : "sudo "
            _ = try? ProcessRunner.shell(sudo + "env DEBIAN_FRONTEND=noninteractive apt-get install -y opensbi >/dev/null 2>&1")
        }
        try #require(firmware == "builtin" || FileManager.default.fileExists(atPath: firmwarePath),
                     "OpenSBI is missing: install opensbi (Scripts/test does)")
        let program = try VirtProgram(name: "sbi_payload", linkScript: "link_kernel.ld").build()
        let result = try ProcessRunner.run(TestPaths.morph, ["boot", "--machine", "virt"]
                                           + (firmware == "builtin" ? ["--bios", "builtin"] : []) + engine.options
                                           + ["--max-instructions", "200000000", "--kernel", program])
        #expect(result.status == 0, "\(result.report)")
        // OpenSBI's console turns "\n" into "\r\n"; the built-in one passes bytes through.
        #expect(firmware == "builtin" ? result.output == "payload in S-mode\n"
                : result.output.hasSuffix("payload in S-mode\r\n"), "\(result.report)")
        if firmware == "default" {
            #expect(result.output.contains("OpenSBI"), "\(result.report)")
            #expect(result.output.contains("Domain0 Next Mode         : S-mode"), "\(result.report)")
        }
    }

    @Test func quitsOnControlAX() throws {
        // The program waits for console input that never comes; Ctrl-A x ends the run like qemu's.
        let result = try VirtProgram(name: "plic_uart").boot(engine: .interp, input: "\u{1}x")
        #expect(result.status == 0, "\(result.report)")
        #expect(result.output.isEmpty)
    }

    /// On a terminal the console is raw while the machine runs, and the terminal is put back when a
    /// signal ends `morph boot` (SIGTERM, SIGHUP: atexit does not run then), and Morph dies of that
    /// signal. Python's pty module drives the terminal (Swift's Glibc module lacks ptsname).
    @Test(arguments: ["SIGTERM", "SIGHUP"]) func terminalIsRestoredWhenASignalEndsTheRun(signal: String) throws {
        let script = """
            import os, pty, signal, subprocess, sys, termios, time
            primary, secondary = pty.openpty()
            before = termios.tcgetattr(secondary)
            process = subprocess.Popen(sys.argv[1:], stdin=secondary, stdout=secondary, stderr=secondary)
            raw = False
            for _ in range(1000):
                if not termios.tcgetattr(secondary)[3] & termios.ICANON:
                    raw = True
                    break
                time.sleep(0.01)
            process.send_signal(signal.\(signal))
            try:
                status = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                status = "none: still running 30 s after the signal"
            after = termios.tcgetattr(secondary)
            print("raw" if raw else "never raw")
            print("status", status)
            print("restored" if after[3] == before[3] and after[0] == before[0] else "left raw")
            """
        let program = try VirtProgram(name: "plic_uart").build()  // waits for input that never comes
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", script, TestPaths.morph, "boot", "--machine", "virt",
                                                                "--bios", "none", "--engine", "interp", "--kernel", program])
        let number = signal == "SIGTERM" ? SIGTERM : SIGHUP
        #expect(result.output == "raw\nstatus -\(number)\nrestored\n", "\(result.report)")
    }

    @Test func missingKernelIsAnError() throws {
        let result = try ProcessRunner.run(TestPaths.morph, ["boot", "--machine", "virt", "--bios", "builtin",
                                                             "--kernel", "/nonexistent/kernel"])
        #expect(result.status == 1)
        #expect(result.errorOutput.hasPrefix("morph: error: cannot read kernel /nonexistent/kernel"),
                "\(result.errorOutput)")
    }
}
