// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * unl_ioctl(): the socket ioctls answered from the model, their errors
 * (checked against Linux 6.18 in `unshare -n`), their effects and the
 * rtnetlink events they cause (portid 0, as Linux sends an ioctl's).
 * tests/rtnl-diff compares real tools (busybox, ethtool) with the
 * kernel.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "rtnl_helpers.h"

#include <linux/ethtool.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <linux/if_arp.h>
#include <linux/ipv6_route.h>
#include <linux/route.h>
#include <linux/sockios.h>
#include <linux/wireless.h>
#include <netinet/in.h>
#include <sys/socket.h>

static const struct unl_cred admin = { .caps = UNL_CAP(CAP_NET_ADMIN) };
static const struct unl_cred user = { .uid = 65534, .gid = 65534 };

static int io(struct fx *f, const struct unl_cred *who, int family,
	      unsigned long cmd, void *arg)
{
	return unl_ioctl(f->net, who, family, cmd, arg);
}

static struct ifreq req_named(const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	return ifr;
}

static struct ifreq req_addr(const char *name, const char *a)
{
	struct ifreq ifr = req_named(name);
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	sin->sin_family = AF_INET;
	inet_pton(AF_INET, a, &sin->sin_addr);
	return ifr;
}

static uint32_t req_in(const struct ifreq *ifr)
{
	return ntohl(((const struct sockaddr_in *)&ifr->ifr_addr)
			     ->sin_addr.s_addr);
}

/* the type and portid of the i-th event collected */
static void event_is(int i, int type)
{
	struct nlmsghdr *nlh = collected_msg(i);

	assert_int_equal(nlh->nlmsg_type, type);
	assert_int_equal(nlh->nlmsg_pid, 0);
	assert_int_equal(nlh->nlmsg_seq, 0);
}

static void test_flags(void **state)
{
	struct fx *f = *state;
	struct ifreq ifr = req_named("lo");

	assert_int_equal(io(f, &user, AF_INET, SIOCGIFFLAGS, &ifr), 0);
	assert_int_equal(ifr.ifr_flags, IFF_LOOPBACK);
	ifr.ifr_flags = IFF_UP | IFF_LOOPBACK;
	assert_int_equal(io(f, &user, AF_UNIX, SIOCSIFFLAGS, &ifr), -EPERM);
	assert_int_equal(io(f, &user, AF_INET, SIOCSIFFLAGS, &ifr), -EPERM);
	collect(f->mon);
	assert_int_equal(io(f, &admin, AF_NETLINK, SIOCSIFFLAGS, &ifr), 0);
	assert_true(collect(f->mon) >= 1);
	event_is(0, RTM_NEWLINK);
	assert_int_equal(io(f, &user, AF_INET6, SIOCGIFFLAGS, &ifr), 0);
	assert_int_equal(ifr.ifr_flags,
			 IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
	/* the same flags again change nothing and say nothing */
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFFLAGS, &ifr), 0);
	assert_int_equal(collect(f->mon), 0);
}

static void test_dev_errors(void **state)
{
	struct fx *f = *state;
	struct ifreq ifr = req_named("nope");

	assert_int_equal(io(f, &user, AF_INET, SIOCGIFMTU, &ifr), -ENODEV);
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFADDR, &ifr), -ENODEV);
	ifr = req_named("lo");
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFADDR, &ifr),
			 -EADDRNOTAVAIL);
	assert_int_equal(io(f, &user, AF_INET6, SIOCGIFADDR, &ifr), -ENOTTY);
	assert_int_equal(io(f, &user, AF_UNIX, SIOCGIFADDR, &ifr), -ENOTTY);
	assert_int_equal(io(f, &user, AF_PACKET, SIOCGIFADDR, &ifr),
			 -EADDRNOTAVAIL);
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFPFLAGS, &ifr), -EINVAL);
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFSLAVE, &ifr), -EINVAL);
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFMETRIC, &ifr),
			 -EOPNOTSUPP);
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFMAP, &ifr), -EOPNOTSUPP);
	assert_int_equal(io(f, &admin, AF_INET, SIOCGMIIPHY, &ifr),
			 -EOPNOTSUPP);
	assert_int_equal(io(f, &admin, AF_INET, SIOCADDMULTI, &ifr), -EINVAL);
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFMEM, &ifr), -ENOTTY);
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFCOUNT, &ifr), -ENOTTY);
	assert_int_equal(io(f, &user, AF_INET, SIOCDEVPRIVATE + 15, &ifr),
			 -EOPNOTSUPP);
	assert_int_equal(io(f, &user, AF_INET, SIOCRTMSG, &ifr), -EINVAL);
	/* no wireless extensions in "full"'s devices */
	assert_int_equal(io(f, &user, AF_INET, SIOCGIWNAME, &ifr),
			 -EOPNOTSUPP);
	ifr = req_named("nope");
	assert_int_equal(io(f, &user, AF_INET, SIOCGIWNAME, &ifr), -ENODEV);
}

static void test_dev_reads(void **state)
{
	struct fx *f = *state;
	struct ifreq ifr = req_named("lo:7");

	assert_int_equal(io(f, &user, AF_INET, SIOCGIFINDEX, &ifr), 0);
	assert_int_equal(ifr.ifr_ifindex, 1);
	assert_string_equal(ifr.ifr_name, "lo:7");
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFMTU, &ifr), 0);
	assert_int_equal(ifr.ifr_mtu, 65536);
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFTXQLEN, &ifr), 0);
	assert_int_equal(ifr.ifr_qlen, 1000);
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFHWADDR, &ifr), 0);
	assert_int_equal(ifr.ifr_hwaddr.sa_family, ARPHRD_LOOPBACK);
	ifr.ifr_ifindex = 1;
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFNAME, &ifr), 0);
	assert_string_equal(ifr.ifr_name, "lo");
	ifr.ifr_ifindex = 99;
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFNAME, &ifr), -ENODEV);
}

static void test_dev_changes(void **state)
{
	struct fx *f = *state;
	struct ifreq ifr;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	ifr = req_named("v0");
	ifr.ifr_mtu = 1400;
	collect(f->mon);
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFMTU, &ifr), 0);
	assert_int_equal(collect(f->mon), 1);
	event_is(0, RTM_NEWLINK);
	ifr.ifr_mtu = 0x7fffffff;
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFMTU, &ifr), -EINVAL);
	ifr.ifr_qlen = -1;
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFTXQLEN, &ifr), -EINVAL);
	ifr.ifr_qlen = 7;
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFTXQLEN, &ifr), 0);
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFTXQLEN, &ifr), 0);
	assert_int_equal(ifr.ifr_qlen, 7);
	/* a MAC of another type is refused, of its own taken */
	ifr.ifr_hwaddr.sa_family = ARPHRD_LOOPBACK;
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFHWADDR, &ifr), -EINVAL);
	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memcpy(ifr.ifr_hwaddr.sa_data, "\x02\x00\x00\x00\x00\x07", 6);
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFHWADDR, &ifr), 0);
	memset(ifr.ifr_hwaddr.sa_data, 0, 6);
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFHWADDR, &ifr), 0);
	assert_memory_equal(ifr.ifr_hwaddr.sa_data, "\x02\x00\x00\x00\x00\x07",
			    6);
	memset(ifr.ifr_newname, 0, IFNAMSIZ);
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFNAME, &ifr), -EINVAL);
	snprintf(ifr.ifr_newname, IFNAMSIZ, "v1");
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFNAME, &ifr), -EEXIST);
	snprintf(ifr.ifr_newname, IFNAMSIZ, "renamed");
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFNAME, &ifr), 0);
	assert_true(link_index(f, "renamed") > 0);
}

static void test_addresses(void **state)
{
	struct fx *f = *state;
	struct ifreq ifr = req_addr("lo", "10.1.2.3");
	struct ifreq conf[4];
	struct ifconf ifc = { .ifc_len = 0, .ifc_buf = NULL };

	assert_int_equal(io(f, &user, AF_INET, SIOCSIFADDR, &ifr), -EPERM);
	ifr.ifr_addr.sa_family = AF_INET6;
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFADDR, &ifr), -EINVAL);
	ifr = req_addr("lo", "10.1.2.3");
	collect(f->mon);
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFADDR, &ifr), 0);
	assert_true(collect(f->mon) >= 1);
	event_is(0, RTM_NEWADDR);
	ifr = req_named("lo");
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFNETMASK, &ifr), 0);
	assert_int_equal(req_in(&ifr), 0xff000000);
	/* a netmask change is a delete and an insert */
	ifr = req_addr("lo", "255.255.0.0");
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFNETMASK, &ifr), 0);
	assert_true(collect(f->mon) >= 2);
	event_is(0, RTM_DELADDR);
	ifr = req_addr("lo", "255.0.255.0");
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFNETMASK, &ifr),
			 -EINVAL);
	/* an alias is an address with its own label */
	ifr = req_addr("lo:1", "10.9.9.9");
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFADDR, &ifr), 0);
	ifr = req_named("lo:1");
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFADDR, &ifr), 0);
	assert_int_equal(req_in(&ifr), 0x0a090909);
	/* SIOCGIFCONF: the room, then the addresses */
	assert_int_equal(io(f, &user, AF_UNIX, SIOCGIFCONF, &ifc), 0);
	assert_int_equal(ifc.ifc_len, 2 * (int)sizeof(struct ifreq));
	ifc.ifc_len = sizeof(conf);
	ifc.ifc_req = conf;
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFCONF, &ifc), 0);
	assert_int_equal(ifc.ifc_len, 2 * (int)sizeof(struct ifreq));
	assert_string_equal(conf[0].ifr_name, "lo");
	assert_string_equal(conf[1].ifr_name, "lo:1");
	assert_int_equal(req_in(&conf[1]), 0x0a090909);
	/* an alias taken down loses its address */
	ifr = req_named("lo:1");
	ifr.ifr_flags = 0;
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFFLAGS, &ifr), 0);
	ifr = req_named("lo:1");
	assert_int_equal(io(f, &user, AF_INET, SIOCGIFADDR, &ifr),
			 -EADDRNOTAVAIL);
}

static struct rtentry rt_to(const char *dst, const char *mask, char *dev)
{
	struct rtentry rt;

	memset(&rt, 0, sizeof(rt));
	rt.rt_dst.sa_family = AF_INET;
	inet_pton(AF_INET, dst,
		  &((struct sockaddr_in *)&rt.rt_dst)->sin_addr);
	rt.rt_genmask.sa_family = AF_INET;
	inet_pton(AF_INET, mask,
		  &((struct sockaddr_in *)&rt.rt_genmask)->sin_addr);
	rt.rt_flags = RTF_UP;
	rt.rt_dev = dev;
	return rt;
}

static void test_routes(void **state)
{
	struct fx *f = *state;
	struct ifreq ifr = req_named("lo");
	char lo[] = "lo", none[] = "none";
	struct rtentry rt = rt_to("10.7.0.0", "255.255.0.0", lo);

	ifr.ifr_flags = IFF_UP;
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFFLAGS, &ifr), 0);
	assert_int_equal(io(f, &user, AF_INET, SIOCADDRT, &rt), -EPERM);
	collect(f->mon);
	assert_int_equal(io(f, &admin, AF_INET, SIOCADDRT, &rt), 0);
	assert_int_equal(collect(f->mon), 1);
	event_is(0, RTM_NEWROUTE);
	assert_int_equal(io(f, &admin, AF_INET, SIOCDELRT, &rt), 0);
	assert_int_equal(collect(f->mon), 1);
	event_is(0, RTM_DELROUTE);
	assert_int_equal(io(f, &admin, AF_INET, SIOCDELRT, &rt), -ESRCH);
	rt = rt_to("10.7.0.0", "255.0.255.0", lo);
	assert_int_equal(io(f, &admin, AF_INET, SIOCADDRT, &rt), -EINVAL);
	rt = rt_to("10.7.0.0", "255.255.0.0", none);
	assert_int_equal(io(f, &admin, AF_INET, SIOCADDRT, &rt), -ENODEV);
	rt.rt_dst.sa_family = AF_INET6;
	assert_int_equal(io(f, &admin, AF_INET, SIOCADDRT, &rt),
			 -EAFNOSUPPORT);
	/* IPv6: in6_rtmsg, metric 1024 by default */
	struct in6_rtmsg r6 = { .rtmsg_dst_len = 64, .rtmsg_ifindex = 1,
				.rtmsg_flags = RTF_UP };

	inet_pton(AF_INET6, "2001:db8::", &r6.rtmsg_dst);
	assert_int_equal(io(f, &admin, AF_INET6, SIOCADDRT, &r6), 0);
	assert_int_equal(collect(f->mon), 1);
	event_is(0, RTM_NEWROUTE);
	assert_int_equal(io(f, &admin, AF_INET6, SIOCDELRT, &r6), 0);
}

static void test_ethtool(void **state)
{
	struct fx *f = *state;
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	/* the settings and room for three masks of 4 words after them (a
	 * union: a struct ending in a flexible array may not be a member) */
	union {
		struct ethtool_link_settings s;
		unsigned char room[sizeof(struct ethtool_link_settings) +
				   3 * 4 * sizeof(uint32_t)];
	} ks = { .s.cmd = ETHTOOL_GLINKSETTINGS };
	struct ethtool_value v = { .cmd = ETHTOOL_SMSGLVL };
	struct ifreq ifr = req_named("lo");

	ifr.ifr_data = (void *)&di;
	assert_int_equal(io(f, &user, AF_INET, SIOCETHTOOL, &ifr),
			 -EOPNOTSUPP);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	ifr = req_named("v0");
	ifr.ifr_data = (void *)&di;
	assert_int_equal(io(f, &user, AF_INET, SIOCETHTOOL, &ifr), 0);
	assert_string_equal(di.driver, "veth");
	assert_string_equal(di.version, "1.0");
	assert_int_equal(di.n_stats, 10);
	ifr.ifr_data = (void *)&ks;
	assert_int_equal(io(f, &user, AF_INET, SIOCETHTOOL, &ifr), 0);
	assert_int_equal(ks.s.link_mode_masks_nwords, -4);
	ks.s.link_mode_masks_nwords = 4;
	assert_int_equal(io(f, &user, AF_INET, SIOCETHTOOL, &ifr), 0);
	assert_int_equal(ks.s.speed, 10000);
	assert_int_equal(ks.s.duplex, DUPLEX_FULL);
	ifr.ifr_data = (void *)&v;
	assert_int_equal(io(f, &user, AF_INET, SIOCETHTOOL, &ifr), -EPERM);
	assert_int_equal(io(f, &admin, AF_INET, SIOCETHTOOL, &ifr),
			 -EOPNOTSUPP);
	ifr = req_named("nope");
	ifr.ifr_data = (void *)&di;
	assert_int_equal(io(f, &user, AF_INET, SIOCETHTOOL, &ifr), -ENODEV);
}

static void test_bridge(void **state)
{
	struct fx *f = *state;
	char name[IFNAMSIZ] = "br9";
	struct ifreq ifr;

	assert_int_equal(io(f, &user, AF_UNIX, SIOCBRADDBR, name), -EPERM);
	assert_int_equal(io(f, &admin, AF_UNIX, SIOCBRADDBR, name), 0);
	assert_int_equal(io(f, &admin, AF_UNIX, SIOCBRADDBR, name), -EEXIST);
	assert_true(link_index(f, "br9") > 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	ifr = req_named("br9");
	ifr.ifr_ifindex = link_index(f, "v0");
	assert_int_equal(io(f, &admin, AF_INET, SIOCBRADDIF, &ifr), 0);
	assert_int_equal(io(f, &admin, AF_INET, SIOCBRADDIF, &ifr), -EBUSY);
	ifr.ifr_ifindex = 999;
	assert_int_equal(io(f, &admin, AF_INET, SIOCBRADDIF, &ifr), -EINVAL);
	ifr = req_named("lo");
	ifr.ifr_ifindex = link_index(f, "v0");
	assert_int_equal(io(f, &admin, AF_INET, SIOCBRDELIF, &ifr),
			 -EOPNOTSUPP);
	ifr = req_named("br9");
	ifr.ifr_ifindex = link_index(f, "v0");
	assert_int_equal(io(f, &admin, AF_INET, SIOCBRDELIF, &ifr), 0);
	assert_int_equal(io(f, &admin, AF_INET, SIOCBRDELIF, &ifr), -EINVAL);
	ifr.ifr_flags = IFF_UP;
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFFLAGS, &ifr), 0);
	assert_int_equal(io(f, &admin, AF_UNIX, SIOCBRDELBR, name), -EBUSY);
	ifr.ifr_flags = 0;
	assert_int_equal(io(f, &admin, AF_INET, SIOCSIFFLAGS, &ifr), 0);
	assert_int_equal(io(f, &admin, AF_UNIX, SIOCBRDELBR, name), 0);
	assert_int_equal(io(f, &admin, AF_UNIX, SIOCBRDELBR, name), -ENXIO);
	snprintf(name, sizeof(name), "v0");
	assert_int_equal(io(f, &admin, AF_UNIX, SIOCBRDELBR, name), -EPERM);
}

static struct arpreq arp_of(const char *ip, const char *dev)
{
	struct arpreq r;

	memset(&r, 0, sizeof(r));
	r.arp_pa.sa_family = AF_INET;
	inet_pton(AF_INET, ip, &((struct sockaddr_in *)&r.arp_pa)->sin_addr);
	snprintf(r.arp_dev, sizeof(r.arp_dev), "%s", dev);
	return r;
}

static void test_arp(void **state)
{
	struct fx *f = *state;
	struct arpreq r = arp_of("192.0.2.9", "v0");

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	r.arp_flags = ATF_PERM | ATF_COM;
	r.arp_ha.sa_family = ARPHRD_ETHER;
	memcpy(r.arp_ha.sa_data, "\x02\x01\x02\x03\x04\x05", 6);
	assert_int_equal(io(f, &user, AF_INET, SIOCSARP, &r), -EPERM);
	assert_int_equal(io(f, &admin, AF_INET, SIOCSARP, &r), 0);
	r = arp_of("192.0.2.9", "v0");
	assert_int_equal(io(f, &user, AF_INET, SIOCGARP, &r), 0);
	assert_int_equal(r.arp_flags, ATF_PERM | ATF_COM);
	assert_memory_equal(r.arp_ha.sa_data, "\x02\x01\x02\x03\x04\x05", 6);
	r = arp_of("192.0.2.9", "");
	assert_int_equal(io(f, &user, AF_INET, SIOCGARP, &r), -ENODEV);
	r = arp_of("192.0.2.9", "v0");
	assert_int_equal(io(f, &admin, AF_INET, SIOCDARP, &r), 0);
	assert_int_equal(io(f, &admin, AF_INET, SIOCDARP, &r), -ENXIO);
	assert_int_equal(io(f, &user, AF_INET, SIOCGARP, &r), -ENXIO);
	r.arp_pa.sa_family = AF_INET6;
	assert_int_equal(io(f, &user, AF_INET, SIOCGARP, &r), -EPFNOSUPPORT);
}

static int tun_iff(struct fx *f, struct unl_file *t, const struct unl_cred *who,
		   const char *name, short flags, char *out)
{
	struct ifreq ifr = req_named(name);
	int err;

	ifr.ifr_flags = flags;
	err = unl_file_ioctl(t, who, TUNSETIFF, &ifr);
	if (!err && out)
		memcpy(out, ifr.ifr_name, IFNAMSIZ);
	(void)f;
	return err;
}

static void test_tun(void **state)
{
	struct fx *f = *state;
	const struct unl_cred nobody = { .uid = 65534, .gid = 65534 };
	const struct unl_cred other = { .uid = 1000, .gid = 1000 };
	unsigned int features = 0;
	struct unl_file *t, *u;
	char name[IFNAMSIZ];
	struct ifreq ifr;

	assert_int_equal(unl_file_open(f->net, "net/tun", &t), 0);
	assert_int_equal(unl_file_ioctl(t, &user, TUNGETFEATURES, &features),
			 0);
	assert_true(features & IFF_TAP);
	assert_int_equal(unl_file_ioctl(t, &user, TUNGETIFF, &ifr), -EBADFD);
	assert_int_equal(tun_iff(f, t, &user, "", IFF_TAP, NULL), -EPERM);
	collect(f->mon);
	assert_int_equal(tun_iff(f, t, &admin, "tp%d", IFF_TAP | IFF_NO_PI,
				 name),
			 0);
	assert_string_equal(name, "tp0");
	assert_int_equal(collect(f->mon), 1);
	event_is(0, RTM_NEWLINK);
	assert_int_equal(tun_iff(f, t, &admin, "tp0", IFF_TAP, NULL), -EEXIST);
	assert_int_equal(unl_file_ioctl(t, &admin, TUNGETIFF, &ifr), 0);
	assert_int_equal(ifr.ifr_flags, IFF_TAP | IFF_NO_PI);
	/* a down device drops what is written */
	assert_int_equal(unl_file_write(t, 60, 0), -EIO);
	assert_int_equal(unl_file_ioctl(t, &admin, TUNSETOWNER, (void *)65534UL),
			 0);
	assert_int_equal(unl_file_ioctl(t, &admin, TUNSETPERSIST, (void *)1UL),
			 0);
	unl_file_close(t);
	assert_int_equal(link_index(f, "tp0"), 2);
	/* its owner may attach, another user not; tun is not tap */
	assert_int_equal(unl_file_open(f->net, "net/tun", &u), 0);
	assert_int_equal(tun_iff(f, u, &other, "tp0", IFF_TAP, NULL), -EPERM);
	assert_int_equal(tun_iff(f, u, &nobody, "tp0", IFF_TUN, NULL),
			 -EINVAL);
	assert_int_equal(tun_iff(f, u, &nobody, "tp0", IFF_TAP, NULL), 0);
	assert_int_equal(unl_file_ioctl(u, &nobody, TUNSETPERSIST, (void *)0UL),
			 0);
	collect(f->mon);
	unl_file_close(u);
	assert_true(collect(f->mon) >= 1);
	assert_int_equal(getlink(f, 0, "tp0"), 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, NLMSG_ERROR);
	/* not made by rtnetlink */
	assert_int_equal(unl_file_open(f->net, "net/none", &u), -ENODEV);
}

static void test_tun_absent(void **state)
{
	struct fx *f = *state;
	struct unl_file *t;

	assert_int_equal(unl_file_open(f->net, "net/tun", &t), -ENODEV);
}

static int setup_minimal(void **state)
{
	return setup_profile(state, "minimal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dev_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dev_reads, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dev_changes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_addresses, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ethtool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tun, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tun_absent, setup_minimal,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
