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

PROG=idporten.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
script=$here/idporten.py

need_run
port=${IDP_PORT:-18443}
need_port "${IDP_PORT_NAME:-IDP_PORT}" "$port"

D=$RUN/idporten
url=http://127.0.0.1:$port
pidfile=$D/idporten.pid
log=$D/idporten.log

# "Ours" = running idporten.py with our directory.
is_ours()
{
	case $2 in
	*"$script --dir $D "*) return 0 ;;
	esac
	return 1
}

# Print the pid of our running provider and return 0; 1 when there is
# none.
our_pid()
{
	live_pid "$pidfile" is_ours
}

# 0 when our provider answers with its discovery document.
probe()
{
	curl -fsS --max-time 1 "$url/.well-known/openid-configuration" \
		2>/dev/null | grep -qF "\"issuer\": \"$url\""
}

# Stop provider $1: SIGTERM, wait at most 10 s, then SIGKILL.
stop_provider()
{
	stop_pid "$1" idporten.py TERM 10
	rm -f "$pidfile"
	return 0
}

do_start()
{
	local pid
	if pid=$(our_pid); then
		echo "idporten: already running (pid $pid, $url)"
		return 0
	fi
	rm -f "$pidfile"
	need_cmd python3 openssl curl
	need_free_port "${IDP_PORT_NAME:-IDP_PORT}" "$port"
	mkdir -p "$D"
	# setsid: a Ctrl-C at the terminal must not reach it.  The trailing
	# --port keeps "--dir $D " in the command line for is_ours.
	setsid python3 "$script" --dir "$D" --port "$port" \
		</dev/null >>"$log" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"
	# The first start makes the key: allow 15 s.
	if ! wait_ready 15000 "$pid" "idporten.py (pid $pid, $url)" probe; then
		show_tail "$log" 15
		if proc_alive "$pid"; then
			stop_provider "$pid"
		fi
		rm -f "$pidfile"
		die "idporten.py did not start"
	fi
	echo "idporten: started (pid $pid, $url)"
}

do_stop()
{
	local pid
	if ! pid=$(our_pid); then
		rm -f "$pidfile"
		echo "idporten: not running"
		return 0
	fi
	stop_provider "$pid"
	echo "idporten: stopped (pid $pid)"
}

do_status()
{
	local pid
	if pid=$(our_pid); then
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
