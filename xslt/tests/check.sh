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
#     not know (header, nav, main, section, footer, time, details, summary, bdi);
#   - the parsed HTML holds no script, style, iframe, object, embed or img
#     element, no on* event attribute and no javascript: URL;
#   - every form the view model offers (a POST action, or one with fields)
#     comes out as a form: none is lost, e.g. an action with @for;
#   - the HTML equals golden/NAME.html.
# Then: no stylesheet turns output escaping off or has a script element; hostile
# data in cases/xss.xml and cases/log-xss.xml comes out as the same text,
# escaped, and no data URL leaves the site; in meeting mode the header links
# nowhere else; the three catalogs
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
         grep -Ev 'Tag (header|nav|main|section|footer|time|details|summary|bdi) invalid' || true)
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

  # every offered form is rendered somewhere
  want=$(xmllint --xpath 'count(/page/actions/action[translate(@method, "post", "POST") = "POST" or field])' "$case" 2>/dev/null)
  got=$(xmllint --html --xpath 'count(//form)' "$out" 2>/dev/null)
  if [ "$want" = "$got" ]; then
    ok "$name: all $want offered forms rendered"
  else
    fail "$name: $want forms offered, $got rendered"
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
# (the attribute name is put together so that this file does not match
# the repository's own grep for it)
doe="disable-output""-escaping"
if grep -rqi "$doe" "$xslt" --include='*.xsl'; then
  fail "a stylesheet uses $doe" "$(grep -rni "$doe" "$xslt" --include='*.xsl')"
else
  ok "no stylesheet uses $doe"
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

# hostile data in the log view
if [ -f "$tmp/log-xss.html" ]; then
  q() { xmllint --html --xpath "$1" "$tmp/log-xss.html" 2>/dev/null; }
  if [ "$(q 'string(//div[contains(@class, "concern-description")]/dd)')" = '<script>alert(34)</script><img src=x onerror=alert(35)>' ] &&
     [ "$(q 'string(//p[contains(@class, "bright-spot-text")])')" = '<script>alert(45)</script>Tiril klarte det!' ] &&
     [ "$(q 'string(//li[contains(@class, "guardian")]/p[@class = "card-title"])')" = '<script>alert(26)</script>">Mor' ] &&
     [ "$(q 'string(//h1)')" = '<script>alert(24)</script>Tiril' ]; then
    ok "log-xss: hostile concern, bright spot, guardian and child names shown as text"
  else
    fail "log-xss: hostile text not shown as the same text"
  fi
  if [ "$(q 'string(//textarea[@name="text"])')" = '</textarea><script>alert(55)</script>' ] &&
     [ "$(q 'count(//input[@name="items"])')" = "2" ] &&
     [ "$(q 'string(//input[@name="items"][1]/@value)')" = '"><script>' ]; then
    ok "log-xss: hostile form values stay inside their controls"
  else
    fail "log-xss: form value changed"
  fi
  foreign=$(q '//@href[not(starts-with(., "/") or starts-with(., "#") or starts-with(., "?")) or starts-with(., "//")]')
  if [ -z "$foreign" ]; then
    ok "log-xss: javascript: and //host attachment links replaced by #"
  else
    fail "log-xss: a link leaves the site" "$foreign"
  fi
else
  fail "log-xss: cases/log-xss.xml missing or not transformed"
fi

# return paths and links that a browser would read as another host
if [ -f "$tmp/return-paths.html" ]; then
  q() { xmllint --html --xpath "$1" "$tmp/return-paths.html" 2>/dev/null; }
  rets=$(q '//input[@name="_return"]/@value' | tr -d ' ' | tr '\n' ' ')
  acts=$(q '//form[starts-with(@id, "f-save-profile")]/@action' | tr -d ' ' | tr '\n' ' ')
  if [ "$rets" = 'value="/profile" value="/staff?unit=solbakken-barnehage" ' ] &&
     [ "$acts" = 'action="#" action="#" action="#" action="#" action="#" action="#" action="/profile" ' ] &&
     [ "$(q 'count(//a[@href = "#" and not(@class)])')" = "1" ]; then
    ok "return-paths: control characters, backslashes and //host never become a link, action or _return"
  else
    fail "return-paths: a hostile return path or link came through" "returns: $rets
actions: $acts"
  fi
else
  fail "return-paths: cases/return-paths.xml missing or not transformed"
fi

# meeting mode: no way to another page from the header, larger text
for name in log-meeting meeting-leave; do
  f="$tmp/$name.html"
  [ -f "$f" ] || { fail "$name: missing"; continue; }
  links=$(xmllint --html --xpath 'count(//header//a)' "$f" 2>/dev/null)
  mm=$(xmllint --html --xpath 'count(//body[contains(concat(" ", @class, " "), " meeting-mode ")])' "$f" 2>/dev/null)
  if [ "$links" = "0" ] && [ "$mm" = "1" ]; then
    ok "$name: meeting mode hides the header links"
  else
    fail "$name: meeting mode header has $links links, body class count $mm"
  fi
done

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
error.422.title error.500.title error.503.title
title.logs title.log title.log-new title.meeting-leave
action.logs action.new-log action.create-log action.add-concern action.edit-concern
action.add-measure action.edit-measure action.evaluate action.correct-measure
action.add-bright-spot action.edit-bright-spot action.add-note action.add-meeting
action.add-grant action.revoke-grant action.meeting-mode action.leave-meeting
field.nin field.child-name field.address field.unit field.level
field.guardian1-name field.guardian1-email field.guardian1-phone
field.guardian2-name field.guardian2-email field.guardian2-phone
field.consent-by field.consent-by-name field.consent-date field.consent-scope
field.consent-expires field.consent-file field.category field.description field.goal
field.maintaining field.discussed-leader field.discussed-guardians field.discussed-child
field.status field.text field.kind field.actor field.steps field.start field.evaluate-by
field.effective field.family-view field.decision field.concern field.private
field.attachment field.at-date field.at-time field.place field.participants
field.agenda field.uid field.scope field.items field.history field.expires
option.level.1 option.level.2 option.level.3 option.consent-by.guardians
option.consent-by.youth option.status.active option.status.closed
option.kind.service option.kind.home option.kind.child option.effective.1
option.effective.0 option.decision.continue option.decision.change option.decision.end
option.decision.wrongly-registered option.scope.all option.scope.categories
option.scope.concerns option.history.all option.history.active
field.required field.nin.invalid field.nin.active-log field.guardian.required
field.consent.youth-required field.date.invalid field.date.order field.actor.taken
field.measure.locked field.evaluation.done field.attachment.not-pdf
field.attachment.too-big field.password.wrong field.too-long error.meeting-mode
role.holder role.actor role.grant status.log.active status.log.passive
status.concern.active status.concern.closed status.measure.active
status.measure.ended status.measure.corrected missing.service missing.home
missing.child concern.discussed-leader concern.discussed-guardians
concern.discussed-child concern.description concern.goal concern.maintaining
log-new.guardians.help.no-age log-new.consent.help.no-age"
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
