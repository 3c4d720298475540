/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the benchmark programs share (header-only: each is one file). */
#ifndef UNETLINK_BENCH_COMMON_H
#define UNETLINK_BENCH_COMMON_H

#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds for one RTM_GETROUTE dump (AF_INET) read with a 32 KiB buffer;
 * *count gets its messages; -1 when it fails. */
static inline double dump_once(int fd, uint32_t seq, long *count)
{
	static char buf[32768];
	struct {
		struct nlmsghdr nh;
		struct rtmsg rt;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETROUTE,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = seq },
		.rt = { .rtm_family = AF_INET },
	};
	double t0 = now();

	*count = 0;
	if (send(fd, &req, sizeof(req), 0) < 0)
		return -1;
	for (;;) {
		ssize_t r = recv(fd, buf, sizeof(buf), 0);
		int rem = (int)r;

		if (r <= 0)
			return -1;
		for (struct nlmsghdr *nh = (struct nlmsghdr *)buf;
		     NLMSG_OK(nh, rem); nh = NLMSG_NEXT(nh, rem)) {
			if (nh->nlmsg_type == NLMSG_DONE)
				return now() - t0;
			if (nh->nlmsg_type == NLMSG_ERROR)
				return -1;
			(*count)++;
		}
	}
}

#endif
