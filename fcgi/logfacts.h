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
 * Load the facts of log id for the session user into lc (arena).
 * SL_OK (also when the log does not exist: lc->f.exists is 0),
 * SL_EMEETING when the session is locked to another log, or a database
 * error.
 */
enum sl_err logfacts_load(struct ctx *, long long id, struct logctx *lc);

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
