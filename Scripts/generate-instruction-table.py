#!/usr/bin/env python3
"""Generates Sources/RISCV/InstructionTable.generated.swift and
Sources/Translator/InstructionDispatch.generated.swift from Scripts/instructions.txt.

Run from the package root: python3 Scripts/generate-instruction-table.py
The table file is the single source of truth for RV64GC encodings and for how the translator treats each
instruction; never edit the outputs by hand.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "Scripts" / "instructions.txt"
OUTPUT = ROOT / "Sources" / "RISCV" / "InstructionTable.generated.swift"
TRANSLATOR_OUTPUT = ROOT / "Sources" / "Translator" / "InstructionDispatch.generated.swift"
TRANSLATION_KINDS = {"straight", "transfer", "floatMemory", "floatComputation", "atomic", "floatControl",
                     "interpreter"}

REGISTER_NAMES = {"zero": 0, "ra": 1, "sp": 2}
FORMATS = {
    "CIW": "ciw", "CL.w": "clWord", "CL.d": "clDouble", "CS.w": "csWord", "CS.d": "csDouble",
    "CI": "ci", "CI.16sp": "ciStackAdjust", "CI.lui": "ciUpper", "CI.shamt": "ciShift",
    "CI.lwsp": "ciLoadWordStack", "CI.ldsp": "ciLoadDoubleStack", "CB.shamt": "cbShift",
    "CB.imm": "cbImmediate", "CB.branch": "cbBranch", "CA": "ca", "CJ": "cj", "CR": "cr",
    "CSS.w": "cssWord", "CSS.d": "cssDouble",
}
IMMEDIATES = {
    "imm12": "i", "simm12": "s", "bimm12": "b", "imm20": "u", "jimm20": "j",
    "shamt6": "shift6", "shamt5": "shift5", "csr": "csr", "pred": "fence",
}
FIELDS = [("rd", {"rd", "fd"}), ("rs1", {"rs1", "fs1", "zimm"}), ("rs2", {"rs2", "fs2"}),
          ("rs3", {"fs3"}), ("roundingMode", {"rm"}), ("ordering", {"aqrl"})]
EXTENSIONS = {"I": "rv64i", "M": "rv64m", "A": "rv64a", "F": "rv64f", "D": "rv64d", "C": "rv64c",
              "Zicsr": "zicsr", "Zifencei": "zifencei", "Privileged": "privileged"}


def swift_name(mnemonic):
    """fcvt.w.s -> fcvtWS, fcvt.wu.s -> fcvtWUS, c.addi4spn -> cAddi4spn, sfence.vma -> sfenceVma."""
    parts = mnemonic.split(".")
    if parts[0] == "c":
        return "c" + "".join(p[:1].upper() + p[1:] for p in parts[1:])
    return parts[0] + "".join(p.upper() if len(p) <= 2 else p[:1].upper() + p[1:] for p in parts[1:])


def bits(spec):
    """'31..25' or '12' -> (high, low)."""
    if ".." in spec:
        high, low = spec.split("..")
        return int(high), int(low)
    return int(spec), int(spec)


def field_mask(spec):
    mask = 0
    for part in spec.split("|"):
        high, low = bits(part)
        mask |= ((1 << (high - low + 1)) - 1) << low
    return mask


def fixed_fields(tokens, width):
    mask = match = 0
    for token in tokens:
        span, value = token.split("=")
        high, low = bits(span)
        size = high - low + 1
        value = int(value, 0)
        assert value < (1 << size), token
        assert high < width, token
        part = ((1 << size) - 1) << low
        assert mask & part == 0, f"overlapping fields in {tokens}"
        mask |= part
        match |= value << low
    return mask, match


def main():
    base, compressed, translations = [], [], {}
    for number, raw in enumerate(TABLE.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        name = words[0]
        if name == "translate":
            mnemonic, kind, call = words[1], words[2], line.split(None, 3)[3]
            if kind not in TRANSLATION_KINDS or mnemonic in translations:
                sys.exit(f"instructions.txt:{number}: bad or repeated translate line for {mnemonic}")
            translations[mnemonic] = (kind, call)
        elif name.startswith("c."):
            fmt, ext, expansion = words[1], words[2], words[3]
            fields = [w for w in words[4:] if "=" in w and not w.startswith(("nonzero:", "not:"))]
            constraints = []
            for w in words[4:]:
                if w.startswith("nonzero:"):
                    constraints.append((field_mask(w[8:]), 0))
                elif w.startswith("not:"):
                    span, value = w[4:].split("=")
                    high, low = bits(span)
                    constraints.append((field_mask(span), int(value, 0) << low))
            mask, match = fixed_fields(fields, 16)
            target, _, operands = expansion.partition(":")
            registers = {"rd": "none", "rs1": "none", "rs2": "none"}
            for operand in operands.split(","):
                if operand in ("", "-"):
                    continue
                register, _, source = operand.partition("=")
                if not source:
                    source = register
                if source in REGISTER_NAMES:
                    registers[register] = f".fixed({REGISTER_NAMES[source]})"
                else:
                    registers[register] = f".{source}Field"
            compressed.append(dict(name=name, format=FORMATS[fmt], ext=EXTENSIONS[ext], mask=mask,
                                   match=match, constraints=constraints, target=swift_name(target),
                                   registers=registers, line=number))
        else:
            operands, ext = words[1], words[2]
            mask, match = fixed_fields(words[3:], 32)
            immediate = "none"
            for token in re.split(r"[,()]", operands):
                if token in IMMEDIATES:
                    immediate = IMMEDIATES[token]
            tokens = set(re.split(r"[,()]", operands))
            fields = [field for field, names in FIELDS if tokens & names]
            base.append(dict(name=name, operands="" if operands == "-" else operands, fields=fields,
                             ext=EXTENSIONS[ext], mask=mask, match=match, immediate=immediate,
                             tokens=tokens))

    out = []
    emit = out.append
    emit("// GENERATED by Scripts/generate-instruction-table.py from Scripts/instructions.txt; do not edit.")
    emit("// The RISC-V Instruction Set Manual, Volume I, chapters 2-16 and 24 (opcode map); Volume II, 3.3.")
    emit("")
    emit("/// Every RV64GC base instruction, named after the manual (`fcvt.w.s` is `fcvtWS`).")
    emit("///")
    emit("/// Compressed instructions decode to one of these; their `c.*` name is kept in `CompressedOperation`.")
    emit("public enum Operation: UInt8, CaseIterable, Sendable {")
    emit("    /// An encoding that is not a valid RV64GC instruction.")
    emit("    case illegal = 0")
    for entry in base:
        emit(f"    /// `{entry['name']}`")
        emit(f"    case {swift_name(entry['name'])}")
    emit("}")
    emit("")
    emit("/// The compressed (RVC) form an instruction was decoded from, kept for disassembly and pc arithmetic.")
    emit("public enum CompressedOperation: UInt8, CaseIterable, Sendable {")
    emit("    /// A 32-bit instruction.")
    emit("    case none = 0")
    for entry in compressed:
        emit(f"    /// `{entry['name']}`")
        emit(f"    case {swift_name(entry['name'])}")
    emit("}")
    emit("")
    emit("extension InstructionTable {")
    emit("    /// The 32-bit encodings, in table order.")
    emit("    public static let encodings: [InstructionEncoding] = [")
    for entry in base:
        emit(f"        InstructionEncoding(operation: .{swift_name(entry['name'])}, mnemonic: \"{entry['name']}\", "
             f"operands: \"{entry['operands']}\", mask: 0x{entry['mask']:08x}, match: 0x{entry['match']:08x}, "
             f"fields: [{', '.join('.' + f for f in entry['fields'])}], immediate: .{entry['immediate']}, instructionExtension: .{entry['ext']}),")
    emit("    ]")
    emit("")
    emit("    /// The 16-bit encodings, in table order, with the base instruction each expands to.")
    emit("    public static let compressedEncodings: [CompressedEncoding] = [")
    for entry in compressed:
        constraints = ", ".join(f"EncodingConstraint(mask: 0x{m:04x}, forbidden: 0x{v:04x})"
                                for m, v in entry["constraints"])
        r = entry["registers"]
        emit(f"        CompressedEncoding(operation: .{swift_name(entry['name'])}, mnemonic: \"{entry['name']}\", "
             f"mask: 0x{entry['mask']:04x}, match: 0x{entry['match']:04x}, constraints: [{constraints}], "
             f"format: .{entry['format']}, expandsTo: .{entry['target']}, "
             f"rd: {r['rd'] if r['rd'].startswith('.') else '.' + r['rd']}, "
             f"rs1: {r['rs1'] if r['rs1'].startswith('.') else '.' + r['rs1']}, "
             f"rs2: {r['rs2'] if r['rs2'].startswith('.') else '.' + r['rs2']}),")
    emit("    ]")
    emit("}")
    emit("")
    OUTPUT.write_text("\n".join(out))
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(base)} base, {len(compressed)} compressed encodings")
    write_translator_dispatch(base, translations)


def case_list(names):
    """`case .a, .b, ...:` lines wrapped at about 110 columns."""
    lines, current = [], "        case "
    for index, name in enumerate(names):
        item = "." + swift_name(name) + (":" if index == len(names) - 1 else ",")
        if len(current) + len(item) + 1 > 110 and current.strip() != "case":
            lines.append(current.rstrip())
            current = "             "
        current += item + " "
    lines.append(current.rstrip())
    return lines


def write_translator_dispatch(base, translations):
    names = [entry["name"] for entry in base]
    missing = [name for name in names if name not in translations]
    unknown = [name for name in translations if name not in names]
    if missing or unknown:
        sys.exit(f"instructions.txt: translate lines missing for {missing}, for unknown instructions {unknown}")
    out = []
    emit = out.append
    emit("// GENERATED by Scripts/generate-instruction-table.py from Scripts/instructions.txt; do not edit.")
    emit("// How the translator treats each RV64GC base instruction: its translation kind, its emitter and the")
    emit("// integer registers it reads and writes (from the table's operand columns), for block-local register")
    emit("// allocation. The RISC-V Instruction Set Manual, Volume I, chapters 2-12.")
    emit("import Interpreter")
    emit("import MorphCore")
    emit("import RISCV")
    emit("")
    emit("extension BlockEmitter {")
    emit("    /// How `instruction` is translated in `mode`.")
    emit("    static func kind(of instruction: Instruction, mode: ExecutionMode) -> TranslationKind {")
    emit("        switch instruction.operation {")
    results = {
        "straight": ".straightLine",
        "transfer": ".transfer",
        "floatMemory": "mode == .user ? .straightLine : .interpreter",
        "floatComputation": "mode == .user ? .straightLine : .interpreter",
        "atomic": "translatesAtomic(instruction) ? .straightLine : .interpreter",
        "floatControl": "mode == .user && TranslatorHelpers.isFloatingPointControl(instruction) ? .straightLine : .interpreter",
    }
    for kind in ["straight", "transfer", "floatMemory", "floatComputation", "atomic", "floatControl"]:
        group = [name for name in names if translations[name][0] == kind]
        if not group:
            continue
        out.extend(case_list(group))
        emit(f"            return {results[kind]}")
    emit("        default:")
    emit("            return .interpreter")
    emit("        }")
    emit("    }")
    emit("")
    emit("    /// Emits the current instruction (one `kind` says is translated).")
    emit("    mutating func emit(_ i: Instruction) {")
    emit("        switch i.operation {")
    calls = {}
    for name in names:
        kind, call = translations[name]
        if kind != "interpreter":
            calls.setdefault(call, []).append(name)
    for call, group in calls.items():
        out.extend(case_list(group))
        emit(f"            {call}")
    emit("        default:")
    emit("            fallback()")
    emit("        }")
    emit("    }")
    emit("")
    emit("    /// The integer registers `instruction` reads and writes, or nil when it must run with the guest")
    emit("    /// registers where the block convention keeps them (it may call a helper that reads the hart state,")
    emit("    /// or the interpreter runs it).")
    emit("    static func registerUse(of instruction: Instruction) -> RegisterUse? {")
    emit("        let i = instruction")
    emit("        switch i.operation {")
    signatures = {}
    for entry in base:
        kind = translations[entry["name"]][0]
        if kind in ("floatComputation", "floatControl", "interpreter"):
            continue
        reads = [field for field in ("rs1", "rs2") if field in entry["tokens"]]
        writes = "rd" in entry["tokens"]
        signatures.setdefault((tuple(reads), writes), []).append(entry["name"])
    for (reads, writes), group in signatures.items():
        out.extend(case_list(group))
        read_bits = " | ".join(f"bit(i.{field})" for field in reads) or "0"
        write_bits = "bit(i.rd)" if writes else "0"
        emit(f"            return RegisterUse(reads: {read_bits}, writes: {write_bits})")
    emit("        default:")
    emit("            return nil")
    emit("        }")
    emit("    }")
    emit("}")
    emit("")
    TRANSLATOR_OUTPUT.write_text("\n".join(out))
    print(f"wrote {TRANSLATOR_OUTPUT.relative_to(ROOT)}: {len(names)} instructions")


if __name__ == "__main__":
    sys.exit(main())
