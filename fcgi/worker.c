/*
 * worker.c - one worker process: accept a FastCGI request, parse it
 * within limits, hand it to the router, render and write the answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "guard.h"
#include "logcache.h"
#include "logfacts.h"
#include "manager.h"
#include "render.h"

static volatile sig_atomic_t worker_stop;
static int head_only;		/* answering HEAD: headers, no body */

#ifdef SL_COVERAGE
/*
 * The coverage build (make coverage): a worker ends with _exit, which
 * skips gcov's dump at exit, so it adds its counts to the .gcda files
 * after each request and before it returns (dump, then zero the counters
 * so that the next dump adds only what is new).
 */
extern void __gcov_dump(void);
extern void __gcov_reset(void);
#define COVERAGE_DUMP()	do { __gcov_dump(); __gcov_reset(); } while (0)
#else
#define COVERAGE_DUMP()	do { } while (0)
#endif

static void
on_term(int sig)
{
	(void)sig;
	worker_stop = 1;
}

/*
 * Write a response head and body.  (libfcgi's own printf knows too few
 * formats, so everything is formatted here with vsnprintf.)
 */
static void
emit(FCGX_Request *r, int status, const char *ctype, const struct buf *extra,
    const char *body, size_t len)
{
	struct buf	 h;

	buf_init(&h);
	buf_printf(&h, "Status: %d %s\r\n", status, http_reason(status));
	if (ctype != NULL)
		buf_printf(&h, "Content-Type: %s\r\n", ctype);
	buf_printf(&h, "Cache-Control: no-store\r\nContent-Length: %zu\r\n",
	    len);
	if (extra != NULL && extra->len > 0)
		buf_append(&h, extra->data, extra->len);
	buf_puts(&h, "\r\n");
	if (h.oom) {
		buf_free(&h);
		FCGX_PutS("Status: 500 Internal Server Error\r\n\r\n", r->out);
		return;
	}
	FCGX_PutStr(h.data, (int)h.len, r->out);
	if (len > 0 && !head_only)
		FCGX_PutStr(body, (int)len, r->out);
	buf_free(&h);
}

/* Write a short plain-text answer (used before a view can be built). */
static void
plain(FCGX_Request *r, int status, const char *msg)
{
	char	 b[256];
	size_t	 n;

	if (bsnprintf(b, sizeof(b), "%s\n", msg) != SL_OK)
		b[0] = '\0';
	n = strlen(b);
	emit(r, status, "text/plain; charset=utf-8", NULL, b, n);
}

/* Read exactly len bytes of body into the arena. */
static enum sl_err
read_body(struct ctx *c, size_t len, char **out)
{
	char	*b;
	int	 n;
	size_t	 got = 0;

	if ((b = arena_alloc(c->a, len + 1)) == NULL)
		return SL_ENOMEM;
	while (got < len) {
		n = FCGX_GetStr(b + got, (int)(len - got), c->fcgi->in);
		if (n <= 0)
			return SL_EINPUT;
		got += (size_t)n;
	}
	b[len] = '\0';
	*out = b;
	return SL_OK;
}

/*
 * Parse the request into c.  Returns SL_OK, or a status with a message
 * for a plain-text answer in *why.
 */
static enum sl_err
parse_request(struct ctx *c, const char **why)
{
	FCGX_ParamArray	 env = c->fcgi->envp;
	const char	*uri, *q, *cl, *ct, *errstr, *fmt;
	long long	 len = 0;
	char		*body, *p;
	size_t		 plen;
	enum sl_err	 rc;

	*why = "Bad request.";
	c->method = arena_strdup(c->a, FCGX_GetParam("REQUEST_METHOD", env));
	c->remote = arena_strdup(c->a, FCGX_GetParam("REMOTE_ADDR", env));
	if ((uri = FCGX_GetParam("DOCUMENT_URI", env)) == NULL &&
	    (uri = FCGX_GetParam("SCRIPT_NAME", env)) == NULL)
		uri = "/";
	if (c->method == NULL)
		return SL_EINPUT;
	/* nginx hands over the decoded, normalised path. */
	plen = strlen(uri);
	if (plen > 2048) {
		*why = "Request path too long.";
		return SL_ETOOBIG;
	}
	if (!xml_text_ok(uri, plen) || uri[0] != '/') {
		*why = "Request path is not valid UTF-8.";
		return SL_EINPUT;
	}
	if ((p = arena_strndup(c->a, uri, plen)) == NULL)
		return SL_ENOMEM;
	/* Trailing slashes: /start/ is sent to /start (app_handle). */
	while (plen > 1 && p[plen - 1] == '/') {
		p[--plen] = '\0';
		c->path_slash = 1;
	}
	c->path = p;
	if ((q = FCGX_GetParam("QUERY_STRING", env)) != NULL)
		c->query_string = arena_strdup(c->a, q);
	if (q != NULL &&
	    (rc = http_parse_urlencoded(c->a, q, strlen(q), &c->limits,
	    &c->query)) != SL_OK) {
		*why = rc == SL_ETOOBIG ? "Query string too large." :
		    "Malformed query string.";
		return rc;
	}
	if ((rc = http_parse_cookies(c->a, FCGX_GetParam("HTTP_COOKIE", env),
	    &c->limits, &c->cookies)) != SL_OK) {
		*why = "Too many cookies.";
		return rc;
	}
	fmt = kv_get(&c->query, "format");
	c->want_xml = (fmt != NULL && strcmp(fmt, "xml") == 0) ||
	    (fmt == NULL && http_accept_xml(FCGX_GetParam("HTTP_ACCEPT", env)));
	if (strcmp(c->method, "POST") != 0)
		return SL_OK;
	if ((cl = FCGX_GetParam("CONTENT_LENGTH", env)) != NULL && *cl != '\0' &&
	    parse_ll(cl, 0, 1LL << 40, &len, &errstr) != SL_OK) {
		*why = "Bad Content-Length.";
		return SL_EINPUT;
	}
	if (len > (long long)c->limits.max_body) {
		*why = "Request body too large.";
		return SL_ETOOBIG;
	}
	if ((rc = read_body(c, (size_t)len, &body)) != SL_OK) {
		*why = "Could not read the request body.";
		return rc;
	}
	ct = FCGX_GetParam("CONTENT_TYPE", env);
	if (len == 0 && (ct == NULL || *ct == '\0'))
		return SL_OK;
	if (ct != NULL && strncasecmp(ct, "application/x-www-form-urlencoded",
	    33) == 0)
		rc = http_parse_urlencoded(c->a, body, (size_t)len, &c->limits,
		    &c->form);
	else if (ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0)
		rc = http_parse_multipart(c->a, ct, body, (size_t)len,
		    &c->limits, &c->form, &c->files);
	else {
		*why = "Unsupported body type: send a form.";
		return SL_ECONFLICT;	/* answered 415 */
	}
	if (rc == SL_ETOOBIG)
		*why = "Form too large: too many fields or a field too long.";
	else if (rc != SL_OK)
		*why = "Malformed form data.";
	return rc;
}

static void
respond(struct ctx *c)
{
	FCGX_Request	*r = c->fcgi;
	struct buf	 body;
	enum sl_err	 rc = SL_OK;
	int		 status = c->status ? c->status : 200;

	buf_init(&body);
	if (c->location != NULL) {
		ctx_header(c, "Location", c->location);
		if (c->headers.oom)
			plain(r, 500, "Internal error.");
		else
			emit(r, c->status == 308 ? 308 : 303, NULL, &c->headers,
			    NULL, 0);
		goto out;
	}
	/* A file goes out only with a success status (never with an error). */
	if (c->raw != NULL && status >= 200 && status < 300) {
		char *disp = arena_printf(c->a, "attachment; filename=\"%s\"",
		    c->raw_name != NULL ? c->raw_name : "file");
		ctx_header(c, "Content-Disposition", disp != NULL ? disp :
		    "attachment");
		ctx_header(c, "X-Content-Type-Options", "nosniff");
		emit(r, status, c->raw_ctype, &c->headers, c->raw, c->rawlen);
		goto out;
	}
	/* The log page cache's HTML: the token in, nothing rendered. */
	if (c->html_ready != NULL && !c->want_xml && render_fill(&body,
	    c->html_ready, c->html_ready_len, c->sess.csrf) == SL_OK) {
		emit(r, status, "text/html; charset=utf-8", &c->headers,
		    body.data, body.len);
		goto out;
	}
	body.len = 0;
	if (c->view == NULL) {
		plain(r, 500, "Internal error: no view.");
		goto out;
	}
	rc = c->want_xml ? render_xml(c->view, &body) :
	    render_html(c->view, &body);
	if (rc == SL_EDEADLINE) {
		/* Stopped in the stylesheet: the small error page instead. */
		log_warnx("%s %s: stopped at the request deadline (%lld s) "
		    "after %lld ms, while rendering; answered 503", c->method,
		    c->path, c->cfg->request_deadline, guard_elapsed_ms());
		guard_deadline_off();
		body.len = 0;
		xmlFreeDoc(c->view);
		c->view = NULL;
		if (ctx_error(c, 503, "error.deadline") == SL_OK)
			rc = c->want_xml ? render_xml(c->view, &body) :
			    render_html(c->view, &body);
		status = 503;
	}
	if (rc != SL_OK || body.oom) {
		plain(r, 500, "Internal error: the page could not be rendered.");
		goto out;
	}
	emit(r, status, c->want_xml ? "application/xml; charset=utf-8" :
	    "text/html; charset=utf-8", &c->headers, body.data, body.len);
out:
	buf_free(&body);
}

static void
handle(const struct config *cfg, struct db *db, FCGX_Request *r)
{
	struct ctx	 c;
	const char	*why;
	enum sl_err	 rc;

	memset(&c, 0, sizeof(c));
	why = FCGX_GetParam("REQUEST_METHOD", r->envp);
	head_only = why != NULL && strcmp(why, "HEAD") == 0;
	c.cfg = cfg;
	c.db = db;
	c.fcgi = r;
	c.limits.max_body = (size_t)cfg->max_body;
	c.limits.max_fields = (size_t)cfg->max_fields;
	c.limits.max_field_len = (size_t)cfg->max_field_len;
	c.limits.max_upload = (size_t)cfg->max_upload;
	buf_init(&c.headers);
	if ((c.a = arena_new()) == NULL) {
		plain(r, 503, "Out of memory.");
		return;
	}
	if ((rc = parse_request(&c, &why)) != SL_OK) {
		plain(r, rc == SL_ETOOBIG ? 413 : rc == SL_ECONFLICT ? 415 :
		    rc == SL_ENOMEM ? 503 : 400, why);
		goto out;
	}
	app_handle(&c);
	if (c.headers.oom)
		plain(r, 500, "Internal error.");
	else
		respond(&c);
out:
	if (c.view != NULL)
		xmlFreeDoc(c.view);
	buf_free(&c.headers);
	arena_free(c.a);
}

/*
 * The worker's memory after its requests.  glibc keeps what a request
 * freed for the next ones, so a worker stayed at the high-water mark of
 * the largest page it had built (after the admin's overview, a 660 KB
 * page of a 370 KB view: 48 MB resident, 17 MB of it in use).  Every
 * TRIM_EVERY requests the resident size is read; when it has grown by
 * TRIM_GROWTH_KB since the last trim (or the first look), malloc_trim
 * gives the free pages back (48 -> 29 MB).  What is in use (the caches)
 * stays, and the size after the trim is the next baseline, so a worker
 * whose caches fill is not trimmed on every look.
 */
#define TRIM_EVERY	16
#define TRIM_GROWTH_KB	4096

/* This process's resident size in KiB (/proc/self/statm), or -1. */
static long
resident_kb(void)
{
	char		 b[128];
	const char	*p, *errstr;
	long long	 pages;
	ssize_t		 n;
	long		 psz = sysconf(_SC_PAGESIZE);
	int		 fd;
	char		*sp;

	if ((fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, b, sizeof(b) - 1);
	(void)close(fd);
	if (n <= 0 || psz <= 0)
		return -1;
	b[n] = '\0';
	/* "size resident shared ...": the second number */
	if ((p = strchr(b, ' ')) == NULL)
		return -1;
	p++;
	if ((sp = strchr(p, ' ')) != NULL)
		*sp = '\0';
	if (parse_ll(p, 0, 1LL << 40, &pages, &errstr) != SL_OK)
		return -1;
	return (long)(pages * (psz / 1024));
}

static long	 trim_base = -1;	/* KiB: at the start, after a trim */

static void
trim_memory(void)
{
	static unsigned long	 served;
	long			 kb;

	if (++served % TRIM_EVERY != 0 || (kb = resident_kb()) < 0)
		return;
	if (trim_base < 0 || kb < trim_base) {
		trim_base = kb;
		return;
	}
	if (kb - trim_base < TRIM_GROWTH_KB)
		return;
	(void)malloc_trim(0);
	trim_base = resident_kb();
}

int
worker_main(const struct config *cfg, int listen_fd, int gslot)
{
	struct sigaction sa;
	sigset_t	 term, none;
	FCGX_Request	 req;
	struct db	*db = NULL;
	int		 rc = 1;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_term;	/* no SA_RESTART: accept() returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	guard_attach(gslot);

	if (db_open(cfg, &db) != SL_OK)
		goto out;
	db_set_statement_limit(db, cfg->request_deadline);
	if (FCGX_InitRequest(&req, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		goto out;
	trim_base = resident_kb();
	for (;;) {
		/* Stop requests only interrupt the wait, never a request. */
		sigprocmask(SIG_UNBLOCK, &term, NULL);
		if (worker_stop)
			break;
		if (FCGX_Accept_r(&req) < 0) {
			if (worker_stop)
				break;
			if (errno == EINTR)
				continue;
			log_warn("accept");
			break;
		}
		sigprocmask(SIG_BLOCK, &term, NULL);
		guard_request_begin(FCGX_GetParam("REQUEST_METHOD", req.envp),
		    FCGX_GetParam("DOCUMENT_URI", req.envp),
		    cfg->request_deadline);
		handle(cfg, db, &req);
		FCGX_Finish_r(&req);
		guard_request_end();
		logfacts_expire();
		logcache_expire();
		trim_memory();
		COVERAGE_DUMP();
	}
	rc = 0;
out:
	db_close(db);
	log_flush();
	COVERAGE_DUMP();
	return rc;
}
