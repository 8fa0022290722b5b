/*
 * logcache.c - built log pages kept per worker.
 *
 * The log page of a log that has not changed, seen by the same user in
 * the same role, is the same view.  h_log.c (page_key) makes a key of
 * everything the view is built from: the log's version (bumped by a
 * trigger with every write to any table of the log, sql/020_perf.sql),
 * the version of the names around it (view_epoch), a fingerprint of its
 * readers, every fact policy decides by, the session's user, language
 * and meeting mode, the path and query, and the minute.  The facts and
 * versions are read fresh for every request, so a write by another
 * worker, a revoked grant or an ended measure changes the key of the
 * very next request; nothing is ever invalidated here.
 *
 * An entry holds the key (compared byte for byte; the hash only picks
 * the candidate) and the page's HTML with the render placeholder where
 * the CSRF token goes (render_fill puts the session's token in): the
 * HTML the stylesheet made of the very view.  Memory: at most
 * log_cache_kb per worker (keys, pages and the entries' headers), the
 * least recently used first out.  A page is kept until the end of its
 * minute (the key holds the minute: after it no request can ask for it
 * again); the first look-up after that, or the end of the next request
 * (logcache_expire), drops it and wipes it, so the memory is that of the
 * pages of the current minute, not log_cache_kb of dead ones.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "logcache.h"
#include "util.h"

struct lc_entry {
	struct lru_link	 link;		/* first: most recently used first */
	uint64_t	 hash;
	size_t		 keylen, htmllen, size;
	time_t		 until;		/* no look-up after it can match */
	char		*key, *html;	/* in the same allocation */
};

static struct {
	size_t		 used, n;
	struct lru_list	 lru;
	pid_t		 pid;		/* the process the entries belong to */
	time_t		 next_until;	/* the earliest until of the entries */
	unsigned long long hits, misses;
} L;

/* Take e out and wipe it (the page holds a child's data). */
static void
drop_entry(struct lc_entry *e)
{
	lru_unlink(&L.lru, &e->link);
	L.used -= e->size;
	L.n--;
	explicit_bzero(e, e->size);
	free(e);
}

/* Drop the least recently used entries until extra more bytes fit in max. */
static void
make_room(size_t max, size_t extra)
{
	while (L.lru.tail != NULL && L.used + extra > max)
		drop_entry((struct lc_entry *)L.lru.tail);
}

/* Drop the entries whose time is over (the earliest is known). */
static void
drop_expired(void)
{
	struct lru_link	*l, *next;
	struct lc_entry	*e;
	time_t		 now = time(NULL);

	if (L.n == 0 || now < L.next_until)
		return;
	L.next_until = 0;
	for (l = L.lru.head; l != NULL; l = next) {
		next = l->next;
		e = (struct lc_entry *)l;
		if (now >= e->until)
			drop_entry(e);
		else if (L.next_until == 0 || e->until < L.next_until)
			L.next_until = e->until;
	}
}

/* Entries made by another process (the master before fork) are not ours. */
static void
own_process(void)
{
	if (L.pid != getpid()) {
		logcache_clear();
		L.pid = getpid();
	}
}

static size_t
max_bytes(long long max_kb)
{
	return max_kb <= 0 ? 0 : (size_t)max_kb * 1024;
}

static struct lc_entry *
find(const char *key, size_t keylen, uint64_t h)
{
	struct lru_link	*l;
	struct lc_entry	*e;

	for (l = L.lru.head; l != NULL; l = l->next) {
		e = (struct lc_entry *)l;
		if (e->hash == h && e->keylen == keylen &&
		    memcmp(e->key, key, keylen) == 0)
			return e;
	}
	return NULL;
}

int
logcache_get(long long max_kb, const char *key, size_t keylen,
    const char **html, size_t *htmllen)
{
	struct lc_entry	*e;

	own_process();
	drop_expired();
	make_room(max_bytes(max_kb), 0);
	*html = NULL;
	*htmllen = 0;
	if (max_kb <= 0)
		return 0;
	if ((e = find(key, keylen, fnv1a64(key, keylen))) == NULL) {
		L.misses++;
		return 0;
	}
	lru_unlink(&L.lru, &e->link);
	lru_push(&L.lru, &e->link);
	L.hits++;
	*html = e->html;
	*htmllen = e->htmllen;
	return 1;
}

void
logcache_put(long long max_kb, const char *key, size_t keylen,
    const char *html, size_t htmllen, time_t until)
{
	struct lc_entry	*e;
	size_t		 max = max_bytes(max_kb), size;
	uint64_t	 h;

	own_process();
	drop_expired();
	if (max == 0 || html == NULL || until <= time(NULL))
		return;
	h = fnv1a64(key, keylen);
	if (find(key, keylen, h) != NULL)
		return;		/* kept already */
	size = sizeof(*e) + keylen + htmllen;
	if (size > max / 4)
		return;		/* one page may not crowd out the rest */
	make_room(max, size);
	if ((e = malloc(size)) == NULL)
		return;
	e->hash = h;
	e->keylen = keylen;
	e->key = (char *)(e + 1);
	memcpy(e->key, key, keylen);
	e->htmllen = htmllen;
	e->html = e->key + keylen;
	memcpy(e->html, html, htmllen);
	e->size = size;
	e->until = until;
	if (L.n == 0 || until < L.next_until)
		L.next_until = until;
	lru_push(&L.lru, &e->link);
	L.used += size;
	L.n++;
}

void
logcache_expire(void)
{
	drop_expired();
}

void
logcache_clear(void)
{
	while (L.lru.head != NULL)
		drop_entry((struct lc_entry *)L.lru.head);
}

void
logcache_stats(unsigned long long *hits, unsigned long long *misses,
    size_t *entries, size_t *bytes)
{
	*hits = L.hits;
	*misses = L.misses;
	*entries = L.n;
	*bytes = L.used;
}
