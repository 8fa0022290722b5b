/*
 * util.h - shared status codes, logging, per-request arena, bounded
 * string and number helpers.  Everything here is free of I/O except
 * the log functions.
 */
#ifndef SL_UTIL_H
#define SL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Status returned by every fallible function. */
enum sl_err {
	SL_OK = 0,
	SL_ENOMEM,	/* allocation failed */
	SL_EINPUT,	/* malformed input (400 / 422) */
	SL_ETOOBIG,	/* input over a configured limit (413) */
	SL_ENOTFOUND,	/* no such thing (404) */
	SL_EFORBIDDEN,	/* policy said no (403) */
	SL_EDB,		/* database unavailable (503) */
	SL_EDIR,	/* directory unavailable (503) */
	SL_EAUTH,	/* wrong user name or password */
	SL_ETHROTTLED,	/* too many failed logins */
	SL_ECONFLICT,	/* uniqueness or state rule broken (409/422) */
	SL_ESYS,	/* system call failed (500) */
	SL_EMEETING,	/* meeting mode forbids leaving the log (403) */
	SL_EDEADLINE,	/* the request deadline passed: work stopped (503) */
	SL_EFULL	/* the database cannot save: disk or table full (503) */
};

/* Short English text for a status; static storage. */
const char *sl_strerror(enum sl_err);

/* Logging to stderr (and syslog when enabled), one line per call. */
void log_init(const char *ident, int use_syslog);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* As log_warnx, with ": strerror(errno)" appended. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Identical lines within a window of seconds (default 60; 0: off) are
 * counted, not written; the count follows as "<line> (repeated N more
 * times in S s)" once the window has passed, at the next log call.
 */
void log_repeat_window(long long seconds);
/* Write the pending "repeated" summaries now (before exit). */
void log_flush(void);

/*
 * Arena: a chain of blocks freed all at once.  Every request owns one;
 * strings handed out by the parsers live until arena_free().
 */
struct arena;

/* New empty arena, or NULL on ENOMEM.  Caller frees with arena_free. */
struct arena *arena_new(void);
/* Free every block; NULL is fine. */
void arena_free(struct arena *);
/* Zeroed memory of n bytes owned by the arena, or NULL. */
void *arena_alloc(struct arena *, size_t n);
/* NUL-terminated copy of n bytes of s, owned by the arena, or NULL. */
char *arena_strndup(struct arena *, const char *s, size_t n);
/* NUL-terminated copy of s, owned by the arena, or NULL (also for s == NULL). */
char *arena_strdup(struct arena *, const char *s);
/* printf into arena memory; NULL on ENOMEM. */
char *arena_printf(struct arena *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Name/value list (query, cookies, form fields). */
struct kv {
	char		*name;
	char		*value;	/* NUL-terminated; may hold NUL bytes only via len */
	size_t		 len;	/* length of value in bytes */
	struct kv	*next;
};
struct kvlist {
	struct kv	*head;
	struct kv	*tail;
	size_t		 count;
};

/* Append a pair (copied into the arena).  SL_OK or SL_ENOMEM. */
enum sl_err kv_add(struct arena *, struct kvlist *, const char *name,
    size_t nlen, const char *value, size_t vlen);
/* First value for name, or NULL.  Owned by the list's arena. */
const char *kv_get(const struct kvlist *, const char *name);

/*
 * Growable byte buffer on the heap.  buf_free accepts NULL members.
 * On allocation failure the buffer records it in .oom and further
 * appends are no-ops, so callers check once at the end.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	int	 oom;
};
void buf_init(struct buf *);
void buf_free(struct buf *);
void buf_append(struct buf *, const void *, size_t);
void buf_puts(struct buf *, const char *);
void buf_printf(struct buf *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * strtonum-style parser: base 10, whole string, within [min, max].
 * Returns SL_OK and sets *out, or SL_EINPUT with *errstr set to
 * "invalid", "too small" or "too large".
 */
enum sl_err parse_ll(const char *s, long long min, long long max,
    long long *out, const char **errstr);

/*
 * Decode the UTF-8 sequence at s (n bytes available): its length, with
 * the code point in *cp; 0 when n is 0 or the sequence is invalid
 * (overlong, surrogate, above U+10FFFF, cut short).
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* 1 if s[0..len) is valid UTF-8 without overlongs or surrogates. */
int utf8_valid(const char *s, size_t len);
/*
 * 1 if s[0..len) is valid UTF-8 and holds only characters allowed in
 * XML 1.0 text (TAB, LF, CR and >= 0x20, no U+FFFE/U+FFFF).
 */
int xml_text_ok(const char *s, size_t len);

/*
 * 1 if s[0..len) holds a bidirectional formatting character that can
 * make text display as something else: the embeddings and overrides
 * U+202A..U+202E, the isolates U+2066..U+2069, and the invisible marks
 * U+200E, U+200F and U+061C.  0 otherwise (also for invalid UTF-8).
 */
int bidi_control_in(const char *s, size_t len);

/* snprintf that returns SL_OK, or SL_ETOOBIG when output was truncated. */
enum sl_err bsnprintf(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void hex_encode(const unsigned char *in, size_t n, char *out);

/*
 * FNV-1a, 64 bits, of n bytes: a fast hash to pick candidate entries of
 * the caches (never a security property).
 */
uint64_t fnv1a64(const void *p, size_t n);

/*
 * A least-recently-used list of the caches (render.c, logcache.c): an
 * entry embeds a struct lru_link as its FIRST member, so a link is its
 * entry.  head is the most recently used.
 */
struct lru_link {
	struct lru_link	*prev, *next;
};
struct lru_list {
	struct lru_link	*head, *tail;
};
/* Take e out of l (e must be in l). */
void lru_unlink(struct lru_list *l, struct lru_link *e);
/* Put e (in no list) at the head of l: the most recently used. */
void lru_push(struct lru_list *l, struct lru_link *e);

#endif
