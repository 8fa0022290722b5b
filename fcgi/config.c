/*
 * config.c - table-driven configuration.  Each entry has a name, a type,
 * bounds, a default and the offset of its field in struct config.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "util.h"

enum ctype { C_STR, C_INT, C_BOOL, C_OCTAL };

struct centry {
	const char	*name;
	enum ctype	 type;
	size_t		 off;
	size_t		 size;		/* C_STR: field size */
	long long	 min, max;	/* C_INT/C_OCTAL bounds; C_STR: min length */
	const char	*def;		/* default, as text */
	int		 secret;	/* masked by config_print */
	const char	*help;
};

#define S(f, minlen, d, h) { #f, C_STR, offsetof(struct config, f), \
	sizeof(((struct config *)0)->f), minlen, 0, d, 0, h }
#define P(f, d, h) { #f, C_STR, offsetof(struct config, f), \
	sizeof(((struct config *)0)->f), 0, 0, d, 1, h }
#define I(f, lo, hi, d, h) { #f, C_INT, offsetof(struct config, f), 0, \
	lo, hi, d, 0, h }
#define B(f, d, h) { #f, C_BOOL, offsetof(struct config, f), 0, 0, 1, d, 0, h }
#define O(f, lo, hi, d, h) { #f, C_OCTAL, offsetof(struct config, f), 0, \
	lo, hi, d, 0, h }

static const struct centry entries[] = {
	S(socket_path, 1, "/run/stafettlogg/app.sock", "FastCGI unix socket"),
	O(socket_mode, 0600, 0777, "0660", "socket permissions"),
	I(workers, 1, 256, "4", "worker processes"),
	S(pid_file, 0, "", "pid file of the master (empty: none)"),
	S(xslt_dir, 1, "/usr/share/stafettlogg/xslt", "stylesheets and catalogs"),
	I(render_cache_kb, 0, 1048576, "8192",
	    "HTML kept per worker for views seen before, KiB (0: none)"),
	I(log_cache_kb, 0, 1048576, "4096",
	    "log pages (HTML) kept per worker by version and facts, KiB (0: none)"),
	S(sql_dir, 1, "/usr/share/stafettlogg/sql", "numbered SQL migrations"),
	S(schema_dir, 1, "/usr/share/stafettlogg/schema", "published XML schemas (transfer packages)"),
	B(use_syslog, "0", "also log to syslog"),
	I(worker_stop_grace, 1, 300, "10", "seconds a stopping worker may finish"),
	I(request_deadline, 1, 600, "20", "seconds a request may take; then it is stopped (503)"),
	I(worker_hard_limit, 2, 3600, "60", "seconds a worker may be busy with one request; then the master replaces it"),
	S(db_socket, 0, "", "MariaDB unix socket (empty: TCP)"),
	S(db_host, 0, "127.0.0.1", "MariaDB host when no socket"),
	I(db_port, 1, 65535, "3306", "MariaDB port"),
	S(db_name, 1, "stafettlogg", "database name"),
	S(db_user, 1, "stafettlogg", "database user of the workers"),
	P(db_password, "", "database password"),
	S(db_user_host, 1, "localhost", "host part of db_user's account"),
	S(db_migrate_user, 0, "", "database user of migrate (empty: db_user)"),
	P(db_migrate_password, "", "password of db_migrate_user"),
	I(db_timeout, 1, 120, "5", "connect/read/write timeout, seconds"),
	S(ldap_uri, 1, "ldap://127.0.0.1/", "directory URI"),
	S(ldap_ca_file, 0, "", "CA certificate(s) for ldaps:// and StartTLS (empty: the system's)"),
	B(ldap_starttls, "0", "StartTLS on ldap:// URIs (certificate verified)"),
	S(ldap_bind_dn, 0, "", "service account DN"),
	P(ldap_bind_password, "", "service account password"),
	S(ldap_user_base, 1, "", "where users are searched"),
	S(ldap_user_filter, 1, "(uid=%s)", "user filter, each %s = escaped name"),
	S(ldap_netbios_domain, 0, "", "NetBIOS domain: DOMAIN\\name is taken as name"),
	S(ldap_attr_uid, 1, "uid", "user id attribute"),
	S(ldap_attr_name, 1, "cn", "display name attribute"),
	S(ldap_attr_mail, 1, "mail", "mail attribute"),
	S(ldap_attr_member_of, 1, "memberOf", "group membership attribute"),
	S(ldap_unit_base, 1, "", "where unit groups are searched"),
	S(ldap_unit_filter, 1, "(member=%s)", "unit filter, %s = escaped user DN"),
	S(ldap_attr_unit_id, 1, "cn", "unit id attribute"),
	S(ldap_attr_unit_name, 1, "description", "unit display name attribute"),
	S(ldap_attr_unit_leader, 0, "", "unit group attribute naming its leaders (DN)"),
	S(ldap_unit_leader_group, 0, "", "DN of a unit's leader group, %s = unit id"),
	S(ldap_leader_group, 0, "", "when set, only its members lead units"),
	S(ldap_admin_group, 0, "", "DN of the municipal admins group"),
	S(ldap_group_base, 0, "", "nested groups: where the user's groups are searched"),
	S(ldap_group_filter, 0, "", "nested groups: a user's groups, %s = escaped user DN (empty: memberOf)"),
	S(ldap_attr_user_key, 0, "", "stable key of a person (objectGUID, entryUUID; empty: uid)"),
	S(ldap_attr_unit_key, 0, "", "stable key of a unit (objectGUID, entryUUID; empty: unit id)"),
	S(ldap_staff_filter, 0, "", "every active employee, for the account check (empty: the entry exists)"),
	I(ldap_recheck_interval, 0, 3600, "300", "seconds between checks of a logged-in account (0: never)"),
	S(ldap_sync_filter, 1, "(objectClass=person)", "ldap-sync: every employee under ldap_user_base, disabled ones included (no %)"),
	S(ldap_unit_sync_filter, 1, "(|(objectClass=group)(objectClass=groupOfNames))", "ldap-sync: every unit group under ldap_unit_base (no %)"),
	S(ldap_attr_disabled, 0, "", "ldap-sync: attribute that marks an account disabled (OpenLDAP: pwdAccountLockedTime; AD: userAccountControl and accountExpires are always read)"),
	S(ldap_disabled_value, 0, "", "ldap-sync: the value of ldap_attr_disabled that marks it (empty: any value)"),
	I(ldap_sync_page_size, 1, 5000, "500", "ldap-sync: entries per page of a paged search"),
	I(ldap_sync_max_loss, 0, 100, "20", "ldap-sync: percent of active employees that may become gone or disabled, of units gone, of memberships lost, in one run (more: refused unless --force)"),
	S(password_portal_url, 0, "", "the municipality's password portal (https URL; empty: none)"),
	I(ldap_timeout, 1, 120, "5", "directory timeout, seconds"),
	I(ldap_max_waiting, 1, 256, "2", "workers that may wait on the directory at once (at most workers - 1)"),
	I(ldap_probe_interval, 1, 300, "5", "seconds between probes of a directory known to be down"),
	S(oidc_issuer, 0, "", "ID-porten issuer (empty: no family login)"),
	S(oidc_authorize_url, 0, "", "ID-porten authorization endpoint"),
	S(oidc_token_url, 0, "", "ID-porten token endpoint"),
	S(oidc_jwks_url, 0, "", "ID-porten JWKS (signing keys) URL"),
	S(oidc_client_id, 0, "", "our client id at ID-porten"),
	P(oidc_client_secret, "", "our client secret at ID-porten"),
	S(oidc_redirect_uri, 0, "", "our callback URL (/family/callback)"),
	S(oidc_acr, 0, "idporten-loa-high", "minimum security level (acr)"),
	I(oidc_timeout, 1, 60, "5", "ID-porten request timeout, seconds"),
	S(oidc_ca_file, 0, "", "CA bundle for ID-porten (empty: system)"),
	I(session_idle, 60, 86400, "1800", "idle timeout, seconds"),
	I(session_absolute, 300, 604800, "28800", "absolute timeout, seconds"),
	B(cookie_secure, "1", "mark cookies Secure (needs HTTPS)"),
	I(login_max_failures, 1, 1000, "5", "failed logins per user name"),
	I(login_window, 10, 86400, "600", "window for failed logins, seconds"),
	I(draft_ttl, 60, 2592000, "86400", "how long a saved form is kept"),
	I(max_body, 1024, 268435456, "12582912", "request body limit, bytes"),
	I(max_fields, 1, 10000, "200", "fields per request"),
	I(max_field_len, 16, 1048576, "65536", "bytes per field"),
	I(max_upload, 1024, 268435456, "10485760", "bytes per uploaded file"),
	I(max_package, 1024, 1073741824, "67108864", "bytes of one transfer package read by import (the web: also max_upload)"),
	I(post_rate_per_minute, 0, 10000, "30", "bright spots and notes per user per minute (0: no limit)"),
	I(write_rate_per_minute, 0, 10000, "120", "other writes per user per minute (0: no limit)"),
	I(consent_age, 12, 18, "16", "age from which the youth consents"),
	S(default_lang, 2, "nb", "nb, nn or en"),
	S(municipality, 1, "Kommune", "municipality name shown on pages"),
	S(pdf_font, 1, "Noto Sans, Noto Sans Arabic, Noto Sans Ethiopic,"
	    " DejaVu Sans", "font families of PDFs (Pango list)"),
	S(pdf_icc_profile, 1, "/usr/share/color/icc/sRGB.icc",
	    "sRGB ICC profile for PDF/A archive copies"),
	S(base_url, 0, "", "https address of Stafettlogg, for the links in notices (empty: no e-mail or SMS)"),
	S(mail_from, 0, "", "sender address of notices (empty: no e-mail)"),
	S(smtp_url, 0, "", "SMTP relay: smtp://host:587 (with smtp_starttls) or smtps://host:465"),
	B(smtp_starttls, "1", "require STARTTLS on smtp:// (refuse to send in clear)"),
	S(smtp_user, 0, "", "SMTP authentication user (empty: none)"),
	P(smtp_password, "", "SMTP authentication password"),
	S(smtp_ca_file, 0, "", "CA bundle for the relay (empty: system)"),
	S(sms_url, 0, "", "the SMS gateway's HTTP hook (empty: no SMS)"),
	P(sms_token, "", "bearer token sent to the SMS hook (empty: none)"),
	P(notice_secret, "", "key of the unsubscribe links (32+ characters)"),
	I(notify_timeout, 1, 300, "30", "seconds one delivery may take"),
	I(notify_lease, 2, 3600, "120", "seconds a row being sent is held (longer than notify_timeout)"),
	I(notify_backoff, 1, 3600, "60", "first retry after a failure, seconds (then doubled)"),
	I(notify_backoff_max, 1, 86400, "21600", "longest wait between tries, seconds"),
	I(notify_max_attempts, 1, 100, "10", "tries before a notice is failed"),
	I(notify_interval, 1, 3600, "60", "seconds between passes of notify --loop"),
	I(notify_batch, 1, 100000, "500", "deliveries per pass at most"),
	B(notify_test_hooks, "0", "tests only: obey SL_NOTIFY_TEST_STOP (never in production)"),
};

#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

/*
 * 1 when s holds a control character: C0 (TAB too: a value is one
 * line), DEL or C1 (U+0080..U+009F, UTF-8 C2 80..C2 9F).
 */
static int
has_control(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;

	for (; *u != '\0'; u++)
		if (*u < 0x20 || *u == 0x7f ||
		    (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f))
			return 1;
	return 0;
}

static const struct centry *
find_entry(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		if (strcmp(entries[i].name, name) == 0)
			return &entries[i];
	return NULL;
}

/* Set one entry from text; NULL on success or a static error text. */
static const char *
set_entry(struct config *c, const struct centry *e, const char *val)
{
	char		*base = (char *)c + e->off;
	long long	 n;
	const char	*errstr;
	size_t		 len = strlen(val);
	char		*end;

	switch (e->type) {
	case C_STR:
		if (len >= e->size)
			return "value too long";
		if ((long long)len < e->min)
			return "value must not be empty";
		if (!utf8_valid(val, len))
			return "value is not valid UTF-8";
		memcpy(base, val, len + 1);
		return NULL;
	case C_INT:
		if (parse_ll(val, e->min, e->max, &n, &errstr) != SL_OK)
			return errstr;
		*(long long *)base = n;
		return NULL;
	case C_BOOL:
		if (strcmp(val, "1") == 0 || strcmp(val, "yes") == 0 ||
		    strcmp(val, "true") == 0 || strcmp(val, "on") == 0)
			*(long long *)base = 1;
		else if (strcmp(val, "0") == 0 || strcmp(val, "no") == 0 ||
		    strcmp(val, "false") == 0 || strcmp(val, "off") == 0)
			*(long long *)base = 0;
		else
			return "expected yes or no";
		return NULL;
	case C_OCTAL:
		if (len == 0 || len > 4 || val[0] != '0')
			return "expected an octal mode like 0660";
		errno = 0;
		n = strtoll(val, &end, 8);
		if (errno || *end != '\0')
			return "expected an octal mode like 0660";
		if (n < e->min || n > e->max)
			return "mode out of range";
		*(long long *)base = n;
		return NULL;
	}
	return "bad entry type";
}

void
config_defaults(struct config *c)
{
	size_t	 i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		/* Defaults are compiled in and within bounds. */
		(void)set_entry(c, &entries[i], entries[i].def);
}

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
config_load(struct config *c, const char *path, char *err, size_t errsz)
{
	FILE			*f;
	char			 line[2048], *key, *val, *eq;
	const char		*why;
	const struct centry	*e;
	size_t			 lineno = 0, seen[NENTRIES];
	int			 rc = -1;

	memset(seen, 0, sizeof(seen));
	if ((f = fopen(path, "r")) == NULL) {
		(void)bsnprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			(void)bsnprintf(err, errsz, "%s:%zu: line too long",
			    path, lineno);
			goto out;
		}
		key = trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			(void)bsnprintf(err, errsz, "%s:%zu: expected key = value",
			    path, lineno);
			goto out;
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		if ((e = find_entry(key)) == NULL) {
			(void)bsnprintf(err, errsz, "%s:%zu: unknown key '%s'",
			    path, lineno, key);
			goto out;
		}
		/* A key twice: which one was meant?  (Not the last silently.) */
		if (seen[e - entries] != 0) {
			(void)bsnprintf(err, errsz, "%s:%zu: %s is set again "
			    "(first on line %zu)", path, lineno, key,
			    seen[e - entries]);
			goto out;
		}
		seen[e - entries] = lineno;
		if (has_control(val)) {
			(void)bsnprintf(err, errsz, "%s:%zu: %s: control "
			    "character in the value", path, lineno, key);
			goto out;
		}
		if ((why = set_entry(c, e, val)) != NULL) {
			(void)bsnprintf(err, errsz, "%s:%zu: %s: %s",
			    path, lineno, key, why);
			goto out;
		}
	}
	if (ferror(f)) {
		(void)bsnprintf(err, errsz, "%s: read error", path);
		goto out;
	}
	rc = config_validate(c, err, errsz);
out:
	fclose(f);
	return rc;
}

static int
count_pct_s(const char *s)
{
	int	 n = 0;

	for (; *s != '\0'; s++)
		if (s[0] == '%') {
			if (s[1] != 's')
				return -1;
			n++;
			s++;
		}
	return n;
}

/* 1 for "" or an LDAP attribute name: a letter, then letters, digits, '-'. */
static int
attr_name_ok(const char *s)
{
	if (*s == '\0')
		return 1;
	if (!isalpha((unsigned char)*s))
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '-')
			return 0;
	return 1;
}

/* 1 when s is 1..max bytes, each a letter, digit or one of extra. */
static int
name_ok(const char *s, size_t max, const char *extra)
{
	size_t	 n = strlen(s), i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && strchr(extra, s[i]) == NULL)
			return 0;
	return 1;
}

/*
 * The database accounts: migrate grants the workers' user its
 * privileges, so that account is named in GRANT statements and must be
 * a plain name (MariaDB: user at most 80 characters, host 255).
 */
static int
db_accounts_validate(const struct config *c, char *err, size_t errsz)
{
	if (c->db_migrate_user[0] == '\0') {
		if (c->db_migrate_password[0] != '\0') {
			(void)bsnprintf(err, errsz, "db_migrate_password is set"
			    " but db_migrate_user is not");
			return -1;
		}
		return 0;
	}
	if (strcmp(c->db_migrate_user, c->db_user) == 0) {
		(void)bsnprintf(err, errsz, "db_migrate_user must differ from"
		    " db_user: the workers' user must not change the schema");
		return -1;
	}
	if (!name_ok(c->db_migrate_user, 80, "._-")) {
		(void)bsnprintf(err, errsz, "db_migrate_user must be 1-80"
		    " letters, digits, '.', '_' or '-'");
		return -1;
	}
	if (!name_ok(c->db_user, 80, "._-")) {
		(void)bsnprintf(err, errsz, "db_user must be 1-80 letters,"
		    " digits, '.', '_' or '-' (it is named in GRANT statements)");
		return -1;
	}
	if (!name_ok(c->db_user_host, 255, ".-_%:/")) {
		(void)bsnprintf(err, errsz, "db_user_host must be 1-255"
		    " letters, digits, '.', '-', '_', '%%', ':' or '/'");
		return -1;
	}
	return 0;
}

int
config_validate(const struct config *c, char *err, size_t errsz)
{
	if (db_accounts_validate(c, err, errsz) != 0)
		return -1;
	if (c->session_idle > c->session_absolute) {
		(void)bsnprintf(err, errsz,
		    "session_idle (%lld) is longer than session_absolute (%lld)",
		    c->session_idle, c->session_absolute);
		return -1;
	}
	if (c->worker_hard_limit <= c->request_deadline) {
		(void)bsnprintf(err, errsz, "worker_hard_limit (%lld) must be "
		    "longer than request_deadline (%lld)", c->worker_hard_limit,
		    c->request_deadline);
		return -1;
	}
	if (c->notify_lease <= c->notify_timeout) {
		(void)bsnprintf(err, errsz, "notify_lease (%lld) must be longer"
		    " than notify_timeout (%lld)", c->notify_lease,
		    c->notify_timeout);
		return -1;
	}
	if ((c->smtp_url[0] != '\0' || c->sms_url[0] != '\0') &&
	    (strlen(c->notice_secret) < 32 || c->base_url[0] == '\0')) {
		(void)bsnprintf(err, errsz, "smtp_url and sms_url need base_url"
		    " and a notice_secret of 32 characters or more");
		return -1;
	}
	if (c->smtp_url[0] != '\0' && (c->mail_from[0] == '\0' ||
	    strchr(c->mail_from, '@') == NULL || strpbrk(c->mail_from,
	    " <>\"") != NULL)) {
		(void)bsnprintf(err, errsz, "smtp_url needs mail_from, a plain"
		    " address (local@domain)");
		return -1;
	}
	if (c->smtp_url[0] != '\0' && strncmp(c->smtp_url, "smtp://", 7) != 0
	    && strncmp(c->smtp_url, "smtps://", 8) != 0) {
		(void)bsnprintf(err, errsz, "smtp_url must start with smtp://"
		    " or smtps://");
		return -1;
	}
	if (c->sms_url[0] != '\0' && strncmp(c->sms_url, "https://", 8) != 0
	    && strncmp(c->sms_url, "http://", 7) != 0) {
		(void)bsnprintf(err, errsz, "sms_url must be an http(s) URL");
		return -1;
	}
	if (c->base_url[0] != '\0' && strncmp(c->base_url, "https://", 8) !=
	    0 && strncmp(c->base_url, "http://", 7) != 0) {
		(void)bsnprintf(err, errsz, "base_url must be an https URL");
		return -1;
	}
	if (c->max_upload > c->max_body) {
		(void)bsnprintf(err, errsz, "max_upload is larger than max_body");
		return -1;
	}
	if (count_pct_s(c->ldap_user_filter) < 1 ||
	    count_pct_s(c->ldap_user_filter) > 8) {
		(void)bsnprintf(err, errsz,
		    "ldap_user_filter must contain %%s (1 to 8 times) and no "
		    "other %%");
		return -1;
	}
	if (c->ldap_group_filter[0] != '\0' &&
	    (count_pct_s(c->ldap_group_filter) != 1 ||
	    c->ldap_group_base[0] == '\0')) {
		(void)bsnprintf(err, errsz,
		    "ldap_group_filter must contain %%s (the user's DN) exactly "
		    "once, and needs ldap_group_base");
		return -1;
	}
	if (count_pct_s(c->ldap_staff_filter) != 0) {
		(void)bsnprintf(err, errsz,
		    "ldap_staff_filter must hold no %%");
		return -1;
	}
	if (strchr(c->ldap_sync_filter, '%') != NULL ||
	    strchr(c->ldap_unit_sync_filter, '%') != NULL) {
		(void)bsnprintf(err, errsz, "ldap_sync_filter and "
		    "ldap_unit_sync_filter must hold no %%");
		return -1;
	}
	if (!attr_name_ok(c->ldap_attr_disabled)) {
		(void)bsnprintf(err, errsz, "ldap_attr_disabled must be an "
		    "attribute name, e.g. pwdAccountLockedTime");
		return -1;
	}
	if (!attr_name_ok(c->ldap_attr_user_key) ||
	    !attr_name_ok(c->ldap_attr_unit_key)) {
		(void)bsnprintf(err, errsz, "ldap_attr_user_key and "
		    "ldap_attr_unit_key must be attribute names, e.g. "
		    "objectGUID or entryUUID");
		return -1;
	}
	if (c->password_portal_url[0] != '\0' &&
	    strncmp(c->password_portal_url, "https://", 8) != 0 &&
	    strncmp(c->password_portal_url, "http://", 7) != 0) {
		(void)bsnprintf(err, errsz, "password_portal_url must be an "
		    "https:// (or http://) address");
		return -1;
	}
	if (c->ldap_ca_file[0] != '\0' && access(c->ldap_ca_file, R_OK) != 0) {
		(void)bsnprintf(err, errsz, "ldap_ca_file %s cannot be read: %s",
		    c->ldap_ca_file, strerror(errno));
		return -1;
	}
	if (count_pct_s(c->ldap_unit_filter) != 1) {
		(void)bsnprintf(err, errsz,
		    "ldap_unit_filter must contain %%s exactly once");
		return -1;
	}
	if (c->ldap_unit_leader_group[0] != '\0' &&
	    count_pct_s(c->ldap_unit_leader_group) != 1) {
		(void)bsnprintf(err, errsz,
		    "ldap_unit_leader_group must contain %%s (the unit id) "
		    "exactly once");
		return -1;
	}
	if (!attr_name_ok(c->ldap_attr_unit_leader)) {
		(void)bsnprintf(err, errsz, "ldap_attr_unit_leader must be an "
		    "attribute name (letters, digits and '-'), e.g. managedBy");
		return -1;
	}
	if (c->ldap_leader_group[0] != '\0' &&
	    c->ldap_attr_unit_leader[0] == '\0' &&
	    c->ldap_unit_leader_group[0] == '\0') {
		(void)bsnprintf(err, errsz, "ldap_leader_group alone makes "
		    "nobody a leader: leadership belongs to a unit, so set "
		    "ldap_attr_unit_leader and/or ldap_unit_leader_group");
		return -1;
	}
	if (strcmp(c->default_lang, "nb") != 0 &&
	    strcmp(c->default_lang, "nn") != 0 &&
	    strcmp(c->default_lang, "en") != 0) {
		(void)bsnprintf(err, errsz, "default_lang must be nb, nn or en");
		return -1;
	}
	if (c->socket_path[0] != '/') {
		(void)bsnprintf(err, errsz, "socket_path must be absolute");
		return -1;
	}
	if (strlen(c->socket_path) >= 108) {
		(void)bsnprintf(err, errsz, "socket_path is longer than a "
		    "unix socket path may be (107 bytes)");
		return -1;
	}
	return 0;
}

int
config_warnings(const struct config *c, const char *path, char *out,
    size_t outsz)
{
	struct stat	 st;
	size_t		 i, len = 0;
	int		 n = 0, secret = 0;
	const char	*base;

	out[0] = '\0';
	if (c->db_migrate_user[0] == '\0') {
		n++;
		(void)bsnprintf(out, outsz, "db_migrate_user is not set: migrate"
		    " runs as db_user, which then must own the schema (ALTER,"
		    " CREATE, DROP, TRIGGER) and could change its own audit;"
		    " set db_migrate_user (README, \"Database accounts\")\n");
		len = strlen(out);
	}
	if (c->notify_test_hooks && len < outsz) {
		n++;
		(void)bsnprintf(out + len, outsz - len, "notify_test_hooks is on:"
		    " `stafettlogg notify` obeys SL_NOTIFY_TEST_STOP and may kill"
		    " itself on purpose; for the test suite only\n");
		len = strlen(out);
	}
	if (c->smtp_url[0] != '\0' && strncmp(c->smtp_url, "smtp://", 7) == 0
	    && !c->smtp_starttls && len < outsz) {
		n++;
		(void)bsnprintf(out + len, outsz - len, "smtp_starttls is off:"
		    " notices and the relay password go to %s in clear\n",
		    c->smtp_url);
		len = strlen(out);
	}
	for (i = 0; i < NENTRIES; i++) {
		base = (const char *)c + entries[i].off;
		if (entries[i].secret && *base != '\0')
			secret = 1;
	}
	if (path != NULL && secret && stat(path, &st) == 0 &&
	    (st.st_mode & 0066) != 0 && len < outsz) {
		n++;
		(void)bsnprintf(out + len, outsz - len, "%s holds passwords but"
		    " is %s by group or others (mode %04o): chmod 600, owned by"
		    " the user that runs stafettlogg\n", path,
		    (st.st_mode & 0044) ? "readable" : "writable",
		    (unsigned)(st.st_mode & 07777));
	}
	return n;
}

void
config_print(const struct config *c)
{
	size_t			 i;
	const struct centry	*e;
	const char		*base;

	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		e = &entries[i];
		base = (const char *)c + e->off;
		switch (e->type) {
		case C_STR:
			printf("%-22s = %s\n", e->name,
			    e->secret && *base != '\0' ? "********" : base);
			break;
		case C_OCTAL:
			printf("%-22s = 0%llo\n", e->name,
			    *(const long long *)base);
			break;
		default:
			printf("%-22s = %lld\n", e->name,
			    *(const long long *)base);
			break;
		}
	}
}
