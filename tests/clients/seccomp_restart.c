// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Calls restarted by a signal, as Go's runtime restarts them (its
 * preemption signal, SIGURG, has SA_RESTART): in Linux a bind() or a
 * send() that reached the kernel completes, and the signal is handled
 * after it.  Under the seccomp front end the signal can end the wait for
 * the answer after the daemon acted; the restarted call must not act a
 * second time (a second bind() of a bound socket is EINVAL, a second
 * RTM_NEWADDR with NLM_F_EXCL is EEXIST).
 *
 * An interval timer sends SIGALRM (SA_RESTART) every 150 us while the
 * program opens and binds a socket, adds one address and closes it,
 * ITERATIONS times, and looks for a second answer; then it counts the
 * addresses.  It prints the number
 * of failures of each step (0 in Linux) and the count, nothing that
 * differs between runs; tests/clients/seccomp-restart.sh compares it
 * with the kernel's in a fresh `unshare -n`.
 *
 * Then, under the same timer, calls that trap whatever their descriptor
 * (a unix datagram received with room for a descriptor, a raw clone()
 * with CLONE_VM as Go's os/exec makes it) complete once each; and a
 * receive that sleeps with nothing queued is interrupted as Linux's
 * sleep is: EINTR after a handler without SA_RESTART, a restart after
 * one with it (the datagram sent later is what it returns).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#define ITERATIONS 1500

static volatile sig_atomic_t signals;

static void on_alarm(int sig)
{
	(void)sig;
	signals++;
}

struct addr_req {
	struct nlmsghdr nh;
	struct ifaddrmsg ifa;
	struct nlattr local_hdr;
	struct in_addr local;
};

static int add_addr(int fd, unsigned int i, int ifindex)
{
	struct addr_req r = {
		.nh = { .nlmsg_len = sizeof(r), .nlmsg_type = RTM_NEWADDR,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
				       NLM_F_CREATE | NLM_F_EXCL,
			.nlmsg_seq = i + 1 },
		.ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 32,
			 .ifa_index = (unsigned int)ifindex },
		.local_hdr = { .nla_len = sizeof(struct nlattr) +
					  sizeof(struct in_addr),
			       .nla_type = IFA_LOCAL },
	};
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	char buf[512];
	ssize_t n;

	r.local.s_addr = htonl(0x0a4d0000u | (i + 1)); /* 10.77.x.y */
	if (sendto(fd, &r, sizeof(r), 0, (struct sockaddr *)&k, sizeof(k)) !=
	    (ssize_t)sizeof(r))
		return -errno;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < (ssize_t)(NLMSG_HDRLEN + sizeof(struct nlmsgerr)))
		return n < 0 ? -errno : -EPROTO;
	return ((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)buf))->error;
}

/* One request, one answer: a second one means it ran twice. */
static bool more_answers(int fd)
{
	char buf[512];

	return recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0;
}

/* The IPv4 addresses of the net, by a dump. */
static int count_addrs(void)
{
	struct {
		struct nlmsghdr nh;
		struct ifaddrmsg ifa;
	} r = { .nh = { .nlmsg_len = sizeof(r), .nlmsg_type = RTM_GETADDR,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.ifa = { .ifa_family = AF_INET } };
	static char buf[65536];
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int count = 0;

	if (fd < 0 || send(fd, &r, sizeof(r), 0) < 0)
		return -1;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (n < 0)
			return -1;
		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				close(fd);
				return count;
			}
			count += h->nlmsg_type == RTM_NEWADDR;
		}
	}
}

/* A unix datagram received with room for a descriptor and a raw clone()
 * with CLONE_VM|CLONE_VFORK (glibc's clone(), a bare system call), n
 * times each: the failures of each. */
static char clone_stack[65536] __attribute__((aligned(16)));

static int clone_child(void *arg)
{
	(void)arg;
	return 0;
}

static void trapped_anywhere(unsigned int n)
{
	unsigned int recv_failed = 0, clone_failed = 0;
	int sp[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0) {
		perror("socketpair");
		exit(1);
	}
	for (unsigned int i = 0; i < n; i++) {
		char c, cbuf[CMSG_SPACE(sizeof(int))];
		struct iovec v = { &c, 1 };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
				    .msg_control = cbuf,
				    .msg_controllen = sizeof(cbuf) };
		long pid;

		if (send(sp[0], "x", 1, 0) != 1 || recvmsg(sp[1], &m, 0) != 1)
			recv_failed++;
		/* the child runs on a stack of its own and exits; we wait
		 * for it meanwhile (CLONE_VFORK) */
		pid = clone(clone_child, clone_stack + sizeof(clone_stack),
			    CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
		if (pid < 0)
			clone_failed++;
		else
			waitpid((pid_t)pid, NULL, 0);
	}
	printf("unix recvmsg with room for a descriptor: %u failed\n",
	       recv_failed);
	printf("clone(CLONE_VM|CLONE_VFORK): %u failed\n", clone_failed);
	close(sp[0]);
	close(sp[1]);
}

static int sleep_chan;
static pthread_t sleeper_thread;

/* Signals the sleeper every 20 ms until it has returned, then sends
 * the datagram it waits for (which a restarted receive gets). */
static void *poke(void *arg)
{
	volatile int *done = arg;
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	for (int i = 0; i < 4 && !*done; i++) {
		nanosleep(&ts, NULL);
		pthread_kill(sleeper_thread, SIGUSR1);
	}
	if (send(sleep_chan, "d", 1, 0) != 1)
		perror("send");
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A unix receive with room for a descriptor that sleeps (nothing
 * queued), signalled: what it returns. */
static const char *sleeping_receive(bool restart)
{
	struct sigaction sa = { .sa_handler = on_usr1,
				.sa_flags = restart ? SA_RESTART : 0 };
	static char out[64];
	volatile int done = 0;
	char c = 0, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec v = { &c, 1 };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	pthread_t t;
	ssize_t n;
	int sp[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0) {
		perror("socketpair");
		exit(1);
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sleep_chan = sp[0];
	sleeper_thread = pthread_self();
	pthread_create(&t, NULL, poke, (void *)&done);
	n = recvmsg(sp[1], &m, 0);
	done = 1;
	pthread_join(t, NULL);
	if (n < 0)
		snprintf(out, sizeof(out), "%s", strerror(errno));
	else
		snprintf(out, sizeof(out), "%zd byte \"%c\"", n, c);
	close(sp[0]);
	close(sp[1]);
	return out;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_alarm,
				.sa_flags = SA_RESTART };
	struct itimerval every = { { 0, 150 }, { 0, 150 } }, off = { 0 };
	int ifindex = (int)if_nametoindex("lo");
	unsigned int bind_failed = 0, add_failed = 0, twice = 0;
	int first_bind = 0, first_add = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigemptyset(&sa.sa_mask);
	if (!ifindex || sigaction(SIGALRM, &sa, NULL) ||
	    setitimer(ITIMER_REAL, &every, NULL)) {
		perror("setup");
		return 1;
	}
	for (unsigned int i = 0; i < ITERATIONS; i++) {
		struct sockaddr_nl a = { .nl_family = AF_NETLINK };
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
				NETLINK_ROUTE);
		int err;

		if (fd < 0) {
			perror("socket");
			return 1;
		}
		if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 &&
		    !bind_failed++)
			first_bind = errno;
		err = add_addr(fd, i, ifindex);
		if (err && !add_failed++)
			first_add = -err;
		twice += more_answers(fd);
		close(fd);
	}
	trapped_anywhere(ITERATIONS / 10);
	setitimer(ITIMER_REAL, &off, NULL);
	printf("bind: %u failed%s%s\n", bind_failed,
	       bind_failed ? ", first with " : "",
	       bind_failed ? strerror(first_bind) : "");
	printf("RTM_NEWADDR: %u failed%s%s\n", add_failed,
	       add_failed ? ", first with " : "",
	       add_failed ? strerror(first_add) : "");
	printf("requests answered twice: %u\n", twice);
	printf("IPv4 addresses: %d\n", count_addrs());
	/* a run the timer never interrupted shows nothing */
	printf("signals: %s\n", signals > 10 ? "many" : "too few");
	printf("a sleeping unix receive, a signal without SA_RESTART: %s\n",
	       sleeping_receive(false));
	printf("a sleeping unix receive, a signal with SA_RESTART: %s\n",
	       sleeping_receive(true));
	return 0;
}
