/*
 * test_config.c - the configuration table: defaults, parsing, bounds,
 * cross-entry rules, error messages with file and line.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../fcgi/config.h"
#include "testutil.h"

static char path[64];

/* Write text to a temporary file; returns its path. */
static const char *
conf_file(const char *text)
{
	FILE	*f;
	int	 fd;

	snprintf(path, sizeof(path), "/tmp/sl-test-conf-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static int
load(struct config *c, const char *text, char *err, size_t errsz)
{
	int	 rc;

	config_defaults(c);
	err[0] = '\0';
	rc = config_load(c, conf_file(text), err, errsz);
	unlink(path);
	return rc;
}

START_TEST(defaults_are_valid)
{
	struct config	 c;
	char		 err[256];

	config_defaults(&c);
	ck_assert_int_eq(config_validate(&c, err, sizeof(err)), 0);
	ck_assert_int_eq(c.session_idle, 1800);
	ck_assert_int_eq(c.session_absolute, 28800);
	ck_assert_int_eq(c.cookie_secure, 1);
	ck_assert_int_eq(c.login_max_failures, 5);
	ck_assert_int_eq(c.socket_mode, 0660);
	ck_assert_str_eq(c.default_lang, "nb");
}
END_TEST

START_TEST(values_are_read)
{
	struct config	 c;
	char		 err[256];

	ck_assert_int_eq(load(&c, "# comment\n\n  workers = 7  \n"
	    "db_name=other\nsocket_mode = 0666\ncookie_secure = no\n"
	    "municipality = Fjordvik kommune\nldap_user_filter = "
	    "(&(objectClass=user)(sAMAccountName=%s))\n", err, sizeof(err)), 0);
	ck_assert_int_eq(c.workers, 7);
	ck_assert_str_eq(c.db_name, "other");
	ck_assert_int_eq(c.socket_mode, 0666);
	ck_assert_int_eq(c.cookie_secure, 0);
	ck_assert_str_eq(c.municipality, "Fjordvik kommune");
	ck_assert_str_eq(c.ldap_user_filter,
	    "(&(objectClass=user)(sAMAccountName=%s))");
}
END_TEST

START_TEST(unknown_key_names_line)
{
	struct config	 c;
	char		 err[256];

	ck_assert_int_eq(load(&c, "workers = 2\nworkrs = 3\n", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":2: unknown key 'workrs'"));
}
END_TEST

START_TEST(bounds_are_checked)
{
	struct config	 c;
	char		 err[256];

	ck_assert_int_eq(load(&c, "workers = 0\n", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "too small"));
	ck_assert_int_eq(load(&c, "workers = 100000\n", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "too large"));
	ck_assert_int_eq(load(&c, "workers = 4x\n", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "workers = \n", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "session_idle = 10\n", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "socket_mode = 666\n", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "socket_mode = 0999\n", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "cookie_secure = maybe\n", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "db_name =\n", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "must not be empty"));
}
END_TEST

START_TEST(too_long_string_refused)
{
	struct config	 c;
	char		 err[256], text[2000];

	memset(text, 'a', sizeof(text));
	memcpy(text, "db_name = ", 10);
	text[sizeof(text) - 2] = '\n';
	text[sizeof(text) - 1] = '\0';
	ck_assert_int_eq(load(&c, text, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "too long"));
}
END_TEST

START_TEST(line_without_equals_refused)
{
	struct config	 c;
	char		 err[256];

	ck_assert_int_eq(load(&c, "workers 4\n", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":1: expected key = value"));
}
END_TEST

START_TEST(cross_rules)
{
	struct config	 c;
	char		 err[256];

	ck_assert_int_eq(load(&c, "session_idle = 7200\n"
	    "session_absolute = 3600\n", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "session_idle"));
	ck_assert_int_eq(load(&c, "ldap_user_filter = (uid=kari)\n", err,
	    sizeof(err)), -1);
	/* Several %s are one name matched several ways (issue 9); nine
	 * are too many. */
	ck_assert_int_eq(load(&c, "ldap_user_filter = (|(uid=%s)(cn=%s))\n",
	    err, sizeof(err)), 0);
	ck_assert_int_eq(load(&c, "ldap_user_filter = (|(a=%s)(a=%s)(a=%s)"
	    "(a=%s)(a=%s)(a=%s)(a=%s)(a=%s)(a=%s))\n", err, sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "ldap_unit_filter = (member=%d)\n", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "default_lang = de\n", err, sizeof(err)),
	    -1);
	ck_assert_int_eq(load(&c, "socket_path = relative.sock\n", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "max_upload = 20000000\nmax_body = 10000\n",
	    err, sizeof(err)), -1);
}
END_TEST

/*
 * Migrations run as their own user, who grants the workers' user: the
 * two differ, and the workers' account is a plain name (it is written
 * into GRANT statements).
 */
START_TEST(db_accounts_checked)
{
	struct config	 c;
	char		 err[256];

	config_defaults(&c);
	ck_assert_str_eq(c.db_migrate_user, "");
	ck_assert_str_eq(c.db_user_host, "localhost");
	ck_assert_int_eq(load(&c, "db_migrate_user = sl_migrate\n"
	    "db_migrate_password = s3cret\ndb_user_host = 10.0.0.%\n", err,
	    sizeof(err)), 0);
	ck_assert_str_eq(c.db_migrate_user, "sl_migrate");
	ck_assert_str_eq(c.db_user_host, "10.0.0.%");
	ck_assert_int_eq(load(&c, "db_user = app\ndb_migrate_user = app\n",
	    err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "db_migrate_user must differ"));
	ck_assert_int_eq(load(&c, "db_user = app'@'%\n"
	    "db_migrate_user = sl_migrate\n", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "db_user must be"));
	ck_assert_int_eq(load(&c, "db_user_host = localhost' WITH GRANT\n"
	    "db_migrate_user = sl_migrate\n", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "db_user_host must be"));
	ck_assert_int_eq(load(&c, "db_user_host =\n", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "must not be empty"));
	ck_assert_int_eq(load(&c, "db_migrate_password = s3cret\n", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "db_migrate_user is not"));
}
END_TEST

START_TEST(invalid_utf8_refused)
{
	struct config	 c;
	char		 err[256];

	ck_assert_int_eq(load(&c, "municipality = Fjordvik \xC3\x28\n", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "UTF-8"));
}
END_TEST

START_TEST(repeated_key_refused)
{
	struct config	 c;
	char		 err[256];

	ck_assert_int_eq(load(&c, "# x\nworkers = 3\n\nworkers = 9\n", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":4: workers is set again"));
	ck_assert_ptr_nonnull(strstr(err, "first on line 2"));
}
END_TEST

START_TEST(control_characters_refused)
{
	struct config	 c;
	char		 err[256];
	const char	*bad[] = { "municipality = Fjord\x01vik\n",
	    "municipality = Fjord\tvik\n", "municipality = Fjord\x7fvik\n",
	    "municipality = Fjord\xc2\x9bvik\n",
	    "workers = 2\ndb_password = a\x1b[2Jb\n" };
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(load(&c, bad[i], err, sizeof(err)), -1);
		ck_assert_msg(strstr(err, "control character") != NULL,
		    "%zu: %s", i, err);
	}
	ck_assert_ptr_nonnull(strstr(err, ":2: db_password"));
	/* Windows line ends are no control characters in the value. */
	ck_assert_int_eq(load(&c, "municipality = Fjordvik\r\n", err,
	    sizeof(err)), 0);
	ck_assert_str_eq(c.municipality, "Fjordvik");
}
END_TEST

START_TEST(warnings)
{
	struct config	 c;
	char		 err[256], w[1024];
	const char	*p;

	/* No migrate user: a warning, not an error. */
	ck_assert_int_eq(load(&c, "db_password = s3cret\n", err,
	    sizeof(err)), 0);
	p = conf_file("db_password = s3cret\n");
	ck_assert_int_eq(chmod(p, 0600), 0);
	ck_assert_int_eq(config_warnings(&c, p, w, sizeof(w)), 1);
	ck_assert_ptr_nonnull(strstr(w, "db_migrate_user is not set"));
	/* Secrets in a file others may read. */
	ck_assert_int_eq(chmod(p, 0666), 0);
	ck_assert_int_eq(config_warnings(&c, p, w, sizeof(w)), 2);
	ck_assert_ptr_nonnull(strstr(w, "readable by group or others"));
	ck_assert_ptr_nonnull(strstr(w, "mode 0666"));
	ck_assert_int_eq(chmod(p, 0640), 0);
	ck_assert_int_eq(config_warnings(&c, p, w, sizeof(w)), 2);
	/* Both set right: nothing to say. */
	ck_assert_int_eq(chmod(p, 0600), 0);
	snprintf(c.db_migrate_user, sizeof(c.db_migrate_user), "sl_migrate");
	ck_assert_int_eq(config_warnings(&c, p, w, sizeof(w)), 0);
	ck_assert_str_eq(w, "");
	/* No secrets: the mode is not the configuration's business. */
	ck_assert_int_eq(chmod(p, 0644), 0);
	c.db_password[0] = '\0';
	ck_assert_int_eq(config_warnings(&c, p, w, sizeof(w)), 0);
	unlink(p);
}
END_TEST

START_TEST(missing_file)
{
	struct config	 c;
	char		 err[256];

	config_defaults(&c);
	ck_assert_int_eq(config_load(&c, "/nonexistent/sl.conf", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/sl.conf"));
}
END_TEST

START_TEST(example_files_load)
{
	struct config	 c;
	char		 err[512];
	const char	*files[] = { "conf/stafettlogg.conf.example",
	    "conf/directory-ad.conf", "conf/directory-openldap.conf" };
	size_t		 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		config_defaults(&c);
		ck_assert_msg(config_load(&c, files[i], err, sizeof(err)) == 0,
		    "%s: %s", files[i], err);
	}
}
END_TEST

/* Issue 9's directory keys: several %s, nested groups, CA, portal. */
START_TEST(directory_ad_keys)
{
	struct config	 c;
	char		 err[512];

	ck_assert_int_eq(load(&c, "ldap_user_filter = (|(sAMAccountName=%s)"
	    "(userPrincipalName=%s))\nldap_netbios_domain = FJORDVIK\n", err,
	    sizeof(err)), 0);
	ck_assert_str_eq(c.ldap_netbios_domain, "FJORDVIK");
	ck_assert_int_eq(load(&c, "ldap_user_filter = (uid=x)\n", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "ldap_user_filter = (uid=%d)\n", err,
	    sizeof(err)), -1);
	/* A nested-group filter needs its base and one %s. */
	ck_assert_int_eq(load(&c, "ldap_group_filter = (member=%s)\n", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "ldap_group_base"));
	ck_assert_int_eq(load(&c, "ldap_group_filter = (member=%s)\n"
	    "ldap_group_base = DC=x\n", err, sizeof(err)), 0);
	ck_assert_int_eq(load(&c, "ldap_ca_file = /nonexistent/ca.pem\n", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/ca.pem"));
	ck_assert_int_eq(load(&c, "password_portal_url = javascript:x\n", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "password_portal_url = https://p.x/\n", err,
	    sizeof(err)), 0);
	ck_assert_int_eq(load(&c, "ldap_attr_user_key = object GUID\n", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "ldap_starttls = yes\n", err,
	    sizeof(err)), 0);
	ck_assert_int_eq(c.ldap_starttls, 1);
	ck_assert_int_eq(c.ldap_recheck_interval, 300);
}
END_TEST

START_TEST(unit_leader_keys)
{
	struct config	 c;
	char		 err[512];

	ck_assert_int_eq(load(&c, "ldap_attr_unit_leader = managedBy\n"
	    "ldap_unit_leader_group = CN=%s-ledere,OU=G,DC=x\n", err,
	    sizeof(err)), 0);
	ck_assert_str_eq(c.ldap_attr_unit_leader, "managedBy");
	ck_assert_str_eq(c.ldap_unit_leader_group, "CN=%s-ledere,OU=G,DC=x");
	/* The leader group pattern needs the unit id exactly once. */
	ck_assert_int_eq(load(&c, "ldap_unit_leader_group = CN=ledere,DC=x\n",
	    err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "ldap_unit_leader_group"));
	ck_assert_int_eq(load(&c, "ldap_unit_leader_group = CN=%s-%s,DC=x\n",
	    err, sizeof(err)), -1);
	ck_assert_int_eq(load(&c, "ldap_attr_unit_leader = (managedBy=*)\n",
	    err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "ldap_attr_unit_leader"));
	/*
	 * The old global leader group alone would make nobody a leader now
	 * (it no longer leads every unit): say so instead of starting.
	 */
	ck_assert_int_eq(load(&c, "ldap_leader_group = CN=L,DC=x\n", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "ldap_attr_unit_leader"));
	ck_assert_int_eq(load(&c, "ldap_leader_group = CN=L,DC=x\n"
	    "ldap_attr_unit_leader = owner\n", err, sizeof(err)), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("config");
	TCase	*tc = tcase_create("config");

	tcase_add_test(tc, defaults_are_valid);
	tcase_add_test(tc, values_are_read);
	tcase_add_test(tc, unknown_key_names_line);
	tcase_add_test(tc, bounds_are_checked);
	tcase_add_test(tc, too_long_string_refused);
	tcase_add_test(tc, line_without_equals_refused);
	tcase_add_test(tc, cross_rules);
	tcase_add_test(tc, db_accounts_checked);
	tcase_add_test(tc, invalid_utf8_refused);
	tcase_add_test(tc, repeated_key_refused);
	tcase_add_test(tc, control_characters_refused);
	tcase_add_test(tc, warnings);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, example_files_load);
	tcase_add_test(tc, unit_leader_keys);
	tcase_add_test(tc, directory_ad_keys);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
