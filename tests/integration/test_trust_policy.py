"""Issue 6 ("Trust"), the access rules and the database account:

- only active measures make someone an actor: a measure corrected as
  "wrongly registered" or evaluated "end" takes the log away (404, gone
  from "my logs") unless another active measure remains;
- a read grant only reads: no bright spots, no action offered;
- level 1 keeps actors within the log's own service, on the server;
- a home measure without an actor is the guardians' responsibility;
- the workers' database user has only the privileges it needs (the whole
  suite runs as that user; here its refusals are checked).

The tests run in order and share the state below."""

import datetime
import os
import subprocess

from lib import *  # noqa: F401,F403

T = {}
TODAY = datetime.date.today()
LATER = (TODAY + datetime.timedelta(days=30)).isoformat()
KID2 = synthetic_nin(21, 9, 2018, 900)       # level 2 log
KID1 = synthetic_nin(22, 9, 2018, 900)       # level 1 log
TEEN = synthetic_nin(23, 9, TODAY.year - 17, 900)  # her own log, no guardians


def count(q):
    return int(sql(q)[0][0])


def xml_of(client, path):
    r = client.get(path + ("&" if "?" in path else "?") + "format=xml")
    eq(r.status, 200, f"GET {path}")
    return r.xml()


def field_errors(resp, action):
    a = resp.xml().find(f"actions/action[@name='{action}']")
    return sorted((e.get("field"), e.get("key")) for e in a.findall("error"))


def my_logs(client, role):
    x = xml_of(client, "/logs")
    return [int(lg.get("id")) for lg in x.findall("content/logs/log") if lg.get("role") == role]


def new_log(nin, level, name, youth=False):
    c = T["ola.berg"]
    f = {"nin": nin, "child-name": name, "address": "", "unit": "solbakken-barnehage",
         "level": str(level), "guardian1-name": "" if youth else "Far Prøvesen",
         "guardian1-email": "", "guardian1-phone": "", "guardian2-name": "",
         "guardian2-email": "", "guardian2-phone": "",
         "consent-by": "youth" if youth else "guardians",
         "consent-by-name": name if youth else "Far Prøvesen",
         "consent-date": TODAY.isoformat(), "consent-scope": "Barnehagen"}
    r = c.post_multipart("/logs", dict(f, _csrf=c.csrf("/logs/new")))
    eq(r.status, 303, f"log for {name}")
    return int(r.header("Location").rsplit("/", 1)[1])


def new_concern(log, category="2"):
    c = T["ola.berg"]
    r = c.post(f"/logs/{log}/concerns", {"_csrf": c.csrf(f"/logs/{log}"), "category": category,
                                         "description": "Beskrivelse.", "goal": "Mål."})
    eq(r.status, 303, "concern")
    return int(sql(f"SELECT MAX(id) FROM concern WHERE log_id = {log}")[0][0])


def add_measure(concern, kind="service", actor="", other=None, text="Et tiltak."):
    c = T["ola.berg"]
    f = {"_csrf": c.csrf("/start"), "text": text, "kind": kind, "actor": actor,
         "start": TODAY.isoformat(), "evaluate-by": LATER}
    if other is not None:
        f["actor-other"] = other
    return c.post_xml(f"/concerns/{concern}/measures", f)


def last_measure(concern):
    return int(sql(f"SELECT MAX(id) FROM measure WHERE concern_id = {concern}")[0][0])


def correct(mid, actor="", other=None, text="Rettet tiltak."):
    c = T["ola.berg"]
    f = {"_csrf": c.csrf("/start"), "actor": actor, "text": text, "evaluate-by": LATER}
    if other is not None:
        f["actor-other"] = other
    return c.post_xml(f"/measures/{mid}/correction", f)


def evaluate(mid, decision):
    c = T["ola.berg"]
    return c.post(f"/measures/{mid}/evaluation", {"_csrf": c.csrf("/start"), "effective": "1",
                                                  "family-view": "Greit.", "decision": decision})


def test_trust_policy_01_setup():
    # Actors must have logged in once to be known to the system.
    for u in ["ola.berg", "ingrid.dahl", "jonas.moe", "ase.ovrebo", "lise.ahmadi", "per.lund"]:
        T[u] = logged_in(u)
    T["log2"] = new_log(KID2, 2, "Prøve Nivåto")
    T["log1"] = new_log(KID1, 1, "Prøve Nivåen")
    T["c2a"] = new_concern(T["log2"], "2")
    T["c2b"] = new_concern(T["log2"], "1")
    T["c1"] = new_concern(T["log1"], "2")


def test_trust_policy_02_wrongly_registered_takes_the_log_away():
    a, j = T["ase.ovrebo"], T["jonas.moe"]
    log = T["log2"]
    path = f"/logs/{log}"
    r = add_measure(T["c2a"], other="ase.ovrebo")
    eq(r.status, 303, "Åse acts")
    m = last_measure(T["c2a"])
    eq(a.get(path).status, 200, "the actor sees the log")
    ok(log in my_logs(a, "actor"), "in her list")
    # She posts a bright spot while she acts (used below).
    eq(a.post(path + "/bright-spots", {"_csrf": a.csrf(path), "text": "Fin dag i språkgruppa."}).status,
       303, "actor's bright spot")
    T["ase_bright"] = int(sql(f"SELECT MAX(id) FROM bright_spot WHERE log_id = {log}"
                              f" AND author_uid = 'ase.ovrebo'")[0][0])
    # Wrongly registered: the measure is Jonas's now.
    r = correct(m, other="jonas.moe")
    eq(r.status, 303, "corrected with a new actor")
    eq(sql(f"SELECT status FROM measure WHERE id = {m}"), [["corrected"]], "old one closed")
    eq(a.get(path).status, 404, "Åse no longer sees the log")
    eq(a.get(path + "?format=xml").status, 404, "nor its XML")
    ok(log not in my_logs(a, "actor"), "gone from her list")
    n = count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {log}")
    eq(a.post(path + "/bright-spots", {"_csrf": a.csrf("/start"), "text": "x"}).status, 404,
       "nor posts in it")
    eq(count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {log}"), n, "nothing written")
    eq(j.get(path).status, 200, "Jonas acts now")
    ok(log in my_logs(j, "actor"), "in his list")


def test_trust_policy_03_ended_measure_keeps_access_only_while_another_is_active():
    j = T["jonas.moe"]
    log = T["log2"]
    path = f"/logs/{log}"
    eq(add_measure(T["c2b"], other="jonas.moe", text="Motorikkøvelser.").status, 303, "second measure")
    m_a = int(sql(f"SELECT id FROM measure WHERE concern_id = {T['c2a']} AND status = 'active'"
                  f" AND actor_uid = 'jonas.moe'")[0][0])
    m_b = last_measure(T["c2b"])
    # "Continue" keeps the measure active.
    eq(evaluate(m_a, "continue").status, 303, "evaluated: continue")
    x = xml_of(j, path)
    eq(sorted(int(cn.get("id")) for cn in x.findall("content/log/concerns/concern")),
       sorted([T["c2a"], T["c2b"]]), "both concerns while both measures are active")
    # The first one corrected (handed to Per), then the other ended.
    eq(correct(m_a, other="per.lund").status, 303, "first measure handed to Per")
    x = xml_of(j, path)
    eq([int(cn.get("id")) for cn in x.findall("content/log/concerns/concern")], [T["c2b"]],
       "only the concern where he still acts")
    ok(log in my_logs(j, "actor"), "still in his list")
    eq(evaluate(m_b, "end").status, 303, "evaluated: end")
    eq(sql(f"SELECT status FROM measure WHERE id = {m_b}"), [["ended"]], "ended")
    eq(j.get(path).status, 404, "no active measure: no access")
    ok(log not in my_logs(j, "actor"), "gone from his list")


def test_trust_policy_04_read_grant_only_reads():
    c, a, p = T["ola.berg"], T["ase.ovrebo"], T["per.lund"]
    log = T["log2"]
    path = f"/logs/{log}"
    tok = c.csrf(path)
    for uid in ["jonas.moe", "ase.ovrebo"]:
        eq(c.post(path + "/grants", {"_csrf": tok, "uid": uid, "scope": "all",
                                     "history": "all"}).status, 303, f"grant for {uid}")
    j = T["jonas.moe"]
    x = xml_of(j, path)
    eq(x.find("content/log").get("role"), "grant", "Jonas reads by grant")
    names = sorted(a_.get("name") for a_ in x.findall("actions/action"))
    eq(names, ["logout", "logs", "start"], "a grant holder is offered nothing to write")
    html = j.get(path).text
    ok(f'action="/logs/{log}/bright-spots"' not in html, "no bright-spot form in the page")
    n = count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {log}")
    r = j.post(path + "/bright-spots", {"_csrf": j.csrf(path), "text": "Lesetilgang skriver ikke."})
    eq(r.status, 403, "a grant holder may not post a bright spot")
    eq(count(f"SELECT COUNT(*) FROM bright_spot WHERE log_id = {log}"), n, "nothing written")
    # Åse wrote a bright spot as an actor; with only a grant now she
    # may not change it any more.
    x = xml_of(a, path)
    eq(x.find("content/log").get("role"), "grant", "Åse reads by grant")
    ok(x.find(f"actions/action[@name='edit-bright-spot'][@for='bright-spot-{T['ase_bright']}']") is None,
       "no edit action")
    before = sql(f"SELECT text FROM bright_spot WHERE id = {T['ase_bright']}")
    r = a.post(f"/bright-spots/{T['ase_bright']}", {"_csrf": a.csrf(path), "text": "endret"})
    eq(r.status, 403, "no edit by a grant holder")
    eq(sql(f"SELECT text FROM bright_spot WHERE id = {T['ase_bright']}"), before, "unchanged")
    # Per acts (he got the corrected measure): he still posts.
    eq(p.post(path + "/bright-spots", {"_csrf": p.csrf(path), "text": "Bra!"}).status, 303, "actor posts")


def test_trust_policy_05_level_1_actors_only_from_the_unit():
    c = T["ola.berg"]
    log = T["log1"]
    path = f"/logs/{log}"
    # Jonas (another service) can read this log; he is still no actor here.
    eq(c.post(path + "/grants", {"_csrf": c.csrf(path), "uid": "jonas.moe", "scope": "all",
                                 "history": "all"}).status, 303, "grant")
    x = xml_of(c, f"/concerns/{T['c1']}/measures/new")
    opts = [o.get("value") for o in x.findall("actions/action[@name='add-measure']/field[@name='actor']/option")]
    ok("staff:lise.ahmadi" in opts, f"the unit's staff are offered: {opts}")
    ok("staff:jonas.moe" not in opts, f"another service's staff are not: {opts}")
    n = count("SELECT COUNT(*) FROM measure")
    r = add_measure(T["c1"], actor="staff:jonas.moe")
    eq(r.status, 422, "another service at level 1")
    eq(field_errors(r, "add-measure"), [("actor", "field.actor.level1")], "says why")
    r = add_measure(T["c1"], other="jonas.moe")
    eq(r.status, 422, "by user name too")
    eq(field_errors(r, "add-measure"), [("actor-other", "field.actor.level1")], "says why")
    eq(count("SELECT COUNT(*) FROM measure"), n, "nothing written")
    r = add_measure(T["c1"], actor="staff:lise.ahmadi")
    eq(r.status, 303, "the unit's own staff")
    m = last_measure(T["c1"])
    # A correction may not bring in another service either.
    for args, fld in [({"actor": "staff:ase.ovrebo"}, "actor"), ({"other": "ase.ovrebo"}, "actor-other")]:
        r = correct(m, **args)
        eq(r.status, 422, f"correction to another service ({fld})")
        eq(r.xml().get("view"), "measure-correction", "shown again")
        eq(field_errors(r, "correct-measure"), [(fld, "field.actor.level1")], "says why")
    eq(sql(f"SELECT status, actor_uid FROM measure WHERE id = {m}"), [["active", "lise.ahmadi"]],
       "unchanged")
    eq(count("SELECT COUNT(*) FROM measure"), n + 1, "no new measure")
    eq(correct(m, actor="staff:ola.berg").status, 303, "within the unit: fine")


def test_trust_policy_06_home_measure_is_the_guardians():
    c = T["ola.berg"]
    log = T["log2"]
    x = xml_of(c, f"/concerns/{T['c2a']}/measures/new")
    opts = [o.get("value") for o in x.findall("actions/action[@name='add-measure']/field[@name='actor']/option")]
    ok("guardians" in opts, f"the guardians are offered together: {opts}")
    r = add_measure(T["c2a"], kind="home", actor="", text="Lese sammen hver kveld.")
    eq(r.status, 303, "a home measure without an actor")
    m = last_measure(T["c2a"])
    eq(sql(f"SELECT kind, actor_kind, actor_uid, actor_guardian, active_actor FROM measure WHERE id = {m}"),
       [["home", "guardian", "NULL", "NULL", "guardians"]], "the guardians' responsibility")
    r = add_measure(T["c2a"], kind="home", actor="guardians", text="Enda et hjemmetiltak.")
    eq(field_errors(r, "add-measure"), [("actor", "field.actor.taken")], "one active per actor")
    x = xml_of(c, f"/logs/{log}")
    me = x.find(f".//measure[@id='{m}']")
    eq((me.get("kind"), me.get("actor-kind")), ("home", "guardian"), "shown as the guardians'")
    html = c.get(f"/logs/{log}").text
    row = html[html.index(f'id="measure-{m}"'):]
    row = row[:row.index("</tbody>")]
    ok(">Foresatte<" in row, f"named in the page: {row}")
    # Its correction page keeps the guardians as they are.
    x = xml_of(c, f"/measures/{m}/correction")
    eq(x.find("actions/action[@name='correct-measure']/field[@name='actor']").get("value"),
       "guardians", "current actor chosen")
    eq(correct(m, actor="", text="Lese sammen hver kveld i 15 minutter.").status, 303, "corrected")
    eq(sql(f"SELECT actor_kind, active_actor FROM measure WHERE replaces_id = {m}"),
       [["guardian", "guardians"]], "still the guardians'")
    # A service measure still needs an actor.
    r = add_measure(T["c2b"], kind="service", actor="")
    eq(field_errors(r, "add-measure"), [("actor", "field.required")], "service: required")
    # A log without guardians: say so.
    teen = new_log(TEEN, 1, "Ungdom Prøvesen", youth=True)
    cid = new_concern(teen)
    r = add_measure(cid, kind="home", actor="")
    eq(field_errors(r, "add-measure"), [("actor", "field.actor.no-guardians")], "no guardians")


def app_db():
    """db_user, db_password and db_socket of the app, from its configuration."""
    conf = {}
    with open(os.environ.get("CONF", f"{RUN}/app/stafettlogg.conf")) as f:
        for line in f:
            k, sep, v = line.partition("=")
            if sep and not k.strip().startswith("#"):
                conf[k.strip()] = v.strip()
    return conf


def as_app(query):
    conf = app_db()
    env = dict(os.environ, MYSQL_PWD=conf["db_password"])
    return subprocess.run(["mariadb", "--no-defaults", "-S", conf["db_socket"], "-u", conf["db_user"],
                           "-N", "-B", conf["db_name"], "-e", query],
                          capture_output=True, text=True, env=env, timeout=30)


def test_trust_policy_07_workers_database_user_has_least_privilege():
    conf = app_db()
    ok(conf.get("db_migrate_user") not in (None, "", conf["db_user"]),
       "migrations run as their own user")
    r = as_app("SELECT COUNT(*) FROM audit")
    eq(r.returncode, 0, f"the app reads the audit: {r.stderr}")
    triggers = count("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = 'stafettlogg'"
                     " AND event_object_table = 'audit'")
    # BEFORE UPDATE and DELETE refuse; BEFORE INSERT sets the time (010).
    eq(triggers, 3, "audit triggers in place")
    refused = {
        "DROP TRIGGER audit_no_update": "drop a trigger",
        "UPDATE audit SET detail = 'x' WHERE id = -1": "update the audit",
        "DELETE FROM audit WHERE id = -1": "delete from the audit",
        "TRUNCATE TABLE audit": "truncate the audit",
        "ALTER TABLE audit COMMENT = 'x'": "alter a table",
        "CREATE TABLE privilege_probe (id INT)": "create a table",
        "CREATE TRIGGER probe_t BEFORE INSERT ON note FOR EACH ROW SET @x = 1": "create a trigger",
        "GRANT SELECT ON stafettlogg.log TO 'nobody'@'localhost'": "grant",
    }
    try:
        for q, what in refused.items():
            r = as_app(q)
            ok(r.returncode != 0, f"the app's user may not {what}")
            ok("denied" in r.stderr, f"{what}: refused for lack of privilege, not otherwise: {r.stderr}")
    finally:
        # Put back what a too-mighty user would have broken (before the fix).
        if count("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = 'stafettlogg'"
                 " AND trigger_name = 'audit_no_update'") == 0:
            sql("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW"
                " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit is append-only'")
        sql("DROP TABLE IF EXISTS privilege_probe")
        sql("DROP TRIGGER IF EXISTS probe_t")
    grants = "\n".join(line[0] for line in [ln.split("\t") for ln in as_app("SHOW GRANTS").stdout.splitlines()])
    ok("ALL PRIVILEGES ON `stafettlogg`" not in grants, f"no ALL on the database: {grants}")
    ok("GRANT SELECT, INSERT ON `stafettlogg`.`audit`" in grants, f"audit: SELECT and INSERT only: {grants}")
