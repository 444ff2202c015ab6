// Socket system calls (Linux man-pages section 2: socket, socketpair, bind, listen, accept4, connect,
// getsockname, getpeername, setsockopt/getsockopt, send/sendto, recv/recvfrom, sendmsg, recvmsg,
// shutdown; section 7: unix, ip, ipv6, socket, cmsg for SCM_RIGHTS). Guest sockets are host sockets.
//
// Layouts: riscv64 and x86-64 share every structure these calls use: `struct sockaddr_in` (16 bytes),
// `sockaddr_in6` (28), `sockaddr_un` (110), `sockaddr_storage` (128), `struct msghdr` (56 bytes: name,
// namelen, iov, iovlen, control, controllen, flags), `struct cmsghdr` (16-byte header, 8-byte
// alignment), the SOL_SOCKET option numbers (asm-generic/socket.h on both) and `struct timeval`. So
// addresses and option values are copied or passed through as bytes; only the pointers inside a
// `msghdr` are guest addresses that have to become host pointers. Descriptors passed with SCM_RIGHTS are
// host descriptors, which are the guest's.
//
// Only AF_UNIX, AF_INET and AF_INET6 sockets can be created: other families (netlink, packet, ...) could
// reach host configuration, so they fail with EAFNOSUPPORT as on a kernel built without them.
import Glibc

extension LinuxProcess {
    /// The largest socket address the kernel copies (`sizeof(struct sockaddr_storage)`).
    static let socketAddressCapacity = 128
    /// `SOCK_NONBLOCK | SOCK_CLOEXEC` (the `O_*` numbers, the same on riscv64 and x86-64).
    static let socketTypeFlags: Int32 = 0o4000 | 0o2000000
    /// The families a guest may create sockets in: AF_UNIX, AF_INET, AF_INET6.
    static let socketFamilies: Set<Int32> = [1, 2, 10]

    /// Checks socket(2)'s `type` and `domain` as the kernel does before it creates anything: unknown
    /// type flags are EINVAL, a family Morph does not offer is EAFNOSUPPORT.
    private func checkSocketArguments(domain: Int32, type: Int32) -> LinuxError? {
        if type & ~0xf & ~LinuxProcess.socketTypeFlags != 0 { return .EINVAL }
        if domain < 0 || domain >= 46 { return .EAFNOSUPPORT }  // NPROTO
        if type & 0xf == 0 || type & 0xf > 10 { return .EINVAL }  // SOCK_MAX
        return LinuxProcess.socketFamilies.contains(domain) ? nil : .EAFNOSUPPORT
    }

    /// socket(domain, type, protocol).
    func socket(_ a: SyscallArguments) -> SyscallResult {
        if let error = checkSocketArguments(domain: a.int32(0), type: a.int32(1)) { return .failure(error) }
        return hostResult(Glibc.socket(a.int32(0), a.int32(1), a.int32(2)))
    }

    /// socketpair(domain, type, protocol, sv): two 32-bit descriptors written to the guest.
    func socketPair(_ a: SyscallArguments) -> SyscallResult {
        if let error = checkSocketArguments(domain: a.int32(0), type: a.int32(1)) { return .failure(error) }
        guard space.isAccessible(a[3], length: 8, write: true) else { return .failure(.EFAULT) }
        var descriptors: [Int32] = [-1, -1]
        guard Glibc.socketpair(a.int32(0), a.int32(1), a.int32(2), &descriptors) == 0 else {
            return .failure(LinuxError(errno))
        }
        space.store(UInt32(bitPattern: descriptors[0]), at: a[3])
        space.store(UInt32(bitPattern: descriptors[1]), at: a[3] + 4)
        return .success(0)
    }

    /// A socket address the guest passes in (`move_addr_to_kernel`): a length above 128 or below 0 is
    /// EINVAL, an unreadable address EFAULT.
    private func incomingAddress(_ address: UInt64, length: UInt64) -> Result<[UInt8], LinuxError> {
        let length = Int32(truncatingIfNeeded: length)
        guard length >= 0, Int(length) <= LinuxProcess.socketAddressCapacity else { return .failure(.EINVAL) }
        guard length > 0 else { return .success([]) }
        guard let bytes = space.read(address, length: Int(length)) else { return .failure(.EFAULT) }
        return .success(bytes)
    }

    /// Calls `body` with a host copy of a guest socket address and its length.
    private func withIncomingAddress(_ address: UInt64, length: UInt64,
                                     _ body: (UnsafePointer<sockaddr>?, socklen_t) -> SyscallResult) -> SyscallResult {
        switch incomingAddress(address, length: length) {
        case .failure(let error): return .failure(error)
        case .success(let bytes):
            var storage = bytes + [UInt8](repeating: 0, count: LinuxProcess.socketAddressCapacity - bytes.count)
            return storage.withUnsafeMutableBytes { buffer in
                body(buffer.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(bytes.count))
            }
        }
    }

    /// The guest's buffer size for an address the call returns (`*addrlen`): EFAULT if unreadable or the
    /// length word is not writable, EINVAL if negative.
    private func outgoingAddressLength(_ lengthAddress: UInt64) -> Result<Int32, LinuxError> {
        guard let length = space.load(lengthAddress, as: UInt32.self),
              space.isAccessible(lengthAddress, length: 4, write: true) else { return .failure(.EFAULT) }
        let signed = Int32(bitPattern: length)
        return signed < 0 ? .failure(.EINVAL) : .success(signed)
    }

    /// Writes an address the host returned (`move_addr_to_user`): at most the guest's `capacity` bytes
    /// of it, and its full length to `*addrlen`.
    private func storeOutgoingAddress(_ bytes: UnsafeRawBufferPointer, length: socklen_t, capacity: Int32,
                                      address: UInt64, lengthAddress: UInt64) -> Bool {
        let copied = min(Int(length), Int(capacity), bytes.count)
        if copied > 0, !space.write(Array(bytes.prefix(copied)), at: address) { return false }
        return space.store(UInt32(length), at: lengthAddress)
    }

    /// Runs a host call that fills a socket address (accept4, getsockname, getpeername, recvfrom) with
    /// a local buffer, then copies the address to the guest. `address` 0 means the caller wants none,
    /// unless `always` (getsockname and getpeername copy out whatever the guest passed).
    private func withOutgoingAddress(_ address: UInt64, lengthAddress: UInt64, always: Bool = false,
                                     _ body: (UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?)
                                         -> SyscallResult) -> SyscallResult {
        guard address != 0 || always else { return body(nil, nil) }
        let capacity: Int32
        switch outgoingAddressLength(lengthAddress) {
        case .failure(let error): return .failure(error)
        case .success(let value): capacity = value
        }
        guard space.isAccessible(address, length: UInt64(min(Int(capacity), LinuxProcess.socketAddressCapacity)),
                                 write: true) else { return .failure(.EFAULT) }
        var storage = [UInt8](repeating: 0, count: LinuxProcess.socketAddressCapacity)
        var length = socklen_t(LinuxProcess.socketAddressCapacity)
        return storage.withUnsafeMutableBytes { buffer in
            let result = body(buffer.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
            guard case .success = result else { return result }
            guard storeOutgoingAddress(UnsafeRawBufferPointer(buffer), length: length, capacity: capacity,
                                       address: address, lengthAddress: lengthAddress) else { return .failure(.EFAULT) }
            return result
        }
    }

    /// bind(sockfd, addr, addrlen).
    func bind(_ a: SyscallArguments) -> SyscallResult {
        withIncomingAddress(a[1], length: a[2]) { hostResult(Glibc.bind(a.int32(0), $0, $1)) }
    }

    /// connect(sockfd, addr, addrlen).
    func connect(_ a: SyscallArguments) -> SyscallResult {
        withIncomingAddress(a[1], length: a[2]) { hostResult(Glibc.connect(a.int32(0), $0, $1)) }
    }

    /// accept4(sockfd, addr, addrlen, flags); accept(2) is accept4 with no flags. Blocks in the host.
    func accept(_ a: SyscallArguments, flags: Int32) -> SyscallResult {
        guard flags & ~LinuxProcess.socketTypeFlags == 0 else { return .failure(.EINVAL) }
        return withOutgoingAddress(a[1], lengthAddress: a[2]) { address, length in
            hostResult(DescriptorHostFunctions.shared.accept4(a.int32(0), address, length, flags))
        }
    }

    /// getsockname(sockfd, addr, addrlen) (`peer`: getpeername).
    func socketName(_ a: SyscallArguments, peer: Bool) -> SyscallResult {
        withOutgoingAddress(a[1], lengthAddress: a[2], always: true) { address, length in
            hostResult(peer ? Glibc.getpeername(a.int32(0), address, length)
                            : Glibc.getsockname(a.int32(0), address, length))
        }
    }

    /// listen(sockfd, backlog).
    func listen(_ a: SyscallArguments) -> SyscallResult {
        hostResult(Glibc.listen(a.int32(0), a.int32(1)))
    }

    /// shutdown(sockfd, how).
    func shutdown(_ a: SyscallArguments) -> SyscallResult {
        hostResult(Glibc.shutdown(a.int32(0), a.int32(1)))
    }

    /// sendto(sockfd, buf, len, flags, dest_addr, addrlen); send(2) is sendto without an address.
    func sendTo(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], LinuxProcess.maximumTransfer)
        guard let buffer = space.hostBuffer(a[1], length: count) else { return .failure(.EFAULT) }
        if a[4] == 0 {
            return hostResult(Glibc.sendto(a.int32(0), buffer, Int(count), a.int32(3), nil, 0))
        }
        return withIncomingAddress(a[4], length: a[5]) { address, length in
            hostResult(Glibc.sendto(a.int32(0), buffer, Int(count), a.int32(3), address, length))
        }
    }

    /// recvfrom(sockfd, buf, len, flags, src_addr, addrlen); recv(2) is recvfrom without an address.
    /// Blocks in the host.
    func receiveFrom(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[2], LinuxProcess.maximumTransfer)
        guard let buffer = space.hostBuffer(a[1], length: count) else { return .failure(.EFAULT) }
        return withOutgoingAddress(a[4], lengthAddress: a[5]) { address, length in
            hostResult(Glibc.recvfrom(a.int32(0), buffer, Int(count), a.int32(3), address, length))
        }
    }

    /// Socket options whose values hold pointers (SO_ATTACH_FILTER, SO_ATTACH_REUSEPORT_CBPF: a
    /// `struct sock_fprog`): a guest address cannot be handed to the host.
    static let pointerSocketOptions: Set<Int32> = [26, 51]

    /// setsockopt(sockfd, level, optname, optval, optlen): the value's bytes pass through (its layout is
    /// the same on riscv64 and x86-64); the host reads only what the option needs.
    func setSocketOption(_ a: SyscallArguments) -> SyscallResult {
        let length = a.int32(4)
        guard length >= 0 else { return .failure(.EINVAL) }
        if a.int32(1) == SOL_SOCKET, LinuxProcess.pointerSocketOptions.contains(a.int32(2)) {
            return .failure(.EINVAL)
        }
        let value: UnsafeMutableRawPointer?
        if a[3] == 0 {
            value = nil
        } else {
            guard let buffer = space.hostBuffer(a[3], length: UInt64(length)) else { return .failure(.EFAULT) }
            value = buffer
        }
        return hostResult(Glibc.setsockopt(a.int32(0), a.int32(1), a.int32(2), value, socklen_t(length)))
    }

    /// getsockopt(sockfd, level, optname, optval, optlen): `*optlen` is read first (EFAULT, EINVAL when
    /// negative); the host writes the value and its length into guest memory.
    func getSocketOption(_ a: SyscallArguments) -> SyscallResult {
        let capacity: Int32
        switch outgoingAddressLength(a[4]) {
        case .failure(let error): return .failure(error)
        case .success(let value): capacity = value
        }
        let value: UnsafeMutableRawPointer?
        if a[3] == 0 {
            value = nil
        } else {
            guard let buffer = space.hostBuffer(a[3], length: UInt64(capacity)) else { return .failure(.EFAULT) }
            value = buffer
        }
        guard let lengthPointer = space.hostBuffer(a[4], length: 4) else { return .failure(.EFAULT) }
        return hostResult(Glibc.getsockopt(a.int32(0), a.int32(1), a.int32(2), value,
                                           lengthPointer.assumingMemoryBound(to: socklen_t.self)))
    }

    // MARK: sendmsg and recvmsg

    /// The guest's `struct msghdr` (56 bytes) at `address` as a host `msghdr` whose pointers are host
    /// pointers into guest memory, checked as `__copy_msghdr` does: a negative name length is EINVAL, one
    /// above 128 is cut to 128, more than 1024 vectors is EMSGSIZE.
    private func hostMessage(_ address: UInt64, receiving: Bool) -> Result<msghdr, LinuxError> {
        guard let raw = space.read(address, length: 56) else { return .failure(.EFAULT) }
        if receiving, !space.isAccessible(address, length: 56, write: true) { return .failure(.EFAULT) }
        var message = msghdr()
        let name = raw.littleEndianWord(at: 0)
        var nameLength = Int32(truncatingIfNeeded: raw.littleEndianWord(at: 8))
        if name == 0 { nameLength = 0 }
        guard nameLength >= 0 else { return .failure(.EINVAL) }
        nameLength = min(nameLength, Int32(LinuxProcess.socketAddressCapacity))
        if nameLength > 0 {
            guard let pointer = space.hostBuffer(name, length: UInt64(nameLength)) else { return .failure(.EFAULT) }
            if !receiving, !space.isAccessible(name, length: UInt64(nameLength), write: false) {
                return .failure(.EFAULT)
            }
            message.msg_name = pointer
        }
        message.msg_namelen = socklen_t(nameLength)
        let vectorCount = raw.littleEndianWord(at: 24)
        guard vectorCount <= 1024 else { return .failure(.EMSGSIZE) }  // UIO_MAXIOV
        let control = raw.littleEndianWord(at: 32)
        let controlLength = raw.littleEndianWord(at: 40)
        if control != 0, controlLength > 0 {
            guard controlLength <= UInt64(Int32.max) else { return .failure(.ENOBUFS) }
            guard let pointer = space.hostBuffer(control, length: controlLength) else { return .failure(.EFAULT) }
            message.msg_control = pointer
            message.msg_controllen = Int(controlLength)
        } else if controlLength > 0 {
            // A NULL control buffer with a length: the host kernel answers (EFAULT or nothing received).
            message.msg_controllen = Int(min(controlLength, UInt64(Int32.max)))
        }
        message.msg_flags = Int32(truncatingIfNeeded: raw.littleEndianWord(at: 48))
        return .success(message)
    }

    /// Runs `body` with the guest message at `address` converted, its vectors in place.
    private func withHostMessage(_ address: UInt64, receiving: Bool,
                                 _ body: (inout msghdr) -> SyscallResult) -> SyscallResult {
        var message: msghdr
        switch hostMessage(address, receiving: receiving) {
        case .failure(let error): return .failure(error)
        case .success(let value): message = value
        }
        guard let raw = space.read(address + 16, length: 16) else { return .failure(.EFAULT) }
        var vectors: [iovec]
        switch hostVectors(raw.littleEndianWord(at: 0), count: raw.littleEndianWord(at: 8)) {
        case .failure(let error): return .failure(error)
        case .success(let value): vectors = value
        }
        return vectors.withUnsafeMutableBufferPointer { buffer in
            message.msg_iov = buffer.baseAddress
            message.msg_iovlen = buffer.count
            return body(&message)
        }
    }

    /// sendmsg(sockfd, msg, flags), with ancillary data (SCM_RIGHTS, SCM_CREDENTIALS) passed through.
    func sendMessage(_ a: SyscallArguments) -> SyscallResult {
        withHostMessage(a[1], receiving: false) { message in
            hostResult(Glibc.sendmsg(a.int32(0), &message, a.int32(2)))
        }
    }

    /// recvmsg(sockfd, msg, flags): the host fills the guest's buffers, then the name length, control
    /// length and flags go back into the guest's `msghdr`. Blocks in the host.
    func receiveMessage(_ a: SyscallArguments) -> SyscallResult {
        withHostMessage(a[1], receiving: true) { message in
            let result = hostResult(Glibc.recvmsg(a.int32(0), &message, a.int32(2)))
            guard case .success = result else { return result }
            space.store(UInt32(message.msg_namelen), at: a[1] + 8)
            space.store(UInt64(message.msg_controllen), at: a[1] + 40)
            space.store(UInt32(bitPattern: message.msg_flags), at: a[1] + 48)
            return result
        }
    }
}
