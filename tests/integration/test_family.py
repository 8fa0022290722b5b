"""Guardians and youth: login with ID-porten (the stand-in from
tests/servers/idporten.sh), what they see and may do, and withdrawing
the consent.  Through nginx, with the state checked in the database."""

import datetime
import os
import urllib.parse

from lib import *  # noqa: F401,F403

F = {}
TODAY = datetime.date.today()
CHILD = synthetic_nin(12, 3, 2019, 700)
MOTHER = synthetic_nin(14, 3, 1985, 700)
STRANGER = synthetic_nin(1, 1, 1980, 700)
YOUTH = synthetic_nin(9, 1, TODAY.year - 17, 800)
IDP = os.environ.get("SL_TEST_IDP_URL", "http://127.0.0.1:18443")


def idp_get(url):
    """Follow the authorize URL at the stand-in; returns the redirect target."""
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.request("GET", u.path + "?" + u.query)
    r = conn.getresponse()
    r.read()
    conn.close()
    return r.status, r.getheader("Location")


def family_login(pid, bad=None, keep_cookie=True):
    """The whole ID-porten round trip for pid; returns (client, last response)."""
    c = Client()
    r = c.get("/family/login")
    eq(r.status, 303, "to ID-porten")
    auth = r.header("Location")
    ok(auth.startswith(IDP + "/authorize?"), f"authorize URL {auth}")
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(auth).query))
    for p in ["client_id", "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method",
              "scope", "response_type", "acr_values"]:
        ok(p in q, f"authorize has {p}")
    eq(q["code_challenge_method"], "S256", "PKCE")
    extra = f"&login_hint={pid}" + (f"&test_bad={bad}" if bad else "")
    status, back = idp_get(auth + extra)
    ok(status in (302, 303), f"IdP redirects back ({status})")
    u = urllib.parse.urlparse(back)
    if not keep_cookie:
        c.cookies.pop("sl_oidc", None)
    r = c.get(u.path + "?" + u.query)
    return c, r, u.path + "?" + u.query


def test_family_01_log_with_guardian_numbers():
    h = logged_in("ola.berg")
    F["holder"] = h
    tok = h.csrf("/logs/new")
    form = {"nin": CHILD, "child-name": "Emil Familietest", "unit": "solbakken-barnehage", "level": "1",
            "guardian1-name": "Mor Familietest", "guardian1-nin": MOTHER, "guardian1-email": "mor@example.org",
            "consent-by": "guardians", "consent-by-name": "Mor Familietest",
            "consent-date": TODAY.isoformat(), "consent-scope": "Barnehagen", "_csrf": tok}
    r = h.post_multipart("/logs", dict(form, **{"guardian1-nin": "12345678901"}), xml=True)
    eq(r.status, 422, "guardian number checked")
    r = h.post_multipart("/logs", form)
    eq(r.status, 303, "log created")
    F["log"] = int(r.header("Location").rsplit("/", 1)[1])
    F["path"] = f"/logs/{F['log']}"
    tok = h.csrf(F["path"])
    F["concern"] = location_id(h.post(F["path"] + "/concerns", {
        "_csrf": tok, "category": "4", "description": "Uro i samling.",
        "goal": "Emil sitter i ro i fem minutter."}), "concern", "concern")
    eq(h.post_multipart(F["path"] + "/notes", {"_csrf": tok, "text": "Holders private tanker.",
                                               "private": "1"}).status, 303, "private note")
    F["private_note"] = one_id(f"SELECT id FROM note WHERE log_id = {F['log']} AND private = 1"
                               f" AND text = 'Holders private tanker.'", "private note")
    eq(h.post(F["path"] + "/bright-spots", {"_csrf": tok, "text": "Emil hjalp en venn i dag."}).status,
       303, "bright spot")
    one_id(f"SELECT id FROM bright_spot WHERE log_id = {F['log']} AND text = 'Emil hjalp en venn i dag.'",
           "bright spot")
    # A youth of 17 with her own log.
    tok = h.csrf("/logs/new")
    r = h.post_multipart("/logs", {"nin": YOUTH, "child-name": "Ylva Ungdomstest", "unit": "solbakken-barnehage",
                                   "level": "1", "consent-by": "youth", "consent-by-name": "Ylva Ungdomstest",
                                   "consent-date": TODAY.isoformat(), "consent-scope": "Skolen",
                                   "_csrf": tok})
    eq(r.status, 303, "youth log")
    F["ylog"] = int(r.header("Location").rsplit("/", 1)[1])


def test_family_02_guardian_logs_in_with_idporten():
    c, r, _ = family_login(MOTHER)
    eq(r.status, 303, "logged in")
    eq(r.header("Location"), "/logs", "to her logs")
    ok("sl_session" in c.cookies, "session")
    eq(sql(f"SELECT kind FROM session WHERE id_hash = SHA2('{c.cookies['sl_session']}', 256)"),
       [["family"]], "a family session")
    F["mother"] = c
    x = c.get("/logs?format=xml").xml()
    logs = [(lg.get("id"), lg.get("role")) for lg in x.findall("content/logs/log")]
    eq(logs, [(str(F["log"]), "guardian")], "her child's log only")


def test_family_03_guardian_reads_the_whole_log_but_not_private_notes():
    c = F["mother"]
    x = c.get(F["path"] + "?format=xml").xml()
    lg = x.find("content/log")
    eq(lg.get("role"), "guardian", "role")
    eq(lg.find("child").get("nin"), CHILD, "her child's details")
    eq(len(lg.findall("concerns/concern")), 1, "the concerns")
    texts = [n.findtext("text") for n in x.findall(".//note")]
    ok("Holders private tanker." not in texts, "not the holder's private note")
    readers = [r.get("name") for r in lg.findall("readers/reader")]
    ok("Ola Berg" in readers, f"sees who has read the log: {readers}")
    names = sorted(a.get("name") for a in x.findall("actions/action"))
    eq(names, ["add-bright-spot", "add-note", "consent-form", "logout", "logs", "print-log", "print-plan",
               "withdraw-consent"], "her actions")
    eq(x.find("meta/user").get("kind"), "family", "marked as family")


def test_family_04_guardian_posts_but_does_not_write_the_plan():
    c = F["mother"]
    tok = c.csrf(F["path"])
    eq(c.post(F["path"] + "/bright-spots", {"_csrf": tok, "text": "Emil leste selv i kveld!"}).status, 303,
       "bright spot")
    eq(c.post_multipart(F["path"] + "/notes", {"_csrf": tok, "text": "Vi øver hjemme."}).status, 303, "note")
    eq(sql(f"SELECT author_uid, author_name FROM bright_spot WHERE log_id = {F['log']} AND text LIKE 'Emil leste%'"),
       [[f"family:{MOTHER}", "Mor Familietest"]], "written as her")
    n = int(sql(f"SELECT COUNT(*) FROM concern WHERE log_id = {F['log']}")[0][0])
    eq(c.post(F["path"] + "/concerns", {"_csrf": tok, "category": "1", "description": "x", "goal": "y"}).status,
       403, "no plan writing")
    eq(c.post(F["path"] + "/meeting-mode", {"_csrf": tok}).status, 403, "no meeting mode")
    eq(int(sql(f"SELECT COUNT(*) FROM concern WHERE log_id = {F['log']}")[0][0]), n, "unchanged")
    for path in ["/start", "/logs/new"]:
        eq(c.get(path).status, 403, f"{path} is for staff")
    # Her own profile (issue 12: notices and language), not a staff one.
    p = c.get("/profile?format=xml")
    eq(p.status, 200, "the family's own profile")
    eq(p.xml().find("content/person").get("family"), "1", "as family")
    eq(p.xml().find("content/person").get("uid"), None, "no staff user name")
    eq(c.get(f"/logs/{F['ylog']}").status, 404, "another child's log")


def test_family_05_youth_logs_in_to_her_own_log():
    c, r, _ = family_login(YOUTH)
    eq(r.status, 303, "youth logged in")
    x = c.get("/logs?format=xml").xml()
    eq([(lg.get("id"), lg.get("role")) for lg in x.findall("content/logs/log")], [(str(F["ylog"]), "youth")],
       "her own log")
    eq(c.get(f"/logs/{F['ylog']}?format=xml").xml().find("content/log").get("role"), "guardian", "reads it")
    eq(c.get(F["path"]).status, 404, "not Emil's")


def test_family_06_refusals():
    c, r, _ = family_login(STRANGER)
    eq(r.status, 403, "a person without a log")
    ok("sl_session" not in c.cookies, "no session")
    c, r, _ = family_login(MOTHER, keep_cookie=False)
    eq(r.status, 403, "callback from another browser (no state cookie)")
    ok("sl_session" not in c.cookies, "no session")
    for bad in ["wrong-aud", "bad-sig", "alg-none", "expired", "wrong-nonce"]:
        c, r, _ = family_login(MOTHER, bad=bad)
        eq(r.status, 403, f"token {bad}")
        ok("sl_session" not in c.cookies, f"no session ({bad})")
    # A state can be used once.
    c, r, back = family_login(MOTHER)
    eq(r.status, 303, "ok")
    c2 = Client()
    c2.cookies["sl_oidc"] = dict(urllib.parse.parse_qsl(back.split("?", 1)[1]))["state"]
    eq(c2.get(back).status, 403, "replayed callback")


def test_family_07_withdrawing_consent_ends_the_log():
    c = F["mother"]
    tok = c.csrf(F["path"])
    eq(c.post(F["path"] + "/withdraw-consent", {"_csrf": "0" * 64}).status, 403, "needs the token")
    eq(sql(f"SELECT status FROM log WHERE id = {F['log']}"), [["active"]], "still active")
    eq(c.post(F["path"] + "/withdraw-consent", {"_csrf": tok}).status, 303, "withdrawn")
    eq(sql(f"SELECT status, active_nin FROM log WHERE id = {F['log']}"), [["passive", "NULL"]], "passive")
    eq(sql(f"SELECT COUNT(*) FROM consent WHERE log_id = {F['log']} AND withdrawn_at IS NULL"), [["0"]],
       "consent withdrawn")
    h = F["holder"]
    tok_h = h.csrf(F["path"])
    eq(h.post(F["path"] + "/concerns", {"_csrf": tok_h, "category": "1", "description": "x",
                                        "goal": "y"}).status, 403, "the holder can no longer write")
    eq(h.get(F["path"]).status, 200, "but still reads it")
    ok(int(sql(f"SELECT COUNT(*) FROM audit WHERE log_id = {F['log']} AND action = 'withdraw-consent'")[0][0]) == 1,
       "audited")
