#!/usr/bin/env bash
# tests/check.sh - what `make check` runs after building.
#
# Starts the private stack (MariaDB, slapd, the app, nginx) in
# $ROOT/run/test, runs every unit binary $BUILD/test_*, the stylesheet,
# catalog, script and runner checks and the integration runner
# tests/integration/run.py, stops the stack and prints a final line
# "N passed, N failed" (each unit binary and each other suite count as
# one).  Exit status 1 if anything failed.
#
# It never passes on nothing: a suite that is missing or not executable,
# no unit binaries, a tests/unit/test_*.c without its binary, a unit
# binary that ran no Check test (no "Checks: N" line with N > 0) or skipped
# its live cases (SL_REQUIRE_SERVERS=1, see tests/unit/testutil.h), and an
# integration run that did not end with "N passed, 0 failed" (N > 0) all
# count as failures.  tests/test-runner.sh plants each of these.
#
# Env: TEST_SAMBA_ADDR (the Samba AD DC's own loopback address, default
# 127.0.0.27), TEST_PORT (nginx, default 18080), TEST_LDAP_PORT (slapd, default
# 18389), TEST_IDP_PORT (the ID-porten stand-in, default 18443), TEST_RUN
# (default $ROOT/run/test, emptied first), BUILD (default build), BIN (default $ROOT/$BUILD/stafettlogg),
# SL_APP_EXTRA_CONF (extra config lines for the app), UNIT_TIMEOUT
# (seconds per unit binary, default 600), INTEGRATION_TIMEOUT (default 1800).
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$ROOT"
RUN=${TEST_RUN:-$ROOT/run/test}
PORT=${TEST_PORT:-18080}
LDAP_PORT=${TEST_LDAP_PORT:-18389}
IDP_PORT=${TEST_IDP_PORT:-18443}
# The SMTP sink and SMS hook sink of the notice tests (tests/servers/sinks.sh).
SMTP_PORT=${TEST_SMTP_PORT:-18203}
SMS_PORT=${TEST_SMS_PORT:-18204}
PORT_NAME=TEST_PORT LDAP_PORT_NAME=TEST_LDAP_PORT IDP_PORT_NAME=TEST_IDP_PORT
SMTP_PORT_NAME=TEST_SMTP_PORT SMS_PORT_NAME=TEST_SMS_PORT
BUILD=${BUILD:-build}
[[ $BUILD == /* ]] && BDIR=$BUILD || BDIR=$ROOT/$BUILD
BIN=${BIN:-$BDIR/stafettlogg}
UNIT_TIMEOUT=${UNIT_TIMEOUT:-600}
INTEGRATION_TIMEOUT=${INTEGRATION_TIMEOUT:-1800}
export ROOT RUN PORT LDAP_PORT IDP_PORT PORT_NAME LDAP_PORT_NAME IDP_PORT_NAME BIN
export SMTP_PORT SMS_PORT SMTP_PORT_NAME SMS_PORT_NAME
# The suite writes far faster than a person: the per-user write limits
# are off here and switched on by the test of them (test_limits.py).
SL_APP_EXTRA_CONF=${SL_APP_EXTRA_CONF:-'post_rate_per_minute = 0\nwrite_rate_per_minute = 0'}
export SL_APP_EXTRA_CONF
ALL=$ROOT/tests/servers/all.sh
SAMBA=$ROOT/tests/servers/samba.sh
# The Samba AD DC of the AD tests (tests/servers/samba.sh): its own
# loopback address, since AD's ports (389, 636) are fixed.
SAMBA_ADDR=${TEST_SAMBA_ADDR:-127.0.0.27}
export SAMBA_ADDR
CONF=$RUN/app/stafettlogg.conf

passed=0
failed=0
failures=()
servers_up=0

show_logs() {
	local f
	for f in "$RUN/app/app.log" "$RUN/nginx/logs/error.log"; do
		if [[ -s $f ]]; then
			echo "---- last lines of $f ----"
			tail -n 40 "$f"
			echo "----"
		fi
	done
}

stop_servers() {
	if (( servers_up )); then
		servers_up=0
		echo "== stopping servers"
		"$ALL" stop || echo "check: warning: stopping the servers reported errors" >&2
		bash "$SAMBA" stop || echo "check: warning: stopping samba reported errors" >&2
	fi
}
trap stop_servers EXIT

# --- servers -----------------------------------------------------------------
echo "== stopping leftovers in $RUN"
"$ALL" stop >/dev/null 2>&1 || echo "check: warning: could not stop all leftovers in $RUN" >&2
bash "$SAMBA" stop >/dev/null 2>&1 || echo "check: warning: could not stop samba in $RUN" >&2
# A run that was killed may have left a test's mounts (the full-disk
# test's tmpfs) under $RUN: unmount them (deepest first) before deleting.
while read -r m; do
	umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
done < <(awk -v r="$RUN" '$5 == r || index($5, r "/") == 1 { print $5 }' \
	/proc/self/mountinfo 2>/dev/null | sort -r)
rm -rf "$RUN"
mkdir -p "$RUN"

echo "== starting servers (http :$PORT, ldap :$LDAP_PORT, ID-porten stand-in :$IDP_PORT, run dir $RUN)"
servers_up=1
if ! "$ALL" start; then
	servers_up=0        # all.sh already stopped what it had started
	echo "check: error: the servers did not start" >&2
	show_logs
	echo "0 passed, 1 failed"
	exit 1
fi
# The AD domain controller: provisioned anew in $RUN/samba each run.
samba_t0=$(date +%s)
if ! bash "$SAMBA" start; then
	echo "check: error: the Samba AD DC did not start" >&2
	stop_servers
	echo "0 passed, 1 failed"
	exit 1
fi
echo "== samba ready after $(( $(date +%s) - samba_t0 )) s"

export SL_TEST_LDAP_URI=ldap://127.0.0.1:$LDAP_PORT/
export SL_TEST_IDP_URL=http://127.0.0.1:$IDP_PORT
export SL_TEST_SINKS=$RUN/sinks
export SL_TEST_DB_SOCKET=$RUN/db/db.sock
export SL_TEST_RUN=$RUN
export SL_TEST_CONF=$CONF
export SL_TEST_SAMBA_ADDR=$SAMBA_ADDR

# The unit tests' live cases must run: their servers are up (testutil.h).
export SL_REQUIRE_SERVERS=1

# A suite that is not there is a failure, never a skip.
missing() {
	failed=$((failed + 1))
	failures+=("$1 (missing)")
	echo "== FAIL $1: $2"
}

# --- unit binaries -----------------------------------------------------------
shopt -s nullglob
units=()
for t in "$BDIR"/test_*; do
	case $t in *.o|*.d|*.c|*.h|*.gcno|*.gcda) continue ;; esac
	[[ -f $t ]] || continue
	if [[ ! -x $t ]]; then
		missing "${t##*/}" "$t is not executable"
		continue
	fi
	units+=("$t")
done
# Every tests/unit/test_*.c has its binary (make check builds them all).
for src in "$ROOT"/tests/unit/test_*.c; do
	name=$(basename "$src" .c)
	[[ -e $BDIR/$name ]] || missing "$name" "no binary $BDIR/$name for $src"
done
echo "== ${#units[@]} unit suite(s) in $BDIR"
(( ${#units[@]} )) || missing "unit tests" "no unit binaries $BDIR/test_*"
mkdir -p "$RUN/unit"
for t in "${units[@]}"; do
	name=${t##*/}
	out=$RUN/unit/$name.out
	echo "== unit: $name"
	rc=0
	timeout -k 10 "$UNIT_TIMEOUT" "$t" </dev/null >"$out" 2>&1 || rc=$?
	cat "$out"
	# Check's summary, e.g. "100%: Checks: 12, Failures: 0, Errors: 0".
	if (( rc == 0 )) && ! grep -qE 'Checks: [1-9][0-9]*, Failures: 0, Errors: 0' "$out"; then
		echo "== $name exited 0 without running a Check test"
		rc=1
	fi
	if (( rc == 0 )); then
		passed=$((passed + 1))
		echo "== PASS $name"
	else
		failed=$((failed + 1))
		failures+=("$name")
		(( rc == 124 )) && echo "== $name timed out after ${UNIT_TIMEOUT} s"
		echo "== FAIL $name (exit status $rc)"
		show_logs
	fi
done

# --- stylesheets (golden HTML, escaping) ------------------------------------
if [[ ! -f $ROOT/xslt/tests/check.sh || ! -x $ROOT/xslt/tests/check.sh ]]; then
	missing stylesheets "xslt/tests/check.sh is missing or not executable"
else
	echo "== stylesheets: xslt/tests/check.sh"
	rc=0
	timeout -k 10 "$UNIT_TIMEOUT" "$ROOT/xslt/tests/check.sh" </dev/null || rc=$?
	if (( rc == 0 )); then
		passed=$((passed + 1))
		echo "== PASS stylesheets"
	else
		failed=$((failed + 1))
		failures+=(stylesheets)
		echo "== FAIL stylesheets (exit status $rc)"
	fi
fi

# --- catalog keys used by the C code ----------------------------------------
echo "== catalogs: tests/check-catalog.py"
if [[ ! -f $ROOT/tests/check-catalog.py ]]; then
	missing catalogs "tests/check-catalog.py is missing"
elif python3 "$ROOT/tests/check-catalog.py" </dev/null; then
	passed=$((passed + 1))
	echo "== PASS catalogs"
else
	failed=$((failed + 1))
	failures+=(catalogs)
	echo "== FAIL catalogs"
fi

# --- the scripts themselves (ports, readiness, nginx.conf.example) -----------
# and of this runner (tests/test-runner.sh: it must fail on nothing).
for suite in test-scripts test-runner; do
	echo "== scripts: tests/$suite.sh"
	if [[ ! -f $ROOT/tests/$suite.sh ]]; then
		missing "$suite" "tests/$suite.sh is missing"
		continue
	fi
	rc=0
	TMPBASE=$RUN timeout -k 10 "$UNIT_TIMEOUT" bash "$ROOT/tests/$suite.sh" </dev/null || rc=$?
	if (( rc == 0 )); then
		passed=$((passed + 1))
		echo "== PASS $suite"
	else
		failed=$((failed + 1))
		failures+=("$suite")
		echo "== FAIL $suite (exit status $rc)"
	fi
done

# --- integration -------------------------------------------------------------
if [[ -f $ROOT/tests/integration/run.py ]]; then
	echo "== integration: tests/integration/run.py"
	out=$RUN/integration.out
	set +e
	BASE_URL=http://127.0.0.1:$PORT CONF=$CONF \
	    timeout -k 10 "$INTEGRATION_TIMEOUT" python3 -u "$ROOT/tests/integration/run.py" \
	    </dev/null 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	set -e
	# Its last line must say that tests ran and none failed (a test that
	# ends the interpreter early leaves no such line).
	if (( rc == 0 )) && ! tail -n 1 "$out" | grep -qE '^[1-9][0-9]* passed, 0 failed$'; then
		echo "== the integration runner exited 0 without its summary line"
		rc=1
	fi
	if (( rc == 0 )); then
		passed=$((passed + 1))
		echo "== PASS integration"
	else
		failed=$((failed + 1))
		failures+=(integration)
		(( rc == 124 )) && echo "== integration timed out after ${INTEGRATION_TIMEOUT} s"
		echo "== FAIL integration (exit status $rc)"
		show_logs
	fi
else
	missing integration "tests/integration/run.py is missing"
fi

stop_servers

# A sanitizer report from the server (make asan) is a failure too.
if [[ -f $RUN/app/app.log ]] &&
   grep -qE 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:' "$RUN/app/app.log"; then
	failed=$((failed + 1))
	failures+=("sanitizer report in $RUN/app/app.log")
	echo "== FAIL the server logged sanitizer errors:"
	grep -nE -A3 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:' "$RUN/app/app.log" | head -n 60
fi

if (( failed )); then
	echo "== failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
(( failed == 0 ))
