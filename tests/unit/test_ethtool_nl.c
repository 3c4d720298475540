// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "ethtool" generic netlink family: the request header's errors,
 * what veth and lo answer, and dumps that leave out the devices without
 * the op.  ethtool's own output is compared with the kernel's by the
 * rtnl-diff sequences ethtool-nl-*.
 */
#include "rtnl_helpers.h"

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>

struct gx {
	struct fx *f;
	struct fx g; /* f with its requesting socket generic */
	uint16_t id;
	uint32_t monitor_grp;
};

static struct gx gx;

static void genl_req(struct req *r, uint16_t type, uint8_t cmd, int flags)
{
	struct genlmsghdr *g = req_init(r, type, flags, GENL_HDRLEN);

	g->cmd = cmd;
	g->version = 1;
}

/* CTRL_CMD_GETFAMILY "ethtool": its id and its one group's id. */
static void find_family(void)
{
	struct req r;
	const struct nlattr *grps, *g1;
	struct nlmsghdr *nlh;

	genl_req(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	req_str(&r, CTRL_ATTR_FAMILY_NAME, ETHTOOL_GENL_NAME);
	xsend(&gx.g, &r);
	assert_int_equal(collect(gx.g.sk), 1);
	nlh = collected_msg(0);
	assert_int_equal(nlh->nlmsg_type, GENL_ID_CTRL);
	gx.id = unl_nla_get_u16(attr(nlh, GENL_HDRLEN, CTRL_ATTR_FAMILY_ID));
	grps = attr(nlh, GENL_HDRLEN, CTRL_ATTR_MCAST_GROUPS);
	assert_non_null(grps);
	g1 = unl_nla_data(grps);
	assert_string_equal(unl_nla_data(unl_nla_find(unl_nla_data(g1),
						      unl_nla_len(g1),
						      CTRL_ATTR_MCAST_GRP_NAME)),
			    ETHTOOL_MCGRP_MONITOR_NAME);
	gx.monitor_grp = unl_nla_get_u32(unl_nla_find(
		unl_nla_data(g1), unl_nla_len(g1), CTRL_ATTR_MCAST_GRP_ID));
}

static int setup_eth(void **state)
{
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	int one = 1;

	setup(state);
	gx.f = *state;
	gx.g = *gx.f;
	assert_int_equal(unl_socket(gx.f->net, SOCK_RAW, NETLINK_GENERIC,
				    &root, &gx.g.sk),
			 0);
	assert_int_equal(unl_setsockopt(gx.g.sk, SOL_NETLINK, NETLINK_EXT_ACK,
					&one, sizeof(one)),
			 0);
	find_family();
	return 0;
}

static int teardown_eth(void **state)
{
	unl_close(gx.g.sk);
	return teardown(state);
}

/* A GET of cmd with a header naming name (NULL: none) and ifindex (0:
 * none), with flags (0: none). */
static void eth_req(struct req *r, uint8_t cmd, const char *name,
		    uint32_t ifindex, uint32_t flags, int nlflags)
{
	genl_req(r, gx.id, cmd, nlflags);
	req_nest(r, ETHTOOL_A_LINKMODES_HEADER | NLA_F_NESTED);
	if (ifindex)
		req_u32(r, ETHTOOL_A_HEADER_DEV_INDEX, ifindex);
	if (name)
		req_str(r, ETHTOOL_A_HEADER_DEV_NAME, name);
	if (flags)
		req_u32(r, ETHTOOL_A_HEADER_FLAGS, flags);
	req_end(r);
}

static void check_get(uint8_t cmd, const char *name, uint32_t ifindex,
		      uint32_t flags, int err, const char *msg)
{
	struct req r;

	eth_req(&r, cmd, name, ifindex, flags, 0);
	check_req(&gx.g, &r, err, msg);
}

/* The one reply to a GET of cmd for name, which must succeed. */
static struct nlmsghdr *get_one(uint8_t cmd, const char *name, uint32_t flags)
{
	struct req r;

	eth_req(&r, cmd, name, 0, flags, 0);
	xsend(&gx.g, &r);
	assert_int_equal(collect(gx.g.sk), 1);
	return collected_msg(0);
}

static void test_header_errors(void **state)
{
	struct fx *f = *state;
	struct req r;
	int v0;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	v0 = link_index(f, "v0");
	/* no header at all: the missing attribute, no message */
	genl_req(&r, gx.id, ETHTOOL_MSG_LINKSTATE_GET, 0);
	check_req(&gx.g, &r, -EINVAL, "");
	check_get(ETHTOOL_MSG_LINKSTATE_GET, NULL, 0, 0, -EINVAL,
		  "neither ifindex nor name specified");
	check_get(ETHTOOL_MSG_LINKSTATE_GET, "nosuch", 0, 0, -ENODEV,
		  "no device matches name");
	check_get(ETHTOOL_MSG_LINKSTATE_GET, NULL, 9999, 0, -ENODEV,
		  "no device matches ifindex");
	check_get(ETHTOOL_MSG_LINKSTATE_GET, "v1", (uint32_t)v0, 0, -ENODEV,
		  "ifindex and name do not match");
	/* both, when they agree */
	eth_req(&r, ETHTOOL_MSG_LINKSTATE_GET, "v0", (uint32_t)v0, 0, 0);
	xsend(&gx.g, &r);
	assert_int_equal(collect(gx.g.sk), 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, gx.id);
	check_get(ETHTOOL_MSG_LINKSTATE_GET, "v0", 0, 8, -EINVAL,
		  "reserved bit set");
	/* what no virtual device has */
	check_get(ETHTOOL_MSG_RINGS_GET, "v0", 0, 0, -EOPNOTSUPP, "");
	check_get(ETHTOOL_MSG_PAUSE_GET, "v0", 0, 0, -EOPNOTSUPP, "");
	check_get(ETHTOOL_MSG_COALESCE_GET, "v0", 0, 0, -EOPNOTSUPP, "");
	check_get(ETHTOOL_MSG_WOL_GET, "v0", 0, 0, -EOPNOTSUPP, "");
	check_get(ETHTOOL_MSG_LINKMODES_GET, "lo", 0, 0, -EOPNOTSUPP,
		  "failed to retrieve link settings");
	check_get(ETHTOOL_MSG_CHANNELS_GET, "lo", 0, 0, -EOPNOTSUPP, "");
}

static uint32_t u32_of(const struct nlmsghdr *nlh, int type)
{
	const struct nlattr *a = attr(nlh, GENL_HDRLEN, type);

	assert_non_null(a);
	return unl_nla_get_u32(a);
}

static uint8_t u8_of(const struct nlmsghdr *nlh, int type)
{
	const struct nlattr *a = attr(nlh, GENL_HDRLEN, type);

	assert_non_null(a);
	return unl_nla_get_u8(a);
}

static void test_veth_answers(void **state)
{
	struct fx *f = *state;
	struct nlmsghdr *nlh;
	const struct nlattr *h, *ours;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	nlh = get_one(ETHTOOL_MSG_LINKMODES_GET, "v0",
		      ETHTOOL_FLAG_COMPACT_BITSETS);
	assert_int_equal(((struct genlmsghdr *)NLMSG_DATA(nlh))->cmd,
			 ETHTOOL_MSG_LINKMODES_GET_REPLY);
	h = attr(nlh, GENL_HDRLEN, ETHTOOL_A_LINKMODES_HEADER);
	assert_non_null(h);
	assert_string_equal(unl_nla_data(unl_nla_find(unl_nla_data(h),
						      unl_nla_len(h),
						      ETHTOOL_A_HEADER_DEV_NAME)),
			    "v0");
	assert_int_equal(u32_of(nlh, ETHTOOL_A_LINKMODES_SPEED), SPEED_10000);
	assert_int_equal(u8_of(nlh, ETHTOOL_A_LINKMODES_DUPLEX), DUPLEX_FULL);
	assert_int_equal(u8_of(nlh, ETHTOOL_A_LINKMODES_AUTONEG),
			 AUTONEG_DISABLE);
	ours = attr(nlh, GENL_HDRLEN, ETHTOOL_A_LINKMODES_OURS);
	assert_non_null(ours);
	assert_non_null(unl_nla_find(unl_nla_data(ours), unl_nla_len(ours),
				     ETHTOOL_A_BITSET_MASK));

	nlh = get_one(ETHTOOL_MSG_LINKINFO_GET, "v0", 0);
	assert_int_equal(u8_of(nlh, ETHTOOL_A_LINKINFO_PORT), PORT_TP);

	nlh = get_one(ETHTOOL_MSG_CHANNELS_GET, "v0", 0);
	assert_int_equal(u32_of(nlh, ETHTOOL_A_CHANNELS_RX_COUNT), 1);
	assert_int_equal(u32_of(nlh, ETHTOOL_A_CHANNELS_TX_COUNT), 1);
	assert_true(u32_of(nlh, ETHTOOL_A_CHANNELS_RX_MAX) >= 1);

	nlh = get_one(ETHTOOL_MSG_LINKSTATE_GET, "lo", 0);
	assert_int_equal(u8_of(nlh, ETHTOOL_A_LINKSTATE_LINK), 0);
	assert_int_equal(link_set_flags(f, link_index(f, "lo"), IFF_UP), 0);
	nlh = get_one(ETHTOOL_MSG_LINKSTATE_GET, "lo", 0);
	assert_int_equal(u8_of(nlh, ETHTOOL_A_LINKSTATE_LINK), 1);
}

/* A dump answers for the devices that have the op, in ifindex order. */
static void test_dumps(void **state)
{
	struct fx *f = *state;
	struct req r;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	genl_req(&r, gx.id, ETHTOOL_MSG_LINKSTATE_GET, NLM_F_DUMP);
	xsend(&gx.g, &r);
	assert_int_equal(collect(gx.g.sk), 3);
	assert_true(collected_msg(0)->nlmsg_flags & NLM_F_MULTI);
	genl_req(&r, gx.id, ETHTOOL_MSG_CHANNELS_GET, NLM_F_DUMP);
	xsend(&gx.g, &r);
	assert_int_equal(collect(gx.g.sk), 2);
	assert_int_equal(u32_of(collected_msg(1), ETHTOOL_A_CHANNELS_RX_COUNT),
			 1);
	/* a device named in a dump's header is ignored, a bad one not */
	eth_req(&r, ETHTOOL_MSG_LINKMODES_GET, "v1", 0, 0, NLM_F_DUMP);
	xsend(&gx.g, &r);
	assert_int_equal(collect(gx.g.sk), 2);
	eth_req(&r, ETHTOOL_MSG_LINKMODES_GET, "nosuch", 0, 0, NLM_F_DUMP);
	check_req(&gx.g, &r, -ENODEV, "no device matches name");
}

/* A STRSET request for set id of the global sets, counts only or not. */
static int strset_req(uint32_t id, bool counts_only, char *msg, size_t size)
{
	struct req r;

	genl_req(&r, gx.id, ETHTOOL_MSG_STRSET_GET, 0);
	req_nest(&r, ETHTOOL_A_STRSET_HEADER | NLA_F_NESTED);
	req_end(&r);
	req_nest(&r, ETHTOOL_A_STRSET_STRINGSETS | NLA_F_NESTED);
	req_nest(&r, ETHTOOL_A_STRINGSETS_STRINGSET | NLA_F_NESTED);
	req_u32(&r, ETHTOOL_A_STRINGSET_ID, id);
	req_end(&r);
	req_end(&r);
	if (counts_only)
		req_put(&r, ETHTOOL_A_STRSET_COUNTS_ONLY, NULL, 0);
	if (msg)
		return do_req_msg(&gx.g, &r, msg, size);
	xsend(&gx.g, &r);
	return collect(gx.g.sk);
}

/* The features a new veth has, and the names ethtool -k prints them
 * by. */
static void test_features_strings(void **state)
{
	struct fx *f = *state;
	const struct nlattr *sets, *set, *strings, *s3, *bs, *v;
	struct nlmsghdr *nlh;
	char msg[128];
	uint32_t words[2];

	assert_int_equal(strset_req(99, false, msg, sizeof(msg)), -EOPNOTSUPP);
	assert_string_equal(msg, "unknown string set id");
	assert_int_equal(strset_req(ETH_SS_STATS, false, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "requested per device strings without dev");

	assert_int_equal(strset_req(ETH_SS_FEATURES, false, NULL, 0), 1);
	nlh = collected_msg(0);
	assert_null(attr(nlh, GENL_HDRLEN, ETHTOOL_A_STRSET_HEADER));
	sets = attr(nlh, GENL_HDRLEN, ETHTOOL_A_STRSET_STRINGSETS);
	set = unl_nla_data(sets);
	assert_int_equal(unl_nla_get_u32(unl_nla_find(unl_nla_data(set),
						      unl_nla_len(set),
						      ETHTOOL_A_STRINGSET_COUNT)),
			 64);
	strings = unl_nla_find(unl_nla_data(set), unl_nla_len(set),
			       ETHTOOL_A_STRINGSET_STRINGS);
	s3 = unl_nla_data(strings); /* the first: index 0 */
	assert_string_equal(unl_nla_data(unl_nla_find(unl_nla_data(s3),
						      unl_nla_len(s3),
						      ETHTOOL_A_STRING_VALUE)),
			    "tx-scatter-gather");
	assert_int_equal(strset_req(ETH_SS_MSG_CLASSES, true, NULL, 0), 1);
	set = unl_nla_data(attr(collected_msg(0), GENL_HDRLEN,
				ETHTOOL_A_STRSET_STRINGSETS));
	assert_null(unl_nla_find(unl_nla_data(set), unl_nla_len(set),
				 ETHTOOL_A_STRINGSET_STRINGS));

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	nlh = get_one(ETHTOOL_MSG_FEATURES_GET, "v0",
		      ETHTOOL_FLAG_COMPACT_BITSETS);
	bs = attr(nlh, GENL_HDRLEN, ETHTOOL_A_FEATURES_ACTIVE);
	assert_non_null(unl_nla_find(unl_nla_data(bs), unl_nla_len(bs),
				     ETHTOOL_A_BITSET_NOMASK));
	v = unl_nla_find(unl_nla_data(bs), unl_nla_len(bs),
			 ETHTOOL_A_BITSET_VALUE);
	assert_int_equal(unl_nla_len(v), sizeof(words));
	memcpy(words, unl_nla_data(v), sizeof(words));
	/* scatter-gather on, LRO (bit 15) off */
	assert_true(words[0] & 1);
	assert_false(words[0] & (1u << 15));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_header_errors, setup_eth,
						teardown_eth),
		cmocka_unit_test_setup_teardown(test_veth_answers, setup_eth,
						teardown_eth),
		cmocka_unit_test_setup_teardown(test_dumps, setup_eth,
						teardown_eth),
		cmocka_unit_test_setup_teardown(test_features_strings,
						setup_eth, teardown_eth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
