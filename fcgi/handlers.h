/*
 * handlers.h - one function per route; one file per resource
 * (h_login.c, h_start.c, h_profile.c).  Each returns SL_OK after it set
 * a view or a redirect on the context, or an error status that the
 * router turns into an error page.
 */
#ifndef SL_HANDLERS_H
#define SL_HANDLERS_H

#include "app.h"

struct form;

enum sl_err h_root(struct ctx *);
enum sl_err h_login_form(struct ctx *);
enum sl_err h_login_post(struct ctx *);
enum sl_err h_logout(struct ctx *);
enum sl_err h_start(struct ctx *);
enum sl_err h_profile(struct ctx *);
enum sl_err h_profile_post(struct ctx *);
/* The session's person's newest notices as <inbox> in the view (h_start.c). */
enum sl_err start_inbox(struct ctx *);
enum sl_err h_unsubscribe(struct ctx *);
enum sl_err h_unsubscribe_post(struct ctx *);

/* h_logs.c: my logs, creating a log */
enum sl_err h_logs(struct ctx *);
enum sl_err h_log_new(struct ctx *);
enum sl_err h_log_create(struct ctx *);
/* h_exchange.c: a log to or from another municipality */
struct logctx;
enum sl_err h_log_export(struct ctx *);
enum sl_err h_log_import_form(struct ctx *);
enum sl_err h_log_import(struct ctx *);
/* The export action of the log page, for those policy lets export. */
void exchange_log_action(struct ctx *, struct logctx *lc);
/* h_log.c: the log page and meeting mode */
enum sl_err h_log(struct ctx *);
enum sl_err h_meeting_mode(struct ctx *);
enum sl_err h_meeting_leave_form(struct ctx *);
enum sl_err h_meeting_leave(struct ctx *);
/* h_plan.c: the holder's plan */
enum sl_err h_concern_add(struct ctx *);
enum sl_err h_concern_edit(struct ctx *);
enum sl_err h_measure_add(struct ctx *);
enum sl_err h_measure_edit(struct ctx *);
enum sl_err h_measure_evaluate(struct ctx *);
enum sl_err h_measure_correct(struct ctx *);
enum sl_err h_measure_correct_form(struct ctx *);
enum sl_err h_concern_edit_form(struct ctx *);
enum sl_err h_measure_new_form(struct ctx *);
enum sl_err h_meeting_add(struct ctx *);
enum sl_err h_meeting_change(struct ctx *);
enum sl_err h_meeting_cancel(struct ctx *);
enum sl_err h_grant_add(struct ctx *);
enum sl_err h_grant_revoke(struct ctx *);
/* h_transfer.c: transfers to a new holder, the leader taking over */
enum sl_err h_transfer_offer(struct ctx *);
enum sl_err h_transfer_accept(struct ctx *);
enum sl_err h_transfer_decline(struct ctx *);
enum sl_err h_transfer_withdraw(struct ctx *);
enum sl_err h_take_over(struct ctx *);
/*
 * Inside the caller's transaction that closes log_id (passive): its
 * pending transfer, if any, ends as withdrawn with reason (the consent
 * given for it set aside, a history step written), so that a passive log
 * can be neither accepted nor kept blocked for a later reopening.  SL_OK
 * or a database status.
 */
enum sl_err transfer_end_on_close(struct ctx *, long long log_id,
    const char *reason);
/* h_social.c: bright spots, notes, attachments */
enum sl_err h_bright_add(struct ctx *);
enum sl_err h_bright_edit(struct ctx *);
enum sl_err h_note_add(struct ctx *);
enum sl_err h_attachment(struct ctx *);
/* h_print.c: PDFs of the plan, the whole log, the forms; archive copies */
enum sl_err h_print_plan(struct ctx *);
enum sl_err h_print_log(struct ctx *);
enum sl_err h_print_consent(struct ctx *);
enum sl_err h_print_manual(struct ctx *);
enum sl_err h_archive_download(struct ctx *);
/* Offer the blank "manual stafettlogg" form, with its languages. */
void print_manual_action(struct ctx *);
/* h_admin.c: the municipal admin's concern categories */
enum sl_err h_categories(struct ctx *);
enum sl_err h_admin_notices(struct ctx *);
enum sl_err h_category_add(struct ctx *);
enum sl_err h_category_edit(struct ctx *);
/* h_staff.c: a unit leader sets who may hold logs and act */
enum sl_err h_staff(struct ctx *);
enum sl_err h_staff_post(struct ctx *);
/* h_admin.c: the municipal admin's directory sync (ldap-sync runs) */
enum sl_err h_directory(struct ctx *);
enum sl_err h_directory_sync(struct ctx *);
/* h_people.c: choosing a colleague by name (GET /people) */
enum sl_err h_people(struct ctx *);
/*
 * The user name a person search sent back (?pick=UID, a user name in its
 * canonical form), for the "-other" field of a form that chooses a
 * person; NULL when there is none or it cannot be a user name.
 */
const char *people_pick(struct ctx *);
/*
 * Offer the person search (action find-person, GET /people) on a page
 * with a form that chooses a person; ret (may be NULL) is the page to
 * come back to with ?pick=UID.
 */
void people_offer(struct ctx *, const char *ret);
/* h_overview.c: the leader's and the admin's overviews and reports */
enum sl_err h_overview(struct ctx *);
enum sl_err h_overview_report(struct ctx *);
enum sl_err h_admin_overview(struct ctx *);
enum sl_err h_admin_report(struct ctx *);
/* h_family.c: ID-porten login for guardians and youth, consent */
enum sl_err h_family_login(struct ctx *);
enum sl_err h_family_callback(struct ctx *);
enum sl_err h_consent_withdraw(struct ctx *);
/* h_lifecycle.c: consent over time, levels, passive, reopen, delete */
enum sl_err h_consent_add(struct ctx *);
enum sl_err h_guardian_add(struct ctx *);
enum sl_err h_guardian_change(struct ctx *);
enum sl_err h_level_change(struct ctx *);
enum sl_err h_log_passive(struct ctx *);
enum sl_err h_log_reopen(struct ctx *);
enum sl_err h_log_delete(struct ctx *);

struct form;
struct logctx;
struct upload;
/*
 * The log page again with the failed form (action, for_) filled in and
 * its errors marked: a 422 answer.
 */
enum sl_err log_form_errors(struct ctx *, struct logctx *lc, struct form *f,
    const char *action, const char *for_);
/*
 * Build the log view for lc: only what policy lets the user see, and the
 * actions they may take.  Writes the read to the audit.
 */
enum sl_err log_build(struct ctx *, struct logctx *lc);
/*
 * The same view of the whole log, for a print (h_print.c, archive.c):
 * every bright spot and note, no paging, no form open.  Audited as
 * log_build (not when c->system_read).
 */
enum sl_err log_build_all(struct ctx *, struct logctx *lc);
/*
 * The print actions of the log page and the list of its archive copies
 * (for those who may download them), into the view's log element.
 */
enum sl_err print_log_extras(struct ctx *, struct logctx *lc,
    xmlNodePtr log);
/*
 * The parts of the whole log the log page does not show: every holder,
 * consent and read grant ever, as <history> under log (policy: those who
 * may see who has access).
 */
enum sl_err print_history(struct ctx *, struct logctx *lc, xmlNodePtr log);
/*
 * Print the view (c->view, built for lc) as kind ("plan", "log",
 * "archive"): its layout by print.xsl, then PDF (flags of pdf_render)
 * into out.  by is who printed.  pages (may be NULL) gets the count.
 */
enum sl_err print_view(struct ctx *, const char *kind, const char *lang,
    const char *by, const char *reason, long long year, int flags,
    struct buf *out, int *pages);
/*
 * The pending transfer of lc (<transfer> under log, for those policy
 * shows it to) and the transfer actions the user may take: accept and
 * decline, withdraw, the offer form (in full when open, else a GET link
 * to open_href), taking the log over.  ret: the page to come back to.
 */
enum sl_err transfer_view(struct ctx *, struct logctx *lc, xmlNodePtr log,
    int open, const char *open_href, const char *ret);
/*
 * The history of lc (log_event) as <events> and <holders> under log,
 * for those policy shows it to.
 */
enum sl_err history_view(struct ctx *, struct logctx *lc, xmlNodePtr log);
/*
 * The page of a receiver who has no other role in the log: the child's
 * name and age, the transfer (reason, concerns offered) and the accept
 * and decline forms.  Audited as a read of the log.
 */
enum sl_err receiver_page(struct ctx *, struct logctx *lc, const char *ret);
/* Which form concern_page shows. */
#define CONCERN_PAGE_EDIT	1
#define CONCERN_PAGE_MEASURE	2
/*
 * The page of one concern with the form to change it (which
 * CONCERN_PAGE_EDIT) or to add a measure (CONCERN_PAGE_MEASURE); policy
 * already asked.  Writes the read to the audit.
 */
enum sl_err concern_page(struct ctx *, struct logctx *lc, long long cid,
    int which);
/*
 * The page of the "wrongly registered" correction of measure mid of the
 * log lc (policy already asked).  Writes the read to the audit.
 */
enum sl_err correction_build(struct ctx *, struct logctx *lc, long long mid);
/*
 * 1 when the upload looks like a PDF: "%PDF-1.0".."%PDF-1.7" or
 * "%PDF-2.0" at byte 0, "startxref" and then "%%EOF" in its last KiB.
 * (A file can be both that and something else: this is no malware
 * check.)
 */
int pdf_ok(const struct upload *);
/*
 * The upload of a form field, or NULL; NULL with field.repeated recorded
 * in f when the field carries more than one file.
 */
const struct upload *upload_get(struct form *f, const char *field);
/* Store a PDF of log_id as an attachment (inside a transaction). */
enum sl_err attachment_store(struct ctx *, long long log_id,
    const struct upload *, long long *id);

#endif
