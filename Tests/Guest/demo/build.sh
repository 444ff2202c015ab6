#!/usr/bin/env bash
# Rebuilds the committed demo binary Tests/Guest/demo/mandelbrot.riscv64 from mandelbrot.c:
#   riscv64-linux-gnu-gcc -O2 -static mandelbrot.c, then riscv64-linux-gnu-strip (< 1 MB).
# The binary is committed on purpose, so that `morph run Tests/Guest/demo/mandelbrot.riscv64`
# works on a fresh machine without a cross compiler; run this script after editing the source
# and commit both. If the cross toolchain is missing it is installed with apt-get (through sudo
# when not root): apt-get install -y gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu
# Usage: Tests/Guest/demo/build.sh
set -euo pipefail

demo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cc=riscv64-linux-gnu-gcc
strip=riscv64-linux-gnu-strip

if ! command -v "$cc" >/dev/null 2>&1 || ! command -v "$strip" >/dev/null 2>&1; then
    runner=()
    if [[ "$(id -u)" != "0" ]]; then
        command -v sudo >/dev/null 2>&1 || { echo "demo/build.sh: $cc is missing and installing needs root" >&2; exit 1; }
        runner=(sudo)
    fi
    "${runner[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${runner[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu
fi

output="$demo_dir/mandelbrot.riscv64"
temporary="$output.tmp.$$"
trap 'rm -f "$temporary"' EXIT
"$cc" -O2 -static "$demo_dir/mandelbrot.c" -o "$temporary"
"$strip" --strip-all "$temporary"
mv -f "$temporary" "$output"
echo "demo/build.sh: built $output ($(wc -c <"$output") bytes)"
