// The PLIC: RISC-V Platform-Level Interrupt Controller Specification, version 1.0.0 (chapter 3
// "Memory Map", chapters 4-9: priorities, pending bits, enables, thresholds, claim and completion),
// with the layout and sizes of QEMU's virt board: priorities at 0x0 (4 bytes per source), pending bits at
// 0x1000, enables at 0x2000 + 0x80 per context, threshold and claim/complete at 0x200000 + 0x1000 per
// context. Context 2h is hart h in M-mode, 2h + 1 hart h in S-mode. Inputs are level-sensitive, and each
// gateway forwards one request at a time: a claimed source is not pending again before its completion.

/// A PLIC with `sourceCount` inputs (source 0 does not exist) and `contextCount` contexts.
package final class PlatformLevelInterruptController: MemoryMappedDevice, InterruptSink {
    /// Offsets of the register banks.
    package static let priorityOffset: UInt64 = 0x0
    /// Pending bits, 32 sources per word.
    package static let pendingOffset: UInt64 = 0x1000
    /// Enable bits of context 0; each context has 0x80 bytes.
    package static let enableOffset: UInt64 = 0x2000
    /// Threshold of context 0; each context has 0x1000 bytes, claim/complete at +4.
    package static let contextOffset: UInt64 = 0x20_0000
    /// The window size on QEMU's virt board.
    package static let windowSize: UInt64 = 0x60_0000
    /// Priorities are 3 bits wide, as on QEMU's virt board (1 lowest, 7 highest, 0 never interrupts).
    package static let priorityMask: UInt32 = 7
    /// The number of sources of QEMU's virt board (riscv,ndev = 95: sources 1 to 95).
    package static let virtSourceCount = 96

    /// The device's name.
    package let name = "plic"
    /// The register window size.
    package let size = PlatformLevelInterruptController.windowSize
    /// Interrupt sources, including the nonexistent source 0.
    package let sourceCount: Int
    /// Interrupt targets.
    package let contextCount: Int

    private var priority: [UInt32]
    private var level: [Bool]
    private var pending: [Bool]
    private var claimed: [Bool]
    /// Enable bits per context, 32 sources per word.
    private var enable: [[UInt32]]
    private var threshold: [UInt32]

    /// Whether anything changed since the machine last looked (`takeChanged`).
    private var changed = true

    /// A PLIC with `sourceCount` inputs and `contextCount` contexts (QEMU's virt: 96 and 2 per hart).
    package init(sourceCount: Int = PlatformLevelInterruptController.virtSourceCount, contextCount: Int = 2) {
        precondition(sourceCount > 0 && sourceCount <= 1024 && contextCount > 0 && contextCount <= 15872)
        self.sourceCount = sourceCount
        self.contextCount = contextCount
        priority = Array(repeating: 0, count: sourceCount)
        level = Array(repeating: false, count: sourceCount)
        pending = Array(repeating: false, count: sourceCount)
        claimed = Array(repeating: false, count: sourceCount)
        enable = Array(repeating: Array(repeating: 0, count: (sourceCount + 31) / 32), count: contextCount)
        threshold = Array(repeating: 0, count: contextCount)
    }

    /// Sets the level of input `source` from its device: a high level makes the source pending unless
    /// its previous request is still being served (claimed and not completed); a low level withdraws a
    /// request not yet claimed.
    package func setLevel(source: Int, high: Bool) {
        guard source > 0, source < sourceCount else { return }
        level[source] = high
        let newPending = high && !claimed[source]
        if newPending != pending[source] {
            pending[source] = newPending
            changed = true
        }
    }

    /// Whether source `source` is enabled for `context`.
    private func isEnabled(_ source: Int, context: Int) -> Bool {
        enable[context][source / 32] >> UInt32(source % 32) & 1 != 0
    }

    /// The pending, enabled source of highest priority above the context's threshold (the lowest number
    /// among equals), or 0.
    private func bestSource(context: Int) -> Int {
        var best = 0
        var bestPriority = threshold[context]
        for source in 1..<sourceCount where pending[source] && priority[source] > bestPriority
            && isEnabled(source, context: context) {
            best = source
            bestPriority = priority[source]
        }
        return best
    }

    /// Whether context `context` has an interrupt to take (its hart's mip.MEIP or mip.SEIP).
    package func interruptPending(context: Int) -> Bool { bestSource(context: context) != 0 }

    /// Whether anything that affects `interruptPending` changed since the last call; clears the mark.
    package func takeChanged() -> Bool {
        defer { changed = false }
        return changed
    }

    /// Reads a register (32 bits wide; narrower reads see their part).
    package func read(offset: UInt64, width: Int) -> UInt64 {
        let word = read(word: offset & ~3)
        return (UInt64(word) >> ((offset & 3) * 8)) & (width >= 4 ? 0xffff_ffff : (1 << UInt64(width * 8)) - 1)
    }

    private func read(word offset: UInt64) -> UInt32 {
        typealias Controller = PlatformLevelInterruptController
        switch offset {
        case ..<Controller.pendingOffset:
            let source = Int(offset / 4)
            return source < sourceCount ? priority[source] : 0
        case Controller.pendingOffset..<Controller.enableOffset:
            return bits(of: pending, word: Int((offset - Controller.pendingOffset) / 4))
        case Controller.enableOffset..<Controller.contextOffset:
            let context = Int((offset - Controller.enableOffset) / 0x80), word = Int((offset & 0x7f) / 4)
            guard context < contextCount, word < enable[context].count else { return 0 }
            return enable[context][word]
        default:
            let context = Int((offset - Controller.contextOffset) / 0x1000)
            guard context < contextCount else { return 0 }
            switch offset & 0xfff {
            case 0: return threshold[context]
            case 4: return claim(context: context)
            default: return 0
            }
        }
    }

    /// "A successful claim will also atomically clear the corresponding pending bit on the interrupt
    /// source."
    private func claim(context: Int) -> UInt32 {
        let source = bestSource(context: context)
        if source != 0 {
            pending[source] = false
            claimed[source] = true
            changed = true
        }
        return UInt32(source)
    }

    private func bits(of flags: [Bool], word: Int) -> UInt32 {
        var value: UInt32 = 0
        for bit in 0..<32 where word * 32 + bit < flags.count && flags[word * 32 + bit] { value |= 1 << UInt32(bit) }
        return value
    }

    /// Writes a register (32-bit registers; an 8-byte write writes two).
    package func write(offset: UInt64, width: Int, value: UInt64) {
        if width == 8 {
            write(word: offset, value: UInt32(truncatingIfNeeded: value))
            write(word: offset + 4, value: UInt32(truncatingIfNeeded: value >> 32))
        } else if width == 4 {
            write(word: offset, value: UInt32(truncatingIfNeeded: value))
        } else {
            let old = read(word: offset & ~3)
            let merged = mergePart(UInt64(old), offset: offset & 3, width: width, value: value)
            // Sub-word writes of the claim register would claim; they are ignored.
            if offset < PlatformLevelInterruptController.contextOffset || offset & 0xfff < 4 {
                write(word: offset & ~3, value: UInt32(truncatingIfNeeded: merged))
            }
        }
    }

    private func write(word offset: UInt64, value: UInt32) {
        typealias Controller = PlatformLevelInterruptController
        changed = true
        switch offset {
        case ..<Controller.pendingOffset:
            let source = Int(offset / 4)
            if source > 0, source < sourceCount { priority[source] = value & Controller.priorityMask }
        case Controller.pendingOffset..<Controller.enableOffset:
            break  // Pending bits are read-only.
        case Controller.enableOffset..<Controller.contextOffset:
            let context = Int((offset - Controller.enableOffset) / 0x80), word = Int((offset & 0x7f) / 4)
            guard context < contextCount, word < enable[context].count else { return }
            // Source 0 does not exist; sources past the last one are not enabled.
            var mask = UInt32.max
            if word == 0 { mask &= ~1 }
            if (word + 1) * 32 > sourceCount { mask &= (1 << UInt32(sourceCount - word * 32)) &- 1 }
            enable[context][word] = value & mask
        default:
            let context = Int((offset - Controller.contextOffset) / 0x1000)
            guard context < contextCount else { return }
            switch offset & 0xfff {
            case 0: threshold[context] = value & Controller.priorityMask
            case 4: complete(source: Int(value), context: context)
            default: break
            }
        }
    }

    /// "If the completion ID does not match an interrupt source that is currently enabled for the target,
    /// the completion is silently ignored." After completion a source whose level is still high is
    /// pending again.
    private func complete(source: Int, context: Int) {
        guard source > 0, source < sourceCount, isEnabled(source, context: context), claimed[source] else { return }
        claimed[source] = false
        pending[source] = level[source]
    }
}
