/*
 * manager.h - the master process and the worker loop.
 */
#ifndef SL_MANAGER_H
#define SL_MANAGER_H

#include "config.h"

/*
 * Run the master until SIGTERM: open the socket, load stylesheets, fork
 * cfg->workers workers and keep them alive.  conf_path is read again on
 * SIGHUP.  Returns the process exit status (0 after a clean stop).
 */
int manager_run(const struct config *cfg, const char *conf_path);

/*
 * The worker loop on the inherited listening socket; returns when told
 * to stop (0) or on a fatal error (1).  Called in a forked child;
 * gslot is its slot in the shared page (guard.h), or -1.
 */
int worker_main(const struct config *cfg, int listen_fd, int gslot);

#endif
