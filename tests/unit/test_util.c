/*
 * test_util.c - unit tests for fcgi/util.c: arena, name/value lists,
 * buffers, parse_ll, UTF-8 and XML text checks, bsnprintf, hex_encode,
 * status texts and log lines.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "../../fcgi/util.h"
#include "testutil.h"

static struct arena *A;

static void
setup(void)
{
	A = arena_new();
	ck_assert_ptr_nonnull(A);
}

static void
teardown(void)
{
	arena_free(A);
	A = NULL;
}

/* Arena. */

START_TEST(arena_alloc_zeroed_aligned)
{
	unsigned char	*p;
	size_t		 i, n;

	for (n = 1; n < 100; n += 7) {
		p = arena_alloc(A, n);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq((uintptr_t)p % 16, 0);
		for (i = 0; i < n; i++)
			ck_assert_uint_eq(p[i], 0);
		memset(p, 0xaa, n);
	}
}
END_TEST

START_TEST(arena_alloc_many_blocks)
{
	char	*p[2000];
	size_t	 i;

	/* 2000 * 100 bytes spans many 16 KiB blocks. */
	for (i = 0; i < 2000; i++) {
		p[i] = arena_alloc(A, 100);
		ck_assert_ptr_nonnull(p[i]);
		memset(p[i], (int)(i & 0xff), 100);
	}
	for (i = 0; i < 2000; i++) {
		ck_assert_int_eq((unsigned char)p[i][0], i & 0xff);
		ck_assert_int_eq((unsigned char)p[i][99], i & 0xff);
	}
}
END_TEST

START_TEST(arena_alloc_big)
{
	unsigned char	*small1, *big, *small2;
	size_t		 i, n = 1024 * 1024;

	small1 = arena_alloc(A, 10);
	big = arena_alloc(A, n);
	small2 = arena_alloc(A, 10);
	ck_assert_ptr_nonnull(small1);
	ck_assert_ptr_nonnull(big);
	ck_assert_ptr_nonnull(small2);
	ck_assert_uint_eq((uintptr_t)big % 16, 0);
	for (i = 0; i < n && big[i] == 0; i++)
		;
	ck_assert_uint_eq(i, n);
	memset(big, 1, n);
	/* The big block does not disturb the current small block. */
	ck_assert_ptr_eq(small2, small1 + 16);
}
END_TEST

START_TEST(arena_alloc_zero_and_null)
{
	void	*p, *q;

	p = arena_alloc(A, 0);
	q = arena_alloc(A, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q);
	ck_assert_ptr_ne(p, q);
	ck_assert_ptr_null(arena_alloc(NULL, 10));
	arena_free(NULL);
}
END_TEST

START_TEST(arena_alloc_huge_fails)
{
	ck_assert_ptr_null(arena_alloc(A, SIZE_MAX));
	ck_assert_ptr_null(arena_alloc(A, SIZE_MAX - 8));
	/* The arena still works afterwards. */
	ck_assert_ptr_nonnull(arena_alloc(A, 8));
}
END_TEST

START_TEST(arena_strndup_copies_n)
{
	char	*s;

	s = arena_strndup(A, "abcdef", 3);
	ck_assert_str_eq(s, "abc");
	s = arena_strndup(A, LIT("a\0b"));
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(memcmp(s, "a\0b\0", 4), 0);
	s = arena_strndup(A, "", 0);
	ck_assert_str_eq(s, "");
	ck_assert_ptr_null(arena_strndup(A, NULL, 1));
}
END_TEST

START_TEST(arena_strdup_works)
{
	const char	*src = "hello";
	char		*s;

	s = arena_strdup(A, src);
	ck_assert_str_eq(s, "hello");
	ck_assert_ptr_ne(s, src);
	ck_assert_ptr_null(arena_strdup(A, NULL));
}
END_TEST

START_TEST(arena_printf_works)
{
	char	*s, big[5000];

	s = arena_printf(A, "%s-%d", "x", 42);
	ck_assert_str_eq(s, "x-42");
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = arena_printf(A, "<%s>", big);
	ck_assert_uint_eq(strlen(s), sizeof(big) + 1);
	ck_assert_int_eq(s[0], '<');
	ck_assert_int_eq(s[sizeof(big)], '>');
}
END_TEST

/* Name/value lists. */

START_TEST(kv_add_and_get)
{
	struct kvlist	l = { NULL, NULL, 0 };

	ck_assert_int_eq(kv_add(A, &l, LIT("a"), LIT("1")), SL_OK);
	ck_assert_int_eq(kv_add(A, &l, LIT("b"), LIT("22")), SL_OK);
	ck_assert_int_eq(kv_add(A, &l, LIT("a"), LIT("3")), SL_OK);
	ck_assert_uint_eq(l.count, 3);
	ck_assert_str_eq(kv_get(&l, "a"), "1");
	ck_assert_str_eq(kv_get(&l, "b"), "22");
	ck_assert_uint_eq(l.head->next->len, 2);
	ck_assert_str_eq(l.tail->value, "3");
	ck_assert_ptr_null(l.tail->next);
	ck_assert_ptr_null(kv_get(&l, "c"));
	ck_assert_ptr_null(kv_get(&l, NULL));
	ck_assert_ptr_null(kv_get(NULL, "a"));
}
END_TEST

START_TEST(kv_add_copies_binary_value)
{
	struct kvlist	l = { NULL, NULL, 0 };
	char		name[] = "n", val[] = "x\0y";

	ck_assert_int_eq(kv_add(A, &l, name, 1, val, 3), SL_OK);
	name[0] = 'm';
	val[0] = 'q';
	ck_assert_str_eq(l.head->name, "n");
	ck_assert_uint_eq(l.head->len, 3);
	ck_assert_int_eq(memcmp(l.head->value, "x\0y\0", 4), 0);
}
END_TEST

START_TEST(kv_add_empty)
{
	struct kvlist	l = { NULL, NULL, 0 };

	ck_assert_int_eq(kv_add(A, &l, NULL, 0, NULL, 0), SL_OK);
	ck_assert_str_eq(l.head->name, "");
	ck_assert_str_eq(l.head->value, "");
	ck_assert_int_eq(kv_add(A, &l, NULL, 1, "", 0), SL_EINPUT);
}
END_TEST

/* Buffers. */

START_TEST(buf_append_and_grow)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	ck_assert_ptr_null(b.data);
	for (i = 0; i < 1000; i++)
		buf_append(&b, "0123456789", 10);
	ck_assert_int_eq(b.oom, 0);
	ck_assert_uint_eq(b.len, 10000);
	ck_assert_uint_ge(b.cap, b.len + 1);
	ck_assert_int_eq(b.data[b.len], '\0');
	ck_assert_int_eq(memcmp(b.data + 9990, "0123456789", 10), 0);
	buf_free(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(buf_puts_printf)
{
	struct buf	b;
	char		big[3000];

	buf_init(&b);
	buf_puts(&b, "a");
	buf_printf(&b, "%d-%s", 7, "b");
	ck_assert_str_eq(b.data, "a7-b");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	ck_assert_uint_eq(b.len, 4 + sizeof(big) + 1);
	ck_assert_int_eq(b.data[b.len - 1], ']');
	ck_assert_int_eq(b.oom, 0);
	buf_free(&b);
}
END_TEST

START_TEST(buf_oom_sticky)
{
	struct buf	b;

	buf_init(&b);
	buf_puts(&b, "ok");
	/* A length no allocation can satisfy sets oom. */
	buf_append(&b, "x", SIZE_MAX - 1);
	ck_assert_int_eq(b.oom, 1);
	buf_puts(&b, "more");
	buf_printf(&b, "%d", 1);
	ck_assert_uint_eq(b.len, 2);
	ck_assert_str_eq(b.data, "ok");
	buf_free(&b);
	ck_assert_int_eq(b.oom, 0);
}
END_TEST

START_TEST(buf_free_empty)
{
	struct buf	b;

	buf_init(&b);
	buf_free(&b);
	buf_free(NULL);
	buf_append(&b, "", 0);
	ck_assert_ptr_null(b.data);
}
END_TEST

/* parse_ll. */

START_TEST(parse_ll_ok)
{
	long long	 v = -1;
	const char	*err = "x";

	ck_assert_int_eq(parse_ll("42", 0, 100, &v, &err), SL_OK);
	ck_assert_int_eq(v, 42);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(parse_ll("-5", -10, 10, &v, &err), SL_OK);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(parse_ll("0", 0, 0, &v, &err), SL_OK);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(parse_ll("007", 0, 10, &v, NULL), SL_OK);
	ck_assert_int_eq(v, 7);
}
END_TEST

START_TEST(parse_ll_extremes)
{
	long long	 v;
	const char	*err;

	ck_assert_int_eq(parse_ll("9223372036854775807", LLONG_MIN, LLONG_MAX,
	    &v, &err), SL_OK);
	ck_assert(v == LLONG_MAX);
	ck_assert_int_eq(parse_ll("-9223372036854775808", LLONG_MIN,
	    LLONG_MAX, &v, &err), SL_OK);
	ck_assert(v == LLONG_MIN);
	ck_assert_int_eq(parse_ll("9223372036854775808", LLONG_MIN, LLONG_MAX,
	    &v, &err), SL_EINPUT);
	ck_assert_str_eq(err, "too large");
	ck_assert_int_eq(parse_ll("-9223372036854775809", LLONG_MIN,
	    LLONG_MAX, &v, &err), SL_EINPUT);
	ck_assert_str_eq(err, "too small");
	ck_assert_int_eq(parse_ll("99999999999999999999999", 0, 10, &v, &err),
	    SL_EINPUT);
	ck_assert_str_eq(err, "too large");
}
END_TEST

START_TEST(parse_ll_bounds)
{
	long long	 v = 99;
	const char	*err;

	ck_assert_int_eq(parse_ll("11", 0, 10, &v, &err), SL_EINPUT);
	ck_assert_str_eq(err, "too large");
	ck_assert_int_eq(parse_ll("-1", 0, 10, &v, &err), SL_EINPUT);
	ck_assert_str_eq(err, "too small");
	ck_assert_int_eq(v, 99);	/* untouched on failure */
	ck_assert_int_eq(parse_ll("10", 0, 10, &v, &err), SL_OK);
	ck_assert_int_eq(parse_ll("5", 10, 0, &v, &err), SL_EINPUT);
	ck_assert_str_eq(err, "invalid");
}
END_TEST

START_TEST(parse_ll_invalid)
{
	static const char *const bad[] = {
		"", " 1", "+1", "1 ", "1x", "-", "--1", "0x10", "1.5",
		"\t2", "1\n", "- 1", "1e3"
	};
	long long	 v;
	const char	*err;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		ck_assert_msg(parse_ll(bad[i], -100, 100, &v, &err) ==
		    SL_EINPUT, "accepted \"%s\"", bad[i]);
		ck_assert_str_eq(err, "invalid");
	}
	ck_assert_int_eq(parse_ll(NULL, 0, 1, &v, &err), SL_EINPUT);
	ck_assert_str_eq(err, "invalid");
}
END_TEST

/* UTF-8. */

/* Bidi controls that can make a name display as something else. */
START_TEST(bidi_controls)
{
	static const char *const bad[] = {
		"\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC",
		"\xE2\x80\xAD", "\xE2\x80\xAE",		/* U+202A..E */
		"\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8",
		"\xE2\x81\xA9",				/* U+2066..9 */
		"\xE2\x80\x8E", "\xE2\x80\x8F", "\xD8\x9C", NULL
	};
	char	 buf[64];
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++) {
		ck_assert_int_eq(bsnprintf(buf, sizeof(buf), "Ola%sNordmann",
		    bad[i]), SL_OK);
		ck_assert_msg(bidi_control_in(buf, strlen(buf)), "%zu", i);
		/* At the very end, too. */
		ck_assert_int_eq(bsnprintf(buf, sizeof(buf), "Ola%s", bad[i]),
		    SL_OK);
		ck_assert_msg(bidi_control_in(buf, strlen(buf)), "end %zu", i);
	}
	/* Neighbours and ordinary text in other scripts are fine. */
	ck_assert(!bidi_control_in(LIT("\xE2\x80\xA9\xE2\x80\xAF")));
	ck_assert(!bidi_control_in(LIT("\xE2\x81\xA5\xE2\x81\xAA")));
	ck_assert(!bidi_control_in(LIT("\xE2\x80\x8D")));	/* ZWJ */
	ck_assert(!bidi_control_in(LIT("\xD8\xB3\xD8\xA7\xD8\xB1\xD8\xA7")));
	ck_assert(!bidi_control_in(LIT("\xC3\x85se \xC3\x98vreb\xC3\xB8")));
	ck_assert(!bidi_control_in(LIT("\xE2\x80")));	/* cut short */
	ck_assert(!bidi_control_in(NULL, 0));
}
END_TEST

START_TEST(utf8_valid_good)
{
	ck_assert(utf8_valid(LIT("")));
	ck_assert(utf8_valid(NULL, 0));
	ck_assert(utf8_valid(LIT("plain ascii")));
	ck_assert(utf8_valid(LIT("\xC3\xA5\xC3\xA4\xC3\xB6")));	/* åäö */
	ck_assert(utf8_valid(LIT("\xE2\x82\xAC")));		/* € */
	ck_assert(utf8_valid(LIT("\xF0\x9F\x98\x80")));		/* U+1F600 */
	ck_assert(utf8_valid(LIT("\xF4\x8F\xBF\xBF")));		/* U+10FFFF */
	ck_assert(utf8_valid(LIT("\xEF\xBF\xBF")));		/* U+FFFF */
	ck_assert(utf8_valid(LIT("\xED\x9F\xBF")));		/* U+D7FF */
	ck_assert(utf8_valid(LIT("\xEE\x80\x80")));		/* U+E000 */
	ck_assert(utf8_valid(LIT("a\0b")));			/* NUL is UTF-8 */
}
END_TEST

START_TEST(utf8_valid_overlong)
{
	ck_assert(!utf8_valid(LIT("\xC0\xAF")));
	ck_assert(!utf8_valid(LIT("\xC1\xBF")));
	ck_assert(!utf8_valid(LIT("\xE0\x80\xAF")));
	ck_assert(!utf8_valid(LIT("\xE0\x9F\xBF")));
	ck_assert(!utf8_valid(LIT("\xF0\x80\x80\xAF")));
	ck_assert(!utf8_valid(LIT("\xF0\x8F\xBF\xBF")));
}
END_TEST

START_TEST(utf8_valid_surrogate)
{
	ck_assert(!utf8_valid(LIT("\xED\xA0\x80")));	/* U+D800 */
	ck_assert(!utf8_valid(LIT("\xED\xBF\xBF")));	/* U+DFFF */
	ck_assert(!utf8_valid(LIT("\xED\xA0\xBD\xED\xB8\x80")));	/* CESU */
}
END_TEST

START_TEST(utf8_valid_out_of_range)
{
	ck_assert(!utf8_valid(LIT("\xF4\x90\x80\x80")));	/* U+110000 */
	ck_assert(!utf8_valid(LIT("\xF5\x80\x80\x80")));
	ck_assert(!utf8_valid(LIT("\xF8\x88\x80\x80\x80")));
	ck_assert(!utf8_valid(LIT("\xFF")));
	ck_assert(!utf8_valid(LIT("\xFE")));
}
END_TEST

START_TEST(utf8_valid_truncated)
{
	ck_assert(!utf8_valid(LIT("\xC3")));
	ck_assert(!utf8_valid(LIT("a\xE2\x82")));
	ck_assert(!utf8_valid(LIT("\xF0\x9F\x98")));
	ck_assert(!utf8_valid(LIT("\x80")));		/* lone continuation */
	ck_assert(!utf8_valid(LIT("\xC3\x28")));	/* bad continuation */
	ck_assert(!utf8_valid(LIT("\xE2\x28\xA1")));
	ck_assert(!utf8_valid(LIT("\xF0\x9F\x28\x80")));
	/* Only len bytes are looked at. */
	ck_assert(!utf8_valid("\xE2\x82\xAC", 2));
	ck_assert(utf8_valid("ab\xFF", 2));
}
END_TEST

START_TEST(xml_text_ok_controls)
{
	ck_assert(xml_text_ok(LIT("a\tb\nc\rd")));
	ck_assert(!xml_text_ok(LIT("a\0b")));
	ck_assert(!xml_text_ok(LIT("\x01")));
	ck_assert(!xml_text_ok(LIT("\x08")));
	ck_assert(!xml_text_ok(LIT("\x0B")));
	ck_assert(!xml_text_ok(LIT("\x0C")));
	ck_assert(!xml_text_ok(LIT("\x1F")));
	ck_assert(xml_text_ok(LIT(" ")));
	ck_assert(xml_text_ok(LIT("\x7F")));		/* allowed in XML 1.0 */
	ck_assert(xml_text_ok(LIT("\xC2\x85")));	/* U+0085 */
	ck_assert(xml_text_ok(LIT("\xC2\x9F")));	/* U+009F */
}
END_TEST

START_TEST(xml_text_ok_nonchars)
{
	ck_assert(!xml_text_ok(LIT("\xEF\xBF\xBE")));	/* U+FFFE */
	ck_assert(!xml_text_ok(LIT("\xEF\xBF\xBF")));	/* U+FFFF */
	ck_assert(xml_text_ok(LIT("\xEF\xBF\xBD")));	/* U+FFFD */
	ck_assert(xml_text_ok(LIT("\xF0\x9F\x98\x80")));
	ck_assert(xml_text_ok(LIT("")));
}
END_TEST

START_TEST(xml_text_ok_bad_utf8)
{
	ck_assert(!xml_text_ok(LIT("\xC0\xAF")));
	ck_assert(!xml_text_ok(LIT("\xED\xA0\x80")));
	ck_assert(!xml_text_ok(LIT("ok\xC3")));
}
END_TEST

/* Strings. */

START_TEST(bsnprintf_fits)
{
	char	b[8];

	ck_assert_int_eq(bsnprintf(b, sizeof(b), "%s%d", "ab", 12), SL_OK);
	ck_assert_str_eq(b, "ab12");
	ck_assert_int_eq(bsnprintf(b, sizeof(b), "%s", "1234567"), SL_OK);
	ck_assert_str_eq(b, "1234567");
}
END_TEST

START_TEST(bsnprintf_truncates)
{
	char	b[8];

	ck_assert_int_eq(bsnprintf(b, sizeof(b), "%s", "12345678"),
	    SL_ETOOBIG);
	ck_assert_str_eq(b, "1234567");
	ck_assert_int_eq(bsnprintf(b, 1, "%s", "x"), SL_ETOOBIG);
	ck_assert_str_eq(b, "");
	ck_assert_int_eq(bsnprintf(NULL, 0, "%s", "x"), SL_ETOOBIG);
	ck_assert_int_eq(bsnprintf(NULL, 0, "%s", ""), SL_ETOOBIG);
}
END_TEST

START_TEST(hex_encode_works)
{
	static const unsigned char in[] = { 0x00, 0xff, 0x1a, 0xA5, 0x09 };
	char	out[2 * sizeof(in) + 1];

	memset(out, 'x', sizeof(out));
	hex_encode(in, sizeof(in), out);
	ck_assert_str_eq(out, "00ff1aa509");
	hex_encode(in, 0, out);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(strerror_texts)
{
	int		e, f;
	const char	*s;

	for (e = SL_OK; e <= SL_ESYS; e++) {
		s = sl_strerror((enum sl_err)e);
		ck_assert_ptr_nonnull(s);
		ck_assert_uint_gt(strlen(s), 0);
		ck_assert_str_ne(s, "unknown error");
		for (f = SL_OK; f < e; f++)
			ck_assert_str_ne(s, sl_strerror((enum sl_err)f));
	}
	ck_assert_str_eq(sl_strerror((enum sl_err)999), "unknown error");
	ck_assert_str_eq(sl_strerror(SL_ENOMEM), "out of memory");
}
END_TEST

/* Logging: run in the forked test process with stderr on a temp file. */

static char *
capture_stderr(void (*fn)(void))
{
	static char	 out[4096];
	FILE		*tmp;
	int		 saved;
	size_t		 n;

	tmp = tmpfile();
	ck_assert_ptr_nonnull(tmp);
	saved = dup(STDERR_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(fileno(tmp), STDERR_FILENO), 0);
	fn();
	ck_assert_int_ge(dup2(saved, STDERR_FILENO), 0);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, sizeof(out) - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return out;
}

static void
do_log_info(void)
{
	log_init("sltest", 0);
	log_info("hello %d", 42);
}

static void
do_log_warn(void)
{
	log_init("sltest", 0);
	errno = ENOENT;
	log_warn("open %s", "x");
	ck_assert_int_eq(errno, ENOENT);
	log_warnx("multi\nline");
}

static void
do_log_long(void)
{
	char	big[5000];

	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	log_init(NULL, 0);
	log_info("%s", big);
}

START_TEST(log_info_line)
{
	char	want[64];

	snprintf(want, sizeof(want), "sltest[%ld]: hello 42\n",
	    (long)getpid());
	ck_assert_str_eq(capture_stderr(do_log_info), want);
}
END_TEST

START_TEST(log_warn_errno_and_oneline)
{
	char	want[128];

	snprintf(want, sizeof(want), "sltest[%ld]: open x: %s\n"
	    "sltest[%ld]: multi?line\n", (long)getpid(), strerror(ENOENT),
	    (long)getpid());
	ck_assert_str_eq(capture_stderr(do_log_warn), want);
}
END_TEST

START_TEST(log_long_truncated)
{
	const char	*s;
	size_t		 n;

	s = capture_stderr(do_log_long);
	n = strlen(s);
	ck_assert_uint_gt(n, 1000);
	ck_assert_uint_lt(n, 1200);
	ck_assert_int_eq(s[n - 1], '\n');
	ck_assert_ptr_eq(strchr(s, '\n'), s + n - 1);
}
END_TEST

static Suite *
util_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("util");

	tc = tcase_create("arena");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, arena_alloc_zeroed_aligned);
	tcase_add_test(tc, arena_alloc_many_blocks);
	tcase_add_test(tc, arena_alloc_big);
	tcase_add_test(tc, arena_alloc_zero_and_null);
	tcase_add_test(tc, arena_alloc_huge_fails);
	tcase_add_test(tc, arena_strndup_copies_n);
	tcase_add_test(tc, arena_strdup_works);
	tcase_add_test(tc, arena_printf_works);
	suite_add_tcase(s, tc);

	tc = tcase_create("kv");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, kv_add_and_get);
	tcase_add_test(tc, kv_add_copies_binary_value);
	tcase_add_test(tc, kv_add_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("buf");
	tcase_add_test(tc, buf_append_and_grow);
	tcase_add_test(tc, buf_puts_printf);
	tcase_add_test(tc, buf_oom_sticky);
	tcase_add_test(tc, buf_free_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse_ll");
	tcase_add_test(tc, parse_ll_ok);
	tcase_add_test(tc, parse_ll_extremes);
	tcase_add_test(tc, parse_ll_bounds);
	tcase_add_test(tc, parse_ll_invalid);
	suite_add_tcase(s, tc);

	tc = tcase_create("utf8");
	tcase_add_test(tc, utf8_valid_good);
	tcase_add_test(tc, utf8_valid_overlong);
	tcase_add_test(tc, utf8_valid_surrogate);
	tcase_add_test(tc, utf8_valid_out_of_range);
	tcase_add_test(tc, utf8_valid_truncated);
	tcase_add_test(tc, xml_text_ok_controls);
	tcase_add_test(tc, xml_text_ok_nonchars);
	tcase_add_test(tc, xml_text_ok_bad_utf8);
	suite_add_tcase(s, tc);

	tc = tcase_create("strings");
	tcase_add_test(tc, bsnprintf_fits);
	tcase_add_test(tc, bsnprintf_truncates);
	tcase_add_test(tc, hex_encode_works);
	tcase_add_test(tc, strerror_texts);
	suite_add_tcase(s, tc);

	tc = tcase_create("log");
	tcase_add_test(tc, log_info_line);
	tcase_add_test(tc, log_warn_errno_and_oneline);
	tcase_add_test(tc, log_long_truncated);
	tcase_add_test(tc, bidi_controls);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return tu_run(util_suite());
}
