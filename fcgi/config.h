/*
 * config.h - the application's configuration: one struct, filled from a
 * "key = value" file through a table of typed entries with bounds.
 */
#ifndef SL_CONFIG_H
#define SL_CONFIG_H

#include <stddef.h>

#define CONF_STR_MAX 512

struct config {
	/* process */
	char	socket_path[CONF_STR_MAX];	/* FastCGI unix socket */
	long long socket_mode;			/* octal, e.g. 0660 */
	long long workers;
	char	pid_file[CONF_STR_MAX];
	char	xslt_dir[CONF_STR_MAX];
	long long render_cache_kb;		/* render cache per worker, KiB */
	long long log_cache_kb;			/* log page cache per worker, KiB */
	char	sql_dir[CONF_STR_MAX];		/* numbered migrations */
	char	schema_dir[CONF_STR_MAX];	/* published XSDs (transfer package) */
	long long use_syslog;
	long long worker_stop_grace;		/* seconds before SIGKILL */
	long long request_deadline;		/* seconds; then stopped, 503 */
	long long worker_hard_limit;		/* seconds busy; then killed */
	/* database */
	char	db_socket[CONF_STR_MAX];
	char	db_host[CONF_STR_MAX];
	long long db_port;
	char	db_name[CONF_STR_MAX];
	char	db_user[CONF_STR_MAX];		/* the workers' account */
	char	db_password[CONF_STR_MAX];
	char	db_user_host[CONF_STR_MAX];	/* its host part, for GRANT */
	char	db_migrate_user[CONF_STR_MAX];	/* migrations ("": db_user) */
	char	db_migrate_password[CONF_STR_MAX];
	long long db_timeout;			/* connect/read/write, seconds */
	/* directory */
	char	ldap_uri[CONF_STR_MAX];
	char	ldap_ca_file[CONF_STR_MAX];	/* CA of ldaps/StartTLS ("": system) */
	long long ldap_starttls;		/* StartTLS on ldap:// URIs */
	char	ldap_bind_dn[CONF_STR_MAX];
	char	ldap_bind_password[CONF_STR_MAX];
	char	ldap_user_base[CONF_STR_MAX];
	char	ldap_user_filter[CONF_STR_MAX];	/* each "%s" = escaped user name */
	char	ldap_netbios_domain[CONF_STR_MAX];	/* "DOMAIN\\" stripped */
	char	ldap_attr_uid[CONF_STR_MAX];
	char	ldap_attr_name[CONF_STR_MAX];
	char	ldap_attr_mail[CONF_STR_MAX];
	char	ldap_attr_member_of[CONF_STR_MAX];
	char	ldap_unit_base[CONF_STR_MAX];
	char	ldap_unit_filter[CONF_STR_MAX];	/* "%s" = escaped user DN */
	char	ldap_attr_unit_id[CONF_STR_MAX];
	char	ldap_attr_unit_name[CONF_STR_MAX];
	char	ldap_attr_unit_leader[CONF_STR_MAX];	/* unit's leader DNs */
	char	ldap_unit_leader_group[CONF_STR_MAX];	/* "%s" = unit id */
	char	ldap_leader_group[CONF_STR_MAX];	/* who may lead at all */
	char	ldap_admin_group[CONF_STR_MAX];
	char	ldap_group_base[CONF_STR_MAX];	/* nested: where groups are */
	char	ldap_group_filter[CONF_STR_MAX];	/* nested: "%s" = user DN */
	char	ldap_attr_user_key[CONF_STR_MAX];	/* stable key, e.g. objectGUID */
	char	ldap_attr_unit_key[CONF_STR_MAX];
	char	ldap_staff_filter[CONF_STR_MAX];	/* every active employee */
	long long ldap_recheck_interval;	/* seconds between account checks */
	char	ldap_sync_filter[CONF_STR_MAX];	/* ldap-sync: every employee */
	char	ldap_unit_sync_filter[CONF_STR_MAX];	/* ldap-sync: every unit */
	char	ldap_attr_disabled[CONF_STR_MAX];	/* OpenLDAP: marks disabled */
	char	ldap_disabled_value[CONF_STR_MAX];	/* "": any value */
	long long ldap_sync_page_size;		/* entries per page */
	long long ldap_sync_max_loss;		/* percent lost before refusing */
	char	password_portal_url[CONF_STR_MAX];	/* "": none */
	long long ldap_timeout;			/* seconds */
	long long ldap_max_waiting;		/* workers waiting on it at once */
	long long ldap_probe_interval;		/* seconds, while it is down */
	/* family login (ID-porten, OpenID Connect); empty issuer = off */
	char	oidc_issuer[CONF_STR_MAX];
	char	oidc_authorize_url[CONF_STR_MAX];
	char	oidc_token_url[CONF_STR_MAX];
	char	oidc_jwks_url[CONF_STR_MAX];
	char	oidc_client_id[CONF_STR_MAX];
	char	oidc_client_secret[CONF_STR_MAX];
	char	oidc_redirect_uri[CONF_STR_MAX];	/* our /family/callback */
	char	oidc_acr[CONF_STR_MAX];		/* minimum level (acr_values) */
	long long oidc_timeout;			/* seconds */
	char	oidc_ca_file[CONF_STR_MAX];	/* empty: system CA store */
	/* sessions and login */
	long long session_idle;			/* seconds */
	long long session_absolute;		/* seconds */
	long long cookie_secure;
	long long login_max_failures;
	long long login_window;			/* seconds */
	long long draft_ttl;			/* seconds a saved form is kept */
	/* request limits */
	long long max_body;
	long long max_fields;
	long long max_field_len;
	long long max_upload;
	long long max_package;			/* bytes of one transfer package */
	long long post_rate_per_minute;		/* bright spots, notes; 0: off */
	long long write_rate_per_minute;	/* other writes; 0: off */
	/* user interface */
	long long consent_age;			/* the youth consents from this age */
	char	default_lang[8];
	char	municipality[CONF_STR_MAX];
	/* print */
	char	pdf_font[CONF_STR_MAX];		/* Pango family list of PDFs */
	char	pdf_icc_profile[CONF_STR_MAX];	/* sRGB ICC of archive copies */
	/* notices (issue 12): e-mail, SMS, `stafettlogg notify` */
	char	base_url[CONF_STR_MAX];		/* https://... the links in notices */
	char	mail_from[CONF_STR_MAX];	/* sender address ("": no e-mail) */
	char	smtp_url[CONF_STR_MAX];		/* smtp://relay:587, smtps://... */
	long long smtp_starttls;		/* require STARTTLS on smtp:// */
	char	smtp_user[CONF_STR_MAX];
	char	smtp_password[CONF_STR_MAX];
	char	smtp_ca_file[CONF_STR_MAX];	/* "": system store */
	char	sms_url[CONF_STR_MAX];		/* the SMS gateway's hook ("": no SMS) */
	char	sms_token[CONF_STR_MAX];	/* Authorization: Bearer ... */
	char	notice_secret[CONF_STR_MAX];	/* HMAC key of unsubscribe links */
	long long notify_timeout;		/* seconds per delivery */
	long long notify_lease;			/* seconds a claimed row is held */
	long long notify_backoff;		/* first retry after, seconds */
	long long notify_backoff_max;		/* longest wait between tries */
	long long notify_max_attempts;		/* then failed, shown to the admin */
	long long notify_interval;		/* seconds between passes (--loop) */
	long long notify_batch;			/* deliveries per pass */
	long long notify_test_hooks;		/* tests only: SL_NOTIFY_TEST_STOP */
};

/* Set every entry to its default. */
void config_defaults(struct config *);

/*
 * Read path into c (after defaults).  On error returns -1 and writes a
 * "file:line: message" text into err (errsz bytes).  0 on success.
 */
int config_load(struct config *c, const char *path, char *err, size_t errsz);

/* Check cross-entry rules (e.g. idle <= absolute). -1 with err on failure. */
int config_validate(const struct config *c, char *err, size_t errsz);

/*
 * Things that work but should not stay so, one line each into out
 * (outsz bytes, "" when none): db_migrate_user not set; the file at
 * path holding a password or secret while group or others may read or
 * write it.  Returns how many.
 */
int config_warnings(const struct config *c, const char *path, char *out,
    size_t outsz);

/* Print every entry "key = value" (passwords masked) to stdout. */
void config_print(const struct config *c);

#endif
