// Linux on `morph boot --machine virt`: the kernel, initramfs and disk that Scripts/build-linux.sh builds
// from Debian's linux-source-6.1 and the project's own init (Tests/Guest/boot/init.c) boot to init,
// which mounts /proc and /sys, prints /proc/cpuinfo and uname, runs a riscv64 test program and powers
// off (Linux Documentation/arch/riscv/boot.rst; RISC-V SBI Specification 2.0 for the firmware). The
// same files boot on `qemu-system-riscv64 -machine virt`, the oracle for what init prints.
import Foundation
import Testing
import TestSupport

/// The files Scripts/build-linux.sh builds (once per machine; the script returns at once when cached).
struct LinuxImages: Sendable {
    /// The kernel image.
    let kernel: String
    /// The uncompressed and gzip-compressed initramfs.
    let initramfs: String, compressedInitramfs: String
    /// The ext2 disk image (copy it before booting with it: the guest writes to it).
    let disk: String

    /// The result of running the build script, once per test process.
    private static let built: Result<LinuxImages, TestSupportError> = {
        let script = TestPaths.packageRoot.appendingPathComponent("Scripts/build-linux.sh").path
        guard let result = try? ProcessRunner.run(script), result.status == 0,
              let kernel = result.output.split(separator: "\n").last.map(String.init) else {
            return .failure(TestSupportError("Scripts/build-linux.sh failed"))
        }
        let directory = (kernel as NSString).deletingLastPathComponent
        return .success(LinuxImages(kernel: kernel, initramfs: directory + "/initramfs.cpio",
                                    compressedInitramfs: directory + "/initramfs.cpio.gz",
                                    disk: directory + "/disk.ext2"))
    }()

    /// The images, building them first if this machine has not.
    static func get() throws -> LinuxImages { try built.get() }

    /// A private copy of the disk image, removed by the caller.
    func copyOfDisk() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("morph-linux-disk-\(getpid())-\(UUID().uuidString).ext2").path
        try FileManager.default.copyItem(atPath: disk, toPath: path)
        return path
    }
}

/// The lines of a console transcript that init printed, without the ones that describe the machine
/// rather than the software (cpuinfo's isa, mmu and ID lines, the entropy device's name differ
/// between QEMU and Morph by design).
private func initLines(_ transcript: String) -> [String] {
    transcript.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
        .filter { $0.hasPrefix("init: ") && !$0.hasPrefix("init: /proc/cpuinfo: ") }
}

@Suite struct LinuxBootTests {
    /// A budget far above a boot's ~50 million instructions, so that a hang fails instead of waiting.
    static let budget = ["--max-instructions", "3000000000"]

    /// Boots Linux with `options` and `engine`.
    private func boot(_ images: LinuxImages, engine: TestEngine, initramfs: String? = nil,
                      append: String = "console=ttyS0", input: String = "",
                      _ options: [String] = []) throws -> ProcessResult {
        try ProcessRunner.run(TestPaths.morph, ["boot", "--machine", "virt", "--memory", "256M"] + engine.options
                              + LinuxBootTests.budget + options
                              + ["--kernel", images.kernel, "--initrd", initramfs ?? images.initramfs,
                                 "--append", append], input: Data(input.utf8))
    }

    /// OpenSBI (the default firmware) boots the kernel with the gzip initramfs and a virtio disk; init
    /// reads the disk's file and writes one back, reads the virtio entropy device, runs the test program
    /// and powers the machine off with status 0; the file it wrote is on the disk image afterwards (read
    /// with debugfs); what init and the test program print matches qemu-system-riscv64.
    @Test(arguments: TestEngine.allCases) func linuxBootsToInitAndPowersOff(engine: TestEngine) throws {
        let images = try LinuxImages.get()
        let disk = try images.copyOfDisk()
        defer { try? FileManager.default.removeItem(atPath: disk) }
        let result = try boot(images, engine: engine, initramfs: images.compressedInitramfs, ["--drive", disk])
        #expect(result.status == 0, "\(result.report)")
        let transcript = result.output
        for expected in [
            "OpenSBI v", "Linux version 6.1", "virtio_blk virtio0: [vda] 8192 512-byte logical blocks",
            "Run /init as init process", "init: uname: Linux 6.1", "riscv64",
            "init: /proc/cpuinfo: isa\t\t: rv64imafdc",
            "init: /mnt/greeting.txt: hello from the virtio disk", "init: wrote /mnt/written-by-init.txt",
            "init: read 16 bytes from virtio_rng", "init: /bin/guest-program exited 0",
            "init: all checks passed; powering off", "reboot: Power down",
        ] {
            #expect(transcript.contains(expected), "missing \(expected) in \(result.report)")
        }
        #expect(!transcript.contains("FAILED"), "\(result.report)")
        // What init wrote reached the image file (the guest synced and powered off).
        let debugfs = FileManager.default.isExecutableFile(atPath: "/usr/sbin/debugfs") ? "/usr/sbin/debugfs" : "/sbin/debugfs"
        let written = try ProcessRunner.run(debugfs, ["-R", "cat /written-by-init.txt", disk])
        #expect(written.output == "written by init on the virtio disk\n", "debugfs: \(written.report)")

        // The oracle: the same files on qemu-system-riscv64 (Debian's qemu-system-misc).
        let qemu = "/usr/bin/qemu-system-riscv64"
        try #require(FileManager.default.isExecutableFile(atPath: qemu), "qemu-system-misc is missing (Scripts/test installs it)")
        let qemuDisk = try images.copyOfDisk()
        defer { try? FileManager.default.removeItem(atPath: qemuDisk) }
        let reference = try ProcessRunner.run("/usr/bin/timeout", [
            "120", qemu, "-machine", "virt", "-m", "256M", "-nographic", "-bios", "default",
            "-kernel", images.kernel, "-initrd", images.compressedInitramfs, "-append", "console=ttyS0",
            "-drive", "file=\(qemuDisk),format=raw,if=none,id=disk", "-device", "virtio-blk-device,drive=disk",
            "-device", "virtio-rng-device",
        ])
        #expect(reference.status == 0, "qemu: \(reference.report)")
        // The test program's own output sits between init's lines: compare from init's first line on,
        // without the kernel's timestamped lines and cpuinfo (which describes each machine).
        func userOutput(_ transcript: String) -> [String] {
            transcript.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
                .drop { !$0.hasPrefix("init: ") }
                .filter { !$0.hasPrefix("[") && !$0.hasPrefix("init: /proc/cpuinfo: ") }
        }
        #expect(userOutput(transcript) == userOutput(reference.output),
                "morph:\n\(transcript)\nqemu:\n\(reference.output)")
        #expect(initLines(transcript).count == 7, "\(initLines(transcript))")
    }

    /// With Morph serving the SBI itself (no firmware file) and the uncompressed initramfs, init reports
    /// a failure through the SiFive test device (`morph.fail=N` on the command line): `morph boot` exits
    /// with the guest's code.
    @Test(arguments: TestEngine.allCases) func builtinFirmwareBootsAndInitReportsItsFailureCode(engine: TestEngine) throws {
        let images = try LinuxImages.get()
        let result = try boot(images, engine: engine, append: "console=ttyS0 morph.fail=7", ["--bios", "builtin"])
        #expect(result.status == 7, "\(result.report)")
        #expect(!result.output.contains("OpenSBI"), "\(result.report)")
        #expect(result.output.contains("init: /bin/guest-program exited 0"), "\(result.report)")
        #expect(result.output.contains("init: FAILED (7): morph.fail= on the kernel command line"), "\(result.report)")
    }

    /// `morph.shell` leaves the user at a shell on the console: commands typed on standard input (once
    /// the prompt shows, as a person would: bytes sent earlier may be dropped when the kernel's serial
    /// driver clears the UART's receive FIFO, on QEMU too) run; `reboot` resets the machine, which boots
    /// again to a new shell (as on QEMU), and `exit` there powers the machine off.
    @Test func shellOnTheConsoleRunsCommandsAndReboots() throws {
        let images = try LinuxImages.get()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.morph)
        process.arguments = ["boot", "--machine", "virt", "--memory", "256M", "--bios", "builtin"] + LinuxBootTests.budget
            + ["--kernel", images.kernel, "--initrd", images.initramfs, "--append", "console=ttyS0 morph.shell"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        var transcript = Data()
        let reader = output.fileHandleForReading
        /// Reads until the shell has started `count` times and shows its prompt (bounded by the
        /// instruction budget: the machine ends either way).
        func waitForShell(_ count: Int) {
            while true {
                let text = String(decoding: transcript, as: UTF8.self)
                if text.components(separatedBy: "starting /bin/sh").count - 1 >= count, text.hasSuffix("# ") { return }
                let chunk = reader.availableData
                if chunk.isEmpty { return }
                transcript += chunk
            }
        }
        waitForShell(1)
        input.fileHandleForWriting.write(Data("echo shell says hi\ncat /proc/version\nls /bin\nnosuch\nreboot\n".utf8))
        waitForShell(2)
        input.fileHandleForWriting.write(Data("exit\n".utf8))
        try? input.fileHandleForWriting.close()
        transcript += reader.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: transcript, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        let lines = text.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "init: all checks passed; starting /bin/sh" }.count == 2, "\(text)")
        #expect(lines.filter { $0.contains("Linux version 6.1") && $0.hasPrefix("[") }.count == 2, "\(text)")
        // The terminal echoes the typed lines, so look for each command's own output.
        #expect(lines.contains { $0.hasSuffix("shell says hi") && !$0.contains("echo") }, "\(text)")
        #expect(lines.contains { $0.contains("# Linux version 6.1") }, "\(text)")
        #expect(lines.contains { $0.hasSuffix("# guest-program") || $0 == "guest-program" } && lines.contains("sh"),
                "\(text)")
        #expect(lines.contains { $0.contains("/bin/nosuch: No such file or directory") }, "\(text)")
        #expect(lines.contains { $0.contains("reboot: Restarting system") }, "\(text)")
        #expect(lines.contains("powering off"), "\(text)")
    }
}
