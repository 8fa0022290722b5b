/*
 * fcgi_hello.c - the smallest useful libfcgi prefork responder: the
 * "upper bound" the benchmark compares the application against.
 *
 *   fcgi_hello -s SOCK -w N
 *
 * The parent creates the unix socket itself (socket/bind/chmod 0666/listen;
 * FCGX_OpenSocket is not used because it calls exit() on errors), forks N
 * workers that loop on FCGX_Accept_r() and answer a fixed 13-byte
 * "Hello, world\n", then waits.  SIGTERM/SIGINT to the parent stops the
 * workers, waits for them and unlinks the socket.  Nothing is written to
 * stdout; errors go to stderr.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <fcgiapp.h>

#define MAX_WORKERS 256

static const char RESPONSE[] =
	"Content-Type: text/plain\r\n"
	"Content-Length: 13\r\n"
	"\r\n"
	"Hello, world\n";

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_child(int sig)
{
	(void)sig;	/* only wakes sigsuspend() */
}

static void usage(void)
{
	fprintf(stderr, "usage: fcgi_hello -s SOCKET_PATH -w WORKERS (1-%d)\n",
	    MAX_WORKERS);
}

/* Create, bind, chmod and listen on a unix socket; -1 with a message. */
static int open_socket(const char *path)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "fcgi_hello: socket path too long (%zu bytes, "
		    "max %zu): %s\n", strlen(path), sizeof(sa.sun_path) - 1,
		    path);
		return -1;
	}
	/* Remove a stale socket, but never another kind of file. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "fcgi_hello: %s exists and is not a "
			    "socket; refusing to replace it\n", path);
			return -1;
		}
		if (unlink(path) != 0) {
			fprintf(stderr, "fcgi_hello: unlink %s: %s\n", path,
			    strerror(errno));
			return -1;
		}
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "fcgi_hello: socket: %s\n", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		fprintf(stderr, "fcgi_hello: bind %s: %s\n", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	/* nginx workers run as nobody. */
	if (chmod(path, 0666) != 0) {
		fprintf(stderr, "fcgi_hello: chmod 0666 %s: %s\n", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	if (listen(fd, SOMAXCONN) != 0) {
		fprintf(stderr, "fcgi_hello: listen %s: %s\n", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

static void worker(int fd)
{
	FCGX_Request req;

	if (FCGX_InitRequest(&req, fd, 0) != 0) {
		fprintf(stderr, "fcgi_hello: FCGX_InitRequest failed\n");
		_exit(1);
	}
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutStr(RESPONSE, (int)sizeof(RESPONSE) - 1, req.out);
		FCGX_Finish_r(&req);
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	pid_t pids[MAX_WORKERS];
	struct sigaction sa;
	sigset_t block, orig;
	long n = 0;
	int fd, i, c, alive, status = 0;
	char *end;

	while ((c = getopt(argc, argv, "s:w:h")) != -1) {
		switch (c) {
		case 's':
			path = optarg;
			break;
		case 'w':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || n < 1 ||
			    n > MAX_WORKERS) {
				fprintf(stderr, "fcgi_hello: bad worker count "
				    "'%s'\n", optarg);
				usage();
				return 2;
			}
			break;
		default:
			usage();
			return 2;
		}
	}
	if (path == NULL || *path == '\0' || n == 0 || optind != argc) {
		usage();
		return 2;
	}

	/* Block the signals we wait for; sigsuspend() unblocks them. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &orig);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (FCGX_Init() != 0) {
		fprintf(stderr, "fcgi_hello: FCGX_Init failed\n");
		return 1;
	}
	fd = open_socket(path);
	if (fd < 0)
		return 1;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "fcgi_hello: fork: %s\n",
			    strerror(errno));
			stop_requested = 1;
			status = 1;
			break;
		}
		if (pid == 0) {
			/* Default signals: SIGTERM ends the worker at once. */
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			/* Die with the parent even if it is SIGKILLed. */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() == 1)
				_exit(0);
			signal(SIGCHLD, SIG_DFL);
			sigprocmask(SIG_SETMASK, &orig, NULL);
			worker(fd);
		}
		pids[i] = pid;
	}
	n = i;
	alive = (int)n;

	/* Wait for a stop signal or for workers to exit. */
	while (!stop_requested && alive > 0) {
		int ws;
		pid_t p;

		sigsuspend(&orig);
		while ((p = waitpid(-1, &ws, WNOHANG)) > 0) {
			for (i = 0; i < n; i++) {
				if (pids[i] != p)
					continue;
				pids[i] = 0;
				alive--;
				fprintf(stderr, "fcgi_hello: worker %d exited "
				    "unexpectedly (status 0x%x)\n", (int)p, ws);
				status = 1;
			}
		}
	}

	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
				;
	close(fd);
	unlink(path);
	return status;
}
