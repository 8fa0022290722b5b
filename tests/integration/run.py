#!/usr/bin/env python3
"""Integration tests through nginx against the private servers.

Started by tests/check.sh with the whole stack running (MariaDB, slapd,
the stafettlogg master and nginx) and these environment variables:
BASE_URL, RUN, ROOT, LDAP_PORT, BIN.  Uses only the standard library.
Tests are the functions named test_* in the modules listed below, run in
order; the runner prints one line per test and a final
"N passed, N failed" line.  Arguments select tests by substring.

It never passes on nothing: a test_*.py in this directory that MODULES
does not list, a listed module without tests, a test that raises anything
(SystemExit and KeyboardInterrupt too) and a run in which no test ran all
count as failures (tests/test-runner.sh plants each).
"""

import glob
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import test_story  # noqa: E402
import test_family  # noqa: E402
import test_notices  # noqa: E402
import test_lifecycle  # noqa: E402
import test_foundation  # noqa: E402
import test_trust_identity  # noqa: E402
import test_trust_policy  # noqa: E402
import test_trust_disclosure  # noqa: E402
import test_trust_input  # noqa: E402
import test_trust_harden  # noqa: E402
import test_audit  # noqa: E402
import test_integrity  # noqa: E402
import test_limits  # noqa: E402
import test_edges  # noqa: E402
import test_print  # noqa: E402
import test_exchange  # noqa: E402
import test_log_scale  # noqa: E402
import test_log_cache  # noqa: E402
import test_attack4  # noqa: E402
import test_overview  # noqa: E402
import test_transfer  # noqa: E402
import test_ad  # noqa: E402
import test_sync  # noqa: E402
import test_attack3  # noqa: E402
import test_attack5  # noqa: E402

MODULES = [test_story, test_family, test_notices, test_lifecycle, test_foundation, test_trust_identity,
           test_trust_policy, test_trust_disclosure, test_trust_input,
           test_trust_harden, test_audit, test_integrity, test_limits,
           test_edges, test_print, test_exchange, test_log_scale, test_log_cache, test_attack4,
           test_overview, test_transfer, test_ad, test_sync, test_attack3, test_attack5]


def unlisted_modules():
    """The test_*.py files next to this runner that MODULES leaves out."""
    here = os.path.dirname(os.path.abspath(__file__))
    listed = {m.__name__ for m in MODULES}
    return sorted(n for n in (os.path.basename(f)[:-3]
                              for f in glob.glob(os.path.join(here, "test_*.py")))
                  if n not in listed)


def main():
    failed = 0
    for name in unlisted_modules():
        failed += 1
        print(f"FAIL {name}.py is not listed in MODULES of run.py: its tests "
              f"would not run", flush=True)
    tests = []
    for m in MODULES:
        mine = [(n, f) for n, f in vars(m).items()
                if n.startswith("test_") and callable(f) and f.__module__ == m.__name__]
        if not mine:
            failed += 1
            print(f"FAIL module {m.__name__} has no test_* functions", flush=True)
        tests += mine
    only = sys.argv[1:]
    passed = 0
    for name, fn in tests:
        if only and not any(o in name for o in only):
            continue
        t0 = time.time()
        try:
            fn()
            passed += 1
            print(f"PASS {name} ({time.time() - t0:.2f}s)", flush=True)
        except BaseException as e:  # SystemExit(0) is no pass either
            failed += 1
            print(f"FAIL {name}", flush=True)
            traceback.print_exc()
            sys.stdout.flush()
            if isinstance(e, KeyboardInterrupt):
                break
    if passed + failed == 0:
        failed += 1
        print("FAIL no test ran", flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
