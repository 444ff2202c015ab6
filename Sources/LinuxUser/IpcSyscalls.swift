// System V IPC (Linux man-pages: sysvipc(7), shmget(2), shmat(2), shmctl(2), semget(2), semop(2),
// semctl(2), msgget(2), msgsnd(2), msgctl(2); include/uapi/asm-generic/{ipcbuf,shmbuf,sembuf,msgbuf}.h
// and arch/x86/include/uapi/asm/sembuf.h for the layouts).
//
// The objects are the host kernel's: every call goes to the host's own System V IPC, so they are shared
// with forked children (host processes) and with any other process of the host, exactly as on Linux,
// where IPC keys are global to the IPC namespace: a guest can see, and with the permissions, change or
// remove the host's objects of the same user. Layouts: `struct ipc64_perm`, `msqid64_ds`, `shmid64_ds`,
// `struct sembuf`, `struct msgbuf` (a long mtype, then the text), `seminfo`, `msginfo`, `shminfo64` and
// `shm_info` are the same on riscv64 and x86-64; `semid64_ds` is not (x86-64 keeps padding words after
// each time), so semctl's IPC_STAT and IPC_SET convert it. A shmat maps the host segment into the guest
// window (host shmat with SHM_REMAP) and records it in the address space, so munmap, mprotect,
// /proc/self/maps and shmdt agree.
import CMorphSupport
import Glibc

/// x86-64 system call numbers of the System V IPC calls.
private enum HostIpcCall {
    static let shmget = 29, shmctl = 31, semget = 64, semop = 65, semctl = 66
    static let msgget = 68, msgsnd = 69, msgrcv = 70, msgctl = 71, semtimedop = 220
}

extension LinuxProcess {
    /// Commands (the low byte; IPC_64 is passed through as Linux's 64-bit calls expect it).
    private static let ipcRemove: Int32 = 0, ipcSet: Int32 = 1, ipcStat: Int32 = 2, ipcInformation: Int32 = 3
    /// The largest message or semaphore-operation buffer Morph copies (Linux's limits are far smaller:
    /// MSGMAX 8192, SEMOPM 500).
    private static let largestIpcCopy: UInt64 = 1 << 24

    /// A host IPC call with integer arguments.
    private func hostIpc(_ number: Int, _ first: Int, _ second: Int = 0, _ third: Int = 0, _ fourth: Int = 0,
                         _ fifth: Int = 0) -> SyscallResult {
        hostResult(morph_host_syscall(number, first, second, third, fourth, fifth))
    }

    /// A host IPC call given a host buffer of `length` bytes (as its argument at `pointerIndex`), filled
    /// first from guest `input` when the command reads one and copied to guest `output` (its first
    /// `outputLength` bytes) when the command writes one.
    private func hostIpcWithBuffer(length: Int, input: UInt64?, output: UInt64?, outputLength: Int? = nil,
                                   convertIn: (([UInt8]) -> [UInt8])? = nil, convertOut: (([UInt8]) -> [UInt8])? = nil,
                                   _ call: (Int) -> Int) -> SyscallResult {
        var buffer = [UInt8](repeating: 0, count: max(length, 256))
        if let input {
            guard let bytes = space.read(input, length: length) else { return .failure(.EFAULT) }
            let converted = convertIn?(bytes) ?? bytes
            buffer.replaceSubrange(0..<converted.count, with: converted)
        }
        let result = buffer.withUnsafeMutableBytes { call(Int(bitPattern: $0.baseAddress)) }
        guard result >= 0 else { return .failure(LinuxError(errno)) }
        if let output {
            let bytes = convertOut?(buffer) ?? Array(buffer[0..<(outputLength ?? length)])
            guard space.write(bytes, at: output) else { return .failure(.EFAULT) }
        }
        return .success(UInt64(result))
    }

    // MARK: Shared memory

    /// shmget(key, size, shmflg).
    func sharedMemoryGet(_ a: SyscallArguments) -> SyscallResult {
        hostIpc(HostIpcCall.shmget, Int(a.int32(0)), Int(bitPattern: UInt(a[1])), Int(a.int32(2)))
    }

    /// shmctl(shmid, cmd, buf): `shmid64_ds` (112 bytes), `shminfo64` (72) and `shm_info` (48) are the
    /// same on both; SHM_STAT and SHM_STAT_ANY (13, 15) return an identifier.
    func sharedMemoryControl(_ a: SyscallArguments) -> SyscallResult {
        let command = a.int32(1) & ~0x100
        let identifier = Int(a.int32(0)), rawCommand = Int(a.int32(1))
        switch command {
        case LinuxProcess.ipcStat, 13, 15:
            return hostIpcWithBuffer(length: 112, input: nil, output: a[2]) {
                morph_host_syscall(HostIpcCall.shmctl, identifier, rawCommand, $0, 0, 0)
            }
        case LinuxProcess.ipcSet:
            return hostIpcWithBuffer(length: 112, input: a[2], output: nil) {
                morph_host_syscall(HostIpcCall.shmctl, identifier, rawCommand, $0, 0, 0)
            }
        case LinuxProcess.ipcInformation, 14:  // IPC_INFO, SHM_INFO
            return hostIpcWithBuffer(length: command == 14 ? 48 : 72, input: nil, output: a[2]) {
                morph_host_syscall(HostIpcCall.shmctl, identifier, rawCommand, $0, 0, 0)
            }
        default:  // IPC_RMID, SHM_LOCK, SHM_UNLOCK, and the unknown ones the host refuses
            return hostIpc(HostIpcCall.shmctl, identifier, rawCommand, 0)
        }
    }

    /// shmat(shmid, shmaddr, shmflg): the segment is mapped at `shmaddr` (rounded down to SHMLBA, a page,
    /// with SHM_RND; EINVAL if unaligned without it; EINVAL over existing mappings without SHM_REMAP) or
    /// at a free range of the window.
    func sharedMemoryAttach(_ a: SyscallArguments, caller: LinuxThread) -> SyscallResult {
        let identifier = a.int32(0), flags = a.int32(2)
        let readOnly = flags & SHM_RDONLY != 0, remap = flags & SHM_REMAP != 0, execute = flags & 0o100000 != 0
        var status = [UInt8](repeating: 0, count: 256)
        let statusResult = status.withUnsafeMutableBytes {
            morph_host_syscall(HostIpcCall.shmctl, Int(identifier), Int(LinuxProcess.ipcStat), Int(bitPattern: $0.baseAddress), 0, 0)
        }
        guard statusResult >= 0 else { return .failure(LinuxError(errno == EACCES ? EACCES : errno)) }
        let key = Int32(bitPattern: UInt32(truncatingIfNeeded: status.littleEndianWord(at: 0)))
        guard let length = AddressSpace.pageUp(status.littleEndianWord(at: 48)), length > 0 else { return .failure(.EINVAL) }
        var address = a[1]
        if address != 0 {
            if address & (AddressSpace.pageSize - 1) != 0 {
                guard flags & SHM_RND != 0 else { return .failure(.EINVAL) }
                address = AddressSpace.pageDown(address)
                if address == 0 { return .failure(.EINVAL) }  // rounding down to 0 is refused without SHM_REMAP
            }
            guard space.inWindow(address, length: length) else { return .failure(.EINVAL) }
            if !remap, !space.isFree(address, address + length) { return .failure(.EINVAL) }
        } else {
            if remap { return .failure(.EINVAL) }
            guard let free = space.findFreeRange(length: length) else { return .failure(.ENOMEM) }
            address = free
        }
        var protection: MemoryProtection = readOnly ? [.read] : [.read, .write]
        if execute { protection.insert(.execute) }
        let replacesCode = space.containsCode(address, address + length)
        let error = space.attachSharedMemory(identifier, key: key, at: address, length: length, protection: protection)
        guard error == 0 else { return .failure(LinuxError(error)) }
        if replacesCode || execute { invalidateCode((address, address + length), by: caller) }
        return .success(address)
    }

    /// shmdt(shmaddr).
    func sharedMemoryDetach(_ a: SyscallArguments, caller: LinuxThread) -> SyscallResult {
        guard a[0] & (AddressSpace.pageSize - 1) == 0 else { return .failure(.EINVAL) }
        let region = space.region(containing: a[0])
        let error = space.detachSharedMemory(at: a[0])
        guard error == 0 else { return .failure(LinuxError(error)) }
        if let region, region.protection.contains(.execute) { invalidateCode((region.start, region.end), by: caller) }
        return .success(0)
    }

    // MARK: Semaphores

    /// semget(key, nsems, semflg).
    func semaphoreGet(_ a: SyscallArguments) -> SyscallResult {
        hostIpc(HostIpcCall.semget, Int(a.int32(0)), Int(a.int32(1)), Int(a.int32(2)))
    }

    /// semop(semid, sops, nsops) and semtimedop(semid, sops, nsops, timeout): `struct sembuf` (6 bytes)
    /// and `struct timespec` are the same on both. A blocked wait is a blocking host call.
    func semaphoreOperate(_ a: SyscallArguments, timed: Bool) -> SyscallResult {
        let count = a[2]
        guard count >= 1, a.int32(0) >= 0 else { return .failure(.EINVAL) }
        guard count <= 500 else { return .failure(.E2BIG) }  // SEMOPM (the host refuses more anyway)
        guard let operations = space.read(a[1], length: Int(count) * 6) else { return .failure(.EFAULT) }
        var timeout: [UInt8]? = nil
        if timed, a[3] != 0 {
            guard let bytes = space.read(a[3], length: 16) else { return .failure(.EFAULT) }
            timeout = bytes
        }
        return operations.withUnsafeBytes { operationBytes in
            let operationPointer = Int(bitPattern: operationBytes.baseAddress)
            guard let timeout else {
                return hostIpc(timed ? HostIpcCall.semtimedop : HostIpcCall.semop, Int(a.int32(0)), operationPointer, Int(count))
            }
            return timeout.withUnsafeBytes {
                hostIpc(HostIpcCall.semtimedop, Int(a.int32(0)), operationPointer, Int(count), Int(bitPattern: $0.baseAddress))
            }
        }
    }

    /// The riscv64 `semid64_ds` (88 bytes: perm, otime, ctime, nsems, 2 unused) from x86-64's (104: perm,
    /// otime, pad, ctime, pad, nsems, 2 unused), and back.
    private static func guestSemaphoreStatus(_ host: [UInt8]) -> [UInt8] {
        var guest = Array(host[0..<48])
        guest += [UInt8](repeating: 0, count: 40)
        for (index, offset) in [48, 64, 80].enumerated() { guest.putLittleEndian(host.littleEndianWord(at: offset), at: 48 + 8 * index) }
        return guest
    }

    /// The x86-64 `semid64_ds` for a riscv64 one (IPC_SET reads the permissions only).
    private static func hostSemaphoreStatus(_ guest: [UInt8]) -> [UInt8] {
        var host = Array(guest[0..<48]) + [UInt8](repeating: 0, count: 56)
        for (index, offset) in [48, 56, 64].enumerated() { host.putLittleEndian(guest.littleEndianWord(at: offset), at: 48 + 16 * index) }
        return host
    }

    /// semctl(semid, semnum, cmd, arg): `arg` is a value (SETVAL) or a guest pointer (IPC_STAT, SEM_STAT,
    /// SEM_STAT_ANY, IPC_SET: `semid64_ds`; GETALL, SETALL: nsems unsigned shorts; IPC_INFO, SEM_INFO:
    /// `seminfo`, 40 bytes).
    func semaphoreControl(_ a: SyscallArguments) -> SyscallResult {
        let identifier = Int(a.int32(0)), number = Int(a.int32(1)), rawCommand = Int(a.int32(2))
        let command = a.int32(2) & ~0x100
        func call(_ argument: Int) -> Int { morph_host_syscall(HostIpcCall.semctl, identifier, number, rawCommand, argument, 0) }
        switch command {
        case LinuxProcess.ipcStat, 18, 20:  // IPC_STAT, SEM_STAT, SEM_STAT_ANY
            return hostIpcWithBuffer(length: 104, input: nil, output: a[3], convertOut: LinuxProcess.guestSemaphoreStatus, call)
        case LinuxProcess.ipcSet:
            return hostIpcWithBuffer(length: 88, input: a[3], output: nil, convertIn: LinuxProcess.hostSemaphoreStatus, call)
        case LinuxProcess.ipcInformation, 19:  // IPC_INFO, SEM_INFO
            return hostIpcWithBuffer(length: 40, input: nil, output: a[3], call)
        case 13, 17:  // GETALL, SETALL: the set's size first
            var status = [UInt8](repeating: 0, count: 256)
            let statusResult = status.withUnsafeMutableBytes {
                morph_host_syscall(HostIpcCall.semctl, identifier, 0, Int(LinuxProcess.ipcStat), Int(bitPattern: $0.baseAddress), 0)
            }
            guard statusResult >= 0 else { return .failure(LinuxError(errno)) }
            let length = Int(status.littleEndianWord(at: 80)) * 2
            return command == 13
                ? hostIpcWithBuffer(length: length, input: nil, output: a[3], call)
                : hostIpcWithBuffer(length: length, input: a[3], output: nil, call)
        default:  // IPC_RMID, GETVAL, SETVAL, GETPID, GETNCNT, GETZCNT, and the unknown ones
            return hostIpc(HostIpcCall.semctl, identifier, number, rawCommand, Int(Int32(truncatingIfNeeded: a[3])))
        }
    }

    // MARK: Message queues

    /// msgget(key, msgflg).
    func messageQueueGet(_ a: SyscallArguments) -> SyscallResult {
        hostIpc(HostIpcCall.msgget, Int(a.int32(0)), Int(a.int32(1)))
    }

    /// msgsnd(msqid, msgp, msgsz, msgflg): the mtype and the text are copied from the guest.
    func messageSend(_ a: SyscallArguments) -> SyscallResult {
        let size = Int64(bitPattern: a[2])
        guard size >= 0, UInt64(size) <= LinuxProcess.largestIpcCopy else { return .failure(.EINVAL) }
        guard let message = space.read(a[1], length: 8 + Int(size)) else { return .failure(.EFAULT) }
        return message.withUnsafeBytes {
            hostIpc(HostIpcCall.msgsnd, Int(a.int32(0)), Int(bitPattern: $0.baseAddress), Int(size), Int(a.int32(3)))
        }
    }

    /// msgrcv(msqid, msgp, msgsz, msgtyp, msgflg): the message (mtype, then as much text as fits, or
    /// what MSG_NOERROR truncates) is copied to the guest; an unwritable buffer loses it, as on Linux.
    func messageReceive(_ a: SyscallArguments) -> SyscallResult {
        let size = Int64(bitPattern: a[2])
        guard size >= 0 else { return .failure(.EINVAL) }
        let capacity = Int(min(UInt64(size), LinuxProcess.largestIpcCopy))
        guard space.hostBuffer(a[1], length: 8) != nil else { return .failure(.EFAULT) }
        var message = [UInt8](repeating: 0, count: 8 + capacity)
        let received = message.withUnsafeMutableBytes {
            morph_host_syscall(HostIpcCall.msgrcv, Int(a.int32(0)), Int(bitPattern: $0.baseAddress), capacity,
                               Int(a.int64(3)), Int(a.int32(4)))
        }
        guard received >= 0 else { return .failure(LinuxError(errno)) }
        guard space.write(Array(message[0..<(8 + received)]), at: a[1]) else { return .failure(.EFAULT) }
        return .success(UInt64(received))
    }

    /// msgctl(msqid, cmd, buf): `msqid64_ds` (120 bytes) and `msginfo` (32) are the same on both;
    /// MSG_STAT and MSG_STAT_ANY (11, 13) return an identifier.
    func messageQueueControl(_ a: SyscallArguments) -> SyscallResult {
        let identifier = Int(a.int32(0)), rawCommand = Int(a.int32(1))
        let command = a.int32(1) & ~0x100
        func call(_ argument: Int) -> Int { morph_host_syscall(HostIpcCall.msgctl, identifier, rawCommand, argument, 0, 0) }
        switch command {
        case LinuxProcess.ipcStat, 11, 13:
            return hostIpcWithBuffer(length: 120, input: nil, output: a[2], call)
        case LinuxProcess.ipcSet:
            return hostIpcWithBuffer(length: 120, input: a[2], output: nil, call)
        case LinuxProcess.ipcInformation, 12:  // IPC_INFO, MSG_INFO
            return hostIpcWithBuffer(length: 32, input: nil, output: a[2], call)
        default:
            return hostIpc(HostIpcCall.msgctl, identifier, rawCommand, 0)
        }
    }
}
