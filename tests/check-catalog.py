#!/usr/bin/env python3
"""Every catalog key the C code uses (error keys, field and action names
that become labels) exists in all three catalogs (nb, nn, en).  Every
print catalog (xslt/i18n/print/LANG.xml: page furniture, consent and
manual forms in nine languages) has every key of every other, none empty,
and every key the print stylesheets name."""

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

# Print catalogs: the same keys in every language, each with a text.
PRINT_LANGS = ["nb", "nn", "en", "ar", "fa-AF", "ps", "so", "ti", "tr"]
pcat = {}
for lang in PRINT_LANGS:
    path = os.path.join(ROOT, "xslt", "i18n", "print", lang + ".xml")
    if not os.path.exists(path):
        failed += 1
        print(f"print/{lang}: no catalog {path}")
        pcat[lang] = {}
        continue
    pcat[lang] = dict(re.findall(r'<m k="([^"]+)">([^<]*)</m>', open(path, encoding="utf-8").read()))
used = set()
for f in glob.glob(os.path.join(ROOT, "xslt", "print", "*.xsl")) + [os.path.join(ROOT, "xslt", "print.xsl")]:
    used.update(re.findall(r"'(print\.(?:consent|manual|marking|printed|page)[a-z0-9.\-]*)'",
                           open(f, encoding="utf-8").read()))
allkeys = set().union(*(set(c) for c in pcat.values()))
for lang in PRINT_LANGS:
    want = (allkeys | {k for k in used if not k.endswith(".")})
    missing = sorted(k for k in want if k not in pcat[lang])
    empty = sorted(k for k, v in pcat[lang].items() if not v.strip())
    if missing or empty:
        failed += 1
        print(f"print/{lang}: missing {', '.join(missing)}; empty {', '.join(empty)}")
print(f"{len(allkeys)} print keys in {len(PRINT_LANGS)} languages")
sys.exit(1 if failed else 0)
