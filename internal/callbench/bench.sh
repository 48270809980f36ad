#!/usr/bin/env bash
# The call benchmark of issue 10 (docs/BENCHMARKS.md, "Calls"):
#
#   internal/callbench/bench.sh [ROUNDS]      # default 8 rounds, about 4 minutes
#
# builds callbench and, when cargo is there and $CALLBENCH_RUST does not
# name a binary already, the Rust interop cell (testdata/interop/rkyv08,
# its "cell" binary, release build); then runs ROUNDS interleaved rounds of
# every row (one line per measurement on stderr) and prints the machine,
# the date and the table of medians and ratios. $CALLBENCH_D and
# $CALLBENCH_WARM set the timed and untimed time of each measurement
# (default 1s and 200ms).
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/callbench" .
rust=${CALLBENCH_RUST:-}
crate=../../testdata/interop/rkyv08
if [ -z "$rust" ] && [ -f "$crate/Cargo.toml" ] && command -v cargo >/dev/null; then
	echo "building the Rust cell ($crate)" >&2
	cargo build --quiet --release --locked --manifest-path "$crate/Cargo.toml" --bin cell >&2
	rust=$(cd "$crate" && pwd)/target/release/cell
fi
[ -n "$rust" ] || echo "no Rust cell: its rows are left out" >&2

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- ../.. || echo ' (modified)')"
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(go env GOVERSION) $(go env GOOS)/$(go env GOARCH)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: internal/callbench/bench.sh $rounds (callbench run -rounds $rounds -d ${CALLBENCH_D:-1s} -warm ${CALLBENCH_WARM:-200ms}${rust:+ -rust }${rust:+rkyv08 cell})"
echo
"$tmp/callbench" run -rounds "$rounds" -d "${CALLBENCH_D:-1s}" -warm "${CALLBENCH_WARM:-200ms}" -rust "$rust"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
