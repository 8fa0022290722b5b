/*
 * db.c - MariaDB Connector/C wrapper: lazy connection, reconnection
 * after the server went away, a per-connection cache of prepared
 * statements, results copied into the request arena.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"

#define STMT_CACHE 64
#define MAX_PARAMS 32

struct stmtc {
	const char	*sql;	/* key: the caller's string literal */
	MYSQL_STMT	*stmt;
};

struct db {
	const struct config	*cfg;
	MYSQL			*my;
	int			 down_logged;
	int			 in_tx;
	unsigned long long	 affected;
	unsigned long long	 insert_id;
	struct stmtc		 cache[STMT_CACHE];
	size_t			 ncache;
};

static void
db_disconnect(struct db *db)
{
	size_t	 i;

	for (i = 0; i < db->ncache; i++)
		mysql_stmt_close(db->cache[i].stmt);
	db->ncache = 0;
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->in_tx = 0;
}

enum sl_err
db_open(const struct config *cfg, struct db **out)
{
	struct db	*db;

	*out = NULL;
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return SL_ENOMEM;
	db->cfg = cfg;
	*out = db;
	return SL_OK;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

enum sl_err
db_ensure(struct db *db)
{
	const struct config	*c = db->cfg;
	unsigned int		 t = (unsigned int)c->db_timeout;
	MYSQL			*my;

	if (db->my != NULL)
		return SL_OK;
	if ((my = mysql_init(NULL)) == NULL)
		return SL_ENOMEM;
	mysql_optionsv(my, MYSQL_OPT_CONNECT_TIMEOUT, &t);
	mysql_optionsv(my, MYSQL_OPT_READ_TIMEOUT, &t);
	mysql_optionsv(my, MYSQL_OPT_WRITE_TIMEOUT, &t);
	mysql_optionsv(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(my, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+00:00', tx_isolation = 'READ-COMMITTED'");
	if (mysql_real_connect(my, c->db_socket[0] ? NULL : c->db_host,
	    c->db_user, c->db_password, c->db_name,
	    (unsigned int)c->db_port,
	    c->db_socket[0] ? c->db_socket : NULL, CLIENT_FOUND_ROWS) == NULL) {
		if (!db->down_logged)
			log_warnx("database unavailable: %s", mysql_error(my));
		db->down_logged = 1;
		mysql_close(my);
		return SL_EDB;
	}
	if (db->down_logged)
		log_info("database connection restored");
	db->down_logged = 0;
	db->my = my;
	return SL_OK;
}

static int
gone(unsigned int e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	    e == ER_CONNECTION_KILLED || e == ER_SERVER_SHUTDOWN ||
	    e == 1927 /* ER_CONNECTION_KILLED in MariaDB */;
}

/*
 * The server is up but cannot take the statement now (no room, no
 * memory, read-only, interrupted or timed out): the request answers 503
 * like a lost connection, and the connection is kept.
 */
static int
unavailable(unsigned int e)
{
	return e == ER_DISK_FULL || e == ER_OUTOFMEMORY ||
	    e == ER_OUT_OF_RESOURCES || e == ER_RECORD_FILE_FULL ||
	    e == ER_LOCK_TABLE_FULL || e == ER_OPTION_PREVENTS_STATEMENT ||
	    e == ER_QUERY_INTERRUPTED || e == ER_STATEMENT_TIMEOUT;
}

/* Map a server/client error to a status and log it. */
static enum sl_err
db_fail(struct db *db, unsigned int e, const char *msg, const char *sql)
{
	if (unavailable(e)) {
		log_warnx("database cannot write now, error %u: %s (in: %.80s)",
		    e, msg, sql);
		return SL_EDB;
	}
	if (gone(e)) {
		if (!db->down_logged)
			log_warnx("database connection lost: %s", msg);
		db->down_logged = 1;
		db_disconnect(db);
		return SL_EDB;
	}
	if (e == ER_DUP_ENTRY || e == ER_LOCK_DEADLOCK ||
	    e == ER_LOCK_WAIT_TIMEOUT)
		return SL_ECONFLICT;
	log_warnx("database error %u: %s (in: %.80s)", e, msg, sql);
	return SL_ESYS;
}

static enum sl_err
get_stmt(struct db *db, const char *sql, MYSQL_STMT **out)
{
	MYSQL_STMT	*st = NULL;
	size_t		 i;
	unsigned int	 e;
	enum sl_err	 rc;

	for (i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			*out = db->cache[i].stmt;
			return SL_OK;
		}
	if ((st = mysql_stmt_init(db->my)) == NULL)
		return SL_ENOMEM;
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		e = mysql_stmt_errno(st);
		rc = db_fail(db, e, mysql_stmt_error(st), sql);
		mysql_stmt_close(st);
		return rc;
	}
	if (db->ncache == STMT_CACHE) {
		/* Evict the oldest; rare, the program has fewer statements. */
		mysql_stmt_close(db->cache[0].stmt);
		memmove(&db->cache[0], &db->cache[1],
		    sizeof(db->cache[0]) * (STMT_CACHE - 1));
		db->ncache--;
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].stmt = st;
	db->ncache++;
	*out = st;
	return SL_OK;
}

struct params {
	MYSQL_BIND	 bind[MAX_PARAMS];
	long long	 ints[MAX_PARAMS];
	unsigned long	 lens[MAX_PARAMS];
	my_bool		 nulls[MAX_PARAMS];
	size_t		 n;
};

static enum sl_err
bind_params(struct params *p, const char *types, va_list ap)
{
	const char	*s;
	size_t		 i;

	memset(p, 0, sizeof(*p));
	for (i = 0; types[i] != '\0'; i++) {
		if (i == MAX_PARAMS)
			return SL_EINPUT;
		switch (types[i]) {
		case 'i':
			p->ints[i] = va_arg(ap, long long);
			p->bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
			p->bind[i].buffer = &p->ints[i];
			break;
		case 's':
			s = va_arg(ap, const char *);
			p->bind[i].buffer_type = MYSQL_TYPE_STRING;
			if (s == NULL) {
				p->nulls[i] = 1;
				p->bind[i].is_null = &p->nulls[i];
				break;
			}
			p->bind[i].buffer = (void *)s;
			p->lens[i] = strlen(s);
			p->bind[i].length = &p->lens[i];
			break;
		case 'b':
			s = va_arg(ap, const char *);
			p->lens[i] = va_arg(ap, size_t);
			p->bind[i].buffer_type = MYSQL_TYPE_BLOB;
			if (s == NULL) {
				p->nulls[i] = 1;
				p->bind[i].is_null = &p->nulls[i];
				break;
			}
			p->bind[i].buffer = (void *)s;
			p->bind[i].length = &p->lens[i];
			break;
		default:
			return SL_EINPUT;
		}
	}
	p->n = i;
	return SL_OK;
}

/* Prepare (cached), bind and execute; one retry after a lost connection. */
static enum sl_err
run(struct db *db, const char *sql, struct params *p, MYSQL_STMT **out)
{
	MYSQL_STMT	*st = NULL;
	enum sl_err	 rc;
	int		 attempt;
	unsigned int	 e;

	for (attempt = 0; attempt < 2; attempt++) {
		if ((rc = db_ensure(db)) != SL_OK)
			return rc;
		if ((rc = get_stmt(db, sql, &st)) != SL_OK) {
			if (rc == SL_EDB && attempt == 0 && !db->in_tx)
				continue;
			return rc;
		}
		if (mysql_stmt_param_count(st) != p->n) {
			log_warnx("statement wants %lu parameters, got %zu: %.80s",
			    mysql_stmt_param_count(st), p->n, sql);
			return SL_ESYS;
		}
		if (p->n > 0 && mysql_stmt_bind_param(st, p->bind) != 0)
			return db_fail(db, mysql_stmt_errno(st),
			    mysql_stmt_error(st), sql);
		if (mysql_stmt_execute(st) == 0) {
			*out = st;
			return SL_OK;
		}
		e = mysql_stmt_errno(st);
		rc = db_fail(db, e, mysql_stmt_error(st), sql);
		/* A connection lost outside a transaction is retried once. */
		if (rc == SL_EDB && attempt == 0 && !db->in_tx)
			continue;
		return rc;
	}
	return SL_EDB;
}

enum sl_err
db_exec(struct db *db, const char *sql, const char *types, ...)
{
	struct params	 p;
	va_list		 ap;
	MYSQL_STMT	*st = NULL;
	enum sl_err	 rc;

	va_start(ap, types);
	rc = bind_params(&p, types, ap);
	va_end(ap);
	if (rc != SL_OK)
		return rc;
	if ((rc = run(db, sql, &p, &st)) != SL_OK)
		return rc;
	db->affected = mysql_stmt_affected_rows(st);
	db->insert_id = mysql_stmt_insert_id(st);
	mysql_stmt_free_result(st);
	return SL_OK;
}

unsigned long long
db_affected(const struct db *db)
{
	return db->affected;
}

unsigned long long
db_insert_id(const struct db *db)
{
	return db->insert_id;
}

enum sl_err
db_query(struct db *db, struct arena *a, struct dbrows **out,
    const char *sql, const char *types, ...)
{
	struct params	 p;
	va_list		 ap;
	MYSQL_STMT	*st = NULL;
	MYSQL_RES	*meta = NULL;
	MYSQL_BIND	*rb = NULL;
	unsigned long	*lens = NULL;
	my_bool		*nulls = NULL, *errs = NULL, upd = 1;
	struct dbrows	*rows;
	size_t		 ncols, nrows, r, c, i;
	enum sl_err	 rc;
	int		 f;
	char		*cell;

	*out = NULL;
	va_start(ap, types);
	rc = bind_params(&p, types, ap);
	va_end(ap);
	if (rc != SL_OK)
		return rc;
	if ((rc = run(db, sql, &p, &st)) != SL_OK)
		return rc;
	rc = SL_ENOMEM;
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &upd);
	if (mysql_stmt_store_result(st) != 0) {
		rc = db_fail(db, mysql_stmt_errno(st), mysql_stmt_error(st),
		    sql);
		goto out;
	}
	if ((meta = mysql_stmt_result_metadata(st)) == NULL) {
		log_warnx("query returns no result set: %.80s", sql);
		rc = SL_ESYS;
		goto out;
	}
	ncols = mysql_num_fields(meta);
	nrows = (size_t)mysql_stmt_num_rows(st);
	if ((rows = arena_alloc(a, sizeof(*rows))) == NULL)
		goto out;
	rows->ncols = ncols;
	rows->nrows = nrows;
	if (nrows > 0 && ncols > 0) {
		if ((rows->cell = arena_alloc(a,
		    nrows * ncols * sizeof(char *))) == NULL ||
		    (rows->len = arena_alloc(a,
		    nrows * ncols * sizeof(size_t))) == NULL)
			goto out;
	}
	rb = calloc(ncols ? ncols : 1, sizeof(*rb));
	lens = calloc(ncols ? ncols : 1, sizeof(*lens));
	nulls = calloc(ncols ? ncols : 1, sizeof(*nulls));
	errs = calloc(ncols ? ncols : 1, sizeof(*errs));
	if (rb == NULL || lens == NULL || nulls == NULL || errs == NULL)
		goto out;
	for (r = 0; r < nrows; r++) {
		/* Fresh buffers per row, sized from max_length. */
		for (c = 0; c < ncols; c++) {
			MYSQL_FIELD *fld = mysql_fetch_field_direct(meta,
			    (unsigned int)c);
			size_t sz = fld->max_length + 1;
			if (sz < 32)
				sz = 32;
			if ((cell = arena_alloc(a, sz)) == NULL)
				goto out;
			memset(&rb[c], 0, sizeof(rb[c]));
			rb[c].buffer_type = MYSQL_TYPE_STRING;
			if (fld->type == MYSQL_TYPE_BLOB ||
			    fld->type == MYSQL_TYPE_TINY_BLOB ||
			    fld->type == MYSQL_TYPE_MEDIUM_BLOB ||
			    fld->type == MYSQL_TYPE_LONG_BLOB)
				rb[c].buffer_type = MYSQL_TYPE_BLOB;
			rb[c].buffer = cell;
			rb[c].buffer_length = sz - 1;
			rb[c].length = &lens[c];
			rb[c].is_null = &nulls[c];
			rb[c].error = &errs[c];
		}
		if (mysql_stmt_bind_result(st, rb) != 0) {
			rc = db_fail(db, mysql_stmt_errno(st),
			    mysql_stmt_error(st), sql);
			goto out;
		}
		f = mysql_stmt_fetch(st);
		if (f == 1 || f == MYSQL_NO_DATA) {
			rc = db_fail(db, mysql_stmt_errno(st),
			    mysql_stmt_error(st), sql);
			goto out;
		}
		for (c = 0; c < ncols; c++) {
			i = r * ncols + c;
			if (nulls[c]) {
				rows->cell[i] = NULL;
				rows->len[i] = 0;
				continue;
			}
			if (lens[c] > rb[c].buffer_length) {
				/* Cannot happen with max_length; be safe. */
				log_warnx("truncated column %zu in %.80s", c,
				    sql);
				rc = SL_ESYS;
				goto out;
			}
			cell = rb[c].buffer;
			cell[lens[c]] = '\0';
			rows->cell[i] = cell;
			rows->len[i] = lens[c];
		}
	}
	*out = rows;
	rc = SL_OK;
out:
	free(rb);
	free(lens);
	free(nulls);
	free(errs);
	if (meta != NULL)
		mysql_free_result(meta);
	if (db->my != NULL)
		mysql_stmt_free_result(st);
	return rc;
}

const char *
dbrows_get(const struct dbrows *rows, size_t r, size_t c)
{
	if (rows == NULL || r >= rows->nrows || c >= rows->ncols)
		return NULL;
	return rows->cell[r * rows->ncols + c];
}

long long
dbrows_ll(const struct dbrows *rows, size_t r, size_t c)
{
	const char	*s = dbrows_get(rows, r, c), *errstr;
	long long	 v;

	if (s == NULL || parse_ll(s, -(1LL << 62), 1LL << 62, &v, &errstr) !=
	    SL_OK)
		return 0;
	return v;
}

int
dbrows_true(const struct dbrows *rows, size_t r, size_t c)
{
	const char	*s = dbrows_get(rows, r, c);

	return s != NULL && s[0] == '1' && s[1] == '\0';
}

enum sl_err
db_begin(struct db *db)
{
	enum sl_err	 rc;

	if ((rc = db_ensure(db)) != SL_OK)
		return rc;
	if (mysql_query(db->my, "START TRANSACTION") != 0)
		return db_fail(db, mysql_errno(db->my), mysql_error(db->my),
		    "START TRANSACTION");
	db->in_tx = 1;
	return SL_OK;
}

enum sl_err
db_commit(struct db *db)
{
	enum sl_err	 rc = SL_OK;

	if (db->my == NULL)
		return SL_EDB;
	if (mysql_commit(db->my) != 0)
		rc = db_fail(db, mysql_errno(db->my), mysql_error(db->my),
		    "COMMIT");
	db->in_tx = 0;
	return rc;
}

void
db_rollback(struct db *db)
{
	if (db->my != NULL && db->in_tx)
		(void)mysql_rollback(db->my);
	db->in_tx = 0;
}

static int
migration_name_ok(const char *n)
{
	size_t	 len = strlen(n);

	return len > 8 && n[0] >= '0' && n[0] <= '9' && n[1] >= '0' &&
	    n[1] <= '9' && n[2] >= '0' && n[2] <= '9' && n[3] == '_' &&
	    strcmp(n + len - 4, ".sql") == 0;
}

static int
namecmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
migration_filter(const struct dirent *d)
{
	return migration_name_ok(d->d_name);
}

/* Read a whole file into a heap buffer (caller frees). */
static enum sl_err
slurp(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		log_warn("%s", path);
		return SL_ESYS;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(b, chunk, n);
	fclose(f);
	if (b->oom)
		return SL_ENOMEM;
	buf_append(b, "", 1);
	return b->oom ? SL_ENOMEM : SL_OK;
}

/*
 * Run each statement of a migration file.  Statements end with ';' at
 * the end of a line; lines starting with "--" are comments.  The files
 * are ours (trusted), not user input.
 */
static enum sl_err
apply_file(struct db *db, const char *path)
{
	struct buf	 b, stmt;
	char		*line, *save = NULL, *end;
	enum sl_err	 rc;
	size_t		 n;

	buf_init(&b);
	buf_init(&stmt);
	if ((rc = slurp(path, &b)) != SL_OK)
		goto out;
	for (line = strtok_r(b.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "--", 2) == 0 && stmt.len == 0)
			continue;
		buf_puts(&stmt, line);
		buf_puts(&stmt, "\n");
		n = strlen(line);
		end = line + n;
		while (end > line && (end[-1] == ' ' || end[-1] == '\t' ||
		    end[-1] == '\r'))
			end--;
		if (end > line && end[-1] == ';') {
			if (stmt.oom) {
				rc = SL_ENOMEM;
				goto out;
			}
			if (mysql_real_query(db->my, stmt.data,
			    stmt.len) != 0) {
				fprintf(stderr, "%s: %s\n", path,
				    mysql_error(db->my));
				rc = SL_ESYS;
				goto out;
			}
			stmt.len = 0;
		}
	}
	rc = SL_OK;
out:
	buf_free(&b);
	buf_free(&stmt);
	return rc;
}

enum sl_err
db_migrate(struct db *db, const char *dir)
{
	struct dirent	**list = NULL;
	struct dbrows	 *rows;
	struct arena	 *a = NULL;
	char		  path[1024];
	long long	  version;
	const char	 *errstr;
	enum sl_err	  rc;
	int		  n = 0, i;

	if ((rc = db_ensure(db)) != SL_OK)
		return rc;
	if ((a = arena_new()) == NULL)
		return SL_ENOMEM;
	if ((rc = db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migration ("
	    " version INT NOT NULL PRIMARY KEY,"
	    " name VARCHAR(200) NOT NULL,"
	    " applied_at DATETIME NOT NULL"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", "")) != SL_OK)
		goto out;
	if ((n = scandir(dir, &list, migration_filter, namecmp)) < 0) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		n = 0;
		rc = SL_ESYS;
		goto out;
	}
	for (i = 0; i < n; i++) {
		char num[4] = { list[i]->d_name[0], list[i]->d_name[1],
		    list[i]->d_name[2], '\0' };
		if (parse_ll(num, 1, 999, &version, &errstr) != SL_OK) {
			fprintf(stderr, "%s: bad number\n", list[i]->d_name);
			rc = SL_EINPUT;
			goto out;
		}
		if ((rc = db_query(db, a, &rows,
		    "SELECT name FROM schema_migration WHERE version = ?",
		    "i", version)) != SL_OK)
			goto out;
		if (rows->nrows > 0)
			continue;
		if ((rc = bsnprintf(path, sizeof(path), "%s/%s", dir,
		    list[i]->d_name)) != SL_OK)
			goto out;
		printf("applying %s\n", list[i]->d_name);
		if ((rc = apply_file(db, path)) != SL_OK)
			goto out;
		if ((rc = db_exec(db, "INSERT INTO schema_migration"
		    " (version, name, applied_at) VALUES (?, ?, UTC_TIMESTAMP())",
		    "is", version, list[i]->d_name)) != SL_OK)
			goto out;
	}
	rc = SL_OK;
out:
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	arena_free(a);
	return rc;
}

/* 1 when s is a plain identifier or account name part: no quoting needed. */
static int
plain(const char *s, const char *extra, size_t max)
{
	size_t	 n = strlen(s), i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    strchr(extra, s[i]) != NULL))
			return 0;
	return 1;
}

/*
 * Run a REVOKE made from fmt (plain names only); a grant that was not
 * there is no error.
 */
static enum sl_err
revoke_quiet(struct db *db, const char *fmt, ...)
{
	char		 q[1024];
	va_list		 ap;
	int		 n;
	unsigned int	 e;

	va_start(ap, fmt);
	n = vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(q))
		return SL_ESYS;
	if (mysql_real_query(db->my, q, strlen(q)) == 0)
		return SL_OK;
	e = mysql_errno(db->my);
	if (e == ER_NONEXISTING_GRANT || e == ER_NONEXISTING_TABLE_GRANT)
		return SL_OK;
	fprintf(stderr, "%s: %s\n", q, mysql_error(db->my));
	return SL_EDB;
}

enum sl_err
db_grant_workers(struct db *db, const char *user, const char *host)
{
	struct dbrows	*rows;
	struct arena	*a = NULL;
	char		 q[1024];
	const char	*t, *privs;
	enum sl_err	 rc;
	size_t		 i, granted = 0;

	/* GRANT takes no parameters: only plain names are put in. */
	if (!plain(user, "._-", 80) || !plain(host, ".-_%:/", 255))
		return SL_EINPUT;
	if ((rc = db_ensure(db)) != SL_OK)
		return rc;
	if ((a = arena_new()) == NULL)
		return SL_ENOMEM;
	if ((rc = db_query(db, a, &rows, "SELECT table_name FROM"
	    " information_schema.tables WHERE table_schema = DATABASE()"
	    " AND table_type = 'BASE TABLE' ORDER BY table_name", "")) !=
	    SL_OK)
		goto out;
	/*
	 * Whatever an older install granted on this database goes first, so
	 * that the user has exactly what follows.  (Global privileges are
	 * the database administrator's: README, "Database accounts".)
	 */
	if (!plain(db->cfg->db_name, "_-$", 64)) {
		rc = SL_EINPUT;
		goto out;
	}
	if ((rc = revoke_quiet(db, "REVOKE ALL PRIVILEGES ON `%s`.* FROM"
	    " '%s'@'%s'", db->cfg->db_name, user, host)) != SL_OK ||
	    (rc = revoke_quiet(db, "REVOKE GRANT OPTION ON `%s`.* FROM"
	    " '%s'@'%s'", db->cfg->db_name, user, host)) != SL_OK)
		goto out;
	for (i = 0; i < rows->nrows; i++) {
		t = dbrows_get(rows, i, 0);
		if (t == NULL || !plain(t, "_", 64)) {
			fprintf(stderr, "table name not revoked: %s\n",
			    t ? t : "(null)");
			rc = SL_EINPUT;
			goto out;
		}
		if ((rc = revoke_quiet(db, "REVOKE ALL PRIVILEGES ON `%s` FROM"
		    " '%s'@'%s'", t, user, host)) != SL_OK ||
		    (rc = revoke_quiet(db, "REVOKE GRANT OPTION ON `%s` FROM"
		    " '%s'@'%s'", t, user, host)) != SL_OK)
			goto out;
	}
	for (i = 0; i < rows->nrows; i++) {
		t = dbrows_get(rows, i, 0);
		if (t == NULL || !plain(t, "_", 64)) {
			fprintf(stderr, "table name not granted: %s\n",
			    t ? t : "(null)");
			rc = SL_EINPUT;
			goto out;
		}
		if (strcmp(t, "schema_migration") == 0)
			continue;
		granted++;
		/* The audit is append-only: no UPDATE, no DELETE. */
		privs = strcmp(t, "audit") == 0 ? "SELECT, INSERT" :
		    "SELECT, INSERT, UPDATE, DELETE";
		if ((rc = bsnprintf(q, sizeof(q), "GRANT %s ON `%s` TO"
		    " '%s'@'%s'", privs, t, user, host)) != SL_OK)
			goto out;
		if (mysql_real_query(db->my, q, strlen(q)) != 0) {
			fprintf(stderr, "%s: %s\n", q, mysql_error(db->my));
			rc = SL_EDB;
			goto out;
		}
	}
	printf("granted '%s'@'%s' the workers' privileges on %zu tables\n",
	    user, host, granted);
	rc = SL_OK;
out:
	arena_free(a);
	return rc;
}
