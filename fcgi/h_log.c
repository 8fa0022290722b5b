/*
 * h_log.c - the log page: everything of one log that the user may see,
 * and the actions the user may take on it; meeting mode.
 *
 * Policy is asked for every part before it is read; what a user may
 * not see never enters the view.  Every view is written to the audit.
 */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "handlers.h"
#include "ldap_dir.h"
#include "logfacts.h"
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
	return "leader";
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
static const char *const meeting_attrs[] = { "id", "at", "place", NULL };
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
 * One measure (row j of mea) under concern node cn: its steps, its
 * evaluation, and for the holder the actions on it.
 */
static void
build_measure(struct ctx *c, const struct logctx *lc, xmlNodePtr cn,
    const struct dbrows *mea, size_t j, const struct dbrows *steps,
    const struct dbrows *ev, int write)
{
	const char	*mid = dbrows_get(mea, j, 0);
	const char	*st = dbrows_get(mea, j, 5);
	int		 active = strcmp(st, "active") == 0;
	int		 evaluated = 0, editable;
	xmlNodePtr	 m, sl = NULL, e, a;
	char		*mfor;
	size_t		 k;

	m = view_child(cn, "measure", NULL);
	view_attr(m, "id", mid);
	view_attr(m, "kind", dbrows_get(mea, j, 2));
	view_attr(m, "actor-kind", dbrows_get(mea, j, 3));
	view_attr(m, "actor-name", strcmp(dbrows_get(mea, j, 3), "child") == 0 ?
	    lc->child_name : dbrows_get(mea, j, 4));
	view_attr(m, "status", st);
	view_attr(m, "start", dbrows_get(mea, j, 6));
	view_attr(m, "evaluate-by", dbrows_get(mea, j, 7));
	view_attr(m, "replaces", dbrows_get(mea, j, 9));
	for (k = 0; k < ev->nrows; k++)
		if (strcmp(dbrows_get(ev, k, 0), mid) == 0)
			evaluated = 1;
	editable = active && dbrows_true(mea, j, 11);
	view_attr(m, "overdue", active && !evaluated && dbrows_true(mea, j, 12) ?
	    "1" : "0");
	if (editable)
		view_attr(m, "editable-until", dbrows_get(mea, j, 10));
	view_child(m, "text", dbrows_get(mea, j, 8));
	for (k = 0; k < steps->nrows; k++) {
		if (strcmp(dbrows_get(steps, k, 0), mid) != 0)
			continue;
		if (sl == NULL)
			sl = view_child(m, "steps", NULL);
		view_attr(view_child(sl, "step", dbrows_get(steps, k, 2)), "pos",
		    dbrows_get(steps, k, 1));
	}
	for (k = 0; k < ev->nrows; k++) {
		if (strcmp(dbrows_get(ev, k, 0), mid) != 0)
			continue;
		e = view_child(m, "evaluation", NULL);
		view_attr(e, "effective", dbrows_get(ev, k, 1));
		view_attr(e, "decision", dbrows_get(ev, k, 2));
		view_attr(e, "created", dbrows_get(ev, k, 3));
		view_attr(e, "by", dbrows_get(ev, k, 4));
		view_child(e, "family-view", dbrows_get(ev, k, 5));
	}
	if (!write || !active)
		return;
	mfor = forid(c, "measure", mid);
	if (editable) {
		a = action_for(c, "edit-measure", arena_printf(c->a,
		    "/measures/%s", mid), mfor);
		view_field(a, "text", "textarea", 1, 4000, dbrows_get(mea, j, 8));
	}
	if (!evaluated) {
		a = action_for(c, "evaluate", arena_printf(c->a,
		    "/measures/%s/evaluation", mid), mfor);
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

enum sl_err
log_build(struct ctx *c, struct logctx *lc)
{
	struct dbrows	*con = NULL, *mea, *steps, *ev, *bs, *no, *me, *gr,
			*gi, *gu, *cs, *cat = NULL, *staff = NULL;
	xmlNodePtr	 log, n, m, list, a, f, cn;
	struct item_facts it;
	enum sl_err	 rc;
	int		 y, mo, d, write, i_see_concerns;
	size_t		 i, j, k;
	char		*href;
	long long	*visible = NULL;
	size_t		 nvisible = 0;
	const char	*cid;

	date_today(&y, &mo, &d, NULL);
	write = policy_log(&lc->f, LA_WRITE_PLAN, NULL) == SL_OK;
	if ((rc = view_new(c, "log")) != SL_OK)
		return rc;
	log = view_child(c->content, "log", NULL);
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
	n = view_child(log, "child", NULL);
	view_attr(n, "name", lc->child_name);
	view_attr(n, "birth-date", lc->birth_date);
	view_attr_ll(n, "age", age_years(lc->birth_date, y, mo, d));

	/* Identity number, address, guardians, consents. */
	gu = NULL;
	if (policy_log(&lc->f, LA_VIEW_DETAILS, NULL) == SL_OK) {
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
		list = view_child(log, "guardians", NULL);
		for (i = 0; i < gu->nrows; i++)
			view_row(list, "guardian", gu, i, guardian_attrs);
		list = view_child(log, "consents", NULL);
		for (i = 0; i < cs->nrows; i++) {
			m = view_row(list, "consent", cs, i, consent_attrs);
			view_attr(m, "expired", dbrows_true(cs, i, 5) ? "1" : "0");
			if (dbrows_get(cs, i, 6) != NULL) {
				view_attr(m, "attachment", arena_printf(c->a,
				    "/attachments/%s", dbrows_get(cs, i, 6)));
				view_attr(m, "attachment-name",
				    dbrows_get(cs, i, 7));
			}
			view_child(m, "scope", dbrows_get(cs, i, 8));
		}
	}

	/* Concerns, measures, steps, evaluations: only the visible ones. */
	i_see_concerns = lc->f.holder || lc->f.guardian || lc->f.actor ||
	    lc->f.grant;
	list = view_child(log, "concerns", NULL);
	/*
	 * Say so where the user sees the log but not all its concerns,
	 * without saying how many or which: the leader sees none of them,
	 * an actor or a read grant of chosen concerns, categories or active
	 * history only those it covers.
	 */
	if (!i_see_concerns)
		view_attr(list, "access", "none");
	else if (!lc->f.holder && !lc->f.guardian && !(lc->f.grant &&
	    lc->f.grant_scope == GRANT_ALL && !lc->f.grant_active_only))
		view_attr(list, "access", "partial");
	if (i_see_concerns) {
		if ((rc = db_query(c->db, c->a, &con, "SELECT c.id,"
		    " c.category_id, k.name, c.status, c.registered_at,"
		    " c.discussed_leader, c.discussed_guardians,"
		    " c.discussed_child, c.description, c.goal, c.maintaining"
		    " FROM concern c JOIN category k ON k.id = c.category_id"
		    " WHERE c.log_id = ? ORDER BY c.id", "i", lc->id)) != SL_OK ||
		    (rc = db_query(c->db, c->a, &mea, "SELECT m.id,"
		    " m.concern_id, m.kind, m.actor_kind, COALESCE(s.name,"
		    " g.name, m.actor_uid), m.status, m.start_date,"
		    " m.evaluate_by, m.text, m.replaces_id,"
		    " DATE_FORMAT(m.created_at + INTERVAL 8 HOUR,"
		    " '%Y-%m-%dT%H:%i:%sZ'),"
		    " m.created_at > UTC_TIMESTAMP() - INTERVAL 8 HOUR,"
		    " m.evaluate_by < UTC_DATE(), m.actor_uid,"
		    " m.actor_guardian FROM measure m"
		    " LEFT JOIN staff s ON s.uid = m.actor_uid"
		    " LEFT JOIN guardian g ON g.id = m.actor_guardian"
		    " WHERE m.log_id = ? ORDER BY m.concern_id, m.id", "i",
		    lc->id)) != SL_OK ||
		    (rc = db_query(c->db, c->a, &steps, "SELECT st.measure_id,"
		    " st.pos, st.text FROM measure_step st JOIN measure m"
		    " ON m.id = st.measure_id WHERE m.log_id = ?"
		    " ORDER BY st.measure_id, st.pos", "i", lc->id)) != SL_OK ||
		    (rc = db_query(c->db, c->a, &ev, "SELECT e.measure_id,"
		    " e.effective, e.decision,"
		    " DATE_FORMAT(e.created_at, '%Y-%m-%dT%H:%i:%sZ'),"
		    " COALESCE(s.name, e.created_by), e.family_view"
		    " FROM evaluation e LEFT JOIN staff s ON s.uid = e.created_by"
		    " WHERE e.log_id = ?", "i", lc->id)) != SL_OK)
			return rc;
		if (con->nrows > 0 && (visible = arena_alloc(c->a,
		    con->nrows * sizeof(*visible))) == NULL)
			return SL_ENOMEM;
		if (write) {
			if ((rc = db_query(c->db, c->a, &cat, "SELECT id, name"
			    " FROM category WHERE active = 1 ORDER BY sort, id",
			    "")) != SL_OK)
				return rc;
			rc = staff_choices(c, lc, &staff);
			if (rc != SL_OK)
				return rc;
		}
		for (i = 0; i < con->nrows; i++) {
			int has[3] = { 0, 0, 0 }, active;
			long long conid = dbrows_ll(con, i, 0);

			cid = dbrows_get(con, i, 0);
			active = strcmp(dbrows_get(con, i, 3), "active") == 0;
			logfacts_concern(lc, conid, dbrows_ll(con, i, 1),
			    active, &it);
			if (policy_log(&lc->f, LA_VIEW_CONCERN, &it) != SL_OK)
				continue;
			visible[nvisible++] = conid;
			cn = view_row(list, "concern", con, i, concern_attrs);
			view_child(cn, "description", dbrows_get(con, i, 8));
			view_child(cn, "goal", dbrows_get(con, i, 9));
			view_child(cn, "maintaining", dbrows_get(con, i, 10));
			/* Only active history for an active-only grant. */
			int history_all = lc->f.holder || lc->f.guardian ||
			    it.actor_here || !lc->f.grant_active_only;
			for (j = 0; j < mea->nrows; j++) {
				const char *st = dbrows_get(mea, j, 5);
				if (strcmp(dbrows_get(mea, j, 1), cid) != 0)
					continue;
				if (strcmp(st, "active") == 0) {
					const char *kd = dbrows_get(mea, j, 2);
					has[0] |= strcmp(kd, "service") == 0;
					has[1] |= strcmp(kd, "home") == 0;
					has[2] |= strcmp(kd, "child") == 0;
				} else if (!history_all)
					continue;
				build_measure(c, lc, cn, mea, j, steps, ev, write);
			}
			if (active) {
				if (!has[0])
					view_attr(view_child(cn, "missing", NULL),
					    "kind", "service");
				if (!has[1])
					view_attr(view_child(cn, "missing", NULL),
					    "kind", "home");
				if (!has[2])
					view_attr(view_child(cn, "missing", NULL),
					    "kind", "child");
			}
			if (!write)
				continue;
			/*
			 * Changing a concern and adding a measure have pages
			 * of their own: their forms (with the list of actors)
			 * would else be repeated for every concern.
			 */
			char *cfor = forid(c, "concern", cid);
			a = view_action(c, "edit-concern", "GET", arena_printf(c->a,
			    "/concerns/%s/edit", cid), NULL);
			view_attr(a, "for", cfor);
			if (!active)
				continue;
			a = view_action(c, "add-measure", "GET", arena_printf(c->a,
			    "/concerns/%s/measures/new", cid), NULL);
			view_attr(a, "for", cfor);
		}
	}

	/* Bright spots: everyone who sees the log, the unit leader too. */
	if ((rc = db_query(c->db, c->a, &bs, "SELECT id, author_uid,"
	    " author_name, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'),"
	    " DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%sZ'), text"
	    " FROM bright_spot WHERE log_id = ? ORDER BY created_at DESC,"
	    " id DESC", "i", lc->id)) != SL_OK)
		return rc;
	list = view_child(log, "bright-spots", NULL);
	for (i = 0; i < bs->nrows; i++) {
		int mine = strcmp(dbrows_get(bs, i, 1), c->sess.uid) == 0;
		m = view_row(list, "bright-spot", bs, i, bright_attrs);
		if (mine)
			view_attr(m, "mine", "1");
		view_child(m, "text", dbrows_get(bs, i, 5));
		memset(&it, 0, sizeof(it));
		it.author = mine;
		if (policy_log(&lc->f, LA_EDIT_BRIGHT, &it) == SL_OK) {
			href = arena_printf(c->a, "/bright-spots/%s",
			    dbrows_get(bs, i, 0));
			a = action_for(c, "edit-bright-spot", href, forid(c,
			    "bright-spot", dbrows_get(bs, i, 0)));
			view_field(a, "text", "textarea", 1, 2000,
			    dbrows_get(bs, i, 5));
		}
	}

	/* Notes: private ones to their author only. */
	if (i_see_concerns) {
		if ((rc = db_query(c->db, c->a, &no, "SELECT n.id,"
		    " n.concern_id, n.author_uid, n.author_name,"
		    " DATE_FORMAT(n.created_at, '%Y-%m-%dT%H:%i:%sZ'),"
		    " n.private, n.attachment_id, a.filename, n.text"
		    " FROM note n LEFT JOIN attachment a ON a.id ="
		    " n.attachment_id WHERE n.log_id = ?"
		    " ORDER BY n.created_at, n.id", "i", lc->id)) != SL_OK)
			return rc;
		list = view_child(log, "notes", NULL);
		for (i = 0; i < no->nrows; i++) {
			memset(&it, 0, sizeof(it));
			it.author = strcmp(dbrows_get(no, i, 2),
			    c->sess.uid) == 0;
			it.private_note = strcmp(dbrows_get(no, i, 5), "1") == 0;
			it.concern_visible = dbrows_get(no, i, 1) == NULL ? -1 :
			    id_in(visible, nvisible, dbrows_ll(no, i, 1));
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
	}

	if (policy_log(&lc->f, LA_VIEW_MEETINGS, NULL) == SL_OK) {
		/* A meeting's time is local, as it was typed: no Z. */
		if ((rc = db_query(c->db, c->a, &me, "SELECT id,"
		    " DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%s'), place,"
		    " participants, agenda FROM meeting WHERE log_id = ?"
		    " ORDER BY at", "i", lc->id)) != SL_OK)
			return rc;
		list = view_child(log, "meetings", NULL);
		for (i = 0; i < me->nrows; i++) {
			m = view_row(list, "meeting", me, i, meeting_attrs);
			view_child(m, "participants", dbrows_get(me, i, 3));
			view_child(m, "agenda", dbrows_get(me, i, 4));
		}
	}

	if (policy_log(&lc->f, LA_VIEW_ACCESS, NULL) == SL_OK) {
		if ((rc = db_query(c->db, c->a, &gr, "SELECT g.id, g.uid,"
		    " COALESCE(s.name, g.uid), g.scope, g.history,"
		    " g.expires_at, g.expires_at IS NOT NULL AND"
		    " g.expires_at < UTC_DATE() FROM read_grant g"
		    " LEFT JOIN staff s ON s.uid = g.uid WHERE g.log_id = ?"
		    " AND g.revoked_at IS NULL ORDER BY g.id", "i",
		    lc->id)) != SL_OK ||
		    (rc = db_query(c->db, c->a, &gi, "SELECT i.grant_id,"
		    " i.item_id, g.scope, COALESCE(k.name, ck.name)"
		    " FROM read_grant_item i JOIN read_grant g ON g.id ="
		    " i.grant_id LEFT JOIN category k ON g.scope = 'categories'"
		    " AND k.id = i.item_id LEFT JOIN concern cc ON"
		    " g.scope = 'concerns' AND cc.id = i.item_id"
		    " LEFT JOIN category ck ON ck.id = cc.category_id"
		    " WHERE g.log_id = ?", "i", lc->id)) != SL_OK)
			return rc;
		list = view_child(log, "grants", NULL);
		for (i = 0; i < gr->nrows; i++) {
			m = view_row(list, "grant", gr, i, grant_attrs);
			view_attr(m, "expired", dbrows_true(gr, i, 6) ? "1" : "0");
			for (k = 0; k < gi->nrows; k++) {
				if (strcmp(dbrows_get(gi, k, 0),
				    dbrows_get(gr, i, 0)) != 0)
					continue;
				n = view_child(m, "item", NULL);
				view_attr(n, "id", dbrows_get(gi, k, 1));
				view_attr(n, "name", dbrows_get(gi, k, 3));
			}
			if (policy_log(&lc->f, LA_CHANGE_ACCESS, NULL) ==
			    SL_OK) {
				href = arena_printf(c->a, "/grants/%s/revoke",
				    dbrows_get(gr, i, 0));
				action_for(c, "revoke-grant", href, forid(c,
				    "grant", dbrows_get(gr, i, 0)));
			}
		}
	}

	/* Who has read the log (from the audit): for holder and family. */
	if (policy_log(&lc->f, LA_VIEW_ACCESS, NULL) == SL_OK) {
		struct dbrows *rd;
		if ((rc = db_query(c->db, c->a, &rd, "SELECT a.uid,"
		    " COALESCE(s.name, p.name, a.uid),"
		    " DATE_FORMAT(MAX(a.at), '%Y-%m-%dT%H:%i:%sZ'), COUNT(*)"
		    " FROM audit a LEFT JOIN staff s ON s.uid = a.uid"
		    " LEFT JOIN person p ON a.uid LIKE 'family:%'"
		    " AND p.pid = CONVERT(SUBSTRING(a.uid, 8) USING ascii)"
		    " WHERE a.log_id = ? AND a.action = 'view-log'"
		    " GROUP BY a.uid ORDER BY MAX(a.at) DESC LIMIT 200", "i",
		    lc->id)) != SL_OK)
			return rc;
		list = view_child(log, "readers", NULL);
		for (i = 0; i < rd->nrows; i++) {
			view_row(list, "reader", rd, i, reader_attrs);
		}
	}

	/* Log-level actions. */
	href = arena_printf(c->a, "/logs/%lld", lc->id);
	if (write) {
		a = action_for(c, "add-concern", arena_printf(c->a,
		    "%s/concerns", href), "log");
		f = view_field(a, "category", "select", 1, 0, NULL);
		for (k = 0; k < cat->nrows; k++)
			option_label(f, dbrows_get(cat, k, 0),
			    dbrows_get(cat, k, 1));
		view_field(a, "description", "textarea", 1, 4000, NULL);
		view_field(a, "goal", "textarea", 1, 4000, NULL);
		view_field(a, "maintaining", "textarea", 0, 4000, NULL);
		view_field(a, "discussed-leader", "checkbox", 0, 0, NULL);
		view_field(a, "discussed-guardians", "checkbox", 0, 0, NULL);
		view_field(a, "discussed-child", "checkbox", 0, 0, NULL);
	}
	if (policy_log(&lc->f, LA_ADD_BRIGHT, NULL) == SL_OK) {
		a = action_for(c, "add-bright-spot", arena_printf(c->a,
		    "%s/bright-spots", href), "log");
		view_field(a, "text", "textarea", 1, 2000, NULL);
	}
	if (policy_log(&lc->f, LA_ADD_NOTE, NULL) == SL_OK) {
		a = action_for(c, "add-note", arena_printf(c->a, "%s/notes",
		    href), "log");
		view_field(a, "text", "textarea", 1, 8000, NULL);
		f = view_field(a, "concern", "select", 0, 0, NULL);
		for (i = 0; con != NULL && i < con->nrows; i++)
			if (id_in(visible, nvisible, dbrows_ll(con, i, 0)))
				option_label(f, dbrows_get(con, i, 0),
				    dbrows_get(con, i, 2));
		view_field(a, "private", "checkbox", 0, 0, NULL);
		view_field(a, "attachment", "file", 0, 0, NULL);
	}
	if (write) {
		a = action_for(c, "add-meeting", arena_printf(c->a,
		    "%s/meetings", href), "log");
		view_field(a, "at-date", "date", 1, 0, NULL);
		view_field(a, "at-time", "time", 1, 0, NULL);
		view_field(a, "place", "text", 1, 256, NULL);
		view_field(a, "participants", "textarea", 1, 4000, NULL);
		view_field(a, "agenda", "textarea", 0, 4000, NULL);
	}
	/* Not in meeting mode: who may read is changed after the password. */
	if (write && policy_log(&lc->f, LA_CHANGE_ACCESS, NULL) == SL_OK) {
		a = action_for(c, "add-grant", arena_printf(c->a, "%s/grants",
		    href), "log");
		f = view_field(a, "uid", "select", 0, 0, NULL);
		for (i = 0; i < staff->nrows; i++)
			if (strcmp(dbrows_get(staff, i, 0), c->sess.uid) != 0)
				option_label(f, dbrows_get(staff, i, 0),
				    arena_printf(c->a, "%s (%s)",
				    dbrows_get(staff, i, 1),
				    dbrows_get(staff, i, 2) ?
				    dbrows_get(staff, i, 2) : "-"));
		view_field(a, "uid-other", "text", 0, 128, NULL);
		select_opts(view_field(a, "scope", "select", 1, 0, "all"),
		    scopes);
		f = view_field(a, "categories", "multi", 0, 0, NULL);
		for (k = 0; k < cat->nrows; k++)
			option_label(f, dbrows_get(cat, k, 0),
			    dbrows_get(cat, k, 1));
		f = view_field(a, "concerns", "multi", 0, 0, NULL);
		for (i = 0; con != NULL && i < con->nrows; i++) {
			/* The stylesheet shows the date (dd.mm.åååå). */
			option_label(f, dbrows_get(con, i, 0),
			    dbrows_get(con, i, 2));
			view_attr(xmlGetLastChild(f), "date",
			    dbrows_get(con, i, 4));
		}
		select_opts(view_field(a, "history", "select", 1, 0, "all"),
		    histories);
		view_field(a, "expires", "date", 0, 0, NULL);
	}
	if (write) {
		if (c->sess.meeting_log != lc->id)
			action_for(c, "meeting-mode", arena_printf(c->a,
			    "%s/meeting-mode", href), "log");
		list = view_child(log, "categories", NULL);
		for (k = 0; k < cat->nrows; k++) {
			n = view_child(list, "category", NULL);
			view_attr(n, "id", dbrows_get(cat, k, 0));
			view_attr(n, "name", dbrows_get(cat, k, 1));
		}
	}
	if (policy_log(&lc->f, LA_WITHDRAW_CONSENT, NULL) == SL_OK)
		action_for(c, "withdraw-consent", arena_printf(c->a,
		    "%s/withdraw-consent", href), "log");
	if (c->sess.meeting_log == lc->id)
		view_action(c, "leave-meeting", "GET", "/meeting-mode/leave",
		    NULL);
	else {
		view_action(c, "logs", "GET", "/logs", NULL);
		if (!c->sess.family)
			view_action(c, "start", "GET", "/start", NULL);
	}
	view_action(c, "logout", "POST", "/logout", NULL);
	return ctx_audit(c, "view-log", lc->id, NULL, role_name(lc));
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
	if (lc->level >= 2)
		view_field(a, "actor-other", "text", 0, 128, NULL);
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
		if (lc->level >= 2)
			view_field(a, "actor-other", "text", 0, 128, NULL);
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

	if ((rc = log_build(c, lc)) != SL_OK)
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
