/*
 * test_ldap.c - unit tests of the directory module that need no LDAP
 * server: filter escaping, filter templates, input checks of
 * dir_authenticate, and the error paths for a refused connection and a
 * server that never answers (a socket of our own that never accepts).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "../../fcgi/config.h"
#include "../../fcgi/ldap_dir.h"
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

/* Escape in and compare with want, hex digits in either case. */
static void
check_escape(const char *in, const char *want)
{
	char	*out = NULL;

	ck_assert_int_eq(dir_escape_filter(A, in, &out), SL_OK);
	ck_assert_ptr_nonnull(out);
	if (strlen(out) != strlen(want) || strcasecmp(out, want) != 0)
		ck_abort_msg("escape of \"%s\": got \"%s\", want \"%s\"", in,
		    out, want);
}

/* dir_escape_filter */

START_TEST(esc_plain)
{
	check_escape("kari.holm", "kari.holm");
	check_escape("Ola Berg-Nilsen_2", "Ola Berg-Nilsen_2");
	check_escape("", "");
}
END_TEST

START_TEST(esc_specials)
{
	check_escape("a(b)c", "a\\28b\\29c");
	check_escape("*", "\\2a");
	check_escape("a\\b", "a\\5cb");
	check_escape("()*\\", "\\28\\29\\2a\\5c");
}
END_TEST

START_TEST(esc_control)
{
	check_escape("\x01", "\\01");
	check_escape("a\x1f" "b", "a\\1fb");
	check_escape("\x7f", "\\7f");
	check_escape("tab\there", "tab\\09here");
}
END_TEST

START_TEST(esc_non_ascii)
{
	check_escape("\xc3\xb8", "\\c3\\b8");			/* ø */
	check_escape("\xc3\x85se", "\\c3\\85se");		/* Åse */
	check_escape("\xe2\x82\xac", "\\e2\\82\\ac");		/* € */
	check_escape("\xff", "\\ff");				/* not UTF-8 */
}
END_TEST

START_TEST(esc_injection)
{
	static const char *const attacks[] = {
		"*)(uid=*))(|(uid=*",
		"kari*",
		"*)(uid=*",
		"kari.holm)(|(objectClass=*)",
		"admin)(&)",
		"\\2a",
	};
	char	*out;
	size_t	 i;

	check_escape("*)(uid=*))(|(uid=*",
	    "\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a");
	check_escape("\\2a", "\\5c2a");
	for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		ck_assert_int_eq(dir_escape_filter(A, attacks[i], &out), SL_OK);
		ck_assert_ptr_null(strpbrk(out, "()*"));
	}
}
END_TEST

START_TEST(esc_null)
{
	char	*out;

	ck_assert_int_eq(dir_escape_filter(A, NULL, &out), SL_EINPUT);
	ck_assert_int_eq(dir_escape_filter(A, "x", NULL), SL_EINPUT);
}
END_TEST

/* dir_filter_fill */

START_TEST(fill_ok)
{
	char	out[128];

	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%s)",
	    "kari.holm"), SL_OK);
	ck_assert_str_eq(out, "(uid=kari.holm)");
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "%s", "x"), SL_OK);
	ck_assert_str_eq(out, "x");
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(cn=%s)", ""),
	    SL_OK);
	ck_assert_str_eq(out, "(cn=)");
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out),
	    "(&(objectClass=groupOfNames)(member=%s))",
	    "uid=a\\5c\\2cb,dc=x"), SL_OK);
	ck_assert_str_eq(out,
	    "(&(objectClass=groupOfNames)(member=uid=a\\5c\\2cb,dc=x))");
}
END_TEST

START_TEST(fill_escaped_injection)
{
	char	 out[512], *esc;
	size_t	 i, open = 0, close = 0;

	ck_assert_int_eq(dir_escape_filter(A, "*)(uid=*))(|(uid=*", &esc),
	    SL_OK);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out),
	    "(&(objectClass=inetOrgPerson)(uid=%s))", esc), SL_OK);
	for (i = 0; out[i] != '\0'; i++) {
		open += out[i] == '(';
		close += out[i] == ')';
	}
	/* Exactly the template's three pairs, and no wildcard. */
	ck_assert_uint_eq(open, 3);
	ck_assert_uint_eq(close, 3);
	ck_assert_ptr_null(strchr(out, '*'));
}
END_TEST

START_TEST(fill_truncation)
{
	char	out[17];

	/* "(uid=" 5 + value + ")" 1 + NUL: 10 value bytes fit exactly. */
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%s)",
	    "0123456789"), SL_OK);
	ck_assert_str_eq(out, "(uid=0123456789)");
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%s)",
	    "0123456789a"), SL_ETOOBIG);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%s)",
	    "0123456789abcdef0123"), SL_ETOOBIG);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out),
	    "(averyveryverylongattribute=%s)", "x"), SL_ETOOBIG);
	ck_assert_int_eq(dir_filter_fill(out, 1, "%s", ""), SL_OK);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(dir_filter_fill(out, 1, "%s", "x"), SL_ETOOBIG);
	ck_assert_int_eq(dir_filter_fill(out, 0, "%s", "x"), SL_ETOOBIG);
	ck_assert_int_eq(dir_filter_fill(NULL, 8, "%s", "x"), SL_ETOOBIG);
}
END_TEST

START_TEST(fill_bad_template)
{
	char	out[128];

	memcpy(out, "junk", 5);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=kari)",
	    "x"), SL_EINPUT);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "", "x"),
	    SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out),
	    "(|(a=%s)(a=%s)(a=%s)(a=%s)(a=%s)(a=%s)(a=%s)(a=%s)(a=%s))", "x"),
	    SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%d)", "x"),
	    SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%s)%",
	    "x"), SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%%%s)",
	    "x"), SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%s%%)",
	    "x"), SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%S)", "x"),
	    SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%1s)",
	    "x"), SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), NULL, "x"),
	    SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%s)", NULL),
	    SL_EINPUT);
}
END_TEST

/* Several %s: each gets the same escaped value (sAMAccountName or UPN). */
START_TEST(fill_several)
{
	char	out[128];

	ck_assert_int_eq(dir_filter_fill(out, sizeof(out),
	    "(|(sAMAccountName=%s)(userPrincipalName=%s))", "ola\\29"), SL_OK);
	ck_assert_str_eq(out,
	    "(|(sAMAccountName=ola\\29)(userPrincipalName=ola\\29))");
	ck_assert_int_eq(dir_filter_fill(out, 20, "(|(a=%s)(b=%s))",
	    "abcdef"), SL_ETOOBIG);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(dir_filter_fill(out, 24, "(|(a=%s)(b=%s))",
	    "abcdef"), SL_OK);
	ck_assert_int_eq(dir_filter_fill(out, 23, "(|(a=%s)(b=%s))",
	    "abcdef"), SL_ETOOBIG);
}
END_TEST

START_TEST(fill_unescaped_value)
{
	char	out[128];

	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%s)", "*"),
	    SL_EINPUT);
	ck_assert_int_eq(dir_filter_fill(out, sizeof(out), "(uid=%s)",
	    "a)(uid=b"), SL_EINPUT);
	ck_assert_str_eq(out, "");
}
END_TEST

/* dir_authenticate and dir_ping without a server */

static struct config C;

static void
conf_str(char *dst, const char *s)
{
	ck_assert_int_eq(bsnprintf(dst, CONF_STR_MAX, "%s", s), SL_OK);
}

/* A config for the demo directory at uri. */
static void
conf_demo(const char *uri)
{
	memset(&C, 0, sizeof(C));
	conf_str(C.ldap_uri, uri);
	conf_str(C.ldap_bind_dn,
	    "cn=stafettlogg,ou=services,dc=fjordvik,dc=kommune,dc=no");
	conf_str(C.ldap_bind_password, "demo-service-secret");
	conf_str(C.ldap_user_base, "ou=people,dc=fjordvik,dc=kommune,dc=no");
	conf_str(C.ldap_user_filter, "(&(objectClass=inetOrgPerson)(uid=%s))");
	conf_str(C.ldap_attr_uid, "uid");
	conf_str(C.ldap_attr_name, "cn");
	conf_str(C.ldap_attr_mail, "mail");
	conf_str(C.ldap_attr_member_of, "memberOf");
	conf_str(C.ldap_unit_base, "ou=units,dc=fjordvik,dc=kommune,dc=no");
	conf_str(C.ldap_unit_filter, "(&(objectClass=groupOfNames)(member=%s))");
	conf_str(C.ldap_attr_unit_id, "cn");
	conf_str(C.ldap_attr_unit_name, "description");
	conf_str(C.ldap_leader_group,
	    "cn=virksomhetsledere,ou=roles,dc=fjordvik,dc=kommune,dc=no");
	conf_str(C.ldap_admin_group,
	    "cn=kommuneadmin,ou=roles,dc=fjordvik,dc=kommune,dc=no");
	C.ldap_timeout = 1;
}

static enum sl_err
auth(const char *user, const char *pass)
{
	static struct dir_user	 sentinel;
	struct dir_user		*u = &sentinel;	/* must be reset to NULL */
	enum sl_err		 e;

	e = dir_authenticate(&C, A, user, pass, &u);
	if (e != SL_OK)
		ck_assert_ptr_null(u);
	return e;
}

START_TEST(auth_bad_input)
{
	char	long_name[DIR_USER_MAX + 2], long_pass[DIR_PASS_MAX + 2];

	/* Port 1: were a connection tried, the answer would be SL_EDIR. */
	conf_demo("ldap://127.0.0.1:1/");
	ck_assert_int_eq(auth("", "stafett-demo"), SL_EINPUT);
	ck_assert_int_eq(auth("kari.holm", ""), SL_EINPUT);
	ck_assert_int_eq(auth(NULL, "x"), SL_EINPUT);
	ck_assert_int_eq(auth("kari.holm", NULL), SL_EINPUT);
	ck_assert_int_eq(dir_authenticate(&C, A, "kari.holm", "x", NULL),
	    SL_EINPUT);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';	/* 257 bytes */
	ck_assert_int_eq(auth(long_name, "x"), SL_EINPUT);
	memset(long_pass, 'p', sizeof(long_pass) - 1);
	long_pass[sizeof(long_pass) - 1] = '\0';	/* 1025 bytes */
	ck_assert_int_eq(auth("kari.holm", long_pass), SL_EINPUT);
	ck_assert_int_eq(auth("\xc3\x28", "x"), SL_EINPUT);	/* bad UTF-8 */
	ck_assert_int_eq(auth("\xc0\xaf", "x"), SL_EINPUT);	/* overlong */
	ck_assert_int_eq(auth("\xed\xa0\x80", "x"), SL_EINPUT);	/* surrogate */
	ck_assert_int_eq(auth("kari\xff", "x"), SL_EINPUT);
}
END_TEST

START_TEST(auth_limits_accepted)
{
	char	name[DIR_USER_MAX + 1], pass[DIR_PASS_MAX + 1];

	/* Longest accepted input goes on to the (refused) connection. */
	conf_demo("ldap://127.0.0.1:1/");
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(pass, 'p', sizeof(pass) - 1);
	pass[sizeof(pass) - 1] = '\0';
	ck_assert_int_eq(auth(name, pass), SL_EDIR);
	ck_assert_int_eq(auth("\xc3\x85se", "x"), SL_EDIR);
}
END_TEST

START_TEST(auth_refused)
{
	conf_demo("ldap://127.0.0.1:1/");
	ck_assert_int_eq(auth("kari.holm", "stafett-demo"), SL_EDIR);
	ck_assert_int_eq(dir_ping(&C), SL_EDIR);
}
END_TEST

START_TEST(auth_bad_uri)
{
	conf_demo("http://127.0.0.1/");
	ck_assert_int_eq(auth("kari.holm", "stafett-demo"), SL_EDIR);
	ck_assert_int_eq(dir_ping(&C), SL_EDIR);
	conf_demo("");
	ck_assert_int_eq(dir_ping(&C), SL_EDIR);
}
END_TEST

START_TEST(auth_service_password_empty)
{
	/* Never an unauthenticated bind for the service account either. */
	conf_demo("ldap://127.0.0.1:1/");
	C.ldap_bind_password[0] = '\0';
	ck_assert_int_eq(dir_ping(&C), SL_EDIR);
	ck_assert_int_eq(auth("kari.holm", "stafett-demo"), SL_EDIR);
}
END_TEST

START_TEST(username_allowlist)
{
	static const char *const good[] = {
		"kari.holm", "KARI.Holm", "ola_berg-2", "kari@fjordvik.no",
		"FJORDVIK\\kari", "\xc3\xa5se.\xc3\xb8vreb\xc3\xb8",	/* åse.øvrebø */
		"\xc3\x86\xc3\x98\xc3\x85",			/* ÆØÅ */
		"\xc4\x8d\xc4\x91\xc5\x8b\xc5\xa1\xc5\xa7\xc5\xbe",	/* Sami letters */
		"\xc7\xaf\xc8\x9f",				/* U+01EF U+021F */
		"\xc3\x80", "\xc9\x8f",			/* U+00C0, U+024F */
	};
	static const char *const bad[] = {
		"", " kari.holm", "kari.holm ", "kari holm", "kari.holm\t",
		"\xe2\x84\xaa" "ari.holm",			/* Kelvin sign */
		"kari.holm\xc2\xa0",				/* NBSP */
		"kari\xe2\x80\xa4holm",			/* one dot leader */
		"kari\xe2\x80\x8bholm",			/* zero width space */
		"kari.holm\xc2\xad",				/* soft hyphen */
		"\xe2\x80\xaekari.holm",			/* RLO */
		"kari.holm\x01", "kari.holm\x7f",
		"\xef\xbd\x8b" "ari.holm",			/* fullwidth k */
		"ka\xcc\x8ari",				/* combining ring */
		"\xc5\xbfofie",				/* long s */
		"\xc4\xb1ngrid",				/* dotless i */
		"\xc7\x86",					/* dz digraph */
		"\xc7\x80",					/* click, looks like l */
		"a\xc3\x97" "b", "a\xc3\xb7" "b",			/* signs */
		"\xc2\xbf", "\xc9\x90",			/* U+00BF, U+0250 */
		"kari*", "kari(", "kari,holm", "kari+holm", "kari=holm",
		"\xc3\x28",					/* not UTF-8 */
	};
	char	long_name[DIR_USER_MAX + 2];
	size_t	i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(dir_username_ok(good[i]), "refused %zu", i);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!dir_username_ok(bad[i]), "accepted %zu", i);
	ck_assert_int_eq(dir_username_ok(NULL), 0);
	memset(long_name, 'k', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	ck_assert_int_eq(dir_username_ok(long_name), 0);
	long_name[DIR_USER_MAX] = '\0';
	ck_assert_int_eq(dir_username_ok(long_name), 1);
}
END_TEST

START_TEST(uid_canonical)
{
	char	s[] = "Kari.HOLM-\xc3\x85se_Z@Fjordvik";

	dir_uid_canon(s);
	/* A-Z lowered; other bytes (here Å) kept as they are. */
	ck_assert_str_eq(s, "kari.holm-\xc3\x85se_z@fjordvik");
	dir_uid_canon(NULL);
}
END_TEST


static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(auth_timeout)
{
	char	uri[64];
	double	t0, dt;
	int	fd, port;

	fd = tu_silent_listener(&port);
	ck_assert_int_eq(bsnprintf(uri, sizeof(uri), "ldap://127.0.0.1:%d/",
	    port), SL_OK);
	conf_demo(uri);
	C.ldap_timeout = 1;
	t0 = now();
	ck_assert_int_eq(dir_ping(&C), SL_EDIR);
	ck_assert_int_eq(auth("kari.holm", "stafett-demo"), SL_EDIR);
	dt = now() - t0;
	/* Two calls of about 1 s each; infinite would hit the tcase limit. */
	ck_assert_msg(dt >= 1.5 && dt < 6.0, "two timeouts took %.2f s", dt);
	close(fd);
}
END_TEST

static Suite *
ldap_suite(void)
{
	Suite	*s = suite_create("ldap");
	TCase	*tc;

	tc = tcase_create("escape");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, esc_plain);
	tcase_add_test(tc, esc_specials);
	tcase_add_test(tc, esc_control);
	tcase_add_test(tc, esc_non_ascii);
	tcase_add_test(tc, esc_injection);
	tcase_add_test(tc, esc_null);
	tcase_add_test(tc, username_allowlist);
	tcase_add_test(tc, uid_canonical);
	suite_add_tcase(s, tc);

	tc = tcase_create("fill");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fill_ok);
	tcase_add_test(tc, fill_escaped_injection);
	tcase_add_test(tc, fill_truncation);
	tcase_add_test(tc, fill_bad_template);
	tcase_add_test(tc, fill_several);
	tcase_add_test(tc, fill_unescaped_value);
	suite_add_tcase(s, tc);

	tc = tcase_create("offline");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, auth_bad_input);
	tcase_add_test(tc, auth_limits_accepted);
	tcase_add_test(tc, auth_refused);
	tcase_add_test(tc, auth_bad_uri);
	tcase_add_test(tc, auth_service_password_empty);
	tcase_add_test(tc, auth_timeout);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	/* As the workers and the master do (libldap writes with write(2)). */
	signal(SIGPIPE, SIG_IGN);
	sr = srunner_create(ldap_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
