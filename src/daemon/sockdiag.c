// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_SOCK_DIAG for the host's sockets (include/unetlink/net.h,
 * unl_world_set_sock_diag_relay()): the inet, inet6, unix and packet
 * sockets a program under unetlink has are real kernel sockets, so `ss
 * -tuanp` asks the kernel's sock_diag for them, from the daemon.  Only
 * for a requester in the daemon's own network namespace: another one's
 * sockets are not the daemon's to list (the request then gets ENOENT,
 * and ss falls back to /proc).  The core checked the requester's rights
 * (CAP_NET_ADMIN for SOCK_DESTROY) already.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "daemon/daemon-private.h"

/* Is pid in our network namespace?  Compared by the namespace files'
 * identity, which needs no privilege to read. */
static bool same_netns(int32_t pid)
{
	char path[64];
	struct stat a, b;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	if (pid <= 0 || stat(path, &a) || stat("/proc/self/ns/net", &b))
		return false;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
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

/* Read the kernel's answer to the end; 0 or -errno. */
static int read_answer(int fd, uint8_t **bufp, size_t *lenp)
{
	size_t cap = 65536, len = 0;
	uint8_t *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (cap - len < 32768) {
			uint8_t *b = realloc(buf, cap * 2);

			if (!b) {
				free(buf);
				return -ENOMEM;
			}
			buf = b;
			cap *= 2;
		}
		n = recv(fd, buf + len, cap - len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return n < 0 ? -errno : -EPROTO;
		}
		/* each datagram starts aligned */
		len += NLMSG_ALIGN((size_t)n);
		if (answer_complete(buf, len))
			break;
	}
	*bufp = buf;
	*lenp = len;
	return 0;
}

static int relay(const struct unl_cred *who, const void *req, size_t len,
		 void **reply, size_t *reply_len, void *user)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	/* a dump of a busy machine's sockets comes in quickly; a kernel
	 * that does not answer must not stop the daemon for long */
	struct timeval tv = { .tv_sec = 5 };
	uint8_t *buf = NULL;
	int fd, err;

	(void)user;
	if (!same_netns(who->pid))
		return -ENOENT;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (sendto(fd, req, len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	err = read_answer(fd, &buf, reply_len);
	close(fd);
	if (!err)
		*reply = buf;
	return err;
}

void ud_sockdiag_init(struct ud_daemon *d)
{
	unl_world_set_sock_diag_relay(d->world, relay, d);
}
