/*
 * test_policy.c - every action against every kind of subject.  The
 * table is the specification; a missing action is denied.
 */
#include "../../fcgi/policy.h"
#include "testutil.h"

enum { ANON, STAFF, LEADER, ADMIN, NSUBJ };

static const struct subject subjects[NSUBJ] = {
	[ANON] = { 0, 0, 0 },
	[STAFF] = { 1, 0, 0 },
	[LEADER] = { 1, 1, 0 },
	[ADMIN] = { 1, 0, 1 },
};

/* expected[action][subject]: 1 = allowed */
static const int expected[PA__COUNT][NSUBJ] = {
	[PA_NONE] = { 1, 1, 1, 1 },
	[PA_VIEW_START] = { 0, 1, 1, 1 },
	[PA_VIEW_PROFILE] = { 0, 1, 1, 1 },
	[PA_EDIT_PROFILE] = { 0, 1, 1, 1 },
	[PA_LOGOUT] = { 0, 1, 1, 1 },
};

START_TEST(table)
{
	int	 a, s;

	for (a = 0; a < PA__COUNT; a++)
		for (s = 0; s < NSUBJ; s++)
			ck_assert_msg((policy_check(&subjects[s], a) == SL_OK)
			    == expected[a][s], "action %s subject %d",
			    policy_action_name(a), s);
}
END_TEST

START_TEST(unknown_action_denied)
{
	ck_assert_int_eq(policy_check(&subjects[ADMIN], PA__COUNT),
	    SL_EFORBIDDEN);
	ck_assert_int_eq(policy_check(&subjects[ADMIN], (enum pol_action)999),
	    SL_EFORBIDDEN);
	ck_assert_int_eq(policy_check(NULL, PA_VIEW_START), SL_EFORBIDDEN);
	ck_assert_str_eq(policy_action_name((enum pol_action)999), "unknown");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("policy");
	TCase	*tc = tcase_create("policy");

	tcase_add_test(tc, table);
	tcase_add_test(tc, unknown_action_denied);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
