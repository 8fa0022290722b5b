/*
 * test_policy_transfer.c - the transfer and history actions of issue 7
 * in policy_log (fcgi/policy.c), every role against every new action
 * with and without a pending transfer, on an active and a passive log,
 * in and out of meeting mode; and the receiver of a transfer who has no
 * other role, who sees the transfer and nothing else of the log.
 */
#include <stdio.h>
#include <string.h>

#include "../../fcgi/policy.h"
#include "testutil.h"

#define TODAY "2026-11-25"

enum role { R_NONE, R_HOLDER, R_GUARDIAN, R_ACTOR, R_GRANT, R_GRANT_OLD,
    R_LEADER, R_RECEIVER };

struct tcase {
	const char	*name;
	enum role	 role;
	int		 receiver_too;	/* also the receiver of the transfer */
	int		 active, pending, meeting;
	/*
	 * One letter per action: VIEW_HISTORY, VIEW_TRANSFER,
	 * TRANSFER_OFFER, TRANSFER_WITHDRAW, TRANSFER_DECIDE, TAKE_OVER.
	 * O = allowed, F = 403, N = 404, M = the password first (meeting).
	 */
	const char	*expect;
};

static const enum log_action actions[] = { LA_VIEW_HISTORY,
    LA_VIEW_TRANSFER, LA_TRANSFER_OFFER, LA_TRANSFER_WITHDRAW,
    LA_TRANSFER_DECIDE, LA_TAKE_OVER };

static const struct tcase cases[] = {
	{ "stranger", R_NONE, 0, 1, 0, 0, "NNNNNN" },
	{ "stranger, transfer pending", R_NONE, 0, 1, 1, 0, "NNNNNN" },
	{ "receiver flag, nothing pending", R_NONE, 1, 1, 0, 0, "NNNNNN" },
	{ "holder", R_HOLDER, 0, 1, 0, 0, "OFOFFF" },
	{ "holder, pending", R_HOLDER, 0, 1, 1, 0, "OOFOFF" },
	{ "holder, passive", R_HOLDER, 0, 0, 0, 0, "OFFFFF" },
	{ "holder, meeting", R_HOLDER, 0, 1, 0, 1, "FFMFFF" },
	{ "holder, meeting, pending", R_HOLDER, 0, 1, 1, 1, "FFFMFF" },
	{ "guardian", R_GUARDIAN, 0, 1, 0, 0, "OFFFFF" },
	{ "guardian, pending", R_GUARDIAN, 0, 1, 1, 0, "OOFFFF" },
	{ "guardian, passive", R_GUARDIAN, 0, 0, 0, 0, "OFFFFF" },
	{ "actor, pending", R_ACTOR, 0, 1, 1, 0, "OFFFFF" },
	{ "grant, pending", R_GRANT, 0, 1, 1, 0, "OFFFFF" },
	{ "expired grant, pending", R_GRANT_OLD, 0, 1, 1, 0, "NNNNNN" },
	{ "leader", R_LEADER, 0, 1, 0, 0, "OFOFFO" },
	{ "leader, pending", R_LEADER, 0, 1, 1, 0, "OOFOFF" },
	{ "leader, passive", R_LEADER, 0, 0, 0, 0, "OFFFFF" },
	{ "leader, meeting", R_LEADER, 0, 1, 0, 1, "FFMFFM" },
	{ "receiver only", R_RECEIVER, 1, 1, 1, 0, "FOFFOF" },
	{ "receiver only, passive log", R_RECEIVER, 1, 0, 1, 0, "NNNNNN" },
	{ "receiver and actor", R_ACTOR, 1, 1, 1, 0, "OOFFOF" },
	{ "receiver and leader of the log's unit", R_LEADER, 1, 1, 1, 0,
	    "OOFOOF" },
	{ "receiver and guardian", R_GUARDIAN, 1, 1, 1, 0, "OOFFOF" },
};

static void
facts_of(const struct tcase *k, struct log_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->exists = 1;
	f->active = k->active;
	f->pending = k->pending;
	f->meeting = k->meeting;
	f->holder = k->role == R_HOLDER;
	f->guardian = k->role == R_GUARDIAN;
	f->actor = k->role == R_ACTOR;
	f->grant = k->role == R_GRANT || k->role == R_GRANT_OLD;
	f->leader = k->role == R_LEADER;
	f->receiver = k->receiver_too;
	snprintf(f->grant_expires, sizeof(f->grant_expires), "%s",
	    k->role == R_GRANT_OLD ? "2026-11-24" : "");
	snprintf(f->today, sizeof(f->today), "%s", TODAY);
}

START_TEST(transfer_table)
{
	const struct tcase	*k = &cases[_i];
	struct log_facts	 f;
	enum sl_err		 rc, want;
	size_t			 a;

	ck_assert_uint_eq(strlen(k->expect), sizeof(actions) /
	    sizeof(actions[0]));
	facts_of(k, &f);
	for (a = 0; a < sizeof(actions) / sizeof(actions[0]); a++) {
		rc = policy_log(&f, actions[a], NULL);
		want = k->expect[a] == 'O' ? SL_OK : k->expect[a] == 'F' ?
		    SL_EFORBIDDEN : k->expect[a] == 'M' ? SL_EMEETING :
		    SL_ENOTFOUND;
		ck_assert_msg(rc == want, "%s: %s gave %s, expected %s",
		    k->name, policy_log_action_name(actions[a]),
		    sl_strerror(rc), sl_strerror(want));
	}
}
END_TEST

/*
 * The receiver with no other role: the log "exists" for her (the page of
 * the transfer), and every other part of it is refused - details,
 * concerns (even an item in her favour), bright spots, notes, meetings,
 * access, attachments, archive copies, every write.
 */
START_TEST(receiver_sees_the_transfer_only)
{
	struct tcase		 k = { "receiver", R_RECEIVER, 1, 1, 1, 0, "" };
	struct item_facts	 it = { 1, 1, 1, 1, 0, 1 };
	struct log_facts	 f;
	int			 a;

	facts_of(&k, &f);
	ck_assert(policy_receiver_only(&f));
	for (a = 0; a < LA__COUNT; a++) {
		enum sl_err rc = policy_log(&f, a, &it);

		if (a == LA_VIEW || a == LA_VIEW_TRANSFER ||
		    a == LA_TRANSFER_DECIDE)
			ck_assert_msg(rc == SL_OK, "%s refused",
			    policy_log_action_name(a));
		else
			ck_assert_msg(rc == SL_EFORBIDDEN, "%s gave %s",
			    policy_log_action_name(a), sl_strerror(rc));
	}
	/* Any other role, and she is no longer "receiver only". */
	f.actor = 1;
	ck_assert(!policy_receiver_only(&f));
	f.actor = 0;
	f.pending = 0;
	ck_assert(!policy_receiver_only(&f));
	ck_assert(!policy_receiver_only(NULL));
}
END_TEST

START_TEST(action_names)
{
	ck_assert_str_eq(policy_log_action_name(LA_VIEW_HISTORY),
	    "view-history");
	ck_assert_str_eq(policy_log_action_name(LA_TRANSFER_OFFER),
	    "transfer-offer");
	ck_assert_str_eq(policy_log_action_name(LA_TRANSFER_DECIDE),
	    "transfer-decide");
	ck_assert_str_eq(policy_log_action_name(LA_TAKE_OVER), "take-over");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("policy_transfer");
	TCase	*tc = tcase_create("policy_transfer");

	tcase_add_loop_test(tc, transfer_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, receiver_sees_the_transfer_only);
	tcase_add_test(tc, action_names);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
