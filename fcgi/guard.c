/*
 * guard.c - the request deadline, the watchdog's view of the workers,
 * the directory breaker and the limit on workers waiting on the
 * directory (see guard.h).
 *
 * The shared page is an anonymous MAP_SHARED mapping made by the master
 * before it forks, so every worker sees the same memory.  Its fields
 * are read and written with the compiler's __atomic builtins
 * (sequentially consistent), which work across processes on a shared
 * mapping.  No locks: a process killed at any point leaves nothing
 * held, and the master clears the slot of every child it reaps.
 */
#include <sys/mman.h>

#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guard.h"

#define WHAT_MAX	96

struct gslot {
	int		 pid;		/* 0: free, 1: taken */
	int		 in_dir;	/* waiting on the directory */
	long long	 busy_since;	/* guard_now_ms() at request start; 0 idle */
	char		 what[WHAT_MAX];	/* "POST /login"; torn reads are harmless */
};

struct gshm {
	int		 max_waiting;
	int		 dir_down;
	long long	 dir_down_since;
	struct gslot	 slot[GUARD_SLOTS];
};

static struct gshm	*G;		/* NULL without guard_init */
static int		 my_slot = -1;

/* Per process: the current request. */
static long long	 req_start;
static long long	 req_deadline;	/* 0: none */
static int		 req_stopped;

long long
guard_now_ms(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum sl_err
guard_init(int max_waiting)
{
	void	*p;

	if (G != NULL)
		return SL_OK;
	p = mmap(NULL, sizeof(*G), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		log_warn("guard: mmap");
		return SL_ENOMEM;
	}
	G = p;
	memset(G, 0, sizeof(*G));
	guard_set_max_waiting(max_waiting);
	return SL_OK;
}

void
guard_set_max_waiting(int max_waiting)
{
	if (G != NULL)
		__atomic_store_n(&G->max_waiting, max_waiting < 1 ? 1 :
		    max_waiting, __ATOMIC_SEQ_CST);
}

void
guard_free(void)
{
	if (G != NULL)
		(void)munmap(G, sizeof(*G));
	G = NULL;
	my_slot = -1;
}

int
guard_slot_take(void)
{
	int	 i;

	if (G == NULL)
		return -1;
	for (i = 0; i < GUARD_SLOTS; i++)
		if (__atomic_load_n(&G->slot[i].pid, __ATOMIC_SEQ_CST) == 0) {
			__atomic_store_n(&G->slot[i].busy_since, 0,
			    __ATOMIC_SEQ_CST);
			__atomic_store_n(&G->slot[i].in_dir, 0,
			    __ATOMIC_SEQ_CST);
			G->slot[i].what[0] = '\0';
			__atomic_store_n(&G->slot[i].pid, 1,
			    __ATOMIC_SEQ_CST);
			return i;
		}
	return -1;
}

void
guard_slot_release(int slot)
{
	if (G == NULL || slot < 0 || slot >= GUARD_SLOTS)
		return;
	__atomic_store_n(&G->slot[slot].in_dir, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&G->slot[slot].busy_since, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&G->slot[slot].pid, 0, __ATOMIC_SEQ_CST);
}

long long
guard_slot_busy_ms(int slot, char *what, size_t whatsz)
{
	long long	 since;

	if (whatsz > 0)
		what[0] = '\0';
	if (G == NULL || slot < 0 || slot >= GUARD_SLOTS)
		return 0;
	since = __atomic_load_n(&G->slot[slot].busy_since, __ATOMIC_SEQ_CST);
	if (since == 0)
		return 0;
	if (whatsz > 0) {
		/* The worker may be writing it: copy, then terminate. */
		size_t n = whatsz < WHAT_MAX ? whatsz : WHAT_MAX;
		memcpy(what, G->slot[slot].what, n);
		what[n - 1] = '\0';
	}
	return guard_now_ms() - since;
}

void
guard_attach(int slot)
{
	my_slot = G != NULL && slot >= 0 && slot < GUARD_SLOTS ? slot : -1;
}

void
guard_request_begin(const char *method, const char *path, long long seconds)
{
	req_start = guard_now_ms();
	req_deadline = seconds > 0 ? req_start + seconds * 1000 : 0;
	req_stopped = 0;
	if (my_slot < 0)
		return;
	(void)bsnprintf(G->slot[my_slot].what, WHAT_MAX, "%s %s",
	    method != NULL ? method : "?", path != NULL ? path : "?");
	__atomic_store_n(&G->slot[my_slot].busy_since, req_start,
	    __ATOMIC_SEQ_CST);
}

void
guard_request_end(void)
{
	req_deadline = 0;
	req_stopped = 0;
	if (my_slot < 0)
		return;
	__atomic_store_n(&G->slot[my_slot].busy_since, 0, __ATOMIC_SEQ_CST);
}

int
guard_expired(void)
{
	if (req_deadline == 0)
		return 0;
	if (req_stopped)
		return 1;
	if (guard_now_ms() < req_deadline)
		return 0;
	req_stopped = 1;
	return 1;
}

int
guard_was_stopped(void)
{
	return req_stopped;
}

long long
guard_remaining_ms(void)
{
	long long	 left;

	if (req_deadline == 0)
		return LLONG_MAX / 2;
	left = req_deadline - guard_now_ms();
	return left > 0 ? left : 0;
}

long long
guard_elapsed_ms(void)
{
	return req_start == 0 ? 0 : guard_now_ms() - req_start;
}

void
guard_deadline_off(void)
{
	req_deadline = 0;
}

enum sl_err
guard_dir_enter(void)
{
	int	 i, n = 0, max;

	if (G == NULL || my_slot < 0)
		return SL_OK;
	if (__atomic_load_n(&G->dir_down, __ATOMIC_SEQ_CST)) {
		log_warnx("directory known to be down: login refused at once "
		    "(503) until the probe sees it answer");
		return SL_EDIR;
	}
	/*
	 * Set our flag, then count every flag: of two workers entering at
	 * once, at least one sees the other's flag (sequential
	 * consistency), so never more than max get through.
	 */
	__atomic_store_n(&G->slot[my_slot].in_dir, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < GUARD_SLOTS; i++)
		if (__atomic_load_n(&G->slot[i].in_dir, __ATOMIC_SEQ_CST))
			n++;
	max = __atomic_load_n(&G->max_waiting, __ATOMIC_SEQ_CST);
	if (n > max) {
		__atomic_store_n(&G->slot[my_slot].in_dir, 0,
		    __ATOMIC_SEQ_CST);
		log_warnx("%d workers already wait on the directory "
		    "(ldap_max_waiting): login refused at once (503)", n - 1);
		return SL_EDIR;
	}
	return SL_OK;
}

void
guard_dir_leave(void)
{
	if (G != NULL && my_slot >= 0)
		__atomic_store_n(&G->slot[my_slot].in_dir, 0,
		    __ATOMIC_SEQ_CST);
}

void
guard_dir_failed(const char *why)
{
	int	 was = 0;

	if (G == NULL)
		return;
	if (__atomic_compare_exchange_n(&G->dir_down, &was, 1, 0,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&G->dir_down_since, guard_now_ms(),
		    __ATOMIC_SEQ_CST);
		log_warnx("directory marked down (%s): logins are answered "
		    "503 at once until the probe sees it answer", why);
	}
}

int
guard_dir_down(void)
{
	return G != NULL && __atomic_load_n(&G->dir_down, __ATOMIC_SEQ_CST);
}

void
guard_dir_up(void)
{
	long long	 since;

	if (G == NULL || !__atomic_load_n(&G->dir_down, __ATOMIC_SEQ_CST))
		return;
	since = __atomic_load_n(&G->dir_down_since, __ATOMIC_SEQ_CST);
	__atomic_store_n(&G->dir_down, 0, __ATOMIC_SEQ_CST);
	log_info("directory answers again after %lld s; logins resume",
	    (guard_now_ms() - since) / 1000);
}
