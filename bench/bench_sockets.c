// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a netlink socket and a client cost, at scale, against the kernel
 * (issue 18).  One run measures the kernel in a network namespace of its
 * own, then this program again under `unetlink run --private` (its own
 * daemon, the shim preloaded), and prints both with their ratio.
 *
 *   sockets   N bound NETLINK_ROUTE sockets in one process (socket(),
 *             bind() with nl_pid 0): time and memory per socket
 *   clients   C clients at once, each a process's worth: under
 *             unetlink a control connection (HELLO with a call page, as
 *             the shim makes it), a socket (CREATE), bind, a NOOP with
 *             an ACK; against the kernel a netlink socket, bind, the same
 *             NOOP; then, all of them open, one more round trip each.
 *             The clients are spread over worker processes of at most
 *             WORKER_CLIENTS each (descriptors); time and memory per
 *             client, the daemon's descriptors per client
 *
 * Memory: the change over the phase divided by the count: the kernel's
 * slab (/proc/slabinfo, every cache's active objects: system-wide, so
 * other work on the machine is noise), shared memory (/proc/meminfo
 * Shmem: status pools, call pages), page tables (/proc/meminfo
 * PageTables, system-wide too: the mappings of pools and pages), the
 * anonymous memory (RssAnon) of the daemon and of the measuring
 * processes.
 *
 *   bench-sockets [--sockets N] [--clients N] [--cli PATH] [--quick]
 *
 * Not run by the tests: numbers, not verdicts.
 */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "bench-common.h"
#include "wire/wire.h"

#define CHILD_FLAG "--measure"
#define WORKER_CLIENTS 4000
#define NOFILE_WANTED 65536

static int nsockets = 10000, nclients = 10000;

struct sample {
	double sock_us, sock_mem, sock_slab, sock_shmem, sock_anon,
		sock_dfds;
	double cl_us, cl_rtt_us, cl_mem, cl_slab, cl_shmem, cl_anon, cl_dfds,
		cl_ok;
	double sock_ptes, cl_ptes;
};

#define F(x) { #x, offsetof(struct sample, x) }
static const struct bench_field sample_fields[] = {
	F(sock_us), F(sock_mem), F(sock_slab), F(sock_shmem), F(sock_anon),
	F(sock_dfds), F(cl_us), F(cl_rtt_us), F(cl_mem), F(cl_slab),
	F(cl_shmem), F(cl_anon), F(cl_dfds), F(cl_ok), F(sock_ptes),
	F(cl_ptes),
	{ NULL, 0 },
};
#undef F

/* ---- memory ---- */

/* Bytes of every slab cache's active objects (needs root). */
static double slab_bytes(void)
{
	FILE *f = fopen("/proc/slabinfo", "re");
	char line[512];
	double sum = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char name[128];
		unsigned long active, total, size;

		if (sscanf(line, "%127s %lu %lu %lu", name, &active, &total,
			   &size) == 4)
			sum += (double)active * (double)size;
	}
	fclose(f);
	return sum;
}

static double anon_of(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	return bench_proc_kb(path, "RssAnon");
}

static int fds_of(pid_t pid)
{
	char path[64];
	struct dirent *e;
	DIR *d;
	int n = 0;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

struct mem {
	double slab, shmem, anon, ptes;
};

/* Now: pids[] are the processes whose anonymous memory counts. */
static struct mem mem_now(const pid_t *pids, int n)
{
	struct mem m = { slab_bytes(), bench_proc_kb("/proc/meminfo", "Shmem"),
			 0, bench_proc_kb("/proc/meminfo", "PageTables") };

	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			m.anon += anon_of(pids[i]);
	return m;
}

/* Until the daemon holds fds descriptors again and the slab stops
 * shrinking (sockets are freed after an RCU grace period), 5 s at most
 * for each. */
static void settle(pid_t dpid, int fds)
{
	double last = slab_bytes();

	for (int i = 0; i < 50 && dpid > 0 && fds_of(dpid) > fds; i++)
		usleep(100000);

	for (int i = 0; i < 25; i++) {
		double cur;

		usleep(200000);
		cur = slab_bytes();
		if (last - cur < 64 * 1024)
			break;
		last = cur;
	}
}

/* ---- one NOOP with an ACK ---- */

struct noop {
	struct nlmsghdr nh;
};

static const struct noop noop_req = {
	.nh = { .nlmsg_len = sizeof(struct nlmsghdr), .nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 1 },
};

/* The ACK of a NOOP in buf (n bytes): 0 or -1. */
static int is_ack(const unsigned char *buf, ssize_t n)
{
	const struct nlmsghdr *nh = (const void *)buf;
	const struct nlmsgerr *e = NLMSG_DATA(nh);

	if (n < (ssize_t)NLMSG_LENGTH(sizeof(*e)) ||
	    nh->nlmsg_type != NLMSG_ERROR || e->error)
		return -1;
	return 0;
}

/* ---- the sockets phase ---- */

static int w_sockets(pid_t dpid, struct sample *s)
{
	pid_t pids[2] = { getpid(), dpid };
	int *fds = calloc((size_t)nsockets, sizeof(int));
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	struct mem m0, m1;
	int d0, d1;
	double t0;

	if (!fds)
		return -1;
	/* one first: what a net's first socket sets up is not a socket's */
	close(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
	d0 = fds_of(dpid);
	m0 = mem_now(pids, 2);
	t0 = now();
	for (int i = 0; i < nsockets; i++) {
		fds[i] = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
				NETLINK_ROUTE);
		if (fds[i] < 0 || bind(fds[i], (struct sockaddr *)&a,
				       sizeof(a)) < 0) {
			fprintf(stderr, "bench-sockets: socket %d: %s\n", i,
				strerror(errno));
			return -1;
		}
	}
	s->sock_us = (now() - t0) * 1e6 / nsockets;
	m1 = mem_now(pids, 2);
	d1 = fds_of(dpid);
	s->sock_slab = (m1.slab - m0.slab) / nsockets;
	s->sock_shmem = (m1.shmem - m0.shmem) / nsockets;
	s->sock_anon = (m1.anon - m0.anon) / nsockets;
	s->sock_ptes = (m1.ptes - m0.ptes) / nsockets;
	s->sock_mem = s->sock_slab + s->sock_shmem + s->sock_anon +
		      s->sock_ptes;
	s->sock_dfds = dpid > 0 ? (double)(d1 - d0) / nsockets : -1;
	for (int i = 0; i < nsockets; i++)
		close(fds[i]);
	free(fds);
	settle(dpid, d0);
	return 0;
}

/* ---- the clients phase ---- */

/*
 * Under unetlink the shim is preloaded here: it would take a data
 * socket that came with SCM_RIGHTS for a netlink socket of an exec'd
 * program and attach it on a connection of its own.  The raw clients
 * below speak the wire themselves, in system calls the shim never sees.
 */
static ssize_t raw_sendmsg(int fd, const struct msghdr *m, int flags)
{
	return syscall(SYS_sendmsg, fd, m, flags);
}

static ssize_t raw_recvmsg(int fd, struct msghdr *m, int flags)
{
	return syscall(SYS_recvmsg, fd, m, flags);
}

static ssize_t raw_recv(int fd, void *buf, size_t len)
{
	return syscall(SYS_recvfrom, fd, buf, len, 0, NULL, NULL);
}

static ssize_t raw_send(int fd, const void *buf, size_t len)
{
	return syscall(SYS_sendto, fd, buf, len, 0, NULL, 0);
}

static void raw_close(int fd)
{
	syscall(SYS_close, fd);
}

/* A record on a control connection and its reply: ret, up to 2
 * descriptors in fds (-1 where none came), the payload's first rcap
 * bytes in rbuf_out when not NULL. */
static int wire_call_out(int fd, struct unl_wire_req *req, const void *pl,
			 int *fds, void *rbuf_out, size_t rcap)
{
	struct iovec v[2] = { { req, sizeof(*req) },
			      { (void *)pl, req->len } };
	struct msghdr m = { .msg_iov = v, .msg_iovlen = pl ? 2 : 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} ctl;
	unsigned char rbuf[256];
	struct iovec rv = { rbuf, sizeof(rbuf) };
	struct msghdr rm = { .msg_iov = &rv, .msg_iovlen = 1,
			     .msg_control = ctl.buf,
			     .msg_controllen = sizeof(ctl.buf) };
	struct unl_wire_rep rep;
	ssize_t n;

	if (fds)
		fds[0] = fds[1] = -1;
	if (raw_sendmsg(fd, &m, MSG_NOSIGNAL) < 0)
		return -errno;
	do {
		n = raw_recvmsg(fd, &rm, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < (ssize_t)sizeof(rep))
		return -EPROTO;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&rm); c;
	     c = CMSG_NXTHDR(&rm, c)) {
		int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));

		for (int i = 0; i < k; i++) {
			int x;

			memcpy(&x, CMSG_DATA(c) + i * sizeof(int), sizeof(x));
			if (fds && i < 2)
				fds[i] = x;
			else
				raw_close(x);
		}
	}
	memcpy(&rep, rbuf, sizeof(rep));
	if (rbuf_out && (size_t)n >= sizeof(rep) + rcap)
		memcpy(rbuf_out, rbuf + sizeof(rep), rcap);
	return rep.ret;
}

static int wire_call(int fd, struct unl_wire_req *req, const void *pl,
		     int *fds)
{
	return wire_call_out(fd, req, pl, fds, NULL, 0);
}

struct client {
	int conn; /* -1 against the kernel */
	int data; /* the netlink socket, or the data socket */
	uint32_t id;
	const volatile struct unl_wire_shm *pool; /* its status pool */
};

/* A NOOP and its ACK on c: 0 or -1. */
static int client_rtt(struct client *c, bool consumed)
{
	unsigned char buf[256];
	size_t off = 0;
	ssize_t n;

	if (c->conn < 0) {
		if (raw_send(c->data, &noop_req, sizeof(noop_req)) < 0)
			return -1;
	} else {
		struct unl_wire_req req = {
			.op = UNL_OP_SENDMSG, .sock = c->id,
			.a3 = sizeof(noop_req), .len = sizeof(noop_req),
			.consumed = consumed,
		};

		if (wire_call(c->conn, &req, &noop_req, NULL) !=
		    (int)sizeof(noop_req))
			return -1;
		off = sizeof(struct unl_wire_dgram);
	}
	n = raw_recv(c->data, buf, sizeof(buf));
	return n > (ssize_t)off ? is_ack(buf + off, n - (ssize_t)off) : -1;
}

static int client_open(struct client *c, const char *path)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fds[2], ret;

	c->conn = -1;
	if (!path) {
		c->data = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
				 NETLINK_ROUTE);
		if (c->data < 0 ||
		    bind(c->data, (struct sockaddr *)&a, sizeof(a)) < 0)
			return -1;
		return client_rtt(c, false);
	}
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	c->conn = (int)syscall(SYS_socket, AF_UNIX,
			       SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (c->conn < 0 ||
	    syscall(SYS_connect, c->conn, (struct sockaddr *)&sun,
		    sizeof(sun)) < 0)
		return -1;
	{
		struct unl_wire_req req = { .op = UNL_OP_HELLO,
					    .a0 = (int32_t)UNL_WIRE_MAGIC,
					    .a1 = UNL_WIRE_VERSION, .a2 = 1 };

		/* the call page, as the shim asks for it (not used here) */
		if (wire_call(c->conn, &req, NULL, fds) <= 0)
			return -1;
		if (fds[0] >= 0)
			raw_close(fds[0]);
	}
	{
		struct unl_wire_req req = { .op = UNL_OP_CREATE,
					    .a0 = SOCK_RAW,
					    .a1 = NETLINK_ROUTE };

		struct unl_wire_slot ws = { 0 };

		ret = wire_call_out(c->conn, &req, NULL, fds, &ws, sizeof(ws));
		if (ret <= 0 || fds[0] < 0 || fds[1] < 0)
			return -1;
		/* the status pool, mapped and the slot read as the shim
		 * does (its memory is the client's too) */
		c->pool = mmap(NULL, UNL_WIRE_POOL_BYTES, PROT_READ,
			       MAP_SHARED, fds[1], 0);
		raw_close(fds[1]);
		if (c->pool == MAP_FAILED ||
		    ws.slot >= UNL_WIRE_POOL_BYTES / sizeof(*c->pool) ||
		    c->pool[ws.slot].magic != UNL_WIRE_MAGIC)
			return -1;
		c->id = (uint32_t)ret;
		c->data = fds[0];
	}
	{
		struct unl_wire_req req = { .op = UNL_OP_BIND, .sock = c->id,
					    .len = sizeof(a) };

		if (wire_call(c->conn, &req, &a, NULL) != 0)
			return -1;
	}
	return client_rtt(c, false);
}

/*
 * One worker: clients [0, n) opened (their time on its stdout), then
 * told to go on by a byte on go, one round trip each (its time), then
 * it waits for a byte on go again and closes them.
 */
static void worker(int n, const char *path, int go, int out)
{
	struct client *c = calloc((size_t)n, sizeof(*c));
	double t0, t_open, t_rtt;
	char b;
	int ok = 0;

	if (!c)
		_exit(1);
	t0 = now();
	for (int i = 0; i < n; i++)
		if (client_open(&c[i], path) < 0) {
			fprintf(stderr, "bench-sockets: client %d: %s\n", i,
				strerror(errno));
			_exit(1);
		}
	t_open = now() - t0;
	if (write(out, &t_open, sizeof(t_open)) != sizeof(t_open) ||
	    read(go, &b, 1) != 1)
		_exit(1);
	t0 = now();
	for (int i = 0; i < n; i++)
		ok += client_rtt(&c[i], true) == 0;
	t_rtt = now() - t0;
	if (write(out, &t_rtt, sizeof(t_rtt)) != sizeof(t_rtt) ||
	    write(out, &ok, sizeof(ok)) != sizeof(ok) ||
	    read(go, &b, 1) != 1)
		_exit(1);
	for (int i = 0; i < n; i++) {
		raw_close(c[i].data);
		if (c[i].conn >= 0)
			raw_close(c[i].conn);
	}
	_exit(0);
}

static int w_clients(pid_t dpid, const char *path, struct sample *s)
{
	int nw = (nclients + WORKER_CLIENTS - 1) / WORKER_CLIENTS;
	pid_t *pids = calloc((size_t)nw + 2, sizeof(pid_t));
	int *go = calloc((size_t)nw, sizeof(int)), *out = calloc((size_t)nw,
								 sizeof(int));
	double t_open = 0, t_rtt = 0;
	struct mem m0, m1;
	int d0, d1, ok = 0, err = 0;

	if (!pids || !go || !out)
		return -1;
	pids[0] = getpid();
	pids[1] = dpid;
	d0 = fds_of(dpid);
	m0 = mem_now(pids, 2);
	for (int w = 0; w < nw; w++) {
		int n = w < nw - 1 ? WORKER_CLIENTS
				   : nclients - WORKER_CLIENTS * (nw - 1);
		int p1[2], p2[2];
		pid_t pid;

		if (pipe(p1) < 0 || pipe(p2) < 0)
			return -1;
		fflush(NULL);
		pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			close(p1[1]);
			close(p2[0]);
			worker(n, path, p1[0], p2[1]);
		}
		close(p1[0]);
		close(p2[1]);
		pids[2 + w] = pid;
		go[w] = p1[1];
		out[w] = p2[0];
	}
	/* all open at once */
	for (int w = 0; w < nw; w++) {
		double t;

		if (read(out[w], &t, sizeof(t)) != sizeof(t)) {
			err = -1;
			continue;
		}
		t_open += t;
	}
	/* the workers' own memory is their clients' (the kernel side's
	 * sockets hold none there) */
	m1 = mem_now(pids, nw + 2);
	d1 = fds_of(dpid);
	for (int w = 0; w < nw; w++) {
		double t;
		int k = 0;

		if (write(go[w], "g", 1) != 1 ||
		    read(out[w], &t, sizeof(t)) != sizeof(t) ||
		    read(out[w], &k, sizeof(k)) != sizeof(k)) {
			err = -1;
			continue;
		}
		t_rtt += t;
		ok += k;
	}
	for (int w = 0; w < nw; w++) {
		if (write(go[w], "g", 1) != 1)
			err = -1;
		close(go[w]);
		close(out[w]);
		waitpid(pids[2 + w], NULL, 0);
	}
	s->cl_us = t_open * 1e6 / nclients;
	s->cl_rtt_us = t_rtt * 1e6 / nclients;
	s->cl_slab = (m1.slab - m0.slab) / nclients;
	s->cl_shmem = (m1.shmem - m0.shmem) / nclients;
	s->cl_anon = (m1.anon - m0.anon) / nclients;
	s->cl_ptes = (m1.ptes - m0.ptes) / nclients;
	s->cl_mem = s->cl_slab + s->cl_shmem + s->cl_anon + s->cl_ptes;
	s->cl_dfds = dpid > 0 ? (double)(d1 - d0) / nclients : -1;
	s->cl_ok = ok;
	free(pids);
	free(go);
	free(out);
	return err;
}

static int measure(pid_t dpid, const char *path)
{
	struct sample s;
	int err;

	for (size_t i = 0; sample_fields[i].key; i++) {
		double v = -1;

		memcpy((char *)&s + sample_fields[i].off, &v, sizeof(v));
	}
	err = w_sockets(dpid, &s);
	if (!err)
		err = w_clients(dpid, path, &s);
	bench_put(sample_fields, &s);
	fflush(stdout);
	return err ? 1 : 0;
}

/* ---- the two sides ---- */

static int run_kernel(struct sample *s)
{
	int fd;
	pid_t pid = bench_spawn(NULL, &fd);

	if (pid < 0)
		return (int)pid;
	if (pid == 0) {
		if (unshare(CLONE_NEWNET) < 0) {
			fprintf(stderr, "bench-sockets: the kernel side: %s\n",
				strerror(errno));
			_exit(3);
		}
		_exit(measure(0, NULL));
	}
	return bench_collect(pid, fd, sample_fields, s);
}

static int run_unetlink(const char *cli, const char *self, struct sample *s)
{
	char ns[32], nc[32];
	const char *argv[] = { cli, "run", "--private", "--", self, CHILD_FLAG,
			       ns, nc, NULL };

	snprintf(ns, sizeof(ns), "%d", nsockets);
	snprintf(nc, sizeof(nc), "%d", nclients);
	return bench_rerun(argv, sample_fields, s);
}

/* ---- the report ---- */

/* One row: -1 is "not measured"; the ratio where both are above 0. */
static void row(const char *name, double k, double u, const char *note)
{
	char ks[32], us[32], rs[32] = "-";

	snprintf(ks, sizeof(ks), k >= 0 ? "%.2f" : "-", k);
	snprintf(us, sizeof(us), u >= 0 ? "%.2f" : "-", u);
	if (k > 0 && u > 0)
		snprintf(rs, sizeof(rs), "%.2fx", u / k);
	printf("%-40s %10s %10s %8s  %s\n", name, ks, us, rs, note);
}

static void report(const struct sample *k, const struct sample *u)
{
	printf("%-40s %10s %10s %8s\n", "", "kernel", "unetlink", "ratio");
	printf("%d sockets in one process, each bound:\n", nsockets);
	row("  socket + bind (us)", k->sock_us, u->sock_us, "");
	row("  memory per socket (bytes)", k->sock_mem, u->sock_mem,
	    "slab + shmem + anon + page tables");
	row("    slab", k->sock_slab, u->sock_slab, "");
	row("    shared memory", k->sock_shmem, u->sock_shmem, "");
	row("    anonymous (program, daemon)", k->sock_anon, u->sock_anon, "");
	row("    page tables", k->sock_ptes, u->sock_ptes, "");
	row("  daemon descriptors per socket", -1, u->sock_dfds, "");
	printf("%d clients at once (a connection and a socket each under "
	       "unetlink):\n", nclients);
	row("  open: connect, socket, bind, ACK (us)", k->cl_us, u->cl_us, "");
	row("  then a NOOP->ACK each, all open (us)", k->cl_rtt_us,
	    u->cl_rtt_us, "");
	row("  memory per client (bytes)", k->cl_mem, u->cl_mem,
	    "slab + shmem + anon + page tables");
	row("    slab", k->cl_slab, u->cl_slab, "");
	row("    shared memory", k->cl_shmem, u->cl_shmem, "");
	row("    anonymous (workers, daemon)", k->cl_anon, u->cl_anon, "");
	row("    page tables", k->cl_ptes, u->cl_ptes, "");
	row("  daemon descriptors per client", -1, u->cl_dfds, "");
	row("  clients answered in the last round", k->cl_ok, u->cl_ok, "");
	printf("\nmemory: the change over the phase per socket or client: "
	       "/proc/slabinfo (system-wide),\n/proc/meminfo Shmem and "
	       "PageTables (system-wide), and the RssAnon of the measuring\n"
	       "processes and the daemon.\n");
}

/*
 * Room for the daemon, which takes its hard limit: a client costs it two
 * descriptors (its connection, its socket's data socket), so 10,000 of
 * them need more than the 20,000 a shell often has (the systemd unit
 * gives it 1,048,576).  Root raises the hard limit for both sides; else
 * the soft one goes up to it.
 */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	if (rl.rlim_max < NOFILE_WANTED) {
		struct rlimit more = { NOFILE_WANTED, NOFILE_WANTED };

		if (setrlimit(RLIMIT_NOFILE, &more) == 0)
			return;
	}
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	struct sample k, u;
	char self[BENCH_PATH_MAX], cli_buf[BENCH_PATH_MAX + 32];
	const char *cli = NULL;
	int bad = 0;

	raise_nofile();
	if (argc == 4 && !strcmp(argv[1], CHILD_FLAG)) {
		const char *sock = getenv(UNL_ENV_SOCKET);
		pid_t dpid = sock ? bench_daemon_pid(sock) : -ENOENT;

		nsockets = atoi(argv[2]);
		nclients = atoi(argv[3]);
		if (dpid < 0 || nsockets <= 0 || nclients <= 0) {
			fprintf(stderr, "bench-sockets: %s outside unetlink "
					"run\n", CHILD_FLAG);
			return 1;
		}
		return measure(dpid, sock);
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cli") && i + 1 < argc) {
			cli = argv[++i];
		} else if (!strcmp(argv[i], "--sockets") && i + 1 < argc) {
			nsockets = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--clients") && i + 1 < argc) {
			nclients = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--quick")) {
			nsockets = nclients = 1000;
		} else {
			nsockets = 0;
		}
		if (nsockets <= 0 || nclients <= 0) {
			fprintf(stderr, "usage: bench-sockets [--sockets N] "
					"[--clients N] [--cli PATH] "
					"[--quick]\n");
			return 2;
		}
	}
	{
		struct rlimit rl;
		int fit;

		/* two descriptors a client in the daemon, a few of its own */
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
		    (fit = (int)((rl.rlim_max - 64) / 2)) < nclients) {
			fprintf(stderr, "bench-sockets: RLIMIT_NOFILE %llu "
					"holds %d clients in the daemon, not "
					"%d\n",
				(unsigned long long)rl.rlim_max, fit,
				nclients);
			nclients = fit;
		}
	}
	if (bench_locate(self, &cli, cli_buf) < 0) {
		perror("bench-sockets: /proc/self/exe");
		return 1;
	}
	if (run_unetlink(cli, self, &u) < 0) {
		fprintf(stderr, "bench-sockets: the unetlink run failed\n");
		bad = 1;
	}
	if (run_kernel(&k) < 0) {
		fprintf(stderr, "bench-sockets: the kernel side failed (it "
				"needs root for unshare -n and /proc/slabinfo)"
				"\n");
		bad = 1;
	}
	report(&k, &u);
	return bad;
}
