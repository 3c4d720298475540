// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "ethtool" generic netlink family (net/ethtool/netlink.c and its
 * per-message files): the GET requests a virtual device answers, from
 * its kind's struct rtnl_ethtool, the same source SIOCETHTOOL
 * (ethtool.c) answers from.
 *
 * Every request carries a header nest naming the device (index, name
 * or both) and flags; a do answers for that device, a dump for every
 * device of the net that supports the request.  A driver without the
 * op gets -EOPNOTSUPP, as Linux's ethnl_ops do.
 *
 * The family is registered once per world (genetlink.c), netnsok: each
 * request is answered from the devices of the requester's net.
 */
#include <errno.h>
#include <string.h>

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>

#include "core/msg.h"
#include "proto/genl/genl-private.h"
#include "proto/route/link/kinds.h"
#include "proto/route/route-private.h"

/* __ETHTOOL_LINK_MODE_MASK_NBITS of Linux 6.18: the link modes it
 * names, the size of LINKMODES' bitsets. */
#define ETHNL_LINK_MODE_NBITS 121
/* NETIF_MSG_CLASS_COUNT: the debug message classes. */
#define ETHNL_MSG_CLASS_COUNT 15
/* ETHTOOL_FLAGS_BASIC: the header flags a request may set. */
#define ETHNL_FLAGS_BASIC                                                  \
	(ETHTOOL_FLAG_COMPACT_BITSETS | ETHTOOL_FLAG_OMIT_REPLY |          \
	 ETHTOOL_FLAG_STATS)

/* Attribute numbers newer than the system's header may know. */
#define ETHNL_A_LINKMODES_RATE_MATCHING 10

/* ---- the request header ---- */

static const struct unl_nla_policy ethnl_header_policy[] = {
	[ETHTOOL_A_HEADER_DEV_INDEX] = { .type = UNL_NLA_U32 },
	[ETHTOOL_A_HEADER_DEV_NAME] = { .type = UNL_NLA_NUL_STRING,
					.len = ALTIFNAMSIZ - 1 },
	[ETHTOOL_A_HEADER_FLAGS] =
		UNL_NLA_POLICY_MASK(UNL_NLA_U32, ETHNL_FLAGS_BASIC),
};
#define ETHNL_HEADER_MAX ETHTOOL_A_HEADER_FLAGS

/* Every GET request has one attribute, the header, at type 1. */
#define ETHNL_A_HEADER 1
static const struct unl_nla_policy ethnl_get_policy[] = {
	[ETHNL_A_HEADER] = UNL_NLA_POLICY_NESTED(ethnl_header_policy,
						 ETHNL_HEADER_MAX),
};

struct ethnl_req {
	struct rtnl_link *dev; /* NULL: none named (a dump) */
	uint32_t flags;        /* ETHTOOL_FLAG_* */
};

/* The device a header names, by index, by name, or both when they
 * agree (ethnl_parse_header_dev_get()). */
static int ethnl_header_dev(struct rtnl_net *rn, const struct nlattr *header,
			    const struct nlattr *const *tb, bool require_dev,
			    struct ethnl_req *req, struct unl_ext_ack *extack)
{
	const struct nlattr *ia = tb[ETHTOOL_A_HEADER_DEV_INDEX];
	const struct nlattr *na = tb[ETHTOOL_A_HEADER_DEV_NAME];
	struct rtnl_link *dev = NULL;

	if (ia) {
		dev = rtnl_link_by_index(rn, (int)unl_nla_get_u32(ia));
		if (!dev) {
			UNL_SET_ERR_MSG_ATTR(extack, ia,
					     "no device matches ifindex");
			return -ENODEV;
		}
		if (na && strncmp((const char *)unl_nla_data(na), dev->name,
				  IFNAMSIZ)) {
			UNL_SET_ERR_MSG_ATTR(extack, header,
					     "ifindex and name do not match");
			return -ENODEV;
		}
	} else if (na) {
		dev = rtnl_link_by_name(rn, (const char *)unl_nla_data(na));
		if (!dev) {
			UNL_SET_ERR_MSG_ATTR(extack, na,
					     "no device matches name");
			return -ENODEV;
		}
	} else if (require_dev) {
		UNL_SET_ERR_MSG_ATTR(extack, header,
				     "neither ifindex nor name specified");
		return -EINVAL;
	}
	req->dev = dev;
	return 0;
}

static int ethnl_parse_header(struct rtnl_net *rn, const struct nlattr *header,
			      bool require_dev, struct ethnl_req *req,
			      struct unl_ext_ack *extack)
{
	const struct nlattr *tb[ETHNL_HEADER_MAX + 1];
	int err;

	memset(req, 0, sizeof(*req));
	if (!header) {
		if (!require_dev)
			return 0;
		UNL_SET_ERR_MSG(extack, "request header missing");
		return -EINVAL;
	}
	err = unl_nla_parse_nested(tb, ETHNL_HEADER_MAX, header,
				   ethnl_header_policy, UNL_VALIDATE_STRICT,
				   extack);
	if (err)
		return err;
	if (tb[ETHTOOL_A_HEADER_FLAGS])
		req->flags = unl_nla_get_u32(tb[ETHTOOL_A_HEADER_FLAGS]);
	return ethnl_header_dev(rn, header, tb, require_dev, req, extack);
}

/* ethnl_fill_reply_header(): the device's index and name, flagged. */
static int ethnl_fill_reply_header(struct unl_skb *skb,
				   const struct rtnl_link *l)
{
	struct nlattr *nest = unl_nla_nest_start(skb, ETHNL_A_HEADER);

	if (!nest)
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, ETHTOOL_A_HEADER_DEV_INDEX,
			    (uint32_t)l->ifindex) ||
	    unl_nla_put_string(skb, ETHTOOL_A_HEADER_DEV_NAME, l->name)) {
		unl_nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* ---- bitsets (net/ethtool/bitset.c) ---- */

/*
 * A bitset of nbits with value and mask (NULL: a list, no mask), in
 * the compact form (size, value and mask words) or as a list of the
 * bits in the mask by index and name, VALUE flagged where set.
 */
static int ethnl_put_bitset32(struct unl_skb *skb, int type,
			      const uint32_t *value, const uint32_t *mask,
			      unsigned int nbits,
			      const char *const *names, bool compact)
{
	unsigned int words = (nbits + 31) / 32;
	struct nlattr *nest = unl_nla_nest_start(skb, type), *bits;

	if (!nest)
		return -EMSGSIZE;
	if (!mask && unl_nla_put_flag(skb, ETHTOOL_A_BITSET_NOMASK))
		goto fail;
	if (unl_nla_put_u32(skb, ETHTOOL_A_BITSET_SIZE, nbits))
		goto fail;
	if (compact) {
		if (unl_nla_put(skb, ETHTOOL_A_BITSET_VALUE, (int)words * 4,
				value) ||
		    (mask && unl_nla_put(skb, ETHTOOL_A_BITSET_MASK,
					 (int)words * 4, mask)))
			goto fail;
		unl_nla_nest_end(skb, nest);
		return 0;
	}
	bits = unl_nla_nest_start(skb, ETHTOOL_A_BITSET_BITS);
	if (!bits)
		goto fail;
	for (unsigned int i = 0; i < nbits; i++) {
		uint32_t bit = UINT32_C(1) << (i % 32);
		bool in_mask = mask ? mask[i / 32] & bit : value[i / 32] & bit;
		struct nlattr *b;

		if (!in_mask)
			continue;
		b = unl_nla_nest_start(skb, ETHTOOL_A_BITSET_BITS_BIT);
		if (!b ||
		    unl_nla_put_u32(skb, ETHTOOL_A_BITSET_BIT_INDEX, i) ||
		    unl_nla_put_string(skb, ETHTOOL_A_BITSET_BIT_NAME,
				       names[i]) ||
		    (mask && (value[i / 32] & bit) &&
		     unl_nla_put_flag(skb, ETHTOOL_A_BITSET_BIT_VALUE)))
			goto fail;
		unl_nla_nest_end(skb, b);
	}
	unl_nla_nest_end(skb, bits);
	unl_nla_nest_end(skb, nest);
	return 0;
fail:
	unl_nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static void ethnl_u64_words(uint64_t v, uint32_t w[2])
{
	w[0] = (uint32_t)v;
	w[1] = (uint32_t)(v >> 32);
}

/* ---- reading a bitset (ethnl_parse_bitset()) ---- */

/* ETHNL_MAX_BITSET_SIZE */
#define ETHNL_BITSET_SIZE_MAX 32767

static const struct unl_nla_policy ethnl_bitset_policy[] = {
	[ETHTOOL_A_BITSET_NOMASK] = { .type = UNL_NLA_FLAG },
	[ETHTOOL_A_BITSET_SIZE] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U32, ETHNL_BITSET_SIZE_MAX),
	[ETHTOOL_A_BITSET_BITS] = { .type = UNL_NLA_NESTED },
	[ETHTOOL_A_BITSET_VALUE] = { .type = UNL_NLA_BINARY },
	[ETHTOOL_A_BITSET_MASK] = { .type = UNL_NLA_BINARY },
};

static const struct unl_nla_policy ethnl_bit_policy[] = {
	[ETHTOOL_A_BITSET_BIT_INDEX] = { .type = UNL_NLA_U32 },
	[ETHTOOL_A_BITSET_BIT_NAME] = { .type = UNL_NLA_NUL_STRING },
	[ETHTOOL_A_BITSET_BIT_VALUE] = { .type = UNL_NLA_FLAG },
};

/* ethnl_parse_bit(): a bit by index or by name (the name as long as
 * the attribute, as Linux compares it), with its value. */
static int ethnl_parse_bit(unsigned int *idx, bool *val, unsigned int nbits,
			   const struct nlattr *bit, bool is_list,
			   const char *const *names, struct unl_ext_ack *extack)
{
	const struct nlattr *tb[ETHTOOL_A_BITSET_BIT_VALUE + 1];
	const struct nlattr *na;
	int err = unl_nla_parse_nested(tb, ETHTOOL_A_BITSET_BIT_VALUE, bit,
				       ethnl_bit_policy, UNL_VALIDATE_STRICT,
				       extack);

	if (err)
		return err;
	na = tb[ETHTOOL_A_BITSET_BIT_NAME];
	if (tb[ETHTOOL_A_BITSET_BIT_INDEX]) {
		*idx = unl_nla_get_u32(tb[ETHTOOL_A_BITSET_BIT_INDEX]);
		if (*idx >= nbits) {
			UNL_SET_ERR_MSG_ATTR(extack,
					     tb[ETHTOOL_A_BITSET_BIT_INDEX],
					     "bit index too high");
			return -EOPNOTSUPP;
		}
		if (na && strncmp((const char *)unl_nla_data(na), names[*idx],
				  (size_t)unl_nla_len(na))) {
			UNL_SET_ERR_MSG_ATTR(extack, bit,
					     "bit index and name mismatch");
			return -EINVAL;
		}
	} else if (na) {
		const char *name = (const char *)unl_nla_data(na);
		unsigned int i;

		for (i = 0; i < nbits; i++)
			if (names[i][0] && !strcmp(names[i], name))
				break;
		if (i == nbits) {
			UNL_SET_ERR_MSG_ATTR(extack, na, "bit name not found");
			return -EOPNOTSUPP;
		}
		*idx = i;
	} else {
		UNL_SET_ERR_MSG_ATTR(extack, bit,
				     "neither bit index nor name specified");
		return -EINVAL;
	}
	if (is_list && tb[ETHTOOL_A_BITSET_BIT_VALUE]) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[ETHTOOL_A_BITSET_BIT_VALUE],
				     "list bit cannot have value");
		return -EINVAL;
	}
	*val = is_list || tb[ETHTOOL_A_BITSET_BIT_VALUE];
	return 0;
}

static int ethnl_parse_bits(uint64_t *val, uint64_t *mask, unsigned int nbits,
			    const struct nlattr *bits, bool no_mask,
			    const char *const *names,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	int rem;

	*val = 0;
	*mask = !no_mask ? 0
		: nbits < 64 ? (UINT64_C(1) << nbits) - 1 : UINT64_MAX;
	unl_nla_for_each_nested(a, bits, rem) {
		unsigned int idx;
		bool v;
		int err;

		if (unl_nla_type(a) != ETHTOOL_A_BITSET_BITS_BIT) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "only ETHTOOL_A_BITSET_BITS_BIT allowed in ETHTOOL_A_BITSET_BITS");
			return -EINVAL;
		}
		err = ethnl_parse_bit(&idx, &v, nbits, a, no_mask, names,
				      extack);
		if (err)
			return err;
		if (v)
			*val |= UINT64_C(1) << idx;
		if (!no_mask)
			*mask |= UINT64_C(1) << idx;
	}
	return 0;
}

/* Words of a compact bitset, as many as its size says, up to the
 * kernel's 64 bits; with extack, bits past those may not be set. */
static int ethnl_compact_words(const struct nlattr *a, uint32_t size,
			       uint64_t *v, struct unl_ext_ack *extack)
{
	unsigned int words = (size + 31) / 32;
	const uint8_t *w = unl_nla_data(a);

	*v = 0;
	for (unsigned int i = 0; i < words; i++) {
		uint32_t x;

		memcpy(&x, w + 4 * i, sizeof(x));
		if (i < 2) {
			*v |= (uint64_t)x << (32 * i);
		} else if (x && extack) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "cannot modify bits past kernel bitset size");
			return -EINVAL;
		}
	}
	return 0;
}

/* ethnl_compact_sanity_checks(), in its order. */
static int ethnl_compact_check(const struct nlattr *nest,
			       const struct nlattr *const *tb,
			       struct unl_ext_ack *extack)
{
	const struct nlattr *va = tb[ETHTOOL_A_BITSET_VALUE];
	const struct nlattr *ma = tb[ETHTOOL_A_BITSET_MASK];
	bool no_mask = tb[ETHTOOL_A_BITSET_NOMASK];
	int len;

	if (no_mask && ma) {
		UNL_SET_ERR_MSG_ATTR(extack, ma,
				     "mask not allowed in list bitset");
		return -EINVAL;
	}
	if (!tb[ETHTOOL_A_BITSET_SIZE]) {
		UNL_SET_ERR_MSG_ATTR(extack, nest,
				     "missing size in compact bitset");
		return -EINVAL;
	}
	if (!va) {
		UNL_SET_ERR_MSG_ATTR(extack, nest,
				     "missing value in compact bitset");
		return -EINVAL;
	}
	if (!no_mask && !ma) {
		UNL_SET_ERR_MSG_ATTR(extack, nest,
				     "missing mask in compact nonlist bitset");
		return -EINVAL;
	}
	len = (int)((unl_nla_get_u32(tb[ETHTOOL_A_BITSET_SIZE]) + 31) / 32 * 4);
	if (unl_nla_len(va) != len) {
		UNL_SET_ERR_MSG_ATTR(extack, va,
				     "bitset value length does not match size");
		return -EINVAL;
	}
	if (ma && unl_nla_len(ma) != len) {
		UNL_SET_ERR_MSG_ATTR(extack, ma,
				     "bitset mask length does not match size");
		return -EINVAL;
	}
	return 0;
}

/* The compact form: size and value, a mask unless NOMASK; past the
 * kernel's nbits only zeros (of the mask, or of a list's value). */
static int ethnl_parse_compact(uint64_t *val, uint64_t *mask,
			       unsigned int nbits, const struct nlattr *nest,
			       const struct nlattr *const *tb,
			       struct unl_ext_ack *extack)
{
	const struct nlattr *va = tb[ETHTOOL_A_BITSET_VALUE];
	const struct nlattr *ma = tb[ETHTOOL_A_BITSET_MASK];
	const struct nlattr *test = ma ? ma : va;
	uint64_t keep = nbits < 64 ? (UINT64_C(1) << nbits) - 1 : UINT64_MAX;
	uint32_t size;
	int err = ethnl_compact_check(nest, tb, extack);

	if (err)
		return err;
	size = unl_nla_get_u32(tb[ETHTOOL_A_BITSET_SIZE]);
	err = ethnl_compact_words(test, size, ma ? mask : val, extack);
	if (err)
		return err;
	if ((ma ? *mask : *val) & ~keep) {
		UNL_SET_ERR_MSG_ATTR(extack, test,
				     "cannot modify bits past kernel bitset size");
		return -EINVAL;
	}
	/* the value's bits past the kernel's are ignored */
	if (ma)
		ethnl_compact_words(va, size, val, NULL);
	else
		*mask = keep;
	if (size < 64)
		keep &= (UINT64_C(1) << size) - 1;
	*val &= keep;
	if (ma)
		*mask &= keep;
	return 0;
}

static int ethnl_parse_bitset64(uint64_t *val, uint64_t *mask,
				unsigned int nbits, const struct nlattr *nest,
				const char *const *names,
				struct unl_ext_ack *extack)
{
	const struct nlattr *tb[ETHTOOL_A_BITSET_MASK + 1];
	int err = unl_nla_parse_nested(tb, ETHTOOL_A_BITSET_MASK, nest,
				       ethnl_bitset_policy,
				       UNL_VALIDATE_STRICT, extack);

	if (err)
		return err;
	if (!tb[ETHTOOL_A_BITSET_BITS])
		return ethnl_parse_compact(val, mask, nbits, nest, tb, extack);
	if (tb[ETHTOOL_A_BITSET_VALUE]) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[ETHTOOL_A_BITSET_VALUE],
				     "value only allowed in compact bitset");
		return -EINVAL;
	}
	if (tb[ETHTOOL_A_BITSET_MASK]) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[ETHTOOL_A_BITSET_MASK],
				     "mask only allowed in compact bitset");
		return -EINVAL;
	}
	return ethnl_parse_bits(val, mask, nbits, tb[ETHTOOL_A_BITSET_BITS],
				tb[ETHTOOL_A_BITSET_NOMASK], names, extack);
}

/* netif_msg_class_names: ETH_SS_MSG_CLASSES. */
static const char *const ethnl_msg_class_names[ETHNL_MSG_CLASS_COUNT] = {
	"drv", "probe", "link", "timer", "ifdown", "ifup", "rx_err",
	"tx_err", "tx_queued", "intr", "tx_done", "rx_status", "pktdata",
	"hw", "wol",
};

/* netdev_features_strings: ETH_SS_FEATURES, by feature bit (the
 * unnamed bits are empty strings, as Linux lists them). */
#define ETHNL_FEATURE_COUNT 64
static const char *const ethnl_feature_names[ETHNL_FEATURE_COUNT] = {
	"tx-scatter-gather", /* 0 */
	"tx-checksum-ipv4", /* 1 */
	"", /* 2 */
	"tx-checksum-ip-generic", /* 3 */
	"tx-checksum-ipv6", /* 4 */
	"highdma", /* 5 */
	"tx-scatter-gather-fraglist", /* 6 */
	"tx-vlan-hw-insert", /* 7 */
	"rx-vlan-hw-parse", /* 8 */
	"rx-vlan-filter", /* 9 */
	"vlan-challenged", /* 10 */
	"tx-generic-segmentation", /* 11 */
	"", /* 12 */
	"", /* 13 */
	"rx-gro", /* 14 */
	"rx-lro", /* 15 */
	"tx-tcp-segmentation", /* 16 */
	"tx-gso-robust", /* 17 */
	"tx-tcp-ecn-segmentation", /* 18 */
	"tx-tcp-mangleid-segmentation", /* 19 */
	"tx-tcp6-segmentation", /* 20 */
	"tx-fcoe-segmentation", /* 21 */
	"tx-gre-segmentation", /* 22 */
	"tx-gre-csum-segmentation", /* 23 */
	"tx-ipxip4-segmentation", /* 24 */
	"tx-ipxip6-segmentation", /* 25 */
	"tx-udp_tnl-segmentation", /* 26 */
	"tx-udp_tnl-csum-segmentation", /* 27 */
	"tx-gso-partial", /* 28 */
	"tx-tunnel-remcsum-segmentation", /* 29 */
	"tx-sctp-segmentation", /* 30 */
	"tx-esp-segmentation", /* 31 */
	"", /* 32 */
	"tx-udp-segmentation", /* 33 */
	"tx-gso-list", /* 34 */
	"tx-tcp-accecn-segmentation", /* 35 */
	"tx-checksum-fcoe-crc", /* 36 */
	"tx-checksum-sctp", /* 37 */
	"rx-ntuple-filter", /* 38 */
	"rx-hashing", /* 39 */
	"rx-checksum", /* 40 */
	"tx-nocache-copy", /* 41 */
	"loopback", /* 42 */
	"rx-fcs", /* 43 */
	"rx-all", /* 44 */
	"tx-vlan-stag-hw-insert", /* 45 */
	"rx-vlan-stag-hw-parse", /* 46 */
	"rx-vlan-stag-filter", /* 47 */
	"l2-fwd-offload", /* 48 */
	"hw-tc-offload", /* 49 */
	"esp-hw-offload", /* 50 */
	"esp-tx-csum-hw-offload", /* 51 */
	"rx-udp_tunnel-port-offload", /* 52 */
	"tls-hw-tx-offload", /* 53 */
	"tls-hw-rx-offload", /* 54 */
	"rx-gro-hw", /* 55 */
	"tls-hw-record", /* 56 */
	"rx-gro-list", /* 57 */
	"macsec-hw-offload", /* 58 */
	"rx-udp-gro-forwarding", /* 59 */
	"hsr-tag-ins-offload", /* 60 */
	"hsr-tag-rm-offload", /* 61 */
	"hsr-fwd-offload", /* 62 */
	"hsr-dup-offload", /* 63 */
};

/* NETIF_F_NEVER_CHANGE: vlan-challenged. */
#define ETHNL_NEVER_CHANGE (UINT64_C(1) << 10)

/* ---- the messages ---- */

/* What one request answers: checked first (prepare_data), so that a
 * device without the op is refused before anything is written. */
struct ethnl_request_ops {
	uint8_t reply_cmd;
	int (*prepare)(const struct rtnl_link *l,
		       const struct rtnl_ethtool *et,
		       struct unl_ext_ack *extack);
	int (*fill)(struct unl_skb *skb, const struct rtnl_link *l,
		    const struct rtnl_ethtool *et, uint32_t flags);
};

/* __ethtool_get_link_ksettings(): the link settings or EOPNOTSUPP,
 * which both LINKINFO and LINKMODES report with the same words. */
static int ethnl_ksettings_prepare(const struct rtnl_link *l,
				   const struct rtnl_ethtool *et,
				   struct unl_ext_ack *extack)
{
	(void)l;
	if (et && et->ksettings)
		return 0;
	UNL_SET_ERR_MSG(extack, "failed to retrieve link settings");
	return -EOPNOTSUPP;
}

/* LINKINFO: port, PHY address, MDI-X and transceiver (internal). */
static int ethnl_linkinfo_fill(struct unl_skb *skb, const struct rtnl_link *l,
			       const struct rtnl_ethtool *et, uint32_t flags)
{
	uint32_t speed;
	uint8_t duplex, port;

	(void)flags;
	et->ksettings(l, &speed, &duplex, &port);
	if (unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_PORT, port) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_PHYADDR, 0) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_TP_MDIX, ETH_TP_MDI_INVALID) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_TP_MDIX_CTRL,
			   ETH_TP_MDI_INVALID) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_TRANSCEIVER,
			   XCVR_INTERNAL))
		return -EMSGSIZE;
	return 0;
}

/* LINKMODES: no autonegotiation, no modes supported or advertised (no
 * peer's either), the speed and duplex, no rate matching. */
static int ethnl_linkmodes_fill(struct unl_skb *skb,
				const struct rtnl_link *l,
				const struct rtnl_ethtool *et, uint32_t flags)
{
	uint32_t none[(ETHNL_LINK_MODE_NBITS + 31) / 32] = { 0 };
	uint32_t speed;
	uint8_t duplex, port;

	et->ksettings(l, &speed, &duplex, &port);
	if (unl_nla_put_u8(skb, ETHTOOL_A_LINKMODES_AUTONEG, AUTONEG_DISABLE) ||
	    ethnl_put_bitset32(skb, ETHTOOL_A_LINKMODES_OURS, none, none,
			       ETHNL_LINK_MODE_NBITS, NULL,
			       flags & ETHTOOL_FLAG_COMPACT_BITSETS) ||
	    unl_nla_put_u32(skb, ETHTOOL_A_LINKMODES_SPEED, speed) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKMODES_DUPLEX, duplex) ||
	    unl_nla_put_u8(skb, ETHNL_A_LINKMODES_RATE_MATCHING, 0))
		return -EMSGSIZE;
	return 0;
}

static int ethnl_always_prepare(const struct rtnl_link *l,
				const struct rtnl_ethtool *et,
				struct unl_ext_ack *extack)
{
	(void)l, (void)et, (void)extack;
	return 0;
}

/* LINKSTATE: the link, as SIOCETHTOOL's GLINK says it, when the driver
 * has get_link; nothing else a virtual device knows. */
static int ethnl_linkstate_fill(struct unl_skb *skb,
				const struct rtnl_link *l,
				const struct rtnl_ethtool *et, uint32_t flags)
{
	(void)flags;
	if (!et || !et->get_link)
		return 0;
	return unl_nla_put_u8(skb, ETHTOOL_A_LINKSTATE_LINK,
			      (l->flags & IFF_UP) &&
				      (et->always_on || l->carrier))
		       ? -EMSGSIZE
		       : 0;
}

static int ethnl_debug_prepare(const struct rtnl_link *l,
			       const struct rtnl_ethtool *et,
			       struct unl_ext_ack *extack)
{
	(void)l, (void)extack;
	return et && et->msglevel ? 0 : -EOPNOTSUPP;
}

/* DEBUG: the message classes enabled (as GMSGLVL says). */
static int ethnl_debug_fill(struct unl_skb *skb, const struct rtnl_link *l,
			    const struct rtnl_ethtool *et, uint32_t flags)
{
	uint32_t value = l->msglevel;
	uint32_t mask = (UINT32_C(1) << ETHNL_MSG_CLASS_COUNT) - 1;

	(void)et;
	return ethnl_put_bitset32(skb, ETHTOOL_A_DEBUG_MSGMASK, &value, &mask,
				  ETHNL_MSG_CLASS_COUNT, ethnl_msg_class_names,
				  flags & ETHTOOL_FLAG_COMPACT_BITSETS);
}

static int ethnl_channels_prepare(const struct rtnl_link *l,
				  const struct rtnl_ethtool *et,
				  struct unl_ext_ack *extack)
{
	(void)l, (void)extack;
	return et && et->channels ? 0 : -EOPNOTSUPP;
}

/* CHANNELS: the queues the device has and uses (veth_get_channels()),
 * each pair only where the maximum is not 0. */
static int ethnl_channels_fill(struct unl_skb *skb, const struct rtnl_link *l,
			       const struct rtnl_ethtool *et, uint32_t flags)
{
	uint32_t max_rx, max_tx, rx, tx;

	(void)flags;
	et->channels(l, &max_rx, &max_tx, &rx, &tx);
	if (max_rx &&
	    (unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_RX_MAX, max_rx) ||
	     unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_RX_COUNT, rx)))
		return -EMSGSIZE;
	if (max_tx &&
	    (unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_TX_MAX, max_tx) ||
	     unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_TX_COUNT, tx)))
		return -EMSGSIZE;
	return 0;
}

static int ethnl_features_prepare(const struct rtnl_link *l,
				  const struct rtnl_ethtool *et,
				  struct unl_ext_ack *extack)
{
	struct rtnl_ethtool_features f;

	(void)et, (void)extack;
	return rtnl_link_features(l, &f) ? 0 : -EOPNOTSUPP;
}

/* FEATURES: changeable (against every feature), wanted, active and
 * never changing, each of ETHNL_FEATURE_COUNT bits. */
static int ethnl_features_fill(struct unl_skb *skb, const struct rtnl_link *l,
			       const struct rtnl_ethtool *et, uint32_t flags)
{
	struct rtnl_ethtool_features f;
	bool compact = flags & ETHTOOL_FLAG_COMPACT_BITSETS;
	uint32_t all[2] = { UINT32_MAX, UINT32_MAX };
	uint32_t hw[2], want[2], act[2];
	uint32_t never[2] = { (uint32_t)ETHNL_NEVER_CHANGE, 0 };

	(void)et;
	if (!rtnl_link_features(l, &f))
		return -EOPNOTSUPP;
	ethnl_u64_words(f.hw, hw);
	ethnl_u64_words(f.wanted, want);
	ethnl_u64_words(f.active, act);
	if (ethnl_put_bitset32(skb, ETHTOOL_A_FEATURES_HW, hw, all,
			       ETHNL_FEATURE_COUNT, ethnl_feature_names,
			       compact) ||
	    ethnl_put_bitset32(skb, ETHTOOL_A_FEATURES_WANTED, want, NULL,
			       ETHNL_FEATURE_COUNT, ethnl_feature_names,
			       compact) ||
	    ethnl_put_bitset32(skb, ETHTOOL_A_FEATURES_ACTIVE, act, NULL,
			       ETHNL_FEATURE_COUNT, ethnl_feature_names,
			       compact) ||
	    ethnl_put_bitset32(skb, ETHTOOL_A_FEATURES_NOCHANGE, never, NULL,
			       ETHNL_FEATURE_COUNT, ethnl_feature_names,
			       compact))
		return -EMSGSIZE;
	return 0;
}

/* WOL, RINGS, COALESCE, PAUSE: no kind of the model has the op. */
static int ethnl_none_prepare(const struct rtnl_link *l,
			      const struct rtnl_ethtool *et,
			      struct unl_ext_ack *extack)
{
	(void)l, (void)et, (void)extack;
	return -EOPNOTSUPP;
}

static int ethnl_none_fill(struct unl_skb *skb, const struct rtnl_link *l,
			   const struct rtnl_ethtool *et, uint32_t flags)
{
	(void)skb, (void)l, (void)et, (void)flags;
	return -EOPNOTSUPP;
}

/* By request command (ethnl_default_requests[]). */
static const struct ethnl_request_ops ethnl_requests[] = {
	[ETHTOOL_MSG_LINKINFO_GET] = { ETHTOOL_MSG_LINKINFO_GET_REPLY,
				       ethnl_ksettings_prepare,
				       ethnl_linkinfo_fill },
	[ETHTOOL_MSG_LINKMODES_GET] = { ETHTOOL_MSG_LINKMODES_GET_REPLY,
					ethnl_ksettings_prepare,
					ethnl_linkmodes_fill },
	[ETHTOOL_MSG_LINKSTATE_GET] = { ETHTOOL_MSG_LINKSTATE_GET_REPLY,
					ethnl_always_prepare,
					ethnl_linkstate_fill },
	[ETHTOOL_MSG_DEBUG_GET] = { ETHTOOL_MSG_DEBUG_GET_REPLY,
				    ethnl_debug_prepare, ethnl_debug_fill },
	[ETHTOOL_MSG_WOL_GET] = { ETHTOOL_MSG_WOL_GET_REPLY,
				  ethnl_none_prepare, ethnl_none_fill },
	[ETHTOOL_MSG_FEATURES_GET] = { ETHTOOL_MSG_FEATURES_GET_REPLY,
				       ethnl_features_prepare,
				       ethnl_features_fill },
	[ETHTOOL_MSG_RINGS_GET] = { ETHTOOL_MSG_RINGS_GET_REPLY,
				    ethnl_none_prepare, ethnl_none_fill },
	[ETHTOOL_MSG_CHANNELS_GET] = { ETHTOOL_MSG_CHANNELS_GET_REPLY,
				       ethnl_channels_prepare,
				       ethnl_channels_fill },
	[ETHTOOL_MSG_COALESCE_GET] = { ETHTOOL_MSG_COALESCE_GET_REPLY,
				       ethnl_none_prepare, ethnl_none_fill },
	[ETHTOOL_MSG_PAUSE_GET] = { ETHTOOL_MSG_PAUSE_GET_REPLY,
				    ethnl_none_prepare, ethnl_none_fill },
};

static const struct ethnl_request_ops *ethnl_request_of(uint8_t cmd)
{
	if (cmd >= sizeof(ethnl_requests) / sizeof(ethnl_requests[0]) ||
	    !ethnl_requests[cmd].fill)
		return NULL;
	return &ethnl_requests[cmd];
}

/* One device's reply message; -EOPNOTSUPP (nothing written) for a
 * device without the op. */
static int ethnl_fill_one(struct unl_skb *skb, const struct ethnl_request_ops *ops,
			  const struct unl_genl_family *family,
			  const struct rtnl_link *l, uint32_t portid,
			  uint32_t seq, int nlflags, uint32_t flags)
{
	const struct rtnl_ethtool *et = l->ops->ethtool;
	void *hdr = unl_genlmsg_put(skb, portid, seq, family, nlflags,
				    ops->reply_cmd);
	int err;

	if (!hdr)
		return -EMSGSIZE;
	err = ethnl_fill_reply_header(skb, l);
	if (!err)
		err = ops->fill(skb, l, et, flags);
	if (err) {
		unl_genlmsg_cancel(skb, hdr);
		return err;
	}
	unl_genlmsg_end(skb, hdr);
	return 0;
}

/* ethnl_default_doit() */
static int ethnl_default_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	const struct ethnl_request_ops *ops =
		ethnl_request_of(info->genlhdr->cmd);
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct unl_skb *rskb;
	struct ethnl_req req;
	int err;

	(void)skb;
	if (!ops || !rn)
		return -EOPNOTSUPP;
	if (!info->attrs[ETHNL_A_HEADER]) {
		UNL_SET_ERR_ATTR_MISS(info->extack, NULL, ETHNL_A_HEADER);
		return -EINVAL;
	}
	err = ethnl_parse_header(rn, info->attrs[ETHNL_A_HEADER], true, &req,
				 info->extack);
	if (err)
		return err;
	err = ops->prepare(req.dev, req.dev->ops->ethtool, info->extack);
	if (err)
		return err;
	rskb = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!rskb)
		return -ENOMEM;
	err = ethnl_fill_one(rskb, ops, info->family, req.dev,
			     info->snd_portid, info->snd_seq, 0, req.flags);
	if (err) {
		unl_skb_free(rskb);
		return err;
	}
	return unl_genlmsg_reply(rskb, info);
}

/* ethnl_default_dumpit(): every device that supports the request, in
 * ifindex order; args[0] is the last one written, args[1] the flags. */
static int ethnl_default_start(struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct ethnl_req req;
	int err;

	if (!rn || !ethnl_request_of(info->genlhdr->cmd))
		return -EOPNOTSUPP;
	/* A device named in a dump's header is looked up, then ignored. */
	err = ethnl_parse_header(rn, info->attrs[ETHNL_A_HEADER], false, &req,
				 info->extack);
	if (err)
		return err;
	cb->args[0] = 0;
	cb->args[1] = (long)req.flags;
	return 0;
}

static int ethnl_default_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	const struct ethnl_request_ops *ops =
		ethnl_request_of(info->genlhdr->cmd);
	struct rtnl_net *rn = rtnl_net_of(info->net);

	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		int err;

		if (l->ifindex <= cb->args[0])
			continue;
		if (ops->prepare(l, l->ops->ethtool, NULL) == 0) {
			err = ethnl_fill_one(skb, ops, info->family, l,
					     unl_skb_cb(cb->skb)->portid,
					     cb->nlh->nlmsg_seq, NLM_F_MULTI,
					     (uint32_t)cb->args[1]);
			if (err == -EMSGSIZE && unl_skb_len(skb))
				return (int)unl_skb_len(skb);
			if (err && err != -EOPNOTSUPP)
				return err;
		}
		cb->args[0] = l->ifindex;
	}
	return 0;
}

/* ---- STRSET (net/ethtool/strset.c) ---- */

static const struct unl_nla_policy ethnl_stringset_policy[] = {
	[ETHTOOL_A_STRINGSET_ID] = { .type = UNL_NLA_U32 },
};

static const struct unl_nla_policy ethnl_stringsets_policy[] = {
	[ETHTOOL_A_STRINGSETS_STRINGSET] = UNL_NLA_POLICY_NESTED(
		ethnl_stringset_policy, ETHTOOL_A_STRINGSET_ID),
};

static const struct unl_nla_policy ethnl_strset_policy[] = {
	[ETHTOOL_A_STRSET_HEADER] = UNL_NLA_POLICY_NESTED(ethnl_header_policy,
							  ETHNL_HEADER_MAX),
	[ETHTOOL_A_STRSET_STRINGSETS] = UNL_NLA_POLICY_NESTED(
		ethnl_stringsets_policy, ETHTOOL_A_STRINGSETS_STRINGSET),
	[ETHTOOL_A_STRSET_COUNTS_ONLY] = { .type = UNL_NLA_FLAG },
};

/* The global string sets the model names; the others (link modes,
 * wake-on-LAN modes, timestamping...) and the per-device ones are not
 * modelled and refused. */
struct ethnl_strset {
	const char *const *names;
	uint32_t count;
};

static const struct ethnl_strset ethnl_strsets[ETH_SS_COUNT] = {
	[ETH_SS_FEATURES] = { ethnl_feature_names, ETHNL_FEATURE_COUNT },
	[ETH_SS_MSG_CLASSES] = { ethnl_msg_class_names,
				 ETHNL_MSG_CLASS_COUNT },
};

static int ethnl_put_strset(struct unl_skb *skb, uint32_t id,
			    bool counts_only)
{
	const struct ethnl_strset *set = &ethnl_strsets[id];
	struct nlattr *nest = unl_nla_nest_start(
		skb, ETHTOOL_A_STRINGSETS_STRINGSET), *strings;

	if (!nest || unl_nla_put_u32(skb, ETHTOOL_A_STRINGSET_ID, id) ||
	    unl_nla_put_u32(skb, ETHTOOL_A_STRINGSET_COUNT, set->count))
		return -EMSGSIZE;
	if (!counts_only) {
		strings = unl_nla_nest_start(skb, ETHTOOL_A_STRINGSET_STRINGS);
		if (!strings)
			return -EMSGSIZE;
		for (uint32_t i = 0; i < set->count; i++) {
			struct nlattr *one = unl_nla_nest_start(
				skb, ETHTOOL_A_STRINGS_STRING);

			if (!one ||
			    unl_nla_put_u32(skb, ETHTOOL_A_STRING_INDEX, i) ||
			    unl_nla_put_string(skb, ETHTOOL_A_STRING_VALUE,
					       set->names[i]))
				return -EMSGSIZE;
			unl_nla_nest_end(skb, one);
		}
		unl_nla_nest_end(skb, strings);
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* Which sets the request names (strset_parse_request()): a bit per set
 * id; every modelled one when it names none. */
static bool ethnl_strset_per_dev(uint32_t id)
{
	return id == ETH_SS_TEST || id == ETH_SS_STATS ||
	       id == ETH_SS_PRIV_FLAGS || id == ETH_SS_PHY_STATS;
}

static int ethnl_strset_wanted(const struct nlattr *sets, bool have_dev,
			       uint32_t *wanted, struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	int rem;

	*wanted = 0;
	if (!sets) {
		for (uint32_t id = 0; id < ETH_SS_COUNT; id++)
			if (ethnl_strsets[id].names)
				*wanted |= UINT32_C(1) << id;
		return 0;
	}
	unl_nla_for_each_nested(a, sets, rem) {
		const struct nlattr *tb[ETHTOOL_A_STRINGSET_ID + 1];
		uint32_t id;
		int err = unl_nla_parse_nested(tb, ETHTOOL_A_STRINGSET_ID, a,
					       ethnl_stringset_policy,
					       UNL_VALIDATE_STRICT, extack);

		if (err)
			return err;
		if (!tb[ETHTOOL_A_STRINGSET_ID])
			return -EINVAL;
		id = unl_nla_get_u32(tb[ETHTOOL_A_STRINGSET_ID]);
		if (id >= ETH_SS_COUNT) {
			UNL_SET_ERR_MSG_ATTR(extack, tb[ETHTOOL_A_STRINGSET_ID],
					     "unknown string set id");
			return -EOPNOTSUPP;
		}
		if (ethnl_strset_per_dev(id) && !have_dev) {
			UNL_SET_ERR_MSG(extack,
					"requested per device strings without dev");
			return -EINVAL;
		}
		if (!ethnl_strsets[id].names)
			return -EOPNOTSUPP;
		*wanted |= UINT32_C(1) << id;
	}
	return 0;
}

static int ethnl_strset_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);
	bool counts_only = info->attrs[ETHTOOL_A_STRSET_COUNTS_ONLY];
	struct nlattr *sets;
	struct unl_skb *rskb;
	struct ethnl_req req;
	uint32_t wanted;
	void *hdr;
	int err;

	(void)skb;
	if (!rn)
		return -ENOMEM;
	if (!info->attrs[ETHTOOL_A_STRSET_HEADER]) {
		UNL_SET_ERR_ATTR_MISS(info->extack, NULL,
				      ETHTOOL_A_STRSET_HEADER);
		return -EINVAL;
	}
	err = ethnl_parse_header(rn, info->attrs[ETHTOOL_A_STRSET_HEADER],
				 false, &req, info->extack);
	if (!err)
		err = ethnl_strset_wanted(
			info->attrs[ETHTOOL_A_STRSET_STRINGSETS], req.dev,
			&wanted, info->extack);
	if (err)
		return err;
	rskb = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!rskb)
		return -ENOMEM;
	hdr = unl_genlmsg_put_reply(rskb, info, info->family, 0,
				    ETHTOOL_MSG_STRSET_GET_REPLY);
	err = hdr ? 0 : -EMSGSIZE;
	if (!err && req.dev)
		err = ethnl_fill_reply_header(rskb, req.dev);
	sets = err ? NULL
		   : unl_nla_nest_start(rskb, ETHTOOL_A_STRSET_STRINGSETS);
	if (!sets)
		err = -EMSGSIZE;
	for (uint32_t id = 0; !err && id < ETH_SS_COUNT; id++)
		if (wanted & (UINT32_C(1) << id))
			err = ethnl_put_strset(rskb, id, counts_only);
	if (err) {
		unl_skb_free(rskb);
		return err;
	}
	unl_nla_nest_end(rskb, sets);
	unl_genlmsg_end(rskb, hdr);
	return unl_genlmsg_reply(rskb, info);
}

/* ---- FEATURES_SET (net/ethtool/features.c) ---- */

static const struct unl_nla_policy ethnl_features_set_policy[] = {
	[ETHTOOL_A_FEATURES_HEADER] = UNL_NLA_POLICY_NESTED(
		ethnl_header_policy, ETHNL_HEADER_MAX),
	[ETHTOOL_A_FEATURES_WANTED] = { .type = UNL_NLA_NESTED },
};

/* The reply: of the bits asked for, those not as wanted (WANTED, with
 * what was asked), and every bit that moved (ACTIVE, as it is now). */
static int ethnl_features_set_reply(struct unl_genl_info *info,
				    const struct rtnl_link *l, uint64_t req,
				    uint64_t req_mask, uint64_t old_active,
				    uint64_t new_active, bool compact)
{
	uint64_t wdiff = (req ^ new_active) & req_mask;
	uint64_t adiff = old_active ^ new_active;
	uint32_t wv[2], wm[2], av[2], am[2];
	struct unl_skb *rskb = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	void *hdr;

	if (!rskb)
		return -ENOMEM;
	ethnl_u64_words(req & wdiff, wv);
	ethnl_u64_words(wdiff, wm);
	ethnl_u64_words(new_active & adiff, av);
	ethnl_u64_words(adiff, am);
	hdr = unl_genlmsg_put_reply(rskb, info, info->family, 0,
				    ETHTOOL_MSG_FEATURES_SET_REPLY);
	if (!hdr || ethnl_fill_reply_header(rskb, l) ||
	    ethnl_put_bitset32(rskb, ETHTOOL_A_FEATURES_WANTED, wv, wm,
			       ETHNL_FEATURE_COUNT, ethnl_feature_names,
			       compact) ||
	    ethnl_put_bitset32(rskb, ETHTOOL_A_FEATURES_ACTIVE, av, am,
			       ETHNL_FEATURE_COUNT, ethnl_feature_names,
			       compact)) {
		unl_skb_free(rskb);
		return -EMSGSIZE;
	}
	unl_genlmsg_end(rskb, hdr);
	return unl_genlmsg_reply(rskb, info);
}

/* ethnl_set_features(): the bits named change in what is wanted (of
 * those the device can change), the rest of the request stays as it
 * was; then what is on is recomputed, answered and announced. */
static int ethnl_features_set_doit(struct unl_skb *skb,
				   struct unl_genl_info *info)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct rtnl_ethtool_features f;
	uint64_t req, req_mask, old_active;
	struct ethnl_req r;
	bool changed = false;
	int err;

	(void)skb;
	if (!rn)
		return -ENOMEM;
	err = ethnl_parse_header(rn, info->attrs[ETHTOOL_A_FEATURES_HEADER],
				 true, &r, info->extack);
	if (err)
		return err;
	if (!info->attrs[ETHTOOL_A_FEATURES_WANTED])
		return -EINVAL;
	if (!rtnl_link_features(r.dev, &f))
		memset(&f, 0, sizeof(f));
	err = ethnl_parse_bitset64(&req, &req_mask, ETHNL_FEATURE_COUNT,
				   info->attrs[ETHTOOL_A_FEATURES_WANTED],
				   ethnl_feature_names, info->extack);
	if (err)
		return err;
	req = (req & req_mask) | (f.wanted & ~req_mask);
	old_active = f.active;
	if (req != f.wanted)
		changed = rtnl_link_want_features(r.dev, req, UINT64_MAX);
	rtnl_link_features(r.dev, &f);
	if (!(r.flags & ETHTOOL_FLAG_OMIT_REPLY))
		err = ethnl_features_set_reply(
			info, r.dev, req, req_mask, old_active, f.active,
			r.flags & ETHTOOL_FLAG_COMPACT_BITSETS);
	if (changed)
		rtnl_netdev_event(r.dev, RTNL_NETDEV_FEAT_CHANGE);
	return err;
}

/* ---- notifications (ethnl_default_notify()) ---- */

/* A device's state as its GET answers it, as ntf_cmd to the monitor
 * group, numbered by the world's broadcast counter (ethnl_bcast_seq),
 * its bitsets compact. */
static void ethnl_notify(struct rtnl_net *rn, struct rtnl_link *l,
			 uint8_t get_cmd, uint8_t ntf_cmd)
{
	const struct unl_genl_family *family = genl_ethtool_family(rn->net);
	const struct ethnl_request_ops *ops = ethnl_request_of(get_cmd);
	struct ethnl_request_ops ntf;
	struct unl_skb *skb;
	uint32_t *seq;

	if (!family || ops->prepare(l, l->ops->ethtool, NULL))
		return;
	skb = unl_genlmsg_new(UNL_GENLMSG_DEFAULT_SIZE);
	if (!skb)
		return;
	ntf = *ops;
	ntf.reply_cmd = ntf_cmd;
	seq = family->priv;
	if (ethnl_fill_one(skb, &ntf, family, l, 0, ++*seq, 0,
			   ETHTOOL_FLAG_COMPACT_BITSETS)) {
		unl_skb_free(skb);
		return;
	}
	unl_genlmsg_multicast_netns(family, rn->net, skb, 0, 0);
}

void rtnl_ethnl_notify_debug(struct rtnl_link *l)
{
	ethnl_notify(l->rn, l, ETHTOOL_MSG_DEBUG_GET, ETHTOOL_MSG_DEBUG_NTF);
}

/* ethnl_netdev_event(): a change of a device's offloads. */
int rtnl_ethnl_netdev_event(struct rtnl_net *rn, enum rtnl_netdev_event event,
			    const struct rtnl_netdev_info *info)
{
	if (event == RTNL_NETDEV_FEAT_CHANGE)
		ethnl_notify(rn, info->dev, ETHTOOL_MSG_FEATURES_GET,
			     ETHTOOL_MSG_FEATURES_NTF);
	return 0;
}

/* ---- DEBUG_SET (net/ethtool/debug.c) ---- */

static const struct unl_nla_policy ethnl_debug_set_policy[] = {
	[ETHTOOL_A_DEBUG_HEADER] = UNL_NLA_POLICY_NESTED(ethnl_header_policy,
							 ETHNL_HEADER_MAX),
	[ETHTOOL_A_DEBUG_MSGMASK] = { .type = UNL_NLA_NESTED },
};

/* ethnl_set_debug(): the classes named change (all of them for a
 * list), announced when any did. */
static int ethnl_debug_set_doit(struct unl_skb *skb,
				struct unl_genl_info *info)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);
	const struct nlattr *a = info->attrs[ETHTOOL_A_DEBUG_MSGMASK];
	const struct rtnl_ethtool *et;
	uint64_t val, mask;
	uint32_t level;
	struct ethnl_req r;
	int err;

	(void)skb;
	if (!rn)
		return -ENOMEM;
	err = ethnl_parse_header(rn, info->attrs[ETHTOOL_A_DEBUG_HEADER],
				 true, &r, info->extack);
	if (err)
		return err;
	et = r.dev->ops->ethtool;
	if (!et || !et->msglevel || !et->set_msglevel)
		return -EOPNOTSUPP;
	if (!a)
		return 0;
	err = ethnl_parse_bitset64(&val, &mask, ETHNL_MSG_CLASS_COUNT, a,
				   ethnl_msg_class_names, info->extack);
	if (err)
		return err;
	level = (r.dev->msglevel & ~(uint32_t)mask) | (uint32_t)(val & mask);
	if (level == r.dev->msglevel)
		return 0;
	r.dev->msglevel = level;
	ethnl_notify(rn, r.dev, ETHTOOL_MSG_DEBUG_GET, ETHTOOL_MSG_DEBUG_NTF);
	return 0;
}

/* ---- RINGS_SET (net/ethtool/rings.c): no kind has ring parameters ---- */

/* Attribute numbers newer than the system's header may know. */
#define ETHNL_A_RINGS_RX_PUSH 14
#define ETHNL_A_RINGS_TX_PUSH_BUF_LEN 15
#define ETHNL_A_RINGS_HDS_THRESH 17

static const struct unl_nla_policy ethnl_rings_set_policy[] = {
	[ETHTOOL_A_RINGS_HEADER] = UNL_NLA_POLICY_NESTED(ethnl_header_policy,
							 ETHNL_HEADER_MAX),
	[ETHTOOL_A_RINGS_RX] = { .type = UNL_NLA_U32 },
	[ETHTOOL_A_RINGS_RX_MINI] = { .type = UNL_NLA_U32 },
	[ETHTOOL_A_RINGS_RX_JUMBO] = { .type = UNL_NLA_U32 },
	[ETHTOOL_A_RINGS_TX] = { .type = UNL_NLA_U32 },
	[ETHTOOL_A_RINGS_RX_BUF_LEN] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[ETHTOOL_A_RINGS_TCP_DATA_SPLIT] = UNL_NLA_POLICY_MAX(
		UNL_NLA_U8, ETHTOOL_TCP_DATA_SPLIT_ENABLED),
	[ETHTOOL_A_RINGS_CQE_SIZE] = UNL_NLA_POLICY_MIN(UNL_NLA_U32, 1),
	[ETHTOOL_A_RINGS_TX_PUSH] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[ETHNL_A_RINGS_RX_PUSH] = UNL_NLA_POLICY_MAX(UNL_NLA_U8, 1),
	[ETHNL_A_RINGS_TX_PUSH_BUF_LEN] = { .type = UNL_NLA_U32 },
	[ETHNL_A_RINGS_HDS_THRESH] = { .type = UNL_NLA_U32 },
};

/* ethnl_set_rings_validate(): the device named, then refused. */
static int ethnl_rings_set_doit(struct unl_skb *skb,
				struct unl_genl_info *info)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct ethnl_req r;
	int err;

	(void)skb;
	if (!rn)
		return -ENOMEM;
	err = ethnl_parse_header(rn, info->attrs[ETHTOOL_A_RINGS_HEADER], true,
				 &r, info->extack);
	return err ? err : -EOPNOTSUPP;
}

/* ---- CHANNELS_SET (net/ethtool/channels.c) ---- */

static const struct unl_nla_policy ethnl_channels_set_policy[] = {
	[ETHTOOL_A_CHANNELS_HEADER] = UNL_NLA_POLICY_NESTED(
		ethnl_header_policy, ETHNL_HEADER_MAX),
	[ETHTOOL_A_CHANNELS_RX_COUNT] = { .type = UNL_NLA_U32 },
	[ETHTOOL_A_CHANNELS_TX_COUNT] = { .type = UNL_NLA_U32 },
	[ETHTOOL_A_CHANNELS_OTHER_COUNT] = { .type = UNL_NLA_U32 },
	[ETHTOOL_A_CHANNELS_COMBINED_COUNT] = { .type = UNL_NLA_U32 },
};

/* ethnl_update_u32() */
static void ethnl_update_u32(uint32_t *v, const struct nlattr *a, bool *mod)
{
	if (a && unl_nla_get_u32(a) != *v) {
		*v = unl_nla_get_u32(a);
		*mod = true;
	}
}

/* The first count past its maximum, then the first of RX and TX left
 * without a queue (the combined count named instead when it was
 * given): 0 or the attribute to blame. */
static int ethnl_channels_bad(const uint32_t cnt[4], const uint32_t max[4],
			      bool mod_combined, const char **msg)
{
	static const int attr[4] = { ETHTOOL_A_CHANNELS_RX_COUNT,
				     ETHTOOL_A_CHANNELS_TX_COUNT,
				     ETHTOOL_A_CHANNELS_OTHER_COUNT,
				     ETHTOOL_A_CHANNELS_COMBINED_COUNT };

	for (int i = 0; i < 4; i++)
		if (cnt[i] > max[i]) {
			*msg = "requested channel count exceeds maximum";
			return attr[i];
		}
	*msg = "requested channel counts would result in no RX or TX channel being configured";
	if (!cnt[3] && (!cnt[0] || !cnt[1]))
		return mod_combined ? attr[3] : attr[cnt[0] ? 1 : 0];
	return 0;
}

static int ethnl_channels_set_doit(struct unl_skb *skb,
				   struct unl_genl_info *info)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);
	const struct nlattr **tb = info->attrs;
	const struct rtnl_ethtool *et;
	uint32_t max[4] = { 0 }, cnt[4] = { 0 };
	bool mod = false, mod_combined = false;
	const char *msg;
	struct ethnl_req r;
	int bad, err;

	(void)skb;
	if (!rn)
		return -ENOMEM;
	err = ethnl_parse_header(rn, tb[ETHTOOL_A_CHANNELS_HEADER], true, &r,
				 info->extack);
	if (err)
		return err;
	et = r.dev->ops->ethtool;
	if (!et || !et->channels || !et->set_channels)
		return -EOPNOTSUPP;
	et->channels(r.dev, &max[0], &max[1], &cnt[0], &cnt[1]);
	ethnl_update_u32(&cnt[0], tb[ETHTOOL_A_CHANNELS_RX_COUNT], &mod);
	ethnl_update_u32(&cnt[1], tb[ETHTOOL_A_CHANNELS_TX_COUNT], &mod);
	ethnl_update_u32(&cnt[2], tb[ETHTOOL_A_CHANNELS_OTHER_COUNT], &mod);
	ethnl_update_u32(&cnt[3], tb[ETHTOOL_A_CHANNELS_COMBINED_COUNT],
			 &mod_combined);
	if (!mod && !mod_combined)
		return 0;
	bad = ethnl_channels_bad(cnt, max, mod_combined, &msg);
	if (bad) {
		UNL_SET_ERR_MSG_ATTR(info->extack, tb[bad], msg);
		return -EINVAL;
	}
	err = et->set_channels(r.dev, cnt[0], cnt[1]);
	if (err)
		return err;
	ethnl_notify(rn, r.dev, ETHTOOL_MSG_CHANNELS_GET,
		     ETHTOOL_MSG_CHANNELS_NTF);
	/* linkwatch's work on the carrier veth dropped and restored */
	rtnl_deferred_run(rn);
	return 0;
}

/* ---- the family ---- */

#define ETHNL_GET_OP(c)                                                    \
	{ .cmd = (c), .doit = ethnl_default_doit,                          \
	  .start = ethnl_default_start, .dumpit = ethnl_default_dumpit,   \
	  .policy = ethnl_get_policy, .maxattr = ETHNL_A_HEADER }

static const struct unl_genl_ops ethnl_ops[] = {
	{ .cmd = ETHTOOL_MSG_STRSET_GET, .doit = ethnl_strset_doit,
	  .policy = ethnl_strset_policy,
	  .maxattr = ETHTOOL_A_STRSET_COUNTS_ONLY },
	ETHNL_GET_OP(ETHTOOL_MSG_LINKINFO_GET),
	ETHNL_GET_OP(ETHTOOL_MSG_LINKMODES_GET),
	ETHNL_GET_OP(ETHTOOL_MSG_LINKSTATE_GET),
	ETHNL_GET_OP(ETHTOOL_MSG_DEBUG_GET),
	{ .cmd = ETHTOOL_MSG_DEBUG_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ethnl_debug_set_doit, .policy = ethnl_debug_set_policy,
	  .maxattr = ETHTOOL_A_DEBUG_MSGMASK },
	ETHNL_GET_OP(ETHTOOL_MSG_WOL_GET),
	ETHNL_GET_OP(ETHTOOL_MSG_FEATURES_GET),
	{ .cmd = ETHTOOL_MSG_FEATURES_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ethnl_features_set_doit,
	  .policy = ethnl_features_set_policy,
	  .maxattr = ETHTOOL_A_FEATURES_WANTED },
	ETHNL_GET_OP(ETHTOOL_MSG_RINGS_GET),
	{ .cmd = ETHTOOL_MSG_RINGS_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ethnl_rings_set_doit, .policy = ethnl_rings_set_policy,
	  .maxattr = ETHNL_A_RINGS_HDS_THRESH },
	ETHNL_GET_OP(ETHTOOL_MSG_CHANNELS_GET),
	{ .cmd = ETHTOOL_MSG_CHANNELS_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ethnl_channels_set_doit,
	  .policy = ethnl_channels_set_policy,
	  .maxattr = ETHTOOL_A_CHANNELS_COMBINED_COUNT },
	ETHNL_GET_OP(ETHTOOL_MSG_COALESCE_GET),
	ETHNL_GET_OP(ETHTOOL_MSG_PAUSE_GET),
};

static const struct unl_genl_multicast_group ethnl_mcgrps[] = {
	{ .name = ETHTOOL_MCGRP_MONITOR_NAME },
};

void ethnl_family_init(struct unl_genl_family *family)
{
	memset(family, 0, sizeof(*family));
	strcpy(family->name, ETHTOOL_GENL_NAME);
	family->version = ETHTOOL_GENL_VERSION;
	family->netnsok = true;
	family->parallel_ops = true;
	family->resv_start_op = ETHTOOL_MSG_MODULE_GET + 1;
	family->ops = ethnl_ops;
	family->n_ops = sizeof(ethnl_ops) / sizeof(ethnl_ops[0]);
	family->mcgrps = ethnl_mcgrps;
	family->n_mcgrps = 1;
}
