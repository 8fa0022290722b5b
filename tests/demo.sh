#!/usr/bin/env bash
# tests/demo.sh {run|start|stop} - the demo municipality (Fjordvik kommune).
#
#   run    start everything, print the logins, wait for Ctrl-C/SIGTERM, stop
#   start  start everything, print the logins, return (stop with `stop`)
#   stop   stop everything
#
# Env: DEMO_PORT (http, default 8080), DEMO_LDAP_PORT (slapd, default
# 8389), DEMO_IDP_PORT (the ID-porten stand-in, default 8443), BIN,
# WORKERS; DEMO_RUN (default $ROOT/run/demo).  All state lives in $DEMO_RUN
# (kept between runs).
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
RUN=${DEMO_RUN:-$ROOT/run/demo}
PORT=${DEMO_PORT:-8080}
LDAP_PORT=${DEMO_LDAP_PORT:-8389}
IDP_PORT=${DEMO_IDP_PORT:-8443}
PORT_NAME=DEMO_PORT LDAP_PORT_NAME=DEMO_LDAP_PORT IDP_PORT_NAME=DEMO_IDP_PORT
export ROOT RUN PORT LDAP_PORT IDP_PORT PORT_NAME LDAP_PORT_NAME IDP_PORT_NAME
ALL=$ROOT/tests/servers/all.sh

print_logins() {
	cat <<-TXT

	Stafettlogg demo (Fjordvik kommune) is running:

	    http://127.0.0.1:$PORT/

	Demo logins - every user has the password: stafett-demo

	    user          name           role               unit
	    ------------  -------------  -----------------  ----------------------------------------
	    kari.holm     Kari Holm      leader             Solbakken barnehage
	    ola.berg      Ola Berg       staff              Solbakken barnehage
	    ingrid.dahl   Ingrid Dahl    staff              Fjordvik skole
	    per.lund      Per Lund       leader             Fjordvik skole
	    ase.ovrebo    Åse Øvrebø     staff              Fjordvik helsestasjon
	    jonas.moe     Jonas Moe      staff              PPT Fjordvik
	    sofie.strand  Sofie Strand   leader             Barneverntjenesten
	    even.nilsen   Even Nilsen    municipal admin    (whole municipality)
	    lise.ahmadi   Lise Ahmadi    staff              Solbakken barnehage + Fjordvik helsestasjon

	Families log in with ID-porten: "Logg inn med ID-porten" on the login page
	leads to a local stand-in (http://127.0.0.1:$IDP_PORT/) where you pick a
	test person. Demo logs exist for:

	    14838510036   Testforelder Fjord  guardian of Testbarn Strand (held by ola.berg)
	    09881050150   Testungdom Berg     16, her own log (held by ingrid.dahl)

	All people are fictional; identity numbers are synthetic.

	Logs: $RUN/app/app.log, $RUN/nginx/logs/error.log, $RUN/db/db.err
	TXT
}

# Two fictional logs in an empty demo database, so there is something to see.
# As the database's administrator: root, or the user who started it (db.sh).
seed() {
	local n admin=root
	(( EUID == 0 )) || admin=$(id -un)
	n=$(mariadb --no-defaults -S "$RUN/db/db.sock" -u"$admin" -N -B stafettlogg \
	    -e 'SELECT COUNT(*) FROM log')
	if [[ $n == 0 ]]; then
		mariadb --no-defaults -S "$RUN/db/db.sock" -u"$admin" stafettlogg \
		    < "$ROOT/conf/demo/demo-data.sql"
		echo "demo: loaded the demo logs (conf/demo/demo-data.sql)"
	fi
}

start() {
	mkdir -p "$RUN"
	"$ALL" start
	seed
	print_logins
}

stop() {
	"$ALL" stop
}

case ${1:-} in
start)
	start
	echo "Stop it with: make demo-stop"
	;;
run)
	stopping=0
	sleeper=
	cleanup() {
		(( stopping )) && return 0
		stopping=1
		[[ -n $sleeper ]] && kill "$sleeper" 2>/dev/null || true
		echo
		echo "demo: stopping ..."
		stop || true
	}
	trap 'cleanup; exit 0' INT TERM
	trap cleanup EXIT
	start
	echo "Press Ctrl-C to stop."
	# sleep in the background so that the trap runs at once on a signal.
	while :; do
		sleep 3600 &
		sleeper=$!
		wait "$sleeper" || true
	done
	;;
stop)
	stop
	;;
*)
	echo "usage: $0 {run|start|stop}" >&2
	exit 2
	;;
esac
