/*
 * archive.h - archive copies of logs: the whole log as PDF/A-2b, made by
 * the system, not as any user, and kept in the archive_copy table.
 */
#ifndef SL_ARCHIVE_H
#define SL_ARCHIVE_H

#include "app.h"

/*
 * Make and store the archive copy of log_id for reason ("passive",
 * "transfer", "delete" or "yearly": the copy of this year, at most one).
 * The copy holds everything of the log but private notes, built with
 * the log page's code as its holder would see it, outside meeting mode.
 * Call it after the change that asks for it is committed (it runs its
 * own statements).  SL_OK (also when this year's copy already exists),
 * SL_ENOTFOUND, or a database or rendering error.  c is the request or
 * the command's context; its view and session are left as they were.
 */
enum sl_err archive_make(struct ctx *c, long long log_id, const char *reason);

/*
 * As archive_make with "today" given as YYYY-MM-DD (NULL: the date in
 * UTC), which decides the year of a yearly copy.  *made (may be NULL) is
 * 1 when a copy was stored, 0 when the year's copy existed.
 */
enum sl_err archive_make_on(struct ctx *c, long long log_id,
    const char *reason, const char *today, int *made);

/* <archive-copies> of log_id into the log element of the view. */
enum sl_err archive_list(struct ctx *c, long long log_id, xmlNodePtr log);

/*
 * `stafettlogg archive`: the yearly copies due on or before today (the
 * log's anniversary) and the copies of passive logs that have none.
 * today: YYYY-MM-DD or NULL.  Prints what it made; 0 on success.
 */
int archive_cli(const struct config *cfg, const char *today);

#endif
