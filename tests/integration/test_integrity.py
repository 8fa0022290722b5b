"""Issue 14: writes are all or nothing, and bad text is refused whole.

- A multi-statement write forced to fail part-way (a trigger, created as
  the database's root, makes a late INSERT of the write fail) leaves no
  row of it: the database refusing for lack of room answers 503 and
  writes nothing; a conflict part-way (a duplicate key) is rolled back
  and retried, leaving exactly one copy of what was written.
- Text over a field's length limit is refused with 422 and that field's
  error, text at the limit is accepted; bytes that are not UTF-8 (or are
  control characters) are refused; nothing is written.

The tests run in order and share the state below."""

import datetime
import subprocess
import urllib.parse

from lib import *  # noqa: F401,F403

I = {}
TODAY = datetime.date.today()
LATER = (TODAY + datetime.timedelta(days=30)).isoformat()
KID = synthetic_nin(24, 7, 2019, 960)
KID2 = synthetic_nin(25, 7, 2019, 960)
KID3 = synthetic_nin(26, 7, 2019, 960)
TABLE_FULL = (1114, "HY000")       # ER_RECORD_FILE_FULL: the database has no room
DUPLICATE = (1062, "23000")        # ER_DUP_ENTRY: a conflict with another request


def count(q):
    return int(sql(q)[0][0])


def root_sql(script):
    """SQL as root through the client's stdin (DELIMITER works there)."""
    subprocess.run(["mariadb", "--no-defaults", "-S", f"{RUN}/db/db.sock", "-uroot", "stafettlogg"],
                   input=script, check=True, capture_output=True, text=True)


class FailingInsert:
    """While active, INSERTs into `table` fail with `error` (errno, sqlstate):
    the first `times` of them, or every one when times is None.  The counter
    is a MyISAM table, so a rolled-back transaction does not undo it."""

    def __init__(self, table, error, times=None):
        self.table, self.error, self.times = table, error, times

    def __enter__(self):
        errno, state = self.error
        left = self.times if self.times is not None else 1000000
        root_sql(f"""
DROP TRIGGER IF EXISTS sl_test_fail;
DROP TABLE IF EXISTS sl_test_fail;
CREATE TABLE sl_test_fail (left_ INT NOT NULL, fired INT NOT NULL) ENGINE=MyISAM;
INSERT INTO sl_test_fail VALUES ({left}, 0);
DELIMITER //
CREATE TRIGGER sl_test_fail BEFORE INSERT ON {self.table} FOR EACH ROW
BEGIN
  IF (SELECT left_ FROM sl_test_fail) > 0 THEN
    UPDATE sl_test_fail SET left_ = left_ - 1, fired = fired + 1;
    SIGNAL SQLSTATE '{state}' SET MYSQL_ERRNO = {errno}, MESSAGE_TEXT = 'forced by test_integrity';
  END IF;
END//
DELIMITER ;
""")
        return self

    def fired(self):
        return count("SELECT fired FROM sl_test_fail")

    def __exit__(self, *exc):
        root_sql("DROP TRIGGER IF EXISTS sl_test_fail; DROP TABLE IF EXISTS sl_test_fail;")
        return False


def audit_mark():
    return count("SELECT COALESCE(MAX(id), 0) FROM audit")


def audit_rows(a0, action):
    return count(f"SELECT COUNT(*) FROM audit WHERE id > {a0} AND action = '{action}'")


def log_form(nin, name, tok):
    return {"nin": nin, "child-name": name, "address": "", "unit": "solbakken-barnehage", "level": "2",
            "guardian1-name": "Mor Heltest", "guardian1-email": "", "guardian1-phone": "",
            "guardian2-name": "Far Heltest", "guardian2-email": "", "guardian2-phone": "",
            "consent-by": "guardians", "consent-by-name": "Mor Heltest", "consent-date": TODAY.isoformat(),
            "consent-scope": "Barnehagen", "_csrf": tok}


def measure_form(tok, actor):
    return {"_csrf": tok, "text": "Et tiltak i trinn.", "kind": "service", "actor": "", "actor-other": actor,
            "steps": "Første steg\nAndre steg\nTredje steg", "start": TODAY.isoformat(), "evaluate-by": LATER}


def test_integrity_01_setup():
    # Earlier modules took permissions away: everyone here holds and acts.
    sql("DELETE FROM staff_permission WHERE uid IN ('ola.berg', 'ingrid.dahl', 'jonas.moe')")
    for u in ["ola.berg", "ingrid.dahl", "jonas.moe", "ase.ovrebo", "even.nilsen"]:
        I[u] = logged_in(u)
    o = I["ola.berg"]
    r = o.post_multipart("/logs", log_form(KID, "Hel Testesen", o.csrf("/logs/new")))
    eq(r.status, 303, "log")
    I["log"] = int(r.header("Location").rsplit("/", 1)[1])
    I["path"] = f"/logs/{I['log']}"
    a0 = audit_mark()
    r = o.post(I["path"] + "/concerns", {"_csrf": o.csrf(I["path"]), "category": "2",
                                         "description": "Beskrivelse.", "goal": "Mål."})
    eq(r.status, 303, "concern")
    I["concern"] = int(sql(f"SELECT SUBSTRING_INDEX(object, ':', -1) FROM audit WHERE id > {a0}"
                           f" AND action = 'add-concern'")[0][0])


# ---------------------------------------------------------------- transactions

def test_integrity_02_measure_whose_steps_fail_leaves_no_measure():
    o = I["ola.berg"]
    cid = I["concern"]
    tok = o.csrf(I["path"])
    n = count(f"SELECT COUNT(*) FROM measure WHERE concern_id = {cid}")
    a0 = audit_mark()
    with FailingInsert("measure_step", TABLE_FULL) as t:
        r = o.post(f"/concerns/{cid}/measures", measure_form(tok, "ingrid.dahl"))
        ok(t.fired() >= 1, "the step insert failed")
    eq(r.status, 503, "the database refused part-way: 503")
    eq(count(f"SELECT COUNT(*) FROM measure WHERE concern_id = {cid}"), n, "no measure without its steps")
    eq(audit_rows(a0, "add-measure"), 0, "nothing audited as done")
    eq(count("SELECT COUNT(*) FROM measure_step WHERE measure_id NOT IN (SELECT id FROM measure)"), 0,
       "no orphan steps")
    # The same worker connections write normally afterwards.
    for _ in range(3):
        eq(o.get(I["path"]).status, 200, "the log still answers")
    eq(count(f"SELECT COUNT(*) FROM measure WHERE concern_id = {cid}"), n, "still nothing")


def test_integrity_03_measure_conflict_part_way_is_retried_once_whole():
    o = I["ola.berg"]
    cid = I["concern"]
    tok = o.csrf(I["path"])
    n = count(f"SELECT COUNT(*) FROM measure WHERE concern_id = {cid}")
    a0 = audit_mark()
    with FailingInsert("measure_step", DUPLICATE, times=1) as t:
        r = o.post(f"/concerns/{cid}/measures", measure_form(tok, "ingrid.dahl"))
        eq(t.fired(), 1, "the first step insert failed once")
    eq(r.status, 303, "retried and written")
    rows = sql(f"SELECT id FROM measure WHERE concern_id = {cid} ORDER BY id")
    eq(len(rows), n + 1, "exactly one new measure (the failed attempt left nothing)")
    mid = rows[-1][0]
    eq(sql(f"SELECT pos, text FROM measure_step WHERE measure_id = {mid} ORDER BY pos"),
       [["1", "Første steg"], ["2", "Andre steg"], ["3", "Tredje steg"]], "with all its steps")
    eq(audit_rows(a0, "add-measure"), 1, "audited once")
    I["measure"] = int(mid)


def test_integrity_04_correction_conflict_part_way_keeps_the_old_measure_until_done():
    o = I["ola.berg"]
    mid = I["measure"]
    tok = o.csrf(I["path"])
    a0 = audit_mark()
    f = {"_csrf": tok, "actor": "", "actor-other": "jonas.moe", "text": "Rettet.", "evaluate-by": LATER}
    # The database refuses the new measure: the old one stays active, untouched.
    with FailingInsert("measure", TABLE_FULL) as t:
        r = o.post(f"/measures/{mid}/correction", f)
        ok(t.fired() >= 1, "the new measure's insert failed")
    eq(r.status, 503, "503")
    eq(sql(f"SELECT status, active_actor FROM measure WHERE id = {mid}"), [["active", "staff:ingrid.dahl"]],
       "the old measure is untouched")
    eq(count(f"SELECT COUNT(*) FROM evaluation WHERE measure_id = {mid}"), 0, "no evaluation")
    eq(count(f"SELECT COUNT(*) FROM measure WHERE replaces_id = {mid}"), 0, "no replacement")
    eq(audit_rows(a0, "correct-measure"), 0, "nothing audited")
    # A conflict once: rolled back and retried as a whole.
    with FailingInsert("measure", DUPLICATE, times=1) as t:
        r = o.post(f"/measures/{mid}/correction", f)
        eq(t.fired(), 1, "failed once")
    eq(r.status, 303, "retried and corrected")
    eq(sql(f"SELECT status FROM measure WHERE id = {mid}"), [["corrected"]], "old closed")
    new = sql(f"SELECT id, actor_uid FROM measure WHERE replaces_id = {mid}")
    eq([a for _, a in new], ["jonas.moe"], "exactly one replacement")
    eq(count(f"SELECT COUNT(*) FROM measure_step WHERE measure_id = {new[0][0]}"), 3, "steps copied once")
    eq(count(f"SELECT COUNT(*) FROM evaluation WHERE measure_id = {mid}"), 1, "one evaluation")
    eq(audit_rows(a0, "correct-measure"), 1, "audited once")


def test_integrity_05_log_whose_guardian_fails_leaves_no_log():
    o = I["ola.berg"]
    tok = o.csrf("/logs/new")
    logs, guardians, consents = (count(f"SELECT COUNT(*) FROM {t}") for t in ["log", "guardian", "consent"])
    a0 = audit_mark()
    with FailingInsert("guardian", TABLE_FULL) as t:
        r = o.post_multipart("/logs", log_form(KID2, "Halv Testesen", tok))
        ok(t.fired() >= 1, "the guardian insert failed")
    eq(r.status, 503, "503")
    eq(count(f"SELECT COUNT(*) FROM log WHERE nin = '{KID2}'"), 0, "no log")
    eq([count(f"SELECT COUNT(*) FROM {t}") for t in ["log", "guardian", "consent"]], [logs, guardians, consents],
       "no rows at all")
    eq(audit_rows(a0, "create-log"), 0, "nothing audited")
    # The second guardian conflicts once: retried whole.
    with FailingInsert("guardian", DUPLICATE, times=1) as t:
        r = o.post_multipart("/logs", log_form(KID3, "Hel Testesen To", tok))
        eq(t.fired(), 1, "failed once")
    eq(r.status, 303, "retried and created")
    lid = int(r.header("Location").rsplit("/", 1)[1])
    eq(count(f"SELECT COUNT(*) FROM log WHERE nin = '{KID3}'"), 1, "one log")
    eq(sql(f"SELECT name FROM guardian WHERE log_id = {lid} ORDER BY id"), [["Mor Heltest"], ["Far Heltest"]],
       "both guardians, once")
    eq(count(f"SELECT COUNT(*) FROM guardian WHERE log_id NOT IN (SELECT id FROM log)"), 0, "no orphans")
    eq(count(f"SELECT COUNT(*) FROM consent WHERE log_id = {lid}"), 1, "one consent")
    eq(audit_rows(a0, "create-log"), 1, "audited once")


# ---------------------------------------------------------------- text limits

def field_errors(r, action):
    a = r.xml().find(f"actions/action[@name='{action}']")
    ok(a is not None, f"the {action} form comes back")
    return sorted((e.get("field"), e.get("key")) for e in a.findall("error"))


def limit_case(what, post, action, field, limit, table, where, extra=None):
    """post(value) at the limit is written; at limit + 1 it is 422 with
    field.too-long on the field and nothing is written."""
    n = count(f"SELECT COUNT(*) FROM {table} WHERE {where}")
    r = post("x" * (limit + 1))
    eq(r.status, 422, f"{what}: {limit + 1} bytes")
    eq(field_errors(r, action), [(field, "field.too-long")], f"{what}: the field's error")
    eq(count(f"SELECT COUNT(*) FROM {table} WHERE {where}"), n, f"{what}: nothing written")
    r = post("y" * limit)
    eq(r.status, 303, f"{what}: {limit} bytes accepted")
    eq(count(f"SELECT COUNT(*) FROM {table} WHERE {where}"), n + 1, f"{what}: written")


def test_integrity_06_text_at_and_over_its_limit():
    o, e = I["ola.berg"], I["even.nilsen"]
    path = I["path"]
    tok = o.csrf(path)
    log = I["log"]
    limit_case("bright spot", lambda v: o.post_xml(path + "/bright-spots", {"_csrf": tok, "text": v}),
               "add-bright-spot", "text", 2000, "bright_spot", f"log_id = {log}")
    limit_case("note", lambda v: o.post_multipart(path + "/notes", {"_csrf": tok, "text": v}, xml=True),
               "add-note", "text", 8000, "note", f"log_id = {log}")
    limit_case("concern description",
               lambda v: o.post_xml(path + "/concerns", {"_csrf": tok, "category": "3", "description": v,
                                                         "goal": "Mål."}),
               "add-concern", "description", 4000, "concern", f"log_id = {log}")
    limit_case("meeting place",
               lambda v: o.post_xml(path + "/meetings", {"_csrf": tok, "at-date": TODAY.isoformat(),
                                                         "at-time": "09:00", "place": v,
                                                         "participants": "Mor"}),
               "add-meeting", "place", 256, "meeting", f"log_id = {log}")
    tok_e = e.csrf("/admin/categories")
    limit_case("category name",
               lambda v: e.post_xml("/admin/categories", {"_csrf": tok_e, "name": v[:-3] + v[-3:].upper(),
                                                          "sort": "99"}),
               "add-category", "name", 128, "category", "1 = 1")
    # Surrounding white space does not count against the limit.
    r = o.post(path + "/bright-spots", {"_csrf": tok, "text": "  " + "z" * 2000 + "\r\n"})
    eq(r.status, 303, "trimmed to the limit")
    eq(count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {log} AND text = '{'z' * 2000}'"), 1, "stored trimmed")


def test_integrity_07_bytes_that_are_not_text_are_refused():
    o = I["ola.berg"]
    path = I["path"]
    tok = o.csrf(path)
    log = I["log"]
    n = count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {log}")
    for bad in [b"Hei \xff\xfe", b"\xc3\x28", b"\xed\xa0\x80 surrogate", b"\xf8\x88\x80\x80\x80",
                b"over\xc0\xaflong", b"ctl \x01 char", b"esc \x1b[31m"]:
        body = urllib.parse.urlencode({"_csrf": tok, "text": bad}).encode()
        r = o.request("POST", path + "/bright-spots", body=body,
                      headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/xml"})
        ok(r.status in (400, 422), f"{bad!r}: {r.status}")
        if r.status == 422:
            eq(field_errors(r, "add-bright-spot"), [("text", "field.invalid")], f"{bad!r}: the field's error")
    eq(count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {log}"), n, "nothing written")
    # The same in a multipart note.
    n = count(f"SELECT COUNT(*) FROM note WHERE log_id = {log}")
    boundary = "----stafettlogg-integrity"
    ctype = f"multipart/form-data; boundary={boundary}"
    raw = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{tok}\r\n"
           f"--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n").encode() + \
        b"Notat \xff\xfe" + f"\r\n--{boundary}--\r\n".encode()
    r = o.request("POST", path + "/notes", body=raw, headers={"Content-Type": ctype, "Accept": "application/xml"})
    ok(r.status in (400, 422), f"multipart: {r.status}")
    eq(count(f"SELECT COUNT(*) FROM note WHERE log_id = {log}"), n, "no note")
    # Valid multi-byte text passes untouched.
    text = "Åse og Ølve 😀 ሰላም"
    r = o.post(path + "/bright-spots", {"_csrf": tok, "text": text})
    eq(r.status, 303, "UTF-8")
    eq(count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {log}"
             f" AND HEX(text) = '{text.encode().hex().upper()}'"), 1, "stored as sent")


def test_integrity_08_text_in_the_database_that_is_not_xml_does_not_break_the_page():
    # Rows written by another system or an older version: a control
    # character is valid UTF-8 but not XML.  The page still answers, with
    # well-formed XML, and the character never reaches it.
    o = I["ola.berg"]
    log = I["log"]
    sql(f"INSERT INTO bright_spot (log_id, author_uid, author_name, text, created_at)"
        f" VALUES ({log}, 'ola.berg', 'Ola Berg', CONCAT('Gammel', CHAR(1 USING utf8mb4), 'tekst'),"
        f" UTC_TIMESTAMP())")
    bid = sql(f"SELECT MAX(id) FROM bright_spot WHERE log_id = {log}")[0][0]
    r = o.get(I["path"] + "?format=xml")
    eq(r.status, 200, "the log's XML")
    ok(b"\x01" not in r.body and b"&#1;" not in r.body, "no control character in the XML")
    x = r.xml()                       # well-formed
    texts = [b.findtext("text") or b.text for b in x.iter("bright-spot") if b.get("id") == bid]
    ok(texts and "Gammel" not in (texts[0] or ""), f"the bad text was replaced: {texts}")
    r = o.get(I["path"])
    eq(r.status, 200, "the log's page")
    ok(b"\x01" not in r.body and b"&#1;" not in r.body, "no control character in the HTML")
