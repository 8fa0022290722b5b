/*
 * h_overview.c - how the unit is doing: the unit leader's overview of
 * each unit she leads (holders named, never children) and the municipal
 * admin's overview of every unit (no names, counts 1-4 as "<5"), each
 * also downloadable as a report (XML valid against schema/report.xsd, or
 * CSV) for a chosen period.  The figures are built by report.c.
 */
#include <string.h>

#include <libxml/tree.h>

#include "handlers.h"
#include "report.h"
#include "view.h"

/* SL_OK when the session user leads unit (staff_unit.role = 'leader'). */
static enum sl_err
leads(struct ctx *c, const char *unit)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	if (unit == NULL || *unit == '\0' || strlen(unit) > 128)
		return SL_ENOTFOUND;
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM staff_unit WHERE"
	    " uid = ? AND unit_id = ? AND role = 'leader'", "ss", c->sess.uid,
	    unit)) != SL_OK)
		return rc;
	return r->nrows == 1 ? SL_OK : SL_EFORBIDDEN;
}

/* The period of the request; a bad one is said and the default used. */
static enum sl_err
period(struct ctx *c, struct report_req *r, int *bad)
{
	const char	*errkey;

	*bad = 0;
	if (report_period(r, kv_get(&c->query, "from"), kv_get(&c->query,
	    "to"), &errkey) == SL_OK)
		return SL_OK;
	*bad = 1;
	return report_period(r, NULL, NULL, &errkey);
}

/* The form that downloads the report of this page (a GET form). */
static void
report_action(struct ctx *c, const char *href, const struct report_req *r)
{
	xmlNodePtr	 a, f;

	a = view_action(c, "download-report", "GET", href, NULL);
	if (r->kind == REPORT_UNIT)
		view_field(a, "unit", "hidden", 1, 0, r->unit);
	view_field(a, "from", "date", 1, 0, r->from);
	view_field(a, "to", "date", 1, 0, r->to);
	f = view_field(a, "format", "select", 1, 0, "xml");
	view_option(f, "xml");
	view_option(f, "csv");
}

/* The page of one report kind (the leader's or the admin's). */
static enum sl_err
overview_page(struct ctx *c, struct report_req *r, const char *view,
    const char *href)
{
	enum sl_err	 rc;
	int		 bad;

	if ((rc = period(c, r, &bad)) != SL_OK)
		return rc;
	if ((rc = view_new(c, view)) != SL_OK)
		return rc;
	if (bad) {
		c->status = 422;
		view_error(c, "report.period.invalid");
	}
	if ((rc = report_build(c->db, c->a, r, c->content, NULL)) != SL_OK)
		return rc;
	report_action(c, href, r);
	return SL_OK;
}

/* The units the user leads, each a link to its overview. */
static enum sl_err
unit_choice(struct ctx *c)
{
	struct dbrows	*r;
	xmlNodePtr	 list, n;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = db_query(c->db, c->a, &r, "SELECT u.id, u.name FROM"
	    " staff_unit su JOIN unit u ON u.id = su.unit_id WHERE su.uid = ?"
	    " AND su.role = 'leader' ORDER BY u.name", "s",
	    c->sess.uid)) != SL_OK)
		return rc;
	if ((rc = view_new(c, "unit-overview")) != SL_OK)
		return rc;
	list = view_child(c->content, "units", NULL);
	for (i = 0; i < r->nrows; i++) {
		const char *id = dbrows_get(r, i, 0);

		n = view_child(list, "unit", NULL);
		view_attr(n, "id", id);
		view_attr(n, "name", dbrows_get(r, i, 1));
		view_attr(n, "href", arena_printf(c->a, "/overview?unit=%s",
		    http_pctencode(c->a, id, strlen(id))));
	}
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

/*
 * The unit's pending transfers, in and out, and its active logs whose
 * holder is gone from the directory or no longer in the unit: holders
 * named, never children (each a link to its log, where she acts).
 */
static enum sl_err
unit_transfers(struct ctx *c, const char *unit)
{
	struct dbrows	*r;
	xmlNodePtr	 list, n;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = db_query(c->db, c->a, &r, "SELECT t.log_id,"
	    " DATE_FORMAT(t.offered_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " COALESCE(fs.name, t.from_uid), COALESCE(fu.name, t.from_unit),"
	    " COALESCE(ts.name, t.to_uid), COALESCE(tu.name, t.to_unit),"
	    " t.to_unit = ? FROM transfer t"
	    " LEFT JOIN staff fs ON fs.uid = t.from_uid"
	    " LEFT JOIN unit fu ON fu.id = t.from_unit"
	    " LEFT JOIN staff ts ON ts.uid = t.to_uid"
	    " LEFT JOIN unit tu ON tu.id = t.to_unit"
	    " WHERE t.id IN (SELECT id FROM transfer WHERE from_unit = ? AND"
	    " status = 'pending' UNION SELECT id FROM transfer WHERE"
	    " to_unit = ? AND status = 'pending') ORDER BY t.offered_at, t.id"
	    " LIMIT 200", "sss", unit, unit, unit)) != SL_OK)
		return rc;
	list = view_child(c->content, "transfers", NULL);
	for (i = 0; i < r->nrows; i++) {
		n = view_child(list, "transfer", NULL);
		view_attr(n, "log", dbrows_get(r, i, 0));
		view_attr(n, "offered", dbrows_get(r, i, 1));
		view_attr(n, "from-name", dbrows_get(r, i, 2));
		view_attr(n, "from-unit-name", dbrows_get(r, i, 3));
		view_attr(n, "to-name", dbrows_get(r, i, 4));
		view_attr(n, "to-unit-name", dbrows_get(r, i, 5));
		view_attr(n, "direction", dbrows_true(r, i, 6) ? "in" : "out");
		view_attr(n, "href", arena_printf(c->a, "/logs/%s#transfer",
		    dbrows_get(r, i, 0)));
	}
	if ((rc = db_query(c->db, c->a, &r, "SELECT l.id,"
	    " COALESCE(s.name, l.holder_uid), (s.gone_at IS NOT NULL OR"
	    " s.disabled_at IS NOT NULL)"
	    " FROM log l LEFT JOIN staff s ON s.uid = l.holder_uid"
	    " LEFT JOIN staff_unit hu ON hu.uid = l.holder_uid AND"
	    " hu.unit_id = l.unit_id WHERE l.unit_id = ? AND"
	    " l.status = 'active' AND (s.uid IS NULL OR s.gone_at IS NOT NULL"
	    " OR s.disabled_at IS NOT NULL"
	    " OR hu.uid IS NULL) ORDER BY 2, 1 LIMIT 200", "s", unit)) !=
	    SL_OK)
		return rc;
	list = view_child(c->content, "needs-holder", NULL);
	for (i = 0; i < r->nrows; i++) {
		n = view_child(list, "log", NULL);
		view_attr(n, "id", dbrows_get(r, i, 0));
		view_attr(n, "holder-name", dbrows_get(r, i, 1));
		view_attr(n, "gone", dbrows_true(r, i, 2) ? "1" : "0");
		view_attr(n, "href", arena_printf(c->a, "/logs/%s#transfer",
		    dbrows_get(r, i, 0)));
	}
	return SL_OK;
}

enum sl_err
h_overview(struct ctx *c)
{
	struct report_req	 r;
	const char		*unit = kv_get(&c->query, "unit");
	char			*enc;
	enum sl_err		 rc;

	if (unit == NULL)
		return unit_choice(c);
	if ((rc = leads(c, unit)) != SL_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.kind = REPORT_UNIT;
	r.unit = unit;
	if ((rc = overview_page(c, &r, "unit-overview",
	    "/overview/report")) != SL_OK ||
	    (rc = unit_transfers(c, unit)) != SL_OK)
		return rc;
	enc = http_pctencode(c->a, unit, strlen(unit));
	/* Where she can act: the unit's staff, and its logs by deadline. */
	view_action(c, "unit-staff", "GET", arena_printf(c->a,
	    "/staff?unit=%s", enc), NULL);
	view_action(c, "unit-logs", "GET", "/logs?role=leader&status=active"
	    "&sort=deadline", NULL);
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

enum sl_err
h_admin_overview(struct ctx *c)
{
	struct report_req	 r;
	enum sl_err		 rc;

	memset(&r, 0, sizeof(r));
	r.kind = REPORT_MUNICIPALITY;
	if ((rc = overview_page(c, &r, "municipality-overview",
	    "/admin/overview/report")) != SL_OK)
		return rc;
	view_action(c, "categories", "GET", "/admin/categories", NULL);
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

/* A file name part: letters, digits, '.', '-' and '_' only. */
static char *
name_part(struct arena *a, const char *s)
{
	char	*o = arena_strndup(a, s, strlen(s) > 64 ? 64 : strlen(s));
	char	*p;

	for (p = o; p != NULL && *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
			*p = '_';
	return o;
}

/*
 * The report as a download: XML (default) or CSV, for the period asked;
 * written to the audit.
 */
static enum sl_err
report_download(struct ctx *c, struct report_req *r)
{
	const char	*fmt = kv_get(&c->query, "format"), *errkey;
	xmlDocPtr	 doc = NULL;
	xmlChar		*mem = NULL;
	struct buf	 b;
	enum sl_err	 rc;
	int		 len, csv;

	if (fmt == NULL || *fmt == '\0')
		fmt = "xml";
	if (strcmp(fmt, "xml") != 0 && strcmp(fmt, "csv") != 0)
		return SL_EINPUT;
	csv = strcmp(fmt, "csv") == 0;
	if (report_period(r, kv_get(&c->query, "from"), kv_get(&c->query,
	    "to"), &errkey) != SL_OK) {
		if ((rc = ctx_error(c, 422, errkey)) != SL_OK)
			return rc;
		return SL_OK;
	}
	buf_init(&b);
	if ((rc = report_doc(c->db, c->a, r, &doc)) != SL_OK)
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
	if (rc == SL_OK && b.oom)
		rc = SL_ENOMEM;
	if (rc != SL_OK)
		goto out;
	if ((c->raw = arena_strndup(c->a, b.data, b.len)) == NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	c->rawlen = b.len;
	c->raw_ctype = csv ? "text/csv; charset=utf-8" :
	    "application/xml; charset=utf-8";
	c->raw_name = arena_printf(c->a, "stafettlogg-%s-%s-%s.%s",
	    r->kind == REPORT_UNIT ? name_part(c->a, r->unit) : "kommunen",
	    r->from, r->to, fmt);
	rc = ctx_audit(c, "download-report", 0, arena_printf(c->a,
	    "report:%s%s%s", r->kind == REPORT_UNIT ? "unit" : "municipality",
	    r->kind == REPORT_UNIT ? ":" : "", r->kind == REPORT_UNIT ?
	    r->unit : ""), arena_printf(c->a, "%s..%s %s", r->from, r->to,
	    fmt));
	if (rc != SL_OK)
		c->raw = NULL;
out:
	xmlFree(mem);
	xmlFreeDoc(doc);
	buf_free(&b);
	return rc;
}

enum sl_err
h_overview_report(struct ctx *c)
{
	struct report_req	 r;
	const char		*unit = kv_get(&c->query, "unit");
	enum sl_err		 rc;

	if ((rc = leads(c, unit)) != SL_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.kind = REPORT_UNIT;
	r.unit = unit;
	return report_download(c, &r);
}

enum sl_err
h_admin_report(struct ctx *c)
{
	struct report_req	 r;

	memset(&r, 0, sizeof(r));
	r.kind = REPORT_MUNICIPALITY;
	return report_download(c, &r);
}
