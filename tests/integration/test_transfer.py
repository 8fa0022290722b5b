"""Issue 7: handing a log to a new holder, and the log's history.

Every path through nginx with the state checked in the database: within
the unit, to a named person of another unit (the guardians' consent
first: refused without), to the leader of another unit who picks the
holder; accept, decline, withdraw; the leader on behalf of an employee
and taking a log over; a log whose holder is gone shows to the leader as
needing a new holder; everyone else refused with nothing written.  The
receiver sees only the transfer before accepting; the old holder loses
the log after it.  The history is shown to the family, not in meeting
mode.  Atomicity: the database killed, and the worker killed, while an
accept waits on a row lock half-way through its transaction, leave the
old holder and the pending transfer exactly as they were.

The tests run in order and share the state below."""

import datetime
import signal
import subprocess
import threading

from lib import *  # noqa: F401,F403
from test_family import family_login

T = {}
TODAY = datetime.date.today()


def fresh_nin(day, month, year):
    """A synthetic number no log has yet (the module may run again on
    the same database while it is developed)."""
    start = 870
    while True:
        n = synthetic_nin(day, month, year, start)
        if not sql(f"SELECT 1 FROM log WHERE nin = '{n}'"):
            return n
        start = int(n[6:9]) + 1


MOTHER = synthetic_nin(14, 5, 1986, 870)
STAFF = ["kari.holm", "ola.berg", "ingrid.dahl", "per.lund", "ase.ovrebo",
         "jonas.moe", "sofie.strand", "lise.ahmadi"]
CONSENT = {"consent-by": "guardians", "consent-by-name": "Mor Overføring",
           "consent-date": TODAY.isoformat(), "consent-scope": "Skolen overtar oppfølgingen."}


def count(q):
    return int(sql(q)[0][0])


def xml(c, path):
    r = c.get(path + ("&" if "?" in path else "?") + "format=xml")
    return r, (r.xml() if r.status == 200 else None)


def action_names(x):
    return sorted(a.get("name") for a in x.findall("actions/action"))


def new_log(c, nin, name, concerns=("Språket.", "Motorikken.")):
    tok = c.csrf("/logs/new")
    r = c.post("/logs", {"nin": nin, "child-name": name, "address": "Gata 1", "unit": "solbakken-barnehage",
                         "level": "2", "guardian1-name": "Mor Overføring", "guardian1-nin": MOTHER,
                         "guardian1-email": "", "guardian1-phone": "", "consent-by": "guardians",
                         "consent-by-name": "Mor Overføring", "consent-date": TODAY.isoformat(),
                         "consent-scope": "Barnehagen", "_csrf": tok})
    eq(r.status, 303, f"log for {name}")
    log = int(r.header("Location").rsplit("/", 1)[1])
    cons = []
    for i, d in enumerate(concerns):
        r = c.post(f"/logs/{log}/concerns", {"_csrf": tok, "category": str(i + 1), "description": d,
                                             "goal": "Mål."})
        eq(r.status, 303, "concern")
        cons.append(one_id(f"SELECT id FROM concern WHERE log_id = {log} AND description = '{d}'", "concern"))
    return log, cons


def offer(c, log, fields, files=None):
    tok = c.csrf(f"/logs/{log}")
    f = {"_csrf": tok}
    f.update(fields)
    if files:
        return c.post_multipart(f"/logs/{log}/transfers", f, files, xml=True)
    return c.request("POST", f"/logs/{log}/transfers", body=multipart(f)[0],
                     headers={"Content-Type": multipart(f)[1], "Accept": "application/xml"})


def pending(log):
    rows = sql(f"SELECT id FROM transfer WHERE log_id = {log} AND status = 'pending'")
    return int(rows[0][0]) if rows else None


def holder(log):
    return sql(f"SELECT holder_uid, unit_id FROM log WHERE id = {log}")[0]


def step(c, log, tid, what, fields=None):
    f = {"_csrf": c.csrf("/start")}
    f.update(fields or {})
    return c.post(f"/transfers/{tid}/{what}", f, headers={"Accept": "application/xml"})


def audit_max():
    return count("SELECT COALESCE(MAX(id), 0) FROM audit")


def events(log):
    return [r[0] for r in sql(f"SELECT kind FROM log_event WHERE log_id = {log} ORDER BY at, id")]


def test_transfer_01_setup():
    global CHILD, CHILD2, CHILD3, CHILD4, CHILD5
    CHILD, CHILD2, CHILD3, CHILD4, CHILD5 = (fresh_nin(d, 4, 2018) for d in range(3, 8))
    for u in STAFF:
        T[u] = logged_in(u)
    T["log"], T["con"] = new_log(T["ola.berg"], CHILD, "Tora Overføring")
    eq(holder(T["log"]), ["ola.berg", "solbakken-barnehage"], "ola holds it")
    eq(events(T["log"]), ["created"], "history starts with its creation")


def test_transfer_02_same_unit_offer_and_accept():
    ola, lise = T["ola.berg"], T["lise.ahmadi"]
    log, (c1, c2) = T["log"], T["con"]
    # The offer form is a link until asked for; then it lists the unit's holders.
    r, x = xml(ola, f"/logs/{log}")
    a = [a for a in x.findall("actions/action") if a.get("name") == "transfer"]
    eq([(b.get("method"), b.get("for")) for b in a], [("GET", "log")], "a link to the form")
    r, x = xml(ola, f"/logs/{log}?open=transfer.log")
    form = [a for a in x.findall("actions/action") if a.get("name") == "transfer"][0]
    opts = [o.get("value") for o in form.find("field[@name='to']").findall("option")]
    ok("person:lise.ahmadi" in opts and "leader:fjordvik-skole" in opts and "other" in opts, f"options {opts}")
    ok("person:ola.berg" not in opts, "not to herself")
    # A person of another unit is found by name (/people) and handed back with pick=.
    ok([a for a in x.findall("actions/action") if a.get("name") == "find-person"], "the person search")
    r, x = xml(ola, f"/logs/{log}?open=transfer.log&pick=Ingrid.Dahl")
    form = [a for a in x.findall("actions/action") if a.get("name") == "transfer"][0]
    eq(form.find("field[@name='to-uid']").get("value"), "ingrid.dahl", "the person picked")
    eq(form.find("field[@name='to']").get("value"), "other", "and 'a named person' chosen")
    eq(form.find("field[@name='concerns']").get("value"), f"{c1} {c2}", "every concern ticked")
    # No reason: 422, nothing written.
    a0 = audit_max()
    r = offer(ola, log, {"to": "person:lise.ahmadi", "reason": "", "concerns": [str(c1)]})
    eq(r.status, 422, "no reason")
    ok(("reason", "field.required") in [(e.get("field"), e.get("key")) for e in r.xml().iter("error")],
       "reason marked")
    # A person of another unit as if of this one: refused.
    r = offer(ola, log, {"to": "person:ingrid.dahl", "reason": "Flytter.", "concerns": [str(c1)]})
    eq(r.status, 422, "not of the unit")
    # A concern of another log: refused.
    r = offer(ola, log, {"to": "person:lise.ahmadi", "reason": "Flytter.", "concerns": ["999999"]})
    eq(r.status, 422, "not a concern of the log")
    eq(count(f"SELECT COUNT(*) FROM transfer WHERE log_id = {log}"), 0, "nothing written")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE id > {a0} AND action LIKE 'transfer%'"), 0, "no audit")

    r = offer(ola, log, {"to": "person:lise.ahmadi", "reason": "Ola går over i ny stilling.",
                         "concerns": [str(c1)]})
    eq(r.status, 303, "offered")
    tid = pending(log)
    ok(tid, "a pending transfer")
    eq(sql(f"SELECT kind, from_uid, to_uid, to_unit, offered_by FROM transfer WHERE id = {tid}"),
       [["unit", "ola.berg", "lise.ahmadi", "solbakken-barnehage", "ola.berg"]], "the transfer")
    eq(sql(f"SELECT object FROM audit WHERE id > {a0} AND action = 'transfer-offer'"),
       [["lise.ahmadi"]], "audited with the receiver")
    eq(holder(log), ["ola.berg", "solbakken-barnehage"], "ola still holds it")
    eq(sql(f"SELECT recipient FROM outbox WHERE kind = 'transfer-offered' AND channel = 'inbox'"
           f" AND object = 'transfer:{tid}'"), [["staff:lise.ahmadi"]], "the receiver is told")
    # Both see it pending; the old holder keeps every duty (writes the plan).
    r, x = xml(ola, f"/logs/{log}")
    eq(x.find("content/log/transfer").get("to-name"), "Lise Ahmadi", "pending for ola")
    ok("withdraw-transfer" in action_names(x) and "add-concern" in action_names(x), "ola withdraws, writes")
    r, x = xml(lise, f"/logs/{log}")
    eq(r.status, 200, "the receiver opens the log")
    eq(x.find("content/log").get("role"), "receiver", "as receiver")
    ok({"accept-transfer", "decline-transfer"} <= set(action_names(x)), "accept or decline")
    r, x = xml(lise, "/start")
    eq([i.get("log") for i in x.findall("content/todo/transfers-in/item")], [str(log)], "lise's to-do")
    r, x = xml(ola, "/start")
    eq([i.get("log") for i in x.findall("content/todo/transfers-out/item")], [str(log)], "ola's to-do")
    # A second offer while one is pending: 409, nothing written.
    r = offer(ola, log, {"to": "person:kari.holm", "reason": "Igjen.", "concerns": [str(c1)]})
    eq(r.status, 409, "one pending transfer per log")
    eq(count(f"SELECT COUNT(*) FROM transfer WHERE log_id = {log}"), 1, "still one")
    # The database refuses a second pending one whatever code writes.
    try:
        sql(f"INSERT INTO transfer (log_id, pending_log, kind, from_uid, from_unit, offered_by, to_unit,"
            f" reason, offered_at) VALUES ({log}, {log}, 'unit', 'ola.berg', 'solbakken-barnehage',"
            f" 'ola.berg', 'solbakken-barnehage', 'x', NOW())")
        raise AssertionError("a second pending transfer was stored")
    except subprocess.CalledProcessError as e:
        ok("Duplicate" in e.stderr, f"unique key: {e.stderr}")
    # Someone else may not accept it.
    r = step(T["kari.holm"], log, tid, "accept")
    eq(r.status, 403, "the leader is not the receiver")
    r = step(T["jonas.moe"], log, tid, "accept")
    eq(r.status, 404, "a stranger does not see the log")

    a0 = audit_max()
    r = step(lise, log, tid, "accept")
    eq(r.status, 303, "accepted")
    eq(holder(log), ["lise.ahmadi", "solbakken-barnehage"], "lise holds it")
    eq(sql(f"SELECT status, new_holder, pending_log IS NULL FROM transfer WHERE id = {tid}"),
       [["accepted", "lise.ahmadi", "1"]], "transfer accepted")
    eq(sql(f"SELECT id, status, COALESCE(closed_reason, '') FROM concern WHERE log_id = {log} ORDER BY id"),
       [[str(c1), "active", ""], [str(c2), "closed", "Ola går over i ny stilling."]],
       "the concern left behind is closed with the reason")
    eq(events(log), ["created", "transfer-offered", "transfer-accepted", "holder"], "history")
    eq(sql(f"SELECT recipient FROM outbox WHERE kind = 'transfer-accepted' AND channel = 'inbox'"
           f" AND object = 'transfer:{tid}'"), [["staff:ola.berg"]], "the old holder is told")
    eq(sql(f"SELECT action, object FROM audit WHERE id > {a0} AND action LIKE 'transfer%'"),
       [["transfer-accept", "lise.ahmadi"]], "audited with the new holder")
    ok(wait_for(lambda: count(f"SELECT COUNT(*) FROM archive_copy WHERE log_id = {log}"
                              f" AND reason = 'transfer'") == 1, 20), "the archive copy of the transfer")
    # The old holder has lost the log; a repeated accept is stale.
    r, _ = xml(ola, f"/logs/{log}")
    eq(r.status, 404, "ola no longer sees the log")
    r = ola.post(f"/logs/{log}/concerns", {"_csrf": ola.csrf("/start"), "category": "3",
                                           "description": "Etter.", "goal": "Mål."})
    eq(r.status, 404, "ola no longer writes")
    r = step(lise, log, tid, "accept")
    eq(r.status, 409, "accepting again is stale")
    r = step(ola, log, tid, "withdraw")
    eq(r.status, 409, "withdrawing after the accept is stale")
    T["tid1"] = tid


def test_transfer_03_other_unit_needs_consent_and_decline():
    lise, per, ingrid = T["lise.ahmadi"], T["per.lund"], T["ingrid.dahl"]
    log, (c1, c2) = T["log"], T["con"]
    consents = count(f"SELECT COUNT(*) FROM consent WHERE log_id = {log} AND withdrawn_at IS NULL")
    a0 = audit_max()
    r = offer(lise, log, {"to": "leader:fjordvik-skole", "reason": "Begynner på skolen.", "concerns": [str(c1)]})
    eq(r.status, 422, "another unit without consent")
    keys = [(e.get("field"), e.get("key")) for e in r.xml().iter("error")]
    ok(("consent-by-name", "field.required") in keys and ("consent-scope", "field.required") in keys,
       f"consent asked for: {keys}")
    eq(count(f"SELECT COUNT(*) FROM transfer WHERE log_id = {log} AND status = 'pending'"), 0, "no transfer")
    f = {"to": "leader:fjordvik-skole", "reason": "Begynner på skolen.", "concerns": [str(c1)]}
    f.update(CONSENT)
    r = offer(lise, log, f, {"consent-file": ("samtykke.pdf", "application/pdf", PDF)})
    eq(r.status, 303, "offered with consent")
    tid = pending(log)
    eq(sql(f"SELECT kind, to_uid IS NULL, to_unit FROM transfer WHERE id = {tid}"),
       [["leader", "1", "fjordvik-skole"]], "to the unit's leader")
    eq(sql(f"SELECT given_by_name, scope, attachment_id IS NOT NULL FROM consent WHERE transfer_id = {tid}"),
       [["Mor Overføring", "Skolen overtar oppfølgingen.", "1"]], "the consent recorded with the offer")
    eq(sql(f"SELECT object FROM audit WHERE id > {a0} AND action = 'transfer-offer'"),
       [["leader:fjordvik-skole"]], "audited")

    # The receiver (a leader of the unit) sees the minimum before accepting.
    r, x = xml(per, f"/logs/{log}")
    eq(r.status, 200, "per opens it")
    lg = x.find("content/log")
    eq(lg.get("role"), "receiver", "as receiver")
    eq(lg.find("child").get("name"), "Tora Overføring", "the child's name")
    ok(lg.find("child").get("age") is not None, "and age")
    for attr in ("birth-date", "nin"):
        ok(lg.find("child").get(attr) is None, f"no {attr}")
    ok(lg.find("child/address") is None, "no address")
    eq(sorted(ch.tag for ch in lg), ["child", "transfer"], "nothing but the child and the transfer")
    t = lg.find("transfer")
    eq(t.findtext("reason"), "Begynner på skolen.", "the reason")
    eq([cn.get("id") for cn in t.findall("concerns/concern")], [str(c1)], "the concern offered only")
    eq(set(action_names(x)) - {"logs", "start", "logout"}, {"accept-transfer", "decline-transfer"},
       "accept or decline, nothing else")
    for path in ("/logs/%d/log.pdf" % log, "/logs/%d/plan.pdf" % log, "/logs/%d/consent-form" % log):
        r = per.get(path)
        ok(r.status in (403, 404), f"{path} refused to the receiver ({r.status})")
    att = sql(f"SELECT attachment_id FROM consent WHERE transfer_id = {tid}")[0][0]
    r = per.get(f"/attachments/{att}")
    ok(r.status in (403, 404), f"the receiver gets no file ({r.status})")
    r = per.post(f"/logs/{log}/bright-spots", {"_csrf": per.csrf("/start"), "text": "Hei."})
    eq(r.status, 403, "the receiver writes nothing")
    r, _ = xml(ingrid, f"/logs/{log}")
    eq(r.status, 404, "not another member of that unit")
    eq(sql(f"SELECT detail FROM audit WHERE action = 'view-log' AND uid = 'per.lund' AND log_id = {log}"
           f" ORDER BY id DESC LIMIT 1"), [["receiver"]], "the receiver's read is audited")

    # Declining needs a reason; then everything is as it was.
    r = step(per, log, tid, "decline")
    eq(r.status, 422, "a reason to decline")
    eq(pending(log), tid, "still pending")
    r = step(per, log, tid, "decline", {"reason": "Vi har ikke kapasitet nå."})
    eq(r.status, 303, "declined")
    eq(sql(f"SELECT status, decision_reason FROM transfer WHERE id = {tid}"),
       [["declined", "Vi har ikke kapasitet nå."]], "declined with the reason")
    eq(holder(log), ["lise.ahmadi", "solbakken-barnehage"], "lise still holds it")
    eq(count(f"SELECT COUNT(*) FROM concern WHERE log_id = {log} AND status = 'active'"), 1, "concerns as they were")
    eq(count(f"SELECT COUNT(*) FROM consent WHERE log_id = {log} AND withdrawn_at IS NULL"), consents,
       "the consent for it is set aside")
    r, _ = xml(per, f"/logs/{log}")
    eq(r.status, 404, "per sees it no more")
    ok("transfer-declined" in events(log), "in the history")
    eq(sql(f"SELECT recipient FROM outbox WHERE kind = 'transfer-declined' AND channel = 'inbox'"
           f" AND object = 'transfer:{tid}'"), [["staff:lise.ahmadi"]], "the holder is told")

    # A named person in another unit, then withdrawn by the holder.
    f = {"to": "other", "to-unit": "fjordvik-skole", "to-uid": "ingrid.dahl", "reason": "Skolen.",
         "concerns": [str(c1)]}
    r = offer(lise, log, f)
    eq(r.status, 422, "consent needed for a person of another unit too")
    f.update(CONSENT)
    r = offer(lise, log, {**f, "to-uid": "nobody.here"})
    eq(r.status, 422, "an unknown person")
    r = offer(lise, log, f)
    eq(r.status, 303, "offered to ingrid")
    tid = pending(log)
    eq(sql(f"SELECT kind, to_uid FROM transfer WHERE id = {tid}"), [["person", "ingrid.dahl"]], "named")
    r = step(per, log, tid, "accept")
    eq(r.status, 404, "her leader is not the receiver of a named transfer")
    r = step(ingrid, log, tid, "withdraw")
    eq(r.status, 403, "the receiver does not withdraw")
    a0 = audit_max()
    r = step(lise, log, tid, "withdraw")
    eq(r.status, 303, "withdrawn")
    eq(sql(f"SELECT status FROM transfer WHERE id = {tid}"), [["withdrawn"]], "withdrawn")
    eq(sql(f"SELECT action, object FROM audit WHERE id > {a0} AND action LIKE 'transfer%'"),
       [["transfer-withdraw", "ingrid.dahl"]], "audited")
    eq(holder(log), ["lise.ahmadi", "solbakken-barnehage"], "as it was")
    r = step(ingrid, log, tid, "accept")
    eq(r.status, 409, "accepting a withdrawn transfer is stale")
    eq(holder(log), ["lise.ahmadi", "solbakken-barnehage"], "still as it was")


def test_transfer_04_to_a_leader_who_passes_it_on():
    lise, per, ingrid = T["lise.ahmadi"], T["per.lund"], T["ingrid.dahl"]
    log, (c1, c2) = T["log"], T["con"]
    f = {"to": "leader:fjordvik-skole", "reason": "Skolestart.", "concerns": [str(c1)]}
    f.update(CONSENT)
    r = offer(lise, log, f)
    eq(r.status, 303, "offered to the school's leader")
    tid = pending(log)
    eq(sql(f"SELECT recipient FROM outbox WHERE kind = 'transfer-offered' AND channel = 'inbox'"
           f" AND object = 'transfer:{tid}'"), [["staff:per.lund"]], "the unit's leader is told")
    r, x = xml(per, f"/logs/{log}")
    acc = [a for a in x.findall("actions/action") if a.get("name") == "accept-transfer"][0]
    opts = [o.get("value") for o in acc.find("field[@name='holder']").findall("option")]
    ok("self" in opts and "ingrid.dahl" in opts, f"herself or a holder of her unit: {opts}")
    r = step(per, log, tid, "accept", {"holder": "jonas.moe"})
    eq(r.status, 422, "not a holder of her unit")
    eq(pending(log), tid, "still pending")
    a0 = audit_max()
    r = step(per, log, tid, "accept", {"holder": "ingrid.dahl", "reason": "Ingrid er kontaktlærer."})
    eq(r.status, 303, "accepted for ingrid")
    eq(holder(log), ["ingrid.dahl", "fjordvik-skole"], "ingrid holds it, in the school")
    eq(sql(f"SELECT decided_by, new_holder FROM transfer WHERE id = {tid}"), [["per.lund", "ingrid.dahl"]],
       "decided by per for ingrid")
    eq(sql(f"SELECT action, object FROM audit WHERE id > {a0} AND action LIKE 'transfer%'"),
       [["transfer-accept", "ingrid.dahl"]], "audited with the new holder")
    r, x = xml(ingrid, f"/logs/{log}")
    eq(x.find("content/log").get("role"), "holder", "ingrid is the holder")
    r, x = xml(per, f"/logs/{log}")
    eq(x.find("content/log").get("role"), "leader", "per now sees it as the unit's leader")
    r, _ = xml(lise, f"/logs/{log}")
    eq(r.status, 404, "lise has lost it")


def test_transfer_05_leader_on_behalf_and_take_over():
    kari, ola, lise = T["kari.holm"], T["ola.berg"], T["lise.ahmadi"]
    T["log2"], con = new_log(ola, CHILD2, "Tobias Overføring", ("Språk.",))
    log = T["log2"]
    # Others are refused, nothing written.
    for who, status in (("jonas.moe", 404), ("per.lund", 404), ("lise.ahmadi", 404)):
        r = offer(T[who], log, {"to": "person:lise.ahmadi", "reason": "x"})
        eq(r.status, status, f"{who} may not transfer it")
        r = T[who].post(f"/logs/{log}/take-over", {"_csrf": T[who].csrf("/start")})
        eq(r.status, status, f"{who} may not take it over")
    r = ola.post(f"/logs/{log}/take-over", {"_csrf": ola.csrf("/start")})
    eq(r.status, 403, "the holder does not take over her own log")
    eq(count(f"SELECT COUNT(*) FROM transfer WHERE log_id = {log}"), 0, "nothing written")
    # The leader of the unit offers it on ola's behalf.
    r, x = xml(kari, f"/logs/{log}")
    ok({"transfer", "take-over"} <= set(action_names(x)), "the leader may transfer and take over")
    r = offer(kari, log, {"to": "person:lise.ahmadi", "reason": "Ola har langtidspermisjon.",
                          "concerns": [str(con[0])]})
    eq(r.status, 303, "offered by the leader")
    tid = pending(log)
    eq(sql(f"SELECT from_uid, offered_by FROM transfer WHERE id = {tid}"), [["ola.berg", "kari.holm"]],
       "on ola's behalf")
    r = kari.post(f"/logs/{log}/take-over", {"_csrf": kari.csrf("/start")})
    eq(r.status, 409, "no take-over while a transfer is pending")
    r, x = xml(kari, "/overview?unit=solbakken-barnehage")
    eq([t.get("log") for t in x.findall("content/transfers/transfer")], [str(log)], "pending in her overview")
    ok(x.find("content/transfers/transfer").get("child") is None, "no child named in the overview")
    r = step(kari, log, tid, "withdraw", {"reason": "Ola kommer tilbake likevel."})
    eq(r.status, 303, "the leader withdraws it")
    # She takes it over herself (to close it).
    a0 = audit_max()
    r = kari.post(f"/logs/{log}/take-over", {"_csrf": kari.csrf("/start"), "reason": "Skal avsluttes."})
    eq(r.status, 303, "taken over")
    eq(holder(log), ["kari.holm", "solbakken-barnehage"], "kari holds it")
    eq(sql(f"SELECT action, object FROM audit WHERE id > {a0} AND action LIKE 'transfer%'"),
       [["transfer-take-over", "kari.holm"]], "audited")
    eq(events(log)[-1], "holder", "in the history")
    r = ola.post(f"/logs/{log}/concerns", {"_csrf": ola.csrf("/start"), "category": "3",
                                           "description": "Etter.", "goal": "Mål."})
    eq(r.status, 404, "ola lost it")

    # A holder gone from the directory: her logs need a new holder.
    T["log3"], _ = new_log(lise, CHILD3, "Tuva Overføring", ())
    r, x = xml(kari, "/start")
    ok(str(T["log3"]) not in [i.get("log") for i in x.findall("content/todo/needs-holder/item")],
       "not while lise is there")
    sql("UPDATE staff SET gone_at = UTC_TIMESTAMP() WHERE uid = 'lise.ahmadi'")
    try:
        r, x = xml(kari, "/start")
        items = [i for i in x.findall("content/todo/needs-holder/item") if i.get("log") == str(T["log3"])]
        eq(len(items), 1, "on the leader's to-do")
        eq(items[0].get("gone"), "1", "marked gone")
        r, x = xml(kari, "/overview?unit=solbakken-barnehage")
        ok(str(T["log3"]) in [g.get("id") for g in x.findall("content/needs-holder/log")], "in her overview")
        r = offer(kari, T["log3"], {"to": "person:ola.berg", "reason": "Lise har sluttet."})
        eq(r.status, 303, "the leader transfers it")
        r = step(ola, T["log3"], pending(T["log3"]), "accept")
        eq(r.status, 303, "ola accepts")
        eq(holder(T["log3"])[0], "ola.berg", "a new holder")
        r, x = xml(kari, "/start")
        ok(str(T["log3"]) not in [i.get("log") for i in x.findall("content/todo/needs-holder/item")],
           "no longer needing one")
    finally:
        sql("UPDATE staff SET gone_at = NULL WHERE uid = 'lise.ahmadi'")
        T["lise.ahmadi"] = logged_in("lise.ahmadi")


def test_transfer_06_history_for_the_family_not_in_meeting_mode():
    log = T["log"]
    c, r, _ = family_login(MOTHER)
    r, x = xml(c, f"/logs/{log}")
    eq(r.status, 200, "the mother opens the log")
    kinds = [e.get("kind") for e in x.findall("content/log/events/event")]
    for k in ("created", "transfer-offered", "transfer-accepted", "holder", "transfer-declined",
              "transfer-withdrawn"):
        ok(k in kinds, f"the family sees {k}")
    dec = [e for e in x.findall("content/log/events/event") if e.get("kind") == "transfer-declined"][0]
    eq(dec.findtext("reason"), "Vi har ikke kapasitet nå.", "with the reason")
    hs = x.findall("content/log/holders/holder")
    eq([h.get("name") for h in hs], ["Ola Berg", "Lise Ahmadi", "Ingrid Dahl"], "holders")
    ok(all(h.get("until") for h in hs[:-1]) and hs[-1].get("until") is None, "with their periods")
    r = c.get(f"/logs/{log}")
    ok("Vi har ikke kapasitet nå." in r.text, "on the page")
    # Meeting mode shows no history.
    m = logged_in("ingrid.dahl")
    r = m.post(f"/logs/{log}/meeting-mode", {"_csrf": m.csrf(f"/logs/{log}")})
    eq(r.status, 303, "meeting mode")
    r, x = xml(m, f"/logs/{log}")
    ok(x.find("content/log/events") is None and x.find("content/log/holders") is None, "no history")
    ok("transfer" not in action_names(x), "no transfer in meeting mode")
    r = m.post(f"/logs/{log}/transfers", {"_csrf": m.csrf(f"/logs/{log}"), "to": "person:per.lund",
                                          "reason": "x"})
    eq(r.status, 403, "refused in meeting mode")
    # The print's holders come from the history too.
    r, x = xml(T["ingrid.dahl"], f"/logs/{log}/log.pdf")
    eq([h.get("name") for h in x.findall("content/log/history/holder")],
       ["Ola Berg", "Lise Ahmadi", "Ingrid Dahl"], "the print's holders")


class RowLock:
    """A second database connection holding a row lock (SELECT ... FOR
    UPDATE in an open transaction) until released."""

    def __init__(self, query):
        self.query = query

    def __enter__(self):
        self.p = subprocess.Popen(["mariadb", "--no-defaults", "-S", f"{RUN}/db/db.sock", f"-u{DB_ADMIN}",
                                   "-n", "-N", "-B", "stafettlogg"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.p.stdin.write(f"BEGIN; {self.query} FOR UPDATE; SELECT 'locked';\n")
        self.p.stdin.flush()
        ok(self.p.stdout.readline() and wait_for(lambda: True), "lock taken")
        return self

    def release(self):
        try:
            self.p.stdin.write("ROLLBACK;\n")
            self.p.stdin.close()
        except (BrokenPipeError, ValueError, OSError):
            pass
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()

    def __exit__(self, *exc):
        self.release()


def waiting():
    try:
        return count("SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS")
    except subprocess.CalledProcessError:
        return 0


def half_accept(kill):
    """Offer a log with two concerns to lise taking one along, hold the
    other's row, send the accept (it changes the holder, then waits on
    that row), kill(), and check that nothing of the accept remains and
    that the accept then works once."""
    ola, lise = T["ola.berg"], T["lise.ahmadi"]
    log, (c1, c2) = new_log(ola, CHILD4 if "db" in kill.__name__ else CHILD5,
                            "Kim " + kill.__name__, ("Språk.", "Motorikk."))
    r = offer(ola, log, {"to": "person:lise.ahmadi", "reason": "Halvveis.", "concerns": [str(c1)]})
    eq(r.status, 303, "offered")
    tid = pending(log)
    a0 = audit_max()
    res = {}
    lock = RowLock(f"SELECT id FROM concern WHERE id = {c2}").__enter__()
    try:
        tok = lise.csrf("/start")
        th = threading.Thread(target=lambda: res.setdefault("r", lise.post(
            f"/transfers/{tid}/accept", {"_csrf": tok})))
        th.start()
        ok(wait_for(lambda: waiting() > 0, 10), "the accept waits on the row, its holder changed")
        kill(lock)
        th.join(30)
        ok(not th.is_alive(), "the request ended")
    finally:
        lock.release()
    ok(res["r"].status >= 500, f"answered {res['r'].status}")
    ok(wait_for(lambda: T["ola.berg"].get("/start").status == 200, 30), "serving again")
    eq(holder(log), ["ola.berg", "solbakken-barnehage"], "exactly the old holder")
    eq(sql(f"SELECT status, pending_log FROM transfer WHERE id = {tid}"), [["pending", str(log)]],
       "the transfer still pending, no half transfer")
    eq(sql(f"SELECT status FROM concern WHERE log_id = {log} ORDER BY id"), [["active"], ["active"]],
       "no concern closed")
    eq(events(log), ["created", "transfer-offered"], "no history of it")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE id > {a0} AND action = 'transfer-accept'"), 0, "no audit of it")
    lise = T["lise.ahmadi"] = logged_in("lise.ahmadi")
    r = step(lise, log, tid, "accept")
    eq(r.status, 303, "accepted afterwards")
    eq(holder(log), ["lise.ahmadi", "solbakken-barnehage"], "one new holder")
    eq(count(f"SELECT COUNT(*) FROM transfer WHERE log_id = {log} AND status = 'accepted'"), 1, "one transfer")


def test_transfer_07_database_killed_mid_accept():
    def kill_db(lock):
        with open(f"{RUN}/db/db.pid") as f:
            os.kill(int(f.read().strip()), signal.SIGKILL)
        wait_for(lambda: not os.path.exists(f"/proc/{lock.p.pid}") or lock.p.poll() is not None, 10)
        script("db", "start")
    half_accept(kill_db)


def test_transfer_08_worker_killed_mid_accept():
    def kill_worker(lock):
        for p in worker_pids():
            os.kill(p, signal.SIGKILL)
        # The server notices the lost client once the row is free.
        lock.release()
    half_accept(kill_worker)


def test_transfer_09_consent_and_closing():
    """With the life of a log (lifecycle): an expired consent lets no new
    holder in the same unit; closing the log ends a pending transfer."""
    ola, lise = T["ola.berg"], T["lise.ahmadi"]
    log, (c1,) = new_log(ola, fresh_nin(9, 4, 2018), "Siri Avslutning", ("Språk.",))
    sql(f"UPDATE consent SET expires_at = '{(TODAY - datetime.timedelta(days=1)).isoformat()}'"
        f" WHERE log_id = {log}")
    r = offer(ola, log, {"to": "person:lise.ahmadi", "reason": "Ny stilling.", "concerns": [str(c1)]})
    eq(r.status, 422, "consent expired: no new holder")
    ok(("to", "field.transfer.consent") in [(e.get("field"), e.get("key")) for e in r.xml().iter("error")],
       "said why")
    eq(pending(log), None, "nothing offered")
    sql(f"UPDATE consent SET expires_at = NULL WHERE log_id = {log}")
    r = offer(ola, log, {"to": "person:lise.ahmadi", "reason": "Ny stilling.", "concerns": [str(c1)]})
    eq(r.status, 303, "offered once the consent is in force")
    tid = pending(log)
    tok = ola.csrf(f"/logs/{log}")
    r = ola.post(f"/logs/{log}/passive", {"passive-reason": "moved", "passive-text": "Flyttet.",
                                          "_csrf": tok})
    eq(r.status, 303, "set passive")
    eq(sql(f"SELECT status, pending_log IS NULL FROM transfer WHERE id = {tid}"), [["withdrawn", "1"]],
       "the pending transfer ends with the log")
    ok("transfer-withdrawn" in events(log), "in the history")
    r = step(lise, log, tid, "accept")
    ok(r.status in (404, 409), f"a closed log's transfer cannot be accepted ({r.status})")
    eq(holder(log), ["ola.berg", "solbakken-barnehage"], "ola still holds the passive log")
