/*
 * test_guard.c - unit tests for fcgi/guard.c and the deadline inside
 * the stylesheet (fcgi/render.c): the request deadline, the limit on
 * workers waiting on the directory (no slot leaks when a worker dies),
 * the directory breaker, the watchdog's view of a busy worker.
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <libxml/parser.h>

#include "../../fcgi/config.h"
#include "../../fcgi/guard.h"
#include "../../fcgi/render.h"
#include "testutil.h"

static void
sleep_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

START_TEST(deadline_passes)
{
	guard_request_begin("GET", "/x", 1);
	ck_assert_int_eq(guard_expired(), 0);
	ck_assert_int_eq(guard_was_stopped(), 0);
	ck_assert_int_gt(guard_remaining_ms(), 500);
	sleep_ms(1100);
	ck_assert_int_eq(guard_expired(), 1);
	ck_assert_int_eq(guard_was_stopped(), 1);
	ck_assert_int_eq(guard_remaining_ms(), 0);
	ck_assert_int_ge(guard_elapsed_ms(), 1000);
	/* Lifted to render the error page; ended with the request. */
	guard_deadline_off();
	ck_assert_int_eq(guard_expired(), 0);
	guard_request_end();
	ck_assert_int_eq(guard_expired(), 0);
	ck_assert_int_eq(guard_was_stopped(), 0);
}
END_TEST

START_TEST(no_deadline_never_expires)
{
	guard_request_begin("GET", "/x", 0);
	sleep_ms(20);
	ck_assert_int_eq(guard_expired(), 0);
	ck_assert_int_gt(guard_remaining_ms(), 1000000);
	guard_request_end();
}
END_TEST

/* Another worker (a child with slot) tries to enter: its status. */
static int
other_enters(int slot)
{
	pid_t	 pid;
	int	 st;

	if ((pid = fork()) == 0) {
		guard_attach(slot);
		_exit(guard_dir_enter() == SL_OK ? 0 : 1);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}

START_TEST(directory_waiters_limited_and_never_leaked)
{
	int	 a, b, c;

	ck_assert_int_eq(guard_init(1), SL_OK);
	a = guard_slot_take();
	b = guard_slot_take();
	c = guard_slot_take();
	ck_assert_int_ge(a, 0);
	ck_assert_int_ne(a, b);
	ck_assert_int_ne(b, c);
	/* Without a slot nothing is limited. */
	ck_assert_int_eq(guard_dir_enter(), SL_OK);
	guard_attach(a);
	ck_assert_int_eq(guard_dir_enter(), SL_OK);
	/* One may wait at a time: the others are refused at once. */
	ck_assert_int_eq(other_enters(b), 1);
	ck_assert_int_eq(other_enters(c), 1);
	guard_dir_leave();
	ck_assert_int_eq(other_enters(b), 0);	/* and exits holding it */
	/* b's worker died holding its place: reaping it frees the place. */
	ck_assert_int_eq(guard_dir_enter(), SL_EDIR);
	guard_slot_release(b);
	ck_assert_int_eq(guard_dir_enter(), SL_OK);
	guard_dir_leave();
	/* Two may wait once the limit says so. */
	guard_set_max_waiting(2);
	ck_assert_int_eq(guard_dir_enter(), SL_OK);
	ck_assert_int_eq(other_enters(c), 0);
	guard_free();
}
END_TEST

START_TEST(directory_breaker)
{
	int	 a;

	ck_assert_int_eq(guard_init(2), SL_OK);
	a = guard_slot_take();
	guard_attach(a);
	ck_assert_int_eq(guard_dir_down(), 0);
	guard_dir_failed("Can't contact LDAP server");
	ck_assert_int_eq(guard_dir_down(), 1);
	/* Refused at once, before any waiting. */
	ck_assert_int_eq(guard_dir_enter(), SL_EDIR);
	ck_assert_int_eq(other_enters(guard_slot_take()), 1);
	guard_dir_up();
	ck_assert_int_eq(guard_dir_down(), 0);
	ck_assert_int_eq(guard_dir_enter(), SL_OK);
	guard_dir_leave();
	guard_free();
	/* Without the shared page: no breaker. */
	guard_dir_failed("x");
	ck_assert_int_eq(guard_dir_down(), 0);
}
END_TEST

START_TEST(watchdog_sees_busy_worker)
{
	char	 what[128];
	int	 a;
	pid_t	 pid;
	int	 st;

	ck_assert_int_eq(guard_init(1), SL_OK);
	a = guard_slot_take();
	ck_assert_int_eq(guard_slot_busy_ms(a, what, sizeof(what)), 0);
	if ((pid = fork()) == 0) {
		guard_attach(a);
		guard_request_begin("POST", "/login", 20);
		sleep_ms(300);
		_exit(0);	/* dies busy */
	}
	sleep_ms(200);
	ck_assert_int_ge(guard_slot_busy_ms(a, what, sizeof(what)), 100);
	ck_assert_str_eq(what, "POST /login");
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	guard_slot_release(a);
	ck_assert_int_eq(guard_slot_busy_ms(a, what, sizeof(what)), 0);
	guard_free();
}
END_TEST

/* A view with n notices: each one is a step of the stylesheet. */
static xmlDocPtr
big_view(int n)
{
	xmlDocPtr	 d;
	xmlNodePtr	 meta;
	int		 i;

	d = xmlReadFile("xslt/tests/cases/error-404.xml", NULL, 0);
	ck_assert_ptr_nonnull(d);
	meta = xmlDocGetRootElement(d)->children;
	while (meta != NULL && (meta->type != XML_ELEMENT_NODE ||
	    !xmlStrEqual(meta->name, (const xmlChar *)"meta")))
		meta = meta->next;
	ck_assert_ptr_nonnull(meta);
	for (i = 0; i < n; i++)
		xmlSetProp(xmlNewChild(meta, NULL, (const xmlChar *)"notice",
		    NULL), (const xmlChar *)"key",
		    (const xmlChar *)"draft.restored");
	return d;
}

/* ms to render d as HTML, and the status into *rc. */
static long long
timed_render(xmlDocPtr d, enum sl_err *rc)
{
	struct buf	 b;
	long long	 t0 = guard_now_ms();

	buf_init(&b);
	*rc = render_html(d, &b);
	buf_free(&b);
	return guard_now_ms() - t0;
}

START_TEST(deadline_stops_the_stylesheet)
{
	struct config	 cfg;
	char		 err[256];
	xmlDocPtr	 d = NULL;
	enum sl_err	 rc;
	long long	 t = 0, stopped;
	int		 n;

	config_defaults(&cfg);
	snprintf(cfg.xslt_dir, sizeof(cfg.xslt_dir), "xslt");
	ck_assert_int_eq(render_load(&cfg, err, sizeof(err)), SL_OK);
	/* Grow the page until it takes well over the 1 s deadline. */
	for (n = 2000; n <= 2048000; n *= 2) {
		xmlFreeDoc(d);
		d = big_view(n);
		t = timed_render(d, &rc);
		ck_assert_int_eq(rc, SL_OK);
		if (t >= 2500)
			break;
	}
	ck_assert_int_ge(t, 2500);
	guard_request_begin("GET", "/big", 1);
	stopped = timed_render(d, &rc);
	ck_assert_int_eq(rc, SL_EDEADLINE);
	ck_assert_int_lt(stopped, 1000 + (t - 1000) / 2);
	/* After the deadline nothing more starts. */
	ck_assert_int_eq(timed_render(d, &rc) < 100, 1);
	ck_assert_int_eq(rc, SL_EDEADLINE);
	guard_request_end();
	xmlFreeDoc(d);
	render_free();
}
END_TEST

static Suite *
guard_suite(void)
{
	Suite	*s = suite_create("guard");
	TCase	*tc = tcase_create("guard");

	tcase_add_test(tc, deadline_passes);
	tcase_add_test(tc, no_deadline_never_expires);
	tcase_add_test(tc, directory_waiters_limited_and_never_leaked);
	tcase_add_test(tc, directory_breaker);
	tcase_add_test(tc, watchdog_sees_busy_worker);
	tcase_add_test(tc, deadline_stops_the_stylesheet);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(guard_suite());
}
