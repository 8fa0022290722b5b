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
 * no file writes), then compile xslt_dir/page.xsl and print.xsl (and
 * mail.xsl and mail-text.xsl, only to refuse them when they do not
 * compile: render_load_mail keeps them), parse
 * the catalogs (i18n/ and i18n/print/) and load the PDF settings
 * (pdf_init).  Call once before fork, and again on reload: on failure the
 * previous stylesheet stays in use.  Errors are written to err.
 */
enum sl_err render_load(const struct config *, char *err, size_t errsz);
/*
 * Compile the notices' stylesheets (mail.xsl, mail-text.xsl) after
 * render_load, once: render_mail does it on first use, the notifier at
 * its start (render_load has checked that they compile).  SL_OK, or an error described in err.
 */
enum sl_err render_load_mail(char *err, size_t errsz);
/* Free the compiled stylesheet and catalogs. */
void render_free(void);

/*
 * Render doc as HTML (page.xsl) into out, with "<!DOCTYPE html>" first;
 * from the worker's render cache when it rendered the same view before
 * (see render.c).  SL_OK; SL_EDEADLINE when the request deadline
 * (guard.h) passed before or during the transform (stopped, nothing in
 * out); SL_ESYS when the transform failed (logged).
 */
enum sl_err render_html(xmlDocPtr doc, struct buf *out);
/*
 * As render_html, but the HTML keeps this worker's placeholder where the
 * view's CSRF token goes (render.c), for render_fill to put a session's
 * token in later (the log page cache keeps it, so the render cache does
 * not keep it again).  SL_ECONFLICT when the
 * render cache is off or the view has no well-formed token; otherwise
 * as render_html.
 */
enum sl_err render_html_template(xmlDocPtr doc, struct buf *out);
/*
 * Append tmpl (from render_html_template in this process) to out with
 * token in the placeholder's place: the HTML render_html gives for the
 * same view with that token.  SL_ECONFLICT when the placeholder is not
 * this process's or token is not a well-formed token (nothing added).
 */
enum sl_err render_fill(struct buf *out, const char *tmpl, size_t len,
    const char *token);
/* Empty the render cache (it is per process). */
void render_cache_clear(void);
/* Hits and misses of the render cache so far, and the bytes it holds. */
void render_cache_stats(unsigned long long *hits, unsigned long long *misses,
    size_t *bytes);
/*
 * Turn doc into the print layout (print.xsl, see pdf.h) in *layout,
 * which the caller frees with xmlFreeDoc.  SL_OK or SL_ESYS (logged).
 */
enum sl_err render_layout(xmlDocPtr doc, xmlDocPtr *layout);

/* The languages of the print catalogs (consent forms): nb, nn, en, ar... */
#define PRINT_NLANGS 9
extern const char *const print_langs[PRINT_NLANGS];

/*
 * A notice (view "notice", see xslt/mail.xsl) as HTML (text 0) or as
 * plain text (text 1, xslt/mail-text.xsl: the subject on the first
 * line, a blank line, the body) appended to out.  SL_OK or SL_ESYS.
 */
enum sl_err render_mail(xmlDocPtr doc, int text, struct buf *out);

/* Serialize doc as XML (UTF-8, with declaration) into out. */
enum sl_err render_xml(xmlDocPtr doc, struct buf *out);

#endif
