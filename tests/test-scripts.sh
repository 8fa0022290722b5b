#!/usr/bin/env bash
# tests/test-scripts.sh - tests of the scripts behind `make demo` and
# `make check` (tests/demo.sh, tests/check.sh, tests/servers/) and of
# nginx.conf.example.  Run by tests/check.sh; needs no running server and
# starts only nginx and tiny python3 listeners, on ports it picks, in a
# mode-700 directory under $TMPBASE (default $ROOT/run), removed at the end.
# Prints one line per test and "N passed, N failed" last.
#
#   ports      the free-port check binds (a port held by a socket that does
#              not listen is busy), names the user's variable, and demo.sh /
#              check.sh stop before starting anything; defaults lie outside
#              Linux's ephemeral range 32768-60999
#   readiness  nginx.sh: the stylesheet is served (200) from a checkout in
#              a mode-700 directory; 404 or 502 (a dead app socket) fail
#              the start at once, with nothing left running
#   example    nginx.conf.example passes `nginx -t` and, run for real,
#              rate-limits /login, /family/login and /family/callback also
#              with extra slashes, and sends CSP and HSTS as meant
set -uo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
S=$ROOT/tests/servers
TMPBASE=${TMPBASE:-$ROOT/run}
mkdir -p "$TMPBASE"
T=$(mktemp -d "$TMPBASE/scripts.XXXXXX") || exit 1     # mode 700
chmod 700 "$T"
# Clean environment for the scripts under test (check.sh exports its own).
unset RUN PORT LDAP_PORT IDP_PORT PORT_NAME LDAP_PORT_NAME IDP_PORT_NAME APPSOCK HELLO_SOCK

passed=0
failed=0
failures=()
helpers=()

cleanup() {
	local p
	for p in "${helpers[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${helpers[@]}"; do wait "$p" 2>/dev/null; done
	[[ -f $T/ng/nginx/nginx.pid ]] && RUN=$T/ng PORT=1 bash "$S/nginx.sh" stop >/dev/null 2>&1
	[[ -f $T/ex/nginx.pid ]] && kill -QUIT "$(cat "$T/ex/nginx.pid")" 2>/dev/null && sleep 0.5
	rm -rf "$T"
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); echo "PASS $1"; }
bad() {
	failed=$((failed + 1)); failures+=("$1"); echo "FAIL $1: $2"
	[[ -n ${3:-} && -s $3 ]] && sed 's/^/    | /' "$3" | tail -n 15
	return 0
}

# A port no one uses now (the kernel's pick; released at once).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# hold MODE: a python3 helper that holds a fresh port (MODE "listen":
# accepts connections; "bound": bound like an outgoing connection's local
# port, refusing connections).  Sets HELD to the port.
hold() {
	local f=$T/hold.$RANDOM
	python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
if sys.argv[1] == "listen":
    s.listen(5)
open(sys.argv[2] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
time.sleep(600)
' "$1" "$f" &
	helpers+=($!)
	for _ in $(seq 100); do [[ -s $f ]] && break; sleep 0.05; done
	HELD=$(cat "$f")
}

# --- ports ------------------------------------------------------------------
test_port_check_binds() {
	local out=$T/bind.out
	hold bound
	# The port accepts no connection, but nothing else can bind it either.
	if (PROG=t; . "$S/lib.sh"; need_free_port TEST_LDAP_PORT "$HELD") >"$out" 2>&1; then
		bad port_check_binds "port $HELD, bound by another socket, was taken for free" "$out"
	elif ! grep -q 'TEST_LDAP_PORT=' "$out"; then
		bad port_check_binds "the message does not name TEST_LDAP_PORT" "$out"
	else
		ok port_check_binds
	fi
}

# demo.sh with one of its ports busy: fails, names the variable, and has
# started nothing (no database directory).
test_demo_names_busy_port() {
	local var out run rc msg=
	hold listen
	for var in DEMO_PORT DEMO_LDAP_PORT DEMO_IDP_PORT; do
		run=$T/demo-$var out=$T/demo-$var.out
		local -A p=([DEMO_PORT]=$(free_port) [DEMO_LDAP_PORT]=$(free_port) [DEMO_IDP_PORT]=$(free_port))
		p[$var]=$HELD
		rc=0
		DEMO_RUN=$run DEMO_PORT=${p[DEMO_PORT]} DEMO_LDAP_PORT=${p[DEMO_LDAP_PORT]} \
		    DEMO_IDP_PORT=${p[DEMO_IDP_PORT]} timeout 120 bash "$ROOT/tests/demo.sh" start \
		    >"$out" 2>&1 || rc=$?
		if (( rc == 0 )); then
			msg="demo.sh start succeeded with $var=$HELD in use"
			RUN=$run bash "$S/all.sh" stop >/dev/null 2>&1
		elif ! grep -q "$var=" "$out"; then
			msg="the message does not name $var"
		elif [[ -e $run/db ]]; then
			msg="with $var busy, demo.sh started the database first"
		fi
		if [[ -n $msg ]]; then
			bad demo_names_busy_port "$msg" "$out"
			RUN=$run bash "$S/all.sh" stop >/dev/null 2>&1
			return 0
		fi
	done
	ok demo_names_busy_port
}

test_check_names_busy_port() {
	local out=$T/check.out run=$T/check-run rc=0
	hold listen
	TEST_RUN=$run TEST_PORT=$(free_port) TEST_LDAP_PORT=$HELD TEST_IDP_PORT=$(free_port) \
	    timeout 120 bash "$ROOT/tests/check.sh" >"$out" 2>&1 || rc=$?
	if (( rc == 0 )); then
		bad check_names_busy_port "check.sh passed with TEST_LDAP_PORT in use" "$out"
	elif ! grep -q 'TEST_LDAP_PORT=' "$out"; then
		bad check_names_busy_port "the message does not name TEST_LDAP_PORT" "$out"
	elif [[ -e $run/db ]]; then
		bad check_names_busy_port "check.sh started the database before finding the port busy" "$out"
	else
		ok check_names_busy_port
	fi
	RUN=$run bash "$S/all.sh" stop >/dev/null 2>&1
}

test_same_port_twice() {
	local out=$T/same.out p rc=0
	p=$(free_port)
	DEMO_RUN=$T/same DEMO_PORT=$(free_port) DEMO_LDAP_PORT=$p DEMO_IDP_PORT=$p \
	    timeout 60 bash "$ROOT/tests/demo.sh" start >"$out" 2>&1 || rc=$?
	if (( rc == 0 )) || ! grep -q 'DEMO_IDP_PORT and DEMO_LDAP_PORT' "$out"; then
		bad same_port_twice "DEMO_LDAP_PORT = DEMO_IDP_PORT was not refused by name" "$out"
		RUN=$T/same bash "$S/all.sh" stop >/dev/null 2>&1
	else
		ok same_port_twice
	fi
}

# Default ports outside 32768-60999, where an outgoing connection may hold
# one when the server wants to bind it.
test_default_ports() {
	local f line port msg=
	for f in tests/demo.sh tests/check.sh tests/bench/bench.sh tests/servers/ldap.sh \
	    tests/servers/idporten.sh tests/servers/app.sh; do
		while read -r line; do
			port=${line##*:-}
			if (( port >= 32768 && port <= 60999 )); then
				msg+="$f: $line; "
			fi
		done < <(grep -oE '[A-Z_]*PORT:-[0-9]+' "$ROOT/$f")
	done
	if grep -qE '20000' "$ROOT/tests/check.sh" "$ROOT/tests/demo.sh" "$ROOT/tests/servers/all.sh"; then
		msg+="a port is still derived as PORT + 20000; "
	fi
	if [[ -n $msg ]]; then bad default_ports "in the ephemeral range: $msg"; else ok default_ports; fi
}

# --- nginx readiness ----------------------------------------------------------
# A copy of what nginx.sh needs from a checkout, inside the mode-700 $T.
make_root() {
	local r=$T/root
	rm -rf "$r"
	mkdir -p "$r/conf/demo" "$r/xslt/static"
	cp "$ROOT/conf/demo/nginx.conf.in" "$r/conf/demo/"
	cp "$ROOT/xslt/static/style.css" "$r/xslt/static/"
	echo "$r"
}

ng() {      # ng ACTION [VAR=VALUE...]: nginx.sh ACTION with the test's root
	local action=$1
	shift
	env ROOT="$T/root" RUN="$T/ng" PORT="$NGPORT" PORT_NAME=TEST_PORT "$@" \
	    bash "$S/nginx.sh" "$action"
}

test_nginx_readiness() {
	local out=$T/ng.out code hdr=$T/ng.hdr rc
	make_root >/dev/null
	NGPORT=$(free_port)
	# a) no app socket: nginx alone; the stylesheet must be served.
	rc=0
	ng start APPSOCK="$T/none.sock" >"$out" 2>&1 || rc=$?
	code=$(curl -s -D "$hdr" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGPORT/static/style.css")
	ng stop >/dev/null 2>&1
	if (( rc != 0 )); then
		bad nginx_readiness "nginx.sh start failed for a checkout in a mode-700 directory" "$out"
		return 0
	fi
	if [[ $code != 200 ]]; then
		bad nginx_readiness "nginx.sh start succeeded, but the stylesheet answers $code (a checkout in a mode-700 directory)" "$out"
		return 0
	fi
	if ! grep -qi "^Content-Security-Policy:.*base-uri 'none'.*object-src 'none'" "$hdr"; then
		bad nginx_readiness "the demo nginx sends no CSP with base-uri 'none' and object-src 'none'" "$hdr"
		return 0
	fi
	# b) a dead app socket: 502 on /login must fail the start.
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$T/dead.sock"
	rc=0
	ng start APPSOCK="$T/dead.sock" >"$out" 2>&1 || rc=$?
	if (( rc == 0 )); then
		ng stop >/dev/null 2>&1
		bad nginx_readiness "nginx.sh start took nginx answering 502 for up" "$out"
		return 0
	fi
	if ! grep -q 'answered 502' "$out"; then
		bad nginx_readiness "no message naming the 502" "$out"
		return 0
	fi
	# c) no stylesheet (404): also a failure.
	rm "$T/root/xslt/static/style.css"
	rc=0
	ng start APPSOCK="$T/none.sock" >"$out" 2>&1 || rc=$?
	if (( rc == 0 )); then
		ng stop >/dev/null 2>&1
		bad nginx_readiness "nginx.sh start took a 404 on the stylesheet for up" "$out"
		return 0
	fi
	# Nothing left behind by the failed starts.
	if ng status >/dev/null 2>&1 || ! (PROG=t; . "$S/lib.sh"; port_bindable "$NGPORT"); then
		bad nginx_readiness "a failed start left nginx running"
		ng stop >/dev/null 2>&1
		return 0
	fi
	ok nginx_readiness
}

# --- nginx.conf.example ---------------------------------------------------------
test_example() {
	local x=$T/ex out=$T/ex.out p80 p443 code codes=() i n429=0 hdr=$T/ex.hdr v unlimited=()
	command -v nginx >/dev/null && command -v openssl >/dev/null || {
		bad example "nginx or openssl missing"; return 0; }
	mkdir -p "$x/logs" "$x/tmp"
	p80=$(free_port) p443=$(free_port)
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
	    -keyout "$x/key.pem" -out "$x/cert.pem" >"$out" 2>&1 || { bad example "openssl req failed" "$out"; return 0; }
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$x/app.sock"
	cp /etc/nginx/fastcgi_params "$x/"
	sed -e "s|listen 80;|listen 127.0.0.1:$p80;|" \
	    -e "s|listen 443 ssl|listen 127.0.0.1:$p443 ssl|" \
	    -e "s|/etc/ssl/certs/stafettlogg.pem|$x/cert.pem|" \
	    -e "s|/etc/ssl/private/stafettlogg.key|$x/key.pem|" \
	    -e "s|unix:/run/stafettlogg/app.sock|unix:$x/app.sock|" \
	    "$ROOT/nginx.conf.example" >"$x/site.conf"
	grep -q "127.0.0.1:$p443 ssl" "$x/site.conf" && grep -q "$x/app.sock" "$x/site.conf" || {
		bad example "nginx.conf.example no longer has the lines this test adapts" "$x/site.conf"; return 0; }
	cat >"$x/nginx.conf" <<-EOF
	worker_processes 1;
	pid $x/nginx.pid;
	error_log $x/logs/error.log warn;
	events { worker_connections 64; }
	http {
	    include /etc/nginx/mime.types;
	    access_log off;
	    client_body_temp_path $x/tmp/cb;
	    proxy_temp_path $x/tmp/p;
	    fastcgi_temp_path $x/tmp/f;
	    uwsgi_temp_path $x/tmp/u;
	    scgi_temp_path $x/tmp/s;
	    include $x/site.conf;
	}
	EOF
	if ! nginx -p "$x/" -c "$x/nginx.conf" -e "$x/logs/error.log" -t >"$out" 2>&1; then
		bad example "nginx -t rejects nginx.conf.example" "$out"; return 0
	fi
	if ! nginx -p "$x/" -c "$x/nginx.conf" -e "$x/logs/error.log" >"$out" 2>&1; then
		bad example "nginx did not start with nginx.conf.example" "$out"; return 0
	fi
	for _ in $(seq 100); do [[ -s $x/nginx.pid ]] && break; sleep 0.05; done
	sleep 0.3
	for i in $(seq 15); do
		code=$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$p443/family/login")
		codes+=("$code")
		[[ $code == 429 ]] && n429=$((n429 + 1))
	done
	# The same limits for every spelling nginx and the application take
	# for the same page (trailing slashes; "//" merged by merge_slashes):
	# the zones are spent now, so a limited spelling answers 429 at once,
	# an unlimited one 502 (no application behind the socket).
	for i in $(seq 12); do
		code=$(curl -sk -o /dev/null -w '%{http_code}' -X POST "https://127.0.0.1:$p443/login/")
		[[ $code == 429 ]] && break
	done
	for v in /login /login/ //login/ /login// /family/login/ /family//callback/ /family/callback//; do
		code=$(curl -sk -o /dev/null -w '%{http_code}' --path-as-is "https://127.0.0.1:$p443$v")
		[[ $code == 429 ]] || unlimited+=("$v:$code")
	done
	curl -sk -D "$hdr" -o /dev/null "https://127.0.0.1:$p443/login"
	kill -QUIT "$(cat "$x/nginx.pid")" 2>/dev/null
	for _ in $(seq 100); do [[ -e $x/nginx.pid ]] || break; sleep 0.05; done
	if (( n429 == 0 )); then
		bad example "15 quick GET /family/login from one address: no 429 (codes: ${codes[*]})"
	elif (( ${#unlimited[@]} )); then
		bad example "not rate-limited with extra slashes: ${unlimited[*]}"
	elif ! grep -qi "^Content-Security-Policy:.*base-uri 'none'" "$hdr" ||
	    ! grep -qi "^Content-Security-Policy:.*object-src 'none'" "$hdr"; then
		bad example "CSP without base-uri 'none' and object-src 'none'" "$hdr"
	elif ! grep -qi "^Strict-Transport-Security:.*includeSubDomains" "$hdr"; then
		bad example "HSTS without includeSubDomains" "$hdr"
	else
		ok example
	fi
}

cd "$ROOT" || exit 1
for t in test_port_check_binds test_demo_names_busy_port test_check_names_busy_port \
    test_same_port_twice test_default_ports test_nginx_readiness test_example; do
	if [[ $# -gt 0 ]]; then
		want=0
		for a; do [[ $t == *"$a"* ]] && want=1; done
		(( want )) || continue
	fi
	"$t"
done
(( failed )) && echo "== failed: ${failures[*]}"
echo "$passed passed, $failed failed"
(( failed == 0 ))
