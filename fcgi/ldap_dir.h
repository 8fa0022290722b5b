/*
 * ldap_dir.h - the staff directory (Active Directory in production,
 * OpenLDAP slapd in demo and tests): log a user in with "search, then
 * bind", and read who they are, which units they belong to and which
 * roles they hold.  Attribute names, bases and filters come from the
 * ldap_* entries of struct config.
 *
 * Every call opens its own LDAP handle(s) and closes them before it
 * returns: logins are rare, and no handle survives a directory restart
 * or a fork.
 */
#ifndef SL_LDAP_DIR_H
#define SL_LDAP_DIR_H

#include <stddef.h>

#include "config.h"
#include "util.h"

/* Longest user name accepted by dir_authenticate, in bytes. */
#define DIR_USER_MAX	256
/* Longest password accepted by dir_authenticate, in bytes. */
#define DIR_PASS_MAX	1024
/* Units read for one user; more are dropped with a log line. */
#define DIR_UNITS_MAX	200
/* Longest attribute value or DN kept from the directory, in bytes. */
#define DIR_VALUE_MAX	2048

/* A unit (virksomhet/tjeneste) the user belongs to. */
struct dir_unit {
	char	*dn;		/* DN of the unit's group entry */
	char	*id;		/* ldap_attr_unit_id, never "" */
	char	*name;		/* ldap_attr_unit_name, or id when missing */
	int	 leader;	/* the user leads this unit */
};

/*
 * A logged-in user.  All strings are valid UTF-8 and XML 1.0 text and
 * live in the arena given to dir_authenticate; none is NULL.
 */
struct dir_user {
	char		*dn;		/* the entry the user bound as */
	char		*uid;		/* ldap_attr_uid as stored, never "" */
	char		*name;		/* ldap_attr_name, or uid when missing */
	char		*mail;		/* ldap_attr_mail, or "" when missing */
	struct dir_unit	*units;		/* sorted by id; NULL when nunits == 0 */
	size_t		 nunits;
	int		 is_leader;	/* member of ldap_leader_group */
	int		 is_admin;	/* member of ldap_admin_group */
};

/*
 * RFC 4515 escape of the filter value in (a C string) with
 * ldap_bv2escaped_filter_value: NUL-free input, so every byte of
 * 0x01-0x1f, '(', ')', '*', '\\', 0x7f and >= 0x80 becomes "\XX".
 * SL_OK and *out (arena-owned, "" for ""), SL_EINPUT when in or out is
 * NULL, SL_ENOMEM.
 */
enum sl_err	dir_escape_filter(struct arena *, const char *in, char **out);

/*
 * Write tmpl into out[outsz] with its one "%s" replaced by escaped, a
 * value already passed through dir_escape_filter.  SL_OK; SL_EINPUT
 * when tmpl does not hold exactly one "%s", holds any other '%'
 * ("%%" is not supported), or escaped holds an unescaped '(', ')' or
 * '*'; SL_ETOOBIG when the result does not fit.  On error out is "".
 */
enum sl_err	dir_filter_fill(char *out, size_t outsz, const char *tmpl,
		    const char *escaped);

/*
 * Log a user in: bind as the service account (ldap_bind_dn, or
 * anonymously when that is empty), find the one entry matching
 * ldap_user_filter under ldap_user_base, simple-bind as that entry with
 * password on a second connection, then read name, mail, memberOf and
 * the units (groups under ldap_unit_base matching ldap_unit_filter).
 * A member of ldap_leader_group leads all of their units.
 *
 * SL_OK and *out (arena-owned).
 * SL_EAUTH: no such user, several entries match, or wrong password;
 *   deliberately the same code for all three.
 * SL_EINPUT: username or password empty (an empty password would be
 *   an unauthenticated bind), longer than DIR_USER_MAX / DIR_PASS_MAX,
 *   username not valid UTF-8, or a NULL argument.  No connection is
 *   made.
 * SL_EDIR: directory unreachable, timed out, service bind refused, or
 *   the configured bases do not exist; a line says what (never the
 *   password).
 * SL_ENOMEM.
 */
enum sl_err	dir_authenticate(const struct config *, struct arena *,
		    const char *username, const char *password,
		    struct dir_user **out);

/*
 * Check that the directory answers and accepts the service account
 * (for health/readiness checks).  SL_OK or SL_EDIR (with a log line).
 */
enum sl_err	dir_ping(const struct config *);

#endif
