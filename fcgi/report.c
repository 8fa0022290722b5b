/*
 * report.c - the figures of the overviews (issue 10), as one <report>
 * element (schema/report.xsd) and as CSV.  Every count is read from the
 * kept counters and the log indexes of sql/008_overview.sql: nothing here
 * scans every concern or measure.
 *
 * A unit report (its leader) names holders, never children.  The
 * municipal report names no one: it lists units, and every count from 1
 * to 4 is written as "<5" before it enters the document, so the small
 * number is in neither the page, the XML nor the CSV.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "form.h"
#include "report.h"
#include "view.h"

/* Figures of one unit (or the total), before they become XML. */
struct figs {
	char		*id, *name;
	long long	 active[4], passive[4];	/* by level 1..3 */
	long long	*cat;			/* per category */
	long long	 overdue, due;
	long long	 expired, expiring;
	long long	 left;
	long long	*opened, *closed;	/* per month of the period */
};

struct rep {
	struct arena		*a;
	const struct report_req	*r;
	int			 suppress;
	size_t			 ncat, nmonth, nunit;
	char			**cat_id, **cat_name;
	struct figs		*u;		/* nunit units */
	struct figs		 total;
	int			 y0, m0;	/* first month of the period */
};

enum sl_err
report_kind_parse(const char *name, enum report_kind *kind)
{
	if (name != NULL && strcmp(name, "unit") == 0)
		*kind = REPORT_UNIT;
	else if (name != NULL && strcmp(name, "municipality") == 0)
		*kind = REPORT_MUNICIPALITY;
	else
		return SL_EINPUT;
	return SL_OK;
}

enum sl_err
report_period(struct report_req *r, const char *from, const char *to,
    const char **errkey)
{
	int	 y, m, d, y1, m1, d1, y2, m2, d2;

	*errkey = "report.period.invalid";
	date_today(&y, &m, &d, r->today);
	if (to == NULL || *to == '\0')
		memcpy(r->to, r->today, sizeof(r->to));
	else if (date_parse(to, &y2, &m2, &d2) != SL_OK)
		return SL_EINPUT;
	else
		memcpy(r->to, to, sizeof(r->to));
	if (date_parse(r->to, &y2, &m2, &d2) != SL_OK)
		return SL_EINPUT;
	if (from == NULL || *from == '\0') {
		y1 = y2;
		m1 = m2 - 11;
		while (m1 < 1) {
			m1 += 12;
			y1--;
		}
		if (bsnprintf(r->from, sizeof(r->from), "%04d-%02d-01", y1,
		    m1) != SL_OK)
			return SL_EINPUT;
	} else if (date_parse(from, &y1, &m1, &d1) != SL_OK)
		return SL_EINPUT;
	else
		memcpy(r->from, from, sizeof(r->from));
	if (date_parse(r->from, &y1, &m1, &d1) != SL_OK ||
	    strcmp(r->from, r->to) > 0 ||
	    (y2 * 12 + m2) - (y1 * 12 + m1) + 1 > REPORT_MAX_MONTHS)
		return SL_EINPUT;
	*errkey = NULL;
	return SL_OK;
}

const char *
report_count(struct arena *a, long long n, int suppress)
{
	if (suppress && n >= 1 && n <= 4)
		return "<5";
	return arena_printf(a, "%lld", n);
}

/* The figures of unit id, or NULL (rows of units not listed are left out). */
static struct figs *
find_unit(struct rep *p, const char *id)
{
	size_t	 lo = 0, hi = p->nunit, mid;
	int	 c;

	if (id == NULL)
		return NULL;
	/* p->u is sorted by id, byte order (the ids' collation is binary). */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(id, p->u[mid].id);
		if (c == 0)
			return &p->u[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct figs *)a)->id,
	    ((const struct figs *)b)->id);
}

static enum sl_err
figs_init(struct rep *p, struct figs *f)
{
	f->cat = arena_alloc(p->a, (p->ncat + 1) * sizeof(*f->cat));
	f->opened = arena_alloc(p->a, (p->nmonth + 1) * sizeof(*f->opened));
	f->closed = arena_alloc(p->a, (p->nmonth + 1) * sizeof(*f->closed));
	if (f->cat == NULL || f->opened == NULL || f->closed == NULL)
		return SL_ENOMEM;
	return SL_OK;
}

/* Categories, units and months of the period. */
static enum sl_err
rep_setup(struct db *db, struct rep *p)
{
	const struct report_req	*r = p->r;
	struct dbrows		*k, *u;
	enum sl_err		 rc;
	size_t			 i;
	int			 y1, m1, d1, y2, m2, d2;

	if (date_parse(r->from, &y1, &m1, &d1) != SL_OK ||
	    date_parse(r->to, &y2, &m2, &d2) != SL_OK)
		return SL_EINPUT;
	p->y0 = y1;
	p->m0 = m1;
	p->nmonth = (size_t)((y2 * 12 + m2) - (y1 * 12 + m1) + 1);
	if ((rc = db_query(db, p->a, &k, "SELECT id, name FROM category"
	    " ORDER BY sort, id", "")) != SL_OK)
		return rc;
	if (r->kind == REPORT_UNIT)
		rc = db_query(db, p->a, &u, "SELECT id, name FROM unit"
		    " WHERE id = ?", "s", r->unit);
	else
		rc = db_query(db, p->a, &u, "SELECT id, name FROM unit"
		    " ORDER BY id LIMIT 100000", "");
	if (rc != SL_OK)
		return rc;
	if (r->kind == REPORT_UNIT && u->nrows != 1)
		return SL_ENOTFOUND;
	p->ncat = k->nrows;
	p->cat_id = arena_alloc(p->a, (k->nrows + 1) * sizeof(char *));
	p->cat_name = arena_alloc(p->a, (k->nrows + 1) * sizeof(char *));
	p->nunit = u->nrows;
	p->u = arena_alloc(p->a, (u->nrows + 1) * sizeof(*p->u));
	if (p->cat_id == NULL || p->cat_name == NULL || p->u == NULL)
		return SL_ENOMEM;
	for (i = 0; i < k->nrows; i++) {
		p->cat_id[i] = k->cell[i * 2];
		p->cat_name[i] = k->cell[i * 2 + 1];
	}
	for (i = 0; i < u->nrows; i++) {
		p->u[i].id = u->cell[i * 2];
		p->u[i].name = u->cell[i * 2 + 1];
		if ((rc = figs_init(p, &p->u[i])) != SL_OK)
			return rc;
	}
	/* Already sorted by the query; sorted again in C's byte order. */
	qsort(p->u, p->nunit, sizeof(*p->u), cmp_id);
	return figs_init(p, &p->total);
}

/* Index of category id, or -1. */
static long
cat_index(const struct rep *p, const char *id)
{
	size_t	 i;

	for (i = 0; id != NULL && i < p->ncat; i++)
		if (strcmp(p->cat_id[i], id) == 0)
			return (long)i;
	return -1;
}

/* Index of month "YYYY-MM" in the period, or -1. */
static long
month_index(const struct rep *p, const char *ym)
{
	long long	 y, m;
	const char	*errstr;
	char		 b[5];
	long		 i;

	if (ym == NULL || strlen(ym) != 7 || ym[4] != '-')
		return -1;
	memcpy(b, ym, 4);
	b[4] = '\0';
	if (parse_ll(b, 1900, 2200, &y, &errstr) != SL_OK ||
	    parse_ll(ym + 5, 1, 12, &m, &errstr) != SL_OK)
		return -1;
	i = (long)((y * 12 + m) - (p->y0 * 12 + p->m0));
	return i >= 0 && (size_t)i < p->nmonth ? i : -1;
}

/*
 * Run the query for the one unit (sql1, parameters: the unit first) or
 * for every unit (sqlall); both give the unit id in column 0.
 */
static enum sl_err
by_unit(struct db *db, struct rep *p, struct dbrows **out, const char *sql1,
    const char *sqlall, int ndates)
{
	const struct report_req	*r = p->r;
	const char		*t = r->today;

	if (r->kind == REPORT_UNIT) {
		if (ndates == 2)
			return db_query(db, p->a, out, sql1, "sss", r->unit,
			    r->from, r->to);
		if (ndates == 3)
			return db_query(db, p->a, out, sql1, "ssss", t, t,
			    r->unit, t);
		return db_query(db, p->a, out, sql1, "s", r->unit);
	}
	if (ndates == 2)
		return db_query(db, p->a, out, sqlall, "ss", r->from, r->to);
	if (ndates == 3)
		return db_query(db, p->a, out, sqlall, "sss", t, t, t);
	return db_query(db, p->a, out, sqlall, "");
}

/* Days in month m (1-12) of year y. */
static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* "YYYY-MM-01" of y, m plus add months (add 0 or 1). */
static enum sl_err
month_first(char out[11], int y, int m, int add)
{
	m += add;
	if (m > 12) {
		m -= 12;
		y++;
	}
	return bsnprintf(out, 11, "%04d-%02d-01", y, m);
}

/*
 * The municipal overview reads every unit at once, so it reads the
 * coarser counters (sql/008_overview.sql): whole months from the
 * per-month rows, and only the days of this month (overdue, due soon,
 * consents) or of the period's partial first and last months from the
 * per-day rows.  The result is the same as the per-day counts; the cost
 * is that of the number of units and months, not of measures or days.
 */
static enum sl_err
read_coarse(struct db *db, struct rep *p, struct dbrows **due,
    struct dbrows **cons, struct dbrows **months)
{
	const struct report_req	*r = p->r;
	const char		*t = r->today;
	char			 ms[11], a[11], b[11];
	enum sl_err		 rc;
	int			 y, m, d;

	/* This month's first day: before it, whole months. */
	if (date_parse(t, &y, &m, &d) != SL_OK ||
	    month_first(ms, y, m, 0) != SL_OK)
		return SL_EINPUT;
	/* The whole months of the period: [a, b). */
	if (date_parse(r->from, &y, &m, &d) != SL_OK ||
	    month_first(a, y, m, d == 1 ? 0 : 1) != SL_OK ||
	    date_parse(r->to, &y, &m, &d) != SL_OK ||
	    month_first(b, y, m, d == month_days(y, m) ? 1 : 0) != SL_OK)
		return SL_EINPUT;
	if (strcmp(a, b) > 0)
		memcpy(b, a, sizeof(b));
	if ((rc = db_query(db, p->a, due, "SELECT unit_id, SUM(o), SUM(d)"
	    " FROM (SELECT unit_id, n AS o, 0 AS d FROM unit_due_month"
	    " WHERE month < ? UNION ALL SELECT unit_id, IF(evaluate_by < ?,"
	    " n, 0), IF(evaluate_by >= ?, n, 0) FROM unit_due_day"
	    " WHERE evaluate_by >= ? AND evaluate_by <= ? + INTERVAL 14 DAY)"
	    " x GROUP BY unit_id", "sssss", ms, t, t, ms, t)) != SL_OK ||
	    (rc = db_query(db, p->a, cons, "SELECT unit_id, SUM(e), SUM(x)"
	    " FROM (SELECT unit_id, n AS e, 0 AS x FROM unit_consent_month"
	    " WHERE month < ? UNION ALL SELECT unit_id, consent_until < ?,"
	    " consent_until >= ? FROM log WHERE status = 'active' AND"
	    " consent_until >= ? AND consent_until <= ? + INTERVAL 30 DAY) x"
	    " GROUP BY unit_id", "sssss", ms, t, t, ms, t)) != SL_OK ||
	    (rc = db_query(db, p->a, months, "SELECT unit_id, ym, SUM(o),"
	    " SUM(c) FROM (SELECT unit_id, DATE_FORMAT(month, '%Y-%m') AS ym,"
	    " opened AS o, closed AS c FROM unit_month_count WHERE"
	    " month >= ? AND month < ? UNION ALL SELECT unit_id,"
	    " DATE_FORMAT(day, '%Y-%m'), opened, closed FROM unit_day_count"
	    " WHERE (day >= ? AND day < ?) OR (day >= ? AND day <= ?)) x"
	    " GROUP BY unit_id, ym", "ssssss", a, b, r->from,
	    strcmp(a, b) < 0 ? a : r->from, strcmp(a, b) < 0 ? b : r->from,
	    r->to)) != SL_OK)
		return rc;
	return SL_OK;
}

static enum sl_err
read_figures(struct db *db, struct rep *p)
{
	struct dbrows	*q, *due = NULL, *cons = NULL, *months = NULL;
	struct figs	*f;
	enum sl_err	 rc;
	size_t		 i;
	long		 k;
	long long	 lv;

	if (p->r->kind == REPORT_MUNICIPALITY &&
	    (rc = read_coarse(db, p, &due, &cons, &months)) != SL_OK)
		return rc;
	/* Logs by status and level. */
	if ((rc = by_unit(db, p, &q, "SELECT unit_id, status, level, n"
	    " FROM unit_level_count WHERE unit_id = ? AND n <> 0",
	    "SELECT unit_id, status, level, n FROM unit_level_count"
	    " WHERE n <> 0", 0)) != SL_OK)
		return rc;
	for (i = 0; i < q->nrows; i++) {
		if ((f = find_unit(p, dbrows_get(q, i, 0))) == NULL)
			continue;
		lv = dbrows_ll(q, i, 2);
		if (lv < 1 || lv > 3)
			continue;
		if (strcmp(dbrows_get(q, i, 1), "active") == 0)
			f->active[lv] += dbrows_ll(q, i, 3);
		else
			f->passive[lv] += dbrows_ll(q, i, 3);
	}
	/* Concerns in use by category. */
	if ((rc = by_unit(db, p, &q, "SELECT unit_id, category_id, active_n"
	    " FROM unit_category_count WHERE unit_id = ? AND active_n <> 0",
	    "SELECT unit_id, category_id, active_n FROM unit_category_count"
	    " WHERE active_n <> 0", 0)) != SL_OK)
		return rc;
	for (i = 0; i < q->nrows; i++)
		if ((f = find_unit(p, dbrows_get(q, i, 0))) != NULL &&
		    (k = cat_index(p, dbrows_get(q, i, 1))) >= 0)
			f->cat[k] += dbrows_ll(q, i, 2);
	/* Measures overdue (before today) and due within 14 days. */
	if (due != NULL)
		q = due;
	else if ((rc = by_unit(db, p, &q, "SELECT unit_id,"
	    " SUM(IF(evaluate_by < ?, n, 0)), SUM(IF(evaluate_by >= ?, n, 0))"
	    " FROM unit_due_count WHERE unit_id = ? AND"
	    " evaluate_by <= ? + INTERVAL 14 DAY GROUP BY unit_id",
	    "SELECT unit_id, SUM(IF(evaluate_by < ?, n, 0)),"
	    " SUM(IF(evaluate_by >= ?, n, 0)) FROM unit_due_count"
	    " WHERE evaluate_by <= ? + INTERVAL 14 DAY GROUP BY unit_id",
	    3)) != SL_OK)
		return rc;
	for (i = 0; i < q->nrows; i++)
		if ((f = find_unit(p, dbrows_get(q, i, 0))) != NULL) {
			f->overdue += dbrows_ll(q, i, 1);
			f->due += dbrows_ll(q, i, 2);
		}
	/* Consents expired, and expiring within 30 days, of active logs. */
	if (cons != NULL)
		q = cons;
	else if ((rc = by_unit(db, p, &q, "SELECT unit_id, SUM(consent_until < ?),"
	    " SUM(consent_until >= ?) FROM log WHERE unit_id = ? AND"
	    " status = 'active' AND consent_until <= ? + INTERVAL 30 DAY"
	    " GROUP BY unit_id",
	    "SELECT unit_id, SUM(consent_until < ?), SUM(consent_until >= ?)"
	    " FROM log WHERE status = 'active' AND"
	    " consent_until <= ? + INTERVAL 30 DAY GROUP BY unit_id",
	    3)) != SL_OK)
		return rc;
	for (i = 0; i < q->nrows; i++)
		if ((f = find_unit(p, dbrows_get(q, i, 0))) != NULL) {
			f->expired += dbrows_ll(q, i, 1);
			f->expiring += dbrows_ll(q, i, 2);
		}
	/*
	 * Active logs whose holder is no longer in the unit: per unit and
	 * holder, each looked up in staff_unit by its key (an anti-join
	 * the optimizer cannot turn into a scan of staff_unit).
	 */
	if ((rc = by_unit(db, p, &q, "SELECT h.unit_id, SUM(h.n)"
	    " FROM unit_holder_count h LEFT JOIN staff_unit su ON"
	    " su.uid = h.holder_uid AND su.unit_id = h.unit_id"
	    " WHERE h.unit_id = ? AND h.n <> 0 AND su.uid IS NULL"
	    " GROUP BY h.unit_id",
	    "SELECT h.unit_id, SUM(h.n) FROM unit_holder_count h"
	    " LEFT JOIN staff_unit su ON su.uid = h.holder_uid AND"
	    " su.unit_id = h.unit_id WHERE h.n <> 0 AND su.uid IS NULL"
	    " GROUP BY h.unit_id", 0)) != SL_OK)
		return rc;
	for (i = 0; i < q->nrows; i++)
		if ((f = find_unit(p, dbrows_get(q, i, 0))) != NULL)
			f->left += dbrows_ll(q, i, 1);
	/* Logs opened and closed per month, within the period's days. */
	if (months != NULL)
		q = months;
	else if ((rc = by_unit(db, p, &q, "SELECT unit_id, DATE_FORMAT(day,"
	    " '%Y-%m'), SUM(opened), SUM(closed) FROM unit_day_count"
	    " WHERE unit_id = ? AND day BETWEEN ? AND ?"
	    " GROUP BY unit_id, DATE_FORMAT(day, '%Y-%m')",
	    "SELECT unit_id, DATE_FORMAT(day, '%Y-%m'), SUM(opened),"
	    " SUM(closed) FROM unit_day_count WHERE day BETWEEN ? AND ?"
	    " GROUP BY unit_id, DATE_FORMAT(day, '%Y-%m')", 2)) != SL_OK)
		return rc;
	for (i = 0; i < q->nrows; i++)
		if ((f = find_unit(p, dbrows_get(q, i, 0))) != NULL &&
		    (k = month_index(p, dbrows_get(q, i, 1))) >= 0) {
			f->opened[k] += dbrows_ll(q, i, 2);
			f->closed[k] += dbrows_ll(q, i, 3);
		}
	/* The municipality's total. */
	for (i = 0; i < p->nunit; i++) {
		struct figs *u = &p->u[i], *t = &p->total;
		size_t j;

		for (j = 1; j <= 3; j++) {
			t->active[j] += u->active[j];
			t->passive[j] += u->passive[j];
		}
		for (j = 0; j < p->ncat; j++)
			t->cat[j] += u->cat[j];
		for (j = 0; j < p->nmonth; j++) {
			t->opened[j] += u->opened[j];
			t->closed[j] += u->closed[j];
		}
		t->overdue += u->overdue;
		t->due += u->due;
		t->expired += u->expired;
		t->expiring += u->expiring;
		t->left += u->left;
	}
	return SL_OK;
}

static void
count_attr(struct rep *p, xmlNodePtr n, const char *name, long long v)
{
	view_attr(n, name, report_count(p->a, v, p->suppress));
}

/* The unit's holders: overdue and due measures, or logs left behind. */
static enum sl_err
holders(struct db *db, struct rep *p, xmlNodePtr deadlines, xmlNodePtr left)
{
	const struct report_req	*r = p->r;
	struct dbrows		*q;
	xmlNodePtr		 h;
	enum sl_err		 rc;
	size_t			 i;

	if ((rc = db_query(db, p->a, &q, "SELECT d.holder_uid,"
	    " COALESCE(MAX(s.name), d.holder_uid),"
	    " SUM(IF(d.evaluate_by < ?, d.n, 0)),"
	    " SUM(IF(d.evaluate_by >= ?, d.n, 0)) FROM unit_due_count d"
	    " LEFT JOIN staff s ON s.uid = d.holder_uid WHERE d.unit_id = ?"
	    " AND d.evaluate_by <= ? + INTERVAL 14 DAY GROUP BY d.holder_uid"
	    " HAVING SUM(d.n) <> 0 ORDER BY 2, 1 LIMIT 1000", "ssss",
	    r->today, r->today, r->unit, r->today)) != SL_OK)
		return rc;
	for (i = 0; i < q->nrows; i++) {
		h = view_child(deadlines, "holder", NULL);
		view_attr(h, "uid", dbrows_get(q, i, 0));
		view_attr(h, "name", dbrows_get(q, i, 1));
		count_attr(p, h, "overdue", dbrows_ll(q, i, 2));
		count_attr(p, h, "due-14", dbrows_ll(q, i, 3));
	}
	if ((rc = db_query(db, p->a, &q, "SELECT c.holder_uid,"
	    " COALESCE(MAX(s.name), c.holder_uid), SUM(c.n)"
	    " FROM unit_log_count c LEFT JOIN staff s ON s.uid = c.holder_uid"
	    " WHERE c.unit_id = ? AND c.status = 'active' AND c.n <> 0 AND"
	    " NOT EXISTS (SELECT 1 FROM staff_unit su WHERE"
	    " su.uid = c.holder_uid AND su.unit_id = c.unit_id)"
	    " GROUP BY c.holder_uid ORDER BY 2, 1 LIMIT 1000", "s",
	    r->unit)) != SL_OK)
		return rc;
	for (i = 0; i < q->nrows; i++) {
		h = view_child(left, "holder", NULL);
		view_attr(h, "uid", dbrows_get(q, i, 0));
		view_attr(h, "name", dbrows_get(q, i, 1));
		count_attr(p, h, "logs", dbrows_ll(q, i, 2));
	}
	return SL_OK;
}

/* The figures of f as children of parent (<unit> or <total>). */
static enum sl_err
emit_figs(struct db *db, struct rep *p, xmlNodePtr n, const struct figs *f,
    int with_holders)
{
	xmlNodePtr	 e, c, dl, hl;
	long long	 a = 0, s = 0, sum;
	size_t		 i;
	int		 y, m;

	for (i = 1; i <= 3; i++) {
		a += f->active[i];
		s += f->passive[i];
	}
	e = view_child(n, "logs", NULL);
	count_attr(p, e, "active", a);
	count_attr(p, e, "passive", s);
	for (i = 1; i <= 3; i++) {
		c = view_child(e, "level", NULL);
		view_attr_ll(c, "value", (long long)i);
		count_attr(p, c, "active", f->active[i]);
		count_attr(p, c, "passive", f->passive[i]);
	}
	e = view_child(n, "categories", NULL);
	for (sum = 0, i = 0; i < p->ncat; i++)
		sum += f->cat[i];
	count_attr(p, e, "in-use", sum);
	for (i = 0; i < p->ncat; i++) {
		c = view_child(e, "category", NULL);
		view_attr(c, "id", p->cat_id[i]);
		view_attr(c, "name", p->cat_name[i]);
		count_attr(p, c, "in-use", f->cat[i]);
	}
	dl = view_child(n, "deadlines", NULL);
	count_attr(p, dl, "overdue", f->overdue);
	count_attr(p, dl, "due-14", f->due);
	e = view_child(n, "consents", NULL);
	count_attr(p, e, "expired", f->expired);
	count_attr(p, e, "expiring-30", f->expiring);
	hl = view_child(n, "holder-left", NULL);
	count_attr(p, hl, "logs", f->left);
	e = view_child(n, "months", NULL);
	for (a = s = 0, i = 0; i < p->nmonth; i++) {
		a += f->opened[i];
		s += f->closed[i];
	}
	count_attr(p, e, "opened", a);
	count_attr(p, e, "closed", s);
	for (i = 0; i < p->nmonth; i++) {
		y = p->y0 + (int)((p->m0 - 1 + (int)i) / 12);
		m = (p->m0 - 1 + (int)i) % 12 + 1;
		c = view_child(e, "month", NULL);
		view_attr(c, "value", arena_printf(p->a, "%04d-%02d", y, m));
		count_attr(p, c, "opened", f->opened[i]);
		count_attr(p, c, "closed", f->closed[i]);
	}
	if (with_holders)
		return holders(db, p, dl, hl);
	return SL_OK;
}

/* Units in name order for the document. */
static int
cmp_name(const void *a, const void *b)
{
	const struct figs *x = *(const struct figs *const *)a;
	const struct figs *y = *(const struct figs *const *)b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->id, y->id);
}

enum sl_err
report_build(struct db *db, struct arena *a, const struct report_req *r,
    xmlNodePtr parent, xmlNodePtr *out)
{
	struct rep	 p;
	struct figs	**order = NULL;
	xmlNodePtr	 root, n;
	enum sl_err	 rc;
	size_t		 i;
	time_t		 now = time(NULL);
	struct tm	 tm;
	char		 gen[32];

	if (out != NULL)
		*out = NULL;
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.r = r;
	p.suppress = r->kind == REPORT_MUNICIPALITY;
	if ((rc = rep_setup(db, &p)) != SL_OK ||
	    (rc = read_figures(db, &p)) != SL_OK)
		return rc;
	gmtime_r(&now, &tm);
	if (strftime(gen, sizeof(gen), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return SL_ESYS;
	if ((root = view_child(parent, "report", NULL)) == NULL)
		return SL_ENOMEM;
	view_attr(root, "version", "1");
	view_attr(root, "kind", r->kind == REPORT_UNIT ? "unit" :
	    "municipality");
	view_attr(root, "from", r->from);
	view_attr(root, "to", r->to);
	view_attr(root, "today", r->today);
	view_attr(root, "generated", gen);
	view_attr(root, "small-counts", p.suppress ? "suppressed" : "shown");
	if (r->kind == REPORT_MUNICIPALITY) {
		n = view_child(root, "total", NULL);
		view_attr_ll(n, "units", (long long)p.nunit);
		if ((rc = emit_figs(db, &p, n, &p.total, 0)) != SL_OK)
			return rc;
	}
	if ((order = arena_alloc(a, (p.nunit + 1) * sizeof(*order))) == NULL)
		return SL_ENOMEM;
	for (i = 0; i < p.nunit; i++)
		order[i] = &p.u[i];
	qsort(order, p.nunit, sizeof(*order), cmp_name);
	for (i = 0; i < p.nunit; i++) {
		n = view_child(root, "unit", NULL);
		view_attr(n, "id", order[i]->id);
		view_attr(n, "name", order[i]->name);
		if ((rc = emit_figs(db, &p, n, order[i],
		    r->kind == REPORT_UNIT)) != SL_OK)
			return rc;
	}
	if (out != NULL)
		*out = root;
	return SL_OK;
}

enum sl_err
report_doc(struct db *db, struct arena *a, const struct report_req *r,
    xmlDocPtr *out)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 holder, rep;
	enum sl_err	 rc;

	*out = NULL;
	if ((doc = xmlNewDoc((const xmlChar *)"1.0")) == NULL ||
	    (holder = xmlNewDocNode(doc, NULL, (const xmlChar *)"x",
	    NULL)) == NULL) {
		xmlFreeDoc(doc);
		return SL_ENOMEM;
	}
	xmlDocSetRootElement(doc, holder);
	if ((rc = report_build(db, a, r, holder, &rep)) != SL_OK) {
		xmlFreeDoc(doc);
		return rc;
	}
	xmlUnlinkNode(rep);
	xmlDocSetRootElement(doc, rep);
	xmlFreeNode(holder);
	*out = doc;
	return SL_OK;
}

/* ------------------------------------------------------------------ */
/* CSV                                                                  */

/* One field: quoted when it holds ';', '"', CR or LF; a leading = + - @
 * (a formula to a spreadsheet) gets an apostrophe first. */
static void
csv_field(struct buf *b, const char *s, int last)
{
	const char	*p;
	int		 quote;

	if (s == NULL)
		s = "";
	quote = strpbrk(s, ";\"\r\n") != NULL;
	if (quote)
		buf_puts(b, "\"");
	if (s[0] != '\0' && strchr("=+-@\t", s[0]) != NULL)
		buf_puts(b, "'");
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_puts(b, "\"\"");
		else
			buf_append(b, p, 1);
	}
	if (quote)
		buf_puts(b, "\"");
	buf_puts(b, last ? "\r\n" : ";");
}

static char *
prop(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* A row: the period, the unit, the figure, its detail and the value. */
static void
csv_row(struct buf *b, xmlNodePtr report, xmlNodePtr unit, const char *figure,
    const char *detail, xmlNodePtr valnode, const char *attr)
{
	char	*from = prop(report, "from"), *to = prop(report, "to");
	char	*id = NULL, *name = NULL, *v = prop(valnode, attr);

	if (xmlStrEqual(unit->name, (const xmlChar *)"unit")) {
		id = prop(unit, "id");
		name = prop(unit, "name");
	}
	csv_field(b, from, 0);
	csv_field(b, to, 0);
	csv_field(b, id != NULL ? id : "", 0);
	csv_field(b, name != NULL ? name : "Hele kommunen", 0);
	csv_field(b, figure, 0);
	csv_field(b, detail != NULL ? detail : "", 0);
	csv_field(b, v != NULL ? v : "", 1);
	xmlFree(from);
	xmlFree(to);
	xmlFree(id);
	xmlFree(name);
	xmlFree(v);
}

static int
is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    xmlStrEqual(n->name, (const xmlChar *)name);
}

/* Rows of each child element named name of parent: detail from dattr. */
static void
csv_each(struct buf *b, xmlNodePtr report, xmlNodePtr unit, xmlNodePtr parent,
    const char *name, const char *dattr, const char *figure, const char *vattr)
{
	xmlNodePtr	 c;
	char		*d;

	for (c = parent->children; c != NULL; c = c->next) {
		if (!is(c, name))
			continue;
		d = prop(c, dattr);
		csv_row(b, report, unit, figure, d, c, vattr);
		xmlFree(d);
	}
}

static void
csv_unit(struct buf *b, xmlNodePtr report, xmlNodePtr u)
{
	xmlNodePtr	 e;

	for (e = u->children; e != NULL; e = e->next) {
		if (is(e, "logs")) {
			csv_row(b, report, u, "aktive_logger", NULL, e,
			    "active");
			csv_row(b, report, u, "passive_logger", NULL, e,
			    "passive");
			csv_each(b, report, u, e, "level", "value",
			    "aktive_logger_nivaa", "active");
			csv_each(b, report, u, e, "level", "value",
			    "passive_logger_nivaa", "passive");
		} else if (is(e, "categories")) {
			csv_row(b, report, u, "oppmerksomheter_i_bruk", NULL,
			    e, "in-use");
			csv_each(b, report, u, e, "category", "name",
			    "oppmerksomheter_i_bruk_kategori", "in-use");
		} else if (is(e, "deadlines")) {
			csv_row(b, report, u, "tiltak_over_frist", NULL, e,
			    "overdue");
			csv_row(b, report, u, "tiltak_frist_innen_14_dager",
			    NULL, e, "due-14");
			csv_each(b, report, u, e, "holder", "name",
			    "tiltak_over_frist_stafettholder", "overdue");
			csv_each(b, report, u, e, "holder", "name",
			    "tiltak_frist_innen_14_dager_stafettholder",
			    "due-14");
		} else if (is(e, "consents")) {
			csv_row(b, report, u, "samtykker_utlopt", NULL, e,
			    "expired");
			csv_row(b, report, u, "samtykker_utloper_innen_30_dager",
			    NULL, e, "expiring-30");
		} else if (is(e, "holder-left")) {
			csv_row(b, report, u, "logger_der_holder_har_sluttet",
			    NULL, e, "logs");
			csv_each(b, report, u, e, "holder", "name",
			    "logger_der_holder_har_sluttet_stafettholder",
			    "logs");
		} else if (is(e, "months")) {
			csv_row(b, report, u, "logger_opprettet", NULL, e,
			    "opened");
			csv_row(b, report, u, "logger_avsluttet", NULL, e,
			    "closed");
			csv_each(b, report, u, e, "month", "value",
			    "logger_opprettet_maaned", "opened");
			csv_each(b, report, u, e, "month", "value",
			    "logger_avsluttet_maaned", "closed");
		}
	}
}

enum sl_err
report_csv(xmlNodePtr report, struct buf *out)
{
	xmlNodePtr	 u;

	if (report == NULL)
		return SL_EINPUT;
	buf_puts(out, "\xEF\xBB\xBF");
	buf_puts(out, "fra;til;enhet_id;enhet;tall;detalj;verdi\r\n");
	for (u = report->children; u != NULL; u = u->next)
		if (is(u, "total") || is(u, "unit"))
			csv_unit(out, report, u);
	return out->oom ? SL_ENOMEM : SL_OK;
}

/* ------------------------------------------------------------------ */
/* The command                                                          */

int
report_cli(struct db *db, const char *name, const char *unit,
    const char *from, const char *to, const char *format)
{
	struct report_req	 r;
	struct arena		*a = NULL;
	xmlDocPtr		 doc = NULL;
	xmlChar			*mem = NULL;
	struct buf		 b;
	const char		*errkey;
	struct passwd		*pw;
	enum sl_err		 rc;
	int			 len, csv, status = 1;

	buf_init(&b);
	memset(&r, 0, sizeof(r));
	if (report_kind_parse(name, &r.kind) != SL_OK) {
		fprintf(stderr, "stafettlogg: report: NAME is unit or"
		    " municipality\n");
		return 2;
	}
	if (r.kind == REPORT_UNIT && (unit == NULL || *unit == '\0')) {
		fprintf(stderr, "stafettlogg: report unit needs --unit ID\n");
		return 2;
	}
	if (r.kind == REPORT_MUNICIPALITY && unit != NULL) {
		fprintf(stderr, "stafettlogg: report municipality covers every"
		    " unit: no --unit\n");
		return 2;
	}
	r.unit = unit;
	if (format == NULL)
		format = "xml";
	if (strcmp(format, "xml") != 0 && strcmp(format, "csv") != 0) {
		fprintf(stderr, "stafettlogg: report: --format xml or csv\n");
		return 2;
	}
	csv = strcmp(format, "csv") == 0;
	if (report_period(&r, from, to, &errkey) != SL_OK) {
		fprintf(stderr, "stafettlogg: report: --from and --to are dates"
		    " (YYYY-MM-DD), from not after to, at most %d months\n",
		    REPORT_MAX_MONTHS);
		return 2;
	}
	if ((a = arena_new()) == NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	if ((rc = db_ensure(db)) != SL_OK ||
	    (rc = report_doc(db, a, &r, &doc)) != SL_OK)
		goto out;
	if (csv)
		rc = report_csv(xmlDocGetRootElement(doc), &b);
	else {
		xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
		if (mem == NULL)
			rc = SL_ENOMEM;
		else
			buf_append(&b, mem, (size_t)len);
	}
	if (rc != SL_OK || b.oom) {
		rc = rc != SL_OK ? rc : SL_ENOMEM;
		goto out;
	}
	pw = getpwuid(getuid());
	if ((rc = db_exec(db, "INSERT INTO audit (at, uid, action, log_id,"
	    " object, detail, remote) VALUES (UTC_TIMESTAMP(3), NULL,"
	    " 'download-report', NULL, ?, ?, ?)", "sss",
	    arena_printf(a, "report:%s%s%s", name, unit ? ":" : "",
	    unit ? unit : ""), arena_printf(a, "%s..%s %s", r.from, r.to,
	    format), arena_printf(a, "cli:%s", pw ? pw->pw_name :
	    "?"))) != SL_OK)
		goto out;
	if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0) {
		rc = SL_ESYS;
		goto out;
	}
	status = 0;
out:
	if (status != 0) {
		if (rc == SL_ENOTFOUND)
			fprintf(stderr, "stafettlogg: report: no unit %s\n",
			    unit);
		else
			fprintf(stderr, "stafettlogg: report failed: %s\n",
			    sl_strerror(rc));
	}
	xmlFree(mem);
	xmlFreeDoc(doc);
	buf_free(&b);
	arena_free(a);
	return status;
}
