// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The shape of a tun file's ioctl argument for UNL_OP_TUN_IOCTL (wire.h),
 * shared by the two front ends (src/shim/tun.c, src/seccomp/tun.c).
 */
#ifndef UNETLINK_WIRE_TUN_SHAPE_H
#define UNETLINK_WIRE_TUN_SHAPE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <net/if.h>

#include <linux/if_ether.h>
#include <linux/if_tun.h>

/*
 * A tun file's request (UNL_OP_TUN_IOCTL): what its argument points to
 * (bytes), or 0 for an integer argument.  TUNSETTXFILTER's argument is
 * of a length it says itself, and TUNGETDEVNETNS answers with a handle:
 * the front ends treat both apart.
 */
static inline size_t unl_tun_arg_len(unsigned long req)
{
	switch (req) {
	case TUNSETIFF:
	case TUNGETIFF:
	case TUNSETQUEUE:
		return sizeof(struct ifreq);
	case TUNGETFEATURES:
	case TUNGETSNDBUF:
	case TUNSETSNDBUF:
	case TUNGETVNETHDRSZ:
	case TUNSETVNETHDRSZ:
	case TUNSETIFINDEX:
	case TUNSETCARRIER:
	case TUNGETVNETLE:
	case TUNSETVNETLE:
	case TUNGETVNETBE:
	case TUNSETVNETBE:
		return sizeof(int);
	}
	return 0;
}

/* What UNL_OP_TUN_IOCTL carries for TUNSETTXFILTER: at most this. */
#define UNL_TUN_TXFILTER_MAX (sizeof(struct tun_filter) + 9 * ETH_ALEN)

/*
 * TUNSETTXFILTER's argument as the daemon needs it, from the caller's
 * whole argument at arg (the header and its count of addresses): the
 * header, the first eight addresses (the exact filter) and, of the rest,
 * the first that is not multicast or else the first (what
 * update_filter()'s answer depends on).  Its length in out (of at least
 * UNL_TUN_TXFILTER_MAX bytes).
 */
static inline size_t unl_tun_txfilter_arg(const void *arg, unsigned char *out)
{
	const unsigned char *a =
		(const unsigned char *)arg + sizeof(struct tun_filter);
	struct tun_filter h;
	size_t n, pick;

	memcpy(&h, arg, sizeof(h));
	n = h.count < 8 ? h.count : 8;
	pick = n;
	for (size_t k = 8; k < h.count; k++)
		if (!(a[k * ETH_ALEN] & 1)) {
			pick = k;
			break;
		}
	if (h.count > 8 && pick == n)
		pick = 8;
	memcpy(out + sizeof(h), a, n * ETH_ALEN);
	if (h.count > 8) {
		memcpy(out + sizeof(h) + n * ETH_ALEN, a + pick * ETH_ALEN,
		       ETH_ALEN);
		n++;
	}
	h.count = (uint16_t)n;
	memcpy(out, &h, sizeof(h));
	return sizeof(h) + n * ETH_ALEN;
}

#endif
