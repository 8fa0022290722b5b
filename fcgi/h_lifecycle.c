/*
 * h_lifecycle.c - the life of a log (issue 7): consent over time
 * (renewed consents, guardians added and changed, the youth's own
 * consent from the consent age), levels, closing (passive with a
 * reason), reopening by the unit leader with renewed consent, and
 * deletion of a passive log by the unit leader.
 *
 * Every step: facts and policy first (policy.c, default deny), then the
 * input, then one transaction holding the change, its history row
 * (history.c, sql/014_log_event.sql) and its audit row.  A refused step
 * writes nothing.  The part of the log page these steps add (warnings,
 * the level-3 note, why the log is passive, the forms) is
 * lifecycle_section(), called by the log page (h_log.c).
 *
 * Deleting a log removes every row of it from every table in one
 * transaction; the archive copy (reason 'delete') is made first and
 * outlives it, and the audit keeps its rows without their content (see
 * sql/016_lifecycle.sql and README "Deleting a log").
 */
#include <stdio.h>
#include <string.h>

#include "archive.h"
#include "consent.h"
#include "form.h"
#include "handlers.h"
#include "history.h"
#include "lifecycle.h"
#include "logfacts.h"
#include "nin.h"
#include "view.h"

#define REASON_MAX	500	/* fits audit.detail VARCHAR(512) */

static const char *const consent_by[] = { "guardians", "youth", NULL };
static const char *const levels[] = { "1", "2", "3", NULL };
/* Why a log is closed (the user guide's reasons). */
static const char *const passive_reasons[] = { "goals-reached", "moved",
    "individual-plan", "family-ended", "other", NULL };

/* A consent as posted: the fields of record-consent and reopen-log. */
struct consent_in {
	const char		*by, *name, *date, *scope, *expires;
	const struct upload	*pdf;
};

/* The consent fields of an action; by: the default "consent-by". */
static void
consent_fields(struct ctx *c, xmlNodePtr a, const char *by)
{
	xmlNodePtr	 fl;
	char		 today[11];
	int		 y, m, d;
	size_t		 i;

	date_today(&y, &m, &d, today);
	fl = view_field(a, "consent-by", "select", 1, 0, by);
	for (i = 0; consent_by[i] != NULL; i++)
		view_option(fl, consent_by[i]);
	view_field(a, "consent-by-name", "text", 1, 256, NULL);
	view_field(a, "consent-date", "date", 1, 0, today);
	view_field(a, "consent-scope", "textarea", 1, 1024, NULL);
	view_field(a, "consent-expires", "date", 0, 0, NULL);
	view_field(a, "consent-file", "file", 0, 0, NULL);
	(void)c;
}

/* Number of guardians of the log. */
static enum sl_err
guardian_count(struct ctx *c, long long log_id, int *n)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	*n = 0;
	if ((rc = db_query(c->db, c->a, &r, "SELECT COUNT(*) FROM guardian"
	    " WHERE log_id = ?", "i", log_id)) != SL_OK)
		return rc;
	*n = (int)dbrows_ll(r, 0, 0);
	return SL_OK;
}

/*
 * Read and check the consent fields: as at creation (h_logs.c), and a
 * renewed consent must not have expired already.  Who consents follows
 * the child's age (consent.c).  Errors are recorded in f.
 */
static enum sl_err
consent_read(struct form *f, const struct logctx *lc, struct consent_in *in)
{
	struct ctx	*c = f->c;
	const char	*key, *field;
	char		 today[11];
	int		 y, m, d, ng;
	enum sl_err	 rc;

	date_today(&y, &m, &d, today);
	memset(in, 0, sizeof(*in));
	in->by = form_choice(f, "consent-by", consent_by, 1);
	in->name = form_line(f, "consent-by-name", 256, 1);
	(void)form_date(f, "consent-date", 1, &in->date);
	in->scope = form_text(f, "consent-scope", 1024, 1);
	(void)form_date(f, "consent-expires", 0, &in->expires);
	if (in->date != NULL && strcmp(in->date, today) > 0)
		form_fail(f, "consent-date", "field.date.future", NULL);
	if (in->date != NULL && in->expires != NULL &&
	    strcmp(in->expires, in->date) <= 0)
		form_fail(f, "consent-expires", "field.date.order", NULL);
	else if (in->expires != NULL && strcmp(in->expires, today) < 0)
		form_fail(f, "consent-expires", "field.date.past", NULL);
	if ((rc = guardian_count(c, lc->id, &ng)) != SL_OK)
		return rc;
	if ((key = consent_check(age_years(lc->birth_date, y, m, d),
	    c->cfg->consent_age, ng, in->by, &field)) != NULL)
		/* no guardian to consent: the guardian form says so */
		form_fail(f, strcmp(field, "guardian1-name") == 0 ?
		    "consent-by" : field, strcmp(field, "guardian1-name") == 0 ?
		    "field.consent.no-guardian" : key, NULL);
	if ((in->pdf = upload_get(f, "consent-file")) != NULL &&
	    !pdf_ok(in->pdf))
		form_fail(f, "consent-file", "field.attachment.not-pdf", NULL);
	return SL_OK;
}

/*
 * Store the consent (its PDF first) and its history row, inside the
 * caller's transaction.
 */
static enum sl_err
consent_store(struct ctx *c, long long log_id, const struct consent_in *in)
{
	long long	 att = 0;
	enum sl_err	 rc;

	if (in->pdf != NULL &&
	    (rc = attachment_store(c, log_id, in->pdf, &att)) != SL_OK)
		return rc;
	if ((rc = db_exec(c->db, "INSERT INTO consent (log_id, given_by,"
	    " given_by_name, given_at, scope, expires_at, attachment_id,"
	    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0),"
	    " UTC_TIMESTAMP(), ?)", "isssssis", log_id, in->by, in->name,
	    in->date, in->scope, in->expires, att, c->sess.uid)) != SL_OK)
		return rc;
	/* Who consented is in the consent; the history says that and when. */
	return history_add(c->db, log_id, strcmp(in->by, "youth") == 0 ?
	    "consent-youth" : "consent", c->sess.uid, NULL, NULL, NULL,
	    in->expires, NULL);
}

static enum sl_err
back(struct ctx *c, long long log_id, const char *anchor)
{
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld#%s", log_id,
	    anchor));
}

/* ------------------------------------------------------------ consent */

enum sl_err
h_consent_add(struct ctx *c)
{
	struct logctx		 lc;
	struct form		 f;
	struct consent_in	 in;
	enum sl_err		 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_RECORD_CONSENT, &lc)) !=
	    SL_OK)
		return rc;
	form_init(&f, c);
	if ((rc = consent_read(&f, &lc, &in)) != SL_OK)
		return rc;
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "record-consent", "log");
	TX_BEGIN(c)
	rc = consent_store(c, lc.id, &in);
	if (rc == SL_OK)
		rc = ctx_audit(c, "record-consent", lc.id, NULL, in.by);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return back(c, lc.id, "family");
}

/* ---------------------------------------------------------- guardians */

struct guardian_in {
	const char	*name, *nin, *email, *phone;
};

/* The guardian fields; an identity number is checked for real (nin.c). */
static void
guardian_read(struct form *f, struct guardian_in *g)
{
	struct nin_info	 ni;
	const char	*why;
	int		 y, m, d;

	date_today(&y, &m, &d, NULL);
	g->name = form_line(f, "guardian-name", 256, 1);
	g->nin = form_line(f, "guardian-nin", 32, 0);
	g->email = form_line(f, "guardian-email", 256, 0);
	g->phone = form_line(f, "guardian-phone", 32, 0);
	if (g->nin != NULL && nin_parse(g->nin, y, m, d, &ni, &why) != SL_OK)
		form_fail(f, "guardian-nin", "field.nin.invalid",
		    arena_strdup(f->c->a, why));
}

static void
guardian_fields(xmlNodePtr a)
{
	view_field(a, "guardian-name", "text", 1, 256, NULL);
	view_field(a, "guardian-nin", "text", 0, 11, NULL);
	view_field(a, "guardian-email", "email", 0, 256, NULL);
	view_field(a, "guardian-phone", "tel", 0, 32, NULL);
}

enum sl_err
h_guardian_add(struct ctx *c)
{
	struct logctx		 lc;
	struct form		 f;
	struct guardian_in	 g;
	long long		 gid = 0;
	enum sl_err		 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_EDIT_GUARDIANS, &lc)) !=
	    SL_OK)
		return rc;
	form_init(&f, c);
	guardian_read(&f, &g);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "add-guardian", "log");
	TX_BEGIN(c)
	rc = db_exec(c->db, "INSERT INTO guardian (log_id, name, email, phone,"
	    " nin) VALUES (?, ?, ?, ?, ?)", "issss", lc.id, g.name, g.email,
	    g.phone, g.nin);
	if (rc == SL_OK)
		gid = (long long)db_insert_id(c->db);
	/* No name or identity number in the history: only that it happened. */
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "guardian", c->sess.uid, NULL,
		    NULL, NULL, "added", NULL);
	if (rc == SL_OK)
		rc = ctx_audit(c, "add-guardian", lc.id, arena_printf(c->a,
		    "guardian:%lld", gid), NULL);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return back(c, lc.id, "family");
}

enum sl_err
h_guardian_change(struct ctx *c)
{
	struct logctx		 lc;
	struct form		 f;
	struct guardian_in	 g;
	struct dbrows		*r;
	long long		 gid = 0;
	enum sl_err		 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_EDIT_GUARDIANS, &lc)) !=
	    SL_OK)
		return rc;
	form_init(&f, c);
	if (form_id(&f, "guardian", 1, &gid) == 1) {
		if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM guardian"
		    " WHERE id = ? AND log_id = ?", "ii", gid, lc.id)) != SL_OK)
			return rc;
		if (r->nrows != 1)
			form_fail(&f, "guardian", "field.invalid", NULL);
	}
	guardian_read(&f, &g);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "change-guardian", "log");
	TX_BEGIN(c)
	/*
	 * Another person in the guardian's place (another identity number,
	 * or another name where none is known): the notices of the one
	 * before (queued to their address, in their inbox, their unsubscribe
	 * links) are theirs, not the new guardian's: they go.
	 */
	rc = db_exec(c->db, "DELETE o FROM outbox o JOIN guardian g ON"
	    " o.recipient = CONCAT('guardian:', g.id) WHERE g.id = ? AND"
	    " g.log_id = ? AND (NOT (g.nin <=> ?) OR (g.nin IS NULL AND"
	    " g.name <> ?))", "iiss", gid, lc.id, g.nin, g.name);
	if (rc == SL_OK)
		rc = db_exec(c->db, "UPDATE guardian SET name = ?, email = ?,"
		    " phone = ?, nin = ? WHERE id = ? AND log_id = ?", "ssssii",
		    g.name, g.email, g.phone, g.nin, gid, lc.id);
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "guardian", c->sess.uid, NULL,
		    NULL, NULL, "changed", NULL);
	if (rc == SL_OK)
		rc = ctx_audit(c, "change-guardian", lc.id, arena_printf(c->a,
		    "guardian:%lld", gid), NULL);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return back(c, lc.id, "family");
}

/* -------------------------------------------------------------- level */

enum sl_err
h_level_change(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	const char	*level, *reason, *errstr;
	char		 from[8];
	long long	 lvl = 0;
	enum sl_err	 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_CHANGE_LEVEL, &lc)) !=
	    SL_OK)
		return rc;
	form_init(&f, c);
	level = form_choice(&f, "level", levels, 1);
	reason = form_text(&f, "level-reason", REASON_MAX, 1);
	if (level != NULL && parse_ll(level, 1, 3, &lvl, &errstr) == SL_OK &&
	    lvl == lc.level)
		form_fail(&f, "level", "field.level.same", NULL);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "change-level", "log");
	(void)bsnprintf(from, sizeof(from), "%lld", lc.level);
	/*
	 * From now on the level's rule on new actors applies (level 1: the
	 * log's own unit, h_plan.c); actors already in place keep their
	 * measures until those end.
	 */
	TX_BEGIN(c)
	rc = db_exec(c->db, "UPDATE log SET level = ? WHERE id = ? AND"
	    " status = 'active' AND level = ?", "iii", lvl, lc.id, lc.level);
	if (rc == SL_OK && db_affected(c->db) != 1)
		rc = SL_ECONFLICT;	/* changed or closed meanwhile */
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "level", c->sess.uid, NULL,
		    NULL, from, level, reason);
	if (rc == SL_OK)
		rc = ctx_audit(c, "change-level", lc.id, NULL,
		    arena_printf(c->a, "%s->%s", from, level));
	TX_END(c)
	if (rc == SL_ECONFLICT)
		return ctx_error(c, 409, "error.log.changed");
	if (rc != SL_OK)
		return rc;
	return back(c, lc.id, "h-about");
}

/* ------------------------------------------------------------ passive */

enum sl_err
h_log_passive(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	const char	*why, *text;
	enum sl_err	 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_SET_PASSIVE, &lc)) !=
	    SL_OK)
		return rc;
	form_init(&f, c);
	why = form_choice(&f, "passive-reason", passive_reasons, 1);
	text = form_text(&f, "passive-text", REASON_MAX, 1);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "set-passive", "log");
	TX_BEGIN(c)
	rc = db_exec(c->db, "UPDATE log SET status = 'passive',"
	    " active_nin = NULL WHERE id = ? AND status = 'active'", "i", lc.id);
	if (rc == SL_OK && db_affected(c->db) != 1)
		rc = SL_ECONFLICT;
	if (rc == SL_OK)
		rc = transfer_end_on_close(c, lc.id, text);
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "passive", c->sess.uid, NULL,
		    NULL, NULL, why, text);
	if (rc == SL_OK)
		rc = ctx_audit(c, "set-passive", lc.id, NULL, why);
	TX_END(c)
	if (rc == SL_ECONFLICT)
		return ctx_error(c, 409, "error.log.changed");
	if (rc != SL_OK)
		return rc;
	/*
	 * The archive copy of the log now passive, after the commit.  Should
	 * it fail, `stafettlogg archive` makes it later (archive.c).
	 */
	(void)archive_make(c, lc.id, "passive");
	return back(c, lc.id, "h-about");
}

/* ------------------------------------------------------------- reopen */

enum sl_err
h_log_reopen(struct ctx *c)
{
	struct logctx		 lc;
	struct form		 f;
	struct consent_in	 in;
	struct dbrows		*r;
	enum sl_err		 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_REOPEN, &lc)) != SL_OK)
		return rc;
	form_init(&f, c);
	if ((rc = consent_read(&f, &lc, &in)) != SL_OK)
		return rc;
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "reopen-log", "log");
	/* One active log per child (log_one_active). */
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM log WHERE"
	    " active_nin = ?", "s", lc.nin)) != SL_OK)
		return rc;
	if (r->nrows > 0)
		return ctx_error(c, 409, "error.log.other-active");
	/* The renewed consent and the reopening: one transaction. */
	TX_BEGIN(c)
	rc = db_exec(c->db, "UPDATE log SET status = 'active', active_nin = nin"
	    " WHERE id = ? AND status = 'passive'", "i", lc.id);
	if (rc == SL_OK && db_affected(c->db) != 1)
		rc = SL_EFORBIDDEN;	/* reopened meanwhile */
	if (rc == SL_OK)
		rc = consent_store(c, lc.id, &in);
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "reopened", c->sess.uid, NULL,
		    NULL, NULL, NULL, NULL);
	if (rc == SL_OK)
		rc = ctx_audit(c, "reopen-log", lc.id, NULL, in.by);
	TX_END(c)
	if (rc == SL_ECONFLICT)	/* another log of the child opened first */
		return ctx_error(c, 409, "error.log.other-active");
	if (rc == SL_EFORBIDDEN)
		return ctx_error(c, 409, "error.log.changed");
	if (rc != SL_OK)
		return rc;
	return back(c, lc.id, "h-about");
}

/* ------------------------------------------------------------- delete */

/*
 * Forms kept for someone (draft) that were posted to the log or to one
 * of its objects: their fields hold the log's text.  Called before the
 * objects go.
 */
static enum sl_err
delete_drafts(struct ctx *c, long long id)
{
	static const char *const sql[] = {
		"DELETE FROM draft WHERE action_href REGEXP ?"
		" OR return_path REGEXP ?",
		"DELETE d FROM draft d JOIN concern o ON o.log_id = ? WHERE"
		" d.action_href REGEXP CONCAT('^/concerns/', o.id, '([/?#]|$)')"
		" OR d.return_path REGEXP CONCAT('^/concerns/', o.id,"
		" '([/?#]|$)')",
		"DELETE d FROM draft d JOIN measure o ON o.log_id = ? WHERE"
		" d.action_href REGEXP CONCAT('^/measures/', o.id, '([/?#]|$)')"
		" OR d.return_path REGEXP CONCAT('^/measures/', o.id,"
		" '([/?#]|$)')",
		"DELETE d FROM draft d JOIN bright_spot o ON o.log_id = ? WHERE"
		" d.action_href REGEXP CONCAT('^/bright-spots/', o.id,"
		" '([/?#]|$)')",
		"DELETE d FROM draft d JOIN read_grant o ON o.log_id = ? WHERE"
		" d.action_href REGEXP CONCAT('^/grants/', o.id, '([/?#]|$)')",
	};
	const char	*re;
	enum sl_err	 rc;
	size_t		 i;

	if ((re = arena_printf(c->a, "^/logs/%lld([/?#]|$)", id)) == NULL)
		return SL_ENOMEM;
	if ((rc = db_exec(c->db, sql[0], "ss", re, re)) != SL_OK)
		return rc;
	for (i = 1; i < sizeof(sql) / sizeof(sql[0]); i++)
		if ((rc = db_exec(c->db, sql[i], "i", id)) != SL_OK)
			return rc;
	return SL_OK;
}

/*
 * A family member (guardian or the youth) whom no log names any more:
 * their sessions, write counts, kept forms, notice choices and person
 * row (with their own addresses) go; deleting
 * the person row replaces the identity number in their audit rows
 * (sql/016_lifecycle.sql).
 */
static enum sl_err
forget_person(struct ctx *c, const char *pid)
{
	struct dbrows	*r;
	const char	*uid;
	enum sl_err	 rc;

	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM log WHERE nin = ?"
	    " UNION ALL SELECT 1 FROM guardian WHERE nin = ? LIMIT 1", "ss",
	    pid, pid)) != SL_OK)
		return rc;
	if (r->nrows > 0)
		return SL_OK;	/* still in another log */
	if ((uid = arena_printf(c->a, "family:%s", pid)) == NULL)
		return SL_ENOMEM;
	if ((rc = db_exec(c->db, "DELETE FROM session WHERE uid = ?", "s",
	    uid)) != SL_OK ||
	    (rc = db_exec(c->db, "DELETE FROM write_rate WHERE uid = ?", "s",
	    uid)) != SL_OK ||
	    (rc = db_exec(c->db, "DELETE FROM draft WHERE uid = ?", "s",
	    uid)) != SL_OK ||
	    (rc = db_exec(c->db, "DELETE FROM notice_pref WHERE who = ?", "s",
	    uid)) != SL_OK)
		return rc;
	return db_exec(c->db, "DELETE FROM person WHERE pid = ?", "s", pid);
}

/*
 * The deletion itself, inside the caller's transaction: the log row
 * (its rows in guardian, consent, attachment, concern, measure,
 * measure_step, evaluation, bright_spot, note, meeting, read_grant,
 * read_grant_item and log_event go with it by ON DELETE CASCADE, and
 * its counters by the triggers of sql/008; the trigger of sql/016 empties
 * its audit rows), then what refers to it without a key: notices (the
 * outbox holds family addresses), readers, kept forms, meeting-mode
 * sessions, family members no longer in any log.
 */
static enum sl_err
delete_rows(struct ctx *c, long long id, const char *reason)
{
	struct dbrows	*r, *pids;
	enum sl_err	 rc;
	size_t		 i;

	/* The row first, locked: still there, still passive. */
	if ((rc = db_query(c->db, c->a, &r, "SELECT status FROM log WHERE"
	    " id = ? FOR UPDATE", "i", id)) != SL_OK)
		return rc;
	if (r->nrows != 1 || strcmp(dbrows_get(r, 0, 0), "passive") != 0)
		return SL_EFORBIDDEN;
	if ((rc = db_query(c->db, c->a, &pids, "SELECT nin FROM log WHERE"
	    " id = ? UNION SELECT nin FROM guardian WHERE log_id = ? AND"
	    " nin IS NOT NULL", "ii", id, id)) != SL_OK ||
	    (rc = delete_drafts(c, id)) != SL_OK ||
	    /* Notices about the log or to its family (addresses). */
	    (rc = db_exec(c->db, "DELETE FROM outbox WHERE log_id = ? OR"
	    " recipient = CONCAT('youth:', ?) OR recipient IN (SELECT"
	    " CONCAT('guardian:', id) FROM guardian WHERE log_id = ?)", "iii",
	    id, id, id)) != SL_OK ||
	    (rc = db_exec(c->db, "DELETE FROM log WHERE id = ?", "i", id)) !=
	    SL_OK ||
	    (rc = db_exec(c->db, "DELETE FROM log_reader WHERE log_id = ?",
	    "i", id)) != SL_OK ||
	    (rc = db_exec(c->db, "UPDATE session SET meeting_log = NULL,"
	    " ended_at = COALESCE(ended_at, UTC_TIMESTAMP()),"
	    " ended_reason = COALESCE(ended_reason, 'deleted')"
	    " WHERE meeting_log = ?", "i", id)) != SL_OK)
		return rc;
	for (i = 0; i < pids->nrows; i++)
		if ((rc = forget_person(c, dbrows_get(pids, i, 0))) != SL_OK)
			return rc;
	/* What the audit keeps: log N was deleted, by whom, when, why. */
	return ctx_audit(c, "delete-log", id, NULL, reason);
}

enum sl_err
h_log_delete(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	struct dbrows	*r;
	const char	*reason;
	enum sl_err	 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_DELETE, &lc)) != SL_OK)
		return rc;
	form_init(&f, c);
	reason = form_text(&f, "delete-reason", REASON_MAX, 1);
	if (!form_bool(&f, "delete-confirm"))
		form_fail(&f, "delete-confirm", "field.required", NULL);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "delete-log", "log");
	/*
	 * The archive copy first (a PDF of the whole log, kept in
	 * archive_copy after the log is gone); without it nothing is
	 * deleted.  A deletion that fails after it leaves an extra copy.
	 */
	if ((rc = archive_make(c, lc.id, "delete")) != SL_OK)
		return rc == SL_ENOTFOUND ? rc :
		    ctx_error(c, 503, "error.archive.failed");
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM archive_copy WHERE"
	    " log_id = ? AND reason = 'delete'", "i", lc.id)) != SL_OK)
		return rc;
	if (r->nrows == 0)
		return ctx_error(c, 503, "error.archive.failed");
	TX_BEGIN(c)
	rc = delete_rows(c, lc.id, reason);
	TX_END(c)
	if (rc == SL_EFORBIDDEN)
		return ctx_error(c, 409, "error.log.changed");
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, "/logs?deleted=1");
}

/* ---------------------------------------------------------- the page */

/* The reasons as options of a select. */
static void
options(xmlNodePtr fl, const char *const *vals)
{
	size_t	 i;

	for (i = 0; vals[i] != NULL; i++)
		view_option(fl, vals[i]);
}

static xmlNodePtr
log_action(struct ctx *c, const char *name, const char *href,
    const char *ret)
{
	xmlNodePtr	 a;

	a = view_action(c, name, "POST", href, ret);
	view_attr(a, "for", "log");
	view_attr(a, "return", ret);
	return a;
}

enum sl_err
lifecycle_section(struct ctx *c, struct logctx *lc, xmlNodePtr log,
    const char *ret)
{
	struct dbrows	*r;
	xmlNodePtr	 sec, n, a, fl;
	enum sl_err	 rc;
	size_t		 i;
	const char	*href = arena_printf(c->a, "/logs/%lld", lc->id);

	sec = view_child(log, "lifecycle", NULL);
	/* Level 3: child welfare or specialist health are in it. */
	if (lc->level == 3)
		view_child(sec, "level-note", NULL);
	/*
	 * The consent no longer covers new access: a warning for the holder
	 * and the unit leader until it is renewed.
	 */
	if (lc->f.active && !lc->f.consent_ok &&
	    (lc->f.holder || lc->f.leader) && !lc->f.meeting) {
		n = view_child(sec, "consent-warning", NULL);
		view_attr(n, "state", lc->youth_age && lc->consents > 0 ?
		    "youth-needed" : "expired");
	} else if (lc->f.active && lc->youth_age && lc->youth_consents == 0 &&
	    lc->f.holder && !lc->f.meeting)
		view_attr(view_child(sec, "consent-warning", NULL), "state",
		    "youth-needed");
	/* Why the log is passive; the text for those who see its details. */
	if (!lc->f.active) {
		if ((rc = db_query(c->db, c->a, &r, "SELECT value_to, reason,"
		    " DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%sZ') FROM log_event"
		    " WHERE log_id = ? AND kind = 'passive'"
		    " ORDER BY at DESC, id DESC LIMIT 1", "i", lc->id)) != SL_OK)
			return rc;
		n = view_child(sec, "passive", r->nrows == 1 &&
		    policy_log(&lc->f, LA_VIEW_DETAILS, NULL) == SL_OK ?
		    dbrows_get(r, 0, 1) : NULL);
		if (r->nrows == 1) {
			view_attr(n, "reason", dbrows_get(r, 0, 0));
			view_attr(n, "at", dbrows_get(r, 0, 2));
		}
	}
	if (policy_log(&lc->f, LA_RECORD_CONSENT, NULL) == SL_OK) {
		a = log_action(c, "record-consent", arena_printf(c->a,
		    "%s/consents", href), ret);
		consent_fields(c, a, lc->youth_age ? "youth" : "guardians");
	}
	if (policy_log(&lc->f, LA_EDIT_GUARDIANS, NULL) == SL_OK) {
		a = log_action(c, "add-guardian", arena_printf(c->a,
		    "%s/guardians", href), ret);
		guardian_fields(a);
		if ((rc = db_query(c->db, c->a, &r, "SELECT id, name FROM"
		    " guardian WHERE log_id = ? ORDER BY id", "i", lc->id)) !=
		    SL_OK)
			return rc;
		if (r->nrows > 0) {
			a = log_action(c, "change-guardian", arena_printf(c->a,
			    "%s/guardians/change", href), ret);
			fl = view_field(a, "guardian", "select", 1, 0, NULL);
			for (i = 0; i < r->nrows; i++) {
				n = view_child(fl, "option", NULL);
				view_attr(n, "value", dbrows_get(r, i, 0));
				view_attr(n, "label", dbrows_get(r, i, 1));
			}
			guardian_fields(a);
		}
	}
	if (policy_log(&lc->f, LA_CHANGE_LEVEL, NULL) == SL_OK) {
		a = log_action(c, "change-level", arena_printf(c->a,
		    "%s/level", href), ret);
		options(view_field(a, "level", "select", 1, 0, NULL), levels);
		view_field(a, "level-reason", "textarea", 1, REASON_MAX, NULL);
	}
	if (policy_log(&lc->f, LA_SET_PASSIVE, NULL) == SL_OK) {
		a = log_action(c, "set-passive", arena_printf(c->a,
		    "%s/passive", href), ret);
		options(view_field(a, "passive-reason", "select", 1, 0, NULL),
		    passive_reasons);
		view_field(a, "passive-text", "textarea", 1, REASON_MAX, NULL);
	}
	if (policy_log(&lc->f, LA_REOPEN, NULL) == SL_OK) {
		a = log_action(c, "reopen-log", arena_printf(c->a,
		    "%s/reopen", href), ret);
		consent_fields(c, a, lc->youth_age ? "youth" : "guardians");
	}
	if (policy_log(&lc->f, LA_DELETE, NULL) == SL_OK) {
		a = log_action(c, "delete-log", arena_printf(c->a,
		    "%s/delete", href), ret);
		view_field(a, "delete-reason", "textarea", 1, REASON_MAX, NULL);
		view_field(a, "delete-confirm", "checkbox", 1, 0, NULL);
	}
	return SL_OK;
}
