/*
 * app.c - the router: session, CSRF, policy, then the handler.  A
 * request reaches a handler only after all of these said yes.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "handlers.h"
#include "policy.h"
#include "session.h"
#include "view.h"

struct route {
	const char	*method;
	const char	*path;
	handler_fn	 fn;
	int		 auth;		/* needs a valid session */
	enum pol_action	 act;
};

static const struct route routes[] = {
	{ "GET", "/", h_root, 0, PA_NONE },
	{ "GET", "/login", h_login_form, 0, PA_NONE },
	{ "POST", "/login", h_login_post, 0, PA_NONE },
	{ "POST", "/logout", h_logout, 1, PA_LOGOUT },
	{ "GET", "/start", h_start, 1, PA_VIEW_START },
	{ "GET", "/profile", h_profile, 1, PA_VIEW_PROFILE },
	{ "POST", "/profile", h_profile_post, 1, PA_EDIT_PROFILE },
};

void
ctx_header(struct ctx *c, const char *name, const char *value)
{
	buf_puts(&c->headers, name);
	buf_puts(&c->headers, ": ");
	buf_puts(&c->headers, value);
	buf_puts(&c->headers, "\r\n");
}

enum sl_err
ctx_redirect(struct ctx *c, const char *path)
{
	if ((c->location = arena_strdup(c->a, path)) == NULL)
		return SL_ENOMEM;
	c->status = 303;
	return SL_OK;
}

enum sl_err
ctx_error(struct ctx *c, int status, const char *key)
{
	char		 k[32];
	xmlNodePtr	 e;
	enum sl_err	 rc;

	c->status = status;
	c->location = NULL;
	if (key == NULL) {
		if (bsnprintf(k, sizeof(k), "error.%d", status) != SL_OK)
			return SL_ESYS;
		key = k;
	}
	if ((rc = view_new(c, "error")) != SL_OK)
		return rc;
	e = view_child(c->content, "error", NULL);
	view_attr_ll(e, "status", status);
	view_attr(e, "key", key);
	if (c->sess.state == SESS_VALID) {
		view_action(c, "start", "GET", "/start", NULL);
		view_action(c, "logout", "POST", "/logout", NULL);
	} else
		view_action(c, "login", "GET", "/login", NULL);
	return SL_OK;
}

enum sl_err
ctx_audit(struct ctx *c, const char *action, long long log_id,
    const char *object, const char *detail)
{
	enum sl_err	 rc;

	rc = db_exec(c->db, "INSERT INTO audit (at, uid, action, log_id,"
	    " object, detail, remote) VALUES (UTC_TIMESTAMP(3), ?, ?, ?, ?,"
	    " ?, ?)", "ssisss",
	    c->sess.state == SESS_VALID ? c->sess.uid : NULL, action,
	    log_id, object, detail, c->remote);
	if (rc != SL_OK)
		log_warnx("audit write failed for %s", action);
	return rc;
}

static const char *
pick_lang(struct ctx *c)
{
	const char	*l;

	if (c->sess.state == SESS_VALID && c->sess.lang != NULL)
		l = c->sess.lang;
	else if ((l = kv_get(&c->query, "lang")) == NULL)
		l = kv_get(&c->cookies, "sl_lang");
	if (l != NULL && (strcmp(l, "nb") == 0 || strcmp(l, "nn") == 0 ||
	    strcmp(l, "en") == 0))
		return l;
	return c->cfg->default_lang;
}

static const char *
ended_param(enum sess_state s)
{
	switch (s) {
	case SESS_IDLE:
		return "idle";
	case SESS_ABSOLUTE:
		return "absolute";
	case SESS_ENDED:
		return "logout";
	default:
		return NULL;
	}
}

/*
 * A form posted after the session ended: keep it for its author when
 * the token proves it came from that session's page, then send the user
 * to log in again.
 */
static enum sl_err
keep_expired_post(struct ctx *c)
{
	const char	*e = ended_param(c->sess.state);
	char		 to[64];
	enum sl_err	 rc;

	if (!session_csrf_ok(c, c->sess.csrf))
		return ctx_error(c, 403, "error.csrf");
	if (c->sess.state == SESS_ENDED)
		return ctx_redirect(c, "/login");
	if ((rc = draft_save(c, c->sess.uid,
	    kv_get(&c->form, "_return"))) != SL_OK)
		return rc;
	if (bsnprintf(to, sizeof(to), "/login?ended=%s&draft=1", e) != SL_OK)
		return SL_ESYS;
	return ctx_redirect(c, to);
}

void
app_handle(struct ctx *c)
{
	const struct route	*r = NULL;
	struct subject		 s;
	enum sl_err		 rc;
	const char		*e;
	char			 to[64], allow[64];
	size_t			 i;
	int			 path_known = 0;

	c->lang = c->cfg->default_lang;
	allow[0] = '\0';
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (strcmp(routes[i].path, c->path) != 0)
			continue;
		path_known = 1;
		if (allow[0] != '\0')
			(void)strncat(allow, ", ", sizeof(allow) -
			    strlen(allow) - 1);
		(void)strncat(allow, routes[i].method, sizeof(allow) -
		    strlen(allow) - 1);
		if (strcmp(routes[i].method, c->method) == 0)
			r = &routes[i];
	}
	if ((rc = db_ensure(c->db)) != SL_OK ||
	    (rc = session_load(c)) != SL_OK)
		goto fail;
	c->lang = pick_lang(c);
	if (r == NULL) {
		if (path_known) {
			ctx_header(c, "Allow", allow);
			rc = ctx_error(c, 405, NULL);
		} else
			rc = ctx_error(c, 404, NULL);
		goto fail;
	}
	if (strcmp(c->method, "POST") == 0) {
		if (strcmp(r->path, "/login") == 0) {
			if (!session_csrf_ok(c, kv_get(&c->cookies,
			    PRELOGIN_COOKIE))) {
				rc = ctx_error(c, 403, "error.csrf");
				goto fail;
			}
		} else if (c->sess.state == SESS_VALID) {
			if (!session_csrf_ok(c, c->sess.csrf)) {
				rc = ctx_error(c, 403, "error.csrf");
				goto fail;
			}
		} else if (c->sess.state != SESS_NONE) {
			rc = keep_expired_post(c);
			goto fail;
		} else {
			rc = ctx_error(c, 403, "error.csrf");
			goto fail;
		}
	}
	if (r->auth && c->sess.state != SESS_VALID) {
		if ((e = ended_param(c->sess.state)) != NULL &&
		    bsnprintf(to, sizeof(to), "/login?ended=%s", e) == SL_OK)
			rc = ctx_redirect(c, to);
		else
			rc = ctx_redirect(c, "/login");
		goto fail;
	}
	s.authenticated = c->sess.state == SESS_VALID;
	s.is_leader = c->sess.is_leader;
	s.is_admin = c->sess.is_admin;
	if (policy_check(&s, r->act) != SL_OK) {
		rc = ctx_error(c, 403, NULL);
		goto fail;
	}
	rc = r->fn(c);
fail:
	db_rollback(c->db);
	switch (rc) {
	case SL_OK:
		break;
	case SL_EDB:
		log_warnx("%s %s: database unavailable (503)", c->method,
		    c->path);
		(void)ctx_error(c, 503, NULL);
		break;
	case SL_EDIR:
		(void)ctx_error(c, 503, "login.directory-down");
		break;
	case SL_ENOTFOUND:
		(void)ctx_error(c, 404, NULL);
		break;
	case SL_EFORBIDDEN:
		(void)ctx_error(c, 403, NULL);
		break;
	case SL_EINPUT:
		(void)ctx_error(c, 400, NULL);
		break;
	case SL_ETOOBIG:
		(void)ctx_error(c, 413, NULL);
		break;
	default:
		log_warnx("%s %s: %s", c->method, c->path, sl_strerror(rc));
		(void)ctx_error(c, 500, NULL);
		break;
	}
}
