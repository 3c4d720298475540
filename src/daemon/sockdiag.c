// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_SOCK_DIAG for the host's sockets (include/unetlink/net.h,
 * unl_world_set_sock_diag_relay()): the inet, inet6, unix and packet
 * sockets a program under unetlink has are real kernel sockets, so `ss
 * -tuanp` asks the kernel's sock_diag for them, from the daemon, in the
 * requester's own network namespace (which the asking child enters when
 * it is not the daemon's: a daemon that may not, being unprivileged,
 * answers ENOENT there, and ss falls back to /proc).  The core checked
 * the requester's rights in the model (CAP_NET_ADMIN for SOCK_DESTROY);
 * the kernel is asked by a child that became the requester first (its
 * effective ids and capabilities, as /proc shows them), so that the
 * kernel grants and refuses what it would grant and refuse the
 * requester itself (a private daemon's owner is the model's admin
 * whatever its capabilities).
 *
 * The destroy groups (`ss -E`): while a model socket has joined one,
 * the daemon has joined the kernel's (any user may) in the joiner's
 * network namespace, with a listener per namespace made there, and
 * passes each event on to every net's members.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sched.h>

#include "daemon/daemon-private.h"

/* The identity of pid's network namespace (its file's device and
 * inode, which need no privilege to read); false when pid is gone. */
static bool netns_of(int32_t pid, struct stat *st)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	return pid > 0 && stat(path, st) == 0;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Is pid in our network namespace? */
static bool same_netns(int32_t pid)
{
	struct stat a, b;

	return netns_of(pid, &a) && stat("/proc/self/ns/net", &b) == 0 &&
	       same_file(&a, &b);
}

/* pid's network namespace file in *fd when it is not ours (for a child
 * to enter), -1 when it is ours: 0, or -errno when pid is gone or its
 * file is not ours to open. */
static int foreign_netns(int32_t pid, int *fd)
{
	char path[64];

	*fd = -1;
	if (same_netns(pid))
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	return *fd < 0 ? -errno : 0;
}

/* Who the requester is to the kernel: effective ids and capabilities,
 * as /proc shows them. */
struct kernel_ids {
	uid_t uid;
	gid_t gid;
	uint64_t caps;
};

static int read_ids(int32_t pid, struct kernel_ids *ids)
{
	unsigned long long caps;
	unsigned int r, e;
	char path[64], line[256];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -ESRCH;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Uid: %u %u", &r, &e) == 2) {
			ids->uid = e;
			found |= 1;
		} else if (sscanf(line, "Gid: %u %u", &r, &e) == 2) {
			ids->gid = e;
			found |= 2;
		} else if (sscanf(line, "CapEff: %llx", &caps) == 1) {
			ids->caps = caps;
			found |= 4;
		}
	}
	fclose(f);
	return found == 7 ? 0 : -ESRCH;
}

/* Whether the answer in buf ends with NLMSG_DONE or NLMSG_ERROR. */
static bool answer_complete(const uint8_t *buf, size_t len)
{
	size_t off = 0;

	while (len - off >= NLMSG_HDRLEN) {
		const struct nlmsghdr *m = (const void *)(buf + off);

		if (m->nlmsg_len < NLMSG_HDRLEN || m->nlmsg_len > len - off)
			return true; /* malformed: nothing more to wait for */
		if (m->nlmsg_type == NLMSG_DONE || m->nlmsg_type == NLMSG_ERROR)
			return true;
		off += NLMSG_ALIGN(m->nlmsg_len);
		if (off > len)
			break;
	}
	return false;
}

/* In the child: become the requester (ids and capabilities), then ask
 * the kernel and copy its answer into out until NLMSG_DONE or
 * NLMSG_ERROR.  Only system calls: the daemon may have threads. */
static void __attribute__((noreturn))
query_as(const struct kernel_ids *ids, int netns, const void *req,
	 size_t len, int out)
{
	struct __user_cap_header_struct h = { .version =
						      _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = {
		{ .effective = (uint32_t)ids->caps,
		  .permitted = (uint32_t)ids->caps },
		{ .effective = (uint32_t)(ids->caps >> 32),
		  .permitted = (uint32_t)(ids->caps >> 32) },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 5 };
	static uint8_t buf[65536];
	int fd;

	/* the requester's sockets are its namespace's */
	if (netns >= 0 && setns(netns, CLONE_NEWNET))
		_exit(5);
	prctl(PR_SET_KEEPCAPS, 1);
	if (getegid() != ids->gid &&
	    (setgroups(0, NULL) || setresgid(ids->gid, ids->gid, ids->gid)))
		_exit(3);
	if (geteuid() != ids->uid &&
	    setresuid(ids->uid, ids->uid, ids->uid))
		_exit(3);
	if (syscall(SYS_capset, &h, d))
		_exit(3);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    sendto(fd, req, len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		_exit(4);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		size_t aligned;

		if (n <= 0)
			_exit(4);
		aligned = NLMSG_ALIGN((size_t)n);
		for (size_t off = 0; off < aligned; off += 8192) {
			size_t k = aligned - off < 8192 ? aligned - off : 8192;

			if (write(out, buf + off, k) != (ssize_t)k)
				_exit(4);
		}
		if (answer_complete(buf, aligned))
			_exit(0);
	}
}

/* The whole answer from the child's pipe; 0 or -errno. */
static int read_pipe(int fd, uint8_t **bufp, size_t *lenp)
{
	size_t cap = 65536, len = 0;
	uint8_t *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (cap - len < 8192) {
			uint8_t *b = realloc(buf, cap * 2);

			if (!b) {
				free(buf);
				return -ENOMEM;
			}
			buf = b;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*bufp = buf;
	*lenp = len;
	return 0;
}

static int relay(const struct unl_cred *who, const void *req, size_t len,
		 void **reply, size_t *reply_len, void *user)
{
	struct kernel_ids ids = { 0 };
	uint8_t *buf = NULL;
	int p[2], err, st, netns;
	pid_t child;

	(void)user;
	if (read_ids(who->pid, &ids))
		return -ENOENT;
	if (foreign_netns(who->pid, &netns))
		return -ENOENT;
	if (pipe2(p, O_CLOEXEC)) {
		err = -errno;
		goto out;
	}
	child = fork();
	if (child < 0) {
		err = -errno;
		close(p[0]);
		close(p[1]);
		goto out;
	}
	if (child == 0) {
		close(p[0]);
		query_as(&ids, netns, req, len, p[1]);
	}
	close(p[1]);
	err = read_pipe(p[0], &buf, reply_len);
	close(p[0]);
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	if (!err && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		err = !WIFEXITED(st)		 ? -EIO
		      : WEXITSTATUS(st) == 3 ? -EPERM
		      : WEXITSTATUS(st) == 5 ? -ENOENT /* may not enter */
					     : -EIO;
	if (err)
		free(buf);
	else
		*reply = buf;
out:
	if (netns >= 0)
		close(netns);
	return err;
}

/* ---- destroy events (`ss -E`) ---- */

/* The kernel's destroy groups of one network namespace, as the daemon
 * listens to them for the models' sockets. */
struct ud_diag_relay {
	struct ud_handle h; /* first: the epoll loop's handle */
	struct ud_daemon *d;
	struct ud_diag_relay *next;
	struct stat ns;  /* the namespace's file, for its identity */
	int fd;
	uint32_t groups; /* joined */
};

/* In a child: a sock_diag socket made in netns, sent over out. */
static void __attribute__((noreturn)) socket_in(int netns, int out)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control = { 0 };
	char byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	int fd;

	if (setns(netns, CLONE_NEWNET))
		_exit(5);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_SOCK_DIAG);
	if (fd < 0)
		_exit(4);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	_exit(sendmsg(out, &mh, MSG_NOSIGNAL) == 1 ? 0 : 4);
}

/* A sock_diag socket of netns (a file of /proc/PID/ns/net), made by a
 * child that enters it, as a socket belongs to the namespace it was
 * made in.  The descriptor or -errno (EPERM: the daemon may not enter
 * that namespace). */
static int socket_of_netns(int netns)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf) };
	int sp[2], fd = -EIO, st = 0;
	pid_t child;

	/* a sequenced pair: a child that ends without sending ends the
	 * receive too */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp))
		return -errno;
	child = fork();
	if (child < 0) {
		fd = -errno;
		close(sp[0]);
		close(sp[1]);
		return fd;
	}
	if (child == 0) {
		close(sp[0]);
		socket_in(netns, sp[1]);
	}
	close(sp[1]);
	if (recvmsg(sp[0], &mh, MSG_CMSG_CLOEXEC) == 1) {
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

		if (c && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	}
	close(sp[0]);
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	if (fd < 0 && WIFEXITED(st) && WEXITSTATUS(st) == 5)
		return -EPERM;
	return fd;
}

/* A listener for the network namespace of pid, bound and watched. */
static struct ud_diag_relay *relay_open(struct ud_daemon *d, int32_t pid,
					const struct stat *ns)
{
	struct sockaddr_nl self = { .nl_family = AF_NETLINK };
	struct ud_diag_relay *r;
	int one = 1, err, netns;

	if (foreign_netns(pid, &netns))
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r) {
		if (netns >= 0)
			close(netns);
		return NULL;
	}
	if (netns < 0) {
		r->fd = socket(AF_NETLINK,
			       SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
			       NETLINK_SOCK_DIAG);
		err = r->fd < 0 ? errno : 0;
	} else {
		r->fd = socket_of_netns(netns);
		err = r->fd < 0 ? -r->fd : 0;
		close(netns);
	}
	if (r->fd < 0) {
		ud_log(d, 0, "sock_diag events of pid %d's namespace: %s",
		       (int)pid, strerror(err));
		free(r);
		return NULL;
	}
	r->h.kind = UD_DIAG;
	r->d = d;
	r->ns = *ns;
	setsockopt(r->fd, SOL_NETLINK, NETLINK_PKTINFO, &one, sizeof(one));
	/* bound: the kernel's broadcasts (from port 0) skip a socket whose
	 * port is still 0 */
	if (bind(r->fd, (struct sockaddr *)&self, sizeof(self)) ||
	    ud_epoll_set(d, r->fd, &r->h, EPOLLIN, true)) {
		ud_log(d, 0, "sock_diag events: %s", strerror(errno));
		close(r->fd);
		free(r);
		return NULL;
	}
	r->next = d->diag_relays;
	d->diag_relays = r;
	return r;
}

static void relay_close(struct ud_diag_relay *r)
{
	struct ud_daemon *d = r->d;

	for (struct ud_diag_relay **p = &d->diag_relays; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			break;
		}
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, r->fd, NULL);
	close(r->fd);
	free(r);
}

/* A model socket joined a destroy group: the daemon joins the kernel's
 * (which any user may do) in the joiner's network namespace, whose
 * sockets its events are about. */
static void listen_group(const struct unl_cred *who, unsigned int group,
			 void *user)
{
	struct ud_daemon *d = user;
	struct ud_diag_relay *r;
	int g = (int)group;
	struct stat ns;

	if (!netns_of(who->pid, &ns))
		return;
	for (r = d->diag_relays; r; r = r->next)
		if (same_file(&r->ns, &ns))
			break;
	if (!r)
		r = relay_open(d, who->pid, &ns);
	if (!r || (r->groups & (1u << group)))
		return;
	if (setsockopt(r->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g,
		       sizeof(g)) == 0)
		r->groups |= 1u << group;
	else
		ud_log(d, 0, "sock_diag group %u: %s", group, strerror(errno));
	if (!r->groups)
		relay_close(r);
}

void ud_sockdiag_teardown(struct ud_daemon *d)
{
	while (d->diag_relays)
		relay_close(d->diag_relays);
}

/* The group one datagram came to, from its NETLINK_PKTINFO. */
static unsigned int datagram_group(struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c))
		if (c->cmsg_level == SOL_NETLINK &&
		    c->cmsg_type == NETLINK_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct nl_pktinfo)))
			return ((struct nl_pktinfo *)CMSG_DATA(c))->group;
	return 0;
}

/* The group's events to the models' members; a group no net listens to
 * any more is left, and the listener closed with the last one. */
static void forward(struct ud_diag_relay *r, unsigned int group,
		    const uint8_t *buf, size_t len)
{
	size_t off = 0;
	int g = (int)group;

	while (len - off >= NLMSG_HDRLEN) {
		const struct nlmsghdr *m = (const void *)(buf + off);

		if (m->nlmsg_len < NLMSG_HDRLEN || m->nlmsg_len > len - off)
			break;
		if (unl_world_sock_diag_event(r->d->world, group, m,
					      m->nlmsg_len) == 0 &&
		    (r->groups & (1u << group))) {
			setsockopt(r->fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP,
				   &g, sizeof(g));
			r->groups &= ~(1u << group);
		}
		off += NLMSG_ALIGN(m->nlmsg_len);
	}
}

void ud_sockdiag_event(struct ud_diag_relay *r)
{
	static uint8_t buf[8192];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct nl_pktinfo))];
	} control;

	for (;;) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = control.buf,
				     .msg_controllen = sizeof(control.buf) };
		ssize_t n = recvmsg(r->fd, &mh, 0);

		if (n < 0 && (errno == EINTR || errno == ENOBUFS))
			continue; /* events lost as they are on Linux */
		if (n <= 0)
			break;
		forward(r, datagram_group(&mh), buf, (size_t)n);
	}
	if (!r->groups)
		relay_close(r);
}

void ud_sockdiag_init(struct ud_daemon *d)
{
	unl_world_set_sock_diag_relay(d->world, relay, d);
	unl_world_set_sock_diag_listen(d->world, listen_group, d);
}
