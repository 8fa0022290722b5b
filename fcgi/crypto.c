/*
 * crypto.c - tokens from OpenSSL's RNG, SHA-256, constant-time compare.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "crypto.h"

enum sl_err
crypto_token(char out[TOKEN_HEX])
{
	unsigned char	 raw[TOKEN_BYTES];

	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		log_warnx("RAND_bytes failed");
		return SL_ESYS;
	}
	hex_encode(raw, sizeof(raw), out);
	OPENSSL_cleanse(raw, sizeof(raw));
	return SL_OK;
}

enum sl_err
crypto_sha256_hex(const char *s, size_t len, char out[65])
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;

	if (EVP_Digest(s, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32)
		return SL_ESYS;
	hex_encode(md, 32, out);
	return SL_OK;
}

int
crypto_streq(const char *a, const char *b)
{
	size_t	 la, lb;

	if (a == NULL || b == NULL)
		return 0;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}

int
crypto_token_wellformed(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < TOKEN_BYTES * 2; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[i] == '\0';
}

enum sl_err
crypto_hmac_hex(const char *key, const char *msg, char out[65])
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;

	if (HMAC(EVP_sha256(), key, (int)strlen(key),
	    (const unsigned char *)msg, strlen(msg), md, &mdlen) == NULL ||
	    mdlen != 32)
		return SL_ESYS;
	hex_encode(md, mdlen, out);
	return SL_OK;
}
