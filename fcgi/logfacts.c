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

/* The ids of a comma-separated list (GROUP_CONCAT), NULL: none. */
static enum sl_err
id_csv(struct ctx *c, const char *csv, long long **out, size_t *n)
{
	const char	*p, *errstr;
	char		*copy, *tok, *save = NULL;
	size_t		 max = 1;

	*n = 0;
	*out = NULL;
	if (csv == NULL || *csv == '\0')
		return SL_OK;
	for (p = csv; *p != '\0'; p++)
		if (*p == ',')
			max++;
	if ((*out = arena_alloc(c->a, max * sizeof(**out))) == NULL ||
	    (copy = arena_strdup(c->a, csv)) == NULL)
		return SL_ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok != NULL && *n < max;
	    tok = strtok_r(NULL, ",", &save))
		if (parse_ll(tok, 0, 1LL << 62, &(*out)[(*n)++], &errstr) !=
		    SL_OK)
			return SL_ESYS;
	return SL_OK;
}

/*
 * The facts come in one statement for the holder, two for anyone else
 * (measured: one statement with every subquery costs MariaDB six times
 * the simple one, in planning, for every request).  First the log, its
 * holder and unit, and what a kept page is checked against (h_log.c
 * page_key): the log's version, view_epoch and a fingerprint of the
 * other readers' rows.
 */
#define FACTS_SQL \
	"SELECT l.status, l.unit_id, u.name, l.holder_uid, s.name," \
	" l.child_name, l.birth_date, l.nin, l.address," \
	" DATE_FORMAT(l.created_at, '%Y-%m-%dT%H:%i:%sZ'), l.level," \
	" l.version, e.n, (SELECT CONCAT(COUNT(*), '.'," \
	" COALESCE(SUM(r.views), 0), '.', COALESCE(MAX(r.last_at), ''))" \
	" FROM log_reader r WHERE r.log_id = l.id AND r.uid <> ?)," \
	/* the consents in force (not withdrawn, not expired), the youth's */ \
	" (SELECT COUNT(*) FROM consent c WHERE c.log_id = l.id" \
	" AND c.withdrawn_at IS NULL AND (c.expires_at IS NULL" \
	" OR c.expires_at >= UTC_DATE()))," \
	" (SELECT COUNT(*) FROM consent c WHERE c.log_id = l.id" \
	" AND c.withdrawn_at IS NULL AND (c.expires_at IS NULL" \
	" OR c.expires_at >= UTC_DATE()) AND c.given_by = 'youth')," \
	/* the pending transfer, at most one (sql/015_transfer.sql) */ \
	" t.id, t.kind, t.to_uid, t.to_unit" \
	" FROM log l LEFT JOIN unit u ON u.id = l.unit_id" \
	" LEFT JOIN staff s ON s.uid = l.holder_uid" \
	" LEFT JOIN transfer t ON t.pending_log = l.id" \
	" JOIN view_epoch e ON e.id = 1 WHERE l.id = ?"

/*
 * Then, for staff who do not hold the log: the concerns where the user
 * acts (only active measures make an actor: one ended, or corrected as
 * "wrongly registered", no longer opens the log or its concern), the
 * newest grant not revoked (policy judges its expiry) with its items,
 * and whether the user leads the log's unit.
 */
#define ROLE_SQL \
	"SELECT (SELECT GROUP_CONCAT(DISTINCT m.concern_id" \
	" ORDER BY m.concern_id) FROM measure m WHERE m.actor_uid = ?" \
	" AND m.status = 'active' AND m.log_id = ?)," \
	" g.id, g.scope, g.history, g.expires_at," \
	" (SELECT GROUP_CONCAT(i.item_id ORDER BY i.item_id)" \
	" FROM read_grant_item i WHERE i.grant_id = g.id)," \
	" EXISTS (SELECT 1 FROM staff_unit su WHERE su.uid = ?" \
	" AND su.unit_id = ? AND su.role = 'leader')" \
	" FROM (SELECT 1) one LEFT JOIN read_grant g ON g.id =" \
	" (SELECT g2.id FROM read_grant g2 WHERE g2.uid = ?" \
	" AND g2.log_id = ? AND g2.revoked_at IS NULL" \
	" ORDER BY g2.expires_at IS NOT NULL, g2.expires_at DESC," \
	" g2.id DESC LIMIT 1)"

enum sl_err
logfacts_load(struct ctx *c, long long id, struct logctx *lc)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	const char	*uid = c->sess.uid != NULL ? c->sess.uid : "";
	const char	*scope, *hist;
	int		 y, m, d;

	memset(lc, 0, sizeof(*lc));
	lc->id = id;
	date_today(&y, &m, &d, lc->f.today);
	if (c->sess.meeting_log > 0 && c->sess.meeting_log != id)
		return SL_EMEETING;
	if ((rc = db_query(c->db, c->a, &r, FACTS_SQL, "si", uid, id)) !=
	    SL_OK)
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
	lc->version = dbrows_ll(r, 0, 11);
	lc->epoch = dbrows_ll(r, 0, 12);
	lc->readers = dbrows_get(r, 0, 13);
	lc->consents = dbrows_ll(r, 0, 14);
	lc->youth_consents = dbrows_ll(r, 0, 15);
	lc->youth_age = age_years(lc->birth_date, y, m, d) >=
	    c->cfg->consent_age;
	/*
	 * Consent covers new access while one is in force; from the consent
	 * age it must be the youth's own (consent.c says who consents).
	 */
	lc->f.consent_ok = lc->youth_age ? lc->youth_consents > 0 :
	    lc->consents > 0;
	/* A pending transfer (at most one: sql/015_transfer.sql). */
	if (dbrows_get(r, 0, 16) != NULL) {
		lc->f.pending = 1;
		lc->transfer_id = dbrows_ll(r, 0, 16);
		lc->transfer_kind = dbrows_get(r, 0, 17);
		lc->transfer_to_uid = dbrows_get(r, 0, 18);
		lc->transfer_to_unit = dbrows_get(r, 0, 19);
	}
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
	/* (A passive log's holder may also lead the unit: her roles below.) */

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

	if ((rc = db_query(c->db, c->a, &r, ROLE_SQL, "sisssi", uid, id,
	    uid, lc->unit_id, uid, id)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ESYS;
	if ((rc = id_csv(c, dbrows_get(r, 0, 0), &lc->my_concerns,
	    &lc->nmy_concerns)) != SL_OK)
		return rc;
	lc->f.actor = lc->nmy_concerns > 0;
	if (dbrows_get(r, 0, 1) != NULL) {
		lc->f.grant = 1;
		lc->grant_id = dbrows_ll(r, 0, 1);
		scope = dbrows_get(r, 0, 2);
		hist = dbrows_get(r, 0, 3);
		lc->f.grant_scope = strcmp(scope, "categories") == 0 ?
		    GRANT_CATEGORIES : strcmp(scope, "concerns") == 0 ?
		    GRANT_CONCERNS : GRANT_ALL;
		lc->f.grant_active_only = strcmp(hist, "active") == 0;
		if (dbrows_get(r, 0, 4) != NULL)
			(void)bsnprintf(lc->f.grant_expires,
			    sizeof(lc->f.grant_expires), "%s",
			    dbrows_get(r, 0, 4));
		if ((rc = id_csv(c, dbrows_get(r, 0, 5), &lc->grant_items,
		    &lc->ngrant_items)) != SL_OK)
			return rc;
	}
	lc->f.leader = dbrows_true(r, 0, 6);
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
