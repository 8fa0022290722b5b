/*
 * crypto.h - random tokens and hashes (OpenSSL).
 */
#ifndef SL_CRYPTO_H
#define SL_CRYPTO_H

#include <stddef.h>

#include "util.h"

#define TOKEN_BYTES 32			/* 256-bit session ids and CSRF tokens */
#define TOKEN_HEX (TOKEN_BYTES * 2 + 1)

/* Fill out with 2*TOKEN_BYTES hex chars of fresh randomness. SL_ESYS on RNG failure. */
enum sl_err crypto_token(char out[TOKEN_HEX]);
/* Hex SHA-256 of s[0..len) into out (65 bytes). */
enum sl_err crypto_sha256_hex(const char *s, size_t len, char out[65]);
/* Constant-time equality of two NUL-terminated strings; 1 when equal. */
int crypto_streq(const char *a, const char *b);
/* Hex HMAC-SHA256 of msg under key into out (65 bytes).  SL_OK or SL_ESYS. */
enum sl_err crypto_hmac_hex(const char *key, const char *msg, char out[65]);
/* 1 if s is exactly 64 lower-case hex chars. */
int crypto_token_wellformed(const char *s);

#endif
