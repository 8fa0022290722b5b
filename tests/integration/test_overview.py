"""Issue 10: what needs doing, and how the unit is doing.

A fixed data set in three units of its own (added to the directory and
the database here, so that the other modules' logs do not change the
answers) with known answers for every figure of the leader's overview,
the municipal admin's overview and the reports (XML against
schema/report.xsd, CSV, the `stafettlogg report` command), including the
small-number suppression and the period boundaries; who may see which
overview; the start page's to-do items appearing and disappearing as
their causes do; "my logs" paged, sorted and filtered; and the kept
counters equal to a recount from scratch after everything the whole
suite did.

The tests run in order and share the state below."""

import datetime
import os
import re
import subprocess
import tempfile

from lib import *  # noqa: F401,F403

T = {}
NOW = datetime.datetime.now(datetime.timezone.utc)
TODAY = NOW.date()
SUFFIX = "dc=fjordvik,dc=kommune,dc=no"
A, B, C = "ov-enhet-a", "ov-enhet-b", "ov-enhet-c"
XSD = os.path.join(ROOT, "schema", "report.xsd")
# kari.holm's password hash (stafett-demo) for the people added here
PW = "{SSHA}Z2FGG/zgmBDI4ul3EEf7DAR/LB8bYnqr"


def day(n):
    return (TODAY + datetime.timedelta(days=n)).isoformat()


def at(n, hms="10:00:00"):
    return f"{day(n)} {hms}"


def q1(query):
    return sql(query)[0][0]


def ldap(op, ldif):
    subprocess.run([op, "-x", "-H", f"ldap://127.0.0.1:{os.environ['LDAP_PORT']}",
                    "-D", f"cn=admin,{SUFFIX}", "-y", f"{RUN}/ldap/rootpw"],
                   input=ldif, text=True, check=True, capture_output=True)


def person(uid, cn):
    return (f"dn: uid={uid},ou=people,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: {uid}\n"
            f"cn: {cn}\nsn: {cn.split()[-1]}\nmail: {uid}@fjordvik.kommune.no\n"
            f"userPassword: {PW}\n\n")


def unit(cn, name, members, owner=None):
    s = f"dn: cn={cn},ou=units,{SUFFIX}\nobjectClass: groupOfNames\ncn: {cn}\ndescription: {name}\n"
    if owner:
        s += f"owner: uid={owner},ou=people,{SUFFIX}\n"
    return s + "".join(f"member: uid={m},ou=people,{SUFFIX}\n" for m in members) + "\n"


NIN_SEQ = [600]


def new_log(unit_id, holder, level, created, status="active", closed=None, name=None):
    NIN_SEQ[0] += 1
    # Not a valid number: the fixture bypasses the application (unique, 11 digits).
    nin = f"8{os.getpid() % 100000:05d}{NIN_SEQ[0]:05d}"
    name = name or f"Ovbarn {NIN_SEQ[0]}"
    sql(f"INSERT INTO log (nin, active_nin, child_name, birth_date, unit_id, holder_uid, level,"
        f" status, created_at, created_by, closed_at) VALUES ('{nin}',"
        f" {'NULL' if status == 'passive' else repr(nin)}, '{name}', '2015-01-01', '{unit_id}',"
        f" '{holder}', {level}, '{status}', '{created}', '{holder}',"
        f" {'NULL' if closed is None else repr(closed)})")
    return int(q1(f"SELECT id FROM log WHERE nin = '{nin}'"))


def concern(log, cat, status="active", created=None):
    created = created or q1(f"SELECT created_at FROM log WHERE id = {log}")
    sql(f"INSERT INTO concern (log_id, category_id, description, goal, maintaining, registered_at,"
        f" status, created_at, created_by, updated_at) VALUES ({log}, {cat}, 'Beskrivelse.', 'Mål.',"
        f" '', DATE('{created}'), '{status}', '{created}', 'ov.hanne', '{created}')")
    return int(q1(f"SELECT MAX(id) FROM concern WHERE log_id = {log}"))


def measure(log, cid, actor, evaluate_by, status="active", created=None):
    created = created or q1(f"SELECT created_at FROM log WHERE id = {log}")
    active = f"'staff:{actor}'" if status == "active" else "NULL"
    sql(f"INSERT INTO measure (log_id, concern_id, text, kind, actor_kind, actor_uid, active_actor,"
        f" start_date, evaluate_by, status, created_at, created_by) VALUES ({log}, {cid},"
        f" 'Tiltak.', 'service', 'staff', '{actor}', {active}, DATE('{created}'), '{evaluate_by}',"
        f" '{status}', '{created}', 'ov.hanne')")
    return int(q1(f"SELECT MAX(id) FROM measure WHERE concern_id = {cid}"))


def consent(log, expires, created=None):
    created = created or q1(f"SELECT created_at FROM log WHERE id = {log}")
    sql(f"INSERT INTO consent (log_id, given_by, given_by_name, given_at, scope, expires_at,"
        f" created_at, created_by) VALUES ({log}, 'guardians', 'Foresatt', DATE('{created}'),"
        f" 'Alt.', {'NULL' if expires is None else repr(expires)}, '{created}', 'ov.hanne')")
    return int(q1(f"SELECT MAX(id) FROM consent WHERE log_id = {log}"))


def xml_of(client, path):
    r = client.get(path + ("&" if "?" in path else "?") + "format=xml")
    eq(r.status, 200, f"GET {path}")
    return r.xml()


def figures(u):
    """The figures of a <unit> or <total> element, as a flat dict of strings."""
    f = {}
    lg = u.find("logs")
    f["active"], f["passive"] = lg.get("active"), lg.get("passive")
    for lv in lg.findall("level"):
        f[f"active.{lv.get('value')}"] = lv.get("active")
        f[f"passive.{lv.get('value')}"] = lv.get("passive")
    f["in-use"] = u.find("categories").get("in-use")
    for k in u.findall("categories/category"):
        f[f"cat.{k.get('id')}"] = k.get("in-use")
    d = u.find("deadlines")
    f["overdue"], f["due-14"] = d.get("overdue"), d.get("due-14")
    for h in d.findall("holder"):
        f[f"overdue.{h.get('uid')}"] = h.get("overdue")
        f[f"due-14.{h.get('uid')}"] = h.get("due-14")
    c = u.find("consents")
    f["expired"], f["expiring-30"] = c.get("expired"), c.get("expiring-30")
    f["left"] = u.find("holder-left").get("logs")
    for h in u.findall("holder-left/holder"):
        f[f"left.{h.get('uid')}"] = h.get("logs")
    m = u.find("months")
    f["opened"], f["closed"] = m.get("opened"), m.get("closed")
    for mo in m.findall("month"):
        f[f"opened.{mo.get('value')}"] = mo.get("opened")
        f[f"closed.{mo.get('value')}"] = mo.get("closed")
    return f


def check(got, want, what):
    for k, v in want.items():
        eq(got.get(k), v, f"{what}: {k}")


def validate(body, what):
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        f.write(body)
        f.flush()
        r = subprocess.run(["xmllint", "--noout", "--schema", XSD, f.name],
                           capture_output=True, text=True)
    ok(r.returncode == 0, f"{what} is valid against schema/report.xsd: {r.stderr[-800:]}")


def categories():
    return [r[0] for r in sql("SELECT id FROM category ORDER BY sort, id")]


def test_overview_01_setup():
    ldap("ldapadd", person("ov.leder", "Liv Ledersen") + person("ov.hanne", "Hanne Holdersen")
         + person("ov.ivar", "Ivar Iversen")
         + unit(A, "Ov Enhet A", ["ov.leder", "ov.hanne", "ov.ivar"], owner="ov.leder")
         + unit(B, "Ov Enhet B", ["ov.ivar"]))
    ldap("ldapmodify", f"dn: cn=virksomhetsledere,ou=roles,{SUFFIX}\nchangetype: modify\n"
         f"add: member\nmember: uid=ov.leder,ou=people,{SUFFIX}\n")
    for u in ["ov.leder", "ov.hanne", "ov.ivar", "even.nilsen", "kari.holm"]:
        T[u] = logged_in(u)
    eq(sql(f"SELECT unit_id, role FROM staff_unit WHERE uid = 'ov.leder'"), [[A, "leader"]],
       "ov.leder leads unit A (from the directory)")
    # A holder who has left: known to the system, in no unit any more.
    sql("INSERT INTO staff (uid, dn, name, created_at) VALUES ('ov.borte',"
        f" 'uid=ov.borte,ou=people,{SUFFIX}', 'Borte Borten', UTC_TIMESTAMP())")
    sql(f"INSERT INTO unit (id, dn, name, updated_at) VALUES ('{C}', 'cn={C}', 'Ov Enhet C',"
        " UTC_TIMESTAMP())")

    # Unit A, active logs.
    T["L1"] = new_log(A, "ov.hanne", 1, at(-10))
    k = concern(T["L1"], 2)
    T["m1"] = measure(T["L1"], k, "ov.hanne", day(-1))            # overdue
    T["m2"] = measure(T["L1"], k, "ov.ivar", day(14))             # due: last day
    measure(T["L1"], k, "ov.leder", day(15))                      # not yet
    T["m4"] = measure(T["L1"], concern(T["L1"], 3, "closed"), "ov.hanne", day(-5), "ended")
    consent(T["L1"], day(-100))                                   # old, renewed:
    T["c1"] = consent(T["L1"], day(10))                           # expiring
    T["L2"] = new_log(A, "ov.hanne", 2, at(-100))
    concern(T["L2"], 1)
    measure(T["L2"], concern(T["L2"], 2, "closed"), "ov.ivar", day(0))  # due: today
    consent(T["L2"], day(-1))                                     # expired
    T["L3"] = new_log(A, "ov.ivar", 1, at(-20))
    T["m7"] = measure(T["L3"], concern(T["L3"], 1), "ov.hanne", day(1))  # hanne acts
    consent(T["L3"], day(31))                                     # not yet
    T["L5"] = new_log(A, "ov.borte", 1, at(-5))                   # holder left
    consent(T["L5"], day(30))                                     # expiring: last day
    # Unit A, passive logs: nothing of them counts but the level and the months.
    T["L4"] = new_log(A, "ov.ivar", 3, at(-200))
    measure(T["L4"], concern(T["L4"], 3), "ov.ivar", day(-3))
    consent(T["L4"], day(-50))
    sql(f"UPDATE log SET status = 'passive', active_nin = NULL, closed_at = '{at(-3)}'"
        f" WHERE id = {T['L4']}")
    # Period boundaries: passive logs opened and closed around March 2024.
    T["P1"] = new_log(A, "ov.hanne", 2, "2024-02-29 23:59:59", "passive", "2024-03-01 00:00:00")
    T["P2"] = new_log(A, "ov.hanne", 2, "2024-03-01 00:00:00", "passive", "2024-03-31 23:59:59")
    T["P3"] = new_log(A, "ov.hanne", 2, "2024-03-31 23:59:59", "passive", "2024-04-01 00:00:00")
    # Unit B: six active logs (above the suppression limit), one concern.
    T["B"] = [new_log(B, "ov.ivar", 1, at(-2)) for _ in range(6)]
    concern(T["B"][0], 4)
    # Unit C: many logs of one holder, for paging.
    for i in range(120):
        new_log(C, "ov.ivar", 1 + i % 3, at(-30 - i))


def unit_a_expected():
    want = {
        "active": "4", "passive": "4",
        "active.1": "3", "active.2": "1", "active.3": "0",
        "passive.1": "0", "passive.2": "3", "passive.3": "1",
        "in-use": "3", "overdue": "1", "due-14": "3",
        "overdue.ov.hanne": "1", "due-14.ov.hanne": "2",
        "overdue.ov.ivar": "0", "due-14.ov.ivar": "1",
        "expired": "1", "expiring-30": "2",
        "left": "1", "left.ov.borte": "1",
    }
    for cid in categories():
        want[f"cat.{cid}"] = {"1": "2", "2": "1"}.get(cid, "0")
    return want


def months_expected(frm, to, opened_days, closed_days):
    """Opened and closed per month of [frm, to] from lists of ISO days."""
    want = {}
    y, m = int(frm[:4]), int(frm[5:7])
    while (y, m) <= (int(to[:4]), int(to[5:7])):
        ym = f"{y:04d}-{m:02d}"
        want[f"opened.{ym}"] = str(sum(1 for d in opened_days if frm <= d <= to and d[:7] == ym))
        want[f"closed.{ym}"] = str(sum(1 for d in closed_days if frm <= d <= to and d[:7] == ym))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    want["opened"] = str(sum(1 for d in opened_days if frm <= d <= to))
    want["closed"] = str(sum(1 for d in closed_days if frm <= d <= to))
    return want


A_OPENED = lambda: [day(-10), day(-100), day(-20), day(-5), day(-200),  # noqa: E731
                    "2024-02-29", "2024-03-01", "2024-03-31"]
A_CLOSED = lambda: [day(-3), "2024-03-01", "2024-03-31", "2024-04-01"]  # noqa: E731


def test_overview_02_leader_sees_every_figure_of_her_unit():
    x = xml_of(T["ov.leder"], f"/overview?unit={A}")
    rep = x.find("content/report")
    eq(rep.get("kind"), "unit", "a unit report")
    eq(rep.get("small-counts"), "shown", "the leader sees exact counts")
    units = rep.findall("unit")
    eq([u.get("id") for u in units], [A], "only her unit")
    got = figures(units[0])
    check(got, unit_a_expected(), "unit A")
    # Default period: from the first day of the month 11 months ago to today.
    frm, to = rep.get("from"), rep.get("to")
    eq(to, TODAY.isoformat(), "default period ends today")
    eq(frm[8:], "01", "default period starts on the first of a month")
    eq(len(units[0].findall("months/month")), 12, "12 months")
    check(got, months_expected(frm, to, A_OPENED(), A_CLOSED()), "unit A months")
    # Holders are named; children never.
    body = T["ov.leder"].get(f"/overview?unit={A}&format=xml").text
    ok("Hanne Holdersen" in body and "Borte Borten" in body, "holders named")
    ok("Ovbarn" not in body, "no child named in the leader's overview")
    html = T["ov.leder"].get(f"/overview?unit={A}")
    eq(html.status, 200, "the HTML page")
    ok("Hanne Holdersen" in html.text and "Ovbarn" not in html.text, "HTML: holders, no children")
    ok(f'href="/staff?unit={A}#person-ov.hanne"' in html.text, "a holder links to the staff page")
    # Actions: the report form, the staff page and the unit's logs; nothing into a log.
    names = {a.get("name") for a in x.findall("actions/action")}
    ok({"download-report", "unit-staff", "unit-logs"} <= names, f"actions: {names}")
    ok(not any(a.get("href", "").startswith("/logs/") for a in x.findall("actions/action")),
       "no link into a log's content")


def test_overview_03_period_boundaries():
    c = T["ov.leder"]
    for frm, to in [("2024-03-01", "2024-03-31"), ("2024-03-02", "2024-03-31"),
                    ("2024-02-01", "2024-04-30"), ("2024-02-29", "2024-02-29")]:
        rep = xml_of(c, f"/overview?unit={A}&from={frm}&to={to}").find("content/report")
        eq((rep.get("from"), rep.get("to")), (frm, to), "period taken")
        check(figures(rep.find("unit")), months_expected(frm, to, A_OPENED(), A_CLOSED()),
              f"months {frm}..{to}")
    rep = xml_of(c, f"/overview?unit={A}&from=2024-03-01&to=2024-03-31").find("content/report")
    check(figures(rep.find("unit")), {"opened": "2", "closed": "2", "opened.2024-03": "2",
                                      "closed.2024-03": "2"}, "March 2024 by hand")
    # A bad period is said (422) and the default shown; a download refuses it.
    for bad in ["from=2024-04-01&to=2024-03-01", "from=2024-02-30", "from=2019-01-01&to=2024-01-31",
                "to=banan"]:
        r = c.get(f"/overview?unit={A}&{bad}&format=xml")
        eq(r.status, 422, f"bad period {bad}")
        ok("report.period.invalid" in error_keys(r), "said why")
        eq(c.get(f"/overview/report?unit={A}&{bad}").status, 422, f"download, bad period {bad}")
    eq(c.get(f"/overview/report?unit={A}&format=pdf").status, 400, "unknown format")


def test_overview_04_only_her_units():
    eq(T["ov.leder"].get(f"/overview?unit={B}").status, 403, "another unit")
    eq(T["ov.leder"].get(f"/overview/report?unit={B}").status, 403, "another unit's report")
    eq(T["ov.leder"].get("/overview?unit=finnes-ikke").status, 403, "an unknown unit")
    eq(T["kari.holm"].get(f"/overview?unit={A}").status, 403, "a leader of another unit")
    eq(T["ov.hanne"].get(f"/overview?unit={A}").status, 403, "an employee, not a leader")
    eq(T["ov.hanne"].get(f"/overview/report?unit={A}").status, 403, "her report neither")
    eq(T["even.nilsen"].get(f"/overview?unit={A}").status, 403, "the admin is no unit leader")
    eq(T["ov.leder"].get("/admin/overview").status, 403, "the leader is no admin")
    eq(T["ov.leder"].get("/admin/overview/report").status, 403, "nor its report")
    eq(Client().get("/overview?unit=" + A).status, 303, "not logged in")
    # Her start page offers the overview of her unit, and only of it.
    x = xml_of(T["ov.leder"], "/start")
    eq([a.get("href") for a in x.findall("actions/action[@name='unit-overview']")],
       [f"/overview?unit={A}"], "the start page links her unit's overview")
    # Without a unit: the units she leads to choose from.
    x = xml_of(T["ov.leder"], "/overview")
    eq([u.get("id") for u in x.findall("content/units/unit")], [A], "her units to choose")


def admin_report(path):
    r = T["even.nilsen"].get(path)
    eq(r.status, 200, path)
    return r


def test_overview_05_admin_sees_every_unit_no_names_small_counts_hidden():
    x = xml_of(T["even.nilsen"], "/admin/overview")
    rep = x.find("content/report")
    eq(rep.get("kind"), "municipality", "the municipality's report")
    eq(rep.get("small-counts"), "suppressed", "small counts suppressed")
    units = {u.get("id"): u for u in rep.findall("unit")}
    ok({A, B, C, "solbakken-barnehage"} <= set(units), "every unit")
    sup = {k: ("<5" if v not in ("0",) and 1 <= int(v) <= 4 else v)
           for k, v in unit_a_expected().items() if "." not in k or k.split(".")[0] in
           ("active", "passive", "cat")}
    got = figures(units[A])
    check(got, sup, "unit A, suppressed")
    check(got, {"in-use": "<5", "overdue": "<5", "due-14": "<5", "expired": "<5",
                "expiring-30": "<5", "left": "<5", "active.3": "0"}, "unit A, small ones")
    ok(not any(k.startswith(("overdue.", "due-14.", "left.")) for k in got), "no holders")
    check(figures(units[B]), {"active": "6", "active.1": "6", "passive": "0", "in-use": "<5",
                              "cat.4": "<5", "overdue": "0", "left": "0"}, "unit B")
    # The total equals the sum of the units, and is suppressed the same way.
    tot = figures(rep.find("total"))
    act = sum(int(q1(f"SELECT COUNT(*) FROM log WHERE unit_id = '{u}' AND status = 'active'"))
              for u in units)
    eq(tot["active"], str(act), "total active logs")
    # No small number and no name anywhere in what the admin gets.
    for path in ["/admin/overview?format=xml", "/admin/overview",
                 "/admin/overview/report", "/admin/overview/report?format=csv"]:
        body = admin_report(path).text
        for name in ["Hanne", "Ivar", "Borte", "Ovbarn", "ov.hanne", "ov.borte", "Liv Ledersen"]:
            ok(name not in body, f"{path}: {name} not in it")
    xml = admin_report("/admin/overview/report").body
    ok(re.search(rb'(active|passive|in-use|overdue|due-14|expired|expiring-30|logs|opened|closed)'
                 rb'="[1-4]"', xml) is None, "no count from 1 to 4 in the admin's XML")
    validate(xml, "the municipality report")


def test_overview_06_reports_xml_csv_and_audit():
    c = T["ov.leder"]
    before = int(q1("SELECT COUNT(*) FROM audit WHERE action = 'download-report'"))
    r = c.get(f"/overview/report?unit={A}&from=2024-02-01&to=2024-04-30")
    eq(r.status, 200, "XML report")
    ok(r.header("Content-Type").startswith("application/xml"), "XML type")
    ok("attachment" in r.header("Content-Disposition"), "a download")
    validate(r.body, "the unit report")
    rep = r.xml()
    eq(rep.tag, "report", "root element")
    check(figures(rep.find("unit")), dict(unit_a_expected(), **months_expected(
        "2024-02-01", "2024-04-30", A_OPENED(), A_CLOSED())), "report = overview")
    r = c.get(f"/overview/report?unit={A}&from=2024-02-01&to=2024-04-30&format=csv")
    eq(r.status, 200, "CSV report")
    ok(r.header("Content-Type").startswith("text/csv"), "CSV type")
    b = r.body
    ok(b.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark")
    ok(b.endswith(b"\r\n") and b.count(b"\n") == b.count(b"\r\n"), "CRLF line ends")
    lines = b[3:].decode("utf-8").split("\r\n")[:-1]
    eq(lines[0], "fra;til;enhet_id;enhet;tall;detalj;verdi", "header")
    rows = [ln.split(";") for ln in lines[1:]]
    ok(all(len(x) == 7 for x in rows), "seven fields in every row")
    csv = {(x[4], x[5]): x[6] for x in rows}
    eq(csv[("aktive_logger", "")], "4", "CSV active logs")
    eq(csv[("passive_logger_nivaa", "2")], "3", "CSV passive level 2")
    eq(csv[("tiltak_over_frist_stafettholder", "Hanne Holdersen")], "1", "CSV overdue by holder")
    eq(csv[("logger_opprettet_maaned", "2024-03")], "2", "CSV opened in March 2024")
    eq(csv[("logger_avsluttet_maaned", "2024-04")], "1", "CSV closed in April 2024")
    eq(csv[("samtykker_utloper_innen_30_dager", "")], "2", "CSV consents expiring")
    ok(all(x[0] == "2024-02-01" and x[1] == "2024-04-30" and x[2] == A for x in rows),
       "period and unit on every row")
    # The admin's CSV: "<5" as text, no names.
    r = admin_report("/admin/overview/report?format=csv&from=2024-01-01&to=2024-12-31")
    rows = [ln.split(";") for ln in r.body[3:].decode("utf-8").split("\r\n")[1:-1]]
    a = {(x[4], x[5]): x[6] for x in rows if x[2] == A}
    eq(a[("aktive_logger", "")], "<5", "admin CSV suppressed")
    eq(a[("logger_opprettet_maaned", "2024-03")], "<5", "admin CSV months suppressed")
    ok(("tiltak_over_frist_stafettholder", "Hanne Holdersen") not in a, "no holders")
    after = int(q1("SELECT COUNT(*) FROM audit WHERE action = 'download-report'"))
    eq(after - before, 3, "each download audited")
    eq(sql("SELECT uid, object, detail FROM audit WHERE action = 'download-report'"
           " ORDER BY id DESC LIMIT 1"),
       [["even.nilsen", "report:municipality", "2024-01-01..2024-12-31 csv"]], "who, what, when")


def cli(*args):
    return subprocess.run([os.environ.get("BIN", os.path.join(ROOT, "build", "stafettlogg")),
                           "report", *args, "-c", f"{RUN}/app/stafettlogg.conf"],
                          capture_output=True, timeout=60)


def test_overview_07_report_command():
    r = cli("unit", "--unit", A, "--from", "2024-02-01", "--to", "2024-04-30")
    eq(r.returncode, 0, f"report unit: {r.stderr.decode()}")
    validate(r.stdout, "the command's unit report")
    web = T["ov.leder"].get(f"/overview/report?unit={A}&from=2024-02-01&to=2024-04-30").body
    strip = lambda b: re.sub(rb' generated="[^"]*"', b"", b)  # noqa: E731
    eq(strip(r.stdout), strip(web), "the command writes what the web gives")
    r = cli("unit", "--unit", A, "--from", "2024-02-01", "--to", "2024-04-30", "--format", "csv")
    web = T["ov.leder"].get(f"/overview/report?unit={A}&from=2024-02-01&to=2024-04-30"
                            "&format=csv").body
    eq(r.stdout, web, "CSV the same")
    r = cli("municipality", "--format", "csv")
    eq(r.returncode, 0, "municipality report")
    ok(b"Hanne" not in r.stdout, "no names")
    eq(sql("SELECT object, remote FROM audit WHERE action = 'download-report' ORDER BY id DESC"
           " LIMIT 1")[0][0], "report:municipality", "the command is audited")
    for bad in [("unit",), ("unit", "--unit", "finnes-ikke"), ("fylke",),
                ("unit", "--unit", A, "--from", "2024-13-01"),
                ("municipality", "--unit", A), ("unit", "--unit", A, "--format", "pdf")]:
        r = cli(*bad)
        ok(r.returncode != 0 and r.stdout == b"", f"refused: {bad}")


def todo(client):
    x = xml_of(client, "/start")
    return {g.tag: [i.attrib for i in g.findall("item")] for g in x.findall("content/todo/*")}


def test_overview_08_start_page_items_come_and_go():
    h = T["ov.hanne"]
    t = todo(h)
    ev = {int(i["measure"]): i for i in t["evaluations"]}
    eq(set(ev), {T["m1"], T["m2"], T["m7"], int(q1(
        f"SELECT id FROM measure WHERE log_id = {T['L2']}"))},
       "evaluations: hers overdue, due today and on day 14, in logs she holds and where she acts")
    eq(ev[T["m1"]]["overdue"], "1", "overdue said")
    eq(ev[T["m7"]]["role"], "actor", "she acts in L3")
    eq(ev[T["m1"]]["href"], f"/logs/{T['L1']}#concern-" + q1(
        f"SELECT concern_id FROM measure WHERE id = {T['m1']}"), "a link to the concern")
    eq([int(i["log"]) for i in t["consents"]], [T["L2"], T["L1"]], "consents: expired, expiring")
    eq([i["expired"] for i in t["consents"]], ["1", "0"], "which is which")
    eq([int(i["log"]) for i in t["idle"]], [T["L2"]], "idle: L2 (100 days)")
    eq(t["meetings"], [], "no meetings yet")
    ok("Ovbarn" in h.get("/start").text, "the items name the children, as links")
    eq(q1("SELECT action FROM audit WHERE uid = 'ov.hanne' ORDER BY id DESC LIMIT 1"),
       "view-todo", "the start page's read of children's names is audited")

    # The evaluation is made: the item goes.
    r = h.post(f"/measures/{T['m1']}/evaluation", {"_csrf": h.csrf("/start"), "effective": "1",
                                                    "family-view": "Bra.", "decision": "end"})
    eq(r.status, 303, "evaluated")
    ok(T["m1"] not in {int(i["measure"]) for i in todo(h)["evaluations"]}, "m1 gone")
    # A meeting in ten days comes; moved to next month it goes.
    sql(f"INSERT INTO meeting (log_id, at, place, participants, agenda, created_at, created_by)"
        f" VALUES ({T['L3']}, '{at(10)}', 'Møterom', 'Alle', 'Plan', UTC_TIMESTAMP(), 'ov.ivar')")
    mid = int(q1(f"SELECT MAX(id) FROM meeting WHERE log_id = {T['L3']}"))
    eq([int(i["meeting"]) for i in todo(h)["meetings"]], [mid], "a meeting where she acts")
    eq([int(i["meeting"]) for i in todo(T["ov.ivar"])["meetings"]], [mid], "and for its holder")
    sql(f"UPDATE meeting SET at = '{at(20)}' WHERE id = {mid}")
    eq(todo(h)["meetings"], [], "moved beyond two weeks: gone")
    # The consent is renewed: the item goes.
    consent(T["L1"], day(365), at(0))
    eq([int(i["log"]) for i in todo(h)["consents"]], [T["L2"]], "renewed consent gone")
    # Something written in the idle log: it is no longer idle.
    r = h.post(f"/logs/{T['L2']}/bright-spots", {"_csrf": h.csrf("/start"),
                                                  "text": "En fin dag."})
    eq(r.status, 303, "a bright spot")
    eq(todo(h)["idle"], [], "activity: no longer idle")
    # The leader's figures follow: one overdue less, one expiring less.
    got = figures(xml_of(T["ov.leder"], f"/overview?unit={A}").find("content/report/unit"))
    check(got, {"overdue": "0", "overdue.ov.hanne": "0", "expiring-30": "1"}, "after the changes")
    # Nothing to do: the page says so.
    x = xml_of(T["even.nilsen"], "/start")
    ok(not x.findall("content/todo/*/item"), "the admin has nothing to do")
    ok("Ingenting haster" in T["even.nilsen"].get("/start").text, "and is told so")


def ids(x, role=None):
    return [int(lg.get("id")) for lg in x.findall("content/logs/log")
            if role is None or lg.get("role") == role]


def test_overview_09_my_logs_paged_sorted_filtered():
    iv = T["ov.ivar"]
    x = xml_of(iv, "/logs")
    held = ids(x, "holder")
    eq(len(held), 50, "first page of the held logs")
    sec = x.find("content/sections/section[@role='holder']")
    eq(sec.get("next"), "/logs?status=all&level=all&sort=name&role=holder&page=2", "next page")
    total = int(q1("SELECT COUNT(*) FROM log WHERE holder_uid = 'ov.ivar'"))
    seen = []
    page = 1
    while True:
        x = xml_of(iv, f"/logs?role=holder&sort=activity&page={page}")
        got = ids(x)
        ok(len(got) <= 50, "at most 50 a page")
        seen += got
        if x.find("content/sections/section").get("next") is None:
            break
        page += 1
    eq(len(seen), total, "every held log once over the pages")
    eq(len(set(seen)), total, "no log twice")
    want = [int(r[0]) for r in sql("SELECT id FROM log WHERE holder_uid = 'ov.ivar'"
                                   " ORDER BY status, last_activity DESC, id DESC")]
    eq(seen, want, "sorted by last activity, newest first (active first)")
    x = xml_of(iv, "/logs?role=holder&level=2&status=active")
    eq(ids(x), [int(r[0]) for r in sql(
        "SELECT id FROM log WHERE holder_uid = 'ov.ivar' AND level = 2 AND status = 'active'"
        " ORDER BY child_name, id LIMIT 50")], "filtered by level and status")
    x = xml_of(T["ov.hanne"], "/logs?role=holder&sort=deadline&status=active")
    eq(ids(x), [T["L2"], T["L1"]], "by next deadline (L2 today; L1 day 14 after m1 ended)")
    eq([lg.get("next-deadline") for lg in x.findall("content/logs/log")], [day(0), day(14)],
       "the deadlines shown")
    x = xml_of(T["ov.hanne"], "/logs?role=holder&status=passive&level=2")
    eq(sorted(ids(x)), sorted([T["P1"], T["P2"], T["P3"]]), "passive at level 2")
    for bad in ["page=0", "role=holder&page=201", "page=2", "sort=alder", "status=x", "level=4",
                "role=eier"]:
        eq(iv.get(f"/logs?{bad}").status, 400, f"refused: {bad}")
    # The leader's section: her unit's logs; a leader alone sees no concern
    # (issue 6: "Ingen tilgang"), but in L1, where she also acts, what policy
    # lets her see, the same as in her actor section.
    x = xml_of(T["ov.leder"], "/logs?role=leader&status=active&sort=activity")
    eq(set(ids(x)), {T["L1"], T["L2"], T["L3"], T["L5"]}, "the unit's active logs")
    for lg in x.findall("content/logs/log"):
        if int(lg.get("id")) == T["L1"]:
            continue
        eq(lg.get("concerns-hidden"), "1", "a leader alone sees no concern")
        ok(lg.get("next-deadline") is None and lg.get("concerns") is None,
           "no deadline or count for the leader alone")
    led = [lg for lg in x.findall("content/logs/log") if int(lg.get("id")) == T["L1"]][0]
    acted = [lg for lg in xml_of(T["ov.leder"], "/logs?role=actor").findall("content/logs/log")
             if int(lg.get("id")) == T["L1"]][0]
    ok(led.get("concerns-hidden") is None and led.get("concerns") is not None,
       "where the leader acts she sees the concerns policy shows her")
    eq([led.get(a) for a in ("concerns", "next-deadline", "overdue")],
       [acted.get(a) for a in ("concerns", "next-deadline", "overdue")],
       "the same as in her actor section")
    ok(T["ov.leder"].get("/logs").text.count('href="/logs"') >= 1, "the header links my logs")


def test_overview_10_admin_categories_from_counters():
    x = xml_of(T["even.nilsen"], "/admin/categories")
    got = {k.get("id"): k.get("used") for k in x.findall("content/categories/category")}
    want = {r[0]: r[1] for r in sql("SELECT k.id, COUNT(c.id) FROM category k"
                                    " LEFT JOIN concern c ON c.category_id = k.id GROUP BY k.id")}
    eq(got, want, "used = every concern of the category (from the kept counters)")


def test_overview_10b_admin_coarse_counters_give_the_fine_answers():
    """The municipal overview reads whole months and this month's days
    from coarser counters; for periods of whole months, partial first and
    last months, one month and a leap day, every unit's figures equal the
    counts from the logs, measures and days themselves."""
    def sup(n):
        n = int(n or 0)
        return "<5" if 1 <= n <= 4 else str(n)

    def per_unit(q):
        return {r[0]: r[1:] for r in sql(q)}

    due = per_unit("SELECT l.unit_id, SUM(m.evaluate_by < UTC_DATE()), SUM(m.evaluate_by"
                   " >= UTC_DATE() AND m.evaluate_by <= UTC_DATE() + INTERVAL 14 DAY) FROM measure m"
                   " JOIN log l ON l.id = m.log_id WHERE m.status = 'active' AND"
                   " l.status = 'active' GROUP BY l.unit_id")
    cons = per_unit("SELECT unit_id, SUM(consent_until < UTC_DATE()), SUM(consent_until >="
                    " UTC_DATE() AND consent_until <= UTC_DATE() + INTERVAL 30 DAY) FROM log"
                    " WHERE status = 'active' GROUP BY unit_id")
    left = per_unit("SELECT l.unit_id, COUNT(*) FROM log l LEFT JOIN staff_unit su ON"
                    " su.uid = l.holder_uid AND su.unit_id = l.unit_id WHERE l.status = 'active'"
                    " AND su.uid IS NULL GROUP BY l.unit_id")
    levels = {(r[0], r[1], str(r[2])): r[3] for r in sql(
        "SELECT unit_id, status, level, COUNT(*) FROM log GROUP BY unit_id, status, level")}
    for frm, to in [("2024-01-01", "2024-12-31"), ("2024-02-15", "2024-04-10"),
                    ("2024-03-02", "2024-03-20"), ("2024-02-29", "2024-03-31"), (None, None)]:
        q = f"?from={frm}&to={to}" if frm else ""
        rep = xml_of(T["even.nilsen"], f"/admin/overview{q}").find("content/report")
        frm, to = rep.get("from"), rep.get("to")
        opened = {(r[0], r[1]): (r[2], r[3]) for r in sql(
            "SELECT unit_id, DATE_FORMAT(l.day, '%Y-%m'), SUM(l.o), SUM(l.c) FROM ("
            " SELECT unit_id, DATE(created_at) AS day, 1 AS o, 0 AS c FROM log UNION ALL"
            " SELECT unit_id, DATE(closed_at), 0, 1 FROM log WHERE status = 'passive') l"
            f" WHERE l.day BETWEEN '{frm}' AND '{to}' GROUP BY 1, 2")}
        for u in rep.findall("unit"):
            uid, got = u.get("id"), figures(u)
            want = {"overdue": sup(due.get(uid, [0, 0])[0]), "due-14": sup(due.get(uid, [0, 0])[1]),
                    "expired": sup(cons.get(uid, [0, 0])[0]),
                    "expiring-30": sup(cons.get(uid, [0, 0])[1]),
                    "left": sup(left.get(uid, [0])[0])}
            for st in ("active", "passive"):
                for lv in ("1", "2", "3"):
                    want[f"{st}.{lv}"] = sup(levels.get((uid, st, lv), 0))
            for k in got:
                if k.startswith(("opened.", "closed.")):
                    o, c = opened.get((uid, k.split(".")[1]), (0, 0))
                    want[k] = sup(o if k.startswith("opened.") else c)
            check(got, want, f"unit {uid}, {frm}..{to}")


def counters():
    return {t: sql(f"SELECT * FROM {t} WHERE {w} ORDER BY 1, 2, 3") for t, w in [
        ("unit_log_count", "n <> 0"), ("unit_category_count", "active_n <> 0 OR total_n <> 0"),
        ("unit_due_count", "n <> 0"), ("unit_day_count", "opened <> 0 OR closed <> 0"),
        ("unit_level_count", "n <> 0"), ("unit_holder_count", "n <> 0"),
        ("unit_due_month", "n <> 0"), ("unit_due_day", "n <> 0"),
        ("unit_month_count", "opened <> 0 OR closed <> 0"),
        ("unit_consent_month", "n <> 0")]} | {
        "log": sql("SELECT id, next_deadline, consent_until, closed_at IS NULL FROM log ORDER BY id")}


def test_overview_11_kept_counters_equal_a_recount():
    before = counters()
    mig = open(os.path.join(ROOT, "sql", "008_overview.sql"), encoding="utf-8").read()
    block = mig[mig.index("-- recount begin"):mig.index("-- recount end")]
    subprocess.run(["mariadb", "--no-defaults", "-S", f"{RUN}/db/db.sock", f"-u{DB_ADMIN}",
                    "stafettlogg"], input=block, text=True, check=True, capture_output=True)
    after = counters()
    for k in before:
        eq(before[k], after[k], f"{k}: what the triggers kept equals a recount")
