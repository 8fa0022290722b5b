"""Review round 3 (attack): defects found by attacking transfers, the life
of a log, notices and the directory search.  Each test failed on the code
before its fix ("Fix: ..." commits)."""

import datetime

from lib import *  # noqa: F401,F403
import test_notices as tn

TODAY = datetime.date.today()
A = {}


def fresh_nin(day, month, year, start=800):
    """A synthetic number no log or guardian has yet (the module may run
    again on the same database while it is developed)."""
    while True:
        n = synthetic_nin(day, month, year, start)
        if not sql(f"SELECT 1 FROM log WHERE nin = '{n}' UNION SELECT 1 FROM guardian WHERE nin = '{n}'"):
            return n
        start = int(n[6:9]) + 1


def new_log(h, child, name, guardian_nin, guardian_mail, unit="solbakken-barnehage"):
    tok = h.csrf("/logs/new")
    form = {"nin": child, "child-name": name, "unit": unit, "level": "1",
            "address": "Vei 1", "guardian1-name": "Forelder " + name, "guardian1-nin": guardian_nin,
            "guardian1-email": guardian_mail, "consent-by": "guardians",
            "consent-by-name": "Forelder", "consent-date": TODAY.isoformat(),
            "consent-scope": "Barnehagen", "_csrf": tok}
    r = h.post_multipart("/logs", form)
    eq(r.status, 303, f"create log for {name}")
    return int(r.header("Location").rsplit("/", 1)[1])


def test_attack3_01_replaced_guardian_gets_no_more_notices():
    """A guardian replaced by another person (custody moved): what was
    queued to the one before is not sent to their address, their inbox is
    not shown to the new guardian, and their old unsubscribe link does not
    change the new guardian's choices."""
    h = logged_in("ola.berg")
    old, new = fresh_nin(9, 3, 1985), fresh_nin(1, 2, 1980)
    lid = new_log(h, fresh_nin(9, 9, 2020), "Angrep Vergebytte", old, "gammel.verge@example.org")
    gid = sql(f"SELECT id FROM guardian WHERE log_id = {lid}")[0][0]
    tn.settle()
    tok = h.csrf(f"/logs/{lid}")
    eq(h.post(f"/logs/{lid}/bright-spots", {"_csrf": tok, "text": "Et lysglimt"}).status, 303, "bright spot")
    sent_before = int(sql(f"SELECT COUNT(*) FROM outbox WHERE recipient = 'guardian:{gid}'"
                          f" AND state = 'sent' AND channel = 'email'")[0][0])
    ok(sent_before >= 1, "the old guardian had mail before")
    r = h.post(f"/logs/{lid}/guardians/change", {
        "_csrf": tok, "guardian": gid, "guardian-name": "Ny Verge", "guardian-nin": new,
        "guardian-email": "ny.verge@example.org"})
    eq(r.status, 303, "guardian changed")
    tn.notify_ok()
    eq([tn.to_of(m) for _, m in tn.mails()], [], "nothing sent to the old guardian's address")
    eq(sql(f"SELECT COUNT(*) FROM outbox WHERE recipient = 'guardian:{gid}'"), [["0"]],
       "the old guardian's notices (and so their unsubscribe links) are gone")
    # The same person with a new address keeps their notices.
    eq(h.post(f"/logs/{lid}/bright-spots", {"_csrf": tok, "text": "Enda et"}).status, 303, "bright spot")
    eq(h.post(f"/logs/{lid}/guardians/change", {
        "_csrf": tok, "guardian": gid, "guardian-name": "Ny Verge", "guardian-nin": new,
        "guardian-email": "ny.verge2@example.org"}).status, 303, "address changed")
    ok(int(sql(f"SELECT COUNT(*) FROM outbox WHERE recipient = 'guardian:{gid}'")[0][0]) >= 1,
       "the same guardian keeps her notices")
    tn.settle()


def test_attack3_02_a_valid_consent_counts():
    """The facts of a log read its consents from the log's row, not from
    the pending-transfer query after it (a merge put one between): every
    log looked consent-expired, so no read grant, no new actor, no
    transfer in the unit, and a warning on every log."""
    logged_in("jonas.moe")     # known as staff from his first login
    h = logged_in("ola.berg")
    lid = new_log(h, fresh_nin(8, 8, 2019), "Angrep Samtykke", fresh_nin(8, 8, 1982), "")
    x = h.get(f"/logs/{lid}?format=xml").xml()
    ok(x.find("content/log/lifecycle/consent-warning") is None, "no warning while the consent is valid")
    ok(x.find("actions/action[@name='add-grant']") is not None, "grants offered")
    r = h.post(f"/logs/{lid}/grants", {"uid": "jonas.moe", "scope": "all", "history": "all",
                                       "_csrf": h.csrf(f"/logs/{lid}")})
    eq(r.status, 303, "a read grant under a valid consent")


def test_attack3_03_accepting_leader_must_be_allowed_to_hold():
    """A leader of the receiving unit whom the unit does not let hold logs
    (staff_permission.may_hold = 0) accepted a transfer "for herself" and
    became its holder: the check was made only for a colleague chosen."""
    import test_transfer as tt
    ola, per = logged_in("ola.berg"), logged_in("per.lund")
    log, cons = tt.new_log(ola, fresh_nin(2, 2, 2018), "Angrep Selvmottak")
    f = {"to": "leader:fjordvik-skole", "reason": "Skole.", "concerns": [str(cons[0])]}
    f.update(tt.CONSENT)
    eq(tt.offer(ola, log, f, {"consent-file": ("s.pdf", "application/pdf", PDF)}).status, 303, "offered")
    tid = tt.pending(log)
    sql("INSERT INTO staff_permission (uid, unit_id, may_hold, may_act, set_by, set_at) VALUES"
        " ('per.lund', 'fjordvik-skole', 0, 1, 'per.lund', UTC_TIMESTAMP())"
        " ON DUPLICATE KEY UPDATE may_hold = 0")
    try:
        r = tt.step(per, log, tid, "accept", {"holder": "self"})
        eq(r.status, 422, "a leader who may not hold logs does not take it herself")
        eq(tt.holder(log), ["ola.berg", "solbakken-barnehage"], "nothing changed")
        eq(tt.pending(log), tid, "still pending")
    finally:
        sql("DELETE FROM staff_permission WHERE uid = 'per.lund' AND unit_id = 'fjordvik-skole'")
    eq(tt.step(per, log, tid, "accept", {"holder": "self"}).status, 303, "allowed again: accepted")


def test_attack3_04_sync_without_unit_groups_is_refused():
    """A directory that gives every employee but no unit group (the
    groups moved out of ldap_unit_base, a filter or rights changed) made
    ldap-sync mark every unit gone and delete every membership: nobody led
    a unit or might hold a log.  The employees' loss rule did not see it."""
    import test_sync as ts
    # The database as the directory has it (people the tests put only in
    # the database gone), as after test_sync_09.
    rc, out = ts.sync(ts.sync_conf("slapd"), "--force")
    eq(rc, 0, f"sync: {out}")
    units = sql("SELECT id FROM unit WHERE gone_at IS NULL ORDER BY id")
    members = sql("SELECT uid, unit_id, role FROM staff_unit ORDER BY uid, unit_id")
    ok(len(units) > 1 and len(members) > 1, "units and memberships before")
    conf = ts.sync_conf("no-units", ldap_unit_base=f"ou=people,{ts.SUFFIX}")
    rc, out = ts.sync(conf)
    eq(rc, 3, f"refused: {out}")
    ok("units would be gone" in out and "ldap_sync_max_loss" in out, out)
    eq(sql("SELECT id FROM unit WHERE gone_at IS NULL ORDER BY id"), units, "no unit gone")
    eq(sql("SELECT uid, unit_id, role FROM staff_unit ORDER BY uid, unit_id"), members,
       "no membership lost")
    eq(sql("SELECT outcome FROM dir_sync ORDER BY id DESC LIMIT 1"), [["refused"]], "recorded as refused")
