"""Notices (issue 12): e-mail and SMS through the outbox, delivered by
`stafettlogg notify` to the local SMTP sink and SMS hook sink
(tests/servers/sinks.sh).  Each story step must cause exactly its notices,
none with the child's name, identity number or plan text; the notifier
killed between send and record loses and duplicates nothing; a relay that
is down is retried with backoff and shown to the admin; the .ics parses
with the right time zone; preferences and unsubscribe are respected."""

import datetime
import email
import email.policy
import glob
import json
import os
import re
import subprocess
import time
import urllib.parse
import zoneinfo

from lib import *  # noqa: F401,F403
import test_family

N = {}
TODAY = datetime.date.today()
SINKS = os.environ.get("SL_TEST_SINKS", f"{RUN}/sinks")
BIN = os.environ.get("BIN", f"{ROOT}/build/stafettlogg")
CHILD_NAME = "Varslebarn Hemmelighetsen"
CHILD = synthetic_nin(5, 6, 2020, 600)
MOTHER = synthetic_nin(7, 7, 1988, 600)
PLAN = "Hemmelig plantekst om Varslebarn"
GUARDIAN_MAIL = "foresatt.varsel@example.org"


def forbidden():
    return [CHILD_NAME, "Varslebarn", "Hemmelighetsen", CHILD, PLAN, "Hemmelig"]


def post_lists(client, path, fields, xml=False):
    """A form POST whose fields may repeat (lists: checkboxes)."""
    h = {"Content-Type": "application/x-www-form-urlencoded"}
    if xml:
        h["Accept"] = "application/xml"
    return client.request("POST", path, body=urllib.parse.urlencode(fields, doseq=True).encode(),
                          headers=h)


def clear_sinks():
    for f in glob.glob(f"{SINKS}/mail/*") + glob.glob(f"{SINKS}/sms/*"):
        os.unlink(f)


def mails():
    out = []
    for f in sorted(glob.glob(f"{SINKS}/mail/*.eml")):
        raw = open(f, "rb").read()
        out.append((raw, email.message_from_bytes(raw, policy=email.policy.default)))
    return out


def smss():
    return [json.load(open(f)) for f in sorted(glob.glob(f"{SINKS}/sms/*.json"))]


def notify(conf=None, env=None):
    e = dict(os.environ)
    e.pop("SL_NOTIFY_TEST_STOP", None)
    e.update(env or {})
    p = subprocess.run([BIN, "notify", "-c", conf or APP_CONF], capture_output=True,
                       text=True, env=e, timeout=60)
    return p.returncode, p.stdout + p.stderr


def notify_ok():
    rc, out = notify()
    eq(rc, 0, f"notify: {out}")
    return out


def texts(msg):
    """Every decoded text part of a message, and its decoded headers."""
    parts = [str(msg.get("Subject")), str(msg.get("From"))]
    for p in msg.walk():
        if p.get_content_maintype() == "text":
            parts.append(p.get_content())
    return "\n".join(parts)


def no_child_data(raw, msg=None):
    blob = raw.decode("utf-8", "replace") + (texts(msg) if msg is not None else "")
    for s in forbidden():
        ok(s not in blob, f"{s!r} must not be in a notice")


def to_of(msg):
    return str(msg.get("To")).strip("<>")


def ics_of(msg):
    for p in msg.walk():
        if p.get_content_type() == "text/calendar":
            return p.get_content().encode() if isinstance(p.get_content(), str) else p.get_content(), p
    return None, None


def ics_parse(data):
    path = f"{RUN}/notice-test.ics"
    with open(path, "wb") as f:
        f.write(data)
    out = subprocess.run(["/usr/bin/python3", f"{ROOT}/tests/integration/ics_check.py", path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def outbox(where):
    return sql(f"SELECT kind, recipient, channel, state FROM outbox WHERE {where} ORDER BY id")


def settle():
    """Deliver whatever earlier steps queued, then start from empty sinks."""
    notify_ok()
    clear_sinks()


def test_notices_01_bad_addresses_refused_where_typed():
    h = logged_in("ola.berg")
    N["holder"] = h
    for u in ("ase.ovrebo", "jonas.moe", "kari.holm"):
        logged_in(u)        # staff rows (addresses from the directory)
    settle()
    tok = h.csrf("/logs/new")
    form = {"nin": CHILD, "child-name": CHILD_NAME, "unit": "solbakken-barnehage", "level": "2",
            "guardian1-name": "Mor Varsel", "guardian1-nin": MOTHER,
            "guardian1-email": GUARDIAN_MAIL, "guardian1-phone": "+47 400 00 001",
            "consent-by": "guardians", "consent-by-name": "Mor Varsel",
            "consent-date": TODAY.isoformat(), "consent-scope": "Barnehagen", "_csrf": tok}
    n = int(sql("SELECT COUNT(*) FROM log")[0][0])
    queued = int(sql("SELECT COUNT(*) FROM outbox")[0][0])
    for field, bad, key in (("guardian1-email", "mor@@example.org", "field.email.invalid"),
                            ("guardian1-email", "mor example.org", "field.email.invalid"),
                            ("guardian1-email", "mor@example", "field.email.invalid"),
                            ("guardian1-phone", "400 abc", "field.phone.invalid"),
                            ("guardian1-phone", "123", "field.phone.invalid")):
        r = h.post_multipart("/logs", dict(form, **{field: bad}), xml=True)
        eq(r.status, 422, f"{field} {bad!r} refused")
        errs = [(e.get("field"), e.get("key")) for e in r.xml().iter("error") if e.get("field")]
        ok((field, key) in errs, f"{field}: {key} in {errs}")
    eq(int(sql("SELECT COUNT(*) FROM log")[0][0]), n, "no log written")
    eq(int(sql("SELECT COUNT(*) FROM outbox")[0][0]), queued, "no notice queued by a refused form")
    N["form"] = form


def test_notices_02_log_created_tells_the_guardian():
    h = N["holder"]
    r = h.post_multipart("/logs", N["form"])
    eq(r.status, 303, "log created")
    N["log"] = int(r.header("Location").rsplit("/", 1)[1])
    N["path"] = f"/logs/{N['log']}"
    N["gid"] = int(sql(f"SELECT id FROM guardian WHERE log_id = {N['log']}")[0][0])
    # Same transaction: the rows are there before anything is sent.
    eq(outbox(f"log_id = {N['log']}"),
       [["log-created", f"guardian:{N['gid']}", "inbox", "sent"],
        ["log-created", f"guardian:{N['gid']}", "email", "queued"]],
       "inbox and e-mail (SMS is off by default)")
    notify_ok()
    m = mails()
    eq(len(m), 1, "one mail")
    raw, msg = m[0]
    eq(to_of(msg), GUARDIAN_MAIL, "to the guardian")
    eq(str(msg["Subject"]), "En stafettlogg er opprettet", "subject decoded (RFC 2047)")
    eq(str(msg["From"]), "Fjordvik kommune <stafettlogg@fjordvik.kommune.no>",
       "the municipality as sender")
    ok(re.fullmatch(r"<[0-9a-f]{64}@127\.0\.0\.1>", str(msg["Message-ID"])), "Message-ID")
    ok(msg["Date"] is not None and msg["Date"].datetime is not None, "Date")
    eq(msg.get_content_type(), "multipart/alternative", "alternative")
    types = [p.get_content_type() for p in msg.iter_parts()]
    eq(types, ["text/plain", "text/html"], "text and HTML parts")
    plain, html = [p.get_content() for p in msg.iter_parts()]
    ok(f"{BASE_URL_PUBLIC}{N['path']}" in plain, f"link in text: {plain}")
    ok(f'href="{BASE_URL_PUBLIC}{N["path"]}"' in html, "link in HTML")
    ok("<img" not in html.lower() and "src=" not in html.lower(), "no images, no tracking")
    ok("Det er opprettet en stafettlogg" in plain and "Det er opprettet en stafettlogg" in html,
       "both parts from the same catalog text")
    ok(msg["List-Unsubscribe"] is None, "a log being made is not optional")
    no_child_data(raw, msg)
    eq(outbox(f"log_id = {N['log']} AND channel = 'email'")[0][3], "sent", "recorded as sent")


BASE_URL_PUBLIC = BASE


def test_notices_03_plan_steps_tell_staff_and_the_family():
    h = N["holder"]
    clear_sinks()
    tok = h.csrf(N["path"])
    N["concern"] = location_id(h.post(N["path"] + "/concerns", {
        "_csrf": tok, "category": "4", "description": PLAN, "goal": PLAN + " mål."}),
        "concern", "concern")
    eq(outbox(f"log_id = {N['log']} AND kind NOT IN ('log-created')"), [], "a concern tells no one")
    later = (TODAY + datetime.timedelta(days=30)).isoformat()
    r = h.post(f"/concerns/{N['concern']}/measures", {
        "_csrf": tok, "text": PLAN + " tiltak", "kind": "service", "actor": "", "actor-other": "ase.ovrebo",
        "start": TODAY.isoformat(), "evaluate-by": later})
    N["measure"] = location_id(r, "measure", "measure")
    eq(h.post(N["path"] + "/grants", {"_csrf": tok, "uid": "jonas.moe", "scope": "all",
                                      "history": "all"}).status, 303, "grant")
    eq(h.post(N["path"] + "/bright-spots", {"_csrf": tok, "text": PLAN + " lysglimt"}).status,
       303, "bright spot")
    notify_ok()
    got = sorted((str(m["Subject"]), to_of(m)) for _, m in mails())
    eq(got, sorted([("Du er ansvarlig for et tiltak", "ase.ovrebo@fjordvik.kommune.no"),
                    ("Du har fått lesetilgang", "jonas.moe@fjordvik.kommune.no"),
                    ("Nytt lysglimt i stafettloggen", GUARDIAN_MAIL)]), "exactly these mails")
    for raw, msg in mails():
        no_child_data(raw, msg)
        if str(msg["Subject"]) == "Du har fått lesetilgang":
            head = raw.split(b"\r\n\r\n", 1)[0]
            ok(b"Subject: =?UTF-8?B?" in head and "å".encode() not in head,
               "a non-ASCII subject is RFC 2047 encoded words")
        if str(msg["Subject"]).startswith("Du er ansvarlig"):
            ok(f"{N['path']}#measure-{N['measure']}" in texts(msg), "links to the measure")
    eq(smss(), [], "no SMS: nobody asked for it")


def test_notices_04_unsubscribe_one_click():
    settle()
    h = N["holder"]
    tok = h.csrf(N["path"])
    eq(h.post(N["path"] + "/bright-spots", {"_csrf": tok, "text": "Et lysglimt til"}).status, 303, "bs")
    notify_ok()
    m = mails()
    eq(len(m), 1, "one bright-spot mail")
    raw, msg = m[0]
    lu = str(msg["List-Unsubscribe"])
    eq(str(msg["List-Unsubscribe-Post"]), "List-Unsubscribe=One-Click", "RFC 8058")
    mm = re.fullmatch(r"<(http://127\.0\.0\.1:\d+)(/unsubscribe\?t=(\d+)\.([0-9a-f]{64}))>", lu)
    ok(mm, f"List-Unsubscribe {lu}")
    path = mm.group(2)
    ok(CHILD not in lu and MOTHER not in lu, "no identity number in the link")
    anon = Client()
    eq(anon.get(path.replace(mm.group(4), "0" * 64)).status, 404, "a forged token")
    eq(anon.post(path.replace(mm.group(4), "0" * 64), {"List-Unsubscribe": "One-Click"}).status,
       404, "a forged token cannot unsubscribe")
    g = anon.get(path)
    eq(g.status, 200, "the confirmation page")
    # One click: a POST without cookies or CSRF token, as a mail client sends it.
    r = anon.post(path, {"List-Unsubscribe": "One-Click"})
    eq(r.status, 303, "unsubscribed")
    eq(sql(f"SELECT email, sms FROM notice_pref WHERE who = 'family:{MOTHER}' AND kind = 'bright-spot'"),
       [["0", "0"]], "the choice is stored for the guardian")
    clear_sinks()
    tok = h.csrf(N["path"])
    eq(h.post(N["path"] + "/bright-spots", {"_csrf": tok, "text": "Enda et lysglimt"}).status, 303, "bs")
    notify_ok()
    eq(mails(), [], "no more bright-spot mail")
    last = sql(f"SELECT channel FROM outbox WHERE log_id = {N['log']} AND kind = 'bright-spot'"
               f" ORDER BY id DESC LIMIT 1")
    eq(last, [["inbox"]], "still in the inbox")


def test_notices_05_meeting_invitation_change_cancel():
    h = N["holder"]
    clear_sinks()
    tok = h.csrf(N["path"])
    day = (TODAY + datetime.timedelta(days=20)).isoformat()
    r = h.post(N["path"] + "/meetings", {"_csrf": tok, "at-date": day, "at-time": "14:30",
                                        # free text that names the child: never in a notice
                                        "place": f"Møterom Ø, Solbakken (for {CHILD_NAME})",
                                        "participants": CHILD_NAME,
                                        "agenda": PLAN})
    eq(r.status, 303, "meeting")
    N["meeting"] = int(sql(f"SELECT id FROM meeting WHERE log_id = {N['log']}")[0][0])
    notify_ok()
    got = sorted(to_of(m) for _, m in mails())
    eq(got, sorted(["ola.berg@fjordvik.kommune.no", "ase.ovrebo@fjordvik.kommune.no",
                    GUARDIAN_MAIL]), "holder, actor and guardian invited")
    uid = None
    for raw, msg in mails():
        no_child_data(raw, msg)
        data, part = ics_of(msg)
        ok(data is not None, "a text/calendar part")
        eq(part.get_param("method"), "REQUEST", "method parameter")
        ok(b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""), "CRLF line endings")
        ok(all(len(line) <= 75 for line in data.split(b"\r\n")), "folded at 75 octets")
        c = ics_parse(data)
        eq(c["method"], "REQUEST", "METHOD")
        eq(c["tzids"], ["Europe/Oslo"], "VTIMEZONE")
        ev = c["events"][0]
        eq((ev["start"], ev["tzid"], ev["seq"]), (f"{day} 14:30", "Europe/Oslo", 0), "DTSTART")
        want = datetime.datetime.fromisoformat(f"{day} 14:30").replace(
            tzinfo=zoneinfo.ZoneInfo("Europe/Oslo")).utcoffset().total_seconds()
        eq(ev["utcoffset"], want, "Norwegian time (CET or CEST) from the VTIMEZONE")
        eq(ev["location"], "None", "no LOCATION: the place is free text, the log says it")
        uid = uid or ev["uid"]
        eq(ev["uid"], uid, "one UID")
    clear_sinks()
    tok = h.csrf(N["path"])
    r = h.post(f"/meetings/{N['meeting']}", {"_csrf": tok, "at-date": day, "at-time": "09:15",
                                             "place": "Rom 2", "participants": "Alle", "agenda": ""})
    eq(r.status, 303, "meeting changed")
    notify_ok()
    eq(len(mails()), 3, "three updates")
    for raw, msg in mails():
        eq(str(msg["Subject"]), "Møtet er endret", "changed")
        c = ics_parse(ics_of(msg)[0])
        ev = c["events"][0]
        eq((c["method"], ev["uid"], ev["seq"], ev["start"]), ("REQUEST", uid, 1, f"{day} 09:15"),
           "same UID, higher SEQUENCE")
    clear_sinks()
    tok = h.csrf(N["path"])
    eq(h.post(f"/meetings/{N['meeting']}/cancel", {"_csrf": tok}).status, 303, "cancelled")
    eq(h.post(f"/meetings/{N['meeting']}/cancel", {"_csrf": tok}).status, 409, "only once")
    notify_ok()
    eq(len(mails()), 3, "three cancellations")
    for raw, msg in mails():
        data, part = ics_of(msg)
        eq(part.get_param("method"), "CANCEL", "method parameter")
        c = ics_parse(data)
        ev = c["events"][0]
        eq((c["method"], ev["uid"], ev["seq"], ev["status"]), ("CANCEL", uid, 2, "CANCELLED"),
           "cancel with the same UID")


def test_notices_06_sms_preferences_and_profile():
    try:
        sms_preferences_and_profile()
    finally:
        # Later modules expect him in bokmål.
        sql("UPDATE staff SET lang = NULL WHERE uid = 'jonas.moe'")


def sms_preferences_and_profile():
    j = logged_in("jonas.moe")
    tok = j.csrf("/profile")
    base = {"_csrf": tok, "lang": "en", "phone": "400 00 002",
            "notice-sms": ["read-grant"], "notice-email": ["measure-actor"]}
    r = post_lists(j, "/profile", dict(base, phone="40x"), xml=True)
    eq(r.status, 422, "bad phone refused")
    r = post_lists(j, "/profile", dict(base, **{"notice-sms": ["no-such-kind"]}), xml=True)
    eq(r.status, 422, "unknown kind refused")
    eq(post_lists(j, "/profile", base).status, 303, "saved")
    eq(sql("SELECT email, sms FROM notice_pref WHERE who = 'jonas.moe' AND kind = 'read-grant'"),
       [["0", "1"]], "grant by SMS only")
    clear_sinks()
    h = N["holder"]
    tok = h.csrf(N["path"])
    gid = int(sql(f"SELECT id FROM read_grant WHERE log_id = {N['log']} AND uid = 'jonas.moe'")[0][0])
    eq(h.post(f"/grants/{gid}/revoke", {"_csrf": tok}).status, 303, "revoke")
    eq(h.post(N["path"] + "/grants", {"_csrf": tok, "uid": "jonas.moe", "scope": "all",
                                      "history": "all"}).status, 303, "grant again")
    notify_ok()
    eq(mails(), [], "no e-mail: turned off")
    s = smss()
    eq(len(s), 1, "one SMS")
    body = json.loads(s[0]["body"])
    eq(body["to"], "+4740000002", "normalised number")
    ok(body["text"].startswith("You have been given read access"), f"in English: {body['text']}")
    ok(f"{N['path']}" in body["text"], "link")
    ok(re.fullmatch(r"[0-9a-f]{64}", s[0]["headers"].get("Idempotency-Key", "")), "idempotency key")
    eq(s[0]["headers"].get("Authorization"), "Bearer demo-sms-token", "token")
    for f in forbidden():
        ok(f not in s[0]["body"], f"{f!r} not in the SMS")
    # The inbox on the start page lists it (in the person's language).
    st = j.get("/start?format=xml").xml()
    kinds = [n.get("kind") for n in st.findall("content/inbox/notice")]
    ok("read-grant" in kinds, f"inbox {kinds}")


# notify_lease is 3 s and lease_until is stored in whole seconds (DATETIME,
# compared with "<"): a lease ends for certain 4 s after its claim; one
# more second for a loaded machine.
LEASE_WAIT = 5.0


def test_notices_07_killed_between_send_and_record():
    h = N["holder"]
    settle()
    tok = h.csrf(N["path"])
    # A mail to the actor: ase.ovrebo gets one for each new responsibility.
    c2 = location_id(h.post(N["path"] + "/concerns", {"_csrf": tok, "category": "2",
                                                      "description": "x", "goal": "y"}), "concern", "c2")
    later = (TODAY + datetime.timedelta(days=30)).isoformat()
    location_id(h.post(f"/concerns/{c2}/measures", {
        "_csrf": tok, "text": "t", "kind": "service", "actor": "", "actor-other": "ase.ovrebo",
        "start": TODAY.isoformat(), "evaluate-by": later}), "measure", "m2")
    rid = int(sql(f"SELECT id FROM outbox WHERE log_id = {N['log']} AND channel = 'email'"
                  f" AND state = 'queued'")[0][0])
    rc, out = notify(env={"SL_NOTIFY_TEST_STOP": "after-send"})
    eq(rc, -9, f"killed after sending: {out}")
    eq(len(mails()), 1, "the relay has it")
    eq(sql(f"SELECT state FROM outbox WHERE id = {rid}"), [["committing"]], "not recorded as sent")
    notify_ok()
    eq(len(mails()), 1, "not sent again while its lease runs")
    time.sleep(LEASE_WAIT)
    notify_ok()
    eq(len(mails()), 1, "never sent twice")
    eq(sql(f"SELECT state FROM outbox WHERE id = {rid}"), [["sent"]], "recorded as sent after the lease")
    # Killed before the commit point: the relay drops the unfinished message; sent once later.
    clear_sinks()
    tok = h.csrf(N["path"])
    c3 = location_id(h.post(N["path"] + "/concerns", {"_csrf": tok, "category": "3",
                                                      "description": "x", "goal": "y"}), "concern", "c3")
    location_id(h.post(f"/concerns/{c3}/measures", {
        "_csrf": tok, "text": "t", "kind": "service", "actor": "", "actor-other": "ase.ovrebo",
        "start": TODAY.isoformat(), "evaluate-by": later}), "measure", "m3")
    rid = int(sql(f"SELECT id FROM outbox WHERE log_id = {N['log']} AND channel = 'email'"
                  f" AND state = 'queued'")[0][0])
    rc, out = notify(env={"SL_NOTIFY_TEST_STOP": "before-commit"})
    eq(rc, -9, f"killed before the commit point: {out}")
    time.sleep(0.5)
    eq(mails(), [], "the relay kept nothing")
    eq(sql(f"SELECT state FROM outbox WHERE id = {rid}"), [["sending"]], "still being sent")
    time.sleep(LEASE_WAIT)
    notify_ok()
    eq(len(mails()), 1, "sent once after the lease")
    eq(sql(f"SELECT state, attempts FROM outbox WHERE id = {rid}"), [["sent", "2"]], "second try")
    # The same for the SMS hook.
    clear_sinks()
    tok = h.csrf(N["path"])
    gid = int(sql(f"SELECT id FROM read_grant WHERE log_id = {N['log']} AND uid = 'jonas.moe'"
                  f" AND revoked_at IS NULL")[0][0])
    eq(h.post(f"/grants/{gid}/revoke", {"_csrf": tok}).status, 303, "revoke")
    eq(h.post(N["path"] + "/grants", {"_csrf": tok, "uid": "jonas.moe", "scope": "all",
                                      "history": "all"}).status, 303, "grant")
    rc, out = notify(env={"SL_NOTIFY_TEST_STOP": "after-send"})
    eq(rc, -9, "killed after the SMS")
    time.sleep(LEASE_WAIT)
    notify_ok()
    eq(len(smss()), 1, "one SMS, not two")
    clear_sinks()
    # Without the test flag in the configuration the variable does nothing.
    conf = write_conf({"notify_test_hooks": "0"})
    tok = h.csrf(N["path"])
    eq(h.post(f"/grants/{gid + 1}/revoke", {"_csrf": tok}).status, 303, "revoke")
    eq(h.post(N["path"] + "/grants", {"_csrf": tok, "uid": "jonas.moe", "scope": "all",
                                      "history": "all"}).status, 303, "grant")
    rc, out = notify(conf, env={"SL_NOTIFY_TEST_STOP": "after-send"})
    eq(rc, 0, f"the hook is off in production: {out}")
    eq(len(smss()), 1, "sent")


def write_conf(extra):
    text = open(APP_CONF).read()
    text = "".join(l for l in text.splitlines(True) if l.split("=", 1)[0].strip() not in extra)
    text += "".join(f"{k} = {v}\n" for k, v in extra.items())
    path = f"{RUN}/notify-test.conf"
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


def test_notices_08_relay_down_retried_and_shown():
    h = N["holder"]
    settle()
    down = write_conf({"smtp_url": "smtp://127.0.0.1:9"})
    tok = h.csrf(N["path"])
    c4 = location_id(h.post(N["path"] + "/concerns", {"_csrf": tok, "category": "5",
                                                      "description": "x", "goal": "y"}), "concern", "c4")
    later = (TODAY + datetime.timedelta(days=30)).isoformat()
    location_id(h.post(f"/concerns/{c4}/measures", {
        "_csrf": tok, "text": "t", "kind": "service", "actor": "", "actor-other": "ase.ovrebo",
        "start": TODAY.isoformat(), "evaluate-by": later}), "measure", "m4")
    rid = int(sql(f"SELECT id FROM outbox WHERE log_id = {N['log']} AND channel = 'email'"
                  f" AND state = 'queued'")[0][0])
    # (Compared with the time before the run, not after it: the backoff is one
    # second, which a loaded machine can spend in the run itself.)
    t0 = sql("SELECT UTC_TIMESTAMP()")[0][0]
    rc, out = notify(down)
    eq(rc, 0, out)
    st = sql(f"SELECT state, attempts, next_at > '{t0}', last_error IS NOT NULL"
             f" FROM outbox WHERE id = {rid}")
    eq(st, [["queued", "1", "1", "1"]], "queued again for later, with the reason")
    # Not before its backoff.  (The backoff here is one second, which a loaded
    # machine can spend between two runs: the wait is made long for this run.)
    sql(f"UPDATE outbox SET next_at = UTC_TIMESTAMP() + INTERVAL 60 SECOND WHERE id = {rid}")
    notify(down)
    eq(sql(f"SELECT attempts FROM outbox WHERE id = {rid}"), [["1"]], "not before its backoff")
    sql(f"UPDATE outbox SET next_at = UTC_TIMESTAMP() WHERE id = {rid}")
    a = logged_in("even.nilsen")
    page = a.get("/admin/notices?format=xml")
    eq(page.status, 200, "admin page")
    rows = page.xml().findall("content/notice-problems/notice")
    mine = [n for n in rows if n.get("id") == str(rid)]
    eq(len(mine), 1, "listed")
    ok("SMTP" in mine[0].get("error"), f"why: {mine[0].get('error')}")
    body = a.get("/admin/notices").text
    for f in forbidden() + [GUARDIAN_MAIL]:
        ok(f not in body, f"{f!r} not on the admin page")
    eq(logged_in("ola.berg").get("/admin/notices").status, 403, "admins only")
    for _ in range(2):
        time.sleep(2.2)
        notify(down)
    eq(sql(f"SELECT state, attempts FROM outbox WHERE id = {rid}"), [["failed", "3"]],
       "failed after notify_max_attempts, with backoff between")
    eq([n.get("state") for n in a.get("/admin/notices?format=xml").xml().findall(
        "content/notice-problems/notice") if n.get("id") == str(rid)], ["failed"], "shown as failed")
    # A row waiting for its retry is delivered once the relay is back.
    sql(f"UPDATE outbox SET state = 'queued', attempts = 1, next_at = UTC_TIMESTAMP() WHERE id = {rid}")
    notify_ok()
    eq(len(mails()), 1, "delivered when the relay is back")


def test_notices_09_time_driven_idempotent():
    settle()
    soon = (TODAY + datetime.timedelta(days=5)).isoformat()
    past = (TODAY - datetime.timedelta(days=2)).isoformat()
    ms = sql(f"SELECT id FROM measure WHERE log_id = {N['log']} AND status = 'active' ORDER BY id")
    sql(f"UPDATE measure SET evaluate_by = '{soon}' WHERE id = {ms[0][0]}")
    sql(f"UPDATE measure SET evaluate_by = '{past}' WHERE id = {ms[1][0]}")
    sql(f"UPDATE consent SET expires_at = '{(TODAY + datetime.timedelta(days=10)).isoformat()}'"
        f" WHERE log_id = {N['log']}")
    notify_ok()
    notify_ok()
    got = sorted((str(m["Subject"]), to_of(m)) for _, m in mails())
    eq(got, sorted([("Et tiltak skal evalueres om en uke", "ola.berg@fjordvik.kommune.no"),
                    ("Fristen for å evaluere et tiltak er passert", "ola.berg@fjordvik.kommune.no"),
                    ("Et samtykke går ut snart", "ola.berg@fjordvik.kommune.no"),
                    ("Et samtykke går ut snart", "kari.holm@fjordvik.kommune.no")]),
       "exactly one each, though notify ran twice")
    for raw, msg in mails():
        no_child_data(raw, msg)


def test_notices_10_family_profile_and_withdrawal():
    clear_sinks()
    c, r, _ = test_family.family_login(MOTHER)
    eq(r.status, 303, "guardian logs in")
    p = c.get("/profile?format=xml")
    eq(p.status, 200, "the guardian's own profile")
    tok = c.csrf("/profile")
    r = c.post("/profile", {"_csrf": tok, "lang": "nn", "email": "ikke-en-adresse",
                            "phone": ""}, headers={"Accept": "application/xml"})
    eq(r.status, 422, "bad address refused")
    eq(post_lists(c, "/profile", {"_csrf": tok, "lang": "nn", "email": "mor.ny@example.org",
                                  "phone": "", "notice-email": ["meeting", "meeting-cancelled",
                                                                "log-created"]}).status,
       303, "saved")
    inbox = c.get("/logs?format=xml").xml().findall("content/inbox/notice")
    ok(any(n.get("kind") == "log-created" for n in inbox), "the family's inbox")
    tok = c.csrf(N["path"])
    eq(c.post(N["path"] + "/withdraw-consent", {"_csrf": tok}).status, 303, "withdrawn")
    notify_ok()
    got = [(str(m["Subject"]), to_of(m)) for _, m in mails()]
    eq(got, [("Samtykket er trukket tilbake", "ola.berg@fjordvik.kommune.no")], "the holder is told")
