/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private helpers shared by attr.c (validation) and policy.c (policy
 * descriptions), and later by the nlctrl CTRL_CMD_GETPOLICY dump.  Not
 * installed.
 */
#ifndef UNETLINK_CORE_POLICY_H
#define UNETLINK_CORE_POLICY_H

#include <stdbool.h>
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

/*
 * Policy dumps (netlink_policy_dump_*): a list of policies, each with its
 * maxtype, built from the policies added and every policy nested in them,
 * each listed once; then written one entry at a time.  An entry's index
 * in the list is how a dump names it (CTRL_ATTR_POLICY_DO, POLICY_IDX).
 */
struct policy_dump_state;

/* Add policy (maxtype + 1 entries) and the policies nested in it.
 * *pstate is NULL the first time.  0 or -ENOMEM; on failure a state that
 * was created here is freed again. */
int policy_dump_add_policy(struct policy_dump_state **pstate,
			   const struct unl_nla_policy *policy,
			   unsigned int maxtype);
/* The index of a policy that was added (0 if it was not). */
int policy_dump_get_policy_idx(const struct policy_dump_state *state,
			       const struct unl_nla_policy *policy,
			       unsigned int maxtype);
/* true while entries remain to be written */
bool policy_dump_loop(const struct policy_dump_state *state);
/*
 * Write the next described entry as nest(policy index) { nest(attribute
 * type) { NL_POLICY_TYPE_ATTR_* } }, skipping entries that have no
 * description.  0; -ENOBUFS when it does not fit (the state does not
 * move, so the caller retries in the next buffer); -ENODATA when only
 * undescribed entries were left.
 */
int policy_dump_write(struct unl_skb *skb, struct policy_dump_state *state);
void policy_dump_free(struct policy_dump_state *state);

#endif
