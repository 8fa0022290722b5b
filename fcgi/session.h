/*
 * session.h - sessions in MariaDB (only the SHA-256 of the 256-bit id is
 * stored), CSRF tokens, login throttling and forms kept across a session
 * timeout (drafts).
 */
#ifndef SL_SESSION_H
#define SL_SESSION_H

#include "app.h"

#define SESSION_COOKIE "sl_session"
#define PRELOGIN_COOKIE "sl_pre"

/*
 * Look up the session cookie of ctx and fill ctx->sess (state SESS_NONE,
 * SESS_VALID or an expired state with uid and csrf kept for drafts).
 * Touches last_seen at most once a minute.  SL_OK or SL_EDB/SL_ESYS.
 */
enum sl_err session_load(struct ctx *);
/*
 * Create a session for uid (staff uid, or "family:<pid>" when family is
 * set), set the cookie on the response and fill ctx->sess.  SL_OK or an
 * error status.
 */
enum sl_err session_create(struct ctx *, const char *uid, int family);
/* End the session of ctx (logout) and clear the cookie. */
enum sl_err session_end(struct ctx *);

/*
 * The token a POST must carry as _csrf: the session's, or for the login
 * form the pre-login cookie's (set when missing).  Returns an arena
 * string or NULL on failure.
 */
const char *session_prelogin_token(struct ctx *);
/* 1 when the POST's _csrf matches expected (constant time). */
int session_csrf_ok(const struct ctx *, const char *expected);

/*
 * Login throttling.  The key is the account the directory resolved the
 * typed name to (its canonical uid), and the typed name itself in a
 * normalised form (spaces at the ends, case, fullwidth forms and
 * invisible characters do not count), so that known and unknown names
 * are counted alike; only a hash of the key is stored.  Failed logins
 * and failed password checks of meeting mode count together.
 *
 * A try is reserved before it is made: under a lock per key, the
 * failures in the configured window are counted and, below
 * login_max_failures, one more is recorded (*row: its id) - so that
 * concurrent tries cannot pass the limit together.  SL_OK: go on (the
 * row stays a failure unless login_throttle_clear or _release);
 * SL_ETHROTTLED: no try, nothing recorded.
 */
enum sl_err login_throttle_reserve(struct ctx *, const char *key,
    long long *row);
/* Take back a reserved try that was not made (directory down). */
enum sl_err login_throttle_release(struct ctx *, long long row);
/* Forget the failures of key (after a successful login or check). */
enum sl_err login_throttle_clear(struct ctx *, const char *key);
/* 1 when keys a and b are counted as one (the same normalised name). */
int login_throttle_same(struct ctx *, const char *a, const char *b);

/*
 * Check the logged-in staff user's password again (leaving meeting
 * mode): the directory resolves c->sess.uid to its account, whose
 * failures are counted with the login failures of the same account.
 * SL_OK (the failures are forgotten); SL_ETHROTTLED (no bind made);
 * SL_EAUTH (wrong or empty password, or the account is gone; counted);
 * SL_EDIR; a database error.  The caller audits.
 */
enum sl_err password_recheck(struct ctx *, const char *password);

/*
 * 1 when p is a path on this site that is safe to send a browser back
 * to (a form's _return, a draft's page), 0 for anything a browser could
 * read as another host or that it would silently change.
 */
int return_path_ok(const char *p);

/*
 * Keep the form of ctx (posted after the session of uid ended) as a
 * draft.  Password fields and _csrf are not kept.  Returns SL_OK.
 */
enum sl_err draft_save(struct ctx *, const char *uid, const char *ret);
/*
 * Newest unrestored, unexpired draft of uid: *id and *ret (arena) set,
 * or *id = 0 when none.
 */
enum sl_err draft_latest(struct ctx *, const char *uid, long long *id,
    char **ret);
/*
 * Load draft id of the logged-in user (its author) into href (the form's
 * action) and fields (the parsed form).  SL_ENOTFOUND when it is not
 * theirs, expired, or restored more than a few minutes ago.
 */
enum sl_err draft_load(struct ctx *, long long id, const char **href,
    struct kvlist *fields);
/*
 * The logged-in user's forms kept from action href are done: a POST to
 * it succeeded (a kept form must not come back after it was saved).
 */
enum sl_err draft_consume(struct ctx *, const char *href);
/* Mark draft id of the logged-in user restored (shown or given up). */
enum sl_err draft_done(struct ctx *, long long id);

#endif
