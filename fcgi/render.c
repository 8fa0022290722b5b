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
 *
 * The render cache
 * ----------------
 * The HTML is a function of the view alone: the stylesheet and the
 * catalogs are fixed for the life of a worker, and the stylesheet reads
 * no clock, no file but the catalogs and no node identity (generate-id).
 * So a view this worker has rendered before gets the HTML made for it
 * then.  The key is the whole view, serialized and compared byte for
 * byte (a hash only picks the candidate), with one exception: the
 * session's CSRF token in meta/csrf is replaced by a placeholder before
 * the view is serialized and rendered, and the token is put back into
 * the HTML when it is sent.  A hit therefore needs the very view that
 * policy just built for this request: nothing stale (what changed in the
 * data changed the view) and nothing another user may see (the view
 * names its user, and holds only what policy gave them) can come out.
 * The placeholder has the shape of a token (64 hex characters: the
 * stylesheet copies it unchanged) and is drawn from the RNG by each
 * worker; it never leaves the process, as every occurrence is replaced,
 * so the HTML is exactly what the stylesheet makes of the view with the
 * token.  Memory: at most render_cache_kb per worker, the least recently
 * used entries go first; 0 turns the cache off.
 */
#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "crypto.h"
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
	xsltStylesheetPtr	 mail_html;	/* mail.xsl: a notice as HTML */
	xsltStylesheetPtr	 mail_text;	/* mail-text.xsl: as plain text */
	xmlDocPtr		 catalog[NCATALOG];
	xsltSecurityPrefsPtr	 sec;
	char			 dir[PATH_MAX];	/* realpath of xslt_dir */
	xmlExternalEntityLoader	 default_loader;
} R;

/* One rendered view: the serialized view (the key) and its HTML. */
struct rc_entry {
	struct lru_link	 link;		/* first: most recently used first */
	uint64_t	 hash;
	size_t		 xmllen, htmllen, size;
	char		*xml, *html;	/* in the same allocation */
};

static struct {
	size_t		 max;		/* bytes; 0: no cache */
	size_t		 used;
	struct lru_list	 lru;
	char		 ph[TOKEN_HEX];	/* the placeholder of the token */
	pid_t		 ph_pid;	/* the worker that drew it */
	unsigned long long hits, misses;
} C;

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

/*
 * The notices' stylesheets must compile too (a reload refuses them as
 * any other), but are not kept here: compiled, freed, and the freed heap
 * given back, so that the workers forked after do not carry the pages
 * (render_load_mail compiles them where notices are rendered).
 */
static enum sl_err
check_mail(const char *dir, char *err, size_t errsz)
{
	xsltStylesheetPtr	 m;

	if ((m = compile(dir, "mail.xsl", err, errsz)) == NULL)
		return SL_ESYS;
	xsltFreeStylesheet(m);
	if ((m = compile(dir, "mail-text.xsl", err, errsz)) == NULL)
		return SL_ESYS;
	xsltFreeStylesheet(m);
	(void)malloc_trim(0);
	return SL_OK;
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
	    (print = compile(real, "print.xsl", err, errsz)) == NULL ||
	    (rc = check_mail(real, err, errsz)) != SL_OK)
		goto fail;
	if ((rc = pdf_init(cfg, err, errsz)) != SL_OK)
		goto fail;
	render_free_styles();
	C.max = (size_t)cfg->render_cache_kb * 1024;
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

/*
 * The notices' stylesheets (mail.xsl, mail-text.xsl) are compiled only
 * where notices are rendered (the notifier; render_load only checks that
 * they compile): each imports page.xsl, so each compiled copy costs about 4 MB,
 * which the web workers, who never render a notice, no longer carry.
 */
enum sl_err
render_load_mail(char *err, size_t errsz)
{
	xsltStylesheetPtr	 mhtml = NULL, mtext = NULL;

	if (R.mail_html != NULL && R.mail_text != NULL)
		return SL_OK;
	if (R.style == NULL || R.dir[0] == '\0') {
		(void)bsnprintf(err, errsz, "the stylesheets are not loaded");
		return SL_ESYS;
	}
	if ((mhtml = compile(R.dir, "mail.xsl", err, errsz)) == NULL ||
	    (mtext = compile(R.dir, "mail-text.xsl", err, errsz)) == NULL) {
		if (mhtml != NULL)
			xsltFreeStylesheet(mhtml);
		return SL_ESYS;
	}
	R.mail_html = mhtml;
	R.mail_text = mtext;
	return SL_OK;
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
	if (R.mail_html != NULL)
		xsltFreeStylesheet(R.mail_html);
	R.mail_html = NULL;
	if (R.mail_text != NULL)
		xsltFreeStylesheet(R.mail_text);
	R.mail_text = NULL;
	for (i = 0; i < NCATALOG; i++) {
		xmlFreeDoc(R.catalog[i]);
		R.catalog[i] = NULL;
	}
	render_cache_clear();
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

/*
 * Transform doc with page.xsl into the HTML (xmlFree) in *s, *len.
 * SL_OK, SL_EDEADLINE, or another status (logged).
 */
static enum sl_err
transform_html(xmlDocPtr doc, xmlChar **s, int *len)
{
	xmlDocPtr	 res = NULL;
	enum sl_err	 rc;

	*s = NULL;
	*len = 0;
	if ((rc = transform(R.style, doc, &res)) != SL_OK)
		return rc;
	rc = SL_OK;
	if (xsltSaveResultToString(s, len, res, R.style) != 0) {
		log_warnx("render: cannot serialize");
		xmlFree(*s);
		*s = NULL;
		*len = 0;
		rc = SL_ESYS;
	}
	xmlFreeDoc(res);
	return rc;
}

void
render_cache_clear(void)
{
	struct lru_link	*l, *next;

	for (l = C.lru.head; l != NULL; l = next) {
		next = l->next;
		free(l);	/* the link is the entry's first member */
	}
	C.lru.head = C.lru.tail = NULL;
	C.used = 0;
}

void
render_cache_stats(unsigned long long *hits, unsigned long long *misses,
    size_t *bytes)
{
	*hits = C.hits;
	*misses = C.misses;
	*bytes = C.used;
}

/* The entry for exactly this serialized view (made most recent), or NULL. */
static struct rc_entry *
rc_find(uint64_t h, const char *xml, size_t len)
{
	struct lru_link	*l;
	struct rc_entry	*e;

	for (l = C.lru.head; l != NULL; l = l->next) {
		e = (struct rc_entry *)l;
		if (e->hash != h || e->xmllen != len ||
		    memcmp(e->xml, xml, len) != 0)
			continue;
		lru_unlink(&C.lru, l);
		lru_push(&C.lru, l);
		return e;
	}
	return NULL;
}

/* Keep html for xml, dropping the least recently used to stay in C.max. */
static void
rc_store(uint64_t h, const char *xml, size_t xmllen, const char *html,
    size_t htmllen)
{
	struct rc_entry	*e;
	size_t		 size = sizeof(*e) + xmllen + htmllen;

	if (size > C.max / 4)
		return;		/* one page may not crowd out the rest */
	while (C.lru.tail != NULL && C.used + size > C.max) {
		e = (struct rc_entry *)C.lru.tail;
		lru_unlink(&C.lru, &e->link);
		C.used -= e->size;
		free(e);
	}
	if ((e = malloc(size)) == NULL)
		return;
	e->hash = h;
	e->size = size;
	e->xml = (char *)(e + 1);
	e->xmllen = xmllen;
	memcpy(e->xml, xml, xmllen);
	e->html = e->xml + xmllen;
	e->htmllen = htmllen;
	memcpy(e->html, html, htmllen);
	lru_push(&C.lru, &e->link);
	C.used += size;
}

/*
 * Append html to out with every placeholder replaced by token (NULL: a
 * view without a token, nothing to replace).
 */
static void
put_with_token(struct buf *out, const char *html, size_t len,
    const char *token)
{
	const char	*p = html, *end = html + len, *hit;
	size_t		 n = TOKEN_HEX - 1;

	while (token != NULL &&
	    (hit = memmem(p, (size_t)(end - p), C.ph, n)) != NULL) {
		buf_append(out, p, (size_t)(hit - p));
		buf_puts(out, token);
		p = hit + n;
	}
	buf_append(out, p, (size_t)(end - p));
}

/* The text node of /page/meta/csrf, or NULL. */
static xmlNodePtr
csrf_node(xmlDocPtr doc)
{
	xmlNodePtr	 n, m;

	if ((n = xmlDocGetRootElement(doc)) == NULL)
		return NULL;
	for (m = n->children; m != NULL; m = m->next)
		if (m->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(m->name, (const xmlChar *)"meta"))
			break;
	for (n = m != NULL ? m->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, (const xmlChar *)"csrf"))
			break;
	if (n == NULL || n->children == NULL || n->children->next != NULL ||
	    n->children->type != XML_TEXT_NODE)
		return NULL;
	return n->children;
}

/*
 * render_html, or with keep_ph the HTML with the placeholder left where
 * the token goes (render_html_template).
 */
static enum sl_err
render_any(xmlDocPtr doc, struct buf *out, int keep_ph);

enum sl_err
render_html(xmlDocPtr doc, struct buf *out)
{
	return render_any(doc, out, 0);
}

enum sl_err
render_html_template(xmlDocPtr doc, struct buf *out)
{
	xmlNodePtr	 tn = csrf_node(doc);

	if (C.max == 0 || tn == NULL ||
	    !crypto_token_wellformed((const char *)tn->content))
		return SL_ECONFLICT;
	return render_any(doc, out, 1);
}

enum sl_err
render_fill(struct buf *out, const char *tmpl, size_t len, const char *token)
{
	if (C.max == 0 || C.ph_pid != getpid() || token == NULL ||
	    !crypto_token_wellformed(token))
		return SL_ECONFLICT;
	put_with_token(out, tmpl, len, token);
	return out->oom ? SL_ENOMEM : SL_OK;
}

static enum sl_err
render_any(xmlDocPtr doc, struct buf *out, int keep_ph)
{
	xmlNodePtr	 tn;
	xmlChar		*s = NULL, *x = NULL, *token = NULL;
	int		 len = 0, xlen = 0;
	uint64_t	 h;
	struct rc_entry	*e;
	size_t		 start = out->len;
	enum sl_err	 rc;

	if (guard_expired())
		return SL_EDEADLINE;	/* nothing starts after it, no lookup */
	buf_puts(out, "<!DOCTYPE html>\n");
	tn = csrf_node(doc);
	if (C.max == 0 || (tn != NULL &&
	    !crypto_token_wellformed((const char *)tn->content))) {
		/* No cache, or a token of another shape: render it. */
		if ((rc = transform_html(doc, &s, &len)) == SL_OK && s != NULL)
			buf_append(out, s, (size_t)len);
		goto out;
	}
	if (C.ph_pid != getpid()) {
		if ((rc = crypto_token(C.ph)) != SL_OK)
			goto out;
		render_cache_clear();
		C.ph_pid = getpid();
	}
	if (tn != NULL) {
		if ((token = xmlStrdup(tn->content)) == NULL) {
			rc = SL_ENOMEM;
			goto out;
		}
		xmlNodeSetContent(tn, (const xmlChar *)C.ph);
	}
	xmlDocDumpMemoryEnc(doc, &x, &xlen, "UTF-8");
	if (x == NULL) {
		rc = SL_ENOMEM;
		goto restore;
	}
	h = fnv1a64(x, (size_t)xlen);
	if ((e = rc_find(h, (const char *)x, (size_t)xlen)) != NULL) {
		C.hits++;
		put_with_token(out, e->html, e->htmllen, keep_ph ? NULL :
		    (const char *)token);
		rc = SL_OK;
		goto restore;
	}
	C.misses++;
	if ((rc = transform_html(doc, &s, &len)) != SL_OK)
		goto restore;
	if (s != NULL) {
		/* A template is kept by its caller (the log page cache). */
		if (!keep_ph)
			rc_store(h, (const char *)x, (size_t)xlen,
			    (const char *)s, (size_t)len);
		put_with_token(out, (const char *)s, (size_t)len, keep_ph ?
		    NULL : (const char *)token);
	}
restore:
	if (tn != NULL)
		xmlNodeSetContent(tn, token);
out:
	xmlFree(token);
	xmlFree(x);
	xmlFree(s);
	if (rc == SL_OK && out->oom)
		rc = SL_ENOMEM;
	if (rc != SL_OK && !out->oom)
		out->len = start;	/* nothing of a page that failed */
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

enum sl_err
render_mail(xmlDocPtr doc, int text, struct buf *out)
{
	xsltStylesheetPtr	 style;
	xmlDocPtr		 res = NULL;
	xmlChar			*s = NULL;
	int			 len = 0;
	char			 err[PATH_MAX + 64];
	enum sl_err		 rc;

	if ((rc = render_load_mail(err, sizeof(err))) != SL_OK) {
		log_warnx("render: %s", err);
		return rc;
	}
	style = text ? R.mail_text : R.mail_html;
	if ((rc = transform(style, doc, &res)) != SL_OK)
		return rc;
	if (xsltSaveResultToString(&s, &len, res, style) != 0) {
		log_warnx("render: cannot serialize a notice");
		rc = SL_ESYS;
	} else if (s != NULL)
		buf_append(out, s, (size_t)len);
	xmlFree(s);
	xmlFreeDoc(res);
	return rc == SL_OK && out->oom ? SL_ENOMEM : rc;
}
