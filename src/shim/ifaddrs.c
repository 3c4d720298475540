// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * getifaddrs() and the if_* functions, answered from the userspace stack.
 *
 * glibc answers these with netlink or ioctl calls made inside libc, which
 * a preload cannot see: they would describe the kernel's interfaces while
 * every netlink socket of the program talks to unetlink.  Here they are
 * built from RTM_GETLINK and RTM_GETADDR dumps over a socket of our own,
 * so that the program sees one world.
 *
 * (The SIOCGIF* ioctls go to the daemon: ioctl.c.)  A failed dump is an empty list, not an error.  Failing to reach the
 * daemon is an error, as failing to open the netlink socket is in glibc.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <unistd.h>

#include "shim/shim.h"

struct link {
	int index;
	unsigned int flags;
	unsigned short type;
	char name[IF_NAMESIZE];
	unsigned char addr[32], brd[32];
	size_t addrlen, brdlen;
	bool has_stats;
	struct rtnl_link_stats stats;
	unsigned int mtu, txqlen;
};

struct addr {
	int family;
	int index;
	unsigned int prefixlen;
	unsigned char local[16], address[16], brd[16];
	bool has_local, has_address, has_brd;
	char label[IF_NAMESIZE];
};

struct view {
	struct link *links;
	size_t nlinks;
	struct addr *addrs;
	size_t naddrs;
};

struct nl {
	int fd;
	struct shim_sock *sk;
	uint32_t seq;
};

static int nl_open(struct nl *nl)
{
	struct timeval tv = { .tv_sec = SHIM_CALL_TIMEOUT_MS / 1000 };
	int err;

	shim_real_ensure();
	err = sock_create(SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE, &nl->fd);
	if (err < 0)
		return err;
	nl->sk = shim_sock_get(nl->fd);
	if (!nl->sk) {
		shim_real.close(nl->fd);
		return -EBADF;
	}
	/* Bound every wait, on the data socket itself: nothing here may
	 * hang the program. */
	shim_real.setsockopt(nl->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	nl->seq = (uint32_t)time(NULL);
	return 0;
}

static void nl_close(struct nl *nl)
{
	struct shim_sock *slot = shim_table_take(nl->fd);

	shim_real.close(nl->fd);
	shim_sock_put(slot);
	shim_sock_put(nl->sk);
}

typedef int (*nl_cb)(const struct nlmsghdr *h, void *arg);

/*
 * One request, each message of its answer with our sequence number to cb:
 * a dump until NLMSG_DONE, a plain request until its one answer.  Returns
 * 0, or -errno from the NLMSG_ERROR that ended it, from cb or from the
 * transport.
 */
static int nl_talk(struct nl *nl, struct nlmsghdr *req, bool dump, nl_cb cb,
		   void *arg)
{
	struct iovec v = { req, req->nlmsg_len };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };
	const size_t cap = 64 * 1024;
	unsigned char *buf;
	uint32_t seq = ++nl->seq;
	ssize_t r;
	int err = 0;
	bool done = false;

	req->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
	req->nlmsg_seq = seq;
	r = sock_sendmsg(nl->sk, nl->fd, &m, 0);
	if (r < 0)
		return (int)r;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	while (!done && !err) {
		struct iovec rv = { buf, cap };
		struct msghdr rm = { .msg_iov = &rv, .msg_iovlen = 1 };
		size_t len;

		r = sock_recvmsg(nl->sk, nl->fd, &rm, 0);
		if (r < 0) {
			err = (int)r;
			break;
		}
		if (rm.msg_flags & MSG_TRUNC) {
			err = -EMSGSIZE;
			break;
		}
		len = (size_t)r;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf;
		     NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					err = -EPROTO;
				else
					err = e->error ? e->error : 0;
				done = true;
				break;
			}
			err = cb(h, arg);
			if (err || !dump) {
				done = true;
				break;
			}
		}
	}
	free(buf);
	return err;
}

static int nl_dump(struct nl *nl, uint16_t type, uint8_t family, nl_cb cb,
		   void *arg)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg body; /* the larger of ifinfomsg/ifaddrmsg;
					  both start with the family */
	} req;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = type == RTM_GETADDR
				  ? NLMSG_LENGTH(sizeof(struct ifaddrmsg))
				  : NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.h.nlmsg_type = type;
	req.body.ifi_family = family;
	return nl_talk(nl, &req.h, true, cb, arg);
}

static void *grow(void *arr, size_t n, size_t size)
{
	/* Doubling at powers of two. */
	if (n & (n - 1))
		return arr;
	return realloc(arr, (n ? 2 * n : 8) * size);
}

static int on_link(const struct nlmsghdr *h, void *arg)
{
	struct view *vw = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct link *l, *arr;
	size_t alen;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return 0;
	arr = grow(vw->links, vw->nlinks, sizeof(*arr));
	if (!arr)
		return -ENOMEM;
	vw->links = arr;
	l = &arr[vw->nlinks];
	memset(l, 0, sizeof(*l));
	l->index = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	l->type = ifi->ifi_type;
	alen = h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
	for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen);
	     a = RTA_NEXT(a, alen)) {
		size_t n = RTA_PAYLOAD(a);

		switch (a->rta_type) {
		case IFLA_IFNAME:
			if (n > sizeof(l->name))
				n = sizeof(l->name);
			memcpy(l->name, RTA_DATA(a), n);
			l->name[sizeof(l->name) - 1] = '\0';
			break;
		case IFLA_ADDRESS:
			l->addrlen = n < sizeof(l->addr) ? n : sizeof(l->addr);
			memcpy(l->addr, RTA_DATA(a), l->addrlen);
			break;
		case IFLA_BROADCAST:
			l->brdlen = n < sizeof(l->brd) ? n : sizeof(l->brd);
			memcpy(l->brd, RTA_DATA(a), l->brdlen);
			break;
		case IFLA_MTU:
			if (n >= 4)
				memcpy(&l->mtu, RTA_DATA(a), 4);
			break;
		case IFLA_TXQLEN:
			if (n >= 4)
				memcpy(&l->txqlen, RTA_DATA(a), 4);
			break;
		case IFLA_STATS:
			l->has_stats = true;
			memcpy(&l->stats, RTA_DATA(a),
			       n < sizeof(l->stats) ? n : sizeof(l->stats));
			break;
		}
	}
	if (l->name[0])
		vw->nlinks++;
	return 0;
}

static int on_addr(const struct nlmsghdr *h, void *arg)
{
	struct view *vw = arg;
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct addr *ad, *arr;
	size_t alen, want;

	if (h->nlmsg_type != RTM_NEWADDR ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return 0;
	if (ifa->ifa_family == AF_INET)
		want = 4;
	else if (ifa->ifa_family == AF_INET6)
		want = 16;
	else
		return 0;
	arr = grow(vw->addrs, vw->naddrs, sizeof(*arr));
	if (!arr)
		return -ENOMEM;
	vw->addrs = arr;
	ad = &arr[vw->naddrs];
	memset(ad, 0, sizeof(*ad));
	ad->family = ifa->ifa_family;
	ad->index = (int)ifa->ifa_index;
	ad->prefixlen = ifa->ifa_prefixlen;
	alen = h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifa));
	for (const struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, alen);
	     a = RTA_NEXT(a, alen)) {
		size_t n = RTA_PAYLOAD(a);

		switch (a->rta_type) {
		case IFA_ADDRESS:
			if (n == want) {
				memcpy(ad->address, RTA_DATA(a), n);
				ad->has_address = true;
			}
			break;
		case IFA_LOCAL:
			if (n == want) {
				memcpy(ad->local, RTA_DATA(a), n);
				ad->has_local = true;
			}
			break;
		case IFA_BROADCAST:
			if (n == want) {
				memcpy(ad->brd, RTA_DATA(a), n);
				ad->has_brd = true;
			}
			break;
		case IFA_LABEL:
			if (n > sizeof(ad->label))
				n = sizeof(ad->label);
			memcpy(ad->label, RTA_DATA(a), n);
			ad->label[sizeof(ad->label) - 1] = '\0';
			break;
		}
	}
	if (ad->has_address || ad->has_local)
		vw->naddrs++;
	return 0;
}

static void view_free(struct view *vw)
{
	free(vw->links);
	free(vw->addrs);
	memset(vw, 0, sizeof(*vw));
}

/*
 * Fill vw from the stack.  -errno only when there is no stack to ask;
 * a dump the stack refuses leaves the view empty (links) or without
 * addresses.
 */
static int view_load(struct view *vw, bool addrs)
{
	struct nl nl;
	int err;

	memset(vw, 0, sizeof(*vw));
	err = nl_open(&nl);
	if (err < 0)
		return err;
	err = nl_dump(&nl, RTM_GETLINK, AF_UNSPEC, on_link, vw);
	if (err == -ENOMEM)
		goto fail;
	if (err < 0)
		vw->nlinks = 0;
	if (addrs && vw->nlinks) {
		err = nl_dump(&nl, RTM_GETADDR, AF_UNSPEC, on_addr, vw);
		if (err == -ENOMEM)
			goto fail;
		if (err < 0)
			vw->naddrs = 0;
	}
	nl_close(&nl);
	return 0;
fail:
	nl_close(&nl);
	view_free(vw);
	return err;
}

/*
 * One link, by index (name NULL) or by name, into vw: an RTM_GETLINK of
 * that link, not a dump, so that a lookup costs the same with a thousand
 * links as with one.  -ENODEV when there is no such link.
 */
static int view_load_link(struct view *vw, int index, const char *name)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
		struct rtattr a;
		char name[IF_NAMESIZE];
	} req;
	struct nl nl;
	int err;

	memset(vw, 0, sizeof(*vw));
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.h.nlmsg_type = RTM_GETLINK;
	req.ifi.ifi_index = index;
	if (name) {
		size_t n = strnlen(name, IF_NAMESIZE - 1);

		req.a.rta_type = IFLA_IFNAME;
		req.a.rta_len = (unsigned short)RTA_LENGTH(n + 1);
		memcpy(req.name, name, n);
		req.h.nlmsg_len = NLMSG_ALIGN(req.h.nlmsg_len) +
				  RTA_ALIGN(req.a.rta_len);
	}
	err = nl_open(&nl);
	if (err < 0)
		return err;
	err = nl_talk(&nl, &req.h, false, on_link, vw);
	nl_close(&nl);
	if (err == -ENOMEM) {
		view_free(vw);
		return err;
	}
	if (err < 0 || !vw->nlinks) {
		view_free(vw);
		return -ENODEV;
	}
	return 0;
}

static const struct link *link_by_index(const struct view *vw, int index)
{
	for (size_t i = 0; i < vw->nlinks; i++)
		if (vw->links[i].index == index)
			return &vw->links[i];
	return NULL;
}

/* The device view_load_link() found by name: the one the stack
 * answered with, whose altname the name may be (dev_get_by_name()
 * finds both). */
static const struct link *link_named(const struct view *vw, const char *name)
{
	if (vw->nlinks == 1)
		return &vw->links[0];
	for (size_t i = 0; i < vw->nlinks; i++)
		if (!strncmp(vw->links[i].name, name, IF_NAMESIZE))
			return &vw->links[i];
	return NULL;
}

/* ---- getifaddrs -------------------------------------------------- */

union sa_any {
	struct sockaddr sa;
	struct sockaddr_ll ll;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* One entry and everything it points to, so that the list is one
 * allocation and freeifaddrs() one free(). */
struct ifa_store {
	struct ifaddrs ifa;
	union sa_any addr, mask, brd;
	char name[IF_NAMESIZE];
	struct rtnl_link_stats stats;
};

static void fill_ll(struct sockaddr_ll *ll, const struct link *l,
		    const unsigned char *a, size_t n)
{
	ll->sll_family = AF_PACKET;
	ll->sll_ifindex = l->index;
	ll->sll_hatype = l->type;
	ll->sll_halen = (unsigned char)(n < sizeof(ll->sll_addr)
						? n
						: sizeof(ll->sll_addr));
	memcpy(ll->sll_addr, a, ll->sll_halen);
}

static void fill_ip(union sa_any *sa, int family, const unsigned char *a,
		    int index)
{
	if (family == AF_INET) {
		sa->in.sin_family = AF_INET;
		memcpy(&sa->in.sin_addr, a, 4);
		return;
	}
	sa->in6.sin6_family = AF_INET6;
	memcpy(&sa->in6.sin6_addr, a, 16);
	/* Link-local addresses need the interface to mean anything. */
	if (IN6_IS_ADDR_LINKLOCAL(&sa->in6.sin6_addr) ||
	    IN6_IS_ADDR_MC_LINKLOCAL(&sa->in6.sin6_addr))
		sa->in6.sin6_scope_id = (uint32_t)index;
}

static void fill_mask(union sa_any *sa, int family, unsigned int prefix)
{
	unsigned char *p;
	unsigned int max = family == AF_INET ? 32 : 128;

	if (prefix > max)
		prefix = max;
	if (family == AF_INET) {
		sa->in.sin_family = AF_INET;
		p = (unsigned char *)&sa->in.sin_addr;
	} else {
		sa->in6.sin6_family = AF_INET6;
		p = (unsigned char *)&sa->in6.sin6_addr;
	}
	for (unsigned int i = 0; i < prefix / 8; i++)
		p[i] = 0xff;
	if (prefix % 8)
		p[prefix / 8] = (unsigned char)(0xff00u >> (prefix % 8));
}

static void build_link(struct ifa_store *s, const struct link *l)
{
	memcpy(s->name, l->name, sizeof(s->name));
	s->ifa.ifa_name = s->name;
	s->ifa.ifa_flags = l->flags;
	fill_ll(&s->addr.ll, l, l->addr, l->addrlen);
	s->ifa.ifa_addr = &s->addr.sa;
	if (l->brdlen) {
		fill_ll(&s->brd.ll, l, l->brd, l->brdlen);
		s->ifa.ifa_broadaddr = &s->brd.sa;
	}
	if (l->has_stats) {
		s->stats = l->stats;
		s->ifa.ifa_data = &s->stats;
	}
}

static bool build_addr(struct ifa_store *s, const struct view *vw,
		       const struct addr *ad)
{
	const struct link *l = link_by_index(vw, ad->index);
	const unsigned char *a = ad->has_local ? ad->local : ad->address;

	/* IPv4 labels name aliases ("eth0:1"), as glibc reports them. */
	if (ad->family == AF_INET && ad->label[0])
		memcpy(s->name, ad->label, sizeof(s->name));
	else if (l)
		memcpy(s->name, l->name, sizeof(s->name));
	else
		return false;
	s->ifa.ifa_name = s->name;
	s->ifa.ifa_flags = l ? l->flags : 0;
	fill_ip(&s->addr, ad->family, a, ad->index);
	s->ifa.ifa_addr = &s->addr.sa;
	fill_mask(&s->mask, ad->family, ad->prefixlen);
	s->ifa.ifa_netmask = &s->mask.sa;
	/* IFA_ADDRESS differing from IFA_LOCAL is the peer of a
	 * point-to-point link; otherwise IFA_BROADCAST. */
	if (ad->has_local && ad->has_address &&
	    memcmp(ad->local, ad->address, ad->family == AF_INET ? 4 : 16)) {
		fill_ip(&s->brd, ad->family, ad->address, ad->index);
		s->ifa.ifa_dstaddr = &s->brd.sa;
	} else if (ad->has_brd) {
		fill_ip(&s->brd, ad->family, ad->brd, ad->index);
		s->ifa.ifa_broadaddr = &s->brd.sa;
	}
	return true;
}

static int ifaddrs_get(struct ifaddrs **out)
{
	struct ifa_store *st, *prev = NULL;
	struct view vw;
	size_t n = 0;
	int err;

	*out = NULL;
	err = view_load(&vw, true);
	if (err < 0)
		return err;
	if (!vw.nlinks) {
		view_free(&vw);
		return 0;
	}
	st = calloc(vw.nlinks + vw.naddrs, sizeof(*st));
	if (!st) {
		view_free(&vw);
		return -ENOMEM;
	}
	/* Links first, then addresses, as glibc orders them. */
	for (size_t i = 0; i < vw.nlinks; i++)
		build_link(&st[n++], &vw.links[i]);
	for (size_t i = 0; i < vw.naddrs; i++) {
		if (build_addr(&st[n], &vw, &vw.addrs[i]))
			n++;
		else
			memset(&st[n], 0, sizeof(st[n]));
	}
	for (size_t i = 0; i < n; i++) {
		if (prev)
			prev->ifa.ifa_next = &st[i].ifa;
		prev = &st[i];
	}
	view_free(&vw);
	*out = &st->ifa;
	return 0;
}

SHIM_EXPORT int getifaddrs(struct ifaddrs **ifap)
{
	return (int)shim_ret(ifaddrs_get(ifap));
}

SHIM_EXPORT void freeifaddrs(struct ifaddrs *ifa)
{
	/* The first entry is the start of the one allocation. */
	free(ifa);
}

/* ---- if_nametoindex and friends ---------------------------------- */

static int name_to_index(const char *name)
{
	struct view vw;
	const struct link *l;
	int err = view_load_link(&vw, 0, name), index;

	if (err < 0)
		return err;
	l = link_named(&vw, name);
	index = l ? l->index : -ENODEV;
	view_free(&vw);
	return index;
}

static int index_to_name(unsigned int index, char *buf)
{
	struct view vw;
	const struct link *l;
	int err;

	/* glibc turns "no such device" into ENXIO here. */
	if (!index || index > INT32_MAX)
		return -ENXIO;
	err = view_load_link(&vw, (int)index, NULL);
	if (err < 0)
		return err == -ENODEV ? -ENXIO : err;
	l = link_by_index(&vw, (int)index);
	err = l ? 0 : -ENXIO;
	if (l)
		memcpy(buf, l->name, IF_NAMESIZE);
	view_free(&vw);
	return err;
}

static int name_index(struct if_nameindex **out)
{
	struct if_nameindex *arr;
	struct view vw;
	char *names;
	int err = view_load(&vw, false);

	if (err < 0)
		return err;
	/* The array, then the names: one allocation. */
	arr = calloc(1, (vw.nlinks + 1) * sizeof(*arr) +
			       vw.nlinks * IF_NAMESIZE);
	if (!arr) {
		view_free(&vw);
		return -ENOMEM;
	}
	names = (char *)(arr + vw.nlinks + 1);
	for (size_t i = 0; i < vw.nlinks; i++) {
		arr[i].if_index = (unsigned int)vw.links[i].index;
		arr[i].if_name = names + i * IF_NAMESIZE;
		memcpy(arr[i].if_name, vw.links[i].name, IF_NAMESIZE);
	}
	view_free(&vw);
	*out = arr;
	return 0;
}

SHIM_EXPORT unsigned int if_nametoindex(const char *name)
{
	int r;

	if (!name || strlen(name) >= IF_NAMESIZE) {
		shim_ret(-ENODEV);
		return 0;
	}
	r = name_to_index(name);
	if (r < 0) {
		shim_ret(r);
		return 0;
	}
	return (unsigned int)r;
}

SHIM_EXPORT char *if_indextoname(unsigned int index, char buf[IF_NAMESIZE])
{
	int r = index_to_name(index, buf);

	if (r < 0) {
		shim_ret(r);
		return NULL;
	}
	return buf;
}

SHIM_EXPORT struct if_nameindex *if_nameindex(void)
{
	struct if_nameindex *arr = NULL;
	int r = name_index(&arr);

	if (r < 0) {
		shim_ret(r);
		return NULL;
	}
	return arr;
}

SHIM_EXPORT void if_freenameindex(struct if_nameindex *ptr)
{
	free(ptr);
}
