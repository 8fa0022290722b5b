/*
 * dirdb.h - what the directory says about staff and units, mirrored into
 * the staff, unit and staff_unit tables, keyed by the directory's stable
 * identifiers (ldap_attr_user_key, ldap_attr_unit_key; sql/013).
 */
#ifndef SL_DIRDB_H
#define SL_DIRDB_H

#include "db.h"
#include "ldap_dir.h"
#include "util.h"

/*
 * Record the unit un (inside the caller's transaction): found by its
 * key when it has one (a renamed group keeps its id; dn and name follow
 * the directory), else by its id; a row with the same id and no key is
 * adopted; a new unit whose id another unit's key already holds gets
 * "<id>~<first 8 hex digits of its key>".  gone_at is cleared.  *id is
 * the unit's id here (arena-owned).  SL_OK or the database's error.
 */
enum sl_err	dirdb_unit(struct db *, struct arena *, const struct dir_unit *un,
		    const char **id);

/*
 * Record the person u with the units and roles of u (inside the
 * caller's transaction): found by key when u has one (an account renamed
 * in the directory keeps its uid here), else by uid; gone_at cleared,
 * checked_at now, last_login now when login, disabled_at cleared.  *uid is the person's uid
 * here (arena-owned).  SL_EAUTH (logged) when the uid belongs here to
 * another key (a name given again to another person): the caller
 * refuses the login.  SL_OK or the database's error.
 */
enum sl_err	dirdb_user(struct db *, struct arena *, const struct dir_user *u,
		    int login, const char **uid);

/*
 * dirdb_user for ldap-sync: disabled says whether the directory has the
 * account disabled (staff.disabled_at set, keeping an earlier time;
 * cleared when 0, as by dirdb_user: a login is the directory saying the
 * account is active).  unit_ids (NULL, or room for u->nunits) receives
 * the id here of each of u's units (arena-owned).
 */
enum sl_err	dirdb_user_state(struct db *, struct arena *,
		    const struct dir_user *u, int login, int disabled,
		    const char **unit_ids, const char **uid);

#endif
