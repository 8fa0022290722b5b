/*
 * h_logs.c - the list of my logs, and creating a log (child, guardians,
 * consent with an optional scanned form).
 */
#include <stdio.h>
#include <string.h>

#include "consent.h"
#include "crypto.h"
#include "form.h"
#include "handlers.h"
#include "history.h"
#include "logfacts.h"
#include "nin.h"
#include "notice.h"
#include "view.h"

#define MAX_PDF_NAME 200

static const char *const log_attrs[] = { "id", "child-name", "birth-date",
    "level", "status", "unit-name", "holder-name", "concerns",
    "next-deadline", NULL };

/* overdue="1" on a row whose next deadline is before today. */
static void
mark_overdue(xmlNodePtr row, const char *next, const char *today)
{
	if (next != NULL && *next != '\0' && strcmp(next, today) < 0)
		view_attr(row, "overdue", "1");
}

/*
 * One <log role> per row of a family member's list; the concerns and
 * next deadline come from seen_concerns (add_seen).  Each row is returned
 * in rows[] when given (room for r->nrows).
 */
static void
add_logs(xmlNodePtr list, const struct dbrows *r, const char *role,
    const char *today, xmlNodePtr *rows)
{
	xmlNodePtr	 n;
	size_t		 i;

	for (i = 0; i < r->nrows; i++) {
		n = view_row(list, "log", r, i, log_attrs);
		view_attr(n, "role", role);
		mark_overdue(n, dbrows_get(r, i, 8), today);
		if (rows != NULL)
			rows[i] = n;
	}
}

/*
 * The concerns of log_id that the session user may see, decided per
 * concern by policy over the log's facts exactly as on the log page:
 * *n active concerns and *next, the earliest evaluate-by date of the
 * active measures under them (NULL when none; arena).  *access is 0
 * when policy lets this user see no concern of the log at all (a unit
 * leader without a grant), so the list can say so instead of "0".
 */
static enum sl_err
seen_concerns(struct ctx *c, long long log_id, long long *n,
    const char **next, int *access)
{
	struct logctx		 lc;
	struct item_facts	 it;
	struct dbrows		*r;
	const char		*d;
	enum sl_err		 rc;
	size_t			 i;
	int			 active;

	*n = 0;
	*next = NULL;
	*access = 0;
	if ((rc = logfacts_load(c, log_id, &lc)) != SL_OK)
		return rc;
	/* A concern with every fact in its favour: refused means never. */
	memset(&it, 0, sizeof(it));
	it.concern_active = it.actor_here = it.granted = 1;
	it.concern_visible = -1;
	if (policy_log(&lc.f, LA_VIEW_CONCERN, &it) != SL_OK)
		return SL_OK;
	*access = 1;
	if ((rc = db_query(c->db, c->a, &r, "SELECT k.id, k.category_id,"
	    " k.status = 'active', (SELECT MIN(m.evaluate_by) FROM measure m"
	    " WHERE m.concern_id = k.id AND m.status = 'active') FROM concern k"
	    " WHERE k.log_id = ?", "i", log_id)) != SL_OK)
		return rc;
	for (i = 0; i < r->nrows; i++) {
		active = dbrows_ll(r, i, 2) == 1;
		logfacts_concern(&lc, dbrows_ll(r, i, 0), dbrows_ll(r, i, 1),
		    active, &it);
		if (!active || policy_log(&lc.f, LA_VIEW_CONCERN, &it) != SL_OK)
			continue;
		(*n)++;
		d = dbrows_get(r, i, 3);
		if (d != NULL && (*next == NULL || strcmp(d, *next) < 0))
			*next = d;
	}
	return SL_OK;
}

/* Fill concerns, next-deadline and overdue of one listed log. */
static enum sl_err
fill_seen(struct ctx *c, long long log_id, xmlNodePtr row,
    const char *today)
{
	const char	*next;
	long long	 n;
	enum sl_err	 rc;
	int		 access;

	if ((rc = seen_concerns(c, log_id, &n, &next, &access)) != SL_OK)
		return rc;
	if (!access) {
		view_attr(row, "concerns-hidden", "1");
		return SL_OK;
	}
	view_attr_ll(row, "concerns", n);
	view_attr(row, "next-deadline", next);
	mark_overdue(row, next, today);
	return SL_OK;
}

/* fill_seen for every row of a list. */
static enum sl_err
add_seen(struct ctx *c, const struct dbrows *r, xmlNodePtr *rows,
    const char *today)
{
	size_t		 i;
	enum sl_err	 rc;

	for (i = 0; i < r->nrows; i++)
		if ((rc = fill_seen(c, dbrows_ll(r, i, 0), rows[i], today)) !=
		    SL_OK)
			return rc;
	return SL_OK;
}

/* Policy: a unit leader without actor role or grant sees no concern. */
static int
leader_sees_no_concern(void)
{
	struct log_facts	 f;
	struct item_facts	 it;

	memset(&f, 0, sizeof(f));
	f.exists = f.active = f.leader = 1;
	memset(&it, 0, sizeof(it));
	it.concern_active = it.actor_here = it.granted = 1;
	it.concern_visible = -1;
	return policy_log(&f, LA_VIEW_CONCERN, &it) != SL_OK;
}

/* An arena array of n row pointers (at least one). */
static xmlNodePtr *
row_array(struct ctx *c, size_t n)
{
	return arena_alloc(c->a, (n > 0 ? n : 1) * sizeof(xmlNodePtr));
}

/* Columns shared by the list queries (log l, unit u, staff s). */
#define LIST_COLS "l.id, l.child_name, l.birth_date, l.level, l.status," \
	" u.name, s.name"
#define LIST_FROM " FROM log l LEFT JOIN unit u ON u.id = l.unit_id" \
	" LEFT JOIN staff s ON s.uid = l.holder_uid"

/* A family member's logs: as guardian, or as the youth of the log. */
static enum sl_err
family_logs(struct ctx *c)
{
	struct dbrows	*r, *own;
	xmlNodePtr	 list, *rows, *orows;
	enum sl_err	 rc;
	char		 today[11];
	int		 y, m, d;

	if ((rc = db_query(c->db, c->a, &r, "SELECT " LIST_COLS LIST_FROM
	    " WHERE l.id IN (SELECT g.log_id FROM guardian g WHERE g.nin = ?)"
	    " ORDER BY l.status, l.child_name LIMIT 100", "s",
	    c->sess.pid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &own, "SELECT " LIST_COLS LIST_FROM
	    " WHERE l.nin = ? AND l.birth_date <= UTC_DATE() - INTERVAL ? YEAR"
	    " ORDER BY l.status LIMIT 10", "si", c->sess.pid,
	    c->cfg->consent_age)) != SL_OK)
		return rc;
	if ((rc = view_new(c, "logs")) != SL_OK)
		return rc;
	date_today(&y, &m, &d, today);
	if ((rows = row_array(c, r->nrows)) == NULL ||
	    (orows = row_array(c, own->nrows)) == NULL)
		return SL_ENOMEM;
	list = view_child(c->content, "logs", NULL);
	add_logs(list, r, "guardian", today, rows);
	/* The youth's own log, from the consent age. */
	add_logs(list, own, "youth", today, orows);
	if ((rc = add_seen(c, r, rows, today)) != SL_OK ||
	    (rc = add_seen(c, own, orows, today)) != SL_OK)
		return rc;
	/* The family's start page: its notices and its settings too. */
	if ((rc = start_inbox(c)) != SL_OK)
		return rc;
	view_action(c, "profile", "GET", "/profile", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return ctx_audit(c, "list-logs", 0, NULL, NULL);
}

/*
 * "My logs" at scale: each section (role) is read a page at a time
 * (LOGS_PAGE rows, bounded offset: at most LOGS_PAGES pages), filtered
 * by status and level and sorted by name, or - in the logs one holds -
 * by next deadline or last activity (kept columns, indexed with the
 * holder: sql/008_overview.sql); the leader's section sorts by name or
 * last activity.  The cost is that of one user's rows, whatever the size
 * of the database.  Without ?role= the page shows the first page of
 * every section with a link to the rest.
 */
#define LOGS_PAGE	50
#define LOGS_PAGES	200

/* Columns: LIST_COLS, concerns, next deadline, last activity. */
#define PAGE_COLS LIST_COLS ", (SELECT COUNT(*) FROM concern k WHERE" \
	" k.log_id = l.id AND k.status = 'active'), NULLIF(l.next_deadline," \
	" '9999-12-31'), DATE_FORMAT(l.last_activity, '%Y-%m-%dT%H:%i:%sZ')"
#define PAGE_FILTER " AND l.status IN (?, ?) AND l.level IN (?, ?, ?)"
#define PAGE_LIMIT " LIMIT ? OFFSET ?"

#define HELD "SELECT " PAGE_COLS LIST_FROM " WHERE l.holder_uid = ?" \
	PAGE_FILTER " ORDER BY "
static const char *const held_sql[] = {
	HELD "l.status, l.child_name, l.id" PAGE_LIMIT,
	HELD "l.status, l.next_deadline, l.id" PAGE_LIMIT,
	HELD "l.status, l.last_activity DESC, l.id DESC" PAGE_LIMIT,
};
static const char acted_sql[] = "SELECT " LIST_COLS LIST_FROM
    " WHERE l.id IN (SELECT m.log_id FROM measure m WHERE"
    " m.actor_uid = ? AND m.status = 'active') AND l.holder_uid <> ?"
    " AND l.status = 'active'" PAGE_FILTER
    " ORDER BY l.child_name, l.id" PAGE_LIMIT;
static const char granted_sql[] = "SELECT " LIST_COLS LIST_FROM
    " WHERE l.id IN (SELECT g.log_id FROM read_grant g WHERE"
    " g.uid = ? AND g.revoked_at IS NULL AND (g.expires_at IS NULL"
    " OR g.expires_at >= UTC_DATE())) AND l.holder_uid <> ?" PAGE_FILTER
    " ORDER BY l.child_name, l.id" PAGE_LIMIT;
/*
 * The leader's section: no concerns or deadline from the query (a leader
 * alone sees no concern); the last column says whether the leader also
 * acts in the log or holds a read grant to it, as in the sections above,
 * and only then are the log's facts read (policy per concern), so a page
 * of a large unit costs no query per log.
 */
#define LED "SELECT " LIST_COLS ", NULL, NULL, DATE_FORMAT(l.last_activity," \
	" '%Y-%m-%dT%H:%i:%sZ'), (l.status = 'active' AND EXISTS (SELECT 1" \
	" FROM measure m WHERE m.log_id = l.id AND m.actor_uid = ? AND" \
	" m.status = 'active')) OR EXISTS (SELECT 1 FROM read_grant g WHERE" \
	" g.log_id = l.id AND g.uid = ? AND g.revoked_at IS NULL AND" \
	" (g.expires_at IS NULL OR g.expires_at >= UTC_DATE()))" LIST_FROM \
	" JOIN staff_unit su ON su.unit_id = l.unit_id AND su.uid = ?" \
	" AND su.role = 'leader' WHERE l.holder_uid <> ?" PAGE_FILTER \
	" ORDER BY "
static const char *const led_sql[] = {
	LED "l.status, l.child_name, l.id" PAGE_LIMIT,
	NULL,
	LED "l.status, l.last_activity DESC, l.id DESC" PAGE_LIMIT,
};

static const char *const roles[] = { "holder", "actor", "grant", "leader",
    NULL };
static const char *const sorts[] = { "name", "deadline", "activity", NULL };
static const char *const statuses[] = { "all", "active", "passive", NULL };
static const char *const levels_f[] = { "all", "1", "2", "3", NULL };

/* Index of v in list (NULL or "" gives 0), or -1 when not in it. */
static int
pick(const char *v, const char *const *list)
{
	int	 i;

	if (v == NULL || *v == '\0')
		return 0;
	for (i = 0; list[i] != NULL; i++)
		if (strcmp(v, list[i]) == 0)
			return i;
	return -1;
}

struct listq {
	int		 role;		/* -1: every section */
	int		 sort, status, level;
	long long	 page;
};

/* The href of the list with q's filters, for role (-1: all) and page. */
static char *
list_href(struct ctx *c, const struct listq *q, int role, long long page)
{
	char	*h = arena_printf(c->a, "/logs?status=%s&level=%s&sort=%s",
	    statuses[q->status], levels_f[q->level], sorts[q->sort]);

	if (role >= 0)
		h = arena_printf(c->a, "%s&role=%s", h, roles[role]);
	if (page > 1)
		h = arena_printf(c->a, "%s&page=%lld", h, page);
	return h;
}

/*
 * Read one page of section role into list; adds its <section>.  The
 * holder's rows carry their concerns and next deadline from the query
 * (the holder sees every concern); the others' are worked out concern by
 * concern by policy (fill_seen), and a leader alone sees none.
 */
static enum sl_err
list_section(struct ctx *c, const struct listq *q, int role,
    const char *today, xmlNodePtr list, xmlNodePtr sections)
{
	const char	*st1 = "active", *st2 = "passive", *sql;
	long long	 lv[3] = { 1, 2, 3 }, off;
	struct dbrows	*r;
	xmlNodePtr	 sec;
	enum sl_err	 rc;
	int		 sort = q->sort;
	size_t		 i, n;

	if (q->status > 0)
		st1 = st2 = statuses[q->status];
	if (q->level > 0)
		lv[0] = lv[1] = lv[2] = q->level;
	off = (q->role == role ? q->page - 1 : 0) * LOGS_PAGE;
	/* Deadlines are the holder's to sort by; activity also the leader's. */
	if (role == 0)
		sql = held_sql[sort];
	else if (role == 3) {
		if (sort == 1)
			sort = 0;
		sql = led_sql[sort];
	} else {
		sort = 0;
		sql = role == 1 ? acted_sql : granted_sql;
	}
	if (role == 0)
		rc = db_query(c->db, c->a, &r, sql, "sssiiiii", c->sess.uid,
		    st1, st2, lv[0], lv[1], lv[2], (long long)LOGS_PAGE + 1,
		    off);
	else if (role == 3)
		rc = db_query(c->db, c->a, &r, sql, "ssssssiiiii", c->sess.uid,
		    c->sess.uid, c->sess.uid, c->sess.uid, st1, st2, lv[0],
		    lv[1], lv[2], (long long)LOGS_PAGE + 1, off);
	else
		rc = db_query(c->db, c->a, &r, sql, "ssssiiiii", c->sess.uid,
		    c->sess.uid, st1, st2, lv[0], lv[1], lv[2],
		    (long long)LOGS_PAGE + 1, off);
	if (rc != SL_OK)
		return rc;
	n = r->nrows > LOGS_PAGE ? LOGS_PAGE : r->nrows;
	for (i = 0; i < n; i++) {
		xmlNodePtr lg = view_row(list, "log", r, i, log_attrs);

		view_attr(lg, "role", roles[role]);
		if (role == 0 || role == 3)
			view_attr(lg, "last-activity", dbrows_get(r, i, 9));
		if (role == 0)
			mark_overdue(lg, dbrows_get(r, i, 8), today);
		else if (role == 3 && dbrows_ll(r, i, 10) != 1 &&
		    leader_sees_no_concern())
			view_attr(lg, "concerns-hidden", "1");
		else if ((rc = fill_seen(c, dbrows_ll(r, i, 0), lg, today)) !=
		    SL_OK)
			return rc;
	}
	sec = view_child(sections, "section", NULL);
	view_attr(sec, "role", roles[role]);
	view_attr(sec, "sort", sorts[sort]);
	view_attr_ll(sec, "page", off / LOGS_PAGE + 1);
	view_attr_ll(sec, "rows", (long long)n);
	if (r->nrows > LOGS_PAGE && off / LOGS_PAGE + 1 < LOGS_PAGES)
		view_attr(sec, "next", list_href(c, q, role,
		    off / LOGS_PAGE + 2));
	if (off > 0)
		view_attr(sec, "prev", list_href(c, q, role,
		    off / LOGS_PAGE));
	return SL_OK;
}

enum sl_err
h_logs(struct ctx *c)
{
	struct listq	 q;
	const char	*v, *errstr;
	xmlNodePtr	 list, sections, a, f;
	enum sl_err	 rc;
	int		 may_hold, i, y, m, d;
	char		 today[11];

	if (c->sess.family)
		return family_logs(c);

	q.role = kv_get(&c->query, "role") != NULL ?
	    pick(kv_get(&c->query, "role"), roles) : -1;
	q.sort = pick(kv_get(&c->query, "sort"), sorts);
	q.status = pick(kv_get(&c->query, "status"), statuses);
	q.level = pick(kv_get(&c->query, "level"), levels_f);
	q.page = 1;
	if ((v = kv_get(&c->query, "page")) != NULL &&
	    parse_ll(v, 1, LOGS_PAGES, &q.page, &errstr) != SL_OK)
		return SL_EINPUT;
	if ((kv_get(&c->query, "role") != NULL && q.role < 0) || q.sort < 0 ||
	    q.status < 0 || q.level < 0 || (q.role < 0 && q.page != 1))
		return SL_EINPUT;
	if ((rc = staff_may_hold_any(c, &may_hold)) != SL_OK)
		return rc;
	if ((rc = view_new(c, "logs")) != SL_OK)
		return rc;
	date_today(&y, &m, &d, today);
	list = view_child(c->content, "logs", NULL);
	sections = view_child(c->content, "sections", NULL);
	view_attr(sections, "status", statuses[q.status]);
	view_attr(sections, "level", levels_f[q.level]);
	view_attr(sections, "sort", sorts[q.sort]);
	view_attr_ll(sections, "size", LOGS_PAGE);
	if (q.role >= 0)
		view_attr(sections, "role", roles[q.role]);
	for (i = 0; roles[i] != NULL; i++)
		if ((q.role < 0 || q.role == i) &&
		    (rc = list_section(c, &q, i, today, list, sections)) !=
		    SL_OK)
			return rc;
	if (may_hold) {
		view_action(c, "new-log", "GET", "/logs/new", NULL);
		view_action(c, "import-log", "GET", "/logs/import", NULL);
	}
	a = view_action(c, "filter-logs", "GET", "/logs", NULL);
	if (q.role >= 0)
		view_field(a, "role", "hidden", 0, 0, roles[q.role]);
	f = view_field(a, "status", "select", 0, 0, statuses[q.status]);
	for (i = 0; statuses[i] != NULL; i++)
		view_option(f, statuses[i]);
	f = view_field(a, "level", "select", 0, 0, levels_f[q.level]);
	for (i = 0; levels_f[i] != NULL; i++)
		view_option(f, levels_f[i]);
	f = view_field(a, "sort", "select", 0, 0, sorts[q.sort]);
	for (i = 0; sorts[i] != NULL; i++)
		view_option(f, sorts[i]);
	if (q.role >= 0)
		view_action(c, "all-logs", "GET", list_href(c, &q, -1, 1),
		    NULL);
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return ctx_audit(c, "list-logs", 0, NULL, NULL);
}

/* Units where the user may hold logs. */
static enum sl_err
hold_units(struct ctx *c, struct dbrows **out)
{
	return db_query(c->db, c->a, out, "SELECT u.id, u.name FROM staff_unit"
	    " su JOIN unit u ON u.id = su.unit_id LEFT JOIN staff_permission p"
	    " ON p.uid = su.uid AND p.unit_id = su.unit_id WHERE su.uid = ?"
	    " AND COALESCE(p.may_hold, 1) = 1 ORDER BY u.name", "s",
	    c->sess.uid);
}

static const char *const levels[] = { "1", "2", "3", NULL };
static const char *const consent_by[] = { "guardians", "youth", NULL };

static enum sl_err
new_view(struct ctx *c, struct form *f)
{
	struct dbrows	*u;
	xmlNodePtr	 a, fl, n, list;
	enum sl_err	 rc;
	size_t		 i;
	char		 today[11];
	int		 y, m, d;

	date_today(&y, &m, &d, today);
	if ((rc = hold_units(c, &u)) != SL_OK)
		return rc;
	if ((rc = view_new(c, "log-new")) != SL_OK)
		return rc;
	list = view_child(c->content, "units", NULL);
	for (i = 0; i < u->nrows; i++) {
		n = view_child(list, "unit", NULL);
		view_attr(n, "id", dbrows_get(u, i, 0));
		view_attr(n, "name", dbrows_get(u, i, 1));
	}
	view_child(c->content, "consent-age", arena_printf(c->a, "%lld",
	    c->cfg->consent_age));
	a = view_action(c, "create-log", "POST", "/logs", "/logs/new");
	view_field(a, "nin", "text", 1, 11, NULL);
	view_field(a, "child-name", "text", 1, 256, NULL);
	view_field(a, "address", "textarea", 0, 512, NULL);
	fl = view_field(a, "unit", "select", 1, 0, u->nrows == 1 ?
	    dbrows_get(u, 0, 0) : NULL);
	for (i = 0; i < u->nrows; i++) {
		n = view_child(fl, "option", NULL);
		view_attr(n, "value", dbrows_get(u, i, 0));
		view_attr(n, "label", dbrows_get(u, i, 1));
	}
	fl = view_field(a, "level", "select", 1, 0, "1");
	for (i = 0; levels[i] != NULL; i++)
		view_option(fl, levels[i]);
	view_field(a, "guardian1-name", "text", 0, 256, NULL);
	view_field(a, "guardian1-nin", "text", 0, 11, NULL);
	view_field(a, "guardian1-email", "email", 0, 256, NULL);
	view_field(a, "guardian1-phone", "tel", 0, 32, NULL);
	view_field(a, "guardian2-name", "text", 0, 256, NULL);
	view_field(a, "guardian2-nin", "text", 0, 11, NULL);
	view_field(a, "guardian2-email", "email", 0, 256, NULL);
	view_field(a, "guardian2-phone", "tel", 0, 32, NULL);
	fl = view_field(a, "consent-by", "select", 1, 0, "guardians");
	for (i = 0; consent_by[i] != NULL; i++)
		view_option(fl, consent_by[i]);
	view_field(a, "consent-by-name", "text", 1, 256, NULL);
	view_field(a, "consent-date", "date", 1, 0, today);
	view_field(a, "consent-scope", "textarea", 1, 1024, NULL);
	view_field(a, "consent-expires", "date", 0, 0, NULL);
	view_field(a, "consent-file", "file", 0, 0, NULL);
	/* For a family that does not want a digital log (h_print.c). */
	print_manual_action(c);
	view_action(c, "logs", "GET", "/logs", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	if (f != NULL)
		form_show(f, "create-log", NULL);
	return SL_OK;
}

enum sl_err
h_log_new(struct ctx *c)
{
	return new_view(c, NULL);
}

/* Last position of needle in h[from..n), or -1. */
static long
find_last(const char *h, size_t from, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	if (n < k || n - k < from)
		return -1;
	for (i = n - k + 1; i-- > from;)
		if (memcmp(h + i, needle, k) == 0)
			return (long)i;
	return -1;
}

int
pdf_ok(const struct upload *u)
{
	const char	*d = u->data;
	size_t		 tail;
	long		 eof, sx;

	if (u->len < 32 || memcmp(d, "%PDF-", 5) != 0 ||
	    !((d[5] == '1' && d[6] == '.' && d[7] >= '0' && d[7] <= '7') ||
	    (d[5] == '2' && d[6] == '.' && d[7] == '0')) ||
	    (d[8] >= '0' && d[8] <= '9'))
		return 0;
	/* The trailer: startxref, then %%EOF, in the last 1 KiB. */
	tail = u->len > 1024 ? u->len - 1024 : 0;
	if ((eof = find_last(d, tail, u->len, "%%EOF")) < 0 ||
	    (sx = find_last(d, tail, (size_t)eof, "startxref")) < 0)
		return 0;
	return 1;
}

const struct upload *
upload_get(struct form *f, const char *field)
{
	const struct upload	*u, *got = NULL;

	for (u = f->c->files.head; u != NULL; u = u->next) {
		if (strcmp(u->field, field) != 0)
			continue;
		if (got != NULL) {
			form_fail(f, field, "field.repeated", NULL);
			return NULL;
		}
		got = u;
	}
	return got;
}

/*
 * Store a PDF upload as an attachment of log_id; *id receives its id.
 * Call inside the caller's transaction.
 */
enum sl_err
attachment_store(struct ctx *c, long long log_id, const struct upload *u,
    long long *id)
{
	char		 hash[65];
	const char	*name = u->filename;
	enum sl_err	 rc;

	if ((rc = crypto_sha256_hex(u->data, u->len, hash)) != SL_OK)
		return rc;
	/* A name shown on the page: no controls that disguise it either. */
	if (name == NULL || *name == '\0' || !xml_text_ok(name, strlen(name)) ||
	    strlen(name) > MAX_PDF_NAME || bidi_control_in(name, strlen(name)) ||
	    strpbrk(name, "\t\r\n\x7f") != NULL)
		name = "vedlegg.pdf";
	if ((rc = db_exec(c->db, "INSERT INTO attachment (log_id, filename,"
	    " size, sha256, data, created_at, created_by) VALUES"
	    " (?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?)", "isisbs", log_id, name,
	    (long long)u->len, hash, u->data, u->len, c->sess.uid)) != SL_OK)
		return rc;
	*id = (long long)db_insert_id(c->db);
	return SL_OK;
}

enum sl_err
h_log_create(struct ctx *c)
{
	struct form	 f;
	struct nin_info	 ni, gi;
	struct dbrows	*u, *dup;
	const char	*nin, *name, *addr, *unit, *level, *cby, *cname,
			*cdate, *cscope, *cexp, *why, *g[2][4];
	const struct upload *pdf;
	const char	*key, *field;
	enum sl_err	 rc;
	int		 y, m, d, age = -1, attempt;
	size_t		 i, nerr;
	int		 named[2];
	long long	 log_id = 0, att = 0, lvl;
	char		 today[11], gn[32];
	const char	*errstr;

	form_init(&f, c);
	date_today(&y, &m, &d, today);
	nin = form_line(&f, "nin", 32, 1);
	if (nin != NULL) {
		if (nin_parse(nin, y, m, d, &ni, &why) != SL_OK)
			form_fail(&f, "nin", "field.nin.invalid",
			    arena_strdup(c->a, why));
		else
			age = nin_age(&ni, y, m, d);
	}
	name = form_line(&f, "child-name", 256, 1);
	addr = form_text(&f, "address", 512, 0);
	unit = form_line(&f, "unit", 128, 1);
	level = form_choice(&f, "level", levels, 1);
	for (i = 0; i < 2; i++) {
		(void)bsnprintf(gn, sizeof(gn), "guardian%zu-name", i + 1);
		nerr = f.nerr;
		g[i][0] = form_line(&f, arena_strdup(c->a, gn), 256, 0);
		/* A name refused as written still counts as given. */
		named[i] = g[i][0] != NULL || f.nerr > nerr;
		(void)bsnprintf(gn, sizeof(gn), "guardian%zu-email", i + 1);
		g[i][1] = form_line(&f, arena_strdup(c->a, gn), 256, 0);
		/* Refused where typed: notices go there (issue 12). */
		if (g[i][1] != NULL && !notice_email_ok(g[i][1]))
			form_fail(&f, arena_strdup(c->a, gn),
			    "field.email.invalid", NULL);
		(void)bsnprintf(gn, sizeof(gn), "guardian%zu-phone", i + 1);
		g[i][2] = form_line(&f, arena_strdup(c->a, gn), 32, 0);
		if (g[i][2] != NULL && !notice_phone_ok(g[i][2]))
			form_fail(&f, arena_strdup(c->a, gn),
			    "field.phone.invalid", NULL);
		/* The guardian's own number lets them log in (ID-porten). */
		(void)bsnprintf(gn, sizeof(gn), "guardian%zu-nin", i + 1);
		g[i][3] = form_line(&f, arena_strdup(c->a, gn), 32, 0);
		if (g[i][3] != NULL && nin_parse(g[i][3], y, m, d, &gi,
		    &why) != SL_OK)
			form_fail(&f, arena_strdup(c->a, gn), "field.nin.invalid",
			    arena_strdup(c->a, why));
		if (!named[i] && (g[i][1] != NULL || g[i][2] != NULL)) {
			(void)bsnprintf(gn, sizeof(gn), "guardian%zu-name",
			    i + 1);
			form_fail(&f, arena_strdup(c->a, gn), "field.required",
			    NULL);
		}
	}
	cby = form_choice(&f, "consent-by", consent_by, 1);
	cname = form_line(&f, "consent-by-name", 256, 1);
	(void)form_date(&f, "consent-date", 1, &cdate);
	cscope = form_text(&f, "consent-scope", 1024, 1);
	(void)form_date(&f, "consent-expires", 0, &cexp);
	if (cdate != NULL && strcmp(cdate, today) > 0)
		form_fail(&f, "consent-date", "field.date.future", NULL);
	if (cdate != NULL && cexp != NULL && strcmp(cexp, cdate) <= 0)
		form_fail(&f, "consent-expires", "field.date.order", NULL);
	/* Below the consent age guardians consent; from it, the youth. */
	if ((key = consent_check(age, c->cfg->consent_age,
	    named[0] + named[1], cby, &field)) != NULL)
		form_fail(&f, field, key, NULL);
	if ((pdf = upload_get(&f, "consent-file")) != NULL && !pdf_ok(pdf))
		form_fail(&f, "consent-file", "field.attachment.not-pdf", NULL);
	/* The unit must be one where this user may hold logs. */
	if (unit != NULL) {
		if ((rc = hold_units(c, &u)) != SL_OK)
			return rc;
		for (i = 0; i < u->nrows; i++)
			if (strcmp(dbrows_get(u, i, 0), unit) == 0)
				break;
		if (i == u->nrows)
			form_fail(&f, "unit", "field.invalid", NULL);
	}
	if (f.nerr == 0) {
		if ((rc = db_query(c->db, c->a, &dup, "SELECT id FROM log WHERE"
		    " active_nin = ?", "s", nin)) != SL_OK)
			return rc;
		if (dup->nrows > 0)
			form_fail(&f, "nin", "field.nin.active-log", NULL);
	}
	if (f.nerr > 0) {
		if ((rc = new_view(c, &f)) != SL_OK)
			return rc;
		return SL_OK;
	}
	if (parse_ll(level, 1, 3, &lvl, &errstr) != SL_OK)
		return SL_EINPUT;
	for (attempt = 0; attempt < 3; attempt++) {
		if ((rc = db_begin(c->db)) != SL_OK)
			return rc;
		rc = db_exec(c->db, "INSERT INTO log (nin, active_nin, child_name,"
		    " birth_date, address, unit_id, holder_uid, level, status,"
		    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
		    " 'active', UTC_TIMESTAMP(), ?)", "sssssssis", nin, nin, name,
		    arena_printf(c->a, "%04d-%02d-%02d", ni.year, ni.month,
		    ni.day), addr, unit, c->sess.uid, lvl, c->sess.uid);
		if (rc == SL_OK)
			log_id = (long long)db_insert_id(c->db);
		for (i = 0; rc == SL_OK && i < 2; i++)
			if (g[i][0] != NULL)
				rc = db_exec(c->db, "INSERT INTO guardian (log_id,"
				    " name, email, phone, nin) VALUES (?, ?, ?, ?, ?)",
				    "issss", log_id, g[i][0], g[i][1], g[i][2],
				    g[i][3]);
		if (rc == SL_OK && pdf != NULL)
			rc = attachment_store(c, log_id, pdf, &att);
		if (rc == SL_OK)
			rc = db_exec(c->db, "INSERT INTO consent (log_id,"
			    " given_by, given_by_name, given_at, scope,"
			    " expires_at, attachment_id, created_at, created_by)"
			    " VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0),"
			    " UTC_TIMESTAMP(), ?)", "isssssis", log_id, cby,
			    cname, cdate, cscope, cexp, att, c->sess.uid);
		if (rc == SL_OK)
			rc = history_add(c->db, log_id, "created", c->sess.uid,
			    c->sess.uid, unit, NULL, level, NULL);
		if (rc == SL_OK)
			rc = ctx_audit(c, "create-log", log_id, NULL, NULL);
		if (rc == SL_OK)
			rc = notice_family(c->db, c->a, NK_LOG_CREATED, log_id,
			    NULL, c->cfg->consent_age, NULL);
		if (rc == SL_OK)
			rc = db_commit(c->db);
		if (rc == SL_OK)
			break;
		db_rollback(c->db);
		if (rc != SL_ECONFLICT)
			return rc;
	}
	if (rc == SL_ECONFLICT) {
		/* Lost a race with another log for the same child. */
		form_fail(&f, "nin", "field.nin.active-log", NULL);
		return new_view(c, &f);
	}
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld", log_id));
}
