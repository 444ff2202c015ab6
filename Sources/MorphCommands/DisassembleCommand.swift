// `morph disasm`: the executable sections of a RISC-V ELF file, in the layout and text of GNU objdump's
// `-d -M no-aliases` (see ../shared/guide/ARCHITECTURE.md, "The command line").
import ArgumentParser
import ELF
import Glibc
import RISCV

/// The `disasm` subcommand.
struct DisassembleCommand: ParsableCommand {
    /// Command-line metadata.
    static let configuration = CommandConfiguration(
        commandName: "disasm",
        abstract: "Disassemble the executable sections of a RISC-V ELF file (like objdump -d -M no-aliases).")

    /// The ELF file to disassemble.
    @Argument(help: "The ELF file to disassemble.")
    var program: String

    /// Prints the listing to standard output, or one `morph: error:` line and exit status 1.
    func run() throws {
        let file: ELFFile
        do {
            file = try ELFFile(path: program)
        } catch {
            throw failure(error.description(for: program))
        }
        guard file.machine == ELFFile.machineRISCV else {
            throw failure("\(program): not a RISC-V ELF file (e_machine \(file.machine))")
        }
        let listing = DisassemblerListing(elf: file)
        var text = listing.text(fileName: program, sections: DisassemblerListing.executableSections(of: file))
        text.withUTF8 { buffer in
            var remaining = UnsafeRawBufferPointer(buffer)
            while !remaining.isEmpty {
                let written = write(1, remaining.baseAddress, remaining.count)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
            }
        }
    }
}

extension DisassemblerListing {
    /// A listing builder over the symbols of `file` (`.symtab`, else `.dynsym`), classified the way
    /// objdump's BFD library classifies ELF symbols.
    init(elf file: ELFFile) {
        let symbols = file.symbols.map { symbol -> DisassemblerListing.Symbol in
            let kind: DisassemblerListing.Symbol.Kind
            switch symbol.type {
            case .function, .indirectFunction: kind = .function
            case .object, .common: kind = .object
            case .file: kind = .file
            case .section: kind = .section
            default: kind = .other
            }
            let binding: DisassemblerListing.Symbol.Binding
            switch symbol.binding {
            case .local: binding = .local
            case .global: binding = .global
            default: binding = .other
            }
            var sectionName: String?
            switch symbol.sectionIndex {
            case ELF.Symbol.sectionIndexUndefined, ELF.Symbol.sectionIndexCommon: sectionName = nil
            case ELF.Symbol.sectionIndexAbsolute: sectionName = "*ABS*"
            default:
                let index = Int(symbol.sectionIndex)
                sectionName = index < file.sections.count ? file.sections[index].name : nil
            }
            // BFD names a section symbol after its section.
            let name = symbol.type == .section && symbol.name.isEmpty ? sectionName ?? "" : symbol.name
            return DisassemblerListing.Symbol(name: name, value: symbol.value, size: symbol.size, kind: kind,
                                              binding: binding, sectionName: sectionName)
        }
        self.init(symbols: symbols, isRelocatable: file.fileType == ELFFile.typeRelocatable)
    }

    /// The sections objdump `-d` disassembles: those with `SHF_EXECINSTR` and bytes in the file.
    static func executableSections(of file: ELFFile) -> [DisassemblerListing.Section] {
        file.sections.filter { $0.isExecutable && $0.hasFileContents }.map { section in
            DisassemblerListing.Section(name: section.name, address: section.address,
                                        bytes: Array(file.contents(of: section)))
        }
    }
}
