/*
 * view.c - helpers that build the XML view model.
 */
#include <stdio.h>
#include <string.h>

#include "view.h"

/*
 * Text for the tree: valid XML text or a replacement.  Data that is not
 * valid UTF-8 never reaches the tree (it would make libxml2 switch the
 * document encoding).
 */
static const xmlChar *
safe(const char *s)
{
	if (s == NULL)
		return NULL;
	if (!xml_text_ok(s, strlen(s))) {
		log_warnx("view: dropped text that is not valid XML/UTF-8");
		return (const xmlChar *)"\xEF\xBF\xBD";
	}
	return (const xmlChar *)s;
}

xmlNodePtr
view_child(xmlNodePtr parent, const char *name, const char *text)
{
	if (parent == NULL)
		return NULL;
	/* xmlNewTextChild escapes the content: it is never parsed. */
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	    safe(text));
}

void
view_attr(xmlNodePtr node, const char *name, const char *value)
{
	if (node == NULL || value == NULL)
		return;
	xmlSetProp(node, (const xmlChar *)name, safe(value));
}

void
view_attr_ll(xmlNodePtr node, const char *name, long long value)
{
	char	 b[32];

	if (bsnprintf(b, sizeof(b), "%lld", value) == SL_OK)
		view_attr(node, name, b);
}

xmlNodePtr
view_row(xmlNodePtr parent, const char *name, const struct dbrows *rows,
    size_t r, const char *const *attrs)
{
	xmlNodePtr	 n;
	size_t		 i;

	n = view_child(parent, name, NULL);
	for (i = 0; attrs[i] != NULL; i++)
		if (attrs[i][0] != '\0')
			view_attr(n, attrs[i], dbrows_get(rows, r, i));
	return n;
}

enum sl_err
view_new(struct ctx *c, const char *view)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, u;

	if (c->view != NULL) {
		xmlFreeDoc(c->view);
		c->view = NULL;
	}
	if ((doc = xmlNewDoc((const xmlChar *)"1.0")) == NULL)
		return SL_ENOMEM;
	if ((root = xmlNewDocNode(doc, NULL, (const xmlChar *)"page",
	    NULL)) == NULL) {
		xmlFreeDoc(doc);
		return SL_ENOMEM;
	}
	xmlDocSetRootElement(doc, root);
	c->html_ready = NULL;	/* another page now (an error page) */
	view_attr(root, "view", view);
	view_attr(root, "lang", c->lang);
	view_attr_ll(root, "status", c->status ? c->status : 200);
	c->view = doc;
	c->meta = view_child(root, "meta", NULL);
	view_child(c->meta, "municipality", c->cfg->municipality);
	view_child(c->meta, "path", c->path);
	if (c->sess.state == SESS_VALID) {
		u = view_child(c->meta, "user", NULL);
		view_attr(u, "uid", c->sess.uid);
		view_attr(u, "name", c->sess.name);
		if (c->sess.family)
			view_attr(u, "kind", "family");
		view_child(c->meta, "csrf", c->sess.csrf);
	}
	c->content = view_child(root, "content", NULL);
	c->actions = view_child(root, "actions", NULL);
	if (c->meta == NULL || c->content == NULL || c->actions == NULL)
		return SL_ENOMEM;
	return SL_OK;
}

void
view_notice(struct ctx *c, const char *key)
{
	view_attr(view_child(c->meta, "notice", NULL), "key", key);
}

void
view_error(struct ctx *c, const char *key)
{
	view_attr(view_child(c->meta, "error", NULL), "key", key);
}

xmlNodePtr
view_action(struct ctx *c, const char *name, const char *method,
    const char *href, const char *ret)
{
	xmlNodePtr	 n;

	n = view_child(c->actions, "action", NULL);
	view_attr(n, "name", name);
	view_attr(n, "method", method);
	view_attr(n, "href", href);
	view_attr(n, "return", ret);
	return n;
}

xmlNodePtr
view_field(xmlNodePtr action, const char *name, const char *type,
    int required, int maxlength, const char *value)
{
	xmlNodePtr	 f;

	f = view_child(action, "field", NULL);
	view_attr(f, "name", name);
	view_attr(f, "type", type);
	if (required)
		view_attr(f, "required", "1");
	if (maxlength > 0)
		view_attr_ll(f, "maxlength", maxlength);
	view_attr(f, "value", value);
	return f;
}

void
view_option(xmlNodePtr field, const char *value)
{
	view_attr(view_child(field, "option", NULL), "value", value);
}

void
view_field_error(xmlNodePtr action, const char *field, const char *key)
{
	xmlNodePtr	 e;

	e = view_child(action, "error", NULL);
	view_attr(e, "field", field);
	view_attr(e, "key", key);
}

/* A multi field's value: every posted value, separated by spaces. */
static void
prefill_multi(xmlNodePtr f, const struct kvlist *form, const char *name)
{
	const struct kv	*kv;
	struct buf	 b;

	buf_init(&b);
	for (kv = form->head; kv != NULL; kv = kv->next) {
		if (strcmp(kv->name, name) != 0 || strchr(kv->value, ' '))
			continue;
		if (b.len > 0)
			buf_append(&b, " ", 1);
		buf_puts(&b, kv->value);
	}
	buf_append(&b, "", 1);
	if (!b.oom)
		view_attr(f, "value", b.data);
	buf_free(&b);
}

void
view_prefill(xmlNodePtr action, const struct kvlist *form)
{
	xmlNodePtr	 f;
	xmlChar		*name, *type;
	const char	*v;

	if (action == NULL || form == NULL)
		return;
	for (f = action->children; f != NULL; f = f->next) {
		if (f->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(f->name, (const xmlChar *)"field"))
			continue;
		name = xmlGetProp(f, (const xmlChar *)"name");
		type = xmlGetProp(f, (const xmlChar *)"type");
		if (name != NULL && type != NULL &&
		    xmlStrEqual(type, (const xmlChar *)"multi"))
			prefill_multi(f, form, (const char *)name);
		else if (name != NULL && type != NULL &&
		    !xmlStrEqual(type, (const xmlChar *)"password") &&
		    !xmlStrEqual(type, (const xmlChar *)"file") &&
		    (v = kv_get(form, (const char *)name)) != NULL)
			view_attr(f, "value", v);
		else if (name != NULL && type != NULL &&
		    xmlStrEqual(type, (const xmlChar *)"checkbox"))
			view_attr(f, "value", "0");
		xmlFree(name);
		xmlFree(type);
	}
}
