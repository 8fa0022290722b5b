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
 * the candidate), a copy of the view with an empty CSRF token (for the
 * XML format and whatever changes the view after the handler: the caller
 * gets a copy and puts its session's token in) and the page's HTML with
 * the render placeholder where the token goes (render_fill puts the
 * session's token in): the HTML the stylesheet made of the very view.  Memory:
 * at most log_cache_kb per worker, counted from the nodes and strings of
 * each view (libxml2's own structures plus the allocator's overhead),
 * least recently used first out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logcache.h"
#include "view.h"

struct lc_entry {
	struct lc_entry	*prev, *next;	/* most recently used first */
	uint64_t	 hash;
	size_t		 keylen, htmllen, size;
	char		*key, *html;	/* in the same allocation */
	xmlDocPtr	 doc;
};

static struct {
	size_t		 used, n;
	struct lc_entry	*head, *tail;
	pid_t		 pid;		/* the process the entries belong to */
	unsigned long long hits, misses;
} L;

#define ALLOC_OVERHEAD	16	/* per malloc'd block */

/* FNV-1a, 64 bits: only to pick the candidate entries. */
static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t	 h = 14695981039346656037ULL;

	while (n-- > 0) {
		h ^= (unsigned char)*p++;
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t
str_size(const xmlChar *s)
{
	return s == NULL ? 0 : strlen((const char *)s) + 1 + ALLOC_OVERHEAD;
}

/* The memory of node and what hangs below it, as libxml2 allocates it. */
static size_t
node_size(xmlNodePtr n)
{
	size_t		 size = 0;
	xmlAttrPtr	 a;
	xmlNodePtr	 k;

	for (; n != NULL; n = n->next) {
		/*
		 * An element's content is no string: libxslt stamps the
		 * document order there (xmlXPathOrderDocElems).
		 */
		size += sizeof(*n) + ALLOC_OVERHEAD + str_size(n->name) +
		    (n->type == XML_ELEMENT_NODE ? 0 : str_size(n->content));
		if (n->type == XML_ELEMENT_NODE)
			for (a = n->properties; a != NULL; a = a->next) {
				size += sizeof(*a) + ALLOC_OVERHEAD +
				    str_size(a->name);
				for (k = a->children; k != NULL; k = k->next)
					size += sizeof(*k) + ALLOC_OVERHEAD +
					    str_size(k->content);
			}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL)
			size += node_size(n->children);
	}
	return size;
}

static void
unlink_entry(struct lc_entry *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		L.head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		L.tail = e->prev;
	e->prev = e->next = NULL;
}

static void
push_entry(struct lc_entry *e)
{
	e->prev = NULL;
	e->next = L.head;
	if (L.head != NULL)
		L.head->prev = e;
	L.head = e;
	if (L.tail == NULL)
		L.tail = e;
}

static void
drop_entry(struct lc_entry *e)
{
	unlink_entry(e);
	L.used -= e->size;
	L.n--;
	xmlFreeDoc(e->doc);
	free(e);
}

/* Drop the least recently used entries until extra more bytes fit in max. */
static void
make_room(size_t max, size_t extra)
{
	while (L.tail != NULL && L.used + extra > max)
		drop_entry(L.tail);
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

int
logcache_get(long long max_kb, const char *key, size_t keylen,
    xmlDocPtr *doc, const char **html, size_t *htmllen)
{
	struct lc_entry	*e;
	uint64_t	 h;

	own_process();
	make_room(max_bytes(max_kb), 0);
	if (doc != NULL)
		*doc = NULL;
	*html = NULL;
	*htmllen = 0;
	if (max_kb <= 0)
		return 0;
	h = fnv1a(key, keylen);
	for (e = L.head; e != NULL; e = e->next) {
		if (e->hash != h || e->keylen != keylen ||
		    memcmp(e->key, key, keylen) != 0)
			continue;
		unlink_entry(e);
		push_entry(e);
		L.hits++;
		if (doc != NULL)
			*doc = xmlCopyDoc(e->doc, 1);
		*html = e->html;
		*htmllen = e->htmllen;
		return 1;
	}
	L.misses++;
	return 0;
}

void
logcache_put(long long max_kb, const char *key, size_t keylen,
    xmlDocPtr doc, const char *html, size_t htmllen)
{
	struct lc_entry	*e;
	size_t		 max = max_bytes(max_kb), size;
	xmlDocPtr	 copy;
	uint64_t	 h;

	own_process();
	if (max == 0 || doc == NULL)
		return;
	if (html == NULL)
		htmllen = 0;
	h = fnv1a(key, keylen);
	for (e = L.head; e != NULL; e = e->next)
		if (e->hash == h && e->keylen == keylen &&
		    memcmp(e->key, key, keylen) == 0)
			return;		/* kept already */
	size = sizeof(*e) + keylen + htmllen + ALLOC_OVERHEAD +
	    sizeof(*doc) + node_size(xmlDocGetRootElement(doc));
	if (size > max / 4)
		return;		/* one page may not crowd out the rest */
	if ((copy = xmlCopyDoc(doc, 1)) == NULL)
		return;
	view_csrf_set(copy, "");	/* each request puts its own in */
	if ((e = malloc(sizeof(*e) + keylen + htmllen)) == NULL) {
		xmlFreeDoc(copy);
		return;
	}
	make_room(max, size);
	e->hash = h;
	e->keylen = keylen;
	e->key = (char *)(e + 1);
	memcpy(e->key, key, keylen);
	e->html = NULL;
	e->htmllen = htmllen;
	if (html != NULL) {
		e->html = e->key + keylen;
		memcpy(e->html, html, htmllen);
	}
	e->doc = copy;
	e->size = size;
	push_entry(e);
	L.used += size;
	L.n++;
}

void
logcache_clear(void)
{
	while (L.head != NULL)
		drop_entry(L.head);
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
