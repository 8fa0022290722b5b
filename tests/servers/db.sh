#!/usr/bin/env bash
# tests/servers/db.sh {start|stop|status} - private MariaDB instance.
#
# Env: RUN (absolute runtime directory, required).
# Everything lives in $RUN/db: datadir data/, socket db.sock, pid file
# db.pid, error log db.err, tmp/.  Unix socket only (--skip-networking).
# start also creates (idempotently) the database `stafettlogg` and two
# users: 'stafettlogg_migrate'@'localhost' (password demo-migrate-secret),
# who owns the schema and runs `stafettlogg migrate`, and the workers'
# 'stafettlogg'@'localhost' (password demo-db-secret), who gets no
# privilege here: migrate grants it SELECT, INSERT, UPDATE, DELETE on the
# tables (only SELECT, INSERT on audit) after each migration.
set -euo pipefail
set +m    # no job control: `setsid cmd &` then execs in place and $! is the server

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PROG=db.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_run

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
MIGRATE_USER=stafettlogg_migrate
MIGRATE_PASS=demo-migrate-secret

# --- helpers ---------------------------------------------------------------
# Ours: a mariadbd (or mysqld) using our datadir.
is_ours() {
	local cmd=$2
	[[ $cmd == *mariadbd* || $cmd == *mysqld* ]] || return 1
	[[ $cmd == *"--datadir=$DATA"* ]] || return 1
	return 0
}

our_pid() { live_pid "$PIDFILE" is_ours; }

root_user() { if (( EUID == 0 )); then echo root; else id -un; fi; }

admin() {
	mariadb-admin --no-defaults --socket="$SOCK" -u"$(root_user)" \
	    --connect-timeout=2 "$@"
}

pinged() { admin ping >/dev/null 2>&1; }

show_err() { show_tail "$ERR" 25; }

# --- actions ---------------------------------------------------------------
provision() {
	local old
	mariadb --no-defaults --socket="$SOCK" -u"$(root_user)" <<-SQL
	CREATE DATABASE IF NOT EXISTS \`$DB_NAME\`
	    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
	CREATE USER IF NOT EXISTS '$MIGRATE_USER'@'localhost' IDENTIFIED BY '$MIGRATE_PASS';
	ALTER USER '$MIGRATE_USER'@'localhost' IDENTIFIED BY '$MIGRATE_PASS';
	GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$MIGRATE_USER'@'localhost' WITH GRANT OPTION;
	CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
	ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
	SQL
	# Least privilege: the database-wide ALL that older versions granted
	# the workers' user goes (migrate grants it table by table; those
	# grants stay when the server restarts).
	old=$(mariadb --no-defaults --socket="$SOCK" -u"$(root_user)" -N -B -e \
	    "SELECT COUNT(*) FROM mysql.db WHERE user = '$DB_USER' AND host = 'localhost'")
	if [[ $old != 0 ]]; then
		mariadb --no-defaults --socket="$SOCK" -u"$(root_user)" -e \
		    "REVOKE ALL PRIVILEGES ON \`$DB_NAME\`.* FROM '$DB_USER'@'localhost'"
	fi
}

do_start() {
	local pid launcher userarg=()

	if pid=$(our_pid); then
		echo "$PROG: already running (pid $pid, socket $SOCK)"
		return 0
	fi
	need_cmd mariadbd
	need_sock_path "$SOCK"

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

	if ! wait_ready "$START_TIMEOUT_MS" "$launcher" \
	    "mariadbd (pid $launcher, socket $SOCK)" pinged; then
		show_err
		# We started it: do not leave it behind.
		if proc_alive "$launcher"; then
			stop_pid "$launcher" mariadbd TERM 10
		fi
		exit 1
	fi

	if ! provision; then
		echo "$PROG: error: creating database/user failed" >&2
		show_err
		exit 1
	fi
	pid=$(our_pid) || pid=$launcher
	echo "$PROG: started (pid $pid, socket $SOCK)"
}

do_stop() {
	local pid sig=-
	if ! pid=$(our_pid); then
		echo "$PROG: not running"
		return 0
	fi
	if ! timeout 25 mariadb-admin --no-defaults --socket="$SOCK" \
	    -u"$(root_user)" --connect-timeout=2 shutdown >/dev/null 2>&1; then
		echo "$PROG: mariadb-admin shutdown failed; sending SIGTERM to $pid" >&2
		sig=TERM
	fi
	stop_pid "$pid" mariadbd "$sig" "$STOP_TIMEOUT_S"
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
