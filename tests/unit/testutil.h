/*
 * testutil.h - helpers shared by the Check unit tests (header only).
 */
#ifndef SL_TESTUTIL_H
#define SL_TESTUTIL_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>

#include <string.h>
#include <sys/socket.h>

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

/*
 * The value of the environment variable var that names a live server
 * (SL_TEST_LDAP_URI, SL_TEST_IDP_URL, SL_TEST_CONF), or NULL when it is
 * unset or empty: prog then skips its live cases and says so (make unit).
 * Under make check (SL_REQUIRE_SERVERS=1, set by tests/check.sh) the
 * servers run, so a missing variable means the live cases would silently
 * not run: it says so and the program exits with EXIT_FAILURE.
 */
static inline const char *
tu_server(const char *var, const char *prog)
{
	const char	*v = getenv(var), *req = getenv("SL_REQUIRE_SERVERS");

	if (v != NULL && *v != '\0')
		return v;
	if (req != NULL && req[0] == '1') {
		fprintf(stderr, "%s: FAIL: %s is not set, but SL_REQUIRE_SERVERS=1"
		    " (make check): the live cases must run\n", prog, var);
		fflush(NULL);
		exit(EXIT_FAILURE);
	}
	printf("%s: live cases SKIPPED (%s is not set; make check runs them)\n",
	    prog, var);
	return NULL;
}

/*
 * A loopback socket that listens but never accepts or answers (a stalled
 * directory server); its port in *port.  Returns the descriptor, which
 * the caller closes.
 */
static inline int
tu_silent_listener(int *port)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof(sin);
	int			fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(fd, 16), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

#endif
