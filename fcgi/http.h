/*
 * http.h - pure parsers for the parts of an HTTP request that reach the
 * worker: percent-decoding, query strings, urlencoded and multipart
 * bodies, cookies, Accept.  No I/O; all output lives in the arena.
 */
#ifndef SL_HTTP_H
#define SL_HTTP_H

#include "util.h"

struct http_limits {
	size_t	max_body;	/* bytes in a body */
	size_t	max_fields;	/* pairs in one query/body/cookie header */
	size_t	max_field_len;	/* bytes in one decoded value */
	size_t	max_upload;	/* bytes in one uploaded file */
};

/* An uploaded file from a multipart body. */
struct upload {
	char		*field;		/* form field name */
	char		*filename;	/* client file name (basename only), may be "" */
	char		*ctype;		/* declared Content-Type, may be "" */
	const char	*data;		/* bytes, owned by the arena */
	size_t		 len;
	struct upload	*next;
};
struct uploadlist {
	struct upload	*head;
	struct upload	*tail;
	size_t		 count;
};

/*
 * Percent-decode s[0..len) ('+' becomes space when plus is set) into a
 * NUL-terminated arena string, length in *outlen.  SL_EINPUT on a bad
 * escape, SL_ENOMEM.
 */
enum sl_err http_pctdecode(struct arena *, const char *s, size_t len,
    int plus, char **out, size_t *outlen);

/*
 * Percent-encode s for a URL query or path segment (everything except
 * A-Z a-z 0-9 - _ . ~).  Returns an arena string or NULL.
 */
char *http_pctencode(struct arena *, const char *s, size_t len);

/*
 * Parse "a=1&b=2" (query string or urlencoded body) into out.  Names and
 * values are decoded; both must be valid UTF-8 (SL_EINPUT otherwise).
 * SL_ETOOBIG when more than max_fields pairs or a value longer than
 * max_field_len.
 */
enum sl_err http_parse_urlencoded(struct arena *, const char *buf,
    size_t len, const struct http_limits *, struct kvlist *out);

/*
 * Decoded values keep their length (struct kv .len) and may hold NUL
 * bytes (from %00, or raw in a multipart part); C strings would be cut
 * there.  The name of the first pair of list whose value holds a NUL
 * byte, or NULL when there is none.  The router refuses such a request
 * (400) before any handler or draft sees it.
 */
const char *http_kv_nul(const struct kvlist *);

/*
 * The one value of a single-valued field: SL_OK with *out set (NULL when
 * the name is absent); SL_ECONFLICT when the name comes more than once
 * (a browser never repeats a single-valued field; the first value must
 * not silently win); SL_EINPUT when the value holds a NUL byte.  *out is
 * NULL unless SL_OK.  Fields that are lists by design are read with a
 * loop over the list instead (form_ids).
 */
enum sl_err http_kv_one(const struct kvlist *, const char *name,
    const char **out);

/*
 * Parse a Cookie header ("a=1; b=2").  Values are not decoded.
 * Malformed pairs are skipped (browsers send junk); SL_ETOOBIG past
 * max_fields.
 */
enum sl_err http_parse_cookies(struct arena *, const char *header,
    const struct http_limits *, struct kvlist *out);

/*
 * Parse a multipart/form-data body.  ctype is the full Content-Type
 * header (the boundary is taken from it).  Fields without a filename go
 * to fields (must be UTF-8), parts with a filename go to files.
 * SL_EINPUT on malformed framing, SL_ETOOBIG over the limits.
 */
enum sl_err http_parse_multipart(struct arena *, const char *ctype,
    const char *body, size_t len, const struct http_limits *,
    struct kvlist *fields, struct uploadlist *files);

/*
 * 1 if an Accept header prefers XML (application/xml or text/xml listed
 * with a higher q than text/html, or html absent), else 0.
 */
int http_accept_xml(const char *accept);

/* Reason phrase for a status code ("Not Found"); "Unknown" otherwise. */
const char *http_reason(int status);

#endif
