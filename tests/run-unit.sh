#!/usr/bin/env bash
# tests/run-unit.sh [BUILD] - run the unit binaries BUILD/test_* (default
# build) without starting any server; prints "N passed, N failed" last.
# Tests that need MariaDB/slapd see no SL_TEST_* variables and should skip.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$ROOT"
BUILD=${1:-${BUILD:-build}}
[[ $BUILD == /* ]] && BDIR=$BUILD || BDIR=$ROOT/$BUILD
UNIT_TIMEOUT=${UNIT_TIMEOUT:-600}
[[ -d $BDIR ]] || { echo "run-unit: error: build directory $BDIR does not exist (run make)" >&2; exit 1; }

unset SL_TEST_LDAP_URI SL_TEST_DB_SOCKET SL_TEST_RUN SL_TEST_CONF SL_TEST_IDP_URL

passed=0
failed=0
failures=()
shopt -s nullglob
for t in "$BDIR"/test_*; do
	[[ -f $t && -x $t ]] || continue
	case $t in *.o|*.d|*.c|*.h) continue ;; esac
	name=${t##*/}
	echo "== unit: $name"
	rc=0
	timeout -k 10 "$UNIT_TIMEOUT" "$t" </dev/null || rc=$?
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
(( passed + failed )) || echo "run-unit: note: no unit binaries in $BDIR"
(( failed )) && echo "== failed: ${failures[*]}"
echo "$passed passed, $failed failed"
(( failed == 0 ))
