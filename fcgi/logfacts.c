/*
 * logfacts.c - gather the facts about one log and the session user.
 * These queries use the indexes log PRIMARY, measure_by_active_actor,
 * grant_by_uid and the staff_unit primary key.
 */
#include <string.h>

#include "form.h"
#include "logfacts.h"

int
age_years(const char *birth, int y, int m, int d)
{
	int	 by, bm, bd, age;

	if (date_parse(birth, &by, &bm, &bd) != SL_OK)
		return -1;
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

int
id_in(const long long *list, size_t n, long long v)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

static enum sl_err
id_list(struct ctx *c, struct dbrows *r, long long **out, size_t *n)
{
	size_t	 i;

	*n = 0;
	*out = NULL;
	if (r->nrows == 0)
		return SL_OK;
	if ((*out = arena_alloc(c->a, r->nrows * sizeof(**out))) == NULL)
		return SL_ENOMEM;
	for (i = 0; i < r->nrows; i++)
		(*out)[i] = dbrows_ll(r, i, 0);
	*n = r->nrows;
	return SL_OK;
}

enum sl_err
logfacts_load(struct ctx *c, long long id, struct logctx *lc)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	const char	*uid = c->sess.uid, *scope, *hist;
	int		 y, m, d;

	memset(lc, 0, sizeof(*lc));
	lc->id = id;
	date_today(&y, &m, &d, lc->f.today);
	if (c->sess.meeting_log > 0 && c->sess.meeting_log != id)
		return SL_EMEETING;
	if ((rc = db_query(c->db, c->a, &r,
	    "SELECT l.status, l.unit_id, u.name, l.holder_uid, s.name,"
	    " l.child_name, l.birth_date, l.nin, l.address,"
	    " DATE_FORMAT(l.created_at, '%Y-%m-%dT%H:%i:%sZ'), l.level,"
	    /* the consents in force (not withdrawn, not expired), the youth's */
	    " (SELECT COUNT(*) FROM consent c WHERE c.log_id = l.id"
	    " AND c.withdrawn_at IS NULL AND (c.expires_at IS NULL"
	    " OR c.expires_at >= UTC_DATE())),"
	    " (SELECT COUNT(*) FROM consent c WHERE c.log_id = l.id"
	    " AND c.withdrawn_at IS NULL AND (c.expires_at IS NULL"
	    " OR c.expires_at >= UTC_DATE()) AND c.given_by = 'youth')"
	    " FROM log l LEFT JOIN unit u ON u.id = l.unit_id"
	    " LEFT JOIN staff s ON s.uid = l.holder_uid WHERE l.id = ?",
	    "i", id)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_OK;
	lc->f.exists = 1;
	lc->f.meeting = c->sess.meeting_log == id;
	lc->status = dbrows_get(r, 0, 0);
	lc->f.active = strcmp(lc->status, "active") == 0;
	lc->unit_id = dbrows_get(r, 0, 1);
	lc->unit_name = dbrows_get(r, 0, 2);
	lc->holder_uid = dbrows_get(r, 0, 3);
	lc->holder_name = dbrows_get(r, 0, 4);
	lc->child_name = dbrows_get(r, 0, 5);
	lc->birth_date = dbrows_get(r, 0, 6);
	lc->nin = dbrows_get(r, 0, 7);
	lc->address = dbrows_get(r, 0, 8);
	lc->created_at = dbrows_get(r, 0, 9);
	lc->level = dbrows_ll(r, 0, 10);
	lc->consents = dbrows_ll(r, 0, 11);
	lc->youth_consents = dbrows_ll(r, 0, 12);
	/* A pending transfer (at most one: sql/015_transfer.sql). */
	if ((rc = db_query(c->db, c->a, &r, "SELECT id, kind, to_uid, to_unit"
	    " FROM transfer WHERE pending_log = ?", "i", id)) != SL_OK)
		return rc;
	if (r->nrows == 1) {
		lc->f.pending = 1;
		lc->transfer_id = dbrows_ll(r, 0, 0);
		lc->transfer_kind = dbrows_get(r, 0, 1);
		lc->transfer_to_uid = dbrows_get(r, 0, 2);
		lc->transfer_to_unit = dbrows_get(r, 0, 3);
	}
	lc->youth_age = age_years(lc->birth_date, y, m, d) >=
	    c->cfg->consent_age;
	/*
	 * Consent covers new access while one is in force; from the consent
	 * age it must be the youth's own (consent.c says who consents).
	 */
	lc->f.consent_ok = lc->youth_age ? lc->youth_consents > 0 :
	    lc->consents > 0;
	if (c->sess.family) {
		/* A guardian of this log, or the youth from the consent age. */
		if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM guardian"
		    " WHERE nin = ? AND log_id = ? LIMIT 1", "si", c->sess.pid,
		    id)) != SL_OK)
			return rc;
		lc->f.guardian = r->nrows > 0 || (strcmp(lc->nin,
		    c->sess.pid) == 0 && age_years(lc->birth_date, y, m, d) >=
		    c->cfg->consent_age);
		return SL_OK;
	}
	lc->f.holder = strcmp(lc->holder_uid, uid) == 0;
	if (lc->f.holder && lc->f.active)
		return SL_OK;	/* the holder sees and writes everything */
	if (lc->f.holder)
		goto leader;	/* a passive log: she may also lead the unit */

	/* The receiver: the named person, or a leader of the unit. */
	if (lc->f.pending && lc->transfer_to_uid != NULL)
		lc->f.receiver = strcmp(lc->transfer_to_uid, uid) == 0;
	else if (lc->f.pending) {
		if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM staff_unit"
		    " WHERE uid = ? AND unit_id = ? AND role = 'leader'", "ss",
		    uid, lc->transfer_to_unit)) != SL_OK)
			return rc;
		lc->f.receiver = r->nrows > 0;
	}

	/*
	 * Only active measures make an actor: one ended, or corrected as
	 * "wrongly registered", no longer opens the log or its concern.
	 */
	if ((rc = db_query(c->db, c->a, &r, "SELECT DISTINCT concern_id"
	    " FROM measure WHERE actor_uid = ? AND status = 'active'"
	    " AND log_id = ?", "si", uid, id)) != SL_OK ||
	    (rc = id_list(c, r, &lc->my_concerns, &lc->nmy_concerns)) != SL_OK)
		return rc;
	lc->f.actor = lc->nmy_concerns > 0;

	/* The newest grant not revoked; policy judges its expiry. */
	if ((rc = db_query(c->db, c->a, &r, "SELECT id, scope, history,"
	    " expires_at FROM read_grant WHERE uid = ? AND log_id = ?"
	    " AND revoked_at IS NULL"
	    " ORDER BY expires_at IS NOT NULL, expires_at DESC, id DESC"
	    " LIMIT 1", "si", uid, id)) != SL_OK)
		return rc;
	if (r->nrows == 1) {
		lc->f.grant = 1;
		lc->grant_id = dbrows_ll(r, 0, 0);
		scope = dbrows_get(r, 0, 1);
		hist = dbrows_get(r, 0, 2);
		lc->f.grant_scope = strcmp(scope, "categories") == 0 ?
		    GRANT_CATEGORIES : strcmp(scope, "concerns") == 0 ?
		    GRANT_CONCERNS : GRANT_ALL;
		lc->f.grant_active_only = strcmp(hist, "active") == 0;
		if (dbrows_get(r, 0, 3) != NULL)
			(void)bsnprintf(lc->f.grant_expires,
			    sizeof(lc->f.grant_expires), "%s",
			    dbrows_get(r, 0, 3));
		if ((rc = db_query(c->db, c->a, &r, "SELECT item_id FROM"
		    " read_grant_item WHERE grant_id = ?", "i",
		    lc->grant_id)) != SL_OK ||
		    (rc = id_list(c, r, &lc->grant_items,
		    &lc->ngrant_items)) != SL_OK)
			return rc;
	}

leader:
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM staff_unit"
	    " WHERE uid = ? AND unit_id = ? AND role = 'leader'", "ss", uid,
	    lc->unit_id)) != SL_OK)
		return rc;
	lc->f.leader = r->nrows > 0;
	return SL_OK;
}

enum sl_err
logfacts_require(struct ctx *c, long long id, enum log_action a,
    struct logctx *lc)
{
	enum sl_err	 rc;

	if ((rc = logfacts_load(c, id, lc)) != SL_OK)
		return rc;
	return policy_log(&lc->f, a, NULL);
}

void
logfacts_concern(const struct logctx *lc, long long concern_id,
    long long category_id, int active, struct item_facts *out)
{
	memset(out, 0, sizeof(*out));
	out->concern_active = active;
	out->actor_here = id_in(lc->my_concerns, lc->nmy_concerns, concern_id);
	out->concern_visible = -1;
	if (lc->f.grant_scope == GRANT_CATEGORIES)
		out->granted = id_in(lc->grant_items, lc->ngrant_items,
		    category_id);
	else if (lc->f.grant_scope == GRANT_CONCERNS)
		out->granted = id_in(lc->grant_items, lc->ngrant_items,
		    concern_id);
}

enum sl_err
log_of(struct ctx *c, const char *table, long long id, long long *log_id)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	const char	*sql;

	/* A fixed list of statements: no SQL is built from input. */
	if (strcmp(table, "concern") == 0)
		sql = "SELECT log_id FROM concern WHERE id = ?";
	else if (strcmp(table, "measure") == 0)
		sql = "SELECT log_id FROM measure WHERE id = ?";
	else if (strcmp(table, "bright_spot") == 0)
		sql = "SELECT log_id FROM bright_spot WHERE id = ?";
	else if (strcmp(table, "read_grant") == 0)
		sql = "SELECT log_id FROM read_grant WHERE id = ?";
	else if (strcmp(table, "attachment") == 0)
		sql = "SELECT log_id FROM attachment WHERE id = ?";
	else if (strcmp(table, "transfer") == 0)
		sql = "SELECT log_id FROM transfer WHERE id = ?";
	else if (strcmp(table, "meeting") == 0)
		sql = "SELECT log_id FROM meeting WHERE id = ?";
	else
		return SL_ESYS;
	*log_id = 0;
	if ((rc = db_query(c->db, c->a, &r, sql, "i", id)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	*log_id = dbrows_ll(r, 0, 0);
	return SL_OK;
}

enum sl_err
staff_may_hold_any(struct ctx *c, int *out)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	*out = 0;
	if (c->sess.state != SESS_VALID)
		return SL_OK;
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM staff_unit su"
	    " LEFT JOIN staff_permission p ON p.uid = su.uid"
	    " AND p.unit_id = su.unit_id"
	    " WHERE su.uid = ? AND COALESCE(p.may_hold, 1) = 1 LIMIT 1", "s",
	    c->sess.uid)) != SL_OK)
		return rc;
	*out = r->nrows > 0;
	return SL_OK;
}

enum sl_err
staff_writes_plan(struct ctx *c, int *out)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	*out = 0;
	if (c->sess.state != SESS_VALID || c->sess.family)
		return SL_OK;
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM log WHERE"
	    " holder_uid = ? AND status = 'active' LIMIT 1", "s",
	    c->sess.uid)) != SL_OK)
		return rc;
	*out = r->nrows > 0;
	return SL_OK;
}
