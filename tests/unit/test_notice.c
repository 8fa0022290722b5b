/*
 * test_notice.c - unit tests for the checks of fcgi/notice.c (addresses
 * and numbers refused where typed, the number sent to the SMS hook) and
 * the unsubscribe tokens of fcgi/notify.c (signed, not forgeable).
 */
#include <string.h>

#include <check.h>

#include "../../fcgi/config.h"
#include "../../fcgi/notice.h"
#include "../../fcgi/notify.h"
#include "testutil.h"

START_TEST(emails)
{
	ck_assert(notice_email_ok("kari.holm@fjordvik.kommune.no"));
	ck_assert(notice_email_ok("a+b@example.org"));
	ck_assert(!notice_email_ok("mor@@example.org"));
	ck_assert(!notice_email_ok("mor example.org"));
	ck_assert(!notice_email_ok("mor@example"));
	ck_assert(!notice_email_ok("mor@example..org"));
	ck_assert(!notice_email_ok("@example.org"));
	ck_assert(!notice_email_ok("mor@.org"));
	/* Nothing that could break out of a header. */
	ck_assert(!notice_email_ok("a@b.no\r\nBcc: x@y.no"));
	ck_assert(!notice_email_ok("\"a\"@b.no"));
	ck_assert(!notice_email_ok("a<b@c.no"));
	ck_assert(!notice_email_ok("a,b@c.no"));
	ck_assert(!notice_email_ok("\xc3\xa5@b.no"));
}
END_TEST

START_TEST(phones)
{
	char	 out[17];

	ck_assert(notice_phone_ok("400 00 000"));
	ck_assert(notice_phone_ok("+47 400-00-000"));
	ck_assert(!notice_phone_ok("400 abc"));
	ck_assert(!notice_phone_ok("123"));
	ck_assert(!notice_phone_ok("+"));
	ck_assert(!notice_phone_ok("400  00 000"));
	ck_assert(!notice_phone_ok("1234567890123456"));
	notice_phone_norm("400 00 002", out);
	ck_assert_str_eq(out, "+4740000002");
	notice_phone_norm("+46 70 123 45 67", out);
	ck_assert_str_eq(out, "+46701234567");
}
END_TEST

START_TEST(tokens)
{
	struct config	 cfg;
	char		 t[96], bad[96];

	config_defaults(&cfg);
	ck_assert_int_ne(notify_unsub_token(&cfg, 5, t), SL_OK);
	(void)bsnprintf(cfg.notice_secret, sizeof(cfg.notice_secret), "%s",
	    "0123456789abcdef0123456789abcdef");
	ck_assert_int_eq(notify_unsub_token(&cfg, 5, t), SL_OK);
	ck_assert_int_eq(notify_unsub_check(&cfg, t), 5);
	/* Another row's number with this signature, a changed signature. */
	memcpy(bad, t, sizeof(bad));
	bad[0] = '6';
	ck_assert_int_eq(notify_unsub_check(&cfg, bad), 0);
	memcpy(bad, t, sizeof(bad));
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
	ck_assert_int_eq(notify_unsub_check(&cfg, bad), 0);
	ck_assert_int_eq(notify_unsub_check(&cfg, "5"), 0);
	ck_assert_int_eq(notify_unsub_check(&cfg, NULL), 0);
	/* Another key: another signature. */
	(void)bsnprintf(cfg.notice_secret, sizeof(cfg.notice_secret), "%s",
	    "another-secret-0123456789abcdefgh");
	ck_assert_int_eq(notify_unsub_check(&cfg, t), 0);
}
END_TEST

START_TEST(kinds)
{
	ck_assert_ptr_nonnull(notice_kind(NK_BRIGHT_SPOT));
	ck_assert(notice_kind(NK_BRIGHT_SPOT)->optional);
	ck_assert(!notice_kind(NK_MEETING)->optional);
	ck_assert(!notice_kind(NK_BRIGHT_REMINDER)->def_email);
	ck_assert_ptr_null(notice_kind("no-such-kind"));
	ck_assert_ptr_null(notice_kind(NULL));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("notice");
	TCase	*tc = tcase_create("notice");

	tcase_add_test(tc, emails);
	tcase_add_test(tc, phones);
	tcase_add_test(tc, tokens);
	tcase_add_test(tc, kinds);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
