/*
 * test_redirect.c - return_path_ok (fcgi/session.c): the only paths a
 * browser is sent back to after a form or a login.  Browsers drop TAB,
 * CR and LF inside URLs and read a backslash as a slash, so "/\t/evil"
 * would go to //evil, another host.
 */
#include <string.h>

#include "../../fcgi/app.h"
#include "../../fcgi/session.h"
#include "testutil.h"

static const char *const good[] = {
	"/",
	"/start",
	"/profile",
	"/logs/12",
	"/logs/new",
	"/concerns/7/edit",
	"/concerns/7/measures/new",
	"/measures/3/correction",
	"/logs/12/notes",
	"/admin/categories",
	"/a-b_c.d~e",
	"/staff?unit=solbakken-barnehage",
	"/staff?unit=x%C3%A5y&saved=1",
	NULL
};

static const char *const hostile[] = {
	"",
	"start",
	"logs/1",
	"//evil.example",
	"//evil.example/logs/1",
	"/\\evil.example",
	"\\\\evil.example",
	"\\/evil.example",
	"/\t/evil.example",
	"/\n/evil.example",
	"/\r/evil.example",
	"/\r\n/evil.example",
	"\t//evil.example",
	"/\x01/evil.example",
	"/\x1f/evil.example",
	"/\x7f/evil.example",
	"/\xc2\x85/evil.example",		/* U+0085 NEL */
	"/\xc2\x9f/evil.example",		/* C1 control */
	"/logs/1\\..\\..\\",
	"/logs/\\evil",
	"/logs//evil.example",
	"/%2f/evil.example",
	"/%2F%2Fevil.example",
	"/%5cevil.example",
	"/%5Cevil.example",
	"/%09/evil.example",
	"/%0a/evil.example",
	"/%00",
	"/%252f/evil.example",
	"https://evil.example/",
	"http:/evil.example",
	"javascript:alert(1)",
	"/javascript:alert(1)",
	"/?//evil.example",
	"/staff?unit=/evil",
	"/staff?unit=\\evil",
	"/staff?unit=a\tb",
	"/staff?unit=a?b",
	"/staff?unit=a b",
	"/staff?unit=\xc3\xa5",
	"/logs/1#frag",
	"/logs/1 x",
	"/@evil.example",
	"/\xe3\x80\x80/evil",			/* ideographic space */
	"/\xef\xbc\x8f/evil",			/* fullwidth solidus */
	NULL
};

START_TEST(good_paths_accepted)
{
	size_t	 i;

	for (i = 0; good[i] != NULL; i++)
		ck_assert_msg(return_path_ok(good[i]), "refused: %s", good[i]);
}
END_TEST

START_TEST(hostile_paths_refused)
{
	size_t	 i;

	for (i = 0; hostile[i] != NULL; i++)
		ck_assert_msg(!return_path_ok(hostile[i]),
		    "accepted hostile return path #%zu", i);
}
END_TEST

START_TEST(null_and_long_refused)
{
	char	 p[600];

	ck_assert(!return_path_ok(NULL));
	memset(p, 'a', sizeof(p) - 1);
	p[0] = '/';
	p[sizeof(p) - 1] = '\0';
	ck_assert(!return_path_ok(p));
	p[400] = '\0';
	ck_assert(return_path_ok(p));
}
END_TEST

static Suite *
redirect_suite(void)
{
	Suite	*s = suite_create("redirect");
	TCase	*tc = tcase_create("return_path_ok");

	tcase_add_test(tc, good_paths_accepted);
	tcase_add_test(tc, hostile_paths_refused);
	tcase_add_test(tc, null_and_long_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(redirect_suite());
}
