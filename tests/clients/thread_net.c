// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * thread_net: the net of each thread (seccomp-thread-net.sh).  In Linux
 * setns() and unshare() of a net move the calling thread alone: its
 * sockets, the threads and processes it makes, /proc/thread-self/net
 * and its device ioctls are in its net, while the other threads, and
 * /proc/self/net (the leader's), stay where they were.  Each step
 * prints the links a netlink socket of that thread lists, one line, so
 * that the output under unetlink can be compared with the kernel's.
 *
 *   thread_net          the whole sequence (in a net it may change)
 *   thread_net list TAG the links of this process's net, as TAG
 *   thread_net listfd TAG  the same, then those of the netlink socket
 *                       it inherited as descriptor 900
 *   thread_net dup      dup2() and dup3() of a netlink socket
 *   thread_net exec-thread  exec() from a thread, the leader elsewhere
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static int nl_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0) {
		printf("socket: %s\n", strerror(errno));
		exit(1);
	}
	return fd;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the links of fd's net, sorted, in one line. */
static void links_of(int fd, const char *tag)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req = { .h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			 .nlmsg_seq = 1 },
		  .i = { .ifi_family = AF_UNSPEC } };
	static char buf[65536];
	char *names[64];
	size_t n = 0;
	bool done = false;

	if (send(fd, &req, sizeof(req), 0) < 0) {
		printf("%s: send: %s\n", tag, strerror(errno));
		return;
	}
	while (!done) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (len < 0) {
			printf("%s: recv: %s\n", tag, strerror(errno));
			return;
		}
		for (; NLMSG_OK(h, (size_t)len); h = NLMSG_NEXT(h, len)) {
			struct ifinfomsg *ifi = NLMSG_DATA(h);
			struct rtattr *a = IFLA_RTA(ifi);
			int alen = (int)IFLA_PAYLOAD(h);

			if (h->nlmsg_type == NLMSG_DONE ||
			    h->nlmsg_type == NLMSG_ERROR) {
				done = true;
				break;
			}
			for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen))
				if (a->rta_type == IFLA_IFNAME && n < 64)
					names[n++] = strdup(RTA_DATA(a));
		}
	}
	qsort(names, n, sizeof(names[0]), cmp_str);
	printf("%s:", tag);
	for (size_t i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
	fflush(stdout);
}

/* The links of the calling thread's net, through a new socket. */
static void links(const char *tag)
{
	int fd = nl_open();

	links_of(fd, tag);
	close(fd);
}

/* A bridge NAME in the calling thread's net: its errno, or 0. */
static int bridge_add(const char *name)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
		char attrs[128];
	} req = { .h = { .nlmsg_type = RTM_NEWLINK,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
					NLM_F_CREATE | NLM_F_EXCL,
			 .nlmsg_seq = 2 } };
	struct rtattr *a = (struct rtattr *)req.attrs, *info, *kind;
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} ack;
	int fd = nl_open(), err;

	a->rta_type = IFLA_IFNAME;
	a->rta_len = (unsigned short)RTA_LENGTH(strlen(name) + 1);
	strcpy(RTA_DATA(a), name);
	info = (struct rtattr *)((char *)a + RTA_ALIGN(a->rta_len));
	info->rta_type = IFLA_LINKINFO;
	kind = RTA_DATA(info);
	kind->rta_type = IFLA_INFO_KIND;
	kind->rta_len = RTA_LENGTH(sizeof("bridge"));
	memcpy(RTA_DATA(kind), "bridge", sizeof("bridge"));
	info->rta_len = (unsigned short)RTA_LENGTH(RTA_ALIGN(kind->rta_len));
	req.h.nlmsg_len = (uint32_t)(NLMSG_LENGTH(sizeof(req.i)) +
				     RTA_ALIGN(a->rta_len) +
				     RTA_ALIGN(info->rta_len));
	err = send(fd, &req, req.h.nlmsg_len, 0) < 0 ||
	      recv(fd, &ack, sizeof(ack), 0) < (ssize_t)sizeof(ack) ? errno
								   : -ack.e.error;
	close(fd);
	return err;
}

/* SIOCGIFINDEX of name on a new AF_INET socket of the calling thread:
 * "ok" or the error. */
static void index_of(const char *tag, const char *name)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (fd < 0 || ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		printf("%s: SIOCGIFINDEX %s: %s\n", tag, name, strerror(errno));
	else
		printf("%s: SIOCGIFINDEX %s: ok\n", tag, name);
	if (fd >= 0)
		close(fd);
	fflush(stdout);
}

/* SIOCGIFINDEX of name on socket fd: "ok" or the error. */
static void sock_index_of(const char *tag, int fd, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		printf("%s: SIOCGIFINDEX %s: %s\n", tag, name, strerror(errno));
	else
		printf("%s: SIOCGIFINDEX %s: ok\n", tag, name);
	fflush(stdout);
}

/* The devices /proc shows in file path (its net/dev), sorted. */
static void proc_dev(const char *tag, const char *path)
{
	char line[512], *names[64];
	size_t n = 0;
	FILE *f = fopen(path, "re");

	if (!f) {
		printf("%s: %s: %s\n", tag, path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) && n < 64) {
		char *colon = strchr(line, ':'), *p = line;

		if (!colon)
			continue;
		*colon = '\0';
		while (*p == ' ')
			p++;
		names[n++] = strdup(p);
	}
	fclose(f);
	qsort(names, n, sizeof(names[0]), cmp_str);
	printf("%s:", tag);
	for (size_t i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
	fflush(stdout);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static char self_path[4096];
static int moved_fd = -1; /* a handle of the worker's new net */
static int moved_sock = -1; /* a netlink socket the worker made there */
static pthread_barrier_t moved, checked, leader_moved, bystander_done;

static void *grandchild(void *p)
{
	(void)p;
	links("thread made by the moved thread");
	return NULL;
}

/* A process the moved thread starts (posix_spawn(): clone3() in glibc
 * 2.34 and later): its net, after exec. */
static void spawn_from_here(void)
{
	char *argv[] = { self_path, "list", "process spawned by the moved thread",
			 NULL };
	int status;
	pid_t pid;

	if (posix_spawn(&pid, self_path, NULL, NULL, argv, environ))
		printf("posix_spawn failed\n");
	else
		waitpid(pid, &status, 0);
}

/* A process the moved thread starts with posix_spawn() and file
 * actions (stdin from /dev/null, a netlink socket of the thread's net
 * as descriptor 900: the seccomp front end refuses a copy below its
 * range, docs/conformance.md): its net after exec, and the inherited
 * socket's. */
static void spawn_actions_from_here(void)
{
	char *argv[] = { self_path, "listfd",
			 "process spawned with file actions by the moved thread",
			 NULL };
	posix_spawn_file_actions_t fa;
	int status, sock = nl_open();
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, sock, 900);
	if (posix_spawn(&pid, self_path, &fa, NULL, argv, environ))
		printf("posix_spawn with file actions failed\n");
	else
		waitpid(pid, &status, 0);
	posix_spawn_file_actions_destroy(&fa);
	close(sock);
}

/* A process the moved thread forks: its net, after exec. */
static void fork_from_here(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		execl(self_path, self_path, "list",
		      "process forked by the moved thread", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
}

/* A process the moved thread starts with vfork(): its net, after exec. */
static void vfork_from_here(void)
{
	int status;
	pid_t pid = vfork();

	if (pid == 0) {
		execl(self_path, self_path, "list",
		      "process vforked by the moved thread", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
}

/* A process the moved thread makes with a bare clone() (no CLONE_VM):
 * its net, without an exec. */
static void clone_from_here(void)
{
	int status;
	pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);

	if (pid == 0) {
		links("process cloned by the moved thread");
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

/* A child of the moved thread that forks before it does anything of a
 * net: both are in the thread's net. */
static void fork_nested(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		pid_t gc = fork();

		if (gc == 0) {
			links("grandchild forked before its parent's first call");
			_exit(0);
		}
		waitpid(gc, &status, 0);
		links("child of the moved thread after its child");
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

/* A child forked now that lists its links once told (pipe go): it
 * stays in the net it was forked in, whatever its parent does since. */
static pid_t fork_waiting(int go[2], const char *tag)
{
	pid_t pid;
	char b;

	if (pipe(go) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &b, 1) == 1)
			links(tag);
		_exit(0);
	}
	close(go[0]);
	return pid;
}

static void release(int go[2], pid_t pid)
{
	int status;

	if (write(go[1], "g", 1) != 1)
		printf("release: %s\n", strerror(errno));
	close(go[1]);
	waitpid(pid, &status, 0);
}

static void *worker(void *p)
{
	pthread_t t;
	int err, early_go[2], late_go[2], first_net;
	pid_t early, late;

	(void)p;
	first_net = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	early = fork_waiting(early_go, "process forked before the thread moved");
	if (unshare(CLONE_NEWNET) < 0) {
		printf("worker: unshare: %s\n", strerror(errno));
		exit(1);
	}
	moved_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	moved_sock = nl_open();
	err = bridge_add("tnw0");
	printf("worker: bridge tnw0: %s\n", err ? strerror(err) : "made");
	links("worker after unshare");
	pthread_barrier_wait(&moved);
	pthread_barrier_wait(&checked);
	/* forks first: a posix_spawn() leaves this thread's net in the
	 * process's slot of the seccomp front end until the thread's next
	 * trapped call */
	fork_from_here();
	vfork_from_here();
	clone_from_here();
	fork_nested();
	release(early_go, early);
	pthread_create(&t, NULL, grandchild, NULL);
	pthread_join(t, NULL);
	spawn_from_here();
	spawn_actions_from_here();
	proc_dev("worker /proc/thread-self/net/dev",
		 "/proc/thread-self/net/dev");
	proc_dev("worker /proc/self/net/dev", "/proc/self/net/dev");
	proc_dev("worker /proc/net/dev", "/proc/net/dev");
	printf("worker: thread-self ns is self ns: %s\n",
	       same_file("/proc/thread-self/ns/net", "/proc/self/ns/net")
		       ? "yes" : "no");
	index_of("worker", "tnw0");
	index_of("worker", "tnm0");
	/* a child forked in this net, released after the thread went back
	 * to the first */
	late = fork_waiting(late_go, "process forked before the thread moved back");
	if (setns(first_net, CLONE_NEWNET) < 0)
		printf("worker: setns back: %s\n", strerror(errno));
	release(late_go, late);
	links("worker back in the first net");
	close(first_net);
	fflush(stdout);
	return NULL;
}

/* A thread that unshares a net with another namespace besides, which
 * the seccomp front end follows at a later trap: of this thread, not
 * of main, which traps first. */
static pthread_barrier_t w2_moved, w2_checked;

static void *worker2(void *p)
{
	(void)p;
	if (unshare(CLONE_NEWNET | CLONE_NEWUTS) < 0)
		printf("worker2: unshare: %s\n", strerror(errno));
	pthread_barrier_wait(&w2_moved);
	pthread_barrier_wait(&w2_checked);
	links("worker2 after unshare of a net and a uts namespace");
	return NULL;
}

/* A thread that stays put while the leader moves. */
static void *bystander(void *p)
{
	(void)p;
	pthread_barrier_wait(&leader_moved);
	links("bystander after the leader moved");
	pthread_barrier_wait(&bystander_done);
	return NULL;
}

static int run(void)
{
	pthread_t w, b;
	int err = bridge_add("tnm0");

	printf("main: bridge tnm0: %s\n", err ? strerror(err) : "made");
	pthread_barrier_init(&moved, NULL, 2);
	pthread_barrier_init(&checked, NULL, 2);
	pthread_barrier_init(&leader_moved, NULL, 2);
	pthread_barrier_init(&bystander_done, NULL, 2);
	pthread_create(&w, NULL, worker, NULL);
	pthread_barrier_wait(&moved);
	links("main while the worker is away");
	index_of("main", "tnw0");
	/* a socket's ioctls run in the socket's net (sock_net()) */
	sock_index_of("main on the worker's netlink socket", moved_sock, "tnw0");
	links_of(moved_sock, "main through the worker's netlink socket");
	pthread_barrier_wait(&checked);
	pthread_join(w, NULL);

	pthread_barrier_init(&w2_moved, NULL, 2);
	pthread_barrier_init(&w2_checked, NULL, 2);
	pthread_create(&w, NULL, worker2, NULL);
	pthread_barrier_wait(&w2_moved);
	links("main while worker2 is away");
	pthread_barrier_wait(&w2_checked);
	pthread_join(w, NULL);

	/* the leader moves, another thread stays */
	pthread_create(&b, NULL, bystander, NULL);
	if (setns(moved_fd, CLONE_NEWNET) < 0) {
		printf("main: setns: %s\n", strerror(errno));
		return 1;
	}
	links("main after setns");
	pthread_barrier_wait(&leader_moved);
	pthread_barrier_wait(&bystander_done);
	pthread_join(b, NULL);
	/* alone again: what it execs is in its net */
	fflush(stdout);
	execl(self_path, self_path, "list", "main after exec", (char *)NULL);
	printf("exec: %s\n", strerror(errno));
	return 1;
}

/* exec() from a thread other than the leader, both in nets of their
 * own: the new program is in the exec'ing thread's net. */
static pthread_barrier_t leader_away;

static void *exec_worker(void *p)
{
	int err;

	(void)p;
	pthread_barrier_wait(&leader_away);
	if (unshare(CLONE_NEWNET) < 0) {
		printf("exec worker: unshare: %s\n", strerror(errno));
		exit(1);
	}
	err = bridge_add("tnx0");
	printf("exec worker: bridge tnx0: %s\n", err ? strerror(err) : "made");
	fflush(stdout);
	execl(self_path, self_path, "list", "exec from a thread", (char *)NULL);
	printf("exec: %s\n", strerror(errno));
	exit(1);
}

static int exec_from_thread(void)
{
	pthread_t w;

	pthread_barrier_init(&leader_away, NULL, 2);
	pthread_create(&w, NULL, exec_worker, NULL);
	if (unshare(CLONE_NEWNET) < 0) {
		printf("main: unshare: %s\n", strerror(errno));
		return 1;
	}
	links("main in a net of its own");
	pthread_barrier_wait(&leader_away);
	pthread_join(w, NULL); /* the exec ends this thread */
	return 1;
}

/* dup2() and dup3() of a netlink socket: to a low number (which the
 * seccomp front end refuses, docs/conformance.md) and to a high one,
 * each copy then used for a dump. */
static int dup_checks(void)
{
	static const int to[] = { 10, 900 };
	int fd = nl_open();

	for (size_t i = 0; i < sizeof(to) / sizeof(to[0]); i++) {
		char tag[64];
		int r = i ? dup3(fd, to[i], O_CLOEXEC) : dup2(fd, to[i]);

		snprintf(tag, sizeof(tag), "%s to %d", i ? "dup3" : "dup2",
			 to[i]);
		if (r < 0) {
			printf("%s: %s\n", tag, strerror(errno));
			continue;
		}
		links_of(r, tag);
		close(r);
	}
	links_of(fd, "the socket itself");
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	ssize_t n = readlink("/proc/self/exe", self_path,
			     sizeof(self_path) - 1);

	if (n < 0)
		return 1;
	self_path[n] = '\0';
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "dup"))
		return dup_checks();
	if (argc == 2 && !strcmp(argv[1], "exec-thread"))
		return exec_from_thread();
	if (argc == 3 && !strcmp(argv[1], "listfd")) {
		char tag[256];

		links(argv[2]);
		snprintf(tag, sizeof(tag), "%s, its inherited socket", argv[2]);
		links_of(900, tag);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "list")) {
		links(argv[2]);
		return 0;
	}
	return run();
}
