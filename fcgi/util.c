/*
 * util.c - status texts, logging, the per-request arena, name/value
 * lists, growable buffers and bounded string and number helpers.
 * See util.h for the contract of every function.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* Status texts. */

/* Short English text for a status; static storage, never NULL. */
const char *
sl_strerror(enum sl_err e)
{
	switch (e) {
	case SL_OK:
		return "success";
	case SL_ENOMEM:
		return "out of memory";
	case SL_EINPUT:
		return "malformed input";
	case SL_ETOOBIG:
		return "input too large";
	case SL_ENOTFOUND:
		return "not found";
	case SL_EFORBIDDEN:
		return "forbidden";
	case SL_EDB:
		return "database unavailable";
	case SL_EDIR:
		return "directory unavailable";
	case SL_EAUTH:
		return "wrong user name or password";
	case SL_ETHROTTLED:
		return "too many failed logins";
	case SL_ECONFLICT:
		return "conflict";
	case SL_ESYS:
		return "system error";
	case SL_EMEETING:
		return "meeting mode";
	case SL_EDEADLINE:
		return "request deadline passed";
	case SL_EFULL:
		return "database full";
	}
	return "unknown error";
}

/* Logging. */

#define LOG_IDENT_MAX	32
#define LOG_LINE_MAX	1024

static char	log_ident[LOG_IDENT_MAX] = "stafettlogg";
static int	log_syslog;

/*
 * Set the ident (truncated to 31 bytes; NULL keeps "stafettlogg") and
 * whether lines also go to syslog(3) (facility LOG_DAEMON).
 */
void
log_init(const char *ident, int use_syslog)
{
	if (ident != NULL && *ident != '\0')
		(void)bsnprintf(log_ident, sizeof(log_ident), "%s", ident);
	if (log_syslog)
		closelog();
	log_syslog = use_syslog != 0;
	if (log_syslog)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/*
 * Repeated lines: a message identical to one written less than
 * log_window seconds ago is not written again but counted; once the
 * window has passed (seen at the next log call), when the entry is
 * evicted or at log_flush, one line says how often it was repeated.
 * So an outage that makes every request log the same line costs two
 * lines per window and message, not thousands.  Per process.
 */
#define LOG_REPEAT_SLOTS	16
#define LOG_REPEAT_WINDOW	60

struct log_repeat {
	char			 msg[LOG_LINE_MAX];	/* "" = free */
	int			 prio;
	time_t			 start;		/* when msg was last written */
	time_t			 used;		/* last seen, for eviction */
	unsigned long long	 repeated;	/* not written since start */
};

static struct log_repeat	log_rep[LOG_REPEAT_SLOTS];
static long long		log_window = LOG_REPEAT_WINDOW;

/* Write one finished line (control characters already replaced). */
static void
log_write(int prio, const char *msg)
{
	char	 line[LOG_LINE_MAX + LOG_IDENT_MAX + 96];
	int	 r;

	/* line has room for the longest ident, pid and message. */
	r = snprintf(line, sizeof(line), "%s[%ld]: %s\n", log_ident,
	    (long)getpid(), msg);
	if (r > 0 && (size_t)r < sizeof(line))
		(void)!write(STDERR_FILENO, line, (size_t)r);
	if (log_syslog)
		syslog(prio, "%s", msg);
}

/* The summary of an entry's repeats, if any; the entry starts anew. */
static void
log_repeat_summary(struct log_repeat *e, time_t now)
{
	char	 msg[LOG_LINE_MAX + 64];

	if (e->repeated == 0)
		return;
	(void)snprintf(msg, sizeof(msg), "%.*s (repeated %llu more times in "
	    "%lld s)", LOG_LINE_MAX - 1, e->msg, e->repeated,
	    (long long)(now - e->start));
	log_write(e->prio, msg);
	e->repeated = 0;
	e->start = now;
}

/* 1 when msg is a repeat within the window (counted, not written). */
static int
log_repeat_seen(int prio, const char *msg)
{
	struct log_repeat	*e, *victim = NULL;
	time_t			 now = time(NULL);
	size_t			 i;

	if (log_window <= 0)
		return 0;
	for (i = 0; i < LOG_REPEAT_SLOTS; i++) {
		e = &log_rep[i];
		if (e->msg[0] != '\0' && now - e->start >= log_window) {
			/* Reported; the next such line is written again. */
			log_repeat_summary(e, now);
			e->msg[0] = '\0';
		}
	}
	for (i = 0; i < LOG_REPEAT_SLOTS; i++) {
		e = &log_rep[i];
		if (e->msg[0] != '\0' && strcmp(e->msg, msg) == 0) {
			e->used = now;
			e->repeated++;
			return 1;
		}
		if (victim == NULL || e->msg[0] == '\0' ||
		    (victim->msg[0] != '\0' && e->used < victim->used))
			victim = e;
	}
	log_repeat_summary(victim, now);
	(void)bsnprintf(victim->msg, sizeof(victim->msg), "%s", msg);
	victim->prio = prio;
	victim->start = victim->used = now;
	victim->repeated = 0;
	return 0;
}

/*
 * Write the summaries of repeated lines not yet reported (at exit).
 */
void
log_flush(void)
{
	time_t	 now = time(NULL);
	size_t	 i;
	int	 saved = errno;

	for (i = 0; i < LOG_REPEAT_SLOTS; i++)
		if (log_rep[i].msg[0] != '\0')
			log_repeat_summary(&log_rep[i], now);
	errno = saved;
}

/*
 * Seconds within which identical lines are counted instead of written
 * (0: write every line); the default is 60.
 */
void
log_repeat_window(long long seconds)
{
	log_flush();
	log_window = seconds;
}

/*
 * Format one message, replace control characters (a message may quote
 * client input) so that it stays one line, and write it to stderr with
 * a single write(2) so that lines of several workers do not interleave;
 * repeats are summarised (log_repeat_seen).
 */
static void
log_emit(int prio, const char *fmt, va_list ap, const char *suffix)
{
	char	 msg[LOG_LINE_MAX];
	size_t	 i, n;
	int	 r;

	r = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (r < 0)
		(void)bsnprintf(msg, sizeof(msg), "(bad log format)");
	if (suffix != NULL) {
		n = strlen(msg);
		(void)bsnprintf(msg + n, sizeof(msg) - n, ": %s", suffix);
	}
	for (i = 0; msg[i] != '\0'; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = '?';
	if (log_repeat_seen(prio, msg))
		return;
	log_write(prio, msg);
}

/* Informational line.  Keeps errno. */
void
log_info(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_emit(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
	errno = saved;
}

/* Warning line.  Keeps errno. */
void
log_warnx(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
	errno = saved;
}

/* Warning line with ": strerror(errno)" appended.  Keeps errno. */
void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

/* Arena. */

#define ARENA_ALIGN	16
#define ARENA_BLOCK	(16 * 1024)
/* Requests above this get a block of their own. */
#define ARENA_BIG	(ARENA_BLOCK / 4)

struct arena_block {
	struct arena_block	*next;
	size_t			 size;	/* usable bytes after the header */
	size_t			 used;
};

struct arena {
	struct arena_block	*blocks;	/* every block, newest first */
	struct arena_block	*cur;		/* block small requests use */
};

/* Usable bytes start at a multiple of ARENA_ALIGN after the header. */
#define BLOCK_HDR \
	((sizeof(struct arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

static struct arena_block *
block_new(size_t size)
{
	struct arena_block	*b;

	/* Room for the header and for aligning the start by hand. */
	if (size > SIZE_MAX - BLOCK_HDR - ARENA_ALIGN)
		return NULL;
	if ((b = malloc(BLOCK_HDR + size + ARENA_ALIGN)) == NULL)
		return NULL;
	b->next = NULL;
	b->size = size + ARENA_ALIGN;
	b->used = 0;
	return b;
}

/* Aligned pointer to n free bytes in b, or NULL when they do not fit. */
static void *
block_take(struct arena_block *b, size_t n)
{
	unsigned char	*base = (unsigned char *)b + BLOCK_HDR;
	uintptr_t	 p;
	size_t		 pad;

	p = (uintptr_t)(base + b->used);
	pad = (size_t)(-p & (ARENA_ALIGN - 1));
	if (pad > b->size - b->used || n > b->size - b->used - pad)
		return NULL;
	b->used += pad + n;
	return base + b->used - n;
}

/* New empty arena, or NULL on ENOMEM.  Caller frees with arena_free. */
struct arena *
arena_new(void)
{
	struct arena	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	return a;
}

/* Free every block and the arena itself; NULL is fine. */
void
arena_free(struct arena *a)
{
	struct arena_block	*b, *next;

	if (a == NULL)
		return;
	for (b = a->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/*
 * n zeroed bytes aligned to 16, owned by the arena, or NULL on ENOMEM
 * (or a == NULL).  n == 0 gives a valid unique pointer.
 */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block	*b;
	void			*p;

	if (a == NULL)
		return NULL;
	if (n == 0)
		n = 1;
	if (n > ARENA_BIG) {
		if ((b = block_new(n)) == NULL)
			return NULL;
		/* Keep it out of cur: the current block still has room. */
		b->next = a->blocks;
		a->blocks = b;
		p = block_take(b, n);
	} else {
		if (a->cur == NULL || (p = block_take(a->cur, n)) == NULL) {
			if ((b = block_new(ARENA_BLOCK)) == NULL)
				return NULL;
			b->next = a->blocks;
			a->blocks = b;
			a->cur = b;
			p = block_take(b, n);
		}
	}
	if (p != NULL)
		memset(p, 0, n);
	return p;
}

/*
 * NUL-terminated copy of exactly n bytes of s (which may hold NUL bytes;
 * s must have n readable bytes), owned by the arena, or NULL.
 */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	if (s == NULL && n > 0)
		return NULL;
	if (n == SIZE_MAX)
		return NULL;
	if ((p = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* NUL-terminated copy of s, owned by the arena, or NULL (also for NULL s). */
char *
arena_strdup(struct arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	return arena_strndup(a, s, strlen(s));
}

/* printf into arena memory; NULL on ENOMEM or a format error. */
char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap, ap2;
	char	*p = NULL;
	int	 n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0 || n == INT_MAX)
		goto out;
	if ((p = arena_alloc(a, (size_t)n + 1)) == NULL)
		goto out;
	if (vsnprintf(p, (size_t)n + 1, fmt, ap2) != n)
		p = NULL;
out:
	va_end(ap2);
	va_end(ap);
	return p;
}

/* Name/value lists. */

/*
 * Append a copy (in the arena) of name[0..nlen) and value[0..vlen) to
 * list.  SL_OK, SL_ENOMEM, or SL_EINPUT for NULL arguments.
 */
enum sl_err
kv_add(struct arena *a, struct kvlist *list, const char *name,
    size_t nlen, const char *value, size_t vlen)
{
	struct kv	*kv;

	if (a == NULL || list == NULL || (name == NULL && nlen > 0) ||
	    (value == NULL && vlen > 0))
		return SL_EINPUT;
	if ((kv = arena_alloc(a, sizeof(*kv))) == NULL)
		return SL_ENOMEM;
	if ((kv->name = arena_strndup(a, nlen ? name : "", nlen)) == NULL ||
	    (kv->value = arena_strndup(a, vlen ? value : "", vlen)) == NULL)
		return SL_ENOMEM;
	kv->len = vlen;
	kv->next = NULL;
	if (list->tail != NULL)
		list->tail->next = kv;
	else
		list->head = kv;
	list->tail = kv;
	list->count++;
	return SL_OK;
}

/* First value for name, or NULL.  Owned by the list's arena. */
const char *
kv_get(const struct kvlist *list, const char *name)
{
	const struct kv	*kv;

	if (list == NULL || name == NULL)
		return NULL;
	for (kv = list->head; kv != NULL; kv = kv->next)
		if (strcmp(kv->name, name) == 0)
			return kv->value;
	return NULL;
}

/* Growable buffers. */

#define BUF_MIN	256

/* Empty buffer; no allocation yet. */
void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->oom = 0;
}

/* Free the data and reset to the buf_init state; data may be NULL. */
void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	buf_init(b);
}

/* Room for n more bytes plus a NUL; sets oom and returns -1 on failure. */
static int
buf_reserve(struct buf *b, size_t n)
{
	size_t	 need, cap;
	char	*p;

	if (b->oom)
		return -1;
	if (n > SIZE_MAX - b->len - 1)
		goto fail;
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : BUF_MIN;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	if ((p = realloc(b->data, cap)) == NULL)
		goto fail;
	b->data = p;
	b->cap = cap;
	return 0;
fail:
	b->oom = 1;
	return -1;
}

/*
 * Append n bytes.  After any successful append data is NUL-terminated
 * (the NUL is not counted in len).  No-op once oom is set.
 */
void
buf_append(struct buf *b, const void *p, size_t n)
{
	if (n == 0 || buf_reserve(b, n) == -1)
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append a NUL-terminated string. */
void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

/*
 * Append formatted text.  A format error also sets oom: the output is
 * incomplete and the caller checks one flag.
 */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if (buf_reserve(b, (size_t)n) == -1)
		return;
	va_start(ap, fmt);
	if (vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap) != n)
		b->oom = 1;
	else
		b->len += (size_t)n;
	va_end(ap);
}

/* Numbers. */

/*
 * strtonum-style: s must be an optional '-' and decimal digits, nothing
 * else, within [min, max].  SL_OK with *out set (and *errstr NULL), or
 * SL_EINPUT with *errstr "invalid", "too small" or "too large".  out
 * and errstr may be NULL.
 */
enum sl_err
parse_ll(const char *s, long long min, long long max, long long *out,
    const char **errstr)
{
	const char	*p, *err = NULL;
	char		*end;
	long long	 v = 0;

	if (s == NULL || min > max) {
		err = "invalid";
		goto fail;
	}
	p = s[0] == '-' ? s + 1 : s;
	if (*p < '0' || *p > '9') {
		err = "invalid";
		goto fail;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		err = "invalid";
	else if ((errno == ERANGE && v == LLONG_MIN) || v < min)
		err = "too small";
	else if ((errno == ERANGE && v == LLONG_MAX) || v > max)
		err = "too large";
	if (err != NULL)
		goto fail;
	if (out != NULL)
		*out = v;
	if (errstr != NULL)
		*errstr = NULL;
	return SL_OK;
fail:
	if (errstr != NULL)
		*errstr = err;
	return SL_EINPUT;
}

/* UTF-8. */

/*
 * Decode one UTF-8 sequence at s (n > 0 bytes available).  Returns its
 * length and the code point in *cp, or 0 when the sequence is invalid
 * (bad lead byte, bad or missing continuation, overlong form, surrogate,
 * above U+10FFFF).
 */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char	c = s[0], lo = 0x80, hi = 0xbf;
	size_t		len, i;
	uint32_t	v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;
	if (n < len)
		return 0;
	/* Only the second byte has the narrowed range. */
	if (s[1] < lo || s[1] > hi)
		return 0;
	v = (v << 6) | (s[1] & 0x3f);
	for (i = 2; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return len;
}

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	if (s == NULL || n == 0)
		return 0;
	return utf8_next((const unsigned char *)s, n, cp);
}

/* 1 if s[0..len) is valid UTF-8 without overlongs or surrogates, else 0. */
int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k;
	uint32_t		 cp;

	if (s == NULL)
		return len == 0;
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_next(p + i, len - i, &cp)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

int
bidi_control_in(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i + 1 < len; i++) {
		/* U+061C ARABIC LETTER MARK: D8 9C */
		if (u[i] == 0xD8 && u[i + 1] == 0x9C)
			return 1;
		if (u[i] != 0xE2 || i + 2 >= len)
			continue;
		/* U+200E, U+200F, U+202A..U+202E: E2 80 8E/8F, E2 80 AA..AE */
		if (u[i + 1] == 0x80 && (u[i + 2] == 0x8E || u[i + 2] == 0x8F ||
		    (u[i + 2] >= 0xAA && u[i + 2] <= 0xAE)))
			return 1;
		/* U+2066..U+2069: E2 81 A6..A9 */
		if (u[i + 1] == 0x81 && u[i + 2] >= 0xA6 && u[i + 2] <= 0xA9)
			return 1;
	}
	return 0;
}

/*
 * 1 if s[0..len) is valid UTF-8 holding only XML 1.0 Chars: TAB, LF,
 * CR, U+0020 and above except U+FFFE and U+FFFF (U+007F..U+009F are
 * allowed, as in XML 1.0).  0 otherwise.
 */
int
xml_text_ok(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k;
	uint32_t		 cp;

	if (s == NULL)
		return len == 0;
	while (i < len) {
		if ((k = utf8_next(p + i, len - i, &cp)) == 0)
			return 0;
		if (cp < 0x20 && cp != 0x09 && cp != 0x0a && cp != 0x0d)
			return 0;
		if (cp == 0xfffe || cp == 0xffff)
			return 0;
		i += k;
	}
	return 1;
}

/* Strings. */

/*
 * snprintf into dst[size].  SL_OK; SL_ETOOBIG when the output was
 * truncated (dst still holds the NUL-terminated prefix); SL_EINPUT on
 * a format error (dst is then "").
 */
enum sl_err
bsnprintf(char *dst, size_t size, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (size > 0)
			dst[0] = '\0';
		return SL_EINPUT;
	}
	if ((size_t)n >= size)
		return SL_ETOOBIG;
	return SL_OK;
}

/* Lower-case hex of in[0..n) into out, which must hold 2n+1 bytes. */
void
hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

uint64_t
fnv1a64(const void *p, size_t n)
{
	const unsigned char	*b = p;
	uint64_t		 h = 14695981039346656037ULL;

	while (n-- > 0) {
		h ^= *b++;
		h *= 1099511628211ULL;
	}
	return h;
}

void
lru_unlink(struct lru_list *l, struct lru_link *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		l->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		l->tail = e->prev;
	e->prev = e->next = NULL;
}

void
lru_push(struct lru_list *l, struct lru_link *e)
{
	e->prev = NULL;
	e->next = l->head;
	if (l->head != NULL)
		l->head->prev = e;
	l->head = e;
	if (l->tail == NULL)
		l->tail = e;
}
