/*
 * exchange.h - a log to another municipality: the transfer package
 * (schema/transfer-package.xsd) written from the database, and a read
 * package (package.h) stored as a new log.  Used by the web
 * (h_exchange.c) and by `stafettlogg export` / `stafettlogg import`.
 */
#ifndef SL_EXCHANGE_H
#define SL_EXCHANGE_H

#include "app.h"
#include "package.h"

/*
 * Write the package of log_id into out: the log as its holder reads it
 * (no private notes, no read grants), its files and a PDF of the whole
 * log.  In one transaction it also writes the history step "exported"
 * and the audit row "export-log" (who: the session user, or none with
 * c->remote "cli:USER").  Holder and status do not change.  SL_OK,
 * SL_ENOTFOUND, or a database or rendering error.  out is the caller's.
 */
enum sl_err exchange_export(struct ctx *c, long long log_id, struct buf *out);

/*
 * Store the package p (package_read said yes) as a new log held by
 * holder in unit, in ONE transaction: the log, guardians, consents,
 * files, the plan, bright spots, notes, meetings, the sending side's
 * history, the history step "imported" and the audit row "import-log".
 * SL_OK with *log_id; SL_ECONFLICT when the child already has an active
 * log here; SL_EFORBIDDEN when holder may not hold logs in unit;
 * otherwise a database error (nothing is kept).
 */
enum sl_err exchange_import(struct ctx *c, const struct package *p,
    const char *holder, const char *unit, long long *log_id);

/* The limits of a package read by c (configuration, today). */
void exchange_limits(const struct ctx *c, struct pkg_limits *lim);

/* `stafettlogg export|import ...` (argv as main's).  Exit status. */
int exchange_cli(int argc, char *argv[]);

#endif
