#!/usr/bin/env python3
"""Every catalog key the C code uses (error keys, field and action names
that become labels) exists in all three catalogs (nb, nn, en)."""

import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
keys = set()
for f in glob.glob(os.path.join(ROOT, "fcgi", "*.c")):
    src = open(f, encoding="utf-8").read()
    keys.update(re.findall(r'"((?:field|error|login|draft|profile)\.[a-z0-9.\-]+)"', src))
    keys.update("action." + m for m in re.findall(r'(?:view_action|action_for)\(c, "([a-z\-]+)"', src))
    keys.update("field." + m for m in re.findall(r'view_field\([a-z]+, "([a-z0-9\-]+)"', src))
failed = 0
for lang in ["nb", "nn", "en"]:
    cat = set(re.findall(r'<m k="([^"]+)"', open(os.path.join(ROOT, "xslt", "i18n", lang + ".xml"),
                                                 encoding="utf-8").read()))
    missing = sorted(k for k in keys if k not in cat)
    if missing:
        failed += 1
        print(f"{lang}: missing {', '.join(missing)}")
print(f"{len(keys)} keys used by the C code; {3 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
