/*
 * package.c - reading a transfer package safely (see package.h and
 * schema/transfer-package.xsd).
 *
 * The order of the checks is the order of the dangers: the size before
 * a byte is parsed; a DOCTYPE stops the parser where it starts (so no
 * entity can be declared, and the options never substitute or load
 * one: no XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR or
 * XML_PARSE_HUGE, and XML_PARSE_NONET); then the schema; then the rules
 * a schema cannot state, element by element; the attachments last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <openssl/evp.h>

#include "nin.h"
#include "package.h"

#define SCHEMA_FILE	"transfer-package.xsd"
#define SCHEMA_MAX	(256 * 1024)

static xmlSchemaPtr	 schema;

enum sl_err
package_schema_load(const char *dir, char *err, size_t errsz)
{
	xmlSchemaParserCtxtPtr	 pc = NULL;
	char			 path[4096], *buf = NULL;
	FILE			*fp = NULL;
	size_t			 n = 0;
	enum sl_err		 rc = SL_ESYS;

	if (schema != NULL)
		return SL_OK;
	if (bsnprintf(path, sizeof(path), "%s/%s", dir, SCHEMA_FILE) != SL_OK) {
		(void)bsnprintf(err, errsz, "schema_dir is too long");
		return SL_ESYS;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		(void)bsnprintf(err, errsz, "cannot read %s", path);
		goto out;
	}
	if ((buf = malloc(SCHEMA_MAX)) == NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	n = fread(buf, 1, SCHEMA_MAX, fp);
	if (n == 0 || n == SCHEMA_MAX) {
		(void)bsnprintf(err, errsz, "%s is empty or too large", path);
		goto out;
	}
	if ((pc = xmlSchemaNewMemParserCtxt(buf, (int)n)) == NULL ||
	    (schema = xmlSchemaParse(pc)) == NULL) {
		(void)bsnprintf(err, errsz, "%s does not compile", path);
		goto out;
	}
	rc = SL_OK;
out:
	if (pc != NULL)
		xmlSchemaFreeParserCtxt(pc);
	if (fp != NULL)
		fclose(fp);
	free(buf);
	return rc;
}

void
package_schema_free(void)
{
	if (schema != NULL)
		xmlSchemaFree(schema);
	schema = NULL;
}

/* Last position of needle in h[from..n), or -1. */
static long
find_last(const unsigned char *h, size_t from, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	if (n < k || n - k < from)
		return -1;
	for (i = n - k + 1; i-- > from;)
		if (memcmp(h + i, needle, k) == 0)
			return (long)i;
	return -1;
}

int
package_pdf_shape(const unsigned char *d, size_t n)
{
	size_t	 tail;
	long	 eof;

	if (n < 32 || memcmp(d, "%PDF-", 5) != 0 ||
	    !((d[5] == '1' && d[6] == '.' && d[7] >= '0' && d[7] <= '7') ||
	    (d[5] == '2' && d[6] == '.' && d[7] == '0')) ||
	    (d[8] >= '0' && d[8] <= '9'))
		return 0;
	tail = n > 1024 ? n - 1024 : 0;
	if ((eof = find_last(d, tail, n, "%%EOF")) < 0 ||
	    find_last(d, tail, (size_t)eof, "startxref") < 0)
		return 0;
	return 1;
}

const char *
pkg_attr(xmlNodePtr e, const char *name)
{
	xmlAttrPtr	 a;

	if (e == NULL || (a = xmlHasProp(e, (const xmlChar *)name)) == NULL ||
	    a->type != XML_ATTRIBUTE_NODE)
		return NULL;
	if (a->children == NULL)
		return "";
	return (const char *)a->children->content;
}

xmlNodePtr
pkg_child(xmlNodePtr e, const char *name)
{
	xmlNodePtr	 n;

	for (n = e != NULL ? e->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

xmlNodePtr
pkg_next(xmlNodePtr e)
{
	xmlNodePtr	 n;

	for (n = e->next; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, e->name))
			return n;
	return NULL;
}

const char *
pkg_child_text(xmlNodePtr e, const char *name)
{
	xmlNodePtr	 c = pkg_child(e, name);

	if (c == NULL)
		return NULL;
	if (c->children == NULL)
		return "";
	return (const char *)c->children->content;
}

const struct pkg_file *
package_file(const struct package *p, const char *id)
{
	size_t	 i;

	for (i = 0; id != NULL && i < p->nfiles; i++)
		if (strcmp(p->files[i].id, id) == 0)
			return &p->files[i];
	return NULL;
}

void
package_free(struct package *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nfiles; i++)
		free(p->files[i].data);
	free(p->files);
	if (p->doc != NULL)
		xmlFreeDoc(p->doc);
	memset(p, 0, sizeof(*p));
}

/* --- the parse ---------------------------------------------------------- */

struct pstate {
	int	 doctype;
};

/* A DOCTYPE: stop at once (its internal subset is never read). */
static void
sax_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
    const xmlChar *sys)
{
	xmlParserCtxtPtr	 pc = ctx;
	struct pstate		*ps = pc->_private;

	(void)name;
	(void)ext;
	(void)sys;
	ps->doctype = 1;
	xmlStopParser(pc);
}

/* Also refuse entity declarations, should a parser reach one. */
static void
sax_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *pub, const xmlChar *sys, xmlChar *content)
{
	xmlParserCtxtPtr	 pc = ctx;
	struct pstate		*ps = pc->_private;

	(void)name;
	(void)type;
	(void)pub;
	(void)sys;
	(void)content;
	ps->doctype = 1;
	xmlStopParser(pc);
}

/* libxml2's messages go nowhere: the caller says what was wrong. */
static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

struct vstate {
	const struct pkg_limits	*lim;
	const char		*key;
	char			*err;
	size_t			 errsz;
	xmlSchemaValidCtxtPtr	 vc;
};

/* The first schema error, kept as the detail. */
static void
schema_error(void *ctx, xmlErrorPtr e)
{
	struct vstate	*vs = ctx;

	if (vs->key != NULL || e == NULL)
		return;
	vs->key = "field.package.schema";
	(void)bsnprintf(vs->err, vs->errsz, "line %d: %s", e->line,
	    e->message != NULL ? e->message : "not valid");
	/* One line: libxml2 ends its messages with a newline. */
	vs->err[strcspn(vs->err, "\r\n")] = '\0';
}

static enum sl_err
fail(struct vstate *vs, xmlNodePtr e, const char *key, const char *fmt,
    const char *arg)
{
	char	 what[512];

	vs->key = key;
	(void)bsnprintf(what, sizeof(what), fmt, arg != NULL ? arg : "");
	(void)bsnprintf(vs->err, vs->errsz, "line %ld, <%s>: %s",
	    e != NULL ? xmlGetLineNo(e) : 0L,
	    e != NULL ? (const char *)e->name : "?", what);
	return SL_EINPUT;
}

/*
 * Text allowed in a package: UTF-8 (libxml2 made sure), no control
 * characters but TAB, LF and CR in long text (C0, DEL, C1), none at all
 * and no bidirectional controls in one-line values.
 */
static int
text_ok(const char *s, int oneline)
{
	size_t		 n = strlen(s), k;
	uint32_t	 cp;

	if (!xml_text_ok(s, n))
		return 0;
	if (oneline && bidi_control_in(s, n))
		return 0;
	while (n > 0) {
		if ((k = utf8_decode(s, n, &cp)) == 0)
			return 0;
		if ((cp < 0x20 && (oneline || (cp != '\t' && cp != '\n' &&
		    cp != '\r'))) || (cp >= 0x7f && cp <= 0x9f) ||
		    cp == 0x2028 || cp == 0x2029)
			return 0;
		s += k;
		n -= k;
	}
	return 1;
}

/* A real day "YYYY-MM-DD" from 1900 on. */
static int
day_ok(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 i, y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)));
}

/* A real UTC time "YYYY-MM-DDTHH:MM:SSZ". */
static int
time_ok(const char *s)
{
	char	 day[11];

	if (s == NULL || strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z')
		return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	return day_ok(day) && s[11] <= '2' && (s[11] < '2' || s[12] <= '3') &&
	    s[14] <= '5' && s[17] <= '5';
}

static const char *const day_attrs[] = { "birth-date", "given-at",
    "expires", "registered", "start", "evaluate-by", NULL };
static const char *const time_attrs[] = { "created", "updated",
    "withdrawn", "at", NULL };
/* Elements whose text is one line. */
static const char *const oneline_elems[] = { "step", NULL };

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* The element an IDREF attribute of e names, which must be called want. */
static enum sl_err
ref_ok(struct vstate *vs, xmlNodePtr e, const char *attr, const char *want)
{
	const char	*v = pkg_attr(e, attr);
	xmlAttrPtr	 id;

	if (v == NULL)
		return SL_OK;
	if ((id = xmlGetID(e->doc, (const xmlChar *)v)) == NULL ||
	    id->parent == NULL ||
	    strcmp((const char *)id->parent->name, want) != 0)
		return fail(vs, e, "field.package.reference",
		    "%s does not name an element of the right kind", attr);
	return SL_OK;
}

/*
 * The plan's rule the database keeps: under one concern at most one
 * active measure per actor (staff uid, guardian, the child).
 */
static enum sl_err
one_active_per_actor(struct vstate *vs, xmlNodePtr concern)
{
	xmlNodePtr	 m, o;
	const char	*k1, *k2, *a1, *a2;

	for (m = pkg_child(concern, "measure"); m != NULL; m = pkg_next(m)) {
		if (strcmp(pkg_attr(m, "status"), "active") != 0)
			continue;
		k1 = pkg_attr(m, "actor-kind");
		a1 = strcmp(k1, "staff") == 0 ? pkg_attr(m, "actor-uid") :
		    strcmp(k1, "guardian") == 0 ?
		    pkg_attr(m, "actor-guardian") : "";
		for (o = pkg_next(m); o != NULL; o = pkg_next(o)) {
			if (strcmp(pkg_attr(o, "status"), "active") != 0)
				continue;
			k2 = pkg_attr(o, "actor-kind");
			a2 = strcmp(k2, "staff") == 0 ?
			    pkg_attr(o, "actor-uid") : strcmp(k2, "guardian") ==
			    0 ? pkg_attr(o, "actor-guardian") : "";
			if (strcmp(k1, k2) == 0 && a1 != NULL && a2 != NULL &&
			    strcmp(a1, a2) == 0)
				return fail(vs, o, "field.package.rule",
				    "a second active measure of one actor under"
				    " one concern%s", NULL);
		}
	}
	return SL_OK;
}

/* An identity number: check digits, a real birth date, not ahead. */
static enum sl_err
nin_ok(struct vstate *vs, xmlNodePtr e, const char *v, struct nin_info *ni)
{
	const char	*why;

	if (nin_parse(v, vs->lim->today_y, vs->lim->today_m, vs->lim->today_d,
	    ni, &why) != SL_OK)
		return fail(vs, e, "field.package.nin",
		    "identity number not valid: %s", why);
	return SL_OK;
}

/*
 * Every element: its attributes and text (merged into one text node, so
 * that a comment or CDATA section cannot split what is read), days,
 * times, identity numbers, references.
 */
static enum sl_err
check_tree(struct vstate *vs, xmlNodePtr e)
{
	xmlNodePtr	 n, next;
	xmlAttrPtr	 a;
	xmlChar		*txt;
	struct nin_info	 ni;
	const char	*name = (const char *)e->name, *v;
	char		 bd[11];
	int		 leaf = 1;
	enum sl_err	 rc;

	for (a = e->properties; a != NULL; a = a->next) {
		v = pkg_attr(e, (const char *)a->name);
		if (v == NULL || !text_ok(v, 1))
			return fail(vs, e, "field.package.text",
			    "attribute %s holds a control or bidirectional"
			    " character", (const char *)a->name);
		if (in_list(day_attrs, (const char *)a->name) && !day_ok(v))
			return fail(vs, e, "field.package.date",
			    "%s is not a real day", (const char *)a->name);
		if (in_list(time_attrs, (const char *)a->name) && !time_ok(v))
			return fail(vs, e, "field.package.date",
			    "%s is not a real time", (const char *)a->name);
	}
	for (n = e->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			leaf = 0;
	if (leaf && strcmp(name, "attachment") != 0 && e->children != NULL &&
	    (e->children->next != NULL ||
	    e->children->type != XML_TEXT_NODE)) {
		/* One text node of the element's whole text. */
		if ((txt = xmlNodeGetContent(e)) == NULL)
			return SL_ENOMEM;
		for (n = e->children; n != NULL; n = next) {
			next = n->next;
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
		n = xmlNewDocText(e->doc, txt);
		xmlFree(txt);
		if (n == NULL || xmlAddChild(e, n) == NULL) {
			xmlFreeNode(n);
			return SL_ENOMEM;
		}
	}
	if (leaf && e->children != NULL && strcmp(name, "attachment") != 0 &&
	    !text_ok((const char *)e->children->content,
	    in_list(oneline_elems, name)))
		return fail(vs, e, "field.package.text",
		    "text holds a control character%s", NULL);
	if (strcmp(name, "child") == 0) {
		if ((rc = nin_ok(vs, e, pkg_attr(e, "nin"), &ni)) != SL_OK)
			return rc;
		(void)bsnprintf(bd, sizeof(bd), "%04d-%02d-%02d", ni.year,
		    ni.month, ni.day);
		if (strcmp(bd, pkg_attr(e, "birth-date")) != 0)
			return fail(vs, e, "field.package.nin", "birth-date is"
			    " not the birth date of the identity number%s",
			    NULL);
	} else if (strcmp(name, "guardian") == 0 &&
	    (v = pkg_attr(e, "nin")) != NULL) {
		if ((rc = nin_ok(vs, e, v, &ni)) != SL_OK)
			return rc;
	} else if (strcmp(name, "consent") == 0) {
		if ((rc = ref_ok(vs, e, "attachment", "attachment")) != SL_OK)
			return rc;
	} else if (strcmp(name, "note") == 0) {
		if ((rc = ref_ok(vs, e, "attachment", "attachment")) != SL_OK ||
		    (rc = ref_ok(vs, e, "concern", "concern")) != SL_OK)
			return rc;
	} else if (strcmp(name, "concern") == 0) {
		if ((rc = one_active_per_actor(vs, e)) != SL_OK)
			return rc;
	} else if (strcmp(name, "measure") == 0) {
		if ((rc = ref_ok(vs, e, "actor-guardian", "guardian")) !=
		    SL_OK || (rc = ref_ok(vs, e, "replaces", "measure")) !=
		    SL_OK)
			return rc;
		v = pkg_attr(e, "actor-kind");
		if ((strcmp(v, "staff") == 0 &&
		    (pkg_attr(e, "actor-uid") == NULL ||
		    pkg_attr(e, "actor-name") == NULL)) ||
		    (strcmp(v, "guardian") == 0 &&
		    pkg_attr(e, "actor-guardian") == NULL))
			return fail(vs, e, "field.package.reference",
			    "actor-kind %s without its actor", v);
	}
	for (n = e->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (rc = check_tree(vs, n)) != SL_OK)
			return rc;
	return SL_OK;
}

/* Decode, measure, hash and look at every attachment. */
static enum sl_err
check_files(struct vstate *vs, struct package *p)
{
	xmlNodePtr	 list, e;
	EVP_ENCODE_CTX	*ec = NULL;
	EVP_MD_CTX	*md = NULL;
	unsigned char	 dg[32];
	char		 hex[65];
	const char	*b64, *want;
	size_t		 n, cap;
	long long	 size;
	const char	*errstr;
	int		 outl, fin;
	struct pkg_file	*f;
	enum sl_err	 rc = SL_ENOMEM;

	list = pkg_child(xmlDocGetRootElement(p->doc), "attachments");
	for (n = 0, e = pkg_child(list, "attachment"); e != NULL;
	    e = pkg_next(e))
		n++;
	if (n == 0)
		return SL_OK;
	if ((p->files = calloc(n, sizeof(*p->files))) == NULL ||
	    (ec = EVP_ENCODE_CTX_new()) == NULL ||
	    (md = EVP_MD_CTX_new()) == NULL)
		goto out;
	for (e = pkg_child(list, "attachment"); e != NULL; e = pkg_next(e)) {
		f = &p->files[p->nfiles++];
		f->id = pkg_attr(e, "id");
		f->node = e;
		if (parse_ll(pkg_attr(e, "size"), 1, (long long)vs->lim->max_file,
		    &size, &errstr) != SL_OK) {
			rc = fail(vs, e, "field.package.file-size",
			    "size %s: more than one file may hold", errstr);
			goto out;
		}
		/* The whole text of the element (one node after check_tree). */
		b64 = e->children != NULL && e->children->content != NULL ?
		    (const char *)e->children->content : "";
		if (e->children != NULL && (e->children->next != NULL ||
		    e->children->type != XML_TEXT_NODE)) {
			rc = fail(vs, e, "field.package.file",
			    "attachment split into parts%s", NULL);
			goto out;
		}
		n = strlen(b64);
		cap = n / 4 * 3 + 3;
		if (cap > vs->lim->max_file + 3 + vs->lim->max_file / 2) {
			rc = fail(vs, e, "field.package.file-size",
			    "more than one file may hold%s", NULL);
			goto out;
		}
		if ((f->data = malloc(cap + 1)) == NULL) {
			rc = SL_ENOMEM;
			goto out;
		}
		EVP_DecodeInit(ec);
		if (n > (size_t)0x7fffffff ||
		    EVP_DecodeUpdate(ec, f->data, &outl,
		    (const unsigned char *)b64, (int)n) < 0 ||
		    EVP_DecodeFinal(ec, f->data + outl, &fin) < 0) {
			rc = fail(vs, e, "field.package.file",
			    "not base64%s", NULL);
			goto out;
		}
		f->len = (size_t)outl + (size_t)fin;
		if ((long long)f->len != size || f->len > vs->lim->max_file) {
			rc = fail(vs, e, "field.package.file-size",
			    "size does not match the content%s", NULL);
			goto out;
		}
		if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
		    EVP_DigestUpdate(md, f->data, f->len) != 1 ||
		    EVP_DigestFinal_ex(md, dg, NULL) != 1) {
			rc = SL_ESYS;
			goto out;
		}
		hex_encode(dg, sizeof(dg), hex);
		want = pkg_attr(e, "sha256");
		if (want == NULL || strcmp(hex, want) != 0) {
			rc = fail(vs, e, "field.package.file-hash",
			    "SHA-256 does not match the content%s", NULL);
			goto out;
		}
		if (!package_pdf_shape(f->data, f->len)) {
			rc = fail(vs, e, "field.package.not-pdf",
			    "attachment is not a PDF%s", NULL);
			goto out;
		}
	}
	rc = SL_OK;
out:
	EVP_ENCODE_CTX_free(ec);
	EVP_MD_CTX_free(md);
	return rc;
}

enum sl_err
package_read(const char *data, size_t len, const struct pkg_limits *lim,
    struct package *out, const char **key, char *err, size_t errsz)
{
	xmlParserCtxtPtr	 pc = NULL;
	xmlSchemaValidCtxtPtr	 vc = NULL;
	struct pstate		 ps;
	struct vstate		 vs;
	xmlDocPtr		 doc = NULL;
	xmlNodePtr		 root;
	enum sl_err		 rc = SL_EINPUT;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	memset(&vs, 0, sizeof(vs));
	vs.lim = lim;
	vs.err = err;
	vs.errsz = errsz;
	*key = NULL;
	err[0] = '\0';
	if (schema == NULL) {
		(void)bsnprintf(err, errsz, "the schema is not loaded");
		return SL_ESYS;
	}
	if (len > lim->max_bytes || len > (size_t)0x7fffffff) {
		*key = "field.package.too-big";
		(void)bsnprintf(err, errsz, "the package is %zu bytes, more"
		    " than the limit of %zu", len, lim->max_bytes);
		return SL_ETOOBIG;
	}
	/* UTF-8 only, whatever a declaration or a byte order mark says. */
	if (!utf8_valid(data, len) || memchr(data, '\0', len) != NULL) {
		vs.key = "field.package.xml";
		(void)bsnprintf(err, errsz, "the package must be UTF-8 text");
		goto out;
	}
	if ((pc = xmlCreateMemoryParserCtxt(data, (int)len)) == NULL) {
		rc = len == 0 ? SL_EINPUT : SL_ENOMEM;
		vs.key = "field.package.xml";
		(void)bsnprintf(err, errsz, "empty or unreadable");
		goto out;
	}
	pc->_private = &ps;
	pc->sax->internalSubset = sax_internal_subset;
	pc->sax->externalSubset = NULL;
	pc->sax->entityDecl = sax_entity_decl;
	pc->sax->error = quiet;
	pc->sax->warning = quiet;
	pc->sax->serror = quiet_structured;
	pc->vctxt.error = quiet;
	pc->vctxt.warning = quiet;
	(void)xmlCtxtUseOptions(pc, XML_PARSE_NONET | XML_PARSE_NOCDATA |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	(void)xmlParseDocument(pc);
	doc = pc->myDoc;
	pc->myDoc = NULL;
	if (ps.doctype) {
		vs.key = "field.package.doctype";
		(void)bsnprintf(err, errsz, "a DOCTYPE (document type"
		    " declaration) is never accepted: no entities, no DTD");
		goto out;
	}
	if (!pc->wellFormed || doc == NULL) {
		xmlErrorPtr	 e = xmlCtxtGetLastError(pc);

		vs.key = "field.package.xml";
		(void)bsnprintf(err, errsz, "not well-formed XML (line %d: %s)",
		    e != NULL ? e->line : 0, e != NULL && e->message != NULL ?
		    e->message : "?");
		err[strcspn(err, "\r\n")] = '\0';
		goto out;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		vs.key = "field.package.doctype";
		(void)bsnprintf(err, errsz, "a DOCTYPE is never accepted");
		goto out;
	}
	if (doc->encoding != NULL &&
	    xmlStrcasecmp(doc->encoding, (const xmlChar *)"UTF-8") != 0) {
		vs.key = "field.package.xml";
		(void)bsnprintf(err, errsz, "the package must be UTF-8");
		goto out;
	}
	if ((vc = xmlSchemaNewValidCtxt(schema)) == NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vc, schema_error, &vs);
	if (xmlSchemaValidateDoc(vc, doc) != 0) {
		if (vs.key == NULL) {
			vs.key = "field.package.schema";
			(void)bsnprintf(err, errsz, "not valid against %s",
			    SCHEMA_FILE);
		}
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	out->doc = doc;
	if ((rc = check_tree(&vs, root)) != SL_OK ||
	    (rc = check_files(&vs, out)) != SL_OK) {
		doc = NULL;	/* freed with out */
		goto out;
	}
	doc = NULL;
	rc = SL_OK;
out:
	if (rc != SL_OK) {
		package_free(out);
		if (doc != NULL)
			xmlFreeDoc(doc);
		*key = vs.key != NULL ? vs.key : "field.package.xml";
		if (rc != SL_ENOMEM && rc != SL_ESYS)
			rc = SL_EINPUT;
	}
	if (vc != NULL)
		xmlSchemaFreeValidCtxt(vc);
	if (pc != NULL)
		xmlFreeParserCtxt(pc);
	return rc;
}
