// Block-local register allocation (see ../shared/guide/PERFORMANCE.md, technique 3): between blocks the
// guest registers follow one convention (GuestRegisterMap: nine pinned in host registers, the rest in the
// hart state); inside a block a guest register the block uses again may take one of the nine host
// registers from a pinned register the block does not need soon, so that code with more live registers
// than the pinned set (sha256's rounds) keeps them in host registers instead of reading and writing the
// hart state around every instruction.
//
// Every way out of the block restores the convention first: the block's final jump or branch (before
// it, in the hot path: direct exits are chained straight into the next block), every exit from cold code
// (`exit` restores from the state the cold code was registered in), and every guest access that may
// fault in the host (its fault site gets a landing pad that restores, then goes to the fault exit).
// Instructions that may call a helper (floating-point computation and control) run under the convention
// as well.
import RISCV
import X86

/// Which guest register each allocatable host register holds at one point of a block.
struct RegisterCache: Equatable {
    /// The guest register in each host register of `pool` (by position there; 0: none).
    var holder: [UInt8]
    /// Whether the value in each host register is newer than its hart-state slot (non-pinned holders).
    var dirty: [Bool]
    /// The position in `pool` of each guest register's host register, or -1.
    var location: [Int8]

    /// The allocatable host registers with the guest register the convention keeps in each: the nine
    /// pinned registers, then rcx and rdx, which hold nothing between blocks and are lent only around
    /// instructions whose emitters do not use them as scratch (`leavesScratchAlone`).
    static let pool: [(guest: Int, host: Register)] = GuestRegisterMap.pinned + [(0, .rcx), (0, .rdx)]

    /// The positions of rcx and rdx in `pool`.
    static let scratchPositions = GuestRegisterMap.pinned.count..<pool.count

    /// The convention: every pinned register at home, rcx and rdx empty.
    static let convention: RegisterCache = {
        var location = [Int8](repeating: -1, count: 32)
        for (position, entry) in GuestRegisterMap.pinned.enumerated() { location[entry.guest] = Int8(position) }
        return RegisterCache(holder: pool.map { UInt8($0.guest) },
                             dirty: [Bool](repeating: false, count: pool.count),
                             location: location)
    }()

    /// Whether the emitter of `operation` leaves rcx and rdx alone (uses only rax and the registers it
    /// is given), so that they may hold guest registers across it. Loads qualify only with rd != x0
    /// (a load into x0 goes to rcx).
    static func leavesScratchAlone(_ instruction: Instruction) -> Bool {
        switch instruction.operation {
        case .lui, .auipc, .addi, .xori, .ori, .andi, .addiw, .slli, .srli, .srai, .slliw, .srliw, .sraiw,
             .add, .sub, .xor, .or, .and, .addw, .subw, .fence:
            return true
        case .lb, .lh, .lw, .ld, .lbu, .lhu, .lwu:
            return instruction.rd != 0
        default:
            return false
        }
    }

    /// Uses in the rest of a block that make a register worth a pinned register's place.
    static let usesToDisplacePinned = 4
    /// The most uses a pinned register may have in the rest of the block and still lose its place (it
    /// comes back with one load, as it would at the block's exit anyway).
    static let pinnedUsesToDisplace = 1

    /// Whether every host register holds its pinned guest register.
    var isConvention: Bool { self == RegisterCache.convention }

    /// The host register holding guest register `index`, if any.
    func host(of index: UInt8) -> Register? {
        guard index != 0, index < 32 else { return nil }
        let position = location[Int(index)]
        return position < 0 ? nil : RegisterCache.pool[Int(position)].host
    }
}

/// The integer registers an instruction reads and writes (bit per register), for the allocator's next-use
/// decisions (`BlockEmitter.registerUse(of:)`, generated from the instruction table).
struct RegisterUse {
    /// Registers read.
    var reads: UInt32
    /// Registers written.
    var writes: UInt32
}

extension BlockEmitter {
    /// The bit of integer register `index` in a `RegisterUse` mask (none for x0).
    static func bit(_ index: UInt8) -> UInt32 { index == 0 || index >= 32 ? 0 : 1 << UInt32(index) }

    /// The next instruction after `position` that reads or writes guest register `index` (Int.max: none
    /// before the block ends or an instruction that runs under the convention).
    func nextUse(of index: UInt8, after position: Int) -> Int {
        var next = position + 1
        while next < registerUses.count {
            guard let use = registerUses[next] else { return Int.max }
            if (use.reads | use.writes) & (1 << UInt32(index)) != 0 { return next }
            next += 1
        }
        return Int.max
    }

    /// The instructions from `position` on that read or write guest register `index` (up to the end of
    /// the block or an instruction that runs under the convention).
    func uses(of index: UInt8, from position: Int) -> Int {
        var count = 0, next = position
        while next < registerUses.count, let use = registerUses[next] {
            if (use.reads | use.writes) & (1 << UInt32(index)) != 0 { count += 1 }
            next += 1
        }
        return count
    }

    /// Emits what brings the registers back to the convention from `registerCache`: dirty non-pinned
    /// values to their slots, then each host register's pinned guest back from its slot. Leaves the
    /// cache at the convention.
    mutating func restoreConvention() {
        guard !registerCache.isConvention else { return }
        for (position, entry) in RegisterCache.pool.enumerated() {
            let holder = registerCache.holder[position]
            if holder != UInt8(entry.guest), holder != 0, registerCache.dirty[position] {
                assembler.mov(GuestRegisterMap.slot(Int(holder)), entry.host)
            }
        }
        for (position, entry) in GuestRegisterMap.pinned.enumerated()
        where registerCache.holder[position] != UInt8(entry.guest) {
            assembler.mov(entry.host, GuestRegisterMap.slot(entry.guest))
        }
        registerCache = .convention
    }

    /// Frees host register `position` for another guest register: its pinned guest goes to its slot,
    /// a dirty non-pinned holder to its own.
    private mutating func evict(_ position: Int) {
        let holder = registerCache.holder[position]
        let host = RegisterCache.pool[position].host
        if holder != 0 {
            let isHome = holder == UInt8(RegisterCache.pool[position].guest)
            if isHome || registerCache.dirty[position] { assembler.mov(GuestRegisterMap.slot(Int(holder)), host) }
            registerCache.location[Int(holder)] = -1
        }
        registerCache.holder[position] = 0
        registerCache.dirty[position] = false
    }

    /// Puts guest register `index` into host register `position` (evicting its holder), loading its value
    /// when `load`.
    private mutating func place(_ index: UInt8, at position: Int, load: Bool) {
        evict(position)
        if load { assembler.mov(RegisterCache.pool[position].host, GuestRegisterMap.slot(Int(index))) }
        registerCache.holder[position] = index
        registerCache.location[Int(index)] = Int8(position)
    }

    /// Chooses the registers of the current instruction before it is emitted: pinned operands come home,
    /// and a non-pinned operand or destination used again later in the block takes the host register
    /// whose holder is needed latest, if that is later than its own next use.
    mutating func allocateRegisters(for use: RegisterUse?, _ instruction: Instruction) {
        guard let use else { return restoreConvention() }
        // rcx and rdx are the emitter's scratch unless it leaves them alone: their holders go first.
        let scratchFree = RegisterCache.leavesScratchAlone(instruction)
        if !scratchFree {
            for position in RegisterCache.scratchPositions where registerCache.holder[position] != 0 { evict(position) }
        }
        let operands = use.reads | use.writes
        guard operands != 0 else { return }
        for index in UInt8(1)..<32 where operands & (1 << UInt32(index)) != 0 {
            guard registerCache.location[Int(index)] < 0 else { continue }
            let reads = use.reads & (1 << UInt32(index)) != 0
            let home = RegisterCache.convention.location[Int(index)]
            if home >= 0 {
                // A pinned register away from home: back home, its value loaded from its slot even when
                // the instruction only writes it (if it faults first, the exit stores the home register).
                place(index, at: Int(home), load: true)
                continue
            }
            let next = nextUse(of: index, after: self.index)
            guard next != Int.max else { continue }
            // Taking a pinned register's place costs a store now and a load when it comes back (at its
            // next use or the block's exit): only for a register used often enough in the rest of the
            // block, and only from a pinned register the rest of the block uses at most once.
            let worthEvictingPinned = uses(of: index, from: self.index) >= RegisterCache.usesToDisplacePinned
            // The victim: the host register, not holding an operand of this instruction, whose holder is
            // needed latest (and later than this register).
            var victim = -1, victimNext = next
            let candidates = scratchFree ? RegisterCache.pool.indices : GuestRegisterMap.pinned.indices
            for position in candidates {
                let holder = registerCache.holder[position]
                if holder != 0, operands & (1 << UInt32(holder)) != 0 { continue }
                let holderNext = holder == 0 ? Int.max : nextUse(of: holder, after: self.index)
                if holder != 0, holder == UInt8(RegisterCache.pool[position].guest),
                   !worthEvictingPinned || uses(of: holder, from: self.index + 1) > RegisterCache.pinnedUsesToDisplace {
                    continue
                }
                if holderNext > victimNext { victim = position; victimNext = holderNext }
            }
            guard victim >= 0 else { continue }
            place(index, at: victim, load: reads)
        }
    }

    /// Records that the emitter wrote guest register `index` in its host register.
    mutating func markWritten(_ index: UInt8) {
        guard index != 0, index < 32 else { return }
        let position = registerCache.location[Int(index)]
        // A pinned register at home is where the convention keeps it: never dirty.
        if position >= 0, RegisterCache.pool[Int(position)].guest != Int(index) {
            registerCache.dirty[Int(position)] = true
        }
    }
}
