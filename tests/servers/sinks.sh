#!/usr/bin/env bash
#
# sinks.sh - the local SMTP sink and SMS hook sink of the notice tests
# (tests/servers/sinks.py, run with Debian's /usr/bin/python3 where
# python3-aiosmtpd is installed).
#
#   RUN=/abs/dir [SMTP_PORT=18203] [SMS_PORT=18204] tests/servers/sinks.sh start|stop|status
#
# Everything lives under $RUN/sinks: mail/*.eml, sms/*.json, sinks.pid,
# sinks.log.  Listens only on 127.0.0.1.  stop signals only the pid in
# sinks.pid (SIGTERM, then SIGKILL after 10 s).
set -eu
set +m
umask 077

PROG=sinks.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
script=$here/sinks.py
PY=${SINK_PYTHON:-/usr/bin/python3}

need_run
smtp_port=${SMTP_PORT:-18203}
sms_port=${SMS_PORT:-18204}
need_port "${SMTP_PORT_NAME:-SMTP_PORT}" "$smtp_port"
need_port "${SMS_PORT_NAME:-SMS_PORT}" "$sms_port"

D=$RUN/sinks
pidfile=$D/sinks.pid
log=$D/sinks.log

is_ours()
{
	case $2 in
	*"$script --dir $D "*) return 0 ;;
	esac
	return 1
}

our_pid()
{
	live_pid "$pidfile" is_ours
}

probe()
{
	curl -fsS --max-time 1 "http://127.0.0.1:$sms_port/" 2>/dev/null | grep -q ok &&
		(exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null
}

do_start()
{
	local pid
	if pid=$(our_pid); then
		echo "sinks: already running (pid $pid)"
		return 0
	fi
	rm -f "$pidfile"
	[[ -x $PY ]] || die "$PY is missing (Debian's python3 with python3-aiosmtpd)"
	"$PY" -c 'import aiosmtpd' 2>/dev/null ||
		die "python3-aiosmtpd is not installed (tests/deps.sh)"
	need_free_port "${SMTP_PORT_NAME:-SMTP_PORT}" "$smtp_port"
	need_free_port "${SMS_PORT_NAME:-SMS_PORT}" "$sms_port"
	mkdir -p "$D"
	setsid "$PY" "$script" --dir "$D" --smtp-port "$smtp_port" \
		--sms-port "$sms_port" </dev/null >>"$log" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"
	if ! wait_ready 10000 "$pid" "sinks.py (pid $pid)" probe; then
		show_tail "$log" 15
		if proc_alive "$pid"; then
			stop_pid "$pid" sinks.py TERM 10
		fi
		rm -f "$pidfile"
		die "sinks.py did not start"
	fi
	echo "sinks: started (pid $pid, smtp :$smtp_port, sms :$sms_port)"
}

do_stop()
{
	local pid
	if ! pid=$(our_pid); then
		rm -f "$pidfile"
		echo "sinks: not running"
		return 0
	fi
	stop_pid "$pid" sinks.py TERM 10
	rm -f "$pidfile"
	echo "sinks: stopped (pid $pid)"
}

do_status()
{
	local pid
	if pid=$(our_pid); then
		echo "sinks: running (pid $pid)"
		return 0
	fi
	echo "sinks: not running"
	return 3
}

case ${1:-} in
start) do_start ;;
stop) do_stop ;;
status) do_status ;;
*)
	echo "usage: RUN=/abs/dir [SMTP_PORT=18203] [SMS_PORT=18204] $0 start|stop|status" >&2
	exit 2
	;;
esac
