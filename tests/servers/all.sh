#!/usr/bin/env bash
# tests/servers/all.sh {start|stop} - the whole private stack.
#
# start: db, ldap, app, nginx (in that order); if one fails, whatever was
#        started is stopped again and the exit status is 1.
# stop:  nginx, app, ldap, db; carries on past failures, exit 1 if any.
#
# Env: RUN, PORT, LDAP_PORT, IDP_PORT (required), SMTP_PORT and SMS_PORT
# (optional: when SMTP_PORT is set, the SMTP and SMS sinks of the notice
# tests are started too, tests/servers/sinks.sh), ROOT, BIN, WORKERS,
# HELLO_SOCK, SL_APP_EXTRA_CONF (optional) - passed on to the per-server
# scripts.  PORT_NAME, LDAP_PORT_NAME, IDP_PORT_NAME: the variables the user
# sets for these ports (e.g. TEST_PORT), named in messages.
#
# Before anything is started, every port must be a number, the three must
# differ, and each must be free (bindable) unless our own server already
# holds it; otherwise it stops at once and names the variable to change.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export ROOT
PROG=all.sh
S=$ROOT/tests/servers
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_run
export RUN

server() {       # server NAME ACTION
	local script=$S/$1.sh
	[[ -f $script ]] || { echo "$PROG: error: $script is missing" >&2; return 1; }
	bash "$script" "$2"
}

# check_ports: all three ports valid, distinct and free (see above).
check_ports() {
	local v name port server
	local -A seen=()
	local list="PORT:nginx LDAP_PORT:ldap IDP_PORT:idporten"
	[[ -n ${SMTP_PORT:-} ]] && list+=" SMTP_PORT:sinks SMS_PORT:sinks"
	for v in $list; do
		server=${v#*:} v=${v%%:*}
		name=${v}_NAME name=${!name:-$v}
		port=${!v:-}
		[[ -n $port ]] || die "$name is not set"
		need_port "$name" "$port"
		port=$((10#$port))
		[[ -z ${seen[$port]:-} ]] ||
			die "$name and ${seen[$port]} are both $port; give them different ports"
		seen[$port]=$name
		# Ours already (a second `make demo-start`): it keeps its port.
		# (SMTP_PORT and SMS_PORT both belong to the sinks.)
		server "$server" status >/dev/null 2>&1 && continue
		need_free_port "$name" "$port"
	done
	return 0
}

do_start() {
	export PORT LDAP_PORT IDP_PORT PORT_NAME LDAP_PORT_NAME IDP_PORT_NAME
	check_ports
	local s servers="db ldap idporten app nginx"
	if [[ -n ${SMTP_PORT:-} ]]; then
		export SMTP_PORT SMS_PORT SMTP_PORT_NAME SMS_PORT_NAME
		servers="sinks $servers"
	fi
	for s in $servers; do
		if ! server "$s" start; then
			echo "$PROG: error: starting '$s' failed; stopping what was started" >&2
			do_stop || true
			return 1
		fi
	done
	echo "$PROG: all servers running (http://127.0.0.1:$PORT/)"
}

do_stop() {
	local s rc=0
	[[ -n ${PORT:-} ]] && export PORT
	[[ -n ${LDAP_PORT:-} ]] && export LDAP_PORT
	[[ -n ${IDP_PORT:-} ]] && export IDP_PORT
	[[ -n ${SMTP_PORT:-} ]] && export SMTP_PORT SMS_PORT
	for s in nginx app idporten ldap db sinks; do
		if ! server "$s" stop; then
			echo "$PROG: warning: stopping '$s' failed; continuing" >&2
			rc=1
		fi
	done
	return $rc
}

case ${1:-} in
start)	do_start ;;
stop)	do_stop ;;
*)	echo "usage: RUN=/abs/dir PORT=N LDAP_PORT=N IDP_PORT=N $0 {start|stop}" >&2; exit 2 ;;
esac
