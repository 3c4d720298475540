// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Generic netlink across the nets of a world, as across Linux's network
 * namespaces: one registry, families registered from a home net (the
 * role of init_net); a family with netnsok is found, listed, announced
 * and reachable from every net, nets made later too, and its handlers
 * see the requester's net; one without netnsok exists in its home only
 * (ENOENT elsewhere, absent from nlctrl's dump, its events heard there
 * only), as Linux's genl_family_rcv_msg, ctrl_getfamily,
 * ctrl_dumpfamily and genl_ctrl_event have it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <unetlink/profile.h>
#include <unetlink/unetlink.h>

enum { T_CMD_UNSPEC, T_CMD_ECHO, T_CMD_EVENT };

static struct unl_net *g_last_net; /* the net a handler saw */

static int t_echo(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb;
	g_last_net = info->net;
	return 0;
}

/* genl_notify(): in the request's net */
static int t_event(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct unl_skb *msg = unl_genlmsg_new(16);
	void *hdr;

	(void)skb;
	g_last_net = info->net;
	assert_non_null(msg);
	hdr = unl_genlmsg_put(msg, 0, 0, info->family, 0, T_CMD_EVENT);
	assert_non_null(hdr);
	unl_genlmsg_end(msg, hdr);
	unl_genl_notify(info->family, msg, info, 0);
	return 0;
}

static const struct unl_genl_ops t_ops[] = {
	{ .cmd = T_CMD_ECHO, .doit = t_echo },
	{ .cmd = T_CMD_EVENT, .doit = t_event },
};

static const struct unl_genl_multicast_group t_groups[] = {
	{ .name = "events" },
};

static void fam_init(struct unl_genl_family *f, const char *name,
		     bool netnsok)
{
	memset(f, 0, sizeof(*f));
	strcpy(f->name, name);
	f->version = 1;
	f->netnsok = netnsok;
	f->ops = t_ops;
	f->n_ops = 2;
	f->mcgrps = t_groups;
	f->n_mcgrps = 1;
}

static struct unl_world *g_world;
static struct unl_net *g_home, *g_other;
static struct unl_genl_family g_nsok, g_initonly;

/* The kernel these tests assume, whatever the host's is: "full", whose
 * built-in families are listed first by a dump. */
static struct unl_net_config g_cfg;
#define BUILTIN_FAMILIES_NSOK                                              \
	"nlctrl,netdev,ethtool,devlink,tcp_metrics,mptcp_pm,SEG6,IOAM6,"       \
	"handshake,TASKSTATS,"
/* NET_DM is not netnsok: its home alone lists it. */
#define BUILTIN_FAMILIES BUILTIN_FAMILIES_NSOK "wireguard,IPVS,"
#define HOME_BUILTIN_FAMILIES BUILTIN_FAMILIES_NSOK "NET_DM,wireguard,IPVS,"

static int setup(void **state)
{
	(void)state;
	assert_int_equal(unl_profile_load("full", &g_cfg.profile, NULL, 0), 0);
	assert_int_equal(unl_world_new(&g_world), 0);
	assert_int_equal(unl_net_new_in(g_world, &g_cfg, &g_home), 0);
	assert_int_equal(unl_net_new_in(g_world, &g_cfg, &g_other), 0);
	fam_init(&g_nsok, "t_nsok", true);
	fam_init(&g_initonly, "t_initonly", false);
	g_last_net = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unl_world_free(g_world);
	unl_profile_unref(g_cfg.profile);
	g_cfg.profile = NULL;
	/* The home going took its families with it. */
	assert_null(g_nsok.net);
	assert_null(g_initonly.net);
	return 0;
}

static struct unl_sock *open_sock(struct unl_net *net)
{
	struct unl_cred c = { .pid = getpid(), .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	struct unl_sock *sk = NULL;

	assert_int_equal(unl_socket(net, SOCK_RAW, NETLINK_GENERIC, &c, &sk),
			 0);
	assert_int_equal(unl_bind(sk, (struct sockaddr *)&a, sizeof(a)), 0);
	return sk;
}

static void join(struct unl_sock *sk, unsigned int grp)
{
	assert_int_equal(unl_setsockopt(sk, SOL_NETLINK,
					NETLINK_ADD_MEMBERSHIP, &grp,
					sizeof(grp)), 0);
}

static void reg(struct unl_genl_family *f)
{
	unl_net_lock(g_home);
	assert_true(unl_genl_register_family(g_home, f) > 0);
	unl_net_unlock(g_home);
}

static uint8_t rbuf[16384] __attribute__((aligned(4)));

/* A request: a genl header and, for nlctrl, a family name. */
static void send_req(struct unl_sock *sk, uint16_t type, uint16_t flags,
		     uint8_t cmd, const char *name)
{
	uint8_t buf[128] __attribute__((aligned(4))) = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = 7;
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	g->cmd = cmd;
	g->version = 1;
	if (name) {
		struct nlattr *a = (struct nlattr *)(buf + nlh->nlmsg_len);

		a->nla_type = CTRL_ATTR_FAMILY_NAME;
		a->nla_len = (uint16_t)(NLA_HDRLEN + strlen(name) + 1);
		memcpy(a + 1, name, strlen(name) + 1);
		nlh->nlmsg_len += NLA_ALIGN(a->nla_len);
	}
	assert_int_equal(unl_sendto(sk, buf, nlh->nlmsg_len, 0,
				    (struct sockaddr *)&dst, sizeof(dst)),
			 (ssize_t)nlh->nlmsg_len);
}

/* The next datagram's first message, NULL when none is queued. */
static struct nlmsghdr *next_msg(struct unl_sock *sk, ssize_t *len)
{
	ssize_t n = unl_recvfrom(sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL);

	if (len)
		*len = n;
	return n > 0 ? (struct nlmsghdr *)rbuf : NULL;
}

static int ack_error(struct unl_sock *sk)
{
	struct nlmsghdr *nlh = next_msg(sk, NULL);

	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
}

static uint8_t genl_cmd(const struct nlmsghdr *nlh)
{
	return ((const struct genlmsghdr *)NLMSG_DATA(nlh))->cmd;
}

/* The FAMILY_NAME of an nlctrl message. */
static const char *ctrl_name(const struct nlmsghdr *nlh)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	const struct nlattr *a = unl_nla_find(
		(const struct nlattr *)((const uint8_t *)nlh + off),
		(int)(nlh->nlmsg_len - off), CTRL_ATTR_FAMILY_NAME);

	assert_non_null(a);
	return unl_nla_data(a);
}

/* GETFAMILY by name: 0 with a NEWFAMILY reply, or the error. */
static int getfamily(struct unl_sock *sk, const char *name)
{
	struct nlmsghdr *nlh;

	send_req(sk, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, name);
	nlh = next_msg(sk, NULL);
	assert_non_null(nlh);
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
	assert_int_equal(nlh->nlmsg_type, GENL_ID_CTRL);
	assert_string_equal(ctrl_name(nlh), name);
	return 0;
}

/* nlctrl's dump as "name,name,..." in id order. */
static void dumpfamily(struct unl_sock *sk, char *out, size_t cap)
{
	out[0] = '\0';
	send_req(sk, GENL_ID_CTRL, NLM_F_DUMP, CTRL_CMD_GETFAMILY, NULL);
	for (;;) {
		ssize_t n;
		struct nlmsghdr *nlh = next_msg(sk, &n);
		int len = (int)n;

		assert_non_null(nlh);
		for (; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_DONE)
				return;
			assert_int_equal(nlh->nlmsg_type, GENL_ID_CTRL);
			if (out[0])
				strncat(out, ",", cap - strlen(out) - 1);
			strncat(out, ctrl_name(nlh), cap - strlen(out) - 1);
		}
	}
}

/* The nlctrl events queued on sk, as "cmd:name" joined by spaces. */
static void events(struct unl_sock *sk, char *out, size_t cap)
{
	struct nlmsghdr *nlh;

	out[0] = '\0';
	while ((nlh = next_msg(sk, NULL))) {
		char one[64];

		snprintf(one, sizeof(one), "%s%u:%s", out[0] ? " " : "",
			 genl_cmd(nlh), ctrl_name(nlh));
		strncat(out, one, cap - strlen(out) - 1);
	}
}

static void test_visibility(void **state)
{
	struct unl_sock *home = open_sock(g_home), *other = open_sock(g_other);
	struct unl_net *later;
	struct unl_sock *ls;
	char s[256];

	(void)state;
	join(home, GENL_ID_CTRL);
	join(other, GENL_ID_CTRL);
	reg(&g_nsok);
	reg(&g_initonly);

	/* genl_ctrl_event(): allns for netnsok, init_net only otherwise */
	events(home, s, sizeof(s));
	assert_string_equal(s, "1:t_nsok 7:t_nsok 1:t_initonly 7:t_initonly");
	events(other, s, sizeof(s));
	assert_string_equal(s, "1:t_nsok 7:t_nsok");

	assert_int_equal(getfamily(home, "t_initonly"), 0);
	assert_int_equal(getfamily(other, "t_nsok"), 0);
	assert_int_equal(getfamily(other, "t_initonly"), -ENOENT);
	assert_int_equal(getfamily(home, "NET_DM"), 0);
	assert_int_equal(getfamily(other, "NET_DM"), -ENOENT);
	dumpfamily(home, s, sizeof(s));
	assert_string_equal(s, HOME_BUILTIN_FAMILIES "t_nsok,t_initonly");
	dumpfamily(other, s, sizeof(s));
	assert_string_equal(s, BUILTIN_FAMILIES "t_nsok");

	/* A net made after the registrations sees the same. */
	assert_int_equal(unl_net_new_in(g_world, &g_cfg, &later), 0);
	ls = open_sock(later);
	assert_int_equal(getfamily(ls, "t_nsok"), 0);
	assert_int_equal(getfamily(ls, "t_initonly"), -ENOENT);
	dumpfamily(ls, s, sizeof(s));
	assert_string_equal(s, BUILTIN_FAMILIES "t_nsok");

	/* Unregistering is announced where the family could be seen. */
	join(ls, GENL_ID_CTRL);
	unl_net_lock(g_home);
	assert_int_equal(unl_genl_unregister_family(&g_initonly), 0);
	assert_int_equal(unl_genl_unregister_family(&g_nsok), 0);
	unl_net_unlock(g_home);
	events(ls, s, sizeof(s));
	assert_string_equal(s, "8:t_nsok 2:t_nsok");
	events(home, s, sizeof(s));
	assert_string_equal(s, "8:t_initonly 2:t_initonly 8:t_nsok 2:t_nsok");
	unl_close(ls);
	unl_net_free(later);
	unl_close(home);
	unl_close(other);
}

static void test_requests(void **state)
{
	struct unl_sock *home = open_sock(g_home), *other = open_sock(g_other);
	struct unl_sock *lhome = open_sock(g_home);
	struct unl_sock *lother = open_sock(g_other);
	struct nlmsghdr *nlh;

	(void)state;
	reg(&g_nsok);
	reg(&g_initonly);

	/* genl_family_rcv_msg(): the family does not exist here */
	send_req(other, g_initonly.id, NLM_F_ACK, T_CMD_ECHO, NULL);
	assert_int_equal(ack_error(other), -ENOENT);
	assert_null(g_last_net);
	send_req(home, g_initonly.id, NLM_F_ACK, T_CMD_ECHO, NULL);
	assert_int_equal(ack_error(home), 0);
	assert_ptr_equal(g_last_net, g_home);

	/* genl_info's net is the requester's */
	send_req(other, g_nsok.id, NLM_F_ACK, T_CMD_ECHO, NULL);
	assert_int_equal(ack_error(other), 0);
	assert_ptr_equal(g_last_net, g_other);

	/* The group has one id in every net; genl_notify() sends in the
	 * request's net only. */
	join(lhome, g_nsok.mcgrp_offset);
	join(lother, g_nsok.mcgrp_offset);
	send_req(other, g_nsok.id, 0, T_CMD_EVENT, NULL);
	nlh = next_msg(lother, NULL);
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_type, g_nsok.id);
	assert_int_equal(genl_cmd(nlh), T_CMD_EVENT);
	assert_null(next_msg(lhome, NULL));

	/* genlmsg_multicast() is init_net's; _netns and _allns choose. */
	unl_net_lock(g_home);
	for (int i = 0; i < 3; i++) {
		struct unl_skb *m = unl_genlmsg_new(16);
		void *hdr = unl_genlmsg_put(m, 0, 0, &g_nsok, 0, T_CMD_EVENT);

		unl_genlmsg_end(m, hdr);
		if (i == 0)
			assert_int_equal(unl_genlmsg_multicast(&g_nsok, m, 0, 0),
					 0);
		else if (i == 1)
			assert_int_equal(unl_genlmsg_multicast_netns(
						 &g_nsok, g_other, m, 0, 0),
					 0);
		else
			assert_int_equal(unl_genlmsg_multicast_allns(&g_nsok, m,
								     0, 0),
					 0);
	}
	unl_net_unlock(g_home);
	assert_non_null(next_msg(lhome, NULL)); /* multicast */
	assert_non_null(next_msg(lhome, NULL)); /* allns */
	assert_null(next_msg(lhome, NULL));
	assert_non_null(next_msg(lother, NULL)); /* netns */
	assert_non_null(next_msg(lother, NULL)); /* allns */
	assert_null(next_msg(lother, NULL));

	unl_close(home);
	unl_close(other);
	unl_close(lhome);
	unl_close(lother);
}

/* nlctrl belongs to the world: the net it was first registered with can
 * go, and the others keep it; the families of that net go with it. */
static void test_home_goes(void **state)
{
	struct unl_sock *other = open_sock(g_other), *home = open_sock(g_home);
	char s[256];

	(void)state;
	reg(&g_nsok);
	join(other, GENL_ID_CTRL);
	unl_close(home);
	unl_net_free(g_home);
	g_home = NULL;
	assert_null(g_nsok.net);
	events(other, s, sizeof(s));
	assert_string_equal(s, "8:t_nsok 2:t_nsok");
	assert_int_equal(getfamily(other, "nlctrl"), 0);
	assert_int_equal(getfamily(other, "t_nsok"), -ENOENT);
	/* and a family can be registered from the net that is left */
	unl_net_lock(g_other);
	assert_true(unl_genl_register_family(g_other, &g_nsok) > 0);
	unl_net_unlock(g_other);
	assert_int_equal(getfamily(other, "t_nsok"), 0);
	unl_close(other);
}

/* Linux registers every family from init_net, which never goes: the
 * world's first net is the home even when a later net opens the first
 * generic socket (`ip netns add x` and a request in x), and that later
 * net going changes nothing in the first. */
static void test_first_net_home(void **state)
{
	struct unl_sock *other = open_sock(g_other), *home;
	char s[256];

	(void)state;
	assert_int_equal(getfamily(other, "NET_DM"), -ENOENT);
	home = open_sock(g_home);
	assert_int_equal(getfamily(home, "NET_DM"), 0);
	reg(&g_nsok);
	reg(&g_initonly);
	dumpfamily(other, s, sizeof(s));
	assert_string_equal(s, BUILTIN_FAMILIES "t_nsok");

	unl_close(other);
	unl_net_free(g_other);
	g_other = NULL;
	assert_ptr_equal(g_nsok.net, g_home);
	assert_ptr_equal(g_initonly.net, g_home);
	assert_int_equal(getfamily(home, "NET_DM"), 0);
	dumpfamily(home, s, sizeof(s));
	assert_string_equal(s, HOME_BUILTIN_FAMILIES "t_nsok,t_initonly");
	unl_close(home);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_visibility, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_home_goes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_first_net_home, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
