"""Attack 5: the per-worker "first facts" cache of the log page
(fcgi/logfacts.c fc_get/fc_put, keyed by log id, log.version,
view_epoch.n and UTC_DATE(), commit 5b3ab78).

The cache is only right if every change of a FACTS column (logfacts.h
LOGFACTS_COLS) bumps log.version or view_epoch.  The unit's name (u.name)
and the holder's name (hs.name) are kept under view_epoch, whose triggers
(sql/020_perf.sql unit_au_epoch, staff_au_epoch, person_au_epoch) compare
OLD.name <=> NEW.name in the column's collation, utf8mb4_unicode_ci:
case-only and accent-only renames compare equal, so view_epoch is not
bumped and the kept row stays until the log's next write or the next UTC
day.  Before 5b3ab78 FACTS_SQL ran on every request, so the unit and
holder names on the page were always current (and in the page cache key).

Uses ?format=xml, which the log page cache (logcache.c) never keeps, so
what is checked is the facts row alone.

The tests run in order and share the state below."""

import datetime

from lib import *  # noqa: F401,F403

A = {}
TODAY = datetime.date.today()
LATER = (TODAY + datetime.timedelta(days=30)).isoformat()
KID = synthetic_nin(23, 8, 2016, 871)
VIEWS = 12  # enough for every worker to have read and kept the facts


def xml_log(client, path=None):
    r = client.get((path or A["path"]) + "?format=xml")
    eq(r.status, 200, "the log page as XML")
    return r.xml().find("content/log")


def warm(client, n=VIEWS):
    for _ in range(n):
        xml_log(client)


def test_attack5_00_setup():
    for u in ["ola.berg", "jonas.moe"]:
        A[u] = logged_in(u)
    c = A["ola.berg"]
    # a rerun against the same database: the child's earlier log made passive
    sql(f"UPDATE log SET status = 'passive', active_nin = NULL WHERE active_nin = '{KID}'")
    f = {"nin": KID, "child-name": "Per Fakta", "address": "Cacheveien 5",
         "unit": "solbakken-barnehage", "level": "2",
         "guardian1-name": "Mor Fakta", "guardian1-email": "", "guardian1-phone": "",
         "guardian2-name": "", "guardian2-email": "", "guardian2-phone": "",
         "consent-by": "guardians", "consent-by-name": "Mor Fakta",
         "consent-date": TODAY.isoformat(), "consent-scope": "Alt", "consent-expires": LATER}
    r = c.post_multipart("/logs", dict(f, _csrf=c.csrf("/logs/new")))
    eq(r.status, 303, "log created")
    A["path"] = r.header("Location")
    A["log"] = int(A["path"].rsplit("/", 1)[1])
    tok = c.csrf(A["path"])
    eq(c.post(A["path"] + "/concerns", {"_csrf": tok, "category": "2",
                                        "description": "Språk.", "goal": "Et mål."}).status,
       303, "concern")
    cid = int(sql(f"SELECT MAX(id) FROM concern WHERE log_id = {A['log']}")[0][0])
    r = c.post(f"/concerns/{cid}/measures", {"_csrf": tok, "text": "Jonas leser.",
                                             "kind": "service", "actor": "", "actor-other": "jonas.moe",
                                             "start": TODAY.isoformat(), "evaluate-by": LATER})
    eq(r.status, 303, "a measure of Jonas's (he is an actor of the log)")
    ok(xml_log(A["jonas.moe"]) is not None, "Jonas sees the log")


def test_attack5_01_unit_case_rename_is_shown():
    """FAILS on 5b3ab78: after a case-only rename of the log's unit the
    log page keeps the old unit name (kept facts, view_epoch not bumped)."""
    c = A["ola.berg"]
    old = sql("SELECT name FROM unit WHERE id = 'solbakken-barnehage'")[0][0]
    new = old.upper()
    ok(new != old, "a name with lower case letters")
    warm(c)
    e0 = sql("SELECT n FROM view_epoch")[0][0]
    try:
        sql(f"UPDATE unit SET name = '{new}' WHERE id = 'solbakken-barnehage'")
        eq(sql("SELECT name FROM unit WHERE id = 'solbakken-barnehage'")[0][0], new, "renamed")
        e1 = sql("SELECT n FROM view_epoch")[0][0]
        stale = [xml_log(c).get("unit-name") for _ in range(6)]
        eq(stale, [new] * 6, f"the unit's new name on every view (view_epoch {e0} -> {e1})")
    finally:
        sql(f"UPDATE unit SET name = '{old}' WHERE id = 'solbakken-barnehage'")


def test_attack5_02_holder_accent_rename_is_shown():
    """FAILS on 5b3ab78: an accent-only correction of the holder's name
    (as a directory sync would write it) is not shown to an actor."""
    j = A["jonas.moe"]
    old = sql("SELECT name FROM staff WHERE uid = 'ola.berg'")[0][0]
    ok(old.startswith("Ola"), f"the holder's name {old!r}")
    new = "Óla" + old[3:]
    warm(j)
    try:
        sql(f"UPDATE staff SET name = '{new}' WHERE uid = 'ola.berg'")
        seen = [xml_log(j).get("holder-name") for _ in range(6)]
        eq(seen, [new] * 6, "the holder's corrected name on every view")
    finally:
        sql(f"UPDATE staff SET name = '{old}' WHERE uid = 'ola.berg'")


def test_attack5_03_a_write_to_the_log_brings_it_back():
    """Held up: a write to the log (version) ends the staleness, and the
    real names show again (checks the tests above restored them)."""
    c = A["ola.berg"]
    tok = c.csrf(A["path"])
    eq(c.post(A["path"] + "/bright-spots", {"_csrf": tok, "text": "Fin dag."}).status, 303,
       "a bright spot (bumps log.version)")
    unit = sql("SELECT name FROM unit WHERE id = 'solbakken-barnehage'")[0][0]
    eq({xml_log(c).get("unit-name") for _ in range(6)}, {unit}, "the unit's name")


def test_attack5_04_an_actors_case_rename_is_shown_on_the_kept_page():
    """Same root cause, older: FAILS on 5b3ab78 and on 388eee4 too (the
    log page cache of sql/020_perf.sql).  A case-only rename of a staff
    member named on the page (Jonas, the measure's actor) leaves
    view_epoch alone, so the kept HTML page keeps the old spelling."""
    c = A["ola.berg"]
    old = sql("SELECT name FROM staff WHERE uid = 'jonas.moe'")[0][0]
    new = old.upper()
    for _ in range(VIEWS):
        eq(c.get(A["path"]).status, 200, "the log page")
    try:
        sql(f"UPDATE staff SET name = '{new}' WHERE uid = 'jonas.moe'")
        seen = [new in c.get(A["path"]).text for _ in range(6)]
        eq(seen, [True] * 6, f"{new!r} on the page on every view")
    finally:
        sql(f"UPDATE staff SET name = '{old}' WHERE uid = 'jonas.moe'")


def test_attack5_05_a_broken_mail_stylesheet_is_refused_on_reload():
    """FAILS on 5b3ab78 (and 388eee4, which made mail.xsl lazy): README
    says SIGHUP re-reads the stylesheets and refuses a file with errors,
    keeping the old ones.  render_load no longer compiles mail.xsl and
    mail-text.xsl, so a broken mail.xsl is reloaded as good ("configuration
    and stylesheets reloaded"), while the notifier, which compiles it at
    its start (notify.c), can no longer start.  check-config still
    refuses it (held up)."""
    import re as _re
    import shutil
    import signal
    import subprocess
    with open(APP_CONF) as f:
        conf = f.read()
    m = _re.search(r"^xslt_dir\s*=\s*(\S+)", conf, _re.M)
    ok(m, "xslt_dir in the app's configuration")
    good = m.group(1)
    bad = f"{RUN}/attack5-xslt"
    shutil.rmtree(bad, ignore_errors=True)
    shutil.copytree(good, bad)
    with open(f"{bad}/mail.xsl", "a") as f:
        f.write("<xsl:broken")
    alt = f"{RUN}/attack5.conf"
    with open(alt, "w") as f:
        f.write(conf.replace(m.group(0), f"xslt_dir = {bad}"))
    binary = os.environ.get("BIN", f"{ROOT}/build/stafettlogg")
    out = subprocess.run([binary, "check-config", "-c", alt], capture_output=True, text=True)
    ok(out.returncode != 0, f"check-config refuses the broken mail.xsl: {out.stderr[-300:]}")
    before = set(worker_pids())
    pos = log_size()
    try:
        with open(APP_CONF, "w") as f:
            f.write(conf.replace(m.group(0), f"xslt_dir = {bad}"))
        os.kill(master_pid(), signal.SIGHUP)
        # Refused: the old workers stay; accepted: all are replaced.
        wait_for(lambda: not set(worker_pids()) & before, 8)
        said = log_since(pos)
        ok(set(worker_pids()) & before,
           f"the reload with a broken mail.xsl refused, the workers kept: {said[-500:]!r}")
    finally:
        with open(APP_CONF, "w") as f:
            f.write(conf)
        before = set(worker_pids())
        pos = log_size()
        os.kill(master_pid(), signal.SIGHUP)
        ok(wait_for(lambda: (lambda p: len(p) >= 2 and not set(p) & before)(worker_pids()), 15),
           f"workers replaced with the good configuration: {log_since(pos)[-400:]}")
        shutil.rmtree(bad, ignore_errors=True)


def test_attack5_06_held_up_direct_writes_to_the_facts():
    """Held up on 5b3ab78: writes straight into the database to the
    log's row (holder, status) and to its consents show on the next view
    of every worker (log.version); a consent expired by SQL ends
    consent_ok for new access."""
    j = A["jonas.moe"]
    log = A["log"]
    warm(j)
    try:
        sql(f"UPDATE log SET holder_uid = 'jonas.moe' WHERE id = {log}")
        eq({xml_log(j).get("role") for _ in range(6)}, {"holder"}, "Jonas made holder by SQL")
    finally:
        sql(f"UPDATE log SET holder_uid = 'ola.berg' WHERE id = {log}")
    eq({xml_log(j).get("role") for _ in range(6)}, {"actor"}, "and back to actor")
    warm(j)
    try:
        sql(f"UPDATE log SET status = 'passive', active_nin = NULL WHERE id = {log}")
        eq({xml_log(j).get("status") for _ in range(6)}, {"passive"}, "set passive by SQL")
    finally:
        sql(f"UPDATE log SET status = 'active', active_nin = nin WHERE id = {log}")
    eq({xml_log(j).get("status") for _ in range(6)}, {"active"}, "active again")
    gone = A["path"].rsplit("/", 1)[0] + f"/{10 ** 12}"
    eq(A["jonas.moe"].get(gone).status, 404, "a log that does not exist")
