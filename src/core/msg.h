/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private parts of the message writer (msg.c).  Not installed.
 */
#ifndef UNETLINK_CORE_MSG_H
#define UNETLINK_CORE_MSG_H

#include <stdint.h>

#include <unetlink/kernel.h>

/*
 * nla_nest_start_noflag(): open a nest without NLA_F_NESTED, for the old
 * families (rtnetlink's IFLA_LINKINFO and the like) whose nests Linux
 * still writes unflagged.  NULL when it does not fit.
 */
struct nlattr *nla_nest_start_noflag(struct unl_skb *skb, int type);

/* nla_reserve(): room for an attribute of len payload bytes, zeroed,
 * header filled in; NULL when it does not fit. */
struct nlattr *nla_reserve(struct unl_skb *skb, int type, int len);

/* nla_put_s64() / nla_put_64bit(): an 8-byte payload, with the padding
 * attribute Linux inserts on architectures without efficient unaligned
 * access (never on x86-64, which is what we reproduce). */
int nla_put_64bit(struct unl_skb *skb, int type, const void *data,
		  int padattr);

#endif
