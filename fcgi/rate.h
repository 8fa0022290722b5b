/*
 * rate.h - per-user limits on writes: bright spots and notes
 * (post_rate_per_minute) and every other write (write_rate_per_minute),
 * counted over the last minute in the write_rate table, so that they
 * hold across workers and servers.
 */
#ifndef SL_RATE_H
#define SL_RATE_H

#include "app.h"

/*
 * Before the handler of a POST to route (its pattern, e.g.
 * "/logs/#/notes") by a logged-in user: SL_OK and the write counted, or
 * SL_ETHROTTLED when the user has reached the limit of its kind (the
 * refusal audited as "write-rate-refused", at most once per user in
 * ten seconds), or a database status.  Logging in and out and leaving
 * meeting mode are not counted.
 */
enum sl_err rate_check(struct ctx *, const char *route);

#endif
