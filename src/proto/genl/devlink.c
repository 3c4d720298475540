// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "devlink" generic netlink family (net/devlink/netlink.c and the
 * generated net/devlink/netlink_gen.c), where the profile has it: the
 * devices of a machine that devlink manages.  The model has none, as a
 * machine with no such hardware (or a namespace where none was moved):
 * every dump is empty, every request naming a device finds none
 * (ENODEV; EINVAL without both a bus and a device name), and
 * `devlink dev` prints nothing.
 *
 * The ops and policies are Linux 6.12's, as Debian's 6.12 kernel
 * describes them through nlctrl (tests/clients/genl-full.expected),
 * with what later releases changed in them applied where the profile's
 * release has it (devlink_family_follow()); policies are shared where
 * the kernel shares them, so that GETPOLICY numbers them as it does.
 * The family is the world's, netnsok.
 */
#include <errno.h>
#include <string.h>

#include <linux/devlink.h>

#include <unetlink/profile.h>

#include "proto/genl/genl-private.h"

/* What Linux 6.12 has beyond older system headers. */
enum {
	DL_ATTR_RATE_TX_PRIORITY = 177,
	DL_ATTR_RATE_TX_WEIGHT = 178,
	DL_ATTR_REGION_DIRECT = 179,
	/* and after 6.12 */
	DL_ATTR_RATE_TC_BWS = 180,		    /* 6.17 */
	DL_ATTR_HEALTH_REPORTER_BURST_PERIOD = 181, /* 6.18 */
};
/* DL_ATTR_RATE_TC_BWS's nest (DEVLINK_RATE_TC_ATTR_*) */
enum { DL_RATE_TC_ATTR_INDEX = 1, DL_RATE_TC_ATTR_BW = 2 };
#define DL_RATE_TC_INDEX_MAX 7 /* IEEE_8021QAZ_MAX_TCS - 1 */
enum { DL_CMD_NOTIFY_FILTER_SET = 84 };
#ifndef DEVLINK_PORT_FN_ATTR_CAPS
#define DEVLINK_PORT_FN_ATTR_CAPS 4
#endif

static const struct unl_nla_policy
	devlink_port_function_nest_policy[DEVLINK_PORT_FN_ATTR_CAPS + 1] = {
	[DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR] = { .type = UNL_NLA_BINARY },
	[DEVLINK_PORT_FN_ATTR_STATE] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[DEVLINK_PORT_FN_ATTR_OPSTATE] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[DEVLINK_PORT_FN_ATTR_CAPS] = UNL_NLA_POLICY_BITFIELD32(15),
};

static const struct unl_nla_policy
	devlink_selftests_nest_policy[DEVLINK_ATTR_SELFTEST_ID_FLASH + 1] = {
	[DEVLINK_ATTR_SELFTEST_ID_FLASH] = { .type = UNL_NLA_FLAG },
};

static const struct unl_nla_policy
	devlink_get_do_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_port_get_do_policy[DEVLINK_ATTR_PORT_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_port_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_port_set_do_policy[DEVLINK_ATTR_PORT_FUNCTION + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_PORT_TYPE] = UNL_NLA_POLICY_MAX(UNL_NLA_U16, 3),
	[DEVLINK_ATTR_PORT_FUNCTION] =
		UNL_NLA_POLICY_NESTED(devlink_port_function_nest_policy, 4),
};

static const struct unl_nla_policy
	devlink_port_new_do_policy[DEVLINK_ATTR_PORT_PCI_SF_NUMBER + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_PORT_FLAVOUR] = UNL_NLA_POLICY_MAX(UNL_NLA_U16, 7),
	[DEVLINK_ATTR_PORT_PCI_PF_NUMBER] = { .type = UNL_NLA_U16 },
	[DEVLINK_ATTR_PORT_CONTROLLER_NUMBER] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_PORT_PCI_SF_NUMBER] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_port_del_do_policy[DEVLINK_ATTR_PORT_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_port_split_do_policy[DEVLINK_ATTR_PORT_SPLIT_COUNT + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_PORT_SPLIT_COUNT] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_port_unsplit_do_policy[DEVLINK_ATTR_PORT_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_sb_get_do_policy[DEVLINK_ATTR_SB_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_sb_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_sb_pool_get_do_policy[DEVLINK_ATTR_SB_POOL_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_POOL_INDEX] = { .type = UNL_NLA_U16 },
};

static const struct unl_nla_policy
	devlink_sb_pool_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_sb_pool_set_do_policy[DEVLINK_ATTR_SB_POOL_THRESHOLD_TYPE
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_POOL_INDEX] = { .type = UNL_NLA_U16 },
	[DEVLINK_ATTR_SB_POOL_SIZE] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_POOL_THRESHOLD_TYPE] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
};

static const struct unl_nla_policy
	devlink_sb_port_pool_get_do_policy[DEVLINK_ATTR_SB_POOL_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_POOL_INDEX] = { .type = UNL_NLA_U16 },
};

static const struct unl_nla_policy
	devlink_sb_port_pool_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_sb_port_pool_set_do_policy[DEVLINK_ATTR_SB_THRESHOLD + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_POOL_INDEX] = { .type = UNL_NLA_U16 },
	[DEVLINK_ATTR_SB_THRESHOLD] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_sb_tc_pool_bind_get_do_policy[DEVLINK_ATTR_SB_TC_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_POOL_TYPE] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[DEVLINK_ATTR_SB_TC_INDEX] = { .type = UNL_NLA_U16 },
};

static const struct unl_nla_policy
	devlink_sb_tc_pool_bind_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_sb_tc_pool_bind_set_do_policy[DEVLINK_ATTR_SB_TC_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_POOL_INDEX] = { .type = UNL_NLA_U16 },
	[DEVLINK_ATTR_SB_POOL_TYPE] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[DEVLINK_ATTR_SB_THRESHOLD] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_TC_INDEX] = { .type = UNL_NLA_U16 },
};

static const struct unl_nla_policy
	devlink_sb_occ_snapshot_do_policy[DEVLINK_ATTR_SB_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_sb_occ_max_clear_do_policy[DEVLINK_ATTR_SB_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_eswitch_get_do_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_eswitch_set_do_policy[DEVLINK_ATTR_ESWITCH_ENCAP_MODE + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_ESWITCH_MODE] = UNL_NLA_POLICY_MAX(UNL_NLA_U16, 1),
	[DEVLINK_ATTR_ESWITCH_INLINE_MODE] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 3),
	[DEVLINK_ATTR_ESWITCH_ENCAP_MODE] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
};

static const struct unl_nla_policy
	devlink_dpipe_table_get_do_policy[DEVLINK_ATTR_DPIPE_TABLE_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DPIPE_TABLE_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_dpipe_entries_get_do_policy[DEVLINK_ATTR_DPIPE_TABLE_NAME
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DPIPE_TABLE_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_dpipe_headers_get_do_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_dpipe_table_counters_set_do_policy[DEVLINK_ATTR_DPIPE_TABLE_COUNTERS_ENABLED
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DPIPE_TABLE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DPIPE_TABLE_COUNTERS_ENABLED] = { .type = UNL_NLA_U8 },
};

static const struct unl_nla_policy
	devlink_resource_set_do_policy[DEVLINK_ATTR_RESOURCE_SIZE + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RESOURCE_ID] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RESOURCE_SIZE] = { .type = UNL_NLA_U64 },
};

static const struct unl_nla_policy
	devlink_resource_dump_do_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_reload_do_policy[DEVLINK_ATTR_RELOAD_LIMITS + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_NETNS_FD] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_NETNS_PID] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_NETNS_ID] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_RELOAD_ACTION] = UNL_NLA_POLICY_RANGE(UNL_NLA_U8, 1, 2),
	[DEVLINK_ATTR_RELOAD_LIMITS] = UNL_NLA_POLICY_BITFIELD32(6),
};

static const struct unl_nla_policy
	devlink_param_get_do_policy[DEVLINK_ATTR_PARAM_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PARAM_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_param_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_param_set_do_policy[DEVLINK_ATTR_PARAM_VALUE_CMODE + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PARAM_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PARAM_TYPE] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_PARAM_VALUE_CMODE] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 2),
};

static const struct unl_nla_policy
	devlink_region_get_do_policy[DEVLINK_ATTR_REGION_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_REGION_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_region_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_region_new_do_policy[DEVLINK_ATTR_REGION_SNAPSHOT_ID + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_REGION_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_REGION_SNAPSHOT_ID] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_region_del_do_policy[DEVLINK_ATTR_REGION_SNAPSHOT_ID + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_REGION_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_REGION_SNAPSHOT_ID] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_region_read_dump_policy[DL_ATTR_REGION_DIRECT + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_REGION_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_REGION_SNAPSHOT_ID] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_REGION_CHUNK_ADDR] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_REGION_CHUNK_LEN] = { .type = UNL_NLA_U64 },
	[DL_ATTR_REGION_DIRECT] = { .type = UNL_NLA_FLAG },
};

static const struct unl_nla_policy
	devlink_port_param_get_do_policy[DEVLINK_ATTR_PORT_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_port_param_set_do_policy[DEVLINK_ATTR_PORT_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_info_get_do_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_health_reporter_get_do_policy[DEVLINK_ATTR_HEALTH_REPORTER_NAME
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_HEALTH_REPORTER_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_health_reporter_get_dump_policy[DEVLINK_ATTR_PORT_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_health_reporter_set_do_policy[DEVLINK_ATTR_HEALTH_REPORTER_AUTO_DUMP
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_HEALTH_REPORTER_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_HEALTH_REPORTER_GRACEFUL_PERIOD] =
		{ .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_HEALTH_REPORTER_AUTO_RECOVER] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_HEALTH_REPORTER_AUTO_DUMP] = { .type = UNL_NLA_U8 },
};

/* 6.18: the burst period before the grace period */
static const struct unl_nla_policy
	devlink_health_reporter_set_do_policy_618
		[DL_ATTR_HEALTH_REPORTER_BURST_PERIOD + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_HEALTH_REPORTER_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_HEALTH_REPORTER_GRACEFUL_PERIOD] =
		{ .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_HEALTH_REPORTER_AUTO_RECOVER] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_HEALTH_REPORTER_AUTO_DUMP] = { .type = UNL_NLA_U8 },
	[DL_ATTR_HEALTH_REPORTER_BURST_PERIOD] = { .type = UNL_NLA_U64 },
};

static const struct unl_nla_policy
	devlink_health_reporter_recover_do_policy[DEVLINK_ATTR_HEALTH_REPORTER_NAME
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_HEALTH_REPORTER_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_health_reporter_diagnose_do_policy[DEVLINK_ATTR_HEALTH_REPORTER_NAME
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_HEALTH_REPORTER_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_health_reporter_dump_get_dump_policy[DEVLINK_ATTR_HEALTH_REPORTER_NAME
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_HEALTH_REPORTER_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_health_reporter_dump_clear_do_policy[DEVLINK_ATTR_HEALTH_REPORTER_NAME
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_HEALTH_REPORTER_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_flash_update_do_policy[DEVLINK_ATTR_FLASH_UPDATE_OVERWRITE_MASK
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_FLASH_UPDATE_FILE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_FLASH_UPDATE_COMPONENT] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_FLASH_UPDATE_OVERWRITE_MASK] =
		UNL_NLA_POLICY_BITFIELD32(3),
};

static const struct unl_nla_policy
	devlink_trap_get_do_policy[DEVLINK_ATTR_TRAP_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_TRAP_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_trap_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_trap_set_do_policy[DEVLINK_ATTR_TRAP_ACTION + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_TRAP_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_TRAP_ACTION] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 2),
};

static const struct unl_nla_policy
	devlink_trap_group_get_do_policy[DEVLINK_ATTR_TRAP_GROUP_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_TRAP_GROUP_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_trap_group_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_trap_group_set_do_policy[DEVLINK_ATTR_TRAP_POLICER_ID + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_TRAP_ACTION] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 2),
	[DEVLINK_ATTR_TRAP_GROUP_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_TRAP_POLICER_ID] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_trap_policer_get_do_policy[DEVLINK_ATTR_TRAP_POLICER_ID + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_TRAP_POLICER_ID] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_trap_policer_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_trap_policer_set_do_policy[DEVLINK_ATTR_TRAP_POLICER_BURST
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_TRAP_POLICER_ID] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_TRAP_POLICER_RATE] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_TRAP_POLICER_BURST] = { .type = UNL_NLA_U64 },
};

static const struct unl_nla_policy
	devlink_health_reporter_test_do_policy[DEVLINK_ATTR_HEALTH_REPORTER_NAME
		 + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_HEALTH_REPORTER_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_rate_get_do_policy[DEVLINK_ATTR_RATE_NODE_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_RATE_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_rate_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_rate_set_do_policy[DL_ATTR_RATE_TX_WEIGHT + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_TX_SHARE] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_TX_MAX] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_PARENT_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DL_ATTR_RATE_TX_PRIORITY] = { .type = UNL_NLA_U32 },
	[DL_ATTR_RATE_TX_WEIGHT] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_rate_new_do_policy[DL_ATTR_RATE_TX_WEIGHT + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_TX_SHARE] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_TX_MAX] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_PARENT_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DL_ATTR_RATE_TX_PRIORITY] = { .type = UNL_NLA_U32 },
	[DL_ATTR_RATE_TX_WEIGHT] = { .type = UNL_NLA_U32 },
};

/* 6.17: a rate's bandwidth per traffic class */
static const struct unl_nla_policy
	devlink_rate_tc_bws_nest_policy[DL_RATE_TC_ATTR_BW + 1] = {
	[DL_RATE_TC_ATTR_INDEX] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U8, DL_RATE_TC_INDEX_MAX),
	[DL_RATE_TC_ATTR_BW] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_rate_set_do_policy_617[DL_ATTR_RATE_TC_BWS + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_TX_SHARE] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_TX_MAX] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_PARENT_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DL_ATTR_RATE_TX_PRIORITY] = { .type = UNL_NLA_U32 },
	[DL_ATTR_RATE_TX_WEIGHT] = { .type = UNL_NLA_U32 },
	[DL_ATTR_RATE_TC_BWS] =
		UNL_NLA_POLICY_NESTED(devlink_rate_tc_bws_nest_policy,
				      DL_RATE_TC_ATTR_BW),
};

static const struct unl_nla_policy
	devlink_rate_new_do_policy_617[DL_ATTR_RATE_TC_BWS + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_TX_SHARE] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_TX_MAX] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_PARENT_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DL_ATTR_RATE_TX_PRIORITY] = { .type = UNL_NLA_U32 },
	[DL_ATTR_RATE_TX_WEIGHT] = { .type = UNL_NLA_U32 },
	[DL_ATTR_RATE_TC_BWS] =
		UNL_NLA_POLICY_NESTED(devlink_rate_tc_bws_nest_policy,
				      DL_RATE_TC_ATTR_BW),
};

/* 6.16: a PARAM_SET's type must be one of DEVLINK_VAR_ATTR_TYPE_*, the
 * NLA_* numbers of the types a parameter may have (u8 to u64, string,
 * flag, NUL string, binary).  Older headers lack the enum. */
static int devlink_param_type_validate(const struct nlattr *attr,
				       struct unl_ext_ack *extack)
{
	switch (*(const uint8_t *)unl_nla_data(attr)) {
	case 1: case 2: case 3: case 4: case 5: case 6: case 10: case 11:
		return 0;
	}
	UNL_SET_ERR_MSG_ATTR(extack, attr, "invalid enum value");
	return -EINVAL;
}

static const struct unl_nla_policy
	devlink_param_set_do_policy_616[DEVLINK_ATTR_PARAM_VALUE_CMODE + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PARAM_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PARAM_TYPE] = { .type = UNL_NLA_U8,
				       .validation_type =
					       UNL_NLA_VALIDATE_FUNCTION,
				       .validate = devlink_param_type_validate },
	[DEVLINK_ATTR_PARAM_VALUE_CMODE] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 2),
};

static const struct unl_nla_policy
	devlink_rate_del_do_policy[DEVLINK_ATTR_RATE_NODE_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_linecard_get_do_policy[DEVLINK_ATTR_LINECARD_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_LINECARD_INDEX] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy
	devlink_linecard_get_dump_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_linecard_set_do_policy[DEVLINK_ATTR_LINECARD_TYPE + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_LINECARD_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_LINECARD_TYPE] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_selftests_get_do_policy[DEVLINK_ATTR_DEV_NAME + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
};

static const struct unl_nla_policy
	devlink_selftests_run_do_policy[DEVLINK_ATTR_SELFTESTS + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_SELFTESTS] =
		UNL_NLA_POLICY_NESTED(devlink_selftests_nest_policy, 1),
};

static const struct unl_nla_policy
	devlink_notify_filter_set_do_policy[DEVLINK_ATTR_PORT_INDEX + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
};


static const struct unl_genl_multicast_group devlink_mcgrps[] = {
	{ .name = DEVLINK_GENL_MCGRP_CONFIG_NAME },
};

/* devlink_get_from_attrs_lock(): both names, then no such device. */
static int devlink_lookup(const struct nlattr *const *attrs)
{
	if (!attrs[DEVLINK_ATTR_BUS_NAME] || !attrs[DEVLINK_ATTR_DEV_NAME])
		return -EINVAL;
	return -ENODEV;
}

/* devlink_nl_pre_doit() and its variants: every request names a
 * device first. */
static int devlink_pre_doit(const struct unl_genl_split_ops *ops,
			    struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)ops, (void)skb;
	return devlink_lookup(info->attrs);
}

/* Never reached: pre_doit finds no device. */
static int devlink_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	(void)skb, (void)info;
	return -ENODEV;
}

/* devlink_nl_dumpit(): a dump filtered by device finds none; an
 * unfiltered one lists no device. */
static int devlink_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);

	(void)skb;
	if (info->attrs && (info->attrs[DEVLINK_ATTR_BUS_NAME] ||
			    info->attrs[DEVLINK_ATTR_DEV_NAME]))
		return devlink_lookup(info->attrs);
	return 0;
}

/* devlink_nl_port_param_get_dumpit(): nothing, with a warning. */
static int devlink_port_param_dumpit(struct unl_skb *skb,
				     struct unl_callback *cb)
{
	(void)skb;
	UNL_SET_ERR_MSG(cb->extack, "Port params are not supported");
	return 0;
}

/* devlink_nl_region_read_dumpit(): the device first. */
static int devlink_region_read_dumpit(struct unl_skb *skb,
				      struct unl_callback *cb)
{
	(void)skb;
	return devlink_lookup(unl_genl_dumpit_info(cb)->attrs);
}

/* devlink_nl_health_reporter_dump_get_dumpit(): no reporter. */
static int devlink_health_dump_dumpit(struct unl_skb *skb,
				      struct unl_callback *cb)
{
	(void)skb, (void)cb;
	return -EINVAL;
}

/* devlink_nl_notify_filter_set_doit(): the socket's filter of the
 * notifications of devices, of which there are none to filter. */
static int devlink_notify_filter_set_doit(struct unl_skb *skb,
					  struct unl_genl_info *info)
{
	(void)skb, (void)info;
	return 0;
}

/*
 * Before devlink's commands had policies of their own (the generated
 * split ops; Debian's 6.12 has them, its 6.1 not: taken as 6.7, not
 * pinned), one policy for the family and full ops in 6.1's order, as
 * Debian's 6.1.192 describes them (genl-6.1.expected).  Whether a do
 * parsed strictly is not in that description: the commands older than
 * the trap ones are taken as liberal, as their dumps are.
 */
#define DL_PER_OP_POLICY_SINCE 607
#define DL61_NO_STRICT                                                     \
	(UNL_GENL_DONT_VALIDATE_STRICT | UNL_GENL_DONT_VALIDATE_DUMP)
#define DL61_DUMP_LIBERAL                                                  \
	(UNL_GENL_DONT_VALIDATE_STRICT | UNL_GENL_DONT_VALIDATE_DUMP_STRICT)

static const struct unl_nla_policy
	devlink_nl_policy_61[DEVLINK_ATTR_SELFTESTS + 1] = {
	[DEVLINK_ATTR_BUS_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DEV_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_PORT_TYPE] = UNL_NLA_POLICY_RANGE(UNL_NLA_U16, 1, 3),
	[DEVLINK_ATTR_PORT_SPLIT_COUNT] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_POOL_INDEX] = { .type = UNL_NLA_U16 },
	[DEVLINK_ATTR_SB_POOL_TYPE] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_SB_POOL_SIZE] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_POOL_THRESHOLD_TYPE] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_SB_THRESHOLD] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_SB_TC_INDEX] = { .type = UNL_NLA_U16 },
	[DEVLINK_ATTR_ESWITCH_MODE] = UNL_NLA_POLICY_MAX(UNL_NLA_U16, 1),
	[DEVLINK_ATTR_ESWITCH_INLINE_MODE] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_DPIPE_TABLE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_DPIPE_TABLE_COUNTERS_ENABLED] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_ESWITCH_ENCAP_MODE] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_RESOURCE_ID] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RESOURCE_SIZE] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_PORT_FLAVOUR] = { .type = UNL_NLA_U16 },
	[DEVLINK_ATTR_PARAM_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PARAM_TYPE] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_PARAM_VALUE_CMODE] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_REGION_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_REGION_SNAPSHOT_ID] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_REGION_CHUNK_ADDR] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_REGION_CHUNK_LEN] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_HEALTH_REPORTER_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_HEALTH_REPORTER_GRACEFUL_PERIOD] = {
		.type = UNL_NLA_U64 },
	[DEVLINK_ATTR_HEALTH_REPORTER_AUTO_RECOVER] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_FLASH_UPDATE_FILE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_FLASH_UPDATE_COMPONENT] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_PORT_PCI_PF_NUMBER] = { .type = UNL_NLA_U16 },
	[DEVLINK_ATTR_TRAP_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_TRAP_ACTION] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_TRAP_GROUP_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_NETNS_FD] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_NETNS_PID] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_NETNS_ID] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_HEALTH_REPORTER_AUTO_DUMP] = { .type = UNL_NLA_U8 },
	[DEVLINK_ATTR_TRAP_POLICER_ID] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_TRAP_POLICER_RATE] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_TRAP_POLICER_BURST] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_PORT_FUNCTION] = { .type = UNL_NLA_NESTED },
	[DEVLINK_ATTR_PORT_CONTROLLER_NUMBER] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_FLASH_UPDATE_OVERWRITE_MASK] =
		UNL_NLA_POLICY_BITFIELD32(3),
	[DEVLINK_ATTR_RELOAD_ACTION] = UNL_NLA_POLICY_RANGE(UNL_NLA_U8, 1, 2),
	[DEVLINK_ATTR_RELOAD_LIMITS] = UNL_NLA_POLICY_BITFIELD32(3),
	[DEVLINK_ATTR_PORT_PCI_SF_NUMBER] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_RATE_TYPE] = { .type = UNL_NLA_U16 },
	[DEVLINK_ATTR_RATE_TX_SHARE] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_TX_MAX] = { .type = UNL_NLA_U64 },
	[DEVLINK_ATTR_RATE_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_RATE_PARENT_NODE_NAME] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_LINECARD_INDEX] = { .type = UNL_NLA_U32 },
	[DEVLINK_ATTR_LINECARD_TYPE] = { .type = UNL_NLA_NUL_STRING },
	[DEVLINK_ATTR_SELFTESTS] = { .type = UNL_NLA_NESTED },
};

static const struct unl_genl_ops devlink_ops_61[] = {
	{ .cmd = DEVLINK_CMD_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PORT_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PORT_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_RATE_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_RATE_SET, .doit = devlink_doit,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_RATE_NEW, .doit = devlink_doit,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_RATE_DEL, .doit = devlink_doit,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PORT_SPLIT, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PORT_UNSPLIT, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PORT_NEW, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PORT_DEL, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_LINECARD_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_LINECARD_SET, .doit = devlink_doit,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SB_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SB_POOL_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SB_POOL_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SB_PORT_POOL_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SB_PORT_POOL_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SB_TC_POOL_BIND_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SB_TC_POOL_BIND_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SB_OCC_SNAPSHOT, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SB_OCC_MAX_CLEAR, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_ESWITCH_GET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_ESWITCH_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_DPIPE_TABLE_GET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_DPIPE_ENTRIES_GET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_DPIPE_HEADERS_GET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_DPIPE_TABLE_COUNTERS_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_RESOURCE_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_RESOURCE_DUMP, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_RELOAD, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PARAM_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PARAM_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PORT_PARAM_GET, .doit = devlink_doit,
	  .dumpit = devlink_port_param_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_PORT_PARAM_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_REGION_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_REGION_NEW, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_REGION_DEL, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_REGION_READ,
	  .dumpit = devlink_region_read_dumpit, .validate = DL61_DUMP_LIBERAL,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_INFO_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .validate = DL61_NO_STRICT,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_SET, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_RECOVER, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_DIAGNOSE, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_DUMP_GET,
	  .dumpit = devlink_health_dump_dumpit, .validate = DL61_DUMP_LIBERAL,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_DUMP_CLEAR, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_TEST, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_FLASH_UPDATE, .doit = devlink_doit,
	  .validate = DL61_NO_STRICT, .flags = GENL_ADMIN_PERM,
	  .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_TRAP_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_TRAP_SET, .doit = devlink_doit,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_TRAP_GROUP_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_TRAP_GROUP_SET, .doit = devlink_doit,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_TRAP_POLICER_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_TRAP_POLICER_SET, .doit = devlink_doit,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SELFTESTS_GET, .doit = devlink_doit,
	  .dumpit = devlink_dumpit, .until = DL_PER_OP_POLICY_SINCE },
	{ .cmd = DEVLINK_CMD_SELFTESTS_RUN, .doit = devlink_doit,
	  .flags = GENL_ADMIN_PERM, .until = DL_PER_OP_POLICY_SINCE },
};

static const struct unl_genl_split_ops devlink_ops[] = {
	{ .cmd = DEVLINK_CMD_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_get_do_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_GET, .dumpit = devlink_dumpit,
	  .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_PORT_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_port_get_do_policy,
	  .maxattr = DEVLINK_ATTR_PORT_INDEX, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_PORT_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_port_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_PORT_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_port_set_do_policy,
	  .maxattr = DEVLINK_ATTR_PORT_FUNCTION,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_PORT_NEW, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_port_new_do_policy,
	  .maxattr = DEVLINK_ATTR_PORT_PCI_SF_NUMBER,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_PORT_DEL, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_port_del_do_policy,
	  .maxattr = DEVLINK_ATTR_PORT_INDEX,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_PORT_SPLIT, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_port_split_do_policy,
	  .maxattr = DEVLINK_ATTR_PORT_SPLIT_COUNT,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_PORT_UNSPLIT, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_port_unsplit_do_policy,
	  .maxattr = DEVLINK_ATTR_PORT_INDEX,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SB_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_sb_get_do_policy,
	  .maxattr = DEVLINK_ATTR_SB_INDEX, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SB_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_sb_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_SB_POOL_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_sb_pool_get_do_policy,
	  .maxattr = DEVLINK_ATTR_SB_POOL_INDEX, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SB_POOL_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_sb_pool_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_SB_POOL_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_sb_pool_set_do_policy,
	  .maxattr = DEVLINK_ATTR_SB_POOL_THRESHOLD_TYPE,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SB_PORT_POOL_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_sb_port_pool_get_do_policy,
	  .maxattr = DEVLINK_ATTR_SB_POOL_INDEX, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SB_PORT_POOL_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_sb_port_pool_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_SB_PORT_POOL_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_sb_port_pool_set_do_policy,
	  .maxattr = DEVLINK_ATTR_SB_THRESHOLD,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SB_TC_POOL_BIND_GET,
	  .pre_doit = devlink_pre_doit, .doit = devlink_doit,
	  .policy = devlink_sb_tc_pool_bind_get_do_policy,
	  .maxattr = DEVLINK_ATTR_SB_TC_INDEX, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SB_TC_POOL_BIND_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_sb_tc_pool_bind_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_SB_TC_POOL_BIND_SET,
	  .pre_doit = devlink_pre_doit, .doit = devlink_doit,
	  .policy = devlink_sb_tc_pool_bind_set_do_policy,
	  .maxattr = DEVLINK_ATTR_SB_TC_INDEX,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SB_OCC_SNAPSHOT, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_sb_occ_snapshot_do_policy,
	  .maxattr = DEVLINK_ATTR_SB_INDEX,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SB_OCC_MAX_CLEAR, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_sb_occ_max_clear_do_policy,
	  .maxattr = DEVLINK_ATTR_SB_INDEX,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_ESWITCH_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_eswitch_get_do_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_ESWITCH_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_eswitch_set_do_policy,
	  .maxattr = DEVLINK_ATTR_ESWITCH_ENCAP_MODE,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_DPIPE_TABLE_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_dpipe_table_get_do_policy,
	  .maxattr = DEVLINK_ATTR_DPIPE_TABLE_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_DPIPE_ENTRIES_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_dpipe_entries_get_do_policy,
	  .maxattr = DEVLINK_ATTR_DPIPE_TABLE_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_DPIPE_HEADERS_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_dpipe_headers_get_do_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_DPIPE_TABLE_COUNTERS_SET,
	  .pre_doit = devlink_pre_doit, .doit = devlink_doit,
	  .policy = devlink_dpipe_table_counters_set_do_policy,
	  .maxattr = DEVLINK_ATTR_DPIPE_TABLE_COUNTERS_ENABLED,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_RESOURCE_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_resource_set_do_policy,
	  .maxattr = DEVLINK_ATTR_RESOURCE_SIZE,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_RESOURCE_DUMP, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_resource_dump_do_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_RELOAD, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_reload_do_policy,
	  .maxattr = DEVLINK_ATTR_RELOAD_LIMITS,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_PARAM_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_param_get_do_policy,
	  .maxattr = DEVLINK_ATTR_PARAM_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_PARAM_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_param_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_PARAM_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_param_set_do_policy,
	  .maxattr = DEVLINK_ATTR_PARAM_VALUE_CMODE,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_REGION_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_region_get_do_policy,
	  .maxattr = DEVLINK_ATTR_REGION_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_REGION_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_region_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_REGION_NEW, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_region_new_do_policy,
	  .maxattr = DEVLINK_ATTR_REGION_SNAPSHOT_ID,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_REGION_DEL, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_region_del_do_policy,
	  .maxattr = DEVLINK_ATTR_REGION_SNAPSHOT_ID,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_REGION_READ,
	  .dumpit = devlink_region_read_dumpit,
	  .policy = devlink_region_read_dump_policy, .maxattr = 179,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_PORT_PARAM_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_port_param_get_do_policy,
	  .maxattr = DEVLINK_ATTR_PORT_INDEX, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_PORT_PARAM_GET,
	  .dumpit = devlink_port_param_dumpit, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_PORT_PARAM_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_port_param_set_do_policy,
	  .maxattr = DEVLINK_ATTR_PORT_INDEX,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_INFO_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_info_get_do_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_INFO_GET, .dumpit = devlink_dumpit,
	  .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_GET,
	  .pre_doit = devlink_pre_doit, .doit = devlink_doit,
	  .policy = devlink_health_reporter_get_do_policy,
	  .maxattr = DEVLINK_ATTR_HEALTH_REPORTER_NAME,
	  .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_health_reporter_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_PORT_INDEX, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_SET,
	  .pre_doit = devlink_pre_doit, .doit = devlink_doit,
	  .policy = devlink_health_reporter_set_do_policy,
	  .maxattr = DEVLINK_ATTR_HEALTH_REPORTER_AUTO_DUMP,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_RECOVER,
	  .pre_doit = devlink_pre_doit, .doit = devlink_doit,
	  .policy = devlink_health_reporter_recover_do_policy,
	  .maxattr = DEVLINK_ATTR_HEALTH_REPORTER_NAME,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_DIAGNOSE,
	  .pre_doit = devlink_pre_doit, .doit = devlink_doit,
	  .policy = devlink_health_reporter_diagnose_do_policy,
	  .maxattr = DEVLINK_ATTR_HEALTH_REPORTER_NAME,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_DUMP_GET,
	  .dumpit = devlink_health_dump_dumpit,
	  .policy = devlink_health_reporter_dump_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_HEALTH_REPORTER_NAME,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_DUMP_CLEAR,
	  .pre_doit = devlink_pre_doit, .doit = devlink_doit,
	  .policy = devlink_health_reporter_dump_clear_do_policy,
	  .maxattr = DEVLINK_ATTR_HEALTH_REPORTER_NAME,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_FLASH_UPDATE, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_flash_update_do_policy,
	  .maxattr = DEVLINK_ATTR_FLASH_UPDATE_OVERWRITE_MASK,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_TRAP_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_trap_get_do_policy,
	  .maxattr = DEVLINK_ATTR_TRAP_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_TRAP_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_trap_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_TRAP_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_trap_set_do_policy,
	  .maxattr = DEVLINK_ATTR_TRAP_ACTION,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_TRAP_GROUP_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_trap_group_get_do_policy,
	  .maxattr = DEVLINK_ATTR_TRAP_GROUP_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_TRAP_GROUP_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_trap_group_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_TRAP_GROUP_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_trap_group_set_do_policy,
	  .maxattr = DEVLINK_ATTR_TRAP_POLICER_ID,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_TRAP_POLICER_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_trap_policer_get_do_policy,
	  .maxattr = DEVLINK_ATTR_TRAP_POLICER_ID, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_TRAP_POLICER_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_trap_policer_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_TRAP_POLICER_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_trap_policer_set_do_policy,
	  .maxattr = DEVLINK_ATTR_TRAP_POLICER_BURST,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_HEALTH_REPORTER_TEST,
	  .pre_doit = devlink_pre_doit, .doit = devlink_doit,
	  .policy = devlink_health_reporter_test_do_policy,
	  .maxattr = DEVLINK_ATTR_HEALTH_REPORTER_NAME,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_RATE_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_rate_get_do_policy,
	  .maxattr = DEVLINK_ATTR_RATE_NODE_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_RATE_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_rate_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_RATE_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_rate_set_do_policy,
	  .maxattr = 178, .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_RATE_NEW, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_rate_new_do_policy,
	  .maxattr = 178, .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_RATE_DEL, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_rate_del_do_policy,
	  .maxattr = DEVLINK_ATTR_RATE_NODE_NAME,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_LINECARD_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_linecard_get_do_policy,
	  .maxattr = DEVLINK_ATTR_LINECARD_INDEX, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_LINECARD_GET, .dumpit = devlink_dumpit,
	  .policy = devlink_linecard_get_dump_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_LINECARD_SET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_linecard_set_do_policy,
	  .maxattr = DEVLINK_ATTR_LINECARD_TYPE,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SELFTESTS_GET, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_selftests_get_do_policy,
	  .maxattr = DEVLINK_ATTR_DEV_NAME, .flags = GENL_CMD_CAP_DO },
	{ .cmd = DEVLINK_CMD_SELFTESTS_GET, .dumpit = devlink_dumpit,
	  .flags = GENL_CMD_CAP_DUMP },
	{ .cmd = DEVLINK_CMD_SELFTESTS_RUN, .pre_doit = devlink_pre_doit,
	  .doit = devlink_doit, .policy = devlink_selftests_run_do_policy,
	  .maxattr = DEVLINK_ATTR_SELFTESTS,
	  .flags = GENL_ADMIN_PERM | GENL_CMD_CAP_DO },
	{ .cmd = DL_CMD_NOTIFY_FILTER_SET,
	  .doit = devlink_notify_filter_set_doit,
	  .policy = devlink_notify_filter_set_do_policy,
	  .maxattr = DEVLINK_ATTR_PORT_INDEX, .flags = GENL_CMD_CAP_DO },
};

void devlink_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, DEVLINK_GENL_NAME);
	family->version = DEVLINK_GENL_VERSION;
	family->netnsok = true;
	family->parallel_ops = true;
	family->resv_start_op = DEVLINK_CMD_SELFTESTS_RUN + 1;
	family->maxattr = DEVLINK_ATTR_SELFTESTS;
	family->policy = devlink_nl_policy_61;
	family->policy_until = DL_PER_OP_POLICY_SINCE;
	family->pre_doit = devlink_pre_doit;
	family->ops = devlink_ops_61;
	family->n_ops = sizeof(devlink_ops_61) / sizeof(devlink_ops_61[0]);
	family->split_ops = devlink_ops;
	family->n_split_ops = sizeof(devlink_ops) / sizeof(devlink_ops[0]);
	family->mcgrps = devlink_mcgrps;
	family->n_mcgrps = 1;
}

_Static_assert(sizeof(devlink_ops) / sizeof(devlink_ops[0]) ==
		       DEVLINK_N_SPLIT_OPS,
	       "genl-private.h's DEVLINK_N_SPLIT_OPS");

/* The ops whose policy a release after 6.12 changed, with that policy,
 * oldest first. */
static const struct {
	int since;
	uint8_t cmd;
	const struct unl_nla_policy *policy;
	unsigned int maxattr;
} devlink_op_changes[] = {
	{ 616, DEVLINK_CMD_PARAM_SET, devlink_param_set_do_policy_616,
	  DEVLINK_ATTR_PARAM_VALUE_CMODE },
	{ 617, DEVLINK_CMD_RATE_SET, devlink_rate_set_do_policy_617,
	  DL_ATTR_RATE_TC_BWS },
	{ 617, DEVLINK_CMD_RATE_NEW, devlink_rate_new_do_policy_617,
	  DL_ATTR_RATE_TC_BWS },
	{ 618, DEVLINK_CMD_HEALTH_REPORTER_SET,
	  devlink_health_reporter_set_do_policy_618,
	  DL_ATTR_HEALTH_REPORTER_BURST_PERIOD },
};

void devlink_family_follow(struct unl_genl_family *family,
			   struct unl_genl_split_ops *ops,
			   const struct unl_profile *p)
{
	memcpy(ops, devlink_ops, sizeof(devlink_ops));
	/* all of them came with the per-command policies */
	for (size_t i = 0; i < DEVLINK_N_SPLIT_OPS; i++)
		ops[i].since = DL_PER_OP_POLICY_SINCE;
	for (size_t c = 0; c < sizeof(devlink_op_changes) /
				       sizeof(devlink_op_changes[0]);
	     c++) {
		if (!unl_profile_at_least(p, devlink_op_changes[c].since))
			continue;
		for (size_t i = 0; i < DEVLINK_N_SPLIT_OPS; i++)
			if (ops[i].cmd == devlink_op_changes[c].cmd &&
			    (ops[i].flags & GENL_CMD_CAP_DO)) {
				ops[i].policy = devlink_op_changes[c].policy;
				ops[i].maxattr = devlink_op_changes[c].maxattr;
			}
	}
	family->split_ops = ops;
}
