// Memory system calls (Linux man-pages: mmap(2), munmap(2), mprotect(2), mremap(2), madvise(2),
// msync(2); brk(2) is AddressSpace.setBreak). Flag values are the asm-generic ones riscv64 uses.
// Each call holds the address-space lock from its checks to its last change, so threads that map at the
// same time never receive the same range. Code an unmap or protection change touches is dropped by the
// calling thread's engine at once and queued for every other thread's (LinuxThread.queueInvalidation).
import Glibc

/// `mmap` flags (include/uapi/asm-generic/mman-common.h, linux/mman.h).
enum MapFlags {
    /// `MAP_SHARED`.
    static let shared: UInt64 = 0x01
    /// `MAP_PRIVATE`.
    static let `private`: UInt64 = 0x02
    /// `MAP_SHARED_VALIDATE`.
    static let sharedValidate: UInt64 = 0x03
    /// The mapping-type bits.
    static let typeMask: UInt64 = 0x0f
    /// `MAP_FIXED`.
    static let fixed: UInt64 = 0x10
    /// `MAP_ANONYMOUS`.
    static let anonymous: UInt64 = 0x20
    /// `MAP_FIXED_NOREPLACE`.
    static let fixedNoReplace: UInt64 = 0x10_0000
}

extension LinuxProcess {
    /// Guest addresses below this are never mapped (Linux's default vm.mmap_min_addr, 64 KiB).
    static let minimumMapAddress: UInt64 = 0x1_0000

    /// Drops the code of `[start, end)` (nil: all code) from every thread's engine: `caller`'s at once,
    /// the others' before their next run.
    func invalidateCode(_ range: (start: UInt64, end: UInt64)?, by caller: LinuxThread) {
        if let range {
            caller.engine.invalidateCode(from: range.start, to: range.end)
        } else {
            caller.engine.invalidateAllCode()
        }
        let others = stateLock.withLock { threads.values.filter { $0 !== caller } }
        for thread in others { thread.queueInvalidation(range) }
    }

    /// mlock(2) / munlock(2): guest pages are never swapped out by Morph, so locking only checks that the
    /// pages are mapped (ENOMEM otherwise), as Linux does.
    func lockMemory(_ a: SyscallArguments) -> SyscallResult {
        let start = AddressSpace.pageDown(a[0])
        guard let end = AddressSpace.pageUp(a[0] &+ a[1]), a[0] &+ a[1] >= a[0] else { return .failure(.ENOMEM) }
        if end == start { return .success(0) }
        guard space.inWindow(start, length: end - start), isMapped(start, end - start) else { return .failure(.ENOMEM) }
        return .success(0)
    }

    /// madvise(2). MADV_DONTNEED (and MADV_FREE) discard private anonymous contents, which the host
    /// does for the same pages; the other advice changes no contents. ENOMEM if part is unmapped.
    func adviseMemory(_ a: SyscallArguments) -> SyscallResult {
        let start = a[0], advice = a.int32(2)
        guard start % AddressSpace.pageSize == 0, let length = AddressSpace.pageUp(a[1]) else {
            return .failure(.EINVAL)
        }
        if length == 0 { return .success(0) }
        guard space.inWindow(start, length: length) else { return .failure(.ENOMEM) }
        switch advice {
        case 0, 1, 2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19:
            return isMapped(start, length) ? .success(0) : .failure(.ENOMEM)
        case 4, 8:  // MADV_DONTNEED, MADV_FREE
            guard isMapped(start, length) else { return .failure(.ENOMEM) }
            return hostResult(Glibc.madvise(memory.hostAddress(start), Int(length), MADV_DONTNEED))
        default:
            return .failure(.EINVAL)
        }
    }

    /// Whether every page of the range is mapped (whatever its protection).
    private func isMapped(_ start: UInt64, _ length: UInt64) -> Bool {
        var cursor = start
        while cursor < start + length {
            guard let region = space.region(containing: cursor) else { return false }
            cursor = region.end
        }
        return true
    }

    /// msync(addr, length, flags).
    func synchronizeMemory(_ a: SyscallArguments) -> SyscallResult {
        let start = a[0]
        guard start % AddressSpace.pageSize == 0, let length = AddressSpace.pageUp(a[1]) else {
            return .failure(.EINVAL)
        }
        guard space.inWindow(start, length: length), isMapped(start, length) else { return .failure(.ENOMEM) }
        return hostResult(Glibc.msync(memory.hostAddress(start), Int(length), a.int32(2)))
    }
}

extension LinuxThread {
    /// Drops every engine's code from `[start, end)` if it held any: its pages are about to change.
    private func invalidateCode(_ start: UInt64, _ end: UInt64) {
        if space.containsCode(start, end) { process.invalidateCode((start, end), by: self) }
    }

    /// riscv_flush_icache(start, end, flags): drops the code of `[start, end)` from every thread's engine
    /// (the only flag is SYS_RISCV_FLUSH_ICACHE_LOCAL, 1, which Linux may treat as global too). An empty or
    /// reversed range drops everything, since Linux treats the range as a hint and flushes the whole
    /// instruction cache.
    func flushInstructionCache(_ a: SyscallArguments) -> SyscallResult {
        guard a[2] & ~1 == 0 else { return .failure(.EINVAL) }
        process.invalidateCode(a[1] > a[0] ? (a[0], a[1]) : nil, by: self)
        return .success(0)
    }

    /// mmap(addr, length, prot, flags, fd, offset): fixed, hinted or top-down placement; anonymous or
    /// file-backed (the host maps the file into the window).
    func mapMemory(_ a: SyscallArguments) -> SyscallResult {
        space.withLock {
            let hint = a[0], requestedLength = a[1], flags = a[3], descriptor = a.int32(4), offset = a[5]
            let protection = MemoryProtection(rawValue: a[2] & 7)
            guard requestedLength > 0, offset % AddressSpace.pageSize == 0 else { return .failure(.EINVAL) }
            let type = flags & MapFlags.typeMask
            guard type == MapFlags.shared || type == MapFlags.private || type == MapFlags.sharedValidate else {
                return .failure(.EINVAL)
            }
            guard let length = AddressSpace.pageUp(requestedLength), length <= memory.size else {
                return .failure(.ENOMEM)
            }
            let anonymous = flags & MapFlags.anonymous != 0
            guard anonymous || Int64(bitPattern: offset) >= 0 else { return .failure(.EINVAL) }

            let start: UInt64
            if flags & (MapFlags.fixed | MapFlags.fixedNoReplace) != 0 {
                guard hint % AddressSpace.pageSize == 0 else { return .failure(.EINVAL) }
                // Below vm.mmap_min_addr is EPERM; past the end of the address space, ENOMEM.
                guard hint >= LinuxProcess.minimumMapAddress else { return .failure(.EPERM) }
                guard space.inWindow(hint, length: length) else { return .failure(.ENOMEM) }
                if flags & MapFlags.fixed == 0, !space.isFree(hint, hint + length) { return .failure(.EEXIST) }
                start = hint
            } else if hint >= LinuxProcess.minimumMapAddress, space.inWindow(AddressSpace.pageDown(hint), length: length),
                      space.isFree(AddressSpace.pageDown(hint), AddressSpace.pageDown(hint) + length) {
                start = AddressSpace.pageDown(hint)  // a free hint is honoured, as Linux does
            } else {
                guard let free = space.findFreeRange(length: length) else { return .failure(.ENOMEM) }
                start = free
            }

            invalidateCode(start, start + length)
            let shared = type != MapFlags.private
            let error = anonymous
                ? space.mapAnonymous(start, length: length, protection: protection, kind: .anonymous, shared: shared)
                : space.mapFile(start, length: length, protection: protection, shared: shared,
                                descriptor: descriptor, offset: Int64(bitPattern: offset))
            return error == 0 ? .success(start) : .failure(LinuxError(error))
        }
    }

    /// munmap(addr, length): the pages go back to reserved-and-inaccessible.
    func unmapMemory(_ a: SyscallArguments) -> SyscallResult {
        space.withLock {
            let start = a[0]
            guard start % AddressSpace.pageSize == 0, a[1] > 0, let length = AddressSpace.pageUp(a[1]),
                  space.inWindow(start, length: length) else { return .failure(.EINVAL) }
            invalidateCode(start, start + length)
            space.unmap(start, length: length)
            return .success(0)
        }
    }

    /// mprotect(addr, length, prot): ENOMEM if part of the range is unmapped.
    func protectMemory(_ a: SyscallArguments) -> SyscallResult {
        space.withLock {
            let start = a[0]
            guard start % AddressSpace.pageSize == 0, a[2] & ~7 == 0 else { return .failure(.EINVAL) }
            guard let length = AddressSpace.pageUp(a[1]) else { return .failure(.ENOMEM) }
            if length == 0 { return .success(0) }
            guard space.inWindow(start, length: length) else { return .failure(.ENOMEM) }
            invalidateCode(start, start + length)
            let error = space.protect(start, length: length, protection: MemoryProtection(rawValue: a[2]))
            return error == 0 ? .success(0) : .failure(LinuxError(error))
        }
    }

    /// mremap(2) for private anonymous mappings (what realloc uses) and shrinking any mapping. Growing
    /// extends in place when the pages after are free, else moves (with MREMAP_MAYMOVE) by copying.
    func remapMemory(_ a: SyscallArguments) -> SyscallResult {
        space.withLock {
            let mayMove: UInt64 = 1, fixed: UInt64 = 2
            let old = a[0], flags = a[3], newAddress = a[4]
            guard old % AddressSpace.pageSize == 0, flags & ~(mayMove | fixed) == 0,
                  flags & fixed == 0 || flags & mayMove != 0 else { return .failure(.EINVAL) }
            guard let oldLength = AddressSpace.pageUp(a[1]), let newLength = AddressSpace.pageUp(a[2]), newLength > 0,
                  oldLength > 0 else { return .failure(.EINVAL) }
            guard space.inWindow(old, length: oldLength), let region = space.region(containing: old),
                  region.end >= old + oldLength else { return .failure(.EFAULT) }

            if flags & fixed == 0 {
                if newLength <= oldLength {
                    if newLength < oldLength {
                        invalidateCode(old + newLength, old + oldLength)
                        space.unmap(old + newLength, length: oldLength - newLength)
                    }
                    return .success(old)
                }
                // Grow in place when the pages after are free.
                if region.kind == .anonymous, space.inWindow(old, length: newLength),
                   space.isFree(old + oldLength, old + newLength) {
                    let error = space.mapAnonymous(old + oldLength, length: newLength - oldLength,
                                                   protection: region.protection, kind: .anonymous)
                    return error == 0 ? .success(old) : .failure(LinuxError(error))
                }
                guard flags & mayMove != 0 else { return .failure(.ENOMEM) }
            }
            guard region.kind == .anonymous else { return .failure(.EINVAL) }

            let target: UInt64
            if flags & fixed != 0 {
                guard newAddress % AddressSpace.pageSize == 0, newAddress >= LinuxProcess.minimumMapAddress,
                      space.inWindow(newAddress, length: newLength),
                      newAddress + newLength <= old || newAddress >= old + oldLength else { return .failure(.EINVAL) }
                target = newAddress
            } else {
                guard let free = space.findFreeRange(length: newLength) else { return .failure(.ENOMEM) }
                target = free
            }
            invalidateCode(target, target + newLength)
            // Map the target writable, copy, then give it the old protection.
            let error = space.mapAnonymous(target, length: newLength, protection: .readWrite, kind: .anonymous)
            guard error == 0 else { return .failure(LinuxError(error)) }
            let copied = Int(min(oldLength, newLength))
            if region.protection.hostProtection & PROT_READ == 0 {
                _ = space.protect(old, length: oldLength, protection: .read)
            }
            memory.hostAddress(target).copyMemory(from: memory.hostAddress(old), byteCount: copied)
            if region.protection != .readWrite {
                _ = space.protect(target, length: newLength, protection: region.protection)
            }
            invalidateCode(old, old + oldLength)
            space.unmap(old, length: oldLength)
            return .success(target)
        }
    }
}

