# shellcheck shell=bash
# tests/servers/lib.sh - helpers shared by the scripts in tests/servers/.
#
# Sourced, never run:
#   PROG=name.sh
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# PROG names the script in messages (default: the script's file name).
# A script that uses wait_ready defines our_pid: print the pid of its
# running server and return 0, else return 1 (usually with live_pid).
#
# Every function ends with an explicit status: a bare `return` in an EXIT
# trap would return the status the script is exiting with.  Nothing here
# needs or breaks pipefail.  Processes are only ever signalled by pid
# (never by name), and only pids that live_pid has checked or that the
# script started itself.

: "${PROG:=${0##*/}}"

# --- messages and checks of the environment ---------------------------------

die() {
	echo "$PROG: error: $*" >&2
	exit 1
}

# RUN must be set to an absolute path.
need_run() {
	[[ -n ${RUN:-} ]] || die "RUN (absolute runtime directory) is not set"
	[[ $RUN == /* ]] || die "RUN must be an absolute path, got '$RUN'"
	return 0
}

# need_port NAME VALUE: VALUE (of variable NAME) must be a TCP port number.
need_port() {
	local name=$1 port=$2
	[[ $port =~ ^[0-9]+$ ]] || die "$name must be a number, got '$port'"
	if (( ${#port} > 5 || 10#$port < 1 || 10#$port > 65535 )); then
		die "$name out of range (1-65535): $port"
	fi
	return 0
}

# port_bindable PORT: 0 when a server could bind 127.0.0.1:PORT now, the
# way nginx, slapd and the ID-porten stand-in do (SO_REUSEADDR).  Binding,
# not connecting: a port held by an outgoing connection (Linux takes those
# from 32768-60999) accepts no connection, yet cannot be bound either.
port_bindable() {
	python3 - "$1" <<-'PY'
	import socket, sys
	s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
	s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	try:
	    s.bind(("127.0.0.1", int(sys.argv[1])))
	except OSError:
	    sys.exit(1)
	PY
}

# need_free_port NAME PORT: 127.0.0.1:PORT must be free (bindable), else
# die with a message that names NAME, the variable the user sets (e.g.
# TEST_LDAP_PORT), so the conflict is clear before anything is started.
need_free_port() {
	local name=$1 port=$2
	need_cmd python3
	if ! port_bindable "$port"; then
		die "port $port on 127.0.0.1 is already in use (by another program or an" \
		    "outgoing connection); choose another one with $name=<port> (see README, \"Ports\")"
	fi
	return 0
}

# need_cmd CMD...: each CMD must be installed.
need_cmd() {
	local cmd
	for cmd in "$@"; do
		command -v "$cmd" >/dev/null || die "$cmd not found (run tests/deps.sh)"
	done
	return 0
}

# need_sock_path PATH: PATH must fit in a unix socket address.
need_sock_path() {
	(( ${#1} < 108 )) ||
		die "socket path too long for a unix socket (${#1} >= 108): $1"
	return 0
}

# show_tail FILE LINES: the last LINES lines of FILE on stderr.
show_tail() {
	if [[ -s $1 ]]; then
		echo "---- last lines of $1 ----" >&2
		tail -n "$2" "$1" >&2 || true
		echo "----" >&2
	else
		echo "($1 is empty or missing)" >&2
	fi
	return 0
}

# sed_repl STRING: STRING escaped for a sed replacement with '|' as the
# delimiter.
sed_repl() {
	printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'
	return 0
}

# --- processes ---------------------------------------------------------------

# Milliseconds since the epoch.
now_ms() {
	local t=${EPOCHREALTIME//[!0-9]/}    # seconds and 6 decimals, any locale
	echo $(( 10#$t / 1000 ))
	return 0
}

# proc_alive PID: 0 when PID exists and is not a zombie.  An exited
# server counts as gone although it may stay a zombie for a while: PID 1
# here reaps orphans slowly.
proc_alive() {
	local pid=$1 key val
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	[[ -r /proc/$pid/status ]] || return 1
	while read -r key val _; do
		if [[ $key == State: ]]; then
			[[ $val == Z || $val == X ]] && return 1
			return 0
		fi
	done 2>/dev/null </proc/"$pid"/status
	return 1
}

# wait_gone PID SECONDS: poll every 50 ms until PID is gone (or a
# zombie): 0 then, 1 when it is still alive after SECONDS.
wait_gone() {
	local pid=$1 end
	end=$(( $(now_ms) + $2 * 1000 ))
	while proc_alive "$pid"; do
		(( $(now_ms) < end )) || return 1
		sleep 0.05
	done
	return 0
}

# pgid_of PID: the process group of PID.
pgid_of() {
	local stat pgrp
	read -r stat 2>/dev/null </proc/"$1"/stat || return 1
	# "pid (comm) state ppid pgrp ...": comm may hold spaces and ")".
	read -r _ _ pgrp _ <<<"${stat##*) }"
	[[ $pgrp =~ ^[0-9]+$ ]] || return 1
	echo "$pgrp"
	return 0
}

# live_pid PIDFILE IS_OURS: print the pid on the first line of PIDFILE
# and return 0 when that process is alive (not a zombie) and is our
# server, else return 1.  IS_OURS is a function of the caller, called as
# IS_OURS PID CMDLINE (the arguments joined by spaces, each followed by
# one) and returning 0 only for our server: so a recycled pid is never
# taken for it, and never signalled.
live_pid() {
	local pidfile=$1 is_ours=$2 pid="" cmd
	[[ -r $pidfile ]] || return 1
	{ read -r pid _ || [[ -n $pid ]]; } 2>/dev/null <"$pidfile" || return 1
	proc_alive "$pid" || return 1
	cmd=$(tr '\0' ' ' 2>/dev/null </proc/"$pid"/cmdline) || return 1
	"$is_ours" "$pid" "$cmd" || return 1
	echo "$pid"
	return 0
}

# wait_ready MS PID WHAT READY...: poll every 50 ms, for at most MS
# milliseconds, until the command READY... succeeds: 0 then.  Says why
# on stderr and returns 1 when the server exited first (PID, the process
# we started, is gone and our_pid finds no server; PID "" skips this) or
# did not get ready in time.  WHAT names the server in messages.
wait_ready() {
	local ms=$1 pid=$2 what=$3 end
	shift 3
	end=$(( $(now_ms) + ms ))
	until "$@"; do
		if [[ -n $pid ]] && ! proc_alive "$pid" && ! our_pid >/dev/null; then
			echo "$PROG: error: $what exited during startup" >&2
			return 1
		fi
		if (( $(now_ms) >= end )); then
			echo "$PROG: error: $what not ready after $(( ms / 1000 )) s" >&2
			return 1
		fi
		sleep 0.05
	done
	return 0
}

# stop_pid [-g] PID WHAT SIG SECONDS [SIG SECONDS]...: stop our process
# PID (WHAT names it in messages).  For each SIG SECONDS: send SIG ("-":
# none, the caller has already asked it to stop) and wait up to SECONDS
# for PID to be gone (or a zombie).  Then SIGKILL: with -g to PID's whole
# process group when PID leads one (a server that called setsid, whose
# workers share its group), else to PID only; and wait 5 s more.
# 0 when PID is gone; dies when it survives SIGKILL.
stop_pid() {
	local group=0 pid what sig secs pgid=
	if [[ $1 == -g ]]; then
		group=1
		shift
	fi
	pid=$1 what=$2
	shift 2
	if (( group )); then
		# Before any signal: /proc/PID is gone once it has exited.
		pgid=$(pgid_of "$pid") || pgid=
	fi
	while (( $# >= 2 )); do
		sig=$1 secs=$2
		shift 2
		if [[ $sig != - ]]; then
			kill -"$sig" "$pid" 2>/dev/null || true
		fi
		wait_gone "$pid" "$secs" && return 0
		if (( $# >= 2 )); then
			echo "$PROG: $what (pid $pid) still alive after $secs s; sending SIG$1" >&2
		elif [[ $pgid == "$pid" ]]; then
			echo "$PROG: $what (pid $pid) still alive after $secs s; sending SIGKILL to its process group" >&2
		else
			echo "$PROG: $what (pid $pid) still alive after $secs s; sending SIGKILL" >&2
		fi
	done
	if [[ $pgid == "$pid" ]]; then
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
	else
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait_gone "$pid" 5 || die "$what (pid $pid) did not die after SIGKILL"
	return 0
}
