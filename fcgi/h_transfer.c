/*
 * h_transfer.c - handing a log to a new holder (issue 7), and its
 * history.
 *
 * The holder (or the leader of the log's unit on her behalf) offers the
 * log to a person of the same unit, to a named person in another unit,
 * or to the leaders of another unit; for another unit the guardians'
 * consent to the new service is recorded with the offer.  The holder
 * writes why, and chooses the concerns that go along.  Until the
 * receiver accepts, the old holder stays holder; the receiver accepts
 * (a leader for herself or for one of her unit's holders) or declines
 * with a reason, and the holder may withdraw.  At most one transfer is
 * pending per log (sql/015_transfer.sql).  Accepted, the log's holder
 * and unit change and the concerns not taken along are closed in one
 * transaction; the archive copy is made after it.  The unit leader may
 * also take a log of her unit over herself.
 *
 * Every step is one transaction with its history row (history.c) and
 * its audit row; a step on a transfer that is no longer pending, or on
 * a log whose holder changed meanwhile, is answered 409 and writes
 * nothing.
 */
#include <stdio.h>
#include <string.h>

#include "archive.h"
#include "consent.h"
#include "form.h"
#include "handlers.h"
#include "history.h"
#include "logfacts.h"
#include "notice.h"
#include "view.h"

#define REASON_MAX	2000
#define MAX_CONCERNS	200
#define EVENTS_MAX	500

static const char *const consent_by[] = { "guardians", "youth", NULL };

/* ------------------------------------------------------------ the view */

/*
 * <transfer> of the pending transfer into log: who offered it to whom,
 * when and why, and the concerns that go along (category and
 * description: what the receiver needs to decide, nothing more).
 */
static enum sl_err
pending_view(struct ctx *c, struct logctx *lc, xmlNodePtr log,
    const char **tfor)
{
	struct dbrows	*r, *k;
	xmlNodePtr	 t, list, n;
	enum sl_err	 rc;
	size_t		 i;

	*tfor = arena_printf(c->a, "transfer-%lld", lc->transfer_id);
	if ((rc = db_query(c->db, c->a, &r, "SELECT t.id, t.kind,"
	    " DATE_FORMAT(t.offered_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " COALESCE(fs.name, t.from_uid), COALESCE(fu.name, t.from_unit),"
	    " COALESCE(os.name, t.offered_by), t.to_uid,"
	    " COALESCE(ts.name, t.to_uid), COALESCE(tu.name, t.to_unit),"
	    " t.reason, t.offered_by <> t.from_uid, t.to_unit"
	    " FROM transfer t LEFT JOIN staff fs ON fs.uid = t.from_uid"
	    " LEFT JOIN unit fu ON fu.id = t.from_unit"
	    " LEFT JOIN staff os ON os.uid = t.offered_by"
	    " LEFT JOIN staff ts ON ts.uid = t.to_uid"
	    " LEFT JOIN unit tu ON tu.id = t.to_unit WHERE t.id = ?", "i",
	    lc->transfer_id)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &k, "SELECT c.id, k.name,"
	    " c.description FROM transfer_concern tc JOIN concern c ON"
	    " c.id = tc.concern_id JOIN category k ON k.id = c.category_id"
	    " WHERE tc.transfer_id = ? ORDER BY c.id", "i",
	    lc->transfer_id)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_OK;
	t = view_child(log, "transfer", NULL);
	view_attr(t, "id", dbrows_get(r, 0, 0));
	view_attr(t, "kind", dbrows_get(r, 0, 1));
	view_attr(t, "offered", dbrows_get(r, 0, 2));
	view_attr(t, "from-name", dbrows_get(r, 0, 3));
	view_attr(t, "from-unit-name", dbrows_get(r, 0, 4));
	if (dbrows_true(r, 0, 10))
		view_attr(t, "offered-by-name", dbrows_get(r, 0, 5));
	view_attr(t, "to-uid", dbrows_get(r, 0, 6));
	view_attr(t, "to-name", dbrows_get(r, 0, 7));
	view_attr(t, "to-unit-name", dbrows_get(r, 0, 8));
	if (lc->f.receiver)
		view_attr(t, "mine", "1");
	view_child(t, "reason", dbrows_get(r, 0, 9));
	list = view_child(t, "concerns", NULL);
	for (i = 0; i < k->nrows; i++) {
		n = view_child(list, "concern", NULL);
		view_attr(n, "id", dbrows_get(k, i, 0));
		view_attr(n, "category", dbrows_get(k, i, 1));
		view_child(n, "description", dbrows_get(k, i, 2));
	}
	return SL_OK;
}

/* The accept and decline forms of the receiver. */
static enum sl_err
decide_actions(struct ctx *c, struct logctx *lc, const char *tfor,
    const char *ret)
{
	struct dbrows	*r;
	xmlNodePtr	 a, f, o;
	enum sl_err	 rc;
	size_t		 i;

	a = view_action(c, "accept-transfer", "POST", arena_printf(c->a,
	    "/transfers/%lld/accept", lc->transfer_id), ret);
	view_attr(a, "for", tfor);
	if (lc->transfer_to_uid == NULL) {
		/* A leader: herself, or one of her unit's holders. */
		if ((rc = db_query(c->db, c->a, &r, "SELECT s.uid, s.name"
		    " FROM staff_unit su JOIN staff s ON s.uid = su.uid"
		    " LEFT JOIN staff_permission p ON p.uid = su.uid AND"
		    " p.unit_id = su.unit_id WHERE su.unit_id = ? AND"
		    " COALESCE(p.may_hold, 1) = 1 AND s.gone_at IS NULL"
		    " AND s.disabled_at IS NULL"
		    " AND s.uid <> ? ORDER BY s.name LIMIT 300", "ss",
		    lc->transfer_to_unit, c->sess.uid)) != SL_OK)
			return rc;
		f = view_field(a, "holder", "select", 1, 0, "self");
		view_option(f, "self");
		for (i = 0; i < r->nrows; i++) {
			o = view_child(f, "option", NULL);
			view_attr(o, "value", dbrows_get(r, i, 0));
			view_attr(o, "label", dbrows_get(r, i, 1));
		}
	}
	view_field(a, "reason", "textarea", 0, REASON_MAX, NULL);
	a = view_action(c, "decline-transfer", "POST", arena_printf(c->a,
	    "/transfers/%lld/decline", lc->transfer_id), ret);
	view_attr(a, "for", tfor);
	view_field(a, "reason", "textarea", 1, REASON_MAX, NULL);
	return SL_OK;
}

/*
 * The offer form: whom to (the unit's holders; the leaders of each other
 * unit; a named person of another unit), why, the concerns that go along
 * (all active ones ticked), and the consent to another service.
 */
static enum sl_err
offer_fields(struct ctx *c, struct logctx *lc, xmlNodePtr a)
{
	struct dbrows	*st, *un, *con;
	xmlNodePtr	 f, o;
	struct buf	 all;
	enum sl_err	 rc;
	size_t		 i;
	char		 today[11];
	int		 y, m, d;

	date_today(&y, &m, &d, today);
	if ((rc = db_query(c->db, c->a, &st, "SELECT s.uid, s.name"
	    " FROM staff_unit su JOIN staff s ON s.uid = su.uid"
	    " LEFT JOIN staff_permission p ON p.uid = su.uid AND"
	    " p.unit_id = su.unit_id WHERE su.unit_id = ? AND"
	    " COALESCE(p.may_hold, 1) = 1 AND s.gone_at IS NULL"
	    " AND s.disabled_at IS NULL"
	    " AND s.uid <> ? ORDER BY s.name LIMIT 300", "ss", lc->unit_id,
	    lc->holder_uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &un, "SELECT u.id, u.name,"
	    " EXISTS (SELECT 1 FROM staff_unit su JOIN staff s ON"
	    " s.uid = su.uid WHERE su.unit_id = u.id AND su.role = 'leader'"
	    " AND s.gone_at IS NULL AND s.disabled_at IS NULL) FROM unit u"
	    " WHERE u.id <> ? AND"
	    " u.gone_at IS NULL ORDER BY u.name LIMIT 1000", "s",
	    lc->unit_id)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &con, "SELECT c.id, k.name FROM"
	    " concern c JOIN category k ON k.id = c.category_id WHERE"
	    " c.log_id = ? AND c.status = 'active' ORDER BY c.id", "i",
	    lc->id)) != SL_OK)
		return rc;
	/* A person picked through /people: "a named person" is the choice. */
	f = view_field(a, "to", "select", 1, 0, people_pick(c) != NULL ?
	    "other" : NULL);
	for (i = 0; i < st->nrows; i++) {
		o = view_child(f, "option", NULL);
		view_attr(o, "value", arena_printf(c->a, "person:%s",
		    dbrows_get(st, i, 0)));
		view_attr(o, "label", dbrows_get(st, i, 1));
		view_attr(o, "group", "unit");
	}
	for (i = 0; i < un->nrows; i++) {
		if (!dbrows_true(un, i, 2))
			continue;	/* nobody there to accept it */
		o = view_child(f, "option", NULL);
		view_attr(o, "value", arena_printf(c->a, "leader:%s",
		    dbrows_get(un, i, 0)));
		view_attr(o, "label", dbrows_get(un, i, 1));
		view_attr(o, "group", "leader");
	}
	view_option(f, "other");
	f = view_field(a, "to-unit", "select", 0, 0, NULL);
	for (i = 0; i < un->nrows; i++) {
		o = view_child(f, "option", NULL);
		view_attr(o, "value", dbrows_get(un, i, 0));
		view_attr(o, "label", dbrows_get(un, i, 1));
	}
	/* A person of another unit: typed, or found by name (/people). */
	view_field(a, "to-uid", "text", 0, 128, people_pick(c));
	people_offer(c, arena_printf(c->a, "/logs/%lld?open=transfer.log",
	    lc->id));
	view_field(a, "reason", "textarea", 1, REASON_MAX, NULL);
	buf_init(&all);
	for (i = 0; i < con->nrows; i++) {
		if (i > 0)
			buf_append(&all, " ", 1);
		buf_puts(&all, dbrows_get(con, i, 0));
	}
	buf_append(&all, "", 1);
	f = view_field(a, "concerns", "multi", 0, 0, all.oom ? NULL :
	    all.data);
	buf_free(&all);
	for (i = 0; i < con->nrows; i++) {
		o = view_child(f, "option", NULL);
		view_attr(o, "value", dbrows_get(con, i, 0));
		view_attr(o, "label", dbrows_get(con, i, 1));
	}
	f = view_field(a, "consent-by", "select", 0, 0, "guardians");
	for (i = 0; consent_by[i] != NULL; i++)
		view_option(f, consent_by[i]);
	view_field(a, "consent-by-name", "text", 0, 256, NULL);
	view_field(a, "consent-date", "date", 0, 0, today);
	view_field(a, "consent-scope", "textarea", 0, 1024, NULL);
	view_field(a, "consent-expires", "date", 0, 0, NULL);
	view_field(a, "consent-file", "file", 0, 0, NULL);
	return SL_OK;
}

enum sl_err
transfer_view(struct ctx *c, struct logctx *lc, xmlNodePtr log,
    int open, const char *open_href, const char *ret)
{
	const char	*tfor = NULL;
	xmlNodePtr	 a;
	enum sl_err	 rc;

	if (policy_log(&lc->f, LA_VIEW_TRANSFER, NULL) == SL_OK &&
	    (rc = pending_view(c, lc, log, &tfor)) != SL_OK)
		return rc;
	if (tfor != NULL && policy_log(&lc->f, LA_TRANSFER_DECIDE, NULL) ==
	    SL_OK && (rc = decide_actions(c, lc, tfor, ret)) != SL_OK)
		return rc;
	if (tfor != NULL && policy_log(&lc->f, LA_TRANSFER_WITHDRAW, NULL) ==
	    SL_OK) {
		a = view_action(c, "withdraw-transfer", "POST",
		    arena_printf(c->a, "/transfers/%lld/withdraw",
		    lc->transfer_id), ret);
		view_attr(a, "for", tfor);
		view_field(a, "reason", "textarea", 0, REASON_MAX, NULL);
	}
	if (policy_log(&lc->f, LA_TRANSFER_OFFER, NULL) == SL_OK) {
		/* A form with every unit: shown when asked for. */
		if (open) {
			a = view_action(c, "transfer", "POST", arena_printf(c->a,
			    "/logs/%lld/transfers", lc->id), ret);
			view_attr(a, "for", "log");
			view_attr(a, "open", "1");
			if ((rc = offer_fields(c, lc, a)) != SL_OK)
				return rc;
		} else
			view_attr(view_action(c, "transfer", "GET", open_href,
			    NULL), "for", "log");
	}
	if (policy_log(&lc->f, LA_TAKE_OVER, NULL) == SL_OK) {
		a = view_action(c, "take-over", "POST", arena_printf(c->a,
		    "/logs/%lld/take-over", lc->id), ret);
		view_attr(a, "for", "log");
		view_field(a, "reason", "textarea", 0, REASON_MAX, NULL);
	}
	return SL_OK;
}

/*
 * The history of the log (log_event), oldest first, as <events>, and the
 * holders with their periods (from the "created" and "holder" steps) as
 * <holders>.  Any kind is shown: the stylesheet names it from the
 * catalog (event.KIND), with its values and reason.
 */
enum sl_err
history_view(struct ctx *c, struct logctx *lc, xmlNodePtr log)
{
	struct dbrows	*r;
	xmlNodePtr	 list, hl, n, prev = NULL;
	enum sl_err	 rc;
	size_t		 i;
	const char	*kind;

	if (policy_log(&lc->f, LA_VIEW_HISTORY, NULL) != SL_OK)
		return SL_OK;
	if ((rc = db_query(c->db, c->a, &r, "SELECT e.id,"
	    " DATE_FORMAT(e.at, '%Y-%m-%dT%H:%i:%sZ'), e.kind,"
	    " COALESCE(a.name, e.actor_uid), COALESCE(s.name, e.subject_uid),"
	    " COALESCE(u.name, e.unit_id), e.value_from, e.value_to, e.reason,"
	    " e.subject_uid FROM log_event e"
	    " LEFT JOIN staff a ON a.uid = e.actor_uid"
	    " LEFT JOIN staff s ON s.uid = e.subject_uid"
	    " LEFT JOIN unit u ON u.id = e.unit_id"
	    " WHERE e.log_id = ? ORDER BY e.at, e.id LIMIT ?", "ii", lc->id,
	    (long long)EVENTS_MAX)) != SL_OK)
		return rc;
	list = view_child(log, "events", NULL);
	hl = view_child(log, "holders", NULL);
	for (i = 0; i < r->nrows; i++) {
		kind = dbrows_get(r, i, 2);
		n = view_child(list, "event", NULL);
		view_attr(n, "id", dbrows_get(r, i, 0));
		view_attr(n, "at", dbrows_get(r, i, 1));
		view_attr(n, "kind", kind);
		view_attr(n, "actor-name", dbrows_get(r, i, 3));
		view_attr(n, "subject-name", dbrows_get(r, i, 4));
		view_attr(n, "unit-name", dbrows_get(r, i, 5));
		view_attr(n, "from", dbrows_get(r, i, 6));
		view_attr(n, "to", dbrows_get(r, i, 7));
		if (dbrows_get(r, i, 8) != NULL)
			view_child(n, "reason", dbrows_get(r, i, 8));
		if ((strcmp(kind, "created") != 0 &&
		    strcmp(kind, "holder") != 0 &&
		    strcmp(kind, "imported") != 0) ||
		    dbrows_get(r, i, 9) == NULL)
			continue;
		if (prev != NULL)
			view_attr(prev, "until", dbrows_get(r, i, 1));
		prev = view_child(hl, "holder", NULL);
		view_attr(prev, "name", dbrows_get(r, i, 4));
		view_attr(prev, "unit-name", dbrows_get(r, i, 5));
		view_attr(prev, "from", dbrows_get(r, i, 1));
	}
	if (r->nrows == EVENTS_MAX)
		view_attr(list, "more", "1");
	return SL_OK;
}

enum sl_err
receiver_page(struct ctx *c, struct logctx *lc, const char *ret)
{
	xmlNodePtr	 log, n;
	const char	*tfor;
	enum sl_err	 rc;
	int		 y, m, d;

	date_today(&y, &m, &d, NULL);
	if ((rc = view_new(c, "log")) != SL_OK)
		return rc;
	log = view_child(c->content, "log", NULL);
	view_attr_ll(log, "id", lc->id);
	view_attr(log, "role", "receiver");
	n = view_child(log, "child", NULL);
	view_attr(n, "name", lc->child_name);
	view_attr_ll(n, "age", age_years(lc->birth_date, y, m, d));
	if ((rc = pending_view(c, lc, log, &tfor)) != SL_OK ||
	    (rc = decide_actions(c, lc, tfor, ret)) != SL_OK)
		return rc;
	view_action(c, "logs", "GET", "/logs", NULL);
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return ctx_audit(c, "view-log", lc->id, arena_printf(c->a,
	    "transfer:%lld", lc->transfer_id), "receiver");
}

/* ------------------------------------------------------------ the steps */

/* 409 with its message: the transfer or the log changed meanwhile. */
static enum sl_err
conflict(struct ctx *c)
{
	return ctx_error(c, 409, "error.transfer.stale");
}

/*
 * A staff member who may hold logs in unit, still in the directory:
 * *ok set.
 */
static enum sl_err
may_hold_in(struct ctx *c, const char *uid, const char *unit, int *ok)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	*ok = 0;
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM staff_unit su"
	    " JOIN staff s ON s.uid = su.uid LEFT JOIN staff_permission p"
	    " ON p.uid = su.uid AND p.unit_id = su.unit_id WHERE su.uid = ?"
	    " AND su.unit_id = ? AND COALESCE(p.may_hold, 1) = 1 AND"
	    " s.gone_at IS NULL AND s.disabled_at IS NULL", "ss", uid,
	    unit)) != SL_OK)
		return rc;
	*ok = r->nrows == 1;
	return SL_OK;
}

/*
 * Lock the log's row for a step on it and check that it is as the facts
 * were read (same holder, active): SL_ECONFLICT otherwise.
 */
static enum sl_err
lock_log(struct ctx *c, const struct logctx *lc)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	if ((rc = db_query(c->db, c->a, &r, "SELECT holder_uid, status FROM"
	    " log WHERE id = ? FOR UPDATE", "i", lc->id)) != SL_OK)
		return rc;
	if (r->nrows != 1 || strcmp(dbrows_get(r, 0, 0), lc->holder_uid) != 0 ||
	    strcmp(dbrows_get(r, 0, 1), "active") != 0)
		return SL_ECONFLICT;
	return SL_OK;
}

/* Consent fields of the offer, checked (only for another unit). */
struct offer_consent {
	const char		*by, *name, *date, *scope, *expires;
	const struct upload	*pdf;
};

static enum sl_err
offer_consent(struct form *f, struct logctx *lc, struct offer_consent *oc)
{
	struct ctx	*c = f->c;
	struct dbrows	*r;
	const char	*key, *field;
	char		 today[11];
	int		 y, m, d;
	enum sl_err	 rc;

	date_today(&y, &m, &d, today);
	oc->by = form_choice(f, "consent-by", consent_by, 1);
	oc->name = form_line(f, "consent-by-name", 256, 1);
	(void)form_date(f, "consent-date", 1, &oc->date);
	oc->scope = form_text(f, "consent-scope", 1024, 1);
	(void)form_date(f, "consent-expires", 0, &oc->expires);
	if (oc->date != NULL && strcmp(oc->date, today) > 0)
		form_fail(f, "consent-date", "field.date.future", NULL);
	if (oc->date != NULL && oc->expires != NULL &&
	    strcmp(oc->expires, oc->date) <= 0)
		form_fail(f, "consent-expires", "field.date.order", NULL);
	if ((rc = db_query(c->db, c->a, &r, "SELECT COUNT(*) FROM guardian"
	    " WHERE log_id = ?", "i", lc->id)) != SL_OK)
		return rc;
	if (oc->by != NULL && (key = consent_check(age_years(lc->birth_date,
	    y, m, d), c->cfg->consent_age, dbrows_ll(r, 0, 0) > 0 ? 1 : 0,
	    oc->by, &field)) != NULL)
		form_fail(f, strcmp(field, "consent-by") == 0 ? field :
		    "consent-by", key, NULL);
	if ((oc->pdf = upload_get(f, "consent-file")) != NULL &&
	    !pdf_ok(oc->pdf))
		form_fail(f, "consent-file", "field.attachment.not-pdf", NULL);
	return SL_OK;
}

enum sl_err
h_transfer_offer(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	struct offer_consent oc;
	struct dbrows	*r;
	const char	*to, *to_uid = NULL, *to_unit = NULL, *kind = NULL;
	const char	*reason, *uother, *unitsel;
	long long	 con[MAX_CONCERNS], tid = 0, att = 0, cid = 0;
	size_t		 ncon, i;
	enum sl_err	 rc;
	int		 ok;

	if ((rc = logfacts_load(c, c->id[0], &lc)) != SL_OK)
		return rc;
	if ((rc = policy_log(&lc.f, LA_TRANSFER_OFFER, NULL)) != SL_OK) {
		/* A second offer while one is pending: a duplicate. */
		if (rc == SL_EFORBIDDEN && lc.f.pending && lc.f.active &&
		    (lc.f.holder || lc.f.leader))
			return conflict(c);
		return rc;
	}
	memset(&oc, 0, sizeof(oc));
	form_init(&f, c);
	to = form_line(&f, "to", 300, 1);
	uother = form_line(&f, "to-uid", 128, 0);
	unitsel = form_line(&f, "to-unit", 128, 0);
	reason = form_text(&f, "reason", REASON_MAX, 1);
	ncon = form_ids(&f, "concerns", con, MAX_CONCERNS);
	if (to != NULL && strncmp(to, "person:", 7) == 0) {
		to_uid = to + 7;
		to_unit = lc.unit_id;
	} else if (to != NULL && strncmp(to, "leader:", 7) == 0) {
		to_unit = to + 7;
		kind = "leader";
	} else if (to != NULL && strcmp(to, "other") == 0) {
		if (uother == NULL)
			form_fail(&f, "to-uid", "field.required", NULL);
		if (unitsel == NULL)
			form_fail(&f, "to-unit", "field.required", NULL);
		to_uid = uother;
		to_unit = unitsel;
	} else if (to != NULL)
		form_fail(&f, "to", "field.invalid", NULL);
	if (to_unit != NULL && kind == NULL)
		kind = strcmp(to_unit, lc.unit_id) == 0 ? "unit" : "person";
	/* The unit: one of the municipality's, still there. */
	if (to_unit != NULL) {
		if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM unit WHERE"
		    " id = ? AND gone_at IS NULL", "s", to_unit)) != SL_OK)
			return rc;
		if (r->nrows != 1)
			form_fail(&f, strcmp(to, "other") == 0 ? "to-unit" :
			    "to", "field.invalid", NULL);
	}
	if (kind != NULL && strcmp(kind, "leader") == 0) {
		/* Somebody must be there to accept it. */
		if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM staff_unit su"
		    " JOIN staff s ON s.uid = su.uid WHERE su.unit_id = ? AND"
		    " su.role = 'leader' AND s.gone_at IS NULL AND"
		    " s.disabled_at IS NULL LIMIT 1", "s",
		    to_unit)) != SL_OK)
			return rc;
		if (strcmp(to_unit, lc.unit_id) == 0 || r->nrows != 1)
			form_fail(&f, "to", "field.transfer.no-leader", NULL);
	} else if (to_uid != NULL && to_unit != NULL) {
		if ((rc = may_hold_in(c, to_uid, to_unit, &ok)) != SL_OK)
			return rc;
		if (!ok || strcmp(to_uid, lc.holder_uid) == 0)
			form_fail(&f, strcmp(to, "other") == 0 ? "to-uid" :
			    "to", "field.transfer.receiver", NULL);
	}
	/* The concerns that go along: active concerns of this log. */
	for (i = 0; i < ncon; i++) {
		if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM concern"
		    " WHERE id = ? AND log_id = ? AND status = 'active'", "ii",
		    con[i], lc.id)) != SL_OK)
			return rc;
		if (r->nrows != 1) {
			form_fail(&f, "concerns", "field.invalid", NULL);
			break;
		}
	}
	/*
	 * In the same unit no consent comes with the offer: while the log's
	 * consent has expired (or waits for the youth's own), nobody new
	 * gets the log.  Another service records its consent below.
	 */
	if (kind != NULL && strcmp(kind, "unit") == 0 && !lc.f.consent_ok)
		form_fail(&f, "to", "field.transfer.consent", NULL);
	/* Another service: the guardians' consent first. */
	if (kind != NULL && strcmp(kind, "unit") != 0 &&
	    (rc = offer_consent(&f, &lc, &oc)) != SL_OK)
		return rc;
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "transfer", "log");

	TX_BEGIN(c)
	rc = lock_log(c, &lc);
	if (rc == SL_OK)
		rc = db_exec(c->db, "INSERT INTO transfer (log_id, pending_log,"
		    " kind, from_uid, from_unit, offered_by, to_unit, to_uid,"
		    " reason, offered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " UTC_TIMESTAMP())", "iisssssss", lc.id, lc.id, kind,
		    lc.holder_uid, lc.unit_id, c->sess.uid, to_unit,
		    strcmp(kind, "leader") == 0 ? NULL : to_uid, reason);
	if (rc == SL_OK)
		tid = (long long)db_insert_id(c->db);
	for (i = 0; rc == SL_OK && i < ncon; i++)
		rc = db_exec(c->db, "INSERT IGNORE INTO transfer_concern"
		    " (transfer_id, concern_id) VALUES (?, ?)", "ii", tid,
		    con[i]);
	if (rc == SL_OK && strcmp(kind, "unit") != 0) {
		att = 0;
		if (oc.pdf != NULL)
			rc = attachment_store(c, lc.id, oc.pdf, &att);
		if (rc == SL_OK)
			rc = db_exec(c->db, "INSERT INTO consent (log_id,"
			    " given_by, given_by_name, given_at, scope,"
			    " expires_at, attachment_id, created_at, created_by,"
			    " transfer_id) VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0),"
			    " UTC_TIMESTAMP(), ?, ?)", "isssssisi", lc.id, oc.by,
			    oc.name, oc.date, oc.scope, oc.expires, att,
			    c->sess.uid, tid);
		if (rc == SL_OK) {
			cid = (long long)db_insert_id(c->db);
			rc = db_exec(c->db, "UPDATE transfer SET consent_id = ?"
			    " WHERE id = ?", "ii", cid, tid);
		}
		if (rc == SL_OK)
			rc = history_add(c->db, lc.id, "consent", c->sess.uid,
			    NULL, to_unit, NULL, "transfer", oc.scope);
	}
	/* The receiver hears of it: the person, or the unit's leaders. */
	if (rc == SL_OK && strcmp(kind, "leader") != 0)
		rc = notice_queue(c->db, c->a, NK_TRANSFER_OFFERED, lc.id,
		    arena_printf(c->a, "transfer:%lld", tid), arena_printf(c->a,
		    "staff:%s", to_uid), NULL, -1);
	if (rc == SL_OK && strcmp(kind, "leader") == 0) {
		struct dbrows	*ld;

		rc = db_query(c->db, c->a, &ld, "SELECT uid FROM staff_unit"
		    " WHERE unit_id = ? AND role = 'leader' ORDER BY uid",
		    "s", to_unit);
		for (i = 0; rc == SL_OK && i < ld->nrows; i++)
			rc = notice_queue(c->db, c->a, NK_TRANSFER_OFFERED,
			    lc.id, arena_printf(c->a, "transfer:%lld", tid),
			    arena_printf(c->a, "staff:%s", dbrows_get(ld,
			    i, 0)), NULL, -1);
	}
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "transfer-offered", c->sess.uid,
		    strcmp(kind, "leader") == 0 ? NULL : to_uid, to_unit, NULL,
		    kind, reason);
	if (rc == SL_OK)
		rc = ctx_audit(c, "transfer-offer", lc.id,
		    strcmp(kind, "leader") == 0 ? arena_printf(c->a,
		    "leader:%s", to_unit) : to_uid, arena_printf(c->a,
		    "transfer:%lld %s", tid, kind));
	TX_END(c)
	if (rc == SL_ECONFLICT)
		return conflict(c);
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld#transfer",
	    lc.id));
}

/*
 * The facts of the log of transfer tid for a step on it: SL_OK when the
 * transfer is the log's pending one; a transfer that was decided
 * already is a stale step (409) for those who took part in it or see
 * the log, unknown (404) for anyone else.
 */
static enum sl_err
transfer_facts(struct ctx *c, long long tid, struct logctx *lc,
    enum log_action a)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	const char	*uid = c->sess.uid;

	if ((rc = db_query(c->db, c->a, &r, "SELECT log_id, status,"
	    " from_uid, offered_by, COALESCE(to_uid, ''),"
	    " COALESCE(decided_by, '') FROM transfer WHERE id = ?", "i",
	    tid)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	if ((rc = logfacts_load(c, dbrows_ll(r, 0, 0), lc)) != SL_OK)
		return rc;
	if (strcmp(dbrows_get(r, 0, 1), "pending") != 0 ||
	    lc->transfer_id != tid) {
		if (policy_log(&lc->f, LA_VIEW, NULL) == SL_OK ||
		    strcmp(dbrows_get(r, 0, 2), uid) == 0 ||
		    strcmp(dbrows_get(r, 0, 3), uid) == 0 ||
		    strcmp(dbrows_get(r, 0, 4), uid) == 0 ||
		    strcmp(dbrows_get(r, 0, 5), uid) == 0)
			return SL_ECONFLICT;
		return SL_ENOTFOUND;
	}
	return policy_log(&lc->f, a, NULL);
}

/* Mark transfer tid decided as status; SL_ECONFLICT when it was already. */
static enum sl_err
decide(struct ctx *c, long long tid, const char *status,
    const char *new_holder, const char *reason)
{
	enum sl_err	 rc;

	if ((rc = db_exec(c->db, "UPDATE transfer SET status = ?,"
	    " pending_log = NULL, decided_at = UTC_TIMESTAMP(),"
	    " decided_by = ?, new_holder = ?, decision_reason = ?"
	    " WHERE id = ? AND status = 'pending'", "ssssi", status,
	    c->sess.uid, new_holder, reason, tid)) != SL_OK)
		return rc;
	return db_affected(c->db) == 1 ? SL_OK : SL_ECONFLICT;
}

/* The pending transfer tid, locked: its receiver and consent. */
static enum sl_err
lock_transfer(struct ctx *c, const struct logctx *lc, long long tid,
    struct dbrows **r)
{
	enum sl_err	 rc;

	if ((rc = lock_log(c, lc)) != SL_OK)
		return rc;
	if ((rc = db_query(c->db, c->a, r, "SELECT to_uid, to_unit,"
	    " consent_id, from_uid, kind FROM transfer WHERE id = ? AND"
	    " log_id = ? AND status = 'pending' FOR UPDATE", "ii", tid,
	    lc->id)) != SL_OK)
		return rc;
	if ((*r)->nrows != 1 || strcmp(dbrows_get(*r, 0, 3),
	    lc->holder_uid) != 0)
		return SL_ECONFLICT;
	return SL_OK;
}

/* A refused step on a transfer: 409 for a stale one, else as it is. */
static enum sl_err
step_refused(struct ctx *c, enum sl_err rc)
{
	return rc == SL_ECONFLICT ? conflict(c) : rc;
}

enum sl_err
h_transfer_accept(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	struct dbrows	*r;
	const char	*holder = NULL, *reason, *to_unit;
	long long	 tid = c->id[0];
	enum sl_err	 rc;
	int		 ok;

	if ((rc = transfer_facts(c, tid, &lc, LA_TRANSFER_DECIDE)) != SL_OK)
		return step_refused(c, rc);
	form_init(&f, c);
	reason = form_text(&f, "reason", REASON_MAX, 0);
	to_unit = lc.transfer_to_unit;
	if (lc.transfer_to_uid != NULL)
		holder = lc.transfer_to_uid;
	else {
		/* A leader: for herself, or for one of her unit's holders. */
		holder = form_line(&f, "holder", 128, 1);
		if (holder != NULL && strcmp(holder, "self") == 0)
			holder = c->sess.uid;
	}
	/* The new holder may hold logs there now (a leader for herself too). */
	if (holder != NULL) {
		if ((rc = may_hold_in(c, holder, to_unit, &ok)) != SL_OK)
			return rc;
		if (!ok)
			form_fail(&f, "holder", "field.invalid", NULL);
	}
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "accept-transfer",
		    arena_printf(c->a, "transfer-%lld", tid));

	TX_BEGIN(c)
	rc = lock_transfer(c, &lc, tid, &r);
	if (rc == SL_OK)
		rc = db_exec(c->db, "UPDATE log SET holder_uid = ?, unit_id = ?"
		    " WHERE id = ? AND holder_uid = ?", "ssis", holder, to_unit,
		    lc.id, lc.holder_uid);
	if (rc == SL_OK && db_affected(c->db) != 1)
		rc = SL_ECONFLICT;
	/* The concerns not taken along are closed with the reason. */
	if (rc == SL_OK)
		rc = db_exec(c->db, "UPDATE concern c JOIN transfer t ON"
		    " t.id = ? SET c.status = 'closed', c.closed_reason ="
		    " t.reason, c.updated_at = UTC_TIMESTAMP() WHERE"
		    " c.log_id = ? AND c.status = 'active' AND c.id NOT IN"
		    " (SELECT concern_id FROM transfer_concern WHERE"
		    " transfer_id = ?)", "iii", tid, lc.id, tid);
	if (rc == SL_OK)
		rc = decide(c, tid, "accepted", holder, reason);
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "transfer-accepted", c->sess.uid,
		    holder, to_unit, NULL, NULL, reason);
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "holder", c->sess.uid, holder,
		    to_unit, NULL, "transfer", NULL);
	/* The holder who handed it over (the log's holder is new now). */
	if (rc == SL_OK)
		rc = notice_queue(c->db, c->a, NK_TRANSFER_ACCEPTED, lc.id,
		    arena_printf(c->a, "transfer:%lld", tid), arena_printf(c->a,
		    "staff:%s", lc.holder_uid), NULL, -1);
	if (rc == SL_OK)
		rc = ctx_audit(c, "transfer-accept", lc.id, holder,
		    arena_printf(c->a, "transfer:%lld", tid));
	TX_END(c)
	if (rc != SL_OK)
		return step_refused(c, rc);
	/*
	 * The copy of the log as it was handed over (a change of service).
	 * Should it fail, the transfer stands; the yearly copy follows.
	 */
	if (archive_make(c, lc.id, "transfer") != SL_OK)
		log_warnx("transfer %lld of log %lld: archive copy failed",
		    tid, lc.id);
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld", lc.id));
}

/* Decline (the receiver) or withdraw (the holder, her leader). */
static enum sl_err
transfer_end(struct ctx *c, int withdraw)
{
	struct logctx	 lc;
	struct form	 f;
	struct dbrows	*r;
	const char	*reason, *name;
	long long	 tid = c->id[0];
	enum sl_err	 rc;

	name = withdraw ? "withdraw-transfer" : "decline-transfer";
	if ((rc = transfer_facts(c, tid, &lc, withdraw ?
	    LA_TRANSFER_WITHDRAW : LA_TRANSFER_DECIDE)) != SL_OK)
		return step_refused(c, rc);
	form_init(&f, c);
	reason = form_text(&f, "reason", REASON_MAX, !withdraw);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, name, arena_printf(c->a,
		    "transfer-%lld", tid));
	TX_BEGIN(c)
	rc = lock_transfer(c, &lc, tid, &r);
	if (rc == SL_OK)
		rc = decide(c, tid, withdraw ? "withdrawn" : "declined", NULL,
		    reason);
	/* The consent given for it is set aside: the log is as it was. */
	if (rc == SL_OK && dbrows_get(r, 0, 2) != NULL)
		rc = db_exec(c->db, "UPDATE consent SET withdrawn_at ="
		    " UTC_TIMESTAMP() WHERE id = ? AND log_id = ? AND"
		    " transfer_id = ? AND withdrawn_at IS NULL", "iii",
		    dbrows_ll(r, 0, 2), lc.id, tid);
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, withdraw ?
		    "transfer-withdrawn" : "transfer-declined", c->sess.uid,
		    dbrows_get(r, 0, 0), dbrows_get(r, 0, 1), NULL, NULL,
		    reason);
	if (rc == SL_OK && !withdraw)
		rc = notice_holder(c->db, c->a, NK_TRANSFER_DECLINED, lc.id,
		    arena_printf(c->a, "transfer:%lld", tid));
	if (rc == SL_OK)
		rc = ctx_audit(c, withdraw ? "transfer-withdraw" :
		    "transfer-decline", lc.id, dbrows_get(r, 0, 0) != NULL ?
		    dbrows_get(r, 0, 0) : arena_printf(c->a, "leader:%s",
		    dbrows_get(r, 0, 1)), arena_printf(c->a, "transfer:%lld",
		    tid));
	TX_END(c)
	if (rc != SL_OK)
		return step_refused(c, rc);
	/* The receiver who declined may no longer see the log. */
	if (!withdraw && policy_log(&lc.f, LA_VIEW_HISTORY, NULL) != SL_OK)
		return ctx_redirect(c, "/start");
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld", lc.id));
}

enum sl_err
transfer_end_on_close(struct ctx *c, long long log_id, const char *reason)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	if ((rc = db_query(c->db, c->a, &r, "SELECT id, to_uid, to_unit,"
	    " consent_id FROM transfer WHERE pending_log = ? FOR UPDATE", "i",
	    log_id)) != SL_OK || r->nrows == 0)
		return rc;
	if ((rc = db_exec(c->db, "UPDATE transfer SET status = 'withdrawn',"
	    " pending_log = NULL, decided_at = UTC_TIMESTAMP(),"
	    " decided_by = ?, decision_reason = ? WHERE id = ? AND"
	    " status = 'pending'", "ssi", c->sess.family ? NULL : c->sess.uid,
	    reason, dbrows_ll(r, 0, 0))) != SL_OK)
		return rc;
	if (dbrows_get(r, 0, 3) != NULL && (rc = db_exec(c->db, "UPDATE"
	    " consent SET withdrawn_at = UTC_TIMESTAMP() WHERE id = ? AND"
	    " log_id = ? AND withdrawn_at IS NULL", "ii", dbrows_ll(r, 0, 3),
	    log_id)) != SL_OK)
		return rc;
	return history_add(c->db, log_id, "transfer-withdrawn",
	    c->sess.family ? NULL : c->sess.uid, dbrows_get(r, 0, 1),
	    dbrows_get(r, 0, 2), NULL, NULL, reason);
}

enum sl_err
h_transfer_decline(struct ctx *c)
{
	return transfer_end(c, 0);
}

enum sl_err
h_transfer_withdraw(struct ctx *c)
{
	return transfer_end(c, 1);
}

enum sl_err
h_take_over(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	struct dbrows	*r;
	const char	*reason;
	enum sl_err	 rc;

	if ((rc = logfacts_load(c, c->id[0], &lc)) != SL_OK)
		return rc;
	if ((rc = policy_log(&lc.f, LA_TAKE_OVER, NULL)) != SL_OK) {
		if (rc == SL_EFORBIDDEN && lc.f.leader && lc.f.pending &&
		    lc.f.active)
			return conflict(c);
		return rc;
	}
	form_init(&f, c);
	reason = form_text(&f, "reason", REASON_MAX, 0);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "take-over", "log");
	TX_BEGIN(c)
	rc = lock_log(c, &lc);
	if (rc == SL_OK && (rc = db_query(c->db, c->a, &r, "SELECT 1 FROM"
	    " transfer WHERE pending_log = ? FOR UPDATE", "i", lc.id)) ==
	    SL_OK && r->nrows > 0)
		rc = SL_ECONFLICT;
	if (rc == SL_OK)
		rc = db_exec(c->db, "UPDATE log SET holder_uid = ? WHERE id = ?"
		    " AND holder_uid = ?", "sis", c->sess.uid, lc.id,
		    lc.holder_uid);
	if (rc == SL_OK && db_affected(c->db) != 1)
		rc = SL_ECONFLICT;
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "holder", c->sess.uid,
		    c->sess.uid, lc.unit_id, NULL, "take-over", reason);
	if (rc == SL_OK)
		rc = ctx_audit(c, "transfer-take-over", lc.id, c->sess.uid,
		    arena_printf(c->a, "from %s", lc.holder_uid));
	TX_END(c)
	if (rc == SL_ECONFLICT)
		return conflict(c);
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld", lc.id));
}
