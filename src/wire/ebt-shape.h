/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What an ebtables option reads besides optval (UNL_OP_EBT): the
 * struct ebt_replace there points at its entries and counters, which
 * the front ends read and write in the caller's memory.  Shared by the
 * shim, the seccomp supervisor and the daemon (which sizes the records
 * that follow by it).
 */
#ifndef UNETLINK_WIRE_EBT_SHAPE_H
#define UNETLINK_WIRE_EBT_SHAPE_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/netfilter_bridge/ebtables.h>

#include "wire/wire.h"

/* UNL_OP_EBT's flags (a2): unetlink/net.h's UNL_EBT_*, and the set */
#define UNL_WIRE_EBT_HEAD_FAULT 0x1
#define UNL_WIRE_EBT_DATA 0x2
#define UNL_WIRE_EBT_DATA_FAULT 0x4
#define UNL_WIRE_EBT_DATA_BIG 0x8

/* The option at level SOL_IP (unl_wire_xt_pf()'s pf 2) is ebtables'
 * (EBT_BASE_CTL ...). */
static inline bool unl_wire_is_ebt(int pf, int name)
{
	return pf == 2 && name >= EBT_BASE_CTL && name <= EBT_SO_GET_MAX;
}

/* The block a set option reads where its replace r points, when
 * optlen says it does (do_replace(), update_counters()): SET_ENTRIES'
 * entries, SET_COUNTERS' counters.  Its length (0: none) and *where
 * its address. */
static inline uint64_t unl_wire_ebt_block(int name, int32_t optlen,
					  const struct ebt_replace *r,
					  uint64_t *where)
{
	uint64_t len = (uint32_t)optlen, n;

	if (optlen < 0 || len < sizeof(*r))
		return 0;
	if (name == EBT_SO_SET_ENTRIES && r->entries_size &&
	    len == sizeof(*r) + (uint64_t)r->entries_size) {
		*where = (uint64_t)(uintptr_t)r->entries;
		return r->entries_size;
	}
	n = (uint64_t)r->num_counters * sizeof(struct ebt_counter);
	if (name == EBT_SO_SET_COUNTERS && n && len == sizeof(*r) + n) {
		*where = (uint64_t)(uintptr_t)r->counters;
		return n;
	}
	return 0;
}

/* The most of a block a front end sends (XT_SET's bound; a larger one
 * goes as UNL_EBT_DATA_BIG: ENOMEM) */
#define UNL_WIRE_EBT_BLOCK_MAX (512u * 1024u * 1024u)

#endif
