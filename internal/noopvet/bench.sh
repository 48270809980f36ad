#!/usr/bin/env bash
# bench.sh: the vet pass's speed acceptance, measured side by side.
#
# Usage: internal/noopvet/bench.sh [ROUNDS [warm]]   (default 3 rounds, cold)
#
# It builds two vet tools from this repository, cellvet (./cmd/cellvet)
# and noopvet (./internal/noopvet, one analyzer that does nothing: the
# floor any vet tool pays), copies golang.org/x/tools v0.52.0 from the
# module cache (downloading it first if needed) to a temporary directory
# and downloads its dependencies, so that no download is timed. Then, for
# each round, it runs
#
#	GOCACHE=$(mktemp -d) go vet -vettool=noopvet ./...
#	GOCACHE=$(mktemp -d) go vet -vettool=cellvet ./...
#
# in the copy, each with a fresh, empty build cache (cold: both pay for
# compiling the export data of every package and its dependencies, as a
# first go vet on a machine or in CI does), timing the wall clock of each.
# It prints one line per round (seconds, and the cellvet/noop ratio) and
# the median ratio; the acceptance is a median ratio of at most 1.05.
# It also prints the CPU time (user+system of go vet and its children)
# of each run and the median CPU ratio, which a busy machine disturbs less.
#
# Both runs must exit 0 (x/tools does not use cellvet, so cellvet has
# nothing to report); the script fails otherwise, showing the output.
#
# With "warm", the build cache is filled once (a first go vet), and every
# round then runs only the vet tools: each round uses a copy of each tool
# with bytes appended (a new executable hash, so a new -V=full and no
# cached vet result), so the rounds time the tools' own work, which the
# compile noise of a cold cache hides.
#
# Environment: GOPROXY and GOFLAGS as configured (GOWORK is turned off);
# BENCH_KEEP=1 keeps the temporary directory and prints its path.
set -euo pipefail

rounds=${1:-3}
mode=${2:-cold}
version=v0.52.0
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
cleanup() {
	if [[ ${BENCH_KEEP:-} == 1 ]]; then
		echo "kept $work" >&2
		return
	fi
	chmod -R u+w "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
export GOWORK=off

# TOOLS_CGO_ENABLED=0 builds both tools static (cellvet links the net
# package, which with cgo makes it a dynamically linked executable that
# pays the dynamic loader in each of go vet's hundreds of tool runs).
(cd "$repo" && export CGO_ENABLED=${TOOLS_CGO_ENABLED:-$(go env CGO_ENABLED)} &&
	go build -o "$work/bin/noopvet" ./internal/noopvet && go build -o "$work/bin/cellvet" ./cmd/cellvet)
echo "tools built with CGO_ENABLED=${TOOLS_CGO_ENABLED:-$(go env CGO_ENABLED)}"
file "$work/bin/cellvet" | sed 's/, Go BuildID.*//; s/, BuildID.*//'

modcache=$(go env GOMODCACHE)
src=$modcache/golang.org/x/tools@$version
if [[ ! -d $src ]]; then
	(cd "$work" && go mod download golang.org/x/tools@$version)
fi
cp -r "$src" "$work/tools"
chmod -R u+w "$work/tools"
(cd "$work/tools" && go mod download)
npkgs=$(cd "$work/tools" && go list ./... | wc -l)

# now prints the wall clock in seconds.
now() { echo "$EPOCHREALTIME"; }

# vet TOOL runs go vet with TOOL over the copy with a fresh GOCACHE and
# prints the wall-clock seconds it took and the CPU seconds (user+system,
# go vet and every process it ran), which a busy machine inflates less.
vet() {
	local tool=$1 cache rc=0
	if [[ $mode == warm ]]; then
		cache=$work/gocache.warm
		# A copy with bytes appended runs the same and hashes differently.
		cp "$work/bin/$tool" "$work/bin/$tool.$r" && printf '%08d' "$r" >>"$work/bin/$tool.$r"
		tool=$tool.$r
	else
		cache=$(mktemp -d "$work/gocache.XXXXXX")
	fi
	(cd "$work/tools" && GOCACHE=$cache /usr/bin/time -f '%e %U %S' -o "$work/$tool.time" go vet -vettool="$work/bin/$tool" ./... >"$work/$tool.out" 2>&1) || rc=$?
	if [[ $mode != warm ]]; then
		chmod -R u+w "$cache" && rm -rf "$cache"
	fi
	if [[ $rc != 0 ]]; then
		echo "go vet -vettool=$tool exited $rc:" >&2
		cat "$work/$tool.out" >&2
		exit 1
	fi
	if [[ -s $work/$tool.out ]]; then
		echo "go vet -vettool=$tool printed output:" >&2
		cat "$work/$tool.out" >&2
		exit 1
	fi
	awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work/$tool.time"
}

echo "golang.org/x/tools@$version: $npkgs packages; $(go version); nproc $(nproc)"
if [[ $mode == warm ]]; then
	mkdir -p "$work/gocache.warm"
	(cd "$work/tools" && GOCACHE=$work/gocache.warm go vet -vettool="$work/bin/noopvet" ./... >/dev/null 2>&1)
	echo "mode: warm build cache, vet tools only"
fi
echo "load before: $(uptime)"
printf '%-6s %10s %10s %8s %10s %10s %8s\n' round noop_s cellvet_s ratio noop_cpu cellvet_cpu cpu_ratio
ratios=()
cpuratios=()
for ((r = 1; r <= rounds; r++)); do
	# Alternate which tool goes first, so that neither profits from
	# caches the other warmed.
	if ((r % 2)); then
		read -r n ncpu < <(vet noopvet)
		read -r c ccpu < <(vet cellvet)
	else
		read -r c ccpu < <(vet cellvet)
		read -r n ncpu < <(vet noopvet)
	fi
	ratio=$(awk -v c="$c" -v n="$n" 'BEGIN { printf "%.3f", c / n }')
	cpuratio=$(awk -v c="$ccpu" -v n="$ncpu" 'BEGIN { printf "%.3f", c / n }')
	ratios+=("$ratio")
	cpuratios+=("$cpuratio")
	printf '%-6s %10s %10s %8s %10s %10s %8s\n' "$r" "$n" "$c" "$ratio" "$ncpu" "$ccpu" "$cpuratio"
done
echo "load after: $(uptime)"
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "median cellvet/noop wall clock: $(median "${ratios[@]}") (acceptance: <= 1.05)"
echo "median cellvet/noop CPU time:   $(median "${cpuratios[@]}")"
