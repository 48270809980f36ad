#!/usr/bin/env bash
# rkyv layout oracle: generate random schemas (internal/schemagen), compile
# them with the real rkyv and rustc, and print the measured archived layouts
# as JSON lines (format: testdata/oracle/README.md).
#
#   run.sh FAMILY [N [OUT]]  generate N schemas (default 500) for FAMILY, build,
#                            run; JSON lines to OUT (default stdout)
#   run.sh regen             rewrite golden/<family>.jsonl for every required
#                            family (500 schemas each, seed $SEED) and
#                            golden/fixtures/<family>.jsonl (the fixture crates
#                            of fixtures/v07 or fixtures/v08) for every family
#   run.sh check             regenerate into a temp dir and compare with the
#                            committed golden files; non-zero exit and the first
#                            difference on any mismatch
#   run.sh families          list the families (required first)
#
# Families: v08 v08_pw64 v08_unaligned v07 v07_strict (required: generated
#           schemas and fixtures golden), v08_pw16 v08_be v07_size64
#           v08_pw64_unaligned v07_size16 v07_be (optional: fixtures golden).
# Environment: CARGO_TARGET_DIR (default testdata/oracle/target, shared by all
# families so rkyv is built once per feature set); ORACLE_FAMILIES (regen and
# check only these required families, e.g. "v07 v07_strict");
# ORACLE_FIXTURE_FAMILIES (likewise for the optional ones; "" for none).
set -euo pipefail

# The fixed seed and size of the committed golden files. Changing either (or
# the generator) requires `run.sh regen`.
SEED=1
N_GOLDEN=500
REQUIRED=(v08 v08_pw64 v08_unaligned v07 v07_strict)
OPTIONAL=(v08_pw16 v08_be v07_size64 v08_pw64_unaligned v07_size16 v07_be)
SELECTED=(${ORACLE_FAMILIES:-${REQUIRED[*]}})
SELECTED_OPTIONAL=(${ORACLE_FIXTURE_FAMILIES-${OPTIONAL[*]}})

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/target}
# The measuring code uses offset_of! on enum variants (offset_of_enum) and
# core::intrinsics::discriminant_value: nightly features on a stable rustc.
export RUSTC_BOOTSTRAP=1
export CARGO_INCREMENTAL=0

log() { echo "oracle: $*" >&2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

crate_of() {
	case $1 in
	v07*) echo rkyv07 ;;
	v08*) echo rkyv08 ;;
	*) log "unknown family $1"; exit 2 ;;
	esac
}

features_of() {
	case $1 in
	v08) echo "" ;;
	v08_pw64) echo pw64 ;;
	v08_unaligned) echo unaligned ;;
	v08_pw16) echo pw16 ;;
	v08_be) echo be ;;
	v07) echo size32 ;;
	v07_strict) echo strict ;;
	v07_size64) echo size64 ;;
	v08_pw64_unaligned) echo pw64_unaligned ;;
	v07_size16) echo size16 ;;
	v07_be) echo be ;;
	*) log "unknown family $1"; exit 2 ;;
	esac
}

oraclegen=""
build_oraclegen() {
	if [ -z "$oraclegen" ]; then
		oraclegen=$work/oraclegen
		(cd "$root" && go build -o "$oraclegen" ./internal/schemagen/cmd/oraclegen)
	fi
}

# run_family FAMILY N OUT [FIXTURES_OUT]: N generated schemas to OUT and,
# with FIXTURES_OUT, the fixture crates' measurements there.
run_family() {
	local fam=$1 n=$2 out=$3 fixout=${4:-} crate feats t0
	crate=$(crate_of "$fam")
	feats=$(features_of "$fam")
	t0=$(date +%s)
	build_oraclegen
	"$oraclegen" -family "$fam" -n "$n" -seed "$SEED" -crate "$here/$crate"
	local args=(build --locked --quiet --manifest-path "$here/$crate/Cargo.toml")
	if [ -n "$feats" ]; then
		args+=(--features "$feats")
	fi
	cargo "${args[@]}"
	"$CARGO_TARGET_DIR/debug/cellvet-oracle-$crate" >"$out"
	if [ -n "$fixout" ]; then
		"$CARGO_TARGET_DIR/debug/cellvet-oracle-$crate" fixtures >"$fixout"
	fi
	local got
	got=$(wc -l <"$out")
	if [ "$got" -ne "$n" ]; then
		log "$fam: expected $n records, got $got"
		exit 1
	fi
	log "$fam: $n schemas in $(($(date +%s) - t0))s"
}

# compare GOLDEN NEW: report the first difference; non-zero if they differ.
compare() {
	local golden=$1 new=$2 line
	if cmp -s "$golden" "$new"; then
		return 0
	fi
	log "MISMATCH with $golden"
	line=$({ cmp "$golden" "$new" 2>&1 || true; } | sed -n 's/.* line \([0-9]*\).*/\1/p' | head -1)
	if [ -n "$line" ]; then
		log "first differing line: $line (golden, then regenerated; cut to 3000 bytes)"
		sed -n "${line}p" "$golden" | cut -c1-3000 >&2
		sed -n "${line}p" "$new" | cut -c1-3000 >&2
	fi
	case $golden in
	*/fixtures/*) ;;
	*) "$oraclegen" -compare "$golden" "$new" >&2 || true ;;
	esac
	return 1
}

cmd=${1:-}
case $cmd in
"" | -h | --help | help)
	awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
	exit 0
	;;
families)
	printf '%s\n' "${REQUIRED[@]}" "${OPTIONAL[@]}"
	;;
regen)
	start=$(date +%s)
	mkdir -p "$here/golden/fixtures"
	for fam in "${SELECTED[@]}"; do
		run_family "$fam" "$N_GOLDEN" "$here/golden/$fam.jsonl.tmp" "$work/fixtures.jsonl"
		mv "$here/golden/$fam.jsonl.tmp" "$here/golden/$fam.jsonl"
		mv "$work/fixtures.jsonl" "$here/golden/fixtures/$fam.jsonl"
	done
	for fam in "${SELECTED_OPTIONAL[@]}"; do
		run_family "$fam" 0 /dev/null "$work/fixtures.jsonl"
		mv "$work/fixtures.jsonl" "$here/golden/fixtures/$fam.jsonl"
	done
	log "regen: all families in $(($(date +%s) - start))s"
	;;
check)
	start=$(date +%s)
	tmp=$work/check
	mkdir -p "$tmp"
	build_oraclegen
	status=0
	for fam in "${SELECTED[@]}" "${SELECTED_OPTIONAL[@]}"; do
		n=0
		golden=""
		if [[ " ${REQUIRED[*]} " == *" $fam "* ]]; then
			n=$N_GOLDEN
			golden="$here/golden/$fam.jsonl"
		fi
		for g in $golden "$here/golden/fixtures/$fam.jsonl"; do
			if [ ! -f "$g" ]; then
				log "missing golden file $g (run: bash testdata/oracle/run.sh regen)"
				status=1
				continue 2
			fi
		done
		run_family "$fam" "$n" "$tmp/$fam.jsonl" "$tmp/fixtures-$fam.jsonl"
		if [ -n "$golden" ] && ! compare "$golden" "$tmp/$fam.jsonl"; then
			status=1
		fi
		if ! compare "$here/golden/fixtures/$fam.jsonl" "$tmp/fixtures-$fam.jsonl"; then
			status=1
		fi
	done
	log "check: all families in $(($(date +%s) - start))s"
	if [ "$status" -ne 0 ]; then
		log "check FAILED: the compiled rkyv disagrees with the golden files (or the generator changed; then run: bash testdata/oracle/run.sh regen)"
		exit 1
	fi
	log "check: golden files match the compiled rkyv"
	;;
*)
	fam=$cmd
	n=${2:-$N_GOLDEN}
	out=${3:-/dev/stdout}
	crate_of "$fam" >/dev/null
	if [ "$out" = /dev/stdout ]; then
		run_family "$fam" "$n" "$work/out.jsonl"
		cat "$work/out.jsonl"
	else
		run_family "$fam" "$n" "$out"
	fi
	;;
esac
