/*
 * http.c - pure parsers for request data: percent-decoding, urlencoded
 * pairs, cookies, multipart/form-data, Accept.  No I/O.  Inputs given
 * with a length are not assumed to be NUL-terminated and are never read
 * past that length.  All output lives in the caller's arena.
 *
 * Limits: these parsers enforce max_fields, max_field_len and
 * max_upload; max_body is left to the code that reads the body.
 */
#include <stdint.h>
#include <string.h>

#include "http.h"

/* Longest decoded name in an urlencoded pair. */
#define HTTP_NAME_MAX		128
/* Longest header block of one multipart part. */
#define MP_HEADERS_MAX		(8 * 1024)
/* RFC 2046 boundary length. */
#define MP_BOUNDARY_MAX		70

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* 1 if s[0..n) equals lit[0..n) (lower-case) ignoring ASCII case. */
static int
prefix_nocase(const char *s, const char *lit, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (lit[i] == '\0' || lower(s[i]) != lit[i])
			return 0;
	return 1;
}

/* 1 if s[0..n) equals the lower-case literal lit, ignoring ASCII case. */
static int
eq_nocase(const char *s, size_t n, const char *lit)
{
	return prefix_nocase(s, lit, n) && lit[n] == '\0';
}

/* Trim spaces and tabs from both ends of s[0..*n); returns the new start. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && is_ows(s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && is_ows(s[*n - 1]))
		(*n)--;
	return s;
}

/* 1 if s[0..n) holds a control character (or NUL). */
static int
has_ctl(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

/* Append the pairs of src to dst (both in the same arena). */
static void
kv_splice(struct kvlist *dst, struct kvlist *src)
{
	if (src->head == NULL)
		return;
	if (dst->tail != NULL)
		dst->tail->next = src->head;
	else
		dst->head = src->head;
	dst->tail = src->tail;
	dst->count += src->count;
}

/*
 * Percent-decode s[0..len) ('+' becomes space when plus is set) into a
 * NUL-terminated arena string (*out, length *outlen; it may hold NUL
 * bytes from %00).  SL_EINPUT when a '%' is not followed by two hex
 * digits, SL_ENOMEM.  *out is NULL on failure.
 */
enum sl_err
http_pctdecode(struct arena *a, const char *s, size_t len, int plus,
    char **out, size_t *outlen)
{
	char	*d;
	size_t	 i, n = 0;
	int	 hi, lo;

	*out = NULL;
	*outlen = 0;
	if (s == NULL && len > 0)
		return SL_EINPUT;
	if (len == SIZE_MAX)
		return SL_ETOOBIG;
	/* Decoding never makes the text longer. */
	if ((d = arena_alloc(a, len + 1)) == NULL)
		return SL_ENOMEM;
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (len - i < 3 ||
			    (hi = hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)s[i + 2])) < 0)
				return SL_EINPUT;
			d[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (plus && s[i] == '+')
			d[n++] = ' ';
		else
			d[n++] = s[i];
	}
	d[n] = '\0';
	*out = d;
	*outlen = n;
	return SL_OK;
}

/*
 * Parse "a=1&b=2" (query string or urlencoded body) and append the pairs
 * to out (which the caller initialised; pairs are added only when the
 * whole input parsed).  Empty segments are skipped, a pair without '='
 * has the value "".  Decoded names and values must be valid UTF-8 and
 * names must not hold NUL bytes (SL_EINPUT); a name over 128 bytes is
 * SL_EINPUT.  SL_ETOOBIG over max_fields pairs or a value over
 * max_field_len bytes.  Strings are owned by the arena.
 */
enum sl_err
http_parse_urlencoded(struct arena *a, const char *buf, size_t len,
    const struct http_limits *lim, struct kvlist *out)
{
	struct kvlist	 tmp = { NULL, NULL, 0 };
	const char	*seg, *end, *amp, *eq;
	char		*name, *value;
	size_t		 slen, nlen, vlen, rawn;
	enum sl_err	 e;

	if (a == NULL || lim == NULL || out == NULL ||
	    (buf == NULL && len > 0))
		return SL_EINPUT;
	if (len == 0)
		return SL_OK;
	end = buf + len;
	for (seg = buf; seg < end; seg = amp + 1) {
		if ((amp = memchr(seg, '&', (size_t)(end - seg))) == NULL)
			amp = end;
		slen = (size_t)(amp - seg);
		if (slen == 0)
			continue;
		if (tmp.count >= lim->max_fields)
			return SL_ETOOBIG;
		eq = memchr(seg, '=', slen);
		rawn = eq != NULL ? (size_t)(eq - seg) : slen;
		/* Each decoded byte takes at most three raw ones. */
		if (rawn > 3 * HTTP_NAME_MAX)
			return SL_EINPUT;
		if ((e = http_pctdecode(a, seg, rawn, 1, &name, &nlen)) != SL_OK)
			return e;
		if (nlen > HTTP_NAME_MAX || memchr(name, '\0', nlen) != NULL ||
		    !utf8_valid(name, nlen))
			return SL_EINPUT;
		if (eq != NULL) {
			vlen = (size_t)(amp - eq - 1);
			/* Cheap reject before decoding a huge value. */
			if (lim->max_field_len < SIZE_MAX / 3 &&
			    vlen > 3 * lim->max_field_len)
				return SL_ETOOBIG;
			if ((e = http_pctdecode(a, eq + 1, vlen, 1, &value,
			    &vlen)) != SL_OK)
				return e;
			if (vlen > lim->max_field_len)
				return SL_ETOOBIG;
			if (!utf8_valid(value, vlen))
				return SL_EINPUT;
		} else {
			value = "";
			vlen = 0;
		}
		if ((e = kv_add(a, &tmp, name, nlen, value, vlen)) != SL_OK)
			return e;
		if (amp == end)
			break;
	}
	kv_splice(out, &tmp);
	return SL_OK;
}

/* The first pair whose value holds a NUL byte (see http.h). */
const char *
http_kv_nul(const struct kvlist *list)
{
	const struct kv	*kv;

	if (list == NULL)
		return NULL;
	for (kv = list->head; kv != NULL; kv = kv->next)
		if (memchr(kv->value, '\0', kv->len) != NULL)
			return kv->name;
	return NULL;
}

/* The one value of name (see http.h). */
enum sl_err
http_kv_one(const struct kvlist *list, const char *name, const char **out)
{
	const struct kv	*kv, *hit = NULL;

	*out = NULL;
	if (list == NULL || name == NULL)
		return SL_OK;
	for (kv = list->head; kv != NULL; kv = kv->next) {
		if (strcmp(kv->name, name) != 0)
			continue;
		if (hit != NULL)
			return SL_ECONFLICT;
		hit = kv;
	}
	if (hit == NULL)
		return SL_OK;
	if (memchr(hit->value, '\0', hit->len) != NULL)
		return SL_EINPUT;
	*out = hit->value;
	return SL_OK;
}

/* 1 if c may appear in a cookie name (an RFC 6265 token character). */
static int
cookie_name_char(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return 0;
	return strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

/*
 * Parse a Cookie header ("a=1; b=2") and append the pairs to out (only
 * when the whole header parsed).  Pairs are trimmed, values are not
 * decoded and lose one pair of surrounding double quotes.  Pairs
 * without '=', with an empty or invalid name or with control characters
 * in the value are skipped.  NULL header: SL_OK, nothing added.
 * SL_ETOOBIG past max_fields pairs, SL_ENOMEM.
 */
enum sl_err
http_parse_cookies(struct arena *a, const char *header,
    const struct http_limits *lim, struct kvlist *out)
{
	struct kvlist	 tmp = { NULL, NULL, 0 };
	const char	*p, *semi, *eq, *name, *value;
	size_t		 n, nlen, vlen, i;
	enum sl_err	 e;

	if (a == NULL || lim == NULL || out == NULL)
		return SL_EINPUT;
	if (header == NULL)
		return SL_OK;
	for (p = header; *p != '\0'; p = semi + 1) {
		if ((semi = strchr(p, ';')) == NULL)
			semi = p + strlen(p);
		n = (size_t)(semi - p);
		name = trim(p, &n);
		if (n > 0 && (eq = memchr(name, '=', n)) != NULL) {
			nlen = (size_t)(eq - name);
			vlen = n - nlen - 1;
			name = trim(name, &nlen);
			value = trim(eq + 1, &vlen);
			if (vlen >= 2 && value[0] == '"' &&
			    value[vlen - 1] == '"') {
				value++;
				vlen -= 2;
			}
			for (i = 0; i < nlen; i++)
				if (!cookie_name_char((unsigned char)name[i]))
					break;
			if (nlen > 0 && i == nlen && !has_ctl(value, vlen)) {
				if (tmp.count >= lim->max_fields)
					return SL_ETOOBIG;
				if ((e = kv_add(a, &tmp, name, nlen, value,
				    vlen)) != SL_OK)
					return e;
			}
		}
		if (*semi == '\0')
			break;
	}
	kv_splice(out, &tmp);
	return SL_OK;
}

/* Multipart. */

/*
 * Read a parameter value at s[*i..n): a quoted string (backslash only
 * escapes '"' and '\', so Windows paths survive) or a token up to ';'.
 * The unquoted value is copied into the arena.  SL_EINPUT on an
 * unterminated quote.
 */
static enum sl_err
param_value(struct arena *a, const char *s, size_t n, size_t *i,
    char **val, size_t *vlen)
{
	size_t	 j = *i, start, k = 0;
	char	*d;

	if (j < n && s[j] == '"') {
		start = ++j;
		while (j < n && s[j] != '"') {
			if (s[j] == '\\' && j + 1 < n &&
			    (s[j + 1] == '"' || s[j + 1] == '\\'))
				j++;
			j++;
		}
		if (j >= n)
			return SL_EINPUT;
		if ((d = arena_alloc(a, j - start + 1)) == NULL)
			return SL_ENOMEM;
		for (k = 0; start < j; start++) {
			if (s[start] == '\\' && start + 1 < j &&
			    (s[start + 1] == '"' || s[start + 1] == '\\'))
				start++;
			d[k++] = s[start];
		}
		d[k] = '\0';
		*i = j + 1;
	} else {
		start = j;
		while (j < n && s[j] != ';')
			j++;
		/* The caller skipped leading OWS; drop trailing OWS. */
		k = j - start;
		while (k > 0 && is_ows(s[start + k - 1]))
			k--;
		if ((d = arena_strndup(a, s + start, k)) == NULL)
			return SL_ENOMEM;
		*i = j;
	}
	*val = d;
	*vlen = k;
	return SL_OK;
}

/* Called with each parameter's name and (unquoted, arena) value. */
struct param_cb {
	enum sl_err	(*fn)(void *, const char *, size_t, char *, size_t);
	void		*arg;
};

/*
 * Walk the "; name=value" parameters of a header value s[i..n) and call
 * cb for each.  SL_EINPUT on junk (a parameter without '=' or a name,
 * text that is not a parameter, an unterminated quoted string).
 */
static enum sl_err
params_walk(struct arena *a, const char *s, size_t n, size_t i,
    const struct param_cb *cb)
{
	const char	*name;
	char		*val;
	size_t		 nstart, nlen, vlen;
	enum sl_err	 e;

	for (;;) {
		while (i < n && is_ows(s[i]))
			i++;
		if (i >= n)
			return SL_OK;
		if (s[i] != ';')
			return SL_EINPUT;
		i++;
		while (i < n && is_ows(s[i]))
			i++;
		if (i >= n)
			return SL_OK;	/* tolerate a trailing ';' */
		nstart = i;
		while (i < n && s[i] != '=' && s[i] != ';')
			i++;
		if (i >= n || s[i] != '=')
			return SL_EINPUT;
		nlen = i - nstart;
		name = trim(s + nstart, &nlen);
		i++;
		while (i < n && is_ows(s[i]))
			i++;
		if ((e = param_value(a, s, n, &i, &val, &vlen)) != SL_OK)
			return e;
		if (nlen == 0)
			return SL_EINPUT;
		if ((e = cb->fn(cb->arg, name, nlen, val, vlen)) != SL_OK)
			return e;
	}
}

struct ctype_params {
	char	*boundary;
	size_t	 blen;
};

static enum sl_err
ctype_param(void *arg, const char *name, size_t nlen, char *val, size_t vlen)
{
	struct ctype_params	*cp = arg;

	if (!eq_nocase(name, nlen, "boundary"))
		return SL_OK;
	if (cp->boundary != NULL)
		return SL_EINPUT;
	cp->boundary = val;
	cp->blen = vlen;
	return SL_OK;
}

/*
 * Take the boundary out of a multipart/form-data Content-Type.  It must
 * be 1..70 printable ASCII characters.
 */
static enum sl_err
mp_boundary(struct arena *a, const char *ctype, char **b, size_t *blen)
{
	static const char	 mt[] = "multipart/form-data";
	struct ctype_params	 cp = { NULL, 0 };
	struct param_cb		 cb = { ctype_param, &cp };
	size_t			 n, i;
	enum sl_err		 e;

	if (ctype == NULL)
		return SL_EINPUT;
	n = strlen(ctype);
	for (i = 0; i < n && is_ows(ctype[i]); i++)
		;
	if (n - i < sizeof(mt) - 1 ||
	    !eq_nocase(ctype + i, sizeof(mt) - 1, mt))
		return SL_EINPUT;
	i += sizeof(mt) - 1;
	if ((e = params_walk(a, ctype, n, i, &cb)) != SL_OK)
		return e;
	if (cp.boundary == NULL || cp.blen == 0 ||
	    cp.blen > MP_BOUNDARY_MAX)
		return SL_EINPUT;
	for (i = 0; i < cp.blen; i++)
		if ((unsigned char)cp.boundary[i] < 0x20 ||
		    (unsigned char)cp.boundary[i] > 0x7e)
			return SL_EINPUT;
	*b = cp.boundary;
	*blen = cp.blen;
	return SL_OK;
}

/* What the headers of one part said. */
struct mp_part {
	char	*name;
	size_t	 nlen;
	char	*filename;	/* NULL when there was no filename parameter */
	size_t	 flen;
	char	*ctype;		/* NULL when absent */
	int	 seen_cd;
};

static enum sl_err
cd_param(void *arg, const char *name, size_t nlen, char *val, size_t vlen)
{
	struct mp_part	*p = arg;

	if (eq_nocase(name, nlen, "name")) {
		if (p->name != NULL)
			return SL_EINPUT;
		p->name = val;
		p->nlen = vlen;
	} else if (eq_nocase(name, nlen, "filename")) {
		if (p->filename != NULL)
			return SL_EINPUT;
		p->filename = val;
		p->flen = vlen;
	}
	return SL_OK;
}

/* Parse Content-Disposition: form-data; name="..."[; filename="..."]. */
static enum sl_err
mp_disposition(struct arena *a, const char *v, size_t n, struct mp_part *p)
{
	static const char	 fd[] = "form-data";
	struct param_cb		 cb = { cd_param, p };
	size_t			 i = 0;

	if (p->seen_cd)
		return SL_EINPUT;
	p->seen_cd = 1;
	while (i < n && v[i] != ';' && !is_ows(v[i]))
		i++;
	if (!eq_nocase(v, i, fd))
		return SL_EINPUT;
	return params_walk(a, v, n, i, &cb);
}

/*
 * Parse the header block h[0..n) of one part: lines separated by CRLF
 * (the block ends with a CRLF).  Unknown headers are ignored; folded
 * lines and lines without ':' are SL_EINPUT.
 */
static enum sl_err
mp_headers(struct arena *a, const char *h, size_t n, struct mp_part *p)
{
	const char	*line, *end = h + n, *eol, *colon, *name, *val;
	size_t		 llen, nlen, vlen;
	enum sl_err	 e;

	for (line = h; line < end; line = eol + 2) {
		if ((eol = memmem(line, (size_t)(end - line), "\r\n", 2)) ==
		    NULL)
			return SL_EINPUT;
		llen = (size_t)(eol - line);
		if (llen == 0 || is_ows(line[0]))
			return SL_EINPUT;
		if ((colon = memchr(line, ':', llen)) == NULL)
			return SL_EINPUT;
		nlen = (size_t)(colon - line);
		name = trim(line, &nlen);
		vlen = llen - (size_t)(colon - line) - 1;
		val = trim(colon + 1, &vlen);
		if (eq_nocase(name, nlen, "content-disposition")) {
			if ((e = mp_disposition(a, val, vlen, p)) != SL_OK)
				return e;
		} else if (eq_nocase(name, nlen, "content-type")) {
			if (p->ctype != NULL)
				return SL_EINPUT;
			if (has_ctl(val, vlen) || !utf8_valid(val, vlen))
				return SL_EINPUT;
			if ((p->ctype = arena_strndup(a, val, vlen)) == NULL)
				return SL_ENOMEM;
		}
	}
	return SL_OK;
}

/* Reduce a client file name to what follows its last '/' or '\'. */
static void
mp_basename(char **f, size_t *flen)
{
	size_t	i;

	for (i = *flen; i > 0; i--)
		if ((*f)[i - 1] == '/' || (*f)[i - 1] == '\\')
			break;
	*f += i;
	*flen -= i;
}

/* Turn one parsed part into a field or an upload. */
static enum sl_err
mp_store(struct arena *a, const struct http_limits *lim, struct mp_part *p,
    const char *data, size_t len, struct kvlist *fields,
    struct uploadlist *files)
{
	struct upload	*u;
	char		*copy;

	if (!p->seen_cd || p->name == NULL || p->nlen == 0)
		return SL_EINPUT;
	if (has_ctl(p->name, p->nlen) || !utf8_valid(p->name, p->nlen))
		return SL_EINPUT;
	if (p->filename == NULL) {
		if (len > lim->max_field_len)
			return SL_ETOOBIG;
		if (!utf8_valid(data, len))
			return SL_EINPUT;
		return kv_add(a, fields, p->name, p->nlen, data, len);
	}
	mp_basename(&p->filename, &p->flen);
	if (has_ctl(p->filename, p->flen) ||
	    !utf8_valid(p->filename, p->flen))
		return SL_EINPUT;
	/* A file input where no file was chosen. */
	if (p->flen == 0 && len == 0)
		return SL_OK;
	if (len > lim->max_upload)
		return SL_ETOOBIG;
	if ((u = arena_alloc(a, sizeof(*u))) == NULL ||
	    (copy = arena_alloc(a, len)) == NULL)
		return SL_ENOMEM;
	if (len > 0)
		memcpy(copy, data, len);
	u->field = p->name;
	u->filename = p->filename;
	u->ctype = p->ctype != NULL ? p->ctype : "";
	u->data = copy;
	u->len = len;
	u->next = NULL;
	if (files->tail != NULL)
		files->tail->next = u;
	else
		files->head = u;
	files->tail = u;
	files->count++;
	return SL_OK;
}

/*
 * Parse a multipart/form-data body (RFC 7578, framing of RFC 2046).
 * ctype is the whole Content-Type header; its boundary parameter
 * (quoted or not) must be 1..70 characters.  A preamble before the
 * first boundary and an epilogue after the last are ignored.  Parts
 * without a filename parameter are appended to fields (valid UTF-8, at
 * most max_field_len bytes), parts with one to files (filename reduced
 * to its basename; a part with an empty filename and no bytes is
 * skipped, as browsers send it for an empty file input).
 *
 * Upload data is copied into the arena: nothing points into body, which
 * the caller may free.  fields and files get the results only when the
 * whole body parsed.  SL_EINPUT on malformed framing (missing final
 * boundary, truncated or over-8-KiB part headers, part without a name),
 * SL_ETOOBIG over max_fields parts or max_upload bytes in one file,
 * SL_ENOMEM.
 */
enum sl_err
http_parse_multipart(struct arena *a, const char *ctype, const char *body,
    size_t len, const struct http_limits *lim, struct kvlist *fields,
    struct uploadlist *files)
{
	struct kvlist	 kv = { NULL, NULL, 0 };
	struct uploadlist up = { NULL, NULL, 0 };
	struct mp_part	 part;
	char		*b, *delim;
	const char	*end, *p, *hend, *next;
	size_t		 blen, dlen, nparts = 0, win;
	enum sl_err	 e;

	if (a == NULL || lim == NULL || fields == NULL || files == NULL ||
	    (body == NULL && len > 0))
		return SL_EINPUT;
	if ((e = mp_boundary(a, ctype, &b, &blen)) != SL_OK)
		return e;
	if (len == 0)
		return SL_EINPUT;
	/* delim = CRLF "--" boundary */
	dlen = blen + 4;
	if ((delim = arena_alloc(a, dlen + 1)) == NULL)
		return SL_ENOMEM;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b, blen);
	end = body + len;

	/* The first delimiter may start the body without its CRLF. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		p = body + dlen - 2;
	else if ((p = memmem(body, len, delim, dlen)) != NULL)
		p += dlen;
	else
		return SL_EINPUT;

	for (;;) {
		/* p is just after a delimiter. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;		/* close delimiter; epilogue ignored */
		while (p < end && is_ows(*p))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return SL_EINPUT;
		p += 2;
		if (nparts >= lim->max_fields)
			return SL_ETOOBIG;
		nparts++;

		memset(&part, 0, sizeof(part));
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
			hend = p;	/* no headers at all */
		} else {
			win = (size_t)(end - p);
			if (win > MP_HEADERS_MAX + 4)
				win = MP_HEADERS_MAX + 4;
			if ((hend = memmem(p, win, "\r\n\r\n", 4)) == NULL ||
			    hend - p + 2 > MP_HEADERS_MAX)
				return SL_EINPUT;
			hend += 2;	/* keep the last header's CRLF */
			if ((e = mp_headers(a, p, (size_t)(hend - p),
			    &part)) != SL_OK)
				return e;
		}
		p = hend + 2;		/* data start */
		if ((next = memmem(p, (size_t)(end - p), delim, dlen)) ==
		    NULL)
			return SL_EINPUT;
		if ((e = mp_store(a, lim, &part, p, (size_t)(next - p), &kv,
		    &up)) != SL_OK)
			return e;
		p = next + dlen;
	}

	kv_splice(fields, &kv);
	if (up.head != NULL) {
		if (files->tail != NULL)
			files->tail->next = up.head;
		else
			files->head = up.head;
		files->tail = up.tail;
		files->count += up.count;
	}
	return SL_OK;
}

/* Accept. */

/*
 * Specificity with which the media range r[0..rlen) matches the
 * lower-case type: 3 exact, 2 a subtype wildcard ("text/" and a star),
 * 1 the full wildcard, 0 no match.
 */
static int
range_match(const char *r, size_t rlen, const char *type)
{
	size_t	tlen = (size_t)(strchr(type, '/') - type);

	if (eq_nocase(r, rlen, type))
		return 3;
	if (rlen == 3 && memcmp(r, "*/*", 3) == 0)
		return 1;
	if (rlen == tlen + 2 && r[tlen] == '/' && r[tlen + 1] == '*' &&
	    prefix_nocase(r, type, tlen))
		return 2;
	return 0;
}

/* q-value v[0..n) ("0", "0.5", "1.000") as 0..1000, or -1 if malformed. */
static int
parse_q(const char *v, size_t n)
{
	int	q, scale = 100;
	size_t	i;

	if (n == 0 || (v[0] != '0' && v[0] != '1'))
		return -1;
	q = (v[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (v[1] != '.' || n > 5)
		return -1;
	for (i = 2; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		q += (v[i] - '0') * scale;
		scale /= 10;
	}
	return q > 1000 ? -1 : q;
}

#define ACCEPT_NTYPES	4

/*
 * 1 if the Accept header prefers XML: the best q of application/xml and
 * text/xml is above 0 and above the best q of text/html and
 * application/xhtml+xml (ties go to HTML).  For each type the most
 * specific matching range decides (exact over type/ * over * / *).
 * Malformed ranges are ignored.  0 for NULL.
 */
int
http_accept_xml(const char *accept)
{
	static const char *const types[ACCEPT_NTYPES] = {
		"application/xml", "text/xml",
		"text/html", "application/xhtml+xml"
	};
	int		 spec[ACCEPT_NTYPES] = { 0 }, q[ACCEPT_NTYPES] = { 0 };
	const char	*p, *comma, *semi, *r, *pv;
	size_t		 n, rlen, plen, i, k;
	int		 qv, s;

	if (accept == NULL)
		return 0;
	for (p = accept; *p != '\0'; p = comma + 1) {
		if ((comma = strchr(p, ',')) == NULL)
			comma = p + strlen(p);
		n = (size_t)(comma - p);
		if ((semi = memchr(p, ';', n)) != NULL)
			rlen = (size_t)(semi - p);
		else
			rlen = n;
		r = trim(p, &rlen);
		qv = 1000;
		/* Parameters: only q matters. */
		for (i = semi != NULL ? (size_t)(semi - p) : n; i < n; ) {
			i++;	/* past ';' */
			for (k = i; k < n && p[k] != ';'; k++)
				;
			plen = k - i;
			pv = trim(p + i, &plen);
			if (plen >= 2 && (pv[0] == 'q' || pv[0] == 'Q') &&
			    pv[1] == '=')
				qv = parse_q(pv + 2, plen - 2);
			i = k;
		}
		if (qv >= 0 && rlen > 0) {
			for (i = 0; i < ACCEPT_NTYPES; i++) {
				s = range_match(r, rlen, types[i]);
				if (s > spec[i] || (s == spec[i] && s > 0 &&
				    qv > q[i])) {
					spec[i] = s;
					q[i] = qv;
				}
			}
		}
		if (*comma == '\0')
			break;
	}
	return (q[0] > q[1] ? q[0] : q[1]) > (q[2] > q[3] ? q[2] : q[3]);
}

/* Reason phrase for a status code; "Unknown" for codes not listed. */
const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

char *
http_pctencode(struct arena *a, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char		*out, *o;
	size_t		 i;
	unsigned char	 ch;

	if (s == NULL || len > (SIZE_MAX - 1) / 3)
		return NULL;
	if ((out = arena_alloc(a, len * 3 + 1)) == NULL)
		return NULL;
	for (o = out, i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    ch == '.' || ch == '~') {
			*o++ = (char)ch;
			continue;
		}
		*o++ = '%';
		*o++ = hex[ch >> 4];
		*o++ = hex[ch & 15];
	}
	*o = '\0';
	return out;
}
