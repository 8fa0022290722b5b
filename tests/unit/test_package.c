/*
 * test_package.c - unit tests for fcgi/package.c: reading a transfer
 * package (schema/transfer-package.xsd) refuses everything malformed or
 * unsafe with its reason, and reads a good one.  Runs from the top
 * directory (the schema is read from schema/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/parser.h>
#include <openssl/evp.h>

#include "../../fcgi/crypto.h"
#include "../../fcgi/nin.h"
#include "../../fcgi/package.h"
#include "testutil.h"

#define TY 2026
#define TM 6
#define TD 1

static const char PDF[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>"
    "endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0"
    " R>>\nstartxref\n0\n%%EOF\n";

static struct pkg_limits lim = { 1 << 20, 1 << 16, TY, TM, TD };

static char child_nin[12], guardian_nin[12];

/*
 * A package: prolog (e.g. a DOCTYPE) before the root, the child's
 * number, the attachment's bytes, its stated hash (NULL: the right one),
 * extra text inside the child's name attribute.
 */
static char *
mk(const char *prolog, const char *nin, const char *file, size_t flen,
    const char *hash, const char *name)
{
	static char	 out[64 * 1024];
	char		 b64[8192], h[65];

	(void)EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)file,
	    (int)flen);
	(void)crypto_sha256_hex(file, flen, h);
	snprintf(out, sizeof(out),
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s"
	    "<transfer-package version=\"1\" created=\"2026-05-01T10:00:00Z\""
	    " municipality=\"Fjordvik kommune\" exported-by=\"ola.berg\">"
	    "<child nin=\"%s\" name=\"%s\" birth-date=\"2019-03-14\">"
	    "<address>Fjordveien 1</address></child>"
	    "<log id=\"7\" level=\"2\" status=\"active\""
	    " created=\"2025-01-02T08:00:00Z\" unit-name=\"Solbakken\""
	    " holder-uid=\"ola.berg\" holder-name=\"Ola Berg\"/>"
	    "<guardians><guardian id=\"g1\" name=\"Mor\" nin=\"%s\"/></guardians>"
	    "<consents><consent given-by=\"guardians\" given-by-name=\"Mor\""
	    " given-at=\"2025-01-02\" created=\"2025-01-02T08:00:00Z\""
	    " created-by=\"ola.berg\" attachment=\"a1\"><scope>Alt</scope>"
	    "</consent></consents>"
	    "<concerns><concern id=\"k1\" category=\"Språk\" status=\"active\""
	    " registered=\"2025-01-02\" discussed-leader=\"1\""
	    " discussed-guardians=\"1\" discussed-child=\"0\""
	    " created=\"2025-01-02T08:00:00Z\" created-by=\"ola.berg\""
	    " updated=\"2025-01-02T08:00:00Z\"><description>Sier lite"
	    "<!-- split -->, men forstår</description><goal>Snakke</goal>"
	    "<maintaining/><measure id=\"m1\" kind=\"home\""
	    " actor-kind=\"guardian\" actor-guardian=\"g1\" status=\"active\""
	    " start=\"2025-01-03\" evaluate-by=\"2025-03-01\""
	    " created=\"2025-01-02T08:00:00Z\" created-by=\"ola.berg\">"
	    "<text>Lese</text><step>En bok</step></measure></concern></concerns>"
	    "<bright-spots/><notes><note author-uid=\"ola.berg\""
	    " author-name=\"Ola Berg\" created=\"2025-01-05T09:00:00Z\""
	    " concern=\"k1\"><text>Bra</text></note></notes><meetings/>"
	    "<history><event at=\"2025-01-02T08:00:00Z\" kind=\"created\""
	    " actor-uid=\"ola.berg\" to=\"2\"/></history>"
	    "<attachments><attachment id=\"a1\" filename=\"s.pdf\" size=\"%zu\""
	    " sha256=\"%s\" kind=\"file\" created=\"2025-01-02T08:00:00Z\""
	    " created-by=\"ola.berg\">%s</attachment></attachments>"
	    "</transfer-package>\n", prolog, nin, name, guardian_nin, flen,
	    hash != NULL ? hash : h, b64);
	return out;
}

static enum sl_err
rd(const char *s, const char **key)
{
	struct package	 p;
	char		 err[512];
	enum sl_err	 rc;

	rc = package_read(s, strlen(s), &lim, &p, key, err, sizeof(err));
	if (rc != SL_OK)
		fprintf(stderr, "(refused as expected? %s: %s)\n", *key, err);
	package_free(&p);
	return rc;
}

static void
setup(void)
{
	char	 err[256];

	int	 i;

	for (i = 500; nin_synthetic(2019, 3, 14, i, child_nin) != SL_OK; i++)
		ck_assert_int_lt(i, 999);
	for (i = 100; nin_synthetic(1990, 7, 1, i, guardian_nin) != SL_OK; i++)
		ck_assert_int_lt(i, 499);
	ck_assert_msg(package_schema_load("schema", err, sizeof(err)) == SL_OK,
	    "%s", err);
}

START_TEST(good_package_is_read)
{
	struct package	 p;
	const char	*key, *s = mk("", child_nin, LIT(PDF), NULL, "Testbarn");
	char		 err[512];

	ck_assert_msg(package_read(s, strlen(s), &lim, &p, &key, err,
	    sizeof(err)) == SL_OK, "%s", err);
	ck_assert_uint_eq(p.nfiles, 1);
	ck_assert_uint_eq(p.files[0].len, sizeof(PDF) - 1);
	ck_assert(memcmp(p.files[0].data, PDF, sizeof(PDF) - 1) == 0);
	/* A comment inside text does not split it. */
	ck_assert_str_eq(pkg_child_text(pkg_child(pkg_child(
	    xmlDocGetRootElement(p.doc), "concerns"), "concern"),
	    "description"), "Sier lite, men forstår");
	package_free(&p);
}
END_TEST

START_TEST(xxe_refused)
{
	const char	*key;
	const char	*s = mk("<!DOCTYPE transfer-package [<!ENTITY x SYSTEM"
	    " \"file:///etc/passwd\">]>", child_nin, LIT(PDF), NULL, "&x;");

	ck_assert_int_eq(rd(s, &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.doctype");
}
END_TEST

START_TEST(billion_laughs_refused)
{
	const char	*key;
	const char	*s = mk("<!DOCTYPE transfer-package [\n"
	    "<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
	    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
	    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
	    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
	    "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
	    "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">"
	    "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>",
	    child_nin, LIT(PDF), NULL, "&i;");

	ck_assert_int_eq(rd(s, &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.doctype");
}
END_TEST

START_TEST(any_doctype_refused)
{
	const char	*key;
	const char	*s = mk("<!DOCTYPE transfer-package SYSTEM"
	    " \"http://127.0.0.1:1/x.dtd\">", child_nin, LIT(PDF), NULL, "B");

	ck_assert_int_eq(rd(s, &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.doctype");
}
END_TEST

START_TEST(too_big_refused_before_parsing)
{
	struct package	 p;
	const char	*key;
	char		 err[256];
	/* Not even XML: the size alone refuses it. */
	static char	 junk[(1 << 20) + 1];

	memset(junk, '<', sizeof(junk));
	ck_assert_int_eq(package_read(junk, sizeof(junk), &lim, &p, &key, err,
	    sizeof(err)), SL_ETOOBIG);
	ck_assert_str_eq(key, "field.package.too-big");
}
END_TEST

START_TEST(schema_break_refused)
{
	const char	*key;
	char		*s = mk("", child_nin, LIT(PDF), NULL, "B");
	char		*p = strstr(s, "<meetings/>");

	/* An element the schema does not know, where it does not belong. */
	memcpy(p, "<meetingz/>", 11);
	ck_assert_int_eq(rd(s, &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.schema");
	ck_assert_int_eq(rd("<transfer-package/>", &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.schema");
	/* A category longer than the database's column (128). */
	s = mk("", child_nin, LIT(PDF), NULL, "B");
	p = strstr(s, "category=\"Språk\"");
	memmove(p + 10 + 130, p + 10, strlen(p + 10) + 1);
	memset(p + 10, 'x', 130);
	ck_assert_int_eq(rd(s, &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.schema");
}
END_TEST

START_TEST(plan_rule_refused)
{
	const char	*key;
	const char	*s = mk("", child_nin, LIT(PDF), NULL, "B");
	const char	*p = strstr(s, "</measure>");
	static const char second[] = "</measure><measure id=\"m2\""
	    " kind=\"home\" actor-kind=\"guardian\" actor-guardian=\"g1\""
	    " status=\"active\" start=\"2025-01-03\""
	    " evaluate-by=\"2025-03-01\" created=\"2025-01-02T08:00:00Z\""
	    " created-by=\"ola.berg\"><text>Igjen</text>";

	static char	 out[64 * 1024];

	/* Two active measures of the same guardian under one concern. */
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(p - s), s, second, p);
	s = out;
	ck_assert_int_eq(rd(s, &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.rule");
}
END_TEST

START_TEST(bad_nin_refused)
{
	const char	*key;
	char		 bad[12];

	memcpy(bad, child_nin, sizeof(bad));
	bad[10] = bad[10] == '9' ? '0' : bad[10] + 1;	/* check digit off */
	ck_assert_int_eq(rd(mk("", bad, LIT(PDF), NULL, "B"), &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.nin");
}
END_TEST

START_TEST(bad_hash_refused)
{
	const char	*key;

	ck_assert_int_eq(rd(mk("", child_nin, LIT(PDF), "0123456789abcdef"
	    "0123456789abcdef0123456789abcdef0123456789abcdef", "B"), &key),
	    SL_EINPUT);
	ck_assert_str_eq(key, "field.package.file-hash");
}
END_TEST

START_TEST(non_pdf_refused)
{
	const char	*key;
	static const char html[] = "<html><script>alert(1)</script></html>";

	ck_assert_int_eq(rd(mk("", child_nin, LIT(html), NULL, "B"), &key),
	    SL_EINPUT);
	ck_assert_str_eq(key, "field.package.not-pdf");
}
END_TEST

START_TEST(unsafe_text_refused)
{
	const char	*key;

	/* A right-to-left override in a name. */
	ck_assert_int_eq(rd(mk("", child_nin, LIT(PDF), NULL, "Ola&#x202E;"),
	    &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.text");
	/* UTF-16, even when declared. */
	ck_assert_int_eq(rd("\xff\xfe<\0?\0x\0m\0l\0", &key), SL_EINPUT);
	/* Not UTF-8. */
	ck_assert_int_eq(rd(mk("", child_nin, LIT(PDF), NULL, "\xff\xfe"),
	    &key), SL_EINPUT);
	ck_assert_str_eq(key, "field.package.xml");
	/* Not XML at all, and nothing. */
	ck_assert_int_eq(rd("%PDF-1.4", &key), SL_EINPUT);
	ck_assert_int_eq(rd("", &key), SL_EINPUT);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("package");
	TCase	*tc = tcase_create("read");

	xmlInitParser();
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, good_package_is_read);
	tcase_add_test(tc, xxe_refused);
	tcase_add_test(tc, billion_laughs_refused);
	tcase_add_test(tc, any_doctype_refused);
	tcase_add_test(tc, too_big_refused_before_parsing);
	tcase_add_test(tc, schema_break_refused);
	tcase_add_test(tc, plan_rule_refused);
	tcase_add_test(tc, bad_nin_refused);
	tcase_add_test(tc, bad_hash_refused);
	tcase_add_test(tc, non_pdf_refused);
	tcase_add_test(tc, unsafe_text_refused);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
