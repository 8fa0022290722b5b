#!/usr/bin/env bash
# tests/servers/app.sh {start|stop|status} - the Stafettlogg FastCGI server.
#
# Env:
#   RUN        absolute runtime directory (required)
#   ROOT       checkout (default: derived from this script's location)
#   LDAP_PORT  port of the private slapd (required for start)
#   BIN        application binary (default $ROOT/build/stafettlogg)
#   WORKERS    FastCGI worker processes (default 2)
#   SL_APP_EXTRA_CONF  optional extra "key = value" lines for the config,
#              separated by newlines (a literal "\n" also works).  A key
#              given here replaces the template's line for that key.
#
# Files in $RUN/app: stafettlogg.conf (generated from
# conf/demo/stafettlogg.conf.in), app.sock, app.pid (written by the app),
# app.log (stdout/stderr of migrate and serve).
set -euo pipefail
set +m    # no job control: `setsid cmd &` then execs in place and $! is the server

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PROG=app.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_run

BIN=${BIN:-$ROOT/build/stafettlogg}
WORKERS=${WORKERS:-2}
A=$RUN/app
CONF=$A/stafettlogg.conf
SOCK=$A/app.sock
PIDFILE=$A/app.pid
LOG=$A/app.log
TEMPLATE=$ROOT/conf/demo/stafettlogg.conf.in
START_TIMEOUT_MS=10000
STOP_TIMEOUT_S=15

# --- helpers ---------------------------------------------------------------
# Live, non-zombie members of process group $1.
group_members() {
	local pgid=$1 pid pg st
	ps -e -o pid=,pgid=,stat= 2>/dev/null | while read -r pid pg st; do
		[[ $pg == "$pgid" && $st != Z* ]] && echo "$pid"
	done
	return 0
}

# Ours: the command line names our config file, or the executable is $BIN.
is_ours() {
	local pid=$1 cmd=$2 exe
	[[ $cmd == *"$CONF"* ]] && return 0
	exe=$(readlink /proc/"$pid"/exe 2>/dev/null || true)
	[[ -n $exe && ${exe##*/} == "${BIN##*/}" ]] && return 0
	return 1
}

our_pid() { live_pid "$PIDFILE" is_ours; }

# Up: the socket is there and the pid file names our live server.
listening() {
	[[ -S $SOCK ]] || return 1
	our_pid >/dev/null || return 1
	return 0
}

show_log() { show_tail "$LOG" 40; }

write_conf() {
	local tmp=$CONF.tmp extra keys=() line
	[[ -r $TEMPLATE ]] || die "config template not found: $TEMPLATE"
	sed -e "s|@RUN@|$(sed_repl "$RUN")|g" \
	    -e "s|@ROOT@|$(sed_repl "$ROOT")|g" \
	    -e "s|@LDAP_PORT@|$(sed_repl "$LDAP_PORT")|g" \
	    -e "s|@WORKERS@|$(sed_repl "$WORKERS")|g" \
	    -e "s|@PORT@|$(sed_repl "${PORT:-8080}")|g" \
	    -e "s|@IDP_PORT@|$(sed_repl "${IDP_PORT:-18443}")|g" \
	    -e "s|@SMTP_PORT@|$(sed_repl "${SMTP_PORT:-18203}")|g" \
	    -e "s|@SMS_PORT@|$(sed_repl "${SMS_PORT:-18204}")|g" \
	    "$TEMPLATE" >"$tmp"
	if [[ -n ${SL_APP_EXTRA_CONF:-} ]]; then
		extra=${SL_APP_EXTRA_CONF//\\n/$'\n'}
		while IFS= read -r line; do
			if [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*= ]]; then
				keys+=("${BASH_REMATCH[1]}")
			fi
		done <<<"$extra"
		# Comment out the template's lines for keys given again, so the
		# result is the same whether the parser keeps the first or the
		# last value (or rejects duplicates).
		awk -v keys="${keys[*]}" '
			BEGIN { n = split(keys, k, " "); for (i = 1; i <= n; i++) drop[k[i]] = 1 }
			{
				line = $0
				if (line ~ /^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*=/) {
					key = line
					sub(/^[ \t]*/, "", key); sub(/[ \t]*=.*$/, "", key)
					if (key in drop) { print "# (replaced by SL_APP_EXTRA_CONF) " line; next }
				}
				print
			}' "$tmp" >"$tmp.2"
		mv "$tmp.2" "$tmp"
		{
			echo
			echo "# --- extra lines from SL_APP_EXTRA_CONF ---"
			printf '%s\n' "$extra"
		} >>"$tmp"
	fi
	if grep -q '@[A-Z_]*@' "$tmp"; then
		die "unsubstituted placeholder in $tmp: $(grep -m1 '@[A-Z_]*@' "$tmp")"
	fi
	chmod 0600 "$tmp"    # holds passwords
	mv "$tmp" "$CONF"
}

# Stop a process we started (and its process group when it leads one).
kill_ours() {
	local pid=$1 pgid left end
	pgid=$(pgid_of "$pid") || pgid=
	stop_pid -g "$pid" stafettlogg TERM "$STOP_TIMEOUT_S"
	# Workers left behind in the master's process group (setsid made the
	# master a group leader, so this group is ours).
	[[ $pgid == "$pid" ]] || return 0
	end=$(( $(now_ms) + 5000 ))
	while left=$(group_members "$pgid"); [[ -n $left ]]; do
		if (( $(now_ms) >= end )); then
			echo "$PROG: leftover processes in group $pgid: ${left//$'\n'/ }; sending SIGKILL" >&2
			kill -KILL -- "-$pgid" 2>/dev/null || true
			sleep 0.2
			break
		fi
		sleep 0.05
	done
	return 0
}

# --- actions ---------------------------------------------------------------
do_start() {
	local pid launcher
	if pid=$(our_pid); then
		echo "$PROG: already running (pid $pid, socket $SOCK)"
		return 0
	fi
	[[ -n ${LDAP_PORT:-} ]] || die "LDAP_PORT is not set"
	need_port "${LDAP_PORT_NAME:-LDAP_PORT}" "$LDAP_PORT"
	[[ $WORKERS =~ ^[0-9]+$ ]] || die "WORKERS must be a number, got '$WORKERS'"
	[[ -x $BIN ]] || die "application binary not found or not executable: $BIN (run make)"
	need_sock_path "$SOCK"

	mkdir -p "$A"
	rm -f "$SOCK" "$PIDFILE"     # stale, the server is not running
	write_conf

	echo "==== $(date '+%F %T') migrate ====" >>"$LOG"
	if ! "$BIN" migrate -c "$CONF" >>"$LOG" 2>&1 </dev/null; then
		echo "$PROG: error: '$BIN migrate -c $CONF' failed" >&2
		show_log
		exit 1
	fi

	echo "==== $(date '+%F %T') serve ====" >>"$LOG"
	setsid "$BIN" serve -c "$CONF" </dev/null >>"$LOG" 2>&1 &
	launcher=$!

	if ! wait_ready "$START_TIMEOUT_MS" "$launcher" \
	    "'$BIN serve' (socket $SOCK, pid file $PIDFILE)" listening; then
		show_log
		if proc_alive "$launcher"; then
			kill_ours "$launcher"
		fi
		exit 1
	fi
	pid=$(our_pid) || die "'$BIN serve' exited during startup"
	echo "$PROG: started (pid $pid, $WORKERS workers, socket $SOCK, log $LOG)"
}

do_stop() {
	local pid
	if ! pid=$(our_pid); then
		echo "$PROG: not running"
		return 0
	fi
	kill_ours "$pid"
	rm -f "$PIDFILE"
	echo "$PROG: stopped"
}

do_status() {
	local pid
	if pid=$(our_pid); then
		echo "$PROG: running (pid $pid, socket $SOCK)"
	else
		echo "$PROG: not running"
		return 3
	fi
}

case ${1:-} in
start)	do_start ;;
stop)	do_stop ;;
status)	do_status ;;
*)	echo "usage: RUN=/abs/dir LDAP_PORT=N $0 {start|stop|status}" >&2; exit 2 ;;
esac
