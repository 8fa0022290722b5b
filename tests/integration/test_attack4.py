"""Review "attack4" of the log page cache (fcgi/logcache.c, h_log.c
page_key): answers that must not come from a kept page.

The tests run in order and share the state below."""

import datetime

from lib import *  # noqa: F401,F403

A = {}
TODAY = datetime.date.today()
LATER = (TODAY + datetime.timedelta(days=30)).isoformat()
KID = synthetic_nin(3, 3, 2016, 771)


def test_attack4_00_setup():
    sql(f"DELETE FROM log WHERE nin = '{KID}'")  # a run before against the same database
    c = A["ola"] = logged_in("ola.berg")
    f = {"nin": KID, "child-name": "Mia Møtesen", "address": "Møteveien 1",
         "unit": "solbakken-barnehage", "level": "2",
         "guardian1-name": "Far Møtesen", "guardian1-email": "", "guardian1-phone": "",
         "guardian2-name": "", "guardian2-email": "", "guardian2-phone": "",
         "consent-by": "guardians", "consent-by-name": "Far Møtesen",
         "consent-date": TODAY.isoformat(), "consent-scope": "Alt", "consent-expires": LATER}
    r = c.post_multipart("/logs", dict(f, _csrf=c.csrf("/logs/new")))
    eq(r.status, 303, "log created")
    A["path"] = r.header("Location")
    A["log"] = int(A["path"].rsplit("/", 1)[1])
    A["tok"] = c.csrf(A["path"])
    eq(c.post(A["path"] + "/meetings", {"_csrf": A["tok"], "at-date": LATER, "at-time": "10:00",
                                       "place": "Rom 1", "participants": "Far", "agenda": ""}).status,
       303, "a meeting")
    A["meeting"] = int(sql(f"SELECT MAX(id) FROM meeting WHERE log_id = {A['log']}")[0][0])


def test_attack4_01_change_meeting_errors_are_shown_in_html():
    """A change of a meeting with a bad time answers the log page with the
    error and the input kept - in HTML too, where the page used to come
    from (or go into) the log page cache before form_show had added the
    error: the user saw the plain page and lost the input."""
    c = A["ola"]
    for i in range(3):  # a kept page of this path and minute, and the first
        r = c.post(f"/meetings/{A['meeting']}", {
            "_csrf": A["tok"], "at-date": LATER, "at-time": "99:99",
            "place": "Nytt rom Lønnkammeret", "participants": "Far", "agenda": "",
            "_return": A["path"]})
        eq(r.status, 422, "a bad time")
        ok("Lønnkammeret" in r.text, f"the typed place is kept in the HTML ({i})")
        ok("error-summary" in r.text and "aria-invalid" in r.text,
           f"the field error is shown in the HTML ({i})")
    eq(sql(f"SELECT place FROM meeting WHERE id = {A['meeting']}"), [["Rom 1"]], "nothing changed")


def test_attack4_02_admin_pages_can_log_out():
    """Every page of a logged-in user carries the logout button (a shared
    screen in an office): /admin/notices had none, nor a styled table."""
    admin = logged_in("even.nilsen")
    for path in ["/admin/notices", "/admin/directory", "/admin/categories", "/start", "/profile"]:
        r = admin.get(path)
        eq(r.status, 200, path)
        ok('action="/logout"' in r.text, f"{path}: a logout button")
    ok('<table class="table' in admin.get("/admin/notices").text, "the counts in a styled table")


def test_attack4_03_history_reads_as_norwegian():
    """The history of a log names every step and value in the page's
    language: no raw kinds ("Annen hendelse (guardian)"), codes
    ("goals-reached", "added"), bare levels ("2") or ISO dates."""
    c, path, log = A["ola"], A["path"], A["log"]
    tok = A["tok"]
    eq(c.post(path + "/guardians", {"guardian-name": "Mor Møtesen", "guardian-phone": "400 00 001",
                                    "_csrf": tok}).status, 303, "a guardian added")
    eq(c.post(path + "/level", {"level": "3", "level-reason": "Barnevernet er med", "_csrf": tok}).status,
       303, "level 3")
    eq(c.post_multipart(path + "/consents", {"consent-by": "guardians", "consent-by-name": "Mor Møtesen",
                                             "consent-date": TODAY.isoformat(), "consent-scope": "Alt",
                                             "consent-expires": LATER, "_csrf": tok}).status,
       303, "a consent with a last day")
    eq(c.post(path + "/passive", {"passive-reason": "goals-reached", "passive-text": "Alt gikk bra",
                                  "_csrf": tok}).status, 303, "passive")
    html = c.get(path).text
    hist = html[html.index('id="h-history"'):]
    hist = hist[:hist.index("</section>")]
    for want in ["Foresatte endret", "lagt til", "Nivå 2", "Nivå 2</p>", "Målene er nådd",
                 datetime.date.fromisoformat(LATER).strftime("%d.%m.%Y")]:
        ok(want in hist, f"the history says {want!r}")
    ok("Nivå 2 → Nivå 3" in hist, "the level change named")
    for raw in ["Annen hendelse", ">goals-reached<", ">added<", "<bdi>2</bdi>", f"<bdi>{LATER}</bdi>"]:
        ok(raw not in hist, f"no raw {raw!r} in the history")
