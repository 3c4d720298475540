// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Blocking receives under the seccomp front end, as the kernel answers
 * them (tests/clients/seccomp-block.sh runs this on both):
 *   1. a thread sleeps in recv() on a socket subscribed to RTMGRP_LINK
 *      while another thread of the process makes a link: the second is
 *      not stalled, and the first wakes with the notification;
 *   2. a signal without SA_RESTART interrupts a receive that sleeps:
 *      EINTR;
 *   3. MSG_DONTWAIT and SO_RCVTIMEO on an idle socket: EAGAIN;
 *   4. sendmmsg() of two requests: both sent, two ACKs;
 *   5. recvmmsg(): three ACKs at once with MSG_WAITFORONE, each with
 *      its length and source; EAGAIN with MSG_DONTWAIT on an empty
 *      socket; a blocking one that got one of two datagrams returns 1
 *      when SO_RCVTIMEO expires;
 *   6. ppoll() over a pipe and a socket that overran: POLLERR on the
 *      socket with its datagrams, the pipe as it is; poll() of the pipe
 *      alone;
 *   7. a process whose send blocks on a full receiver, which reads only
 *      later: every datagram arrives (the supervisor keeps serving the
 *      reader meanwhile);
 *   8. a blocking send to a full receiver that never reads, with
 *      SO_SNDTIMEO: EAGAIN when it expires;
 *   9. select(), pselect(), epoll_wait() and epoll_pwait() of a socket
 *      that overran: select shows it readable and writable (POLLERR is
 *      in both sets), epoll EPOLLERR; once the error and every datagram
 *      are read, neither;
 *  10. in a thread pthread_create() made, a signal with SA_RESTART
 *      restarts a sleeping recv() (which then gets the datagram that
 *      comes), and ends a poll() for no event and an epoll_wait() (never
 *      restarted after a handler) with EINTR; pthread_create() under a
 *      timer's signals without SA_RESTART never fails.
 * It prints one line per check, nothing that differs between runs.
 * `seccomp_block sleeping-error` instead: a poll() that watches a socket
 * for no event, a ppoll() for POLLPRI, an epoll_wait() of an item for no
 * event, one of an edge-triggered item whose edge was taken and one of an
 * edge-triggered item for no event sleep
 * until the socket overruns, and wake with POLLERR (EPOLLIN|EPOLLERR for
 * the edge, reported once); before them, an edge-triggered item gets an
 * edge per datagram queued and none for what a read leaves queued.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static int nl_open(unsigned int groups)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_groups = groups };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("socket/bind");
		exit(1);
	}
	return fd;
}

static atomic_int listener_ready, listener_done;
static int listen_fd;
static char got_name[IFNAMSIZ];

/* Sleep in recv() until a RTM_NEWLINK comes; its name in got_name. */
static void *listener(void *arg)
{
	static char buf[16384];

	(void)arg;
	atomic_store(&listener_ready, 1);
	for (;;) {
		ssize_t n = recv(listen_fd, buf, sizeof(buf), 0);
		int rem = (int)n;

		if (n < 0) {
			perror("listener recv");
			break;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf;
		     NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
			struct ifinfomsg *ifi = NLMSG_DATA(h);
			int alen = (int)IFLA_PAYLOAD(h);

			if (h->nlmsg_type != RTM_NEWLINK)
				continue;
			for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen);
			     a = RTA_NEXT(a, alen))
				if (a->rta_type == IFLA_IFNAME)
					snprintf(got_name, sizeof(got_name),
						 "%s", (char *)RTA_DATA(a));
			goto out;
		}
	}
out:
	atomic_store(&listener_done, 1);
	return NULL;
}

/* RTM_NEWLINK of a bridge; the ACK's error. */
static int add_bridge(const char *name)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[64];
	} req = { 0 };
	struct rtattr *a;
	char buf[4096];
	struct nlmsgerr *e;
	int fd = nl_open(0);
	size_t off = NLMSG_LENGTH(sizeof(req.ifi));

	req.nh.nlmsg_type = RTM_NEWLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
			     NLM_F_EXCL;
	a = (struct rtattr *)((char *)&req + off);
	a->rta_type = IFLA_IFNAME;
	a->rta_len = (unsigned short)RTA_LENGTH(strlen(name) + 1);
	strcpy(RTA_DATA(a), name);
	off += RTA_ALIGN(a->rta_len);
	a = (struct rtattr *)((char *)&req + off);
	a->rta_type = IFLA_LINKINFO;
	a->rta_len = RTA_LENGTH(RTA_LENGTH(sizeof("bridge")));
	{
		struct rtattr *k = RTA_DATA(a);

		k->rta_type = IFLA_INFO_KIND;
		k->rta_len = RTA_LENGTH(sizeof("bridge"));
		memcpy(RTA_DATA(k), "bridge", sizeof("bridge"));
	}
	off += RTA_ALIGN(a->rta_len);
	req.nh.nlmsg_len = (unsigned int)off;
	if (send(fd, &req, off, 0) < 0 || recv(fd, buf, sizeof(buf), 0) < 0) {
		perror("add_bridge");
		exit(1);
	}
	close(fd);
	e = NLMSG_DATA((struct nlmsghdr *)buf);
	return e->error;
}

/* A NOOP request with an ACK: the ACK is queued when this returns. */
static void noop_ack(int fd, unsigned int seq)
{
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN,
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				.nlmsg_seq = seq };

	if (send(fd, &req, sizeof(req), 0) < 0) {
		perror("send");
		exit(1);
	}
}

static void on_signal(int sig)
{
	(void)sig;
}

static atomic_int sleeper_err;

static void *sleeper(void *arg)
{
	char buf[256];
	ssize_t n = recv(*(int *)arg, buf, sizeof(buf), 0);

	atomic_store(&sleeper_err, n < 0 ? errno : -1);
	return NULL;
}

static void nap(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* A USERSOCK socket bound to group 1 with a small receive buffer, and
 * ten datagrams sent to the group: it overran. */
static int overrun_socket(void)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	char msg[NLMSG_SPACE(64)] = { 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)msg;
	int a = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
	int b = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
	int small = 1024;

	if (a < 0 || b < 0 || bind(b, (struct sockaddr *)&to, sizeof(to)) < 0 ||
	    setsockopt(b, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) < 0) {
		perror("usersock");
		exit(1);
	}
	h->nlmsg_len = sizeof(msg);
	h->nlmsg_type = 16;
	for (int i = 0; i < 10; i++)
		sendto(a, msg, sizeof(msg), 0, (struct sockaddr *)&to,
		       sizeof(to));
	close(a);
	return b;
}

static void select_once(const char *what, int fd, bool p)
{
	fd_set r, w, x;
	struct timeval tv = { 0, 0 };
	struct timespec ts = { 0, 0 };
	int n;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&x);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	FD_SET(fd, &x);
	n = p ? pselect(fd + 1, &r, &w, &x, &ts, NULL)
	      : select(fd + 1, &r, &w, &x, &tv);
	printf("%s: %d, read %d write %d except %d\n", what, n,
	       FD_ISSET(fd, &r) ? 1 : 0, FD_ISSET(fd, &w) ? 1 : 0,
	       FD_ISSET(fd, &x) ? 1 : 0);
}

static void epoll_once(const char *what, int ep, bool p)
{
	struct epoll_event ev[4];
	sigset_t none;
	int n;

	sigemptyset(&none);
	memset(ev, 0, sizeof(ev));
	n = p ? epoll_pwait(ep, ev, 4, 0, &none) : epoll_wait(ep, ev, 4, 0);
	printf("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		printf(", data %llu events %#x",
		       (unsigned long long)ev[i].data.u64, ev[i].events);
	printf("\n");
}

static void readiness_after_overrun(void)
{
	struct epoll_event e = { .events = EPOLLIN, .data.u64 = 42 };
	int b = overrun_socket(), ep = epoll_create1(EPOLL_CLOEXEC), pp[2];
	struct epoll_event pe = { .events = EPOLLIN, .data.u64 = 7 };
	char buf[256];
	int n = 0;

	if (ep < 0 || pipe(pp) < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, b, &e) < 0 ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, pp[0], &pe) < 0 ||
	    write(pp[1], "x", 1) != 1) {
		perror("epoll");
		exit(1);
	}
	select_once("select after an overrun", b, false);
	select_once("pselect after an overrun", b, true);
	epoll_once("epoll_wait after an overrun", ep, false);
	epoll_once("epoll_pwait after an overrun", ep, true);
	printf("recv: %s\n", recv(b, buf, sizeof(buf), MSG_DONTWAIT) < 0
				     ? strerror(errno) : "data");
	while (recv(b, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		n++;
	printf("datagrams then: %s\n", n > 0 ? "some" : "none");
	select_once("select once read", b, false);
	epoll_once("epoll_wait once read", ep, false);
	close(ep);
	close(b);
	close(pp[0]);
	close(pp[1]);
}

/* 10: threads that pthread_create() made (clone3 under glibc) sleep in
 * trapped calls while signals come. */
static atomic_int restarts;

static void on_restart_signal(int sig)
{
	(void)sig;
	atomic_fetch_add(&restarts, 1);
}

struct restart_arg {
	int fd;
	int kind; /* 0 recv, 1 poll for no event, 2 epoll_wait */
	int ep;
	atomic_int done;
	int err;  /* errno, or 0 with data, -1 with nothing */
};

static void *restart_sleeper(void *arg)
{
	struct restart_arg *a = arg;
	struct pollfd p = { .fd = a->fd, .events = 0 };
	struct epoll_event ev;
	char buf[256];
	long n;

	if (a->kind == 0)
		n = recv(a->fd, buf, sizeof(buf), 0);
	else if (a->kind == 1)
		n = poll(&p, 1, -1);
	else
		n = epoll_wait(a->ep, &ev, 1, -1);
	a->err = n < 0 ? errno : n > 0 ? 0 : -1;
	atomic_store(&a->done, 1);
	return NULL;
}

/* A thread sleeps in kind's call; SIGUSR2 (SA_RESTART) is sent to it
 * until its handler ran and a while after, then a datagram comes: what
 * the call returned. */
static const char *restart_case(int kind)
{
	struct restart_arg a = { .kind = kind, .ep = -1 };
	struct epoll_event e = { .events = EPOLLET, .data.u64 = 1 };
	pthread_t t;

	a.fd = nl_open(0);
	if (kind == 2) {
		a.ep = epoll_create1(EPOLL_CLOEXEC);
		if (a.ep < 0 || epoll_ctl(a.ep, EPOLL_CTL_ADD, a.fd, &e) < 0) {
			perror("epoll");
			exit(1);
		}
	}
	atomic_store(&restarts, 0);
	pthread_create(&t, NULL, restart_sleeper, &a);
	nap();
	/* A wait for no event ends only by a signal that lands inside it:
	 * signals keep coming until it ended (the first ones may find the
	 * thread before its call); a receive restarts, and takes three. */
	for (int tries = 0; !atomic_load(&a.done) && tries < 2000; tries++) {
		if (kind == 0 && atomic_load(&restarts) >= 3)
			break;
		pthread_kill(t, SIGUSR2);
		nap();
	}
	if (!atomic_load(&a.done))
		noop_ack(a.fd, 10);
	pthread_join(t, NULL);
	if (a.ep >= 0)
		close(a.ep);
	close(a.fd);
	return a.err > 0 ? strerror(a.err) : a.err ? "nothing" : "data";
}

/* pthread_create() while signals without SA_RESTART keep coming: glibc
 * blocks every signal around its clone3(), so none fails. */
static void *no_op(void *arg)
{
	return arg;
}

static void create_under_signals(void)
{
	struct itimerval it = { { 0, 200 }, { 0, 200 } };
	int failed = 0;

	setitimer(ITIMER_REAL, &it, NULL);
	for (int i = 0; i < 100; i++) {
		pthread_t t;
		int err = pthread_create(&t, NULL, no_op, NULL);

		if (err)
			failed++;
		else
			pthread_join(t, NULL);
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	printf("pthread_create under a signal without SA_RESTART every "
	       "200 us: %d failed\n", failed);
}

/* How a sleeper waits for the error, and what it prints. */
enum wait_kind { W_POLL, W_PPOLL_PRI, W_EPOLL_NONE, W_EPOLL_ET,
		 W_EPOLL_ET_NONE };
static const char *const wait_name[] = {
	"poll for no event", "ppoll for POLLPRI",
	"epoll_wait of an item for no event",
	"epoll_wait of an edge-triggered item already reported",
	"epoll_wait of an edge-triggered item for no event",
};

struct sleeper_arg {
	int fd, ep;
	enum wait_kind kind;
};

static void *error_sleeper(void *arg)
{
	const struct sleeper_arg *a = arg;
	struct pollfd p = { .fd = a->fd, .events = 0 };
	struct epoll_event ev[2] = { 0 };
	int n;

	switch (a->kind) {
	case W_POLL:
		n = poll(&p, 1, -1);
		break;
	case W_PPOLL_PRI:
		p.events = POLLPRI;
		n = ppoll(&p, 1, NULL, NULL);
		break;
	default:
		n = epoll_wait(a->ep, ev, 2, -1);
		p.revents = (short)ev[0].events;
		break;
	}
	printf("%s, woken by an overrun: %d, %s %#x\n", wait_name[a->kind], n,
	       a->kind >= W_EPOLL_NONE ? "events" : "revents",
	       (unsigned int)(unsigned short)p.revents);
	return NULL;
}

/* An edge-triggered epoll item for EPOLLIN of b, its first edge (a
 * datagram queued) taken already: a wait on it sleeps. */
static int edge_taken(int a, int b, const struct sockaddr_nl *to,
		      const void *msg, size_t len)
{
	struct epoll_event e = { .events = EPOLLIN | EPOLLET, .data.u64 = 5 };
	struct epoll_event got[2];
	int ep = epoll_create1(EPOLL_CLOEXEC), n;

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, b, &e) < 0) {
		perror("epoll");
		exit(1);
	}
	sendto(a, msg, len, 0, (const struct sockaddr *)to, sizeof(*to));
	n = epoll_wait(ep, got, 2, -1);
	printf("edge-triggered item, a datagram: %d, events %#x\n", n,
	       n == 1 ? got[0].events : 0);
	n = epoll_wait(ep, got, 2, 0);
	printf("edge-triggered item, no new edge: %d\n", n);
	return ep;
}

/* With crowd set, each case makes this many more epoll sets watching a
 * netlink socket for no event after its own: a front end that kept only
 * the latest sets would forget the case's and sleep through its error. */
#define CROWD 40
static bool crowd;
static int crowd_fd[CROWD], crowd_ep[CROWD];

static void crowd_open(void)
{
	struct epoll_event e = { .events = 0 };

	for (int i = 0; crowd && i < CROWD; i++) {
		crowd_fd[i] = nl_open(0);
		crowd_ep[i] = epoll_create1(EPOLL_CLOEXEC);
		if (crowd_ep[i] < 0 ||
		    epoll_ctl(crowd_ep[i], EPOLL_CTL_ADD, crowd_fd[i], &e) < 0) {
			perror("epoll");
			exit(1);
		}
	}
}

static void crowd_close(void)
{
	for (int i = 0; crowd && i < CROWD; i++) {
		close(crowd_ep[i]);
		close(crowd_fd[i]);
	}
}

/* A socket that overruns while a wait of kind k that does not watch
 * EPOLLIN (or has taken its edge) sleeps on it. */
static void sleeping_error_one(enum wait_kind k)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	/* larger than the receive buffer: the first datagram fills it, the
	 * next overruns */
	static char msg[NLMSG_SPACE(4096)];
	struct nlmsghdr *h = (struct nlmsghdr *)msg;
	int a = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
	int b = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
	int small = 1024;
	struct sleeper_arg arg = { .fd = b, .ep = -1, .kind = k };
	pthread_t t;

	if (a < 0 || b < 0 || bind(b, (struct sockaddr *)&to, sizeof(to)) < 0 ||
	    setsockopt(b, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) < 0) {
		perror("usersock");
		exit(1);
	}
	h->nlmsg_len = sizeof(msg);
	h->nlmsg_type = 16;
	if (k == W_EPOLL_NONE || k == W_EPOLL_ET_NONE) {
		struct epoll_event e = {
			.events = k == W_EPOLL_ET_NONE ? EPOLLET : 0,
			.data.u64 = 9 };

		arg.ep = epoll_create1(EPOLL_CLOEXEC);
		if (arg.ep < 0 || epoll_ctl(arg.ep, EPOLL_CTL_ADD, b, &e) < 0) {
			perror("epoll");
			exit(1);
		}
	} else if (k == W_EPOLL_ET) {
		arg.ep = edge_taken(a, b, &to, msg, sizeof(msg));
	}
	crowd_open();
	pthread_create(&t, NULL, error_sleeper, &arg);
	/* asleep by then, or the error is pending when it looks: POLLERR
	 * either way */
	nap();
	for (int i = 0; i < 2; i++)
		sendto(a, msg, sizeof(msg), 0, (struct sockaddr *)&to,
		       sizeof(to));
	pthread_join(t, NULL);
	if (k == W_EPOLL_ET || k == W_EPOLL_ET_NONE) {
		struct epoll_event got[2];
		int n = epoll_wait(arg.ep, got, 2, 0);

		printf("edge-triggered item, error reported already: %d\n", n);
	}
	if (arg.ep >= 0)
		close(arg.ep);
	crowd_close();
	close(a);
	close(b);
}

/* Edge-triggered EPOLLIN on a netlink socket: an edge per datagram
 * queued, none for what stays queued after a read. */
static void edges(void)
{
	struct epoll_event e = { .events = EPOLLIN | EPOLLET, .data.u64 = 3 };
	struct epoll_event got[2];
	int fd = nl_open(0), ep = epoll_create1(EPOLL_CLOEXEC), n;
	char buf[256];

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) < 0) {
		perror("epoll");
		exit(1);
	}
	noop_ack(fd, 1);
	noop_ack(fd, 2);
	n = epoll_wait(ep, got, 2, -1);
	printf("edges: two ACKs queued: %d\n", n);
	printf("edges: again, nothing new: %d\n", epoll_wait(ep, got, 2, 0));
	printf("edges: one read: %s\n",
	       recv(fd, buf, sizeof(buf), 0) > 0 ? "data" : strerror(errno));
	printf("edges: one still queued, no new edge: %d\n",
	       epoll_wait(ep, got, 2, 0));
	noop_ack(fd, 3);
	n = epoll_wait(ep, got, 2, -1);
	printf("edges: a third ACK: %d, events %#x\n", n,
	       n == 1 ? got[0].events : 0);
	close(ep);
	close(fd);
}

static int sleeping_error(void)
{
	edges();
	sleeping_error_one(W_POLL);
	sleeping_error_one(W_PPOLL_PRI);
	sleeping_error_one(W_EPOLL_NONE);
	sleeping_error_one(W_EPOLL_ET);
	sleeping_error_one(W_EPOLL_ET_NONE);
	printf("each again, %d more sets named after its own:\n", CROWD);
	crowd = true;
	sleeping_error_one(W_EPOLL_NONE);
	sleeping_error_one(W_EPOLL_ET_NONE);
	return 0;
}

/* 11: the time left, written back to ppoll()'s timespec as Linux does
 * (poll_select_finish(); glibc's ppoll() hands the kernel a copy, so its
 * caller never sees it, a raw system call does).  A socket of ours
 * watched for POLLPRI alone: a wait the seccomp supervisor serves. */
static const char *time_left(const struct timespec *t, long long given_ns)
{
	long long left = (long long)t->tv_sec * 1000000000LL + t->tv_nsec;

	if (left == given_ns)
		return "untouched";
	if (left == 0)
		return "none";
	return left > 0 && left < given_ns ? "some, less than given"
					   : "wrong";
}

static pid_t write_later(int fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		if (write(fd, "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	return pid;
}

static void ppoll_time_left(void)
{
	struct sigaction al = { .sa_handler = on_signal };
	struct itimerval every = { { 0, 20 * 1000 }, { 0, 20 * 1000 } };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	int nl = nl_open(0), p[2];
	struct pollfd f[2];
	struct timespec t;
	long r;
	char c;

	if (nl < 0 || pipe(p) < 0) {
		perror("ppoll_time_left");
		exit(1);
	}
	f[0] = (struct pollfd){ .fd = nl, .events = POLLPRI };
	f[1] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	t = (struct timespec){ 5, 0 };
	write_later(p[1]);
	r = syscall(SYS_ppoll, f, 2, &t, NULL, 8);
	printf("raw ppoll for POLLPRI and a pipe written: %ld, time left %s\n",
	       r, time_left(&t, 5000000000LL));
	wait(NULL);
	if (read(p[0], &c, 1) != 1)
		printf("the pipe had nothing\n");
	t = (struct timespec){ 0, 30 * 1000 * 1000 };
	r = syscall(SYS_ppoll, f, 1, &t, NULL, 8);
	printf("raw ppoll for POLLPRI, 30 ms: %ld, time left %s\n", r,
	       time_left(&t, 30000000LL));
	sigaction(SIGALRM, &al, NULL);
	t = (struct timespec){ 5, 0 };
	setitimer(ITIMER_REAL, &every, NULL);
	r = syscall(SYS_ppoll, f, 1, &t, NULL, 8);
	setitimer(ITIMER_REAL, &off, NULL);
	printf("raw ppoll for POLLPRI, a signal: %ld %s, time left %s\n", r,
	       r < 0 ? strerror(errno) : "", time_left(&t, 5000000000LL));
	t = (struct timespec){ 5, 0 };
	write_later(p[1]);
	r = ppoll(f, 2, &t, NULL);
	printf("glibc's ppoll for POLLPRI and a pipe written: %ld, time "
	       "left %s\n", r, time_left(&t, 5000000000LL));
	wait(NULL);
	close(p[0]);
	close(p[1]);
	close(nl);
}

/* 12: epoll sets made and closed, each edge-triggered on a netlink
 * socket (a set the seccomp supervisor serves, and keeps a copy of):
 * the parent (the supervisor, or whatever runs the program) does not
 * keep one per set. */
static int parent_epoll_sets(void)
{
	char dir[64];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)getppid());
	d = opendir(dir);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[320], link[64];
		ssize_t l;

		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		l = readlink(path, link, sizeof(link) - 1);
		if (l > 0) {
			link[l] = '\0';
			n += !strcmp(link, "anon_inode:[eventpoll]");
		}
	}
	closedir(d);
	return n;
}

static void epoll_set_cycle(int nl)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, nl, &ev) < 0) {
		perror("epoll");
		exit(1);
	}
	close(ep);
}

static void epoll_sets_dropped(void)
{
	int nl = nl_open(0), first, after;

	if (nl < 0) {
		perror("socket");
		exit(1);
	}
	first = parent_epoll_sets();
	for (int i = 0; i < 40; i++)
		epoll_set_cycle(nl);
	after = parent_epoll_sets();
	/* a copy of each would be 40 more */
	printf("epoll sets the parent holds after 40 made and closed: %s\n",
	       first < 0 || after < 0 ? "unreadable"
	       : after - first < 20   ? "fewer than half of them"
				      : "one per set or so");
	close(nl);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal }; /* no SA_RESTART */
	struct timeval tv = { 0, 100 * 1000 };
	pthread_t t;
	char buf[256];
	int fd, err;

	/* a line at a time: a wait that never ends still shows what came */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "sleeping-error"))
		return sleeping_error();
	/* 1 */
	listen_fd = nl_open(RTMGRP_LINK);
	pthread_create(&t, NULL, listener, NULL);
	while (!atomic_load(&listener_ready))
		nap();
	err = add_bridge("unlblk0");
	printf("add while another thread sleeps in recv: %s\n",
	       strerror(-err));
	pthread_join(t, NULL);
	printf("the sleeper woke with RTM_NEWLINK %s\n", got_name);

	/* 2: signal it until it returns (it may not sleep yet at first) */
	sigaction(SIGUSR1, &sa, NULL);
	fd = nl_open(0);
	pthread_create(&t, NULL, sleeper, &fd);
	while (!atomic_load(&sleeper_err)) {
		pthread_kill(t, SIGUSR1);
		nap();
	}
	pthread_join(t, NULL);
	printf("a signal in a sleeping recv: %s\n",
	       strerror(atomic_load(&sleeper_err)));

	/* 3 */
	printf("MSG_DONTWAIT on an idle socket: %s\n",
	       recv(fd, buf, sizeof(buf), MSG_DONTWAIT) < 0 ? strerror(errno)
							   : "data");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	printf("SO_RCVTIMEO on an idle socket: %s\n",
	       recv(fd, buf, sizeof(buf), 0) < 0 ? strerror(errno) : "data");
	/* 4 */
	{
		struct nlmsghdr req[2];
		struct iovec v[2];
		struct mmsghdr mm[2];
		int n, acks = 0;

		memset(mm, 0, sizeof(mm));
		for (int i = 0; i < 2; i++) {
			req[i] = (struct nlmsghdr){
				.nlmsg_len = NLMSG_HDRLEN,
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
				.nlmsg_seq = (unsigned int)i + 1 };
			v[i] = (struct iovec){ &req[i], sizeof(req[i]) };
			mm[i].msg_hdr.msg_iov = &v[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		n = sendmmsg(fd, mm, 2, 0);
		printf("sendmmsg of two requests: %d (%u and %u bytes)\n", n,
		       mm[0].msg_len, mm[1].msg_len);
		while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
			acks++;
		printf("ACKs: %d\n", acks);
	}
	/* 5 (fd keeps the 100 ms SO_RCVTIMEO of 3) */
	{
		struct sockaddr_nl from[4];
		struct mmsghdr mm[4];
		struct iovec v[4];
		char bufs[4][256];
		int n;

		for (int i = 0; i < 3; i++)
			noop_ack(fd, (unsigned int)i + 10);
		memset(mm, 0, sizeof(mm));
		for (int i = 0; i < 4; i++) {
			v[i] = (struct iovec){ bufs[i], sizeof(bufs[i]) };
			mm[i].msg_hdr.msg_iov = &v[i];
			mm[i].msg_hdr.msg_iovlen = 1;
			mm[i].msg_hdr.msg_name = &from[i];
			mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		n = recvmmsg(fd, mm, 4, MSG_WAITFORONE, NULL);
		printf("recvmmsg of 4 with three ACKs queued: %d\n", n);
		for (int i = 0; i < n && i < 4; i++)
			printf("  %u bytes, seq %u, from portid %u (namelen %u)\n",
			       mm[i].msg_len,
			       ((struct nlmsghdr *)bufs[i])->nlmsg_seq,
			       from[i].nl_pid, mm[i].msg_hdr.msg_namelen);
		n = recvmmsg(fd, mm, 4, MSG_DONTWAIT, NULL);
		printf("recvmmsg on an empty socket: %s\n",
		       n < 0 ? strerror(errno) : "data");
		noop_ack(fd, 20);
		n = recvmmsg(fd, mm, 2, 0, NULL);
		printf("blocking recvmmsg of 2, one queued, SO_RCVTIMEO: %d\n",
		       n);
	}
	/* 6 */
	{
		struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_groups = 1 };
		struct sockaddr_nl at = { .nl_family = AF_NETLINK, .nl_groups = 1 };
		struct timespec zero = { 0, 0 };
		struct pollfd p[2];
		char msg[NLMSG_SPACE(64)] = { 0 };
		struct nlmsghdr *h = (struct nlmsghdr *)msg;
		int a = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
		int b = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
		int small = 1024, pp[2], n;

		if (a < 0 || b < 0 || pipe(pp) < 0 ||
		    bind(b, (struct sockaddr *)&at, sizeof(at)) < 0 ||
		    setsockopt(b, SOL_SOCKET, SO_RCVBUF, &small,
			       sizeof(small)) < 0) {
			perror("usersock");
			exit(1);
		}
		h->nlmsg_len = sizeof(msg);
		h->nlmsg_type = 16;
		for (int i = 0; i < 10; i++)
			sendto(a, msg, sizeof(msg), 0, (struct sockaddr *)&to,
			       sizeof(to));
		p[0] = (struct pollfd){ .fd = pp[0], .events = POLLIN };
		p[1] = (struct pollfd){ .fd = b, .events = POLLIN };
		n = ppoll(p, 2, &zero, NULL);
		printf("ppoll after an overrun: %d, pipe %#x, socket %#x\n", n,
		       (unsigned int)p[0].revents, (unsigned int)p[1].revents);
		printf("recv: %s\n", recv(b, buf, sizeof(buf), MSG_DONTWAIT) < 0
					     ? strerror(errno) : "data");
		n = ppoll(p, 2, &zero, NULL);
		printf("ppoll after the error was read: %d, socket %#x\n", n,
		       (unsigned int)p[1].revents);
		if (write(pp[1], "x", 1) != 1)
			exit(1);
		n = poll(p, 1, 1000);
		printf("poll of a pipe with a byte: %d, %#x\n", n,
		       (unsigned int)p[0].revents);
		close(a);
		close(b);
		close(pp[0]);
		close(pp[1]);
	}
	/* 7 */
	{
		enum { N = 200 };
		struct sockaddr_nl to = { .nl_family = AF_NETLINK };
		int rx = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
		struct sockaddr_nl me = { .nl_family = AF_NETLINK };
		socklen_t l = sizeof(me);
		int small = 1024, got = 0, status = -1;
		pid_t pid;

		if (rx < 0 || bind(rx, (struct sockaddr *)&me, sizeof(me)) < 0 ||
		    getsockname(rx, (struct sockaddr *)&me, &l) < 0 ||
		    setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &small,
			       sizeof(small)) < 0) {
			perror("usersock");
			exit(1);
		}
		to.nl_pid = me.nl_pid;
		fflush(NULL);
		pid = fork();
		if (pid == 0) {
			char msg[256] = { 0 };
			struct nlmsghdr *h = (struct nlmsghdr *)msg;
			int tx = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);

			h->nlmsg_len = sizeof(msg);
			h->nlmsg_type = 16;
			for (int i = 0; i < N; i++)
				if (sendto(tx, msg, sizeof(msg), 0,
					   (struct sockaddr *)&to,
					   sizeof(to)) < 0)
					_exit(1);
			_exit(0);
		}
		nap(); /* the sender fills the queue and blocks */
		nap();
		while (got < N && recv(rx, buf, sizeof(buf), 0) > 0)
			got++;
		waitpid(pid, &status, 0);
		printf("a sender blocked on a full receiver: %d received, "
		       "sender status %d\n", got, status);
		close(rx);
	}
	/* 8 */
	{
		struct sockaddr_nl me = { .nl_family = AF_NETLINK };
		struct timeval snd = { 0, 100 * 1000 };
		socklen_t l = sizeof(me);
		int rx = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
		int tx = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
		char msg[256] = { 0 };
		struct nlmsghdr *h = (struct nlmsghdr *)msg;
		int small = 1024, sent = 0;
		ssize_t r = 0;

		if (rx < 0 || tx < 0 ||
		    bind(rx, (struct sockaddr *)&me, sizeof(me)) < 0 ||
		    getsockname(rx, (struct sockaddr *)&me, &l) < 0 ||
		    setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &small,
			       sizeof(small)) < 0 ||
		    setsockopt(tx, SOL_SOCKET, SO_SNDTIMEO, &snd,
			       sizeof(snd)) < 0) {
			perror("usersock");
			exit(1);
		}
		h->nlmsg_len = sizeof(msg);
		h->nlmsg_type = 16;
		while (sent < 1000 &&
		       (r = sendto(tx, msg, sizeof(msg), 0,
				   (struct sockaddr *)&me, sizeof(me))) > 0)
			sent++;
		printf("sends to a receiver that never reads, SO_SNDTIMEO: "
		       "%s\n", r < 0 ? strerror(errno) : "all sent");
		close(rx);
		close(tx);
	}
	/* 9 */
	readiness_after_overrun();
	/* 10 */
	{
		struct sigaction ra = { .sa_handler = on_restart_signal,
					.sa_flags = SA_RESTART };
		struct sigaction al = { .sa_handler = on_signal };

		sigaction(SIGUSR2, &ra, NULL);
		printf("a SA_RESTART signal in a thread's sleeping recv, then "
		       "a datagram: %s\n", restart_case(0));
		printf("a SA_RESTART signal in a thread's poll for no event: "
		       "%s\n", restart_case(1));
		printf("a SA_RESTART signal in a thread's epoll_wait of an "
		       "edge-triggered set: %s\n", restart_case(2));
		sigaction(SIGALRM, &al, NULL);
		create_under_signals();
	}
	/* 11 */
	ppoll_time_left();
	/* 12 */
	epoll_sets_dropped();
	close(fd);
	close(listen_fd);
	return 0;
}
