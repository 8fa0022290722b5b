/*
 * policy.c - the access rules as a table.  Every action lists the
 * subjects allowed; anything else is denied.
 */
#include <stddef.h>

#include "policy.h"

/* Who an action is open to. */
enum who {
	W_NOBODY = 0,
	W_ANYONE = 1 << 0,	/* also anonymous */
	W_STAFF = 1 << 1,	/* any authenticated staff member */
	W_LEADER = 1 << 2,
	W_ADMIN = 1 << 3
};

static const struct rule {
	enum pol_action	 action;
	const char	*name;
	unsigned int	 who;
} rules[] = {
	{ PA_NONE, "public", W_ANYONE },
	{ PA_VIEW_START, "view-start", W_STAFF },
	{ PA_VIEW_PROFILE, "view-profile", W_STAFF },
	{ PA_EDIT_PROFILE, "edit-profile", W_STAFF },
	{ PA_LOGOUT, "logout", W_STAFF },
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
	if ((r->who & W_STAFF) ||
	    ((r->who & W_LEADER) && s->is_leader) ||
	    ((r->who & W_ADMIN) && s->is_admin))
		return SL_OK;
	return SL_EFORBIDDEN;
}

const char *
policy_action_name(enum pol_action a)
{
	const struct rule	*r = find(a);

	return r == NULL ? "unknown" : r->name;
}
