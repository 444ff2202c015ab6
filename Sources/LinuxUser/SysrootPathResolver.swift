// Guest paths under a sysroot: a dynamically linked riscv64 program asks for its interpreter and its
// libraries by absolute paths (/lib/ld-linux-riscv64-lp64d.so.1, /lib/libc.so.6) that name x86-64 files,
// or nothing, on the host. With a sysroot, an absolute guest path is looked up under the sysroot first
// and, when nothing is there, on the host as it is: qemu-user's `-L` (QEMU_LD_PREFIX) semantics
// (qemu util/path.c: only absolute paths, "look for path in emulation dir, otherwise return name").
// Relative paths and paths relative to a directory descriptor are never rewritten.
//
// Debian's cross packages (libc6-riscv64-cross, libstdc++6-riscv64-cross) install a riscv64 sysroot at
// /usr/riscv64-linux-gnu, with the dynamic linker and the libraries in its lib/ folder.
import Glibc

/// Maps absolute guest paths to host paths under a sysroot (qemu's `-L DIR`).
package struct SysrootPathResolver: Sendable, Equatable {
    /// The sysroot, absolute and without a trailing slash; nil when guest paths are host paths.
    package let sysroot: String?

    /// Where Debian's riscv64 cross packages install the target's libraries.
    package static let debianCrossSysroot = "/usr/riscv64-linux-gnu"
    /// The environment variable that names the default sysroot (an empty value: none).
    package static let environmentVariable = "MORPH_SYSROOT"

    /// A resolver for `sysroot`. An empty path or `/` means no sysroot (as for qemu); a relative one is
    /// taken from the current directory now, so that a guest's chdir(2) does not move it.
    package init(sysroot: String?) {
        guard var path = sysroot, !path.isEmpty else {
            self.sysroot = nil
            return
        }
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil {
                let directory = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                                       as: UTF8.self)
                path = directory + "/" + path
            }
        }
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        self.sysroot = path == "/" ? nil : path
    }

    /// The sysroot `morph run` uses without `--sysroot`: `environmentValue` (that of `$MORPH_SYSROOT`)
    /// when it is set (an empty value means none), else Debian's cross sysroot when that directory
    /// exists, else none.
    package static func defaultSysroot(environmentValue: String?) -> String? {
        if let environmentValue { return environmentValue.isEmpty ? nil : environmentValue }
        var status = stat()
        guard stat(debianCrossSysroot, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
        return debianCrossSysroot
    }

    /// The sysroot's copy of absolute guest `path` (whether it exists or not); nil for a relative path
    /// or without a sysroot.
    package func candidate(for path: String) -> String? {
        guard let sysroot, path.hasPrefix("/") else { return nil }
        return sysroot + path
    }

    /// The host path for guest `path`: the sysroot's copy of an absolute path when it exists (access(2)
    /// with F_OK, which follows symbolic links, as qemu checks), else `path` unchanged.
    package func hostPath(for path: String) -> String {
        guard let candidate = candidate(for: path), access(candidate, F_OK) == 0 else { return path }
        return candidate
    }
}

extension LinuxProcess {
    /// The host path of guest `path` when it is an absolute path found under the sysroot; nil when the
    /// guest path is the host path.
    func sysrootPath(_ path: UnsafePointer<CChar>) -> String? {
        guard sysrootResolver.sysroot != nil, path.pointee == CChar(UInt8(ascii: "/")) else { return nil }
        let guestPath = String(cString: path)
        let hostPath = sysrootResolver.hostPath(for: guestPath)
        return hostPath == guestPath ? nil : hostPath
    }

    /// Reads the NUL-terminated guest path at `address`, looks it up as a guest file name (`/proc/self/exe`
    /// is the program; an absolute path is tried under the sysroot first) and passes the host path to
    /// `body` as a C string. For the system calls that open or inspect a file (openat, newfstatat, statx,
    /// faccessat, statfs); calls that create, rename or remove files use guest paths as they are.
    func withHostPath(_ address: UInt64, _ body: (UnsafePointer<CChar>) -> SyscallResult) -> SyscallResult {
        withPath(address) { path in
            guard let hostPath = procSelfExecutable(path) ?? sysrootPath(path) else { return body(path) }
            return hostPath.withCString(body)
        }
    }
}
