/*
 * test_ldap_ad.c - the directory module against a live Samba AD domain
 * controller (tests/servers/samba.sh, started by make check): LDAPS and
 * StartTLS with the CA of ldap_ca_file, a wrong CA, a server that
 * accepts and never answers put first, the three name forms, nested
 * groups, AD's refusal reasons and the stable keys.
 *
 * Runs only when SL_TEST_SAMBA_ADDR (the DC's loopback address) and
 * SL_TEST_RUN (its run directory: samba/svcpw, samba/tls/) are set:
 *   RUN=/tmp/t tests/servers/samba.sh start
 *   SL_TEST_SAMBA_ADDR=127.0.0.27 SL_TEST_RUN=/tmp/t build/test_ldap_ad
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "../../fcgi/config.h"
#include "../../fcgi/ldap_dir.h"
#include "../../fcgi/util.h"
#include "testutil.h"

#define BASE	"DC=ad,DC=fjordvik,DC=test"
#define PW	"stafett-demo"

static const char	*addr, *run;
static char		 svcpw[128], ca[512], other_ca[512];
static struct config	 C;
static struct arena	*A;

static void
conf_str(char *dst, const char *s)
{
	ck_assert_int_eq(bsnprintf(dst, CONF_STR_MAX, "%s", s), SL_OK);
}

/* The AD mapping (conf/directory-ad.conf) for the test domain, on uri. */
static void
conf_ad(const char *uri)
{
	memset(&C, 0, sizeof(C));
	conf_str(C.ldap_uri, uri);
	conf_str(C.ldap_ca_file, ca);
	conf_str(C.ldap_bind_dn, "CN=svc-stafettlogg,OU=Tjenestekontoer," BASE);
	conf_str(C.ldap_bind_password, svcpw);
	conf_str(C.ldap_user_base, "OU=Ansatte," BASE);
	conf_str(C.ldap_user_filter, "(&(objectCategory=person)"
	    "(objectClass=user)(|(sAMAccountName=%s)(userPrincipalName=%s)))");
	conf_str(C.ldap_netbios_domain, "FJORDVIK");
	conf_str(C.ldap_attr_uid, "sAMAccountName");
	conf_str(C.ldap_attr_name, "displayName");
	conf_str(C.ldap_attr_mail, "mail");
	conf_str(C.ldap_attr_member_of, "memberOf");
	conf_str(C.ldap_unit_base, "OU=Virksomheter,OU=Grupper," BASE);
	conf_str(C.ldap_unit_filter,
	    "(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=%s))");
	conf_str(C.ldap_group_base, BASE);
	conf_str(C.ldap_group_filter,
	    "(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=%s))");
	conf_str(C.ldap_attr_unit_id, "cn");
	conf_str(C.ldap_attr_unit_name, "description");
	conf_str(C.ldap_attr_unit_leader, "managedBy");
	conf_str(C.ldap_leader_group,
	    "CN=Stafettlogg-Virksomhetsledere,OU=Grupper," BASE);
	conf_str(C.ldap_admin_group,
	    "CN=Stafettlogg-Kommuneadmin,OU=Grupper," BASE);
	conf_str(C.ldap_attr_user_key, "objectGUID");
	conf_str(C.ldap_attr_unit_key, "objectGUID");
	C.ldap_timeout = 5;
}

static void
setup(void)
{
	char	uri[128];

	A = arena_new();
	ck_assert_ptr_nonnull(A);
	ck_assert_int_eq(bsnprintf(uri, sizeof(uri), "ldaps://%s/", addr),
	    SL_OK);
	conf_ad(uri);
}

static void
teardown(void)
{
	arena_free(A);
	A = NULL;
}

static struct dir_user *
login(const char *user)
{
	struct dir_user	*u = NULL;
	enum sl_err	 e;

	e = dir_authenticate(&C, A, user, PW, &u);
	ck_assert_msg(e == SL_OK, "login %s: %s", user, sl_strerror(e));
	return u;
}

/* The unit with id in u, or NULL. */
static const struct dir_unit *
unit(const struct dir_user *u, const char *id)
{
	size_t	i;

	for (i = 0; i < u->nunits; i++)
		if (strcmp(u->units[i].id, id) == 0)
			return &u->units[i];
	return NULL;
}

/*
 * Run fn with stderr (where log lines go) into a file; the text written
 * in *out (static).
 */
static const char *
logged(void (*fn)(void))
{
	static char	 buf[8192];
	char		 path[] = "/tmp/test_ldap_ad.XXXXXX";
	int		 fd, saved;
	ssize_t		 n;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return buf;
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(ldaps_with_ca_file)
{
	struct dir_user	*u = login("kari.holm");

	ck_assert_str_eq(u->uid, "kari.holm");
	ck_assert_str_eq(u->name, "Kari Holm");
	ck_assert_ptr_nonnull(unit(u, "solbakken-barnehage"));
	ck_assert_int_eq(unit(u, "solbakken-barnehage")->leader, 1);
	ck_assert_str_eq(unit(u, "solbakken-barnehage")->name,
	    "Solbakken barnehage");
	ck_assert_int_eq(dir_ping(&C), SL_OK);
}
END_TEST

START_TEST(starttls_with_ca_file)
{
	char	uri[128];

	ck_assert_int_eq(bsnprintf(uri, sizeof(uri), "ldap://%s/", addr),
	    SL_OK);
	conf_str(C.ldap_uri, uri);
	C.ldap_starttls = 1;
	ck_assert_str_eq(login("ola.berg")->uid, "ola.berg");
}
END_TEST

static enum sl_err	 called;

static void
ping(void)
{
	called = dir_ping(&C);
}

/* A CA that did not sign the DC's certificate: refused, and said so. */
START_TEST(ldaps_wrong_ca)
{
	const char	*log;

	conf_str(C.ldap_ca_file, other_ca);
	log = logged(ping);
	ck_assert_int_eq(called, SL_EDIR);
	ck_assert_msg(strstr(log, "not trusted by ldap_ca_file") !=
	    NULL && strstr(log, other_ca) != NULL &&
	    strstr(log, C.ldap_uri) != NULL, "log: %s", log);
}
END_TEST

START_TEST(starttls_wrong_ca)
{
	const char	*log;
	char		 uri[128];

	ck_assert_int_eq(bsnprintf(uri, sizeof(uri), "ldap://%s/", addr),
	    SL_OK);
	conf_str(C.ldap_uri, uri);
	C.ldap_starttls = 1;
	conf_str(C.ldap_ca_file, other_ca);
	log = logged(ping);
	ck_assert_int_eq(called, SL_EDIR);
	ck_assert_msg(strstr(log, "StartTLS with") != NULL &&
	    strstr(log, "not trusted by ldap_ca_file") != NULL,
	    "log: %s", log);
}
END_TEST

/* The certificate names 127.0.0.27 and dc1.ad.fjordvik.test, not localhost. */
START_TEST(ldaps_wrong_host)
{
	const char	*log;
	int		 fd;
	char		 uri[128], want[64];
	unsigned long	 dec;

	(void)fd;
	/* Another address of the same DC: its address as a decimal name is
	 * the same socket, but the certificate does not name it. */
	dec = (unsigned long)ntohl(inet_addr(addr));
	ck_assert_int_eq(bsnprintf(uri, sizeof(uri), "ldaps://%lu/", dec),
	    SL_OK);
	ck_assert_int_eq(bsnprintf(want, sizeof(want),
	    "does not name the host %lu", dec), SL_OK);
	conf_str(C.ldap_uri, uri);
	log = logged(ping);
	ck_assert_int_eq(called, SL_EDIR);
	ck_assert_msg(strstr(log, "TLS with") != NULL &&
	    strstr(log, want) != NULL, "log: %s", log);
}
END_TEST


/*
 * The silent server first in the list, as ldaps:// and as ldap:// with
 * StartTLS: each login waits ldap_timeout on it (the TLS handshake
 * included), then the DC answers.
 */
START_TEST(silent_first_then_dc)
{
	char	 uri[256];
	double	 t0, dt;
	int	 fd, port, starttls;

	fd = tu_silent_listener(&port);
	for (starttls = 0; starttls <= 1; starttls++) {
		ck_assert_int_eq(bsnprintf(uri, sizeof(uri),
		    "%s://127.0.0.1:%d/ %s://%s/", starttls ? "ldap" : "ldaps",
		    port, starttls ? "ldap" : "ldaps", addr), SL_OK);
		conf_str(C.ldap_uri, uri);
		C.ldap_starttls = starttls;
		C.ldap_timeout = 1;
		t0 = now();
		ck_assert_str_eq(login("ola.berg")->uid, "ola.berg");
		dt = now() - t0;
		/* lookup and bind each wait 1 s on the silent one. */
		ck_assert_msg(dt >= 1.5 && dt < 4.0, "login took %.2f s", dt);
	}
	close(fd);
}
END_TEST

START_TEST(name_forms)
{
	const char	*forms[] = { "ola.berg", "OLA.BERG",
	    "ola.berg@ad.fjordvik.test", "Ola.Berg@AD.FJORDVIK.TEST",
	    "FJORDVIK\\ola.berg", "fjordvik\\Ola.Berg" };
	struct dir_user	*u;
	size_t		 i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		u = login(forms[i]);
		ck_assert_str_eq(u->uid, "ola.berg");
		ck_assert_ptr_nonnull(unit(u, "solbakken-barnehage"));
	}
	u = NULL;
	ck_assert_int_eq(dir_lookup(&C, A, "ANDRE\\ola.berg", &u), SL_EAUTH);
	ck_assert_int_eq(dir_lookup(&C, A, "FJORDVIK\\", &u), SL_EAUTH);
	ck_assert_int_eq(dir_lookup(&C, A, "FJORDVIK\\a\\ola.berg", &u),
	    SL_EAUTH);
	ck_assert_int_eq(dir_lookup(&C, A, "ola*", &u), SL_EAUTH);
	ck_assert_int_eq(dir_lookup(&C, A, "*)(sAMAccountName=ola.berg", &u),
	    SL_EAUTH);
	/* Without ldap_netbios_domain, DOMAIN\name is no one. */
	C.ldap_netbios_domain[0] = '\0';
	ck_assert_int_eq(dir_lookup(&C, A, "FJORDVIK\\ola.berg", &u),
	    SL_EAUTH);
}
END_TEST

START_TEST(nested_groups)
{
	struct dir_user	*u;

	/* Member of "Solbakken vikarer", a member of the unit group. */
	u = login("vera.vik");
	ck_assert_uint_eq(u->nunits, 1);
	ck_assert_str_eq(u->units[0].id, "solbakken-barnehage");
	ck_assert_int_eq(u->units[0].leader, 0);
	/* In Rektorat, a member of Fjordvik skole (unit) and of "Fjordvik
	 * skole ledere" (its managedBy, nested in the leader group). */
	u = login("per.lund");
	ck_assert_ptr_nonnull(unit(u, "fjordvik-skole"));
	ck_assert_int_eq(unit(u, "fjordvik-skole")->leader, 1);
	ck_assert_int_eq(u->is_leader, 1);
	ck_assert_int_eq(u->is_admin, 0);
	/* Admin through IT-drift, nested in the admin group. */
	u = login("even.nilsen");
	ck_assert_int_eq(u->is_admin, 1);
	ck_assert_uint_eq(u->nunits, 0);
	/* A direct member is no leader. */
	u = login("ingrid.dahl");
	ck_assert_int_eq(unit(u, "fjordvik-skole")->leader, 0);
	ck_assert_int_eq(u->is_leader, 0);
}
END_TEST

/* The flat option (for slapd): only direct memberships count. */
START_TEST(flat_groups)
{
	struct dir_user	*u;

	conf_str(C.ldap_unit_filter, "(&(objectClass=group)(member=%s))");
	C.ldap_group_filter[0] = '\0';
	u = login("vera.vik");
	ck_assert_uint_eq(u->nunits, 0);
	u = login("per.lund");
	ck_assert_ptr_null(unit(u, "fjordvik-skole"));
	u = login("even.nilsen");
	ck_assert_int_eq(u->is_admin, 0);
}
END_TEST

static enum sl_err
try_bind(const char *user, const char *pw, enum dir_refusal *why)
{
	struct dir_user	*u = NULL;
	enum sl_err	 e;

	*why = DIR_REFUSED_PASSWORD;
	if ((e = dir_lookup(&C, A, user, &u)) != SL_OK)
		return e;
	return dir_check_password_why(&C, u, pw, why);
}

START_TEST(refusal_reasons)
{
	static const struct {
		const char		*user;
		enum dir_refusal	 right, wrong;
	} cases[] = {
		{ "dina.av", DIR_REFUSED_DISABLED, DIR_REFUSED_PASSWORD },
		{ "erik.ute", DIR_REFUSED_EXPIRED, DIR_REFUSED_PASSWORD },
		{ "mona.ny", DIR_REFUSED_MUST_CHANGE, DIR_REFUSED_PASSWORD },
		/* AD says "locked" whatever the password. */
		{ "lars.laas", DIR_REFUSED_LOCKED, DIR_REFUSED_LOCKED },
	};
	enum dir_refusal	why;
	size_t			i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(try_bind(cases[i].user, PW, &why), SL_EAUTH);
		ck_assert_msg(why == cases[i].right, "%s: %d", cases[i].user,
		    (int)why);
		ck_assert_int_eq(try_bind(cases[i].user, "wrong-guess", &why),
		    SL_EAUTH);
		ck_assert_msg(why == cases[i].wrong, "%s wrong: %d",
		    cases[i].user, (int)why);
	}
	ck_assert_int_eq(try_bind("ola.berg", "wrong-guess", &why), SL_EAUTH);
	ck_assert_int_eq(why, DIR_REFUSED_PASSWORD);
	ck_assert_int_eq(try_bind("ola.berg", PW, &why), SL_OK);
}
END_TEST

START_TEST(stable_keys)
{
	struct dir_user	*u = login("kari.holm"), *v;
	size_t		 i;

	ck_assert_ptr_nonnull(u->key);
	ck_assert_uint_eq(strlen(u->key), 32);	/* 16 bytes of objectGUID */
	for (i = 0; i < 32; i++)
		ck_assert(strchr("0123456789abcdef", u->key[i]) != NULL);
	ck_assert_ptr_nonnull(u->units[0].key);
	ck_assert_uint_eq(strlen(u->units[0].key), 32);
	v = login("KARI.HOLM@ad.fjordvik.test");
	ck_assert_str_eq(u->key, v->key);
	ck_assert_str_ne(u->key, u->units[0].key);
}
END_TEST

/* One of the 1,100 members of a unit. */
START_TEST(large_group)
{
	struct dir_user	*u = login("stor.ola");

	ck_assert_uint_eq(u->nunits, 1);
	ck_assert_str_eq(u->units[0].id, "storbyen-omsorg");
}
END_TEST

START_TEST(refusal_parser)
{
	ck_assert_int_eq(dir_ad_refusal(NULL), DIR_REFUSED_PASSWORD);
	ck_assert_int_eq(dir_ad_refusal(""), DIR_REFUSED_PASSWORD);
	ck_assert_int_eq(dir_ad_refusal("80090308: LdapErr: DSID-0C09044E, "
	    "comment: AcceptSecurityContext error, data 532, v4563"),
	    DIR_REFUSED_PW_EXPIRED);
	ck_assert_int_eq(dir_ad_refusal("... error, data 530, v1db1"),
	    DIR_REFUSED_RESTRICTED);
	ck_assert_int_eq(dir_ad_refusal("... error, data 531, v1db1"),
	    DIR_REFUSED_RESTRICTED);
	ck_assert_int_eq(dir_ad_refusal("... error, data 52e, v1db1"),
	    DIR_REFUSED_PASSWORD);
	ck_assert_int_eq(dir_ad_refusal("... error, data 775"),
	    DIR_REFUSED_LOCKED);
	ck_assert_int_eq(dir_ad_refusal("... error, data 999, v1"),
	    DIR_REFUSED_PASSWORD);
	ck_assert_int_eq(dir_ad_refusal("metadata 533, v1"),
	    DIR_REFUSED_PASSWORD);
	ck_assert_int_eq(dir_ad_refusal("data 5330"), DIR_REFUSED_PASSWORD);
	ck_assert_int_eq(dir_refusal_confirms_password(DIR_REFUSED_LOCKED), 0);
	ck_assert_int_eq(dir_refusal_confirms_password(DIR_REFUSED_PASSWORD),
	    0);
	ck_assert_int_eq(dir_refusal_confirms_password(DIR_REFUSED_DISABLED),
	    1);
	ck_assert_int_eq(dir_refusal_confirms_password(DIR_REFUSED_PW_EXPIRED),
	    1);
}
END_TEST

static void
read_secret(const char *path, char *out, size_t outsz)
{
	FILE	*f = fopen(path, "r");
	size_t	 n;

	if (f == NULL) {
		fprintf(stderr, "test_ldap_ad: cannot read %s\n", path);
		exit(EXIT_FAILURE);
	}
	n = fread(out, 1, outsz - 1, f);
	fclose(f);
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
}

int
main(void)
{
	Suite	*s = suite_create("ldap_ad");
	TCase	*tc;
	char	 path[512];

	/* As the workers and the master do (libldap writes with write(2)). */
	signal(SIGPIPE, SIG_IGN);
	tc = tcase_create("parser");
	tcase_add_test(tc, refusal_parser);
	suite_add_tcase(s, tc);
	addr = tu_server("SL_TEST_SAMBA_ADDR", "test_ldap_ad");
	run = tu_server("SL_TEST_RUN", "test_ldap_ad");
	if (addr != NULL && run != NULL) {
		(void)bsnprintf(path, sizeof(path), "%s/samba/svcpw", run);
		read_secret(path, svcpw, sizeof(svcpw));
		(void)bsnprintf(ca, sizeof(ca), "%s/samba/tls/ca.pem", run);
		(void)bsnprintf(other_ca, sizeof(other_ca),
		    "%s/samba/tls/other-ca.pem", run);
		tc = tcase_create("live");
		tcase_add_checked_fixture(tc, setup, teardown);
		tcase_set_timeout(tc, 60);
		tcase_add_test(tc, ldaps_with_ca_file);
		tcase_add_test(tc, starttls_with_ca_file);
		tcase_add_test(tc, ldaps_wrong_ca);
		tcase_add_test(tc, starttls_wrong_ca);
		tcase_add_test(tc, ldaps_wrong_host);
		tcase_add_test(tc, silent_first_then_dc);
		tcase_add_test(tc, name_forms);
		tcase_add_test(tc, nested_groups);
		tcase_add_test(tc, flat_groups);
		tcase_add_test(tc, refusal_reasons);
		tcase_add_test(tc, stable_keys);
		tcase_add_test(tc, large_group);
		suite_add_tcase(s, tc);
	}
	return tu_run(s);
}
