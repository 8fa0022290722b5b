/*
 * h_people.c - choosing a colleague by name (issue 9): GET /people, a
 * search form and its results, no JavaScript.  Searches the employees
 * of the municipality as the directory recorded them (ldap-sync and
 * logins: the staff, staff_unit and unit tables) by name, user name or
 * service; shows name, service and user name only, at most PEOPLE_MAX.
 * Open to staff who may write the plan of some log (policy
 * PA_SEARCH_PEOPLE).  With return (a page of ours, return_path_ok) each
 * result links back to it with pick=UID, and the forms that choose a
 * person there (actor, read grant; the transfer form may do the same)
 * take that user name into their "-other" field (people_pick).
 */
#include <string.h>

#include "form.h"
#include "handlers.h"
#include "ldap_dir.h"
#include "session.h"
#include "view.h"

/* Results shown; one more is read to know that there are more. */
#define PEOPLE_MAX	20
/* Longest query, in characters; shortest, in bytes. */
#define PEOPLE_Q_MAX	100
#define PEOPLE_Q_MIN	2

/*
 * q as a LIKE pattern matching it anywhere ("%q%"), with the wildcards
 * % and _ and the escape character \ of q escaped; NULL on ENOMEM.
 */
static char *
like_pattern(struct arena *a, const char *q)
{
	size_t	 n = strlen(q), i, j = 0;
	char	*p;

	if ((p = arena_alloc(a, 2 * n + 3)) == NULL)
		return NULL;
	p[j++] = '%';
	for (i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			p[j++] = '\\';
		p[j++] = q[i];
	}
	p[j++] = '%';
	p[j] = '\0';
	return p;
}

const char *
people_pick(struct ctx *c)
{
	const char	*v = kv_get(&c->query, "pick");
	char		*u;

	if (v == NULL || strlen(v) > DIR_UID_MAX || !dir_username_ok(v) ||
	    (u = arena_strdup(c->a, v)) == NULL)
		return NULL;
	dir_uid_canon(u);
	return u;
}

void
people_offer(struct ctx *c, const char *ret)
{
	xmlNodePtr	 a;

	a = view_action(c, "find-person", "GET", "/people", NULL);
	view_field(a, "who", "text", 1, PEOPLE_Q_MAX, NULL);
	if (ret != NULL && return_path_ok(ret))
		view_field(a, "return", "hidden", 0, 0, ret);
}

static const char *const person_attrs[] = { "uid", "name", "units", NULL };

enum sl_err
h_people(struct ctx *c)
{
	struct form	 f;
	struct dbrows	*r = NULL;
	const char	*q, *unit, *ret;
	char		*pat;
	xmlNodePtr	 list, p, a;
	enum sl_err	 rc;
	size_t		 i, n;

	/* A GET form: its fields are the query's. */
	c->form = c->query;
	form_init(&f, c);
	q = form_line(&f, "who", PEOPLE_Q_MAX, 0);
	unit = form_line(&f, "unit", 128, 0);
	ret = form_line(&f, "return", 512, 0);
	if (ret != NULL && !return_path_ok(ret))
		form_fail(&f, "return", "field.invalid", NULL);
	if (q != NULL && f.nerr == 0 && strlen(q) < PEOPLE_Q_MIN)
		form_fail(&f, "who", "people.too-short", NULL);
	if (q != NULL && f.nerr == 0) {
		if ((pat = like_pattern(c->a, q)) == NULL)
			return SL_ENOMEM;
		/*
		 * Active employees (not disabled, not gone) whose name, user
		 * name or one of whose services matches; their services as
		 * one text.  Bounded: PEOPLE_MAX + 1 rows.
		 */
		if ((rc = db_query(c->db, c->a, &r, "SELECT s.uid, s.name,"
		    " (SELECT GROUP_CONCAT(u2.name ORDER BY u2.name SEPARATOR"
		    " ', ') FROM staff_unit su2 JOIN unit u2 ON"
		    " u2.id = su2.unit_id WHERE su2.uid = s.uid AND"
		    " u2.gone_at IS NULL) FROM staff s WHERE s.gone_at IS NULL"
		    " AND s.disabled_at IS NULL AND (s.name LIKE ? ESCAPE '\\\\'"
		    " OR s.uid LIKE LOWER(?) ESCAPE '\\\\' OR EXISTS (SELECT 1 FROM"
		    " staff_unit su JOIN unit u ON u.id = su.unit_id WHERE"
		    " su.uid = s.uid AND u.gone_at IS NULL AND u.name LIKE ?"
		    " ESCAPE '\\\\')) AND (? IS NULL OR EXISTS (SELECT 1 FROM"
		    " staff_unit su3 WHERE su3.uid = s.uid AND"
		    " su3.unit_id = ?)) ORDER BY s.name, s.uid LIMIT ?",
		    "sssssi", pat, pat, pat, unit, unit,
		    (long long)PEOPLE_MAX + 1)) != SL_OK)
			return rc;
	}
	if ((rc = view_new(c, "people")) != SL_OK)
		return rc;
	list = view_child(c->content, "people", NULL);
	if (q != NULL && f.nerr == 0)
		view_attr(list, "who", q);
	if (r != NULL) {
		n = r->nrows > PEOPLE_MAX ? PEOPLE_MAX : r->nrows;
		view_attr(list, "more", r->nrows > PEOPLE_MAX ? "1" : "0");
		view_attr_ll(list, "count", (long long)n);
		for (i = 0; i < n; i++) {
			p = view_row(list, "person", r, i, person_attrs);
			if (ret == NULL)
				continue;
			a = view_action(c, "pick-person", "GET",
			    arena_printf(c->a, "%s%cpick=%s", ret,
			    strchr(ret, '?') != NULL ? '&' : '?',
			    http_pctencode(c->a, dbrows_get(r, i, 0),
			    strlen(dbrows_get(r, i, 0)))), NULL);
			view_attr(a, "for", arena_printf(c->a, "person-%s",
			    dbrows_get(r, i, 0)));
			(void)p;
		}
	}
	a = view_action(c, "find-person", "GET", "/people", NULL);
	view_field(a, "who", "text", 1, PEOPLE_Q_MAX, NULL);
	if (unit != NULL)
		view_field(a, "unit", "hidden", 0, 0, unit);
	if (ret != NULL && f.nerr == 0)
		view_field(a, "return", "hidden", 0, 0, ret);
	if (ret != NULL && f.nerr == 0)
		view_action(c, "return-to-form", "GET", ret, NULL);
	if (f.nerr > 0)
		form_show(&f, "find-person", NULL);
	else if (q != NULL)
		view_prefill(a, &c->query);
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}
