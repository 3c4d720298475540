// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Network namespaces at scale, the kernel against unetlink's daemon:
 * one run, the same system calls on both sides, ratios printed.
 *
 * The workload, as `ip netns add` and `ip -n` do it:
 *
 *   bridge   a namespace "br" (named in /run/netns) with bridges brK,
 *            up, 10.K.0.1/16: one for each 1,000 namespaces, as a
 *            bridge has at most 1,023 ports (BR_MAX_PORTS)
 *   empty    N namespaces nsI, each: a file in /run/netns,
 *            unshare(CLONE_NEWNET), a bind mount of /proc/self/ns/net
 *            on the file, setns() back to "br"
 *   wired    for each: from "br", a veth pair vI -- eth0 with eth0 put
 *            into nsI (IFLA_NET_NS_FD) and vI enslaved to brK and up
 *            (one RTM_NEWLINK); then in nsI (setns, a socket): eth0 up,
 *            10.K.y.z/16 on it and a default route via 10.K.0.1
 *
 * and prints, per namespace, the time of each phase and the memory held
 * after it:
 *
 *   kernel:   the change in /proc/meminfo SUnreclaim + VmallocUsed +
 *             Percpu (system-wide: every unreclaimable slab, vmalloc and
 *             per-cpu byte; a namespace's SNMP counters are per cpu),
 *             after it stops moving (RCU frees)
 *   unetlink: the change in the daemon's VmRSS, and beside it the same
 *             kernel sum over the run (the files of the netns directory,
 *             the sockets; the daemon's own pages are not in it)
 *
 * The kernel side runs in a child in a fresh network and mount namespace
 * with a tmpfs on /run, so the host's namespaces and /run/netns are never
 * touched; it needs root (without it its column is skipped).  The
 * unetlink side is this program again under `unetlink run --private` (a
 * fresh daemon, the shim preloaded): /run/netns is the daemon's own.
 *
 *   bench-netns [--count N] [--cli PATH] [--side kernel|unetlink|both]
 *               [--check]
 *
 * --count: namespaces (10,000 by default).  --check: afterwards, read
 * every namespace back (its address and route, the bridge's ports) and
 * fail unless all are there; the test suite runs a small count this way.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "bench-common.h"

#define CHILD_FLAG "--measure"
#define NETNS_DIR "/run/netns"
#define DEFAULT_COUNT 10000
#define PORTS_PER_BRIDGE 1000

static int count = DEFAULT_COUNT;
static bool check;

/* What one side measured; < 0 for what could not be measured. */
struct sample {
	double empty_us; /* per namespace: making the empty ones */
	double wire_us;  /* per namespace: its veth, address and route */
	double mem_empty; /* bytes per empty namespace */
	double mem_wired; /* bytes per wired namespace, all told */
	double kmem_empty; /* unetlink: the kernel sum's change, per ns */
	double kmem_wired;
	double checked;  /* 1 when --check found everything */
	double end_s;    /* when the program was done (CLOCK_MONOTONIC) */
	/* unetlink: from then until `unetlink run` returned, the private
	 * daemon having torn down every net and stopped */
	double stop_s;
};

static const struct bench_field sample_fields[] = {
	{ "empty_us", offsetof(struct sample, empty_us) },
	{ "wire_us", offsetof(struct sample, wire_us) },
	{ "mem_empty", offsetof(struct sample, mem_empty) },
	{ "mem_wired", offsetof(struct sample, mem_wired) },
	{ "kmem_empty", offsetof(struct sample, kmem_empty) },
	{ "kmem_wired", offsetof(struct sample, kmem_wired) },
	{ "checked", offsetof(struct sample, checked) },
	{ "end_s", offsetof(struct sample, end_s) },
	{ NULL, 0 },
};

/* ---- memory probes ---- */

/* Kernel memory that no shrinker gives back: unreclaimable slab, vmalloc
 * and per-cpu allocations. */
static double kernel_mem(void)
{
	double s = bench_proc_kb("/proc/meminfo", "SUnreclaim");
	double v = bench_proc_kb("/proc/meminfo", "VmallocUsed");
	double p = bench_proc_kb("/proc/meminfo", "Percpu");

	return s < 0 || v < 0 || p < 0 ? -1 : s + v + p;
}

/* Wait until the kernel's memory stops moving (objects freed after an
 * RCU grace period, a namespace's teardown on a workqueue), at most
 * limit seconds. */
static void kernel_settle(double limit)
{
	double last = kernel_mem(), t0 = now();

	while (now() - t0 < limit) {
		double m;

		usleep(200 * 1000);
		m = kernel_mem();
		if (m < 0 || (m > last - 64 * 1024 && m < last + 64 * 1024))
			break;
		last = m;
	}
}

/* The memory of the stack now: the daemon's VmRSS (dpid), or the
 * kernel's (dpid 0). */
static double stack_mem(pid_t dpid)
{
	char path[64];

	if (!dpid)
		return kernel_mem();
	snprintf(path, sizeof(path), "/proc/%d/status", (int)dpid);
	return bench_proc_kb(path, "VmRSS");
}

/* ---- rtnetlink requests ---- */

/* A request being written: a header and its attributes. */
struct req {
	union {
		struct nlmsghdr nh;
		uint8_t raw[1024];
	};
};

static uint32_t seq;

static void *req_init(struct req *r, uint16_t type, uint16_t flags,
		      size_t hdrlen)
{
	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = (uint32_t)NLMSG_LENGTH(hdrlen);
	r->nh.nlmsg_type = type;
	r->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->nh.nlmsg_seq = ++seq;
	return NLMSG_DATA(&r->nh);
}

static struct rtattr *attr_put(struct req *r, uint16_t type, const void *data,
			       size_t len)
{
	struct rtattr *a =
		(struct rtattr *)(r->raw + NLMSG_ALIGN(r->nh.nlmsg_len));

	a->rta_type = type;
	a->rta_len = (uint16_t)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	r->nh.nlmsg_len = (uint32_t)(NLMSG_ALIGN(r->nh.nlmsg_len) +
				     RTA_ALIGN(a->rta_len));
	return a;
}

static void attr_put_u32(struct req *r, uint16_t type, uint32_t v)
{
	attr_put(r, type, &v, sizeof(v));
}

static void attr_end(struct req *r, struct rtattr *nest)
{
	nest->rta_len = (uint16_t)(r->raw + r->nh.nlmsg_len - (uint8_t *)nest);
}

/* Send r and read its ACK: 0 or the request's -errno.  A reply before
 * the ACK (a GETLINK's answer) goes to *reply when given. */
static int transact(int fd, struct req *r, void *reply, size_t rlen)
{
	uint8_t buf[8192];

	if (send(fd, &r->nh, r->nh.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		int rem = (int)n;

		if (n < 0)
			return -errno;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf;
		     NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
			if (h->nlmsg_seq != r->nh.nlmsg_seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (reply)
				memcpy(reply, h,
				       h->nlmsg_len < rlen ? h->nlmsg_len : rlen);
			if (!(r->nh.nlmsg_flags & NLM_F_ACK))
				return 0;
		}
	}
}

static int rtnl_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	return fd < 0 ? -errno : fd;
}

/* The ifindex of name, by RTM_GETLINK as `ip` asks; -errno if none. */
static int link_index(int fd, const char *name)
{
	struct req r;
	union {
		struct nlmsghdr nh;
		uint8_t b[4096];
	} rep;
	int err;

	req_init(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	r.nh.nlmsg_flags &= (uint16_t)~NLM_F_ACK;
	attr_put(&r, IFLA_IFNAME, name, strlen(name) + 1);
	err = transact(fd, &r, &rep, sizeof(rep));
	if (err)
		return err;
	return rep.nh.nlmsg_type == RTM_NEWLINK
		       ? ((struct ifinfomsg *)NLMSG_DATA(&rep.nh))->ifi_index
		       : -ENODEV;
}

/* RTM_NEWLINK on ifindex: up. */
static int link_up(int fd, int ifindex)
{
	struct req r;
	struct ifinfomsg *ifi = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifi));

	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return transact(fd, &r, NULL, 0);
}

static int addr_add(int fd, int ifindex, uint32_t addr, int plen)
{
	struct req r;
	struct ifaddrmsg *ifa = req_init(&r, RTM_NEWADDR,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*ifa));
	uint32_t a = htonl(addr);

	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	attr_put(&r, IFA_LOCAL, &a, 4);
	attr_put(&r, IFA_ADDRESS, &a, 4);
	return transact(fd, &r, NULL, 0);
}

/* The bridge namespace i is a port of, and the addresses of both:
 * 10.K.0.1 for bridge K, 10.K.0.2 onwards for its ports' namespaces. */
static int bridge_of(int i)
{
	return i / PORTS_PER_BRIDGE;
}

static uint32_t bridge_addr(int k)
{
	return 0x0a000001u | (uint32_t)k << 16;
}

static uint32_t ns_addr(int i)
{
	return bridge_addr(bridge_of(i)) + 1 + (uint32_t)(i % PORTS_PER_BRIDGE);
}

/* `ip link add brK up type bridge`; 10.K.0.1/16 on it.  Its ifindex. */
static int bridge_add(int fd, int k)
{
	struct req r;
	struct ifinfomsg *ifi = req_init(&r, RTM_NEWLINK,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*ifi));
	struct rtattr *li;
	char name[IFNAMSIZ];
	int err, br;

	snprintf(name, sizeof(name), "br%d", k);
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	attr_put(&r, IFLA_IFNAME, name, strlen(name) + 1);
	li = attr_put(&r, IFLA_LINKINFO, NULL, 0);
	attr_put(&r, IFLA_INFO_KIND, "bridge", 7);
	attr_end(&r, li);
	err = transact(fd, &r, NULL, 0);
	if (err)
		return err;
	br = link_index(fd, name);
	if (br < 0)
		return br;
	err = addr_add(fd, br, bridge_addr(k), 16);
	return err ? err : br;
}

/* Every bridge the namespaces need, their ifindexes in br[]. */
static int bridges_add(int fd, int *br)
{
	for (int k = 0; k <= bridge_of(count - 1); k++) {
		br[k] = bridge_add(fd, k);
		if (br[k] < 0)
			return br[k];
	}
	return 0;
}

/* From the bridge's net: vI, enslaved to br (brK) and up, with its peer
 * eth0 in the net of nsfd (`ip link add vI master brK up type veth peer
 * name eth0 netns nsI`). */
static int veth_add(int fd, int i, int br, int nsfd)
{
	struct req r;
	struct ifinfomsg *ifi = req_init(&r, RTM_NEWLINK,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*ifi));
	struct ifinfomsg peer = { .ifi_family = AF_UNSPEC };
	struct rtattr *li, *data, *pi;
	char name[IFNAMSIZ];

	snprintf(name, sizeof(name), "v%d", i);
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	attr_put(&r, IFLA_IFNAME, name, strlen(name) + 1);
	attr_put_u32(&r, IFLA_MASTER, (uint32_t)br);
	li = attr_put(&r, IFLA_LINKINFO, NULL, 0);
	attr_put(&r, IFLA_INFO_KIND, "veth", 5);
	data = attr_put(&r, IFLA_INFO_DATA, NULL, 0);
	pi = attr_put(&r, VETH_INFO_PEER, &peer, sizeof(peer));
	attr_put(&r, IFLA_IFNAME, "eth0", 5);
	attr_put_u32(&r, IFLA_NET_NS_FD, (uint32_t)nsfd);
	attr_end(&r, pi);
	attr_end(&r, data);
	attr_end(&r, li);
	return transact(fd, &r, NULL, 0);
}

/* In the current net: eth0 up, its address, a default route. */
static int ns_configure(int i)
{
	struct req r;
	struct rtmsg *rtm;
	uint32_t gw = htonl(bridge_addr(bridge_of(i)));
	int fd = rtnl_open(), idx, err;

	if (fd < 0)
		return fd;
	idx = link_index(fd, "eth0");
	err = idx < 0 ? idx : link_up(fd, idx);
	if (!err)
		err = addr_add(fd, idx, ns_addr(i), 16);
	if (!err) {
		rtm = req_init(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
			       sizeof(*rtm));
		rtm->rtm_family = AF_INET;
		rtm->rtm_table = RT_TABLE_MAIN;
		rtm->rtm_protocol = RTPROT_BOOT;
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
		rtm->rtm_type = RTN_UNICAST;
		attr_put(&r, RTA_GATEWAY, &gw, 4);
		attr_put_u32(&r, RTA_OIF, (uint32_t)idx);
		err = transact(fd, &r, NULL, 0);
	}
	close(fd);
	return err;
}

/* ---- namespaces, as `ip netns add` makes them ---- */

static void ns_path(char *buf, size_t len, int i)
{
	if (i < 0)
		snprintf(buf, len, NETNS_DIR "/br");
	else
		snprintf(buf, len, NETNS_DIR "/ns%d", i);
}

/* netns_add(): a file, a new net, the net bound on the file.  The
 * caller is left in the new net. */
static int ns_add(int i)
{
	char path[64];
	int fd;

	/* the directory first, as ip netns add makes it (it is not there
	 * on a fresh machine, nor in a fresh daemon) */
	if (mkdir(NETNS_DIR, 0755) < 0 && errno != EEXIST)
		return -errno;
	ns_path(path, sizeof(path), i);
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	close(fd);
	if (unshare(CLONE_NEWNET) < 0 ||
	    mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) < 0)
		return -errno;
	return 0;
}

static int ns_open(int i)
{
	char path[64];
	int fd;

	ns_path(path, sizeof(path), i);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static int ns_enter(int nsfd)
{
	return setns(nsfd, CLONE_NEWNET) < 0 ? -errno : 0;
}

/* ---- the workload ---- */

static const char *failed_step;

static int fail(const char *step, int err)
{
	if (err < 0 && !failed_step)
		failed_step = step;
	return err;
}

/* Namespace i, empty; back in the bridge's net (brfd) afterwards. */
static int make_empty(int i, int brfd)
{
	int err = ns_add(i);

	if (err)
		return fail("netns add", err);
	return fail("setns back", ns_enter(brfd));
}

/* Namespace i, wired to the bridge: as `ip link add ... netns nsI`, then
 * `ip -n nsI` three times. */
static int wire(int i, int brsk, const int *br, int brfd)
{
	int nsfd = ns_open(i), err;

	if (nsfd < 0)
		return fail("open the netns file", nsfd);
	err = fail("veth add", veth_add(brsk, i, br[bridge_of(i)], nsfd));
	if (!err)
		err = fail("setns", ns_enter(nsfd));
	if (!err) {
		err = fail("eth0 up, address, route", ns_configure(i));
		if (ns_enter(brfd) < 0 && !err)
			err = fail("setns back", -errno);
	}
	close(nsfd);
	return err;
}

/* ---- the check: every namespace as it should be ---- */

/* Count the messages of a dump in the current net that match. */
static long dump_count(int fd, uint16_t type, size_t hdrlen,
		       bool (*match)(const struct nlmsghdr *, void *),
		       void *arg)
{
	struct req r;
	uint8_t buf[32768];
	long n = 0;
	uint8_t *fam = req_init(&r, type, NLM_F_DUMP, hdrlen);

	*fam = AF_INET;
	r.nh.nlmsg_flags &= (uint16_t)~NLM_F_ACK;
	if (send(fd, &r.nh, r.nh.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);
		int rem = (int)got;

		if (got <= 0)
			return -EIO;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf;
		     NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return n;
			if (h->nlmsg_type == NLMSG_ERROR)
				return -EIO;
			if (match(h, arg))
				n++;
		}
	}
}

static const struct rtattr *attr_find(const struct nlmsghdr *h, size_t hdrlen,
				      uint16_t type)
{
	const struct rtattr *a =
		(const struct rtattr *)((const uint8_t *)NLMSG_DATA(h) +
					NLMSG_ALIGN(hdrlen));
	int rem = (int)h->nlmsg_len - (int)NLMSG_LENGTH(NLMSG_ALIGN(hdrlen));

	for (; RTA_OK(a, rem); a = RTA_NEXT(a, rem))
		if (a->rta_type == type)
			return a;
	return NULL;
}

static bool attr_is_u32(const struct rtattr *a, uint32_t v)
{
	uint32_t got;

	if (!a || RTA_PAYLOAD(a) < 4)
		return false;
	memcpy(&got, RTA_DATA(a), 4);
	return got == v;
}

/* the IPv4 address of namespace *i, /16 */
static bool is_ns_addr(const struct nlmsghdr *h, void *arg)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);

	return h->nlmsg_type == RTM_NEWADDR && ifa->ifa_prefixlen == 16 &&
	       attr_is_u32(attr_find(h, sizeof(*ifa), IFA_LOCAL),
			   htonl(ns_addr(*(int *)arg)));
}

/* the default route of the main table of namespace *i, via its bridge */
static bool is_default_route(const struct nlmsghdr *h, void *arg)
{
	const struct rtmsg *rtm = NLMSG_DATA(h);

	return h->nlmsg_type == RTM_NEWROUTE && rtm->rtm_dst_len == 0 &&
	       rtm->rtm_table == RT_TABLE_MAIN &&
	       attr_is_u32(attr_find(h, sizeof(*rtm), RTA_GATEWAY),
			   htonl(bridge_addr(bridge_of(*(int *)arg))));
}

/* a port, up, of a bridge: arg is the ifindexes of every bridge */
static bool is_bridge_port(const struct nlmsghdr *h, void *arg)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *m = attr_find(h, sizeof(*ifi), IFLA_MASTER);
	const int *br = arg;

	if (h->nlmsg_type != RTM_NEWLINK || !(ifi->ifi_flags & IFF_UP))
		return false;
	for (int k = 0; k <= bridge_of(count - 1); k++)
		if (attr_is_u32(m, (uint32_t)br[k]))
			return true;
	return false;
}

/* Namespace i has its address and its default route. */
static bool check_ns(int i, int brfd)
{
	int nsfd = ns_open(i), fd = -1;
	bool ok = false;

	if (nsfd >= 0 && ns_enter(nsfd) == 0)
		fd = rtnl_open();
	if (fd >= 0)
		ok = dump_count(fd, RTM_GETADDR, sizeof(struct ifaddrmsg),
				is_ns_addr, &i) == 1 &&
		     dump_count(fd, RTM_GETROUTE, sizeof(struct rtmsg),
				is_default_route, &i) == 1;
	if (fd >= 0)
		close(fd);
	if (nsfd >= 0)
		close(nsfd);
	if (ns_enter(brfd) < 0)
		return false;
	if (!ok)
		fprintf(stderr, "bench-netns: ns%d lacks its address or its "
				"default route\n", i);
	return ok;
}

/* Every namespace as it should be, and a bridge port up for each. */
static bool check_all(int brsk, int *br, int brfd)
{
	long ports = dump_count(brsk, RTM_GETLINK, sizeof(struct ifinfomsg),
				is_bridge_port, br);
	int bad = 0;

	if (ports != count) {
		fprintf(stderr, "bench-netns: the bridges have %ld ports up, "
				"not %d\n",
			ports, count);
		bad++;
	}
	for (int i = 0; i < count && bad < 10; i++)
		bad += !check_ns(i, brfd);
	return !bad;
}

/* ---- one side ---- */

/*
 * The whole workload on whatever stack this process talks to, the
 * numbers to stdout as "key value" lines.  dpid is the daemon to watch,
 * or 0 for the kernel.  1 when something failed.
 */
static int measure(pid_t dpid)
{
	struct sample s = { -1, -1, -1, -1, -1, -1, -1, -1, -1 };
	int brfd, brsk = -1, err, *br = calloc((size_t)bridge_of(count) + 1,
						  sizeof(int));
	double m0, m1, m2, k0, k1, k2, t0, t1, t2;

	err = fail("netns add br", ns_add(-1));
	brfd = err ? err : ns_open(-1);
	if (brfd >= 0)
		brsk = rtnl_open();
	if (brsk >= 0)
		err = fail("the bridges", br ? bridges_add(brsk, br) : -ENOMEM);
	if (brfd < 0 || brsk < 0 || err) {
		fprintf(stderr, "bench-netns: setting up the bridges: %s\n",
			strerror(-(brfd < 0 ? brfd : brsk < 0 ? brsk : err)));
		return 1;
	}
	if (!dpid)
		kernel_settle(5);
	k0 = kernel_mem();
	m0 = stack_mem(dpid);
	t0 = now();
	for (int i = 0; i < count && !err; i++)
		err = make_empty(i, brfd);
	t1 = now();
	if (!dpid)
		kernel_settle(10);
	k1 = kernel_mem();
	m1 = stack_mem(dpid);
	for (int i = 0; i < count && !err; i++)
		err = wire(i, brsk, br, brfd);
	t2 = now();
	if (!dpid)
		kernel_settle(10);
	k2 = kernel_mem();
	m2 = stack_mem(dpid);
	if (err) {
		fprintf(stderr, "bench-netns: %s: %s\n", failed_step,
			strerror(-err));
		free(br);
		return 1;
	}
	s.empty_us = (t1 - t0) / count * 1e6;
	s.wire_us = (t2 - t1) / count * 1e6;
	if (m0 >= 0 && m1 >= 0 && m2 >= 0) {
		s.mem_empty = (m1 - m0) / count;
		s.mem_wired = (m2 - m0) / count;
	}
	if (dpid && k0 >= 0 && k1 >= 0 && k2 >= 0) {
		s.kmem_empty = (k1 - k0) / count;
		s.kmem_wired = (k2 - k0) / count;
	}
	if (check)
		s.checked = check_all(brsk, br, brfd) ? 1 : 0;
	s.end_s = now();
	bench_put(sample_fields, &s);
	free(br);
	return check && s.checked != 1;
}

/* The kernel side: a child in a fresh network and mount namespace, with
 * a tmpfs on /run: the host's /run/netns is never seen.  The namespaces
 * go with it.  -EPERM when namespaces are not ours to make. */
static int run_kernel(struct sample *s)
{
	int fd, err;
	pid_t pid = bench_spawn(NULL, &fd);

	if (pid < 0)
		return (int)pid;
	if (pid == 0) {
		if (unshare(CLONE_NEWNET | CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("tmpfs", "/run", "tmpfs", 0, "mode=0755") < 0 ||
		    mkdir(NETNS_DIR, 0755) < 0) {
			fprintf(stderr, "bench-netns: the kernel side: %s\n",
				strerror(errno));
			_exit(3);
		}
		err = measure(0);
		fflush(stdout);
		_exit(err);
	}
	return bench_collect(pid, fd, sample_fields, s);
}

/* The unetlink side: this program under `unetlink run --private`. */
static int run_unetlink(const char *cli, const char *self, struct sample *s)
{
	const char *argv[12];
	char uid[32], n[32];
	int k = 0, err;

	snprintf(n, sizeof(n), "%d", count);
	argv[k++] = cli;
	argv[k++] = "run";
	argv[k++] = "--private";
	if (geteuid() != 0) {
		/* CAP_SYS_ADMIN and CAP_NET_ADMIN in the private daemon */
		snprintf(uid, sizeof(uid), "%u", (unsigned int)getuid());
		argv[k++] = "--admin-uid";
		argv[k++] = uid;
	}
	argv[k++] = "--";
	argv[k++] = self;
	argv[k++] = CHILD_FLAG;
	argv[k++] = n;
	argv[k++] = check ? "check" : "nocheck";
	argv[k] = NULL;
	err = bench_rerun(argv, sample_fields, s);
	s->stop_s = s->end_s >= 0 ? now() - s->end_s : -1;
	return err;
}

/* ---- the report ---- */

static void row(const char *name, double k, double u, const char *note)
{
	bench_row(34, 10, name, k, u, note);
}

static void print_side(const char *side, const struct sample *s, bool ok)
{
	if (!ok) {
		fprintf(stderr, "  %-8s skipped\n", side);
		return;
	}
	fprintf(stderr, "  %-8s empty %.1f us, wire %.1f us, memory %.0f / "
			"%.0f B per ns",
		side, s->empty_us, s->wire_us, s->mem_empty, s->mem_wired);
	if (s->kmem_empty >= 0)
		fprintf(stderr, " (kernel meanwhile %.0f / %.0f B)",
			s->kmem_empty, s->kmem_wired);
	fprintf(stderr, "%s\n",
		!check ? "" : s->checked == 1 ? ", checked" : ", CHECK FAILED");
}

static void report(const struct sample *k, const struct sample *u)
{
	printf("%-34s %10s %10s %8s\n", "per namespace", "kernel", "unetlink",
	       "ratio");
	row("make an empty one (us)", k->empty_us, u->empty_us,
	    "(unetlink/kernel time)");
	row("memory of an empty one (KiB)", k->mem_empty / 1024,
	    u->mem_empty / 1024, "(unetlink/kernel size)");
	row("wire it: veth, addr, route (us)", k->wire_us, u->wire_us,
	    "(unetlink/kernel time)");
	row("memory of a wired one (KiB)", k->mem_wired / 1024,
	    u->mem_wired / 1024, "(unetlink/kernel size)");
	if (u->stop_s >= 0)
		printf("\nunetlink: the daemon tore down its %d nets and "
		       "stopped %.2f s after the program\nended\n",
		       count, u->stop_s);
	if (u->kmem_empty >= 0)
		printf("\nunetlink's kernel memory meanwhile (files of the "
		       "netns directory, sockets):\n"
		       "  %.2f KiB per empty namespace, %.2f KiB per wired one\n",
		       u->kmem_empty / 1024, u->kmem_wired / 1024);
	printf("\n%d namespaces, each made as `ip netns add` makes one "
	       "(unshare, bind mount),\nthen wired from a bridge namespace: a "
	       "veth pair into it (RTM_NEWLINK with\nIFLA_NET_NS_FD and "
	       "IFLA_MASTER; a bridge per 1,000), and in it eth0 up,\n"
	       "10.K.y.z/16, a default route.\nmemory: the change over the phases, per namespace; "
	       "kernel: /proc/meminfo\nSUnreclaim + VmallocUsed + Percpu "
	       "(system-wide), unetlink: the daemon's VmRSS.\n",
	       count);
}

static int parse_args(int argc, char **argv, const char **cli, int *sides)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cli") && i + 1 < argc) {
			*cli = argv[++i];
		} else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
			count = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--side") && i + 1 < argc) {
			i++;
			*sides = !strcmp(argv[i], "kernel")	? 1
				 : !strcmp(argv[i], "unetlink") ? 2
				 : !strcmp(argv[i], "both")	? 3
								: 0;
		} else if (!strcmp(argv[i], "--check")) {
			check = true;
		} else {
			*sides = 0;
		}
		if (!*sides || count <= 0 || count > 1000000) {
			fprintf(stderr,
				"usage: bench-netns [--count N] [--cli PATH] "
				"[--side kernel|unetlink|both] [--check]\n");
			return -EINVAL;
		}
	}
	return 0;
}

/* Room for the descriptors of the daemon (a few per namespace while it
 * works) and ours, inherited by the children. */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	struct sample none = { -1, -1, -1, -1, -1, -1, -1, -1, -1 }, k = none,
		      u = none;
	char self[BENCH_PATH_MAX], cli_buf[BENCH_PATH_MAX + 32];
	const char *cli = NULL;
	int sides = 3, bad = 0;

	if (argc == 4 && !strcmp(argv[1], CHILD_FLAG)) {
		const char *sock = getenv("UNETLINK_SOCKET");
		pid_t dpid = sock ? bench_daemon_pid(sock) : -ENOENT;

		count = atoi(argv[2]);
		check = !strcmp(argv[3], "check");
		if (dpid < 0 || count <= 0) {
			fprintf(stderr, "bench-netns: %s outside unetlink run\n",
				CHILD_FLAG);
			return 1;
		}
		return measure(dpid);
	}
	if (parse_args(argc, argv, &cli, &sides))
		return 2;
	if (bench_locate(self, &cli, cli_buf) < 0) {
		perror("bench-netns: /proc/self/exe");
		return 1;
	}
	raise_nofile();
	/* unetlink first: the kernel tears its namespaces down on a
	 * workqueue for a while after its side ends. */
	if ((sides & 2) && run_unetlink(cli, self, &u) < 0) {
		fprintf(stderr, "bench-netns: the unetlink run failed\n");
		u = none;
		bad = 1;
	}
	if ((sides & 1) && run_kernel(&k) < 0) {
		fprintf(stderr, "bench-netns: the kernel side failed (it needs "
				"root for unshare -n and a mount namespace); "
				"its column is skipped\n");
		k = none;
		bad |= check;
	}
	fprintf(stderr, "bench-netns: each side:\n");
	print_side("kernel", &k, k.empty_us > 0);
	print_side("unetlink", &u, u.empty_us > 0);
	report(&k, &u);
	return bad;
}
