/*
 * test_logcache.c - the log page cache (fcgi/logcache.c): a page is
 * found only by its exact key, the least recently used go first, the
 * bytes held stay within log_cache_kb, a page larger than a quarter of
 * it is not kept, 0 turns the cache off, and a page whose minute is over
 * is dropped at the next look-up.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../fcgi/logcache.h"
#include "testutil.h"

static char page[8192];

static void
put(long long kb, const char *key, size_t len)
{
	logcache_put(kb, key, strlen(key), page, len, time(NULL) + 60);
}

static int
has(long long kb, const char *key)
{
	const char	*html;
	size_t		 n;

	return logcache_get(kb, key, strlen(key), &html, &n);
}

START_TEST(exact_key_only)
{
	const char	*html;
	size_t		 n;

	logcache_clear();
	memset(page, 'x', sizeof(page));
	memcpy(page, "<html>", 6);
	put(64, "log-page-1;7:/logs/1;", 100);
	ck_assert(logcache_get(64, "log-page-1;7:/logs/1;", 21, &html, &n));
	ck_assert_uint_eq(n, 100);
	ck_assert_int_eq(memcmp(html, "<html>", 6), 0);
	ck_assert(!has(64, "log-page-1;7:/logs/2;"));
	ck_assert(!has(64, "log-page-1;7:/logs/1"));	/* a prefix */
	ck_assert(!has(0, "log-page-1;7:/logs/1;"));	/* off */
}
END_TEST

START_TEST(bounded_least_recently_used_first)
{
	unsigned long long	 hits, misses;
	size_t			 entries, bytes;
	char			 key[32];
	int			 i;

	logcache_clear();
	/* 16 KiB: pages of 3,000 bytes, five fit */
	for (i = 0; i < 20; i++) {
		(void)snprintf(key, sizeof(key), "k%d", i);
		put(16, key, 3000);
		if (i == 1)
			ck_assert(has(16, "k0"));	/* k0 used again */
		logcache_stats(&hits, &misses, &entries, &bytes);
		ck_assert_uint_le(bytes, 16 * 1024);
	}
	ck_assert(has(16, "k19"));
	ck_assert(!has(16, "k0"));
	ck_assert(!has(16, "k10"));
	/* a page over a quarter of the bound is not kept */
	put(16, "big", 5000);
	ck_assert(!has(16, "big"));
	/* a smaller bound drops pages at the next look-up */
	(void)has(4, "none");
	logcache_stats(&hits, &misses, &entries, &bytes);
	ck_assert_uint_le(bytes, 4 * 1024);
	logcache_clear();
	logcache_stats(&hits, &misses, &entries, &bytes);
	ck_assert_uint_eq(entries, 0);
	ck_assert_uint_eq(bytes, 0);
}
END_TEST

/*
 * The key holds the minute: a page of a minute that is over can never be
 * asked for again, and no longer takes memory (it did, until crowded out
 * by the bound: log_cache_kb of dead pages in every worker).
 */
START_TEST(a_page_is_dropped_when_its_minute_is_over)
{
	unsigned long long	 hits, misses;
	size_t			 entries, bytes;

	logcache_clear();
	memset(page, 'x', sizeof(page));
	logcache_put(64, "now", 3, page, 3000, time(NULL) + 60);
	logcache_put(64, "old", 3, page, 3000, time(NULL) + 1);
	logcache_put(64, "over", 4, page, 3000, time(NULL));	/* not kept */
	logcache_stats(&hits, &misses, &entries, &bytes);
	ck_assert_uint_eq(entries, 2);
	ck_assert(has(64, "old"));
	sleep(2);
	ck_assert(!has(64, "zzz"));	/* any look-up drops what is over */
	logcache_stats(&hits, &misses, &entries, &bytes);
	ck_assert_uint_eq(entries, 1);
	ck_assert_uint_lt(bytes, 3100 + 64);
	ck_assert(has(64, "now"));
	ck_assert(!has(64, "old"));
	ck_assert(!has(64, "over"));
}
END_TEST

/* After every request too (the worker calls logcache_expire), so an
 * idle worker does not keep a child's page past its minute. */
START_TEST(a_page_over_is_dropped_after_the_request)
{
	unsigned long long	 hits, misses;
	size_t			 entries, bytes;

	logcache_clear();
	memset(page, 'x', sizeof(page));
	logcache_put(64, "now", 3, page, 3000, time(NULL) + 60);
	logcache_put(64, "brief", 5, page, 3000, time(NULL) + 1);
	logcache_stats(&hits, &misses, &entries, &bytes);
	ck_assert_uint_eq(entries, 2);
	sleep(2);
	logcache_expire();
	logcache_stats(&hits, &misses, &entries, &bytes);
	ck_assert_uint_eq(entries, 1);
	ck_assert(has(64, "now"));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("logcache");
	TCase	*tc = tcase_create("cache");

	tcase_add_test(tc, exact_key_only);
	tcase_add_test(tc, bounded_least_recently_used_first);
	tcase_add_test(tc, a_page_is_dropped_when_its_minute_is_over);
	tcase_add_test(tc, a_page_over_is_dropped_after_the_request);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
