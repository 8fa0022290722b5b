/*
 * fuzz_nin.c - libFuzzer target for the identity-number parser
 * (fcgi/nin.c) and the configuration parser (fcgi/config.c).  Not part
 * of `make check`; `make fuzz` builds and runs it.  By hand (from the
 * top directory):
 *
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *       -fno-sanitize-recover=undefined -o build/fuzz_nin \
 *       tests/fuzz/fuzz_nin.c fcgi/nin.c fcgi/config.c fcgi/util.c
 *   mkdir -p build/fuzz-nin-corpus
 *   build/fuzz_nin -max_total_time=60 -max_len=512 build/fuzz-nin-corpus
 *
 * Each input is parsed as an identity number (NUL-terminated copy; a
 * valid one must give a real date and an age >= 0), and written to a
 * temporary file that is read as a configuration file.
 *
 * For `make fuzz` (tests/fuzz/run.sh):
 * fuzz-sources: fcgi/nin.c fcgi/config.c fcgi/util.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../fcgi/config.h"
#include "../../fcgi/nin.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nin_info	 ni;
	struct config	 cfg;
	const char	*why;
	char		*s, path[] = "/tmp/fuzz-conf-XXXXXX", err[512];
	int		 fd;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (nin_parse(s, 2026, 11, 25, &ni, &why) == SL_OK) {
		if (ni.month < 1 || ni.month > 12 || ni.day < 1 || ni.day > 31 ||
		    nin_age(&ni, 2026, 11, 25) < 0)
			abort();
	} else if (why == NULL)
		abort();
	if ((fd = mkstemp(path)) >= 0) {
		if (write(fd, data, size) == (ssize_t)size) {
			config_defaults(&cfg);
			(void)config_load(&cfg, path, err, sizeof(err));
		}
		close(fd);
		unlink(path);
	}
	free(s);
	return 0;
}
