/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x_tables as the rest of the kernel uses it (tc's em_ipt, ip_tables.c):
 * a match or target of nft_compat's catalogue found by family, name and
 * revision, and checked as xt_check_match() and xt_check_target() check
 * one.  Not installed.
 */
#ifndef UNETLINK_PROTO_X_TABLES_H
#define UNETLINK_PROTO_X_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

struct xt_ext;
struct xt_check;

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

/* xt_request_find_match(), xt_request_find_target(): the extension of
 * name (XT_EXTENSION_MAXNAMELEN bytes as a table holds them) and rev
 * registered for family or for every family, or NULL with *err:
 * -EINVAL (an unterminated name), -EPROTOTYPE (only other revisions in
 * the generic list), -ENOENT. */
const struct xt_ext *xt_find_ext(const struct unl_profile *p, uint8_t family,
				 const char *name, uint8_t rev, bool target,
				 int *err);
/* xt_check_match(), xt_check_target(): par filled but for its size,
 * the info's size bytes; 0 or -errno. */
int xt_check_ext(const struct xt_ext *x, struct xt_check *par, uint32_t size);
/* the extension's destroy, given back what its check took */
void xt_ext_destroy(const struct xt_ext *x, struct unl_net *net,
		    const void *info, uint8_t family);
/* xt_find_revision(): 0 when rev is registered, -EPROTONOSUPPORT when
 * only others are, -ENOENT for an unknown name. */
int xt_ext_revision(const struct unl_profile *p, uint8_t family,
		    const char *name, uint8_t rev, bool target);
/* The i-th registration of the catalogue, NULL past the end; whether
 * the kernel of p registered it in family's own list (generic: in
 * NFPROTO_UNSPEC's). */
const struct xt_ext *xt_ext_nth(size_t i);
bool xt_ext_listed(const struct unl_profile *p, const struct xt_ext *x,
		   uint8_t family, bool generic);
/* what a dump shows of an extension's info: its size and the leading
 * bytes of it copied (usersize) */
uint16_t xt_ext_size(const struct xt_ext *x);
uint16_t xt_ext_usersize(const struct xt_ext *x);
bool xt_ext_is_target(const struct xt_ext *x);
const char *xt_ext_name(const struct xt_ext *x);

#endif
