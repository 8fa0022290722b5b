/*
 * logcache.h - built log pages kept per worker, keyed by everything that
 * decides what the page holds (see logcache.c and h_log.c page_key).
 */
#ifndef SL_LOGCACHE_H
#define SL_LOGCACHE_H

#include <stddef.h>

#include <libxml/tree.h>

/*
 * A copy of the view kept for key (keylen bytes), made most recently
 * used; the caller owns it (xmlFreeDoc).  NULL when there is none, when
 * max_kb is 0 (the cache is off) or out of memory.  max_kb is the
 * configured bound (log_cache_kb): a smaller one than before drops the
 * least recently used pages first.
 */
xmlDocPtr logcache_get(long long max_kb, const char *key, size_t keylen);

/*
 * Keep a copy of doc for key, dropping the least recently used pages to
 * stay within max_kb KiB (a page larger than a quarter of it is not
 * kept).  Nothing on failure: the cache is only a saving.
 */
void logcache_put(long long max_kb, const char *key, size_t keylen,
    xmlDocPtr doc);

/* Empty the cache. */
void logcache_clear(void);

/* Hits, misses, entries and the bytes the cache counts as held. */
void logcache_stats(unsigned long long *hits, unsigned long long *misses,
    size_t *entries, size_t *bytes);

#endif
