/*
 * h_print.c - PDFs: the agreed plan, the whole log, the consent form of a
 * log and the blank "manual stafettlogg" form; archive copy downloads.
 *
 * A print is the same view the page is given (log_build_all: the same policy, so
 * a PDF never holds what its reader may not see), turned into a page
 * layout by xslt/print.xsl and drawn by pdf.c.  ?format=xml answers the
 * view the PDF was made from.  Every print is audited.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "archive.h"
#include "handlers.h"
#include "logfacts.h"
#include "pdf.h"
#include "render.h"
#include "view.h"

/* The language of a form: ?form-lang= one of the nine, else the page's. */
static const char *
form_lang(struct ctx *c)
{
	const char	*l = kv_get(&c->query, "form-lang");
	size_t		 i;

	for (i = 0; l != NULL && i < PRINT_NLANGS; i++)
		if (strcmp(l, print_langs[i]) == 0)
			return print_langs[i];
	return c->lang;
}

/* The names of the languages, in their own words (option labels). */
static const char *const lang_names[PRINT_NLANGS] = { "Norsk bokmål",
    "Norsk nynorsk", "English", "العربية", "دری", "پښتو", "Soomaali",
    "ትግርኛ", "Türkçe" };

static void
lang_options(xmlNodePtr f)
{
	xmlNodePtr	 o;
	size_t		 i;

	for (i = 0; i < PRINT_NLANGS; i++) {
		o = view_child(f, "option", NULL);
		view_attr(o, "value", print_langs[i]);
		view_attr(o, "label", lang_names[i]);
	}
}

void
print_manual_action(struct ctx *c)
{
	xmlNodePtr	 a;

	a = view_action(c, "manual-form", "GET", "/print/manual-form", NULL);
	lang_options(view_field(a, "form-lang", "select", 1, 0, c->lang));
}

/*
 * The time now in UTC to the minute, "YYYY-MM-DDTHH:MM:00Z": all the page
 * shows, and the same view for a minute, which the render cache needs.
 */
static enum sl_err
now_iso(char *out, size_t n)
{
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(out, n, "%Y-%m-%dT%H:%M:00Z", &tm) == 0)
		return SL_ESYS;
	return SL_OK;
}

enum sl_err
print_log_extras(struct ctx *c, struct logctx *lc, xmlNodePtr log)
{
	xmlNodePtr	 a;
	char		*href, at[32];

	if (c->system_read)
		return SL_OK;
	/* When the page was made: its browser print says so. */
	if (now_iso(at, sizeof(at)) == SL_OK)
		view_child(c->meta, "now", at);
	href = arena_printf(c->a, "/logs/%lld", lc->id);
	if (href == NULL)
		return SL_ENOMEM;
	view_action(c, "print-plan", "GET", arena_printf(c->a, "%s/plan.pdf",
	    href), NULL);
	view_action(c, "print-log", "GET", arena_printf(c->a, "%s/log.pdf",
	    href), NULL);
	if (policy_log(&lc->f, LA_VIEW_DETAILS, NULL) == SL_OK) {
		a = view_action(c, "consent-form", "GET", arena_printf(c->a,
		    "%s/consent-form", href), NULL);
		lang_options(view_field(a, "form-lang", "select", 1, 0,
		    c->lang));
	}
	exchange_log_action(c, lc);
	if (policy_log(&lc->f, LA_VIEW_ARCHIVE, NULL) == SL_OK)
		return archive_list(c, lc->id, log);
	return SL_OK;
}

enum sl_err
print_history(struct ctx *c, struct logctx *lc, xmlNodePtr log)
{
	struct dbrows	*r;
	xmlNodePtr	 h, n;
	enum sl_err	 rc;
	size_t		 i, k;
	static const char *const holder_attrs[] = { "at", "event", "uid",
	    "name", NULL };
	static const char *const consent_attrs[] = { "id", "given-by",
	    "given-by-name", "given-at", "expires", "withdrawn", NULL };
	static const char *const grant_attrs[] = { "id", "uid", "name",
	    "scope", "history", "expires", "created", "revoked", NULL };
	struct dbrows	*gi;

	if (policy_log(&lc->f, LA_VIEW_ACCESS, NULL) != SL_OK)
		return SL_OK;
	h = view_child(log, "history", NULL);
	/*
	 * Holders: who created the log, and who took it over (a transfer
	 * accepted, the leader taking over), from its history (log_event).
	 */
	if ((rc = db_query(c->db, c->a, &r, "SELECT DATE_FORMAT(e.at,"
	    " '%Y-%m-%dT%H:%i:%sZ'), IF(e.kind = 'holder', 'transfer-log',"
	    " 'create-log'), e.subject_uid, COALESCE(s.name, e.subject_uid)"
	    " FROM log_event e LEFT JOIN staff s ON s.uid = e.subject_uid"
	    " WHERE e.log_id = ? AND e.kind IN ('created', 'holder')"
	    " AND e.subject_uid IS NOT NULL ORDER BY e.at, e.id", "i",
	    lc->id)) != SL_OK)
		return rc;
	for (i = 0; i < r->nrows; i++)
		view_row(h, "holder", r, i, holder_attrs);
	if (r->nrows == 0) {
		n = view_child(h, "holder", NULL);
		view_attr(n, "at", lc->created_at);
		view_attr(n, "event", "create-log");
		view_attr(n, "uid", lc->holder_uid);
		view_attr(n, "name", lc->holder_name);
	}
	if ((rc = db_query(c->db, c->a, &r, "SELECT id, given_by,"
	    " given_by_name, given_at, expires_at,"
	    " DATE_FORMAT(withdrawn_at, '%Y-%m-%dT%H:%i:%sZ'), scope"
	    " FROM consent WHERE log_id = ? ORDER BY id", "i",
	    lc->id)) != SL_OK)
		return rc;
	for (i = 0; i < r->nrows; i++)
		view_child(view_row(h, "consent", r, i, consent_attrs),
		    "scope", dbrows_get(r, i, 6));
	if ((rc = db_query(c->db, c->a, &r, "SELECT g.id, g.uid,"
	    " COALESCE(s.name, g.uid), g.scope, g.history, g.expires_at,"
	    " DATE_FORMAT(g.created_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " DATE_FORMAT(g.revoked_at, '%Y-%m-%dT%H:%i:%sZ')"
	    " FROM read_grant g LEFT JOIN staff s ON s.uid = g.uid"
	    " WHERE g.log_id = ? ORDER BY g.id", "i", lc->id)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &gi, "SELECT i.grant_id,"
	    " COALESCE(k.name, ck.name) FROM read_grant_item i"
	    " JOIN read_grant g ON g.id = i.grant_id"
	    " LEFT JOIN category k ON g.scope = 'categories'"
	    " AND k.id = i.item_id LEFT JOIN concern cc ON"
	    " g.scope = 'concerns' AND cc.id = i.item_id"
	    " LEFT JOIN category ck ON ck.id = cc.category_id"
	    " WHERE g.log_id = ?", "i", lc->id)) != SL_OK)
		return rc;
	for (i = 0; i < r->nrows; i++) {
		n = view_row(h, "grant", r, i, grant_attrs);
		for (k = 0; k < gi->nrows; k++)
			if (strcmp(dbrows_get(gi, k, 0), dbrows_get(r, i, 0)) ==
			    0)
				view_attr(view_child(n, "item", NULL), "name",
				    dbrows_get(gi, k, 1));
	}
	return SL_OK;
}

enum sl_err
print_view(struct ctx *c, const char *kind, const char *lang,
    const char *by, const char *reason, long long year, int flags,
    struct buf *out, int *pages)
{
	xmlDocPtr	 layout = NULL;
	xmlNodePtr	 p;
	struct pdf_info	 info;
	time_t		 now = time(NULL);
	struct tm	 tm;
	char		 at[32];
	enum sl_err	 rc;

	if (c->view == NULL || c->meta == NULL)
		return SL_ESYS;
	if (gmtime_r(&now, &tm) == NULL || strftime(at, sizeof(at),
	    "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return SL_ESYS;
	p = view_child(c->meta, "print", NULL);
	view_attr(p, "kind", kind);
	view_attr(p, "lang", lang);
	view_attr(p, "at", at);
	view_attr(p, "by", by);
	view_attr(p, "reason", reason);
	if (year > 0)
		view_attr_ll(p, "year", year);
	if (c->want_xml && !c->system_read)
		return SL_OK;	/* the view itself, as XML */
	if ((rc = render_layout(c->view, &layout)) != SL_OK)
		return rc;
	rc = pdf_render(layout, flags, now, out, &info);
	xmlFreeDoc(layout);
	if (rc == SL_OK && pages != NULL)
		*pages = info.pages;
	return rc;
}

/* Answer the PDF in b as a download named name (copied to the arena). */
static enum sl_err
answer_pdf(struct ctx *c, struct buf *b, const char *name)
{
	char	*d;

	if (b->oom || (d = arena_alloc(c->a, b->len + 1)) == NULL)
		return SL_ENOMEM;
	memcpy(d, b->data, b->len);
	c->raw = d;
	c->rawlen = b->len;
	c->raw_ctype = "application/pdf";
	c->raw_name = name;
	return SL_OK;
}

/* The plan or the whole log, of the log in the path, for the user. */
static enum sl_err
print_log(struct ctx *c, const char *kind)
{
	struct logctx	 lc;
	struct buf	 b;
	enum sl_err	 rc;
	int		 pages = 0;

	if ((rc = logfacts_require(c, c->id[0], LA_VIEW, &lc)) != SL_OK ||
	    (rc = log_build_all(c, &lc)) != SL_OK)
		return rc;
	if (strcmp(kind, "log") == 0 &&
	    (rc = print_history(c, &lc, xmlFirstElementChild(c->content))) !=
	    SL_OK)
		return rc;
	buf_init(&b);
	rc = print_view(c, kind, c->lang, c->sess.name, NULL, 0, 0, &b,
	    &pages);
	/* Audited before the PDF is handed to the worker to send. */
	if (rc == SL_OK)
		rc = ctx_audit(c, strcmp(kind, "plan") == 0 ? "print-plan" :
		    "print-log", lc.id, NULL, arena_printf(c->a, "%d pages",
		    pages));
	if (rc == SL_OK && !c->want_xml)
		rc = answer_pdf(c, &b, arena_printf(c->a, "stafettlogg-%lld-%s.pdf",
		    lc.id, strcmp(kind, "plan") == 0 ? "plan" : "logg"));
	buf_free(&b);
	return rc;
}

enum sl_err
h_print_plan(struct ctx *c)
{
	return print_log(c, "plan");
}

enum sl_err
h_print_log(struct ctx *c)
{
	return print_log(c, "log");
}

/*
 * The services working with the child: the log's unit and the units of
 * the staff with an active measure.
 */
static enum sl_err
services(struct ctx *c, const struct logctx *lc)
{
	struct dbrows	*r;
	xmlNodePtr	 list;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = db_query(c->db, c->a, &r, "SELECT DISTINCT u.name FROM"
	    " unit u WHERE u.id = ? OR u.id IN (SELECT su.unit_id FROM"
	    " staff_unit su JOIN measure m ON m.actor_uid = su.uid"
	    " WHERE m.log_id = ? AND m.status = 'active') ORDER BY u.name"
	    " LIMIT 50", "si", lc->unit_id, lc->id)) != SL_OK)
		return rc;
	list = view_child(c->content, "services", NULL);
	for (i = 0; i < r->nrows; i++)
		view_attr(view_child(list, "service", NULL), "name",
		    dbrows_get(r, i, 0));
	return SL_OK;
}

enum sl_err
h_print_consent(struct ctx *c)
{
	struct logctx	 lc;
	struct buf	 b;
	enum sl_err	 rc;
	const char	*lang = form_lang(c);

	/* Guardians' names, the consent's scope: the log's details. */
	if ((rc = logfacts_require(c, c->id[0], LA_VIEW_DETAILS, &lc)) !=
	    SL_OK || (rc = log_build_all(c, &lc)) != SL_OK ||
	    (rc = services(c, &lc)) != SL_OK)
		return rc;
	buf_init(&b);
	rc = print_view(c, "consent", lang, c->sess.name, NULL, 0, 0, &b,
	    NULL);
	if (rc == SL_OK)
		rc = ctx_audit(c, "print-consent-form", lc.id, NULL, lang);
	if (rc == SL_OK && !c->want_xml)
		rc = answer_pdf(c, &b, arena_printf(c->a,
		    "samtykke-%lld-%s.pdf", lc.id, lang));
	buf_free(&b);
	return rc;
}

enum sl_err
h_print_manual(struct ctx *c)
{
	struct buf	 b;
	enum sl_err	 rc;
	const char	*lang = form_lang(c);

	if ((rc = view_new(c, "manual-form")) != SL_OK)
		return rc;
	buf_init(&b);
	rc = print_view(c, "manual", lang, c->sess.name, NULL, 0, 0, &b,
	    NULL);
	if (rc == SL_OK && !c->want_xml)
		rc = answer_pdf(c, &b, arena_printf(c->a,
		    "manuell-stafettlogg-%s.pdf", lang));
	buf_free(&b);
	if (rc != SL_OK)
		return rc;
	return ctx_audit(c, "print-manual-form", 0, NULL, lang);
}

enum sl_err
h_archive_download(struct ctx *c)
{
	struct logctx	 lc;
	struct dbrows	*r;
	enum sl_err	 rc;

	if ((rc = db_query(c->db, c->a, &r, "SELECT log_id FROM archive_copy"
	    " WHERE id = ?", "i", c->id[0])) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	/* Those who may see the whole log; a log that is gone: nobody. */
	if ((rc = logfacts_require(c, dbrows_ll(r, 0, 0), LA_VIEW_ARCHIVE,
	    &lc)) != SL_OK)
		return rc;
	if ((rc = db_query(c->db, c->a, &r, "SELECT data, reason,"
	    " COALESCE(year, DATE_FORMAT(created_at, '%Y%m%d')) FROM"
	    " archive_copy WHERE id = ?", "i", c->id[0])) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	/* Audited before anything of it is handed out. */
	if ((rc = ctx_audit(c, "read-archive-copy", lc.id, arena_printf(c->a,
	    "archive:%lld", c->id[0]), NULL)) != SL_OK)
		return rc;
	c->raw = dbrows_get(r, 0, 0);
	c->rawlen = r->len[0];
	c->raw_ctype = "application/pdf";
	c->raw_name = arena_printf(c->a, "arkivkopi-%lld-%s-%s.pdf", lc.id,
	    dbrows_get(r, 0, 1), dbrows_get(r, 0, 2));
	return SL_OK;
}
