/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private helpers shared by attr.c (validation) and policy.c (policy
 * descriptions), and later by the nlctrl CTRL_CMD_GETPOLICY dump.  Not
 * installed.
 */
#ifndef UNETLINK_CORE_POLICY_H
#define UNETLINK_CORE_POLICY_H

#include <stdint.h>

#include <unetlink/attr.h>

struct unl_skb;

/*
 * The range an integer (or, for NLA_BINARY and strings, a length) entry
 * accepts: the type's own range narrowed by its validation (Linux's
 * nla_get_range_unsigned / nla_get_range_signed).
 */
void nla_range_unsigned(const struct unl_nla_policy *pt, uint64_t *min,
			uint64_t *max);
void nla_range_signed(const struct unl_nla_policy *pt, int64_t *min,
		      int64_t *max);

/*
 * Write the NL_POLICY_TYPE_ATTR_* nest of type nestattr that describes pt.
 * A policy dump passes nested_idx >= 0, the index of pt->nested_policy in
 * its list of policies, for NESTED and NESTED_ARRAY entries with a nested
 * policy, which then get POLICY_IDX and POLICY_MAXTYPE; a negative
 * nested_idx writes neither, as the extended ACK does.  Returns 0,
 * -ENOBUFS when out of room (nothing left written), or -ENODATA for the
 * types that are not described (the nest is removed again).
 */
int policy_write_attr(struct unl_skb *skb, const struct unl_nla_policy *pt,
		      int nestattr, int nested_idx);

#endif
