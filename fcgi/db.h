/*
 * db.h - MariaDB access through prepared statements only.
 *
 * Parameters are described by a type string, one letter each:
 *   'i'  long long
 *   's'  const char * (NULL binds SQL NULL)
 *   'b'  const char *, size_t  (bytes; NULL binds SQL NULL)
 * Results come back as strings (NULL for SQL NULL) in the caller's arena.
 */
#ifndef SL_DB_H
#define SL_DB_H

#include <stddef.h>

#include "config.h"
#include "util.h"

struct db;

struct dbrows {
	size_t	  nrows;
	size_t	  ncols;
	char	**cell;		/* nrows * ncols, row-major; NULL = SQL NULL */
	size_t	 *len;		/* byte length of each cell */
};

/* New handle for cfg (not yet connected).  Caller frees with db_close. */
enum sl_err db_open(const struct config *cfg, struct db **out);
/* Close the connection and free the handle; NULL is fine. */
void db_close(struct db *);
/* Connect if not connected.  SL_OK or SL_EDB (logged once per outage). */
enum sl_err db_ensure(struct db *);

/*
 * Run a statement that returns no rows.  SL_OK, SL_ECONFLICT on a
 * duplicate key or deadlock, SL_EDB when the server is unreachable,
 * SL_ESYS on any other error (logged).
 */
enum sl_err db_exec(struct db *, const char *sql, const char *types, ...);
/*
 * Rows matched (not only changed: the connection uses CLIENT_FOUND_ROWS)
 * and the AUTO_INCREMENT id of the last db_exec.
 */
unsigned long long db_affected(const struct db *);
unsigned long long db_insert_id(const struct db *);

/*
 * Run a query; *out receives all rows, allocated in the arena.
 * Same status codes as db_exec.
 */
enum sl_err db_query(struct db *, struct arena *, struct dbrows **out,
    const char *sql, const char *types, ...);

/* Cell (r, c) or NULL; owned by the rows' arena. */
const char *dbrows_get(const struct dbrows *, size_t r, size_t c);
/* Cell (r, c) as a number; 0 for NULL or anything that is not one. */
long long dbrows_ll(const struct dbrows *, size_t r, size_t c);
/* 1 when cell (r, c) is exactly "1" (a true TINYINT or comparison). */
int dbrows_true(const struct dbrows *, size_t r, size_t c);

/* Transactions.  db_rollback is safe to call after a failure. */
enum sl_err db_begin(struct db *);
enum sl_err db_commit(struct db *);
void db_rollback(struct db *);

/*
 * A short transaction, retried (up to three times) when the database
 * reports a deadlock; on any other failure it is rolled back and rc
 * tells why.  Use as TX_BEGIN(c) ...statements setting rc... TX_END(c).
 */
#define TX_BEGIN(c)							\
	for (int tx_try_ = 0; tx_try_ < 3; tx_try_++) {			\
		if ((rc = db_begin((c)->db)) != SL_OK)			\
			return rc;
#define TX_END(c)							\
		if (rc == SL_OK)					\
			rc = db_commit((c)->db);			\
		if (rc == SL_OK)					\
			break;						\
		db_rollback((c)->db);					\
		if (rc != SL_ECONFLICT)					\
			break;						\
	}

/*
 * Apply sql/NNN_name.sql files of dir not yet recorded in the table
 * schema_migration, each recorded after it ran.  Prints what it does.
 */
enum sl_err db_migrate(struct db *, const char *dir);

/*
 * First revoke whatever user@host holds on the database and on each of
 * its tables (leftovers of an older install), then grant the workers'
 * account what the workers need on every table of the database
 * (schema_migration excepted): SELECT, INSERT,
 * UPDATE and DELETE, on the append-only audit only SELECT and INSERT.
 * Run by migrate as its own user (which needs GRANT OPTION), so that
 * each new table is covered.  user and host are plain names (checked by
 * config_validate); SL_EINPUT otherwise.  Prints what it does.
 */
enum sl_err db_grant_workers(struct db *, const char *user,
    const char *host);

#endif
