// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A netlink socket passed to another process with SCM_RIGHTS over a
 * unix socket (tests/clients/seccomp-scm.sh runs this on the kernel and
 * under both front ends): the receiver holds the same socket, as the
 * kernel gives it:
 *   1. its address is the sender's portid;
 *   2. the ACK the sender's request queued before the passing is the
 *      receiver's to read;
 *   3. a request the receiver sends is ACKed on the socket, which the
 *      sender reads after the receiver closed its descriptor;
 *   4. a datagram and a descriptor of another kind (a pipe) passed
 *      beside it arrive as they were;
 *   5. recvmmsg() takes a plain datagram and one that brings the socket
 *      in one call, the socket a netlink one with the sender's portid;
 *   6. two threads that receive from one unix socket at once, while
 *      plain datagrams and datagrams that bring the socket alternate,
 *      get every datagram once and every descriptor as a netlink socket
 *      (none lost, none the bare socket under it);
 *   7. in a user namespace of its own, SO_PASSCRED's credentials are
 *      the ids as that namespace sees them.
 * It prints one line per check, nothing that differs between runs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/netlink.h>

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

/* The sequence number of the ACK read from fd, or -errno. */
static long ack_seq(int fd)
{
	char buf[256];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	ssize_t n = recv(fd, buf, sizeof(buf), 0);

	if (n < 0)
		return -errno;
	if (n < (ssize_t)NLMSG_HDRLEN || h->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	return h->nlmsg_seq;
}

static unsigned int portid_of(int fd)
{
	struct sockaddr_nl a = { 0 };
	socklen_t l = sizeof(a);

	if (getsockname(fd, (struct sockaddr *)&a, &l) < 0)
		return 0;
	return a.nl_pid;
}

static void receiver(int chan, unsigned int portid)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} cm;
	char data[16] = { 0 };
	struct iovec v = { data, sizeof(data) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cm.buf,
			    .msg_controllen = sizeof(cm.buf) };
	struct cmsghdr *h;
	int fds[2], domain = 0;
	socklen_t l = sizeof(domain);
	ssize_t n = recvmsg(chan, &m, MSG_CMSG_CLOEXEC);
	long seq;

	h = CMSG_FIRSTHDR(&m);
	if (n < 0 || !h || h->cmsg_type != SCM_RIGHTS ||
	    h->cmsg_len != CMSG_LEN(sizeof(fds))) {
		printf("receiver: no descriptors (%s)\n",
		       n < 0 ? strerror(errno) : "none");
		exit(1);
	}
	memcpy(fds, CMSG_DATA(h), sizeof(fds));
	printf("receiver: %zd bytes \"%s\", flags %#x\n", n, data,
	       (unsigned int)m.msg_flags);
	getsockopt(fds[0], SOL_SOCKET, SO_DOMAIN, &domain, &l);
	printf("receiver: the socket is AF_NETLINK: %s, its portid the "
	       "sender's: %s\n", domain == AF_NETLINK ? "yes" : "no",
	       portid_of(fds[0]) == portid ? "yes" : "no");
	seq = ack_seq(fds[0]);
	printf("receiver: the ACK queued before: %s%ld\n",
	       seq < 0 ? "error " : "seq ", seq < 0 ? -seq : seq);
	noop_ack(fds[0], 2);
	close(fds[0]);
	printf("receiver: the pipe passed beside it: %s\n",
	       write(fds[1], "p", 1) == 1 ? "writable" : strerror(errno));
	close(fds[1]);
}

/* One datagram: data and, when fd >= 0, fd with SCM_RIGHTS. */
static void send_fd(int chan, const char *data, int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	struct iovec v = { (void *)data, strlen(data) + 1 };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };

	if (fd >= 0) {
		memset(&cm, 0, sizeof(cm));
		cm.h.cmsg_level = SOL_SOCKET;
		cm.h.cmsg_type = SCM_RIGHTS;
		cm.h.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&cm.h), &fd, sizeof(fd));
		m.msg_control = cm.buf;
		m.msg_controllen = sizeof(cm.buf);
	}
	if (sendmsg(chan, &m, 0) < 0) {
		perror("sendmsg");
		exit(1);
	}
}

/* What a received descriptor is: 1 the netlink socket of portid, 0
 * anything else (closed either way). */
static int is_the_socket(int fd, unsigned int portid)
{
	int domain = 0;
	socklen_t l = sizeof(domain);
	int yes;

	getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &l);
	yes = domain == AF_NETLINK && portid_of(fd) == portid;
	close(fd);
	return yes;
}

/* 5: recvmmsg() of a plain datagram and one with the socket. */
static void receiver_mmsg(int chan, unsigned int portid)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm[2];
	char data[2][16];
	struct iovec v[2] = { { data[0], sizeof(data[0]) },
			      { data[1], sizeof(data[1]) } };
	struct mmsghdr mm[2];
	struct cmsghdr *h;
	int n, fd;

	memset(mm, 0, sizeof(mm));
	memset(cm, 0, sizeof(cm));
	for (int i = 0; i < 2; i++) {
		mm[i].msg_hdr.msg_iov = &v[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_control = cm[i].buf;
		mm[i].msg_hdr.msg_controllen = sizeof(cm[i].buf);
	}
	n = recvmmsg(chan, mm, 2, 0, NULL);
	printf("recvmmsg: %d datagrams", n);
	if (n < 2) {
		printf(" (%s)\n", n < 0 ? strerror(errno) : "short");
		exit(1);
	}
	h = CMSG_FIRSTHDR(&mm[1].msg_hdr);
	printf(", \"%s\" %u bytes with %s, \"%s\" %u bytes", data[0],
	       mm[0].msg_len,
	       CMSG_FIRSTHDR(&mm[0].msg_hdr) ? "control data" : "none",
	       data[1], mm[1].msg_len);
	if (!h || h->cmsg_type != SCM_RIGHTS ||
	    h->cmsg_len != CMSG_LEN(sizeof(int))) {
		printf(" without a descriptor\n");
		exit(1);
	}
	memcpy(&fd, CMSG_DATA(h), sizeof(fd));
	printf(" with the netlink socket: %s\n",
	       is_the_socket(fd, portid) ? "yes" : "no");
}

/* 6: threads that share a receiving unix socket. */
#define SCM_PAIRS 100
static struct {
	int chan;
	unsigned int portid;
	atomic_int datagrams, sockets, others, errors;
} race;

static void *race_thread(void *arg)
{
	(void)arg;
	for (;;) {
		union {
			struct cmsghdr h;
			char buf[CMSG_SPACE(sizeof(int))];
		} cm;
		char data[16] = { 0 };
		struct iovec v = { data, sizeof(data) };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
				    .msg_control = cm.buf,
				    .msg_controllen = sizeof(cm.buf) };
		struct cmsghdr *h;
		ssize_t n = recvmsg(race.chan, &m, MSG_CMSG_CLOEXEC);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			atomic_fetch_add(&race.errors, 1);
			return NULL;
		}
		if (!strcmp(data, "end"))
			return NULL;
		atomic_fetch_add(&race.datagrams, 1);
		for (h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h)) {
			int fd;

			if (h->cmsg_type != SCM_RIGHTS)
				continue;
			memcpy(&fd, CMSG_DATA(h), sizeof(fd));
			if (is_the_socket(fd, race.portid))
				atomic_fetch_add(&race.sockets, 1);
			else
				atomic_fetch_add(&race.others, 1);
		}
	}
}

static void receiver_threads(int chan, unsigned int portid)
{
	pthread_t t[2];

	race.chan = chan;
	race.portid = portid;
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, race_thread, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("threads: %d datagrams, %d netlink sockets, %d other "
	       "descriptors, %d errors\n", atomic_load(&race.datagrams),
	       atomic_load(&race.sockets), atomic_load(&race.others),
	       atomic_load(&race.errors));
}

/* Runs fn(chan) in a child while feed(chan) sends; the child's exit. */
static int with_receiver(void (*fn)(int, unsigned int), unsigned int portid,
			 void (*feed)(int, int), int nl)
{
	int sp[2], status;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0) {
		perror("socketpair");
		exit(1);
	}
	pid = fork();
	if (pid == 0) {
		close(sp[0]);
		fn(sp[1], portid);
		_exit(0);
	}
	close(sp[1]);
	feed(sp[0], nl);
	close(sp[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void feed_mmsg(int chan, int nl)
{
	send_fd(chan, "one", -1);
	send_fd(chan, "two", nl);
}

static void feed_race(int chan, int nl)
{
	for (int i = 0; i < SCM_PAIRS; i++) {
		send_fd(chan, "plain", -1);
		send_fd(chan, "socket", nl);
	}
	send_fd(chan, "end", -1);
	send_fd(chan, "end", -1);
}

/* 7: a child in a user namespace of its own (its uid 1000 there, no gid
 * mapped) receives its own datagram with SO_PASSCRED and room for a
 * descriptor: the ids the kernel gives are seen from that namespace. */
static void creds_in_userns(void)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} cm;
	char map[64], c;
	struct iovec v = { &c, 1 };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cm.buf,
			    .msg_controllen = sizeof(cm.buf) };
	int sp[2], on = 1, fd, status;
	uid_t outer = getuid();
	struct cmsghdr *h;
	struct ucred uc;
	pid_t pid = fork();

	if (pid == 0) {
		if (unshare(CLONE_NEWUSER) < 0) {
			printf("credentials in a user namespace: no namespace "
			       "(%s)\n", strerror(errno));
			_exit(0);
		}
		snprintf(map, sizeof(map), "1000 %u 1", (unsigned int)outer);
		fd = open("/proc/self/uid_map", O_WRONLY);
		if (fd < 0 || write(fd, map, strlen(map)) < 0) {
			printf("credentials in a user namespace: no uid map\n");
			_exit(0);
		}
		close(fd);
		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0 ||
		    setsockopt(sp[1], SOL_SOCKET, SO_PASSCRED, &on,
			       sizeof(on)) < 0 ||
		    send(sp[0], "c", 1, 0) != 1 || recvmsg(sp[1], &m, 0) != 1) {
			perror("creds");
			_exit(1);
		}
		h = CMSG_FIRSTHDR(&m);
		if (!h || h->cmsg_type != SCM_CREDENTIALS) {
			printf("credentials in a user namespace: none\n");
			_exit(1);
		}
		memcpy(&uc, CMSG_DATA(h), sizeof(uc));
		printf("credentials in a user namespace: uid %u, gid %u, the "
		       "pid its own: %s\n", (unsigned int)uc.uid,
		       (unsigned int)uc.gid, uc.pid == getpid() ? "yes" : "no");
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("sender: the namespaced receiver exited with %d\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(void)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} cm;
	struct sockaddr_nl me = { .nl_family = AF_NETLINK };
	struct iovec v = { "netlink", 8 };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = cm.buf,
			    .msg_controllen = sizeof(cm.buf) };
	int sp[2], pp[2], fds[2], nl, status;
	unsigned int portid;
	char c = 0;
	pid_t pid;
	long seq;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0 ||
	    pipe(pp) < 0) {
		perror("socketpair");
		return 1;
	}
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl < 0 || bind(nl, (struct sockaddr *)&me, sizeof(me)) < 0) {
		perror("netlink");
		return 1;
	}
	portid = portid_of(nl);
	noop_ack(nl, 1);
	pid = fork();
	if (pid == 0) {
		close(sp[0]);
		receiver(sp[1], portid);
		_exit(0);
	}
	close(sp[1]);
	memset(&cm, 0, sizeof(cm));
	cm.h.cmsg_level = SOL_SOCKET;
	cm.h.cmsg_type = SCM_RIGHTS;
	cm.h.cmsg_len = CMSG_LEN(sizeof(fds));
	fds[0] = nl;
	fds[1] = pp[1];
	memcpy(CMSG_DATA(&cm.h), fds, sizeof(fds));
	/* the receiver waits in recvmsg() by then, most likely */
	usleep(20000);
	if (sendmsg(sp[0], &m, 0) < 0) {
		perror("sendmsg");
		return 1;
	}
	close(pp[1]);
	waitpid(pid, &status, 0);
	printf("sender: the receiver exited with %d\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	seq = ack_seq(nl);
	printf("sender: the ACK of the receiver's request: %s%ld\n",
	       seq < 0 ? "error " : "seq ", seq < 0 ? -seq : seq);
	printf("sender: the pipe got %s\n",
	       read(pp[0], &c, 1) == 1 && c == 'p' ? "its byte" : "nothing");
	printf("sender: the recvmmsg receiver exited with %d\n",
	       with_receiver(receiver_mmsg, portid, feed_mmsg, nl));
	printf("sender: the threads' receiver exited with %d\n",
	       with_receiver(receiver_threads, portid, feed_race, nl));
	creds_in_userns();
	return 0;
}
