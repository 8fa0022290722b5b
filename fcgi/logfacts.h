/*
 * logfacts.h - what the policy module needs to know about one log and
 * the user, read from the database before anything of the log is shown
 * or changed.
 */
#ifndef SL_LOGFACTS_H
#define SL_LOGFACTS_H

#include "app.h"
#include "policy.h"

struct logctx {
	long long	 id;
	struct log_facts f;
	const char	*status;
	const char	*unit_id;
	const char	*unit_name;
	const char	*holder_uid;
	const char	*holder_name;
	const char	*child_name;
	const char	*birth_date;
	const char	*nin;
	const char	*address;
	const char	*created_at;
	long long	 level;
	long long	 consents;	/* consents in force (not withdrawn, unexpired) */
	long long	 youth_consents; /* of those, given by the youth */
	int		 youth_age;	/* the child has reached the consent age */
	long long	 grant_id;	/* the user's read grant, or 0 */
	long long	*grant_items;	/* categories or concerns of the grant */
	size_t		 ngrant_items;
	long long	*my_concerns;	/* concerns where the user acts */
	size_t		 nmy_concerns;
	/* the pending transfer (f.pending), else 0 and NULLs */
	long long	 transfer_id;
	const char	*transfer_kind;	/* "unit", "person" or "leader" */
	const char	*transfer_to_uid; /* NULL: the leaders of to_unit */
	const char	*transfer_to_unit;
	/* What a kept page is checked against (logcache.h, sql/020_perf.sql) */
	long long	 version;	/* log.version: bumped by every write */
	long long	 epoch;		/* view_epoch: names and categories */
	const char	*readers;	/* fingerprint of log_reader, not mine */
};

/*
 * The first facts of a log (its row, unit, holder, version, epoch, the
 * readers' fingerprint, the consents in force, the pending transfer and
 * the date they were counted on: LOGFACTS_N columns), as the select list
 * LOGFACTS_COLS(uid), uid the SQL of the session user's uid, over
 * "log l" and LOGFACTS_JOINS.  All but the readers' fingerprint follow
 * from (log, version, view_epoch, UTC date): every write to the log's
 * tables bumps its version, every change of a name the epoch (sql/
 * 020_perf.sql, 021), so logfacts.c keeps them per worker under that key.
 * The log page reads the key and the fingerprint with the session, in the
 * same statement (session.c, LOGFACTS_CHECK_COLS: LOGFACTS_CHECK_N
 * columns after the session's LOGFACTS_AT), and so sends, for a log that
 * has not changed, one statement before its audit row instead of two.
 */
#define LOGFACTS_READERS(uid) \
	" (SELECT CONCAT(COUNT(*), '.'," \
	" COALESCE(SUM(r.views), 0), '.', COALESCE(MAX(r.last_at), ''))" \
	" FROM log_reader r WHERE r.log_id = l.id AND r.uid <> " uid ")"
#define LOGFACTS_COLS(uid) \
	" l.status, l.unit_id, u.name, l.holder_uid, hs.name," \
	" l.child_name, l.birth_date, l.nin, l.address," \
	" DATE_FORMAT(l.created_at, '%Y-%m-%dT%H:%i:%sZ'), l.level," \
	" l.version, e.n," LOGFACTS_READERS(uid) "," \
	/* the consents in force (not withdrawn, not expired), the youth's */ \
	" (SELECT CONCAT(COUNT(*), '.', COALESCE(SUM(c.given_by = 'youth'), 0))" \
	" FROM consent c WHERE c.log_id = l.id" \
	" AND c.withdrawn_at IS NULL AND (c.expires_at IS NULL" \
	" OR c.expires_at >= UTC_DATE()))," \
	/* the pending transfer, at most one (sql/015_transfer.sql) */ \
	" t.id, t.kind, t.to_uid, t.to_unit, UTC_DATE()"
#define LOGFACTS_JOINS \
	" LEFT JOIN unit u ON u.id = l.unit_id" \
	" LEFT JOIN staff hs ON hs.uid = l.holder_uid" \
	" LEFT JOIN transfer t ON t.pending_log = l.id" \
	" LEFT JOIN view_epoch e ON e.id = 1"
#define LOGFACTS_N	20
/* The key of the kept facts and the readers, "log l" joined by the caller. */
#define LOGFACTS_CHECK_COLS(uid) \
	" l.version, e.n," LOGFACTS_READERS(uid) ", UTC_DATE()"
#define LOGFACTS_CHECK_JOINS " LEFT JOIN view_epoch e ON e.id = 1"
#define LOGFACTS_CHECK_N 4
/* The column of the first of those in the session's statement (session.c). */
#define LOGFACTS_AT	15

/*
 * Load the facts of log id for the session user into lc (arena).
 * SL_OK (also when the log does not exist: lc->f.exists is 0),
 * SL_EMEETING when the session is locked to another log, or a database
 * error.
 */
enum sl_err logfacts_load(struct ctx *, long long id, struct logctx *lc);

/*
 * Drop (wiped) the kept first facts older than their five minutes; the
 * worker calls it after every request.
 */
void logfacts_expire(void);

/*
 * Load facts and ask policy for a.  SL_OK, SL_ENOTFOUND, SL_EFORBIDDEN,
 * SL_EMEETING or a database error.
 */
enum sl_err logfacts_require(struct ctx *, long long id, enum log_action a,
    struct logctx *lc);

/* Item facts for a concern (category and status as stored). */
void logfacts_concern(const struct logctx *, long long concern_id,
    long long category_id, int active, struct item_facts *out);

/* The log a concern, measure, bright spot, grant or attachment belongs to. */
enum sl_err log_of(struct ctx *, const char *table, long long id,
    long long *log_id);

/* Age in whole years on y-m-d of someone born on birth ("YYYY-MM-DD"), or -1. */
int age_years(const char *birth, int y, int m, int d);

/* 1 when v is in the list. */
int id_in(const long long *list, size_t n, long long v);

/* Set *out when the session user may hold logs in some unit. */
enum sl_err staff_may_hold_any(struct ctx *, int *out);

/*
 * Set *out when the session user holds an active log, and so writes the
 * plan of some log (who may search colleagues by name, h_people.c).
 */
enum sl_err staff_writes_plan(struct ctx *, int *out);

#endif
