// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nfnetlink and nf_tables in a net of the "full" profile, driven through
 * user sockets: what needs no kernel to compare with (the profile gate),
 * and the batch semantics the conformance scenarios (nft-*.scn) also
 * compare with the kernel, here run without root and under the
 * sanitizers: ACK order, atomic aborts, the generation, use counts, jump
 * loops and rights.
 */
#include "nft_helpers.h"


/* A rule of one immediate: a verdict, with a chain for jumps. */
static void add_rule_verdict(struct req *r, const char *table,
			     const char *chain, int32_t code,
			     const char *target, uint16_t flags)
{
	struct nlattr *list, *elem, *data, *d, *v;

	req_msg(r, NFT_TYPE(NFT_MSG_NEWRULE),
		NLM_F_CREATE | NLM_F_APPEND | flags, NFPROTO_IPV4, 0);
	req_str(r, NFTA_RULE_TABLE, table);
	req_str(r, NFTA_RULE_CHAIN, chain);
	list = req_nest(r, NFTA_RULE_EXPRESSIONS);
	elem = req_nest(r, NFTA_LIST_ELEM);
	req_str(r, NFTA_EXPR_NAME, "immediate");
	data = req_nest(r, NFTA_EXPR_DATA);
	req_be32(r, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	d = req_nest(r, NFTA_IMMEDIATE_DATA);
	v = req_nest(r, NFTA_DATA_VERDICT);
	req_be32(r, NFTA_VERDICT_CODE, (uint32_t)code);
	if (target)
		req_str(r, NFTA_VERDICT_CHAIN, target);
	req_nest_end(r, v);
	req_nest_end(r, d);
	req_nest_end(r, data);
	req_nest_end(r, elem);
	req_nest_end(r, list);
}

/* A set of 4-byte keys (anonymous ones are named "__set%d"). */
static void add_set(struct req *r, const char *table, const char *name,
		    uint32_t flags, uint32_t id)
{
	req_msg(r, NFT_TYPE(NFT_MSG_NEWSET), NLM_F_CREATE, NFPROTO_IPV4, 0);
	req_str(r, NFTA_SET_TABLE, table);
	req_str(r, NFTA_SET_NAME, name);
	req_be32(r, NFTA_SET_FLAGS, flags);
	req_be32(r, NFTA_SET_KEY_LEN, 4);
	req_be32(r, NFTA_SET_ID, id);
}

static void add_elems(struct req *r, const char *table, const char *set,
		      uint32_t id, const uint32_t *keys, int n)
{
	struct nlattr *list, *elem, *key;

	req_msg(r, NFT_TYPE(NFT_MSG_NEWSETELEM), NLM_F_CREATE, NFPROTO_IPV4,
		0);
	req_str(r, NFTA_SET_ELEM_LIST_TABLE, table);
	req_str(r, NFTA_SET_ELEM_LIST_SET, set);
	req_be32(r, NFTA_SET_ELEM_LIST_SET_ID, id);
	list = req_nest(r, NFTA_SET_ELEM_LIST_ELEMENTS);
	for (int i = 0; i < n; i++) {
		elem = req_nest(r, NFTA_LIST_ELEM);
		key = req_nest(r, NFTA_SET_ELEM_KEY);
		req_be32(r, NFTA_DATA_VALUE, keys[i]);
		req_nest_end(r, key);
		req_nest_end(r, elem);
	}
	req_nest_end(r, list);
}

/* A rule of a store to register 1 and its lookup in set. */
static void add_rule_lookup(struct req *r, const char *table,
			    const char *chain, const char *set, uint32_t id)
{
	struct nlattr *list, *elem, *data;

	req_msg(r, NFT_TYPE(NFT_MSG_NEWRULE), NLM_F_CREATE | NLM_F_APPEND,
		NFPROTO_IPV4, 0);
	req_str(r, NFTA_RULE_TABLE, table);
	req_str(r, NFTA_RULE_CHAIN, chain);
	list = req_nest(r, NFTA_RULE_EXPRESSIONS);
	req_store_reg1(r);
	elem = req_nest(r, NFTA_LIST_ELEM);
	req_str(r, NFTA_EXPR_NAME, "lookup");
	data = req_nest(r, NFTA_EXPR_DATA);
	req_str(r, NFTA_LOOKUP_SET, set);
	req_be32(r, NFTA_LOOKUP_SET_ID, id);
	req_be32(r, NFTA_LOOKUP_SREG, NFT_REG_1);
	req_nest_end(r, data);
	req_nest_end(r, elem);
	req_nest_end(r, list);
}

/* The next message is an ACK (or error) err for the request seq. */
static void expect_ack(uint32_t seq, int err)
{
	struct nlmsghdr *nlh = next_msg();
	struct nlmsgerr *e;

	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	e = NLMSG_DATA(nlh);
	assert_int_equal(e->error, err);
	assert_int_equal(e->msg.nlmsg_seq, seq);
}


/* The names a GETTABLE or GETCHAIN dump lists, comma-separated. */
static void dump_names(uint16_t msg, uint16_t name_attr, char *out,
		       size_t size)
{
	struct req r = { .len = 0 };
	struct nlmsghdr *nlh;

	req_msg(&r, NFT_TYPE(msg), NLM_F_DUMP, AF_UNSPEC, 0);
	send_req(&r);
	out[0] = '\0';
	while ((nlh = next_msg()) && nlh->nlmsg_type != NLMSG_DONE) {
		const struct nlattr *a =
			unl_nla_find((const struct nlattr *)((uint8_t *)nlh +
				     NLMSG_SPACE(sizeof(struct nfgenmsg))),
				     (int)(nlh->nlmsg_len -
					   NLMSG_SPACE(sizeof(struct nfgenmsg))),
				     name_attr);

		assert_non_null(a);
		if (out[0])
			strncat(out, ",", size - strlen(out) - 1);
		strncat(out, unl_nla_data(a), size - strlen(out) - 1);
	}
	assert_non_null(nlh);
}

/* A chain's NFTA_CHAIN_USE, from GETCHAIN. */
static uint32_t chain_use(const char *table, const char *chain)
{
	struct req r = { .len = 0 };
	struct nlmsghdr *nlh;
	const struct nlattr *a;

	req_msg(&r, NFT_TYPE(NFT_MSG_GETCHAIN), 0, NFPROTO_IPV4, 0);
	req_str(&r, NFTA_CHAIN_TABLE, table);
	req_str(&r, NFTA_CHAIN_NAME, chain);
	send_req(&r);
	nlh = next_msg();
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_type, NFT_TYPE(NFT_MSG_NEWCHAIN));
	a = unl_nla_find((const struct nlattr *)((uint8_t *)nlh +
			 NLMSG_SPACE(sizeof(struct nfgenmsg))),
			 (int)(nlh->nlmsg_len -
			       NLMSG_SPACE(sizeof(struct nfgenmsg))),
			 NFTA_CHAIN_USE);
	assert_non_null(a);
	return ntohl(unl_nla_get_u32(a));
}

static uint32_t genid(void)
{
	struct req r = { .len = 0 };
	struct nlmsghdr *nlh;
	const struct nlattr *a;

	req_msg(&r, NFT_TYPE(NFT_MSG_GETGEN), 0, AF_UNSPEC, 0);
	send_req(&r);
	nlh = next_msg();
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_type, NFT_TYPE(NFT_MSG_NEWGEN));
	a = unl_nla_find((const struct nlattr *)((uint8_t *)nlh +
			 NLMSG_SPACE(sizeof(struct nfgenmsg))),
			 (int)(nlh->nlmsg_len -
			       NLMSG_SPACE(sizeof(struct nfgenmsg))),
			 NFTA_GEN_ID);
	assert_non_null(a);
	return ntohl(unl_nla_get_u32(a));
}

/* ---- fixtures ---- */

/* ---- tests ---- */

/* A kernel without nf_tables has no NETLINK_NETFILTER at all. */
static void test_profile_gate(void **state)
{
	struct unl_net_config cfg = { 0 };
	struct unl_net *net;
	struct unl_sock *sk = NULL;
	struct unl_cred cred;

	(void)state;
	assert_int_equal(unl_profile_load("minimal", &cfg.profile, NULL, 0),
			 0);
	assert_int_equal(unl_net_new_config(&net, &cfg), 0);
	unl_profile_unref(cfg.profile);
	unl_cred_from_process(&cred);
	assert_int_equal(unl_socket(net, SOCK_RAW, NETLINK_NETFILTER, &cred,
				    &sk),
			 -EPROTONOSUPPORT);
	unl_net_free(net);
}

/* A good batch: ACKs in message order once it is committed, a new
 * generation, and the objects in the dumps. */
static void test_batch_commit(void **state)
{
	struct req r = { .len = 0 };
	char names[256];

	(void)state;
	assert_int_equal(genid(), 1);
	batch_begin(&r);
	add_table(&r, "t", NLM_F_ACK);
	add_chain(&r, "t", "in", NF_INET_LOCAL_IN);
	r.cur->nlmsg_flags |= NLM_F_ACK;
	add_chain(&r, "t", "u", -1);
	batch_end(&r);
	send_req(&r);
	expect_ack(2, 0);
	expect_ack(3, 0);
	expect_nothing();
	assert_int_equal(genid(), 2);
	dump_names(NFT_MSG_GETTABLE, NFTA_TABLE_NAME, names, sizeof(names));
	assert_string_equal(names, "t");
	dump_names(NFT_MSG_GETCHAIN, NFTA_CHAIN_NAME, names, sizeof(names));
	assert_string_equal(names, "in,u");
}

/* One bad message aborts the whole batch: every message still gets its
 * ACK or error, nothing is left, the generation stays. */
static void test_batch_abort(void **state)
{
	struct req r = { .len = 0 };
	char names[256];

	(void)state;
	batch_begin(&r);
	add_table(&r, "a", NLM_F_ACK);
	add_chain(&r, "a", "c", -1);
	r.cur->nlmsg_flags |= NLM_F_ACK;
	add_chain(&r, "nosuch", "c", -1);
	add_table(&r, "b", NLM_F_ACK);
	batch_end(&r);
	send_req(&r);
	expect_ack(2, 0);
	expect_ack(3, 0);
	expect_ack(4, -ENOENT);
	expect_ack(5, 0);
	expect_nothing();
	assert_int_equal(genid(), 1);
	dump_names(NFT_MSG_GETTABLE, NFTA_TABLE_NAME, names, sizeof(names));
	assert_string_equal(names, "");
}

/* Without BATCH_END nothing is committed either. */
static void test_batch_no_end(void **state)
{
	struct req r = { .len = 0 };
	char names[256];

	(void)state;
	batch_begin(&r);
	add_table(&r, "a", NLM_F_ACK);
	send_req(&r);
	expect_ack(2, 0);
	expect_nothing();
	dump_names(NFT_MSG_GETTABLE, NFTA_TABLE_NAME, names, sizeof(names));
	assert_string_equal(names, "");
}

/* NFNL_BATCH_GENID: a batch made for another generation is refused at
 * BATCH_BEGIN with ERESTART. */
static void test_batch_genid(void **state)
{
	struct req r = { .len = 0 };

	(void)state;
	batch_begin(&r);
	req_be32(&r, NFNL_BATCH_GENID, 7);
	add_table(&r, "a", NLM_F_ACK);
	batch_end(&r);
	send_req(&r);
	expect_ack(1, -ERESTART);
	expect_nothing();

	r.len = 0;
	batch_begin(&r);
	req_be32(&r, NFNL_BATCH_GENID, 1);
	add_table(&r, "a", NLM_F_ACK);
	batch_end(&r);
	send_req(&r);
	expect_ack(r.seq - 1, 0);
	expect_nothing();
	assert_int_equal(genid(), 2);
}

/* Jumps hold the chain they name: it cannot go while they do, and a
 * committed deletion of the rule lets it go. */
static void test_jump_use(void **state)
{
	struct req r = { .len = 0 };

	(void)state;
	batch_begin(&r);
	add_table(&r, "t", 0);
	add_chain(&r, "t", "a", -1);
	add_chain(&r, "t", "b", -1);
	add_rule_verdict(&r, "t", "a", NFT_JUMP, "b", 0);
	add_rule_verdict(&r, "t", "a", NFT_GOTO, "b", 0);
	batch_end(&r);
	send_req(&r);
	expect_nothing();
	assert_int_equal(chain_use("t", "a"), 2); /* its rules */
	assert_int_equal(chain_use("t", "b"), 2); /* the jumps to it */

	/* deleting b fails; the whole batch with it */
	r.len = 0;
	batch_begin(&r);
	req_msg(&r, NFT_TYPE(NFT_MSG_DELCHAIN), NLM_F_ACK, NFPROTO_IPV4, 0);
	req_str(&r, NFTA_CHAIN_TABLE, "t");
	req_str(&r, NFTA_CHAIN_NAME, "b");
	batch_end(&r);
	send_req(&r);
	expect_ack(r.seq - 1, -EBUSY);
	expect_nothing();
	assert_int_equal(chain_use("t", "b"), 2);

	/* flushing a's rules, then b: one batch */
	r.len = 0;
	batch_begin(&r);
	req_msg(&r, NFT_TYPE(NFT_MSG_DELRULE), 0, NFPROTO_IPV4, 0);
	req_str(&r, NFTA_RULE_TABLE, "t");
	req_str(&r, NFTA_RULE_CHAIN, "a");
	req_msg(&r, NFT_TYPE(NFT_MSG_DELCHAIN), NLM_F_ACK, NFPROTO_IPV4, 0);
	req_str(&r, NFTA_CHAIN_TABLE, "t");
	req_str(&r, NFTA_CHAIN_NAME, "b");
	batch_end(&r);
	send_req(&r);
	expect_ack(r.seq - 1, 0);
	expect_nothing();
	assert_int_equal(chain_use("t", "a"), 0);
}

/* A loop of jumps reached from a base chain: EMLINK on the rule that
 * closes it, after the batch was run again. */
static void test_jump_loop(void **state)
{
	struct req r = { .len = 0 };

	(void)state;
	batch_begin(&r);
	add_table(&r, "t", 0);
	add_chain(&r, "t", "a", -1);
	add_chain(&r, "t", "b", -1);
	add_rule_verdict(&r, "t", "a", NFT_JUMP, "b", NLM_F_ACK);
	add_rule_verdict(&r, "t", "b", NFT_JUMP, "a", NLM_F_ACK);
	add_chain(&r, "t", "in", NF_INET_LOCAL_IN);
	add_rule_verdict(&r, "t", "in", NFT_JUMP, "a", NLM_F_ACK);
	batch_end(&r);
	send_req(&r);
	expect_ack(5, 0);
	expect_ack(6, 0);
	expect_ack(8, -EMLINK);
	expect_nothing();
	assert_int_equal(genid(), 1);
}

/* Everything takes CAP_NET_ADMIN, reading included. */
static void test_unprivileged(void **state)
{
	struct req r = { .len = 0 };
	struct unl_cred cred;

	(void)state;
	unl_cred_from_process(&cred);
	cred.caps &= ~UNL_CAP(CAP_NET_ADMIN);
	unl_sock_set_cred(g_sk, &cred);
	req_msg(&r, NFT_TYPE(NFT_MSG_GETTABLE), NLM_F_DUMP, AF_UNSPEC, 0);
	send_req(&r);
	expect_ack(1, -EPERM);
	r.len = 0;
	batch_begin(&r);
	add_table(&r, "a", NLM_F_ACK);
	batch_end(&r);
	send_req(&r);
	expect_ack(2, -EPERM);
	expect_nothing();
}

/* The names of the sets of a GETSET dump, comma-separated. */
static void set_names(char *out, size_t size)
{
	dump_names(NFT_MSG_GETSET, NFTA_SET_NAME, out, size);
}

/* An anonymous set lives and dies with the rule that uses it: an
 * aborted batch leaves neither, a committed one both, deleting the rule
 * deletes the set, and a second rule cannot bind it. */
static void test_anonymous_set(void **state)
{
	static const uint32_t keys[] = { 0x0a000001, 0x0a000002 };
	struct req r = { .len = 0 };
	char names[256];

	(void)state;
	batch_begin(&r);
	add_table(&r, "t", 0);
	add_chain(&r, "t", "c", -1);
	add_set(&r, "t", "__set%d", NFT_SET_ANONYMOUS | NFT_SET_CONSTANT, 7);
	add_elems(&r, "t", "__set%d", 7, keys, 2);
	add_rule_lookup(&r, "t", "c", "__set%d", 7);
	add_chain(&r, "nosuch", "x", -1); /* fails: all goes */
	batch_end(&r);
	send_req(&r);
	expect_ack(r.seq - 1, -ENOENT);
	expect_nothing();
	dump_names(NFT_MSG_GETTABLE, NFTA_TABLE_NAME, names, sizeof(names));
	assert_string_equal(names, "");

	r.len = 0;
	batch_begin(&r);
	add_table(&r, "t", 0);
	add_chain(&r, "t", "c", -1);
	add_set(&r, "t", "__set%d", NFT_SET_ANONYMOUS | NFT_SET_CONSTANT, 7);
	add_elems(&r, "t", "__set%d", 7, keys, 2);
	add_rule_lookup(&r, "t", "c", "__set%d", 7);
	add_rule_lookup(&r, "t", "c", "__set0", 0);
	r.cur->nlmsg_flags |= NLM_F_ACK;
	batch_end(&r);
	send_req(&r);
	expect_ack(r.seq - 1, -EBUSY); /* bound already */
	expect_nothing();

	r.len = 0;
	batch_begin(&r);
	add_table(&r, "t", 0);
	add_chain(&r, "t", "c", -1);
	add_set(&r, "t", "__set%d", NFT_SET_ANONYMOUS | NFT_SET_CONSTANT, 7);
	add_elems(&r, "t", "__set%d", 7, keys, 2);
	add_rule_lookup(&r, "t", "c", "__set%d", 7);
	batch_end(&r);
	send_req(&r);
	expect_nothing();
	set_names(names, sizeof(names));
	assert_string_equal(names, "__set0");
	assert_int_equal(chain_use("t", "c"), 1);

	/* the rule goes, and its set with it */
	r.len = 0;
	batch_begin(&r);
	req_msg(&r, NFT_TYPE(NFT_MSG_DELRULE), NLM_F_ACK, NFPROTO_IPV4, 0);
	req_str(&r, NFTA_RULE_TABLE, "t");
	req_str(&r, NFTA_RULE_CHAIN, "c");
	batch_end(&r);
	send_req(&r);
	expect_ack(r.seq - 1, 0);
	expect_nothing();
	set_names(names, sizeof(names));
	assert_string_equal(names, "");
}

/* A named set in use cannot be deleted; its elements come and go with
 * their batch; flushing the ruleset takes everything. */
static void test_named_set(void **state)
{
	static const uint32_t keys[] = { 1, 2, 3 };
	struct req r = { .len = 0 };
	char names[256];

	(void)state;
	batch_begin(&r);
	add_table(&r, "t", 0);
	add_chain(&r, "t", "c", -1);
	add_set(&r, "t", "s", 0, 1);
	add_elems(&r, "t", "s", 0, keys, 3);
	add_rule_lookup(&r, "t", "c", "s", 0);
	batch_end(&r);
	send_req(&r);
	expect_nothing();

	r.len = 0;
	batch_begin(&r);
	req_msg(&r, NFT_TYPE(NFT_MSG_DELSET), NLM_F_ACK, NFPROTO_IPV4, 0);
	req_str(&r, NFTA_SET_TABLE, "t");
	req_str(&r, NFTA_SET_NAME, "s");
	batch_end(&r);
	send_req(&r);
	expect_ack(r.seq - 1, -EBUSY);
	expect_nothing();

	/* an element again is no error; the same with NLM_F_EXCL is */
	r.len = 0;
	batch_begin(&r);
	add_elems(&r, "t", "s", 0, keys, 1);
	r.cur->nlmsg_flags |= NLM_F_ACK;
	add_elems(&r, "t", "s", 0, keys + 1, 1);
	r.cur->nlmsg_flags |= NLM_F_ACK | NLM_F_EXCL;
	batch_end(&r);
	send_req(&r);
	expect_ack(r.seq - 2, 0);
	expect_ack(r.seq - 1, -EEXIST);
	expect_nothing();

	/* the whole ruleset */
	r.len = 0;
	batch_begin(&r);
	req_msg(&r, NFT_TYPE(NFT_MSG_DELTABLE), NLM_F_ACK, AF_UNSPEC, 0);
	batch_end(&r);
	send_req(&r);
	expect_ack(r.seq - 1, 0);
	expect_nothing();
	set_names(names, sizeof(names));
	assert_string_equal(names, "");
	dump_names(NFT_MSG_GETTABLE, NFTA_TABLE_NAME, names, sizeof(names));
	assert_string_equal(names, "");
}

/* A profile of Linux 6.1 lacks the inner expression (Linux 6.2), even
 * with the "full" nft lines it is based on: the rule is refused as by a
 * kernel without it (ENOENT), where 6.18 takes the type and looks at
 * its data (EINVAL: no header size, no type). */
static void rule_inner(const char *profile_text, int want)
{
	struct unl_net_config cfg = { 0 };
	struct unl_cred cred;
	struct req r = { .len = 0 };
	struct nlattr *list, *elem, *data;
	char err[128];

	assert_int_equal(unl_profile_parse(profile_text, strlen(profile_text),
					   "test", &cfg.profile, err,
					   sizeof(err)),
			 0);
	assert_int_equal(unl_net_new_config(&g_net, &cfg), 0);
	unl_profile_unref(cfg.profile);
	unl_cred_from_process(&cred);
	cred.caps |= UNL_CAP(CAP_NET_ADMIN);
	assert_int_equal(unl_socket(g_net, SOCK_RAW, NETLINK_NETFILTER, &cred,
				    &g_sk),
			 0);
	g_rlen = g_roff = 0;
	batch_begin(&r);
	add_table(&r, "t", 0);
	add_chain(&r, "t", "c", -1);
	req_msg(&r, NFT_TYPE(NFT_MSG_NEWRULE),
		NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK, NFPROTO_IPV4, 0);
	req_str(&r, NFTA_RULE_TABLE, "t");
	req_str(&r, NFTA_RULE_CHAIN, "c");
	list = req_nest(&r, NFTA_RULE_EXPRESSIONS);
	elem = req_nest(&r, NFTA_LIST_ELEM);
	req_str(&r, NFTA_EXPR_NAME, "inner");
	data = req_nest(&r, NFTA_EXPR_DATA);
	req_nest_end(&r, data);
	req_nest_end(&r, elem);
	req_nest_end(&r, list);
	batch_end(&r);
	send_req(&r);
	expect_ack(4, want);
	unl_close(g_sk);
	unl_net_free(g_net);
}

static void test_inner_since_6_2(void **state)
{
	(void)state;
	rule_inner("base full\nkernel 6.1\n", -ENOENT);
	rule_inner("base full\nkernel 6.2\n", -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_gate),
		cmocka_unit_test_setup_teardown(test_batch_commit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_batch_abort, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_batch_no_end, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_batch_genid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_jump_use, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_jump_loop, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unprivileged, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_anonymous_set, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_named_set, setup,
						teardown),
		cmocka_unit_test(test_inner_since_6_2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
