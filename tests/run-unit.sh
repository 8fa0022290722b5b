#!/usr/bin/env bash
# tests/run-unit.sh [BUILD] - run the unit binaries BUILD/test_* (default
# build) without starting any server; prints "N passed, N failed" last.
# Tests that need MariaDB/slapd/ID-porten see no SL_TEST_* variables and
# skip their live cases, saying so (tu_server in tests/unit/testutil.h);
# the summary counts the binaries that skipped.  make check runs them all.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$ROOT"
BUILD=${1:-${BUILD:-build}}
[[ $BUILD == /* ]] && BDIR=$BUILD || BDIR=$ROOT/$BUILD
UNIT_TIMEOUT=${UNIT_TIMEOUT:-600}
[[ -d $BDIR ]] || { echo "run-unit: error: build directory $BDIR does not exist (run make)" >&2; exit 1; }

unset SL_TEST_LDAP_URI SL_TEST_DB_SOCKET SL_TEST_RUN SL_TEST_CONF SL_TEST_IDP_URL \
    SL_REQUIRE_SERVERS

passed=0
failed=0
failures=()
skipped=()
shopt -s nullglob
for t in "$BDIR"/test_*; do
	[[ -f $t && -x $t ]] || continue
	case $t in *.o|*.d|*.c|*.h) continue ;; esac
	name=${t##*/}
	echo "== unit: $name"
	rc=0
	out=$(timeout -k 10 "$UNIT_TIMEOUT" "$t" </dev/null 2>&1) || rc=$?
	printf '%s\n' "$out"
	[[ $out == *"live cases SKIPPED"* ]] && skipped+=("$name")
	if (( rc == 0 )); then
		passed=$((passed + 1))
		echo "== PASS $name"
	else
		failed=$((failed + 1))
		failures+=("$name")
		(( rc == 124 )) && echo "== $name timed out after ${UNIT_TIMEOUT} s"
		echo "== FAIL $name (exit status $rc)"
	fi
done
if (( passed + failed == 0 )); then
	echo "run-unit: error: no unit binaries in $BDIR" >&2
	failed=1
fi
(( ${#skipped[@]} )) &&
	echo "== live cases skipped (no servers; make check runs them): ${skipped[*]}"
(( failed )) && echo "== failed: ${failures[*]:-no unit binaries}"
echo "$passed passed, $failed failed"
(( failed == 0 ))
