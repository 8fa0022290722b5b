/*
 * measure.c - database rules of measures (see measure.h).
 */
#include "measure.h"

enum sl_err
measure_text_editable(struct db *db, struct arena *a, long long mid, int *yes)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	*yes = 0;
	if ((rc = db_query(db, a, &r, "SELECT 1 FROM measure WHERE id = ?"
	    " AND status = 'active' AND created_at > UTC_TIMESTAMP() -"
	    " INTERVAL 8 HOUR", "i", mid)) != SL_OK)
		return rc;
	*yes = r->nrows == 1;
	return SL_OK;
}

enum sl_err
measure_set_text(struct db *db, long long mid, const char *text)
{
	enum sl_err	 rc;

	/* The condition is in the UPDATE itself: no window between check and write. */
	if ((rc = db_exec(db, "UPDATE measure SET text = ?, text_changed_at ="
	    " UTC_TIMESTAMP() WHERE id = ? AND status = 'active' AND"
	    " created_at > UTC_TIMESTAMP() - INTERVAL 8 HOUR", "si", text,
	    mid)) != SL_OK)
		return rc;
	/* Affected rows are matched rows (CLIENT_FOUND_ROWS). */
	if (db_affected(db) == 1)
		return SL_OK;
	return SL_EFORBIDDEN;
}

enum sl_err
measure_actor_free(struct db *db, struct arena *a, long long cid,
    const char *key, long long except, int *free_)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	*free_ = 0;
	if ((rc = db_query(db, a, &r, "SELECT 1 FROM measure WHERE"
	    " concern_id = ? AND active_actor = ? AND id <> ?", "isi", cid,
	    key, except)) != SL_OK)
		return rc;
	*free_ = r->nrows == 0;
	return SL_OK;
}

enum sl_err
measure_evaluate(struct db *db, long long mid, long long log_id,
    int effective, const char *family_view, const char *decision,
    const char *by)
{
	enum sl_err	 rc;

	/* The primary key (measure_id) makes a second evaluation fail. */
	if ((rc = db_exec(db, "INSERT INTO evaluation (measure_id, log_id,"
	    " effective, family_view, decision, created_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?)", "iiisss", mid,
	    log_id, (long long)effective, family_view, decision, by)) != SL_OK)
		return rc;
	if (decision[0] == 'e' && decision[1] == 'n' && decision[2] == 'd' &&
	    decision[3] == '\0')
		rc = db_exec(db, "UPDATE measure SET status = 'ended',"
		    " active_actor = NULL WHERE id = ?", "i", mid);
	return rc;
}
