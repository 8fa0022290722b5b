/*
 * h_family.c - guardians and youth: log in with ID-porten (OpenID
 * Connect, code flow with PKCE; see oidc.c), and withdraw the consent,
 * which ends the log.
 */
#include <stdio.h>
#include <string.h>

#include "archive.h"
#include "notice.h"
#include "crypto.h"
#include "form.h"
#include "handlers.h"
#include "history.h"
#include "logfacts.h"
#include "nin.h"
#include "oidc.h"
#include "session.h"
#include "view.h"

#define OIDC_COOKIE "sl_oidc"
#define OIDC_MAX_AGE 600	/* seconds a login at ID-porten may take */

/*
 * The state cookie binds the callback to the browser that started the
 * login (no login CSRF).  SameSite=Lax: it must come back on the
 * top-level redirect from ID-porten, which Strict would not send.
 */
static void
state_cookie(struct ctx *c, const char *state, int clear)
{
	char	 line[256];

	if (bsnprintf(line, sizeof(line), "%s=%s; Path=/family/; HttpOnly; "
	    "SameSite=Lax; Max-Age=%d%s", OIDC_COOKIE, state,
	    clear ? 0 : OIDC_MAX_AGE, c->cfg->cookie_secure ? "; Secure" :
	    "") == SL_OK)
		ctx_header(c, "Set-Cookie", line);
}

enum sl_err
h_family_login(struct ctx *c)
{
	struct oidc_start st;
	char		 h[65];
	enum sl_err	 rc;

	if (c->cfg->oidc_issuer[0] == '\0')
		return SL_ENOTFOUND;
	if (c->sess.state == SESS_VALID)
		return ctx_redirect(c, c->sess.family ? "/logs" : "/start");
	if ((rc = oidc_begin(c->cfg, c->a, &st)) != SL_OK)
		return rc;
	if ((rc = crypto_sha256_hex(st.state, strlen(st.state), h)) != SL_OK)
		return rc;
	(void)db_exec(c->db, "DELETE FROM oidc_login WHERE created_at <"
	    " UTC_TIMESTAMP() - INTERVAL ? SECOND", "i",
	    (long long)OIDC_MAX_AGE);
	if ((rc = db_exec(c->db, "INSERT INTO oidc_login (state_hash, nonce,"
	    " verifier, created_at) VALUES (?, ?, ?, UTC_TIMESTAMP())", "sss",
	    h, st.nonce, st.verifier)) != SL_OK)
		return rc;
	state_cookie(c, st.state, 0);
	return ctx_redirect(c, st.url);
}

/* The person's name as the log knows it: guardian, else the child. */
static enum sl_err
person_name(struct ctx *c, const char *pid, const char **name)
{
	struct dbrows	*r;
	enum sl_err	 rc;

	*name = NULL;
	if ((rc = db_query(c->db, c->a, &r, "SELECT name FROM guardian WHERE"
	    " nin = ? ORDER BY id DESC LIMIT 1", "s", pid)) != SL_OK)
		return rc;
	if (r->nrows == 1) {
		*name = dbrows_get(r, 0, 0);
		return SL_OK;
	}
	if ((rc = db_query(c->db, c->a, &r, "SELECT child_name, birth_date"
	    " FROM log WHERE nin = ? ORDER BY id DESC LIMIT 1", "s", pid)) !=
	    SL_OK)
		return rc;
	if (r->nrows == 1) {
		int y, m, d;
		date_today(&y, &m, &d, NULL);
		/* The youth logs in from the consent age. */
		if (age_years(dbrows_get(r, 0, 1), y, m, d) >=
		    c->cfg->consent_age)
			*name = dbrows_get(r, 0, 0);
	}
	return SL_OK;
}

enum sl_err
h_family_callback(struct ctx *c)
{
	const char	*state = kv_get(&c->query, "state");
	const char	*code = kv_get(&c->query, "code");
	const char	*cookie = kv_get(&c->cookies, OIDC_COOKIE);
	const char	*name, *why;
	struct oidc_identity id;
	struct nin_info	 ni;
	struct dbrows	*r;
	char		 h[65], *uid, *ret;
	long long	 draft;
	enum sl_err	 rc;
	int		 y, m, d;

	if (c->cfg->oidc_issuer[0] == '\0')
		return SL_ENOTFOUND;
	state_cookie(c, "", 1);
	if (kv_get(&c->query, "error") != NULL)
		return ctx_error(c, 403, "error.family.cancelled");
	if (state == NULL || code == NULL || strlen(state) > 128 ||
	    strlen(code) > 1024 || !crypto_streq(state, cookie))
		return ctx_error(c, 403, "error.family.failed");
	if ((rc = crypto_sha256_hex(state, strlen(state), h)) != SL_OK)
		return rc;
	if ((rc = db_query(c->db, c->a, &r, "SELECT nonce, verifier FROM"
	    " oidc_login WHERE state_hash = ? AND created_at >"
	    " UTC_TIMESTAMP() - INTERVAL ? SECOND", "si", h,
	    (long long)OIDC_MAX_AGE)) != SL_OK)
		return rc;
	/* One use only. */
	if ((rc = db_exec(c->db, "DELETE FROM oidc_login WHERE state_hash = ?",
	    "s", h)) != SL_OK)
		return rc;
	if (r->nrows != 1)
		return ctx_error(c, 403, "error.family.failed");
	rc = oidc_finish(c->cfg, c->a, code, dbrows_get(r, 0, 0),
	    dbrows_get(r, 0, 1), &id);
	if (rc == SL_EAUTH || rc == SL_EINPUT) {
		(void)ctx_audit(c, "family-login-failed", 0, NULL, NULL);
		return ctx_error(c, 403, "error.family.failed");
	}
	if (rc == SL_ESYS)
		return ctx_error(c, 503, "error.family.unavailable");
	if (rc != SL_OK)
		return rc;
	date_today(&y, &m, &d, NULL);
	if (nin_parse(id.pid, y, m, d, &ni, &why) != SL_OK) {
		log_warnx("ID-porten gave an invalid pid: %s", why);
		return ctx_error(c, 403, "error.family.failed");
	}
	if ((rc = person_name(c, id.pid, &name)) != SL_OK)
		return rc;
	if (name == NULL) {
		/* Nobody registered this person with a log. */
		(void)ctx_audit(c, "family-login-no-log", 0, NULL, NULL);
		return ctx_error(c, 403, "error.family.no-log");
	}
	if ((rc = db_exec(c->db, "INSERT INTO person (pid, name, last_login,"
	    " created_at) VALUES (?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
	    " ON DUPLICATE KEY UPDATE name = VALUES(name),"
	    " last_login = VALUES(last_login)", "ss", id.pid, name)) != SL_OK)
		return rc;
	if ((uid = arena_printf(c->a, "family:%s", id.pid)) == NULL)
		return SL_ENOMEM;
	if ((rc = session_create(c, uid, 1)) != SL_OK)
		return rc;
	(void)ctx_audit(c, "family-login", 0, NULL, id.acr);
	/* Back to a form kept when the last session ended, as for staff. */
	if ((rc = draft_latest(c, uid, &draft, &ret)) != SL_OK)
		return rc;
	if (draft > 0 && return_path_ok(ret))
		return ctx_redirect(c, arena_printf(c->a, "%s%cdraft=%lld", ret,
		    strchr(ret, '?') ? '&' : '?', draft));
	return ctx_redirect(c, "/logs");
}

enum sl_err
h_consent_withdraw(struct ctx *c)
{
	struct logctx	 lc;
	enum sl_err	 rc;

	if ((rc = logfacts_require(c, c->id[0], LA_WITHDRAW_CONSENT, &lc)) !=
	    SL_OK)
		return rc;
	/* The family may end the log at any time: it becomes passive. */
	TX_BEGIN(c)
	rc = db_exec(c->db, "UPDATE consent SET withdrawn_at = UTC_TIMESTAMP()"
	    " WHERE log_id = ? AND withdrawn_at IS NULL", "i", lc.id);
	if (rc == SL_OK)
		rc = db_exec(c->db, "UPDATE log SET status = 'passive',"
		    " active_nin = NULL WHERE id = ?", "i", lc.id);
	if (rc == SL_OK)
		rc = transfer_end_on_close(c, lc.id, NULL);
	if (rc == SL_OK)
		rc = history_add(c->db, lc.id, "passive", NULL, NULL, NULL,
		    NULL, "family-ended", NULL);
	if (rc == SL_OK)
		rc = ctx_audit(c, "withdraw-consent", lc.id, NULL, NULL);
	if (rc == SL_OK)
		rc = notice_holder(c->db, c->a, NK_CONSENT_WITHDRAWN, lc.id,
		    NULL);
	TX_END(c)
	if (rc != SL_OK)
		return rc;
	/*
	 * The archive copy of the log now passive.  Should it fail, the
	 * log stays passive and `stafettlogg archive` makes it later.
	 */
	(void)archive_make(c, lc.id, "passive");
	return ctx_redirect(c, arena_printf(c->a, "/logs/%lld", lc.id));
}
