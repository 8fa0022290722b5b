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
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_run

N=$RUN/nginx
CONF=$N/nginx.conf
PIDFILE=$N/nginx.pid
ERRLOG=$N/logs/error.log
APPSOCK=${APPSOCK:-$RUN/app/app.sock}
TEMPLATE=$ROOT/conf/demo/nginx.conf.in
START_TIMEOUT_MS=10000
STOP_TIMEOUT_S=10

# --- helpers ---------------------------------------------------------------
# Ours: an nginx master process (with our config).
is_ours() {
	local cmd=$2
	[[ $cmd == *"nginx: master process"* || $cmd == *nginx*"$CONF"* ]] || return 1
	return 0
}

our_pid() { live_pid "$PIDFILE" is_ours; }

# http_code PATH: the status of GET PATH on our port ("000": no answer).
http_code() {
	curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$PORT$1" 2>/dev/null || true
	return 0
}

# Up: answers http on the port (with any status), and the pid file names
# our master.
answering() {
	local code
	code=$(http_code /static/style.css)
	[[ -n $code && $code != 000 ]] || return 1
	our_pid >/dev/null || return 1
	return 0
}

# Up is not enough: the stylesheet must come with 200 (the workers can read
# the checkout) and, when the app's socket exists, /login with 200 (they
# can reach the socket and the app answers).  A 403 or 502 is a failure,
# said at once with its likely cause.
serving() {
	local code who
	who=$(id -un)
	code=$(http_code /static/style.css)
	if [[ $code != 200 ]]; then
		echo "$PROG: error: GET http://127.0.0.1:$PORT/static/style.css answered $code, not 200:" \
		    "nginx's workers (user $who) cannot read $ROOT/xslt/static/ (every directory above it" \
		    "must be enterable by $who)" >&2
		return 1
	fi
	[[ -S $APPSOCK ]] || return 0
	code=$(http_code /login)
	if [[ $code != 200 ]]; then
		echo "$PROG: error: GET http://127.0.0.1:$PORT/login answered $code, not 200:" \
		    "nginx's workers (user $who) cannot reach the app's socket $APPSOCK, or the app" \
		    "failed (see $RUN/app/app.log)" >&2
		return 1
	fi
	return 0
}

show_err() {
	[[ -s $ERRLOG ]] && show_tail "$ERRLOG" 20
	return 0
}

nginx_cmd() { nginx -p "$N/" -c "$CONF" -e "$ERRLOG" "$@"; }

# The template's worker user line: the invoking user when root (see
# conf/demo/nginx.conf.in), else nothing.
user_line() {
	(( EUID == 0 )) || return 0
	printf 'user %s %s;' "$(id -un)" "$(id -gn)"
	return 0
}

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
	    -e "s|@USER@|$(sed_repl "$(user_line)")|g" \
	    -e "s|@EXTRA@|$(sed_repl "$extra")|g" \
	    "$TEMPLATE" >"$CONF.tmp"
	if grep -q '@[A-Z_]*@' "$CONF.tmp"; then
		die "unsubstituted placeholder in $CONF.tmp: $(grep -m1 '@[A-Z_]*@' "$CONF.tmp")"
	fi
	mv "$CONF.tmp" "$CONF"
}

# --- actions ---------------------------------------------------------------
do_start() {
	local pid out
	if pid=$(our_pid); then
		echo "$PROG: already running (pid $pid, http://127.0.0.1:$PORT/)"
		return 0
	fi
	[[ -n ${PORT:-} ]] || die "PORT is not set"
	need_port "${PORT_NAME:-PORT}" "$PORT"
	need_cmd nginx curl
	need_free_port "${PORT_NAME:-PORT}" "$PORT"

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

	# nginx has daemonized: no process of ours to watch while waiting.
	if ! wait_ready "$START_TIMEOUT_MS" "" \
	    "nginx on http://127.0.0.1:$PORT/" answering || ! serving; then
		show_err
		if pid=$(our_pid); then
			stop_pid -g "$pid" nginx TERM 5
		fi
		exit 1
	fi
	pid=$(our_pid) || die "nginx exited during startup"
	echo "$PROG: started (pid $pid, http://127.0.0.1:$PORT/, app socket $APPSOCK${HELLO_SOCK:+, /bench/hello -> $HELLO_SOCK})"
}

do_stop() {
	local pid
	if ! pid=$(our_pid); then
		echo "$PROG: not running"
		return 0
	fi
	# SIGQUIT: graceful.  The master called setsid(): its workers share
	# its group, which gets the SIGKILL if it comes to that.
	stop_pid -g "$pid" nginx QUIT "$STOP_TIMEOUT_S" TERM 5
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
