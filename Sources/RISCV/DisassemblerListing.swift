// A whole-program listing in the layout of GNU objdump's `-d -M no-aliases` (binutils 2.40): section
// headers, a `<symbol>:` label where each symbol starts, one line per instruction with the raw parcels,
// `...` for runs of zero bytes, `<symbol+0x…>` after branch targets and ` # address <symbol>` comments
// after address sequences. The symbol choice mirrors objdump's (objdump.c: `compare_symbols`,
// `find_symbol_for_address`, `disassemble_section`, `disassemble_bytes`); the golden test compares whole
// listings with objdump's.

/// Builds objdump-style listings from sections and symbols (the caller reads them from an ELF file).
public struct DisassemblerListing: Sendable {
    /// A section to disassemble.
    public struct Section: Sendable {
        /// The section name (`.text`).
        public let name: String
        /// The address of its first byte.
        public let address: UInt64
        /// Its bytes.
        public let bytes: [UInt8]

        /// Creates a section.
        public init(name: String, address: UInt64, bytes: [UInt8]) {
            self.name = name
            self.address = address
            self.bytes = bytes
        }
    }

    /// A symbol of the program, as objdump classifies it.
    public struct Symbol: Sendable {
        /// What the symbol names.
        public enum Kind: Sendable {
            /// `STT_FUNC` or `STT_GNU_IFUNC`.
            case function
            /// `STT_OBJECT` or `STT_COMMON`.
            case object
            /// `STT_FILE`.
            case file
            /// `STT_SECTION`.
            case section
            /// Anything else (`STT_NOTYPE`, `STT_TLS`).
            case other
        }

        /// The symbol's binding.
        public enum Binding: Sendable {
            /// `STB_LOCAL`.
            case local
            /// `STB_GLOBAL`.
            case global
            /// `STB_WEAK` or another binding.
            case other
        }

        /// The name (for a section symbol, the section's name).
        public let name: String
        /// The address.
        public let value: UInt64
        /// `st_size`.
        public let size: UInt64
        /// The type.
        public let kind: Kind
        /// The binding.
        public let binding: Binding
        /// The name of the section it is defined in (`*ABS*` for absolute symbols); `nil` for undefined and
        /// common symbols, which a listing never shows.
        public let sectionName: String?

        /// Creates a symbol.
        public init(name: String, value: UInt64, size: UInt64, kind: Kind, binding: Binding, sectionName: String?) {
            self.name = name
            self.value = value
            self.size = size
            self.kind = kind
            self.binding = binding
            self.sectionName = sectionName
        }

        /// objdump's `riscv_symbol_is_valid`: mapping symbols (`$x`, `$d`, `$xrv64i…`) and the assembler's
        /// fake label never name an address.
        var isValid: Bool {
            name != ".L0 " && !isMappingSymbol
        }

        /// Whether this is a mapping symbol (`riscv_elf_is_mapping_symbols`).
        var isMappingSymbol: Bool {
            name == "$x" || name == "$d" || name.hasPrefix("$xrv")
        }
    }

    /// The symbols objdump keeps for disassembly (`remove_useless_symbols`).
    private let symbols: [Symbol]
    /// The value of `__global_pointer$`, which `gp`-relative comments use.
    public let globalPointer: UInt64?

    /// Whether the file is relocatable (`ET_REL`): objdump then prefers symbols of the section an address
    /// falls in, even over closer ones.
    public let isRelocatable: Bool

    /// Creates a listing builder over the program's symbols.
    public init(symbols: [Symbol], isRelocatable: Bool = false) {
        self.isRelocatable = isRelocatable
        self.symbols = symbols.filter { symbol in
            guard !symbol.name.isEmpty, symbol.sectionName != nil else { return false }
            let significant = symbol.name.hasPrefix(".plt") || symbol.name.hasPrefix(".got")
            return (symbol.kind != .file && symbol.kind != .section) || significant
        }
        globalPointer = self.symbols.last { $0.name == "__global_pointer$" }?.value
    }

    /// The listing of `sections` (in order), headed by `fileName` like objdump's.
    public func text(fileName: String, sections: [Section], fileFormat: String = "elf64-littleriscv") -> String {
        var output = "\n\(fileName):     file format \(fileFormat)\n\n"
        // Like objdump's disassembler state, this carries over from one section to the next.
        var state = ListingState(tracker: DisassemblerAddressTracker(globalPointer: globalPointer), chunkSize: 1)
        for section in sections {
            appendSection(section, state: &state, to: &output)
        }
        return output
    }

    /// What objdump's disassembler remembers between instructions.
    private struct ListingState {
        /// Pending `lui`/`auipc` values for the address comments.
        var tracker: DisassemblerAddressTracker
        /// The raw-column chunk size of the last instruction (2 or 4), which data lines reuse.
        var chunkSize: Int
    }

    // MARK: Symbols

    /// The symbols sorted the way objdump sorts them while disassembling `sectionName`.
    private func sorted(for sectionName: String) -> [Symbol] {
        symbols.sorted { DisassemblerListing.order($0, $1, sectionName: sectionName) < 0 }
    }

    /// objdump's `compare_symbols`: by value, then symbols of the current section, then useful before
    /// compiler markers and file names, functions before objects before the rest, global before local,
    /// larger before smaller, names not starting with `.` first, then by name.
    private static func order(_ a: Symbol, _ b: Symbol, sectionName: String) -> Int {
        if a.value != b.value { return a.value > b.value ? 1 : -1 }
        func prefer(_ first: Bool, _ second: Bool) -> Int? {
            first == second ? nil : (first ? -1 : 1)
        }
        let compiled: (Symbol) -> Bool = { $0.name.contains("gnu_compiled") || $0.name.contains("gcc2_compiled") }
        let fileLike: (Symbol) -> Bool = {
            $0.kind == .file || ($0.name.utf8.count > 2 && ($0.name.hasSuffix(".o") || $0.name.hasSuffix(".a")))
        }
        if let result = prefer(a.sectionName == sectionName, b.sectionName == sectionName) { return result }
        if let result = prefer(!compiled(a), !compiled(b)) { return result }
        if let result = prefer(!fileLike(a), !fileLike(b)) { return result }
        if let result = prefer(a.kind != .file, b.kind != .file) { return result }
        if let result = prefer(a.kind != .section, b.kind != .section) { return result }
        if let result = prefer(a.kind == .function, b.kind == .function) { return result }
        if let result = prefer(a.kind == .object, b.kind == .object) { return result }
        if let result = prefer(a.binding != .local, b.binding != .local) { return result }
        if let result = prefer(a.binding == .global, b.binding == .global) { return result }
        let sizeA = a.kind == .section ? 0 : a.size, sizeB = b.kind == .section ? 0 : b.size
        if sizeA != sizeB { return sizeA > sizeB ? -1 : 1 }
        if let result = prefer(!a.name.hasPrefix("."), !b.name.hasPrefix(".")) { return result }
        if a.name == b.name { return 0 }
        return a.name.utf8.lexicographicallyPrecedes(b.name.utf8) ? -1 : 1
    }

    /// objdump's `find_symbol_for_address` for an executable: the index of the symbol that names
    /// `address` while disassembling `sectionName`.
    private static func symbolIndex(for address: UInt64, in sorted: [Symbol], section: Section,
                                    isRelocatable: Bool) -> Int? {
        let sectionName = section.name
        guard !sorted.isEmpty else { return nil }
        var low = 0, high = sorted.count
        while low + 1 < high {
            let middle = (low + high) / 2
            if sorted[middle].value > address {
                high = middle
            } else if sorted[middle].value < address {
                low = middle
            } else {
                low = middle
                break
            }
        }
        var place = low
        while place > 0 && sorted[place].value == sorted[place - 1].value { place -= 1 }
        // Prefer a symbol of the current section among those with the same value.
        var candidate = place
        while candidate < high && sorted[candidate].value == sorted[place].value {
            if sorted[candidate].sectionName == sectionName && sorted[candidate].isValid { return candidate }
            candidate += 1
        }
        // In a relocatable file an address inside this section must be named by a symbol of this section.
        let wantSection = isRelocatable && address >= section.address
            && address - section.address < UInt64(section.bytes.count)
        func isAcceptable(_ index: Int) -> Bool {
            sorted[index].isValid && (!wantSection || sorted[index].sectionName == sectionName)
        }
        if !isAcceptable(place) {
            var newPlace: Int?
            var index = candidate - 1
            while index >= 0 {
                if isAcceptable(index) {
                    if let chosen = newPlace, sorted[index].value != sorted[chosen].value { break }
                    newPlace = index
                }
                index -= 1
            }
            if let newPlace {
                place = newPlace
            } else if let later = (place + 1..<sorted.count).first(where: isAcceptable) {
                place = later
            }
            if !isAcceptable(place) { return nil }
        }
        return place
    }

    /// `hex <symbol+0x…>`, objdump's `objdump_print_addr_with_sym`.
    private static func describe(_ address: UInt64, symbol: Symbol?, sectionName: String, sectionAddress: UInt64,
                                 fullWidth: Bool) -> String {
        let value = fullWidth ? hexadecimal(address, width: 16) : String(address, radix: 16)
        let (rawName, base) = symbol.map { ($0.name, $0.value) } ?? (sectionName, sectionAddress)
        let name = sanitized(rawName)
        if address == base { return "\(value) <\(name)>" }
        if base > address { return "\(value) <\(name)-0x\(String(base - address, radix: 16))>" }
        return "\(value) <\(name)+0x\(String(address - base, radix: 16))>"
    }

    /// objdump's `sanitize_string`: a control character prints as `^` and its letter (`\u{2}` as `^B`).
    private static func sanitized(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 < 0x20 }) else { return name }
        var bytes: [UInt8] = []
        for byte in name.utf8 {
            if byte < 0x20 { bytes += [UInt8(ascii: "^"), byte + 0x40] } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Sections

    private func appendSection(_ section: Section, state: inout ListingState, to output: inout String) {
        // objdump says nothing about an empty section.
        guard !section.bytes.isEmpty else { return }
        output += "\nDisassembly of section \(section.name):\n"
        let sorted = sorted(for: section.name)
        let name = section.name
        let end = UInt64(section.bytes.count)
        let addressWidth = DisassemblerListing.addressColumnWidth(end: section.address &+ end,
                                                                  sectionAddress: section.address)
        let printAddress: (UInt64) -> String = { address in
            if sorted.isEmpty { return "0x" + String(address, radix: 16) }
            let index = DisassemblerListing.symbolIndex(for: address, in: sorted, section: section,
                                                        isRelocatable: isRelocatable)
            return DisassemblerListing.describe(address, symbol: index.map { sorted[$0] }, sectionName: name,
                                                sectionAddress: section.address, fullWidth: false)
        }
        // Mapping symbols (psABI "Mapping Symbol"): `$d` starts data inside code, `$x…` code again.
        let mapping = sorted.filter { $0.sectionName == name && $0.isMappingSymbol }
            .map { (address: $0.value, isData: $0.name == "$d") }
        var offset: UInt64 = 0
        var symbolIndex = DisassemblerListing.symbolIndex(for: section.address, in: sorted, section: section,
                                                          isRelocatable: isRelocatable)
        var place = symbolIndex ?? 0
        while offset < end {
            let address = section.address &+ offset
            let symbol = symbolIndex.map { sorted[$0] }
            output += "\n" + DisassemblerListing.describe(address, symbol: symbol, sectionName: name,
                                                          sectionAddress: section.address, fullWidth: true) + ":\n"
            // The next symbol of this section starts the next region.
            var nextIndex: Int?
            if let symbol, symbol.value > address {
                nextIndex = symbolIndex
            } else if let symbol {
                while place < sorted.count
                    && !(sorted[place].sectionName == name && sorted[place].value > symbol.value
                         && sorted[place].isValid) {
                    place += 1
                }
                nextIndex = place < sorted.count ? place : nil
            }
            var stop = end
            if let symbol, symbol.value > address {
                stop = symbol.value &- section.address
            } else if let nextIndex {
                stop = sorted[nextIndex].value &- section.address
            }
            if stop > end || stop <= offset { stop = end }
            // objdump dumps the bytes of an object symbol in a code section without disassembling them.
            let isData = symbol.map { $0.sectionName == name && $0.value <= address && $0.kind == .object
                && !$0.name.contains("gnu_compiled") && !$0.name.contains("gcc2_compiled") } ?? false
            appendBytes(of: section, from: Int(offset), to: Int(stop), isData: isData, mapping: mapping,
                        addressWidth: addressWidth, state: &state, printAddress: printAddress, to: &output)
            offset = stop
            symbolIndex = nextIndex
        }
    }

    /// objdump's `disassemble_bytes` for one region.
    private func appendBytes(of section: Section, from start: Int, to stop: Int, isData: Bool,
                             mapping: [(address: UInt64, isData: Bool)], addressWidth: Int,
                             state: inout ListingState, printAddress: (UInt64) -> String,
                             to output: inout String) {
        let bytes = section.bytes
        var offset = start
        while offset < stop {
            // More than 8 zero bytes, or fewer than 3 up to the end of the region, print as `...`.
            var zeroEnd = offset
            while zeroEnd < stop && bytes[zeroEnd] == 0 { zeroEnd += 1 }
            let zeros = zeroEnd - offset
            if zeros >= 8 || (zeroEnd == stop && zeros > 0 && zeros < 3) {
                // With more bytes to follow, skip only multiples of 4 so an instruction is not split.
                offset += zeroEnd == stop ? zeros : zeros & ~3
                output += "\t...\n"
                continue
            }
            let address = section.address &+ UInt64(offset)
            let column = DisassemblerListing.addressColumn(address, width: addressWidth)
            if isData {
                // 16 bytes a line in the chunk size of the last instruction, then the printable characters.
                let length = min(16, stop - offset)
                let piece = bytes[offset..<(offset + length)]
                let characters = piece.map { (0x20...0x7e).contains($0) ? Character(UnicodeScalar($0)) : "." }
                output += column + ":\t" + DisassemblerListing.rawColumn(piece, chunk: state.chunkSize, lineBytes: 16)
                    + "    " + String(characters) + "\n"
                offset += length
                continue
            }
            // Data marked by `$d`: objdump prints it in units of up to 4 bytes, cut at the next mapping
            // symbol and the end of the section (a 3-byte unit becomes 2).
            if let last = mapping.last(where: { $0.address <= address }), last.isData {
                var size = 4
                if let next = mapping.first(where: { $0.address > address }) {
                    size = Int(min(UInt64(size), next.address - address))
                }
                size = min(size, bytes.count - offset, stop - offset)
                if size == 3 { size = 2 }
                let piece = bytes[offset..<(offset + size)]
                let value = piece.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let directive = [1: ".byte", 2: ".short", 4: ".word"][size] ?? ".byte"
                output += column + ":\t"
                    + DisassemblerListing.rawColumn(piece, chunk: size, lineBytes: size == 1 ? 6 : 8)
                    + "\t" + directive + "\t0x" + DisassemblerListing.hexadecimal(value, width: 2 * size) + "\n"
                state.chunkSize = size
                offset += size
                continue
            }
            // An instruction that runs past the region is read as far as whole 16-bit parcels go.
            let halfword = UInt16(bytes[offset]) | UInt16(offset + 1 < stop ? bytes[offset + 1] : 0) << 8
            let length = Disassembler.encodingLength(firstHalfword: halfword)
            var parcels = Array(bytes[offset..<min(offset + length, stop)])
            if parcels.count % 2 == 1 { parcels.removeLast() }
            let available = parcels.count
            while parcels.count < length { parcels.append(0) }
            guard available >= 2, let (text, _) = Disassembler.text(ofBytes: parcels, at: address,
                                                                    formatAddress: printAddress) else {
                output += column + ":\t" + DisassemblerListing.rawColumn(bytes[offset..<stop], chunk: 2,
                                                                         lineBytes: 8) + "\t(bad)\n"
                return
            }
            var line = text
            if length <= 4 {
                let instruction = length == 2 ? Decoder.decodeCompressed(halfword)
                    : Decoder.decode(UInt32(halfword) | UInt32(parcels[2]) << 16 | UInt32(parcels[3]) << 24)
                let isData = length == 4 && Disassembler.isDataToObjdump(
                    UInt32(halfword) | UInt32(parcels[2]) << 16 | UInt32(parcels[3]) << 24)
                if !isData, let comment = state.tracker.comment(for: instruction, at: address) {
                    line += " # " + printAddress(comment)
                }
            }
            let shown = bytes[offset..<min(offset + length, stop)]
            let chunk = length % 4 == 0 ? 4 : 2
            state.chunkSize = chunk
            output += column + ":\t" + DisassemblerListing.rawColumn(shown.prefix(8), chunk: chunk, lineBytes: 8)
                + "\t" + line + "\n"
            // Parcels beyond the first eight bytes continue on lines of their own.
            var continuation = 8
            while continuation < shown.count {
                let piece = shown.dropFirst(continuation).prefix(8)
                output += DisassemblerListing.addressColumn(address &+ UInt64(continuation), width: addressWidth)
                    + ":\t" + piece.chunks(of: chunk).map { $0 + " " }.joined() + "\n"
                continuation += 8
            }
            offset += length
        }
    }

    // MARK: Columns

    /// The number of hexadecimal digits objdump shows in the address column of a section ending at `end`:
    /// the digits of the end address, rounded up to a multiple of 4 (`skip_addr_chars`).
    private static func addressColumnWidth(end: UInt64, sectionAddress: UInt64) -> Int {
        let digits = hexadecimal(end, width: 16)
        var skip = digits.prefix { $0 == "0" }.count
        if skip == 16 && sectionAddress != 0 { skip = 0 }
        if skip != 0 { skip = (skip - 1) & ~3 }
        return 16 - skip
    }

    /// The address, right-aligned with spaces in `width` columns (at least one digit).
    private static func addressColumn(_ address: UInt64, width: Int) -> String {
        let digits = String(address, radix: 16)
        if digits.count >= width { return String(digits.suffix(width)) }
        return String(repeating: " ", count: width - digits.count) + digits
    }

    /// The raw-bytes column: little-endian chunks of `chunk` bytes, each followed by a space, padded to
    /// `lineBytes` bytes' worth.
    private static func rawColumn(_ bytes: ArraySlice<UInt8>, chunk: Int, lineBytes: Int) -> String {
        var text = bytes.chunks(of: chunk).map { $0 + " " }.joined()
        var shown = bytes.count
        while shown < lineBytes {
            text += String(repeating: " ", count: 2 * chunk + 1)
            shown += chunk
        }
        return text
    }

    /// `value` in lower-case hexadecimal, zero-padded to `width` digits.
    private static func hexadecimal(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension ArraySlice<UInt8> {
    /// Groups of `size` bytes, each printed as one little-endian hexadecimal number (`0405`, `02b57553`).
    fileprivate func chunks(of size: Int) -> [String] {
        stride(from: startIndex, to: endIndex, by: size).map { start in
            // objdump prints nothing for a chunk cut short by the end of the region.
            guard start + size <= endIndex else { return "" }
            let piece = self[start..<(start + size)]
            return piece.reversed().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        }
    }
}
