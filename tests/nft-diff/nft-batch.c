// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Malformed nf_tables batches, sent with libmnl: what a raw client gets
 * back (each reply's type, sequence number, errno, and extended-ACK
 * message and offset), printed one line a reply so that nft-diff can
 * compare the kernel's answers with unetlink's (the sequence
 * malformed-batches runs it on both sides).
 *
 *   nft-batch [bindings|inner]
 *
 * Without an argument, malformed batches; with "bindings", batches of
 * chain bindings as a raw client builds them (chains and rules named by
 * their batch ids: NFTA_CHAIN_ID, NFTA_RULE_CHAIN_ID, NFTA_RULE_ID,
 * NFTA_RULE_POSITION_ID, NFTA_VERDICT_CHAIN_ID); with "inner", rules of
 * the inner and tunnel expressions (which nft 1.0.6 cannot write), good
 * and bad, and the rules dumped back, each attribute printed.
 *
 * Each case is one send of one or more messages; its replies are read
 * up to those of a GETGEN sent after it with NLM_F_ACK (the socket
 * answers in order), so no timeout decides what belongs to a case.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

#define SENTINEL_SEQ 9999
#define BUF_SIZE (1 << 16)

static struct mnl_socket *nl;
static char buf[BUF_SIZE];
/* Print the expressions of the NEWRULE messages received. */
static bool show_rules;

/* One nfnetlink message at buf: header, nfgenmsg, nothing else yet. */
static struct nlmsghdr *put_msg(char *at, uint16_t type, uint16_t flags,
				uint32_t seq, uint8_t family, uint16_t res_id)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(res_id);
	return nlh;
}

static uint16_t nft_type(int msg)
{
	return (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | msg);
}

static struct nlmsghdr *begin(char *at, uint32_t seq, uint16_t res_id)
{
	return put_msg(at, NFNL_MSG_BATCH_BEGIN, 0, seq, AF_UNSPEC, res_id);
}

static struct nlmsghdr *end(char *at, uint32_t seq)
{
	return put_msg(at, NFNL_MSG_BATCH_END, 0, seq, AF_UNSPEC,
		       NFNL_SUBSYS_NFTABLES);
}

static struct nlmsghdr *newtable(char *at, uint32_t seq, uint16_t flags,
				 const char *name)
{
	struct nlmsghdr *nlh = put_msg(at, nft_type(NFT_MSG_NEWTABLE),
				       NLM_F_CREATE | flags, seq, NFPROTO_IPV4,
				       0);

	if (name)
		mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, name);
	return nlh;
}

/* An expression (NFTA_LIST_ELEM or inner's NFTA_INNER_EXPR): its name,
 * then each attribute of its data as "type=value" (be32 values in hex),
 * an inner expression's own expression in braces. */
static void print_expr(const struct nlattr *elem)
{
	const struct nlattr *a, *d;
	const char *name = "?";

	mnl_attr_for_each_nested(a, elem)
		if (mnl_attr_get_type(a) == NFTA_EXPR_NAME)
			name = mnl_attr_get_str(a);
	printf(" %s(", name);
	mnl_attr_for_each_nested(a, elem) {
		if (mnl_attr_get_type(a) != NFTA_EXPR_DATA)
			continue;
		mnl_attr_for_each_nested(d, a) {
			uint16_t len = mnl_attr_get_payload_len(d);

			printf(" %u=", mnl_attr_get_type(d));
			/* NFTA_INNER_EXPR */
			if (!strcmp(name, "inner") && mnl_attr_get_type(d) == 5) {
				printf("{");
				print_expr(d);
				printf(" }");
			} else if (len == 4) {
				printf("%x", ntohl(mnl_attr_get_u32(d)));
			} else {
				printf("[%u bytes]", len);
			}
		}
	}
	printf(" )");
}

static void print_rule(const struct nlmsghdr *nlh)
{
	const struct nlattr *a, *e;

	printf("   rule");
	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == NFTA_RULE_TABLE ||
		    mnl_attr_get_type(a) == NFTA_RULE_CHAIN)
			printf(" %s", mnl_attr_get_str(a));
		if (mnl_attr_get_type(a) == NFTA_RULE_EXPRESSIONS)
			mnl_attr_for_each_nested(e, a)
				print_expr(e);
	}
	printf("\n");
}

/* Print one reply; true once the sentinel's ACK came. */
static bool print_reply(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err;
	const struct nlattr *a;
	const char *msg = NULL;
	uint32_t off = 0;
	bool has_off = false;
	size_t hlen;

	if (nlh->nlmsg_type != NLMSG_ERROR) {
		if (nlh->nlmsg_seq != SENTINEL_SEQ)
			printf("  seq %u type 0x%x\n", nlh->nlmsg_seq,
			       nlh->nlmsg_type);
		if (show_rules && nlh->nlmsg_type == nft_type(NFT_MSG_NEWRULE))
			print_rule(nlh);
		return false;
	}
	err = mnl_nlmsg_get_payload(nlh);
	if (nlh->nlmsg_seq == SENTINEL_SEQ)
		return true;
	hlen = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		hlen += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(a, nlh, hlen) {
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
				msg = mnl_attr_get_str(a);
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_OFFS) {
				off = mnl_attr_get_u32(a);
				has_off = true;
			}
		}
	}
	printf("  seq %u error %d (%s)", nlh->nlmsg_seq, err->error,
	       err->error ? strerror(-err->error) : "ack");
	if (msg)
		printf(" msg \"%s\"", msg);
	if (has_off)
		printf(" offset %u", off);
	printf("\n");
	return false;
}

/* Send len bytes of messages, then the sentinel; print every reply. */
static void run_case(const char *name, const char *msgs, size_t len)
{
	char sent[256];
	struct nlmsghdr *g = put_msg(sent, nft_type(NFT_MSG_GETGEN), NLM_F_ACK,
				     SENTINEL_SEQ, AF_UNSPEC, 0);
	bool done = false;

	printf("%s\n", name);
	if (mnl_socket_sendto(nl, msgs, len) < 0)
		printf("  send: %s\n", strerror(errno));
	if (mnl_socket_sendto(nl, g, g->nlmsg_len) < 0) {
		printf("  send sentinel: %s\n", strerror(errno));
		return;
	}
	while (!done) {
		char rbuf[BUF_SIZE];
		ssize_t n = mnl_socket_recvfrom(nl, rbuf, sizeof(rbuf));
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
		int left = (int)n;

		if (n < 0) {
			printf("  recv: %s\n", strerror(errno));
			return;
		}
		for (; mnl_nlmsg_ok(nlh, left) && !done;
		     nlh = mnl_nlmsg_next(nlh, &left))
			done = print_reply(nlh);
	}
}

/* The messages of a case are built one after another in buf. */
struct batch {
	size_t len;
};

static char *at(struct batch *b)
{
	return buf + b->len;
}

static void add(struct batch *b, struct nlmsghdr *nlh)
{
	b->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

static void case_no_begin(void)
{
	struct batch b = { 0 };

	add(&b, newtable(at(&b), 1, NLM_F_ACK, "a"));
	add(&b, end(at(&b), 2));
	run_case("no BATCH_BEGIN", buf, b.len);
}

static void case_no_end(void)
{
	struct batch b = { 0 };

	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newtable(at(&b), 2, NLM_F_ACK, "b"));
	run_case("no BATCH_END", buf, b.len);
}

static void case_bad_res_id(void)
{
	struct batch b = { 0 };

	add(&b, begin(at(&b), 1, 0x1234));
	add(&b, newtable(at(&b), 2, NLM_F_ACK, "c"));
	add(&b, end(at(&b), 3));
	run_case("BATCH_BEGIN with an unknown res_id", buf, b.len);
	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_CTNETLINK));
	add(&b, newtable(at(&b), 2, NLM_F_ACK, "c"));
	add(&b, end(at(&b), 3));
	run_case("BATCH_BEGIN for ctnetlink (no batches)", buf, b.len);
}

static void case_bad_genid(void)
{
	struct batch b = { 0 };
	struct nlmsghdr *nlh = begin(at(&b), 1, NFNL_SUBSYS_NFTABLES);

	mnl_attr_put_u32(nlh, NFNL_BATCH_GENID, htonl(0x7fffffff));
	add(&b, nlh);
	add(&b, newtable(at(&b), 2, NLM_F_ACK, "d"));
	add(&b, end(at(&b), 3));
	run_case("BATCH_BEGIN with a stale generation", buf, b.len);
}

static void case_unknown_type(void)
{
	struct batch b = { 0 };

	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, put_msg(at(&b), nft_type(60), NLM_F_ACK, 2, NFPROTO_IPV4, 0));
	add(&b, newtable(at(&b), 3, NLM_F_ACK, "e"));
	add(&b, end(at(&b), 4));
	run_case("an unknown message type in a batch", buf, b.len);
	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, put_msg(at(&b), nft_type(NFT_MSG_GETTABLE), NLM_F_ACK, 2,
			NFPROTO_IPV4, 0));
	add(&b, end(at(&b), 3));
	run_case("a GET in a batch", buf, b.len);
	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, put_msg(at(&b), (uint16_t)(NFNL_SUBSYS_CTNETLINK << 8),
			NLM_F_ACK, 2, NFPROTO_IPV4, 0));
	add(&b, end(at(&b), 3));
	run_case("another subsystem's message in a batch", buf, b.len);
}

static void case_bad_lengths(void)
{
	struct batch b = { 0 };
	struct nlmsghdr *nlh;

	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	nlh = newtable(at(&b), 2, NLM_F_ACK, "f");
	add(&b, nlh);
	nlh->nlmsg_len += 64; /* runs past the batch */
	add(&b, end(at(&b), 3));
	run_case("a message longer than what is left", buf, b.len);
	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	nlh = put_msg(at(&b), nft_type(NFT_MSG_NEWTABLE), NLM_F_ACK, 2,
		      NFPROTO_IPV4, 0);
	nlh->nlmsg_len = sizeof(struct nlmsghdr) + 2; /* no room for nfgenmsg */
	add(&b, nlh);
	add(&b, end(at(&b), 3));
	run_case("a message shorter than its nfgenmsg", buf, b.len);
	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	nlh = newtable(at(&b), 2, NLM_F_ACK, "g");
	/* the table's name says it runs on past the message */
	((struct nlattr *)((char *)nlh + NLMSG_HDRLEN +
			   NLMSG_ALIGN(sizeof(struct nfgenmsg))))->nla_len =
		200;
	add(&b, nlh);
	add(&b, end(at(&b), 3));
	run_case("an attribute longer than its message", buf, b.len);
}

static void case_bad_attributes(void)
{
	struct batch b = { 0 };
	struct nlmsghdr *nlh;
	char longname[300];

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newtable(at(&b), 2, NLM_F_ACK, longname));
	nlh = newtable(at(&b), 3, NLM_F_ACK, "h");
	mnl_attr_put_u16(nlh, NFTA_TABLE_FLAGS, 1); /* a u32 */
	add(&b, nlh);
	nlh = newtable(at(&b), 4, NLM_F_ACK, "i");
	mnl_attr_put_u32(nlh, NFTA_TABLE_FLAGS, htonl(0x80));
	add(&b, nlh);
	add(&b, newtable(at(&b), 5, NLM_F_ACK, NULL));
	add(&b, end(at(&b), 6));
	run_case("bad attributes, each with NLM_F_ACK", buf, b.len);
}

static void case_nested_errors(void)
{
	struct batch b = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *hook;

	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newtable(at(&b), 2, NLM_F_ACK, "j"));
	nlh = put_msg(at(&b), nft_type(NFT_MSG_NEWCHAIN),
		      NLM_F_CREATE | NLM_F_ACK, 3, NFPROTO_IPV4, 0);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "j");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "c");
	hook = mnl_attr_nest_start(nlh, NFTA_CHAIN_HOOK);
	mnl_attr_put_u32(nlh, NFTA_HOOK_HOOKNUM, htonl(99));
	mnl_attr_put_u32(nlh, NFTA_HOOK_PRIORITY, htonl(0));
	mnl_attr_nest_end(nlh, hook);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TYPE, "filter");
	add(&b, nlh);
	nlh = put_msg(at(&b), nft_type(NFT_MSG_NEWCHAIN),
		      NLM_F_CREATE | NLM_F_ACK, 4, NFPROTO_IPV4, 0);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "j");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "d");
	hook = mnl_attr_nest_start(nlh, NFTA_CHAIN_HOOK);
	mnl_attr_put_u16(nlh, NFTA_HOOK_HOOKNUM, 1); /* a u32 */
	mnl_attr_nest_end(nlh, hook);
	add(&b, nlh);
	nlh = put_msg(at(&b), nft_type(NFT_MSG_NEWCHAIN),
		      NLM_F_CREATE | NLM_F_ACK, 5, NFPROTO_IPV4, 0);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "nosuch");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "e");
	add(&b, nlh);
	add(&b, end(at(&b), 6));
	run_case("errors in nested attributes and a missing table", buf,
		 b.len);
}

static void case_ok_then_fail(void)
{
	struct batch b = { 0 };

	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newtable(at(&b), 2, NLM_F_ACK, "k"));
	add(&b, newtable(at(&b), 3, NLM_F_ACK | NLM_F_EXCL, "k"));
	add(&b, newtable(at(&b), 4, 0, "l"));
	add(&b, end(at(&b), 5));
	run_case("a good message, then a clash: all aborted", buf, b.len);
	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newtable(at(&b), 2, NLM_F_ACK, "m"));
	add(&b, end(at(&b), 3));
	run_case("a good batch", buf, b.len);
	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, put_msg(at(&b), nft_type(NFT_MSG_DELTABLE), NLM_F_ACK, 2,
			NFPROTO_IPV4, 0));
	add(&b, end(at(&b), 3));
	run_case("DELTABLE of every ip table", buf, b.len);
}

/* ---- chain bindings ---- */

/* A NEWCHAIN in table: named (name) or not, with a batch id (id != 0)
 * and flags (chflags != 0). */
static struct nlmsghdr *newchain(char *at, uint32_t seq, const char *table,
				 const char *name, uint32_t id,
				 uint32_t chflags)
{
	struct nlmsghdr *nlh = put_msg(at, nft_type(NFT_MSG_NEWCHAIN),
				       NLM_F_CREATE | NLM_F_ACK, seq,
				       NFPROTO_IPV4, 0);

	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, table);
	if (name)
		mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, name);
	if (id)
		mnl_attr_put_u32(nlh, NFTA_CHAIN_ID, htonl(id));
	if (chflags)
		mnl_attr_put_u32(nlh, NFTA_CHAIN_FLAGS, htonl(chflags));
	return nlh;
}

/* How a rule names its chain, itself and its place. */
struct rule_ref {
	const char *chain; /* by name, or */
	uint32_t chain_id; /* by batch id */
	uint32_t rule_id, position_id;
};

/* A NEWRULE appended in table: a counter, or when jump_id is not 0 a
 * jump to the chain of that batch id. */
static struct nlmsghdr *newrule(char *at, uint32_t seq, const char *table,
				const struct rule_ref *r, uint32_t jump_id)
{
	struct nlmsghdr *nlh = put_msg(at, nft_type(NFT_MSG_NEWRULE),
				       NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK,
				       seq, NFPROTO_IPV4, 0);
	struct nlattr *list, *elem, *data, *d, *v;

	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, table);
	if (r->chain)
		mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, r->chain);
	if (r->chain_id)
		mnl_attr_put_u32(nlh, NFTA_RULE_CHAIN_ID, htonl(r->chain_id));
	if (r->rule_id)
		mnl_attr_put_u32(nlh, NFTA_RULE_ID, htonl(r->rule_id));
	if (r->position_id)
		mnl_attr_put_u32(nlh, NFTA_RULE_POSITION_ID,
				 htonl(r->position_id));
	list = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	if (!jump_id) {
		mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "counter");
	} else {
		mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "immediate");
		data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
		mnl_attr_put_u32(nlh, NFTA_IMMEDIATE_DREG,
				 htonl(NFT_REG_VERDICT));
		d = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
		v = mnl_attr_nest_start(nlh, NFTA_DATA_VERDICT);
		mnl_attr_put_u32(nlh, NFTA_VERDICT_CODE, htonl(NFT_JUMP));
		mnl_attr_put_u32(nlh, NFTA_VERDICT_CHAIN_ID, htonl(jump_id));
		mnl_attr_nest_end(nlh, v);
		mnl_attr_nest_end(nlh, d);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, elem);
	mnl_attr_nest_end(nlh, list);
	return nlh;
}

static struct nlmsghdr *delrule_id(char *at, uint32_t seq, const char *table,
				   const char *chain, uint32_t rule_id)
{
	struct nlmsghdr *nlh = put_msg(at, nft_type(NFT_MSG_DELRULE),
				       NLM_F_ACK, seq, NFPROTO_IPV4, 0);

	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, table);
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, chain);
	mnl_attr_put_u32(nlh, NFTA_RULE_ID, htonl(rule_id));
	return nlh;
}

/* An anonymous set of ipv4 addresses, made by the batch (id 1). */
static struct nlmsghdr *newset_anon(char *at, uint32_t seq, const char *table)
{
	struct nlmsghdr *nlh = put_msg(at, nft_type(NFT_MSG_NEWSET),
				       NLM_F_CREATE | NLM_F_ACK, seq,
				       NFPROTO_IPV4, 0);

	mnl_attr_put_strz(nlh, NFTA_SET_TABLE, table);
	mnl_attr_put_strz(nlh, NFTA_SET_NAME, "__set%d");
	mnl_attr_put_u32(nlh, NFTA_SET_FLAGS,
			 htonl(NFT_SET_ANONYMOUS | NFT_SET_CONSTANT));
	mnl_attr_put_u32(nlh, NFTA_SET_KEY_TYPE, htonl(7));
	mnl_attr_put_u32(nlh, NFTA_SET_KEY_LEN, htonl(4));
	mnl_attr_put_u32(nlh, NFTA_SET_ID, htonl(1));
	return nlh;
}

static void case_bindings(void)
{
	const struct rule_ref in_c = { .chain = "c" };
	const struct rule_ref in_7 = { .chain_id = 7 };
	struct batch b = { 0 };
	struct rule_ref r = { .chain = "c" };

	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newtable(at(&b), 2, NLM_F_ACK, "b"));
	add(&b, newchain(at(&b), 3, "b", "c", 0, 0));
	add(&b, end(at(&b), 4));
	run_case("a table and a chain", buf, b.len);

	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newchain(at(&b), 2, "b", NULL, 7, NFT_CHAIN_BINDING));
	add(&b, newrule(at(&b), 3, "b", &in_7, 0));
	add(&b, end(at(&b), 4));
	run_case("a binding chain no rule binds", buf, b.len);

	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newchain(at(&b), 2, "b", NULL, 0, 0));
	add(&b, newchain(at(&b), 3, "b", NULL, 8, 0));
	add(&b, newchain(at(&b), 4, "b", "x", 0, NFT_CHAIN_BINDING));
	add(&b, end(at(&b), 5));
	run_case("chains without a name, or with a name and bound by none",
		 buf, b.len);

	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newchain(at(&b), 2, "b", NULL, 7, NFT_CHAIN_BINDING));
	add(&b, newrule(at(&b), 3, "b", &in_7, 0));
	add(&b, newrule(at(&b), 4, "b", &in_c, 7));
	add(&b, newrule(at(&b), 5, "b", &in_7, 0));
	add(&b, newrule(at(&b), 6, "b", &in_c, 7));
	add(&b, newrule(at(&b), 7, "b", &in_c, 99));
	add(&b, newrule(at(&b), 8, "b", &in_7, 7));
	add(&b, end(at(&b), 9));
	run_case("rules into, and jumps to, a bound chain", buf, b.len);

	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newchain(at(&b), 2, "b", NULL, 7, NFT_CHAIN_BINDING));
	add(&b, newchain(at(&b), 3, "b", NULL, 9, NFT_CHAIN_BINDING));
	add(&b, newrule(at(&b), 4, "b", &in_7, 9));
	add(&b, newrule(at(&b), 5, "b", &in_7, 0));
	add(&b, newrule(at(&b), 6, "b", &in_c, 7));
	add(&b, end(at(&b), 7));
	run_case("a binding chain inside another", buf, b.len);

	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newchain(at(&b), 2, "b", "named", 7, NFT_CHAIN_BINDING));
	add(&b, newrule(at(&b), 3, "b", &in_7, 0));
	r.rule_id = 5;
	add(&b, newrule(at(&b), 4, "b", &r, 7));
	r.rule_id = 6;
	r.position_id = 5;
	add(&b, newrule(at(&b), 5, "b", &r, 0));
	r.rule_id = 0;
	r.position_id = 42;
	add(&b, newrule(at(&b), 6, "b", &r, 0));
	add(&b, end(at(&b), 7));
	run_case("rule ids: a position no rule has", buf, b.len);

	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newchain(at(&b), 2, "b", "named", 7, NFT_CHAIN_BINDING));
	add(&b, newrule(at(&b), 3, "b", &in_7, 0));
	r.rule_id = 5;
	r.position_id = 0;
	add(&b, newrule(at(&b), 4, "b", &r, 7));
	r.rule_id = 6;
	r.position_id = 5;
	add(&b, newrule(at(&b), 5, "b", &r, 0));
	r.rule_id = 0;
	add(&b, newrule(at(&b), 6, "b", &r, 0));
	add(&b, delrule_id(at(&b), 7, "b", "c", 6));
	add(&b, delrule_id(at(&b), 8, "b", "c", 77));
	add(&b, end(at(&b), 9));
	run_case("rule ids: an unknown one to delete", buf, b.len);

	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newchain(at(&b), 2, "b", "named", 7, NFT_CHAIN_BINDING));
	add(&b, newrule(at(&b), 3, "b", &in_7, 0));
	r.rule_id = 5;
	r.position_id = 0;
	add(&b, newrule(at(&b), 4, "b", &r, 7));
	r.rule_id = 6;
	r.position_id = 5;
	add(&b, newrule(at(&b), 5, "b", &r, 0));
	r.rule_id = 0;
	add(&b, newrule(at(&b), 6, "b", &r, 0));
	add(&b, delrule_id(at(&b), 7, "b", "c", 6));
	add(&b, end(at(&b), 8));
	run_case("rule ids: positions and a deletion, committed", buf, b.len);

	b.len = 0;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newset_anon(at(&b), 2, "b"));
	add(&b, end(at(&b), 3));
	run_case("an anonymous set no rule binds", buf, b.len);
}

/* ---- inner and tunnel ---- */

/* What the uapi headers of an older system lack (Linux 6.2). */
enum {
	INNER_NUM = 1,
	INNER_TYPE,
	INNER_FLAGS,
	INNER_HDRSIZE,
	INNER_EXPR,
};

/* One u32 attribute of an expression's data: type and value, or a
 * missing one (type 0 ends a list). */
struct u32_attr {
	uint16_t type;
	uint32_t value;
};

static void put_u32s(struct nlmsghdr *nlh, const struct u32_attr *a)
{
	for (; a->type; a++)
		mnl_attr_put_u32(nlh, a->type, htonl(a->value));
}

/* An expression named name (NULL: none) with the data attributes a
 * (NULL: no NFTA_EXPR_DATA). */
static void put_expr(struct nlmsghdr *nlh, uint16_t type, const char *name,
		     const struct u32_attr *a)
{
	struct nlattr *elem = mnl_attr_nest_start(nlh, type), *data;

	if (name)
		mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, name);
	if (a) {
		data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
		put_u32s(nlh, a);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, elem);
}

/* A rule of one expression: an inner one (with hdr its NFTA_INNER_*
 * attributes, and what it wraps: iname with idata), or, when hdr is
 * NULL, the expression iname itself. */
static struct nlmsghdr *expr_rule(char *at, uint32_t seq, uint8_t family,
				  const char *table,
				  const struct u32_attr *hdr, const char *iname,
				  const struct u32_attr *idata)
{
	struct nlmsghdr *nlh = put_msg(at, nft_type(NFT_MSG_NEWRULE),
				       NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK,
				       seq, family, 0);
	struct nlattr *list, *elem, *data;

	mnl_attr_put_strz(nlh, NFTA_RULE_TABLE, table);
	mnl_attr_put_strz(nlh, NFTA_RULE_CHAIN, "c");
	list = mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
	if (!hdr) {
		put_expr(nlh, NFTA_LIST_ELEM, iname, idata);
	} else {
		elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
		mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, "inner");
		data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
		put_u32s(nlh, hdr);
		if (iname || idata)
			put_expr(nlh, INNER_EXPR, iname, idata);
		mnl_attr_nest_end(nlh, data);
		mnl_attr_nest_end(nlh, elem);
	}
	mnl_attr_nest_end(nlh, list);
	return nlh;
}

static void case_inner(void)
{
	static const struct u32_attr vxlan[] = {
		{ INNER_NUM, 0 }, { INNER_TYPE, 1 }, { INNER_FLAGS, 0x5 },
		{ INNER_HDRSIZE, 8 }, { 0, 0 } };
	static const struct u32_attr geneve_cut[] = {
		{ INNER_NUM, 0 }, { INNER_TYPE, 2 }, { INNER_FLAGS, 0xa },
		{ INNER_HDRSIZE, 300 }, { 0, 0 } };
	static const struct u32_attr no_num[] = {
		{ INNER_TYPE, 1 }, { INNER_FLAGS, 0 }, { INNER_HDRSIZE, 0 },
		{ 0, 0 } };
	static const struct u32_attr bad_flags[] = {
		{ INNER_NUM, 0 }, { INNER_TYPE, 1 }, { INNER_FLAGS, 0x10 },
		{ INNER_HDRSIZE, 0 }, { 0, 0 } };
	static const struct u32_attr num1[] = {
		{ INNER_NUM, 1 }, { INNER_TYPE, 1 }, { INNER_FLAGS, 0 },
		{ INNER_HDRSIZE, 0 }, { 0, 0 } };
	static const struct u32_attr type256[] = {
		{ INNER_NUM, 0 }, { INNER_TYPE, 256 }, { INNER_FLAGS, 0 },
		{ INNER_HDRSIZE, 0 }, { 0, 0 } };
	static const struct u32_attr hdr0[] = {
		{ INNER_NUM, 0 }, { INNER_TYPE, 1 }, { INNER_FLAGS, 1 },
		{ INNER_HDRSIZE, 0 }, { 0, 0 } };
	static const struct u32_attr hdr65[] = {
		{ INNER_NUM, 0 }, { INNER_TYPE, 1 }, { INNER_FLAGS, 1 },
		{ INNER_HDRSIZE, 65 }, { 0, 0 } };
	static const struct u32_attr ip_saddr[] = {
		{ NFTA_PAYLOAD_DREG, NFT_REG_1 },
		{ NFTA_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER },
		{ NFTA_PAYLOAD_OFFSET, 12 }, { NFTA_PAYLOAD_LEN, 4 },
		{ 0, 0 } };
	static const struct u32_attr tun_hdr[] = {
		{ NFTA_PAYLOAD_DREG, NFT_REG32_00 },
		{ NFTA_PAYLOAD_BASE, 4 },
		{ NFTA_PAYLOAD_OFFSET, 4 }, { NFTA_PAYLOAD_LEN, 3 },
		{ 0, 0 } };
	static const struct u32_attr no_dreg[] = {
		{ NFTA_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER },
		{ NFTA_PAYLOAD_OFFSET, 12 }, { NFTA_PAYLOAD_LEN, 4 },
		{ 0, 0 } };
	static const struct u32_attr far[] = {
		{ NFTA_PAYLOAD_DREG, NFT_REG_1 },
		{ NFTA_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER },
		{ NFTA_PAYLOAD_OFFSET, 300 }, { NFTA_PAYLOAD_LEN, 4 },
		{ 0, 0 } };
	static const struct u32_attr l4proto[] = {
		{ NFTA_META_KEY, NFT_META_L4PROTO },
		{ NFTA_META_DREG, NFT_REG_1 }, { 0, 0 } };
	static const struct u32_attr protocol[] = {
		{ NFTA_META_KEY, NFT_META_PROTOCOL },
		{ NFTA_META_DREG, NFT_REG32_02 }, { 0, 0 } };
	static const struct u32_attr mark[] = {
		{ NFTA_META_KEY, NFT_META_MARK },
		{ NFTA_META_DREG, NFT_REG_1 }, { 0, 0 } };
	static const struct u32_attr cmp[] = {
		{ NFTA_CMP_SREG, NFT_REG_1 }, { NFTA_CMP_OP, NFT_CMP_EQ },
		{ 0, 0 } };
	static const struct u32_attr tun_id[] = {
		{ NFTA_TUNNEL_KEY, NFT_TUNNEL_ID },
		{ NFTA_TUNNEL_DREG, NFT_REG_1 }, { 0, 0 } };
	static const struct u32_attr tun_path_rx[] = {
		{ NFTA_TUNNEL_KEY, NFT_TUNNEL_PATH },
		{ NFTA_TUNNEL_DREG, NFT_REG32_01 },
		{ NFTA_TUNNEL_MODE, NFT_TUNNEL_MODE_RX }, { 0, 0 } };
	static const struct u32_attr tun_key2[] = {
		{ NFTA_TUNNEL_KEY, 2 }, { NFTA_TUNNEL_DREG, NFT_REG_1 },
		{ 0, 0 } };
	static const struct u32_attr tun_key300[] = {
		{ NFTA_TUNNEL_KEY, 300 }, { NFTA_TUNNEL_DREG, NFT_REG_1 },
		{ 0, 0 } };
	static const struct u32_attr tun_mode3[] = {
		{ NFTA_TUNNEL_KEY, NFT_TUNNEL_ID },
		{ NFTA_TUNNEL_DREG, NFT_REG_1 }, { NFTA_TUNNEL_MODE, 3 },
		{ 0, 0 } };
	static const struct u32_attr tun_no_dreg[] = {
		{ NFTA_TUNNEL_KEY, NFT_TUNNEL_ID }, { 0, 0 } };
	struct batch b = { 0 };
	struct nlmsghdr *nlh;
	uint32_t seq = 2;

	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, newtable(at(&b), seq++, NLM_F_ACK, "i"));
	add(&b, newchain(at(&b), seq++, "i", "c", 0, 0));
	nlh = put_msg(at(&b), nft_type(NFT_MSG_NEWTABLE),
		      NLM_F_CREATE | NLM_F_ACK, seq++, NFPROTO_NETDEV, 0);
	mnl_attr_put_strz(nlh, NFTA_TABLE_NAME, "n");
	add(&b, nlh);
	nlh = put_msg(at(&b), nft_type(NFT_MSG_NEWCHAIN),
		      NLM_F_CREATE | NLM_F_ACK, seq++, NFPROTO_NETDEV, 0);
	mnl_attr_put_strz(nlh, NFTA_CHAIN_TABLE, "n");
	mnl_attr_put_strz(nlh, NFTA_CHAIN_NAME, "c");
	add(&b, nlh);
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, "payload",
			  ip_saddr));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", geneve_cut, "meta",
			  l4proto));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, "payload",
			  tun_hdr));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, "meta",
			  protocol));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_NETDEV, "n", NULL, "tunnel",
			  tun_id));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_NETDEV, "n", NULL, "tunnel",
			  tun_path_rx));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_NETDEV, "n", vxlan, "payload",
			  ip_saddr));
	add(&b, end(at(&b), seq++));
	run_case("inner and tunnel expressions", buf, b.len);

	b.len = 0;
	seq = 2;
	add(&b, begin(at(&b), 1, NFNL_SUBSYS_NFTABLES));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, NULL, NULL));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", no_num, "payload",
			  ip_saddr));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", bad_flags,
			  "payload", ip_saddr));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", num1, "payload",
			  ip_saddr));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", type256, "payload",
			  ip_saddr));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", hdr0, "payload",
			  ip_saddr));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", hdr65, "payload",
			  ip_saddr));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, "cmp", cmp));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, "nosuch",
			  cmp));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, "payload",
			  NULL));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, NULL,
			  ip_saddr));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, "payload",
			  no_dreg));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, "payload",
			  far));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", vxlan, "meta",
			  mark));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_IPV4, "i", NULL, "tunnel",
			  tun_id));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_NETDEV, "n", NULL, "tunnel",
			  tun_key2));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_NETDEV, "n", NULL, "tunnel",
			  tun_key300));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_NETDEV, "n", NULL, "tunnel",
			  tun_mode3));
	add(&b, expr_rule(at(&b), seq++, NFPROTO_NETDEV, "n", NULL, "tunnel",
			  tun_no_dreg));
	add(&b, end(at(&b), seq++));
	run_case("bad inner and tunnel expressions, each with NLM_F_ACK", buf,
		 b.len);

	b.len = 0;
	nlh = put_msg(at(&b), nft_type(NFT_MSG_GETRULE), NLM_F_DUMP, 2,
		      AF_UNSPEC, 0);
	add(&b, nlh);
	show_rules = true;
	run_case("the rules dumped", buf, b.len);
	show_rules = false;
}

int main(int argc, char **argv)
{
	int on = 1;

	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl) {
		perror("nft-batch: socket");
		return 1;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nft-batch: bind");
		return 1;
	}
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &on, sizeof(on));
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "bindings")) {
		case_bindings();
		mnl_socket_close(nl);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "inner")) {
		case_inner();
		mnl_socket_close(nl);
		return 0;
	}
	case_no_begin();
	case_no_end();
	case_bad_res_id();
	case_bad_genid();
	case_unknown_type();
	case_bad_lengths();
	case_bad_attributes();
	case_nested_errors();
	case_ok_then_fail();
	mnl_socket_close(nl);
	return 0;
}
