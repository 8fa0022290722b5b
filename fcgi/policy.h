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
	PA__COUNT
};

/* Facts about the user making the request. */
struct subject {
	int	authenticated;
	int	is_leader;
	int	is_admin;
};

/* SL_OK when s may do a, else SL_EFORBIDDEN. */
enum sl_err policy_check(const struct subject *s, enum pol_action a);
/* Stable name of an action ("view-start"), for logs and the audit. */
const char *policy_action_name(enum pol_action);

#endif
