/*
 * guard.h - limits that keep one request, one user or one stalled
 * server from taking the service down:
 *
 *   - the request deadline: a worker checks guard_expired() at safe
 *     points (before every database statement, while the stylesheet
 *     runs, before every directory operation) and stops the work with
 *     SL_EDEADLINE, answered 503;
 *   - the master's watchdog: every worker writes "busy since" and what
 *     it is doing into its slot of a shared memory page the master made
 *     before fork; the master kills a worker busy longer than
 *     worker_hard_limit and replaces it;
 *   - the directory breaker: once a login found the directory down
 *     (connect failed, timed out), further logins are refused at once
 *     until the master's probe sees it answer again;
 *   - at most ldap_max_waiting workers wait on the directory at once
 *     (a flag in each worker's slot, so a killed worker cannot leak one:
 *     the master clears the slot when it reaps the worker).
 *
 * Without guard_init (unit tests, the command line tools) the shared
 * parts are off: every directory call is let through, nothing is
 * recorded; the per-process deadline still works.
 */
#ifndef SL_GUARD_H
#define SL_GUARD_H

#include <stddef.h>

#include "util.h"

/* Slots in the shared page: workers, retiring workers and the probe. */
#define GUARD_SLOTS	520

/*
 * Master, before fork: map the shared page.  SL_OK or SL_ENOMEM.
 * max_waiting is how many workers may wait on the directory at once.
 */
enum sl_err	guard_init(int max_waiting);
/* Master: set max_waiting again (after a reload). */
void		guard_set_max_waiting(int max_waiting);
/* Unmap the shared page; safe without guard_init. */
void		guard_free(void);

/* Master: take a free slot for a child about to be forked, or -1. */
int		guard_slot_take(void);
/* Master: the child of slot exited; clear it (busy, directory flag). */
void		guard_slot_release(int slot);
/*
 * Master: how many milliseconds the child of slot has been busy with
 * one request (0 when idle); what it is doing into what[whatsz].
 */
long long	guard_slot_busy_ms(int slot, char *what, size_t whatsz);

/* Worker, after fork: use this slot (-1: none). */
void		guard_attach(int slot);

/*
 * Worker: a request starts (method and path for the watchdog's log
 * line) with a deadline of seconds (0: none).
 */
void		guard_request_begin(const char *method, const char *path,
		    long long seconds);
/* Worker: the request is done: not busy, no deadline. */
void		guard_request_end(void);
/*
 * 1 once the deadline of the current request has passed (and from then
 * on until guard_request_end or guard_deadline_off); 0 otherwise.
 */
int		guard_expired(void);
/* 1 when a safe point has stopped the current request at its deadline. */
int		guard_was_stopped(void);
/* Milliseconds left before the deadline; a large number without one. */
long long	guard_remaining_ms(void);
/* Milliseconds since the current request started. */
long long	guard_elapsed_ms(void);
/* Lift the deadline of the current request (to render its error page). */
void		guard_deadline_off(void);

/*
 * Worker: before waiting on the directory.  SL_OK (call
 * guard_dir_leave afterwards), or SL_EDIR at once when the directory is
 * known to be down or ldap_max_waiting workers already wait on it (a
 * line says which).
 */
enum sl_err	guard_dir_enter(void);
/* Worker: no longer waiting on the directory. */
void		guard_dir_leave(void);
/* Worker: the directory did not answer (connect failed, timed out). */
void		guard_dir_failed(const char *why);
/* 1 when the directory is known to be down. */
int		guard_dir_down(void);
/* Master: the probe saw the directory answer: logins may try again. */
void		guard_dir_up(void);

/* Milliseconds of a monotonic clock (for intervals, not dates). */
long long	guard_now_ms(void);

#endif
