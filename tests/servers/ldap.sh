#!/usr/bin/env bash
#
# ldap.sh - a private OpenLDAP slapd with the demo municipality
# (conf/demo/fjordvik.ldif), for the demo and the tests.
#
#   RUN=/abs/dir [LDAP_PORT=33389] tests/servers/ldap.sh start|stop|status
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

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
conf_in=$top/conf/demo/slapd.conf.in
ldif=$top/conf/demo/fjordvik.ldif

suffix=dc=fjordvik,dc=kommune,dc=no
rootdn=cn=admin,$suffix

die()
{
	echo "ldap.sh: $*" >&2
	exit 1
}

[ -n "${RUN:-}" ] || die "set RUN to the runtime directory (absolute path)"
case $RUN in
/*) ;;
*) die "RUN must be an absolute path, not '$RUN'" ;;
esac
# slapd keeps the paths in cn=config, where it cannot parse these.
case $RUN in
*[\"\\[:space:][:cntrl:]]*)
	die "RUN must not hold spaces, quotes, backslashes or control" \
		"characters (slapd cannot use such paths): '$RUN'"
	;;
esac
port=${LDAP_PORT:-33389}
case $port in
'' | *[!0-9]*) die "LDAP_PORT must be a number, not '$port'" ;;
esac
if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
	die "LDAP_PORT out of range: $port"
fi
loglevel=${LDAP_LOGLEVEL:-stats}

D=$RUN/ldap
uri=ldap://127.0.0.1:$port/
pidfile=$D/slapd.pid
log=$D/slapd.log
# Clients must not read ~/.ldaprc or /etc/ldap/ldap.conf.
export LDAPNOINIT=1

# $1 escaped for a sed replacement with '|' as the delimiter.
sed_repl()
{
	printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'
}

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

# Print the pid of our running slapd and return 0; 1 when there is none.
# "Ours" = the pid in our pid file, alive, named slapd, and started
# with our slapd.d (so a reused pid is never taken for it).
live_pid()
{
	local pid
	[ -r "$pidfile" ] || return 1
	pid=$(head -n 1 "$pidfile" 2>/dev/null) || return 1
	case $pid in
	'' | *[!0-9]*) return 1 ;;
	esac
	proc_gone "$pid" && return 1
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = slapd ] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$D/slapd.d" ||
		return 1
	echo "$pid"
}

# 0 when our directory answers on $uri.
probe()
{
	ldapsearch -LLL -x -o nettimeout=1 -H "$uri" -s base -b "" \
		namingContexts 2>/dev/null | grep -qFx "namingContexts: $suffix"
}

# 0 when something accepts TCP connections on the port.
port_busy()
{
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Wait until slapd $1 answers: poll every 50 ms, at most 10 s.
wait_ready()
{
	local pid=$1 deadline
	deadline=$(($(now_ms) + 10000))
	while :; do
		if probe; then
			return 0
		fi
		if proc_gone "$pid"; then
			echo "ldap.sh: slapd (pid $pid) exited while starting;" \
				"last lines of $log:" >&2
			tail -n 15 "$log" >&2 || true
			return 1
		fi
		if [ "$(now_ms)" -ge "$deadline" ]; then
			echo "ldap.sh: slapd (pid $pid) did not answer on $uri" \
				"within 10 s; last lines of $log:" >&2
			tail -n 15 "$log" >&2 || true
			return 1
		fi
		sleep 0.05
	done
}

# Stop process $1: SIGINT, wait at most 10 s, then SIGKILL.
stop_pid()
{
	local pid=$1 deadline
	kill -INT "$pid" 2>/dev/null || true
	deadline=$(($(now_ms) + 10000))
	while ! proc_gone "$pid"; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			echo "ldap.sh: slapd (pid $pid) ignored SIGINT for 10 s;" \
				"sending SIGKILL" >&2
			kill -KILL "$pid" 2>/dev/null || true
			deadline=$(($(now_ms) + 5000))
			while ! proc_gone "$pid"; do
				[ "$(now_ms)" -lt "$deadline" ] ||
					die "slapd (pid $pid) survived SIGKILL"
				sleep 0.05
			done
			break
		fi
		sleep 0.05
	done
	rm -f "$pidfile"
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
	if pid=$(live_pid); then
		echo "ldap: already running (pid $pid, $uri)"
		return 0
	fi
	rm -f "$pidfile"
	mkdir -p "$D/data"
	if [ -z "$(ls -A "$D/data")" ] || [ ! -d "$D/slapd.d/cn=config" ]; then
		fresh=1
	fi
	if port_busy; then
		die "port $port is already in use; set LDAP_PORT"
	fi
	[ "$fresh" = 0 ] || make_config

	# -d keeps slapd in the foreground so its log can go to a file; it
	# still writes the pid file.  setsid: a Ctrl-C at the terminal must
	# not reach it.
	setsid slapd -F "$D/slapd.d" -h "$uri" -d "$loglevel" \
		</dev/null >>"$log" 2>&1 &
	pid=$!
	if ! wait_ready "$pid"; then
		proc_gone "$pid" || stop_pid "$pid"
		# A half-made instance would not be loaded next time.
		[ "$fresh" = 0 ] || rm -rf "$D/data" "$D/slapd.d"
		die "slapd did not start"
	fi

	if [ "$fresh" = 1 ]; then
		if ! ldapadd -x -H "$uri" -D "$rootdn" -y "$D/rootpw" \
			-f "$ldif" >"$D/load.log" 2>&1; then
			cat "$D/load.log" >&2
			stop_pid "$pid"
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
	if ! pid=$(live_pid); then
		rm -f "$pidfile"
		echo "ldap: not running"
		return 0
	fi
	stop_pid "$pid"
	echo "ldap: stopped (pid $pid)"
}

do_status()
{
	local pid
	if pid=$(live_pid); then
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
	echo "usage: RUN=/abs/dir [LDAP_PORT=33389] $0 start|stop|status" >&2
	exit 2
	;;
esac
