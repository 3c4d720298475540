// SPDX-License-Identifier: LGPL-2.1-or-later
/* The daemon the wire harnesses talk to (fuzz_daemon.h). */
#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <unetlink/profile.h>

#include "daemon/daemon.h"
#include "wire/wire.h"
#include "fuzz_daemon.h"

bool fuzz_trace;
int fuzz_passed[16];
unsigned int fuzz_npassed;

static char sock_path[108];
static struct unl_profile *full;
static char dir[] = "/tmp/unetlink-fuzz-XXXXXX";

static pid_t daemon_tid;

static void *daemon_main(void *arg)
{
	struct unl_daemon_config *cfg = arg;
	int err;

	daemon_tid = gettid();
	err = unl_daemon_run(cfg);

	fprintf(stderr, "fuzz: the daemon stopped: %d\n", err);
	abort();
	return NULL;
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* The daemon's directory (socket, lock, a netns directory an input
 * made) goes with the run; the daemon thread dies with the process. */
static void remove_dir(void)
{
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

int fuzz_daemon_start(void)
{
	static struct unl_daemon_config cfg;
	int ready[2];
	pthread_t t;
	char c;

	fuzz_trace = getenv("FUZZ_TRACE") != NULL;
	if (!mkdtemp(dir))
		return -1;
	atexit(remove_dir);
	if (pipe(ready) || unl_profile_load("full", &full, NULL, 0))
		return -1;
	snprintf(sock_path, sizeof(sock_path), "%s/socket", dir);
	unl_daemon_config_init(&cfg);
	cfg.socket_path = sock_path;
	cfg.no_socket_activation = true;
	cfg.profile = full;
	cfg.ready_fd = ready[1];
	if (pthread_create(&t, NULL, daemon_main, &cfg))
		return -1;
	if (read(ready[0], &c, 1) != 1)
		return -1;
	close(ready[0]);
	return 0;
}

int fuzz_daemon_dial(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	memcpy(sa.sun_path, sock_path, strlen(sock_path) + 1);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "fuzz: cannot reach the daemon\n");
		abort();
	}
	return fd;
}

/* The descriptors answers passed: a data socket's client end is the
 * netlink socket (its last close closes it), so they stay open until
 * the input ends, as a client that dies does. */
static int kept[64];
static size_t nkept;

static void keep(int fd)
{
	if (fuzz_npassed < sizeof(fuzz_passed) / sizeof(fuzz_passed[0]))
		fuzz_passed[fuzz_npassed++] = fd;
	if (nkept < sizeof(kept) / sizeof(kept[0]))
		kept[nkept++] = fd;
	else
		close(fd);
}

void fuzz_daemon_close_kept(void)
{
	while (nkept)
		close(kept[--nkept]);
}

long fuzz_daemon_read(int fd, int wait_ms, void *buf, unsigned long cap)
{
	union {
		char b[CMSG_SPACE(sizeof(int) * 16)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { buf, cap };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = ctl.b,
			     .msg_controllen = sizeof(ctl.b) };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	fuzz_npassed = 0;
	if (poll(&p, 1, wait_ms) <= 0)
		return 0;
	n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c;
	     c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		     i++)
			keep(((int *)CMSG_DATA(c))[i]);
	}
	if (n < 0)
		return errno == EAGAIN ? 0 : -1;
	return n;
}

/* The CPU time the daemon's thread has used, in clock ticks, and its
 * state letter (R running or runnable, S sleeping...). */
static long daemon_ticks(char *state)
{
	char path[96], stat[1024], *p;
	long utime = 0, stime = 0;
	FILE *f;

	*state = '?';
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat",
		 (int)daemon_tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	p = fgets(stat, sizeof(stat), f) ? strrchr(stat, ')') : NULL;
	fclose(f);
	/* after "(comm)": state, then fields 4..13, utime and stime */
	if (!p || sscanf(p + 2, "%c %*s %*s %*s %*s %*s %*s %*s %*s %*s "
				"%*s %ld %ld",
			 state, &utime, &stime) != 3)
		return -1;
	return utime + stime;
}

void fuzz_daemon_hello(int fd)
{
	struct unl_wire_req r = { .op = UNL_OP_HELLO,
				  .a0 = (int32_t)UNL_WIRE_MAGIC,
				  .a1 = UNL_WIRE_VERSION };
	struct unl_wire_rep rep;
	char state;
	long t0 = daemon_ticks(&state);

	if (send(fd, &r, sizeof(r), MSG_NOSIGNAL) != sizeof(r))
		goto dead;
	/* A busy machine may keep the daemon's thread off the CPU for a
	 * while: say so, with the CPU time it had meanwhile (little: it
	 * waited for a CPU; all of it: it is busy with something), and give
	 * up only after a minute. */
	for (int i = 0; i < 6; i++) {
		long n = fuzz_daemon_read(fd, 10000, &rep, sizeof(rep));
		long t;

		if (n > 0)
			return;
		if (n < 0 || recv(fd, &rep, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
			goto dead;
		t = daemon_ticks(&state);
		fprintf(stderr,
			"fuzz: no answer to HELLO after %d s; the daemon's "
			"thread is in state %c and ran %ld ms meanwhile\n",
			10 * (i + 1), state,
			(t - t0) * 1000 / sysconf(_SC_CLK_TCK));
	}
dead:
	fprintf(stderr, "fuzz: the daemon stopped answering\n");
	abort();
}
