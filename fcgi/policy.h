/*
 * policy.h - who may do what.  Pure code over facts, default deny: an
 * action not named in the table is refused.  Handlers ask before they
 * read or build anything.
 */
#ifndef SL_POLICY_H
#define SL_POLICY_H

#include "util.h"

enum pol_action {
	PA_NONE = 0,		/* public routes (login page) */
	PA_VIEW_START,
	PA_VIEW_PROFILE,
	PA_EDIT_PROFILE,
	PA_LOGOUT,
	PA_VIEW_LOGS,		/* the list of my logs */
	PA_CREATE_LOG,		/* needs may_hold in at least one unit */
	PA_IMPORT_LOG,		/* a package from another municipality: may_hold too */
	PA_MEETING_LEAVE,
	PA_MANAGE_STAFF,	/* a leader: who in their unit may hold and act */
	PA_VIEW_OVERVIEW,	/* a leader: her units' figures and reports */
	PA_ADMIN,		/* municipal settings (categories), no log content */
	PA_SEARCH_PEOPLE,	/* choose a colleague by name: plan writers */
	PA__COUNT
};

/* Facts about the user making the request. */
struct subject {
	int	authenticated;
	int	is_leader;
	int	is_admin;
	int	may_hold;	/* holder-eligible in at least one unit */
	int	family;		/* a guardian or youth (ID-porten), not staff */
	int	plan_writer;	/* holds an active log (writes its plan) */
};

/*
 * One log, seen by one user.  Gathered in C (fcgi/logfacts.c) from the
 * database before anything of the log is read.
 */
enum grant_scope { GRANT_ALL = 0, GRANT_CATEGORIES, GRANT_CONCERNS };

struct log_facts {
	int		 exists;
	int		 active;	/* status active, not passive */
	int		 holder;
	int		 actor;		/* has an active measure in the log */
	int		 leader;	/* leads the unit the log belongs to */
	int		 guardian;	/* a guardian or the youth (family login) */
	int		 grant;		/* a read grant that is not revoked */
	char		 grant_expires[11]; /* "YYYY-MM-DD" (last valid day) or "" */
	enum grant_scope grant_scope;
	int		 grant_active_only;
	int		 meeting;	/* the session shows this log in meeting mode */
	int		 pending;	/* a transfer of the log waits for its receiver */
	int		 receiver;	/* the user may accept or decline it (the named
				   receiver, or a leader of the receiving unit) */
	/*
	 * The consent covers new access: a consent not withdrawn and not
	 * expired, from the consent age one given by the youth (issue 7).
	 */
	int		 consent_ok;
	char		 today[11];	/* "YYYY-MM-DD", UTC */
};

/* One item of a log (a concern, a note, a bright spot), seen by the user. */
struct item_facts {
	int	concern_active;	/* the concern is active (not closed) */
	int	actor_here;	/* the user holds an active measure under the concern */
	int	granted;	/* category/concern listed in the user's grant */
	int	author;		/* the user wrote it */
	int	private_note;	/* a private note */
	int	concern_visible; /* for notes: the user may see its concern (-1: none) */
};

enum log_action {
	LA_VIEW = 0,		/* open the log at all (else 404) */
	LA_VIEW_DETAILS,	/* identity number, address, guardians, consents */
	LA_VIEW_CONCERN,	/* a concern with its measures (item) */
	LA_VIEW_BRIGHT,		/* bright spots */
	LA_VIEW_NOTE,		/* a note (item) */
	LA_VIEW_MEETINGS,
	LA_VIEW_ACCESS,		/* who has access (grants) */
	LA_WRITE_PLAN,		/* concerns, measures, evaluations, meetings, grants */
	LA_ADD_BRIGHT,
	LA_EDIT_BRIGHT,		/* item: author */
	LA_ADD_NOTE,
	LA_WITHDRAW_CONSENT,	/* the family ends the log */
	LA_CHANGE_ACCESS,	/* add or revoke read grants */
	LA_VIEW_ATTACHMENT,	/* open a file (the item's own rule as well) */
	LA_VIEW_ARCHIVE,	/* the archive copies: those who see the whole log */
	LA_VIEW_HISTORY,	/* the log's history (holders, transfers, ...) */
	LA_VIEW_TRANSFER,	/* the pending transfer: who, why, which concerns */
	LA_TRANSFER_OFFER,	/* hand the log to a new holder (holder, leader) */
	LA_TRANSFER_WITHDRAW,	/* take a pending transfer back */
	LA_TRANSFER_DECIDE,	/* accept or decline a pending transfer */
	LA_TAKE_OVER,		/* the unit leader becomes holder herself */
	LA_EXPORT,		/* the package to another municipality (exchange.c) */
	/* The life of a log (issue 7, fcgi/h_lifecycle.c). */
	LA_NEW_ACCESS,		/* someone new reads: a read grant, a new actor */
	LA_RECORD_CONSENT,	/* a new or renewed consent */
	LA_EDIT_GUARDIANS,	/* add or change guardians */
	LA_CHANGE_LEVEL,	/* level 1 <-> 2 <-> 3 with a reason */
	LA_SET_PASSIVE,		/* close the log with a reason */
	LA_REOPEN,		/* the unit leader, with renewed consent */
	LA_DELETE,		/* the unit leader deletes a passive log */
	LA__COUNT
};

/* SL_OK when s may do a, else SL_EFORBIDDEN. */
enum sl_err policy_check(const struct subject *s, enum pol_action a);
/* Stable name of an action ("view-start"), for logs and the audit. */
const char *policy_action_name(enum pol_action);

/*
 * May the user do a to the log (and item, which may be NULL where the
 * action needs none)?  SL_OK; SL_ENOTFOUND when the log does not exist
 * or the user may not see it at all (answered 404, so that nobody learns
 * which logs exist); SL_EFORBIDDEN when the log is visible but the
 * action is not allowed (403); SL_EMEETING when only meeting mode stands
 * in the way (a change of access: the password first); SL_ECONFLICT
 * when only the log's consent stands in the way (LA_NEW_ACCESS while it
 * has expired or waits for the youth: 409).
 */
enum sl_err policy_log(const struct log_facts *f, enum log_action a,
    const struct item_facts *item);
/*
 * 1 when the user sees the log only as the receiver of its pending
 * transfer (the transfer page, nothing else of the log).
 */
int policy_receiver_only(const struct log_facts *f);
/* Stable name of a log action, for the audit. */
const char *policy_log_action_name(enum log_action);

#endif
