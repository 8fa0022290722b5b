"""Issue 14: every security event writes exactly its audit row.

Action by action, the rows the request added to the append-only table
`audit` are counted: exactly one row of that action, with the right
uid, log and object, and the content row it names really exists.  A
refused request (403/404/409/422) writes neither a content row nor the
action's audit row.  The ids of what was written are taken from the
audit row's object (never from MAX(id)), so a missing row fails at once.

The tests run in order and share the state below."""

import datetime
import urllib.parse

from lib import *  # noqa: F401,F403
import test_family

A = {}
TODAY = datetime.date.today()
LATER = (TODAY + datetime.timedelta(days=30)).isoformat()
KID = synthetic_nin(17, 6, 2020, 950)
MOTHER = synthetic_nin(18, 6, 1988, 950)
NOBODY = synthetic_nin(19, 6, 1979, 950)     # a person without any log


def count(q):
    return int(sql(q)[0][0])


def mark():
    """The last audit row's id: rows written after it belong to the next request."""
    return count("SELECT COALESCE(MAX(id), 0) FROM audit")


def rows_since(a0, action):
    return sql(f"SELECT IFNULL(uid, '-'), IFNULL(log_id, 0), IFNULL(object, '-') FROM audit"
               f" WHERE id > {a0} AND action = '{action}' ORDER BY id")


def one(a0, action, uid, log_id=0, obj=None, what=""):
    """Exactly one `action` row since a0, by uid, on log_id; returns its object.
    obj: the exact object, or a prefix ending in ':' (the id follows)."""
    rows = rows_since(a0, action)
    eq(len(rows), 1, f"{what}: exactly one '{action}' audit row (got {rows})")
    r_uid, r_log, r_obj = rows[0]
    eq(r_uid, uid, f"{what}: uid of '{action}'")
    eq(int(r_log), log_id, f"{what}: log of '{action}'")
    if obj is not None:
        if obj.endswith(":"):
            ok(r_obj.startswith(obj) and r_obj[len(obj):].isdigit(), f"{what}: object {r_obj!r} is {obj}<id>")
        else:
            eq(r_obj, obj, f"{what}: object of '{action}'")
    return r_obj


def obj_id(o):
    return int(o.rsplit(":", 1)[1])


def none_since(a0, action, what):
    eq(rows_since(a0, action), [], f"{what}: no '{action}' audit row")


def refused(client_call, status, action, table, what):
    """A refused request: its status, no content row in table, no audit row."""
    n = count(f"SELECT COUNT(*) FROM {table}") if table else 0
    a0 = mark()
    r = client_call()
    eq(r.status, status, what)
    none_since(a0, action, what)
    if table:
        eq(count(f"SELECT COUNT(*) FROM {table}"), n, f"{what}: nothing written to {table}")
    return r


def reset_throttle():
    sql("DELETE FROM login_failure")


def test_audit_01_setup():
    reset_throttle()
    # Earlier modules took permissions away: everyone here holds and acts.
    sql("DELETE FROM staff_permission WHERE uid IN ('ola.berg', 'ingrid.dahl', 'jonas.moe')")
    for u in ["ola.berg", "ingrid.dahl", "jonas.moe", "kari.holm", "even.nilsen", "per.lund"]:
        A[u] = logged_in(u)


# ---------------------------------------------------------------- identity

def test_audit_02_login_logout_and_failures():
    reset_throttle()
    a0 = mark()
    c = logged_in("per.lund")
    one(a0, "login", "per.lund", 0, "per.lund", "login")
    none_since(a0, "login-failed", "login")
    tok = c.csrf("/start")
    a0 = mark()
    eq(c.post("/logout", {"_csrf": tok}).status, 303, "logout")
    one(a0, "logout", "per.lund", 0, "per.lund", "logout")
    # A wrong password: one login-failed, no login.
    a0 = mark()
    eq(Client().login("per.lund", "wrong-password").status, 422, "wrong password")
    one(a0, "login-failed", "-", 0, "per.lund", "wrong password")
    none_since(a0, "login", "wrong password")
    # An unknown user name: the same row (the name typed as object).
    a0 = mark()
    eq(Client().login("no.such.person", "wrong-password").status, 422, "unknown user")
    one(a0, "login-failed", "-", 0, "no.such.person", "unknown user")
    # A refused login without the pre-login token is no login attempt.
    a0 = mark()
    c = Client()
    c.get("/login")
    eq(c.post("/login", {"username": "per.lund", "password": PASSWORD}).status, 403, "no token")
    none_since(a0, "login", "no token")
    reset_throttle()


def test_audit_03_throttled_login():
    reset_throttle()
    for i in range(5):
        a0 = mark()
        eq(Client().login("jonas.moe", f"wrong-{i}").status, 422, f"failure {i}")
        one(a0, "login-failed", "-", 0, "jonas.moe", f"failure {i}")
        none_since(a0, "login-throttled", f"failure {i}")
    a0 = mark()
    c = Client()
    eq(c.login("jonas.moe").status, 429, "throttled even with the right password")
    one(a0, "login-throttled", "-", 0, "jonas.moe", "throttled")
    none_since(a0, "login", "throttled")
    none_since(a0, "login-failed", "throttled")
    ok("sl_session" not in c.cookies, "no session")
    reset_throttle()


def test_audit_04_profile_update():
    c = A["per.lund"]
    tok = c.csrf("/profile")
    a0 = mark()
    eq(c.post("/profile", {"phone": "+47 400 11 222", "lang": "nb", "_csrf": tok}).status, 303, "saved")
    one(a0, "profile-update", "per.lund", 0, "per.lund", "profile")
    refused(lambda: c.post("/profile", {"phone": "<x>", "lang": "xx", "_csrf": tok}), 422,
            "profile-update", None, "invalid profile")
    refused(lambda: c.post("/profile", {"phone": "1", "lang": "nb", "_csrf": "0" * 64}), 403,
            "profile-update", None, "bad token")
    eq(sql("SELECT phone FROM staff WHERE uid = 'per.lund'"), [["+47 400 11 222"]], "only the valid one stored")


# ---------------------------------------------------------------- leaders and admins

def test_audit_05_permission_change():
    k, o = A["kari.holm"], A["ola.berg"]
    tok = k.csrf("/staff?unit=solbakken-barnehage")
    a0 = mark()
    eq(k.post("/staff", {"_csrf": tok, "unit": "solbakken-barnehage", "uid": "ola.berg", "may-act": "1"}).status,
       303, "ola may no longer hold logs")
    one(a0, "set-permissions", "kari.holm", 0, "ola.berg", "permission change")
    eq(sql("SELECT may_hold, may_act FROM staff_permission WHERE uid = 'ola.berg'"), [["0", "1"]], "stored")
    a0 = mark()
    eq(k.post("/staff", {"_csrf": tok, "unit": "solbakken-barnehage", "uid": "ola.berg", "may-hold": "1",
                         "may-act": "1"}).status, 303, "restored")
    one(a0, "set-permissions", "kari.holm", 0, "ola.berg", "restored")
    # Refused: not a leader, not her unit, not an employee, bad token.
    tok_o = o.csrf("/start")
    refused(lambda: o.post("/staff", {"_csrf": tok_o, "unit": "solbakken-barnehage", "uid": "ola.berg"}),
            403, "set-permissions", "staff_permission", "not a leader")
    refused(lambda: k.post("/staff", {"_csrf": tok, "unit": "fjordvik-skole", "uid": "ingrid.dahl",
                                      "may-act": "1"}), 403, "set-permissions", "staff_permission", "not her unit")
    refused(lambda: k.post("/staff", {"_csrf": tok, "unit": "solbakken-barnehage", "uid": "ingrid.dahl"}),
            404, "set-permissions", "staff_permission", "not an employee")
    refused(lambda: k.post("/staff", {"_csrf": "0" * 64, "unit": "solbakken-barnehage", "uid": "ola.berg"}),
            403, "set-permissions", "staff_permission", "bad token")
    eq(sql("SELECT may_hold, may_act FROM staff_permission WHERE uid = 'ola.berg'"), [["1", "1"]], "unchanged")


def test_audit_06_category_add_and_edit():
    e, o = A["even.nilsen"], A["ola.berg"]
    tok = e.csrf("/admin/categories")
    a0 = mark()
    eq(e.post("/admin/categories", {"_csrf": tok, "name": "Revisjonstest", "sort": "97"}).status, 303, "added")
    one(a0, "add-category", "even.nilsen", 0, "Revisjonstest", "add category")
    kid = sql("SELECT id FROM category WHERE name = 'Revisjonstest'")[0][0]
    a0 = mark()
    eq(e.post(f"/admin/categories/{kid}", {"_csrf": tok, "name": "Revisjonstest 2", "sort": "97",
                                           "active": "1"}).status, 303, "edited")
    one(a0, "edit-category", "even.nilsen", 0, f"category:{kid}", "edit category")
    refused(lambda: e.post("/admin/categories", {"_csrf": tok, "name": "Språk", "sort": "5"}), 422,
            "add-category", "category", "duplicate name")
    tok_o = o.csrf("/start")
    refused(lambda: o.post("/admin/categories", {"_csrf": tok_o, "name": "Hack", "sort": "1"}), 403,
            "add-category", "category", "staff cannot add")
    a0 = mark()
    eq(o.post(f"/admin/categories/{kid}", {"_csrf": tok_o, "name": "Hack", "sort": "1"}).status, 403,
       "staff cannot edit")
    none_since(a0, "edit-category", "staff cannot edit")
    eq(sql(f"SELECT name FROM category WHERE id = {kid}"), [["Revisjonstest 2"]], "unchanged")


# ---------------------------------------------------------------- a log

def test_audit_07_create_log():
    o = A["ola.berg"]
    tok = o.csrf("/logs/new")
    form = {"nin": KID, "child-name": "Revisor Testesen", "address": "", "unit": "solbakken-barnehage",
            "level": "2", "guardian1-name": "Mor Revisor", "guardian1-nin": MOTHER, "guardian1-email": "",
            "guardian1-phone": "", "guardian2-name": "", "guardian2-email": "", "guardian2-phone": "",
            "consent-by": "guardians", "consent-by-name": "Mor Revisor", "consent-date": TODAY.isoformat(),
            "consent-scope": "Barnehagen", "_csrf": tok}
    refused(lambda: o.post_multipart("/logs", dict(form, **{"consent-by": "youth"}), xml=True), 422,
            "create-log", "log", "a 5-year-old cannot consent")
    refused(lambda: A["even.nilsen"].post_multipart("/logs", dict(form, _csrf=A["even.nilsen"].csrf("/start"))),
            403, "create-log", "log", "no unit")
    a0 = mark()
    r = o.post_multipart("/logs", form)
    eq(r.status, 303, "created")
    log = int(r.header("Location").rsplit("/", 1)[1])
    one(a0, "create-log", "ola.berg", log, None, "create log")
    eq(sql(f"SELECT holder_uid FROM log WHERE id = {log}"), [["ola.berg"]], "the log")
    A["log"], A["path"] = log, f"/logs/{log}"


def test_audit_08_view_log_and_list():
    o, p = A["ola.berg"], A["per.lund"]
    a0 = mark()
    eq(o.get(A["path"]).status, 200, "holder reads")
    one(a0, "view-log", "ola.berg", A["log"], None, "view log")
    a0 = mark()
    eq(o.get(A["path"] + "?format=xml").status, 200, "holder reads the XML")
    one(a0, "view-log", "ola.berg", A["log"], None, "view log as XML")
    a0 = mark()
    eq(o.get("/logs").status, 200, "list")
    one(a0, "list-logs", "ola.berg", 0, None, "list of logs")
    a0 = mark()
    eq(p.get(A["path"]).status, 404, "a stranger")
    eq(p.get(A["path"] + "?format=xml").status, 404, "a stranger, XML")
    none_since(a0, "view-log", "a stranger reads nothing")


def test_audit_09_concerns():
    o, i, k = A["ola.berg"], A["ingrid.dahl"], A["kari.holm"]
    path = A["path"]
    tok = o.csrf(path)
    refused(lambda: o.post(path + "/concerns", {"_csrf": tok, "category": "2", "description": "Uten mål."}),
            422, "add-concern", "concern", "goal missing")
    refused(lambda: k.post(path + "/concerns", {"_csrf": k.csrf("/start"), "category": "2", "description": "x",
                                                "goal": "y"}), 403, "add-concern", "concern", "leader")
    refused(lambda: i.post(path + "/concerns", {"_csrf": i.csrf("/start"), "category": "2", "description": "x",
                                                "goal": "y"}), 404, "add-concern", "concern", "stranger")
    a0 = mark()
    eq(o.post(path + "/concerns", {"_csrf": tok, "category": "2", "description": "Snakker lite.",
                                   "goal": "Snakker i samling."}).status, 303, "concern")
    cid = obj_id(one(a0, "add-concern", "ola.berg", A["log"], "concern:", "add concern"))
    eq(sql(f"SELECT log_id FROM concern WHERE id = {cid}"), [[str(A["log"])]], "the concern")
    A["concern"] = cid
    a0 = mark()
    eq(o.post(f"/concerns/{cid}", {"_csrf": tok, "category": "2", "description": "Snakker lite i barnehagen.",
                                   "goal": "Snakker i samling.", "status": "active"}).status, 303, "edited")
    one(a0, "edit-concern", "ola.berg", A["log"], f"concern:{cid}", "edit concern")
    refused(lambda: o.post(f"/concerns/{cid}", {"_csrf": tok, "category": "2", "description": "",
                                                "goal": "y", "status": "active"}),
            422, "edit-concern", None, "description missing")
    eq(sql(f"SELECT description FROM concern WHERE id = {cid}"), [["Snakker lite i barnehagen."]], "unchanged")


def test_audit_10_measures():
    o = A["ola.berg"]
    cid = A["concern"]
    tok = o.csrf(A["path"])
    f = {"_csrf": tok, "text": "Språkgruppe to ganger i uka.", "kind": "service", "actor": "",
         "actor-other": "ingrid.dahl", "steps": "Finne gruppe\nStarte", "start": TODAY.isoformat(),
         "evaluate-by": LATER}
    refused(lambda: o.post(f"/concerns/{cid}/measures", dict(f, **{"evaluate-by": TODAY.isoformat()})), 422,
            "add-measure", "measure", "evaluate before start")
    a0 = mark()
    eq(o.post(f"/concerns/{cid}/measures", f).status, 303, "measure")
    mid = obj_id(one(a0, "add-measure", "ola.berg", A["log"], "measure:", "add measure"))
    eq(sql(f"SELECT actor_uid FROM measure WHERE id = {mid}"), [["ingrid.dahl"]], "the measure")
    eq(count(f"SELECT COUNT(*) FROM measure_step WHERE measure_id = {mid}"), 2, "its steps")
    refused(lambda: o.post(f"/concerns/{cid}/measures", f), 422, "add-measure", "measure", "actor taken")
    A["measure"] = mid
    a0 = mark()
    eq(o.post(f"/measures/{mid}", {"_csrf": tok, "text": "Språkgruppe tre ganger i uka."}).status, 303, "edited")
    one(a0, "edit-measure", "ola.berg", A["log"], f"measure:{mid}", "edit measure")
    # A second measure, evaluated; and the first one corrected.
    a0 = mark()
    eq(o.post(f"/concerns/{cid}/measures", dict(f, kind="child", actor="child", steps="",
                                                 **{"actor-other": ""})).status, 303, "child measure")
    m2 = obj_id(one(a0, "add-measure", "ola.berg", A["log"], "measure:", "add child measure"))
    a0 = mark()
    eq(o.post(f"/measures/{m2}/evaluation", {"_csrf": tok, "effective": "1", "family-view": "Greit.",
                                             "decision": "continue"}).status, 303, "evaluated")
    one(a0, "evaluate-measure", "ola.berg", A["log"], f"measure:{m2}", "evaluation")
    eq(count(f"SELECT COUNT(*) FROM evaluation WHERE measure_id = {m2}"), 1, "the evaluation")
    refused(lambda: o.post(f"/measures/{m2}/evaluation", {"_csrf": tok, "effective": "0", "family-view": "x",
                                                          "decision": "end"}),
            409, "evaluate-measure", "evaluation", "only once")
    a0 = mark()
    eq(o.post(f"/measures/{mid}/correction", {"_csrf": tok, "actor": "", "actor-other": "jonas.moe",
                                              "text": "Språkgruppe hos PPT.", "evaluate-by": LATER}).status,
       303, "corrected")
    one(a0, "correct-measure", "ola.berg", A["log"], f"measure:{mid}", "correction")
    eq(sql(f"SELECT status FROM measure WHERE id = {mid}"), [["corrected"]], "closed")
    eq(count(f"SELECT COUNT(*) FROM measure WHERE replaces_id = {mid}"), 1, "its replacement")
    refused(lambda: o.post(f"/measures/{mid}/correction", {"_csrf": tok, "actor": "child", "text": "x",
                                                           "evaluate-by": LATER}),
            403, "correct-measure", "measure", "a corrected measure cannot change")


def test_audit_11_bright_spots_notes_attachments():
    o, i, k = A["ola.berg"], A["ingrid.dahl"], A["kari.holm"]
    path = A["path"]
    tok = o.csrf(path)
    a0 = mark()
    eq(o.post(path + "/bright-spots", {"_csrf": tok, "text": "Fin dag."}).status, 303, "bright spot")
    bid = obj_id(one(a0, "add-bright-spot", "ola.berg", A["log"], "bright-spot:", "add bright spot"))
    eq(sql(f"SELECT author_uid FROM bright_spot WHERE id = {bid}"), [["ola.berg"]], "the bright spot")
    a0 = mark()
    eq(o.post(f"/bright-spots/{bid}", {"_csrf": tok, "text": "Fin dag på tur."}).status, 303, "edited")
    one(a0, "edit-bright-spot", "ola.berg", A["log"], f"bright-spot:{bid}", "edit bright spot")
    refused(lambda: k.post(path + "/bright-spots", {"_csrf": k.csrf("/start"), "text": "x"}), 403,
            "add-bright-spot", "bright_spot", "leader")
    refused(lambda: o.post(path + "/bright-spots", {"_csrf": tok, "text": ""}), 422,
            "add-bright-spot", "bright_spot", "empty")
    a0 = mark()
    j = A["jonas.moe"]               # an actor of the log since the correction
    eq(j.post(f"/bright-spots/{bid}", {"_csrf": j.csrf("/start"), "text": "endret"}).status, 403,
       "not the author")
    none_since(a0, "edit-bright-spot", "not the author")
    eq(sql(f"SELECT text FROM bright_spot WHERE id = {bid}"), [["Fin dag på tur."]], "unchanged")
    # A note with a PDF, then its download.
    a0 = mark()
    r = o.post_multipart(path + "/notes", {"_csrf": tok, "text": "Rapport."},
                         {"attachment": ("rapport.pdf", "application/pdf", PDF)})
    eq(r.status, 303, "note")
    nid = obj_id(one(a0, "add-note", "ola.berg", A["log"], "note:", "add note"))
    att = sql(f"SELECT attachment_id FROM note WHERE id = {nid}")[0][0]
    ok(att.isdigit(), f"the note has its attachment ({att})")
    a0 = mark()
    eq(o.post_multipart(path + "/notes", {"_csrf": tok, "text": "Privat.", "private": "1"}).status, 303,
       "private note")
    one(a0, "add-note", "ola.berg", A["log"], "note:", "add private note")
    refused(lambda: o.post_multipart(path + "/notes", {"_csrf": tok, "text": "x"},
                                     {"attachment": ("x.pdf", "application/pdf", b"not a pdf")}, xml=True),
            422, "add-note", "note", "not a PDF")
    refused(lambda: k.post_multipart(path + "/notes", {"_csrf": k.csrf("/start"), "text": "x"}), 403,
            "add-note", "note", "leader")
    a0 = mark()
    r = o.get(f"/attachments/{att}")
    eq(r.status, 200, "download")
    eq(r.body, PDF, "the bytes")
    one(a0, "read-attachment", "ola.berg", A["log"], f"attachment:{att}", "read attachment")
    a0 = mark()
    eq(A["per.lund"].get(f"/attachments/{att}").status, 404, "a stranger")
    none_since(a0, "read-attachment", "a stranger")


def test_audit_12_meeting_and_meeting_mode():
    o = A["ola.berg"]
    path = A["path"]
    tok = o.csrf(path)
    mf = {"_csrf": tok, "at-date": TODAY.isoformat(), "at-time": "10:15", "place": "Møterom",
          "participants": "Mor, Ola"}
    refused(lambda: o.post(path + "/meetings", dict(mf, **{"at-time": "25:00"})), 422, "add-meeting",
            "meeting", "bad time")
    a0 = mark()
    eq(o.post(path + "/meetings", mf).status, 303, "meeting")
    mid = obj_id(one(a0, "add-meeting", "ola.berg", A["log"], "meeting:", "add meeting"))
    eq(sql(f"SELECT log_id FROM meeting WHERE id = {mid}"), [[str(A["log"])]], "the meeting")
    reset_throttle()
    a0 = mark()
    eq(o.post(path + "/meeting-mode", {"_csrf": tok}).status, 303, "meeting mode on")
    one(a0, "meeting-mode-on", "ola.berg", A["log"], None, "meeting mode on")
    a0 = mark()
    eq(o.post("/meeting-mode/leave", {"_csrf": tok, "password": "wrong"}).status, 422, "wrong password")
    one(a0, "meeting-mode-leave-failed", "ola.berg", A["log"], None, "leave failed")
    none_since(a0, "meeting-mode-off", "leave failed")
    eq(o.get("/start").status, 403, "still locked")
    a0 = mark()
    eq(o.post("/meeting-mode/leave", {"_csrf": tok, "password": PASSWORD}).status, 303, "left")
    one(a0, "meeting-mode-off", "ola.berg", A["log"], None, "meeting mode off")
    none_since(a0, "meeting-mode-leave-failed", "left")
    reset_throttle()


def test_audit_13_grants():
    o, j = A["ola.berg"], A["jonas.moe"]
    path = A["path"]
    tok = o.csrf(path)
    g = {"_csrf": tok, "uid": "ingrid.dahl", "scope": "categories", "history": "all", "expires": LATER}
    refused(lambda: o.post(path + "/grants", g), 422, "add-grant", "read_grant", "categories missing")
    refused(lambda: A["kari.holm"].post(path + "/grants", dict(g, _csrf=A["kari.holm"].csrf("/start"),
                                                               categories="2")),
            403, "add-grant", "read_grant", "leader")
    a0 = mark()
    eq(o.post(path + "/grants", dict(g, categories="2")).status, 303, "grant")
    gid = obj_id(one(a0, "add-grant", "ola.berg", A["log"], "grant:", "add grant"))
    eq(sql(f"SELECT uid FROM read_grant WHERE id = {gid}"), [["ingrid.dahl"]], "the grant")
    a0 = mark()
    eq(j.post(f"/grants/{gid}/revoke", {"_csrf": j.csrf("/start")}).status, 403, "an actor may not")
    eq(A["per.lund"].post(f"/grants/{gid}/revoke", {"_csrf": A["per.lund"].csrf("/start")}).status, 404,
       "a stranger")
    none_since(a0, "revoke-grant", "refused revokes")
    eq(count(f"SELECT COUNT(*) FROM read_grant WHERE id = {gid} AND revoked_at IS NULL"), 1, "still valid")
    a0 = mark()
    eq(o.post(f"/grants/{gid}/revoke", {"_csrf": tok}).status, 303, "revoked")
    one(a0, "revoke-grant", "ola.berg", A["log"], f"grant:{gid}", "revoke grant")


# ---------------------------------------------------------------- families

def test_audit_14_family_login_and_failures():
    a0 = mark()
    c, r, _ = test_family.family_login(MOTHER)
    eq(r.status, 303, "mother logs in")
    one(a0, "family-login", f"family:{MOTHER}", 0, None, "family login")
    none_since(a0, "family-login-failed", "family login")
    A["mother"] = c
    eq(c.get("/logs").status, 200, "her logs")
    for bad in ["bad-sig", "wrong-nonce"]:
        a0 = mark()
        c2, r, _ = test_family.family_login(MOTHER, bad=bad)
        eq(r.status, 403, f"token {bad}")
        one(a0, "family-login-failed", "-", 0, None, f"token {bad}")
        none_since(a0, "family-login", f"token {bad}")
        ok("sl_session" not in c2.cookies, "no session")
    a0 = mark()
    c2, r, _ = test_family.family_login(NOBODY)
    eq(r.status, 403, "a person without a log")
    one(a0, "family-login-no-log", "-", 0, None, "no log")
    none_since(a0, "family-login", "no log")


def test_audit_15_withdraw_consent():
    c = A["mother"]
    path = A["path"]
    tok = c.csrf(path)
    refused(lambda: c.post(path + "/withdraw-consent", {"_csrf": "0" * 64}), 403, "withdraw-consent", None,
            "bad token")
    refused(lambda: A["per.lund"].post(path + "/withdraw-consent", {"_csrf": A["per.lund"].csrf("/start")}),
            404, "withdraw-consent", None, "staff stranger")
    eq(sql(f"SELECT status FROM log WHERE id = {A['log']}"), [["active"]], "still active")
    a0 = mark()
    eq(c.post(path + "/withdraw-consent", {"_csrf": tok}).status, 303, "withdrawn")
    one(a0, "withdraw-consent", f"family:{MOTHER}", A["log"], None, "withdraw consent")
    eq(sql(f"SELECT status FROM log WHERE id = {A['log']}"), [["passive"]], "passive")


def test_audit_16_the_audit_is_append_only_for_the_workers():
    # Rows once written stay: the workers' account may not change them
    # (checked in test_trust_policy as that account); here, that every
    # row of this module is still there at the end.
    ok(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {A['log']}") >= 20, "the log's trail")
