/*
 * test_render.c - the render cache (fcgi/render.c): the HTML of a view
 * rendered before is exactly what the stylesheet makes of it, with the
 * request's own CSRF token; a view that differs in anything but the
 * token is rendered again; the cache stays within render_cache_kb; a
 * template (render_html_template) filled with a token (render_fill) is
 * the HTML of the view with that token, and is not kept again.
 * Runs from the source root (xslt/ is read from there).
 */
#include <string.h>

#include <libxml/tree.h>

#include "../../fcgi/config.h"
#include "../../fcgi/render.h"
#include "testutil.h"

#define TOK_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define TOK_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* A profile page view with one form (which carries the token). */
static xmlDocPtr
view(const char *csrf, const char *phone)
{
	xmlDocPtr	 d = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr	 p, m, a, f;

	p = xmlNewDocNode(d, NULL, (const xmlChar *)"page", NULL);
	xmlDocSetRootElement(d, p);
	xmlSetProp(p, (const xmlChar *)"view", (const xmlChar *)"profile");
	xmlSetProp(p, (const xmlChar *)"lang", (const xmlChar *)"nb");
	m = xmlNewChild(p, NULL, (const xmlChar *)"meta", NULL);
	xmlNewTextChild(m, NULL, (const xmlChar *)"path",
	    (const xmlChar *)"/profile");
	xmlSetProp(xmlNewChild(m, NULL, (const xmlChar *)"user", NULL),
	    (const xmlChar *)"name", (const xmlChar *)"Ola Berg");
	if (csrf != NULL)
		xmlNewTextChild(m, NULL, (const xmlChar *)"csrf",
		    (const xmlChar *)csrf);
	xmlNewChild(p, NULL, (const xmlChar *)"content", NULL);
	a = xmlNewChild(xmlNewChild(p, NULL, (const xmlChar *)"actions", NULL),
	    NULL, (const xmlChar *)"action", NULL);
	xmlSetProp(a, (const xmlChar *)"name", (const xmlChar *)"save-profile");
	xmlSetProp(a, (const xmlChar *)"method", (const xmlChar *)"POST");
	xmlSetProp(a, (const xmlChar *)"href", (const xmlChar *)"/profile");
	f = xmlNewChild(a, NULL, (const xmlChar *)"field", NULL);
	xmlSetProp(f, (const xmlChar *)"name", (const xmlChar *)"phone");
	xmlSetProp(f, (const xmlChar *)"type", (const xmlChar *)"tel");
	xmlSetProp(f, (const xmlChar *)"value", (const xmlChar *)phone);
	return d;
}

/* Load the stylesheet with a cache of kb KiB (0: none). */
static void
load(long long kb)
{
	struct config	 c;
	char		 err[256];

	config_defaults(&c);
	(void)snprintf(c.xslt_dir, sizeof(c.xslt_dir), "xslt");
	c.render_cache_kb = kb;
	ck_assert_msg(render_load(&c, err, sizeof(err)) == SL_OK, "%s", err);
}

/* The HTML of view(csrf, phone) as a string (caller frees). */
static char *
html(const char *csrf, const char *phone)
{
	xmlDocPtr	 d = view(csrf, phone);
	struct buf	 b;
	char		*s;

	buf_init(&b);
	ck_assert_int_eq(render_html(d, &b), SL_OK);
	/* the view itself is left as it was: the token is back */
	if (csrf != NULL) {
		xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(d)->children->
		    last);
		ck_assert_str_eq((char *)t, csrf);
		xmlFree(t);
	}
	buf_append(&b, "", 1);
	ck_assert(!b.oom);
	s = strdup(b.data);
	buf_free(&b);
	xmlFreeDoc(d);
	return s;
}

START_TEST(hit_is_the_same_html_with_its_own_token)
{
	char			*plain_a, *plain_b, *first, *again, *other;
	unsigned long long	 hits, misses;
	size_t			 bytes;

	load(0);		/* no cache: the stylesheet every time */
	plain_a = html(TOK_A, "400 00 000");
	plain_b = html(TOK_B, "400 00 000");
	ck_assert_ptr_nonnull(strstr(plain_a, "value=\"" TOK_A "\""));
	load(1024);
	first = html(TOK_A, "400 00 000");
	again = html(TOK_A, "400 00 000");
	other = html(TOK_B, "400 00 000");
	render_cache_stats(&hits, &misses, &bytes);
	ck_assert_uint_eq(misses, 1);
	ck_assert_uint_eq(hits, 2);
	ck_assert(bytes > 0 && bytes <= 1024 * 1024);
	ck_assert_str_eq(first, plain_a);
	ck_assert_str_eq(again, plain_a);
	/* another session's token: its own, never the first one's */
	ck_assert_str_eq(other, plain_b);
	ck_assert_ptr_null(strstr(other, TOK_A));
	free(plain_a);
	free(plain_b);
	free(first);
	free(again);
	free(other);
	render_free();
}
END_TEST

START_TEST(any_change_of_the_view_renders_again)
{
	char			*a, *b, *plain;
	unsigned long long	 hits, misses;
	size_t			 bytes;

	load(0);
	plain = html(TOK_A, "400 00 001");
	load(1024);
	a = html(TOK_A, "400 00 000");
	b = html(TOK_A, "400 00 001");
	render_cache_stats(&hits, &misses, &bytes);
	ck_assert_uint_eq(hits, 0);
	ck_assert_uint_eq(misses, 2);
	ck_assert_str_ne(a, b);
	ck_assert_str_eq(b, plain);
	free(a);
	free(b);
	free(plain);
	render_free();
}
END_TEST

START_TEST(a_view_without_a_token_is_cached_as_it_is)
{
	char			*a, *b;
	unsigned long long	 hits, misses;
	size_t			 bytes;

	load(1024);
	a = html(NULL, "1");
	b = html(NULL, "1");
	render_cache_stats(&hits, &misses, &bytes);
	ck_assert_uint_eq(hits, 1);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	render_free();
}
END_TEST

START_TEST(memory_stays_within_the_limit)
{
	char			 phone[32], *s;
	unsigned long long	 hits, misses;
	size_t			 bytes;
	int			 i;

	load(64);		/* room for a dozen of these pages */
	for (i = 0; i < 500; i++) {
		(void)snprintf(phone, sizeof(phone), "%d", i);
		s = html(TOK_A, phone);
		free(s);
		render_cache_stats(&hits, &misses, &bytes);
		ck_assert_uint_le(bytes, 64 * 1024);
	}
	ck_assert_uint_eq(misses, 500);
	/* the newest are kept, the oldest are gone */
	s = html(TOK_A, "499");
	free(s);
	s = html(TOK_A, "0");
	free(s);
	render_cache_stats(&hits, &misses, &bytes);
	ck_assert_uint_eq(hits, 1);
	ck_assert_uint_eq(misses, 501);
	render_free();
	render_cache_stats(&hits, &misses, &bytes);
	ck_assert_uint_eq(bytes, 0);
}
END_TEST

START_TEST(template_filled_is_the_html_with_that_token)
{
	xmlDocPtr		 d;
	struct buf		 t, filled;
	char			*plain_b;
	unsigned long long	 hits, misses;
	size_t			 bytes;

	load(0);
	plain_b = html(TOK_B, "400 00 000");
	d = view(TOK_A, "400 00 000");
	buf_init(&t);
	ck_assert_int_eq(render_html_template(d, &t), SL_ECONFLICT);
	load(1024);
	ck_assert_int_eq(render_html_template(d, &t), SL_OK);
	buf_append(&t, "", 1);
	ck_assert_ptr_null(strstr(t.data, TOK_A));	/* no session's token */
	render_cache_stats(&hits, &misses, &bytes);
	ck_assert_uint_eq(bytes, 0);	/* the caller keeps it, not the cache */
	buf_init(&filled);
	ck_assert_int_eq(render_fill(&filled, t.data, t.len - 1, TOK_B), SL_OK);
	buf_append(&filled, "", 1);
	ck_assert_str_eq(filled.data, plain_b);
	filled.len = 0;
	ck_assert_int_eq(render_fill(&filled, t.data, t.len - 1, "<b>"),
	    SL_ECONFLICT);
	ck_assert_uint_eq(filled.len, 0);
	buf_free(&filled);
	buf_free(&t);
	xmlFreeDoc(d);
	free(plain_b);
	render_free();
}
END_TEST

/* A notice's XML (as notify.c builds it) rendered as HTML or text. */
static char *
mail(int text)
{
	xmlDocPtr	 d = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr	 p, n;
	struct buf	 b;
	char		*s;

	p = xmlNewNode(NULL, BAD_CAST "page");
	xmlDocSetRootElement(d, p);
	xmlNewProp(p, BAD_CAST "view", BAD_CAST "notice");
	xmlNewProp(p, BAD_CAST "lang", BAD_CAST "nb");
	xmlNewTextChild(xmlNewChild(p, NULL, BAD_CAST "meta", NULL), NULL,
	    BAD_CAST "municipality", BAD_CAST "Fjordvik kommune");
	n = xmlNewChild(xmlNewChild(p, NULL, BAD_CAST "content", NULL), NULL,
	    BAD_CAST "notice", NULL);
	xmlNewProp(n, BAD_CAST "kind", BAD_CAST "log-created");
	xmlNewProp(n, BAD_CAST "href", BAD_CAST "https://x.example/logs/7");
	xmlNewProp(n, BAD_CAST "profile", BAD_CAST "https://x.example/profile");
	xmlNewProp(n, BAD_CAST "part", BAD_CAST "mail");
	buf_init(&b);
	ck_assert_int_eq(render_mail(d, text, &b), SL_OK);
	buf_append(&b, "", 1);
	ck_assert(!b.oom);
	s = strdup(b.data);
	buf_free(&b);
	xmlFreeDoc(d);
	return s;
}

/*
 * The web workers do not carry the notices' stylesheets (each imports
 * page.xsl: about 4 MB compiled); the first notice compiles them, and
 * they are the same as when compiled ahead (render_load_mail).
 */
START_TEST(mail_stylesheets_are_compiled_on_first_use)
{
	char	 err[256], *lazy_html, *lazy_text, *eager_html, *eager_text;

	render_free();
	ck_assert_int_eq(render_load_mail(err, sizeof(err)), SL_ESYS);
	load(0);
	lazy_html = mail(0);
	lazy_text = mail(1);
	ck_assert_ptr_nonnull(strstr(lazy_html, "https://x.example/logs/7"));
	ck_assert_ptr_nonnull(strstr(lazy_text, "https://x.example/logs/7"));
	ck_assert_ptr_null(strstr(lazy_text, "<html"));
	render_free();
	load(0);
	ck_assert_msg(render_load_mail(err, sizeof(err)) == SL_OK, "%s", err);
	ck_assert_int_eq(render_load_mail(err, sizeof(err)), SL_OK);
	eager_html = mail(0);
	eager_text = mail(1);
	ck_assert_str_eq(eager_html, lazy_html);
	ck_assert_str_eq(eager_text, lazy_text);
	free(lazy_html);
	free(lazy_text);
	free(eager_html);
	free(eager_text);
	render_free();
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("render");
	TCase	*tc = tcase_create("cache");

	/*
	 * 500 renders: well under a second in a plain build, 3-4 s with
	 * ASan+UBSan on an idle machine, so Check's default of 4 s timed out
	 * under make asan on a loaded one (as test_pdf.c: 60 s).
	 */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, hit_is_the_same_html_with_its_own_token);
	tcase_add_test(tc, any_change_of_the_view_renders_again);
	tcase_add_test(tc, a_view_without_a_token_is_cached_as_it_is);
	tcase_add_test(tc, memory_stays_within_the_limit);
	tcase_add_test(tc, template_filled_is_the_html_with_that_token);
	tcase_add_test(tc, mail_stylesheets_are_compiled_on_first_use);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
