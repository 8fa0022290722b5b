/*
 * h_start.c - the start page: who you are, your units and roles as
 * read from the directory at login, forms kept from an ended session,
 * and what needs doing next (issue 10): evaluations overdue or due
 * within 14 days (measures you act on, and in logs you hold), meetings
 * in the coming two weeks, consents expired or expiring within 30 days
 * and logs without activity for 90 days in the logs you hold.  Each
 * query reads one user's rows by index (sql/008_overview.sql), never
 * the whole municipality.  Transfers (issue 7): those waiting for the
 * user to accept (named, or to a unit she leads), those she offered
 * that wait for their receiver, and for a leader the logs of her units
 * whose holder is gone from the directory or no longer in the unit.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "session.h"
#include "view.h"

/* Items of one kind on the start page. */
#define TODO_MAX	20

/* One to-do group: up to TODO_MAX rows as <item>, and more="1" beyond. */
static xmlNodePtr
todo_group(xmlNodePtr todo, const char *name, size_t nrows)
{
	xmlNodePtr	 g;

	g = view_child(todo, name, NULL);
	view_attr(g, "more", nrows > TODO_MAX ? "1" : "0");
	return g;
}

/* An evaluation row: measure, log, child, category, date, overdue, concern. */
struct eval_row {
	const struct dbrows	*r;
	size_t			 i;
	const char		*role;
};

static int
cmp_eval(const void *a, const void *b)
{
	const struct eval_row *x = a, *y = b;
	int c = strcmp(dbrows_get(x->r, x->i, 4), dbrows_get(y->r, y->i, 4));

	if (c != 0)
		return c;
	return dbrows_ll(x->r, x->i, 0) < dbrows_ll(y->r, y->i, 0) ? -1 :
	    dbrows_ll(x->r, x->i, 0) > dbrows_ll(y->r, y->i, 0);
}

#define EVAL_COLS "m.id, m.log_id, l.child_name, k.name, m.evaluate_by," \
	" m.evaluate_by < UTC_DATE(), m.concern_id"
#define EVAL_JOIN " JOIN concern c ON c.id = m.concern_id" \
	" JOIN category k ON k.id = c.category_id"

/* Evaluations due: measures the user acts on, and in logs the user holds. */
static enum sl_err
todo_evaluations(struct ctx *c, xmlNodePtr todo, int *any)
{
	struct dbrows	*act, *held;
	struct eval_row	 rows[2 * (TODO_MAX + 1)];
	xmlNodePtr	 g, n;
	enum sl_err	 rc;
	size_t		 i, nr = 0, shown = 0;
	long long	 prev = 0;

	if ((rc = db_query(c->db, c->a, &act, "SELECT " EVAL_COLS
	    " FROM measure m JOIN log l ON l.id = m.log_id AND"
	    " l.status = 'active'" EVAL_JOIN " WHERE m.actor_uid = ? AND"
	    " m.status = 'active' AND m.evaluate_by <= UTC_DATE() +"
	    " INTERVAL 14 DAY ORDER BY m.evaluate_by, m.id LIMIT 21", "s",
	    c->sess.uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &held, "SELECT " EVAL_COLS
	    " FROM log l JOIN measure m ON m.log_id = l.id AND"
	    " m.status = 'active' AND m.evaluate_by <= UTC_DATE() +"
	    " INTERVAL 14 DAY" EVAL_JOIN " WHERE l.holder_uid = ? AND"
	    " l.status = 'active' AND l.next_deadline <= UTC_DATE() +"
	    " INTERVAL 14 DAY ORDER BY m.evaluate_by, m.id LIMIT 21", "s",
	    c->sess.uid)) != SL_OK)
		return rc;
	for (i = 0; i < act->nrows; i++)
		rows[nr++] = (struct eval_row){ act, i, "actor" };
	for (i = 0; i < held->nrows; i++)
		rows[nr++] = (struct eval_row){ held, i, "holder" };
	qsort(rows, nr, sizeof(rows[0]), cmp_eval);
	g = view_child(todo, "evaluations", NULL);
	for (i = 0; i < nr; i++) {
		const struct dbrows *r = rows[i].r;
		size_t k = rows[i].i;

		/* A measure the holder acts on herself comes twice. */
		if (dbrows_ll(r, k, 0) == prev)
			continue;
		prev = dbrows_ll(r, k, 0);
		if (shown++ == TODO_MAX) {
			view_attr(g, "more", "1");
			break;
		}
		n = view_child(g, "item", NULL);
		view_attr(n, "measure", dbrows_get(r, k, 0));
		view_attr(n, "log", dbrows_get(r, k, 1));
		view_attr(n, "child", dbrows_get(r, k, 2));
		view_attr(n, "category", dbrows_get(r, k, 3));
		view_attr(n, "date", dbrows_get(r, k, 4));
		view_attr(n, "overdue", dbrows_get(r, k, 5));
		view_attr(n, "role", rows[i].role);
		view_attr(n, "href", arena_printf(c->a, "/logs/%s#concern-%s",
		    dbrows_get(r, k, 1), dbrows_get(r, k, 6)));
		*any = 1;
	}
	return SL_OK;
}

/* Meetings, consents and quiet logs. */
static enum sl_err
todo_logs(struct ctx *c, xmlNodePtr todo, int *any)
{
	struct dbrows	*mt, *cs, *idle;
	xmlNodePtr	 g, n;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = db_query(c->db, c->a, &mt, "SELECT mt.id, l.id,"
	    " l.child_name, DATE_FORMAT(mt.at, '%Y-%m-%dT%H:%i:%sZ'), mt.place"
	    " FROM log l JOIN meeting mt ON mt.log_id = l.id AND"
	    " mt.at >= UTC_TIMESTAMP() AND mt.at < UTC_TIMESTAMP() +"
	    " INTERVAL 14 DAY WHERE l.holder_uid = ? AND l.status = 'active'"
	    " UNION SELECT mt.id, l.id, l.child_name, DATE_FORMAT(mt.at,"
	    " '%Y-%m-%dT%H:%i:%sZ'), mt.place FROM (SELECT DISTINCT log_id"
	    " FROM measure WHERE actor_uid = ? AND status = 'active') a"
	    /* the few meetings first, then their logs (not every log) */
	    " STRAIGHT_JOIN meeting mt ON mt.log_id = a.log_id AND"
	    " mt.at >= UTC_TIMESTAMP() AND mt.at < UTC_TIMESTAMP() +"
	    " INTERVAL 14 DAY STRAIGHT_JOIN log l ON l.id = mt.log_id AND"
	    " l.status = 'active' ORDER BY 4, 1 LIMIT 21", "ss", c->sess.uid,
	    c->sess.uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &cs, "SELECT l.id, l.child_name,"
	    " l.consent_until, l.consent_until < UTC_DATE() FROM log l"
	    " WHERE l.holder_uid = ? AND l.status = 'active' AND"
	    " l.consent_until <= UTC_DATE() + INTERVAL 30 DAY"
	    " ORDER BY l.consent_until, l.id LIMIT 21", "s",
	    c->sess.uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &idle, "SELECT l.id, l.child_name,"
	    " DATE_FORMAT(l.last_activity, '%Y-%m-%dT%H:%i:%sZ') FROM log l"
	    " WHERE l.holder_uid = ? AND l.status = 'active' AND"
	    " l.last_activity < UTC_TIMESTAMP() - INTERVAL 90 DAY"
	    " ORDER BY l.last_activity, l.id LIMIT 21", "s",
	    c->sess.uid)) != SL_OK)
		return rc;
	g = todo_group(todo, "meetings", mt->nrows);
	for (i = 0; i < mt->nrows && i < TODO_MAX; i++) {
		n = view_child(g, "item", NULL);
		view_attr(n, "meeting", dbrows_get(mt, i, 0));
		view_attr(n, "log", dbrows_get(mt, i, 1));
		view_attr(n, "child", dbrows_get(mt, i, 2));
		view_attr(n, "at", dbrows_get(mt, i, 3));
		view_attr(n, "place", dbrows_get(mt, i, 4));
		view_attr(n, "href", arena_printf(c->a, "/logs/%s#meetings",
		    dbrows_get(mt, i, 1)));
		*any = 1;
	}
	g = todo_group(todo, "consents", cs->nrows);
	for (i = 0; i < cs->nrows && i < TODO_MAX; i++) {
		n = view_child(g, "item", NULL);
		view_attr(n, "log", dbrows_get(cs, i, 0));
		view_attr(n, "child", dbrows_get(cs, i, 1));
		view_attr(n, "date", dbrows_get(cs, i, 2));
		view_attr(n, "expired", dbrows_get(cs, i, 3));
		view_attr(n, "href", arena_printf(c->a, "/logs/%s",
		    dbrows_get(cs, i, 0)));
		*any = 1;
	}
	g = todo_group(todo, "idle", idle->nrows);
	for (i = 0; i < idle->nrows && i < TODO_MAX; i++) {
		n = view_child(g, "item", NULL);
		view_attr(n, "log", dbrows_get(idle, i, 0));
		view_attr(n, "child", dbrows_get(idle, i, 1));
		view_attr(n, "last-activity", dbrows_get(idle, i, 2));
		view_attr(n, "href", arena_printf(c->a, "/logs/%s",
		    dbrows_get(idle, i, 0)));
		*any = 1;
	}
	return SL_OK;
}

/* Transfers waiting for the user or offered by her; logs left behind. */
static enum sl_err
todo_transfers(struct ctx *c, xmlNodePtr todo, int *any)
{
	struct dbrows	*in, *out, *left;
	xmlNodePtr	 g, n;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = db_query(c->db, c->a, &in, "SELECT t.id, t.log_id,"
	    " l.child_name, DATE_FORMAT(t.offered_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " COALESCE(s.name, t.from_uid), t.to_uid IS NULL FROM transfer t"
	    " JOIN log l ON l.id = t.log_id LEFT JOIN staff s ON"
	    " s.uid = t.from_uid WHERE t.to_uid = ? AND t.status = 'pending'"
	    " UNION SELECT t.id, t.log_id, l.child_name,"
	    " DATE_FORMAT(t.offered_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " COALESCE(s.name, t.from_uid), 1 FROM staff_unit su"
	    " JOIN transfer t ON t.to_unit = su.unit_id AND t.to_uid IS NULL"
	    " AND t.status = 'pending' JOIN log l ON l.id = t.log_id"
	    " LEFT JOIN staff s ON s.uid = t.from_uid WHERE su.uid = ? AND"
	    " su.role = 'leader' ORDER BY 4, 1 LIMIT 21", "ss", c->sess.uid,
	    c->sess.uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &out, "SELECT t.id, t.log_id,"
	    " l.child_name, DATE_FORMAT(t.offered_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " COALESCE(s.name, u.name, t.to_unit) FROM transfer t"
	    " JOIN log l ON l.id = t.log_id LEFT JOIN staff s ON"
	    " s.uid = t.to_uid LEFT JOIN unit u ON u.id = t.to_unit"
	    " WHERE t.from_uid = ? AND t.status = 'pending'"
	    " ORDER BY t.offered_at, t.id LIMIT 21", "s", c->sess.uid)) !=
	    SL_OK)
		return rc;
	left = NULL;
	if (c->sess.is_leader && (rc = db_query(c->db, c->a, &left,
	    "SELECT l.id, l.child_name, COALESCE(s.name, l.holder_uid),"
	    " (s.gone_at IS NOT NULL OR s.disabled_at IS NOT NULL)"
	    " FROM staff_unit su JOIN log l ON"
	    " l.unit_id = su.unit_id AND l.status = 'active'"
	    " LEFT JOIN staff s ON s.uid = l.holder_uid"
	    " LEFT JOIN staff_unit hu ON hu.uid = l.holder_uid AND"
	    " hu.unit_id = l.unit_id WHERE su.uid = ? AND su.role = 'leader'"
	    " AND (s.uid IS NULL OR s.gone_at IS NOT NULL OR"
	    " s.disabled_at IS NOT NULL OR hu.uid IS NULL)"
	    " ORDER BY l.child_name, l.id LIMIT 21", "s", c->sess.uid)) !=
	    SL_OK)
		return rc;
	g = todo_group(todo, "transfers-in", in->nrows);
	for (i = 0; i < in->nrows && i < TODO_MAX; i++) {
		n = view_child(g, "item", NULL);
		view_attr(n, "transfer", dbrows_get(in, i, 0));
		view_attr(n, "log", dbrows_get(in, i, 1));
		view_attr(n, "child", dbrows_get(in, i, 2));
		view_attr(n, "at", dbrows_get(in, i, 3));
		view_attr(n, "from-name", dbrows_get(in, i, 4));
		if (dbrows_true(in, i, 5))
			view_attr(n, "as-leader", "1");
		view_attr(n, "href", arena_printf(c->a, "/logs/%s#transfer",
		    dbrows_get(in, i, 1)));
		*any = 1;
	}
	g = todo_group(todo, "transfers-out", out->nrows);
	for (i = 0; i < out->nrows && i < TODO_MAX; i++) {
		n = view_child(g, "item", NULL);
		view_attr(n, "transfer", dbrows_get(out, i, 0));
		view_attr(n, "log", dbrows_get(out, i, 1));
		view_attr(n, "child", dbrows_get(out, i, 2));
		view_attr(n, "at", dbrows_get(out, i, 3));
		view_attr(n, "to-name", dbrows_get(out, i, 4));
		view_attr(n, "href", arena_printf(c->a, "/logs/%s#transfer",
		    dbrows_get(out, i, 1)));
		*any = 1;
	}
	if (left == NULL)
		return SL_OK;
	g = todo_group(todo, "needs-holder", left->nrows);
	for (i = 0; i < left->nrows && i < TODO_MAX; i++) {
		n = view_child(g, "item", NULL);
		view_attr(n, "log", dbrows_get(left, i, 0));
		view_attr(n, "child", dbrows_get(left, i, 1));
		view_attr(n, "holder-name", dbrows_get(left, i, 2));
		view_attr(n, "gone", dbrows_true(left, i, 3) ? "1" : "0");
		view_attr(n, "href", arena_printf(c->a, "/logs/%s#transfer",
		    dbrows_get(left, i, 0)));
		*any = 1;
	}
	return SL_OK;
}

#define INBOX_MAX	20

enum sl_err
start_inbox(struct ctx *c)
{
	struct dbrows	*r;
	xmlNodePtr	 list, n;
	enum sl_err	 rc;
	size_t		 i;
	const char	*o, *anchor;

	/* The person's newest notices (no child's data in them). */
	if (c->sess.family)
		rc = db_query(c->db, c->a, &r, "SELECT kind, DATE_FORMAT("
		    "created_at, '%Y-%m-%dT%H:%i:%sZ'), log_id, object FROM outbox"
		    " WHERE channel = 'inbox' AND recipient IN (SELECT CONCAT("
		    "'guardian:', id) FROM guardian WHERE nin = ? UNION SELECT"
		    " CONCAT('youth:', id) FROM log WHERE nin = ?) ORDER BY"
		    " created_at DESC, id DESC LIMIT ?", "ssi", c->sess.pid,
		    c->sess.pid, (long long)INBOX_MAX);
	else
		rc = db_query(c->db, c->a, &r, "SELECT kind, DATE_FORMAT("
		    "created_at, '%Y-%m-%dT%H:%i:%sZ'), log_id, object FROM outbox"
		    " WHERE recipient = ? AND channel = 'inbox' ORDER BY"
		    " created_at DESC, id DESC LIMIT ?", "si", arena_printf(c->a,
		    "staff:%s", c->sess.uid), (long long)INBOX_MAX);
	if (rc != SL_OK)
		return rc;
	list = view_child(c->content, "inbox", NULL);
	for (i = 0; i < r->nrows; i++) {
		n = view_child(list, "notice", NULL);
		view_attr(n, "kind", dbrows_get(r, i, 0));
		view_attr(n, "at", dbrows_get(r, i, 1));
		if (dbrows_get(r, i, 2) == NULL)
			continue;
		o = dbrows_get(r, i, 3) != NULL ? dbrows_get(r, i, 3) : "";
		anchor = "";
		if (strncmp(o, "measure:", 8) == 0)
			anchor = arena_printf(c->a, "#measure-%s", o + 8);
		else if (strncmp(o, "meeting:", 8) == 0)
			anchor = arena_printf(c->a, "#meeting-%s", o + 8);
		else if (strncmp(o, "bright-spot:", 12) == 0)
			anchor = "#bright-spots";
		view_attr(n, "href", arena_printf(c->a, "/logs/%s%s",
		    dbrows_get(r, i, 2), anchor != NULL ? anchor : ""));
	}
	return SL_OK;
}

enum sl_err
h_start(struct ctx *c)
{
	struct dbrows	*p, *u, *d;
	xmlNodePtr	 n, list, todo;
	enum sl_err	 rc;
	size_t		 i;
	int		 any = 0;

	if ((rc = db_query(c->db, c->a, &p, "SELECT name, mail FROM staff"
	    " WHERE uid = ?", "s", c->sess.uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &u, "SELECT u.id, u.name, su.role"
	    " FROM staff_unit su JOIN unit u ON u.id = su.unit_id"
	    " WHERE su.uid = ? ORDER BY u.name", "s", c->sess.uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &d, "SELECT id, return_path,"
	    " DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM draft"
	    " WHERE uid = ? AND restored_at IS NULL AND created_at >"
	    " UTC_TIMESTAMP() - INTERVAL ? SECOND ORDER BY id DESC LIMIT 20",
	    "si", c->sess.uid, c->cfg->draft_ttl)) != SL_OK)
		return rc;
	if (p->nrows != 1)
		return SL_ENOTFOUND;
	if ((rc = view_new(c, "start")) != SL_OK)
		return rc;
	n = view_child(c->content, "person", NULL);
	view_attr(n, "uid", c->sess.uid);
	view_attr(n, "name", dbrows_get(p, 0, 0));
	view_attr(n, "mail", dbrows_get(p, 0, 1));
	list = view_child(c->content, "units", NULL);
	for (i = 0; i < u->nrows; i++) {
		n = view_child(list, "unit", NULL);
		view_attr(n, "id", dbrows_get(u, i, 0));
		view_attr(n, "name", dbrows_get(u, i, 1));
		view_attr(n, "role", dbrows_get(u, i, 2));
	}
	list = view_child(c->content, "roles", NULL);
	view_attr(view_child(list, "role", NULL), "name", "staff");
	if (c->sess.is_leader)
		view_attr(view_child(list, "role", NULL), "name", "leader");
	if (c->sess.is_admin)
		view_attr(view_child(list, "role", NULL), "name", "admin");
	list = view_child(c->content, "drafts", NULL);
	for (i = 0; i < d->nrows; i++) {
		const char *ret = dbrows_get(d, i, 1);
		const char *id = dbrows_get(d, i, 0);
		char *href;
		if (!return_path_ok(ret))
			continue;
		href = arena_printf(c->a, "%s%cdraft=%s", ret,
		    strchr(ret, '?') ? '&' : '?', id);
		n = view_child(list, "draft", NULL);
		view_attr(n, "id", id);
		view_attr(n, "href", href);
		view_attr(n, "created", dbrows_get(d, i, 2));
	}
	if ((rc = start_inbox(c)) != SL_OK)
		return rc;
	todo = view_child(c->content, "todo", NULL);
	if ((rc = todo_evaluations(c, todo, &any)) != SL_OK ||
	    (rc = todo_logs(c, todo, &any)) != SL_OK ||
	    (rc = todo_transfers(c, todo, &any)) != SL_OK)
		return rc;
	/*
	 * A leader manages who in the unit may hold logs and act, and sees
	 * how the unit is doing.
	 */
	for (i = 0; i < u->nrows; i++)
		if (strcmp(dbrows_get(u, i, 2), "leader") == 0) {
			const char *id = dbrows_get(u, i, 0);
			char *enc = http_pctencode(c->a, id, strlen(id));
			xmlNodePtr a;

			a = view_action(c, "unit-overview", "GET",
			    arena_printf(c->a, "/overview?unit=%s", enc),
			    NULL);
			view_attr(a, "for", arena_printf(c->a, "unit-%s", id));
			view_attr(a, "label", dbrows_get(u, i, 1));
			a = view_action(c, "unit-staff", "GET",
			    arena_printf(c->a, "/staff?unit=%s", enc), NULL);
			view_attr(a, "for", arena_printf(c->a, "unit-%s", id));
			view_attr(a, "label", dbrows_get(u, i, 1));
		}
	if (c->sess.is_admin) {
		view_action(c, "municipality-overview", "GET",
		    "/admin/overview", NULL);
		view_action(c, "categories", "GET", "/admin/categories", NULL);
		view_action(c, "admin-notices", "GET", "/admin/notices", NULL);
		view_action(c, "directory", "GET", "/admin/directory", NULL);
	}
	view_action(c, "logs", "GET", "/logs", NULL);
	view_action(c, "profile", "GET", "/profile", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	/* The to-do list names children: the read is audited. */
	if (any)
		return ctx_audit(c, "view-todo", 0, NULL, NULL);
	return SL_OK;
}
