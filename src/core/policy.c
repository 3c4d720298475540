// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Policy descriptions for userspace (net/netlink/policy.c): the nest of
 * NL_POLICY_TYPE_ATTR_* attributes that tells what one policy entry
 * accepts.  The extended ACK carries one as NLMSGERR_ATTR_POLICY for the
 * entry an attribute failed; nlctrl's CTRL_CMD_GETPOLICY dump writes one
 * per entry of every policy of a family (policy_write_attr() with a
 * policy index, see policy.h).
 *
 * Layout of one description, e.g. a u16 with no further validation:
 *
 *  nest nestattr|NLA_F_NESTED
 *  +-- MIN_VALUE_U  u64  0
 *  +-- MAX_VALUE_U  u64  65535
 *  +-- TYPE         u32  NL_ATTR_TYPE_U16
 *
 * The values come first and the type last, as Linux writes them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/version.h>

#include "core/internal.h"
#include "core/msg.h"
#include "core/policy.h"

/*
 * NL_ATTR_TYPE_SINT and _UINT came with Linux 6.7 and directly follow
 * NL_ATTR_TYPE_BITFIELD32; older uapi headers lack them.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
#define POLICY_ATTR_TYPE_SINT NL_ATTR_TYPE_SINT
#define POLICY_ATTR_TYPE_UINT NL_ATTR_TYPE_UINT
#else
#define POLICY_ATTR_TYPE_SINT (NL_ATTR_TYPE_BITFIELD32 + 1)
#define POLICY_ATTR_TYPE_UINT (NL_ATTR_TYPE_BITFIELD32 + 2)
#endif

/*
 * Linux's netlink_policy_dump_attr_size_estimate(): ack.c sizes the ACK
 * with it, so it must be the kernel's figure, not a tighter one.  It
 * counts attribute sizes without alignment and, for 64-bit values, room
 * for a padding attribute each.
 */
size_t unl_policy_attr_size(const struct unl_nla_policy *pt)
{
	/* the nest header and the TYPE attribute */
	size_t common = 2 * (NLA_HDRLEN + sizeof(uint32_t));

	switch (pt->type) {
	case UNL_NLA_UNSPEC:
	case UNL_NLA_REJECT:
		return 0;
	case UNL_NLA_NESTED:
	case UNL_NLA_NESTED_ARRAY:
		/* policy index and maxtype */
		return common + 2 * (NLA_HDRLEN + sizeof(uint32_t));
	case UNL_NLA_U8:
	case UNL_NLA_U16:
	case UNL_NLA_U32:
	case UNL_NLA_U64:
	case UNL_NLA_MSECS:
	case UNL_NLA_S8:
	case UNL_NLA_S16:
	case UNL_NLA_S32:
	case UNL_NLA_S64:
	case UNL_NLA_SINT:
	case UNL_NLA_UINT:
		/* min and max as u64, each with a possible pad */
		return common +
		       2 * (NLA_HDRLEN + NLA_HDRLEN + sizeof(uint64_t));
	case UNL_NLA_BITFIELD32:
		return common + NLA_HDRLEN + sizeof(uint32_t);
	case UNL_NLA_STRING:
	case UNL_NLA_NUL_STRING:
	case UNL_NLA_BINARY:
		/* min and max length */
		return common + 2 * (NLA_HDRLEN + sizeof(uint32_t));
	case UNL_NLA_FLAG:
		return common;
	default:
		/* BE16, BE32: Linux has no description for them either */
		return 0;
	}
}

static int policy_put_s64(struct unl_skb *skb, int type, int64_t v)
{
	return nla_put_64bit(skb, type, &v, NL_POLICY_TYPE_ATTR_PAD);
}

/* The attributes inside the nest, NL_POLICY_TYPE_ATTR_TYPE last. */
static int policy_put_body(struct unl_skb *skb,
			   const struct unl_nla_policy *pt, int nested_idx)
{
	uint32_t type;
	uint64_t umin, umax;
	int64_t smin, smax;

	switch (pt->type) {
	case UNL_NLA_NESTED:
	case UNL_NLA_NESTED_ARRAY:
		type = pt->type == UNL_NLA_NESTED ? NL_ATTR_TYPE_NESTED
						  : NL_ATTR_TYPE_NESTED_ARRAY;
		/* Only a policy dump can name the nested policy: the index
		 * refers to its list of policies. */
		if (nested_idx >= 0 && pt->nested_policy && pt->len &&
		    (unl_nla_put_u32(skb, NL_POLICY_TYPE_ATTR_POLICY_IDX,
				     (uint32_t)nested_idx) ||
		     unl_nla_put_u32(skb, NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE,
				     pt->len)))
			return -ENOBUFS;
		break;

	case UNL_NLA_U8:
	case UNL_NLA_U16:
	case UNL_NLA_U32:
	case UNL_NLA_U64:
	case UNL_NLA_UINT:
	case UNL_NLA_MSECS:
		if (pt->type == UNL_NLA_U8)
			type = NL_ATTR_TYPE_U8;
		else if (pt->type == UNL_NLA_U16)
			type = NL_ATTR_TYPE_U16;
		else if (pt->type == UNL_NLA_U32)
			type = NL_ATTR_TYPE_U32;
		else if (pt->type == UNL_NLA_U64)
			type = NL_ATTR_TYPE_U64;
		else
			type = POLICY_ATTR_TYPE_UINT; /* MSECS too */

		if (pt->validation_type == UNL_NLA_VALIDATE_MASK) {
			if (unl_nla_put_u64(skb, NL_POLICY_TYPE_ATTR_MASK,
					    pt->mask, NL_POLICY_TYPE_ATTR_PAD))
				return -ENOBUFS;
			break;
		}
		/* A validation function's rules cannot be described. */
		if (pt->validation_type == UNL_NLA_VALIDATE_FUNCTION)
			break;
		nla_range_unsigned(pt, &umin, &umax);
		if (unl_nla_put_u64(skb, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, umin,
				    NL_POLICY_TYPE_ATTR_PAD) ||
		    unl_nla_put_u64(skb, NL_POLICY_TYPE_ATTR_MAX_VALUE_U, umax,
				    NL_POLICY_TYPE_ATTR_PAD))
			return -ENOBUFS;
		break;

	case UNL_NLA_S8:
	case UNL_NLA_S16:
	case UNL_NLA_S32:
	case UNL_NLA_S64:
	case UNL_NLA_SINT:
		if (pt->type == UNL_NLA_S8)
			type = NL_ATTR_TYPE_S8;
		else if (pt->type == UNL_NLA_S16)
			type = NL_ATTR_TYPE_S16;
		else if (pt->type == UNL_NLA_S32)
			type = NL_ATTR_TYPE_S32;
		else if (pt->type == UNL_NLA_S64)
			type = NL_ATTR_TYPE_S64;
		else
			type = POLICY_ATTR_TYPE_SINT;

		if (pt->validation_type == UNL_NLA_VALIDATE_FUNCTION)
			break;
		nla_range_signed(pt, &smin, &smax);
		if (policy_put_s64(skb, NL_POLICY_TYPE_ATTR_MIN_VALUE_S, smin) ||
		    policy_put_s64(skb, NL_POLICY_TYPE_ATTR_MAX_VALUE_S, smax))
			return -ENOBUFS;
		break;

	case UNL_NLA_BITFIELD32:
		type = NL_ATTR_TYPE_BITFIELD32;
		if (unl_nla_put_u32(skb, NL_POLICY_TYPE_ATTR_BITFIELD32_MASK,
				    pt->bitfield32_valid))
			return -ENOBUFS;
		break;

	case UNL_NLA_STRING:
	case UNL_NLA_NUL_STRING:
	case UNL_NLA_BINARY:
		if (pt->type == UNL_NLA_STRING)
			type = NL_ATTR_TYPE_STRING;
		else if (pt->type == UNL_NLA_NUL_STRING)
			type = NL_ATTR_TYPE_NUL_STRING;
		else
			type = NL_ATTR_TYPE_BINARY;

		if (pt->validation_type == UNL_NLA_VALIDATE_RANGE ||
		    pt->validation_type ==
			    UNL_NLA_VALIDATE_RANGE_WARN_TOO_LONG) {
			nla_range_unsigned(pt, &umin, &umax);
			/* A bound equal to the type's own is not news. */
			if (umin &&
			    unl_nla_put_u32(skb, NL_POLICY_TYPE_ATTR_MIN_LENGTH,
					    (uint32_t)umin))
				return -ENOBUFS;
			if (umax < UINT16_MAX &&
			    unl_nla_put_u32(skb, NL_POLICY_TYPE_ATTR_MAX_LENGTH,
					    (uint32_t)umax))
				return -ENOBUFS;
		} else if (pt->len &&
			   unl_nla_put_u32(skb, NL_POLICY_TYPE_ATTR_MAX_LENGTH,
					   pt->len)) {
			return -ENOBUFS;
		}
		break;

	case UNL_NLA_FLAG:
		type = NL_ATTR_TYPE_FLAG;
		break;

	default:
		/* UNSPEC and REJECT (and BE16/BE32, which Linux forgot):
		 * nothing to say; a minimum length is advertised with a
		 * binary entry instead. */
		return -ENODATA;
	}

	if (unl_nla_put_u32(skb, NL_POLICY_TYPE_ATTR_TYPE, type))
		return -ENOBUFS;
	return 0;
}

int policy_write_attr(struct unl_skb *skb, const struct unl_nla_policy *pt,
		      int nestattr, int nested_idx)
{
	struct nlattr *nest;
	int err;

	nest = unl_nla_nest_start(skb, nestattr);
	if (!nest)
		return -ENOBUFS;
	err = policy_put_body(skb, pt, nested_idx);
	if (err) {
		unl_nla_nest_cancel(skb, nest);
		return err;
	}
	unl_nla_nest_end(skb, nest);
	return 0;
}

int unl_policy_write_attr(struct unl_skb *skb,
			  const struct unl_nla_policy *pt, int nestattr)
{
	return policy_write_attr(skb, pt, nestattr, -1);
}

/* ---- policy dumps (netlink_policy_dump_*) ---- */

/* Linux grows its list by this many entries; only memory use depends on
 * it, never the indices. */
#define POLICY_DUMP_ALLOC_STEP 10

struct policy_dump_entry {
	const struct unl_nla_policy *policy;
	unsigned int maxtype;
};

struct policy_dump_state {
	unsigned int policy_idx; /* where the writer stands */
	unsigned int attr_idx;
	unsigned int n_alloc;
	unsigned int n_used;
	struct policy_dump_entry *policies;
};

/* Append policy unless it is listed already (same table, same maxtype). */
static int policy_dump_append(struct policy_dump_state *state,
			      const struct unl_nla_policy *policy,
			      unsigned int maxtype)
{
	struct policy_dump_entry *p;

	if (!policy || !maxtype)
		return 0;
	for (unsigned int i = 0; i < state->n_used; i++)
		if (state->policies[i].policy == policy &&
		    state->policies[i].maxtype == maxtype)
			return 0;
	if (state->n_used == state->n_alloc) {
		p = realloc(state->policies,
			    (state->n_alloc + POLICY_DUMP_ALLOC_STEP) *
				    sizeof(*p));
		if (!p)
			return -ENOMEM;
		state->policies = p;
		state->n_alloc += POLICY_DUMP_ALLOC_STEP;
	}
	state->policies[state->n_used].policy = policy;
	state->policies[state->n_used].maxtype = maxtype;
	state->n_used++;
	return 0;
}

int policy_dump_add_policy(struct policy_dump_state **pstate,
			   const struct unl_nla_policy *policy,
			   unsigned int maxtype)
{
	struct policy_dump_state *state = *pstate;
	int err;

	if (!state) {
		state = calloc(1, sizeof(*state));
		if (!state)
			return -ENOMEM;
	}

	/* Breadth first: the nested policies of each listed policy join the
	 * end of the list, so the indices come out as Linux's do. */
	err = policy_dump_append(state, policy, maxtype);
	for (unsigned int i = 0; !err && i < state->n_used; i++) {
		const struct unl_nla_policy *pt = state->policies[i].policy;

		for (unsigned int type = 0;
		     !err && type <= state->policies[i].maxtype; type++)
			if (pt[type].type == UNL_NLA_NESTED ||
			    pt[type].type == UNL_NLA_NESTED_ARRAY)
				err = policy_dump_append(
					state, pt[type].nested_policy,
					pt[type].len);
	}
	if (err && !*pstate) {
		policy_dump_free(state);
		return err;
	}
	*pstate = state;
	return err;
}

int policy_dump_get_policy_idx(const struct policy_dump_state *state,
			       const struct unl_nla_policy *policy,
			       unsigned int maxtype)
{
	if (!state || !policy || !maxtype)
		return 0;
	for (unsigned int i = 0; i < state->n_used; i++)
		if (state->policies[i].policy == policy &&
		    state->policies[i].maxtype == maxtype)
			return (int)i;
	return 0;
}

bool policy_dump_loop(const struct policy_dump_state *state)
{
	return state && state->policy_idx < state->n_used;
}

int policy_dump_write(struct unl_skb *skb, struct policy_dump_state *state)
{
	while (policy_dump_loop(state)) {
		const struct policy_dump_entry *e =
			&state->policies[state->policy_idx];
		const struct unl_nla_policy *pt = &e->policy[state->attr_idx];
		int nested_idx = -1;
		struct nlattr *nest;
		int err;

		if ((pt->type == UNL_NLA_NESTED ||
		     pt->type == UNL_NLA_NESTED_ARRAY) &&
		    pt->nested_policy && pt->len)
			nested_idx = policy_dump_get_policy_idx(
				state, pt->nested_policy, pt->len);

		nest = unl_nla_nest_start(skb, (int)state->policy_idx);
		if (!nest)
			return -ENOBUFS;
		err = policy_write_attr(skb, pt, (int)state->attr_idx,
					nested_idx);
		if (err == -ENOBUFS) {
			unl_nla_nest_cancel(skb, nest);
			return err;
		}
		if (err)
			unl_nla_nest_cancel(skb, nest);
		else
			unl_nla_nest_end(skb, nest);

		if (++state->attr_idx > e->maxtype) {
			state->attr_idx = 0;
			state->policy_idx++;
		}
		if (!err)
			return 0;
		/* an entry without description: try the next one */
	}
	return -ENODATA;
}

void policy_dump_free(struct policy_dump_state *state)
{
	if (!state)
		return;
	free(state->policies);
	free(state);
}
