/*
 * test_policy_meeting.c - meeting mode in policy_log (fcgi/policy.c): on
 * a big screen the log shows name, birth date, the plan, bright spots,
 * meetings and shared notes, never the identity number, address,
 * contacts, consents, access list, readers, private notes or files; and
 * access is not changed before the password ended meeting mode.  Also
 * the two actions that came with it (change-access, view-attachment) for
 * every role outside meeting mode.
 */
#include <stdio.h>
#include <string.h>

#include "../../fcgi/policy.h"
#include "testutil.h"

enum role { R_NONE, R_HOLDER, R_GUARDIAN, R_ACTOR, R_GRANT, R_LEADER };

static void
facts(struct log_facts *f, enum role r, int active, int meeting)
{
	memset(f, 0, sizeof(*f));
	f->exists = 1;
	f->active = active;
	f->holder = r == R_HOLDER;
	f->guardian = r == R_GUARDIAN;
	f->actor = r == R_ACTOR;
	f->grant = r == R_GRANT;
	f->leader = r == R_LEADER;
	f->meeting = meeting;
	snprintf(f->today, sizeof(f->today), "2026-11-25");
}

static const struct item_facts plain = { 1, 0, 0, 0, 0, -1 };
static const struct item_facts mine = { 1, 0, 0, 1, 0, -1 };
static const struct item_facts my_private = { 1, 0, 0, 1, 1, -1 };

START_TEST(meeting_mode_hides_what_the_screen_must_not_show)
{
	struct log_facts f;

	facts(&f, R_HOLDER, 1, 1);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_DETAILS, NULL), SL_EFORBIDDEN);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_ACCESS, NULL), SL_EFORBIDDEN);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_NOTE, &my_private),
	    SL_EFORBIDDEN);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_ATTACHMENT, NULL),
	    SL_EFORBIDDEN);
	/* What the meeting needs. */
	ck_assert_int_eq(policy_log(&f, LA_VIEW, NULL), SL_OK);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_CONCERN, &plain), SL_OK);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_BRIGHT, NULL), SL_OK);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_MEETINGS, NULL), SL_OK);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_NOTE, &plain), SL_OK);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_NOTE, &mine), SL_OK);
	ck_assert_int_eq(policy_log(&f, LA_WRITE_PLAN, NULL), SL_OK);
	ck_assert_int_eq(policy_log(&f, LA_ADD_NOTE, NULL), SL_OK);
}
END_TEST

START_TEST(meeting_mode_asks_the_password_before_access_changes)
{
	struct log_facts f;

	facts(&f, R_HOLDER, 1, 1);
	ck_assert_int_eq(policy_log(&f, LA_CHANGE_ACCESS, NULL), SL_EMEETING);
	facts(&f, R_HOLDER, 1, 0);
	ck_assert_int_eq(policy_log(&f, LA_CHANGE_ACCESS, NULL), SL_OK);
	/* Who may not change access at all is refused, not asked. */
	facts(&f, R_HOLDER, 0, 1);
	ck_assert_int_eq(policy_log(&f, LA_CHANGE_ACCESS, NULL), SL_EFORBIDDEN);
	facts(&f, R_ACTOR, 1, 1);
	ck_assert_int_eq(policy_log(&f, LA_CHANGE_ACCESS, NULL), SL_EFORBIDDEN);
}
END_TEST

START_TEST(outside_meeting_mode)
{
	static const struct {
		enum role	 role;
		int		 active;
		enum sl_err	 change, attachment;
	} t[] = {
		{ R_NONE, 1, SL_ENOTFOUND, SL_ENOTFOUND },
		{ R_HOLDER, 1, SL_OK, SL_OK },
		{ R_HOLDER, 0, SL_EFORBIDDEN, SL_OK },
		{ R_GUARDIAN, 1, SL_EFORBIDDEN, SL_OK },
		{ R_ACTOR, 1, SL_EFORBIDDEN, SL_OK },
		{ R_GRANT, 1, SL_EFORBIDDEN, SL_OK },
		{ R_LEADER, 1, SL_EFORBIDDEN, SL_OK },
	};
	struct log_facts f;
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		facts(&f, t[i].role, t[i].active, 0);
		ck_assert_msg(policy_log(&f, LA_CHANGE_ACCESS, NULL) ==
		    t[i].change, "change-access, row %zu", i);
		ck_assert_msg(policy_log(&f, LA_VIEW_ATTACHMENT, NULL) ==
		    t[i].attachment, "view-attachment, row %zu", i);
	}
	ck_assert_str_eq(policy_log_action_name(LA_CHANGE_ACCESS),
	    "change-access");
	ck_assert_str_eq(policy_log_action_name(LA_VIEW_ATTACHMENT),
	    "view-attachment");
}
END_TEST

static Suite *
meeting_suite(void)
{
	Suite	*s = suite_create("policy-meeting");
	TCase	*tc = tcase_create("meeting");

	tcase_add_test(tc, meeting_mode_hides_what_the_screen_must_not_show);
	tcase_add_test(tc, meeting_mode_asks_the_password_before_access_changes);
	tcase_add_test(tc, outside_meeting_mode);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(meeting_suite());
}
