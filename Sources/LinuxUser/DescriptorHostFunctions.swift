// Host C library functions for sockets, event descriptors and file-space calls that Swift's Glibc
// module does not import (they are declared only under _GNU_SOURCE or in headers it leaves out): looked
// up once by name with dlsym(3) and called through their exact C signatures (glibc manual pages:
// accept4(2), epoll_create1(2), epoll_ctl(2), epoll_pwait(2), epoll_pwait2 in epoll_wait(2), eventfd(2), flock(2),
// timerfd_create(2), ppoll in poll(2), fallocate(2), memfd_create(2), copy_file_range(2)).
import Glibc

/// The host functions behind the socket, event and file-space system calls that Glibc's Swift module
/// leaves out. Each is non-variadic, so calling it through a typed `@convention(c)` pointer is exactly a
/// C call. Structures whose host layout differs from the guest's (`struct epoll_event`, packed on
/// x86-64) are passed as raw bytes.
struct DescriptorHostFunctions: @unchecked Sendable {
    /// accept4(2).
    let accept4: @convention(c) (Int32, UnsafeMutableRawPointer?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32
    /// epoll_create1(2).
    let epollCreate1: @convention(c) (Int32) -> Int32
    /// epoll_ctl(2): the event is the host's packed 12-byte `struct epoll_event`.
    let epollControl: @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    /// epoll_pwait(2): events are host `struct epoll_event`s (12 bytes each).
    let epollWait: @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32, UnsafeRawPointer?) -> Int32
    /// eventfd(2).
    let eventDescriptor: @convention(c) (UInt32, Int32) -> Int32
    /// timerfd_create(2).
    let timerCreate: @convention(c) (Int32, Int32) -> Int32
    /// timerfd_settime(2): `struct itimerspec` (four 64-bit words).
    let timerSetTime: @convention(c) (Int32, Int32, UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
    /// timerfd_gettime(2).
    let timerGetTime: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Int32
    /// ppoll (poll(2)).
    let ppoll: @convention(c) (UnsafeMutableRawPointer?, UInt, UnsafeRawPointer?, UnsafeRawPointer?) -> Int32
    /// flock(2) (Swift sees only `struct flock` under that name).
    let fileLock: @convention(c) (Int32, Int32) -> Int32
    /// fallocate(2).
    let fallocate: @convention(c) (Int32, Int32, Int64, Int64) -> Int32
    /// memfd_create(2).
    let memoryFileCreate: @convention(c) (UnsafePointer<CChar>?, UInt32) -> Int32
    /// copy_file_range(2).
    let copyFileRange: @convention(c) (Int32, UnsafeMutablePointer<Int64>?, Int32, UnsafeMutablePointer<Int64>?,
                                       Int, UInt32) -> Int

    /// The functions of the C library Morph runs on.
    static let shared = DescriptorHostFunctions()

    private init() {
        func lookup<Function>(_ name: String, as type: Function.Type) -> Function {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                fatalError("morph: the host C library has no \(name) (glibc 2.30 or later is required)")
            }
            return unsafeBitCast(symbol, to: type)
        }
        accept4 = lookup("accept4", as: (@convention(c) (Int32, UnsafeMutableRawPointer?,
                                                         UnsafeMutablePointer<socklen_t>?, Int32) -> Int32).self)
        epollCreate1 = lookup("epoll_create1", as: (@convention(c) (Int32) -> Int32).self)
        epollControl = lookup("epoll_ctl", as: (@convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?)
                                                -> Int32).self)
        epollWait = lookup("epoll_pwait", as: (@convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32,
                                                               UnsafeRawPointer?) -> Int32).self)
        eventDescriptor = lookup("eventfd", as: (@convention(c) (UInt32, Int32) -> Int32).self)
        timerCreate = lookup("timerfd_create", as: (@convention(c) (Int32, Int32) -> Int32).self)
        timerSetTime = lookup("timerfd_settime", as: (@convention(c) (Int32, Int32, UnsafeRawPointer?,
                                                                      UnsafeMutableRawPointer?) -> Int32).self)
        timerGetTime = lookup("timerfd_gettime", as: (@convention(c) (Int32, UnsafeMutableRawPointer?) -> Int32).self)
        ppoll = lookup("ppoll", as: (@convention(c) (UnsafeMutableRawPointer?, UInt, UnsafeRawPointer?,
                                                     UnsafeRawPointer?) -> Int32).self)
        fileLock = lookup("flock", as: (@convention(c) (Int32, Int32) -> Int32).self)
        fallocate = lookup("fallocate", as: (@convention(c) (Int32, Int32, Int64, Int64) -> Int32).self)
        memoryFileCreate = lookup("memfd_create", as: (@convention(c) (UnsafePointer<CChar>?, UInt32) -> Int32).self)
        copyFileRange = lookup("copy_file_range", as: (@convention(c) (Int32, UnsafeMutablePointer<Int64>?, Int32,
                                                                       UnsafeMutablePointer<Int64>?, Int, UInt32)
                                                       -> Int).self)
    }
}
