/*
 * notify.h - `stafettlogg notify`: the time-driven notices and the
 * delivery of the outbox by e-mail (SMTP relay) and SMS (HTTP hook).
 */
#ifndef SL_NOTIFY_H
#define SL_NOTIFY_H

#include "config.h"

/*
 * One pass (loop 0) or passes every notify_interval seconds until
 * SIGTERM/SIGINT (loop 1): queue the time-driven notices due, then
 * deliver what is queued.  Prints a summary per pass.  Returns the exit
 * status: 0, or 1 when the database or the stylesheets cannot be used.
 */
int notify_cli(const struct config *cfg, int loop);

/*
 * The unsubscribe token of outbox row id: "<id>.<hex HMAC-SHA256 under
 * notice_secret>" into out (96 bytes).  SL_OK, or SL_EINPUT without a
 * secret.
 */
enum sl_err notify_unsub_token(const struct config *cfg, long long id,
    char out[96]);

/*
 * The outbox row id of a token made by notify_unsub_token, or 0 when it
 * is malformed or its signature is wrong (constant-time compare).
 */
long long notify_unsub_check(const struct config *cfg, const char *token);

#endif
