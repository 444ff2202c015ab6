#!/usr/bin/env bash
# Checks the guest programs against the oracle, qemu-riscv64, the way Morph's tests run them:
# builds them (../build-guests.sh), runs each twice under qemu-riscv64 with the arguments from
# manifest.tsv, MORPH_TEST=hello, stdin from /dev/null and stdout captured, and reports
# whether the exit status matches the manifest, whether both runs printed the same bytes
# (determinism), the stdout size (limit 20 KB) and the wall time of one run (limit 0.3 s).
#
# Usage: Tests/Guest/linux/verify-with-qemu.sh [--count] [OUTDIR [NAME...]]
#   --count  also count executed guest instructions (qemu -singlestep -d exec,nochain; slow;
#            limit 50 million)
#   OUTDIR   build directory (default: a directory under ${TMPDIR:-/tmp})
#   NAME     programs to check (default: every line of manifest.tsv)
# Exit status: 0 when every checked program passes, 1 otherwise.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
count=0
if [[ "${1:-}" == "--count" ]]; then
    count=1
    shift
fi
out_dir="${1:-${TMPDIR:-/tmp}/morph-guests-verify}"
[[ $# -gt 0 ]] && shift
"$here/../build-guests.sh" "$out_dir" "$@" >/dev/null || exit 1
out_dir="$(cd "$out_dir" && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/morph-verify-XXXXXX")"
trap 'rm -rf "$work"' EXIT
failures=0
checked=0
# TAB is whitespace to `read`, so adjacent TABs (an empty args column) would merge: split on \037.
while IFS=$'\037' read -r name args expected note; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    if [[ $# -gt 0 ]]; then
        wanted=0
        for requested in "$@"; do [[ "$requested" == "$name" ]] && wanted=1; done
        [[ $wanted -eq 0 ]] && continue
    fi
    checked=$((checked + 1))
    eval "argv=($args)" # the manifest quotes arguments like a shell command line
    binary="$out_dir/$name"
    start=$(date +%s%N)
    (cd "$work" && MORPH_TEST=hello qemu-riscv64 "$binary" "${argv[@]}" <"/dev/null" >"$work/$name.1" 2>/dev/null)
    status=$?
    end=$(date +%s%N)
    (cd "$work" && MORPH_TEST=hello qemu-riscv64 "$binary" "${argv[@]}" <"/dev/null" >"$work/$name.2" 2>/dev/null)
    status2=$?
    size=$(wc -c <"$work/$name.1")
    milliseconds=$(((end - start) / 1000000))
    problems=""
    [[ "$status" == "$expected" ]] || problems+=" exit=$status(manifest $expected)"
    [[ "$status2" == "$status" ]] || problems+=" exit-differs-between-runs"
    cmp -s "$work/$name.1" "$work/$name.2" || problems+=" output-differs-between-runs"
    [[ $size -lt 20000 ]] || problems+=" output-too-large"
    [[ $milliseconds -lt 300 ]] || problems+=" slow"
    instructions="-"
    if [[ $count -eq 1 ]]; then
        instructions=$(cd "$work" && MORPH_TEST=hello qemu-riscv64 -singlestep -d exec,nochain -D /dev/fd/3 \
            "$binary" "${argv[@]}" 3>&1 >/dev/null 2>/dev/null </dev/null | grep -c '^Trace')
        [[ $instructions -lt 50000000 ]] || problems+=" too-many-instructions"
    fi
    if [[ -n "$problems" ]]; then
        failures=$((failures + 1))
        verdict="FAIL$problems"
    else
        verdict="ok"
    fi
    printf '%-20s exit=%-3s bytes=%-6s ms=%-4s instructions=%-9s %s\n' "$name" "$status" "$size" "$milliseconds" \
        "$instructions" "$verdict"
done < <(tr '\t' '\037' <"$here/manifest.tsv")
echo "$((checked - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
