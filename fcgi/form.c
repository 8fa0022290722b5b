/*
 * form.c - posted field checks with per-field errors.
 */
#include <string.h>
#include <time.h>

#include "form.h"
#include "view.h"

void
form_init(struct form *f, struct ctx *c)
{
	memset(f, 0, sizeof(*f));
	f->c = c;
}

void
form_fail(struct form *f, const char *field, const char *key,
    const char *detail)
{
	if (f->nerr == FORM_MAX_ERRORS)
		return;
	f->err[f->nerr].field = field;
	f->err[f->nerr].key = key;
	f->err[f->nerr].detail = detail;
	f->err[f->nerr].max = 0;
	f->nerr++;
}

int
form_get(struct form *f, const char *name, const char **out)
{
	switch (http_kv_one(&f->c->form, name, out)) {
	case SL_OK:
		return 0;
	case SL_ECONFLICT:
		form_fail(f, name, "field.repeated", NULL);
		return -1;
	default:
		/* A NUL byte: the router refuses those first (400). */
		form_fail(f, name, "field.invalid", NULL);
		return -1;
	}
}

/* field.too-long, with the limit for the message. */
static void
too_long(struct form *f, const char *name, size_t max)
{
	size_t	 n = f->nerr;

	form_fail(f, name, "field.too-long", NULL);
	if (f->nerr > n)
		f->err[n].max = max;
}

/* 1 for a code point that is a control character other than TAB, LF, CR. */
static int
is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != 0x09 && cp != 0x0a && cp != 0x0d) ||
	    (cp >= 0x7f && cp <= 0x9f);
}

/*
 * 1 for a code point that shows nothing (or nothing of its own) and can
 * make two one-line values look alike: format controls and fillers.
 * ZWNJ and ZWJ are judged by the caller (they belong in some scripts).
 */
static int
is_invisible(uint32_t cp)
{
	return cp == 0x00ad || cp == 0x034f || cp == 0x115f || cp == 0x1160 ||
	    cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x180b && cp <= 0x180f) ||
	    cp == 0x200b || (cp >= 0x2060 && cp <= 0x206f) || cp == 0x3164 ||
	    cp == 0xfeff || cp == 0xffa0 || (cp >= 0xfff0 && cp <= 0xfffb) ||
	    (cp >= 0x1bca0 && cp <= 0x1bca3) ||
	    (cp >= 0x1d173 && cp <= 0x1d17a) ||
	    (cp >= 0xe0000 && cp <= 0xe0fff);
}

/* 1 for a letter of a script whose spelling uses ZWNJ/ZWJ (Arabic, Indic). */
static int
joins(uint32_t cp)
{
	return (cp >= 0x0600 && cp <= 0x08ff) || (cp >= 0x0900 && cp <= 0x0dff);
}

const char *
form_text(struct form *f, const char *name, size_t max, int required)
{
	const char	*v, *e;
	char		*out;
	size_t		 n, i, k, o, chars;
	uint32_t	 cp;

	if (form_get(f, name, &v) < 0)
		return NULL;
	if (v != NULL) {
		while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
			v++;
		n = strlen(v);
		e = v + n;
		while (e > v && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r' || e[-1] == '\n'))
			e--;
		n = (size_t)(e - v);
		if (n > 0) {
			/* At most 4 bytes a character, before any decoding. */
			if (n / 4 > max) {
				too_long(f, name, max);
				return NULL;
			}
			if (!xml_text_ok(v, n) ||
			    (out = arena_alloc(f->c->a, n + 1)) == NULL) {
				form_fail(f, name, "field.invalid", NULL);
				return NULL;
			}
			for (i = o = chars = 0; i < n; i += k) {
				k = utf8_decode(v + i, n - i, &cp);
				if (is_control(cp) && cp != 0x85) {
					form_fail(f, name, "field.invisible", NULL);
					return NULL;
				}
				/* Line separators are line feeds here. */
				if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
					out[o++] = '\n';
				else {
					memcpy(out + o, v + i, k);
					o += k;
				}
				/* CR LF is one character, as in the browser. */
				if (!(cp == '\r' && i + 1 < n && v[i + 1] == '\n'))
					chars++;
			}
			out[o] = '\0';
			if (chars > max) {
				too_long(f, name, max);
				return NULL;
			}
			return out;
		}
	}
	if (required)
		form_fail(f, name, "field.required", NULL);
	return NULL;
}

const char *
form_line(struct form *f, const char *name, size_t max, int required)
{
	const char	*v;
	size_t		 nerr = f->nerr, i, k, n;
	uint32_t	 cp, prev = 0, next;

	if ((v = form_text(f, name, max, required)) == NULL || f->nerr > nerr)
		return v;
	n = strlen(v);
	if (bidi_control_in(v, n)) {
		form_fail(f, name, "field.bidi", NULL);
		return NULL;
	}
	if (strpbrk(v, "\r\n\t") != NULL) {
		form_fail(f, name, "field.one-line", NULL);
		return NULL;
	}
	for (i = 0; i < n; i += k, prev = cp) {
		k = utf8_decode(v + i, n - i, &cp);
		if (cp == 0x200c || cp == 0x200d) {
			next = 0;
			(void)utf8_decode(v + i + k, n - i - k, &next);
			if (joins(prev) && joins(next))
				continue;
		} else if (!is_invisible(cp))
			continue;
		form_fail(f, name, "field.invisible", NULL);
		return NULL;
	}
	return v;
}

int
form_bool(struct form *f, const char *name)
{
	const char	*v;

	if (form_get(f, name, &v) < 0)
		return 0;
	return v != NULL && strcmp(v, "1") == 0;
}

const char *
form_choice(struct form *f, const char *name, const char *const *allowed,
    int required)
{
	const char	*v;
	size_t		 i;

	if (form_get(f, name, &v) < 0)
		return NULL;
	if (v == NULL || *v == '\0') {
		if (required)
			form_fail(f, name, "field.required", NULL);
		return NULL;
	}
	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(v, allowed[i]) == 0)
			return allowed[i];
	form_fail(f, name, "field.invalid", NULL);
	return NULL;
}

static int
days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

enum sl_err
date_parse(const char *s, int *y, int *m, int *d)
{
	int	 i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return SL_EINPUT;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return SL_EINPUT;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1900 || *y > 2200 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > days_in(*y, *m))
		return SL_EINPUT;
	return SL_OK;
}

void
date_today(int *y, int *m, int *d, char buf[11])
{
	time_t		 t = time(NULL);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
	if (buf != NULL)
		(void)bsnprintf(buf, 11, "%04d-%02d-%02d", *y, *m, *d);
}

int
form_date(struct form *f, const char *name, int required, const char **out)
{
	const char	*v;
	int		 y, m, d;

	*out = NULL;
	if (form_get(f, name, &v) < 0)
		return -1;
	if (v == NULL || *v == '\0') {
		if (required) {
			form_fail(f, name, "field.required", NULL);
			return -1;
		}
		return 0;
	}
	/* dd.mm.åååå, as the pages show dates (a browser without a date
	 * picker sends what was typed): the same day in ISO form. */
	if (strlen(v) == 10 && v[2] == '.' && v[5] == '.')
		v = arena_printf(f->c->a, "%.4s-%.2s-%.2s", v + 6, v + 3, v);
	if (v == NULL || date_parse(v, &y, &m, &d) != SL_OK) {
		form_fail(f, name, "field.date.invalid", NULL);
		return -1;
	}
	*out = v;
	return 1;
}

int
form_id(struct form *f, const char *name, int required, long long *out)
{
	const char	*v, *errstr;

	*out = 0;
	if (form_get(f, name, &v) < 0)
		return -1;
	if (v == NULL || *v == '\0') {
		if (required) {
			form_fail(f, name, "field.required", NULL);
			return -1;
		}
		return 0;
	}
	if (parse_ll(v, 1, 1LL << 53, out, &errstr) != SL_OK) {
		form_fail(f, name, "field.invalid", NULL);
		return -1;
	}
	return 1;
}

size_t
form_ids(struct form *f, const char *name, long long *out, size_t max)
{
	struct kv	*kv;
	size_t		 n = 0;
	long long	 v;
	const char	*errstr;

	for (kv = f->c->form.head; kv != NULL; kv = kv->next) {
		if (strcmp(kv->name, name) != 0)
			continue;
		if (parse_ll(kv->value, 1, 1LL << 53, &v, &errstr) != SL_OK ||
		    n == max) {
			form_fail(f, name, "field.invalid", NULL);
			continue;
		}
		out[n++] = v;
	}
	return n;
}

void
form_show(struct form *f, const char *name, const char *for_)
{
	xmlNodePtr	 a, e;
	xmlChar		*an, *af;
	size_t		 i;

	f->c->status = 422;
	if (f->c->view != NULL)
		view_attr_ll(xmlDocGetRootElement(f->c->view), "status", 422);
	for (a = f->c->actions != NULL ? f->c->actions->children : NULL;
	    a != NULL; a = a->next) {
		if (a->type != XML_ELEMENT_NODE)
			continue;
		an = xmlGetProp(a, (const xmlChar *)"name");
		af = xmlGetProp(a, (const xmlChar *)"for");
		int hit = an != NULL && strcmp((char *)an, name) == 0 &&
		    ((for_ == NULL && af == NULL) || (for_ != NULL &&
		    af != NULL && strcmp((char *)af, for_) == 0));
		xmlFree(an);
		xmlFree(af);
		if (hit)
			break;
	}
	if (a == NULL)
		return;
	view_prefill(a, &f->c->form);
	for (i = 0; i < f->nerr; i++) {
		view_field_error(a, f->err[i].field, f->err[i].key);
		e = xmlGetLastChild(a);
		if (f->err[i].detail != NULL)
			view_attr(e, "detail", f->err[i].detail);
		if (f->err[i].max > 0)
			view_attr_ll(e, "max", (long long)f->err[i].max);
	}
	view_attr(a, "open", "1");
}
