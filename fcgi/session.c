/*
 * session.c - sessions, CSRF, login throttling and drafts, all kept in
 * MariaDB so that any worker (on any host) can serve any request.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "ldap_dir.h"
#include "logfacts.h"
#include "session.h"

static void
set_cookie(struct ctx *c, const char *name, const char *value, int clear)
{
	char	 line[512];

	if (bsnprintf(line, sizeof(line), "%s=%s; Path=/; HttpOnly; "
	    "SameSite=Strict%s%s", name, value,
	    c->cfg->cookie_secure ? "; Secure" : "",
	    clear ? "; Max-Age=0" : "") == SL_OK)
		ctx_header(c, "Set-Cookie", line);
}

static enum sl_err
mark_ended(struct ctx *c, const char *hash, const char *reason)
{
	return db_exec(c->db, "UPDATE session SET ended_at = UTC_TIMESTAMP(),"
	    " ended_reason = ? WHERE id_hash = ? AND ended_at IS NULL",
	    "ss", reason, hash);
}

/*
 * A staff session whose account the directory no longer has ends: at
 * once when the person is marked gone (ldap-sync, or an earlier check),
 * and the account is checked in the directory (dir_account_active) when
 * the last confirmation (checked_at: login, sync, check) is older than
 * ldap_recheck_interval, so an account disabled in the directory loses
 * its sessions within that time without a sync.  A directory that does
 * not answer changes nothing (and the breaker makes the next requests
 * skip the check at once).  Sets c->sess.state to SESS_ENDED when it
 * ends the session.
 */
static enum sl_err
session_dir_check(struct ctx *c, const char *hash, int gone, const char *dn,
    long long since)
{
	enum sl_err	 rc;

	if (!gone && (c->cfg->ldap_recheck_interval == 0 ||
	    since < c->cfg->ldap_recheck_interval || dn == NULL))
		return SL_OK;
	/*
	 * The directory may take its time (ldap timeout): a log's facts read
	 * with the session are read again after it, not decided on as they
	 * were before the wait.
	 */
	c->facts_rows = NULL;
	if (!gone) {
		rc = dir_account_active(c->cfg, dn);
		if (rc == SL_OK)
			return db_exec(c->db, "UPDATE staff SET checked_at ="
			    " UTC_TIMESTAMP() WHERE uid = ?", "s", c->sess.uid);
		if (rc != SL_EAUTH)
			return SL_OK;
		log_info("directory: %s is gone or disabled in the directory; "
		    "their sessions end", c->sess.uid);
		if ((rc = db_exec(c->db, "UPDATE staff SET gone_at ="
		    " UTC_TIMESTAMP() WHERE uid = ? AND gone_at IS NULL", "s",
		    c->sess.uid)) != SL_OK)
			return rc;
		(void)ctx_audit(c, "staff-gone", 0, c->sess.uid,
		    "account check");
	}
	c->sess.state = SESS_ENDED;
	(void)hash;
	return db_exec(c->db, "UPDATE session SET ended_at = UTC_TIMESTAMP(),"
	    " ended_reason = 'directory' WHERE uid = ? AND kind = 'staff'"
	    " AND ended_at IS NULL", "s", c->sess.uid);
}

/*
 * The session, its user (staff or family) and how long since it was
 * used; 15 columns (LOGFACTS_AT), the key of a log's kept facts and its
 * readers' fingerprint after them in SESSION_LOG_SQL: the log page (GET
 * /logs/N) reads them in the same round trip (logfacts.h).
 */
#define SESSION_COLS \
	"SELECT s.uid, s.csrf," \
	" TIMESTAMPDIFF(SECOND, s.last_seen, UTC_TIMESTAMP())," \
	" TIMESTAMPDIFF(SECOND, s.created_at, UTC_TIMESTAMP())," \
	" s.ended_reason, COALESCE(st.name, p.name)," \
	" COALESCE(st.lang, p.lang), COALESCE(st.is_leader, 0)," \
	" COALESCE(st.is_admin, 0), s.meeting_log, s.kind, p.pid," \
	" st.gone_at IS NOT NULL, st.dn," \
	" COALESCE(TIMESTAMPDIFF(SECOND, st.checked_at, UTC_TIMESTAMP())," \
	" 1 << 40)"
#define SESSION_FROM \
	" FROM session s" \
	" LEFT JOIN staff st ON s.kind = 'staff' AND st.uid = s.uid" \
	" LEFT JOIN person p ON s.kind = 'family' AND" \
	" p.pid = CONVERT(SUBSTRING(s.uid, 8) USING ascii)"
#define SESSION_SQL SESSION_COLS SESSION_FROM " WHERE s.id_hash = ?"
#define SESSION_LOG_SQL SESSION_COLS "," LOGFACTS_CHECK_COLS("s.uid") \
	SESSION_FROM " LEFT JOIN log l ON l.id = ?" LOGFACTS_CHECK_JOINS \
	" WHERE s.id_hash = ?"

enum sl_err
session_load(struct ctx *c)
{
	const char	*cookie, *errstr, *reason;
	char		 hash[65];
	struct dbrows	*r;
	long long	 idle, age, v;
	enum sl_err	 rc;

	memset(&c->sess, 0, sizeof(c->sess));
	cookie = kv_get(&c->cookies, SESSION_COOKIE);
	if (!crypto_token_wellformed(cookie))
		return SL_OK;
	if ((rc = crypto_sha256_hex(cookie, strlen(cookie), hash)) != SL_OK)
		return rc;
	if (c->facts_log > 0)
		rc = db_query(c->db, c->a, &r, SESSION_LOG_SQL, "is",
		    c->facts_log, hash);
	else
		rc = db_query(c->db, c->a, &r, SESSION_SQL, "s", hash);
	if (rc != SL_OK)
		return rc;
	if (r->nrows != 1 || dbrows_get(r, 0, 5) == NULL)
		return SL_OK;
	/* The log's facts, for logfacts_load in this request. */
	if (c->facts_log > 0 && r->ncols == LOGFACTS_AT + LOGFACTS_CHECK_N)
		c->facts_rows = r;
	c->sess.id_hash = arena_strdup(c->a, hash);
	c->sess.uid = (char *)dbrows_get(r, 0, 0);
	c->sess.csrf = (char *)dbrows_get(r, 0, 1);
	c->sess.name = (char *)dbrows_get(r, 0, 5);
	c->sess.lang = (char *)dbrows_get(r, 0, 6);
	c->sess.family = strcmp(dbrows_get(r, 0, 10), "family") == 0;
	c->sess.pid = (char *)dbrows_get(r, 0, 11);
	if (parse_ll(dbrows_get(r, 0, 2), -86400, 1LL << 40, &idle,
	    &errstr) != SL_OK ||
	    parse_ll(dbrows_get(r, 0, 3), -86400, 1LL << 40, &age,
	    &errstr) != SL_OK)
		return SL_ESYS;
	if (parse_ll(dbrows_get(r, 0, 7), 0, 1, &v, &errstr) == SL_OK)
		c->sess.is_leader = (int)v;
	if (parse_ll(dbrows_get(r, 0, 8), 0, 1, &v, &errstr) == SL_OK)
		c->sess.is_admin = (int)v;
	if (dbrows_get(r, 0, 9) != NULL &&
	    parse_ll(dbrows_get(r, 0, 9), 1, 1LL << 62, &v, &errstr) == SL_OK)
		c->sess.meeting_log = v;
	reason = dbrows_get(r, 0, 4);
	if (reason != NULL) {
		if (strcmp(reason, "idle") == 0)
			c->sess.state = SESS_IDLE;
		else if (strcmp(reason, "absolute") == 0)
			c->sess.state = SESS_ABSOLUTE;
		else
			c->sess.state = SESS_ENDED;
		return SL_OK;
	}
	if (age >= c->cfg->session_absolute) {
		c->sess.state = SESS_ABSOLUTE;
		return mark_ended(c, hash, "absolute");
	}
	if (idle >= c->cfg->session_idle) {
		c->sess.state = SESS_IDLE;
		return mark_ended(c, hash, "idle");
	}
	if (!c->sess.family && (rc = session_dir_check(c, hash,
	    dbrows_true(r, 0, 12), dbrows_get(r, 0, 13),
	    dbrows_ll(r, 0, 14))) != SL_OK)
		return rc;
	if (c->sess.state == SESS_ENDED)
		return SL_OK;
	c->sess.state = SESS_VALID;
	if (idle >= 60)
		return db_exec(c->db, "UPDATE session SET last_seen ="
		    " UTC_TIMESTAMP() WHERE id_hash = ?", "s", hash);
	return SL_OK;
}

enum sl_err
session_create(struct ctx *c, const char *uid, int family)
{
	char		 token[TOKEN_HEX], csrf[TOKEN_HEX], hash[65];
	enum sl_err	 rc;
	struct dbrows	*r;

	if ((rc = crypto_token(token)) != SL_OK ||
	    (rc = crypto_token(csrf)) != SL_OK ||
	    (rc = crypto_sha256_hex(token, strlen(token), hash)) != SL_OK)
		return rc;
	/*
	 * Housekeeping at login, a little at a time: sessions past their
	 * absolute timeout and forms kept longer than draft_ttl.
	 */
	(void)db_exec(c->db, "DELETE FROM session WHERE last_seen <"
	    " UTC_TIMESTAMP() - INTERVAL ? SECOND LIMIT 200", "i",
	    c->cfg->session_absolute + 86400);
	(void)db_exec(c->db, "DELETE FROM draft WHERE uid = ? AND created_at <"
	    " UTC_TIMESTAMP() - INTERVAL ? SECOND", "si", uid,
	    c->cfg->draft_ttl);
	if ((rc = db_exec(c->db, "INSERT INTO session (id_hash, uid, csrf,"
	    " created_at, last_seen, kind) VALUES (?, ?, ?, UTC_TIMESTAMP(),"
	    " UTC_TIMESTAMP(), ?)", "ssss", hash, uid, csrf,
	    family ? "family" : "staff")) != SL_OK)
		return rc;
	set_cookie(c, SESSION_COOKIE, token, 0);
	/* The pre-login token has done its work. */
	set_cookie(c, PRELOGIN_COOKIE, "", 1);
	if (family)
		rc = db_query(c->db, c->a, &r, "SELECT name, lang, 0, 0, pid"
		    " FROM person WHERE pid = CONVERT(SUBSTRING(?, 8) USING ascii)", "s", uid);
	else
		rc = db_query(c->db, c->a, &r, "SELECT name, lang, is_leader,"
		    " is_admin, NULL FROM staff WHERE uid = ?", "s", uid);
	if (rc != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ESYS;
	memset(&c->sess, 0, sizeof(c->sess));
	c->sess.family = family;
	c->sess.pid = (char *)dbrows_get(r, 0, 4);
	c->sess.state = SESS_VALID;
	c->sess.id_hash = arena_strdup(c->a, hash);
	c->sess.uid = arena_strdup(c->a, uid);
	c->sess.csrf = arena_strdup(c->a, csrf);
	c->sess.name = (char *)dbrows_get(r, 0, 0);
	c->sess.lang = (char *)dbrows_get(r, 0, 1);
	c->sess.is_leader = dbrows_get(r, 0, 2) != NULL &&
	    strcmp(dbrows_get(r, 0, 2), "1") == 0;
	c->sess.is_admin = dbrows_get(r, 0, 3) != NULL &&
	    strcmp(dbrows_get(r, 0, 3), "1") == 0;
	return c->sess.uid == NULL || c->sess.csrf == NULL ? SL_ENOMEM : SL_OK;
}

enum sl_err
session_end(struct ctx *c)
{
	enum sl_err	 rc = SL_OK;

	if (c->sess.id_hash != NULL)
		rc = mark_ended(c, c->sess.id_hash, "logout");
	set_cookie(c, SESSION_COOKIE, "", 1);
	c->sess.state = SESS_ENDED;
	return rc;
}

const char *
session_prelogin_token(struct ctx *c)
{
	const char	*t = kv_get(&c->cookies, PRELOGIN_COOKIE);
	char		 fresh[TOKEN_HEX];

	if (crypto_token_wellformed(t))
		return t;
	if (crypto_token(fresh) != SL_OK)
		return NULL;
	set_cookie(c, PRELOGIN_COOKIE, fresh, 0);
	return arena_strdup(c->a, fresh);
}

int
session_csrf_ok(const struct ctx *c, const char *expected)
{
	const char	*got = kv_get(&c->form, "_csrf");

	return crypto_token_wellformed(expected) &&
	    crypto_streq(got, expected);
}

/* 1 for a Unicode space (dropped at the ends, one inside). */
static int
uspace(uint32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 ||
	    cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000;
}

/* 1 for a character that shows nothing (dropped). */
static int
uignorable(uint32_t cp)
{
	return cp == 0xad || cp == 0x34f || (cp >= 0x180b && cp <= 0x180e) ||
	    (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff;
}

/* Append code point cp as UTF-8 at o (4 bytes room); the new end. */
static char *
put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80)
		*o++ = (char)cp;
	else if (cp < 0x800) {
		*o++ = (char)(0xc0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/*
 * The throttle's form of a typed name, so that spellings the directory
 * does not tell apart count as one name whether or not it exists:
 * Unicode spaces dropped at both ends and a run inside made one space,
 * invisible characters dropped, fullwidth ASCII made ASCII, ASCII and
 * Latin-1 letters lower-cased.  Invalid UTF-8 is kept byte by byte.
 */
static char *
throttle_form(struct arena *a, const char *s)
{
	size_t		 n = strlen(s), i, k;
	uint32_t	 cp;
	char		*out, *o;
	int		 space = 0;

	if ((out = arena_alloc(a, 4 * n + 1)) == NULL)
		return NULL;
	o = out;
	for (i = 0; i < n; i += k) {
		if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
			if (space)
				*o++ = ' ';
			space = 0;
			*o++ = s[i];	/* not UTF-8: kept as is */
			k = 1;
			continue;
		}
		if (uspace(cp)) {
			space = o > out;
			continue;
		}
		if (uignorable(cp))
			continue;
		if (space)
			*o++ = ' ';
		space = 0;
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xfee0;
		if ((cp >= 'A' && cp <= 'Z') ||
		    (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
			cp += 0x20;
		o = put_utf8(o, cp);
	}
	*o = '\0';
	return out;
}

/* Hash of the key's throttle form: the table holds no names. */
static enum sl_err
name_hash(struct ctx *c, const char *username, char out[65])
{
	char	*low;

	if ((low = throttle_form(c->a, username)) == NULL)
		return SL_ENOMEM;
	return crypto_sha256_hex(low, strlen(low), out);
}

int
login_throttle_same(struct ctx *c, const char *a, const char *b)
{
	char	 ha[65], hb[65];

	return name_hash(c, a, ha) == SL_OK && name_hash(c, b, hb) == SL_OK &&
	    strcmp(ha, hb) == 0;
}

enum sl_err
login_throttle_reserve(struct ctx *c, const char *key, long long *row)
{
	char		 h[65], lock[64];
	struct dbrows	*r;
	enum sl_err	 rc;
	long long	 n;
	const char	*errstr, *got;

	*row = 0;
	if ((rc = name_hash(c, key, h)) != SL_OK)
		return rc;
	/*
	 * Count and reserve under one lock per name, so that concurrent
	 * tries (one per worker) cannot all see the count below the limit.
	 * The lock belongs to this worker's connection: it goes with it.
	 */
	if (bsnprintf(lock, sizeof(lock), "stafettlogg-throttle-%.32s", h) !=
	    SL_OK)
		return SL_ESYS;
	if ((rc = db_query(c->db, c->a, &r, "SELECT GET_LOCK(?, 10)", "s",
	    lock)) != SL_OK)
		return rc;
	got = r->nrows == 1 ? dbrows_get(r, 0, 0) : NULL;
	if (got == NULL || strcmp(got, "1") != 0) {
		log_warnx("login throttle: lock not taken in 10 s");
		return SL_EDB;
	}
	/* Old rows are of no use; keep the table small. */
	(void)db_exec(c->db, "DELETE FROM login_failure WHERE name_hash = ?"
	    " AND at < UTC_TIMESTAMP() - INTERVAL ? SECOND", "si", h,
	    c->cfg->login_window);
	rc = db_query(c->db, c->a, &r, "SELECT COUNT(*) FROM login_failure"
	    " WHERE name_hash = ? AND at > UTC_TIMESTAMP() - INTERVAL ?"
	    " SECOND", "si", h, c->cfg->login_window);
	if (rc == SL_OK && parse_ll(dbrows_get(r, 0, 0), 0, 1LL << 40, &n,
	    &errstr) != SL_OK)
		rc = SL_ESYS;
	if (rc == SL_OK && n >= c->cfg->login_max_failures)
		rc = SL_ETHROTTLED;
	if (rc == SL_OK && (rc = db_exec(c->db, "INSERT INTO login_failure"
	    " (name_hash, at) VALUES (?, UTC_TIMESTAMP())", "s", h)) == SL_OK)
		*row = (long long)db_insert_id(c->db);
	(void)db_exec(c->db, "DO RELEASE_LOCK(?)", "s", lock);
	return rc;
}

enum sl_err
login_throttle_release(struct ctx *c, long long row)
{
	if (row <= 0)
		return SL_OK;
	return db_exec(c->db, "DELETE FROM login_failure WHERE id = ?", "i",
	    row);
}

enum sl_err
login_throttle_clear(struct ctx *c, const char *username)
{
	char		 h[65];
	enum sl_err	 rc;

	if ((rc = name_hash(c, username, h)) != SL_OK)
		return rc;
	return db_exec(c->db, "DELETE FROM login_failure WHERE name_hash = ?",
	    "s", h);
}

enum sl_err
password_recheck(struct ctx *c, const char *password)
{
	struct dir_user	*u = NULL;
	enum sl_err	 rc;
	long long	 row;

	if (c->sess.state != SESS_VALID || c->sess.family)
		return SL_EAUTH;
	/* The try is counted first, as a failure until it succeeds. */
	if ((rc = login_throttle_reserve(c, c->sess.uid, &row)) != SL_OK)
		return rc;
	rc = dir_lookup(c->cfg, c->a, c->sess.uid, &u);
	/* The account found must be this session's (same canonical uid). */
	if (rc == SL_OK && strcmp(u->uid, c->sess.uid) != 0)
		rc = SL_EAUTH;
	if (rc == SL_OK)
		rc = dir_check_password(c->cfg, u, password != NULL ?
		    password : "");
	if (rc == SL_EAUTH || rc == SL_EINPUT)
		return SL_EAUTH;
	if (rc != SL_OK) {
		/* Not a try (the directory is down): not counted. */
		(void)login_throttle_release(c, row);
		return rc;
	}
	return login_throttle_clear(c, c->sess.uid);
}

/*
 * A return path is one of our own pages: "/" and then only letters,
 * digits and "/._~-", never "//"; then optionally a query: "?" and only
 * letters, digits and "._~-%=&+".  Everything else is refused rather
 * than cleaned: control characters (browsers drop TAB, CR and LF, so
 * "/\t/host" becomes "//host"), backslashes (read as "/"), "%" in the
 * path (an encoded "/" or "\" that something may decode), ":", "@",
 * "#", spaces and every non-ASCII character.
 */
int
return_path_ok(const char *p)
{
	size_t	 i;
	char	 ch;
	int	 query = 0;

	if (p == NULL || p[0] != '/')
		return 0;
	for (i = 0; p[i] != '\0'; i++) {
		if (i >= 500)
			return 0;
		ch = p[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		    ch == '~' || ch == '-')
			continue;
		if (!query && ch == '/' && (i == 0 || p[i - 1] != '/'))
			continue;
		if (!query && ch == '?' && i > 0) {
			query = 1;
			continue;
		}
		if (query && (ch == '%' || ch == '=' || ch == '&' ||
		    ch == '+'))
			continue;
		return 0;
	}
	return 1;
}

/* How many kept forms one user may have (the newest are kept). */
#define DRAFTS_PER_USER	10

enum sl_err
draft_save(struct ctx *c, const char *uid, const char *ret)
{
	struct buf	 b;
	struct kv	*kv;
	enum sl_err	 rc;

	if (!return_path_ok(ret))
		ret = "/start";
	buf_init(&b);
	for (kv = c->form.head; kv != NULL; kv = kv->next) {
		if (strcmp(kv->name, "_csrf") == 0 ||
		    strcmp(kv->name, "_return") == 0 ||
		    strstr(kv->name, "password") != NULL)
			continue;
		if (b.len > 0)
			buf_append(&b, "&", 1);
		buf_puts(&b, http_pctencode(c->a, kv->name, strlen(kv->name)));
		buf_append(&b, "=", 1);
		buf_puts(&b, http_pctencode(c->a, kv->value, kv->len));
	}
	buf_append(&b, "", 1);
	if (b.oom) {
		buf_free(&b);
		return SL_ENOMEM;
	}
	rc = db_exec(c->db, "INSERT INTO draft (uid, action_href, return_path,"
	    " fields, created_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP())",
	    "ssss", uid, c->path, ret, b.data);
	buf_free(&b);
	/*
	 * Kept forms are not a way around the write limits: a user keeps at
	 * most DRAFTS_PER_USER, the newest (an expired session's token can
	 * post without end, but only the last few forms are kept).
	 */
	if (rc == SL_OK)
		rc = db_exec(c->db, "DELETE FROM draft WHERE uid = ? AND id <="
		    " (SELECT id FROM (SELECT id FROM draft WHERE uid = ?"
		    " ORDER BY id DESC LIMIT 1 OFFSET ?) AS t)", "ssi", uid,
		    uid, (long long)DRAFTS_PER_USER);
	return rc;
}

enum sl_err
draft_latest(struct ctx *c, const char *uid, long long *id, char **ret)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	const char	*errstr;

	*id = 0;
	*ret = NULL;
	if ((rc = db_query(c->db, c->a, &r, "SELECT id, return_path FROM draft"
	    " WHERE uid = ? AND restored_at IS NULL AND created_at >"
	    " UTC_TIMESTAMP() - INTERVAL ? SECOND ORDER BY id DESC LIMIT 1",
	    "si", uid, c->cfg->draft_ttl)) != SL_OK)
		return rc;
	if (r->nrows == 0)
		return SL_OK;
	if (parse_ll(dbrows_get(r, 0, 0), 1, 1LL << 62, id, &errstr) != SL_OK)
		return SL_ESYS;
	*ret = (char *)dbrows_get(r, 0, 1);
	return SL_OK;
}

enum sl_err
draft_load(struct ctx *c, long long id, const char **href,
    struct kvlist *fields)
{
	struct dbrows	*r;
	enum sl_err	 rc;
	const char	*f;

	if (c->sess.state != SESS_VALID)
		return SL_ENOTFOUND;
	/* Its author only; a reload soon after still finds it. */
	if ((rc = db_query(c->db, c->a, &r, "SELECT action_href, fields FROM"
	    " draft WHERE id = ? AND uid = ? AND created_at > UTC_TIMESTAMP()"
	    " - INTERVAL ? SECOND AND (restored_at IS NULL OR restored_at >"
	    " UTC_TIMESTAMP() - INTERVAL 10 MINUTE)", "isi", id, c->sess.uid,
	    c->cfg->draft_ttl)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return SL_ENOTFOUND;
	*href = dbrows_get(r, 0, 0);
	f = dbrows_get(r, 0, 1);
	memset(fields, 0, sizeof(*fields));
	return http_parse_urlencoded(c->a, f, strlen(f), &c->limits, fields);
}

enum sl_err
draft_consume(struct ctx *c, const char *href)
{
	if (c->sess.state != SESS_VALID)
		return SL_OK;
	return db_exec(c->db, "DELETE FROM draft WHERE uid = ? AND"
	    " action_href = ?", "ss", c->sess.uid, href);
}

enum sl_err
draft_done(struct ctx *c, long long id)
{
	if (c->sess.state != SESS_VALID)
		return SL_OK;
	return db_exec(c->db, "UPDATE draft SET restored_at = UTC_TIMESTAMP()"
	    " WHERE id = ? AND uid = ? AND restored_at IS NULL", "is", id,
	    c->sess.uid);
}
