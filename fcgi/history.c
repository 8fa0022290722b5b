/*
 * history.c - the history of a log (see history.h).
 */
#include "history.h"

enum sl_err
history_add(struct db *db, long long log_id, const char *kind,
    const char *actor_uid, const char *subject_uid, const char *unit_id,
    const char *from, const char *to, const char *reason)
{
	return db_exec(db, "INSERT INTO log_event (log_id, at, kind,"
	    " actor_uid, subject_uid, unit_id, value_from, value_to, reason)"
	    " VALUES (?, UTC_TIMESTAMP(), ?, ?, ?, ?, ?, ?, ?)", "isssssss",
	    log_id, kind, actor_uid, subject_uid, unit_id, from, to, reason);
}
