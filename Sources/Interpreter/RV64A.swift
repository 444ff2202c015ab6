// RV64A semantics (The RISC-V Instruction Set Manual, Volume I, chapter 8 "A Standard Extension for
// Atomic Instructions"). One hart per address space for now, so plain loads and stores are atomic;
// guest threads will need host atomic instructions here.
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
}
