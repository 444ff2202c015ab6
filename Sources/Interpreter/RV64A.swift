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
        let old: UInt64
        if isWord {
            guard let value = load(address, as: Int32.self) else {
                return (isLoadReserved ? .loadAccessFault : .storeAccessFault, address)
            }
            old = UInt64(bitPattern: Int64(value))
        } else {
            guard let value = load(address, as: UInt64.self) else {
                return (isLoadReserved ? .loadAccessFault : .storeAccessFault, address)
            }
            old = value
        }
        let operand = x[Int(i.rs2)]
        let new: UInt64
        switch i.operation {
        case .lrW, .lrD:
            state.pointee.reservation = address
            x[Int(i.rd)] = old
            return nil
        case .scW, .scD:
            // "Regardless of success or failure, executing an SC instruction invalidates any
            // reservation held by this hart."
            let succeeded = state.pointee.reservation == address
            state.pointee.reservation = HartState.noReservation
            if succeeded {
                _ = isWord ? store(UInt32(truncatingIfNeeded: operand), at: address) : store(operand, at: address)
            }
            x[Int(i.rd)] = succeeded ? 0 : 1
            return nil
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
        _ = isWord ? store(UInt32(truncatingIfNeeded: new), at: address) : store(new, at: address)
        x[Int(i.rd)] = old
        return nil
    }
}
