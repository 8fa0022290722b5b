/*
 * fuzz_http.c - libFuzzer target for the request parsers in fcgi/http.c.
 * Not part of `make check`; `make fuzz` builds and runs it.  By hand
 * (from the top directory):
 *
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *       -fno-sanitize-recover=undefined -o build/fuzz_http \
 *       tests/fuzz/fuzz_http.c fcgi/http.c fcgi/util.c
 *   mkdir -p build/fuzz-corpus
 *   build/fuzz_http -max_total_time=60 -max_len=4096 build/fuzz-corpus
 *
 * Each input goes, in an arena of its own, through
 * http_parse_urlencoded (as is), http_pctdecode, http_parse_cookies and
 * http_accept_xml (on a NUL-terminated copy), and http_parse_multipart
 * twice: with the fixed boundary "XyZ" and with the copy as the
 * Content-Type header.  The limits are small so that the limit paths
 * are reached too.  The input buffer is libFuzzer's exact-size copy, so
 * ASan reports any read past len.
 *
 * For `make fuzz` (tests/fuzz/run.sh):
 * fuzz-sources: fcgi/http.c fcgi/util.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct http_limits lim = {
		.max_body = 4096,
		.max_fields = 8,
		.max_field_len = 64,
		.max_upload = 256
	};
	struct arena		*a;
	struct kvlist		 kv;
	struct uploadlist	 up;
	const struct kv		*p;
	const struct upload	*u;
	char			*str, *out;
	size_t			 outlen, n = 0;

	if ((a = arena_new()) == NULL)
		return 0;
	if ((str = malloc(size + 1)) == NULL)
		goto out;
	memcpy(str, data, size);
	str[size] = '\0';

	memset(&kv, 0, sizeof(kv));
	if (http_parse_urlencoded(a, (const char *)data, size, &lim, &kv) ==
	    SL_OK) {
		for (p = kv.head; p != NULL; p = p->next) {
			if (!utf8_valid(p->value, p->len) ||
			    p->len > lim.max_field_len)
				abort();
			n++;
		}
		if (n != kv.count || n > lim.max_fields)
			abort();
	}

	(void)http_pctdecode(a, (const char *)data, size, 1, &out, &outlen);

	memset(&kv, 0, sizeof(kv));
	if (http_parse_cookies(a, str, &lim, &kv) == SL_OK &&
	    kv.count > lim.max_fields)
		abort();

	(void)http_accept_xml(str);

	memset(&kv, 0, sizeof(kv));
	memset(&up, 0, sizeof(up));
	if (http_parse_multipart(a, "multipart/form-data; boundary=XyZ",
	    (const char *)data, size, &lim, &kv, &up) == SL_OK) {
		if (kv.count + up.count > lim.max_fields)
			abort();
		for (p = kv.head; p != NULL; p = p->next)
			if (!utf8_valid(p->value, p->len) ||
			    p->len > lim.max_field_len)
				abort();
		for (u = up.head; u != NULL; u = u->next) {
			if (u->len > lim.max_upload ||
			    strchr(u->filename, '/') != NULL ||
			    strchr(u->filename, '\\') != NULL)
				abort();
			/* Touch every byte so ASan checks the copy. */
			for (n = 0; n < u->len; n++)
				outlen += (unsigned char)u->data[n];
		}
	}

	memset(&kv, 0, sizeof(kv));
	memset(&up, 0, sizeof(up));
	(void)http_parse_multipart(a, str, (const char *)data, size, &lim,
	    &kv, &up);

	free(str);
out:
	arena_free(a);
	return 0;
}
