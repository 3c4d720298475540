// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A statically linked program for record-static.sh: what the seccomp
 * recorder (src/seccomp/passthrough.c, pt-recv.c) must write down,
 * printed so that a run on the kernel alone and a recorded run can be
 * compared.  In a fresh `unshare -n` (lo down):
 *
 *   mmsg    answers taken with recvmmsg(), several a call, on a dup()
 *           and an fcntl(F_DUPFD_CLOEXEC) copy of the socket that sent
 *           the requests; a dump; an error
 *   scm     a netlink socket (and /dev/null) passed to a child with
 *           SCM_RIGHTS, which asks and reads on it (the parent closed
 *           its own meanwhile)
 *   groups  lo set up, down, up: the notifications of RTNLGRP_IPV4_MCADDR (37)
 *           and RTNLGRP_IPV6_MCADDR (38) to a listener that did not
 *           turn NETLINK_PKTINFO on (read with recvmmsg()) and to one
 *           that did (read with recvmsg())
 *   dup2    dup2() of a netlink socket to 100 (below the range)
 *   scm-mmsg as scm, the child taking the socket with recvmmsg()
 *   inherited FD...  a request and its answer on each FD, a netlink
 *           socket the program had from before (across exec)
 *   signal  a blocking recvmmsg() for two datagrams that took one, ended by
 *           a signal whose handler has SA_RESTART (as Go's have): Linux
 *           returns the one; then one whose handler has not, with the
 *           call tried again on EINTR (the recorder's answer, where the
 *           kernel's is the one datagram at once)
 *
 * Prints one line per thing seen; exits 1 on an unexpected failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#define BUF 8192
/* rtnetlink's groups of multicast addresses (Linux 6.11), above 32;
 * the system's headers may be older */
#define GROUP_IPV4_MCADDR 37
#define GROUP_IPV6_MCADDR 38

static unsigned char bufs[8][BUF];
static char ctl[8][256];
static bool saw_done;

static void die(const char *what)
{
	printf("%s: %s\n", what, strerror(errno));
	exit(1);
}

static int nl_socket(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (s < 0)
		die("socket");
	return s;
}

/* RTM_GETLINK of ifindex (or a dump), as one datagram */
static size_t getlink(unsigned char *b, int ifindex, unsigned seq, bool dump)
{
	struct nlmsghdr *h = (struct nlmsghdr *)b;
	struct ifinfomsg *ifi = NLMSG_DATA(h);

	memset(b, 0, NLMSG_SPACE(sizeof(*ifi)));
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
	h->nlmsg_type = RTM_GETLINK;
	h->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
	h->nlmsg_seq = seq;
	ifi->ifi_index = dump ? 0 : ifindex;
	return h->nlmsg_len;
}

/* What one datagram holds: link names, errors, DONE. */
static void print_dgram(const unsigned char *b, size_t len)
{
	for (const struct nlmsghdr *h = (const void *)b; NLMSG_OK(h, len);
	     h = NLMSG_NEXT(h, len)) {
		if (h->nlmsg_type == NLMSG_DONE) {
			printf(" done");
			saw_done = true;
		} else if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			printf(" error %d", e->error);
		} else if (h->nlmsg_type == RTM_NEWLINK) {
			const struct ifinfomsg *ifi = NLMSG_DATA(h);
			int alen = (int)IFLA_PAYLOAD(h);

			for (const struct rtattr *a = IFLA_RTA(ifi);
			     RTA_OK(a, alen); a = RTA_NEXT(a, alen))
				if (a->rta_type == IFLA_IFNAME)
					printf(" %s", (const char *)RTA_DATA(a));
		} else {
			printf(" type %u", h->nlmsg_type);
		}
	}
}

/* recvmmsg() of up to vlen datagrams, each printed. */
static int mmsg(int fd, unsigned vlen, int flags, const char *what)
{
	struct mmsghdr v[8];
	struct iovec iov[8];
	struct sockaddr_nl from[8];
	int n;

	memset(v, 0, sizeof(v));
	for (unsigned i = 0; i < vlen; i++) {
		iov[i] = (struct iovec){ bufs[i], BUF };
		v[i].msg_hdr.msg_iov = &iov[i];
		v[i].msg_hdr.msg_iovlen = 1;
		v[i].msg_hdr.msg_name = &from[i];
		v[i].msg_hdr.msg_namelen = sizeof(from[i]);
		v[i].msg_hdr.msg_control = ctl[i];
		v[i].msg_hdr.msg_controllen = sizeof(ctl[i]);
	}
	n = recvmmsg(fd, v, vlen, flags, NULL);
	if (n < 0)
		return -errno;
	printf("%s: recvmmsg %d:", what, n);
	for (int i = 0; i < n; i++) {
		printf(" [");
		print_dgram(bufs[i], v[i].msg_len);
		printf(" namelen %u ctl %zu flags %#x ]", v[i].msg_hdr.msg_namelen,
		       (size_t)v[i].msg_hdr.msg_controllen,
		       (unsigned)v[i].msg_hdr.msg_flags);
	}
	printf("\n");
	return n;
}

static void part_mmsg(void)
{
	int s = nl_socket(), d = dup(s), f = fcntl(s, F_DUPFD_CLOEXEC, 0), n;
	unsigned char req[64];
	size_t len;
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	if (d < 0 || f < 0)
		die("dup");
	/* three requests on three descriptors of one socket, answered
	 * before the sends return: one recvmmsg() takes the three */
	len = getlink(req, 1, 1, false);
	if (write(d, req, len) != (ssize_t)len)
		die("write");
	len = getlink(req, 1, 2, false);
	if (send(f, req, len, 0) != (ssize_t)len)
		die("send");
	len = getlink(req, 1, 3, false);
	if (sendto(s, req, len, 0, (struct sockaddr *)&k, sizeof(k)) !=
	    (ssize_t)len)
		die("sendto");
	if (mmsg(s, 4, MSG_WAITFORONE, "three") < 0)
		die("recvmmsg");
	/* two queued, a blocking call for two: it returns with both */
	len = getlink(req, 1, 4, false);
	if (write(f, req, len) != (ssize_t)len)
		die("write");
	len = getlink(req, 999, 5, false);
	if (write(d, req, len) != (ssize_t)len)
		die("write");
	if (mmsg(d, 2, 0, "two") < 0)
		die("recvmmsg");
	/* a dump, read with recvmmsg() on the fcntl() copy */
	len = getlink(req, 0, 6, true);
	if (write(s, req, len) != (ssize_t)len)
		die("write");
	saw_done = false;
	do
		n = mmsg(f, 8, MSG_WAITFORONE, "dump");
	while (n > 0 && !saw_done);
	/* nothing more: EAGAIN */
	n = mmsg(s, 8, MSG_DONTWAIT, "empty");
	printf("empty: %s\n", n < 0 ? strerror(-n) : "data");
	close(d);
	close(f);
	close(s);
}

/* by recvmsg(), or (with_mmsg) by recvmmsg() */
static void part_scm(bool with_mmsg)
{
	int sp[2], st;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0)
		die("socketpair");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		union {
			struct cmsghdr h;
			char b[CMSG_SPACE(2 * sizeof(int))];
		} cm;
		char byte;
		struct iovec v = { &byte, 1 };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
				    .msg_control = cm.b,
				    .msg_controllen = sizeof(cm.b) };
		unsigned char req[64];
		int fds[2];
		struct stat st_null;
		size_t len;
		ssize_t n;

		struct mmsghdr mm = { .msg_hdr = m };

		/* waits: the parent sends after a while */
		if (with_mmsg) {
			if (recvmmsg(sp[1], &mm, 1, MSG_CMSG_CLOEXEC, NULL) != 1 ||
			    mm.msg_len != 1)
				die("child recvmmsg");
			m = mm.msg_hdr;
		} else if (recvmsg(sp[1], &m, MSG_CMSG_CLOEXEC) != 1) {
			die("child recvmsg");
		}
		if (!CMSG_FIRSTHDR(&m) ||
		    CMSG_FIRSTHDR(&m)->cmsg_len != CMSG_LEN(2 * sizeof(int)))
			die("no descriptors");
		memcpy(fds, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(fds));
		printf("scm: flags %#x cloexec %d\n", (unsigned)m.msg_flags,
		       fcntl(fds[0], F_GETFD) & FD_CLOEXEC);
		len = getlink(req, 1, 7, false);
		if (send(fds[0], req, len, 0) != (ssize_t)len)
			die("child send");
		n = recv(fds[0], bufs[0], BUF, 0);
		if (n < 0)
			die("child recv");
		printf("scm: passed socket:");
		print_dgram(bufs[0], (size_t)n);
		printf("\n");
		if (fstat(fds[1], &st_null) < 0 || !S_ISCHR(st_null.st_mode))
			die("second descriptor");
		printf("scm: and a character device\n");
		fflush(stdout);
		_exit(0);
	} else {
		int fds[2] = { nl_socket(), open("/dev/null", O_RDONLY) };
		union {
			struct cmsghdr h;
			char b[CMSG_SPACE(2 * sizeof(int))];
		} cm;
		char byte = 'x';
		struct iovec v = { &byte, 1 };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
				    .msg_control = cm.b,
				    .msg_controllen = sizeof(cm.b) };

		memset(&cm, 0, sizeof(cm));
		cm.h.cmsg_level = SOL_SOCKET;
		cm.h.cmsg_type = SCM_RIGHTS;
		cm.h.cmsg_len = CMSG_LEN(2 * sizeof(int));
		memcpy(CMSG_DATA(&cm.h), fds, sizeof(fds));
		usleep(50000);
		if (sendmsg(sp[0], &m, 0) != 1)
			die("sendmsg");
		/* closed before the child took them: the passed ones live
		 * on */
		close(fds[0]);
		close(fds[1]);
		if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			exit(1);
	}
	close(sp[0]);
	close(sp[1]);
}

static void lo_set(short up)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	strcpy(ifr.ifr_name, "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		die("SIOCGIFFLAGS");
	ifr.ifr_flags = (short)((ifr.ifr_flags & ~IFF_UP) | up);
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		die("SIOCSIFFLAGS");
	close(fd);
}

/* bound (a socket no bind() gave a port id gets no notification) and
 * joined to group */
static int join(int s, int group)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(a);

	if (getsockname(s, (struct sockaddr *)&a, &len) == 0 && !a.nl_pid &&
	    bind(s, (struct sockaddr *)&a, sizeof(a)) < 0)
		return -1;
	return setsockopt(s, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
			  sizeof(group));
}

static void part_groups(void)
{
	int g = nl_socket(), p = nl_socket(), on = 1;

	if (join(g, GROUP_IPV4_MCADDR) || join(g, GROUP_IPV6_MCADDR) ||
	    join(p, GROUP_IPV4_MCADDR) ||
	    setsockopt(p, SOL_NETLINK, NETLINK_PKTINFO, &on, sizeof(on)))
		die("join");
	/* up, down, up: three notifications (224.0.0.1 joined, left,
	 * joined), queued before each ioctl returns */
	lo_set(IFF_UP);
	lo_set(0);
	lo_set(IFF_UP);
	while (mmsg(g, 8, MSG_DONTWAIT, "groups") > 0)
		;
	for (;;) {
		char c[256];
		struct sockaddr_nl from;
		struct iovec v = { bufs[0], BUF };
		struct msghdr m = { .msg_name = &from,
				    .msg_namelen = sizeof(from),
				    .msg_iov = &v, .msg_iovlen = 1,
				    .msg_control = c,
				    .msg_controllen = sizeof(c) };
		ssize_t n = recvmsg(p, &m, MSG_DONTWAIT);

		if (n < 0)
			break;
		printf("pktinfo:");
		print_dgram(bufs[0], (size_t)n);
		printf(" nl_groups %#x", from.nl_groups);
		for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); h;
		     h = CMSG_NXTHDR(&m, h))
			if (h->cmsg_level == SOL_NETLINK &&
			    h->cmsg_type == NETLINK_PKTINFO)
				printf(" group %u",
				       ((struct nl_pktinfo *)CMSG_DATA(h))->group);
		printf("\n");
	}
	close(g);
	close(p);
}

static volatile sig_atomic_t signals;

static void on_signal(int sig)
{
	(void)sig;
	signals++;
}

/* A child that signals the parent every 20 ms, for two seconds at most
 * (a recorder that lost the datagram would restart the call for ever). */
static pid_t signaller(void)
{
	pid_t parent = getpid(), kid;

	fflush(stdout);
	kid = fork();
	if (kid < 0)
		die("fork");
	if (kid == 0) {
		for (int i = 0; i < 100; i++) {
			kill(parent, SIGUSR1);
			usleep(20000);
		}
		_exit(0);
	}
	return kid;
}

static void part_signal(bool restart, const char *what)
{
	struct sigaction sa = { .sa_handler = on_signal,
				.sa_flags = restart ? SA_RESTART : 0 };
	struct timeval tv = { 2, 0 };
	unsigned char req[64];
	int s = nl_socket(), n, st;
	size_t len = getlink(req, 1, 8, false);
	pid_t kid;

	if (sigaction(SIGUSR1, &sa, NULL) ||
	    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		die("sigaction");
	/* lo's answer is queued before the write returns; the call waits
	 * for a second datagram that never comes */
	if (write(s, req, len) != (ssize_t)len)
		die("write");
	kid = signaller();
	do
		n = mmsg(s, 2, 0, what);
	while (n == -EINTR);
	kill(kid, SIGKILL);
	while (waitpid(kid, &st, 0) < 0 && errno == EINTR)
		;
	if (n < 0)
		printf("%s: %s\n", what, strerror(-n));
	printf("%s: %s\n", what, signals ? "signalled" : "no signal");
	signals = 0;
	close(s);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "dup2")) {
		int s = nl_socket();

		printf("dup2: %s\n", dup2(s, 100) == 100 ? "copied"
							 : strerror(errno));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "scm-mmsg")) {
		part_scm(true);
		return 0;
	}
	/* netlink sockets from before the recorder (their numbers): a
	 * request and its answer on each */
	if (argc > 2 && !strcmp(argv[1], "inherited")) {
		for (int i = 2; i < argc; i++) {
			int s = atoi(argv[i]);
			unsigned char req[64];
			size_t len = getlink(req, 1, 9, false);
			ssize_t n;

			if (write(s, req, len) != (ssize_t)len)
				die("inherited write");
			n = recv(s, bufs[0], BUF, 0);
			if (n < 0)
				die("inherited recv");
			printf("inherited:");
			print_dgram(bufs[0], (size_t)n);
			printf("\n");
		}
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "signal")) {
		part_signal(true, "restart");
		part_signal(false, "eintr");
		return 0;
	}
	part_mmsg();
	part_scm(false);
	part_groups();
	return 0;
}
