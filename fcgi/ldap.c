/*
 * ldap.c - the staff directory through libldap (OpenLDAP 2.5): log in
 * with "search, then bind", read the user's attributes, roles and units.
 *
 * A login is two calls, so that the caller knows the account before any
 * password is tried (login throttling counts the account, not the
 * typed text):
 *   dir_lookup: connection A: bind as the service account, search the
 *      user with sizelimit 2 (two entries = ambiguous = refused), read
 *      uid, name, mail and memberOf from that one entry, then search the
 *      unit groups whose member is the DN and decide which of them the
 *      user leads;
 *   dir_check_password: connection B: simple bind as the entry's DN with
 *      the password (never an empty one: RFC 4513 5.1.2
 *      "unauthenticated bind" succeeds on many servers), closed at once.
 * dir_authenticate does both.
 * Attributes are read by the service account rather than by the user,
 * so a directory where users may not read their own memberOf still
 * works, and it saves a round trip.
 *
 * Every handle is made here and closed before return (no pooling):
 * logins are rare and a fresh handle cannot be stale after the
 * directory restarts or after a fork.  Both timeouts of libldap are
 * infinite by default, so both are set, plus a server-side time limit
 * on every search.  Referrals are not chased (libldap would chase them
 * with an anonymous bind; AD sends continuation references from the
 * domain root); search references are skipped.
 *
 * TLS: ldaps:// URIs, and ldap:// ones with ldap_starttls (StartTLS
 * before any bind; a server that refuses it is an error, never a fall
 * back to plain text).  Certificates are always verified
 * (LDAP_OPT_X_TLS_REQUIRE_CERT hard: chain and host name), against
 * ldap_ca_file when set (LDAP_OPT_X_TLS_CACERTFILE on the handle, then
 * LDAP_OPT_X_TLS_NEWCTX so the handle gets a context of its own), else
 * the system's.  The connection (and so the TLS handshake) is made
 * explicitly with ldap_connect before the first operation, within
 * LDAP_OPT_NETWORK_TIMEOUT, so a failure there is told apart: a TLS
 * failure is logged with what the operator can do about it (dir_tls_log).
 * Plain ldap:// sends passwords in clear text and is meant for
 * 127.0.0.1 only.
 *
 * Limits (guard.h): every timeout is the smaller of ldap_timeout and
 * what is left of the request deadline, so a directory that accepts
 * and never answers costs a login at most that.  ldap_uri may list
 * several servers (separated by spaces or commas): each call tries them
 * in turn while the failure is one of the connection (cannot connect,
 * timed out, server down) and the deadline allows, then answers
 * SL_EDIR.  When every server failed that way, the directory is marked
 * down (guard_dir_failed): further logins are refused at once until the
 * master's probe (dir_ping) sees it answer.  At most ldap_max_waiting
 * workers wait on the directory at once (guard_dir_enter).
 *
 * Note for callers: libldap writes to sockets with write(2); the
 * process must ignore SIGPIPE.
 */
#include <lber.h>
#include <ldap.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <limits.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "guard.h"
#include "ldap_dir.h"
#include "util.h"

#define DIR_TIMEOUT_DEFAULT	5	/* seconds, when ldap_timeout <= 0 */
#define DIR_TIMEOUT_MAX		120
#define DIR_GROUPS_MAX		10000	/* memberOf values looked at */

/* The server being tried (one of ldap_uri's), for dir_open and logs. */
static char	dir_uri[CONF_STR_MAX];
/* The last LDAP result code logged by dir_log (0: none). */
static int	dir_last_rc;

static int
dir_timeout(const struct config *c)
{
	if (c->ldap_timeout <= 0)
		return DIR_TIMEOUT_DEFAULT;
	if (c->ldap_timeout > DIR_TIMEOUT_MAX)
		return DIR_TIMEOUT_MAX;
	return (int)c->ldap_timeout;
}

/*
 * The timeout of the next operation: ldap_timeout, or less when the
 * request deadline is nearer, keeping half a second to answer (the
 * login page saying that the directory is down); at least 50 ms.
 */
static void
dir_tv(const struct config *c, struct timeval *tv)
{
	long long	 ms = (long long)dir_timeout(c) * 1000;
	long long	 left = guard_remaining_ms() - 500;

	if (left < ms)
		ms = left < 50 ? 50 : left;
	tv->tv_sec = (time_t)(ms / 1000);
	tv->tv_usec = (suseconds_t)(ms % 1000) * 1000;
}

/* 1 for a result that says the server did not answer (try another). */
static int
dir_transport(int rc)
{
	return rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT ||
	    rc == LDAP_CONNECT_ERROR || rc == LDAP_TIMELIMIT_EXCEEDED;
}

/*
 * Copy the next URI of the list *p (spaces or commas between them) into
 * dir_uri and advance *p.  0 when there is none left.
 */
static int
dir_next_uri(const char **p)
{
	const char	*s = *p;
	size_t		 n;

	while (*s == ' ' || *s == ',' || *s == '\t')
		s++;
	n = strcspn(s, " ,\t");
	if (n == 0 || n >= sizeof(dir_uri))
		return 0;
	memcpy(dir_uri, s, n);
	dir_uri[n] = '\0';
	*p = s + n;
	return 1;
}

/*
 * Log "ldap: <what>: <error text> (<server's diagnostic>)".  ld may be
 * NULL.  what must not hold a password.
 */
static void __attribute__((format(printf, 4, 5)))
dir_log(int info, LDAP *ld, int rc, const char *fmt, ...)
{
	char	 what[512];
	char	*diag = NULL;
	va_list	 ap;

	dir_last_rc = rc;
	va_start(ap, fmt);
	if (vsnprintf(what, sizeof(what), fmt, ap) < 0)
		what[0] = '\0';
	va_end(ap);
	if (ld != NULL &&
	    ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag) !=
	    LDAP_OPT_SUCCESS)
		diag = NULL;
	if (info)
		log_info("ldap: %s: %s%s%.200s%s", what, ldap_err2string(rc),
		    diag != NULL && *diag != '\0' ? " (" : "",
		    diag != NULL ? diag : "",
		    diag != NULL && *diag != '\0' ? ")" : "");
	else
		log_warnx("ldap: %s: %s%s%.200s%s", what, ldap_err2string(rc),
		    diag != NULL && *diag != '\0' ? " (" : "",
		    diag != NULL ? diag : "",
		    diag != NULL && *diag != '\0' ? ")" : "");
	ldap_memfree(diag);
}

static void
dir_close(LDAP *ld)
{
	if (ld != NULL)
		(void)ldap_unbind_ext_s(ld, NULL, NULL);
}

/* 1 when uri (the server being tried) is an ldaps:// one. */
static int
dir_uri_ldaps(const char *uri)
{
	return strncasecmp(uri, "ldaps://", 8) == 0;
}

/*
 * Set the options every handle gets: protocol 3, no referrals, both
 * timeouts (dir_tv), asynchronous connect, restart on signals, and TLS
 * with require_cert (hard, or never for dir_tls_diagnose's look at the
 * certificate) and ldap_ca_file in a context of its own.
 *
 * Asynchronous connect matters for TLS: libldap 2.5.13 bounds the TLS
 * handshake by LDAP_OPT_NETWORK_TIMEOUT only when the connection is
 * asynchronous; otherwise it puts the socket in non-blocking mode and
 * calls the handshake again and again without waiting
 * (ldap_int_tls_start in libraries/libldap/tls2.c), so a server that
 * accepts and never answers holds the worker at 100 % CPU forever.
 * 0 or -1.
 */
static int
dir_set_options(const struct config *c, LDAP *ld, int require_cert)
{
	struct timeval	 tv;
	int		 version = LDAP_VERSION3, newctx = 0;

	dir_tv(c, &tv);
	if (ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version) !=
	    LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF) !=
	    LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv) !=
	    LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_CONNECT_ASYNC, LDAP_OPT_ON) !=
	    LDAP_OPT_SUCCESS ||
	    /* A signal (e.g. the manager's SIGTERM) must not abort a login. */
	    ldap_set_option(ld, LDAP_OPT_RESTART, LDAP_OPT_ON) !=
	    LDAP_OPT_SUCCESS) {
		log_warnx("ldap: cannot set options on a new handle");
		return -1;
	}
	if (!dir_uri_ldaps(dir_uri) && !c->ldap_starttls)
		return 0;
	if (ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &require_cert) !=
	    LDAP_OPT_SUCCESS ||
	    (c->ldap_ca_file[0] != '\0' &&
	    ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, c->ldap_ca_file) !=
	    LDAP_OPT_SUCCESS) ||
	    ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &newctx) !=
	    LDAP_OPT_SUCCESS) {
		log_warnx("ldap: cannot set up TLS for %s with ldap_ca_file "
		    "\"%s\" (is it a PEM file of CA certificates?)", dir_uri,
		    c->ldap_ca_file);
		return -1;
	}
	return 0;
}

/*
 * Why did the certificate of der[len] fail, for the host of dir_uri?
 * Verified with OpenSSL against ldap_ca_file (or the system's store)
 * and the host name: a sentence in why[whysz].
 */
static void
dir_cert_why(const struct config *c, const unsigned char *der, long len,
    char *why, size_t whysz)
{
	const unsigned char	*p = der;
	X509			*x = NULL;
	X509_STORE		*st = NULL;
	X509_STORE_CTX		*ctx = NULL;
	LDAPURLDesc		*lud = NULL;
	const char		*ca = c->ldap_ca_file[0] != '\0' ?
	    c->ldap_ca_file : "(none: the system's CA store)";
	const char		*host;

	(void)bsnprintf(why, whysz, "the server's certificate could not be "
	    "read");
	if ((x = d2i_X509(NULL, &p, len)) == NULL ||
	    (st = X509_STORE_new()) == NULL ||
	    (ctx = X509_STORE_CTX_new()) == NULL)
		goto out;
	if ((c->ldap_ca_file[0] != '\0' ?
	    X509_STORE_load_file(st, c->ldap_ca_file) :
	    X509_STORE_set_default_paths(st)) != 1) {
		(void)bsnprintf(why, whysz, "ldap_ca_file %s holds no PEM "
		    "certificate that can be read", ca);
		goto out;
	}
	if (X509_STORE_CTX_init(ctx, st, x, NULL) != 1)
		goto out;
	if (X509_verify_cert(ctx) != 1) {
		(void)bsnprintf(why, whysz, "certificate of %s not trusted by "
		    "ldap_ca_file %s: %s", dir_uri, ca,
		    X509_verify_cert_error_string(
		    X509_STORE_CTX_get_error(ctx)));
		goto out;
	}
	if (ldap_url_parse(dir_uri, &lud) != LDAP_URL_SUCCESS)
		lud = NULL;
	host = lud != NULL && lud->lud_host != NULL && lud->lud_host[0] !=
	    '\0' ? lud->lud_host : "localhost";
	if (X509_check_ip_asc(x, host, 0) != 1 &&
	    X509_check_host(x, host, 0, 0, NULL) != 1) {
		(void)bsnprintf(why, whysz, "certificate of %s (trusted by "
		    "ldap_ca_file %s) does not name the host %s: put a name "
		    "of its subjectAltName in ldap_uri", dir_uri, ca, host);
		goto out;
	}
	(void)bsnprintf(why, whysz, "certificate of %s is trusted by "
	    "ldap_ca_file %s and names the host; the TLS handshake failed "
	    "for another reason (protocol versions, ciphers)", dir_uri, ca);
out:
	if (lud != NULL)
		ldap_free_urldesc(lud);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	X509_free(x);
}

/*
 * Log a failed TLS handshake (ldaps:// connect, how "TLS", or StartTLS)
 * with dir_uri in words an operator can act on.  libldap (GnuTLS) says
 * little ("(unknown error code)"), so a second handle makes the same
 * handshake without verifying and hands the certificate to dir_cert_why;
 * it sends nothing else and is closed at once.  Sets dir_last_rc to rc.
 */
static void
dir_tls_log(const struct config *c, LDAP *failed, int rc, const char *how)
{
	LDAP		*ld = NULL;
	struct berval	 cert = { 0, NULL };
	char		*diag = NULL, why[1024];
	int		 never = LDAP_OPT_X_TLS_NEVER, r;

	if (ldap_get_option(failed, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag) !=
	    LDAP_OPT_SUCCESS)
		diag = NULL;
	(void)bsnprintf(why, sizeof(why), "no TLS handshake with %s (is it "
	    "a TLS port%s?)", dir_uri, dir_uri_ldaps(dir_uri) ? "" :
	    " that offers StartTLS");
	/* The look costs a handshake: not when the deadline is near. */
	if (guard_remaining_ms() < 1500)
		goto out;
	if (ldap_initialize(&ld, dir_uri) != LDAP_SUCCESS) {
		ld = NULL;
		goto out;
	}
	if (dir_set_options(c, ld, never) != 0)
		goto out;
	r = ldap_connect(ld);
	if (r == LDAP_SUCCESS && !dir_uri_ldaps(dir_uri))
		r = ldap_start_tls_s(ld, NULL, NULL);
	if (r != LDAP_SUCCESS)
		goto out;
	if (ldap_get_option(ld, LDAP_OPT_X_TLS_PEERCERT, &cert) !=
	    LDAP_OPT_SUCCESS || cert.bv_val == NULL)
		goto out;
	dir_cert_why(c, (const unsigned char *)cert.bv_val,
	    (long)cert.bv_len, why, sizeof(why));
out:
	log_warnx("ldap: %s with %s failed: %s [%s%s%.200s%s]", how, dir_uri,
	    why, ldap_err2string(rc), diag != NULL ? ": " : "",
	    diag != NULL ? diag : "", "");
	dir_last_rc = rc;
	if (cert.bv_val != NULL)
		ber_memfree(cert.bv_val);
	ldap_memfree(diag);
	dir_close(ld);
}

/*
 * New handle for the server in dir_uri with protocol 3, no referrals,
 * both timeouts set (dir_tv) and TLS set up (verified always, the CA
 * of ldap_ca_file), connected (the TLS handshake of ldaps:// done) and,
 * with ldap_starttls on an ldap:// URI, StartTLS done.  SL_OK and *ldp
 * (caller closes with dir_close), or SL_EDIR (logged; dir_last_rc says
 * whether another server is worth a try).
 */
static enum sl_err
dir_open(const struct config *c, LDAP **ldp)
{
	LDAP		*ld = NULL;
	int		 rc, ldaps;
	enum sl_err	 e = SL_EDIR;

	*ldp = NULL;
	if (dir_uri[0] == '\0') {
		/* libldap would fall back to ldap.conf or localhost. */
		log_warnx("ldap: ldap_uri is empty");
		goto out;
	}
	if ((rc = ldap_initialize(&ld, dir_uri)) != LDAP_SUCCESS) {
		log_warnx("ldap: cannot use ldap_uri \"%s\": %s", dir_uri,
		    ldap_err2string(rc));
		ld = NULL;
		goto out;
	}
	ldaps = dir_uri_ldaps(dir_uri);
	if (dir_set_options(c, ld, LDAP_OPT_X_TLS_HARD) != 0)
		goto out;
	/* Connect now, within the network timeout (ldaps: the handshake). */
	if ((rc = ldap_connect(ld)) != LDAP_SUCCESS) {
		char	*diag = NULL;

		/* A refused or silent server has no diagnostic; a failed
		 * handshake has one ("(unknown error code)" from GnuTLS). */
		if (ldaps && rc != LDAP_TIMEOUT &&
		    ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE,
		    &diag) == LDAP_OPT_SUCCESS && diag != NULL &&
		    diag[0] != '\0')
			dir_tls_log(c, ld, rc, "TLS");
		else
			dir_log(0, ld, rc, "cannot connect to %s", dir_uri);
		ldap_memfree(diag);
		goto out;
	}
	if (c->ldap_starttls && !ldaps &&
	    (rc = ldap_start_tls_s(ld, NULL, NULL)) != LDAP_SUCCESS) {
		if (rc == LDAP_TIMEOUT || rc == LDAP_SERVER_DOWN)
			dir_log(0, ld, rc, "StartTLS with %s", dir_uri);
		else
			dir_tls_log(c, ld, rc, "StartTLS");
		/* A server that cannot do TLS: try the next one. */
		dir_last_rc = LDAP_CONNECT_ERROR;
		goto out;
	}
	*ldp = ld;
	ld = NULL;
	e = SL_OK;
out:
	dir_close(ld);
	return e;
}

/*
 * Bind ld as the service account; anonymously when ldap_bind_dn is "".
 * SL_OK or SL_EDIR (logged).
 */
static enum sl_err
dir_service_bind(const struct config *c, LDAP *ld)
{
	struct berval	 cred;
	const char	*dn = NULL;
	int		 rc;

	cred.bv_val = (char *)c->ldap_bind_password;
	cred.bv_len = strlen(c->ldap_bind_password);
	if (c->ldap_bind_dn[0] != '\0') {
		if (cred.bv_len == 0) {
			/* That would be an unauthenticated bind. */
			log_warnx("ldap: ldap_bind_password is empty for "
			    "ldap_bind_dn \"%s\"; not binding", c->ldap_bind_dn);
			return SL_EDIR;
		}
		dn = c->ldap_bind_dn;
	} else if (cred.bv_len != 0) {
		log_warnx("ldap: ldap_bind_password is set but ldap_bind_dn "
		    "is empty");
		return SL_EDIR;
	}
	rc = ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL,
	    NULL);
	if (rc != LDAP_SUCCESS) {
		dir_log(0, ld, rc, "service bind as \"%s\" to %s",
		    dn != NULL ? dn : "(anonymous)", dir_uri);
		return SL_EDIR;
	}
	return SL_OK;
}

/* Subtree search with the configured time limit.  Returns the LDAP rc. */
static int
dir_search(const struct config *c, LDAP *ld, const char *base,
    const char *filter, char **attrs, int sizelimit, LDAPMessage **res)
{
	struct timeval	tv;

	dir_tv(c, &tv);
	*res = NULL;
	/* libldap sends tv.tv_sec as the server-side time limit as well. */
	return ldap_search_ext_s(ld, base, LDAP_SCOPE_SUBTREE, filter, attrs,
	    0, NULL, NULL, &tv, sizelimit, res);
}

/* 1 if the bytes may be handed out: 1..DIR_VALUE_MAX of XML text. */
static int
dir_value_ok(const char *s, size_t len)
{
	return len > 0 && len <= DIR_VALUE_MAX && xml_text_ok(s, len);
}

/*
 * First acceptable value (dir_value_ok) of attr in entry, copied into
 * the arena; *out is NULL when there is none.  Unacceptable values are
 * skipped with a log line naming dn.  SL_OK or SL_ENOMEM.
 */
static enum sl_err
dir_first_value(LDAP *ld, LDAPMessage *entry, const char *dn,
    const char *attr, struct arena *a, char **out)
{
	struct berval	**vals = NULL;
	size_t		  i;
	enum sl_err	  e = SL_OK;

	*out = NULL;
	if (attr[0] == '\0')
		goto out;
	if ((vals = ldap_get_values_len(ld, entry, attr)) == NULL)
		goto out;
	for (i = 0; vals[i] != NULL; i++) {
		if (!dir_value_ok(vals[i]->bv_val, vals[i]->bv_len)) {
			log_warnx("ldap: %s of \"%s\": skipped a value that is "
			    "empty, too long or not UTF-8 text", attr, dn);
			continue;
		}
		if ((*out = arena_strndup(a, vals[i]->bv_val,
		    vals[i]->bv_len)) == NULL)
			e = SL_ENOMEM;
		break;
	}
out:
	if (vals != NULL)
		ldap_value_free_len(vals);
	return e;
}

/*
 * The stable key of entry: the first value of attr (1..DIR_KEY_MAX
 * bytes, binary or not: objectGUID is 16 raw bytes, entryUUID text)
 * as lower-case hex in the arena; *out NULL when attr is "" or the
 * entry has no usable value (logged).  SL_OK or SL_ENOMEM.
 */
static enum sl_err
dir_key_value(LDAP *ld, LDAPMessage *entry, const char *dn,
    const char *attr, struct arena *a, char **out)
{
	static const char	  hex[] = "0123456789abcdef";
	struct berval		**vals = NULL;
	size_t			  i, n;
	char			 *k;
	enum sl_err		  e = SL_OK;

	*out = NULL;
	if (attr[0] == '\0')
		goto out;
	if ((vals = ldap_get_values_len(ld, entry, attr)) == NULL ||
	    vals[0] == NULL || vals[0]->bv_len == 0 ||
	    vals[0]->bv_len > DIR_KEY_MAX) {
		log_warnx("ldap: \"%s\" has no usable %s (1 to %d bytes)", dn,
		    attr, DIR_KEY_MAX);
		goto out;
	}
	n = vals[0]->bv_len;
	if ((k = arena_alloc(a, 2 * n + 1)) == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		k[2 * i] = hex[(unsigned char)vals[0]->bv_val[i] >> 4];
		k[2 * i + 1] = hex[(unsigned char)vals[0]->bv_val[i] & 0xf];
	}
	k[2 * n] = '\0';
	*out = k;
out:
	if (vals != NULL)
		ldap_value_free_len(vals);
	return e;
}

/*
 * DN of entry, copied into the arena; *out is NULL when it is not
 * acceptable (dir_value_ok).  SL_OK or SL_ENOMEM.
 */
static enum sl_err
dir_entry_dn(LDAP *ld, LDAPMessage *entry, struct arena *a, char **out)
{
	char		*dn;
	size_t		 len;
	enum sl_err	 e = SL_OK;

	*out = NULL;
	if ((dn = ldap_get_dn(ld, entry)) == NULL)
		goto out;
	len = strnlen(dn, DIR_VALUE_MAX + 1);
	if (!dir_value_ok(dn, len)) {
		log_warnx("ldap: skipped an entry whose DN is empty, too long "
		    "or not UTF-8 text");
		goto out;
	}
	if ((*out = arena_strndup(a, dn, len)) == NULL)
		e = SL_ENOMEM;
out:
	ldap_memfree(dn);
	return e;
}

/*
 * Normalised form of the DN in bv (parsed and printed again as LDAPv3,
 * so spacing and escaping no longer differ), allocated by libldap: the
 * caller frees it with ldap_memfree.  NULL when bv is not a DN (or on
 * ENOMEM inside libldap).  Compare results with strcasecmp.
 */
static char *
dn_norm(struct berval *bv)
{
	LDAPDN	 dn = NULL;
	char	*s = NULL;

	if (bv->bv_len == 0 || bv->bv_len > DIR_VALUE_MAX)
		goto out;
	if (ldap_bv2dn(bv, &dn, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS) {
		dn = NULL;
		goto out;
	}
	if (ldap_dn2str(dn, &s, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS)
		s = NULL;
out:
	if (dn != NULL)
		ldap_dnfree(dn);
	return s;
}

/*
 * Normalised copy of the configured group DN g in the arena (*out NULL
 * when g is "" or not a DN, with a log line for the latter).
 */
static enum sl_err
dir_role_init(struct arena *a, const char *key, const char *g, char **out)
{
	struct berval	 bv;
	char		*s;
	enum sl_err	 e = SL_OK;

	*out = NULL;
	if (g[0] == '\0')
		return SL_OK;
	bv.bv_val = (char *)g;
	bv.bv_len = strlen(g);
	if ((s = dn_norm(&bv)) == NULL) {
		log_warnx("ldap: %s \"%s\" is not a DN; nobody has that role",
		    key, g);
		return SL_OK;
	}
	if ((*out = arena_strdup(a, s)) == NULL)
		e = SL_ENOMEM;
	ldap_memfree(s);
	return e;
}

/*
 * The user's groups as normalised DNs into u->groups: with
 * ldap_group_filter set (nested groups), every group under
 * ldap_group_base that the filter finds for the user's DN (AD:
 * member:1.2.840.113556.1.4.1941:= resolves nesting on the DC);
 * otherwise the direct groups of ldap_attr_member_of in entry (entry
 * NULL: u->groups is kept as it is).  SL_OK, SL_EDIR (the group search
 * failed), SL_ENOMEM.
 */
static enum sl_err
dir_read_groups(const struct config *c, LDAP *ld, LDAPMessage *entry,
    struct arena *a, struct dir_user *u)
{
	struct berval	**vals = NULL, bv;
	LDAPMessage	 *res = NULL, *g;
	char		 *norm, *dn, *esc, *filter, *attrs[2] = { "1.1", NULL };
	size_t		  i, n = 0, fsz;
	int		  rc;
	enum sl_err	  e = SL_OK;

	/* ldap-sync: the direct groups were read from the entry already. */
	if (entry == NULL && c->ldap_group_filter[0] == '\0')
		return SL_OK;
	u->groups = NULL;
	u->ngroups = 0;
	if (c->ldap_group_filter[0] != '\0') {
		if ((e = dir_escape_filter(a, u->dn, &esc)) != SL_OK)
			goto out;
		fsz = strlen(c->ldap_group_filter) + strlen(esc) + 1;
		if ((filter = arena_alloc(a, fsz)) == NULL) {
			e = SL_ENOMEM;
			goto out;
		}
		if (dir_filter_fill(filter, fsz, c->ldap_group_filter, esc) !=
		    SL_OK) {
			log_warnx("ldap: ldap_group_filter must hold %%s");
			e = SL_EDIR;
			goto out;
		}
		rc = dir_search(c, ld, c->ldap_group_base, filter, attrs,
		    DIR_GROUPS_MAX, &res);
		if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
			dir_log(0, ld, rc, "group search under \"%s\"",
			    c->ldap_group_base);
			e = SL_EDIR;
			goto out;
		}
		n = (size_t)(ldap_count_entries(ld, res) > 0 ?
		    ldap_count_entries(ld, res) : 0);
		if (n == 0)
			goto out;
		if ((u->groups = arena_alloc(a, n * sizeof(*u->groups))) ==
		    NULL) {
			e = SL_ENOMEM;
			goto out;
		}
		for (g = ldap_first_entry(ld, res); g != NULL &&
		    u->ngroups < n; g = ldap_next_entry(ld, g)) {
			if ((dn = ldap_get_dn(ld, g)) == NULL)
				continue;
			bv.bv_val = dn;
			bv.bv_len = strlen(dn);
			norm = dn_norm(&bv);
			ldap_memfree(dn);
			if (norm == NULL)
				continue;
			u->groups[u->ngroups] = arena_strdup(a, norm);
			ldap_memfree(norm);
			if (u->groups[u->ngroups] == NULL) {
				e = SL_ENOMEM;
				goto out;
			}
			u->ngroups++;
		}
		goto out;
	}
	if (c->ldap_attr_member_of[0] == '\0')
		goto out;
	vals = ldap_get_values_len(ld, entry, c->ldap_attr_member_of);
	for (n = 0; vals != NULL && vals[n] != NULL && n < DIR_GROUPS_MAX; n++)
		;
	if (n == 0)
		goto out;
	if ((u->groups = arena_alloc(a, n * sizeof(*u->groups))) == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((norm = dn_norm(vals[i])) == NULL)
			continue;
		u->groups[u->ngroups] = arena_strdup(a, norm);
		ldap_memfree(norm);
		if (u->groups[u->ngroups] == NULL) {
			e = SL_ENOMEM;
			goto out;
		}
		u->ngroups++;
	}
out:
	if (vals != NULL)
		ldap_value_free_len(vals);
	ldap_msgfree(res);
	return e;
}

/*
 * Set u->is_admin, *may_lead and u->groups (normalised DNs of the
 * user's groups, for the units' leaders; dir_read_groups: direct ones
 * from memberOf, or nested ones with ldap_group_filter).  *may_lead is
 * 1 when ldap_leader_group is unset or the user is in it.  (A user with
 * more than 1500 groups gets memberOf from AD in ranges
 * ("memberOf;range=0-1499"), which is not read: use ldap_group_filter.)
 */
static enum sl_err
dir_read_roles(const struct config *c, LDAP *ld, LDAPMessage *entry,
    struct arena *a, struct dir_user *u, int *may_lead)
{
	char		 *leader, *admin;
	size_t		  i;
	enum sl_err	  e;

	u->is_leader = u->is_admin = 0;
	*may_lead = 0;
	if ((e = dir_role_init(a, "ldap_leader_group", c->ldap_leader_group,
	    &leader)) != SL_OK ||
	    (e = dir_role_init(a, "ldap_admin_group", c->ldap_admin_group,
	    &admin)) != SL_OK ||
	    (e = dir_read_groups(c, ld, entry, a, u)) != SL_OK)
		return e;
	/* Set but not a DN: nobody may lead (logged by dir_role_init). */
	*may_lead = c->ldap_leader_group[0] == '\0';
	for (i = 0; i < u->ngroups; i++) {
		if (leader != NULL && strcasecmp(u->groups[i], leader) == 0)
			*may_lead = 1;
		if (admin != NULL && strcasecmp(u->groups[i], admin) == 0)
			u->is_admin = 1;
	}
	return SL_OK;
}

/*
 * The name to search for: username, or with ldap_netbios_domain set and
 * username "DOMAIN\\name" (the domain in any case), name.  NULL when
 * username holds a backslash otherwise (another domain, or none
 * configured): no such user.
 */
static const char *
dir_strip_domain(const struct config *c, const char *username)
{
	const char	*bs = strchr(username, '\\');
	size_t		 dl = strlen(c->ldap_netbios_domain);

	if (bs == NULL)
		return username;
	if (dl == 0 || (size_t)(bs - username) != dl ||
	    strncasecmp(username, c->ldap_netbios_domain, dl) != 0 ||
	    bs[1] == '\0' || strchr(bs + 1, '\\') != NULL)
		return NULL;
	return bs + 1;
}

/*
 * With the service connection ld: find the one entry for username and
 * fill u (dn, canonical uid, name, mail, roles, groups; *may_lead as
 * dir_read_roles).  SL_OK, SL_EAUTH (none, several, or no usable uid),
 * SL_EDIR, SL_ENOMEM.
 */
static enum sl_err
dir_find_user(const struct config *c, LDAP *ld, struct arena *a,
    const char *username, struct dir_user *u, int *may_lead)
{
	LDAPMessage	*res = NULL, *entry;
	const char	*name;
	char		*esc, *filter, *attrs[6];
	size_t		 fsz, n = 0;
	int		 rc, count;
	enum sl_err	 e;

	if ((name = dir_strip_domain(c, username)) == NULL) {
		e = SL_EAUTH;
		goto out;
	}
	if ((e = dir_escape_filter(a, name, &esc)) != SL_OK)
		goto out;
	fsz = strlen(c->ldap_user_filter) +
	    DIR_FILTER_HOLES * strlen(esc) + 1;
	if ((filter = arena_alloc(a, fsz)) == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	if ((e = dir_filter_fill(filter, fsz, c->ldap_user_filter, esc)) !=
	    SL_OK) {
		log_warnx("ldap: ldap_user_filter must hold %%s (at most %d "
		    "times) and no other %%", DIR_FILTER_HOLES);
		e = SL_EDIR;
		goto out;
	}
	attrs[n++] = (char *)c->ldap_attr_uid;
	if (c->ldap_attr_name[0] != '\0')
		attrs[n++] = (char *)c->ldap_attr_name;
	if (c->ldap_attr_mail[0] != '\0')
		attrs[n++] = (char *)c->ldap_attr_mail;
	if (c->ldap_attr_member_of[0] != '\0')
		attrs[n++] = (char *)c->ldap_attr_member_of;
	if (c->ldap_attr_user_key[0] != '\0')
		attrs[n++] = (char *)c->ldap_attr_user_key;
	attrs[n] = NULL;

	/* Size limit 2: a second entry means the name is ambiguous. */
	rc = dir_search(c, ld, c->ldap_user_base, filter, attrs, 2, &res);
	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
		dir_log(0, ld, rc, "user search under \"%s\"",
		    c->ldap_user_base);
		e = SL_EDIR;
		goto out;
	}
	if ((count = ldap_count_entries(ld, res)) != 1) {
		if (count > 1)
			log_warnx("ldap: ldap_user_filter matches more than "
			    "one entry for a user name; refusing the login");
		e = SL_EAUTH;
		goto out;
	}
	entry = ldap_first_entry(ld, res);
	if ((e = dir_entry_dn(ld, entry, a, &u->dn)) != SL_OK)
		goto out;
	if (u->dn == NULL) {
		e = SL_EAUTH;
		goto out;
	}
	if ((e = dir_first_value(ld, entry, u->dn, c->ldap_attr_uid, a,
	    &u->uid)) != SL_OK)
		goto out;
	if (u->uid == NULL || strlen(u->uid) > DIR_UID_MAX) {
		log_warnx("ldap: \"%s\" has no usable %s (at most %d bytes); "
		    "refusing the login", u->dn, c->ldap_attr_uid, DIR_UID_MAX);
		e = SL_EAUTH;
		goto out;
	}
	dir_uid_canon(u->uid);
	if ((e = dir_first_value(ld, entry, u->dn, c->ldap_attr_name, a,
	    &u->name)) != SL_OK)
		goto out;
	if (u->name == NULL)
		u->name = u->uid;
	if ((e = dir_first_value(ld, entry, u->dn, c->ldap_attr_mail, a,
	    &u->mail)) != SL_OK)
		goto out;
	if (u->mail == NULL && (u->mail = arena_strdup(a, "")) == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	if ((e = dir_key_value(ld, entry, u->dn, c->ldap_attr_user_key, a,
	    &u->key)) != SL_OK)
		goto out;
	if (c->ldap_attr_user_key[0] != '\0' && u->key == NULL) {
		e = SL_EAUTH;
		goto out;
	}
	e = dir_read_roles(c, ld, entry, a, u, may_lead);
out:
	ldap_msgfree(res);
	return e;
}

enum dir_refusal
dir_ad_refusal(const char *diag)
{
	static const struct {
		const char		*code;
		enum dir_refusal	 why;
	} codes[] = {
		{ "52e", DIR_REFUSED_PASSWORD },
		{ "525", DIR_REFUSED_PASSWORD },	/* no such user */
		{ "530", DIR_REFUSED_RESTRICTED },	/* not at this time */
		{ "531", DIR_REFUSED_RESTRICTED },	/* not from here */
		{ "532", DIR_REFUSED_PW_EXPIRED },
		{ "533", DIR_REFUSED_DISABLED },
		{ "701", DIR_REFUSED_EXPIRED },
		{ "773", DIR_REFUSED_MUST_CHANGE },
		{ "775", DIR_REFUSED_LOCKED },
	};
	const char	*p;
	size_t		 i, n;

	if (diag == NULL)
		return DIR_REFUSED_PASSWORD;
	/* "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext
	 * error, data 775, v4563": the code is the word after "data ". */
	for (p = diag; (p = strstr(p, "data ")) != NULL; p += 5) {
		if (p != diag && p[-1] != ' ' && p[-1] != ',')
			continue;
		n = strspn(p + 5, "0123456789abcdefABCDEF");
		if (n != 3 || (p[8] != ',' && p[8] != '\0' && p[8] != ' '))
			continue;
		for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
			if (strncasecmp(p + 5, codes[i].code, 3) == 0)
				return codes[i].why;
		return DIR_REFUSED_PASSWORD;
	}
	return DIR_REFUSED_PASSWORD;
}

int
dir_refusal_confirms_password(enum dir_refusal why)
{
	switch (why) {
	case DIR_REFUSED_DISABLED:
	case DIR_REFUSED_EXPIRED:
	case DIR_REFUSED_MUST_CHANGE:
	case DIR_REFUSED_PW_EXPIRED:
	case DIR_REFUSED_RESTRICTED:
		return 1;
	case DIR_REFUSED_PASSWORD:
	case DIR_REFUSED_LOCKED:
		break;
	}
	return 0;
}

/*
 * Simple bind as dn with password on a connection of its own, closed
 * again at once.  SL_OK, SL_EAUTH (*why says why, from AD's
 * diagnostic), SL_EDIR.
 */
static enum sl_err
dir_bind_user(const struct config *c, const char *dn, const char *password,
    enum dir_refusal *why)
{
	LDAP		*ld = NULL;
	struct berval	 cred;
	char		*diag = NULL;
	int		 rc;
	enum sl_err	 e;

	*why = DIR_REFUSED_PASSWORD;
	if ((e = dir_open(c, &ld)) != SL_OK)
		goto out;
	cred.bv_val = (char *)password;
	cred.bv_len = strlen(password);
	rc = ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL,
	    NULL);
	switch (rc) {
	case LDAP_SUCCESS:
		e = SL_OK;
		break;
	case LDAP_INVALID_CREDENTIALS:
	case LDAP_INAPPROPRIATE_AUTH:
	case LDAP_UNWILLING_TO_PERFORM:
	case LDAP_CONSTRAINT_VIOLATION:
	case LDAP_INSUFFICIENT_ACCESS:
		/* AD puts the reason (locked, expired...) in the diagnostic. */
		if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag) ==
		    LDAP_OPT_SUCCESS)
			*why = dir_ad_refusal(diag);
		dir_log(1, ld, rc, "bind as \"%s\"", dn);
		e = SL_EAUTH;
		break;
	default:
		dir_log(0, ld, rc, "bind as \"%s\" to %s", dn, dir_uri);
		e = SL_EDIR;
		break;
	}
out:
	ldap_memfree(diag);
	dir_close(ld);
	return e;
}

static int
unit_cmp(const void *a, const void *b)
{
	const struct dir_unit	*x = a, *y = b;

	return strcmp(x->id, y->id);
}

/*
 * v escaped as an attribute value of a DN string (RFC 4514 2.4), in the
 * arena; NULL on ENOMEM.
 */
static char *
dn_value_escape(struct arena *a, const char *v)
{
	size_t	 n = strlen(v), i, j = 0;
	char	*out;

	if ((out = arena_alloc(a, 2 * n + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strchr("\"+,;<>\\=", v[i]) != NULL ||
		    (i == 0 && (v[i] == ' ' || v[i] == '#')) ||
		    (i == n - 1 && v[i] == ' '))
			out[j++] = '\\';
		out[j++] = v[i];
	}
	out[j] = '\0';
	return out;
}

/* 1 when norm (a normalised DN) is one of the user's direct groups. */
static int
in_groups(const struct dir_user *u, const char *norm)
{
	size_t	 i;

	for (i = 0; i < u->ngroups; i++)
		if (strcasecmp(u->groups[i], norm) == 0)
			return 1;
	return 0;
}

/*
 * Does the directory say that u leads the unit in entry?  *out = 1 when
 * the unit's ldap_attr_unit_leader names u's DN (udn, normalised) or one
 * of u's direct groups, or when u is a direct member of the unit's
 * leader group (ldap_unit_leader_group with the RFC 4514-escaped unit
 * id for its %s).  SL_OK or SL_ENOMEM.
 */
static enum sl_err
dir_unit_leader(const struct config *c, LDAP *ld, LDAPMessage *entry,
    struct arena *a, const struct dir_user *u, const char *udn,
    const struct dir_unit *unit, int *out)
{
	struct berval	**vals = NULL, bv;
	const char	 *hole;
	char		 *norm, *esc, *dn;
	size_t		  i, pre;
	enum sl_err	  e = SL_OK;

	*out = 0;
	if (c->ldap_attr_unit_leader[0] != '\0')
		vals = ldap_get_values_len(ld, entry, c->ldap_attr_unit_leader);
	for (i = 0; vals != NULL && vals[i] != NULL && i < DIR_GROUPS_MAX &&
	    !*out; i++) {
		if ((norm = dn_norm(vals[i])) == NULL)
			continue;
		*out = (udn != NULL && strcasecmp(norm, udn) == 0) ||
		    in_groups(u, norm);
		ldap_memfree(norm);
	}
	if (*out || c->ldap_unit_leader_group[0] == '\0' || u->ngroups == 0)
		goto out;
	hole = strstr(c->ldap_unit_leader_group, "%s");
	if (hole == NULL || strchr(hole + 2, '%') != NULL ||
	    memchr(c->ldap_unit_leader_group, '%',
	    (size_t)(hole - c->ldap_unit_leader_group)) != NULL) {
		log_warnx("ldap: ldap_unit_leader_group must hold exactly one "
		    "%%s and no other %%; nobody leads through it");
		goto out;
	}
	if ((esc = dn_value_escape(a, unit->id)) == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	pre = (size_t)(hole - c->ldap_unit_leader_group);
	if ((dn = arena_printf(a, "%.*s%s%s", (int)pre,
	    c->ldap_unit_leader_group, esc, hole + 2)) == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	bv.bv_val = dn;
	bv.bv_len = strlen(dn);
	if ((norm = dn_norm(&bv)) == NULL)
		goto out;	/* not a DN: nobody is a member */
	*out = in_groups(u, norm);
	ldap_memfree(norm);
out:
	if (vals != NULL)
		ldap_value_free_len(vals);
	return e;
}

/*
 * With the service connection ld: the unit groups u->dn is a member
 * of, into u->units (sorted by id), each with whether u leads it (only
 * when may_lead), and u->is_leader (leads at least one).  SL_OK,
 * SL_EDIR, SL_ENOMEM.
 */
static enum sl_err
dir_read_units(const struct config *c, LDAP *ld, struct arena *a,
    struct dir_user *u, int may_lead)
{
	LDAPMessage	*res = NULL, *entry;
	struct dir_unit	*unit;
	struct berval	 bv;
	char		*esc, *filter, *attrs[5], *udn = NULL;
	size_t		 fsz, n = 0;
	int		 rc, count, leads;
	enum sl_err	 e = SL_OK;

	u->units = NULL;
	u->nunits = 0;
	u->is_leader = 0;
	if (c->ldap_unit_base[0] == '\0' || c->ldap_unit_filter[0] == '\0')
		goto out;
	if ((e = dir_escape_filter(a, u->dn, &esc)) != SL_OK)
		goto out;
	fsz = strlen(c->ldap_unit_filter) + strlen(esc) + 1;
	if ((filter = arena_alloc(a, fsz)) == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	if ((e = dir_filter_fill(filter, fsz, c->ldap_unit_filter, esc)) !=
	    SL_OK) {
		log_warnx("ldap: ldap_unit_filter must hold exactly one %%s "
		    "and no other %%");
		e = SL_EDIR;
		goto out;
	}
	attrs[n++] = (char *)c->ldap_attr_unit_id;
	if (c->ldap_attr_unit_name[0] != '\0')
		attrs[n++] = (char *)c->ldap_attr_unit_name;
	if (c->ldap_attr_unit_leader[0] != '\0')
		attrs[n++] = (char *)c->ldap_attr_unit_leader;
	if (c->ldap_attr_unit_key[0] != '\0')
		attrs[n++] = (char *)c->ldap_attr_unit_key;
	attrs[n] = NULL;
	bv.bv_val = u->dn;
	bv.bv_len = strlen(u->dn);
	udn = dn_norm(&bv);

	rc = dir_search(c, ld, c->ldap_unit_base, filter, attrs,
	    DIR_UNITS_MAX, &res);
	if (rc == LDAP_SIZELIMIT_EXCEEDED)
		log_warnx("ldap: \"%s\" is in more than %d units; using the "
		    "first %d", u->dn, DIR_UNITS_MAX, DIR_UNITS_MAX);
	else if (rc != LDAP_SUCCESS) {
		dir_log(0, ld, rc, "unit search under \"%s\"",
		    c->ldap_unit_base);
		e = SL_EDIR;
		goto out;
	}
	if ((count = ldap_count_entries(ld, res)) <= 0)
		goto out;
	if (count > DIR_UNITS_MAX)
		count = DIR_UNITS_MAX;
	if ((u->units = arena_alloc(a, (size_t)count *
	    sizeof(*u->units))) == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	for (entry = ldap_first_entry(ld, res);
	    entry != NULL && u->nunits < (size_t)count;
	    entry = ldap_next_entry(ld, entry)) {
		unit = &u->units[u->nunits];
		if ((e = dir_entry_dn(ld, entry, a, &unit->dn)) != SL_OK)
			goto out;
		if (unit->dn == NULL)
			continue;
		if ((e = dir_first_value(ld, entry, unit->dn,
		    c->ldap_attr_unit_id, a, &unit->id)) != SL_OK)
			goto out;
		if (unit->id == NULL) {
			log_warnx("ldap: unit \"%s\" has no usable %s; "
			    "skipped", unit->dn, c->ldap_attr_unit_id);
			continue;
		}
		if ((e = dir_first_value(ld, entry, unit->dn,
		    c->ldap_attr_unit_name, a, &unit->name)) != SL_OK)
			goto out;
		if (unit->name == NULL)
			unit->name = unit->id;
		if ((e = dir_key_value(ld, entry, unit->dn,
		    c->ldap_attr_unit_key, a, &unit->key)) != SL_OK)
			goto out;
		if (c->ldap_attr_unit_key[0] != '\0' && unit->key == NULL)
			continue;
		if ((e = dir_unit_leader(c, ld, entry, a, u, udn, unit,
		    &leads)) != SL_OK)
			goto out;
		unit->leader = may_lead && leads;
		if (unit->leader)
			u->is_leader = 1;
		u->nunits++;
	}
	if (u->nunits == 0)
		u->units = NULL;
	else
		qsort(u->units, u->nunits, sizeof(*u->units), unit_cmp);
out:
	ldap_memfree(udn);
	ldap_msgfree(res);
	return e;
}

enum sl_err
dir_escape_filter(struct arena *a, const char *in, char **out)
{
	struct berval	bin, bout;
	enum sl_err	e = SL_OK;

	bout.bv_val = NULL;
	bout.bv_len = 0;
	if (in == NULL || out == NULL)
		return SL_EINPUT;
	*out = NULL;
	bin.bv_val = (char *)in;
	bin.bv_len = strlen(in);
	if (bin.bv_len == 0) {
		if ((*out = arena_strdup(a, "")) == NULL)
			e = SL_ENOMEM;
		goto out;
	}
	if (ldap_bv2escaped_filter_value(&bin, &bout) != LDAP_SUCCESS ||
	    bout.bv_val == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	if ((*out = arena_strndup(a, bout.bv_val, bout.bv_len)) == NULL)
		e = SL_ENOMEM;
out:
	if (bout.bv_val != NULL)
		ber_memfree(bout.bv_val);
	return e;
}

enum sl_err
dir_filter_fill(char *out, size_t outsz, const char *tmpl,
    const char *escaped)
{
	const char	*p, *q;
	size_t		 vlen, n = 0, holes = 0, chunk;

	if (out == NULL || outsz == 0)
		return SL_ETOOBIG;
	out[0] = '\0';
	if (tmpl == NULL || escaped == NULL)
		return SL_EINPUT;
	for (p = tmpl; (p = strchr(p, '%')) != NULL; p += 2) {
		if (p[1] != 's' || ++holes > DIR_FILTER_HOLES)
			return SL_EINPUT;
	}
	if (holes == 0)
		return SL_EINPUT;
	/* The value must have been escaped: no filter syntax in it. */
	if (strpbrk(escaped, "()*") != NULL)
		return SL_EINPUT;
	vlen = strlen(escaped);
	for (p = tmpl; ; p = q + 2) {
		q = strchr(p, '%');
		chunk = q != NULL ? (size_t)(q - p) : strlen(p);
		if (chunk >= outsz - n)
			goto toobig;
		memcpy(out + n, p, chunk);
		n += chunk;
		if (q == NULL)
			break;
		if (vlen >= outsz - n)
			goto toobig;
		memcpy(out + n, escaped, vlen);
		n += vlen;
	}
	out[n] = '\0';
	return SL_OK;
toobig:
	out[0] = '\0';
	return SL_ETOOBIG;
}

/* Decode one UTF-8 sequence of the valid string s; returns its length. */
static size_t
utf8_one(const unsigned char *s, unsigned long *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		*cp = ((unsigned long)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0) {
		*cp = ((unsigned long)(s[0] & 0x0f) << 12) |
		    ((unsigned long)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return 3;
	}
	*cp = ((unsigned long)(s[0] & 0x07) << 18) |
	    ((unsigned long)(s[1] & 0x3f) << 12) |
	    ((unsigned long)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	return 4;
}

/* 1 for a code point that a user name may hold (see dir_username_ok). */
static int
username_cp_ok(unsigned long cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9') || cp == '.' || cp == '_' ||
		    cp == '-' || cp == '@' || cp == '\\';
	if (cp < 0xc0 || cp > 0x24f)
		return 0;
	switch (cp) {
	case 0xd7: case 0xf7:			/* multiplication, division */
	case 0x130: case 0x131:			/* dotted I, dotless i */
	case 0x132: case 0x133:			/* IJ ij (compatibility) */
	case 0x138:				/* kra, looks like k */
	case 0x13f: case 0x140:			/* L with middle dot */
	case 0x149:				/* 'n (compatibility) */
	case 0x17f:				/* long s, folds to s */
		return 0;
	}
	if ((cp >= 0x1c0 && cp <= 0x1cc) ||	/* clicks; DZ LJ NJ digraphs */
	    (cp >= 0x1f1 && cp <= 0x1f3))	/* DZ digraphs */
		return 0;
	return 1;
}

int
dir_username_ok(const char *name)
{
	const unsigned char	*p;
	unsigned long		 cp;
	size_t			 len;

	if (name == NULL)
		return 0;
	len = strnlen(name, DIR_USER_MAX + 1);
	if (len == 0 || len > DIR_USER_MAX || !utf8_valid(name, len))
		return 0;
	for (p = (const unsigned char *)name; *p != '\0'; ) {
		p += utf8_one(p, &cp);
		if (!username_cp_ok(cp))
			return 0;
	}
	return 1;
}

void
dir_uid_canon(char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* One attempt at the server in dir_uri; arg is the call's own. */
typedef enum sl_err (*dir_attempt)(const struct config *, void *arg);

/*
 * Try fn with each server of ldap_uri in turn while it fails for want
 * of an answer (dir_transport) and the request deadline allows.  When
 * every server failed so and trip is set, the directory is marked down.
 * The first answer that is not such a failure, or SL_EDIR.
 */
static enum sl_err
dir_each_server(const struct config *c, dir_attempt fn, void *arg,
    int trip)
{
	const char	*p = c->ldap_uri;
	enum sl_err	 e;
	int		 tried = 0;

	while (dir_next_uri(&p)) {
		if (tried > 0) {
			if (guard_expired()) {
				log_warnx("ldap: request deadline reached; %s "
				    "not tried", dir_uri);
				break;
			}
			log_warnx("ldap: trying the next server, %s", dir_uri);
		}
		tried++;
		dir_last_rc = 0;
		e = fn(c, arg);
		if (e != SL_EDIR || !dir_transport(dir_last_rc))
			return e;
	}
	if (tried == 0) {
		log_warnx("ldap: ldap_uri is empty");
		return SL_EDIR;
	}
	if (trip)
		guard_dir_failed(dir_last_rc != 0 ?
		    ldap_err2string(dir_last_rc) : "request deadline");
	return SL_EDIR;
}

struct lookup_arg {
	struct arena	*a;
	const char	*username;
	struct dir_user	*u;
};

static enum sl_err
dir_lookup_at(const struct config *c, void *arg)
{
	struct lookup_arg	*l = arg;
	LDAP			*ld = NULL;
	int			 may_lead = 0;
	enum sl_err		 e;

	memset(l->u, 0, sizeof(*l->u));
	if ((e = dir_open(c, &ld)) != SL_OK ||
	    (e = dir_service_bind(c, ld)) != SL_OK ||
	    (e = dir_find_user(c, ld, l->a, l->username, l->u,
	    &may_lead)) != SL_OK)
		goto out;
	e = dir_read_units(c, ld, l->a, l->u, may_lead);
out:
	dir_close(ld);
	return e;
}

enum sl_err
dir_lookup(const struct config *c, struct arena *a, const char *username,
    struct dir_user **out)
{
	struct lookup_arg	 l;
	struct dir_user		*u;
	size_t			 ulen;
	enum sl_err		 e;

	if (out != NULL)
		*out = NULL;
	if (c == NULL || a == NULL || out == NULL || username == NULL) {
		e = SL_EINPUT;
		goto out;
	}
	ulen = strnlen(username, DIR_USER_MAX + 1);
	if (ulen == 0 || ulen > DIR_USER_MAX ||
	    !utf8_valid(username, ulen)) {
		e = SL_EINPUT;
		goto out;
	}
	if ((u = arena_alloc(a, sizeof(*u))) == NULL) {
		e = SL_ENOMEM;
		goto out;
	}
	if ((e = guard_dir_enter()) != SL_OK)
		goto out;
	l.a = a;
	l.username = username;
	l.u = u;
	e = dir_each_server(c, dir_lookup_at, &l, 1);
	guard_dir_leave();
	if (e == SL_OK)
		*out = u;
out:
	return e;
}

struct bind_arg {
	const char		*dn;
	const char		*password;
	enum dir_refusal	*why;
};

static enum sl_err
dir_bind_user_at(const struct config *c, void *arg)
{
	struct bind_arg	*b = arg;

	return dir_bind_user(c, b->dn, b->password, b->why);
}

enum sl_err
dir_check_password(const struct config *c, const struct dir_user *u,
    const char *password)
{
	return dir_check_password_why(c, u, password, NULL);
}

enum sl_err
dir_check_password_why(const struct config *c, const struct dir_user *u,
    const char *password, enum dir_refusal *why)
{
	struct bind_arg		 b;
	enum dir_refusal	 ignored;
	enum sl_err		 e;

	if (why == NULL)
		why = &ignored;
	*why = DIR_REFUSED_PASSWORD;
	if (c == NULL || u == NULL || u->dn == NULL || password == NULL ||
	    password[0] == '\0' ||
	    strnlen(password, DIR_PASS_MAX + 1) > DIR_PASS_MAX)
		return SL_EINPUT;
	if ((e = guard_dir_enter()) != SL_OK)
		return e;
	b.dn = u->dn;
	b.password = password;
	b.why = why;
	e = dir_each_server(c, dir_bind_user_at, &b, 1);
	guard_dir_leave();
	return e;
}

enum sl_err
dir_authenticate(const struct config *c, struct arena *a,
    const char *username, const char *password, struct dir_user **out)
{
	struct dir_user	*u = NULL;
	enum sl_err	 e;

	if (out == NULL)
		return SL_EINPUT;
	*out = NULL;
	if (password == NULL || password[0] == '\0' ||
	    strnlen(password, DIR_PASS_MAX + 1) > DIR_PASS_MAX)
		return SL_EINPUT;
	if ((e = dir_lookup(c, a, username, &u)) != SL_OK ||
	    (e = dir_check_password(c, u, password)) != SL_OK)
		return e;
	*out = u;
	return SL_OK;
}

static enum sl_err
dir_active_at(const struct config *c, void *arg)
{
	const char	*dn = arg;
	LDAP		*ld = NULL;
	LDAPMessage	*res = NULL;
	struct timeval	 tv;
	char		*attrs[] = { "1.1", NULL };
	const char	*filter = c->ldap_staff_filter[0] != '\0' ?
	    c->ldap_staff_filter : "(objectClass=*)";
	int		 rc;
	enum sl_err	 e;

	if ((e = dir_open(c, &ld)) != SL_OK ||
	    (e = dir_service_bind(c, ld)) != SL_OK)
		goto out;
	dir_tv(c, &tv);
	rc = ldap_search_ext_s(ld, dn, LDAP_SCOPE_BASE, filter, attrs, 0,
	    NULL, NULL, &tv, 1, &res);
	if (rc == LDAP_NO_SUCH_OBJECT ||
	    (rc == LDAP_SUCCESS && ldap_count_entries(ld, res) == 0))
		e = SL_EAUTH;
	else if (rc == LDAP_SUCCESS)
		e = SL_OK;
	else {
		dir_log(0, ld, rc, "account check of \"%s\"", dn);
		e = SL_EDIR;
	}
out:
	ldap_msgfree(res);
	dir_close(ld);
	return e;
}

enum sl_err
dir_account_active(const struct config *c, const char *dn)
{
	enum sl_err	e;

	if (c == NULL || dn == NULL || dn[0] == '\0')
		return SL_EINPUT;
	if ((e = guard_dir_enter()) != SL_OK)
		return e;
	e = dir_each_server(c, dir_active_at, (void *)dn, 1);
	guard_dir_leave();
	return e;
}

static enum sl_err
dir_ping_at(const struct config *c, void *arg)
{
	LDAP		*ld = NULL;
	enum sl_err	 e;

	(void)arg;
	if ((e = dir_open(c, &ld)) == SL_OK)
		e = dir_service_bind(c, ld);
	dir_close(ld);
	return e;
}

enum sl_err
dir_ping(const struct config *c)
{
	if (c == NULL)
		return SL_EDIR;
	return dir_each_server(c, dir_ping_at, NULL, 0);
}

/* ---- ldap-sync: the whole directory, paged ---------------------------- */

/* One entry of a paged search; arg is the caller's. */
typedef enum sl_err (*dir_entry_fn)(const struct config *, LDAP *,
    LDAPMessage *entry, void *arg);

/* The test hook of dir_sync_read (see ldap_dir.h): seconds, 0 = none. */
static unsigned int
dir_sync_test_pause(void)
{
	const char	*v = getenv("STAFETTLOGG_TEST_SYNC_PAUSE");
	long long	 n;
	const char	*errstr;

	if (v == NULL || parse_ll(v, 1, 60, &n, &errstr) != SL_OK)
		return 0;
	return (unsigned int)n;
}

/*
 * Subtree search of filter under base with the paged results control
 * (ldap_sync_page_size a page, critical: a server that cannot page
 * refuses rather than cutting the result short), fn for each entry.
 * *pages counts the pages; pause (seconds) is slept after the first.
 * SL_OK when every page was read; SL_EDIR (logged); fn's error.
 */
static enum sl_err
dir_paged(const struct config *c, LDAP *ld, const char *base,
    const char *filter, char **attrs, dir_entry_fn fn, void *arg,
    size_t *pages, unsigned int pause)
{
	struct berval	  cookie = { 0, NULL };
	LDAPControl	 *page = NULL, *ctrls[2] = { NULL, NULL };
	LDAPControl	**sctrls = NULL, *pr;
	LDAPMessage	 *res = NULL, *entry;
	struct timeval	  tv;
	ber_int_t	  total;
	size_t		  mine = 0;
	int		  rc, err;
	enum sl_err	  e = SL_EDIR;

	for (;;) {
		rc = ldap_create_page_control(ld,
		    (ber_int_t)c->ldap_sync_page_size, &cookie, 1, &page);
		if (rc != LDAP_SUCCESS) {
			dir_log(0, ld, rc, "paged results control");
			goto out;
		}
		ctrls[0] = page;
		dir_tv(c, &tv);
		rc = ldap_search_ext_s(ld, base, LDAP_SCOPE_SUBTREE, filter,
		    attrs, 0, ctrls, NULL, &tv, 0, &res);
		ldap_control_free(page);
		page = NULL;
		if (rc != LDAP_SUCCESS) {
			dir_log(0, ld, rc, "ldap-sync: search under \"%s\", "
			    "page %zu", base, mine + 1);
			goto out;
		}
		for (entry = ldap_first_entry(ld, res); entry != NULL;
		    entry = ldap_next_entry(ld, entry))
			if ((e = fn(c, ld, entry, arg)) != SL_OK)
				goto out;
		e = SL_EDIR;
		rc = ldap_parse_result(ld, res, &err, NULL, NULL, NULL,
		    &sctrls, 0);
		if (rc != LDAP_SUCCESS || err != LDAP_SUCCESS) {
			dir_log(0, ld, rc != LDAP_SUCCESS ? rc : err,
			    "ldap-sync: result of a page under \"%s\"", base);
			goto out;
		}
		(*pages)++;
		mine++;
		if (cookie.bv_val != NULL) {
			ber_memfree(cookie.bv_val);
			cookie.bv_val = NULL;
			cookie.bv_len = 0;
		}
		pr = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, sctrls, NULL);
		if (pr == NULL) {
			log_warnx("ldap: ldap-sync: %s answered a paged search "
			    "under \"%s\" without its control", dir_uri, base);
			goto out;
		}
		if ((rc = ldap_parse_pageresponse_control(ld, pr, &total,
		    &cookie)) != LDAP_SUCCESS) {
			dir_log(0, ld, rc, "ldap-sync: paged results answer");
			goto out;
		}
		ldap_controls_free(sctrls);
		sctrls = NULL;
		ldap_msgfree(res);
		res = NULL;
		if (pause > 0 && mine == 1) {
			fprintf(stderr, "ldap-sync: test pause after page 1\n");
			fflush(stderr);
			sleep(pause);
		}
		if (cookie.bv_val == NULL || cookie.bv_len == 0)
			break;
	}
	e = SL_OK;
out:
	if (cookie.bv_val != NULL)
		ber_memfree(cookie.bv_val);
	ldap_control_free(page);
	ldap_controls_free(sctrls);
	ldap_msgfree(res);
	return e;
}

/* What dir_sync_read collects; arrays grown by doubling. */
struct sync_arg {
	struct arena	*a;
	struct dir_sync	*s;
	size_t		 ucap, ncap;
	long long	 now_ft;	/* now as AD FILETIME (100 ns since 1601) */
};

/* Room for one more unit (units) or user; SL_ETOOBIG, SL_ENOMEM. */
static enum sl_err
sync_grow(struct sync_arg *g, int units)
{
	size_t	 n = units ? g->s->nunits : g->s->nusers;
	size_t	*cap = units ? &g->ncap : &g->ucap, nc;
	void	*p;

	if (n < *cap)
		return SL_OK;
	if (n >= DIR_SYNC_MAX) {
		log_warnx("ldap: ldap-sync: more than %d %s; refusing",
		    DIR_SYNC_MAX, units ? "unit groups" : "employees");
		return SL_ETOOBIG;
	}
	nc = *cap == 0 ? 256 : *cap * 2;
	if (units) {
		if ((p = reallocarray(g->s->units, nc,
		    sizeof(*g->s->units))) == NULL)
			return SL_ENOMEM;
		g->s->units = p;
	} else {
		if ((p = reallocarray(g->s->users, nc,
		    sizeof(*g->s->users))) == NULL)
			return SL_ENOMEM;
		g->s->users = p;
		if ((p = realloc(g->s->disabled, nc)) == NULL)
			return SL_ENOMEM;
		g->s->disabled = p;
	}
	*cap = nc;
	return SL_OK;
}

static enum sl_err
sync_unit(const struct config *c, LDAP *ld, LDAPMessage *entry, void *arg)
{
	struct sync_arg	*g = arg;
	struct dir_unit	*un;
	enum sl_err	 e;

	if ((e = sync_grow(g, 1)) != SL_OK)
		return e;
	un = &g->s->units[g->s->nunits];
	memset(un, 0, sizeof(*un));
	if ((e = dir_entry_dn(ld, entry, g->a, &un->dn)) != SL_OK)
		return e;
	if (un->dn == NULL)
		return SL_OK;
	if ((e = dir_first_value(ld, entry, un->dn, c->ldap_attr_unit_id,
	    g->a, &un->id)) != SL_OK)
		return e;
	if (un->id == NULL) {
		log_warnx("ldap: unit \"%s\" has no usable %s; skipped",
		    un->dn, c->ldap_attr_unit_id);
		return SL_OK;
	}
	if ((e = dir_first_value(ld, entry, un->dn, c->ldap_attr_unit_name,
	    g->a, &un->name)) != SL_OK)
		return e;
	if (un->name == NULL)
		un->name = un->id;
	if ((e = dir_key_value(ld, entry, un->dn, c->ldap_attr_unit_key,
	    g->a, &un->key)) != SL_OK)
		return e;
	if (c->ldap_attr_unit_key[0] != '\0' && un->key == NULL)
		return SL_OK;
	g->s->nunits++;
	return SL_OK;
}

/* 1 and *out when the first value of attr in entry is a number. */
static int
sync_number(LDAP *ld, LDAPMessage *entry, const char *attr, long long *out)
{
	struct berval	**vals;
	char		  buf[32];
	const char	 *errstr;
	int		  ok = 0;

	if ((vals = ldap_get_values_len(ld, entry, attr)) == NULL)
		return 0;
	if (vals[0] != NULL && vals[0]->bv_len > 0 &&
	    vals[0]->bv_len < sizeof(buf)) {
		memcpy(buf, vals[0]->bv_val, vals[0]->bv_len);
		buf[vals[0]->bv_len] = '\0';
		ok = parse_ll(buf, LLONG_MIN, LLONG_MAX, out, &errstr) == SL_OK;
	}
	ldap_value_free_len(vals);
	return ok;
}

/* Is the account of entry disabled (see dir_sync_read)? */
static int
sync_disabled(const struct config *c, LDAP *ld, LDAPMessage *entry,
    long long now_ft)
{
	struct berval	**vals;
	long long	  v;
	size_t		  i, n;
	int		  off = 0;

	if (sync_number(ld, entry, "userAccountControl", &v) && (v & 2))
		return 1;
	/* 0 and 0x7fffffffffffffff: never expires. */
	if (sync_number(ld, entry, "accountExpires", &v) && v > 0 &&
	    v != LLONG_MAX && v <= now_ft)
		return 1;
	if (c->ldap_attr_disabled[0] == '\0' ||
	    (vals = ldap_get_values_len(ld, entry, c->ldap_attr_disabled)) ==
	    NULL)
		return 0;
	n = strlen(c->ldap_disabled_value);
	for (i = 0; vals[i] != NULL && !off; i++)
		off = n == 0 || (vals[i]->bv_len == n &&
		    strncasecmp(vals[i]->bv_val, c->ldap_disabled_value, n) ==
		    0);
	ldap_value_free_len(vals);
	return off;
}

static enum sl_err
sync_user(const struct config *c, LDAP *ld, LDAPMessage *entry, void *arg)
{
	struct sync_arg	*g = arg;
	struct dir_user	*u;
	enum sl_err	 e;

	if ((e = sync_grow(g, 0)) != SL_OK)
		return e;
	u = &g->s->users[g->s->nusers];
	memset(u, 0, sizeof(*u));
	if ((e = dir_entry_dn(ld, entry, g->a, &u->dn)) != SL_OK)
		return e;
	if (u->dn == NULL)
		return SL_OK;
	if ((e = dir_first_value(ld, entry, u->dn, c->ldap_attr_uid, g->a,
	    &u->uid)) != SL_OK)
		return e;
	if (u->uid == NULL || strlen(u->uid) > DIR_UID_MAX) {
		log_warnx("ldap: ldap-sync: \"%s\" has no usable %s; skipped",
		    u->dn, c->ldap_attr_uid);
		return SL_OK;
	}
	dir_uid_canon(u->uid);
	if ((e = dir_first_value(ld, entry, u->dn, c->ldap_attr_name, g->a,
	    &u->name)) != SL_OK ||
	    (e = dir_first_value(ld, entry, u->dn, c->ldap_attr_mail, g->a,
	    &u->mail)) != SL_OK ||
	    (e = dir_key_value(ld, entry, u->dn, c->ldap_attr_user_key, g->a,
	    &u->key)) != SL_OK)
		return e;
	if (u->name == NULL)
		u->name = u->uid;
	if (u->mail == NULL && (u->mail = arena_strdup(g->a, "")) == NULL)
		return SL_ENOMEM;
	if (c->ldap_attr_user_key[0] != '\0' && u->key == NULL)
		return SL_OK;
	/* Direct groups now (the entry is gone after this page). */
	if (c->ldap_group_filter[0] == '\0' &&
	    (e = dir_read_groups(c, ld, entry, g->a, u)) != SL_OK)
		return e;
	g->s->disabled[g->s->nusers] = (unsigned char)sync_disabled(c, ld,
	    entry, g->now_ft);
	g->s->nusers++;
	return SL_OK;
}

static enum sl_err
dir_sync_at(const struct config *c, void *arg)
{
	struct sync_arg	*g = arg;
	LDAP		*ld = NULL;
	char		*uattrs[12], *nattrs[4];
	size_t		 i, n = 0, m = 0;
	int		 may_lead;
	enum sl_err	 e;

	/* A second server starts again from nothing. */
	g->s->nunits = g->s->nusers = g->s->pages = 0;
	uattrs[n++] = (char *)c->ldap_attr_uid;
	if (c->ldap_attr_name[0] != '\0')
		uattrs[n++] = (char *)c->ldap_attr_name;
	if (c->ldap_attr_mail[0] != '\0')
		uattrs[n++] = (char *)c->ldap_attr_mail;
	if (c->ldap_attr_member_of[0] != '\0')
		uattrs[n++] = (char *)c->ldap_attr_member_of;
	if (c->ldap_attr_user_key[0] != '\0')
		uattrs[n++] = (char *)c->ldap_attr_user_key;
	if (c->ldap_attr_disabled[0] != '\0')
		uattrs[n++] = (char *)c->ldap_attr_disabled;
	uattrs[n++] = "userAccountControl";
	uattrs[n++] = "accountExpires";
	uattrs[n] = NULL;
	nattrs[m++] = (char *)c->ldap_attr_unit_id;
	if (c->ldap_attr_unit_name[0] != '\0')
		nattrs[m++] = (char *)c->ldap_attr_unit_name;
	if (c->ldap_attr_unit_key[0] != '\0')
		nattrs[m++] = (char *)c->ldap_attr_unit_key;
	nattrs[m] = NULL;

	if ((e = dir_open(c, &ld)) != SL_OK ||
	    (e = dir_service_bind(c, ld)) != SL_OK)
		goto out;
	if (c->ldap_unit_base[0] != '\0' &&
	    (e = dir_paged(c, ld, c->ldap_unit_base, c->ldap_unit_sync_filter,
	    nattrs, sync_unit, g, &g->s->pages, 0)) != SL_OK)
		goto out;
	if ((e = dir_paged(c, ld, c->ldap_user_base, c->ldap_sync_filter,
	    uattrs, sync_user, g, &g->s->pages, dir_sync_test_pause())) !=
	    SL_OK)
		goto out;
	/* Then each employee's groups, roles and units, as at login. */
	for (i = 0; i < g->s->nusers; i++) {
		struct dir_user	*u = &g->s->users[i];

		if ((e = dir_read_roles(c, ld, NULL, g->a, u,
		    &may_lead)) != SL_OK ||
		    (e = dir_read_units(c, ld, g->a, u, may_lead)) != SL_OK)
			goto out;
	}
out:
	dir_close(ld);
	return e;
}

enum sl_err
dir_sync_read(const struct config *c, struct arena *a, struct dir_sync **out)
{
	struct sync_arg	 g;
	enum sl_err	 e;

	if (out == NULL)
		return SL_EINPUT;
	*out = NULL;
	if (c == NULL || a == NULL)
		return SL_EINPUT;
	memset(&g, 0, sizeof(g));
	g.a = a;
	/* FILETIME: 100 ns ticks since 1601-01-01. */
	g.now_ft = ((long long)time(NULL) + 11644473600LL) * 10000000LL;
	if ((g.s = calloc(1, sizeof(*g.s))) == NULL)
		return SL_ENOMEM;
	e = dir_each_server(c, dir_sync_at, &g, 0);
	if (e != SL_OK) {
		dir_sync_free(g.s);
		return e;
	}
	*out = g.s;
	return SL_OK;
}

void
dir_sync_free(struct dir_sync *s)
{
	if (s == NULL)
		return;
	free(s->units);
	free(s->users);
	free(s->disabled);
	free(s);
}
