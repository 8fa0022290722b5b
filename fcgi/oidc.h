/*
 * oidc.h - OpenID Connect relying party for ID-porten (family login):
 * authorization code flow with PKCE (S256), state and nonce; the code
 * is exchanged at the token endpoint (libcurl), the id_token is checked
 * against the provider's JWKS (json-c, OpenSSL): RS256 only.
 *
 * Flow (the routes are the caller's):
 *   /family/login     oidc_begin; keep state, nonce and verifier on the
 *                     server side (bound to a pre-login cookie), send
 *                     the browser to out.url (303).
 *   /family/callback  compare ?state= with the kept state (constant
 *                     time), handle ?error=, then oidc_finish with ?code=
 *                     and the kept nonce and verifier; forget them
 *                     whatever the outcome (one use).
 *
 * Nothing here logs a token, code, secret or identity number.
 */
#ifndef SL_OIDC_H
#define SL_OIDC_H

#include <stddef.h>
#include <time.h>

#include "config.h"
#include "util.h"

/* Accepted clock difference for exp, iat and nbf, seconds. */
#define OIDC_SKEW		60
/* Largest token endpoint or JWKS response we read, bytes. */
#define OIDC_MAX_RESPONSE	(64 * 1024)
/* Largest id_token we look at, bytes. */
#define OIDC_MAX_JWT		(16 * 1024)
/* Largest authorization code we pass on, bytes. */
#define OIDC_MAX_CODE		1024

/* What oidc_begin hands out; every string lives in the caller's arena. */
struct oidc_start {
	char	*state;		/* CSRF value echoed on the callback */
	char	*nonce;		/* expected in the id_token */
	char	*verifier;	/* PKCE code_verifier (43 chars) */
	char	*url;		/* authorize URL for the browser */
};

/* The claims we use, from a verified id_token; arena strings. */
struct oidc_identity {
	char	*pid;		/* national identity number, 11 digits */
	char	*acr;		/* e.g. "idporten-loa-high" */
	char	*sub;		/* the provider's subject for our client */
};

/*
 * Process-wide libcurl setup; call once in main before forking workers
 * (curl would otherwise do it on first use, which is not thread safe).
 * SL_OK or SL_ESYS.  oidc_cleanup undoes it at exit.
 */
enum sl_err oidc_init(void);
void oidc_cleanup(void);

/*
 * 1 when family login is configured (oidc_issuer is not empty).
 */
int oidc_enabled(const struct config *);

/*
 * Check that the oidc_* entries of c fit together: when oidc_issuer is
 * set, the authorize, token and JWKS URLs, client id and redirect URI
 * must be set, every URL must be https (http only on 127.0.0.1), and
 * oidc_ca_file, when set, must be readable.  0 when fine or when family
 * login is off; -1 with a message in err (errsz bytes) otherwise.
 * Meant to be called next to config_validate at start-up.
 */
int oidc_config_check(const struct config *c, char *err, size_t errsz);

/*
 * Fresh state, nonce and PKCE verifier (32 random bytes each, base64url)
 * and the authorize URL to send the browser to: oidc_authorize_url plus
 * response_type=code, client_id, redirect_uri, scope=openid, state,
 * nonce, code_challenge (base64url SHA-256 of the verifier),
 * code_challenge_method=S256, acr_values (when oidc_acr is set) and
 * ui_locales=nb, every value percent-encoded.  All strings in out are
 * owned by the arena.  SL_OK; SL_ENOTFOUND when family login is not
 * configured (no issuer, authorize URL, client id or redirect URI);
 * SL_ESYS when the random generator or hash fails; SL_ENOMEM.  out is
 * zeroed on failure.
 */
enum sl_err oidc_begin(const struct config *, struct arena *,
    struct oidc_start *out);

/*
 * Finish a login: POST the code to oidc_token_url (grant_type
 * authorization_code, redirect_uri, code_verifier, client_id and, when
 * set, client_secret: client_secret_post), GET oidc_jwks_url, verify the
 * id_token with oidc_verify_id_token (issuer oidc_issuer, audience
 * oidc_client_id, expected_nonce, the current time) and check that its
 * acr is at least oidc_acr (oidc_acr_satisfies).  Only https, or http to
 * 127.0.0.1; no redirects followed; responses capped at
 * OIDC_MAX_RESPONSE; each request bounded by oidc_timeout.
 *
 * Returns SL_OK and fills out (arena strings); SL_EAUTH when the
 * provider refuses the code (HTTP 400/401, e.g. expired, reused or wrong
 * verifier) or any check of the id_token or acr fails (the check is
 * logged); SL_EINPUT when code, expected_nonce or verifier is empty,
 * too long or holds bytes outside printable ASCII; SL_ENOTFOUND when
 * family login is not configured; SL_ESYS when the provider is
 * unreachable, times out, answers 3xx/5xx, too much or not JSON, or a
 * URL is not allowed (logged); SL_ENOMEM.  out is zeroed unless SL_OK.
 */
enum sl_err oidc_finish(const struct config *, struct arena *,
    const char *code, const char *expected_nonce, const char *verifier,
    struct oidc_identity *out);

/*
 * Pure: verify the compact JWT jwt against the JWKS document jwks_json
 * and the expectations.  Checks, in order: size (OIDC_MAX_JWT), three
 * base64url parts, header JSON with alg exactly "RS256" (so "none",
 * HS256 and all others are refused), no "crit", a kid that names an RSA
 * key of the JWKS (use "sig" and alg "RS256" when given, 2048-8192
 * bits), the RS256 signature, then the claims: iss == issuer; aud is
 * client_id or an array holding it; azp, when present, == client_id;
 * exp > now - OIDC_SKEW; iat <= now + OIDC_SKEW; nbf, when present,
 * <= now + OIDC_SKEW; nonce == nonce (constant time); sub present; pid
 * exactly 11 ASCII digits; acr present.
 *
 * Returns SL_OK and fills out with arena copies of pid, acr and sub;
 * SL_EAUTH when any check fails (logged as "oidc: id_token rejected:
 * <check>", never with token contents); SL_EINPUT when an argument is
 * NULL or issuer, client_id or nonce is empty; SL_ENOMEM or SL_ESYS
 * (OpenSSL failure).  out is zeroed unless SL_OK.
 */
enum sl_err oidc_verify_id_token(const char *jwt, const char *jwks_json,
    const char *issuer, const char *client_id, const char *nonce,
    time_t now, struct arena *, struct oidc_identity *out);

/*
 * The steps of oidc_verify_id_token, pure, for the unit tests and the
 * fuzz target (tests/fuzz/fuzz_oidc.c).  Rejections are logged as in
 * oidc_verify_id_token.
 *
 * oidc_b64url_decode: strict base64url (alphabet only, no padding, the
 * unused low bits zero) of s[0..len) into arena memory with a NUL after
 * the bytes; SL_OK, SL_EINPUT when malformed, SL_ETOOBIG past max
 * bytes, SL_ENOMEM.  oidc_b64url_encode: the text of in[0..n) without
 * padding (arena), NULL on ENOMEM.  Decoding what encoding gave returns
 * the same bytes, and the other way round.
 *
 * oidc_jwt_split: the offsets of the two dots of jwt[0..len); SL_OK
 * only for exactly three parts, else SL_EAUTH.
 *
 * oidc_check_header: a decoded header: a JSON object, alg exactly
 * RS256, no crit, a kid (*kid, arena copy); SL_OK, SL_EAUTH, SL_ENOMEM.
 *
 * oidc_jwks_has_key: SL_OK when the JWKS document names kid with a
 * usable RSA signing key (2048-8192 bits, odd exponent > 1), else
 * SL_EAUTH (or SL_ENOMEM, SL_ESYS).
 *
 * oidc_check_claims: the claim checks on a decoded payload (a JSON
 * object): iss, aud, azp, exp, iat, nbf, nonce, sub, pid, acr as in
 * oidc_verify_id_token; SL_OK or SL_EAUTH.
 */
enum sl_err oidc_b64url_decode(struct arena *, const char *s, size_t len,
    size_t max, unsigned char **out, size_t *outlen);
char *oidc_b64url_encode(struct arena *, const unsigned char *in, size_t n);
enum sl_err oidc_jwt_split(const char *jwt, size_t len, size_t *dot1,
    size_t *dot2);
enum sl_err oidc_check_header(struct arena *, const char *json, size_t len,
    char **kid);
enum sl_err oidc_jwks_has_key(struct arena *, const char *jwks_json,
    const char *kid);
enum sl_err oidc_check_claims(const char *json, size_t len,
    const char *issuer, const char *client_id, const char *nonce,
    time_t now);

/*
 * Pure: 1 when the acr got is at least the level wanted.  Known levels,
 * low to high: "idporten-loa-substantial" (also the old "Level3") <
 * "idporten-loa-high" (also "Level4").  An empty wanted accepts any
 * got; an unknown wanted or got is accepted only when both are equal.
 * NULL got gives 0.
 */
int oidc_acr_satisfies(const char *got, const char *wanted);

#endif
