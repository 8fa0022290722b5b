/*
 * h_login.c - login, logout and the root redirect.
 */
#include <stdio.h>
#include <string.h>

#include "dirdb.h"
#include "guard.h"
#include "handlers.h"
#include "ldap_dir.h"
#include "session.h"
#include "view.h"

#define USERNAME_MAX 256
#define PASSWORD_MAX 1024

enum sl_err
h_root(struct ctx *c)
{
	if (c->sess.state == SESS_VALID)
		return ctx_redirect(c, c->sess.family ? "/logs" : "/start");
	return ctx_redirect(c, "/login");
}

/* The login view; status and error key for the page (may be NULL). */
static enum sl_err
login_view(struct ctx *c, int status, const char *error, int dir_down)
{
	const char	*token, *ended, *username;
	xmlNodePtr	 l, a;
	enum sl_err	 rc;

	if ((token = session_prelogin_token(c)) == NULL)
		return SL_ESYS;
	c->status = status;
	if ((rc = view_new(c, "login")) != SL_OK)
		return rc;
	view_child(c->meta, "csrf", token);
	if (error != NULL)
		view_error(c, error);
	if (kv_get(&c->query, "draft") != NULL)
		view_notice(c, "login.draft-saved");
	l = view_child(c->content, "login", NULL);
	ended = kv_get(&c->query, "ended");
	if (ended != NULL && (strcmp(ended, "idle") == 0 ||
	    strcmp(ended, "absolute") == 0 || strcmp(ended, "logout") == 0))
		view_attr(l, "ended", ended);
	username = kv_get(&c->form, "username");
	if (username != NULL && strlen(username) <= USERNAME_MAX)
		view_attr(l, "username", username);
	else
		username = NULL;
	if (dir_down)
		view_child(l, "directory-down", NULL);
	/* The municipality's password portal (change, unlock, reset). */
	if (c->cfg->password_portal_url[0] != '\0')
		view_attr(view_child(l, "password-portal", NULL), "href",
		    c->cfg->password_portal_url);
	a = view_action(c, "login", "POST", "/login", NULL);
	view_attr(view_field(a, "username", "text", 1, USERNAME_MAX,
	    username), "autocomplete", "username");
	view_attr(view_field(a, "password", "password", 1, PASSWORD_MAX,
	    NULL), "autocomplete", "current-password");
	/* Guardians and youth log in with ID-porten, when configured. */
	if (c->cfg->oidc_issuer[0] != '\0')
		view_action(c, "family-login", "GET", "/family/login", NULL);
	return SL_OK;
}

enum sl_err
h_login_form(struct ctx *c)
{
	enum sl_err	 rc;

	if (c->sess.state == SESS_VALID)
		return h_root(c);
	/* Do not offer a login that cannot work: is the database there? */
	if ((rc = db_exec(c->db, "DO 1", "")) != SL_OK)
		return rc;
	/* Known to be down (guard.h): say so before anyone tries. */
	return login_view(c, 200, NULL, guard_dir_down());
}

/*
 * Mirror the directory's view of the user into the staff, unit and
 * staff_unit tables (dirdb_user: keyed by the directory's stable
 * identifiers): the role is per unit (leader of that unit, or staff),
 * and staff.is_leader only says "leads at least one unit".  *uid is the
 * person's uid here (an account renamed in the directory keeps its old
 * one).  SL_EAUTH: the name belongs here to another person.
 */
static enum sl_err
store_user(struct ctx *c, const struct dir_user *u, const char **uid)
{
	enum sl_err	 rc;

	TX_BEGIN(c)
	rc = dirdb_user(c->db, c->a, u, 1, uid);
	TX_END(c)
	return rc;
}

/* The message key of a refusal that confirmed the password. */
static const char *
refusal_key(enum dir_refusal why)
{
	switch (why) {
	case DIR_REFUSED_DISABLED:
		return "login.refused.disabled";
	case DIR_REFUSED_EXPIRED:
		return "login.refused.expired";
	case DIR_REFUSED_MUST_CHANGE:
		return "login.refused.must-change";
	case DIR_REFUSED_PW_EXPIRED:
		return "login.refused.password-expired";
	case DIR_REFUSED_RESTRICTED:
		return "login.refused.restricted";
	case DIR_REFUSED_PASSWORD:
	case DIR_REFUSED_LOCKED:
		break;
	}
	return "login.failed";
}

/*
 * POST /login.  The order keeps both promises of the README: an unknown
 * user name and a wrong password get the same page and are throttled
 * alike, and the throttle counts the account the directory resolved the
 * name to, so that spellings the directory folds together (case,
 * spaces, compatibility characters) share one count:
 *   1. a try of the typed name (normalised) is reserved, known or not:
 *      past the limit, 429 before the directory is asked (a name
 *      outside the allowlist gets its 422, as below);
 *   2. the directory finds the account, without a bind;
 *   3. a name outside the allowlist (dir_username_ok) is refused before
 *      any bind, and counts as a try of the account it names, answered
 *      as for an unknown name;
 *   4. a try of the account is reserved (login and meeting-mode checks
 *      alike), unless it is the same key as the typed name;
 *   5. only then the password is tried (bind as the found entry); a
 *      refusal that confirms the password (AD: disabled, expired, must
 *      change it, password expired, not now or not from here) is said
 *      as such with 403 and not counted; a wrong password and a locked
 *      account (AD says "locked" whatever the password) are answered
 *      "wrong user name or password" and counted.
 * A reservation is a failure until the login succeeds (then both keys
 * are cleared); one for a try not made (directory down) is taken back.
 */
enum sl_err
h_login_post(struct ctx *c)
{
	const char	*username = kv_get(&c->form, "username");
	const char	*password = kv_get(&c->form, "password");
	struct dir_user	*u = NULL;
	enum dir_refusal why = DIR_REFUSED_PASSWORD;
	const char	*uid = NULL;
	enum sl_err	 rc;
	long long	 draft, typed = 0, acct = 0;
	char		*ret, to[600];
	int		 name_ok, same;

	if (username == NULL || password == NULL || *username == '\0' ||
	    *password == '\0' || strlen(username) > USERNAME_MAX ||
	    strlen(password) > PASSWORD_MAX)
		return login_view(c, 422, "login.failed", 0);
	name_ok = dir_username_ok(username);
	if ((rc = login_throttle_reserve(c, username, &typed)) ==
	    SL_ETHROTTLED) {
		(void)ctx_audit(c, "login-throttled", 0, username,
		    name_ok ? NULL : "user name refused");
		/* A refused spelling is told so, known or not, throttled or not. */
		return login_view(c, name_ok ? 429 : 422, name_ok ?
		    "login.throttled" : "login.bad-username", 0);
	}
	if (rc != SL_OK)
		return rc;
	rc = dir_lookup(c->cfg, c->a, username, &u);
	if (rc == SL_EDIR) {
		(void)login_throttle_release(c, typed);
		return login_view(c, 503, "login.directory-down", 1);
	}
	if (rc == SL_EAUTH || rc == SL_EINPUT) {
		/* No such account: counted by the typed name. */
		(void)ctx_audit(c, "login-failed", 0, username,
		    name_ok ? NULL : "user name refused");
		return login_view(c, 422, name_ok ? "login.failed" :
		    "login.bad-username", 0);
	}
	if (rc != SL_OK) {
		(void)login_throttle_release(c, typed);
		return rc;
	}
	same = login_throttle_same(c, username, u->uid);
	if (!name_ok) {
		/* Counted, but answered as an unknown name is, throttled or not. */
		if (!same && (rc = login_throttle_reserve(c, u->uid, &acct)) !=
		    SL_OK && rc != SL_ETHROTTLED)
			return rc;
		(void)ctx_audit(c, "login-failed", 0, username,
		    arena_printf(c->a, "user name refused; account %s",
		    u->uid));
		return login_view(c, 422, "login.bad-username", 0);
	}
	if (!same && (rc = login_throttle_reserve(c, u->uid, &acct)) ==
	    SL_ETHROTTLED) {
		(void)ctx_audit(c, "login-throttled", 0, username,
		    arena_printf(c->a, "account %s", u->uid));
		return login_view(c, 429, "login.throttled", 0);
	}
	if (rc != SL_OK)
		return rc;
	rc = dir_check_password_why(c->cfg, u, password, &why);
	if (rc == SL_EDIR) {
		(void)login_throttle_release(c, typed);
		(void)login_throttle_release(c, acct);
		return login_view(c, 503, "login.directory-down", 1);
	}
	if (rc == SL_EAUTH && dir_refusal_confirms_password(why)) {
		/* The directory confirmed the password (AD: disabled,
		 * expired, must change it...): no guess, so not counted;
		 * say what is wrong (the portal link is on the page). */
		(void)login_throttle_release(c, typed);
		(void)login_throttle_release(c, acct);
		(void)ctx_audit(c, "login-refused", 0, u->uid,
		    strrchr(refusal_key(why), '.') + 1);
		return login_view(c, 403, refusal_key(why), 0);
	}
	if (rc == SL_EAUTH || rc == SL_EINPUT) {
		(void)ctx_audit(c, "login-failed", 0, username,
		    arena_printf(c->a, "account %s", u->uid));
		return login_view(c, 422, "login.failed", 0);
	}
	if (rc != SL_OK)
		return rc;
	if ((rc = store_user(c, u, &uid)) == SL_EAUTH) {
		(void)ctx_audit(c, "login-failed", 0, username,
		    arena_printf(c->a, "account %s: the name belongs to "
		    "another person here", u->uid));
		return login_view(c, 422, "login.failed", 0);
	}
	if (rc != SL_OK ||
	    (rc = login_throttle_clear(c, u->uid)) != SL_OK ||
	    (rc = login_throttle_clear(c, username)) != SL_OK ||
	    (rc = session_create(c, uid, 0)) != SL_OK)
		return rc;
	(void)ctx_audit(c, "login", 0, uid, NULL);
	if ((rc = draft_latest(c, uid, &draft, &ret)) != SL_OK)
		return rc;
	/* Checked again: the table may hold rows from older versions. */
	if (draft > 0 && return_path_ok(ret) && bsnprintf(to, sizeof(to),
	    "%s%cdraft=%lld", ret, strchr(ret, '?') ? '&' : '?', draft) ==
	    SL_OK)
		return ctx_redirect(c, to);
	return ctx_redirect(c, "/start");
}

enum sl_err
h_logout(struct ctx *c)
{
	enum sl_err	 rc;

	(void)ctx_audit(c, "logout", 0, c->sess.uid, NULL);
	if ((rc = session_end(c)) != SL_OK)
		return rc;
	return ctx_redirect(c, "/login?ended=logout");
}
