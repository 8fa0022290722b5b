/*
 * test_rules.c - the rules of the stafettlogg: the consent age rule
 * (pure), and the measure rules that the database enforces (the 8-hour
 * window, one active measure per actor and concern, one evaluation per
 * measure), run against the private test MariaDB when SL_TEST_CONF
 * names its configuration (tests/check.sh sets it); otherwise those
 * tests say they were skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../fcgi/config.h"
#include "../../fcgi/consent.h"
#include "../../fcgi/db.h"
#include "../../fcgi/measure.h"
#include "testutil.h"

START_TEST(consent_below_age_needs_guardian)
{
	const char	*field, *key;

	key = consent_check(15, 16, 0, "guardians", &field);
	ck_assert_str_eq(key, "field.guardian.required");
	ck_assert_str_eq(field, "guardian1-name");
	ck_assert_ptr_null(consent_check(15, 16, 1, "guardians", &field));
	ck_assert_str_eq(consent_check(15, 16, 2, "youth", &field),
	    "field.consent.guardians-required");
	ck_assert_ptr_null(consent_check(0, 16, 1, "guardians", &field));
}
END_TEST

START_TEST(consent_from_age_needs_youth)
{
	const char	*field;

	ck_assert_str_eq(consent_check(16, 16, 1, "guardians", &field),
	    "field.consent.youth-required");
	ck_assert_ptr_null(consent_check(16, 16, 0, "youth", &field));
	ck_assert_ptr_null(consent_check(17, 16, 2, "youth", &field));
	/* A municipality using 15. */
	ck_assert_ptr_null(consent_check(15, 15, 0, "youth", &field));
	ck_assert_str_eq(consent_check(14, 15, 0, "youth", &field),
	    "field.guardian.required");
}
END_TEST

static struct config	 cfg;
static struct db	*db;
static struct arena	*a;
static long long	 log_id, concern_id;

static const char	*test_conf;	/* SL_TEST_CONF, via tu_server */

static int
have_db(void)
{
	return test_conf != NULL;
}

/* A log with one concern, written directly (test fixture). */
static void
setup(void)
{
	char		 err[512];
	static int	 n;
	char		 nin[12];

	if (!have_db())
		return;
	config_defaults(&cfg);
	ck_assert_msg(config_load(&cfg, test_conf, err,
	    sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(db_open(&cfg, &db), SL_OK);
	ck_assert_ptr_nonnull(a = arena_new());
	ck_assert_int_eq(db_exec(db, "INSERT IGNORE INTO staff (uid, dn, name,"
	    " created_at) VALUES ('rules.test', 'uid=rules.test', 'Rules Test',"
	    " UTC_TIMESTAMP())", ""), SL_OK);
	/* Not a valid number: the fixture bypasses the application. */
	snprintf(nin, sizeof(nin), "9%010u", ((unsigned int)getpid() * 100u +
	    (unsigned int)++n) % 1000000000u);
	ck_assert_int_eq(db_exec(db, "INSERT INTO log (nin, child_name,"
	    " birth_date, unit_id, holder_uid, level, created_at, created_by)"
	    " VALUES (?, 'Test Barn', '2020-01-01', 'u', 'rules.test', 1,"
	    " UTC_TIMESTAMP(), 'rules.test')", "s", nin), SL_OK);
	log_id = (long long)db_insert_id(db);
	ck_assert_int_eq(db_exec(db, "INSERT INTO concern (log_id, category_id,"
	    " description, goal, maintaining, registered_at, created_at,"
	    " created_by, updated_at) VALUES (?, 1, 'd', 'g', '', UTC_DATE(),"
	    " UTC_TIMESTAMP(), 'rules.test', UTC_TIMESTAMP())", "i", log_id),
	    SL_OK);
	concern_id = (long long)db_insert_id(db);
}

static void
teardown(void)
{
	if (!have_db())
		return;
	(void)db_exec(db, "DELETE FROM log WHERE id = ?", "i", log_id);
	db_close(db);
	arena_free(a);
}

/* An active measure created hours_ago hours ago; returns its id. */
static long long
measure(const char *actor_key, double hours_ago)
{
	ck_assert_int_eq(db_exec(db, "INSERT INTO measure (log_id, concern_id,"
	    " text, kind, actor_kind, actor_uid, active_actor, start_date,"
	    " evaluate_by, created_at, created_by) VALUES (?, ?, 'tekst',"
	    " 'service', 'staff', 'rules.test', ?, UTC_DATE(), UTC_DATE() +"
	    " INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL ? SECOND,"
	    " 'rules.test')", "iisi", log_id, concern_id, actor_key,
	    (long long)(hours_ago * 3600)), SL_OK);
	return (long long)db_insert_id(db);
}

#define NEED_DB() do { if (!have_db()) { \
	printf("skipped: SL_TEST_CONF not set (no test database)\n"); \
	return; } } while (0)

START_TEST(text_correctable_within_8_hours)
{
	long long	 m;
	int		 yes;

	NEED_DB();
	m = measure("staff:a", 7.9);
	ck_assert_int_eq(measure_text_editable(db, a, m, &yes), SL_OK);
	ck_assert_int_eq(yes, 1);
	ck_assert_int_eq(measure_set_text(db, m, "rettet"), SL_OK);
	/* The same text again is still inside the window: fine. */
	ck_assert_int_eq(measure_set_text(db, m, "rettet"), SL_OK);
}
END_TEST

START_TEST(text_fixed_after_8_hours)
{
	long long	 m;
	int		 yes;
	struct dbrows	*r;

	NEED_DB();
	m = measure("staff:b", 8.01);
	ck_assert_int_eq(measure_text_editable(db, a, m, &yes), SL_OK);
	ck_assert_int_eq(yes, 0);
	ck_assert_int_eq(measure_set_text(db, m, "for sent"), SL_EFORBIDDEN);
	ck_assert_int_eq(db_query(db, a, &r, "SELECT text FROM measure WHERE"
	    " id = ?", "i", m), SL_OK);
	ck_assert_str_eq(dbrows_get(r, 0, 0), "tekst");
}
END_TEST

START_TEST(one_active_measure_per_actor_and_concern)
{
	long long	 m;
	int		 free_;

	NEED_DB();
	ck_assert_int_eq(measure_actor_free(db, a, concern_id, "staff:c", 0,
	    &free_), SL_OK);
	ck_assert_int_eq(free_, 1);
	m = measure("staff:c", 0);
	ck_assert_int_eq(measure_actor_free(db, a, concern_id, "staff:c", 0,
	    &free_), SL_OK);
	ck_assert_int_eq(free_, 0);
	/* The measure itself does not block its own correction. */
	ck_assert_int_eq(measure_actor_free(db, a, concern_id, "staff:c", m,
	    &free_), SL_OK);
	ck_assert_int_eq(free_, 1);
	/* The database refuses a second active one whatever the caller did. */
	ck_assert_int_eq(db_exec(db, "INSERT INTO measure (log_id, concern_id,"
	    " text, kind, actor_kind, active_actor, start_date, evaluate_by,"
	    " created_at, created_by) VALUES (?, ?, 't', 'service', 'staff',"
	    " 'staff:c', UTC_DATE(), UTC_DATE(), UTC_TIMESTAMP(), 'x')", "ii",
	    log_id, concern_id), SL_ECONFLICT);
	/* Another actor is fine. */
	ck_assert_int_eq(measure_actor_free(db, a, concern_id, "guardian:1", 0,
	    &free_), SL_OK);
	ck_assert_int_eq(free_, 1);
	/* Once ended, the actor may have a new measure. */
	ck_assert_int_eq(measure_evaluate(db, m, log_id, 1, "bra", "end",
	    "rules.test"), SL_OK);
	ck_assert_int_eq(measure_actor_free(db, a, concern_id, "staff:c", 0,
	    &free_), SL_OK);
	ck_assert_int_eq(free_, 1);
}
END_TEST

START_TEST(evaluation_only_once)
{
	long long	 m;
	struct dbrows	*r;

	NEED_DB();
	m = measure("staff:d", 0);
	ck_assert_int_eq(measure_evaluate(db, m, log_id, 1, "Familien er"
	    " fornøyd", "continue", "rules.test"), SL_OK);
	ck_assert_int_eq(measure_evaluate(db, m, log_id, 0, "igjen", "end",
	    "rules.test"), SL_ECONFLICT);
	ck_assert_int_eq(db_query(db, a, &r, "SELECT e.decision, m.status FROM"
	    " evaluation e JOIN measure m ON m.id = e.measure_id WHERE"
	    " e.measure_id = ?", "i", m), SL_OK);
	ck_assert_uint_eq(r->nrows, 1);
	ck_assert_str_eq(dbrows_get(r, 0, 0), "continue");
	ck_assert_str_eq(dbrows_get(r, 0, 1), "active");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("rules");
	TCase	*pure = tcase_create("consent");
	TCase	*live = tcase_create("measures");

	test_conf = tu_server("SL_TEST_CONF", "test_rules");

	tcase_add_test(pure, consent_below_age_needs_guardian);
	tcase_add_test(pure, consent_from_age_needs_youth);
	tcase_add_checked_fixture(live, setup, teardown);
	tcase_add_test(live, text_correctable_within_8_hours);
	tcase_add_test(live, text_fixed_after_8_hours);
	tcase_add_test(live, one_active_measure_per_actor_and_concern);
	tcase_add_test(live, evaluation_only_once);
	suite_add_tcase(s, pure);
	suite_add_tcase(s, live);
	return tu_run(s);
}
