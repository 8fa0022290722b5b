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

/* Longest user name accepted by dir_lookup, in bytes. */
#define DIR_USER_MAX	256
/* Longest password accepted by dir_check_password, in bytes. */
#define DIR_PASS_MAX	1024
/* Longest uid kept (the database's uid columns), in bytes. */
#define DIR_UID_MAX	128
/* Units read for one user; more are dropped with a log line. */
#define DIR_UNITS_MAX	200
/* Longest attribute value or DN kept from the directory, in bytes. */
#define DIR_VALUE_MAX	2048
/* Longest stable key (objectGUID, entryUUID) in bytes; kept as hex. */
#define DIR_KEY_MAX	60

/* A unit (virksomhet/tjeneste) the user belongs to. */
struct dir_unit {
	char	*dn;		/* DN of the unit's group entry */
	char	*id;		/* ldap_attr_unit_id, never "" */
	char	*name;		/* ldap_attr_unit_name, or id when missing */
	char	*key;		/* ldap_attr_unit_key as hex; NULL when unset */
	int	 leader;	/* the directory says the user leads THIS unit */
};

/*
 * A user found in the directory.  All strings are valid UTF-8 and XML
 * 1.0 text and live in the arena given to dir_lookup; none is NULL.
 */
struct dir_user {
	char		*dn;		/* the entry found (and bound as) */
	char		*uid;		/* ldap_attr_uid, canonical (dir_uid_canon) */
	char		*name;		/* ldap_attr_name, or uid when missing */
	char		*mail;		/* ldap_attr_mail, or "" when missing */
	char		*key;		/* ldap_attr_user_key as hex; NULL when unset */
	struct dir_unit	*units;		/* sorted by id; NULL when nunits == 0 */
	size_t		 nunits;
	int		 is_leader;	/* leads at least one of units */
	int		 is_admin;	/* member of ldap_admin_group */
	/* For ldap.c: normalised DNs of the groups (memberOf, or nested). */
	char		**groups;
	size_t		 ngroups;
};

/*
 * 1 when name may be typed as a user name, 0 when it is refused before
 * the directory is asked to bind: 1..DIR_USER_MAX bytes of UTF-8 made
 * only of ASCII letters and digits, "." "_" "-" "@" "\\", and the
 * precomposed Latin letters U+00C0-U+024F, except the signs U+00D7 and
 * U+00F7, the letters with a compatibility decomposition (U+0132,
 * U+0133, U+013F, U+0140, U+0149, U+017F, U+01C4-U+01CC, U+01F1-U+01F3),
 * the dotted and dotless i (U+0130, U+0131), kra (U+0138) and the click
 * letters U+01C0-U+01C3.  So no space anywhere, no control or format
 * character, no combining mark, and none of the look-alikes that a
 * directory folds to another name (Kelvin sign, one dot leader, NBSP,
 * fullwidth forms...).
 */
int		dir_username_ok(const char *name);

/*
 * The identifier rule: a uid is compared exactly, byte for byte, in C
 * and in SQL (binary collation), in its canonical form: the directory's
 * value with the ASCII letters A-Z lowered (other bytes are kept).
 * Lowers s in place; NULL is ignored.
 */
void		dir_uid_canon(char *s);

/*
 * RFC 4515 escape of the filter value in (a C string) with
 * ldap_bv2escaped_filter_value: NUL-free input, so every byte of
 * 0x01-0x1f, '(', ')', '*', '\\', 0x7f and >= 0x80 becomes "\XX".
 * SL_OK and *out (arena-owned, "" for ""), SL_EINPUT when in or out is
 * NULL, SL_ENOMEM.
 */
enum sl_err	dir_escape_filter(struct arena *, const char *in, char **out);

/* Most "%s" a filter template may hold. */
#define DIR_FILTER_HOLES	8

/*
 * Write tmpl into out[outsz] with each of its "%s" (1 to
 * DIR_FILTER_HOLES) replaced by escaped, a value already passed through
 * dir_escape_filter (so one user name may be matched against several
 * attributes, e.g. sAMAccountName and userPrincipalName).  SL_OK;
 * SL_EINPUT when tmpl holds no "%s" or more than DIR_FILTER_HOLES, holds
 * any other '%' ("%%" is not supported), or escaped holds an unescaped
 * '(', ')' or '*'; SL_ETOOBIG when the result does not fit.  On error
 * out is "".
 */
enum sl_err	dir_filter_fill(char *out, size_t outsz, const char *tmpl,
		    const char *escaped);

/*
 * Find a user without binding as them: bind as the service account
 * (ldap_bind_dn, or anonymously when that is empty), find the one entry
 * matching ldap_user_filter under ldap_user_base, and read uid, name,
 * mail, memberOf and the units (groups under ldap_unit_base matching
 * ldap_unit_filter) with the units the user leads: a unit whose
 * ldap_attr_unit_leader names the user's DN (or a group the user is a
 * direct member of), or whose leader group (ldap_unit_leader_group with
 * the unit's id) has the user as a direct member; when ldap_leader_group
 * is set, only its direct members lead any unit.
 *
 * The caller learns which account the name resolves to before any
 * password is tried (login throttling counts that account).
 *
 * SL_OK and *out (arena-owned).
 * SL_EAUTH: no such user, several entries match, or the entry has no
 *   usable uid; deliberately one code for all.
 * SL_EINPUT: username empty, longer than DIR_USER_MAX, not valid UTF-8,
 *   or a NULL argument.  No connection is made.
 * SL_EDIR: directory unreachable, timed out, service bind refused, or
 *   the configured bases do not exist; a line says what.
 * SL_ENOMEM.
 */
enum sl_err	dir_lookup(const struct config *, struct arena *,
		    const char *username, struct dir_user **out);

/*
 * Simple-bind as u->dn with password on a connection of its own, closed
 * again at once.  SL_OK; SL_EAUTH (wrong password, locked...); SL_EINPUT
 * when password is empty (an empty password would be an unauthenticated
 * bind) or longer than DIR_PASS_MAX, or an argument is NULL: no
 * connection is made; SL_EDIR.
 */
enum sl_err	dir_check_password(const struct config *,
		    const struct dir_user *u, const char *password);

/* Why the directory refused a bind (AD: "data NNN" in its diagnostic). */
enum dir_refusal {
	DIR_REFUSED_PASSWORD = 0,	/* 52e wrong password, or no reason */
	DIR_REFUSED_LOCKED,		/* 775: locked out (AD says so whatever
					   the password: not a confirmation) */
	DIR_REFUSED_DISABLED,		/* 533 */
	DIR_REFUSED_EXPIRED,		/* 701: the account has expired */
	DIR_REFUSED_MUST_CHANGE,	/* 773: must change the password */
	DIR_REFUSED_PW_EXPIRED,		/* 532: the password has expired */
	DIR_REFUSED_RESTRICTED		/* 530/531: not now, not from here */
};

/*
 * The reason in AD's bind diagnostic diag ("... AcceptSecurityContext
 * error, data 773, v4563"): the three hex digits after "data ".
 * DIR_REFUSED_PASSWORD for 52e, an unknown code, no code or NULL.
 */
enum dir_refusal dir_ad_refusal(const char *diag);

/*
 * 1 when a refusal for why means that the password was right (AD checks
 * the password before it says disabled, expired, must change, password
 * expired or restricted): such a try is no guess.  0 for a wrong
 * password and for locked (said whatever the password).
 */
int		dir_refusal_confirms_password(enum dir_refusal why);

/*
 * dir_check_password, and when it answers SL_EAUTH, *why (may be NULL)
 * says why the directory refused.
 */
enum sl_err	dir_check_password_why(const struct config *,
		    const struct dir_user *u, const char *password,
		    enum dir_refusal *why);

/*
 * dir_lookup, then dir_check_password.  SL_OK and *out, or the first
 * error of the two (*out NULL).
 */
enum sl_err	dir_authenticate(const struct config *, struct arena *,
		    const char *username, const char *password,
		    struct dir_user **out);

/*
 * Is the account dn still there and active?  A base search on dn as the
 * service account with ldap_staff_filter (AD: not disabled), or any
 * entry when that is unset.  SL_OK: yes; SL_EAUTH: gone or no longer
 * matching; SL_EDIR: the directory did not answer (or is known to be
 * down: at once, guard.h); SL_EINPUT.
 */
enum sl_err	dir_account_active(const struct config *, const char *dn);

/*
 * Check that the directory answers and accepts the service account
 * (for health/readiness checks, and the master's probe while the
 * directory is known to be down: it does not wait for a turn and does
 * not mark the directory down).  SL_OK or SL_EDIR (with a log line).
 *
 * dir_lookup and dir_check_password answer SL_EDIR at once, without
 * asking the directory, while it is known to be down or when
 * ldap_max_waiting workers already wait on it (guard.h); their
 * timeouts end at the request deadline at the latest; each server of
 * ldap_uri is tried in turn while the failure is one of the connection.
 */
enum sl_err	dir_ping(const struct config *);

/* Most employees (and, apart, unit groups) one ldap-sync reads. */
#define DIR_SYNC_MAX	200000

/*
 * What one ldap-sync read: every unit group and every employee, each
 * employee with units and roles as a login would find them.  Strings
 * live in the arena given to dir_sync_read; the arrays are the
 * struct's own (dir_sync_free).
 */
struct dir_sync {
	struct dir_unit	*units;		/* every unit group (leader unset) */
	size_t		 nunits;
	struct dir_user	*users;		/* every employee, disabled ones too */
	unsigned char	*disabled;	/* per user: 1 when disabled/expired */
	size_t		 nusers;
	size_t		 pages;		/* pages of the paged searches */
};

/*
 * Read the whole directory for ldap-sync, as the service account on one
 * connection (each server of ldap_uri tried in turn): every unit group
 * under ldap_unit_base matching ldap_unit_sync_filter, then every entry
 * under ldap_user_base matching ldap_sync_filter, both with paged
 * results (RFC 2696, ldap_sync_page_size a page), then for each
 * employee the groups, roles and units exactly as dir_lookup finds them
 * (nested groups too).  An employee is disabled when AD's
 * userAccountControl has bit 2 (ACCOUNTDISABLE), accountExpires has
 * passed, or ldap_attr_disabled holds ldap_disabled_value (any value
 * when that is empty).  Entries without a usable uid, or without the
 * configured key, are skipped with a log line.
 *
 * Everything is read before anything is returned: a directory that
 * fails part-way gives SL_EDIR and nothing.  SL_OK and *out (free with
 * dir_sync_free); SL_EDIR; SL_ETOOBIG (more than DIR_SYNC_MAX);
 * SL_ENOMEM; SL_EINPUT.
 *
 * Test hook: with the environment variable STAFETTLOGG_TEST_SYNC_PAUSE
 * set to N (1-60), it writes "ldap-sync: test pause after page 1" to
 * stderr after the first page of employees and sleeps N seconds, so a
 * test can stop the directory between two pages.
 */
enum sl_err	dir_sync_read(const struct config *, struct arena *,
		    struct dir_sync **out);

/* Free what dir_sync_read returned; NULL is ignored. */
void		dir_sync_free(struct dir_sync *);

#endif
