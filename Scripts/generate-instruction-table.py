#!/usr/bin/env python3
"""Generates Sources/RISCV/InstructionTable.generated.swift from Scripts/instructions.txt.

Run from the package root: python3 Scripts/generate-instruction-table.py
The table file is the single source of truth for RV64GC encodings; never edit the output by hand.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "Scripts" / "instructions.txt"
OUTPUT = ROOT / "Sources" / "RISCV" / "InstructionTable.generated.swift"

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
    base, compressed = [], []
    for number, raw in enumerate(TABLE.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        name = words[0]
        if name.startswith("c."):
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
                             ext=EXTENSIONS[ext], mask=mask, match=match, immediate=immediate))

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


if __name__ == "__main__":
    sys.exit(main())
