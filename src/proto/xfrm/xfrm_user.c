// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_XFRM: the front door (net/xfrm/xfrm_user.c's
 * xfrm_user_net_init, xfrm_netlink_rcv, xfrm_user_rcv_msg) and the
 * per-net state it serves.
 *
 * Every request needs CAP_NET_ADMIN, GETs too.  A GETSA or GETPOLICY
 * with NLM_F_DUMP starts a dump before its attributes are looked at;
 * every other request has its fixed header checked against
 * xfrm_msg_min and its attributes parsed liberally against xfrma_policy
 * (nlmsg_parse_deprecated), then goes to its handler.  Groups need
 * CAP_NET_ADMIN too: the kernel socket has no NONROOT flags.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/capability.h>
#include <netinet/in.h>

#include <unetlink/profile.h>

#include "core/internal.h"
#include "proto/xfrm/xfrm-private.h"

#define XFRM_NR_TYPES (XFRM_MSG_MAX + 1 - XFRM_MSG_BASE)

/*
 * The minimum lengths Linux gives each attribute (xfrma_policy): the
 * structures as NLA_UNSPEC with a minimum, the numbers by type.  From
 * XFRMA_SA_DIR on, attributes are validated strictly.
 */
const struct unl_nla_policy xfrma_policy[XFRM_A_MAX + 1] = {
	[XFRMA_UNSPEC] = { .strict_start_type = XFRM_A_SA_DIR },
	[XFRMA_ALG_AUTH] = { .len = sizeof(struct xfrm_algo) },
	[XFRMA_ALG_CRYPT] = { .len = sizeof(struct xfrm_algo) },
	[XFRMA_ALG_COMP] = { .len = sizeof(struct xfrm_algo) },
	[XFRMA_ENCAP] = { .len = sizeof(struct xfrm_encap_tmpl) },
	[XFRMA_TMPL] = { .len = sizeof(struct xfrm_user_tmpl) },
	[XFRMA_SA] = { .len = sizeof(struct xfrm_usersa_info) },
	[XFRMA_POLICY] = { .len = sizeof(struct xfrm_userpolicy_info) },
	[XFRMA_SEC_CTX] = { .len = sizeof(struct xfrm_user_sec_ctx) },
	[XFRMA_LTIME_VAL] = { .len = sizeof(struct xfrm_lifetime_cur) },
	[XFRMA_REPLAY_VAL] = { .len = sizeof(struct xfrm_replay_state) },
	[XFRMA_REPLAY_THRESH] = { .type = UNL_NLA_U32 },
	[XFRMA_ETIMER_THRESH] = { .type = UNL_NLA_U32 },
	[XFRMA_SRCADDR] = { .len = sizeof(xfrm_address_t) },
	[XFRMA_COADDR] = { .len = sizeof(xfrm_address_t) },
	[XFRMA_LASTUSED] = { .type = UNL_NLA_U64 },
	[XFRMA_POLICY_TYPE] = { .len = sizeof(struct xfrm_userpolicy_type) },
	[XFRMA_MIGRATE] = { .len = sizeof(struct xfrm_user_migrate) },
	[XFRMA_ALG_AEAD] = { .len = sizeof(struct xfrm_algo_aead) },
	[XFRMA_KMADDRESS] = { .len = sizeof(struct xfrm_user_kmaddress) },
	[XFRMA_ALG_AUTH_TRUNC] = { .len = sizeof(struct xfrm_algo_auth) },
	[XFRMA_MARK] = { .len = sizeof(struct xfrm_mark) },
	[XFRMA_TFCPAD] = { .type = UNL_NLA_U32 },
	[XFRMA_REPLAY_ESN_VAL] = { .len = sizeof(struct xfrm_replay_state_esn) },
	[XFRMA_SA_EXTRA_FLAGS] = { .type = UNL_NLA_U32 },
	[XFRMA_PROTO] = { .type = UNL_NLA_U8 },
	[XFRMA_ADDRESS_FILTER] = { .len = sizeof(struct xfrm_address_filter) },
	[XFRMA_OFFLOAD_DEV] = { .len = sizeof(struct xfrm_user_offload) },
	[XFRMA_SET_MARK] = { .type = UNL_NLA_U32 },
	[XFRMA_SET_MARK_MASK] = { .type = UNL_NLA_U32 },
	[XFRMA_IF_ID] = { .type = UNL_NLA_U32 },
	[XFRMA_MTIMER_THRESH] = { .type = UNL_NLA_U32 },
	[XFRM_A_SA_DIR] = UNL_NLA_POLICY_RANGE(UNL_NLA_U8, XFRM_SA_DIR_IN,
					       XFRM_SA_DIR_OUT),
	[XFRM_A_NAT_KEEPALIVE_INTERVAL] = { .type = UNL_NLA_U32 },
	[XFRM_A_SA_PCPU] = { .type = UNL_NLA_U32 },
	[XFRM_A_IPTFS_DROP_TIME] = { .type = UNL_NLA_U32 },
	[XFRM_A_IPTFS_REORDER_WINDOW] = { .type = UNL_NLA_U16 },
	[XFRM_A_IPTFS_DONT_FRAG] = { .type = UNL_NLA_FLAG },
	[XFRM_A_IPTFS_INIT_DELAY] = { .type = UNL_NLA_U32 },
	[XFRM_A_IPTFS_MAX_QSIZE] = { .type = UNL_NLA_U32 },
	[XFRM_A_IPTFS_PKT_SIZE] = { .type = UNL_NLA_U32 },
};

/* NEWSPDINFO parses with a policy of its own (xfrma_spd_policy). */
static const struct unl_nla_policy xfrma_spd_policy[XFRMA_SPD_MAX + 1] = {
	[XFRMA_SPD_IPV4_HTHRESH] = { .len = sizeof(struct xfrmu_spdhthresh) },
	[XFRMA_SPD_IPV6_HTHRESH] = { .len = sizeof(struct xfrmu_spdhthresh) },
};

/* struct xfrm_link: a message type's handlers. */
struct xfrm_link {
	int (*doit)(struct xfrm_req *r);
	int (*start)(struct unl_callback *cb);
	int (*dump)(struct unl_skb *skb, struct unl_callback *cb);
	int (*done)(struct unl_callback *cb);
	const struct unl_nla_policy *nla_pol;
	int nla_max;
	int min; /* xfrm_msg_min: the fixed header's length */
};

#define T(m) [XFRM_MSG_##m - XFRM_MSG_BASE]
static const struct xfrm_link xfrm_dispatch[XFRM_NR_TYPES] = {
	T(NEWSA) = { .doit = xfrm_add_sa,
		     .min = sizeof(struct xfrm_usersa_info) },
	T(DELSA) = { .doit = xfrm_del_sa,
		     .min = sizeof(struct xfrm_usersa_id) },
	T(GETSA) = { .doit = xfrm_get_sa, .dump = xfrm_dump_sa,
		     .done = xfrm_dump_sa_done,
		     .min = sizeof(struct xfrm_usersa_id) },
	T(NEWPOLICY) = { .doit = xfrm_add_policy,
			 .min = sizeof(struct xfrm_userpolicy_info) },
	T(DELPOLICY) = { .doit = xfrm_get_policy,
			 .min = sizeof(struct xfrm_userpolicy_id) },
	T(GETPOLICY) = { .doit = xfrm_get_policy,
			 .start = xfrm_dump_policy_start,
			 .dump = xfrm_dump_policy,
			 .min = sizeof(struct xfrm_userpolicy_id) },
	T(ALLOCSPI) = { .doit = xfrm_alloc_userspi,
			.min = sizeof(struct xfrm_userspi_info) },
	T(ACQUIRE) = { .doit = xfrm_add_acquire,
		       .min = sizeof(struct xfrm_user_acquire) },
	T(EXPIRE) = { .doit = xfrm_add_sa_expire,
		      .min = sizeof(struct xfrm_user_expire) },
	T(UPDPOLICY) = { .doit = xfrm_add_policy,
			 .min = sizeof(struct xfrm_userpolicy_info) },
	T(UPDSA) = { .doit = xfrm_add_sa,
		     .min = sizeof(struct xfrm_usersa_info) },
	T(POLEXPIRE) = { .doit = xfrm_add_pol_expire,
			 .min = sizeof(struct xfrm_user_polexpire) },
	T(FLUSHSA) = { .doit = xfrm_flush_sa,
		       .min = sizeof(struct xfrm_usersa_flush) },
	T(FLUSHPOLICY) = { .doit = xfrm_flush_policy },
	T(NEWAE) = { .doit = xfrm_new_ae,
		     .min = sizeof(struct xfrm_aevent_id) },
	T(GETAE) = { .doit = xfrm_get_ae,
		     .min = sizeof(struct xfrm_aevent_id) },
	T(REPORT) = { .min = sizeof(struct xfrm_user_report) },
	T(MIGRATE) = { .doit = xfrm_do_migrate,
		       .min = sizeof(struct xfrm_userpolicy_id) },
	T(MAPPING) = { .min = sizeof(struct xfrm_user_mapping) },
	T(GETSADINFO) = { .doit = xfrm_get_sadinfo, .min = sizeof(uint32_t) },
	T(NEWSPDINFO) = { .doit = xfrm_set_spdinfo, .min = sizeof(uint32_t),
			  .nla_pol = xfrma_spd_policy,
			  .nla_max = XFRMA_SPD_MAX },
	T(GETSPDINFO) = { .doit = xfrm_get_spdinfo, .min = sizeof(uint32_t) },
	T(SETDEFAULT) = { .doit = xfrm_set_default,
			  .min = sizeof(struct xfrm_userpolicy_default) },
	T(GETDEFAULT) = { .doit = xfrm_get_default,
			  .min = sizeof(struct xfrm_userpolicy_default) },
};
#undef T

struct xfrm_net *xfrm_net_get(struct unl_net *net)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_XFRM);

	return ksk ? unl_kernel_priv(ksk) : NULL;
}

/* xfrm_nlmsg_multicast(): consumes skb. */
int xfrm_nlmsg_multicast(struct xfrm_net *xn, struct unl_skb *skb,
			 unsigned int group)
{
	unl_skb_cb(skb)->dst_group = group;
	return unl_broadcast(xn->ksk, skb, 0, group);
}

/* The size of a new message: what the largest SA takes (ESN bitmap,
 * keys and all), as xfrm_sa_len() sizes it. */
#define XFRM_MSG_SIZE 4096

/* Write m into skb: 0, or -EMSGSIZE with nothing of it left. */
int xfrm_msg_put(struct unl_skb *skb, const struct xfrm_msg *m)
{
	struct nlmsghdr *nlh = unl_nlmsg_put(skb, m->portid, m->seq, m->type,
					     (int)m->hdrlen, m->flags);

	if (!nlh)
		return -EMSGSIZE;
	/* copied: the headers hold 64-bit members, a message aligns to 4 */
	if (m->hdrlen)
		memcpy(NLMSG_DATA(nlh), m->hdr, m->hdrlen);
	if ((m->attr && unl_nla_put(skb, m->attr, (int)m->attr_len,
				    m->attr_data)) ||
	    (m->put_attrs && m->put_attrs(skb, m->obj))) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* An event to group: lost, as Linux loses it, when it cannot be
 * allocated. */
void xfrm_msg_multicast(struct xfrm_net *xn, const struct xfrm_msg *m,
			unsigned int group)
{
	struct unl_skb *skb = unl_nlmsg_new(XFRM_MSG_SIZE);

	if (!skb)
		return;
	if (xfrm_msg_put(skb, m)) {
		unl_skb_free(skb);
		return;
	}
	xfrm_nlmsg_multicast(xn, skb, group);
}

/* The answer to r, to the socket that asked: 0 or -errno. */
int xfrm_msg_reply(struct xfrm_req *r, const struct xfrm_msg *m)
{
	uint32_t portid = unl_skb_cb(r->skb)->portid;
	struct unl_skb *skb = unl_nlmsg_new(XFRM_MSG_SIZE);
	int err;

	if (!skb)
		return -ENOMEM;
	err = xfrm_msg_put(skb, m);
	if (err) {
		unl_skb_free(skb);
		return err;
	}
	err = unl_unicast(r->xn->ksk, skb, portid, true);
	return err < 0 ? err : 0;
}

uint32_t xfrm_mark_get(const struct nlattr **attrs, struct xfrm_mark *m)
{
	if (attrs[XFRMA_MARK])
		memcpy(m, unl_nla_data(attrs[XFRMA_MARK]), sizeof(*m));
	else
		m->v = m->m = 0;
	return m->v & m->m;
}

int xfrm_mark_put(struct unl_skb *skb, const struct xfrm_mark *m)
{
	if (!(m->v | m->m))
		return 0;
	return unl_nla_put(skb, XFRMA_MARK, sizeof(*m), m);
}

int xfrm_if_id_put(struct unl_skb *skb, uint32_t if_id)
{
	return if_id ? unl_nla_put_u32(skb, XFRMA_IF_ID, if_id) : 0;
}

/* A context is checked, then given to the LSM; with none that keeps
 * xfrm contexts (security_xfrm_*_alloc() is 0), it is dropped as
 * Linux drops it. */
int xfrm_verify_sec_ctx_len(const struct nlattr **attrs,
			    struct unl_ext_ack *extack)
{
	const struct nlattr *rt = attrs[XFRMA_SEC_CTX];
	struct xfrm_user_sec_ctx uctx;

	if (!rt)
		return 0;
	memcpy(&uctx, unl_nla_data(rt), sizeof(uctx));
	if (uctx.len > unl_nla_len(rt) ||
	    uctx.len != sizeof(uctx) + uctx.ctx_len) {
		UNL_SET_ERR_MSG(extack, "Invalid security context length");
		return -EINVAL;
	}
	return 0;
}

/* copy_from_user_policy_type() with verify_policy_type(). */
int xfrm_user_policy_type(uint8_t *tp, const struct nlattr **attrs,
			  struct unl_ext_ack *extack, bool sub_ok)
{
	uint8_t type = XFRM_POLICY_TYPE_MAIN;

	if (attrs[XFRMA_POLICY_TYPE]) {
		const struct xfrm_userpolicy_type *upt =
			unl_nla_data(attrs[XFRMA_POLICY_TYPE]);

		type = upt->type;
	}
	if (type != XFRM_POLICY_TYPE_MAIN &&
	    !(type == XFRM_POLICY_TYPE_SUB && sub_ok)) {
		UNL_SET_ERR_MSG(extack, "Invalid policy type");
		return -EINVAL;
	}
	*tp = type;
	return 0;
}

/* copy_to_user_policy_type(): a kernel with sub policies always says
 * which type; one without says nothing. */
int xfrm_put_policy_type(struct unl_skb *skb, uint8_t type)
{
	struct xfrm_userpolicy_type upt = { .type = type };

	return unl_nla_put(skb, XFRMA_POLICY_TYPE, sizeof(upt), &upt);
}

/* HZ: the kernel's tick rate, what replay_maxage counts in */
unsigned int xfrm_hz(const struct xfrm_net *xn)
{
	return xn->net->hz > 0 ? (unsigned int)xn->net->hz : 250;
}

/* ktime_get_real_seconds(): what add_time and use_time count in. */
int64_t xfrm_real_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

/* now + secs on the net's clock, capped as make_jiffies() caps a
 * timeout: a lifetime of centuries never comes. */
int64_t xfrm_deadline(int64_t now, int64_t secs)
{
	if (secs >= (INT64_MAX - now) / UNL_NSEC_PER_SEC)
		return INT64_MAX;
	return now + secs * UNL_NSEC_PER_SEC;
}

bool xfrm_id_proto_valid(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_AH:
	case IPPROTO_ESP:
	case IPPROTO_COMP:
	case IPPROTO_ROUTING:
	case IPPROTO_DSTOPTS:
		return true;
	default:
		return false;
	}
}

/* xfrm_id_proto_match(): 0 is any, IPSEC_PROTO_ANY is AH, ESP or
 * COMP. */
bool xfrm_id_proto_match(uint8_t proto, uint8_t userproto)
{
	return !userproto || proto == userproto ||
	       (userproto == IPSEC_PROTO_ANY &&
		(proto == IPPROTO_AH || proto == IPPROTO_ESP ||
		 proto == IPPROTO_COMP));
}

/* xfrm_addr_equal(): an address of any family but IPv6 is compared
 * as IPv4. */
bool xfrm_addr_equal(const xfrm_address_t *a, const xfrm_address_t *b,
		     uint16_t family)
{
	if (family == AF_INET6)
		return !memcmp(a, b, sizeof(*a));
	return a->a4 == b->a4;
}

/* xfrm_addr_any(): an unspecified address, of IPv4 or IPv6 only. */
bool xfrm_addr_any(const xfrm_address_t *a, uint16_t family)
{
	static const xfrm_address_t zero;

	if (family == AF_INET)
		return !a->a4;
	if (family == AF_INET6)
		return !memcmp(a, &zero, sizeof(zero));
	return false;
}

/* addr_match(): the first plen bits, in network order. */
bool xfrm_addr_match(const void *t1, const void *t2, unsigned int plen)
{
	const uint8_t *a = t1, *b = t2;
	unsigned int bytes = plen / 8, bits = plen % 8;

	if (memcmp(a, b, bytes))
		return false;
	if (bits) {
		uint8_t mask = (uint8_t)(0xff << (8 - bits));

		return !((a[bytes] ^ b[bytes]) & mask);
	}
	return true;
}

/* The namespace Linux sends some xfrm events to whatever net they
 * concern (xfrm_send_migrate() uses &init_net): the world's first net,
 * while it lives. */
struct xfrm_net *xfrm_init_net(struct xfrm_net *xn)
{
	struct unl_net *net = unl_world_net_by_id(unl_net_world(xn->net),
						  WORLD_FIRST_ID);

	return net ? xfrm_net_get(net) : NULL;
}

/* xfrm_reject_unused_attr(): the SA attributes only some requests
 * take. */
static int xfrm_reject_unused_attr(int type, const struct nlattr **attrs,
				   struct unl_ext_ack *extack)
{
	if (attrs[XFRM_A_SA_DIR] && type != XFRM_MSG_NEWSA &&
	    type != XFRM_MSG_UPDSA && type != XFRM_MSG_ALLOCSPI) {
		UNL_SET_ERR_MSG(extack, "Invalid attribute SA_DIR");
		return -EINVAL;
	}
	if (attrs[XFRM_A_SA_PCPU] && type != XFRM_MSG_NEWSA &&
	    type != XFRM_MSG_UPDSA && type != XFRM_MSG_ALLOCSPI &&
	    type != XFRM_MSG_ACQUIRE) {
		UNL_SET_ERR_MSG(extack, "Invalid attribute SA_PCPU");
		return -EINVAL;
	}
	return 0;
}

static int xfrm_dump_start(struct xfrm_net *xn, struct unl_skb *skb,
			   struct nlmsghdr *nlh, const struct xfrm_link *link)
{
	struct unl_dump_control c = {
		.start = link->start,
		.dump = link->dump,
		.done = link->done,
	};

	if (!link->dump)
		return -EINVAL;
	return unl_dump_start(xn->ksk, skb, nlh, &c);
}

/* xfrm_user_rcv_msg() */
static int xfrm_user_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			     struct unl_ext_ack *extack)
{
	struct xfrm_net *xn = xfrm_net_get(unl_sock_net(unl_skb_cb(skb)->sk));
	const struct nlattr *attrs[XFRM_A_MAX + 1];
	const struct xfrm_link *link;
	int type = nlh->nlmsg_type, err;

	if (type > XFRM_MSG_MAX)
		return -EINVAL;
	link = &xfrm_dispatch[type - XFRM_MSG_BASE];
	/* All operations require privileges, even GET */
	if (!unl_skb_capable(skb, CAP_NET_ADMIN))
		return -EPERM;
	if ((type == XFRM_MSG_GETSA || type == XFRM_MSG_GETPOLICY) &&
	    (nlh->nlmsg_flags & NLM_F_DUMP))
		return xfrm_dump_start(xn, skb, nlh, link);
	memset(attrs, 0, sizeof(attrs));
	err = unl_nlmsg_parse(nlh, link->min, attrs,
			      link->nla_max ? link->nla_max : XFRM_A_MAX,
			      link->nla_pol ? link->nla_pol : xfrma_policy,
			      UNL_VALIDATE_LIBERAL, extack);
	if (err < 0)
		return err;
	if (!link->nla_pol) {
		err = xfrm_reject_unused_attr(type, attrs, extack);
		if (err < 0)
			return err;
	}
	if (!link->doit)
		return -EINVAL;
	return link->doit(&(struct xfrm_req){ .xn = xn, .skb = skb,
					      .nlh = nlh, .attrs = attrs,
					      .extack = extack });
}

/* xfrm_netlink_rcv() */
static void xfrm_netlink_rcv(struct unl_skb *skb)
{
	unl_rcv_skb(skb, xfrm_user_rcv_msg);
}

static void xfrm_user_net_exit(struct unl_net *net)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_XFRM);
	struct xfrm_net *xn = ksk ? unl_kernel_priv(ksk) : NULL;

	if (xn) {
		net_lock(net);
		xfrm_policy_fini(xn);
		xfrm_state_fini(xn);
		net_unlock(net);
	}
	unl_kernel_release(ksk);
	free(xn);
}

/* xfrm_user_net_init() with xfrm_net_init()'s fresh SPD and SAD: the
 * hash sizes and thresholds and the default policies a namespace
 * starts with.  A kernel without xfrm_user has no NETLINK_XFRM. */
int xfrm_user_net_init(struct unl_net *net)
{
	const struct unl_profile *p = unl_net_profile(net);
	struct unl_kernel_cfg cfg = {
		.groups = XFRMNLGRP_MAX,
		.input = xfrm_netlink_rcv,
	};
	struct xfrm_net *xn;
	struct unl_sock *ksk;
	int err;

	if (!unl_profile_has(p, UNL_PROFILE_FEATURE, "XFRM_USER"))
		return -EPROTONOSUPPORT;
	xn = calloc(1, sizeof(*xn));
	if (!xn)
		return -ENOMEM;
	xn->net = net;
	xn->idx_hmask = 8 - 1;
	xn->st_hmask = 8 - 1;
	xn->lbits4 = xn->rbits4 = 32;
	xn->lbits6 = xn->rbits6 = 128;
	for (int d = 0; d < XFRM_NDIR; d++)
		xn->policy_default[d] = XFRM_USERPOLICY_ACCEPT;
	xn->sub_policy = unl_profile_has(p, UNL_PROFILE_FEATURE,
					 "XFRM_SUB_POLICY");
	cfg.priv = xn;
	err = unl_kernel_create(net, NETLINK_XFRM, &cfg, &ksk);
	if (err) {
		free(xn);
		return err;
	}
	xn->ksk = ksk;
	net_set_fini(net, NETLINK_XFRM, xfrm_user_net_exit);
	return 0;
}
