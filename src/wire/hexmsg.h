/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Netlink messages as the text files write them (recordings,
 * docs/record.md, and state files, docs/state.md): lowercase hex, read
 * back by the tool and by the daemon's replay.
 */
#ifndef UNETLINK_WIRE_HEXMSG_H
#define UNETLINK_WIRE_HEXMSG_H

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <linux/netlink.h>

/* One hex digit's value, -1 for anything else. */
static inline int unl_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* n bytes from the 2n digits at hex: 0, or -EINVAL at a non-digit. */
static inline int unl_hex_decode(const char *hex, size_t n,
				 unsigned char *out)
{
	for (size_t i = 0; i < n; i++) {
		int hi = unl_hex_digit(hex[2 * i]);
		int lo = hi < 0 ? -1 : unl_hex_digit(hex[2 * i + 1]);

		if (lo < 0)
			return -EINVAL;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* The messages of b with sequence numbers and port ids zeroed: they
 * vary between runs. */
static inline void unl_nlmsg_normalise(unsigned char *b, size_t len)
{
	size_t off = 0;

	while (len - off >= NLMSG_HDRLEN) {
		struct nlmsghdr h;

		memcpy(&h, b + off, sizeof(h));
		h.nlmsg_seq = 0;
		h.nlmsg_pid = 0;
		memcpy(b + off, &h, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > len - off)
			break;
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
}

#endif
