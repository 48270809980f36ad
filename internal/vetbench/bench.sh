#!/usr/bin/env bash
# bench.sh: the vet pass's budget end to end, on a generated module
# (docs/BENCHMARKS.md, "Vet pass, end to end (generated module)").
#
# Usage: internal/vetbench/bench.sh [ROUNDS [cold|warm|both [REPO]]]   (default 4 rounds, both modes, this checkout)
#
# It builds the generator (./internal/vetbench) from this checkout and
# cellvet from REPO, the checkout being measured (static, CGO_ENABLED=0,
# as the README installs it), and writes into a temporary directory the
# module the generator makes (10 cells of 100 Rust types, 100 packages
# binding them and calling them; its go.mod replaces the runtime with
# REPO), pins each cell with "cellvet add CELL --schema schemas/CELL.rs"
# (so cell.lock is the real lock of 1,000 types) and completes go.mod.
# It prints the generator's wall time, the time of the ten adds and the
# lock's size.
#
# Then, per mode, internal/noopvet/bench.sh ROUNDS MODE MODULE runs
# "go vet -vettool=TOOL ./..." in the module, alternating cellvet (from
# REPO) and the no-op vet tool, and prints each round's wall and CPU
# time for both, the ratios and their medians: cold, a fresh GOCACHE and
# CELLVET_CACHE per run; warm, caches filled once and only the vet
# actions re-run (see that script). Any output or a non-zero exit of
# either tool fails the run: the generated code must be clean.
#
# Environment: SEED (default 1) is the generator's seed; BENCH_KEEP=1
# keeps the temporary directory.
set -euo pipefail

rounds=${1:-4}
modes=${2:-both}
here=$(cd "$(dirname "$0")/../.." && pwd)
repo=$(cd "${3:-$here}" && pwd)
seed=${SEED:-1}
case $modes in
both) modes="cold warm" ;;
cold | warm) ;;
*)
	echo "bench.sh: mode must be cold, warm or both, not $modes" >&2
	exit 2
	;;
esac
work=$(mktemp -d)
if [[ ${BENCH_KEEP:-} == 1 ]]; then
	echo "keeping $work" >&2
else
	trap 'rm -rf "$work"' EXIT
fi
export GOWORK=off

(cd "$here" && go build -o "$work/bin/vetbench" ./internal/vetbench)
(cd "$repo" && CGO_ENABLED=0 go build -o "$work/bin/cellvet" ./cmd/cellvet)
mod=$work/mod
t0=$EPOCHREALTIME
"$work/bin/vetbench" -seed "$seed" -repo "$repo" "$mod"
t1=$EPOCHREALTIME
cells=$(cd "$mod/schemas" && ls -- *.rs | sed 's/\.rs$//')
for c in $cells; do
	(cd "$mod" && CELLVET_CACHE=off "$work/bin/cellvet" add "$c" --schema "schemas/$c.rs" >/dev/null)
done
t2=$EPOCHREALTIME
(cd "$mod" && go list -mod=mod ./... >/dev/null)
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "generator (seed '"$seed"'): %.3f s; cellvet add of every cell: %.3f s\n", b - a, c - b }'
echo "module: $(echo "$cells" | wc -w) cells, $(grep -c '^\[\[cell.type\]\]' "$mod/cell.lock") types, cell.lock $(wc -c <"$mod/cell.lock") bytes;" \
	"$(cd "$mod" && go list ./... | wc -l) packages, $(cat "$mod"/p*/*.go | wc -l) lines of Go," \
	"$(cat "$mod"/p*/*.go | grep -c '//cell:type ') bound types, $(cat "$mod"/p*/*.go | grep -c 'cell\.Call\[') call sites"

for m in $modes; do
	echo
	TOOLS_CGO_ENABLED=0 BENCH_REPO=$repo "$here/internal/noopvet/bench.sh" "$rounds" "$m" "$mod"
done
