"""The life of a log (issue 7): consent over time, guardians, the
consent-age switch, levels, passive with a reason (read-only), reopening
by the unit leader with renewed consent, deletion by the unit leader
(nothing of the log left in any table), and deletions that die half-way
(the worker, the database) leaving the log whole.  Through nginx, every
refusal checked in the database."""

import datetime
import os
import signal
import subprocess
import threading
import time

from lib import *  # noqa: F401,F403
import test_family

TODAY = datetime.date.today()
D = datetime.timedelta
F = {}


def xml_of(client, path):
    r = client.get(path + ("&" if "?" in path else "?") + "format=xml")
    eq(r.status, 200, f"GET {path}")
    return r.xml()


def action(x, name):
    return x.find(f"actions/action[@name='{name}']")


def count(q):
    return int(sql(q)[0][0])


def log_counts(log_id):
    """Rows of everything a log holds: a write refused must change none."""
    t = ["guardian", "consent", "attachment", "concern", "measure", "bright_spot", "note",
         "meeting", "read_grant", "log_event"]
    rows = [count(f"SELECT COUNT(*) FROM {n} WHERE log_id = {log_id}") for n in t]
    rows.append(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {log_id} AND action NOT IN"
                      " ('view-log', 'view-concern', 'view-measure', 'archive-copy')"))
    rows.append(sql(f"SELECT CONCAT(status, level, COALESCE(active_nin, '-')) FROM log WHERE id = {log_id}"))
    rows.append(count(f"SELECT COUNT(*) FROM guardian WHERE log_id = {log_id} AND nin IS NOT NULL"))
    return rows


def create_log(holder, nin, name, level=1, unit="solbakken-barnehage", guardian=None,
               by="guardians", expires=None):
    tok = holder.csrf("/logs/new")
    g = guardian or ("Foresatt " + name, None)
    form = {"nin": nin, "child-name": name, "unit": unit, "level": str(level),
            "address": "Adresse " + name,
            "guardian1-name": g[0], "consent-by": by, "consent-by-name": g[0],
            "consent-date": TODAY.isoformat(), "consent-scope": "Barnehagen og helsestasjonen",
            "_csrf": tok}
    if g[1]:
        form["guardian1-nin"] = g[1]
    if expires:
        form["consent-expires"] = expires.isoformat()
    r = holder.post("/logs", form)
    eq(r.status, 303, f"create log for {name}")
    return int(r.header("Location").rsplit("/", 1)[1])


def consent_form(tok, by="guardians", expires=None, name="Foresatt"):
    f = {"consent-by": by, "consent-by-name": name, "consent-date": TODAY.isoformat(),
         "consent-scope": "Barnehagen, skolen og PPT", "_csrf": tok}
    if expires:
        f["consent-expires"] = expires.isoformat()
    return f


def expire_consents(log_id):
    sql(f"UPDATE consent SET given_at = UTC_DATE() - INTERVAL 400 DAY,"
        f" expires_at = UTC_DATE() - INTERVAL 1 DAY WHERE log_id = {log_id}")


def test_lifecycle_01_expired_consent_blocks_new_access_and_warns():
    for u in ["lise.ahmadi", "ase.ovrebo", "jonas.moe", "kari.holm", "per.lund"]:
        logged_in(u)    # known to the system (staff) from their first login
    h = logged_in("ola.berg")
    F["h"] = h
    lid = create_log(h, synthetic_nin(3, 4, 2021, 600), "Liv Samtykketest", expires=TODAY + D(days=30))
    F["consent_log"] = lid
    x = xml_of(h, f"/logs/{lid}")
    for a in ["record-consent", "add-guardian", "change-guardian", "change-level", "set-passive"]:
        ok(action(x, a) is not None, f"holder is offered {a}")
    ok(x.find("content/log/lifecycle/consent-warning") is None, "no warning while valid")
    ok(action(x, "add-grant") is not None, "grants offered")

    expire_consents(lid)
    x = xml_of(h, f"/logs/{lid}")
    eq(x.find("content/log/lifecycle/consent-warning").get("state"), "expired", "holder warned")
    ok(action(x, "add-grant") is None, "no grant form while expired")
    lx = xml_of(logged_in("kari.holm"), f"/logs/{lid}")
    eq(lx.find("content/log/lifecycle/consent-warning").get("state"), "expired", "unit leader warned")
    ok("Liv Samtykketest" not in lx.find("content/log").get("child-name", ""), "leader reads no content")

    # No new read grant: 409, nothing written.
    before = log_counts(lid)
    tok = h.csrf(f"/logs/{lid}")
    r = h.post_xml(f"/logs/{lid}/grants", {"uid": "jonas.moe", "scope": "all", "history": "all",
                                            "_csrf": tok})
    eq(r.status, 409, "grant while the consent has expired")
    ok("error.consent.expired" in error_keys(r), "says why")
    # No new actor: a measure for someone not yet in the log, 422.
    cid = location_id(h.post(f"/logs/{lid}/concerns", {"category": "1", "description": "Uro",
                                                        "goal": "Ro i samlingsstund", "_csrf": tok}),
                      "concern", "concern while expired (the holder still writes)")
    before = log_counts(lid)
    r = h.post_xml(f"/concerns/{cid}/measures", {"text": "Støtte", "kind": "service",
                                                  "actor": "staff:lise.ahmadi", "start": TODAY.isoformat(),
                                                  "evaluate-by": (TODAY + D(days=30)).isoformat(),
                                                  "_csrf": tok})
    eq(r.status, 422, "new actor while expired")
    ok(any(e.get("key") == "field.actor.consent" for e in r.xml().iter("error")), "says why")
    eq(log_counts(lid), before, "nothing written")
    # The holder herself stays allowed as actor: no one new.
    r = h.post(f"/concerns/{cid}/measures", {"text": "Holder tar det", "kind": "service",
                                             "actor": "staff:ola.berg", "start": TODAY.isoformat(),
                                             "evaluate-by": (TODAY + D(days=30)).isoformat(), "_csrf": tok})
    eq(r.status, 303, "the holder as actor")


def test_lifecycle_02_consent_renewed():
    h = F["h"]
    lid = F["consent_log"]
    tok = h.csrf(f"/logs/{lid}")
    before = log_counts(lid)
    # Refusals first: an expiry already past, and anyone but the holder.
    r = h.post_multipart(f"/logs/{lid}/consents", consent_form(tok, expires=TODAY - D(days=1)), xml=True)
    eq(r.status, 422, "expiry in the past")
    for who, want in [("kari.holm", 403), ("jonas.moe", 404)]:
        c = logged_in(who)
        r = c.post_multipart(f"/logs/{lid}/consents", consent_form(c.csrf("/start")))
        eq(r.status, want, f"record-consent by {who}")
    eq(log_counts(lid), before, "refusals wrote nothing")

    exp = TODAY + D(days=365)
    r = h.post_multipart(f"/logs/{lid}/consents", consent_form(tok, expires=exp),
                         files={"consent-file": ("samtykke.pdf", "application/pdf", PDF)})
    eq(r.status, 303, "renewed")
    eq(count(f"SELECT COUNT(*) FROM consent WHERE log_id = {lid} AND expires_at = '{exp}'"
             " AND attachment_id IS NOT NULL"), 1, "the consent with its PDF")
    eq(sql(f"SELECT kind, value_to, actor_uid FROM log_event WHERE log_id = {lid} ORDER BY id DESC LIMIT 1"),
       [["consent", exp.isoformat(), "ola.berg"]], "history")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {lid} AND action = 'record-consent'"), 1, "audited")
    x = xml_of(h, f"/logs/{lid}")
    ok(x.find("content/log/lifecycle/consent-warning") is None, "warning gone")
    ok(action(x, "add-grant") is not None, "grants again")
    r = h.post(f"/logs/{lid}/grants", {"uid": "jonas.moe", "scope": "all", "history": "all",
                                       "_csrf": h.csrf(f"/logs/{lid}")})
    eq(r.status, 303, "grant after renewal")


def test_lifecycle_03_guardians_added_and_changed():
    h = F["h"]
    lid = F["consent_log"]
    tok = h.csrf(f"/logs/{lid}")
    before = log_counts(lid)
    bad = {"guardian-name": "Far Samtykketest", "guardian-nin": "12345678901", "_csrf": tok}
    r = h.post_xml(f"/logs/{lid}/guardians", bad)
    eq(r.status, 422, "bad identity number")
    ok(any(e.get("key") == "field.nin.invalid" for e in r.xml().iter("error")), "says which")
    eq(log_counts(lid), before, "nothing written")
    dad = synthetic_nin(5, 6, 1988, 600)
    r = h.post(f"/logs/{lid}/guardians", {"guardian-name": "Far Samtykketest", "guardian-nin": dad,
                                          "guardian-phone": "400 00 000", "_csrf": tok})
    eq(r.status, 303, "guardian added")
    gid = one_id(f"SELECT id FROM guardian WHERE log_id = {lid} AND nin = '{dad}'", "new guardian")
    ev = sql(f"SELECT kind, value_to, COALESCE(reason, ''), COALESCE(value_from, '') FROM log_event"
             f" WHERE log_id = {lid} ORDER BY id DESC LIMIT 1")
    eq(ev, [["guardian", "added", "", ""]], "history says only that it happened")
    ok(count(f"SELECT COUNT(*) FROM log_event WHERE log_id = {lid} AND (reason LIKE '%{dad}%'"
             " OR reason LIKE '%Far%' OR value_to LIKE '%Far%')") == 0, "no name or number in history")
    # Change: a bad number refused, another log's guardian refused, then changed.
    before = log_counts(lid)
    r = h.post_xml(f"/logs/{lid}/guardians/change", {"guardian": str(gid), "guardian-name": "Far",
                                                      "guardian-nin": dad[:10] + "9", "_csrf": tok})
    eq(r.status, 422, "changed to a bad number")
    olog = create_log(h, synthetic_nin(4, 4, 2021, 600), "Annen Livsløp")
    other = one_id(f"SELECT id FROM guardian WHERE log_id = {olog}", "another log's guardian")
    r = h.post_xml(f"/logs/{lid}/guardians/change", {"guardian": str(other), "guardian-name": "X",
                                                      "_csrf": tok})
    eq(r.status, 422, "another log's guardian")
    eq(log_counts(lid), before, "nothing written")
    dad2 = synthetic_nin(6, 6, 1988, 600)
    r = h.post(f"/logs/{lid}/guardians/change", {"guardian": str(gid), "guardian-name": "Far Endret",
                                                  "guardian-nin": dad2, "_csrf": tok})
    eq(r.status, 303, "changed")
    eq(sql(f"SELECT name, nin FROM guardian WHERE id = {gid}"), [["Far Endret", dad2]], "stored")
    eq(sql(f"SELECT kind, value_to FROM log_event WHERE log_id = {lid} ORDER BY id DESC LIMIT 1"),
       [["guardian", "changed"]], "history")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {lid} AND action IN ('add-guardian',"
             " 'change-guardian')"), 2, "audited")


def test_lifecycle_04_consent_age_switch():
    h = F["h"]
    lid = create_log(h, synthetic_nin(7, 8, TODAY.year - 13, 600), "Ung Samtykketest")
    x = xml_of(h, f"/logs/{lid}")
    ok(x.find("content/log/lifecycle/consent-warning") is None, "13: the guardians' consent holds")
    # Time passes: the child reaches the consent age (16 here).
    sql(f"UPDATE log SET birth_date = UTC_DATE() - INTERVAL 16 YEAR WHERE id = {lid}")
    x = xml_of(h, f"/logs/{lid}")
    eq(x.find("content/log/lifecycle/consent-warning").get("state"), "youth-needed", "the log says so")
    eq(action(x, "record-consent").find("field[@name='consent-by']").get("value"), "youth", "youth first")
    tok = h.csrf(f"/logs/{lid}")
    r = h.post_xml(f"/logs/{lid}/grants", {"uid": "jonas.moe", "scope": "all", "history": "all", "_csrf": tok})
    eq(r.status, 409, "no new access until the youth consents")
    before = log_counts(lid)
    r = h.post_multipart(f"/logs/{lid}/consents", consent_form(tok, by="guardians"), xml=True)
    eq(r.status, 422, "the guardians can no longer consent")
    ok(any(e.get("key") == "field.consent.youth-required" for e in r.xml().iter("error")), "says why")
    eq(log_counts(lid), before, "nothing written")
    r = h.post_multipart(f"/logs/{lid}/consents", consent_form(tok, by="youth", name="Ung Samtykketest"))
    eq(r.status, 303, "the youth consents")
    eq(sql(f"SELECT kind FROM log_event WHERE log_id = {lid} ORDER BY id DESC LIMIT 1"), [["consent-youth"]],
       "history")
    x = xml_of(h, f"/logs/{lid}")
    ok(x.find("content/log/lifecycle/consent-warning") is None, "warning gone")
    r = h.post(f"/logs/{lid}/grants", {"uid": "jonas.moe", "scope": "all", "history": "all",
                                       "_csrf": h.csrf(f"/logs/{lid}")})
    eq(r.status, 303, "grant after the youth's consent")


def measure(h, cid, actor, tok):
    return h.post_xml(f"/concerns/{cid}/measures", {
        "text": "Tiltak for " + actor, "kind": "service", "actor": "staff:" + actor,
        "start": TODAY.isoformat(), "evaluate-by": (TODAY + D(days=20)).isoformat(), "_csrf": tok})


def test_lifecycle_05_level_change_and_the_level1_rule():
    h = F["h"]
    lid = create_log(h, synthetic_nin(9, 9, 2020, 600), "Nivå Livsløp", level=1)
    F["level_log"] = lid
    tok = h.csrf(f"/logs/{lid}")
    cid = location_id(h.post(f"/logs/{lid}/concerns", {"category": "2", "description": "Språk",
                                                        "goal": "Flere ord", "_csrf": tok}), "concern", "concern")
    r = measure(h, cid, "ase.ovrebo", tok)
    eq(r.status, 422, "level 1: another unit's staff refused")
    before = log_counts(lid)
    for form, what in [({"level": "1", "level-reason": "Samme"}, "same level"),
                       ({"level": "2"}, "no reason"), ({"level": "4", "level-reason": "x"}, "no such level")]:
        form["_csrf"] = tok
        eq(h.post_xml(f"/logs/{lid}/level", form).status, 422, what)
    for who, want in [("kari.holm", 403), ("ase.ovrebo", 404)]:
        c = logged_in(who)
        eq(c.post(f"/logs/{lid}/level", {"level": "2", "level-reason": "x", "_csrf": c.csrf("/start")}).status,
           want, f"level by {who}")
    eq(log_counts(lid), before, "refusals wrote nothing")
    r = h.post(f"/logs/{lid}/level", {"level": "2", "level-reason": "Skolen kommer inn", "_csrf": tok})
    eq(r.status, 303, "to level 2")
    eq(sql(f"SELECT kind, value_from, value_to, reason FROM log_event WHERE log_id = {lid}"
           " ORDER BY id DESC LIMIT 1"), [["level", "1", "2", "Skolen kommer inn"]], "history")
    eq(measure(h, cid, "ase.ovrebo", tok).status, 303, "level 2: another unit's staff")
    r = h.post(f"/logs/{lid}/level", {"level": "1", "level-reason": "Tilbake til barnehagen", "_csrf": tok})
    eq(r.status, 303, "back to level 1")
    eq(count(f"SELECT COUNT(*) FROM measure WHERE log_id = {lid} AND actor_uid = 'ase.ovrebo'"
             " AND status = 'active'"), 1, "an actor already in place keeps her measure")
    r = measure(h, cid, "jonas.moe", tok)
    eq(r.status, 422, "level 1 again: no new actor from another unit")
    ok(any(e.get("key") == "field.actor.level1" for e in r.xml().iter("error")), "the level-1 rule")
    ok(xml_of(h, f"/logs/{lid}").find("content/log/lifecycle/level-note") is None, "no note at level 1")
    eq(h.post(f"/logs/{lid}/level", {"level": "3", "level-reason": "Barnevernet er med",
                                     "_csrf": tok}).status, 303, "to level 3")
    for c in [h, logged_in("ase.ovrebo")]:
        ok(xml_of(c, f"/logs/{lid}").find("content/log/lifecycle/level-note") is not None,
           "level 3: consider an individual plan and a coordinator")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {lid} AND action = 'change-level'"), 3, "audited")


def test_lifecycle_06_passive_with_reason_is_read_only_for_everyone():
    h = F["h"]
    lid = F["level_log"]
    tok = h.csrf(f"/logs/{lid}")
    mid = one_id(f"SELECT id FROM measure WHERE log_id = {lid} AND actor_uid = 'ase.ovrebo'", "measure")
    cid = one_id(f"SELECT concern_id FROM measure WHERE id = {mid}", "concern")
    eq(h.post(f"/logs/{lid}/bright-spots", {"text": "Fin dag", "_csrf": tok}).status, 303, "bright spot")
    bid = one_id(f"SELECT id FROM bright_spot WHERE log_id = {lid}", "bright spot")
    before = log_counts(lid)
    eq(h.post_xml(f"/logs/{lid}/passive", {"passive-reason": "moved", "_csrf": tok}).status, 422, "no text")
    eq(h.post_xml(f"/logs/{lid}/passive", {"passive-reason": "bored", "passive-text": "x",
                                           "_csrf": tok}).status, 422, "no such reason")
    k = logged_in("kari.holm")
    eq(k.post(f"/logs/{lid}/passive", {"passive-reason": "moved", "passive-text": "x",
                                       "_csrf": k.csrf("/start")}).status, 403, "leader is not the holder")
    eq(log_counts(lid), before, "refusals wrote nothing")
    r = h.post(f"/logs/{lid}/passive", {"passive-reason": "moved", "passive-text": "Familien flyttet til Bergen",
                                        "_csrf": tok})
    eq(r.status, 303, "set passive")
    eq(sql(f"SELECT status, COALESCE(active_nin, '-') FROM log WHERE id = {lid}"), [["passive", "-"]], "passive")
    eq(sql(f"SELECT kind, value_to, reason FROM log_event WHERE log_id = {lid} ORDER BY id DESC LIMIT 1"),
       [["passive", "moved", "Familien flyttet til Bergen"]], "history")
    eq(count(f"SELECT COUNT(*) FROM archive_copy WHERE log_id = {lid} AND reason = 'passive'"), 1,
       "archive copy made after the commit")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {lid} AND action = 'set-passive'"), 1, "audited")
    x = xml_of(h, f"/logs/{lid}")
    eq(x.find("content/log/lifecycle/passive").get("reason"), "moved", "the log says why")
    for a in ["record-consent", "add-guardian", "change-level", "set-passive", "add-concern", "add-grant",
              "add-bright-spot", "add-note", "add-meeting", "meeting-mode", "reopen-log", "delete-log"]:
        ok(action(x, a) is None, f"holder of a passive log is not offered {a}")
    lx = xml_of(k, f"/logs/{lid}")
    ok(action(lx, "reopen-log") is not None and action(lx, "delete-log") is not None,
       "the unit leader may reopen or delete")
    # Every write route refuses, for every role, and writes nothing.
    i = logged_in("ase.ovrebo")
    before = log_counts(lid)
    routes = [(f"/logs/{lid}/concerns", {"category": "1", "description": "x", "goal": "x"}),
              (f"/concerns/{cid}", {"category": "1", "description": "x", "goal": "x", "status": "active"}),
              (f"/concerns/{cid}/measures", {"text": "x", "kind": "service", "actor": "staff:ola.berg",
                                              "start": TODAY.isoformat(),
                                              "evaluate-by": (TODAY + D(days=9)).isoformat()}),
              (f"/measures/{mid}", {"text": "x"}),
              (f"/measures/{mid}/evaluation", {"effective": "1", "family-view": "x", "decision": "end"}),
              (f"/measures/{mid}/correction", {"text": "x", "actor": "staff:ola.berg",
                                                "evaluate-by": (TODAY + D(days=9)).isoformat()}),
              (f"/logs/{lid}/bright-spots", {"text": "x"}), (f"/bright-spots/{bid}", {"text": "x"}),
              (f"/logs/{lid}/notes", {"text": "x"}),
              (f"/logs/{lid}/meetings", {"at-date": TODAY.isoformat(), "at-time": "10:00", "place": "x",
                                         "participants": "x"}),
              (f"/logs/{lid}/grants", {"uid": "jonas.moe", "scope": "all", "history": "all"}),
              (f"/logs/{lid}/meeting-mode", {}),
              (f"/logs/{lid}/consents", consent_form("")),
              (f"/logs/{lid}/guardians", {"guardian-name": "x"}),
              (f"/logs/{lid}/guardians/change", {"guardian": "1", "guardian-name": "x"}),
              (f"/logs/{lid}/level", {"level": "2", "level-reason": "x"}),
              (f"/logs/{lid}/passive", {"passive-reason": "other", "passive-text": "x"})]
    for c, who in [(h, "holder"), (i, "actor")]:
        tok = c.csrf("/start")
        for path, form in routes:
            form = dict(form, _csrf=tok)
            r = c.post(path, form)
            ok(r.status in (403, 404), f"{who}: POST {path} on a passive log gave {r.status}")
    eq(log_counts(lid), before, "nothing written on the passive log")
    # Stays in the lists, as passive.
    lx = xml_of(h, "/logs?status=passive&role=holder")
    row = lx.find(f"content/logs/log[@id='{lid}']")
    ok(row is not None and row.get("status") == "passive", "listed as passive")
    F["passive_log"] = lid


def test_lifecycle_07_family_withdrawal_writes_the_passive_step():
    h = F["h"]
    mother = synthetic_nin(2, 2, 1986, 650)
    lid = create_log(h, synthetic_nin(2, 2, 2020, 650), "Trekk Livsløp", guardian=("Mor Trekk", mother))
    c, r, _ = test_family.family_login(mother)
    eq(r.status, 303, "guardian logs in")
    eq(c.post(f"/logs/{lid}/withdraw-consent", {"_csrf": c.csrf(f"/logs/{lid}")}).status, 303, "withdrawn")
    eq(sql(f"SELECT kind, value_to, COALESCE(actor_uid, '-') FROM log_event WHERE log_id = {lid}"
           " ORDER BY id DESC LIMIT 1"), [["passive", "family-ended", "-"]], "the passive step")
    eq(count(f"SELECT COUNT(*) FROM archive_copy WHERE log_id = {lid} AND reason = 'passive'"), 1, "archived")


def test_lifecycle_08_reopen_by_the_leader_with_renewed_consent():
    h = F["h"]
    lid = F["passive_log"]
    nin = sql(f"SELECT nin FROM log WHERE id = {lid}")[0][0]
    k = logged_in("kari.holm")
    tok = k.csrf(f"/logs/{lid}")
    before = log_counts(lid)
    eq(h.post_multipart(f"/logs/{lid}/reopen", consent_form(h.csrf("/start"))).status, 403,
       "the holder does not reopen")
    eq(k.post_multipart(f"/logs/{lid}/reopen", {"_csrf": tok}, xml=True).status, 422, "no consent")
    # Another active log for the child: the leader may not reopen this one.
    other = create_log(h, nin, "Nivå Livsløp")
    r = k.post_multipart(f"/logs/{lid}/reopen", consent_form(tok, expires=TODAY + D(days=200)), xml=True)
    eq(r.status, 409, "another active log")
    eq(log_counts(lid), before, "refusals wrote nothing")
    eq(h.post(f"/logs/{other}/passive", {"passive-reason": "other", "passive-text": "Opprettet ved en feil",
                                         "_csrf": h.csrf(f"/logs/{other}")}).status, 303, "the other closed")
    r = k.post_multipart(f"/logs/{lid}/reopen", consent_form(tok, expires=TODAY + D(days=200)),
                         files={"consent-file": ("nytt.pdf", "application/pdf", PDF)})
    eq(r.status, 303, "reopened")
    eq(sql(f"SELECT status, active_nin FROM log WHERE id = {lid}"), [["active", nin]], "active again")
    eq(sql(f"SELECT kind FROM log_event WHERE log_id = {lid} ORDER BY id DESC LIMIT 2"),
       [["reopened"], ["consent"]], "history: consent and reopened")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {lid} AND action = 'reopen-log' AND uid = 'kari.holm'"),
       1, "audited")
    x = xml_of(h, f"/logs/{lid}")
    ok(action(x, "add-concern") is not None, "the holder writes again")


def rich_passive_log(h, name, mother, child):
    """A log with something in every table, then passive."""
    lid = create_log(h, child, name,
                     guardian=("Mor " + name, mother), expires=TODAY + D(days=300))
    tok = h.csrf(f"/logs/{lid}")
    cid = location_id(h.post(f"/logs/{lid}/concerns", {"category": "3", "description": "Om " + name,
                                                        "goal": "Mål for " + name, "_csrf": tok}),
                      "concern", "concern")
    r = h.post(f"/concerns/{cid}/measures", {"text": "Tiltak " + name, "kind": "service",
                                             "actor": "staff:lise.ahmadi", "steps": "Steg en\nSteg to",
                                             "start": TODAY.isoformat(),
                                             "evaluate-by": (TODAY + D(days=5)).isoformat(), "_csrf": tok})
    mid = location_id(r, "measure", "measure")
    eq(h.post(f"/measures/{mid}/evaluation", {"effective": "1", "family-view": "Bra for " + name,
                                              "decision": "continue", "_csrf": tok}).status, 303, "evaluation")
    eq(h.post(f"/logs/{lid}/bright-spots", {"text": "Lysglimt " + name, "_csrf": tok}).status, 303,
       "bright spot")
    eq(h.post_multipart(f"/logs/{lid}/notes", {"text": "Notat " + name, "_csrf": tok},
                        files={"attachment": ("notat.pdf", "application/pdf", PDF)}).status, 303, "note")
    eq(h.post(f"/logs/{lid}/notes", {"text": "Privat " + name, "private": "1", "_csrf": tok}).status, 303,
       "private note")
    eq(h.post(f"/logs/{lid}/meetings", {"at-date": (TODAY + D(days=3)).isoformat(), "at-time": "09:00",
                                        "place": "Møterom", "participants": "Mor " + name,
                                        "_csrf": tok}).status, 303, "meeting")
    eq(h.post(f"/logs/{lid}/grants", {"uid": "jonas.moe", "scope": "categories", "categories": "3",
                                      "history": "all", "_csrf": tok}).status, 303, "grant")
    eq(h.post(f"/logs/{lid}/level", {"level": "2", "level-reason": "Flere inn", "_csrf": tok}).status, 303,
       "level")
    xml_of(logged_in("jonas.moe"), f"/logs/{lid}")    # a reader
    c, r, _ = test_family.family_login(mother)
    eq(r.status, 303, "the guardian logs in")
    xml_of(c, f"/logs/{lid}")
    eq(c.post(f"/logs/{lid}/bright-spots", {"text": "Fra mor " + name,
                                            "_csrf": c.csrf(f"/logs/{lid}")}).status, 303, "guardian posts")
    # A form kept for its author at a time-out, posted to this log.
    sql(f"INSERT INTO draft (uid, action_href, return_path, fields, created_at) VALUES ('ola.berg',"
        f" '/logs/{lid}/notes', '/logs/{lid}', 'text=Utkast+om+{name.replace(' ', '+')}', UTC_TIMESTAMP())")
    sql(f"INSERT INTO draft (uid, action_href, return_path, fields, created_at) VALUES ('ola.berg',"
        f" '/concerns/{cid}', '/concerns/{cid}/edit', 'description=x', UTC_TIMESTAMP())")
    # A big screen in meeting mode on this log (another session of the holder).
    m = logged_in("ola.berg")
    eq(m.post(f"/logs/{lid}/meeting-mode", {"_csrf": m.csrf(f"/logs/{lid}")}).status, 303, "meeting mode")
    eq(h.post(f"/logs/{lid}/passive", {"passive-reason": "goals-reached", "passive-text": "Målene er nådd",
                                       "_csrf": tok}).status, 303, "passive")
    return lid, c, m


def text_columns():
    return sql("SELECT table_name, column_name FROM information_schema.columns WHERE"
               " table_schema = 'stafettlogg' AND data_type IN ('char', 'varchar', 'text', 'tinytext',"
               " 'mediumtext', 'longtext', 'enum', 'set') ORDER BY table_name, column_name")


def leftovers(lid, needles):
    """Everything of log lid (by id, and its strings) in any table, but the
    archive copy and the audit's one allowed shape."""
    found = []
    for (t,) in sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'stafettlogg'"
                    " AND table_type = 'BASE TABLE' ORDER BY table_name"):
        if t in ("archive_copy", "schema_migration"):
            continue
        cols = [c for (c,) in sql(f"SELECT column_name FROM information_schema.columns WHERE"
                                  f" table_schema = 'stafettlogg' AND table_name = '{t}'")]
        for col in cols:
            if col in ("log_id", "meeting_log") or (t == "log" and col == "id"):
                n = count(f"SELECT COUNT(*) FROM `{t}` WHERE `{col}` = {lid}" +
                          (" AND NOT (action = 'delete-log' OR (object IS NULL AND detail IS NULL"
                           " AND (uid IS NULL OR uid NOT LIKE 'family:%' OR uid = 'family:deleted')))"
                           if t == "audit" else ""))
                if n:
                    found.append(f"{t}.{col} = {lid}: {n} rows")
    bytable = {}
    for t, col in text_columns():
        if t not in ("archive_copy", "schema_migration"):
            bytable.setdefault(t, []).append(col)
    for t, cols in bytable.items():
        conds = []
        for col in cols:
            v = f"CONVERT(`{col}` USING utf8mb4)"
            conds += [f"{v} LIKE '%{s}%'" for s in needles]
            conds.append(f"{v} REGEXP '/logs/{lid}([^0-9]|$)'")
        n = count(f"SELECT COUNT(*) FROM `{t}` WHERE " + " OR ".join(conds))
        if n:
            found.append(f"{t}: {n} rows hold the log's text ({', '.join(cols)})")
    return found


def test_lifecycle_09_delete_leaves_nothing_in_any_table():
    h = F["h"]
    mother = synthetic_nin(11, 11, 1984, 660)
    name = "Slettes Livsløp"
    lid, fam, meet = rich_passive_log(h, name, mother, synthetic_nin(11, 11, 2019, 700))
    nin = sql(f"SELECT nin FROM log WHERE id = {lid}")[0][0]
    needles = [nin, mother, name, "Adresse " + name, "Målene er nådd"]
    ok(leftovers(lid, needles), "the check finds the log before")
    k = logged_in("kari.holm")
    tok = k.csrf(f"/logs/{lid}")
    before = log_counts(lid)
    eq(h.post(f"/logs/{lid}/delete", {"delete-reason": "x", "delete-confirm": "1",
                                      "_csrf": h.csrf("/start")}).status, 403, "the holder does not delete")
    eq(k.post_xml(f"/logs/{lid}/delete", {"delete-reason": "Ferdig arkivert", "_csrf": tok}).status, 422,
       "not confirmed")
    eq(k.post(f"/logs/{F['consent_log']}/delete", {"delete-reason": "x", "delete-confirm": "1",
                                                    "_csrf": tok}).status, 403, "an active log")
    p = logged_in("per.lund")
    eq(p.post(f"/logs/{lid}/delete", {"delete-reason": "x", "delete-confirm": "1",
                                      "_csrf": p.csrf("/start")}).status, 404, "the leader of another unit")
    eq(log_counts(lid), before, "refusals wrote nothing")
    ok(count(f"SELECT COUNT(*) FROM archive_copy WHERE log_id = {lid} AND reason = 'delete'") == 0,
       "no delete copy yet")

    r = k.post(f"/logs/{lid}/delete", {"delete-reason": "Saken er avsluttet og arkivert",
                                       "delete-confirm": "1", "_csrf": tok})
    eq(r.status, 303, "deleted")
    eq(count(f"SELECT COUNT(*) FROM archive_copy WHERE log_id = {lid} AND reason = 'delete'"), 1,
       "the archive copy was made first and outlives the log")
    eq(leftovers(lid, needles), [], "nothing of the log in any table")
    eq(sql(f"SELECT uid, detail FROM audit WHERE log_id = {lid} AND action = 'delete-log'"),
       [["kari.holm", "Saken er avsluttet og arkivert"]], "the audit says: deleted, by whom, why")
    ok(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {lid}") > 10, "the audit rows stay, emptied")
    eq(fam.get("/logs").status, 303, "the guardian's session ended with the last log")
    ok(meet.get(f"/logs/{lid}").status in (303, 404), "the meeting-mode session ended")
    eq(k.get(f"/logs/{lid}").status, 404, "gone")
    # The audit is still append-only for the workers and for everyone else.
    for q in ["UPDATE audit SET detail = NULL WHERE id = (SELECT MIN(id) FROM audit)"]:
        try:
            sql(q)
            raise AssertionError("audit update accepted")
        except subprocess.CalledProcessError as e:
            ok("append-only" in e.stderr, e.stderr)


def try_login(user):
    """A logged-in client, or None while the servers come back."""
    try:
        c = Client()
        return c if c.login(user).status == 303 and c.get("/start").status == 200 else None
    except Exception:
        return None


def lock_rows(lid):
    """A second connection holding row locks on the log's bright spots."""
    p = subprocess.Popen(["mariadb", "--no-defaults", "-S", f"{RUN}/db/db.sock", f"-u{DB_ADMIN}",
                          "-N", "-B", "--unbuffered", "stafettlogg"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    p.stdin.write(f"BEGIN; SELECT COUNT(*) FROM bright_spot WHERE log_id = {lid} FOR UPDATE;"
                  " SELECT 'locked';\n")
    p.stdin.flush()
    ok(p.stdout.readline().strip() != "", "lock taken")
    eq(p.stdout.readline().strip(), "locked", "lock held")
    return p


def release(p):
    """End the lock holder: its idle transaction is rolled back."""
    try:
        p.stdin.close()
        p.wait(10)
    except Exception:
        p.kill()
        p.wait()


def blocked_delete(k, lid, tok):
    """Start the deletion in a thread; return it once it waits on the lock."""
    res = {}

    def run():
        try:
            res["r"] = k.post(f"/logs/{lid}/delete", {"delete-reason": "Avbrutt", "delete-confirm": "1",
                                                      "_csrf": tok})
        except Exception as e:  # the connection dies with the worker or the database
            res["e"] = e
    t = threading.Thread(target=run, daemon=True)
    t.start()
    ok(wait_for(lambda: count("SELECT COUNT(*) FROM information_schema.processlist WHERE"
                              " info LIKE 'DELETE FROM log WHERE id%'") > 0, 20),
       "the deletion waits on the lock")
    return t, res


def whole(lid, snapshot):
    eq(log_counts(lid), snapshot, "the log is whole")
    eq(count(f"SELECT COUNT(*) FROM draft WHERE action_href = '/logs/{lid}/notes'"), 1, "its draft too")
    eq(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {lid} AND action = 'delete-log'"), 0,
       "no deletion in the audit")
    ok(count(f"SELECT COUNT(*) FROM audit WHERE log_id = {lid} AND detail IS NOT NULL") > 0,
       "the audit rows keep their content")


def test_lifecycle_10_worker_killed_mid_deletion_leaves_the_log_whole():
    h = F["h"]
    lid, _, _ = rich_passive_log(h, "Arbeider Drept", synthetic_nin(12, 11, 1984, 670),
                                synthetic_nin(12, 11, 2019, 710))
    snap = log_counts(lid)
    k = logged_in("kari.holm")
    tok = k.csrf(f"/logs/{lid}")
    lock = lock_rows(lid)
    try:
        t, res = blocked_delete(k, lid, tok)
        for p in worker_pids():
            os.kill(p, signal.SIGKILL)
        t.join(30)
    finally:
        release(lock)
    # The server rolls the dead connection's transaction back.
    ok(wait_for(lambda: count("SELECT COUNT(*) FROM information_schema.processlist WHERE"
                              " info LIKE 'DELETE FROM log WHERE id%'") == 0, 20), "the statement is gone")
    ok(wait_for(lambda: len(worker_pids()) >= 2, 15), "workers replaced")
    whole(lid, snap)
    # And then it can be deleted after all.
    k = wait_for(lambda: try_login("kari.holm"), 20)
    ok(k, "logs in again")
    eq(k.post(f"/logs/{lid}/delete", {"delete-reason": "Nytt forsøk", "delete-confirm": "1",
                                      "_csrf": k.csrf(f"/logs/{lid}")}).status, 303, "deleted later")
    eq(count(f"SELECT COUNT(*) FROM log WHERE id = {lid}"), 0, "gone")


def test_lifecycle_11_database_killed_mid_deletion_leaves_the_log_whole():
    h = F["h"]
    lid, _, _ = rich_passive_log(h, "Database Drept", synthetic_nin(13, 11, 1984, 680),
                                synthetic_nin(13, 11, 2019, 720))
    snap = log_counts(lid)
    k = logged_in("kari.holm")
    tok = k.csrf(f"/logs/{lid}")
    lock = lock_rows(lid)
    try:
        t, res = blocked_delete(k, lid, tok)
        with open(f"{RUN}/db/db.pid") as f:
            os.kill(int(f.read().strip()), signal.SIGKILL)
        t.join(30)
    finally:
        release(lock)
        time.sleep(1)
        script("db", "start")
    ok("r" not in res or res["r"].status >= 500, f"the deletion failed: {res}")
    whole(lid, snap)
    ok(wait_for(lambda: try_login("kari.holm"), 30), "serves again")
