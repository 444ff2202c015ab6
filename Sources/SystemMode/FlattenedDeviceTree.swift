// A writer of flattened device-tree blobs (Devicetree Specification, release v0.4, chapter 5
// "Flattened Devicetree (DTB) Format": 5.2 header, 5.3 memory reservation block, 5.4 structure block,
// 5.5 strings block; chapter 2.2 for node names and the standard property value types).

/// One node of a device tree: a name (`name@unit-address`), properties in order, children in order.
public struct DeviceTreeNode: Sendable {
    /// The node name with its unit address; empty for the root.
    public var name: String
    /// Properties, in the order they are written.
    public var properties: [(name: String, value: [UInt8])] = []
    /// Child nodes, in order.
    public var children: [DeviceTreeNode] = []

    /// A node with no properties or children yet.
    public init(_ name: String) {
        self.name = name
    }

    /// Adds a property with raw bytes as its value.
    public mutating func set(_ property: String, bytes: [UInt8]) {
        properties.append((property, bytes))
    }

    /// Adds an empty property (`interrupt-controller;`).
    public mutating func set(_ property: String) { set(property, bytes: []) }

    /// Adds a string property.
    public mutating func set(_ property: String, _ string: String) { set(property, strings: [string]) }

    /// Adds a string-list property (each string NUL-terminated).
    public mutating func set(_ property: String, strings: [String]) {
        set(property, bytes: strings.flatMap { Array($0.utf8) + [0] })
    }

    /// Adds a property of 32-bit big-endian cells.
    public mutating func set(_ property: String, cells: [UInt32]) {
        set(property, bytes: cells.flatMap { DeviceTreeNode.bigEndian($0) })
    }

    /// Adds a property of 64-bit values, each as two cells (`reg` with #address-cells = #size-cells = 2).
    public mutating func set(_ property: String, doubleCells: [UInt64]) {
        set(property, cells: doubleCells.flatMap { [UInt32($0 >> 32), UInt32(truncatingIfNeeded: $0)] })
    }

    /// Adds a child node.
    public mutating func add(_ child: DeviceTreeNode) { children.append(child) }

    /// The big-endian bytes of a 32-bit value.
    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }

    /// The value of property `property`, if the node has it.
    public func value(of property: String) -> [UInt8]? {
        properties.first { $0.name == property }?.value
    }

    /// The child named `name`, if any.
    public func child(named name: String) -> DeviceTreeNode? {
        children.first { $0.name == name }
    }
}

/// Serializes a device tree into a DTB (version 17, last compatible version 16).
public struct FlattenedDeviceTree {
    /// The magic number at the start of every blob.
    public static let magic: UInt32 = 0xd00d_feed
    /// Structure block tokens (5.4.1).
    static let beginNode: UInt32 = 1, endNode: UInt32 = 2, property: UInt32 = 3, end: UInt32 = 9
    /// The header's size: ten 32-bit fields.
    static let headerSize = 40

    /// The blob of `root`, with the memory reservations `reservations` (address, size) and
    /// `boot_cpuid_phys` = `bootHart`. `padding` free bytes follow the blob inside its `totalsize`, so
    /// that firmware can add nodes in place (OpenSBI does).
    public static func blob(root: DeviceTreeNode, reservations: [(address: UInt64, size: UInt64)] = [],
                            bootHart: UInt32 = 0, padding: Int = 0) -> [UInt8] {
        var strings: [UInt8] = []
        var stringOffsets: [String: UInt32] = [:]
        var structure: [UInt8] = []

        func append(_ value: UInt32, to bytes: inout [UInt8]) { bytes += DeviceTreeNode.bigEndian(value) }
        func pad(_ bytes: inout [UInt8]) { while bytes.count % 4 != 0 { bytes.append(0) } }
        func offset(of name: String) -> UInt32 {
            if let known = stringOffsets[name] { return known }
            let offset = UInt32(strings.count)
            strings += Array(name.utf8) + [0]
            stringOffsets[name] = offset
            return offset
        }
        func emit(_ node: DeviceTreeNode) {
            append(beginNode, to: &structure)
            structure += Array(node.name.utf8) + [0]
            pad(&structure)
            for (name, value) in node.properties {
                append(property, to: &structure)
                append(UInt32(value.count), to: &structure)
                append(offset(of: name), to: &structure)
                structure += value
                pad(&structure)
            }
            node.children.forEach(emit)
            append(endNode, to: &structure)
        }
        emit(root)
        append(end, to: &structure)

        // Header, then the memory reservation block (8-byte aligned), structure, strings.
        let reservationOffset = (headerSize + 7) & ~7
        var reservationBlock: [UInt8] = []
        for (address, size) in reservations + [(0, 0)] {
            append(UInt32(address >> 32), to: &reservationBlock)
            append(UInt32(truncatingIfNeeded: address), to: &reservationBlock)
            append(UInt32(size >> 32), to: &reservationBlock)
            append(UInt32(truncatingIfNeeded: size), to: &reservationBlock)
        }
        let structureOffset = reservationOffset + reservationBlock.count
        let stringsOffset = structureOffset + structure.count
        let totalSize = (stringsOffset + strings.count + padding + 7) & ~7
        var blob: [UInt8] = []
        for field in [magic, UInt32(totalSize), UInt32(structureOffset), UInt32(stringsOffset),
                      UInt32(reservationOffset), 17, 16, bootHart, UInt32(strings.count), UInt32(structure.count)] {
            append(field, to: &blob)
        }
        blob += reservationBlock + structure + strings
        blob += [UInt8](repeating: 0, count: totalSize - blob.count)
        return blob
    }
}
