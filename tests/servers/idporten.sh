#!/usr/bin/env bash
#
# idporten.sh - a private ID-porten stand-in (tests/servers/idporten.py,
# an OpenID Connect provider with a test login form), for the demo and
# the tests of the family login.
#
#   RUN=/abs/dir [IDP_PORT=18443] tests/servers/idporten.sh start|stop|status
#
# Everything lives under $RUN/idporten: key.pem (the RSA signing key,
# made once, mode 0600), idporten.pid, idporten.log.  Nothing is written
# outside $RUN.  The provider listens only on http://127.0.0.1:$IDP_PORT,
# which is also its issuer; endpoints /authorize, /token, /jwks and
# /.well-known/openid-configuration.
#
# Settings for the application (see fcgi/oidc.h):
#   oidc_issuer        = http://127.0.0.1:$IDP_PORT
#   oidc_authorize_url = http://127.0.0.1:$IDP_PORT/authorize
#   oidc_token_url     = http://127.0.0.1:$IDP_PORT/token
#   oidc_jwks_url      = http://127.0.0.1:$IDP_PORT/jwks
#   oidc_client_id     = $IDP_CLIENT_ID     (default stafettlogg-demo)
#   oidc_client_secret = $IDP_CLIENT_SECRET (default demo-idp-secret)
# Also passed on: IDP_REDIRECT_URIS, IDP_BAD (see idporten.py).
#
# start  start python3 idporten.py in its own session, wait (at most
#        15 s, the first start makes the key) until the discovery
#        document answers.  Already running: says so, exit 0.
# stop   SIGTERM to the pid in idporten.pid, wait (at most 10 s) until it
#        is gone or a zombie, else SIGKILL.  Only that pid is signalled.
# status exit 0 when running, 3 when not.

set -eu
set +m    # no job control: `setsid cmd &` execs in place, $! is the server
umask 077

here=$(cd "$(dirname "$0")" && pwd)
script=$here/idporten.py

die()
{
	echo "idporten.sh: $*" >&2
	exit 1
}

[ -n "${RUN:-}" ] || die "set RUN to the runtime directory (absolute path)"
case $RUN in
/*) ;;
*) die "RUN must be an absolute path, not '$RUN'" ;;
esac
port=${IDP_PORT:-18443}
case $port in
'' | *[!0-9]*) die "IDP_PORT must be a number, not '$port'" ;;
esac
if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
	die "IDP_PORT out of range: $port"
fi

D=$RUN/idporten
url=http://127.0.0.1:$port
pidfile=$D/idporten.pid
log=$D/idporten.log

now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}

# State letter of process $1 from /proc (empty when it does not exist).
proc_state()
{
	awk '/^State:/ { print $2; exit }' "/proc/$1/status" 2>/dev/null || true
}

# 0 when process $1 has exited (gone, or a zombie not yet reaped).
proc_gone()
{
	local st
	st=$(proc_state "$1")
	[ -z "$st" ] || [ "$st" = Z ]
}

# Print the pid of our running provider and return 0; 1 when there is
# none.  "Ours" = the pid in our pid file, alive, running idporten.py
# with our directory (so a reused pid is never taken for it).
live_pid()
{
	local pid cmd
	[ -r "$pidfile" ] || return 1
	pid=$(head -n 1 "$pidfile" 2>/dev/null) || return 1
	case $pid in
	'' | *[!0-9]*) return 1 ;;
	esac
	proc_gone "$pid" && return 1
	cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
	case $cmd in
	*"$script --dir $D "*) ;;
	*) return 1 ;;
	esac
	echo "$pid"
}

# 0 when our provider answers with its discovery document.
probe()
{
	curl -fsS --max-time 1 "$url/.well-known/openid-configuration" \
		2>/dev/null | grep -qF "\"issuer\": \"$url\""
}

# 0 when something accepts TCP connections on the port.
port_busy()
{
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Wait until provider $1 answers: poll every 50 ms, at most 15 s.
wait_ready()
{
	local pid=$1 deadline
	deadline=$(($(now_ms) + 15000))
	while :; do
		if probe; then
			return 0
		fi
		if proc_gone "$pid"; then
			echo "idporten.sh: idporten.py (pid $pid) exited while" \
				"starting; last lines of $log:" >&2
			tail -n 15 "$log" >&2 || true
			return 1
		fi
		if [ "$(now_ms)" -ge "$deadline" ]; then
			echo "idporten.sh: idporten.py (pid $pid) did not answer" \
				"on $url within 15 s; last lines of $log:" >&2
			tail -n 15 "$log" >&2 || true
			return 1
		fi
		sleep 0.05
	done
}

# Stop process $1: SIGTERM, wait at most 10 s, then SIGKILL.
stop_pid()
{
	local pid=$1 deadline
	kill -TERM "$pid" 2>/dev/null || true
	deadline=$(($(now_ms) + 10000))
	while ! proc_gone "$pid"; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			echo "idporten.sh: idporten.py (pid $pid) ignored SIGTERM" \
				"for 10 s; sending SIGKILL" >&2
			kill -KILL "$pid" 2>/dev/null || true
			deadline=$(($(now_ms) + 5000))
			while ! proc_gone "$pid"; do
				[ "$(now_ms)" -lt "$deadline" ] ||
					die "idporten.py (pid $pid) survived SIGKILL"
				sleep 0.05
			done
			break
		fi
		sleep 0.05
	done
	rm -f "$pidfile"
}

do_start()
{
	local pid
	if pid=$(live_pid); then
		echo "idporten: already running (pid $pid, $url)"
		return 0
	fi
	rm -f "$pidfile"
	command -v python3 >/dev/null || die "python3 is not installed"
	command -v openssl >/dev/null || die "openssl is not installed"
	command -v curl >/dev/null || die "curl is not installed"
	if port_busy; then
		die "port $port is already in use; set IDP_PORT"
	fi
	mkdir -p "$D"
	# setsid: a Ctrl-C at the terminal must not reach it.  The trailing
	# --port keeps "--dir $D " in the command line for live_pid.
	setsid python3 "$script" --dir "$D" --port "$port" \
		</dev/null >>"$log" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"
	if ! wait_ready "$pid"; then
		proc_gone "$pid" || stop_pid "$pid"
		rm -f "$pidfile"
		die "idporten.py did not start"
	fi
	echo "idporten: started (pid $pid, $url)"
}

do_stop()
{
	local pid
	if ! pid=$(live_pid); then
		rm -f "$pidfile"
		echo "idporten: not running"
		return 0
	fi
	stop_pid "$pid"
	echo "idporten: stopped (pid $pid)"
}

do_status()
{
	local pid
	if pid=$(live_pid); then
		if probe; then
			echo "idporten: running (pid $pid, $url)"
		else
			echo "idporten: running (pid $pid) but not answering on $url"
		fi
		return 0
	fi
	echo "idporten: not running"
	return 3
}

case ${1:-} in
start) do_start ;;
stop) do_stop ;;
status) do_status ;;
*)
	echo "usage: RUN=/abs/dir [IDP_PORT=18443] $0 start|stop|status" >&2
	exit 2
	;;
esac
