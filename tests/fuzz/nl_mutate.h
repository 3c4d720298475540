/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A structure-aware mutator for netlink messages (libFuzzer's custom
 * mutator hook): byte flips rarely keep a nest's lengths consistent, so
 * most of their children go unread.  This one parses a message's
 * attributes (and the nests it can recognise, to a few levels) and
 * mutates them as attributes: a type, a length, a payload (then every
 * enclosing length follows), duplicated, deleted, wrapped in a nest, or
 * given a boundary value.  Half the time libFuzzer's own mutations run
 * instead, and always with FUZZ_PLAIN=1 (to compare what each finds).
 */
#ifndef UNETLINK_FUZZ_NL_MUTATE_H
#define UNETLINK_FUZZ_NL_MUTATE_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's default mutation of data[0..size), at most max bytes. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max);

/* A small deterministic generator (seeded by libFuzzer's seed). */
struct nl_rng {
	uint64_t s;
};
uint32_t nl_rand(struct nl_rng *r, uint32_t n);

/* FUZZ_PLAIN is set: leave mutation to libFuzzer. */
int nl_mutate_plain(void);

/*
 * Mutate the attribute stream buf[0..len) (capacity cap) in place, as
 * attributes; the new length, or 0 when it found no attribute to work
 * on (buf is then as it was).
 */
size_t nl_mutate_attrs(uint8_t *buf, size_t len, size_t cap,
		       struct nl_rng *r);

/*
 * Mutate one netlink message buf[0..len) (capacity cap): its header's
 * type and flags, its family header, or its attributes, found after the
 * shortest family header after which the rest parses as attributes.
 * nlmsg_len follows.  The new length.
 */
size_t nl_mutate_msg(uint8_t *buf, size_t len, size_t cap, struct nl_rng *r);

#endif
