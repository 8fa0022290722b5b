/*
 * ldapsync.h - `stafettlogg ldap-sync`: the directory's units and
 * employees recorded in one transaction (see ldapsync.c).
 */
#ifndef SL_LDAPSYNC_H
#define SL_LDAPSYNC_H

#include <stddef.h>

#include "config.h"
#include "util.h"

/* What one run recorded. */
struct ldapsync_count {
	size_t	users;		/* employees recorded */
	size_t	disabled;	/* of them disabled in the directory */
	size_t	gone;		/* employees newly marked gone */
	size_t	units;		/* unit groups recorded */
	size_t	units_gone;	/* units newly marked gone */
};

/*
 * One sync (dir_sync_read, then every write in one transaction),
 * recorded in dir_sync with the requests it served.  if_requested: only
 * when a request waits (a municipal admin asked on /admin/directory).
 * force: apply even when no employee was found or more than
 * ldap_sync_max_loss percent of the active ones would be lost.  SL_OK
 * (msg says what was done, or that nothing was requested);
 * SL_EFORBIDDEN refused, nothing changed; SL_EDIR, SL_EDB, ... failed,
 * nothing changed.  msg (msgsz bytes) says which, in English.
 */
enum sl_err	ldapsync_run(const struct config *, int force, int if_requested,
		    struct ldapsync_count *n, char *msg, size_t msgsz);

/* The command: exit status 0 done, 3 refused, 1 failed. */
int		ldapsync_cli(const struct config *, int force, int if_requested);

#endif
