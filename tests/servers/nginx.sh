#!/usr/bin/env bash
# tests/servers/nginx.sh {start|stop|status} - private nginx in front of the app.
#
# Env:
#   RUN         absolute runtime directory (required)
#   ROOT        checkout (default: derived from this script's location)
#   PORT        TCP port on 127.0.0.1 (required for start)
#   APPSOCK     FastCGI socket of the app (default $RUN/app/app.sock)
#   HELLO_SOCK  optional: socket of tests/bench/fcgi_hello, served at
#               /bench/hello (benchmark baseline)
#
# Files in $RUN/nginx: nginx.conf (from conf/demo/nginx.conf.in), nginx.pid,
# logs/error.log, logs/access.log, tmp/.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PROG=nginx.sh

die() { echo "$PROG: error: $*" >&2; exit 1; }

[[ -n ${RUN:-} ]] || die "RUN (absolute runtime directory) is not set"
[[ $RUN == /* ]] || die "RUN must be an absolute path, got '$RUN'"

N=$RUN/nginx
CONF=$N/nginx.conf
PIDFILE=$N/nginx.pid
ERRLOG=$N/logs/error.log
APPSOCK=${APPSOCK:-$RUN/app/app.sock}
TEMPLATE=$ROOT/conf/demo/nginx.conf.in
START_TIMEOUT_MS=10000
STOP_TIMEOUT_S=10

# --- helpers ---------------------------------------------------------------
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

# The master pid from our pid file, only if it is an nginx master.
our_pid() {
	local pid cmd
	[[ -r $PIDFILE ]] || return 1
	read -r pid <"$PIDFILE" || return 1
	proc_alive "$pid" || return 1
	cmd=$(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null) || return 1
	[[ $cmd == *"nginx: master process"* || $cmd == *nginx*"$CONF"* ]] || return 1
	echo "$pid"
}

show_err() {
	if [[ -s $ERRLOG ]]; then
		echo "---- last lines of $ERRLOG ----" >&2
		tail -n 20 "$ERRLOG" >&2
		echo "----" >&2
	fi
}

sed_repl() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }

nginx_cmd() { nginx -p "$N/" -c "$CONF" -e "$ERRLOG" "$@"; }

write_conf() {
	local extra=
	[[ -r $TEMPLATE ]] || die "nginx template not found: $TEMPLATE"
	if [[ -n ${HELLO_SOCK:-} ]]; then
		extra="location = /bench/hello { include /etc/nginx/fastcgi_params; fastcgi_pass unix:$HELLO_SOCK; }"
	fi
	sed -e "s|@RUN@|$(sed_repl "$RUN")|g" \
	    -e "s|@ROOT@|$(sed_repl "$ROOT")|g" \
	    -e "s|@PORT@|$(sed_repl "$PORT")|g" \
	    -e "s|@APPSOCK@|$(sed_repl "$APPSOCK")|g" \
	    -e "s|@EXTRA@|$(sed_repl "$extra")|g" \
	    "$TEMPLATE" >"$CONF.tmp"
	if grep -q '@[A-Z_]*@' "$CONF.tmp"; then
		die "unsubstituted placeholder in $CONF.tmp: $(grep -m1 '@[A-Z_]*@' "$CONF.tmp")"
	fi
	mv "$CONF.tmp" "$CONF"
}

# --- actions ---------------------------------------------------------------
do_start() {
	local pid end out code
	if pid=$(our_pid); then
		echo "$PROG: already running (pid $pid, http://127.0.0.1:$PORT/)"
		return 0
	fi
	[[ -n ${PORT:-} ]] || die "PORT is not set"
	[[ $PORT =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$PORT'"
	command -v nginx >/dev/null || die "nginx not found (run tests/deps.sh)"

	# Fail fast and clearly when something else has the port.
	if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
		die "127.0.0.1:$PORT is already in use by another process (set another port)"
	fi

	mkdir -p "$N/logs" "$N/tmp"
	rm -f "$PIDFILE"
	write_conf

	if ! out=$(nginx_cmd -t -q 2>&1); then
		echo "$PROG: error: 'nginx -t' rejected $CONF:" >&2
		echo "$out" >&2
		exit 1
	fi
	# Daemonizes (daemon on); the master writes $PIDFILE.
	if ! out=$(nginx_cmd </dev/null 2>&1); then
		echo "$PROG: error: nginx failed to start:" >&2
		echo "$out" >&2
		[[ -n $out ]] || show_err
		exit 1
	fi

	end=$(( $(now_ms) + START_TIMEOUT_MS ))
	while :; do
		code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/static/" 2>/dev/null || true)
		if [[ -n $code && $code != 000 ]] && pid=$(our_pid); then
			break
		fi
		if (( $(now_ms) >= end )); then
			echo "$PROG: error: nginx not answering on http://127.0.0.1:$PORT/ after $((START_TIMEOUT_MS / 1000)) s" >&2
			show_err
			if pid=$(our_pid); then
				kill -TERM "$pid" 2>/dev/null || true
				wait_gone "$pid" 5 || kill -KILL "$pid" 2>/dev/null || true
			fi
			exit 1
		fi
		sleep 0.05
	done
	echo "$PROG: started (pid $pid, http://127.0.0.1:$PORT/, app socket $APPSOCK${HELLO_SOCK:+, /bench/hello -> $HELLO_SOCK})"
}

do_stop() {
	local pid
	if ! pid=$(our_pid); then
		echo "$PROG: not running"
		return 0
	fi
	kill -QUIT "$pid" 2>/dev/null || true          # graceful
	if ! wait_gone "$pid" "$STOP_TIMEOUT_S"; then
		echo "$PROG: nginx $pid still alive after ${STOP_TIMEOUT_S} s; sending SIGTERM" >&2
		kill -TERM "$pid" 2>/dev/null || true
		if ! wait_gone "$pid" 5; then
			echo "$PROG: sending SIGKILL to nginx process group $pid" >&2
			# The master called setsid(): its workers share its group.
			kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
			wait_gone "$pid" 5 || die "nginx $pid did not die after SIGKILL"
		fi
	fi
	rm -f "$PIDFILE"
	echo "$PROG: stopped"
}

do_status() {
	local pid
	if pid=$(our_pid); then
		echo "$PROG: running (pid $pid, http://127.0.0.1:${PORT:-?}/)"
	else
		echo "$PROG: not running"
		return 3
	fi
}

case ${1:-} in
start)	do_start ;;
stop)	do_stop ;;
status)	do_status ;;
*)	echo "usage: RUN=/abs/dir PORT=N [HELLO_SOCK=path] $0 {start|stop|status}" >&2; exit 2 ;;
esac
