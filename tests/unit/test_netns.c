// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rtnetlink across the nets of a world, as across Linux's network
 * namespaces: namespace ids (RTM_NEWNSID, RTM_GETNSID, their events),
 * devices made in, moved to, read and deleted in another net, veth
 * peers in other nets, and a net that goes.  Every behaviour here was
 * compared with Linux 6.18 in fresh namespaces first.
 *
 * A test resolver plays the daemon's part: process 1000 + i and
 * descriptor 200 + i are in net i; process 999999 does not exist,
 * descriptor 999 is not open and descriptor 998 is not a namespace's.
 */
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/net_namespace.h>
#include <linux/netconf.h>

#include "rtnl_helpers.h"

#define NNETS 3
#define PID_OF(i) (1000u + (i))
#define FD_OF(i) (200u + (i))

struct wfx {
	struct unl_world *w;
	struct fx n[NNETS]; /* 0 is "init", 1 "a", 2 "b" */
};

static struct unl_net *resolve(struct unl_world *w, const struct unl_cred *who,
			       int kind, uint32_t v, int *err, void *user)
{
	struct wfx *x = user;

	(void)w;
	(void)who;
	if (kind == UNL_NETNS_BY_PID) {
		if (v >= PID_OF(0) && v < PID_OF(NNETS))
			return x->n[v - PID_OF(0)].net;
		*err = -ESRCH;
		return NULL;
	}
	if (v >= FD_OF(0) && v < FD_OF(NNETS))
		return x->n[v - FD_OF(0)].net;
	*err = v == 998 ? -EINVAL : -EBADF;
	return NULL;
}

/* Each net with a requesting socket and a monitor of links, addresses,
 * routes, netconf and nsids. */
static int setup_world(void **state)
{
	struct wfx *x = calloc(1, sizeof(*x));
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;

	assert_non_null(x);
	assert_int_equal(unl_world_new(&x->w), 0);
	unl_world_set_resolver(x->w, resolve, x);
	sa.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE |
		       RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE |
		       (1u << (RTNLGRP_NSID - 1)) |
		       (1u << (RTNLGRP_IPV4_NETCONF - 1)) |
		       (1u << (RTNLGRP_IPV6_NETCONF - 1));
	for (int i = 0; i < NNETS; i++) {
		struct unl_net_config cfg = { 0 };
		struct fx *f = &x->n[i];

		assert_int_equal(unl_profile_load("full", &cfg.profile, NULL, 0),
				 0);
		assert_int_equal(unl_net_new_in(x->w, &cfg, &f->net), 0);
		unl_profile_unref(cfg.profile);
		assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE,
					    &root, &f->sk),
				 0);
		assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE,
					    &root, &f->mon),
				 0);
		assert_int_equal(unl_bind(f->mon, (struct sockaddr *)&sa,
					  sizeof(sa)),
				 0);
		assert_int_equal(unl_setsockopt(f->sk, SOL_NETLINK,
						NETLINK_EXT_ACK, &one,
						sizeof(one)),
				 0);
	}
	*state = x;
	return 0;
}

static int teardown_world(void **state)
{
	struct wfx *x = *state;

	unl_world_free(x->w);
	free(x);
	return 0;
}

/* ---- what a monitor saw, as one line ---- */

static const char *msg_name(int type)
{
	switch (type) {
	case RTM_NEWLINK: return "NEWLINK";
	case RTM_DELLINK: return "DELLINK";
	case RTM_NEWADDR: return "NEWADDR";
	case RTM_DELADDR: return "DELADDR";
	case RTM_NEWROUTE: return "NEWROUTE";
	case RTM_DELROUTE: return "DELROUTE";
	case RTM_NEWNSID: return "NEWNSID";
	case RTM_DELNSID: return "DELNSID";
	case RTM_NEWNETCONF: return "NEWNETCONF";
	case RTM_DELNETCONF: return "DELNETCONF";
	default: return "?";
	}
}

static int s32_attr(const struct nlattr *a)
{
	return (int)(int32_t)unl_nla_get_u32(a);
}

/* A link message: its name and the attributes that tell nets apart. */
static void say_link(char *p, size_t n, const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifm = NLMSG_DATA(nlh);
	const struct nlattr *a;
	size_t len;

	a = attr(nlh, sizeof(*ifm), IFLA_IFNAME);
	snprintf(p, n, " %s/%d", a ? (const char *)unl_nla_data(a) : "?",
		 ifm->ifi_index);
	if (ifm->ifi_family == AF_BRIDGE) {
		len = strlen(p);
		snprintf(p + len, n - len, " bridge");
		return;
	}
	static const struct {
		int type;
		const char *name;
	} shown[] = {
		{ IFLA_TARGET_NETNSID, "target" },
		{ IFLA_LINK_NETNSID, "link_netnsid" },
		{ IFLA_LINK, "link" },
		{ IFLA_NEW_NETNSID, "new_netnsid" },
		{ IFLA_NEW_IFINDEX, "new_ifindex" },
	};
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		a = attr(nlh, sizeof(*ifm), shown[i].type);
		if (!a)
			continue;
		len = strlen(p);
		snprintf(p + len, n - len, " %s=%d", shown[i].name,
			 s32_attr(a));
	}
}

/* An address, a link-local one made from a MAC as "fe80::LL" (MACs
 * are the seeded generator's, not what a test asserts). */
static void ntop_ll(int family, const void *addr, int plen, char *s)
{
	const uint8_t *b = addr;

	if (family == AF_INET6 && b[0] == 0xfe && b[1] == 0x80 && plen > 64) {
		strcpy(s, "fe80::LL");
		return;
	}
	if (family == AF_INET6 && b[0] == 0xfe && b[1] == 0x80 &&
	    (b[8] | b[9] | b[10] | b[11])) {
		strcpy(s, "fe80::LL");
		return;
	}
	inet_ntop(family, addr, s, INET6_ADDRSTRLEN);
}

static void say_addr(char *p, size_t n, const struct nlmsghdr *nlh)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);
	const struct nlattr *a = attr(nlh, sizeof(*ifa), IFA_ADDRESS);
	char s[INET6_ADDRSTRLEN] = "?";
	const struct nlattr *t = attr(nlh, sizeof(*ifa), IFA_TARGET_NETNSID);

	if (a)
		ntop_ll(ifa->ifa_family, unl_nla_data(a), ifa->ifa_prefixlen, s);
	snprintf(p, n, " %s/%d dev %d", s, ifa->ifa_prefixlen, ifa->ifa_index);
	if (t)
		snprintf(p + strlen(p), n - strlen(p), " target=%d",
			 s32_attr(t));
}

static void say_route(char *p, size_t n, const struct nlmsghdr *nlh)
{
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	const struct nlattr *a = attr(nlh, sizeof(*rtm), RTA_DST);
	char s[INET6_ADDRSTRLEN] = "default";

	if (a)
		ntop_ll(rtm->rtm_family, unl_nla_data(a), rtm->rtm_dst_len, s);
	snprintf(p, n, " %s/%d table %d", s, rtm->rtm_dst_len, rtm->rtm_table);
}

static void say_one(char *p, size_t n, const struct nlmsghdr *nlh)
{
	const struct nlattr *a;

	snprintf(p, n, "%s", msg_name(nlh->nlmsg_type));
	p += strlen(p);
	n -= strlen(p);
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		say_link(p, n, nlh);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		say_addr(p, n, nlh);
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		say_route(p, n, nlh);
		break;
	case RTM_NEWNSID:
	case RTM_DELNSID:
		a = attr(nlh, sizeof(struct rtgenmsg), NETNSA_NSID);
		snprintf(p, n, " %d", a ? s32_attr(a) : -99);
		a = attr(nlh, sizeof(struct rtgenmsg), NETNSA_CURRENT_NSID);
		if (a)
			snprintf(p + strlen(p), n - strlen(p), " current=%d",
				 s32_attr(a));
		break;
	case RTM_NEWNETCONF:
	case RTM_DELNETCONF:
		a = attr(nlh, sizeof(struct netconfmsg), NETCONFA_IFINDEX);
		snprintf(p, n, " %s %d",
			 ((struct netconfmsg *)NLMSG_DATA(nlh))->ncm_family ==
					 AF_INET
				 ? "inet"
				 : "inet6",
			 a ? s32_attr(a) : 0);
		break;
	}
}

/* Everything queued on sk, one "; "-separated line (NLMSG_DONE and
 * ACKs left out). */
static const char *said(struct unl_sock *sk)
{
	static char out[8192];
	size_t len = 0;
	ssize_t n;

	out[0] = 0;
	while ((n = unl_recvfrom(sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL)) > 0) {
		int rem = (int)n;

		for (struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
		     NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
			char one[256];

			if (nlh->nlmsg_type == NLMSG_DONE ||
			    nlh->nlmsg_type == NLMSG_ERROR)
				continue;
			say_one(one, sizeof(one), nlh);
			len += (size_t)snprintf(out + len, sizeof(out) - len,
						"%s%s", len ? "; " : "", one);
			assert_true(len < sizeof(out));
		}
	}
	return out;
}

/* ---- requests ---- */

static void nsid_req(struct req *r, int type, int flags)
{
	struct rtgenmsg *g = req_init(r, type, flags, sizeof(*g));

	g->rtgen_family = AF_UNSPEC;
}

static void req_s32(struct req *r, int type, int32_t v)
{
	req_put(r, type, &v, sizeof(v));
}

/* RTM_NEWNSID in f's net: id for the net of descriptor fd. */
static int set_nsid(struct fx *f, int32_t id, uint32_t fd)
{
	struct req r;

	nsid_req(&r, RTM_NEWNSID, 0);
	req_s32(&r, NETNSA_NSID, id);
	req_u32(&r, NETNSA_FD, fd);
	return do_req(f, &r);
}

/* ---- namespace ids ---- */

/* RTM_NEWNSID's checks and errors, each with Linux's extended ACK, then
 * an id given (echoed and announced), the lowest free one for a
 * negative request, and the net's own id by its process. */
static void test_newnsid(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0];
	struct req r;
	char msg[128];

	nsid_req(&r, RTM_NEWNSID, 0);
	req_u32(&r, NETNSA_FD, FD_OF(1));
	check_req(f, &r, -EINVAL, "nsid is missing");
	nsid_req(&r, RTM_NEWNSID, 0);
	req_s32(&r, NETNSA_NSID, 5);
	check_req(f, &r, -EINVAL, "Peer netns reference is missing");
	nsid_req(&r, RTM_NEWNSID, 0);
	req_s32(&r, NETNSA_NSID, 5);
	req_u32(&r, NETNSA_FD, 999);
	check_req(f, &r, -EBADF, "Peer netns reference is invalid");
	nsid_req(&r, RTM_NEWNSID, 0);
	req_s32(&r, NETNSA_NSID, 5);
	req_u32(&r, NETNSA_FD, 998);
	check_req(f, &r, -EINVAL, "Peer netns reference is invalid");
	/* NETNSA_PID wins over NETNSA_FD */
	nsid_req(&r, RTM_NEWNSID, 0);
	req_s32(&r, NETNSA_NSID, 5);
	req_u32(&r, NETNSA_PID, 999999);
	req_u32(&r, NETNSA_FD, FD_OF(1));
	check_req(f, &r, -ESRCH, "Peer netns reference is invalid");
	assert_string_equal(said(f->mon), "");

	nsid_req(&r, RTM_NEWNSID, NLM_F_ECHO);
	req_s32(&r, NETNSA_NSID, 5);
	req_u32(&r, NETNSA_FD, FD_OF(1));
	r.nlh->nlmsg_flags |= NLM_F_ACK;
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 2); /* the echo, then the ACK */
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWNSID);
	assert_int_equal(collected_msg(0)->nlmsg_seq, f->seq);
	assert_string_equal(said(f->mon), "NEWNSID 5");

	nsid_req(&r, RTM_NEWNSID, 0);
	req_s32(&r, NETNSA_NSID, 6);
	req_u32(&r, NETNSA_FD, FD_OF(1));
	check_req(f, &r, -EEXIST, "Peer netns already has a nsid assigned");
	nsid_req(&r, RTM_NEWNSID, 0);
	req_s32(&r, NETNSA_NSID, 5);
	req_u32(&r, NETNSA_FD, FD_OF(2));
	check_req(f, &r, -EEXIST, "The specified nsid is already used");
	assert_int_equal(set_nsid(f, -1, FD_OF(2)), 0);
	nsid_req(&r, RTM_NEWNSID, 0);
	req_s32(&r, NETNSA_NSID, -7);
	req_u32(&r, NETNSA_PID, PID_OF(0));
	assert_int_equal(do_req_msg(f, &r, msg, sizeof(msg)), 0);
	assert_string_equal(said(f->mon), "NEWNSID 0; NEWNSID 1");
	/* the other nets heard nothing */
	assert_string_equal(said(x->n[1].mon), "");
}

/* RTM_GETNSID by descriptor, process or id; as another net sees it
 * (NETNSA_TARGET_NSID, with the asking net's id as
 * NETNSA_CURRENT_NSID); dumps; and the strict checks. */
static void test_getnsid(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0];
	struct req r;
	int one = 1;

	assert_int_equal(set_nsid(f, 5, FD_OF(1)), 0);
	assert_int_equal(set_nsid(f, 0, FD_OF(2)), 0);
	/* a (net 1) names b (net 2) 3 */
	assert_int_equal(set_nsid(&x->n[1], 3, FD_OF(2)), 0);
	said(f->mon);

	nsid_req(&r, RTM_GETNSID, 0);
	req_u32(&r, NETNSA_FD, FD_OF(1));
	xsend(f, &r);
	assert_string_equal(said(f->sk), "NEWNSID 5");
	nsid_req(&r, RTM_GETNSID, 0);
	req_u32(&r, NETNSA_PID, PID_OF(2));
	xsend(f, &r);
	assert_string_equal(said(f->sk), "NEWNSID 0");
	nsid_req(&r, RTM_GETNSID, 0);
	req_s32(&r, NETNSA_NSID, 5);
	xsend(f, &r);
	assert_string_equal(said(f->sk), "NEWNSID 5");
	/* the net itself has no id of its own */
	nsid_req(&r, RTM_GETNSID, 0);
	req_u32(&r, NETNSA_PID, PID_OF(0));
	xsend(f, &r);
	assert_string_equal(said(f->sk), "NEWNSID -1");
	nsid_req(&r, RTM_GETNSID, 0);
	req_s32(&r, NETNSA_NSID, 77);
	check_req(f, &r, -ENOENT, "Peer netns reference is invalid");
	nsid_req(&r, RTM_GETNSID, 0);
	check_req(f, &r, -EINVAL, "Peer netns reference is missing");

	/* b as a (our 5) names it, and what we call it */
	nsid_req(&r, RTM_GETNSID, 0);
	req_u32(&r, NETNSA_FD, FD_OF(2));
	req_s32(&r, NETNSA_TARGET_NSID, 5);
	xsend(f, &r);
	assert_string_equal(said(f->sk), "NEWNSID 3 current=0");
	nsid_req(&r, RTM_GETNSID, 0);
	req_u32(&r, NETNSA_FD, FD_OF(2));
	req_s32(&r, NETNSA_TARGET_NSID, 42);
	check_req(f, &r, -EINVAL, "Target netns reference is invalid");

	nsid_req(&r, RTM_GETNSID, NLM_F_DUMP);
	xsend(f, &r);
	assert_string_equal(said(f->sk), "NEWNSID 0; NEWNSID 5");
	/* a target is only honoured in strict mode */
	nsid_req(&r, RTM_GETNSID, NLM_F_DUMP);
	req_s32(&r, NETNSA_TARGET_NSID, 5);
	xsend(f, &r);
	assert_string_equal(said(f->sk), "NEWNSID 0; NEWNSID 5");
	assert_int_equal(unl_setsockopt(f->sk, SOL_NETLINK,
					NETLINK_GET_STRICT_CHK, &one,
					sizeof(one)),
			 0);
	nsid_req(&r, RTM_GETNSID, NLM_F_DUMP);
	req_s32(&r, NETNSA_TARGET_NSID, 5);
	xsend(f, &r);
	assert_string_equal(said(f->sk), "NEWNSID 3 current=0");
	nsid_req(&r, RTM_GETNSID, NLM_F_DUMP);
	req_s32(&r, NETNSA_TARGET_NSID, 42);
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 0);
	nsid_req(&r, RTM_GETNSID, NLM_F_DUMP);
	req_s32(&r, NETNSA_NSID, 5);
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 0);
	nsid_req(&r, RTM_GETNSID, 0);
	req_s32(&r, NETNSA_NSID, 5);
	req_s32(&r, NETNSA_CURRENT_NSID, 1);
	check_req(f, &r, -EINVAL,
		  "Unsupported attribute in peer netns getid request");
}

/* The dump errors of a strict dump come in NLMSG_DONE with the
 * extended ACK. */
static void test_getnsid_dump_errors(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0];
	struct req r;
	ssize_t n;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
	const struct nlattr *m;
	static const struct {
		int type;
		int32_t v;
		int err;
		const char *msg;
	} cases[] = {
		{ NETNSA_TARGET_NSID, 42, -EINVAL,
		  "Invalid target network namespace id" },
		{ NETNSA_NSID, 5, -EINVAL,
		  "Unsupported attribute in dump request" },
	};

	int one = 1;

	assert_int_equal(unl_setsockopt(f->sk, SOL_NETLINK,
					NETLINK_GET_STRICT_CHK, &one,
					sizeof(one)),
			 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nsid_req(&r, RTM_GETNSID, NLM_F_DUMP);
		req_s32(&r, cases[i].type, cases[i].v);
		xsend(f, &r);
		n = unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL);
		assert_true(n > 0);
		assert_int_equal(nlh->nlmsg_type, NLMSG_DONE);
		assert_int_equal(*(int *)NLMSG_DATA(nlh), cases[i].err);
		m = attr(nlh, sizeof(int), NLMSGERR_ATTR_MSG);
		assert_non_null(m);
		assert_string_equal(unl_nla_data(m), cases[i].msg);
	}
}

/* No RTM_DELNSID request exists; an id goes with its net, announced. */
static void test_delnsid(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0];
	struct req r;

	assert_int_equal(set_nsid(f, 4, FD_OF(2)), 0);
	assert_int_equal(set_nsid(&x->n[1], 9, FD_OF(2)), 0);
	nsid_req(&r, RTM_DELNSID, 0);
	req_s32(&r, NETNSA_NSID, 4);
	check_req(f, &r, -EOPNOTSUPP, "");
	said(f->mon);
	said(x->n[1].mon);
	unl_net_free(x->n[2].net);
	x->n[2].net = NULL;
	assert_string_equal(said(f->mon), "DELNSID 4");
	assert_string_equal(said(x->n[1].mon), "DELNSID 9");
}


/* ---- devices across nets ---- */

/* An RTM_NEWLINK creating a veth called name whose peer, called peer,
 * is made in the net of descriptor peer_fd (0: no IFLA_NET_NS_FD). */
static void veth_req(struct req *r, const char *name, const char *peer,
		     uint32_t peer_fd)
{
	struct ifinfomsg pifm = { 0 };

	link_req(r, name, "veth", true);
	req_nest(r, VETH_INFO_PEER);
	req_raw(r, &pifm, sizeof(pifm));
	req_str(r, IFLA_IFNAME, peer);
	if (peer_fd)
		req_u32(r, IFLA_NET_NS_FD, peer_fd);
	link_req_end(r);
}

/* Whether f's net has a device called name. */
static bool link_exists(struct fx *f, const char *name)
{
	return getlink(f, 0, name) == 1 &&
	       collected_msg(0)->nlmsg_type == RTM_NEWLINK;
}

static int link_del(struct fx *f, const char *name)
{
	struct req r;

	req_init(&r, RTM_DELLINK, 0, sizeof(struct ifinfomsg));
	req_str(&r, IFLA_IFNAME, name);
	return do_req(f, &r);
}

static int link_up(struct fx *f, const char *name)
{
	return link_set_flags(f, link_index(f, name), IFF_UP);
}

/* RTM_SETLINK of device ifindex with IFLA_NET_NS_FD fd; name, when
 * not NULL, as IFLA_IFNAME. */
static void move_req(struct req *r, int ifindex, uint32_t fd,
		     const char *name)
{
	struct ifinfomsg *ifm = req_init(r, RTM_SETLINK, 0, sizeof(*ifm));

	ifm->ifi_index = ifindex;
	req_u32(r, IFLA_NET_NS_FD, fd);
	if (name)
		req_str(r, IFLA_IFNAME, name);
}

static void drain_all(struct wfx *x)
{
	for (int i = 0; i < NNETS; i++)
		if (x->n[i].net)
			said(x->n[i].mon);
}

/* A veth whose peer is made in another net (VETH_INFO_PEER with
 * IFLA_NET_NS_FD): the peer is announced there first, unpaired; the
 * device then here with the nsid this net gives the peer's
 * (IFLA_LINK_NETNSID, the id assigned and announced just before). */
static void test_veth_peer_elsewhere(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0], *a = &x->n[1];
	struct req r;
	char line[128];

	veth_req(&r, "v0", "p0", FD_OF(1));
	assert_int_equal(do_req(f, &r), 0);
	assert_string_equal(said(a->mon),
			    "NEWNETCONF inet 2; NEWNETCONF inet6 2; "
			    "NEWLINK p0/2 link=0");
	assert_string_equal(said(f->mon),
			    "NEWNETCONF inet 2; NEWNETCONF inet6 2; "
			    "NEWNSID 0; NEWLINK v0/2 link_netnsid=0 link=2");
	assert_true(link_exists(f, "v0"));
	assert_false(link_exists(f, "p0"));
	/* a names init when it first has to */
	assert_int_equal(getlink(a, 0, "p0"), 1);
	say_link(line, sizeof(line), collected_msg(0));
	assert_string_equal(line, " p0/2 link_netnsid=0 link=2");
	assert_string_equal(said(a->mon), "NEWNSID 0");

	/* carrier once both ends are up, whatever net each is in */
	assert_int_equal(link_up(f, "v0"), 0);
	assert_int_equal(link_up(a, "p0"), 0);
	assert_int_equal(link_operstate(f, 2), IF_OPER_UP);
	assert_int_equal(link_operstate(a, 2), IF_OPER_UP);
	/* default_operstate() looks for the peer by index in the
	 * device's own net: there index 2 is v0 itself, so DOWN, not
	 * LOWERLAYERDOWN (Linux 6.18 says the same) */
	assert_int_equal(link_set_flags(a, 2, 0), 0);
	assert_int_equal(link_operstate(f, 2), IF_OPER_DOWN);

	/* deleting one end deletes the other, in its net */
	drain_all(x);
	assert_int_equal(link_del(f, "v0"), 0);
	assert_false(link_exists(a, "p0"));
	assert_string_equal(said(a->mon),
			    "DELNETCONF inet 2; DELNETCONF inet6 2; "
			    "DELLINK p0/2 link=0");
}

static int ip_cmd(struct fx *f, int type, int family, const char *dev,
		  const char *dst, int plen, const char *via)
{
	struct req r;
	uint8_t a[16], g[16];
	int len = family == AF_INET ? 4 : 16;

	assert_int_equal(inet_pton(family, dst, a), 1);
	if (type == RTM_NEWADDR) {
		struct ifaddrmsg *ifa = req_init(&r, type, NLM_F_CREATE |
						 NLM_F_EXCL, sizeof(*ifa));

		ifa->ifa_family = (uint8_t)family;
		ifa->ifa_prefixlen = (uint8_t)plen;
		ifa->ifa_index = (uint32_t)link_index(f, dev);
		if (family == AF_INET6)
			ifa->ifa_flags = IFA_F_NODAD;
		req_put(&r, IFA_LOCAL, a, (size_t)len);
		req_put(&r, IFA_ADDRESS, a, (size_t)len);
	} else {
		struct rtmsg *rtm = req_init(&r, type, NLM_F_CREATE |
					     NLM_F_EXCL, sizeof(*rtm));

		rtm->rtm_family = (uint8_t)family;
		rtm->rtm_dst_len = (uint8_t)plen;
		rtm->rtm_table = RT_TABLE_MAIN;
		rtm->rtm_protocol = RTPROT_BOOT;
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
		rtm->rtm_type = RTN_UNICAST;
		req_put(&r, RTA_DST, a, (size_t)len);
		assert_int_equal(inet_pton(family, via, g), 1);
		req_put(&r, RTA_GATEWAY, g, (size_t)len);
	}
	return do_req(f, &r);
}

static int set_master(struct fx *f, const char *dev, const char *master)
{
	struct req r;
	struct ifinfomsg *ifm = req_init(&r, RTM_SETLINK, 0, sizeof(*ifm));

	ifm->ifi_index = link_index(f, dev);
	req_u32(&r, IFLA_MASTER, (uint32_t)link_index(f, master));
	return do_req(f, &r);
}

/* Moving a bridge port that is up with addresses and a route, as
 * dev_change_net_namespace() does it: closed, its IPv6 and then IPv4
 * state and its place in the bridge gone (each announced as in Linux
 * 6.18, the device itself too, since it stays registered), the nsid of
 * its new net given, RTM_DELLINK with IFLA_NEW_NETNSID and
 * IFLA_NEW_IFINDEX; there it is new (netconf, the nsid of its link,
 * RTM_NEWLINK).  Its name was taken there: a "%d" pattern in IFLA_IFNAME
 * gives it one (and, asked again after the move, the next one).  Two
 * things differ from what Linux showed, as elsewhere in the model: the
 * link-local address finished DAD, so its local route goes too, and
 * the bridge, which lost its last port, loses its carrier once the
 * request is done (linkwatch). */
static void test_move(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0], *a = &x->n[1];
	struct req r;
	char line[128];

	link_req(&r, "br0", "bridge", true);
	link_req_end(&r);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0); /* v1 3, v0 4 */
	assert_int_equal(set_master(f, "v0", "br0"), 0);
	assert_int_equal(link_up(f, "v0"), 0);
	assert_int_equal(link_up(f, "v1"), 0);
	assert_int_equal(link_up(f, "br0"), 0);
	assert_int_equal(ip_cmd(f, RTM_NEWADDR, AF_INET, "v0", "10.0.0.1", 24,
				NULL),
			 0);
	assert_int_equal(ip_cmd(f, RTM_NEWADDR, AF_INET6, "v0",
				"2001:db8::1", 64, NULL),
			 0);
	assert_int_equal(ip_cmd(f, RTM_NEWROUTE, AF_INET, NULL, "10.9.0.0", 16,
				"10.0.0.2"),
			 0);
	assert_int_equal(veth_add(a, "x0", "v0"), 0);
	drain_all(x);

	move_req(&r, 4, FD_OF(1), NULL);
	check_req(f, &r, -EEXIST,
		  "An interface with the same name exists in the target netns");
	move_req(&r, 4, FD_OF(1), "w%d");
	check_req(f, &r, 0, "");
	assert_string_equal(said(f->mon),
		"NEWLINK v0/4 link=3; "
		"DELROUTE 2001:db8::/64 table 254; DELROUTE fe80::/64 table 254; "
		"DELROUTE 2001:db8::1/128 table 255; "
		"DELROUTE fe80::LL/128 table 255; DELROUTE ff00::/8 table 255; "
		"DELADDR 2001:db8::1/64 dev 4; DELADDR fe80::LL/64 dev 4; "
		"NEWLINK v0/4 bridge; "
		"DELADDR 10.0.0.1/24 dev 4; DELROUTE 10.0.0.1/32 table 255; "
		"DELNETCONF inet 4; DELNETCONF inet6 4; "
		"NEWLINK v0/4 link=3; NEWLINK v0/4 bridge; DELLINK v0/4 bridge; "
		"NEWLINK v0/4 link=3; NEWLINK br0/2; NEWLINK br0/2; "
		"NEWNSID 0; "
		"DELLINK v0/4 link=3 new_netnsid=0 new_ifindex=4; "
		"NEWLINK v1/3 link_netnsid=0 link=4; NEWLINK br0/2");
	assert_string_equal(said(a->mon),
		"NEWNETCONF inet 4; NEWNETCONF inet6 4; NEWNSID 0; "
		"NEWLINK w0/4 link_netnsid=0 link=3; "
		"NEWLINK w1/4 link_netnsid=0 link=3; "
		"DELNETCONF inet 4; NEWNETCONF inet 4; "
		"DELNETCONF inet6 4; NEWNETCONF inet6 4");
	assert_false(link_exists(f, "v0"));
	assert_true(link_exists(a, "w1"));
	say_link(line, sizeof(line), collected_msg(0));
	assert_string_equal(line, " w1/4 link_netnsid=0 link=3");
}

/* What refuses a move, with Linux's errors: lo and a bridge never
 * move (a move to their own net is no move); an index taken there;
 * several ways of naming the net; a descriptor that names none; an id
 * the net does not know.  A device whose index is taken in the new
 * net gets the next free one there. */
static void test_move_refused(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0], *a = &x->n[1];
	struct req r;

	link_req(&r, "br0", "bridge", true);
	link_req_end(&r);
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);  /* v1 3, v0 4 */
	assert_int_equal(veth_add(a, "x0", "x1"), 0);  /* x1 2, x0 3 */
	drain_all(x);
	move_req(&r, 1, FD_OF(1), NULL);
	check_req(f, &r, -EINVAL, "The interface netns is immutable");
	move_req(&r, 2, FD_OF(1), NULL);
	check_req(f, &r, -EINVAL, "The interface netns is immutable");
	move_req(&r, 2, FD_OF(0), NULL);
	check_req(f, &r, 0, "");
	move_req(&r, 4, FD_OF(1), NULL);
	req_s32(&r, IFLA_NEW_IFINDEX, 3);
	check_req(f, &r, -EBUSY, "The ifindex 3 is not available in the target netns");
	move_req(&r, 4, FD_OF(1), NULL);
	req_s32(&r, IFLA_NEW_IFINDEX, 0);
	check_req(f, &r, -ERANGE, "integer out of range");
	move_req(&r, 4, FD_OF(1), NULL);
	req_u32(&r, IFLA_NET_NS_PID, PID_OF(1));
	check_req(f, &r, -EINVAL, "multiple netns identifying attributes specified");
	move_req(&r, 4, 999, NULL);
	check_req(f, &r, -EBADF, "");
	move_req(&r, 4, 998, NULL);
	check_req(f, &r, -EINVAL, "");
	req_init(&r, RTM_SETLINK, 0, sizeof(struct ifinfomsg));
	((struct ifinfomsg *)NLMSG_DATA(r.nlh))->ifi_index = 4;
	req_s32(&r, IFLA_TARGET_NETNSID, 7);
	check_req(f, &r, -EINVAL, "");
	assert_string_equal(said(f->mon), "");
	assert_string_equal(said(a->mon), "");

	/* v1's index 3 is x0's in a: it gets a's next one */
	move_req(&r, 3, FD_OF(1), NULL);
	check_req(f, &r, 0, "");
	assert_string_equal(said(f->mon),
			    "DELNETCONF inet 3; DELNETCONF inet6 3; NEWNSID 0; "
			    "DELLINK v1/3 link=4 new_netnsid=0 new_ifindex=4");
	assert_string_equal(said(a->mon),
			    "NEWNETCONF inet 4; NEWNETCONF inet6 4; NEWNSID 0; "
			    "NEWLINK v1/4 link_netnsid=0 link=4");
}

/* Reading and deleting in another net by its id (IFLA_TARGET_NETNSID):
 * the answers carry the id, and name the nets of links as the asking
 * net does; IFLA_NET_NS_PID/FD are refused there; an id the net does
 * not know is EINVAL (a dump says so). */
static void test_target_netnsid(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0], *a = &x->n[1];
	struct req r;
	struct ifinfomsg *ifm;
	int one = 1;

	assert_int_equal(veth_add(a, "x0", "x1"), 0); /* x1 2, x0 3 */
	veth_req(&r, "v1", "v0", FD_OF(2));          /* v0 in b */
	assert_int_equal(do_req(a, &r), 0);           /* v1 4 in a */
	assert_int_equal(set_nsid(f, 0, FD_OF(1)), 0);
	assert_int_equal(set_nsid(f, 1, FD_OF(2)), 0);
	drain_all(x);

	ifm = req_init(&r, RTM_GETLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 2;
	req_s32(&r, IFLA_TARGET_NETNSID, 0);
	xsend(f, &r);
	assert_string_equal(said(f->sk), "NEWLINK x1/2 target=0 link=3");
	ifm = req_init(&r, RTM_GETLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 2;
	req_s32(&r, IFLA_TARGET_NETNSID, 42);
	check_req(f, &r, -EINVAL, "");
	ifm = req_init(&r, RTM_GETLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 1;
	req_u32(&r, IFLA_NET_NS_FD, FD_OF(1));
	check_req(f, &r, -EOPNOTSUPP, "specified netns attribute not supported");

	/* v1's peer is in b, which init calls 1 */
	req_init(&r, RTM_GETLINK, NLM_F_DUMP, sizeof(struct ifinfomsg));
	req_s32(&r, IFLA_TARGET_NETNSID, 0);
	xsend(f, &r);
	assert_string_equal(said(f->sk),
			    "NEWLINK lo/1 target=0; "
			    "NEWLINK x1/2 target=0 link=3; "
			    "NEWLINK x0/3 target=0 link=2; "
			    "NEWLINK v1/4 target=0 link_netnsid=1 link=2");
	assert_int_equal(unl_setsockopt(f->sk, SOL_NETLINK,
					NETLINK_GET_STRICT_CHK, &one,
					sizeof(one)),
			 0);
	req_init(&r, RTM_GETLINK, NLM_F_DUMP, sizeof(struct ifinfomsg));
	req_s32(&r, IFLA_TARGET_NETNSID, 42);
	xsend(f, &r);
	assert_int_equal(unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				      NULL, NULL) > 0, 1);
	assert_int_equal(((struct nlmsghdr *)rbuf)->nlmsg_type, NLMSG_DONE);
	assert_int_equal(*(int *)NLMSG_DATA((struct nlmsghdr *)rbuf), -EINVAL);
	assert_string_equal(unl_nla_data(attr((struct nlmsghdr *)rbuf,
					      sizeof(int), NLMSGERR_ATTR_MSG)),
			    "Invalid target network namespace id");

	/* deleting x1 in a deletes its peer there too; a hears it */
	ifm = req_init(&r, RTM_DELLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 2;
	req_s32(&r, IFLA_TARGET_NETNSID, 0);
	check_req(f, &r, 0, "");
	assert_string_equal(said(a->mon),
			    "DELNETCONF inet 2; DELNETCONF inet6 2; "
			    "DELLINK x1/2 link=0; "
			    "DELNETCONF inet 3; DELNETCONF inet6 3; "
			    "DELLINK x0/3 link=0");
	assert_string_equal(said(f->mon), "");
	ifm = req_init(&r, RTM_DELLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 2;
	req_s32(&r, IFLA_TARGET_NETNSID, 42);
	check_req(f, &r, -EINVAL, "");
	ifm = req_init(&r, RTM_DELLINK, 0, sizeof(*ifm));
	ifm->ifi_index = 1;
	req_u32(&r, IFLA_NET_NS_FD, FD_OF(1));
	check_req(f, &r, -EOPNOTSUPP, "specified netns attribute not supported");
}

/* A device made in another net: IFLA_NET_NS_FD puts it there, its
 * peer (without a net of its own) stays in the requester's; an id
 * (IFLA_TARGET_NETNSID) the net does not know is EINVAL; without
 * NLM_F_EXCL the device is looked up in the requester's net;
 * IFLA_LINK_NETNSID names, as the target sees it, the net a peer goes
 * to when it names none. */
static void test_newlink_elsewhere(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0], *a = &x->n[1];
	struct req r;
	struct ifinfomsg pifm = { 0 };

	veth_req(&r, "va", "vi", 0);
	req_u32(&r, IFLA_NET_NS_FD, FD_OF(1));
	assert_int_equal(do_req(f, &r), 0);
	assert_string_equal(said(f->mon),
			    "NEWNETCONF inet 2; NEWNETCONF inet6 2; "
			    "NEWLINK vi/2 link=0");
	assert_string_equal(said(a->mon),
			    "NEWNETCONF inet 2; NEWNETCONF inet6 2; "
			    "NEWNSID 0; NEWLINK va/2 link_netnsid=0 link=2");

	/* init has no id for a yet */
	link_req(&r, "vi", "veth", false);
	link_req_end(&r);
	r.nlh->nlmsg_flags |= NLM_F_CREATE;
	req_s32(&r, IFLA_TARGET_NETNSID, 0);
	check_req(f, &r, -EINVAL, "");
	link_req(&r, "z0", "veth", true);
	link_req_end(&r);
	req_s32(&r, IFLA_LINK_NETNSID, 42);
	check_req(f, &r, -EINVAL, "Unknown network namespace id");

	/* vb in b (init's 1), peer pb in a (init's 0) */
	assert_int_equal(set_nsid(f, 0, FD_OF(1)), 0);
	assert_int_equal(set_nsid(f, 1, FD_OF(2)), 0);
	drain_all(x);
	veth_req(&r, "vb", "pb", FD_OF(1));
	req_s32(&r, IFLA_TARGET_NETNSID, 1);
	assert_int_equal(do_req(f, &r), 0);
	assert_string_equal(said(a->mon),
			    "NEWNETCONF inet 3; NEWNETCONF inet6 3; "
			    "NEWLINK pb/3 link=0");
	assert_string_equal(said(x->n[2].mon),
			    "NEWNETCONF inet 2; NEWNETCONF inet6 2; "
			    "NEWNSID 0; NEWLINK vb/2 link_netnsid=0 link=3");
	assert_string_equal(said(f->mon), "");
	/* a peer name taken in its net; a device name taken in its own */
	veth_req(&r, "zz", "va", FD_OF(1));
	check_req(f, &r, -EEXIST, "");
	veth_req(&r, "vb", "qq", FD_OF(1));
	req_s32(&r, IFLA_TARGET_NETNSID, 1);
	check_req(f, &r, -EEXIST, "");
	assert_string_equal(said(a->mon), "");

	/* z1 goes to the link net (a, init's 0) */
	link_req(&r, "z0", "veth", true);
	req_nest(&r, VETH_INFO_PEER);
	req_raw(&r, &pifm, sizeof(pifm));
	req_str(&r, IFLA_IFNAME, "z1");
	link_req_end(&r);
	req_s32(&r, IFLA_LINK_NETNSID, 0);
	assert_int_equal(do_req(f, &r), 0);
	assert_true(link_exists(a, "z1"));
	assert_true(link_exists(f, "z0"));
}

/* A net that goes (cleanup_net()): the nets that named it lose that id
 * (RTM_DELNSID), then its devices go, and with them their veth peers
 * in other nets, each announced there (unpaired by then: IFLA_LINK
 * 0), the one that was up closed first, its addresses gone. */
static void test_net_exit(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0], *a = &x->n[1], *b = &x->n[2];
	struct req r;

	veth_req(&r, "x0", "x1", FD_OF(2));           /* x1 in b */
	assert_int_equal(do_req(a, &r), 0);
	assert_int_equal(veth_add(a, "y0", "y1"), 0);
	veth_req(&r, "v0", "v1", FD_OF(1));           /* v1 in a */
	assert_int_equal(do_req(f, &r), 0);
	assert_int_equal(link_up(a, "v1"), 0);
	assert_int_equal(link_up(f, "v0"), 0);
	assert_int_equal(ip_cmd(f, RTM_NEWADDR, AF_INET, "v0", "10.1.0.1", 24,
				NULL),
			 0);
	assert_int_equal(set_nsid(f, 7, FD_OF(2)), 0);
	assert_int_equal(set_nsid(b, 3, FD_OF(1)), 0);
	drain_all(x);

	unl_net_free(a->net);
	a->net = NULL;
	assert_string_equal(said(f->mon),
			    "DELNSID 0; NEWLINK v0/2 link=0; "
			    "DELROUTE fe80::/64 table 254; "
			    "DELROUTE fe80::LL/128 table 255; "
			    "DELROUTE ff00::/8 table 255; "
			    "DELADDR fe80::LL/64 dev 2; "
			    "DELADDR 10.1.0.1/24 dev 2; "
			    "DELROUTE 10.1.0.1/32 table 255; "
			    "DELNETCONF inet 2; DELNETCONF inet6 2; "
			    "DELLINK v0/2 link=0");
	assert_string_equal(said(b->mon),
			    "DELNSID 3; DELNETCONF inet 2; DELNETCONF inet6 2; "
			    "DELLINK x1/2 link=0");
}

/* Address dumps of another net (IFA_TARGET_NETNSID, strict requests
 * only: a legacy dump ignores it), each address with the id; an
 * unknown id in the dump's NLMSG_DONE with the family's message.  An
 * IPv6 RTM_GETADDR with a target answers to that portid in the target
 * net, as Linux does, so the asker gets ECONNREFUSED. */
static void test_addr_target(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0], *a = &x->n[1];
	struct req r;
	struct ifaddrmsg *ifa;
	uint8_t six[16];
	int one = 1;

	assert_int_equal(link_up(a, "lo"), 0);
	assert_int_equal(ip_cmd(a, RTM_NEWADDR, AF_INET, "lo", "10.1.2.3", 24,
				NULL),
			 0);
	assert_int_equal(set_nsid(f, 4, FD_OF(1)), 0);
	ifa = req_init(&r, RTM_GETADDR, NLM_F_DUMP, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	req_s32(&r, IFA_TARGET_NETNSID, 4);
	xsend(f, &r);
	assert_string_equal(said(f->sk), "");
	assert_int_equal(unl_setsockopt(f->sk, SOL_NETLINK,
					NETLINK_GET_STRICT_CHK, &one,
					sizeof(one)),
			 0);
	xsend(f, &r);
	assert_string_equal(said(f->sk),
			    "NEWADDR 127.0.0.1/8 dev 1 target=4; "
			    "NEWADDR 10.1.2.3/24 dev 1 target=4");
	ifa = req_init(&r, RTM_GETADDR, NLM_F_DUMP, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	req_s32(&r, IFA_TARGET_NETNSID, 9);
	xsend(f, &r);
	assert_int_equal(unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				      NULL, NULL) > 0, 1);
	assert_int_equal(*(int *)NLMSG_DATA((struct nlmsghdr *)rbuf), -EINVAL);
	assert_string_equal(unl_nla_data(attr((struct nlmsghdr *)rbuf,
					      sizeof(int), NLMSGERR_ATTR_MSG)),
			    "ipv6: Invalid target network namespace id");

	ifa = req_init(&r, RTM_GETADDR, 0, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	req_s32(&r, IFA_TARGET_NETNSID, 4);
	assert_int_equal(inet_pton(AF_INET6, "::1", six), 1);
	req_put(&r, IFA_ADDRESS, six, sizeof(six));
	check_req(f, &r, -ECONNREFUSED, "");
	req_init(&r, RTM_GETADDR, 0, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	req_s32(&r, IFA_TARGET_NETNSID, 9);
	req_put(&r, IFA_ADDRESS, six, sizeof(six));
	check_req(f, &r, -EINVAL, "");
}

/* A NETLINK_LISTEN_ALL_NSID monitor hears another net's link events
 * with the id its net gives that one, even when nobody in that net
 * listens. */
static void test_listen_all_nsid_links(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0], *b = &x->n[2];
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) |
					 UNL_CAP(CAP_NET_BROADCAST) };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK };
	struct unl_sock *all;
	char ctrl[64];
	struct iovec iov = { rbuf, sizeof(rbuf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctrl,
			      .msg_controllen = sizeof(ctrl) };
	struct cmsghdr *cm;
	int one = 1;

	assert_int_equal(unl_close(b->mon), 0);
	b->mon = NULL;
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &all),
			 0);
	assert_int_equal(unl_bind(all, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(unl_setsockopt(all, SOL_NETLINK,
					NETLINK_LISTEN_ALL_NSID, &one,
					sizeof(one)),
			 0);
	assert_int_equal(set_nsid(f, 6, FD_OF(2)), 0);
	assert_int_equal(veth_add(b, "q0", "q1"), 0);
	assert_true(unl_recvmsg(all, &msg, MSG_DONTWAIT) > 0);
	cm = CMSG_FIRSTHDR(&msg);
	assert_non_null(cm);
	assert_int_equal(cm->cmsg_type, NETLINK_LISTEN_ALL_NSID);
	assert_int_equal(*(int *)CMSG_DATA(cm), 6);
	assert_int_equal(((struct nlmsghdr *)rbuf)->nlmsg_type, RTM_NEWLINK);
	unl_close(all);
}

/* A vlan in another net than its lower device (8021q follows Linux's
 * source here, the reference kernel has no 8021q; macvlan on Linux 6.18
 * does the same): made in a (IFLA_NET_NS_FD) on init's v0, the lower
 * is announced with its new upper in init, the vlan in a with the id a
 * gives init; made from a on init's device by IFLA_LINK_NETNSID; the
 * lower going down closes them, its deletion deletes them, each
 * announced in its own net. */
static void test_vlan_elsewhere(void **state)
{
	struct wfx *x = *state;
	struct fx *f = &x->n[0], *a = &x->n[1];
	struct req r;
	struct ifinfomsg *ifm;
	char line[128];

	assert_int_equal(veth_add(f, "v0", "v1"), 0); /* v1 2, v0 3 */
	assert_int_equal(link_up(f, "v1"), 0);
	assert_int_equal(link_up(f, "v0"), 0);
	drain_all(x);
	ifm = link_req(&r, "v0.5", "vlan", true);
	(void)ifm;
	req_u16(&r, IFLA_VLAN_ID, 5);
	link_req_end(&r);
	req_u32(&r, IFLA_LINK, 3);
	req_u32(&r, IFLA_NET_NS_FD, FD_OF(1));
	assert_int_equal(do_req(f, &r), 0);
	assert_string_equal(said(f->mon), "NEWLINK v0/3 link=2");
	assert_string_equal(said(a->mon),
			    "NEWNETCONF inet 2; NEWNETCONF inet6 2; NEWNSID 0; "
			    "NEWLINK v0.5/2 link_netnsid=0 link=3");

	/* from a: init (a's 0) device 3 by IFLA_LINK_NETNSID */
	link_req(&r, "v0.6", "vlan", true);
	req_u16(&r, IFLA_VLAN_ID, 6);
	link_req_end(&r);
	req_u32(&r, IFLA_LINK, 3);
	req_s32(&r, IFLA_LINK_NETNSID, 0);
	assert_int_equal(do_req(a, &r), 0);
	assert_int_equal(getlink(a, 0, "v0.6"), 1);
	say_link(line, sizeof(line), collected_msg(0));
	assert_string_equal(line, " v0.6/3 link_netnsid=0 link=3");
	/* the same id on the same lower is taken, whatever net */
	link_req(&r, "again", "vlan", true);
	req_u16(&r, IFLA_VLAN_ID, 5);
	link_req_end(&r);
	req_u32(&r, IFLA_LINK, 3);
	check_req(f, &r, -EEXIST, "8021q: VLAN device already exists");

	assert_int_equal(link_up(a, "v0.5"), 0);
	assert_int_equal(link_operstate(a, 2), IF_OPER_UP);
	assert_int_equal(link_set_flags(f, 3, 0), 0);
	assert_false(link_msg(a, "v0.5") == NULL);
	assert_false(((struct ifinfomsg *)NLMSG_DATA(link_msg(a, "v0.5")))
			     ->ifi_flags & IFF_UP);
	drain_all(x);
	assert_int_equal(link_del(f, "v0"), 0);
	assert_false(link_exists(a, "v0.5"));
	assert_false(link_exists(a, "v0.6"));
	assert_string_equal(said(a->mon),
			    "DELNETCONF inet 2; DELNETCONF inet6 2; "
			    "DELLINK v0.5/2 link_netnsid=0 link=3; "
			    "DELNETCONF inet 3; DELNETCONF inet6 3; "
			    "DELLINK v0.6/3 link_netnsid=0 link=3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_newnsid, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_getnsid, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_getnsid_dump_errors,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_delnsid, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_veth_peer_elsewhere,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_move, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_move_refused,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_target_netnsid,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_newlink_elsewhere,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_net_exit, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_addr_target, setup_world,
						teardown_world),
		cmocka_unit_test_setup_teardown(test_listen_all_nsid_links,
						setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_vlan_elsewhere,
						setup_world, teardown_world),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
