// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * flower (net/sched/cls_flower.c): filters that match a flow key under
 * a mask.  Filters with the same mask share it (struct fl_flow_mask);
 * two filters of one mask may not have the same masked key, a replaced
 * filter keeps its mask, and a chain's template (RTM_NEWCHAIN with
 * kind flower) bounds the masks its filters may have.  No device
 * offloads: skip_sw is refused as Linux refuses it on a block without
 * an offloading device, and every filter is "not_in_hw".  The key is
 * dumped as given (unmasked), each part whose mask is not zero, in the
 * order fl_dump_key() has.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>

#include <unetlink/profile.h>

#include "proto/route/sched/cls.h"

/* the attributes after Linux 6.1's uapi header (6.4: L2_MISS, 6.5:
 * CFM, 6.7: SPI, 6.11: ENC_FLAGS) */
#define FL_L2_MISS (TCA_FLOWER_KEY_L2TPV3_SID + 1)
#define FL_KEY_CFM (TCA_FLOWER_KEY_L2TPV3_SID + 2)
#define FL_KEY_SPI (TCA_FLOWER_KEY_L2TPV3_SID + 3)
#define FL_KEY_SPI_MASK (TCA_FLOWER_KEY_L2TPV3_SID + 4)
#define FL_KEY_ENC_FLAGS (TCA_FLOWER_KEY_L2TPV3_SID + 5)
#define FL_KEY_ENC_FLAGS_MASK (TCA_FLOWER_KEY_L2TPV3_SID + 6)
#define FL_MAX FL_KEY_ENC_FLAGS_MASK
#define FL_CFM_MD_LEVEL 1
#define FL_CFM_OPCODE 2
#define FL_CFM_MAX 2
#define FL_CFM_MDL_MAX 7

/* the key flags (TCA_FLOWER_KEY_FLAGS_*) and their FLOW_DIS_* bits */
#define FL_FLAG_IS_FRAGMENT (1u << 0)
#define FL_FLAG_FRAG_IS_FIRST (1u << 1)
#define FL_FLAG_TUNNEL_CSUM (1u << 2)
#define FL_FLAG_TUNNEL_DONT_FRAGMENT (1u << 3)
#define FL_FLAG_TUNNEL_OAM (1u << 4)
#define FL_FLAG_TUNNEL_CRIT_OPT (1u << 5)

#define FL_CT_FLAGS_MASK 0x3f
#define FL_MPLS_MAX 7
#define FL_TUN_OPTS_MAX 255

#define ETH_P_CFM_ 0x8902
#define IPPROTO_L2TP_ 115

/* The geneve, vxlan, erspan, gtp and pfcp option kinds
 * (IP_TUNNEL_*_OPT_BIT) */
enum { FL_OPT_GENEVE = 1, FL_OPT_VXLAN, FL_OPT_ERSPAN, FL_OPT_GTP, FL_OPT_PFCP };

struct fl_vlan {
	uint16_t id;
	uint8_t prio;
	uint16_t tpid, eth_type; /* network order */
};

struct fl_lse {
	uint8_t ttl, bos, tc;
	uint32_t label;
};

struct fl_ports {
	uint16_t src, dst; /* network order */
};

/* struct fl_flow_key: network order where the attribute is */
struct fl_key {
	struct {
		uint32_t ifindex;
		uint8_t l2_miss;
	} meta;
	struct {
		uint16_t addr_type;
		uint32_t flags;
	} control, enc_control;
	struct {
		uint16_t n_proto;
		uint8_t ip_proto;
	} basic;
	struct {
		uint8_t dst[ETH_ALEN], src[ETH_ALEN];
	} eth;
	struct fl_vlan vlan, cvlan;
	struct {
		uint32_t src, dst;
	} ipv4, enc_ipv4;
	struct {
		uint8_t src[16], dst[16];
	} ipv6, enc_ipv6;
	struct fl_ports tp, enc_tp;
	struct {
		uint8_t type, code;
	} icmp;
	struct {
		uint32_t sip, tip;
		uint8_t op, sha[ETH_ALEN], tha[ETH_ALEN];
	} arp;
	uint32_t enc_key_id;
	struct {
		uint32_t used_lses;
		struct fl_lse ls[FL_MPLS_MAX];
	} mpls;
	uint16_t tcp_flags;
	struct {
		uint8_t tos, ttl;
	} ip, enc_ip;
	struct {
		uint8_t data[FL_TUN_OPTS_MAX];
		uint8_t len;
		uint32_t type;
	} enc_opts;
	struct {
		struct fl_ports min, max;
	} tp_range;
	struct {
		uint16_t state, zone;
		uint32_t mark;
		uint32_t labels[4];
	} ct;
	uint32_t hash;
	uint8_t num_of_vlans;
	struct {
		uint16_t session_id, ppp_proto, type;
	} pppoe;
	uint32_t l2tpv3_sid;
	uint32_t spi;
	struct {
		uint8_t mdl_ver, opcode;
	} cfm;
};

/* FLOW_DISSECTOR_KEY_IPV4_ADDRS, _IPV6_ADDRS */
#define FL_ADDR_IPV4 3
#define FL_ADDR_IPV6 4

struct fl_mask {
	struct fl_mask *next;
	struct fl_key key;
	unsigned int refcnt;
};

struct fl_filter {
	struct rtnl_tcf_result res; /* first: rtnl_tcf_result_* */
	struct fl_filter *next; /* by handle */
	struct fl_mask *mask;
	struct fl_key key, mkey;
	uint32_t handle, flags;
	struct rtnl_tcf_exts exts;
};
_Static_assert(offsetof(struct fl_filter, res) == 0, "rtnl_tcf_result_*");

struct fl_head {
	struct fl_mask *masks; /* in creation order */
	struct fl_filter *filters;
};

static const struct unl_nla_policy fl_policy[FL_MAX + 1] = {
	[0] = { .strict_start_type = FL_L2_MISS },
	[TCA_FLOWER_CLASSID] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_INDEV] = { .type = UNL_NLA_STRING, .len = IFNAMSIZ },
	[TCA_FLOWER_KEY_ETH_DST] = { .len = ETH_ALEN },
	[TCA_FLOWER_KEY_ETH_DST_MASK] = { .len = ETH_ALEN },
	[TCA_FLOWER_KEY_ETH_SRC] = { .len = ETH_ALEN },
	[TCA_FLOWER_KEY_ETH_SRC_MASK] = { .len = ETH_ALEN },
	[TCA_FLOWER_KEY_ETH_TYPE] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_IP_PROTO] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_IPV4_SRC] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_IPV4_SRC_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_IPV4_DST] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_IPV4_DST_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_IPV6_SRC] = { .len = 16 },
	[TCA_FLOWER_KEY_IPV6_SRC_MASK] = { .len = 16 },
	[TCA_FLOWER_KEY_IPV6_DST] = { .len = 16 },
	[TCA_FLOWER_KEY_IPV6_DST_MASK] = { .len = 16 },
	[TCA_FLOWER_KEY_TCP_SRC] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_TCP_DST] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_UDP_SRC] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_UDP_DST] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_VLAN_ID] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_VLAN_PRIO] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_VLAN_ETH_TYPE] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_ENC_KEY_ID] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_ENC_IPV4_SRC] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_ENC_IPV4_SRC_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_ENC_IPV4_DST] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_ENC_IPV4_DST_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_ENC_IPV6_SRC] = { .len = 16 },
	[TCA_FLOWER_KEY_ENC_IPV6_SRC_MASK] = { .len = 16 },
	[TCA_FLOWER_KEY_ENC_IPV6_DST] = { .len = 16 },
	[TCA_FLOWER_KEY_ENC_IPV6_DST_MASK] = { .len = 16 },
	[TCA_FLOWER_KEY_TCP_SRC_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_TCP_DST_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_UDP_SRC_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_UDP_DST_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_SCTP_SRC_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_SCTP_DST_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_SCTP_SRC] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_SCTP_DST] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_ENC_UDP_SRC_PORT] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_ENC_UDP_SRC_PORT_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_ENC_UDP_DST_PORT] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_ENC_UDP_DST_PORT_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32,
						     FL_FLAG_IS_FRAGMENT |
							     FL_FLAG_FRAG_IS_FIRST),
	[TCA_FLOWER_KEY_FLAGS_MASK] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32,
							  FL_FLAG_IS_FRAGMENT |
								  FL_FLAG_FRAG_IS_FIRST),
	[TCA_FLOWER_KEY_ICMPV4_TYPE] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ICMPV4_TYPE_MASK] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ICMPV4_CODE] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ICMPV4_CODE_MASK] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ICMPV6_TYPE] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ICMPV6_TYPE_MASK] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ICMPV6_CODE] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ICMPV6_CODE_MASK] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ARP_SIP] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_ARP_SIP_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_ARP_TIP] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_ARP_TIP_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_ARP_OP] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ARP_OP_MASK] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ARP_SHA] = { .len = ETH_ALEN },
	[TCA_FLOWER_KEY_ARP_SHA_MASK] = { .len = ETH_ALEN },
	[TCA_FLOWER_KEY_ARP_THA] = { .len = ETH_ALEN },
	[TCA_FLOWER_KEY_ARP_THA_MASK] = { .len = ETH_ALEN },
	[TCA_FLOWER_KEY_MPLS_TTL] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_MPLS_BOS] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_MPLS_TC] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_MPLS_LABEL] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_MPLS_OPTS] = { .type = UNL_NLA_NESTED },
	[TCA_FLOWER_KEY_TCP_FLAGS] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_TCP_FLAGS_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_IP_TOS] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_IP_TOS_MASK] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_IP_TTL] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_IP_TTL_MASK] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_CVLAN_ID] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_CVLAN_PRIO] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_CVLAN_ETH_TYPE] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_ENC_IP_TOS] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ENC_IP_TOS_MASK] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ENC_IP_TTL] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ENC_IP_TTL_MASK] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_ENC_OPTS] = { .type = UNL_NLA_NESTED },
	[TCA_FLOWER_KEY_ENC_OPTS_MASK] = { .type = UNL_NLA_NESTED },
	[TCA_FLOWER_KEY_CT_STATE] = UNL_NLA_POLICY_MASK(UNL_NLA_U16,
							FL_CT_FLAGS_MASK),
	[TCA_FLOWER_KEY_CT_STATE_MASK] = UNL_NLA_POLICY_MASK(UNL_NLA_U16,
							     FL_CT_FLAGS_MASK),
	[TCA_FLOWER_KEY_CT_ZONE] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_CT_ZONE_MASK] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_CT_MARK] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_CT_MARK_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_CT_LABELS] = { .type = UNL_NLA_BINARY, .len = 16 },
	[TCA_FLOWER_KEY_CT_LABELS_MASK] = { .type = UNL_NLA_BINARY, .len = 16 },
	[TCA_FLOWER_FLAGS] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_HASH] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_HASH_MASK] = { .type = UNL_NLA_U32 },
	[TCA_FLOWER_KEY_NUM_OF_VLANS] = { .type = UNL_NLA_U8 },
	[TCA_FLOWER_KEY_PPPOE_SID] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_PPP_PROTO] = { .type = UNL_NLA_U16 },
	[TCA_FLOWER_KEY_L2TPV3_SID] = { .type = UNL_NLA_U32 },
	[FL_KEY_SPI] = { .type = UNL_NLA_U32 },
	[FL_KEY_SPI_MASK] = { .type = UNL_NLA_U32 },
	[FL_L2_MISS] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[FL_KEY_CFM] = { .type = UNL_NLA_NESTED },
	[FL_KEY_ENC_FLAGS] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32,
						 FL_FLAG_TUNNEL_CSUM |
							 FL_FLAG_TUNNEL_DONT_FRAGMENT |
							 FL_FLAG_TUNNEL_OAM |
							 FL_FLAG_TUNNEL_CRIT_OPT),
	[FL_KEY_ENC_FLAGS_MASK] = UNL_NLA_POLICY_MASK(UNL_NLA_BE32,
						      FL_FLAG_TUNNEL_CSUM |
							      FL_FLAG_TUNNEL_DONT_FRAGMENT |
							      FL_FLAG_TUNNEL_OAM |
							      FL_FLAG_TUNNEL_CRIT_OPT),
};

/* PFCP's options came with Linux 6.10, after this uapi header */
#define FL_ENC_OPTS_PFCP (TCA_FLOWER_KEY_ENC_OPTS_GTP + 1)
#define FL_ENC_OPTS_MAX FL_ENC_OPTS_PFCP
#define FL_ENC_OPT_PFCP_TYPE 1 /* u8 */
#define FL_ENC_OPT_PFCP_SEID 2 /* be64 */
#define FL_ENC_OPT_PFCP_MAX FL_ENC_OPT_PFCP_SEID
#define FL_GTP_LEN 2  /* struct gtp_pdu_session_info */
#define FL_PFCP_LEN 9 /* struct pfcp_metadata, packed */

static const struct unl_nla_policy enc_opts_policy[FL_ENC_OPTS_MAX + 1] = {
	[0] = { .strict_start_type = TCA_FLOWER_KEY_ENC_OPTS_VXLAN },
	[TCA_FLOWER_KEY_ENC_OPTS_GENEVE] = { .type = UNL_NLA_NESTED },
	[TCA_FLOWER_KEY_ENC_OPTS_VXLAN] = { .type = UNL_NLA_NESTED },
	[TCA_FLOWER_KEY_ENC_OPTS_ERSPAN] = { .type = UNL_NLA_NESTED },
	[TCA_FLOWER_KEY_ENC_OPTS_GTP] = { .type = UNL_NLA_NESTED },
	[FL_ENC_OPTS_PFCP] = { .type = UNL_NLA_NESTED },
};

static const struct unl_nla_policy
	gtp_opt_policy[TCA_FLOWER_KEY_ENC_OPT_GTP_MAX + 1] = {
		[TCA_FLOWER_KEY_ENC_OPT_GTP_PDU_TYPE] = { .type = UNL_NLA_U8 },
		[TCA_FLOWER_KEY_ENC_OPT_GTP_QFI] = { .type = UNL_NLA_U8 },
	};

static const struct unl_nla_policy pfcp_opt_policy[FL_ENC_OPT_PFCP_MAX + 1] = {
	[FL_ENC_OPT_PFCP_TYPE] = { .type = UNL_NLA_U8 },
	[FL_ENC_OPT_PFCP_SEID] = { .type = UNL_NLA_U64 },
};

static const struct unl_nla_policy
	geneve_opt_policy[TCA_FLOWER_KEY_ENC_OPT_GENEVE_MAX + 1] = {
		[TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS] = { .type = UNL_NLA_U16 },
		[TCA_FLOWER_KEY_ENC_OPT_GENEVE_TYPE] = { .type = UNL_NLA_U8 },
		[TCA_FLOWER_KEY_ENC_OPT_GENEVE_DATA] = { .type = UNL_NLA_BINARY,
							 .len = 127 },
	};

static const struct unl_nla_policy
	vxlan_opt_policy[TCA_FLOWER_KEY_ENC_OPT_VXLAN_MAX + 1] = {
		[TCA_FLOWER_KEY_ENC_OPT_VXLAN_GBP] = { .type = UNL_NLA_U32 },
	};

static const struct unl_nla_policy
	erspan_opt_policy[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_MAX + 1] = {
		[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_VER] = { .type = UNL_NLA_U8 },
		[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_INDEX] = { .type = UNL_NLA_U32 },
		[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_DIR] = { .type = UNL_NLA_U8 },
		[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_HWID] = { .type = UNL_NLA_U8 },
	};

static const struct unl_nla_policy
	lse_policy[TCA_FLOWER_KEY_MPLS_OPT_LSE_MAX + 1] = {
		[TCA_FLOWER_KEY_MPLS_OPT_LSE_DEPTH] = { .type = UNL_NLA_U8 },
		[TCA_FLOWER_KEY_MPLS_OPT_LSE_TTL] = { .type = UNL_NLA_U8 },
		[TCA_FLOWER_KEY_MPLS_OPT_LSE_BOS] = { .type = UNL_NLA_U8 },
		[TCA_FLOWER_KEY_MPLS_OPT_LSE_TC] = { .type = UNL_NLA_U8 },
		[TCA_FLOWER_KEY_MPLS_OPT_LSE_LABEL] = { .type = UNL_NLA_U32 },
	};

static const struct unl_nla_policy cfm_policy[FL_CFM_MAX + 1] = {
	[FL_CFM_MD_LEVEL] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, FL_CFM_MDL_MAX),
	[FL_CFM_OPCODE] = { .type = UNL_NLA_U8 },
};

/* ---- the key from attributes (fl_set_key()) ---- */

#define FL_OFF(member) offsetof(struct fl_key, member)
#define FL_SIZE(member) sizeof(((struct fl_key *)0)->member)

/* nla_memcpy(): what the attribute has, the rest zero */
static void fl_memcpy(void *dst, const struct nlattr *a, size_t len)
{
	size_t have = (size_t)unl_nla_len(a);

	memcpy(dst, unl_nla_data(a), have < len ? have : len);
	if (have < len)
		memset((uint8_t *)dst + have, 0, len - have);
}

/* fl_set_key_val(): the mask is all ones without its attribute */
static void fl_set_val(const struct nlattr **tb, struct fl_key *key,
		       struct fl_key *mask, int type, int mask_type,
		       size_t off, size_t len)
{
	if (!tb[type])
		return;
	fl_memcpy((uint8_t *)key + off, tb[type], len);
	if (!mask_type || !tb[mask_type])
		memset((uint8_t *)mask + off, 0xff, len);
	else
		fl_memcpy((uint8_t *)mask + off, tb[mask_type], len);
}

#define FL_SET(tb, k, m, type, mtype, member)                              \
	fl_set_val(tb, k, m, type, mtype, FL_OFF(member), FL_SIZE(member))

static int fl_set_lse_fields(const struct nlattr *ttl,
			     const struct nlattr *bos,
			     const struct nlattr *tc,
			     const struct nlattr *label, struct fl_lse *v,
			     struct fl_lse *m, struct unl_ext_ack *extack)
{
	if (ttl) {
		v->ttl = unl_nla_get_u8(ttl);
		m->ttl = 0xff;
	}
	if (bos) {
		if (unl_nla_get_u8(bos) & ~1u) {
			UNL_SET_ERR_MSG_ATTR(extack, bos, "Bottom Of Stack (BOS) must be 0 or 1");
			return -EINVAL;
		}
		v->bos = unl_nla_get_u8(bos);
		m->bos = 1;
	}
	if (tc) {
		if (unl_nla_get_u8(tc) & ~7u) {
			UNL_SET_ERR_MSG_ATTR(extack, tc, "Traffic Class (TC) must be between 0 and 7");
			return -EINVAL;
		}
		v->tc = unl_nla_get_u8(tc);
		m->tc = 7;
	}
	if (label) {
		if (unl_nla_get_u32(label) & ~0xfffffu) {
			UNL_SET_ERR_MSG_ATTR(extack, label, "Label must be between 0 and 1048575");
			return -EINVAL;
		}
		v->label = unl_nla_get_u32(label);
		m->label = 0xfffff;
	}
	return 0;
}

/* fl_set_key_mpls_lse() */
static int fl_set_lse(const struct nlattr *nla, struct fl_key *key,
		      struct fl_key *mask, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_FLOWER_KEY_MPLS_OPT_LSE_MAX + 1];
	uint8_t depth;
	int err = unl_nla_parse_nested(tb, TCA_FLOWER_KEY_MPLS_OPT_LSE_MAX,
				       nla, lse_policy, UNL_VALIDATE_STRICT,
				       extack);

	if (err)
		return err;
	if (!tb[TCA_FLOWER_KEY_MPLS_OPT_LSE_DEPTH]) {
		UNL_SET_ERR_MSG(extack, "Missing MPLS option \"depth\"");
		return -EINVAL;
	}
	depth = unl_nla_get_u8(tb[TCA_FLOWER_KEY_MPLS_OPT_LSE_DEPTH]);
	if (depth < 1 || depth > FL_MPLS_MAX) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[TCA_FLOWER_KEY_MPLS_OPT_LSE_DEPTH],
				     "Invalid MPLS depth");
		return -EINVAL;
	}
	key->mpls.used_lses |= 1u << (depth - 1);
	mask->mpls.used_lses |= 1u << (depth - 1);
	return fl_set_lse_fields(tb[TCA_FLOWER_KEY_MPLS_OPT_LSE_TTL],
				 tb[TCA_FLOWER_KEY_MPLS_OPT_LSE_BOS],
				 tb[TCA_FLOWER_KEY_MPLS_OPT_LSE_TC],
				 tb[TCA_FLOWER_KEY_MPLS_OPT_LSE_LABEL],
				 &key->mpls.ls[depth - 1],
				 &mask->mpls.ls[depth - 1], extack);
}

/* fl_set_key_mpls() */
static int fl_set_mpls(const struct nlattr **tb, struct fl_key *key,
		       struct fl_key *mask, struct unl_ext_ack *extack)
{
	const struct nlattr *opts = tb[TCA_FLOWER_KEY_MPLS_OPTS], *lse;
	int rem, err;

	if (opts) {
		if (tb[TCA_FLOWER_KEY_MPLS_TTL] || tb[TCA_FLOWER_KEY_MPLS_BOS] ||
		    tb[TCA_FLOWER_KEY_MPLS_TC] || tb[TCA_FLOWER_KEY_MPLS_LABEL]) {
			UNL_SET_ERR_MSG_ATTR(extack, opts, "MPLS label, Traffic Class, Bottom Of Stack and Time To Live must be encapsulated in the MPLS options attribute");
			return -EBADMSG;
		}
		if (!(opts->nla_type & NLA_F_NESTED)) {
			UNL_SET_ERR_MSG_ATTR(extack, opts, "NLA_F_NESTED is missing");
			return -EINVAL;
		}
		unl_nla_for_each_nested(lse, opts, rem) {
			if (unl_nla_type(lse) != TCA_FLOWER_KEY_MPLS_OPTS_LSE) {
				UNL_SET_ERR_MSG_ATTR(extack, lse, "Invalid MPLS option type");
				return -EINVAL;
			}
			err = fl_set_lse(lse, key, mask, extack);
			if (err)
				return err;
		}
		if (rem) {
			UNL_SET_ERR_MSG(extack, "Bytes leftover after parsing MPLS options");
			return -EINVAL;
		}
		return 0;
	}
	err = fl_set_lse_fields(tb[TCA_FLOWER_KEY_MPLS_TTL],
				tb[TCA_FLOWER_KEY_MPLS_BOS],
				tb[TCA_FLOWER_KEY_MPLS_TC],
				tb[TCA_FLOWER_KEY_MPLS_LABEL], &key->mpls.ls[0],
				&mask->mpls.ls[0], extack);
	if (err)
		return err;
	if (tb[TCA_FLOWER_KEY_MPLS_TTL] || tb[TCA_FLOWER_KEY_MPLS_BOS] ||
	    tb[TCA_FLOWER_KEY_MPLS_TC] || tb[TCA_FLOWER_KEY_MPLS_LABEL]) {
		key->mpls.used_lses |= 1;
		mask->mpls.used_lses |= 1;
	}
	return 0;
}

/* fl_set_key_vlan() */
static void fl_set_vlan(const struct nlattr **tb, uint16_t ethertype,
			int id_type, int prio_type, int next_type,
			struct fl_vlan *v, struct fl_vlan *m)
{
	if (tb[id_type]) {
		v->id = unl_nla_get_u16(tb[id_type]) & 0xfff;
		m->id = 0xfff;
	}
	if (tb[prio_type]) {
		v->prio = unl_nla_get_u8(tb[prio_type]) & 7;
		m->prio = 7;
	}
	if (ethertype) {
		v->tpid = ethertype;
		m->tpid = 0xffff;
	}
	if (tb[next_type]) {
		v->eth_type = unl_nla_get_u16(tb[next_type]);
		m->eth_type = 0xffff;
	}
}

static bool eth_type_vlan(uint16_t be)
{
	return be == htons(ETH_P_8021Q) || be == htons(ETH_P_8021AD);
}

/* is_vlan_key() */
static bool fl_is_vlan(const struct nlattr *a, uint16_t *ethertype,
		       struct fl_key *key, struct fl_key *mask, int vthresh)
{
	bool many = key->num_of_vlans > vthresh;

	if (!a) {
		*ethertype = 0;
		return many;
	}
	*ethertype = unl_nla_get_u16(a);
	if (many || eth_type_vlan(*ethertype))
		return true;
	key->basic.n_proto = *ethertype;
	mask->basic.n_proto = 0xffff;
	return false;
}

/* fl_set_key_pppoe() */
static void fl_set_pppoe(const struct nlattr **tb, struct fl_key *key,
			 struct fl_key *mask)
{
	static const uint16_t ppp_to_eth[][2] = {
		{ 0x21, ETH_P_IP },
		{ 0x57, ETH_P_IPV6 },
		{ 0x281, ETH_P_MPLS_UC },
		{ 0x283, ETH_P_MPLS_MC },
	};

	key->pppoe.type = htons(ETH_P_PPP_SES);
	mask->pppoe.type = 0xffff;
	if (tb[TCA_FLOWER_KEY_PPPOE_SID]) {
		key->pppoe.session_id = unl_nla_get_u16(tb[TCA_FLOWER_KEY_PPPOE_SID]);
		mask->pppoe.session_id = 0xffff;
	}
	if (!tb[TCA_FLOWER_KEY_PPP_PROTO]) {
		key->basic.n_proto = 0;
		mask->basic.n_proto = 0;
		return;
	}
	key->pppoe.ppp_proto = unl_nla_get_u16(tb[TCA_FLOWER_KEY_PPP_PROTO]);
	mask->pppoe.ppp_proto = 0xffff;
	for (size_t i = 0; i < sizeof(ppp_to_eth) / sizeof(ppp_to_eth[0]); i++)
		if (key->pppoe.ppp_proto == htons(ppp_to_eth[i][0])) {
			key->basic.n_proto = htons(ppp_to_eth[i][1]);
			mask->basic.n_proto = 0xffff;
		}
}

/* fl_set_key_flags(): TCA_FLOWER_KEY_FLAGS_* and FLOW_DIS_* have the
 * same bits here, as only their order on the wire matters */
static int fl_set_flags(const struct nlattr **tb, bool encap,
			uint32_t *fkey, uint32_t *fmask,
			struct unl_ext_ack *extack)
{
	int kt = encap ? FL_KEY_ENC_FLAGS : TCA_FLOWER_KEY_FLAGS;
	int mt = encap ? FL_KEY_ENC_FLAGS_MASK : TCA_FLOWER_KEY_FLAGS_MASK;
	uint32_t key, mask;

	if (!tb[mt]) {
		UNL_SET_ERR_MSG(extack, "Missing flags mask");
		return -EINVAL;
	}
	key = ntohl(unl_nla_get_u32(tb[kt]));
	mask = ntohl(unl_nla_get_u32(tb[mt]));
	*fmask = mask & 0x3f;
	*fkey = key & mask & 0x3f;
	return 0;
}

/* fl_set_key_port_range() */
static int fl_set_port_range(const struct nlattr **tb, struct fl_key *key,
			     struct fl_key *mask, struct unl_ext_ack *extack)
{
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_PORT_DST_MIN, 0, tp_range.min.dst);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_PORT_DST_MAX, 0, tp_range.max.dst);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_PORT_SRC_MIN, 0, tp_range.min.src);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_PORT_SRC_MAX, 0, tp_range.max.src);
	if (mask->tp_range.min.dst != mask->tp_range.max.dst) {
		UNL_SET_ERR_MSG(extack, "Both min and max destination ports must be specified");
		return -EINVAL;
	}
	if (mask->tp_range.min.src != mask->tp_range.max.src) {
		UNL_SET_ERR_MSG(extack, "Both min and max source ports must be specified");
		return -EINVAL;
	}
	if (mask->tp_range.min.dst && mask->tp_range.max.dst &&
	    ntohs(key->tp_range.max.dst) <= ntohs(key->tp_range.min.dst)) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[TCA_FLOWER_KEY_PORT_DST_MIN],
				     "Invalid destination port range (min must be strictly smaller than max)");
		return -EINVAL;
	}
	if (mask->tp_range.min.src && mask->tp_range.max.src &&
	    ntohs(key->tp_range.max.src) <= ntohs(key->tp_range.min.src)) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[TCA_FLOWER_KEY_PORT_SRC_MIN],
				     "Invalid source port range (min must be strictly smaller than max)");
		return -EINVAL;
	}
	return 0;
}

/* fl_validate_ct_state() */
static int fl_validate_ct_state(uint16_t state, const struct nlattr *a,
				struct unl_ext_ack *extack)
{
	const char *why = NULL;

	if (state && !(state & TCA_FLOWER_KEY_CT_FLAGS_TRACKED))
		why = "no trk, so no other flag can be set";
	else if (state & TCA_FLOWER_KEY_CT_FLAGS_NEW &&
		 state & TCA_FLOWER_KEY_CT_FLAGS_ESTABLISHED)
		why = "new and est are mutually exclusive";
	else if (state & TCA_FLOWER_KEY_CT_FLAGS_INVALID &&
		 state & ~(TCA_FLOWER_KEY_CT_FLAGS_TRACKED |
			   TCA_FLOWER_KEY_CT_FLAGS_INVALID))
		why = "when inv is set, only trk may be set";
	else if (state & TCA_FLOWER_KEY_CT_FLAGS_NEW &&
		 state & TCA_FLOWER_KEY_CT_FLAGS_REPLY)
		why = "new and rpl are mutually exclusive";
	if (!why)
		return 0;
	UNL_SET_ERR_MSG_ATTR(extack, a, why);
	return -EINVAL;
}

/* fl_set_key_ct() */
static int fl_set_ct(const struct nlattr **tb, struct fl_key *key,
		     struct fl_key *mask, struct unl_ext_ack *extack)
{
	if (tb[TCA_FLOWER_KEY_CT_STATE]) {
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_CT_STATE,
		       TCA_FLOWER_KEY_CT_STATE_MASK, ct.state);
		if (fl_validate_ct_state(key->ct.state & mask->ct.state,
					 tb[TCA_FLOWER_KEY_CT_STATE_MASK], extack))
			return -EINVAL;
	}
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_CT_ZONE, TCA_FLOWER_KEY_CT_ZONE_MASK,
	       ct.zone);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_CT_MARK, TCA_FLOWER_KEY_CT_MARK_MASK,
	       ct.mark);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_CT_LABELS,
	       TCA_FLOWER_KEY_CT_LABELS_MASK, ct.labels);
	return 0;
}

/* ---- tunnel options (fl_set_enc_opt()) ---- */

/* One option of the key (depth: what is left of the options, 0 for a
 * mask that was not given: all ones) at key->enc_opts.len; its length
 * or -errno.  option_len: the key's option length when this is the
 * mask, 0 when it is the key. */
typedef int (*fl_opt_fn)(const struct nlattr *nla, struct fl_key *key,
			 int depth, int option_len,
			 struct unl_ext_ack *extack);

static int fl_set_geneve_opt(const struct nlattr *nla, struct fl_key *key,
			     int depth, int option_len,
			     struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_MAX + 1];
	uint8_t *opt = &key->enc_opts.data[key->enc_opts.len];
	int data_len = option_len > 4 ? option_len - 4 : 0, err;

	if (key->enc_opts.len > FL_TUN_OPTS_MAX - 4)
		return -ERANGE;
	memset(opt, 0xff, (size_t)option_len);
	if (option_len >= 4)
		opt[3] = (uint8_t)((data_len / 4) & 0x1f);
	if (!depth)
		return 4 + data_len;
	if (unl_nla_type(nla) != TCA_FLOWER_KEY_ENC_OPTS_GENEVE) {
		UNL_SET_ERR_MSG(extack, "Non-geneve option type for mask");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_FLOWER_KEY_ENC_OPT_GENEVE_MAX, nla,
				   geneve_opt_policy, UNL_VALIDATE_LIBERAL,
				   extack);
	if (err)
		return err;
	if (!option_len && (!tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS] ||
			    !tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_TYPE] ||
			    !tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_DATA])) {
		UNL_SET_ERR_MSG(extack, "Missing tunnel key geneve option class, type or data");
		return -EINVAL;
	}
	if (tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_DATA]) {
		const struct nlattr *data = tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_DATA];

		data_len = unl_nla_len(data);
		if (data_len < 4) {
			UNL_SET_ERR_MSG(extack, "Tunnel key geneve option data is less than 4 bytes long");
			return -ERANGE;
		}
		if (data_len % 4) {
			UNL_SET_ERR_MSG(extack, "Tunnel key geneve option data is not a multiple of 4 bytes long");
			return -ERANGE;
		}
		if (key->enc_opts.len + 4 + data_len > FL_TUN_OPTS_MAX) {
			UNL_SET_ERR_MSG(extack, "Tunnel options exceeds max size");
			return -ERANGE;
		}
		opt[3] = (uint8_t)(data_len / 4);
		memcpy(opt + 4, unl_nla_data(data), (size_t)data_len);
	}
	if (tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS])
		memcpy(opt, unl_nla_data(tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS]), 2);
	if (tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_TYPE])
		opt[2] = unl_nla_get_u8(tb[TCA_FLOWER_KEY_ENC_OPT_GENEVE_TYPE]);
	return 4 + data_len;
}

static int fl_set_vxlan_opt(const struct nlattr *nla, struct fl_key *key,
			    int depth, int option_len,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_FLOWER_KEY_ENC_OPT_VXLAN_MAX + 1];
	uint8_t *md = &key->enc_opts.data[key->enc_opts.len];
	uint32_t gbp;
	int err;

	memset(md, 0xff, 4);
	if (!depth)
		return 4;
	if (unl_nla_type(nla) != TCA_FLOWER_KEY_ENC_OPTS_VXLAN) {
		UNL_SET_ERR_MSG(extack, "Non-vxlan option type for mask");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_FLOWER_KEY_ENC_OPT_VXLAN_MAX, nla,
				   vxlan_opt_policy, UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (!option_len && !tb[TCA_FLOWER_KEY_ENC_OPT_VXLAN_GBP]) {
		UNL_SET_ERR_MSG(extack, "Missing tunnel key vxlan option gbp");
		return -EINVAL;
	}
	if (tb[TCA_FLOWER_KEY_ENC_OPT_VXLAN_GBP]) {
		/* VXLAN_GBP_MASK: the policy bits and the group id */
		gbp = unl_nla_get_u32(tb[TCA_FLOWER_KEY_ENC_OPT_VXLAN_GBP]) &
		      0x0048ffffu;
		memcpy(md, &gbp, 4);
	}
	return 4;
}

/* struct erspan_metadata: int version, then index (v1) or struct
 * erspan_md2 (v2: timestamp, sgt, a byte with hwid_upper, one with
 * dir and hwid) */
#define FL_ERSPAN_LEN 12

static int fl_set_erspan_opt(const struct nlattr *nla, struct fl_key *key,
			     int depth, int option_len,
			     struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_MAX + 1];
	uint8_t *md = &key->enc_opts.data[key->enc_opts.len];
	int32_t version = 1;
	uint8_t hwid;
	int err;

	memcpy(md, &version, 4);
	if (!depth)
		return FL_ERSPAN_LEN;
	if (unl_nla_type(nla) != TCA_FLOWER_KEY_ENC_OPTS_ERSPAN) {
		UNL_SET_ERR_MSG(extack, "Non-erspan option type for mask");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_FLOWER_KEY_ENC_OPT_ERSPAN_MAX, nla,
				   erspan_opt_policy, UNL_VALIDATE_STRICT,
				   extack);
	if (err)
		return err;
	if (!option_len && !tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_VER]) {
		UNL_SET_ERR_MSG(extack, "Missing tunnel key erspan option ver");
		return -EINVAL;
	}
	if (tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_VER]) {
		version = unl_nla_get_u8(tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_VER]);
		memcpy(md, &version, 4);
	}
	if (version == 1) {
		if (!option_len && !tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_INDEX]) {
			UNL_SET_ERR_MSG(extack, "Missing tunnel key erspan option index");
			return -EINVAL;
		}
		memset(md + 4, 0xff, 4);
		if (tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_INDEX])
			memcpy(md + 4, unl_nla_data(tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_INDEX]), 4);
	} else if (version == 2) {
		if (!option_len && (!tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_DIR] ||
				    !tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_HWID])) {
			UNL_SET_ERR_MSG(extack, "Missing tunnel key erspan option dir or hwid");
			return -EINVAL;
		}
		/* dir is bit 3 of the second byte of the pair, hwid its
		 * high nibble and the first byte's low two bits */
		md[11] = (uint8_t)((md[11] & ~0x08) | 0x08);
		if (tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_DIR])
			md[11] = (uint8_t)((md[11] & ~0x08) |
					   ((unl_nla_get_u8(tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_DIR]) & 1) << 3));
		hwid = 0xff;
		if (tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_HWID])
			hwid = unl_nla_get_u8(tb[TCA_FLOWER_KEY_ENC_OPT_ERSPAN_HWID]);
		md[11] = (uint8_t)((md[11] & 0x0f) | ((hwid & 0xf) << 4));
		md[10] = (uint8_t)((md[10] & ~0x03) | ((hwid >> 4) & 0x3));
	} else {
		UNL_SET_ERR_MSG(extack, "Tunnel key erspan option ver is incorrect");
		return -EINVAL;
	}
	return FL_ERSPAN_LEN;
}

/* fl_set_gtp_opt(): a key has both the PDU type and the QFI; a mask's
 * missing ones match all */
static int fl_set_gtp_opt(const struct nlattr *nla, struct fl_key *key,
			  int depth, int option_len,
			  struct unl_ext_ack *extack)
{
	const struct nlattr *tb[TCA_FLOWER_KEY_ENC_OPT_GTP_MAX + 1];
	uint8_t *info = &key->enc_opts.data[key->enc_opts.len];
	int err;

	memset(info, 0xff, (size_t)option_len);
	if (!depth)
		return FL_GTP_LEN;
	if (unl_nla_type(nla) != TCA_FLOWER_KEY_ENC_OPTS_GTP) {
		UNL_SET_ERR_MSG(extack, "cls_flower: Non-gtp option type for mask");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, TCA_FLOWER_KEY_ENC_OPT_GTP_MAX, nla,
				   gtp_opt_policy, UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (!option_len && (!tb[TCA_FLOWER_KEY_ENC_OPT_GTP_PDU_TYPE] ||
			    !tb[TCA_FLOWER_KEY_ENC_OPT_GTP_QFI])) {
		UNL_SET_ERR_MSG(extack, "cls_flower: Missing tunnel key gtp option pdu type or qfi");
		return -EINVAL;
	}
	if (tb[TCA_FLOWER_KEY_ENC_OPT_GTP_PDU_TYPE])
		info[0] = unl_nla_get_u8(tb[TCA_FLOWER_KEY_ENC_OPT_GTP_PDU_TYPE]);
	if (tb[TCA_FLOWER_KEY_ENC_OPT_GTP_QFI])
		info[1] = unl_nla_get_u8(tb[TCA_FLOWER_KEY_ENC_OPT_GTP_QFI]);
	return FL_GTP_LEN;
}

/* fl_set_pfcp_opt(): what is not given matches all, in a key as in a
 * mask (Linux fills both with ones first); a key has a type */
static int fl_set_pfcp_opt(const struct nlattr *nla, struct fl_key *key,
			   int depth, int option_len,
			   struct unl_ext_ack *extack)
{
	const struct nlattr *tb[FL_ENC_OPT_PFCP_MAX + 1];
	uint8_t *md = &key->enc_opts.data[key->enc_opts.len];
	int err;

	memset(md, 0xff, FL_PFCP_LEN);
	if (!depth)
		return FL_PFCP_LEN;
	if (unl_nla_type(nla) != FL_ENC_OPTS_PFCP) {
		UNL_SET_ERR_MSG(extack, "cls_flower: Non-pfcp option type for mask");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, FL_ENC_OPT_PFCP_MAX, nla,
				   pfcp_opt_policy, UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (!option_len && !tb[FL_ENC_OPT_PFCP_TYPE]) {
		UNL_SET_ERR_MSG(extack, "cls_flower: Missing tunnel key pfcp option type");
		return -EINVAL;
	}
	if (tb[FL_ENC_OPT_PFCP_TYPE])
		md[0] = unl_nla_get_u8(tb[FL_ENC_OPT_PFCP_TYPE]);
	if (tb[FL_ENC_OPT_PFCP_SEID])
		memcpy(md + 1, unl_nla_data(tb[FL_ENC_OPT_PFCP_SEID]), 8);
	return FL_PFCP_LEN;
}

static const struct {
	int nla_type, opt_type;
	fl_opt_fn set;
	const char *dup;
} fl_opt_kinds[] = {
	{ TCA_FLOWER_KEY_ENC_OPTS_GENEVE, FL_OPT_GENEVE, fl_set_geneve_opt,
	  "Duplicate type for geneve options" },
	{ TCA_FLOWER_KEY_ENC_OPTS_VXLAN, FL_OPT_VXLAN, fl_set_vxlan_opt,
	  "Duplicate type for vxlan options" },
	{ TCA_FLOWER_KEY_ENC_OPTS_ERSPAN, FL_OPT_ERSPAN, fl_set_erspan_opt,
	  "Duplicate type for erspan options" },
	{ TCA_FLOWER_KEY_ENC_OPTS_GTP, FL_OPT_GTP, fl_set_gtp_opt,
	  "cls_flower: Duplicate type for gtp options" },
	/* the last: a kernel before 6.10 has not this one */
	{ FL_ENC_OPTS_PFCP, FL_OPT_PFCP, fl_set_pfcp_opt,
	  "cls_flower: Duplicate type for pfcp options" },
};

/* fl_set_enc_opt(); has_pfcp: the kernel knows PFCP's options */
static int fl_set_enc_opt(const struct nlattr **tb, struct fl_key *key,
			  struct fl_key *mask, bool has_pfcp,
			  struct unl_ext_ack *extack)
{
	size_t nkinds = sizeof(fl_opt_kinds) / sizeof(fl_opt_kinds[0]) -
			(has_pfcp ? 0 : 1);
	/* before 6.10 the policy ends at gtp: a pfcp attribute passes the
	 * liberal validation unread and is then an unknown kind */
	int maxtype = has_pfcp ? FL_ENC_OPTS_MAX : TCA_FLOWER_KEY_ENC_OPTS_GTP;
	const struct nlattr *opts = tb[TCA_FLOWER_KEY_ENC_OPTS];
	const struct nlattr *msk = tb[TCA_FLOWER_KEY_ENC_OPTS_MASK];
	const struct nlattr *ok, *om = NULL;
	int err, len, key_depth, msk_depth = 0;

	err = unl_nla_validate(unl_nla_data(opts), unl_nla_len(opts),
			       maxtype, enc_opts_policy,
			       UNL_VALIDATE_LIBERAL, extack);
	if (err)
		return err;
	if (msk) {
		err = unl_nla_validate(unl_nla_data(msk), unl_nla_len(msk),
				       maxtype, enc_opts_policy,
				       UNL_VALIDATE_LIBERAL, extack);
		if (err)
			return err;
		om = unl_nla_data(msk);
		msk_depth = unl_nla_len(msk);
		if (!unl_nla_ok(om, msk_depth)) {
			UNL_SET_ERR_MSG(extack, "Invalid nested attribute for masks");
			return -EINVAL;
		}
	}
	unl_nla_for_each_nested(ok, opts, key_depth) {
		size_t i;

		for (i = 0; i < nkinds; i++)
			if (fl_opt_kinds[i].nla_type == unl_nla_type(ok))
				break;
		if (i == nkinds) {
			UNL_SET_ERR_MSG(extack, "Unknown tunnel option type");
			return -EINVAL;
		}
		/* geneve options may repeat; the others are one */
		if (key->enc_opts.type &&
		    (fl_opt_kinds[i].opt_type != FL_OPT_GENEVE ||
		     key->enc_opts.type != FL_OPT_GENEVE)) {
			UNL_SET_ERR_MSG(extack, fl_opt_kinds[i].dup);
			return -EINVAL;
		}
		key->enc_opts.type = (uint32_t)fl_opt_kinds[i].opt_type;
		len = fl_opt_kinds[i].set(ok, key, key_depth, 0, extack);
		if (len < 0)
			return len;
		key->enc_opts.len = (uint8_t)(key->enc_opts.len + len);
		mask->enc_opts.type = (uint32_t)fl_opt_kinds[i].opt_type;
		len = fl_opt_kinds[i].set(om, mask, msk_depth, len, extack);
		if (len < 0)
			return len;
		mask->enc_opts.len = (uint8_t)(mask->enc_opts.len + len);
		if (key->enc_opts.len != mask->enc_opts.len) {
			UNL_SET_ERR_MSG(extack, "Key and mask miss aligned");
			return -EINVAL;
		}
		if (!msk_depth)
			continue;
		if (!unl_nla_ok(om, msk_depth)) {
			UNL_SET_ERR_MSG(extack, "A mask attribute is invalid");
			return -EINVAL;
		}
		om = unl_nla_next(om, &msk_depth);
		if (msk_depth && !unl_nla_ok(om, msk_depth)) {
			UNL_SET_ERR_MSG(extack, "A mask attribute is invalid");
			return -EINVAL;
		}
	}
	return 0;
}

/* fl_set_key_cfm() */
static int fl_set_cfm(const struct nlattr **tb, struct fl_key *key,
		      struct fl_key *mask, struct unl_ext_ack *extack)
{
	const struct nlattr *c[FL_CFM_MAX + 1];
	int err;

	if (!tb[FL_KEY_CFM])
		return 0;
	err = unl_nla_parse_nested(c, FL_CFM_MAX, tb[FL_KEY_CFM], cfm_policy,
				   UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (c[FL_CFM_OPCODE]) {
		key->cfm.opcode = unl_nla_get_u8(c[FL_CFM_OPCODE]);
		mask->cfm.opcode = 0xff;
	}
	if (c[FL_CFM_MD_LEVEL]) {
		/* FLOW_DIS_CFM_MDL_MASK: the top three bits */
		key->cfm.mdl_ver = (uint8_t)(unl_nla_get_u8(c[FL_CFM_MD_LEVEL]) << 5);
		mask->cfm.mdl_ver = 0xe0;
	}
	return 0;
}

/* the transport keys of ip_proto and n_proto */
static int fl_set_l4(const struct nlattr **tb, struct fl_key *key,
		     struct fl_key *mask, struct unl_ext_ack *extack)
{
	uint16_t np = key->basic.n_proto;

	switch (key->basic.ip_proto) {
	case IPPROTO_TCP:
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_TCP_SRC, TCA_FLOWER_KEY_TCP_SRC_MASK, tp.src);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_TCP_DST, TCA_FLOWER_KEY_TCP_DST_MASK, tp.dst);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_TCP_FLAGS, TCA_FLOWER_KEY_TCP_FLAGS_MASK, tcp_flags);
		return 0;
	case IPPROTO_UDP:
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_UDP_SRC, TCA_FLOWER_KEY_UDP_SRC_MASK, tp.src);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_UDP_DST, TCA_FLOWER_KEY_UDP_DST_MASK, tp.dst);
		return 0;
	case IPPROTO_SCTP:
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_SCTP_SRC, TCA_FLOWER_KEY_SCTP_SRC_MASK, tp.src);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_SCTP_DST, TCA_FLOWER_KEY_SCTP_DST_MASK, tp.dst);
		return 0;
	}
	if (np == htons(ETH_P_IP) && key->basic.ip_proto == IPPROTO_ICMP) {
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ICMPV4_TYPE, TCA_FLOWER_KEY_ICMPV4_TYPE_MASK, icmp.type);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ICMPV4_CODE, TCA_FLOWER_KEY_ICMPV4_CODE_MASK, icmp.code);
	} else if (np == htons(ETH_P_IPV6) && key->basic.ip_proto == IPPROTO_ICMPV6) {
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ICMPV6_TYPE, TCA_FLOWER_KEY_ICMPV6_TYPE_MASK, icmp.type);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ICMPV6_CODE, TCA_FLOWER_KEY_ICMPV6_CODE_MASK, icmp.code);
	} else if (np == htons(ETH_P_MPLS_UC) || np == htons(ETH_P_MPLS_MC)) {
		return fl_set_mpls(tb, key, mask, extack);
	} else if (np == htons(ETH_P_ARP) || np == htons(ETH_P_RARP)) {
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ARP_SIP, TCA_FLOWER_KEY_ARP_SIP_MASK, arp.sip);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ARP_TIP, TCA_FLOWER_KEY_ARP_TIP_MASK, arp.tip);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ARP_OP, TCA_FLOWER_KEY_ARP_OP_MASK, arp.op);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ARP_SHA, TCA_FLOWER_KEY_ARP_SHA_MASK, arp.sha);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ARP_THA, TCA_FLOWER_KEY_ARP_THA_MASK, arp.tha);
	} else if (key->basic.ip_proto == IPPROTO_L2TP_) {
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_L2TPV3_SID, 0, l2tpv3_sid);
	} else if (np == htons(ETH_P_CFM_)) {
		return fl_set_cfm(tb, key, mask, extack);
	}
	return 0;
}

/* the layer 2 keys: device, addresses, vlans, pppoe */
static int fl_set_l2(struct rtnl_net *rn, const struct nlattr **tb,
		     struct fl_key *key, struct fl_key *mask,
		     struct unl_ext_ack *extack)
{
	uint16_t ethertype;

	if (tb[TCA_FLOWER_INDEV]) {
		int ifindex = rtnl_tcf_change_indev(rn, tb[TCA_FLOWER_INDEV], extack);

		if (ifindex < 0)
			return ifindex;
		key->meta.ifindex = (uint32_t)ifindex;
		mask->meta.ifindex = 0xffffffff;
	}
	FL_SET(tb, key, mask, FL_L2_MISS, 0, meta.l2_miss);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_ETH_DST, TCA_FLOWER_KEY_ETH_DST_MASK, eth.dst);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_ETH_SRC, TCA_FLOWER_KEY_ETH_SRC_MASK, eth.src);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_NUM_OF_VLANS, 0, num_of_vlans);
	if (fl_is_vlan(tb[TCA_FLOWER_KEY_ETH_TYPE], &ethertype, key, mask, 0)) {
		fl_set_vlan(tb, ethertype, TCA_FLOWER_KEY_VLAN_ID,
			    TCA_FLOWER_KEY_VLAN_PRIO, TCA_FLOWER_KEY_VLAN_ETH_TYPE,
			    &key->vlan, &mask->vlan);
		if (fl_is_vlan(tb[TCA_FLOWER_KEY_VLAN_ETH_TYPE], &ethertype, key,
			       mask, 1)) {
			fl_set_vlan(tb, ethertype, TCA_FLOWER_KEY_CVLAN_ID,
				    TCA_FLOWER_KEY_CVLAN_PRIO,
				    TCA_FLOWER_KEY_CVLAN_ETH_TYPE, &key->cvlan,
				    &mask->cvlan);
			FL_SET(tb, key, mask, TCA_FLOWER_KEY_CVLAN_ETH_TYPE, 0,
			       basic.n_proto);
		}
	}
	if (key->basic.n_proto == htons(ETH_P_PPP_SES))
		fl_set_pppoe(tb, key, mask);
	return 0;
}

static void fl_set_l3(const struct nlattr **tb, struct fl_key *key,
		      struct fl_key *mask)
{
	if (key->basic.n_proto == htons(ETH_P_IP) ||
	    key->basic.n_proto == htons(ETH_P_IPV6)) {
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_IP_PROTO, 0, basic.ip_proto);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_IP_TOS, TCA_FLOWER_KEY_IP_TOS_MASK, ip.tos);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_IP_TTL, TCA_FLOWER_KEY_IP_TTL_MASK, ip.ttl);
	}
	if (tb[TCA_FLOWER_KEY_IPV4_SRC] || tb[TCA_FLOWER_KEY_IPV4_DST]) {
		key->control.addr_type = FL_ADDR_IPV4;
		mask->control.addr_type = 0xffff;
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_IPV4_SRC, TCA_FLOWER_KEY_IPV4_SRC_MASK, ipv4.src);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_IPV4_DST, TCA_FLOWER_KEY_IPV4_DST_MASK, ipv4.dst);
	} else if (tb[TCA_FLOWER_KEY_IPV6_SRC] || tb[TCA_FLOWER_KEY_IPV6_DST]) {
		key->control.addr_type = FL_ADDR_IPV6;
		mask->control.addr_type = 0xffff;
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_IPV6_SRC, TCA_FLOWER_KEY_IPV6_SRC_MASK, ipv6.src);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_IPV6_DST, TCA_FLOWER_KEY_IPV6_DST_MASK, ipv6.dst);
	}
}

/* the outer header of a tunnel */
static void fl_set_enc(const struct nlattr **tb, struct fl_key *key,
		       struct fl_key *mask)
{
	if (tb[TCA_FLOWER_KEY_ENC_IPV4_SRC] || tb[TCA_FLOWER_KEY_ENC_IPV4_DST]) {
		key->enc_control.addr_type = FL_ADDR_IPV4;
		mask->enc_control.addr_type = 0xffff;
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ENC_IPV4_SRC, TCA_FLOWER_KEY_ENC_IPV4_SRC_MASK, enc_ipv4.src);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ENC_IPV4_DST, TCA_FLOWER_KEY_ENC_IPV4_DST_MASK, enc_ipv4.dst);
	}
	if (tb[TCA_FLOWER_KEY_ENC_IPV6_SRC] || tb[TCA_FLOWER_KEY_ENC_IPV6_DST]) {
		key->enc_control.addr_type = FL_ADDR_IPV6;
		mask->enc_control.addr_type = 0xffff;
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ENC_IPV6_SRC, TCA_FLOWER_KEY_ENC_IPV6_SRC_MASK, enc_ipv6.src);
		FL_SET(tb, key, mask, TCA_FLOWER_KEY_ENC_IPV6_DST, TCA_FLOWER_KEY_ENC_IPV6_DST_MASK, enc_ipv6.dst);
	}
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_ENC_KEY_ID, 0, enc_key_id);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_ENC_UDP_SRC_PORT, TCA_FLOWER_KEY_ENC_UDP_SRC_PORT_MASK, enc_tp.src);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_ENC_UDP_DST_PORT, TCA_FLOWER_KEY_ENC_UDP_DST_PORT_MASK, enc_tp.dst);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_ENC_IP_TOS, TCA_FLOWER_KEY_ENC_IP_TOS_MASK, enc_ip.tos);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_ENC_IP_TTL, TCA_FLOWER_KEY_ENC_IP_TTL_MASK, enc_ip.ttl);
	FL_SET(tb, key, mask, TCA_FLOWER_KEY_HASH, TCA_FLOWER_KEY_HASH_MASK, hash);
}

/* The last attribute the profile's release knows: a liberal parse
 * passes over any later one unread, as that kernel's does */
static int fl_policy_max(struct rtnl_net *rn)
{
	static const struct {
		int since, max;
	} added[] = {
		{ 611, FL_KEY_ENC_FLAGS_MASK },
		{ 607, FL_KEY_SPI_MASK },
		{ 605, FL_KEY_CFM },
		{ 604, FL_L2_MISS },
	};
	const struct unl_profile *p = unl_net_profile(rn->net);

	for (size_t i = 0; i < sizeof(added) / sizeof(added[0]); i++)
		if (unl_profile_at_least(p, added[i].since))
			return added[i].max;
	return TCA_FLOWER_KEY_L2TPV3_SID;
}

/* fl_parse_opts(): TCA_OPTIONS as the release parses them */
static int fl_parse_opts(struct rtnl_net *rn, const struct nlattr **tb,
			 const struct nlattr *opts)
{
	memset(tb, 0, sizeof(*tb) * (FL_MAX + 1));
	return unl_nla_parse_nested(tb, fl_policy_max(rn), opts, fl_policy,
				    UNL_VALIDATE_LIBERAL, NULL);
}

/* PFCP's tunnel options came with Linux 6.10 (the series that made
 * the tunnel flags a bitmap); 6.9's flower has not the kind at all */
static bool fl_has_pfcp(struct rtnl_net *rn)
{
	return unl_profile_at_least(unl_net_profile(rn->net), 610);
}

/* fl_set_key() */
static int fl_set_key(struct rtnl_net *rn, const struct nlattr **tb,
		      struct fl_key *key, struct fl_key *mask,
		      struct unl_ext_ack *extack)
{
	int err = fl_set_l2(rn, tb, key, mask, extack);

	if (err)
		return err;
	fl_set_l3(tb, key, mask);
	err = fl_set_l4(tb, key, mask, extack);
	if (err)
		return err;
	if (key->basic.ip_proto == IPPROTO_TCP ||
	    key->basic.ip_proto == IPPROTO_UDP ||
	    key->basic.ip_proto == IPPROTO_SCTP) {
		err = fl_set_port_range(tb, key, mask, extack);
		if (err)
			return err;
	}
	if (tb[FL_KEY_SPI]) {
		if (key->basic.ip_proto != IPPROTO_ESP &&
		    key->basic.ip_proto != IPPROTO_AH) {
			UNL_SET_ERR_MSG(extack, "Protocol must be either ESP or AH");
			return -EINVAL;
		}
		FL_SET(tb, key, mask, FL_KEY_SPI, FL_KEY_SPI_MASK, spi);
	}
	fl_set_enc(tb, key, mask);
	if (tb[TCA_FLOWER_KEY_ENC_OPTS]) {
		err = fl_set_enc_opt(tb, key, mask, fl_has_pfcp(rn), extack);
		if (err)
			return err;
	}
	err = fl_set_ct(tb, key, mask, extack);
	if (err)
		return err;
	if (tb[TCA_FLOWER_KEY_FLAGS]) {
		err = fl_set_flags(tb, false, &key->control.flags,
				   &mask->control.flags, extack);
		if (err)
			return err;
	}
	if (tb[FL_KEY_ENC_FLAGS])
		err = fl_set_flags(tb, true, &key->enc_control.flags,
				   &mask->enc_control.flags, extack);
	return err;
}

/* ---- the key to attributes (fl_dump_key()) ---- */

static bool fl_masked(const void *m, size_t len)
{
	const uint8_t *p = m;

	for (size_t i = 0; i < len; i++)
		if (p[i])
			return true;
	return false;
}

/* fl_dump_key_val() */
static int fl_put_val(struct unl_skb *skb, const struct fl_key *key,
		      const struct fl_key *mask, int type, int mask_type,
		      size_t off, size_t len)
{
	if (!fl_masked((const uint8_t *)mask + off, len))
		return 0;
	if (unl_nla_put(skb, type, (int)len, (const uint8_t *)key + off))
		return -EMSGSIZE;
	if (mask_type &&
	    unl_nla_put(skb, mask_type, (int)len, (const uint8_t *)mask + off))
		return -EMSGSIZE;
	return 0;
}

#define FL_PUT(skb, k, m, type, mtype, member)                             \
	fl_put_val(skb, k, m, type, mtype, FL_OFF(member), FL_SIZE(member))

static int fl_put_lse(struct unl_skb *skb, const struct fl_lse *v,
		      const struct fl_lse *m, bool nested)
{
	if (nested)
		return (m->ttl && unl_nla_put_u8(skb, TCA_FLOWER_KEY_MPLS_OPT_LSE_TTL, v->ttl)) ||
		       (m->bos && unl_nla_put_u8(skb, TCA_FLOWER_KEY_MPLS_OPT_LSE_BOS, v->bos)) ||
		       (m->tc && unl_nla_put_u8(skb, TCA_FLOWER_KEY_MPLS_OPT_LSE_TC, v->tc)) ||
		       (m->label && unl_nla_put_u32(skb, TCA_FLOWER_KEY_MPLS_OPT_LSE_LABEL, v->label));
	return (m->ttl && unl_nla_put_u8(skb, TCA_FLOWER_KEY_MPLS_TTL, v->ttl)) ||
	       (m->tc && unl_nla_put_u8(skb, TCA_FLOWER_KEY_MPLS_TC, v->tc)) ||
	       (m->label && unl_nla_put_u32(skb, TCA_FLOWER_KEY_MPLS_LABEL, v->label)) ||
	       (m->bos && unl_nla_put_u8(skb, TCA_FLOWER_KEY_MPLS_BOS, v->bos));
}

/* fl_dump_key_mpls(): the old attributes when they can say it */
static int fl_put_mpls(struct unl_skb *skb, const struct fl_key *key,
		       const struct fl_key *mask)
{
	const struct fl_lse *m0 = &mask->mpls.ls[0];
	struct nlattr *opts, *lse;

	if (!mask->mpls.used_lses)
		return 0;
	if (!(mask->mpls.used_lses & ~1u) &&
	    (m0->ttl || m0->bos || m0->tc || m0->label))
		return fl_put_lse(skb, &key->mpls.ls[0], m0, false) ? -EMSGSIZE : 0;
	opts = unl_nla_nest_start(skb, TCA_FLOWER_KEY_MPLS_OPTS);
	if (!opts)
		return -EMSGSIZE;
	for (int i = 0; i < FL_MPLS_MAX; i++) {
		if (!(mask->mpls.used_lses & (1u << i)))
			continue;
		lse = unl_nla_nest_start(skb, TCA_FLOWER_KEY_MPLS_OPTS_LSE);
		if (!lse ||
		    unl_nla_put_u8(skb, TCA_FLOWER_KEY_MPLS_OPT_LSE_DEPTH, (uint8_t)(i + 1)) ||
		    fl_put_lse(skb, &key->mpls.ls[i], &mask->mpls.ls[i], true))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, lse);
	}
	unl_nla_nest_end(skb, opts);
	return 0;
}

/* fl_dump_key_vlan() */
static int fl_put_vlan(struct unl_skb *skb, int id_type, int prio_type,
		       const struct fl_vlan *v, const struct fl_vlan *m)
{
	if (m->id && unl_nla_put_u16(skb, id_type, v->id))
		return -EMSGSIZE;
	if (m->prio && unl_nla_put_u8(skb, prio_type, v->prio))
		return -EMSGSIZE;
	return 0;
}

/* fl_dump_key_flags() */
static int fl_put_flags(struct unl_skb *skb, bool encap, uint32_t key,
			uint32_t mask)
{
	uint32_t k = htonl(key & mask), m = htonl(mask);

	if (!mask)
		return 0;
	if (unl_nla_put(skb, encap ? FL_KEY_ENC_FLAGS : TCA_FLOWER_KEY_FLAGS, 4, &k) ||
	    unl_nla_put(skb, encap ? FL_KEY_ENC_FLAGS_MASK : TCA_FLOWER_KEY_FLAGS_MASK, 4, &m))
		return -EMSGSIZE;
	return 0;
}

/* the options of one kind, as fl_dump_key_options() nests them */
static int fl_put_opts(struct unl_skb *skb, int type,
		       const struct fl_key *k)
{
	const uint8_t *d = k->enc_opts.data;
	struct nlattr *nest, *in;
	int32_t version;

	if (!k->enc_opts.len)
		return 0;
	nest = rtnl_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	switch (k->enc_opts.type) {
	case FL_OPT_GENEVE:
		in = rtnl_nest_start(skb, TCA_FLOWER_KEY_ENC_OPTS_GENEVE);
		for (int off = 0; in && off < k->enc_opts.len;
		     off += 4 + (d[off + 3] & 0x1f) * 4)
			if (unl_nla_put(skb, TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS, 2, d + off) ||
			    unl_nla_put_u8(skb, TCA_FLOWER_KEY_ENC_OPT_GENEVE_TYPE, d[off + 2]) ||
			    unl_nla_put(skb, TCA_FLOWER_KEY_ENC_OPT_GENEVE_DATA,
					(d[off + 3] & 0x1f) * 4, d + off + 4))
				return -EMSGSIZE;
		break;
	case FL_OPT_VXLAN:
		in = rtnl_nest_start(skb, TCA_FLOWER_KEY_ENC_OPTS_VXLAN);
		if (in && unl_nla_put(skb, TCA_FLOWER_KEY_ENC_OPT_VXLAN_GBP, 4, d))
			return -EMSGSIZE;
		break;
	case FL_OPT_GTP:
		in = rtnl_nest_start(skb, TCA_FLOWER_KEY_ENC_OPTS_GTP);
		if (in && (unl_nla_put_u8(skb, TCA_FLOWER_KEY_ENC_OPT_GTP_PDU_TYPE, d[0]) ||
			   unl_nla_put_u8(skb, TCA_FLOWER_KEY_ENC_OPT_GTP_QFI, d[1])))
			return -EMSGSIZE;
		break;
	case FL_OPT_PFCP:
		in = rtnl_nest_start(skb, FL_ENC_OPTS_PFCP);
		if (in && (unl_nla_put_u8(skb, FL_ENC_OPT_PFCP_TYPE, d[0]) ||
			   unl_nla_put(skb, FL_ENC_OPT_PFCP_SEID, 8, d + 1)))
			return -EMSGSIZE;
		break;
	default:
		in = rtnl_nest_start(skb, TCA_FLOWER_KEY_ENC_OPTS_ERSPAN);
		memcpy(&version, d, 4);
		if (in && (unl_nla_put_u8(skb, TCA_FLOWER_KEY_ENC_OPT_ERSPAN_VER, (uint8_t)version) ||
			   (version == 1 &&
			    unl_nla_put(skb, TCA_FLOWER_KEY_ENC_OPT_ERSPAN_INDEX, 4, d + 4)) ||
			   (version == 2 &&
			    (unl_nla_put_u8(skb, TCA_FLOWER_KEY_ENC_OPT_ERSPAN_DIR, (d[11] >> 3) & 1) ||
			     unl_nla_put_u8(skb, TCA_FLOWER_KEY_ENC_OPT_ERSPAN_HWID,
					    (uint8_t)((d[11] >> 4) | ((d[10] & 3) << 4)))))))
			return -EMSGSIZE;
	}
	if (!in)
		return -EMSGSIZE;
	unl_nla_nest_end(skb, in);
	unl_nla_nest_end(skb, nest);
	return 0;
}

static int fl_put_l2(struct rtnl_net *rn, struct unl_skb *skb,
		     const struct fl_key *key, const struct fl_key *mask)
{
	if (mask->meta.ifindex) {
		struct rtnl_link *dev = rtnl_link_by_index(rn, (int)key->meta.ifindex);

		if (dev && unl_nla_put_string(skb, TCA_FLOWER_INDEV, dev->name))
			return -EMSGSIZE;
	}
	if (FL_PUT(skb, key, mask, FL_L2_MISS, 0, meta.l2_miss) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ETH_DST, TCA_FLOWER_KEY_ETH_DST_MASK, eth.dst) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ETH_SRC, TCA_FLOWER_KEY_ETH_SRC_MASK, eth.src) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ETH_TYPE, 0, basic.n_proto) ||
	    (mask->num_of_vlans &&
	     unl_nla_put_u8(skb, TCA_FLOWER_KEY_NUM_OF_VLANS, key->num_of_vlans)) ||
	    fl_put_mpls(skb, key, mask) ||
	    fl_put_vlan(skb, TCA_FLOWER_KEY_VLAN_ID, TCA_FLOWER_KEY_VLAN_PRIO,
			&key->vlan, &mask->vlan) ||
	    fl_put_vlan(skb, TCA_FLOWER_KEY_CVLAN_ID, TCA_FLOWER_KEY_CVLAN_PRIO,
			&key->cvlan, &mask->cvlan) ||
	    (mask->cvlan.tpid &&
	     unl_nla_put(skb, TCA_FLOWER_KEY_VLAN_ETH_TYPE, 2, &key->cvlan.tpid)))
		return -EMSGSIZE;
	if (mask->basic.n_proto) {
		if (mask->cvlan.eth_type) {
			if (unl_nla_put(skb, TCA_FLOWER_KEY_CVLAN_ETH_TYPE, 2,
					&key->basic.n_proto))
				return -EMSGSIZE;
		} else if (mask->vlan.eth_type &&
			   unl_nla_put(skb, TCA_FLOWER_KEY_VLAN_ETH_TYPE, 2,
				       &key->vlan.eth_type)) {
			return -EMSGSIZE;
		}
	}
	return 0;
}

static int fl_put_l3(struct unl_skb *skb, const struct fl_key *key,
		     const struct fl_key *mask)
{
	if ((key->basic.n_proto == htons(ETH_P_IP) ||
	     key->basic.n_proto == htons(ETH_P_IPV6)) &&
	    (FL_PUT(skb, key, mask, TCA_FLOWER_KEY_IP_PROTO, 0, basic.ip_proto) ||
	     FL_PUT(skb, key, mask, TCA_FLOWER_KEY_IP_TOS, TCA_FLOWER_KEY_IP_TOS_MASK, ip.tos) ||
	     FL_PUT(skb, key, mask, TCA_FLOWER_KEY_IP_TTL, TCA_FLOWER_KEY_IP_TTL_MASK, ip.ttl)))
		return -EMSGSIZE;
	if (mask->pppoe.session_id &&
	    unl_nla_put(skb, TCA_FLOWER_KEY_PPPOE_SID, 2, &key->pppoe.session_id))
		return -EMSGSIZE;
	if (mask->basic.n_proto && mask->pppoe.ppp_proto &&
	    unl_nla_put(skb, TCA_FLOWER_KEY_PPP_PROTO, 2, &key->pppoe.ppp_proto))
		return -EMSGSIZE;
	if (key->control.addr_type == FL_ADDR_IPV4)
		return FL_PUT(skb, key, mask, TCA_FLOWER_KEY_IPV4_SRC, TCA_FLOWER_KEY_IPV4_SRC_MASK, ipv4.src) ||
		       FL_PUT(skb, key, mask, TCA_FLOWER_KEY_IPV4_DST, TCA_FLOWER_KEY_IPV4_DST_MASK, ipv4.dst) ?
			       -EMSGSIZE : 0;
	if (key->control.addr_type == FL_ADDR_IPV6)
		return FL_PUT(skb, key, mask, TCA_FLOWER_KEY_IPV6_SRC, TCA_FLOWER_KEY_IPV6_SRC_MASK, ipv6.src) ||
		       FL_PUT(skb, key, mask, TCA_FLOWER_KEY_IPV6_DST, TCA_FLOWER_KEY_IPV6_DST_MASK, ipv6.dst) ?
			       -EMSGSIZE : 0;
	return 0;
}

static int fl_put_l4(struct unl_skb *skb, const struct fl_key *key,
		     const struct fl_key *mask)
{
	uint16_t np = key->basic.n_proto;
	uint8_t ipp = key->basic.ip_proto;
	int bad = 0;

	if (ipp == IPPROTO_TCP)
		bad = FL_PUT(skb, key, mask, TCA_FLOWER_KEY_TCP_SRC, TCA_FLOWER_KEY_TCP_SRC_MASK, tp.src) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_TCP_DST, TCA_FLOWER_KEY_TCP_DST_MASK, tp.dst) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_TCP_FLAGS, TCA_FLOWER_KEY_TCP_FLAGS_MASK, tcp_flags);
	else if (ipp == IPPROTO_UDP)
		bad = FL_PUT(skb, key, mask, TCA_FLOWER_KEY_UDP_SRC, TCA_FLOWER_KEY_UDP_SRC_MASK, tp.src) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_UDP_DST, TCA_FLOWER_KEY_UDP_DST_MASK, tp.dst);
	else if (ipp == IPPROTO_SCTP)
		bad = FL_PUT(skb, key, mask, TCA_FLOWER_KEY_SCTP_SRC, TCA_FLOWER_KEY_SCTP_SRC_MASK, tp.src) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_SCTP_DST, TCA_FLOWER_KEY_SCTP_DST_MASK, tp.dst);
	else if (np == htons(ETH_P_IP) && ipp == IPPROTO_ICMP)
		bad = FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ICMPV4_TYPE, TCA_FLOWER_KEY_ICMPV4_TYPE_MASK, icmp.type) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ICMPV4_CODE, TCA_FLOWER_KEY_ICMPV4_CODE_MASK, icmp.code);
	else if (np == htons(ETH_P_IPV6) && ipp == IPPROTO_ICMPV6)
		bad = FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ICMPV6_TYPE, TCA_FLOWER_KEY_ICMPV6_TYPE_MASK, icmp.type) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ICMPV6_CODE, TCA_FLOWER_KEY_ICMPV6_CODE_MASK, icmp.code);
	else if (np == htons(ETH_P_ARP) || np == htons(ETH_P_RARP))
		bad = FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ARP_SIP, TCA_FLOWER_KEY_ARP_SIP_MASK, arp.sip) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ARP_TIP, TCA_FLOWER_KEY_ARP_TIP_MASK, arp.tip) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ARP_OP, TCA_FLOWER_KEY_ARP_OP_MASK, arp.op) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ARP_SHA, TCA_FLOWER_KEY_ARP_SHA_MASK, arp.sha) ||
		      FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ARP_THA, TCA_FLOWER_KEY_ARP_THA_MASK, arp.tha);
	else if (ipp == IPPROTO_L2TP_)
		bad = FL_PUT(skb, key, mask, TCA_FLOWER_KEY_L2TPV3_SID, 0, l2tpv3_sid);
	if (bad)
		return -EMSGSIZE;
	if (key->spi && FL_PUT(skb, key, mask, FL_KEY_SPI, FL_KEY_SPI_MASK, spi))
		return -EMSGSIZE;
	if ((ipp == IPPROTO_TCP || ipp == IPPROTO_UDP || ipp == IPPROTO_SCTP) &&
	    (FL_PUT(skb, key, mask, TCA_FLOWER_KEY_PORT_DST_MIN, 0, tp_range.min.dst) ||
	     FL_PUT(skb, key, mask, TCA_FLOWER_KEY_PORT_DST_MAX, 0, tp_range.max.dst) ||
	     FL_PUT(skb, key, mask, TCA_FLOWER_KEY_PORT_SRC_MIN, 0, tp_range.min.src) ||
	     FL_PUT(skb, key, mask, TCA_FLOWER_KEY_PORT_SRC_MAX, 0, tp_range.max.src)))
		return -EMSGSIZE;
	return 0;
}

static int fl_put_enc(struct unl_skb *skb, const struct fl_key *key,
		      const struct fl_key *mask)
{
	if (key->enc_control.addr_type == FL_ADDR_IPV4 &&
	    (FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ENC_IPV4_SRC, TCA_FLOWER_KEY_ENC_IPV4_SRC_MASK, enc_ipv4.src) ||
	     FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ENC_IPV4_DST, TCA_FLOWER_KEY_ENC_IPV4_DST_MASK, enc_ipv4.dst)))
		return -EMSGSIZE;
	if (key->enc_control.addr_type == FL_ADDR_IPV6 &&
	    (FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ENC_IPV6_SRC, TCA_FLOWER_KEY_ENC_IPV6_SRC_MASK, enc_ipv6.src) ||
	     FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ENC_IPV6_DST, TCA_FLOWER_KEY_ENC_IPV6_DST_MASK, enc_ipv6.dst)))
		return -EMSGSIZE;
	if (FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ENC_KEY_ID, 0, enc_key_id) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ENC_UDP_SRC_PORT, TCA_FLOWER_KEY_ENC_UDP_SRC_PORT_MASK, enc_tp.src) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ENC_UDP_DST_PORT, TCA_FLOWER_KEY_ENC_UDP_DST_PORT_MASK, enc_tp.dst) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ENC_IP_TOS, TCA_FLOWER_KEY_ENC_IP_TOS_MASK, enc_ip.tos) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_ENC_IP_TTL, TCA_FLOWER_KEY_ENC_IP_TTL_MASK, enc_ip.ttl) ||
	    fl_put_opts(skb, TCA_FLOWER_KEY_ENC_OPTS, key) ||
	    fl_put_opts(skb, TCA_FLOWER_KEY_ENC_OPTS_MASK, mask))
		return -EMSGSIZE;
	return 0;
}

static int fl_put_cfm(struct unl_skb *skb, const struct fl_key *key,
		      const struct fl_key *mask)
{
	struct nlattr *nest;

	if (!mask->cfm.mdl_ver && !mask->cfm.opcode)
		return 0;
	nest = unl_nla_nest_start(skb, FL_KEY_CFM);
	if (!nest ||
	    ((mask->cfm.mdl_ver & 0xe0) &&
	     unl_nla_put_u8(skb, FL_CFM_MD_LEVEL, (uint8_t)(key->cfm.mdl_ver >> 5))) ||
	    (mask->cfm.opcode &&
	     unl_nla_put_u8(skb, FL_CFM_OPCODE, key->cfm.opcode)))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* fl_dump_key() */
static int fl_dump_key(struct rtnl_net *rn, struct unl_skb *skb,
		       const struct fl_key *key, const struct fl_key *mask)
{
	if (fl_put_l2(rn, skb, key, mask) || fl_put_l3(skb, key, mask) ||
	    fl_put_l4(skb, key, mask) || fl_put_enc(skb, key, mask) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_CT_STATE, TCA_FLOWER_KEY_CT_STATE_MASK, ct.state) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_CT_ZONE, TCA_FLOWER_KEY_CT_ZONE_MASK, ct.zone) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_CT_MARK, TCA_FLOWER_KEY_CT_MARK_MASK, ct.mark) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_CT_LABELS, TCA_FLOWER_KEY_CT_LABELS_MASK, ct.labels) ||
	    fl_put_flags(skb, false, key->control.flags, mask->control.flags) ||
	    FL_PUT(skb, key, mask, TCA_FLOWER_KEY_HASH, TCA_FLOWER_KEY_HASH_MASK, hash) ||
	    fl_put_cfm(skb, key, mask) ||
	    fl_put_flags(skb, true, key->enc_control.flags, mask->enc_control.flags))
		return -EMSGSIZE;
	return 0;
}

/* ---- the filters ---- */

static int fl_init(struct rtnl_tcf_proto *tp)
{
	tp->root = calloc(1, sizeof(struct fl_head));
	return tp->root ? 0 : -ENOBUFS;
}

static void fl_mask_put(struct fl_head *head, struct fl_mask *m)
{
	struct fl_mask **pp;

	if (--m->refcnt)
		return;
	for (pp = &head->masks; *pp != m; pp = &(*pp)->next)
		;
	*pp = m->next;
	free(m);
}

static void fl_filter_free(struct fl_filter *f)
{
	rtnl_tcf_exts_destroy(&f->exts);
	free(f);
}

/* __fl_delete(): out of the handle list, its mask let go */
static void fl_unlink(struct fl_head *head, struct fl_filter *f)
{
	struct fl_filter **pp;

	for (pp = &head->filters; *pp != f; pp = &(*pp)->next)
		;
	*pp = f->next;
	fl_mask_put(head, f->mask);
}

static void fl_destroy(struct rtnl_tcf_proto *tp)
{
	struct fl_head *head = tp->root;

	if (!head)
		return;
	while (head->filters) {
		struct fl_filter *f = head->filters;

		fl_unlink(head, f);
		fl_filter_free(f);
	}
	free(head);
	tp->root = NULL;
}

static void *fl_get(struct rtnl_tcf_proto *tp, uint32_t handle)
{
	struct fl_head *head = tp->root;

	for (struct fl_filter *f = head->filters; f; f = f->next)
		if (f->handle == handle)
			return f;
	return NULL;
}

/* idr_alloc_u32() from 1 to INT_MAX: the lowest free */
static uint32_t fl_free_handle(const struct fl_head *head)
{
	uint32_t want = 1;

	for (const struct fl_filter *f = head->filters; f; f = f->next) {
		if (f->handle > want)
			break;
		want = f->handle + 1;
	}
	return want;
}

static void fl_link(struct fl_head *head, struct fl_filter *f)
{
	struct fl_filter **pp;

	for (pp = &head->filters; *pp && (*pp)->handle < f->handle;
	     pp = &(*pp)->next)
		;
	f->next = *pp;
	*pp = f;
}

static void fl_masked_key(struct fl_key *mkey, const struct fl_key *key,
			  const struct fl_key *mask)
{
	const uint8_t *k = (const uint8_t *)key, *m = (const uint8_t *)mask;
	uint8_t *out = (uint8_t *)mkey;

	for (size_t i = 0; i < sizeof(*key); i++)
		out[i] = k[i] & m[i];
}

/* fl_mask_fits_tmplt(): no bit the template leaves out */
static bool fl_fits_tmplt(const struct fl_key *tmplt, const struct fl_key *mask)
{
	const uint8_t *t = (const uint8_t *)tmplt, *m = (const uint8_t *)mask;

	if (!tmplt)
		return true;
	for (size_t i = 0; i < sizeof(*mask); i++)
		if (m[i] & ~t[i])
			return false;
	return true;
}

/* fl_check_assign_mask(): the same mask shared; a replaced filter
 * keeps its own */
static int fl_assign_mask(struct fl_head *head, struct fl_filter *fnew,
			  const struct fl_filter *fold,
			  const struct fl_key *mask)
{
	struct fl_mask *m, **pp;

	for (m = head->masks; m; m = m->next)
		if (!memcmp(&m->key, mask, sizeof(*mask)))
			break;
	if (!m) {
		if (fold)
			return -EINVAL;
		m = calloc(1, sizeof(*m));
		if (!m)
			return -ENOMEM;
		m->key = *mask;
		for (pp = &head->masks; *pp; pp = &(*pp)->next)
			;
		*pp = m;
	} else if (fold && fold->mask != m) {
		return -EINVAL;
	}
	m->refcnt++;
	fnew->mask = m;
	return 0;
}

/* fl_ht_insert_unique(): no other filter of the mask with the key */
static bool fl_key_taken(const struct fl_head *head,
			 const struct fl_filter *fnew,
			 const struct fl_filter *fold)
{
	for (const struct fl_filter *f = head->filters; f; f = f->next)
		if (f != fold && f->mask == fnew->mask &&
		    !memcmp(&f->mkey, &fnew->mkey, sizeof(f->mkey)))
			return true;
	return false;
}

/* the key, the template's check, the mask and the hardware's say */
static int fl_set_filter(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
			 struct fl_head *head, struct fl_filter *fnew,
			 struct fl_filter *fold, const struct nlattr **tb,
			 struct unl_ext_ack *extack)
{
	struct fl_key mask;
	int err;

	memset(&mask, 0, sizeof(mask));
	err = fl_set_key(rn, tb, &fnew->key, &mask, extack);
	if (err)
		return err;
	fl_masked_key(&fnew->mkey, &fnew->key, &mask);
	if (!fl_fits_tmplt(tp->chain->tmplt_priv, &mask)) {
		UNL_SET_ERR_MSG(extack, "cls_flower: Mask does not fit the template");
		return -EINVAL;
	}
	err = fl_assign_mask(head, fnew, fold, &mask);
	if (err)
		return err;
	if (!fold && fl_key_taken(head, fnew, fold)) {
		fl_mask_put(head, fnew->mask);
		return -EEXIST;
	}
	/* fl_hw_replace_filter(): no device of the block offloads, so
	 * tc_setup_cb_add() refuses what must be in hardware */
	if (fnew->flags & TCA_CLS_FLAGS_SKIP_SW) {
		fl_mask_put(head, fnew->mask);
		return -EOPNOTSUPP;
	}
	fnew->flags |= TCA_CLS_FLAGS_NOT_IN_HW;
	return 0;
}

/* fl_change() */
static int fl_change(struct rtnl_net *rn, struct rtnl_tcf_proto *tp,
		     unsigned long base, uint32_t handle,
		     const struct nlattr **tca, void **arg, uint32_t flags,
		     struct unl_ext_ack *extack)
{
	const struct nlattr *tb[FL_MAX + 1];
	struct fl_head *head = tp->root;
	struct fl_filter *fold = *arg, *fnew;
	int err;

	(void)base;
	if (!tca[TCA_OPTIONS])
		return -EINVAL;
	err = fl_parse_opts(rn, tb, tca[TCA_OPTIONS]);
	if (err)
		return err;
	if (fold && handle && fold->handle != handle)
		return -EINVAL;
	fnew = calloc(1, sizeof(*fnew));
	if (!fnew)
		return -ENOBUFS;
	if (tb[TCA_FLOWER_FLAGS]) {
		fnew->flags = unl_nla_get_u32(tb[TCA_FLOWER_FLAGS]);
		if (!rtnl_tcf_flags_valid(fnew->flags)) {
			free(fnew);
			return -EINVAL;
		}
	}
	fnew->handle = fold ? fold->handle : handle ? handle : fl_free_handle(head);
	rtnl_tcf_exts_init(&fnew->exts, TCA_FLOWER_ACT, 0);
	err = rtnl_tcf_exts_validate(rn, tp, tb, tca[TCA_RATE], &fnew->exts, flags,
				     fnew->flags, extack);
	if (!err && tb[TCA_FLOWER_CLASSID])
		rtnl_tcf_result_set(tp, &fnew->res, tb[TCA_FLOWER_CLASSID]);
	if (!err)
		err = fl_set_filter(rn, tp, head, fnew, fold, tb, extack);
	if (err) {
		fl_filter_free(fnew);
		return err;
	}
	if (fold) {
		fl_unlink(head, fold);
		fl_filter_free(fold);
	}
	fl_link(head, fnew);
	*arg = fnew;
	return 0;
}

static int fl_delete(struct rtnl_tcf_proto *tp, void *fh, bool *last,
		     struct unl_ext_ack *extack)
{
	struct fl_head *head = tp->root;

	(void)extack;
	fl_unlink(head, fh);
	fl_filter_free(fh);
	*last = !head->masks;
	return 0;
}

static void fl_walk(struct rtnl_tcf_proto *tp, struct rtnl_tcf_walker *w)
{
	struct fl_head *head = tp->root;

	for (struct fl_filter *f = head->filters; f; f = f->next)
		if (!rtnl_tcf_walk_one(tp, f, w))
			return;
}

/* fl_dump() */
static int fl_dump(struct rtnl_tcf_proto *tp, void *fh, struct unl_skb *skb,
		   struct tcmsg *t)
{
	struct fl_filter *f = fh;
	struct nlattr *nest;

	t->tcm_handle = f->handle;
	/* fl_hw_update_stats(): the drivers (none) report no stats */
	if (!(f->flags & TCA_CLS_FLAGS_SKIP_HW))
		rtnl_tcf_exts_hw_stats_update(&f->exts);
	nest = rtnl_nest_start(skb, TCA_OPTIONS);
	if (!nest ||
	    rtnl_tcf_result_dump(skb, TCA_FLOWER_CLASSID, &f->res) ||
	    fl_dump_key(tp->chain->block->rn, skb, &f->key, &f->mask->key) ||
	    (f->flags && unl_nla_put_u32(skb, TCA_FLOWER_FLAGS, f->flags)) ||
	    unl_nla_put_u32(skb, TCA_FLOWER_IN_HW_COUNT, 0) ||
	    rtnl_tcf_exts_dump(skb, &f->exts))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return rtnl_tcf_exts_dump_stats(skb, &f->exts);
}

/* fl_tmplt_create(): a key whose mask bounds the chain's filters */
static void *fl_tmplt_create(struct rtnl_net *rn, struct rtnl_tcf_chain *chain,
			     const struct nlattr **tca,
			     struct unl_ext_ack *extack, int *errp)
{
	const struct nlattr *tb[FL_MAX + 1];
	struct fl_key *t;
	int err;

	(void)chain;
	*errp = -EINVAL;
	if (!tca[TCA_OPTIONS])
		return NULL;
	err = fl_parse_opts(rn, tb, tca[TCA_OPTIONS]);
	*errp = err;
	if (err)
		return NULL;
	/* the dummy key, then the mask */
	t = calloc(2, sizeof(*t));
	*errp = -ENOMEM;
	if (!t)
		return NULL;
	err = fl_set_key(rn, tb, &t[1], &t[0], extack);
	*errp = err;
	if (err) {
		free(t);
		return NULL;
	}
	return t;
}

static void fl_tmplt_destroy(void *priv)
{
	free(priv);
}

/* fl_tmplt_dump() */
static int fl_tmplt_dump(struct unl_skb *skb, struct rtnl_net *rn, void *priv)
{
	const struct fl_key *t = priv;
	struct nlattr *nest = rtnl_nest_start(skb, TCA_OPTIONS);

	if (!nest || fl_dump_key(rn, skb, &t[1], &t[0]))
		return -EMSGSIZE;
	unl_nla_nest_end(skb, nest);
	return 0;
}

const struct rtnl_tcf_proto_ops rtnl_cls_flower_ops = {
	.kind = "flower",
	.init = fl_init,
	.destroy = fl_destroy,
	.get = fl_get,
	.change = fl_change,
	.delete = fl_delete,
	.walk = fl_walk,
	.dump = fl_dump,
	.bind_class = rtnl_tcf_result_bind_class,
	.class_bound = rtnl_tcf_result_class_bound,
	.tmplt_create = fl_tmplt_create,
	.tmplt_destroy = fl_tmplt_destroy,
	.tmplt_dump = fl_tmplt_dump,
};
