// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Socket ioctls about devices, routes, ARP, bridges and ethtool: never
 * the host kernel's.  Whatever the socket (a netlink one of ours, or an
 * AF_INET, AF_UNIX, AF_PACKET... socket of the kernel), the request goes
 * to the daemon (UNL_OP_IOCTL, wire.h "Ioctls"), which runs it in the
 * calling thread's net.  This file only knows the shape of each
 * request's argument: how long it is and which pointer in it names more
 * of the caller's memory.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>

#include <linux/ethtool.h>
#include <linux/if_bridge.h>
#include <linux/ipv6_route.h>
#include <linux/route.h>
#include <linux/sockios.h>
#include <linux/wireless.h>

#include "shim/shim.h"

/* struct in6_ifreq (linux/ipv6.h clashes with libc's headers) */
struct in6_ifreq_ {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

/* One request's argument, as the wire carries it. */
struct shape {
	size_t arg_len;
	int ptr_off;     /* UNL_WIRE_IOCTL_NO_PTR or the pointer's offset */
	size_t ind_len;  /* what the pointer names, sent */
	size_t ind_cap;  /* ... and its size, received */
};

/* The requests the daemon answers: sock_ioctl()'s, but for those about
 * the socket itself (owner, timestamps, SIOCGSKNS, SIOCOUTQNSD, the
 * protocol's private range), which stay with the socket's own file. */
static bool forwarded(unsigned long req)
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

/* The buffer an ethtool command reads and writes (ethtool_ops'
 * structs); the command word alone for one no virtual device has. */
static size_t ethtool_len(const void *data)
{
	uint32_t cmd;
	int8_t nwords;
	uint64_t mask;

	memcpy(&cmd, data, sizeof(cmd));
	switch (cmd) {
	case ETHTOOL_GDRVINFO:
		return sizeof(struct ethtool_drvinfo);
	case ETHTOOL_GSET:
	case ETHTOOL_SSET:
		return sizeof(struct ethtool_cmd);
	case ETHTOOL_GLINKSETTINGS:
	case ETHTOOL_SLINKSETTINGS:
		memcpy(&nwords, (const char *)data +
					offsetof(struct ethtool_link_settings,
						 link_mode_masks_nwords),
		       1);
		return sizeof(struct ethtool_link_settings) +
		       12 * (size_t)(nwords < 0 ? -nwords : nwords);
	case ETHTOOL_GSSET_INFO:
		memcpy(&mask, (const char *)data +
				      offsetof(struct ethtool_sset_info,
					       sset_mask),
		       sizeof(mask));
		return sizeof(struct ethtool_sset_info) +
		       4 * (size_t)__builtin_popcountll(mask);
	}
	switch (cmd) {
	case ETHTOOL_GLINK:
	case ETHTOOL_GMSGLVL:
	case ETHTOOL_SMSGLVL:
		return sizeof(struct ethtool_value);
	}
	return sizeof(cmd);
}

/* SIOCGIFBR/SIOCSIFBR: args[3], args[1] a name or an index array. */
static void br_shape(const unsigned long *args, struct shape *s)
{
	s->arg_len = 3 * sizeof(unsigned long);
	if (args[0] == BRCTL_GET_BRIDGES && args[2] < 2048) {
		s->ptr_off = sizeof(unsigned long);
		s->ind_cap = args[1] ? args[2] * sizeof(int) : 0;
	} else if (args[0] == BRCTL_ADD_BRIDGE ||
		   args[0] == BRCTL_DEL_BRIDGE) {
		s->ptr_off = sizeof(unsigned long);
		s->ind_len = args[1] ? strnlen((const char *)args[1],
					       IFNAMSIZ - 1) + 1
				     : 0;
		s->ind_cap = args[1] ? IFNAMSIZ : 0;
	}
}

/* The shape of request req on a socket of family. */
static void shape_of(int family, unsigned long req, void *arg,
		     struct shape *s)
{
	struct ifreq *ifr = arg;
	const struct rtentry *rt = arg;
	const struct ifconf *ifc = arg;

	*s = (struct shape){ .arg_len = sizeof(struct ifreq),
			     .ptr_off = UNL_WIRE_IOCTL_NO_PTR };
	if (req >= SIOCIWFIRST && req <= SIOCIWLAST) {
		s->arg_len = sizeof(struct iwreq);
	} else if (req == SIOCGIFCONF) {
		s->arg_len = sizeof(*ifc);
		s->ptr_off = offsetof(struct ifconf, ifc_buf);
		if (ifc->ifc_buf && ifc->ifc_len > 0)
			s->ind_cap = min_size((size_t)ifc->ifc_len,
					      UNL_WIRE_IOCTL_MAX_IND);
	} else if (req == SIOCETHTOOL) {
		s->ptr_off = offsetof(struct ifreq, ifr_data);
		if (ifr->ifr_data)
			s->ind_len = s->ind_cap = min_size(
				ethtool_len(ifr->ifr_data),
				UNL_WIRE_IOCTL_MAX_IND);
	} else if (req == SIOCBRADDBR || req == SIOCBRDELBR) {
		s->arg_len = strnlen(arg, IFNAMSIZ - 1) + 1;
	} else if (req == SIOCGIFBR || req == SIOCSIFBR) {
		br_shape(arg, s);
	} else if (req == SIOCDARP || req == SIOCGARP || req == SIOCSARP) {
		s->arg_len = sizeof(struct arpreq);
	} else if ((req == SIOCADDRT || req == SIOCDELRT) &&
		   family == AF_INET6) {
		s->arg_len = sizeof(struct in6_rtmsg);
	} else if (req == SIOCADDRT || req == SIOCDELRT) {
		s->arg_len = sizeof(struct rtentry);
		s->ptr_off = offsetof(struct rtentry, rt_dev);
		if (rt->rt_dev) {
			s->ind_len = strnlen(rt->rt_dev, IFNAMSIZ - 1) + 1;
			s->ind_cap = IFNAMSIZ;
		}
	} else if (family == AF_INET6 &&
		   (req == SIOCSIFADDR || req == SIOCDIFADDR ||
		    req == SIOCSIFDSTADDR)) {
		s->arg_len = sizeof(struct in6_ifreq_);
	}
}

/* The pointer at off in arg. */
static void *ptr_at(const void *arg, int off)
{
	void *p;

	memcpy(&p, (const char *)arg + off, sizeof(p));
	return p;
}

/* What the answer writes back: the argument (its pointer kept) and
 * what the pointer names. */
static void copy_back(unsigned long req, void *arg, const struct shape *s,
		      const unsigned char *rep, int ret)
{
	void *user = s->ptr_off != UNL_WIRE_IOCTL_NO_PTR
			     ? ptr_at(arg, s->ptr_off)
			     : NULL;
	size_t n = s->ind_cap;

	if (req == SIOCBRADDBR || req == SIOCBRDELBR)
		return;
	memcpy(arg, rep, s->arg_len);
	if (s->ptr_off != UNL_WIRE_IOCTL_NO_PTR)
		memcpy((char *)arg + s->ptr_off, &user, sizeof(user));
	if (!user || !n)
		return;
	if (req == SIOCGIFCONF)
		n = min_size(n, (size_t)((struct ifconf *)arg)->ifc_len);
	else if (req == SIOCGIFBR)
		n = min_size(n, (size_t)ret * sizeof(int));
	else if (req == SIOCADDRT || req == SIOCDELRT || req == SIOCSIFBR)
		return; /* only read */
	memcpy(user, rep + s->arg_len, n);
}

/* One request on the wire, in the calling thread's net. */
static int ioctl_call(int family, unsigned long req, void *arg,
		      const struct shape *s, unsigned char *rep, size_t cap)
{
	struct unl_wire_ioctl h = { .arg_len = (uint32_t)s->arg_len,
				    .ptr_off = s->ptr_off,
				    .ind_len = (uint32_t)s->ind_len,
				    .ind_cap = (uint32_t)s->ind_cap };
	void *ind = s->ptr_off != UNL_WIRE_IOCTL_NO_PTR
			    ? ptr_at(arg, s->ptr_off)
			    : NULL;
	struct shim_nsref *net = shim_ns_current();
	struct shim_call c;
	struct iovec v[3] = { { &h, sizeof(h) }, { arg, s->arg_len },
			      { ind, ind ? s->ind_len : 0 } };
	int cs, ret;

	shim_call_init(&c, UNL_OP_IOCTL, NULL);
	c.req.a0 = family;
	c.req.a1 = (int32_t)req;
	c.head[0] = v[0];
	c.head[1] = v[1];
	c.iov = &v[2];
	c.iovcnt = 1;
	c.datalen = v[2].iov_len;
	c.fd_in = shim_ns_fd(net);
	c.record = true;
	c.rbuf = rep;
	c.rcap = cap;
	shim_conn_lock(&cs);
	ret = shim_conn_call(&c);
	shim_conn_unlock(cs);
	shim_ns_put(net);
	if (ret >= 0 && c.rgot != s->arg_len + s->ind_cap)
		return -EPROTO;
	return ret;
}

int shim_dev_ioctl(int fd, unsigned long req, void *arg)
{
	int family;
	socklen_t l = sizeof(family);
	unsigned char *rep;
	struct shape s;
	size_t cap;
	int ret;

	if (!forwarded(req))
		return 1;
	/* sock_ioctl() is the socket's: other files answer for
	 * themselves */
	if (shim_real.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &l) < 0)
		return 1;
	if (shim_table_has(fd))
		family = AF_NETLINK;
	if (!arg)
		return -EFAULT;
	shape_of(family, req, arg, &s);
	cap = s.arg_len + s.ind_cap;
	rep = malloc(cap ? cap : 1);
	if (!rep)
		return -ENOMEM;
	ret = ioctl_call(family, req, arg, &s, rep, cap);
	if (ret >= 0)
		copy_back(req, arg, &s, rep, ret);
	free(rep);
	return ret;
}
