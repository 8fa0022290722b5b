/*
 * logfacts.c - gather the facts about one log and the session user.
 * These queries use the indexes log PRIMARY, measure_by_active_actor,
 * grant_by_uid and the staff_unit primary key.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
 * other readers' rows: LOGFACTS_COLS and LOGFACTS_JOINS (logfacts.h),
 * which the log page reads with the session (session.c).
 */
#define FACTS_SQL "SELECT " LOGFACTS_COLS("?") " FROM log l" \
	LOGFACTS_JOINS " WHERE l.id = ?"

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

/*
 * The first facts kept per worker (logfacts.h): the row of FACTS_SQL
 * under (log, version, view_epoch, UTC date), at most FC_MAX rows, the
 * least recently used first out, and for FC_TTL seconds at most: the
 * row holds the child's name, identity number and address, which a log
 * deleted or changed since should not leave in a worker's memory for
 * long: expired rows go at every look-up and after every request
 * (logfacts_expire, from the worker's loop), wiped before they are
 * freed; a worker that serves nothing keeps them until its next request.
 * The time is the monotonic clock's (setting the date changes nothing).
 * A row is copied into the request's arena when used; the readers'
 * fingerprint is always this request's.
 */
#define FC_MAX	256
#define FC_TTL	300

struct fc_entry {
	struct lru_link	 link;		/* first: most recently used first */
	long long	 id, version, epoch;
	size_t		 size;		/* of the allocation */
	time_t		 until;		/* dropped after it (fc_now) */
	char		 day[16];
	char		*cell[LOGFACTS_N];	/* NULL: SQL NULL; in this block */
	size_t		 len[LOGFACTS_N];
};

static struct {
	struct lru_list	 lru;
	size_t		 n;
	pid_t		 pid;
} FC;

/* Seconds of the monotonic clock. */
static time_t
fc_now(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return ts.tv_sec;
}

/* Take e out and wipe it (it holds a child's personal data). */
static void
fc_drop(struct fc_entry *e)
{
	lru_unlink(&FC.lru, &e->link);
	explicit_bzero(e, e->size);
	free(e);
	FC.n--;
}

static void
fc_clear(void)
{
	while (FC.lru.head != NULL)
		fc_drop((struct fc_entry *)FC.lru.head);
}

void
logfacts_expire(void)
{
	struct lru_link	*l, *next;
	time_t		 now = fc_now();

	for (l = FC.lru.head; l != NULL; l = next) {
		next = l->next;
		if (now >= ((struct fc_entry *)l)->until)
			fc_drop((struct fc_entry *)l);
	}
}

static struct fc_entry *
fc_find(long long id, long long version, long long epoch, const char *day)
{
	struct lru_link	*l, *next;
	struct fc_entry	*e, *found = NULL;
	time_t		 now = fc_now();

	if (FC.pid != getpid()) {	/* none from the master before fork */
		fc_clear();
		FC.pid = getpid();
	}
	for (l = FC.lru.head; l != NULL; l = next) {
		next = l->next;
		e = (struct fc_entry *)l;
		if (now >= e->until)
			fc_drop(e);
		else if (found == NULL && e->id == id &&
		    e->version == version && e->epoch == epoch &&
		    strcmp(e->day, day) == 0)
			found = e;
	}
	return found;
}

/* Keep row 0 of r (FACTS_SQL) under its own version, epoch and date. */
static void
fc_put(long long id, const struct dbrows *r)
{
	struct fc_entry	*e;
	const char	*errstr, *day = dbrows_get(r, 0, 19);
	long long	 version, epoch;
	size_t		 i, size = sizeof(*e);
	char		*p;

	if (day == NULL || strlen(day) >= sizeof(e->day) ||
	    dbrows_get(r, 0, 11) == NULL || dbrows_get(r, 0, 12) == NULL ||
	    parse_ll(dbrows_get(r, 0, 11), 0, 1LL << 62, &version,
	    &errstr) != SL_OK ||
	    parse_ll(dbrows_get(r, 0, 12), 0, 1LL << 62, &epoch,
	    &errstr) != SL_OK ||
	    fc_find(id, version, epoch, day) != NULL)
		return;
	for (i = 0; i < LOGFACTS_N; i++)
		if (dbrows_get(r, 0, i) != NULL)
			size += r->len[i] + 1;
	while (FC.n >= FC_MAX && FC.lru.tail != NULL)
		fc_drop((struct fc_entry *)FC.lru.tail);
	if ((e = malloc(size)) == NULL)
		return;		/* only a saving */
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->version = version;
	e->epoch = epoch;
	e->size = size;
	e->until = fc_now() + FC_TTL;
	memcpy(e->day, day, strlen(day) + 1);
	p = (char *)(e + 1);
	for (i = 0; i < LOGFACTS_N; i++) {
		if (dbrows_get(r, 0, i) == NULL)
			continue;
		e->cell[i] = p;
		e->len[i] = r->len[i];
		memcpy(p, r->cell[i], r->len[i]);
		p[r->len[i]] = '\0';
		p += r->len[i] + 1;
	}
	lru_push(&FC.lru, &e->link);
	FC.n++;
}

/*
 * The kept facts of log id for the key read with the session (chk: row
 * 0 from column LOGFACTS_AT, LOGFACTS_CHECK_COLS) as a row in the arena,
 * with chk's readers' fingerprint; NULL when none is kept.
 */
static struct dbrows *
fc_get(struct ctx *c, long long id, const struct dbrows *chk)
{
	struct fc_entry	*e;
	struct dbrows	*r;
	const char	*errstr, *v = dbrows_get(chk, 0, LOGFACTS_AT),
			*n = dbrows_get(chk, 0, LOGFACTS_AT + 1),
			*readers = dbrows_get(chk, 0, LOGFACTS_AT + 2),
			*day = dbrows_get(chk, 0, LOGFACTS_AT + 3);
	long long	 version, epoch;
	size_t		 i;

	if (v == NULL || n == NULL || day == NULL ||
	    parse_ll(v, 0, 1LL << 62, &version, &errstr) != SL_OK ||
	    parse_ll(n, 0, 1LL << 62, &epoch, &errstr) != SL_OK ||
	    (e = fc_find(id, version, epoch, day)) == NULL)
		return NULL;
	lru_unlink(&FC.lru, &e->link);
	lru_push(&FC.lru, &e->link);
	if ((r = arena_alloc(c->a, sizeof(*r))) == NULL ||
	    (r->cell = arena_alloc(c->a, LOGFACTS_N * sizeof(*r->cell))) ==
	    NULL ||
	    (r->len = arena_alloc(c->a, LOGFACTS_N * sizeof(*r->len))) ==
	    NULL)
		return NULL;
	r->nrows = 1;
	r->ncols = LOGFACTS_N;
	for (i = 0; i < LOGFACTS_N; i++) {
		r->cell[i] = e->cell[i] == NULL ? NULL :
		    arena_strdup(c->a, e->cell[i]);
		r->len[i] = e->len[i];
		if (e->cell[i] != NULL && r->cell[i] == NULL)
			return NULL;
	}
	r->cell[13] = readers == NULL ? NULL : arena_strdup(c->a, readers);
	r->len[13] = readers == NULL ? 0 : strlen(readers);
	if (readers != NULL && r->cell[13] == NULL)
		return NULL;
	return r;
}

enum sl_err
logfacts_load(struct ctx *c, long long id, struct logctx *lc)
{
	struct dbrows	*r = NULL;
	enum sl_err	 rc;
	const char	*uid = c->sess.uid != NULL ? c->sess.uid : "";
	const char	*scope, *hist, *cons, *dot, *errstr;
	char		 num[24];
	int		 y, m, d;

	memset(lc, 0, sizeof(*lc));
	lc->id = id;
	date_today(&y, &m, &d, lc->f.today);
	if (c->sess.meeting_log > 0 && c->sess.meeting_log != id)
		return SL_EMEETING;
	/* The key read with the session, in this request (once). */
	if (c->facts_log == id && c->facts_rows != NULL)
		r = fc_get(c, id, c->facts_rows);
	c->facts_rows = NULL;
	c->facts_log = 0;
	if (r == NULL) {
		if ((rc = db_query(c->db, c->a, &r, FACTS_SQL, "si", uid,
		    id)) != SL_OK)
			return rc;
		if (r->nrows == 0)
			return SL_OK;	/* no such log */
		if (r->nrows != 1 || r->ncols != LOGFACTS_N)
			return SL_ESYS;
		fc_put(id, r);
	}
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
	/* "consents.youth's" */
	cons = dbrows_get(r, 0, 14);
	if (cons == NULL || (dot = strchr(cons, '.')) == NULL ||
	    (size_t)(dot - cons) >= sizeof(num) ||
	    parse_ll(dot + 1, 0, 1LL << 40, &lc->youth_consents, &errstr) !=
	    SL_OK)
		return SL_ESYS;
	memcpy(num, cons, (size_t)(dot - cons));
	num[dot - cons] = '\0';
	if (parse_ll(num, 0, 1LL << 40, &lc->consents, &errstr) != SL_OK)
		return SL_ESYS;
	lc->youth_age = age_years(lc->birth_date, y, m, d) >=
	    c->cfg->consent_age;
	/*
	 * Consent covers new access while one is in force; from the consent
	 * age it must be the youth's own (consent.c says who consents).
	 */
	lc->f.consent_ok = lc->youth_age ? lc->youth_consents > 0 :
	    lc->consents > 0;
	/* A pending transfer (at most one: sql/015_transfer.sql). */
	if (dbrows_get(r, 0, 15) != NULL) {
		lc->f.pending = 1;
		lc->transfer_id = dbrows_ll(r, 0, 15);
		lc->transfer_kind = dbrows_get(r, 0, 16);
		lc->transfer_to_uid = dbrows_get(r, 0, 17);
		lc->transfer_to_unit = dbrows_get(r, 0, 18);
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
