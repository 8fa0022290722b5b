/*
 * dirdb.c - the directory's staff and units in the database, keyed by
 * stable identifiers (see dirdb.h and sql/013_directory_keys.sql).
 */
#include <string.h>

#include "db.h"
#include "dirdb.h"
#include "ldap_dir.h"
#include "util.h"

enum sl_err
dirdb_unit(struct db *db, struct arena *a, const struct dir_unit *un,
    const char **id)
{
	struct dbrows	*r;
	const char	*name = un->name != NULL ? un->name : un->id;
	const char	*newid = un->id;
	enum sl_err	 rc;

	*id = NULL;
	if (un->key == NULL) {
		if ((rc = db_exec(db, "INSERT INTO unit (id, dn, name,"
		    " updated_at) VALUES (?, ?, ?, UTC_TIMESTAMP())"
		    " ON DUPLICATE KEY UPDATE dn = VALUES(dn),"
		    " name = VALUES(name), updated_at = VALUES(updated_at),"
		    " gone_at = NULL", "sss", un->id, un->dn, name)) != SL_OK)
			return rc;
		*id = un->id;
		return SL_OK;
	}
	if ((rc = db_query(db, a, &r, "SELECT id FROM unit WHERE dir_key = ?",
	    "s", un->key)) != SL_OK)
		return rc;
	if (r->nrows == 1) {
		*id = dbrows_get(r, 0, 0);
		if (strcmp(*id, un->id) != 0)
			log_info("directory: unit %s is now called %s in the "
			    "directory (same key); it keeps its id", *id,
			    un->id);
		return db_exec(db, "UPDATE unit SET dn = ?, name = ?,"
		    " updated_at = UTC_TIMESTAMP(), gone_at = NULL"
		    " WHERE id = ?", "sss", un->dn, name, *id);
	}
	if ((rc = db_query(db, a, &r, "SELECT dir_key IS NULL FROM unit"
	    " WHERE id = ?", "s", un->id)) != SL_OK)
		return rc;
	if (r->nrows == 1 && dbrows_true(r, 0, 0)) {
		*id = un->id;
		return db_exec(db, "UPDATE unit SET dir_key = ?, dn = ?,"
		    " name = ?, updated_at = UTC_TIMESTAMP(), gone_at = NULL"
		    " WHERE id = ?", "ssss", un->key, un->dn, name, un->id);
	}
	if (r->nrows == 1) {
		/* Another group (another key) had this id first. */
		if ((newid = arena_printf(a, "%.100s~%.8s", un->id,
		    un->key)) == NULL)
			return SL_ENOMEM;
		log_info("directory: a new unit %s has the id of another "
		    "(renamed or removed) unit; kept as %s", un->id, newid);
	}
	if ((rc = db_exec(db, "INSERT INTO unit (id, dn, name, dir_key,"
	    " updated_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP())", "ssss",
	    newid, un->dn, name, un->key)) != SL_OK)
		return rc;
	*id = newid;
	return SL_OK;
}

/* The uid kept here for u: by key, else u->uid; SL_EAUTH (see dirdb.h). */
static enum sl_err
dirdb_uid(struct db *db, struct arena *a, const struct dir_user *u,
    const char **uid)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	*uid = u->uid;
	if (u->key == NULL)
		return SL_OK;
	if ((rc = db_query(db, a, &r, "SELECT uid FROM staff WHERE"
	    " dir_key = ?", "s", u->key)) != SL_OK)
		return rc;
	if (r->nrows == 1) {
		*uid = dbrows_get(r, 0, 0);
		if (strcmp(*uid, u->uid) != 0)
			log_info("directory: %s is now %s in the directory "
			    "(same key); kept as %s", *uid, u->uid, *uid);
		return SL_OK;
	}
	if ((rc = db_query(db, a, &r, "SELECT 1 FROM staff WHERE uid = ?"
	    " AND dir_key IS NOT NULL", "s", u->uid)) != SL_OK)
		return rc;
	if (r->nrows == 1) {
		log_warnx("directory: the user name %s belongs here to "
		    "another person (another %s key); refusing the login "
		    "until an administrator resolves it", u->uid,
		    "directory");
		return SL_EAUTH;
	}
	return SL_OK;
}

enum sl_err
dirdb_user(struct db *db, struct arena *a, const struct dir_user *u,
    int login, const char **uidp)
{
	return dirdb_user_state(db, a, u, login, 0, NULL, uidp);
}

enum sl_err
dirdb_user_state(struct db *db, struct arena *a, const struct dir_user *u,
    int login, int disabled, const char **unit_ids, const char **uidp)
{
	const char	*uid, *unit;
	enum sl_err	 rc;
	size_t		 i;

	*uidp = NULL;
	if ((rc = dirdb_uid(db, a, u, &uid)) != SL_OK)
		return rc;
	if ((rc = db_exec(db, "INSERT INTO staff (uid, dn, name, mail,"
	    " is_leader, is_admin, dir_key, last_login, checked_at,"
	    " created_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
	    " IF(?, UTC_TIMESTAMP(), NULL), UTC_TIMESTAMP(), UTC_TIMESTAMP(),"
	    " IF(?, UTC_TIMESTAMP(), NULL))"
	    " ON DUPLICATE KEY UPDATE dn = VALUES(dn),"
	    " name = VALUES(name), mail = VALUES(mail),"
	    " is_leader = VALUES(is_leader), is_admin = VALUES(is_admin),"
	    " dir_key = COALESCE(VALUES(dir_key), dir_key),"
	    " last_login = COALESCE(VALUES(last_login), last_login),"
	    " checked_at = VALUES(checked_at), gone_at = NULL,"
	    " disabled_at = IF(VALUES(disabled_at) IS NULL, NULL,"
	    " COALESCE(disabled_at, VALUES(disabled_at)))",
	    "ssssiisii", uid, u->dn, u->name != NULL ? u->name : uid, u->mail,
	    (long long)u->is_leader, (long long)u->is_admin, u->key,
	    (long long)(login != 0), (long long)(disabled != 0))) != SL_OK)
		return rc;
	if ((rc = db_exec(db, "DELETE FROM staff_unit WHERE uid = ?", "s",
	    uid)) != SL_OK)
		return rc;
	for (i = 0; i < u->nunits; i++) {
		if ((rc = dirdb_unit(db, a, &u->units[i], &unit)) != SL_OK ||
		    (rc = db_exec(db, "INSERT INTO staff_unit (uid, unit_id,"
		    " role) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE"
		    " role = IF(VALUES(role) = 'leader', 'leader', role)",
		    "sss", uid, unit, u->units[i].leader ? "leader" :
		    "staff")) != SL_OK)
			return rc;
		if (unit_ids != NULL)
			unit_ids[i] = unit;
	}
	*uidp = uid;
	return SL_OK;
}
