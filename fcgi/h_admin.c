/*
 * h_admin.c - the municipal admin's settings: the list of concern
 * categories, and the directory sync's runs with a button asking for one
 * (never log contents).
 */
#include <string.h>

#include "form.h"
#include "handlers.h"
#include "view.h"

#define CATEGORY_MAX 128

static const char *const category_attrs[] = { "id", "name", "sort", "active",
    "used", NULL };

/* The categories page; f (may be NULL) marks a failed form. */
static enum sl_err
categories_view(struct ctx *c, struct form *f, const char *action,
    const char *for_)
{
	struct dbrows	*r;
	xmlNodePtr	 list, a;
	enum sl_err	 rc;
	size_t		 i;
	const char	*id;

	/* "used": every concern of the category, from the kept counters
	 * (sql/008_overview.sql), not a count of every concern. */
	if ((rc = db_query(c->db, c->a, &r, "SELECT k.id, k.name, k.sort,"
	    " k.active, (SELECT COALESCE(SUM(u.total_n), 0) FROM"
	    " unit_category_count u WHERE u.category_id = k.id) FROM category k"
	    " ORDER BY k.sort, k.id", "")) != SL_OK)
		return rc;
	if ((rc = view_new(c, "categories")) != SL_OK)
		return rc;
	list = view_child(c->content, "categories", NULL);
	for (i = 0; i < r->nrows; i++) {
		view_row(list, "category", r, i, category_attrs);
		id = dbrows_get(r, i, 0);
		a = view_action(c, "edit-category", "POST", arena_printf(c->a,
		    "/admin/categories/%s", id), "/admin/categories");
		view_attr(a, "for", arena_printf(c->a, "category-%s", id));
		view_field(a, "name", "text", 1, CATEGORY_MAX,
		    dbrows_get(r, i, 1));
		view_field(a, "sort", "number", 1, 0, dbrows_get(r, i, 2));
		view_field(a, "active", "checkbox", 0, 0, dbrows_get(r, i, 3));
	}
	a = view_action(c, "add-category", "POST", "/admin/categories",
	    "/admin/categories");
	view_field(a, "name", "text", 1, CATEGORY_MAX, NULL);
	view_field(a, "sort", "number", 1, 0, "100");
	if (f != NULL)
		form_show(f, action, for_);
	if (kv_get(&c->query, "saved") != NULL)
		view_notice(c, "categories.saved");
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

enum sl_err
h_categories(struct ctx *c)
{
	return categories_view(c, NULL, NULL, NULL);
}

/* Name and sort order of a posted category form. */
static void
category_fields(struct form *f, const char **name, long long *sort)
{
	const char	*v, *errstr;

	*name = form_line(f, "name", CATEGORY_MAX, 1);
	*sort = 0;
	if (form_get(f, "sort", &v) < 0)
		return;
	if (v == NULL || parse_ll(v, 0, 100000, sort, &errstr) != SL_OK)
		form_fail(f, "sort", "field.invalid", NULL);
}

enum sl_err
h_category_add(struct ctx *c)
{
	struct form	 f;
	const char	*name;
	long long	 sort;
	enum sl_err	 rc;

	form_init(&f, c);
	category_fields(&f, &name, &sort);
	if (f.nerr > 0)
		return categories_view(c, &f, "add-category", NULL);
	TX_BEGIN(c)
	rc = db_exec(c->db, "INSERT INTO category (name, sort, active)"
	    " VALUES (?, ?, 1)", "si", name, sort);
	if (rc == SL_OK)
		rc = ctx_audit(c, "add-category", 0, name, NULL);
	TX_END(c)
	if (rc == SL_ECONFLICT) {
		form_fail(&f, "name", "field.category.exists", NULL);
		return categories_view(c, &f, "add-category", NULL);
	}
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, "/admin/categories?saved=1");
}

enum sl_err
h_category_edit(struct ctx *c)
{
	struct form	 f;
	const char	*name;
	long long	 sort, id = c->id[0];
	enum sl_err	 rc;
	char		*for_ = arena_printf(c->a, "category-%lld", id);

	form_init(&f, c);
	category_fields(&f, &name, &sort);
	if (f.nerr > 0)
		return categories_view(c, &f, "edit-category", for_);
	/*
	 * A category in use is renamed or hidden from new concerns, never
	 * deleted: the concerns that have it keep it.
	 */
	TX_BEGIN(c)
	rc = db_exec(c->db, "UPDATE category SET name = ?, sort = ?,"
	    " active = ? WHERE id = ?", "siii", name, sort,
	    (long long)form_bool(&f, "active"), id);
	if (rc == SL_OK && db_affected(c->db) == 0)
		rc = SL_ENOTFOUND;
	if (rc == SL_OK)
		rc = ctx_audit(c, "edit-category", 0, arena_printf(c->a,
		    "category:%lld", id), name);
	TX_END(c)
	if (rc == SL_ECONFLICT) {
		form_fail(&f, "name", "field.category.exists", NULL);
		return categories_view(c, &f, "edit-category", for_);
	}
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, "/admin/categories?saved=1");
}

static const char *const notice_attrs[] = { "id", "kind", "channel", "state",
    "attempts", "created", "next", "error", "to", NULL };

/*
 * The municipal admin's view of notice delivery (issue 12): how many
 * notices are in each state, and the ones that failed, wait for another
 * try or were counted as sent after a stop, with the reason.  Never a
 * child's data nor a family's address: kind, channel, state, the reason,
 * and a staff member's user name or "family".
 */
enum sl_err
h_admin_notices(struct ctx *c)
{
	struct dbrows	*r;
	xmlNodePtr	 list, n;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = db_query(c->db, c->a, &r, "SELECT state, channel, COUNT(*)"
	    " FROM outbox WHERE channel <> 'inbox' AND created_at >="
	    " UTC_TIMESTAMP() - INTERVAL 30 DAY GROUP BY state, channel"
	    " ORDER BY state, channel", "")) != SL_OK)
		return rc;
	if ((rc = view_new(c, "notices-admin")) != SL_OK)
		return rc;
	list = view_child(c->content, "notice-counts", NULL);
	for (i = 0; i < r->nrows; i++) {
		n = view_child(list, "count", NULL);
		view_attr(n, "state", dbrows_get(r, i, 0));
		view_attr(n, "channel", dbrows_get(r, i, 1));
		view_attr(n, "n", dbrows_get(r, i, 2));
	}
	if ((rc = db_query(c->db, c->a, &r, "SELECT id, kind, channel, state,"
	    " attempts, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " IF(state = 'queued', DATE_FORMAT(next_at,"
	    " '%Y-%m-%dT%H:%i:%sZ'), NULL), last_error, IF(recipient LIKE"
	    " 'staff:%', SUBSTRING(recipient, 7), 'family') FROM outbox WHERE"
	    " last_error IS NOT NULL AND state IN ('queued', 'failed', 'sent')"
	    " AND channel <> 'inbox' ORDER BY (state = 'failed') DESC, id DESC"
	    " LIMIT 200", "")) != SL_OK)
		return rc;
	list = view_child(c->content, "notice-problems", NULL);
	for (i = 0; i < r->nrows; i++)
		view_row(list, "notice", r, i, notice_attrs);
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

/*
 * The directory sync (issue 9): the last runs of `stafettlogg
 * ldap-sync` (dir_sync) and a button that asks for one.  The request is
 * a dir_sync row that waits until the timer's `ldap-sync
 * --if-requested` (every minute) runs it: a full sync reads the whole
 * directory and would not fit in a request's deadline.
 */
static const char *const run_attrs[] = { "id", "requested-by",
    "requested-at", "started-at", "finished-at", "outcome", "users", "units",
    "disabled", "gone", "message", NULL };

enum sl_err
h_directory(struct ctx *c)
{
	struct dbrows	*r;
	xmlNodePtr	 list;
	enum sl_err	 rc;
	size_t		 i;
	int		 waiting = 0;

	if ((rc = db_query(c->db, c->a, &r, "SELECT id, requested_by,"
	    " requested_at, started_at, finished_at, outcome, users, units,"
	    " disabled, gone, message FROM dir_sync ORDER BY id DESC LIMIT 10",
	    "")) != SL_OK)
		return rc;
	if ((rc = view_new(c, "directory")) != SL_OK)
		return rc;
	list = view_child(c->content, "syncs", NULL);
	for (i = 0; i < r->nrows; i++) {
		view_row(list, "sync", r, i, run_attrs);
		if (dbrows_get(r, i, 3) == NULL)
			waiting = 1;
	}
	view_attr(list, "waiting", waiting ? "1" : "0");
	if (!waiting)
		view_action(c, "request-sync", "POST", "/admin/directory/sync",
		    "/admin/directory");
	if (kv_get(&c->query, "requested") != NULL)
		view_notice(c, "directory.requested");
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

enum sl_err
h_directory_sync(struct ctx *c)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	TX_BEGIN(c)
	/* One waiting request is enough. */
	rc = db_query(c->db, c->a, &r, "SELECT id FROM dir_sync WHERE"
	    " started_at IS NULL LIMIT 1 FOR UPDATE", "");
	if (rc == SL_OK && r->nrows == 0)
		rc = db_exec(c->db, "INSERT INTO dir_sync (requested_by,"
		    " requested_at) VALUES (?, UTC_TIMESTAMP())", "s",
		    c->sess.uid);
	if (rc == SL_OK)
		rc = ctx_audit(c, "request-sync", 0, NULL, NULL);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, "/admin/directory?requested=1");
}
