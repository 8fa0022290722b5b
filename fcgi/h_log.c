/*
 * h_log.c - the log page: everything of one log that the user may see,
 * and the actions the user may take on it; meeting mode.
 *
 * Policy is asked for every part before it is read; what a user may
 * not see never enters the view.  Every view is written to the audit.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "form.h"
#include "handlers.h"
#include "ldap_dir.h"
#include "lifecycle.h"
#include "logcache.h"
#include "logfacts.h"
#include "render.h"
#include "session.h"
#include "view.h"

static const char *
role_name(const struct logctx *lc)
{
	if (lc->f.holder)
		return "holder";
	if (lc->f.guardian)
		return "guardian";
	if (lc->f.actor)
		return "actor";
	if (lc->f.grant)
		return "grant";
	if (lc->f.leader)
		return "leader";
	return "receiver";
}

static char *
forid(struct ctx *c, const char *kind, const char *id)
{
	return arena_printf(c->a, "%s-%s", kind, id);
}

static xmlNodePtr
action_for(struct ctx *c, const char *name, const char *href,
    const char *for_)
{
	xmlNodePtr	 a;

	a = view_action(c, name, "POST", href, NULL);
	view_attr(a, "for", for_);
	view_attr(a, "return", c->path);
	return a;
}

static void
option_label(xmlNodePtr field, const char *value, const char *label)
{
	xmlNodePtr	 o;

	o = view_child(field, "option", NULL);
	view_attr(o, "value", value);
	view_attr(o, "label", label);
}

/*
 * The actor select: staff (at level 1 only those of the log's unit),
 * the guardians together and one by one, and the child.
 */
static void
actor_options(struct ctx *c, xmlNodePtr f, const struct dbrows *staff,
    const struct dbrows *guardians, const char *child, long long level)
{
	size_t	 i;

	for (i = 0; i < staff->nrows; i++) {
		if (level <= 1 && !dbrows_true(staff, i, 3))
			continue;	/* level 1: within the log's unit */
		option_label(f, arena_printf(c->a, "staff:%s",
		    dbrows_get(staff, i, 0)), arena_printf(c->a, "%s (%s)",
		    dbrows_get(staff, i, 1), dbrows_get(staff, i, 2) ?
		    dbrows_get(staff, i, 2) : "-"));
	}
	if (guardians->nrows > 0)
		view_attr(view_child(f, "option", NULL), "value", "guardians");
	for (i = 0; i < guardians->nrows; i++)
		option_label(f, arena_printf(c->a, "guardian:%s",
		    dbrows_get(guardians, i, 0)), dbrows_get(guardians, i, 1));
	option_label(f, "child", child);
}

/*
 * Staff to choose as actors and readers: the log's unit, and whoever
 * already acts or reads in it; the fourth column says who works in the
 * log's unit.  At levels 2-3 others are named by user name (a field
 * beside the list): a list of every employee of the municipality would
 * not fit on the page.
 */
static enum sl_err
staff_choices(struct ctx *c, const struct logctx *lc, struct dbrows **out)
{
	/*
	 * Meeting mode: only who is already in the plan (the holder and the
	 * active actors), never the readers; anyone else would get access.
	 */
	if (lc->f.meeting)
		return db_query(c->db, c->a, out, "SELECT s.uid, s.name,"
		    " MIN(u.name) FROM (SELECT ? AS uid UNION SELECT actor_uid"
		    " FROM measure WHERE log_id = ? AND actor_uid IS NOT NULL"
		    " AND status = 'active') x JOIN staff s ON s.uid = x.uid"
		    " LEFT JOIN staff_unit su ON su.uid = s.uid"
		    " LEFT JOIN unit u ON u.id = su.unit_id"
		    " GROUP BY s.uid, s.name ORDER BY s.name LIMIT 300",
		    "si", lc->holder_uid, lc->id);
	return db_query(c->db, c->a, out, "SELECT s.uid, s.name,"
	    " MIN(u.name), MAX(su.unit_id = ?)"
	    " FROM (SELECT uid FROM staff_unit WHERE"
	    " unit_id = ? UNION SELECT actor_uid FROM measure"
	    " WHERE log_id = ? AND actor_uid IS NOT NULL UNION"
	    " SELECT uid FROM read_grant WHERE log_id = ? AND"
	    " revoked_at IS NULL) x JOIN staff s ON s.uid = x.uid"
	    " LEFT JOIN staff_unit su ON su.uid = s.uid"
	    " LEFT JOIN unit u ON u.id = su.unit_id"
	    " GROUP BY s.uid, s.name ORDER BY s.name LIMIT 300",
	    "ssii", lc->unit_id, lc->unit_id, lc->id, lc->id);
}

static void
select_opts(xmlNodePtr f, const char *const *vals)
{
	for (; *vals != NULL; vals++)
		view_option(f, *vals);
}

static const char *const kinds[] = { "service", "home", "child", NULL };

/* Attribute names of the view, column by column of the queries below. */
static const char *const guardian_attrs[] = { "id", "name", "email", "phone",
    NULL };
static const char *const consent_attrs[] = { "id", "given-by",
    "given-by-name", "given-at", "expires", NULL };
static const char *const concern_attrs[] = { "id", "category-id", "category",
    "status", "registered", "discussed-leader", "discussed-guardians",
    "discussed-child", NULL };
static const char *const bright_attrs[] = { "id", "", "author-name",
    "created", "updated", NULL };
static const char *const note_attrs[] = { "id", "concern-id", "",
    "author-name", "created", NULL };
static const char *const meeting_attrs[] = { "id", "at", "place", "", "",
    "cancelled", NULL };
static const char *const grant_attrs[] = { "id", "uid", "name", "scope",
    "history", "expires", NULL };
static const char *const reader_attrs[] = { "", "name", "last", "count",
    NULL };
static const char *const decisions[] = { "continue", "change", "end", NULL };
static const char *const effective[] = { "1", "0", NULL };
static const char *const statuses[] = { "active", "closed", NULL };
static const char *const scopes[] = { "all", "categories", "concerns", NULL };
static const char *const histories[] = { "all", "active", NULL };

/*
 * The log page (GET /logs/N)
 * ==========================
 *
 * log_page() builds it section by section, in the order of the page;
 * each section function reads its own rows, asks policy, and writes its
 * part of <log> and the actions that belong to it:
 *
 *   page_head       <log> and <child>
 *   sec_family      identity number, address, guardians, consents
 *   sec_concerns    concerns, measures (build_measure), steps,
 *                   evaluations; add-concern
 *   sec_bright      bright spots, newest first, one page; add-bright-spot
 *   sec_notes       notes, one page; add-note
 *   sec_meetings    meetings; add-meeting
 *   sec_access      read grants; add-grant
 *   sec_readers     who has read the log (table log_reader), one page
 *   sec_print       the PDFs to print, the archive copies (h_print.c)
 *   page_tail       categories, meeting mode, withdrawing consent,
 *                   navigation; then the read goes to the audit
 *
 * Bounded however large the log grows: bright spots, notes and readers
 * come BRIGHT_PAGE, NOTES_PAGE and READERS_PAGE at a time, newest first,
 * with a link to the older ones (?bright-spots-before=ID, ?notes-before=ID
 * keyed by the last one shown; ?readers-page=N).  The whole log remains in
 * the database (and its archive).  A print of the log (log_build_all:
 * the PDFs, the archive copy) has no pages: every bright spot and note,
 * the readers up to READERS_ALL.
 *
 * Forms that would be repeated per object (the evaluation and the text
 * correction of each measure, the correction of each bright spot) and the
 * read-grant form with its list of people are shown in full only when
 * asked for, ?open=NAME.FOR (e.g. ?open=evaluate.measure-7): elsewhere
 * the same action is a GET link to the page with that form open.  A form
 * sent back with errors (log_form_errors) is the open one.
 */
#define BRIGHT_PAGE	20
#define NOTES_PAGE	20
#define READERS_PAGE	20
#define PRINT_ALL	1000000	/* bright spots, notes: all of them */
#define READERS_ALL	200

/* Actions shown as a link unless the page is asked to open them. */
static const char *const openable[] = { "evaluate", "edit-measure",
    "edit-bright-spot", "add-grant", "transfer", NULL };

struct logpage {
	struct ctx	*c;
	struct logctx	*lc;
	xmlNodePtr	 log;		/* <log> */
	xmlNodePtr	 child;		/* <child> */
	const char	*href;		/* /logs/N */
	int		 write;		/* the plan may be written (holder) */
	int		 see_concerns;	/* the role sees some concerns */
	struct dbrows	*cat;		/* active categories, when write */
	struct dbrows	*con;		/* the log's concerns, when seen */
	long long	*visible;	/* of those, what policy shows */
	size_t		 nvisible;
	const char	*open_name;	/* the form shown in full, or NULL */
	const char	*open_for;
	long long	 bright_before;	/* paging: 0 is the newest page */
	long long	 notes_before;
	long long	 readers_page;	/* 1 is the newest */
	int		 all;		/* a print: no paging (log_build_all) */
	time_t		 minute;	/* of the request: in the cache key */
};

/* A positive number from q, 0 when absent; SL_EINPUT when bad. */
static enum sl_err
query_num(const struct kvlist *q, const char *name, long long max,
    long long *out)
{
	const char	*v = kv_get(q, name), *errstr;

	*out = 0;
	if (v == NULL)
		return SL_OK;
	return parse_ll(v, 1, max, out, &errstr) == SL_OK ? SL_OK : SL_EINPUT;
}

/*
 * The page's parameters: paging and ?open=NAME.FOR.  A form sent back
 * with errors (log_form_errors: name, for_) is the open one, on the page
 * it was posted from (the paging of its _return, e.g. an older bright
 * spot corrected).
 */
static enum sl_err
page_params(struct logpage *p, const char *name, const char *for_)
{
	struct ctx	*c = p->c;
	const struct kvlist *q = &c->query;
	struct kvlist	 ret;
	const char	*o, *dot, *r;
	size_t		 i, n = strlen(p->href);
	enum sl_err	 rc;

	memset(&ret, 0, sizeof(ret));
	if (name != NULL && (r = kv_get(&c->form, "_return")) != NULL &&
	    strncmp(r, p->href, n) == 0 && r[n] == '?') {
		if (http_parse_urlencoded(c->a, r + n + 1, strlen(r + n + 1),
		    &c->limits, &ret) != SL_OK)
			memset(&ret, 0, sizeof(ret));
		q = &ret;
	}
	if ((rc = query_num(q, "bright-spots-before", 1LL << 53,
	    &p->bright_before)) != SL_OK ||
	    (rc = query_num(q, "notes-before", 1LL << 53,
	    &p->notes_before)) != SL_OK ||
	    (rc = query_num(q, "readers-page", 1000000, &p->readers_page)) !=
	    SL_OK) {
		if (name == NULL)
			return rc;
		/* a _return we did not write: the newest page */
		p->bright_before = p->notes_before = p->readers_page = 0;
	}
	if (p->readers_page == 0)
		p->readers_page = 1;
	if (name != NULL) {
		p->open_name = name;
		p->open_for = for_ != NULL ? for_ : "";
		return SL_OK;
	}
	if ((o = kv_get(&c->query, "open")) == NULL)
		return SL_OK;
	if ((dot = strchr(o, '.')) == NULL)
		return SL_EINPUT;
	for (i = 0; openable[i] != NULL; i++)
		if (strlen(openable[i]) == (size_t)(dot - o) &&
		    strncmp(openable[i], o, (size_t)(dot - o)) == 0)
			break;
	if (openable[i] == NULL)
		return SL_EINPUT;
	p->open_name = openable[i];
	p->open_for = dot + 1;
	return SL_OK;
}

/*
 * /logs/N with paging bb (bright spots), nb (notes), rp (readers; 0 or 1
 * is the first page), the form to open (NULL: none) and a fragment (NULL:
 * none).  NULL when out of memory (view_attr then sets nothing).
 */
static char *
page_href(const struct logpage *p, long long bb, long long nb, long long rp,
    const char *open, const char *frag)
{
	struct arena	*a = p->c->a;
	const char	*q = "";

	if (bb > 0 && q != NULL)
		q = arena_printf(a, "%s&bright-spots-before=%lld", q, bb);
	if (nb > 0 && q != NULL)
		q = arena_printf(a, "%s&notes-before=%lld", q, nb);
	if (rp > 1 && q != NULL)
		q = arena_printf(a, "%s&readers-page=%lld", q, rp);
	if (open != NULL && q != NULL)
		q = arena_printf(a, "%s&open=%s", q, open);
	if (q == NULL)
		return NULL;
	return arena_printf(a, "%s%s%s%s%s", p->href, *q != '\0' ? "?" : "",
	    *q != '\0' ? q + 1 : "", frag != NULL ? "#" : "",
	    frag != NULL ? frag : "");
}

/* This page with its paging, opening form open (NULL: none) at frag. */
static char *
here(const struct logpage *p, const char *open, const char *frag)
{
	return page_href(p, p->bright_before, p->notes_before, p->readers_page,
	    open, frag);
}

/*
 * An openable action (name for for_, posted to href): the form when this
 * page opens it - returned, for its fields - else a GET link to this page
 * with it open, scrolled to frag (NULL returned: no fields to add).
 */
static xmlNodePtr
offer_form(struct logpage *p, const char *name, const char *href,
    const char *for_, const char *frag)
{
	struct ctx	*c = p->c;
	const char	*open = arena_printf(c->a, "%s.%s", name, for_);
	xmlNodePtr	 a;

	if (p->open_name != NULL && strcmp(p->open_name, name) == 0 &&
	    strcmp(p->open_for, for_) == 0) {
		a = view_action(c, name, "POST", href, here(p, open, NULL));
		view_attr(a, "for", for_);
		view_attr(a, "open", "1");
		return a;
	}
	a = view_action(c, name, "GET", here(p, open, frag), NULL);
	view_attr(a, "for", for_);
	return NULL;
}

/*
 * The rows of the plan query (sec_concerns): one per measure and step
 * (a measure without steps has one row, its step columns NULL), ordered
 * by concern, measure and step; the evaluation (at most one per measure)
 * in the columns P_EV_*.
 */
enum {
	P_ID, P_CONCERN, P_KIND, P_ACTOR_KIND, P_ACTOR_NAME, P_STATUS,
	P_START, P_EVALUATE_BY, P_TEXT, P_REPLACES, P_EDIT_UNTIL, P_EDITABLE,
	P_PAST_DUE, P_EV_MEASURE, P_EV_EFFECTIVE, P_EV_DECISION,
	P_EV_CREATED, P_EV_BY, P_EV_FAMILY_VIEW, P_STEP_POS, P_STEP_TEXT
};

/* The first row after the rows of the measure at row j. */
static size_t
measure_end(const struct dbrows *plan, size_t j)
{
	const char	*mid = dbrows_get(plan, j, P_ID);
	size_t		 k;

	for (k = j + 1; k < plan->nrows &&
	    strcmp(dbrows_get(plan, k, P_ID), mid) == 0; k++)
		;
	return k;
}

/*
 * One measure (rows j to end of plan) under concern node cn: its steps,
 * its evaluation, and for the holder the actions on it.
 */
static void
build_measure(struct logpage *p, xmlNodePtr cn, const struct dbrows *plan,
    size_t j, size_t end)
{
	struct ctx	*c = p->c;
	const char	*mid = dbrows_get(plan, j, P_ID);
	const char	*st = dbrows_get(plan, j, P_STATUS);
	int		 active = strcmp(st, "active") == 0;
	int		 evaluated, editable;
	xmlNodePtr	 m, sl = NULL, e, a;
	char		*mfor;
	size_t		 k;

	m = view_child(cn, "measure", NULL);
	view_attr(m, "id", mid);
	view_attr(m, "kind", dbrows_get(plan, j, P_KIND));
	view_attr(m, "actor-kind", dbrows_get(plan, j, P_ACTOR_KIND));
	view_attr(m, "actor-name", strcmp(dbrows_get(plan, j, P_ACTOR_KIND),
	    "child") == 0 ? p->lc->child_name :
	    dbrows_get(plan, j, P_ACTOR_NAME));
	view_attr(m, "status", st);
	view_attr(m, "start", dbrows_get(plan, j, P_START));
	view_attr(m, "evaluate-by", dbrows_get(plan, j, P_EVALUATE_BY));
	view_attr(m, "replaces", dbrows_get(plan, j, P_REPLACES));
	evaluated = dbrows_get(plan, j, P_EV_MEASURE) != NULL;
	editable = active && dbrows_true(plan, j, P_EDITABLE);
	view_attr(m, "overdue", active && !evaluated &&
	    dbrows_true(plan, j, P_PAST_DUE) ? "1" : "0");
	if (editable)
		view_attr(m, "editable-until", dbrows_get(plan, j, P_EDIT_UNTIL));
	view_child(m, "text", dbrows_get(plan, j, P_TEXT));
	for (k = j; k < end; k++) {
		if (dbrows_get(plan, k, P_STEP_POS) == NULL)
			continue;
		if (sl == NULL)
			sl = view_child(m, "steps", NULL);
		view_attr(view_child(sl, "step", dbrows_get(plan, k,
		    P_STEP_TEXT)), "pos", dbrows_get(plan, k, P_STEP_POS));
	}
	if (evaluated) {
		e = view_child(m, "evaluation", NULL);
		view_attr(e, "effective", dbrows_get(plan, j, P_EV_EFFECTIVE));
		view_attr(e, "decision", dbrows_get(plan, j, P_EV_DECISION));
		view_attr(e, "created", dbrows_get(plan, j, P_EV_CREATED));
		view_attr(e, "by", dbrows_get(plan, j, P_EV_BY));
		view_child(e, "family-view", dbrows_get(plan, j,
		    P_EV_FAMILY_VIEW));
	}
	if (!p->write || !active)
		return;
	mfor = forid(c, "measure", mid);
	if (editable && (a = offer_form(p, "edit-measure", arena_printf(c->a,
	    "/measures/%s", mid), mfor, mfor)) != NULL)
		view_field(a, "text", "textarea", 1, 4000,
		    dbrows_get(plan, j, P_TEXT));
	if (!evaluated && (a = offer_form(p, "evaluate", arena_printf(c->a,
	    "/measures/%s/evaluation", mid), mfor, mfor)) != NULL) {
		select_opts(view_field(a, "effective", "select", 1, 0, NULL),
		    effective);
		view_field(a, "family-view", "textarea", 1, 4000, NULL);
		select_opts(view_field(a, "decision", "select", 1, 0, NULL),
		    decisions);
	}
	/*
	 * "Wrongly registered" has its own page: its form, with the list of
	 * actors, would else be repeated for every measure of the log.
	 */
	a = view_action(c, "correct-measure", "GET", arena_printf(c->a,
	    "/measures/%s/correction", mid), NULL);
	view_attr(a, "for", mfor);
}

/* <log> with what everyone who sees the log sees, and <child>. */
static void
page_head(struct logpage *p)
{
	struct ctx	*c = p->c;
	struct logctx	*lc = p->lc;
	xmlNodePtr	 log, n;
	int		 y, mo, d;

	date_today(&y, &mo, &d, NULL);
	log = p->log = view_child(c->content, "log", NULL);
	view_attr_ll(log, "id", lc->id);
	view_attr(log, "status", lc->status);
	view_attr_ll(log, "level", lc->level);
	view_attr(log, "created", lc->created_at);
	view_attr(log, "role", role_name(lc));
	view_attr(log, "unit-id", lc->unit_id);
	view_attr(log, "unit-name", lc->unit_name ? lc->unit_name :
	    lc->unit_id);
	view_attr(log, "holder-uid", lc->holder_uid);
	view_attr(log, "holder-name", lc->holder_name ? lc->holder_name :
	    lc->holder_uid);
	if (c->sess.meeting_log == lc->id)
		view_attr(log, "meeting-mode", "1");
	n = p->child = view_child(log, "child", NULL);
	view_attr(n, "name", lc->child_name);
	view_attr(n, "birth-date", lc->birth_date);
	view_attr_ll(n, "age", age_years(lc->birth_date, y, mo, d));
}

/* Identity number, address, guardians, consents: holder and family. */
static enum sl_err
sec_family(struct logpage *p)
{
	struct ctx	*c = p->c;
	struct logctx	*lc = p->lc;
	struct dbrows	*gu, *cs;
	xmlNodePtr	 n, list, m;
	enum sl_err	 rc;
	size_t		 i;

	if (policy_log(&lc->f, LA_VIEW_DETAILS, NULL) != SL_OK)
		return SL_OK;
	n = p->child;
	view_attr(n, "nin", lc->nin);
	if (lc->address != NULL)
		view_child(n, "address", lc->address);
	if ((rc = db_query(c->db, c->a, &gu, "SELECT id, name, email,"
	    " phone FROM guardian WHERE log_id = ? ORDER BY id", "i",
	    lc->id)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &cs, "SELECT c.id, c.given_by,"
	    " c.given_by_name, c.given_at, c.expires_at,"
	    " c.expires_at IS NOT NULL AND c.expires_at < UTC_DATE(),"
	    " c.attachment_id, a.filename, c.scope FROM consent c"
	    " LEFT JOIN attachment a ON a.id = c.attachment_id"
	    " WHERE c.log_id = ? AND c.withdrawn_at IS NULL"
	    " ORDER BY c.id", "i", lc->id)) != SL_OK)
		return rc;
	list = view_child(p->log, "guardians", NULL);
	for (i = 0; i < gu->nrows; i++)
		view_row(list, "guardian", gu, i, guardian_attrs);
	list = view_child(p->log, "consents", NULL);
	for (i = 0; i < cs->nrows; i++) {
		m = view_row(list, "consent", cs, i, consent_attrs);
		view_attr(m, "expired", dbrows_true(cs, i, 5) ? "1" : "0");
		if (dbrows_get(cs, i, 6) != NULL) {
			view_attr(m, "attachment", arena_printf(c->a,
			    "/attachments/%s", dbrows_get(cs, i, 6)));
			view_attr(m, "attachment-name", dbrows_get(cs, i, 7));
		}
		view_child(m, "scope", dbrows_get(cs, i, 8));
	}
	return SL_OK;
}

/*
 * One concern (row i of p->con) when policy shows it: its texts, its
 * measures (for an active-only grant only the active ones), what kinds of
 * measure it lacks, and the holder's links to change it.
 */
static void
build_concern(struct logpage *p, xmlNodePtr list, size_t i,
    const struct dbrows *plan)
{
	struct ctx	*c = p->c;
	struct logctx	*lc = p->lc;
	const struct dbrows *con = p->con;
	struct item_facts it;
	int		 has[3] = { 0, 0, 0 }, active, history_all;
	long long	 conid = dbrows_ll(con, i, 0);
	const char	*cid = dbrows_get(con, i, 0), *kd;
	char		*cfor;
	xmlNodePtr	 cn, a;
	size_t		 j, end;

	active = strcmp(dbrows_get(con, i, 3), "active") == 0;
	logfacts_concern(lc, conid, dbrows_ll(con, i, 1), active, &it);
	if (policy_log(&lc->f, LA_VIEW_CONCERN, &it) != SL_OK)
		return;
	p->visible[p->nvisible++] = conid;
	cn = view_row(list, "concern", con, i, concern_attrs);
	view_child(cn, "description", dbrows_get(con, i, 8));
	view_child(cn, "goal", dbrows_get(con, i, 9));
	view_child(cn, "maintaining", dbrows_get(con, i, 10));
	/* Only active history for an active-only grant. */
	history_all = lc->f.holder || lc->f.guardian || it.actor_here ||
	    !lc->f.grant_active_only;
	for (j = 0; j < plan->nrows; j = end) {
		end = measure_end(plan, j);
		if (strcmp(dbrows_get(plan, j, P_CONCERN), cid) != 0)
			continue;
		if (strcmp(dbrows_get(plan, j, P_STATUS), "active") == 0) {
			kd = dbrows_get(plan, j, P_KIND);
			has[0] |= strcmp(kd, "service") == 0;
			has[1] |= strcmp(kd, "home") == 0;
			has[2] |= strcmp(kd, "child") == 0;
		} else if (!history_all)
			continue;
		build_measure(p, cn, plan, j, end);
	}
	if (active) {
		for (j = 0; j < 3; j++)
			if (!has[j])
				view_attr(view_child(cn, "missing", NULL),
				    "kind", kinds[j]);
	}
	if (!p->write)
		return;
	/*
	 * Changing a concern and adding a measure have pages of their own:
	 * their forms (with the list of actors) would else be repeated for
	 * every concern.
	 */
	cfor = forid(c, "concern", cid);
	a = view_action(c, "edit-concern", "GET", arena_printf(c->a,
	    "/concerns/%s/edit", cid), NULL);
	view_attr(a, "for", cfor);
	if (!active)
		return;
	a = view_action(c, "add-measure", "GET", arena_printf(c->a,
	    "/concerns/%s/measures/new", cid), NULL);
	view_attr(a, "for", cfor);
}

/*
 * Concerns, and the plan under them (measures with their evaluation and
 * steps, one query): only what policy shows.
 */
static enum sl_err
sec_concerns(struct logpage *p)
{
	struct ctx	*c = p->c;
	struct logctx	*lc = p->lc;
	struct dbrows	*plan;
	xmlNodePtr	 list, a, f;
	enum sl_err	 rc;
	size_t		 i;

	p->see_concerns = lc->f.holder || lc->f.guardian || lc->f.actor ||
	    lc->f.grant;
	list = view_child(p->log, "concerns", NULL);
	/*
	 * Say so where the user sees the log but not all its concerns,
	 * without saying how many or which: the leader sees none of them,
	 * an actor or a read grant of chosen concerns, categories or active
	 * history only those it covers.
	 */
	if (!p->see_concerns)
		view_attr(list, "access", "none");
	else if (!lc->f.holder && !lc->f.guardian && !(lc->f.grant &&
	    lc->f.grant_scope == GRANT_ALL && !lc->f.grant_active_only))
		view_attr(list, "access", "partial");
	if (p->see_concerns) {
		if ((rc = db_query(c->db, c->a, &p->con, "SELECT c.id,"
		    " c.category_id, k.name, c.status, c.registered_at,"
		    " c.discussed_leader, c.discussed_guardians,"
		    " c.discussed_child, c.description, c.goal, c.maintaining"
		    " FROM concern c JOIN category k ON k.id = c.category_id"
		    " WHERE c.log_id = ? ORDER BY c.id", "i", lc->id)) != SL_OK ||
		    (rc = db_query(c->db, c->a, &plan, "SELECT m.id,"
		    " m.concern_id, m.kind, m.actor_kind, COALESCE(s.name,"
		    " g.name, m.actor_uid), m.status, m.start_date,"
		    " m.evaluate_by, m.text, m.replaces_id,"
		    " DATE_FORMAT(m.created_at + INTERVAL 8 HOUR,"
		    " '%Y-%m-%dT%H:%i:%sZ'),"
		    " m.created_at > UTC_TIMESTAMP() - INTERVAL 8 HOUR,"
		    " m.evaluate_by < UTC_DATE(), e.measure_id, e.effective,"
		    " e.decision, DATE_FORMAT(e.created_at,"
		    " '%Y-%m-%dT%H:%i:%sZ'), COALESCE(es.name, e.created_by),"
		    " e.family_view, st.pos, st.text FROM measure m"
		    " LEFT JOIN staff s ON s.uid = m.actor_uid"
		    " LEFT JOIN guardian g ON g.id = m.actor_guardian"
		    " LEFT JOIN evaluation e ON e.measure_id = m.id"
		    " LEFT JOIN staff es ON es.uid = e.created_by"
		    " LEFT JOIN measure_step st ON st.measure_id = m.id"
		    " WHERE m.log_id = ? ORDER BY m.concern_id, m.id, st.pos",
		    "i", lc->id)) != SL_OK)
			return rc;
		if (p->con->nrows > 0 && (p->visible = arena_alloc(c->a,
		    p->con->nrows * sizeof(*p->visible))) == NULL)
			return SL_ENOMEM;
		for (i = 0; i < p->con->nrows; i++)
			build_concern(p, list, i, plan);
	}
	if (p->write) {
		a = action_for(c, "add-concern", arena_printf(c->a,
		    "%s/concerns", p->href), "log");
		f = view_field(a, "category", "select", 1, 0, NULL);
		for (i = 0; i < p->cat->nrows; i++)
			option_label(f, dbrows_get(p->cat, i, 0),
			    dbrows_get(p->cat, i, 1));
		view_field(a, "description", "textarea", 1, 4000, NULL);
		view_field(a, "goal", "textarea", 1, 4000, NULL);
		view_field(a, "maintaining", "textarea", 0, 4000, NULL);
		view_field(a, "discussed-leader", "checkbox", 0, 0, NULL);
		view_field(a, "discussed-guardians", "checkbox", 0, 0, NULL);
		view_field(a, "discussed-child", "checkbox", 0, 0, NULL);
	}
	return SL_OK;
}

/*
 * The "created_at" of row id of table (bright_spot, note) in this log:
 * the key of an older page.  SL_ENOTFOUND when there is none.
 */
static enum sl_err
page_anchor(struct logpage *p, const char *sql, long long id,
    const char **at)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	if ((rc = db_query(p->c->db, p->c->a, &r, sql, "ii", id,
	    p->lc->id)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	*at = dbrows_get(r, 0, 0);
	return SL_OK;
}

/*
 * The links from one page of a list (for="bright-spots", "notes",
 * "readers") to the older one (older_href, NULL when there is none) and
 * back to the newest (newest_href, NULL on the newest page).
 */
static void
paging_links(struct logpage *p, const char *list, const char *older_href,
    const char *newest_href)
{
	xmlNodePtr	 a;

	if (older_href != NULL) {
		a = view_action(p->c, arena_printf(p->c->a, "older-%s", list),
		    "GET", older_href, NULL);
		view_attr(a, "for", list);
	}
	if (newest_href != NULL) {
		a = view_action(p->c, arena_printf(p->c->a, "newest-%s", list),
		    "GET", newest_href, NULL);
		view_attr(a, "for", list);
	}
}

/*
 * Bright spots, newest first, BRIGHT_PAGE at a time: everyone who sees
 * the log, the unit leader too.  Their authors may correct them.
 */
static enum sl_err
sec_bright(struct logpage *p)
{
	struct ctx	*c = p->c;
	struct logctx	*lc = p->lc;
	struct dbrows	*bs;
	struct item_facts it;
	xmlNodePtr	 list, m, a;
	enum sl_err	 rc;
	const char	*at = NULL, *bid;
	char		*bfor;
	size_t		 i, n, per = p->all ? PRINT_ALL : BRIGHT_PAGE;

	if (policy_log(&lc->f, LA_VIEW_BRIGHT, NULL) != SL_OK)
		return SL_OK;
	if (p->bright_before > 0 && (rc = page_anchor(p, "SELECT created_at"
	    " FROM bright_spot WHERE id = ? AND log_id = ?", p->bright_before,
	    &at)) != SL_OK)
		return rc;
	if ((rc = db_query(c->db, c->a, &bs, "SELECT id, author_uid,"
	    " author_name, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%sZ'), text"
	    " FROM bright_spot WHERE log_id = ? AND (? IS NULL"
	    " OR created_at < ? OR (created_at = ? AND id < ?))"
	    " ORDER BY created_at DESC, id DESC LIMIT ?", "isssii", lc->id,
	    at, at, at, p->bright_before, (long long)per + 1)) != SL_OK)
		return rc;
	list = view_child(p->log, "bright-spots", NULL);
	if (p->bright_before > 0)
		view_attr(list, "older", "1");
	n = bs->nrows > per ? per : bs->nrows;
	for (i = 0; i < n; i++) {
		int mine = strcmp(dbrows_get(bs, i, 1), c->sess.uid) == 0;

		bid = dbrows_get(bs, i, 0);
		m = view_row(list, "bright-spot", bs, i, bright_attrs);
		if (mine)
			view_attr(m, "mine", "1");
		view_child(m, "text", dbrows_get(bs, i, 5));
		memset(&it, 0, sizeof(it));
		it.author = mine;
		if (policy_log(&lc->f, LA_EDIT_BRIGHT, &it) != SL_OK)
			continue;
		bfor = forid(c, "bright-spot", bid);
		if ((a = offer_form(p, "edit-bright-spot", arena_printf(c->a,
		    "/bright-spots/%s", bid), bfor, bfor)) != NULL)
			view_field(a, "text", "textarea", 1, 2000,
			    dbrows_get(bs, i, 5));
	}
	paging_links(p, "bright-spots", bs->nrows > per ?
	    page_href(p, dbrows_ll(bs, n - 1, 0), p->notes_before,
	    p->readers_page, NULL, "bright-spots") : NULL,
	    p->bright_before > 0 ? page_href(p, 0, p->notes_before,
	    p->readers_page, NULL, "bright-spots") : NULL);
	if (policy_log(&lc->f, LA_ADD_BRIGHT, NULL) == SL_OK) {
		a = action_for(c, "add-bright-spot", arena_printf(c->a,
		    "%s/bright-spots", p->href), "log");
		view_field(a, "text", "textarea", 1, 2000, NULL);
	}
	return SL_OK;
}

/*
 * Notes not private to someone else, the newest NOTES_PAGE (shown oldest
 * first); policy decides on each (private ones to their author only,
 * those of a concern with the concern).
 */
static enum sl_err
sec_notes(struct logpage *p)
{
	struct ctx	*c = p->c;
	struct logctx	*lc = p->lc;
	struct dbrows	*no;
	struct item_facts it;
	xmlNodePtr	 list, m, a, f;
	enum sl_err	 rc;
	const char	*at = NULL;
	size_t		 i, k, n, per = p->all ? PRINT_ALL : NOTES_PAGE;

	if (p->see_concerns) {
		if (p->notes_before > 0 && (rc = page_anchor(p,
		    "SELECT created_at FROM note WHERE id = ? AND log_id = ?",
		    p->notes_before, &at)) != SL_OK)
			return rc;
		/* The SQL leaves out others' private notes; policy decides. */
		if ((rc = db_query(c->db, c->a, &no, "SELECT n.id,"
		    " n.concern_id, n.author_uid, n.author_name,"
		    " DATE_FORMAT(n.created_at, '%Y-%m-%dT%H:%i:%sZ'),"
		    " n.private, n.attachment_id, a.filename, n.text"
		    " FROM note n LEFT JOIN attachment a ON a.id ="
		    " n.attachment_id WHERE n.log_id = ?"
		    " AND (n.private = 0 OR n.author_uid = ?) AND (? IS NULL"
		    " OR n.created_at < ? OR (n.created_at = ? AND n.id < ?))"
		    " ORDER BY n.created_at DESC, n.id DESC LIMIT ?",
		    "issssii", lc->id, c->sess.uid, at, at, at, p->notes_before,
		    (long long)per + 1)) != SL_OK)
			return rc;
		list = view_child(p->log, "notes", NULL);
		if (p->notes_before > 0)
			view_attr(list, "older", "1");
		n = no->nrows > per ? per : no->nrows;
		for (k = n; k > 0; k--) {
			i = k - 1;
			memset(&it, 0, sizeof(it));
			it.author = strcmp(dbrows_get(no, i, 2),
			    c->sess.uid) == 0;
			it.private_note = strcmp(dbrows_get(no, i, 5), "1") == 0;
			it.concern_visible = dbrows_get(no, i, 1) == NULL ? -1 :
			    id_in(p->visible, p->nvisible, dbrows_ll(no, i, 1));
			if (policy_log(&lc->f, LA_VIEW_NOTE, &it) != SL_OK)
				continue;
			m = view_row(list, "note", no, i, note_attrs);
			view_attr(m, "private", it.private_note ? "1" : "0");
			if (dbrows_get(no, i, 6) != NULL && policy_log(&lc->f,
			    LA_VIEW_ATTACHMENT, NULL) == SL_OK) {
				view_attr(m, "attachment", arena_printf(c->a,
				    "/attachments/%s", dbrows_get(no, i, 6)));
				view_attr(m, "attachment-name",
				    dbrows_get(no, i, 7));
			}
			view_child(m, "text", dbrows_get(no, i, 8));
		}
		paging_links(p, "notes", no->nrows > per ?
		    page_href(p, p->bright_before, dbrows_ll(no, n - 1, 0),
		    p->readers_page, NULL, "notes") : NULL,
		    p->notes_before > 0 ? page_href(p, p->bright_before, 0,
		    p->readers_page, NULL, "notes") : NULL);
	}
	if (policy_log(&lc->f, LA_ADD_NOTE, NULL) == SL_OK) {
		a = action_for(c, "add-note", arena_printf(c->a, "%s/notes",
		    p->href), "log");
		view_field(a, "text", "textarea", 1, 8000, NULL);
		f = view_field(a, "concern", "select", 0, 0, NULL);
		for (i = 0; p->con != NULL && i < p->con->nrows; i++)
			if (id_in(p->visible, p->nvisible,
			    dbrows_ll(p->con, i, 0)))
				option_label(f, dbrows_get(p->con, i, 0),
				    dbrows_get(p->con, i, 2));
		view_field(a, "private", "checkbox", 0, 0, NULL);
		view_field(a, "attachment", "file", 0, 0, NULL);
	}
	return SL_OK;
}

/* Meetings: holder, family, a read grant of everything. */
static enum sl_err
sec_meetings(struct logpage *p)
{
	struct ctx	*c = p->c;
	struct dbrows	*me;
	xmlNodePtr	 list, m, a;
	enum sl_err	 rc;
	size_t		 i;

	if (policy_log(&p->lc->f, LA_VIEW_MEETINGS, NULL) == SL_OK) {
		/* A meeting's time is local, as it was typed: no Z. */
		if ((rc = db_query(c->db, c->a, &me, "SELECT id,"
		    " DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s'), place,"
		    " participants, agenda, IF(cancelled_at IS NULL, NULL, 1),"
		    " DATE_FORMAT(at, '%Y-%m-%d'), DATE_FORMAT(at, '%H:%i')"
		    " FROM meeting WHERE log_id = ? ORDER BY at", "i",
		    p->lc->id)) != SL_OK)
			return rc;
		list = view_child(p->log, "meetings", NULL);
		for (i = 0; i < me->nrows; i++) {
			m = view_row(list, "meeting", me, i, meeting_attrs);
			view_child(m, "participants", dbrows_get(me, i, 3));
			view_child(m, "agenda", dbrows_get(me, i, 4));
			if (!p->write || dbrows_get(me, i, 5) != NULL)
				continue;
			/* The holder changes or cancels it (issue 12). */
			a = action_for(c, "change-meeting", arena_printf(c->a,
			    "/meetings/%s", dbrows_get(me, i, 0)),
			    arena_printf(c->a, "meeting-%s", dbrows_get(me, i,
			    0)));
			view_field(a, "at-date", "date", 1, 0, dbrows_get(me, i,
			    6));
			view_field(a, "at-time", "time", 1, 0, dbrows_get(me, i,
			    7));
			view_field(a, "place", "text", 1, 256, dbrows_get(me, i,
			    2));
			view_field(a, "participants", "textarea", 1, 4000,
			    dbrows_get(me, i, 3));
			view_field(a, "agenda", "textarea", 0, 4000,
			    dbrows_get(me, i, 4));
			action_for(c, "cancel-meeting", arena_printf(c->a,
			    "/meetings/%s/cancel", dbrows_get(me, i, 0)),
			    arena_printf(c->a, "meeting-%s", dbrows_get(me, i,
			    0)));
		}
	}
	if (p->write) {
		a = action_for(c, "add-meeting", arena_printf(c->a,
		    "%s/meetings", p->href), "log");
		view_field(a, "at-date", "date", 1, 0, NULL);
		view_field(a, "at-time", "time", 1, 0, NULL);
		view_field(a, "place", "text", 1, 256, NULL);
		view_field(a, "participants", "textarea", 1, 4000, NULL);
		view_field(a, "agenda", "textarea", 0, 4000, NULL);
	}
	return SL_OK;
}

/* The read-grant form: the people to choose, scope, history, expiry. */
static enum sl_err
grant_form(struct logpage *p, xmlNodePtr a)
{
	struct ctx	*c = p->c;
	struct dbrows	*staff;
	xmlNodePtr	 f;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = staff_choices(c, p->lc, &staff)) != SL_OK)
		return rc;
	f = view_field(a, "uid", "select", 0, 0, NULL);
	for (i = 0; i < staff->nrows; i++)
		if (strcmp(dbrows_get(staff, i, 0), c->sess.uid) != 0)
			option_label(f, dbrows_get(staff, i, 0),
			    arena_printf(c->a, "%s (%s)",
			    dbrows_get(staff, i, 1), dbrows_get(staff, i, 2) ?
			    dbrows_get(staff, i, 2) : "-"));
	view_field(a, "uid-other", "text", 0, 128, people_pick(c));
	/* Someone from another service: search by name (h_people.c). */
	people_offer(c, here(p, "add-grant.log", NULL));
	select_opts(view_field(a, "scope", "select", 1, 0, "all"), scopes);
	f = view_field(a, "categories", "multi", 0, 0, NULL);
	for (i = 0; i < p->cat->nrows; i++)
		option_label(f, dbrows_get(p->cat, i, 0),
		    dbrows_get(p->cat, i, 1));
	f = view_field(a, "concerns", "multi", 0, 0, NULL);
	for (i = 0; p->con != NULL && i < p->con->nrows; i++) {
		/* The stylesheet shows the date (dd.mm.åååå). */
		option_label(f, dbrows_get(p->con, i, 0),
		    dbrows_get(p->con, i, 2));
		view_attr(xmlGetLastChild(f), "date", dbrows_get(p->con, i, 4));
	}
	select_opts(view_field(a, "history", "select", 1, 0, "all"),
	    histories);
	view_field(a, "expires", "date", 0, 0, NULL);
	return SL_OK;
}

/*
 * Who has access (read grants, with their categories or concerns: one
 * row per grant and item): holder and family; the holder changes it.
 */
static enum sl_err
sec_access(struct logpage *p)
{
	struct ctx	*c = p->c;
	struct logctx	*lc = p->lc;
	struct dbrows	*gr;
	xmlNodePtr	 list, m = NULL, n, a;
	enum sl_err	 rc;
	size_t		 i;
	int		 change;

	if (policy_log(&lc->f, LA_VIEW_ACCESS, NULL) != SL_OK)
		return SL_OK;
	change = policy_log(&lc->f, LA_CHANGE_ACCESS, NULL) == SL_OK;
	if ((rc = db_query(c->db, c->a, &gr, "SELECT g.id, g.uid,"
	    " COALESCE(s.name, g.uid), g.scope, g.history,"
	    " g.expires_at, g.expires_at IS NOT NULL AND"
	    " g.expires_at < UTC_DATE(), i.item_id, COALESCE(k.name, ck.name)"
	    " FROM read_grant g LEFT JOIN staff s ON s.uid = g.uid"
	    " LEFT JOIN read_grant_item i ON i.grant_id = g.id"
	    " LEFT JOIN category k ON g.scope = 'categories'"
	    " AND k.id = i.item_id LEFT JOIN concern cc ON"
	    " g.scope = 'concerns' AND cc.id = i.item_id"
	    " LEFT JOIN category ck ON ck.id = cc.category_id"
	    " WHERE g.log_id = ? AND g.revoked_at IS NULL"
	    " ORDER BY g.id, i.item_id", "i", lc->id)) != SL_OK)
		return rc;
	list = view_child(p->log, "grants", NULL);
	for (i = 0; i < gr->nrows; i++) {
		if (i == 0 || strcmp(dbrows_get(gr, i, 0),
		    dbrows_get(gr, i - 1, 0)) != 0) {
			m = view_row(list, "grant", gr, i, grant_attrs);
			view_attr(m, "expired", dbrows_true(gr, i, 6) ? "1" :
			    "0");
			if (change)
				action_for(c, "revoke-grant", arena_printf(c->a,
				    "/grants/%s/revoke", dbrows_get(gr, i, 0)),
				    forid(c, "grant", dbrows_get(gr, i, 0)));
		}
		if (dbrows_get(gr, i, 7) == NULL)
			continue;
		n = view_child(m, "item", NULL);
		view_attr(n, "id", dbrows_get(gr, i, 7));
		view_attr(n, "name", dbrows_get(gr, i, 8));
	}
	/* Not in meeting mode: who may read is changed after the password. */
	/* Nobody new while the consent does not cover it (policy.c). */
	if (p->write && change &&
	    policy_log(&lc->f, LA_NEW_ACCESS, NULL) == SL_OK &&
	    (a = offer_form(p, "add-grant",
	    arena_printf(c->a, "%s/grants", p->href), "log", "access")) != NULL)
		return grant_form(p, a);
	return SL_OK;
}

/*
 * Who has read the log, latest first, READERS_PAGE at a time: for holder
 * and family.  From log_reader (kept with the audit row of every view,
 * see page_audit); the user is not listed: the page stays the same from
 * one view to the next (what the render cache needs), and you know that
 * you have read it.  A print lists READERS_ALL (nor the user: a PDF
 * holds nothing the page does not).
 */
static enum sl_err
sec_readers(struct logpage *p)
{
	struct ctx	*c = p->c;
	struct dbrows	*rd;
	xmlNodePtr	 list;
	enum sl_err	 rc;
	size_t		 i, n, per = p->all ? READERS_ALL : READERS_PAGE;

	if (policy_log(&p->lc->f, LA_VIEW_ACCESS, NULL) != SL_OK)
		return SL_OK;
	if ((rc = db_query(c->db, c->a, &rd, "SELECT r.uid,"
	    " COALESCE(s.name, p.name, r.uid),"
	    " DATE_FORMAT(r.last_at, '%Y-%m-%dT%H:%i:%sZ'), r.views"
	    " FROM log_reader r LEFT JOIN staff s ON s.uid = r.uid"
	    " LEFT JOIN person p ON r.uid LIKE 'family:%'"
	    " AND p.pid = CONVERT(SUBSTRING(r.uid, 8) USING ascii)"
	    " WHERE r.log_id = ? AND r.uid <> ?"
	    " ORDER BY r.last_at DESC, r.uid LIMIT ? OFFSET ?", "isii",
	    p->lc->id, c->sess.uid, (long long)per + 1,
	    (p->readers_page - 1) * (long long)per)) != SL_OK)
		return rc;
	list = view_child(p->log, "readers", NULL);
	if (p->readers_page > 1)
		view_attr_ll(list, "page", p->readers_page);
	n = rd->nrows > per ? per : rd->nrows;
	for (i = 0; i < n; i++)
		view_row(list, "reader", rd, i, reader_attrs);
	if (p->all)
		return SL_OK;
	paging_links(p, "readers", rd->nrows > per ? page_href(p,
	    p->bright_before, p->notes_before, p->readers_page + 1, NULL,
	    "h-readers") : NULL, p->readers_page > 1 ? page_href(p,
	    p->bright_before, p->notes_before, 1, NULL, "h-readers") : NULL);
	return SL_OK;
}

/*
 * Printing: the PDFs of the plan and the log, the consent form, and the
 * archive copies shown under who has access (h_print.c; none in an
 * archive copy itself).
 */
static enum sl_err
sec_print(struct logpage *p)
{
	return print_log_extras(p->c, p->lc, p->log);
}

/*
 * The pending transfer and the transfer actions (h_transfer.c); the
 * offer form, with every unit of the municipality, when asked for
 * (?open=transfer.log).  Not in a print.
 */
static enum sl_err
sec_transfer(struct logpage *p)
{
	int	 open;

	if (p->all)
		return SL_OK;
	open = p->open_name != NULL && strcmp(p->open_name, "transfer") == 0 &&
	    strcmp(p->open_for, "log") == 0;
	return transfer_view(p->c, p->lc, p->log, open,
	    here(p, "transfer.log", "transfer"),
	    here(p, open ? "transfer.log" : NULL, NULL));
}

/*
 * The history of the log (h_transfer.c): holders, transfers, ...  Not in
 * a print: its holders come from print_history (h_print.c).
 */
static enum sl_err
sec_history(struct logpage *p)
{
	if (p->all)
		return SL_OK;
	return history_view(p->c, p->lc, p->log);
}

/*
 * The rest: the categories for the forms, meeting mode, withdrawing the
 * consent, where to go from here.
 */
static void
page_tail(struct logpage *p)
{
	struct ctx	*c = p->c;
	struct logctx	*lc = p->lc;
	xmlNodePtr	 list, n;
	size_t		 k;

	if (p->write) {
		if (c->sess.meeting_log != lc->id)
			action_for(c, "meeting-mode", arena_printf(c->a,
			    "%s/meeting-mode", p->href), "log");
		list = view_child(p->log, "categories", NULL);
		for (k = 0; k < p->cat->nrows; k++) {
			n = view_child(list, "category", NULL);
			view_attr(n, "id", dbrows_get(p->cat, k, 0));
			view_attr(n, "name", dbrows_get(p->cat, k, 1));
		}
	}
	if (policy_log(&lc->f, LA_WITHDRAW_CONSENT, NULL) == SL_OK)
		action_for(c, "withdraw-consent", arena_printf(c->a,
		    "%s/withdraw-consent", p->href), "log");
	if (c->sess.meeting_log == lc->id)
		view_action(c, "leave-meeting", "GET", "/meeting-mode/leave",
		    NULL);
	else {
		view_action(c, "logs", "GET", "/logs", NULL);
		if (!c->sess.family)
			view_action(c, "start", "GET", "/start", NULL);
	}
	view_action(c, "logout", "POST", "/logout", NULL);
}

/*
 * The read of the log: its audit row, committed (autocommit) before
 * anything of the page is sent.  The audit's trigger counts it for its
 * reader in log_reader in the same statement (sql/007_log_reader.sql).
 * None for an archive copy (c->system_read): archive.c audits it.
 */
static enum sl_err
page_audit(struct ctx *c, struct logctx *lc)
{
	if (c->system_read)
		return SL_OK;
	return ctx_audit(c, "view-log", lc->id, NULL, role_name(lc));
}

/*
 * The page cache (logcache.c)
 * ---------------------------
 * A page with no form open, for a logged-in user, is kept by this worker
 * under a key of everything it is built from, all read fresh for this
 * request: the log's version (every write to a table of the log bumps
 * it, sql/020_perf.sql), view_epoch (names, categories), the readers'
 * fingerprint, every fact in lc (policy decides by these alone, and by
 * rows the version covers), the session's user, language and meeting
 * mode, the path and the query (paging), and the minute (the page shows
 * dates, 8-hour windows and the time to the minute).  Policy still runs
 * on every request (logfacts_require before this); a change in any of
 * these is another key, so nothing stale or no longer allowed is shown.
 */
static void
key_str(struct buf *k, const char *s)
{
	if (s == NULL)
		buf_puts(k, "-;");
	else
		buf_printf(k, "%zu:%s;", strlen(s), s);
}

static void
key_ll(struct buf *k, long long v)
{
	buf_printf(k, "%lld;", v);
}

static int
page_cacheable(const struct logpage *p)
{
	const struct ctx *c = p->c;

	/*
	 * HTML only (?format=xml is built anew); not with a kept form to
	 * restore (draft_apply changes the view after the handler); a GET
	 * only (a handler answering a POST with the page may add to the
	 * view after it is built: errors, the input kept).
	 */
	return !p->all && p->open_name == NULL && !c->system_read &&
	    strcmp(c->method, "GET") == 0 &&
	    !c->want_xml && crypto_token_wellformed(c->sess.csrf) &&
	    c->sess.state == SESS_VALID && c->status == 0 &&
	    c->cfg->log_cache_kb > 0 && kv_get(&c->query, "draft") == NULL;
}

/* The key of this page into k (heap; the caller frees it). */
static enum sl_err
page_key(const struct logpage *p, struct buf *k)
{
	const struct ctx	*c = p->c;
	const struct logctx	*lc = p->lc;
	const struct log_facts	*f = &lc->f;
	size_t			 i;

	buf_puts(k, "log-page-1;");
	key_str(k, c->path);
	key_str(k, c->query_string);
	key_str(k, c->lang);
	key_str(k, c->sess.uid);
	key_str(k, c->sess.name);
	key_str(k, c->sess.pid);
	key_ll(k, c->sess.family);
	key_ll(k, c->sess.is_leader);
	key_ll(k, c->sess.is_admin);
	key_ll(k, c->sess.meeting_log);
	key_ll(k, (long long)p->minute);
	key_ll(k, lc->id);
	key_ll(k, lc->version);
	key_ll(k, lc->epoch);
	key_str(k, lc->readers);
	key_str(k, lc->status);
	key_str(k, lc->unit_id);
	key_str(k, lc->unit_name);
	key_str(k, lc->holder_uid);
	key_str(k, lc->holder_name);
	key_str(k, lc->child_name);
	key_str(k, lc->birth_date);
	key_str(k, lc->nin);
	key_str(k, lc->address);
	key_str(k, lc->created_at);
	key_ll(k, lc->level);
	key_ll(k, lc->grant_id);
	key_ll(k, (long long)lc->ngrant_items);
	for (i = 0; i < lc->ngrant_items; i++)
		key_ll(k, lc->grant_items[i]);
	key_ll(k, (long long)lc->nmy_concerns);
	for (i = 0; i < lc->nmy_concerns; i++)
		key_ll(k, lc->my_concerns[i]);
	key_ll(k, f->exists);
	key_ll(k, f->active);
	key_ll(k, f->holder);
	key_ll(k, f->actor);
	key_ll(k, f->leader);
	key_ll(k, f->guardian);
	key_ll(k, f->grant);
	key_str(k, f->grant_expires);
	key_ll(k, f->grant_scope);
	key_ll(k, f->grant_active_only);
	key_ll(k, f->meeting);
	key_str(k, f->today);
	/* the life of the log and its transfer (lifecycle, h_transfer.c) */
	key_ll(k, f->consent_ok);
	key_ll(k, lc->consents);
	key_ll(k, lc->youth_consents);
	key_ll(k, lc->youth_age);
	key_ll(k, f->pending);
	key_ll(k, f->receiver);
	key_ll(k, lc->transfer_id);
	key_str(k, lc->transfer_kind);
	key_str(k, lc->transfer_to_uid);
	key_str(k, lc->transfer_to_unit);
	return k->oom ? SL_ENOMEM : SL_OK;
}

/* A kept page's HTML (with the render placeholder) to send with this
 * session's token instead of rendering a view. */
static enum sl_err
page_ready(struct ctx *c, const char *html, size_t len)
{
	char	*copy;

	if ((copy = arena_alloc(c->a, len + 1)) == NULL)
		return SL_ENOMEM;
	memcpy(copy, html, len);
	copy[len] = '\0';
	c->html_ready = copy;
	c->html_ready_len = len;
	return SL_OK;
}

/*
 * Keep the page just built under key, with its HTML (rendered here, so
 * that the audit's commit comes after the rendering and before the
 * sending: nothing leaves before the audit row is durable), until the
 * time until (the end of the key's minute).  Only a saving: a failure
 * keeps nothing and the page is rendered as usual.
 */
static void
page_keep(struct ctx *c, const struct buf *key, time_t until)
{
	struct buf	 t;

	buf_init(&t);
	if (render_html_template(c->view, &t) == SL_OK && !t.oom) {
		logcache_put(c->cfg->log_cache_kb, key->data, key->len,
		    t.data, t.len, until);
		(void)page_ready(c, t.data, t.len);
	}
	buf_free(&t);
}

/*
 * The log page for lc, with the form open_name for open_for shown in
 * full (NULL: as the query says); all: the whole log for a print, no
 * paging and no form open.
 */
static enum sl_err
log_page(struct ctx *c, struct logctx *lc, const char *open_name,
    const char *open_for, int all)
{
	struct logpage	 p;
	struct buf	 key;
	const char	*html;
	size_t		 htmllen;
	enum sl_err	 rc;

	memset(&p, 0, sizeof(p));
	p.c = c;
	p.lc = lc;
	p.write = policy_log(&lc->f, LA_WRITE_PLAN, NULL) == SL_OK;
	if ((p.href = arena_printf(c->a, "/logs/%lld", lc->id)) == NULL)
		return SL_ENOMEM;
	p.all = all;
	p.readers_page = 1;
	p.minute = time(NULL) / 60;
	if (!all && (rc = page_params(&p, open_name, open_for)) != SL_OK)
		return rc;
	buf_init(&key);
	if (page_cacheable(&p)) {
		if ((rc = page_key(&p, &key)) != SL_OK)
			goto out;
		if (logcache_get(c->cfg->log_cache_kb, key.data, key.len,
		    &html, &htmllen)) {
			if ((rc = page_ready(c, html, htmllen)) == SL_OK)
				rc = page_audit(c, lc);
			goto out;
		}
	}
	if (p.write && (rc = db_query(c->db, c->a, &p.cat, "SELECT id, name"
	    " FROM category WHERE active = 1 ORDER BY sort, id", "")) != SL_OK)
		goto out;
	/* The receiver of a transfer who has no other role: that alone. */
	if (policy_receiver_only(&lc->f)) {
		rc = all ? SL_EFORBIDDEN : receiver_page(c, lc, p.href);
		goto out;
	}
	if ((rc = view_new(c, "log")) != SL_OK)
		goto out;
	page_head(&p);
	if ((rc = sec_transfer(&p)) != SL_OK ||
	    (rc = sec_family(&p)) != SL_OK ||
	    (rc = sec_concerns(&p)) != SL_OK ||
	    (rc = sec_bright(&p)) != SL_OK ||
	    (rc = sec_notes(&p)) != SL_OK ||
	    (rc = sec_meetings(&p)) != SL_OK ||
	    (rc = sec_access(&p)) != SL_OK ||
	    (rc = sec_readers(&p)) != SL_OK ||
	    (rc = sec_print(&p)) != SL_OK ||
	    (rc = sec_history(&p)) != SL_OK ||
	    (!all && (rc = lifecycle_section(c, lc, p.log, here(&p, NULL,
	    NULL))) != SL_OK))
		goto out;
	page_tail(&p);
	if (key.len > 0)
		page_keep(c, &key, p.minute * 60 + 60);
	rc = page_audit(c, lc);
out:
	buf_free(&key);
	return rc;
}

enum sl_err
log_build(struct ctx *c, struct logctx *lc)
{
	return log_page(c, lc, NULL, NULL, 0);
}

enum sl_err
log_build_all(struct ctx *c, struct logctx *lc)
{
	return log_page(c, lc, NULL, NULL, 1);
}

enum sl_err
correction_build(struct ctx *c, struct logctx *lc, long long mid)
{
	struct dbrows	*r, *staff, *gu;
	xmlNodePtr	 n, a;
	enum sl_err	 rc;
	const char	*cur;

	if ((rc = db_query(c->db, c->a, &r, "SELECT m.id, m.kind, m.actor_kind,"
	    " COALESCE(s.name, g.name, m.actor_uid), m.start_date,"
	    " m.evaluate_by, m.text, m.actor_uid, m.actor_guardian,"
	    " k.id, k.name, m.status FROM measure m"
	    " JOIN concern c ON c.id = m.concern_id"
	    " JOIN category k ON k.id = c.category_id"
	    " LEFT JOIN staff s ON s.uid = m.actor_uid"
	    " LEFT JOIN guardian g ON g.id = m.actor_guardian"
	    " WHERE m.id = ? AND m.log_id = ?", "ii", mid, lc->id)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	if (strcmp(dbrows_get(r, 0, 11), "active") != 0)
		return SL_EFORBIDDEN;
	if ((rc = staff_choices(c, lc, &staff)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &gu, "SELECT id, name FROM guardian"
	    " WHERE log_id = ? ORDER BY id", "i", lc->id)) != SL_OK)
		return rc;
	if ((rc = view_new(c, "measure-correction")) != SL_OK)
		return rc;
	n = view_child(c->content, "log", NULL);
	view_attr_ll(n, "id", lc->id);
	view_attr(n, "child-name", lc->child_name);
	n = view_child(c->content, "measure", NULL);
	view_attr(n, "id", dbrows_get(r, 0, 0));
	view_attr(n, "kind", dbrows_get(r, 0, 1));
	view_attr(n, "actor-kind", dbrows_get(r, 0, 2));
	view_attr(n, "actor-name", strcmp(dbrows_get(r, 0, 2), "child") == 0 ?
	    lc->child_name : dbrows_get(r, 0, 3));
	view_attr(n, "start", dbrows_get(r, 0, 4));
	view_attr(n, "evaluate-by", dbrows_get(r, 0, 5));
	view_attr(n, "concern-id", dbrows_get(r, 0, 9));
	view_attr(n, "category", dbrows_get(r, 0, 10));
	view_child(n, "text", dbrows_get(r, 0, 6));
	cur = strcmp(dbrows_get(r, 0, 2), "staff") == 0 ? arena_printf(c->a,
	    "staff:%s", dbrows_get(r, 0, 7)) : strcmp(dbrows_get(r, 0, 2),
	    "guardian") != 0 ? "child" : dbrows_get(r, 0, 8) == NULL ?
	    "guardians" : arena_printf(c->a, "guardian:%s",
	    dbrows_get(r, 0, 8));
	a = view_action(c, "correct-measure", "POST", arena_printf(c->a,
	    "/measures/%lld/correction", mid), c->path);
	actor_options(c, view_field(a, "actor", "select", lc->level <= 1, 0,
	    cur), staff, gu, lc->child_name, lc->level);
	if (lc->level >= 2) {
		view_field(a, "actor-other", "text", 0, 128, people_pick(c));
		people_offer(c, c->path);
	}
	view_field(a, "text", "textarea", 1, 4000, dbrows_get(r, 0, 6));
	view_field(a, "evaluate-by", "date", 1, 0, dbrows_get(r, 0, 5));
	view_action(c, "log", "GET", arena_printf(c->a, "/logs/%lld#measure-%lld",
	    lc->id, mid), NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return ctx_audit(c, "view-measure", lc->id, arena_printf(c->a,
	    "measure:%lld", mid), NULL);
}

enum sl_err
concern_page(struct ctx *c, struct logctx *lc, long long cid, int which)
{
	struct dbrows	*r, *cat, *staff, *gu;
	xmlNodePtr	 n, a, f;
	enum sl_err	 rc;
	size_t		 k;
	char		 today[11], *cfor;
	int		 y, mo, d;

	date_today(&y, &mo, &d, today);
	if ((rc = db_query(c->db, c->a, &r, "SELECT c.id, c.category_id,"
	    " k.name, c.status, c.registered_at, c.discussed_leader,"
	    " c.discussed_guardians, c.discussed_child, c.description, c.goal,"
	    " c.maintaining FROM concern c JOIN category k ON"
	    " k.id = c.category_id WHERE c.id = ? AND c.log_id = ?", "ii", cid,
	    lc->id)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	if (which == CONCERN_PAGE_MEASURE &&
	    strcmp(dbrows_get(r, 0, 3), "active") != 0)
		return SL_EFORBIDDEN;
	if ((rc = view_new(c, which == CONCERN_PAGE_EDIT ? "concern-edit" :
	    "measure-new")) != SL_OK)
		return rc;
	n = view_child(c->content, "log", NULL);
	view_attr_ll(n, "id", lc->id);
	view_attr(n, "child-name", lc->child_name);
	view_attr_ll(n, "level", lc->level);
	n = view_row(c->content, "concern", r, 0, concern_attrs);
	view_child(n, "description", dbrows_get(r, 0, 8));
	view_child(n, "goal", dbrows_get(r, 0, 9));
	view_child(n, "maintaining", dbrows_get(r, 0, 10));
	cfor = forid(c, "concern", dbrows_get(r, 0, 0));
	if (which == CONCERN_PAGE_EDIT) {
		if ((rc = db_query(c->db, c->a, &cat, "SELECT id, name FROM"
		    " category WHERE active = 1 OR id = ? ORDER BY sort, id",
		    "i", dbrows_ll(r, 0, 1))) != SL_OK)
			return rc;
		a = action_for(c, "edit-concern", arena_printf(c->a,
		    "/concerns/%lld", cid), cfor);
		view_attr(a, "return", c->path);
		f = view_field(a, "category", "select", 1, 0,
		    dbrows_get(r, 0, 1));
		for (k = 0; k < cat->nrows; k++)
			option_label(f, dbrows_get(cat, k, 0),
			    dbrows_get(cat, k, 1));
		view_field(a, "description", "textarea", 1, 4000,
		    dbrows_get(r, 0, 8));
		view_field(a, "goal", "textarea", 1, 4000, dbrows_get(r, 0, 9));
		view_field(a, "maintaining", "textarea", 0, 4000,
		    dbrows_get(r, 0, 10));
		view_field(a, "discussed-leader", "checkbox", 0, 0,
		    dbrows_get(r, 0, 5));
		view_field(a, "discussed-guardians", "checkbox", 0, 0,
		    dbrows_get(r, 0, 6));
		view_field(a, "discussed-child", "checkbox", 0, 0,
		    dbrows_get(r, 0, 7));
		select_opts(view_field(a, "status", "select", 1, 0,
		    dbrows_get(r, 0, 3)), statuses);
	} else {
		if ((rc = staff_choices(c, lc, &staff)) != SL_OK ||
		    (rc = db_query(c->db, c->a, &gu, "SELECT id, name FROM"
		    " guardian WHERE log_id = ? ORDER BY id", "i", lc->id)) !=
		    SL_OK)
			return rc;
		a = action_for(c, "add-measure", arena_printf(c->a,
		    "/concerns/%lld/measures", cid), cfor);
		view_attr(a, "return", c->path);
		view_field(a, "text", "textarea", 1, 4000, NULL);
		select_opts(view_field(a, "kind", "select", 1, 0, NULL), kinds);
		/* Not required: a home measure is the guardians' by default. */
		actor_options(c, view_field(a, "actor", "select", 0, 0, NULL),
		    staff, gu, lc->child_name, lc->level);
		if (lc->level >= 2) {
			view_field(a, "actor-other", "text", 0, 128,
			    people_pick(c));
			people_offer(c, c->path);
		}
		view_field(a, "steps", "textarea", 0, 4000, NULL);
		view_field(a, "start", "date", 1, 0, today);
		view_field(a, "evaluate-by", "date", 1, 0, NULL);
	}
	view_action(c, "log", "GET", arena_printf(c->a, "/logs/%lld#%s",
	    lc->id, cfor), NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return ctx_audit(c, "view-concern", lc->id, arena_printf(c->a,
	    "concern:%lld", cid), NULL);
}

static enum sl_err
concern_form(struct ctx *c, int which)
{
	struct logctx	 lc;
	long long	 log_id;
	enum sl_err	 rc;

	if ((rc = log_of(c, "concern", c->id[0], &log_id)) != SL_OK ||
	    (rc = logfacts_require(c, log_id, LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	return concern_page(c, &lc, c->id[0], which);
}

enum sl_err
h_concern_edit_form(struct ctx *c)
{
	return concern_form(c, CONCERN_PAGE_EDIT);
}

enum sl_err
h_measure_new_form(struct ctx *c)
{
	return concern_form(c, CONCERN_PAGE_MEASURE);
}

enum sl_err
log_form_errors(struct ctx *c, struct logctx *lc, struct form *f,
    const char *action, const char *for_)
{
	enum sl_err	 rc;

	if ((rc = log_page(c, lc, action, for_, 0)) != SL_OK)
		return rc;
	form_show(f, action, for_);
	return SL_OK;
}

enum sl_err
h_measure_correct_form(struct ctx *c)
{
	struct logctx	 lc;
	long long	 log_id;
	enum sl_err	 rc;

	if ((rc = log_of(c, "measure", c->id[0], &log_id)) != SL_OK ||
	    (rc = logfacts_require(c, log_id, LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	return correction_build(c, &lc, c->id[0]);
}

enum sl_err
h_log(struct ctx *c)
{
	struct logctx	 lc;
	enum sl_err	 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_VIEW, &lc)) != SL_OK)
		return rc;
	return log_build(c, &lc);
}

enum sl_err
h_meeting_mode(struct ctx *c)
{
	struct logctx	 lc;
	enum sl_err	 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_WRITE_PLAN, &lc)) != SL_OK)
		return rc;
	if ((rc = db_exec(c->db, "UPDATE session SET meeting_log = ?"
	    " WHERE id_hash = ?", "is", lc.id, c->sess.id_hash)) != SL_OK)
		return rc;
	(void)ctx_audit(c, "meeting-mode-on", lc.id, NULL, NULL);
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld", lc.id));
}

/* The password form that ends meeting mode. */
static enum sl_err
leave_view(struct ctx *c, int failed)
{
	xmlNodePtr	 a, n;
	struct dbrows	*r;
	enum sl_err	 rc;

	if (failed)
		c->status = 422;
	if ((rc = view_new(c, "meeting-leave")) != SL_OK)
		return rc;
	if (c->sess.meeting_log > 0) {
		if ((rc = db_query(c->db, c->a, &r, "SELECT child_name FROM log"
		    " WHERE id = ?", "i", c->sess.meeting_log)) != SL_OK)
			return rc;
		n = view_child(c->content, "log", NULL);
		view_attr_ll(n, "id", c->sess.meeting_log);
		view_attr(n, "child-name", dbrows_get(r, 0, 0));
	}
	a = view_action(c, "leave-meeting", "POST", "/meeting-mode/leave",
	    NULL);
	view_attr(view_field(a, "password", "password", 1, 1024, NULL),
	    "autocomplete", "current-password");
	if (failed)
		view_field_error(a, "password", "field.password.wrong");
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

enum sl_err
h_meeting_leave_form(struct ctx *c)
{
	if (c->sess.meeting_log == 0)
		return ctx_redirect(c, "/start");
	return leave_view(c, 0);
}

enum sl_err
h_meeting_leave(struct ctx *c)
{
	const char	*pw = kv_get(&c->form, "password");
	enum sl_err	 rc;
	long long	 log = c->sess.meeting_log;

	if (log == 0)
		return ctx_redirect(c, "/start");
	if (pw == NULL || *pw == '\0')
		return leave_view(c, 1);
	/*
	 * The password again, checked by the directory and throttled with
	 * the login failures of the same account.
	 */
	rc = password_recheck(c, pw);
	if (rc == SL_ETHROTTLED) {
		(void)ctx_audit(c, "meeting-mode-leave-throttled", log, NULL,
		    NULL);
		if ((rc = leave_view(c, 0)) != SL_OK)
			return rc;
		c->status = 429;
		view_error(c, "meeting.throttled");
		return SL_OK;
	}
	if (rc == SL_EAUTH) {
		(void)ctx_audit(c, "meeting-mode-leave-failed", log, NULL, NULL);
		return leave_view(c, 1);
	}
	if (rc != SL_OK)
		return rc;
	if ((rc = db_exec(c->db, "UPDATE session SET meeting_log = NULL"
	    " WHERE id_hash = ?", "s", c->sess.id_hash)) != SL_OK)
		return rc;
	(void)ctx_audit(c, "meeting-mode-off", log, NULL, NULL);
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld", log));
}
