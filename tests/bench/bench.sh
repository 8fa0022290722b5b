#!/usr/bin/env bash
# tests/bench/bench.sh - `make bench`: throughput and latency through nginx.
#
# Starts a private stack in $ROOT/run/bench (MariaDB, slapd, the app with
# BENCH_WORKERS workers, and tests/bench/fcgi_hello with the same number of
# workers as the upper bound), fills the database to national scale with
# tests/bench/populate.sh (once: the datadir $RUN/db is kept between runs
# and only rebuilt when the data set no longer matches the schema, the
# generator or BENCH_LOGS), resets the benchmark log's audit trail (its
# page lists the readers from the audit, which every measured request
# grows), checks the query plans (populate.sh plans: the listed page
# queries; plans-captured: what /start, /logs/ID and /logs really sent,
# from the general query log; a full scan of a big table is a warning
# here, see $RUN/plans*.txt), logs in as ola.berg, then for each endpoint
# warms up and runs wrk for a bounded time, checks that the answers were
# 200, and prints a table (endpoint, requests/s, p50, p99, % of hello,
# bytes of the page).  Endpoints: the hello upper bound, /start, and
# /logs/ID, the generated benchmark log that ola.berg holds (a 404 there
# is reported as "not served by this build", not as a failure).
# The table is also written to $RUN/bench.txt; raw wrk output to
# $RUN/wrk-NAME.txt.  Everything started here is stopped on exit.
#
# Env: BENCH_PORT (default 18090), BENCH_LDAP_PORT (18391), BENCH_RUN
# (runtime directory, default $ROOT/run/bench), BENCH_WORKERS (4),
# BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_THREADS (2),
# BENCH_CONNECTIONS (16), BUILD, BIN, HELLO_BIN; BENCH_SCALE=0 skips the
# generated data (and so the log page); BENCH_LOGS (300000) and
# BENCH_SEED (1) choose the data set; BENCH_SKIP_APP=1 measures only
# fcgi_hello (no db/ldap/app; for checking the plumbing).
#
# BENCH_KEEP=1 leaves the stack running after the table (to look into it:
# mysql on $RUN/db, the app's log); `tests/bench/bench.sh stop` stops it.
#
# Adding an endpoint: one more `bench_url NAME URL [HEADER]` line in main.
set -euo pipefail
set +m

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cd "$ROOT"
RUN=${BENCH_RUN:-$ROOT/run/bench}
PORT=${BENCH_PORT:-18090}
LDAP_PORT=${BENCH_LDAP_PORT:-18391}
PORT_NAME=BENCH_PORT LDAP_PORT_NAME=BENCH_LDAP_PORT
SCALE=${BENCH_SCALE:-1}
BENCH_LOGS=${BENCH_LOGS:-300000}
WORKERS=${BENCH_WORKERS:-4}
DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-3}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-16}
SKIP_APP=${BENCH_SKIP_APP:-0}
BUILD=${BUILD:-build}
[[ $BUILD == /* ]] && BDIR=$BUILD || BDIR=$ROOT/$BUILD
BIN=${BIN:-$BDIR/stafettlogg}
HELLO_BIN=${HELLO_BIN:-$BDIR/fcgi_hello}
HELLO_SOCK=$RUN/hello.sock
HELLO_PIDFILE=$RUN/hello.pid
BASE=http://127.0.0.1:$PORT
S=$ROOT/tests/servers
POPULATE=$ROOT/tests/bench/populate.sh
export ROOT RUN PORT LDAP_PORT WORKERS BIN BUILD BENCH_LOGS PORT_NAME LDAP_PORT_NAME

PROG=bench
die() { echo "$PROG: error: $*" >&2; exit 1; }

for v in PORT LDAP_PORT WORKERS DURATION WARMUP THREADS CONNS BENCH_LOGS; do
	[[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || die "$v must be a positive number, got '${!v}'"
done
[[ $RUN == /* ]] || die "BENCH_RUN must be an absolute path, got '$RUN'"
[[ $SKIP_APP == 1 ]] && SCALE=0
command -v wrk >/dev/null || die "wrk not found (run tests/deps.sh)"
[[ -x $HELLO_BIN ]] || die "$HELLO_BIN not found (make $BUILD/fcgi_hello)"
if [[ $SKIP_APP != 1 ]]; then
	[[ -x $BIN ]] || die "$BIN not found (run make)"
fi
if [[ $SCALE != 0 ]]; then
	[[ -x $BDIR/generate ]] || die "$BDIR/generate not found (make $BUILD/generate)"
fi
# Both ports free before anything is started (the message names the variable).
[[ ${1:-} == stop ]] || (
	PROG=bench
	# shellcheck source=../servers/lib.sh
	. "$S/lib.sh"
	need_free_port BENCH_PORT "$PORT"
	[[ $SKIP_APP == 1 ]] || need_free_port BENCH_LDAP_PORT "$LDAP_PORT"
) || exit 1

# --- process helpers ---------------------------------------------------------
now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((10#$t / 1000)); }

proc_alive() {
	local pid=$1 key val
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	[[ -r /proc/$pid/status ]] || return 1
	while read -r key val _; do
		if [[ $key == State: ]]; then
			# explicit status: a bare `return` in an EXIT trap would
			# return the status the script is exiting with
			[[ $val != Z && $val != X ]] && return 0
			return 1
		fi
	done </proc/"$pid"/status 2>/dev/null
	return 1
}

wait_gone() {
	local pid=$1 end=$(( $(now_ms) + $2 * 1000 ))
	while proc_alive "$pid"; do
		(( $(now_ms) < end )) || return 1
		sleep 0.05
	done
	return 0
}

# --- fcgi_hello --------------------------------------------------------------
hello_pid() {
	local pid cmd
	[[ -r $HELLO_PIDFILE ]] || return 1
	read -r pid <"$HELLO_PIDFILE" || return 1
	proc_alive "$pid" || return 1
	cmd=$(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null) || return 1
	[[ $cmd == *fcgi_hello*"$HELLO_SOCK"* ]] || return 1
	echo "$pid"
}

hello_start() {
	local pid end
	if pid=$(hello_pid); then
		echo "fcgi_hello: already running (pid $pid)"
		return 0
	fi
	rm -f "$HELLO_SOCK"
	setsid "$HELLO_BIN" -s "$HELLO_SOCK" -w "$WORKERS" </dev/null >>"$RUN/hello.log" 2>&1 &
	pid=$!
	echo "$pid" >"$HELLO_PIDFILE"
	end=$(( $(now_ms) + 5000 ))
	until [[ -S $HELLO_SOCK ]]; do
		if ! proc_alive "$pid"; then
			cat "$RUN/hello.log" >&2 || true
			die "fcgi_hello exited during startup"
		fi
		(( $(now_ms) < end )) || die "fcgi_hello: no socket $HELLO_SOCK after 5 s"
		sleep 0.05
	done
	echo "fcgi_hello: started (pid $pid, $WORKERS workers, socket $HELLO_SOCK)"
}

hello_stop() {
	local pid
	pid=$(hello_pid) || { echo "fcgi_hello: not running"; return 0; }
	kill -TERM "$pid" 2>/dev/null || true
	if ! wait_gone "$pid" 10; then
		echo "fcgi_hello: $pid still alive after 10 s; SIGKILL to its group" >&2
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
		wait_gone "$pid" 5 || true
	fi
	rm -f "$HELLO_PIDFILE"
	echo "fcgi_hello: stopped"
}

# --- start / stop ------------------------------------------------------------
# Components in start order; stopped in reverse.
if [[ $SKIP_APP == 1 ]]; then
	COMPONENTS=(hello nginx)
else
	COMPONENTS=(db ldap app hello nginx)
fi
started=()

component() {    # component NAME start|stop
	case $1 in
	hello)	"hello_$2" ;;
	*)
		[[ -f $S/$1.sh ]] || { echo "$PROG: error: $S/$1.sh is missing" >&2; return 1; }
		if [[ $1 == nginx ]]; then
			HELLO_SOCK=$HELLO_SOCK bash "$S/nginx.sh" "$2"
		else
			bash "$S/$1.sh" "$2"
		fi
		;;
	esac
}

stop_all() {
	local i rc=0
	for (( i = ${#COMPONENTS[@]} - 1; i >= 0; i-- )); do
		component "${COMPONENTS[i]}" stop || rc=1
	done
	return $rc
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ ${BENCH_KEEP:-0} == 1 && $rc == 0 ]]; then
		echo "== left running (BENCH_KEEP=1): $BASE; stop with tests/bench/bench.sh stop"
	elif (( ${#started[@]} )); then
		echo "== stopping"
		stop_all || echo "$PROG: warning: stopping reported errors" >&2
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- login -------------------------------------------------------------------
SESSION=
login() {       # login USER PASSWORD -> sets SESSION
	local jar=$RUN/cookies.txt page token code
	rm -f "$jar"
	page=$(curl -sS -m 10 -c "$jar" -b "$jar" "$BASE/login?format=xml") ||
	    die "GET /login?format=xml failed"
	token=$(tr -d '\n' <<<"$page" | sed -n 's:.*<csrf>\([^<]*\)</csrf>.*:\1:p')
	[[ -n $token ]] || die "no <csrf> in /login?format=xml; got: $(head -c 400 <<<"$page")"
	code=$(curl -sS -m 10 -o "$RUN/login-response.txt" -w '%{http_code}' \
	    -c "$jar" -b "$jar" \
	    --data-urlencode "username=$1" --data-urlencode "password=$2" \
	    --data-urlencode "_csrf=$token" "$BASE/login") || die "POST /login failed"
	[[ $code == 303 ]] || die "POST /login as $1 answered $code, expected 303 (body in $RUN/login-response.txt)"
	SESSION=$(awk '$6 == "sl_session" { v = $7 } END { print v }' "$jar")
	[[ -n $SESSION ]] || die "no sl_session cookie after login as $1 (jar: $jar)"
	echo "logged in as $1"
}

# --- measuring ---------------------------------------------------------------
NAMES=() RPS=() P50=() P99=() BYTES=() NOTES=()
bench_failed=0

status_of() {   # status_of URL [HEADER [TIMEOUT]] -> "CODE BYTES"
	local h=()
	[[ -n ${2:-} ]] && h=(-H "$2")
	curl -s -m "${3:-10}" -o /dev/null -w '%{http_code} %{size_download}\n' "${h[@]}" "$1" ||
	    echo "000 0"
}

# bench_url NAME URL [HEADER [PAGE]]: warm up, run wrk, record one table
# row.  With PAGE=new, a 404 means the application does not serve the
# page yet: reported as such, not as a failure.
bench_url() {
	local name=$1 url=$2 header=${3:-} new=${4:-} h=() out code bytes rps p50 p99 non2xx errs note=
	[[ -n $header ]] && h=(-H "$header")
	out=$RUN/wrk-$name.txt
	echo "== $name: $url"
	read -r code bytes < <(status_of "$url" "$header")
	if [[ $code == 404 && $new == new ]]; then
		echo "$PROG: NOTE $name: $url answered 404: this build of the application does not serve the page (yet); not measured" >&2
		NAMES+=("$name") RPS+=("-") P50+=("-") P99+=("-") BYTES+=("-") NOTES+=("HTTP 404: page not served by this build")
		return 0
	fi
	if [[ $code != 200 ]]; then
		echo "$PROG: FAIL $name: answered $code before the run, expected 200" >&2
		[[ $code == 303 ]] && echo "$PROG: (303: a redirect, probably to /login: the session is not valid for this page)" >&2
		[[ $code == 403 ]] && echo "$PROG: (403: the policy refused; is ola.berg still the holder of the log?)" >&2
		bench_failed=1
		NAMES+=("$name") RPS+=("-") P50+=("-") P99+=("-") BYTES+=("-") NOTES+=("HTTP $code")
		return 0
	fi
	timeout $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" "${h[@]}" "$url" >/dev/null 2>&1 || true
	if ! timeout $((DURATION + 60)) wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency \
	    "${h[@]}" "$url" >"$out" 2>&1; then
		echo "$PROG: FAIL $name: wrk failed:" >&2
		cat "$out" >&2
		bench_failed=1
		NAMES+=("$name") RPS+=("-") P50+=("-") P99+=("-") BYTES+=("$bytes") NOTES+=("wrk failed")
		return 0
	fi
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(awk '$1 == "50%" { print $2 }' "$out")
	p99=$(awk '$1 == "99%" { print $2 }' "$out")
	non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' "$out")
	errs=$(sed -n 's/^ *Socket errors: *//p' "$out")
	if [[ -n $non2xx && $non2xx != 0 ]]; then
		note="$non2xx non-2xx/3xx"
		bench_failed=1
	fi
	# wrk counts 3xx as success: check the status again after the run.
	# (a slow page may still have the queue of the run to work off)
	read -r code _ < <(status_of "$url" "$header" 120)
	if [[ $code != 200 ]]; then
		note="${note:+$note; }HTTP $code after the run"
		bench_failed=1
	fi
	[[ -n $errs ]] && note="${note:+$note; }socket errors: $errs"
	if [[ -z $rps ]]; then
		note="${note:+$note; }could not parse wrk output"
		bench_failed=1
	elif [[ $(awk '$2 == "requests" && $3 == "in" { print $1 }' "$out") == 0 ]]; then
		note="${note:+$note; }no request finished within ${DURATION} s"
		rps=- p50=- p99=-
		bench_failed=1
	fi
	NAMES+=("$name") RPS+=("${rps:--}") P50+=("${p50:--}") P99+=("${p99:--}") BYTES+=("$bytes") NOTES+=("$note")
	grep -E '^ +[0-9]+ requests in|Requests/sec' "$out" | sed 's/^ */   /'
}

# latency NAME URL HEADER [N]: N (50) requests one after another, no
# concurrency: the time one request takes (curl's time_total), p50 and
# p99 in ms, into LATENCY_LINES.
LATENCY_LINES=()
latency() {
	local name=$1 url=$2 header=$3 n=${4:-50} i t line
	local -a ts=()
	for (( i = 0; i < n; i++ )); do
		t=$(curl -s -m 30 -o /dev/null -w '%{http_code} %{time_total}' -H "$header" "$url") || t="000 0"
		[[ ${t%% *} == 200 ]] || { LATENCY_LINES+=("$name: HTTP ${t%% *}"); bench_failed=1; return 0; }
		ts+=("${t#* }")
	done
	line=$(printf '%s\n' "${ts[@]}" | sort -n | awk -v name="$name" '{ v[NR] = $1 * 1000 }
	    END { p50 = v[int((NR + 1) / 2)]; i99 = int(NR * 0.99 + 0.5); if (i99 < 1) i99 = 1
	        printf "%s: %d sequential requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms", name, NR, p50, v[i99], v[NR] }')
	echo "   $line"
	LATENCY_LINES+=("$line")
}

print_table() {
	local i base=${RPS[0]:-} pct
	printf '%-12s %12s %10s %10s %9s %9s\n' endpoint "requests/s" p50 p99 "% hello" bytes
	for i in "${!NAMES[@]}"; do
		pct=-
		if [[ ${RPS[i]} != - && -n $base && $base != - ]]; then
			pct=$(awk -v a="${RPS[i]}" -v b="$base" 'BEGIN { printf "%.1f", 100 * a / b }')
		fi
		printf '%-12s %12s %10s %10s %9s %9s%s\n' "${NAMES[i]}" "${RPS[i]}" "${P50[i]}" "${P99[i]}" "$pct" "${BYTES[i]}" "${NOTES[i]:+  ${NOTES[i]}}"
	done
}

# --- generated data ----------------------------------------------------------
# Keep the datadir when it holds this data set (or nothing yet); otherwise
# (another size or seed, changed schema or generator, an interrupted load)
# start it afresh.  Called right after db started, before the migrations.
keep_or_recreate_db() {
	local st rc
	set +e
	st=$(bash "$POPULATE" check 2>&1)
	rc=$?
	set -e
	echo "$st"
	case $rc in
	0|1)	;;
	2)	echo "== recreating $RUN/db for BENCH_LOGS=$BENCH_LOGS"
		component db stop || die "stopping db failed"
		rm -rf "$RUN/db" "$RUN/gen"
		component db start || die "starting db failed" ;;
	*)	die "cannot inspect the benchmark database" ;;
	esac
}

# --- main --------------------------------------------------------------------
echo "== stopping leftovers in $RUN"
for (( i = ${#COMPONENTS[@]} - 1; i >= 0; i-- )); do
	component "${COMPONENTS[i]}" stop >/dev/null 2>&1 || true
done
[[ ${1:-} == stop ]] && exit 0
# The database (db/) and the generator's small side files (gen/) stay:
# populating takes minutes.
mkdir -p "$RUN"
find "$RUN" -mindepth 1 -maxdepth 1 ! -name db ! -name gen -exec rm -rf {} +

for c in "${COMPONENTS[@]}"; do
	started+=("$c")
	component "$c" start || die "starting $c failed"
	if [[ $c == db && $SCALE != 0 ]]; then
		keep_or_recreate_db
	fi
done

# check_plans MODE FILE: run populate.sh MODE into FILE; show the FAILs
# and the summary; a FAIL is a warning here (the page is measured anyway).
check_plans() {
	local rc=0
	bash "$POPULATE" "$1" >"$2" 2>&1 || rc=$?
	awk '/^     q[0-9]/ { sql = $0; next }
	    /^(PASS|FAIL)/ { show = /^FAIL/; if (show && sql != "") print sql; sql = "" }
	    /^(PASS|FAIL)/ && !show { next }
	    /^(plans|captured plans):/ { show = 0 }
	    show || /^(plans|captured plans):/ { print }' "$2"
	plans_note="${plans_note:+$plans_note; }$(tail -n 1 "$2")"
	if (( rc != 0 )); then
		plans_note="$plans_note (see $2)"
		echo "$PROG: warning: some page queries read big tables whole (see $2); measuring anyway" >&2
	fi
}

LOG_ID='' plans_note=''
if [[ $SCALE != 0 ]]; then
	echo "== populating the database (BENCH_LOGS=$BENCH_LOGS)"
	bash "$POPULATE" load || die "populating the database failed (see above)"
	LOG_ID=$(cat "$RUN/gen/bench_log_id")
	[[ $LOG_ID =~ ^[0-9]+$ ]] || die "no benchmark log id in $RUN/gen/bench_log_id"
	# the page lists its readers from the audit: start each run from
	# the generated audit trail, not from the one earlier runs left
	bash "$POPULATE" reset || die "resetting the benchmark log's audit trail failed"
	echo "== query plans of the page queries (tests/bench/populate.sh plans)"
	check_plans plans "$RUN/plans.txt"
fi

LEADER_SESSION='' ADMIN_SESSION=''
if [[ $SKIP_APP != 1 ]]; then
	# per.lund leads fjordvik-skole (about 2,000 logs in the generated
	# data); even.nilsen is the municipal admin
	login per.lund stafett-demo
	LEADER_SESSION=$SESSION
	login even.nilsen stafett-demo
	ADMIN_SESSION=$SESSION
	login ola.berg stafett-demo
fi

if [[ -n $LOG_ID ]]; then
	# The queries the measured pages really send, from the general log.
	echo "== query plans of what /start, /logs/$LOG_ID and /logs send"
	bash "$POPULATE" capture-start || die "cannot switch the general query log on"
	for u in /start "/logs/$LOG_ID" /logs; do
		curl -s -m 60 -o /dev/null -H "Cookie: sl_session=$SESSION" "$BASE$u" || true
	done
	curl -s -m 60 -o /dev/null -H "Cookie: sl_session=$LEADER_SESSION" "$BASE/overview?unit=fjordvik-skole" || true
	curl -s -m 60 -o /dev/null -H "Cookie: sl_session=$LEADER_SESSION" "$BASE/logs?role=leader&page=20" || true
	curl -s -m 60 -o /dev/null -H "Cookie: sl_session=$ADMIN_SESSION" "$BASE/admin/overview" || true
	bash "$POPULATE" capture-stop || die "cannot switch the general query log off"
	check_plans plans-captured "$RUN/plans-captured.txt"
fi

bench_url hello "$BASE/bench/hello"
if [[ $SKIP_APP != 1 ]]; then
	bench_url start "$BASE/start" "Cookie: sl_session=$SESSION"
fi
if [[ -n $LOG_ID ]]; then
	bench_url log "$BASE/logs/$LOG_ID" "Cookie: sl_session=$SESSION" new
	# The leader's overview of the unit with about 2,000 logs (issue 10:
	# at most 50 ms), and the admin's overview of every unit.
	bench_url overview "$BASE/overview?unit=fjordvik-skole" "Cookie: sl_session=$LEADER_SESSION" new
	echo "== one request at a time"
	latency overview "$BASE/overview?unit=fjordvik-skole" "Cookie: sl_session=$LEADER_SESSION"
	latency admin-overview "$BASE/admin/overview" "Cookie: sl_session=$ADMIN_SESSION" 20
	latency my-logs-p20 "$BASE/logs?role=leader&page=20" "Cookie: sl_session=$LEADER_SESSION"
	latency start "$BASE/start" "Cookie: sl_session=$SESSION"
fi

{
	echo "Stafettlogg benchmark, $(date '+%F %T'), $(nproc) CPUs, $(uname -sr)"
	echo "wrk -t$THREADS -c$CONNS -d${DURATION}s (after ${WARMUP} s warm-up), nginx 2 workers, $WORKERS FastCGI workers; client and server share the machine"
	if [[ -n $LOG_ID ]]; then
		echo "data: $BENCH_LOGS generated logs (tests/bench/generate.c); log = /logs/$LOG_ID as its holder ola.berg (level 1; 5 concerns, 15 measures, 20 bright spots)"
		echo "query $plans_note"
	else
		echo "data: demo only (BENCH_SCALE=0 or BENCH_SKIP_APP=1): the log page is not measured"
	fi
	echo
	print_table
	echo
	for line in "${LATENCY_LINES[@]}"; do
		echo "$line"
	done
	for (( i = 1; i < ${#NAMES[@]}; i++ )); do
		if [[ ${RPS[i]} != - && ${RPS[0]} != - ]]; then
			echo "${NAMES[i]}/hello: $(awk -v a="${RPS[i]}" -v b="${RPS[0]}" 'BEGIN { printf "%.1f", 100 * a / b }') %"
		fi
	done
} | tee "$RUN/bench.txt"

if (( bench_failed )); then
	echo "$PROG: FAIL: some endpoint did not answer 200 (see notes above and $RUN/wrk-*.txt)" >&2
	exit 1
fi
