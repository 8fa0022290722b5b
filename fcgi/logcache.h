/*
 * logcache.h - built log pages kept per worker, keyed by everything that
 * decides what the page holds (see logcache.c and h_log.c page_key).
 */
#ifndef SL_LOGCACHE_H
#define SL_LOGCACHE_H

#include <stddef.h>
#include <time.h>

/*
 * The page kept for key (keylen bytes), made most recently used: 1, with
 * *html, *htmllen its HTML with the render placeholder where the CSRF
 * token goes (render_fill), valid until the next logcache_get or
 * logcache_put.  0 when
 * there is none or max_kb is 0 (the cache is off).  max_kb is the
 * configured bound (log_cache_kb): a smaller one than before drops the
 * least recently used pages first.
 */
int logcache_get(long long max_kb, const char *key, size_t keylen,
    const char **html, size_t *htmllen);

/*
 * Keep a copy of html (htmllen bytes, from render_html_template) for
 * key, dropping the least recently used pages to stay within max_kb KiB
 * (a page larger than a quarter of it is not kept), until the time
 * until (the end of the minute the key holds): the first look-up after
 * it drops the page.  Nothing on failure: the cache is only a saving.
 */
void logcache_put(long long max_kb, const char *key, size_t keylen,
    const char *html, size_t htmllen, time_t until);

/* Drop (wiped) the pages whose minute is over; after every request. */
void logcache_expire(void);

/* Empty the cache. */
void logcache_clear(void);

/* Hits, misses, entries and the bytes the cache counts as held. */
void logcache_stats(unsigned long long *hits, unsigned long long *misses,
    size_t *entries, size_t *bytes);

#endif
