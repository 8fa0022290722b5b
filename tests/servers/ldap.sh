#!/usr/bin/env bash
#
# ldap.sh - a private OpenLDAP slapd with the demo municipality
# (conf/demo/fjordvik.ldif), for the demo and the tests.
#
#   RUN=/abs/dir [LDAP_PORT=18389] tests/servers/ldap.sh start|stop|status
#
# Everything lives under $RUN/ldap: slapd.conf, slapd.d (cn=config),
# data (mdb), slapd.pid, slapd.log, rootpw (the random rootdn password,
# mode 0600).  Nothing is written outside $RUN.  slapd listens only on
# ldap://127.0.0.1:$LDAP_PORT/.
#
# start  first time (empty data dir): make the config from
#        conf/demo/slapd.conf.in, start slapd, wait until it answers,
#        load the LDIF online with ldapadd (so memberOf gets filled).
#        Later: start and wait.  Already running: says so, exit 0.
# stop   SIGINT to the pid in slapd.pid, wait (at most 10 s) until it is
#        gone or a zombie, else SIGKILL.  Only that pid is signalled.
# status exit 0 when running, 3 when not.
#
# LDAP_LOGLEVEL (default "stats") is slapd's -d level; output goes to
# $RUN/ldap/slapd.log.

set -eu
umask 077

PROG=ldap.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
conf_in=$top/conf/demo/slapd.conf.in
ldif=$top/conf/demo/fjordvik.ldif

suffix=dc=fjordvik,dc=kommune,dc=no
rootdn=cn=admin,$suffix

need_run
# slapd keeps the paths in cn=config, where it cannot parse these.
case $RUN in
*[\"\\[:space:][:cntrl:]]*)
	die "RUN must not hold spaces, quotes, backslashes or control" \
		"characters (slapd cannot use such paths): '$RUN'"
	;;
esac
port=${LDAP_PORT:-18389}
need_port "${LDAP_PORT_NAME:-LDAP_PORT}" "$port"
loglevel=${LDAP_LOGLEVEL:-stats}

D=$RUN/ldap
uri=ldap://127.0.0.1:$port/
pidfile=$D/slapd.pid
log=$D/slapd.log
# Clients must not read ~/.ldaprc or /etc/ldap/ldap.conf.
export LDAPNOINIT=1

# "Ours" = a slapd started with our slapd.d.
is_ours()
{
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = slapd ] || return 1
	case $2 in
	*"$D/slapd.d"*) return 0 ;;
	esac
	return 1
}

# Print the pid of our running slapd and return 0; 1 when there is none.
our_pid()
{
	live_pid "$pidfile" is_ours
}

# 0 when our directory answers on $uri.
probe()
{
	ldapsearch -LLL -x -o nettimeout=1 -H "$uri" -s base -b "" \
		namingContexts 2>/dev/null | grep -qFx "namingContexts: $suffix"
}

# Stop slapd $1: SIGINT, wait at most 10 s, then SIGKILL.
stop_slapd()
{
	stop_pid "$1" slapd INT 10
	rm -f "$pidfile"
	return 0
}

# Make slapd.conf and slapd.d for a fresh instance.
make_config()
{
	local hash
	rm -rf "$D/slapd.d"
	mkdir -p "$D/slapd.d"
	# A fresh random rootdn password; no trailing newline (-T/-y read
	# the whole file).
	head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$D/rootpw.tmp"
	mv "$D/rootpw.tmp" "$D/rootpw"
	hash=$(slappasswd -T "$D/rootpw") || die "slappasswd failed"
	sed -e "s|@RUN@|$(sed_repl "$RUN")|g" -e "s|@PORT@|$port|g" \
		-e "s|@ROOTPW@|$(sed_repl "$hash")|g" "$conf_in" >"$D/slapd.conf"
	# -n 0 converts only the config DB: a full check would try to open
	# the empty mdb and fail.
	if ! slaptest -n 0 -f "$D/slapd.conf" -F "$D/slapd.d" \
		>"$D/slaptest.log" 2>&1; then
		cat "$D/slaptest.log" >&2
		die "slaptest could not convert $D/slapd.conf"
	fi
}

do_start()
{
	local pid fresh=0
	if pid=$(our_pid); then
		echo "ldap: already running (pid $pid, $uri)"
		return 0
	fi
	rm -f "$pidfile"
	mkdir -p "$D/data"
	if [ -z "$(ls -A "$D/data")" ] || [ ! -d "$D/slapd.d/cn=config" ]; then
		fresh=1
	fi
	need_free_port "${LDAP_PORT_NAME:-LDAP_PORT}" "$port"
	[ "$fresh" = 0 ] || make_config

	# -d keeps slapd in the foreground so its log can go to a file; it
	# still writes the pid file.  setsid: a Ctrl-C at the terminal must
	# not reach it.
	setsid slapd -F "$D/slapd.d" -h "$uri" -d "$loglevel" \
		</dev/null >>"$log" 2>&1 &
	pid=$!
	if ! wait_ready 10000 "$pid" "slapd (pid $pid, $uri)" probe; then
		show_tail "$log" 15
		if proc_alive "$pid"; then
			stop_slapd "$pid"
		fi
		# A half-made instance would not be loaded next time.
		[ "$fresh" = 0 ] || rm -rf "$D/data" "$D/slapd.d"
		die "slapd did not start"
	fi

	if [ "$fresh" = 1 ]; then
		if ! ldapadd -x -H "$uri" -D "$rootdn" -y "$D/rootpw" \
			-f "$ldif" >"$D/load.log" 2>&1; then
			cat "$D/load.log" >&2
			stop_slapd "$pid"
			# Start from scratch next time.
			rm -rf "$D/data" "$D/slapd.d"
			die "loading $ldif failed"
		fi
	fi
	echo "ldap: started (pid $pid, $uri)"
}

do_stop()
{
	local pid
	if ! pid=$(our_pid); then
		rm -f "$pidfile"
		echo "ldap: not running"
		return 0
	fi
	stop_slapd "$pid"
	echo "ldap: stopped (pid $pid)"
}

do_status()
{
	local pid
	if pid=$(our_pid); then
		if probe; then
			echo "ldap: running (pid $pid, $uri)"
		else
			echo "ldap: running (pid $pid) but not answering on $uri"
		fi
		return 0
	fi
	echo "ldap: not running"
	return 3
}

case ${1:-} in
start) do_start ;;
stop) do_stop ;;
status) do_status ;;
*)
	echo "usage: RUN=/abs/dir [LDAP_PORT=18389] $0 start|stop|status" >&2
	exit 2
	;;
esac
