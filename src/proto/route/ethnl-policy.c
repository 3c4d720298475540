// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The request policies of the "ethtool" family, as Linux 6.18 has
 * them: attribute numbers from include/uapi/linux/ethtool_netlink
 * (generated), many newer than the system's header, hence numbers
 * with the attribute's name beside them.  Each command has its own
 * array even where two read alike: nlctrl numbers policies by array.
 */
#include "proto/route/ethnl-policy.h"

#define U32 { .type = UNL_NLA_U32 }
#define U8 { .type = UNL_NLA_U8 }
#define NEST { .type = UNL_NLA_NESTED }
#define BIN { .type = UNL_NLA_BINARY }

#define HEADER_POLICY(flags)                                               \
	[1] = U32,                              /* DEV_INDEX */            \
	[2] = { .type = UNL_NLA_NUL_STRING, .len = 128 - 1 }, /* NAME */   \
	[3] = UNL_NLA_POLICY_MASK(UNL_NLA_U32, flags) /* FLAGS */

const struct unl_nla_policy ethnl_header_policy[] = {
	HEADER_POLICY(ETHNL_FLAGS_BASIC),
};
const struct unl_nla_policy ethnl_header_policy_stats[] = {
	HEADER_POLICY(ETHNL_FLAGS_STATS),
};
const struct unl_nla_policy ethnl_header_policy_phy[] = {
	HEADER_POLICY(ETHNL_FLAGS_BASIC),
	[4] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1), /* PHY_INDEX */
};
const struct unl_nla_policy ethnl_header_policy_phy_stats[] = {
	HEADER_POLICY(ETHNL_FLAGS_STATS),
	[4] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
};

#define HDR UNL_NLA_POLICY_NESTED(ethnl_header_policy, 3)
#define HDR_STATS UNL_NLA_POLICY_NESTED(ethnl_header_policy_stats, 3)
#define HDR_PHY UNL_NLA_POLICY_NESTED(ethnl_header_policy_phy, 4)

/* A GET whose only attribute is its header. */
#define GET_POLICY(name, hdr)                                              \
	static const struct unl_nla_policy name[] = { [1] = hdr }

GET_POLICY(linkinfo_get, HDR);
GET_POLICY(linkmodes_get, HDR);
GET_POLICY(linkstate_get, HDR_STATS);
GET_POLICY(debug_get, HDR);
GET_POLICY(wol_get, HDR);
GET_POLICY(features_get, HDR);
GET_POLICY(privflags_get, HDR);
GET_POLICY(rings_get, HDR);
GET_POLICY(channels_get, HDR);
GET_POLICY(coalesce_get, HDR);
GET_POLICY(eee_get, HDR);
GET_POLICY(cable_test_act, HDR_PHY);
GET_POLICY(tunnel_info_get, HDR);
GET_POLICY(fec_get, HDR_STATS);
GET_POLICY(phc_vclocks_get, HDR);
GET_POLICY(module_get, HDR);
GET_POLICY(pse_get, HDR_PHY);
GET_POLICY(plca_get_cfg, HDR_PHY);
GET_POLICY(plca_get_status, HDR_PHY);
GET_POLICY(mm_get, HDR_STATS);
GET_POLICY(phy_get, HDR);
GET_POLICY(tsconfig_get, HDR);

/* STRSET_GET: the sets are parsed by the handler, not the policy. */
static const struct unl_nla_policy strset_get[] = {
	[1] = HDR_PHY,
	[2] = NEST,                        /* STRINGSETS */
	[3] = { .type = UNL_NLA_FLAG },    /* COUNTS_ONLY */
};

static const struct unl_nla_policy linkinfo_set[] = {
	[1] = HDR, [2] = U8 /* PORT */, [3] = U8 /* PHYADDR */,
	[5] = U8 /* TP_MDIX_CTRL */,
};

static const struct unl_nla_policy linkmodes_set[] = {
	[1] = HDR, [2] = U8 /* AUTONEG */, [3] = NEST /* OURS */,
	[5] = U32 /* SPEED */, [6] = U8 /* DUPLEX */,
	[7] = U8 /* MASTER_SLAVE_CFG */,
	[9] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 1, 8), /* LANES */
};

static const struct unl_nla_policy debug_set[] = {
	[1] = HDR, [2] = NEST, /* MSGMASK */
};

static const struct unl_nla_policy wol_set[] = {
	[1] = HDR, [2] = NEST, /* MODES */
	[3] = { .type = UNL_NLA_BINARY, .len = 6 }, /* SOPASS */
};

static const struct unl_nla_policy features_set[] = {
	[1] = HDR, [3] = NEST, /* WANTED */
};

static const struct unl_nla_policy privflags_set[] = {
	[1] = HDR, [2] = NEST, /* FLAGS */
};

static const struct unl_nla_policy rings_set[] = {
	[1] = HDR, [6] = U32 /* RX */, [7] = U32 /* RX_MINI */,
	[8] = U32 /* RX_JUMBO */, [9] = U32 /* TX */,
	[10] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1), /* RX_BUF_LEN */
	[11] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 2), /* TCP_DATA_SPLIT */
	[12] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1), /* CQE_SIZE */
	[13] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1), /* TX_PUSH */
	[14] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1), /* RX_PUSH */
	[15] = U32, /* TX_PUSH_BUF_LEN */
	[17] = U32, /* HDS_THRESH */
};

static const struct unl_nla_policy channels_set[] = {
	[1] = HDR, [6] = U32 /* RX_COUNT */, [7] = U32 /* TX_COUNT */,
	[8] = U32 /* OTHER_COUNT */, [9] = U32 /* COMBINED_COUNT */,
};

/* COALESCE_SET's profiles: a list of IRQ moderation entries. */
static const struct unl_nla_policy coalesce_irq_moderation[] = {
	[1] = U32 /* USEC */, [2] = U32 /* PKTS */, [3] = U32 /* COMPS */,
};
static const struct unl_nla_policy coalesce_profile[] = {
	[1] = UNL_NLA_POLICY_NESTED(coalesce_irq_moderation, 3),
};

static const struct unl_nla_policy coalesce_set[] = {
	[1] = HDR,
	[2] = U32, [3] = U32, [4] = U32, [5] = U32, [6] = U32, [7] = U32,
	[8] = U32, [9] = U32, [10] = U32,
	[11] = U8 /* USE_ADAPTIVE_RX */, [12] = U8 /* USE_ADAPTIVE_TX */,
	[13] = U32, [14] = U32, [15] = U32, [16] = U32, [17] = U32,
	[18] = U32, [19] = U32, [20] = U32, [21] = U32, [22] = U32,
	[23] = U32,
	[24] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1), /* USE_CQE_MODE_TX */
	[25] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1), /* USE_CQE_MODE_RX */
	[26] = U32, [27] = U32, [28] = U32, /* TX_AGGR_* */
	[29] = UNL_NLA_POLICY_NESTED(coalesce_profile, 1), /* RX_PROFILE */
	[30] = UNL_NLA_POLICY_NESTED(coalesce_profile, 1), /* TX_PROFILE */
};

/* ETHTOOL_MAC_STATS_SRC_PMAC */
#define STATS_SRC_MAX 2

static const struct unl_nla_policy pause_get[] = {
	[1] = HDR_STATS,
	[6] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, STATS_SRC_MAX), /* STATS_SRC */
};

static const struct unl_nla_policy pause_set[] = {
	[1] = HDR, [2] = U8 /* AUTONEG */, [3] = U8 /* RX */, [4] = U8,
};

static const struct unl_nla_policy eee_set[] = {
	[1] = HDR, [2] = NEST /* MODES_OURS */, [5] = U8 /* ENABLED */,
	[6] = U8 /* TX_LPI_ENABLED */, [7] = U32 /* TX_LPI_TIMER */,
};

/* A hardware timestamp provider: index and qualifier (precise or
 * approximate); TSINFO's and TSCONFIG's are two arrays in Linux. */
static const struct unl_nla_policy tsinfo_hwtst_provider[] = {
	[1] = U32,
	[2] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 1),
};
static const struct unl_nla_policy tsconfig_hwtst_provider[] = {
	[1] = U32,
	[2] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 1),
};

static const struct unl_nla_policy tsinfo_get[] = {
	[1] = HDR_STATS,
	[7] = UNL_NLA_POLICY_NESTED(tsinfo_hwtst_provider, 2),
};

static const struct unl_nla_policy cable_test_tdr_act[] = {
	[1] = HDR_PHY, [2] = NEST, /* CFG */
};

static const struct unl_nla_policy fec_set[] = {
	[1] = HDR, [2] = NEST, /* MODES */
	[3] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1), /* AUTO */
};

/* ETH_MODULE_EEPROM_PAGE_LEN and the 7-bit I2C addresses */
static const struct unl_nla_policy module_eeprom_get[] = {
	[1] = HDR,
	[2] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 128 * 2 - 1), /* OFFSET */
	[3] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 1, 128), /* LENGTH */
	[4] = U8 /* PAGE */, [5] = U8 /* BANK */,
	[6] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 127), /* I2C_ADDRESS */
};

static const struct unl_nla_policy stats_get[] = {
	[2] = HDR, [3] = NEST, /* GROUPS */
	[5] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, STATS_SRC_MAX), /* SRC */
};

static const struct unl_nla_policy module_set[] = {
	[1] = HDR,
	[2] = UNL_NLA_POLICY_RANGE(UNL_NLA_U8, 1, 2), /* POWER_MODE_POLICY */
};

static const struct unl_nla_policy pse_set[] = {
	[1] = HDR_PHY,
	[3] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 2, 3), /* PODL admin */
	[6] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 2, 3), /* C33 admin */
	[12] = U32, /* C33_AVAIL_PW_LIMIT */
	[16] = U32, /* PRIO */
};

static const struct unl_nla_policy rss_get[] = {
	[1] = HDR, [2] = U32 /* CONTEXT */, [7] = U32 /* START_CONTEXT */,
};

static const struct unl_nla_policy plca_set_cfg[] = {
	[1] = HDR_PHY,
	[3] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1), /* ENABLED */
	[5] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 1, 255), /* NODE_CNT */
	[6] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 255), /* NODE_ID */
	[7] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 255), /* TO_TMR */
	[8] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 255), /* BURST_CNT */
	[9] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, 255), /* BURST_TMR */
};

static const struct unl_nla_policy mm_set[] = {
	[1] = HDR,
	[2] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1), /* PMAC_ENABLED */
	[3] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1), /* TX_ENABLED */
	[5] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 60, 252), /* TX_MIN_FRAG */
	[7] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1), /* VERIFY_ENABLED */
	[9] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 1, 128), /* VERIFY_TIME */
};

static const struct unl_nla_policy module_fw_flash_act[] = {
	[1] = HDR,
	[2] = { .type = UNL_NLA_NUL_STRING }, /* FILE_NAME */
	[3] = U32, /* PASSWORD */
};

static const struct unl_nla_policy tsconfig_set[] = {
	[1] = HDR,
	[2] = UNL_NLA_POLICY_NESTED(tsconfig_hwtst_provider, 2),
	[3] = NEST /* TX_TYPES */, [4] = NEST /* RX_FILTERS */,
	[5] = NEST /* HWTSTAMP_FLAGS */,
};

/* RSS_SET's flow hash fields, per flow type: RXH_* bits, with
 * RXH_IP6_FL (bit 9) for the IPv6 flow types, and RXH_DISCARD. */
#define RXH_V4 UNL_NLA_POLICY_MASK(UNL_NLA_UINT, 0x800001feu)
#define RXH_V6 UNL_NLA_POLICY_MASK(UNL_NLA_UINT, 0x800003feu)
static const struct unl_nla_policy rss_flow_hash[] = {
	[1] = RXH_V4, [2] = RXH_V4, [3] = RXH_V6, [4] = RXH_V4,
	[5] = RXH_V6, [6] = RXH_V4, [7] = RXH_V6, [8] = RXH_V4,
	[9] = RXH_V6, [10] = RXH_V4, [11] = RXH_V6, [12] = RXH_V4,
	[13] = RXH_V6, [14] = RXH_V4, [15] = RXH_V6, [16] = RXH_V4,
	[17] = RXH_V6, [18] = RXH_V4, [19] = RXH_V6, [20] = RXH_V4,
	[21] = RXH_V6, [22] = RXH_V4, [23] = RXH_V6, [24] = RXH_V4,
	[25] = RXH_V6, [26] = RXH_V4, [27] = RXH_V6,
};

/* RXH_XFRM_SYM_OR_XOR | RXH_XFRM_SYM_XOR */
#define RSS_INPUT_XFRM_MAX 2

static const struct unl_nla_policy rss_set[] = {
	[1] = HDR, [2] = U32, /* CONTEXT */
	[3] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1), /* HFUNC */
	[4] = BIN /* INDIR */, [5] = BIN /* HKEY */,
	[6] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, RSS_INPUT_XFRM_MAX),
	[8] = UNL_NLA_POLICY_NESTED(rss_flow_hash, 27), /* FLOW_HASH */
};

static const struct unl_nla_policy rss_create_act[] = {
	[1] = HDR,
	[2] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1), /* CONTEXT */
	[3] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1), /* HFUNC */
	[4] = BIN, [5] = BIN,
	[6] = UNL_NLA_POLICY_MAX(UNL_NLA_U32, RSS_INPUT_XFRM_MAX),
};

static const struct unl_nla_policy rss_delete_act[] = {
	[1] = HDR, [2] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1), /* CONTEXT */
};

#define P(cmd, pol, max) [cmd] = { pol, max }

const struct ethnl_policy ethnl_policies[ETHNL_CMD_MAX + 1] = {
	P(1, strset_get, 3),		P(2, linkinfo_get, 1),
	P(3, linkinfo_set, 5),		P(4, linkmodes_get, 1),
	P(5, linkmodes_set, 9),		P(6, linkstate_get, 1),
	P(7, debug_get, 1),		P(8, debug_set, 2),
	P(9, wol_get, 1),		P(10, wol_set, 3),
	P(11, features_get, 1),		P(12, features_set, 3),
	P(13, privflags_get, 1),	P(14, privflags_set, 2),
	P(15, rings_get, 1),		P(16, rings_set, 17),
	P(17, channels_get, 1),		P(18, channels_set, 9),
	P(19, coalesce_get, 1),		P(20, coalesce_set, 30),
	P(21, pause_get, 6),		P(22, pause_set, 4),
	P(23, eee_get, 1),		P(24, eee_set, 7),
	P(25, tsinfo_get, 7),		P(26, cable_test_act, 1),
	P(27, cable_test_tdr_act, 2),	P(28, tunnel_info_get, 1),
	P(29, fec_get, 1),		P(30, fec_set, 3),
	P(31, module_eeprom_get, 6),	P(32, stats_get, 5),
	P(33, phc_vclocks_get, 1),	P(34, module_get, 1),
	P(35, module_set, 2),		P(36, pse_get, 1),
	P(37, pse_set, 16),		P(38, rss_get, 7),
	P(39, plca_get_cfg, 1),		P(40, plca_set_cfg, 9),
	P(41, plca_get_status, 1),	P(42, mm_get, 1),
	P(43, mm_set, 9),		P(44, module_fw_flash_act, 3),
	P(45, phy_get, 1),		P(46, tsconfig_get, 1),
	P(47, tsconfig_set, 5),		P(48, rss_set, 8),
	P(49, rss_create_act, 6),	P(50, rss_delete_act, 2),
};

/* ---- older releases ---- */

static const struct unl_nla_policy ethnl_cmd1_61[3 + 1] = {
	[1] = HDR,
	[2] = NEST,
	[3] = { .type = UNL_NLA_FLAG },
};
static const struct unl_nla_policy ethnl_cmd6_61[1 + 1] = {
	[1] = HDR,
};
static const struct unl_nla_policy ethnl_cmd16_61[17 + 1] = {
	[1] = HDR,
	[6] = { .type = UNL_NLA_U32 },
	[7] = { .type = UNL_NLA_U32 },
	[8] = { .type = UNL_NLA_U32 },
	[9] = { .type = UNL_NLA_U32 },
	[10] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[12] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[13] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
};
static const struct unl_nla_policy ethnl_cmd20_61[30 + 1] = {
	[1] = HDR,
	[2] = { .type = UNL_NLA_U32 },
	[3] = { .type = UNL_NLA_U32 },
	[4] = { .type = UNL_NLA_U32 },
	[5] = { .type = UNL_NLA_U32 },
	[6] = { .type = UNL_NLA_U32 },
	[7] = { .type = UNL_NLA_U32 },
	[8] = { .type = UNL_NLA_U32 },
	[9] = { .type = UNL_NLA_U32 },
	[10] = { .type = UNL_NLA_U32 },
	[11] = { .type = UNL_NLA_U8 },
	[12] = { .type = UNL_NLA_U8 },
	[13] = { .type = UNL_NLA_U32 },
	[14] = { .type = UNL_NLA_U32 },
	[15] = { .type = UNL_NLA_U32 },
	[16] = { .type = UNL_NLA_U32 },
	[17] = { .type = UNL_NLA_U32 },
	[18] = { .type = UNL_NLA_U32 },
	[19] = { .type = UNL_NLA_U32 },
	[20] = { .type = UNL_NLA_U32 },
	[21] = { .type = UNL_NLA_U32 },
	[22] = { .type = UNL_NLA_U32 },
	[23] = { .type = UNL_NLA_U32 },
	[24] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[25] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
};
static const struct unl_nla_policy ethnl_cmd21_61[6 + 1] = {
	[1] = HDR_STATS,
};
static const struct unl_nla_policy ethnl_cmd25_61[7 + 1] = {
	[1] = HDR,
};
static const struct unl_nla_policy ethnl_cmd26_61[1 + 1] = {
	[1] = HDR,
};
static const struct unl_nla_policy ethnl_cmd27_61[2 + 1] = {
	[1] = HDR,
	[2] = NEST,
};
static const struct unl_nla_policy ethnl_cmd32_61[5 + 1] = {
	[2] = HDR,
	[3] = NEST,
};
static const struct unl_nla_policy ethnl_cmd36_61[1 + 1] = {
	[1] = HDR,
};
static const struct unl_nla_policy ethnl_cmd37_61[16 + 1] = {
	[1] = HDR,
	[3] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 2, 3),
};
static const struct unl_nla_policy ethnl_cmd16_612[17 + 1] = {
	[1] = HDR,
	[6] = { .type = UNL_NLA_U32 },
	[7] = { .type = UNL_NLA_U32 },
	[8] = { .type = UNL_NLA_U32 },
	[9] = { .type = UNL_NLA_U32 },
	[10] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[11] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 2),
	[12] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[13] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[14] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[15] = { .type = UNL_NLA_U32 },
};
static const struct unl_nla_policy ethnl_cmd25_612[7 + 1] = {
	[1] = HDR_STATS,
};
static const struct unl_nla_policy ethnl_cmd37_612[16 + 1] = {
	[1] = HDR_PHY,
	[3] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 2, 3),
	[6] = UNL_NLA_POLICY_RANGE(UNL_NLA_U32, 2, 3),
	[12] = { .type = UNL_NLA_U32 },
};

/* Older releases' policies, each used before its until (oldest first
 * for a command; ethnl.c's ops keep each where the profile's release
 * has it).  Written from what Debian's 6.1.192 and 6.12.118 describe
 * (tests/clients/genl-6.1.expected, genl-6.12.expected); the releases
 * after 6.1 that changed them are not pinned and taken as 6.2, those
 * after 6.12 are the additions' (6.13 rings' HDS threshold, 6.14
 * tsinfo's hwtstamp provider, 6.17 PSE priority), from their sources. */
#define E61(cmd) { cmd, 602, ethnl_cmd##cmd##_61 }
const struct ethnl_older_policy ethnl_older_policies[] = {
	E61(1), E61(6), E61(16), { 16, 613, ethnl_cmd16_612 }, E61(20),
	E61(21), E61(25), { 25, 614, ethnl_cmd25_612 }, E61(26), E61(27),
	E61(32), E61(36), E61(37), { 37, 617, ethnl_cmd37_612 },
};
