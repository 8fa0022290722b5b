"""The whole story of one child, through nginx: a log with consent, a
concern, three measures, an actor who sees only their concern, a read
grant that expires, bright spots, a note with a PDF, an evaluation, a
wrongly-registered correction, meeting mode - and every refused attempt
on the way, checking in the database that nothing changed.

The tests run in order and share the state below."""

import datetime

from lib import *  # noqa: F401,F403

S = {}          # shared state: clients, ids
TODAY = datetime.date.today()
KID = synthetic_nin(3, 5, 2021)                 # 5 years old
KID_XML_NAME = "Tiril <Testesen> & co"          # must come back escaped
TEEN = synthetic_nin(4, 2, TODAY.year - 17, 600)  # 17 years old


def count(sql_text):
    return int(sql(sql_text)[0][0])


def xml_of(client, path):
    r = client.get(path + ("&" if "?" in path else "?") + "format=xml")
    eq(r.status, 200, f"GET {path}")
    return r.xml()


def field_errors(resp, action, for_=None):
    x = resp.xml()
    sel = f"actions/action[@name='{action}']" + (f"[@for='{for_}']" if for_ else "")
    a = x.find(sel)
    return sorted((e.get("field"), e.get("key")) for e in a.findall("error"))


def log_form(**over):
    f = {"nin": KID, "child-name": KID_XML_NAME, "address": "Fjordveien 1\n9999 Fjordvik",
         "unit": "solbakken-barnehage", "level": "2",
         "guardian1-name": "Mor Testesen", "guardian1-email": "mor@example.org",
         "guardian1-phone": "400 00 001", "guardian2-name": "", "guardian2-email": "",
         "guardian2-phone": "", "consent-by": "guardians", "consent-by-name": "Mor Testesen",
         "consent-date": TODAY.isoformat(), "consent-scope": "Barnehagen og helsestasjonen",
         "consent-expires": (TODAY + datetime.timedelta(days=365)).isoformat()}
    f.update(over)
    return f


def test_story_01_staff_log_in():
    # Actors must have logged in once to be known to the system.
    for u in ["ola.berg", "ingrid.dahl", "jonas.moe", "kari.holm", "ase.ovrebo", "even.nilsen"]:
        S[u] = logged_in(u)


def test_story_02_create_log_refusals_write_nothing():
    c = S["ola.berg"]
    tok = c.csrf("/logs/new")
    before = count("SELECT COUNT(*) FROM log")
    files_before = count("SELECT COUNT(*) FROM attachment")
    r = c.post_multipart("/logs", dict(log_form(nin=KID[:-1] + str((int(KID[-1]) + 1) % 10)), _csrf=tok), xml=True)
    eq(r.status, 422, "wrong check digit")
    errs = r.xml().findall("actions/action[@name='create-log']/error[@field='nin']")
    eq(errs[0].get("key"), "field.nin.invalid", "nin error")
    ok("check digit" in errs[0].get("detail"), f"says why: {errs[0].get('detail')}")
    r = c.post_multipart("/logs", dict(log_form(nin="31029912345"), _csrf=tok), xml=True)
    eq(r.status, 422, "impossible date")
    r = c.post_multipart("/logs", dict(log_form(**{"guardian1-name": "", "guardian1-email": "",
                                                   "guardian1-phone": ""}), _csrf=tok), xml=True)
    eq(field_errors(r, "create-log"), [("guardian1-name", "field.guardian.required")], "guardian required")
    r = c.post_multipart("/logs", dict(log_form(**{"consent-by": "youth"}), _csrf=tok), xml=True)
    eq(field_errors(r, "create-log"), [("consent-by", "field.consent.guardians-required")], "5-year-old")
    r = c.post_multipart("/logs", dict(log_form(unit="fjordvik-skole"), _csrf=tok), xml=True)
    eq(field_errors(r, "create-log"), [("unit", "field.invalid")], "not my unit")
    r = c.post_multipart("/logs", dict(log_form(), _csrf=tok),
                         {"consent-file": ("samtykke.pdf", "application/pdf", b"GIF89a not a pdf")}, xml=True)
    eq(field_errors(r, "create-log"), [("consent-file", "field.attachment.not-pdf")], "not a PDF")
    r = c.post_multipart("/logs", dict(log_form(), _csrf="0" * 64))
    eq(r.status, 403, "bad token")
    # Someone with no unit may not create logs at all.
    e = S["even.nilsen"]
    eq(e.get("/logs/new").status, 403, "no unit: no form")
    r = e.post_multipart("/logs", dict(log_form(), _csrf=e.csrf("/logs")))
    eq(r.status, 403, "no unit: refused")
    eq(count("SELECT COUNT(*) FROM log"), before, "nothing written")
    eq(count("SELECT COUNT(*) FROM attachment"), files_before, "no files")


def test_story_03_create_log_with_consent_and_pdf():
    c = S["ola.berg"]
    tok = c.csrf("/logs/new")
    r = c.post_multipart("/logs", dict(log_form(), _csrf=tok),
                         {"consent-file": ("samtykke skannet.pdf", "application/pdf", PDF)})
    eq(r.status, 303, "created")
    loc = r.header("Location")
    ok(re.fullmatch(r"/logs/\d+", loc), loc)
    S["log"] = int(loc.rsplit("/", 1)[1])
    S["path"] = loc
    eq(sql(f"SELECT holder_uid, status, level, birth_date FROM log WHERE id = {S['log']}"),
       [["ola.berg", "active", "2", "2021-05-03"]], "stored, creator is holder")
    x = xml_of(c, loc)
    lg = x.find("content/log")
    eq(lg.get("role"), "holder", "role")
    eq(lg.find("child").get("name"), KID_XML_NAME, "name round trip")
    eq(lg.find("child").get("age"), str(TODAY.year - 2021 - ((TODAY.month, TODAY.day) < (5, 3))), "age from nin")
    eq(lg.find("child").get("nin"), KID, "holder sees nin")
    cons = lg.find("consents/consent")
    eq(cons.get("given-by"), "guardians", "consent")
    S["consent_pdf"] = cons.get("attachment")
    r = c.get(S["consent_pdf"])
    eq(r.status, 200, "consent PDF")
    eq(r.body, PDF, "same bytes")
    eq(r.header("Content-Type"), "application/pdf", "type")
    ok("samtykke_skannet.pdf" in r.header("Content-Disposition"), "safe file name")
    html = c.get(loc).text
    ok("Tiril &lt;Testesen&gt; &amp; co" in html, "escaped in HTML")


def test_story_04_second_active_log_refused():
    c = S["ola.berg"]
    r = c.post_multipart("/logs", dict(log_form(), _csrf=c.csrf("/logs/new")), xml=True)
    eq(field_errors(r, "create-log"), [("nin", "field.nin.active-log")], "second active log")
    eq(count(f"SELECT COUNT(*) FROM log WHERE nin = '{KID}'"), 1, "still one")


def test_story_05_youth_consents_herself():
    c = S["ola.berg"]
    tok = c.csrf("/logs/new")
    f = log_form(nin=TEEN, **{"child-name": "Ungdom Testesen", "guardian1-name": "", "guardian1-email": "",
                              "guardian1-phone": ""})
    r = c.post_multipart("/logs", dict(f, _csrf=tok), xml=True)
    eq(field_errors(r, "create-log"), [("consent-by", "field.consent.youth-required")], "17: youth must consent")
    f["consent-by"] = "youth"
    f["consent-by-name"] = "Ungdom Testesen"
    r = c.post_multipart("/logs", dict(f, _csrf=tok))
    eq(r.status, 303, "youth without guardians")
    S["teen_log"] = int(r.header("Location").rsplit("/", 1)[1])


def test_story_06_concern_and_missing_measure_warnings():
    c = S["ola.berg"]
    tok = c.csrf(S["path"])
    r = c.post_xml(S["path"] + "/concerns", {"_csrf": tok, "category": "2", "description": "",
                                              "goal": ""})
    eq(r.status, 422, "empty concern")
    eq(count(f"SELECT COUNT(*) FROM concern WHERE log_id = {S['log']}"), 0, "nothing")
    r = c.post(S["path"] + "/concerns", {"_csrf": tok, "category": "2",
                                         "description": "Tiril snakker lite i barnehagen.",
                                         "goal": "Tiril bruker tre-ords setninger i samlingsstund.",
                                         "maintaining": "Lite lesing hjemme.",
                                         "discussed-guardians": "1"})
    S["concern"] = location_id(r, "concern", "concern saved")
    x = xml_of(c, S["path"])
    cn = x.find(f"content/log/concerns/concern[@id='{S['concern']}']")
    eq(cn.get("category"), "Språk", "category")
    eq(cn.get("discussed-guardians"), "1", "discussed")
    eq(sorted(m.get("kind") for m in cn.findall("missing")), ["child", "home", "service"], "warnings")
    # Concern and goal can be changed at any time.
    r = c.post(f"/concerns/{S['concern']}", {"_csrf": tok, "category": "2",
                                             "description": "Tiril snakker lite i barnehagen.",
                                             "goal": "Tiril bruker fire-ords setninger.",
                                             "maintaining": "Lite lesing hjemme.", "status": "active",
                                             "discussed-guardians": "1", "discussed-child": "1"})
    eq(r.status, 303, "edited")
    eq(sql(f"SELECT goal, discussed_child FROM concern WHERE id = {S['concern']}"),
       [["Tiril bruker fire-ords setninger.", "1"]], "goal changed")
    # A second concern, where Ingrid has no measure.
    r = c.post(S["path"] + "/concerns", {"_csrf": tok, "category": "1",
                                         "description": "Strever med å holde blyant.",
                                         "goal": "Tiril tegner en sirkel."})
    S["concern2"] = location_id(r, "concern", "second concern saved")
    eq(sql(f"SELECT log_id, description FROM concern WHERE id = {S['concern2']}"),
       [[str(S["log"]), "Strever med å holde blyant."]], "second concern stored")


def test_story_07_three_measures_one_per_actor():
    c = S["ola.berg"]
    tok = c.csrf(S["path"])
    gid = sql(f"SELECT id FROM guardian WHERE log_id = {S['log']}")[0][0]
    S["guardian"] = gid
    start = TODAY.isoformat()
    later = (TODAY + datetime.timedelta(days=30)).isoformat()
    base = {"_csrf": tok, "start": start, "evaluate-by": later}
    url = f"/concerns/{S['concern']}/measures"
    r = c.post_xml(url, dict(base, text="Språkgruppe to ganger i uka.", kind="service",
                             actor="", steps="Lytte\nGjenta\nFortelle", **{"actor-other": "ingrid.dahl"}))
    eq(r.status, 303, "service measure")
    r = c.post_xml(url, dict(base, text="Lese bok hver kveld.", kind="home", actor=f"guardian:{gid}"))
    eq(r.status, 303, "home measure")
    r = c.post_xml(url, dict(base, text="Tiril forteller om dagen sin.", kind="child", actor="child"))
    eq(r.status, 303, "child measure")
    rows = sql(f"SELECT id, kind FROM measure WHERE concern_id = {S['concern']} ORDER BY id")
    S["m_service"], S["m_home"], S["m_child"] = [int(r[0]) for r in rows]
    eq(sql(f"SELECT pos, text FROM measure_step WHERE measure_id = {S['m_service']} ORDER BY pos"),
       [["1", "Lytte"], ["2", "Gjenta"], ["3", "Fortelle"]], "steps in order")
    # Refused: the same actor twice, a home measure held by staff, bad dates.
    n = count("SELECT COUNT(*) FROM measure")
    r = c.post_xml(url, dict(base, text="Enda et tiltak.", kind="service", actor="staff:ingrid.dahl"))
    eq(field_errors(r, "add-measure"), [("actor", "field.actor.taken")], "one active per actor")
    r = c.post_xml(url, dict(base, text="Hjemme.", kind="home", actor="staff:jonas.moe"))
    eq(field_errors(r, "add-measure"), [("actor", "field.actor.kind")], "home is the guardians'")
    r = c.post_xml(url, dict(base, text="X", kind="service", actor="staff:jonas.moe",
                             **{"evaluate-by": "2020-01-01"}))
    eq(field_errors(r, "add-measure"), [("evaluate-by", "field.date.order")], "date order")
    r = c.post_xml(url, dict(base, text="X", kind="service", actor="staff:no.such.user"))
    eq(field_errors(r, "add-measure"), [("actor", "field.invalid")], "unknown actor")
    r = c.post_xml(url, dict(base, text="X", kind="service", actor="", **{"actor-other": "nobody.here"}))
    eq(field_errors(r, "add-measure"), [("actor-other", "field.staff.unknown")], "unknown user name")
    x = r.xml()
    a = x.find(f"actions/action[@name='add-measure'][@for='concern-{S['concern']}']")
    ok(a.find("field[@name='actor-other']") is not None, "level 2: another service's staff by user name")
    eq(count("SELECT COUNT(*) FROM measure"), n, "nothing written")
    x = xml_of(c, S["path"])
    cn = x.find(f"content/log/concerns/concern[@id='{S['concern']}']")
    eq(cn.findall("missing"), [], "no warnings with service, home and child measures")
    # The forms for a concern live on pages of their own.
    link = x.find(f"actions/action[@name='add-measure'][@for='concern-{S['concern']}']")
    eq((link.get("method"), link.get("href")), ("GET", f"/concerns/{S['concern']}/measures/new"), "a link")
    eq(xml_of(c, link.get("href")).get("view"), "measure-new", "its page")
    eq(xml_of(c, f"/concerns/{S['concern']}/edit").get("view"), "concern-edit", "edit page")
    eq(S["ingrid.dahl"].get(f"/concerns/{S['concern']}/edit").status, 403, "not for the actor")
    eq(S["jonas.moe"].get(f"/concerns/{S['concern']}/measures/new").status, 404, "nor for strangers")
    eq(len(cn.findall("measure")), 3, "three measures")


def test_story_08_actor_sees_only_her_concern():
    i = S["ingrid.dahl"]
    x = xml_of(i, S["path"])
    lg = x.find("content/log")
    eq(lg.get("role"), "actor", "role")
    eq([cn.get("id") for cn in lg.findall("concerns/concern")], [str(S["concern"])], "only her concern")
    eq(lg.find("child").get("nin"), None, "no identity number")
    eq(lg.find("guardians"), None, "no guardians")
    eq(lg.find("grants"), None, "no access list")
    eq(lg.find("consents"), None, "no consents")
    raw = i.get(S["path"] + "?format=xml").text
    ok("blyant" not in raw, "the other concern's text is not in her XML")
    ok(KID not in raw, "nor the identity number")
    names = sorted(a.get("name") for a in x.findall("actions/action"))
    eq(names, ["add-bright-spot", "add-note", "logout", "logs", "print-log", "print-plan", "start"],
       "her actions (and the PDFs of what she sees)")
    # Refused writes change nothing.
    tok = i.csrf(S["path"])
    n = count(f"SELECT COUNT(*) FROM concern WHERE log_id = {S['log']}")
    eq(i.post(S["path"] + "/concerns", {"_csrf": tok, "category": "1", "description": "x",
                                        "goal": "y"}).status, 403, "actor adds concern")
    eq(i.post(f"/concerns/{S['concern']}/measures", {"_csrf": tok, "text": "x", "kind": "service",
                                                     "actor": "staff:ingrid.dahl"}).status, 403, "actor adds measure")
    eq(i.post(f"/measures/{S['m_service']}/evaluation", {"_csrf": tok, "effective": "1",
                                                         "family-view": "x", "decision": "end"}).status,
       403, "actor evaluates")
    eq(i.post(S["path"] + "/grants", {"_csrf": tok, "uid": "jonas.moe", "scope": "all",
                                      "history": "all"}).status, 403, "actor grants")
    eq(count(f"SELECT COUNT(*) FROM concern WHERE log_id = {S['log']}"), n, "no concern")
    eq(count(f"SELECT COUNT(*) FROM evaluation WHERE log_id = {S['log']}"), 0, "no evaluation")
    eq(count(f"SELECT COUNT(*) FROM read_grant WHERE log_id = {S['log']}"), 0, "no grant")
    # She may post a bright spot and a note.
    r = i.post(S["path"] + "/bright-spots", {"_csrf": tok, "text": "Tiril sa en hel setning i dag!"})
    eq(r.status, 303, "actor bright spot")
    r = i.post_multipart(S["path"] + "/notes", {"_csrf": tok, "text": "Språkgruppen gikk fint.",
                                                "concern": str(S["concern"])})
    eq(r.status, 303, "actor note")
    # But not tie a note to a concern she cannot see.
    r = i.post_multipart(S["path"] + "/notes", {"_csrf": tok, "text": "x", "concern": str(S["concern2"])},
                         xml=True)
    eq(r.status, 422, "hidden concern")


def test_story_09_strangers_get_404_and_write_nothing():
    j = S["jonas.moe"]
    eq(j.get(S["path"]).status, 404, "not visible")
    eq(j.get(S["path"] + "?format=xml").status, 404, "not visible as XML")
    eq(j.get("/logs/999999999").status, 404, "no such log")
    tok = j.csrf("/start")
    n = count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {S['log']}")
    eq(j.post(S["path"] + "/bright-spots", {"_csrf": tok, "text": "hei"}).status, 404, "bright spot")
    eq(j.post(f"/concerns/{S['concern']}", {"_csrf": tok, "category": "1", "description": "x",
                                            "goal": "y", "status": "active"}).status, 404, "edit concern")
    eq(j.get(S["consent_pdf"]).status, 404, "consent PDF")
    eq(count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {S['log']}"), n, "nothing")


def test_story_10_read_grant_with_scope_and_expiry():
    c = S["ola.berg"]
    tok = c.csrf(S["path"])
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    r = c.post_xml(S["path"] + "/grants", {"_csrf": tok, "uid": "jonas.moe", "scope": "categories",
                                           "history": "all", "expires": tomorrow})
    eq(field_errors(r, "add-grant"), [("categories", "field.required")], "categories needed")
    r = c.post(S["path"] + "/grants", {"_csrf": tok, "uid": "jonas.moe", "scope": "categories",
                                       "categories": "1", "history": "all", "expires": tomorrow})
    eq(r.status, 303, "grant")
    j = S["jonas.moe"]
    x = xml_of(j, S["path"])
    lg = x.find("content/log")
    eq(lg.get("role"), "grant", "role")
    eq([cn.get("category") for cn in lg.findall("concerns/concern")], ["Motorikk"], "only Motorikk")
    eq(lg.find("child").get("nin"), None, "no nin")
    names = sorted(a.get("name") for a in x.findall("actions/action"))
    eq(names, ["logout", "logs", "print-log", "print-plan", "start"], "a read grant only reads (and prints)")
    tok_j = j.csrf(S["path"])
    eq(j.post_multipart(S["path"] + "/notes", {"_csrf": tok_j, "text": "x"}).status, 403, "no notes")
    # The holder sees who has access.
    x = xml_of(c, S["path"])
    g = x.find("content/log/grants/grant")
    eq((g.get("uid"), g.get("scope"), g.get("expires")), ("jonas.moe", "categories", tomorrow), "listed")
    S["grant"] = int(g.get("id"))
    # Time passes: the grant expired yesterday.
    sql(f"UPDATE read_grant SET expires_at = UTC_DATE() - INTERVAL 1 DAY WHERE id = {S['grant']}")
    eq(j.get(S["path"]).status, 404, "expired grant gives nothing")
    ok(str(S["log"]) not in [lg.get("id") for lg in xml_of(j, "/logs").findall("content/logs/log")],
       "not in his list")
    sql(f"UPDATE read_grant SET expires_at = UTC_DATE() WHERE id = {S['grant']}")
    eq(j.get(S["path"]).status, 200, "valid through its last day")
    # Revoked: gone.
    eq(c.post(f"/grants/{S['grant']}/revoke", {"_csrf": tok}).status, 303, "revoke")
    eq(j.get(S["path"]).status, 404, "revoked")


def test_story_11_leader_sees_bright_spots_only():
    k = S["kari.holm"]
    x = xml_of(k, S["path"])
    lg = x.find("content/log")
    eq(lg.get("role"), "leader", "role")
    eq(lg.findall("concerns/concern"), [], "no concerns")
    ok(len(lg.findall("bright-spots/bright-spot")) >= 1, "bright spots")
    eq(lg.find("notes"), None, "no notes")
    eq(lg.find("meetings"), None, "no meetings")
    raw = k.get(S["path"] + "?format=xml").text
    ok("snakker lite" not in raw and "Språkgruppe" not in raw, "no content in the leader's XML")
    tok = k.csrf(S["path"])
    eq(k.post(S["path"] + "/bright-spots", {"_csrf": tok, "text": "x"}).status, 403, "leader posts nothing")


def test_story_12_bright_spots_edit_by_author_only():
    c, i = S["ola.berg"], S["ingrid.dahl"]
    tok = c.csrf(S["path"])
    eq(c.post(S["path"] + "/bright-spots", {"_csrf": tok, "text": "Flott dag på tur."}).status, 303, "holder")
    mine = sql(f"SELECT id FROM bright_spot WHERE log_id = {S['log']} AND author_uid = 'ingrid.dahl'")[0][0]
    eq(c.post(f"/bright-spots/{mine}", {"_csrf": tok, "text": "endret"}).status, 403, "not the author")
    tok_i = i.csrf(S["path"])
    eq(i.post(f"/bright-spots/{mine}", {"_csrf": tok_i, "text": "Tiril sa to hele setninger!"}).status,
       303, "author edits")
    eq(sql(f"SELECT text FROM bright_spot WHERE id = {mine}"), [["Tiril sa to hele setninger!"]], "edited")


def test_story_13_note_with_pdf_and_private_note():
    c, i, j = S["ola.berg"], S["ingrid.dahl"], S["jonas.moe"]
    tok = c.csrf(S["path"])
    n = count("SELECT COUNT(*) FROM note")
    r = c.post_multipart(S["path"] + "/notes", {"_csrf": tok, "text": "Rapport fra PPT.",
                                                "concern": str(S["concern"])},
                         {"attachment": ("rapport.pdf", "application/pdf", b"<html>not pdf</html>")}, xml=True)
    eq(field_errors(r, "add-note"), [("attachment", "field.attachment.not-pdf")], "must really be a PDF")
    eq(count("SELECT COUNT(*) FROM note"), n, "nothing")
    r = c.post_multipart(S["path"] + "/notes", {"_csrf": tok, "text": "Rapport fra PPT.",
                                                "concern": str(S["concern"])},
                         {"attachment": ("rapport.pdf", "application/pdf", PDF)})
    eq(r.status, 303, "note with PDF")
    r = c.post_multipart(S["path"] + "/notes", {"_csrf": tok, "text": "Min egen huskelapp.",
                                                "private": "1"})
    eq(r.status, 303, "private note")
    x = xml_of(i, S["path"])
    notes = x.findall(".//note")
    texts = [n.findtext("text") for n in notes]
    ok("Rapport fra PPT." in texts, "actor sees the note in her concern")
    ok("Min egen huskelapp." not in texts, "not the private one")
    att = [n.get("attachment") for n in notes if n.findtext("text") == "Rapport fra PPT."][0]
    eq(i.get(att).body, PDF, "actor downloads the PDF")
    xh = xml_of(c, S["path"])
    ok("Min egen huskelapp." in [n.findtext("text") for n in xh.findall(".//note")], "author sees private")
    # A grant for the other category does not reach this file.
    tok_c = c.csrf(S["path"])
    q = f"SELECT id FROM read_grant WHERE log_id = {S['log']} AND uid = 'jonas.moe'"
    before = ids(q)
    eq(c.post(S["path"] + "/grants", {"_csrf": tok_c, "uid": "jonas.moe", "scope": "categories",
                                      "categories": "1", "history": "all"}).status, 303, "grant for Motorikk")
    g = added_id(q, before, "grant for Motorikk")
    eq(sql(f"SELECT g.scope, i.item_id, g.revoked_at IS NULL FROM read_grant g JOIN read_grant_item i"
           f" ON i.grant_id = g.id WHERE g.id = {g}"), [["categories", "1", "1"]], "the grant as written")
    eq(j.get(att).status, 404, "grant for Motorikk cannot read a Språk note")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {S['log']} AND action = 'read-attachment'") >= 2,
       True, "downloads audited")


def test_story_14_evaluation_once():
    c = S["ola.berg"]
    tok = c.csrf(S["path"])
    url = f"/measures/{S['m_service']}/evaluation"
    eq(c.post(url, {"_csrf": tok, "effective": "1", "family-view": "Mor ser fremgang.",
                    "decision": "continue"}).status, 303, "evaluated")
    r = c.post(url, {"_csrf": tok, "effective": "0", "family-view": "igjen", "decision": "end"})
    eq(r.status, 409, "only once")
    eq(sql(f"SELECT decision, family_view FROM evaluation WHERE measure_id = {S['m_service']}"),
       [["continue", "Mor ser fremgang."]], "first evaluation kept")
    x = xml_of(c, S["path"])
    ev = x.find(f".//measure[@id='{S['m_service']}']/evaluation")
    eq(ev.get("decision"), "continue", "shown")
    acts = [a.get("name") for a in x.findall(f"actions/action[@for='measure-{S['m_service']}']")]
    ok("evaluate" not in acts, "no evaluate action any more")


def test_story_15_wrongly_registered_correction():
    c = S["ola.berg"]
    tok = c.csrf(S["path"])
    later = (TODAY + datetime.timedelta(days=60)).isoformat()
    # The correction has its own page (the log page links to it).
    x = xml_of(c, S["path"])
    link = x.find(f"actions/action[@name='correct-measure'][@for='measure-{S['m_home']}']")
    eq((link.get("method"), link.get("href")), ("GET", f"/measures/{S['m_home']}/correction"), "a link")
    x = xml_of(c, f"/measures/{S['m_home']}/correction")
    eq(x.get("view"), "measure-correction", "its page")
    eq(x.find("actions/action[@name='correct-measure']/field[@name='actor']").get("value"),
       f"guardian:{S['guardian']}", "current actor chosen")
    eq(S["ingrid.dahl"].get(f"/measures/{S['m_home']}/correction").status, 403, "actor may not correct")
    eq(S["even.nilsen"].get(f"/measures/{S['m_home']}/correction").status, 404, "stranger")
    r = c.post_xml(f"/measures/{S['m_home']}/correction", {"_csrf": tok, "actor": "child", "text": "x",
                                                           "evaluate-by": later})
    eq(r.status, 422, "a home measure stays the guardians'")
    eq(r.xml().get("view"), "measure-correction", "shown again on its page")
    r = c.post(f"/measures/{S['m_home']}/correction", {"_csrf": tok, "actor": f"guardian:{S['guardian']}",
                                                       "text": "Lese bok hver kveld i 15 minutter.",
                                                       "evaluate-by": later})
    eq(r.status, 303, "corrected")
    rows = sql(f"SELECT id, status, replaces_id, evaluate_by FROM measure WHERE concern_id = {S['concern']}"
               f" AND kind = 'home' ORDER BY id")
    eq(len(rows), 2, "old and new kept")
    eq(rows[0][1], "corrected", "old closed")
    eq((rows[1][1], rows[1][2], rows[1][3]), ("active", str(S["m_home"]), later), "new one")
    x = xml_of(c, S["path"])
    ids = [m.get("id") for m in x.findall(f".//concern[@id='{S['concern']}']/measure")]
    ok(str(S["m_home"]) in ids and rows[1][0] in ids, "both in the history")
    eq(c.post(f"/measures/{S['m_home']}/correction", {"_csrf": tok, "actor": "child", "text": "x",
                                                      "evaluate-by": later}).status, 403, "old cannot change")


def test_story_16_measure_text_window_of_8_hours():
    c = S["ola.berg"]
    tok = c.csrf(S["path"])
    m = S["m_child"]
    eq(c.post(f"/measures/{m}", {"_csrf": tok, "text": "Tiril forteller om dagen sin ved middag."}).status,
       303, "within 8 hours")
    sql(f"UPDATE measure SET created_at = created_at - INTERVAL 9 HOUR WHERE id = {m}")
    r = c.post(f"/measures/{m}", {"_csrf": tok, "text": "For sent."})
    eq(r.status, 403, "after 8 hours")
    eq(sql(f"SELECT text FROM measure WHERE id = {m}"), [["Tiril forteller om dagen sin ved middag."]],
       "unchanged")


def test_story_17_meeting_and_meeting_mode():
    c = S["ola.berg"]
    tok = c.csrf(S["path"])
    eq(c.post(S["path"] + "/meetings", {"_csrf": tok, "at-date": TODAY.isoformat(), "at-time": "25:00",
                                        "place": "Møterom", "participants": "Mor"}).status, 422, "bad time")
    eq(c.post(S["path"] + "/meetings", {"_csrf": tok, "at-date": TODAY.isoformat(), "at-time": "14:30",
                                        "place": "Møterom 1", "participants": "Mor, Ola, Ingrid",
                                        "agenda": "Språk"}).status, 303, "meeting")
    eq(c.post(S["path"] + "/meeting-mode", {"_csrf": tok}).status, 303, "meeting mode on")
    x = xml_of(c, S["path"])
    eq(x.find("content/log").get("meeting-mode"), "1", "marked")
    names = [a.get("name") for a in x.findall("actions/action")]
    ok("start" not in names and "logs" not in names and "leave-meeting" in names, f"locked actions {names}")
    for path in ["/start", "/logs", "/profile", f"/logs/{S['teen_log']}", "/logs/new"]:
        r = c.get(path)
        eq(r.status, 403, f"{path} in meeting mode")
        ok("Ungdom Testesen" not in r.text, "no other child's name")
    eq(c.get(f"/logs/{S['teen_log']}?format=xml").status, 403, "other log as XML")
    r = c.post("/meeting-mode/leave", {"_csrf": tok, "password": "wrong"})
    eq(r.status, 422, "wrong password")
    eq(c.get("/start").status, 403, "still locked")
    r = c.post("/meeting-mode/leave", {"_csrf": tok, "password": PASSWORD})
    eq(r.status, 303, "left")
    eq(c.get("/start").status, 200, "free again")


def test_story_18_audit_trail():
    rows = sql(f"SELECT action, COUNT(*) FROM audit WHERE log_id = {S['log']} GROUP BY action")
    acts = {a for a, _ in rows}
    for a in ["create-log", "view-log", "add-concern", "edit-concern", "add-measure", "add-bright-spot",
              "edit-bright-spot", "add-note", "read-attachment", "add-grant", "revoke-grant",
              "evaluate-measure", "correct-measure", "edit-measure", "add-meeting", "meeting-mode-on",
              "meeting-mode-off"]:
        ok(a in acts, f"audit has {a}")
    who = {u for (u,) in sql(f"SELECT DISTINCT uid FROM audit WHERE log_id = {S['log']} AND action = 'view-log'")}
    ok({"ola.berg", "ingrid.dahl", "kari.holm"} <= who, f"every reader is logged: {who}")


def test_story_19_lists():
    x = xml_of(S["ola.berg"], "/logs")
    mine = {lg.get("id"): lg.get("role") for lg in x.findall("content/logs/log")}
    eq(mine.get(str(S["log"])), "holder", "holder list")
    x = xml_of(S["ingrid.dahl"], "/logs")
    eq({lg.get("id"): lg.get("role") for lg in x.findall("content/logs/log")}.get(str(S["log"])), "actor",
       "actor list")
    x = xml_of(S["kari.holm"], "/logs")
    eq({lg.get("id"): lg.get("role") for lg in x.findall("content/logs/log")}.get(str(S["log"])), "leader",
       "leader list")


def test_story_20_html_of_the_log_is_the_xslt_of_its_xml():
    # As the actor: the holder's page lists readers, which the first of
    # the two requests changes.
    c = S["ingrid.dahl"]
    xml = c.get(S["path"] + "?format=xml").body
    html = c.get(S["path"]).text
    out = subprocess.run(["xsltproc", f"{ROOT}/xslt/page.xsl", "-"], input=xml,
                         capture_output=True, check=True).stdout.decode()
    eq(html, "<!DOCTYPE html>\n" + out, "worker HTML vs xsltproc")


def test_story_21_leader_sets_who_may_hold_and_act():
    k = logged_in("kari.holm")          # leads Solbakken barnehage
    p = logged_in("per.lund")           # leads Fjordvik skole
    o = S["ola.berg"]
    x = xml_of(k, "/start")
    eq([a.get("href") for a in x.findall("actions/action[@name='unit-staff']")],
       ["/staff?unit=solbakken-barnehage"], "the leader's unit on the start page")
    x = xml_of(k, "/staff?unit=solbakken-barnehage")
    people = {pp.get("uid"): (pp.get("may-hold"), pp.get("may-act")) for pp in x.findall("content/staff/person")}
    eq(people.get("ola.berg"), ("1", "1"), "ola may hold and act")
    eq(o.get("/staff?unit=solbakken-barnehage").status, 403, "not a leader")
    eq(k.get("/staff?unit=fjordvik-skole").status, 403, "not this unit's leader")
    tok = k.csrf("/staff?unit=solbakken-barnehage")
    eq(k.post("/staff", {"_csrf": tok, "unit": "fjordvik-skole", "uid": "ingrid.dahl", "may-act": "1"}).status,
       403, "not her unit")
    eq(k.post("/staff", {"_csrf": tok, "unit": "solbakken-barnehage", "uid": "ingrid.dahl"}).status,
       404, "not an employee of the unit")
    eq(k.post("/staff", {"_csrf": tok, "unit": "solbakken-barnehage", "uid": "ola.berg", "may-act": "1"}).status,
       303, "ola may no longer hold logs")
    eq(sql("SELECT may_hold, may_act, set_by FROM staff_permission WHERE uid = 'ola.berg'"),
       [["0", "1", "kari.holm"]], "stored")
    eq(o.get("/logs/new").status, 403, "no new-log form")
    n = int(sql("SELECT COUNT(*) FROM log")[0][0])
    eq(o.post_multipart("/logs", {"_csrf": o.csrf("/logs"), "nin": synthetic_nin(1, 2, 2020)}).status, 403,
       "creating refused")
    eq(int(sql("SELECT COUNT(*) FROM log")[0][0]), n, "nothing written")
    ok("new-log" not in [a.get("name") for a in xml_of(o, "/logs").findall("actions/action")], "no link")
    eq(k.post("/staff", {"_csrf": tok, "unit": "solbakken-barnehage", "uid": "ola.berg", "may-hold": "1",
                         "may-act": "1"}).status, 303, "restored")
    eq(o.get("/logs/new").status, 200, "may hold again")
    # An employee whose leader took "actor" away cannot be given a measure.
    tok_p = p.csrf("/staff?unit=fjordvik-skole")
    eq(p.post("/staff", {"_csrf": tok_p, "unit": "fjordvik-skole", "uid": "ingrid.dahl", "may-hold": "1"}).status,
       303, "ingrid may not act")
    tok_o = o.csrf(S["path"])
    r = o.post_xml(f"/concerns/{S['concern2']}/measures", {"_csrf": tok_o, "text": "Finmotorikk.", "kind": "service",
                                                          "actor": "", "actor-other": "ingrid.dahl",
                                                          "start": TODAY.isoformat(),
                                                          "evaluate-by": (TODAY + datetime.timedelta(days=9)).isoformat()})
    eq(field_errors(r, "add-measure", f"concern-{S['concern2']}"), [("actor-other", "field.actor.not-allowed")],
       "refused as actor")


def test_story_22_admin_keeps_the_category_list():
    e = S["even.nilsen"]                # municipal admin
    o = S["ola.berg"]
    x = xml_of(e, "/start")
    ok(x.find("actions/action[@name='categories']") is not None, "the admin's link")
    eq(o.get("/admin/categories").status, 403, "not for staff")
    x = xml_of(e, "/admin/categories")
    names = [k.get("name") for k in x.findall("content/categories/category")]
    eq(names[:3], ["Motorikk", "Språk", "Oppmerksomhet"], "seeded in order")
    ok("Aktivitetsplan (opplæringslova kap. 12)" in names, "activity plan category")
    tok = e.csrf("/admin/categories")
    r = e.post_xml("/admin/categories", {"_csrf": tok, "name": "Språk", "sort": "5"})
    eq(field_errors(r, "add-category"), [("name", "field.category.exists")], "unique names")
    eq(e.post("/admin/categories", {"_csrf": tok, "name": "Søvn", "sort": "95"}).status, 303, "added")
    kid = sql("SELECT id FROM category WHERE name = 'Søvn'")[0][0]
    x = xml_of(o, S["path"])
    opts = [op.get("label") for op in x.findall("actions/action[@name='add-concern']/field[@name='category']/option")]
    ok("Søvn" in opts, "offered to holders")
    eq(e.post(f"/admin/categories/{kid}", {"_csrf": tok, "name": "Søvn og hvile", "sort": "95"}).status, 303,
       "renamed and hidden")
    eq(sql(f"SELECT name, active FROM category WHERE id = {kid}"), [["Søvn og hvile", "0"]], "stored")
    x = xml_of(o, S["path"])
    opts = [op.get("label") for op in x.findall("actions/action[@name='add-concern']/field[@name='category']/option")]
    ok("Søvn og hvile" not in opts, "hidden from new concerns")
    tok_o = o.csrf(S["path"])
    eq(o.post_xml(S["path"] + "/concerns", {"_csrf": tok_o, "category": kid, "description": "x", "goal": "y"}).status,
       422, "a hidden category cannot be chosen")
    eq(o.post("/admin/categories", {"_csrf": tok_o, "name": "Hack", "sort": "1"}).status, 403, "staff cannot add")
    eq(sql("SELECT COUNT(*) FROM category WHERE name = 'Hack'"), [["0"]], "nothing written")
