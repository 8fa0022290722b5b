/*
 * exchange.c - a log to another municipality (see exchange.h and
 * schema/transfer-package.xsd): the package written from the database,
 * a read package stored as a new log, and the two commands.
 *
 * People of the sending municipality are kept here as "ext:UID": a
 * directory uid never starts with that (AD's sAMAccountName cannot hold
 * ':'), so nobody here becomes an actor, an author or a holder through an
 * imported row.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <openssl/evp.h>

#include "crypto.h"
#include "exchange.h"
#include "form.h"
#include "handlers.h"
#include "history.h"
#include "logfacts.h"
#include "pdf.h"
#include "render.h"

#define T_ISO(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"

/* --- writing a package -------------------------------------------------- */

static void
put(xmlNodePtr n, const char *name, const char *v)
{
	if (v != NULL)
		(void)xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)v);
}

static xmlNodePtr
text(xmlNodePtr parent, const char *name, const char *v)
{
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	    (const xmlChar *)(v != NULL ? v : ""));
}

static xmlNodePtr
elem(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

/* "prefix" + the cell, or NULL for SQL NULL. */
static const char *
ref(struct ctx *c, const char *prefix, const char *v)
{
	return v == NULL ? NULL : arena_printf(c->a, "%s%s", prefix, v);
}

/*
 * The whole log as PDF, read by the system as its holder would read it
 * (no private notes), as archive.c does for its copies.
 */
static enum sl_err
log_pdf(struct ctx *c, long long log_id, struct buf *b)
{
	struct ctx	 s;
	struct logctx	 lc;
	enum sl_err	 rc;
	int		 pages = 0;

	s = *c;
	s.view = NULL;
	s.meta = s.content = s.actions = NULL;
	s.status = 0;
	s.location = NULL;
	s.raw = NULL;
	s.want_xml = 0;
	s.draft_id = 0;
	s.system_read = 1;
	s.lang = c->cfg->default_lang;
	buf_init(&s.headers);
	memset(&s.sess, 0, sizeof(s.sess));
	s.sess.state = SESS_VALID;
	s.sess.uid = "";
	s.sess.csrf = "";
	s.sess.name = arena_printf(c->a, "%s – Stafettlogg",
	    c->cfg->municipality);
	if ((rc = logfacts_load(&s, log_id, &lc)) != SL_OK)
		goto out;
	if (!lc.f.exists) {
		rc = SL_ENOTFOUND;
		goto out;
	}
	lc.f.holder = 1;
	lc.f.guardian = lc.f.actor = lc.f.grant = lc.f.leader = 0;
	lc.f.meeting = 0;
	if ((rc = log_build_all(&s, &lc)) != SL_OK ||
	    (rc = print_history(&s, &lc, xmlFirstElementChild(s.content))) !=
	    SL_OK)
		goto out;
	rc = print_view(&s, "log", s.lang, s.sess.name, NULL, 0, 0, b, &pages);
out:
	if (s.view != NULL)
		xmlFreeDoc(s.view);
	buf_free(&s.headers);
	return rc;
}

/* One <attachment> with the bytes base64 and their SHA-256. */
static enum sl_err
put_file(struct ctx *c, xmlNodePtr list, const char *id, const char *name,
    const char *kind, const char *created, const char *by, const char *data,
    size_t len)
{
	char		 hash[65], *b64;
	xmlNodePtr	 n;
	enum sl_err	 rc;

	if (len == 0 || len > (size_t)0x3fffffff)
		return SL_EINPUT;
	if ((rc = crypto_sha256_hex(data, len, hash)) != SL_OK)
		return rc;
	if ((b64 = arena_alloc(c->a, (len + 2) / 3 * 4 + 1)) == NULL)
		return SL_ENOMEM;
	(void)EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)data,
	    (int)len);
	n = text(list, "attachment", b64);
	put(n, "id", id);
	put(n, "filename", name);
	put(n, "size", arena_printf(c->a, "%zu", len));
	put(n, "sha256", hash);
	put(n, "kind", kind);
	put(n, "created", created);
	put(n, "created-by", by);
	return SL_OK;
}

/* The reads of a package, in the caller's transaction. */
static enum sl_err
build(struct ctx *c, long long log_id, xmlNodePtr root, const struct buf *pdf)
{
	struct dbrows	*l, *r, *m, *st, *ev;
	xmlNodePtr	 n, list, k, e, files;
	enum sl_err	 rc;
	size_t		 i, j, s;
	const char	*now;

	if ((rc = db_query(c->db, c->a, &l, "SELECT l.nin, l.child_name,"
	    " l.birth_date, l.address, l.level, l.status, " T_ISO("l.created_at")
	    ", COALESCE(u.name, l.unit_id), l.holder_uid,"
	    " COALESCE(s.name, l.holder_uid), " T_ISO("UTC_TIMESTAMP()")
	    " FROM log l LEFT JOIN unit u ON u.id = l.unit_id"
	    " LEFT JOIN staff s ON s.uid = l.holder_uid WHERE l.id = ?", "i",
	    log_id)) != SL_OK)
		return rc;
	if (l->nrows != 1)
		return SL_ENOTFOUND;
	now = dbrows_get(l, 0, 10);
	put(root, "version", "1");
	put(root, "created", now);
	put(root, "municipality", c->cfg->municipality);
	put(root, "exported-by", c->sess.state == SESS_VALID ? c->sess.uid :
	    c->remote);
	n = elem(root, "child");
	put(n, "nin", dbrows_get(l, 0, 0));
	put(n, "name", dbrows_get(l, 0, 1));
	put(n, "birth-date", dbrows_get(l, 0, 2));
	if (dbrows_get(l, 0, 3) != NULL && *dbrows_get(l, 0, 3) != '\0')
		text(n, "address", dbrows_get(l, 0, 3));
	n = elem(root, "log");
	put(n, "id", arena_printf(c->a, "%lld", log_id));
	put(n, "level", dbrows_get(l, 0, 4));
	put(n, "status", dbrows_get(l, 0, 5));
	put(n, "created", dbrows_get(l, 0, 6));
	put(n, "unit-name", dbrows_get(l, 0, 7));
	put(n, "holder-uid", dbrows_get(l, 0, 8));
	put(n, "holder-name", dbrows_get(l, 0, 9));

	if ((rc = db_query(c->db, c->a, &r, "SELECT id, name, nin, email,"
	    " phone FROM guardian WHERE log_id = ? ORDER BY id", "i",
	    log_id)) != SL_OK)
		return rc;
	list = elem(root, "guardians");
	for (i = 0; i < r->nrows; i++) {
		n = elem(list, "guardian");
		put(n, "id", ref(c, "g", dbrows_get(r, i, 0)));
		put(n, "name", dbrows_get(r, i, 1));
		put(n, "nin", dbrows_get(r, i, 2));
		put(n, "email", dbrows_get(r, i, 3));
		put(n, "phone", dbrows_get(r, i, 4));
	}

	if ((rc = db_query(c->db, c->a, &r, "SELECT given_by, given_by_name,"
	    " given_at, expires_at, " T_ISO("withdrawn_at") ", "
	    T_ISO("created_at") ", created_by, attachment_id, scope"
	    " FROM consent WHERE log_id = ? ORDER BY id", "i", log_id)) != SL_OK)
		return rc;
	list = elem(root, "consents");
	for (i = 0; i < r->nrows; i++) {
		n = elem(list, "consent");
		text(n, "scope", dbrows_get(r, i, 8));
		put(n, "given-by", dbrows_get(r, i, 0));
		put(n, "given-by-name", dbrows_get(r, i, 1));
		put(n, "given-at", dbrows_get(r, i, 2));
		put(n, "expires", dbrows_get(r, i, 3));
		put(n, "withdrawn", dbrows_get(r, i, 4));
		put(n, "created", dbrows_get(r, i, 5));
		put(n, "created-by", dbrows_get(r, i, 6));
		put(n, "attachment", ref(c, "a", dbrows_get(r, i, 7)));
	}

	if ((rc = db_query(c->db, c->a, &r, "SELECT k.id, g.name, k.status,"
	    " k.registered_at, k.discussed_leader, k.discussed_guardians,"
	    " k.discussed_child, " T_ISO("k.created_at") ", k.created_by, "
	    T_ISO("k.updated_at") ", k.description, k.goal, k.maintaining"
	    " FROM concern k JOIN category g ON g.id = k.category_id"
	    " WHERE k.log_id = ? ORDER BY k.id", "i", log_id)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &m, "SELECT m.id, m.concern_id, m.kind,"
	    " m.actor_kind, m.actor_uid, COALESCE(s.name, m.actor_uid),"
	    " m.actor_guardian, m.status, m.replaces_id, m.start_date,"
	    " m.evaluate_by, " T_ISO("m.created_at") ", m.created_by, m.text"
	    " FROM measure m LEFT JOIN staff s ON s.uid = m.actor_uid"
	    " WHERE m.log_id = ? ORDER BY m.id", "i", log_id)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &st, "SELECT p.measure_id, p.text FROM"
	    " measure_step p JOIN measure m ON m.id = p.measure_id WHERE"
	    " m.log_id = ? ORDER BY p.measure_id, p.pos", "i", log_id)) !=
	    SL_OK ||
	    (rc = db_query(c->db, c->a, &ev, "SELECT measure_id, effective,"
	    " decision, " T_ISO("created_at") ", created_by, family_view"
	    " FROM evaluation WHERE log_id = ?", "i", log_id)) != SL_OK)
		return rc;
	list = elem(root, "concerns");
	for (i = 0; i < r->nrows; i++) {
		k = elem(list, "concern");
		put(k, "id", ref(c, "k", dbrows_get(r, i, 0)));
		put(k, "category", dbrows_get(r, i, 1));
		put(k, "status", dbrows_get(r, i, 2));
		put(k, "registered", dbrows_get(r, i, 3));
		put(k, "discussed-leader", dbrows_get(r, i, 4));
		put(k, "discussed-guardians", dbrows_get(r, i, 5));
		put(k, "discussed-child", dbrows_get(r, i, 6));
		put(k, "created", dbrows_get(r, i, 7));
		put(k, "created-by", dbrows_get(r, i, 8));
		put(k, "updated", dbrows_get(r, i, 9));
		text(k, "description", dbrows_get(r, i, 10));
		text(k, "goal", dbrows_get(r, i, 11));
		text(k, "maintaining", dbrows_get(r, i, 12));
		for (j = 0; j < m->nrows; j++) {
			if (strcmp(dbrows_get(m, j, 1), dbrows_get(r, i, 0)) != 0)
				continue;
			n = elem(k, "measure");
			put(n, "id", ref(c, "m", dbrows_get(m, j, 0)));
			put(n, "kind", dbrows_get(m, j, 2));
			put(n, "actor-kind", dbrows_get(m, j, 3));
			put(n, "actor-uid", dbrows_get(m, j, 4));
			if (dbrows_get(m, j, 4) != NULL)
				put(n, "actor-name", dbrows_get(m, j, 5));
			put(n, "actor-guardian", ref(c, "g",
			    dbrows_get(m, j, 6)));
			put(n, "status", dbrows_get(m, j, 7));
			put(n, "replaces", ref(c, "m", dbrows_get(m, j, 8)));
			put(n, "start", dbrows_get(m, j, 9));
			put(n, "evaluate-by", dbrows_get(m, j, 10));
			put(n, "created", dbrows_get(m, j, 11));
			put(n, "created-by", dbrows_get(m, j, 12));
			text(n, "text", dbrows_get(m, j, 13));
			for (s = 0; s < st->nrows; s++)
				if (strcmp(dbrows_get(st, s, 0),
				    dbrows_get(m, j, 0)) == 0)
					text(n, "step", dbrows_get(st, s, 1));
			for (s = 0; s < ev->nrows; s++) {
				if (strcmp(dbrows_get(ev, s, 0),
				    dbrows_get(m, j, 0)) != 0)
					continue;
				e = elem(n, "evaluation");
				text(e, "family-view", dbrows_get(ev, s, 5));
				put(e, "effective", dbrows_get(ev, s, 1));
				put(e, "decision", dbrows_get(ev, s, 2));
				put(e, "created", dbrows_get(ev, s, 3));
				put(e, "created-by", dbrows_get(ev, s, 4));
			}
		}
	}

	if ((rc = db_query(c->db, c->a, &r, "SELECT author_uid, author_name, "
	    T_ISO("created_at") ", " T_ISO("updated_at") ", text FROM"
	    " bright_spot WHERE log_id = ? ORDER BY created_at, id", "i",
	    log_id)) != SL_OK)
		return rc;
	list = elem(root, "bright-spots");
	for (i = 0; i < r->nrows; i++) {
		n = elem(list, "bright-spot");
		text(n, "text", dbrows_get(r, i, 4));
		put(n, "author-uid", dbrows_get(r, i, 0));
		put(n, "author-name", dbrows_get(r, i, 1));
		put(n, "created", dbrows_get(r, i, 2));
		put(n, "updated", dbrows_get(r, i, 3));
	}

	/* Shared notes only: a private note is its author's alone. */
	if ((rc = db_query(c->db, c->a, &r, "SELECT author_uid, author_name, "
	    T_ISO("created_at") ", concern_id, attachment_id, text FROM note"
	    " WHERE log_id = ? AND private = 0 ORDER BY created_at, id", "i",
	    log_id)) != SL_OK)
		return rc;
	list = elem(root, "notes");
	for (i = 0; i < r->nrows; i++) {
		n = elem(list, "note");
		text(n, "text", dbrows_get(r, i, 5));
		put(n, "author-uid", dbrows_get(r, i, 0));
		put(n, "author-name", dbrows_get(r, i, 1));
		put(n, "created", dbrows_get(r, i, 2));
		put(n, "concern", ref(c, "k", dbrows_get(r, i, 3)));
		put(n, "attachment", ref(c, "a", dbrows_get(r, i, 4)));
	}

	if ((rc = db_query(c->db, c->a, &r, "SELECT " T_ISO("at") ", place, "
	    T_ISO("created_at") ", created_by, participants, agenda FROM"
	    " meeting WHERE log_id = ? ORDER BY at, id", "i", log_id)) != SL_OK)
		return rc;
	list = elem(root, "meetings");
	for (i = 0; i < r->nrows; i++) {
		n = elem(list, "meeting");
		text(n, "participants", dbrows_get(r, i, 4));
		text(n, "agenda", dbrows_get(r, i, 5));
		put(n, "at", dbrows_get(r, i, 0));
		put(n, "place", dbrows_get(r, i, 1));
		put(n, "created", dbrows_get(r, i, 2));
		put(n, "created-by", dbrows_get(r, i, 3));
	}

	if ((rc = db_query(c->db, c->a, &r, "SELECT " T_ISO("at") ", kind,"
	    " actor_uid, subject_uid, unit_id, value_from, value_to, reason"
	    " FROM log_event WHERE log_id = ? ORDER BY at, id", "i",
	    log_id)) != SL_OK)
		return rc;
	list = elem(root, "history");
	for (i = 0; i < r->nrows; i++) {
		n = elem(list, "event");
		if (dbrows_get(r, i, 7) != NULL)
			text(n, "reason", dbrows_get(r, i, 7));
		put(n, "at", dbrows_get(r, i, 0));
		put(n, "kind", dbrows_get(r, i, 1));
		put(n, "actor-uid", dbrows_get(r, i, 2));
		put(n, "subject-uid", dbrows_get(r, i, 3));
		put(n, "unit", dbrows_get(r, i, 4));
		put(n, "from", dbrows_get(r, i, 5));
		put(n, "to", dbrows_get(r, i, 6));
	}

	/* The files of the consents and of the shared notes. */
	if ((rc = db_query(c->db, c->a, &r, "SELECT id, filename, "
	    T_ISO("created_at") ", created_by, data FROM attachment"
	    " WHERE log_id = ? AND (id IN (SELECT attachment_id FROM consent"
	    " WHERE log_id = ?) OR id IN (SELECT attachment_id FROM note"
	    " WHERE log_id = ? AND private = 0)) ORDER BY id", "iii", log_id,
	    log_id, log_id)) != SL_OK)
		return rc;
	files = elem(root, "attachments");
	for (i = 0; i < r->nrows; i++)
		if ((rc = put_file(c, files, ref(c, "a", dbrows_get(r, i, 0)),
		    dbrows_get(r, i, 1), "file", dbrows_get(r, i, 2),
		    dbrows_get(r, i, 3), dbrows_get(r, i, 4),
		    r->len[i * r->ncols + 4])) != SL_OK)
			return rc;
	return put_file(c, files, "log-pdf", arena_printf(c->a,
	    "stafettlogg-%lld-logg.pdf", log_id), "log-pdf", now,
	    c->sess.state == SESS_VALID ? c->sess.uid : "system",
	    pdf->data, pdf->len);
}

enum sl_err
exchange_export(struct ctx *c, long long log_id, struct buf *out)
{
	struct buf	 pdf;
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 root;
	xmlChar		*mem = NULL;
	int		 size = 0;
	enum sl_err	 rc;
	const char	*who = c->sess.state == SESS_VALID ? c->sess.uid : NULL;

	buf_init(&pdf);
	if ((rc = log_pdf(c, log_id, &pdf)) != SL_OK)
		goto out;
	if (pdf.oom) {
		rc = SL_ENOMEM;
		goto out;
	}
	if ((doc = xmlNewDoc((const xmlChar *)"1.0")) == NULL ||
	    (root = xmlNewDocNode(doc, NULL,
	    (const xmlChar *)"transfer-package", NULL)) == NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	(void)xmlDocSetRootElement(doc, root);
	/* One snapshot of the log, and its history and audit with it. */
	if ((rc = db_begin(c->db)) != SL_OK)
		goto out;
	if ((rc = build(c, log_id, root, &pdf)) == SL_OK &&
	    (rc = history_add(c->db, log_id, "exported", who, NULL, NULL,
	    NULL, NULL, c->sess.state == SESS_VALID ? NULL : c->remote)) ==
	    SL_OK &&
	    (rc = ctx_audit(c, "export-log", log_id, NULL,
	    c->cfg->municipality)) == SL_OK)
		rc = db_commit(c->db);
	if (rc != SL_OK) {
		db_rollback(c->db);
		goto out;
	}
	xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
	if (mem == NULL || size <= 0) {
		rc = SL_ENOMEM;
		goto out;
	}
	buf_append(out, mem, (size_t)size);
	rc = out->oom ? SL_ENOMEM : SL_OK;
out:
	xmlFree(mem);
	if (doc != NULL)
		xmlFreeDoc(doc);
	buf_free(&pdf);
	return rc;
}

/* --- storing a package -------------------------------------------------- */

/* "ext:UID" for a person of the sending municipality (NULL stays NULL). */
static const char *
ext(struct ctx *c, const char *uid)
{
	return uid == NULL ? NULL : arena_printf(c->a, "ext:%s", uid);
}

/* "YYYY-MM-DDTHH:MM:SSZ" as DATETIME "YYYY-MM-DD HH:MM:SS" (NULL stays). */
static const char *
dt(struct ctx *c, const char *t)
{
	return t == NULL ? NULL : arena_printf(c->a, "%.10s %.8s", t, t + 11);
}

/* Package ids to database ids. */
struct idmap {
	const char	**id;
	long long	 *db;
	size_t		  n, cap;
};

static enum sl_err
map_put(struct ctx *c, struct idmap *m, const char *id, long long db)
{
	const char	**ni;
	long long	 *nd;
	size_t		  cap;

	if (m->n == m->cap) {
		cap = m->cap ? m->cap * 2 : 16;
		if ((ni = arena_alloc(c->a, cap * sizeof(*ni))) == NULL ||
		    (nd = arena_alloc(c->a, cap * sizeof(*nd))) == NULL)
			return SL_ENOMEM;
		if (m->n > 0) {
			memcpy(ni, m->id, m->n * sizeof(*ni));
			memcpy(nd, m->db, m->n * sizeof(*nd));
		}
		m->id = ni;
		m->db = nd;
		m->cap = cap;
	}
	m->id[m->n] = id;
	m->db[m->n++] = db;
	return SL_OK;
}

/* The database id of package id, or 0 (also for NULL). */
static long long
map_get(const struct idmap *m, const char *id)
{
	size_t	 i;

	for (i = 0; id != NULL && i < m->n; i++)
		if (strcmp(m->id[i], id) == 0)
			return m->db[i];
	return 0;
}

/* The category of a concern by name; one unknown here is added inactive. */
static enum sl_err
category_id(struct ctx *c, const char *name, long long *id)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	if ((rc = db_query(c->db, c->a, &r, "SELECT id FROM category WHERE"
	    " name = ?", "s", name)) != SL_OK)
		return rc;
	if (r->nrows > 0) {
		*id = dbrows_ll(r, 0, 0);
		return SL_OK;
	}
	if ((rc = db_exec(c->db, "INSERT INTO category (name, sort, active)"
	    " VALUES (?, 1000, 0)", "s", name)) != SL_OK)
		return rc;
	*id = (long long)db_insert_id(c->db);
	return SL_OK;
}

struct maps {
	struct idmap	 g, a, k, m;
};

static enum sl_err
store_files(struct ctx *c, const struct package *p, long long log_id,
    struct maps *mp)
{
	const struct pkg_file	*f;
	char			 hash[65];
	enum sl_err		 rc;
	size_t			 i;

	for (i = 0; i < p->nfiles; i++) {
		f = &p->files[i];
		if ((rc = crypto_sha256_hex((const char *)f->data, f->len,
		    hash)) != SL_OK ||
		    (rc = db_exec(c->db, "INSERT INTO attachment (log_id,"
		    " filename, size, sha256, data, created_at, created_by)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?)", "isisbss", log_id,
		    pkg_attr(f->node, "filename"), (long long)f->len, hash,
		    (const char *)f->data, f->len,
		    dt(c, pkg_attr(f->node, "created")),
		    ext(c, pkg_attr(f->node, "created-by")))) != SL_OK ||
		    (rc = map_put(c, &mp->a, f->id, (long long)db_insert_id(
		    c->db))) != SL_OK)
			return rc;
	}
	return SL_OK;
}

static enum sl_err
store_plan(struct ctx *c, xmlNodePtr root, long long log_id, struct maps *mp)
{
	xmlNodePtr	 k, m, s, e;
	const char	*akind, *status, *key;
	long long	 cat, kid, mid, gid, pos;
	enum sl_err	 rc;

	for (k = pkg_child(pkg_child(root, "concerns"), "concern"); k != NULL;
	    k = pkg_next(k)) {
		if ((rc = category_id(c, pkg_attr(k, "category"), &cat)) !=
		    SL_OK ||
		    (rc = db_exec(c->db, "INSERT INTO concern (log_id,"
		    " category_id, description, goal, maintaining,"
		    " discussed_leader, discussed_guardians, discussed_child,"
		    " registered_at, status, created_at, created_by, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "iisssssssssss", log_id, cat,
		    pkg_child_text(k, "description"), pkg_child_text(k, "goal"),
		    pkg_child_text(k, "maintaining"),
		    pkg_attr(k, "discussed-leader"),
		    pkg_attr(k, "discussed-guardians"),
		    pkg_attr(k, "discussed-child"), pkg_attr(k, "registered"),
		    pkg_attr(k, "status"), dt(c, pkg_attr(k, "created")),
		    ext(c, pkg_attr(k, "created-by")),
		    dt(c, pkg_attr(k, "updated")))) != SL_OK)
			return rc;
		kid = (long long)db_insert_id(c->db);
		if ((rc = map_put(c, &mp->k, pkg_attr(k, "id"), kid)) != SL_OK)
			return rc;
		for (m = pkg_child(k, "measure"); m != NULL; m = pkg_next(m)) {
			akind = pkg_attr(m, "actor-kind");
			status = pkg_attr(m, "status");
			gid = map_get(&mp->g, pkg_attr(m, "actor-guardian"));
			/* The kept key of one active measure per actor. */
			key = NULL;
			if (strcmp(status, "active") == 0) {
				if (strcmp(akind, "staff") == 0)
					key = arena_printf(c->a, "staff:%s",
					    ext(c, pkg_attr(m, "actor-uid")));
				else if (strcmp(akind, "guardian") == 0)
					key = arena_printf(c->a,
					    "guardian:%lld", gid);
				else
					key = "child";
			}
			if ((rc = db_exec(c->db, "INSERT INTO measure (log_id,"
			    " concern_id, text, kind, actor_kind, actor_uid,"
			    " actor_guardian, active_actor, start_date,"
			    " evaluate_by, status, created_at, created_by)"
			    " VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?,"
			    " ?, ?, ?)", "iissssissssss", log_id, kid,
			    pkg_child_text(m, "text"), pkg_attr(m, "kind"),
			    akind, strcmp(akind, "staff") == 0 ?
			    ext(c, pkg_attr(m, "actor-uid")) : NULL, gid, key,
			    pkg_attr(m, "start"), pkg_attr(m, "evaluate-by"),
			    status, dt(c, pkg_attr(m, "created")),
			    ext(c, pkg_attr(m, "created-by")))) != SL_OK)
				return rc;
			mid = (long long)db_insert_id(c->db);
			if ((rc = map_put(c, &mp->m, pkg_attr(m, "id"), mid)) !=
			    SL_OK)
				return rc;
			pos = 0;
			for (s = pkg_child(m, "step"); s != NULL;
			    s = pkg_next(s))
				if ((rc = db_exec(c->db, "INSERT INTO"
				    " measure_step (measure_id, pos, text)"
				    " VALUES (?, ?, ?)", "iis", mid, ++pos,
				    s->children != NULL ?
				    (const char *)s->children->content : "")) !=
				    SL_OK)
					return rc;
			if ((e = pkg_child(m, "evaluation")) != NULL &&
			    (rc = db_exec(c->db, "INSERT INTO evaluation"
			    " (measure_id, log_id, effective, family_view,"
			    " decision, created_at, created_by) VALUES (?, ?,"
			    " ?, ?, ?, ?, ?)", "iisssss", mid, log_id,
			    pkg_attr(e, "effective"),
			    pkg_child_text(e, "family-view"),
			    pkg_attr(e, "decision"),
			    dt(c, pkg_attr(e, "created")),
			    ext(c, pkg_attr(e, "created-by")))) != SL_OK)
				return rc;
		}
	}
	/* Corrections: which measure each replaced (all are stored now). */
	for (k = pkg_child(pkg_child(root, "concerns"), "concern"); k != NULL;
	    k = pkg_next(k))
		for (m = pkg_child(k, "measure"); m != NULL; m = pkg_next(m))
			if (pkg_attr(m, "replaces") != NULL &&
			    (rc = db_exec(c->db, "UPDATE measure SET"
			    " replaces_id = ? WHERE id = ?", "ii",
			    map_get(&mp->m, pkg_attr(m, "replaces")),
			    map_get(&mp->m, pkg_attr(m, "id")))) != SL_OK)
				return rc;
	return SL_OK;
}

/* Everything of the package but the log row and the plan. */
static enum sl_err
store_rest(struct ctx *c, xmlNodePtr root, long long log_id, struct maps *mp)
{
	xmlNodePtr	 n;
	enum sl_err	 rc;

	for (n = pkg_child(pkg_child(root, "bright-spots"), "bright-spot");
	    n != NULL; n = pkg_next(n))
		if ((rc = db_exec(c->db, "INSERT INTO bright_spot (log_id,"
		    " author_uid, author_name, text, created_at, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?)", "isssss", log_id,
		    ext(c, pkg_attr(n, "author-uid")), pkg_attr(n, "author-name"),
		    pkg_child_text(n, "text"), dt(c, pkg_attr(n, "created")),
		    dt(c, pkg_attr(n, "updated")))) != SL_OK)
			return rc;
	for (n = pkg_child(pkg_child(root, "notes"), "note"); n != NULL;
	    n = pkg_next(n))
		if ((rc = db_exec(c->db, "INSERT INTO note (log_id, concern_id,"
		    " author_uid, author_name, text, private, attachment_id,"
		    " created_at) VALUES (?, NULLIF(?, 0), ?, ?, ?, 0,"
		    " NULLIF(?, 0), ?)", "iisssis", log_id,
		    map_get(&mp->k, pkg_attr(n, "concern")),
		    ext(c, pkg_attr(n, "author-uid")), pkg_attr(n, "author-name"),
		    pkg_child_text(n, "text"),
		    map_get(&mp->a, pkg_attr(n, "attachment")),
		    dt(c, pkg_attr(n, "created")))) != SL_OK)
			return rc;
	/* The sending side's PDF of the log, as a shared note with it. */
	for (n = pkg_child(pkg_child(root, "attachments"), "attachment");
	    n != NULL; n = pkg_next(n))
		if (strcmp(pkg_attr(n, "kind"), "log-pdf") == 0 &&
		    (rc = db_exec(c->db, "INSERT INTO note (log_id, author_uid,"
		    " author_name, text, private, attachment_id, created_at)"
		    " VALUES (?, ?, ?, ?, 0, ?, UTC_TIMESTAMP())", "isssi",
		    log_id, ext(c, pkg_attr(root, "exported-by")),
		    pkg_attr(root, "municipality"), arena_printf(c->a,
		    "Stafettloggen slik den var i %s da den ble eksportert"
		    " %.10s (PDF).", pkg_attr(root, "municipality"),
		    pkg_attr(root, "created")),
		    map_get(&mp->a, pkg_attr(n, "id")))) != SL_OK)
			return rc;
	for (n = pkg_child(pkg_child(root, "meetings"), "meeting"); n != NULL;
	    n = pkg_next(n))
		if ((rc = db_exec(c->db, "INSERT INTO meeting (log_id, at, place,"
		    " participants, agenda, created_at, created_by) VALUES"
		    " (?, ?, ?, ?, ?, ?, ?)", "issssss", log_id,
		    dt(c, pkg_attr(n, "at")), pkg_attr(n, "place"),
		    pkg_child_text(n, "participants"),
		    pkg_child_text(n, "agenda"), dt(c, pkg_attr(n, "created")),
		    ext(c, pkg_attr(n, "created-by")))) != SL_OK)
			return rc;
	for (n = pkg_child(pkg_child(root, "history"), "event"); n != NULL;
	    n = pkg_next(n))
		if ((rc = db_exec(c->db, "INSERT INTO log_event (log_id, at,"
		    " kind, actor_uid, subject_uid, unit_id, value_from,"
		    " value_to, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "issssssss", log_id, dt(c, pkg_attr(n, "at")),
		    pkg_attr(n, "kind"), ext(c, pkg_attr(n, "actor-uid")),
		    ext(c, pkg_attr(n, "subject-uid")),
		    ext(c, pkg_attr(n, "unit")), pkg_attr(n, "from"),
		    pkg_attr(n, "to"), pkg_child_text(n, "reason"))) != SL_OK)
			return rc;
	return SL_OK;
}

/* One attempt: every row, the history step and the audit. */
static enum sl_err
store(struct ctx *c, const struct package *p, const char *holder,
    const char *unit, long long *log_id)
{
	xmlNodePtr	 root = xmlDocGetRootElement(p->doc), ch, lg, n;
	struct maps	 mp;
	struct dbrows	*r;
	const char	*nin, *status, *who;
	enum sl_err	 rc;

	memset(&mp, 0, sizeof(mp));
	ch = pkg_child(root, "child");
	lg = pkg_child(root, "log");
	nin = pkg_attr(ch, "nin");
	status = pkg_attr(lg, "status");
	who = c->sess.state == SESS_VALID ? c->sess.uid : NULL;
	/*
	 * The receiver may hold logs in the unit (as for a new log) and is
	 * still in the directory (the CLI names her: not gone, not disabled).
	 */
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM staff_unit su"
	    " JOIN staff s ON s.uid = su.uid AND s.gone_at IS NULL AND"
	    " s.disabled_at IS NULL"
	    " LEFT JOIN staff_permission p ON p.uid = su.uid AND"
	    " p.unit_id = su.unit_id WHERE su.uid = ? AND su.unit_id = ? AND"
	    " COALESCE(p.may_hold, 1) = 1", "ss", holder, unit)) != SL_OK)
		return rc;
	if (r->nrows == 0)
		return SL_EFORBIDDEN;
	if (strcmp(status, "active") == 0) {
		if ((rc = db_query(c->db, c->a, &r, "SELECT id FROM log WHERE"
		    " active_nin = ? FOR UPDATE", "s", nin)) != SL_OK)
			return rc;
		if (r->nrows > 0)
			return SL_ECONFLICT;
	}
	if ((rc = db_exec(c->db, "INSERT INTO log (nin, active_nin,"
	    " child_name, birth_date, address, unit_id, holder_uid, level,"
	    " status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, UTC_TIMESTAMP(), ?)", "sssssssiss", nin,
	    strcmp(status, "active") == 0 ? nin : NULL, pkg_attr(ch, "name"),
	    pkg_attr(ch, "birth-date"), pkg_child_text(ch, "address"), unit,
	    holder, atoll(pkg_attr(lg, "level")), status,
	    who != NULL ? who : holder)) != SL_OK)
		return rc;
	*log_id = (long long)db_insert_id(c->db);
	for (n = pkg_child(pkg_child(root, "guardians"), "guardian");
	    n != NULL; n = pkg_next(n))
		if ((rc = db_exec(c->db, "INSERT INTO guardian (log_id, name,"
		    " email, phone, nin) VALUES (?, ?, ?, ?, ?)", "issss",
		    *log_id, pkg_attr(n, "name"), pkg_attr(n, "email"),
		    pkg_attr(n, "phone"), pkg_attr(n, "nin"))) != SL_OK ||
		    (rc = map_put(c, &mp.g, pkg_attr(n, "id"),
		    (long long)db_insert_id(c->db))) != SL_OK)
			return rc;
	if ((rc = store_files(c, p, *log_id, &mp)) != SL_OK)
		return rc;
	for (n = pkg_child(pkg_child(root, "consents"), "consent");
	    n != NULL; n = pkg_next(n))
		if ((rc = db_exec(c->db, "INSERT INTO consent (log_id, given_by,"
		    " given_by_name, given_at, scope, expires_at, attachment_id,"
		    " created_at, created_by, withdrawn_at) VALUES (?, ?, ?, ?,"
		    " ?, ?, NULLIF(?, 0), ?, ?, ?)", "isssssisss", *log_id,
		    pkg_attr(n, "given-by"), pkg_attr(n, "given-by-name"),
		    pkg_attr(n, "given-at"), pkg_child_text(n, "scope"),
		    pkg_attr(n, "expires"),
		    map_get(&mp.a, pkg_attr(n, "attachment")),
		    dt(c, pkg_attr(n, "created")),
		    ext(c, pkg_attr(n, "created-by")),
		    dt(c, pkg_attr(n, "withdrawn")))) != SL_OK)
			return rc;
	if ((rc = store_plan(c, root, *log_id, &mp)) != SL_OK ||
	    (rc = store_rest(c, root, *log_id, &mp)) != SL_OK)
		return rc;
	if ((rc = history_add(c->db, *log_id, "imported", who, holder, unit,
	    NULL, pkg_attr(lg, "level"), arena_printf(c->a,
	    "%s, stafettlogg %s (%s)", pkg_attr(root, "municipality"),
	    pkg_attr(lg, "id"), pkg_attr(root, "created")))) != SL_OK)
		return rc;
	return ctx_audit(c, "import-log", *log_id, arena_printf(c->a,
	    "holder:%s", holder), arena_printf(c->a, "%s log %s",
	    pkg_attr(root, "municipality"), pkg_attr(lg, "id")));
}

enum sl_err
exchange_import(struct ctx *c, const struct package *p, const char *holder,
    const char *unit, long long *log_id)
{
	enum sl_err	 rc = SL_ESYS;
	int		 attempt;

	*log_id = 0;
	for (attempt = 0; attempt < 3; attempt++) {
		if ((rc = db_begin(c->db)) != SL_OK)
			return rc;
		rc = store(c, p, holder, unit, log_id);
		if (rc == SL_OK)
			rc = db_commit(c->db);
		if (rc == SL_OK)
			return SL_OK;
		db_rollback(c->db);
		*log_id = 0;
		/*
		 * A deadlock or a race on a unique key (the child's active
		 * log, a new category): try again; the next attempt sees an
		 * active log and says so.
		 */
		if (rc != SL_ECONFLICT)
			return rc;
	}
	return rc;
}

void
exchange_limits(const struct ctx *c, struct pkg_limits *lim)
{
	char	 day[11];

	date_today(&lim->today_y, &lim->today_m, &lim->today_d, day);
	lim->max_bytes = (size_t)c->cfg->max_package;
	lim->max_file = (size_t)c->cfg->max_upload;
}

/* --- the commands ------------------------------------------------------- */

static void
cli_usage(void)
{
	fprintf(stderr,
	    "usage: stafettlogg export -c FILE --log N --out FILE\n"
	    "       stafettlogg import -c FILE --in FILE --holder UID --unit ID\n");
}

/* Read at most max bytes of path into *out (malloc'd); SL_ETOOBIG beyond. */
static enum sl_err
read_file(const char *path, size_t max, char **out, size_t *len)
{
	FILE	*fp;
	char	*b;
	size_t	 n;
	long	 end;

	*out = NULL;
	if ((fp = fopen(path, "rb")) == NULL)
		return SL_ENOTFOUND;
	/* Refused by its size before anything is read. */
	if (fseek(fp, 0, SEEK_END) != 0 || (end = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return SL_ESYS;
	}
	if ((size_t)end > max) {
		fclose(fp);
		*len = (size_t)end;
		return SL_ETOOBIG;
	}
	if ((b = malloc((size_t)end + 1)) == NULL) {
		fclose(fp);
		return SL_ENOMEM;
	}
	n = fread(b, 1, (size_t)end + 1, fp);
	fclose(fp);
	if (n > (size_t)end) {	/* it grew meanwhile */
		free(b);
		return SL_ETOOBIG;
	}
	*out = b;
	*len = n;
	return SL_OK;
}

int
exchange_cli(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "log", required_argument, NULL, 'l' },
		{ "out", required_argument, NULL, 'o' },
		{ "in", required_argument, NULL, 'i' },
		{ "holder", required_argument, NULL, 'H' },
		{ "unit", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	 cfg;
	struct ctx	 c;
	struct package	 p;
	struct pkg_limits lim;
	struct buf	 b;
	struct passwd	*pw;
	const char	*conf = NULL, *logs = NULL, *outp = NULL, *inp = NULL;
	const char	*holder = NULL, *unit = NULL, *key, *errstr;
	char		 err[1024], *data = NULL;
	size_t		 len = 0;
	long long	 log_id = 0;
	int		 ch, status = 1, exp;
	FILE		*fp;
	enum sl_err	 rc = SL_ESYS;

	memset(&c, 0, sizeof(c));
	memset(&p, 0, sizeof(p));
	buf_init(&b);
	exp = strcmp(argv[1], "export") == 0;
	optind = 2;
	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'l':
			logs = optarg;
			break;
		case 'o':
			outp = optarg;
			break;
		case 'i':
			inp = optarg;
			break;
		case 'H':
			holder = optarg;
			break;
		case 'u':
			unit = optarg;
			break;
		default:
			cli_usage();
			return 2;
		}
	}
	if (conf == NULL || optind != argc || (exp && (logs == NULL ||
	    outp == NULL || inp != NULL || holder != NULL || unit != NULL)) ||
	    (!exp && (inp == NULL || holder == NULL || unit == NULL ||
	    logs != NULL || outp != NULL)) ||
	    (exp && parse_ll(logs, 1, 1LL << 53, &log_id, &errstr) != SL_OK)) {
		cli_usage();
		return 2;
	}
	log_init("stafettlogg", 0);
	xmlInitParser();
	config_defaults(&cfg);
	if (config_load(&cfg, conf, err, sizeof(err)) != 0) {
		fprintf(stderr, "stafettlogg: %s\n", err);
		return 1;
	}
	c.cfg = &cfg;
	c.path = "";
	c.lang = cfg.default_lang;
	pw = getpwuid(getuid());
	if ((c.a = arena_new()) == NULL ||
	    (c.remote = arena_printf(c.a, "cli:%s", pw != NULL ?
	    pw->pw_name : "?")) == NULL) {
		rc = SL_ENOMEM;
		goto fail;
	}
	if (exp) {
		if (render_load(&cfg, err, sizeof(err)) != SL_OK) {
			fprintf(stderr, "stafettlogg: %s\n", err);
			goto out;
		}
		if ((rc = db_open(&cfg, &c.db)) != SL_OK ||
		    (rc = db_ensure(c.db)) != SL_OK ||
		    (rc = exchange_export(&c, log_id, &b)) != SL_OK)
			goto fail;
		if ((fp = fopen(outp, "wbx")) == NULL) {
			fprintf(stderr, "stafettlogg: export: cannot create %s"
			    " (it must not exist)\n", outp);
			goto out;
		}
		if (fwrite(b.data, 1, b.len, fp) != b.len) {
			fclose(fp);
			rc = SL_ESYS;
			goto fail;
		}
		if (fclose(fp) != 0) {
			rc = SL_ESYS;
			goto fail;
		}
		printf("exported log %lld to %s (%zu bytes); the log is"
		    " unchanged here: close or delete it through the usual"
		    " steps once the other municipality has imported it\n",
		    log_id, outp, b.len);
		status = 0;
		goto out;
	}
	if (package_schema_load(cfg.schema_dir, err, sizeof(err)) != SL_OK) {
		fprintf(stderr, "stafettlogg: %s\n", err);
		goto out;
	}
	exchange_limits(&c, &lim);
	if ((rc = read_file(inp, lim.max_bytes, &data, &len)) == SL_ETOOBIG) {
		fprintf(stderr, "stafettlogg: import refused: %s is larger than"
		    " max_package (%zu bytes); nothing was read or stored\n",
		    inp, lim.max_bytes);
		goto out;
	}
	if (rc != SL_OK) {
		fprintf(stderr, "stafettlogg: import: cannot read %s\n", inp);
		goto out;
	}
	if ((rc = package_read(data, len, &lim, &p, &key, err, sizeof(err))) !=
	    SL_OK) {
		fprintf(stderr, "stafettlogg: import refused (%s): %s; nothing"
		    " was stored\n", key != NULL ? key : sl_strerror(rc), err);
		goto out;
	}
	if ((rc = db_open(&cfg, &c.db)) != SL_OK ||
	    (rc = db_ensure(c.db)) != SL_OK)
		goto fail;
	rc = exchange_import(&c, &p, holder, unit, &log_id);
	if (rc == SL_ECONFLICT) {
		fprintf(stderr, "stafettlogg: import refused: the child already"
		    " has an active log here; nothing was stored\n");
		goto out;
	}
	if (rc == SL_EFORBIDDEN) {
		fprintf(stderr, "stafettlogg: import refused: %s may not hold"
		    " logs in unit %s (or is not in it); nothing was stored\n",
		    holder, unit);
		goto out;
	}
	if (rc != SL_OK)
		goto fail;
	printf("imported as log %lld, held by %s in %s\n", log_id, holder,
	    unit);
	status = 0;
	goto out;
fail:
	fprintf(stderr, "stafettlogg: %s failed: %s\n", exp ? "export" :
	    "import", sl_strerror(rc));
out:
	package_free(&p);
	package_schema_free();
	free(data);
	buf_free(&b);
	db_close(c.db);
	arena_free(c.a);
	if (exp)
		render_free();
	return status;
}
