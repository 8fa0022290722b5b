/*
 * notice.h - notices (issue 12): what happened, to whom, by which
 * channel.  A write that causes a notice calls notice_queue (or one of
 * the helpers below) inside its own open transaction, so the outbox
 * rows commit or roll back with the change.  A row never holds a
 * child's name, identity number or plan text: only the kind, the log's
 * id and the object ("measure:12"), from which the notice links to the
 * page.  `stafettlogg notify` (notify.c) delivers e-mail and SMS.
 */
#ifndef SL_NOTICE_H
#define SL_NOTICE_H

#include "db.h"
#include "util.h"

/* The kinds (outbox.kind, notice_pref.kind, catalog keys notice.KIND.*). */
#define NK_LOG_CREATED		"log-created"		/* guardians, youth */
#define NK_BRIGHT_SPOT		"bright-spot"		/* guardians, youth */
#define NK_MEASURE_ACTOR	"measure-actor"		/* staff made responsible */
#define NK_READ_GRANT		"read-grant"		/* staff given a grant */
#define NK_TRANSFER_OFFERED	"transfer-offered"	/* the receiver */
#define NK_TRANSFER_ACCEPTED	"transfer-accepted"	/* the holder */
#define NK_TRANSFER_DECLINED	"transfer-declined"	/* the holder */
#define NK_CONSENT_WITHDRAWN	"consent-withdrawn"	/* the holder */
#define NK_EVALUATE_SOON	"evaluate-soon"		/* holder, 7 days before */
#define NK_EVALUATE_PASSED	"evaluate-passed"	/* holder, after */
#define NK_CONSENT_EXPIRING	"consent-expiring"	/* holder, unit leaders */
#define NK_MEETING		"meeting"		/* called or changed */
#define NK_MEETING_CANCELLED	"meeting-cancelled"
#define NK_BRIGHT_REMINDER	"bright-spot-reminder"	/* weekly, opt-in */

struct notice_kind {
	const char	*name;
	int		 optional;	/* carries List-Unsubscribe */
	int		 def_email;	/* default without a notice_pref row */
	int		 def_sms;
	int		 family;	/* offered to families on their profile */
	int		 staff;		/* offered to staff */
};

/* The table of kinds, ending with a NULL name. */
extern const struct notice_kind notice_kinds[];

/* The kind named name, or NULL. */
const struct notice_kind *notice_kind(const char *name);

/*
 * Queue notice kind about log_id (0: none) and object (may be NULL)
 * for recipient ("staff:<uid>", "guardian:<id>" or "youth:<log id>"):
 * one 'inbox' row (delivered at once), and one 'email' and one 'sms'
 * row when the person wants that channel for this kind and has an
 * address.  due (may be NULL) makes it a time-driven notice: a second
 * call with the same (kind, object, recipient, due) adds nothing.
 * ics_seq (< 0: none) is the SEQUENCE of a meeting invitation.  Inside
 * the caller's transaction; a (arena) holds the lookups.  SL_OK, or
 * db_exec's status; an unknown recipient queues nothing (SL_OK).
 */
enum sl_err notice_queue(struct db *db, struct arena *a, const char *kind,
    long long log_id, const char *object, const char *recipient,
    const char *due, long long ics_seq);

/*
 * Queue kind for the family of log_id: each guardian, and the child from
 * consent_age (the youth); except_pid (may be NULL) is left out (the
 * family member who wrote).  Same status as notice_queue.
 */
enum sl_err notice_family(struct db *db, struct arena *a, const char *kind,
    long long log_id, const char *object, long long consent_age,
    const char *except_pid);

/* Queue kind for the holder of log_id. */
enum sl_err notice_holder(struct db *db, struct arena *a, const char *kind,
    long long log_id, const char *object);

/*
 * Queue a meeting notice (NK_MEETING or NK_MEETING_CANCELLED, with the
 * meeting's SEQUENCE) for every participant: the holder, staff with an
 * active measure in the log, the guardians and the youth (the free-text
 * participant list names people, not addresses).
 */
enum sl_err notice_meeting(struct db *db, struct arena *a, const char *kind,
    long long log_id, long long meeting_id, long long seq,
    long long consent_age);

/*
 * The notice_pref key of a recipient: a staff uid, "family:<pid>" for a
 * guardian with an identity number and for the youth, else
 * "guardian:<id>".  Arena-owned; NULL when the recipient is unknown.
 */
const char *notice_pref_who(struct db *db, struct arena *a,
    const char *recipient);

/*
 * 1 when who wants kind by channel ("email" or "sms"), by their
 * notice_pref row or the kind's default; 0 otherwise (also on a
 * database error, which *rc reports).
 */
int notice_wants(struct db *db, struct arena *a, const char *who,
    const char *kind, const char *channel, enum sl_err *rc);

/*
 * An e-mail address as people type it: local@domain, printable ASCII
 * without spaces, quotes, angle brackets, commas, semicolons or
 * backslashes (so it is safe in a header), one '@', a domain of
 * letters, digits, hyphens and dots with a dot and no empty label; at
 * most 254 bytes.  1 when good.
 */
int notice_email_ok(const char *s);

/*
 * A phone number: optional leading +, then digits with spaces or
 * hyphens between; 8 to 15 digits (E.164).  1 when good.
 */
int notice_phone_ok(const char *s);

/*
 * The phone number as sent to the SMS hook: "+" and digits only, a
 * Norwegian 8-digit number getting +47.  out holds 17 bytes.
 */
void notice_phone_norm(const char *s, char out[17]);

#endif
