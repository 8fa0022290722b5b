#!/usr/bin/env bash
# tests/test-runner.sh - the test runner must never pass on nothing.
#
# Builds a small fixture tree (a copy of tests/check.sh and of
# tests/integration/run.py, stand-ins for the servers and the other
# suites, fake unit binaries that print Check's summary line), checks that
# the fixture passes as it is, then plants one defect at a time in a fresh
# copy and checks that tests/check.sh fails and does not end in
# "0 failed": a missing or non-executable suite, no unit binaries, a unit
# source without its binary, a unit binary that runs no test or skips its
# live cases (compiled with tests/unit/testutil.h), an integration module
# not listed in MODULES, a test raising SystemExit(0), a test ending the
# interpreter with os._exit(0), a module without tests.  Also checks that
# `make unit` (tests/run-unit.sh) skips live cases and says so.
#
# Run by tests/check.sh (TMPBASE: where to make the fixtures); needs no
# servers.  Prints one line per case and "N passed, N failed".
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
TMPBASE=${TMPBASE:-${TMPDIR:-/tmp}}
mkdir -p "$TMPBASE"
WORK=$(mktemp -d "$TMPBASE/test-runner.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [[ -z ${2:-} ]] || sed 's/^/     | /' "$2" | tail -n 15; }

# A unit binary built with the real testutil.h: its live case needs a
# server variable that nothing sets.
LIVE_BIN=$WORK/test_live
cat >"$WORK/test_live.c" <<'EOF'
#include "testutil.h"

START_TEST(pure) { ck_assert_int_eq(1, 1); }
END_TEST

int
main(void)
{
	Suite	*s = suite_create("live");
	TCase	*tc = tcase_create("pure");

	if (tu_server("SL_TEST_NOTHING_SETS_THIS", "test_live") == NULL)
		printf("(live cases would be skipped here)\n");
	tcase_add_test(tc, pure);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
EOF
if ! ${CC:-cc} -I"$ROOT/tests/unit" $(pkg-config --cflags check) -o "$LIVE_BIN" \
    "$WORK/test_live.c" $(pkg-config --libs check) 2>"$WORK/cc.log"; then
	bad "compile a unit test with testutil.h" "$WORK/cc.log"
	echo "$passed passed, $failed failed"
	exit 1
fi

# fixture DIR: a tree in which tests/check.sh passes with 2 unit binaries
# and 2 integration tests.
fixture() {
	local f=$1
	mkdir -p "$f/tests/servers" "$f/tests/unit" "$f/tests/integration" \
	    "$f/xslt/tests" "$f/build"
	cp "$ROOT/tests/check.sh" "$f/tests/check.sh"
	printf '#!/bin/sh\nexit 0\n' >"$f/tests/servers/all.sh"
	printf '#!/bin/sh\nexit 0\n' >"$f/tests/servers/samba.sh"
	printf '#!/bin/sh\necho "stylesheets ok"\n' >"$f/xslt/tests/check.sh"
	printf 'print("catalog ok")\n' >"$f/tests/check-catalog.py"
	printf 'echo "scripts ok"\n' >"$f/tests/test-scripts.sh"
	printf 'echo "runner ok"\n' >"$f/tests/test-runner.sh"
	chmod +x "$f/tests/servers/all.sh" "$f/xslt/tests/check.sh"
	local u
	for u in test_a test_b; do
		: >"$f/tests/unit/$u.c"
		printf '#!/bin/sh\necho "Running suite(s): %s"\necho "100%%: Checks: 3, Failures: 0, Errors: 0"\n' \
		    "$u" >"$f/build/$u"
		chmod +x "$f/build/$u"
	done
	printf 'def test_one():\n    pass\n\n\ndef test_two():\n    assert 1 + 1 == 2\n' \
	    >"$f/tests/integration/test_one.py"
	# run.py with its real code, listing only the fixture's module.
	python3 - "$ROOT/tests/integration/run.py" "$f/tests/integration/run.py" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s, n1 = re.subn(r"^import test_\w+.*\n", "", s, flags=re.M)
s, n2 = re.subn(r"^MODULES = \[.*?\]\n", "import test_one  # noqa: E402\n\nMODULES = [test_one]\n",
                s, flags=re.M | re.S)
if n1 == 0 or n2 != 1:
    sys.exit("test-runner: run.py no longer has its import lines and MODULES list")
open(sys.argv[2], "w").write(s)
PY
}

# run_check DIR LOG: tests/check.sh of the fixture; its exit status.
run_check() {
	local rc=0
	env -u SL_REQUIRE_SERVERS -u BUILD -u BIN -u TEST_RUN ROOT="$1" TEST_RUN="$1/run" \
	    UNIT_TIMEOUT=60 INTEGRATION_TIMEOUT=60 \
	    bash "$1/tests/check.sh" >"$2" 2>&1 </dev/null || rc=$?
	return $rc
}

# expect_fail NAME SETUP: plant SETUP (shell code run in the fixture) and
# check that the runner fails and does not claim "0 failed".
n=0
expect_fail() {
	local name=$1 setup=$2 f log rc
	n=$((n + 1))
	f=$WORK/case$n
	log=$WORK/case$n.log
	fixture "$f"
	(cd "$f" && eval "$setup")
	rc=0
	run_check "$f" "$log" || rc=$?
	if (( rc == 0 )); then
		bad "$name: check.sh passed (exit 0)" "$log"
	elif tail -n 1 "$log" | grep -qE '^[0-9]+ passed, 0 failed$'; then
		bad "$name: check.sh says '0 failed'" "$log"
	elif ! tail -n 1 "$log" | grep -qE '^[0-9]+ passed, [1-9][0-9]* failed$'; then
		bad "$name: check.sh did not end with its summary line" "$log"
	else
		ok "$name: $(tail -n 1 "$log")"
	fi
	rm -rf "$f"
}

# The fixture itself passes (else every case below would prove nothing).
fixture "$WORK/base"
if run_check "$WORK/base" "$WORK/base.log" &&
   tail -n 1 "$WORK/base.log" | grep -qE '^7 passed, 0 failed$' &&
   grep -q '^PASS test_two' "$WORK/base.log"; then
	ok "the untouched fixture passes: $(tail -n 1 "$WORK/base.log")"
else
	bad "the untouched fixture does not pass" "$WORK/base.log"
fi

expect_fail "missing stylesheet suite" 'rm xslt/tests/check.sh'
expect_fail "stylesheet suite not executable" 'chmod -x xslt/tests/check.sh'
expect_fail "missing catalog check" 'rm tests/check-catalog.py'
expect_fail "missing tests/test-scripts.sh" 'rm tests/test-scripts.sh'
expect_fail "missing integration runner" 'rm tests/integration/run.py'
expect_fail "zero unit binaries" 'rm -f build/test_*; rm -f tests/unit/test_*.c'
expect_fail "a unit source without its binary" 'rm build/test_b'
expect_fail "a unit binary not executable" 'chmod -x build/test_b'
expect_fail "a unit binary that runs no test" \
    'printf "#!/bin/sh\necho skipped\nexit 0\n" >build/test_b'
expect_fail "a unit binary that ran 0 checks" \
    'printf "#!/bin/sh\necho \"100%%: Checks: 0, Failures: 0, Errors: 0\"\n" >build/test_b'
expect_fail "a unit test skipping its live cases (testutil.h)" \
    "cp '$LIVE_BIN' build/test_live && : >tests/unit/test_live.c"
expect_fail "an integration module not in MODULES" \
    'printf "def test_x():\n    assert False\n" >tests/integration/test_unlisted.py'
expect_fail "a test raising SystemExit(0)" \
    'printf "\n\ndef test_three():\n    raise SystemExit(0)\n" >>tests/integration/test_one.py'
expect_fail "a test ending the interpreter with os._exit(0)" \
    'printf "\n\ndef test_three():\n    import os\n    os._exit(0)\n" >>tests/integration/test_one.py'
expect_fail "a listed module without tests" \
    'printf "X = 1\n" >tests/integration/test_one.py'
expect_fail "a failing unit binary" \
    'printf "#!/bin/sh\necho \"50%%: Checks: 2, Failures: 1, Errors: 0\"\nexit 1\n" >build/test_b'

# make unit: no servers, live cases skipped, and it says so.
mkdir -p "$WORK/unit"
cp "$LIVE_BIN" "$WORK/unit/test_live"
rc=0
SL_REQUIRE_SERVERS=1 bash "$ROOT/tests/run-unit.sh" "$WORK/unit" >"$WORK/unit.log" 2>&1 || rc=$?
if (( rc == 0 )) && grep -q 'live cases skipped .*test_live' "$WORK/unit.log"; then
	ok "make unit skips live cases and says so"
else
	bad "make unit: exit $rc, or no note about skipped live cases" "$WORK/unit.log"
fi
rm -f "$WORK/unit/test_live"
rc=0
bash "$ROOT/tests/run-unit.sh" "$WORK/unit" >"$WORK/unit.log" 2>&1 || rc=$?
if (( rc != 0 )); then
	ok "make unit fails with no unit binaries"
else
	bad "make unit passed with no unit binaries" "$WORK/unit.log"
fi

echo "$passed passed, $failed failed"
(( failed == 0 ))
