// SPDX-License-Identifier: LGPL-2.1-or-later
/* A netlink socket's pending error in an epoll set (epoll-err.h). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <linux/sockios.h>

#include "wire/epoll-err.h"
#include "wire/wire.h"

int unl_ep_watches(const char *path, struct unl_ep_watch **out)
{
	struct unl_ep_watch *w = NULL, one;
	char line[256];
	int n = 0, cap = 0;
	FILE *f = fopen(path, "re");

	*out = NULL;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long data;

		if (sscanf(line,
			   "tfd: %d events: %x data: %llx pos:%*d ino:%lx",
			   &one.tfd, &one.events, &data, &one.ino) != 4)
			continue;
		one.data = data;
		if (n == cap) {
			struct unl_ep_watch *m;

			cap = cap ? cap * 2 : 8;
			m = realloc(w, (size_t)cap * sizeof(*w));
			if (!m) {
				free(w);
				fclose(f);
				return -1;
			}
			w = m;
		}
		w[n++] = one;
	}
	fclose(f);
	*out = w;
	return n;
}

bool unl_dgram_only_wake(int fd)
{
	struct unl_wire_dgram hdr;
	int inq = 0;

	if (ioctl(fd, SIOCINQ, &inq) < 0 || inq != (int)sizeof(hdr))
		return false;
	return recv(fd, &hdr, sizeof(hdr), MSG_PEEK | MSG_DONTWAIT) ==
		       (ssize_t)sizeof(hdr) &&
	       hdr.kind == UNL_DGRAM_WAKE;
}

uint32_t unl_ep_erring_events(short revents, bool only_wake,
			      uint32_t watched)
{
	uint32_t ev = EPOLLERR | (uint16_t)revents;

	if (only_wake)
		ev &= ~(uint32_t)(EPOLLIN | EPOLLRDNORM);
	return ev & (watched | EPOLLERR | EPOLLHUP);
}

int unl_ep_merge(struct epoll_event *ev, int got, int max,
		 const struct unl_ep_watch *w, const uint32_t *errev, int nw)
{
	for (int i = 0; i < nw; i++) {
		int j;

		if (!errev[i])
			continue;
		for (j = 0; j < got && ev[j].data.u64 != w[i].data; j++)
			;
		if (j < got)
			ev[j].events = errev[i] |
				       (ev[j].events &
					~(uint32_t)(EPOLLIN | EPOLLRDNORM));
		/* an edge-triggered item reports its error with an edge
		 * (ep_poll_callback()), which the record that wakes the
		 * data socket makes: once, not at every wait */
		else if (got < max && !(w[i].events & EPOLLET))
			ev[got++] = (struct epoll_event){
				.events = errev[i], .data.u64 = w[i].data };
	}
	return got;
}
