"""Issue 6 ("Trust"), what a hostile tester found after the Trust work:
non-canonical paths, the login throttle under concurrent requests and
as an oracle for account names, length limits in characters, invisible
and control characters, forms kept that should not be, kept forms that
come back after they were saved, forged audit times, uploads, HEAD and
repeated query parameters.  Through nginx, with the state checked in
the database."""

import datetime
import http.client
import re
import threading
import urllib.parse

from lib import *  # noqa: F401,F403

H = {}
TODAY = datetime.date.today()
CHILD = synthetic_nin(19, 6, 2018, 920)
MOTHER = synthetic_nin(22, 9, 1986, 920)


def count(q):
    return int(sql(q)[0][0])


def reset_throttle():
    sql("DELETE FROM login_failure")


def field_errors(resp, action):
    a = resp.xml().find(f"actions/action[@name='{action}']")
    ok(a is not None, f"action {action} in the answer")
    return [(e.get("field"), e.get("key"), e.get("max")) for e in a.findall("error")]


def raw(method, path, body=None, headers=None, cookies=None):
    """One request exactly as given (no cookie jar, no redirects)."""
    conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
    h = dict(headers or {})
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    resp = Response(r.status, r.getheaders(), r.read())
    conn.close()
    return resp


def test_trust_harden_01_setup_log():
    reset_throttle()
    h = logged_in("ola.berg")
    H["holder"] = h
    form = {"nin": CHILD, "child-name": "Herdis Herdetest", "address": "Herdeveien 1",
            "unit": "solbakken-barnehage", "level": "2",
            "guardian1-name": "Mor Herdetest", "guardian1-nin": MOTHER,
            "consent-by": "guardians", "consent-by-name": "Mor Herdetest",
            "consent-date": TODAY.isoformat(), "consent-scope": "Barnehagen"}
    old = sql(f"SELECT id FROM log WHERE active_nin = '{CHILD}'")   # a run again on the same servers
    if old:
        H["log"] = int(old[0][0])
    else:
        r = h.post_multipart("/logs", dict(form, _csrf=h.csrf("/logs/new")))
        eq(r.status, 303, "log created")
        H["log"] = int(r.header("Location").rsplit("/", 1)[1])
    H["path"] = f"/logs/{H['log']}"
    H["tok"] = h.csrf(H["path"])
    r = h.post(H["path"] + "/concerns", {"_csrf": H["tok"], "category": "2",
                                         "description": "Herdis snakker lite.", "goal": "Et mål."})
    eq(r.status, 303, "concern")


# --- item 1: a path with trailing slashes is not served as the page -------

def test_trust_harden_02_trailing_slash_redirects_to_the_page():
    c = Client()
    r = c.get("/login/?lang=en")
    eq(r.status, 308, "GET /login/")
    eq(r.header("Location"), "/login?lang=en", "to the canonical path, query kept")
    r = c.get("/family/login/")
    eq(r.status, 308, "GET /family/login/")
    eq(r.header("Location"), "/family/login", "family login")
    # No login is tried at /login/: it goes to /login (where nginx limits it).
    n = count("SELECT COUNT(*) FROM audit WHERE action LIKE 'login%'")
    tok = c.csrf("/login")
    r = c.post("/login/", {"username": "jonas.moe", "password": "feil", "_csrf": tok})
    eq(r.status, 308, "POST /login/")
    eq(r.header("Location"), "/login", "POST to the canonical path")
    eq(count("SELECT COUNT(*) FROM audit WHERE action LIKE 'login%'"), n, "no login tried")
    # A logged-in page still works through the redirect.
    h = H["holder"]
    r = h.get("/start/")
    eq(r.status, 308, "GET /start/")
    eq(r.header("Location"), "/start", "start")
    eq(h.get(r.header("Location")).status, 200, "the page itself")
    eq(h.get(H["path"] + "//").header("Location"), H["path"], "two slashes")
    # An unknown path stays 404.
    eq(c.get("/no/such/page/").status, 404, "unknown path")


# --- item 2: the throttle holds under concurrent requests ----------------

def concurrently(n, fn):
    """Run fn(i) in n threads released together; returns the results."""
    out = [None] * n
    gate = threading.Barrier(n)

    def run(i):
        gate.wait()
        out[i] = fn(i)
    ts = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def test_trust_harden_03_concurrent_wrong_logins_at_most_the_limit():
    # Two workers race at the fifth try in about a third of the rounds.
    for rnd in range(8):
        reset_throttle()
        before = count("SELECT COUNT(*) FROM audit WHERE action = 'login-failed'"
                       " AND detail = 'account lise.ahmadi'")
        clients = [Client() for _ in range(12)]
        toks = [c.csrf("/login") for c in clients]
        codes = concurrently(12, lambda i: clients[i].post(
            "/login", {"username": "lise.ahmadi", "password": f"feil{i}", "_csrf": toks[i]}).status)
        binds = count("SELECT COUNT(*) FROM audit WHERE action = 'login-failed'"
                      " AND detail = 'account lise.ahmadi'") - before
        ok(codes.count(422) <= 5, f"round {rnd}: at most 5 tries reach the directory: {sorted(codes)}")
        ok(binds <= 5, f"round {rnd}: at most 5 binds audited ({binds})")
        eq(codes.count(422) + codes.count(429), 12, f"round {rnd}: every answer 422 or 429 {codes}")
    reset_throttle()
    eq(Client().login("lise.ahmadi").status, 303, "logs in after")


def test_trust_harden_04_concurrent_wrong_leave_passwords_at_most_the_limit():
    reset_throttle()
    c = logged_in("ola.berg")
    tok = c.csrf(H["path"])
    eq(c.post(H["path"] + "/meeting-mode", {"_csrf": tok}).status, 303, "meeting mode on")
    try:
        for rnd in range(8):
            reset_throttle()
            codes = concurrently(10, lambda i: c.post("/meeting-mode/leave",
                                                      {"_csrf": tok, "password": f"feil{i}"}).status)
            ok(codes.count(422) <= 5, f"round {rnd}: at most 5 password checks: {sorted(codes)}")
            eq(codes.count(422) + codes.count(429), 10, f"round {rnd}: 422 or 429 {codes}")
    finally:
        reset_throttle()
    eq(c.post("/meeting-mode/leave", {"_csrf": tok, "password": PASSWORD}).status, 303, "left")


# --- item 3: the counter says nothing about which names exist ------------

def test_trust_harden_05_known_and_unknown_names_throttled_alike():
    answers = {}
    for name in ["jonas.moe", "nosuch.person"]:
        reset_throttle()
        for _ in range(5):
            Client().login(" " + name, "feil")
        answers[name] = (Client().login(name, "feil").status,
                         Client().login("\u00a0" + name.upper() + " ", "feil").status)
        reset_throttle()
        for _ in range(5):
            Client().login(name.upper(), "feil")
        answers[name] += (Client().login(" " + name, "feil").status,)
    reset_throttle()
    eq(answers["jonas.moe"], answers["nosuch.person"], "same answers for a real and an unknown name")
    # 429 after 5 tries of any spelling; a refused spelling is told so (422) either way.
    eq(answers["jonas.moe"], (429, 422, 422), "throttled after 5 tries of any spelling")
    eq(Client().login("jonas.moe").status, 303, "logs in after the reset")


# --- item 4: lengths in characters, as the browser counts ---------------

def test_trust_harden_06_length_limits_count_characters():
    h, tok, p = H["holder"], H["tok"], H["path"]
    meet = {"_csrf": tok, "at-date": TODAY.isoformat(), "at-time": "10:00", "place": "Rom",
            "participants": "Alle", "agenda": "Sak"}
    cases = [("/meetings", "add-meeting", meet, "place", 256),
             ("/meetings", "add-meeting", meet, "participants", 4000),
             ("/notes", "add-note", {"_csrf": tok, "text": "x"}, "text", 8000),
             ("/bright-spots", "add-bright-spot", {"_csrf": tok, "text": "x"}, "text", 2000),
             ("/concerns", "add-concern", {"_csrf": tok, "category": "1", "description": "x",
                                           "goal": "Mål."}, "description", 4000)]
    full = f"SELECT COUNT(*) FROM meeting WHERE log_id = {H['log']} AND CHAR_LENGTH(place) = 256"
    before = count(full)
    for path, action, base, field, mx in cases:
        for ch in ["å", "😀"]:
            r = h.post_xml(p + path, dict(base, **{field: ch * mx}))
            eq(r.status, 303, f"{path} {field}: {mx} × {ch!r} accepted")
        r = h.post_xml(p + path, dict(base, **{field: "å" * (mx + 1)}))
        eq(r.status, 422, f"{path} {field}: {mx + 1} characters refused")
        eq(field_errors(r, action), [(field, "field.too-long", str(mx))], f"{field}: says the limit")
    # The message says the limit in the page.
    r = h.post(p + "/meetings", dict(meet, place="å" * 257))
    eq(r.status, 422, "HTML too")
    ok("høyst 256 tegn" in r.text, "the limit in the message")
    eq(count(full), before + 2, "stored whole")


# --- item 5: invisible and control characters ----------------------------

ONE_LINE_BAD = ["\u2028", "\u2029", "\u0085", "\x7f", "\u009b", "\u200b", "\u200d", "\ufeff",
                "\u3164", "\u180e", "\U000e0041", "\u2060", "\u2064", "\u200c", "\u115f", "\u1160",
                "\uffa0", "\u00ad", "\x0b", "\x0c"]
TEXT_BAD = ["\x7f", "\u009b", "\u0080", "\x0b", "\x0c", "\x1b"]


def test_trust_harden_07_invisible_and_control_characters_refused():
    h, tok, p = H["holder"], H["tok"], H["path"]
    n = count(f"SELECT COUNT(*) FROM meeting WHERE log_id = {H['log']}")
    meet = {"_csrf": tok, "at-date": TODAY.isoformat(), "at-time": "10:00", "place": "Rom",
            "participants": "Alle", "agenda": "Sak"}
    for ch in ONE_LINE_BAD:
        r = h.post_xml(p + "/meetings", dict(meet, place=f"Møte{ch}rom"))
        eq(r.status, 422, f"place with U+{ord(ch):04X}")
        eq([e[0] for e in field_errors(r, "add-meeting")], ["place"], f"U+{ord(ch):04X}: the place")
    for ch in TEXT_BAD:
        r = h.post_xml(p + "/meetings", dict(meet, participants=f"Alle{ch}andre"))
        eq(r.status, 422, f"participants with U+{ord(ch):04X}")
        r = h.post_xml(p + "/notes", {"_csrf": tok, "text": f"Notat{ch}skjult"})
        eq(r.status, 422, f"note with U+{ord(ch):04X}")
    eq(count(f"SELECT COUNT(*) FROM meeting WHERE log_id = {H['log']}"), n, "nothing stored")
    # Line separators in long text become line feeds; tabs and line feeds stay.
    r = h.post_xml(p + "/notes", {"_csrf": tok, "text": "Linje1\u2028Linje2\u2029Linje3\u0085Z\tX\r\nY"})
    eq(r.status, 303, "a note with line separators")
    got = sql(f"SELECT HEX(text) FROM note WHERE log_id = {H['log']} ORDER BY id DESC LIMIT 1")[0][0]
    eq(bytes.fromhex(got).decode(), "Linje1\nLinje2\nLinje3\nZ\tX\r\nY", "separators as line feeds")
    # Ordinary text from other scripts passes (Sámi, Arabic, Tigrinya, emoji with ZWJ is refused only
    # in one-line fields).
    r = h.post_xml(p + "/meetings", dict(meet, place="Čáhcesuolu – مكتب ፩ 😀"))
    eq(r.status, 303, "other scripts in one line")
    r = h.post_xml(p + "/notes", {"_csrf": tok, "text": "Familie: 👨\u200d👩\u200d👧"})
    eq(r.status, 303, "emoji sequences in long text")


# --- item 6: forms without content are not kept --------------------------

def test_trust_harden_08_logout_after_idle_keeps_no_form():
    sql("UPDATE draft SET restored_at = UTC_TIMESTAMP() WHERE uid = 'ola.berg'")
    for path, fields in [("/logout", {}), (H["path"] + "/meeting-mode", {}),
                         ("/meeting-mode/leave", {"password": "x"})]:
        c = logged_in("ola.berg")
        tok = c.csrf(H["path"])
        expire(c, 45)
        n = count("SELECT COUNT(*) FROM draft WHERE uid = 'ola.berg'")
        r = c.post(path, dict(fields, _csrf=tok, _return=H["path"]))
        eq(r.status, 303, f"{path}: to the login")
        eq(r.header("Location"), "/login?ended=idle", f"{path}: no kept form")
        eq(count("SELECT COUNT(*) FROM draft WHERE uid = 'ola.berg'"), n, f"{path}: no draft row")
        eq(c.login("ola.berg").header("Location"), "/start", f"{path}: plain start after login")


# --- item 7: a kept form does not come back after it was saved ------------

def test_trust_harden_09_saved_draft_does_not_come_back():
    sql("UPDATE draft SET restored_at = UTC_TIMESTAMP() WHERE uid = 'ola.berg'")
    c = logged_in("ola.berg")
    tok = c.csrf(H["path"])
    expire(c, 45)
    r = c.post(H["path"] + "/bright-spots", {"_csrf": tok, "_return": H["path"],
                                             "text": "Lysglimt som ble lagret."})
    eq(r.header("Location"), "/login?ended=idle&draft=1", "kept")
    loc = c.login("ola.berg").header("Location")
    ok(re.fullmatch(re.escape(H["path"]) + r"\?draft=\d+", loc), f"back to the log: {loc}")
    x = c.get(loc + "&format=xml").xml()
    ok("draft.restored" in [n.get("key") for n in x.findall("meta/notice")], "restored")
    tok = x.findtext("meta/csrf")
    r = c.post(H["path"] + "/bright-spots", {"_csrf": tok, "text": "Lysglimt som ble lagret."})
    eq(r.status, 303, "saved")
    x = c.get(loc + "&format=xml").xml()
    ok("draft.restored" not in [n.get("key") for n in x.findall("meta/notice")], "not restored again")
    a = x.find(f"actions/action[@name='add-bright-spot']")
    ok(a is None or a.get("open") != "1", "the form is not filled in again")
    ok(b"Lysglimt som ble lagret." not in ET.tostring(a) if a is not None else True, "no value")


# --- item 8: the audit's time is the server's ----------------------------

def test_trust_harden_10_audit_time_cannot_be_forged():
    conf = app_conf()
    args = ["mariadb", "--no-defaults", "-S", f"{RUN}/db/db.sock", f"-u{conf['db_user']}",
            "-N", "-B", conf.get("db_name", "stafettlogg"), "-e",
            "INSERT INTO audit (at, uid, action, log_id) VALUES "
            "('2020-01-01 00:00:00', 'forger', 'forged', NULL)"]
    if conf.get("db_password"):
        args.insert(4, f"-p{conf['db_password']}")
    subprocess.run(args, check=True, capture_output=True, text=True)
    row = sql("SELECT at > UTC_TIMESTAMP() - INTERVAL 1 HOUR FROM audit WHERE action = 'forged'"
              " ORDER BY id DESC LIMIT 1")
    eq(row, [["1"]], "the row has the server's time")


# --- item 10: uploads ----------------------------------------------------

def test_trust_harden_11_uploads_checked():
    h, tok, p = H["holder"], H["tok"], H["path"]
    n = count("SELECT COUNT(*) FROM attachment")
    elf = b"%PDF-1.4\n\x7fELF\x02\x01\x01" + b"\0" * 64 + b"\n%%EOF\n"
    r = h.post_multipart(p + "/notes", {"_csrf": tok, "text": "Med fil"},
                         {"attachment": ("x.pdf", "application/pdf", elf)}, xml=True)
    eq(r.status, 422, "a file with a PDF header but no PDF structure")
    bad_head = PDF.replace(b"%PDF-1.4", b"%PDF-9.9")
    r = h.post_multipart(p + "/notes", {"_csrf": tok, "text": "Med fil"},
                         {"attachment": ("x.pdf", "application/pdf", bad_head)}, xml=True)
    eq(r.status, 422, "an unknown PDF version")
    # Two files in one field: refused, not half taken.
    body, ctype = multipart({"_csrf": tok, "text": "To filer"})
    two = b"".join(
        f"------stafettlogg-test-boundary\r\nContent-Disposition: form-data; name=\"attachment\"; "
        f"filename=\"{i}.pdf\"\r\nContent-Type: application/pdf\r\n\r\n".encode() + PDF + b"\r\n"
        for i in range(2))
    body = body.replace(b"------stafettlogg-test-boundary--\r\n", two + b"------stafettlogg-test-boundary--\r\n")
    r = h.request("POST", p + "/notes", body=body, headers={"Content-Type": ctype, "Accept": "application/xml"})
    eq(r.status, 422, "two files in one field")
    eq(field_errors(r, "add-note"), [("attachment", "field.repeated", None)], "says which")
    # A file sent where no file is taken.
    b = count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {H['log']}")
    r = h.post_multipart(p + "/bright-spots", {"_csrf": tok, "text": "Lysglimt med fil"},
                         {"attachment": ("x.pdf", "application/pdf", PDF)}, xml=True)
    eq(r.status, 400, "a file to a route that takes none")
    eq(count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {H['log']}"), b, "nothing stored")
    eq(count("SELECT COUNT(*) FROM attachment"), n, "no file stored")
    # A proper PDF still goes in.
    r = h.post_multipart(p + "/notes", {"_csrf": tok, "text": "Med fil"},
                         {"attachment": ("x.pdf", "application/pdf", PDF)})
    eq(r.status, 303, "a PDF")
    eq(count("SELECT COUNT(*) FROM attachment"), n + 1, "stored")


# --- item 11: HEAD, repeated query parameters ----------------------------

def test_trust_harden_12_head_answers_like_get_without_body():
    h = H["holder"]
    for path in [H["path"], "/start", "/logs", "/login"]:
        g = h.get(path)
        r = raw("HEAD", path, cookies=h.cookies)
        eq(r.status, g.status, f"HEAD {path}")
        eq(r.body, b"", f"HEAD {path}: no body")
        eq(r.header("Content-Type"), g.header("Content-Type"), f"HEAD {path}: type")
    eq(raw("HEAD", "/no/such").status, 404, "HEAD of an unknown page")
    r = raw("HEAD", "/logout")
    eq(r.status, 405, "HEAD where only POST works")
    ok("HEAD" not in (r.header("Allow") or ""), "Allow without HEAD")
    ok("HEAD" in (raw("POST", "/start").header("Allow") or ""), "Allow of a GET page names HEAD")


def test_trust_harden_13_repeated_query_parameters_refused():
    h = H["holder"]
    for q in ["format=xml&format=html", "lang=en&lang=nb", "draft=1&draft=2", "saved=1&saved=1"]:
        r = h.get(f"{H['path']}?{q}")
        eq(r.status, 400, f"?{q}")
    eq(h.get("/profile?saved=1&lang=en").status, 200, "different parameters once each")


# --- item 8: migrate leaves the workers' user exactly its privileges -----

def app_conf():
    conf = {}
    with open(os.environ.get("CONF", f"{RUN}/app/stafettlogg.conf")) as f:
        for line in f:
            if "=" in line and not line.lstrip().startswith("#"):
                k, _, v = line.partition("=")
                conf[k.strip()] = v.strip()
    return conf


def test_trust_harden_14_migrate_revokes_leftover_privileges():
    conf = app_conf()
    user = f"'{conf['db_user']}'@'{conf.get('db_user_host', 'localhost')}'"
    sql(f"GRANT ALTER, DROP, CREATE, TRIGGER ON stafettlogg.* TO {user}")
    sql(f"GRANT UPDATE, DELETE ON stafettlogg.audit TO {user}")
    sql(f"GRANT ALL PRIVILEGES ON stafettlogg.schema_migration TO {user}")
    conf_path = os.environ.get("CONF", f"{RUN}/app/stafettlogg.conf")
    out = subprocess.run([os.environ.get("BIN", f"{ROOT}/build/stafettlogg"), "migrate", "-c", conf_path],
                         capture_output=True, text=True)
    eq(out.returncode, 0, f"migrate: {out.stderr}")
    grants = "\n".join(r[0] for r in sql(f"SHOW GRANTS FOR {user}"))
    for p in ["ALTER", "DROP", "CREATE", "TRIGGER", "ALL PRIVILEGES"]:
        ok(p not in grants, f"{p} revoked:\n{grants}")
    audit = [r[0] for r in sql(f"SHOW GRANTS FOR {user}") if "`audit`" in r[0]]
    eq(len(audit), 1, "one grant on the audit")
    ok("UPDATE" not in audit[0] and "DELETE" not in audit[0], f"audit append-only: {audit[0]}")
    ok("schema_migration" not in grants, "nothing on schema_migration")
    # The workers still work.
    eq(H["holder"].get(H["path"]).status, 200, "the log page after migrate")


def test_trust_harden_15_check_config_warns_without_migrate_user():
    conf_path = os.environ.get("CONF", f"{RUN}/app/stafettlogg.conf")
    with open(conf_path) as f:
        lines = [ln for ln in f if not ln.strip().startswith(("db_migrate_user", "db_migrate_password"))]
    alt = f"{RUN}/app/harden-check.conf"
    with open(alt, "w") as f:
        f.writelines(lines)
    os.chmod(alt, 0o600)
    try:
        out = subprocess.run([os.environ.get("BIN", f"{ROOT}/build/stafettlogg"), "check-config", "-c", alt],
                             capture_output=True, text=True)
        eq(out.returncode, 0, f"still OK: {out.stderr}")
        ok("warning" in out.stderr and "db_migrate_user" in out.stderr, f"warns: {out.stderr!r}")
        os.chmod(alt, 0o644)
        out = subprocess.run([os.environ.get("BIN", f"{ROOT}/build/stafettlogg"), "check-config", "-c", alt],
                             capture_output=True, text=True)
        eq(out.returncode, 0, f"still OK: {out.stderr}")
        ok("readable" in out.stderr, f"warns of the mode: {out.stderr!r}")
    finally:
        os.unlink(alt)
