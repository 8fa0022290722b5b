/*
 * test_pdf.c - unit tests for fcgi/pdf.c: the print layout on A4 pages.
 * The PDFs are read back with poppler-utils (pdftotext, pdfinfo,
 * pdffonts): no line lost at a page break, table headers repeated,
 * headings never last on a page, "side N av M", right-to-left layout,
 * Ethiopic and Arabic fonts embedded, and the PDF/A-2b additions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <glib.h>
#include <libxml/tree.h>

#include "../../fcgi/config.h"
#include "../../fcgi/pdf.h"
#include "testutil.h"

static char	 dir[] = "/tmp/sl-test-pdf-XXXXXX";

static void
setup(void)
{
	struct config	 cfg;
	char		 err[256];

	config_defaults(&cfg);
	ck_assert_int_eq(pdf_init(&cfg, err, sizeof(err)), SL_OK);
}

static void
teardown(void)
{
	pdf_free();
}

/* A new layout: <doc lang dir title author> with header and footer. */
static xmlDocPtr
doc_new(const char *lang, const char *dirn, xmlNodePtr *root)
{
	xmlDocPtr	 d = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr	 r, n;

	r = xmlNewDocNode(d, NULL, (const xmlChar *)"doc", NULL);
	xmlDocSetRootElement(d, r);
	xmlSetProp(r, (const xmlChar *)"lang", (const xmlChar *)lang);
	xmlSetProp(r, (const xmlChar *)"dir", (const xmlChar *)dirn);
	xmlSetProp(r, (const xmlChar *)"title", (const xmlChar *)"Prøve – ልጅ");
	xmlSetProp(r, (const xmlChar *)"author", (const xmlChar *)"Kari Holm");
	n = xmlNewChild(r, NULL, (const xmlChar *)"header", NULL);
	xmlSetProp(n, (const xmlChar *)"start", (const xmlChar *)"Testbarn Strand");
	xmlSetProp(n, (const xmlChar *)"end",
	    (const xmlChar *)"Taushetsbelagt, jf. forvaltningsloven § 13");
	n = xmlNewChild(r, NULL, (const xmlChar *)"footer", NULL);
	xmlSetProp(n, (const xmlChar *)"start", (const xmlChar *)"Skrevet ut av Kari Holm");
	xmlSetProp(n, (const xmlChar *)"end", (const xmlChar *)"side {page} av {pages}");
	*root = r;
	return d;
}

/* Render d into dir/name.pdf; returns the page count. */
static int
render(xmlDocPtr d, int flags, const char *name)
{
	struct buf	 b;
	struct pdf_info	 info;
	char		 path[256];
	FILE		*f;

	buf_init(&b);
	ck_assert_int_eq(pdf_render(d, flags, 1741786200, &b, &info), SL_OK);
	ck_assert_uint_eq(info.missing_glyphs, 0);
	snprintf(path, sizeof(path), "%s/%s.pdf", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(b.data, 1, b.len, f), b.len);
	fclose(f);
	buf_free(&b);
	xmlFreeDoc(d);
	return info.pages;
}

/* Output of a shell command on dir/name.pdf (malloc'd). */
static char *
run(const char *cmd, const char *name)
{
	char		 line[512];
	FILE		*p;
	char		*out = NULL;
	size_t		 len = 0, cap = 0, n;

	snprintf(line, sizeof(line), cmd, dir, name);
	ck_assert_ptr_nonnull(p = popen(line, "r"));
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			ck_assert_ptr_nonnull(out = realloc(out, cap));
		}
		if ((n = fread(out + len, 1, 4096, p)) == 0)
			break;
		len += n;
	}
	out[len] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	return out;
}

/* xMin of the first <word> holding w in pdftotext -bbox output. */
static double
word_x(const char *bbox, const char *w, int first)
{
	const char	*p = strstr(bbox, w);

	(void)first;
	ck_assert_ptr_nonnull(p);
	while (p > bbox && strncmp(p, "xMin=\"", 6) != 0)
		p--;
	return atof(p + 6);
}

static int
count(const char *hay, const char *needle)
{
	int	 n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

START_TEST(long_text_loses_no_line)
{
	xmlNodePtr	 r, p;
	xmlDocPtr	 d = doc_new("nb", "ltr", &r);
	char		 word[64], *txt;
	int		 i, pages;
	GString		*s = g_string_new(NULL);

	xmlNewTextChild(r, NULL, (const xmlChar *)"h", (const xmlChar *)"Notat");
	for (i = 1; i <= 400; i++)
		g_string_append_printf(s, "linje%04d med litt tekst om barnet%s",
		    i, i % 7 == 0 ? " som fortsetter over flere ord og blir"
		    " lengre enn én linje på siden, for å bryte midt i" : "");
	/* One paragraph of many wrapped lines, and one of many short ones. */
	p = xmlNewTextChild(r, NULL, (const xmlChar *)"p",
	    (const xmlChar *)s->str);
	xmlSetProp(p, (const xmlChar *)"dir", (const xmlChar *)"auto");
	g_string_truncate(s, 0);
	for (i = 1; i <= 300; i++)
		g_string_append_printf(s, "rad%04d\n", i);
	xmlNewTextChild(r, NULL, (const xmlChar *)"p", (const xmlChar *)s->str);
	g_string_free(s, TRUE);
	pages = render(d, 0, "long");
	ck_assert_int_ge(pages, 6);
	txt = run("pdftotext -raw %s/%s.pdf -", "long");
	for (i = 1; i <= 400; i++) {
		snprintf(word, sizeof(word), "linje%04d", i);
		ck_assert_msg(strstr(txt, word) != NULL, "%s lost", word);
	}
	for (i = 1; i <= 300; i++) {
		snprintf(word, sizeof(word), "rad%04d", i);
		ck_assert_msg(count(txt, word) == 1, "%s lost or twice", word);
	}
	snprintf(word, sizeof(word), "side %d av %d", pages, pages);
	ck_assert_ptr_nonnull(strstr(txt, word));
	ck_assert_int_eq(count(txt, "Taushetsbelagt, jf. forvaltningsloven § 13"),
	    pages);
	free(txt);
}
END_TEST

START_TEST(table_header_repeats_and_headings_keep)
{
	xmlNodePtr	 r, t, row;
	xmlDocPtr	 d = doc_new("nb", "ltr", &r);
	char		 b[64], *txt, *pg, *next, *last;
	int		 i, k, pages;

	for (k = 0; k < 12; k++) {
		snprintf(b, sizeof(b), "OVERSKRIFT%02d", k);
		xmlNewTextChild(r, NULL, (const xmlChar *)"h", (const xmlChar *)b);
		for (i = 0; i < 3 + k % 5; i++)
			xmlNewTextChild(r, NULL, (const xmlChar *)"p", (const xmlChar *)
			    "Et avsnitt med noen ord som fyller siden litt etter"
			    " litt, slik at overskriftene havner ulike steder.");
	}
	t = xmlNewChild(r, NULL, (const xmlChar *)"table", NULL);
	xmlSetProp(t, (const xmlChar *)"widths", (const xmlChar *)"30 70");
	row = xmlNewChild(t, NULL, (const xmlChar *)"row", NULL);
	xmlSetProp(row, (const xmlChar *)"header", (const xmlChar *)"1");
	xmlNewTextChild(row, NULL, (const xmlChar *)"cell", (const xmlChar *)"KOLONNEA");
	xmlNewTextChild(row, NULL, (const xmlChar *)"cell", (const xmlChar *)"KOLONNEB");
	for (i = 1; i <= 150; i++) {
		row = xmlNewChild(t, NULL, (const xmlChar *)"row", NULL);
		snprintf(b, sizeof(b), "celle%03d", i);
		xmlNewTextChild(row, NULL, (const xmlChar *)"cell", (const xmlChar *)b);
		xmlNewTextChild(row, NULL, (const xmlChar *)"cell", (const xmlChar *)
		    (i % 9 == 0 ? "en lang verdi som går over to eller tre linjer"
		    " i den brede kolonnen til høyre i tabellen, med flere ord" :
		    "kort"));
	}
	pages = render(d, 0, "table");
	ck_assert_int_ge(pages, 4);
	txt = run("pdftotext -raw %s/%s.pdf -", "table");
	for (i = 1; i <= 150; i++) {
		snprintf(b, sizeof(b), "celle%03d", i);
		ck_assert_msg(count(txt, b) == 1, "%s lost or twice", b);
	}
	/* Every page from the table's first on has its header row. */
	k = 0;
	for (pg = txt; pg != NULL; pg = next) {
		if ((next = strchr(pg, '\f')) != NULL)
			*next++ = '\0';
		if (strstr(pg, "celle") != NULL) {
			ck_assert_ptr_nonnull(strstr(pg, "KOLONNEA"));
			k++;
		}
		/* No heading is the last body line of a page. */
		last = NULL;
		for (char *h = pg; (h = strstr(h, "OVERSKRIFT")) != NULL; h++)
			last = h;
		if (last != NULL)
			ck_assert_msg(strstr(last, "Et avsnitt") != NULL ||
			    strstr(last, "KOLONNEA") != NULL,
			    "a heading stands alone at the foot of a page");
	}
	ck_assert_int_ge(k, 3);
	free(txt);
}
END_TEST

/*
 * A table row taller than a page is split between its lines, and starts
 * right under its heading: no half-empty page before it.
 */
START_TEST(tall_row_starts_under_its_heading)
{
	xmlNodePtr	 r, t, row;
	xmlDocPtr	 d = doc_new("nb", "ltr", &r);
	GString		*s = g_string_new(NULL);
	char		*txt, *p1, b[32];
	int		 i;

	xmlNewTextChild(r, NULL, (const xmlChar *)"p", (const xmlChar *)"Innledning.");
	xmlNewTextChild(r, NULL, (const xmlChar *)"h", (const xmlChar *)"NOTATER");
	t = xmlNewChild(r, NULL, (const xmlChar *)"table", NULL);
	row = xmlNewChild(t, NULL, (const xmlChar *)"row", NULL);
	xmlNewTextChild(row, NULL, (const xmlChar *)"cell", (const xmlChar *)"01.02.2025");
	for (i = 1; i <= 120; i++)
		g_string_append_printf(s, "notat%03d\n", i);
	xmlNewTextChild(row, NULL, (const xmlChar *)"cell", (const xmlChar *)s->str);
	g_string_free(s, TRUE);
	ck_assert_int_eq(render(d, 0, "tall"), 3);
	txt = run("pdftotext -raw %s/%s.pdf -", "tall");
	ck_assert_ptr_nonnull(p1 = strchr(txt, '\f'));
	*p1 = '\0';
	ck_assert_ptr_nonnull(strstr(txt, "NOTATER"));
	ck_assert_ptr_nonnull(strstr(txt, "notat040"));
	*p1 = '\f';
	for (i = 1; i <= 120; i++) {
		snprintf(b, sizeof(b), "notat%03d", i);
		ck_assert_msg(count(txt, b) == 1, "%s lost or twice", b);
	}
	free(txt);
}
END_TEST

START_TEST(right_to_left_and_scripts)
{
	xmlNodePtr	 r, t, row, p;
	xmlDocPtr	 d = doc_new("ar", "rtl", &r);
	char		*txt, *fonts, *line;
	double		 xmin, xmax;

	xmlNewTextChild(r, NULL, (const xmlChar *)"h", (const xmlChar *)
	    "استمارة الموافقة");
	xmlNewTextChild(r, NULL, (const xmlChar *)"p", (const xmlChar *)
	    "نحن نوافق على أن تتعاون الخدمات حول الطفل.");
	p = xmlNewTextChild(r, NULL, (const xmlChar *)"p", (const xmlChar *)
	    "ፍቓድ ወለድቲ ንምትሕብባር ኣገልግሎታት");
	xmlSetProp(p, (const xmlChar *)"dir", (const xmlChar *)"auto");
	t = xmlNewChild(r, NULL, (const xmlChar *)"table", NULL);
	xmlSetProp(t, (const xmlChar *)"widths", (const xmlChar *)"40 60");
	row = xmlNewChild(t, NULL, (const xmlChar *)"row", NULL);
	xmlNewTextChild(row, NULL, (const xmlChar *)"cell", (const xmlChar *)"اسم الطفل");
	xmlNewTextChild(row, NULL, (const xmlChar *)"cell", (const xmlChar *)"Testbarn Strand");
	ck_assert_int_eq(render(d, 0, "rtl"), 1);
	txt = run("pdftotext %s/%s.pdf -", "rtl");
	ck_assert_ptr_nonnull(strstr(txt, "نوافق"));
	ck_assert_ptr_nonnull(strstr(txt, "ኣገልግሎታት"));
	free(txt);
	fonts = run("pdffonts %s/%s.pdf", "rtl");
	ck_assert_ptr_nonnull(strstr(fonts, "NotoSansArabic"));
	ck_assert_ptr_nonnull(strstr(fonts, "NotoSansEthiopic"));
	free(fonts);
	/*
	 * Right to left: the header's start (the child's name) on the right,
	 * the table's first column (the label) on the right, so the value
	 * "Testbarn Strand" in the second column stands on the left.
	 */
	txt = run("pdftotext -bbox %s/%s.pdf -", "rtl");
	line = strstr(txt, "Testbarn");
	ck_assert_ptr_nonnull(line);
	xmin = word_x(txt, "Testbarn", 1);
	xmax = word_x(line + 1, "Testbarn", 1);
	ck_assert_msg(xmin > 400, "header start not on the right: %f", xmin);
	ck_assert_msg(xmax < 300, "value not on the left: %f", xmax);
	free(txt);
}
END_TEST

START_TEST(archival_metadata)
{
	xmlNodePtr	 r;
	xmlDocPtr	 d = doc_new("nb", "ltr", &r);
	char		*meta, *info, *fonts, *raw;

	xmlSetProp(r, (const xmlChar *)"subject", (const xmlChar *)"Arkivkopi");
	xmlNewTextChild(r, NULL, (const xmlChar *)"p", (const xmlChar *)"Arkiv æøå");
	ck_assert_int_eq(render(d, PDF_ARCHIVAL, "archive"), 1);
	meta = run("pdfinfo -meta %s/%s.pdf", "archive");
	ck_assert_ptr_nonnull(strstr(meta, "<pdfaid:part>2</pdfaid:part>"));
	ck_assert_ptr_nonnull(strstr(meta, "<pdfaid:conformance>B</pdfaid:conformance>"));
	ck_assert_ptr_nonnull(strstr(meta, "Prøve – ልጅ"));
	free(meta);
	info = run("pdfinfo %s/%s.pdf", "archive");
	ck_assert_ptr_nonnull(strstr(info, "Prøve – ልጅ"));
	ck_assert_ptr_nonnull(strstr(info, "Kari Holm"));
	ck_assert_ptr_nonnull(strstr(info, "Encrypted:       no"));
	ck_assert_ptr_nonnull(strstr(info, "Pages:           1\n"));
	free(info);
	fonts = run("pdffonts %s/%s.pdf | awk 'NR > 2 && $(NF-4) != \"yes\"'",
	    "archive");
	ck_assert_str_eq(fonts, "");
	free(fonts);
	raw = run("grep -a -c -e '/OutputIntents \\[' -e '/S /GTS_PDFA1' %s/%s.pdf",
	    "archive");
	ck_assert_int_eq(atoi(raw), 2);
	free(raw);
}
END_TEST

START_TEST(not_a_layout)
{
	xmlDocPtr	 d = xmlNewDoc((const xmlChar *)"1.0");
	struct buf	 b;

	xmlDocSetRootElement(d, xmlNewDocNode(d, NULL,
	    (const xmlChar *)"page", NULL));
	buf_init(&b);
	ck_assert_int_eq(pdf_render(d, 0, 0, &b, NULL), SL_EINPUT);
	buf_free(&b);
	xmlFreeDoc(d);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pdf");
	TCase	*tc = tcase_create("pdf");
	char	 cmd[64];
	int	 rc;

	if (mkdtemp(dir) == NULL)
		return EXIT_FAILURE;
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, long_text_loses_no_line);
	tcase_add_test(tc, table_header_repeats_and_headings_keep);
	tcase_add_test(tc, tall_row_starts_under_its_heading);
	tcase_add_test(tc, right_to_left_and_scripts);
	tcase_add_test(tc, archival_metadata);
	tcase_add_test(tc, not_a_layout);
	suite_add_tcase(s, tc);
	rc = tu_run(s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (getenv("SL_KEEP_PDF") == NULL && system(cmd) != 0)
		rc = EXIT_FAILURE;
	return rc;
}
