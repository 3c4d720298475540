// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_XFRM in process, under profiles other than the host's: the
 * states of types this host's kernel may lack (the `full` profile, as
 * Linux's source has them), a kernel without xfrm_user or without sub
 * policies, and the lifetimes of policies and states with time moved
 * by hand.  What the host's kernel can answer is compared with it in
 * tests/rtnl-diff/sequences-xfrm and tests/conformance.
 */
#include <arpa/inet.h>
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
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>
#include <netinet/in.h>

#include <unetlink/unetlink.h>

/* Not exported: the test clock (src/core/internal.h). */
void unl_debug_set_clock(struct unl_net *net, int64_t (*fn)(void *user),
			 void *user);

#define SEC UNL_NSEC_PER_SEC

struct fx {
	struct unl_net *net;
	struct unl_sock *sk;  /* requests */
	struct unl_sock *mon; /* every group */
	int64_t now;
	uint32_t seq;
};

static int64_t fake_clock(void *user)
{
	return ((struct fx *)user)->now;
}

static void fx_open(struct fx *f, const char *profile_text)
{
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 0xff };
	struct unl_profile *p;
	struct unl_net_config cfg = { 0 };
	int one = 1;

	memset(f, 0, sizeof(*f));
	assert_int_equal(unl_profile_parse(profile_text, strlen(profile_text),
					   "test", &p, NULL, 0),
			 0);
	cfg.profile = p;
	assert_int_equal(unl_net_new_config(&f->net, &cfg), 0);
	unl_profile_unref(p);
	f->now = 1000 * SEC;
	unl_debug_set_clock(f->net, fake_clock, f);
	if (unl_socket(f->net, SOCK_RAW, NETLINK_XFRM, &root, &f->sk))
		return;
	unl_setsockopt(f->sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_XFRM, &root,
				    &f->mon),
			 0);
	assert_int_equal(unl_bind(f->mon, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
}

static int setup_full(void **state)
{
	struct fx *f = malloc(sizeof(*f));

	assert_non_null(f);
	fx_open(f, "base full\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	unl_net_free(f->net);
	free(f);
	return 0;
}

/* ---- requests ---- */

struct req {
	uint8_t buf[2048] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
};

static void *req_init(struct req *r, int type, int flags, size_t hdrlen)
{
	memset(r, 0, sizeof(*r));
	r->nlh = (struct nlmsghdr *)r->buf;
	r->nlh->nlmsg_type = (uint16_t)type;
	r->nlh->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	r->nlh->nlmsg_len = NLMSG_LENGTH(hdrlen);
	return NLMSG_DATA(r->nlh);
}

static void req_put(struct req *r, int type, const void *data, size_t len)
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

static uint8_t rbuf[65536] __attribute__((aligned(8)));

/* Send r with NLM_F_ACK: its error, the ext-ack message in msg. */
static int do_req(struct fx *f, struct req *r, char *msg, size_t size)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	const struct nlattr *m;
	size_t off;
	ssize_t n;

	r->nlh->nlmsg_flags |= NLM_F_ACK;
	r->nlh->nlmsg_seq = ++f->seq;
	assert_int_equal(unl_sendto(f->sk, r->buf, r->nlh->nlmsg_len, 0,
				    (struct sockaddr *)&k, sizeof(k)),
			 r->nlh->nlmsg_len);
	/* a reply (GET, ALLOCSPI) comes before the ACK */
	do {
		n = unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				 NULL, NULL);
		assert_true(n > 0);
	} while (nlh->nlmsg_type != NLMSG_ERROR);
	if (msg)
		msg[0] = 0;
	if (!msg || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
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

static void check_req(struct fx *f, struct req *r, int err, const char *want)
{
	char msg[160];

	assert_int_equal(do_req(f, r, msg, sizeof(msg)), err);
	assert_string_equal(msg, want);
}

/* The next message on the monitor: its type, and a copy in rbuf; 0
 * when there is none. */
static int next_event(struct fx *f)
{
	ssize_t n = unl_recvfrom(f->mon, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				 NULL, NULL);

	return n > 0 ? ((struct nlmsghdr *)rbuf)->nlmsg_type : 0;
}

static void drain(struct fx *f)
{
	while (next_event(f))
		;
}

static void addr4(xfrm_address_t *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	inet_pton(AF_INET, s, &a->a4);
}

static const uint8_t key16[16] = { 0, 1, 2, 3, 4, 5, 6, 7,
				   8, 9, 10, 11, 12, 13, 14, 15 };

/* An SA request: 192.0.2.1 -> dst, proto, spi; algorithms added by the
 * caller. */
static struct xfrm_usersa_info *sa_req(struct req *r, int type,
				       const char *dst, int proto,
				       uint32_t spi)
{
	struct xfrm_usersa_info *p = req_init(r, type, 0, sizeof(*p));

	addr4(&p->id.daddr, dst);
	addr4(&p->saddr, "192.0.2.1");
	p->id.proto = (uint8_t)proto;
	p->id.spi = htonl(spi);
	p->family = AF_INET;
	p->mode = XFRM_MODE_TUNNEL;
	p->lft.soft_byte_limit = p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = p->lft.hard_packet_limit = XFRM_INF;
	return p;
}

/* Add an algorithm attribute: struct xfrm_algo with a key of keybits
 * (at most 512), key16 repeated. */
static void put_alg(struct req *r, int type, const char *name, int keybits)
{
	uint8_t buf[sizeof(struct xfrm_algo) + 64] = { 0 };
	struct xfrm_algo *a = (void *)buf;

	assert_true(keybits >= 0 && keybits <= 512);
	snprintf(a->alg_name, sizeof(a->alg_name), "%s", name);
	a->alg_key_len = (unsigned int)keybits;
	for (size_t i = 0; i < (size_t)(keybits + 7) / 8; i++)
		a->alg_key[i] = key16[i % 16];
	req_put(r, type, buf, sizeof(*a) + (size_t)(keybits + 7) / 8);
}

static const struct nlattr *find_attr(const struct nlmsghdr *nlh,
				      size_t hdr, int type)
{
	return unl_nla_find((const struct nlattr *)((const uint8_t *)
						    NLMSG_DATA(nlh) +
						    NLMSG_ALIGN(hdr)),
			    (int)(nlh->nlmsg_len - NLMSG_LENGTH(hdr)), type);
}

/* ---- states under the full profile ---- */

/* An ESP state, as esp4 makes it: NEWSA announced to XFRMNLGRP_SA, the
 * compat name stored as the canonical one, EEXIST for the same SPI,
 * found by GETSA, deleted with DELSA (its id and the state announced). */
static void test_esp_state(void **state)
{
	struct fx *f = *state;
	const struct xfrm_usersa_info *got;
	const struct nlattr *a;
	struct xfrm_usersa_id *id;
	struct req r;

	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	put_alg(&r, XFRMA_ALG_CRYPT, "aes", 128);
	check_req(f, &r, 0, "");
	assert_int_equal(next_event(f), XFRM_MSG_NEWSA);
	got = NLMSG_DATA((struct nlmsghdr *)rbuf);
	assert_int_equal(got->id.spi, htonl(0x100));
	assert_int_equal(got->sel.family, AF_INET);
	a = find_attr((struct nlmsghdr *)rbuf, sizeof(*got), XFRMA_ALG_CRYPT);
	assert_non_null(a);
	assert_string_equal(((const struct xfrm_algo *)unl_nla_data(a))->alg_name,
			    "cbc(aes)");
	assert_int_equal(next_event(f), 0);

	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	check_req(f, &r, -EEXIST, "");

	id = req_init(&r, XFRM_MSG_GETSA, 0, sizeof(*id));
	addr4(&id->daddr, "192.0.2.2");
	id->spi = htonl(0x100);
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	assert_int_equal(do_req(f, &r, NULL, 0), 0);

	r.nlh->nlmsg_type = XFRM_MSG_DELSA;
	check_req(f, &r, 0, "");
	assert_int_equal(next_event(f), XFRM_MSG_DELSA);
	assert_non_null(find_attr((struct nlmsghdr *)rbuf,
				  sizeof(struct xfrm_usersa_id), XFRMA_SA));
	r.nlh->nlmsg_type = XFRM_MSG_GETSA;
	check_req(f, &r, -ESRCH, "");
}

/* The types' own checks (init_state) and the algorithm tables. */
static void test_state_types(void **state)
{
	struct fx *f = *state;
	uint8_t buf[sizeof(struct xfrm_algo_auth) + 16] = { 0 };
	struct xfrm_algo_auth *at = (void *)buf;
	struct req r;

	/* ESP with only authentication: esp_init_state wants a cipher */
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	put_alg(&r, XFRMA_ALG_AUTH, "hmac(md5)", 128);
	check_req(f, &r, -EINVAL, "ESP: AEAD or CRYPT must be provided");
	/* a truncation longer than the ICV */
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_AH, 0x100);
	snprintf(at->alg_name, sizeof(at->alg_name), "hmac(md5)");
	at->alg_key_len = 128;
	at->alg_trunc_len = 129;
	req_put(&r, XFRMA_ALG_AUTH_TRUNC, buf, sizeof(buf));
	check_req(f, &r, -EINVAL, "Invalid length requested for truncated ICV");
	at->alg_trunc_len = 128;
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_AH, 0x100);
	req_put(&r, XFRMA_ALG_AUTH_TRUNC, buf, sizeof(buf));
	check_req(f, &r, 0, "");
	/* an unknown cipher */
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.3", IPPROTO_ESP, 0x100);
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(nosuch)", 128);
	check_req(f, &r, -ENOSYS, "Requested CRYPT algorithm not found");
	/* IPComp with its 16-bit CPI */
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.3", IPPROTO_COMP, 0x10000);
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(f, &r, -EINVAL,
		  "SPI is too large for COMP (must be < 0x10000)");
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.3", IPPROTO_COMP, 0x100);
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(f, &r, 0, "");
	/* route optimisation is IPv6's */
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.4", IPPROTO_ROUTING, 0);
	req_put(&r, XFRMA_COADDR, &(xfrm_address_t){ 0 },
		sizeof(xfrm_address_t));
	check_req(f, &r, -EPROTONOSUPPORT, "Requested type not found");
}

/* Keys the crypto API would refuse at setkey: an authenc's (cipher or
 * MAC) as a bare EINVAL, an AEAD's and AH's with esp_init_aead()'s and
 * ah_init_state()'s message; the lengths each algorithm takes pass. */
static void test_key_lengths(void **state)
{
	static const struct {
		int type, proto;
		const char *name;
		int bits, err;
	} cases[] = {
		{ XFRMA_ALG_CRYPT, IPPROTO_ESP, "cbc(aes)", 64, -EINVAL },
		{ XFRMA_ALG_CRYPT, IPPROTO_ESP, "cbc(aes)", 192, 0 },
		{ XFRMA_ALG_CRYPT, IPPROTO_ESP, "cbc(des3_ede)", 128, -EINVAL },
		{ XFRMA_ALG_CRYPT, IPPROTO_ESP, "cbc(cast5)", 32, -EINVAL },
		{ XFRMA_ALG_CRYPT, IPPROTO_ESP, "cbc(cast5)", 40, 0 },
		{ XFRMA_ALG_CRYPT, IPPROTO_ESP, "rfc3686(ctr(aes))", 128,
		  -EINVAL },
		{ XFRMA_ALG_CRYPT, IPPROTO_ESP, "rfc3686(ctr(aes))", 160, 0 },
		{ XFRMA_ALG_CRYPT, IPPROTO_ESP, "ecb(cipher_null)", 0, 0 },
	};
	struct fx *f = *state;
	struct req r;
	uint32_t spi = 0x200;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", cases[i].proto,
		       spi++);
		put_alg(&r, cases[i].type, cases[i].name, cases[i].bits);
		check_req(f, &r, cases[i].err, "");
	}
	/* an authenc's MAC: xcbc(aes) wants an AES key */
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, spi++);
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	put_alg(&r, XFRMA_ALG_AUTH, "xcbc(aes)", 120);
	check_req(f, &r, -EINVAL, "");
	/* AH: the same refusal, said */
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_AH, spi++);
	put_alg(&r, XFRMA_ALG_AUTH, "cmac(aes)", 64);
	check_req(f, &r, -EINVAL,
		  "Kernel was unable to initialize cryptographic operations");
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_AH, spi++);
	put_alg(&r, XFRMA_ALG_AUTH, "hmac(sha1)", 72);
	check_req(f, &r, 0, "");
}

/* A larval state from ALLOCSPI makes room for the NEWSA of its SA, and
 * UPDSA of a larval state replaces it too. */
static void test_allocspi_then_newsa(void **state)
{
	struct fx *f = *state;
	struct xfrm_userspi_info *sp;
	struct xfrmu_sadhinfo *sh;
	struct req r;

	sp = req_init(&r, XFRM_MSG_ALLOCSPI, 0, sizeof(*sp));
	addr4(&sp->info.id.daddr, "192.0.2.2");
	addr4(&sp->info.saddr, "192.0.2.1");
	sp->info.id.proto = IPPROTO_ESP;
	sp->info.family = AF_INET;
	sp->info.mode = XFRM_MODE_TUNNEL;
	sp->min = sp->max = 0x500;
	assert_int_equal(do_req(f, &r, NULL, 0), 0);
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x500);
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	/* the larval state has the SPI now: the new one is the same SA */
	check_req(f, &r, -EEXIST, "");
	r.nlh->nlmsg_type = XFRM_MSG_UPDSA;
	check_req(f, &r, 0, "");
	req_init(&r, XFRM_MSG_GETSADINFO, 0, sizeof(uint32_t));
	assert_int_equal(do_req(f, &r, NULL, 0), 0);
	/* the reply came before the ACK; ask again to read it */
	{
		struct sockaddr_nl k = { .nl_family = AF_NETLINK };
		const struct nlattr *cnt;

		r.nlh->nlmsg_flags = NLM_F_REQUEST;
		assert_true(unl_sendto(f->sk, r.buf, r.nlh->nlmsg_len, 0,
				       (struct sockaddr *)&k, sizeof(k)) > 0);
		assert_true(unl_recvfrom(f->sk, rbuf, sizeof(rbuf),
					 MSG_DONTWAIT, NULL, NULL) > 0);
		cnt = find_attr((struct nlmsghdr *)rbuf, 4, XFRMA_SAD_CNT);
		assert_non_null(cnt);
		assert_int_equal(*(uint32_t *)unl_nla_data(cnt), 1);
		sh = unl_nla_data(find_attr((struct nlmsghdr *)rbuf, 4,
					    XFRMA_SAD_HINFO));
		assert_int_equal(sh->sadhcnt, 8);
	}
}

/* xfrm_timer_handler: a soft limit announces EXPIRE (hard 0) once, a
 * hard one deletes the state and announces EXPIRE (hard 1); limits
 * count from the insertion. */
static void test_state_lifetime(void **state)
{
	struct fx *f = *state;
	struct xfrm_usersa_info *p;
	struct req r;

	p = sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	p->lft.soft_add_expires_seconds = 10;
	p->lft.hard_add_expires_seconds = 20;
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	check_req(f, &r, 0, "");
	drain(f);
	f->now += 9 * SEC;
	unl_net_run_timers(f->net);
	assert_int_equal(next_event(f), 0);
	f->now += 1 * SEC;
	unl_net_run_timers(f->net);
	assert_int_equal(next_event(f), XFRM_MSG_EXPIRE);
	assert_int_equal(((struct xfrm_user_expire *)
			  NLMSG_DATA((struct nlmsghdr *)rbuf))->hard, 0);
	f->now += 5 * SEC;
	unl_net_run_timers(f->net);
	assert_int_equal(next_event(f), 0);
	f->now += 5 * SEC;
	unl_net_run_timers(f->net);
	assert_int_equal(next_event(f), XFRM_MSG_EXPIRE);
	assert_int_equal(((struct xfrm_user_expire *)
			  NLMSG_DATA((struct nlmsghdr *)rbuf))->hard, 1);
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	check_req(f, &r, 0, "");
}

/* A larval state lives xfrm_acq_expires (30 s). */
static void test_acquire_expires(void **state)
{
	struct fx *f = *state;
	struct xfrm_userspi_info *sp;
	struct xfrm_usersa_id *id;
	struct req r;

	sp = req_init(&r, XFRM_MSG_ALLOCSPI, 0, sizeof(*sp));
	addr4(&sp->info.id.daddr, "192.0.2.2");
	addr4(&sp->info.saddr, "192.0.2.1");
	sp->info.id.proto = IPPROTO_AH;
	sp->info.family = AF_INET;
	sp->min = sp->max = 0x700;
	assert_int_equal(do_req(f, &r, NULL, 0), 0);
	f->now += 29 * SEC;
	unl_net_run_timers(f->net);
	assert_int_equal(next_event(f), 0);
	f->now += 1 * SEC;
	unl_net_run_timers(f->net);
	assert_int_equal(next_event(f), XFRM_MSG_EXPIRE);
	id = req_init(&r, XFRM_MSG_GETSA, 0, sizeof(*id));
	addr4(&id->daddr, "192.0.2.2");
	id->spi = htonl(0x700);
	id->family = AF_INET;
	id->proto = IPPROTO_AH;
	check_req(f, &r, -ESRCH, "");
}

/* xfrm_policy_timer: a soft limit repeats every XFRM_KM_TIMEOUT (30 s)
 * until the hard one deletes the policy. */
static void test_policy_lifetime(void **state)
{
	struct fx *f = *state;
	struct xfrm_userpolicy_info *p;
	struct req r;
	int soft = 0;

	p = req_init(&r, XFRM_MSG_NEWPOLICY, 0, sizeof(*p));
	p->sel.family = AF_INET;
	p->dir = XFRM_POLICY_OUT;
	p->lft.soft_byte_limit = p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = p->lft.hard_packet_limit = XFRM_INF;
	p->lft.soft_add_expires_seconds = 5;
	p->lft.hard_add_expires_seconds = 70;
	check_req(f, &r, 0, "");
	drain(f);
	for (int s = 1; s <= 70; s++) {
		int t;

		f->now += SEC;
		unl_net_run_timers(f->net);
		while ((t = next_event(f))) {
			const struct xfrm_user_polexpire *pe =
				NLMSG_DATA((struct nlmsghdr *)rbuf);

			assert_int_equal(t, XFRM_MSG_POLEXPIRE);
			if (pe->hard) {
				assert_int_equal(s, 70);
				continue;
			}
			/* at 5, 35 and 65 s */
			assert_int_equal(s, 5 + 30 * soft);
			soft++;
		}
	}
	assert_int_equal(soft, 3);
	req_init(&r, XFRM_MSG_FLUSHPOLICY, 0, 0);
	check_req(f, &r, 0, "");
	/* nothing was left to flush: no event */
	assert_int_equal(next_event(f), 0);
}

/* ---- other kernels ---- */

/* Without xfrm_user there is no NETLINK_XFRM; without sub policies,
 * "Invalid policy type" and no XFRMA_POLICY_TYPE in policy messages. */
static void test_profiles(void **state)
{
	struct fx f;
	struct xfrm_userpolicy_info *p;
	struct xfrm_userpolicy_type t = { .type = XFRM_POLICY_TYPE_SUB };
	struct req r;

	(void)state;
	fx_open(&f, "base full\nfeature -XFRM_USER\n");
	assert_null(f.sk);
	unl_net_free(f.net);

	fx_open(&f, "base full\nfeature -XFRM_SUB_POLICY\n");
	p = req_init(&r, XFRM_MSG_NEWPOLICY, 0, sizeof(*p));
	p->sel.family = AF_INET;
	p->dir = XFRM_POLICY_IN;
	req_put(&r, XFRMA_POLICY_TYPE, &t, sizeof(t));
	check_req(&f, &r, -EINVAL, "Invalid policy type");
	p = req_init(&r, XFRM_MSG_NEWPOLICY, 0, sizeof(*p));
	p->sel.family = AF_INET;
	p->dir = XFRM_POLICY_IN;
	check_req(&f, &r, 0, "");
	assert_int_equal(next_event(&f), XFRM_MSG_NEWPOLICY);
	assert_null(find_attr((struct nlmsghdr *)rbuf, sizeof(*p),
			      XFRMA_POLICY_TYPE));
	unl_net_free(f.net);

	fx_open(&f, "base full\nxfrm -esp4\n");
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	check_req(&f, &r, -EPROTONOSUPPORT, "Requested type not found");
	unl_net_free(f.net);
}

/* xfrm_new_ae() and xfrm_get_ae(): the replay state a key manager
 * sets comes back, and listeners of XFRMNLGRP_AEVENTS hear it. */
static void test_ae(void **state)
{
	struct fx *f = *state;
	struct xfrm_replay_state rs = { .oseq = 7, .seq = 5, .bitmap = 3 };
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	const struct xfrm_replay_state *got;
	struct xfrm_aevent_id *ae;
	const struct nlattr *a;
	struct req r;

	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	check_req(f, &r, 0, "");
	drain(f);
	ae = req_init(&r, XFRM_MSG_NEWAE, 0, sizeof(*ae));
	addr4(&ae->sa_id.daddr, "192.0.2.2");
	ae->sa_id.spi = htonl(0x100);
	ae->sa_id.family = AF_INET;
	ae->sa_id.proto = IPPROTO_ESP;
	check_req(f, &r, -EINVAL, "Missing required attribute for AE");
	req_put(&r, XFRMA_REPLAY_VAL, &rs, sizeof(rs));
	check_req(f, &r, -EINVAL, "NLM_F_REPLACE flag is required");
	r.nlh->nlmsg_flags |= NLM_F_REPLACE;
	check_req(f, &r, 0, "");
	assert_int_equal(next_event(f), XFRM_MSG_NEWAE);
	assert_int_equal(((struct xfrm_aevent_id *)
			  NLMSG_DATA((struct nlmsghdr *)rbuf))->flags,
			 XFRM_AE_CU);

	ae = req_init(&r, XFRM_MSG_GETAE, 0, sizeof(*ae));
	addr4(&ae->sa_id.daddr, "192.0.2.2");
	ae->sa_id.spi = htonl(0x100);
	ae->sa_id.family = AF_INET;
	ae->sa_id.proto = IPPROTO_ESP;
	ae->flags = XFRM_AE_RTHR | XFRM_AE_ETHR;
	assert_true(unl_sendto(f->sk, r.buf, r.nlh->nlmsg_len, 0,
			       (struct sockaddr *)&k, sizeof(k)) > 0);
	assert_true(unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				 NULL, NULL) > 0);
	assert_int_equal(((struct nlmsghdr *)rbuf)->nlmsg_type, XFRM_MSG_NEWAE);
	a = find_attr((struct nlmsghdr *)rbuf, sizeof(*ae), XFRMA_REPLAY_VAL);
	assert_non_null(a);
	got = unl_nla_data(a);
	assert_int_equal(got->oseq, 7);
	assert_int_equal(got->seq, 5);
	assert_int_equal(got->bitmap, 3);
	/* the defaults of xfrm_aevent_rseqth and xfrm_aevent_etime */
	a = find_attr((struct nlmsghdr *)rbuf, sizeof(*ae), XFRMA_REPLAY_THRESH);
	assert_non_null(a);
	assert_int_equal(*(const uint32_t *)unl_nla_data(a), 2);
	a = find_attr((struct nlmsghdr *)rbuf, sizeof(*ae), XFRMA_ETIMER_THRESH);
	assert_non_null(a);
	assert_int_equal(*(const uint32_t *)unl_nla_data(a), 10);
}

/* xfrm_add_acquire(): one XFRM_MSG_ACQUIRE per template, to
 * XFRMNLGRP_ACQUIRE, each with a new sequence number and the request's
 * masks on the template being asked about. */
static void test_acquire(void **state)
{
	struct fx *f = *state;
	struct xfrm_user_tmpl t[2];
	struct xfrm_user_acquire ua, got;
	uint32_t seq0;
	struct req r;

	memset(&ua, 0, sizeof(ua));
	addr4(&ua.id.daddr, "192.0.2.2");
	ua.id.proto = IPPROTO_ESP;
	addr4(&ua.saddr, "192.0.2.1");
	ua.policy.sel.family = AF_INET;
	ua.policy.dir = XFRM_POLICY_IN;
	ua.aalgos = 1;
	ua.ealgos = 2;
	ua.calgos = 3;
	memset(t, 0, sizeof(t));
	for (int i = 0; i < 2; i++) {
		addr4(&t[i].id.daddr, i ? "192.0.2.3" : "192.0.2.2");
		t[i].id.proto = i ? IPPROTO_AH : IPPROTO_ESP;
		t[i].mode = XFRM_MODE_TUNNEL;
		t[i].aalgos = t[i].ealgos = t[i].calgos = ~0u;
	}
	memcpy(req_init(&r, XFRM_MSG_ACQUIRE, 0, sizeof(ua)), &ua, sizeof(ua));
	req_put(&r, XFRMA_TMPL, t, sizeof(t));
	check_req(f, &r, 0, "");
	for (int i = 0; i < 2; i++) {
		const struct xfrm_user_tmpl *gt;

		assert_int_equal(next_event(f), XFRM_MSG_ACQUIRE);
		memcpy(&got, NLMSG_DATA((struct nlmsghdr *)rbuf), sizeof(got));
		if (!i)
			seq0 = got.seq;
		assert_int_equal(got.seq, seq0 + (uint32_t)i);
		assert_int_equal(got.policy.dir, XFRM_POLICY_OUT);
		assert_int_equal(got.id.proto, i ? IPPROTO_AH : IPPROTO_ESP);
		assert_int_equal(got.ealgos, 2);
		gt = unl_nla_data(find_attr((struct nlmsghdr *)rbuf,
					    sizeof(got), XFRMA_TMPL));
		/* the second template has its own masks in the first */
		assert_int_equal(gt[1].ealgos, i ? 2 : ~0u);
	}
	assert_int_equal(next_event(f), 0);
}

/* ---- the xfrm link kind ---- */

/* RTM_NEWLINK of an xfrm device: if_id (0: none), collect_md. */
static int xfrmi_add(struct fx *f, struct unl_sock *rt, const char *name,
		     uint32_t if_id, bool md, char *msg)
{
	struct unl_sock *saved = f->sk;
	struct nlattr *li, *data;
	struct req r;
	int err;

	req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
		 sizeof(struct ifinfomsg));
	req_put(&r, IFLA_IFNAME, name, strlen(name) + 1);
	li = (struct nlattr *)(r.buf + r.nlh->nlmsg_len);
	req_put(&r, IFLA_LINKINFO, NULL, 0);
	req_put(&r, IFLA_INFO_KIND, "xfrm", 5);
	data = (struct nlattr *)(r.buf + r.nlh->nlmsg_len);
	req_put(&r, IFLA_INFO_DATA, NULL, 0);
	if (if_id)
		req_put(&r, IFLA_XFRM_IF_ID, &if_id, 4);
	if (md)
		req_put(&r, IFLA_XFRM_COLLECT_METADATA, NULL, 0);
	data->nla_len = (uint16_t)(r.buf + r.nlh->nlmsg_len - (uint8_t *)data);
	li->nla_len = (uint16_t)(r.buf + r.nlh->nlmsg_len - (uint8_t *)li);
	f->sk = rt;
	err = do_req(f, &r, msg, 160);
	f->sk = saved;
	return err;
}

/* xfrmi_newlink(): an if_id unique in the net, one collect_md device
 * without link or if_id. */
static void test_xfrm_link(void **state)
{
	struct fx *f = *state;
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct unl_sock *rt;
	char msg[160];
	int one = 1;

	assert_int_equal(unl_socket(f->net, SOCK_RAW, NETLINK_ROUTE, &root,
				    &rt),
			 0);
	unl_setsockopt(rt, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	assert_int_equal(xfrmi_add(f, rt, "ipsec0", 5, false, msg), 0);
	assert_int_equal(xfrmi_add(f, rt, "ipsec1", 5, false, msg), -EEXIST);
	assert_int_equal(xfrmi_add(f, rt, "ipsec1", 0, false, msg), -EINVAL);
	assert_string_equal(msg, "if_id must be non zero");
	assert_int_equal(xfrmi_add(f, rt, "ipsec1", 6, true, msg), -EINVAL);
	assert_string_equal(msg, "link and if_id must be zero");
	assert_int_equal(xfrmi_add(f, rt, "ipsec1", 0, true, msg), 0);
	assert_int_equal(xfrmi_add(f, rt, "ipsec2", 0, true, msg), -EEXIST);
	assert_int_equal(xfrmi_add(f, rt, "ipsec2", 6, false, msg), 0);
	unl_close(rt);
}


/* ---- MIGRATE and IPComp's tunnels (full profile) ---- */

/* GETSADINFO's XFRMA_SAD_CNT. */
static uint32_t sad_count(struct fx *f)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	const struct nlattr *cnt;
	struct req r;

	req_init(&r, XFRM_MSG_GETSADINFO, 0, sizeof(uint32_t));
	assert_true(unl_sendto(f->sk, r.buf, r.nlh->nlmsg_len, 0,
			       (struct sockaddr *)&k, sizeof(k)) > 0);
	assert_true(unl_recvfrom(f->sk, rbuf, sizeof(rbuf), MSG_DONTWAIT,
				 NULL, NULL) > 0);
	cnt = find_attr((struct nlmsghdr *)rbuf, 4, XFRMA_SAD_CNT);
	assert_non_null(cnt);
	return *(const uint32_t *)unl_nla_data(cnt);
}

/* How many states of proto a GETSA dump lists. */
static int dump_count(struct fx *f, int proto)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	struct req r;
	int n = 0;

	req_init(&r, XFRM_MSG_GETSA, NLM_F_DUMP, sizeof(struct xfrm_usersa_id));
	assert_true(unl_sendto(f->sk, r.buf, r.nlh->nlmsg_len, 0,
			       (struct sockaddr *)&k, sizeof(k)) > 0);
	for (;;) {
		ssize_t len = unl_recvfrom(f->sk, rbuf, sizeof(rbuf),
					   MSG_DONTWAIT, NULL, NULL);
		struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;

		assert_true(len > 0);
		for (; NLMSG_OK(nlh, (size_t)len); nlh = NLMSG_NEXT(nlh, len)) {
			const struct xfrm_usersa_info *x = NLMSG_DATA(nlh);

			if (nlh->nlmsg_type == NLMSG_DONE)
				return n;
			n += x->id.proto == proto;
		}
	}
}

static void sa_id(struct req *r, int type, const char *dst, int proto,
		  uint32_t spi)
{
	struct xfrm_usersa_id *id = req_init(r, type, 0, sizeof(*id));

	addr4(&id->daddr, dst);
	id->spi = htonl(spi);
	id->family = AF_INET;
	id->proto = (uint8_t)proto;
}

/* A MIGRATE request for the out policy 10.0.0.0/24 -> 10.0.1.0/24:
 * one ESP tunnel entry from 192.0.2.1 -> 192.0.2.2 to src -> dst. */
static void migrate_req(struct req *r, const char *src, const char *dst)
{
	struct xfrm_userpolicy_id *pi = req_init(r, XFRM_MSG_MIGRATE, 0,
						 sizeof(*pi));
	struct xfrm_user_migrate m;
	struct xfrm_user_kmaddress k;

	pi->sel.family = AF_INET;
	addr4(&pi->sel.saddr, "10.0.0.0");
	addr4(&pi->sel.daddr, "10.0.1.0");
	pi->sel.prefixlen_s = pi->sel.prefixlen_d = 24;
	pi->dir = XFRM_POLICY_OUT;
	memset(&m, 0, sizeof(m));
	addr4(&m.old_saddr, "192.0.2.1");
	addr4(&m.old_daddr, "192.0.2.2");
	addr4(&m.new_saddr, src);
	addr4(&m.new_daddr, dst);
	m.proto = IPPROTO_ESP;
	m.mode = XFRM_MODE_TUNNEL;
	m.old_family = m.new_family = AF_INET;
	req_put(r, XFRMA_MIGRATE, &m, sizeof(m));
	memset(&k, 0, sizeof(k));
	addr4(&k.local, src);
	addr4(&k.remote, dst);
	k.family = AF_INET;
	req_put(r, XFRMA_KMADDRESS, &k, sizeof(k));
}

static void migrate_policy_add(struct fx *f)
{
	struct xfrm_userpolicy_info *p;
	struct xfrm_user_tmpl t;
	struct req r;

	p = req_init(&r, XFRM_MSG_NEWPOLICY, 0, sizeof(*p));
	p->sel.family = AF_INET;
	addr4(&p->sel.saddr, "10.0.0.0");
	addr4(&p->sel.daddr, "10.0.1.0");
	p->sel.prefixlen_s = p->sel.prefixlen_d = 24;
	p->dir = XFRM_POLICY_OUT;
	p->lft.soft_byte_limit = p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = p->lft.hard_packet_limit = XFRM_INF;
	memset(&t, 0, sizeof(t));
	addr4(&t.saddr, "192.0.2.1");
	addr4(&t.id.daddr, "192.0.2.2");
	t.id.proto = IPPROTO_ESP;
	t.family = AF_INET;
	t.mode = XFRM_MODE_TUNNEL;
	req_put(&r, XFRMA_TMPL, &t, sizeof(t));
	check_req(f, &r, 0, "");
}

/* xfrm_migrate(): the ESP state moves to the new addresses (the old
 * one gone, without NEWSA or DELSA), the policy's template too, and
 * XFRMNLGRP_MIGRATE hears the request's entries and kmaddress. */
static void test_migrate(void **state)
{
	struct fx *f = *state;
	const struct xfrm_userpolicy_info *pi;
	const struct xfrm_user_tmpl *t;
	const struct nlattr *a;
	struct xfrm_usersa_info *p;
	struct req r;

	migrate_policy_add(f);
	p = sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	p->lft.hard_add_expires_seconds = 100;
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	check_req(f, &r, 0, "");
	drain(f);
	f->now += 10 * SEC;
	migrate_req(&r, "192.0.2.8", "192.0.2.9");
	check_req(f, &r, 0, "");
	assert_int_equal(next_event(f), XFRM_MSG_MIGRATE);
	a = find_attr((struct nlmsghdr *)rbuf,
		      sizeof(struct xfrm_userpolicy_id), XFRMA_MIGRATE);
	assert_non_null(a);
	assert_int_equal(((const struct xfrm_user_migrate *)unl_nla_data(a))
				 ->new_daddr.a4,
			 inet_addr("192.0.2.9"));
	assert_non_null(find_attr((struct nlmsghdr *)rbuf,
				  sizeof(struct xfrm_userpolicy_id),
				  XFRMA_KMADDRESS));
	assert_non_null(find_attr((struct nlmsghdr *)rbuf,
				  sizeof(struct xfrm_userpolicy_id),
				  XFRMA_POLICY_TYPE));
	assert_int_equal(next_event(f), 0);
	sa_id(&r, XFRM_MSG_GETSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	check_req(f, &r, -ESRCH, "");
	sa_id(&r, XFRM_MSG_GETSA, "192.0.2.9", IPPROTO_ESP, 0x100);
	check_req(f, &r, 0, "");
	assert_int_equal(sad_count(f), 1);
	/* the policy's template has the new end points */
	{
		struct xfrm_userpolicy_id *id = req_init(&r, XFRM_MSG_GETPOLICY,
							 0, sizeof(*id));
		struct sockaddr_nl k = { .nl_family = AF_NETLINK };

		id->sel.family = AF_INET;
		addr4(&id->sel.saddr, "10.0.0.0");
		addr4(&id->sel.daddr, "10.0.1.0");
		id->sel.prefixlen_s = id->sel.prefixlen_d = 24;
		id->dir = XFRM_POLICY_OUT;
		assert_true(unl_sendto(f->sk, r.buf, r.nlh->nlmsg_len, 0,
				       (struct sockaddr *)&k, sizeof(k)) > 0);
		assert_true(unl_recvfrom(f->sk, rbuf, sizeof(rbuf),
					 MSG_DONTWAIT, NULL, NULL) > 0);
		pi = NLMSG_DATA((struct nlmsghdr *)rbuf);
		a = find_attr((struct nlmsghdr *)rbuf, sizeof(*pi), XFRMA_TMPL);
		assert_non_null(a);
		t = unl_nla_data(a);
		assert_int_equal(t->id.daddr.a4, inet_addr("192.0.2.9"));
		assert_int_equal(t->saddr.a4, inet_addr("192.0.2.8"));
	}
	/* the lifetime runs on from the first insertion: 90 s are left */
	f->now += 89 * SEC;
	unl_net_run_timers(f->net);
	assert_int_equal(next_event(f), 0);
	f->now += 1 * SEC;
	unl_net_run_timers(f->net);
	assert_int_equal(next_event(f), XFRM_MSG_EXPIRE);
}

/* A clone that cannot be added (its new SA exists) fails the request
 * with ENODATA: the old state and the policy stay as they were. */
static void test_migrate_fails(void **state)
{
	struct fx *f = *state;
	struct req r;

	migrate_policy_add(f);
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	check_req(f, &r, 0, "");
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.9", IPPROTO_ESP, 0x100);
	put_alg(&r, XFRMA_ALG_CRYPT, "cbc(aes)", 128);
	check_req(f, &r, 0, "");
	drain(f);
	migrate_req(&r, "192.0.2.8", "192.0.2.9");
	check_req(f, &r, -ENODATA, "");
	assert_int_equal(next_event(f), 0);
	assert_int_equal(sad_count(f), 2);
	sa_id(&r, XFRM_MSG_GETSA, "192.0.2.2", IPPROTO_ESP, 0x100);
	check_req(f, &r, 0, "");
	/* packet offload cannot be had: ENODATA too */
	{
		struct xfrm_user_offload xuo = { .ifindex = 1,
						 .flags = XFRM_OFFLOAD_PACKET };

		migrate_req(&r, "192.0.2.8", "192.0.2.10");
		req_put(&r, XFRMA_OFFLOAD_DEV, &xuo, sizeof(xuo));
		check_req(f, &r, -ENODATA, "");
		xuo.flags = 0x80;
		migrate_req(&r, "192.0.2.8", "192.0.2.10");
		req_put(&r, XFRMA_OFFLOAD_DEV, &xuo, sizeof(xuo));
		check_req(f, &r, -ENODATA,
			  "Unrecognized flags in offload request");
	}
	assert_int_equal(sad_count(f), 2);
}

/* A kernel without CONFIG_XFRM_MIGRATE. */
static void test_migrate_absent(void **state)
{
	struct fx f;
	struct req r;

	(void)state;
	fx_open(&f, "base full\nfeature -XFRM_MIGRATE\n");
	migrate_req(&r, "192.0.2.8", "192.0.2.9");
	check_req(&f, &r, -ENOPROTOOPT, "");
	unl_net_free(f.net);
}

/* ipcomp_tunnel_attach(): a comp state in tunnel mode brings a hidden
 * IP-in-IP state (SPI: the source address) that counts in the SAD,
 * shows in dumps, is shared by comp states of the same addresses,
 * cannot be deleted by itself, and goes with its last user. */
static void test_ipcomp_tunnel(void **state)
{
	struct fx *f = *state;
	struct xfrm_usersa_info *p;
	struct req r;

	p = sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_COMP, 0x100);
	p->mode = XFRM_MODE_BEET;
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(f, &r, -EINVAL, "Unsupported XFRM mode for IPcomp");
	p = sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_COMP, 0x100);
	p->mode = XFRM_MODE_TRANSPORT;
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(f, &r, 0, "");
	assert_int_equal(sad_count(f), 1);

	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.3", IPPROTO_COMP, 0x101);
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(f, &r, 0, "");
	assert_int_equal(sad_count(f), 3);
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.3", IPPROTO_COMP, 0x102);
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(f, &r, 0, "");
	assert_int_equal(sad_count(f), 4);
	/* a failed NEWSA lets go of the tunnel it attached to */
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.3", IPPROTO_COMP, 0x102);
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(f, &r, -EEXIST, "");
	assert_int_equal(sad_count(f), 4);
	/* xfrm_dump_sa() walks every state: the tunnels show */
	assert_int_equal(dump_count(f, IPPROTO_IPIP), 1);
	assert_int_equal(dump_count(f, IPPROTO_COMP), 3);

	/* the tunnel: 192.0.2.1 -> 192.0.2.3, IPIP, SPI 192.0.2.1 */
	{
		struct xfrm_usersa_id *id = req_init(&r, XFRM_MSG_GETSA, 0,
						     sizeof(*id));
		xfrm_address_t src;

		addr4(&id->daddr, "192.0.2.3");
		id->family = AF_INET;
		id->proto = IPPROTO_IPIP;
		addr4(&src, "192.0.2.1");
		req_put(&r, XFRMA_SRCADDR, &src, sizeof(src));
		check_req(f, &r, 0, "");
		r.nlh->nlmsg_type = XFRM_MSG_DELSA;
		check_req(f, &r, -EPERM, "SA is in use by tunnels");
	}
	sa_id(&r, XFRM_MSG_DELSA, "192.0.2.3", IPPROTO_COMP, 0x101);
	check_req(f, &r, 0, "");
	assert_int_equal(sad_count(f), 3);
	sa_id(&r, XFRM_MSG_DELSA, "192.0.2.3", IPPROTO_COMP, 0x102);
	check_req(f, &r, 0, "");
	assert_int_equal(sad_count(f), 1);

	/* a flush takes the tunnels with their users */
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.4", IPPROTO_COMP, 0x103);
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(f, &r, 0, "");
	assert_int_equal(sad_count(f), 3);
	{
		struct xfrm_usersa_flush *fl = req_init(&r, XFRM_MSG_FLUSHSA, 0,
							sizeof(*fl));

		fl->proto = 0;
		check_req(f, &r, 0, "");
	}
	assert_int_equal(sad_count(f), 0);

	/* a key manager's hard EXPIRE deletes a tunnel still in use: its
	 * users let go of it later */
	for (uint32_t spi = 0x104; spi <= 0x105; spi++) {
		sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.5", IPPROTO_COMP, spi);
		put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
		check_req(f, &r, 0, "");
	}
	assert_int_equal(sad_count(f), 3);
	{
		struct xfrm_user_expire *ue = req_init(&r, XFRM_MSG_EXPIRE, 0,
						       sizeof(*ue));

		addr4(&ue->state.id.daddr, "192.0.2.5");
		ue->state.id.spi = inet_addr("192.0.2.1");
		ue->state.id.proto = IPPROTO_IPIP;
		ue->state.family = AF_INET;
		ue->hard = 1;
		check_req(f, &r, 0, "");
	}
	assert_int_equal(sad_count(f), 2);
	sa_id(&r, XFRM_MSG_DELSA, "192.0.2.5", IPPROTO_COMP, 0x104);
	check_req(f, &r, 0, "");
	sa_id(&r, XFRM_MSG_DELSA, "192.0.2.5", IPPROTO_COMP, 0x105);
	check_req(f, &r, 0, "");
	assert_int_equal(sad_count(f), 0);
}

/* IPv6 tunnels take xfrm6_tunnel's SPIs, one per source address; a
 * kernel without the IP-in-IP type cannot make comp tunnel states. */
static void test_ipcomp6_tunnel(void **state)
{
	struct fx *f = *state;
	struct xfrm_usersa_info *p;
	struct xfrm_usersa_id *id;
	struct req r;
	struct fx g;

	p = sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_COMP, 0x100);
	p->family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::2", &p->id.daddr);
	inet_pton(AF_INET6, "2001:db8::1", &p->saddr);
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(f, &r, 0, "");
	assert_int_equal(sad_count(f), 2);
	id = req_init(&r, XFRM_MSG_GETSA, 0, sizeof(*id));
	inet_pton(AF_INET6, "2001:db8::2", &id->daddr);
	id->family = AF_INET6;
	id->proto = IPPROTO_IPV6;
	{
		xfrm_address_t src;

		inet_pton(AF_INET6, "2001:db8::1", &src);
		req_put(&r, XFRMA_SRCADDR, &src, sizeof(src));
	}
	/* the first SPI xfrm6_tunnel hands out */
	{
		struct sockaddr_nl k = { .nl_family = AF_NETLINK };
		const struct xfrm_usersa_info *got;

		r.nlh->nlmsg_flags = NLM_F_REQUEST;
		assert_true(unl_sendto(f->sk, r.buf, r.nlh->nlmsg_len, 0,
				       (struct sockaddr *)&k, sizeof(k)) > 0);
		assert_true(unl_recvfrom(f->sk, rbuf, sizeof(rbuf),
					 MSG_DONTWAIT, NULL, NULL) > 0);
		got = NLMSG_DATA((struct nlmsghdr *)rbuf);
		assert_int_equal(got->id.spi, htonl(1));
	}

	fx_open(&g, "base full\nxfrm -ipip4\n");
	sa_req(&r, XFRM_MSG_NEWSA, "192.0.2.2", IPPROTO_COMP, 0x100);
	put_alg(&r, XFRMA_ALG_COMP, "deflate", 0);
	check_req(&g, &r, -EINVAL, "");
	assert_int_equal(sad_count(&g), 0);
	unl_net_free(g.net);
}

/* xfrm_send_migrate() announces to init_net whatever net migrated: the
 * world's first net hears it, the migrating one does not. */
static void test_migrate_announced_in_init_net(void **state)
{
	const char *text = "base full\n";
	struct unl_cred root = { .pid = getpid(),
				 .caps = UNL_CAP(CAP_NET_ADMIN) };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = 1u << (XFRMNLGRP_MIGRATE - 1) };
	struct unl_net_config cfg = { 0 };
	struct unl_world *w;
	struct unl_net *first;
	struct unl_sock *mon;
	struct unl_profile *p;
	struct req r;
	struct fx f;

	(void)state;
	assert_int_equal(unl_world_new(&w), 0);
	assert_int_equal(unl_profile_parse(text, strlen(text), "test", &p,
					   NULL, 0),
			 0);
	cfg.profile = p;
	assert_int_equal(unl_net_new_in(w, &cfg, &first), 0);
	assert_int_equal(unl_socket(first, SOCK_RAW, NETLINK_XFRM, &root,
				    &mon),
			 0);
	assert_int_equal(unl_bind(mon, (struct sockaddr *)&sa, sizeof(sa)), 0);
	/* the second net, with fx's sockets */
	memset(&f, 0, sizeof(f));
	assert_int_equal(unl_net_new_in(w, &cfg, &f.net), 0);
	unl_profile_unref(p);
	assert_int_equal(unl_socket(f.net, SOCK_RAW, NETLINK_XFRM, &root,
				    &f.sk),
			 0);
	assert_int_equal(unl_socket(f.net, SOCK_RAW, NETLINK_XFRM, &root,
				    &f.mon),
			 0);
	sa.nl_groups = 0xff;
	assert_int_equal(unl_bind(f.mon, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	migrate_policy_add(&f);
	drain(&f);
	migrate_req(&r, "192.0.2.8", "192.0.2.9");
	assert_int_equal(do_req(&f, &r, NULL, 0), 0);
	assert_int_equal(next_event(&f), 0);
	assert_true(unl_recvfrom(mon, rbuf, sizeof(rbuf), MSG_DONTWAIT, NULL,
				 NULL) > 0);
	assert_int_equal(((struct nlmsghdr *)rbuf)->nlmsg_type,
			 XFRM_MSG_MIGRATE);
	unl_world_free(w);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_full, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_esp_state),
		T(test_state_types),
		T(test_key_lengths),
		T(test_allocspi_then_newsa),
		T(test_state_lifetime),
		T(test_acquire_expires),
		T(test_policy_lifetime),
		cmocka_unit_test(test_profiles),
		T(test_xfrm_link),
		T(test_ae),
		T(test_acquire),
		T(test_migrate),
		T(test_migrate_fails),
		cmocka_unit_test(test_migrate_absent),
		T(test_ipcomp_tunnel),
		T(test_ipcomp6_tunnel),
		cmocka_unit_test(test_migrate_announced_in_init_net),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
