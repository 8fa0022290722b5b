/*
 * test_ldap_live.c - the directory module against a live slapd loaded
 * with conf/demo/fjordvik.ldif (tests/servers/ldap.sh start).
 *
 * Runs only when SL_TEST_LDAP_URI is set, e.g.
 *   RUN=/tmp/ldaptest tests/servers/ldap.sh start
 *   SL_TEST_LDAP_URI=ldap://127.0.0.1:18389/ build/test_ldap_live
 * otherwise it prints a note and exits 0 (a failure under make check,
 * see tu_server).  Optional overrides:
 *   SL_TEST_LDAP_BASE           dc=fjordvik,dc=kommune,dc=no
 *   SL_TEST_LDAP_BIND_DN        cn=stafettlogg,ou=services,<base>
 *   SL_TEST_LDAP_BIND_PASSWORD  demo-service-secret
 *   SL_TEST_LDAP_USER_PASSWORD  stafett-demo
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "../../fcgi/config.h"
#include "../../fcgi/ldap_dir.h"
#include "../../fcgi/util.h"
#include "testutil.h"

static const char	*uri, *base, *bind_dn, *bind_pw, *user_pw;
static char		 bind_dn_buf[CONF_STR_MAX];
static struct config	 C;
static struct arena	*A;

static const char *
env_or(const char *name, const char *def)
{
	const char	*v = getenv(name);

	return v != NULL && *v != '\0' ? v : def;
}

/* dst = s; fails the test on truncation. */
static void
conf_str(char *dst, const char *s)
{
	ck_assert_int_eq(bsnprintf(dst, CONF_STR_MAX, "%s", s), SL_OK);
}

/* dst = prefix followed by the base DN. */
static void
conf_dn(char *dst, const char *prefix)
{
	ck_assert_int_eq(bsnprintf(dst, CONF_STR_MAX, "%s%s", prefix, base),
	    SL_OK);
}

static void
setup(void)
{
	A = arena_new();
	ck_assert_ptr_nonnull(A);
	memset(&C, 0, sizeof(C));
	ck_assert_int_eq(bsnprintf(C.ldap_uri, sizeof(C.ldap_uri), "%s", uri),
	    SL_OK);
	ck_assert_int_eq(bsnprintf(C.ldap_bind_dn, sizeof(C.ldap_bind_dn),
	    "%s", bind_dn), SL_OK);
	ck_assert_int_eq(bsnprintf(C.ldap_bind_password,
	    sizeof(C.ldap_bind_password), "%s", bind_pw), SL_OK);
	conf_dn(C.ldap_user_base, "ou=people,");
	conf_str(C.ldap_user_filter,
	    "(&(objectClass=inetOrgPerson)(uid=%s))");
	conf_str(C.ldap_attr_uid, "uid");
	conf_str(C.ldap_attr_name, "cn");
	conf_str(C.ldap_attr_mail, "mail");
	conf_str(C.ldap_attr_member_of, "memberOf");
	conf_dn(C.ldap_unit_base, "ou=units,");
	conf_str(C.ldap_unit_filter,
	    "(&(objectClass=groupOfNames)(member=%s))");
	conf_str(C.ldap_attr_unit_id, "cn");
	conf_str(C.ldap_attr_unit_name, "description");
	conf_str(C.ldap_attr_unit_leader, "owner");
	conf_dn(C.ldap_unit_leader_group, "cn=%s-ledere,ou=roles,");
	conf_dn(C.ldap_leader_group, "cn=virksomhetsledere,ou=roles,");
	conf_dn(C.ldap_admin_group, "cn=kommuneadmin,ou=roles,");
	C.ldap_timeout = 5;
}

static void
teardown(void)
{
	arena_free(A);
	A = NULL;
}

/* Log in with the demo password; fails the test unless SL_OK. */
static struct dir_user *
login(const char *user)
{
	struct dir_user	*u = NULL;
	enum sl_err	 e;

	e = dir_authenticate(&C, A, user, user_pw, &u);
	ck_assert_msg(e == SL_OK, "login %s: %s", user, sl_strerror(e));
	ck_assert_ptr_nonnull(u);
	ck_assert_ptr_nonnull(u->dn);
	ck_assert_ptr_nonnull(u->uid);
	ck_assert_ptr_nonnull(u->name);
	ck_assert_ptr_nonnull(u->mail);
	return u;
}

static enum sl_err
auth(const char *user, const char *pass)
{
	static struct dir_user	 sentinel;
	struct dir_user		*u = &sentinel;
	enum sl_err		 e;

	e = dir_authenticate(&C, A, user, pass, &u);
	if (e != SL_OK)
		ck_assert_ptr_null(u);
	return e;
}

static void
check_unit(const struct dir_unit *un, const char *id, const char *name,
    int leader)
{
	char	dn[CONF_STR_MAX];

	ck_assert_str_eq(un->id, id);
	ck_assert_str_eq(un->name, name);
	ck_assert_int_eq(un->leader, leader);
	ck_assert_int_eq(bsnprintf(dn, sizeof(dn), "cn=%s,ou=units,%s", id,
	    base), SL_OK);
	ck_assert_str_eq(un->dn, dn);
}

START_TEST(login_leader)
{
	struct dir_user	*u = login("kari.holm");
	char		 dn[CONF_STR_MAX];

	ck_assert_int_eq(bsnprintf(dn, sizeof(dn),
	    "uid=kari.holm,ou=people,%s", base), SL_OK);
	ck_assert_str_eq(u->dn, dn);
	ck_assert_str_eq(u->uid, "kari.holm");
	ck_assert_str_eq(u->name, "Kari Holm");
	ck_assert_str_eq(u->mail, "kari.holm@fjordvik.kommune.no");
	ck_assert_int_eq(u->is_leader, 1);
	ck_assert_int_eq(u->is_admin, 0);
	ck_assert_uint_eq(u->nunits, 1);
	check_unit(&u->units[0], "solbakken-barnehage", "Solbakken barnehage",
	    1);
}
END_TEST

START_TEST(login_staff)
{
	struct dir_user	*u = login("ola.berg");

	ck_assert_str_eq(u->name, "Ola Berg");
	ck_assert_int_eq(u->is_leader, 0);
	ck_assert_int_eq(u->is_admin, 0);
	ck_assert_uint_eq(u->nunits, 1);
	check_unit(&u->units[0], "solbakken-barnehage", "Solbakken barnehage",
	    0);

	u = login("jonas.moe");
	ck_assert_uint_eq(u->nunits, 1);
	check_unit(&u->units[0], "ppt", "PPT Fjordvik", 0);
}
END_TEST

START_TEST(login_principal_and_child_welfare_leader)
{
	struct dir_user	*u = login("per.lund");

	/* Leads the school (its leader group), a plain member of PPT. */
	ck_assert_int_eq(u->is_leader, 1);
	ck_assert_uint_eq(u->nunits, 2);
	check_unit(&u->units[0], "fjordvik-skole", "Fjordvik skole", 1);
	check_unit(&u->units[1], "ppt", "PPT Fjordvik", 0);

	u = login("ingrid.dahl");
	ck_assert_int_eq(u->is_leader, 0);
	check_unit(&u->units[0], "fjordvik-skole", "Fjordvik skole", 0);

	u = login("sofie.strand");
	ck_assert_int_eq(u->is_leader, 1);
	ck_assert_uint_eq(u->nunits, 1);
	check_unit(&u->units[0], "barnevern", "Barneverntjenesten i Fjordvik",
	    1);
}
END_TEST

START_TEST(login_non_ascii_name)
{
	struct dir_user	*u = login("ase.ovrebo");

	ck_assert_str_eq(u->uid, "ase.ovrebo");
	ck_assert_str_eq(u->name, "\xc3\x85se \xc3\x98vreb\xc3\xb8");
	ck_assert_uint_eq(u->nunits, 1);
	check_unit(&u->units[0], "fjordvik-helsestasjon",
	    "Fjordvik helsestasjon", 0);
}
END_TEST

START_TEST(login_two_units_sorted)
{
	struct dir_user	*u = login("lise.ahmadi");

	ck_assert_int_eq(u->is_leader, 0);
	ck_assert_uint_eq(u->nunits, 2);
	check_unit(&u->units[0], "fjordvik-helsestasjon",
	    "Fjordvik helsestasjon", 0);
	check_unit(&u->units[1], "solbakken-barnehage", "Solbakken barnehage",
	    0);
}
END_TEST

START_TEST(login_admin_no_unit)
{
	struct dir_user	*u = login("even.nilsen");

	ck_assert_str_eq(u->name, "Even Nilsen");
	ck_assert_int_eq(u->is_admin, 1);
	ck_assert_int_eq(u->is_leader, 0);
	ck_assert_uint_eq(u->nunits, 0);
	ck_assert_ptr_null(u->units);
}
END_TEST

START_TEST(login_case_insensitive_name)
{
	struct dir_user	*u = login("KARI.Holm");

	/* The stored spelling comes back, not the typed one. */
	ck_assert_str_eq(u->uid, "kari.holm");
}
END_TEST

START_TEST(role_dn_spelling)
{
	struct dir_user	*u;

	/* Other case and spacing in the configured DN still match. */
	conf_dn(C.ldap_leader_group, "CN=Virksomhetsledere, OU=roles, ");
	u = login("per.lund");
	ck_assert_int_eq(u->is_leader, 1);
	conf_dn(C.ldap_admin_group, "cn=KommuneAdmin,ou=Roles,");
	u = login("even.nilsen");
	ck_assert_int_eq(u->is_admin, 1);
	/* The leader group pattern, spelled otherwise, too. */
	conf_dn(C.ldap_unit_leader_group, "CN=%s-Ledere, OU=Roles, ");
	u = login("per.lund");
	ck_assert_int_eq(u->units[0].leader, 1);
	/* Unset roles: nobody has them. */
	C.ldap_admin_group[0] = '\0';
	u = login("even.nilsen");
	ck_assert_int_eq(u->is_admin, 0);
	/* Without the optional gate the units still say who leads them. */
	C.ldap_leader_group[0] = '\0';
	u = login("per.lund");
	ck_assert_int_eq(u->is_leader, 1);
	ck_assert_int_eq(u->units[0].leader, 1);
	ck_assert_int_eq(u->units[1].leader, 0);
	/* No unit mapping: nobody leads. */
	C.ldap_attr_unit_leader[0] = '\0';
	C.ldap_unit_leader_group[0] = '\0';
	u = login("per.lund");
	ck_assert_int_eq(u->is_leader, 0);
	ck_assert_int_eq(u->units[0].leader, 0);
	u = login("kari.holm");
	ck_assert_int_eq(u->is_leader, 0);
}
END_TEST

START_TEST(leadership_belongs_to_a_unit)
{
	struct dir_user	*u;

	/* (a) only the unit's attribute (owner, as AD's managedBy). */
	C.ldap_unit_leader_group[0] = '\0';
	u = login("kari.holm");
	ck_assert_int_eq(u->is_leader, 1);
	check_unit(&u->units[0], "solbakken-barnehage", "Solbakken barnehage",
	    1);
	u = login("per.lund");
	ck_assert_int_eq(u->is_leader, 0);
	ck_assert_int_eq(u->units[0].leader, 0);
	ck_assert_int_eq(u->units[1].leader, 0);
	/* An attribute the units do not have: nobody leads. */
	conf_str(C.ldap_attr_unit_leader, "seeAlso");
	u = login("kari.holm");
	ck_assert_int_eq(u->is_leader, 0);

	/* (b) only the leader group per unit. */
	C.ldap_attr_unit_leader[0] = '\0';
	conf_dn(C.ldap_unit_leader_group, "cn=%s-ledere,ou=roles,");
	u = login("per.lund");
	ck_assert_int_eq(u->is_leader, 1);
	ck_assert_int_eq(u->units[0].leader, 1);
	ck_assert_int_eq(u->units[1].leader, 0);
	u = login("kari.holm");
	ck_assert_int_eq(u->is_leader, 0);
	/* A pattern without exactly one %s makes nobody a leader. */
	conf_dn(C.ldap_unit_leader_group, "cn=fjordvik-skole-ledere,ou=roles,");
	u = login("per.lund");
	ck_assert_int_eq(u->is_leader, 0);

	/* The gate: only members of ldap_leader_group lead at all. */
	conf_str(C.ldap_attr_unit_leader, "owner");
	conf_dn(C.ldap_unit_leader_group, "cn=%s-ledere,ou=roles,");
	conf_dn(C.ldap_leader_group, "cn=kommuneadmin,ou=roles,");
	u = login("kari.holm");
	ck_assert_int_eq(u->is_leader, 0);
	ck_assert_int_eq(u->units[0].leader, 0);
	u = login("per.lund");
	ck_assert_int_eq(u->is_leader, 0);
	/* Everyone else in the units is staff whatever the mapping. */
	u = login("lise.ahmadi");
	ck_assert_int_eq(u->is_leader, 0);
}
END_TEST

START_TEST(lookup_then_password)
{
	struct dir_user	*u = NULL;

	/* The account is known before any password is tried. */
	ck_assert_int_eq(dir_lookup(&C, A, "KARI.holm", &u), SL_OK);
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(u->uid, "kari.holm");
	ck_assert_int_eq(dir_check_password(&C, u, "wrong"), SL_EAUTH);
	ck_assert_int_eq(dir_check_password(&C, u, ""), SL_EINPUT);
	ck_assert_int_eq(dir_check_password(&C, u, user_pw), SL_OK);
	/* Variants slapd folds to the same entry resolve to the same uid. */
	ck_assert_int_eq(dir_lookup(&C, A, " kari.holm", &u), SL_OK);
	ck_assert_str_eq(u->uid, "kari.holm");
	ck_assert_int_eq(dir_lookup(&C, A, "\xe2\x84\xaa" "ari.holm", &u), SL_OK);
	ck_assert_str_eq(u->uid, "kari.holm");
	ck_assert_int_eq(dir_lookup(&C, A, "nobody.here", &u), SL_EAUTH);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(dir_lookup(&C, A, "", &u), SL_EINPUT);
}
END_TEST

START_TEST(missing_attributes_fall_back)
{
	struct dir_user	*u;

	conf_str(C.ldap_attr_name, "displayName");
	conf_str(C.ldap_attr_mail, "otherMailbox");
	conf_str(C.ldap_attr_unit_name, "businessCategory");
	u = login("kari.holm");
	ck_assert_str_eq(u->name, "kari.holm");
	ck_assert_str_eq(u->mail, "");
	ck_assert_str_eq(u->units[0].name, "solbakken-barnehage");
}
END_TEST

START_TEST(wrong_password)
{
	ck_assert_int_eq(auth("kari.holm", "stafett-demo2"), SL_EAUTH);
	ck_assert_int_eq(auth("kari.holm", "Stafett-demo"), SL_EAUTH);
	ck_assert_int_eq(auth("kari.holm", " "), SL_EAUTH);
	/* Another person's password. */
	ck_assert_int_eq(auth("kari.holm", "demo-service-secret"), SL_EAUTH);
}
END_TEST

START_TEST(unknown_user)
{
	ck_assert_int_eq(auth("nobody.here", user_pw), SL_EAUTH);
	ck_assert_int_eq(auth("stafettlogg", "demo-service-secret"), SL_EAUTH);
	ck_assert_int_eq(auth("\xc3\x85se", user_pw), SL_EAUTH);
}
END_TEST

START_TEST(empty_input)
{
	ck_assert_int_eq(auth("kari.holm", ""), SL_EINPUT);
	ck_assert_int_eq(auth("", user_pw), SL_EINPUT);
}
END_TEST

START_TEST(injection)
{
	static const char *const names[] = {
		"*",
		"kari*",
		"*holm",
		"*)(uid=*",
		"*)(uid=*))(|(uid=*",
		"kari.holm)(uid=*",
		"kari.holm)(|(objectClass=*)",
		"*)(objectClass=*",
		"\\2a",
		"kari.holm\\29",
	};
	size_t	i;

	/* Even with the right password no wildcard or filter gets in. */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(auth(names[i], user_pw) == SL_EAUTH,
		    "user name \"%s\" was not refused", names[i]);
}
END_TEST

START_TEST(ambiguous_user)
{
	/* A filter that matches two people must not log either in. */
	conf_str(C.ldap_user_filter,
	    "(&(objectClass=inetOrgPerson)(|(uid=%s)(uid=ola.berg)))");
	ck_assert_int_eq(auth("kari.holm", user_pw), SL_EAUTH);
	conf_str(C.ldap_user_filter, "(&(objectClass=inetOrgPerson)"
	    "(|(uid=%s)(uid=ola.berg)(uid=per.lund)))");
	ck_assert_int_eq(auth("kari.holm", user_pw), SL_EAUTH);
}
END_TEST

START_TEST(long_name)
{
	char	name[DIR_USER_MAX + 2];

	memset(name, 'k', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ck_assert_int_eq(auth(name, user_pw), SL_EINPUT);
	name[DIR_USER_MAX] = '\0';
	ck_assert_int_eq(auth(name, user_pw), SL_EAUTH);
}
END_TEST

START_TEST(unreachable)
{
	ck_assert_int_eq(bsnprintf(C.ldap_uri, sizeof(C.ldap_uri), "%s",
	    "ldap://127.0.0.1:1/"), SL_OK);
	ck_assert_int_eq(auth("kari.holm", user_pw), SL_EDIR);
	ck_assert_int_eq(dir_ping(&C), SL_EDIR);
}
END_TEST

START_TEST(service_bind_refused)
{
	ck_assert_int_eq(bsnprintf(C.ldap_bind_password,
	    sizeof(C.ldap_bind_password), "%s", "wrong-secret"), SL_OK);
	ck_assert_int_eq(auth("kari.holm", user_pw), SL_EDIR);
	ck_assert_int_eq(dir_ping(&C), SL_EDIR);
	/*
	 * Anonymous binds, but may not see ou=people (slapd says "no such
	 * object"): a directory problem, not a wrong password.
	 */
	C.ldap_bind_dn[0] = '\0';
	C.ldap_bind_password[0] = '\0';
	ck_assert_int_eq(dir_ping(&C), SL_OK);
	ck_assert_int_eq(auth("kari.holm", user_pw), SL_EDIR);
}
END_TEST

START_TEST(bad_base)
{
	conf_dn(C.ldap_user_base, "ou=nowhere,");
	ck_assert_int_eq(auth("kari.holm", user_pw), SL_EDIR);
	conf_dn(C.ldap_user_base, "ou=people,");
	conf_dn(C.ldap_unit_base, "ou=nowhere,");
	ck_assert_int_eq(auth("kari.holm", user_pw), SL_EDIR);
}
END_TEST

START_TEST(ping)
{
	ck_assert_int_eq(dir_ping(&C), SL_OK);
}
END_TEST

static Suite *
live_suite(void)
{
	Suite	*s = suite_create("ldap_live");
	TCase	*tc;

	tc = tcase_create("login");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, ping);
	tcase_add_test(tc, login_leader);
	tcase_add_test(tc, login_staff);
	tcase_add_test(tc, login_principal_and_child_welfare_leader);
	tcase_add_test(tc, login_non_ascii_name);
	tcase_add_test(tc, login_two_units_sorted);
	tcase_add_test(tc, login_admin_no_unit);
	tcase_add_test(tc, login_case_insensitive_name);
	tcase_add_test(tc, role_dn_spelling);
	tcase_add_test(tc, leadership_belongs_to_a_unit);
	tcase_add_test(tc, lookup_then_password);
	tcase_add_test(tc, missing_attributes_fall_back);
	suite_add_tcase(s, tc);

	tc = tcase_create("refused");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, wrong_password);
	tcase_add_test(tc, unknown_user);
	tcase_add_test(tc, empty_input);
	tcase_add_test(tc, injection);
	tcase_add_test(tc, ambiguous_user);
	tcase_add_test(tc, long_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("broken");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, unreachable);
	tcase_add_test(tc, service_bind_refused);
	tcase_add_test(tc, bad_base);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	/* As the workers and the master do (libldap writes with write(2)). */
	signal(SIGPIPE, SIG_IGN);
	/* A slapd with conf/demo/fjordvik.ldif (tests/servers/ldap.sh). */
	if ((uri = tu_server("SL_TEST_LDAP_URI", "test_ldap_live")) == NULL)
		return EXIT_SUCCESS;
	base = env_or("SL_TEST_LDAP_BASE", "dc=fjordvik,dc=kommune,dc=no");
	if (bsnprintf(bind_dn_buf, sizeof(bind_dn_buf),
	    "cn=stafettlogg,ou=services,%s", base) != SL_OK) {
		fprintf(stderr, "test_ldap_live: SL_TEST_LDAP_BASE too long\n");
		return EXIT_FAILURE;
	}
	bind_dn = env_or("SL_TEST_LDAP_BIND_DN", bind_dn_buf);
	bind_pw = env_or("SL_TEST_LDAP_BIND_PASSWORD", "demo-service-secret");
	user_pw = env_or("SL_TEST_LDAP_USER_PASSWORD", "stafett-demo");

	sr = srunner_create(live_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
