#!/usr/bin/env bash
#
# samba.sh - a private Samba Active Directory domain controller with the
# AD edition of the test municipality, for the tests.
#
#   RUN=/abs/dir [SAMBA_ADDR=127.0.0.27] tests/servers/samba.sh start|stop|status
#
# Everything lives under $RUN/samba: the provisioned domain (private/,
# state/, cache/, its own etc/smb.conf), our TLS files (tls/: a CA, the
# DC's certificate for $SAMBA_ADDR, and another CA that did not sign it),
# pid/samba.pid, samba.log, the passwords (adminpw, svcpw; mode 0600).
# Nothing is written outside $RUN: every path of smb.conf (private, state,
# cache, lock, pid, ncalrpc, winbindd and ntp_signd sockets, binddns,
# log) points into it, and `testparm` must agree before samba starts.
#
# The DC listens only on $SAMBA_ADDR (a loopback address of its own, so
# AD's fixed ports 389 and 636 do not meet any other server), runs only
# its LDAP service (server services = ldap) in one process (-M single):
#   ldap://$SAMBA_ADDR/   (simple binds allowed without TLS, for tests)
#   ldaps://$SAMBA_ADDR/  (certificate tls/dc.pem, issued by tls/ca.pem)
#
# Domain: AD.FJORDVIK.TEST (NetBIOS FJORDVIK), base DC=ad,DC=fjordvik,DC=test,
# filled by samba-populate.py (OUs, unit groups with managedBy, nested
# groups, 1,100 members, disabled, expired, must-change, locked accounts).
# The people's password is stafett-demo; the service account is
# CN=svc-stafettlogg,OU=Tjenestekontoer,DC=ad,DC=fjordvik,DC=test.
#
# start  first time: provision (samba-tool domain provision), populate,
#        make the TLS files, start samba, wait until LDAP answers.  Later:
#        start and wait.  Already running: says so, exit 0.
# stop   SIGTERM to the pid in pid/samba.pid, wait (at most 10 s), else
#        SIGKILL to its process group.  Only that pid is signalled.
# status exit 0 when running, 3 when not.
# reset  stop, and remove the domain (the next start provisions anew).
#
# Needs root (Samba's DC refuses to run as another user) and the Debian
# packages samba, samba-ad-dc, samba-ad-provision, ldb-tools (tests/deps.sh).

set -eu
umask 077

PROG=samba.sh
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)

need_run
case $RUN in
*[\"\\[:space:][:cntrl:]]*)
	die "RUN must not hold spaces, quotes, backslashes or control characters: '$RUN'"
	;;
esac
addr=${SAMBA_ADDR:-127.0.0.27}
[[ $addr =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] ||
	die "SAMBA_ADDR must be a loopback address (127.x.y.z), got '$addr'"

D=$RUN/samba
conf=$D/etc/smb.conf
pidfile=$D/pid/samba.pid
log=$D/samba.log
realm=AD.FJORDVIK.TEST
domain=FJORDVIK
base=DC=ad,DC=fjordvik,DC=test
svcdn=CN=svc-stafettlogg,OU=Tjenestekontoer,$base
uri=ldap://$addr/
export LDAPNOINIT=1

# "Ours" = a samba that has our sam.ldb open (it rewrites its command
# line to "samba: root process", so that cannot tell).
is_ours()
{
	local f
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = samba ] || return 1
	for f in /proc/"$1"/fd/*; do
		[[ $(readlink "$f" 2>/dev/null) == "$D/private/sam.ldb" ]] && return 0
	done
	return 1
}

our_pid()
{
	live_pid "$pidfile" is_ours
}

# 0 when our DC answers a search as the service account.
probe()
{
	ldapsearch -LLL -x -o nettimeout=1 -H "$uri" -D "$svcdn" -y "$D/svcpw" \
		-s base -b "$base" dn 2>/dev/null | grep -qiFx "dn: $base"
}

# addr_bindable PORT: 0 when $addr:PORT can be bound now.
addr_bindable()
{
	/usr/bin/python3 - "$addr" "$1" <<-'PY'
	import socket, sys
	s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
	s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	try:
	    s.bind((sys.argv[1], int(sys.argv[2])))
	except OSError:
	    sys.exit(1)
	PY
}

# Our smb.conf: only what the LDAP service needs, every path under $D.
write_conf()
{
	mkdir -p "$D/etc" "$D/pid" "$D/sock/ncalrpc" "$D/sock/winbindd" "$D/sock/ntp_signd" \
		"$D/bind-dns" "$D/cache" "$D/log"
	cat >"$conf.tmp" <<-EOF
	# Written by tests/servers/samba.sh; every path lies under $D.
	[global]
		netbios name = DC1
		realm = $realm
		workgroup = $domain
		server role = active directory domain controller
		server services = ldap
		interfaces = $addr/8
		bind interfaces only = yes
		private dir = $D/private
		state directory = $D/state
		cache directory = $D/cache
		lock directory = $D
		pid directory = $D/pid
		binddns dir = $D/bind-dns
		ncalrpc dir = $D/sock/ncalrpc
		winbindd socket directory = $D/sock/winbindd
		ntp signd socket directory = $D/sock/ntp_signd
		usershare path = $D/usershares
		smb passwd file = $D/private/smbpasswd
		log file = $D/log/log.%m
		logging = file
		idmap_ldb:use rfc2307 = yes
		# Tests bind over plain LDAP too (production uses ldaps/StartTLS).
		ldap server require strong auth = no
		tls enabled = yes
		tls keyfile = $D/tls/dc.key
		tls certfile = $D/tls/dc.pem
		tls cafile = $D/tls/ca.pem
	EOF
	mv "$conf.tmp" "$conf"
}

# Our CA, the DC's certificate for $addr (and its DNS name), and another
# CA that did not sign it (for the "not trusted" test).
make_tls()
{
	local t=$D/tls
	mkdir -p "$t"
	openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Fjordvik test CA" \
		-keyout "$t/ca.key" -out "$t/ca.pem" 2>/dev/null || die "openssl: CA"
	openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Another CA" \
		-keyout "$t/other-ca.key" -out "$t/other-ca.pem" 2>/dev/null || die "openssl: other CA"
	openssl req -newkey rsa:2048 -nodes -subj "/CN=dc1.ad.fjordvik.test" \
		-keyout "$t/dc.key" -out "$t/dc.csr" 2>/dev/null || die "openssl: request"
	printf 'subjectAltName=IP:%s,DNS:dc1.ad.fjordvik.test\nextendedKeyUsage=serverAuth\n' \
		"$addr" >"$t/dc.ext"
	openssl x509 -req -in "$t/dc.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" \
		-CAcreateserial -days 3650 -extfile "$t/dc.ext" -out "$t/dc.pem" 2>/dev/null ||
		die "openssl: certificate"
	chmod 0600 "$t/dc.key"
	chmod 0644 "$t/ca.pem" "$t/other-ca.pem" "$t/dc.pem"
}

provision()
{
	local t0 t1
	t0=$(now_ms)
	rm -rf "$D"
	mkdir -p "$D"
	head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$D/adminpw"
	printf 'A1-' >>"$D/adminpw"      # AD's complexity rules for the admin
	head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$D/svcpw"
	# --targetdir: provision writes its own smb.conf into $D/etc; ours
	# (written again below) keeps the paths and adds the rest.
	if ! samba-tool domain provision --use-rfc2307 --realm="$realm" --domain="$domain" \
		--server-role=dc --dns-backend=NONE --adminpass="$(cat "$D/adminpw")" \
		--targetdir="$D" --option="netbios name=DC1" \
		--option="interfaces=$addr" --option="bind interfaces only=yes" \
		--option="pid directory=$D/pid" --option="log file=$D/log/log.%m" \
		--option="ncalrpc dir=$D/sock/ncalrpc" \
		--option="winbindd socket directory=$D/sock/winbindd" \
		--option="ntp signd socket directory=$D/sock/ntp_signd" \
		>"$D/provision.log" 2>&1; then
		show_tail "$D/provision.log" 20
		die "samba-tool domain provision failed"
	fi
	rm -f "$conf"
	write_conf
	make_tls
	if ! /usr/bin/python3 "$here/samba-populate.py" "$conf" stafett-demo \
		"$(cat "$D/svcpw")" >"$D/populate.log" 2>&1; then
		show_tail "$D/populate.log" 20
		die "populating the domain failed"
	fi
	t1=$(now_ms)
	echo "samba: provisioned and populated in $(( (t1 - t0) / 1000 )).$(( (t1 - t0) % 1000 / 100 )) s"
	touch "$D/provisioned"
}

# testparm: every directory and file samba may write lies under $D.
check_paths()
{
	local bad
	bad=$(testparm -s -v "$conf" 2>/dev/null |
		grep -E '^[[:space:]]*(.* (dir|directory)|log file|pid directory|smb passwd file|usershare path) = /' |
		grep -vF "= $D" | grep -v 'lpq cache' || true)
	[[ -z $bad ]] || die "smb.conf would write outside $D: $bad"
	return 0
}

stop_samba()
{
	stop_pid -g "$1" samba TERM 10
	rm -f "$pidfile"
	return 0
}

do_start()
{
	local pid t0 t1
	if pid=$(our_pid); then
		echo "samba: already running (pid $pid, $uri)"
		return 0
	fi
	(( EUID == 0 )) || die "Samba's domain controller runs only as root"
	need_cmd samba samba-tool ldapsearch openssl testparm
	for p in 389 636; do
		addr_bindable "$p" ||
			die "$addr:$p is in use; choose another loopback address with SAMBA_ADDR"
	done
	t0=$(now_ms)
	[[ -e $D/provisioned ]] || provision
	write_conf
	check_paths
	rm -f "$pidfile"
	# -F: in the foreground of its own session (setsid), logging to a
	# file; it writes pid/samba.pid.  -M single: one process for all.
	setsid samba -F -M single -s "$conf" --debug-stdout -d 1 \
		</dev/null >>"$log" 2>&1 &
	pid=$!
	if ! wait_ready 60000 "$pid" "samba (pid $pid, $uri)" probe; then
		show_tail "$log" 20
		proc_alive "$pid" && stop_samba "$pid"
		die "samba did not start"
	fi
	t1=$(now_ms)
	echo "samba: started (pid $pid, $uri, ldaps://$addr/) in $(( (t1 - t0) / 1000 )).$(( (t1 - t0) % 1000 / 100 )) s"
}

do_stop()
{
	local pid
	if ! pid=$(our_pid); then
		rm -f "$pidfile"
		echo "samba: not running"
		return 0
	fi
	stop_samba "$pid"
	echo "samba: stopped (pid $pid)"
}

do_status()
{
	local pid
	if pid=$(our_pid); then
		if probe; then
			echo "samba: running (pid $pid, $uri)"
		else
			echo "samba: running (pid $pid) but not answering on $uri"
		fi
		return 0
	fi
	echo "samba: not running"
	return 3
}

case ${1:-} in
start) do_start ;;
stop) do_stop ;;
status) do_status ;;
reset) do_stop; rm -rf "$D"; echo "samba: domain removed" ;;
*)
	echo "usage: RUN=/abs/dir [SAMBA_ADDR=127.0.0.27] $0 start|stop|status|reset" >&2
	exit 2
	;;
esac
