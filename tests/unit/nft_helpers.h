/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the nf_tables unit tests share: a net of the "full" profile with
 * one NETLINK_NETFILTER socket of CAP_NET_ADMIN (setup, teardown), batch
 * and request builders, and the reader of what came back.
 */
#ifndef UNETLINK_TESTS_UNIT_NFT_HELPERS_H
#define UNETLINK_TESTS_UNIT_NFT_HELPERS_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include <unetlink/unetlink.h>

#define NFT_TYPE(msg) ((NFNL_SUBSYS_NFTABLES << 8) | (msg))

static struct unl_net *g_net;
static struct unl_sock *g_sk;

/* ---- building requests ---- */

struct req {
	uint8_t buf[8192];
	size_t len;
	struct nlmsghdr *cur;
	uint32_t seq;
};

static inline void req_msg(struct req *r, uint16_t type, uint16_t flags,
		    uint8_t family, uint16_t res_id)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(r->buf + r->len);
	struct nfgenmsg *nfg = NLMSG_DATA(nlh);

	memset(nlh, 0, NLMSG_SPACE(sizeof(*nfg)));
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(*nfg));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++r->seq;
	nfg->nfgen_family = family;
	nfg->res_id = htons(res_id);
	r->cur = nlh;
	r->len += NLMSG_SPACE(sizeof(*nfg));
}

static inline struct nlattr *req_attr(struct req *r, uint16_t type, const void *d,
			       size_t n)
{
	struct nlattr *a = (struct nlattr *)(r->buf + r->len);
	size_t total = NLA_ALIGN(NLA_HDRLEN + n);

	memset(a, 0, total);
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	if (n)
		memcpy((uint8_t *)a + NLA_HDRLEN, d, n);
	r->len += total;
	r->cur->nlmsg_len += (uint32_t)total;
	return a;
}

static inline void req_str(struct req *r, uint16_t type, const char *s)
{
	req_attr(r, type, s, strlen(s) + 1);
}

static inline void req_be32(struct req *r, uint16_t type, uint32_t v)
{
	v = htonl(v);
	req_attr(r, type, &v, 4);
}

/* A nest around what is added until req_nest_end(). */
static inline struct nlattr *req_nest(struct req *r, uint16_t type)
{
	return req_attr(r, type, NULL, 0);
}

static inline void req_nest_end(struct req *r, struct nlattr *a)
{
	a->nla_len = (uint16_t)((r->buf + r->len) - (uint8_t *)a);
}

static inline void batch_begin(struct req *r)
{
	req_msg(r, NFNL_MSG_BATCH_BEGIN, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
}

static inline void batch_end(struct req *r)
{
	req_msg(r, NFNL_MSG_BATCH_END, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
}

static inline void add_table(struct req *r, const char *name, uint16_t flags)
{
	req_msg(r, NFT_TYPE(NFT_MSG_NEWTABLE), NLM_F_CREATE | flags,
		NFPROTO_IPV4, 0);
	req_str(r, NFTA_TABLE_NAME, name);
}

static inline void add_chain(struct req *r, const char *table, const char *name,
		      int hooknum)
{
	struct nlattr *hook;

	req_msg(r, NFT_TYPE(NFT_MSG_NEWCHAIN), NLM_F_CREATE, NFPROTO_IPV4, 0);
	req_str(r, NFTA_CHAIN_TABLE, table);
	req_str(r, NFTA_CHAIN_NAME, name);
	if (hooknum >= 0) {
		hook = req_nest(r, NFTA_CHAIN_HOOK);
		req_be32(r, NFTA_HOOK_HOOKNUM, (uint32_t)hooknum);
		req_be32(r, NFTA_HOOK_PRIORITY, 0);
		req_nest_end(r, hook);
	}
}

/* ---- talking ---- */

static inline void send_req(struct req *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	assert_int_equal(unl_sendto(g_sk, r->buf, r->len, 0,
				    (struct sockaddr *)&sa, sizeof(sa)),
			 (ssize_t)r->len);
}

/* The next message (of a datagram read whole), or NULL. */
static uint8_t g_rbuf[65536];
static size_t g_rlen, g_roff;

static inline struct nlmsghdr *next_msg(void)
{
	struct nlmsghdr *nlh;
	ssize_t n;

	if (g_roff >= g_rlen) {
		n = unl_recvfrom(g_sk, g_rbuf, sizeof(g_rbuf), MSG_DONTWAIT,
				 NULL, NULL);
		if (n <= 0)
			return NULL;
		g_rlen = (size_t)n;
		g_roff = 0;
	}
	nlh = (struct nlmsghdr *)(g_rbuf + g_roff);
	g_roff += NLMSG_ALIGN(nlh->nlmsg_len);
	return nlh;
}

static inline void expect_nothing(void)
{
	assert_null(next_msg());
}

/* ---- fixtures ---- */

static inline int setup(void **state)
{
	struct unl_net_config cfg = { 0 };
	struct unl_cred cred;

	(void)state;
	assert_int_equal(unl_profile_load("full", &cfg.profile, NULL, 0), 0);
	assert_int_equal(unl_net_new_config(&g_net, &cfg), 0);
	unl_profile_unref(cfg.profile);
	unl_cred_from_process(&cred);
	cred.caps |= UNL_CAP(CAP_NET_ADMIN);
	assert_int_equal(unl_socket(g_net, SOCK_RAW, NETLINK_NETFILTER, &cred,
				    &g_sk),
			 0);
	g_rlen = g_roff = 0;
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	unl_close(g_sk);
	unl_net_free(g_net);
	return 0;
}

/* A rule's expression storing 16 bytes (zeros) in register 1: what a
 * load of it needs before it, Linux 6.12 on (nft_ctx's reg_inited). */
static inline void req_store_reg1(struct req *r)
{
	static const uint8_t value[16];
	struct nlattr *elem, *data, *d;

	elem = req_nest(r, NFTA_LIST_ELEM);
	req_str(r, NFTA_EXPR_NAME, "immediate");
	data = req_nest(r, NFTA_EXPR_DATA);
	req_be32(r, NFTA_IMMEDIATE_DREG, NFT_REG_1);
	d = req_nest(r, NFTA_IMMEDIATE_DATA);
	req_attr(r, NFTA_DATA_VALUE, value, sizeof(value));
	req_nest_end(r, d);
	req_nest_end(r, data);
	req_nest_end(r, elem);
}

#endif
