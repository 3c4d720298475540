// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rtnetlink at scale, a kernel network namespace against unetlink: one
 * run, ratios printed.  Each repetition starts from nothing on both
 * sides and adds N IPv4 blackhole routes (they need no device, so no
 * dummy module) with iproute2's `ip -batch FILE`, one `route add
 * blackhole 10.x.y.z/32` line each, then reads them back:
 *
 *   ip -batch   wall time of `ip -batch FILE` (best of 3)
 *   dump        an RTM_GETROUTE dump of the N routes read with a 32 KiB
 *               buffer, messages per second (best of 3 x 3 dumps)
 *   memory      bytes per route held once the adds are done (median of 3):
 *                 kernel:   the change in /proc/meminfo SUnreclaim +
 *                           VmallocUsed (system-wide: every unreclaimable
 *                           slab and vmalloc byte; fib_trie's large
 *                           tnodes are vmalloc'd); also, from
 *                           /proc/slabinfo, the ip_fib_trie and
 *                           ip_fib_alias objects alone (a lower bound)
 *                 unetlink: the change in the daemon's VmRSS
 *                           (/proc/PID/status); also its Pss
 *                           (/proc/PID/smaps_rollup)
 *
 * The kernel side runs in a child in a fresh network namespace (unshare
 * -n), so it needs root; without it its column is skipped.  The unetlink
 * side is this program again under `unetlink run --private` (a fresh
 * daemon each repetition, the shim preloaded, `ip` inheriting both); it
 * finds the daemon by SO_PEERCRED on $UNETLINK_SOCKET.  Not root, it asks
 * the private daemon for admin rights (--admin-uid) to add routes.
 *
 *   bench-rtnl [--cli PATH-TO-unetlink] [--ip PATH-TO-ip] [--quick]
 *
 * Then, in the same namespace or daemon, links: a veth pair, then
 * 10,000 macvlan devices on it made by one `ip -batch` and deleted by
 * another (wall time of each; skipped when the kernel has no macvlan).
 *
 * --quick: 10,000 routes, 1,000 macvlans.  Not run by the tests:
 * numbers, not verdicts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "bench-common.h"

#define CHILD_FLAG "--measure"
#define ROUTES 100000
#define MACVLANS 10000
#define REPS 3

static bool quick;
static const char *ip_path = "ip";

static int n_routes(void)
{
	return quick ? ROUTES / 10 : ROUTES;
}

static int n_macvlans(void)
{
	return quick ? MACVLANS / 10 : MACVLANS;
}


/* One measurement; < 0 for what could not be measured. */
struct sample {
	double add_s;    /* ip -batch wall time */
	double dump;     /* msg/s */
	double mem;      /* bytes per route, the main measure */
	double mem_part; /* kernel: fib caches; unetlink: Pss */
	double mv_add_s; /* ip -batch of the macvlan adds */
	double mv_del_s; /* ip -batch of their deletions */
};

/* A sample as the measuring child sends it back. */
static const struct bench_field sample_fields[] = {
	{ "add_s", offsetof(struct sample, add_s) },
	{ "dump", offsetof(struct sample, dump) },
	{ "mem", offsetof(struct sample, mem) },
	{ "mem_part", offsetof(struct sample, mem_part) },
	{ "mv_add_s", offsetof(struct sample, mv_add_s) },
	{ "mv_del_s", offsetof(struct sample, mv_del_s) },
	{ NULL, 0 },
};

/* ---- memory probes ---- */

/* Unreclaimable kernel memory: slab that cannot be shrunk plus vmalloc. */
static double kernel_mem(void)
{
	double s = bench_proc_kb("/proc/meminfo", "SUnreclaim");
	double v = bench_proc_kb("/proc/meminfo", "VmallocUsed");

	return s < 0 || v < 0 ? -1 : s + v;
}

/* Bytes in the objects of the IPv4 FIB's own caches (fib_trie leaves and
 * fib_alias), from /proc/slabinfo (root only); -1 if unreadable.  The
 * trie's inner nodes come from kmalloc and vmalloc and are not in it. */
static double fib_cache_mem(void)
{
	char line[512], name[64];
	unsigned long active, objs, size;
	double sum = -1;
	FILE *f = fopen("/proc/slabinfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %lu %lu %lu", name, &active, &objs,
			   &size) != 4)
			continue;
		if (strcmp(name, "ip_fib_trie") && strcmp(name, "ip_fib_alias"))
			continue;
		sum = (sum < 0 ? 0 : sum) + (double)active * (double)size;
	}
	fclose(f);
	return sum;
}

/* The stack's memory now: the daemon's VmRSS and Pss (dpid), or the
 * kernel's unreclaimable memory and FIB caches (dpid 0). */
static void mem_probe(pid_t dpid, double *mem, double *part)
{
	char path[64];

	if (!dpid) {
		*mem = kernel_mem();
		*part = fib_cache_mem();
		return;
	}
	snprintf(path, sizeof(path), "/proc/%d/status", (int)dpid);
	*mem = bench_proc_kb(path, "VmRSS");
	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)dpid);
	*part = bench_proc_kb(path, "Pss");
}

/* ---- the workloads ---- */

/* The batch file: n `route add` lines, in ascending order. */
static int write_batch(const char *path, int n)
{
	FILE *f = fopen(path, "we");

	if (!f)
		return -errno;
	for (int i = 0; i < n; i++) {
		uint32_t a = 0x0a000000u + (uint32_t)i;

		fprintf(f, "route add blackhole %u.%u.%u.%u/32\n", a >> 24,
			(a >> 16) & 255, (a >> 8) & 255, a & 255);
	}
	return fclose(f) ? -errno : 0;
}

/* The link batch files: FILE.mvadd makes the veth pair, then n
 * macvlans on v0; FILE.mvdel deletes the macvlans. */
static int write_link_batches(const char *base, int n)
{
	char path[256];
	FILE *a, *d;

	snprintf(path, sizeof(path), "%s.mvadd", base);
	a = fopen(path, "we");
	snprintf(path, sizeof(path), "%s.mvdel", base);
	d = fopen(path, "we");
	if (!a || !d) {
		if (a)
			fclose(a);
		if (d)
			fclose(d);
		return -errno;
	}
	fprintf(a, "link add bv0 type veth peer name bv1\n");
	for (int i = 0; i < n; i++) {
		fprintf(a, "link add mv%d link bv0 type macvlan mode bridge\n", i);
		fprintf(d, "link del mv%d\n", i);
	}
	return (fclose(a) | fclose(d)) ? -errno : 0;
}

static void unlink_link_batches(const char *base)
{
	char path[256];

	snprintf(path, sizeof(path), "%s.mvadd", base);
	unlink(path);
	snprintf(path, sizeof(path), "%s.mvdel", base);
	unlink(path);
}

/* Seconds `ip -batch file` took; -1 if it failed.  Its stdout goes to
 * /dev/null: ours may be the pipe the numbers are read from. */
static double run_ip_batch(const char *file)
{
	double t0 = now();
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execlp(ip_path, ip_path, "-batch", file, (char *)NULL);
		fprintf(stderr, "bench-rtnl: cannot run %s: %s\n", ip_path,
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	return now() - t0;
}


/* Messages per second of the best of three dumps; -1 unless every dump
 * saw all n routes. */
static double dump_best(int n)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	double best = -1;
	long count = 0;

	if (fd < 0)
		return -1;
	for (int i = 0; i < 3; i++) {
		double t = dump_once(fd, (uint32_t)(1000 + i), &count);

		if (t <= 0 || count < n) {
			best = -1;
			break;
		}
		if (count / t > best)
			best = count / t;
	}
	close(fd);
	return best;
}

/* Wait until unreclaimable kernel memory stops moving: after the adds,
 * for the trie nodes that resizing replaced (freed after an RCU grace
 * period); after a repetition, for its namespace's teardown (a
 * workqueue), so that the next one starts from a quiet baseline. */
static void kernel_settle(void)
{
	double last = kernel_mem(), t0 = now();

	while (now() - t0 < 3.0) {
		double m;

		usleep(100 * 1000);
		m = kernel_mem();
		if (m < 0 || (m > last - 64 * 1024 && m < last + 64 * 1024))
			break;
		last = m;
	}
}

/*
 * One repetition on whatever stack this process talks to: memory before,
 * `ip -batch`, memory after, dumps.  dpid is the daemon to watch, or 0
 * for the kernel.  The results go to stdout as "key value" lines.
 */
static void measure(const char *file, pid_t dpid)
{
	struct sample s = { -1, -1, -1, -1, -1, -1 };
	double m0, m1, p0, p1;
	char path[256];
	int n = n_routes();

	mem_probe(dpid, &m0, &p0);
	s.add_s = run_ip_batch(file);
	if (!dpid)
		kernel_settle();
	mem_probe(dpid, &m1, &p1);
	if (s.add_s > 0) {
		if (m0 >= 0 && m1 >= 0)
			s.mem = (m1 - m0) / n;
		if (p0 >= 0 && p1 >= 0)
			s.mem_part = (p1 - p0) / n;
		s.dump = dump_best(n);
	}
	snprintf(path, sizeof(path), "%s.mvadd", file);
	s.mv_add_s = run_ip_batch(path);
	snprintf(path, sizeof(path), "%s.mvdel", file);
	if (s.mv_add_s > 0)
		s.mv_del_s = run_ip_batch(path);
	bench_put(sample_fields, &s);
}

/* The kernel side: a child in a fresh network namespace, which goes
 * with it.  Returns -EPERM when namespaces are not ours to make. */
static int run_kernel(const char *file, struct sample *s)
{
	int fd;
	pid_t pid = bench_spawn(NULL, &fd);

	if (pid < 0)
		return (int)pid;
	if (pid == 0) {
		if (unshare(CLONE_NEWNET) < 0)
			_exit(3);
		measure(file, 0);
		fflush(stdout);
		_exit(0);
	}
	return bench_collect(pid, fd, sample_fields, s);
}

/* The unetlink side: this program under `unetlink run --private`. */
static int run_unetlink(const char *cli, const char *self, const char *file,
			struct sample *s)
{
	return bench_rerun_private(cli, self, CHILD_FLAG, quick, file, ip_path,
				   sample_fields, s);
}

/* ---- the report ---- */

/* The ratio is always unetlink/kernel: for a time or a memory size, how
 * many times more; for a throughput, the fraction kept. */
static void row(const char *name, double k, double u, const char *note)
{
	bench_row(30, 12, name, k, u, note);
}

static double pick(const struct sample *s, size_t off,
		   double (*agg)(const double *, int))
{
	return bench_pick(s, sizeof(*s), REPS, off, agg);
}

static void print_bytes(double b, bool side_ok)
{
	if (b > 0)
		printf("%.1f B/route", b);
	else
		printf(side_ok ? "unreadable" : "skipped");
}

/* Every repetition, on stderr: how much the best and the median hide. */
static void print_all(const char *side, const struct sample *s, bool ok)
{
	fprintf(stderr, "  %-8s", side);
	for (int i = 0; ok && i < REPS; i++)
		fprintf(stderr, "  [%.3f s, %.0f/s, %.0f B, %.0f B, %.3f s, %.3f s]",
			s[i].add_s, s[i].dump, s[i].mem, s[i].mem_part,
			s[i].mv_add_s, s[i].mv_del_s);
	fprintf(stderr, ok ? "\n" : "  skipped\n");
}

int main(int argc, char **argv)
{
	struct sample k[REPS], u[REPS];
	char self[BENCH_PATH_MAX], cli_buf[BENCH_PATH_MAX + 32];
	char file[] = "/tmp/bench-rtnl.XXXXXX";
	const char *cli = NULL;
	bool kernel_ok = true, unetlink_ok = true;
	char label[64];
	double kp, up;
	int fd;

	if (argc == 5 && !strcmp(argv[1], CHILD_FLAG)) {
		const char *sock = getenv("UNETLINK_SOCKET");
		pid_t dpid;

		quick = !strcmp(argv[2], "quick");
		ip_path = argv[4];
		if (!sock) {
			fprintf(stderr, "bench-rtnl: %s outside unetlink run\n",
				CHILD_FLAG);
			return 1;
		}
		dpid = bench_daemon_pid(sock);
		if (dpid < 0) {
			fprintf(stderr, "bench-rtnl: no daemon pid at %s: %s\n",
				sock, strerror((int)-dpid));
			return 1;
		}
		measure(argv[3], dpid);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cli") && i + 1 < argc) {
			cli = argv[++i];
		} else if (!strcmp(argv[i], "--ip") && i + 1 < argc) {
			ip_path = argv[++i];
		} else if (!strcmp(argv[i], "--quick")) {
			quick = true;
		} else {
			fprintf(stderr, "usage: bench-rtnl [--cli PATH] [--ip PATH] "
					"[--quick]\n");
			return 2;
		}
	}
	if (bench_locate(self, &cli, cli_buf) < 0) {
		perror("bench-rtnl: /proc/self/exe");
		return 1;
	}
	fd = mkstemp(file);
	if (fd < 0) {
		perror("bench-rtnl: mkstemp");
		return 1;
	}
	close(fd);
	if (write_batch(file, n_routes()) < 0 ||
	    write_link_batches(file, n_macvlans()) < 0) {
		perror("bench-rtnl: the batch file");
		unlink(file);
		unlink_link_batches(file);
		return 1;
	}

	/* Alternate the sides, so that whatever else the machine does falls
	 * on both. */
	for (int i = 0; i < REPS; i++) {
		int err = kernel_ok ? run_kernel(file, &k[i]) : -EPERM;

		if (err < 0) {
			if (kernel_ok)
				fprintf(stderr, "bench-rtnl: the kernel side "
						"failed (needs root for unshare "
						"-n); its column is skipped\n");
			kernel_ok = false;
			k[i] = (struct sample){ -1, -1, -1, -1, -1, -1 };
		} else {
			kernel_settle();
		}
		err = unetlink_ok ? run_unetlink(cli, self, file, &u[i]) : -1;
		if (err < 0) {
			if (unetlink_ok)
				fprintf(stderr, "bench-rtnl: the unetlink run "
						"failed; its column is skipped\n");
			unetlink_ok = false;
			u[i] = (struct sample){ -1, -1, -1, -1, -1, -1 };
		}
	}
	unlink(file);
	unlink_link_batches(file);
	fprintf(stderr, "bench-rtnl: each repetition [ip -batch, dump, memory "
			"per route, its part, macvlan adds, deletes]:\n");
	print_all("kernel", k, kernel_ok);
	print_all("unetlink", u, unetlink_ok);

	printf("%-30s %12s %12s %8s\n", "workload", "kernel", "unetlink",
	       "ratio");
	snprintf(label, sizeof(label), "dump %dk routes (msg/s)",
		 n_routes() / 1000);
	row(label, pick(k, offsetof(struct sample, dump), bench_best_max),
	    pick(u, offsetof(struct sample, dump), bench_best_max),
	    "(unetlink/kernel throughput)");
	snprintf(label, sizeof(label), "ip -batch %dk adds (s)",
		 n_routes() / 1000);
	row(label, pick(k, offsetof(struct sample, add_s), bench_best_min),
	    pick(u, offsetof(struct sample, add_s), bench_best_min),
	    "(unetlink/kernel time)");
	row("memory per route (bytes)",
	    pick(k, offsetof(struct sample, mem), bench_median),
	    pick(u, offsetof(struct sample, mem), bench_median),
	    "(unetlink/kernel size)");
	snprintf(label, sizeof(label), "%dk macvlan adds (s)",
		 n_macvlans() / 1000);
	row(label, pick(k, offsetof(struct sample, mv_add_s), bench_best_min),
	    pick(u, offsetof(struct sample, mv_add_s), bench_best_min),
	    "(unetlink/kernel time)");
	snprintf(label, sizeof(label), "%dk macvlan deletes (s)",
		 n_macvlans() / 1000);
	row(label, pick(k, offsetof(struct sample, mv_del_s), bench_best_min),
	    pick(u, offsetof(struct sample, mv_del_s), bench_best_min),
	    "(unetlink/kernel time)");
	kp = pick(k, offsetof(struct sample, mem_part), bench_median);
	up = pick(u, offsetof(struct sample, mem_part), bench_median);
	printf("\n%d IPv4 blackhole routes (/32, ascending) added by `%s "
	       "-batch` in a fresh\nnetwork namespace (kernel) and under a "
	       "fresh `unetlink run --private` (unetlink).\n"
	       "dump: RTM_GETROUTE, 32 KiB reads, best of %d x 3.  "
	       "ip -batch: wall time, best of %d.\n"
	       "memory, median of %d: the change over the adds divided by "
	       "the routes;\n"
	       "  kernel:   /proc/meminfo SUnreclaim + VmallocUsed "
	       "(system-wide: other\n"
	       "            activity on the machine is noise); the "
	       "ip_fib_trie and ip_fib_alias\n"
	       "            slab objects alone: ",
	       n_routes(), ip_path, REPS, REPS, REPS);
	print_bytes(kp, kernel_ok);
	printf("\n  unetlink: the daemon's VmRSS; its Pss: ");
	print_bytes(up, unetlink_ok);
	printf("\nmacvlans: a veth pair, then %d macvlans (mode bridge) on "
	       "one end by one\n`%s -batch`, deleted by another; wall time, "
	       "best of %d (skipped: no macvlan).\n",
	       n_macvlans(), ip_path, REPS);
	return 0;
}
