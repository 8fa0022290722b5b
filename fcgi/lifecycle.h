/*
 * lifecycle.h - the life of a log on the log page (h_lifecycle.c):
 * consent warnings, the level-3 note, why a log is passive, and the forms
 * of the steps the user may take.
 */
#ifndef SL_LIFECYCLE_H
#define SL_LIFECYCLE_H

#include "app.h"
#include "logfacts.h"

/*
 * Add <lifecycle> to log (the view's <log> element) for lc as its user
 * sees it, and the actions of the steps policy lets them take (posted
 * back to ret).  Not in prints: the history there says it.  SL_OK or a
 * database error.
 */
enum sl_err lifecycle_section(struct ctx *, struct logctx *lc,
    xmlNodePtr log, const char *ret);

#endif
