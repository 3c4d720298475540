// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tasks made with a bare clone() system call, as musl's pthread_create()
 * and Go's runtime make threads, and with CLONE_PARENT, under the
 * seccomp front end (tests/clients/seccomp-rawclone.sh compares the
 * output with the kernel's in a fresh `unshare -n`):
 *   1. a thread made with clone(CLONE_THREAD|CLONE_VM|...) opens a
 *      netlink socket (its portid autobinds to the process's id, the
 *      first of the process) and adds a bridge; the main thread uses
 *      that socket afterwards and sees the bridge;
 *   2. such a thread moves to a new net (unshare), and makes another
 *      thread the same way: that one starts in the moved thread's net
 *      (its dump lists only lo), the main thread stays where it was;
 *   3. a process made with clone(CLONE_PARENT) (a sibling of its maker)
 *      opens a socket (its portid is its own id) and adds a bridge,
 *      which the maker then sees;
 *   4. a moved thread makes a process with clone(CLONE_PARENT): it
 *      starts in the thread's net.
 * One line per check, nothing that differs between runs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#define STACK_SIZE (256 * 1024)
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
		      CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID | \
		      CLONE_CHILD_CLEARTID)

/* Only raw system calls in the tasks made here: they share the main
 * thread's TLS (no CLONE_SETTLS), so errno and stdio are the main
 * thread's, which waits meanwhile. */
static long sys(long nr, long a, long b, long c, long d, long e)
{
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return r;
}

static int nl_socket(void)
{
	return (int)sys(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
			NETLINK_ROUTE, 0, 0);
}

/* A request and its ACK's error (0, or -errno), on fd. */
static long nl_ack(int fd, void *req, size_t len)
{
	char buf[4096];
	long n;

	if (sys(SYS_sendto, fd, (long)req, (long)len, 0, 0) < 0)
		return -999;
	n = sys(SYS_recvfrom, fd, (long)buf, sizeof(buf), 0, 0);
	if (n < (long)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		return -998;
	return ((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)buf))->error;
}

static long add_bridge(int fd, const char *name)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[64];
	} req;
	struct rtattr *a, *k;
	size_t off = NLMSG_LENGTH(sizeof(req.ifi)), l = strlen(name) + 1;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = RTM_NEWLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
			     NLM_F_EXCL;
	a = (struct rtattr *)((char *)&req + off);
	a->rta_type = IFLA_IFNAME;
	a->rta_len = (unsigned short)RTA_LENGTH(l);
	memcpy(RTA_DATA(a), name, l);
	off += RTA_ALIGN(a->rta_len);
	a = (struct rtattr *)((char *)&req + off);
	a->rta_type = IFLA_LINKINFO;
	a->rta_len = RTA_LENGTH(RTA_LENGTH(sizeof("bridge")));
	k = RTA_DATA(a);
	k->rta_type = IFLA_INFO_KIND;
	k->rta_len = RTA_LENGTH(sizeof("bridge"));
	memcpy(RTA_DATA(k), "bridge", sizeof("bridge"));
	off += RTA_ALIGN(a->rta_len);
	req.nh.nlmsg_len = (unsigned int)off;
	return nl_ack(fd, &req, off);
}

/* The names of the links a dump on fd lists, space-separated, in out. */
static void link_names(int fd, char *out, size_t cap)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req;
	static char buf[32768];
	size_t used = 0;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	out[0] = 0;
	if (sys(SYS_sendto, fd, (long)&req, sizeof(req), 0, 0) < 0)
		return;
	for (;;) {
		long n = sys(SYS_recvfrom, fd, (long)buf, sizeof(buf), 0, 0);
		int rem = (int)n;

		if (n <= 0)
			return;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf;
		     NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
			struct ifinfomsg *ifi = NLMSG_DATA(h);
			int alen = (int)IFLA_PAYLOAD(h);

			if (h->nlmsg_type != RTM_NEWLINK)
				return;
			for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen);
			     a = RTA_NEXT(a, alen)) {
				size_t l = strlen(RTA_DATA(a));

				if (a->rta_type != IFLA_IFNAME ||
				    used + l + 2 > cap)
					continue;
				if (used)
					out[used++] = ' ';
				memcpy(out + used, RTA_DATA(a), l + 1);
				used += l;
			}
		}
	}
}

static uint32_t portid_of(int fd)
{
	struct sockaddr_nl a;
	socklen_t l = sizeof(a);

	memset(&a, 0, sizeof(a));
	if (sys(SYS_getsockname, fd, (long)&a, (long)&l, 0, 0) < 0)
		return 0;
	return a.nl_pid;
}

/* What the tasks report, read by the main thread once they are done. */
static struct {
	int sock;
	long bridge, pid, tgid;
	uint32_t portid;
	long unshared;
	char links[256];
	int inner_tid;
	char inner_links[256];
	long inner_tgid;
} rep;

static void *stack_new(void)
{
	void *p = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return (char *)p + STACK_SIZE;
}

/*
 * A raw clone: the child runs fn() on stack and exits with its result
 * (exit(): the thread's own end; a process made so has one thread).
 * The parent's return is the child's id.  *ctid is cleared and woken
 * when a thread made with CLONE_CHILD_CLEARTID exits.
 */
static long raw_clone(unsigned long flags, void *stack, int *ptid, int *ctid,
		      long (*fn)(void))
{
	long r;
	register long r10 __asm__("r10") = (long)ctid;
	register long r8 __asm__("r8") = 0;

	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 /* the child, on its own stack */
			 "xor %%ebp, %%ebp\n\t"
			 "call *%[fn]\n\t"
			 "mov %%rax, %%rdi\n\t"
			 "mov %[exit_nr], %%eax\n\t"
			 "syscall\n\t"
			 "hlt\n"
			 "1:\n\t"
			 : "=a"(r)
			 : "a"((long)SYS_clone), "D"(flags), "S"(stack),
			   "d"(ptid), "r"(r10), "r"(r8), [fn] "b"(fn),
			   [exit_nr] "i"(SYS_exit)
			 : "rcx", "r11", "memory");
	return r;
}

static void wait_tid(int *ctid)
{
	int v;

	while ((v = __atomic_load_n(ctid, __ATOMIC_ACQUIRE)) != 0)
		sys(SYS_futex, (long)ctid, FUTEX_WAIT, v, 0, 0);
}

/* 1: a thread opens a socket and adds a bridge. */
static long first_thread(void)
{
	rep.sock = nl_socket();
	if (rep.sock < 0)
		return 1;
	rep.bridge = add_bridge(rep.sock, "rawthr0");
	rep.portid = portid_of(rep.sock);
	rep.tgid = sys(SYS_getpid, 0, 0, 0, 0, 0);
	return 0;
}

/* 2: made by a moved thread: which links does its net have? */
static long inner_thread(void)
{
	int fd = nl_socket();

	if (fd >= 0) {
		link_names(fd, rep.inner_links, sizeof(rep.inner_links));
		sys(SYS_close, fd, 0, 0, 0, 0);
	}
	rep.inner_tgid = sys(SYS_getpid, 0, 0, 0, 0, 0);
	return 0;
}

static int inner_ctid;

/* 2: a thread moves to a new net and makes a thread there. */
static long moving_thread(void)
{
	int ptid = 0;

	rep.unshared = sys(SYS_unshare, CLONE_NEWNET, 0, 0, 0, 0);
	inner_ctid = 1;
	if (raw_clone(THREAD_FLAGS, stack_new(), &ptid, &inner_ctid,
		      inner_thread) < 0)
		return 1;
	wait_tid(&inner_ctid);
	return 0;
}

/* 3: a sibling process reports through a pipe. */
static int report_pipe[2];

/* 4: made by a moved thread: its links, through the pipe. */
static long moved_sibling(void)
{
	char line[320];
	int fd = nl_socket(), n;

	if (fd < 0)
		return 1;
	link_names(fd, rep.inner_links, sizeof(rep.inner_links));
	n = snprintf(line, sizeof(line),
		     "CLONE_PARENT process of a moved thread: links %s\n",
		     rep.inner_links);
	sys(SYS_write, report_pipe[1], (long)line, n, 0, 0);
	return 0;
}

static long moving_parent(void)
{
	rep.unshared = sys(SYS_unshare, CLONE_NEWNET, 0, 0, 0, 0);
	return raw_clone(CLONE_PARENT | SIGCHLD, stack_new(), NULL, NULL,
			 moved_sibling) < 0;
}

static long sibling(void)
{
	char line[160];
	int fd = nl_socket(), n;
	long pid = sys(SYS_getpid, 0, 0, 0, 0, 0), bridge = -997;
	uint32_t portid = 0;

	if (fd >= 0) {
		bridge = add_bridge(fd, "rawpar0");
		portid = portid_of(fd);
	}
	n = snprintf(line, sizeof(line),
		     "CLONE_PARENT process: bridge rawpar0: %s, portid is its "
		     "own id: %s\n",
		     bridge ? strerror((int)-bridge) : "added",
		     portid == (uint32_t)pid ? "yes" : "no");
	sys(SYS_write, report_pipe[1], (long)line, n, 0, 0);
	return 0;
}

int main(void)
{
	static int ctid;
	int ptid = 0;
	char links[256], buf[400];
	long n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* 1 */
	ctid = 1;
	if (raw_clone(THREAD_FLAGS, stack_new(), &ptid, &ctid, first_thread) < 0) {
		perror("clone");
		return 1;
	}
	wait_tid(&ctid);
	printf("raw thread: bridge rawthr0: %s, portid is the process's: %s, "
	       "same process: %s\n",
	       rep.bridge ? strerror((int)-rep.bridge) : "added",
	       rep.portid == (uint32_t)getpid() ? "yes" : "no",
	       rep.tgid == getpid() ? "yes" : "no");
	if (rep.sock < 0) {
		printf("raw thread: socket: %s\n", strerror(-rep.sock));
		return 1;
	}
	link_names(rep.sock, links, sizeof(links));
	printf("main, on the raw thread's socket: links %s\n", links);

	/* 2 */
	ctid = 1;
	if (raw_clone(THREAD_FLAGS, stack_new(), &ptid, &ctid, moving_thread) < 0) {
		perror("clone");
		return 1;
	}
	wait_tid(&ctid);
	printf("moved raw thread: unshare: %s\n",
	       rep.unshared ? strerror((int)-rep.unshared) : "done");
	printf("thread it made: links %s, same process: %s\n",
	       rep.inner_links, rep.inner_tgid == getpid() ? "yes" : "no");
	link_names(rep.sock, links, sizeof(links));
	printf("main after: links %s\n", links);

	/* 3 */
	if (pipe(report_pipe) < 0) {
		perror("pipe");
		return 1;
	}
	if (raw_clone(CLONE_PARENT | SIGCHLD, stack_new(), NULL, NULL, sibling) < 0) {
		perror("clone");
		return 1;
	}
	close(report_pipe[1]);
	while ((n = read(report_pipe[0], buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		fputs(buf, stdout);
	}
	link_names(rep.sock, links, sizeof(links));
	printf("main after the sibling: links %s\n", links);
	close(report_pipe[0]);

	/* 4 */
	if (pipe(report_pipe) < 0) {
		perror("pipe");
		return 1;
	}
	ctid = 1;
	if (raw_clone(THREAD_FLAGS, stack_new(), &ptid, &ctid,
		      moving_parent) < 0) {
		perror("clone");
		return 1;
	}
	wait_tid(&ctid);
	close(report_pipe[1]);
	while ((n = read(report_pipe[0], buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		fputs(buf, stdout);
	}
	link_names(rep.sock, links, sizeof(links));
	printf("main at the end: links %s\n", links);
	return 0;
}
