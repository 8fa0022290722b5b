"""Integration tests of the foundation: login, sessions, CSRF, formats, failures."""

from lib import *  # noqa: F401,F403


# ---------------------------------------------------------------- login

def test_login_success_shows_name_units_roles():
    c = Client()
    r = c.login("kari.holm")
    eq(r.status, 303, "status")
    eq(r.header("Location"), "/start", "redirect")
    cookie = [v for v in r.headers_all("Set-Cookie") if v.startswith("sl_session=")][0]
    ok("HttpOnly" in cookie and "SameSite=Strict" in cookie, f"cookie flags: {cookie}")
    ok(re.match(r"sl_session=[0-9a-f]{64};", cookie), "256-bit token")
    x = c.get("/start?format=xml").xml()
    eq(x.get("view"), "start", "view")
    eq(x.find("meta/user").get("name"), "Kari Holm", "name")
    units = [(u.get("id"), u.get("role")) for u in x.findall("content/units/unit")]
    eq(units, [("solbakken-barnehage", "leader")], "units")
    roles = sorted(r.get("name") for r in x.findall("content/roles/role"))
    eq(roles, ["leader", "staff"], "roles")
    html = c.get("/start")
    eq(html.status, 200, "html status")
    ok("Kari Holm" in html.text and "Solbakken barnehage" in html.text, "html shows name and unit")
    # Only the hash of the session id is stored.
    token = c.cookies["sl_session"]
    eq(sql(f"SELECT COUNT(*) FROM session WHERE id_hash = '{token}'"), [["0"]], "raw id not stored")
    eq(sql(f"SELECT COUNT(*) FROM session WHERE id_hash = SHA2('{token}', 256)"), [["1"]], "hash stored")


def test_login_user_in_two_units_and_unicode_name():
    c = logged_in("ase.ovrebo")
    x = c.get("/start?format=xml").xml()
    eq(x.find("meta/user").get("name"), "Åse Øvrebø", "UTF-8 name")
    c = logged_in("lise.ahmadi")
    x = c.get("/start?format=xml").xml()
    eq(sorted(u.get("id") for u in x.findall("content/units/unit")),
       ["fjordvik-helsestasjon", "solbakken-barnehage"], "two units")


def test_wrong_password_and_unknown_user_get_the_same_answer():
    a, b = Client(), Client()
    ra = a.login("ingrid.dahl", "wrong-password")
    rb = b.login("no.such.person", "wrong-password")
    eq(ra.status, 422, "wrong password status")
    eq(rb.status, 422, "unknown user status")
    ok("sl_session" not in a.cookies and "sl_session" not in b.cookies, "no session")
    eq(error_keys(a.login("ingrid.dahl", "wrong", xml=True)), ["login.failed"], "wrong password message")
    eq(error_keys(b.login("no.such.person", "wrong", xml=True)), ["login.failed"], "unknown user message")
    strip = lambda t: re.sub(r'value="[0-9a-f]{64}"', "", t).replace("ingrid.dahl", "X").replace("no.such.person", "X")
    eq(strip(ra.text), strip(rb.text), "identical pages")


def test_injection_in_user_name_is_refused():
    for name in ["*", "kari*", "*)(uid=*", "kari.holm)(|(uid=*", "kari.holm\\2a",
                 "(uid=kari.holm)", "*)(objectClass=*))(&(uid=kari.holm"]:
        c = Client()
        r = c.login(name, PASSWORD)
        eq(r.status, 422, f"status for {name!r}")
        ok("sl_session" not in c.cookies, f"no session for {name!r}")
    sql("DELETE FROM login_failure")


def test_empty_password_never_binds():
    c = Client()
    r = c.login("kari.holm", "")
    eq(r.status, 422, "empty password")
    ok("sl_session" not in c.cookies, "no session")


def test_failed_logins_are_throttled_per_user_name():
    for i in range(5):
        r = Client().login("jonas.moe", f"wrong-{i}")
        eq(r.status, 422, f"attempt {i}")
    c = Client()
    r = c.login("jonas.moe", PASSWORD, xml=True)
    eq(r.status, 429, "throttled even with the right password")
    eq(error_keys(r), ["login.throttled"], "message")
    ok("sl_session" not in c.cookies, "no session")
    # An unknown name is throttled the same way (no user enumeration).
    for i in range(5):
        Client().login("nobody.here", "x")
    eq(Client().login("nobody.here", "x").status, 429, "unknown name throttled")
    # Another user is not affected.
    eq(Client().login("ola.berg").status, 303, "other user logs in")
    sql("DELETE FROM login_failure")
    eq(Client().login("jonas.moe").status, 303, "after the window")


def test_login_page_escapes_what_the_user_typed():
    c = Client()
    r = c.login("<script>alert(1)</script>\"><img src=x onerror=alert(1)>", "x")
    eq(r.status, 422, "status")
    ok("<script>alert(1)" not in r.text, "no raw script tag")
    ok("<img src=x" not in r.text, "no raw img tag")
    sql("DELETE FROM login_failure")


def test_login_audit_rows():
    before = int(sql("SELECT COUNT(*) FROM audit WHERE action = 'login' AND uid = 'per.lund'")[0][0])
    logged_in("per.lund")
    after = int(sql("SELECT COUNT(*) FROM audit WHERE action = 'login' AND uid = 'per.lund'")[0][0])
    eq(after, before + 1, "login audited")
    try:
        sql("DELETE FROM audit")
        raise AssertionError("audit rows could be deleted")
    except subprocess.CalledProcessError:
        pass


def test_logout_ends_the_session():
    c = logged_in()
    token = c.csrf("/start")
    old = dict(c.cookies)
    r = c.post("/logout", {"_csrf": token})
    eq(r.status, 303, "logout")
    eq(r.header("Location"), "/login?ended=logout", "to login")
    c.cookies = old
    r = c.get("/start")
    eq(r.status, 303, "old cookie is dead")
    ok(r.header("Location").startswith("/login"), "to login")


# ---------------------------------------------------------------- CSRF

def test_post_without_or_with_wrong_csrf_is_403_and_changes_nothing():
    c = logged_in("ingrid.dahl")
    sql("UPDATE staff SET phone = '400 00 001' WHERE uid = 'ingrid.dahl'")
    r = c.post("/profile", {"phone": "999", "lang": "en"})
    eq(r.status, 403, "missing token")
    r = c.post("/profile", {"phone": "999", "lang": "en", "_csrf": "0" * 64})
    eq(r.status, 403, "wrong token")
    other = logged_in("per.lund").csrf("/start")
    r = c.post("/profile", {"phone": "999", "lang": "en", "_csrf": other})
    eq(r.status, 403, "another session's token")
    eq(sql("SELECT phone, lang FROM staff WHERE uid = 'ingrid.dahl'"), [["400 00 001", "NULL"]], "unchanged")
    r = c.post("/logout", {})
    eq(r.status, 403, "logout without token")
    eq(c.get("/start").status, 200, "still logged in")


def test_login_post_needs_the_prelogin_token():
    c = Client()
    c.get("/login")
    r = c.post("/login", {"username": "ola.berg", "password": PASSWORD})
    eq(r.status, 403, "no token")
    r = c.post("/login", {"username": "ola.berg", "password": PASSWORD, "_csrf": "a" * 64})
    eq(r.status, 403, "wrong token")
    ok("sl_session" not in c.cookies, "no session")


def test_profile_save_with_token_works_and_is_audited():
    c = logged_in("sofie.strand")
    tok = c.csrf("/profile")
    r = c.post("/profile", {"phone": "+47 412 34 567", "lang": "en", "_csrf": tok})
    eq(r.status, 303, "saved")
    eq(sql("SELECT phone, lang FROM staff WHERE uid = 'sofie.strand'"), [["+47 412 34 567", "en"]], "stored")
    x = c.get("/profile?saved=1&format=xml").xml()
    eq(x.get("lang"), "en", "language follows the user")
    eq([n.get("key") for n in x.findall("meta/notice")], ["profile.saved"], "notice")
    ok(sql("SELECT COUNT(*) FROM audit WHERE action = 'profile-update' AND uid = 'sofie.strand'")[0][0] != "0", "audited")
    html = c.get("/profile").text
    ok('lang="en"' in html, "English page")


def test_profile_invalid_input_is_422_with_input_kept():
    c = logged_in("per.lund")
    tok = c.csrf("/profile")
    r = c.post("/profile", {"phone": "call me <maybe>", "lang": "xx", "_csrf": tok},
               headers={"Accept": "application/xml"})
    eq(r.status, 422, "status")
    x = r.xml()
    a = x.find("actions/action[@name='save-profile']")
    eq(a.find("field[@name='phone']").get("value"), "call me <maybe>", "input kept")
    eq(sorted(e.get("field") for e in a.findall("error")), ["lang", "phone"], "field errors")


# ---------------------------------------------------------------- sessions

def test_idle_timeout_ends_the_session():
    c = logged_in("ingrid.dahl")
    expire(c, 31)
    r = c.get("/start")
    eq(r.status, 303, "redirect")
    eq(r.header("Location"), "/login?ended=idle", "ended=idle")
    x = c.get("/login?ended=idle&format=xml").xml()
    eq(x.find("content/login").get("ended"), "idle", "login page says why")
    eq(c.get("/start").status, 303, "stays ended")


def test_absolute_timeout_ends_the_session():
    c = logged_in("ingrid.dahl")
    sql("UPDATE session SET created_at = created_at - INTERVAL 9 HOUR "
        f"WHERE id_hash = SHA2('{c.cookies['sl_session']}', 256)")
    r = c.get("/start")
    eq(r.header("Location"), "/login?ended=absolute", "ended=absolute")


def test_form_posted_after_expiry_comes_back_after_login():
    c = logged_in("ola.berg")
    sql("UPDATE staff SET phone = NULL WHERE uid = 'ola.berg'")
    tok = c.csrf("/profile")
    expire(c, 45)
    r = c.post("/profile", {"phone": "412 34 567", "lang": "nn", "_csrf": tok, "_return": "/profile"})
    eq(r.status, 303, "sent to login")
    eq(r.header("Location"), "/login?ended=idle&draft=1", "login with notice")
    eq(sql("SELECT phone FROM staff WHERE uid = 'ola.berg'"), [["NULL"]], "not saved")
    x = c.get("/login?ended=idle&draft=1&format=xml").xml()
    ok("login.draft-saved" in [n.get("key") for n in x.findall("meta/notice")], "draft notice")
    r = c.login("ola.berg")
    eq(r.status, 303, "login")
    loc = r.header("Location")
    ok(re.fullmatch(r"/profile\?draft=\d+", loc), f"back to the form: {loc}")
    x = c.get(loc + "&format=xml").xml()
    a = x.find("actions/action[@name='save-profile']")
    eq(a.find("field[@name='phone']").get("value"), "412 34 567", "phone filled in")
    eq(a.find("field[@name='lang']").get("value"), "nn", "lang filled in")
    ok("draft.restored" in [n.get("key") for n in x.findall("meta/notice")], "restored notice")
    # Another user cannot open it.
    other = logged_in("per.lund")
    x = other.get(loc + "&format=xml").xml()
    eq(x.find("actions/action[@name='save-profile']/field[@name='phone']").get("value") == "412 34 567", False, "not leaked")


def test_expired_post_with_wrong_token_keeps_nothing():
    c = logged_in("ola.berg")
    expire(c, 45)
    n = sql("SELECT COUNT(*) FROM draft")[0][0]
    r = c.post("/profile", {"phone": "1", "lang": "nb", "_csrf": "f" * 64})
    eq(r.status, 403, "refused")
    eq(sql("SELECT COUNT(*) FROM draft")[0][0], n, "no draft")


# ---------------------------------------------------------------- formats

def test_every_view_is_well_formed_xml():
    c = logged_in("kari.holm")
    for path in ["/start", "/profile", "/no/such/page"]:
        r = c.get(path + "?format=xml")
        ok(r.header("Content-Type").startswith("application/xml"), f"{path} type")
        x = r.xml()
        eq(x.tag, "page", path)
        ok(x.find("actions") is not None, f"{path} has actions")
    r = c.get("/start", headers={"Accept": "application/xml"})
    eq(r.xml().get("view"), "start", "Accept header")
    r = Client().get("/login?format=xml")
    eq(r.xml().get("view"), "login", "login")


def test_html_is_exactly_the_xslt_of_the_xml():
    c = logged_in("lise.ahmadi")
    for path in ["/start", "/profile"]:
        xml = c.get(path + "?format=xml").body
        html = c.get(path).text
        out = subprocess.run(["xsltproc", f"{ROOT}/xslt/page.xsl", "-"], input=xml,
                             capture_output=True, check=True).stdout.decode()
        eq(html, "<!DOCTYPE html>\n" + out, f"{path}: worker HTML vs xsltproc")


def test_views_list_the_actions_the_user_may_take():
    c = logged_in("ola.berg")
    x = c.get("/start?format=xml").xml()
    names = sorted(a.get("name") for a in x.findall("actions/action"))
    eq(names, ["logout", "logs", "profile"], "start actions")
    x = Client().get("/login?format=xml").xml()
    eq([a.get("name") for a in x.findall("actions/action")], ["login", "family-login"], "login actions")


# ---------------------------------------------------------------- bad input

def test_bad_input_gets_clear_status():
    c = logged_in("ola.berg")
    eq(c.get("/start?x=%zz").status, 400, "bad escape")
    eq(c.get("/start?x=%C3%28").status, 400, "bad UTF-8")
    eq(c.get("/no/such/page").status, 404, "unknown path")
    r = c.get("/logout")
    eq(r.status, 405, "wrong method")
    eq(r.header("Allow"), "POST", "Allow")
    tok = c.csrf("/profile")
    r = c.request("POST", "/profile", body=b'{"phone": "1"}', headers={"Content-Type": "application/json"})
    eq(r.status, 415, "unsupported type")
    many = "&".join(f"f{i}=1" for i in range(500)) + f"&_csrf={tok}"
    r = c.request("POST", "/profile", body=many.encode(),
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    eq(r.status, 413, "too many fields")
    r = c.request("POST", "/profile", body=b"a=%zz",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    eq(r.status, 400, "malformed body")
    big = b"phone=" + b"1" * (13 * 1024 * 1024)
    r = c.request("POST", "/profile", body=big,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    eq(r.status, 413, "body too large")
    eq(c.get("/start").status, 200, "still serving")


def test_multipart_form_is_accepted():
    c = logged_in("ase.ovrebo")
    tok = c.csrf("/profile")
    b = "----sl" + "x" * 10
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{tok}\r\n"
            f"--{b}\r\nContent-Disposition: form-data; name=\"phone\"\r\n\r\n400 11 222\r\n"
            f"--{b}\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nnb\r\n"
            f"--{b}--\r\n").encode()
    r = c.request("POST", "/profile", body=body,
                  headers={"Content-Type": f"multipart/form-data; boundary={b}"})
    eq(r.status, 303, "saved")
    eq(sql("SELECT phone FROM staff WHERE uid = 'ase.ovrebo'"), [["400 11 222"]], "stored")
    r = c.request("POST", "/profile", body=body[:-10],
                  headers={"Content-Type": f"multipart/form-data; boundary={b}"})
    eq(r.status, 400, "truncated multipart")


# ---------------------------------------------------------------- failures

def test_directory_down_gives_503_and_nobody_gets_in():
    script("ldap", "stop")
    try:
        c = Client()
        r = c.login("ola.berg")
        eq(r.status, 503, "status")
        ok("sl_session" not in c.cookies, "nobody gets in")
        c2 = Client()
        tok = c2.csrf("/login")
        r = c2.post("/login", {"username": "ola.berg", "password": PASSWORD, "_csrf": tok},
                    headers={"Accept": "application/xml"})
        eq(r.status, 503, "xml status")
        ok(r.xml().find("content/login/directory-down") is not None, "says the directory is down")
    finally:
        script("ldap", "start")
    # Known to be down, logins are refused until the probe (every
    # ldap_probe_interval, 1 s here) sees the directory back.
    ok(wait_for(lambda: Client().login("ola.berg").status == 303, 5, 0.3), "back after restart")


def test_database_down_503_then_recovers_without_restart():
    c = logged_in("kari.holm")
    before = worker_pids()
    script("db", "stop")
    try:
        r = c.get("/start")
        eq(r.status, 503, "database down")
        ok("text/html" in r.header("Content-Type"), "a page, not a crash")
        eq(Client().get("/login").status, 503, "login page too")
    finally:
        script("db", "start")
    r = wait_for(lambda: c.get("/start").status == 200, 15)
    ok(r, "serves again")
    eq(worker_pids(), before, "same workers")


def test_killed_worker_is_replaced():
    before = worker_pids()
    ok(len(before) >= 2, f"workers: {before}")
    os.kill(before[0], signal.SIGKILL)
    after = wait_for(lambda: (lambda p: p if len(p) == len(before) and before[0] not in p else None)(worker_pids()), 10)
    ok(after, f"replaced: {worker_pids()}")
    c = logged_in("ola.berg")
    for _ in range(10):
        eq(c.get("/start").status, 200, "serving")


def test_sighup_reloads_without_dropping_requests():
    c = logged_in("ola.berg")
    before = worker_pids()
    statuses = []
    os.kill(master_pid(), signal.SIGHUP)
    end = time.time() + 2
    while time.time() < end:
        statuses.append(c.get("/start").status)
    eq(set(statuses), {200}, "every request answered")
    after = wait_for(lambda: (lambda p: p if p and not set(p) & set(before) else None)(worker_pids()), 15)
    ok(after, f"workers replaced: {before} -> {worker_pids()}")


