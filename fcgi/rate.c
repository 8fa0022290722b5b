/*
 * rate.c - per-user write limits (see rate.h).  A sliding window of one
 * minute: one row per write let through, the user's older rows deleted
 * at each write, so a user's rows stay fewer than the two limits.
 */
#include <string.h>

#include "rate.h"

/* Routes that are not counted: sessions, not content. */
static const char *const rate_free[] = {
	"/login", "/logout", "/meeting-mode/leave",
};

/* Routes counted as posts (bright spots and notes). */
static const char *const rate_posts[] = {
	"/logs/#/bright-spots", "/bright-spots/#", "/logs/#/notes",
};

static int
in(const char *const *list, size_t n, const char *route)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], route) == 0)
			return 1;
	return 0;
}

enum sl_err
rate_check(struct ctx *c, const char *route)
{
	struct dbrows	*r;
	const char	*kind;
	long long	 limit, n;
	enum sl_err	 rc;
	int		 post;

	if (c->sess.state != SESS_VALID || c->sess.uid == NULL ||
	    in(rate_free, sizeof(rate_free) / sizeof(rate_free[0]), route))
		return SL_OK;
	post = in(rate_posts, sizeof(rate_posts) / sizeof(rate_posts[0]),
	    route);
	kind = post ? "post" : "write";
	limit = post ? c->cfg->post_rate_per_minute :
	    c->cfg->write_rate_per_minute;
	if (limit == 0)
		return SL_OK;
	if ((rc = db_exec(c->db, "DELETE FROM write_rate WHERE uid = ? AND"
	    " at < UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE", "s",
	    c->sess.uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &r, "SELECT COUNT(*) FROM write_rate"
	    " WHERE uid = ? AND kind = ?", "ss", c->sess.uid, kind)) != SL_OK)
		return rc;
	n = dbrows_ll(r, 0, 0);
	if (n < limit)
		return db_exec(c->db, "INSERT INTO write_rate (uid, kind, at)"
		    " VALUES (?, ?, UTC_TIMESTAMP(3))", "ss", c->sess.uid,
		    kind);
	/* Refused: audited, but not every one of a flood. */
	if ((rc = db_query(c->db, c->a, &r, "SELECT COUNT(*) FROM audit"
	    " WHERE uid = ? AND at > UTC_TIMESTAMP(3) - INTERVAL 10 SECOND"
	    " AND action = 'write-rate-refused'", "s", c->sess.uid)) != SL_OK)
		return rc;
	if (dbrows_ll(r, 0, 0) == 0)
		(void)ctx_audit(c, "write-rate-refused", c->id[0] > 0 &&
		    strncmp(route, "/logs/#", 7) == 0 ? c->id[0] : 0, c->path,
		    arena_printf(c->a, "%lld %s%s per minute", limit, kind,
		    limit == 1 ? "" : "s"));
	/* A family uid holds an identity number: not for the log. */
	log_warnx("%s %s: user %s has reached %s_rate_per_minute (%lld); "
	    "answered 429", c->method, c->path, c->sess.family ?
	    "(family)" : c->sess.uid, kind, limit);
	return SL_ETHROTTLED;
}
