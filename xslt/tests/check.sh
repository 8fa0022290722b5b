#!/bin/bash
# Golden tests for the page stylesheet (xslt/page.xsl).
#
#   xslt/tests/check.sh            run every check
#   xslt/tests/check.sh --update   rewrite xslt/tests/golden/*.html from the
#                                  current output (look at the diff before
#                                  committing it!)
#
# For every view model in cases/NAME.xml:
#   - xsltproc turns it into HTML with exit status 0 and nothing on stderr;
#   - the same HTML comes out when xsltproc runs from /, from a temporary
#     directory, and with the input on stdin (no base URI): the message
#     catalogs are found next to page.xsl wherever we stand;
#   - xmllint's HTML parser reports no error other than the HTML5 tags it does
#     not know (header, nav, main, section, footer, time);
#   - the parsed HTML holds no script, style, iframe, object, embed or img
#     element, no on* event attribute and no javascript: URL;
#   - the HTML equals golden/NAME.html.
# Then: no stylesheet uses disable-output-escaping or a script element; hostile
# data in cases/xss.xml comes out as the same text, escaped; the three catalogs
# are well-formed, have the same keys, no duplicates, and every key the
# stylesheets name literally.
#
# Needs xsltproc and xmllint (Debian: xsltproc, libxml2-utils). Prints
# "N passed, N failed" and exits non-zero when anything failed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
xslt=$(cd "$here/.." && pwd)
sheet="$xslt/page.xsl"
update=0
[ "${1:-}" = "--update" ] && update=1

for tool in xsltproc xmllint; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "check.sh: $tool is missing (apt-get install xsltproc libxml2-utils)" >&2
    exit 2
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok()   { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' <<<"$2"; }

mkdir -p "$here/golden"

for case in "$here"/cases/*.xml; do
  name=$(basename "$case" .xml)
  out="$tmp/$name.html"

  # (a) transform, from the xslt folder, without errors
  if (cd "$xslt" && xsltproc page.xsl "$case" >"$out" 2>"$tmp/$name.err") && [ ! -s "$tmp/$name.err" ] && [ -s "$out" ]; then
    ok "$name: transforms without errors"
  else
    fail "$name: transform" "$(cat "$tmp/$name.err")"
    continue
  fi

  # same output from other working directories and from stdin
  same=1
  (cd / && xsltproc "$sheet" "$case") >"$tmp/$name.root" 2>/dev/null || same=0
  (cd "$tmp" && xsltproc "$sheet" "$case") >"$tmp/$name.tmpdir" 2>/dev/null || same=0
  (cd "$tmp" && xsltproc "$sheet" - <"$case") >"$tmp/$name.stdin" 2>/dev/null || same=0
  for v in root tmpdir stdin; do
    cmp -s "$out" "$tmp/$name.$v" || same=0
  done
  if [ $same = 1 ]; then
    ok "$name: same HTML from /, from a temp dir and from stdin"
  else
    fail "$name: output depends on the working directory or base URI"
  fi

  # (b) HTML parses; only the HTML5 tags libxml2 does not know are reported
  errs=$(xmllint --html --noout "$out" 2>&1 | grep 'parser error' |
         grep -Ev 'Tag (header|nav|main|section|footer|time) invalid' || true)
  if [ -z "$errs" ]; then
    ok "$name: HTML parses cleanly"
  else
    fail "$name: HTML parser errors" "$errs"
  fi

  # (d) nothing executable in the parsed HTML
  bad=$(xmllint --html --xpath 'count(//script | //style | //iframe | //object | //embed | //img
         | //@*[starts-with(translate(name(), "ON", "on"), "on")]
         | //@href[contains(translate(., "JAVSCRIPT", "javscript"), "javascript:")]
         | //@action[contains(translate(., "JAVSCRIPT", "javscript"), "javascript:")])' "$out" 2>/dev/null)
  if [ "$bad" = "0" ] && ! grep -qi '<script' "$out"; then
    ok "$name: no script, style, img, event attribute or javascript: URL"
  else
    fail "$name: executable content in output ($bad nodes)"
  fi

  # (c) golden file
  golden="$here/golden/$name.html"
  if [ $update = 1 ]; then
    cp "$out" "$golden"
    ok "$name: golden file written"
  elif [ ! -f "$golden" ]; then
    fail "$name: no golden file (run check.sh --update and review it)"
  elif cmp -s "$out" "$golden"; then
    ok "$name: matches golden/$name.html"
  else
    fail "$name: differs from golden/$name.html" \
      "$(diff <(sed 's/></>\n</g' "$golden") <(sed 's/></>\n</g' "$out") | head -40)"
  fi
done

# golden files without a case
for golden in "$here"/golden/*.html; do
  [ -e "$golden" ] || continue
  name=$(basename "$golden" .html)
  if [ ! -f "$here/cases/$name.xml" ]; then
    fail "golden/$name.html has no cases/$name.xml"
  fi
done

# (d) the stylesheets themselves
if grep -rqi 'disable-output-escaping' "$xslt" --include='*.xsl'; then
  fail "a stylesheet uses disable-output-escaping" "$(grep -rni 'disable-output-escaping' "$xslt" --include='*.xsl')"
else
  ok "no stylesheet uses disable-output-escaping"
fi
if grep -rqiE '<script|<style|[[:space:]]on[a-z]+=' "$xslt" --include='*.xsl'; then
  fail "a stylesheet writes script, style or an event attribute" \
    "$(grep -rniE '<script|<style|[[:space:]]on[a-z]+=' "$xslt" --include='*.xsl')"
else
  ok "no stylesheet writes script, style or event attributes"
fi

# hostile data comes out as the very same text
if [ -f "$tmp/xss.html" ]; then
  q() { xmllint --html --xpath "$1" "$tmp/xss.html" 2>/dev/null; }
  want_name='<script>alert(1)</script>"><img src=x onerror=alert(1)>'
  if [ "$(q 'string(//strong[@class="user-name"])')" = "$want_name" ]; then
    ok "xss: hostile user name shown as text"
  else
    fail "xss: user name not shown as the same text" "$(q 'string(//strong[@class="user-name"])')"
  fi
  if [ "$(q 'string(//input[@name="phone"]/@value)')" = '"><img src=x onerror=alert(1)>' ] &&
     [ "$(q 'string(//textarea[@name="note"])')" = '</textarea><script>alert(5)</script>' ] &&
     [ "$(q 'string(//input[@name="_csrf"]/@value)')" = '"><script>alert(2)</script>' ]; then
    ok "xss: hostile attribute values and textarea stay inside their element"
  else
    fail "xss: attribute or textarea value changed"
  fi
  if [ "$(q 'string(//form[@id="f-save-profile"]/@action)')" = '#' ]; then
    ok "xss: javascript: form action replaced by #"
  else
    fail "xss: javascript: form action kept"
  fi
  if grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/xss.html"; then
    ok "xss: text escaped as &lt;script&gt;"
  else
    fail "xss: expected escaped text not found"
  fi
else
  fail "xss: cases/xss.xml missing or not transformed"
fi

# password fields never carry a value
pw=$(cat "$tmp"/*.html 2>/dev/null | grep -o '<input type="password"[^>]*>' | grep -c 'value=' || true)
if [ "$pw" = "0" ]; then
  ok "password fields never prefilled"
else
  fail "a password field carries a value"
fi

# catalogs
keys() { xmllint --xpath '//m/@k' "$xslt/i18n/$1.xml" 2>/dev/null | sed 's/^ *k="//; s/"$//' | sort; }
for l in nb nn en; do
  if xmllint --noout "$xslt/i18n/$l.xml" 2>/dev/null &&
     [ "$(xmllint --xpath 'string(/messages/@lang)' "$xslt/i18n/$l.xml")" = "$l" ]; then
    ok "i18n/$l.xml well-formed, lang=$l"
  else
    fail "i18n/$l.xml not well-formed or wrong lang"
  fi
  dups=$(keys $l | uniq -d)
  if [ -z "$dups" ]; then ok "i18n/$l.xml has no duplicate keys"; else fail "i18n/$l.xml duplicates" "$dups"; fi
  empty=$(xmllint --xpath '//m[normalize-space(.) = ""]/@k' "$xslt/i18n/$l.xml" 2>/dev/null)
  if [ -z "$empty" ]; then ok "i18n/$l.xml has no empty messages"; else fail "i18n/$l.xml empty messages" "$empty"; fi
done
for l in nn en; do
  d=$(diff <(keys nb) <(keys $l))
  if [ -z "$d" ]; then
    ok "i18n/$l.xml has the same keys as nb.xml"
  else
    fail "i18n/$l.xml keys differ from nb.xml (< only in nb, > only in $l)" "$d"
  fi
done

# every key named literally in a stylesheet, and the keys built at run time
# for the views of the foundation, exist in nb
literal=$(grep -rhoE "name=\"(k|fallback)\" select=\"'[^']+'\"" "$xslt" --include='*.xsl' |
          sed -E "s/.*select=\"'([^']+)'\"/\1/")
built="title.login title.start title.profile title.error
action.login action.logout action.save-profile action.profile action.start
field.username field.password field.phone field.lang field.phone.invalid
option.lang.nb option.lang.nn option.lang.en
login.failed login.throttled login.ended.idle login.ended.absolute login.ended.logout
login.draft-saved draft.restored profile.saved
role.staff role.leader role.admin error.csrf
error.400 error.403 error.404 error.405 error.413 error.422 error.500 error.503
error.400.title error.403.title error.404.title error.405.title error.413.title
error.422.title error.500.title error.503.title"
missing=""
for k in $literal $built; do
  keys nb | grep -qxF "$k" || missing="$missing $k"
done
if [ -z "$missing" ]; then
  ok "every key the stylesheets use exists in nb.xml"
else
  fail "keys missing from nb.xml:$missing"
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ]
