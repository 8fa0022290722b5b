/*
 * h_plan.c - the holder's writing of the plan: concerns (with goal),
 * measures, the 8-hour correction window, the one evaluation per
 * measure, "wrongly registered" corrections, meetings and read grants.
 *
 * Each handler: facts and policy first, then the input, then one short
 * transaction that also writes the audit row.  A refused request
 * changes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "handlers.h"
#include "ldap_dir.h"
#include "logfacts.h"
#include "measure.h"
#include "notice.h"
#include "view.h"

#define TEXT_MAX 4000
#define MAX_STEPS 20
#define MAX_ITEMS 64

/* Facts for the log an object belongs to, and policy for a. */
/*
 * A user name typed into a form's field name ("actor-other",
 * "uid-other"), in the canonical form of the identifier rule
 * (dir_uid_canon: A-Z lowered), so "Ase.Ovrebo" finds ase.ovrebo; NULL
 * when absent or refused (recorded on f).
 */
static const char *
typed_uid(struct form *f, const char *name)
{
	const char	*v = form_line(f, name, 128, 0);
	char		*u;

	if (v == NULL || (u = arena_strdup(f->c->a, v)) == NULL)
		return NULL;
	dir_uid_canon(u);
	return u;
}

static enum sl_err
require_via(struct ctx *c, const char *table, long long id,
    enum log_action a, struct logctx *lc)
{
	long long	 log_id;
	enum sl_err	 rc;

	if ((rc = log_of(c, table, id, &log_id)) != SL_OK)
		return rc;
	return logfacts_require(c, log_id, a, lc);
}

/*
 * A change of access asked for in meeting mode: 403 with the reason
 * (leave meeting mode with the password first); other statuses as they
 * are.
 */
static enum sl_err
access_refused(struct ctx *c, const struct logctx *lc, enum sl_err rc)
{
	if (rc == SL_EMEETING && lc->f.exists && lc->f.meeting) {
		(void)ctx_audit(c, "change-access-refused", lc->id, NULL,
		    "meeting-mode");
		return ctx_error(c, 403, "error.meeting-mode.access");
	}
	return rc;
}

/*
 * A staff actor who does not read the concern yet (not the holder, no
 * active measure under it) would get access with the measure: in meeting
 * mode that asks for the password first, so the form is refused.
 */
static enum sl_err
meeting_actor_check(struct form *f, const struct logctx *lc, long long cid,
    const char *uid)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	const char	*other = kv_get(&f->c->form, "actor-other");

	if (uid == NULL || strcmp(uid, lc->holder_uid) == 0 ||
	    policy_log(&lc->f, LA_CHANGE_ACCESS, NULL) != SL_EMEETING)
		return SL_OK;
	if ((rc = db_query(f->c->db, f->c->a, &r, "SELECT 1 FROM measure"
	    " WHERE concern_id = ? AND actor_uid = ? AND status = 'active'"
	    " LIMIT 1", "is", cid, uid)) != SL_OK)
		return rc;
	if (r->nrows == 0)
		form_fail(f, other != NULL && *other != '\0' ? "actor-other" :
		    "actor", "field.actor.meeting-mode", NULL);
	return SL_OK;
}

/*
 * A staff actor who is new to the log (not the holder, no active measure
 * in it) gets access with the measure: refused while the log's consent
 * does not cover new access (expired, or waiting for the youth's own).
 */
static enum sl_err
consent_actor_check(struct form *f, const struct logctx *lc, const char *uid)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	const char	*other = kv_get(&f->c->form, "actor-other");

	if (uid == NULL || strcmp(uid, lc->holder_uid) == 0 ||
	    policy_log(&lc->f, LA_NEW_ACCESS, NULL) != SL_ECONFLICT)
		return SL_OK;
	if ((rc = db_query(f->c->db, f->c->a, &r, "SELECT 1 FROM measure"
	    " WHERE log_id = ? AND actor_uid = ? AND status = 'active'"
	    " LIMIT 1", "is", lc->id, uid)) != SL_OK)
		return rc;
	if (r->nrows == 0)
		form_fail(f, other != NULL && *other != '\0' ? "actor-other" :
		    "actor", "field.actor.consent", NULL);
	return SL_OK;
}

/* The concern's own page again, with the failed form marked (422). */
static enum sl_err
concern_form_errors(struct ctx *c, struct logctx *lc, struct form *f,
    long long cid, int which, const char *action)
{
	enum sl_err	 rc;

	if ((rc = concern_page(c, lc, cid, which)) != SL_OK)
		return rc;
	form_show(f, action, arena_printf(c->a, "concern-%lld", cid));
	return SL_OK;
}

static enum sl_err
back_to(struct ctx *c, long long log_id, const char *anchor)
{
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld%s%s", log_id,
	    anchor ? "#" : "", anchor ? anchor : ""));
}

/* Checked category id. */
static int
category_ok(struct ctx *c, long long id)
{
	struct dbrows	*r;

	return db_query(c->db, c->a, &r, "SELECT 1 FROM category WHERE id = ?"
	    " AND active = 1", "i", id) == SL_OK && r->nrows == 1;
}

static enum sl_err
concern_fields(struct form *f, long long *cat, const char **desc,
    const char **goal, const char **maint)
{
	if (form_id(f, "category", 1, cat) == 1 && !category_ok(f->c, *cat))
		form_fail(f, "category", "field.invalid", NULL);
	*desc = form_text(f, "description", TEXT_MAX, 1);
	*goal = form_text(f, "goal", TEXT_MAX, 1);
	*maint = form_text(f, "maintaining", TEXT_MAX, 0);
	return SL_OK;
}

enum sl_err
h_concern_add(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	long long	 cat = 0, id = 0;
	const char	*desc, *goal, *maint;
	enum sl_err	 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	form_init(&f, c);
	concern_fields(&f, &cat, &desc, &goal, &maint);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "add-concern", "log");
	TX_BEGIN(c)
	rc = db_exec(c->db, "INSERT INTO concern (log_id, category_id,"
	    " description, goal, maintaining, discussed_leader,"
	    " discussed_guardians, discussed_child, registered_at, status,"
	    " created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
	    " ?, UTC_DATE(), 'active', UTC_TIMESTAMP(), ?, UTC_TIMESTAMP())",
	    "iisssiiis", lc.id, cat, desc, goal, maint ? maint : "",
	    (long long)form_bool(&f, "discussed-leader"),
	    (long long)form_bool(&f, "discussed-guardians"),
	    (long long)form_bool(&f, "discussed-child"), c->sess.uid);
	if (rc == SL_OK) {
		id = (long long)db_insert_id(c->db);
		rc = ctx_audit(c, "add-concern", lc.id, arena_printf(c->a,
		    "concern:%lld", id), NULL);
	}
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, arena_printf(c->a, "concern-%lld", id));
}

static const char *const statuses[] = { "active", "closed", NULL };

enum sl_err
h_concern_edit(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	long long	 cat = 0, id = c->id[0];
	const char	*desc, *goal, *maint, *st;
	enum sl_err	 rc;

	if ((rc = require_via(c, "concern", id, LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	form_init(&f, c);
	concern_fields(&f, &cat, &desc, &goal, &maint);
	st = form_choice(&f, "status", statuses, 1);
	if (f.nerr > 0)
		return concern_form_errors(c, &lc, &f, id, CONCERN_PAGE_EDIT,
		    "edit-concern");
	/* Concern and goal are saved at once and may change at any time. */
	TX_BEGIN(c)
	rc = db_exec(c->db, "UPDATE concern SET category_id = ?,"
	    " description = ?, goal = ?, maintaining = ?,"
	    " discussed_leader = ?, discussed_guardians = ?,"
	    " discussed_child = ?, status = ?, updated_at = UTC_TIMESTAMP()"
	    " WHERE id = ? AND log_id = ?", "isssiiisii", cat, desc, goal,
	    maint ? maint : "", (long long)form_bool(&f, "discussed-leader"),
	    (long long)form_bool(&f, "discussed-guardians"),
	    (long long)form_bool(&f, "discussed-child"), st, id, lc.id);
	if (rc == SL_OK)
		rc = ctx_audit(c, "edit-concern", lc.id, arena_printf(c->a,
		    "concern:%lld", id), NULL);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, arena_printf(c->a, "concern-%lld", id));
}

/*
 * The measure's kind is home or child: without a named actor it is the
 * guardians' (all of them) or the child's responsibility, as the user
 * guide says.  1 when the default was taken (or refused, recorded).
 */
static int
default_actor(struct form *f, long long log_id, const char *kind,
    const char *v, const char **akind, const char **key)
{
	struct dbrows	*r;
	int		 empty = v == NULL || *v == '\0';

	if (empty && kind != NULL && strcmp(kind, "child") == 0) {
		*akind = "child";
		*key = "child";
		return 1;
	}
	if (!(empty && kind != NULL && strcmp(kind, "home") == 0) &&
	    !(v != NULL && strcmp(v, "guardians") == 0))
		return 0;
	/* "guardians": every guardian of the log, so there must be one. */
	if (db_query(f->c->db, f->c->a, &r, "SELECT 1 FROM guardian"
	    " WHERE log_id = ? LIMIT 1", "i", log_id) != SL_OK) {
		form_fail(f, "actor", "field.invalid", NULL);
		return 1;
	}
	if (r->nrows == 0) {
		form_fail(f, "actor", "field.actor.no-guardians", NULL);
		return 1;
	}
	*akind = "guardian";
	*key = "guardians";
	return 1;
}

/*
 * The actor field: "staff:UID" (a staff member known to the system),
 * "guardian:ID" (a guardian of this log), "guardians" (all of them; the
 * default of a home measure) or "child" (the default of a child's
 * measure).  At level 1 a staff member must work in the log's unit,
 * unless already the actor (keep: the measure's own actor key, or
 * NULL).  Fills kind, uid/guardian and the uniqueness key; 0 on
 * success, -1 (recorded).
 */
static int
parse_actor(struct form *f, const struct logctx *lc, const char *kind,
    const char *keep, const char **akind, const char **uid, long long *gid,
    const char **key)
{
	const char	*v, *errstr;
	const char	*other = typed_uid(f, "actor-other");
	const char	*fld = other != NULL ? "actor-other" : "actor";
	struct dbrows	*r;
	size_t		 nerr = f->nerr;

	*uid = NULL;
	*gid = 0;
	*akind = NULL;
	*key = NULL;
	if (form_get(f, "actor", &v) < 0)
		return -1;
	/* A staff member named by user name (levels 2-3). */
	if (other != NULL)
		v = arena_printf(f->c->a, "staff:%s", other);
	if (default_actor(f, lc->id, kind, v, akind, key))
		return f->nerr > nerr ? -1 : 0;
	if (v == NULL || *v == '\0') {
		form_fail(f, "actor", "field.required", NULL);
		return -1;
	}
	if (strcmp(v, "child") == 0) {
		*akind = "child";
		*key = "child";
		return 0;
	}
	if (strncmp(v, "staff:", 6) == 0 && strlen(v) < 140) {
		/*
		 * Known to the system, not refused as actor by a leader, and
		 * whether they work in the log's unit.
		 */
		if (db_query(f->c->db, f->c->a, &r, "SELECT s.uid, NOT EXISTS"
		    " (SELECT 1 FROM staff_unit su JOIN staff_permission p"
		    " ON p.uid = su.uid AND p.unit_id = su.unit_id WHERE"
		    " su.uid = s.uid AND p.may_act = 0), EXISTS (SELECT 1"
		    " FROM staff_unit su WHERE su.uid = s.uid AND"
		    " su.unit_id = ?) FROM staff s WHERE s.uid = ?", "ss",
		    lc->unit_id, v + 6) != SL_OK || r->nrows != 1) {
			form_fail(f, fld, other != NULL ?
			    "field.staff.unknown" : "field.invalid", NULL);
			return -1;
		}
		if (!dbrows_true(r, 0, 1)) {
			form_fail(f, fld, "field.actor.not-allowed", NULL);
			return -1;
		}
		/* Level 1 is within one service: the log's own unit. */
		if (lc->level <= 1 && !dbrows_true(r, 0, 2) &&
		    (keep == NULL || strcmp(keep, v) != 0)) {
			form_fail(f, fld, "field.actor.level1", NULL);
			return -1;
		}
		*akind = "staff";
		*uid = dbrows_get(r, 0, 0);
		*key = arena_strdup(f->c->a, v);
		return 0;
	}
	if (strncmp(v, "guardian:", 9) == 0 &&
	    parse_ll(v + 9, 1, 1LL << 53, gid, &errstr) == SL_OK &&
	    db_query(f->c->db, f->c->a, &r, "SELECT 1 FROM guardian WHERE"
	    " id = ? AND log_id = ?", "ii", *gid, lc->id) == SL_OK &&
	    r->nrows == 1) {
		*akind = "guardian";
		*key = arena_strdup(f->c->a, v);
		return 0;
	}
	form_fail(f, "actor", "field.invalid", NULL);
	return -1;
}

static const char *const kinds[] = { "service", "home", "child", NULL };

/*
 * A service measure is held by a staff member, a home measure by a
 * guardian, a child measure by the child.  1 when unknown (reported
 * elsewhere).
 */
static int
actor_fits(const char *kind, const char *akind)
{
	if (kind == NULL || akind == NULL)
		return 1;
	if (strcmp(kind, "home") == 0)
		return strcmp(akind, "guardian") == 0;
	if (strcmp(kind, "child") == 0)
		return strcmp(akind, "child") == 0;
	return strcmp(akind, "staff") == 0;
}

/* Insert the ordered steps (one per line) of a measure. */
static enum sl_err
insert_steps(struct ctx *c, long long mid, const char *steps)
{
	const char	*p = steps, *e;
	enum sl_err	 rc;
	long long	 pos = 0;
	char		*line;

	while (p != NULL && *p != '\0' && pos < MAX_STEPS) {
		e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		while (n > 0 && (*p == ' ' || *p == '-' || *p == '\t')) {
			p++;
			n--;
		}
		if (n > 0) {
			/* At most 1000 bytes, cut between characters. */
			if (n > 1000) {
				n = 1000;
				while (n > 0 && ((unsigned char)p[n] & 0xc0) ==
				    0x80)
					n--;
			}
			if ((line = arena_strndup(c->a, p, n)) == NULL)
				return SL_ENOMEM;
			if ((rc = db_exec(c->db, "INSERT INTO measure_step"
			    " (measure_id, pos, text) VALUES (?, ?, ?)", "iis",
			    mid, ++pos, line)) != SL_OK)
				return rc;
		}
		p = e ? e + 1 : NULL;
	}
	return SL_OK;
}

enum sl_err
h_measure_add(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	struct dbrows	*r;
	long long	 cid = c->id[0], gid = 0, mid = 0;
	const char	*text, *kind, *akind = NULL, *uid = NULL, *key = NULL,
			*steps, *start, *evby;
	enum sl_err	 rc;
	int		 free_;

	if ((rc = require_via(c, "concern", cid, LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	if ((rc = db_query(c->db, c->a, &r, "SELECT status FROM concern"
	    " WHERE id = ?", "i", cid)) != SL_OK)
		return rc;
	if (strcmp(dbrows_get(r, 0, 0), "active") != 0)
		return SL_EFORBIDDEN;
	form_init(&f, c);
	text = form_text(&f, "text", TEXT_MAX, 1);
	kind = form_choice(&f, "kind", kinds, 1);
	(void)parse_actor(&f, &lc, kind, NULL, &akind, &uid, &gid, &key);
	if (!actor_fits(kind, akind))
		form_fail(&f, "actor", "field.actor.kind", NULL);
	if ((rc = meeting_actor_check(&f, &lc, cid, uid)) != SL_OK ||
	    (rc = consent_actor_check(&f, &lc, uid)) != SL_OK)
		return rc;
	steps = form_text(&f, "steps", TEXT_MAX, 0);
	(void)form_date(&f, "start", 1, &start);
	(void)form_date(&f, "evaluate-by", 1, &evby);
	if (start != NULL && evby != NULL && strcmp(evby, start) <= 0)
		form_fail(&f, "evaluate-by", "field.date.order", NULL);
	if (f.nerr == 0) {
		if ((rc = measure_actor_free(c->db, c->a, cid, key, 0,
		    &free_)) != SL_OK)
			return rc;
		if (!free_)
			form_fail(&f, "actor", "field.actor.taken", NULL);
	}
	if (f.nerr > 0)
		return concern_form_errors(c, &lc, &f, cid,
		    CONCERN_PAGE_MEASURE, "add-measure");
	TX_BEGIN(c)
	rc = db_exec(c->db, "INSERT INTO measure (log_id, concern_id, text,"
	    " kind, actor_kind, actor_uid, actor_guardian, active_actor,"
	    " start_date, evaluate_by, status, created_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, 'active',"
	    " UTC_TIMESTAMP(), ?)", "iissssissss", lc.id, cid, text, kind,
	    akind, uid, gid, key, start, evby, c->sess.uid);
	if (rc == SL_OK)
		mid = (long long)db_insert_id(c->db);
	if (rc == SL_OK)
		rc = insert_steps(c, mid, steps);
	if (rc == SL_OK)
		rc = ctx_audit(c, "add-measure", lc.id, arena_printf(c->a,
		    "measure:%lld", mid), NULL);
	/* A staff member made responsible (not the writer herself). */
	if (rc == SL_OK && uid != NULL && strcmp(uid, c->sess.uid) != 0)
		rc = notice_queue(c->db, c->a, NK_MEASURE_ACTOR, lc.id,
		    arena_printf(c->a, "measure:%lld", mid), arena_printf(c->a,
		    "staff:%s", uid), NULL, -1);
	TX_END(c)
	if (rc == SL_ECONFLICT) {
		/* Another request made the same actor active meanwhile. */
		form_fail(&f, "actor", "field.actor.taken", NULL);
		return concern_form_errors(c, &lc, &f, cid,
		    CONCERN_PAGE_MEASURE, "add-measure");
	}
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, arena_printf(c->a, "measure-%lld", mid));
}

/*
 * The log page answered with status and the page-level error key: the
 * action was refused by a rule of the plan (not by access policy).
 */
static enum sl_err
refused(struct ctx *c, struct logctx *lc, int status, const char *key)
{
	enum sl_err	 rc;

	c->status = status;	/* view_new writes it into the view */
	if ((rc = log_build(c, lc)) != SL_OK)
		return rc;
	view_error(c, key);
	return SL_OK;
}

enum sl_err
h_measure_edit(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	int		 editable;
	long long	 mid = c->id[0];
	const char	*text;
	char		*mfor;
	enum sl_err	 rc;

	if ((rc = require_via(c, "measure", mid, LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	mfor = arena_printf(c->a, "measure-%lld", mid);
	/* The text can be corrected for 8 hours; then it is fixed. */
	if ((rc = measure_text_editable(c->db, c->a, mid, &editable)) != SL_OK)
		return rc;
	if (!editable)
		return refused(c, &lc, 403, "field.measure.locked");
	form_init(&f, c);
	text = form_text(&f, "text", TEXT_MAX, 1);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "edit-measure", mfor);
	TX_BEGIN(c)
	rc = measure_set_text(c->db, mid, text);
	if (rc == SL_OK)
		rc = ctx_audit(c, "edit-measure", lc.id, arena_printf(c->a,
		    "measure:%lld", mid), NULL);
	TX_END(c)
	if (rc == SL_EFORBIDDEN)
		/* the window closed meanwhile */
		return refused(c, &lc, 403, "field.measure.locked");
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, mfor);
}

static const char *const decisions[] = { "continue", "change", "end", NULL };
static const char *const effective[] = { "1", "0", NULL };

enum sl_err
h_measure_evaluate(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	long long	 mid = c->id[0];
	const char	*eff, *view, *dec;
	char		*mfor;
	enum sl_err	 rc;
	struct dbrows	*r;

	if ((rc = require_via(c, "measure", mid, LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	mfor = arena_printf(c->a, "measure-%lld", mid);
	if ((rc = db_query(c->db, c->a, &r, "SELECT m.status, e.measure_id"
	    " FROM measure m LEFT JOIN evaluation e ON e.measure_id = m.id"
	    " WHERE m.id = ?", "i", mid)) != SL_OK)
		return rc;
	if (dbrows_get(r, 0, 1) != NULL || strcmp(dbrows_get(r, 0, 0),
	    "active") != 0) {
		/* An evaluation can be written once. */
		return refused(c, &lc, 409, "field.evaluation.done");
	}
	form_init(&f, c);
	eff = form_choice(&f, "effective", effective, 1);
	view = form_text(&f, "family-view", TEXT_MAX, 1);
	dec = form_choice(&f, "decision", decisions, 1);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "evaluate", mfor);
	TX_BEGIN(c)
	/* "End" closes the measure; its actor may then get a new one. */
	rc = measure_evaluate(c->db, mid, lc.id, eff[0] == '1', view, dec,
	    c->sess.uid);
	if (rc == SL_OK)
		rc = ctx_audit(c, "evaluate-measure", lc.id, arena_printf(c->a,
		    "measure:%lld", mid), dec);
	TX_END(c)
	if (rc == SL_ECONFLICT) {
		/* Evaluated by a concurrent request: the key said no. */
		return refused(c, &lc, 409, "field.evaluation.done");
	}
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, mfor);
}

enum sl_err
h_measure_correct(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	struct dbrows	*r;
	long long	 mid = c->id[0], gid = 0, nid = 0, cid;
	const char	*akind = NULL, *uid = NULL, *key = NULL, *text, *evby,
			*kind, *start, *old_uid;
	enum sl_err	 rc;
	int		 free_;

	if ((rc = require_via(c, "measure", mid, LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	if ((rc = db_query(c->db, c->a, &r, "SELECT concern_id, kind,"
	    " start_date, status, evaluate_by, active_actor, actor_uid FROM"
	    " measure WHERE id = ?", "i", mid)) != SL_OK)
		return rc;
	if (strcmp(dbrows_get(r, 0, 3), "active") != 0)
		return SL_EFORBIDDEN;
	old_uid = dbrows_get(r, 0, 6);
	cid = dbrows_ll(r, 0, 0);
	kind = dbrows_get(r, 0, 1);
	start = dbrows_get(r, 0, 2);
	form_init(&f, c);
	/* The measure's own actor may stay (also one kept from level 2). */
	(void)parse_actor(&f, &lc, kind, dbrows_get(r, 0, 5), &akind, &uid,
	    &gid, &key);
	if (!actor_fits(kind, akind))
		form_fail(&f, "actor", "field.actor.kind", NULL);
	if ((rc = meeting_actor_check(&f, &lc, cid, uid)) != SL_OK ||
	    (rc = consent_actor_check(&f, &lc, uid)) != SL_OK)
		return rc;
	text = form_text(&f, "text", TEXT_MAX, 1);
	(void)form_date(&f, "evaluate-by", 1, &evby);
	if (evby != NULL && strcmp(evby, start) <= 0)
		form_fail(&f, "evaluate-by", "field.date.order", NULL);
	if (f.nerr == 0 && key != NULL) {
		if ((rc = measure_actor_free(c->db, c->a, cid, key, mid,
		    &free_)) != SL_OK)
			return rc;
		if (!free_)
			form_fail(&f, "actor", "field.actor.taken", NULL);
	}
	if (f.nerr > 0) {
		if ((rc = correction_build(c, &lc, mid)) != SL_OK)
			return rc;
		form_show(&f, "correct-measure", NULL);
		return SL_OK;
	}
	/*
	 * "Wrongly registered": the old measure is closed (kept in the
	 * history, with an evaluation saying so) and a corrected one opens.
	 */
	TX_BEGIN(c)
	rc = db_exec(c->db, "UPDATE measure SET status = 'corrected',"
	    " active_actor = NULL WHERE id = ? AND status = 'active'", "i",
	    mid);
	if (rc == SL_OK && db_affected(c->db) != 1)
		rc = SL_EFORBIDDEN;
	if (rc == SL_OK)
		rc = db_exec(c->db, "INSERT INTO evaluation (measure_id, log_id,"
		    " effective, family_view, decision, created_at, created_by)"
		    " VALUES (?, ?, 0, '', 'wrongly-registered',"
		    " UTC_TIMESTAMP(), ?) ON DUPLICATE KEY UPDATE"
		    " measure_id = measure_id", "iis", mid, lc.id, c->sess.uid);
	if (rc == SL_OK)
		rc = db_exec(c->db, "INSERT INTO measure (log_id, concern_id,"
		    " text, kind, actor_kind, actor_uid, actor_guardian,"
		    " active_actor, start_date, evaluate_by, status, replaces_id,"
		    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, NULLIF(?,"
		    " 0), ?, ?, ?, 'active', ?, UTC_TIMESTAMP(), ?)",
		    "iissssisssis", lc.id, cid, text, kind, akind, uid, gid, key,
		    start, evby, mid, c->sess.uid);
	if (rc == SL_OK) {
		nid = (long long)db_insert_id(c->db);
		rc = db_exec(c->db, "INSERT INTO measure_step (measure_id, pos,"
		    " text) SELECT ?, pos, text FROM measure_step WHERE"
		    " measure_id = ?", "ii", nid, mid);
	}
	if (rc == SL_OK)
		rc = ctx_audit(c, "correct-measure", lc.id, arena_printf(c->a,
		    "measure:%lld", mid), arena_printf(c->a, "new measure:%lld",
		    nid));
	/* A new staff actor is told; the one kept is not told again. */
	if (rc == SL_OK && uid != NULL && strcmp(uid, c->sess.uid) != 0 &&
	    (old_uid == NULL || strcmp(uid, old_uid) != 0))
		rc = notice_queue(c->db, c->a, NK_MEASURE_ACTOR, lc.id,
		    arena_printf(c->a, "measure:%lld", nid), arena_printf(c->a,
		    "staff:%s", uid), NULL, -1);
	TX_END(c)
	if (rc == SL_ECONFLICT) {
		form_fail(&f, "actor", "field.actor.taken", NULL);
		if ((rc = correction_build(c, &lc, mid)) != SL_OK)
			return rc;
		form_show(&f, "correct-measure", NULL);
		return SL_OK;
	}
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, arena_printf(c->a, "measure-%lld", nid));
}

/* The fields of a meeting form; at is "YYYY-MM-DD HH:MM:00". */
static void
meeting_fields(struct form *f, const char **at, const char **place,
    const char **who, const char **agenda)
{
	const char	*date, *time_;

	(void)form_date(f, "at-date", 1, &date);
	time_ = form_line(f, "at-time", 5, 1);
	/* 14:30 (what type=time sends) or 14.30 (as Norwegians write it) */
	if (time_ != NULL && !(strlen(time_) == 5 &&
	    (time_[2] == ':' || time_[2] == '.') &&
	    time_[0] >= '0' && time_[0] <= '2' && time_[1] >= '0' &&
	    time_[1] <= '9' && time_[3] >= '0' && time_[3] <= '5' &&
	    time_[4] >= '0' && time_[4] <= '9' &&
	    (time_[0] < '2' || time_[1] <= '3')))
		form_fail(f, "at-time", "field.time.invalid", NULL);
	*place = form_line(f, "place", 256, 1);
	*who = form_text(f, "participants", TEXT_MAX, 1);
	*agenda = form_text(f, "agenda", TEXT_MAX, 0);
	*at = NULL;
	if (f->nerr == 0)
		*at = arena_printf(f->c->a, "%s %.2s:%.2s:00", date, time_,
		    time_ + 3);
}

enum sl_err
h_meeting_add(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	const char	*at, *place, *who, *agenda;
	enum sl_err	 rc;
	long long	 id = 0;

	if ((rc = logfacts_require(c, c->id[0], LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	form_init(&f, c);
	meeting_fields(&f, &at, &place, &who, &agenda);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "add-meeting", "log");
	TX_BEGIN(c)
	rc = db_exec(c->db, "INSERT INTO meeting (log_id, at, place,"
	    " participants, agenda, created_at, created_by) VALUES (?, ?, ?, ?,"
	    " ?, UTC_TIMESTAMP(), ?)", "isssss", lc.id, at, place, who,
	    agenda ? agenda : "", c->sess.uid);
	if (rc == SL_OK) {
		id = (long long)db_insert_id(c->db);
		rc = ctx_audit(c, "add-meeting", lc.id, arena_printf(c->a,
		    "meeting:%lld", id), NULL);
	}
	/* The invitation (iCalendar SEQUENCE 0) to every participant. */
	if (rc == SL_OK)
		rc = notice_meeting(c->db, c->a, NK_MEETING, lc.id, id, 0,
		    c->cfg->consent_age);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, "meetings");
}

/*
 * Change a meeting (POST /meetings/N) or cancel it (POST
 * /meetings/N/cancel): the holder only, a meeting not cancelled.  The
 * SEQUENCE goes up by one, and every participant gets the updated
 * invitation or its cancellation (same UID).
 */
static enum sl_err
meeting_change(struct ctx *c, int cancel)
{
	struct logctx	 lc;
	struct form	 f;
	struct dbrows	*r;
	const char	*at = NULL, *place = NULL, *who = NULL, *agenda = NULL;
	long long	 mid = c->id[0], seq;
	enum sl_err	 rc;

	if ((rc = require_via(c, "meeting", mid, LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	if ((rc = db_query(c->db, c->a, &r, "SELECT seq, cancelled_at FROM"
	    " meeting WHERE id = ?", "i", mid)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	if (dbrows_get(r, 0, 1) != NULL)
		return refused(c, &lc, 409, "meeting.cancelled");
	seq = dbrows_ll(r, 0, 0) + 1;
	if (!cancel) {
		form_init(&f, c);
		meeting_fields(&f, &at, &place, &who, &agenda);
		if (f.nerr > 0)
			return log_form_errors(c, &lc, &f, "change-meeting",
			    arena_printf(c->a, "meeting-%lld", mid));
	}
	TX_BEGIN(c)
	if (cancel)
		rc = db_exec(c->db, "UPDATE meeting SET seq = ?, cancelled_at ="
		    " UTC_TIMESTAMP() WHERE id = ? AND seq = ? AND cancelled_at"
		    " IS NULL", "iii", seq, mid, seq - 1);
	else
		rc = db_exec(c->db, "UPDATE meeting SET seq = ?, at = ?,"
		    " place = ?, participants = ?, agenda = ? WHERE id = ? AND"
		    " seq = ? AND cancelled_at IS NULL", "issssii", seq, at,
		    place, who, agenda ? agenda : "", mid, seq - 1);
	/* Changed or cancelled meanwhile by another request. */
	if (rc == SL_OK && db_affected(c->db) != 1)
		rc = SL_EFORBIDDEN;
	if (rc == SL_OK)
		rc = ctx_audit(c, cancel ? "cancel-meeting" : "change-meeting",
		    lc.id, arena_printf(c->a, "meeting:%lld", mid), NULL);
	if (rc == SL_OK)
		rc = notice_meeting(c->db, c->a, cancel ? NK_MEETING_CANCELLED :
		    NK_MEETING, lc.id, mid, seq, c->cfg->consent_age);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, arena_printf(c->a, "meeting-%lld", mid));
}

enum sl_err
h_meeting_change(struct ctx *c)
{
	return meeting_change(c, 0);
}

enum sl_err
h_meeting_cancel(struct ctx *c)
{
	return meeting_change(c, 1);
}

static const char *const scopes[] = { "all", "categories", "concerns", NULL };
static const char *const histories[] = { "all", "active", NULL };

enum sl_err
h_grant_add(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	struct dbrows	*r;
	const char	*uid, *scope, *hist, *exp;
	long long	 items[MAX_ITEMS], gid = 0;
	size_t		 nitems, i;
	enum sl_err	 rc;
	char		 today[11];
	int		 y, m, d;

	if ((rc = logfacts_require(c, c->id[0], LA_CHANGE_ACCESS, &lc)) !=
	    SL_OK)
		return access_refused(c, &lc, rc);
	/* Nobody new reads while the consent does not cover it. */
	if (policy_log(&lc.f, LA_NEW_ACCESS, NULL) == SL_ECONFLICT)
		return refused(c, &lc, 409, "error.consent.expired");
	date_today(&y, &m, &d, today);
	form_init(&f, c);
	/* From the list, or another staff member by user name. */
	if ((uid = typed_uid(&f, "uid-other")) == NULL)
		uid = form_line(&f, "uid", 128, 1);
	scope = form_choice(&f, "scope", scopes, 1);
	hist = form_choice(&f, "history", histories, 1);
	(void)form_date(&f, "expires", 0, &exp);
	if (exp != NULL && strcmp(exp, today) < 0)
		form_fail(&f, "expires", "field.date.past", NULL);
	nitems = 0;
	if (scope != NULL && strcmp(scope, "categories") == 0)
		nitems = form_ids(&f, "categories", items, MAX_ITEMS);
	else if (scope != NULL && strcmp(scope, "concerns") == 0)
		nitems = form_ids(&f, "concerns", items, MAX_ITEMS);
	if (uid != NULL) {
		if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM staff WHERE"
		    " uid = ?", "s", uid)) != SL_OK)
			return rc;
		if (r->nrows != 1 || strcmp(uid, c->sess.uid) == 0)
			form_fail(&f, kv_get(&c->form, "uid-other") != NULL &&
			    *kv_get(&c->form, "uid-other") != '\0' ?
			    "uid-other" : "uid", r->nrows != 1 ?
			    "field.staff.unknown" : "field.invalid", NULL);
	}
	if (scope != NULL && strcmp(scope, "all") != 0 && nitems == 0)
		form_fail(&f, scope, "field.required", NULL);
	/* Items must be categories, or concerns of this log. */
	for (i = 0; scope != NULL && i < nitems; i++) {
		if (strcmp(scope, "categories") == 0)
			rc = db_query(c->db, c->a, &r, "SELECT 1 FROM category"
			    " WHERE id = ?", "i", items[i]);
		else if (strcmp(scope, "concerns") == 0)
			rc = db_query(c->db, c->a, &r, "SELECT 1 FROM concern"
			    " WHERE id = ? AND log_id = ?", "ii", items[i],
			    lc.id);
		else
			break;
		if (rc != SL_OK)
			return rc;
		if (r->nrows != 1) {
			form_fail(&f, scope, "field.invalid", NULL);
			break;
		}
	}
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "add-grant", "log");
	TX_BEGIN(c)
	rc = db_exec(c->db, "INSERT INTO read_grant (log_id, uid, scope,"
	    " history, expires_at, created_at, created_by) VALUES (?, ?, ?, ?,"
	    " ?, UTC_TIMESTAMP(), ?)", "isssss", lc.id, uid, scope, hist, exp,
	    c->sess.uid);
	if (rc == SL_OK)
		gid = (long long)db_insert_id(c->db);
	for (i = 0; rc == SL_OK && strcmp(scope, "all") != 0 && i < nitems;
	    i++)
		rc = db_exec(c->db, "INSERT IGNORE INTO read_grant_item"
		    " (grant_id, item_id) VALUES (?, ?)", "ii", gid, items[i]);
	if (rc == SL_OK)
		rc = ctx_audit(c, "add-grant", lc.id, arena_printf(c->a,
		    "grant:%lld", gid), arena_printf(c->a, "%s %s %s", uid,
		    scope, hist));
	if (rc == SL_OK)
		rc = notice_queue(c->db, c->a, NK_READ_GRANT, lc.id,
		    arena_printf(c->a, "grant:%lld", gid), arena_printf(c->a,
		    "staff:%s", uid), NULL, -1);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, "grants");
}

enum sl_err
h_grant_revoke(struct ctx *c)
{
	struct logctx	 lc;
	enum sl_err	 rc;
	long long	 gid = c->id[0];

	if ((rc = require_via(c, "read_grant", gid, LA_CHANGE_ACCESS, &lc)) !=
	    SL_OK)
		return access_refused(c, &lc, rc);
	TX_BEGIN(c)
	rc = db_exec(c->db, "UPDATE read_grant SET revoked_at ="
	    " UTC_TIMESTAMP() WHERE id = ? AND log_id = ? AND revoked_at IS"
	    " NULL", "ii", gid, lc.id);
	if (rc == SL_OK)
		rc = ctx_audit(c, "revoke-grant", lc.id, arena_printf(c->a,
		    "grant:%lld", gid), NULL);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return back_to(c, lc.id, "grants");
}
