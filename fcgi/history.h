/*
 * history.h - the history of a log: one log_event row per step of its
 * life (created, transfers, holder changes, level changes, consents,
 * passive, reopened), written in the transaction of the step itself.
 */
#ifndef SL_HISTORY_H
#define SL_HISTORY_H

#include "db.h"

/*
 * Append one step to log_id's history, at UTC_TIMESTAMP(), inside the
 * caller's open transaction.  kind: a short lower-case word (see
 * sql/014_log_event.sql); every other argument may be NULL.  SL_OK or
 * db_exec's status; nothing is kept by the callee.
 */
enum sl_err history_add(struct db *db, long long log_id, const char *kind,
    const char *actor_uid, const char *subject_uid, const char *unit_id,
    const char *from, const char *to, const char *reason);

#endif
