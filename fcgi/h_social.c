/*
 * h_social.c - what everyone with access may add: bright spots (and
 * their author may edit them), notes with an optional PDF, and the
 * download of attachments.
 */
#include <string.h>

#include "form.h"
#include "handlers.h"
#include "logfacts.h"
#include "notice.h"
#include "view.h"

#define BRIGHT_MAX 2000
#define NOTE_MAX 8000

enum sl_err
h_bright_add(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	const char	*text;
	enum sl_err	 rc;
	long long	 id = 0;

	if ((rc = logfacts_require(c, c->id[0], LA_ADD_BRIGHT, &lc)) != SL_OK)
		return rc;
	form_init(&f, c);
	text = form_text(&f, "text", BRIGHT_MAX, 1);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "add-bright-spot", "log");
	TX_BEGIN(c)
	rc = db_exec(c->db, "INSERT INTO bright_spot (log_id, author_uid,"
	    " author_name, text, created_at) VALUES (?, ?, ?, ?,"
	    " UTC_TIMESTAMP())", "isss", lc.id, c->sess.uid, c->sess.name,
	    text);
	if (rc == SL_OK) {
		id = (long long)db_insert_id(c->db);
		rc = ctx_audit(c, "add-bright-spot", lc.id, arena_printf(c->a,
		    "bright-spot:%lld", id), NULL);
	}
	/* The family is told (not the family member who posted it). */
	if (rc == SL_OK)
		rc = notice_family(c->db, c->a, NK_BRIGHT_SPOT, lc.id,
		    arena_printf(c->a, "bright-spot:%lld", id),
		    c->cfg->consent_age, c->sess.family ? c->sess.pid : NULL);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld#bright-spots",
	    lc.id));
}

enum sl_err
h_bright_edit(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	struct item_facts it;
	struct dbrows	*r;
	const char	*text;
	enum sl_err	 rc;
	long long	 id = c->id[0], log_id;

	if ((rc = db_query(c->db, c->a, &r, "SELECT log_id, author_uid FROM"
	    " bright_spot WHERE id = ?", "i", id)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	log_id = dbrows_ll(r, 0, 0);
	if ((rc = logfacts_load(c, log_id, &lc)) != SL_OK)
		return rc;
	memset(&it, 0, sizeof(it));
	it.author = strcmp(dbrows_get(r, 0, 1), c->sess.uid) == 0;
	if ((rc = policy_log(&lc.f, LA_EDIT_BRIGHT, &it)) != SL_OK)
		return rc;
	form_init(&f, c);
	text = form_text(&f, "text", BRIGHT_MAX, 1);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "edit-bright-spot",
		    arena_printf(c->a, "bright-spot-%lld", id));
	TX_BEGIN(c)
	rc = db_exec(c->db, "UPDATE bright_spot SET text = ?, updated_at ="
	    " UTC_TIMESTAMP() WHERE id = ? AND author_uid = ?", "sis", text,
	    id, c->sess.uid);
	if (rc == SL_OK)
		rc = ctx_audit(c, "edit-bright-spot", lc.id, arena_printf(c->a,
		    "bright-spot:%lld", id), NULL);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld#bright-spots",
	    lc.id));
}

enum sl_err
h_note_add(struct ctx *c)
{
	struct logctx	 lc;
	struct form	 f;
	struct item_facts it;
	struct dbrows	*r;
	const struct upload *pdf;
	const char	*text;
	long long	 concern = 0, att = 0, id = 0;
	int		 priv;
	enum sl_err	 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_ADD_NOTE, &lc)) != SL_OK)
		return rc;
	form_init(&f, c);
	text = form_text(&f, "text", NOTE_MAX, 1);
	priv = form_bool(&f, "private");
	if (form_id(&f, "concern", 0, &concern) == 1) {
		/* Only a concern of this log that the author may see. */
		if ((rc = db_query(c->db, c->a, &r, "SELECT category_id, status"
		    " FROM concern WHERE id = ? AND log_id = ?", "ii", concern,
		    lc.id)) != SL_OK)
			return rc;
		if (r->nrows != 1)
			form_fail(&f, "concern", "field.invalid", NULL);
		else {
			logfacts_concern(&lc, concern, dbrows_ll(r, 0, 0),
			    strcmp(dbrows_get(r, 0, 1), "active") == 0, &it);
			if (policy_log(&lc.f, LA_VIEW_CONCERN, &it) != SL_OK)
				form_fail(&f, "concern", "field.invalid", NULL);
		}
	}
	if ((pdf = upload_get(&f, "attachment")) != NULL && !pdf_ok(pdf))
		form_fail(&f, "attachment", "field.attachment.not-pdf", NULL);
	if (f.nerr > 0)
		return log_form_errors(c, &lc, &f, "add-note", "log");
	TX_BEGIN(c)
	rc = SL_OK;
	if (pdf != NULL)
		rc = attachment_store(c, lc.id, pdf, &att);
	if (rc == SL_OK)
		rc = db_exec(c->db, "INSERT INTO note (log_id, concern_id,"
		    " author_uid, author_name, text, private, attachment_id,"
		    " created_at) VALUES (?, NULLIF(?, 0), ?, ?, ?, ?,"
		    " NULLIF(?, 0), UTC_TIMESTAMP())", "iisssii", lc.id, concern,
		    c->sess.uid, c->sess.name, text, (long long)priv, att);
	if (rc == SL_OK) {
		id = (long long)db_insert_id(c->db);
		rc = ctx_audit(c, "add-note", lc.id, arena_printf(c->a,
		    "note:%lld", id), priv ? "private" : NULL);
	}
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld#notes", lc.id));
}

/* A download name with only safe characters (no header injection). */
static char *
safe_name(struct ctx *c, const char *name)
{
	char	*s = arena_strdup(c->a, name != NULL ? name : "vedlegg.pdf");
	size_t	 i;

	if (s == NULL)
		return NULL;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		    s[i] == '-' || s[i] == '_'))
			s[i] = '_';
	return s;
}

enum sl_err
h_attachment(struct ctx *c)
{
	struct logctx	 lc;
	struct item_facts it;
	struct dbrows	*r, *n;
	enum sl_err	 rc;
	long long	 id = c->id[0], log_id;
	int		 ok = 0;

	if ((rc = log_of(c, "attachment", id, &log_id)) != SL_OK ||
	    (rc = logfacts_require(c, log_id, LA_VIEW, &lc)) != SL_OK ||
	    (rc = policy_log(&lc.f, LA_VIEW_ATTACHMENT, NULL)) != SL_OK)
		return rc;
	/* A consent form: details; a note's file: the note's visibility. */
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM consent WHERE"
	    " attachment_id = ?", "i", id)) != SL_OK)
		return rc;
	if (r->nrows > 0 && policy_log(&lc.f, LA_VIEW_DETAILS, NULL) == SL_OK)
		ok = 1;
	if (!ok) {
		if ((rc = db_query(c->db, c->a, &n, "SELECT n.author_uid,"
		    " n.private, n.concern_id, k.category_id, k.status"
		    " FROM note n LEFT JOIN concern k ON k.id = n.concern_id"
		    " WHERE n.attachment_id = ?", "i", id)) != SL_OK)
			return rc;
		if (n->nrows == 1) {
			struct item_facts ci;
			memset(&it, 0, sizeof(it));
			it.author = strcmp(dbrows_get(n, 0, 0),
			    c->sess.uid) == 0;
			it.private_note = strcmp(dbrows_get(n, 0, 1), "1") == 0;
			it.concern_visible = -1;
			if (dbrows_get(n, 0, 2) != NULL) {
				logfacts_concern(&lc, dbrows_ll(n, 0, 2),
				    dbrows_ll(n, 0, 3),
				    strcmp(dbrows_get(n, 0, 4), "active") == 0,
				    &ci);
				it.concern_visible = policy_log(&lc.f,
				    LA_VIEW_CONCERN, &ci) == SL_OK;
			}
			ok = policy_log(&lc.f, LA_VIEW_NOTE, &it) == SL_OK;
		}
	}
	if (!ok)
		return SL_ENOTFOUND;
	if ((rc = db_query(c->db, c->a, &r, "SELECT filename, data FROM"
	    " attachment WHERE id = ?", "i", id)) != SL_OK)
		return rc;
	if ((rc = ctx_audit(c, "read-attachment", lc.id, arena_printf(c->a,
	    "attachment:%lld", id), NULL)) != SL_OK)
		return rc;
	c->raw = dbrows_get(r, 0, 1);
	c->rawlen = r->len[1];
	c->raw_ctype = "application/pdf";
	c->raw_name = safe_name(c, dbrows_get(r, 0, 0));
	c->status = 200;
	return SL_OK;
}
