/*
 * h_start.c - the start page: who you are, your units and roles as
 * read from the directory at login, and forms kept from an ended session.
 */
#include <string.h>

#include "handlers.h"
#include "session.h"
#include "view.h"

enum sl_err
h_start(struct ctx *c)
{
	struct dbrows	*p, *u, *d;
	xmlNodePtr	 n, list;
	enum sl_err	 rc;
	size_t		 i;

	if ((rc = db_query(c->db, c->a, &p, "SELECT name, mail FROM staff"
	    " WHERE uid = ?", "s", c->sess.uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &u, "SELECT u.id, u.name, su.role"
	    " FROM staff_unit su JOIN unit u ON u.id = su.unit_id"
	    " WHERE su.uid = ? ORDER BY u.name", "s", c->sess.uid)) != SL_OK ||
	    (rc = db_query(c->db, c->a, &d, "SELECT id, return_path,"
	    " DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM draft"
	    " WHERE uid = ? AND restored_at IS NULL AND created_at >"
	    " UTC_TIMESTAMP() - INTERVAL ? SECOND ORDER BY id DESC LIMIT 20",
	    "si", c->sess.uid, c->cfg->draft_ttl)) != SL_OK)
		return rc;
	if (p->nrows != 1)
		return SL_ENOTFOUND;
	if ((rc = view_new(c, "start")) != SL_OK)
		return rc;
	n = view_child(c->content, "person", NULL);
	view_attr(n, "uid", c->sess.uid);
	view_attr(n, "name", dbrows_get(p, 0, 0));
	view_attr(n, "mail", dbrows_get(p, 0, 1));
	list = view_child(c->content, "units", NULL);
	for (i = 0; i < u->nrows; i++) {
		n = view_child(list, "unit", NULL);
		view_attr(n, "id", dbrows_get(u, i, 0));
		view_attr(n, "name", dbrows_get(u, i, 1));
		view_attr(n, "role", dbrows_get(u, i, 2));
	}
	list = view_child(c->content, "roles", NULL);
	view_attr(view_child(list, "role", NULL), "name", "staff");
	if (c->sess.is_leader)
		view_attr(view_child(list, "role", NULL), "name", "leader");
	if (c->sess.is_admin)
		view_attr(view_child(list, "role", NULL), "name", "admin");
	list = view_child(c->content, "drafts", NULL);
	for (i = 0; i < d->nrows; i++) {
		const char *ret = dbrows_get(d, i, 1);
		const char *id = dbrows_get(d, i, 0);
		char *href;
		if (!return_path_ok(ret))
			continue;
		href = arena_printf(c->a, "%s%cdraft=%s", ret,
		    strchr(ret, '?') ? '&' : '?', id);
		n = view_child(list, "draft", NULL);
		view_attr(n, "id", id);
		view_attr(n, "href", href);
		view_attr(n, "created", dbrows_get(d, i, 2));
	}
	/* A leader manages who in the unit may hold logs and act. */
	for (i = 0; i < u->nrows; i++)
		if (strcmp(dbrows_get(u, i, 2), "leader") == 0) {
			xmlNodePtr a = view_action(c, "unit-staff", "GET",
			    arena_printf(c->a, "/staff?unit=%s",
			    http_pctencode(c->a, dbrows_get(u, i, 0),
			    strlen(dbrows_get(u, i, 0)))), NULL);
			view_attr(a, "for", arena_printf(c->a, "unit-%s",
			    dbrows_get(u, i, 0)));
			view_attr(a, "label", dbrows_get(u, i, 1));
		}
	if (c->sess.is_admin)
		view_action(c, "categories", "GET", "/admin/categories", NULL);
	view_action(c, "logs", "GET", "/logs", NULL);
	view_action(c, "profile", "GET", "/profile", NULL);
	view_action(c, "logout", "POST", "/logout", NULL);
	return SL_OK;
}
