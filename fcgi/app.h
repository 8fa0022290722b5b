/*
 * app.h - the per-request context shared by the worker, the router,
 * the handlers, the view builder and the renderer.
 */
#ifndef SL_APP_H
#define SL_APP_H

#include <libxml/tree.h>

#include "config.h"
#include "db.h"
#include "http.h"
#include "util.h"

struct FCGX_Request;

/* Why a session is not usable. */
enum sess_state {
	SESS_NONE = 0,		/* no or unknown cookie */
	SESS_VALID,
	SESS_IDLE,		/* idle timeout passed */
	SESS_ABSOLUTE,		/* absolute timeout passed */
	SESS_ENDED		/* logged out */
};

struct session {
	enum sess_state	 state;
	char		*id_hash;	/* hex SHA-256 of the cookie value */
	char		*uid;
	char		*name;
	char		*csrf;
	char		*lang;		/* user's preference or NULL */
	int		 is_leader;
	int		 is_admin;
	long long	 meeting_log;	/* meeting mode: locked to this log, or 0 */
	int		 family;	/* a guardian or youth (ID-porten), not staff */
	char		*pid;		/* family: national identity number */
};

struct ctx {
	const struct config	*cfg;
	struct arena		*a;
	struct db		*db;
	struct FCGX_Request	*fcgi;
	struct http_limits	 limits;

	/* request */
	const char		*method;	/* GET, POST, ... */
	const char		*path;		/* decoded path, valid UTF-8 */
	int			 path_slash;	/* path had trailing '/' (cut) */
	const char		*query_string;	/* as sent, may be NULL */
	const char		*remote;
	struct kvlist		 query;
	struct kvlist		 cookies;
	struct kvlist		 form;
	struct uploadlist	 files;
	int			 want_xml;
	const char		*lang;		/* nb, nn or en */
	struct session		 sess;		/* .state == SESS_VALID when logged in */
	long long		 draft_id;	/* draft restored into this view, or 0 */
	long long		 id[2];		/* numbers from the path ("/logs/#") */
	int			 system_read;	/* an archive copy: no user reads (archive.c) */
	/*
	 * GET /logs/N: the log's first facts, read in the session's
	 * statement (session.c, logfacts.h LOGFACTS_COLS) to save the
	 * log page a round trip; logfacts_load takes them once, for N.
	 */
	long long		 facts_log;	/* N, or 0: not read along */
	struct dbrows		*facts_rows;	/* that row, NULL: not (yet) */

	/* response */
	int			 status;
	struct buf		 headers;	/* extra header lines, CRLF-terminated */
	const char		*location;	/* for 303 (or 308: status) */
	const char		*raw;		/* a file answered as is (attachments) */
	size_t			 rawlen;
	const char		*raw_ctype;
	const char		*raw_name;	/* download file name */
	xmlDocPtr		 view;		/* built by view_new */
	xmlNodePtr		 meta, content, actions;
	/* The page's HTML with the render placeholder for the session's
	 * CSRF token (render_fill), kept by the log page cache; sent
	 * instead of rendering the view (none: NULL; view_new clears it) */
	const char		*html_ready;
	size_t			 html_ready_len;
};

/* A route handler.  Returns SL_OK after setting a view or a redirect. */
typedef enum sl_err (*handler_fn)(struct ctx *);

/* Request entry point of the worker (router + rendering). */
void app_handle(struct ctx *);

/* Set a 303 redirect to path (copied).  Returns SL_OK or SL_ENOMEM. */
enum sl_err ctx_redirect(struct ctx *, const char *path);
/* Build an error view with status and catalog key (NULL: "error.STATUS"). */
enum sl_err ctx_error(struct ctx *, int status, const char *key);
/* Append a header line "Name: value" to the response. */
void ctx_header(struct ctx *, const char *name, const char *value);
/* Write an audit row (who = session user); logs and returns status. */
enum sl_err ctx_audit(struct ctx *, const char *action, long long log_id,
    const char *object, const char *detail);

#endif
