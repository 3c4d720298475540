// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The shape of each socket ioctl the daemon answers (ioctl-shape.h),
 * for both front ends: src/shim/ioctl.c and src/seccomp/ioctl.c.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>

#include <linux/ethtool.h>
#include <linux/if_bridge.h>
#include <linux/if_tunnel.h>
#include <linux/ip6_tunnel.h>
#include <linux/ipv6_route.h>
#include <linux/route.h>
#include <linux/sockios.h>
#include <linux/wireless.h>

#include "wire/ioctl-shape.h"

/* struct in6_ifreq (linux/ipv6.h clashes with libc's headers) */
struct in6_ifreq_ {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

/* A reader and its context. */
struct mem {
	unl_ioctl_read_fn *rd;
	void *ctx;
};

bool unl_ioctl_forwarded(unsigned long req)
{
	if (req >= SIOCIWFIRST && req <= SIOCIWLAST)
		return true;
	if ((req & 0xffff0000) || (req & 0xff00) != 0x8900)
		return false;
	if (req <= 0x8907 || req == SIOCOUTQNSD || req == 0x894c /* GSKNS */)
		return false;
	return req < SIOCPROTOPRIVATE || req > SIOCPROTOPRIVATE + 15;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The length of the interface name at addr, its NUL excluded (at most
 * IFNAMSIZ - 1, as the kernel copies at most that much): read a byte at
 * a time, as the name may end just before unmapped memory. */
static int name_len(const struct mem *m, uint64_t addr, size_t *len)
{
	char ch = 0;
	size_t n = 0;

	for (; n < IFNAMSIZ - 1; n++) {
		if (m->rd(m->ctx, addr + n, &ch, 1))
			return -EFAULT;
		if (!ch)
			break;
	}
	*len = n;
	return 0;
}

static uint64_t ptr_at(const unsigned char *arg, int off)
{
	void *p;

	memcpy(&p, arg + off, sizeof(p));
	return (uint64_t)(uintptr_t)p;
}

/* GSTRINGS' and GSTATS' entries copied at most (ethtool.c's
 * ETHTOOL_ROOM_MAX): a caller's len is not trusted with the copy. */
static uint32_t ethtool_room(uint32_t n)
{
	return n < 4096 ? n : 4096;
}

/* The buffer an ethtool command at data reads and writes (ethtool_ops'
 * structs); the command word alone for one no virtual device has. */
static int ethtool_len(const struct mem *m, uint64_t data, size_t *len)
{
	uint32_t cmd;
	int8_t nwords;
	uint64_t mask;
	uint32_t size;

	if (m->rd(m->ctx, data, &cmd, sizeof(cmd)))
		return -EFAULT;
	*len = sizeof(cmd);
	switch (cmd) {
	case ETHTOOL_GDRVINFO:
		*len = sizeof(struct ethtool_drvinfo);
		break;
	case ETHTOOL_GSET:
	case ETHTOOL_SSET:
		*len = sizeof(struct ethtool_cmd);
		break;
	case ETHTOOL_GLINKSETTINGS:
	case ETHTOOL_SLINKSETTINGS:
		if (m->rd(m->ctx, data + offsetof(struct ethtool_link_settings,
						  link_mode_masks_nwords),
			  &nwords, 1))
			return -EFAULT;
		*len = sizeof(struct ethtool_link_settings) +
		       12 * (size_t)(nwords < 0 ? -nwords : nwords);
		break;
	case ETHTOOL_GSSET_INFO:
		if (m->rd(m->ctx, data + offsetof(struct ethtool_sset_info,
						  sset_mask),
			  &mask, sizeof(mask)))
			return -EFAULT;
		*len = sizeof(struct ethtool_sset_info) +
		       4 * (size_t)__builtin_popcountll(mask);
		break;
	case ETHTOOL_GET_TS_INFO:
		*len = sizeof(struct ethtool_ts_info);
		break;
	case ETHTOOL_GCOALESCE:
		*len = sizeof(struct ethtool_coalesce);
		break;
	case ETHTOOL_GCHANNELS:
		*len = sizeof(struct ethtool_channels);
		break;
	case ETHTOOL_GSTRINGS:
		/* the names the caller has room for, as its len says */
		if (m->rd(m->ctx, data + offsetof(struct ethtool_gstrings, len),
			  &size, sizeof(size)))
			return -EFAULT;
		*len = sizeof(struct ethtool_gstrings) +
		       ETH_GSTRING_LEN * (size_t)ethtool_room(size);
		break;
	case ETHTOOL_GSTATS:
		if (m->rd(m->ctx, data + offsetof(struct ethtool_stats,
						  n_stats),
			  &size, sizeof(size)))
			return -EFAULT;
		*len = sizeof(struct ethtool_stats) +
		       8 * (size_t)ethtool_room(size);
		break;
	case ETHTOOL_GLINK:
	case ETHTOOL_GMSGLVL:
	case ETHTOOL_SMSGLVL:
	case ETHTOOL_GTXCSUM: case ETHTOOL_STXCSUM:
	case ETHTOOL_GRXCSUM: case ETHTOOL_SRXCSUM:
	case ETHTOOL_GSG: case ETHTOOL_SSG:
	case ETHTOOL_GTSO: case ETHTOOL_STSO:
	case ETHTOOL_GGSO: case ETHTOOL_SGSO:
	case ETHTOOL_GGRO: case ETHTOOL_SGRO:
	case ETHTOOL_GFLAGS: case ETHTOOL_SFLAGS:
		*len = sizeof(struct ethtool_value);
		break;
	case ETHTOOL_GFEATURES:
	case ETHTOOL_SFEATURES:
		/* the blocks the caller says it has, of the kernel's two */
		if (m->rd(m->ctx, data + offsetof(struct ethtool_gfeatures,
						  size),
			  &size, sizeof(size)))
			return -EFAULT;
		*len = sizeof(struct ethtool_gfeatures) +
		       (cmd == ETHTOOL_GFEATURES
				? sizeof(struct ethtool_get_features_block)
				: sizeof(struct ethtool_set_features_block)) *
			       (size < 2 ? size : 2);
		break;
	}
	return 0;
}

/* The device-private requests (SIOCDEVPRIVATE..+15), whose ifr_data
 * the driver reads and writes: the tunnels' SIOCGETTUNNEL..SIOCCHG6RD,
 * and the rest, which an IPv4 tunnel copies in before it refuses
 * them.  The daemon always points ifr_data at its copy (none: NULL), so
 * that no driver of the model follows a caller's pointer. */
static bool tunnel_req(unsigned long req)
{
	return req >= SIOCDEVPRIVATE && req <= SIOCDEVPRIVATE + 15;
}

/* SIOCGETPRL's entries copied at most (sit.c's PRL_ROOM_MAX): they go
 * after the request's header, datalen bytes of them. */
#define PRL_ROOM_MAX 3000u

/* What a device-private request's ifr_data at data holds: the largest
 * of the structs a driver may copy (struct ip_tunnel_parm, ip6_tnl_parm or
 * ip6_tnl_parm2, by the device's kind, which the caller's request does
 * not say), a PRL request's header (and for SIOCGETPRL the entries its
 * datalen makes room for), a 6rd request's struct.  What cannot be
 * read is not sent: the driver's copy then faults, as Linux's
 * copy_from_user() would; a smaller tunnel struct that can be read is
 * sent alone. */
static void tunnel_len(const struct mem *m, unsigned long req, uint64_t data,
		       size_t *len)
{
	unsigned char probe[sizeof(struct ip6_tnl_parm2)];
	struct ip_tunnel_prl prl;

	*len = 0;
	if (req <= SIOCCHGTUNNEL || req > SIOCCHG6RD) {
		if (!m->rd(m->ctx, data, probe, sizeof(struct ip6_tnl_parm2)))
			*len = sizeof(struct ip6_tnl_parm2);
		else if (!m->rd(m->ctx, data, probe,
				sizeof(struct ip_tunnel_parm)))
			*len = sizeof(struct ip_tunnel_parm);
	} else if (req <= SIOCCHGPRL) {
		if (m->rd(m->ctx, data, &prl, sizeof(prl)))
			return;
		*len = sizeof(prl);
		if (req == SIOCGETPRL) {
			size_t n = prl.datalen / sizeof(prl);

			/* the entries go right after the header */
			n = n < PRL_ROOM_MAX ? n : PRL_ROOM_MAX;
			if (n && !m->rd(m->ctx, data + (n + 1) * sizeof(prl) - 1,
					probe, 1))
				*len += n * sizeof(prl);
		}
	} else if (!m->rd(m->ctx, data, probe, sizeof(struct ip_tunnel_6rd))) {
		*len = sizeof(struct ip_tunnel_6rd);
	}
}

/* SIOCGIFBR/SIOCSIFBR: args[3], args[1] a name or an index array. */
static int br_shape(const struct mem *m, const unsigned char *arg,
		    struct unl_ioctl_shape *s)
{
	unsigned long args[3];
	size_t n;

	memcpy(args, arg, sizeof(args));
	if (args[0] == BRCTL_GET_BRIDGES && args[2] < 2048) {
		s->ind_cap = args[1] ? args[2] * sizeof(int) : 0;
	} else if (args[0] == BRCTL_ADD_BRIDGE ||
		   args[0] == BRCTL_DEL_BRIDGE) {
		if (args[1] && name_len(m, args[1], &n))
			return -EFAULT;
		s->ind_len = args[1] ? n + 1 : 0;
		s->ind_cap = args[1] ? IFNAMSIZ : 0;
	}
	return 0;
}

/* The argument's length, before it is read. */
static int arg_len_of(const struct mem *m, int family, unsigned long req,
		      uint64_t arg, size_t *len)
{
	size_t n;

	*len = sizeof(struct ifreq);
	if (req >= SIOCIWFIRST && req <= SIOCIWLAST)
		*len = sizeof(struct iwreq);
	else if (req == SIOCGIFCONF)
		*len = sizeof(struct ifconf);
	else if (req == SIOCBRADDBR || req == SIOCBRDELBR) {
		if (name_len(m, arg, &n))
			return -EFAULT;
		*len = n + 1;
	} else if (req == SIOCGIFBR || req == SIOCSIFBR)
		*len = 3 * sizeof(unsigned long);
	else if (req == SIOCDARP || req == SIOCGARP || req == SIOCSARP)
		*len = sizeof(struct arpreq);
	else if ((req == SIOCADDRT || req == SIOCDELRT) && family == AF_INET6)
		*len = sizeof(struct in6_rtmsg);
	else if (req == SIOCADDRT || req == SIOCDELRT)
		*len = sizeof(struct rtentry);
	else if (family == AF_INET6 &&
		 (req == SIOCSIFADDR || req == SIOCDIFADDR ||
		  req == SIOCSIFDSTADDR))
		*len = sizeof(struct in6_ifreq_);
	return 0;
}

int unl_ioctl_ptr_off(int family, unsigned long req,
		      const unsigned char *arg)
{
	unsigned long brctl;

	if (req == SIOCGIFCONF)
		return offsetof(struct ifconf, ifc_buf);
	if (req == SIOCETHTOOL || tunnel_req(req))
		return offsetof(struct ifreq, ifr_data);
	if (req == SIOCGIFBR || req == SIOCSIFBR) {
		memcpy(&brctl, arg, sizeof(brctl));
		if (brctl == BRCTL_GET_BRIDGES || brctl == BRCTL_ADD_BRIDGE ||
		    brctl == BRCTL_DEL_BRIDGE)
			return sizeof(unsigned long);
	}
	if ((req == SIOCADDRT || req == SIOCDELRT) && family != AF_INET6)
		return offsetof(struct rtentry, rt_dev);
	return UNL_WIRE_IOCTL_NO_PTR;
}

/* The pointer in the argument, and what it names. */
static int ind_shape(const struct mem *m, int family, unsigned long req,
		     const unsigned char *arg, struct unl_ioctl_shape *s)
{
	size_t n;

	s->ptr_off = unl_ioctl_ptr_off(family, req, arg);
	if (req == SIOCGIFCONF) {
		struct ifconf ifc;

		memcpy(&ifc, arg, sizeof(ifc));
		if (ifc.ifc_buf && ifc.ifc_len > 0)
			s->ind_cap = min_size((size_t)ifc.ifc_len,
					      UNL_WIRE_IOCTL_MAX_IND);
	} else if (req == SIOCETHTOOL) {
		if (ptr_at(arg, s->ptr_off)) {
			if (ethtool_len(m, ptr_at(arg, s->ptr_off), &n))
				return -EFAULT;
			s->ind_len = s->ind_cap =
				min_size(n, UNL_WIRE_IOCTL_MAX_IND);
		}
	} else if (tunnel_req(req)) {
		if (ptr_at(arg, s->ptr_off)) {
			tunnel_len(m, req, ptr_at(arg, s->ptr_off), &n);
			s->ind_len = s->ind_cap = n;
		}
	} else if (req == SIOCGIFBR || req == SIOCSIFBR) {
		return br_shape(m, arg, s);
	} else if (s->ptr_off != UNL_WIRE_IOCTL_NO_PTR) { /* rt_dev */
		if (ptr_at(arg, s->ptr_off)) {
			if (name_len(m, ptr_at(arg, s->ptr_off), &n))
				return -EFAULT;
			s->ind_len = n + 1;
			s->ind_cap = IFNAMSIZ;
		}
	}
	return 0;
}

int unl_ioctl_shape_of(int family, unsigned long req, uint64_t arg,
		       unl_ioctl_read_fn *rd, void *ctx, unsigned char *argbuf,
		       struct unl_ioctl_shape *s)
{
	const struct mem m = { rd, ctx };

	*s = (struct unl_ioctl_shape){ .ptr_off = UNL_WIRE_IOCTL_NO_PTR };
	if (!arg || arg_len_of(&m, family, req, arg, &s->arg_len) ||
	    rd(ctx, arg, argbuf, s->arg_len) ||
	    ind_shape(&m, family, req, argbuf, s))
		return -EFAULT;
	if (s->ptr_off != UNL_WIRE_IOCTL_NO_PTR)
		s->ind = ptr_at(argbuf, s->ptr_off);
	return 0;
}

void unl_ioctl_reply(unsigned long req, const struct unl_ioctl_shape *s,
		     unsigned char *rep, int ret, size_t *arg_out,
		     size_t *ind_out)
{
	void *user = (void *)(uintptr_t)s->ind;
	size_t n = s->ind_cap;
	struct ifconf ifc;

	*arg_out = *ind_out = 0;
	if (req == SIOCBRADDBR || req == SIOCBRDELBR)
		return;
	*arg_out = s->arg_len;
	if (s->ptr_off == UNL_WIRE_IOCTL_NO_PTR)
		return;
	memcpy(rep + s->ptr_off, &user, sizeof(user));
	if (!user || !n)
		return;
	if (req == SIOCGIFCONF) {
		memcpy(&ifc, rep, sizeof(ifc));
		n = ifc.ifc_len > 0 ? min_size(n, (size_t)ifc.ifc_len) : 0;
	} else if (req == SIOCGIFBR) {
		n = ret > 0 ? min_size(n, (size_t)ret * sizeof(int)) : 0;
	} else if (req == SIOCADDRT || req == SIOCDELRT ||
		   req == SIOCSIFBR) {
		n = 0; /* only read */
	}
	*ind_out = n;
}
