// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one writer of netlink messages and attributes (nlmsg_put, nla_put
 * and friends of include/net/netlink.h and lib/nlattr.c), on top of the
 * fixed-capacity skb of skb.c.  Because an skb's data never moves, the
 * pointers handed out here (message headers, open nests) stay valid until
 * the skb is trimmed below them or freed.
 *
 * Every byte appended comes zeroed from unl_skb_put(), padding included,
 * so no stale memory can leak to a receiver and tests can compare bytes.
 *
 * None of these functions takes ownership of the skb: the caller keeps it
 * whatever they return.
 */
#include <errno.h>
#include <string.h>

#include "core/internal.h"
#include "core/msg.h"

static uint8_t *skb_tail(const struct unl_skb *skb)
{
	return unl_skb_data(skb) + unl_skb_len(skb);
}

/* ---- messages ---- */

struct nlmsghdr *unl_nlmsg_put(struct unl_skb *skb, uint32_t portid,
			       uint32_t seq, int type, int payload, int flags)
{
	struct nlmsghdr *nlh;
	size_t size;

	if (payload < 0)
		return NULL;
	size = NLMSG_HDRLEN + (size_t)payload;
	if (unl_skb_tailroom(skb) < NLMSG_ALIGN(size))
		return NULL;

	/* The padding after the payload is reserved (and zeroed) now, but
	 * nlmsg_len does not count it, as in Linux. */
	nlh = unl_skb_put(skb, NLMSG_ALIGN(size));
	if (!nlh)
		return NULL;
	nlh->nlmsg_len = (uint32_t)size;
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = (uint16_t)flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = portid;
	return nlh;
}

void unl_nlmsg_end(struct unl_skb *skb, struct nlmsghdr *nlh)
{
	nlh->nlmsg_len = (uint32_t)(skb_tail(skb) - (uint8_t *)nlh);
}

void unl_nlmsg_cancel(struct unl_skb *skb, struct nlmsghdr *nlh)
{
	if (nlh)
		unl_skb_trim(skb, (size_t)((uint8_t *)nlh - unl_skb_data(skb)));
}

/* ---- attributes ---- */

/*
 * Attribute layout, as written here:
 *
 *   <- NLA_HDRLEN -> <--- len ---> <- pad ->
 *  +----------------+-------------+---------+
 *  | nla_len|nla_type|  payload   | 0 0 0   |
 *  +----------------+-------------+---------+
 *   nla_len = NLA_HDRLEN + len; the pad, up to NLA_ALIGNTO, is zeroed.
 */
struct nlattr *nla_reserve(struct unl_skb *skb, int type, int len)
{
	struct nlattr *nla;

	/* nla_len is 16 bits: a longer payload cannot be described. */
	if (len < 0 || len > UINT16_MAX - NLA_HDRLEN)
		return NULL;
	if (unl_skb_tailroom(skb) < (size_t)unl_nla_total_size(len))
		return NULL;
	nla = unl_skb_put(skb, (size_t)unl_nla_total_size(len));
	if (!nla)
		return NULL;
	nla->nla_len = (uint16_t)(NLA_HDRLEN + len);
	nla->nla_type = (uint16_t)type;
	return nla;
}

int unl_nla_put(struct unl_skb *skb, int type, int len, const void *data)
{
	struct nlattr *nla = nla_reserve(skb, type, len);

	if (!nla)
		return -EMSGSIZE;
	if (len > 0)
		memcpy(unl_nla_data(nla), data, (size_t)len);
	return 0;
}

int unl_nla_put_u8(struct unl_skb *skb, int type, uint8_t v)
{
	return unl_nla_put(skb, type, sizeof(v), &v);
}

int unl_nla_put_u16(struct unl_skb *skb, int type, uint16_t v)
{
	return unl_nla_put(skb, type, sizeof(v), &v);
}

int unl_nla_put_u32(struct unl_skb *skb, int type, uint32_t v)
{
	return unl_nla_put(skb, type, sizeof(v), &v);
}

/*
 * Linux aligns 64-bit payloads with a padattr attribute only when the
 * architecture lacks efficient unaligned access.  x86-64 has it, so a
 * real kernel there never pads, and neither do we: the bytes match the
 * x86-64 kernel's.  padattr is kept in the interface for callers written
 * against nla_put_u64_64bit().
 */
int nla_put_64bit(struct unl_skb *skb, int type, const void *data,
		  int padattr)
{
	(void)padattr;
	return unl_nla_put(skb, type, sizeof(uint64_t), data);
}

int unl_nla_put_u64(struct unl_skb *skb, int type, uint64_t v, int padattr)
{
	return nla_put_64bit(skb, type, &v, padattr);
}

int unl_nla_put_string(struct unl_skb *skb, int type, const char *s)
{
	size_t len = strlen(s) + 1;

	if (len > UINT16_MAX)
		return -EMSGSIZE;
	return unl_nla_put(skb, type, (int)len, s);
}

int unl_nla_put_flag(struct unl_skb *skb, int type)
{
	return unl_nla_put(skb, type, 0, NULL);
}

/* ---- nests ---- */

struct nlattr *nla_nest_start_noflag(struct unl_skb *skb, int type)
{
	/* An empty attribute whose length unl_nla_nest_end() fixes up. */
	return nla_reserve(skb, type, 0);
}

struct nlattr *unl_nla_nest_start(struct unl_skb *skb, int type)
{
	return nla_nest_start_noflag(skb, type | NLA_F_NESTED);
}

int unl_nla_nest_end(struct unl_skb *skb, struct nlattr *start)
{
	/* Like Linux, a nest past 64 KiB gets a truncated length; callers
	 * that can build one must check. */
	start->nla_len = (uint16_t)(skb_tail(skb) - (uint8_t *)start);
	return (int)unl_skb_len(skb);
}

void unl_nla_nest_cancel(struct unl_skb *skb, struct nlattr *start)
{
	if (start)
		unl_skb_trim(skb,
			     (size_t)((uint8_t *)start - unl_skb_data(skb)));
}
