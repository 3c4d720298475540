/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * NETLINK_XFRM: what the xfrm files share.  A struct xfrm_net is one
 * network namespace's IPsec control plane (net->xfrm in Linux): the
 * security policy database (policy.c), the security association
 * database (state.c), and the types and algorithms its kernel offers
 * (types.c, from the profile).  Nothing encrypts a packet.
 *
 * Every function here runs with the net locked (kernel.h), which plays
 * the part of xfrm_cfg_mutex and the xfrm locks.
 */
#ifndef UNETLINK_XFRM_PRIVATE_H
#define UNETLINK_XFRM_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/ipsec.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>

#include <unetlink/attr.h>
#include <unetlink/kernel.h>

#include "core/hash.h"

/* Attributes and values newer than the uapi headers this builds
 * against (numbers from Linux 6.18's include/uapi/linux/xfrm.h). */
#define XFRM_A_SA_DIR 33
#define XFRM_A_NAT_KEEPALIVE_INTERVAL 34
#define XFRM_A_SA_PCPU 35
#define XFRM_A_IPTFS_DROP_TIME 36
#define XFRM_A_IPTFS_REORDER_WINDOW 37
#define XFRM_A_IPTFS_DONT_FRAG 38
#define XFRM_A_IPTFS_INIT_DELAY 39
#define XFRM_A_IPTFS_MAX_QSIZE 40
#define XFRM_A_IPTFS_PKT_SIZE 41
#define XFRM_A_MAX 41
#define XFRM_SA_DIR_IN 1
#define XFRM_SA_DIR_OUT 2
#define XFRM_MODE_IPTFS_ 5
#define XFRM_MODE_MAX_ 6
#define XFRM_KM_TIMEOUT 30 /* seconds: a soft expiry repeats after this */
#define XFRM_MAX_DEPTH 6 /* templates in a policy (net/xfrm.h) */

/* XFRM_POLICY_IN/OUT/FWD; Linux counts socket policies after them. */
#define XFRM_NDIR 3

struct xfrm_net;

/* One policy (struct xfrm_policy), on the net's list of all policies,
 * newest linked first, as net->xfrm.policy_all. */
struct xfrm_pol {
	struct xfrm_pol *prev, *next;
	struct xfrm_net *xn;
	uint64_t serial; /* when it was linked: the list's order */
	uint8_t dir, type, action, flags, family;
	uint32_t priority, index, if_id;
	struct xfrm_selector sel;
	struct xfrm_lifetime_cfg lft;
	struct xfrm_lifetime_cur curlft;
	struct xfrm_mark mark;
	int nr;
	struct xfrm_user_tmpl tmpl[XFRM_MAX_DEPTH];
	int64_t added;  /* net clock when inserted (lifetimes) */
	struct unl_timer *timer;
};

/* One state (struct xfrm_state), on the net's list of all states,
 * newest first, as net->xfrm.state_all. */
struct xfrm_st {
	struct xfrm_st *prev, *next;
	struct xfrm_net *xn;
	uint64_t serial;
	uint8_t kstate; /* XFRM_STATE_VOID, ACQ, VALID, ... (net/xfrm.h) */
	struct xfrm_id id;
	struct xfrm_selector sel;
	struct xfrm_lifetime_cfg lft;
	struct xfrm_lifetime_cur curlft;
	struct xfrm_stats stats;
	xfrm_address_t saddr;
	uint16_t family;
	uint32_t reqid, seq;
	uint8_t mode, replay_window, flags;
	uint32_t extra_flags, tfcpad, if_id, replay_maxage, replay_maxdiff;
	uint32_t mapping_maxage;
	uint8_t dir, has_dir;
	struct xfrm_mark mark, smark;
	struct xfrm_replay_state replay;
	struct xfrm_replay_state_esn *esn; /* malloc'ed, or NULL */
	struct xfrm_algo *ealg, *calg;     /* malloc'ed, or NULL */
	struct xfrm_algo_auth *aalg;
	struct xfrm_algo_aead *aead;
	struct xfrm_encap_tmpl *encap;
	xfrm_address_t *coaddr;
	bool soft_warned; /* the soft expiry has been announced */
	int64_t added;
	struct unl_timer *timer;
	/* the indexes (state.c): by SPI, by addresses, by addresses and
	 * reqid; dst_hash is Linux's bydst hash before the mask */
	struct unl_hnode byspi, bysrc, bydst;
	uint32_t dst_hash;
	/* a comp state's hidden IP-in-IP tunnel (ipcomp_tunnel_attach);
	 * on that tunnel, Linux's tunnel_users: 1 + the comp states using
	 * it, and whether it holds an xfrm6_tunnel SPI, and whether it was
	 * deleted while they still use it (freed when the last lets go) */
	struct xfrm_st *tunnel;
	unsigned int tunnel_users;
	bool x6spi, free_deferred;
};

/* xfrm6_tunnel's SPI for a source address (xfrm6_tunnel_spi), shared
 * by the IPv6 tunnels from it. */
struct xfrm6_tunnel_spi {
	struct xfrm6_tunnel_spi *next;
	xfrm_address_t saddr;
	uint32_t spi; /* host order */
	unsigned int refcnt;
};

struct xfrm_net {
	struct unl_net *net;
	struct unl_sock *ksk;
	uint64_t serial;
	/* SPD */
	struct xfrm_pol *pol_all;
	unsigned int pol_count[XFRM_NDIR];
	uint32_t idx_generator;
	unsigned int idx_hmask;
	uint8_t lbits4, rbits4, lbits6, rbits6;
	uint8_t policy_default[XFRM_NDIR];
	/* SAD */
	struct xfrm_st *st_all;
	unsigned int st_num, st_hmask;
	struct unl_htab st_byspi, st_bysrc, st_bydst;
	/* how many states each of Linux's bydst buckets holds
	 * (st_hmask + 1 of them): a collision there grows the tables */
	uint32_t *st_dst_count;
	struct xfrm6_tunnel_spi *x6spi; /* xfrm6_tunnel_net */
	uint32_t x6spi_last;
	/* what the profile offers */
	bool sub_policy;
};

/* The parsed request a handler gets: its header and attributes. */
struct xfrm_req {
	struct xfrm_net *xn;
	struct unl_skb *skb;
	struct nlmsghdr *nlh;
	const struct nlattr **attrs;
	struct unl_ext_ack *extack;
};

/*
 * One message about an SA or a policy, as every xfrm event and reply
 * is built (dump_one_state(), xfrm_notify_sa(), build_expire(), their
 * policy twins, build_acquire(), build_migrate()):
 *
 *   nlmsghdr | fixed header (hdrlen) | [first attribute] | put_attrs()
 *
 * The first attribute carries the object itself when the header is
 * only its id (DELSA's XFRMA_SA, DELPOLICY's XFRMA_POLICY).
 */
struct xfrm_msg {
	int type, flags;
	uint32_t portid, seq;
	const void *hdr;
	size_t hdrlen;
	int attr; /* 0: none */
	const void *attr_data;
	size_t attr_len;
	int (*put_attrs)(struct unl_skb *skb, const void *obj); /* or NULL */
	const void *obj;
};

/* xfrm_user.c */
int xfrm_user_net_init(struct unl_net *net);
int xfrm_msg_put(struct unl_skb *skb, const struct xfrm_msg *m);
void xfrm_msg_multicast(struct xfrm_net *xn, const struct xfrm_msg *m,
			unsigned int group);
int xfrm_msg_reply(struct xfrm_req *r, const struct xfrm_msg *m);
extern const struct unl_nla_policy xfrma_policy[XFRM_A_MAX + 1];
struct xfrm_net *xfrm_net_get(struct unl_net *net);
int xfrm_nlmsg_multicast(struct xfrm_net *xn, struct unl_skb *skb,
			 unsigned int group);
uint32_t xfrm_mark_get(const struct nlattr **attrs, struct xfrm_mark *m);
int xfrm_mark_put(struct unl_skb *skb, const struct xfrm_mark *m);
int xfrm_if_id_put(struct unl_skb *skb, uint32_t if_id);
int xfrm_verify_sec_ctx_len(const struct nlattr **attrs,
			    struct unl_ext_ack *extack);
int xfrm_user_policy_type(uint8_t *tp, const struct nlattr **attrs,
			  struct unl_ext_ack *extack, bool sub_ok);
int xfrm_put_policy_type(struct unl_skb *skb, uint8_t type);
int64_t xfrm_real_seconds(void);
unsigned int xfrm_hz(const struct xfrm_net *xn);
int64_t xfrm_deadline(int64_t now, int64_t secs);
bool xfrm_id_proto_valid(uint8_t proto);
bool xfrm_id_proto_match(uint8_t proto, uint8_t userproto);
bool xfrm_addr_equal(const xfrm_address_t *a, const xfrm_address_t *b,
		     uint16_t family);
bool xfrm_addr_any(const xfrm_address_t *a, uint16_t family);
bool xfrm_addr_match(const void *t1, const void *t2, unsigned int plen);
struct xfrm_net *xfrm_init_net(struct xfrm_net *xn);

/* policy.c */
int xfrm_add_policy(struct xfrm_req *r);
int xfrm_get_policy(struct xfrm_req *r);
int xfrm_flush_policy(struct xfrm_req *r);
int xfrm_dump_policy_start(struct unl_callback *cb);
int xfrm_dump_policy(struct unl_skb *skb, struct unl_callback *cb);
int xfrm_get_spdinfo(struct xfrm_req *r);
int xfrm_set_spdinfo(struct xfrm_req *r);
int xfrm_set_default(struct xfrm_req *r);
int xfrm_get_default(struct xfrm_req *r);
int xfrm_add_pol_expire(struct xfrm_req *r);
int xfrm_add_acquire(struct xfrm_req *r);
void xfrm_policy_fini(struct xfrm_net *xn);
struct xfrm_pol *xfrm_policy_migrate_find(struct xfrm_net *xn,
					  const struct xfrm_selector *sel,
					  uint8_t dir, uint8_t type,
					  uint32_t if_id, int *errp);

/* state.c */
int xfrm_add_sa(struct xfrm_req *r);
int xfrm_del_sa(struct xfrm_req *r);
int xfrm_get_sa(struct xfrm_req *r);
int xfrm_flush_sa(struct xfrm_req *r);
int xfrm_alloc_userspi(struct xfrm_req *r);
int xfrm_get_sadinfo(struct xfrm_req *r);
int xfrm_new_ae(struct xfrm_req *r);
int xfrm_get_ae(struct xfrm_req *r);
int xfrm_add_sa_expire(struct xfrm_req *r);
int xfrm_dump_sa(struct unl_skb *skb, struct unl_callback *cb);
int xfrm_dump_sa_done(struct unl_callback *cb);
void xfrm_state_fini(struct xfrm_net *xn);
struct xfrm_st *xfrm_state_migrate_find(struct xfrm_net *xn,
					const struct xfrm_user_migrate *m,
					uint32_t if_id);
struct xfrm_st *xfrm_state_migrate(struct xfrm_net *xn, struct xfrm_st *x,
				   const struct xfrm_user_migrate *m,
				   const struct xfrm_encap_tmpl *encap,
				   const struct xfrm_user_offload *xuo,
				   struct unl_ext_ack *extack);
void xfrm_state_delete(struct xfrm_net *xn, struct xfrm_st *x);
int xfrm_ipcomp_tunnel_attach(struct xfrm_st *x);
int xfrm_dev_state_check(const struct xfrm_st *x,
			 const struct xfrm_user_offload *xuo,
			 struct unl_ext_ack *extack);

/* migrate.c */
int xfrm_do_migrate(struct xfrm_req *r);

/* types.c: the xfrm types (struct xfrm_type) and algorithms
 * (xfrm_algo.c) the net's kernel offers */
struct xfrm_type_ops {
	const char *description;
	uint8_t proto;
	/* the profile's names of the modules for IPv4 and IPv6 */
	const char *mod4, *mod6;
	/* init_state: 0 or -errno with extack */
	int (*init_state)(struct xfrm_st *x, struct unl_ext_ack *extack);
};
const struct xfrm_type_ops *xfrm_get_type(const struct xfrm_net *xn,
					  uint8_t proto, uint16_t family);

enum xfrm_alg_class { XFRM_ALG_AUTH, XFRM_ALG_ENCR, XFRM_ALG_COMP,
		      XFRM_ALG_AEAD };
struct xfrm_alg_desc {
	const char *name, *compat;
	uint8_t class;
	uint16_t icv_truncbits, icv_fullbits; /* auth; aead: icv bits */
	uint16_t defkeybits;
	uint8_t sadb_id;
	const char *geniv;
};
const struct xfrm_alg_desc *xfrm_alg_get_byname(const struct xfrm_net *xn,
						int class, const char *name,
						int icv_len);

#endif
