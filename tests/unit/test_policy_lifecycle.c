/*
 * test_policy_lifecycle.c - the actions of a log's life (issue 7) in
 * policy_log (fcgi/policy.c), for every role: holder, actor, read grant,
 * unit leader, guardian or youth, meeting mode, a stranger, a log that
 * does not exist; on an active and a passive log; with the consent in
 * force or not.  The table is the specification; anything else denied.
 */
#include <stdio.h>
#include <string.h>

#include "../../fcgi/policy.h"
#include "testutil.h"

enum role { R_NONE, R_HOLDER, R_GUARDIAN, R_ACTOR, R_GRANT, R_LEADER,
    R_HOLDER_LEADER };

struct lcase {
	const char	*name;
	enum role	 role;
	int		 exists, active, consent_ok, meeting;
	/*
	 * One letter per action, in this order: NEW_ACCESS, RECORD_CONSENT,
	 * EDIT_GUARDIANS, CHANGE_LEVEL, SET_PASSIVE, REOPEN, DELETE.
	 * O = allowed, F = 403, N = 404, M = meeting mode (password first),
	 * C = 409 (the consent does not cover new access).
	 */
	const char	*expect;
};

static const enum log_action actions[] = { LA_NEW_ACCESS, LA_RECORD_CONSENT,
    LA_EDIT_GUARDIANS, LA_CHANGE_LEVEL, LA_SET_PASSIVE, LA_REOPEN,
    LA_DELETE };
#define NACT (sizeof(actions) / sizeof(actions[0]))

static const struct lcase cases[] = {
	{ "stranger", R_NONE, 1, 1, 1, 0, "NNNNNNN" },
	{ "stranger, passive", R_NONE, 1, 0, 1, 0, "NNNNNNN" },
	{ "missing log", R_HOLDER, 0, 0, 1, 0, "NNNNNNN" },
	{ "holder", R_HOLDER, 1, 1, 1, 0, "OOOOOFF" },
	{ "holder, consent expired", R_HOLDER, 1, 1, 0, 0, "COOOOFF" },
	{ "holder, passive", R_HOLDER, 1, 0, 1, 0, "FFFFFFF" },
	{ "holder, passive, consent withdrawn", R_HOLDER, 1, 0, 0, 0,
	    "FFFFFFF" },
	{ "holder in meeting mode", R_HOLDER, 1, 1, 1, 1, "MFFFFFF" },
	{ "holder in meeting mode, consent expired", R_HOLDER, 1, 1, 0, 1,
	    "MFFFFFF" },
	{ "holder and unit leader", R_HOLDER_LEADER, 1, 1, 1, 0, "OOOOOFF" },
	{ "holder and unit leader, passive", R_HOLDER_LEADER, 1, 0, 1, 0,
	    "FFFFFOO" },
	{ "guardian", R_GUARDIAN, 1, 1, 1, 0, "FFFFFFF" },
	{ "guardian, passive", R_GUARDIAN, 1, 0, 0, 0, "FFFFFFF" },
	{ "actor", R_ACTOR, 1, 1, 1, 0, "FFFFFFF" },
	{ "actor, passive", R_ACTOR, 1, 0, 1, 0, "FFFFFFF" },
	{ "grant", R_GRANT, 1, 1, 1, 0, "FFFFFFF" },
	{ "grant, passive", R_GRANT, 1, 0, 1, 0, "FFFFFFF" },
	{ "unit leader", R_LEADER, 1, 1, 1, 0, "FFFFFFF" },
	{ "unit leader, consent expired", R_LEADER, 1, 1, 0, 0, "FFFFFFF" },
	{ "unit leader, passive", R_LEADER, 1, 0, 0, 0, "FFFFFOO" },
	{ "unit leader, passive, meeting mode", R_LEADER, 1, 0, 1, 1,
	    "FFFFFFF" },
};

static void
facts_of(const struct lcase *k, struct log_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->exists = k->exists;
	f->active = k->active;
	f->consent_ok = k->consent_ok;
	f->meeting = k->meeting;
	f->holder = k->role == R_HOLDER || k->role == R_HOLDER_LEADER;
	f->guardian = k->role == R_GUARDIAN;
	f->actor = k->role == R_ACTOR;
	f->grant = k->role == R_GRANT;
	f->leader = k->role == R_LEADER || k->role == R_HOLDER_LEADER;
	snprintf(f->today, sizeof(f->today), "2026-11-25");
}

static enum sl_err
want_of(char e)
{
	switch (e) {
	case 'O':
		return SL_OK;
	case 'F':
		return SL_EFORBIDDEN;
	case 'M':
		return SL_EMEETING;
	case 'C':
		return SL_ECONFLICT;
	default:
		return SL_ENOTFOUND;
	}
}

START_TEST(lifecycle_table)
{
	const struct lcase	*k = &cases[_i];
	struct log_facts	 f;
	enum sl_err		 rc, want;
	size_t			 a;

	ck_assert_uint_eq(strlen(k->expect), NACT);
	facts_of(k, &f);
	for (a = 0; a < NACT; a++) {
		rc = policy_log(&f, actions[a], NULL);
		want = want_of(k->expect[a]);
		ck_assert_msg(rc == want, "%s: %s gave %s, expected %s",
		    k->name, policy_log_action_name(actions[a]),
		    sl_strerror(rc), sl_strerror(want));
	}
}
END_TEST

/* The consent fact changes nothing else: reads and the plan as before. */
START_TEST(consent_fact_only_guards_new_access)
{
	struct log_facts	 f;
	int			 a, ok1, ok0;

	for (a = 0; a < LA__COUNT; a++) {
		if (a == LA_NEW_ACCESS)
			continue;
		memset(&f, 0, sizeof(f));
		f.exists = f.active = f.holder = 1;
		snprintf(f.today, sizeof(f.today), "2026-11-25");
		f.consent_ok = 1;
		ok1 = policy_log(&f, a, NULL);
		f.consent_ok = 0;
		ok0 = policy_log(&f, a, NULL);
		ck_assert_msg(ok1 == ok0, "%s depends on the consent",
		    policy_log_action_name(a));
	}
}
END_TEST

START_TEST(names_are_stable)
{
	ck_assert_str_eq(policy_log_action_name(LA_NEW_ACCESS), "new-access");
	ck_assert_str_eq(policy_log_action_name(LA_RECORD_CONSENT),
	    "record-consent");
	ck_assert_str_eq(policy_log_action_name(LA_EDIT_GUARDIANS),
	    "edit-guardians");
	ck_assert_str_eq(policy_log_action_name(LA_CHANGE_LEVEL),
	    "change-level");
	ck_assert_str_eq(policy_log_action_name(LA_SET_PASSIVE),
	    "set-passive");
	ck_assert_str_eq(policy_log_action_name(LA_REOPEN), "reopen-log");
	ck_assert_str_eq(policy_log_action_name(LA_DELETE), "delete-log");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("policy_lifecycle");
	TCase	*tc = tcase_create("policy_lifecycle");

	tcase_add_loop_test(tc, lifecycle_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, consent_fact_only_guards_new_access);
	tcase_add_test(tc, names_are_stable);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
