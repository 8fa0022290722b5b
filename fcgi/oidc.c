/*
 * oidc.c - OpenID Connect relying party for ID-porten: PKCE, state and
 * nonce, the token and JWKS requests (libcurl), JSON (json-c) and the
 * RS256 id_token check (OpenSSL 3).  See oidc.h for the contract.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "crypto.h"
#include "oidc.h"

#if LIBCURL_VERSION_NUM < 0x075500
#error "libcurl 7.85 or later is needed (CURLOPT_PROTOCOLS_STR)"
#endif

#define RANDOM_BYTES	32		/* state, nonce, verifier: 256 bits */
#define JSON_DEPTH	16		/* nesting we accept in any document */
#define MAX_HEADER	2048		/* decoded JWT header, bytes */
#define MAX_KID		256
#define MAX_SUB		255
#define MAX_ACR		64
#define MAX_NONCE	256
#define MAX_KEYS	64		/* keys in a JWKS */
#define MAX_AUD		32		/* entries of an aud array */
#define MIN_RSA_BITS	2048
#define MAX_RSA_BITS	8192
#define MAX_TIME	253402300799LL	/* 9999-12-31T23:59:59Z */

/* Base64url (RFC 4648 section 5, no padding). */

static const char b64url_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Base64url text of in[0..n) in the arena, or NULL on ENOMEM. */
static char *
b64url_encode(struct arena *a, const unsigned char *in, size_t n)
{
	char		*out, *p;
	size_t		 i;
	uint32_t	 v;

	if (n > SIZE_MAX / 2)
		return NULL;
	if ((out = arena_alloc(a, (n + 2) / 3 * 4 + 1)) == NULL)
		return NULL;
	p = out;
	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];
		*p++ = b64url_chars[v >> 18 & 63];
		*p++ = b64url_chars[v >> 12 & 63];
		*p++ = b64url_chars[v >> 6 & 63];
		*p++ = b64url_chars[v & 63];
	}
	if (n - i == 1) {
		v = (uint32_t)in[i] << 16;
		*p++ = b64url_chars[v >> 18 & 63];
		*p++ = b64url_chars[v >> 12 & 63];
	} else if (n - i == 2) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		*p++ = b64url_chars[v >> 18 & 63];
		*p++ = b64url_chars[v >> 12 & 63];
		*p++ = b64url_chars[v >> 6 & 63];
	}
	*p = '\0';
	return out;
}

static int
b64url_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/*
 * Decode s[0..len) strictly (alphabet only, no padding, unused bits
 * zero) into arena memory with a NUL after the bytes.  SL_OK with *out
 * and *outlen; SL_EINPUT when malformed; SL_ETOOBIG when the result
 * would exceed max bytes; SL_ENOMEM.
 */
static enum sl_err
b64url_decode(struct arena *a, const char *s, size_t len, size_t max,
    unsigned char **out, size_t *outlen)
{
	unsigned char	*o;
	size_t		 i, n, olen;
	uint32_t	 acc = 0;
	int		 v, bits = 0;

	*out = NULL;
	*outlen = 0;
	if (len % 4 == 1)
		return SL_EINPUT;
	olen = len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1);
	if (olen > max)
		return SL_ETOOBIG;
	if ((o = arena_alloc(a, olen + 1)) == NULL)
		return SL_ENOMEM;
	for (i = 0, n = 0; i < len; i++) {
		if ((v = b64url_value((unsigned char)s[i])) < 0)
			return SL_EINPUT;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			o[n++] = (unsigned char)(acc >> bits & 0xff);
			acc &= (1U << bits) - 1;
		}
	}
	if (acc != 0)		/* the unused low bits must be zero */
		return SL_EINPUT;
	o[n] = '\0';
	*out = o;
	*outlen = n;
	return SL_OK;
}

/* URLs. */

/* 1 for the RFC 3986 unreserved characters (ASCII, any locale). */
static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

/* Append s percent-encoded (everything but RFC 3986 unreserved). */
static void
buf_pct(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	char			 e[3];

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (unreserved(c))
			buf_append(b, s, 1);
		else {
			e[0] = '%';
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
			buf_append(b, e, 3);
		}
	}
}

/* Append "name=value" (value percent-encoded), "&" first unless first. */
static void
buf_param(struct buf *b, int first, const char *name, const char *value)
{
	if (!first)
		buf_puts(b, "&");
	buf_puts(b, name);
	buf_puts(b, "=");
	buf_pct(b, value);
}

/*
 * Whether url may be fetched: https anywhere, http only to 127.0.0.1,
 * no user name or password in it.  NULL and *protos ("https" or "http")
 * when allowed, else a static reason.
 */
static const char *
url_check(const char *url, const char **protos)
{
	CURLU		*u;
	char		*scheme = NULL, *host = NULL, *user = NULL;
	const char	*why = NULL;

	*protos = NULL;
	if ((u = curl_url()) == NULL)
		return "out of memory";
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		why = "not a valid URL";
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		why = "URL without scheme or host";
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		why = "URL must not hold a user name or password";
		goto out;
	}
	if (strcmp(scheme, "https") == 0)
		*protos = "https";
	else if (strcmp(scheme, "http") == 0 && strcmp(host, "127.0.0.1") == 0)
		*protos = "http";
	else
		why = "URL must be https (http only to 127.0.0.1)";
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_url_cleanup(u);
	return why;
}

/* JSON. */

/*
 * Parse s[0..len) as one strict JSON value (valid UTF-8, nesting at
 * most JSON_DEPTH, nothing but white space after it).  New reference
 * or NULL.
 */
static struct json_object *
json_parse(const char *s, size_t len)
{
	struct json_tokener	*tok;
	struct json_object	*o = NULL;
	size_t			 end;

	if (len == 0 || len > INT_MAX)
		return NULL;
	if ((tok = json_tokener_new_ex(JSON_DEPTH)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_ALLOW_TRAILING_CHARS | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, s, (int)len);
	if (o != NULL && json_tokener_get_error(tok) == json_tokener_success) {
		end = json_tokener_get_parse_end(tok);
		while (end < len && (s[end] == ' ' || s[end] == '\t' ||
		    s[end] == '\r' || s[end] == '\n'))
			end++;
		if (end != len) {
			json_object_put(o);
			o = NULL;
		}
	} else {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/*
 * String member key of object o, NUL-terminated, without embedded NUL
 * and at most max bytes; NULL when missing or otherwise.  Owned by o.
 */
static const char *
json_str(struct json_object *o, const char *key, size_t max)
{
	struct json_object	*v;
	const char		*s;
	int			 n;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	n = json_object_get_string_len(v);
	if (s == NULL || n < 0 || (size_t)n > max || strlen(s) != (size_t)n)
		return NULL;
	return s;
}

/*
 * NumericDate member key of o (integer or finite number, 0..MAX_TIME,
 * fractions dropped).  1 and *out when present and valid, 0 when
 * missing, -1 when malformed.
 */
static int
json_time(struct json_object *o, const char *key, long long *out)
{
	struct json_object	*v;
	double			 d;
	int64_t			 i;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (json_object_is_type(v, json_type_int)) {
		i = json_object_get_int64(v);
		if (i < 0 || i > MAX_TIME)
			return -1;
		*out = i;
		return 1;
	}
	if (json_object_is_type(v, json_type_double)) {
		d = json_object_get_double(v);
		if (!isfinite(d) || d < 0 || d > (double)MAX_TIME)
			return -1;
		*out = (long long)d;
		return 1;
	}
	return -1;
}

/* id_token checks. */

static enum sl_err
reject(const char *why)
{
	log_warnx("oidc: id_token rejected: %s", why);
	return SL_EAUTH;
}

/* 1 when s is n ASCII digits exactly. */
static int
all_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0';
}

/* Public RSA key from base64url n and e; SL_OK, SL_EAUTH (logged), ... */
static enum sl_err
rsa_from_jwk(struct arena *a, const char *n64, const char *e64,
    EVP_PKEY **out)
{
	unsigned char	*nb, *eb;
	size_t		 nlen, elen;
	BIGNUM		*n = NULL, *e = NULL;
	OSSL_PARAM_BLD	*bld = NULL;
	OSSL_PARAM	*params = NULL;
	EVP_PKEY_CTX	*pctx = NULL;
	EVP_PKEY	*pkey = NULL;
	enum sl_err	 rc;
	int		 bits;

	*out = NULL;
	rc = b64url_decode(a, n64, strlen(n64), MAX_RSA_BITS / 8 + 1, &nb,
	    &nlen);
	if (rc == SL_ENOMEM)
		return rc;
	if (rc != SL_OK || nlen == 0)
		return reject("JWKS key has a malformed modulus");
	rc = b64url_decode(a, e64, strlen(e64), 8, &eb, &elen);
	if (rc == SL_ENOMEM)
		return rc;
	if (rc != SL_OK || elen == 0)
		return reject("JWKS key has a malformed exponent");

	rc = SL_ESYS;
	if ((n = BN_bin2bn(nb, (int)nlen, NULL)) == NULL ||
	    (e = BN_bin2bn(eb, (int)elen, NULL)) == NULL)
		goto out;
	bits = BN_num_bits(n);
	if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
		rc = reject("JWKS key size out of range (2048-8192 bits)");
		goto out;
	}
	if (!BN_is_odd(e) || BN_is_one(e)) {
		rc = reject("JWKS key has a bad exponent");
		goto out;
	}
	if ((bld = OSSL_PARAM_BLD_new()) == NULL ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL)
		goto out;
	if ((pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(pctx) != 1 ||
	    EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		log_warnx("oidc: could not build an RSA key from the JWKS");
		goto out;
	}
	*out = pkey;
	pkey = NULL;
	rc = SL_OK;
out:
	if (rc == SL_ESYS)
		ERR_clear_error();
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(pctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return rc;
}

/*
 * The RS256 key named kid in the JWKS document; SL_OK and *out (caller
 * frees), SL_EAUTH (logged), SL_ENOMEM or SL_ESYS.
 */
static enum sl_err
jwks_key(struct arena *a, const char *jwks_json, const char *kid,
    EVP_PKEY **out)
{
	struct json_object	*doc, *keys, *k;
	const char		*s, *n64, *e64;
	size_t			 i, nkeys;
	enum sl_err		 rc;

	*out = NULL;
	if ((doc = json_parse(jwks_json, strlen(jwks_json))) == NULL ||
	    !json_object_is_type(doc, json_type_object) ||
	    !json_object_object_get_ex(doc, "keys", &keys) ||
	    !json_object_is_type(keys, json_type_array)) {
		rc = reject("JWKS is not a JSON object with a keys array");
		goto out;
	}
	nkeys = json_object_array_length(keys);
	if (nkeys > MAX_KEYS) {
		rc = reject("JWKS has too many keys");
		goto out;
	}
	for (i = 0; i < nkeys; i++) {
		k = json_object_array_get_idx(keys, i);
		if (!json_object_is_type(k, json_type_object))
			continue;
		if ((s = json_str(k, "kid", MAX_KID)) == NULL ||
		    strcmp(s, kid) != 0)
			continue;
		if ((s = json_str(k, "kty", 16)) == NULL ||
		    strcmp(s, "RSA") != 0)
			continue;
		if (json_object_object_get_ex(k, "use", NULL) &&
		    ((s = json_str(k, "use", 16)) == NULL ||
		    strcmp(s, "sig") != 0))
			continue;
		if (json_object_object_get_ex(k, "alg", NULL) &&
		    ((s = json_str(k, "alg", 16)) == NULL ||
		    strcmp(s, "RS256") != 0))
			continue;
		n64 = json_str(k, "n", (MAX_RSA_BITS / 8 + 1) * 4 / 3 + 4);
		e64 = json_str(k, "e", 16);
		if (n64 == NULL || e64 == NULL) {
			rc = reject("JWKS key without n or e");
			goto out;
		}
		rc = rsa_from_jwk(a, n64, e64, out);
		goto out;
	}
	rc = reject("no RS256 signing key in the JWKS has the token's kid");
out:
	json_object_put(doc);
	return rc;
}

/* 1 when aud (string or array of strings) names client_id. */
static int
aud_ok(struct json_object *payload, const char *client_id)
{
	struct json_object	*aud, *v;
	const char		*s;
	size_t			 i, n;

	if (!json_object_object_get_ex(payload, "aud", &aud))
		return 0;
	if (json_object_is_type(aud, json_type_string))
		return (s = json_str(payload, "aud", CONF_STR_MAX)) != NULL &&
		    strcmp(s, client_id) == 0;
	if (!json_object_is_type(aud, json_type_array))
		return 0;
	n = json_object_array_length(aud);
	if (n > MAX_AUD)
		return 0;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(aud, i);
		if (!json_object_is_type(v, json_type_string))
			continue;
		s = json_object_get_string(v);
		if ((size_t)json_object_get_string_len(v) == strlen(s) &&
		    strcmp(s, client_id) == 0)
			return 1;
	}
	return 0;
}

/* Check the claims of payload; SL_OK or SL_EAUTH (logged). */
static enum sl_err
check_claims(struct json_object *p, const char *issuer, const char *client_id,
    const char *nonce, time_t now)
{
	const char	*s;
	long long	 exp, iat, nbf, t = (long long)now;
	int		 r;

	if ((s = json_str(p, "iss", CONF_STR_MAX)) == NULL ||
	    strcmp(s, issuer) != 0)
		return reject("iss is not the configured issuer");
	if (!aud_ok(p, client_id))
		return reject("aud does not hold our client id");
	if (json_object_object_get_ex(p, "azp", NULL) &&
	    ((s = json_str(p, "azp", CONF_STR_MAX)) == NULL ||
	    strcmp(s, client_id) != 0))
		return reject("azp is not our client id");
	if (json_time(p, "exp", &exp) != 1)
		return reject("exp missing or malformed");
	if (exp + OIDC_SKEW <= t)
		return reject("expired (exp in the past)");
	if (json_time(p, "iat", &iat) != 1)
		return reject("iat missing or malformed");
	if (iat > t + OIDC_SKEW)
		return reject("iat in the future");
	if ((r = json_time(p, "nbf", &nbf)) < 0)
		return reject("nbf malformed");
	if (r == 1 && nbf > t + OIDC_SKEW)
		return reject("not yet valid (nbf in the future)");
	if ((s = json_str(p, "nonce", MAX_NONCE)) == NULL ||
	    !crypto_streq(s, nonce))
		return reject("nonce does not match");
	if ((s = json_str(p, "sub", MAX_SUB)) == NULL || *s == '\0')
		return reject("sub missing");
	if ((s = json_str(p, "pid", 11)) == NULL || !all_digits(s, 11))
		return reject("pid missing or not 11 digits");
	if ((s = json_str(p, "acr", MAX_ACR)) == NULL || *s == '\0')
		return reject("acr missing");
	return SL_OK;
}

/* The two dots of a compact JWT (see oidc.h). */
enum sl_err
oidc_jwt_split(const char *jwt, size_t len, size_t *d1, size_t *d2)
{
	const char	*dot1, *dot2;

	*d1 = *d2 = 0;
	if (jwt == NULL || (dot1 = memchr(jwt, '.', len)) == NULL ||
	    (dot2 = memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - jwt))) ==
	    NULL || memchr(dot2 + 1, '.', len - (size_t)(dot2 + 1 - jwt)) !=
	    NULL)
		return reject("not three dot-separated parts");
	*d1 = (size_t)(dot1 - jwt);
	*d2 = (size_t)(dot2 - jwt);
	return SL_OK;
}

/*
 * The header checks on a decoded header hdr[0..hlen): a JSON object,
 * alg exactly RS256, no crit, a kid.  SL_OK with *kid (arena copy),
 * SL_EAUTH (logged), SL_ENOMEM.
 */
static enum sl_err
header_check(struct arena *a, const char *hdr, size_t hlen, char **kid)
{
	struct json_object	*jh;
	const char		*s;
	enum sl_err		 rc = SL_OK;

	*kid = NULL;
	if ((jh = json_parse(hdr, hlen)) == NULL ||
	    !json_object_is_type(jh, json_type_object))
		rc = reject("header is not a JSON object");
	else if ((s = json_str(jh, "alg", 16)) == NULL ||
	    strcmp(s, "RS256") != 0)
		rc = reject("alg is not RS256");
	else if (json_object_object_get_ex(jh, "crit", NULL))
		rc = reject("header has crit extensions");
	else if ((s = json_str(jh, "kid", MAX_KID)) == NULL)
		rc = reject("header has no kid");
	else if ((*kid = arena_strdup(a, s)) == NULL)
		rc = SL_ENOMEM;
	json_object_put(jh);
	return rc;
}

/* Verify an id_token against a JWKS document (see oidc.h). */
enum sl_err
oidc_verify_id_token(const char *jwt, const char *jwks_json,
    const char *issuer, const char *client_id, const char *nonce,
    time_t now, struct arena *a, struct oidc_identity *out)
{
	const char		*dot1, *dot2;
	char			*kid;
	unsigned char		*hdr, *pay, *sig;
	size_t			 len, hlen, plen, slen, d1, d2;
	struct json_object	*jp = NULL;
	EVP_PKEY		*pkey = NULL;
	EVP_MD_CTX		*md = NULL;
	enum sl_err		 rc;
	int			 v;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (jwt == NULL || jwks_json == NULL || issuer == NULL ||
	    client_id == NULL || nonce == NULL || a == NULL || out == NULL ||
	    *issuer == '\0' || *client_id == '\0' || *nonce == '\0')
		return SL_EINPUT;

	len = strnlen(jwt, OIDC_MAX_JWT + 1);
	if (len > OIDC_MAX_JWT)
		return reject("larger than 16 KiB");
	if ((rc = oidc_jwt_split(jwt, len, &d1, &d2)) != SL_OK)
		return rc;
	dot1 = jwt + d1;
	dot2 = jwt + d2;

	/* Header: alg and kid first; nothing else is trusted yet. */
	rc = b64url_decode(a, jwt, (size_t)(dot1 - jwt), MAX_HEADER, &hdr,
	    &hlen);
	if (rc == SL_ENOMEM)
		return rc;
	if (rc == SL_ETOOBIG)
		return reject("header too large");
	if (rc != SL_OK)
		return reject("header is not base64url");
	if ((rc = header_check(a, (const char *)hdr, hlen, &kid)) != SL_OK ||
	    (rc = jwks_key(a, jwks_json, kid, &pkey)) != SL_OK)
		goto out;

	/* Signature over "header.payload". */
	rc = b64url_decode(a, dot2 + 1, len - (size_t)(dot2 + 1 - jwt),
	    MAX_RSA_BITS / 8, &sig, &slen);
	if (rc == SL_ENOMEM)
		goto out;
	if (rc != SL_OK || slen == 0) {
		rc = reject("signature missing or not base64url");
		goto out;
	}
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit_ex(md, NULL, "SHA256", NULL, NULL, pkey,
	    NULL) != 1) {
		ERR_clear_error();
		log_warnx("oidc: EVP_DigestVerifyInit_ex failed");
		rc = SL_ESYS;
		goto out;
	}
	v = EVP_DigestVerify(md, sig, slen, (const unsigned char *)jwt,
	    (size_t)(dot2 - jwt));
	ERR_clear_error();
	if (v != 1) {
		rc = reject("bad signature");
		goto out;
	}

	/* Claims. */
	rc = b64url_decode(a, dot1 + 1, (size_t)(dot2 - dot1 - 1),
	    OIDC_MAX_JWT, &pay, &plen);
	if (rc == SL_ENOMEM)
		goto out;
	if (rc != SL_OK) {
		rc = reject("payload is not base64url");
		goto out;
	}
	if ((jp = json_parse((const char *)pay, plen)) == NULL ||
	    !json_object_is_type(jp, json_type_object)) {
		rc = reject("payload is not a JSON object");
		goto out;
	}
	if ((rc = check_claims(jp, issuer, client_id, nonce, now)) != SL_OK)
		goto out;
	if ((out->pid = arena_strdup(a, json_str(jp, "pid", 11))) == NULL ||
	    (out->acr = arena_strdup(a, json_str(jp, "acr", MAX_ACR))) ==
	    NULL ||
	    (out->sub = arena_strdup(a, json_str(jp, "sub", MAX_SUB))) ==
	    NULL) {
		memset(out, 0, sizeof(*out));
		rc = SL_ENOMEM;
		goto out;
	}
	rc = SL_OK;
out:
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(pkey);
	json_object_put(jp);
	return rc;
}

/* Steps of oidc_verify_id_token for tests and fuzzing (see oidc.h). */

enum sl_err
oidc_b64url_decode(struct arena *a, const char *s, size_t len, size_t max,
    unsigned char **out, size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	if (a == NULL || (s == NULL && len > 0))
		return SL_EINPUT;
	return b64url_decode(a, s, len, max, out, outlen);
}

char *
oidc_b64url_encode(struct arena *a, const unsigned char *in, size_t n)
{
	if (a == NULL || (in == NULL && n > 0))
		return NULL;
	return b64url_encode(a, in, n);
}

enum sl_err
oidc_check_header(struct arena *a, const char *json, size_t len, char **kid)
{
	*kid = NULL;
	if (a == NULL || json == NULL)
		return SL_EINPUT;
	return header_check(a, json, len, kid);
}

enum sl_err
oidc_jwks_has_key(struct arena *a, const char *jwks_json, const char *kid)
{
	EVP_PKEY	*pkey = NULL;
	enum sl_err	 rc;

	if (a == NULL || jwks_json == NULL || kid == NULL)
		return SL_EINPUT;
	rc = jwks_key(a, jwks_json, kid, &pkey);
	EVP_PKEY_free(pkey);
	return rc;
}

enum sl_err
oidc_check_claims(const char *json, size_t len, const char *issuer,
    const char *client_id, const char *nonce, time_t now)
{
	struct json_object	*jp;
	enum sl_err		 rc;

	if (json == NULL || issuer == NULL || client_id == NULL ||
	    nonce == NULL)
		return SL_EINPUT;
	if ((jp = json_parse(json, len)) == NULL ||
	    !json_object_is_type(jp, json_type_object))
		rc = reject("payload is not a JSON object");
	else
		rc = check_claims(jp, issuer, client_id, nonce, now);
	json_object_put(jp);
	return rc;
}

/* acr levels. */

static int
acr_rank(const char *s)
{
	if (strcmp(s, "idporten-loa-substantial") == 0 ||
	    strcmp(s, "Level3") == 0)
		return 3;
	if (strcmp(s, "idporten-loa-high") == 0 || strcmp(s, "Level4") == 0)
		return 4;
	return 0;
}

/* 1 when acr got is at least level wanted (see oidc.h). */
int
oidc_acr_satisfies(const char *got, const char *wanted)
{
	int	 g, w;

	if (got == NULL)
		return 0;
	if (wanted == NULL || *wanted == '\0')
		return 1;
	g = acr_rank(got);
	w = acr_rank(wanted);
	if (g == 0 || w == 0)
		return strcmp(got, wanted) == 0;
	return g >= w;
}

/* Set-up and configuration. */

/* libcurl set-up once per process; SL_OK or SL_ESYS. */
enum sl_err
oidc_init(void)
{
	const curl_version_info_data	*vi;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_warnx("oidc: curl_global_init failed");
		return SL_ESYS;
	}
	vi = curl_version_info(CURLVERSION_NOW);
	if (vi == NULL || !(vi->features & CURL_VERSION_SSL)) {
		log_warnx("oidc: libcurl has no TLS support");
		return SL_ESYS;
	}
	return SL_OK;
}

/* Undo oidc_init. */
void
oidc_cleanup(void)
{
	curl_global_cleanup();
}

/* 1 when family login is configured. */
int
oidc_enabled(const struct config *c)
{
	return c != NULL && c->oidc_issuer[0] != '\0';
}

/* Cross-check the oidc_* entries; 0, or -1 with err (see oidc.h). */
int
oidc_config_check(const struct config *c, char *err, size_t errsz)
{
	static const struct {
		const char	*name;
		size_t		 off;
		int		 url;
	} need[] = {
		{ "oidc_issuer", offsetof(struct config, oidc_issuer), 1 },
		{ "oidc_authorize_url",
		    offsetof(struct config, oidc_authorize_url), 1 },
		{ "oidc_token_url",
		    offsetof(struct config, oidc_token_url), 1 },
		{ "oidc_jwks_url", offsetof(struct config, oidc_jwks_url), 1 },
		{ "oidc_client_id",
		    offsetof(struct config, oidc_client_id), 0 },
		{ "oidc_redirect_uri",
		    offsetof(struct config, oidc_redirect_uri), 1 },
	};
	const char	*v, *why, *protos;
	size_t		 i;

	if (!oidc_enabled(c))
		return 0;
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		v = (const char *)c + need[i].off;
		if (*v == '\0') {
			(void)bsnprintf(err, errsz, "%s must be set when "
			    "oidc_issuer is set", need[i].name);
			return -1;
		}
		if (need[i].url && (why = url_check(v, &protos)) != NULL) {
			(void)bsnprintf(err, errsz, "%s: %s", need[i].name,
			    why);
			return -1;
		}
	}
	if (c->oidc_ca_file[0] != '\0' && access(c->oidc_ca_file, R_OK) != 0) {
		(void)bsnprintf(err, errsz, "oidc_ca_file %s is not readable",
		    c->oidc_ca_file);
		return -1;
	}
	return 0;
}

/* The authorization request. */

/* Random bytes as base64url in the arena; NULL (logged) on failure. */
static char *
random_b64url(struct arena *a)
{
	unsigned char	 raw[RANDOM_BYTES];
	char		*s;

	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		log_warnx("oidc: RAND_bytes failed");
		return NULL;
	}
	s = b64url_encode(a, raw, sizeof(raw));
	OPENSSL_cleanse(raw, sizeof(raw));
	return s;
}

/* New state, nonce, verifier and authorize URL (see oidc.h). */
enum sl_err
oidc_begin(const struct config *c, struct arena *a, struct oidc_start *out)
{
	struct buf	 b;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;
	char		*challenge;
	enum sl_err	 rc = SL_ENOMEM;

	memset(out, 0, sizeof(*out));
	buf_init(&b);
	if (!oidc_enabled(c) || c->oidc_authorize_url[0] == '\0' ||
	    c->oidc_client_id[0] == '\0' || c->oidc_redirect_uri[0] == '\0')
		return SL_ENOTFOUND;
	if ((out->state = random_b64url(a)) == NULL ||
	    (out->nonce = random_b64url(a)) == NULL ||
	    (out->verifier = random_b64url(a)) == NULL) {
		rc = SL_ESYS;
		goto out;
	}
	if (EVP_Digest(out->verifier, strlen(out->verifier), md, &mdlen,
	    EVP_sha256(), NULL) != 1 || mdlen != 32) {
		log_warnx("oidc: SHA-256 failed");
		rc = SL_ESYS;
		goto out;
	}
	if ((challenge = b64url_encode(a, md, mdlen)) == NULL)
		goto out;

	buf_puts(&b, c->oidc_authorize_url);
	buf_puts(&b, strchr(c->oidc_authorize_url, '?') == NULL ? "?" : "&");
	buf_param(&b, 1, "response_type", "code");
	buf_param(&b, 0, "client_id", c->oidc_client_id);
	buf_param(&b, 0, "redirect_uri", c->oidc_redirect_uri);
	buf_param(&b, 0, "scope", "openid");
	buf_param(&b, 0, "state", out->state);
	buf_param(&b, 0, "nonce", out->nonce);
	buf_param(&b, 0, "code_challenge", challenge);
	buf_param(&b, 0, "code_challenge_method", "S256");
	if (c->oidc_acr[0] != '\0')
		buf_param(&b, 0, "acr_values", c->oidc_acr);
	buf_param(&b, 0, "ui_locales", "nb");
	if (b.oom || (out->url = arena_strndup(a, b.data, b.len)) == NULL)
		goto out;
	rc = SL_OK;
out:
	if (rc != SL_OK)
		memset(out, 0, sizeof(*out));
	buf_free(&b);
	return rc;
}

/* The token and JWKS requests. */

struct sink {
	struct buf	*b;
	int		 toobig;
};

static size_t
sink_write(char *p, size_t size, size_t n, void *arg)
{
	struct sink	*s = arg;
	size_t		 len;

	if (size != 0 && n > SIZE_MAX / size)
		return 0;
	len = size * n;
	if (len > OIDC_MAX_RESPONSE - s->b->len) {
		s->toobig = 1;
		return 0;
	}
	buf_append(s->b, p, len);
	return s->b->oom ? 0 : len;
}

/* Wipe and free a buffer that may hold secrets or tokens. */
static void
buf_wipe(struct buf *b)
{
	if (b->data != NULL)
		OPENSSL_cleanse(b->data, b->cap);
	buf_free(b);
}

/*
 * GET url (post == NULL) or POST post as a form to it.  SL_OK with the
 * body in resp (NUL-terminated) and the HTTP status in *status; SL_ESYS
 * (logged) when the URL is not allowed, the provider is unreachable,
 * times out or sends more than OIDC_MAX_RESPONSE; SL_ENOMEM.
 */
static enum sl_err
http_request(const struct config *c, const char *what, const char *url,
    const struct buf *post, struct buf *resp, long *status)
{
	CURL			*h = NULL;
	struct curl_slist	*hdr = NULL;
	struct sink		 sink = { resp, 0 };
	char			 errbuf[CURL_ERROR_SIZE];
	const char		*protos, *why;
	CURLcode		 cc;
	enum sl_err		 rc = SL_ESYS;

	*status = 0;
	errbuf[0] = '\0';
	if ((why = url_check(url, &protos)) != NULL) {
		log_warnx("oidc: %s URL %s refused: %s", what, url, why);
		return SL_ESYS;
	}
	if ((h = curl_easy_init()) == NULL ||
	    (hdr = curl_slist_append(NULL, "Accept: application/json")) ==
	    NULL) {
		rc = SL_ENOMEM;
		goto out;
	}
	if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protos) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, protos) !=
	    CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)c->oidc_timeout) !=
	    CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	    (long)c->oidc_timeout) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)OIDC_MAX_RESPONSE) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_USERAGENT, "stafettlogg") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink_write) !=
	    CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink) != CURLE_OK) {
		log_warnx("oidc: curl_easy_setopt failed");
		goto out;
	}
	if (c->oidc_ca_file[0] != '\0' &&
	    curl_easy_setopt(h, CURLOPT_CAINFO, c->oidc_ca_file) != CURLE_OK) {
		log_warnx("oidc: curl_easy_setopt CAINFO failed");
		goto out;
	}
	if (post != NULL &&
	    (curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)post->len) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_POSTFIELDS, post->data) != CURLE_OK)) {
		log_warnx("oidc: curl_easy_setopt POSTFIELDS failed");
		goto out;
	}
	cc = curl_easy_perform(h);
	if (resp->oom) {
		rc = SL_ENOMEM;
		goto out;
	}
	if (sink.toobig || cc == CURLE_FILESIZE_EXCEEDED) {
		log_warnx("oidc: %s endpoint %s: response larger than %d bytes",
		    what, url, OIDC_MAX_RESPONSE);
		goto out;
	}
	if (cc != CURLE_OK) {
		log_warnx("oidc: identity provider unreachable: %s endpoint "
		    "%s: %s", what, url,
		    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(cc));
		goto out;
	}
	if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status) != CURLE_OK)
		goto out;
	buf_append(resp, "", 1);	/* NUL, not counted */
	if (resp->oom) {
		rc = SL_ENOMEM;
		goto out;
	}
	resp->len--;
	rc = SL_OK;
out:
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	return rc;
}

/* 1 when s is 1..max printable ASCII bytes (no space). */
static int
param_ok(const char *s, size_t max)
{
	size_t	 i;

	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (i >= max || s[i] <= 0x20 || s[i] >= 0x7f)
			return 0;
	return 1;
}

/* 1 when s is a PKCE verifier: 43..128 unreserved characters. */
static int
verifier_ok(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (i >= 128 || !unreserved((unsigned char)s[i]))
			return 0;
	return i >= 43;
}

/* Log the OAuth error code of a refusal, when it is a plain word. */
static void
log_refusal(long status, const struct buf *resp)
{
	struct json_object	*o;
	const char		*e = NULL;
	size_t			 i;

	if ((o = json_parse(resp->data, resp->len)) != NULL &&
	    json_object_is_type(o, json_type_object) &&
	    (e = json_str(o, "error", 64)) != NULL)
		for (i = 0; e[i] != '\0'; i++)
			if (!unreserved((unsigned char)e[i])) {
				e = NULL;
				break;
			}
	log_warnx("oidc: token endpoint refused the code (HTTP %ld, %s)",
	    status, e != NULL ? e : "no error code");
	json_object_put(o);
}

/* Code -> verified identity (see oidc.h). */
enum sl_err
oidc_finish(const struct config *c, struct arena *a, const char *code,
    const char *expected_nonce, const char *verifier,
    struct oidc_identity *out)
{
	struct buf		 body, tresp, kresp;
	struct json_object	*tok = NULL;
	const char		*idt;
	long			 status;
	enum sl_err		 rc;

	memset(out, 0, sizeof(*out));
	buf_init(&body);
	buf_init(&tresp);
	buf_init(&kresp);
	if (!oidc_enabled(c) || c->oidc_token_url[0] == '\0' ||
	    c->oidc_jwks_url[0] == '\0' || c->oidc_client_id[0] == '\0' ||
	    c->oidc_redirect_uri[0] == '\0')
		return SL_ENOTFOUND;
	if (!param_ok(code, OIDC_MAX_CODE) ||
	    !param_ok(expected_nonce, MAX_NONCE) || !verifier_ok(verifier))
		return SL_EINPUT;

	buf_param(&body, 1, "grant_type", "authorization_code");
	buf_param(&body, 0, "code", code);
	buf_param(&body, 0, "redirect_uri", c->oidc_redirect_uri);
	buf_param(&body, 0, "code_verifier", verifier);
	buf_param(&body, 0, "client_id", c->oidc_client_id);
	if (c->oidc_client_secret[0] != '\0')
		buf_param(&body, 0, "client_secret", c->oidc_client_secret);
	if (body.oom) {
		rc = SL_ENOMEM;
		goto out;
	}
	rc = http_request(c, "token", c->oidc_token_url, &body, &tresp,
	    &status);
	if (rc != SL_OK)
		goto out;
	if (status == 400 || status == 401) {
		log_refusal(status, &tresp);
		rc = SL_EAUTH;
		goto out;
	}
	if (status != 200) {
		log_warnx("oidc: token endpoint %s answered HTTP %ld",
		    c->oidc_token_url, status);
		rc = SL_ESYS;
		goto out;
	}
	if ((tok = json_parse(tresp.data, tresp.len)) == NULL ||
	    !json_object_is_type(tok, json_type_object)) {
		log_warnx("oidc: token endpoint %s: answer is not a JSON "
		    "object", c->oidc_token_url);
		rc = SL_ESYS;
		goto out;
	}
	if ((idt = json_str(tok, "id_token", OIDC_MAX_JWT)) == NULL) {
		rc = reject("token response has no usable id_token");
		goto out;
	}

	rc = http_request(c, "JWKS", c->oidc_jwks_url, NULL, &kresp, &status);
	if (rc != SL_OK)
		goto out;
	if (status != 200 || strlen(kresp.data) != kresp.len) {
		log_warnx("oidc: JWKS endpoint %s answered HTTP %ld%s",
		    c->oidc_jwks_url, status, status == 200 ? " with NUL" : "");
		rc = SL_ESYS;
		goto out;
	}
	rc = oidc_verify_id_token(idt, kresp.data, c->oidc_issuer,
	    c->oidc_client_id, expected_nonce, time(NULL), a, out);
	if (rc != SL_OK)
		goto out;
	if (!oidc_acr_satisfies(out->acr, c->oidc_acr)) {
		log_warnx("oidc: id_token rejected: acr %s is below %s",
		    out->acr, c->oidc_acr);
		memset(out, 0, sizeof(*out));
		rc = SL_EAUTH;
		goto out;
	}
out:
	json_object_put(tok);
	buf_wipe(&body);
	buf_wipe(&tresp);
	buf_free(&kresp);
	return rc;
}
