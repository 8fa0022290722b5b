/*
 * test_report.c - the pure parts of the reports (fcgi/report.c): small
 * counts, the period and its bounds, the CSV shape (BOM, ';', CRLF,
 * quoting, no formulas for a spreadsheet).
 */
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "../../fcgi/report.h"
#include "testutil.h"

START_TEST(small_counts)
{
	struct arena	*a = arena_new();

	ck_assert_str_eq(report_count(a, 0, 1), "0");
	ck_assert_str_eq(report_count(a, 1, 1), "<5");
	ck_assert_str_eq(report_count(a, 4, 1), "<5");
	ck_assert_str_eq(report_count(a, 5, 1), "5");
	ck_assert_str_eq(report_count(a, 1234, 1), "1234");
	ck_assert_str_eq(report_count(a, 3, 0), "3");
	arena_free(a);
}
END_TEST

START_TEST(period)
{
	struct report_req	 r;
	const char		*k;

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(report_period(&r, "2024-02-29", "2024-03-31", &k),
	    SL_OK);
	ck_assert_str_eq(r.from, "2024-02-29");
	ck_assert_str_eq(r.to, "2024-03-31");
	/* Default: from the first of the month 11 months before to. */
	ck_assert_int_eq(report_period(&r, NULL, "2026-02-15", &k), SL_OK);
	ck_assert_str_eq(r.from, "2025-03-01");
	ck_assert_int_eq(report_period(&r, "", "2026-12-02", &k), SL_OK);
	ck_assert_str_eq(r.from, "2026-01-01");
	/* 60 months at most; from not after to; real dates only. */
	ck_assert_int_eq(report_period(&r, "2021-01-01", "2025-12-31", &k),
	    SL_OK);
	ck_assert_int_eq(report_period(&r, "2020-12-31", "2025-12-31", &k),
	    SL_EINPUT);
	ck_assert_str_eq(k, "report.period.invalid");
	ck_assert_int_eq(report_period(&r, "2024-03-02", "2024-03-01", &k),
	    SL_EINPUT);
	ck_assert_int_eq(report_period(&r, "2023-02-29", NULL, &k), SL_EINPUT);
	ck_assert_int_eq(report_period(&r, "2024-1-01", NULL, &k), SL_EINPUT);
	ck_assert_int_eq(report_period(&r, "2024-01-01", "x", &k), SL_EINPUT);
}
END_TEST

START_TEST(kinds)
{
	enum report_kind	 k;

	ck_assert_int_eq(report_kind_parse("unit", &k), SL_OK);
	ck_assert_int_eq(k, REPORT_UNIT);
	ck_assert_int_eq(report_kind_parse("municipality", &k), SL_OK);
	ck_assert_int_eq(k, REPORT_MUNICIPALITY);
	ck_assert_int_eq(report_kind_parse("fylke", &k), SL_EINPUT);
	ck_assert_int_eq(report_kind_parse(NULL, &k), SL_EINPUT);
}
END_TEST

static xmlNodePtr
el(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

static void
at(xmlNodePtr n, const char *name, const char *v)
{
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)v);
}

START_TEST(csv_shape)
{
	xmlDocPtr	 doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr	 r, u, e, h;
	struct buf	 b;
	const char	*want =
	    "\xEF\xBB\xBF" "fra;til;enhet_id;enhet;tall;detalj;verdi\r\n"
	    "2024-01-01;2024-12-31;;Hele kommunen;aktive_logger;;<5\r\n"
	    "2024-01-01;2024-12-31;;Hele kommunen;passive_logger;;0\r\n"
	    "2024-01-01;2024-12-31;u1;\"Skole; \"\"Nord\"\"\";samtykker_utlopt;;7\r\n"
	    "2024-01-01;2024-12-31;u1;\"Skole; \"\"Nord\"\"\";"
	    "samtykker_utloper_innen_30_dager;;0\r\n"
	    "2024-01-01;2024-12-31;u1;\"Skole; \"\"Nord\"\"\";"
	    "logger_der_holder_har_sluttet;;1\r\n"
	    "2024-01-01;2024-12-31;u1;\"Skole; \"\"Nord\"\"\";"
	    "logger_der_holder_har_sluttet_stafettholder;'=HYPERLINK(1);1\r\n"
	    "2024-01-01;2024-12-31;u1;\"Skole; \"\"Nord\"\"\";"
	    "logger_der_holder_har_sluttet_stafettholder;'-Ola;0\r\n";

	r = xmlNewDocNode(doc, NULL, (const xmlChar *)"report", NULL);
	xmlDocSetRootElement(doc, r);
	at(r, "from", "2024-01-01");
	at(r, "to", "2024-12-31");
	e = el(el(r, "total"), "logs");
	at(e, "active", "<5");
	at(e, "passive", "0");
	u = el(r, "unit");
	at(u, "id", "u1");
	at(u, "name", "Skole; \"Nord\"");
	e = el(u, "consents");
	at(e, "expired", "7");
	at(e, "expiring-30", "0");
	e = el(u, "holder-left");
	at(e, "logs", "1");
	h = el(e, "holder");
	at(h, "name", "=HYPERLINK(1)");
	at(h, "logs", "1");
	h = el(e, "holder");
	at(h, "name", "-Ola");
	at(h, "logs", "0");
	buf_init(&b);
	ck_assert_int_eq(report_csv(r, &b), SL_OK);
	buf_append(&b, "", 1);
	ck_assert_str_eq(b.data, want);
	buf_free(&b);
	xmlFreeDoc(doc);
	ck_assert_int_eq(report_csv(NULL, &b), SL_EINPUT);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite	*s = suite_create("report");
	TCase	*tc = tcase_create("pure");

	tcase_add_test(tc, small_counts);
	tcase_add_test(tc, period);
	tcase_add_test(tc, kinds);
	tcase_add_test(tc, csv_shape);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(report_suite());
}
