/*
 * archive.c - archive copies of logs (PDF/A-2b), made by the system.
 *
 * A copy is the whole log as the log page's code builds it for its
 * holder (private notes are their authors' alone and are never in it),
 * with the history of holders, consents and grants and the readers,
 * printed as "archive" by xslt/print.xsl.  It is made when the log is set
 * passive (h_family.c), transferred or deleted (issue 7 calls
 * archive_make), and once a year on the log's anniversary by
 * `stafettlogg archive` from a timer: the table's unique key (log, year)
 * makes a second copy for one year impossible.
 */
#include <stdio.h>
#include <string.h>

#include "archive.h"
#include "crypto.h"
#include "form.h"
#include "handlers.h"
#include "logfacts.h"
#include "pdf.h"
#include "render.h"
#include "view.h"

static const char *const reasons[] = { "passive", "transfer", "yearly",
    "delete", NULL };

enum sl_err
archive_make_on(struct ctx *c, long long log_id, const char *reason,
    const char *today, int *made)
{
	struct ctx	 s;
	struct logctx	 lc;
	struct buf	 b;
	struct dbrows	*r;
	char		 day[11], sha[65], yearbuf[8], *by;
	const char	*errstr, *year = NULL;
	long long	 y = 0;
	int		 yy, mm, dd, pages = 0, yearly, i;
	enum sl_err	 rc;

	if (made != NULL)
		*made = 0;
	for (i = 0; reasons[i] != NULL && strcmp(reasons[i], reason) != 0; i++)
		;
	if (reasons[i] == NULL)
		return SL_EINPUT;
	yearly = strcmp(reason, "yearly") == 0;
	if (today == NULL) {
		date_today(&yy, &mm, &dd, day);
		today = day;
	}
	if (yearly) {
		if (date_parse(today, &yy, &mm, &dd) != SL_OK ||
		    bsnprintf(yearbuf, sizeof(yearbuf), "%.4s", today) !=
		    SL_OK || parse_ll(yearbuf, 1900, 9999, &y, &errstr) !=
		    SL_OK)
			return SL_EINPUT;
		year = yearbuf;
		if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM archive_copy"
		    " WHERE log_id = ? AND year = ?", "ii", log_id, y)) !=
		    SL_OK)
			return rc;
		if (r->nrows > 0)
			return SL_OK;	/* this year's copy exists */
	}

	/* The system reads the log: no user, no session, no meeting. */
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
	by = arena_printf(c->a, "%s – Stafettlogg", c->cfg->municipality);
	s.sess.name = by;
	buf_init(&b);
	if ((rc = logfacts_load(&s, log_id, &lc)) != SL_OK)
		goto out;
	if (!lc.f.exists) {
		rc = SL_ENOTFOUND;
		goto out;
	}
	/* Everything the holder reads; nobody's private notes. */
	lc.f.holder = 1;
	lc.f.guardian = lc.f.actor = lc.f.grant = lc.f.leader = 0;
	lc.f.meeting = 0;
	if ((rc = log_build_all(&s, &lc)) != SL_OK ||
	    (rc = print_history(&s, &lc, xmlFirstElementChild(s.content))) !=
	    SL_OK ||
	    (rc = print_view(&s, "archive", s.lang, by, reason, y,
	    PDF_ARCHIVAL, &b, &pages)) != SL_OK)
		goto out;
	if ((rc = crypto_sha256_hex(b.data, b.len, sha)) != SL_OK)
		goto out;
	rc = db_exec(c->db, "INSERT INTO archive_copy (log_id, reason, year,"
	    " created_at, pages, size, sha256, data) VALUES (?, ?, ?,"
	    " UTC_TIMESTAMP(), ?, ?, ?, ?)", "issiisb", log_id, reason, year,
	    (long long)pages, (long long)b.len, sha, b.data, b.len);
	if (rc == SL_ECONFLICT && yearly) {
		rc = SL_OK;	/* another run stored this year's copy first */
		goto out;
	}
	if (rc != SL_OK)
		goto out;
	if (made != NULL)
		*made = 1;
	rc = db_exec(c->db, "INSERT INTO audit (at, uid, action, log_id,"
	    " object, detail, remote) VALUES (UTC_TIMESTAMP(3), NULL,"
	    " 'archive-copy', ?, ?, ?, ?)", "isss", log_id,
	    arena_printf(c->a, "archive:%llu", db_insert_id(c->db)),
	    year != NULL ? arena_printf(c->a, "%s %s", reason, year) : reason,
	    c->remote);
out:
	if (rc != SL_OK && rc != SL_ENOTFOUND)
		log_warnx("archive copy of log %lld (%s): %s", log_id, reason,
		    sl_strerror(rc));
	if (s.view != NULL)
		xmlFreeDoc(s.view);
	buf_free(&s.headers);
	buf_free(&b);
	return rc;
}

enum sl_err
archive_make(struct ctx *c, long long log_id, const char *reason)
{
	return archive_make_on(c, log_id, reason, NULL, NULL);
}

enum sl_err
archive_list(struct ctx *c, long long log_id, xmlNodePtr log)
{
	struct dbrows	*r;
	xmlNodePtr	 list, n;
	enum sl_err	 rc;
	size_t		 i;
	static const char *const attrs[] = { "id", "reason", "year",
	    "created", "pages", "size", NULL };

	if ((rc = db_query(c->db, c->a, &r, "SELECT id, reason, year,"
	    " DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), pages, size"
	    " FROM archive_copy WHERE log_id = ? ORDER BY created_at, id",
	    "i", log_id)) != SL_OK)
		return rc;
	list = view_child(log, "archive-copies", NULL);
	for (i = 0; i < r->nrows; i++) {
		n = view_row(list, "copy", r, i, attrs);
		view_attr(n, "href", arena_printf(c->a, "/archive/%s",
		    dbrows_get(r, i, 0)));
	}
	return SL_OK;
}

int
archive_cli(const struct config *cfg, const char *today)
{
	struct ctx	 c;
	struct dbrows	*r;
	struct arena	*list = NULL;
	char		 day[11], err[512];
	int		 y, m, d, made, nyear = 0, npassive = 0, failed = 0;
	size_t		 i;
	enum sl_err	 rc = SL_ENOMEM;

	memset(&c, 0, sizeof(c));
	c.cfg = cfg;
	c.remote = "stafettlogg archive";
	c.path = "";
	if (today == NULL) {
		date_today(&y, &m, &d, day);
		today = day;
	} else if (date_parse(today, &y, &m, &d) != SL_OK) {
		fprintf(stderr, "stafettlogg: archive: %s is not a date"
		    " (YYYY-MM-DD)\n", today);
		return 2;
	} else {
		/*
		 * A day in the past only (a missed run made up for): a day
		 * ahead would make a year's copy before its anniversary and
		 * so block the real one (one copy per log and year).
		 */
		date_today(&y, &m, &d, day);
		if (strcmp(today, day) > 0) {
			fprintf(stderr, "stafettlogg: archive: %s is after today"
			    " (%s): only today or a day before it\n", today, day);
			return 2;
		}
		(void)date_parse(today, &y, &m, &d);
	}
	if (render_load(cfg, err, sizeof(err)) != SL_OK) {
		fprintf(stderr, "stafettlogg: %s\n", err);
		return 1;
	}
	if ((list = arena_new()) == NULL ||
	    (rc = db_open(cfg, &c.db)) != SL_OK ||
	    (rc = db_ensure(c.db)) != SL_OK)
		goto fail;
	/*
	 * Active logs whose anniversary this year is on or before today
	 * and that have no copy for this year; passive logs with no copy
	 * made when they became passive.
	 */
	if ((rc = db_query(c.db, list, &r, "SELECT l.id, 'yearly' FROM log l"
	    " WHERE l.status = 'active' AND YEAR(l.created_at) < YEAR(?)"
	    " AND DATE(l.created_at) + INTERVAL (YEAR(?) -"
	    " YEAR(l.created_at)) YEAR <= ? AND NOT EXISTS (SELECT 1 FROM"
	    " archive_copy a WHERE a.log_id = l.id AND a.year = YEAR(?))"
	    " UNION ALL SELECT l.id, 'passive' FROM log l WHERE"
	    " l.status = 'passive' AND NOT EXISTS (SELECT 1 FROM archive_copy a"
	    " WHERE a.log_id = l.id AND a.reason = 'passive') ORDER BY 1",
	    "ssss", today, today, today, today)) != SL_OK)
		goto fail;
	for (i = 0; i < r->nrows; i++) {
		/* One arena per copy: memory stays flat over many logs. */
		if ((c.a = arena_new()) == NULL) {
			rc = SL_ENOMEM;
			goto fail;
		}
		rc = archive_make_on(&c, dbrows_ll(r, i, 0),
		    dbrows_get(r, i, 1), today, &made);
		arena_free(c.a);
		c.a = NULL;
		if (rc != SL_OK) {
			failed++;
			continue;
		}
		if (made && strcmp(dbrows_get(r, i, 1), "yearly") == 0)
			nyear++;
		else if (made)
			npassive++;
	}
	printf("archive %s: %d yearly copies, %d copies of passive logs made,"
	    " %d failed\n", today, nyear, npassive, failed);
	db_close(c.db);
	arena_free(list);
	render_free();
	return failed > 0 ? 1 : 0;
fail:
	fprintf(stderr, "stafettlogg: archive failed: %s\n", sl_strerror(rc));
	db_close(c.db);
	arena_free(list);
	render_free();
	return 1;
}
