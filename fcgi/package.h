/*
 * package.h - the transfer package of a log between municipalities
 * (schema/transfer-package.xsd): reading one safely.  Pure code over
 * bytes (libxml2, OpenSSL, nin.c): no database, so the unit tests and
 * the fuzz target run it alone.  Writing one and storing one are in
 * exchange.c.
 */
#ifndef SL_PACKAGE_H
#define SL_PACKAGE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "util.h"

/* One decoded attachment of a package (the PDF bytes). */
struct pkg_file {
	const char	*id;		/* the package's id ("a1"); in the doc */
	xmlNodePtr	 node;		/* its <attachment> element */
	unsigned char	*data;		/* decoded bytes, malloc'd */
	size_t		 len;
};

/* A package that passed every check. */
struct package {
	xmlDocPtr	 doc;		/* the parsed, validated document */
	struct pkg_file	*files;		/* malloc'd array */
	size_t		 nfiles;
};

/* Limits of one read. */
struct pkg_limits {
	size_t		 max_bytes;	/* the whole package, checked before parsing */
	size_t		 max_file;	/* one decoded attachment */
	int		 today_y, today_m, today_d;	/* for identity numbers */
};

/*
 * Compile schema/transfer-package.xsd of dir once per process (later
 * calls return at once).  The file is read into memory and compiled from
 * there, so no entity loader or network is involved.  SL_OK, or
 * SL_ESYS with a message in err.
 */
enum sl_err package_schema_load(const char *dir, char *err, size_t errsz);
/* Free the compiled schema (at exit); safe when none was loaded. */
void package_schema_free(void);

/*
 * Read the package in data[0..len): refused before parsing when larger
 * than lim->max_bytes (SL_ETOOBIG); any DOCTYPE refused as the parser
 * meets it (no entity is ever declared, expanded or loaded: no DTD
 * loading, no entity substitution, no network, no "huge" mode); then
 * the schema (package_schema_load first), then what a schema cannot
 * say: every identity number (check digits, birth date), text without
 * control or bidirectional characters, real dates, references to the
 * right kind of element, and each attachment's base64, size, SHA-256
 * and PDF shape.  SL_OK with *out filled (free with package_free);
 * SL_EINPUT (malformed or unsafe) or SL_ETOOBIG with *key a catalog
 * key ("field.package.*") and a detail (English, for logs and the CLI)
 * in err; SL_ENOMEM; SL_ESYS when no schema is loaded.
 */
enum sl_err package_read(const char *data, size_t len,
    const struct pkg_limits *lim, struct package *out, const char **key,
    char *err, size_t errsz);
/* Free what package_read filled in; a zeroed package is fine. */
void package_free(struct package *);

/*
 * 1 when b[0..n) looks like a PDF: "%PDF-1.0".."%PDF-1.7" or "%PDF-2.0"
 * at byte 0, "startxref" and then "%%EOF" in its last KiB (the rule of
 * pdf_ok for uploads).
 */
int package_pdf_shape(const unsigned char *b, size_t n);

/* The attribute name of e as a string owned by e's document, or NULL. */
const char *pkg_attr(xmlNodePtr e, const char *name);
/* The text of the first child element named name of e, or NULL. */
const char *pkg_child_text(xmlNodePtr e, const char *name);
/* The first child element of e named name, or NULL. */
xmlNodePtr pkg_child(xmlNodePtr e, const char *name);
/* The next sibling element of e with e's name, or NULL. */
xmlNodePtr pkg_next(xmlNodePtr e);
/* The decoded file with package id id, or NULL. */
const struct pkg_file *package_file(const struct package *, const char *id);

#endif
