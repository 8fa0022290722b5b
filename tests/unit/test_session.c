/*
 * test_session.c - session tokens and CSRF checks (no database: the
 * pieces that decide are pure).
 */
#include <string.h>

#include "../../fcgi/app.h"
#include "../../fcgi/crypto.h"
#include "../../fcgi/session.h"
#include "testutil.h"

START_TEST(token_is_256_bit_hex_and_fresh)
{
	char	 a[TOKEN_HEX], b[TOKEN_HEX];

	ck_assert_int_eq(crypto_token(a), SL_OK);
	ck_assert_int_eq(crypto_token(b), SL_OK);
	ck_assert_uint_eq(strlen(a), 64);
	ck_assert(crypto_token_wellformed(a));
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(token_wellformed_rejects_junk)
{
	ck_assert(!crypto_token_wellformed(NULL));
	ck_assert(!crypto_token_wellformed(""));
	ck_assert(!crypto_token_wellformed("abc"));
	/* upper case, 63 and 65 chars, non-hex */
	ck_assert(!crypto_token_wellformed(
	    "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789"));
	ck_assert(!crypto_token_wellformed(
	    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678"));
	ck_assert(!crypto_token_wellformed(
	    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567890"));
	ck_assert(!crypto_token_wellformed(
	    "gbcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"));
	ck_assert(crypto_token_wellformed(
	    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"));
}
END_TEST

START_TEST(sha256_known_vector)
{
	char	 h[65];

	ck_assert_int_eq(crypto_sha256_hex("abc", 3, h), SL_OK);
	ck_assert_str_eq(h,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(streq)
{
	ck_assert(crypto_streq("abc", "abc"));
	ck_assert(!crypto_streq("abc", "abd"));
	ck_assert(!crypto_streq("abc", "abcd"));
	ck_assert(!crypto_streq(NULL, "a"));
	ck_assert(!crypto_streq("a", NULL));
}
END_TEST

/* A context whose form carries _csrf = got (NULL: none). */
static void
form_ctx(struct ctx *c, struct arena *a, const char *got)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	if (got != NULL)
		ck_assert_int_eq(kv_add(a, &c->form, "_csrf", 5, got,
		    strlen(got)), SL_OK);
}

START_TEST(csrf_matches_only_the_session_token)
{
	struct arena	*a = arena_new();
	struct ctx	 c;
	char		 tok[TOKEN_HEX], other[TOKEN_HEX];

	ck_assert_int_eq(crypto_token(tok), SL_OK);
	ck_assert_int_eq(crypto_token(other), SL_OK);
	form_ctx(&c, a, tok);
	ck_assert(session_csrf_ok(&c, tok));
	ck_assert(!session_csrf_ok(&c, other));
	form_ctx(&c, a, NULL);
	ck_assert(!session_csrf_ok(&c, tok));
	form_ctx(&c, a, "");
	ck_assert(!session_csrf_ok(&c, tok));
	/* An empty or malformed expected token never matches. */
	form_ctx(&c, a, "");
	ck_assert(!session_csrf_ok(&c, ""));
	form_ctx(&c, a, "x");
	ck_assert(!session_csrf_ok(&c, "x"));
	form_ctx(&c, a, tok);
	ck_assert(!session_csrf_ok(&c, NULL));
	arena_free(a);
}
END_TEST

START_TEST(csrf_token_with_suffix_refused)
{
	struct arena	*a = arena_new();
	struct ctx	 c;
	char		 tok[TOKEN_HEX], longer[TOKEN_HEX + 1];

	ck_assert_int_eq(crypto_token(tok), SL_OK);
	memcpy(longer, tok, TOKEN_HEX - 1);
	longer[TOKEN_HEX - 1] = 'a';
	longer[TOKEN_HEX] = '\0';
	form_ctx(&c, a, longer);
	ck_assert(!session_csrf_ok(&c, tok));
	arena_free(a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("session");
	TCase	*tc = tcase_create("tokens");

	tcase_add_test(tc, token_is_256_bit_hex_and_fresh);
	tcase_add_test(tc, token_wellformed_rejects_junk);
	tcase_add_test(tc, sha256_known_vector);
	tcase_add_test(tc, streq);
	tcase_add_test(tc, csrf_matches_only_the_session_token);
	tcase_add_test(tc, csrf_token_with_suffix_refused);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
