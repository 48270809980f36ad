#!/usr/bin/env bash
# bench.sh: the vet pass's speed acceptance, measured side by side.
#
# Usage: internal/noopvet/bench.sh [ROUNDS [cold|warm [DIR]]]   (default 3 rounds, cold, x/tools)
#
# It builds two vet tools, cellvet (./cmd/cellvet) and noopvet
# (./internal/noopvet, one analyzer that does nothing: the floor any vet
# tool pays), and vets a module with each: the module in DIR (its
# dependencies already downloaded; internal/vetbench/bench.sh passes its
# generated module), else a copy of golang.org/x/tools v0.52.0 from the
# module cache (downloaded first if needed) whose dependencies are
# downloaded before anything is timed. For each round it runs
#
#	GOCACHE=$(mktemp -d) CELLVET_CACHE=$(mktemp -d) go vet -vettool=noopvet ./...
#	GOCACHE=$(mktemp -d) CELLVET_CACHE=$(mktemp -d) go vet -vettool=cellvet ./...
#
# in the module, each with a fresh, empty build cache and cellvet cache
# (cold: both pay for compiling the export data of every package and its
# dependencies, as a first go vet on a machine or in CI does), timing the
# wall clock of each, in alternating order. It prints one line per round
# (seconds, and the cellvet/noop ratio) and the median ratio, and the CPU
# time (user+system of go vet and its children) of each run and the
# median CPU ratio, which a busy machine disturbs less.
#
# Every run must exit 0 and print nothing; the script fails otherwise,
# showing the output.
#
# With "warm", the build cache is filled once, by a go vet with a copy of
# noopvet with bytes appended (a tool ID no round uses), and kept as a
# snapshot; every run then gets a fresh copy of the snapshot (copied
# before the clock starts), so go vet compiles nothing and runs every vet
# action: the rounds time the vet tools' own work, which the compile noise
# of a cold cache hides. The tools and the lock are the same in every
# round, so cellvet's own cache (one CELLVET_CACHE for all warm runs,
# filled by a first cellvet run) stays warm, as in CI with a warm cache or
# in an editor. Before the rounds, a go vet -x with each tool on a copy
# checks that no compiler runs.
#
# Environment: TOOLS_CGO_ENABLED=0 builds both tools static; BENCH_REPO
# is the checkout cellvet is built from (default: this one; noopvet always
# comes from this one); GOPROXY and GOFLAGS as configured (GOWORK is
# turned off); BENCH_KEEP=1 keeps the temporary directory and prints its
# path.
set -euo pipefail

rounds=${1:-3}
mode=${2:-cold}
target=${3:-}
version=v0.52.0
here=$(cd "$(dirname "$0")/../.." && pwd)
repo=$(cd "${BENCH_REPO:-$here}" && pwd)
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
case $mode in
cold) goal=1.05 ;;
warm) goal=1.10 ;;
*)
	echo "bench.sh: mode must be cold or warm, not $mode" >&2
	exit 2
	;;
esac

# TOOLS_CGO_ENABLED=0 builds both tools static (cellvet links the net
# package, which with cgo makes it a dynamically linked executable that
# pays the dynamic loader in each of go vet's hundreds of tool runs).
cgo=${TOOLS_CGO_ENABLED:-$(go env CGO_ENABLED)}
(cd "$here" && CGO_ENABLED=$cgo go build -o "$work/bin/noopvet" ./internal/noopvet)
(cd "$repo" && CGO_ENABLED=$cgo go build -o "$work/bin/cellvet" ./cmd/cellvet)
echo "tools built with CGO_ENABLED=$cgo; cellvet from $repo ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))"
file "$work/bin/cellvet" | sed 's/, Go BuildID.*//; s/, BuildID.*//'

if [[ -n $target ]]; then
	dir=$(cd "$target" && pwd)
	name=$dir
else
	modcache=$(go env GOMODCACHE)
	src=$modcache/golang.org/x/tools@$version
	if [[ ! -d $src ]]; then
		(cd "$work" && go mod download golang.org/x/tools@$version)
	fi
	cp -r "$src" "$work/tools"
	chmod -R u+w "$work/tools"
	(cd "$work/tools" && go mod download)
	dir=$work/tools
	name=golang.org/x/tools@$version
fi
npkgs=$(cd "$dir" && go list ./... | wc -l)

# vet TOOL [FLAG] runs go vet with TOOL (and FLAG) over the module with
# fresh caches (warm: a fresh copy of the warm build cache) and prints the
# wall-clock seconds it took and the CPU seconds (user+system, go vet and
# every process it ran), which a busy machine inflates less. The output
# of go vet is in $work/TOOL.out.
vet() {
	local tool=$1 flag=${2:-} gocache cvcache rc=0
	gocache=$(mktemp -d "$work/gocache.XXXXXX")
	if [[ $mode == warm ]]; then
		cp -r "$work/gocache.warm/." "$gocache"
		cvcache=$work/cellvetcache.warm
	else
		cvcache=$(mktemp -d "$work/cellvetcache.XXXXXX")
	fi
	(cd "$dir" && GOCACHE=$gocache CELLVET_CACHE=$cvcache /usr/bin/time -f '%e %U %S' -o "$work/$tool.time" \
		go vet $flag -vettool="$work/bin/$tool" ./... >"$work/$tool.out" 2>&1) || rc=$?
	chmod -R u+w "$gocache" && rm -rf "$gocache"
	if [[ $mode != warm ]]; then
		chmod -R u+w "$cvcache" && rm -rf "$cvcache"
	fi
	if [[ $rc != 0 ]]; then
		echo "go vet -vettool=$tool exited $rc:" >&2
		cat "$work/$tool.out" >&2
		exit 1
	fi
	if [[ -n $flag ]]; then
		return
	fi
	if [[ -s $work/$tool.out ]]; then
		echo "go vet -vettool=$tool printed output:" >&2
		cat "$work/$tool.out" >&2
		exit 1
	fi
	awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work/$tool.time"
}

echo "$name: $npkgs packages; $(go version); nproc $(nproc)"
if [[ $mode == warm ]]; then
	mkdir -p "$work/gocache.warm" "$work/cellvetcache.warm"
	# A copy with bytes appended runs the same and hashes differently.
	cp "$work/bin/noopvet" "$work/bin/noopvet.warm" && printf warm >>"$work/bin/noopvet.warm"
	(cd "$dir" && GOCACHE=$work/gocache.warm go vet -vettool="$work/bin/noopvet.warm" ./... >/dev/null 2>&1)
	for tool in noopvet cellvet; do
		vet $tool -x
		compiles=$(grep -cE '/(compile|asm|link|cgo) ' "$work/$tool.out" || true)
		runs=$(grep -cF "$work/bin/$tool " "$work/$tool.out" || true)
		echo "warm check, $tool: $runs vet tool runs, $compiles compiler runs"
		if [[ $compiles != 0 || $runs == 0 ]]; then
			echo "bench.sh: a warm go vet must run the vet tool and no compiler; see go vet -x's output:" >&2
			cat "$work/$tool.out" >&2
			exit 1
		fi
	done
	echo "mode: warm build cache (a fresh copy per run), vet tools only"
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
echo "median cellvet/noop wall clock, $mode: $(median "${ratios[@]}") (target: <= $goal)"
echo "median cellvet/noop CPU time,   $mode: $(median "${cpuratios[@]}")"
