#!/usr/bin/env bash
# tests/deps.sh - install the Debian packages Stafettlogg needs to build,
# test, run the demo and benchmark.  A fast no-op when all are installed.
#
# As root: `apt-get update` once, then a non-interactive install of the
# missing packages.  Not root: prints the command to run and exits 1.
# With --fuzz (make fuzz) also FUZZ_PACKAGES: clang and its fuzzer runtime;
# with --coverage (make coverage) also gcovr.
set -euo pipefail

PACKAGES=(
	build-essential pkg-config
	libfcgi-dev libldap-dev libmariadb-dev libxml2-dev libxslt1-dev
	libssl-dev libcairo2-dev libpango1.0-dev check
	libcurl4-openssl-dev libjson-c-dev
	mariadb-server mariadb-client nginx slapd ldap-utils
	samba samba-ad-dc samba-ad-provision samba-dsdb-modules winbind ldb-tools
	fonts-dejavu-core fonts-noto-core icc-profiles-free
	wrk xsltproc curl poppler-utils python3 libxml2-utils procps openssl
	python3-aiosmtpd python3-icalendar
)

# Only for `make fuzz` (tests/deps.sh --fuzz): clang and its libFuzzer
# and sanitizer runtimes (a recommendation of clang, which we skip).
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
if [[ ${1:-} == --fuzz ]]; then
	PACKAGES+=("${FUZZ_PACKAGES[@]}")
fi
# Only for `make coverage` (tests/deps.sh --coverage): the report.
if [[ ${1:-} == --coverage ]]; then
	PACKAGES+=(gcovr)
fi

# Prints the packages of "$@" that are not installed (one dpkg-query call).
not_installed() {
	local -A ok=()
	local name status p
	while read -r name status; do
		[[ $status == installed ]] && ok[$name]=1
	done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true)
	for p in "$@"; do
		[[ -n ${ok[$p]:-} ]] || echo "$p"
	done
}

mapfile -t missing < <(not_installed "${PACKAGES[@]}")

(( ${#missing[@]} == 0 )) && exit 0

APT_OPTS=(-y --no-install-recommends
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

if (( EUID != 0 )); then
	echo "deps: missing Debian packages: ${missing[*]}" >&2
	echo "deps: run as root:" >&2
	echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install ${APT_OPTS[*]} ${missing[*]}" >&2
	exit 1
fi

echo "deps: installing missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

# The install must not start system mariadb/nginx/slapd services.  Debian's
# invoke-rc.d asks /usr/sbin/policy-rc.d; if there is none (e.g. on CI), put
# a temporary "deny all" (exit 101) one in place and remove it afterwards.
# Our own servers are private instances on their own ports and sockets
# anyway, so a system daemon that does get started does not disturb them.
POLICY=/usr/sbin/policy-rc.d
policy_added=0
cleanup() {
	if (( policy_added )); then
		rm -f "$POLICY"
	fi
}
trap cleanup EXIT
if [[ ! -e $POLICY ]]; then
	printf '#!/bin/sh\n# temporary, from stafettlogg tests/deps.sh\nexit 101\n' >"$POLICY"
	chmod 0755 "$POLICY"
	policy_added=1
fi

apt-get update </dev/null
apt-get install "${APT_OPTS[@]}" "${missing[@]}" </dev/null

mapfile -t still < <(not_installed "${missing[@]}")
if (( ${#still[@]} )); then
	echo "deps: error: still not installed: ${still[*]}" >&2
	exit 1
fi
echo "deps: done"
