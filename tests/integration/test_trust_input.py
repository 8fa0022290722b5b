"""Issue 6 ("Trust"), posted input and what the lists show: NUL bytes
and repeated fields are refused with nothing written, bidirectional
controls are refused in one-line fields, the new-log form has each
field once, "my logs" shows what each user may see with overdue
deadlines marked, and dates and times have one format.  Through nginx,
with the state checked in the database."""

import datetime
import re
import urllib.parse

from lib import *  # noqa: F401,F403
from test_family import family_login

T = {}
TODAY = datetime.date.today()
CHILD = synthetic_nin(17, 6, 2018, 900)
MOTHER = synthetic_nin(21, 9, 1986, 900)
CHILD2 = synthetic_nin(18, 6, 2018, 900)


def count(q):
    return int(sql(q)[0][0])


def post_pairs(client, path, pairs, xml=True):
    """POST an urlencoded body built from (name, value) pairs, in order."""
    body = urllib.parse.urlencode(pairs).encode()
    h = {"Content-Type": "application/x-www-form-urlencoded"}
    if xml:
        h["Accept"] = "application/xml"
    return client.request("POST", path, body=body, headers=h)


def log_fields(**over):
    f = {"nin": CHILD, "child-name": "Sigrid Tillitstest", "address": "Tillitsveien 6",
         "unit": "solbakken-barnehage", "level": "2",
         "guardian1-name": "Mor Tillitstest", "guardian1-nin": MOTHER,
         "guardian1-email": "mor.tillit@example.org", "guardian1-phone": "400 00 006",
         "consent-by": "guardians", "consent-by-name": "Mor Tillitstest",
         "consent-date": TODAY.isoformat(), "consent-scope": "Barnehagen og skolen"}
    f.update(over)
    return f


def field_errors(resp, action, for_=None):
    sel = f"actions/action[@name='{action}']" + (f"[@for='{for_}']" if for_ else "")
    a = resp.xml().find(sel)
    ok(a is not None, f"action {action} in the answer")
    return sorted((e.get("field"), e.get("key")) for e in a.findall("error"))


def test_trust_input_01_setup_log_concerns_measures():
    h = logged_in("ola.berg")
    T["holder"] = h
    T["actor"] = logged_in("ase.ovrebo")
    logged_in("jonas.moe")
    r = h.post_multipart("/logs", dict(log_fields(), _csrf=h.csrf("/logs/new")))
    eq(r.status, 303, "log created")
    T["log"] = int(r.header("Location").rsplit("/", 1)[1])
    T["path"] = f"/logs/{T['log']}"
    tok = h.csrf(T["path"])
    T["tok"] = tok
    for cat, desc in [("2", "Sigrid snakker lite."), ("1", "Sigrid strever med blyanten.")]:
        r = h.post(T["path"] + "/concerns", {"_csrf": tok, "category": cat, "description": desc,
                                             "goal": "Et mål."})
        eq(r.status, 303, "concern")
    ids = [int(x[0]) for x in sql(f"SELECT id FROM concern WHERE log_id = {T['log']} ORDER BY id")]
    T["c_actor"], T["c_other"] = ids
    later = (TODAY + datetime.timedelta(days=40)).isoformat()
    sooner = (TODAY + datetime.timedelta(days=10)).isoformat()
    # Åse acts in the first concern (deadline in 40 days), Jonas in the
    # second (in 10 days): Åse may not learn the sooner deadline.
    r = h.post(f"/concerns/{T['c_actor']}/measures",
               {"_csrf": tok, "text": "Språkgruppe.", "kind": "service", "actor": "",
                "actor-other": "ase.ovrebo", "start": TODAY.isoformat(), "evaluate-by": later})
    eq(r.status, 303, "Åse's measure")
    r = h.post(f"/concerns/{T['c_other']}/measures",
               {"_csrf": tok, "text": "Finmotorikk.", "kind": "service", "actor": "",
                "actor-other": "jonas.moe", "start": TODAY.isoformat(), "evaluate-by": sooner})
    eq(r.status, 303, "Jonas's measure")
    T["later"], T["sooner"] = later, sooner


# --- item 1: NUL bytes and repeated fields ----------------------------------

def test_trust_input_02_nul_byte_refused_everywhere_nothing_written():
    h, tok, p = T["holder"], T["tok"], T["path"]
    concerns = count(f"SELECT COUNT(*) FROM concern WHERE log_id = {T['log']}")
    base = {"_csrf": tok, "category": "2", "description": "Beskrivelse.", "goal": "Mål.",
            "maintaining": "Faktorer."}
    for field in ["description", "goal", "maintaining"]:
        r = h.post_xml(p + "/concerns", dict(base, **{field: "Før\x00etter"}))
        ok(r.status in (400, 422), f"NUL in {field}: {r.status}")
        eq(r.xml().find("content/error").get("key"), "error.form-nul", f"NUL in {field}: says why")
    r = h.post_xml(f"/concerns/{T['c_actor']}", dict(base, status="active", goal="Nytt\x00mål"))
    ok(r.status in (400, 422), "NUL in a changed concern")
    eq(count(f"SELECT COUNT(*) FROM concern WHERE log_id = {T['log']}"), concerns, "no concern added")
    eq(count(f"SELECT COUNT(*) FROM concern WHERE id = {T['c_actor']} AND goal = 'Et mål.'"), 1,
       "concern unchanged")
    bright = count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {T['log']}")
    r = h.post_xml(p + "/bright-spots", {"_csrf": tok, "text": "Lysglimt\x00skjult"})
    ok(r.status in (400, 422), "NUL in a bright spot")
    eq(count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {T['log']}"), bright, "no bright spot")
    notes = count(f"SELECT COUNT(*) FROM note WHERE log_id = {T['log']}")
    r = h.post_multipart(p + "/notes", {"_csrf": tok, "text": "Notat\x00skjult"}, xml=True)
    ok(r.status in (400, 422), f"NUL in a note (multipart): {r.status}")
    eq(count(f"SELECT COUNT(*) FROM note WHERE log_id = {T['log']}"), notes, "no note")
    meetings = count(f"SELECT COUNT(*) FROM meeting WHERE log_id = {T['log']}")
    r = h.post_xml(p + "/meetings", {"_csrf": tok, "at-date": TODAY.isoformat(), "at-time": "10:00",
                                     "place": "Møterom\x00B", "participants": "Alle",
                                     "agenda": "Sak 1"})
    ok(r.status in (400, 422), "NUL in a meeting")
    eq(count(f"SELECT COUNT(*) FROM meeting WHERE log_id = {T['log']}"), meetings, "no meeting")
    logs = count("SELECT COUNT(*) FROM log")
    r = h.post_multipart("/logs", dict(log_fields(nin=CHILD2, **{"child-name": "Navn\x00Annet"}),
                                       _csrf=h.csrf("/logs/new")), xml=True)
    ok(r.status in (400, 422), "NUL in the child's name")
    eq(count("SELECT COUNT(*) FROM log"), logs, "no log")
    # The HTML error page says so, too.
    r = h.post(p + "/bright-spots", {"_csrf": tok, "text": "a\x00b"})
    ok("NUL" in r.text, "the page names the NUL byte")


def test_trust_input_03_repeated_single_field_refused():
    h, tok, p = T["holder"], T["tok"], T["path"]
    concerns = count(f"SELECT COUNT(*) FROM concern WHERE log_id = {T['log']}")
    r = post_pairs(h, p + "/concerns", [("_csrf", tok), ("category", "2"),
                                        ("description", "Første beskrivelse."),
                                        ("description", "Andre beskrivelse."), ("goal", "Mål.")])
    eq(r.status, 422, "a repeated description")
    eq(field_errors(r, "add-concern"), [("description", "field.repeated")], "marked on the field")
    r = post_pairs(h, p + "/concerns", [("_csrf", tok), ("category", "2"), ("category", "1"),
                                        ("description", "Beskrivelse."), ("goal", "Mål.")])
    eq(r.status, 422, "a repeated category")
    eq(count(f"SELECT COUNT(*) FROM concern WHERE log_id = {T['log']}"), concerns, "nothing written")
    bright = count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {T['log']}")
    r = post_pairs(h, p + "/bright-spots", [("_csrf", tok), ("text", "En."), ("text", "To.")])
    eq(r.status, 422, "a repeated bright spot text")
    eq(count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {T['log']}"), bright, "no bright spot")
    # Guardian identity number twice (as the old form sent it): refused.
    logs = count("SELECT COUNT(*) FROM log")
    fields = dict(log_fields(nin=CHILD2), _csrf=h.csrf("/logs/new"))
    fields["guardian1-nin"] = [MOTHER, ""]
    r = h.post_multipart("/logs", fields, xml=True)
    eq(r.status, 422, "a repeated guardian number")
    eq(field_errors(r, "create-log"), [("guardian1-nin", "field.repeated")], "marked")
    eq(count("SELECT COUNT(*) FROM log"), logs, "no log")
    # A repeated login field is refused too (before any directory bind).
    c = Client()
    t = c.csrf("/login")
    r = post_pairs(c, "/login", [("_csrf", t), ("username", "ola.berg"), ("username", "kari.holm"),
                                 ("password", PASSWORD)])
    ok(r.status in (400, 422), f"repeated user name: {r.status}")
    ok("sl_session" not in c.cookies, "not logged in")
    # Fields that are lists by design still take several values.
    r = post_pairs(h, p + "/grants", [("_csrf", tok), ("uid", "jonas.moe"), ("scope", "concerns"),
                                      ("concerns", str(T["c_actor"])), ("concerns", str(T["c_other"])),
                                      ("history", "all")])
    eq(r.status, 303, "several concerns in a grant")
    gid = sql(f"SELECT MAX(id) FROM read_grant WHERE log_id = {T['log']}")[0][0]
    eq(count(f"SELECT COUNT(*) FROM read_grant_item WHERE grant_id = {gid}"), 2, "both kept")
    sql(f"UPDATE read_grant SET revoked_at = UTC_TIMESTAMP() WHERE id = {gid}")


# --- item 3: the new-log form has each field once ----------------------------

def test_trust_input_04_new_log_form_each_field_once():
    h = T["holder"]
    html = h.get("/logs/new").text
    form = html[html.index('action="/logs"'):]
    form = form[:form.index("</form>")]
    names = re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', form)
    ids = re.findall(r'\bid="([^"]+)"', html)
    dup_names = sorted({n for n in names if names.count(n) > 1})
    dup_ids = sorted({i for i in ids if ids.count(i) > 1})
    eq(dup_names, [], "no field name twice in the form")
    eq(dup_ids, [], "no id twice in the page")
    for n in ["guardian1-nin", "guardian2-nin", "nin", "child-name"]:
        ok(n in names, f"{n} in the form")


def test_trust_input_05_new_log_guardian_number_is_kept():
    h = T["holder"]
    eq(sql(f"SELECT nin FROM guardian WHERE log_id = {T['log']}"), [[MOTHER]], "the guardian's number")


# --- item 4: my logs, what each user may see ---------------------------------

def log_row(client, log_id):
    x = client.get("/logs?format=xml").xml()
    rows = [lg for lg in x.findall("content/logs/log") if lg.get("id") == str(log_id)]
    ok(rows, f"log {log_id} in the list")
    return rows[0]


def test_trust_input_06_my_logs_actor_sees_her_concerns_and_deadline():
    row = log_row(T["actor"], T["log"])
    eq(row.get("role"), "actor", "role")
    eq(row.get("concerns"), "1", "only the concern she acts in")
    eq(row.get("next-deadline"), T["later"], "her concern's deadline, not the other's")
    eq(row.get("overdue"), None, "not overdue")


def test_trust_input_07_my_logs_holder_and_overdue():
    h = T["holder"]
    row = log_row(h, T["log"])
    eq(row.get("concerns"), "2", "holder: both")
    eq(row.get("next-deadline"), T["sooner"], "holder: the soonest")
    eq(row.get("overdue"), None, "not yet")
    past = (TODAY - datetime.timedelta(days=3)).isoformat()
    sql(f"UPDATE measure SET start_date = '{past}' - INTERVAL 10 DAY, evaluate_by = '{past}'"
        f" WHERE concern_id = {T['c_other']}")
    row = log_row(h, T["log"])
    eq((row.get("next-deadline"), row.get("overdue")), (past, "1"), "a passed deadline is overdue")
    html = h.get("/logs").text
    ok(re.search(r'class="[^"]*\boverdue\b', html), "marked in the page")
    # Åse still sees only her own concern's deadline, not overdue.
    row = log_row(T["actor"], T["log"])
    eq((row.get("next-deadline"), row.get("overdue")), (T["later"], None), "actor unaffected")
    T["past"] = past


def test_trust_input_08_my_logs_guardian_sees_everything():
    c, r, _ = family_login(MOTHER)
    eq(r.status, 303, "guardian logged in")
    row = log_row(c, T["log"])
    eq(row.get("role"), "guardian", "role")
    eq(row.get("concerns"), "2", "the guardian sees both concerns")
    eq((row.get("next-deadline"), row.get("overdue")), (T["past"], "1"), "and the overdue deadline")
    html = c.get("/logs").text
    ok("Ingen frist" not in html, "no 'Ingen frist' where there is a deadline")


def test_trust_input_09_my_logs_actor_of_ended_measure_only():
    # An ended measure does not make Åse an actor: the log leaves her list.
    sql(f"UPDATE measure SET status = 'ended', active_actor = NULL WHERE concern_id = {T['c_actor']}")
    x = T["actor"].get("/logs?format=xml").xml()
    ids = [lg.get("id") for lg in x.findall("content/logs/log[@role='actor']")]
    ok(str(T["log"]) not in ids, "not listed as actor after her measure ended")
    sql(f"UPDATE measure SET status = 'active', active_actor = 'staff:ase.ovrebo'"
        f" WHERE concern_id = {T['c_actor']}")


def test_trust_input_10_my_logs_leader_is_told_she_has_no_access():
    k = logged_in("kari.holm")
    row = log_row(k, T["log"])
    eq(row.get("role"), "leader", "role")
    eq((row.get("concerns"), row.get("next-deadline"), row.get("concerns-hidden")), (None, None, "1"),
       "a leader sees no concerns nor their deadlines, and is told so")
    html = k.get("/logs").text
    ok("Ingen tilgang" in html, "says 'Ingen tilgang'")


# --- item 2: bidirectional controls ------------------------------------------

RLO, LRI, PDI, RLM = "\u202e", "\u2066", "\u2069", "\u200f"


def test_trust_input_11_bidi_controls_refused_in_one_line_fields():
    h, tok, p = T["holder"], T["tok"], T["path"]
    logs = count("SELECT COUNT(*) FROM log")
    for field, value in [("child-name", f"Ola {RLO}nnamdroN"), ("guardian1-name", f"Mor {LRI}x{PDI}"),
                         ("consent-by-name", f"Mor{RLM}"), ("child-name", "To\nlinjer")]:
        r = h.post_multipart("/logs", dict(log_fields(nin=CHILD2, **{field: value}),
                                           _csrf=h.csrf("/logs/new")), xml=True)
        eq(r.status, 422, f"{field} {value!r}")
        key = "field.one-line" if "\n" in value else "field.bidi"
        eq(field_errors(r, "create-log"), [(field, key)], f"{field}: says why")
    eq(count("SELECT COUNT(*) FROM log"), logs, "no log")
    meetings = count(f"SELECT COUNT(*) FROM meeting WHERE log_id = {T['log']}")
    r = h.post_xml(p + "/meetings", {"_csrf": tok, "at-date": TODAY.isoformat(), "at-time": "10:00",
                                     "place": f"Rom {RLO}B", "participants": "Alle", "agenda": "Sak 1"})
    eq(r.status, 422, "a meeting place with an override")
    eq(count(f"SELECT COUNT(*) FROM meeting WHERE log_id = {T['log']}"), meetings, "no meeting")
    a = logged_in("even.nilsen")
    cats = count("SELECT COUNT(*) FROM category")
    r = a.post_xml("/admin/categories", {"_csrf": a.csrf("/admin/categories"), "name": f"Språk{RLO}",
                                         "sort": "5"})
    eq(r.status, 422, "a category name with an override")
    eq(count("SELECT COUNT(*) FROM category"), cats, "no category")


def test_trust_input_12_long_text_is_rendered_isolated():
    h, tok, p = T["holder"], T["tok"], T["path"]
    text = f"Sigrid sa {RLO}ja{chr(0x202c)} i dag \u0645\u0631\u062d\u0628\u0627."
    eq(h.post(p + "/bright-spots", {"_csrf": tok, "text": text}).status, 303,
       "long text may mix scripts")
    html = h.get(p).text
    i = html.index("Sigrid sa ")
    start = html.rindex("<", 0, i)
    ok('dir="auto"' in html[start:i], f"the bright spot's element isolates it: {html[start:i]}")
    ok(re.search(r'<h1 class="log-title"[^>]*>\s*<bdi>Sigrid Tillitstest</bdi>', html) or
       re.search(r'<h1 class="log-title"[^>]*dir="auto"', html), "the child's name is isolated")
    lst = h.get("/logs").text
    ok(re.search(r"<bdi>Sigrid Tillitstest</bdi>", lst), "isolated in my logs too")


# --- item 5: one date and time format; messages that say what to do ----------

def test_trust_input_13_dates_and_times_one_format():
    h, tok, p = T["holder"], T["tok"], T["path"]
    day = TODAY + datetime.timedelta(days=7)
    r = h.post(p + "/meetings", {"_csrf": tok, "at-date": day.strftime("%d.%m.%Y"), "at-time": "14.30",
                                 "place": "Møterom B", "participants": "Alle", "agenda": "Sak 1"})
    eq(r.status, 303, "a meeting written as Norwegians write dates and times")
    eq(sql(f"SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i') FROM meeting WHERE log_id = {T['log']}"
           f" AND place = 'Møterom B'"), [[f"{day.isoformat()} 14:30"]], "stored as that day and time")
    html = h.get(p).text
    visible = re.sub(r"<[^>]*>", " ", html)
    ok(not re.search(r"\b\d{4}-\d\d-\d\d\b", visible), "no ISO date in the visible text (grant form included)")
    ok(not re.search(r"\bkl\. \d\d:\d\d\b", visible), "no hh:mm time")
    ok(re.search(r"\bkl\. 14\.30\b", visible), "times as 14.30")
    ok(re.search(r"\(\d\d\.\d\d\.\d{4}\)", visible), "the grant form's concerns carry dd.mm.åååå")
    lst = re.sub(r"<[^>]*>", " ", h.get("/logs").text)
    ok(not re.search(r"\b\d{4}-\d\d-\d\d\b", lst), "no ISO date in my logs")


def test_trust_input_14_error_messages_say_what_to_do():
    h = T["holder"]
    r = h.post_multipart("/logs", dict(log_fields(nin="", **{"child-name": ""}), _csrf=h.csrf("/logs/new")))
    eq(r.status, 422, "missing number and name")
    ok("Skriv inn barnets fødselsnummer" in r.text, "says what to do about the number")
    ok("Skriv inn barnets navn" in r.text, "and about the name")
    r = h.post(T["path"] + "/meetings", {"_csrf": T["tok"], "at-date": "31.02.2026", "at-time": "25.00",
                                         "place": "Rom", "participants": "Alle"})
    eq(r.status, 422, "an impossible date and time")
    ok("dd.mm.åååå" in r.text and "14.30" in r.text, "the expected formats are named")
