/*
 * test_policy.c - the access rules as tables: every action against every
 * kind of subject, and for logs every role x every action, with the item
 * visible or not and read grants expiring on both sides of today.  The
 * tables are the specification; a missing action is denied.
 */
#include <stdio.h>
#include <string.h>

#include "../../fcgi/policy.h"
#include "testutil.h"

enum { ANON, STAFF, LEADER, ADMIN, HOLDER_OK, FAMILY, PLAN_WRITER, NSUBJ };

static const struct subject subjects[NSUBJ] = {
	[ANON] = { 0, 0, 0, 0, 0 },
	[STAFF] = { 1, 0, 0, 0, 0 },
	[LEADER] = { 1, 1, 0, 0, 0 },
	[ADMIN] = { 1, 0, 1, 0, 0 },
	[HOLDER_OK] = { 1, 0, 0, 1, 0 },
	/* flags a family session could never have must not help it */
	[FAMILY] = { 1, 1, 1, 1, 1, 1 },
	/* holds an active log: may search colleagues by name */
	[PLAN_WRITER] = { 1, 0, 0, 0, 0, 1 },
};

/* expected[action][subject]: 1 = allowed */
static const int expected[PA__COUNT][NSUBJ] = {
	[PA_NONE] = { 1, 1, 1, 1, 1, 1, 1 },
	[PA_VIEW_START] = { 0, 1, 1, 1, 1, 0, 1 },
	/* families set their notices on their own profile (issue 12) */
	[PA_VIEW_PROFILE] = { 0, 1, 1, 1, 1, 1, 1 },
	[PA_EDIT_PROFILE] = { 0, 1, 1, 1, 1, 1, 1 },
	[PA_LOGOUT] = { 0, 1, 1, 1, 1, 1, 1 },
	[PA_VIEW_LOGS] = { 0, 1, 1, 1, 1, 1, 1 },
	[PA_CREATE_LOG] = { 0, 0, 0, 0, 1, 0, 0 },
	[PA_IMPORT_LOG] = { 0, 0, 0, 0, 1, 0, 0 },
	[PA_MEETING_LEAVE] = { 0, 1, 1, 1, 1, 0, 1 },
	[PA_MANAGE_STAFF] = { 0, 0, 1, 0, 0, 0, 0 },
	[PA_VIEW_OVERVIEW] = { 0, 0, 1, 0, 0, 0, 0 },
	[PA_ADMIN] = { 0, 0, 0, 1, 0, 0, 0 },
	[PA_SEARCH_PEOPLE] = { 0, 0, 0, 0, 0, 0, 1 },
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

/* ---- logs --------------------------------------------------------- */

#define TODAY "2026-11-25"
#define YESTERDAY "2026-11-24"
#define TOMORROW "2026-11-26"

/* Roles, as facts. */
enum role { R_NONE, R_HOLDER, R_GUARDIAN, R_ACTOR, R_GRANT, R_LEADER };

struct lcase {
	const char	*name;
	enum role	 role;
	int		 exists, active;
	enum grant_scope scope;
	int		 active_only;
	const char	*expires;	/* grant expiry or NULL */
	int		 leader_too;	/* also the unit leader */
	struct item_facts item;
	/*
	 * One letter per action in enum log_action order: VIEW, DETAILS,
	 * CONCERN, BRIGHT, NOTE, MEETINGS, ACCESS, WRITE, ADD_BRIGHT,
	 * EDIT_BRIGHT, ADD_NOTE, WITHDRAW_CONSENT.  O = allowed, F = 403,
	 * N = 404.
	 */
	const char	*expect;
};

/* Items. */
#define IT_PLAIN	{ 1, 0, 0, 0, 0, -1 }	/* active concern, not mine */
#define IT_ACTOR	{ 1, 1, 0, 0, 0, -1 }	/* my concern as actor */
#define IT_AUTHOR	{ 1, 0, 0, 1, 0, -1 }	/* I wrote it */
#define IT_PRIV_OTHER	{ 1, 0, 0, 0, 1, -1 }	/* someone else's private note */
#define IT_PRIV_MINE	{ 1, 0, 0, 1, 1, -1 }	/* my private note */
#define IT_NOTE_VIS	{ 1, 0, 0, 0, 0, 1 }	/* note in a concern I see */
#define IT_NOTE_HIDDEN	{ 1, 0, 0, 0, 0, 0 }	/* note in a concern I don't see */
#define IT_GRANTED	{ 1, 0, 1, 0, 0, -1 }	/* listed in my grant */
#define IT_CLOSED	{ 0, 0, 0, 0, 0, -1 }	/* closed concern */
#define IT_CLOSED_GRANTED { 0, 0, 1, 0, 0, -1 }

static const struct lcase cases[] = {
	{ "stranger", R_NONE, 1, 1, GRANT_ALL, 0, NULL, 0, IT_PLAIN,
	    "NNNNNNNNNNNN" },
	{ "missing log", R_HOLDER, 0, 1, GRANT_ALL, 0, NULL, 0, IT_AUTHOR,
	    "NNNNNNNNNNNN" },
	{ "holder", R_HOLDER, 1, 1, GRANT_ALL, 0, NULL, 0, IT_PLAIN,
	    "OOOOOOOOOFOF" },
	{ "holder, own item", R_HOLDER, 1, 1, GRANT_ALL, 0, NULL, 0,
	    IT_AUTHOR, "OOOOOOOOOOOF" },
	{ "holder, passive log", R_HOLDER, 1, 0, GRANT_ALL, 0, NULL, 0,
	    IT_AUTHOR, "OOOOOOOFFFFF" },
	{ "holder, other's private note", R_HOLDER, 1, 1, GRANT_ALL, 0, NULL,
	    0, IT_PRIV_OTHER, "OOOOFOOOOFOF" },
	{ "holder, own private note", R_HOLDER, 1, 1, GRANT_ALL, 0, NULL, 0,
	    IT_PRIV_MINE, "OOOOOOOOOOOF" },
	{ "guardian", R_GUARDIAN, 1, 1, GRANT_ALL, 0, NULL, 0, IT_PLAIN,
	    "OOOOOOOFOFOO" },
	{ "guardian, passive log", R_GUARDIAN, 1, 0, GRANT_ALL, 0, NULL, 0,
	    IT_PLAIN, "OOOOOOOFFFFF" },
	{ "guardian, other's private note", R_GUARDIAN, 1, 1, GRANT_ALL, 0,
	    NULL, 0, IT_PRIV_OTHER, "OOOOFOOFOFOO" },
	{ "actor, own concern", R_ACTOR, 1, 1, GRANT_ALL, 0, NULL, 0,
	    IT_ACTOR, "OFOOFFFFOFOF" },
	{ "actor, other concern", R_ACTOR, 1, 1, GRANT_ALL, 0, NULL, 0,
	    IT_PLAIN, "OFFOFFFFOFOF" },
	{ "actor, note in visible concern", R_ACTOR, 1, 1, GRANT_ALL, 0, NULL,
	    0, IT_NOTE_VIS, "OFFOOFFFOFOF" },
	{ "actor, note in hidden concern", R_ACTOR, 1, 1, GRANT_ALL, 0, NULL,
	    0, IT_NOTE_HIDDEN, "OFFOFFFFOFOF" },
	{ "actor, own bright spot", R_ACTOR, 1, 1, GRANT_ALL, 0, NULL, 0,
	    IT_AUTHOR, "OFFOOFFFOOOF" },
	{ "actor, passive log", R_ACTOR, 1, 0, GRANT_ALL, 0, NULL, 0,
	    IT_ACTOR, "OFOOFFFFFFFF" },
	{ "grant all, no expiry", R_GRANT, 1, 1, GRANT_ALL, 0, NULL, 0,
	    IT_PLAIN, "OFOOOOFFFFFF" },
	{ "grant all, expires tomorrow", R_GRANT, 1, 1, GRANT_ALL, 0,
	    TOMORROW, 0, IT_PLAIN, "OFOOOOFFFFFF" },
	{ "grant all, expires today", R_GRANT, 1, 1, GRANT_ALL, 0, TODAY, 0,
	    IT_PLAIN, "OFOOOOFFFFFF" },
	{ "grant all, expired yesterday", R_GRANT, 1, 1, GRANT_ALL, 0,
	    YESTERDAY, 0, IT_PLAIN, "NNNNNNNNNNNN" },
	{ "grant categories, listed", R_GRANT, 1, 1, GRANT_CATEGORIES, 0,
	    TOMORROW, 0, IT_GRANTED, "OFOOFFFFFFFF" },
	{ "grant categories, not listed", R_GRANT, 1, 1, GRANT_CATEGORIES, 0,
	    NULL, 0, IT_PLAIN, "OFFOFFFFFFFF" },
	{ "grant concerns, listed", R_GRANT, 1, 1, GRANT_CONCERNS, 0, NULL, 0,
	    IT_GRANTED, "OFOOFFFFFFFF" },
	{ "grant concerns, listed, expired", R_GRANT, 1, 1, GRANT_CONCERNS, 0,
	    YESTERDAY, 0, IT_GRANTED, "NNNNNNNNNNNN" },
	{ "grant active only, active concern", R_GRANT, 1, 1, GRANT_ALL, 1,
	    NULL, 0, IT_PLAIN, "OFOOFOFFFFFF" },
	{ "grant active only, closed concern", R_GRANT, 1, 1, GRANT_ALL, 1,
	    NULL, 0, IT_CLOSED, "OFFOFOFFFFFF" },
	{ "grant categories active only, closed", R_GRANT, 1, 1,
	    GRANT_CATEGORIES, 1, NULL, 0, IT_CLOSED_GRANTED, "OFFOFFFFFFFF" },
	{ "grant all, history all, closed concern", R_GRANT, 1, 1, GRANT_ALL,
	    0, NULL, 0, IT_CLOSED, "OFOOOOFFFFFF" },
	{ "grant, passive log", R_GRANT, 1, 0, GRANT_ALL, 0, NULL, 0,
	    IT_PLAIN, "OFOOOOFFFFFF" },
	/*
	 * A read grant only reads ("lesetilgang"): no bright spots, not even
	 * editing one written earlier as an actor.
	 */
	{ "grant all, own bright spot", R_GRANT, 1, 1, GRANT_ALL, 0, NULL, 0,
	    IT_AUTHOR, "OFOOOOFFFFFF" },
	{ "leader without grant", R_LEADER, 1, 1, GRANT_ALL, 0, NULL, 0,
	    IT_PLAIN, "OFFOFFFFFFFF" },
	{ "leader, own bright spot", R_LEADER, 1, 1, GRANT_ALL, 0, NULL, 0,
	    IT_AUTHOR, "OFFOOFFFFFFF" },
	{ "leader with expired grant", R_GRANT, 1, 1, GRANT_ALL, 0,
	    YESTERDAY, 1, IT_PLAIN, "OFFOFFFFFFFF" },
	{ "leader with grant", R_GRANT, 1, 1, GRANT_ALL, 0, TOMORROW, 1,
	    IT_PLAIN, "OFOOOOFFFFFF" },
};

static void
facts_of(const struct lcase *k, struct log_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->exists = k->exists;
	f->active = k->active;
	f->holder = k->role == R_HOLDER;
	f->guardian = k->role == R_GUARDIAN;
	f->actor = k->role == R_ACTOR;
	f->leader = k->role == R_LEADER || k->leader_too;
	f->grant = k->role == R_GRANT;
	f->grant_scope = k->scope;
	f->grant_active_only = k->active_only;
	snprintf(f->grant_expires, sizeof(f->grant_expires), "%s",
	    k->expires ? k->expires : "");
	snprintf(f->today, sizeof(f->today), "%s", TODAY);
}

START_TEST(log_table)
{
	const struct lcase	*k = &cases[_i];
	struct log_facts	 f;
	enum sl_err		 rc, want;
	int			 a;

	/* The later actions are in test_policy_meeting.c. */
	ck_assert_uint_eq(strlen(k->expect), LA_WITHDRAW_CONSENT + 1);
	facts_of(k, &f);
	for (a = 0; a <= LA_WITHDRAW_CONSENT; a++) {
		rc = policy_log(&f, a, &k->item);
		want = k->expect[a] == 'O' ? SL_OK : k->expect[a] == 'F' ?
		    SL_EFORBIDDEN : SL_ENOTFOUND;
		ck_assert_msg(rc == want, "%s: %s gave %s, expected %s",
		    k->name, policy_log_action_name(a), sl_strerror(rc),
		    sl_strerror(want));
	}
}
END_TEST

/*
 * The package to another municipality (LA_EXPORT), one letter per case
 * of cases[] in order: the holder, active or passive; nobody else (a
 * leader acting for a holder who left takes the log over first).
 */
static const char export_expect[] = "NNOOOOO" "FFF" "FFFFFF" "FFFN" "FFFN"
    "FFFFFF" "FFFF";

START_TEST(export_table)
{
	const struct lcase	*k = &cases[_i];
	struct log_facts	 f;
	enum sl_err		 rc, want;

	ck_assert_uint_eq(strlen(export_expect),
	    sizeof(cases) / sizeof(cases[0]));
	facts_of(k, &f);
	rc = policy_log(&f, LA_EXPORT, &k->item);
	want = export_expect[_i] == 'O' ? SL_OK : export_expect[_i] == 'F' ?
	    SL_EFORBIDDEN : SL_ENOTFOUND;
	ck_assert_msg(rc == want, "%s: export-log gave %s, expected %s",
	    k->name, sl_strerror(rc), sl_strerror(want));
	/* Never from a big screen (meeting mode). */
	f.meeting = 1;
	rc = policy_log(&f, LA_EXPORT, &k->item);
	ck_assert_msg(rc == (want == SL_ENOTFOUND ? SL_ENOTFOUND :
	    SL_EFORBIDDEN), "%s in meeting mode: export-log gave %s", k->name,
	    sl_strerror(rc));
	ck_assert_str_eq(policy_log_action_name(LA_EXPORT), "export-log");
}
END_TEST

START_TEST(item_actions_need_an_item)
{
	struct log_facts	 f;

	memset(&f, 0, sizeof(f));
	f.exists = f.active = f.actor = 1;
	snprintf(f.today, sizeof(f.today), TODAY);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_CONCERN, NULL), SL_EFORBIDDEN);
	ck_assert_int_eq(policy_log(&f, LA_VIEW_NOTE, NULL), SL_EFORBIDDEN);
	ck_assert_int_eq(policy_log(&f, LA_EDIT_BRIGHT, NULL), SL_EFORBIDDEN);
	ck_assert_int_eq(policy_log(&f, LA__COUNT, NULL), SL_EFORBIDDEN);
	ck_assert_int_eq(policy_log(NULL, LA_VIEW, NULL), SL_ENOTFOUND);
	ck_assert_str_eq(policy_log_action_name(LA__COUNT), "unknown");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("policy");
	TCase	*tc = tcase_create("policy");

	tcase_add_test(tc, table);
	tcase_add_test(tc, unknown_action_denied);
	tcase_add_loop_test(tc, log_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, export_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, item_actions_need_an_item);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
