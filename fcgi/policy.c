/*
 * policy.c - the access rules as a table.  Every action lists the
 * subjects allowed; anything else is denied.
 */
#include <stddef.h>
#include <string.h>

#include "policy.h"

/* Who an action is open to. */
enum who {
	W_NOBODY = 0,
	W_ANYONE = 1 << 0,	/* also anonymous */
	W_STAFF = 1 << 1,	/* any authenticated staff member */
	W_LEADER = 1 << 2,
	W_ADMIN = 1 << 3,
	W_HOLDER = 1 << 4,	/* holder-eligible in a unit */
	W_FAMILY = 1 << 5,	/* a guardian or youth logged in with ID-porten */
	W_PLAN_WRITER = 1 << 6	/* holds an active log: writes its plan */
};

static const struct rule {
	enum pol_action	 action;
	const char	*name;
	unsigned int	 who;
} rules[] = {
	{ PA_NONE, "public", W_ANYONE },
	{ PA_VIEW_START, "view-start", W_STAFF },
	{ PA_VIEW_PROFILE, "view-profile", W_STAFF | W_FAMILY },
	{ PA_EDIT_PROFILE, "edit-profile", W_STAFF | W_FAMILY },
	{ PA_LOGOUT, "logout", W_STAFF | W_FAMILY },
	{ PA_VIEW_LOGS, "view-logs", W_STAFF | W_FAMILY },
	{ PA_CREATE_LOG, "create-log", W_HOLDER },
	{ PA_IMPORT_LOG, "import-log", W_HOLDER },
	{ PA_MEETING_LEAVE, "meeting-leave", W_STAFF },
	{ PA_MANAGE_STAFF, "manage-staff", W_LEADER },
	{ PA_VIEW_OVERVIEW, "view-overview", W_LEADER },
	{ PA_ADMIN, "admin", W_ADMIN },
	{ PA_SEARCH_PEOPLE, "search-people", W_PLAN_WRITER },
};

static const struct rule *
find(enum pol_action a)
{
	size_t	 i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].action == a)
			return &rules[i];
	return NULL;
}

enum sl_err
policy_check(const struct subject *s, enum pol_action a)
{
	const struct rule	*r = find(a);

	if (r == NULL || s == NULL)
		return SL_EFORBIDDEN;
	if (r->who & W_ANYONE)
		return SL_OK;
	if (!s->authenticated)
		return SL_EFORBIDDEN;
	/* Families only where the table says so; the roles below are staff's. */
	if (s->family)
		return (r->who & W_FAMILY) ? SL_OK : SL_EFORBIDDEN;
	if ((r->who & W_STAFF) ||
	    ((r->who & W_LEADER) && s->is_leader) ||
	    ((r->who & W_ADMIN) && s->is_admin) ||
	    ((r->who & W_HOLDER) && s->may_hold) ||
	    ((r->who & W_PLAN_WRITER) && s->plan_writer))
		return SL_OK;
	return SL_EFORBIDDEN;
}

const char *
policy_action_name(enum pol_action a)
{
	const struct rule	*r = find(a);

	return r == NULL ? "unknown" : r->name;
}

static const char *const log_action_names[LA__COUNT] = {
	[LA_VIEW] = "view-log",
	[LA_VIEW_DETAILS] = "view-details",
	[LA_VIEW_CONCERN] = "view-concern",
	[LA_VIEW_BRIGHT] = "view-bright-spots",
	[LA_VIEW_NOTE] = "view-note",
	[LA_VIEW_MEETINGS] = "view-meetings",
	[LA_VIEW_ACCESS] = "view-access",
	[LA_WRITE_PLAN] = "write-plan",
	[LA_ADD_BRIGHT] = "add-bright-spot",
	[LA_EDIT_BRIGHT] = "edit-bright-spot",
	[LA_ADD_NOTE] = "add-note",
	[LA_WITHDRAW_CONSENT] = "withdraw-consent",
	[LA_CHANGE_ACCESS] = "change-access",
	[LA_VIEW_ATTACHMENT] = "view-attachment",
	[LA_VIEW_ARCHIVE] = "view-archive",
	[LA_VIEW_HISTORY] = "view-history",
	[LA_VIEW_TRANSFER] = "view-transfer",
	[LA_TRANSFER_OFFER] = "transfer-offer",
	[LA_TRANSFER_WITHDRAW] = "transfer-withdraw",
	[LA_TRANSFER_DECIDE] = "transfer-decide",
	[LA_TAKE_OVER] = "take-over",
	[LA_EXPORT] = "export-log",
	[LA_NEW_ACCESS] = "new-access",
	[LA_RECORD_CONSENT] = "record-consent",
	[LA_EDIT_GUARDIANS] = "edit-guardians",
	[LA_CHANGE_LEVEL] = "change-level",
	[LA_SET_PASSIVE] = "set-passive",
	[LA_REOPEN] = "reopen-log",
	[LA_DELETE] = "delete-log",
};

const char *
policy_log_action_name(enum log_action a)
{
	if ((unsigned int)a >= LA__COUNT)
		return "unknown";
	return log_action_names[a];
}

/* The read grant is in force: not revoked, not past its expiry date. */
static int
grant_valid(const struct log_facts *f)
{
	return f->grant && (f->grant_expires[0] == '\0' ||
	    strcmp(f->grant_expires, f->today) >= 0);
}

/* A read grant covers the item: its scope and its history. */
static int
grant_covers(const struct log_facts *f, const struct item_facts *it)
{
	if (!grant_valid(f) || it == NULL)
		return 0;
	if (f->grant_active_only && !it->concern_active)
		return 0;
	return f->grant_scope == GRANT_ALL || it->granted;
}

int
policy_receiver_only(const struct log_facts *f)
{
	return f != NULL && f->exists && f->receiver && f->pending &&
	    f->active && !(f->holder || f->guardian || f->actor ||
	    grant_valid(f) || f->leader);
}

/*
 * The rules (from the user guide, see DESIGN.md "Roles"):
 * - holder: everything, and all writes while the log is active;
 * - guardian/youth: reads everything but others' private notes;
 *   posts bright spots and notes;
 * - actor: reads the concerns where they hold a measure and the bright
 *   spots; posts bright spots and notes;
 * - read grant: reads what its scope and history cover, until expiry,
 *   and nothing more ("lesetilgang": it writes nothing, not even bright
 *   spots);
 * - unit leader: no content without a grant, bright spots excepted;
 * - meeting mode (a big screen): name, birth date, the plan, bright spots,
 *   meetings and shared notes only - no identity number, address,
 *   contacts, consents, access list, readers, private notes or files -
 *   and no change of access before the password has ended it;
 * - history (holders, transfers with their reasons, levels, consents):
 *   everyone who sees the log, the family included, but not in meeting
 *   mode (it names who had the log and why, like the access list);
 * - transfers: the holder offers and withdraws, and so does the leader of
 *   the log's unit on her behalf (she may also take the log over herself
 *   while none is pending); the receiver (the named person, or a leader of
 *   the receiving unit) accepts or declines.  Before accepting, a receiver
 *   who has no other role in the log sees only the transfer: the child's
 *   name and age, the reason and the concerns offered.  None of it in
 *   meeting mode (a change of access: the password first).
 * - the life of the log (issue 7): the holder records consents, changes
 *   guardians and the level and sets the log passive, while it is active
 *   and not in meeting mode (those show no consents or identity numbers);
 *   nobody new gets access (a read grant, a new actor) while the consent
 *   does not cover it (expired, or waiting for the youth's own);
 * - the unit leader reopens (with renewed consent) and deletes a passive
 *   log of her unit, which she sees without reading its content.
 */
enum sl_err
policy_log(const struct log_facts *f, enum log_action a,
    const struct item_facts *it)
{
	int	 sees, grant, receiver;

	if (f == NULL || !f->exists)
		return SL_ENOTFOUND;
	grant = grant_valid(f);
	receiver = f->receiver && f->pending && f->active;
	sees = f->holder || f->guardian || f->actor || grant || f->leader;
	if (!sees && !receiver)
		return SL_ENOTFOUND;
	/* Only the receiver of a transfer: the transfer and no more. */
	if (!sees) {
		switch (a) {
		case LA_VIEW:
		case LA_VIEW_TRANSFER:
			return f->meeting ? SL_EFORBIDDEN : SL_OK;
		case LA_TRANSFER_DECIDE:
			return f->meeting ? SL_EMEETING : SL_OK;
		default:
			return SL_EFORBIDDEN;
		}
	}
	switch (a) {
	case LA_VIEW:
	case LA_VIEW_BRIGHT:
		return SL_OK;
	case LA_VIEW_DETAILS:
	case LA_VIEW_ACCESS:
	case LA_VIEW_ARCHIVE:
		if (f->meeting)
			return SL_EFORBIDDEN;
		return f->holder || f->guardian ? SL_OK : SL_EFORBIDDEN;
	case LA_VIEW_ATTACHMENT:
		return f->meeting ? SL_EFORBIDDEN : SL_OK;
	case LA_CHANGE_ACCESS:
		if (!f->holder || !f->active)
			return SL_EFORBIDDEN;
		return f->meeting ? SL_EMEETING : SL_OK;
	case LA_VIEW_CONCERN:
		if (it == NULL)
			return SL_EFORBIDDEN;
		if (f->holder || f->guardian)
			return SL_OK;
		if (f->actor && it->actor_here)
			return SL_OK;
		return grant_covers(f, it) ? SL_OK : SL_EFORBIDDEN;
	case LA_VIEW_NOTE:
		if (it == NULL)
			return SL_EFORBIDDEN;
		if (it->private_note)
			return it->author && !f->meeting ? SL_OK :
			    SL_EFORBIDDEN;
		if (it->author)
			return SL_OK;
		if (it->concern_visible >= 0)
			return it->concern_visible ? SL_OK : SL_EFORBIDDEN;
		return f->holder || f->guardian ||
		    (grant && f->grant_scope == GRANT_ALL &&
		    !f->grant_active_only) ? SL_OK : SL_EFORBIDDEN;
	case LA_VIEW_MEETINGS:
		return f->holder || f->guardian ||
		    (grant && f->grant_scope == GRANT_ALL) ? SL_OK :
		    SL_EFORBIDDEN;
	case LA_WRITE_PLAN:
		return f->holder && f->active ? SL_OK : SL_EFORBIDDEN;
	case LA_ADD_BRIGHT:
		return f->active && (f->holder || f->guardian || f->actor) ?
		    SL_OK : SL_EFORBIDDEN;
	case LA_EDIT_BRIGHT:
		return f->active && it != NULL && it->author &&
		    (f->holder || f->guardian || f->actor) ?
		    SL_OK : SL_EFORBIDDEN;
	case LA_ADD_NOTE:
		return f->active && (f->holder || f->guardian || f->actor) ?
		    SL_OK : SL_EFORBIDDEN;
	case LA_WITHDRAW_CONSENT:
		return f->active && f->guardian ? SL_OK : SL_EFORBIDDEN;
	case LA_VIEW_HISTORY:
		return f->meeting ? SL_EFORBIDDEN : SL_OK;
	case LA_VIEW_TRANSFER:
		if (f->meeting || !f->pending)
			return SL_EFORBIDDEN;
		return f->holder || f->leader || f->guardian || receiver ?
		    SL_OK : SL_EFORBIDDEN;
	case LA_TRANSFER_OFFER:
		if (!f->active || f->pending || !(f->holder || f->leader))
			return SL_EFORBIDDEN;
		return f->meeting ? SL_EMEETING : SL_OK;
	case LA_TRANSFER_WITHDRAW:
		if (!f->active || !f->pending || !(f->holder || f->leader))
			return SL_EFORBIDDEN;
		return f->meeting ? SL_EMEETING : SL_OK;
	case LA_TRANSFER_DECIDE:
		if (!receiver)
			return SL_EFORBIDDEN;
		return f->meeting ? SL_EMEETING : SL_OK;
	case LA_TAKE_OVER:
		if (!f->active || f->pending || !f->leader || f->holder)
			return SL_EFORBIDDEN;
		return f->meeting ? SL_EMEETING : SL_OK;
	case LA_EXPORT:
		/*
		 * The holder only, never from a big screen.  A leader acting
		 * for a holder who left takes the log over first (audited,
		 * in the history): the package is the whole log.
		 */
		return f->holder && !f->meeting ? SL_OK : SL_EFORBIDDEN;
	case LA_NEW_ACCESS:
		if (!f->holder || !f->active)
			return SL_EFORBIDDEN;
		if (f->meeting)
			return SL_EMEETING;
		return f->consent_ok ? SL_OK : SL_ECONFLICT;
	case LA_RECORD_CONSENT:
	case LA_EDIT_GUARDIANS:
	case LA_CHANGE_LEVEL:
	case LA_SET_PASSIVE:
		return f->holder && f->active && !f->meeting ? SL_OK :
		    SL_EFORBIDDEN;
	case LA_REOPEN:
	case LA_DELETE:
		return f->leader && !f->active && !f->meeting ? SL_OK :
		    SL_EFORBIDDEN;
	default:
		return SL_EFORBIDDEN;
	}
}
