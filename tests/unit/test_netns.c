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

static void say_addr(char *p, size_t n, const struct nlmsghdr *nlh)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);
	const struct nlattr *a = attr(nlh, sizeof(*ifa), IFA_ADDRESS);
	char s[INET6_ADDRSTRLEN] = "?";
	const struct nlattr *t = attr(nlh, sizeof(*ifa), IFA_TARGET_NETNSID);

	if (a)
		inet_ntop(ifa->ifa_family, unl_nla_data(a), s, sizeof(s));
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
		inet_ntop(rtm->rtm_family, unl_nla_data(a), s, sizeof(s));
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
