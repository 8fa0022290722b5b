#!/usr/bin/env bash
# tests/fuzz/run.sh - what `make fuzz` runs: build every libFuzzer target
# tests/fuzz/fuzz_*.c with clang (-fsanitize=fuzzer,address,undefined),
# run each for FUZZ_SECONDS (default 60) and print, per target, the
# executions, the speed, the corpus size and the crashes found.  Not part
# of `make check`.
#
# Each target names what it links in its header comment:
#   fuzz-sources: fcgi/x.c fcgi/util.c      (required)
#   fuzz-libs: -lcurl ...                    (optional)
# Corpora are kept in build/fuzz/NAME/corpus between runs (seeded from
# tests/fuzz/seeds/NAME/ when that exists); a crash, timeout or leak
# leaves its input in build/fuzz/NAME/ (crash-*, timeout-*, leak-*) and
# the output in build/fuzz/NAME/log.  Exit status 1 when any target
# crashed or did not build.
#
# Env: FUZZ_SECONDS (per target, default 60), FUZZ_MAX_LEN (default
# 4096), FUZZ_TARGETS (names to run, e.g. "oidc nin"; default all),
# CLANG (default clang).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SECONDS_EACH=${FUZZ_SECONDS:-60}
MAX_LEN=${FUZZ_MAX_LEN:-4096}
CLANG=${CLANG:-clang}
OUT=$ROOT/build/fuzz

if ! [[ $SECONDS_EACH =~ ^[1-9][0-9]*$ ]]; then
	echo "fuzz: FUZZ_SECONDS must be a positive number of seconds" >&2
	exit 2
fi
if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "fuzz: $CLANG is missing; run tests/deps.sh --fuzz as root" >&2
	exit 2
fi
mkdir -p "$OUT"

targets=()
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	if [[ -n ${FUZZ_TARGETS:-} && " $FUZZ_TARGETS " != *" $name "* ]]; then
		continue
	fi
	targets+=("$name")
done

bad=0
rows=()
for name in "${targets[@]}"; do
	src=tests/fuzz/fuzz_$name.c
	dir=$OUT/$name
	bin=$OUT/fuzz_$name
	mkdir -p "$dir/corpus"
	srcs=$(sed -n 's/^ \* fuzz-sources: //p' "$src" | head -n1)
	libs=$(sed -n 's/^ \* fuzz-libs: //p' "$src" | head -n1)
	if [[ -z $srcs ]]; then
		echo "fuzz: $src has no 'fuzz-sources:' line" >&2
		rows+=("$(printf '%-6s %8s %12s %10s %8s %8s' "$name" - - - - "no build")")
		bad=1
		continue
	fi
	echo "== building fuzz_$name"
	# shellcheck disable=SC2086  # word splitting of the lists is wanted
	if ! "$CLANG" -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    -o "$bin" "$src" $srcs $libs; then
		rows+=("$(printf '%-6s %8s %12s %10s %8s %8s' "$name" - - - - "no build")")
		bad=1
		continue
	fi
	if [[ -d tests/fuzz/seeds/$name ]]; then
		cp -n tests/fuzz/seeds/"$name"/* "$dir/corpus/" 2>/dev/null || true
	fi
	before=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' \
	    -o -name 'leak-*' -o -name 'oom-*' \) | wc -l)
	echo "== running fuzz_$name for ${SECONDS_EACH}s"
	"$bin" -max_total_time="$SECONDS_EACH" -max_len="$MAX_LEN" \
	    -timeout=10 -rss_limit_mb=2048 -close_fd_mask=2 \
	    -print_final_stats=1 -artifact_prefix="$dir/" "$dir/corpus" \
	    >"$dir/log" 2>&1
	rc=$?
	after=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' \
	    -o -name 'leak-*' -o -name 'oom-*' \) | wc -l)
	crashes=$((after - before))
	if (( rc != 0 && crashes == 0 )); then
		crashes=1	# died without an artifact: count it, show the log
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -n1)
	corpus=$(find "$dir/corpus" -type f | wc -l)
	if (( crashes > 0 )); then
		bad=1
		echo "fuzz: fuzz_$name found a problem (exit $rc); the end of $dir/log:" >&2
		tail -n 30 "$dir/log" >&2
	fi
	rows+=("$(printf '%-6s %8s %12s %10s %8s %8s' "$name" "${SECONDS_EACH}s" \
	    "${execs:-?}" "${speed:-?}" "$corpus" "$crashes")")
done

echo
printf '%-6s %8s %12s %10s %8s %8s\n' target time executions "exec/s" corpus crashes
for r in "${rows[@]}"; do
	echo "$r"
done
exit "$bad"
