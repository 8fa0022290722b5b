/*
 * testutil.h - helpers shared by the Check unit tests (header only).
 */
#ifndef SL_TESTUTIL_H
#define SL_TESTUTIL_H

#include <stdlib.h>

#include <check.h>

/* Length of a string literal without its NUL (works with embedded NULs). */
#define LIT(s)	(s), (sizeof(s) - 1)

/*
 * Run suite s with CK_NORMAL output.  Returns EXIT_SUCCESS when every
 * test passed, EXIT_FAILURE otherwise.  Frees the runner (and suite).
 */
static inline int
tu_run(Suite *s)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
