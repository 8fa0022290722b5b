/*
 * fuzz_oidc.c - libFuzzer target for the ID-porten parsers in
 * fcgi/oidc.c: base64url, the JWT split, the header, the JWKS, the JSON
 * and the claim checks, and oidc_verify_id_token as a whole.  Not part
 * of `make check`; `make fuzz` builds and runs it.  By hand (from the
 * top directory):
 *
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *       -fno-sanitize-recover=undefined -o build/fuzz_oidc \
 *       tests/fuzz/fuzz_oidc.c fcgi/oidc.c fcgi/crypto.c fcgi/config.c \
 *       fcgi/util.c -lcurl -ljson-c -lcrypto
 *   mkdir -p build/fuzz-oidc-corpus
 *   build/fuzz_oidc -max_total_time=60 -max_len=4096 -close_fd_mask=2 \
 *       build/fuzz-oidc-corpus
 *
 * (-close_fd_mask=2 silences the "id_token rejected" log lines; libFuzzer
 * and the sanitizers keep their own output.)
 *
 * At start a 2048-bit RSA key is made and published as a JWKS with kid
 * "k1".  The first byte of each input chooses what the rest is:
 *   0  base64url text: when it decodes, encoding the bytes must give the
 *      same text back (the decoder is strict);
 *   1  bytes: encoded then decoded they must come back unchanged;
 *   2  "JWT\0JWKS": oidc_verify_id_token on both (split, header, JWKS);
 *   3  a JWKS document, asked for kid "k1";
 *   4  a header JSON: oidc_check_header;
 *   5  a payload JSON: oidc_check_claims, then the same payload in a
 *      token signed with the key: oidc_verify_id_token must agree with
 *      the claim checks (the signature is good, so only claims decide);
 *   6  a header JSON with a good payload, signed: verify must succeed
 *      exactly when the header checks do and name "k1";
 *   7  "GOT\0WANTED": oidc_acr_satisfies.
 * Anything that breaks a rule above aborts (a finding).
 *
 * For `make fuzz` (tests/fuzz/run.sh):
 * fuzz-sources: fcgi/oidc.c fcgi/crypto.c fcgi/config.c fcgi/util.c
 * fuzz-libs: -lcurl -ljson-c -lcrypto
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "../../fcgi/oidc.h"

#define ISS	"https://idporten.example"
#define AUD	"stafettlogg"
#define NONCE	"n-0123456789"
#define NOW	((time_t)1800000000)

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static EVP_PKEY	*key;
static char	*jwks;		/* the key as a JWKS document, kid "k1" */

/* Base64url of in[0..n) on the heap (a fresh arena each time). */
static char *
b64(const unsigned char *in, size_t n)
{
	struct arena	*a;
	char		*s, *out = NULL;

	if ((a = arena_new()) == NULL)
		abort();
	if ((s = oidc_b64url_encode(a, in, n)) != NULL)
		out = strdup(s);
	arena_free(a);
	if (out == NULL)
		abort();
	return out;
}

/* The big-endian bytes of an RSA parameter of key, base64url. */
static char *
param64(const char *name)
{
	BIGNUM		*bn = NULL;
	unsigned char	*buf;
	char		*s;
	int		 n;

	if (!EVP_PKEY_get_bn_param(key, name, &bn))
		abort();
	n = BN_num_bytes(bn);
	if ((buf = malloc((size_t)n)) == NULL)
		abort();
	BN_bn2bin(bn, buf);
	s = b64(buf, (size_t)n);
	free(buf);
	BN_free(bn);
	return s;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	*n64, *e64;
	size_t	 len;

	(void)argc;
	(void)argv;
	if ((key = EVP_RSA_gen(2048)) == NULL)
		abort();
	n64 = param64(OSSL_PKEY_PARAM_RSA_N);
	e64 = param64(OSSL_PKEY_PARAM_RSA_E);
	len = strlen(n64) + strlen(e64) + 128;
	if ((jwks = malloc(len)) == NULL)
		abort();
	snprintf(jwks, len, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\","
	    "\"alg\":\"RS256\",\"kid\":\"k1\",\"n\":\"%s\",\"e\":\"%s\"}]}",
	    n64, e64);
	free(n64);
	free(e64);
	return 0;
}

/* header64.payload64.signature64 for the JSON texts, signed RS256. */
static char *
signed_token(const char *hdr, size_t hlen, const char *pay, size_t plen)
{
	EVP_MD_CTX	*md;
	unsigned char	 sig[512];
	size_t		 slen = sizeof(sig), n;
	char		*h64, *p64, *s64, *tok;

	h64 = b64((const unsigned char *)hdr, hlen);
	p64 = b64((const unsigned char *)pay, plen);
	n = strlen(h64) + strlen(p64) + 2;
	if ((tok = malloc(n + 700)) == NULL)
		abort();
	snprintf(tok, n, "%s.%s", h64, p64);
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(md, sig, &slen, (unsigned char *)tok,
	    strlen(tok)) != 1)
		abort();
	EVP_MD_CTX_free(md);
	s64 = b64(sig, slen);
	snprintf(tok + strlen(tok), 700, ".%s", s64);
	free(h64);
	free(p64);
	free(s64);
	return tok;
}

/* A NUL-terminated heap copy of d[0..n). */
static char *
str(const uint8_t *d, size_t n)
{
	char	*s;

	if ((s = malloc(n + 1)) == NULL)
		abort();
	memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char good_hdr[] = "{\"alg\":\"RS256\",\"kid\":\"k1\"}";
	static const char good_pay[] = "{\"iss\":\"" ISS "\",\"aud\":\"" AUD
	    "\",\"exp\":1800000600,\"iat\":1800000000,\"nonce\":\"" NONCE
	    "\",\"sub\":\"s\",\"pid\":\"12345678901\","
	    "\"acr\":\"idporten-loa-high\"}";
	struct arena		*a;
	struct oidc_identity	 id;
	unsigned char		*out;
	const uint8_t		*d = data + 1;
	char			*s, *t, *tok, *kid;
	size_t			 n = size - 1, outlen, d1, d2;
	enum sl_err		 rc, rc2;

	if (size == 0 || (a = arena_new()) == NULL)
		return 0;
	s = str(d, n);
	switch (data[0] % 8) {
	case 0:
		if (oidc_b64url_decode(a, (const char *)d, n, 4096, &out,
		    &outlen) == SL_OK) {
			t = oidc_b64url_encode(a, out, outlen);
			if (t == NULL || strlen(t) != n || memcmp(t, d, n) != 0)
				abort();
		}
		break;
	case 1:
		if ((t = oidc_b64url_encode(a, d, n)) == NULL ||
		    oidc_b64url_decode(a, t, strlen(t), n, &out, &outlen) !=
		    SL_OK || outlen != n || memcmp(out, d, n) != 0)
			abort();
		break;
	case 2:
		t = strchr(s, '\0') + 1 <= s + n ? strchr(s, '\0') + 1 : "";
		rc = oidc_verify_id_token(s, t, ISS, AUD, NONCE, NOW, a, &id);
		if (rc == SL_OK && (id.pid == NULL || strlen(id.pid) != 11))
			abort();
		if (oidc_jwt_split(s, strlen(s), &d1, &d2) == SL_OK &&
		    !(d1 < d2 && s[d1] == '.' && s[d2] == '.'))
			abort();
		break;
	case 3:
		(void)oidc_jwks_has_key(a, s, "k1");
		break;
	case 4:
		if (oidc_check_header(a, (const char *)d, n, &kid) == SL_OK &&
		    kid == NULL)
			abort();
		break;
	case 5:
		rc = oidc_check_claims((const char *)d, n, ISS, AUD, NONCE,
		    NOW);
		tok = signed_token(good_hdr, sizeof(good_hdr) - 1,
		    (const char *)d, n);
		rc2 = oidc_verify_id_token(tok, jwks, ISS, AUD, NONCE, NOW, a,
		    &id);
		/* Too large a token is refused before its claims are read. */
		if (strlen(tok) <= OIDC_MAX_JWT && (rc == SL_OK) !=
		    (rc2 == SL_OK))
			abort();
		free(tok);
		break;
	case 6:
		rc = oidc_check_header(a, (const char *)d, n, &kid);
		tok = signed_token((const char *)d, n, good_pay,
		    sizeof(good_pay) - 1);
		rc2 = oidc_verify_id_token(tok, jwks, ISS, AUD, NONCE, NOW, a,
		    &id);
		if (strlen(tok) <= OIDC_MAX_JWT && n <= 2048 &&
		    (rc2 == SL_OK) != (rc == SL_OK && strcmp(kid, "k1") == 0))
			abort();
		free(tok);
		break;
	default:
		t = strchr(s, '\0') + 1 <= s + n ? strchr(s, '\0') + 1 : "";
		(void)oidc_acr_satisfies(s, t);
		(void)oidc_acr_satisfies(NULL, t);
		break;
	}
	free(s);
	arena_free(a);
	return 0;
}
