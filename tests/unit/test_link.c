// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Link kinds in process: what each kind's rtnl_link_ops takes, refuses
 * and reports, and the events it causes.  Bridges are also compared
 * with the kernel by tests/rtnl-diff; dummy and vlan (8021q) are absent
 * from the reference kernel, so what is checked of them here follows
 * Linux 6.18's source (drivers/net/dummy.c, net/8021q), as do the
 * bridge's VLAN filtering tests (CONFIG_BRIDGE_VLAN_FILTERING is off on
 * the reference kernel).
 */
#include "rtnl_helpers.h"

#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>

/* newer than the uapi headers this may build against (Linux 6.18) */
enum { GSO_IPV4_MAX = 63, GRO_IPV4_MAX = 64 };

/* network order of a 16-bit value (be16(), whose header clashes with
 * linux/if_bridge.h's) */
static uint16_t be16(uint16_t v)
{
	const uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	uint16_t out;

	memcpy(&out, b, sizeof(out));
	return out;
}

static int link_setup(void **state)
{
	uint32_t one = 1;
	struct fx *f;

	setup(state);
	f = *state;
	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return 0;
}

static int dummy_add(struct fx *f, const char *name)
{
	struct req r;

	link_req(&r, name, NULL, true);
	req_str(&r, IFLA_INFO_KIND, "dummy");
	link_req_end(&r);
	return do_req(f, &r);
}

/* veth and dummy have no changelink: IFLA_INFO_DATA for an existing
 * device is refused (rtnl_changelink()), even empty; so is data of
 * another kind than the device's, or without a kind. */
static void test_changelink_none(void **state)
{
	struct fx *f = *state;
	struct req r;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(dummy_add(f, "d0"), 0);
	link_req(&r, "v0", "veth", false);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
	link_req(&r, "d0", "dummy", false);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
	link_req(&r, "v0", "dummy", false);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
	link_req(&r, "v0", NULL, false);
	req_nest(&r, IFLA_INFO_DATA);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
	/* the kind alone changes nothing and is accepted */
	link_req(&r, "v0", NULL, false);
	req_str(&r, IFLA_INFO_KIND, "veth");
	link_req_end(&r);
	check_req(f, &r, 0, "");
}

/* IFLA_INFO_SLAVE_DATA for a device without a master is refused. */
static void test_slave_data_without_master(void **state)
{
	struct fx *f = *state;
	struct req r;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	link_req(&r, "v0", NULL, false);
	req_str(&r, IFLA_INFO_SLAVE_KIND, "bridge");
	req_nest(&r, IFLA_INFO_SLAVE_DATA);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
}

/* ---- bridges ---- */

static int br_add(struct fx *f, const char *name)
{
	struct req r;

	link_req(&r, name, NULL, true);
	req_str(&r, IFLA_INFO_KIND, "bridge");
	link_req_end(&r);
	return do_req(f, &r);
}

static int set_master(struct fx *f, const char *dev, const char *master)
{
	struct req r;
	struct ifinfomsg *ifm = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifm));

	(void)ifm;
	req_str(&r, IFLA_IFNAME, dev);
	req_u32(&r, IFLA_MASTER, master ? (uint32_t)link_index(f, master) : 0);
	return do_req(f, &r);
}

/* The monitor also listens to RTNLGRP_BRVLAN; what it has queued so far
 * is dropped. */
static void mon_brvlan(struct fx *f)
{
	int g = RTNLGRP_BRVLAN;

	assert_int_equal(unl_setsockopt(f->mon, SOL_NETLINK,
					NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)),
			 0);
	collect(f->mon);
}

/* An AF_BRIDGE RTM_SETLINK or RTM_DELLINK of dev with IFLA_AF_SPEC open:
 * the caller adds to it and calls link_req_end(). */
static void br_af_req(struct fx *f, struct req *r, int type, const char *dev)
{
	struct ifinfomsg *ifm = req_init(r, type, 0, sizeof(*ifm));

	ifm->ifi_family = AF_BRIDGE;
	ifm->ifi_index = link_index(f, dev);
	req_nest(r, IFLA_AF_SPEC);
}

static void vinfo_put(struct req *r, uint16_t vid, uint16_t flags)
{
	struct bridge_vlan_info v = { .flags = flags, .vid = vid };

	req_put(r, IFLA_BRIDGE_VLAN_INFO, &v, sizeof(v));
}

/* The VLANs (vid | flags << 16, in order) of the AF_BRIDGE link message
 * of ifindex in a dump with filter mask ext; returns how many, -1 when
 * the device is not in the dump. */
static int af_bridge_vlans(struct fx *f, int ifindex, uint32_t ext,
			   uint32_t *out, int max)
{
	struct req r;
	struct ifinfomsg *ifm = req_init(&r, RTM_GETLINK, NLM_F_DUMP,
					 sizeof(*ifm));
	int n, found = -1;

	ifm->ifi_family = AF_BRIDGE;
	req_u32(&r, IFLA_EXT_MASK, ext);
	xsend(f, &r);
	n = collect(f->sk);
	for (int i = 0; i < n; i++) {
		const struct nlmsghdr *nlh = collected_msg(i);
		const struct nlattr *spec, *a;
		int rem;

		if (((struct ifinfomsg *)NLMSG_DATA(nlh))->ifi_index != ifindex)
			continue;
		found = 0;
		spec = attr(nlh, sizeof(*ifm), IFLA_AF_SPEC);
		if (!spec)
			continue;
		unl_nla_for_each_nested(a, spec, rem) {
			const struct bridge_vlan_info *v = unl_nla_data(a);

			if (unl_nla_type(a) != IFLA_BRIDGE_VLAN_INFO)
				continue;
			assert_true(found < max);
			out[found++] = v->vid | (uint32_t)v->flags << 16;
		}
	}
	return found;
}

/* An RTM_GETVLAN dump (of every device, or of ifindex) with dump flags:
 * the number of RTM_NEWVLAN messages. */
static int getvlan(struct fx *f, int ifindex, uint32_t dump_flags)
{
	struct req r;
	struct br_vlan_msg *bvm = req_init(&r, RTM_GETVLAN, NLM_F_DUMP,
					   sizeof(*bvm));

	bvm->family = AF_BRIDGE;
	bvm->ifindex = (uint32_t)ifindex;
	if (dump_flags)
		req_u32(&r, BRIDGE_VLANDB_DUMP_FLAGS, dump_flags);
	xsend(f, &r);
	return collect(f->sk);
}

/* The i-th BRIDGE_VLANDB_ENTRY of a collected RTM_NEWVLAN (NULL past
 * the last). */
static const struct nlattr *vlan_entry(const struct nlmsghdr *nlh, int type,
				       int i)
{
	const struct nlattr *a;
	int rem = (int)(nlh->nlmsg_len -
			NLMSG_LENGTH(sizeof(struct br_vlan_msg)));

	unl_nla_for_each((a), (const struct nlattr *)((const uint8_t *)
							      NLMSG_DATA(nlh) +
						      sizeof(struct br_vlan_msg)),
			 rem, rem)
		if (unl_nla_type(a) == type && !i--)
			return a;
	return NULL;
}

static const struct bridge_vlan_info *entry_info(const struct nlattr *e)
{
	return unl_nla_data(nested(e, BRIDGE_VLANDB_ENTRY_INFO));
}

static const struct nlmsghdr *msg_of(int n, int type, int ifindex)
{
	for (int i = 0; i < n; i++) {
		const struct nlmsghdr *nlh = collected_msg(i);
		const struct br_vlan_msg *bvm = NLMSG_DATA(nlh);

		if (nlh->nlmsg_type == type && (int)bvm->ifindex == ifindex)
			return nlh;
	}
	return NULL;
}

/* A bridge gets its default PVID (1, untagged) when it registers, a
 * port when it joins (br_vlan_bridge_event(), nbp_vlan_init()), each
 * announced with RTM_NEWVLAN; RTM_GETVLAN dumps them per device. */
static void test_bridge_vlan_default_pvid(void **state)
{
	struct fx *f = *state;
	const struct nlmsghdr *nlh;
	const struct bridge_vlan_info *vi;
	int br, v0, n;

	mon_brvlan(f);
	assert_int_equal(br_add(f, "br0"), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(set_master(f, "v0", "br0"), 0);
	br = link_index(f, "br0");
	v0 = link_index(f, "v0");
	n = collect(f->mon);
	nlh = msg_of(n, RTM_NEWVLAN, br);
	assert_non_null(nlh);
	vi = entry_info(vlan_entry(nlh, BRIDGE_VLANDB_ENTRY, 0));
	assert_int_equal(vi->vid, 1);
	assert_int_equal(vi->flags,
			 BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED);
	assert_non_null(msg_of(n, RTM_NEWVLAN, v0));

	/* the bridge and its port, not the peer */
	assert_int_equal(getvlan(f, 0, 0), 2);
	nlh = msg_of(2, RTM_NEWVLAN, v0);
	assert_non_null(nlh);
	vi = entry_info(vlan_entry(nlh, BRIDGE_VLANDB_ENTRY, 0));
	assert_int_equal(vi->vid, 1);
	assert_int_equal(vi->flags,
			 BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED);
	assert_int_equal(unl_nla_get_u8(nested(vlan_entry(nlh, BRIDGE_VLANDB_ENTRY, 0),
					       BRIDGE_VLANDB_ENTRY_STATE)),
			 BR_STATE_FORWARDING);
	assert_null(vlan_entry(nlh, BRIDGE_VLANDB_ENTRY, 1));
}

/* IFLA_BRIDGE_VLAN_INFO in an AF_BRIDGE RTM_SETLINK: a range and a new
 * PVID on a port; dumps list them one by one (RTEXT_FILTER_BRVLAN) or
 * as ranges of equal flags (RTEXT_FILTER_BRVLAN_COMPRESSED); the
 * bridge shows only its own entries. */
static void test_bridge_vlan_ranges(void **state)
{
	struct fx *f = *state;
	uint32_t v[16];
	struct req r;
	const uint16_t U = BRIDGE_VLAN_INFO_UNTAGGED, P = BRIDGE_VLAN_INFO_PVID;
	int v0;

	assert_int_equal(br_add(f, "br0"), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(set_master(f, "v0", "br0"), 0);
	v0 = link_index(f, "v0");
	br_af_req(f, &r, RTM_SETLINK, "v0");
	vinfo_put(&r, 10, U | BRIDGE_VLAN_INFO_RANGE_BEGIN);
	vinfo_put(&r, 12, U | BRIDGE_VLAN_INFO_RANGE_END);
	vinfo_put(&r, 20, P);
	link_req_end(&r);
	check_req(f, &r, 0, "");

	assert_int_equal(af_bridge_vlans(f, v0, RTEXT_FILTER_BRVLAN, v, 16), 5);
	assert_int_equal(v[0], 1 | (uint32_t)U << 16);
	assert_int_equal(v[1], 10 | (uint32_t)U << 16);
	assert_int_equal(v[3], 12 | (uint32_t)U << 16);
	assert_int_equal(v[4], 20 | (uint32_t)P << 16);
	assert_int_equal(af_bridge_vlans(f, v0, RTEXT_FILTER_BRVLAN_COMPRESSED,
					 v, 16),
			 4);
	assert_int_equal(v[1], 10 | (uint32_t)(U | BRIDGE_VLAN_INFO_RANGE_BEGIN) << 16);
	assert_int_equal(v[2], 12 | (uint32_t)(U | BRIDGE_VLAN_INFO_RANGE_END) << 16);
	assert_int_equal(af_bridge_vlans(f, link_index(f, "br0"),
					 RTEXT_FILTER_BRVLAN, v, 16),
			 1);
	/* without a filter the bridge is not in the dump */
	assert_int_equal(af_bridge_vlans(f, link_index(f, "br0"), 0, v, 16), -1);

	br_af_req(f, &r, RTM_DELLINK, "v0");
	vinfo_put(&r, 11, 0);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	assert_int_equal(af_bridge_vlans(f, v0, RTEXT_FILTER_BRVLAN_COMPRESSED,
					 v, 16),
			 4);
	assert_int_equal(v[1], 10 | (uint32_t)U << 16);
	assert_int_equal(v[2], 12 | (uint32_t)U << 16);
}

static void vlandb_req(struct req *r, int type, int ifindex)
{
	struct br_vlan_msg *bvm = req_init(r, type, 0, sizeof(*bvm));

	bvm->family = AF_BRIDGE;
	bvm->ifindex = (uint32_t)ifindex;
}

/* RTM_NEWVLAN / RTM_DELVLAN refuse what br_vlan_rtm_process() refuses,
 * with its messages. */
static void test_bridge_vlan_rtm_errors(void **state)
{
	struct fx *f = *state;
	struct bridge_vlan_info vi = { .vid = 5, .flags = BRIDGE_VLAN_INFO_RANGE_BEGIN };
	struct req r;

	assert_int_equal(br_add(f, "br0"), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(set_master(f, "v0", "br0"), 0);
	vlandb_req(&r, RTM_NEWVLAN, link_index(f, "v1"));
	check_req(f, &r, -EINVAL, "bridge: The device is not a valid bridge or bridge port");
	vlandb_req(&r, RTM_NEWVLAN, link_index(f, "v0"));
	check_req(f, &r, -EINVAL, "bridge: No vlans found to process");
	vlandb_req(&r, RTM_NEWVLAN, link_index(f, "v0"));
	req_nest(&r, BRIDGE_VLANDB_ENTRY | NLA_F_NESTED);
	req_end(&r);
	check_req(f, &r, -EINVAL, "bridge: Missing vlan entry info");
	vlandb_req(&r, RTM_NEWVLAN, link_index(f, "v0"));
	req_nest(&r, BRIDGE_VLANDB_ENTRY | NLA_F_NESTED);
	req_put(&r, BRIDGE_VLANDB_ENTRY_INFO, &vi, sizeof(vi));
	req_end(&r);
	check_req(f, &r, -EINVAL, "bridge: Old-style vlan ranges are not allowed when using RTM vlan calls");
	vi.flags = BRIDGE_VLAN_INFO_ONLY_OPTS;
	vlandb_req(&r, RTM_NEWVLAN, link_index(f, "v0"));
	req_nest(&r, BRIDGE_VLANDB_ENTRY | NLA_F_NESTED);
	req_put(&r, BRIDGE_VLANDB_ENTRY_INFO, &vi, sizeof(vi));
	req_u8(&r, BRIDGE_VLANDB_ENTRY_STATE, BR_STATE_BLOCKING);
	req_end(&r);
	check_req(f, &r, -ENOENT, "bridge: Vlan range start doesn't exist, can't process options");
	vlandb_req(&r, RTM_NEWVLAN, link_index(f, "v0"));
	req_nest(&r, BRIDGE_VLANDB_GLOBAL_OPTIONS | NLA_F_NESTED);
	req_u16(&r, BRIDGE_VLANDB_GOPTS_ID, 1);
	req_end(&r);
	check_req(f, &r, -EINVAL, "bridge: Global vlan options can only be set on bridge device");

	/* a new id with options: added, then the options apply */
	vi.flags = 0;
	vlandb_req(&r, RTM_NEWVLAN, link_index(f, "v0"));
	req_nest(&r, BRIDGE_VLANDB_ENTRY | NLA_F_NESTED);
	req_put(&r, BRIDGE_VLANDB_ENTRY_INFO, &vi, sizeof(vi));
	req_u8(&r, BRIDGE_VLANDB_ENTRY_STATE, BR_STATE_BLOCKING);
	req_end(&r);
	check_req(f, &r, 0, "");
	assert_int_equal(getvlan(f, link_index(f, "v0"), 0), 1);
	assert_int_equal(entry_info(vlan_entry(collected_msg(0), BRIDGE_VLANDB_ENTRY, 1))->vid, 5);
	assert_int_equal(unl_nla_get_u8(nested(vlan_entry(collected_msg(0), BRIDGE_VLANDB_ENTRY, 1),
					       BRIDGE_VLANDB_ENTRY_STATE)),
			 BR_STATE_BLOCKING);
}

static const struct nlattr *br_info(struct fx *f, const char *name, int type)
{
	return nested(linkinfo(link_msg(f, name), IFLA_INFO_DATA), type);
}

static int br_change_u16(struct fx *f, const char *name, int type, uint16_t v)
{
	struct req r;

	link_req(&r, name, "bridge", false);
	req_u16(&r, type, v);
	link_req_end(&r);
	return do_req(f, &r);
}

static int br_change_u8(struct fx *f, const char *name, int type, uint8_t v)
{
	struct req r;

	link_req(&r, name, "bridge", false);
	req_u8(&r, type, v);
	link_req_end(&r);
	return do_req(f, &r);
}

/* vlan_filtering, vlan_protocol and vlan_default_pvid are stored and
 * reported; the default PVID moves only with filtering off, from the
 * bridge and the ports that kept it; an 802.1ad bridge that filters
 * uses the provider group address (recalculate_group_addr()). */
static void test_bridge_vlan_options(void **state)
{
	struct fx *f = *state;
	const uint8_t *ga;
	uint32_t v[8];
	int v0;

	assert_int_equal(br_add(f, "br0"), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(set_master(f, "v0", "br0"), 0);
	v0 = link_index(f, "v0");
	assert_int_equal(br_change_u8(f, "br0", IFLA_BR_VLAN_FILTERING, 1), 0);
	assert_int_equal(unl_nla_get_u8(br_info(f, "br0", IFLA_BR_VLAN_FILTERING)), 1);
	assert_int_equal(br_change_u16(f, "br0", IFLA_BR_VLAN_DEFAULT_PVID, 7),
			 -EPERM);
	assert_int_equal(br_change_u16(f, "br0", IFLA_BR_VLAN_PROTOCOL,
				       be16(0x88a8)),
			 0);
	assert_int_equal(be16(unl_nla_get_u16(br_info(f, "br0", IFLA_BR_VLAN_PROTOCOL))),
			 0x88a8);
	ga = unl_nla_data(br_info(f, "br0", IFLA_BR_GROUP_ADDR));
	assert_int_equal(ga[5], 0x08);
	assert_int_equal(br_change_u16(f, "br0", IFLA_BR_VLAN_PROTOCOL,
				       be16(0x0800)),
			 -EPROTONOSUPPORT);
	assert_int_equal(br_change_u16(f, "br0", IFLA_BR_VLAN_DEFAULT_PVID, 4095),
			 -EINVAL);
	/* a port has VLANs */
	assert_int_equal(br_change_u8(f, "br0", IFLA_BR_VLAN_STATS_PER_PORT, 1),
			 -EBUSY);

	assert_int_equal(br_change_u8(f, "br0", IFLA_BR_VLAN_FILTERING, 0), 0);
	ga = unl_nla_data(br_info(f, "br0", IFLA_BR_GROUP_ADDR));
	assert_int_equal(ga[5], 0x00);
	assert_int_equal(br_change_u16(f, "br0", IFLA_BR_VLAN_DEFAULT_PVID, 7), 0);
	assert_int_equal(unl_nla_get_u16(br_info(f, "br0", IFLA_BR_VLAN_DEFAULT_PVID)),
			 7);
	assert_int_equal(af_bridge_vlans(f, v0, RTEXT_FILTER_BRVLAN, v, 8), 1);
	assert_int_equal(v[0], 7 | (uint32_t)(BRIDGE_VLAN_INFO_PVID |
					       BRIDGE_VLAN_INFO_UNTAGGED) << 16);
	assert_int_equal(af_bridge_vlans(f, link_index(f, "br0"),
					 RTEXT_FILTER_BRVLAN, v, 8),
			 1);
	assert_int_equal(v[0] & 0xffff, 7);
	/* 0 takes the default away */
	assert_int_equal(br_change_u16(f, "br0", IFLA_BR_VLAN_DEFAULT_PVID, 0), 0);
	assert_int_equal(af_bridge_vlans(f, v0, RTEXT_FILTER_BRVLAN, v, 8), 0);
}

/* The bridge's per-VLAN global options (RTM_NEWVLAN with
 * BRIDGE_VLANDB_GLOBAL_OPTIONS), dumped with BRIDGE_VLANDB_DUMPF_GLOBAL
 * as ranges of equal options, the ports' VLANs' contexts included. */
static void test_bridge_vlan_global(void **state)
{
	struct fx *f = *state;
	const struct nlattr *g;
	struct req r;
	int br;

	assert_int_equal(br_add(f, "br0"), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(set_master(f, "v0", "br0"), 0);
	br = link_index(f, "br0");
	br_af_req(f, &r, RTM_SETLINK, "v0");
	vinfo_put(&r, 2, BRIDGE_VLAN_INFO_RANGE_BEGIN);
	vinfo_put(&r, 4, BRIDGE_VLAN_INFO_RANGE_END);
	link_req_end(&r);
	check_req(f, &r, 0, "");

	vlandb_req(&r, RTM_NEWVLAN, br);
	req_nest(&r, BRIDGE_VLANDB_GLOBAL_OPTIONS | NLA_F_NESTED);
	req_u16(&r, BRIDGE_VLANDB_GOPTS_ID, 3);
	req_u8(&r, BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION, 3);
	req_end(&r);
	check_req(f, &r, 0, "");
	vlandb_req(&r, RTM_NEWVLAN, br);
	req_nest(&r, BRIDGE_VLANDB_GLOBAL_OPTIONS | NLA_F_NESTED);
	req_u16(&r, BRIDGE_VLANDB_GOPTS_ID, 3);
	req_u8(&r, BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION, 4);
	req_end(&r);
	check_req(f, &r, -EINVAL, "");
	vlandb_req(&r, RTM_NEWVLAN, br);
	req_nest(&r, BRIDGE_VLANDB_GLOBAL_OPTIONS | NLA_F_NESTED);
	req_u16(&r, BRIDGE_VLANDB_GOPTS_ID, 9);
	req_end(&r);
	check_req(f, &r, -ENOENT, "bridge: Vlan in range doesn't exist, can't process global options");

	/* 1 (the bridge's own), 2 (a context), 3 (IGMPv3), 4 */
	assert_int_equal(getvlan(f, br, BRIDGE_VLANDB_DUMPF_GLOBAL), 1);
	g = vlan_entry(collected_msg(0), BRIDGE_VLANDB_GLOBAL_OPTIONS, 0);
	assert_int_equal(unl_nla_get_u16(nested(g, BRIDGE_VLANDB_GOPTS_ID)), 1);
	assert_int_equal(unl_nla_get_u16(nested(g, BRIDGE_VLANDB_GOPTS_RANGE)), 2);
	g = vlan_entry(collected_msg(0), BRIDGE_VLANDB_GLOBAL_OPTIONS, 1);
	assert_int_equal(unl_nla_get_u16(nested(g, BRIDGE_VLANDB_GOPTS_ID)), 3);
	assert_null(nested(g, BRIDGE_VLANDB_GOPTS_RANGE));
	assert_int_equal(unl_nla_get_u8(nested(g, BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION)),
			 3);
	g = vlan_entry(collected_msg(0), BRIDGE_VLANDB_GLOBAL_OPTIONS, 2);
	assert_int_equal(unl_nla_get_u16(nested(g, BRIDGE_VLANDB_GOPTS_ID)), 4);
	/* a port has no global options */
	assert_int_equal(getvlan(f, link_index(f, "v0"), BRIDGE_VLANDB_DUMPF_GLOBAL),
			 0);
}

static int br_boolopt(struct fx *f, const char *name, uint32_t opt, bool on)
{
	struct br_boolopt_multi bm = { .optval = on ? 1u << opt : 0,
				       .optmask = 1u << opt };
	struct req r;

	link_req(&r, name, "bridge", false);
	req_put(&r, IFLA_BR_MULTI_BOOLOPT, &bm, sizeof(bm));
	link_req_end(&r);
	return do_req(f, &r);
}

/* Multiple spanning trees (br_mst.c): MST mode changes only while no
 * port has VLANs; a VLAN moves to a tree (BRIDGE_VLANDB_GOPTS_MSTI) and
 * a port's state in a tree (IFLA_BRIDGE_MST) is its VLANs' state. */
static void test_bridge_mst(void **state)
{
	struct fx *f = *state;
	struct req r;
	char msg[128];
	int v0;

	assert_int_equal(br_add(f, "br0"), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(set_master(f, "v0", "br0"), 0);
	v0 = link_index(f, "v0");
	link_req(&r, "br0", "bridge", false);
	{
		struct br_boolopt_multi bm = { .optval = 1u << BR_BOOLOPT_MST_ENABLE,
					       .optmask = 1u << BR_BOOLOPT_MST_ENABLE };

		req_put(&r, IFLA_BR_MULTI_BOOLOPT, &bm, sizeof(bm));
	}
	link_req_end(&r);
	assert_int_equal(do_req_msg(f, &r, msg, sizeof(msg)), -EBUSY);
	assert_string_equal(msg, "MST mode can't be changed while VLANs exist");
	br_af_req(f, &r, RTM_SETLINK, "v0");
	req_nest(&r, IFLA_BRIDGE_MST | NLA_F_NESTED);
	req_end(&r);
	link_req_end(&r);
	check_req(f, &r, -EBUSY, "bridge: Can't modify MST state when MST is disabled");

	/* without VLANs on the port it can be turned on */
	br_af_req(f, &r, RTM_DELLINK, "v0");
	vinfo_put(&r, 1, 0);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	assert_int_equal(br_boolopt(f, "br0", BR_BOOLOPT_MST_ENABLE, true), 0);
	br_af_req(f, &r, RTM_SETLINK, "v0");
	vinfo_put(&r, 10, 0);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	vlandb_req(&r, RTM_NEWVLAN, link_index(f, "br0"));
	req_nest(&r, BRIDGE_VLANDB_GLOBAL_OPTIONS | NLA_F_NESTED);
	req_u16(&r, BRIDGE_VLANDB_GOPTS_ID, 10);
	req_u16(&r, BRIDGE_VLANDB_GOPTS_MSTI, 2);
	req_end(&r);
	check_req(f, &r, 0, "");
	br_af_req(f, &r, RTM_SETLINK, "v0");
	req_nest(&r, IFLA_BRIDGE_MST | NLA_F_NESTED);
	req_nest(&r, IFLA_BRIDGE_MST_ENTRY | NLA_F_NESTED);
	req_u16(&r, IFLA_BRIDGE_MST_ENTRY_MSTI, 2);
	req_u8(&r, IFLA_BRIDGE_MST_ENTRY_STATE, BR_STATE_BLOCKING);
	req_end(&r);
	req_end(&r);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	assert_int_equal(getvlan(f, v0, 0), 1);
	assert_int_equal(unl_nla_get_u8(nested(vlan_entry(collected_msg(0), BRIDGE_VLANDB_ENTRY, 0),
					       BRIDGE_VLANDB_ENTRY_STATE)),
			 BR_STATE_BLOCKING);
	/* the VLAN's state is MST's now */
	vlandb_req(&r, RTM_NEWVLAN, v0);
	req_nest(&r, BRIDGE_VLANDB_ENTRY | NLA_F_NESTED);
	{
		struct bridge_vlan_info vi = { .vid = 10 };

		req_put(&r, BRIDGE_VLANDB_ENTRY_INFO, &vi, sizeof(vi));
	}
	req_u8(&r, BRIDGE_VLANDB_ENTRY_STATE, BR_STATE_FORWARDING);
	req_end(&r);
	check_req(f, &r, -EBUSY, "bridge: Can't modify vlan state directly when MST is enabled");
}

/* A net whose kernel has the bridge without VLAN filtering answers as
 * Linux's stubs do: the option and the VLAN calls are refused, the VLAN
 * attributes are not reported, RTM_GETVLAN is not registered. */
static int nofilter_setup(void **state)
{
	static const char text[] = "name nofilter\nkernel 6.18\n"
				   "link bridge veth\n"
				   "feature BRIDGE_IGMP_SNOOPING\n";
	struct unl_profile *p;
	uint32_t one = 1;

	assert_int_equal(unl_profile_parse(text, sizeof(text) - 1, "test", &p,
					   NULL, 0),
			 0);
	setup_with_profile(state, p);
	unl_setsockopt(((struct fx *)*state)->sk, SOL_NETLINK, NETLINK_EXT_ACK,
		       &one, sizeof(one));
	return 0;
}

static void test_bridge_no_vlan_filtering(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct br_vlan_msg *bvm;

	assert_int_equal(br_add(f, "br0"), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(set_master(f, "v0", "br0"), 0);
	assert_int_equal(br_change_u8(f, "br0", IFLA_BR_VLAN_FILTERING, 0),
			 -EOPNOTSUPP);
	assert_null(br_info(f, "br0", IFLA_BR_VLAN_PROTOCOL));
	assert_null(br_info(f, "br0", IFLA_BR_VLAN_DEFAULT_PVID));
	assert_non_null(br_info(f, "br0", IFLA_BR_VLAN_FILTERING));
	/* accepted without a look, as without CONFIG_BRIDGE_VLAN_FILTERING */
	assert_int_equal(br_change_u16(f, "br0", IFLA_BR_VLAN_PROTOCOL,
				       be16(0x0800)),
			 0);
	br_af_req(f, &r, RTM_SETLINK, "v0");
	vinfo_put(&r, 5, 0);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "");
	br_af_req(f, &r, RTM_SETLINK, "v0");
	vinfo_put(&r, 4095, 0);
	link_req_end(&r);
	check_req(f, &r, -EINVAL, "bridge: Vlan id is invalid");
	bvm = req_init(&r, RTM_GETVLAN, NLM_F_DUMP, sizeof(*bvm));
	bvm->family = AF_BRIDGE;
	check_req(f, &r, -EOPNOTSUPP, NULL);
}

/* Not exported: the test clock (src/core/internal.h). */
void unl_debug_set_clock(struct unl_net *net, int64_t (*fn)(void *user),
			 void *user);

static unsigned int link_flags(struct fx *f, const char *name);
static int64_t test_now;

static int64_t test_clock(void *user)
{
	(void)user;
	return test_now;
}

/* The AF_BRIDGE states of ifindex the monitor has heard, in order. */
static int port_states(struct fx *f, int ifindex, uint8_t *states, int max)
{
	int n = collect(f->mon), k = 0;

	for (int i = 0; i < n && k < max; i++) {
		const struct nlmsghdr *nlh = collected_msg(i);
		const struct ifinfomsg *ifm = NLMSG_DATA(nlh);
		const struct nlattr *pi;

		if (nlh->nlmsg_type != RTM_NEWLINK ||
		    ifm->ifi_family != AF_BRIDGE || ifm->ifi_index != ifindex)
			continue;
		pi = attr(nlh, sizeof(*ifm), IFLA_PROTINFO);
		states[k++] = unl_nla_get_u8(nested(pi, IFLA_BRPORT_STATE));
	}
	return k;
}

/* The kernel's spanning tree without BPDUs: the bridge is the root and
 * a port that comes up is designated, so it listens, then learns, a
 * forward delay (15 s) each, then forwards (br_make_forwarding(),
 * br_forward_delay_timer_expired()), announced at each step; the bridge
 * has carrier once a port forwards, and that is a topology change:
 * entries age after twice the forward delay until it has been
 * propagated for a forward delay and a max age. */
static void test_bridge_stp_states(void **state)
{
	struct fx *f = *state;
	uint8_t st[8];
	const int64_t s = UNL_NSEC_PER_SEC;
	int v0, br;
	struct req r;

	test_now = 1000 * s;
	unl_debug_set_clock(f->net, test_clock, NULL);
	assert_int_equal(br_add(f, "br0"), 0);
	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(set_master(f, "v0", "br0"), 0);
	link_req(&r, "br0", "bridge", false);
	req_u32(&r, IFLA_BR_STP_STATE, 1);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	v0 = link_index(f, "v0");
	br = link_index(f, "br0");
	assert_int_equal(link_set_flags(f, br, IFF_UP), 0);
	assert_int_equal(link_set_flags(f, link_index(f, "v1"), IFF_UP), 0);
	collect(f->mon);
	assert_int_equal(link_set_flags(f, v0, IFF_UP), 0);
	/* up, but not yet operationally (linkwatch): still disabled */
	assert_int_equal(port_states(f, v0, st, 8), 3);
	assert_int_equal(st[0], BR_STATE_DISABLED);
	assert_int_equal(st[1], BR_STATE_LISTENING);
	assert_false(link_flags(f, "br0") & IFF_LOWER_UP);

	test_now += 15 * s;
	unl_net_run_timers(f->net);
	assert_int_equal(port_states(f, v0, st, 8), 1);
	assert_int_equal(st[0], BR_STATE_LEARNING);
	test_now += 15 * s;
	unl_net_run_timers(f->net);
	assert_true(port_states(f, v0, st, 8) >= 1);
	assert_int_equal(st[0], BR_STATE_FORWARDING);
	assert_true(link_flags(f, "br0") & IFF_LOWER_UP);
	assert_int_equal(unl_nla_get_u8(br_info(f, "br0", IFLA_BR_TOPOLOGY_CHANGE)), 1);
	assert_int_equal(unl_nla_get_u32(br_info(f, "br0", IFLA_BR_AGEING_TIME)),
			 3000);
	test_now += 35 * s;
	unl_net_run_timers(f->net);
	assert_int_equal(unl_nla_get_u8(br_info(f, "br0", IFLA_BR_TOPOLOGY_CHANGE)), 0);
	assert_int_equal(unl_nla_get_u32(br_info(f, "br0", IFLA_BR_AGEING_TIME)),
			 30000);
	/* with STP on, the state is the kernel's */
	br_af_req(f, &r, RTM_SETLINK, "v0");
	req_end(&r);
	req_u8(&r, IFLA_PROTINFO, BR_STATE_BLOCKING);
	check_req(f, &r, -EBUSY, "");
}

/* ---- vlan (net/8021q, absent from the reference kernel) ---- */

/* An RTM_NEWLINK creating a vlan called name (NULL: unnamed) on lower,
 * with IFLA_INFO_DATA open: the caller adds to it and calls
 * link_req_end(). */
static void vlan_req_mtu(struct fx *f, struct req *r, const char *name,
			 const char *lower, uint32_t mtu)
{
	struct ifinfomsg *ifm = req_init(r, RTM_NEWLINK,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*ifm));

	(void)ifm;
	if (name)
		req_str(r, IFLA_IFNAME, name);
	if (lower)
		req_u32(r, IFLA_LINK, (uint32_t)link_index(f, lower));
	if (mtu)
		req_u32(r, IFLA_MTU, mtu);
	req_nest(r, IFLA_LINKINFO);
	req_str(r, IFLA_INFO_KIND, "vlan");
	req_nest(r, IFLA_INFO_DATA);
}

static void vlan_req(struct fx *f, struct req *r, const char *name,
		     const char *lower)
{
	vlan_req_mtu(f, r, name, lower, 0);
}

/* An RTM_NEWLINK of the existing device name with one attribute. */
static int link_set_attr(struct fx *f, const char *name, int type,
			 const void *data, size_t len)
{
	struct req r;
	struct ifinfomsg *ifm = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifm));

	(void)ifm;
	req_str(&r, IFLA_IFNAME, name);
	req_put(&r, type, data, len);
	return do_req(f, &r);
}

static int vlan_add(struct fx *f, const char *name, const char *lower,
		    uint16_t id)
{
	struct req r;

	vlan_req(f, &r, name, lower);
	req_u16(&r, IFLA_VLAN_ID, id);
	link_req_end(&r);
	return do_req(f, &r);
}

/* vlan_validate() and vlan_newlink() refuse with 8021q's messages. */
static void test_vlan_checks(void **state)
{
	struct fx *f = *state;
	struct ifla_vlan_flags fl = { .flags = 1u << 5, .mask = ~0u };
	struct req r;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	link_req(&r, "x", NULL, true);
	req_str(&r, IFLA_INFO_KIND, "vlan");
	link_req_end(&r);
	check_req(f, &r, -EINVAL, "8021q: VLAN properties not specified");
	vlan_req(f, &r, "x", "v0");
	req_u16(&r, IFLA_VLAN_ID, 4095);
	link_req_end(&r);
	check_req(f, &r, -ERANGE, "8021q: Invalid VLAN id");
	vlan_req(f, &r, "x", "v0");
	req_u16(&r, IFLA_VLAN_ID, 5);
	req_u16(&r, IFLA_VLAN_PROTOCOL, be16(0x0800));
	link_req_end(&r);
	check_req(f, &r, -EPROTONOSUPPORT, "8021q: Invalid VLAN protocol");
	vlan_req(f, &r, "x", "v0");
	req_u16(&r, IFLA_VLAN_ID, 5);
	req_put(&r, IFLA_VLAN_FLAGS, &fl, sizeof(fl));
	link_req_end(&r);
	check_req(f, &r, -EINVAL, "8021q: Invalid VLAN flags");
	vlan_req(f, &r, "x", "v0");
	link_req_end(&r);
	check_req(f, &r, -EINVAL, "8021q: VLAN id not specified");
	vlan_req(f, &r, "x", NULL);
	req_u16(&r, IFLA_VLAN_ID, 5);
	link_req_end(&r);
	check_req(f, &r, -EINVAL, "8021q: link not specified");
	vlan_req(f, &r, "x", "lo");
	req_u16(&r, IFLA_VLAN_ID, 5);
	link_req_end(&r);
	check_req(f, &r, -EOPNOTSUPP, "8021q: VLANs not supported on device");
	assert_int_equal(vlan_add(f, "v0.5", "v0", 5), 0);
	vlan_req(f, &r, "x", "v0");
	req_u16(&r, IFLA_VLAN_ID, 5);
	link_req_end(&r);
	check_req(f, &r, -EEXIST, "8021q: VLAN device already exists");
	/* the same id with the other protocol is another VLAN */
	vlan_req(f, &r, "x", "v0");
	req_u16(&r, IFLA_VLAN_ID, 5);
	req_u16(&r, IFLA_VLAN_PROTOCOL, be16(0x88a8));
	link_req_end(&r);
	check_req(f, &r, 0, "");
	vlan_req_mtu(f, &r, "y", "v0", 1501);
	req_u16(&r, IFLA_VLAN_ID, 6);
	link_req_end(&r);
	check_req(f, &r, -EINVAL, "");
	assert_int_equal(getlink(f, 0, "y"), 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, NLMSG_ERROR);
}

/* The protocol asked for is kept; flags (REORDER_HDR by default) and
 * the priority maps are stored, changed by changelink and reported as
 * vlan_fill_info() reports them: ingress by PCP, egress by the bucket
 * of the skb priority's low bits, newest first, unmapped ones left
 * out. */
static void test_vlan_info(void **state)
{
	struct fx *f = *state;
	struct ifla_vlan_flags fl = { .flags = VLAN_FLAG_LOOSE_BINDING,
				      .mask = VLAN_FLAG_LOOSE_BINDING |
					      VLAN_FLAG_REORDER_HDR };
	static const struct ifla_vlan_qos_mapping eg[] = {
		{ 1, 2 }, { 3, 4 }, { 17, 5 }, { 1, 0 },
	};
	const struct ifla_vlan_qos_mapping *m;
	const struct ifla_vlan_flags *got;
	const struct nlattr *data, *a;
	struct req r;
	int rem, n = 0;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	vlan_req(f, &r, NULL, "v0");
	req_u16(&r, IFLA_VLAN_ID, 7);
	req_u16(&r, IFLA_VLAN_PROTOCOL, be16(0x88a8));
	link_req_end(&r);
	check_req(f, &r, 0, "");
	/* unnamed: after the kind */
	data = linkinfo(link_msg(f, "vlan0"), IFLA_INFO_DATA);
	assert_int_equal(be16(unl_nla_get_u16(nested(data, IFLA_VLAN_PROTOCOL))),
			 0x88a8);
	assert_int_equal(unl_nla_get_u16(nested(data, IFLA_VLAN_ID)), 7);
	got = unl_nla_data(nested(data, IFLA_VLAN_FLAGS));
	assert_int_equal(got->flags, VLAN_FLAG_REORDER_HDR);
	assert_null(nested(data, IFLA_VLAN_EGRESS_QOS));

	link_req(&r, "vlan0", "vlan", false);
	req_put(&r, IFLA_VLAN_FLAGS, &fl, sizeof(fl));
	req_nest(&r, IFLA_VLAN_EGRESS_QOS);
	for (size_t i = 0; i < sizeof(eg) / sizeof(eg[0]); i++)
		req_put(&r, IFLA_VLAN_QOS_MAPPING, &eg[i], sizeof(eg[i]));
	req_end(&r);
	req_nest(&r, IFLA_VLAN_INGRESS_QOS);
	req_put(&r, IFLA_VLAN_QOS_MAPPING,
		&(struct ifla_vlan_qos_mapping){ 4, 1 }, sizeof(eg[0]));
	req_put(&r, IFLA_VLAN_QOS_MAPPING,
		&(struct ifla_vlan_qos_mapping){ 2, 9 }, sizeof(eg[0]));
	req_end(&r);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	data = linkinfo(link_msg(f, "vlan0"), IFLA_INFO_DATA);
	got = unl_nla_data(nested(data, IFLA_VLAN_FLAGS));
	assert_int_equal(got->flags, VLAN_FLAG_LOOSE_BINDING);
	assert_int_equal(got->mask, ~0u);
	unl_nla_for_each_nested(a, nested(data, IFLA_VLAN_EGRESS_QOS), rem) {
		m = unl_nla_data(a);
		assert_int_equal(m->from, n == 0 ? 17 : 3);
		assert_int_equal(m->to, n == 0 ? 5 : 4);
		n++;
	}
	assert_int_equal(n, 2);
	m = unl_nla_data(nested(nested(data, IFLA_VLAN_INGRESS_QOS),
				IFLA_VLAN_QOS_MAPPING));
	assert_int_equal(m->from, 2);
	assert_int_equal(m->to, 9);
	/* the id and the protocol do not change */
	link_req(&r, "vlan0", "vlan", false);
	req_u16(&r, IFLA_VLAN_ID, 9);
	link_req_end(&r);
	check_req(f, &r, 0, "");
	data = linkinfo(link_msg(f, "vlan0"), IFLA_INFO_DATA);
	assert_int_equal(unl_nla_get_u16(nested(data, IFLA_VLAN_ID)), 7);
	link_req(&r, "vlan0", "vlan", false);
	req_put(&r, IFLA_VLAN_FLAGS,
		&(struct ifla_vlan_flags){ .flags = 0, .mask = 1u << 7 },
		sizeof(fl));
	link_req_end(&r);
	check_req(f, &r, -EINVAL, "");
}

static unsigned int link_flags(struct fx *f, const char *name)
{
	return ((struct ifinfomsg *)NLMSG_DATA(link_msg(f, name)))->ifi_flags;
}

static uint32_t link_u32(struct fx *f, const char *name, int type)
{
	return unl_nla_get_u32(attr(link_msg(f, name), sizeof(struct ifinfomsg),
				    type));
}

/* vlan_device_event(): the lower device coming up brings its VLANs up
 * (not the loosely bound); going down closes them; its MTU caps
 * theirs; its MAC is theirs while they inherit it; a VLAN cannot open
 * above a lower device that is down. */
static void test_vlan_follows_lower(void **state)
{
	struct fx *f = *state;
	struct req r;
	static const uint8_t mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 0x42 };

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(vlan_add(f, "v0.5", "v0", 5), 0);
	vlan_req(f, &r, "v0.6", "v0");
	req_u16(&r, IFLA_VLAN_ID, 6);
	req_put(&r, IFLA_VLAN_FLAGS,
		&(struct ifla_vlan_flags){ .flags = VLAN_FLAG_LOOSE_BINDING,
					   .mask = VLAN_FLAG_LOOSE_BINDING },
		sizeof(struct ifla_vlan_flags));
	link_req_end(&r);
	check_req(f, &r, 0, "");
	assert_int_equal(link_set_flags(f, link_index(f, "v0.5"), IFF_UP),
			 -ENETDOWN);
	assert_int_equal(link_set_flags(f, link_index(f, "v0"), IFF_UP), 0);
	assert_true(link_flags(f, "v0.5") & IFF_UP);
	assert_false(link_flags(f, "v0.6") & IFF_UP);
	assert_int_equal(link_set_flags(f, link_index(f, "v0.6"), IFF_UP), 0);
	assert_int_equal(link_set_flags(f, link_index(f, "v0"), 0), 0);
	assert_false(link_flags(f, "v0.5") & IFF_UP);
	assert_true(link_flags(f, "v0.6") & IFF_UP);

	assert_int_equal(link_set_flags(f, link_index(f, "v0"), IFF_UP), 0);
	assert_int_equal(link_set_attr(f, "v0", IFLA_MTU, &(uint32_t){ 1400 },
				       sizeof(uint32_t)),
			 0);
	assert_int_equal(link_u32(f, "v0.5", IFLA_MTU), 1400);
	assert_int_equal(link_set_attr(f, "v0.5", IFLA_MTU,
				       &(uint32_t){ 1450 }, sizeof(uint32_t)),
			 -ERANGE);
	assert_int_equal(link_set_attr(f, "v0", IFLA_ADDRESS, mac, sizeof(mac)),
			 0);
	assert_memory_equal(unl_nla_data(attr(link_msg(f, "v0.5"),
					      sizeof(struct ifinfomsg),
					      IFLA_ADDRESS)),
			    mac, sizeof(mac));
}

/* Creating a VLAN links it above its lower device, which is announced
 * (NETDEV_CHANGEUPPER) before the VLAN; deleting it likewise. */
static void test_vlan_events(void **state)
{
	struct fx *f = *state;
	int v0;

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	v0 = link_index(f, "v0");
	collect(f->mon);
	assert_int_equal(vlan_add(f, "v0.5", "v0", 5), 0);
	assert_int_equal(collect(f->mon), 2);
	assert_int_equal(((struct ifinfomsg *)NLMSG_DATA(collected_msg(0)))->ifi_index,
			 v0);
	assert_int_equal(((struct ifinfomsg *)NLMSG_DATA(collected_msg(1)))->ifi_index,
			 v0 + 1);
	collect(f->mon);
	{
		struct req r;
		struct ifinfomsg *ifm = req_init(&r, RTM_DELLINK, 0,
						 sizeof(*ifm));

		ifm->ifi_index = v0 + 1;
		check_req(f, &r, 0, "");
	}
	/* the lower device, then the VLAN gone */
	assert_int_equal(collect(f->mon), 2);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(((struct ifinfomsg *)NLMSG_DATA(collected_msg(0)))->ifi_index,
			 v0);
	assert_int_equal(collected_msg(1)->nlmsg_type, RTM_DELLINK);
}

/* A device with more VLANs than any fixed table would hold takes them
 * all with it (vlan_device_event(NETDEV_UNREGISTER)). */
static void test_vlan_many_go_with_lower(void **state)
{
	struct fx *f = *state;
	struct req r;
	struct ifinfomsg *ifm;
	char name[IFNAMSIZ];

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	for (int id = 1; id <= 70; id++) {
		snprintf(name, sizeof(name), "v0.%d", id);
		assert_int_equal(vlan_add(f, name, "v0", (uint16_t)id), 0);
	}
	ifm = req_init(&r, RTM_DELLINK, 0, sizeof(*ifm));
	ifm->ifi_index = link_index(f, "v0");
	check_req(f, &r, 0, "");
	ifm = req_init(&r, RTM_GETLINK, NLM_F_DUMP, sizeof(*ifm));
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 1); /* lo */
}

/* do_setlink()'s offload limits: gso_ipv4_max_size follows
 * gso_max_size while below 64 KiB (netif_set_gso_max_size()), and the
 * same for GRO; values beyond the device's limits are refused with
 * the attribute's message.  IFLA_CARRIER needs ndo_change_carrier
 * (dummy has it, veth not); IFLA_PROTO_DOWN needs protodown support,
 * which neither has. */
static void test_link_offload_carrier_protodown(void **state)
{
	struct fx *f = *state;
	struct req r;

	assert_int_equal(dummy_add(f, "d0"), 0);
	assert_int_equal(link_u32(f, "d0", IFLA_GSO_MAX_SIZE), 65536);
	assert_int_equal(link_u32(f, "d0", GSO_IPV4_MAX), 65536);
	assert_int_equal(link_set_attr(f, "d0", IFLA_GSO_MAX_SIZE,
				       &(uint32_t){ 32000 }, sizeof(uint32_t)),
			 0);
	assert_int_equal(link_u32(f, "d0", IFLA_GSO_MAX_SIZE), 32000);
	assert_int_equal(link_u32(f, "d0", GSO_IPV4_MAX), 32000);
	assert_int_equal(link_set_attr(f, "d0", GSO_IPV4_MAX,
				       &(uint32_t){ 20000 }, sizeof(uint32_t)),
			 0);
	assert_int_equal(link_set_attr(f, "d0", IFLA_GSO_MAX_SIZE,
				       &(uint32_t){ 40000 }, sizeof(uint32_t)),
			 0);
	assert_int_equal(link_u32(f, "d0", GSO_IPV4_MAX), 40000);
	assert_int_equal(link_set_attr(f, "d0", GRO_IPV4_MAX,
				       &(uint32_t){ 100000 }, sizeof(uint32_t)),
			 0);
	assert_int_equal(link_u32(f, "d0", IFLA_GRO_MAX_SIZE), 65536);
	assert_int_equal(link_u32(f, "d0", GRO_IPV4_MAX), 100000);

	req_init(&r, RTM_NEWLINK, 0, sizeof(struct ifinfomsg));
	req_str(&r, IFLA_IFNAME, "d0");
	req_u32(&r, IFLA_GSO_MAX_SEGS, 65536);
	check_req(f, &r, -EINVAL, "too big gso_max_segs");
	req_init(&r, RTM_NEWLINK, 0, sizeof(struct ifinfomsg));
	req_str(&r, IFLA_IFNAME, "d0");
	req_u32(&r, IFLA_GRO_MAX_SIZE, 524281);
	check_req(f, &r, -EINVAL, "too big gro_max_size");
	assert_int_equal(link_u32(f, "d0", IFLA_GRO_MAX_SIZE), 65536);

	assert_int_equal(link_set_attr(f, "d0", IFLA_CARRIER, &(uint8_t){ 0 },
				       sizeof(uint8_t)),
			 0);
	assert_int_equal(link_set_flags(f, link_index(f, "d0"), IFF_UP), 0);
	assert_int_equal(unl_nla_get_u8(attr(link_msg(f, "d0"),
					     sizeof(struct ifinfomsg),
					     IFLA_CARRIER)),
			 0);
	assert_false(link_flags(f, "d0") & IFF_LOWER_UP);
	assert_int_equal(link_set_attr(f, "d0", IFLA_CARRIER, &(uint8_t){ 1 },
				       sizeof(uint8_t)),
			 0);
	assert_true(link_flags(f, "d0") & IFF_LOWER_UP);

	assert_int_equal(veth_add(f, "v0", "v1"), 0);
	assert_int_equal(link_set_attr(f, "v0", IFLA_CARRIER, &(uint8_t){ 0 },
				       sizeof(uint8_t)),
			 -EOPNOTSUPP);
	req_init(&r, RTM_NEWLINK, 0, sizeof(struct ifinfomsg));
	req_str(&r, IFLA_IFNAME, "d0");
	req_u8(&r, IFLA_PROTO_DOWN, 1);
	check_req(f, &r, -EOPNOTSUPP, "Protodown not supported by device");
}

/* No XDP program runs in the model, so attaching one is refused with a
 * message saying so (docs/conformance.md); detaching none is fine. */
static void test_link_xdp_program(void **state)
{
	struct fx *f = *state;
	struct req r;

	assert_int_equal(dummy_add(f, "d0"), 0);
	req_init(&r, RTM_NEWLINK, 0, sizeof(struct ifinfomsg));
	req_str(&r, IFLA_IFNAME, "d0");
	req_nest(&r, IFLA_XDP);
	req_u32(&r, IFLA_XDP_FD, 0);
	req_end(&r);
	check_req(f, &r, -EOPNOTSUPP,
		  "unetlink: XDP programs cannot be attached");
	req_init(&r, RTM_NEWLINK, 0, sizeof(struct ifinfomsg));
	req_str(&r, IFLA_IFNAME, "d0");
	req_nest(&r, IFLA_XDP);
	req_u32(&r, IFLA_XDP_FD, UINT32_MAX);
	req_end(&r);
	check_req(f, &r, 0, "");
}

/* rtnl_alt_ifname(): altnames until IFLA_PROP_LIST would pass 64 KiB
 * with another of the longest (132 bytes each: 496 of 127 characters);
 * the device is still reported whole, by a get and in a dump. */
static void test_altnames_many(void **state)
{
	struct fx *f = *state;
	struct req r;
	char name[ALTIFNAMSIZ];
	int n, err = 0;

	assert_int_equal(dummy_add(f, "d0"), 0);
	for (n = 0; n < 1000; n++) {
		memset(name, 'a', ALTIFNAMSIZ - 1);
		snprintf(name, sizeof(name), "%04d", n);
		name[4] = 'a';
		name[ALTIFNAMSIZ - 1] = '\0';
		req_init(&r, RTM_NEWLINKPROP, 0, sizeof(struct ifinfomsg));
		req_str(&r, IFLA_IFNAME, "d0");
		req_nest(&r, IFLA_PROP_LIST);
		req_str(&r, IFLA_ALT_IFNAME, name);
		req_end(&r);
		err = do_req(f, &r);
		if (err)
			break;
	}
	assert_int_equal(n, 496);
	check_req(f, &r, -EINVAL, "effective property list too long");
	/* found by its last altname, reported with all of them */
	snprintf(name, 5, "%04d", n - 1);
	name[4] = 'a';
	req_init(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	req_str(&r, IFLA_ALT_IFNAME, name);
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 1);
	assert_int_equal(collected_msg(0)->nlmsg_type, RTM_NEWLINK);
	assert_true(collected_msg(0)->nlmsg_len > 65536);
	req_init(&r, RTM_GETLINK, NLM_F_DUMP, sizeof(struct ifinfomsg));
	xsend(f, &r);
	assert_int_equal(collect(f->sk), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_changelink_none,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_slave_data_without_master,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_vlan_default_pvid,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_vlan_ranges,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_vlan_rtm_errors,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_vlan_options,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_vlan_global,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_mst, link_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bridge_no_vlan_filtering,
						nofilter_setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_stp_states,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_vlan_checks, link_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vlan_info, link_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vlan_follows_lower,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_vlan_events, link_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_link_offload_carrier_protodown,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_xdp_program,
						link_setup, teardown),
		cmocka_unit_test_setup_teardown(test_altnames_many, link_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vlan_many_go_with_lower,
						link_setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
