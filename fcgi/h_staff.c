/*
 * h_staff.c - a unit leader decides which of the unit's employees may
 * hold logs (stafettholder) and act on measures (aktør).  The employees
 * themselves come from the directory (every one that ldap-sync or a
 * login recorded, marked when disabled or gone, with how many active
 * logs they hold: no child's name); these two permissions are ours.
 */
#include <string.h>

#include "form.h"
#include "handlers.h"
#include "view.h"

/* SL_OK when the session user leads unit; *name receives its name. */
static enum sl_err
leads(struct ctx *c, const char *unit, const char **name)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	*name = NULL;
	if (unit == NULL || strlen(unit) > 128)
		return SL_ENOTFOUND;
	if ((rc = db_query(c->db, c->a, &r, "SELECT u.name FROM staff_unit su"
	    " JOIN unit u ON u.id = su.unit_id WHERE su.uid = ? AND"
	    " su.unit_id = ? AND su.role = 'leader'", "ss", c->sess.uid,
	    unit)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_EFORBIDDEN;
	*name = dbrows_get(r, 0, 0);
	return SL_OK;
}

/*
 * state: active, disabled (the directory has the account disabled) or
 * gone (the directory no longer has it); a person who is not active and
 * holds logs makes those logs need a new holder.  logged-in: 1 when the
 * person has logged in at least once (the list comes from the directory
 * as ldap-sync and logins recorded it, not only from logins).
 */
static const char *const person_attrs[] = { "uid", "name", "role",
    "may-hold", "may-act", "logs", "state", "logged-in", NULL };

enum sl_err
h_staff(struct ctx *c)
{
	const char	*unit = kv_get(&c->query, "unit"), *name;
	char		*here;
	struct dbrows	*r;
	xmlNodePtr	 u, list, a;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = leads(c, unit, &name)) != SL_OK)
		return rc;
	if ((rc = db_query(c->db, c->a, &r, "SELECT s.uid, s.name, su.role,"
	    " COALESCE(p.may_hold, 1), COALESCE(p.may_act, 1),"
	    " (SELECT COUNT(*) FROM log l WHERE l.holder_uid = s.uid AND"
	    " l.status = 'active'), CASE WHEN s.gone_at IS NOT NULL THEN"
	    " 'gone' WHEN s.disabled_at IS NOT NULL THEN 'disabled' ELSE"
	    " 'active' END, s.last_login IS NOT NULL FROM staff_unit su"
	    " JOIN staff s ON s.uid = su.uid LEFT JOIN staff_permission p"
	    " ON p.uid = su.uid AND p.unit_id = su.unit_id"
	    " WHERE su.unit_id = ? ORDER BY s.name LIMIT 1000", "s",
	    unit)) != SL_OK)
		return rc;
	if ((rc = view_new(c, "unit-staff")) != SL_OK)
		return rc;
	here = arena_printf(c->a, "/staff?unit=%s", http_pctencode(c->a, unit,
	    strlen(unit)));
	u = view_child(c->content, "unit", NULL);
	view_attr(u, "id", unit);
	view_attr(u, "name", name);
	list = view_child(c->content, "staff", NULL);
	for (i = 0; i < r->nrows; i++) {
		view_row(list, "person", r, i, person_attrs);
		a = view_action(c, "set-permissions", "POST", "/staff", here);
		view_attr(a, "for", arena_printf(c->a, "person-%s",
		    dbrows_get(r, i, 0)));
		view_field(a, "unit", "hidden", 1, 0, unit);
		view_field(a, "uid", "hidden", 1, 0, dbrows_get(r, i, 0));
		view_field(a, "may-hold", "checkbox", 0, 0,
		    dbrows_get(r, i, 3));
		view_field(a, "may-act", "checkbox", 0, 0, dbrows_get(r, i, 4));
	}
	if (kv_get(&c->query, "saved") != NULL)
		view_notice(c, "staff.saved");
	view_action(c, "start", "GET", "/start", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}

enum sl_err
h_staff_post(struct ctx *c)
{
	struct form	 f;
	struct dbrows	*r;
	const char	*unit, *uid, *name;
	enum sl_err	 rc;
	int		 hold, act;

	form_init(&f, c);
	unit = form_line(&f, "unit", 128, 1);
	uid = form_line(&f, "uid", 128, 1);
	if (f.nerr > 0)
		return SL_EINPUT;
	if ((rc = leads(c, unit, &name)) != SL_OK)
		return rc;
	/* Only employees of this unit (as the directory says). */
	if ((rc = db_query(c->db, c->a, &r, "SELECT 1 FROM staff_unit WHERE"
	    " uid = ? AND unit_id = ?", "ss", uid, unit)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	hold = form_bool(&f, "may-hold");
	act = form_bool(&f, "may-act");
	TX_BEGIN(c)
	rc = db_exec(c->db, "INSERT INTO staff_permission (uid, unit_id,"
	    " may_hold, may_act, set_by, set_at) VALUES (?, ?, ?, ?, ?,"
	    " UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE may_hold ="
	    " VALUES(may_hold), may_act = VALUES(may_act), set_by ="
	    " VALUES(set_by), set_at = VALUES(set_at)", "ssiis", uid, unit,
	    (long long)hold, (long long)act, c->sess.uid);
	if (rc == SL_OK)
		rc = ctx_audit(c, "set-permissions", 0, uid, arena_printf(c->a,
		    "%s hold=%d act=%d", unit, hold, act));
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	return ctx_redirect(c, arena_printf(c->a, "/staff?unit=%s&saved=1",
	    http_pctencode(c->a, unit, strlen(unit))));
}
