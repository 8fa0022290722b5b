/*
 * app.c - the router: session, CSRF, policy, then the handler.  A
 * request reaches a handler only after all of these said yes.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "handlers.h"
#include "logfacts.h"
#include "guard.h"
#include "policy.h"
#include "rate.h"
#include "session.h"
#include "view.h"

/* Route flags. */
#define R_AUTH		0x01	/* needs a valid session */
#define R_LOG		0x02	/* about one log: the handler checks meeting mode */
#define R_MEETING	0x04	/* allowed in meeting mode without a log */
#define R_FAMILY	0x08	/* open to family sessions (ID-porten) */
#define R_NODRAFT	0x10	/* POST without content: not kept at a time-out */
#define R_UPLOAD	0x20	/* takes a file (multipart); others refuse files */
#define R_TOKEN		0x40	/* POST authorised by a signed token in the URL, not by CSRF (RFC 8058 one-click unsubscribe) */

struct route {
	const char	*method;
	const char	*path;		/* '#' matches a positive number */
	handler_fn	 fn;
	int		 flags;
	enum pol_action	 act;		/* PA_NONE: log routes decide themselves */
};

static const struct route routes[] = {
	{ "GET", "/", h_root, R_FAMILY, PA_NONE },
	{ "GET", "/login", h_login_form, R_FAMILY, PA_NONE },
	{ "POST", "/login", h_login_post, 0, PA_NONE },
	{ "POST", "/logout", h_logout, R_AUTH | R_MEETING | R_FAMILY |
	    R_NODRAFT, PA_LOGOUT },
	{ "GET", "/start", h_start, R_AUTH, PA_VIEW_START },
	{ "GET", "/profile", h_profile, R_AUTH | R_FAMILY, PA_VIEW_PROFILE },
	{ "POST", "/profile", h_profile_post, R_AUTH | R_FAMILY,
	    PA_EDIT_PROFILE },
	{ "GET", "/unsubscribe", h_unsubscribe, R_FAMILY, PA_NONE },
	{ "POST", "/unsubscribe", h_unsubscribe_post, R_FAMILY | R_TOKEN |
	    R_NODRAFT, PA_NONE },
	{ "GET", "/logs", h_logs, R_AUTH | R_FAMILY, PA_VIEW_LOGS },
	{ "GET", "/staff", h_staff, R_AUTH, PA_MANAGE_STAFF },
	{ "GET", "/overview", h_overview, R_AUTH, PA_VIEW_OVERVIEW },
	{ "GET", "/overview/report", h_overview_report, R_AUTH,
	    PA_VIEW_OVERVIEW },
	{ "GET", "/admin/overview", h_admin_overview, R_AUTH, PA_ADMIN },
	{ "GET", "/admin/overview/report", h_admin_report, R_AUTH, PA_ADMIN },
	{ "GET", "/admin/categories", h_categories, R_AUTH, PA_ADMIN },
	{ "GET", "/admin/notices", h_admin_notices, R_AUTH, PA_ADMIN },
	{ "POST", "/admin/categories", h_category_add, R_AUTH, PA_ADMIN },
	{ "POST", "/admin/categories/#", h_category_edit, R_AUTH, PA_ADMIN },
	{ "POST", "/staff", h_staff_post, R_AUTH, PA_MANAGE_STAFF },
	{ "GET", "/people", h_people, R_AUTH, PA_SEARCH_PEOPLE },
	{ "GET", "/admin/directory", h_directory, R_AUTH, PA_ADMIN },
	{ "POST", "/admin/directory/sync", h_directory_sync, R_AUTH, PA_ADMIN },
	{ "GET", "/logs/new", h_log_new, R_AUTH, PA_CREATE_LOG },
	{ "POST", "/logs", h_log_create, R_AUTH | R_UPLOAD, PA_CREATE_LOG },
	{ "GET", "/logs/import", h_log_import_form, R_AUTH, PA_IMPORT_LOG },
	{ "POST", "/logs/import", h_log_import, R_AUTH | R_UPLOAD,
	    PA_IMPORT_LOG },
	{ "POST", "/logs/#/export", h_log_export, R_AUTH | R_LOG | R_NODRAFT,
	    PA_NONE },
	{ "GET", "/logs/#", h_log, R_AUTH | R_LOG | R_FAMILY, PA_NONE },
	{ "POST", "/logs/#/concerns", h_concern_add, R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/concerns/#", h_concern_edit, R_AUTH | R_LOG, PA_NONE },
	{ "GET", "/concerns/#/edit", h_concern_edit_form, R_AUTH | R_LOG,
	    PA_NONE },
	{ "GET", "/concerns/#/measures/new", h_measure_new_form,
	    R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/concerns/#/measures", h_measure_add, R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/measures/#", h_measure_edit, R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/measures/#/evaluation", h_measure_evaluate, R_AUTH | R_LOG,
	    PA_NONE },
	{ "POST", "/measures/#/correction", h_measure_correct, R_AUTH | R_LOG,
	    PA_NONE },
	{ "GET", "/measures/#/correction", h_measure_correct_form,
	    R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/logs/#/bright-spots", h_bright_add,
	    R_AUTH | R_LOG | R_FAMILY, PA_NONE },
	{ "POST", "/bright-spots/#", h_bright_edit, R_AUTH | R_LOG | R_FAMILY,
	    PA_NONE },
	{ "POST", "/logs/#/notes", h_note_add, R_AUTH | R_LOG | R_FAMILY |
	    R_UPLOAD, PA_NONE },
	{ "GET", "/attachments/#", h_attachment, R_AUTH | R_LOG | R_FAMILY,
	    PA_NONE },
	{ "GET", "/logs/#/plan.pdf", h_print_plan, R_AUTH | R_LOG | R_FAMILY,
	    PA_NONE },
	{ "GET", "/logs/#/log.pdf", h_print_log, R_AUTH | R_LOG | R_FAMILY,
	    PA_NONE },
	{ "GET", "/logs/#/consent-form", h_print_consent,
	    R_AUTH | R_LOG | R_FAMILY, PA_NONE },
	{ "GET", "/archive/#", h_archive_download, R_AUTH | R_LOG | R_FAMILY,
	    PA_NONE },
	{ "GET", "/print/manual-form", h_print_manual, R_AUTH,
	    PA_VIEW_START },
	{ "POST", "/logs/#/withdraw-consent", h_consent_withdraw,
	    R_AUTH | R_LOG | R_FAMILY | R_NODRAFT, PA_NONE },
	{ "POST", "/logs/#/consents", h_consent_add, R_AUTH | R_LOG | R_UPLOAD,
	    PA_NONE },
	{ "POST", "/logs/#/guardians", h_guardian_add, R_AUTH | R_LOG,
	    PA_NONE },
	{ "POST", "/logs/#/guardians/change", h_guardian_change,
	    R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/logs/#/level", h_level_change, R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/logs/#/passive", h_log_passive, R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/logs/#/reopen", h_log_reopen, R_AUTH | R_LOG | R_UPLOAD,
	    PA_NONE },
	{ "POST", "/logs/#/delete", h_log_delete, R_AUTH | R_LOG, PA_NONE },
	{ "GET", "/family/login", h_family_login, R_FAMILY, PA_NONE },
	{ "GET", "/family/callback", h_family_callback, R_FAMILY, PA_NONE },
	{ "POST", "/logs/#/meetings", h_meeting_add, R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/logs/#/transfers", h_transfer_offer,
	    R_AUTH | R_LOG | R_UPLOAD, PA_NONE },
	{ "POST", "/transfers/#/accept", h_transfer_accept, R_AUTH | R_LOG,
	    PA_NONE },
	{ "POST", "/transfers/#/decline", h_transfer_decline, R_AUTH | R_LOG,
	    PA_NONE },
	{ "POST", "/transfers/#/withdraw", h_transfer_withdraw,
	    R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/logs/#/take-over", h_take_over, R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/meetings/#", h_meeting_change, R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/meetings/#/cancel", h_meeting_cancel, R_AUTH | R_LOG |
	    R_NODRAFT, PA_NONE },
	{ "POST", "/logs/#/grants", h_grant_add, R_AUTH | R_LOG, PA_NONE },
	{ "POST", "/grants/#/revoke", h_grant_revoke,
	    R_AUTH | R_LOG | R_NODRAFT, PA_NONE },
	{ "POST", "/logs/#/meeting-mode", h_meeting_mode,
	    R_AUTH | R_LOG | R_NODRAFT, PA_NONE },
	{ "GET", "/meeting-mode/leave", h_meeting_leave_form,
	    R_AUTH | R_MEETING, PA_MEETING_LEAVE },
	{ "POST", "/meeting-mode/leave", h_meeting_leave,
	    R_AUTH | R_MEETING | R_NODRAFT, PA_MEETING_LEAVE },
};

/* Posted fields read outside the form getters: each at most once. */
static const char *const own_fields[] = { "_csrf", "_return", "username",
    "password", NULL };

/*
 * Match path against pattern; '#' takes a positive number (at most two
 * per pattern) into ids.  1 on a match.
 */
static int
path_match(const char *pat, const char *path, long long ids[2])
{
	int		 n = 0;
	long long	 v;

	while (*pat != '\0' && *path != '\0') {
		if (*pat == '#') {
			if (*path < '1' || *path > '9' || n == 2)
				return 0;
			v = 0;
			while (*path >= '0' && *path <= '9') {
				if (v > (1LL << 53))
					return 0;
				v = v * 10 + (*path++ - '0');
			}
			ids[n++] = v;
			pat++;
			continue;
		}
		if (*pat++ != *path++)
			return 0;
	}
	return *pat == '\0' && *path == '\0';
}

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
	/* An error page never carries a file a handler had prepared. */
	c->raw = NULL;
	c->rawlen = 0;
	c->raw_ctype = NULL;
	c->raw_name = NULL;
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
 * to log in again.  A post without content (log out, meeting mode, a
 * button) is not kept: there is nothing to fill in again.
 */
static enum sl_err
keep_expired_post(struct ctx *c, const struct route *r)
{
	const char	*e = ended_param(c->sess.state);
	char		 to[64];
	enum sl_err	 rc;

	if (!session_csrf_ok(c, c->sess.csrf))
		return ctx_error(c, 403, "error.csrf");
	if (c->sess.state == SESS_ENDED)
		return ctx_redirect(c, "/login");
	if (r->flags & R_NODRAFT) {
		if (bsnprintf(to, sizeof(to), "/login?ended=%s", e) != SL_OK)
			return SL_ESYS;
		return ctx_redirect(c, to);
	}
	if ((rc = draft_save(c, c->sess.uid,
	    kv_get(&c->form, "_return"))) != SL_OK)
		return rc;
	if (bsnprintf(to, sizeof(to), "/login?ended=%s&draft=1", e) != SL_OK)
		return SL_ESYS;
	return ctx_redirect(c, to);
}

/*
 * 1 when action a is the form a draft was posted to: a POST to the same
 * href whose hidden fields (which name the object, e.g. the employee of
 * a unit's list) hold the draft's values.
 */
static int
draft_matches(xmlNodePtr a, const char *href, const struct kvlist *fields)
{
	xmlChar		*m, *h, *n, *t, *v;
	xmlNodePtr	 f;
	const char	*dv;
	int		 ok;

	if (a->type != XML_ELEMENT_NODE ||
	    !xmlStrEqual(a->name, (const xmlChar *)"action"))
		return 0;
	m = xmlGetProp(a, (const xmlChar *)"method");
	h = xmlGetProp(a, (const xmlChar *)"href");
	ok = m != NULL && h != NULL &&
	    xmlStrEqual(m, (const xmlChar *)"POST") &&
	    strcmp((const char *)h, href) == 0;
	xmlFree(m);
	xmlFree(h);
	for (f = a->children; ok && f != NULL; f = f->next) {
		if (f->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(f->name, (const xmlChar *)"field"))
			continue;
		t = xmlGetProp(f, (const xmlChar *)"type");
		if (t != NULL && xmlStrEqual(t, (const xmlChar *)"hidden")) {
			n = xmlGetProp(f, (const xmlChar *)"name");
			v = xmlGetProp(f, (const xmlChar *)"value");
			dv = n != NULL ? kv_get(fields, (const char *)n) : NULL;
			ok = dv != NULL && v != NULL &&
			    strcmp(dv, (const char *)v) == 0;
			xmlFree(n);
			xmlFree(v);
		}
		xmlFree(t);
	}
	return ok;
}

/*
 * A form kept when the session ended comes back on the page it was
 * posted from (?draft=N): its values go into that page's action with the
 * same href - an action policy offered this user on this page, so
 * nothing of it reaches a page the user may no longer see or a form they
 * may no longer send - and the page says so.  Only the draft's author
 * finds it (draft_load).  A page without that action only says that the
 * form cannot be shown; the draft is done either way.
 */
static enum sl_err
draft_apply(struct ctx *c, enum sl_err handler_rc)
{
	const char	*d = kv_get(&c->query, "draft"), *href, *errstr;
	struct kvlist	 fields;
	long long	 id;
	xmlNodePtr	 a;
	enum sl_err	 rc;

	if (d == NULL || c->draft_id != 0 || c->sess.state != SESS_VALID ||
	    strcmp(c->method, "GET") != 0 ||
	    parse_ll(d, 1, 1LL << 62, &id, &errstr) != SL_OK)
		return handler_rc;
	if (handler_rc != SL_OK) {
		/* No access (any more): give it up, show nothing of it. */
		if (handler_rc == SL_ENOTFOUND || handler_rc == SL_EFORBIDDEN ||
		    handler_rc == SL_EMEETING)
			(void)draft_done(c, id);
		return handler_rc;
	}
	if (c->view == NULL || c->location != NULL || c->actions == NULL)
		return SL_OK;
	if ((rc = draft_load(c, id, &href, &fields)) == SL_ENOTFOUND)
		return SL_OK;
	if (rc != SL_OK)
		return rc;
	for (a = c->actions->children; a != NULL; a = a->next)
		if (draft_matches(a, href, &fields))
			break;
	if (a == NULL) {
		view_notice(c, "draft.not-restored");
		return draft_done(c, id);
	}
	view_prefill(a, &fields);
	view_attr(a, "open", "1");
	view_notice(c, "draft.restored");
	c->draft_id = id;
	return draft_done(c, id);
}

/* 308 to c->path, the query string kept when it is printable ASCII. */
static enum sl_err
canonical_redirect(struct ctx *c)
{
	const char	*q = c->query_string, *p;
	enum sl_err	 rc;

	for (p = q; p != NULL && *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			q = NULL;
	rc = ctx_redirect(c, q != NULL && *q != '\0' ?
	    arena_printf(c->a, "%s?%s", c->path, q) : c->path);
	c->status = 308;
	return rc;
}

/* 1 when a name occurs twice in list (a repeated query parameter). */
static int
kv_repeated(const struct kvlist *list)
{
	const struct kv	*a, *b;

	for (a = list->head; a != NULL; a = a->next)
		for (b = a->next; b != NULL; b = b->next)
			if (strcmp(a->name, b->name) == 0)
				return 1;
	return 0;
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
	/* HEAD is answered wherever GET is, without the body (worker.c). */
	const char		*m = strcmp(c->method, "HEAD") == 0 ? "GET" :
				    c->method;

	c->lang = c->cfg->default_lang;
	allow[0] = '\0';
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		long long ids[2] = { 0, 0 };

		if (!path_match(routes[i].path, c->path, ids))
			continue;
		path_known = 1;
		if (allow[0] != '\0')
			(void)strncat(allow, ", ", sizeof(allow) -
			    strlen(allow) - 1);
		(void)strncat(allow, strcmp(routes[i].method, "GET") == 0 ?
		    "GET, HEAD" : routes[i].method, sizeof(allow) -
		    strlen(allow) - 1);
		if (strcmp(routes[i].method, m) == 0 && r == NULL) {
			r = &routes[i];
			c->id[0] = ids[0];
			c->id[1] = ids[1];
		}
	}
	/*
	 * One address per page: "/login/" is sent to "/login" (308 keeps a
	 * POST a POST) rather than served, so that no rule of the web
	 * server in front (a rate limit on "= /login") is passed by
	 * adding a slash.  The path of a known route is only letters,
	 * digits, '/' and '-'; the query goes along when it is printable
	 * ASCII.
	 */
	if (c->path_slash && path_known) {
		rc = canonical_redirect(c);
		goto fail;
	}
	/* The log page's facts come with the session (one round trip). */
	if (r != NULL && r->fn == h_log && strcmp(m, "GET") == 0)
		c->facts_log = c->id[0];
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
	/*
	 * Malformed input, refused before anything reads it (a handler, the
	 * CSRF check or a draft): a NUL byte, which C strings would cut
	 * silently, and a repeated field that the router or the login code
	 * read themselves (the form getters refuse the others per field).
	 */
	if (http_kv_nul(&c->form) != NULL || http_kv_nul(&c->query) != NULL) {
		rc = ctx_error(c, 400, "error.form-nul");
		goto fail;
	}
	for (i = 0; own_fields[i] != NULL; i++)
		if (http_kv_one(&c->form, own_fields[i], &e) != SL_OK) {
			rc = ctx_error(c, 400, "error.form-repeated");
			goto fail;
		}
	/* Every query parameter is single-valued (?format=, ?lang=, ...). */
	if (kv_repeated(&c->query)) {
		rc = ctx_error(c, 400, "error.query-repeated");
		goto fail;
	}
	/* A file only where a form takes one; elsewhere it is not dropped. */
	if (c->files.head != NULL && !(r->flags & R_UPLOAD)) {
		rc = ctx_error(c, 400, "error.form-file");
		goto fail;
	}
	if (strcmp(c->method, "POST") == 0 && !(r->flags & R_TOKEN)) {
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
			rc = keep_expired_post(c, r);
			goto fail;
		} else {
			rc = ctx_error(c, 403, "error.csrf");
			goto fail;
		}
	}
	if ((r->flags & R_AUTH) && c->sess.state != SESS_VALID) {
		if ((e = ended_param(c->sess.state)) != NULL &&
		    bsnprintf(to, sizeof(to), "/login?ended=%s", e) == SL_OK)
			rc = ctx_redirect(c, to);
		else
			rc = ctx_redirect(c, "/login");
		goto fail;
	}
	/* Families reach only their logs; everything else is staff's. */
	if (c->sess.state == SESS_VALID && c->sess.family &&
	    !(r->flags & R_FAMILY)) {
		rc = ctx_error(c, 403, NULL);
		goto fail;
	}
	/* Meeting mode: only the locked log (checked by its handlers). */
	if (c->sess.state == SESS_VALID && c->sess.meeting_log > 0 &&
	    !(r->flags & (R_LOG | R_MEETING))) {
		rc = ctx_error(c, 403, "error.meeting-mode");
		goto fail;
	}
	s.authenticated = c->sess.state == SESS_VALID;
	s.is_leader = c->sess.is_leader;
	s.is_admin = c->sess.is_admin;
	s.may_hold = 0;
	s.family = c->sess.family;
	s.plan_writer = 0;
	if ((r->act == PA_CREATE_LOG || r->act == PA_IMPORT_LOG) &&
	    (rc = staff_may_hold_any(c, &s.may_hold)) != SL_OK)
		goto fail;
	if (r->act == PA_SEARCH_PEOPLE && !c->sess.family &&
	    (rc = staff_writes_plan(c, &s.plan_writer)) != SL_OK)
		goto fail;
	if (policy_check(&s, r->act) != SL_OK) {
		rc = ctx_error(c, 403, NULL);
		goto fail;
	}
	/* Per-user write limits (rate.c). */
	if (strcmp(c->method, "POST") == 0 &&
	    (rc = rate_check(c, r->path)) != SL_OK)
		goto fail;
	rc = draft_apply(c, r->fn(c));
	/* Saved: a form kept from this action is done (no duplicate). */
	if (rc == SL_OK && strcmp(c->method, "POST") == 0 &&
	    c->location != NULL && c->sess.state == SESS_VALID)
		(void)draft_consume(c, c->path);
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
	case SL_EMEETING:
		(void)ctx_error(c, 403, "error.meeting-mode");
		break;
	case SL_EINPUT:
		(void)ctx_error(c, 400, NULL);
		break;
	case SL_ETOOBIG:
		(void)ctx_error(c, 413, NULL);
		break;
	case SL_ETHROTTLED:
		ctx_header(c, "Retry-After", "60");
		(void)ctx_error(c, 429, "error.rate");
		break;
	case SL_EDEADLINE:
		log_warnx("%s %s: stopped at the request deadline (%lld s) "
		    "after %lld ms; answered 503", c->method, c->path,
		    c->cfg->request_deadline, guard_elapsed_ms());
		(void)ctx_error(c, 503, "error.deadline");
		break;
	case SL_EFULL:
		(void)ctx_error(c, 503, "error.full");
		break;
	default:
		log_warnx("%s %s: %s", c->method, c->path, sl_strerror(rc));
		(void)ctx_error(c, 500, NULL);
		break;
	}
}
