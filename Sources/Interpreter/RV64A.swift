// RV64A semantics (The RISC-V Instruction Set Manual, Volume I, chapter 8 "A Standard Extension for
// Atomic Instructions"). In the flat window (Linux user mode, where guest threads are host threads) every
// AMO is one host atomic instruction or a compare-and-swap loop (CMorphSupport/MorphAtomics.h), and SC
// is a compare-and-swap against the value LR loaded: it fails when another thread changed the word in
// between (a store of the same value in between goes unnoticed, the ABA case that the "constrained LR/SC
// loops" of the manual's 8.3 tolerate; qemu does the same). Through address translation (system mode,
// one hart) plain loads and stores are atomic enough.
import CMorphSupport
import MorphCore
import RISCV

extension ExecutionContext {
    /// Performs an LR, SC or AMO. Returns nil on success, or the exception it raises:
    /// "For LR and SC, the A extension requires that the address held in rs1 be naturally aligned";
    /// likewise for AMOs. A misaligned LR raises a load exception, SC and AMOs a store/AMO exception.
    @inline(__always)
    func executeAtomic(_ i: Instruction) -> (ExceptionCause, UInt64)? {
        let address = x[Int(i.rs1)]
        let isWord: Bool
        switch i.operation {
        case .lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW,
             .amomaxuW: isWord = true
        default: isWord = false
        }
        let size: UInt64 = isWord ? 4 : 8
        let isLoadReserved = i.operation == .lrW || i.operation == .lrD
        if address & (size - 1) != 0 {
            return (isLoadReserved ? .loadAddressMisaligned : .storeAddressMisaligned, address)
        }
        let operand = x[Int(i.rs2)]
        if let flat = data as? FlatDataMemory {
            return executeHostAtomic(i, address: address, operand: operand, isWord: isWord, memory: flat)
        }
        switch i.operation {
        case .lrW, .lrD:
            let loaded = isWord ? load(address, as: Int32.self).map { UInt64(bitPattern: Int64($0)) }
                : load(address, as: UInt64.self)
            guard let loaded else { return data.fault(at: address, kind: .load) }
            state.pointee.reservation = address
            state.pointee.reservationValue = loaded
            x[Int(i.rd)] = loaded
            return nil
        case .scW, .scD:
            // "Regardless of success or failure, executing an SC instruction invalidates any
            // reservation held by this hart."
            // It succeeds only if memory still holds what lr loaded (as the translator's compare-and-swap
            // does): a store to the reserved word since then, of another value, makes it fail.
            var succeeded = state.pointee.reservation == address
            state.pointee.reservation = HartState.noReservation
            if succeeded {
                // The width of the sc is compared (an lr.d then sc.w compares the low word). An unreadable
                // word leaves it to the store below to raise the fault.
                let current = isWord ? load(address, as: UInt32.self).map { UInt64($0) } : load(address, as: UInt64.self)
                let expected = isWord ? state.pointee.reservationValue & 0xffff_ffff : state.pointee.reservationValue
                if let current, current != expected { succeeded = false }
            }
            if succeeded {
                let stored = isWord ? store(UInt32(truncatingIfNeeded: operand), at: address)
                    : store(operand, at: address)
                guard stored else { return data.fault(at: address, kind: .store) }
            }
            x[Int(i.rd)] = succeeded ? 0 : 1
            return nil
        default: break
        }
        // An AMO reads and writes: it needs write permission before it reads ("store/AMO" faults).
        let loaded = isWord ? data.loadForUpdate(address, as: Int32.self).map { UInt64(bitPattern: Int64($0)) }
            : data.loadForUpdate(address, as: UInt64.self)
        guard let old = loaded else { return data.fault(at: address, kind: .store) }
        let new: UInt64
        switch i.operation {
        case .amoswapW, .amoswapD: new = operand
        case .amoaddW, .amoaddD: new = old &+ operand
        case .amoxorW, .amoxorD: new = old ^ operand
        case .amoandW, .amoandD: new = old & operand
        case .amoorW, .amoorD: new = old | operand
        case .amominW: new = Int32(truncatingIfNeeded: old) < Int32(truncatingIfNeeded: operand) ? old : operand
        case .amomaxW: new = Int32(truncatingIfNeeded: old) > Int32(truncatingIfNeeded: operand) ? old : operand
        case .amominuW: new = UInt32(truncatingIfNeeded: old) < UInt32(truncatingIfNeeded: operand) ? old : operand
        case .amomaxuW: new = UInt32(truncatingIfNeeded: old) > UInt32(truncatingIfNeeded: operand) ? old : operand
        case .amominD: new = Int64(bitPattern: old) < Int64(bitPattern: operand) ? old : operand
        case .amomaxD: new = Int64(bitPattern: old) > Int64(bitPattern: operand) ? old : operand
        case .amominuD: new = old < operand ? old : operand
        default: new = old > operand ? old : operand  // amomaxu.d
        }
        let stored = isWord ? store(UInt32(truncatingIfNeeded: new), at: address) : store(new, at: address)
        guard stored else { return data.fault(at: address, kind: .store) }
        x[Int(i.rd)] = old
        return nil
    }

    /// LR, SC and the AMOs in the flat window with host atomics. The address is aligned; one outside the
    /// window faults as the access would, and a page without permission faults in the host (the fault
    /// guard turns that into the guest's signal at this instruction, whose pc the run loop stored).
    @inline(__always)
    private func executeHostAtomic(_ i: Instruction, address: UInt64, operand: UInt64, isWord: Bool,
                                   memory: FlatDataMemory) -> (ExceptionCause, UInt64)? {
        let isLoadReserved = i.operation == .lrW || i.operation == .lrD
        let offset = address &- memory.guestBase
        guard offset <= memory.size &- (isWord ? 4 : 8) else {
            return memory.fault(at: address, kind: isLoadReserved ? .load : .store)
        }
        let host = memory.memory + Int(truncatingIfNeeded: offset)
        switch i.operation {
        case .lrW, .lrD:
            let loaded = isWord ? UInt64(bitPattern: Int64(Int32(bitPattern: morph_atomic_load_32(host))))
                : morph_atomic_load_64(host)
            state.pointee.reservation = address
            state.pointee.reservationValue = loaded
            x[Int(i.rd)] = loaded
            return nil
        case .scW, .scD:
            // "Regardless of success or failure, executing an SC instruction invalidates any
            // reservation held by this hart."
            let reserved = state.pointee.reservation == address
            state.pointee.reservation = HartState.noReservation
            var succeeded = false
            if reserved {
                // At the SC's width against what LR loaded (an lr.d then sc.w compares the low word), as
                // the translator's lock cmpxchg does: a store in between of another value, by another
                // thread or by this hart, makes it fail.
                let expected = state.pointee.reservationValue
                succeeded = isWord
                    ? morph_atomic_compare_exchange_32(host, UInt32(truncatingIfNeeded: expected),
                                                       UInt32(truncatingIfNeeded: operand))
                    : morph_atomic_compare_exchange_64(host, expected, operand)
            }
            x[Int(i.rd)] = succeeded ? 0 : 1
            return nil
        default: break
        }
        let fetchOperation: UInt32? = switch i.operation {
        case .amoswapW, .amoswapD: 0
        case .amoaddW, .amoaddD: 1
        case .amoxorW, .amoxorD: 2
        case .amoandW, .amoandD: 3
        case .amoorW, .amoorD: 4
        default: nil
        }
        if let fetchOperation {
            let old = isWord
                ? UInt64(bitPattern: Int64(Int32(bitPattern: morph_atomic_fetch_32(
                    host, fetchOperation, UInt32(truncatingIfNeeded: operand)))))
                : morph_atomic_fetch_64(host, fetchOperation, operand)
            x[Int(i.rd)] = old
            return nil
        }
        // min/max: compare-and-swap until no other writer came between the load and the store.
        while true {
            let old = isWord ? UInt64(bitPattern: Int64(Int32(bitPattern: morph_atomic_load_32(host))))
                : morph_atomic_load_64(host)
            let new: UInt64 = switch i.operation {
            case .amominW: Int32(truncatingIfNeeded: old) < Int32(truncatingIfNeeded: operand) ? old : operand
            case .amomaxW: Int32(truncatingIfNeeded: old) > Int32(truncatingIfNeeded: operand) ? old : operand
            case .amominuW: UInt32(truncatingIfNeeded: old) < UInt32(truncatingIfNeeded: operand) ? old : operand
            case .amomaxuW: UInt32(truncatingIfNeeded: old) > UInt32(truncatingIfNeeded: operand) ? old : operand
            case .amominD: Int64(bitPattern: old) < Int64(bitPattern: operand) ? old : operand
            case .amomaxD: Int64(bitPattern: old) > Int64(bitPattern: operand) ? old : operand
            case .amominuD: old < operand ? old : operand
            default: old > operand ? old : operand  // amomaxu.d
            }
            let swapped = isWord
                ? morph_atomic_compare_exchange_32(host, UInt32(truncatingIfNeeded: old), UInt32(truncatingIfNeeded: new))
                : morph_atomic_compare_exchange_64(host, old, new)
            if swapped {
                x[Int(i.rd)] = old
                return nil
            }
        }
    }
}
