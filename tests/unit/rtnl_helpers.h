/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the rtnetlink unit tests share: a fresh net with a requesting and
 * a monitoring socket, a request builder, ACKs with their extended-ACK
 * message, and the collection of answers and notifications.
 */
#ifndef UNETLINK_TESTS_RTNL_HELPERS_H
#define UNETLINK_TESTS_RTNL_HELPERS_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/capability.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include <unetlink/profile.h>
#include <unetlink/unetlink.h>

struct fx {
	struct unl_net *net;
	struct unl_sock *sk;  /* root, requests */
	struct unl_sock *mon; /* root, every group of interest */
	uint32_t seq;
	int64_t now, t0; /* the test's clock and its start, for tests that
			    move time by hand (unl_debug_set_clock) */
};

/* ---- building requests ---- */

struct req {
	uint8_t buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	struct nlattr *nest[4];
	int depth;
};

static inline void *req_init(struct req *r, int type, int flags, size_t hdrlen)
{
	memset(r, 0, sizeof(*r));
	r->nlh = (struct nlmsghdr *)r->buf;
	r->nlh->nlmsg_type = (uint16_t)type;
	r->nlh->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	r->nlh->nlmsg_len = NLMSG_LENGTH(hdrlen);
	return NLMSG_DATA(r->nlh);
}

static inline void req_put(struct req *r, int type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(r->buf +
					     NLMSG_ALIGN(r->nlh->nlmsg_len));

	a->nla_type = (uint16_t)type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
	r->nlh->nlmsg_len = NLMSG_ALIGN(r->nlh->nlmsg_len) +
			    NLA_ALIGN(a->nla_len);
}

static inline void req_str(struct req *r, int type, const char *s)
{
	req_put(r, type, s, strlen(s) + 1);
}

static inline void req_u32(struct req *r, int type, uint32_t v)
{
	req_put(r, type, &v, sizeof(v));
}

static inline void req_u8(struct req *r, int type, uint8_t v)
{
	req_put(r, type, &v, sizeof(v));
}

static inline void req_u16(struct req *r, int type, uint16_t v)
{
	req_put(r, type, &v, sizeof(v));
}

static inline void req_u64(struct req *r, int type, uint64_t v)
{
	req_put(r, type, &v, sizeof(v));
}

static inline void req_nest(struct req *r, int type)
{
	r->nest[r->depth++] = (struct nlattr *)(r->buf +
						NLMSG_ALIGN(r->nlh->nlmsg_len));
	req_put(r, type, NULL, 0);
}

/* Raw bytes inside the current nest (a family header in VETH_INFO_PEER). */
static inline void req_raw(struct req *r, const void *data, size_t len)
{
	memcpy(r->buf + r->nlh->nlmsg_len, data, len);
	r->nlh->nlmsg_len += (uint32_t)NLMSG_ALIGN(len);
}

static inline void req_end(struct req *r)
{
	struct nlattr *a = r->nest[--r->depth];

	a->nla_len = (uint16_t)(r->buf + r->nlh->nlmsg_len - (uint8_t *)a);
}

/* ---- talking ---- */

static uint8_t rbuf[1 << 17] __attribute__((aligned(4)));

static inline void xsend(struct fx *f, struct req *r)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	r->nlh->nlmsg_seq = ++f->seq;
	assert_int_equal(unl_sendto(f->sk, r->buf, r->nlh->nlmsg_len, 0,
				    (struct sockaddr *)&k, sizeof(k)),
			 r->nlh->nlmsg_len);
}

/* The error of the ACK now queued (0 or -errno), and its extended-ACK
 * message ("" when none) in msg. */
static inline int ack_msg(struct fx *f, char *msg, size_t size)
{
	ssize_t n = unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL);
	struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off;
	const struct nlattr *m;

	assert_true(n >= (ssize_t)NLMSG_LENGTH(sizeof(*e)));
	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	msg[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return e->error;
	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	m = unl_nla_find((const struct nlattr *)(rbuf + off),
			 (int)(nlh->nlmsg_len - off), NLMSGERR_ATTR_MSG);
	if (m)
		snprintf(msg, size, "%s", (const char *)unl_nla_data(m));
	return e->error;
}

static inline int do_req_msg(struct fx *f, struct req *r, char *msg, size_t size)
{
	r->nlh->nlmsg_flags |= NLM_F_ACK;
	xsend(f, r);
	return ack_msg(f, msg, size);
}

static inline int do_req(struct fx *f, struct req *r)
{
	char msg[128];

	return do_req_msg(f, r, msg, sizeof(msg));
}

/* Send r with NLM_F_ACK and check its ACK: the error err and, unless
 * want is NULL, the extended-ACK message want ("" for none). */
static inline void check_req(struct fx *f, struct req *r, int err, const char *want)
{
	char msg[128];

	assert_int_equal(do_req_msg(f, r, msg, sizeof(msg)), err);
	if (want)
		assert_string_equal(msg, want);
}

/* Collect every message a dump or get answers into out (whole
 * datagrams, concatenated); returns the number of messages before
 * NLMSG_DONE. */
static uint8_t collected[1 << 18] __attribute__((aligned(4)));
static size_t collected_len;

static inline int collect(struct unl_sock *sk)
{
	int msgs = 0;
	ssize_t n;

	collected_len = 0;
	while ((n = unl_recvfrom(sk, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL)) > 0) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
		int rem = (int)n;

		for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
			if (nlh->nlmsg_type == NLMSG_DONE)
				return msgs;
			assert_true(collected_len + nlh->nlmsg_len <=
				    sizeof(collected));
			memcpy(collected + collected_len, nlh, nlh->nlmsg_len);
			collected_len += NLMSG_ALIGN(nlh->nlmsg_len);
			msgs++;
		}
	}
	return msgs;
}

static inline struct nlmsghdr *collected_msg(int i)
{
	size_t off = 0;

	for (;;) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(collected + off);

		assert_true(off < collected_len);
		if (!i--)
			return nlh;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
}

static inline const struct nlattr *attr(const struct nlmsghdr *nlh, size_t hdrlen,
				 int type)
{
	return unl_nla_find((const struct nlattr *)((const uint8_t *)
							    NLMSG_DATA(nlh) +
						    NLMSG_ALIGN(hdrlen)),
			    (int)(nlh->nlmsg_len - NLMSG_LENGTH(hdrlen)), type);
}

/* ---- fixtures ---- */

/* A net that follows a kernel profile (the reference taken over): "full"
 * (every kind and feature unetlink models, whatever the host kernel
 * lacks) to check the model against Linux's source, "minimal" or one of
 * the test's own for what a kernel without a feature answers. */
static inline int setup_with_profile(void **state, struct unl_profile *profile)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct unl_net_config cfg = { .profile = profile };

	assert_non_null(f);
	assert_int_equal(unl_net_new_config(&f->net, &cfg), 0);
	unl_profile_unref(profile);
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &f->sk),
			 0);
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &f->mon),
			 0);
	sa.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE |
		       RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE;
	assert_int_equal(unl_bind(f->mon, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	*state = f;
	return 0;
}

static inline int setup_profile(void **state, const char *name)
{
	struct unl_profile *p;

	assert_int_equal(unl_profile_load(name, &p, NULL, 0), 0);
	return setup_with_profile(state, p);
}

static inline int setup(void **state)
{
	return setup_profile(state, "full");
}

static inline int teardown(void **state)
{
	struct fx *f = *state;

	unl_net_free(f->net);
	free(f);
	return 0;
}

static inline int link_set_flags(struct fx *f, int ifindex, unsigned int flags)
{
	struct req r;
	struct ifinfomsg *ifm = req_init(&r, RTM_NEWLINK, 0, sizeof(*ifm));

	ifm->ifi_index = ifindex;
	ifm->ifi_flags = flags;
	ifm->ifi_change = IFF_UP;
	return do_req(f, &r);
}

static inline int veth_add(struct fx *f, const char *a, const char *b)
{
	struct req r;
	struct ifinfomsg peer = { 0 };
	struct ifinfomsg *ifm = req_init(&r, RTM_NEWLINK,
					 NLM_F_CREATE | NLM_F_EXCL,
					 sizeof(*ifm));

	(void)ifm;
	req_str(&r, IFLA_IFNAME, a);
	req_nest(&r, IFLA_LINKINFO);
	req_str(&r, IFLA_INFO_KIND, "veth");
	req_nest(&r, IFLA_INFO_DATA);
	req_nest(&r, VETH_INFO_PEER);
	req_raw(&r, &peer, sizeof(peer));
	req_str(&r, IFLA_IFNAME, b);
	req_end(&r);
	req_end(&r);
	req_end(&r);
	return do_req(f, &r);
}

static inline int getlink(struct fx *f, int ifindex, const char *name)
{
	struct req r;
	struct ifinfomsg *ifm = req_init(&r, RTM_GETLINK, 0, sizeof(*ifm));

	ifm->ifi_index = ifindex;
	if (name)
		req_str(&r, IFLA_IFNAME, name);
	xsend(f, &r);
	return collect(f->sk);
}

static inline uint8_t link_operstate(struct fx *f, int ifindex)
{
	assert_int_equal(getlink(f, ifindex, NULL), 1);
	return unl_nla_get_u8(attr(collected_msg(0), sizeof(struct ifinfomsg),
				   IFLA_OPERSTATE));
}

/* The attribute of type in the nest a (NULL when absent). */
static inline const struct nlattr *nested(const struct nlattr *a, int type)
{
	return a ? unl_nla_find((const struct nlattr *)unl_nla_data(a),
				unl_nla_len(a), type)
		 : NULL;
}

/* IFLA_LINKINFO's part (IFLA_INFO_DATA, IFLA_INFO_SLAVE_DATA) of a link
 * message. */
static inline const struct nlattr *linkinfo(const struct nlmsghdr *nlh,
					    int type)
{
	return nested(attr(nlh, sizeof(struct ifinfomsg), IFLA_LINKINFO),
		      type);
}

/* The link device called name as a fresh RTM_GETLINK shows it. */
static inline struct nlmsghdr *link_msg(struct fx *f, const char *name)
{
	assert_int_equal(getlink(f, 0, name), 1);
	return collected_msg(0);
}

/* Starts an RTM_NEWLINK of a device called name (CREATE|EXCL when
 * create) of the kind, with IFLA_INFO_DATA open when kind is not NULL:
 * the caller adds the kind's attributes and calls link_req_end(). */
static inline struct ifinfomsg *link_req(struct req *r, const char *name,
					 const char *kind, bool create)
{
	struct ifinfomsg *ifm = req_init(r, RTM_NEWLINK,
					 create ? NLM_F_CREATE | NLM_F_EXCL : 0,
					 sizeof(*ifm));

	if (name)
		req_str(r, IFLA_IFNAME, name);
	req_nest(r, IFLA_LINKINFO);
	if (kind) {
		req_str(r, IFLA_INFO_KIND, kind);
		req_nest(r, IFLA_INFO_DATA);
	}
	return ifm;
}

/* Closes what link_req() opened. */
static inline void link_req_end(struct req *r)
{
	while (r->depth)
		req_end(r);
}

/* The ifindex of the device called name. */
static inline int link_index(struct fx *f, const char *name)
{
	return ((struct ifinfomsg *)NLMSG_DATA(link_msg(f, name)))->ifi_index;
}

#endif
