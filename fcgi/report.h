/*
 * report.h - the figures of the leader's and the municipal admin's
 * overviews, built once as XML (the <report> element described by
 * schema/report.xsd) and shared by the pages, the XML and CSV downloads
 * and the `stafettlogg report` command.
 */
#ifndef SL_REPORT_H
#define SL_REPORT_H

#include <libxml/tree.h>

#include "db.h"
#include "util.h"

/* Longest period a report covers, in months. */
#define REPORT_MAX_MONTHS	60

enum report_kind {
	REPORT_UNIT = 0,	/* one unit, holders named (its leader) */
	REPORT_MUNICIPALITY	/* every unit, no names, 1-4 shown as "<5" */
};

struct report_req {
	enum report_kind kind;
	const char	*unit;		/* REPORT_UNIT: the unit's id */
	char		 from[11];	/* first day of the period, YYYY-MM-DD */
	char		 to[11];	/* last day of the period */
	char		 today[11];	/* the day "overdue" and "expiring" count from */
};

/*
 * Fill r's kind from name ("unit" or "municipality").  SL_OK, or
 * SL_EINPUT for any other name.
 */
enum sl_err report_kind_parse(const char *name, enum report_kind *kind);

/*
 * Set r->today (UTC) and the period from from and to ("YYYY-MM-DD", either
 * may be NULL or empty: the default period is the last 12 months, the
 * first day of the month 11 months ago up to today).  SL_OK, or SL_EINPUT
 * with *errkey set to a catalog key ("report.period.invalid": not a date,
 * to before from, or longer than REPORT_MAX_MONTHS months).
 */
enum sl_err report_period(struct report_req *r, const char *from,
    const char *to, const char **errkey);

/*
 * Build the <report> element for r as the last child of parent (a
 * node of any document).  REPORT_UNIT: SL_ENOTFOUND when the unit does
 * not exist.  Counts of REPORT_MUNICIPALITY from 1 to 4 are written as
 * "<5" here, so that the small number is never in the document.
 * *out (may be NULL) receives the element.
 */
enum sl_err report_build(struct db *, struct arena *,
    const struct report_req *r, xmlNodePtr parent, xmlNodePtr *out);

/*
 * A standalone report document (root <report>) for r.  Caller frees it
 * with xmlFreeDoc.  Same status codes as report_build.
 */
enum sl_err report_doc(struct db *, struct arena *,
    const struct report_req *r, xmlDocPtr *out);

/*
 * The report as CSV for spreadsheets (Norwegian Excel): UTF-8 with a
 * byte order mark, ';' between fields, CRLF line ends, a header row, one
 * row per figure.  Appends to out (check out->oom).
 */
enum sl_err report_csv(xmlNodePtr report, struct buf *out);

/*
 * Count as text: "0", "<5" for 1-4 when suppress is set, else the number.
 * The result is in the arena (NULL on ENOMEM).
 */
const char *report_count(struct arena *, long long n, int suppress);

/*
 * The `stafettlogg report NAME --from D --to D [--unit ID] [--format
 * xml|csv]` command: NAME is unit or municipality; writes the report to
 * stdout and audits it (remote "cli:USER").  Returns the exit status:
 * 0, 1 on failure, 2 on bad arguments.
 */
int report_cli(struct db *, const char *name, const char *unit,
    const char *from, const char *to, const char *format);

#endif
