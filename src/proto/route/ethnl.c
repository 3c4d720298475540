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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/net_tstamp.h>

#include "core/msg.h"
#include "proto/genl/genl-private.h"
#include "proto/route/ethnl-policy.h"
#include "proto/route/link/kinds.h"
#include "proto/route/route-private.h"

/* __ETHTOOL_LINK_MODE_MASK_NBITS of Linux 6.18: the link modes it
 * names, the size of LINKMODES' bitsets. */
#define ETHNL_LINK_MODE_NBITS 121
_Static_assert(RTNL_LINK_MODE_WORDS * 32 >= ETHNL_LINK_MODE_NBITS,
	       "struct rtnl_lsettings holds every link mode");
/* NETIF_MSG_CLASS_COUNT: the debug message classes. */
#define ETHNL_MSG_CLASS_COUNT 15

/* Attribute numbers newer than the system's header may know. */
#define ETHNL_A_LINKMODES_RATE_MATCHING 10

/* ---- the request header ---- */

struct ethnl_req {
	struct rtnl_link *dev; /* NULL: none named (a dump) */
	uint32_t flags;        /* ETHTOOL_FLAG_* */
	/* STRSET_GET: the sets asked for (a bit per id), counts only;
	 * STATS_GET: the groups (a bit per id) and the MAC source */
	uint32_t strsets;
	bool counts_only;
	uint32_t src;
	/* ETHTOOL_A_HEADER_PHY_INDEX (0: none), and the header to blame */
	uint32_t phy_index;
	const struct nlattr *header;
	/* TSINFO_GET: a hardware timestamp provider named */
	bool hwprov;
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
	if (tb[ETHNL_A_HEADER_PHY_INDEX] && !dev) {
		UNL_SET_ERR_MSG_ATTR(extack, header,
				     "phy_index set without a netdev");
		return -EINVAL;
	}
	req->dev = dev;
	return 0;
}

/* ethnl_req_get_phydev(): no device of the model has a PHY, so a PHY
 * named is not found (err: what the command makes of that). */
static int ethnl_req_phy(const struct ethnl_req *req, int err,
			 struct unl_ext_ack *extack)
{
	if (!req->phy_index || !req->dev)
		return 0;
	UNL_SET_ERR_MSG_ATTR(extack, req->header, "no phy matching phyindex");
	return err;
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
	/* the command's own policy checked the header; this one takes
	 * whatever any command's may let through */
	err = unl_nla_parse_nested(tb, ETHNL_HEADER_MAX, header,
				   ethnl_header_policy_phy_stats,
				   UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	if (tb[ETHTOOL_A_HEADER_FLAGS])
		req->flags = unl_nla_get_u32(tb[ETHTOOL_A_HEADER_FLAGS]);
	if (tb[ETHNL_A_HEADER_PHY_INDEX])
		req->phy_index = unl_nla_get_u32(tb[ETHNL_A_HEADER_PHY_INDEX]);
	req->header = header;
	return ethnl_header_dev(rn, header, tb, require_dev, req, extack);
}

/* An ACT's header names a device ("request header missing" without
 * one). */
static int ethnl_act_dev(struct unl_genl_info *info, struct ethnl_req *r)
{
	struct rtnl_net *rn = rtnl_net_of(info->net);

	if (!rn)
		return -ENOMEM;
	return ethnl_parse_header(rn, info->attrs[ETHNL_A_HEADER], true, r,
				  info->extack);
}

/* ethnl_default_set_doit(): the header is required (the missing
 * attribute named), then names a device. */
static int ethnl_set_dev(struct unl_genl_info *info, struct ethnl_req *r)
{
	if (!info->attrs[ETHNL_A_HEADER]) {
		UNL_SET_ERR_ATTR_MISS(info->extack, NULL, ETHNL_A_HEADER);
		return -EINVAL;
	}
	return ethnl_act_dev(info, r);
}

/* ethnl_fill_reply_header(): the device's index and name, flagged. */
static int ethnl_fill_reply_header(struct unl_skb *skb,
				   const struct rtnl_link *l, int type)
{
	struct nlattr *nest = unl_nla_nest_start(skb, type);

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

/* Bitsets are read into arrays of 32-bit words, as Linux's bitmap32. */
#define ETHNL_WORDS(nbits) (((nbits) + 31) / 32)

/* Which bits of word i are below nbits. */
static uint32_t ethnl_word_keep(unsigned int i, unsigned int nbits)
{
	if (32 * (i + 1) <= nbits)
		return UINT32_MAX;
	if (32 * i >= nbits)
		return 0;
	return (UINT32_C(1) << (nbits % 32)) - 1;
}

static void ethnl_words_fill(uint32_t *w, unsigned int nbits, bool all)
{
	for (unsigned int i = 0; i < ETHNL_WORDS(nbits); i++)
		w[i] = all ? ethnl_word_keep(i, nbits) : 0;
}

static int ethnl_parse_bits(uint32_t *val, uint32_t *mask, unsigned int nbits,
			    const struct nlattr *bits, bool no_mask,
			    const char *const *names,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *a;
	int rem;

	ethnl_words_fill(val, nbits, false);
	ethnl_words_fill(mask, nbits, no_mask);
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
			val[idx / 32] |= UINT32_C(1) << (idx % 32);
		if (!no_mask)
			mask[idx / 32] |= UINT32_C(1) << (idx % 32);
	}
	return 0;
}

/* Words of a compact bitset, as many as its size says, kept up to the
 * kernel's nbits; with extack, bits past those may not be set. */
static int ethnl_compact_words(const struct nlattr *a, uint32_t size,
			       unsigned int nbits, uint32_t *v,
			       struct unl_ext_ack *extack)
{
	const uint8_t *w = unl_nla_data(a);

	ethnl_words_fill(v, nbits, false);
	for (unsigned int i = 0; i < ETHNL_WORDS(size); i++) {
		uint32_t x, keep = ethnl_word_keep(i, nbits);

		memcpy(&x, w + 4 * i, sizeof(x));
		if ((x & ~keep) && extack) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "cannot modify bits past kernel bitset size");
			return -EINVAL;
		}
		if (i < ETHNL_WORDS(nbits))
			v[i] = x & keep;
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
static int ethnl_parse_compact(uint32_t *val, uint32_t *mask,
			       unsigned int nbits, const struct nlattr *nest,
			       const struct nlattr *const *tb,
			       struct unl_ext_ack *extack)
{
	const struct nlattr *va = tb[ETHTOOL_A_BITSET_VALUE];
	const struct nlattr *ma = tb[ETHTOOL_A_BITSET_MASK];
	uint32_t size;
	int err = ethnl_compact_check(nest, tb, extack);

	if (err)
		return err;
	size = unl_nla_get_u32(tb[ETHTOOL_A_BITSET_SIZE]);
	err = ethnl_compact_words(ma ? ma : va, size, nbits, ma ? mask : val,
				  extack);
	if (err)
		return err;
	/* the value's bits past the kernel's are ignored */
	if (ma)
		ethnl_compact_words(va, size, nbits, val, NULL);
	else
		ethnl_words_fill(mask, nbits, true);
	/* bits past the request's size are cleared (a list) or kept */
	for (unsigned int i = 0; i < ETHNL_WORDS(nbits); i++) {
		val[i] &= ethnl_word_keep(i, size);
		if (ma)
			mask[i] &= ethnl_word_keep(i, size);
	}
	return 0;
}

/* ethnl_update_bitset32()'s reading: value and mask words of nbits. */
static int ethnl_parse_bitset(uint32_t *val, uint32_t *mask,
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

/* A bitset of at most 64 bits, as one word each. */
static int ethnl_parse_bitset64(uint64_t *val, uint64_t *mask,
				unsigned int nbits, const struct nlattr *nest,
				const char *const *names,
				struct unl_ext_ack *extack)
{
	uint32_t v[2] = { 0 }, m[2] = { 0 };
	int err = ethnl_parse_bitset(v, m, nbits, nest, names, extack);

	*val = v[0] | (uint64_t)v[1] << 32;
	*mask = m[0] | (uint64_t)m[1] << 32;
	return err;
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

/* link_mode_names: ETH_SS_LINK_MODES, by ethtool_link_mode_bit_indices
 * (Linux 6.18's 121). */
static const char *const ethnl_link_mode_names[ETHNL_LINK_MODE_NBITS] = {
	"10baseT/Half", "10baseT/Full", "100baseT/Half", "100baseT/Full",
	"1000baseT/Half", "1000baseT/Full", "Autoneg", "TP", "AUI", "MII",
	"FIBRE", "BNC", "10000baseT/Full", "Pause", "Asym_Pause",
	"2500baseX/Full", "Backplane", "1000baseKX/Full", "10000baseKX4/Full",
	"10000baseKR/Full", "10000baseR_FEC", "20000baseMLD2/Full",
	"20000baseKR2/Full", "40000baseKR4/Full", "40000baseCR4/Full",
	"40000baseSR4/Full", "40000baseLR4/Full", "56000baseKR4/Full",
	"56000baseCR4/Full", "56000baseSR4/Full", "56000baseLR4/Full",
	"25000baseCR/Full", "25000baseKR/Full", "25000baseSR/Full",
	"50000baseCR2/Full", "50000baseKR2/Full", "100000baseKR4/Full",
	"100000baseSR4/Full", "100000baseCR4/Full", "100000baseLR4_ER4/Full",
	"50000baseSR2/Full", "1000baseX/Full", "10000baseCR/Full",
	"10000baseSR/Full", "10000baseLR/Full", "10000baseLRM/Full",
	"10000baseER/Full", "2500baseT/Full", "5000baseT/Full", "None", "RS",
	"BASER", "50000baseKR/Full", "50000baseSR/Full", "50000baseCR/Full",
	"50000baseLR_ER_FR/Full", "50000baseDR/Full", "100000baseKR2/Full",
	"100000baseSR2/Full", "100000baseCR2/Full",
	"100000baseLR2_ER2_FR2/Full", "100000baseDR2/Full",
	"200000baseKR4/Full", "200000baseSR4/Full",
	"200000baseLR4_ER4_FR4/Full", "200000baseDR4/Full",
	"200000baseCR4/Full", "100baseT1/Full", "1000baseT1/Full",
	"400000baseKR8/Full", "400000baseSR8/Full",
	"400000baseLR8_ER8_FR8/Full", "400000baseDR8/Full",
	"400000baseCR8/Full", "LLRS", "100000baseKR/Full",
	"100000baseSR/Full", "100000baseLR_ER_FR/Full", "100000baseCR/Full",
	"100000baseDR/Full", "200000baseKR2/Full", "200000baseSR2/Full",
	"200000baseLR2_ER2_FR2/Full", "200000baseDR2/Full",
	"200000baseCR2/Full", "400000baseKR4/Full", "400000baseSR4/Full",
	"400000baseLR4_ER4_FR4/Full", "400000baseDR4/Full",
	"400000baseCR4/Full", "100baseFX/Half", "100baseFX/Full",
	"10baseT1L/Full", "800000baseCR8/Full", "800000baseKR8/Full",
	"800000baseDR8/Full", "800000baseDR8_2/Full", "800000baseSR8/Full",
	"800000baseVR8/Full", "10baseT1S/Full", "10baseT1S/Half",
	"10baseT1S_P2MP/Half", "10baseT1BRR/Full", "200000baseCR/Full",
	"200000baseKR/Full", "200000baseDR/Full", "200000baseDR_2/Full",
	"200000baseSR/Full", "200000baseVR/Full", "400000baseCR2/Full",
	"400000baseKR2/Full", "400000baseDR2/Full", "400000baseDR2_2/Full",
	"400000baseSR2/Full", "400000baseVR2/Full", "800000baseCR4/Full",
	"800000baseKR4/Full", "800000baseDR4/Full", "800000baseDR4_2/Full",
	"800000baseSR4/Full", "800000baseVR4/Full",
};

/* The modes that name no speed (port types, pause, FEC, autoneg):
 * ethnl_auto_linkmodes() leaves them alone. */
static bool ethnl_link_mode_has_speed(unsigned int bit)
{
	switch (bit) {
	case 6: case 7: case 8: case 9: case 10: case 11: case 13:
	case 14: case 16: case 49: case 50: case 51: case 74:
		return false;
	}
	return true;
}

/* ---- the messages ---- */

/* What one request answers: checked first (prepare_data), so that a
 * device without the op is refused before anything is written. */
struct ethnl_request_ops {
	uint8_t reply_cmd;
	/* the header's attribute (0: ETHNL_A_HEADER) */
	uint8_t hdr_attr;
	/* a do may name no device (STRSET_GET's global sets) */
	bool allow_nodev_do;
	/* parse_request(): the command's own attributes; NULL: none */
	int (*parse)(struct ethnl_req *req, const struct nlattr *const *tb,
		     struct unl_ext_ack *extack);
	int (*prepare)(const struct rtnl_link *l,
		       const struct rtnl_ethtool *et,
		       struct unl_ext_ack *extack);
	/* Whether a dump answers for the device, beyond prepare; NULL:
	 * every device prepare accepts. */
	bool (*dumps)(const struct rtnl_link *l,
		      const struct rtnl_ethtool *et,
		      const struct ethnl_req *req);
	/* l NULL: a do without a device */
	int (*fill)(struct unl_skb *skb, const struct rtnl_link *l,
		    const struct rtnl_ethtool *et, const struct ethnl_req *req);
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

/* LINKINFO: port, PHY address, MDI-X, its control and transceiver. */
static int ethnl_linkinfo_fill(struct unl_skb *skb, const struct rtnl_link *l,
			       const struct rtnl_ethtool *et,
			   const struct ethnl_req *req)
{
	struct rtnl_lsettings ls;

	(void)req, (void)et;
	rtnl_ethtool_ksettings_get(l, &ls);
	if (unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_PORT, ls.port) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_PHYADDR, ls.phy_address) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_TP_MDIX, ls.eth_tp_mdix) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_TP_MDIX_CTRL,
			   ls.eth_tp_mdix_ctrl) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKINFO_TRANSCEIVER,
			   ls.transceiver))
		return -EMSGSIZE;
	return 0;
}

static bool ethnl_modes_empty(const uint32_t *modes)
{
	for (unsigned int i = 0; i < RTNL_LINK_MODE_WORDS; i++)
		if (modes[i])
			return false;
	return true;
}

/* LINKMODES: autonegotiation, the advertised modes over the supported
 * ones, the peer's when it has any, speed and duplex, the lanes when
 * known, rate matching (no kind has master/slave settings). */
static int ethnl_linkmodes_fill(struct unl_skb *skb,
				const struct rtnl_link *l,
				const struct rtnl_ethtool *et,
			   const struct ethnl_req *req)
{
	bool compact = req->flags & ETHTOOL_FLAG_COMPACT_BITSETS;
	struct rtnl_lsettings ls;

	(void)et;
	rtnl_ethtool_ksettings_get(l, &ls);
	if (unl_nla_put_u8(skb, ETHTOOL_A_LINKMODES_AUTONEG, ls.autoneg) ||
	    ethnl_put_bitset32(skb, ETHTOOL_A_LINKMODES_OURS, ls.advertising,
			       ls.supported, ETHNL_LINK_MODE_NBITS,
			       ethnl_link_mode_names, compact))
		return -EMSGSIZE;
	if (!ethnl_modes_empty(ls.lp_advertising) &&
	    ethnl_put_bitset32(skb, ETHTOOL_A_LINKMODES_PEER,
			       ls.lp_advertising, NULL, ETHNL_LINK_MODE_NBITS,
			       ethnl_link_mode_names, compact))
		return -EMSGSIZE;
	if (unl_nla_put_u32(skb, ETHTOOL_A_LINKMODES_SPEED, ls.speed) ||
	    unl_nla_put_u8(skb, ETHTOOL_A_LINKMODES_DUPLEX, ls.duplex) ||
	    unl_nla_put_u8(skb, ETHNL_A_LINKMODES_RATE_MATCHING,
			   ls.rate_matching))
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
				const struct rtnl_ethtool *et,
			   const struct ethnl_req *req)
{
	(void)req;
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
			    const struct rtnl_ethtool *et,
			   const struct ethnl_req *req)
{
	uint32_t value = l->msglevel;

	(void)et;
	return ethnl_put_bitset32(skb, ETHTOOL_A_DEBUG_MSGMASK, &value, NULL,
				  ETHNL_MSG_CLASS_COUNT, ethnl_msg_class_names,
				  req->flags & ETHTOOL_FLAG_COMPACT_BITSETS);
}

static int ethnl_channels_prepare(const struct rtnl_link *l,
				  const struct rtnl_ethtool *et,
				  struct unl_ext_ack *extack)
{
	(void)l, (void)extack;
	return et && (et->channels || et->channels_combined) ? 0
							     : -EOPNOTSUPP;
}

/* CHANNELS: the queues the device has and uses (veth_get_channels()),
 * each pair only where the maximum is not 0. */
static int ethnl_channels_fill(struct unl_skb *skb, const struct rtnl_link *l,
			       const struct rtnl_ethtool *et,
			   const struct ethnl_req *req)
{
	uint32_t max_rx = 0, max_tx = 0, rx = 0, tx = 0, max_comb = 0, comb = 0;

	(void)req;
	if (et->channels)
		et->channels(l, &max_rx, &max_tx, &rx, &tx);
	if (et->channels_combined)
		et->channels_combined(l, &max_comb, &comb);
	if (max_rx &&
	    (unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_RX_MAX, max_rx) ||
	     unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_RX_COUNT, rx)))
		return -EMSGSIZE;
	if (max_tx &&
	    (unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_TX_MAX, max_tx) ||
	     unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_TX_COUNT, tx)))
		return -EMSGSIZE;
	if (max_comb &&
	    (unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_COMBINED_MAX, max_comb) ||
	     unl_nla_put_u32(skb, ETHTOOL_A_CHANNELS_COMBINED_COUNT, comb)))
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
			       const struct rtnl_ethtool *et,
			   const struct ethnl_req *req)
{
	struct rtnl_ethtool_features f;
	bool compact = req->flags & ETHTOOL_FLAG_COMPACT_BITSETS;
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

/* No kind of the model has the op: WOL, PRIVFLAGS, RINGS, PAUSE, EEE,
 * FEC, RSS, PLCA, MM, PHY, TSCONFIG. */
static int ethnl_none_prepare(const struct rtnl_link *l,
			      const struct rtnl_ethtool *et,
			      struct unl_ext_ack *extack)
{
	(void)l, (void)et, (void)extack;
	return -EOPNOTSUPP;
}

static int ethnl_none_fill(struct unl_skb *skb, const struct rtnl_link *l,
			   const struct rtnl_ethtool *et,
			   const struct ethnl_req *req)
{
	(void)skb, (void)l, (void)et, (void)req;
	return -EOPNOTSUPP;
}

/* PHC_VCLOCKS, MODULE: the header alone (no virtual clocks; no module
 * power mode to tell). */
static int ethnl_header_only_fill(struct unl_skb *skb,
				  const struct rtnl_link *l,
				  const struct rtnl_ethtool *et,
				  const struct ethnl_req *req)
{
	(void)skb, (void)l, (void)et, (void)req;
	return 0;
}

/* A PHY named: not found, PSE_GET's ENODEV, PLCA's EOPNOTSUPP. */
static int ethnl_pse_parse(struct ethnl_req *req,
			   const struct nlattr *const *tb,
			   struct unl_ext_ack *extack)
{
	(void)tb;
	return ethnl_req_phy(req, -ENODEV, extack);
}

static int ethnl_plca_parse(struct ethnl_req *req,
			    const struct nlattr *const *tb,
			    struct unl_ext_ack *extack)
{
	(void)tb;
	return ethnl_req_phy(req, -EOPNOTSUPP, extack);
}

/* pse_get_pse_attributes(): no PHY on a virtual device. */
static int ethnl_pse_prepare(const struct rtnl_link *l,
			     const struct rtnl_ethtool *et,
			     struct unl_ext_ack *extack)
{
	(void)l, (void)et;
	UNL_SET_ERR_MSG(extack, "No PHY found");
	return -EOPNOTSUPP;
}

/* tunnel_info: no device of the model has UDP tunnel port tables. */
static int ethnl_tunnel_info_prepare(const struct rtnl_link *l,
				     const struct rtnl_ethtool *et,
				     struct unl_ext_ack *extack)
{
	(void)l, (void)et;
	UNL_SET_ERR_MSG(extack, "device does not report tunnel offload info");
	return -EOPNOTSUPP;
}

/* ---- COALESCE (net/ethtool/coalesce.c) ---- */

static int ethnl_coalesce_prepare(const struct rtnl_link *l,
				  const struct rtnl_ethtool *et,
				  struct unl_ext_ack *extack)
{
	(void)l, (void)extack;
	return et && et->coalesce_rx_frames ? 0 : -EOPNOTSUPP;
}

/* Only the parameters the driver supports: tun's received frames per
 * batch (rx-frames). */
static int ethnl_coalesce_fill(struct unl_skb *skb, const struct rtnl_link *l,
			       const struct rtnl_ethtool *et,
			       const struct ethnl_req *req)
{
	(void)req;
	return unl_nla_put_u32(skb, ETHTOOL_A_COALESCE_RX_MAX_FRAMES,
			       et->coalesce_rx_frames(l));
}

/* ---- TSINFO (net/ethtool/tsinfo.c) ---- */

/* __SOF_TIMESTAMPING_CNT of Linux 6.18, and the names of the bits a
 * software-only device sets. */
#define ETHNL_SOF_TIMESTAMPING_COUNT 19
#define ETHNL_A_TSINFO_STATS 6
#define ETHNL_A_TSINFO_HWTSTAMP_PROVIDER 7
#define ETHNL_A_TS_HWTSTAMP_PROVIDER_INDEX 1
#define ETHNL_A_TS_HWTSTAMP_PROVIDER_QUALIFIER 2
static const char *const ethnl_sof_names[ETHNL_SOF_TIMESTAMPING_COUNT] = {
	[1] = "software-transmit",
	[3] = "software-receive",
	[4] = "software-system-clock",
};

/* A dump walks the timestamp providers: a device without get_ts_info
 * has none, and none has a hardware one. */
static bool ethnl_tsinfo_dumps(const struct rtnl_link *l,
			       const struct rtnl_ethtool *et,
			       const struct ethnl_req *req)
{
	(void)l;
	return !req->hwprov && et && (et->ts_info || et->ts_info_lower);
}

static const struct unl_nla_policy ethnl_hwtst_provider_policy[] = {
	[ETHNL_A_TS_HWTSTAMP_PROVIDER_INDEX] = { .type = UNL_NLA_U32 },
	[ETHNL_A_TS_HWTSTAMP_PROVIDER_QUALIFIER] =
		UNL_NLA_POLICY_MAX(UNL_NLA_U32, 1),
};

/* tsinfo_parse_request(): a provider names its clock and qualifier;
 * no device of the model has one (ENODEV). */
static int ethnl_tsinfo_parse(struct ethnl_req *req,
			      const struct nlattr *const *tb,
			      struct unl_ext_ack *extack)
{
	const struct nlattr *nest = tb[ETHNL_A_TSINFO_HWTSTAMP_PROVIDER];
	const struct nlattr *pt[ETHNL_A_TS_HWTSTAMP_PROVIDER_QUALIFIER + 1];
	int err;

	if (!nest)
		return 0;
	err = unl_nla_parse_nested(pt, ETHNL_A_TS_HWTSTAMP_PROVIDER_QUALIFIER,
				   nest, ethnl_hwtst_provider_policy,
				   UNL_VALIDATE_STRICT, extack);
	if (err)
		return err;
	for (int a = ETHNL_A_TS_HWTSTAMP_PROVIDER_INDEX;
	     a <= ETHNL_A_TS_HWTSTAMP_PROVIDER_QUALIFIER; a++)
		if (!pt[a]) {
			UNL_SET_ERR_ATTR_MISS(extack, nest, a);
			return -EINVAL;
		}
	req->hwprov = true;
	return req->dev ? -ENODEV : 0;
}

/* The stamps (no transmit types, receive filters or clock: those are
 * left out), and with ETHTOOL_FLAG_STATS an empty statistics nest. */
static int ethnl_tsinfo_fill(struct unl_skb *skb, const struct rtnl_link *l,
			     const struct rtnl_ethtool *et,
			     const struct ethnl_req *req)
{
	uint32_t so = rtnl_ethtool_ts_info(l);
	struct nlattr *stats;

	(void)et;
	if (ethnl_put_bitset32(skb, ETHTOOL_A_TSINFO_TIMESTAMPING, &so, NULL,
			       ETHNL_SOF_TIMESTAMPING_COUNT, ethnl_sof_names,
			       req->flags & ETHTOOL_FLAG_COMPACT_BITSETS))
		return -EMSGSIZE;
	if (!(req->flags & ETHTOOL_FLAG_STATS))
		return 0;
	stats = unl_nla_nest_start(skb, ETHNL_A_TSINFO_STATS);
	if (!stats)
		return -EMSGSIZE;
	unl_nla_nest_end(skb, stats);
	return 0;
}

/* ---- MODULE_EEPROM (net/ethtool/eeprom.c) ---- */

/* ETH_MODULE_EEPROM_PAGE_LEN */
#define ETHNL_EEPROM_PAGE_LEN 128

/* eeprom_parse_request(): where to read, within one page. */
static int ethnl_eeprom_parse(struct ethnl_req *req,
			      const struct nlattr *const *tb,
			      struct unl_ext_ack *extack)
{
	uint32_t offset, length;

	(void)req;
	if (!tb[ETHTOOL_A_MODULE_EEPROM_OFFSET] ||
	    !tb[ETHTOOL_A_MODULE_EEPROM_LENGTH] ||
	    !tb[ETHTOOL_A_MODULE_EEPROM_PAGE] ||
	    !tb[ETHTOOL_A_MODULE_EEPROM_I2C_ADDRESS])
		return -EINVAL;
	offset = unl_nla_get_u32(tb[ETHTOOL_A_MODULE_EEPROM_OFFSET]);
	length = unl_nla_get_u32(tb[ETHTOOL_A_MODULE_EEPROM_LENGTH]);
	if (unl_nla_get_u8(tb[ETHTOOL_A_MODULE_EEPROM_PAGE]) &&
	    offset < ETHNL_EEPROM_PAGE_LEN) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[ETHTOOL_A_MODULE_EEPROM_PAGE],
				     "reading from lower half page is allowed for page 0 only");
		return -EINVAL;
	}
	if (offset < ETHNL_EEPROM_PAGE_LEN &&
	    offset + length > ETHNL_EEPROM_PAGE_LEN) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[ETHTOOL_A_MODULE_EEPROM_LENGTH],
				     "reading cross half page boundary is illegal");
		return -EINVAL;
	}
	if (offset + length > ETHNL_EEPROM_PAGE_LEN * 2) {
		UNL_SET_ERR_MSG_ATTR(extack, tb[ETHTOOL_A_MODULE_EEPROM_LENGTH],
				     "reading cross page boundary is illegal");
		return -EINVAL;
	}
	return 0;
}

/* ---- STATS (net/ethtool/stats.c) ---- */

/* __ETHTOOL_STATS_CNT of Linux 6.18 (with "phy"), the groups' string
 * sets (ETH_SS_STATS_ETH_PHY...). */
#define ETHNL_STATS_GROUPS 5
#define ETHNL_SS_STATS_ETH_PHY 17
#define ETHNL_A_STATS_SRC 5
static const char *const ethnl_stats_group_names[ETHNL_STATS_GROUPS] = {
	"eth-phy", "eth-mac", "eth-ctrl", "rmon", "phydev",
};

/* The counters' names of each group (stats_eth_phy_names...): string
 * sets ETH_SS_STATS_ETH_PHY to ETH_SS_STATS_RMON. */
static const char *const ethnl_stats_eth_phy_names[] = {
	"SymbolErrorDuringCarrier",
};
static const char *const ethnl_stats_eth_mac_names[] = {
	"FramesTransmittedOK", "SingleCollisionFrames",
	"MultipleCollisionFrames", "FramesReceivedOK",
	"FrameCheckSequenceErrors", "AlignmentErrors",
	"OctetsTransmittedOK", "FramesWithDeferredXmissions",
	"LateCollisions", "FramesAbortedDueToXSColls",
	"FramesLostDueToIntMACXmitError", "CarrierSenseErrors",
	"OctetsReceivedOK", "FramesLostDueToIntMACRcvError",
	"MulticastFramesXmittedOK", "BroadcastFramesXmittedOK",
	"FramesWithExcessiveDeferral", "MulticastFramesReceivedOK",
	"BroadcastFramesReceivedOK", "InRangeLengthErrors",
	"OutOfRangeLengthField", "FrameTooLongErrors",
};
static const char *const ethnl_stats_eth_ctrl_names[] = {
	"MACControlFramesTransmitted", "MACControlFramesReceived",
	"UnsupportedOpcodesReceived",
};
static const char *const ethnl_stats_rmon_names[] = {
	"etherStatsUndersizePkts", "etherStatsOversizePkts",
	"etherStatsFragments", "etherStatsJabbers",
};

/* stats_parse_request(): the groups asked for, at least one. */
static int ethnl_stats_parse(struct ethnl_req *req,
			     const struct nlattr *const *tb,
			     struct unl_ext_ack *extack)
{
	uint64_t val = 0, mask = 0;
	int err = 0;

	if (tb[ETHTOOL_A_STATS_GROUPS])
		err = ethnl_parse_bitset64(&val, &mask, ETHNL_STATS_GROUPS,
					   tb[ETHTOOL_A_STATS_GROUPS],
					   ethnl_stats_group_names, extack);
	if (err)
		return err;
	req->strsets = (uint32_t)(val & mask);
	if (tb[ETHNL_A_STATS_SRC])
		req->src = unl_nla_get_u32(tb[ETHNL_A_STATS_SRC]);
	if (!req->strsets) {
		UNL_SET_ERR_MSG(extack, "no stats requested");
		return -EINVAL;
	}
	return 0;
}

/* The source, then each group asked for, with no counter a virtual
 * device keeps. */
static int ethnl_stats_fill(struct unl_skb *skb, const struct rtnl_link *l,
			    const struct rtnl_ethtool *et,
			    const struct ethnl_req *req)
{
	(void)l, (void)et;
	if (unl_nla_put_u32(skb, ETHNL_A_STATS_SRC, req->src))
		return -EMSGSIZE;
	for (uint32_t id = 0; id < ETHNL_STATS_GROUPS; id++) {
		struct nlattr *grp;

		if (!(req->strsets & (UINT32_C(1) << id)))
			continue;
		grp = unl_nla_nest_start(skb, ETHTOOL_A_STATS_GRP);
		if (!grp || unl_nla_put_u32(skb, ETHTOOL_A_STATS_GRP_ID, id) ||
		    unl_nla_put_u32(skb, ETHTOOL_A_STATS_GRP_SS_ID,
				    ETHNL_SS_STATS_ETH_PHY + id))
			return -EMSGSIZE;
		unl_nla_nest_end(skb, grp);
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

/* The global string sets as Linux 6.18 has them (ETH_SS_STATS_PHY and
 * ETH_SS_TS_FLAGS came after the system's headers); the per-device
 * ones are the kind's. */
#define ETHNL_SS_STATS_PHY 21
#define ETHNL_SS_TS_FLAGS 22
#define ETHNL_SS_COUNT 23

static const char *const ethnl_rss_hash_func_names[] = {
	"toeplitz", "xor", "crc32",
};
static const char *const ethnl_tunable_names[] = {
	"Unspec", "rx-copybreak", "tx-copybreak", "pfc-prevention-tout",
	"tx-copybreak-buf-size",
};
static const char *const ethnl_phy_tunable_names[] = {
	"Unspec", "phy-downshift", "phy-fast-link-down",
	"phy-energy-detect-power-down",
};
static const char *const ethnl_wol_mode_names[] = {
	"phy", "ucast", "mcast", "bcast", "arp", "magic", "magicsecure",
	"filter",
};
static const char *const ethnl_sof_timestamping_names[] = {
	"hardware-transmit", "software-transmit", "hardware-receive",
	"software-receive", "software-system-clock", "hardware-legacy-clock",
	"hardware-raw-clock", "option-id", "sched-transmit", "ack-transmit",
	"option-cmsg", "option-tsonly", "option-stats", "option-pktinfo",
	"option-tx-swhw", "bind-phc", "option-id-tcp", "option-rx-filter",
	"tx-completion",
};
static const char *const ethnl_ts_tx_type_names[] = {
	"off", "on", "onestep-sync", "onestep-p2p",
};
static const char *const ethnl_ts_rx_filter_names[] = {
	"none", "all", "some", "ptpv1-l4-event", "ptpv1-l4-sync",
	"ptpv1-l4-delay-req", "ptpv2-l4-event", "ptpv2-l4-sync",
	"ptpv2-l4-delay-req", "ptpv2-l2-event", "ptpv2-l2-sync",
	"ptpv2-l2-delay-req", "ptpv2-event", "ptpv2-sync", "ptpv2-delay-req",
	"ntp-all",
};
static const char *const ethnl_udp_tunnel_type_names[] = {
	"vxlan", "geneve", "vxlan-gpe",
};
static const char *const ethnl_stats_phy_names[] = {
	"RxFrames", "RxOctets", "RxErrors", "TxFrames", "TxOctets", "TxErrors",
};
static const char *const ethnl_ts_flag_names[] = {
	"bonded-phc-index",
};

struct ethnl_strset {
	const char *const *names;
	uint32_t count;
};

#define ETHNL_SET(names) { names, sizeof(names) / sizeof(names[0]) }
static const struct ethnl_strset ethnl_strsets[ETHNL_SS_COUNT] = {
	[ETH_SS_FEATURES] = { ethnl_feature_names, ETHNL_FEATURE_COUNT },
	[ETH_SS_MSG_CLASSES] = { ethnl_msg_class_names,
				 ETHNL_MSG_CLASS_COUNT },
	[ETH_SS_STATS_STD] = { ethnl_stats_group_names, ETHNL_STATS_GROUPS },
	[ETH_SS_STATS_ETH_PHY] = { ethnl_stats_eth_phy_names, 1 },
	[ETH_SS_STATS_ETH_MAC] = { ethnl_stats_eth_mac_names, 22 },
	[ETH_SS_STATS_ETH_CTRL] = { ethnl_stats_eth_ctrl_names, 3 },
	[ETH_SS_STATS_RMON] = { ethnl_stats_rmon_names, 4 },
	[ETH_SS_RSS_HASH_FUNCS] = ETHNL_SET(ethnl_rss_hash_func_names),
	[ETH_SS_TUNABLES] = ETHNL_SET(ethnl_tunable_names),
	[ETH_SS_PHY_TUNABLES] = ETHNL_SET(ethnl_phy_tunable_names),
	[ETH_SS_LINK_MODES] = { ethnl_link_mode_names, ETHNL_LINK_MODE_NBITS },
	[ETH_SS_WOL_MODES] = ETHNL_SET(ethnl_wol_mode_names),
	[ETH_SS_SOF_TIMESTAMPING] = ETHNL_SET(ethnl_sof_timestamping_names),
	[ETH_SS_TS_TX_TYPES] = ETHNL_SET(ethnl_ts_tx_type_names),
	[ETH_SS_TS_RX_FILTERS] = ETHNL_SET(ethnl_ts_rx_filter_names),
	[ETH_SS_UDP_TUNNEL_TYPES] = ETHNL_SET(ethnl_udp_tunnel_type_names),
	[ETHNL_SS_STATS_PHY] = ETHNL_SET(ethnl_stats_phy_names),
	[ETHNL_SS_TS_FLAGS] = ETHNL_SET(ethnl_ts_flag_names),
};

static bool ethnl_strset_per_dev(uint32_t id)
{
	return id == ETH_SS_TEST || id == ETH_SS_STATS ||
	       id == ETH_SS_PRIV_FLAGS || id == ETH_SS_PHY_STATS;
}

/* The strings of one set, by index: a global set's, or the device's
 * statistics' names (ETH_GSTRING_LEN each). */
static const char *ethnl_strset_string(const struct rtnl_link *l,
				       uint32_t id, uint32_t i,
				       char name[ETH_GSTRING_LEN])
{
	if (!ethnl_strset_per_dev(id))
		return ethnl_strsets[id].names[i];
	l->ops->ethtool->stat_string(l, i, name);
	return name;
}

/* __ethtool_get_sset_count(): a per-device set's length; 0 where the
 * driver counts none. */
static uint32_t ethnl_strset_count(const struct rtnl_link *l, uint32_t id)
{
	const struct rtnl_ethtool *et = l ? l->ops->ethtool : NULL;

	if (!ethnl_strset_per_dev(id))
		return ethnl_strsets[id].count;
	if (id != ETH_SS_STATS || !et || !et->n_stats || !et->stat_string)
		return 0;
	return et->n_stats(l);
}

/* strset_fill_set(): a set without strings is left out. */
static int ethnl_put_strset(struct unl_skb *skb, const struct rtnl_link *l,
			    uint32_t id, bool counts_only)
{
	uint32_t count = ethnl_strset_count(l, id);
	struct nlattr *nest, *strings;
	char name[ETH_GSTRING_LEN];

	if (!count)
		return 0;
	nest = unl_nla_nest_start(skb, ETHTOOL_A_STRINGSETS_STRINGSET);
	if (!nest || unl_nla_put_u32(skb, ETHTOOL_A_STRINGSET_ID, id) ||
	    unl_nla_put_u32(skb, ETHTOOL_A_STRINGSET_COUNT, count))
		return -EMSGSIZE;
	if (!counts_only) {
		strings = unl_nla_nest_start(skb, ETHTOOL_A_STRINGSET_STRINGS);
		if (!strings)
			return -EMSGSIZE;
		for (uint32_t i = 0; i < count; i++) {
			struct nlattr *one = unl_nla_nest_start(
				skb, ETHTOOL_A_STRINGS_STRING);

			if (!one ||
			    unl_nla_put_u32(skb, ETHTOOL_A_STRING_INDEX, i) ||
			    unl_nla_put_string(
				    skb, ETHTOOL_A_STRING_VALUE,
				    ethnl_strset_string(l, id, i, name)))
				return -EMSGSIZE;
			unl_nla_nest_end(skb, one);
		}
		unl_nla_nest_end(skb, strings);
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

/* strset_parse_request(): a bit per set id named, none for "all". */
static int ethnl_strset_parse(struct ethnl_req *req,
			      const struct nlattr *const *tb,
			      struct unl_ext_ack *extack)
{
	const struct nlattr *sets = tb[ETHTOOL_A_STRSET_STRINGSETS];
	const struct nlattr *st[ETHTOOL_A_STRINGSETS_STRINGSET + 1];
	const struct nlattr *a;
	int rem, err;

	req->counts_only = tb[ETHTOOL_A_STRSET_COUNTS_ONLY];
	err = ethnl_req_phy(req, -ENODEV, extack);
	if (err || !sets)
		return err;
	err = unl_nla_parse_nested(st, ETHTOOL_A_STRINGSETS_STRINGSET, sets,
				   ethnl_stringsets_policy, UNL_VALIDATE_STRICT,
				   extack);
	if (err)
		return err;
	unl_nla_for_each_nested(a, sets, rem) {
		const struct nlattr *t[ETHTOOL_A_STRINGSET_ID + 1];
		uint32_t id;

		err = unl_nla_parse_nested(t, ETHTOOL_A_STRINGSET_ID, a,
					   ethnl_stringset_policy,
					   UNL_VALIDATE_STRICT, extack);
		if (err)
			return err;
		if (!t[ETHTOOL_A_STRINGSET_ID])
			return -EINVAL;
		id = unl_nla_get_u32(t[ETHTOOL_A_STRINGSET_ID]);
		if (id >= ETHNL_SS_COUNT) {
			UNL_SET_ERR_MSG_ATTR(extack, a,
					     "unknown string set id");
			return -EOPNOTSUPP;
		}
		if (ethnl_strset_per_dev(id) && !req->dev) {
			UNL_SET_ERR_MSG(extack,
					"requested per device strings without dev");
			return -EINVAL;
		}
		if (!ethnl_strset_per_dev(id) && !ethnl_strsets[id].names)
			return -EOPNOTSUPP;
		req->strsets |= UINT32_C(1) << id;
	}
	return 0;
}

/* strset_include(): the sets named, else the device's own sets (with
 * a device) or the global ones. */
static bool ethnl_strset_included(const struct ethnl_req *req, uint32_t id,
				  bool have_dev)
{
	if (req->strsets)
		return req->strsets & (UINT32_C(1) << id);
	if (ethnl_strset_per_dev(id))
		return have_dev;
	return !have_dev && ethnl_strsets[id].names;
}

static int ethnl_strset_fill(struct unl_skb *skb, const struct rtnl_link *l,
			     const struct rtnl_ethtool *et,
			     const struct ethnl_req *req)
{
	struct nlattr *sets = unl_nla_nest_start(skb,
						 ETHTOOL_A_STRSET_STRINGSETS);
	int err = sets ? 0 : -EMSGSIZE;

	(void)et;
	for (uint32_t id = 0; !err && id < ETHNL_SS_COUNT; id++)
		if (ethnl_strset_included(req, id, l))
			err = ethnl_put_strset(skb, l, id, req->counts_only);
	if (err)
		return err;
	unl_nla_nest_end(skb, sets);
	return 0;
}

#define REQ(c, pre, fil)                                                   \
	[ETHTOOL_MSG_##c##_GET] = { .reply_cmd = ETHTOOL_MSG_##c##_GET_REPLY, \
				    .prepare = pre, .fill = fil }
#define NONE(c) REQ(c, ethnl_none_prepare, ethnl_none_fill)

/* Command numbers newer than the system's header. */
#define ETHNL_MSG_PSE_GET 36
#define ETHNL_MSG_PSE_GET_REPLY 37
#define ETHNL_MSG_RSS_GET 38
#define ETHNL_MSG_RSS_GET_REPLY 38
#define ETHNL_MSG_PLCA_GET_CFG 39
#define ETHNL_MSG_PLCA_GET_STATUS 41
#define ETHNL_MSG_MM_GET 42
#define ETHNL_MSG_PHY_GET 45
#define ETHNL_MSG_TSCONFIG_GET 46

/* By request command (ethnl_default_requests[]); every prepare runs
 * only after the header named a device. */
static const struct ethnl_request_ops ethnl_requests[ETHNL_CMD_MAX + 1] = {
	[ETHTOOL_MSG_STRSET_GET] = { .reply_cmd = ETHTOOL_MSG_STRSET_GET_REPLY,
				     .allow_nodev_do = true,
				     .parse = ethnl_strset_parse,
				     .prepare = ethnl_always_prepare,
				     .fill = ethnl_strset_fill },
	REQ(LINKINFO, ethnl_ksettings_prepare, ethnl_linkinfo_fill),
	REQ(LINKMODES, ethnl_ksettings_prepare, ethnl_linkmodes_fill),
	REQ(LINKSTATE, ethnl_always_prepare, ethnl_linkstate_fill),
	REQ(DEBUG, ethnl_debug_prepare, ethnl_debug_fill),
	NONE(WOL),
	REQ(FEATURES, ethnl_features_prepare, ethnl_features_fill),
	NONE(PRIVFLAGS),
	NONE(RINGS),
	REQ(CHANNELS, ethnl_channels_prepare, ethnl_channels_fill),
	REQ(COALESCE, ethnl_coalesce_prepare, ethnl_coalesce_fill),
	NONE(PAUSE),
	NONE(EEE),
	[ETHTOOL_MSG_TSINFO_GET] = { .reply_cmd = ETHTOOL_MSG_TSINFO_GET_REPLY,
				     .parse = ethnl_tsinfo_parse,
				     .prepare = ethnl_always_prepare,
				     .dumps = ethnl_tsinfo_dumps,
				     .fill = ethnl_tsinfo_fill },
	REQ(TUNNEL_INFO, ethnl_tunnel_info_prepare, ethnl_none_fill),
	NONE(FEC),
	[ETHTOOL_MSG_MODULE_EEPROM_GET] = {
		.reply_cmd = ETHTOOL_MSG_MODULE_EEPROM_GET_REPLY,
		.parse = ethnl_eeprom_parse, .prepare = ethnl_none_prepare,
		.fill = ethnl_none_fill },
	[ETHTOOL_MSG_STATS_GET] = { .reply_cmd = ETHTOOL_MSG_STATS_GET_REPLY,
				    .hdr_attr = ETHTOOL_A_STATS_HEADER,
				    .parse = ethnl_stats_parse,
				    .prepare = ethnl_always_prepare,
				    .fill = ethnl_stats_fill },
	REQ(PHC_VCLOCKS, ethnl_always_prepare, ethnl_header_only_fill),
	REQ(MODULE, ethnl_always_prepare, ethnl_header_only_fill),
	[ETHNL_MSG_PSE_GET] = { .reply_cmd = ETHNL_MSG_PSE_GET_REPLY,
				.parse = ethnl_pse_parse,
				.prepare = ethnl_pse_prepare,
				.fill = ethnl_none_fill },
	[ETHNL_MSG_RSS_GET] = { .reply_cmd = ETHNL_MSG_RSS_GET_REPLY,
				.prepare = ethnl_none_prepare,
				.fill = ethnl_none_fill },
	[ETHNL_MSG_PLCA_GET_CFG] = { .reply_cmd = ETHNL_MSG_PLCA_GET_CFG,
				     .parse = ethnl_plca_parse,
				     .prepare = ethnl_none_prepare,
				     .fill = ethnl_none_fill },
	[ETHNL_MSG_PLCA_GET_STATUS] = { .reply_cmd = ETHNL_MSG_PLCA_GET_STATUS,
					.parse = ethnl_plca_parse,
					.prepare = ethnl_none_prepare,
					.fill = ethnl_none_fill },
	[ETHNL_MSG_MM_GET] = { .reply_cmd = ETHNL_MSG_MM_GET,
			       .prepare = ethnl_none_prepare,
			       .fill = ethnl_none_fill },
	[ETHNL_MSG_PHY_GET] = { .reply_cmd = ETHNL_MSG_PHY_GET,
				.prepare = ethnl_none_prepare,
				.fill = ethnl_none_fill },
	[ETHNL_MSG_TSCONFIG_GET] = { .reply_cmd = ETHNL_MSG_TSCONFIG_GET,
				     .prepare = ethnl_none_prepare,
				     .fill = ethnl_none_fill },
};

static const struct ethnl_request_ops *ethnl_request_of(uint8_t cmd)
{
	if (cmd > ETHNL_CMD_MAX || !ethnl_requests[cmd].fill)
		return NULL;
	return &ethnl_requests[cmd];
}

static int ethnl_hdr_attr(const struct ethnl_request_ops *ops)
{
	return ops->hdr_attr ? ops->hdr_attr : ETHNL_A_HEADER;
}

/* One reply message, for l or (NULL) for no device; -EOPNOTSUPP
 * (nothing written) for a device without the op. */
static int ethnl_fill_one(struct unl_skb *skb, const struct ethnl_request_ops *ops,
			  const struct unl_genl_family *family,
			  const struct rtnl_link *l, uint32_t portid,
			  uint32_t seq, int nlflags, const struct ethnl_req *req)
{
	const struct rtnl_ethtool *et = l ? l->ops->ethtool : NULL;
	void *hdr = unl_genlmsg_put(skb, portid, seq, family, nlflags,
				    ops->reply_cmd);
	int err = 0;

	if (!hdr)
		return -EMSGSIZE;
	if (l)
		err = ethnl_fill_reply_header(skb, l, ethnl_hdr_attr(ops));
	if (!err)
		err = ops->fill(skb, l, et, req);
	if (err) {
		unl_genlmsg_cancel(skb, hdr);
		return err;
	}
	unl_genlmsg_end(skb, hdr);
	return 0;
}

/* ethnl_default_parse(): the header, then the command's own. */
static int ethnl_default_parse(struct rtnl_net *rn,
			       const struct ethnl_request_ops *ops,
			       const struct nlattr *const *tb,
			       bool require_dev, struct ethnl_req *req,
			       struct unl_ext_ack *extack)
{
	int err = ethnl_parse_header(rn, tb[ethnl_hdr_attr(ops)], require_dev,
				     req, extack);

	if (!err && ops->parse)
		err = ops->parse(req, tb, extack);
	return err;
}

/* Room for the longest reply: the features' four bitsets by name. */
#define ETHNL_REPLY_SIZE 32768

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
	if (!info->attrs[ethnl_hdr_attr(ops)]) {
		UNL_SET_ERR_ATTR_MISS(info->extack, NULL, ethnl_hdr_attr(ops));
		return -EINVAL;
	}
	err = ethnl_default_parse(rn, ops, info->attrs, !ops->allow_nodev_do,
				  &req, info->extack);
	if (!err && req.dev)
		err = ops->prepare(req.dev, req.dev->ops->ethtool,
				   info->extack);
	if (err)
		return err;
	rskb = unl_genlmsg_new(ETHNL_REPLY_SIZE);
	if (!rskb)
		return -ENOMEM;
	err = ethnl_fill_one(rskb, ops, info->family, req.dev,
			     info->snd_portid, info->snd_seq, 0, &req);
	if (err) {
		unl_skb_free(rskb);
		return err;
	}
	return unl_genlmsg_reply(rskb, info);
}

/* ethnl_default_dumpit(): every device that supports the request, in
 * ifindex order; args[0] is the last one written, the request's
 * parsed attributes in the dump's context. */
struct ethnl_dump_ctx {
	struct ethnl_req req;
};

static int ethnl_default_start(struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	const struct ethnl_request_ops *ops =
		ethnl_request_of(info->genlhdr->cmd);
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct ethnl_req req;
	int err;

	if (!rn || !ops)
		return -EOPNOTSUPP;
	/* A device named in a dump's header is looked up, then ignored. */
	err = ethnl_default_parse(rn, ops, info->attrs, false, &req,
				  info->extack);
	if (err)
		return err;
	cb->args[0] = 0;
	cb->args[1] = (long)req.flags;
	cb->args[2] = (long)req.strsets;
	cb->args[3] = req.counts_only;
	cb->args[4] = (long)req.src;
	cb->args[5] = req.hwprov;
	return 0;
}

static int ethnl_default_dumpit(struct unl_skb *skb, struct unl_callback *cb)
{
	const struct unl_genl_info *info = unl_genl_dumpit_info(cb);
	const struct ethnl_request_ops *ops =
		ethnl_request_of(info->genlhdr->cmd);
	struct rtnl_net *rn = rtnl_net_of(info->net);
	struct ethnl_req req = {
		.flags = (uint32_t)cb->args[1],
		.strsets = (uint32_t)cb->args[2],
		.counts_only = cb->args[3],
		.src = (uint32_t)cb->args[4],
		.hwprov = cb->args[5],
	};

	for (struct rtnl_link *l = rn->links; l; l = l->next) {
		const struct rtnl_ethtool *et = l->ops->ethtool;
		int err;

		if (l->ifindex <= cb->args[0])
			continue;
		req.dev = l;
		if (ops->prepare(l, et, NULL) == 0 &&
		    (!ops->dumps || ops->dumps(l, et, &req))) {
			err = ethnl_fill_one(skb, ops, info->family, l,
					     unl_skb_cb(cb->skb)->portid,
					     cb->nlh->nlmsg_seq, NLM_F_MULTI,
					     &req);
			if (err == -EMSGSIZE && unl_skb_len(skb))
				return (int)unl_skb_len(skb);
			if (err && err != -EOPNOTSUPP)
				return err;
		}
		cb->args[0] = l->ifindex;
	}
	return 0;
}

/* ---- FEATURES_SET (net/ethtool/features.c) ---- */

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
	if (!hdr || ethnl_fill_reply_header(rskb, l, ETHNL_A_HEADER) ||
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
	/* ethnl_set_features(): what is wanted, before the device */
	if (!info->attrs[ETHTOOL_A_FEATURES_WANTED])
		return -EINVAL;
	err = ethnl_parse_header(rn, info->attrs[ETHTOOL_A_FEATURES_HEADER],
				 true, &r, info->extack);
	if (err)
		return err;
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
	struct ethnl_req req = { .dev = l,
				 .flags = ETHTOOL_FLAG_COMPACT_BITSETS };
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
	if (ethnl_fill_one(skb, &ntf, family, l, 0, ++*seq, 0, &req)) {
		unl_skb_free(skb);
		return;
	}
	unl_genlmsg_multicast_netns(family, rn->net, skb, 0, 0);
}

void rtnl_ethnl_notify_debug(struct rtnl_link *l)
{
	ethnl_notify(l->rn, l, ETHTOOL_MSG_DEBUG_GET, ETHTOOL_MSG_DEBUG_NTF);
}

void rtnl_ethnl_notify_ksettings(struct rtnl_link *l)
{
	ethnl_notify(l->rn, l, ETHTOOL_MSG_LINKINFO_GET,
		     ETHTOOL_MSG_LINKINFO_NTF);
	ethnl_notify(l->rn, l, ETHTOOL_MSG_LINKMODES_GET,
		     ETHTOOL_MSG_LINKMODES_NTF);
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
	err = ethnl_set_dev(info, &r);
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
	err = ethnl_set_dev(info, &r);
	return err ? err : -EOPNOTSUPP;
}

/* ---- CHANNELS_SET (net/ethtool/channels.c) ---- */

/* ethnl_update_u8() */
static void ethnl_update_u8(uint32_t *v, const struct nlattr *a, bool *mod)
{
	if (a && unl_nla_get_u8(a) != *v) {
		*v = unl_nla_get_u8(a);
		*mod = true;
	}
}

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
	err = ethnl_set_dev(info, &r);
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

/* ---- the SETs and ACTs no kind of the model has an op for ---- */

/* WOL, PAUSE, EEE, FEC, MM, TSCONFIG, PLCA, cable tests, RSS contexts:
 * the device named, then refused as its driver has no op. */
static int ethnl_set_refuse_doit(struct unl_skb *skb,
				 struct unl_genl_info *info)
{
	struct ethnl_req r;
	int err = ethnl_set_dev(info, &r);

	(void)skb;
	if (!err)
		err = ethnl_req_phy(&r, -EOPNOTSUPP, info->extack);
	return err ? err : -EOPNOTSUPP;
}

/* Cable tests, RSS contexts: the same for an ACT. */
static int ethnl_act_refuse_doit(struct unl_skb *skb,
				 struct unl_genl_info *info)
{
	struct ethnl_req r;
	int err = ethnl_act_dev(info, &r);

	(void)skb;
	if (!err)
		err = ethnl_req_phy(&r, -EOPNOTSUPP, info->extack);
	return err ? err : -EOPNOTSUPP;
}

/* ethnl_set_linkinfo(): the port, PHY address and MDI-X control a
 * driver with set_link_ksettings (tun) keeps, a change announced. */
static int ethnl_linkinfo_set_doit(struct unl_skb *skb,
				   struct unl_genl_info *info)
{
	const struct rtnl_ethtool *et;
	uint32_t speed, v[3];
	uint8_t duplex, port, phyaddr = 0, mdix = ETH_TP_MDI_INVALID;
	bool mod = false;
	struct ethnl_req r;
	int err = ethnl_set_dev(info, &r);

	(void)skb;
	if (err)
		return err;
	et = r.dev->ops->ethtool;
	if (!et || !et->ksettings || !et->set_linkinfo)
		return -EOPNOTSUPP;
	et->ksettings(r.dev, &speed, &duplex, &port);
	if (et->linkinfo)
		et->linkinfo(r.dev, &phyaddr, &mdix);
	v[0] = port, v[1] = phyaddr, v[2] = mdix;
	ethnl_update_u8(&v[0], info->attrs[ETHTOOL_A_LINKINFO_PORT], &mod);
	ethnl_update_u8(&v[1], info->attrs[ETHTOOL_A_LINKINFO_PHYADDR], &mod);
	ethnl_update_u8(&v[2], info->attrs[ETHTOOL_A_LINKINFO_TP_MDIX_CTRL],
			&mod);
	if (!mod)
		return 0;
	et->set_linkinfo(r.dev, (uint8_t)v[0], (uint8_t)v[1], (uint8_t)v[2]);
	ethnl_notify(r.dev->rn, r.dev, ETHTOOL_MSG_LINKINFO_GET,
		     ETHTOOL_MSG_LINKINFO_NTF);
	return 0;
}

/* ethnl_check_linkmodes(): the values, before the device. */
static int ethnl_linkmodes_check(struct unl_genl_info *info)
{
	const struct nlattr *ms = info->attrs[ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG];
	const struct nlattr *lanes = info->attrs[ETHTOOL_A_LINKMODES_LANES];
	uint8_t cfg = ms ? unl_nla_get_u8(ms) : 0;

	if (ms && cfg != MASTER_SLAVE_CFG_MASTER_PREFERRED &&
	    cfg != MASTER_SLAVE_CFG_SLAVE_PREFERRED &&
	    cfg != MASTER_SLAVE_CFG_MASTER_FORCE &&
	    cfg != MASTER_SLAVE_CFG_SLAVE_FORCE) {
		UNL_SET_ERR_MSG_ATTR(info->extack, ms,
				     "master/slave value is invalid");
		return -EOPNOTSUPP;
	}
	if (lanes) {
		uint32_t n = unl_nla_get_u32(lanes);

		if (n & (n - 1)) {
			UNL_SET_ERR_MSG_ATTR(info->extack, lanes,
					     "lanes value is invalid");
			return -EINVAL;
		}
	}
	return 0;
}

/* link_mode_params[i]'s speed, lanes and duplex, which its name tells:
 * "100000baseKR4/Full" is 100000 Mb/s on 4 lanes, full duplex (a
 * medium without a number, or "T1L", one lane); 10000baseR_FEC, a
 * special mode, full duplex and no lanes. */
static void ethnl_link_mode_params(unsigned int i, uint32_t *speed,
				   uint32_t *lanes, uint8_t *duplex)
{
	const char *name = ethnl_link_mode_names[i];
	const char *slash = strrchr(name, '/');
	const char *media = strstr(name, "base");

	*speed = (uint32_t)strtoul(name, NULL, 10);
	*duplex = slash && !strcmp(slash, "/Half") ? DUPLEX_HALF : DUPLEX_FULL;
	*lanes = slash ? 1 : 0;
	for (media = media ? media + 4 : ""; slash && *media && *media != '_' &&
					     *media != '/';
	     media++) {
		if (*media >= '0' && *media <= '9') {
			*lanes = (uint32_t)strtoul(media, NULL, 10);
			break;
		}
	}
}

/* ethnl_auto_linkmodes(): autonegotiation asked for a speed, lanes or
 * duplex advertises the supported modes that match, and no other mode
 * with a speed. */
static void ethnl_auto_linkmodes(struct rtnl_lsettings *ls, bool req_speed,
				 bool req_lanes, bool req_duplex, bool *mod)
{
	for (unsigned int i = 0; i < ETHNL_LINK_MODE_NBITS; i++) {
		uint32_t bit = UINT32_C(1) << (i % 32), w = ls->advertising[i / 32];
		uint32_t speed, lanes;
		uint8_t duplex;

		if (!ethnl_link_mode_has_speed(i))
			continue;
		ethnl_link_mode_params(i, &speed, &lanes, &duplex);
		if ((ls->supported[i / 32] & bit) &&
		    (!req_speed || speed == ls->speed) &&
		    (!req_lanes || lanes == ls->lanes) &&
		    (!req_duplex || duplex == ls->duplex))
			ls->advertising[i / 32] |= bit;
		else
			ls->advertising[i / 32] &= ~bit;
		*mod |= w != ls->advertising[i / 32];
	}
}

/* ethnl_update_bitset(): the advertised modes OURS names. */
static int ethnl_update_advertising(struct unl_genl_info *info,
				    struct rtnl_lsettings *ls, bool *mod)
{
	uint32_t val[RTNL_LINK_MODE_WORDS], mask[RTNL_LINK_MODE_WORDS];
	int err = ethnl_parse_bitset(val, mask, ETHNL_LINK_MODE_NBITS,
				     info->attrs[ETHTOOL_A_LINKMODES_OURS],
				     ethnl_link_mode_names, info->extack);

	if (err)
		return err;
	for (unsigned int i = 0; i < ETHNL_WORDS(ETHNL_LINK_MODE_NBITS); i++) {
		uint32_t w = (ls->advertising[i] & ~mask[i]) | (val[i] & mask[i]);

		*mod |= w != ls->advertising[i];
		ls->advertising[i] = w;
	}
	return 0;
}

/*
 * ethnl_update_linkmodes() for tun, whose set_link_ksettings keeps what
 * it is given: autonegotiation, advertised modes, speed, duplex, lanes
 * (only with autonegotiation on: no driver of the model can configure
 * lanes).  No kind has a master/slave setting.
 */
static int ethnl_linkmodes_update(struct unl_genl_info *info,
				  struct rtnl_lsettings *ls, bool *mod)
{
	const struct nlattr *const *tb = info->attrs;
	uint32_t autoneg = ls->autoneg, duplex = ls->duplex;

	if (tb[ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG]) {
		UNL_SET_ERR_MSG_ATTR(info->extack,
				     tb[ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG],
				     "master/slave configuration not supported by device");
		return -EOPNOTSUPP;
	}
	ethnl_update_u8(&autoneg, tb[ETHTOOL_A_LINKMODES_AUTONEG], mod);
	if (tb[ETHTOOL_A_LINKMODES_LANES] && !autoneg) {
		UNL_SET_ERR_MSG_ATTR(info->extack, tb[ETHTOOL_A_LINKMODES_LANES],
				     "lanes configuration not supported by device");
		return -EOPNOTSUPP;
	}
	if (!tb[ETHTOOL_A_LINKMODES_LANES] && !autoneg)
		ls->lanes = 0;
	if (tb[ETHTOOL_A_LINKMODES_OURS]) {
		int err = ethnl_update_advertising(info, ls, mod);

		if (err)
			return err;
	}
	ethnl_update_u32(&ls->speed, tb[ETHTOOL_A_LINKMODES_SPEED], mod);
	ethnl_update_u32(&ls->lanes, tb[ETHTOOL_A_LINKMODES_LANES], mod);
	ethnl_update_u8(&duplex, tb[ETHTOOL_A_LINKMODES_DUPLEX], mod);
	ls->autoneg = (uint8_t)autoneg;
	ls->duplex = (uint8_t)duplex;
	if (!tb[ETHTOOL_A_LINKMODES_OURS] && autoneg &&
	    (tb[ETHTOOL_A_LINKMODES_SPEED] || tb[ETHTOOL_A_LINKMODES_LANES] ||
	     tb[ETHTOOL_A_LINKMODES_DUPLEX]))
		ethnl_auto_linkmodes(ls, tb[ETHTOOL_A_LINKMODES_SPEED],
				     tb[ETHTOOL_A_LINKMODES_LANES],
				     tb[ETHTOOL_A_LINKMODES_DUPLEX], mod);
	return 0;
}

/* ethnl_set_linkmodes(): the settings a driver with set_link_ksettings
 * (tun) keeps, a change announced. */
static int ethnl_ksettings_set_doit(struct unl_skb *skb,
				    struct unl_genl_info *info)
{
	const struct rtnl_ethtool *et;
	struct rtnl_lsettings ls;
	struct ethnl_req r;
	bool mod = false;
	int err = ethnl_linkmodes_check(info);

	(void)skb;
	if (!err)
		err = ethnl_set_dev(info, &r);
	if (err)
		return err;
	et = r.dev->ops->ethtool;
	if (!et || !et->ksettings || !et->set_lsettings)
		return -EOPNOTSUPP;
	et->lsettings(r.dev, &ls);
	err = ethnl_linkmodes_update(info, &ls, &mod);
	if (err || !mod)
		return err;
	et->set_lsettings(r.dev, &ls);
	ethnl_notify(r.dev->rn, r.dev, ETHTOOL_MSG_LINKMODES_GET,
		     ETHTOOL_MSG_LINKMODES_NTF);
	return 0;
}

/* ethnl_set_privflags_validate(): the flags first, then the op. */
static int ethnl_privflags_set_doit(struct unl_skb *skb,
				    struct unl_genl_info *info)
{
	struct ethnl_req r;
	int err = ethnl_set_dev(info, &r);

	(void)skb;
	if (err)
		return err;
	if (!info->attrs[ETHTOOL_A_PRIVFLAGS_FLAGS])
		return -EINVAL;
	return -EOPNOTSUPP;
}

/* NAPI_POLL_WEIGHT: tun batches at most this many frames. */
#define ETHNL_NAPI_POLL_WEIGHT 64

/* ethnl_set_coalesce(): only the parameters the driver supports
 * (tun: rx-frames), a change announced. */
static int ethnl_coalesce_set_doit(struct unl_skb *skb,
				   struct unl_genl_info *info)
{
	const struct nlattr *frames =
		info->attrs[ETHTOOL_A_COALESCE_RX_MAX_FRAMES];
	const struct rtnl_ethtool *et;
	struct ethnl_req r;
	uint32_t v;
	int err = ethnl_set_dev(info, &r);

	(void)skb;
	if (err)
		return err;
	et = r.dev->ops->ethtool;
	if (!et || !et->coalesce_rx_frames || !et->set_coalesce_rx_frames)
		return -EOPNOTSUPP;
	for (unsigned int a = ETHTOOL_A_COALESCE_RX_USECS;
	     a <= ethnl_policies[ETHTOOL_MSG_COALESCE_SET].maxattr; a++)
		if (info->attrs[a] && a != ETHTOOL_A_COALESCE_RX_MAX_FRAMES) {
			UNL_SET_ERR_MSG_ATTR(info->extack, info->attrs[a],
					     "cannot modify an unsupported parameter");
			return -EINVAL;
		}
	if (!frames || unl_nla_get_u32(frames) == et->coalesce_rx_frames(r.dev))
		return 0;
	v = unl_nla_get_u32(frames);
	et->set_coalesce_rx_frames(r.dev, v > ETHNL_NAPI_POLL_WEIGHT
						  ? ETHNL_NAPI_POLL_WEIGHT
						  : v);
	ethnl_notify(r.dev->rn, r.dev, ETHTOOL_MSG_COALESCE_GET,
		     ETHTOOL_MSG_COALESCE_NTF);
	return 0;
}

/* ethnl_set_module_validate(): nothing asked, nothing to do. */
static int ethnl_module_set_doit(struct unl_skb *skb,
				 struct unl_genl_info *info)
{
	const struct nlattr *policy = info->attrs[ETHTOOL_A_MODULE_POWER_MODE_POLICY];
	struct ethnl_req r;
	int err = ethnl_set_dev(info, &r);

	(void)skb;
	if (err || !policy)
		return err;
	UNL_SET_ERR_MSG_ATTR(info->extack, policy,
			     "Setting power mode policy is not supported by this device");
	return -EOPNOTSUPP;
}

static int ethnl_pse_set_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct ethnl_req r;
	int err = ethnl_set_dev(info, &r);

	(void)skb;
	if (err)
		return err;
	/* the PHY named was not found, then the message replaced */
	if (r.phy_index)
		UNL_SET_BAD_ATTR(info->extack, r.header);
	UNL_SET_ERR_MSG(info->extack, "No PHY is attached");
	return -EOPNOTSUPP;
}

static int ethnl_fw_flash_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	struct ethnl_req r;
	int err = ethnl_act_dev(info, &r);

	(void)skb;
	if (err)
		return err;
	UNL_SET_ERR_MSG(info->extack,
			"Flashing module firmware is not supported by this device");
	return -EOPNOTSUPP;
}

#define ETHNL_A_RSS_CONTEXT 2

/* RSS_SET: nothing to change (the default context named, or none) is
 * nothing to do; another context is blamed, any change refused. */
static int ethnl_rss_set_doit(struct unl_skb *skb, struct unl_genl_info *info)
{
	const struct nlattr *ctx = info->attrs[ETHNL_A_RSS_CONTEXT];
	struct ethnl_req r;
	int err = ethnl_set_dev(info, &r);

	(void)skb;
	if (err)
		return err;
	if (ctx && unl_nla_get_u32(ctx)) {
		UNL_SET_BAD_ATTR(info->extack, ctx);
		return -EOPNOTSUPP;
	}
	for (unsigned int a = ETHNL_A_RSS_CONTEXT + 1;
	     a <= ethnl_policies[48].maxattr; a++)
		if (info->attrs[a])
			return -EOPNOTSUPP;
	return 0;
}

/* ethnl_rss_delete_doit(): the context is required before anything. */
static int ethnl_rss_delete_doit(struct unl_skb *skb,
				 struct unl_genl_info *info)
{
	if (!info->attrs[ETHNL_A_RSS_CONTEXT]) {
		UNL_SET_ERR_ATTR_MISS(info->extack, NULL, ETHNL_A_RSS_CONTEXT);
		return -EINVAL;
	}
	return ethnl_act_refuse_doit(skb, info);
}

/* ---- the family ---- */

struct ethnl_cmd {
	int (*doit)(struct unl_skb *skb, struct unl_genl_info *info);
	bool dump;
	uint8_t flags;
};

#define GET { ethnl_default_doit, true, 0 }
#define GET_ADMIN { ethnl_default_doit, true, GENL_UNS_ADMIN_PERM }
#define SET(fn) { fn, false, GENL_UNS_ADMIN_PERM }
#define REFUSE SET(ethnl_set_refuse_doit)
#define ACT_REFUSE SET(ethnl_act_refuse_doit)

/* ethtool_genl_ops[], by command (ETHTOOL_MSG_*_GET ... RSS_DELETE_ACT) */
static const struct ethnl_cmd ethnl_cmds[ETHNL_CMD_MAX + 1] = {
	[1] = GET,				/* STRSET_GET */
	[2] = GET, [3] = SET(ethnl_linkinfo_set_doit),	/* LINKINFO */
	[4] = GET, [5] = SET(ethnl_ksettings_set_doit),	/* LINKMODES */
	[6] = GET,				/* LINKSTATE_GET */
	[7] = GET, [8] = SET(ethnl_debug_set_doit),	/* DEBUG */
	[9] = GET_ADMIN, [10] = REFUSE,		/* WOL */
	[11] = GET, [12] = SET(ethnl_features_set_doit), /* FEATURES */
	[13] = GET, [14] = SET(ethnl_privflags_set_doit), /* PRIVFLAGS */
	[15] = GET, [16] = SET(ethnl_rings_set_doit),	/* RINGS */
	[17] = GET, [18] = SET(ethnl_channels_set_doit), /* CHANNELS */
	[19] = GET, [20] = SET(ethnl_coalesce_set_doit), /* COALESCE */
	[21] = GET, [22] = REFUSE,		/* PAUSE */
	[23] = GET, [24] = REFUSE,		/* EEE */
	[25] = GET,				/* TSINFO_GET */
	[26] = ACT_REFUSE, [27] = ACT_REFUSE,	/* CABLE_TEST, _TDR */
	[28] = GET,				/* TUNNEL_INFO_GET */
	[29] = GET, [30] = REFUSE,		/* FEC */
	[31] = GET_ADMIN,			/* MODULE_EEPROM_GET */
	[32] = GET,				/* STATS_GET */
	[33] = GET,				/* PHC_VCLOCKS_GET */
	[34] = GET, [35] = SET(ethnl_module_set_doit),	/* MODULE */
	[36] = GET, [37] = SET(ethnl_pse_set_doit),	/* PSE */
	[38] = GET,				/* RSS_GET */
	[39] = GET, [40] = REFUSE, [41] = GET,	/* PLCA */
	[42] = GET, [43] = REFUSE,		/* MM */
	[44] = SET(ethnl_fw_flash_doit),	/* MODULE_FW_FLASH_ACT */
	[45] = GET,				/* PHY_GET */
	[46] = GET, [47] = REFUSE,		/* TSCONFIG */
	[48] = SET(ethnl_rss_set_doit),		/* RSS_SET */
	[49] = ACT_REFUSE,			/* RSS_CREATE_ACT */
	[50] = SET(ethnl_rss_delete_doit),	/* RSS_DELETE_ACT */
};

/* The first release with each command newer than 6.1 (Debian's 6.1
 * stops at PSE_SET, its 6.12 at PHY_GET: genl-6.1.expected,
 * genl-6.12.expected; the releases themselves from the commands'
 * sources, not pinned by a recording). */
static const uint16_t ethnl_cmd_since[ETHNL_CMD_MAX + 1] = {
	[38] = 602,			/* RSS_GET */
	[39] = 603, [40] = 603, [41] = 603, /* PLCA */
	[42] = 604, [43] = 604,		/* MM */
	[44] = 611, [45] = 611,		/* MODULE_FW_FLASH_ACT, PHY_GET */
	[46] = 614, [47] = 614,		/* TSCONFIG */
	[48] = 617, [49] = 617, [50] = 617, /* RSS_SET, _CREATE, _DELETE */
};

/* Built once from the tables (the first world to register the family
 * builds it, whichever thread that is): the same for every world, each
 * command once per policy it had, bounded by the releases of each
 * (genetlink.c keeps those of the world's profile). */
#define ETHNL_N_OPS (ETHNL_CMD_MAX + ETHNL_N_OLDER_POLICIES)
static struct unl_genl_ops ethnl_ops[ETHNL_N_OPS];
static pthread_once_t ethnl_ops_once = PTHREAD_ONCE_INIT;

static void ethnl_op_fill(struct unl_genl_ops *op, unsigned int c,
			  const struct unl_nla_policy *policy,
			  uint16_t since, uint16_t until)
{
	op->cmd = (uint8_t)c;
	op->doit = ethnl_cmds[c].doit;
	op->flags = ethnl_cmds[c].flags;
	if (ethnl_cmds[c].dump) {
		op->start = ethnl_default_start;
		op->dumpit = ethnl_default_dumpit;
	}
	op->policy = policy;
	op->maxattr = ethnl_policies[c].maxattr;
	op->since = since;
	op->until = until;
}

static void ethnl_ops_build(void)
{
	unsigned int n = 0;

	for (unsigned int c = 1; c <= ETHNL_CMD_MAX; c++) {
		uint16_t since = ethnl_cmd_since[c];

		for (size_t o = 0; o < ETHNL_N_OLDER_POLICIES; o++) {
			const struct ethnl_older_policy *old =
				&ethnl_older_policies[o];

			if (old->cmd != c)
				continue;
			ethnl_op_fill(&ethnl_ops[n++], c, old->policy, since,
				      old->until);
			since = old->until;
		}
		ethnl_op_fill(&ethnl_ops[n++], c, ethnl_policies[c].policy,
			      since, 0);
	}
}

static const struct unl_genl_multicast_group ethnl_mcgrps[] = {
	{ .name = ETHTOOL_MCGRP_MONITOR_NAME },
};

void ethnl_family_init(struct unl_genl_family *family)
{
	pthread_once(&ethnl_ops_once, ethnl_ops_build);
	memset(family, 0, sizeof(*family));
	strcpy(family->name, ETHTOOL_GENL_NAME);
	family->version = ETHTOOL_GENL_VERSION;
	family->netnsok = true;
	family->parallel_ops = true;
	family->resv_start_op = ETHTOOL_MSG_MODULE_GET + 1;
	family->ops = ethnl_ops;
	family->n_ops = ETHNL_N_OPS;
	family->mcgrps = ethnl_mcgrps;
	family->n_mcgrps = 1;
}
