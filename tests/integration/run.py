#!/usr/bin/env python3
"""Integration tests through nginx against the private servers.

Started by tests/check.sh with the whole stack running (MariaDB, slapd,
the stafettlogg master and nginx) and these environment variables:
BASE_URL, RUN, ROOT, LDAP_PORT, BIN.  Uses only the standard library.
Tests are the functions named test_* in the modules listed below, run in
order; the runner prints one line per test and a final
"N passed, N failed" line.  Arguments select tests by substring.
"""

import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import test_story  # noqa: E402
import test_family  # noqa: E402
import test_foundation  # noqa: E402
import test_trust_identity  # noqa: E402
import test_trust_policy  # noqa: E402
import test_trust_disclosure  # noqa: E402
import test_trust_input  # noqa: E402
import test_trust_harden  # noqa: E402
import test_audit  # noqa: E402
import test_integrity  # noqa: E402
import test_overview  # noqa: E402

MODULES = [test_story, test_family, test_foundation, test_trust_identity,
           test_trust_policy, test_trust_disclosure, test_trust_input,
           test_trust_harden, test_audit, test_integrity, test_overview]


def main():
    tests = [(n, f) for m in MODULES for n, f in vars(m).items()
             if n.startswith("test_") and callable(f) and f.__module__ == m.__name__]
    only = sys.argv[1:]
    passed = failed = 0
    for name, fn in tests:
        if only and not any(o in name for o in only):
            continue
        t0 = time.time()
        try:
            fn()
            passed += 1
            print(f"PASS {name} ({time.time() - t0:.2f}s)", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {name}", flush=True)
            traceback.print_exc()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
