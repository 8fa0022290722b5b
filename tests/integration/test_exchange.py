"""Issue 7, "to another municipality": a log exported as a transfer package
(schema/transfer-package.xsd) and imported by another Stafettlogg - a
second database in the same private MariaDB, migrated and read by the CLI
with a second configuration - compared field by field; hostile packages
refused with nothing stored (XXE, billion laughs, 100 MB, a broken schema,
a wrong identity number, a bad attachment hash, an attachment that is no
PDF); and no half import when the CLI, the worker or the database is
killed in the middle of one.

The tests run in order and share the state below."""

import base64
import datetime
import hashlib
import os
import random
import re
import signal
import subprocess
import tempfile
import threading
import time

from lib import *  # noqa: F401,F403

P = {}
TODAY = datetime.date.today()
LATER = (TODAY + datetime.timedelta(days=40)).isoformat()
R = random.Random()
KID = synthetic_nin(R.randint(1, 28), 5, 2016, R.randint(500, 900))
KID2 = synthetic_nin(R.randint(1, 28), 7, 2015, R.randint(500, 900))
KID3 = synthetic_nin(R.randint(1, 28), 8, 2014, R.randint(500, 900))
KID4 = synthetic_nin(R.randint(1, 28), 9, 2013, R.randint(500, 900))
MOTHER = synthetic_nin(R.randint(1, 28), 3, 1985, R.randint(100, 400))
PRIVATE = "Privatnotat-som-aldri-reiser"
DB2 = "stafettlogg_b"
BIN = os.environ.get("BIN", f"{ROOT}/build/stafettlogg")
TMP = tempfile.mkdtemp(prefix="exchange-", dir=RUN)
NOTE_PDF = PDF.replace(b"Count 0", b"Count 0 ")      # another file than the consent's


def sql2(query, db=DB2):
    out = subprocess.run(
        ["mariadb", "--no-defaults", "-S", f"{RUN}/db/db.sock", f"-u{DB_ADMIN}",
         "-N", "-B", db, "-e", query], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def cli(*args, timeout=120):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout)


def xsd_valid(path):
    r = subprocess.run(["xmllint", "--noout", "--nonet", "--schema",
                        f"{ROOT}/schema/transfer-package.xsd", path],
                       capture_output=True, text=True)
    return r.returncode == 0, r.stderr


def counts(db):
    q = ("SELECT (SELECT COUNT(*) FROM log), (SELECT COUNT(*) FROM guardian),"
         " (SELECT COUNT(*) FROM consent), (SELECT COUNT(*) FROM attachment),"
         " (SELECT COUNT(*) FROM concern), (SELECT COUNT(*) FROM measure),"
         " (SELECT COUNT(*) FROM bright_spot), (SELECT COUNT(*) FROM note),"
         " (SELECT COUNT(*) FROM meeting), (SELECT COUNT(*) FROM log_event),"
         " (SELECT COUNT(*) FROM audit WHERE action = 'import-log')")
    return sql2(q, db)[0]


def other_child(xml, nin):
    """The package with another child (identity number and birth date)."""
    d, m, y = int(nin[0:2]), int(nin[2:4]) - 80, int(nin[4:6])
    bd = f"20{y:02d}-{m:02d}-{d:02d}"
    xml = re.sub(rb'nin="%s"' % KID.encode(), b'nin="%s"' % nin.encode(), xml)
    return re.sub(rb'(<child [^>]*birth-date=")[0-9-]+', rb"\g<1>" + bd.encode(), xml)


def post_package(c, data, name="pakke.xml", unit="fjordvik-skole"):
    tok = c.csrf("/logs/import")
    return c.post_multipart("/logs/import", {"_csrf": tok, "unit": unit},
                            {"package": (name, "application/xml", data)}, xml=True)


def test_exchange_00_setup():
    for u in ["ola.berg", "lise.ahmadi", "kari.holm", "ingrid.dahl"]:
        P[u] = logged_in(u)
    c = P["ola.berg"]
    tok = c.csrf("/logs/new")
    f = {"nin": KID, "child-name": "Flytte Testesen", "address": "Flytteveien 3",
         "unit": "solbakken-barnehage", "level": "2",
         "guardian1-name": "Mor Flytte", "guardian1-email": "mor.flytte@example.org",
         "guardian1-phone": "499 11 222", "guardian1-nin": MOTHER,
         "guardian2-name": "Far Flytte", "guardian2-email": "", "guardian2-phone": "",
         "consent-by": "guardians", "consent-by-name": "Mor Flytte",
         "consent-date": TODAY.isoformat(), "consent-scope": "Barnehagen, skolen og helsestasjonen",
         "consent-expires": LATER, "_csrf": tok}
    r = c.post_multipart("/logs", f, {"consent-file": ("samtykke.pdf", "application/pdf", PDF)})
    eq(r.status, 303, "log created")
    P["path"] = r.header("Location")
    P["log"] = int(P["path"].rsplit("/", 1)[1])
    tok = c.csrf(P["path"])
    eq(c.post(P["path"] + "/concerns", {"_csrf": tok, "category": "2",
                                        "description": "Snakker lite, «forstår» alt.",
                                        "goal": "Delta i samling."}).status, 303, "concern")
    cid = int(sql(f"SELECT id FROM concern WHERE log_id = {P['log']}")[0][0])
    for actor, text in [("lise.ahmadi", "Språkgruppe hver tirsdag."),
                        ("ola.berg", "Lesestund med pedagog.")]:
        eq(c.post_xml(f"/concerns/{cid}/measures", {
            "_csrf": tok, "text": text, "kind": "service", "actor": "", "actor-other": actor,
            "start": TODAY.isoformat(), "evaluate-by": LATER,
            "steps": "Lytte\nFortelle"}).status, 303, "measure")
    mid = int(sql(f"SELECT id FROM measure WHERE log_id = {P['log']} AND actor_uid = 'ola.berg'")[0][0])
    eq(c.post(f"/measures/{mid}/evaluation", {"_csrf": tok, "effective": "1",
                                              "family-view": "Mor ser fremgang.",
                                              "decision": "continue"}).status, 303, "evaluation")
    eq(c.post_multipart(P["path"] + "/notes", {"_csrf": tok, "text": "Delt notat med vedlegg.",
                                               "concern": str(cid)},
                        {"attachment": ("rapport.pdf", "application/pdf", NOTE_PDF)}).status, 303, "note")
    eq(c.post_multipart(P["path"] + "/notes", {"_csrf": tok, "text": PRIVATE, "private": "1"}).status,
       303, "private note")
    eq(c.post(P["path"] + "/bright-spots", {"_csrf": tok, "text": "Lo høyt i dag! 🌞"}).status,
       303, "bright spot")
    eq(c.post(P["path"] + "/meetings", {"_csrf": tok, "at-date": LATER, "at-time": "10:15",
                                        "place": "Møterom Flytt", "participants": "Mor, Ola"}).status,
       303, "meeting")
    ok(sql(f"SELECT COUNT(*) FROM note WHERE log_id = {P['log']} AND attachment_id IS NOT NULL")[0][0]
       == "1", "the shared note has its file")


def test_exchange_01_export_on_the_web():
    c = P["ola.berg"]
    x = c.get(P["path"] + "?format=xml").xml()
    a = [e for e in x.findall("actions/action") if e.get("name") == "export-log"]
    eq(len(a), 1, "the holder is offered the export")
    eq(a[0].get("method"), "POST", "export is a POST")
    before = sql(f"SELECT holder_uid, status, unit_id FROM log WHERE id = {P['log']}")
    # Without the CSRF token: refused, nothing audited.
    eq(c.post(P["path"] + "/export", {}).status, 403, "export without CSRF")
    tok = c.csrf(P["path"])
    r = c.post(P["path"] + "/export", {"_csrf": tok})
    eq(r.status, 200, "export")
    eq(r.header("Content-Type").split(";")[0], "application/xml", "a package is XML")
    ok("attachment" in (r.header("Content-Disposition") or ""), "served as a download")
    P["pkg"] = r.body
    path = f"{TMP}/web.xml"
    with open(path, "wb") as f:
        f.write(r.body)
    valid, err = xsd_valid(path)
    ok(valid, f"the package is valid against the published XSD: {err}")
    ok(b"<!DOCTYPE" not in r.body, "no DOCTYPE")
    ok(PRIVATE.encode() not in r.body, "private notes never leave")
    ok(KID.encode() in r.body and MOTHER.encode() in r.body, "child and guardian numbers")
    ok(b'kind="log-pdf"' in r.body, "a PDF of the log")
    eq(sql(f"SELECT holder_uid, status, unit_id FROM log WHERE id = {P['log']}"), before,
       "export changes neither holder nor status")
    eq(sql(f"SELECT COUNT(*) FROM audit WHERE log_id = {P['log']} AND action = 'export-log'"
           " AND uid = 'ola.berg'")[0][0], "1", "audited once")
    eq(sql(f"SELECT COUNT(*) FROM log_event WHERE log_id = {P['log']} AND kind = 'exported'")[0][0],
       "1", "history: exported")
    # Only the holder: the leader of the log's unit takes the log over first
    # (the package is the whole log, more than a leader sees); an actor may not.
    k = P["kari.holm"]
    eq(k.post(P["path"] + "/export", {"_csrf": k.csrf("/start")}).status, 403, "the unit leader")
    li = P["lise.ahmadi"]
    eq(li.post(P["path"] + "/export", {"_csrf": li.csrf("/start")}).status, 403, "an actor")
    ok(not [e for e in li.get(P["path"] + "?format=xml").xml().findall("actions/action")
            if e.get("name") == "export-log"], "the actor is not offered it")
    eq(P["ingrid.dahl"].post(P["path"] + "/export", {"_csrf": P["ingrid.dahl"].csrf("/start")}).status,
       404, "someone without access")
    eq(sql(f"SELECT COUNT(*) FROM audit WHERE log_id = {P['log']} AND action = 'export-log'")[0][0],
       "1", "refusals are not audited as exports")


def test_exchange_02_round_trip_into_a_second_database():
    # A second municipality: its own database in the same private server,
    # migrated by the CLI with its own configuration.
    sql2(f"DROP DATABASE IF EXISTS {DB2}", "stafettlogg")
    sql2(f"CREATE DATABASE {DB2} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; "
         f"GRANT ALL PRIVILEGES ON {DB2}.* TO 'stafettlogg_migrate'@'localhost' WITH GRANT OPTION",
         "stafettlogg")
    with open(APP_CONF) as f:
        conf = re.sub(r"(?m)^db_name\s*=.*$", f"db_name = {DB2}", f.read())
    conf = re.sub(r"(?m)^municipality\s*=.*$", "municipality = Nabovik kommune", conf)
    if "municipality = Nabovik" not in conf:
        conf += "\nmunicipality = Nabovik kommune\n"
    P["conf2"] = f"{TMP}/nabovik.conf"
    with open(P["conf2"], "w") as f:
        f.write(conf)
    os.chmod(P["conf2"], 0o600)
    r = cli("migrate", "-c", P["conf2"])
    eq(r.returncode, 0, f"migrate the second database: {r.stderr}")
    sql2("INSERT INTO unit (id, dn, name, updated_at) VALUES ('nabovik-skole',"
         " 'cn=nabovik-skole', 'Nabovik skole', UTC_TIMESTAMP());"
         " INSERT INTO staff (uid, dn, name, created_at) VALUES ('per.mottak',"
         " 'uid=per.mottak', 'Per Mottak', UTC_TIMESTAMP()), ('tor.ingen', 'uid=tor.ingen',"
         " 'Tor Ingen', UTC_TIMESTAMP());"
         " INSERT INTO staff_unit (uid, unit_id, role) VALUES ('per.mottak', 'nabovik-skole', 'staff')")
    # The CLI's export of the same log is valid too.
    out = f"{TMP}/cli.xml"
    r = cli("export", "-c", APP_CONF, "--log", str(P["log"]), "--out", out)
    eq(r.returncode, 0, f"CLI export: {r.stderr}")
    ok(xsd_valid(out)[0], "the CLI's package is valid")
    eq(sql(f"SELECT COUNT(*) FROM audit WHERE log_id = {P['log']} AND action = 'export-log'"
           " AND remote LIKE 'cli:%'")[0][0], "1", "the CLI's export is audited")
    P["pkgfile"] = out
    # Someone who may not hold logs in the unit: refused, nothing stored.
    before = counts(DB2)
    r = cli("import", "-c", P["conf2"], "--in", out, "--holder", "tor.ingen", "--unit", "nabovik-skole")
    ok(r.returncode != 0 and "may not hold" in r.stderr, f"not a holder there: {r.stderr}")
    eq(counts(DB2), before, "nothing stored")
    # A member of the unit whom the directory has disabled (ldap-sync): refused too.
    sql2("INSERT INTO staff (uid, dn, name, created_at, disabled_at) VALUES ('siv.sluttet',"
         " 'uid=siv.sluttet', 'Siv Sluttet', UTC_TIMESTAMP(), UTC_TIMESTAMP());"
         " INSERT INTO staff_unit (uid, unit_id, role) VALUES ('siv.sluttet', 'nabovik-skole', 'staff')")
    before = counts(DB2)
    r = cli("import", "-c", P["conf2"], "--in", out, "--holder", "siv.sluttet", "--unit", "nabovik-skole")
    ok(r.returncode != 0 and "may not hold" in r.stderr, f"a disabled holder: {r.stderr}")
    eq(counts(DB2), before, "nothing stored")
    r = cli("import", "-c", P["conf2"], "--in", out, "--holder", "per.mottak", "--unit", "nabovik-skole")
    eq(r.returncode, 0, f"CLI import: {r.stdout} {r.stderr}")
    new = int(re.search(r"imported as log (\d+)", r.stdout).group(1))
    P["log2"] = new
    a, b = P["log"], new

    def both(query):
        return sql(query.format(a)), sql2(query.format(b))

    def same(query, what):
        x, y = both(query)
        ok(x, f"{what}: rows in the first database")
        eq(y, x, what)

    same("SELECT nin, active_nin, child_name, birth_date, address, level, status FROM log WHERE id = {}",
         "the child and the log")
    eq(sql2(f"SELECT holder_uid, unit_id FROM log WHERE id = {b}"),
       [["per.mottak", "nabovik-skole"]], "the receiving holder and unit")
    same("SELECT name, email, phone, nin FROM guardian WHERE log_id = {} ORDER BY id", "guardians")
    same("SELECT c.given_by, c.given_by_name, c.given_at, c.scope, c.expires_at, c.withdrawn_at,"
         " c.created_at, a.sha256, a.size, a.filename FROM consent c LEFT JOIN attachment a"
         " ON a.id = c.attachment_id WHERE c.log_id = {} ORDER BY c.id", "consents with their PDF")
    same("SELECT g.name, k.description, k.goal, k.maintaining, k.discussed_leader,"
         " k.discussed_guardians, k.discussed_child, k.registered_at, k.status, k.created_at,"
         " k.updated_at FROM concern k JOIN category g ON g.id = k.category_id"
         " WHERE k.log_id = {} ORDER BY k.id", "concerns")
    same("SELECT m.text, m.kind, m.actor_kind, m.status, m.start_date, m.evaluate_by, m.created_at,"
         " (SELECT GROUP_CONCAT(s.text ORDER BY s.pos SEPARATOR '|') FROM measure_step s"
         " WHERE s.measure_id = m.id), e.effective, e.family_view, e.decision, e.created_at"
         " FROM measure m LEFT JOIN evaluation e ON e.measure_id = m.id WHERE m.log_id = {}"
         " ORDER BY m.id", "measures, steps, evaluations")
    x, y = both("SELECT actor_uid FROM measure WHERE log_id = {} AND actor_uid IS NOT NULL ORDER BY id")
    eq(y, [["ext:" + r[0]] for r in x], "staff of the sending side kept as ext:UID")
    same("SELECT author_name, text, created_at, updated_at FROM bright_spot WHERE log_id = {} ORDER BY id",
         "bright spots")
    x, y = both("SELECT author_uid FROM bright_spot WHERE log_id = {}")
    eq(y, [["ext:" + r[0]] for r in x], "authors kept as ext:UID")
    same("SELECT n.author_name, n.text, n.created_at, a.sha256, k.description FROM note n"
         " LEFT JOIN attachment a ON a.id = n.attachment_id LEFT JOIN concern k ON k.id = n.concern_id"
         " WHERE n.log_id = {} AND n.private = 0 AND n.text NOT LIKE 'Stafettloggen slik%' ORDER BY n.id",
         "shared notes with their files and concerns")
    eq(sql2(f"SELECT COUNT(*) FROM note WHERE log_id = {b} AND private = 1")[0][0], "0", "no private note")
    ok(not sql2(f"SELECT 1 FROM note WHERE log_id = {b} AND text LIKE '%{PRIVATE}%'"), "private text gone")
    pdf = sql2(f"SELECT a.size FROM note n JOIN attachment a ON a.id = n.attachment_id"
               f" WHERE n.log_id = {b} AND n.text LIKE 'Stafettloggen slik%'")
    eq(len(pdf), 1, "the sending side's PDF of the log comes as a note")
    same("SELECT at, place, participants, agenda, created_at FROM meeting WHERE log_id = {} ORDER BY id",
         "meetings")
    x, y = both("SELECT at, kind, value_from, value_to, reason FROM log_event WHERE log_id = {}"
                " ORDER BY at, id")
    # The package holds the history up to its own export; then "imported".
    eq(y[:-1], x[:-1], "the history came along")
    eq(sql2(f"SELECT kind, subject_uid, unit_id FROM log_event WHERE log_id = {b} ORDER BY id DESC LIMIT 1"),
       [["imported", "per.mottak", "nabovik-skole"]], "history: imported, to its holder")
    eq(sql2(f"SELECT COUNT(*) FROM audit WHERE action = 'import-log' AND log_id = {b}"
            " AND remote LIKE 'cli:%'")[0][0], "1", "the import is audited on the receiving side")
    # The same child again: refused (409 on the web), nothing stored.
    before = counts(DB2)
    r = cli("import", "-c", P["conf2"], "--in", out, "--holder", "per.mottak", "--unit", "nabovik-skole")
    ok(r.returncode != 0 and "already has an active log" in r.stderr, f"second import: {r.stderr}")
    eq(counts(DB2), before, "nothing stored")


def test_exchange_03_import_on_the_web():
    c = P["ingrid.dahl"]
    x = c.get("/logs?format=xml").xml()
    ok([e for e in x.findall("actions/action") if e.get("name") == "import-log"],
       "my logs offers the import")
    eq(c.get("/logs/import").status, 200, "the import form")
    # The child already has an active log here: 409, nothing stored.
    before = counts("stafettlogg")
    r = post_package(c, P["pkg"])
    eq(r.status, 409, "the child has an active log")
    ok("field.nin.active-log" in r.text, "said so")
    eq(counts("stafettlogg"), before, "nothing stored")
    # Another child: a new log held by the one who imported it.
    r = post_package(c, other_child(P["pkg"], KID2))
    eq(r.status, 303, f"imported: {r.body[:400]!r}")
    new = int(r.header("Location").rsplit("/", 1)[1])
    eq(sql(f"SELECT holder_uid, unit_id, nin, status FROM log WHERE id = {new}"),
       [["ingrid.dahl", "fjordvik-skole", KID2, "active"]], "held by the receiver")
    eq(sql(f"SELECT COUNT(*) FROM audit WHERE action = 'import-log' AND log_id = {new}"
           " AND uid = 'ingrid.dahl'")[0][0], "1", "audited")
    eq(sql(f"SELECT COUNT(*) FROM consent WHERE log_id = {new}")[0][0], "1", "the consent")
    eq(c.get(f"/logs/{new}").status, 200, "the new holder opens it")
    # Nobody from the sending side gets in through an imported row.
    eq(P["ola.berg"].get(f"/logs/{new}").status, 404, "the old holder has no access here")
    eq(P["lise.ahmadi"].get(f"/logs/{new}").status, 404, "the old actor has no access here")
    # Someone who may not hold logs: the form is refused (policy).
    eq(P["lise.ahmadi"].get("/logs/import").status, 200, "lise may hold logs")


def hostile(c, data, key, status=422):
    before = counts("stafettlogg")
    r = post_package(c, data)
    eq(r.status, status, f"refused ({key})")
    if key:
        ok(key in r.text, f"says {key}: {r.text[:600]}")
    eq(counts("stafettlogg"), before, f"nothing stored ({key})")
    return r


def test_exchange_04_hostile_packages_refused():
    c = P["ingrid.dahl"]
    good = other_child(P["pkg"], KID3)
    body = good.split(b"?>", 1)[1]
    xxe = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE transfer-package'
           b' [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
           body.replace(b'name="Flytte Testesen"', b'name="&x;"'))
    r = hostile(c, xxe, "field.package.doctype")
    ok(b"root:" not in r.body, "no file content in the answer")
    laughs = b'<?xml version="1.0"?>\n<!DOCTYPE transfer-package [<!ENTITY a "lol">' + b"".join(
        b'<!ENTITY %c "%s">' % (ord("b") + i, (b"&%c;" % (ord("a") + i)) * 10) for i in range(9)) + \
        b"]>" + body.replace(b'name="Flytte Testesen"', b'name="&j;"')
    t0 = time.time()
    hostile(c, laughs, "field.package.doctype")
    ok(time.time() - t0 < 5, "refused at once")
    hostile(c, good.replace(b"<meetings>", b"<meetingz>").replace(b"</meetings>", b"</meetingz>")
            .replace(b"<meetings/>", b"<meetingz/>"), "field.package.schema")
    bad = KID3[:10] + str((int(KID3[10]) + 1) % 10)
    hostile(c, good.replace(KID3.encode(), bad.encode()), "field.package.nin")
    # A guardian's number with a wrong check digit too.
    badm = MOTHER[:10] + str((int(MOTHER[10]) + 1) % 10)
    hostile(c, good.replace(MOTHER.encode(), badm.encode()), "field.package.nin")
    m = re.search(rb'sha256="([0-9a-f]{64})"', good)
    hostile(c, good.replace(m.group(1), hashlib.sha256(b"other").hexdigest().encode()),
            "field.package.file-hash")
    # An attachment that is no PDF, with a hash and size that match it.
    html = b"<html><script>alert(1)</script></html>"
    am = re.search(rb'(<attachment id="a\d+" filename="[^"]*" size=")\d+(" sha256=")[0-9a-f]{64}'
                   rb'("[^>]*>)[^<]+(</attachment>)', good)
    evil = good[:am.start()] + am.group(1) + str(len(html)).encode() + am.group(2) + \
        hashlib.sha256(html).hexdigest().encode() + am.group(3) + base64.b64encode(html) + \
        am.group(4) + good[am.end():]
    hostile(c, evil, "field.package.not-pdf")
    hostile(c, b"this is not XML", "field.package.xml")
    # What the database would refuse half-way must be refused before it:
    # two active measures of one actor under one concern (a unique key),
    # a category longer than its column.
    hostile(c, good.replace(b'actor-uid="ola.berg"', b'actor-uid="lise.ahmadi"'),
            "field.package.rule")
    hostile(c, re.sub(rb'category="[^"]*"', b'category="' + b"x" * 129 + b'"', good, count=1),
            "field.package.schema")
    eq(sql(f"SELECT COUNT(*) FROM log WHERE nin = '{KID3}'")[0][0], "0", "no log of that child")


def test_exchange_05_hundred_megabytes():
    big = f"{TMP}/big.xml"
    with open(big, "wb") as f:
        f.truncate(100 * 1024 * 1024)
    c = P["ingrid.dahl"]
    tok = c.csrf("/logs/import")
    head = (f"--B\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{tok}\r\n"
            "--B\r\nContent-Disposition: form-data; name=\"package\"; filename=\"big.xml\"\r\n"
            "Content-Type: application/xml\r\n\r\n").encode()
    with open(f"{TMP}/head", "wb") as f:
        f.write(head)
    before = counts("stafettlogg")
    cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    r = subprocess.run(f"cat {TMP}/head {big} | curl -s -o /dev/null -w '%{{http_code}}' "
                       f"-H 'Cookie: {cookie}' -H 'Content-Type: multipart/form-data; boundary=B' "
                       f"--data-binary @- {BASE}/logs/import", shell=True, capture_output=True,
                       text=True, timeout=120)
    eq(r.stdout, "413", "nginx refuses 100 MB")
    eq(counts("stafettlogg"), before, "nothing stored")
    t0 = time.time()
    r = cli("import", "-c", P["conf2"], "--in", big, "--holder", "per.mottak", "--unit", "nabovik-skole")
    ok(r.returncode != 0 and "larger than max_package" in r.stderr, f"CLI: {r.stderr}")
    ok(time.time() - t0 < 5, "refused by its size, not parsed")
    os.unlink(big)
    # The CLI refuses what the web refuses.
    path = f"{TMP}/xxe.xml"
    with open(path, "wb") as f:
        f.write(b'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><t>&x;</t>')
    before = counts(DB2)
    r = cli("import", "-c", P["conf2"], "--in", path, "--holder", "per.mottak", "--unit", "nabovik-skole")
    ok(r.returncode != 0 and "DOCTYPE" in r.stderr and "root:" not in r.stderr + r.stdout,
       f"CLI refuses XXE: {r.stderr}")
    eq(counts(DB2), before, "nothing stored")


def lock_meetings(db):
    """A second connection holding the meeting table's rows (and the gap
    after them) until killed: an import blocks at its meetings."""
    p = subprocess.Popen(
        ["mariadb", "--no-defaults", "-S", f"{RUN}/db/db.sock", f"-u{DB_ADMIN}", db, "-e",
         "START TRANSACTION; SELECT COUNT(*) FROM meeting WHERE log_id > 0 FOR UPDATE;"
         " SELECT SLEEP(60);"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ok(wait_for(lambda: sql2("SELECT COUNT(*) FROM information_schema.innodb_trx", db)[0][0] != "0", 10),
       "the lock is held")
    return p


def lock_waits(db):
    return int(sql2("SELECT COUNT(*) FROM information_schema.innodb_trx"
                    " WHERE trx_state = 'LOCK WAIT'", db)[0][0])


def no_half_import(db, nin, before, what):
    eq(sql2(f"SELECT COUNT(*) FROM log WHERE nin = '{nin}'", db)[0][0], "0", f"{what}: no log")
    eq(counts(db), before, f"{what}: no row of it anywhere")


def test_exchange_06_cli_killed_mid_import():
    path = f"{TMP}/kid4.xml"
    with open(path, "wb") as f:
        f.write(other_child(P["pkg"], KID4))
    before = counts(DB2)
    lock = lock_meetings(DB2)
    try:
        p = subprocess.Popen([BIN, "import", "-c", P["conf2"], "--in", path, "--holder",
                              "per.mottak", "--unit", "nabovik-skole"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ok(wait_for(lambda: lock_waits(DB2) > 0, 20), "the import waits at its meetings")
        ok(sql2("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_rows_modified > 5")[0][0]
           != "0", "it has written rows that are not committed")
        p.send_signal(signal.SIGKILL)
        p.wait(10)
    finally:
        lock.kill()
        lock.wait()
    ok(wait_for(lambda: sql2("SELECT COUNT(*) FROM information_schema.innodb_trx")[0][0] == "0", 20),
       "the server rolled it back")
    no_half_import(DB2, KID4, before, "CLI killed")


def test_exchange_07_database_killed_mid_import():
    path = f"{TMP}/kid4.xml"
    before = counts(DB2)
    lock = lock_meetings(DB2)
    p = subprocess.Popen([BIN, "import", "-c", P["conf2"], "--in", path, "--holder",
                          "per.mottak", "--unit", "nabovik-skole"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        ok(wait_for(lambda: lock_waits(DB2) > 0, 20), "the import waits at its meetings")
        ok(sql2("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_rows_modified > 5")[0][0]
           != "0", "it has written rows that are not committed")
        with open(f"{RUN}/db/db.pid") as f:
            os.kill(int(f.read().strip()), signal.SIGKILL)
        p.wait(30)
        ok(p.returncode != 0, "the import failed")
    finally:
        lock.kill()
        lock.wait()
        script("db", "start")
    ok(wait_for(lambda: Client().get("/login").status == 200, 30), "the app serves again")
    no_half_import(DB2, KID4, before, "database killed")
    # The same package goes in once nothing stands in the way.
    r = cli("import", "-c", P["conf2"], "--in", path, "--holder", "per.mottak", "--unit", "nabovik-skole")
    eq(r.returncode, 0, f"import after the failures: {r.stderr}")


def test_exchange_08_worker_killed_mid_import():
    c = logged_in("ingrid.dahl")
    data = other_child(P["pkg"], KID3)
    before = counts("stafettlogg")
    lock = lock_meetings("stafettlogg")
    res = {}
    try:
        th = threading.Thread(target=lambda: res.update(r=post_package(c, data)))
        th.start()
        ok(wait_for(lambda: lock_waits("stafettlogg") > 0, 20), "the import waits at its meetings")
        ok(sql("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_rows_modified > 5")[0][0]
           != "0", "it has written rows that are not committed")
        for pid in worker_pids():
            os.kill(pid, signal.SIGKILL)
        th.join(30)
        ok(res.get("r") is not None and res["r"].status >= 500, "the request failed")
    finally:
        lock.kill()
        lock.wait()
    ok(wait_for(lambda: len(worker_pids()) >= 2 and Client().get("/login").status == 200, 30),
       "workers replaced")
    ok(wait_for(lambda: sql("SELECT COUNT(*) FROM information_schema.innodb_trx")[0][0] == "0", 20),
       "rolled back")
    no_half_import("stafettlogg", KID3, before, "worker killed")
    sql2(f"DROP DATABASE IF EXISTS {DB2}", "stafettlogg")
