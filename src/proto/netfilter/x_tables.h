/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x_tables as the rest of the kernel uses it (tc's em_ipt): a match of
 * nft_compat's catalogue found by family, name and revision, and
 * checked as xt_check_match() checks one.  Not installed.
 */
#ifndef UNETLINK_PROTO_X_TABLES_H
#define UNETLINK_PROTO_X_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

struct xt_ext;

/* xt_request_find_match(): the match the kernel of profile p registered
 * for family (or for every family: *found_family is then
 * NFPROTO_UNSPEC, else family), NULL when there is none (ENOENT). */
const struct xt_ext *xt_request_find_match(const struct unl_profile *p,
					   uint8_t family, const char *name,
					   uint8_t rev, uint8_t *found_family);
/* xt_check_match() of a match in table at the hooks of hook_mask, its
 * info of size bytes (XT_ALIGN'ed, as the caller copied it), with no
 * protocol: 0 or -errno.  info may be completed by the check. */
int xt_check_match_at(const struct xt_ext *x, uint8_t family,
		      const char *table, uint32_t hook_mask, void *info,
		      uint32_t size);
/* the match's destroy, given back what its check took */
void xt_match_destroy(const struct xt_ext *x, struct unl_net *net,
		      const void *info, uint8_t family);
/* matchsize, or usersize when user and the match has one: what a dump
 * shows */
uint16_t xt_match_size(const struct xt_ext *x, bool user);

#endif
