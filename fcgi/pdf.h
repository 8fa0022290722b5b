/*
 * pdf.h - the print layout rendered to PDF with Pango and Cairo.
 *
 * The print stylesheets (xslt/print.xsl) turn a view into a small page
 * layout description; this module lays it out on A4 pages and draws it.
 * The vocabulary (root <doc>, see xslt/README.md "Print layout"):
 *
 *   <doc lang dir="ltr|rtl" title author subject>
 *     <header start end/> <footer start end/>   "{page}", "{pages}" filled in
 *     <h level="1|2|3">         a heading, kept with what follows
 *     <p class keep-with-next dir="auto">   a paragraph (class: small,
 *                               bold, muted, title); dir="auto": user text,
 *                               laid out in its own direction
 *     <table widths="30 70">    percentages; rows of cells; a row
 *       <row header="1">        header="1" repeats on every page the
 *         <cell class dir>      table continues on
 *     <keep>                    its children stay on one page if they fit
 *     <rule/> <space pt="12"/> <blank lines="2"/> <pagebreak/>
 *
 * Text breaks across pages between lines (none is lost); table rows and
 * <keep> groups move to the next page whole when they fit on one.
 */
#ifndef SL_PDF_H
#define SL_PDF_H

#include <time.h>

#include <libxml/tree.h>

#include "config.h"
#include "util.h"

/* Render flags. */
#define PDF_ARCHIVAL	0x01	/* PDF/A-2b: XMP, output intent, document ID */

struct pdf_info {
	int		 pages;
	unsigned int	 missing_glyphs;	/* characters no font had */
};

/*
 * Read what rendering needs from cfg: the font family list and the ICC
 * profile of archive copies.  Call before fork and on reload; on failure
 * (message in err) the previous settings stay.
 */
enum sl_err pdf_init(const struct config *cfg, char *err, size_t errsz);
/* Free what pdf_init loaded. */
void pdf_free(void);

/*
 * Render the layout document into out (appended) as PDF; when is the
 * creation time written into the metadata.  info (may be NULL) gets the
 * page count.  SL_OK, SL_EINPUT for a layout that is not a <doc>,
 * SL_ENOMEM or SL_ESYS (Cairo failed; logged).
 */
enum sl_err pdf_render(xmlDocPtr layout, int flags, time_t when,
    struct buf *out, struct pdf_info *info);

#endif
