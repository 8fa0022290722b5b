/*
 * fuzz_package.c - libFuzzer target for the transfer package reader
 * (fcgi/package.c): each input is read as a package with the schema of
 * schema/transfer-package.xsd (compiled once; run from the top
 * directory, as tests/fuzz/run.sh does).  Not part of `make check`;
 * `make fuzz` builds and runs it (FUZZ_TARGETS=package).  A read that
 * says yes must have decoded every attachment it lists.
 *
 * For `make fuzz` (tests/fuzz/run.sh):
 * fuzz-sources: fcgi/package.c fcgi/nin.c fcgi/crypto.c fcgi/util.c
 * fuzz-libs: -I/usr/include/libxml2 -lxml2 -lcrypto
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "../../fcgi/package.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int		 loaded;
	struct pkg_limits	 lim = { 1 << 20, 1 << 16, 2026, 6, 1 };
	struct package		 p;
	const char		*key;
	char			 err[512];
	size_t			 i;

	if (!loaded) {
		xmlInitParser();
		if (package_schema_load("schema", err, sizeof(err)) != SL_OK) {
			fprintf(stderr, "fuzz_package: %s\n", err);
			abort();
		}
		loaded = 1;
	}
	if (package_read((const char *)data, size, &lim, &p, &key, err,
	    sizeof(err)) == SL_OK) {
		for (i = 0; i < p.nfiles; i++)
			if (p.files[i].data == NULL ||
			    !package_pdf_shape(p.files[i].data, p.files[i].len))
				abort();
	} else if (key == NULL)
		abort();
	package_free(&p);
	return 0;
}
