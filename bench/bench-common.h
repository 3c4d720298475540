/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the benchmark programs share (header-only: each is one file). */
#ifndef UNETLINK_BENCH_COMMON_H
#define UNETLINK_BENCH_COMMON_H

#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds for one RTM_GETROUTE dump (AF_INET) read with a 32 KiB buffer;
 * *count gets its messages; -1 when it fails. */
static inline double dump_once(int fd, uint32_t seq, long *count)
{
	static char buf[32768];
	struct {
		struct nlmsghdr nh;
		struct rtmsg rt;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETROUTE,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = seq },
		.rt = { .rtm_family = AF_INET },
	};
	double t0 = now();

	*count = 0;
	if (send(fd, &req, sizeof(req), 0) < 0)
		return -1;
	for (;;) {
		ssize_t r = recv(fd, buf, sizeof(buf), 0);
		int rem = (int)r;

		if (r <= 0)
			return -1;
		for (struct nlmsghdr *nh = (struct nlmsghdr *)buf;
		     NLMSG_OK(nh, rem); nh = NLMSG_NEXT(nh, rem)) {
			if (nh->nlmsg_type == NLMSG_DONE)
				return now() - t0;
			if (nh->nlmsg_type == NLMSG_ERROR)
				return -1;
			(*count)++;
		}
	}
}

/* ---- memory and the daemon ---- */

/* The value of "key" (in kB) in a /proc file of "key: value kB" lines,
 * in bytes; -1 when absent or unreadable. */
static inline double bench_proc_kb(const char *path, const char *key)
{
	size_t kl = strlen(key);
	double v = -1;
	char line[256];
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			v = strtod(line + kl + 1, NULL) * 1024;
			break;
		}
	}
	fclose(f);
	return v;
}

/* The pid of the daemon listening at path: its credentials at listen(),
 * or -errno. */
static inline pid_t bench_daemon_pid(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct ucred uc = { 0 };
	socklen_t l = sizeof(uc);
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &l) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	return uc.pid > 0 ? uc.pid : -ESRCH;
}

/* ---- a measuring child and its numbers ---- */

/*
 * A measuring child gives its numbers back as "key value" lines on its
 * stdout, one for each double of the caller's results struct that a
 * table of these (ending with a NULL key) names.
 */
struct bench_field {
	const char *key;
	size_t off; /* of a double in the results struct */
};

/* The child's side: res's fields, as "key value" lines on stdout. */
static inline void bench_put(const struct bench_field *fld, const void *res)
{
	for (; fld->key; fld++) {
		double v;

		memcpy(&v, (const char *)res + fld->off, sizeof(v));
		printf("%s %f\n", fld->key, v);
	}
}

/*
 * Fork a child whose stdout is a pipe to us, the read end in *fd.  With
 * argv, the child execs argv[0] (a path) with it; without, it returns 0
 * in the child, as fork() does.  In the parent: the child's pid, or
 * -errno.
 */
static inline pid_t bench_spawn(const char *const argv[], int *fd)
{
	int fds[2], err;
	pid_t pid;

	*fd = -1;
	if (pipe(fds) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(fds[0]);
		close(fds[1]);
		return err;
	}
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		if (!argv)
			return 0;
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "%s: cannot run %s: %s\n",
			program_invocation_short_name, argv[0],
			strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	*fd = fds[0];
	return pid;
}

/*
 * Read the child's "key value" lines from fd (closed here) into res,
 * and reap the child.  A field whose line never comes is -1.  0 when
 * the child exited with status 0, -ECHILD or -errno otherwise.
 */
static inline int bench_collect(pid_t pid, int fd,
				const struct bench_field *fld, void *res)
{
	const struct bench_field *p;
	char line[256];
	int status, err = 0;
	FILE *f = fdopen(fd, "r");
	double v = -1;

	for (p = fld; p->key; p++)
		memcpy((char *)res + p->off, &v, sizeof(v));
	if (!f) {
		err = -errno;
		close(fd);
	} else {
		while (fgets(line, sizeof(line), f)) {
			size_t kl = strcspn(line, " ");
			char *end;

			v = strtod(line + kl, &end);
			for (p = fld; end != line + kl && p->key; p++)
				if (strlen(p->key) == kl &&
				    !strncmp(line, p->key, kl))
					memcpy((char *)res + p->off, &v,
					       sizeof(v));
		}
		fclose(f);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (err)
		return err;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ECHILD;
}

/*
 * Run this program again under the unetlink tool, argv being that
 * command (argv[0] the tool's path: `unetlink run ... -- SELF ...`),
 * and read its numbers into res as bench_collect() does.
 */
static inline int bench_rerun(const char *const argv[],
			      const struct bench_field *fld, void *res)
{
	int fd;
	pid_t pid = bench_spawn(argv, &fd);

	if (pid < 0)
		return (int)pid;
	return bench_collect(pid, fd, fld, res);
}

/*
 * This program's path in self; and, unless *cli is set already (--cli),
 * the unetlink tool of the same build tree in cli_buf, *cli pointing to
 * it: build/bench/bench-X -> build/src/cli/unetlink.  -errno when
 * /proc/self/exe cannot be read.
 */
#define BENCH_PATH_MAX 4096
static inline int bench_locate(char self[BENCH_PATH_MAX], const char **cli,
			       char cli_buf[BENCH_PATH_MAX + 32])
{
	ssize_t n = readlink("/proc/self/exe", self, BENCH_PATH_MAX - 1);

	if (n < 0)
		return -errno;
	self[n] = '\0';
	if (!*cli) {
		snprintf(cli_buf, BENCH_PATH_MAX + 32,
			 "%.*s/../src/cli/unetlink",
			 (int)(strrchr(self, '/') - self), self);
		*cli = cli_buf;
	}
	return 0;
}

/*
 * One row of a kernel-against-unetlink table: the two values with two
 * decimals ("skipped" where not measured), the ratio u/k, a note.
 */
static inline void bench_row(int name_w, int val_w, const char *name,
			     double k, double u, const char *note)
{
	char ks[32], us[32], rs[32];

	snprintf(ks, sizeof(ks), k > 0 ? "%.2f" : "skipped", k);
	snprintf(us, sizeof(us), u > 0 ? "%.2f" : "skipped", u);
	if (k > 0 && u > 0)
		snprintf(rs, sizeof(rs), "%.2fx", u / k);
	else
		snprintf(rs, sizeof(rs), "-");
	printf("%-*s %*s %*s %8s  %s\n", name_w, name, val_w, ks, val_w, us,
	       rs, note);
}

/*
 * One row of a kernel, shim and seccomp table (bench-sc-open,
 * bench-sc-thread): three values with two decimals ("-" where not
 * measured), the ratio seccomp/kernel, a note.
 */
static inline void bench_row3(int name_w, const char *name, double k,
			      double p, double s, const char *note)
{
	char ks[32], ps[32], ss[32], rk[32];

	snprintf(ks, sizeof(ks), k > 0 ? "%.2f" : "-", k);
	snprintf(ps, sizeof(ps), p > 0 ? "%.2f" : "-", p);
	snprintf(ss, sizeof(ss), s > 0 ? "%.2f" : "-", s);
	if (k > 0 && s > 0)
		snprintf(rk, sizeof(rk), "%.2fx", s / k);
	else
		snprintf(rk, sizeof(rk), "-");
	printf("%-*s %9s %9s %9s %9s  %s\n", name_w, name, ks, ps, ss, rk,
	       note);
}

/* This program again under `unetlink run --private FRONTEND`, as its
 * child side (CHILD_FLAG, "quick" or "full"), its results read back. */
static inline int bench_rerun_under(const char *cli, const char *frontend,
				    const char *self, const char *child_flag,
				    bool quick,
				    const struct bench_field *fields, void *r)
{
	const char *argv[] = { cli, "run", "--private", frontend, "--", self,
			       child_flag, quick ? "quick" : "full", NULL };

	return bench_rerun(argv, fields, r);
}

/*
 * The same under `unetlink run --private` with what the child measures
 * (FILE) and the tool it drives (TOOL, e.g. ip or nft): admin rights in
 * the private daemon for a user who is not root, as the kernel side
 * has them in a namespace of its own.
 */
static inline int bench_rerun_private(const char *cli, const char *self,
				      const char *child_flag, bool quick,
				      const char *file, const char *tool,
				      const struct bench_field *fields,
				      void *r)
{
	const char *argv[12];
	char uid[32];
	int n = 0;

	argv[n++] = cli;
	argv[n++] = "run";
	argv[n++] = "--private";
	if (geteuid() != 0) {
		snprintf(uid, sizeof(uid), "%u", (unsigned int)getuid());
		argv[n++] = "--admin-uid";
		argv[n++] = uid;
	}
	argv[n++] = "--";
	argv[n++] = self;
	argv[n++] = child_flag;
	argv[n++] = quick ? "quick" : "full";
	argv[n++] = file;
	argv[n++] = tool;
	argv[n] = NULL;
	return bench_rerun(argv, fields, r);
}

/* ---- reducing repetitions (values <= 0: not measured) ---- */

static inline double bench_best_min(const double *v, int n)
{
	double b = -1;

	for (int i = 0; i < n; i++)
		if (v[i] > 0 && (b < 0 || v[i] < b))
			b = v[i];
	return b;
}

static inline double bench_best_max(const double *v, int n)
{
	double b = -1;

	for (int i = 0; i < n; i++)
		if (v[i] > 0 && v[i] > b)
			b = v[i];
	return b;
}

/* The median of the measured values (a memory delta has no "best"). */
static inline double bench_median(const double *v, int n)
{
	double m[n > 0 ? n : 1];
	int k = 0;

	for (int i = 0; i < n; i++)
		if (v[i] > 0)
			m[k++] = v[i];
	if (!k)
		return -1;
	for (int i = 1; i < k; i++)
		for (int j = i; j > 0 && m[j - 1] > m[j]; j--) {
			double t = m[j];

			m[j] = m[j - 1];
			m[j - 1] = t;
		}
	return k % 2 ? m[k / 2] : (m[k / 2 - 1] + m[k / 2]) / 2;
}

/* One double field (at off) of n samples of size stride, reduced. */
static inline double bench_pick(const void *samples, size_t stride, int n,
				size_t off,
				double (*agg)(const double *, int))
{
	double v[n > 0 ? n : 1];

	for (int i = 0; i < n; i++)
		memcpy(&v[i], (const char *)samples + (size_t)i * stride + off,
		       sizeof(v[i]));
	return agg(v, n);
}

/*
 * The three sides of a front-end benchmark (bench-sc-open,
 * bench-sc-thread): started as its own child (CHILD_FLAG quick|full)
 * it measures into s and writes it out; else it takes --cli PATH and
 * --quick, measures k here and p and s again under the shim and the
 * seccomp front end.  -1 when the caller prints its table, else the
 * status to exit with.
 */
typedef void bench_measure_fn(void *results);
static inline int bench_three_sides(const char *name, int argc, char **argv,
				    char self[BENCH_PATH_MAX],
				    const char *child_flag, bool *quick,
				    bench_measure_fn *measure,
				    const struct bench_field *fields,
				    void *k, void *p, void *s)
{
	char cli_buf[BENCH_PATH_MAX + 32];
	const char *cli = NULL;

	if (bench_locate(self, &cli, cli_buf) < 0) {
		fprintf(stderr, "%s: /proc/self/exe: %s\n", name,
			strerror(errno));
		return 1;
	}
	if (argc == 3 && !strcmp(argv[1], child_flag)) {
		*quick = !strcmp(argv[2], "quick");
		measure(s);
		bench_put(fields, s);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cli") && i + 1 < argc) {
			cli = argv[++i];
		} else if (!strcmp(argv[i], "--quick")) {
			*quick = true;
		} else {
			fprintf(stderr, "usage: %s [--cli PATH] [--quick]\n",
				name);
			return 2;
		}
	}
	measure(k);
	if (bench_rerun_under(cli, "--preload", self, child_flag, *quick,
			      fields, p) < 0)
		fprintf(stderr, "%s: the shim run failed\n", name);
	if (bench_rerun_under(cli, "--seccomp", self, child_flag, *quick,
			      fields, s) < 0)
		fprintf(stderr, "%s: the seccomp run failed\n", name);
	return -1;
}

/* ---- workloads of the front-end benchmarks (bench-shim, bench-seccomp) */

/* A netlink socket bound to pid and groups, or -errno. */
static inline int bench_nl_open(int proto, uint32_t pid, uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = pid,
				 .nl_groups = groups };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static inline uint32_t bench_nl_portid(int fd)
{
	struct sockaddr_nl a = { 0 };
	socklen_t l = sizeof(a);

	getsockname(fd, (struct sockaddr *)&a, &l);
	return a.nl_pid;
}

static inline ssize_t bench_nl_sendto(int fd, const void *b, size_t n,
				      uint32_t pid, uint32_t groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = pid,
				 .nl_groups = groups };
	ssize_t r = sendto(fd, b, n, 0, (struct sockaddr *)&a, sizeof(a));

	return r < 0 ? -errno : r;
}

/* Microseconds per call of fn(fd, i) (< 0: it failed), on a fresh
 * NETLINK_ROUTE socket: max calls, or ~2 s, whichever comes first. */
static inline double bench_per_call_us(int (*fn)(int fd, int i), int max)
{
	int fd = bench_nl_open(NETLINK_ROUTE, 0, 0), i;
	double t0;

	if (fd < 0)
		return -1;
	t0 = now();
	for (i = 0; i < max; i++) {
		if (fn(fd, i) < 0) {
			close(fd);
			return -1;
		}
		if ((i & 1023) == 1023 && now() - t0 > 2.0) {
			i++;
			break;
		}
	}
	close(fd);
	return (now() - t0) / i * 1e6;
}

/* One request -> ACK round trip (NLMSG_NOOP with NLM_F_ACK, sent to the
 * kernel by address as most clients send): 0 or -1. */
static inline int bench_ack_once(int fd, int i)
{
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN,
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				.nlmsg_seq = (uint32_t)i };
	uint8_t buf[256];

	if (bench_nl_sendto(fd, &req, sizeof(req), 0, 0) < 0 ||
	    recv(fd, buf, sizeof(buf), 0) < 0)
		return -1;
	return 0;
}

/* Messages per second: msgs NETLINK_USERSOCK datagrams of size bytes
 * from a sender process to one reader, flow-controlled as netlink is (a
 * full receiver blocks the sender).  The sender opens its socket after
 * fork(). */
static inline double bench_flood(int msgs, size_t size)
{
	uint8_t buf[4096];
	int rx = bench_nl_open(NETLINK_USERSOCK, 0, 0), status, got = 0;
	uint32_t dst;
	double t0, el;
	pid_t pid;

	if (rx < 0 || size < NLMSG_HDRLEN || size > sizeof(buf) / 2)
		return -1;
	dst = bench_nl_portid(rx);
	t0 = now();
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		uint8_t msg[sizeof(buf) / 2] = { 0 };
		struct nlmsghdr *h = (struct nlmsghdr *)msg;
		int tx = bench_nl_open(NETLINK_USERSOCK, 0, 0);

		if (tx < 0)
			_exit(1);
		h->nlmsg_len = (uint32_t)size;
		h->nlmsg_type = NLMSG_MIN_TYPE;
		for (int i = 0; i < msgs; i++) {
			h->nlmsg_seq = (uint32_t)i;
			/* Blocks while the reader's queue is full. */
			if (bench_nl_sendto(tx, msg, size, dst, 0) < 0)
				_exit(2);
		}
		_exit(0);
	}
	while (got < msgs) {
		ssize_t n = recv(rx, buf, sizeof(buf), 0);

		if (n < 0 && (errno == EINTR || errno == ENOBUFS))
			continue; /* a loss shows as a short count below */
		if (n <= 0)
			break;
		got++;
	}
	el = now() - t0;
	waitpid(pid, &status, 0);
	close(rx);
	if (got < msgs || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return got / el;
}

/*
 * A dump of n messages: n IPv4 blackhole routes (they need no device)
 * added in batches, then RTM_GETROUTE dumps of the main table read with
 * a 32 KiB buffer; messages per second of the best of three.  In a
 * child, which outside unetlink (no UNETLINK_SOCKET) makes a fresh
 * network namespace first, so that the routes go with it; under a front
 * end the private daemon is fresh anyway.  Needs CAP_NET_ADMIN.
 */
struct bench_route_req {
	struct nlmsghdr nh;
	struct rtmsg rt;
	struct rtattr dst_hdr;
	uint32_t dst;
};

static inline int bench_add_routes(int fd, int n)
{
	enum { BATCH = 256 };
	static struct bench_route_req b[BATCH];
	char ack[8192];

	for (int i = 0; i < n; i += BATCH) {
		int k = n - i < BATCH ? n - i : BATCH;

		memset(b, 0, sizeof(b));
		for (int j = 0; j < k; j++) {
			b[j].nh.nlmsg_len = sizeof(b[j]);
			b[j].nh.nlmsg_type = RTM_NEWROUTE;
			/* No ACK unless it fails. */
			b[j].nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE |
					      NLM_F_EXCL;
			b[j].nh.nlmsg_seq = (uint32_t)(i + j + 1);
			b[j].rt.rtm_family = AF_INET;
			b[j].rt.rtm_dst_len = 32;
			b[j].rt.rtm_table = RT_TABLE_MAIN;
			b[j].rt.rtm_protocol = RTPROT_STATIC;
			b[j].rt.rtm_scope = RT_SCOPE_UNIVERSE;
			b[j].rt.rtm_type = RTN_BLACKHOLE;
			b[j].dst_hdr.rta_len = RTA_LENGTH(4);
			b[j].dst_hdr.rta_type = RTA_DST;
			b[j].dst = htonl(0x0a000000u + (uint32_t)(i + j));
		}
		if (send(fd, b, (size_t)k * sizeof(b[0]), 0) < 0)
			return -errno;
		if (recv(fd, ack, sizeof(ack), MSG_DONTWAIT) > 0)
			return -EINVAL; /* an error came back */
	}
	return 0;
}

static inline double bench_dump_here(int n)
{
	int fd, sz = 4 << 20;
	long count = 0;
	double best = -1;

	if (!getenv("UNETLINK_SOCKET") && unshare(CLONE_NEWNET) < 0)
		return -1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz));
	if (bench_add_routes(fd, n) < 0)
		return -1;
	for (int i = 0; i < 3; i++) {
		double t = dump_once(fd, (uint32_t)(1000000 + i), &count);

		if (t <= 0)
			return -1;
		if (best < 0 || count / t > best)
			best = count / t;
	}
	close(fd);
	return count >= n ? best : -1;
}

static inline double bench_dump(int n)
{
	int fds[2], status;
	double v = -1;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		double r = bench_dump_here(n);

		_exit(write(fds[1], &r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &v, sizeof(v)) != sizeof(v))
		v = -1;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	return v;
}

#endif
