/*
 * view.h - building the XML view model (see xslt/README.md).  Every
 * string is checked (valid UTF-8, XML-legal characters) before it enters
 * the tree and is added as text, never parsed as markup.
 */
#ifndef SL_VIEW_H
#define SL_VIEW_H

#include "app.h"
#include "db.h"

/*
 * Start the view document for ctx: <page view lang status> with meta
 * (municipality, path, user, csrf), content and actions.  The document is
 * owned by ctx (freed after rendering).  SL_OK or SL_ENOMEM.
 */
enum sl_err view_new(struct ctx *, const char *view);

/* New child element with text content (NULL text: empty element). */
xmlNodePtr view_child(xmlNodePtr parent, const char *name, const char *text);
/* Set attribute (skipped when value is NULL). */
void view_attr(xmlNodePtr node, const char *name, const char *value);
/* Set attribute from a number. */
void view_attr_ll(xmlNodePtr node, const char *name, long long value);

/*
 * A child element named name whose attributes come from row r of rows:
 * attrs[i] names column i ("" skips a column), the list ends with NULL.
 * SQL NULLs give no attribute.
 */
xmlNodePtr view_row(xmlNodePtr parent, const char *name,
    const struct dbrows *rows, size_t r, const char *const *attrs);

/* <notice key/> and <error key/> in meta. */
void view_notice(struct ctx *, const char *key);
void view_error(struct ctx *, const char *key);

/*
 * Offer an action.  ret (may be NULL) is the page to come back to: it
 * is where a form posted after the session ended is shown again.
 */
xmlNodePtr view_action(struct ctx *, const char *name, const char *method,
    const char *href, const char *ret);
/* A field of an action; type as in xslt/README.md. */
xmlNodePtr view_field(xmlNodePtr action, const char *name, const char *type,
    int required, int maxlength, const char *value);
/* An option of a select field. */
void view_option(xmlNodePtr field, const char *value);
/* A field error inside an action. */
void view_field_error(xmlNodePtr action, const char *field, const char *key);
/*
 * Put the values of form (e.g. the user's rejected input or a restored
 * draft) into the action's fields, except passwords and files.
 */
void view_prefill(xmlNodePtr action, const struct kvlist *form);

#endif
