// Host C library functions that Swift's Glibc module does not import (they are declared only under
// _GNU_SOURCE): looked up once by name with dlsym(3) and called through their exact C signatures
// (glibc 2.30+ manual pages: gettid(2), getrandom(2), statx(2), getdents64 in getdents(2),
// renameat2 in rename(2), pipe2(2), dup3(2), sched_getaffinity(2), prlimit(2), sysinfo(2),
// getresuid(2), statfs(2)).
import Glibc

/// The host functions Morph calls that Glibc's Swift module leaves out. Each is non-variadic, so calling
/// it through a typed `@convention(c)` pointer is exactly a C call.
struct HostFunctions: @unchecked Sendable {
    /// gettid(2).
    let gettid: @convention(c) () -> Int32
    /// getrandom(2).
    let getrandom: @convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int
    /// statx(2).
    let statx: @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UInt32, UnsafeMutableRawPointer?) -> Int32
    /// getdents64(2).
    let getdents64: @convention(c) (Int32, UnsafeMutableRawPointer?, Int) -> Int
    /// renameat2(2).
    let renameat2: @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32
    /// pipe2(2).
    let pipe2: @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    /// dup3(2).
    let dup3: @convention(c) (Int32, Int32, Int32) -> Int32
    /// sched_getaffinity(2) (glibc's wrapper: returns 0).
    let schedGetaffinity: @convention(c) (Int32, Int, UnsafeMutableRawPointer?) -> Int32
    /// prlimit(2).
    let prlimit: @convention(c) (Int32, Int32, UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
    /// sysinfo(2).
    let sysinfo: @convention(c) (UnsafeMutableRawPointer?) -> Int32
    /// statfs(2).
    let statfs: @convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Int32
    /// fstatfs(2).
    let fstatfs: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Int32
    /// getresuid(2).
    let getresuid: @convention(c) (UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?,
                                   UnsafeMutablePointer<UInt32>?) -> Int32
    /// getresgid(2).
    let getresgid: @convention(c) (UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?,
                                   UnsafeMutablePointer<UInt32>?) -> Int32

    /// The functions of the C library Morph runs on.
    static let shared = HostFunctions()

    private init() {
        func lookup<Function>(_ name: String, as type: Function.Type) -> Function {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                fatalError("morph: the host C library has no \(name) (glibc 2.30 or later is required)")
            }
            return unsafeBitCast(symbol, to: type)
        }
        gettid = lookup("gettid", as: (@convention(c) () -> Int32).self)
        getrandom = lookup("getrandom", as: (@convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int).self)
        statx = lookup("statx", as: (@convention(c) (Int32, UnsafePointer<CChar>?, Int32, UInt32,
                                                     UnsafeMutableRawPointer?) -> Int32).self)
        getdents64 = lookup("getdents64", as: (@convention(c) (Int32, UnsafeMutableRawPointer?, Int) -> Int).self)
        renameat2 = lookup("renameat2", as: (@convention(c) (Int32, UnsafePointer<CChar>?, Int32,
                                                             UnsafePointer<CChar>?, UInt32) -> Int32).self)
        pipe2 = lookup("pipe2", as: (@convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32).self)
        dup3 = lookup("dup3", as: (@convention(c) (Int32, Int32, Int32) -> Int32).self)
        schedGetaffinity = lookup("sched_getaffinity",
                                  as: (@convention(c) (Int32, Int, UnsafeMutableRawPointer?) -> Int32).self)
        prlimit = lookup("prlimit", as: (@convention(c) (Int32, Int32, UnsafeRawPointer?,
                                                         UnsafeMutableRawPointer?) -> Int32).self)
        sysinfo = lookup("sysinfo", as: (@convention(c) (UnsafeMutableRawPointer?) -> Int32).self)
        statfs = lookup("statfs", as: (@convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Int32).self)
        fstatfs = lookup("fstatfs", as: (@convention(c) (Int32, UnsafeMutableRawPointer?) -> Int32).self)
        typealias ThreeIDs = @convention(c) (UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?,
                                             UnsafeMutablePointer<UInt32>?) -> Int32
        getresuid = lookup("getresuid", as: ThreeIDs.self)
        getresgid = lookup("getresgid", as: ThreeIDs.self)
    }
}
