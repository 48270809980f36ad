#!/usr/bin/env bash
# Measures with the real rkyv what cell's tests take as truth:
#   run.sh check   regenerate golden08.txt and golden07.txt and compare them
#                  with the committed files; run rkyv's validator on every
#                  hostile archive of TestHostile and check that it rejects
#                  each one cell rejects (all but "deep nesting", which
#                  rkyv's default validator accepts: cell caps depth)
#   run.sh update  rewrite the golden files
# Environment: CARGO_TARGET_DIR (default cell/testdata/rkyv/target).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/target}
mode=${1:-check}
case $mode in check | update) ;; *) echo "usage: run.sh check|update" >&2; exit 2 ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$mode" = check ]; then
	(cd "$root" && CELL_HOSTILE_OUT="$work/hostile.txt" go test -count=1 -run '^TestHostile$' ./cell/ >/dev/null)
fi
for v in 08 07; do
	# Both crates name their validator binary "check": run it before the
	# next build replaces it.
	cargo build --locked --quiet --manifest-path "$here/v$v/Cargo.toml" --bins
	"$CARGO_TARGET_DIR/debug/cellvet-oracle-rkyv$v" >"$work/golden$v.txt"
	if [ "$mode" = update ]; then
		cp "$work/golden$v.txt" "$here/golden$v.txt"
		continue
	fi
	if ! diff -u "$here/golden$v.txt" "$work/golden$v.txt"; then
		echo "golden$v.txt differs from what rkyv writes (run.sh update, then review)" >&2
		exit 1
	fi
	"$CARGO_TARGET_DIR/debug/check" <"$work/hostile.txt" >"$work/check$v.txt"
	echo "rkyv 0.${v#0} validator on cell's hostile archives: $(grep -c rejected "$work/check$v.txt") rejected, $(grep -c ACCEPTED "$work/check$v.txt") accepted"
	if grep ACCEPTED "$work/check$v.txt" | grep -v '^deep_nesting '; then
		echo "rkyv 0.${v#0} accepts archives that cell rejects (above)" >&2
		exit 1
	fi
done
