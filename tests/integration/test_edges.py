"""Issue 14: the least covered paths that matter (make coverage showed
them unrun).

- The worker's own request limits when a request reaches its socket
  without nginx in front (a FastCGI client, fcgi_client.py): path length,
  path bytes, cookies, query, Content-Length, body size and type - each a
  4xx with its message, never a crash, and the worker serves on.
- ID-porten callback errors: the login cancelled at the provider, the
  provider down when the code is redeemed, an identity number that is not
  valid; no session in any of them.
- Read-grant validation: every refused field, nothing written.
- Items that are not active or belong to another log: refused, nothing
  written.
- The dispatcher's mapping of handler errors: 400, 503, 500.
- A failed audit write: a read whose audit row cannot be written sends
  nothing of the child's data; a write whose audit row cannot be written
  is rolled back whole.

The tests run in order and share the state below."""

import datetime
import os
import subprocess
import urllib.parse

import fcgi_client
import test_family
from lib import *  # noqa: F401,F403

E = {}
TODAY = datetime.date.today()
LATER = (TODAY + datetime.timedelta(days=30)).isoformat()
KID_A = synthetic_nin(11, 8, 2019, 970)
KID_B = synthetic_nin(12, 8, 2019, 970)
CHILD_A_NAME = "Kant Kantesen"
SOCK = f"{RUN}/app/app.sock"
TABLE_FULL = (1114, "HY000")       # ER_RECORD_FILE_FULL: the database has no room


def count(q):
    return int(sql(q)[0][0])


def conf_value(name, default):
    """A setting of the running app's configuration file (CONF), or its default."""
    try:
        with open(os.environ.get("CONF", f"{RUN}/app/stafettlogg.conf")) as f:
            for line in f:
                k, _, v = line.partition("=")
                if k.strip() == name:
                    return int(v.strip())
    except OSError:
        pass
    return default


def root_sql(script):
    """SQL as root through the client's stdin (DELIMITER works there)."""
    subprocess.run(["mariadb", "--no-defaults", "-S", f"{RUN}/db/db.sock", "-uroot", "stafettlogg"],
                   input=script, check=True, capture_output=True, text=True)


class RefusedAudit:
    """While active, the database refuses the audit row of one action
    (a trigger made as root), as a full disk or a broken table would."""

    def __init__(self, action, error=("1644", "45000")):
        self.action, self.error = action, error

    def __enter__(self):
        errno, state = self.error
        root_sql(f"""
DROP TRIGGER IF EXISTS sl_test_audit_refused;
DELIMITER //
CREATE TRIGGER sl_test_audit_refused BEFORE INSERT ON audit FOR EACH ROW
BEGIN
  IF NEW.action = '{self.action}' THEN
    SIGNAL SQLSTATE '{state}' SET MYSQL_ERRNO = {errno}, MESSAGE_TEXT = 'audit refused by test_edges';
  END IF;
END//
DELIMITER ;
""")
        return self

    def __exit__(self, *exc):
        root_sql("DROP TRIGGER IF EXISTS sl_test_audit_refused;")
        return False


def log_form(nin, name, tok):
    return {"nin": nin, "child-name": name, "address": "", "unit": "solbakken-barnehage", "level": "2",
            "guardian1-name": "Mor Kantesen", "guardian1-email": "", "guardian1-phone": "",
            "consent-by": "guardians", "consent-by-name": "Mor Kantesen", "consent-date": TODAY.isoformat(),
            "consent-scope": "Barnehagen", "_csrf": tok}


def errors(resp):
    """(field, key) of every error in an XML answer."""
    return sorted((e.get("field"), e.get("key")) for e in resp.xml().iter("error"))


def app_log_size():
    try:
        return os.path.getsize(f"{RUN}/app/app.log")
    except OSError:
        return 0


def app_log_since(offset):
    with open(f"{RUN}/app/app.log", "rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")


def test_edges_01_setup():
    # Earlier modules took permissions away: everyone here holds and acts.
    sql("DELETE FROM staff_permission WHERE uid IN ('ola.berg', 'ingrid.dahl', 'jonas.moe')")
    for u in ["ola.berg", "ingrid.dahl", "kari.holm"]:
        E[u] = logged_in(u)
    o = E["ola.berg"]
    for key, nin, name in [("a", KID_A, CHILD_A_NAME), ("b", KID_B, "Annen Kantesen")]:
        r = o.post_multipart("/logs", log_form(nin, name, o.csrf("/logs/new")))
        eq(r.status, 303, f"log {key}")
        E[key] = int(r.header("Location").rsplit("/", 1)[1])
        E[key + "_path"] = f"/logs/{E[key]}"
        r = o.post(E[key + "_path"] + "/concerns", {"_csrf": o.csrf(E[key + "_path"]), "category": "2",
                                                    "description": "Beskrivelse.", "goal": "Mål."})
        E[key + "_concern"] = location_id(r, "concern", f"concern of log {key}")
    E["b_guardian"] = one_id(f"SELECT id FROM guardian WHERE log_id = {E['b']}", "guardian of log b")


# ------------------------------------------------- the worker, without nginx

def fcgi(method, uri, query="", cookie=None, ctype=None, clen=None, body=b"", extra=()):
    params = [("REQUEST_METHOD", method), ("DOCUMENT_URI", uri), ("SCRIPT_NAME", uri),
              ("QUERY_STRING", query), ("REMOTE_ADDR", "127.0.0.1"), ("SERVER_PROTOCOL", "HTTP/1.1")]
    if method is None:
        params = params[1:]
    if cookie is not None:
        params.append(("HTTP_COOKIE", cookie))
    if ctype is not None:
        params.append(("CONTENT_TYPE", ctype))
    if clen is not None:
        params.append(("CONTENT_LENGTH", str(clen)))
    params += list(extra)
    return fcgi_client.request(SOCK, params, body)


def test_edges_02_worker_limits_without_nginx():
    max_body = conf_value("max_body", 12582912)
    max_fields = conf_value("max_fields", 200)
    max_field_len = conf_value("max_field_len", 65536)
    pids = worker_pids()
    log0 = app_log_size()
    r = fcgi("GET", "/login")
    eq(r.status, 200, "a plain request straight to the socket")
    ok(b"<form" in r.body, "the login page")
    cases = [
        ("path of 2049 bytes", fcgi("GET", "/" + "a" * 2048), 413, b"Request path too long."),
        ("no request method", fcgi(None, "/login"), 400, b"Bad request."),
        ("too many cookies", fcgi("GET", "/login", cookie="; ".join(f"c{i}=v" for i in range(max_fields + 1))),
         413, b"Too many cookies."),
        ("too many query fields", fcgi("GET", "/login", query="&".join(f"q{i}=1" for i in range(max_fields + 1))),
         413, b"Query string too large."),
        ("malformed query", fcgi("GET", "/login", query="a=%zz"), 400, b"Malformed query string."),
        ("Content-Length not a number", fcgi("POST", "/login", ctype="application/x-www-form-urlencoded",
                                             clen="12abc"), 400, b"Bad Content-Length."),
        ("negative Content-Length", fcgi("POST", "/login", ctype="application/x-www-form-urlencoded",
                                         clen="-1"), 400, b"Bad Content-Length."),
        ("Content-Length over max_body", fcgi("POST", "/login", ctype="application/x-www-form-urlencoded",
                                              clen=max_body + 1), 413, b"Request body too large."),
        ("body shorter than its Content-Length", fcgi("POST", "/login", ctype="application/x-www-form-urlencoded",
                                                      clen=100, body=b"a=1"), 400,
         b"Could not read the request body."),
        ("body that is not a form", fcgi("POST", "/login", ctype="text/plain", clen=5, body=b"hello"), 415,
         b"Unsupported body type: send a form."),
        ("too many form fields", fcgi("POST", "/login", ctype="application/x-www-form-urlencoded",
                                      clen=len(b := "&".join(f"f{i}=1" for i in range(max_fields + 1)).encode()),
                                      body=b), 413, b"Form too large"),
        ("form field over max_field_len", fcgi("POST", "/login", ctype="application/x-www-form-urlencoded",
                                               clen=len(b := b"f=" + b"x" * (max_field_len + 1)), body=b),
         413, b"Form too large"),
        ("malformed multipart", fcgi("POST", "/login", ctype="multipart/form-data; boundary=zzz", clen=9,
                                     body=b"no parts!"), 400, b"Malformed form data."),
    ]
    for what, resp, status, msg in cases:
        eq(resp.status, status, what)
        ok(resp.body.startswith(msg), f"{what}: says why: {resp.body[:80]!r}")
        eq(resp.app_status, 0, f"{what}: the request ended normally")
    # Bytes nginx would never pass: a path that is not UTF-8, or relative.
    for what, uri in [("path that is not UTF-8", b"/\xff\xfe"), ("path without its leading /", b"login")]:
        r = fcgi_client.request(SOCK, [(b"REQUEST_METHOD", b"GET"), (b"DOCUMENT_URI", uri),
                                       (b"REMOTE_ADDR", b"127.0.0.1")])
        eq(r.status, 400, what)
        ok(r.body.startswith(b"Request path is not valid UTF-8."), f"{what}: says why: {r.body[:60]!r}")
    # At the limits everything still works: a path of 2048 bytes is read
    # (no such page), as are max_fields cookies.
    eq(fcgi("GET", "/" + "a" * 2047).status, 404, "a path of 2048 bytes")
    eq(fcgi("GET", "/login", cookie="; ".join(f"c{i}=v" for i in range(max_fields))).status, 200,
       "max_fields cookies")
    # Nothing crashed: the same workers answer, none was replaced.
    eq(fcgi("GET", "/login").status, 200, "still serving")
    eq(worker_pids(), pids, "the same workers")
    log = app_log_since(log0)
    ok("killed by signal" not in log and "exited with status" not in log, f"no worker died: {log[-500:]}")


# ------------------------------------------------------ ID-porten callback

def test_edges_03_idporten_cancelled():
    c = Client()
    r = c.get("/family/login")
    eq(r.status, 303, "to ID-porten")
    auth = r.header("Location")
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(auth).query))
    # The person presses "Avbryt" on the provider's login form.
    u = urllib.parse.urlparse(test_family.IDP)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.request("POST", "/authorize/login", body=urllib.parse.urlencode(dict(q, cancel="1")),
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    ir = conn.getresponse()
    ir.read()
    back = ir.getheader("Location")
    conn.close()
    ok(ir.status in (302, 303) and back and "error=access_denied" in back, f"provider says cancelled: {back}")
    bu = urllib.parse.urlparse(back)
    n0 = count("SELECT COUNT(*) FROM session")
    r = c.get(bu.path + "?" + bu.query + "&format=xml")
    eq(r.status, 403, "cancelled")
    eq(r.xml().find("content/error").get("key"), "error.family.cancelled", "says it was cancelled")
    ok("sl_session" not in c.cookies, "no session")
    ok("sl_oidc" not in c.cookies, "the state cookie is cleared")
    eq(count("SELECT COUNT(*) FROM session"), n0, "no session row")


def test_edges_04_idporten_invalid_identity_number():
    # 11 digits (the provider's format check) but not a valid number.
    log0 = app_log_size()
    c, r, _ = test_family.family_login("12345678901")
    eq(r.status, 403, "refused")
    ok("sl_session" not in c.cookies, "no session")
    ok("invalid pid" in app_log_since(log0), "logged as an invalid number from ID-porten")
    eq(count("SELECT COUNT(*) FROM person WHERE pid = '12345678901'"), 0, "no person row")


def test_edges_05_idporten_down_when_the_code_is_redeemed():
    c = Client()
    r = c.get("/family/login")
    eq(r.status, 303, "to ID-porten")
    mother = test_family.MOTHER
    status, back = test_family.idp_get(r.header("Location") + f"&login_hint={mother}")
    ok(status in (302, 303) and "code=" in back, f"a code ({status})")
    script("idporten", "stop")
    try:
        bu = urllib.parse.urlparse(back)
        r = c.get(bu.path + "?" + bu.query, headers={"Accept": "application/xml"})
        eq(r.status, 503, "provider down")
        eq(r.xml().find("content/error").get("key"), "error.family.unavailable", "says so")
        ok("sl_session" not in c.cookies, "no session")
    finally:
        script("idporten", "start")
    # Back up: a login works again.
    c, r, _ = test_family.family_login(mother)
    ok(r.status in (303, 403), f"the provider answers again ({r.status})")


def test_edges_06_family_login_when_already_logged_in():
    r = E["ola.berg"].get("/family/login")
    eq((r.status, r.header("Location")), (303, "/start"), "staff: to the start page")


# ------------------------------------------------------------- read grants

def test_edges_07_read_grant_validation():
    o = E["ola.berg"]
    p = E["a_path"]
    tok = o.csrf(p)
    n = count("SELECT COUNT(*) FROM read_grant")
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    base = {"_csrf": tok, "uid": "jonas.moe", "scope": "all", "history": "all"}
    cases = [
        ("expiry in the past", {"expires": yesterday}, [("expires", "field.date.past")]),
        ("unknown staff member", {"uid": "", "uid-other": "no.such.person"},
         [("uid-other", "field.staff.unknown")]),
        ("a grant to oneself", {"uid": "ola.berg"}, [("uid", "field.invalid")]),
        ("categories without any", {"scope": "categories"}, [("categories", "field.required")]),
        ("concerns without any", {"scope": "concerns"}, [("concerns", "field.required")]),
        ("a category that does not exist", {"scope": "categories", "categories": "999999"},
         [("categories", "field.invalid")]),
        ("a concern of another log", {"scope": "concerns", "concerns": str(E["b_concern"])},
         [("concerns", "field.invalid")]),
        ("an unknown scope", {"scope": "everything"}, [("scope", "field.invalid")]),
    ]
    for what, change, want in cases:
        r = o.post_xml(p + "/grants", dict(base, **change))
        eq(r.status, 422, what)
        eq(errors(r), want, f"{what}: the field's error")
    eq(count("SELECT COUNT(*) FROM read_grant"), n, "nothing written")
    # The same form, valid, is written (so the refusals above were the fields').
    r = o.post(p + "/grants", dict(base, scope="concerns", concerns=str(E["a_concern"])))
    eq(r.status, 303, "a valid grant")
    g = one_id(f"SELECT id FROM read_grant WHERE log_id = {E['a']} AND uid = 'jonas.moe'", "the grant")
    eq(sql(f"SELECT item_id FROM read_grant_item WHERE grant_id = {g}"), [[str(E["a_concern"])]], "its concern")


# ------------------------------------------- items not active / of another log

def test_edges_08_items_not_active_or_of_another_log():
    o = E["ola.berg"]
    pa, ca = E["a_path"], E["a_concern"]
    tok = o.csrf(pa)
    mform = {"_csrf": tok, "text": "Et tiltak.", "kind": "service", "actor": "", "actor-other": "ingrid.dahl",
             "start": TODAY.isoformat(), "evaluate-by": LATER}
    m = location_id(o.post(f"/concerns/{ca}/measures", mform), "measure", "a measure")
    nm = count("SELECT COUNT(*) FROM measure")
    # A guardian of another log as the actor.
    r = o.post_xml(f"/concerns/{ca}/measures", dict(mform, kind="home", **{"actor-other": "",
                   "actor": f"guardian:{E['b_guardian']}"}))
    eq(r.status, 422, "another log's guardian as actor")
    eq(errors(r), [("actor", "field.invalid")], "says which field")
    # A note about a concern of another log.
    nn = count("SELECT COUNT(*) FROM note")
    r = o.post_multipart(pa + "/notes", {"_csrf": tok, "text": "Feil sak.", "concern": str(E["b_concern"])},
                         xml=True)
    eq(r.status, 422, "note about another log's concern")
    eq(errors(r), [("concern", "field.invalid")], "says which field")
    eq(count("SELECT COUNT(*) FROM note"), nn, "no note")
    # A bright spot that does not exist.
    eq(o.post(f"/bright-spots/999999999", {"_csrf": tok, "text": "x"}).status, 404, "no such bright spot")
    # The measure ended: its correction form and a correction are refused.
    sql(f"UPDATE measure SET status = 'ended' WHERE id = {m}")
    eq(o.get(f"/measures/{m}/correction").status, 403, "correction form of an ended measure")
    r = o.post(f"/measures/{m}/correction", {"_csrf": tok, "actor": "", "actor-other": "ingrid.dahl",
                                             "text": "Rettet.", "evaluate-by": LATER})
    eq(r.status, 403, "correcting an ended measure")
    eq(sql(f"SELECT status FROM measure WHERE id = {m}"), [["ended"]], "unchanged")
    # The concern closed: no new measure, not even its form.
    sql(f"UPDATE concern SET status = 'closed' WHERE id = {ca}")
    eq(o.get(f"/concerns/{ca}/measures/new").status, 403, "new-measure form of a closed concern")
    eq(o.post(f"/concerns/{ca}/measures", dict(mform, **{"actor-other": "jonas.moe"})).status, 403,
       "a measure for a closed concern")
    eq(count("SELECT COUNT(*) FROM measure"), nm, "no measure written")
    sql(f"UPDATE concern SET status = 'active' WHERE id = {ca}")


# ------------------------------------------------------------ the dispatcher

def test_edges_09_dispatcher_maps_handler_errors():
    k = E["kari.holm"]
    # A handler's bad input (no unit named) is 400 with the error page.
    r = k.post_xml("/staff", {"_csrf": k.csrf("/staff"), "uid": "ola.berg"})
    eq(r.status, 400, "a leader's form without its unit")
    eq(r.xml().find("content/error").get("status"), "400", "the error page")
    # The database cannot write now: 503, nothing written.
    o = E["ola.berg"]
    n = count("SELECT COUNT(*) FROM read_grant")
    with RefusedAudit("add-grant", TABLE_FULL):
        r = o.post_xml(E["a_path"] + "/grants", {"_csrf": o.csrf(E["a_path"]), "uid": "ingrid.dahl",
                                                 "scope": "all", "history": "all"})
    eq(r.status, 503, "the audit table is full")
    eq(count("SELECT COUNT(*) FROM read_grant"), n, "the grant was rolled back with its audit row")


# ------------------------------------------------------- a failed audit write

def test_edges_10_failed_audit_write_sends_nothing():
    o = E["ola.berg"]
    pa = E["a_path"]
    eq(o.get(pa).status, 200, "the log reads normally")
    ok(CHILD_A_NAME.encode() in o.get(pa).body, "with the child's name")
    n = count(f"SELECT COUNT(*) FROM audit WHERE log_id = {E['a']} AND action = 'view-log'")
    with RefusedAudit("view-log"):
        for path in [pa, pa + "?format=xml"]:
            r = o.get(path)
            eq(r.status, 500, f"{path}: the read could not be audited")
            ok(CHILD_A_NAME.encode() not in r.body and KID_A.encode() not in r.body,
               f"{path}: nothing of the child's data")
            ok(b"Beskrivelse." not in r.body, f"{path}: nor the plan")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {E['a']} AND action = 'view-log'"), n,
       "no audit row, and no page")
    # A write whose audit row fails is rolled back whole.
    nc = count(f"SELECT COUNT(*) FROM concern WHERE log_id = {E['a']}")
    with RefusedAudit("add-concern"):
        r = o.post(pa + "/concerns", {"_csrf": o.csrf(pa), "category": "1", "description": "Uten revisjon.",
                                      "goal": "Mål."})
    eq(r.status, 500, "the write could not be audited")
    eq(count(f"SELECT COUNT(*) FROM concern WHERE log_id = {E['a']}"), nc, "no concern written")
    eq(o.get(pa).status, 200, "reads again once the audit works")
