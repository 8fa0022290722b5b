#!/usr/bin/env bash
# tests/mutants.sh - `make mutants`: does the suite catch the bugs that matter?
#
# Plants a fixed list of security-relevant bugs (the table MUTANTS below),
# one at a time, in a copy of the working tree under run/mutants/tree (the
# real tree is never touched), builds the copy and runs its `make check`.
# A mutant the suite fails on is KILLED; one it passes is SURVIVED.  Prints
# one line per mutant and a summary line, and exits 1 if any survived, if a
# mutant no longer applies (its pattern must match exactly as often as the
# table says: the script fails loudly before running anything), if a mutant
# does not build, or if the unmutated copy does not pass first.
#
# Usage: tests/mutants.sh [--list] [NAME-SUBSTRING...]
# Env: MUTANT_PORT (default 18170), MUTANT_LDAP_PORT (default 18171): the
# ports of the copy's private servers, and MUTANT_IDP_PORT (default 18172)
# its ID-porten stand-in, MUTANT_SAMBA_ADDR (127.0.0.28) its Samba AD DC;
# MUTANT_SKIP_BASELINE=1 skips the unmutated run.
# Not part of `make check`: run it before resolving an issue that touches
# security code.  A full run takes about a minute per mutant.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
WORK=$ROOT/run/mutants
TREE=$WORK/tree
PRISTINE=$WORK/pristine
LOGS=$WORK/logs
PORT=${MUTANT_PORT:-18170}
LDAP_PORT=${MUTANT_LDAP_PORT:-18171}
IDP_PORT=${MUTANT_IDP_PORT:-18172}
SAMBA_ADDR=${MUTANT_SAMBA_ADDR:-127.0.0.28}

# The applier and the table: NAME -> (what, file glob, regex, replacement,
# expected number of matches).  Patterns are Python regular expressions over
# whole files (re.M); the glob is relative to the tree and matched as a set,
# so a function moving to another file of the glob keeps its mutant working.
apply_py=$(cat <<'PY'
import glob, os, re, sys

MUTANTS = [
    # --- the five of issue 14 ---------------------------------------------
    ("tx-end-no-rollback", "TX_END does not roll back a failed transaction",
     "fcgi/db.h", r"\bdb_rollback\(\(c\)->db\);", "(void)0;", 1),
    ("return-path-always-ok", "return_path_ok() accepts any return path (open redirect)",
     "fcgi/*.c", r"(\breturn_path_ok\([^)]*\)\s*\{)", r"\1\n\treturn 1;", 1),
    ("form-text-no-limit", "form_text() ignores its length limit",
     "fcgi/form.c", r"\bif \((\w+) > max\)", r"if (0 && \1 > max)", 1),
    ("staff-audit-dropped", "a leader's permission change is not audited",
     "fcgi/*.c", r'\bctx_audit\(c, "set-permissions",', r'1 ? SL_OK : ctx_audit(c, "set-permissions",', 1),
    ("login-failed-audit-dropped", "a failed login is not audited",
     "fcgi/*.c", r'\(void\)ctx_audit\(c, "login-failed",', r'if (0) (void)ctx_audit(c, "login-failed",', 3),
    # --- more security checks -----------------------------------------------
    ("csrf-always-ok", "any _csrf value is accepted",
     "fcgi/*.c", r"\bcrypto_streq\(got, expected\)", "((void)got, 1)", 1),
    ("policy-default-allow", "a staff route no rule allows is allowed",
     "fcgi/policy.c", r"(\(\(r->who & W_HOLDER\) && s->may_hold\)\)\s*return SL_OK;\s*return )SL_EFORBIDDEN;",
     r"\1SL_OK;", 1),
    ("throttle-never", "failed logins are never throttled",
     "fcgi/*.c", r"n >= c->cfg->login_max_failures\)",
     "n < 0)", 1),
    ("grant-expiry-ignored", "an expired read grant still gives access",
     "fcgi/policy.c", r"strcmp\(f->grant_expires, f->today\) >= 0", "strcmp(f->grant_expires, f->today) >= 0 || 1", 1),
    ("meeting-mode-routes-open", "meeting mode does not lock the other pages",
     "fcgi/app.c", r"c->sess\.meeting_log > 0 &&(\s+)!\(r->flags", r"0 && c->sess.meeting_log > 0 &&\1!(r->flags", 1),
    ("meeting-mode-other-logs-open", "meeting mode does not lock the other logs",
     "fcgi/*.c", r"if \(c->sess\.meeting_log > 0 && c->sess\.meeting_log != id\)",
     "if (0 && c->sess.meeting_log > 0 && c->sess.meeting_log != id)", 1),
    ("private-note-for-all", "a private note is readable by all who read the log",
     "fcgi/policy.c", r"(if \(it->private_note\)\s*return )it->author && !f->meeting \? SL_OK :\s*SL_EFORBIDDEN;", r"\1SL_OK;", 1),
    ("view-text-utf8-unchecked", "text that is not UTF-8/XML goes into the view unchecked",
     "fcgi/view.c", r"if \(!xml_text_ok\(s, strlen\(s\)\)\)", "if (0 && !xml_text_ok(s, strlen(s)))", 1),
    ("idle-timeout-ignored", "an idle session does not end",
     "fcgi/session.c", r"if \(idle >= c->cfg->session_idle\)", "if (0 && idle >= c->cfg->session_idle)", 1),
    ("write-plan-on-passive-log", "the holder writes the plan of a passive log (consent withdrawn)",
     "fcgi/policy.c", r"return f->holder && f->active \? SL_OK : SL_EFORBIDDEN;",
     "return f->holder ? SL_OK : SL_EFORBIDDEN;", 1),
    ("ldap-filter-unescaped", "the user name goes into the LDAP filter unescaped",
     "fcgi/ldap.c", r"\(\*out = arena_strndup\(a, bout\.bv_val, bout\.bv_len\)\)",
     "(*out = arena_strdup(a, in))", 1),
    ("oidc-nonce-ignored", "ID-porten's id_token nonce is not checked",
     "fcgi/oidc.c", r"!crypto_streq\(s, nonce\)", "!((void)s, (void)nonce, 1)", 1),
    ("pdf-check-ignored", "any upload is accepted as a PDF",
     "fcgi/*.c", r"(\bpdf_ok\([^)]*\)\s*\{(?:\s*[^;{}]*;)*?)(\s*if \(u->len)", r"\1\n\tif (u != NULL)\n\t\treturn 1;\2", 1),
    ("measure-window-ignored", "a measure's text can be changed after 8 hours",
     "fcgi/measure.c", r"INTERVAL 8 HOUR", "INTERVAL 8000 HOUR", 2),
    # --- paths make coverage showed unrun (tests/integration/test_edges.py) ---
    ("worker-path-limit-ignored", "the worker reads a request path of any length",
     "fcgi/worker.c", r"if \(plen > 2048\)", "if (0 && plen > 2048)", 1),
    ("family-invalid-pid-accepted", "an identity number from ID-porten is not checked",
     "fcgi/*.c", r"if \(nin_parse\(id\.pid,", "if (0 && nin_parse(id.pid,", 1),
    ("grant-concern-of-any-log", "a read grant may name a concern of another log",
     "fcgi/*.c", r'(SELECT 1 FROM concern"\s*" WHERE id = \?) AND log_id = \?", "ii", items\[i\],\s*lc\.id\)',
     r'\1", "i", items[i])', 1),
    ("read-audit-failure-ignored", "a log is shown although its read could not be audited",
     "fcgi/*.c", r'return (ctx_audit\(c, "view-log", lc->id, NULL, role_name\(lc\)\));',
     r"(void)\1;\n\treturn SL_OK;", 1),
]


def find(name):
    for m in MUTANTS:
        if m[0] == name:
            return m
    sys.exit(f"mutants: no mutant named {name}")


def apply(tree, name, write):
    _, what, pattern_glob, rx, repl, want = find(name)
    files = sorted(glob.glob(os.path.join(tree, pattern_glob)))
    if not files:
        sys.exit(f"mutants: {name}: no file matches {pattern_glob}")
    total, changed = 0, []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            s = fh.read()
        out, n = re.subn(rx, repl, s, flags=re.M)
        if n:
            total += n
            changed.append((f, out))
    if total != want:
        sys.exit(f"mutants: {name}: pattern matched {total} times in {pattern_glob}, "
                 f"expected {want}; update the table in tests/mutants.sh")
    if write:
        for f, out in changed:
            with open(f, "w", encoding="utf-8") as fh:
                fh.write(out)
    for f, _ in changed:
        print(os.path.relpath(f, tree))


cmd = sys.argv[1]
if cmd == "list":
    for m in MUTANTS:
        print(f"{m[0]}\t{m[1]}")
elif cmd == "check":            # check TREE NAME: applies (dry run), prints the files
    apply(sys.argv[2], sys.argv[3], False)
elif cmd == "apply":            # apply TREE NAME: writes the mutated files, prints them
    apply(sys.argv[2], sys.argv[3], True)
PY
)

mut() { python3 -c "$apply_py" "$@"; }

if [[ ${1:-} == --list ]]; then
	mut list
	exit 0
fi

# The mutants to run: all, or those whose name contains an argument.
names=()
while IFS=$'\t' read -r n _; do
	if (( $# == 0 )); then
		names+=("$n")
	else
		for o in "$@"; do
			[[ $n == *"$o"* ]] && { names+=("$n"); break; }
		done
	fi
done < <(mut list)
(( ${#names[@]} )) || { echo "mutants: no mutant matches: $*" >&2; exit 2; }

# A copy of the working tree as it is (tracked and new files, not ignored).
echo "== copying the tree to $TREE"
rm -rf "$TREE" "$PRISTINE" "$LOGS"
mkdir -p "$TREE" "$PRISTINE" "$LOGS"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
	tar --null --ignore-failed-read -T - -cf -) | tar -C "$PRISTINE" -xf -
cp -a "$PRISTINE/." "$TREE/"

# Every mutant must still apply before anything runs.
for n in "${names[@]}"; do
	mut check "$TREE" "$n" >/dev/null
done
echo "== ${#names[@]} mutant(s) apply cleanly"

UNITS=$(cd "$TREE" && for f in tests/unit/test_*.c; do [[ -e $f ]] && b=${f##*/} && echo "build/${b%.c}"; done)

build() {       # build LOG: the program and the unit binaries
	# shellcheck disable=SC2086
	make -C "$TREE" -j2 all $UNITS >>"$1" 2>&1
}

suite() {       # suite LOG: the copy's make check with the mutant ports
	TEST_PORT=$PORT TEST_LDAP_PORT=$LDAP_PORT TEST_IDP_PORT=$IDP_PORT TEST_SMTP_PORT=${MUTANT_SMTP_PORT:-18173} TEST_SMS_PORT=${MUTANT_SMS_PORT:-18174} TEST_SAMBA_ADDR=$SAMBA_ADDR timeout -k 10 2400 make -C "$TREE" check >>"$1" 2>&1
}

failures_of() { # what failed, briefly: tests, unit binaries, other stages
	grep -E '^(FAIL test_|== FAIL )' "$1" | sed -E 's/^== FAIL //; s/^FAIL //; s/ \(.*//' |
		grep -vx integration | sort -u | head -n 4 | paste -sd, - | sed 's/,/, /g'
}

start=$(date +%s)
if [[ ${MUTANT_SKIP_BASELINE:-0} != 1 ]]; then
	log=$LOGS/00-baseline.log
	echo "== baseline: the unmutated copy must pass (log $log)"
	if ! build "$log" || ! suite "$log"; then
		tail -n 30 "$log"
		echo "mutants: the unmutated copy does not pass make check; nothing to measure" >&2
		exit 1
	fi
fi

killed=0 survived=0 broken=0
surv=()
prev=()
for n in "${names[@]}"; do
	# Back to the pristine files the previous mutant changed (a fresh
	# mtime, so make rebuilds them).
	for f in "${prev[@]}"; do
		cp "$PRISTINE/$f" "$TREE/$f"
	done
	mapfile -t prev < <(mut apply "$TREE" "$n")
	log=$LOGS/$n.log
	: >"$log"
	t0=$(date +%s)
	if ! build "$log"; then
		broken=$((broken + 1))
		printf '%-30s BROKEN (does not build, see %s)\n' "$n" "$log"
		continue
	fi
	if suite "$log"; then
		survived=$((survived + 1))
		surv+=("$n")
		printf '%-30s SURVIVED  (%ss) %s\n' "$n" $(( $(date +%s) - t0 )) \
			"$(mut list | awk -F'\t' -v n="$n" '$1 == n { print $2 }')"
	elif [[ -z $(failures_of "$log") ]]; then
		# The suite failed without a failing test: the servers did not
		# start, or a leftover broke the run. That kills nothing.
		broken=$((broken + 1))
		printf '%-30s BROKEN (the suite failed before any test, see %s)\n' "$n" "$log"
	else
		killed=$((killed + 1))
		printf '%-30s KILLED    (%ss) by %s\n' "$n" $(( $(date +%s) - t0 )) "$(failures_of "$log")"
	fi
done
for f in "${prev[@]}"; do
	cp "$PRISTINE/$f" "$TREE/$f"
done

echo "== mutants: ${#names[@]} planted, $killed killed, $survived survived, $broken broken" \
	"($(( $(date +%s) - start )) s; logs in $LOGS)"
(( survived )) && echo "== survived: ${surv[*]}"
(( survived == 0 && broken == 0 ))
