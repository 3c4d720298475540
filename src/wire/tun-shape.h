// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The shape of a tun file's ioctl argument for UNL_OP_TUN_IOCTL (wire.h),
 * shared by the two front ends (src/shim/tun.c, src/seccomp/tun.c).
 */
#ifndef UNETLINK_WIRE_TUN_SHAPE_H
#define UNETLINK_WIRE_TUN_SHAPE_H

#include <stddef.h>
#include <sys/ioctl.h>
#include <net/if.h>

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

#endif
