// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nf_tables at scale, a kernel network namespace against unetlink: one
 * run, ratios printed (issue 15's benchmark).  Each repetition starts
 * from nothing on both sides and loads, with `nft -f FILE`:
 *
 *   rules     a table with a base chain of N rules (10,000), each
 *             `ip saddr A tcp dport P counter accept` (payload,
 *             cmp, meta, cmp, payload, cmp, counter, immediate: eight
 *             expressions)
 *   elements  a table with one set of M IPv4 addresses (100,000), given
 *             in one `elements = { ... }`
 *
 * and reports for each:
 *
 *   time      wall time of `nft -f` (best of 3); nft's own parsing and
 *             evaluation is in both columns
 *   cpu       CPU time of the load (best of 3), which the machine's
 *             other work disturbs less than the wall time: nft's user
 *             and system time (the kernel's nf_tables work is in nft's
 *             system time; its deferred work, RCU callbacks and
 *             kworkers, is not counted) and, under unetlink, the
 *             daemon's (every thread's run time, /proc/PID/task/TID/
 *             schedstat)
 *   memory    bytes held per rule and per element once loaded (median
 *             of 3):
 *               kernel:   the change in /proc/meminfo SUnreclaim +
 *                         VmallocUsed (system-wide unreclaimable slab
 *                         and vmalloc, where nf_tables' rules, sets and
 *                         elements live), after it stops moving
 *               unetlink: the change in the daemon's VmRSS
 *                         (/proc/PID/status); also its Pss
 *   release   then `nft flush ruleset`, and CYCLES - 1 more cycles of
 *             both loads and a flush: the memory a flush leaves above
 *             what there was before the first load, and what each later
 *             cycle adds (0 when deleting gives everything back for the
 *             next load to use)
 *
 * The kernel side runs in a child in a fresh network namespace (unshare
 * -n), so it needs root; without it its column is skipped.  The unetlink
 * side is this program again under `unetlink run --private` (a fresh
 * daemon each repetition, the shim preloaded, `nft` inheriting both).
 *
 *   bench-nft [--cli PATH-TO-unetlink] [--nft PATH-TO-nft] [--quick]
 *
 * --quick: a tenth of each.  Not run by the tests: numbers, not
 * verdicts.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-common.h"

#define CHILD_FLAG "--measure"
#define RULES 10000
#define ELEMS 100000
#define REPS 3
#define CYCLES 3

static bool quick;
static const char *nft_path = "nft";

static int n_rules(void)
{
	return quick ? RULES / 10 : RULES;
}

static int n_elems(void)
{
	return quick ? ELEMS / 10 : ELEMS;
}

/* One measurement; < 0 for what could not be measured. */
struct sample {
	double rules_s;   /* nft -f of the rules */
	double rule_mem;  /* bytes per rule */
	double rule_pss;  /* unetlink: Pss per rule */
	double elems_s;   /* nft -f of the set */
	double elem_mem;  /* bytes per element */
	double elem_pss;
	double rules_cpu; /* CPU seconds of the loads */
	double elems_cpu;
	/* times nft and the daemon slept during a load (voluntary context
	 * switches): each a hand-off that waits for a CPU when the machine
	 * is busy */
	double rules_sw, elems_sw;
	/* the stack's memory (bytes) before the first load, after the
	 * first flush and after the last */
	double mem_start, mem_flush1, mem_flushn;
};

static const struct bench_field sample_fields[] = {
	{ "rules_s", offsetof(struct sample, rules_s) },
	{ "rule_mem", offsetof(struct sample, rule_mem) },
	{ "rule_pss", offsetof(struct sample, rule_pss) },
	{ "elems_s", offsetof(struct sample, elems_s) },
	{ "elem_mem", offsetof(struct sample, elem_mem) },
	{ "elem_pss", offsetof(struct sample, elem_pss) },
	{ "rules_cpu", offsetof(struct sample, rules_cpu) },
	{ "elems_cpu", offsetof(struct sample, elems_cpu) },
	{ "rules_sw", offsetof(struct sample, rules_sw) },
	{ "elems_sw", offsetof(struct sample, elems_sw) },
	{ "mem_start", offsetof(struct sample, mem_start) },
	{ "mem_flush1", offsetof(struct sample, mem_flush1) },
	{ "mem_flushn", offsetof(struct sample, mem_flushn) },
	{ NULL, 0 },
};

#define SAMPLE_NONE                                                        \
	((struct sample){ -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 })

/* ---- memory ---- */

static double kernel_mem(void)
{
	double s = bench_proc_kb("/proc/meminfo", "SUnreclaim");
	double v = bench_proc_kb("/proc/meminfo", "VmallocUsed");

	return s < 0 || v < 0 ? -1 : s + v;
}

/* The stack's memory now, in bytes: the daemon's VmRSS and Pss (dpid), or
 * the kernel's unreclaimable memory (dpid 0; no second measure). */
static void mem_probe(pid_t dpid, double *mem, double *pss)
{
	char path[64];

	*pss = -1;
	if (!dpid) {
		*mem = kernel_mem();
		return;
	}
	snprintf(path, sizeof(path), "/proc/%d/status", (int)dpid);
	*mem = bench_proc_kb(path, "VmRSS");
	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)dpid);
	*pss = bench_proc_kb(path, "Pss");
}

/* One thread's run time in ns (the first field of its schedstat). */
static double task_run_ns(const char *taskdir)
{
	char p[384];
	unsigned long long run;
	double ns = 0;
	FILE *f;

	snprintf(p, sizeof(p), "%s/schedstat", taskdir);
	f = fopen(p, "re");
	if (f && fscanf(f, "%llu", &run) == 1)
		ns = (double)run;
	if (f)
		fclose(f);
	return ns;
}

/* One thread's voluntary context switches (its status; a count, which
 * bench_proc_kb() scales as kB). */
static double task_sleeps(const char *taskdir)
{
	char p[384];
	double v;

	snprintf(p, sizeof(p), "%s/status", taskdir);
	v = bench_proc_kb(p, "voluntary_ctxt_switches");
	return v > 0 ? v / 1024 : 0;
}

/* per_task summed over the daemon's threads (/proc/PID/task/TID); 0 for
 * the kernel (dpid 0), whose work is in nft's own figures; -1 when the
 * daemon's tasks cannot be read. */
static double daemon_sum(pid_t dpid, double (*per_task)(const char *))
{
	char path[64], taskdir[320];
	double sum = 0;
	DIR *d;
	struct dirent *de;

	if (!dpid)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)dpid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(taskdir, sizeof(taskdir), "%s/%s", path, de->d_name);
		sum += per_task(taskdir);
	}
	closedir(d);
	return sum;
}

/* The daemon's CPU time so far, in seconds: every thread's run time. */
static double daemon_cpu(pid_t dpid)
{
	double ns = daemon_sum(dpid, task_run_ns);

	return ns < 0 ? -1 : ns / 1e9;
}

/* The daemon's voluntary context switches so far, every thread's. */
static double daemon_sleeps(pid_t dpid)
{
	return daemon_sum(dpid, task_sleeps);
}

/* Until unreclaimable kernel memory stops moving (frees after an RCU
 * grace period, a namespace's teardown). */
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

/* ---- the workloads ---- */

static int write_rules(const char *path, int n)
{
	FILE *f = fopen(path, "we");

	if (!f)
		return -errno;
	fprintf(f, "table ip bench_rules {\n\tchain c {\n\t\ttype filter "
		   "hook input priority 0; policy accept;\n");
	for (int i = 0; i < n; i++)
		fprintf(f, "\t\tip saddr 10.%d.%d.%d tcp dport %d counter "
			   "accept\n",
			(i >> 16) & 255, (i >> 8) & 255, i & 255,
			1 + i % 65000);
	fprintf(f, "\t}\n}\n");
	return fclose(f) ? -errno : 0;
}

static int write_set(const char *path, int n)
{
	FILE *f = fopen(path, "we");

	if (!f)
		return -errno;
	fprintf(f, "table ip bench_set {\n\tset s {\n\t\ttype ipv4_addr\n"
		   "\t\telements = {\n");
	for (int i = 0; i < n; i++) {
		uint32_t a = 0x0a000000u + (uint32_t)i;

		fprintf(f, "\t\t\t%u.%u.%u.%u,\n", a >> 24, (a >> 16) & 255,
			(a >> 8) & 255, a & 255);
	}
	fprintf(f, "\t\t}\n\t}\n}\n");
	return fclose(f) ? -errno : 0;
}

/* Seconds `nft ARGS...` took (and its CPU seconds, user and system,
 * into *cpu, its voluntary context switches into *sw); -1 if it
 * failed. */
static double run_nft(const char *a1, const char *a2, double *cpu,
		      double *sw)
{
	double t0 = now();
	struct rusage ru;
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
		execlp(nft_path, nft_path, a1, a2, (char *)NULL);
		fprintf(stderr, "bench-nft: cannot run %s: %s\n", nft_path,
			strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	*cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	*sw = (double)ru.ru_nvcsw;
	return now() - t0;
}

/* One load: its time, CPU time and memory per object into *t, *cpu,
 * *mem, *pss. */
static void load(const char *file, int n, pid_t dpid, double *t,
		 double *cpu, double *mem, double *pss, double *sw)
{
	double m0, m1, p0, p1, c0 = daemon_cpu(dpid), c1, nft_cpu = 0;
	double s0 = daemon_sleeps(dpid), s1, nft_sw = 0;

	mem_probe(dpid, &m0, &p0);
	*t = run_nft("-f", file, &nft_cpu, &nft_sw);
	c1 = daemon_cpu(dpid);
	s1 = daemon_sleeps(dpid);
	if (!dpid)
		kernel_settle();
	mem_probe(dpid, &m1, &p1);
	if (*t <= 0)
		return;
	if (c0 >= 0 && c1 >= 0)
		*cpu = nft_cpu + c1 - c0;
	if (s0 >= 0 && s1 >= 0)
		*sw = nft_sw + s1 - s0;
	if (m0 >= 0 && m1 >= 0)
		*mem = (m1 - m0) / n;
	if (p0 >= 0 && p1 >= 0)
		*pss = (p1 - p0) / n;
}

/* `nft flush ruleset`: the stack's memory after it, -1 if it failed. */
static double flush(pid_t dpid)
{
	double cpu, sw, m, p;

	if (run_nft("flush", "ruleset", &cpu, &sw) < 0)
		return -1;
	if (!dpid)
		kernel_settle();
	mem_probe(dpid, &m, &p);
	return m;
}

/* One repetition on whatever stack this process talks to; dpid is the
 * daemon to watch, or 0 for the kernel.  Results on stdout. */
static void measure(const char *base, pid_t dpid)
{
	struct sample s = SAMPLE_NONE;
	char rules[256], set[256];
	double t, cpu, m, p, sw;

	snprintf(rules, sizeof(rules), "%s.rules", base);
	snprintf(set, sizeof(set), "%s.set", base);
	mem_probe(dpid, &s.mem_start, &p);
	load(rules, n_rules(), dpid, &s.rules_s, &s.rules_cpu, &s.rule_mem,
	     &s.rule_pss, &s.rules_sw);
	load(set, n_elems(), dpid, &s.elems_s, &s.elems_cpu, &s.elem_mem,
	     &s.elem_pss, &s.elems_sw);
	s.mem_flush1 = flush(dpid);
	for (int c = 1; c < CYCLES && s.mem_flush1 > 0; c++) {
		load(rules, n_rules(), dpid, &t, &cpu, &m, &p, &sw);
		load(set, n_elems(), dpid, &t, &cpu, &m, &p, &sw);
		s.mem_flushn = flush(dpid);
	}
	bench_put(sample_fields, &s);
}

static int run_kernel(const char *base, struct sample *s)
{
	int fd;
	pid_t pid = bench_spawn(NULL, &fd);

	if (pid < 0)
		return (int)pid;
	if (pid == 0) {
		if (unshare(CLONE_NEWNET) < 0)
			_exit(3);
		measure(base, 0);
		fflush(stdout);
		_exit(0);
	}
	return bench_collect(pid, fd, sample_fields, s);
}

static int run_unetlink(const char *cli, const char *self, const char *base,
			struct sample *s)
{
	return bench_rerun_private(cli, self, CHILD_FLAG, quick, base, nft_path,
				   sample_fields, s);
}

/* ---- the report ---- */

static double pick(const struct sample *s, size_t off,
		   double (*agg)(const double *, int))
{
	return bench_pick(s, sizeof(*s), REPS, off, agg);
}

static void row(const char *name, double k, double u, const char *note)
{
	bench_row(30, 12, name, k, u, note);
}

static void print_all(const char *side, const struct sample *s, bool ok)
{
	fprintf(stderr, "  %-8s", side);
	for (int i = 0; ok && i < REPS; i++)
		fprintf(stderr, "  [%.3f s, %.3f s, %.0f B, %.0f B, %.3f s, "
				"%.3f s, %.0f B, %.0f B; %.0f, %.0f, %.0f KiB]",
			s[i].rules_s, s[i].rules_cpu, s[i].rule_mem,
			s[i].rule_pss, s[i].elems_s, s[i].elems_cpu,
			s[i].elem_mem, s[i].elem_pss, s[i].mem_start / 1024,
			s[i].mem_flush1 / 1024, s[i].mem_flushn / 1024);
	fprintf(stderr, ok ? "\n" : "  skipped\n");
}

/* The median over the repetitions of b - a (either sign: memory given
 * back below the start counts too); NAN when none was measured. */
static double median_diff(const struct sample *s, size_t a, size_t b,
			  double div)
{
	double v[REPS], x, y;
	int n = 0;

	for (int i = 0; i < REPS; i++) {
		memcpy(&x, (const char *)&s[i] + a, sizeof(x));
		memcpy(&y, (const char *)&s[i] + b, sizeof(y));
		if (x > 0 && y > 0)
			v[n++] = (y - x) / div;
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	if (!n)
		return NAN;
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A row of the release: KiB of either sign, no ratio. */
static void row_release(const char *name, double k, double u)
{
	char ks[32], us[32];

	snprintf(ks, sizeof(ks), isnan(k) ? "skipped" : "%+.0f", k);
	snprintf(us, sizeof(us), isnan(u) ? "skipped" : "%+.0f", u);
	printf("%-30s %12s %12s %8s\n", name, ks, us, "-");
}

static void report(const struct sample *k, const struct sample *u)
{
	char label[64];

	printf("%-30s %12s %12s %8s\n", "workload", "kernel", "unetlink",
	       "ratio");
	snprintf(label, sizeof(label), "nft -f %dk rules (s)",
		 n_rules() / 1000);
	row(label, pick(k, offsetof(struct sample, rules_s), bench_best_min),
	    pick(u, offsetof(struct sample, rules_s), bench_best_min),
	    "(unetlink/kernel time)");
	row("memory per rule (bytes)",
	    pick(k, offsetof(struct sample, rule_mem), bench_median),
	    pick(u, offsetof(struct sample, rule_mem), bench_median),
	    "(unetlink/kernel size)");
	snprintf(label, sizeof(label), "nft -f %dk elements (s)",
		 n_elems() / 1000);
	row(label, pick(k, offsetof(struct sample, elems_s), bench_best_min),
	    pick(u, offsetof(struct sample, elems_s), bench_best_min),
	    "(unetlink/kernel time)");
	row("memory per element (bytes)",
	    pick(k, offsetof(struct sample, elem_mem), bench_median),
	    pick(u, offsetof(struct sample, elem_mem), bench_median),
	    "(unetlink/kernel size)");
	row("cpu of the rules (s)",
	    pick(k, offsetof(struct sample, rules_cpu), bench_best_min),
	    pick(u, offsetof(struct sample, rules_cpu), bench_best_min),
	    "(unetlink/kernel CPU time)");
	row("cpu of the elements (s)",
	    pick(k, offsetof(struct sample, elems_cpu), bench_best_min),
	    pick(u, offsetof(struct sample, elems_cpu), bench_best_min),
	    "(unetlink/kernel CPU time)");
	row("sleeps during the rules",
	    pick(k, offsetof(struct sample, rules_sw), bench_median),
	    pick(u, offsetof(struct sample, rules_sw), bench_median),
	    "(unetlink/kernel count)");
	row("sleeps during the elements",
	    pick(k, offsetof(struct sample, elems_sw), bench_median),
	    pick(u, offsetof(struct sample, elems_sw), bench_median),
	    "(unetlink/kernel count)");
	row_release("kept after a flush (KiB)",
		    median_diff(k, offsetof(struct sample, mem_start),
				offsetof(struct sample, mem_flush1), 1024),
		    median_diff(u, offsetof(struct sample, mem_start),
				offsetof(struct sample, mem_flush1), 1024));
	row_release("growth per later cycle (KiB)",
		    median_diff(k, offsetof(struct sample, mem_flush1),
				offsetof(struct sample, mem_flushn),
				1024.0 * (CYCLES - 1)),
		    median_diff(u, offsetof(struct sample, mem_flush1),
				offsetof(struct sample, mem_flushn),
				1024.0 * (CYCLES - 1)));
	printf("\n%d rules (`ip saddr A tcp dport P counter accept`) in one "
	       "base chain, and a set\nof %d IPv4 addresses, each loaded by "
	       "`%s -f` in a fresh network namespace\n(kernel) and under a "
	       "fresh `unetlink run --private` (unetlink).\n"
	       "time: wall time of nft -f, best of %d.  memory, median of "
	       "%d: the change over\nthe load divided by the rules or "
	       "elements;\n"
	       "  kernel:   /proc/meminfo SUnreclaim + VmallocUsed "
	       "(system-wide: other activity\n"
	       "            on the machine is noise)\n"
	       "  unetlink: the daemon's VmRSS (Pss per rule %.0f B, per "
	       "element %.0f B)\n"
	       "cpu, best of %d: nft's user and system time (the kernel's "
	       "work is in its\nsystem time, not its deferred work); "
	       "unetlink adds its daemon's threads' run time.\n"
	       "sleeps, median of %d: nft's voluntary context switches, "
	       "and under unetlink its\ndaemon's: the hand-offs that wait "
	       "for a CPU on a busy machine.\n"
	       "release: `nft flush ruleset` after the loads, then %d "
	       "cycles more of both loads\nand a flush: the memory the "
	       "first flush leaves above the start, and what each\nlater "
	       "cycle adds (medians of %d).\n",
	       n_rules(), n_elems(), nft_path, REPS, REPS,
	       pick(u, offsetof(struct sample, rule_pss), bench_median),
	       pick(u, offsetof(struct sample, elem_pss), bench_median),
	       REPS, REPS, CYCLES - 1, REPS);
}

static int child(char **argv)
{
	const char *sock = getenv("UNETLINK_SOCKET");
	pid_t dpid;

	quick = !strcmp(argv[2], "quick");
	nft_path = argv[4];
	if (!sock) {
		fprintf(stderr, "bench-nft: %s outside unetlink run\n",
			CHILD_FLAG);
		return 1;
	}
	dpid = bench_daemon_pid(sock);
	if (dpid < 0) {
		fprintf(stderr, "bench-nft: no daemon pid at %s: %s\n", sock,
			strerror((int)-dpid));
		return 1;
	}
	measure(argv[3], dpid);
	return 0;
}

int main(int argc, char **argv)
{
	struct sample k[REPS], u[REPS];
	char self[BENCH_PATH_MAX], cli_buf[BENCH_PATH_MAX + 32];
	char base[] = "/tmp/bench-nft.XXXXXX", path[256];
	const char *cli = NULL;
	bool kernel_ok = true, unetlink_ok = true;
	int fd;

	if (argc == 5 && !strcmp(argv[1], CHILD_FLAG))
		return child(argv);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cli") && i + 1 < argc) {
			cli = argv[++i];
		} else if (!strcmp(argv[i], "--nft") && i + 1 < argc) {
			nft_path = argv[++i];
		} else if (!strcmp(argv[i], "--quick")) {
			quick = true;
		} else {
			fprintf(stderr, "usage: bench-nft [--cli PATH] "
					"[--nft PATH] [--quick]\n");
			return 2;
		}
	}
	if (bench_locate(self, &cli, cli_buf) < 0) {
		perror("bench-nft: /proc/self/exe");
		return 1;
	}
	fd = mkstemp(base);
	if (fd < 0) {
		perror("bench-nft: mkstemp");
		return 1;
	}
	close(fd);
	snprintf(path, sizeof(path), "%s.rules", base);
	fd = write_rules(path, n_rules());
	snprintf(path, sizeof(path), "%s.set", base);
	if (fd < 0 || write_set(path, n_elems()) < 0) {
		perror("bench-nft: the ruleset files");
		return 1;
	}
	/* Alternate the sides, so that the machine's other work falls on
	 * both. */
	for (int i = 0; i < REPS; i++) {
		if (!kernel_ok || run_kernel(base, &k[i]) < 0) {
			if (kernel_ok)
				fprintf(stderr, "bench-nft: the kernel side "
						"failed (needs root for unshare "
						"-n); its column is skipped\n");
			kernel_ok = false;
			k[i] = SAMPLE_NONE;
		} else {
			kernel_settle();
		}
		if (!unetlink_ok || run_unetlink(cli, self, base, &u[i]) < 0) {
			if (unetlink_ok)
				fprintf(stderr, "bench-nft: the unetlink run "
						"failed; its column is skipped\n");
			unetlink_ok = false;
			u[i] = SAMPLE_NONE;
		}
	}
	unlink(base);
	snprintf(path, sizeof(path), "%s.rules", base);
	unlink(path);
	snprintf(path, sizeof(path), "%s.set", base);
	unlink(path);
	fprintf(stderr, "bench-nft: each repetition [rules: time, memory, "
			"Pss; elements: time, memory, Pss]:\n");
	print_all("kernel", k, kernel_ok);
	print_all("unetlink", u, unetlink_ok);
	report(k, u);
	return 0;
}
