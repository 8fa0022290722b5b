#!/usr/bin/env bash
# tests/coverage.sh - what `make coverage` runs after building build-cov/
# (gcc --coverage -DSL_COVERAGE: workers add their counts after each
# request, see worker.c).  Removes the old counts, runs the whole suite
# (tests/check.sh) against that build, then prints line and branch
# coverage per source file of fcgi/ and the total (gcovr).  Exit status:
# the suite's, or 1 if the report could not be made.
#
# Env: BUILD (default build-cov), and everything tests/check.sh reads.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$ROOT"
BUILD=${BUILD:-build-cov}
[[ $BUILD == /* ]] && BDIR=$BUILD || BDIR=$ROOT/$BUILD
command -v gcovr >/dev/null ||
	{ echo "coverage: gcovr is missing (tests/deps.sh --coverage installs it)" >&2; exit 1; }
compgen -G "$BDIR/*.gcno" >/dev/null ||
	{ echo "coverage: no $BDIR/*.gcno: build with --coverage first (make coverage)" >&2; exit 1; }

find "$BDIR" -name '*.gcda' -delete
rc=0
BUILD=$BUILD tests/check.sh || rc=$?

echo "== coverage of fcgi/*.c (lines and branches executed by the suite)"
json=$BDIR/coverage.json
gcovr --root "$ROOT" --filter "$ROOT/fcgi/" --json-summary "$json" "$BDIR" \
    >/dev/null 2>"$BDIR/gcovr.log" || {
	cat "$BDIR/gcovr.log" >&2
	echo "coverage: gcovr failed" >&2
	exit 1
}
python3 - "$json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def pct(c, t):
    return f"{100.0 * c / t:5.1f} %" if t else "    - "
print(f"{'file':<22} {'lines':>15} {'':>7} {'branches':>15} {'':>7}")
for f in sorted(d["files"], key=lambda f: f["filename"]):
    print(f"{f['filename']:<22} {f['line_covered']:>7}/{f['line_total']:<7} "
          f"{pct(f['line_covered'], f['line_total'])} "
          f"{f['branch_covered']:>7}/{f['branch_total']:<7} "
          f"{pct(f['branch_covered'], f['branch_total'])}")
print(f"{'TOTAL':<22} {d['line_covered']:>7}/{d['line_total']:<7} "
      f"{pct(d['line_covered'], d['line_total'])} "
      f"{d['branch_covered']:>7}/{d['branch_total']:<7} "
      f"{pct(d['branch_covered'], d['branch_total'])}")
PY
echo "== per-line detail: gcovr -r . --filter fcgi/ $BUILD (or --html-details)"
exit $rc
