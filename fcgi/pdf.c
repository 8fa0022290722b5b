/*
 * pdf.c - lay out the print description (see pdf.h) on A4 pages with
 * Pango and draw it with Cairo's PDF surface.
 *
 * Two passes over one set of layouts: every paragraph and table cell is
 * laid out once (PangoLayout, line breaking, bidi and shaping), then the
 * rows are placed on pages - split between lines where they must, so no
 * line is lost - and only then drawn, so that every page can say "side N
 * av M".  Archive copies get the PDF/A-2b additions Cairo 1.16 cannot
 * write (XMP metadata, an sRGB output intent, a document ID) as an
 * incremental update appended to Cairo's file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "crypto.h"
#include "pdf.h"

/* A4 in points, margins. */
#define PAGE_W		595.276
#define PAGE_H		841.890
#define MARGIN_X	56.69		/* 20 mm */
#define BODY_TOP	70.0
#define BODY_BOTTOM	(PAGE_H - 62.0)
#define BODY_W		(PAGE_W - 2 * MARGIN_X)
#define BODY_H		(BODY_BOTTOM - BODY_TOP)
#define CELL_PAD	2.5
#define COL_GAP		8.0
#define BLANK_LINE	24.0

/* Row flags. */
#define RF_KEEP_NEXT	0x01	/* never the last thing on a page */
#define RF_TOGETHER	0x02	/* move whole to the next page if it fits one */
#define RF_HEADER	0x04	/* a table's header row */
#define RF_RULE		0x08	/* a horizontal rule */
#define RF_BREAK	0x10	/* a page break before */
#define RF_LINE_BELOW	0x20	/* a thin line under the row */
#define RF_BLANK	0x40	/* empty lines to write on */

/* Text styles. */
enum style { ST_NORMAL, ST_BOLD, ST_SMALL, ST_MUTED, ST_TITLE, ST_H1, ST_H2,
    ST_H3, ST_HEAD, ST__COUNT };

static const struct {
	double	 size;
	int	 bold;
	double	 grey;
} styles[ST__COUNT] = {
	[ST_NORMAL] = { 10.0, 0, 0.0 },
	[ST_BOLD] = { 10.0, 1, 0.0 },
	[ST_SMALL] = { 8.5, 0, 0.0 },
	[ST_MUTED] = { 8.5, 0, 0.35 },
	[ST_TITLE] = { 20.0, 1, 0.0 },
	[ST_H1] = { 17.0, 1, 0.0 },
	[ST_H2] = { 13.5, 1, 0.0 },
	[ST_H3] = { 11.0, 1, 0.0 },
	[ST_HEAD] = { 8.0, 0, 0.25 },
};

static struct {
	PangoFontDescription	*font[ST__COUNT];
	char			*icc;
	size_t			 icclen;
} P;

struct pline {
	PangoLayoutLine	*line;
	double		 x, top, bot, base;	/* in the row, points */
};

struct pcell {
	PangoLayout	*lay;
	double		 x, w;
	double		 grey;
	struct pline	*lines;
	int		 nlines;
};

struct prow {
	struct pcell	*cells;
	int		 ncells;
	double		 h, before, after;
	unsigned int	 flags;
	int		 header;	/* row index of its table's header, or -1 */
	int		 blank;		/* RF_BLANK: number of lines */
};

struct slice {
	int	 row, page;
	double	 y, from, to;
};

struct pdoc {
	PangoContext	*pc;
	PangoLanguage	*lang;
	int		 rtl;
	struct prow	*rows;
	int		 nrows, crows;
	struct slice	*slices;
	int		 nslices, cslices;
	int		 pages;
	unsigned int	 missing;
	int		 oom;
};

enum sl_err
pdf_init(const struct config *cfg, char *err, size_t errsz)
{
	PangoFontDescription	*f[ST__COUNT] = { NULL };
	FILE			*fp = NULL;
	char			*icc = NULL, desc[CONF_STR_MAX + 32];
	long			 n;
	size_t			 i;
	enum sl_err		 rc = SL_ESYS;

	for (i = 0; i < ST__COUNT; i++) {
		if (bsnprintf(desc, sizeof(desc), "%s %s %.1f", cfg->pdf_font,
		    styles[i].bold ? "Bold" : "", styles[i].size) != SL_OK) {
			(void)bsnprintf(err, errsz, "pdf_font: too long");
			goto fail;
		}
		if ((f[i] = pango_font_description_from_string(desc)) == NULL) {
			rc = SL_ENOMEM;
			goto fail;
		}
	}
	if ((fp = fopen(cfg->pdf_icc_profile, "rb")) == NULL ||
	    fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 128 ||
	    n > 1 << 20 || fseek(fp, 0, SEEK_SET) != 0) {
		(void)bsnprintf(err, errsz, "pdf_icc_profile %s: not a readable"
		    " ICC profile", cfg->pdf_icc_profile);
		goto fail;
	}
	if ((icc = malloc((size_t)n)) == NULL) {
		rc = SL_ENOMEM;
		goto fail;
	}
	if (fread(icc, 1, (size_t)n, fp) != (size_t)n ||
	    memcmp(icc + 36, "acsp", 4) != 0) {
		(void)bsnprintf(err, errsz, "pdf_icc_profile %s: not an ICC"
		    " profile", cfg->pdf_icc_profile);
		goto fail;
	}
	fclose(fp);
	pdf_free();
	memcpy(P.font, f, sizeof(P.font));
	P.icc = icc;
	P.icclen = (size_t)n;
	return SL_OK;
fail:
	if (fp != NULL)
		fclose(fp);
	free(icc);
	for (i = 0; i < ST__COUNT; i++)
		if (f[i] != NULL)
			pango_font_description_free(f[i]);
	return rc;
}

void
pdf_free(void)
{
	size_t	 i;

	for (i = 0; i < ST__COUNT; i++) {
		if (P.font[i] != NULL)
			pango_font_description_free(P.font[i]);
		P.font[i] = NULL;
	}
	free(P.icc);
	P.icc = NULL;
	P.icclen = 0;
}

/* ------------------------------------------------------------ layout */

static int
is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    xmlStrEqual(n->name, (const xmlChar *)name);
}

/* Attribute value compared with v. */
static int
attr_is(xmlNodePtr n, const char *name, const char *v)
{
	xmlChar	*a = xmlGetProp(n, (const xmlChar *)name);
	int	 eq = a != NULL && strcmp((const char *)a, v) == 0;

	xmlFree(a);
	return eq;
}

static double
attr_num(xmlNodePtr n, const char *name, double def, double lo, double hi)
{
	xmlChar	*a = xmlGetProp(n, (const xmlChar *)name);
	char	*end;
	double	 v = def;

	if (a != NULL) {
		v = strtod((const char *)a, &end);
		if (end == (char *)a || *end != '\0' || !(v >= lo && v <= hi))
			v = def;
	}
	xmlFree(a);
	return v;
}

static enum style
style_of(xmlNodePtr n, enum style def)
{
	xmlChar		*c = xmlGetProp(n, (const xmlChar *)"class");
	enum style	 s = def;

	if (c != NULL) {
		if (strcmp((const char *)c, "bold") == 0)
			s = ST_BOLD;
		else if (strcmp((const char *)c, "small") == 0)
			s = ST_SMALL;
		else if (strcmp((const char *)c, "muted") == 0)
			s = ST_MUTED;
		else if (strcmp((const char *)c, "title") == 0)
			s = ST_TITLE;
	}
	xmlFree(c);
	return s;
}

static struct prow *
row_add(struct pdoc *d)
{
	struct prow	*r;

	if (d->nrows == d->crows) {
		int	 nc = d->crows ? d->crows * 2 : 64;

		if ((r = realloc(d->rows, (size_t)nc * sizeof(*r))) == NULL) {
			d->oom = 1;
			return NULL;
		}
		d->rows = r;
		d->crows = nc;
	}
	r = &d->rows[d->nrows++];
	memset(r, 0, sizeof(*r));
	r->header = -1;
	return r;
}

/*
 * Lay out text in a cell of width w; user text (dir="auto") takes its
 * own direction, our text the document's.
 */
static enum sl_err
cell_layout(struct pdoc *d, struct pcell *cell, const char *text,
    enum style st, int user, double pad)
{
	PangoLayout	*lay;
	PangoLayoutIter	*it;
	PangoAttrList	*al;
	PangoRectangle	 lr;
	int		 n, i;

	if ((lay = pango_layout_new(d->pc)) == NULL)
		return SL_ENOMEM;
	cell->lay = lay;
	cell->grey = styles[st].grey;
	pango_layout_set_font_description(lay, P.font[st]);
	pango_layout_set_width(lay, (int)(cell->w * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_auto_dir(lay, user);
	pango_layout_set_alignment(lay, d->rtl ? PANGO_ALIGN_RIGHT :
	    PANGO_ALIGN_LEFT);
	if ((al = pango_attr_list_new()) != NULL) {
		pango_attr_list_insert(al, pango_attr_language_new(d->lang));
		/* A word broken at the margin keeps its letters only. */
		pango_attr_list_insert(al, pango_attr_insert_hyphens_new(FALSE));
		pango_layout_set_attributes(lay, al);
		pango_attr_list_unref(al);
	}
	pango_layout_set_text(lay, text, -1);
	d->missing += (unsigned int)pango_layout_get_unknown_glyphs_count(lay);
	n = pango_layout_get_line_count(lay);
	if ((cell->lines = calloc((size_t)(n > 0 ? n : 1),
	    sizeof(*cell->lines))) == NULL)
		return SL_ENOMEM;
	it = pango_layout_get_iter(lay);
	for (i = 0; i < n; i++) {
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		cell->lines[i].line = pango_layout_iter_get_line_readonly(it);
		cell->lines[i].x = (double)lr.x / PANGO_SCALE;
		cell->lines[i].top = pad + (double)lr.y / PANGO_SCALE;
		cell->lines[i].bot = pad + (double)(lr.y + lr.height) /
		    PANGO_SCALE;
		cell->lines[i].base = pad +
		    (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		if (!pango_layout_iter_next_line(it)) {
			i++;
			break;
		}
	}
	pango_layout_iter_free(it);
	cell->nlines = i;
	return SL_OK;
}

/* Text of an element: all its text, as XSLT wrote it. */
static char *
text_of(xmlNodePtr n)
{
	return (char *)xmlNodeGetContent(n);
}

/* A row of one full-width cell holding the text of n. */
static enum sl_err
add_text_row(struct pdoc *d, xmlNodePtr n, enum style st, double before,
    unsigned int flags)
{
	struct prow	*r;
	char		*t;
	enum sl_err	 rc;

	if ((r = row_add(d)) == NULL)
		return SL_ENOMEM;
	r->before = before;
	r->flags = flags;
	if (attr_is(n, "keep-with-next", "1"))
		r->flags |= RF_KEEP_NEXT;
	if ((r->cells = calloc(1, sizeof(*r->cells))) == NULL)
		return SL_ENOMEM;
	r->ncells = 1;
	r->cells[0].x = MARGIN_X;
	r->cells[0].w = BODY_W;
	if ((t = text_of(n)) == NULL)
		return SL_ENOMEM;
	rc = cell_layout(d, &r->cells[0], t, st, attr_is(n, "dir", "auto"), 0);
	xmlFree(t);
	if (rc != SL_OK)
		return rc;
	if (r->cells[0].nlines > 0)
		r->h = r->cells[0].lines[r->cells[0].nlines - 1].bot;
	return SL_OK;
}

static enum sl_err
add_table(struct pdoc *d, xmlNodePtr t)
{
	double		 widths[16], sum = 0, x;
	int		 ncol = 0, i, header = -1;
	xmlChar		*ws = xmlGetProp(t, (const xmlChar *)"widths");
	char		*p, *end;
	xmlNodePtr	 rn, cn;
	struct prow	*r;
	enum sl_err	 rc;

	for (p = (char *)ws; p != NULL && *p != '\0' && ncol < 16; p = end) {
		widths[ncol] = strtod(p, &end);
		if (end == p)
			break;
		if (widths[ncol] > 0)
			sum += widths[ncol++];
	}
	xmlFree(ws);
	for (rn = t->children; rn != NULL; rn = rn->next) {
		int	 hdr;
		double	 h = 0;

		if (!is(rn, "row"))
			continue;
		hdr = attr_is(rn, "header", "1");
		if ((r = row_add(d)) == NULL)
			return SL_ENOMEM;
		r->flags = RF_TOGETHER | RF_LINE_BELOW;
		if (hdr) {
			r->flags |= RF_HEADER | RF_KEEP_NEXT;
			header = d->nrows - 1;
		} else
			r->header = header;
		for (cn = rn->children, i = 0; cn != NULL; cn = cn->next)
			if (is(cn, "cell"))
				i++;
		if (i == 0)
			continue;
		if ((r->cells = calloc((size_t)i, sizeof(*r->cells))) == NULL)
			return SL_ENOMEM;
		r->ncells = i;
		x = 0;
		for (cn = rn->children, i = 0; cn != NULL; cn = cn->next) {
			struct pcell	*c;
			double		 w;
			char		*txt;

			if (!is(cn, "cell"))
				continue;
			c = &r->cells[i];
			w = i < ncol && sum > 0 ? BODY_W * widths[i] / sum :
			    BODY_W / r->ncells;
			if (i == r->ncells - 1)
				w = BODY_W - x;	/* the last takes the rest */
			c->w = w - COL_GAP;
			c->x = d->rtl ? MARGIN_X + BODY_W - x - w + COL_GAP :
			    MARGIN_X + x;
			x += w;
			if ((txt = text_of(cn)) == NULL)
				return SL_ENOMEM;
			rc = cell_layout(d, c, txt, hdr ? ST_BOLD :
			    style_of(cn, ST_NORMAL), attr_is(cn, "dir", "auto"),
			    CELL_PAD);
			xmlFree(txt);
			if (rc != SL_OK)
				return rc;
			if (c->nlines > 0 && c->lines[c->nlines - 1].bot > h)
				h = c->lines[c->nlines - 1].bot;
			i++;
		}
		r->h = h + CELL_PAD;
	}
	return SL_OK;
}

static enum sl_err add_children(struct pdoc *, xmlNodePtr);

static enum sl_err
add_node(struct pdoc *d, xmlNodePtr n)
{
	struct prow	*r;
	int		 first;
	enum sl_err	 rc;
	static const enum style hs[] = { ST_H1, ST_H1, ST_H2, ST_H3 };
	static const double hb[] = { 14, 14, 14, 9 };

	if (is(n, "h")) {
		int lv = (int)attr_num(n, "level", 2, 1, 3);
		return add_text_row(d, n, hs[lv], hb[lv], RF_KEEP_NEXT);
	}
	if (is(n, "p"))
		return add_text_row(d, n, style_of(n, ST_NORMAL),
		    attr_num(n, "before", 4, 0, 100), 0);
	if (is(n, "table"))
		return add_table(d, n);
	if (is(n, "keep")) {
		first = d->nrows;
		if ((rc = add_children(d, n)) != SL_OK)
			return rc;
		for (; first < d->nrows - 1; first++)
			d->rows[first].flags |= RF_KEEP_NEXT;
		return SL_OK;
	}
	if (is(n, "rule") || is(n, "space") || is(n, "blank")) {
		if ((r = row_add(d)) == NULL)
			return SL_ENOMEM;
		if (is(n, "rule")) {
			r->flags = RF_RULE;
			r->h = 8;
		} else if (is(n, "space"))
			r->h = attr_num(n, "pt", 8, 0, 200);
		else {
			r->flags = RF_BLANK | RF_TOGETHER;
			r->blank = (int)attr_num(n, "lines", 1, 1, 20);
			r->h = r->blank * BLANK_LINE;
		}
		return SL_OK;
	}
	if (is(n, "pagebreak")) {
		if ((r = row_add(d)) == NULL)
			return SL_ENOMEM;
		r->flags = RF_BREAK;
		return SL_OK;
	}
	return SL_OK;	/* header, footer, unknown: not body */
}

static enum sl_err
add_children(struct pdoc *d, xmlNodePtr parent)
{
	xmlNodePtr	 n;
	enum sl_err	 rc;

	for (n = parent->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (rc = add_node(d, n)) != SL_OK)
			return rc;
	return d->oom ? SL_ENOMEM : SL_OK;
}

/* ---------------------------------------------------------- pagination */

static int
slice_add(struct pdoc *d, int row, int page, double y, double from,
    double to)
{
	struct slice	*s;

	if (d->nslices == d->cslices) {
		int	 nc = d->cslices ? d->cslices * 2 : 128;

		if ((s = realloc(d->slices, (size_t)nc * sizeof(*s))) == NULL) {
			d->oom = 1;
			return -1;
		}
		d->slices = s;
		d->cslices = nc;
	}
	s = &d->slices[d->nslices++];
	s->row = row;
	s->page = page;
	s->y = y;
	s->from = from;
	s->to = to;
	return 0;
}

/* The least height of row r that may stand at the foot of a page. */
static double
min_height(const struct prow *r)
{
	double	 h = 0;
	int	 i;

	if (r->ncells == 0 || ((r->flags & RF_TOGETHER) && r->h <= BODY_H))
		return r->h;	/* a row too tall for a page is split anyway */
	for (i = 0; i < r->ncells; i++)
		if (r->cells[i].nlines > 0 && r->cells[i].lines[0].bot > h)
			h = r->cells[i].lines[0].bot;
	return h;
}

/*
 * Where to cut row r, which is placed from offset from, when only the
 * part up to limit fits: before the first line of any cell that does
 * not fit.  Every line above the cut then fits (each cell's lines are in
 * order), and every line below it is drawn on the next page.
 */
static double
cut_at(const struct prow *r, double from, double limit)
{
	double	 t = limit;
	int	 i, k;

	for (i = 0; i < r->ncells; i++)
		for (k = 0; k < r->cells[i].nlines; k++) {
			const struct pline *l = &r->cells[i].lines[k];

			if (l->top < from)
				continue;
			if (l->bot > limit) {
				if (l->top < t)
					t = l->top;
				break;
			}
		}
	return t;
}

/* The bottom of the first line at or after from (to make progress). */
static double
next_line_bottom(const struct prow *r, double from)
{
	double	 b = r->h;
	int	 i, k;

	for (i = 0; i < r->ncells; i++)
		for (k = 0; k < r->cells[i].nlines; k++)
			if (r->cells[i].lines[k].top >= from) {
				if (r->cells[i].lines[k].bot < b)
					b = r->cells[i].lines[k].bot;
				break;
			}
	return b;
}

/* A new page; a table row continuing there gets its header first. */
static void
new_page(struct pdoc *d, int *page, double *y, int ri)
{
	const struct prow	*h;

	(*page)++;
	*y = BODY_TOP;
	if (ri >= 0 && d->rows[ri].header >= 0) {
		h = &d->rows[d->rows[ri].header];
		(void)slice_add(d, d->rows[ri].header, *page, *y, 0, h->h);
		*y += h->h;
	}
}

static void
paginate(struct pdoc *d)
{
	int		 page = 0, i, j;
	double		 y = BODY_TOP, ptop = BODY_TOP, need, from, t;
	struct prow	*r;

	for (i = 0; i < d->nrows && !d->oom; i++) {
		r = &d->rows[i];
		if (r->flags & RF_BREAK) {
			if (y > ptop) {
				new_page(d, &page, &y, -1);
				ptop = y;
			}
			continue;
		}
		if (y > ptop)
			y += r->before;
		/* Headings and header rows never stand alone at the foot. */
		need = 0;
		for (j = i; j < d->nrows && (d->rows[j].flags & RF_KEEP_NEXT);
		    j++)
			need += (j > i ? d->rows[j].before : 0) + d->rows[j].h;
		if (j < d->nrows && j > i)
			need += d->rows[j].before + min_height(&d->rows[j]);
		if (j == i)
			need = min_height(r);
		if (y > ptop && need <= BODY_H - (ptop - BODY_TOP) &&
		    y + need > BODY_BOTTOM) {
			new_page(d, &page, &y, i);
			ptop = y;
		}
		from = 0;
		for (;;) {
			if (y + (r->h - from) <= BODY_BOTTOM ||
			    r->ncells == 0) {
				(void)slice_add(d, i, page, y, from, r->h);
				y += r->h - from;
				break;
			}
			t = cut_at(r, from, from + (BODY_BOTTOM - y));
			if (t <= from) {
				if (y > ptop) {
					new_page(d, &page, &y, i);
					ptop = y;
					continue;
				}
				/* A line taller than a page: draw it anyway. */
				t = next_line_bottom(r, from);
			}
			(void)slice_add(d, i, page, y, from, t);
			from = t;
			new_page(d, &page, &y, i);
			ptop = y;
		}
	}
	d->pages = page + 1;
}

/* ------------------------------------------------------------- drawing */

static void
draw_rule(cairo_t *cr, double x0, double x1, double y, double w, double g)
{
	cairo_set_source_rgb(cr, g, g, g);
	cairo_set_line_width(cr, w);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_stroke(cr);
}

static void
draw_slice(cairo_t *cr, const struct pdoc *d, const struct slice *s)
{
	const struct prow	*r = &d->rows[s->row];
	int			 i, k;

	if (r->flags & RF_RULE)
		draw_rule(cr, MARGIN_X, MARGIN_X + BODY_W, s->y + r->h / 2, 0.6,
		    0.3);
	if (r->flags & RF_BLANK)
		for (k = 1; k <= r->blank; k++)
			draw_rule(cr, MARGIN_X, MARGIN_X + BODY_W,
			    s->y + k * BLANK_LINE - 4, 0.5, 0.45);
	for (i = 0; i < r->ncells; i++) {
		const struct pcell *c = &r->cells[i];

		cairo_set_source_rgb(cr, c->grey, c->grey, c->grey);
		for (k = 0; k < c->nlines; k++) {
			const struct pline *l = &c->lines[k];

			if (l->top < s->from || l->top >= s->to)
				continue;
			cairo_move_to(cr, c->x + l->x, s->y + l->base - s->from);
			pango_cairo_show_layout_line(cr, l->line);
		}
	}
	if ((r->flags & RF_LINE_BELOW) && s->to >= r->h - 0.01)
		draw_rule(cr, MARGIN_X, MARGIN_X + BODY_W, s->y + s->to - s->from,
		    (r->flags & RF_HEADER) ? 0.8 : 0.3,
		    (r->flags & RF_HEADER) ? 0.2 : 0.7);
}

/* s with {page} and {pages} filled in, as a new string (g_free). */
static char *
fill_pages(const char *s, int page, int pages)
{
	GString	*o = g_string_new(NULL);

	while (*s != '\0') {
		if (strncmp(s, "{page}", 6) == 0) {
			g_string_append_printf(o, "%d", page);
			s += 6;
		} else if (strncmp(s, "{pages}", 7) == 0) {
			g_string_append_printf(o, "%d", pages);
			s += 7;
		} else
			g_string_append_c(o, *s++);
	}
	return g_string_free(o, FALSE);
}

/* One line of header or footer text at the start or end side. */
static void
draw_edge(cairo_t *cr, struct pdoc *d, xmlNodePtr n, const char *which,
    double y, int page)
{
	xmlChar		*v;
	char		*t;
	PangoLayout	*lay;
	int		 end = strcmp(which, "end") == 0, w;

	if (n == NULL ||
	    (v = xmlGetProp(n, (const xmlChar *)which)) == NULL)
		return;
	t = fill_pages((const char *)v, page, d->pages);
	xmlFree(v);
	if ((lay = pango_layout_new(d->pc)) != NULL) {
		pango_layout_set_font_description(lay, P.font[ST_HEAD]);
		pango_layout_set_auto_dir(lay, FALSE);
		pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
		pango_layout_set_width(lay, (int)(BODY_W * 0.62 * PANGO_SCALE));
		pango_layout_set_text(lay, t, -1);
		pango_layout_get_size(lay, &w, NULL);
		cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
		/* Start: the left edge (right in RTL); end: the other. */
		if (end != d->rtl)
			cairo_move_to(cr, MARGIN_X + BODY_W -
			    (double)w / PANGO_SCALE, y);
		else
			cairo_move_to(cr, MARGIN_X, y);
		pango_cairo_show_layout(cr, lay);
		g_object_unref(lay);
	}
	g_free(t);
}

static cairo_status_t
write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf	*b = closure;

	buf_append(b, data, len);
	return b->oom ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void
pdoc_free(struct pdoc *d)
{
	int	 i, k;

	for (i = 0; i < d->nrows; i++) {
		for (k = 0; k < d->rows[i].ncells; k++) {
			if (d->rows[i].cells[k].lay != NULL)
				g_object_unref(d->rows[i].cells[k].lay);
			free(d->rows[i].cells[k].lines);
		}
		free(d->rows[i].cells);
	}
	free(d->rows);
	free(d->slices);
	if (d->pc != NULL)
		g_object_unref(d->pc);
}

/* ------------------------------------------------------------- PDF/A */

/* s as a PDF text string: UTF-16BE with a byte order mark, in hex. */
static void
pdf_text(struct buf *o, const char *s)
{
	gunichar2	*u;
	glong		 n, i;

	buf_puts(o, "<FEFF");
	if ((u = g_utf8_to_utf16(s, -1, NULL, &n, NULL)) != NULL) {
		for (i = 0; i < n; i++)
			buf_printf(o, "%04X", (unsigned int)u[i]);
		g_free(u);
	}
	buf_puts(o, ">");
}

/* s escaped for XML text. */
static void
xml_text(struct buf *o, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_puts(o, "&amp;");
			break;
		case '<':
			buf_puts(o, "&lt;");
			break;
		case '>':
			buf_puts(o, "&gt;");
			break;
		default:
			buf_append(o, s, 1);
		}
}

static const char *
memfind_last(const char *hay, size_t n, const char *needle)
{
	size_t	 m = strlen(needle);
	const char *p = NULL, *q = hay;

	while ((q = memmem(q, n - (size_t)(q - hay), needle, m)) != NULL) {
		p = q;
		q++;
	}
	return p;
}

/* A "/Key N" number after key in [s, e), or -1. */
static long long
dict_num(const char *s, const char *e, const char *key)
{
	const char	*p = memmem(s, (size_t)(e - s), key, strlen(key));
	long long	 v = 0;

	if (p == NULL)
		return -1;
	for (p += strlen(key); p < e && (*p == ' ' || *p == '\n' ||
	    *p == '\r'); p++)
		;
	if (p >= e || *p < '0' || *p > '9')
		return -1;
	for (; p < e && *p >= '0' && *p <= '9' && v < 100000000; p++)
		v = v * 10 + (*p - '0');
	return v;
}

static char *
doc_attr(xmlNodePtr root, const char *name, const char *def)
{
	xmlChar	*v = xmlGetProp(root, (const xmlChar *)name);

	if (v == NULL || *v == '\0' || !utf8_valid((const char *)v,
	    strlen((const char *)v))) {
		xmlFree(v);
		return (char *)xmlStrdup((const xmlChar *)def);
	}
	return (char *)v;
}

/*
 * Append to Cairo's file an incremental update that makes it PDF/A-2b:
 * a new catalog (same object number) with the XMP metadata stream and an
 * sRGB output intent, a new information dictionary that says what the
 * XMP says, and a trailer with a document ID.
 */
static enum sl_err
pdfa_update(struct buf *pdf, xmlNodePtr root, time_t when)
{
	const char	*trailer, *sx, *cat, *cend, *dend, *end;
	long long	 size, rootn, prev;
	long long	 off[5];
	char		 key[48], idhex[65], xmpdate[40], pdfdate[40];
	char		*title = NULL, *author = NULL, *subject = NULL,
			*lang = NULL;
	struct buf	 x, catdict;
	struct tm	 tm;
	enum sl_err	 rc = SL_ESYS;
	int		 i;
	const char	*producer = "Stafettlogg (Pango " PANGO_VERSION_STRING
	    ", cairo " CAIRO_VERSION_STRING ")";

	buf_init(&x);
	buf_init(&catdict);
	end = pdf->data + pdf->len;
	if ((trailer = memfind_last(pdf->data, pdf->len, "trailer")) == NULL ||
	    (sx = memfind_last(pdf->data, pdf->len, "startxref")) == NULL ||
	    sx < trailer)
		goto out;
	size = dict_num(trailer, sx, "/Size");
	rootn = dict_num(trailer, sx, "/Root");
	prev = dict_num(sx, end, "startxref");
	if (size <= 0 || rootn <= 0 || prev <= 0)
		goto out;
	if (bsnprintf(key, sizeof(key), "\n%lld 0 obj", rootn) != SL_OK ||
	    (cat = memmem(pdf->data, pdf->len, key, strlen(key))) == NULL ||
	    (cend = memmem(cat, (size_t)(end - cat), "endobj", 6)) == NULL)
		goto out;
	cat += strlen(key);
	for (dend = cend; dend > cat && !(dend[0] == '>' && dend[1] == '>');
	    dend--)
		;
	if (dend <= cat)
		goto out;
	title = doc_attr(root, "title", "Stafettlogg");
	author = doc_attr(root, "author", "Stafettlogg");
	subject = doc_attr(root, "subject", "Stafettlogg");
	lang = doc_attr(root, "lang", "nb");
	for (i = 0; lang[i] != '\0'; i++)
		if (!((lang[i] >= 'a' && lang[i] <= 'z') ||
		    (lang[i] >= 'A' && lang[i] <= 'Z') || lang[i] == '-'))
			lang[i] = '\0';
	if (gmtime_r(&when, &tm) == NULL ||
	    strftime(xmpdate, sizeof(xmpdate), "%Y-%m-%dT%H:%M:%S+00:00",
	    &tm) == 0 ||
	    strftime(pdfdate, sizeof(pdfdate), "D:%Y%m%d%H%M%S+00'00'",
	    &tm) == 0)
		goto out;
	if (crypto_sha256_hex(pdf->data, pdf->len, idhex) != SL_OK)
		goto out;
	idhex[32] = '\0';

	/* The XMP packet: what the information dictionary says, and pdfaid. */
	buf_puts(&x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
	    "   <dc:format>application/pdf</dc:format>\n"
	    "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	xml_text(&x, title);
	buf_puts(&x, "</rdf:li></rdf:Alt></dc:title>\n"
	    "   <dc:creator><rdf:Seq><rdf:li>");
	xml_text(&x, author);
	buf_puts(&x, "</rdf:li></rdf:Seq></dc:creator>\n"
	    "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	xml_text(&x, subject);
	buf_printf(&x, "</rdf:li></rdf:Alt></dc:description>\n"
	    "   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n"
	    "   <xmp:CreatorTool>Stafettlogg</xmp:CreatorTool>\n"
	    "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
	    "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
	    "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n"
	    "   <pdf:Producer>%s</pdf:Producer>\n"
	    "   <pdfaid:part>2</pdfaid:part>\n"
	    "   <pdfaid:conformance>B</pdfaid:conformance>\n"
	    "  </rdf:Description>\n"
	    " </rdf:RDF>\n"
	    "</x:xmpmeta>\n"
	    "<?xpacket end=\"w\"?>", lang, xmpdate, xmpdate, xmpdate,
	    producer);
	if (x.oom) {
		rc = SL_ENOMEM;
		goto out;
	}

	/*
	 * Cairo's catalog without its closing ">>", copied: appending below
	 * may move pdf->data, and cat points into it.
	 */
	buf_append(&catdict, cat + (cat[0] == '\n'), (size_t)(dend - cat) -
	    (cat[0] == '\n'));
	if (catdict.oom) {
		rc = SL_ENOMEM;
		goto out;
	}
	/* Objects size .. size+3: ICC, output intent, XMP, information. */
	if (pdf->len > 0 && pdf->data[pdf->len - 1] != '\n')
		buf_puts(pdf, "\n");
	off[0] = (long long)pdf->len;
	buf_printf(pdf, "%lld 0 obj\n<< /N 3\n   /Length %zu\n>>\nstream\n",
	    size, P.icclen);
	buf_append(pdf, P.icc, P.icclen);
	buf_puts(pdf, "\nendstream\nendobj\n");
	off[1] = (long long)pdf->len;
	buf_printf(pdf, "%lld 0 obj\n<< /Type /OutputIntent\n   /S /GTS_PDFA1\n"
	    "   /OutputConditionIdentifier (sRGB IEC61966-2.1)\n"
	    "   /RegistryName (http://www.color.org)\n"
	    "   /Info (sRGB IEC61966-2.1)\n"
	    "   /DestOutputProfile %lld 0 R\n>>\nendobj\n", size + 1, size);
	off[2] = (long long)pdf->len;
	buf_printf(pdf, "%lld 0 obj\n<< /Type /Metadata\n   /Subtype /XML\n"
	    "   /Length %zu\n>>\nstream\n", size + 2, x.len);
	buf_append(pdf, x.data, x.len);
	buf_puts(pdf, "\nendstream\nendobj\n");
	off[3] = (long long)pdf->len;
	buf_printf(pdf, "%lld 0 obj\n<< /Title ", size + 3);
	pdf_text(pdf, title);
	buf_puts(pdf, "\n   /Author ");
	pdf_text(pdf, author);
	buf_puts(pdf, "\n   /Subject ");
	pdf_text(pdf, subject);
	buf_printf(pdf, "\n   /Creator (Stafettlogg)\n   /Producer (%s)\n"
	    "   /CreationDate (%s)\n   /ModDate (%s)\n>>\nendobj\n", producer,
	    pdfdate, pdfdate);
	/* The catalog again, with the metadata and the output intent. */
	off[4] = (long long)pdf->len;
	buf_printf(pdf, "%lld 0 obj\n", rootn);
	buf_append(pdf, catdict.data, catdict.len);
	buf_printf(pdf, "   /Metadata %lld 0 R\n   /OutputIntents [ %lld 0 R ]\n"
	    "   /Lang (%s)\n>>\nendobj\n", size + 2, size + 1, lang);
	/* Cross-reference section of the update and its trailer. */
	{
		long long xref = (long long)pdf->len;

		buf_printf(pdf, "xref\n%lld 1\n%010lld 00000 n \n%lld 4\n",
		    rootn, off[4], size);
		for (i = 0; i < 4; i++)
			buf_printf(pdf, "%010lld 00000 n \n", off[i]);
		buf_printf(pdf, "trailer\n<< /Size %lld\n   /Root %lld 0 R\n"
		    "   /Info %lld 0 R\n   /Prev %lld\n   /ID [<%s> <%s>]\n>>\n"
		    "startxref\n%lld\n%%%%EOF\n", size + 4, rootn, size + 3, prev,
		    idhex, idhex, xref);
	}
	rc = pdf->oom ? SL_ENOMEM : SL_OK;
out:
	if (rc == SL_ESYS)
		log_warnx("pdf: cannot add the PDF/A metadata to Cairo's file");
	xmlFree(title);
	xmlFree(author);
	xmlFree(subject);
	xmlFree(lang);
	buf_free(&x);
	buf_free(&catdict);
	return rc;
}

/* ------------------------------------------------------------- render */

enum sl_err
pdf_render(xmlDocPtr layout, int flags, time_t when, struct buf *out,
    struct pdf_info *info)
{
	struct pdoc	 d;
	cairo_surface_t	*sf = NULL;
	cairo_t		*cr = NULL;
	xmlNodePtr	 root, n, header = NULL, footer = NULL;
	xmlChar		*v;
	size_t		 start = out->len;
	enum sl_err	 rc = SL_ESYS;
	int		 s, page;
	char		 date[32];
	struct tm	 tm;

	memset(&d, 0, sizeof(d));
	if (layout == NULL || (root = xmlDocGetRootElement(layout)) == NULL ||
	    !is(root, "doc"))
		return SL_EINPUT;
	if (P.font[0] == NULL)
		return SL_ESYS;
	for (n = root->children; n != NULL; n = n->next)
		if (is(n, "header"))
			header = n;
		else if (is(n, "footer"))
			footer = n;
	d.rtl = attr_is(root, "dir", "rtl");
	v = xmlGetProp(root, (const xmlChar *)"lang");
	d.lang = pango_language_from_string(v != NULL ? (const char *)v : "nb");
	xmlFree(v);

	sf = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W,
	    PAGE_H);
	if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS)
		goto out;
	cairo_pdf_surface_restrict_to_version(sf, CAIRO_PDF_VERSION_1_5);
	if (gmtime_r(&when, &tm) != NULL && strftime(date, sizeof(date),
	    "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
		cairo_pdf_surface_set_metadata(sf,
		    CAIRO_PDF_METADATA_CREATE_DATE, date);
	if ((v = xmlGetProp(root, (const xmlChar *)"title")) != NULL) {
		cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE,
		    (const char *)v);
		xmlFree(v);
	}
	if ((v = xmlGetProp(root, (const xmlChar *)"author")) != NULL) {
		cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_AUTHOR,
		    (const char *)v);
		xmlFree(v);
	}
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR,
	    "Stafettlogg");
	cr = cairo_create(sf);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	if ((d.pc = pango_cairo_create_context(cr)) == NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	/* Cairo's PDF units are points: 72 per inch, not Pango's 96. */
	pango_cairo_context_set_resolution(d.pc, 72);
	pango_context_set_base_dir(d.pc, d.rtl ? PANGO_DIRECTION_RTL :
	    PANGO_DIRECTION_LTR);
	pango_context_set_language(d.pc, d.lang);

	if ((rc = add_children(&d, root)) != SL_OK)
		goto out;
	paginate(&d);
	if (d.oom) {
		rc = SL_ENOMEM;
		goto out;
	}
	for (page = 0, s = 0; page < d.pages; page++) {
		draw_edge(cr, &d, header, "start", 34, page + 1);
		draw_edge(cr, &d, header, "end", 34, page + 1);
		draw_rule(cr, MARGIN_X, MARGIN_X + BODY_W, 50, 0.5, 0.5);
		draw_rule(cr, MARGIN_X, MARGIN_X + BODY_W, PAGE_H - 50, 0.5,
		    0.5);
		draw_edge(cr, &d, footer, "start", PAGE_H - 44, page + 1);
		draw_edge(cr, &d, footer, "end", PAGE_H - 44, page + 1);
		for (; s < d.nslices && d.slices[s].page == page; s++)
			draw_slice(cr, &d, &d.slices[s]);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(sf);
	if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS || out->oom) {
		rc = out->oom ? SL_ENOMEM : SL_ESYS;
		log_warnx("pdf: cairo: %s", cairo_status_to_string(
		    cairo_surface_status(sf)));
		goto out;
	}
	if (flags & PDF_ARCHIVAL) {
		/* The update reads this document alone: an empty buffer. */
		if (start != 0 || P.icc == NULL) {
			rc = SL_EINPUT;
			goto out;
		}
		if ((rc = pdfa_update(out, root, when)) != SL_OK)
			goto out;
	}
	if (info != NULL) {
		info->pages = d.pages;
		info->missing_glyphs = d.missing;
	}
	if (d.missing > 0)
		log_warnx("pdf: %u characters without a font", d.missing);
	rc = SL_OK;
out:
	if (cr != NULL)
		cairo_destroy(cr);
	if (sf != NULL)
		cairo_surface_destroy(sf);
	pdoc_free(&d);
	return rc;
}
