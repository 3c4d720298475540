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
#include <stdlib.h>
#include <sys/uio.h>

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

/* A read of the caller's memory: 0, or non-zero where it faults. */
typedef int (*unl_wire_mem_read)(void *ctx, uint64_t addr, void *buf,
				 size_t len);

/*
 * What a front end reads of an ebtables option before asking the
 * daemon, the same in both: the replace at `val` into *r (v[0], empty
 * and HEAD_FAULT when it cannot be read, since the kernel reads the
 * whole replace whatever optlen says) and, for a set, the block it
 * points at (unl_wire_ebt_block()) into v[1], which the caller frees
 * (DATA, DATA_FAULT, or DATA_BIG past UNL_WIRE_EBT_BLOCK_MAX).  0, or
 * -ENOMEM.
 */
static inline int unl_wire_ebt_gather(int name, int32_t optlen, bool set,
				      uint64_t val, unl_wire_mem_read rd,
				      void *ctx, struct ebt_replace *r,
				      struct iovec v[2], unsigned int *flags)
{
	uint64_t where = 0, block = 0;

	v[0].iov_base = r;
	v[0].iov_len = sizeof(*r);
	v[1].iov_base = NULL;
	v[1].iov_len = 0;
	if (rd(ctx, val, r, sizeof(*r))) {
		*flags |= UNL_WIRE_EBT_HEAD_FAULT;
		v[0].iov_len = 0;
	} else if (set) {
		block = unl_wire_ebt_block(name, optlen, r, &where);
	}
	if (block > UNL_WIRE_EBT_BLOCK_MAX) {
		*flags |= UNL_WIRE_EBT_DATA_BIG;
	} else if (block) {
		v[1].iov_base = malloc(block);
		if (!v[1].iov_base)
			return -ENOMEM;
		if (rd(ctx, where, v[1].iov_base, block)) {
			*flags |= UNL_WIRE_EBT_DATA_FAULT;
		} else {
			*flags |= UNL_WIRE_EBT_DATA;
			v[1].iov_len = block;
		}
	}
	return 0;
}

#endif
