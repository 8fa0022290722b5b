/*
 * h_exchange.c - a log to or from another municipality on the web: the
 * export of a log as a transfer package (a download), and the import
 * form and upload (exchange.c does the work, package.c the checks).
 */
#include <stdio.h>
#include <string.h>

#include "exchange.h"
#include "form.h"
#include "handlers.h"
#include "logfacts.h"
#include "view.h"

void
exchange_log_action(struct ctx *c, struct logctx *lc)
{
	if (c->system_read || policy_log(&lc->f, LA_EXPORT, NULL) != SL_OK)
		return;
	view_action(c, "export-log", "POST", arena_printf(c->a,
	    "/logs/%lld/export", lc->id), NULL);
}

enum sl_err
h_log_export(struct ctx *c)
{
	struct logctx	 lc;
	struct buf	 b;
	char		*d;
	enum sl_err	 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_EXPORT, &lc)) != SL_OK)
		return rc;
	buf_init(&b);
	/* Audited (export-log) in the transaction that read the log. */
	if ((rc = exchange_export(c, lc.id, &b)) != SL_OK)
		goto out;
	if ((d = arena_alloc(c->a, b.len + 1)) == NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	memcpy(d, b.data, b.len);
	c->raw = d;
	c->rawlen = b.len;
	c->raw_ctype = "application/xml";
	c->raw_name = arena_printf(c->a, "stafettlogg-%lld-overforing.xml",
	    lc.id);
out:
	buf_free(&b);
	return rc;
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

static enum sl_err
import_view(struct ctx *c, struct form *f)
{
	struct dbrows	*u;
	xmlNodePtr	 a, fl, n;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = hold_units(c, &u)) != SL_OK ||
	    (rc = view_new(c, "log-import")) != SL_OK)
		return rc;
	a = view_action(c, "import-log", "POST", "/logs/import",
	    "/logs/import");
	view_attr(view_field(a, "package", "file", 1, 0, NULL), "accept",
	    ".xml,application/xml,text/xml");
	fl = view_field(a, "unit", "select", 1, 0, u->nrows == 1 ?
	    dbrows_get(u, 0, 0) : NULL);
	for (i = 0; i < u->nrows; i++) {
		n = view_child(fl, "option", NULL);
		view_attr(n, "value", dbrows_get(u, i, 0));
		view_attr(n, "label", dbrows_get(u, i, 1));
	}
	view_action(c, "logs", "GET", "/logs", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	if (f != NULL)
		form_show(f, "import-log", NULL);
	return SL_OK;
}

enum sl_err
h_log_import_form(struct ctx *c)
{
	return import_view(c, NULL);
}

enum sl_err
h_log_import(struct ctx *c)
{
	struct form		 f;
	struct package		 p;
	struct pkg_limits	 lim;
	const struct upload	*u;
	const char		*unit, *key;
	char			 err[512];
	long long		 log_id = 0;
	enum sl_err		 rc;

	memset(&p, 0, sizeof(p));
	form_init(&f, c);
	unit = form_line(&f, "unit", 128, 1);
	u = upload_get(&f, "package");
	if (u == NULL && f.nerr == 0)
		form_fail(&f, "package", "field.required", NULL);
	if (f.nerr > 0)
		return import_view(c, &f);
	exchange_limits(c, &lim);
	/* Refused by its size, before a byte of it is parsed. */
	if (u->len > lim.max_bytes) {
		log_info("import refused: %zu bytes, more than max_package",
		    u->len);
		return ctx_error(c, 413, "field.package.too-big");
	}
	if (package_schema_load(c->cfg->schema_dir, err, sizeof(err)) !=
	    SL_OK) {
		log_warnx("import: %s", err);
		return SL_ESYS;
	}
	rc = package_read(u->data, u->len, &lim, &p, &key, err, sizeof(err));
	if (rc == SL_ETOOBIG)
		return ctx_error(c, 413, "field.package.too-big");
	if (rc == SL_EINPUT) {
		/* The detail may quote the package's data: not in the log. */
		log_info("import refused (%s)", key);
		form_fail(&f, "package", key, arena_strdup(c->a, err));
		return import_view(c, &f);
	}
	if (rc != SL_OK)
		return rc;
	rc = exchange_import(c, &p, c->sess.uid, unit, &log_id);
	package_free(&p);
	if (rc == SL_EFORBIDDEN) {
		form_fail(&f, "unit", "field.invalid", NULL);
		return import_view(c, &f);
	}
	if (rc == SL_ECONFLICT) {
		form_fail(&f, "package", "field.nin.active-log", NULL);
		if ((rc = import_view(c, &f)) != SL_OK)
			return rc;
		c->status = 409;
		view_attr_ll(xmlDocGetRootElement(c->view), "status", 409);
		return SL_OK;
	}
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld", log_id));
}
