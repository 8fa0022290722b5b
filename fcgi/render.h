/*
 * render.h - the compiled stylesheet and message catalogs, and turning
 * a view into HTML or XML.
 */
#ifndef SL_RENDER_H
#define SL_RENDER_H

#include <libxml/tree.h>

#include "config.h"
#include "util.h"

/*
 * Set libxml2/libxslt global safety (no network, no external entities,
 * no file writes), then compile xslt_dir/page.xsl and parse the
 * catalogs.  Call once before fork, and again on reload: on failure the
 * previous stylesheet stays in use.  Errors are written to err.
 */
enum sl_err render_load(const struct config *, char *err, size_t errsz);
/* Free the compiled stylesheet and catalogs. */
void render_free(void);

/*
 * Render doc as HTML (page.xsl) into out, with "<!DOCTYPE html>" first.
 * SL_OK; SL_EDEADLINE when the request deadline (guard.h) passed
 * before or during the transform (stopped, nothing in out); SL_ESYS
 * when the transform failed (logged).
 */
enum sl_err render_html(xmlDocPtr doc, struct buf *out);
/* Serialize doc as XML (UTF-8, with declaration) into out. */
enum sl_err render_xml(xmlDocPtr doc, struct buf *out);

#endif
