/*
 * test_oidc.c - the ID-porten relying party: id_token verification with
 * RSA keys, JWKS and tokens made here with OpenSSL (valid tokens and
 * every refusal), the authorize URL of oidc_begin, acr levels, the
 * configuration check and the offline refusals of oidc_finish.
 *
 * The "live" cases run only when SL_TEST_IDP_URL is set, against the
 * ID-porten stand-in of tests/servers/idporten.sh:
 *   RUN=/tmp/idp tests/servers/idporten.sh start
 *   SL_TEST_IDP_URL=http://127.0.0.1:18443 build/test_oidc
 * Optional: SL_TEST_IDP_CLIENT_ID (stafettlogg-demo),
 * SL_TEST_IDP_CLIENT_SECRET (demo-idp-secret).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>
#include <json-c/json.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "../../fcgi/config.h"
#include "../../fcgi/oidc.h"
#include "../../fcgi/util.h"
#include "testutil.h"

#define NOW		1760000000LL
#define ISSUER		"https://idporten.example"
#define CLIENT		"stafettlogg-test"
#define NONCE		"n-0123456789abcdefghijklmnopqrstuvwxyz"
#define PID		"03852150024"
#define HDR_OK		"{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}"
#define B64URL		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789-_"
#define UNRESERVED	B64URL ".~"

static EVP_PKEY	*K1, *K2, *KSMALL;
static char	*JWKS;		/* k1 and k2 */
static char	*JWKS_SMALL;	/* "small": 1024 bits */
static char	 n1[1200];	/* base64url modulus of K1 */

/* Helpers. */

/* Base64url (no padding) of in[0..n) into out (outsz bytes). */
static void
b64url(const unsigned char *in, size_t n, char *out, size_t outsz)
{
	int	 len, i, j;

	ck_assert_uint_ge(outsz, (n + 2) / 3 * 4 + 1);
	len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
	ck_assert_int_ge(len, 0);
	for (i = 0, j = 0; i < len; i++) {
		if (out[i] == '=')
			continue;
		out[j++] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
	}
	out[j] = '\0';
}

static char *
b64url_str(const char *s)
{
	size_t	 n = strlen(s);
	char	*o = malloc((n + 2) / 3 * 4 + 1);

	ck_assert_ptr_nonnull(o);
	b64url((const unsigned char *)s, n, o, (n + 2) / 3 * 4 + 1);
	return o;
}

/* Base64url of an RSA key's component name (n or e). */
static void
key_param(EVP_PKEY *k, const char *name, char *out, size_t outsz)
{
	BIGNUM		*bn = NULL;
	unsigned char	 raw[1100];
	int		 len;

	ck_assert_int_eq(EVP_PKEY_get_bn_param(k, name, &bn), 1);
	len = BN_num_bytes(bn);
	ck_assert_int_le(len, (int)sizeof(raw));
	ck_assert_int_eq(BN_bn2bin(bn, raw), len);
	b64url(raw, (size_t)len, out, outsz);
	BN_free(bn);
}

/* JSON of one JWK; extra is inserted as more members (may be ""). */
static void
jwk(struct buf *b, EVP_PKEY *k, const char *kid, const char *extra)
{
	char	 n[1200], e[16];

	key_param(k, OSSL_PKEY_PARAM_RSA_N, n, sizeof(n));
	key_param(k, OSSL_PKEY_PARAM_RSA_E, e, sizeof(e));
	buf_printf(b, "{\"kty\":\"RSA\",\"kid\":\"%s\",\"n\":\"%s\","
	    "\"e\":\"%s\"%s}", kid, n, e, extra);
}

static char *
buf_take(struct buf *b)
{
	char	*s;

	buf_append(b, "", 1);
	ck_assert(!b->oom);
	s = b->data;
	b->data = NULL;
	buf_free(b);
	return s;
}

/* Compact JWT of header and payload text; signature mode below. */
enum sigmode { SIG_RS256, SIG_NONE, SIG_FLIP, SIG_HS256 };

static char *
jwt_make(const char *hdr, const char *payload, EVP_PKEY *k, enum sigmode m)
{
	char		*h64, *p64, *input, *out;
	unsigned char	 sig[1100];
	char		 s64[1500];
	size_t		 slen = sizeof(sig), ilen, olen;
	EVP_MD_CTX	*md;

	h64 = b64url_str(hdr);
	p64 = b64url_str(payload);
	ilen = strlen(h64) + 1 + strlen(p64);
	input = malloc(ilen + 1);
	ck_assert_ptr_nonnull(input);
	ck_assert_int_eq(bsnprintf(input, ilen + 1, "%s.%s", h64, p64), SL_OK);
	s64[0] = '\0';
	switch (m) {
	case SIG_NONE:
		break;
	case SIG_RS256:
	case SIG_FLIP:
		ck_assert_ptr_nonnull(md = EVP_MD_CTX_new());
		ck_assert_int_eq(EVP_DigestSignInit_ex(md, NULL, "SHA256",
		    NULL, NULL, k, NULL), 1);
		ck_assert_int_eq(EVP_DigestSign(md, sig, &slen,
		    (unsigned char *)input, ilen), 1);
		EVP_MD_CTX_free(md);
		if (m == SIG_FLIP)
			sig[slen / 2] ^= 0x01;
		b64url(sig, slen, s64, sizeof(s64));
		break;
	case SIG_HS256:
		/* Key confusion: the public modulus text as HMAC secret. */
		ck_assert_ptr_nonnull(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256",
		    NULL, n1, strlen(n1), (unsigned char *)input, ilen, sig,
		    sizeof(sig), &slen));
		b64url(sig, slen, s64, sizeof(s64));
		break;
	}
	olen = ilen + 1 + strlen(s64) + 1;
	out = malloc(olen);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(bsnprintf(out, olen, "%s.%s", input, s64), SL_OK);
	free(h64);
	free(p64);
	free(input);
	return out;
}

/* The claims of a valid token at NOW; caller adds/removes and frees. */
static struct json_object *
claims(void)
{
	struct json_object	*p = json_object_new_object(), *amr;

	ck_assert_ptr_nonnull(p);
	amr = json_object_new_array();
	json_object_array_add(amr, json_object_new_string("TestID"));
	json_object_object_add(p, "iss", json_object_new_string(ISSUER));
	json_object_object_add(p, "aud", json_object_new_string(CLIENT));
	json_object_object_add(p, "sub", json_object_new_string("sub-abc"));
	json_object_object_add(p, "pid", json_object_new_string(PID));
	json_object_object_add(p, "acr",
	    json_object_new_string("idporten-loa-high"));
	json_object_object_add(p, "amr", amr);
	json_object_object_add(p, "nonce", json_object_new_string(NONCE));
	json_object_object_add(p, "iat", json_object_new_int64(NOW - 10));
	json_object_object_add(p, "exp", json_object_new_int64(NOW + 110));
	json_object_object_add(p, "locale", json_object_new_string("nb"));
	return p;
}

static void
set_str(struct json_object *p, const char *k, const char *v)
{
	json_object_object_add(p, k, json_object_new_string(v));
}

static void
set_int(struct json_object *p, const char *k, long long v)
{
	json_object_object_add(p, k, json_object_new_int64(v));
}

/* Verify a raw token against jwks; fills *id when given. */
static enum sl_err
verify_raw(const char *jwt, const char *jwks, struct oidc_identity *id)
{
	struct arena		*a;
	struct oidc_identity	 tmp;
	enum sl_err		 rc;

	ck_assert_ptr_nonnull(a = arena_new());
	rc = oidc_verify_id_token(jwt, jwks, ISSUER, CLIENT, NONCE,
	    (time_t)NOW, a, &tmp);
	if (rc != SL_OK) {
		ck_assert_ptr_null(tmp.pid);
		ck_assert_ptr_null(tmp.acr);
		ck_assert_ptr_null(tmp.sub);
	}
	if (id != NULL && rc == SL_OK) {
		id->pid = strdup(tmp.pid);
		id->acr = strdup(tmp.acr);
		id->sub = strdup(tmp.sub);
	}
	arena_free(a);
	return rc;
}

/* Sign claims p (consumed) with header hdr, key k, mode m; verify. */
static enum sl_err
verify_claims(struct json_object *p, const char *hdr, EVP_PKEY *k,
    enum sigmode m)
{
	char		*jwt;
	enum sl_err	 rc;

	jwt = jwt_make(hdr, json_object_to_json_string_ext(p,
	    JSON_C_TO_STRING_PLAIN), k, m);
	rc = verify_raw(jwt, JWKS, NULL);
	free(jwt);
	json_object_put(p);
	return rc;
}

/* A valid token but for one changed claim. */
static enum sl_err
with_str(const char *k, const char *v)
{
	struct json_object	*p = claims();

	set_str(p, k, v);
	return verify_claims(p, HDR_OK, K1, SIG_RS256);
}

static enum sl_err
with_int(const char *k, long long v)
{
	struct json_object	*p = claims();

	set_int(p, k, v);
	return verify_claims(p, HDR_OK, K1, SIG_RS256);
}

static enum sl_err
without(const char *k)
{
	struct json_object	*p = claims();

	json_object_object_del(p, k);
	return verify_claims(p, HDR_OK, K1, SIG_RS256);
}

static enum sl_err
with_header(const char *hdr)
{
	return verify_claims(claims(), hdr, K1, SIG_RS256);
}

/* Valid tokens. */

START_TEST(valid_token)
{
	struct oidc_identity	 id;
	char			*jwt;
	struct json_object	*p = claims();

	jwt = jwt_make(HDR_OK, json_object_to_json_string(p), K1, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS, &id), SL_OK);
	ck_assert_str_eq(id.pid, PID);
	ck_assert_str_eq(id.acr, "idporten-loa-high");
	ck_assert_str_eq(id.sub, "sub-abc");
	free(id.pid);
	free(id.acr);
	free(id.sub);
	free(jwt);
	json_object_put(p);
}
END_TEST

START_TEST(valid_token_second_key)
{
	ck_assert_int_eq(verify_claims(claims(),
	    "{\"alg\":\"RS256\",\"kid\":\"k2\"}", K2, SIG_RS256), SL_OK);
}
END_TEST

START_TEST(aud_array_with_client)
{
	struct json_object	*p = claims(), *aud = json_object_new_array();

	json_object_array_add(aud, json_object_new_string("other"));
	json_object_array_add(aud, json_object_new_string(CLIENT));
	json_object_object_add(p, "aud", aud);
	ck_assert_int_eq(verify_claims(p, HDR_OK, K1, SIG_RS256), SL_OK);
}
END_TEST

START_TEST(skew_is_allowed)
{
	ck_assert_int_eq(with_int("exp", NOW - 59), SL_OK);
	ck_assert_int_eq(with_int("iat", NOW + 60), SL_OK);
	ck_assert_int_eq(with_int("nbf", NOW + 60), SL_OK);
	ck_assert_int_eq(with_str("azp", CLIENT), SL_OK);
}
END_TEST

START_TEST(fractional_times)
{
	struct json_object	*p = claims();

	json_object_object_add(p, "exp", json_object_new_double(NOW + 10.5));
	json_object_object_add(p, "iat", json_object_new_double(NOW - 1.5));
	ck_assert_int_eq(verify_claims(p, HDR_OK, K1, SIG_RS256), SL_OK);
}
END_TEST

/* Algorithm and key refusals. */

START_TEST(alg_none)
{
	ck_assert_int_eq(verify_claims(claims(),
	    "{\"alg\":\"none\",\"kid\":\"k1\"}", NULL, SIG_NONE), SL_EAUTH);
	ck_assert_int_eq(verify_claims(claims(), "{\"alg\":\"none\"}", NULL,
	    SIG_NONE), SL_EAUTH);
	/* none, but with a real RS256 signature attached */
	ck_assert_int_eq(verify_claims(claims(),
	    "{\"alg\":\"none\",\"kid\":\"k1\"}", K1, SIG_RS256), SL_EAUTH);
	/* RS256 header without a signature */
	ck_assert_int_eq(verify_claims(claims(), HDR_OK, NULL, SIG_NONE),
	    SL_EAUTH);
}
END_TEST

START_TEST(alg_hs256_key_confusion)
{
	ck_assert_int_eq(verify_claims(claims(),
	    "{\"alg\":\"HS256\",\"kid\":\"k1\"}", NULL, SIG_HS256), SL_EAUTH);
}
END_TEST

START_TEST(other_algs)
{
	ck_assert_int_eq(with_header("{\"alg\":\"rs256\",\"kid\":\"k1\"}"),
	    SL_EAUTH);
	ck_assert_int_eq(with_header("{\"alg\":\"RS512\",\"kid\":\"k1\"}"),
	    SL_EAUTH);
	ck_assert_int_eq(with_header("{\"alg\":\"PS256\",\"kid\":\"k1\"}"),
	    SL_EAUTH);
	ck_assert_int_eq(with_header("{\"alg\":\"RS256 \",\"kid\":\"k1\"}"),
	    SL_EAUTH);
	ck_assert_int_eq(with_header("{\"alg\":[\"RS256\"],\"kid\":\"k1\"}"),
	    SL_EAUTH);
	ck_assert_int_eq(with_header("{\"kid\":\"k1\"}"), SL_EAUTH);
	ck_assert_int_eq(with_header("{\"alg\":\"RS256\",\"kid\":\"k1\","
	    "\"crit\":[\"exp\"]}"), SL_EAUTH);
}
END_TEST

START_TEST(wrong_kid)
{
	ck_assert_int_eq(with_header("{\"alg\":\"RS256\",\"kid\":\"k9\"}"),
	    SL_EAUTH);
	ck_assert_int_eq(with_header("{\"alg\":\"RS256\"}"), SL_EAUTH);
	ck_assert_int_eq(with_header("{\"alg\":\"RS256\",\"kid\":1}"),
	    SL_EAUTH);
	/* signed by k2, claims to be k1 */
	ck_assert_int_eq(verify_claims(claims(), HDR_OK, K2, SIG_RS256),
	    SL_EAUTH);
}
END_TEST

START_TEST(bad_signature)
{
	struct json_object	*p = claims();
	char			*jwt, *dot1, *dot2, *evil, *p64;
	size_t			 n;

	ck_assert_int_eq(verify_claims(claims(), HDR_OK, K1, SIG_FLIP),
	    SL_EAUTH);

	/* A payload swapped under a valid signature. */
	jwt = jwt_make(HDR_OK, json_object_to_json_string(p), K1, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_OK);
	set_str(p, "pid", "01815512345");
	p64 = b64url_str(json_object_to_json_string(p));
	dot1 = strchr(jwt, '.');
	dot2 = strchr(dot1 + 1, '.');
	*dot1 = '\0';
	n = strlen(jwt) + strlen(p64) + strlen(dot2) + 2;
	ck_assert_ptr_nonnull(evil = malloc(n));
	ck_assert_int_eq(bsnprintf(evil, n, "%s.%s%s", jwt, p64, dot2), SL_OK);
	ck_assert_int_eq(verify_raw(evil, JWKS, NULL), SL_EAUTH);
	free(evil);
	free(p64);
	free(jwt);
	json_object_put(p);
}
END_TEST

START_TEST(weak_or_unusable_keys)
{
	char			*jwt, *jwks;
	struct buf		 b;
	struct json_object	*p = claims();

	/* 1024-bit key in the JWKS */
	jwt = jwt_make("{\"alg\":\"RS256\",\"kid\":\"small\"}",
	    json_object_to_json_string(p), KSMALL, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS_SMALL, NULL), SL_EAUTH);
	free(jwt);

	/* the right key but marked for encryption, or for another alg */
	jwt = jwt_make(HDR_OK, json_object_to_json_string(p), K1, SIG_RS256);
	json_object_put(p);
	buf_init(&b);
	buf_puts(&b, "{\"keys\":[");
	jwk(&b, K1, "k1", ",\"use\":\"enc\"");
	buf_puts(&b, "]}");
	jwks = buf_take(&b);
	ck_assert_int_eq(verify_raw(jwt, jwks, NULL), SL_EAUTH);
	free(jwks);
	buf_init(&b);
	buf_puts(&b, "{\"keys\":[");
	jwk(&b, K1, "k1", ",\"alg\":\"RS512\"");
	buf_puts(&b, "]}");
	jwks = buf_take(&b);
	ck_assert_int_eq(verify_raw(jwt, jwks, NULL), SL_EAUTH);
	free(jwks);
	/* kid names an EC key */
	ck_assert_int_eq(verify_raw(jwt, "{\"keys\":[{\"kty\":\"EC\","
	    "\"kid\":\"k1\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]}",
	    NULL), SL_EAUTH);
	/* malformed JWKS documents */
	ck_assert_int_eq(verify_raw(jwt, "", NULL), SL_EAUTH);
	ck_assert_int_eq(verify_raw(jwt, "not json", NULL), SL_EAUTH);
	ck_assert_int_eq(verify_raw(jwt, "{\"keys\":{}}", NULL), SL_EAUTH);
	ck_assert_int_eq(verify_raw(jwt, "[]", NULL), SL_EAUTH);
	ck_assert_int_eq(verify_raw(jwt, "{\"keys\":[{\"kty\":\"RSA\","
	    "\"kid\":\"k1\",\"n\":\"@@\",\"e\":\"AQAB\"}]}", NULL), SL_EAUTH);
	ck_assert_int_eq(verify_raw(jwt, "{\"keys\":[{\"kty\":\"RSA\","
	    "\"kid\":\"k1\",\"e\":\"AQAB\"}]}", NULL), SL_EAUTH);
	/* the real JWKS with trailing garbage */
	buf_init(&b);
	buf_puts(&b, JWKS);
	buf_puts(&b, "x");
	jwks = buf_take(&b);
	ck_assert_int_eq(verify_raw(jwt, jwks, NULL), SL_EAUTH);
	free(jwks);
	free(jwt);
}
END_TEST

/* Claim refusals. */

START_TEST(wrong_iss)
{
	ck_assert_int_eq(with_str("iss", "https://evil.example"), SL_EAUTH);
	ck_assert_int_eq(with_str("iss", ISSUER "/"), SL_EAUTH);
	ck_assert_int_eq(with_int("iss", 1), SL_EAUTH);
	ck_assert_int_eq(without("iss"), SL_EAUTH);
}
END_TEST

START_TEST(wrong_aud)
{
	struct json_object	*p = claims(), *aud = json_object_new_array();

	ck_assert_int_eq(with_str("aud", "another-client"), SL_EAUTH);
	ck_assert_int_eq(with_str("aud", CLIENT "x"), SL_EAUTH);
	ck_assert_int_eq(without("aud"), SL_EAUTH);
	json_object_array_add(aud, json_object_new_string("other"));
	json_object_array_add(aud, json_object_new_int(1));
	json_object_object_add(p, "aud", aud);
	ck_assert_int_eq(verify_claims(p, HDR_OK, K1, SIG_RS256), SL_EAUTH);
	ck_assert_int_eq(with_str("azp", "other"), SL_EAUTH);
}
END_TEST

START_TEST(expired)
{
	ck_assert_int_eq(with_int("exp", NOW - 60), SL_EAUTH);
	ck_assert_int_eq(with_int("exp", NOW - 3600), SL_EAUTH);
	ck_assert_int_eq(with_str("exp", "9999999999"), SL_EAUTH);
	ck_assert_int_eq(with_int("exp", -1), SL_EAUTH);
	ck_assert_int_eq(without("exp"), SL_EAUTH);
}
END_TEST

START_TEST(iat_in_future)
{
	ck_assert_int_eq(with_int("iat", NOW + 61), SL_EAUTH);
	ck_assert_int_eq(with_int("iat", NOW + 86400), SL_EAUTH);
	ck_assert_int_eq(without("iat"), SL_EAUTH);
	ck_assert_int_eq(with_int("nbf", NOW + 61), SL_EAUTH);
	ck_assert_int_eq(with_str("nbf", "0"), SL_EAUTH);
}
END_TEST

START_TEST(wrong_nonce)
{
	ck_assert_int_eq(with_str("nonce", NONCE "x"), SL_EAUTH);
	ck_assert_int_eq(with_str("nonce", "n-0123"), SL_EAUTH);
	ck_assert_int_eq(with_str("nonce", ""), SL_EAUTH);
	ck_assert_int_eq(without("nonce"), SL_EAUTH);
}
END_TEST

START_TEST(pid_checks)
{
	ck_assert_int_eq(without("pid"), SL_EAUTH);
	ck_assert_int_eq(with_str("pid", "0385215002"), SL_EAUTH);
	ck_assert_int_eq(with_str("pid", "038521500244"), SL_EAUTH);
	ck_assert_int_eq(with_str("pid", "0385215002x"), SL_EAUTH);
	ck_assert_int_eq(with_str("pid", " 3852150024"), SL_EAUTH);
	ck_assert_int_eq(with_str("pid", ""), SL_EAUTH);
	ck_assert_int_eq(with_int("pid", 3852150024LL), SL_EAUTH);
}
END_TEST

START_TEST(sub_and_acr_required)
{
	ck_assert_int_eq(without("sub"), SL_EAUTH);
	ck_assert_int_eq(with_str("sub", ""), SL_EAUTH);
	ck_assert_int_eq(without("acr"), SL_EAUTH);
	ck_assert_int_eq(with_int("acr", 4), SL_EAUTH);
}
END_TEST

/* Malformed tokens. */

START_TEST(malformed_jwt)
{
	char			*jwt, *big, *h64;
	struct json_object	*p = claims();
	size_t			 n;
	struct arena		*a;
	struct oidc_identity	 id;

	jwt = jwt_make(HDR_OK, json_object_to_json_string(p), K1, SIG_RS256);
	/* two parts */
	*strrchr(jwt, '.') = '\0';
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_EAUTH);
	free(jwt);
	/* four parts */
	jwt = jwt_make(HDR_OK, json_object_to_json_string(p), K1, SIG_RS256);
	n = strlen(jwt) + 3;
	ck_assert_ptr_nonnull(big = malloc(n));
	ck_assert_int_eq(bsnprintf(big, n, "%s.x", jwt), SL_OK);
	ck_assert_int_eq(verify_raw(big, JWKS, NULL), SL_EAUTH);
	free(big);
	/* bad base64url: '+' and padding in the header, '*' in the sig */
	big = strdup(jwt);
	big[2] = '+';
	ck_assert_int_eq(verify_raw(big, JWKS, NULL), SL_EAUTH);
	free(big);
	n = strlen(jwt) + 3;
	ck_assert_ptr_nonnull(big = malloc(n));
	h64 = strchr(jwt, '.');
	*h64 = '\0';
	ck_assert_int_eq(bsnprintf(big, n, "%s==.%s", jwt, h64 + 1), SL_OK);
	*h64 = '.';
	ck_assert_int_eq(verify_raw(big, JWKS, NULL), SL_EAUTH);
	free(big);
	big = strdup(jwt);
	big[strlen(big) - 3] = '*';
	ck_assert_int_eq(verify_raw(big, JWKS, NULL), SL_EAUTH);
	free(big);
	/* non-canonical last character of the signature */
	big = strdup(jwt);
	ck_assert_int_eq(verify_raw(big, JWKS, NULL), SL_OK);
	n = strlen(big);
	/* 256 bytes -> 342 chars, 4 unused bits in the last one */
	ck_assert_uint_eq(strlen(strrchr(big, '.') + 1), 342);
	big[n - 1] = big[n - 1] == 'A' ? 'B' : big[n - 1] == 'Q' ? 'R' :
	    big[n - 1] == 'g' ? 'h' : big[n - 1] == 'w' ? 'x' : '!';
	ck_assert_int_eq(verify_raw(big, JWKS, NULL), SL_EAUTH);
	free(big);
	free(jwt);

	/* empty, dots only, not JSON */
	ck_assert_int_eq(verify_raw("", JWKS, NULL), SL_EAUTH);
	ck_assert_int_eq(verify_raw("..", JWKS, NULL), SL_EAUTH);
	jwt = jwt_make("not json", "{}", K1, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_EAUTH);
	free(jwt);
	jwt = jwt_make("[\"RS256\"]", "{}", K1, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_EAUTH);
	free(jwt);
	jwt = jwt_make(HDR_OK, "not json", K1, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_EAUTH);
	free(jwt);
	jwt = jwt_make(HDR_OK, "[1,2]", K1, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_EAUTH);
	free(jwt);
	jwt = jwt_make(HDR_OK, "{\"a\":1} {}", K1, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_EAUTH);
	free(jwt);

	/* huge headers: over the total limit, and within it */
	n = 20000;
	ck_assert_ptr_nonnull(big = malloc(n + 64));
	ck_assert_int_eq(bsnprintf(big, n + 64,
	    "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":\"%0*d\"}", (int)n, 0),
	    SL_OK);
	jwt = jwt_make(big, json_object_to_json_string(p), K1, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_EAUTH);
	free(jwt);
	ck_assert_int_eq(bsnprintf(big, n + 64,
	    "{\"alg\":\"RS256\",\"kid\":\"k1\",\"x\":\"%0*d\"}", 8000, 0),
	    SL_OK);
	jwt = jwt_make(big, json_object_to_json_string(p), K1, SIG_RS256);
	ck_assert_uint_lt(strlen(jwt), OIDC_MAX_JWT);
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_EAUTH);
	free(jwt);
	/* deep nesting in the header */
	memset(big, '[', 1000);
	big[1000] = '\0';
	jwt = jwt_make(big, "{}", K1, SIG_RS256);
	ck_assert_int_eq(verify_raw(jwt, JWKS, NULL), SL_EAUTH);
	free(jwt);
	free(big);
	json_object_put(p);

	/* bad arguments */
	ck_assert_ptr_nonnull(a = arena_new());
	ck_assert_int_eq(oidc_verify_id_token("a.b.c", JWKS, ISSUER, CLIENT,
	    "", (time_t)NOW, a, &id), SL_EINPUT);
	ck_assert_int_eq(oidc_verify_id_token(NULL, JWKS, ISSUER, CLIENT,
	    NONCE, (time_t)NOW, a, &id), SL_EINPUT);
	ck_assert_int_eq(oidc_verify_id_token("a.b.c", JWKS, "", CLIENT,
	    NONCE, (time_t)NOW, a, &id), SL_EINPUT);
	arena_free(a);
}
END_TEST

/* acr levels. */

/* The exposed steps (the fuzz target's entry points) agree with verify. */
START_TEST(steps_exposed)
{
	static const unsigned char raw[] = { 0x00, 0xff, 0x10, 'a', 0xfe };
	struct json_object	*p = claims();
	const char		*pj = json_object_to_json_string(p);
	struct arena		*a = arena_new();
	unsigned char		*out;
	char			*t, *kid;
	size_t			 n, d1, d2;

	ck_assert_ptr_nonnull(a);
	/* base64url both ways, strict */
	ck_assert_ptr_nonnull(t = oidc_b64url_encode(a, raw, sizeof(raw)));
	ck_assert_str_eq(t, "AP8QYf4");
	ck_assert_int_eq(oidc_b64url_decode(a, t, strlen(t), 16, &out, &n),
	    SL_OK);
	ck_assert_uint_eq(n, sizeof(raw));
	ck_assert_int_eq(memcmp(out, raw, n), 0);
	ck_assert_int_eq(oidc_b64url_decode(a, LIT("AP8QYf5"), 16, &out, &n),
	    SL_EINPUT);		/* unused bits set */
	ck_assert_int_eq(oidc_b64url_decode(a, LIT("AP8QYf4="), 16, &out,
	    &n), SL_EINPUT);	/* padding */
	ck_assert_int_eq(oidc_b64url_decode(a, t, strlen(t), 4, &out, &n),
	    SL_ETOOBIG);
	/* split */
	ck_assert_int_eq(oidc_jwt_split(LIT("a.bc.d"), &d1, &d2), SL_OK);
	ck_assert_uint_eq(d1, 1);
	ck_assert_uint_eq(d2, 4);
	ck_assert_int_eq(oidc_jwt_split(LIT("a.b"), &d1, &d2), SL_EAUTH);
	ck_assert_int_eq(oidc_jwt_split(LIT("a.b.c.d"), &d1, &d2), SL_EAUTH);
	/* header, JWKS, claims */
	ck_assert_int_eq(oidc_check_header(a, LIT(HDR_OK), &kid), SL_OK);
	ck_assert_str_eq(kid, "k1");
	ck_assert_int_eq(oidc_check_header(a, LIT("{\"alg\":\"none\","
	    "\"kid\":\"k1\"}"), &kid), SL_EAUTH);
	ck_assert_int_eq(oidc_jwks_has_key(a, JWKS, "k1"), SL_OK);
	ck_assert_int_eq(oidc_jwks_has_key(a, JWKS, "k9"), SL_EAUTH);
	ck_assert_int_eq(oidc_jwks_has_key(a, JWKS_SMALL, "small"), SL_EAUTH);
	ck_assert_int_eq(oidc_check_claims(pj, strlen(pj), ISSUER, CLIENT,
	    NONCE, NOW), SL_OK);
	ck_assert_int_eq(oidc_check_claims(pj, strlen(pj), ISSUER, CLIENT,
	    "other-nonce", NOW), SL_EAUTH);
	ck_assert_int_eq(oidc_check_claims(LIT("[1]"), ISSUER, CLIENT, NONCE,
	    NOW), SL_EAUTH);
	json_object_put(p);
	arena_free(a);
}
END_TEST

START_TEST(acr_levels)
{
	ck_assert(oidc_acr_satisfies("idporten-loa-high", "idporten-loa-high"));
	ck_assert(oidc_acr_satisfies("idporten-loa-high",
	    "idporten-loa-substantial"));
	ck_assert(!oidc_acr_satisfies("idporten-loa-substantial",
	    "idporten-loa-high"));
	ck_assert(oidc_acr_satisfies("Level4", "idporten-loa-high"));
	ck_assert(!oidc_acr_satisfies("Level3", "idporten-loa-high"));
	ck_assert(oidc_acr_satisfies("anything", ""));
	ck_assert(!oidc_acr_satisfies(NULL, ""));
	ck_assert(!oidc_acr_satisfies("idporten-loa-low", "idporten-loa-high"));
	ck_assert(!oidc_acr_satisfies("unknown", "idporten-loa-substantial"));
	ck_assert(oidc_acr_satisfies("eidas-loa-high", "eidas-loa-high"));
	ck_assert(!oidc_acr_satisfies("idporten-loa-high", "eidas-loa-high"));
}
END_TEST

/* oidc_begin. */

static void
conf_set(char *dst, const char *s)
{
	ck_assert_int_eq(bsnprintf(dst, CONF_STR_MAX, "%s", s), SL_OK);
}

static void
begin_conf(struct config *c)
{
	config_defaults(c);
	conf_set(c->oidc_issuer, ISSUER);
	conf_set(c->oidc_authorize_url, ISSUER "/authorize");
	conf_set(c->oidc_token_url, ISSUER "/token");
	conf_set(c->oidc_jwks_url, ISSUER "/jwks");
	conf_set(c->oidc_client_id, "klient æ&=+/");
	conf_set(c->oidc_client_secret, "s3cret");
	conf_set(c->oidc_redirect_uri,
	    "https://stafettlogg.example.kommune.no/family/callback?x=1&y=2");
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decoded value of parameter name in the query of url (malloc), NULL
 * when absent; fails when it appears twice or holds a raw character
 * that should have been encoded.
 */
static char *
query_get(const char *url, const char *name)
{
	const char	*q, *p, *end;
	char		*v = NULL, *o;
	size_t		 nl = strlen(name);
	int		 hi, lo;

	ck_assert_ptr_nonnull(q = strchr(url, '?'));
	for (p = q + 1; *p != '\0'; p = *end == '&' ? end + 1 : end) {
		end = p + strcspn(p, "&");
		if ((size_t)(end - p) <= nl || strncmp(p, name, nl) != 0 ||
		    p[nl] != '=')
			continue;
		ck_assert_msg(v == NULL, "%s given twice", name);
		ck_assert_ptr_nonnull(o = v = malloc((size_t)(end - p)));
		for (p += nl + 1; p < end; p++) {
			if (*p == '%') {
				hi = hexval(p[1]);
				lo = hi < 0 ? -1 : hexval(p[2]);
				ck_assert_msg(hi >= 0 && lo >= 0,
				    "bad escape in %s", name);
				*o++ = (char)(hi << 4 | lo);
				p += 2;
			} else {
				ck_assert_msg(strchr(UNRESERVED, *p) != NULL,
				    "raw '%c' in %s", *p, name);
				*o++ = *p;
			}
		}
		*o = '\0';
	}
	return v;
}

static void
assert_param(const char *url, const char *name, const char *want)
{
	char	*v = query_get(url, name);

	ck_assert_msg(v != NULL, "%s missing", name);
	ck_assert_str_eq(v, want);
	free(v);
}

static int
b64url_token(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (strchr(B64URL, s[i]) == NULL)
			return 0;
	return i == 43;
}

START_TEST(begin_url)
{
	struct config		 c;
	struct arena		*a;
	struct oidc_start	 s1, s2;
	unsigned char		 md[32];
	unsigned int		 mdlen;
	char			 want[64];

	begin_conf(&c);
	ck_assert_ptr_nonnull(a = arena_new());
	ck_assert_int_eq(oidc_begin(&c, a, &s1), SL_OK);
	ck_assert(strncmp(s1.url, ISSUER "/authorize?", 33) == 0);
	assert_param(s1.url, "response_type", "code");
	assert_param(s1.url, "client_id", "klient æ&=+/");
	assert_param(s1.url, "redirect_uri",
	    "https://stafettlogg.example.kommune.no/family/callback?x=1&y=2");
	ck_assert_ptr_nonnull(strstr(s1.url, "&redirect_uri=https%3A%2F%2F"
	    "stafettlogg.example.kommune.no%2Ffamily%2Fcallback"
	    "%3Fx%3D1%26y%3D2&"));
	ck_assert_ptr_nonnull(strstr(s1.url,
	    "&client_id=klient%20%C3%A6%26%3D%2B%2F&"));
	assert_param(s1.url, "scope", "openid");
	assert_param(s1.url, "state", s1.state);
	assert_param(s1.url, "nonce", s1.nonce);
	assert_param(s1.url, "code_challenge_method", "S256");
	assert_param(s1.url, "acr_values", "idporten-loa-high");
	assert_param(s1.url, "ui_locales", "nb");
	ck_assert_ptr_null(query_get(s1.url, "code_verifier"));
	ck_assert_ptr_null(strstr(s1.url, s1.verifier));
	ck_assert(b64url_token(s1.state));
	ck_assert(b64url_token(s1.nonce));
	ck_assert(b64url_token(s1.verifier));

	/* code_challenge = base64url(SHA-256(verifier)) */
	ck_assert_int_eq(EVP_Digest(s1.verifier, strlen(s1.verifier), md,
	    &mdlen, EVP_sha256(), NULL), 1);
	b64url(md, mdlen, want, sizeof(want));
	assert_param(s1.url, "code_challenge", want);

	/* fresh values each call */
	ck_assert_int_eq(oidc_begin(&c, a, &s2), SL_OK);
	ck_assert_str_ne(s1.state, s2.state);
	ck_assert_str_ne(s1.nonce, s2.nonce);
	ck_assert_str_ne(s1.verifier, s2.verifier);
	ck_assert_str_ne(s1.state, s1.nonce);
	arena_free(a);
}
END_TEST

START_TEST(begin_variants)
{
	struct config		 c;
	struct arena		*a;
	struct oidc_start	 s;

	ck_assert_ptr_nonnull(a = arena_new());
	begin_conf(&c);
	conf_set(c.oidc_authorize_url, "https://idp.example/auth?tenant=a");
	c.oidc_acr[0] = '\0';
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_OK);
	ck_assert(strncmp(s.url, "https://idp.example/auth?tenant=a&"
	    "response_type=code&", 53) == 0);
	ck_assert_ptr_null(query_get(s.url, "acr_values"));

	begin_conf(&c);
	c.oidc_issuer[0] = '\0';
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_ENOTFOUND);
	ck_assert_ptr_null(s.url);
	begin_conf(&c);
	c.oidc_redirect_uri[0] = '\0';
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_ENOTFOUND);
	arena_free(a);
}
END_TEST

/* Configuration. */

START_TEST(config_entries)
{
	struct config	 c;
	char		 err[256], path[] = "/tmp/sl-test-oidc-XXXXXX";
	FILE		*f;
	int		 fd;

	config_defaults(&c);
	ck_assert_str_eq(c.oidc_issuer, "");
	ck_assert_str_eq(c.oidc_acr, "idporten-loa-high");
	ck_assert_int_eq(c.oidc_timeout, 5);
	ck_assert(!oidc_enabled(&c));
	ck_assert_int_eq(oidc_config_check(&c, err, sizeof(err)), 0);

	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs("oidc_issuer = https://test.idporten.no\n"
	    "oidc_authorize_url = https://login.test.idporten.no/authorize\n"
	    "oidc_token_url = https://test.idporten.no/token\n"
	    "oidc_jwks_url = https://test.idporten.no/jwks.json\n"
	    "oidc_client_id = abc\noidc_client_secret = xyz\n"
	    "oidc_redirect_uri = https://s.example/family/callback\n"
	    "oidc_timeout = 7\n", f);
	fclose(f);
	ck_assert_int_eq(config_load(&c, path, err, sizeof(err)), 0);
	unlink(path);
	ck_assert(oidc_enabled(&c));
	ck_assert_int_eq(c.oidc_timeout, 7);
	ck_assert_str_eq(c.oidc_client_secret, "xyz");
	ck_assert_int_eq(oidc_config_check(&c, err, sizeof(err)), 0);

	conf_set(c.oidc_token_url, "http://127.0.0.1:18443/token");
	ck_assert_int_eq(oidc_config_check(&c, err, sizeof(err)), 0);
	conf_set(c.oidc_token_url, "http://idporten.example/token");
	ck_assert_int_eq(oidc_config_check(&c, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "oidc_token_url"));
	conf_set(c.oidc_token_url, "https://u:p@idporten.example/token");
	ck_assert_int_eq(oidc_config_check(&c, err, sizeof(err)), -1);
	conf_set(c.oidc_token_url, "ftp://idporten.example/token");
	ck_assert_int_eq(oidc_config_check(&c, err, sizeof(err)), -1);
	conf_set(c.oidc_token_url, "https://test.idporten.no/token");
	c.oidc_jwks_url[0] = '\0';
	ck_assert_int_eq(oidc_config_check(&c, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "oidc_jwks_url"));
	conf_set(c.oidc_jwks_url, "https://test.idporten.no/jwks.json");
	conf_set(c.oidc_ca_file, "/nonexistent/ca.pem");
	ck_assert_int_eq(oidc_config_check(&c, err, sizeof(err)), -1);
}
END_TEST

/* oidc_finish without a provider. */

static const char VERIFIER[] = "abcdefghijklmnopqrstuvwxyz0123456789-._~ABC";

/* A TCP port on 127.0.0.1 where nothing listens (as far as we know). */
static int
closed_port(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd, port;

	ck_assert_int_ge(fd = socket(AF_INET, SOCK_STREAM, 0), 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

START_TEST(finish_offline)
{
	struct config		 c;
	struct arena		*a;
	struct oidc_identity	 id;
	char			 url[64];

	ck_assert_ptr_nonnull(a = arena_new());
	begin_conf(&c);
	c.oidc_timeout = 2;
	/* refused before any connection: plain http to a non-loopback host */
	conf_set(c.oidc_token_url, "http://192.0.2.1/token");
	ck_assert_int_eq(oidc_finish(&c, a, "code", "nonce", VERIFIER, &id),
	    SL_ESYS);
	ck_assert_ptr_null(id.pid);
	conf_set(c.oidc_token_url, "file:///etc/passwd");
	ck_assert_int_eq(oidc_finish(&c, a, "code", "nonce", VERIFIER, &id),
	    SL_ESYS);
	/* nobody listening */
	ck_assert_int_eq(bsnprintf(url, sizeof(url),
	    "http://127.0.0.1:%d/token", closed_port()), SL_OK);
	conf_set(c.oidc_token_url, url);
	ck_assert_int_eq(oidc_finish(&c, a, "code", "nonce", VERIFIER, &id),
	    SL_ESYS);
	/* bad arguments */
	ck_assert_int_eq(oidc_finish(&c, a, "", "nonce", VERIFIER, &id),
	    SL_EINPUT);
	ck_assert_int_eq(oidc_finish(&c, a, "co de", "nonce", VERIFIER, &id),
	    SL_EINPUT);
	ck_assert_int_eq(oidc_finish(&c, a, "code", "", VERIFIER, &id),
	    SL_EINPUT);
	ck_assert_int_eq(oidc_finish(&c, a, "code", "nonce", "short", &id),
	    SL_EINPUT);
	ck_assert_int_eq(oidc_finish(&c, a, "code", "nonce",
	    "abcdefghijklmnopqrstuvwxyz0123456789+ABCDEF", &id), SL_EINPUT);
	c.oidc_issuer[0] = '\0';
	ck_assert_int_eq(oidc_finish(&c, a, "code", "nonce", VERIFIER, &id),
	    SL_ENOTFOUND);
	arena_free(a);
}
END_TEST

/* Live: against tests/servers/idporten.sh (SL_TEST_IDP_URL). */

static const char	*idp_url;

static void
live_conf(struct config *c)
{
	const char	*id = getenv("SL_TEST_IDP_CLIENT_ID");
	const char	*sec = getenv("SL_TEST_IDP_CLIENT_SECRET");
	char		 u[CONF_STR_MAX];

	config_defaults(c);
	conf_set(c->oidc_issuer, idp_url);
	ck_assert_int_eq(bsnprintf(u, sizeof(u), "%s/authorize", idp_url),
	    SL_OK);
	conf_set(c->oidc_authorize_url, u);
	ck_assert_int_eq(bsnprintf(u, sizeof(u), "%s/token", idp_url), SL_OK);
	conf_set(c->oidc_token_url, u);
	ck_assert_int_eq(bsnprintf(u, sizeof(u), "%s/jwks", idp_url), SL_OK);
	conf_set(c->oidc_jwks_url, u);
	conf_set(c->oidc_client_id, id != NULL && *id != '\0' ? id :
	    "stafettlogg-demo");
	conf_set(c->oidc_client_secret, sec != NULL && *sec != '\0' ? sec :
	    "demo-idp-secret");
	conf_set(c->oidc_redirect_uri, "http://127.0.0.1:1/family/callback");
	c->oidc_timeout = 2;
}

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/*
 * What the browser does: GET the authorize URL (plus login_hint and,
 * when bad is not NULL, test_bad) and return the code of the redirect
 * to our callback (malloc), checking state.
 */
static char *
browser(const struct config *c, const struct oidc_start *s, const char *bad)
{
	CURL		*h;
	char		*url, *loc = NULL, *code, *state;
	size_t		 n;
	long		 status = 0;

	n = strlen(s->url) + 128;
	ck_assert_ptr_nonnull(url = malloc(n));
	ck_assert_int_eq(bsnprintf(url, n, "%s&login_hint=%s%s%s", s->url, PID,
	    bad != NULL ? "&test_bad=" : "", bad != NULL ? bad : ""), SL_OK);
	ck_assert_ptr_nonnull(h = curl_easy_init());
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 5L);
	ck_assert_int_eq(curl_easy_perform(h), CURLE_OK);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	ck_assert_int_eq(status, 302);
	curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc);
	ck_assert_ptr_nonnull(loc);
	ck_assert(strncmp(loc, c->oidc_redirect_uri,
	    strlen(c->oidc_redirect_uri)) == 0);
	ck_assert_ptr_nonnull(state = query_get(loc, "state"));
	ck_assert_str_eq(state, s->state);
	ck_assert_ptr_nonnull(code = query_get(loc, "code"));
	free(state);
	curl_easy_cleanup(h);
	free(url);
	return code;
}

/* Whole login with test_bad mode bad (NULL: none). */
static enum sl_err
live_login(const struct config *c, const char *bad, struct oidc_identity *id,
    struct arena *a)
{
	struct oidc_start	 s;
	char			*code;
	enum sl_err		 rc;

	ck_assert_int_eq(oidc_begin(c, a, &s), SL_OK);
	code = browser(c, &s, bad);
	rc = oidc_finish(c, a, code, s.nonce, s.verifier, id);
	free(code);
	return rc;
}

START_TEST(live_valid)
{
	char			 err[256];
	struct config		 c;
	struct arena		*a;
	struct oidc_identity	 id;

	live_conf(&c);
	ck_assert_int_eq(oidc_config_check(&c, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(a = arena_new());
	ck_assert_int_eq(live_login(&c, NULL, &id, a), SL_OK);
	ck_assert_str_eq(id.pid, PID);
	ck_assert_str_eq(id.acr, "idporten-loa-high");
	ck_assert(id.sub != NULL && *id.sub != '\0');
	/* substantial suffices when that is what we ask for */
	conf_set(c.oidc_acr, "idporten-loa-substantial");
	ck_assert_int_eq(live_login(&c, "low-acr", &id, a), SL_OK);
	ck_assert_str_eq(id.acr, "idporten-loa-substantial");
	arena_free(a);
}
END_TEST

static const char *const live_bad_modes[] = {
	"alg-none", "hs256", "wrong-aud", "wrong-iss", "expired",
	"iat-future", "bad-sig", "wrong-nonce", "wrong-kid", "no-pid",
	"bad-pid", "low-acr", "error400",
};

START_TEST(live_bad)
{
	struct config		 c;
	struct arena		*a;
	struct oidc_identity	 id;

	live_conf(&c);
	ck_assert_ptr_nonnull(a = arena_new());
	ck_assert_msg(live_login(&c, live_bad_modes[_i], &id, a) == SL_EAUTH,
	    "mode %s not refused", live_bad_modes[_i]);
	ck_assert_ptr_null(id.pid);
	arena_free(a);
}
END_TEST

static const char *const live_sys_modes[] = {
	"slow", "huge", "redirect", "error500", "not-json",
};

START_TEST(live_unreachable)
{
	struct config		 c;
	struct arena		*a;
	struct oidc_identity	 id;

	live_conf(&c);
	c.oidc_timeout = 1;
	ck_assert_ptr_nonnull(a = arena_new());
	ck_assert_msg(live_login(&c, live_sys_modes[_i], &id, a) == SL_ESYS,
	    "mode %s not SL_ESYS", live_sys_modes[_i]);
	arena_free(a);
}
END_TEST

START_TEST(live_protocol)
{
	struct config		 c;
	struct arena		*a;
	struct oidc_start	 s;
	struct oidc_identity	 id;
	char			*code;

	live_conf(&c);
	ck_assert_ptr_nonnull(a = arena_new());
	/* wrong PKCE verifier */
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_OK);
	code = browser(&c, &s, NULL);
	ck_assert_int_eq(oidc_finish(&c, a, code, s.nonce, VERIFIER, &id),
	    SL_EAUTH);
	/* the code was used up by the failed try */
	ck_assert_int_eq(oidc_finish(&c, a, code, s.nonce, s.verifier, &id),
	    SL_EAUTH);
	free(code);
	/* a code is good once */
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_OK);
	code = browser(&c, &s, NULL);
	ck_assert_int_eq(oidc_finish(&c, a, code, s.nonce, s.verifier, &id),
	    SL_OK);
	ck_assert_int_eq(oidc_finish(&c, a, code, s.nonce, s.verifier, &id),
	    SL_EAUTH);
	free(code);
	/* our nonce, another login's token */
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_OK);
	code = browser(&c, &s, NULL);
	ck_assert_int_eq(oidc_finish(&c, a, code, "other-nonce", s.verifier,
	    &id), SL_EAUTH);
	free(code);
	/* wrong client secret */
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_OK);
	code = browser(&c, &s, NULL);
	conf_set(c.oidc_client_secret, "wrong");
	ck_assert_int_eq(oidc_finish(&c, a, code, s.nonce, s.verifier, &id),
	    SL_EAUTH);
	free(code);
	/* a different redirect_uri at the token endpoint */
	live_conf(&c);
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_OK);
	code = browser(&c, &s, NULL);
	conf_set(c.oidc_redirect_uri, "http://127.0.0.1:2/family/callback");
	ck_assert_int_eq(oidc_finish(&c, a, code, s.nonce, s.verifier, &id),
	    SL_EAUTH);
	free(code);
	arena_free(a);
}
END_TEST

/* POST body to url without following redirects; Location (malloc). */
static char *
post_form(const char *url, const char *body, long *status)
{
	CURL	*h;
	char	*loc = NULL, *copy = NULL;

	ck_assert_ptr_nonnull(h = curl_easy_init());
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 5L);
	ck_assert_int_eq(curl_easy_perform(h), CURLE_OK);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc);
	if (loc != NULL)
		copy = strdup(loc);
	curl_easy_cleanup(h);
	return copy;
}

/* The test login form, as a person would use it in the demo. */
START_TEST(live_form)
{
	struct config		 c;
	struct arena		*a;
	struct oidc_start	 s;
	struct oidc_identity	 id;
	char			 url[CONF_STR_MAX + 32], *body, *loc, *v;
	long			 status = 0;
	size_t			 n;

	live_conf(&c);
	ck_assert_ptr_nonnull(a = arena_new());
	ck_assert_int_eq(bsnprintf(url, sizeof(url), "%s/authorize/login",
	    idp_url), SL_OK);

	/* the page itself */
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_OK);
	ck_assert_ptr_null(post_form(s.url, "", &status));
	ck_assert_int_eq(status, 404);	/* POST to /authorize: no such route */

	/* pick a test person: the form posts the request plus the choice */
	n = strlen(s.url) + 64;
	ck_assert_ptr_nonnull(body = malloc(n));
	ck_assert_int_eq(bsnprintf(body, n, "%s&person=14838510036&pid=&"
	    "method=testid&login=", strchr(s.url, '?') + 1), SL_OK);
	ck_assert_ptr_nonnull(loc = post_form(url, body, &status));
	ck_assert_int_eq(status, 302);
	ck_assert_ptr_nonnull(v = query_get(loc, "state"));
	ck_assert_str_eq(v, s.state);
	free(v);
	ck_assert_ptr_nonnull(v = query_get(loc, "code"));
	ck_assert_int_eq(oidc_finish(&c, a, v, s.nonce, s.verifier, &id),
	    SL_OK);
	ck_assert_str_eq(id.pid, "14838510036");
	ck_assert_str_eq(id.acr, "idporten-loa-high");
	free(v);
	free(loc);
	free(body);

	/* cancel: back to us with error=access_denied and our state */
	ck_assert_int_eq(oidc_begin(&c, a, &s), SL_OK);
	n = strlen(s.url) + 64;
	ck_assert_ptr_nonnull(body = malloc(n));
	ck_assert_int_eq(bsnprintf(body, n, "%s&person=14838510036&cancel=",
	    strchr(s.url, '?') + 1), SL_OK);
	ck_assert_ptr_nonnull(loc = post_form(url, body, &status));
	ck_assert_int_eq(status, 302);
	ck_assert_ptr_null(query_get(loc, "code"));
	ck_assert_ptr_nonnull(v = query_get(loc, "error"));
	ck_assert_str_eq(v, "access_denied");
	free(v);
	ck_assert_ptr_nonnull(v = query_get(loc, "state"));
	ck_assert_str_eq(v, s.state);
	free(v);
	free(loc);
	free(body);
	arena_free(a);
}
END_TEST

/* Set-up. */

static char *
make_jwks(void)
{
	struct buf	 b;

	buf_init(&b);
	buf_puts(&b, "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"ec1\"},");
	jwk(&b, K1, "k1", ",\"use\":\"sig\",\"alg\":\"RS256\"");
	buf_puts(&b, ",");
	jwk(&b, K2, "k2", "");
	buf_puts(&b, "]}\n");
	return buf_take(&b);
}

/*
 * Keys and JWKS documents, made once in the runner (unchecked fixture
 * of every case, so ck_assert may report a failure); freed in main.
 */
static void
setup_keys(void)
{
	struct buf	 b;

	if (K1 != NULL)
		return;
	ck_assert_ptr_nonnull(K1 = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
	    (size_t)2048));
	ck_assert_ptr_nonnull(K2 = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
	    (size_t)3072));
	ck_assert_ptr_nonnull(KSMALL = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
	    (size_t)1024));
	key_param(K1, OSSL_PKEY_PARAM_RSA_N, n1, sizeof(n1));
	JWKS = make_jwks();
	buf_init(&b);
	buf_puts(&b, "{\"keys\":[");
	jwk(&b, KSMALL, "small", "");
	buf_puts(&b, "]}");
	JWKS_SMALL = buf_take(&b);
}

static Suite *
suite(int live)
{
	Suite	*s = suite_create("oidc");
	TCase	*t;

	t = tcase_create("verify");
	tcase_add_test(t, valid_token);
	tcase_add_test(t, valid_token_second_key);
	tcase_add_test(t, aud_array_with_client);
	tcase_add_test(t, skew_is_allowed);
	tcase_add_test(t, fractional_times);
	tcase_add_test(t, alg_none);
	tcase_add_test(t, alg_hs256_key_confusion);
	tcase_add_test(t, other_algs);
	tcase_add_test(t, wrong_kid);
	tcase_add_test(t, bad_signature);
	tcase_add_test(t, weak_or_unusable_keys);
	tcase_add_test(t, wrong_iss);
	tcase_add_test(t, wrong_aud);
	tcase_add_test(t, expired);
	tcase_add_test(t, iat_in_future);
	tcase_add_test(t, wrong_nonce);
	tcase_add_test(t, pid_checks);
	tcase_add_test(t, sub_and_acr_required);
	tcase_add_test(t, malformed_jwt);
	tcase_add_test(t, steps_exposed);
	tcase_add_test(t, acr_levels);
	tcase_add_unchecked_fixture(t, setup_keys, NULL);
	tcase_set_timeout(t, 60);
	suite_add_tcase(s, t);

	t = tcase_create("begin");
	tcase_add_test(t, begin_url);
	tcase_add_test(t, begin_variants);
	tcase_add_test(t, config_entries);
	tcase_add_test(t, finish_offline);
	tcase_add_unchecked_fixture(t, setup_keys, NULL);
	tcase_set_timeout(t, 60);
	suite_add_tcase(s, t);

	if (live) {
		t = tcase_create("live");
		tcase_add_test(t, live_valid);
		tcase_add_loop_test(t, live_bad, 0,
		    (int)(sizeof(live_bad_modes) / sizeof(live_bad_modes[0])));
		tcase_add_loop_test(t, live_unreachable, 0,
		    (int)(sizeof(live_sys_modes) / sizeof(live_sys_modes[0])));
		tcase_add_test(t, live_protocol);
		tcase_add_test(t, live_form);
		tcase_add_unchecked_fixture(t, setup_keys, NULL);
		tcase_set_timeout(t, 120);
		suite_add_tcase(s, t);
	}
	return s;
}

int
main(void)
{
	int	 rc;

	if (oidc_init() != SL_OK)
		return EXIT_FAILURE;
	idp_url = getenv("SL_TEST_IDP_URL");
	if (idp_url != NULL && *idp_url == '\0')
		idp_url = NULL;
	if (idp_url == NULL)
		printf("test_oidc: live cases skipped (set SL_TEST_IDP_URL, "
		    "see tests/servers/idporten.sh)\n");

	rc = tu_run(suite(idp_url != NULL));

	free(JWKS);
	free(JWKS_SMALL);
	EVP_PKEY_free(K1);
	EVP_PKEY_free(K2);
	EVP_PKEY_free(KSMALL);
	oidc_cleanup();
	return rc;
}
