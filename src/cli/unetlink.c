// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * unetlink: the command-line tool that ties the daemon and the preload
 * shim together.
 *
 *   unetlink run [OPTIONS] [--] CMD [ARGS]   CMD on the userspace stack
 *   unetlink shell [OPTIONS]                 the same with an interactive $SHELL
 *   unetlink daemon [OPTIONS]                the daemon, in the foreground
 *   unetlink status [-j] [--socket PATH]     each net and its sockets, as
 *                                            /proc/net/netlink
 *   unetlink netns list|add|del [NAME]       the daemon's named nets
 *   unetlink profile show|list [OPTIONS]     the kernel profile in force
 *
 * Exit codes follow coreutils and the shells: 0 success, 1 a runtime
 * failure (one line "unetlink: ..." on stderr), 2 a usage error (with a
 * hint); `run` and `shell` exit with the command's status, 128+N when it
 * was killed by signal N, 126 when it cannot be executed, 127 when it is
 * not found.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/netlink.h>

#include <unetlink/fault.h>
#include <unetlink/profile.h>

#include "cli/capture.h"
#include "cli/cli.h"
#include "cli/monitor.h"
#include "cli/state.h"
#include "seccomp/seccomp.h"
#include "wire/wire.h"

#ifdef UNL_HAVE_DAEMON
#include "daemon/daemon.h"
#endif

#ifndef UNL_VERSION
#define UNL_VERSION "unknown"
#endif
#ifndef UNL_PRELOAD_NAME
#define UNL_PRELOAD_NAME "libunetlink-preload.so"
#endif
#ifndef UNL_LIBDIR
#define UNL_LIBDIR "/usr/local/lib"
#endif

#define ENV_PRELOAD "UNETLINK_PRELOAD"
#define ENV_PROFILE "UNETLINK_PROFILE"
/* How long to wait for a private daemon to listen, and to stop. */
#define DAEMON_START_MS 10000
#define DAEMON_STOP_MS 5000

const char *prog = "unetlink";
const char *subcmd; /* for the usage hint */

/* ---- messages ---------------------------------------------------- */

void __attribute__((format(printf, 1, 2))) warnx_(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A usage error: the message, then where to look, exit 2. */
void __attribute__((format(printf, 1, 2), noreturn))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (subcmd)
		fprintf(stderr, "Try '%s %s --help' for more information.\n",
			prog, subcmd);
	else
		fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(EXIT_USAGE);
}

/* ---- options shared by the subcommands -------------------------- */

static unsigned long parse_id(const char *what, const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v >= (unsigned long)UINT32_MAX || s[0] == '-')
		usage_error("invalid %s '%s'", what, s);
	return v;
}

static void opt_admin(struct opts *o, int which, const char *arg)
{
	if (which == OPT_ADMIN_UID) {
		if (o->n_admin_uids == MAX_ADMIN)
			usage_error("too many --admin-uid options (at most %d)",
				    MAX_ADMIN);
		o->admin_uids[o->n_admin_uids++] = (uid_t)parse_id("uid", arg);
	} else {
		if (o->n_admin_gids == MAX_ADMIN)
			usage_error("too many --admin-gid options (at most %d)",
				    MAX_ADMIN);
		o->admin_gids[o->n_admin_gids++] = (gid_t)parse_id("gid", arg);
	}
}

static int parse_admin_mode(const char *s)
{
	if (!strcmp(s, "root"))
		return ADMIN_ROOT;
	if (!strcmp(s, "owner"))
		return ADMIN_OWNER;
	if (!strcmp(s, "none"))
		return ADMIN_NONE;
	usage_error("invalid admin mode '%s' (root, owner or none)", s);
}

/* An option getopt_long() refused, said as coreutils say it. */
void __attribute__((noreturn)) bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':') {
		if (arg[0] == '-' && arg[1] == '-')
			usage_error("option '%s' requires an argument", arg);
		usage_error("option requires an argument -- '%c'", optopt);
	}
	if (optopt && !(arg[0] == '-' && arg[1] == '-'))
		usage_error("invalid option -- '%c'", optopt);
	usage_error("unrecognized option '%s'", arg);
}

void __attribute__((noreturn))
help_or_bad_option(int c, char **argv, const char *help)
{
	if (c == 'h') {
		fputs(help, stdout);
		exit(fflush(stdout) ? 1 : 0);
	}
	bad_option(c, argv);
}

/* ---- the socket path and the daemon on it ------------------------ */

/* The path the daemon listens on by default (the daemon's own answer
 * when it is built in). */
const char *default_path(void)
{
	static char buf[PATH_MAX];
#ifdef UNL_HAVE_DAEMON
	if (unl_daemon_default_path(buf, sizeof(buf)) < 0)
		return NULL;
	return buf;
#else
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	if (geteuid() == 0)
		return "/run/unetlink/socket";
	if (xdg && *xdg)
		snprintf(buf, sizeof(buf), "%s/unetlink/socket", xdg);
	else
		snprintf(buf, sizeof(buf), "/tmp/unetlink-%u/socket",
			 (unsigned)geteuid());
	return buf;
#endif
}

/* The explicit path: --socket, else $UNETLINK_SOCKET; NULL if neither. */
const char *explicit_path(const struct opts *o)
{
	const char *env = getenv(UNL_ENV_SOCKET);

	if (o->socket)
		return o->socket;
	return env && *env ? env : NULL;
}

static int fill_sun(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	strcpy(sun->sun_path, path);
	return 0;
}

/* Wait up to ms for fd to become readable: 0, or -ETIMEDOUT / -errno. */
static int wait_readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r;

	do
		r = poll(&p, 1, ms);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return r ? 0 : -ETIMEDOUT;
}

/*
 * One request on a control connection; the reply header goes to *rep and
 * its payload to a buffer the caller frees (*payload, may be NULL when
 * the reply has none).  Returns 0 or -errno (of the transport).
 */
int wire_call(int fd, const struct unl_wire_req *req,
		     struct unl_wire_rep *rep, void **payload, size_t *plen)
{
	uint8_t peek[sizeof(*rep)];
	uint8_t *buf;
	ssize_t n;
	int ret;

	if (payload)
		*payload = NULL;
	if (plen)
		*plen = 0;
	do
		n = send(fd, req, sizeof(*req), MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	ret = wait_readable(fd, 5000);
	if (ret < 0)
		return ret;
	/* SOCK_SEQPACKET: a peek with MSG_TRUNC gives the record's size. */
	do
		n = recv(fd, peek, sizeof(peek), MSG_PEEK | MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ECONNRESET;
	if ((size_t)n < sizeof(*rep)) {
		/* Take the runt off the queue; it is a protocol error. */
		recv(fd, peek, sizeof(peek), 0);
		return -EPROTO;
	}
	buf = malloc((size_t)n);
	if (!buf)
		return -ENOMEM;
	do
		n = recv(fd, buf, (size_t)n, 0);
	while (n < 0 && errno == EINTR);
	if (n < (ssize_t)sizeof(*rep)) {
		free(buf);
		return n < 0 ? -errno : -EPROTO;
	}
	memcpy(rep, buf, sizeof(*rep));
	if (rep->len > (size_t)n - sizeof(*rep)) {
		free(buf);
		return -EPROTO;
	}
	if (payload && rep->len) {
		memmove(buf, buf + sizeof(*rep), rep->len);
		*payload = buf;
		if (plen)
			*plen = rep->len;
	} else {
		free(buf);
	}
	return 0;
}

/*
 * A request with a payload and at most one descriptor each way (the NS
 * ops): 0 with *rep, the first 8 bytes of the reply's payload in *id
 * (when it has them) and the descriptor it carried in *fd_out (-1 when
 * none, close-on-exec), or -errno of the transport.
 */

static int wire_call_ns(int fd, struct unl_wire_req *req, const char *name,
			int fd_in, struct unl_wire_rep *rep, uint64_t *id,
			int *fd_out)
{
	return wire_call_buf(fd, req, name, name ? strlen(name) : 0, fd_in,
			     rep, id, fd_out);
}

/* The same with a payload of len bytes (NULs and all). */
int wire_call_buf(int fd, struct unl_wire_req *req, const void *data,
			 size_t len, int fd_in, struct unl_wire_rep *rep,
			 uint64_t *id, int *fd_out)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	unsigned char in[sizeof(*rep) + sizeof(*id)];
	struct iovec v[2] = { { req, sizeof(*req) }, { (void *)data, len } };
	struct msghdr m = { .msg_iov = v, .msg_iovlen = 2 };
	struct cmsghdr *h;
	ssize_t n;
	int ret;

	*fd_out = -1;
	req->len = (uint32_t)v[1].iov_len;
	if (fd_in >= 0) {
		memset(&cm, 0, sizeof(cm));
		m.msg_control = cm.buf;
		m.msg_controllen = sizeof(cm.buf);
		cm.h.cmsg_level = SOL_SOCKET;
		cm.h.cmsg_type = SCM_RIGHTS;
		cm.h.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&cm.h), &fd_in, sizeof(int));
	}
	do
		n = sendmsg(fd, &m, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	ret = wait_readable(fd, 5000);
	if (ret < 0)
		return ret;
	memset(&m, 0, sizeof(m));
	v[0].iov_base = in;
	v[0].iov_len = sizeof(in);
	m.msg_iov = v;
	m.msg_iovlen = 1;
	m.msg_control = cm.buf;
	m.msg_controllen = sizeof(cm.buf);
	do
		n = recvmsg(fd, &m, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
		if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS &&
		    h->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(fd_out, CMSG_DATA(h), sizeof(int));
	if (n < (ssize_t)sizeof(*rep)) {
		if (*fd_out >= 0)
			close(*fd_out);
		*fd_out = -1;
		return n ? -EPROTO : -ECONNRESET;
	}
	memcpy(rep, in, sizeof(*rep));
	if (id && n == (ssize_t)sizeof(in))
		memcpy(id, in + sizeof(*rep), sizeof(*id));
	return 0;
}

/*
 * Connect to the daemon at path and say HELLO.  Returns the connected
 * descriptor (the daemon's pid in *dpid), or -errno: -ENOENT or
 * -ECONNREFUSED when nothing listens there, -EPROTO when something that
 * is not a unetlink daemon of this version answers.
 */
int daemon_connect(const char *path, pid_t *dpid)
{
	struct unl_wire_req req = { .op = UNL_OP_HELLO,
				    .a0 = (int32_t)UNL_WIRE_MAGIC,
				    .a1 = UNL_WIRE_VERSION };
	struct unl_wire_rep rep;
	struct sockaddr_un sun;
	int fd, ret;

	ret = fill_sun(&sun, path);
	if (ret < 0)
		return ret;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	ret = wire_call(fd, &req, &rep, NULL, NULL);
	if (ret == 0 && rep.ret < 0)
		ret = -EPROTO;
	if (ret < 0) {
		close(fd);
		return ret;
	}
	if (dpid)
		*dpid = rep.ret;
	return fd;
}

bool nothing_listens(int err)
{
	return err == -ENOENT || err == -ECONNREFUSED;
}

/* ---- the preload library ------------------------------------------ */

static bool readable_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, R_OK) == 0;
}

/*
 * Where the shim is: $UNETLINK_PRELOAD, else beside this binary in the
 * build tree (src/cli/unetlink -> src/shim/NAME), else the install libdir.
 * Returns a path to free, or NULL after printing why.
 */
static char *find_preload(void)
{
	const char *env = getenv(ENV_PRELOAD);
	char self[PATH_MAX], *slash, *path = NULL, *real;
	const char *const libdirs[] = { UNL_LIBDIR, UNL_LIBDIR "/unetlink" };
	ssize_t n;

	if (env && *env) {
		real = realpath(env, NULL);
		if (!real || !readable_file(real)) {
			warnx_("%s=%s: %s", ENV_PRELOAD, env,
			       real ? "not a readable file" : strerror(errno));
			free(real);
			return NULL;
		}
		return real;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if (asprintf(&path, "%s/../shim/%s", self,
				     UNL_PRELOAD_NAME) < 0)
				path = NULL;
			if (path && readable_file(path)) {
				real = realpath(path, NULL);
				free(path);
				if (real)
					return real;
			} else {
				free(path);
			}
		}
	}
	for (size_t i = 0; i < sizeof(libdirs) / sizeof(libdirs[0]); i++) {
		if (asprintf(&path, "%s/%s", libdirs[i], UNL_PRELOAD_NAME) < 0)
			return NULL;
		if (readable_file(path))
			return path;
		free(path);
	}
	warnx_("cannot find the preload library %s (set %s)", UNL_PRELOAD_NAME,
	       ENV_PRELOAD);
	return NULL;
}

/* LD_PRELOAD with the shim first, keeping what was there (once). */
static char *preload_value(const char *shim)
{
	const char *old = getenv("LD_PRELOAD");
	char *v;

	if (!old || !*old)
		return strdup(shim);
	if (strstr(old, shim))
		return strdup(old);
	if (asprintf(&v, "%s:%s", shim, old) < 0)
		return NULL;
	return v;
}

/* ---- a private daemon --------------------------------------------- */

struct private_daemon {
	pid_t pid;
	int watch;  /* the write end of the daemon's watch pipe */
	char *dir;  /* the temporary directory we made, or NULL */
	char *path; /* the socket path */
};

#ifdef UNL_HAVE_DAEMON
static void fill_config(struct unl_daemon_config *cfg, const struct opts *o,
			const char *path)
{
	unl_daemon_config_init(cfg);
	cfg->socket_path = path;
	cfg->shared = o->shared;
	cfg->verbosity = o->verbosity;
	_Static_assert(ADMIN_ROOT == (int)UNL_ADMIN_ROOT &&
			       ADMIN_OWNER == (int)UNL_ADMIN_OWNER &&
			       ADMIN_NONE == (int)UNL_ADMIN_NONE,
		       "--admin numbers its modes as the daemon does");
	cfg->admin = (enum unl_daemon_admin)o->admin;
	cfg->admin_uids = o->admin_uids;
	cfg->n_admin_uids = o->n_admin_uids;
	cfg->admin_gids = o->admin_gids;
	cfg->n_admin_gids = o->n_admin_gids;
	cfg->profile = o->profile;
	cfg->replay_path = o->serve;
	cfg->replay_at_once = o->serve_at_once;
	cfg->manual_clock = o->manual_clock;
}
#endif

#ifdef UNL_HAVE_DAEMON
/* In the daemon's child: descriptors we inherited (pipes of whoever ran
 * us) must not be held open by the daemon. */
static void close_other_fds(int a, int b)
{
	unsigned int lo = (unsigned int)(a < b ? a : b);
	unsigned int hi = (unsigned int)(a < b ? b : a);

	if (lo > 3)
		close_range(3, lo - 1, 0);
	if (hi > lo + 1)
		close_range(lo + 1, hi - 1, 0);
	close_range(hi + 1, ~0u, 0);
}
#endif

/*
 * Start a daemon for our lifetime at path (NULL: in a fresh private
 * directory) and wait until it listens.  Returns 0 or -errno after
 * printing why.
 */
static void remove_private_dir(const char *dir);

static int private_start(struct private_daemon *pd, const struct opts *o,
			 const char *path)
{
#ifdef UNL_HAVE_DAEMON
	struct unl_daemon_config cfg;
	int ready[2], watch[2], ret, status;
	char c;
	ssize_t n;

	memset(pd, 0, sizeof(*pd));
	pd->pid = -1;
	pd->watch = -1;
	if (path) {
		pd->path = strdup(path);
	} else {
		/* $XDG_RUNTIME_DIR is its owner's alone: a shared daemon's
		 * directory must be reachable by everybody. */
		const char *base = o->shared ? NULL : getenv("XDG_RUNTIME_DIR");
		char *tmpl;

		if (!base || !*base || access(base, W_OK | X_OK) != 0)
			base = getenv("TMPDIR");
		if (!base || !*base || access(base, W_OK | X_OK) != 0)
			base = "/tmp";
		if (asprintf(&tmpl, "%s/unetlink.XXXXXX", base) < 0)
			return -ENOMEM;
		if (!mkdtemp(tmpl)) {
			ret = -errno;
			warnx_("cannot create a directory in %s: %s", base,
			       strerror(-ret));
			free(tmpl);
			return ret;
		}
		/* mkdtemp() made it 0700: a shared daemon's must let others
		 * reach its socket (the daemon keeps a directory that exists
		 * as it is) */
		if (o->shared && chmod(tmpl, 0755) < 0) {
			ret = -errno;
			warnx_("cannot open %s to other users: %s", tmpl,
			       strerror(-ret));
			remove_private_dir(tmpl);
			free(tmpl);
			return ret;
		}
		pd->dir = tmpl;
		if (asprintf(&pd->path, "%s/socket", tmpl) < 0)
			pd->path = NULL;
	}
	if (!pd->path)
		return -ENOMEM;
	if (pipe2(ready, O_CLOEXEC) < 0)
		return -errno;
	/* The daemon watches the read end: when we are gone, it ends. */
	if (pipe2(watch, O_CLOEXEC) < 0) {
		ret = -errno;
		close(ready[0]);
		close(ready[1]);
		return ret;
	}
	fflush(NULL);
	pd->pid = fork();
	if (pd->pid < 0) {
		ret = -errno;
		close(ready[0]);
		close(ready[1]);
		close(watch[0]);
		close(watch[1]);
		warnx_("cannot fork: %s", strerror(-ret));
		return ret;
	}
	if (pd->pid == 0) {
		int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);

		/* Away from the terminal's signals: ^C is for the command. */
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		close(ready[0]);
		close(watch[1]);
		close_other_fds(ready[1], watch[0]);
		/* Nothing of the daemon's may reach the command's stdout. */
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(STDERR_FILENO, STDOUT_FILENO);
		fill_config(&cfg, o, pd->path);
		cfg.ready_fd = ready[1]; /* the daemon's from now on */
		cfg.watch_fd = watch[0];
		ret = unl_daemon_run(&cfg);
		if (ret < 0)
			warnx_("cannot start a daemon at %s: %s", pd->path,
			       strerror(-ret));
		/* exit(), not _exit(): the sanitizer build checks the
		 * daemon for leaks too. */
		exit(ret < 0 ? 1 : 0);
	}
	close(ready[1]);
	close(watch[0]);
	pd->watch = watch[1];
	ret = wait_readable(ready[0], DAEMON_START_MS);
	if (ret == 0) {
		do
			n = read(ready[0], &c, 1);
		while (n < 0 && errno == EINTR);
		if (n != 1)
			ret = -ECHILD;
	}
	close(ready[0]);
	if (ret == -ECHILD) {
		/* It said why; reap it so that stopping finds nothing. */
		waitpid(pd->pid, &status, 0);
		pd->pid = -1;
		return ret;
	}
	if (ret < 0) {
		warnx_("cannot start a daemon at %s: %s", pd->path,
		       ret == -ETIMEDOUT ? "it did not start in time"
					 : strerror(-ret));
		return ret;
	}
	return 0;
#else
	(void)o;
	(void)path;
	memset(pd, 0, sizeof(*pd));
	pd->pid = -1;
	pd->watch = -1;
	warnx_("no daemon listens and this build has no daemon to start");
	return -ENOTSUP;
#endif
}

/* Wait for pid up to ms; the wait status, or -ETIMEDOUT. */
static int wait_timeout(pid_t pid, int ms)
{
	int status;

	for (int waited = 0;; waited += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (waited >= ms)
			return -ETIMEDOUT;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 },
			  NULL);
	}
}

/* The directory we made for a private daemon, and whatever the daemon
 * left in it (its socket, a lock file). */
static void remove_private_dir(const char *dir)
{
	DIR *d;
	struct dirent *de;
	char *sub;

	/* the netns directory, if the daemon could not remove it */
	if (asprintf(&sub, "%s/netns", dir) >= 0) {
		d = opendir(sub);
		while (d && (de = readdir(d)))
			unlinkat(dirfd(d), de->d_name, 0);
		if (d)
			closedir(d);
		rmdir(sub);
		free(sub);
	}
	d = opendir(dir);
	if (d) {
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				unlinkat(dirfd(d), de->d_name, 0);
		closedir(d);
	}
	if (rmdir(dir) < 0 && errno != ENOENT)
		warnx_("cannot remove %s: %s", dir, strerror(errno));
}

static void private_stop(struct private_daemon *pd)
{
	int status;

	if (pd->pid > 0) {
		kill(pd->pid, SIGTERM);
		status = wait_timeout(pd->pid, DAEMON_STOP_MS);
		if (status == -ETIMEDOUT) {
			warnx_("the daemon did not stop on SIGTERM; killing it");
			kill(pd->pid, SIGKILL);
			waitpid(pd->pid, &status, 0);
		} else if (status >= 0 && WIFEXITED(status) &&
			   WEXITSTATUS(status)) {
			warnx_("the daemon exited with status %d",
			       WEXITSTATUS(status));
		} else if (status >= 0 && WIFSIGNALED(status) &&
			   WTERMSIG(status) != SIGTERM) {
			warnx_("the daemon was killed by signal %d (%s)",
			       WTERMSIG(status), strsignal(WTERMSIG(status)));
		}
	}
	if (pd->watch >= 0)
		close(pd->watch);
	if (pd->dir)
		remove_private_dir(pd->dir);
	free(pd->dir);
	free(pd->path);
	memset(pd, 0, sizeof(*pd));
	pd->pid = -1;
	pd->watch = -1;
}

/* ---- run and shell ------------------------------------------------ */

static volatile sig_atomic_t child_pid, pending_signal;

/* SIGTERM and SIGHUP are for the command: pass them on.  We stay to
 * clean up after it.  Before it runs, remember them: it will not start. */
static void forward_signal(int sig)
{
	if (child_pid > 0)
		kill((pid_t)child_pid, sig);
	else
		pending_signal = sig;
}

/*
 * Whether name exists in a $PATH directory.  execvp() says EACCES when a
 * directory of $PATH is unreadable, even if the command is nowhere; a
 * shell says "command not found" (127) then, and so do we.
 */
static bool in_path(const char *name)
{
	const char *p = getenv("PATH");
	char *dirs, *save = NULL, *path;
	bool found = false;
	struct stat st;

	dirs = strdup(p && *p ? p : "/usr/local/bin:/bin:/usr/bin");
	if (!dirs)
		return true;
	for (char *d = strtok_r(dirs, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save)) {
		if (asprintf(&path, "%s/%s", *d ? d : ".", name) < 0)
			break;
		found = stat(path, &st) == 0;
		free(path);
	}
	free(dirs);
	return found;
}

static int exit_status_of(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

/* The answer of one NS op: 0, or -errno of the transport or the op. */
int ns_op(int fd, uint32_t op, int a0, const char *name, int fd_in,
		 uint64_t *id, int *fd_out)
{
	struct unl_wire_req req = { .op = op, .a0 = a0 };
	struct unl_wire_rep rep = { 0 };
	int out = -1, ret = wire_call_ns(fd, &req, name, fd_in, &rep, id, &out);

	if (ret == 0 && rep.ret < 0)
		ret = rep.ret;
	if (fd_out && ret == 0)
		*fd_out = out;
	else if (out >= 0)
		close(out);
	return ret;
}

/*
 * run --netns NAME: a carrier of NAME's net (wire.h, "Nets and
 * handles") for the command to inherit, which makes it start there as
 * `ip netns exec` would.  A private daemon made for this command has no
 * names yet: NAME is made there (create), while a daemon that was
 * running already must have it.  The descriptor (close-on-exec), or -1
 * after saying why.
 */
static int netns_carrier(const char *path, const char *name, bool create)
{
	int fd = daemon_connect(path, NULL), h = -1, c = -1, ret = 0;
	uint64_t id;

	if (fd < 0) {
		warnx_("cannot connect to %s: %s", path, strerror(-fd));
		return -1;
	}
	if (create)
		ret = ns_op(fd, UNL_OP_NS_ADD, 0, name, -1, &id, NULL);
	if (ret < 0) {
		warnx_("cannot create network namespace \"%s\": %s", name,
		       strerror(-ret));
		goto out;
	}
	ret = ns_op(fd, UNL_OP_NS_OPEN, UNL_NS_BY_NAME, name, -1, &id, &h);
	if (ret == -ENOENT) {
		warnx_("no network namespace \"%s\" at %s (make it with "
		       "'unetlink netns add %s')", name, path, name);
		goto out;
	}
	if (ret == 0)
		ret = ns_op(fd, UNL_OP_NS_SETNS, 1, NULL, h, &id, &c);
	if (ret < 0)
		warnx_("cannot enter network namespace \"%s\": %s", name,
		       strerror(-ret));
out:
	if (h >= 0)
		close(h);
	close(fd);
	return c;
}

/* ---- the backstop: --isolate ----------------------------------- */

/* Write text to a file of /proc/self: 0 or -errno. */
static int write_self(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		ret = -errno;
	close(fd);
	return ret;
}

/* The capabilities a private daemon's owner is granted (CAP_NET_ADMIN,
 * CAP_SYS_ADMIN for namespaces, CAP_NET_RAW), kept across exec as
 * ambient ones: the daemon bounds what it grants a process of another
 * user namespace by what that process holds there, and a non-root uid
 * loses everything at exec otherwise.  They act over the throwaway
 * namespace only. */
static int isolate_keep_caps(void)
{
	static const int keep[] = { CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_NET_RAW };
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &h, data) < 0)
		return -errno;
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		data[keep[i] / 32].inheritable |= 1u << (keep[i] % 32);
	if (syscall(SYS_capset, &h, data) < 0)
		return -errno;
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, keep[i], 0, 0) < 0)
			return -errno;
	return 0;
}

/* A user namespace where we are who we were (uid and gid mapped to
 * themselves), so the command sees the same ids and, not being root,
 * no capabilities; it owns the network namespace made next. */
static int isolate_userns(void)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
		return -errno;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned int)uid,
		 (unsigned int)uid);
	if (write_self("/proc/self/uid_map", map) < 0)
		return -errno;
	if (write_self("/proc/self/setgroups", "deny") < 0)
		return -errno;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned int)gid,
		 (unsigned int)gid);
	if (write_self("/proc/self/gid_map", map) < 0)
		return -errno;
	return isolate_keep_caps();
}

/*
 * --isolate: this process (the command to be) moves to a fresh kernel
 * network namespace, holding only a loopback device that is down.
 * Whatever bypasses the shim then changes that throwaway namespace,
 * never the host's; the daemon, outside, is reached through its path.
 * 0, or -1 after saying why.
 */
static int isolate_net(void)
{
	int err = 0;

	if (unshare(CLONE_NEWNET) < 0)
		err = -errno;
	if (err == -EPERM)
		err = isolate_userns();
	if (err < 0)
		warnx_("--isolate: cannot make a network namespace: %s%s",
		       strerror(-err),
		       err == -EPERM || err == -EACCES
			       ? " (user namespaces may be disabled here)"
			       : "");
	return err < 0 ? -1 : 0;
}

/* ---- the seccomp front end ---------------------------------------- */

/* Where execvp() would find name: the first executable of $PATH (name
 * itself when it has a slash).  false when nowhere. */
static bool command_path(const char *name, char *buf, size_t len)
{
	const char *p = getenv("PATH");
	char *dirs, *save = NULL;
	bool found = false;

	if (strchr(name, '/'))
		return snprintf(buf, len, "%s", name) < (int)len;
	dirs = strdup(p && *p ? p : "/usr/local/bin:/bin:/usr/bin");
	if (!dirs)
		return false;
	for (char *d = strtok_r(dirs, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save))
		found = snprintf(buf, len, "%s/%s", *d ? d : ".", name) <
				(int)len &&
			access(buf, X_OK) == 0;
	free(dirs);
	return found;
}

/* One warning when the command is one no preload serves (static, or
 * Go) and --preload keeps the seccomp front end from serving it. */
static void warn_if_static(const char *name)
{
	char path[PATH_MAX];

	if (command_path(name, path, sizeof(path)) &&
	    unl_elf_kind(path) == UNL_ELF_RAW)
		warnx_("warning: %s makes its system calls without the C "
		       "library (linked statically, or Go): the shim cannot "
		       "serve it, and what it does to the network reaches "
		       "the kernel; without --preload the seccomp front end "
		       "serves it, and --isolate confines it to a throwaway "
		       "network namespace",
		       name);
}

/* Neither front end serves a 32-bit program (its system calls are
 * another architecture's): it is refused as a kernel without 32-bit
 * emulation refuses it, before it could reach the host's kernel. */
static void refuse_if_32bit(const char *name)
{
	char path[PATH_MAX];

	if (command_path(name, path, sizeof(path)) &&
	    unl_elf_kind(path) == UNL_ELF_32BIT) {
		warnx_("%s: %s (a 32-bit program: unetlink serves 64-bit "
		       "programs only)", name, strerror(ENOEXEC));
		_exit(126);
	}
}

/* A command the shim serves by default: its static and Go programs go
 * to the seccomp front end through this tool (seccomp-exec.c). */
static void exec_through_seccomp(const struct opts *o, bool seccomp)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	unsetenv(UNL_ENV_SECCOMP_EXEC);
	if (seccomp || o->frontend != FRONTEND_AUTO || n <= 0)
		return;
	self[n] = '\0';
	setenv(UNL_ENV_SECCOMP_EXEC, self, 1);
}

/* A command the shim serves still gets the supervisor's head (module
 * loading refused, no 32-bit calls) where the kernel takes a filter
 * without no_new_privs; without CAP_SYS_ADMIN it could not load a
 * module anyway. */
static void preload_child_head(void)
{
	int err = unl_sc_install_head();

	if (err < 0 && err != -EACCES)
		warnx_("cannot install the module filter: %s", strerror(-err));
}

/* --seccomp, --preload, or by itself: seccomp for a static binary, in
 * which the shim could never load, and for a Go program, which makes
 * its socket calls without libc. */
static bool wants_seccomp(const struct opts *o, const char *cmd)
{
	char path[PATH_MAX];

	if (o->frontend != FRONTEND_AUTO)
		return o->frontend == FRONTEND_SECCOMP;
	return command_path(cmd, path, sizeof(path)) &&
	       unl_elf_kind(path) == UNL_ELF_RAW;
}

/* In the child before exec: its own connection to the daemon (so the
 * daemon knows the command's credentials), the filter, and both handed
 * to the supervisor over chan.  Exits 126 when that fails. */
static void seccomp_child(const char *path, int chan)
{
	int conn = daemon_connect(path, NULL), err;

	if (conn < 0) {
		warnx_("cannot connect to %s: %s", path, strerror(-conn));
		_exit(126);
	}
	err = unl_sc_child_install(conn, chan);
	if (err < 0) {
		warnx_("cannot install the seccomp filter: %s",
		       strerror(-err));
		_exit(126);
	}
	close(conn);
	close(chan);
}

/* The supervisor's side: the child's wait status, or -errno when the
 * child could not be served (it said why, or was killed). */
static int seccomp_parent(int chan, pid_t pid, int net)
{
	int listener, conn, base, err;

	err = unl_sc_parent_receive(chan, &listener, &conn, &base);
	close(chan);
	if (err < 0)
		return err;
	err = unl_sc_serve(listener, conn, base, net, pid);
	close(listener);
	close(conn);
	if (err < 0)
		warnx_("the seccomp supervisor failed: %s", strerror(-err));
	return err;
}

/*
 * Run argv with the shim preloaded, talking to a daemon: the one that
 * listens at the explicit or default path, or a private one for the
 * command's lifetime.  Returns the exit status to exit with.
 */
/*
 * run --capture FILE: a capture of every net, running before COMMAND
 * starts, written to FILE by a process of its own (*writer) until
 * capture_finish() ends it after COMMAND.  The connection, or -1 after
 * saying why.
 */
static int capture_for_run(const char *path, const char *file, bool record,
			   pid_t *writer)
{
	enum capture_format format =
		record ? CAPTURE_RECORD : capture_format_of(file);
	struct capture_stats st;
	int fd = capture_open(path, NULL, -1, 0);

	if (fd < 0)
		return -1;
	fflush(NULL);
	*writer = fork();
	if (*writer < 0) {
		warnx_("cannot fork: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (*writer == 0) {
		/* ^C is for COMMAND: the capture ends after it */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		_exit(capture_write_as(fd, file, format, 0, NULL, &st) ? 1 : 0);
	}
	return fd;
}

/* After COMMAND: the daemon ends the capture behind what it holds, and
 * the writer writes that.  False when the capture failed. */
static bool capture_finish(int fd, pid_t writer)
{
	int status = 0;

	if (fd < 0)
		return true;
	capture_request_end(fd);
	while (waitpid(writer, &status, 0) < 0 && errno == EINTR)
		;
	close(fd);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int run_command(const struct opts *o, char **argv)
{
	struct private_daemon pd = { .pid = -1, .watch = -1 };
	const char *path = explicit_path(o);
	struct sigaction sa = { .sa_handler = forward_signal };
	struct sigaction old_int, old_quit, old_term, old_hup;
	sigset_t block, oldmask;
	char *shim, *preload = NULL;
	int status, ret, fd = -ENOENT, carrier = -1, chan[2] = { -1, -1 };
	bool seccomp = wants_seccomp(o, argv[0]);
	int capture = -1;
	pid_t pid, writer = -1;

	if (!seccomp) {
		shim = find_preload();
		if (!shim)
			return 1;
		preload = preload_value(shim);
		free(shim);
		if (!preload) {
			warnx_("out of memory");
			return 1;
		}
	}
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);

	if (!o->private_daemon || path) {
		const char *probe = path ? path : default_path();

		fd = probe ? daemon_connect(probe, NULL) : -ENOENT;
		if (fd >= 0 && o->profile && !o->profile_from_env) {
			/* a profile is the kernel of a daemon we start */
			close(fd);
			warnx_("a daemon already listens at %s; --profile "
			       "starts a daemon of its own (drop --socket)",
			       probe);
			free(preload);
			return 1;
		}
		if (fd >= 0) {
			close(fd);
			path = probe;
		} else if (path && !nothing_listens(fd) && fd != -EPROTO) {
			warnx_("cannot connect to %s: %s", path, strerror(-fd));
			free(preload);
			return 1;
		} else if (path && fd == -EPROTO) {
			warnx_("%s: not a unetlink daemon of this version",
			       path);
			free(preload);
			return 1;
		}
	}
	if (fd < 0) {
		/* Nothing listens: a private daemon, at the explicit path or
		 * in a private directory. */
		ret = private_start(&pd, o, path);
		if (ret < 0) {
			private_stop(&pd);
			free(preload);
			return 1;
		}
		path = pd.path;
	}
	if (o->netns) {
		carrier = netns_carrier(path, o->netns, pd.pid > 0);
		if (carrier < 0) {
			private_stop(&pd);
			free(preload);
			return 1;
		}
	}
	if (o->nfaults && faults_add(path, o->faults, o->nfaults) < 0) {
		if (carrier >= 0)
			close(carrier);
		private_stop(&pd);
		free(preload);
		return 1;
	}
	if (o->state && state_load_into(path, o->netns, o->state)) {
		if (carrier >= 0)
			close(carrier);
		private_stop(&pd);
		free(preload);
		return 1;
	}
	if (o->capture) {
		capture = capture_for_run(path, o->capture, o->capture_record,
					  &writer);
		if (capture < 0) {
			if (carrier >= 0)
				close(carrier);
			private_stop(&pd);
			free(preload);
			return 1;
		}
		fcntl(capture, F_SETFD, FD_CLOEXEC);
	}

	/* As a shell does for a foreground job: ^C and ^\ reach the command
	 * through the terminal; we wait for its verdict. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGQUIT, &sa, &old_quit);

	/* No signal between fork() and knowing the child's pid. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &oldmask);
	if (pending_signal) {
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		status = 128 + pending_signal;
		goto out;
	}
	if (seccomp &&
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, chan) < 0) {
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		warnx_("cannot make a socket pair: %s", strerror(errno));
		status = 1;
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		warnx_("cannot fork: %s", strerror(errno));
		status = 1;
		goto out;
	}
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGHUP, &old_hup, NULL);
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		/* the command inherits its net */
		if (carrier >= 0)
			fcntl(carrier, F_SETFD, 0);
		if ((preload && setenv("LD_PRELOAD", preload, 1) < 0) ||
		    setenv(UNL_ENV_SOCKET, path, 1) < 0) {
			warnx_("cannot set the environment: %s", strerror(errno));
			_exit(126);
		}
		if (o->isolate && isolate_net() < 0)
			_exit(126);
		if (!o->isolate && !seccomp)
			warn_if_static(argv[0]);
		refuse_if_32bit(argv[0]);
		exec_through_seccomp(o, seccomp);
		if (seccomp) {
			close(chan[0]);
			seccomp_child(path, chan[1]);
		} else {
			preload_child_head();
		}
		execvp(argv[0], argv);
		ret = errno;
		if (!strchr(argv[0], '/') && !in_path(argv[0]))
			ret = ENOENT;
		warnx_("%s: %s", argv[0],
		       ret == ENOENT && !strchr(argv[0], '/')
			       ? "command not found"
			       : strerror(ret));
		_exit(ret == ENOENT ? 127 : 126);
	}
	child_pid = pid;
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	if (seccomp) {
		close(chan[1]);
		/* The supervisor serves until the child exits, and gives
		 * its wait status; on failure the child is waited for below
		 * (it said why, or was killed). */
		ret = seccomp_parent(chan[0], pid, carrier);
		if (ret >= 0) {
			child_pid = 0;
			status = exit_status_of(ret);
			goto out;
		}
	}
	if (carrier >= 0)
		close(carrier);
	carrier = -1;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			warnx_("waitpid: %s", strerror(errno));
			status = 1 << 8;
			break;
		}
	}
	child_pid = 0;
	status = exit_status_of(status);
out:
	if (carrier >= 0)
		close(carrier);
	if (!capture_finish(capture, writer) && status == 0)
		status = 1;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	private_stop(&pd);
	free(preload);
	return status;
}

static const char run_help[] =
	"Usage: unetlink run [OPTION]... [--] COMMAND [ARG]...\n"
	"Run COMMAND with every AF_NETLINK socket served by the userspace\n"
	"netlink stack (the preload shim talking to a unetlink daemon).\n"
	"\n"
	"If no daemon listens at the socket path, a private one is started\n"
	"for the command's lifetime, in a fresh private directory unless\n"
	"--socket or $UNETLINK_SOCKET names the path.\n"
	"\n"
	"  -s, --socket PATH   the daemon's socket (default: $UNETLINK_SOCKET,\n"
	"                      else the daemon's default path)\n"
	"      --private       ignore a daemon at the default path: start a\n"
	"                      private one\n"
	"      --shared        let every user connect to the private daemon\n"
	"                      (for commands that drop privileges)\n"
	"      --admin MODE    who has admin rights (CAP_NET_ADMIN) in a\n"
	"                      private daemon: root (the processes that hold\n"
	"                      them, as in a network namespace of the host),\n"
	"                      owner (those, and your own processes, as\n"
	"                      'unshare -rn' would give; the default without\n"
	"                      --shared) or none\n"
	"      --admin-uid N   a private daemon grants admin rights\n"
	"                      (CAP_NET_ADMIN) to uid N; repeatable\n"
	"      --admin-gid N   ... and to members of group N; repeatable\n"
	"      --profile P     the kernel the private daemon follows: host\n"
	"                      (the default: the running kernel), full,\n"
	"                      minimal, or a profile file; implies --private\n"
	"      --netns NAME    start COMMAND in the daemon's network namespace\n"
	"                      NAME, as 'ip netns exec' would; a private\n"
	"                      daemon started for COMMAND makes it first\n"
	"      --isolate       start COMMAND in a fresh kernel network\n"
	"                      namespace (in a new user namespace when not\n"
	"                      root): what bypasses the shim (static\n"
	"                      binaries, raw system calls, io_uring) lands\n"
	"                      there, never on the host; COMMAND then has no\n"
	"                      network of the host's either\n"
	"      --seccomp       serve COMMAND's netlink system calls with a\n"
	"                      seccomp supervisor (the default for static\n"
	"                      binaries and Go programs, which no preload\n"
	"                      reaches)\n"
	"      --preload       serve COMMAND with the preload shim only\n"
	"      --fault RULE    inject faults by RULE (repeatable; see\n"
	"                      'unetlink fault' and unetlink(1))\n"
	"      --fault-file F  ... by each rule of file F, one a line\n"
	"      --capture FILE  write every netlink message of the daemon's\n"
	"                      nets from COMMAND's start to its end to FILE\n"
	"                      (as 'unetlink capture' writes it: pcapng\n"
	"                      when FILE ends in .pcapng, else pcap)\n"
	"      --state FILE    load the state file FILE ('unetlink state')\n"
	"                      into the net before COMMAND starts\n"
	"      --manual-clock  the private daemon's clock stands still but\n"
	"                      for 'unetlink clock advance' (tests that count\n"
	"                      what happens each second); implies --private\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"Exit status is COMMAND's: 128+N if it was killed by signal N, 126 if\n"
	"it could not be executed, 127 if it was not found, 1 if unetlink\n"
	"itself failed, 2 on a usage error.\n"
	"Environment: UNETLINK_SOCKET, UNETLINK_PRELOAD (the shim library),\n"
	"UNETLINK_PROFILE (the profile of a daemon run starts, when --profile\n"
	"is not given).\n";

static const char shell_help[] =
	"Usage: unetlink shell [OPTION]...\n"
	"Start an interactive $SHELL (or /bin/sh) in which every program\n"
	"uses the userspace netlink stack.  Options as for 'unetlink run'.\n"
	"\n"
	"  -s, --socket PATH   the daemon's socket\n"
	"      --private       always start a private daemon\n"
	"      --shared        let every user connect to the private daemon\n"
	"      --admin MODE    who is admin in a private daemon: root, owner\n"
	"                      or none\n"
	"      --admin-uid N   admin rights for uid N in a private daemon\n"
	"      --admin-gid N   admin rights for group N in a private daemon\n"
	"      --profile P     the kernel profile of the private daemon\n"
	"  -h, --help          display this help and exit\n";

static const char daemon_help[] =
	"Usage: unetlink daemon [OPTION]...\n"
	"Run the unetlink daemon in the foreground until SIGTERM or SIGINT.\n"
	"\n"
	"  -s, --socket PATH   where to listen (default: $UNETLINK_SOCKET, else\n"
	"                      /run/unetlink/socket for root, else\n"
	"                      $XDG_RUNTIME_DIR/unetlink/socket, else\n"
	"                      /tmp/unetlink-UID/socket)\n"
	"      --admin MODE    who has admin rights (CAP_NET_ADMIN): root (the\n"
	"                      processes whose capabilities include them; the\n"
	"                      default with --shared), owner (those, and the\n"
	"                      owner's processes; the default otherwise) or\n"
	"                      none\n"
	"      --admin-uid N   grant admin rights to uid N too; repeatable\n"
	"      --admin-gid N   ... and to members of group N; repeatable\n"
	"      --shared        let every user connect (directory 0755, socket\n"
	"                      0666); the default for root at\n"
	"                      /run/unetlink/socket.  Otherwise only the owner\n"
	"                      can (directory 0700, socket 0600)\n"
	"  -v, --verbose       log more (twice: every connection)\n"
	"      --foreground    run in the foreground (the default)\n"
	"      --profile P     the kernel the daemon follows: host (the\n"
	"                      default), full, minimal, or a profile file\n"
	"      --manual-clock  the clock stands still but for 'unetlink\n"
	"                      clock advance' (tests)\n"
	"  -h, --help          display this help and exit\n";

static const char main_help[] =
	"Usage: unetlink COMMAND [OPTION]...\n"
	"Linux netlink (AF_NETLINK) in userspace.\n"
	"\n"
	"Commands:\n"
	"  run [--] CMD [ARG]...  run CMD on the userspace netlink stack\n"
	"  shell                  an interactive shell on the stack\n"
	"  daemon                 run the daemon in the foreground\n"
	"  status [-j]            list the daemon's nets and sockets\n"
	"  netns list|add|del     the daemon's named network namespaces\n"
	"  profile show|list      the kernel profile in force, the named ones\n"
	"  uevent inject          send a uevent to the daemon's listeners\n"
	"  capture [-w FILE]      write the daemon's netlink messages as pcap(ng)\n"
	"  fault add|del|list     the daemon's fault-injection rules\n"
	"  record -w FILE CMD     keep CMD's netlink conversation\n"
	"  replay --check FILE CMD  compare CMD's requests with a recording\n"
	"  state save|load|import  a net's configuration as a file\n"
	"  monitor [-j]           print every netlink message as it passes\n"
	"  clock advance SECONDS  move the daemon's clock ahead (tests)\n"
	"\n"
	"  -h, --help     display this help and exit\n"
	"  -V, --version  output version information and exit\n"
	"\n"
	"'unetlink COMMAND --help' describes each command; see unetlink(1).\n";

/* --profile: a bad name or file is a usage error, told before anything
 * runs. */
static void load_profile(struct opts *o)
{
	char err[512];

	if (unl_profile_load(o->profile_name, &o->profile, err, sizeof(err)))
		usage_error("%s", err);
}

/*
 * Parse the options of one subcommand.  `run` stops at the first
 * non-option (the command); the others take no operands.  Returns the
 * index of the first operand.
 */
/* What parse_opts() left to free. */
static void opts_release(struct opts *o)
{
	unl_profile_unref(o->profile);
	o->profile = NULL;
	free(o->faults);
	o->faults = NULL;
	o->nfaults = 0;
	for (size_t i = 0; i < o->nfault_lines; i++)
		free(o->fault_lines[i]);
	free(o->fault_lines);
	o->fault_lines = NULL;
	o->nfault_lines = 0;
}

static void add_fault(struct opts *o, const char *rule)
{
	const char **f = realloc(o->faults, (o->nfaults + 1) * sizeof(*f));

	if (!f) {
		warnx_("out of memory");
		exit(1);
	}
	f[o->nfaults++] = rule;
	o->faults = f;
}

/* --fault-file FILE: a rule a line; blank lines and # comments skipped.
 * The lines are o's, freed by opts_release(). */
static void add_fault_file(struct opts *o, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, **lines;
	size_t cap = 0;
	ssize_t n;

	if (!fp) {
		warnx_("%s: %s", path, strerror(errno));
		exit(1);
	}
	while ((n = getline(&line, &cap, fp)) >= 0) {
		char *p = line;

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
			line[--n] = '\0';
		p += strspn(p, " \t");
		if (!*p || *p == '#')
			continue;
		p = strdup(p);
		lines = p ? realloc(o->fault_lines,
				    (o->nfault_lines + 1) * sizeof(*lines))
			  : NULL;
		if (!lines) {
			free(p);
			warnx_("out of memory");
			exit(1);
		}
		o->fault_lines = lines;
		o->fault_lines[o->nfault_lines++] = p;
		add_fault(o, p);
	}
	free(line);
	fclose(fp);
}

int parse_opts(int argc, char **argv, struct opts *o,
		      const char *help, bool operands, bool admin, bool json)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, OPT_SOCKET },
		{ "admin-uid", required_argument, NULL, OPT_ADMIN_UID },
		{ "admin-gid", required_argument, NULL, OPT_ADMIN_GID },
		{ "admin", required_argument, NULL, OPT_ADMIN },
		{ "foreground", no_argument, NULL, OPT_FOREGROUND },
		{ "private", no_argument, NULL, OPT_PRIVATE },
		{ "shared", no_argument, NULL, OPT_SHARED },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "netns", required_argument, NULL, OPT_NETNS },
		{ "isolate", no_argument, NULL, OPT_ISOLATE },
		{ "seccomp", no_argument, NULL, OPT_SECCOMP },
		{ "preload", no_argument, NULL, OPT_PRELOAD },
		{ "capture", required_argument, NULL, OPT_CAPTURE },
		{ "fault", required_argument, NULL, OPT_FAULT },
		{ "fault-file", required_argument, NULL, OPT_FAULT_FILE },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "manual-clock", no_argument, NULL, OPT_MANUAL_CLOCK },
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool is_daemon = !strcmp(subcmd, "daemon");
	bool is_run = !strcmp(subcmd, "run") || !strcmp(subcmd, "shell");
	int c;

	optind = 1;
	opterr = 0;
	/* `run` stops at its command; `netns add NAME -s PATH` does not */
	const char *optstr = strcmp(subcmd, "netns") ? "+:s:jhv" : ":s:jhv";

	while ((c = getopt_long(argc, argv, optstr, longopts, NULL)) != -1) {
		switch (c) {
		case 's':
		case OPT_SOCKET:
			if (!*optarg)
				usage_error("empty socket path");
			o->socket = optarg;
			break;
		case OPT_ADMIN_UID:
		case OPT_ADMIN_GID:
			if (!admin)
				usage_error("unrecognized option '%s'",
					    argv[optind - 1]);
			opt_admin(o, c, optarg);
			break;
		case OPT_ADMIN:
			if (!admin)
				usage_error("unrecognized option '%s'",
					    argv[optind - 1]);
			o->admin = parse_admin_mode(optarg);
			break;
		case OPT_FOREGROUND:
			if (!is_daemon)
				usage_error("unrecognized option '--foreground'");
			break;
		case OPT_PRIVATE:
			if (!is_run)
				usage_error("unrecognized option '--private'");
			o->private_daemon = true;
			break;
		case OPT_SHARED:
			if (!admin)
				usage_error("unrecognized option '--shared'");
			o->shared = true;
			break;
		case OPT_PROFILE:
			if (!is_daemon && !is_run && strcmp(subcmd, "profile"))
				usage_error("unrecognized option '--profile'");
			o->profile_name = optarg;
			break;
		case OPT_ISOLATE:
			if (!is_run)
				usage_error("unrecognized option '--isolate'");
			o->isolate = true;
			break;
		case OPT_MANUAL_CLOCK:
			if (!is_daemon && !is_run)
				usage_error("unrecognized option '--manual-clock'");
			o->manual_clock = true;
			break;
		case OPT_NETNS:
			if (strcmp(subcmd, "run"))
				usage_error("unrecognized option '--netns'");
			if (!*optarg)
				usage_error("empty network namespace name");
			o->netns = optarg;
			break;
		case OPT_SECCOMP:
		case OPT_PRELOAD:
			if (!is_run)
				usage_error("unrecognized option '%s'",
					    argv[optind - 1]);
			o->frontend = c == OPT_SECCOMP ? FRONTEND_SECCOMP
						       : FRONTEND_PRELOAD;
			break;
		case OPT_FAULT:
		case OPT_FAULT_FILE:
			if (strcmp(subcmd, "run"))
				usage_error("unrecognized option '%s'",
					    argv[optind - 1]);
			if (c == OPT_FAULT)
				add_fault(o, optarg);
			else
				add_fault_file(o, optarg);
			break;
		case OPT_STATE:
			if (strcmp(subcmd, "run"))
				usage_error("unrecognized option '--state'");
			o->state = optarg;
			break;
		case OPT_CAPTURE:
			if (strcmp(subcmd, "run"))
				usage_error("unrecognized option '--capture'");
			if (!*optarg)
				usage_error("empty capture file name");
			o->capture = optarg;
			break;
		case 'v':
			if (!is_daemon)
				usage_error("invalid option -- 'v'");
			o->verbosity++;
			break;
		case 'j':
			if (!json)
				usage_error("invalid option -- 'j'");
			o->json = true;
			break;
		default:
			help_or_bad_option(c, argv, help);
		}
	}
	if (!operands && optind < argc)
		usage_error("extra operand '%s'", argv[optind]);
	if (!o->profile_name && (is_run || is_daemon)) {
		const char *env = getenv(ENV_PROFILE);

		if (env && *env) {
			o->profile_name = env;
			o->profile_from_env = true;
		}
	}
	if (o->profile_name)
		load_profile(o);
	/* an explicit profile is the kernel of a daemon of our own */
	if (o->profile && is_run && !o->profile_from_env)
		o->private_daemon = true;
	/* and so is a clock that stands still */
	if (o->manual_clock && is_run)
		o->private_daemon = true;
	return optind;
}

static int cmd_run(int argc, char **argv)
{
	struct opts o = { 0 };
	int ret, first = parse_opts(argc, argv, &o, run_help, true, true, false);

	if (first >= argc)
		usage_error("missing command to run");
	ret = run_command(&o, argv + first);
	opts_release(&o);
	return ret;
}

static int cmd_shell(int argc, char **argv)
{
	struct opts o = { 0 };
	const char *sh = getenv("SHELL");
	char *args[3];
	int ret;

	parse_opts(argc, argv, &o, shell_help, false, true, false);
	if (!sh || !*sh)
		sh = "/bin/sh";
	args[0] = (char *)sh;
	args[1] = (char *)"-i";
	args[2] = NULL;
	ret = run_command(&o, args);
	opts_release(&o);
	return ret;
}

/* ---- daemon ------------------------------------------------------- */

static int cmd_daemon(int argc, char **argv)
{
	struct opts o = { 0 };

	parse_opts(argc, argv, &o, daemon_help, false, true, false);
#ifdef UNL_HAVE_DAEMON
	{
		struct unl_daemon_config cfg;
		const char *path = explicit_path(&o);
		int ret;

		if (!path)
			path = default_path();
		if (!path) {
			warnx_("the default socket path is too long");
			unl_profile_unref(o.profile);
			return 1;
		}
		/* The system daemon serves every user; rights still come
		 * from each client's uid, never from file modes. */
		if (geteuid() == 0 && !strcmp(path, "/run/unetlink/socket"))
			o.shared = true;
		fill_config(&cfg, &o, path);
		ret = unl_daemon_run(&cfg);
		unl_profile_unref(o.profile);
		if (ret < 0) {
			warnx_("daemon at %s: %s", path, strerror(-ret));
			return 1;
		}
		return 0;
	}
#else
	warnx_("this build has no daemon");
	return 1;
#endif
}

/* ---- record and replay -------------------------------------------- */

static const char record_help[] =
	"Usage: unetlink record [--kernel] -w FILE [--] COMMAND [ARG]...\n"
	"       unetlink replay --check FILE [--] COMMAND [ARG]...\n"
	"       unetlink replay --serve FILE [--no-timing] [--] COMMAND [ARG]...\n"
	"record runs COMMAND on a private daemon (as 'unetlink run --private')\n"
	"and keeps its netlink conversation in FILE: every request, answer\n"
	"and notification, with its protocol, net and time (docs/record.md).\n"
	"replay --check runs COMMAND the same way and compares its requests\n"
	"with the recording's, in order, sequence numbers and port ids left\n"
	"out: at the first that differs it says which and how, and exits 1.\n"
	"\n"
	"  -w, --write FILE    (record) the recording to write\n"
	"      --kernel        (record) COMMAND talks to the kernel, not to a\n"
	"                      daemon: the shim in pass-through mode (for a\n"
	"                      static or Go COMMAND, the seccomp front end)\n"
	"                      writes down what it sends and receives (no\n"
	"                      nlmon)\n"
	"      --check FILE    (replay) the recording to compare with\n"
	"      --serve FILE    (replay) answer COMMAND from the recording\n"
	"                      instead of the model: each request the\n"
	"                      recording has gets the answers it got then,\n"
	"                      any other EOPNOTSUPP; the notifications it\n"
	"                      made are multicast to their groups; what\n"
	"                      came late (10 ms or more after its request)\n"
	"                      comes as late after the new one\n"
	"      --no-timing     (replay --serve) send every answer and\n"
	"                      notification at once\n"
	"      --seccomp       the seccomp front end serves COMMAND (with\n"
	"                      --kernel: records it in pass-through mode);\n"
	"                      by itself for a static program or Go\n"
	"      --preload       the shim serves COMMAND, never seccomp\n"
	"      --profile NAME  the kernel profile of the private daemon, as\n"
	"                      'unetlink run --profile' (default:\n"
	"                      $UNETLINK_PROFILE, else the host's); not with\n"
	"                      --kernel\n"
	"      --fault RULE    inject faults by RULE on the private daemon, as\n"
	"                      'unetlink run --fault' (repeatable; the\n"
	"                      recording keeps each fault that fires); not\n"
	"                      with --kernel\n"
	"      --fault-file F  ... by each rule of file F, one a line\n"
	"  -h, --help          display this help and exit\n"
	"\n"
	"Exit status: COMMAND's, or 1 when replay found a difference (or\n"
	"unetlink failed), 2 on a usage error.\n";

/* The pass-through shim: beside the shim, as the build and the install
 * put it.  A path to free, or NULL after saying why. */
static char *find_passthrough(void)
{
	char *shim = find_preload(), *slash, *path = NULL;

	if (!shim)
		return NULL;
	slash = strrchr(shim, '/');
	if (asprintf(&path, "%.*s/libunetlink-passthrough.so",
		     slash ? (int)(slash - shim) : 1, slash ? shim : ".") < 0)
		path = NULL;
	free(shim);
	if (path && !readable_file(path)) {
		warnx_("cannot find the pass-through shim %s", path);
		free(path);
		path = NULL;
	}
	return path;
}

/* The child of record --kernel: with the pass-through shim preloaded, or
 * (seccomp) under the pass-through filter, whose listener goes to the
 * parent over chan. */
static void __attribute__((noreturn)) record_child(char **argv,
						   const char *preload,
						   const char *tmp, int chan)
{
	if (chan >= 0) {
		int err = unl_sc_pt_child_install(chan);

		if (err < 0) {
			warnx_("cannot install the seccomp filter: %s",
			       strerror(-err));
			_exit(126);
		}
		close(chan);
	} else if (setenv("LD_PRELOAD", preload, 1) < 0 ||
		   setenv("UNETLINK_RECORD_FILE", tmp, 1) < 0) {
		_exit(126);
	}
	execvp(argv[0], argv);
	warnx_("%s: %s", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* The supervisor of a seccomp recording: its lines into tmp. */
static int record_supervise(int chan, const char *tmp, pid_t child)
{
	struct unl_sc_pt_start st;
	int out, err;

	err = unl_sc_pt_parent_receive(chan, &st);
	close(chan);
	if (err < 0)
		return err;
	out = open(tmp, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (out < 0) {
		err = -errno;
		close(st.listener);
		unl_sc_pt_start_free(&st);
		return err;
	}
	err = unl_sc_pt_serve(&st, out, child);
	close(out);
	close(st.listener);
	unl_sc_pt_start_free(&st);
	if (err < 0)
		warnx_("the seccomp supervisor failed: %s", strerror(-err));
	return err;
}

/* record --kernel: COMMAND talks to the kernel, the pass-through shim
 * (or, for a program no preload reaches, the seccomp front end in
 * pass-through mode) writes its datagrams down, and the lines become
 * the recording. */
static int record_kernel(const char *file, char **argv, int frontend)
{
	char tmp[] = "/tmp/unetlink-record.XXXXXX", path[PATH_MAX];
	char *lib = NULL, *preload = NULL;
	int fd, status = 0, ret, chan[2] = { -1, -1 };
	bool seccomp = frontend == FRONTEND_SECCOMP ||
		       (frontend == FRONTEND_AUTO &&
			command_path(argv[0], path, sizeof(path)) &&
			unl_elf_kind(path) == UNL_ELF_RAW);
	pid_t pid;

	if (!seccomp) {
		lib = find_passthrough();
		if (!lib)
			return 1;
		preload = preload_value(lib);
		free(lib);
		if (!preload) {
			warnx_("out of memory");
			return 1;
		}
	} else if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, chan) < 0) {
		warnx_("cannot make a socket pair: %s", strerror(errno));
		return 1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		warnx_("cannot make a temporary file: %s", strerror(errno));
		free(preload);
		return 1;
	}
	close(fd);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (chan[0] >= 0)
			close(chan[0]);
		record_child(argv, preload, tmp, chan[1]);
	}
	free(preload);
	if (chan[1] >= 0)
		close(chan[1]);
	if (pid < 0) {
		warnx_("cannot fork: %s", strerror(errno));
		if (chan[0] >= 0)
			close(chan[0]);
		unlink(tmp);
		return 1;
	}
	signal(SIGINT, SIG_IGN);
	if (seccomp && record_supervise(chan[0], tmp, pid) < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	ret = record_from_raw(tmp, file);
	unlink(tmp);
	if (ret < 0) {
		warnx_("%s: %s", file, strerror(-ret));
		return 1;
	}
	return exit_status_of(status);
}

static int cmd_record_replay(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "write", required_argument, NULL, 'w' },
		{ "check", required_argument, NULL, 'c' },
		{ "kernel", no_argument, NULL, 'k' },
		{ "serve", required_argument, NULL, 'S' },
		{ "no-timing", no_argument, NULL, 'T' },
		{ "profile", required_argument, NULL, 'P' },
		{ "seccomp", no_argument, NULL, 's' },
		{ "preload", no_argument, NULL, 'p' },
		{ "fault", required_argument, NULL, OPT_FAULT },
		{ "fault-file", required_argument, NULL, OPT_FAULT_FILE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool replay = !strcmp(subcmd, "replay"), kernel = false, serve = false;
	const char *file = NULL;
	char tmp[] = "/tmp/unetlink-replay.XXXXXX";
	struct opts o = { .private_daemon = true, .capture_record = true };
	int c, status, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
		case 'c':
			if ((c == 'c') != replay)
				usage_error("unrecognized option '%s'",
					    argv[optind - 1]);
			if (serve)
				usage_error("--serve and --check exclude each other");
			file = optarg;
			break;
		case 'S':
			if (!replay || file)
				usage_error("%s", replay
					    ? "--serve and --check exclude each other"
					    : "unrecognized option '--serve'");
			serve = true;
			file = optarg;
			break;
		case 'T':
			if (!replay)
				usage_error("unrecognized option '--no-timing'");
			o.serve_at_once = true;
			break;
		case 'k':
			if (replay)
				usage_error("unrecognized option '--kernel'");
			kernel = true;
			break;
		case 'P':
			o.profile_name = optarg;
			break;
		case 's':
			o.frontend = FRONTEND_SECCOMP;
			break;
		case 'p':
			o.frontend = FRONTEND_PRELOAD;
			break;
		case OPT_FAULT:
			add_fault(&o, optarg);
			break;
		case OPT_FAULT_FILE:
			add_fault_file(&o, optarg);
			break;
		default:
			help_or_bad_option(c, argv, record_help);
		}
	}
	if (!file)
		usage_error("missing %s FILE", replay ? "--check or --serve"
						      : "-w");
	if (optind >= argc)
		usage_error("missing command to run");
	if (o.serve_at_once && !serve)
		usage_error("--no-timing is an option of --serve");
	if (kernel && o.profile_name)
		usage_error("--kernel records the kernel: no --profile");
	if (kernel && o.nfaults)
		usage_error("--kernel records the kernel: no --fault");
	/* the kernel the private daemon follows, as `run --profile` */
	if (!o.profile_name && getenv(ENV_PROFILE) && *getenv(ENV_PROFILE))
		o.profile_name = getenv(ENV_PROFILE);
	if (o.profile_name && !kernel)
		load_profile(&o);
	if (kernel)
		return record_kernel(file, argv + optind, o.frontend);
	if (serve) {
		char *abs = realpath(file, NULL);

		if (!abs) {
			warnx_("%s: %s", file, strerror(errno));
			opts_release(&o);
			return 1;
		}
		o.serve = abs;
		o.capture = NULL;
		ret = run_command(&o, argv + optind);
		free(abs);
		opts_release(&o);
		return ret;
	}
	if (!replay) {
		o.capture = file;
		ret = run_command(&o, argv + optind);
		opts_release(&o);
		return ret;
	}
	ret = mkstemp(tmp);
	if (ret < 0) {
		warnx_("cannot make a temporary file: %s", strerror(errno));
		opts_release(&o);
		return 1;
	}
	close(ret);
	o.capture = tmp;
	status = run_command(&o, argv + optind);
	opts_release(&o);
	ret = record_check(file, tmp);
	unlink(tmp);
	if (ret < 0) {
		warnx_("cannot compare: %s", strerror(-ret));
		return 1;
	}
	return ret ? 1 : status;
}

/* ---- main --------------------------------------------------------- */

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "run", cmd_run },
		{ "shell", cmd_shell },
		{ "daemon", cmd_daemon },
		{ "status", cmd_status },
		{ "netns", cmd_netns },
		{ "profile", cmd_profile },
		{ "uevent", cmd_uevent },
		{ "capture", cmd_capture },
		{ "fault", cmd_fault },
		{ "record", cmd_record_replay },
		{ "replay", cmd_record_replay },
		{ "state", cmd_state },
		{ "monitor", cmd_monitor },
		{ "clock", cmd_clock },
		{ "seccomp-exec", cmd_seccomp_exec },
	};
	const char *cmd;

	if (argc < 2)
		usage_error("missing command");
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "help")) {
		fputs(main_help, stdout);
		return fflush(stdout) ? 1 : 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("unetlink %s\n", UNL_VERSION);
		return fflush(stdout) ? 1 : 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!strcmp(cmd, cmds[i].name)) {
			subcmd = cmds[i].name;
			return cmds[i].fn(argc - 1, argv + 1);
		}
	}
	if (cmd[0] == '-')
		usage_error("unrecognized option '%s'", cmd);
	usage_error("unknown command '%s'", cmd);
}
