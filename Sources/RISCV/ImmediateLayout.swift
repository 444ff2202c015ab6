// Where immediate bits live in an instruction word. The RISC-V Instruction Set Manual, Volume I:
// figure 2.4 (I/S/B/U/J immediates) and chapter 16.3-16.5 (compressed immediates). The decoder and the
// encoder both use these descriptions, so they cannot disagree.

/// A run of instruction bits `sourceHigh...sourceLow` that lands at immediate bit `destinationLow`.
public struct BitPiece: Sendable {
    /// Highest instruction bit of the run.
    public let sourceHigh: Int
    /// Lowest instruction bit of the run.
    public let sourceLow: Int
    /// The immediate bit the lowest bit lands on.
    public let destinationLow: Int

    /// Creates a piece.
    public init(_ sourceHigh: Int, _ sourceLow: Int, to destinationLow: Int) {
        self.sourceHigh = sourceHigh
        self.sourceLow = sourceLow
        self.destinationLow = destinationLow
    }
}

/// The scattered bits of one immediate and whether its top bit is a sign.
public struct ImmediateLayout: Sendable {
    /// The pieces.
    public let pieces: [BitPiece]
    /// The immediate bit holding the sign, or `nil` for an unsigned immediate.
    public let signBit: Int?

    /// Assembles the immediate from an instruction word.
    public func extract(_ word: UInt32) -> Int32 {
        var value: UInt32 = 0
        for piece in pieces {
            let width = piece.sourceHigh - piece.sourceLow + 1
            let bits = (word >> UInt32(piece.sourceLow)) & ((1 << UInt32(width)) - 1)
            value |= bits << UInt32(piece.destinationLow)
        }
        guard let signBit else { return Int32(bitPattern: value) }
        let shift = UInt32(31 - signBit)
        return Int32(bitPattern: value << shift) >> Int32(shift)
    }

    /// Scatters `immediate` into instruction bits (the inverse of `extract` for representable values).
    public func insert(_ immediate: Int32) -> UInt32 {
        let value = UInt32(bitPattern: immediate)
        var word: UInt32 = 0
        for piece in pieces {
            let width = piece.sourceHigh - piece.sourceLow + 1
            let bits = (value >> UInt32(piece.destinationLow)) & ((1 << UInt32(width)) - 1)
            word |= bits << UInt32(piece.sourceLow)
        }
        return word
    }

    /// Whether `immediate` survives `insert` then `extract` unchanged.
    public func canEncode(_ immediate: Int32) -> Bool { extract(insert(immediate)) == immediate }
}

extension ImmediateFormat {
    /// The bit layout of this immediate format, or `nil` when there is no immediate.
    public var layout: ImmediateLayout? {
        switch self {
        case .none: nil
        case .i: ImmediateLayout(pieces: [BitPiece(31, 20, to: 0)], signBit: 11)
        case .s: ImmediateLayout(pieces: [BitPiece(31, 25, to: 5), BitPiece(11, 7, to: 0)], signBit: 11)
        case .b: ImmediateLayout(pieces: [BitPiece(31, 31, to: 12), BitPiece(30, 25, to: 5),
                                          BitPiece(11, 8, to: 1), BitPiece(7, 7, to: 11)], signBit: 12)
        case .u: ImmediateLayout(pieces: [BitPiece(31, 12, to: 12)], signBit: 31)
        case .j: ImmediateLayout(pieces: [BitPiece(31, 31, to: 20), BitPiece(30, 21, to: 1),
                                          BitPiece(20, 20, to: 11), BitPiece(19, 12, to: 12)], signBit: 20)
        case .shift6: ImmediateLayout(pieces: [BitPiece(25, 20, to: 0)], signBit: nil)
        case .shift5: ImmediateLayout(pieces: [BitPiece(24, 20, to: 0)], signBit: nil)
        case .csr, .fence: ImmediateLayout(pieces: [BitPiece(31, 20, to: 0)], signBit: nil)
        }
    }
}

extension CompressedFormat {
    /// The bit layout of this format's immediate, or `nil` when it has none.
    public var layout: ImmediateLayout? {
        switch self {
        case .ciw:
            ImmediateLayout(pieces: [BitPiece(12, 11, to: 4), BitPiece(10, 7, to: 6), BitPiece(6, 6, to: 2),
                                     BitPiece(5, 5, to: 3)], signBit: nil)
        case .clWord, .csWord:
            ImmediateLayout(pieces: [BitPiece(12, 10, to: 3), BitPiece(6, 6, to: 2), BitPiece(5, 5, to: 6)],
                            signBit: nil)
        case .clDouble, .csDouble:
            ImmediateLayout(pieces: [BitPiece(12, 10, to: 3), BitPiece(6, 5, to: 6)], signBit: nil)
        case .ci, .cbImmediate:
            ImmediateLayout(pieces: [BitPiece(12, 12, to: 5), BitPiece(6, 2, to: 0)], signBit: 5)
        case .ciShift, .cbShift:
            ImmediateLayout(pieces: [BitPiece(12, 12, to: 5), BitPiece(6, 2, to: 0)], signBit: nil)
        case .ciUpper:
            ImmediateLayout(pieces: [BitPiece(12, 12, to: 17), BitPiece(6, 2, to: 12)], signBit: 17)
        case .ciStackAdjust:
            ImmediateLayout(pieces: [BitPiece(12, 12, to: 9), BitPiece(6, 6, to: 4), BitPiece(5, 5, to: 6),
                                     BitPiece(4, 3, to: 7), BitPiece(2, 2, to: 5)], signBit: 9)
        case .ciLoadWordStack:
            ImmediateLayout(pieces: [BitPiece(12, 12, to: 5), BitPiece(6, 4, to: 2), BitPiece(3, 2, to: 6)],
                            signBit: nil)
        case .ciLoadDoubleStack:
            ImmediateLayout(pieces: [BitPiece(12, 12, to: 5), BitPiece(6, 5, to: 3), BitPiece(4, 2, to: 6)],
                            signBit: nil)
        case .cssWord:
            ImmediateLayout(pieces: [BitPiece(12, 9, to: 2), BitPiece(8, 7, to: 6)], signBit: nil)
        case .cssDouble:
            ImmediateLayout(pieces: [BitPiece(12, 10, to: 3), BitPiece(9, 7, to: 6)], signBit: nil)
        case .cj:
            ImmediateLayout(pieces: [BitPiece(12, 12, to: 11), BitPiece(11, 11, to: 4), BitPiece(10, 9, to: 8),
                                     BitPiece(8, 8, to: 10), BitPiece(7, 7, to: 6), BitPiece(6, 6, to: 7),
                                     BitPiece(5, 3, to: 1), BitPiece(2, 2, to: 5)], signBit: 11)
        case .cbBranch:
            ImmediateLayout(pieces: [BitPiece(12, 12, to: 8), BitPiece(11, 10, to: 3), BitPiece(6, 5, to: 6),
                                     BitPiece(4, 3, to: 1), BitPiece(2, 2, to: 5)], signBit: 8)
        case .ca, .cr: nil
        }
    }

    /// Where the format keeps its register fields: `(low bit, isPrime)` for rd, rs1 and rs2, where a
    /// prime field is 3 bits naming x8..x15.
    public var registerFields: (rd: (Int, Bool)?, rs1: (Int, Bool)?, rs2: (Int, Bool)?) {
        switch self {
        case .ciw, .clWord, .clDouble: ((2, true), (7, true), nil)
        case .csWord, .csDouble, .ca: (nil, (7, true), (2, true))
        case .cbShift, .cbImmediate, .cbBranch: (nil, (7, true), nil)
        case .ci, .ciStackAdjust, .ciUpper, .ciShift, .ciLoadWordStack, .ciLoadDoubleStack: ((7, false), nil, nil)
        case .cr: ((7, false), (7, false), (2, false))
        case .cssWord, .cssDouble: (nil, nil, (2, false))
        case .cj: (nil, nil, nil)
        }
    }
}
