// Memory operands and labels. Intel 64 and IA-32 Architectures Software Developer's Manual, Volume 2,
// section 2.1.5 (tables 2-2 and 2-3: ModR/M and SIB addressing forms) and section 2.2.1.6 ("RIP-Relative
// Addressing": ModR/M mod = 00, r/m = 101 means [RIP + disp32] in 64-bit mode). The byte encoding itself is in
// Assembler.swift (`emitModRM`).

/// A position in an `Assembler`'s buffer, created unbound by `Assembler.newLabel()` and bound once with
/// `Assembler.bind(_:)`. Branches and RIP-relative operands may refer to it before it is bound.
public struct Label: Hashable, Sendable {
    /// The index of the label in its assembler.
    let identifier: Int
}

/// A memory operand: `[base + index * scale + displacement]` or `[rip + label + displacement]`.
public struct MemoryOperand: Sendable {
    /// How the address is formed.
    enum Address: Sendable {
        /// `[base + index * scale + displacement]`; `scale` is 1, 2, 4 or 8.
        case registers(base: Register, index: Register?, scale: UInt8)
        /// `[rip + displacement]`, where the displacement is the distance to `label` plus `displacement`.
        case ripRelative(Label)
    }

    /// How the address is formed.
    let address: Address
    /// The constant part of the address.
    let displacement: Int32

    /// `[base + displacement]`.
    public static func base(_ base: Register, _ displacement: Int32 = 0) -> MemoryOperand {
        MemoryOperand(address: .registers(base: base, index: nil, scale: 1), displacement: displacement)
    }

    /// `[base + index * scale + displacement]`. The index cannot be rsp: SIB index 100 without REX.X
    /// means "no index" (table 2-3).
    public static func baseIndex(_ base: Register, _ index: Register, scale: UInt8 = 1,
                                 _ displacement: Int32 = 0) -> MemoryOperand {
        precondition(index != .rsp, "rsp cannot be an index register")
        precondition([1, 2, 4, 8].contains(scale), "the scale is 1, 2, 4 or 8")
        return MemoryOperand(address: .registers(base: base, index: index, scale: scale), displacement: displacement)
    }

    /// `[rip + (label - end of instruction) + displacement]`: the address of `label` plus `displacement`.
    public static func ripRelative(_ label: Label, _ displacement: Int32 = 0) -> MemoryOperand {
        MemoryOperand(address: .ripRelative(label), displacement: displacement)
    }

    /// The general-purpose registers this operand reads (base and index).
    public var registers: [Register] {
        switch address {
        case .registers(let base, let index, _): [base] + (index.map { [$0] } ?? [])
        case .ripRelative: []
        }
    }
}
