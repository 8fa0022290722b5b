/*
 * render.c - compiled XSLT and catalogs kept for the life of the
 * process (parsed before the workers fork, shared copy-on-write).
 *
 * Security: the stylesheet is ours, the data is not.  The view model is
 * built in memory (never parsed), libxslt may not write files, create
 * folders or use the network, and the entity loader refuses everything
 * but files in the stylesheet folder.
 *
 * The request deadline reaches into the transform through libxslt's
 * debugger hooks (xsltSetDebuggerCallbacks), its only callback into a
 * running transform: every sequence constructor (each template, each
 * xsl:for-each item) calls xslt_tick, which every 256 calls looks at
 * the clock and, after the deadline, stops the transform the way
 * libxslt stops itself on an error (state XSLT_STATE_STOPPED).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "guard.h"
#include "pdf.h"
#include "render.h"

#define NPAGECAT 3
#define NCATALOG (NPAGECAT + PRINT_NLANGS)

/* The page catalogs, then the print catalogs (i18n/print/LANG.xml). */
static const char *const langs[NCATALOG] = { "nb", "nn", "en",
    "print/nb", "print/nn", "print/en", "print/ar", "print/fa-AF",
    "print/ps", "print/so", "print/ti", "print/tr" };

const char *const print_langs[PRINT_NLANGS] = { "nb", "nn", "en", "ar",
    "fa-AF", "ps", "so", "ti", "tr" };

static struct {
	xsltStylesheetPtr	 style;
	xsltStylesheetPtr	 print;		/* print.xsl: view to layout */
	xmlDocPtr		 catalog[NCATALOG];
	xsltSecurityPrefsPtr	 sec;
	char			 dir[PATH_MAX];	/* realpath of xslt_dir */
	xmlExternalEntityLoader	 default_loader;
} R;

static void render_free_styles(void);

/* Only local files under the stylesheet folder may be loaded. */
static int
path_allowed(const char *url)
{
	char		 real[PATH_MAX];
	size_t		 n;

	if (url == NULL)
		return 0;
	if (strncmp(url, "file://", 7) == 0)
		url += 7;
	if (strstr(url, "://") != NULL)
		return 0;
	if (realpath(url, real) == NULL)
		return 0;
	n = strlen(R.dir);
	return R.dir[0] != '\0' && strncmp(real, R.dir, n) == 0 &&
	    real[n] == '/';
}

static xmlParserInputPtr
entity_loader(const char *url, const char *id, xmlParserCtxtPtr pctx)
{
	if (!path_allowed(url)) {
		log_warnx("render: refused to load %s", url ? url : "(null)");
		return NULL;
	}
	return R.default_loader(url, id, pctx);
}

static int
sec_read_file(xsltSecurityPrefsPtr sec, xsltTransformContextPtr tc,
    const char *value)
{
	size_t	 i;

	(void)sec;
	(void)tc;
	/* The preloaded catalogs are allowed without touching the disk. */
	for (i = 0; i < NCATALOG; i++)
		if (R.catalog[i] != NULL && R.catalog[i]->URL != NULL &&
		    value != NULL && strcmp((const char *)R.catalog[i]->URL,
		    value) == 0)
			return 1;
	return path_allowed(value);
}

/* The debugger hooks of libxslt (xsltutils.h), in their order. */
struct xslt_hooks {
	xsltHandleDebuggerCallback	 handler;
	xsltAddCallCallback		 add;
	xsltDropCallCallback		 drop;
};

static void
xslt_tick(xmlNodePtr cur, xmlNodePtr node, xsltTemplatePtr templ,
    xsltTransformContextPtr tc)
{
	static unsigned int	 n;

	(void)cur;
	(void)node;
	(void)templ;
	if ((++n & 255) == 0 && guard_expired()) {
		tc->state = XSLT_STATE_STOPPED;
		tc->debugStatus = XSLT_DEBUG_QUIT;
	}
}

static int
xslt_add(xsltTemplatePtr templ, xmlNodePtr source)
{
	(void)templ;
	(void)source;
	return 0;	/* no frame kept: xslt_drop is not called */
}

static void
xslt_drop(void)
{
}

static enum sl_err
set_security(void)
{
	xsltSecurityPrefsPtr	 sec;

	if (R.sec != NULL)
		return SL_OK;
	if (R.default_loader == NULL)
		R.default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(entity_loader);
	if ((sec = xsltNewSecurityPrefs()) == NULL)
		return SL_ENOMEM;
	if (xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK,
	    xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE,
	    sec_read_file) != 0) {
		xsltFreeSecurityPrefs(sec);
		return SL_ESYS;
	}
	xsltSetDefaultSecurityPrefs(sec);
	R.sec = sec;
	{
		static struct xslt_hooks h = { xslt_tick, xslt_add, xslt_drop };
		if (xsltSetDebuggerCallbacks(3, &h) != 0)
			log_warnx("render: libxslt has no debugger hooks; the "
			    "request deadline cannot stop a transform");
	}
	return SL_OK;
}

/* Compile dir/name (our own file, read without network access). */
static xsltStylesheetPtr
compile(const char *dir, const char *name, char *err, size_t errsz)
{
	xsltStylesheetPtr	 style;
	xmlDocPtr		 sdoc;
	char			 path[PATH_MAX];

	if (bsnprintf(path, sizeof(path), "%s/%s", dir, name) != SL_OK)
		return NULL;
	if ((sdoc = xmlReadFile(path, NULL, XML_PARSE_NONET)) == NULL) {
		(void)bsnprintf(err, errsz, "%s: not well-formed", path);
		return NULL;
	}
	if ((style = xsltParseStylesheetDoc(sdoc)) == NULL ||
	    style->errors != 0) {
		(void)bsnprintf(err, errsz, "%s: does not compile", path);
		if (style == NULL)
			xmlFreeDoc(sdoc);
		else
			xsltFreeStylesheet(style);
		return NULL;
	}
	return style;
}

enum sl_err
render_load(const struct config *cfg, char *err, size_t errsz)
{
	xsltStylesheetPtr	 style = NULL, print = NULL;
	xmlDocPtr		 cat[NCATALOG] = { NULL };
	char			 path[PATH_MAX], real[PATH_MAX];
	enum sl_err		 rc = SL_ESYS;
	size_t			 i;

	if (realpath(cfg->xslt_dir, real) == NULL) {
		(void)bsnprintf(err, errsz, "xslt_dir %s: not found",
		    cfg->xslt_dir);
		return SL_ESYS;
	}
	memcpy(R.dir, real, sizeof(R.dir));
	if ((rc = set_security()) != SL_OK) {
		(void)bsnprintf(err, errsz, "cannot set XSLT security");
		return rc;
	}
	rc = SL_ESYS;
	for (i = 0; i < NCATALOG; i++) {
		if (bsnprintf(path, sizeof(path), "%s/i18n/%s.xml", real,
		    langs[i]) != SL_OK)
			goto fail;
		cat[i] = xmlReadFile(path, "UTF-8", XML_PARSE_NONET |
		    XML_PARSE_NOBLANKS);
		if (cat[i] == NULL) {
			(void)bsnprintf(err, errsz, "%s: not well-formed",
			    path);
			goto fail;
		}
	}
	if ((style = compile(real, "page.xsl", err, errsz)) == NULL ||
	    (print = compile(real, "print.xsl", err, errsz)) == NULL)
		goto fail;
	if ((rc = pdf_init(cfg, err, errsz)) != SL_OK)
		goto fail;
	render_free_styles();
	R.style = style;
	R.print = print;
	for (i = 0; i < NCATALOG; i++)
		R.catalog[i] = cat[i];
	return SL_OK;
fail:
	if (style != NULL)
		xsltFreeStylesheet(style);
	if (print != NULL)
		xsltFreeStylesheet(print);
	for (i = 0; i < NCATALOG; i++)
		xmlFreeDoc(cat[i]);
	return rc;
}

/* The stylesheets and catalogs, not the PDF settings. */
static void
render_free_styles(void)
{
	size_t	 i;

	if (R.style != NULL)
		xsltFreeStylesheet(R.style);
	R.style = NULL;
	if (R.print != NULL)
		xsltFreeStylesheet(R.print);
	R.print = NULL;
	for (i = 0; i < NCATALOG; i++) {
		xmlFreeDoc(R.catalog[i]);
		R.catalog[i] = NULL;
	}
}

void
render_free(void)
{
	render_free_styles();
	pdf_free();
}

/*
 * Offer the parsed catalogs to the transform as already-loaded
 * documents, so document('i18n/nb.xml') costs no parsing.  They are
 * marked "main" so that libxslt does not free them afterwards.
 */
static void
preload_catalogs(xsltTransformContextPtr tc)
{
	xsltDocumentPtr	 d;
	size_t		 i;

	for (i = 0; i < NCATALOG; i++) {
		if (R.catalog[i] == NULL)
			continue;
		if ((d = xsltNewDocument(tc, R.catalog[i])) != NULL)
			d->main = 1;
	}
}

/*
 * Apply style to doc with our limits and the request's deadline.  SL_OK
 * with the result in *out (the caller frees it); SL_EDEADLINE when the
 * deadline stopped it; another status (logged) when it failed.
 */
static enum sl_err
transform(xsltStylesheetPtr style, xmlDocPtr doc, xmlDocPtr *out)
{
	xsltTransformContextPtr	 tc;
	xmlDocPtr		 res;
	enum sl_err		 rc = SL_OK;

	*out = NULL;
	if (style == NULL)
		return SL_ESYS;
	if (guard_expired())
		return SL_EDEADLINE;
	if ((tc = xsltNewTransformContext(style, doc)) == NULL)
		return SL_ENOMEM;
	tc->debugStatus = XSLT_DEBUG_CONT;	/* xslt_tick is called */
	xsltSetCtxtSecurityPrefs(R.sec, tc);
	xsltSetCtxtParseOptions(tc, XML_PARSE_NONET);
	tc->maxTemplateDepth = 500;
	tc->maxTemplateVars = 5000;
	preload_catalogs(tc);
	res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, tc);
	if (tc->state == XSLT_STATE_STOPPED && guard_was_stopped())
		rc = SL_EDEADLINE;
	else if (res == NULL || tc->state != XSLT_STATE_OK) {
		log_warnx("render: transform failed");
		rc = SL_ESYS;
	}
	if (rc != SL_OK) {
		xmlFreeDoc(res);
		res = NULL;
	}
	xsltFreeTransformContext(tc);
	*out = res;
	return rc;
}

enum sl_err
render_html(xmlDocPtr doc, struct buf *out)
{
	xmlDocPtr		 res = NULL;
	xmlChar			*s = NULL;
	int			 len = 0;
	enum sl_err		 rc;

	if ((rc = transform(R.style, doc, &res)) != SL_OK)
		return rc;
	rc = SL_ESYS;
	if (xsltSaveResultToString(&s, &len, res, R.style) != 0) {
		log_warnx("render: cannot serialize");
		goto out;
	}
	buf_puts(out, "<!DOCTYPE html>\n");
	if (s != NULL)
		buf_append(out, s, (size_t)len);
	rc = out->oom ? SL_ENOMEM : SL_OK;
out:
	xmlFree(s);
	xmlFreeDoc(res);
	return rc;
}

enum sl_err
render_layout(xmlDocPtr doc, xmlDocPtr *layout)
{
	return transform(R.print, doc, layout);
}

enum sl_err
render_xml(xmlDocPtr doc, struct buf *out)
{
	xmlChar	*s = NULL;
	int	 len = 0;

	xmlDocDumpFormatMemoryEnc(doc, &s, &len, "UTF-8", 1);
	if (s == NULL)
		return SL_ENOMEM;
	buf_append(out, s, (size_t)len);
	xmlFree(s);
	return out->oom ? SL_ENOMEM : SL_OK;
}
