// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Malformed nf_tables batches, sent with libmnl: what a raw client gets
 * back (each reply's type, sequence number, errno, and extended-ACK
 * message and offset), printed one line a reply so that nft-diff can
 * compare the kernel's answers with unetlink's (the sequence
 * malformed-batches runs it on both sides).
 *
 *   nft-batch
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

int main(void)
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
