/*
 * manager.c - the master process: owns the FastCGI socket, forks the
 * workers, replaces a worker that dies, reloads configuration and
 * stylesheets on SIGHUP by replacing workers one by one (the socket is
 * never closed, so no request is dropped), and stops on SIGTERM.
 *
 * Once a second it looks at the shared page (guard.c): a worker busy
 * with one request longer than worker_hard_limit is killed and replaced
 * (the watchdog), and while the directory is known to be down a probe
 * child checks every ldap_probe_interval seconds whether it answers
 * again (workers refuse logins at once meanwhile).
 *
 * Signal handlers only set flags; all work is done in the loop.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "guard.h"
#include "ldap_dir.h"
#include "manager.h"
#include "render.h"

#define MAX_WORKERS 256

static volatile sig_atomic_t got_stop, got_hup, got_chld, got_alrm;

static void
on_signal(int sig)
{
	switch (sig) {
	case SIGTERM:
	case SIGINT:
		got_stop = 1;
		break;
	case SIGHUP:
		got_hup = 1;
		break;
	case SIGCHLD:
		got_chld = 1;
		break;
	case SIGALRM:
		got_alrm = 1;
		break;
	}
}

struct slot {
	pid_t	 pid;		/* 0: empty */
	int	 gslot;		/* its slot in the shared page, or -1 */
	int	 killed;	/* the watchdog has killed it */
	time_t	 started;
	int	 fails;		/* quick deaths in a row, for backoff */
	time_t	 respawn_at;	/* when an empty slot may be filled */
};

/* An old worker finishing its request after a reload. */
struct retiree {
	pid_t	 pid;
	int	 gslot;
	int	 killed;
};

struct manager {
	struct config	 cfg;
	const char	*conf_path;
	int		 fd;
	struct slot	 slot[MAX_WORKERS];
	size_t		 nslot;
	struct retiree	 retiring[MAX_WORKERS];	/* old workers finishing */
	size_t		 nretiring;
	pid_t		 probe;		/* the directory probe, or 0 */
	int		 probe_gslot;
	long long	 probe_at;	/* guard_now_ms() of the next probe */
};

/*
 * Open the listening socket ourselves (FCGX_OpenSocket exits on error).
 * A socket file that still answers belongs to a running instance: fail.
 */
static int
open_socket(const struct config *cfg)
{
	struct sockaddr_un	 sun;
	int			 fd, probe;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (bsnprintf(sun.sun_path, sizeof(sun.sun_path), "%s",
	    cfg->socket_path) != SL_OK) {
		log_warnx("socket path too long: %s", cfg->socket_path);
		return -1;
	}
	if ((probe = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0) {
		if (connect(probe, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
			log_warnx("%s: another instance is listening",
			    cfg->socket_path);
			close(probe);
			return -1;
		}
		close(probe);
	}
	(void)unlink(cfg->socket_path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0) {
		log_warn("socket");
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		log_warn("bind %s", cfg->socket_path);
		close(fd);
		return -1;
	}
	if (chmod(cfg->socket_path, (mode_t)cfg->socket_mode) != 0) {
		log_warn("chmod %s", cfg->socket_path);
		close(fd);
		return -1;
	}
	if (listen(fd, 128) != 0) {
		log_warn("listen");
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Workers that may wait on the directory at once: ldap_max_waiting, but
 * never all of them (one is always left for pages), unless there is
 * only one.
 */
static int
max_waiting(const struct config *cfg)
{
	long long	 n = cfg->ldap_max_waiting;

	if (n > cfg->workers - 1)
		n = cfg->workers - 1;
	return n < 1 ? 1 : (int)n;
}

/* Fork a worker; its shared slot into *gslot.  The pid or -1. */
static pid_t
spawn(struct manager *m, int *gslot)
{
	pid_t	 pid;
	int	 rc;

	*gslot = guard_slot_take();
	if ((pid = fork()) < 0) {
		log_warn("fork");
		guard_slot_release(*gslot);
		*gslot = -1;
		return -1;
	}
	if (pid > 0)
		return pid;
	/*
	 * Child: signals stay blocked until worker_main has installed its
	 * own handlers; then it serves until told to stop.
	 */
	rc = worker_main(&m->cfg, m->fd, *gslot);
	_exit(rc);
}

static void
fill_slots(struct manager *m)
{
	time_t	 now = time(NULL);
	size_t	 i;
	pid_t	 pid;

	/* Called after every wake-up, at least once a second (tick). */
	for (i = 0; i < m->nslot; i++) {
		if (m->slot[i].pid != 0 || m->slot[i].respawn_at > now)
			continue;
		if ((pid = spawn(m, &m->slot[i].gslot)) < 0) {
			m->slot[i].respawn_at = now + 1;
			continue;
		}
		m->slot[i].pid = pid;
		m->slot[i].killed = 0;
		m->slot[i].started = now;
	}
}

/*
 * The directory probe, in a child of its own so the master never
 * waits on the directory: exit status 0 when the service account can
 * bind.  Its log lines would repeat every interval: the master says
 * what it found instead.
 */
static void
probe_start(struct manager *m)
{
	sigset_t	 none;
	pid_t		 pid;
	int		 fd;

	m->probe_gslot = guard_slot_take();
	if ((pid = fork()) < 0) {
		log_warn("fork (directory probe)");
		guard_slot_release(m->probe_gslot);
		m->probe_at = guard_now_ms() + m->cfg.ldap_probe_interval * 1000;
		return;
	}
	if (pid > 0) {
		m->probe = pid;
		return;
	}
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if ((fd = open("/dev/null", O_WRONLY)) >= 0) {
		(void)dup2(fd, STDERR_FILENO);
		close(fd);
	}
	log_init(NULL, 0);
	guard_attach(m->probe_gslot);
	guard_request_begin("probe", "directory", m->cfg.request_deadline);
	_exit(dir_ping(&m->cfg) == SL_OK ? 0 : 1);
}

/* The probe exited with status. */
static void
probe_done(struct manager *m, int status)
{
	m->probe = 0;
	guard_slot_release(m->probe_gslot);
	m->probe_gslot = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		guard_dir_up();
		return;
	}
	m->probe_at = guard_now_ms() + m->cfg.ldap_probe_interval * 1000;
	log_warnx("directory still down (probe failed); logins are refused");
}

/* Kill (once) a child busy with one request beyond worker_hard_limit. */
static void
watch_one(struct manager *m, pid_t pid, int gslot, int *killed)
{
	char		 what[128];
	long long	 busy;

	if (pid <= 0 || *killed)
		return;
	busy = guard_slot_busy_ms(gslot, what, sizeof(what));
	if (busy <= m->cfg.worker_hard_limit * 1000)
		return;
	log_warnx("watchdog: worker %d busy with \"%s\" for %lld s "
	    "(worker_hard_limit %lld s); killing and replacing it", (int)pid,
	    what, busy / 1000, m->cfg.worker_hard_limit);
	kill(pid, SIGKILL);
	*killed = 1;
}

/* Once a second: the watchdog, and the directory probe when due. */
static void
tick(struct manager *m)
{
	size_t	 i;
	int	 probe_killed = 0;

	for (i = 0; i < m->nslot; i++)
		watch_one(m, m->slot[i].pid, m->slot[i].gslot,
		    &m->slot[i].killed);
	for (i = 0; i < m->nretiring; i++)
		watch_one(m, m->retiring[i].pid, m->retiring[i].gslot,
		    &m->retiring[i].killed);
	if (m->probe != 0)
		watch_one(m, m->probe, m->probe_gslot, &probe_killed);
	else if (guard_dir_down() && guard_now_ms() >= m->probe_at)
		probe_start(m);
}

/* A child exited: free its slot (or retiring entry) and log why. */
static void
reap(struct manager *m)
{
	pid_t	 pid;
	int	 status;
	size_t	 i;
	time_t	 now = time(NULL);

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == m->probe) {
			probe_done(m, status);
			continue;
		}
		for (i = 0; i < m->nretiring; i++)
			if (m->retiring[i].pid == pid) {
				guard_slot_release(m->retiring[i].gslot);
				m->retiring[i] = m->retiring[--m->nretiring];
				pid = 0;
				break;
			}
		if (pid == 0)
			continue;
		for (i = 0; i < m->nslot; i++)
			if (m->slot[i].pid == pid)
				break;
		if (i == m->nslot)
			continue;
		m->slot[i].pid = 0;
		guard_slot_release(m->slot[i].gslot);
		m->slot[i].gslot = -1;
		if (got_stop)
			continue;
		if (WIFSIGNALED(status))
			log_warnx("worker %d killed by signal %d; replacing it",
			    (int)pid, WTERMSIG(status));
		else
			log_warnx("worker %d exited with status %d; replacing it",
			    (int)pid, WEXITSTATUS(status));
		/* Back off when workers die right after they start. */
		if (now - m->slot[i].started < 2) {
			if (m->slot[i].fails < 6)
				m->slot[i].fails++;
		} else
			m->slot[i].fails = 0;
		m->slot[i].respawn_at = m->slot[i].fails == 0 ? now :
		    now + (1 << (m->slot[i].fails - 1));
	}
}

/*
 * SIGHUP: read the configuration and stylesheets again; when both are
 * good, replace each worker by a new one (started first, then the old
 * one is told to finish its request and stop).
 */
static void
reload(struct manager *m)
{
	struct config	 nc;
	char		 err[512];
	size_t		 i;
	pid_t		 pid;
	int		 gslot;

	config_defaults(&nc);
	if (config_load(&nc, m->conf_path, err, sizeof(err)) != 0) {
		log_warnx("reload refused, keeping the running configuration: %s",
		    err);
		return;
	}
	if (strcmp(nc.socket_path, m->cfg.socket_path) != 0 ||
	    nc.workers != m->cfg.workers)
		log_warnx("reload: socket_path and workers take effect only "
		    "after a restart");
	if (render_load(&nc, err, sizeof(err)) != SL_OK) {
		log_warnx("reload refused, keeping the running stylesheets: %s",
		    err);
		return;
	}
	memcpy(nc.socket_path, m->cfg.socket_path, sizeof(nc.socket_path));
	nc.workers = m->cfg.workers;
	m->cfg = nc;
	guard_set_max_waiting(max_waiting(&m->cfg));
	for (i = 0; i < m->nslot; i++) {
		if ((pid = spawn(m, &gslot)) < 0)
			continue;
		if (m->slot[i].pid != 0 && m->nretiring < MAX_WORKERS) {
			kill(m->slot[i].pid, SIGTERM);
			m->retiring[m->nretiring].pid = m->slot[i].pid;
			m->retiring[m->nretiring].gslot = m->slot[i].gslot;
			m->retiring[m->nretiring].killed = m->slot[i].killed;
			m->nretiring++;
		} else if (m->slot[i].pid != 0)
			guard_slot_release(m->slot[i].gslot);
		m->slot[i].pid = pid;
		m->slot[i].gslot = gslot;
		m->slot[i].killed = 0;
		m->slot[i].started = time(NULL);
		m->slot[i].fails = 0;
	}
	log_info("configuration and stylesheets reloaded; workers replaced");
}

/* Wait up to grace seconds for all children, then SIGKILL the rest. */
static void
stop_all(struct manager *m)
{
	size_t	 i;
	time_t	 deadline;
	int	 left;
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	for (i = 0; i < m->nslot; i++)
		if (m->slot[i].pid != 0)
			kill(m->slot[i].pid, SIGTERM);
	for (i = 0; i < m->nretiring; i++)
		kill(m->retiring[i].pid, SIGTERM);
	if (m->probe != 0)
		kill(m->probe, SIGTERM);
	deadline = time(NULL) + m->cfg.worker_stop_grace;
	for (;;) {
		reap(m);
		left = (int)m->nretiring + (m->probe != 0);
		for (i = 0; i < m->nslot; i++)
			if (m->slot[i].pid != 0)
				left++;
		if (left == 0)
			return;
		if (time(NULL) >= deadline)
			break;
		nanosleep(&ts, NULL);
	}
	log_warnx("%d workers did not stop in time; killing them", left);
	for (i = 0; i < m->nslot; i++)
		if (m->slot[i].pid != 0)
			kill(m->slot[i].pid, SIGKILL);
	for (i = 0; i < m->nretiring; i++)
		kill(m->retiring[i].pid, SIGKILL);
	if (m->probe != 0)
		kill(m->probe, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
}

static int
write_pid(const char *path)
{
	FILE	*f;

	if (path[0] == '\0')
		return 0;
	if ((f = fopen(path, "w")) == NULL) {
		log_warn("%s", path);
		return -1;
	}
	fprintf(f, "%d\n", (int)getpid());
	if (fclose(f) != 0) {
		log_warn("%s", path);
		return -1;
	}
	return 0;
}

int
manager_run(const struct config *cfg, const char *conf_path)
{
	struct manager	*m;
	struct sigaction sa;
	sigset_t	 block, old;
	char		 err[512];
	int		 rc = 1;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return 1;
	m->cfg = *cfg;
	m->conf_path = conf_path;
	m->fd = -1;
	m->nslot = (size_t)cfg->workers;
	m->probe_gslot = -1;

	/* Library state shared by all workers is set up before fork. */
	if (FCGX_Init() != 0) {
		log_warnx("FCGX_Init failed");
		goto out;
	}
	if (render_load(&m->cfg, err, sizeof(err)) != SL_OK) {
		log_warnx("stylesheets: %s", err);
		goto out;
	}
	if (guard_init(max_waiting(&m->cfg)) != SL_OK)
		goto out;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);

	if ((m->fd = open_socket(&m->cfg)) < 0)
		goto out;
	if (write_pid(m->cfg.pid_file) != 0)
		goto out;
	log_info("listening on %s with %lld workers", m->cfg.socket_path,
	    m->cfg.workers);
	fill_slots(m);
	alarm(1);
	while (!got_stop) {
		/* Flags are only read with the signals blocked. */
		sigsuspend(&old);
		if (got_chld) {
			got_chld = 0;
			reap(m);
		}
		if (got_hup) {
			got_hup = 0;
			reload(m);
		}
		if (got_alrm) {
			got_alrm = 0;
			if (!got_stop)
				tick(m);
			alarm(1);
		}
		if (!got_stop)
			fill_slots(m);
	}
	log_info("stopping");
	stop_all(m);
	rc = 0;
out:
	if (m->fd >= 0) {
		close(m->fd);
		(void)unlink(m->cfg.socket_path);
	}
	if (m->cfg.pid_file[0] != '\0' && rc == 0)
		(void)unlink(m->cfg.pid_file);
	render_free();
	guard_free();
	log_flush();
	free(m);
	return rc;
}
