// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * poll() and ppoll() over our sockets (docs/seccomp.md, "Readiness").
 * A data socket is an AF_UNIX socket: its readiness is the netlink
 * socket's, but it cannot show the netlink socket's pending error
 * (sk_err, which lives in the status page) as POLLERR.  The filter
 * cannot see the set (it is in the caller's memory), so it traps every
 * poll() and ppoll(); here the set's descriptors in the reserved range
 * are looked at, and the kernel runs the call (CONTINUE) unless one of
 * ours has an error pending.  Then the answer is datagram_poll()'s,
 * which does not wait: POLLERR on those sockets (POLLIN only when a
 * datagram is queued, not for the record that only woke the socket),
 * the other descriptors as a poll() with a zero timeout finds them.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/sockios.h>

#include "seccomp/sc-private.h"

/* Larger sets go to the kernel without a look (RLIMIT_NOFILE bounds
 * nfds there, and a set that large is no netlink program's). */
#define SC_POLL_MAX 4096u
/* The kernel's sigset_t, which ppoll()'s sigsetsize must give. */
#define SC_KERNEL_SIGSET 8u

/* Is the only thing queued on our data socket the record that wakes it
 * for a pending error (wire.h, UNL_DGRAM_WAKE)? */
static bool only_wake(int fd)
{
	struct unl_wire_dgram hdr;
	int inq = 0;

	if (ioctl(fd, SIOCINQ, &inq) < 0 || inq != (int)sizeof(hdr))
		return false;
	return recv(fd, &hdr, sizeof(hdr), MSG_PEEK | MSG_DONTWAIT) ==
		       (ssize_t)sizeof(hdr) &&
	       hdr.kind == UNL_DGRAM_WAKE;
}

/* The answer datagram_poll() would give now; the count of ready
 * entries, after writing them back to the child. */
static long answer_now(struct sc *s, struct sc_call *c, struct pollfd *pf,
		       int *copy, const bool *err, size_t n)
{
	struct pollfd *q = calloc(n, sizeof(*q));
	long ready = 0;

	if (!q)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (pf[i].fd >= 0 && copy[i] < 0)
			copy[i] = sc_getfd(c, pf[i].fd);
		q[i] = (struct pollfd){ .fd = copy[i], .events = pf[i].events };
	}
	if (poll(q, (nfds_t)n, 0) < 0) {
		free(q);
		return -errno;
	}
	for (size_t i = 0; i < n; i++) {
		short rev = pf[i].fd < 0 ? 0 : copy[i] < 0 ? POLLNVAL
							   : q[i].revents;

		if (err[i]) {
			rev |= POLLERR;
			if (only_wake(copy[i]))
				rev &= (short)~(POLLIN | POLLRDNORM);
		}
		pf[i].revents = rev;
		ready += rev != 0;
	}
	free(q);
	if (!sc_id_valid(s, c))
		return -ENOENT;
	if (sc_mem_write(c, c->n.data.args[0], pf, n * sizeof(*pf)))
		return -EFAULT;
	return ready;
}

long sc_poll(struct sc *s, struct sc_call *c)
{
	const __u64 *a = c->n.data.args;
	size_t n = (size_t)a[1];
	struct pollfd *pf = NULL;
	int *copy = NULL;
	bool *err = NULL, any = false;
	long ret = SC_CONTINUE;

	/* What the kernel refuses, it refuses itself. */
	if (!n || n > SC_POLL_MAX ||
	    (c->n.data.nr == __NR_ppoll && a[3] && a[4] != SC_KERNEL_SIGSET))
		return SC_CONTINUE;
	pf = malloc(n * sizeof(*pf));
	copy = malloc(n * sizeof(*copy));
	err = calloc(n, sizeof(*err));
	if (!pf || !copy || !err || sc_mem_read(c, a[0], pf, n * sizeof(*pf)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct sc_sock *k;
		int fd = pf[i].fd;

		copy[i] = -1;
		if (fd < s->base || fd >= s->base + UNL_SC_RANGE)
			continue;
		copy[i] = sc_getfd(c, fd);
		if (copy[i] < 0)
			continue;
		k = sc_sock_of(s, copy[i]);
		err[i] = k && k->page &&
			 __atomic_load_n(&k->page->err, __ATOMIC_ACQUIRE) != 0;
		any |= err[i];
	}
	if (any)
		ret = answer_now(s, c, pf, copy, err, n);
	for (size_t i = 0; i < n; i++)
		if (copy[i] >= 0)
			close(copy[i]);
out:
	free(pf);
	free(copy);
	free(err);
	return ret;
}
