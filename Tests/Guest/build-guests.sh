#!/usr/bin/env bash
# Builds the Linux user-mode guest programs (Tests/Guest/linux/*.c, *.cc) into static riscv64
# ELF executables, for Morph's `morph run` tests, which compare each program under Morph with
# qemu-riscv64 (see Tests/Guest/linux/manifest.tsv).
#
# Usage: Tests/Guest/build-guests.sh OUTDIR [NAME...]
#   OUTDIR  where the executables go, one per program, named after the source file without its
#           extension (linux/printf_int.c -> OUTDIR/printf_int). Created if missing.
#   NAME    optional program names to build (default: every program in linux/).
#
# C sources:   riscv64-linux-gnu-gcc -O2 -static -pthread SOURCE -o OUT -lm
# C++ sources: riscv64-linux-gnu-g++ -O2 -static -pthread SOURCE -o OUT
# (-pthread also links libatomic, which the 8- and 16-bit __atomic builtins need on riscv64.)
# An output newer than its source, this script and linux/riscv_encode.h is up to date and skipped. Each output
# is written to a temporary name first and renamed, so an interrupted build never leaves a
# truncated executable that looks up to date.
# If a cross compiler (or qemu-riscv64, the tests' oracle) is missing, they are installed with
# apt-get (through sudo when not root):
#   apt-get update && apt-get install -y gcc-riscv64-linux-gnu g++-riscv64-linux-gnu libc6-riscv64-cross \
#       libstdc++6-riscv64-cross qemu-user
# Environment: CC_RISCV64 / CXX_RISCV64 override the compiler commands.
# Exit status: 0 when every requested program is built or up to date, 1 otherwise, 2 on usage errors.
set -euo pipefail

script_path="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
source_dir="$(dirname "$script_path")/linux"

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$script_path"
    [[ $# -lt 1 ]] && exit 2 || exit 0
fi
out_dir="$1"
shift

cc="${CC_RISCV64:-riscv64-linux-gnu-gcc}"
cxx="${CXX_RISCV64:-riscv64-linux-gnu-g++}"

install_toolchain() {
    local runner=()
    if [[ "$(id -u)" != "0" ]]; then
        if command -v sudo >/dev/null 2>&1; then
            runner=(sudo)
        else
            echo "build-guests: $cc or $cxx is missing, and installing needs root (no sudo found)" >&2
            exit 1
        fi
    fi
    echo "build-guests: installing the riscv64 cross compilers and qemu-user with apt-get" >&2
    "${runner[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${runner[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
        gcc-riscv64-linux-gnu g++-riscv64-linux-gnu libc6-riscv64-cross libstdc++6-riscv64-cross qemu-user
}

if ! command -v "$cc" >/dev/null 2>&1 || ! command -v "$cxx" >/dev/null 2>&1; then
    if [[ -n "${CC_RISCV64:-}${CXX_RISCV64:-}" ]]; then
        echo "build-guests: compiler not found: $cc / $cxx (from CC_RISCV64 / CXX_RISCV64)" >&2
        exit 1
    fi
    install_toolchain
    if ! command -v "$cc" >/dev/null 2>&1 || ! command -v "$cxx" >/dev/null 2>&1; then
        echo "build-guests: $cc / $cxx still missing after apt-get install" >&2
        exit 1
    fi
elif ! command -v qemu-riscv64 >/dev/null 2>&1; then
    # Not needed to build, but the tests run every program under qemu-riscv64 as the oracle.
    (install_toolchain) || echo "build-guests: warning: qemu-riscv64 is missing and could not be installed" >&2
fi

mkdir -p "$out_dir"

# The list of sources: every .c/.cc in linux/, or the named ones.
sources=()
if [[ $# -gt 0 ]]; then
    for name in "$@"; do
        if [[ -f "$source_dir/$name.c" ]]; then
            sources+=("$source_dir/$name.c")
        elif [[ -f "$source_dir/$name.cc" ]]; then
            sources+=("$source_dir/$name.cc")
        else
            echo "build-guests: no program named '$name' in $source_dir" >&2
            exit 2
        fi
    done
else
    shopt -s nullglob
    sources=("$source_dir"/*.c "$source_dir"/*.cc)
    shopt -u nullglob
fi
if [[ ${#sources[@]} -eq 0 ]]; then
    echo "build-guests: no sources found in $source_dir" >&2
    exit 1
fi

built=0
skipped=0
failed=0
for source in "${sources[@]}"; do
    file="$(basename "$source")"
    name="${file%.*}"
    output="$out_dir/$name"
    if [[ -x "$output" && "$output" -nt "$source" && "$output" -nt "$script_path" && "$output" -nt "$source_dir/riscv_encode.h" ]]; then
        skipped=$((skipped + 1))
        continue
    fi
    temporary="$output.tmp.$$"
    case "$file" in
        *.cc) command=("$cxx" -O2 -static -pthread "$source" -o "$temporary") ;;
        *) command=("$cc" -O2 -static -pthread "$source" -o "$temporary" -lm) ;;
    esac
    if "${command[@]}"; then
        mv -f "$temporary" "$output"
        built=$((built + 1))
    else
        rm -f "$temporary"
        echo "build-guests: FAILED $file" >&2
        failed=$((failed + 1))
    fi
done

echo "build-guests: $built built, $skipped up to date, $failed failed (into $out_dir)"
[[ $failed -eq 0 ]]
