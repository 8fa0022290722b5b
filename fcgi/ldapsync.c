/*
 * ldapsync.c - `stafettlogg ldap-sync`: the whole directory into the
 * staff, unit and staff_unit tables (issue 9).  dir_sync_read (ldap.c)
 * reads everything first; then one transaction records every unit and
 * employee (dirdb.c, as a login would), marks the disabled ones
 * (staff.disabled_at) and the ones the directory no longer has
 * (staff.gone_at, unit.gone_at), and ends their sessions.  A directory
 * that fails part-way changes nothing; so does a run that would lose
 * more active employees than ldap_sync_max_loss percent, or saw no one,
 * unless forced.  Each run is a row of dir_sync (sql/019_sync.sql).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "dirdb.h"
#include "ldap_dir.h"
#include "ldapsync.h"
#include "util.h"

/* The staff as they were before the run. */
struct before {
	const char	*uid;
	int		 disabled, gone;
};

static int
before_cmp(const void *x, const void *y)
{
	return strcmp(((const struct before *)x)->uid,
	    ((const struct before *)y)->uid);
}

static int
str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int
seen(const char **v, size_t n, const char *s)
{
	return bsearch(&s, v, n, sizeof(*v), str_cmp) != NULL;
}

/* End every open staff session of uid (reason directory). */
static enum sl_err
end_sessions(struct ctx *c, const char *uid)
{
	return db_exec(c->db, "UPDATE session SET ended_at = UTC_TIMESTAMP(),"
	    " ended_reason = 'directory' WHERE uid = ? AND kind = 'staff'"
	    " AND ended_at IS NULL", "s", uid);
}

/*
 * The writes of one run, inside the caller's transaction.  SL_EFORBIDDEN
 * (with msg) when the run is refused; the database's error otherwise.
 */
static enum sl_err
apply(struct ctx *c, const struct dir_sync *s, int force,
    struct ldapsync_count *n, char *msg, size_t msgsz)
{
	struct dbrows	*r, *m;
	struct before	*b, key, *hit;
	const char	**uids = NULL, **units = NULL, *id;
	size_t		 i, nb, nunits, active = 0, newly_disabled = 0;
	size_t		 ngone = 0, nseen, members0, units0, members1;
	size_t		 units_lost = 0;
	enum sl_err	 rc;

	memset(n, 0, sizeof(*n));
	if ((rc = db_query(c->db, c->a, &r, "SELECT uid, disabled_at IS NOT"
	    " NULL, gone_at IS NOT NULL FROM staff", "")) != SL_OK)
		return rc;
	nb = r->nrows;
	/* Memberships of active employees and units there before the run. */
	if ((rc = db_query(c->db, c->a, &m, "SELECT (SELECT COUNT(*) FROM"
	    " staff_unit su JOIN staff s ON s.uid = su.uid WHERE s.gone_at IS"
	    " NULL AND s.disabled_at IS NULL), (SELECT COUNT(*) FROM unit"
	    " WHERE gone_at IS NULL)", "")) != SL_OK)
		return rc;
	members0 = (size_t)dbrows_ll(m, 0, 0);
	units0 = (size_t)dbrows_ll(m, 0, 1);
	/* Units seen: the unit groups, and every unit of an employee (a
	 * group ldap_unit_filter finds that ldap_unit_sync_filter missed
	 * is not gone). */
	nunits = s->nunits;
	for (i = 0; i < s->nusers; i++)
		nunits += s->users[i].nunits;
	if ((b = arena_alloc(c->a, (nb + 1) * sizeof(*b))) == NULL ||
	    (uids = arena_alloc(c->a, (s->nusers + 1) *
	    sizeof(*uids))) == NULL ||
	    (units = arena_alloc(c->a, (nunits + 1) *
	    sizeof(*units))) == NULL)
		return SL_ENOMEM;
	for (i = 0; i < nb; i++) {
		b[i].uid = dbrows_get(r, i, 0);
		b[i].disabled = dbrows_true(r, i, 1);
		b[i].gone = dbrows_true(r, i, 2);
		if (!b[i].disabled && !b[i].gone)
			active++;
	}
	qsort(b, nb, sizeof(*b), before_cmp);

	for (i = 0; i < s->nunits; i++) {
		if ((rc = dirdb_unit(c->db, c->a, &s->units[i], &id)) != SL_OK)
			return rc;
		units[n->units++] = id;
	}
	nseen = n->units;
	for (i = 0; i < s->nusers; i++) {
		if ((rc = dirdb_user_state(c->db, c->a, &s->users[i], 0,
		    s->disabled[i], units + nseen, &id)) != SL_OK) {
			if (rc != SL_EAUTH)
				return rc;
			/* Its uid is another key's here (logged): left as it
			 * is, and not taken for gone either. */
			uids[n->users++] = s->users[i].uid;
			continue;
		}
		uids[n->users++] = id;
		nseen += s->users[i].nunits;
		if (!s->disabled[i])
			continue;
		n->disabled++;
		key.uid = id;
		hit = bsearch(&key, b, nb, sizeof(*b), before_cmp);
		if (hit == NULL || (!hit->disabled && !hit->gone)) {
			newly_disabled++;
			if ((rc = ctx_audit(c, "staff-disabled", 0, id,
			    "ldap-sync")) != SL_OK)
				return rc;
		}
		if ((rc = end_sessions(c, id)) != SL_OK)
			return rc;
	}
	qsort(uids, n->users, sizeof(*uids), str_cmp);
	qsort(units, nseen, sizeof(*units), str_cmp);
	for (i = 0; i < nb; i++)
		if (!b[i].gone && !seen(uids, n->users, b[i].uid))
			ngone++;
	if (!force && (ngone + newly_disabled) * 100 >
	    (size_t)c->cfg->ldap_sync_max_loss * active) {
		(void)bsnprintf(msg, msgsz, "refused: %zu of %zu active "
		    "employees would be gone or disabled (more than "
		    "ldap_sync_max_loss %lld %%); nothing changed (--force "
		    "applies it)", ngone + newly_disabled, active,
		    c->cfg->ldap_sync_max_loss);
		return SL_EFORBIDDEN;
	}
	/*
	 * The same for the units: a directory whose unit groups went missing
	 * (another base, a filter, rights) must not take every unit and
	 * membership away while the employees stay.
	 */
	if ((rc = db_query(c->db, c->a, &m, "SELECT COUNT(*) FROM staff_unit"
	    " su JOIN staff s ON s.uid = su.uid WHERE s.gone_at IS NULL AND"
	    " s.disabled_at IS NULL", "")) != SL_OK ||
	    (rc = db_query(c->db, c->a, &r, "SELECT id FROM unit WHERE"
	    " gone_at IS NULL", "")) != SL_OK)
		return rc;
	members1 = (size_t)dbrows_ll(m, 0, 0);
	for (i = 0; i < r->nrows; i++)
		if (!seen(units, nseen, dbrows_get(r, i, 0)))
			units_lost++;
	if (!force && (units_lost * 100 > (size_t)c->cfg->ldap_sync_max_loss *
	    units0 || (members1 < members0 && (members0 - members1) * 100 >
	    (size_t)c->cfg->ldap_sync_max_loss * members0))) {
		(void)bsnprintf(msg, msgsz, "refused: %zu of %zu units would be "
		    "gone and %zu of %zu memberships lost (more than "
		    "ldap_sync_max_loss %lld %%); nothing changed (--force "
		    "applies it)", units_lost, units0, members1 < members0 ?
		    members0 - members1 : 0, members0,
		    c->cfg->ldap_sync_max_loss);
		return SL_EFORBIDDEN;
	}
	for (i = 0; i < nb; i++) {
		if (b[i].gone || seen(uids, n->users, b[i].uid))
			continue;
		if ((rc = db_exec(c->db, "UPDATE staff SET gone_at ="
		    " UTC_TIMESTAMP() WHERE uid = ?", "s", b[i].uid)) !=
		    SL_OK ||
		    (rc = end_sessions(c, b[i].uid)) != SL_OK ||
		    (rc = ctx_audit(c, "staff-gone", 0, b[i].uid,
		    "ldap-sync")) != SL_OK)
			return rc;
		n->gone++;
	}
	if ((rc = db_query(c->db, c->a, &r, "SELECT id FROM unit WHERE"
	    " gone_at IS NULL", "")) != SL_OK)
		return rc;
	for (i = 0; i < r->nrows; i++) {
		id = dbrows_get(r, i, 0);
		if (seen(units, nseen, id))
			continue;
		if ((rc = db_exec(c->db, "UPDATE unit SET gone_at ="
		    " UTC_TIMESTAMP() WHERE id = ?", "s", id)) != SL_OK ||
		    (rc = ctx_audit(c, "unit-gone", 0, id, "ldap-sync")) !=
		    SL_OK)
			return rc;
		n->units_gone++;
	}
	(void)bsnprintf(msg, msgsz, "%zu employees (%zu disabled, %zu newly "
	    "gone), %zu units (%zu newly gone)", n->users, n->disabled,
	    n->gone, n->units, n->units_gone);
	return SL_OK;
}

/* apply() in a transaction of its own. */
static enum sl_err
apply_tx(struct ctx *c, const struct dir_sync *s, int force,
    struct ldapsync_count *n, char *msg, size_t msgsz)
{
	enum sl_err	 rc;

	TX_BEGIN(c)
	rc = apply(c, s, force, n, msg, msgsz);
	TX_END(c)
	return rc;
}

/* Record the outcome on the rows of this run (ids up to last). */
static void
record(struct ctx *c, unsigned long long last, const char *started,
    const char *outcome, const struct ldapsync_count *n, const char *msg)
{
	if (db_exec(c->db, "UPDATE dir_sync SET started_at ="
	    " COALESCE(started_at, ?), finished_at = UTC_TIMESTAMP(),"
	    " outcome = ?, users = ?, units = ?, disabled = ?, gone = ?,"
	    " message = LEFT(?, 500) WHERE id <= ? AND finished_at IS NULL",
	    "ssiiiisi", started, outcome, (long long)n->users,
	    (long long)n->units, (long long)n->disabled, (long long)n->gone,
	    msg, (long long)last) != SL_OK)
		log_warnx("ldap-sync: could not record the run in dir_sync");
}

enum sl_err
ldapsync_run(const struct config *cfg, int force, int if_requested,
    struct ldapsync_count *n, char *msg, size_t msgsz)
{
	struct ctx		 c;
	struct dbrows		*r;
	struct dir_sync		*s = NULL;
	struct arena		*dira = NULL;
	unsigned long long	 last = 0;
	const char		*started = NULL;
	enum sl_err		 rc;

	memset(n, 0, sizeof(*n));
	memset(&c, 0, sizeof(c));
	msg[0] = '\0';
	c.cfg = cfg;
	c.remote = "stafettlogg ldap-sync";
	c.path = "";
	if ((c.a = arena_new()) == NULL || (dira = arena_new()) == NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	if ((rc = db_open(cfg, &c.db)) != SL_OK ||
	    (rc = db_ensure(c.db)) != SL_OK)
		goto out;
	if ((rc = db_query(c.db, c.a, &r, "SELECT MAX(id), UTC_TIMESTAMP()"
	    " FROM dir_sync WHERE started_at IS NULL", "")) != SL_OK)
		goto out;
	started = dbrows_get(r, 0, 1);
	if (dbrows_get(r, 0, 0) != NULL)
		last = (unsigned long long)dbrows_ll(r, 0, 0);
	if (last == 0 && if_requested) {
		(void)bsnprintf(msg, msgsz, "no sync requested");
		rc = SL_OK;
		goto out;
	}
	if (last == 0) {
		if ((rc = db_exec(c.db, "INSERT INTO dir_sync (requested_at,"
		    " started_at) VALUES (?, ?)", "ss", started, started)) !=
		    SL_OK)
			goto out;
		last = db_insert_id(c.db);
	}
	if ((rc = dir_sync_read(cfg, dira, &s)) != SL_OK) {
		(void)bsnprintf(msg, msgsz, "failed: the directory did not "
		    "give every entry (%s); nothing changed", sl_strerror(rc));
		record(&c, last, started, "failed", n, msg);
		goto out;
	}
	log_info("ldap-sync: read %zu unit groups and %zu employees in %zu "
	    "pages", s->nunits, s->nusers, s->pages);
	if (s->nusers == 0 && !force) {
		(void)bsnprintf(msg, msgsz, "refused: the directory gave no "
		    "employee (check ldap_user_base and ldap_sync_filter); "
		    "nothing changed (--force applies it)");
		rc = SL_EFORBIDDEN;
		record(&c, last, started, "refused", n, msg);
		goto out;
	}
	rc = apply_tx(&c, s, force, n, msg, msgsz);
	if (rc == SL_OK)
		record(&c, last, started, "done", n, msg);
	else if (rc == SL_EFORBIDDEN) {
		memset(n, 0, sizeof(*n));
		record(&c, last, started, "refused", n, msg);
	} else {
		memset(n, 0, sizeof(*n));
		(void)bsnprintf(msg, msgsz, "failed: the database did not "
		    "take the changes (%s); nothing changed",
		    sl_strerror(rc));
		record(&c, last, started, "failed", n, msg);
	}
out:
	if (rc != SL_OK && msg[0] == '\0')
		(void)bsnprintf(msg, msgsz, "failed: %s; nothing changed",
		    sl_strerror(rc));
	dir_sync_free(s);
	db_close(c.db);
	arena_free(dira);
	arena_free(c.a);
	return rc;
}

int
ldapsync_cli(const struct config *cfg, int force, int if_requested)
{
	struct ldapsync_count	 n;
	char			 msg[512];
	enum sl_err		 rc;

	rc = ldapsync_run(cfg, force, if_requested, &n, msg, sizeof(msg));
	if (rc == SL_OK) {
		printf("ldap-sync: %s\n", msg);
		return 0;
	}
	fprintf(stderr, "stafettlogg: ldap-sync %s\n", msg);
	return rc == SL_EFORBIDDEN ? 3 : 1;
}
