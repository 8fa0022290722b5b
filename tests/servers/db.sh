#!/usr/bin/env bash
# tests/servers/db.sh {start|stop|status} - private MariaDB instance.
#
# Env: RUN (absolute runtime directory, required).
# Everything lives in $RUN/db: datadir data/, socket db.sock, pid file
# db.pid, error log db.err, tmp/.  Unix socket only (--skip-networking).
# start also creates (idempotently) the database `stafettlogg` and the
# user 'stafettlogg'@'localhost' with password demo-db-secret.
set -euo pipefail
set +m    # no job control: `setsid cmd &` then execs in place and $! is the server

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PROG=db.sh

die() { echo "$PROG: error: $*" >&2; exit 1; }

[[ -n ${RUN:-} ]] || die "RUN (absolute runtime directory) is not set"
[[ $RUN == /* ]] || die "RUN must be an absolute path, got '$RUN'"

D=$RUN/db
DATA=$D/data
SOCK=$D/db.sock
PIDFILE=$D/db.pid
ERR=$D/db.err
START_TIMEOUT_MS=30000
STOP_TIMEOUT_S=20

DB_NAME=stafettlogg
DB_USER=stafettlogg
DB_PASS=demo-db-secret

# --- helpers ---------------------------------------------------------------
now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((10#$t / 1000)); }

# Alive = exists and is not a zombie (PID 1 here reaps orphans slowly).
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

# wait_gone PID SECONDS: 0 when the process is gone (or a zombie).
wait_gone() {
	local pid=$1 end=$(( $(now_ms) + $2 * 1000 ))
	while proc_alive "$pid"; do
		(( $(now_ms) < end )) || return 1
		sleep 0.05
	done
	return 0
}

# Our mariadbd, from the pid file, and only if it really is a mariadbd
# using our datadir (protects against a recycled pid).
our_pid() {
	local pid cmd
	[[ -r $PIDFILE ]] || return 1
	read -r pid <"$PIDFILE" || return 1
	proc_alive "$pid" || return 1
	cmd=$(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null) || return 1
	[[ $cmd == *mariadbd* || $cmd == *mysqld* ]] || return 1
	[[ $cmd == *"--datadir=$DATA"* ]] || return 1
	echo "$pid"
}

root_user() { if (( EUID == 0 )); then echo root; else id -un; fi; }

admin() {
	mariadb-admin --no-defaults --socket="$SOCK" -u"$(root_user)" \
	    --connect-timeout=2 "$@"
}

show_err() {
	if [[ -s $ERR ]]; then
		echo "---- last lines of $ERR ----" >&2
		tail -n 25 "$ERR" >&2
		echo "----" >&2
	else
		echo "($ERR is empty or missing)" >&2
	fi
}

# --- actions ---------------------------------------------------------------
provision() {
	mariadb --no-defaults --socket="$SOCK" -u"$(root_user)" <<-SQL
	CREATE DATABASE IF NOT EXISTS \`$DB_NAME\`
	    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
	CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
	ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
	GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
	SQL
}

do_start() {
	local pid launcher end userarg=()

	if pid=$(our_pid); then
		echo "$PROG: already running (pid $pid, socket $SOCK)"
		return 0
	fi
	command -v mariadbd >/dev/null || die "mariadbd not found (run tests/deps.sh)"
	(( ${#SOCK} < 108 )) || die "socket path too long for a unix socket (${#SOCK} >= 108): $SOCK"

	mkdir -p "$D" "$D/tmp"
	rm -f "$PIDFILE" "$SOCK" "$SOCK.lock"
	(( EUID == 0 )) && userarg=(--user=root)

	if [[ ! -d $DATA/mysql ]]; then
		echo "$PROG: initialising datadir $DATA"
		rm -rf "$DATA"
		mkdir -p "$DATA"
		if ! mariadb-install-db --no-defaults "${userarg[@]}" \
		    --datadir="$DATA" --tmpdir="$D/tmp" \
		    --auth-root-authentication-method=socket --skip-test-db \
		    --innodb-log-file-size=8M \
		    >"$D/install-db.log" 2>&1; then
			echo "$PROG: error: mariadb-install-db failed:" >&2
			tail -n 30 "$D/install-db.log" >&2
			rm -rf "$DATA"
			exit 1
		fi
	fi

	setsid mariadbd --no-defaults "${userarg[@]}" \
	    --datadir="$DATA" --socket="$SOCK" --pid-file="$PIDFILE" \
	    --log-error="$ERR" --tmpdir="$D/tmp" \
	    --skip-networking --skip-name-resolve \
	    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
	    --innodb-buffer-pool-size=64M --innodb-log-file-size=8M \
	    --max-connections=200 \
	    </dev/null >>"$D/db.out" 2>&1 &
	launcher=$!

	end=$(( $(now_ms) + START_TIMEOUT_MS ))
	until admin ping >/dev/null 2>&1; do
		if ! proc_alive "$launcher" && ! our_pid >/dev/null; then
			echo "$PROG: error: mariadbd exited during startup" >&2
			show_err
			exit 1
		fi
		if (( $(now_ms) >= end )); then
			echo "$PROG: error: mariadbd not answering ping after $((START_TIMEOUT_MS / 1000)) s" >&2
			show_err
			# We started it: do not leave it behind.
			kill -TERM "$launcher" 2>/dev/null || true
			wait_gone "$launcher" 10 || kill -KILL "$launcher" 2>/dev/null || true
			exit 1
		fi
		sleep 0.05
	done

	if ! provision; then
		echo "$PROG: error: creating database/user failed" >&2
		show_err
		exit 1
	fi
	pid=$(our_pid) || pid=$launcher
	echo "$PROG: started (pid $pid, socket $SOCK)"
}

do_stop() {
	local pid
	if ! pid=$(our_pid); then
		echo "$PROG: not running"
		return 0
	fi
	if ! timeout 25 mariadb-admin --no-defaults --socket="$SOCK" \
	    -u"$(root_user)" --connect-timeout=2 shutdown >/dev/null 2>&1; then
		echo "$PROG: mariadb-admin shutdown failed; sending SIGTERM to $pid" >&2
		kill -TERM "$pid" 2>/dev/null || true
	fi
	if ! wait_gone "$pid" "$STOP_TIMEOUT_S"; then
		echo "$PROG: mariadbd $pid still alive after ${STOP_TIMEOUT_S} s; sending SIGKILL" >&2
		kill -KILL "$pid" 2>/dev/null || true
		wait_gone "$pid" 5 || die "mariadbd $pid did not die after SIGKILL"
	fi
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
*)	echo "usage: RUN=/abs/dir $0 {start|stop|status}" >&2; exit 2 ;;
esac
